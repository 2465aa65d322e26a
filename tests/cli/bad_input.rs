//! Bad input never panics (the harness checks every run) and never
//! half-writes: exit 2 for unusable input, 3 for the database.

use crate::common::*;

/// Imports `file` into H001 and checks that it failed with `code` and
/// left the database as it was.
fn refused(env: &Env, file: &str, extra: &[&str], code: i32) -> Run {
    let sets = env.change_sets();
    let mut args = vec!["account", "import", file, "--org", "H001"];
    args.extend_from_slice(extra);
    let run = env.run(&args).expect(code);
    assert!(run.stdout.is_empty(), "{}", run.stdout);
    assert!(run.stderr.starts_with("meded: "), "{}", run.stderr);
    assert_eq!(env.accounts(), 0);
    assert_eq!(env.count("SELECT count(*) FROM training"), 0);
    assert_eq!(env.change_sets(), sets);
    run
}

#[test]
fn missing_file() {
    let env = Env::with_base();
    let run = refused(&env, "nope.xlsx", &[], 2);
    assert!(run.stderr.contains("no such file"), "{}", run.stderr);
}

#[test]
fn binary_and_empty_files() {
    let env = Env::with_base();
    let mut noise = Vec::new();
    let mut x: u32 = 2463534242;
    for _ in 0..4096 {
        x ^= x << 13;
        x ^= x >> 17;
        x ^= x << 5;
        noise.push(x as u8);
    }
    env.write("noise.csv", &noise);
    refused(&env, "noise.csv", &[], 2);
    let mut png = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR".to_vec();
    png.extend_from_slice(&noise[..512]);
    env.write("photo.png", &png);
    refused(&env, "photo.png", &[], 2);
    env.write("empty.csv", "");
    refused(&env, "empty.csv", &[], 2);
    env.write("empty.xlsx", "");
    refused(&env, "empty.xlsx", &[], 2);
    // A directory is not a roster either.
    std::fs::create_dir(env.path("dir.csv")).unwrap();
    refused(&env, "dir.csv", &[], 2);
}

#[test]
fn xlsx_that_is_really_text() {
    let env = Env::with_base();
    env.write("r.xlsx", csv_text(&roster(2), b','));
    let run = refused(&env, "r.xlsx", &[], 2);
    assert!(run.stderr.contains("XLSX"), "{}", run.stderr);
    env.write(
        "r.xls",
        "<html><table><tr><td>姓名</td></tr></table></html>",
    );
    refused(&env, "r.xls", &[], 2);
    env.write("r.ods", csv_text(&roster(1), b','));
    refused(&env, "r.ods", &[], 2);
}

#[test]
fn zip_that_is_not_a_workbook() {
    let env = Env::with_base();
    // A ZIP archive holding one stored file, written by hand.
    let name = b"a.txt";
    let data = b"hello";
    let crc = crc32(data);
    let mut zip = Vec::new();
    let local = zip.len() as u32;
    zip.extend_from_slice(b"PK\x03\x04\x14\0\0\0\0\0\0\0\0\0");
    zip.extend_from_slice(&crc.to_le_bytes());
    zip.extend_from_slice(&(data.len() as u32).to_le_bytes());
    zip.extend_from_slice(&(data.len() as u32).to_le_bytes());
    zip.extend_from_slice(&(name.len() as u16).to_le_bytes());
    zip.extend_from_slice(&0u16.to_le_bytes());
    zip.extend_from_slice(name);
    zip.extend_from_slice(data);
    let central = zip.len() as u32;
    zip.extend_from_slice(b"PK\x01\x02\x14\0\x14\0\0\0\0\0\0\0\0\0");
    zip.extend_from_slice(&crc.to_le_bytes());
    zip.extend_from_slice(&(data.len() as u32).to_le_bytes());
    zip.extend_from_slice(&(data.len() as u32).to_le_bytes());
    zip.extend_from_slice(&(name.len() as u16).to_le_bytes());
    zip.extend_from_slice(&[0; 12]);
    zip.extend_from_slice(&local.to_le_bytes());
    zip.extend_from_slice(name);
    let size = zip.len() as u32 - central;
    zip.extend_from_slice(b"PK\x05\x06\0\0\0\0\x01\0\x01\0");
    zip.extend_from_slice(&size.to_le_bytes());
    zip.extend_from_slice(&central.to_le_bytes());
    zip.extend_from_slice(&0u16.to_le_bytes());
    env.write("r.xlsx", &zip);
    refused(&env, "r.xlsx", &[], 2);
    env.write("r.ods", &zip);
    refused(&env, "r.ods", &[], 2);
    // A truncated real workbook.
    let full = Xlsx::new()
        .sheet("账号模板", 0, &text_rows(&roster(3)))
        .save(&env.path("full.xlsx"));
    let bytes = std::fs::read(full).unwrap();
    env.write("cut.xlsx", &bytes[..bytes.len() / 2]);
    refused(&env, "cut.xlsx", &[], 2);
}

