//! The test harness: the real `meded` binary run on a database in a
//! temporary directory (as sqlx-cli's tests do), with an environment cleared
//! of everything but PATH, LANG and MEDED_ACTOR (as tealdeer's do), and
//! helpers to write the spreadsheets people send and to read back what was
//! written.

#![allow(dead_code)]

use std::path::{Path, PathBuf};

use assert_cmd::Command;
use meded::db::sql::Connection;
use rust_xlsxwriter::{ExcelDateTime, Format, Workbook};
use serde_json::Value;
use tempfile::TempDir;

/// The five valid 居民身份证 numbers of docs/domain.md#resident-id-card.
pub const VALID_IDS: [&str; 5] = [
    "11010519491231002X",
    "110101199003070011",
    "310115198511200020",
    "440305200002290037",
    "362301199202281048",
];

/// The invalid numbers of docs/domain.md#resident-id-card: wrong check
/// character, no such date, no province 99, born in the future, 17
/// characters.
pub const INVALID_IDS: [&str; 5] = [
    "110101199003070010",
    "440305190002290030",
    "990101199003070015",
    "110101209901010017",
    "11010119900307001",
];

/// The header of the resident account template (账号模板), as written in
/// the official file.
pub const HEADER: [&str; 5] = ["*招收年份", "*姓名", "*证件类型", "*证件号码", "*手机号码"];

/// GB 11643 check character of 17 digits.
pub fn check_char(first17: &str) -> char {
    const W: [u32; 17] = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
    let s: u32 = first17
        .chars()
        .zip(W)
        .map(|(d, w)| d.to_digit(10).expect("a digit") * w)
        .sum();
    "10X98765432".as_bytes()[(s % 11) as usize] as char
}

/// A valid ID number: area code (6 digits), birth date (YYYYMMDD), sequence.
pub fn id(area: &str, birth: &str, seq: u32) -> String {
    let first = format!("{area}{birth}{seq:03}");
    assert_eq!(first.len(), 17, "{first}");
    let c = check_char(&first);
    format!("{first}{c}")
}

/// The `n`th of a series of distinct valid ID numbers (Chengdu, 1995).
pub fn nth_id(n: u32) -> String {
    id("510107", "19950101", n)
}

/// A distinct valid mobile number.
pub fn nth_phone(n: u32) -> String {
    format!("139{n:08}")
}

/// What one run of the binary did.
#[derive(Debug)]
pub struct Run {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

impl Run {
    /// Stdout as the one JSON document `--format json` promises.
    pub fn json(&self) -> Value {
        serde_json::from_str(&self.stdout).unwrap_or_else(|e| {
            panic!(
                "stdout is not JSON ({e}):\n{}\nstderr:\n{}",
                self.stdout, self.stderr
            )
        })
    }

    pub fn expect(self, code: i32) -> Run {
        assert_eq!(
            self.code, code,
            "exit code {} (wanted {code})\nstdout:\n{}\nstderr:\n{}",
            self.code, self.stdout, self.stderr
        );
        self
    }
}

/// One test's world: a temporary directory holding the database and the
/// files the test writes.
pub struct Env {
    dir: TempDir,
    db: PathBuf,
    /// On PostgreSQL, the test's own database, dropped with the Env.
    pg_database: Option<String>,
}

/// Whether the suite runs on PostgreSQL (`MEDED_TEST_DB=postgres`, with
/// `MEDED_TEST_PG` the URL of a server database the tests may create
/// databases from) rather than on SQLite files.
pub fn on_postgres() -> bool {
    std::env::var("MEDED_TEST_DB").is_ok_and(|v| v == "postgres")
}

/// For a test of what only an SQLite file has (its mode, a file that is
/// not a database, migration of old files): whether to skip it here.
#[allow(clippy::print_stderr)] // a skipped test says why, in the test output
pub fn sqlite_only() -> bool {
    if on_postgres() {
        eprintln!("skipped on PostgreSQL: a test of SQLite files");
        return true;
    }
    false
}

/// The actor a history shows for an operator who said `--actor who`: on a
/// file that name; on a server the connected user (the test server's
/// `postgres`), with the name beside it.
pub fn shown_actor(who: &str) -> String {
    if on_postgres() {
        format!("postgres ({who})")
    } else {
        who.to_owned()
    }
}

/// The server's URL with another database.
fn pg_url(database: &str) -> String {
    let base = std::env::var("MEDED_TEST_PG").expect("MEDED_TEST_PG: the test server's URL");
    let (root, query) = match base.split_once('?') {
        Some((r, q)) => (r.to_owned(), format!("?{q}")),
        None => (base.clone(), String::new()),
    };
    let scheme_end = root.find("://").map_or(0, |i| i + 3);
    let host_end = root[scheme_end..]
        .find('/')
        .map_or(root.len(), |i| scheme_end + i);
    format!("{}/{database}{query}", &root[..host_end])
}

fn pg_admin() -> postgres::Client {
    let url = pg_url("postgres");
    postgres::Client::connect(&url, postgres::NoTls).expect("connect to the test server")
}

/// A fresh database with meded's schema, copied from a template made once
/// per test run (creating the schema for every test would cost more than
/// the test).
fn new_pg_database() -> String {
    use std::sync::atomic::{AtomicU32, Ordering};
    static TEMPLATE: std::sync::OnceLock<()> = std::sync::OnceLock::new();
    static NEXT: AtomicU32 = AtomicU32::new(0);
    let template = format!("meded_test_template_{}", std::process::id());
    TEMPLATE.get_or_init(|| {
        let mut admin = pg_admin();
        // Templates and databases of earlier runs that ended without
        // dropping them (a test run that was killed).
        let stale = admin
            .query(
                "SELECT datname FROM pg_database WHERE datname LIKE 'meded_test_%'",
                &[],
            )
            .expect("list the test databases");
        for row in stale {
            let name: String = row.get(0);
            let pid = name
                .rsplit('_')
                .nth(usize::from(!name.contains("template")));
            let alive = pid.is_some_and(|p| Path::new(&format!("/proc/{p}")).exists());
            if !alive || name == template {
                admin
                    .batch_execute(&format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)"))
                    .expect("drop an old test database");
            }
        }
        admin
            .batch_execute(&format!("CREATE DATABASE {template}"))
            .expect("create the template database");
        drop(
            meded::db::open(std::path::Path::new(&pg_url(&template)))
                .expect("the schema in the template database"),
        );
    });
    let name = format!(
        "meded_test_{}_{}",
        std::process::id(),
        NEXT.fetch_add(1, Ordering::Relaxed)
    );
    // Two copies of one template cannot start at the same moment.
    static COPYING: std::sync::Mutex<()> = std::sync::Mutex::new(());
    let _one = COPYING.lock().unwrap_or_else(|e| e.into_inner());
    pg_admin()
        .batch_execute(&format!("CREATE DATABASE {name} TEMPLATE {template}"))
        .expect("create the test's database");
    name
}

impl Drop for Env {
    fn drop(&mut self) {
        if let Some(name) = &self.pg_database {
            let _ =
                pg_admin().batch_execute(&format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)"));
        }
    }
}

impl Default for Env {
    fn default() -> Self {
        Self::new()
    }
}

impl Env {
    pub fn new() -> Env {
        let dir = tempfile::tempdir().expect("temporary directory");
        if on_postgres() {
            let name = new_pg_database();
            return Env {
                db: PathBuf::from(pg_url(&name)),
                dir,
                pg_database: Some(name),
            };
        }
        let db = dir.path().join("t.db");
        Env {
            dir,
            db,
            pg_database: None,
        }
    }

