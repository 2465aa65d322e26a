//! Rendering many certificates at once: on every core, each file written
//! whole or not at all, into a directory and/or one ZIP archive.
//!
//! The caller feeds certificates in batches ([`Bulk::add`]), so that a run
//! over a province's hundred thousand members holds one batch in memory,
//! not the province. If the run fails (a disk fills up, the database goes
//! away between batches), the files it had written are removed again and the
//! archive is never put in place: either the run completes or it leaves the
//! directory as it found it.

use std::collections::HashSet;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};

use chrono::Datelike;
use rayon::prelude::*;
use serde::Serialize;

use super::font::Font;
use super::model::Certificate;
use super::render::render_with;
use crate::error::{Error, Result};
use crate::fsutil::AtomicFile;
use crate::i18n::Msg;
use crate::msg;
use crate::sign::SigningKey;

/// Where a bulk run writes: a directory of PDFs, an archive, or both.
#[derive(Debug, Clone, Default)]
pub struct BulkTarget {
    pub out_dir: Option<PathBuf>,
    pub zip: Option<PathBuf>,
}

/// A certificate that was not written, and why.
#[derive(Debug, Clone, Serialize)]
pub struct NotWritten {
    pub id_number: String,
    pub name: String,
    #[serde(skip)]
    pub reason: Msg,
}

/// What a bulk run did.
#[derive(Debug, Clone, Default, Serialize)]
pub struct BulkReport {
    /// Certificates written.
    pub written: u64,
    /// Bytes of PDF written (per copy: the directory and the archive hold
    /// the same files).
    pub bytes: u64,
    /// The largest certificate, in bytes.
    pub largest: u64,
    /// Members with no approved credit in the span.
    pub skipped: Vec<NotWritten>,
    /// Certificates that could not be rendered (a character the font lacks,
    /// two members with the same file name).
    pub failed: Vec<NotWritten>,
}

/// What became of one certificate of a batch ([`Bulk::add`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Fate {
    /// Written under this file name (in the directory and/or the archive).
    Written { file: String, bytes: u64 },
    /// Not written: no approved credit in the span (in [`BulkReport::skipped`]).
    Skipped,
    /// Not written, for the reason in [`BulkReport::failed`].
    Failed,
}

/// A bulk run in progress. Dropped before [`Bulk::finish`], it removes what
/// it wrote.
pub struct Bulk {
    font: Font,
    /// Signs each certificate and draws its QR code, when set.
    key: Option<SigningKey>,
    out_dir: Option<PathBuf>,
    zip: Option<Archive>,
    /// Files this run put in place, removed again if it fails.
    created: Vec<PathBuf>,
    /// Where files that go with the certificates (their standard
    /// credentials) are written, when set.
    attach_dir: Option<PathBuf>,
    names: HashSet<String>,
    report: BulkReport,
    done: u64,
    total: u64,
    finished: bool,
}

/// How one certificate of a batch turned out.
enum Outcome {
    Written { bytes: u64, pdf: Option<Vec<u8>> },
    Skipped(Msg),
    Failed(Msg),
}

impl Bulk {
    /// Starts a run of about `total` certificates (for the progress count).
    /// The output directory is created if missing; one that cannot be
    /// written to is an error now, before any rendering.
    pub fn new(font: Font, target: &BulkTarget, total: u64) -> Result<Bulk> {
        if target.out_dir.is_none() && target.zip.is_none() {
            return Err(Error::Usage(msg!(
                "请指定输出目录或 ZIP 文件",
                "name an output directory or a ZIP file"
            )));
        }
        if let Some(dir) = &target.out_dir {
            std::fs::create_dir_all(dir).map_err(|e| Error::io(dir, e))?;
            // A probe file, dropped at once: proves the directory takes files.
            AtomicFile::create(&dir.join(".meded-probe"))?;
        }
        let zip = match &target.zip {
            Some(path) => Some(Archive::create(path)?),
            None => None,
        };
        Ok(Bulk {
            font,
            key: None,
            out_dir: target.out_dir.clone(),
            zip,
            created: Vec::new(),
            attach_dir: None,
            names: HashSet::new(),
            report: BulkReport::default(),
            done: 0,
            total,
            finished: false,
        })
    }

    /// Signs every certificate from now on with `key`, with its QR code
    /// on the page (see [`super::render_signed`]).
    pub fn sign_with(&mut self, key: SigningKey) {
        self.key = Some(key);
    }