fn crc32(data: &[u8]) -> u32 {
    let mut crc = !0u32;
    for &b in data {
        crc ^= u32::from(b);
        for _ in 0..8 {
            crc = if crc & 1 == 1 {
                (crc >> 1) ^ 0xEDB8_8320
            } else {
                crc >> 1
            };
        }
    }
    !crc
}

#[test]
fn wrong_template_names_the_missing_columns() {
    let env = Env::with_base();
    // A credit roster instead of an account roster.
    env.csv(
        "credit.csv",
        &rows(&[
            &["证件号码", "姓名", "项目编号", "项目名称", "学分"],
            &[&nth_id(1), "张三", "2019-01-01-001", "心血管进展", "5"],
        ]),
    );
    let run = refused(&env, "credit.csv", &[], 2);
    assert!(
        run.stderr.contains("not the expected template"),
        "{}",
        run.stderr
    );
    for col in ["招收年份", "证件类型", "手机号码"] {
        assert!(run.stderr.contains(col), "{col}: {}", run.stderr);
    }
    // Nothing that looks like a header at all.
    env.csv("nums.csv", &rows(&[&["1", "2"], &["3", "4"]]));
    let run = refused(&env, "nums.csv", &[], 2);
    assert!(run.stderr.contains("no header row"), "{}", run.stderr);
    assert!(run.stderr.contains("证件号码"), "{}", run.stderr);
}

#[test]
fn a_column_named_twice_is_refused() {
    let env = Env::with_base();
    env.csv(
        "r.csv",
        &rows(&[
            &[
                "招收年份",
                "姓名",
                "证件类型",
                "证件号码",
                "手机号码",
                "身份证号",
            ],
            &[
                "2019",
                "张三",
                "居民身份证",
                &nth_id(1),
                "13800000001",
                &nth_id(2),
            ],
        ]),
    );
    let run = refused(&env, "r.csv", &[], 2);
    assert!(run.stderr.contains("证件号码"), "{}", run.stderr);
}

#[test]
fn unknown_organisation() {
    let env = Env::with_base();
    let file = env.csv("r.csv", &roster(1));
    let run = env
        .run(&["account", "import", file.to_str().unwrap(), "--org", "H999"])
        .expect(2);
    assert!(run.stderr.contains("H999"), "{}", run.stderr);
    assert_eq!(env.accounts(), 0);
    assert_eq!(env.change_sets(), 1);
    env.run(&["reset-password", "--org", "H999"]).expect(2);
}

#[test]
fn unknown_sheet_names_the_sheets_there_are() {
    let env = Env::with_base();
    Xlsx::new()
        .sheet("账号模板", 0, &text_rows(&roster(1)))
        .sheet("说明", 0, &[vec![t("x")]])
        .save(&env.path("r.xlsx"));
    let run = refused(&env, "r.xlsx", &["--sheet", "名单"], 2);
    assert!(run.stderr.contains("名单"), "{}", run.stderr);
    assert!(run.stderr.contains("账号模板"), "{}", run.stderr);
    assert!(run.stderr.contains("说明"), "{}", run.stderr);
    // A CSV has no sheets to choose from.
    env.csv("r.csv", &roster(1));
    refused(&env, "r.csv", &["--sheet", "账号模板"], 2);
}

#[test]
fn db_that_is_not_a_database_is_left_unchanged() {
    let env = Env::new();
    let notes = "这不是数据库\n".repeat(500);
    let p = env.write("notes.db", &notes);
    let run = Env::exec({
        let mut cmd = env.bare_cmd();
        cmd.args(["--db", p.to_str().unwrap(), "org", "list"]);
        cmd
    })
    .expect(3);
    assert!(
        run.stderr.contains("not a meded database"),
        "{}",
        run.stderr
    );
    let run = Env::exec({
        let mut cmd = env.bare_cmd();
        cmd.args([
            "--db",
            p.to_str().unwrap(),
            "org",
            "add",
            "--code",
            "H1",
            "--name",
            "x",
        ]);
        cmd
    })
    .expect(3);
    assert!(run.stderr.contains("notes.db"), "{}", run.stderr);
    assert!(
        std::fs::read_to_string(&p).unwrap() == notes,
        "the file was changed"
    );
    assert!(!env.path("notes.db-wal").exists());
    assert!(!env.path("notes.db-shm").exists());
}

#[test]

fn db_of_another_program_is_refused_and_left_unchanged() {
    let env = Env::new();
    let other = env.path("other.db");
    meded::db::sql::Connection::open(&other)
        .unwrap()
        .execute_batch("CREATE TABLE notes (x TEXT); INSERT INTO notes VALUES ('keep');")
        .unwrap();
    let before = std::fs::read(&other).unwrap();
    let mut cmd = env.bare_cmd();
    cmd.args([
        "--db",
        other.to_str().unwrap(),
        "org",
        "add",
        "--code",
        "H1",
        "--name",
        "x",
    ]);
    let run = Env::exec(cmd).expect(3);
    assert!(
        run.stderr.contains("not a meded database"),
        "{}",
        run.stderr
    );
    let journal: String = meded::db::sql::Connection::open(&other)
        .unwrap()
        .query_row("PRAGMA journal_mode", [], |r| r.get(0))
        .unwrap();
    assert_eq!(
        journal, "delete",
        "the other program's journal mode was changed"
    );
    assert!(
        std::fs::read(&other).unwrap() == before,
        "the other program's database file was modified"
    );
}