    /// A new environment whose database exists and is empty (`db init`):
    /// a command that only reads needs one.
    pub fn with_database() -> Env {
        let env = Env::new();
        env.run(&["db", "init"]).expect(0);
        env
    }

    /// A new environment with one training base H001.
    pub fn with_base() -> Env {
        let env = Env::new();
        env.add_org("H001", "四川大学华西医院");
        env
    }

    pub fn dir(&self) -> &Path {
        self.dir.path()
    }

    pub fn db_path(&self) -> &Path {
        &self.db
    }

    /// Where the signing key is made on first use: beside a database
    /// file, or in the working directory for a server.
    pub fn key_path(&self) -> PathBuf {
        if on_postgres() {
            self.path("meded-signing.key")
        } else {
            self.path("t.db.key")
        }
    }

    /// A path inside the test's directory.
    pub fn path(&self, name: &str) -> PathBuf {
        self.dir.path().join(name)
    }

    /// The binary, with a clean environment and `--db` on this test's file,
    /// run in the test's directory.
    pub fn bare_cmd(&self) -> Command {
        let mut cmd = assert_cmd::cargo::cargo_bin_cmd!("meded");
        cmd.env_clear()
            .env("PATH", std::env::var_os("PATH").unwrap_or_default())
            .env("LANG", "en_US.UTF-8")
            .current_dir(self.dir.path());
        cmd
    }

    /// [`Env::bare_cmd`] with MEDED_ACTOR=tester and `--db`.
    pub fn cmd(&self) -> Command {
        let mut cmd = self.bare_cmd();
        cmd.env("MEDED_ACTOR", "tester").arg("--db").arg(&self.db);
        cmd
    }

    /// On PostgreSQL: this test's database as another database user.
    pub fn url_as(&self, user: &str) -> String {
        let url = self.db.to_str().expect("a URL");
        let start = url.find("://").expect("a URL") + 3;
        let host = url[start..].find('@').map_or(start, |at| start + at + 1);
        format!("{}{user}@{}", &url[..start], &url[host..])
    }

    /// Runs a command connected as another database user.
    pub fn run_as(&self, user: &str, args: &[&str]) -> Run {
        let mut cmd = self.bare_cmd();
        cmd.env("MEDED_ACTOR", "tester")
            .arg("--db")
            .arg(self.url_as(user))
            .args(args);
        Env::exec(cmd)
    }

    /// A connection of its own to this test's database as another user.
    pub fn client_as(&self, user: &str) -> postgres::Client {
        postgres::Client::connect(&self.url_as(user), postgres::NoTls)
            .unwrap_or_else(|e| panic!("connect as {user}: {e}"))
    }

    /// Runs a command and checks that it did not panic.
    pub fn exec(mut cmd: Command) -> Run {
        let out = cmd.output().expect("run meded");
        let run = Run {
            code: out.status.code().unwrap_or(-1),
            stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
            stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
        };
        assert!(
            !run.stderr.contains("panicked") && run.code != 101,
            "meded panicked:\n{}",
            run.stderr
        );
        run
    }

    pub fn run(&self, args: &[&str]) -> Run {
        let mut cmd = self.cmd();
        cmd.args(args);
        Env::exec(cmd)
    }

