//! Opening the database: pragmas, the schema of a new file, and migrating
//! an older file forward. Every command opens the database through [`open`].

use std::fs::OpenOptions;
use std::path::Path;
use std::time::Duration;

use rusqlite::{Connection, ErrorCode, OpenFlags, Transaction, TransactionBehavior};

use crate::error::{Error, Result};
use crate::msg;

/// The whole schema, as a new database gets it.
pub const SCHEMA: &str = include_str!("../../schema.sql");

/// One step forward: the SQL that turns a database of `version - 1` into
/// one of `version`.
pub struct Migration {
    pub version: i32,
    pub sql: &'static str,
}

/// Every step since version 1, in order. Version 1 has no step: a new file
/// gets [`SCHEMA`] whole.
pub const MIGRATIONS: &[Migration] = &[Migration {
    version: 2,
    sql: RECRUITMENT,
}];

/// Version 2: recruitment (招录) — the applicant role, batches, plans and
/// applications.
const RECRUITMENT: &str = r#"
-- Accounts take the role 'applicant', whose org_id is NULL. SQLite
-- cannot alter a CHECK constraint, so the table is rebuilt. The old table
-- is renamed away first, with legacy_alter_table on so that the tables
-- referring to account keep referring to "account" (not to the old name);
-- the new table is then created under its own name with the very text of
-- schema.sql. Foreign keys are off while the steps run and are checked
-- before the commit (see `migrate`).
PRAGMA legacy_alter_table = ON;
ALTER TABLE account RENAME TO account_v1;
CREATE TABLE account (
    id              INTEGER PRIMARY KEY,
    id_number       TEXT NOT NULL UNIQUE,
    id_type         TEXT NOT NULL,
    name            TEXT NOT NULL,
    phone           TEXT,
    email           TEXT,
    role            TEXT NOT NULL
                        CHECK (role = 'resident' OR role = 'teacher' OR role = 'member'
                               OR role = 'applicant'),
    -- NULL for an applicant (招录), who belongs to no organisation until
    -- admitted to a base.
    org_id          INTEGER REFERENCES org(id),
    department_id   INTEGER REFERENCES department(id),
    title           TEXT,       -- 技术职称, as written
    -- CME members only (NULL for other roles), docs/domain.md#registration-review:
    -- the unit's review of the registration (单位待审 / 单位审核不过 / 单位审核通过), and
    -- 参加继教 (1 是, 0 否, NULL not stated, taken as 是).
    registration    TEXT CHECK (registration = '单位待审' OR registration = '单位审核不过'
                                OR registration = '单位审核通过'),
    takes_cme       INTEGER CHECK (takes_cme = 0 OR takes_cme = 1),
    password_state  TEXT NOT NULL DEFAULT 'initial'
                        CHECK (password_state = 'initial' OR password_state = 'temporary'
                               OR password_state = 'set'),
    password_hash   TEXT,
    created_change  INTEGER NOT NULL REFERENCES change_set(id),
    CHECK ((password_state = 'initial') = (password_hash IS NULL)),
    CHECK ((org_id IS NULL) = (role = 'applicant'))
);
INSERT INTO account (id, id_number, id_type, name, phone, email, role, org_id, department_id, title, registration, takes_cme, password_state, password_hash, created_change)
    SELECT id, id_number, id_type, name, phone, email, role, org_id, department_id, title, registration, takes_cme, password_state, password_hash, created_change FROM account_v1;
DROP TABLE account_v1;
CREATE INDEX account_org ON account(org_id);
PRAGMA legacy_alter_table = OFF;

CREATE TABLE recruit_batch (
    id              INTEGER PRIMARY KEY,
    year            INTEGER NOT NULL,       -- the recruitment year (招收年份)
    name            TEXT NOT NULL,          -- 第一批, 调剂 …
    opens           TEXT NOT NULL,          -- first moment applications are taken
    closes          TEXT NOT NULL,          -- last moment applications are taken
    created_change  INTEGER NOT NULL REFERENCES change_set(id),
    UNIQUE (year, name),
    CHECK (opens <= closes)
);

CREATE TABLE recruit_plan (
    batch_id        INTEGER NOT NULL REFERENCES recruit_batch(id),
    org_id          INTEGER NOT NULL REFERENCES org(id),
    specialty       TEXT NOT NULL,          -- 培训专业, as rules::specialty names it
    places          INTEGER NOT NULL CHECK (places >= 0),   -- 计划人数
    change_id       INTEGER NOT NULL REFERENCES change_set(id),
    PRIMARY KEY (batch_id, org_id, specialty)
) WITHOUT ROWID;

