//! One way to speak SQL to either engine: the embedded SQLite file or a
//! province's PostgreSQL server. The domain modules write their statements
//! once, in the SQL both engines share, with `?N` placeholders, and call
//! the API below — the same shape as rusqlite's, which they were written
//! against. What differs between the engines stays here: placeholders
//! (`$N` for PostgreSQL), how values are encoded, the id of the last
//! insert, pragmas (SQLite only), and how a transaction takes the write
//! lock. docs/server.md says where the engines differ and why.

mod copy;
mod pg;
mod value;

use std::cell::Cell;
use std::fmt;

pub use copy::CopyRows;
pub use value::{FromSql, FromSqlError, FromSqlResult, ToSql, ToSqlOutput, Value, ValueRef};

/// Which engine a connection speaks to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Engine {
    Sqlite,
    Postgres,
}

/// An error of either engine, or of reading a column.
#[derive(Debug)]
pub enum Error {
    Sqlite(rusqlite::Error),
    Postgres(postgres::Error),
    /// `query_row` found no row (see [`OptionalExtension`]).
    QueryReturnedNoRows,
    /// A column could not be read as the type asked for.
    FromSql {
        column: usize,
        error: FromSqlError,
    },
    Other(String),
}

pub type Result<T, E = Error> = std::result::Result<T, E>;

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::Sqlite(e) => e.fmt(f),
            Error::Postgres(e) => match e.as_db_error() {
                // The server's own words: "permission denied for table …".
                Some(db) => f.write_str(db.message()),
                None => e.fmt(f),
            },
            Error::QueryReturnedNoRows => f.write_str("query returned no rows"),
            Error::FromSql { column, error } => write!(f, "column {column}: {error}"),
            Error::Other(s) => f.write_str(s),
        }
    }
}

impl std::error::Error for Error {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            Error::Sqlite(e) => Some(e),
            Error::Postgres(e) => Some(e),
            _ => None,
        }
    }
}

impl From<rusqlite::Error> for Error {
    fn from(e: rusqlite::Error) -> Error {
        match e {
            rusqlite::Error::QueryReturnedNoRows => Error::QueryReturnedNoRows,
            e => Error::Sqlite(e),
        }
    }
}

impl From<FromSqlError> for Error {
    fn from(error: FromSqlError) -> Error {
        Error::FromSql { column: 0, error }
    }
}

impl From<postgres::Error> for Error {
    fn from(e: postgres::Error) -> Error {
        Error::Postgres(e)
    }
}

impl crate::error::DatabaseCause for Error {
    fn reason(&self) -> Option<crate::i18n::Msg> {
        Error::reason(self)
    }

    fn is_transient(&self) -> bool {
        Error::is_transient(self)
    }
}

impl From<Error> for crate::error::Error {
    fn from(e: Error) -> crate::error::Error {
        use crate::msg;
        // On a shared server the database itself decides who may do what:
        // say so plainly rather than as a failed statement.
        let msg = if e.is_permission_denied() {
            msg!(
                "数据库拒绝了此操作:当前数据库用户没有这项权限",
                "the database refused this: the database user has no permission for it"
            )
        } else {
            msg!("数据库操作失败", "database operation failed")
        };
        crate::error::Error::Database {
            msg,
            source: Some(crate::error::Cause::new(e)),
        }
    }
}

impl From<rusqlite::Error> for crate::error::Error {
    fn from(e: rusqlite::Error) -> crate::error::Error {
        crate::error::Error::from(Error::from(e))
    }
}

impl Error {
    /// SQLite's error code, for telling a file that is not a database or a
    /// database that is busy.
    pub fn sqlite_error_code(&self) -> Option<rusqlite::ErrorCode> {
        match self {
            Error::Sqlite(e) => e.sqlite_error_code(),
            _ => None,
        }
    }

    /// PostgreSQL's SQLSTATE: `42501` a permission the role lacks, `23505`
    /// a unique key taken, `40001` a serialisation failure.
    pub fn sqlstate(&self) -> Option<&str> {
        match self {
            Error::Postgres(e) => e.code().map(|c| c.code()),
            _ => None,
        }
    }

    /// Whether the server ended the transaction to break a deadlock or a
    /// serialization conflict with another: nothing of it was written, and
    /// the same work run again can succeed.
    pub fn is_transient(&self) -> bool {
        matches!(self.sqlstate(), Some("40P01" | "40001"))
    }

