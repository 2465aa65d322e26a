//! CME benchmark (issue 5): members, credit records, standards, check.
//!
//! ```text
//! cargo bench --bench credit                          # 500,000 members × 10 records
//! cargo bench --bench credit -- --members 50000
//! cargo bench --bench credit -- --runs 3 --only import
//! ```
//!
//! Imports the members (four institutions, one per region level, approved
//! at import), then one CSV of ten credit records per member in a
//! scattered member order (`credit import --approve`), assigns every member
//! their 2017 standard from their title, and checks everyone for 2017: as
//! the table of shortfalls and as JSON. The import runs twice: records of a
//! few shared projects, and records that each name a project of their own
//! (as II类 self-study and paper credits do). Targets: 300,000 records/s or
//! more with shared projects, 250,000 with distinct ones, each against the
//! sqlite3 shell's `.import` (its default configuration) of the same CSV
//! into a table with a unique (ID number, project number) key, measured
//! just before it in the same run (`--runs N` repeats the pairs, each
//! import into the same database of members);
//! the check under 5 s. Prints a Markdown table for docs/performance.md.

#![allow(clippy::print_stdout, clippy::print_stderr)]

mod support;

use support::{Cost, arg, credits, data_dir, measure, meded, mib, remove_db, secs};

const LEVELS: [&str; 4] = ["省级", "市州级", "县级", "乡镇卫生院"];