-- An applicant's application in a batch: 已提交, then 审核通过 or 退回 (with
-- the reason), 已取消, 已录取. Applying again after 退回 or 已取消 updates
-- this row (the base and specialty may change).
CREATE TABLE recruit_application (
    id              INTEGER PRIMARY KEY,
    account_id      INTEGER NOT NULL REFERENCES account(id),
    batch_id        INTEGER NOT NULL REFERENCES recruit_batch(id),
    org_id          INTEGER NOT NULL REFERENCES org(id),
    specialty       TEXT NOT NULL,
    state           TEXT NOT NULL DEFAULT '已提交'
                        CHECK (state = '已提交' OR state = '审核通过' OR state = '退回'
                               OR state = '已取消' OR state = '已录取'),
    reason          TEXT,                   -- of the last return (退回)
    submitted_at    TEXT NOT NULL,          -- when it was last submitted
    created_change  INTEGER NOT NULL REFERENCES change_set(id),
    state_change    INTEGER REFERENCES change_set(id),
    UNIQUE (account_id, batch_id)
);
CREATE INDEX recruit_application_plan ON recruit_application(batch_id, org_id, specialty);
"#;

/// How long a command waits for another meded process to finish writing
/// before it gives up.
pub const BUSY_TIMEOUT: Duration = Duration::from_secs(30);

/// The version [`SCHEMA`] declares (`PRAGMA user_version = N;`).
pub fn schema_version() -> i32 {
    SCHEMA
        .lines()
        .find_map(|l| l.trim().strip_prefix("PRAGMA user_version = "))
        .and_then(|v| v.trim_end_matches(';').trim().parse().ok())
        .unwrap_or(0)
}

/// Begins the transaction of a command that writes. Every write goes
/// through here.
///
/// The transaction is IMMEDIATE: it takes the write lock at once, waiting
/// up to [`BUSY_TIMEOUT`] for another writer to finish. A deferred
/// transaction would read first and ask for the lock only at its first
/// write; in WAL mode that upgrade fails at once with "database is locked"
/// whenever another process committed in between, whatever the timeout,
/// because the snapshot it read is stale. Taking the lock first makes
/// concurrent commands queue instead of fail.
pub fn write(conn: &mut Connection) -> Result<Transaction<'_>> {
    Ok(conn.transaction_with_behavior(TransactionBehavior::Immediate)?)
}

fn not_a_database(path: &Path) -> Error {
    let p = path.display();
    Error::Database {
        msg: msg!(
            "{p} 不是 meded 数据库文件",
            "{p} is not a meded database file"
        ),
        source: None,
    }
}

fn classify(path: &Path, e: rusqlite::Error) -> Error {
    match e.sqlite_error_code() {
        Some(ErrorCode::NotADatabase) => not_a_database(path),
        _ => {
            let p = path.display();
            Error::Database {
                msg: msg!("无法打开数据库 {p}", "cannot open the database {p}"),
                source: Some(e),
            }
        }
    }
}

/// Opens (creating if need be) the database at `path`, with WAL journaling
/// and a busy timeout so that two meded processes can share it, and brings
/// its schema up to date.
///
/// A new file is created readable and writable by its owner only: it holds
/// personal data. SQLite gives its WAL and shared-memory files the same mode.
pub fn open(path: &Path) -> Result<Connection> {
    let created = create_private(path)?;
    let result = open_existing(path);
    if result.is_err() && created {
        // Leave nothing behind for a database that never came to be.
        for suffix in ["", "-wal", "-shm"] {
            let mut p = path.as_os_str().to_owned();
            p.push(suffix);
            let _ = std::fs::remove_file(p);
        }
    }
    result
}

/// Creates an empty file with mode 0600 unless one exists; says whether it did.
fn create_private(path: &Path) -> Result<bool> {
    let mut options = OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    match options.open(path) {
        Ok(_) => Ok(true),
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => Ok(false),
        Err(e) => {
            let p = path.display();
            Err(Error::Io {
                msg: msg!("无法创建数据库 {p}", "cannot create the database {p}"),
                source: e,
            })
        }
    }
}

fn open_existing(path: &Path) -> Result<Connection> {
    let flags = OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX;
    let mut conn = Connection::open_with_flags(path, flags).map_err(|e| classify(path, e))?;
    conn.busy_timeout(BUSY_TIMEOUT)
        .map_err(|e| classify(path, e))?;
    // Reading the header is what tells a database from any other file, and
    // a database of another program must be refused before anything (even
    // the journal mode) is changed in it.
    conn.query_row("PRAGMA schema_version", [], |r| r.get::<_, i64>(0))
        .map_err(|e| classify(path, e))?;
    let version: i32 = conn
        .query_row("PRAGMA user_version", [], |r| r.get(0))
        .map_err(|e| classify(path, e))?;
    if version == 0 && has_tables(&conn)? {
        return Err(not_a_database(path));
    }
    conn.pragma_update(None, "journal_mode", "WAL")
        .map_err(|e| classify(path, e))?;
    conn.execute_batch(
        "PRAGMA synchronous = NORMAL;
         PRAGMA foreign_keys = ON;
         PRAGMA cache_size = -65536;
         PRAGMA temp_store = MEMORY;",
    )
    .map_err(|e| classify(path, e))?;
    migrate(&mut conn, path)?;
    Ok(conn)
}