    /// Whether the database refused the statement for lack of a permission
    /// (a role or a row-level policy).
    pub fn is_permission_denied(&self) -> bool {
        self.sqlstate() == Some("42501")
    }

    /// What the error means, in both languages, for the causes a person
    /// can act on (a busy or read-only file, a full disk, a server that
    /// refuses the login); `None` for the rest, whose text is shown as the
    /// engine wrote it.
    pub fn reason(&self) -> Option<crate::i18n::Msg> {
        use crate::msg;
        use rusqlite::ErrorCode as C;
        if let Some(code) = self.sqlite_error_code() {
            return Some(match code {
                C::DatabaseBusy | C::DatabaseLocked => msg!(
                    "数据库正被另一个程序使用,等待后仍未释放;请稍后再试",
                    "another program is using the database and did not let go in time; try again later"
                ),
                C::ReadOnly => msg!(
                    "数据库文件或其所在文件夹是只读的",
                    "the database file or its folder is read-only"
                ),
                C::DiskFull => msg!("磁盘已满", "the disk is full"),
                C::CannotOpen => msg!(
                    "无法打开数据库文件(文件夹不存在,或没有权限)",
                    "the database file cannot be opened (its folder does not exist, or permission is denied)"
                ),
                C::PermissionDenied => msg!("没有权限", "permission denied"),
                C::SystemIoFailure => msg!(
                    "读写数据库文件时出错(磁盘或网络共享有问题)",
                    "an input/output error on the database file (the disk or the network share failed)"
                ),
                C::DatabaseCorrupt => msg!(
                    "数据库文件已损坏,请从备份恢复",
                    "the database file is damaged; restore it from a backup"
                ),
                C::NotADatabase => msg!("这不是数据库文件", "it is not a database file"),
                _ => return None,
            });
        }
        let Error::Postgres(e) = self else {
            return None;
        };
        match self.sqlstate() {
            Some("28P01") => Some(msg!(
                "数据库用户名或密码错误",
                "the database user name or password is wrong"
            )),
            Some("28000") => Some(msg!(
                "服务器拒绝了该用户的登录(没有这个数据库用户,或不允许它从这里登录)",
                "the server refused this user's login (no such database user, or it may not log in from here)"
            )),
            Some("3D000") => Some(msg!(
                "服务器上没有这个数据库",
                "the server has no database of that name"
            )),
            Some("57P01" | "57P02" | "57P03") => Some(msg!(
                "服务器正在关闭或启动,请稍后再试",
                "the server is shutting down or starting; try again later"
            )),
            Some("53100") => Some(msg!("服务器磁盘已满", "the server's disk is full")),
            Some(_) => None,
            // No answer from a server: the connection itself failed.
            None => {
                let io =
                    std::error::Error::source(e).and_then(|s| s.downcast_ref::<std::io::Error>());
                match io {
                    Some(io) => crate::os_error::os_reason(io),
                    None if e.is_closed() => Some(msg!("连接中断", "the connection was broken")),
                    None => None,
                }
            }
        }
    }
}

/// `query_row(…).optional()`: no row is `None`, not an error.
pub trait OptionalExtension<T> {
    fn optional(self) -> Result<Option<T>>;
}

impl<T> OptionalExtension<T> for Result<T> {
    fn optional(self) -> Result<Option<T>> {
        match self {
            Ok(v) => Ok(Some(v)),
            Err(Error::QueryReturnedNoRows) => Ok(None),
            Err(e) => Err(e),
        }
    }
}

/// A connection to either engine.
pub struct Connection {
    inner: Inner,
}

enum Inner {
    Sqlite(rusqlite::Connection),
    Postgres(Box<pg::Client>),
}

impl fmt::Debug for Connection {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Connection({:?})", self.engine())
    }
}

impl Connection {
    pub fn from_sqlite(conn: rusqlite::Connection) -> Connection {
        Connection {
            inner: Inner::Sqlite(conn),
        }
    }

    pub fn from_postgres(client: postgres::Client) -> Connection {
        Connection {
            inner: Inner::Postgres(Box::new(pg::Client::new(client))),
        }
    }

