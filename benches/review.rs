//! Submission, review and export benchmark (issue 4).
//!
//! ```text
//! cargo bench --bench review                  # 100,000 records
//! cargo bench --bench review -- --records 20000
//! ```
//!
//! Sets up one base with N residents whose training information is
//! complete (account import, then training import) and who have profiles
//! (about 9 in 100 with errors, as benches/profile.rs makes them), then times
//! `report submit`, `audit approve --all` and `report export` to XLSX.
//! Targets on 2 cores: submit and approve under 2 s each, the export under
//! 10 s.

#![allow(clippy::print_stdout, clippy::print_stderr)]

mod support;

use support::{Cost, arg, data_dir, measure, meded, mib, profiles, remove_db, roster, secs};

/// Every record belongs to one recruitment year, so that one export holds them all.
const YEAR: u64 = 2019;

/// Gives every resident of the database a profile: valid for most, with
/// the realistic mix of problems of benches/profile.rs for the others
/// (their records are left out of the submission, as a base's would be).
fn write_profiles(db: &std::path::Path, n: u64) {
    let photos = profiles::Photos::create(&data_dir().join("photos"), 3000);
    profiles::store(db, n, &photos, &|i| i);
}

fn main() {
    if let Some(path) = support::arg_str("--write-profiles") {
        return write_profiles(path.as_ref(), arg("--count", 0));
    }
    if let Some(path) = support::arg_str("--write-roster") {
        return roster::write_csv_years(path.as_ref(), arg("--count", 0), |_| YEAR);
    }
    if let Some(path) = support::arg_str("--write-training") {
        return roster::write_training(path.as_ref(), arg("--count", 0), YEAR);
    }
    let records = arg("--records", 100_000);
    let dir = data_dir();
    let roster_csv = dir.join(format!("roster-{records}-{YEAR}.csv"));
    if !roster_csv.exists() {
        support::run_self(&[
            "--write-roster",
            &roster_csv.to_string_lossy(),
            "--count",
            &records.to_string(),
        ]);
    }
    let training_csv = dir.join(format!("training-{records}-{YEAR}.csv"));
    if !training_csv.exists() {
        support::run_self(&[
            "--write-training",
            &training_csv.to_string_lossy(),
            "--count",
            &records.to_string(),
        ]);
    }

    let db = dir.join("review.db");
    remove_db(&db);
    measure(meded(&db).args([
        "org",
        "add",
        "--code",
        "B1",
        "--name",
        "基准基地",
        "--province",
        "51",
    ]));
    measure(
        meded(&db)
            .args(["account", "import"])
            .arg(&roster_csv)
            .args(["--org", "B1"]),
    );
    let training = measure(
        meded(&db)
            .args(["training", "import"])
            .arg(&training_csv)
            .args(["--org", "B1"]),
    );
    support::run_self(&[
        "--write-profiles",
        &db.to_string_lossy(),
        "--count",
        &records.to_string(),
    ]);
    let submit = measure(meded(&db).args(["report", "submit", "--org", "B1"]));
    assert!(
        submit.status <= 1,
        "records with profile errors are left out"
    );
    let submitted: i64 = meded::db::sql::Connection::open(&db)
        .unwrap()
        .query_row(
            "SELECT count(*) FROM training WHERE report_status = '已上报'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    let approve = measure(meded(&db).args(["audit", "approve", "--org", "B1", "--all"]));
    let out = dir.join("export.xlsx");
    let export = measure(
        meded(&db)
            .args(["report", "export", "--year", &YEAR.to_string(), "-o"])
            .arg(&out),
    );

    println!("\nMachine: {}\n", support::machine());
    println!("| what ({records} records) | wall time | peak memory | cores used |");
    println!("|---|---|---|---|");
    let row = |what: &str, c: &Cost| {
        println!(
            "| {what} | {} | {} | {:.2} |",
            secs(c.wall),
            mib(c.max_rss),
            c.cores_used()
        );
    };
    row("`training import` (setup)", &training);
    row(
        &format!(
            "`report submit --org` (profiles validated; {submitted} submitted, the others left out)"
        ),
        &submit,
    );
    row("`audit approve --org --all`", &approve);
    row("`report export` to XLSX", &export);
}
