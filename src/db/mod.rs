//! Opening the database: an SQLite file (pragmas, the schema of a new
//! file, migrating an older one forward) or a PostgreSQL server (a
//! `postgres://` URL). Every command opens the database through [`open`]
//! and writes through [`write`]; both engines are spoken through [`sql`].

use std::fs::OpenOptions;
use std::path::Path;
use std::time::Duration;

use rusqlite::{Connection, ErrorCode, OpenFlags, TransactionBehavior};

pub mod batch;
pub mod features;
pub(crate) mod migrate;
pub mod postgres;
pub mod sql;
pub mod staging;
pub mod text_key;

pub use migrate::{MIGRATIONS, Migration};

/// A client of the PostgreSQL server the library's tests may use
/// (`MEDED_TEST_PG`, a connection URL; `.ci/run` starts one).
#[cfg(test)]
pub(crate) fn test_server() -> ::postgres::Client {
    let url = std::env::var("MEDED_TEST_PG")
        .expect("MEDED_TEST_PG: the URL of a PostgreSQL server the test may use");
    ::postgres::Client::connect(&url, ::postgres::NoTls).expect("the test server")
}

use crate::error::{Error, Result};
use crate::i18n::Msg;
use crate::msg;

/// The whole schema, as a new database gets it.
pub const SCHEMA: &str = include_str!("../../schema.sql");

/// The page size of a new database file, in bytes: twice SQLite's default.
/// The imports of a province's year write hundreds of megabytes of pages;
/// with 8 KiB pages there are half as many, each with half the per-page
/// work (headers, balancing, WAL frames) per row (1,000,000 accounts:
/// 4.1 → 3.8 s; 5,000,000 credit records: 20.1 → 17.7 s,
/// docs/performance.md). A file made with another page size keeps it.
pub const PAGE_SIZE: i64 = 8192;

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
///
/// On PostgreSQL a transaction reads committed data and rows are locked as
/// they are written; the rules that span rows (one person bound to one
/// base) lock what they read (see `training::bound_elsewhere`).
pub fn write(conn: &mut sql::Connection) -> Result<sql::Transaction<'_>> {
    Ok(conn.transaction_immediate()?)
}

/// Whether the connected user is bound by a server's row-level policies
/// (an office's role), rather than the owner of the tables or a superuser;
/// never on a file, which whoever opens it may change whole.
pub fn restricted(conn: &sql::Connection) -> Result<bool> {
    if !conn.is_postgres() {
        return Ok(false);
    }
    Ok(conn.query_row("SELECT NOT meded_unrestricted()", [], |r| r.get(0))?)
}

/// Locks the people with these account ids for the rest of the
/// transaction, against other commands that lock them too: a rule about
/// a person's rows that a read cannot keep by itself (one valid
/// certificate per member, span and kind) holds when two commands run at
/// once. On a server an advisory lock per person, taken in id order (two
/// commands locking overlapping people never wait for each other in a
/// circle); a file has one writer at a time already.
pub fn lock_people(conn: &sql::Connection, account_ids: &[i64]) -> Result<()> {
    if !conn.is_postgres() || account_ids.is_empty() {
        return Ok(());
    }
    let mut ids = account_ids.to_vec();
    ids.sort_unstable();
    ids.dedup();
    let list: Vec<String> = ids.iter().map(i64::to_string).collect();
    // Ids are numbers: the list is no SQL of anyone's.
    conn.execute_batch(&format!(
        "SELECT count(pg_advisory_xact_lock({PEOPLE_LOCK}, id::int4))
         FROM (SELECT unnest(ARRAY[{}]::bigint[]) AS id ORDER BY 1) ids",
        list.join(",")
    ))?;
    Ok(())
}

/// The first key of the advisory locks of [`lock_people`].
const PEOPLE_LOCK: i32 = 7_373_658;