    /// A plain connection, as it is: an SQLite file by its path, or a
    /// PostgreSQL server by its `postgres://` URL. No pragmas, no schema:
    /// commands open the database through `db::open`; this is for reading a
    /// database back (tests, benchmarks).
    pub fn open<P: AsRef<std::path::Path>>(target: P) -> Result<Connection> {
        let target = target.as_ref();
        match target.to_str() {
            Some(url) if url.starts_with("postgres://") || url.starts_with("postgresql://") => Ok(
                Connection::from_postgres(postgres::Client::connect(url, postgres::NoTls)?),
            ),
            _ => Ok(Connection::from_sqlite(rusqlite::Connection::open(target)?)),
        }
    }

    /// A private in-memory SQLite database, for tests.
    pub fn open_in_memory() -> Result<Connection> {
        Ok(Connection::from_sqlite(
            rusqlite::Connection::open_in_memory()?,
        ))
    }

    /// Another connection to the same SQLite file, read-only: for reading
    /// parts of a table on several threads.
    pub fn open_sqlite_read_only(path: &std::path::Path) -> Result<Connection> {
        use rusqlite::OpenFlags;
        let c = rusqlite::Connection::open_with_flags(
            path,
            OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX,
        )?;
        c.busy_timeout(std::time::Duration::from_secs(30))?;
        Ok(Connection::from_sqlite(c))
    }

    /// The SQLite file, if this is one (not an in-memory database).
    pub fn path(&self) -> Option<&str> {
        match &self.inner {
            Inner::Sqlite(c) => c.path().filter(|p| !p.is_empty()),
            Inner::Postgres(_) => None,
        }
    }

    pub fn engine(&self) -> Engine {
        match self.inner {
            Inner::Sqlite(_) => Engine::Sqlite,
            Inner::Postgres(_) => Engine::Postgres,
        }
    }

    pub fn is_postgres(&self) -> bool {
        self.engine() == Engine::Postgres
    }

    /// The SQLite connection, for what only SQLite has (pragmas, the file).
    pub fn as_sqlite(&self) -> Option<&rusqlite::Connection> {
        match &self.inner {
            Inner::Sqlite(c) => Some(c),
            Inner::Postgres(_) => None,
        }
    }