fn has_tables(conn: &Connection) -> Result<bool> {
    let n: i64 = conn.query_row(
        "SELECT count(*) FROM sqlite_master WHERE name NOT LIKE 'sqlite_%'",
        [],
        |r| r.get(0),
    )?;
    Ok(n > 0)
}

/// Applies the schema to a new database, or the missing steps to an old
/// one, in one transaction that also holds off other processes meanwhile.
///
/// Foreign keys are off while the steps run: a step may rebuild a table
/// that others refer to (SQLite cannot alter a CHECK constraint; see
/// <https://sqlite.org/lang_altertable.html#otheralter>), and `PRAGMA
/// foreign_keys` cannot change inside a transaction. Every reference is
/// checked before the commit instead.
fn migrate(conn: &mut Connection, path: &Path) -> Result<()> {
    let latest = schema_version();
    let current: i32 = conn.query_row("PRAGMA user_version", [], |r| r.get(0))?;
    if current == latest {
        return Ok(());
    }
    conn.pragma_update(None, "foreign_keys", false)?;
    let result = migrate_steps(conn, path, latest);
    conn.pragma_update(None, "foreign_keys", true)?;
    result
}

fn migrate_steps(conn: &mut Connection, path: &Path, latest: i32) -> Result<()> {
    let tx = write(conn)?;
    // Another process may have migrated while this one waited for the lock.
    let current: i32 = tx.query_row("PRAGMA user_version", [], |r| r.get(0))?;
    if current == 0 {
        if has_tables(&tx)? {
            return Err(not_a_database(path));
        }
        tx.execute_batch(SCHEMA)?;
    } else if current > latest {
        let p = path.display();
        return Err(Error::Database {
            msg: msg!(
                "{p} 由更新版本的 meded 创建(数据库版本 {current},本程序支持到 {latest}),请升级 meded",
                "{p} was written by a newer meded (schema version {current}; this one knows up to {latest}); upgrade meded"
            ),
            source: None,
        });
    } else {
        for step in MIGRATIONS.iter().filter(|m| m.version > current) {
            tx.execute_batch(step.sql)?;
            tx.pragma_update(None, "user_version", step.version)?;
        }
    }
    let dangling: i64 = tx.query_row("SELECT count(*) FROM pragma_foreign_key_check", [], |r| {
        r.get(0)
    })?;
    if dangling > 0 {
        let p = path.display();
        return Err(Error::Database {
            msg: msg!(
                "升级 {p} 的数据库结构后有 {dangling} 处引用失效,未作任何更改",
                "upgrading the schema of {p} would leave {dangling} broken references; nothing was changed"
            ),
            source: None,
        });
    }
    tx.commit()?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn schema_declares_the_last_migration_version() {
        let last = MIGRATIONS.last().map_or(1, |m| m.version);
        assert_eq!(schema_version(), last);
    }

    #[test]
    fn new_database_gets_schema_and_private_mode() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("m.db");
        let conn = open(&p).unwrap();
        let v: i32 = conn
            .query_row("PRAGMA user_version", [], |r| r.get(0))
            .unwrap();
        assert_eq!(v, schema_version());
        let mode: String = conn
            .query_row("PRAGMA journal_mode", [], |r| r.get(0))
            .unwrap();
        assert_eq!(mode, "wal");
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let m = std::fs::metadata(&p).unwrap().permissions().mode();
            assert_eq!(m & 0o777, 0o600);
        }
        drop(conn);
        // Opening again changes nothing.
        open(&p).unwrap();
    }

    #[test]
    fn other_files_are_refused_and_left_alone() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("notes.txt");
        std::fs::write(&p, "x".repeat(4096)).unwrap();
        let err = open(&p).err().unwrap();
        assert_eq!(err.exit_code(), crate::ExitCode::Failure);
        assert!(err.to_string().contains("not a meded database"), "{err}");
        assert_eq!(std::fs::read(&p).unwrap(), "x".repeat(4096).as_bytes());

        let other = dir.path().join("other.db");
        Connection::open(&other)
            .unwrap()
            .execute_batch("CREATE TABLE t(x)")
            .unwrap();
        assert!(
            open(&other)
                .err()
                .unwrap()
                .to_string()
                .contains("not a meded database")
        );
    }

    #[test]
    fn newer_databases_are_refused() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("new.db");
        drop(open(&p).unwrap());
        Connection::open(&p)
            .unwrap()
            .pragma_update(None, "user_version", schema_version() + 1)
            .unwrap();
        assert!(open(&p).err().unwrap().to_string().contains("newer meded"));
    }
}