    /// Runs with `stdin` (a password) piped in.
    pub fn run_stdin(&self, args: &[&str], stdin: &str) -> Run {
        let mut cmd = self.cmd();
        cmd.args(args).write_stdin(stdin.to_owned());
        Env::exec(cmd)
    }

    /// Runs with `--format json`, checks the exit code and parses stdout.
    pub fn json(&self, args: &[&str], code: i32) -> Value {
        let mut all = args.to_vec();
        all.extend(["--format", "json"]);
        self.run(&all).expect(code).json()
    }

    pub fn add_org(&self, code: &str, name: &str) {
        self.run(&[
            "org",
            "add",
            "--code",
            code,
            "--name",
            name,
            "--province",
            "四川",
        ])
        .expect(0);
    }

    /// `account import FILE --org ORG [extra] --format json`, expecting `code`.
    pub fn import(&self, file: &Path, org: &str, extra: &[&str], code: i32) -> Value {
        let file = file.to_str().expect("UTF-8 path");
        let mut args = vec!["account", "import", file, "--org", org];
        args.extend_from_slice(extra);
        self.json(&args, code)
    }

    /// Whether `id_number` matches `password` (exit 0) or not (exit 1). A
    /// member whose registration is pending is refused a login (exit 1)
    /// even with the right password, which the message says.
    pub fn password_matches(&self, id_number: &str, password: &str) -> bool {
        let run = self.run_stdin(
            &["account", "check-password", id_number],
            &format!("{password}\n"),
        );
        match run.code {
            0 => true,
            1 => run.stderr.contains("the password matches, but"),
            _ => panic!("check-password: {run:?}"),
        }
    }

    // ------------------------------------------------------------ database

    /// A connection on the test's database, to read back what was written.
    pub fn db(&self) -> Connection {
        Connection::open(&self.db).expect("open the test database")
    }

    /// A number from one SQL query.
    pub fn count(&self, sql: &str) -> i64 {
        self.db()
            .query_row(sql, [], |r| r.get(0))
            .unwrap_or_else(|e| panic!("{sql}: {e}"))
    }

    /// [`Env::count`], or 0 when there is no database file at all: a
    /// refused first command leaves none behind.
    pub fn count_if_any(&self, sql: &str) -> i64 {
        if !on_postgres() && !self.db.exists() {
            return 0;
        }
        self.count(sql)
    }

    pub fn accounts(&self) -> i64 {
        self.count("SELECT count(*) FROM account")
    }

    pub fn change_sets(&self) -> i64 {
        self.count("SELECT count(*) FROM change_set")
    }

    /// Whether an account with this ID number exists.
    pub fn has_account(&self, id_number: &str) -> bool {
        self.db()
            .query_row(
                "SELECT count(*) FROM account WHERE id_number = ?1",
                [id_number],
                |r| r.get::<_, i64>(0),
            )
            .unwrap()
            == 1
    }

    /// An account as stored, with its organisation's code and department's name.
    pub fn account(&self, id_number: &str) -> AccountRow {
        self.db()
            .query_row(
                "SELECT a.name, a.phone, a.id_type, a.role, o.code, a.password_state,
                        a.password_hash, a.email, d.name, a.title
                 FROM account a JOIN org o ON o.id = a.org_id
                 LEFT JOIN department d ON d.id = a.department_id
                 WHERE a.id_number = ?1",
                [id_number],
                |r| {
                    Ok(AccountRow {
                        name: r.get(0)?,
                        phone: r.get(1)?,
                        id_type: r.get(2)?,
                        role: r.get(3)?,
                        org: r.get(4)?,
                        password_state: r.get(5)?,
                        password_hash: r.get(6)?,
                        email: r.get(7)?,
                        department: r.get(8)?,
                        title: r.get(9)?,
                    })
                },
            )
            .unwrap_or_else(|e| panic!("account {id_number}: {e}"))
    }