    /// The PostgreSQL client, for what only PostgreSQL has (COPY).
    pub fn as_postgres(&self) -> Option<std::cell::RefMut<'_, postgres::Client>> {
        match &self.inner {
            Inner::Sqlite(_) => None,
            Inner::Postgres(c) => Some(c.client()),
        }
    }

    pub fn prepare(&self, sql: &str) -> Result<Statement<'_>> {
        Ok(Statement {
            inner: match &self.inner {
                Inner::Sqlite(c) => StmtInner::Sqlite(SqliteStmt::Plain(c.prepare(sql)?)),
                Inner::Postgres(c) => StmtInner::Postgres {
                    client: c,
                    stmt: c.prepare(sql, false)?,
                },
            },
        })
    }

    /// A statement prepared once per connection and kept: for statements a
    /// command runs many times.
    pub fn prepare_cached(&self, sql: &str) -> Result<Statement<'_>> {
        Ok(Statement {
            inner: match &self.inner {
                Inner::Sqlite(c) => StmtInner::Sqlite(SqliteStmt::Cached(c.prepare_cached(sql)?)),
                Inner::Postgres(c) => StmtInner::Postgres {
                    client: c,
                    stmt: c.prepare(sql, true)?,
                },
            },
        })
    }

    pub fn execute<P: Params>(&self, sql: &str, params: P) -> Result<usize> {
        self.prepare(sql)?.execute(params)
    }

    /// Runs statements separated by `;`, with no parameters.
    pub fn execute_batch(&self, sql: &str) -> Result<()> {
        match &self.inner {
            Inner::Sqlite(c) => Ok(c.execute_batch(sql)?),
            Inner::Postgres(c) => Ok(c.client().batch_execute(sql)?),
        }
    }

    /// PostgreSQL's `COPY table (columns) FROM STDIN` with `rows`, in one
    /// round trip; returns the rows the server took. SQLite has no COPY:
    /// bulk writers there insert through a prepared statement.
    pub fn copy_in(&self, statement: &str, rows: &CopyRows) -> Result<u64> {
        match &self.inner {
            Inner::Sqlite(_) => Err(Error::Other(format!("COPY is PostgreSQL's: {statement}"))),
            Inner::Postgres(c) => {
                use std::io::Write as _;
                let mut client = c.client();
                let mut writer = client.copy_in(statement)?;
                writer
                    .write_all(rows.as_bytes())
                    .map_err(|e| Error::Other(format!("COPY: {e}")))?;
                Ok(writer.finish()?)
            }
        }
    }

    /// `rows` into `table`'s `columns` (a list as in an INSERT) by COPY:
    /// straight in when row-level security does not apply to the connected
    /// user, else — the server refuses COPY into a table whose policies
    /// apply — into a staging copy of the table and from there in one
    /// `INSERT … SELECT`, which the policies check.
    pub fn copy_into(&self, table: &str, columns: &str, rows: &CopyRows) -> Result<u64> {
        let guarded: bool =
            self.query_row("SELECT row_security_active(?1)", [table], |r| r.get(0))?;
        if !guarded {
            return self.copy_in(&format!("COPY {table} ({columns}) FROM STDIN"), rows);
        }
        // Only the columns written: the user may not read the others.
        self.execute_batch(&format!(
            "CREATE TEMP TABLE IF NOT EXISTS {table}_copied ON COMMIT DROP AS
                 SELECT {columns} FROM {table} WITH NO DATA;
             TRUNCATE {table}_copied"
        ))?;
        self.copy_in(&format!("COPY {table}_copied ({columns}) FROM STDIN"), rows)?;
        Ok(self.execute(
            &format!("INSERT INTO {table} ({columns}) SELECT {columns} FROM {table}_copied"),
            [],
        )? as u64)
    }

    /// `n` new ids of `table`'s identity column, drawn ahead in one round
    /// trip so that a bulk writer knows each row's id before it copies
    /// the rows (PostgreSQL's; growing, but with gaps where other writers
    /// drew theirs).
    pub fn draw_ids(&self, table: &str, n: usize) -> Result<Vec<i64>> {
        // The sequence found once, not for every id: the lookup costs ten
        // times the draw (1.4 s against 0.1 s for 200,000 ids).
        let mut stmt = self.prepare_cached(&format!(
            "WITH s AS MATERIALIZED (SELECT pg_get_serial_sequence('{table}', 'id')::regclass AS seq)
             SELECT nextval(s.seq) FROM s, generate_series(1, ?1)"
        ))?;
        stmt.query_map([n as i64], |r| r.get(0))?
            .collect::<Result<Vec<i64>>>()
    }

    pub fn query_row<T, P, F>(&self, sql: &str, params: P, f: F) -> Result<T>
    where
        P: Params,
        F: FnOnce(&Row<'_>) -> Result<T>,
    {
        self.prepare(sql)?.query_row(params, f)
    }

    /// The id of the row the last successful INSERT made.
    pub fn last_insert_rowid(&self) -> i64 {
        match &self.inner {
            Inner::Sqlite(c) => c.last_insert_rowid(),
            Inner::Postgres(c) => c.last_insert_id(),
        }
    }

    /// Sets an SQLite pragma; nothing on PostgreSQL, where the server's
    /// configuration decides.
    pub fn pragma_update<V: ToSql>(
        &self,
        schema: Option<&str>,
        name: &str,
        value: V,
    ) -> Result<()> {
        match &self.inner {
            Inner::Sqlite(c) => {
                let v = value.to_sql()?;
                Ok(c.pragma_update(schema, name, SqliteBind(v.value_ref()))?)
            }
            Inner::Postgres(_) => Ok(()),
        }
    }

    /// Begins the transaction of a command that writes, taking the write
    /// lock at once (see `db::write`).
    pub fn transaction_immediate(&mut self) -> Result<Transaction<'_>> {
        match &self.inner {
            Inner::Sqlite(c) => c.execute_batch("BEGIN IMMEDIATE")?,
            Inner::Postgres(c) => c.client().batch_execute("BEGIN")?,
        }
        Ok(Transaction {
            conn: self,
            open: Cell::new(true),
        })
    }
}

/// An open transaction: rolled back when dropped without [`Transaction::commit`].
pub struct Transaction<'c> {
    conn: &'c mut Connection,
    open: Cell<bool>,
}

impl Transaction<'_> {
    pub fn commit(self) -> Result<()> {
        self.open.set(false);
        self.conn.execute_batch("COMMIT")
    }

    pub fn rollback(self) -> Result<()> {
        self.open.set(false);
        self.conn.execute_batch("ROLLBACK")
    }
}

