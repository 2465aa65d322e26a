//! Account import and password-reset benchmark (issues 2 and 16).
//!
//! ```text
//! cargo bench --bench import                      # 1,000,000 CSV rows, 200,000 XLSX rows, 10,000 resets
//! cargo bench --bench import -- --rows 100000 --xlsx-rows 20000 --resets 1000
//! cargo bench --bench import -- --runs 3 --resets 0
//! cargo bench --bench import -- --instructions 100000 --runs 0 --resets 0
//! ```
//!
//! Measures, in one run: the CSV import against the sqlite3 shell's
//! `.import` of the same file into a table with a unique index on the ID
//! number (the shell's default configuration, as users run it: rollback
//! journal, default cache and sync), just before it (`--runs N`
//! pairs, each into a new database), peak memory; the XLSX import against
//! openpyxl merely reading the same file in read-only mode (when python3
//! has openpyxl); a random-password reset (which should keep both cores
//! busy; `--resets 0` leaves it out). `--instructions N` also counts the
//! instructions of an N-row CSV import under valgrind's callgrind, a
//! figure that does not move with the machine's load. Prints Markdown
//! tables for docs/performance.md.

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

    let runs = arg("--runs", 1);
    let mut pairs = Vec::new();
    let db = dir.join("bench.db");
    for _ in 0..runs {
        // The sqlite3 shell as users run it, as the floor of what loading
        // this file can cost.
        let shell_db = dir.join("shell.db");
        remove_db(&shell_db);
        let shell = measure(
            Command::new("sqlite3")
                .arg(&shell_db)
                .arg(
                    "CREATE TABLE roster (year INTEGER, name TEXT, id_type TEXT, \
                     id_number TEXT NOT NULL UNIQUE, phone TEXT);",
                )
                .arg(format!(".import --csv --skip 1 {} roster", csv.display())),
        );
        remove_db(&shell_db);
        remove_db(&db);
        measure(meded(&db).args(["org", "add", "--code", "B1", "--name", "基准基地"]));
        let csv_import = measure(
            meded(&db)
                .args(["account", "import"])
                .arg(&csv)
                .args(["--org", "B1"]),
        );
        assert_eq!(csv_import.status, 0, "the synthetic roster imports cleanly");
        pairs.push((shell, csv_import));
    }

    // openpyxl reading the workbook in read-only mode, then meded importing it.
    let openpyxl = Command::new("python3")
        .args(["-c", "import openpyxl"])
        .status()
        .is_ok_and(|s| s.success());
    let mut xlsx_pairs = Vec::new();
    for _ in 0..runs.max(1) {
        let read =
            openpyxl.then(|| measure(Command::new("python3").args(["-c", OPENPYXL]).arg(&xlsx)));
        let xdb = dir.join("bench-xlsx.db");
        remove_db(&xdb);
        measure(meded(&xdb).args(["org", "add", "--code", "B2", "--name", "基准基地二"]));
        let xlsx_import = measure(
            meded(&xdb)
                .args(["account", "import"])
                .arg(&xlsx)
                .args(["--org", "B2"]),
        );
        assert_eq!(xlsx_import.status, 0);
        remove_db(&xdb);
        xlsx_pairs.push((read, xlsx_import));
    }

    let instructions = arg("--instructions", 0);
    let counted = (instructions > 0).then(|| count_instructions(&dir, instructions));

    // Reset a few thousand of the imported accounts to random passwords.
    let reset = (resets > 0 && runs > 0).then(|| {
        let ids = dir.join(format!("reset-{resets}.csv"));
        let mut text = String::from("证件号码\n");
        for i in 0..resets.min(rows) {
            text.push_str(&roster::person(i).0);
            text.push('\n');
        }
        std::fs::write(&ids, text).expect("write id list");
        let creds = dir.join("credentials.csv");
        let cost = measure(
            meded(&db)
                .args(["reset-password", "--random", "--credentials"])
                .arg(&creds)
                .arg("--file")
                .arg(&ids),
        );
        let _ = std::fs::remove_file(&creds);
        let _ = std::fs::remove_file(&ids);
        cost
    });
    remove_db(&db);

    let row = |what: &str, c: &Cost, extra: String| {
        println!(
            "| {what} | {} | {} | {:.2} | {extra} |",
            secs(c.wall),
            mib(c.max_rss),
            c.cores_used()
        );
    };
    let cpu = |c: &Cost| (c.user + c.system).as_secs_f64();
    println!("\nMachine: {}\n", support::machine());
    println!("| what | wall time | peak memory | cores used | notes |");
    println!("|---|---|---|---|---|");
    for (run, (shell, csv_import)) in pairs.iter().enumerate() {
        let run = run + 1;
        row(
            &format!("run {run}: sqlite3 `.import` of {rows} CSV rows (unique index on ID)"),
            shell,
            format!("{:.1} s of CPU", cpu(shell)),
        );
        row(
            &format!("run {run}: `account import` of {rows} CSV rows"),
            csv_import,
            format!(
                "**{:.2}×** the sqlite3 shell (target < 1); {:.0} rows/s; {:.1} s of CPU",
                csv_import.wall.as_secs_f64() / shell.wall.as_secs_f64(),
                rows as f64 / csv_import.wall.as_secs_f64(),
                cpu(csv_import)
            ),
        );
    }
    for (run, (read, xlsx_import)) in xlsx_pairs.iter().enumerate() {
        let run = run + 1;
        let against = match read {
            Some(read) => {
                row(
                    &format!(
                        "run {run}: openpyxl reading the {xlsx_rows}-row XLSX (read-only mode)"
                    ),
                    read,
                    format!("{:.1} s of CPU", cpu(read)),
                );
                format!(
                    "**{:.1}×** faster than openpyxl reading it (target ≥ 5); ",
                    read.wall.as_secs_f64() / xlsx_import.wall.as_secs_f64()
                )
            }
            None => "(python3 with openpyxl not found) ".to_owned(),
        };
        row(
            &format!("run {run}: `account import` of {xlsx_rows} XLSX rows"),
            xlsx_import,
            format!(
                "{against}{:.0} rows/s",
                xlsx_rows as f64 / xlsx_import.wall.as_secs_f64()
            ),
        );
    }
    if let Some(reset) = &reset {
        row(
            &format!("`reset-password --random` of {resets} accounts"),
            reset,
            format!(
                "{:.1} ms per Argon2id hash per core",
                cpu(reset) * 1000.0 / resets as f64
            ),
        );
    }
    if let Some((n, total)) = counted {
        println!(
            "\n`account import` of {instructions} CSV rows under callgrind: **{:.2} G instructions** ({n} rows imported)",
            total as f64 / 1e9
        );
    }
}

