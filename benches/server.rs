//! PostgreSQL benchmark: account import through COPY against `psql \copy`
//! of the same file, and eight bases importing at once.
//!
//! ```text
//! MEDED_BENCH_PG=postgres://postgres@127.0.0.1:55432/postgres cargo bench --bench server
//! MEDED_BENCH_PG=… cargo bench --bench server -- --rows 100000 --bases 8 --base-rows 10000
//! MEDED_BENCH_PG=… cargo bench --bench server -- --credit-members 50000 --training-rows 100000
//! ```
//!
//! MEDED_BENCH_PG names a server and a database the benchmark may use to
//! create (and drop) its own databases; `.ci/run` shows how to start a
//! throwaway one. Measures, in one run:
//!
//! 1. `psql -c "\copy roster FROM file CSV HEADER"` of a roster into a
//!    table with a unique index on the ID number — the floor of loading
//!    that file into that server;
//! 2. `meded account import` of the same file (all checks, a resident's
//!    training record each, the change log);
//! 3. eight `account import`s of 100,000 different people into eight bases
//!    at the same moment, then counts: every account there once;
//! 4. `credit import --approve` of ten records for each of 50,000 CME
//!    members (`--credit-members`), against `psql \copy` of the same CSV
//!    into a table with a unique (ID number, project number) key;
//! 5. `training import` of the training information of 100,000 residents
//!    of one base (`--training-rows`): filling every record, then the same
//!    file again (nothing changes);
//! 6. an office's bulk work against the owner's on the same rows, in two
//!    copies of one database: `credit review --org C1 --approve` of ten
//!    records for each of 5,000 members (`--office-members`) as the owner
//!    and as the CME office; `report submit` and `audit approve --all` of
//!    5,000 residents (`--office-residents`) as the owner, and as the base's
//!    administrator and the province's reviewer. The row-level policies
//!    and triggers are what the office pays more.
//!
//! `--only-office` runs the sixth alone. Prints a Markdown table for
//! docs/performance.md.

#![allow(clippy::print_stdout, clippy::print_stderr)]

mod support;

use std::io::Write;
use std::path::Path;
use std::process::Command;
use std::time::Instant;

use support::{arg, data_dir, measure, meded, mib, roster, secs};

/// Writes people `offset..offset + rows` as a roster.
fn write_roster(path: &Path, offset: u64, rows: u64) {
    let mut w = std::io::BufWriter::new(std::fs::File::create(path).expect("create roster"));
    writeln!(w, "{}", roster::HEADER.join(",")).unwrap();
    for i in offset..offset + rows {
        let (id, name, phone) = roster::person(i);
        writeln!(w, "{},{name},居民身份证,{id},{phone}", 2015 + i % 5).unwrap();
    }
    w.flush().unwrap();
}

/// The server URL with another database.
fn with_database(url: &str, db: &str) -> String {
    let start = url.find("://").map_or(0, |i| i + 3);
    let end = url[start..].find('/').map_or(url.len(), |i| start + i);
    format!("{}/{db}", &url[..end])
}

fn admin(url: &str, sql: &str) {
    let mut c = postgres::Client::connect(url, postgres::NoTls).expect("connect");
    c.batch_execute(sql)
        .unwrap_or_else(|e| panic!("{sql}: {e:?}"));
}

fn count(url: &str, sql: &str) -> i64 {
    let mut c = postgres::Client::connect(url, postgres::NoTls).expect("connect");
    c.query_one(sql, &[]).expect(sql).get(0)
}

fn fresh(server: &str, db: &str) -> String {
    admin(
        server,
        &format!("DROP DATABASE IF EXISTS {db} WITH (FORCE)"),
    );
    admin(server, &format!("CREATE DATABASE {db}"));
    with_database(server, db)
}

/// The same URL for another database user.
fn as_user(url: &str, user: &str) -> String {
    let start = url.find("://").map_or(0, |i| i + 3);
    let host = url[start..].find('@').map_or(start, |at| start + at + 1);
    format!("{}{user}@{}", &url[..start], &url[host..])
}

/// Every resident of the database a complete profile, written through
/// the library (as benches/review.rs does) on its own process.
fn write_profiles(url: &str, n: u64) {
    let photos = support::profiles::Photos::create(&data_dir().join("photos"), 3000);
    support::profiles::store(Path::new(url), n, &photos, &|i| i);
}

