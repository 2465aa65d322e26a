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