#[test]
fn db_of_a_newer_meded_is_refused() {
    if sqlite_only() {
        return;
    }
    let env = Env::new();
    env.add_org("H001", "华西医院");
    env.db().pragma_update(None, "user_version", 99).unwrap();
    let run = env.run(&["org", "list"]).expect(3);
    assert!(run.stderr.contains("newer"), "{}", run.stderr);
    env.run(&["org", "add", "--code", "H2", "--name", "x"])
        .expect(3);
    assert_eq!(env.count("SELECT count(*) FROM org"), 1);
}

#[test]
fn db_in_a_directory_that_does_not_exist() {
    let env = Env::new();
    let p = env.path("no/such/dir/t.db");
    let mut cmd = env.bare_cmd();
    cmd.args([
        "--db",
        p.to_str().unwrap(),
        "org",
        "add",
        "--code",
        "H1",
        "--name",
        "某医院",
    ]);
    let run = Env::exec(cmd).expect(3);
    assert!(run.stderr.contains("t.db"), "{}", run.stderr);
    assert!(
        run.stderr.contains("does not exist"),
        "the system's cause in a sentence: {}",
        run.stderr
    );
    assert!(!env.path("no").exists());
}

#[test]
fn db_that_is_a_directory() {
    let env = Env::new();
    std::fs::create_dir(env.path("dir.db")).unwrap();
    for args in [
        vec!["org", "list"],
        vec!["org", "add", "--code", "H1", "--name", "某医院"],
    ] {
        let mut cmd = env.bare_cmd();
        cmd.args(["--db", "dir.db"]).args(&args);
        let run = Env::exec(cmd).expect(2);
        assert!(run.stderr.contains("is a folder"), "{}", run.stderr);
    }
    assert!(env.path("dir.db").is_dir());
}

#[cfg(unix)]
#[test]
fn a_new_database_is_private() {
    if sqlite_only() {
        return;
    }
    let env = Env::new();
    let add = ["org", "add", "--code", "H001", "--name", "某医院"];
    env.run(&add).expect(0);
    assert_eq!(mode(env.db_path()), 0o600);
    // Also through MEDED_DB.
    let p = env.path("env.db");
    let mut cmd = env.bare_cmd();
    cmd.env("MEDED_DB", &p).args(add);
    Env::exec(cmd).expect(0);
    assert_eq!(mode(&p), 0o600);
    // And the default file in the current directory.
    let mut cmd = env.bare_cmd();
    cmd.args(add);
    Env::exec(cmd).expect(0);
    assert_eq!(mode(&env.path("meded.db")), 0o600);
}

#[test]
fn an_unwritable_errors_file_fails_the_import_and_writes_nothing() {
    let env = Env::with_base();
    let file = env.csv(
        "r.csv",
        &[
            HEADER.iter().map(|s| s.to_string()).collect(),
            resident("2019", "张三", &nth_id(1), "13800000001"),
            resident("2019", "李四", "110101199003070010", "13800000002"),
        ],
    );
    let out = env.path("no/such/dir/errors.csv");
    refused(
        &env,
        file.to_str().unwrap(),
        &["--errors", out.to_str().unwrap()],
        3,
    );
    // A name that is neither .xlsx nor .csv is a usage error, before any work.
    refused(&env, file.to_str().unwrap(), &["--errors", "errors.txt"], 2);
    assert!(!env.path("errors.txt").exists());
}

#[test]
fn an_unwritable_credentials_file_resets_nothing() {
    let env = Env::with_base();
    env.import(&env.csv("r.csv", &roster(1)), "H001", &[], 0);
    let sets = env.change_sets();
    let out = env.path("no/such/dir/pw.csv");
    env.run(&[
        "reset-password",
        &nth_id(1),
        "--random",
        "--credentials",
        out.to_str().unwrap(),
    ])
    .expect(3);
    let acc = env.account(&nth_id(1));
    assert_eq!(
        (acc.password_state.as_str(), acc.password_hash),
        ("initial", None)
    );
    assert_eq!(env.change_sets(), sets);
}

#[test]
fn unknown_options_and_commands_are_usage_errors() {
    let env = Env::new();
    env.run(&["org", "frobnicate"]).expect(2);
    env.run(&["account", "import"]).expect(2);
    env.run(&["--format", "yaml", "org", "list"]).expect(2);
    env.run(&["--lang", "fr", "org", "list"]).expect(2);
    env.run(&[
        "account", "import", "r.csv", "--org", "H1", "--role", "nurse",
    ])
    .expect(2);
    // --help is not an error.
    let run = env.run(&["account", "import", "--help"]).expect(0);
    assert!(run.stdout.contains("Examples"), "{}", run.stdout);
}