/// A database set up by `setup` with its roles and the three offices'
/// logins, and a copy of it: (the owner's URL, the copy's URL).
fn pair(server: &str, name: &str, setup: impl FnOnce(&Path)) -> (String, String) {
    let url = fresh(server, name);
    let db = Path::new(&url);
    setup(db);
    measure(meded(db).args(["db", "init", "--roles"]));
    for (user, role, org) in OFFICES {
        let mut grant = meded(db);
        grant.args(["db", "grant", user, "--role", role]);
        if !org.is_empty() {
            grant.args(["--org", org]);
        }
        measure(&mut grant);
    }
    let copy = format!("{name}_copy");
    admin(
        server,
        &format!("DROP DATABASE IF EXISTS {copy} WITH (FORCE)"),
    );
    admin(server, &format!("CREATE DATABASE {copy} TEMPLATE {name}"));
    (url, with_database(server, &copy))
}

/// A step of the sixth measurement: what it is, its arguments, the
/// databases (the owner's copy, the office's) and the office's login.
type Step<'a> = (&'a str, &'a [&'a str], &'a (String, String), &'a str);

/// The offices' logins of the sixth measurement: (user, role, organisation).
const OFFICES: [(&str, &str, &str); 3] = [
    ("bench_cme_office", "cme-office", "C1"),
    ("bench_base_admin", "base-admin", "B1"),
    ("bench_province", "province-reviewer", ""),
];

