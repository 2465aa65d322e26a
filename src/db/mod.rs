//! Opening the database: pragmas, the schema of a new file, and migrating
//! an older file forward. Every command opens the database through [`open`].

use std::fs::OpenOptions;
use std::path::Path;
use std::time::Duration;

use rusqlite::{Connection, ErrorCode, OpenFlags, TransactionBehavior};

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
    sql: "CREATE TABLE signing_key (
    key_id          TEXT PRIMARY KEY,  -- 16 hex digits: the start of the SHA-256 of the public key
    public_key      TEXT NOT NULL,     -- Ed25519, 64 hex digits
    added_at        TEXT NOT NULL,
    created_change  INTEGER NOT NULL REFERENCES change_set(id)
);",
}];

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
fn migrate(conn: &mut Connection, path: &Path) -> Result<()> {
    let latest = schema_version();
    let current: i32 = conn.query_row("PRAGMA user_version", [], |r| r.get(0))?;
    if current == latest {
        return Ok(());
    }
    let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
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
