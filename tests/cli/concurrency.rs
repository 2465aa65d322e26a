//! Several meded processes on one database: writers queue behind the write
//! lock instead of failing. Every write begins IMMEDIATE (`db::write`); a
//! deferred transaction that read and then wrote failed at once with
//! "database is locked" while an import was running.

use std::io::Write;
use std::process::{Command, Stdio};

use crate::common::{Env, id, nth_phone};

/// The binary with the test's environment, for processes run side by side.
fn meded(env: &Env) -> Command {
    let mut cmd = Command::new(assert_cmd::cargo::cargo_bin!("meded"));
    cmd.env_clear()
        .env("PATH", std::env::var_os("PATH").unwrap_or_default())
        .env("LANG", "en_US.UTF-8")
        .env("MEDED_ACTOR", "tester")
        .current_dir(env.dir())
        .arg("--db")
        .arg(env.db_path())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    cmd
}

#[test]
fn organisations_added_while_an_import_runs_all_arrive() {
    let env = Env::with_base();
    let rows = 30_000;
    let path = env.path("roster.csv");
    let mut f = std::io::BufWriter::new(std::fs::File::create(&path).unwrap());
    writeln!(f, "招收年份,姓名,证件类型,证件号码,手机号码").unwrap();
    for i in 0..rows {
        let day = i / 999;
        let birth = format!("1990{:02}{:02}", 1 + day / 28 % 12, 1 + day % 28);
        let number = id("510107", &birth, i % 999 + 1);
        writeln!(f, "2019,学员,居民身份证,{number},{}", nth_phone(i)).unwrap();
    }
    drop(f);
    let import = meded(&env)
        .args(["account", "import", path.to_str().unwrap(), "--org", "H001"])
        .spawn()
        .unwrap();
    let adds: Vec<_> = (1..=20)
        .map(|n| {
            meded(&env)
                .args([
                    "org",
                    "add",
                    "--code",
                    &format!("B{n:03}"),
                    "--name",
                    &format!("第{n}基地"),
                    "--kind",
                    "base",
                ])
                .spawn()
                .unwrap()
        })
        .collect();
    for child in adds {
        let out = child.wait_with_output().unwrap();
        assert!(
            out.status.success(),
            "org add failed: {}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
    let out = import.wait_with_output().unwrap();
    assert!(
        out.status.success(),
        "import failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(env.count("SELECT count(*) FROM org"), 21);
    assert_eq!(env.count("SELECT count(*) FROM account"), rows as i64);
}

/// Writes a roster of `rows` distinct residents.
fn roster(env: &Env, rows: u32) -> std::path::PathBuf {
    roster_of(env, "big-roster.csv", 0..rows)
}

/// Writes a roster of the residents `people`, in that order.
fn roster_of(env: &Env, name: &str, people: impl Iterator<Item = u32>) -> std::path::PathBuf {
    let path = env.path(name);
    let mut f = std::io::BufWriter::new(std::fs::File::create(&path).unwrap());
    writeln!(f, "招收年份,姓名,证件类型,证件号码,手机号码").unwrap();
    for i in people {
        let day = i / 999;
        let birth = format!("1990{:02}{:02}", 1 + day / 28 % 12, 1 + day % 28);
        let number = id("510107", &birth, i % 999 + 1);
        writeln!(f, "2019,学员,居民身份证,{number},{}", nth_phone(i)).unwrap();
    }
    path
}

/// What a killed import may leave: the database as it was, or with the
/// whole import; never part of it, and never a damaged file.
fn check_whole(env: &Env, before: (i64, i64), rows: i64) -> (i64, i64) {
    if !crate::common::on_postgres() {
        let ok: String = env
            .db()
            .query_row("PRAGMA integrity_check", [], |r| r.get(0))
            .unwrap();
        assert_eq!(ok, "ok");
    }
    let now = (
        env.count("SELECT count(*) FROM account"),
        env.count("SELECT count(*) FROM training"),
    );
    assert!(
        now == before || now == (before.0 + rows, before.1 + rows),
        "{before:?} → {now:?}: part of an import"
    );
    now
}

/// An import killed (SIGKILL) at any moment — reading, writing the batches,
/// committing — leaves all of it or none of it, and the next import works.
#[test]
fn an_import_killed_at_any_moment_leaves_all_or_nothing() {
    let env = Env::with_base();
    let rows = 40_000;
    let path = roster(&env, rows);
    let mut state = (0, 0);
    for delay in [30, 120, 300, 700, 1500] {
        let mut import = meded(&env)
            .args(["account", "import", path.to_str().unwrap(), "--org", "H001"])
            .spawn()
            .unwrap();
        std::thread::sleep(std::time::Duration::from_millis(delay));
        // Child::kill sends SIGKILL: no destructor, no rollback by meded.
        let _ = import.kill();
        let _ = import.wait();
        state = check_whole(&env, state, i64::from(rows));
    }
    let out = meded(&env)
        .args(["account", "import", path.to_str().unwrap(), "--org", "H001"])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    check_whole(&env, state, i64::from(rows));
    assert_eq!(env.count("SELECT count(*) FROM account"), i64::from(rows));
}

/// Two bases import the same residents at the same moment: each person
/// ends up at one base only, in training there once, and whichever import
/// comes second refuses them (the binding rule), on a file as on a server,
/// where the imports really run side by side.
#[test]
fn the_binding_rule_holds_when_two_bases_import_the_same_people_at_once() {
    let env = Env::with_base();
    let rows = 12_000;
    let path = roster(&env, rows);
    two_bases_at_once(&env, [&path, &path], rows);
}

/// The same people in opposite orders: on a server each import waits for
/// people the other is creating, and the server ends one of them to break
/// the deadlock; that one runs again by itself, and the outcome is the
/// same as above.
#[test]
fn two_bases_importing_the_same_people_in_opposite_orders_both_finish() {
    let env = Env::with_base();
    let rows = 12_000;
    let forward = roster_of(&env, "forward.csv", 0..rows);
    let backward = roster_of(&env, "backward.csv", (0..rows).rev());
    two_bases_at_once(&env, [&forward, &backward], rows);
}

/// Imports `files` into two bases at once and checks the binding rule's
/// outcome: every one of the `rows` people imported once, refused once.
fn two_bases_at_once(env: &Env, files: [&std::path::Path; 2], rows: u32) {
    env.add_org("H002", "四川省人民医院");
    let imports: Vec<_> = ["H001", "H002"]
        .iter()
        .zip(files)
        .map(|(org, path)| {
            meded(env)
                .args([
                    "account",
                    "import",
                    path.to_str().unwrap(),
                    "--org",
                    org,
                    "--format",
                    "json",
                ])
                .spawn()
                .unwrap()
        })
        .collect();
    let mut imported = 0;
    let mut refused = 0;
    for child in imports {
        let out = child.wait_with_output().unwrap();
        let code = out.status.code();
        assert!(
            code == Some(0) || code == Some(1),
            "an import ends with its report: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        let report: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
        imported += report["imported"].as_u64().unwrap();
        refused += report["rejected"].as_u64().unwrap();
    }
    assert_eq!(imported, u64::from(rows), "each person created once");
    assert_eq!(refused, u64::from(rows), "and refused by the other base");
    assert_eq!(env.accounts(), i64::from(rows));
    assert_eq!(
        env.count("SELECT count(*) FROM training WHERE status = '在培'"),
        i64::from(rows),
        "one training record each"
    );
}