/// The sixth measurement: the same bulk work as the owner and as an
/// office, on two copies of one database (one for the CME office, one for the base and the
/// province: the synthetic members and residents are the same people);
/// prints its rows of the table.
fn office_against_owner(server: &str, members: u64, residents: u64) {
    let dir = data_dir();
    let members_csv = dir.join(format!("pg-office-members-{members}.csv"));
    let credits_csv = dir.join(format!("pg-office-credits-{members}.csv"));
    if !credits_csv.exists() {
        support::credits::write_members(&members_csv, members, 0);
        support::credits::write_credits(&credits_csv, members);
    }
    let roster_csv = dir.join(format!("pg-office-residents-{residents}.csv"));
    let training_csv = dir.join(format!("pg-office-training-{residents}.csv"));
    if !training_csv.exists() {
        roster::write_csv_years(&roster_csv, residents, |_| 2019);
        roster::write_training(&training_csv, residents, 2019);
    }
    let cme = pair(server, "meded_bench_office_cme", |db| {
        measure(meded(db).args([
            "org",
            "add",
            "--code",
            "C1",
            "--name",
            "基准医院",
            "--province",
            "四川",
            "--kind",
            "cme",
            "--region-level",
            "省级",
        ]));
        measure(meded(db).args(["org", "add", "--code", "B1", "--name", "基准基地"]));
        measure(
            meded(db)
                .args(["account", "import"])
                .arg(&members_csv)
                .args(["--org", "C1", "--role", "member", "--approve"]),
        );
        measure(meded(db).args(["credit", "import"]).arg(&credits_csv));
    });
    let base = pair(server, "meded_bench_office_base", |db| {
        measure(meded(db).args([
            "org",
            "add",
            "--code",
            "C1",
            "--name",
            "基准医院",
            "--kind",
            "cme",
        ]));
        measure(meded(db).args([
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
            meded(db)
                .args(["account", "import"])
                .arg(&roster_csv)
                .args(["--org", "B1"]),
        );
        measure(
            meded(db)
                .args(["training", "import"])
                .arg(&training_csv)
                .args(["--org", "B1"]),
        );
        let url = db.to_str().unwrap();
        support::run_self(&["--write-profiles", url, "--count", &residents.to_string()]);
    });
    let pending = count(&cme.0, "SELECT count(*) FROM credit WHERE status = '待审'");

    println!(
        "\n| Same rows ({pending} credit records, {residents} residents) | Owner | Office | Office / owner |"
    );
    println!("|---|---|---|---|");
    let steps: [Step<'_>; 3] = [
        (
            "`credit review --org C1 --approve` (CME office)",
            &["credit", "review", "--org", "C1", "--approve"],
            &cme,
            OFFICES[0].0,
        ),
        (
            "`report submit --org B1` (base administrator)",
            &["report", "submit", "--org", "B1"],
            &base,
            OFFICES[1].0,
        ),
        (
            "`audit approve --org B1 --all` (province reviewer)",
            &["audit", "approve", "--org", "B1", "--all"],
            &base,
            OFFICES[2].0,
        ),
    ];
    for (what, args, (owner_db, office_db), office) in steps {
        let owner = measure(meded(Path::new(owner_db)).args(args));
        let as_office = as_user(office_db, office);
        let by_office = measure(meded(Path::new(&as_office)).args(args));
        assert!(owner.status <= 1 && by_office.status <= 1, "{what}");
        println!(
            "| {what} | {} | {} | **{:.2}×** |",
            secs(owner.wall),
            secs(by_office.wall),
            by_office.wall.as_secs_f64() / owner.wall.as_secs_f64()
        );
    }
    for ((owner_db, office_db), sql, what) in [
        (
            &cme,
            "SELECT count(*) FROM credit WHERE status = '审核通过'",
            "approved credit records",
        ),
        (
            &base,
            "SELECT count(*) FROM training WHERE report_status = '已上报'",
            "submitted training records",
        ),
        (
            &base,
            "SELECT count(*) FROM training WHERE review_status = '审核通过'",
            "approved training records",
        ),
    ] {
        let n = count(owner_db, sql);
        assert!(n > 0, "no {what}");
        assert_eq!(n, count(office_db, sql), "the same {what}");
        println!("\n{n} {what} in each copy.");
    }
    for db in [
        "meded_bench_office_cme",
        "meded_bench_office_cme_copy",
        "meded_bench_office_base",
        "meded_bench_office_base_copy",
    ] {
        admin(
            server,
            &format!("DROP DATABASE IF EXISTS {db} WITH (FORCE)"),
        );
    }
}

fn main() {
    if let Some(url) = support::arg_str("--write-profiles") {
        return write_profiles(&url, arg("--count", 0));
    }
    let Ok(server) = std::env::var("MEDED_BENCH_PG") else {
        eprintln!("MEDED_BENCH_PG: the URL of a PostgreSQL server to benchmark on");
        std::process::exit(2);
    };
    let office_members = arg("--office-members", 5_000);
    let office_residents = arg("--office-residents", 5_000);
    if std::env::args().any(|a| a == "--only-office") {
        println!("\nMachine: {}", support::machine());
        office_against_owner(&server, office_members, office_residents);
        return;
    }
    let rows = arg("--rows", 1_000_000);
    let bases = arg("--bases", 8);
    let base_rows = arg("--base-rows", 100_000);
    let credit_members = arg("--credit-members", 50_000);
    let training_rows = arg("--training-rows", 100_000);
    let dir = data_dir();
    println!("\nMachine: {}\n", support::machine());

    let csv = dir.join(format!("pg-roster-{rows}.csv"));
    if !csv.exists() {
        eprintln!("writing {}", csv.display());
        write_roster(&csv, 0, rows);
    }

    // 1. The floor: psql's \copy into a table with a unique ID number.
    let floor_db = fresh(&server, "meded_bench_copy");
    admin(
        &floor_db,
        "CREATE TABLE roster (year INTEGER, name TEXT, id_type TEXT,
                              id_number TEXT NOT NULL UNIQUE, phone TEXT)",
    );
    let copy = measure(Command::new("psql").arg(&floor_db).arg("-qc").arg(format!(
        "\\copy roster FROM '{}' WITH (FORMAT csv, HEADER true)",
        csv.display()
    )));
    assert_eq!(count(&floor_db, "SELECT count(*) FROM roster"), rows as i64);

    // 1b. The floor of meded's own tables: psql's \copy of the same people,
    // already in the account table's columns, into a meded database (its
    // indexes, its references to the organisation and the change log).
    let tables_db = fresh(&server, "meded_bench_tables");
    let tables = Path::new(&tables_db);
    measure(meded(tables).args(["org", "add", "--code", "B1", "--name", "基准基地"]));
    let columns = dir.join(format!("pg-account-columns-{rows}.csv"));
    if !columns.exists() {
        let mut w = std::io::BufWriter::new(std::fs::File::create(&columns).unwrap());
        for i in 0..rows {
            let (id, name, phone) = roster::person(i);
            writeln!(w, "{id},居民身份证,{name},{phone},resident,1,1").unwrap();
        }
        w.flush().unwrap();
    }
    let tables_copy = measure(Command::new("psql").arg(&tables_db).arg("-qc").arg(format!(
        "\\copy account (id_number, id_type, name, phone, role, org_id, created_change) \
         FROM '{}' WITH (FORMAT csv)",
        columns.display()
    )));
    assert_eq!(
        count(&tables_db, "SELECT count(*) FROM account"),
        rows as i64
    );

    // 2. meded, all checks on.
    let url = fresh(&server, "meded_bench_import");
    let db = Path::new(&url);
    measure(meded(db).args(["org", "add", "--code", "B1", "--name", "基准基地"]));
    let import =
        measure(meded(db).args(["account", "import", csv.to_str().unwrap(), "--org", "B1"]));
    assert_eq!(count(&url, "SELECT count(*) FROM account"), rows as i64);
    assert_eq!(count(&url, "SELECT count(*) FROM training"), rows as i64);

    // 3. Eight bases at once, different people each.
    let many = fresh(&server, "meded_bench_many");
    let many_db = Path::new(&many);
    let mut files = Vec::new();
    for b in 0..bases {
        let code = format!("B{b}");
        measure(meded(many_db).args(["org", "add", "--code", &code, "--name", &code]));
        let file = dir.join(format!("pg-base-{b}-{base_rows}.csv"));
        if !file.exists() {
            write_roster(&file, rows + b * base_rows, base_rows);
        }
        files.push((code, file));
    }
    let started = Instant::now();
    let children: Vec<_> = files
        .iter()
        .map(|(code, file)| {
            meded(many_db)
                .args(["account", "import", file.to_str().unwrap(), "--org", code])
                .stdout(std::process::Stdio::null())
                .spawn()
                .expect("start meded")
        })
        .collect();
    let mut failed = 0;
    for mut c in children {
        if !c.wait().expect("wait").success() {
            failed += 1;
        }
    }
    let together = started.elapsed();
    let accounts = count(&many, "SELECT count(*) FROM account");
    let distinct = count(&many, "SELECT count(DISTINCT id_number) FROM account");
    assert_eq!(failed, 0, "every import finishes");
    assert_eq!(accounts, (bases * base_rows) as i64, "no account lost");
    assert_eq!(distinct, accounts, "none twice");

    // 4. Credit records: the floor, then meded into a database of members.
    let members_csv = dir.join(format!("pg-members-{credit_members}.csv"));
    let credits_csv = dir.join(format!("pg-credits-{credit_members}.csv"));
    if !credits_csv.exists() {
        support::credits::write_members(&members_csv, credit_members, 0);
        support::credits::write_credits(&credits_csv, credit_members);
    }
    let records = credit_members * 10;
    let credit_floor = fresh(&server, "meded_bench_credit_copy");
    admin(
        &credit_floor,
        "CREATE TABLE credit (id_number TEXT NOT NULL, name TEXT, project_no TEXT NOT NULL,
                              project_name TEXT, credits TEXT, kind TEXT, start_date TEXT,
                              end_date TEXT, form TEXT, organizer TEXT, year INTEGER,
                              subject TEXT, remark TEXT, UNIQUE (id_number, project_no))",
    );
    let credit_copy = measure(
        Command::new("psql")
            .arg(&credit_floor)
            .arg("-qc")
            .arg(format!(
                "\\copy credit FROM '{}' WITH (FORMAT csv, HEADER true)",
                credits_csv.display()
            )),
    );
    assert_eq!(
        count(&credit_floor, "SELECT count(*) FROM credit"),
        records as i64
    );
    let credit_url = fresh(&server, "meded_bench_credit");
    let credit_db = Path::new(&credit_url);
    measure(meded(credit_db).args([
        "org",
        "add",
        "--code",
        "C1",
        "--name",
        "基准医院",
        "--province",
        "四川",
        "--kind",
        "cme",
        "--region-level",
        "省级",
    ]));
    let members = measure(
        meded(credit_db)
            .args(["account", "import"])
            .arg(&members_csv)
            .args(["--org", "C1", "--role", "member", "--approve"]),
    );
    assert_eq!(members.status, 0, "the synthetic members import cleanly");
    let credit_import = measure(
        meded(credit_db)
            .args(["credit", "import"])
            .arg(&credits_csv)
            .arg("--approve"),
    );
    assert_eq!(
        credit_import.status, 0,
        "the synthetic records import cleanly"
    );
    assert_eq!(
        count(&credit_url, "SELECT count(*) FROM credit"),
        records as i64
    );

    // 5. Training information of one base's residents, then again.
    let residents_csv = dir.join(format!("pg-residents-{training_rows}-2019.csv"));
    let training_csv = dir.join(format!("pg-training-{training_rows}-2019.csv"));
    if !training_csv.exists() {
        roster::write_csv_years(&residents_csv, training_rows, |_| 2019);
        roster::write_training(&training_csv, training_rows, 2019);
    }
    let training_url = fresh(&server, "meded_bench_training");
    let training_db = Path::new(&training_url);
    measure(meded(training_db).args(["org", "add", "--code", "B1", "--name", "基准基地"]));
    let residents = measure(
        meded(training_db)
            .args(["account", "import"])
            .arg(&residents_csv)
            .args(["--org", "B1"]),
    );
    assert_eq!(
        residents.status, 0,
        "the synthetic residents import cleanly"
    );
    let training_import = || {
        measure(
            meded(training_db)
                .args(["training", "import"])
                .arg(&training_csv)
                .args(["--org", "B1"]),
        )
    };
    let fill = training_import();
    assert_eq!(
        fill.status, 0,
        "the synthetic training information imports cleanly"
    );
    let again = training_import();
    assert_eq!(again.status, 0);
    assert_eq!(
        count(
            &training_url,
            "SELECT count(*) FROM training WHERE specialty IS NOT NULL"
        ),
        training_rows as i64
    );

    println!("| What | Wall | Peak memory | Result |");
    println!("|---|---|---|---|");
    println!(
        "| `psql \\copy` of {rows} CSV rows (unique index on ID) | {} | {} | {:.0} rows/s |",
        secs(copy.wall),
        mib(copy.max_rss),
        rows as f64 / copy.wall.as_secs_f64()
    );
    println!(
        "| `psql \\copy` of the same people into meded's `account` table (its indexes and references) | {} | {} | {:.2}× `psql \\copy` |",
        secs(tables_copy.wall),
        mib(tables_copy.max_rss),
        tables_copy.wall.as_secs_f64() / copy.wall.as_secs_f64()
    );
    println!(
        "| `meded account import` of the same file | {} | {} | **{:.2}× `psql \\copy`**; {:.0} rows/s |",
        secs(import.wall),
        mib(import.max_rss),
        import.wall.as_secs_f64() / copy.wall.as_secs_f64(),
        rows as f64 / import.wall.as_secs_f64()
    );
    println!(
        "| {bases} bases × {base_rows} rows at once | {} | — | {accounts} accounts, each once; {:.0} rows/s in all |",
        secs(together),
        accounts as f64 / together.as_secs_f64()
    );
    println!(
        "| `psql \\copy` of {records} credit records (unique ID number, project number) | {} | {} | {:.0} records/s |",
        secs(credit_copy.wall),
        mib(credit_copy.max_rss),
        records as f64 / credit_copy.wall.as_secs_f64()
    );
    println!(
        "| `meded credit import --approve` of the same file | {} | {} | **{:.2}× `psql \\copy`**; {:.0} records/s |",
        secs(credit_import.wall),
        mib(credit_import.max_rss),
        credit_import.wall.as_secs_f64() / credit_copy.wall.as_secs_f64(),
        records as f64 / credit_import.wall.as_secs_f64()
    );
    println!(
        "| `meded training import` of {training_rows} residents' training information (every record filled) | {} | {} | {:.0} rows/s |",
        secs(fill.wall),
        mib(fill.max_rss),
        training_rows as f64 / fill.wall.as_secs_f64()
    );
    println!(
        "| the same file again (nothing changes) | {} | {} | {:.0} rows/s |",
        secs(again.wall),
        mib(again.max_rss),
        training_rows as f64 / again.wall.as_secs_f64()
    );
    office_against_owner(&server, office_members, office_residents);
    for db in [
        "meded_bench_training",
        "meded_bench_credit_copy",
        "meded_bench_credit",
        "meded_bench_copy",
        "meded_bench_tables",
        "meded_bench_import",
        "meded_bench_many",
    ] {
        admin(
            &server,
            &format!("DROP DATABASE IF EXISTS {db} WITH (FORCE)"),
        );
    }
}