    /// Files that go with the certificates are written into `dir` from now
    /// on ([`Bulk::attach`]); it is created if missing, and one that cannot
    /// be written to is an error now, before any rendering.
    pub fn attach_dir(&mut self, dir: &Path) -> Result<()> {
        std::fs::create_dir_all(dir).map_err(|e| Error::io(dir, e))?;
        AtomicFile::create(&dir.join(".meded-probe"))?;
        self.attach_dir = Some(dir.to_path_buf());
        Ok(())
    }

    /// Writes a file that goes with a certificate of the run (owner-only,
    /// whole or not at all) into the directory of [`Bulk::attach_dir`];
    /// like the PDFs, it is removed again if the run fails.
    pub fn attach(&mut self, name: &str, bytes: &[u8]) -> Result<()> {
        let Some(dir) = &self.attach_dir else {
            return Ok(());
        };
        let path = dir.join(name);
        let mut file = AtomicFile::create(&path)?;
        file.file()
            .write_all(bytes)
            .map_err(|e| Error::io(&path, e))?;
        file.commit()?;
        self.created.push(path);
        Ok(())
    }

    /// Renders a batch on every core and writes it. `progress` is called
    /// with (certificates done, total) as each one finishes, from any thread.
    /// A certificate that cannot be rendered is reported in
    /// [`BulkReport::failed`]; only a failure to write is an error. Returns
    /// what became of each certificate of the batch, in order: the caller
    /// records only those that were written (a verification code must not
    /// outlive a certificate that was never made).
    pub fn add(
        &mut self,
        batch: &[Certificate],
        progress: &(dyn Fn(u64, u64) + Sync),
    ) -> Result<Vec<Fate>> {
        // File names are decided in order, before the parallel part, so
        // that of two members with one name the first one wins every time.
        let names: Vec<Option<String>> = batch
            .iter()
            .map(|c| {
                // A member skipped for having no credits claims no name.
                let name = c.file_name();
                (c.has_credits() && self.names.insert(name.clone())).then_some(name)
            })
            .collect();
        // One font of just the batch's characters, cut once for the batch.
        let mut chars: Vec<char> = batch
            .iter()
            .flat_map(|c| c.texts())
            .flat_map(|t| t.chars().collect::<Vec<_>>())
            .collect();
        chars.sort_unstable();
        chars.dedup();
        let font = &self.font.narrowed(chars);
        let done = AtomicU64::new(self.done);
        let keep_bytes = self.zip.is_some();
        let out_dir = self.out_dir.as_deref();
        let key = self.key.as_ref();
        let total = self.total.max(self.done + batch.len() as u64);
        let outcomes: Vec<Result<Outcome>> = batch
            .par_iter()
            .zip(names.par_iter())
            .map(|(c, name)| {
                let outcome = one(c, name.as_deref(), font, key, out_dir, keep_bytes);
                progress(done.fetch_add(1, Ordering::Relaxed) + 1, total);
                outcome
            })
            .collect();
        self.done = done.into_inner();

        // Every file that was written is recorded before any error is
        // returned, so that dropping the run removes all of them.
        let mut first_error = None;
        let mut fates = Vec::with_capacity(batch.len());
        for ((c, name), outcome) in batch.iter().zip(names).zip(outcomes) {
            let note = |reason: Msg| NotWritten {
                id_number: c.id_number.clone(),
                name: c.person_name.clone(),
                reason,
            };
            match outcome {
                Ok(Outcome::Written { bytes, pdf }) => {
                    let name = name.expect("only named certificates are written");
                    if let Some(dir) = &self.out_dir {
                        self.created.push(dir.join(&name));
                    }
                    if let (None, Some(z), Some(pdf)) = (&first_error, self.zip.as_mut(), pdf)
                        && let Err(e) = z.add(&name, &pdf, c)
                    {
                        first_error = Some(e);
                    }
                    self.report.written += 1;
                    self.report.bytes += bytes;
                    self.report.largest = self.report.largest.max(bytes);
                    fates.push(Fate::Written { file: name, bytes });
                }
                Ok(Outcome::Skipped(reason)) => {
                    self.report.skipped.push(note(reason));
                    fates.push(Fate::Skipped);
                }
                Ok(Outcome::Failed(reason)) => {
                    self.report.failed.push(note(reason));
                    fates.push(Fate::Failed);
                }
                Err(e) => {
                    first_error.get_or_insert(e);
                    fates.push(Fate::Failed);
                }
            }
        }
        match first_error {
            Some(e) => Err(e),
            None => Ok(fates),
        }
    }