/// Makes commands that work on one organisation's rows as a whole (a plan
/// reads a base's rotations and adds to them) wait for each other: on a
/// server, a lock held to the end of the transaction on (`what`, the
/// organisation). An SQLite write transaction is alone already.
pub fn lock(tx: &sql::Connection, what: i64, org_id: i64) -> Result<()> {
    if tx.is_postgres() {
        let key = (what << 24) ^ org_id;
        tx.query_row("SELECT pg_advisory_xact_lock(?1)", [key], |_| Ok(()))?;
    }
    Ok(())
}

/// Whether `target` names a PostgreSQL server rather than an SQLite file.
pub fn is_url(target: &Path) -> bool {
    target
        .to_str()
        .is_some_and(|t| t.starts_with("postgres://") || t.starts_with("postgresql://"))
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
    let e = sql::Error::from(e);
    match e.sqlite_error_code() {
        Some(ErrorCode::NotADatabase) => not_a_database(path),
        _ => {
            let p = path.display();
            Error::Database {
                msg: msg!("无法打开数据库 {p}", "cannot open the database {p}"),
                source: Some(crate::error::Cause::new(e)),
            }
        }
    }
}

/// What a command means to do with its database, which decides whether a
/// database that is not there yet is created. A command that only reads,
/// or changes what is already there, never creates one: a typo in `--db`,
/// or a command run in the wrong folder, must not leave a new empty
/// database behind and report that the data is gone.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Access {
    /// The database must exist (its schema is still brought up to date).
    Existing,
    /// A command that adds to an empty database (`org add`, `db init` …):
    /// creates the database with the schema when there is none.
    MayCreate,
}

/// An open database, and whether this opening created it.
pub struct Opened {
    pub conn: sql::Connection,
    /// The database was created (its schema written into a new or empty
    /// file, or into a server database without one).
    pub created: bool,
    /// The file itself was made by this opening (not an empty file that
    /// was there): the one a failed command may remove again.
    pub made_file: bool,
}

/// Opens the database `target` names: a PostgreSQL server by its URL
/// (`postgres://user@host/db`), else an SQLite file, created if need be
/// (see [`open_as`] for a command that must not create one).
pub fn open(target: &Path) -> Result<sql::Connection> {
    Ok(open_as(target, Access::MayCreate)?.conn)
}

/// Opens the database `target` names as `access` allows: a missing file,
/// or a server database without meded's schema, is created only for
/// [`Access::MayCreate`], and is otherwise an input error (exit 2) saying
/// how to create one.
pub fn open_as(target: &Path, access: Access) -> Result<Opened> {
    if is_url(target) {
        return open_postgres(target.to_str().unwrap_or_default(), access);
    }
    if access == Access::Existing && !exists(target) {
        return Err(Error::Input(missing(target, None)));
    }
    let (conn, created, made_file) = open_sqlite(target)?;
    Ok(Opened {
        conn: sql::Connection::from_sqlite(conn),
        created,
        made_file,
    })
}

/// Whether there is a database file to open at `path` (an empty file is
/// none: it is what `touch` leaves). A server URL always names one.
pub fn exists(target: &Path) -> bool {
    is_url(target) || std::fs::metadata(target).is_ok_and(|m| !m.is_file() || m.len() > 0)
}

/// What a command that needs a database says when there is none, with
/// what else the command could do (`also`) in the brackets.
pub fn missing(target: &Path, also: Option<&Msg>) -> Msg {
    let p = target.display();
    let (zh, en) = also.map_or((String::new(), String::new()), |m| {
        (format!(";{}", m.zh), format!("; {}", m.en))
    });
    msg!(
        "{p} 处没有数据库(用 `meded org add` 新建一个,或用 --db 或 MEDED_DB 指定已有的数据库{zh})",
        "no database at {p} (create one with `meded org add`, or name one with --db or MEDED_DB{en})"
    )
}