impl std::ops::Deref for Transaction<'_> {
    type Target = Connection;

    fn deref(&self) -> &Connection {
        self.conn
    }
}

impl Drop for Transaction<'_> {
    fn drop(&mut self) {
        if self.open.get() {
            let _ = self.conn.execute_batch("ROLLBACK");
        }
    }
}

/// A prepared statement.
pub struct Statement<'c> {
    inner: StmtInner<'c>,
}

enum StmtInner<'c> {
    Sqlite(SqliteStmt<'c>),
    Postgres {
        client: &'c pg::Client,
        stmt: postgres::Statement,
    },
}

enum SqliteStmt<'c> {
    Plain(rusqlite::Statement<'c>),
    Cached(rusqlite::CachedStatement<'c>),
}

impl<'c> SqliteStmt<'c> {
    fn get(&mut self) -> &mut rusqlite::Statement<'c> {
        match self {
            SqliteStmt::Plain(s) => s,
            SqliteStmt::Cached(s) => s,
        }
    }
}

/// A parameter for rusqlite: our value, borrowed, no copy.
struct SqliteBind<'a>(ValueRef<'a>);

impl rusqlite::ToSql for SqliteBind<'_> {
    fn to_sql(&self) -> rusqlite::Result<rusqlite::types::ToSqlOutput<'_>> {
        use rusqlite::types::ValueRef as R;
        Ok(rusqlite::types::ToSqlOutput::Borrowed(match self.0 {
            ValueRef::Null => R::Null,
            ValueRef::Integer(i) => R::Integer(i),
            ValueRef::Real(f) => R::Real(f),
            ValueRef::Text(s) => R::Text(s.as_bytes()),
            ValueRef::Blob(b) => R::Blob(b),
        }))
    }
}

fn bind_sqlite<P: Params>(stmt: &mut rusqlite::Statement<'_>, params: P) -> Result<()> {
    let expected = stmt.parameter_count();
    let mut given = 0;
    params.each(&mut |i, v| {
        given += 1;
        let out = v.to_sql()?;
        stmt.raw_bind_parameter(i + 1, SqliteBind(out.value_ref()))?;
        Ok(())
    })?;
    if given != expected {
        return Err(Error::Sqlite(rusqlite::Error::InvalidParameterCount(
            given, expected,
        )));
    }
    Ok(())
}

impl<'c> Statement<'c> {
    /// Runs the statement; how many rows it changed.
    pub fn execute<P: Params>(&mut self, params: P) -> Result<usize> {
        match &mut self.inner {
            StmtInner::Sqlite(s) => {
                let s = s.get();
                bind_sqlite(s, params)?;
                Ok(s.raw_execute()?)
            }
            StmtInner::Postgres { client, stmt } => client.execute(stmt, params),
        }
    }

    pub fn query<P: Params>(&mut self, params: P) -> Result<Rows<'_>> {
        Ok(Rows {
            inner: match &mut self.inner {
                StmtInner::Sqlite(s) => {
                    let s = s.get();
                    bind_sqlite(s, params)?;
                    RowsInner::Sqlite(s.raw_query())
                }
                StmtInner::Postgres { client, stmt } => RowsInner::Postgres {
                    rows: client.query(stmt, params)?.into_iter(),
                    current: None,
                },
            },
        })
    }

    pub fn query_map<P, F, T>(&mut self, params: P, f: F) -> Result<MappedRows<'_, F>>
    where
        P: Params,
        F: FnMut(&Row<'_>) -> Result<T>,
    {
        Ok(MappedRows {
            rows: self.query(params)?,
            f,
        })
    }

    pub fn query_row<P, F, T>(&mut self, params: P, f: F) -> Result<T>
    where
        P: Params,
        F: FnOnce(&Row<'_>) -> Result<T>,
    {
        let mut rows = self.query(params)?;
        match rows.next()? {
            Some(row) => f(&row),
            None => Err(Error::QueryReturnedNoRows),
        }
    }

    /// Whether the query returns a row.
    pub fn exists<P: Params>(&mut self, params: P) -> Result<bool> {
        Ok(self.query(params)?.next()?.is_some())
    }

    /// How many parameters the statement takes.
    pub fn parameter_count(&self) -> usize {
        match &self.inner {
            StmtInner::Sqlite(SqliteStmt::Plain(s)) => s.parameter_count(),
            StmtInner::Sqlite(SqliteStmt::Cached(s)) => s.parameter_count(),
            StmtInner::Postgres { stmt, .. } => stmt.params().len(),
        }
    }

    pub fn column_count(&self) -> usize {
        match &self.inner {
            StmtInner::Sqlite(SqliteStmt::Plain(s)) => s.column_count(),
            StmtInner::Sqlite(SqliteStmt::Cached(s)) => s.column_count(),
            StmtInner::Postgres { stmt, .. } => stmt.columns().len(),
        }
    }
}

/// The rows of a query.
pub struct Rows<'s> {
    inner: RowsInner<'s>,
}