    /// The training records of a person: (org code, recruit year, status), in order.
    pub fn training(&self, id_number: &str) -> Vec<(String, i64, String)> {
        let conn = self.db();
        let mut stmt = conn
            .prepare(
                "SELECT o.code, t.recruit_year, t.status FROM training t
                 JOIN account a ON a.id = t.account_id JOIN org o ON o.id = t.org_id
                 WHERE a.id_number = ?1 ORDER BY t.id",
            )
            .unwrap();
        stmt.query_map([id_number], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
            .unwrap()
            .map(Result::unwrap)
            .collect()
    }

    /// Sets a person's training status directly, as `training set-status`
    /// will once it exists.
    pub fn set_status(&self, id_number: &str, status: &str) {
        let n = self
            .db()
            .execute(
                "UPDATE training SET status = ?2
                 WHERE account_id = (SELECT id FROM account WHERE id_number = ?1)",
                [id_number, status],
            )
            .unwrap();
        assert!(n > 0, "no training record for {id_number}");
    }

    /// The change items about a subject: (entity, action, field, before, after).
    pub fn items(&self, subject: &str) -> Vec<Item> {
        let conn = self.db();
        let mut stmt = conn
            .prepare(
                "SELECT entity, action, field, before, after, note FROM change_item
                 WHERE subject = ?1 ORDER BY id",
            )
            .unwrap();
        stmt.query_map([subject], |r| {
            Ok(Item {
                entity: r.get(0)?,
                action: r.get(1)?,
                field: r.get(2)?,
                before: r.get(3)?,
                after: r.get(4)?,
                note: r.get(5)?,
            })
        })
        .unwrap()
        .map(Result::unwrap)
        .collect()
    }

    /// Every text value of every table, for secrets that must not be there.
    pub fn all_text(&self) -> Vec<String> {
        let conn = self.db();
        let tables: Vec<String> = conn
            .prepare(if on_postgres() {
                "SELECT table_name::text FROM information_schema.tables WHERE table_schema = 'public'"
            } else {
                "SELECT name FROM sqlite_master WHERE type = 'table'"
            })
            .unwrap()
            .query_map([], |r| r.get(0))
            .unwrap()
            .map(Result::unwrap)
            .collect();
        let mut texts = Vec::new();
        for t in tables {
            let mut stmt = conn.prepare(&format!("SELECT * FROM \"{t}\"")).unwrap();
            let n = stmt.column_count();
            let mut rows = stmt.query([]).unwrap();
            while let Some(row) = rows.next().unwrap() {
                for i in 0..n {
                    if let meded::db::sql::ValueRef::Text(b) = row.get_ref(i).unwrap() {
                        texts.push(b.to_owned());
                    }
                }
            }
        }
        texts
    }

    // ------------------------------------------------------------ files

    pub fn write(&self, name: &str, bytes: impl AsRef<[u8]>) -> PathBuf {
        let p = self.path(name);
        std::fs::write(&p, bytes).expect("write a test file");
        p
    }

    /// A UTF-8 CSV without BOM.
    pub fn csv(&self, name: &str, rows: &[Vec<String>]) -> PathBuf {
        self.write(name, csv_text(rows, b','))
    }

    /// A UTF-8 CSV with a byte-order mark, as Excel saves "CSV UTF-8".
    pub fn csv_bom(&self, name: &str, rows: &[Vec<String>]) -> PathBuf {
        self.write(name, format!("\u{FEFF}{}", csv_text(rows, b',')))
    }

    /// A GBK CSV, as Excel on Chinese Windows saves "CSV".
    pub fn csv_gbk(&self, name: &str, rows: &[Vec<String>]) -> PathBuf {
        let text = csv_text(rows, b',').replace('\n', "\r\n");
        let (bytes, _, unmappable) = encoding_rs::GBK.encode(&text);
        assert!(!unmappable, "text not in GBK");
        self.write(name, bytes)
    }

    /// A tab-separated UTF-8 file.
    pub fn tsv(&self, name: &str, rows: &[Vec<String>]) -> PathBuf {
        self.write(name, csv_text(rows, b'\t'))
    }
}

/// One account as stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AccountRow {
    pub name: String,
    pub phone: Option<String>,
    pub id_type: String,
    pub role: String,
    pub org: String,
    pub password_state: String,
    pub password_hash: Option<String>,
    pub email: Option<String>,
    pub department: Option<String>,
    pub title: Option<String>,
}

/// One change_item row.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Item {
    pub entity: String,
    pub action: String,
    pub field: Option<String>,
    pub before: Option<String>,
    pub after: Option<String>,
    pub note: Option<String>,
}

/// Rows of strings from string slices.
pub fn rows(rows: &[&[&str]]) -> Vec<Vec<String>> {
    rows.iter()
        .map(|r| r.iter().map(|s| s.to_string()).collect())
        .collect()
}

/// A resident row of the account template.
pub fn resident(year: &str, name: &str, id_number: &str, phone: &str) -> Vec<String> {
    vec![
        year.into(),
        name.into(),
        "居民身份证".into(),
        id_number.into(),
        phone.into(),
    ]
}

/// The template header followed by `n` good resident rows (people 1..=n).
pub fn roster(n: u32) -> Vec<Vec<String>> {
    let mut out = vec![HEADER.iter().map(|s| s.to_string()).collect()];
    for i in 1..=n {
        out.push(resident(
            "2019",
            &format!("学员{}", chinese_number(i)),
            &nth_id(i),
            &nth_phone(i),
        ));
    }
    out
}

/// Names must be letters: 学员一, 学员二 …
pub fn chinese_number(n: u32) -> String {
    const D: [&str; 10] = ["零", "一", "二", "三", "四", "五", "六", "七", "八", "九"];
    n.to_string()
        .chars()
        .map(|c| D[c.to_digit(10).unwrap() as usize])
        .collect()
}

pub fn csv_text(rows: &[Vec<String>], delimiter: u8) -> String {
    let mut w = csv::WriterBuilder::new()
        .delimiter(delimiter)
        .flexible(true)
        .from_writer(Vec::new());
    for r in rows {
        w.write_record(r).unwrap();
    }
    String::from_utf8(w.into_inner().unwrap()).unwrap()
}

/// A cell of a test workbook.
#[derive(Debug, Clone)]
pub enum X {
    /// A text cell.
    T(String),
    /// A number cell.
    N(f64),
    /// A date cell (year, month, day), formatted as a date.
    D(u16, u8, u8),
    /// Nothing.
    E,
}

pub fn t(s: &str) -> X {
    X::T(s.to_owned())
}

/// An XLSX workbook built cell by cell with rust_xlsxwriter.
pub struct Xlsx {
    book: Workbook,
}

impl Default for Xlsx {
    fn default() -> Self {
        Self::new()
    }
}

impl Xlsx {
    pub fn new() -> Xlsx {
        Xlsx {
            book: Workbook::new(),
        }
    }

