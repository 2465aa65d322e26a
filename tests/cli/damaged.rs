//! Damaged spreadsheets never crash meded: every file in
//! tests/fixtures/damaged/ (real files broken by hand where calamine alone
//! panics, aborts or reads forever, and every crashing input the fuzzers
//! found; see docs/reliability.md) ends, in every importer, in the
//! damaged-file message with exit 2, and writes nothing.

use std::path::{Path, PathBuf};

use crate::common::*;

fn damaged_files() -> Vec<PathBuf> {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/damaged");
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .expect("tests/fixtures/damaged")
        .map(|e| e.expect("a directory entry").path())
        .filter(|p| {
            matches!(
                p.extension().and_then(|e| e.to_str()),
                Some("xls" | "xlsx" | "ods" | "csv")
            )
        })
        .collect();
    files.sort();
    assert!(files.len() >= 12, "{files:?}");
    files
}

/// The number of rows in every table an import writes to.
fn written(env: &Env) -> Vec<i64> {
    [
        "account",
        "training",
        "credit",
        "credit_standard",
        "profile_basic",
        "profile_education",
        "profile_certificate",
        "change_set",
    ]
    .iter()
    .map(|t| env.count(&format!("SELECT count(*) FROM {t}")))
    .collect()
}

/// Runs `args` on a damaged `file`: exit 2, one of `messages` on stderr,
/// nothing on stdout and nothing written.
fn refused(env: &Env, args: &[&str], file: &Path, messages: &[&str]) {
    let before = written(env);
    let run = env.run(args);
    let name = file.file_name().unwrap_or_default().to_string_lossy();
    assert_eq!(run.code, 2, "{name}: {args:?}\n{}", run.stderr);
    assert!(
        messages.iter().any(|m| run.stderr.contains(m)),
        "{name}: {args:?}\n{}",
        run.stderr
    );
    assert!(run.stdout.is_empty(), "{name}: {}", run.stdout);
    assert_eq!(written(env), before, "{name}: {args:?} wrote something");
}

const DAMAGED: &str = "damaged or unreadable";

#[test]
fn every_importer_refuses_every_damaged_file() {
    let env = Env::with_base();
    for file in damaged_files() {
        let f = file.to_str().expect("UTF-8 path");
        for args in [
            vec!["account", "import", f, "--org", "H001"],
            vec!["training", "import", f, "--org", "H001"],
            vec!["credit", "import", f],
            vec!["credit-standard", "import", f],
        ] {
            refused(&env, &args, &file, &[DAMAGED]);
        }
        // A profile workbook's sheets are looked for before any row is read,
        // so damage inside the rows of an account roster shows as the
        // missing profile sheets.
        let profile = [DAMAGED, "lacks the sheets", "is a CSV file"];
        for args in [
            vec!["profile", "validate", "--file", f],
            vec!["profile", "import", f, "--org", "H001"],
        ] {
            refused(&env, &args, &file, &profile);
        }
    }
}

#[test]
fn the_message_speaks_chinese_too() {
    let env = Env::with_base();
    let file =
        PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/damaged/directory-loop.xls");
    let f = file.to_str().expect("UTF-8 path");
    refused(
        &env,
        &["--lang", "zh", "account", "import", f, "--org", "H001"],
        &file,
        &["已损坏或无法读取的 XLS 文件"],
    );
}