enum RowsInner<'s> {
    Sqlite(rusqlite::Rows<'s>),
    /// PostgreSQL's rows arrive whole: a statement may run while another's
    /// rows are being read, as on SQLite.
    Postgres {
        rows: std::vec::IntoIter<postgres::Row>,
        current: Option<postgres::Row>,
    },
}

impl Rows<'_> {
    #[allow(clippy::should_implement_trait)]
    pub fn next(&mut self) -> Result<Option<Row<'_>>> {
        match &mut self.inner {
            RowsInner::Sqlite(rows) => Ok(rows.next()?.map(|r| Row {
                inner: RowInner::Sqlite(r),
            })),
            RowsInner::Postgres { rows, current } => {
                *current = rows.next();
                Ok(current.as_ref().map(|r| Row {
                    inner: RowInner::Postgres(r),
                }))
            }
        }
    }
}

/// Rows mapped through a function, as an iterator.
pub struct MappedRows<'s, F> {
    rows: Rows<'s>,
    f: F,
}

impl<T, F> Iterator for MappedRows<'_, F>
where
    F: FnMut(&Row<'_>) -> Result<T>,
{
    type Item = Result<T>;

    fn next(&mut self) -> Option<Result<T>> {
        let f = &mut self.f;
        match self.rows.next() {
            Ok(Some(row)) => Some(f(&row)),
            Ok(None) => None,
            Err(e) => Some(Err(e)),
        }
    }
}

/// One row of a query's result.
pub struct Row<'r> {
    inner: RowInner<'r>,
}

enum RowInner<'r> {
    Sqlite(&'r rusqlite::Row<'r>),
    Postgres(&'r postgres::Row),
}

/// A column of a row: its index from 0.
pub trait RowIndex {
    fn index(self) -> usize;
}

impl RowIndex for usize {
    fn index(self) -> usize {
        self
    }
}

impl Row<'_> {
    /// Column `idx` (from 0) as `T`.
    pub fn get<I: RowIndex, T: FromSql>(&self, idx: I) -> Result<T> {
        let idx = idx.index();
        let v = self.get_ref(idx)?;
        T::column_result(v).map_err(|error| Error::FromSql { column: idx, error })
    }

    /// Column `idx` as it is, borrowed from the row.
    pub fn get_ref<I: RowIndex>(&self, idx: I) -> Result<ValueRef<'_>> {
        let idx = idx.index();
        match &self.inner {
            RowInner::Sqlite(r) => {
                use rusqlite::types::ValueRef as R;
                Ok(match r.get_ref(idx)? {
                    R::Null => ValueRef::Null,
                    R::Integer(i) => ValueRef::Integer(i),
                    R::Real(f) => ValueRef::Real(f),
                    R::Text(t) => {
                        ValueRef::Text(std::str::from_utf8(t).map_err(|e| Error::FromSql {
                            column: idx,
                            error: FromSqlError::Other(e.to_string()),
                        })?)
                    }
                    R::Blob(b) => ValueRef::Blob(b),
                })
            }
            RowInner::Postgres(r) => pg::value(r, idx),
        }
    }
}

/// Parameters of a statement: `params![a, b]`, `[x]`, `[]`, `(a, b)`.
pub trait Params {
    /// Calls `f` with each parameter and its index (from 0).
    fn each(self, f: &mut dyn FnMut(usize, &dyn ToSql) -> Result<()>) -> Result<()>;
}

impl Params for [&dyn ToSql; 0] {
    fn each(self, _: &mut dyn FnMut(usize, &dyn ToSql) -> Result<()>) -> Result<()> {
        Ok(())
    }
}

