//! Recruitment benchmark (issue 12).
//!
//! ```text
//! cargo bench --bench recruit                       # 200,000 applications
//! cargo bench --bench recruit -- --applications 20000
//! ```
//!
//! Sets up N applicants (`account import --role applicant`) with complete
//! profiles (written with the library's store, naming a pool of image
//! files), one base with a plan of N places over twenty specialties, and a
//! batch whose window is open; then times `recruit apply --file` of N
//! applications (every applicant's profile validated, each row checked
//! and written) and `recruit review --all --approve` of all N (the places
//! counted, each move logged) — and the same review naming the N by a file
//! of ID numbers. Targets on 2 cores: each under 3 s. The admission of all
//! N and the status table are timed too.

#![allow(clippy::print_stdout, clippy::print_stderr)]

mod support;

use std::io::Write;
use std::path::Path;

use support::{Cost, arg, data_dir, measure, meded, mib, profiles, remove_db, roster, secs};

/// A base's specialties: twenty, so that 200,000 places fit plans of at
/// most 10,000.
const SPECIALTIES: [&str; 20] = [
    "内科",
    "外科",
    "儿科",
    "全科",
    "妇产科",
    "麻醉科",
    "急诊科",
    "神经内科",
    "眼科",
    "放射科",
    "皮肤科",
    "精神科",
    "康复医学科",
    "骨科",
    "儿外科",
    "耳鼻咽喉科",
    "临床病理科",
    "检验医学科",
    "超声医学科",
    "口腔全科",
];

/// The moment the applications are made, inside the window opened below.
const NOW: &str = "2026-03-10 09:00:00";

/// Applicant `k`: a person of the synthetic roster whose synthetic profile
/// has no error (benches/support/profiles.rs puts its problems in the first
/// eleven of every hundred), so that every application is taken.
fn person(k: u64) -> u64 {
    k / 89 * 100 + 11 + k % 89
}

fn write_applicants(path: &Path, n: u64) {
    let mut w = std::io::BufWriter::new(std::fs::File::create(path).expect("create"));
    writeln!(w, "姓名,证件类型,证件号码,手机号码").unwrap();
    for k in 0..n {
        let (id, name, phone) = roster::person(person(k));
        writeln!(w, "{name},居民身份证,{id},{phone}").unwrap();
    }
    w.flush().unwrap();
}

fn write_applications(path: &Path, n: u64) {
    let mut w = std::io::BufWriter::new(std::fs::File::create(path).expect("create"));
    writeln!(w, "证件号码,姓名,培训基地代码,培训专业,批次").unwrap();
    for k in 0..n {
        let (id, name, _) = roster::person(person(k));
        let s = SPECIALTIES[(k % 20) as usize];
        writeln!(w, "{id},{name},B1,{s},第一批").unwrap();
    }
    w.flush().unwrap();
}

fn write_ids(path: &Path, n: u64) {
    let mut w = std::io::BufWriter::new(std::fs::File::create(path).expect("create"));
    writeln!(w, "证件号码").unwrap();
    for k in 0..n {
        writeln!(w, "{}", roster::person(person(k)).0).unwrap();
    }
    w.flush().unwrap();
}

fn write_plan(path: &Path, n: u64) {
    let mut w = std::io::BufWriter::new(std::fs::File::create(path).expect("create"));
    writeln!(w, "培训基地代码,培训专业,计划人数,批次").unwrap();
    for s in SPECIALTIES {
        writeln!(w, "B1,{s},{},第一批", n.div_ceil(20)).unwrap();
    }
    w.flush().unwrap();
}

/// Gives every applicant a complete profile, as benches/review.rs does for
/// residents.
fn write_profiles(db: &Path, n: u64) {
    let photos = profiles::Photos::create(&data_dir().join("photos"), 3000);
    profiles::store(db, n, &photos, &person);
}

fn count(db: &Path, sql: &str) -> i64 {
    meded::db::sql::Connection::open(db)
        .unwrap()
        .query_row(sql, [], |r| r.get(0))
        .unwrap()
}