    /// Adds a sheet and writes `rows` into it from row `first_row` (0-based).
    pub fn sheet(mut self, name: &str, first_row: u32, rows: &[Vec<X>]) -> Xlsx {
        let ws = self.book.add_worksheet();
        ws.set_name(name).unwrap();
        let date = Format::new().set_num_format("yyyy-mm-dd");
        let text = Format::new().set_num_format("@");
        for (i, row) in rows.iter().enumerate() {
            let r = first_row + i as u32;
            for (c, cell) in row.iter().enumerate() {
                let c = c as u16;
                match cell {
                    X::T(s) => {
                        ws.write_string_with_format(r, c, s, &text).unwrap();
                    }
                    X::N(n) => {
                        ws.write_number(r, c, *n).unwrap();
                    }
                    X::D(y, m, d) => {
                        let dt = ExcelDateTime::from_ymd(*y, *m, *d).unwrap();
                        ws.write_datetime_with_format(r, c, &dt, &date).unwrap();
                    }
                    X::E => {}
                }
            }
        }
        self
    }

    /// Writes text at a cell of the last sheet.
    pub fn text(mut self, row: u32, col: u16, s: &str) -> Xlsx {
        self.last().write_string(row, col, s).unwrap();
        self
    }

    /// Merges a range of the last sheet, keeping `value` in its first cell.
    pub fn merge(mut self, first: (u32, u16), last: (u32, u16), value: X) -> Xlsx {
        let ws = self.last();
        let f = Format::new();
        match value {
            X::T(s) => {
                ws.merge_range(first.0, first.1, last.0, last.1, &s, &f)
                    .unwrap();
            }
            X::N(n) => {
                ws.merge_range(first.0, first.1, last.0, last.1, "", &f)
                    .unwrap();
                ws.write_number_with_format(first.0, first.1, n, &f)
                    .unwrap();
            }
            other => panic!("merge of {other:?}"),
        }
        self
    }

    fn last(&mut self) -> &mut rust_xlsxwriter::Worksheet {
        self.book.worksheets_mut().last_mut().expect("a sheet")
    }

    pub fn save(mut self, path: &Path) -> PathBuf {
        self.book.save(path).unwrap();
        path.to_path_buf()
    }
}

/// Rows of text cells.
pub fn text_rows(rows: &[Vec<String>]) -> Vec<Vec<X>> {
    rows.iter()
        .map(|r| r.iter().map(|s| X::T(s.clone())).collect())
        .collect()
}

/// Reads the first sheet of an XLSX file as text, row by row.
pub fn read_xlsx(path: &Path) -> Vec<Vec<String>> {
    use calamine::{Reader, Xlsx as CXlsx, open_workbook};
    let mut book: CXlsx<_> = open_workbook(path).expect("an XLSX file");
    let first = book.sheet_names()[0].clone();
    let range = book.worksheet_range(&first).unwrap();
    range
        .rows()
        .map(|r| r.iter().map(|c| c.to_string()).collect())
        .collect()
}

/// Reads the sheet called `name` of an XLSX file as text, row by row.
pub fn read_xlsx_sheet(path: &Path, name: &str) -> Vec<Vec<String>> {
    use calamine::{Reader, Xlsx as CXlsx, open_workbook};
    let mut book: CXlsx<_> = open_workbook(path).expect("an XLSX file");
    let range = book
        .worksheet_range(name)
        .unwrap_or_else(|e| panic!("sheet {name}: {e}"));
    range
        .rows()
        .map(|r| r.iter().map(|c| c.to_string()).collect())
        .collect()
}

/// Reads a CSV file (with or without BOM) as text, row by row.
pub fn read_csv(path: &Path) -> Vec<Vec<String>> {
    let bytes = std::fs::read(path).unwrap();
    let text = String::from_utf8(bytes).expect("UTF-8");
    let text = text.strip_prefix('\u{FEFF}').unwrap_or(&text);
    csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(text.as_bytes())
        .records()
        .map(|r| r.unwrap().iter().map(str::to_owned).collect())
        .collect()
}

/// The Unix permission bits of a file.
#[cfg(unix)]
pub fn mode(path: &Path) -> u32 {
    use std::os::unix::fs::PermissionsExt;
    std::fs::metadata(path).unwrap().permissions().mode() & 0o777
}

/// The errors of an import report as (row, column, message).
pub fn errors(report: &Value) -> Vec<(u64, String, String)> {
    report["errors"]
        .as_array()
        .expect("errors is an array")
        .iter()
        .map(|e| {
            (
                e["row"].as_u64().expect("row is a number"),
                e["column"].as_str().expect("column is text").to_owned(),
                e["message"].as_str().expect("message is text").to_owned(),
            )
        })
        .collect()
}

/// The counts of an import report: (imported, updated, skipped, rejected).
pub fn counts(report: &Value) -> (u64, u64, u64, u64) {
    let n = |k: &str| {
        report[k]
            .as_u64()
            .unwrap_or_else(|| panic!("{k} in {report}"))
    };
    (n("imported"), n("updated"), n("skipped"), n("rejected"))
}

// ------------------------------------------------------------ CME

/// The header of the member roster (账号模板, `--role member`).
pub const MEMBER_HEADER: [&str; 9] = [
    "姓名",
    "证件类型",
    "证件号码",
    "手机号码",
    "科室",
    "技术职称",
    "参加继教",
    "电子邮箱",
    "学分达标遵照",
];