impl Params for &[&dyn ToSql] {
    fn each(self, f: &mut dyn FnMut(usize, &dyn ToSql) -> Result<()>) -> Result<()> {
        for (i, p) in self.iter().enumerate() {
            f(i, *p)?;
        }
        Ok(())
    }
}

impl Params for () {
    fn each(self, _: &mut dyn FnMut(usize, &dyn ToSql) -> Result<()>) -> Result<()> {
        Ok(())
    }
}

macro_rules! arrays {
    ($($n:literal)+) => {$(
        impl<T: ToSql> Params for [T; $n] {
            fn each(self, f: &mut dyn FnMut(usize, &dyn ToSql) -> Result<()>) -> Result<()> {
                for (i, p) in self.iter().enumerate() {
                    f(i, p)?;
                }
                Ok(())
            }
        }

        impl<T: ToSql + ?Sized> Params for &[&T; $n] {
            fn each(self, f: &mut dyn FnMut(usize, &dyn ToSql) -> Result<()>) -> Result<()> {
                for (i, p) in self.iter().enumerate() {
                    f(i, p)?;
                }
                Ok(())
            }
        }
    )+};
}

arrays!(1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17 18 19 20);

macro_rules! tuples {
    ($(($($t:ident $i:tt),+))+) => {$(
        impl<$($t: ToSql),+> Params for ($($t,)+) {
            fn each(self, f: &mut dyn FnMut(usize, &dyn ToSql) -> Result<()>) -> Result<()> {
                $(f($i, &self.$i)?;)+
                Ok(())
            }
        }
    )+};
}

tuples! {
    (A 0)
    (A 0, B 1)
    (A 0, B 1, C 2)
    (A 0, B 1, C 2, D 3)
}

/// Parameters from an iterator of values of one type.
pub struct ParamsFromIter<I>(pub I);

impl<I> Params for ParamsFromIter<I>
where
    I: IntoIterator,
    I::Item: ToSql,
{
    fn each(self, f: &mut dyn FnMut(usize, &dyn ToSql) -> Result<()>) -> Result<()> {
        for (i, p) in self.0.into_iter().enumerate() {
            f(i, &p)?;
        }
        Ok(())
    }
}

/// The parameters of a statement, as `rusqlite::params!` writes them.
#[macro_export]
macro_rules! params {
    () => { &[] as &[&dyn $crate::db::sql::ToSql] };
    ($($p:expr),+ $(,)?) => { &[$(&$p as &dyn $crate::db::sql::ToSql),+] as &[&dyn $crate::db::sql::ToSql] };
}

