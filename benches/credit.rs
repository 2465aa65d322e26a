//! CME benchmark (issue 5): members, credit records, standards, check.
//!
//! ```text
//! cargo bench --bench credit                          # 500,000 members × 10 records
//! cargo bench --bench credit -- --members 50000
//! ```
//!
//! Imports the members (four institutions, one per region level, approved
//! at import), then one CSV of ten credit records per member in a
//! scattered member order (`credit import --approve`), assigns every member
//! their 2017 standard from their title, and checks everyone for 2017: as
//! the table of shortfalls and as JSON. Targets: the credit import at
//! 300,000 records/s or more, the check under 5 s. Prints a Markdown table
//! for docs/performance.md.

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
        return credits::write_credits(path.as_ref(), arg("--count", 0));
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
    let import = measure(
        meded(&db)
            .args(["credit", "import"])
            .arg(&credit_file)
            .arg("--approve"),
    );
    assert_eq!(import.status, 0, "the synthetic credits import cleanly");
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
    let db_size = std::fs::metadata(&db).map_or(0, |m| m.len());

    let row = |what: &str, c: &Cost, extra: String| {
        println!(
            "| {what} | {} | {} | {:.2} | {extra} |",
            secs(c.wall),
            mib(c.max_rss),
            c.cores_used()
        );
    };
    let members_wall: f64 = member_import.iter().map(|c| c.wall.as_secs_f64()).sum();
    println!("\nMachine: {}\n", support::machine());
    println!("| what | wall time | peak memory | cores used | notes |");
    println!("|---|---|---|---|---|");
    let first = member_import[0];
    row(
        &format!("`account import --role member` of {per_org} members (one of four files)"),
        &first,
        format!(
            "{members} members in {members_wall:.2} s in all; {:.0} members/s",
            members as f64 / members_wall
        ),
    );
    row(
        &format!("`credit import --approve` of {records} records"),
        &import,
        format!(
            "{:.0} records/s (target ≥ 300,000); database {}",
            records as f64 / import.wall.as_secs_f64(),
            mib(db_size)
        ),
    );
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
