//! Image files named in a profile workbook: resolving their paths against
//! the workbook's folder (never outside it), and reading their size and
//! JPEG header.

use std::collections::HashMap;
use std::fs::File;
use std::hash::{BuildHasherDefault, Hasher};
use std::io::BufReader;
use std::path::{Component, Path, PathBuf};

use rayon::prelude::*;

use crate::i18n::Msg;
use crate::msg;
use crate::rules::jpeg;
use crate::rules::photo::PhotoFacts;
use crate::rules::text::normalize;

/// Resolves `typed` (as written in a cell: `photos/张三.jpg`, or with
/// Windows backslashes) against `folder`, the workbook's canonical folder.
/// The result stays inside `folder`: `..` that climbs out, an absolute path
/// elsewhere, or a symbolic link that leads out is refused.
pub fn resolve(folder: &Path, typed: &str) -> Result<PathBuf, Msg> {
    let t = normalize(typed).replace('\\', "/");
    let escapes = || {
        msg!(
            "图片路径 {t} 指向工作簿所在文件夹之外;请把图片放在工作簿旁边的文件夹里,写相对路径",
            "the image path {t} leads outside the workbook's folder; keep images in a folder beside the workbook and write relative paths"
        )
    };
    let typed_path = Path::new(&t);
    let joined = if typed_path.is_absolute() || t.get(1..2) == Some(":") {
        // An absolute path (or a Windows drive path): only inside the folder.
        typed_path.to_path_buf()
    } else {
        folder.join(typed_path)
    };
    let mut out = PathBuf::new();
    for c in joined.components() {
        match c {
            Component::ParentDir => {
                if !out.pop() {
                    return Err(escapes());
                }
            }
            Component::CurDir => {}
            other => out.push(other),
        }
    }
    if !out.starts_with(folder) || out == folder {
        return Err(escapes());
    }
    // A link inside the folder may point anywhere: follow it and look again.
    match out.canonicalize() {
        Ok(real) if !real.starts_with(folder) => Err(escapes()),
        Ok(real) => Ok(real),
        Err(_) => Ok(out),
    }
}

/// The folder the image paths of the workbook at `path` are relative to:
/// the workbook's own, canonical (what [`resolve`] takes).
pub fn workbook_folder(path: &Path) -> crate::error::Result<PathBuf> {
    let real = path
        .canonicalize()
        .map_err(|e| crate::error::Error::unreadable(path, &e))?;
    Ok(real
        .parent()
        .map(Path::to_path_buf)
        .unwrap_or_else(|| PathBuf::from("/")))
}

/// Why a file could not be read, in words.
fn reason(e: &std::io::Error) -> Msg {
    crate::error::os_reason(e).unwrap_or_else(|| {
        let e = e.to_string();
        Msg::new(e.clone(), e)
    })
}

/// The size and header of the file at `path`.
pub fn inspect(path: &Path) -> PhotoFacts {
    let file = match File::open(path) {
        Ok(f) => f,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return PhotoFacts::Missing,
        Err(e) => return PhotoFacts::Unreadable(reason(&e)),
    };
    let meta = match file.metadata() {
        Ok(m) => m,
        Err(e) => return PhotoFacts::Unreadable(reason(&e)),
    };
    if !meta.is_file() {
        return PhotoFacts::NotAFile;
    }
    let mut r = BufReader::with_capacity(2048, file);
    match jpeg::read_size(&mut r) {
        Ok(header) => PhotoFacts::Read {
            bytes: meta.len(),
            header,
        },
        Err(e) => PhotoFacts::Unreadable(reason(&e)),
    }
}

/// Why the image at `path` does not meet `rule`, if it does not: its
/// first finding (an error or a warning alike), or that it is no JPEG.
pub fn problem(path: &Path, rule: &crate::rules::photo::PhotoRule) -> Option<Msg> {
    let facts = inspect(path);
    let shown = path.display().to_string();
    crate::rules::photo::check(&facts, rule, &shown)
        .into_iter()
        .map(|(_, m)| m)
        .next()
        .or_else(|| match facts {
            PhotoFacts::Read { header: Ok(_), .. } => None,
            _ => Some(msg!(
                "{shown} 不是 JPEG 图片",
                "{shown} is not a JPEG image"
            )),
        })
}

/// Facts about files read once per run: one file is often named twice
/// (the same scan as 学历 and 学位 certificate), and reading them in
/// parallel keeps both cores busy on the system calls.
#[derive(Debug, Default)]
pub struct PhotoCache {
    facts: HashMap<String, PhotoFacts, BuildHasherDefault<PathHasher>>,
}