pub use crate::params;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_api_on_sqlite() {
        let mut conn = Connection::open_in_memory().unwrap();
        conn.execute_batch("CREATE TABLE t (id INTEGER PRIMARY KEY, name TEXT, n INTEGER)")
            .unwrap();
        let tx = conn.transaction_immediate().unwrap();
        tx.execute("INSERT INTO t (name, n) VALUES (?1, ?2)", params!["甲", 1])
            .unwrap();
        assert_eq!(tx.last_insert_rowid(), 1);
        tx.prepare_cached("INSERT INTO t (name, n) VALUES (?1, ?2)")
            .unwrap()
            .execute(("乙", None::<i64>))
            .unwrap();
        tx.commit().unwrap();
        let names: Vec<String> = conn
            .prepare("SELECT name FROM t ORDER BY id")
            .unwrap()
            .query_map([], |r| r.get(0))
            .unwrap()
            .collect::<Result<_>>()
            .unwrap();
        assert_eq!(names, ["甲", "乙"]);
        let n: Option<i64> = conn
            .query_row("SELECT n FROM t WHERE name = ?1", ["乙"], |r| r.get(0))
            .unwrap();
        assert_eq!(n, None);
        let none = conn
            .query_row("SELECT n FROM t WHERE name = ?1", ["丙"], |r| {
                r.get::<_, i64>(0)
            })
            .optional()
            .unwrap();
        assert_eq!(none, None);
        {
            let tx = conn.transaction_immediate().unwrap();
            tx.execute("DELETE FROM t", []).unwrap();
            // Dropped without commit: rolled back.
        }
        assert_eq!(
            conn.query_row("SELECT count(*) FROM t", [], |r| r.get::<_, i64>(0))
                .unwrap(),
            2
        );
    }

    /// The same on a PostgreSQL server, when the tests have one
    /// (`MEDED_TEST_PG`, a connection URL; `.ci/run` starts one).
    #[test]
    #[ignore = "needs a PostgreSQL server: MEDED_TEST_PG=postgres://… cargo test --lib postgres -- --include-ignored"]
    fn the_api_on_postgres() {
        let client = crate::db::test_server();
        let mut conn = Connection::from_postgres(client);
        conn.execute_batch(
            "DROP TABLE IF EXISTS sql_api_test;
             CREATE TABLE sql_api_test (id BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
                                        name TEXT, n INTEGER, r DOUBLE PRECISION)",
        )
        .unwrap();
        let tx = conn.transaction_immediate().unwrap();
        tx.execute(
            "INSERT INTO sql_api_test (name, n, r) VALUES (?1, ?2, ?3)",
            params!["甲", 1, 2.5],
        )
        .unwrap();
        assert!(tx.last_insert_rowid() > 0);
        tx.prepare_cached("INSERT INTO sql_api_test (name, n) VALUES (?1, ?2)")
            .unwrap()
            .execute(("乙", None::<i64>))
            .unwrap();
        tx.commit().unwrap();
        let (n, r, total): (i32, f64, i64) = conn
            .query_row(
                "SELECT n, r, (SELECT sum(n) FROM sql_api_test) FROM sql_api_test WHERE name = ?1",
                ["甲"],
                |row| Ok((row.get(0)?, row.get(1)?, row.get(2)?)),
            )
            .unwrap();
        assert_eq!((n, r, total), (1, 2.5, 1));
        let exists: bool = conn
            .query_row(
                "SELECT EXISTS (SELECT 1 FROM sql_api_test WHERE n IS NULL)",
                [],
                |row| row.get(0),
            )
            .unwrap();
        assert!(exists);
        {
            let tx = conn.transaction_immediate().unwrap();
            tx.execute("DELETE FROM sql_api_test", []).unwrap();
        }
        let count: i64 = conn
            .query_row("SELECT count(*) FROM sql_api_test", [], |r| r.get(0))
            .unwrap();
        assert_eq!(count, 2);

        // COPY: a batch in one round trip, every awkward character kept.
        let mut rows = CopyRows::new();
        rows.text(Some("丙\tx\\y\nz")).int(Some(3)).text(None);
        rows.end_row();
        rows.text(Some("丁")).int(None).text(Some("1.5"));
        rows.end_row();
        assert_eq!(
            conn.copy_in("COPY sql_api_test (name, n, r) FROM STDIN", &rows)
                .unwrap(),
            2
        );
        let back: Vec<(String, Option<i64>, Option<f64>)> = conn
            .prepare("SELECT name, n, r FROM sql_api_test WHERE id > ?1 ORDER BY id")
            .unwrap()
            .query_map([0], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
            .unwrap()
            .map(Result::unwrap)
            .filter(|(name, ..): &(String, _, _)| name.starts_with('丙') || name == "丁")
            .collect();
        assert_eq!(
            back,
            [
                ("丙\tx\\y\nz".to_owned(), Some(3), None),
                ("丁".to_owned(), None, Some(1.5))
            ]
        );
        conn.execute_batch("DROP TABLE sql_api_test").unwrap();
    }

    #[test]
    fn optional_filters_put_their_comparison_first() {
        assert_eq!(
            pg::optional_filters_last(
                "WHERE (?1 IS NULL OR a.org_id = ?1) AND (?2 IS NULL OR EXISTS (SELECT 1 WHERE (?1 IS NULL OR t.o = ?1) AND t.y = ?2))"
            ),
            "WHERE (a.org_id = ?1 OR ?1 IS NULL) AND (EXISTS (SELECT 1 WHERE (t.o = ?1 OR ?1 IS NULL) AND t.y = ?2) OR ?2 IS NULL)"
        );
    }

    #[test]
    fn placeholders_for_postgres() {
        assert_eq!(
            pg::translate("SELECT '?1', x FROM t WHERE a = ?1 AND b = ?12 OR c = ?"),
            "SELECT '?1', x FROM t WHERE a = $1 AND b = $12 OR c = $13"
        );
    }
}