/// Opens (creating if need be) the SQLite file at `path`, with WAL journaling
/// and a busy timeout so that two meded processes can share it, and brings
/// its schema up to date. Says whether the database was created, and
/// whether the file was.
///
/// A new file is created readable and writable by its owner only: it holds
/// personal data. SQLite gives its WAL and shared-memory files the same mode.
fn open_sqlite(path: &Path) -> Result<(Connection, bool, bool)> {
    if std::fs::metadata(path).is_ok_and(|m| m.is_dir()) {
        let p = path.display();
        return Err(Error::Input(msg!(
            "{p} 是一个文件夹,不是数据库文件:请用 --db 指定文件,如 --db {p}/meded.db",
            "{p} is a folder, not a database file: name the file with --db, e.g. --db {p}/meded.db"
        )));
    }
    let new_file = create_private(path)?;
    // An empty file (what `touch` leaves) becomes a new database too.
    let created = new_file || std::fs::metadata(path).is_ok_and(|m| m.len() == 0);
    let result = open_existing(path);
    if result.is_err() && new_file {
        // Leave nothing behind for a database that never came to be.
        discard(path);
    }
    Ok((result?, created, new_file))
}

/// Removes a database file this process created (with its WAL and
/// shared-memory files), for a command that failed after creating it: it
/// leaves nothing behind. Nothing is done for a server.
pub fn discard(target: &Path) {
    if is_url(target) {
        return;
    }
    for suffix in ["", "-wal", "-shm"] {
        let mut p = target.as_os_str().to_owned();
        p.push(suffix);
        let _ = std::fs::remove_file(p);
    }
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
    if version == 0 {
        // A new file: its page size is chosen before anything is written
        // (in WAL mode it can no longer change).
        conn.pragma_update(None, "page_size", PAGE_SIZE)
            .map_err(|e| classify(path, e))?;
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

/// Every table with its root page: a table built anew gets another one.
fn root_pages(conn: &Connection) -> Result<std::collections::HashMap<String, i64>> {
    let mut stmt = conn.prepare("SELECT name, rootpage FROM sqlite_master WHERE type = 'table'")?;
    let rows = stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// Whether the references of the tables built anew since `before`, and of
/// the tables that refer to them, still hold. Only those are checked: a
/// check of every table would read every credit record of a province.
fn references_hold(
    conn: &Connection,
    before: &std::collections::HashMap<String, i64>,
) -> Result<bool> {
    let now = root_pages(conn)?;
    let rebuilt: Vec<&String> = now
        .iter()
        .filter(|(name, root)| before.get(*name) != Some(root))
        .map(|(name, _)| name)
        .collect();
    for table in now.keys() {
        let mut refs = conn.prepare("SELECT \"table\" FROM pragma_foreign_key_list(?1)")?;
        let parents: Vec<String> = refs
            .query_map([table], |r| r.get(0))?
            .collect::<rusqlite::Result<_>>()?;
        let concerned = rebuilt.contains(&table) || parents.iter().any(|p| rebuilt.contains(&p));
        if concerned
            && conn
                .prepare(&format!("PRAGMA foreign_key_check(\"{table}\")"))?
                .exists([])?
        {
            return Ok(false);
        }
    }
    Ok(true)
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
/// A step may build a table anew (SQLite's only way to change its
/// constraints): as SQLite's procedure for that requires, foreign keys are
/// off while the steps run (they can only be switched outside a
/// transaction), and every reference is checked before the commit.
fn migrate(conn: &mut Connection, path: &Path) -> Result<()> {
    let latest = schema_version();
    let current: i32 = conn.query_row("PRAGMA user_version", [], |r| r.get(0))?;
    if current == latest {
        return Ok(());
    }
    conn.pragma_update(None, "foreign_keys", false)?;
    let result = migrate_locked(conn, path, latest);
    conn.pragma_update(None, "foreign_keys", true)?;
    result
}

fn migrate_locked(conn: &mut Connection, path: &Path, latest: i32) -> Result<()> {
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
        let before = root_pages(&tx)?;
        for step in MIGRATIONS.iter().filter(|m| m.version > current) {
            if let Some(keys) = &step.keys {
                migrate::make_keys_sqlite(&tx, keys)?;
            }
            tx.execute_batch(step.sql)?;
            tx.pragma_update(None, "user_version", step.version)?;
        }
        if !references_hold(&tx, &before)? {
            let p = path.display();
            return Err(Error::Database {
                msg: msg!(
                    "升级 {p} 的数据库结构会留下失效的引用,未作任何更改",
                    "upgrading the schema of {p} would leave broken references; nothing was changed"
                ),
                source: None,
            });
        }
    }
    tx.commit()?;
    Ok(())
}

/// Connects to a PostgreSQL server and makes sure the schema is there (a
/// new database gets it whole, as a new SQLite file does, when `access`
/// allows; `meded db init` does the same and adds roles and policies).
fn open_postgres(url: &str, access: Access) -> Result<Opened> {
    let mut conn = connect_postgres(url)?;
    let shown = redact(url);
    let created = postgres_version(&conn)? == 0;
    if created && access == Access::Existing {
        return Err(Error::Input(msg!(
            "数据库 {shown} 中还没有 meded 的数据(用 `meded db init` 或 `meded org add` 建立)",
            "the database {shown} holds no meded data yet (set it up with `meded db init` or `meded org add`)"
        )));
    }
    ensure_postgres_schema(&mut conn, &shown)?;
    Ok(Opened {
        conn,
        created,
        made_file: false,
    })
}

/// Connects to the PostgreSQL server `target` names, changing nothing in
/// it: for `db init --roles`, which checks the user's rights before it
/// writes anything.
pub fn connect(target: &Path) -> Result<sql::Connection> {
    connect_postgres(target.to_str().unwrap_or_default())
}

fn connect_postgres(url: &str) -> Result<sql::Connection> {
    let shown = redact(url);
    let client =
        ::postgres::Client::connect(url, ::postgres::NoTls).map_err(|e| Error::Database {
            msg: msg!(
                "无法连接数据库服务器 {shown}",
                "cannot connect to the database server {shown}"
            ),
            source: Some(crate::error::Cause::new(sql::Error::from(e))),
        })?;
    Ok(sql::Connection::from_postgres(client))
}

/// The database as messages name it: a file by its path, a server by its
/// URL without the password.
pub fn shown(target: &Path) -> String {
    match target.to_str() {
        Some(url) if is_url(target) => redact(url),
        _ => target.display().to_string(),
    }
}

/// A URL as shown in messages: without its password.
fn redact(url: &str) -> String {
    match (url.find("://"), url.rfind('@')) {
        (Some(s), Some(at)) if at > s => {
            let userinfo = &url[s + 3..at];
            let user = userinfo.split(':').next().unwrap_or_default();
            format!("{}{user}@{}", &url[..s + 3], &url[at + 1..])
        }
        _ => url.to_owned(),
    }
}

/// A command line as the change log keeps it: the password of any
/// PostgreSQL URL in it (`postgres://user:secret@host/db`, or
/// `?password=secret`) written `***`, on either engine.
pub fn redact_command(line: &str) -> String {
    let url = regex::Regex::new(r"(?i)postgres(?:ql)?://[^\s'\x22]*").expect("a valid pattern");
    url.replace_all(line, |c: &regex::Captures<'_>| hide_password(&c[0]))
        .into_owned()
}

/// A PostgreSQL URL with its password, wherever it is given, as `***`.
fn hide_password(url: &str) -> String {
    let mut out = url.to_owned();
    if let Some(s) = out.find("://") {
        let rest_start = s + 3;
        let authority_end = out[rest_start..]
            .find(['/', '?'])
            .map_or(out.len(), |i| rest_start + i);
        if let Some(at) = out[rest_start..authority_end].rfind('@') {
            let userinfo = &out[rest_start..rest_start + at];
            if let Some(colon) = userinfo.find(':') {
                let from = rest_start + colon + 1;
                out.replace_range(from..rest_start + at, "***");
            }
        }
    }
    let query = regex::Regex::new(r"(?i)([?&]password=)[^&]*").expect("a valid pattern");
    query.replace_all(&out, "${1}***").into_owned()
}

/// The schema version of a PostgreSQL database (0: no meded schema).
fn postgres_version(conn: &sql::Connection) -> Result<i32> {
    let exists: bool =
        conn.query_row("SELECT to_regclass('meded_schema') IS NOT NULL", [], |r| {
            r.get(0)
        })?;
    if !exists {
        return Ok(0);
    }
    Ok(conn
        .query_row("SELECT max(version) FROM meded_schema", [], |r| {
            r.get::<_, Option<i32>>(0)
        })?
        .unwrap_or(0))
}

fn newer_server(shown: &str, current: i32) -> Error {
    let latest = schema_version();
    Error::Database {
        msg: msg!(
            "{shown} 由更新版本的 meded 创建(数据库版本 {current},本程序支持到 {latest}),请升级 meded",
            "{shown} was written by a newer meded (schema version {current}; this one knows up to {latest}); upgrade meded"
        ),
        source: None,
    }
}

/// Creates the schema in an empty database, or brings an older one up to
/// date, under an advisory lock so that two first commands do not both
/// do it.
pub fn ensure_postgres_schema(conn: &mut sql::Connection, shown: &str) -> Result<()> {
    let latest = schema_version();
    let current = postgres_version(conn)?;
    if current == latest {
        return Ok(());
    }
    let tx = write(conn)?;
    tx.execute_batch("SELECT pg_advisory_xact_lock(7373657)")?;
    let current = postgres_version(&tx)?;
    if current == latest {
        return Ok(());
    }
    bring_up(&tx, current, shown)?;
    if roles_made(&tx)? {
        // An upgraded meded brings its policies along at once: the older
        // ones may lack what this version's tables need.
        tx.execute_batch(postgres::ROLES)?;
    }
    tx.commit()?;
    Ok(())
}

/// The schema of version `current` (0: none) brought to this meded's:
/// the whole schema, or the forward steps, then what only a server has
/// (functions and triggers, made again so that an upgrade gets the new ones).
fn bring_up(tx: &sql::Transaction<'_>, current: i32, shown: &str) -> Result<()> {
    let latest = schema_version();
    if current > latest {
        return Err(newer_server(shown, current));
    }
    if current == 0 {
        tx.execute_batch(&postgres::schema(SCHEMA))?;
        tx.execute_batch(postgres::VERSION_TABLE)?;
    } else if current < postgres::FIRST_VERSION {
        return Err(Error::Database {
            msg: msg!(
                "{shown} 的数据库版本 {current} 无法升级到 {latest}",
                "{shown} has schema version {current}, which this meded cannot upgrade to {latest}"
            ),
            source: None,
        });
    } else {
        // The same forward steps as a file takes, in the server's words.
        for step in MIGRATIONS.iter().filter(|m| m.version > current) {
            if let Some(keys) = &step.keys {
                migrate::make_keys_server(tx, keys)?;
            }
            match step.server {
                Some(sql) => tx.execute_batch(sql)?,
                None => tx.execute_batch(&postgres::schema(step.sql))?,
            }
        }
    }
    tx.execute_batch(postgres::SERVER)?;
    tx.execute("DELETE FROM meded_schema", [])?;
    tx.execute("INSERT INTO meded_schema (version) VALUES (?1)", [latest])?;
    Ok(())
}

/// Whether `db init --roles` has made the roles and policies of this
/// database.
fn roles_made(conn: &sql::Connection) -> Result<bool> {
    Ok(conn.query_row(
        "SELECT to_regrole('meded_base_admin') IS NOT NULL
            AND coalesce((SELECT relrowsecurity FROM pg_class
                          WHERE oid = to_regclass('public.account')), false)",
        [],
        |r| r.get(0),
    )?)
}

/// What the connected user may do that `db init --roles` needs, read
/// before anything is written.
struct Rights {
    user: String,
    superuser: bool,
    create_role: bool,
    /// The three roles that do not exist yet.
    missing_roles: Vec<String>,
    /// Whether the user may grant each existing role to others.
    admin_of_roles: bool,
    /// The owner of meded's tables, if they exist.
    tables_owner: Option<String>,
    owns_tables: bool,
    may_create_tables: bool,
}

fn rights(conn: &sql::Connection) -> Result<Rights> {
    Ok(conn.query_row(
        "WITH wanted(name) AS (VALUES ('meded_base_admin'), ('meded_province_reviewer'),
                                      ('meded_cme_office'))
         SELECT current_user::text, r.rolsuper, r.rolcreaterole,
                coalesce((SELECT string_agg(name, ',') FROM wanted
                          WHERE to_regrole(name) IS NULL), ''),
                coalesce((SELECT bool_and(pg_has_role(current_user, name, 'MEMBER WITH ADMIN OPTION'))
                          FROM wanted WHERE to_regrole(name) IS NOT NULL), true),
                (SELECT pg_get_userbyid(relowner)::text FROM pg_class
                 WHERE oid = to_regclass('public.account')),
                coalesce((SELECT pg_has_role(current_user, relowner, 'MEMBER') FROM pg_class
                          WHERE oid = to_regclass('public.account')), false),
                has_schema_privilege('public', 'CREATE')
         FROM pg_roles r WHERE r.rolname = current_user",
        [],
        |r| {
            let missing: String = r.get(3)?;
            Ok(Rights {
                user: r.get(0)?,
                superuser: r.get(1)?,
                create_role: r.get(2)?,
                missing_roles: missing
                    .split(',')
                    .filter(|s| !s.is_empty())
                    .map(str::to_owned)
                    .collect(),
                admin_of_roles: r.get(4)?,
                tables_owner: r.get(5)?,
                owns_tables: r.get(6)?,
                may_create_tables: r.get(7)?,
            })
        },
    )?)
}

/// Why the connected user cannot run `db init --roles`, each with what the
/// server's administrator can do about it; empty when nothing is missing.
fn missing_rights(r: &Rights) -> Vec<crate::i18n::Msg> {
    let user = &r.user;
    let mut out = Vec::new();
    if r.superuser {
        return out;
    }
    match &r.tables_owner {
        Some(owner) if !r.owns_tables => out.push(msg!(
            "meded 的数据表属于 {owner},不属于 {user}:请以 {owner} 连接后运行",
            "meded's tables belong to {owner}, not to {user}: run it connected as {owner}"
        )),
        None if !r.may_create_tables => out.push(msg!(
            "{user} 不能在 public 模式中建表:请服务器管理员执行 ALTER SCHEMA public OWNER TO {user}(或 GRANT CREATE ON SCHEMA public TO {user})",
            "{user} may not create tables in the schema public: ask the server's administrator for ALTER SCHEMA public OWNER TO {user} (or GRANT CREATE ON SCHEMA public TO {user})"
        )),
        _ => {}
    }
    let may_grant = r.create_role || (r.missing_roles.is_empty() && r.admin_of_roles);
    if !may_grant {
        let roles = if r.missing_roles.is_empty() {
            "meded_base_admin, meded_province_reviewer, meded_cme_office".to_owned()
        } else {
            r.missing_roles.join(", ")
        };
        out.push(msg!(
            "{user} 没有 CREATEROLE 权限,不能建立或授予角色 {roles}:请服务器管理员执行 ALTER ROLE {user} CREATEROLE(或先建好这三个角色并以 WITH ADMIN OPTION 授予 {user})",
            "{user} lacks CREATEROLE and so cannot make or grant the roles {roles}: ask the server's administrator for ALTER ROLE {user} CREATEROLE (or to create the three roles and grant them to {user} WITH ADMIN OPTION)"
        ));
    }
    out
}

/// `meded db init --roles`: the schema (made or brought up to date), the
/// three roles and their policies (see roles.postgres.sql), all in one
/// transaction, after checking that the connected user has every right
/// this needs: without them nothing is changed. Returns the statements
/// the server's administrator still has to run, if any (what the owner of
/// the tables may not do: take TEMP or CREATE from PUBLIC).
pub fn init_roles(conn: &mut sql::Connection, shown: &str) -> Result<Vec<String>> {
    let missing = missing_rights(&rights(conn)?);
    if !missing.is_empty() {
        let mut why = msg!(
            "未作任何更改:建立角色和访问策略需要以下权限",
            "nothing was changed: making the roles and policies needs rights this user lacks"
        );
        for m in &missing {
            why = why.join(m);
        }
        return Err(Error::Database {
            msg: why,
            source: None,
        });
    }
    let tx = write(conn)?;
    tx.execute_batch("SELECT pg_advisory_xact_lock(7373657)")?;
    let current = postgres_version(&tx)?;
    if current == schema_version() {
        tx.execute_batch(postgres::SERVER)?;
    } else {
        bring_up(&tx, current, shown)?;
    }
    tx.execute_batch(postgres::ROLES)?;
    let left: (bool, bool, String) = tx.query_row(
        "SELECT has_database_privilege('public', current_database(), 'TEMPORARY'),
                has_schema_privilege('public', 'public', 'CREATE'),
                current_database()::text",
        [],
        |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
    )?;
    let mut dba = Vec::new();
    let (temp, create, database) = left;
    if temp {
        dba.push(format!(
            "REVOKE TEMPORARY ON DATABASE \"{database}\" FROM PUBLIC; GRANT TEMPORARY ON DATABASE \"{database}\" TO meded_base_admin, meded_province_reviewer, meded_cme_office;"
        ));
    }
    if create {
        dba.push("REVOKE CREATE ON SCHEMA public FROM PUBLIC;".to_owned());
    }
    tx.commit()?;
    Ok(dba)
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
        let (conn, created, made_file) = open_sqlite(&p).unwrap();
        assert!(created && made_file);
        let v: i32 = conn
            .query_row("PRAGMA user_version", [], |r| r.get(0))
            .unwrap();
        assert_eq!(v, schema_version());
        let mode: String = conn
            .query_row("PRAGMA journal_mode", [], |r| r.get(0))
            .unwrap();
        assert_eq!(mode, "wal");
        let page: i64 = conn
            .query_row("PRAGMA page_size", [], |r| r.get(0))
            .unwrap();
        assert_eq!(page, PAGE_SIZE);
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
    fn a_database_password_never_reaches_the_log() {
        for (line, want) in [
            (
                "meded --db postgres://wang:s3cret@db.example/meded org list",
                "meded --db postgres://wang:***@db.example/meded org list",
            ),
            (
                "meded --db=postgresql://wang:p@ss:w0rd@db.example:5432/meded?sslmode=require report submit",
                "meded --db=postgresql://wang:***@db.example:5432/meded?sslmode=require report submit",
            ),
            (
                "meded --db 'postgres://wang@db/meded?sslmode=require&password=s3cret' org list",
                "meded --db 'postgres://wang@db/meded?sslmode=require&password=***' org list",
            ),
            (
                "meded --db postgres://wang@db.example/meded org list",
                "meded --db postgres://wang@db.example/meded org list",
            ),
            (
                "meded --db meded.db org list",
                "meded --db meded.db org list",
            ),
        ] {
            assert_eq!(redact_command(line), want);
        }
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