/// The header of the 学分登记 template.
pub const CREDIT_HEADER: [&str; 13] = [
    "证件号码",
    "姓名",
    "项目编号",
    "项目名称",
    "学分",
    "学分类型",
    "开始日期",
    "结束日期",
    "学分获取形式",
    "主办单位",
    "举办年度",
    "学科分类",
    "备注",
];

/// A member row: name, ID number, title (department 内科, takes part,
/// registered to follow the 市州级 standards where the institution has no
/// region level).
pub fn member(name: &str, id_number: &str, title: &str) -> Vec<String> {
    [
        name,
        "居民身份证",
        id_number,
        "13800000001",
        "内科",
        title,
        "是",
        "member@example.com",
        "市州级",
    ]
    .iter()
    .map(|s| s.to_string())
    .collect()
}

/// A credit row: member, project number, credits, type, start and end date
/// (the year is the start date's).
pub fn credit(
    id_number: &str,
    name: &str,
    project_no: &str,
    credits: &str,
    kind: &str,
    start: &str,
    end: &str,
) -> Vec<String> {
    let year = start.get(..4).unwrap_or("");
    [
        id_number,
        name,
        project_no,
        &format!("项目{project_no}"),
        credits,
        kind,
        start,
        end,
        "学习班",
        "四川省医学会",
        year,
        "临床医学/内科学",
        "",
    ]
    .iter()
    .map(|s| s.to_string())
    .collect()
}

impl Env {
    /// Adds a CME institution with a region level.
    pub fn add_cme_org(&self, code: &str, name: &str, region_level: &str) {
        let mut args = vec![
            "org", "add", "--code", code, "--name", name, "--kind", "cme",
        ];
        if !region_level.is_empty() {
            args.extend(["--region-level", region_level]);
        }
        self.run(&args).expect(0);
    }

    /// Adds a CME institution of a province with a region level.
    pub fn add_cme_org_in(&self, code: &str, name: &str, region_level: &str, province: &str) {
        let mut args = vec![
            "org",
            "add",
            "--code",
            code,
            "--name",
            name,
            "--kind",
            "cme",
            "--province",
            province,
        ];
        if !region_level.is_empty() {
            args.extend(["--region-level", region_level]);
        }
        self.run(&args).expect(0);
    }

    /// Imports members (rows of [`member`]) at `org`, approved at once.
    pub fn add_members(&self, org: &str, members: &[Vec<String>]) {
        let mut rows = vec![MEMBER_HEADER.iter().map(|s| s.to_string()).collect()];
        rows.extend_from_slice(members);
        let file = self.csv(&format!("members-{org}.csv"), &rows);
        let report = self.import(&file, org, &["--role", "member", "--approve"], 0);
        assert_eq!(report["rejected"], 0, "{report}");
    }

    /// `credit import` of rows of [`credit`] with extra options, expecting `code`.
    pub fn import_credits(
        &self,
        name: &str,
        credits: &[Vec<String>],
        extra: &[&str],
        code: i32,
    ) -> Value {
        let mut rows = vec![CREDIT_HEADER.iter().map(|s| s.to_string()).collect()];
        rows.extend_from_slice(credits);
        let file = self.csv(name, &rows);
        let mut args = vec!["credit", "import", file.to_str().expect("UTF-8 path")];
        args.extend_from_slice(extra);
        self.json(&args, code)
    }

    /// The status of each credit record of a member, by project number.
    pub fn credit_status(&self, project_no: &str) -> String {
        self.db()
            .query_row(
                "SELECT status FROM credit WHERE project_no = ?1",
                [project_no],
                |r| r.get(0),
            )
            .unwrap_or_else(|e| panic!("credit {project_no}: {e}"))
    }

    /// The id of the credit record with this project number.
    pub fn credit_id(&self, project_no: &str) -> i64 {
        self.db()
            .query_row(
                "SELECT id FROM credit WHERE project_no = ?1",
                [project_no],
                |r| r.get(0),
            )
            .unwrap_or_else(|e| panic!("credit {project_no}: {e}"))
    }
}

// ------------------------------------------------------------ profiles

/// Writes a file that a JPEG header reader takes for a `width`×`height`
/// JPEG of exactly `bytes` bytes: a real header (SOI, APP0, SOF0) padded
/// with a comment segment. Validation reads only headers and file sizes.
pub fn jpeg_file(path: &Path, width: u16, height: u16, bytes: usize) {
    let mut v = vec![0xFF, 0xD8, 0xFF, 0xE0, 0x00, 0x10];
    v.extend_from_slice(b"JFIF\0\x01\x01\0\0\x01\0\x01\0\0");
    v.extend_from_slice(&[0xFF, 0xC0, 0x00, 0x11, 0x08]);
    v.extend_from_slice(&height.to_be_bytes());
    v.extend_from_slice(&width.to_be_bytes());
    v.extend_from_slice(&[3, 1, 0x22, 0, 2, 0x11, 1, 3, 0x11, 1]);
    // Filler: comment segments of at most 65,535 bytes each.
    while v.len() + 2 < bytes {
        let room = (bytes - v.len() - 2).min(65_535);
        if room < 4 {
            v.extend(std::iter::repeat_n(0u8, bytes - 2 - v.len()));
            break;
        }
        v.extend_from_slice(&[0xFF, 0xFE]);
        v.extend_from_slice(&((room - 2) as u16).to_be_bytes());
        v.extend(std::iter::repeat_n(b'x', room - 4));
    }
    v.extend_from_slice(&[0xFF, 0xD9]);
    assert_eq!(v.len(), bytes.max(v.len()));
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir).unwrap();
    }
    std::fs::write(path, v).unwrap();
}