/// openpyxl, merely reading every row of the workbook (read-only mode).
const OPENPYXL: &str = "import sys
from openpyxl import load_workbook
wb = load_workbook(sys.argv[1], read_only=True)
n = sum(1 for ws in wb.worksheets for _ in ws.iter_rows(values_only=True))
print(n)";

/// The instructions an `n`-row CSV import executes, all threads, counted by
/// valgrind's callgrind: (rows imported, instructions).
fn count_instructions(dir: &std::path::Path, n: u64) -> (u64, u64) {
    let csv = dir.join(format!("roster-{n}.csv"));
    if !csv.exists() {
        support::run_self(&[
            "--write-csv",
            &csv.to_string_lossy(),
            "--count",
            &n.to_string(),
        ]);
    }
    let db = dir.join("callgrind.db");
    remove_db(&db);
    measure(meded(&db).args(["org", "add", "--code", "B1", "--name", "基准基地"]));
    let out_file = dir.join("callgrind.out");
    let out = Command::new("valgrind")
        .arg("--tool=callgrind")
        .arg(format!("--callgrind-out-file={}", out_file.display()))
        .arg(env!("CARGO_BIN_EXE_meded"))
        .arg("--db")
        .arg(&db)
        .args(["--quiet", "--format", "json", "account", "import"])
        .arg(&csv)
        .args(["--org", "B1"])
        .env("MEDED_ACTOR", "bench")
        .output()
        .expect("valgrind (apt-get install valgrind)");
    let _ = std::fs::remove_file(&out_file);
    remove_db(&db);
    let _ = std::fs::remove_file(&csv);
    let stderr = String::from_utf8_lossy(&out.stderr);
    let total = stderr
        .lines()
        .find_map(|l| l.split("Collected :").nth(1))
        .and_then(|n| n.trim().parse().ok())
        .unwrap_or_else(|| panic!("no instruction count from valgrind: {stderr}"));
    let report: serde_json::Value =
        serde_json::from_slice(&out.stdout).unwrap_or(serde_json::Value::Null);
    (report["imported"].as_u64().unwrap_or(0), total)
}