/// A fast hasher for the cache's paths (FxHash's multiply-rotate): the
/// paths come from the base's own data, so there is no adversary for a
/// keyed hash to defend against, and SipHash was a tenth of validation.
#[derive(Default)]
pub struct PathHasher(u64);

impl Hasher for PathHasher {
    fn finish(&self) -> u64 {
        self.0
    }

    fn write(&mut self, bytes: &[u8]) {
        const K: u64 = 0x51_7c_c1_b7_27_22_0a_95;
        let mut chunks = bytes.chunks_exact(8);
        for c in &mut chunks {
            let w = u64::from_le_bytes(c.try_into().unwrap_or([0; 8]));
            self.0 = (self.0.rotate_left(5) ^ w).wrapping_mul(K);
        }
        for &b in chunks.remainder() {
            self.0 = (self.0.rotate_left(5) ^ u64::from(b)).wrapping_mul(K);
        }
    }
}

/// How many files the cache remembers; past that, files are read again
/// when met again (memory stays bounded on a national database).
const CACHE_LIMIT: usize = 1 << 20;

impl PhotoCache {
    pub fn get(&self, path: &str) -> Option<&PhotoFacts> {
        self.facts.get(path)
    }

    /// Reads every path not yet known, in parallel.
    pub fn fill<'a>(&mut self, paths: impl Iterator<Item = &'a str>) {
        let wanted: Vec<&str> = paths.filter(|p| !self.facts.contains_key(*p)).collect();
        let read = PhotoCache::read_all(wanted.into_iter());
        self.extend(read);
    }

    /// Reads these files' facts in parallel, each once.
    pub fn read_all<'a>(paths: impl Iterator<Item = &'a str>) -> Vec<(String, PhotoFacts)> {
        let mut wanted: Vec<&str> = paths.collect();
        wanted.sort_unstable();
        wanted.dedup();
        wanted
            .par_iter()
            .map(|p| ((*p).to_owned(), inspect(Path::new(p))))
            .collect()
    }

    /// Remembers facts read elsewhere.
    pub fn extend(&mut self, read: Vec<(String, PhotoFacts)>) {
        if self.facts.len() + read.len() > CACHE_LIMIT {
            self.facts.clear();
        }
        self.facts.extend(read);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_stay_inside_the_folder() {
        let dir = tempfile::tempdir().unwrap();
        let folder = dir.path().canonicalize().unwrap();
        std::fs::create_dir(folder.join("photos")).unwrap();
        std::fs::write(folder.join("photos/a.jpg"), b"x").unwrap();
        assert_eq!(
            resolve(&folder, "photos/a.jpg").unwrap(),
            folder.join("photos/a.jpg")
        );
        assert_eq!(
            resolve(&folder, r" photos\a.jpg ").unwrap(),
            folder.join("photos/a.jpg")
        );
        assert_eq!(
            resolve(&folder, "./photos/../photos/a.jpg").unwrap(),
            folder.join("photos/a.jpg")
        );
        // Missing files resolve: validation says they are missing.
        assert_eq!(
            resolve(&folder, "photos/none.jpg").unwrap(),
            folder.join("photos/none.jpg")
        );
        for bad in [
            "../a.jpg",
            "photos/../../a.jpg",
            "/etc/passwd",
            "C:/x.jpg",
            ".",
            "",
        ] {
            assert!(resolve(&folder, bad).is_err(), "{bad}");
        }
        let inside = folder.join("photos/a.jpg");
        assert!(resolve(&folder, inside.to_str().unwrap()).is_ok());
        #[cfg(unix)]
        {
            std::os::unix::fs::symlink("/etc/hostname", folder.join("photos/link.jpg")).unwrap();
            assert!(resolve(&folder, "photos/link.jpg").is_err());
        }
    }

    #[test]
    fn inspecting_files() {
        let dir = tempfile::tempdir().unwrap();
        assert_eq!(inspect(&dir.path().join("none.jpg")), PhotoFacts::Missing);
        assert_eq!(inspect(dir.path()), PhotoFacts::NotAFile);
        let p = dir.path().join("t.jpg");
        std::fs::write(&p, b"GIF89a....").unwrap();
        assert!(matches!(
            inspect(&p),
            PhotoFacts::Read {
                bytes: 10,
                header: Err(jpeg::JpegProblem::NotJpeg { kind: Some("GIF") })
            }
        ));
    }
}