/// One KB as the platform counts it.
pub const KB: usize = 1024;

impl Env {
    /// Good images in `photos/`: portrait.jpg (413×626, 200 KB), id-front.jpg
    /// and id-back.jpg (640×480, 200 KB), scan.jpg (1280×800, 100 KB).
    pub fn photos(&self) {
        jpeg_file(&self.path("photos/portrait.jpg"), 413, 626, 200 * KB);
        jpeg_file(&self.path("photos/id-front.jpg"), 640, 480, 200 * KB);
        jpeg_file(&self.path("photos/id-back.jpg"), 640, 480, 200 * KB);
        jpeg_file(&self.path("photos/scan.jpg"), 1280, 800, 100 * KB);
    }

    /// Resident accounts at `org` for these ID numbers (names 学员一 …).
    pub fn residents(&self, org: &str, ids: &[String]) {
        let mut rows = vec![HEADER.iter().map(|s| s.to_string()).collect::<Vec<_>>()];
        for (i, id) in ids.iter().enumerate() {
            rows.push(resident(
                "2019",
                &format!("学员{}", chinese_number(i as u32 + 1)),
                id,
                &nth_phone(i as u32 + 1),
            ));
        }
        let file = self.csv(&format!("accounts-{org}.csv"), &rows);
        self.import(&file, org, &[], 0);
    }
}

/// A row of a profile sheet: (label, value) pairs in column order.
pub type PRow = Vec<(String, String)>;

/// Sets a value of a row by label (adding the column if it is not there).
pub fn set(row: &mut PRow, label: &str, value: &str) {
    match row.iter_mut().find(|(l, _)| l == label) {
        Some(cell) => cell.1 = value.to_owned(),
        None => row.push((label.to_owned(), value.to_owned())),
    }
}

pub fn get<'a>(row: &'a PRow, label: &str) -> &'a str {
    row.iter()
        .find(|(l, _)| l == label)
        .map(|(_, v)| v.as_str())
        .unwrap_or("")
}

fn prow(pairs: &[(&str, String)]) -> PRow {
    pairs
        .iter()
        .map(|(l, v)| (l.to_string(), v.clone()))
        .collect()
}

/// A resident's profile as the sheets' rows.
#[derive(Debug, Clone)]
pub struct PersonRows {
    pub basic: Option<PRow>,
    pub education: Vec<PRow>,
    /// 工作信息: one row per job.
    pub work: Vec<PRow>,
    pub certificate: Option<PRow>,
}

/// A 工作信息 row: the person's job at `employer` from `start` to `end`
/// ("" held to this day), in 科室 内科 as 住院医师.
pub fn job_row(id: &str, name: &str, employer: &str, start: &str, end: &str) -> PRow {
    prow(&[
        ("证件号码", id.into()),
        ("姓名", name.into()),
        ("工作单位", employer.into()),
        ("科室", "内科".into()),
        ("职务", "住院医师".into()),
        ("开始时间", start.into()),
        ("结束时间", end.into()),
    ])
}

impl PersonRows {
    /// Sets the person's jobs: (工作单位, 开始时间, 结束时间) each.
    pub fn jobs(&mut self, jobs: &[(&str, &str, &str)]) {
        let basic = self.basic.as_ref().expect("基本信息");
        let (id, name) = (
            get(basic, "证件号码").to_owned(),
            get(basic, "姓名").to_owned(),
        );
        self.work = jobs
            .iter()
            .map(|(employer, start, end)| job_row(&id, &name, employer, start, end))
            .collect();
    }
}

/// A complete and valid profile for a 居民身份证 number (birth date and sex
/// taken from it), with the images of [`Env::photos`]. Graduated from 本科
/// at 23, passed the licence exam the year after.
pub fn good_profile(id: &str, name: &str) -> PersonRows {
    let birth = format!("{}-{}-{}", &id[6..10], &id[10..12], &id[12..14]);
    let sex = if (id.as_bytes()[16] - b'0') % 2 == 1 {
        "男"
    } else {
        "女"
    };
    let grad: i32 = id[6..10].parse::<i32>().unwrap() + 23;
    let exam = grad + 1;
    let basic = prow(&[
        ("证件号码", id.into()),
        ("姓名", name.into()),
        ("性别", sex.into()),
        ("民族", "汉族".into()),
        ("出生日期", birth),
        ("婚姻状况", "未婚".into()),
        ("国籍及地区", "中国大陆".into()),
        ("证件类型", "居民身份证".into()),
        ("户口所在地省行政区划", "北京".into()),
        ("手机", "13800000001".into()),
        ("电子邮箱", "resident@example.cn".into()),
        ("qq", "".into()),
        ("个人照片", "photos/portrait.jpg".into()),
        ("身份证正面照", "photos/id-front.jpg".into()),
        ("身份证反面照", "photos/id-back.jpg".into()),
    ]);
    let education = prow(&[
        ("证件号码", id.into()),
        ("学历层次", "本科".into()),
        ("姓名", name.into()),
        ("是否全日制", "是".into()),
        ("是否在读", "否".into()),
        ("毕业院校", "北京大学".into()),
        ("其他毕业院校", "".into()),
        ("毕业专业", "临床医学".into()),
        ("毕业时间", format!("{grad}-07")),
        ("学历", "大学本科教育".into()),
        ("取得学历时间", format!("{grad}-07")),
        ("是否获得毕业证书", "是".into()),
        ("学历证书编码", format!("100011{grad}05000123")),
        ("学历证书原件", "photos/scan.jpg".into()),
        ("是否获得学位证书", "是".into()),
        ("学位类型", "专业型".into()),
        ("学位", "学士".into()),
        ("取得学位时间", format!("{grad}-07")),
        ("学位证书编号", format!("100014{grad}000123")),
        ("学位证书原件", "photos/scan.jpg".into()),
    ]);
    let certificate = prow(&[
        ("证件号码", id.into()),
        ("姓名", name.into()),
        ("是否通过医师资格考试", "是".into()),
        ("通过资格考试时间", format!("{exam}-08-23")),
        ("是否获得医师资格证书", "是".into()),
        ("医师资格类别", "临床".into()),
        ("医师资格级别", "执业医师".into()),
        ("医师资格证书编码", format!("{exam}11110{id}")),
        ("取得医师资格证书时间", format!("{exam}-12")),
        ("医师资格证书原件", "photos/scan.jpg".into()),
        ("外语等级考试类型", "大学英语四六级考试".into()),
        ("外语能力", "".into()),
        ("英语能力", "良好".into()),
        ("外语等级考试证书编码", "".into()),
    ]);
    PersonRows {
        basic: Some(basic),
        education: vec![education],
        work: Vec::new(),
        certificate: Some(certificate),
    }
}