fn main() {
    // Files are written by a child process, so that this one stays small
    // (see benches/import.rs).
    if let Some(path) = support::arg_str("--write-members") {
        return credits::write_members(path.as_ref(), arg("--count", 0), arg("--offset", 0));
    }
    if let Some(path) = support::arg_str("--write-credits") {
        return credits::write_credits_with(
            path.as_ref(),
            arg("--count", 0),
            support::arg_str("--distinct").is_some(),
        );
    }
    let members = arg("--members", 500_000);
    let per_org = members.div_ceil(LEVELS.len() as u64);
    let records = members * 10;
    let dir = data_dir();

    let mut rosters = Vec::new();
    for (k, _) in LEVELS.iter().enumerate() {
        let offset = k as u64 * per_org;
        let count = per_org.min(members - offset.min(members));
        let path = dir.join(format!("members-{members}-{k}.csv"));
        if !path.exists() {
            eprintln!("writing {}", path.display());
            support::run_self(&[
                "--write-members",
                &path.to_string_lossy(),
                "--count",
                &count.to_string(),
                "--offset",
                &offset.to_string(),
            ]);
        }
        rosters.push(path);
    }
    let credit_file = dir.join(format!("credits-{members}.csv"));
    if !credit_file.exists() {
        eprintln!("writing {}", credit_file.display());
        support::run_self(&[
            "--write-credits",
            &credit_file.to_string_lossy(),
            "--count",
            &members.to_string(),
        ]);
    }
    // The same records, each naming a project of its own.
    let distinct_file = dir.join(format!("credits-{members}-distinct.csv"));
    if !distinct_file.exists() {
        eprintln!("writing {}", distinct_file.display());
        support::run_self(&[
            "--write-credits",
            &distinct_file.to_string_lossy(),
            "--count",
            &members.to_string(),
            "--distinct",
            "yes",
        ]);
    }

    let db = dir.join("credit-bench.db");
    remove_db(&db);
    let mut member_import = Vec::new();
    for (k, level) in LEVELS.iter().enumerate() {
        let code = format!("C{k}");
        measure(meded(&db).args([
            "org",
            "add",
            "--code",
            &code,
            "--name",
            &format!("基准医院{k}"),
            "--province",
            "四川",
            "--kind",
            "cme",
            "--region-level",
            level,
        ]));
        let c = measure(
            meded(&db)
                .args(["account", "import"])
                .arg(&rosters[k])
                .args(["--org", &code, "--role", "member", "--approve"]),
        );
        assert_eq!(c.status, 0, "the synthetic members import cleanly");
        member_import.push(c);
    }
    // The database of members alone, so that each run imports into the same.
    let members_db = dir.join("credit-members.db");
    remove_db(&members_db);
    std::fs::copy(&db, &members_db).expect("copy the database of members");
    let runs = arg("--runs", 1).max(1);
    // Each run: the shell's `.import` of a file, then `credit import` of
    // the same file into a fresh copy of the database of members; first
    // the file of distinct projects, then the file of shared ones, whose
    // database the standards below then use.
    let mut pairs = Vec::new();
    for run in 0..runs {
        for (case, file) in [("distinct", &distinct_file), ("shared", &credit_file)] {
            remove_db(&db);
            std::fs::copy(&members_db, &db).expect("copy the database of members");
            let shell_db = dir.join("credit-shell.db");
            remove_db(&shell_db);
            // The shell as users run it: its default journal and sync.
            let shell = measure(
                std::process::Command::new("sqlite3")
                    .arg(&shell_db)
                    .arg(
                        "CREATE TABLE credit (id_number TEXT NOT NULL, name TEXT, project_no TEXT NOT NULL, \
                         project_name TEXT, credits TEXT, kind TEXT, start_date TEXT, end_date TEXT, \
                         form TEXT, organizer TEXT, year INTEGER, subject TEXT, remark TEXT, \
                         UNIQUE (id_number, project_no));",
                    )
                    .arg(format!(".import --csv --skip 1 {} credit", file.display())),
            );
            remove_db(&shell_db);
            let import = measure(
                meded(&db)
                    .args(["credit", "import"])
                    .arg(file)
                    .arg("--approve"),
            );
            assert_eq!(import.status, 0, "the synthetic credits import cleanly");
            pairs.push((run, case, shell, import));
        }
    }
    remove_db(&members_db);
    let only_import = support::arg_str("--only").as_deref() == Some("import");
    let db_size = std::fs::metadata(&db).map_or(0, |m| m.len());
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
    let members_wall: f64 = member_import.iter().map(|c| c.wall.as_secs_f64()).sum();
    let first = member_import[0];
    row(
        &format!("`account import --role member` of {per_org} members (one of four files)"),
        &first,
        format!(
            "{members} members in {members_wall:.2} s in all; {:.0} members/s",
            members as f64 / members_wall
        ),
    );
    for (run, case, shell, import) in &pairs {
        let run = run + 1;
        let target = if *case == "shared" { 300_000 } else { 250_000 };
        row(
            &format!(
                "run {run}, {case} projects: sqlite3 `.import` (defaults) of the {records} records (unique ID number, project number)"
            ),
            shell,
            format!("{:.1} s of CPU", (shell.user + shell.system).as_secs_f64()),
        );
        row(
            &format!("run {run}, {case} projects: `credit import --approve` of {records} records"),
            import,
            format!(
                "**{:.2}×** the shell; {:.0} records/s (target ≥ {target}); {:.1} s of CPU",
                import.wall.as_secs_f64() / shell.wall.as_secs_f64(),
                records as f64 / import.wall.as_secs_f64(),
                (import.user + import.system).as_secs_f64()
            ),
        );
    }
    println!("\nDatabase after the import: {}", mib(db_size));
    if only_import {
        remove_db(&db);
        return;
    }
    let assign = measure(meded(&db).args(["credit-standard", "assign", "--all", "--year", "2017"]));
    assert_eq!(assign.status, 0);
    let check = measure(meded(&db).args(["credit-standard", "check", "--year", "2017"]));
    assert_eq!(check.status, 1, "every seventh member is short");
    let check_json = measure(meded(&db).args([
        "credit-standard",
        "check",
        "--year",
        "2017",
        "--format",
        "json",
    ]));
    let row = |what: &str, c: &Cost, extra: String| {
        println!(
            "| {what} | {} | {} | {:.2} | {extra} |",
            secs(c.wall),
            mib(c.max_rss),
            c.cores_used()
        );
    };
    println!();
    println!("| what | wall time | peak memory | cores used | notes |");
    println!("|---|---|---|---|---|");
    row(
        &format!("`credit-standard assign --all --year 2017` ({members} members)"),
        &assign,
        format!(
            "{:.0} members/s",
            members as f64 / assign.wall.as_secs_f64()
        ),
    );
    row(
        &format!("`credit-standard check --year 2017` ({members} members, table of shortfalls)"),
        &check,
        "target < 5 s".into(),
    );
    row(
        &format!("`credit-standard check --year 2017 --format json` ({members} members)"),
        &check_json,
        "every member's numbers".into(),
    );
}
