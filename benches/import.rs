//! Account import and password-reset benchmark (issue 2).
//!
//! ```text
//! cargo bench --bench import                      # 1,000,000 CSV rows, 200,000 XLSX rows, 10,000 resets
//! cargo bench --bench import -- --rows 100000 --xlsx-rows 20000 --resets 1000
//! ```
//!
//! Measures, in one run: the CSV import against the sqlite3 shell's
//! `.import` of the same file into a table with a unique index on the ID
//! number (same journal settings as meded), peak memory, the XLSX import,
//! and a random-password reset (which should keep both cores busy).
//! Prints a Markdown table for docs/performance.md.

#![allow(clippy::print_stdout, clippy::print_stderr)]

mod support;

use std::process::Command;

use support::{Cost, arg, data_dir, measure, meded, mib, remove_db, roster, secs};

fn main() {
    // Writing the files happens in a child process: the peak memory that
    // wait4 reports for a child includes what its parent held when it
    // forked, so this process stays small.
    if let Some(path) = support::arg_str("--write-csv") {
        return roster::write_csv(path.as_ref(), arg("--count", 0));
    }
    if let Some(path) = support::arg_str("--write-xlsx") {
        return roster::write_xlsx(path.as_ref(), arg("--count", 0), arg("--offset", 0));
    }
    let rows = arg("--rows", 1_000_000);
    let xlsx_rows = arg("--xlsx-rows", 200_000);
    let resets = arg("--resets", 10_000);
    let dir = data_dir();

    let csv = dir.join(format!("roster-{rows}.csv"));
    if !csv.exists() {
        eprintln!("writing {}", csv.display());
        support::run_self(&[
            "--write-csv",
            &csv.to_string_lossy(),
            "--count",
            &rows.to_string(),
        ]);
    }
    let xlsx = dir.join(format!("roster-{xlsx_rows}-after-{rows}.xlsx"));
    if !xlsx.exists() {
        eprintln!("writing {}", xlsx.display());
        support::run_self(&[
            "--write-xlsx",
            &xlsx.to_string_lossy(),
            "--count",
            &xlsx_rows.to_string(),
            "--offset",
            &rows.to_string(),
        ]);
    }

    // The sqlite3 shell, as the floor of what loading this file can cost.
    let shell_db = dir.join("shell.db");
    remove_db(&shell_db);
    let shell = measure(
        Command::new("sqlite3")
            .arg(&shell_db)
            .arg("PRAGMA journal_mode = WAL;")
            .arg("PRAGMA synchronous = NORMAL;")
            .arg(
                "CREATE TABLE roster (year INTEGER, name TEXT, id_type TEXT, \
                 id_number TEXT NOT NULL UNIQUE, phone TEXT);",
            )
            .arg(format!(".import --csv --skip 1 {} roster", csv.display())),
    );

    let db = dir.join("bench.db");
    remove_db(&db);
    measure(meded(&db).args(["org", "add", "--code", "B1", "--name", "基准基地"]));
    let csv_import = measure(
        meded(&db)
            .args(["account", "import"])
            .arg(&csv)
            .args(["--org", "B1"]),
    );
    assert_eq!(csv_import.status, 0, "the synthetic roster imports cleanly");

    measure(meded(&db).args(["org", "add", "--code", "B2", "--name", "基准基地二"]));
    let xlsx_import = measure(
        meded(&db)
            .args(["account", "import"])
            .arg(&xlsx)
            .args(["--org", "B2"]),
    );
    assert_eq!(xlsx_import.status, 0);

    // Reset a few thousand of the imported accounts to random passwords.
    let ids = dir.join(format!("reset-{resets}.csv"));
    {
        let mut text = String::from("证件号码\n");
        for i in 0..resets.min(rows) {
            text.push_str(&roster::person(i).0);
            text.push('\n');
        }
        std::fs::write(&ids, text).expect("write id list");
    }
    let creds = dir.join("credentials.csv");
    let reset = measure(
        meded(&db)
            .args(["reset-password", "--random", "--credentials"])
            .arg(&creds)
            .arg("--file")
            .arg(&ids),
    );

    let ratio = csv_import.wall.as_secs_f64() / shell.wall.as_secs_f64();
    let row = |what: &str, c: &Cost, extra: String| {
        println!(
            "| {what} | {} | {} | {:.2} | {extra} |",
            secs(c.wall),
            mib(c.max_rss),
            c.cores_used()
        );
    };
    println!("\nMachine: {}\n", support::machine());
    println!("| what | wall time | peak memory | cores used | notes |");
    println!("|---|---|---|---|---|");
    row(
        &format!("sqlite3 `.import` of {rows} CSV rows (unique index on ID)"),
        &shell,
        "baseline".into(),
    );
    row(
        &format!("`account import` of {rows} CSV rows"),
        &csv_import,
        format!(
            "{:.2}× the sqlite3 shell; {:.0} rows/s",
            ratio,
            rows as f64 / csv_import.wall.as_secs_f64()
        ),
    );
    row(
        &format!("`account import` of {xlsx_rows} XLSX rows"),
        &xlsx_import,
        format!(
            "{:.0} rows/s",
            xlsx_rows as f64 / xlsx_import.wall.as_secs_f64()
        ),
    );
    row(
        &format!("`reset-password --random` of {resets} accounts"),
        &reset,
        format!(
            "{:.1} ms per Argon2id hash per core",
            (reset.user + reset.system).as_secs_f64() * 1000.0 / resets as f64
        ),
    );
}