/// The header of a sheet: every label its rows use, in order of first use,
/// with `*` on the keys as the official files have it.
fn sheet_rows(rows: &[&PRow], default: &PRow) -> Vec<Vec<X>> {
    let mut labels: Vec<String> = Vec::new();
    if rows.is_empty() {
        labels = default.iter().map(|(l, _)| l.clone()).collect();
    }
    for r in rows {
        for (l, _) in r.iter() {
            if !labels.contains(l) {
                labels.push(l.clone());
            }
        }
    }
    let mut out = vec![
        labels
            .iter()
            .map(|l| {
                if l == "证件号码" || l == "学历层次" {
                    t(&format!("*{l}"))
                } else {
                    t(l)
                }
            })
            .collect::<Vec<_>>(),
    ];
    for r in rows {
        out.push(
            labels
                .iter()
                .map(|l| match r.iter().find(|(k, _)| k == l) {
                    Some((_, v)) if !v.is_empty() => t(v),
                    _ => X::E,
                })
                .collect(),
        );
    }
    out
}

/// Writes a profile workbook of these people (a title row above each
/// header), with the sheet 工作信息 (only a header when nobody has a job).
pub fn profile_book(path: &Path, people: &[PersonRows]) -> PathBuf {
    profile_book_sheets(path, people, true)
}

/// Writes a profile workbook of these people, with or without the sheet
/// 工作信息 (their jobs are left out without it).
pub fn profile_book_sheets(path: &Path, people: &[PersonRows], with_work: bool) -> PathBuf {
    let basic: Vec<&PRow> = people.iter().filter_map(|p| p.basic.as_ref()).collect();
    let work: Vec<&PRow> = people.iter().flat_map(|p| p.work.iter()).collect();
    let education: Vec<&PRow> = people.iter().flat_map(|p| p.education.iter()).collect();
    let certificate: Vec<&PRow> = people
        .iter()
        .filter_map(|p| p.certificate.as_ref())
        .collect();
    let model = good_profile("110101199003070011", "");
    let with_title = |title: &str, rows: Vec<Vec<X>>| {
        let mut all = vec![vec![t(title)]];
        all.extend(rows);
        all
    };
    let mut book = Xlsx::new()
        .sheet(
            "基本信息",
            0,
            &with_title(
                "个人信息-基本信息",
                sheet_rows(&basic, model.basic.as_ref().unwrap()),
            ),
        )
        .sheet(
            "学习经历",
            0,
            &with_title(
                "个人信息-学习经历",
                sheet_rows(&education, &model.education[0]),
            ),
        );
    if with_work {
        let job = job_row("110101199003070011", "", "", "", "");
        book = book.sheet(
            "工作信息",
            0,
            &with_title("个人信息-工作信息", sheet_rows(&work, &job)),
        );
    }
    book.sheet(
        "证书信息",
        0,
        &with_title(
            "个人信息-证书信息",
            sheet_rows(&certificate, model.certificate.as_ref().unwrap()),
        ),
    )
    .save(path)
}

/// The issues of a validation report: (id_number, section, field, severity, message).
pub fn issues(report: &Value) -> Vec<(String, String, String, String, String)> {
    report["issues"]
        .as_array()
        .expect("issues is an array")
        .iter()
        .map(|i| {
            let field = i["field"].as_str().unwrap();
            let field = match (i["level"].as_str(), i["job"].as_u64()) {
                (Some(l), _) => format!("{l}·{field}"),
                (None, Some(n)) => format!("第{n}条·{field}"),
                (None, None) => field.to_owned(),
            };
            (
                i["id_number"].as_str().unwrap().to_owned(),
                i["section"].as_str().unwrap().to_owned(),
                field,
                i["severity"].as_str().unwrap().to_owned(),
                i["message"].as_str().unwrap().to_owned(),
            )
        })
        .collect()
}