fn main() {
    let n = arg("--applications", 200_000);
    if let Some(path) = support::arg_str("--write-applicants") {
        return write_applicants(path.as_ref(), n);
    }
    if let Some(path) = support::arg_str("--write-applications") {
        return write_applications(path.as_ref(), n);
    }
    if let Some(path) = support::arg_str("--write-profiles") {
        return write_profiles(path.as_ref(), n);
    }
    if let Some(path) = support::arg_str("--write-ids") {
        return write_ids(path.as_ref(), n);
    }
    let dir = data_dir();
    let count_arg = n.to_string();
    let applicants_csv = dir.join(format!("applicants-{n}.csv"));
    if !applicants_csv.exists() {
        support::run_self(&[
            "--write-applicants",
            &applicants_csv.to_string_lossy(),
            "--applications",
            &count_arg,
        ]);
    }
    let applications_csv = dir.join(format!("applications-{n}.csv"));
    if !applications_csv.exists() {
        support::run_self(&[
            "--write-applications",
            &applications_csv.to_string_lossy(),
            "--applications",
            &count_arg,
        ]);
    }
    let ids_csv = dir.join(format!("recruit-ids-{n}.csv"));
    if !ids_csv.exists() {
        support::run_self(&[
            "--write-ids",
            &ids_csv.to_string_lossy(),
            "--applications",
            &count_arg,
        ]);
    }
    let plan_csv = dir.join(format!("recruit-plan-{n}.csv"));
    write_plan(&plan_csv, n);

    let db = dir.join("recruit.db");
    remove_db(&db);
    let accounts = measure(
        meded(&db)
            .args(["account", "import"])
            .arg(&applicants_csv)
            .args(["--role", "applicant"]),
    );
    support::run_self(&[
        "--write-profiles",
        &db.to_string_lossy(),
        "--applications",
        &count_arg,
    ]);
    measure(meded(&db).args([
        "org",
        "add",
        "--code",
        "B1",
        "--name",
        "基准基地",
        "--province",
        "35",
    ]));
    measure(meded(&db).args([
        "recruit",
        "open",
        "--year",
        "2026",
        "--batch",
        "第一批",
        "--from",
        "2026-03-01",
        "--until",
        "2026-03-31",
    ]));
    measure(
        meded(&db)
            .args(["recruit", "plan", "import"])
            .arg(&plan_csv),
    );

    let apply = measure(
        meded(&db)
            .args(["recruit", "apply", "--file"])
            .arg(&applications_csv)
            .args(["--now", NOW]),
    );
    let taken = count(&db, "SELECT count(*) FROM recruit_application");
    assert_eq!(taken, n as i64, "every application is taken");
    // The same review by a list of ID numbers, on a copy.
    let listed_db = dir.join("recruit-listed.db");
    remove_db(&listed_db);
    meded::db::sql::Connection::open(&db)
        .unwrap()
        .execute("VACUUM INTO ?1", [listed_db.to_string_lossy()])
        .unwrap();
    let listed = measure(
        meded(&listed_db)
            .args([
                "recruit",
                "review",
                "--org",
                "B1",
                "--approve",
                "--now",
                NOW,
                "--file",
            ])
            .arg(&ids_csv),
    );
    assert_eq!(
        count(
            &listed_db,
            "SELECT count(*) FROM recruit_application WHERE state = '审核通过'"
        ),
        n as i64
    );
    remove_db(&listed_db);
    let review = measure(meded(&db).args([
        "recruit",
        "review",
        "--org",
        "B1",
        "--all",
        "--approve",
        "--now",
        NOW,
    ]));
    let approved = count(
        &db,
        "SELECT count(*) FROM recruit_application WHERE state = '审核通过'",
    );
    assert_eq!(approved, n as i64, "every application is approved");
    let status = measure(meded(&db).args(["recruit", "status", "--org", "B1", "--now", NOW]));
    let admit =
        measure(meded(&db).args(["recruit", "admit", "--org", "B1", "--now", "2026-04-01"]));
    let admitted = count(&db, "SELECT count(*) FROM training");
    assert_eq!(admitted, n as i64, "every applicant is admitted");

    println!("\nMachine: {}\n", support::machine());
    println!("| what ({n} applications) | wall time | peak memory | cores used | per second |");
    println!("|---|---|---|---|---|");
    let row = |what: &str, c: &Cost| {
        println!(
            "| {what} | {} | {} | {:.2} | {:.0} |",
            secs(c.wall),
            mib(c.max_rss),
            c.cores_used(),
            n as f64 / c.wall.as_secs_f64()
        );
    };
    row("`account import --role applicant` (setup)", &accounts);
    row(
        "`recruit apply --file` (every profile validated, with images)",
        &apply,
    );
    row("`recruit review --org --all --approve`", &review);
    row("`recruit review --org --file IDS --approve`", &listed);
    row("`recruit status --org`", &status);
    row("`recruit admit --org` (accounts, training records)", &admit);
}
