//! Files that appear whole or not at all.

use std::fs::File;
use std::path::{Path, PathBuf};

use tempfile::NamedTempFile;

use crate::error::{Error, Result};

/// `path` with the extension `ext` added when it has none of that name
/// (compared without case): `-o 杨建华学分证明` writes 杨建华学分证明.pdf,
/// which a double click opens, not a file no program claims.
pub fn with_extension(path: &Path, ext: &str) -> PathBuf {
    let has = path
        .extension()
        .is_some_and(|e| e.to_string_lossy().eq_ignore_ascii_case(ext));
    if has || path.as_os_str().is_empty() {
        return path.to_path_buf();
    }
    let mut name = path.as_os_str().to_owned();
    name.push(".");
    name.push(ext);
    PathBuf::from(name)
}

/// A file written beside its target under a temporary name and renamed into
/// place by [`AtomicFile::commit`]; dropped uncommitted, it disappears. It is
/// created readable and writable by its owner only (mode 0600 on Unix):
/// what meded writes out holds personal data or passwords. Documents made
/// to be handed out use [`AtomicFile::create_shared`].
#[derive(Debug)]
pub struct AtomicFile {
    temp: NamedTempFile,
    target: PathBuf,
}

impl AtomicFile {
    pub fn create(target: &Path) -> Result<AtomicFile> {
        AtomicFile::with_mode(target, 0o600)
    }

    /// A file that others may read (mode 0644 less the umask, as any file a
    /// program creates): a certificate is printed, mailed and shared, and
    /// an owner-only PDF on a shared drive is one nobody else can open.
    pub fn create_shared(target: &Path) -> Result<AtomicFile> {
        AtomicFile::with_mode(target, 0o644)
    }

    #[cfg_attr(not(unix), allow(unused_variables))]
    fn with_mode(target: &Path, mode: u32) -> Result<AtomicFile> {
        let dir = match target.parent() {
            Some(p) if !p.as_os_str().is_empty() => p,
            _ => Path::new("."),
        };
        let mut builder = tempfile::Builder::new();
        builder.prefix(".meded-").suffix(".part");
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            builder.permissions(std::fs::Permissions::from_mode(mode));
        }
        let temp = builder.tempfile_in(dir).map_err(|e| Error::io(target, e))?;
        Ok(AtomicFile {
            temp,
            target: target.to_path_buf(),
        })
    }

    /// The temporary file's path, for writers that open it by name.
    pub fn path(&self) -> &Path {
        self.temp.path()
    }

    /// A second handle on the temporary file, for writing.
    pub fn reopen(&self) -> Result<File> {
        self.temp.reopen().map_err(|e| Error::io(&self.target, e))
    }

    /// The handle the file was created with.
    pub fn file(&mut self) -> &mut File {
        self.temp.as_file_mut()
    }

    /// Puts the file in place, replacing any file of that name.
    pub fn commit(self) -> Result<()> {
        let target = self.target;
        self.temp
            .persist(&target)
            .map(drop)
            .map_err(|e| Error::io(&target, e.error))
    }
}