    /// Puts the archive in place and returns the report.
    pub fn finish(mut self) -> Result<BulkReport> {
        if let Some(z) = self.zip.take() {
            z.finish()?;
        }
        self.finished = true;
        Ok(std::mem::take(&mut self.report))
    }
}

impl Drop for Bulk {
    fn drop(&mut self) {
        if !self.finished {
            for path in &self.created {
                let _ = std::fs::remove_file(path);
            }
        }
    }
}

/// Renders and writes one certificate.
fn one(
    c: &Certificate,
    name: Option<&str>,
    font: &Font,
    key: Option<&SigningKey>,
    out_dir: Option<&Path>,
    keep_bytes: bool,
) -> Result<Outcome> {
    if !c.has_credits() {
        let (from, to) = (c.from_year, c.to_year);
        return Ok(Outcome::Skipped(msg!(
            "{from}–{to} 年没有审核通过的学分",
            "no approved credits in {from}–{to}"
        )));
    }
    let Some(name) = name else {
        return Ok(Outcome::Failed(msg!(
            "与同批另一份证明的文件名相同:{}",
            "same file name as another certificate of this run: {}",
            c.file_name()
        )));
    };
    let pdf = match render_with(c, font, key) {
        Ok(pdf) => pdf,
        Err(Error::Input(m) | Error::Usage(m)) => return Ok(Outcome::Failed(m)),
        Err(e) => return Err(e),
    };
    if let Some(dir) = out_dir {
        let path = dir.join(name);
        // Owner-only, as everything meded writes with personal data: the
        // office hands certificates out, not the directory it keeps them in.
        let mut file = AtomicFile::create(&path)?;
        file.file()
            .write_all(&pdf)
            .map_err(|e| Error::io(&path, e))?;
        file.commit()?;
    }
    Ok(Outcome::Written {
        bytes: pdf.len() as u64,
        pdf: keep_bytes.then_some(pdf),
    })
}

/// The ZIP archive of a run, under a temporary name until it is complete.
struct Archive {
    zip: zip::ZipWriter<std::fs::File>,
    file: AtomicFile,
    path: PathBuf,
}

impl Archive {
    fn create(path: &Path) -> Result<Archive> {
        let file = AtomicFile::create(path)?;
        Ok(Archive {
            zip: zip::ZipWriter::new(file.reopen()?),
            file,
            path: path.to_path_buf(),
        })
    }

    fn add(&mut self, name: &str, pdf: &[u8], c: &Certificate) -> Result<()> {
        let d = c.issue_date;
        // The issue date as the entry's time keeps archives reproducible;
        // PDFs are compressed already, so they are stored, not deflated.
        let when = zip::DateTime::from_date_and_time(
            d.year().clamp(1980, 2107) as u16,
            d.month() as u8,
            d.day() as u8,
            0,
            0,
            0,
        )
        .unwrap_or_default();
        let options = zip::write::SimpleFileOptions::default()
            .compression_method(zip::CompressionMethod::Stored)
            .last_modified_time(when)
            .unix_permissions(0o600);
        self.zip
            .start_file(name, options)
            .map_err(|e| zip_error(&self.path, e))?;
        self.zip
            .write_all(pdf)
            .map_err(|e| Error::io(&self.path, e))
    }

    fn finish(self) -> Result<()> {
        self.zip.finish().map_err(|e| zip_error(&self.path, e))?;
        self.file.commit()
    }
}

fn zip_error(path: &Path, e: zip::result::ZipError) -> Error {
    match e {
        zip::result::ZipError::Io(io) => Error::io(path, io),
        other => Error::io(path, std::io::Error::other(other.to_string())),
    }
}

/// Renders every certificate of `certs` into `target` in one go: the
/// convenience form of [`Bulk`] for callers that hold them all.
pub fn render_all(
    certs: &[Certificate],
    font: &Font,
    target: &BulkTarget,
    progress: &(dyn Fn(u64, u64) + Sync),
) -> Result<BulkReport> {
    let mut bulk = Bulk::new(font.clone(), target, certs.len() as u64)?;
    bulk.add(certs, progress)?;
    bulk.finish()
}
