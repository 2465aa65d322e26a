//! What every fuzz target does: write the bytes to a file with the format's
//! extension, read every row of every sheet through meded's reader, and
//! accept only rows or an input error. A panic, an abort, a hang (libFuzzer's
//! -timeout) or runaway memory (-rss_limit_mb) is a finding.

use std::path::PathBuf;
use std::sync::OnceLock;

use tempfile::TempDir;

static DIR: OnceLock<TempDir> = OnceLock::new();

pub fn read(data: &[u8], extension: &str) {
    let dir = DIR.get_or_init(|| tempfile::tempdir().expect("a temporary directory"));
    let path: PathBuf = dir.path().join(format!("input.{extension}"));
    std::fs::write(&path, data).expect("the input written");
    match meded::sheet::read_every_row(&path) {
        Ok(_) | Err(meded::Error::Input(_)) => {}
        Err(e) => panic!("damaged input must give an input error, not {e:?}"),
    }
}

/// `template` (a real ZIP workbook) with its part `name` replaced by
/// `data`, stored uncompressed; then read like any other input.
pub fn read_with_part(data: &[u8], template: &[u8], name: &str, extension: &str) {
    use std::io::{Cursor, Read, Write};

    let mut source = zip::ZipArchive::new(Cursor::new(template)).expect("a sound template");
    let mut out = zip::ZipWriter::new(Cursor::new(Vec::new()));
    let stored =
        zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Stored);
    for i in 0..source.len() {
        let mut part = source.by_index(i).expect("a sound template");
        let part_name = part.name().expect("a sound template").into_owned();
        let mut bytes = Vec::new();
        part.read_to_end(&mut bytes).expect("a sound template");
        out.start_file(part_name.as_str(), stored).expect("written");
        if part_name == name {
            out.write_all(data).expect("written");
        } else {
            out.write_all(&bytes).expect("written");
        }
    }
    let bytes = out.finish().expect("written").into_inner();
    read(&bytes, extension);
}
