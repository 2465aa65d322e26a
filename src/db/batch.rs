//! The batch write every bulk importer writes through, on either engine.
//!
//! An importer checks its rows, then hands the good ones to the storage
//! layer a batch at a time (a few thousand rows). Three steps write a
//! batch, whatever the engine:
//!
//! 1. [`Batch`]: the rows, as values borrowed from the importer (no text
//!    is copied to bind it), for a [`Table`] that names its columns, their
//!    types and the unique key the rows are matched on.
//! 2. [`Batch::insert_new`]: inserts every row whose key is new and says,
//!    row by row, the id it got — or `None`: the key was there already
//!    (from before, or from an earlier row of the same batch).
//!    ([`Batch::insert_all`] inserts rows that cannot conflict, such as
//!    the training records of new accounts.)
//! 3. [`Batch::find`]: for the rows that were not inserted, reads the
//!    stored rows of their keys in one statement — on a server locked
//!    (`FOR UPDATE`) so that nobody changes them while the importer
//!    judges them and updates the changed ones.
//!
//! ```text
//!   importer rows ──► Batch ──► insert_new ──► ids of the new rows
//!                                    │
//!                                    └─ rows not inserted ──► find ──► stored rows
//!                                                                 (judge, update)
//! ```
//!
//! How each engine does it stays here:
//!
//! - On a PostgreSQL server the batch goes into a staging table (one
//!   `COPY`, see [`super::staging`]; ids drawn ahead from the table's
//!   sequence), then one `INSERT … SELECT … ON CONFLICT DO NOTHING
//!   RETURNING id` merges it in row order. Row-level security holds: the
//!   policies check the `INSERT … SELECT` as they check any insert.
//! - On an SQLite file, multi-row `INSERT OR FAIL … VALUES (…), (…) … ON
//!   CONFLICT DO NOTHING` statements of up to [`CHUNK`] rows: the new ids
//!   of a statement are consecutive, so they follow from the last one
//!   unless a conflict skipped a row (then they are read back by key).
//!   `OR FAIL` spares SQLite a statement journal: an import that meets an
//!   error rolls its whole transaction back anyway.
//! - On either engine the keys to find go into a staging table, and one
//!   join reads their rows — on a server locking them; the file's write
//!   lock is the transaction's already.
//!
//! Inserting first and finding only what was not inserted is the same as
//! finding first and inserting the rest — a key is either new or not —
//! but costs one index lookup a row less in the common case of an import
//! of new rows.

use std::collections::HashMap;
use std::fmt::Write as _;
use std::ops::RangeInclusive;
use std::sync::OnceLock;

use super::sql::{Connection, Engine, Error, Result, Row, ToSql, ValueRef};
pub use super::staging::{CHUNK, Kind};
use super::staging::{Rows, Staging};

/// The ids of a chunk of `rows` rows that inserted `inserted` of them, the
/// last with id `last`: all of them, in order, or `None` when some were
/// skipped. SQLite gives the rows of one statement consecutive ids (the
/// largest id plus one, under the transaction's write lock), also when a
/// conflict skips some of them.
fn consecutive(inserted: usize, rows: usize, last: i64) -> Option<RangeInclusive<i64>> {
    (inserted == rows && rows > 0).then(|| last - rows as i64 + 1..=last)
}

/// The range of ids a chunk that inserted `inserted` rows made, the last
/// with id `last`.
fn made(inserted: usize, last: i64) -> RangeInclusive<i64> {
    last - inserted as i64 + 1..=last
}

/// A table a batch writes: its name, the columns each row gives in order
/// (those of the unique key first), and how many of them form the key.
/// The last `shared` columns take the same value in every row of a batch
/// (the import's change set, its organisation): a batch is given them
/// once, and on a file they are bound once per statement instead of once
/// per row. The table has an integer `id` primary key the database
/// assigns.
pub struct Table {
    name: &'static str,
    columns: &'static [(&'static str, Kind)],
    key: usize,
    shared: usize,
    /// The insert of a full chunk on SQLite, made once: of new keys only
    /// (`insert_new`), and of every row (`insert_all`).
    full: OnceLock<String>,
    full_all: OnceLock<String>,
    /// The staging tables of a batch on a server (its row index `n`, its
    /// drawn `id`, its columns) and of the keys to find (`n`, the key).
    staged: OnceLock<Staging>,
    keys: OnceLock<Staging>,
}

impl Table {
    /// `columns` with their types, the `key` first of them the unique key
    /// (an `ON CONFLICT` target of the table).
    pub const fn new(
        name: &'static str,
        columns: &'static [(&'static str, Kind)],
        key: usize,
    ) -> Table {
        Table {
            name,
            columns,
            key,
            shared: 0,
            full: OnceLock::new(),
            full_all: OnceLock::new(),
            staged: OnceLock::new(),
            keys: OnceLock::new(),
        }
    }

    /// The same table whose last `n` columns are shared by the rows of a
    /// batch.
    pub const fn sharing(mut self, n: usize) -> Table {
        assert!(
            self.key + n <= self.columns.len(),
            "a key column is not shared"
        );
        self.shared = n;
        self
    }

    /// The values a row gives itself.
    fn per_row(&self) -> usize {
        self.columns.len() - self.shared
    }

    fn staged(&self) -> &Staging {
        self.staged.get_or_init(|| {
            let mut columns = vec![("n", Kind::Int), ("id", Kind::Int)];
            columns.extend_from_slice(self.columns);
            Staging::of(format!("{}_batch", self.name), columns)
        })
    }

    fn keys(&self) -> &Staging {
        self.keys.get_or_init(|| {
            let mut columns = vec![("n", Kind::Int)];
            columns.extend_from_slice(&self.columns[..self.key]);
            Staging::of(format!("{}_keys", self.name), columns)
        })
    }

    fn list(&self) -> String {
        let names: Vec<&str> = self.columns.iter().map(|(c, _)| *c).collect();
        names.join(", ")
    }

    fn key_list(&self) -> String {
        let names: Vec<&str> = self.columns[..self.key].iter().map(|(c, _)| *c).collect();
        names.join(", ")
    }

    /// Rows per SQLite statement: at most [`CHUNK`], and far below
    /// SQLite's limit of 32,766 parameters.
    fn chunk(&self, per_row: usize) -> usize {
        CHUNK.min(30_000 / per_row.max(1))
    }

    /// `INSERT OR FAIL … VALUES (…) × n`, of every row.
    fn insert_all_sql(&self, n: usize) -> String {
        let mut sql = self.insert_sql(n);
        if let Some(at) = sql.rfind(" ON CONFLICT") {
            sql.truncate(at);
        }
        sql
    }

    /// `INSERT OR FAIL … VALUES (…) × n … ON CONFLICT (key) DO NOTHING`:
    /// the shared values are parameters 1, 2, …, the rows' after them.
    fn insert_sql(&self, n: usize) -> String {
        let (width, shared) = (self.per_row(), self.shared);
        let mut sql = format!(
            "INSERT OR FAIL INTO {} ({}) VALUES ",
            self.name,
            self.list()
        );
        for i in 0..n {
            sql.push_str(if i == 0 { "(" } else { ", (" });
            for k in 0..width {
                let _ = write!(
                    sql,
                    "{}?{}",
                    if k == 0 { "" } else { ", " },
                    shared + i * width + k + 1
                );
            }
            for j in 0..shared {
                let _ = write!(sql, ", ?{}", j + 1);
            }
            sql.push(')');
        }
        let _ = write!(sql, " ON CONFLICT ({}) DO NOTHING", self.key_list());
        sql
    }
}

/// Which stored rows [`Batch::find`] reads: `columns` (a select list)
/// `from` tables (without `FROM`) in which the batch's table is `alias`;
/// which of them a server locks (`FOR UPDATE OF`, for rows the importer
/// may update; it needs the right to update them).
pub struct Read<'a> {
    pub columns: &'a str,
    pub from: &'a str,
    pub alias: &'a str,
    pub lock: Option<&'a str>,
}

/// A batch of rows for one table, their values borrowed from the caller.
pub struct Batch<'a> {
    table: &'static Table,
    /// The values of the table's shared columns, the same for every row.
    shared: Vec<&'a dyn ToSql>,
    values: Vec<&'a dyn ToSql>,
}

impl<'a> Batch<'a> {
    /// A batch for about `rows` rows, with the values of the table's
    /// shared columns (none for a table that shares none).
    pub fn with_capacity(
        table: &'static Table,
        rows: usize,
        shared: &[&'a dyn ToSql],
    ) -> Batch<'a> {
        assert_eq!(shared.len(), table.shared, "{}", table.name);
        Batch {
            table,
            shared: shared.to_vec(),
            values: Vec::with_capacity(rows * table.per_row()),
        }
    }

    /// Adds a row: one value for each of the table's columns that are not
    /// shared, in order.
    pub fn push(&mut self, row: &[&'a dyn ToSql]) {
        debug_assert_eq!(row.len(), self.table.per_row(), "{}", self.table.name);
        self.values.extend_from_slice(row);
    }

    /// The number of rows.
    pub fn len(&self) -> usize {
        self.values.len() / self.table.per_row()
    }

    /// The parameters of rows `start..end` on SQLite: the shared values,
    /// then the rows'.
    fn params(&self, start: usize, end: usize) -> Vec<&'a dyn ToSql> {
        let w = self.table.per_row();
        let mut params = Vec::with_capacity(self.shared.len() + (end - start) * w);
        params.extend_from_slice(&self.shared);
        params.extend_from_slice(&self.values[start * w..end * w]);
        params
    }

    pub fn is_empty(&self) -> bool {
        self.values.is_empty()
    }

    /// The values row `i` gives itself (the shared ones are the batch's).
    fn row(&self, i: usize) -> &[&'a dyn ToSql] {
        let w = self.table.per_row();
        &self.values[i * w..(i + 1) * w]
    }

    /// Inserts every row whose key is new; for each row, in order, the id
    /// it got, or `None` where the key was taken already (by a stored row
    /// or an earlier row of the batch: the first of a key is inserted).
    pub fn insert_new(&self, tx: &Connection) -> Result<Vec<Option<i64>>> {
        if self.is_empty() {
            return Ok(Vec::new());
        }
        match tx.engine() {
            Engine::Sqlite => self.insert_sqlite(tx),
            Engine::Postgres => self.insert_copied(tx),
        }
    }

    fn insert_sqlite(&self, tx: &Connection) -> Result<Vec<Option<i64>>> {
        let table = self.table;
        let chunk = table.chunk(table.per_row());
        let mut ids = vec![None; self.len()];
        for start in (0..self.len()).step_by(chunk) {
            let end = (start + chunk).min(self.len());
            let n = end - start;
            let sql = if n == chunk {
                std::borrow::Cow::Borrowed(
                    table.full.get_or_init(|| table.insert_sql(chunk)).as_str(),
                )
            } else {
                std::borrow::Cow::Owned(table.insert_sql(n))
            };
            let inserted = tx
                .prepare_cached(&sql)?
                .execute(self.params(start, end).as_slice())?;
            if inserted == 0 {
                continue;
            }
            let last = tx.last_insert_rowid();
            if let Some(range) = consecutive(inserted, n, last) {
                for (slot, id) in ids[start..end].iter_mut().zip(range) {
                    *slot = Some(id);
                }
                continue;
            }
            // Some rows were skipped: which ones the new ids hold, by key.
            let range = made(inserted, last);
            let mut by_key: HashMap<String, i64> = HashMap::with_capacity(inserted);
            let mut stmt = tx.prepare_cached(&format!(
                "SELECT id, {} FROM {} WHERE id BETWEEN ?1 AND ?2",
                table.key_list(),
                table.name
            ))?;
            let mut rows = stmt.query([*range.start(), *range.end()])?;
            while let Some(r) = rows.next()? {
                let mut key = String::new();
                for k in 0..table.key {
                    key_part(&mut key, r.get_ref(k + 1)?);
                }
                by_key.insert(key, r.get(0)?);
            }
            for (i, slot) in ids.iter_mut().enumerate().take(end).skip(start) {
                // The first row of a key takes its id; a later one is skipped.
                *slot = by_key.remove(&self.key_of(i)?);
            }
        }
        Ok(ids)
    }

    /// The key of row `i`, as text for matching.
    fn key_of(&self, i: usize) -> Result<String> {
        let mut key = String::new();
        for v in &self.row(i)[..self.table.key] {
            key_part(&mut key, v.to_sql()?.value_ref());
        }
        Ok(key)
    }

    fn insert_copied(&self, tx: &Connection) -> Result<Vec<Option<i64>>> {
        let table = self.table;
        let drawn = tx.draw_ids(table.name, self.len())?;
        let mut rows = Rows::new();
        for (i, id) in drawn.iter().enumerate() {
            rows.int(Some(i as i64)).int(Some(*id));
            for v in self.row(i).iter().chain(&self.shared) {
                rows.value(*v)?;
            }
            rows.end_row();
        }
        table.staged().fill(tx, &rows)?;
        let list = table.list();
        let mut made = std::collections::HashSet::with_capacity(drawn.len());
        let mut merge = tx.prepare_cached(&format!(
            "INSERT INTO {name} (id, {list}) SELECT id, {list} FROM {name}_batch ORDER BY n
             ON CONFLICT ({key}) DO NOTHING RETURNING id",
            name = table.name,
            key = table.key_list()
        ))?;
        let mut returned = merge.query([])?;
        while let Some(r) = returned.next()? {
            made.insert(r.get::<_, i64>(0)?);
        }
        Ok(drawn
            .into_iter()
            .map(|id| made.contains(&id).then_some(id))
            .collect())
    }

    /// Inserts every row, none of which can conflict (a table without a
    /// key the batch could meet, such as the training records of new
    /// accounts); the ids are not asked for.
    pub fn insert_all(&self, tx: &Connection) -> Result<()> {
        if self.is_empty() {
            return Ok(());
        }
        let table = self.table;
        match tx.engine() {
            Engine::Postgres => {
                let mut rows = Rows::new();
                for i in 0..self.len() {
                    for v in self.row(i).iter().chain(&self.shared) {
                        rows.value(*v)?;
                    }
                    rows.end_row();
                }
                let width = table.columns.len();
                tx.copy_into(table.name, &table.list(), &rows.copy_rows(width))?;
            }
            Engine::Sqlite => {
                let chunk = table.chunk(table.per_row());
                for start in (0..self.len()).step_by(chunk) {
                    let end = (start + chunk).min(self.len());
                    let sql = if end - start == chunk {
                        std::borrow::Cow::Borrowed(
                            table
                                .full_all
                                .get_or_init(|| table.insert_all_sql(chunk))
                                .as_str(),
                        )
                    } else {
                        std::borrow::Cow::Owned(table.insert_all_sql(end - start))
                    };
                    tx.prepare_cached(&sql)?
                        .execute(self.params(start, end).as_slice())?;
                }
            }
        }
        Ok(())
    }

    /// Reads the stored rows of the keys of `rows` (indices into the
    /// batch) in one statement — on a server locking them for the rest of
    /// the transaction — and calls `f` with each row's index and the
    /// stored row's `read.columns`. A row whose key is not stored is not
    /// called for.
    pub fn find(
        &self,
        tx: &Connection,
        rows: &[usize],
        read: &Read<'_>,
        mut f: impl FnMut(usize, &Row<'_>) -> Result<()>,
    ) -> Result<()> {
        if rows.is_empty() {
            return Ok(());
        }
        let table = self.table;
        let key = &table.columns[..table.key];
        let mut on = String::new();
        for (k, (c, _)) in key.iter().enumerate() {
            let _ = write!(
                on,
                "{}k.{c} = {}.{c}",
                if k == 0 { "" } else { " AND " },
                read.alias
            );
        }
        let mut keys = Rows::new();
        for &i in rows {
            keys.int(Some(i as i64));
            for v in &self.row(i)[..table.key] {
                keys.value(*v)?;
            }
            keys.end_row();
        }
        let staged = table.keys();
        staged.fill(tx, &keys)?;
        let lock = read
            .lock
            .map_or(String::new(), |alias| super::features::locking(tx, alias));
        let mut stmt = tx.prepare_cached(&format!(
            "SELECT {}, k.n FROM {} k CROSS JOIN {} WHERE {on}{lock}",
            read.columns,
            staged.name(),
            read.from,
        ))?;
        let last = stmt.column_count() - 1;
        let mut found = stmt.query([])?;
        while let Some(r) = found.next()? {
            let n: i64 = r.get(last)?;
            f(
                usize::try_from(n).map_err(|e| Error::Other(e.to_string()))?,
                &r,
            )?;
        }
        Ok(())
    }
}

/// One value of a key, as text that tells values apart.
fn key_part(key: &mut String, v: ValueRef<'_>) {
    match v {
        ValueRef::Null => key.push_str("\u{0}N"),
        ValueRef::Integer(i) => {
            let _ = write!(key, "\u{0}I{i}");
        }
        ValueRef::Real(f) => {
            let _ = write!(key, "\u{0}R{f}");
        }
        ValueRef::Text(s) => {
            let _ = write!(key, "\u{0}T{}:{s}", s.len());
        }
        ValueRef::Blob(b) => {
            let _ = write!(key, "\u{0}B{b:?}");
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    static T: Table = Table::new(
        "batch_test",
        &[("a", Kind::Int), ("b", Kind::Text), ("c", Kind::Text)],
        2,
    );

    /// Two stored rows, (1, x) and (2, y); then a batch of a taken key, a
    /// new key twice and another new key.
    fn inserts_new_keys_and_finds_taken_ones(conn: &Connection) {
        let rows: Vec<(i64, &str, &str)> =
            vec![(1, "x", "new"), (3, "z", "a"), (3, "z", "b"), (4, "w", "c")];
        let mut batch = Batch::with_capacity(&T, 0, &[]);
        for (a, b, c) in &rows {
            batch.push(&[a, b, c]);
        }
        assert_eq!(batch.len(), 4);
        let ids = batch.insert_new(conn).unwrap();
        assert!(ids[0].is_none() && ids[2].is_none(), "{ids:?}");
        let (made, other) = (ids[1].unwrap(), ids[3].unwrap());
        assert!(made < other, "ids follow the rows' order");
        let mut found = Vec::new();
        batch
            .find(
                conn,
                &[0, 2],
                &Read {
                    columns: "s.id, s.c",
                    from: "batch_test s",
                    alias: "s",
                    lock: Some("s"),
                },
                |n, r| {
                    found.push((n, r.get::<_, i64>(0)?, r.get::<_, String>(1)?));
                    Ok(())
                },
            )
            .unwrap();
        found.sort();
        assert_eq!(found.len(), 2);
        assert_eq!((found[0].0, found[0].2.as_str()), (0, "old"));
        assert_eq!(found[1], (2, made, "a".into()));

        // Rows that cannot conflict, and a second batch of one transaction.
        let more: Vec<(i64, String, &str)> =
            (0..300).map(|i| (10 + i, format!("k{i}"), "v")).collect();
        let mut batch = Batch::with_capacity(&T, 0, &[]);
        for (a, b, c) in &more {
            batch.push(&[a, b, c]);
        }
        batch.insert_all(conn).unwrap();
        let stored: i64 = conn
            .query_row("SELECT count(*) FROM batch_test", [], |r| r.get(0))
            .unwrap();
        assert_eq!(stored, 2 + 2 + 300);
    }

    #[test]
    fn on_a_file() {
        let conn = Connection::open_in_memory().unwrap();
        conn.execute_batch(
            "CREATE TABLE batch_test (id INTEGER PRIMARY KEY, a INTEGER NOT NULL,
                                      b TEXT NOT NULL, c TEXT, UNIQUE (a, b));
             INSERT INTO batch_test (a, b, c) VALUES (1, 'x', 'old'), (2, 'y', 'old');",
        )
        .unwrap();
        inserts_new_keys_and_finds_taken_ones(&conn);
    }

    /// The shared columns of a batch take its one value in every row, on
    /// either side of a full chunk, inserted new or all.
    #[test]
    fn shared_columns_take_the_batch_value() {
        static S: Table = Table::new(
            "batch_test",
            &[("a", Kind::Int), ("b", Kind::Text), ("c", Kind::Text)],
            2,
        )
        .sharing(1);
        let conn = Connection::open_in_memory().unwrap();
        conn.execute_batch(
            "CREATE TABLE batch_test (id INTEGER PRIMARY KEY, a INTEGER NOT NULL,
                                      b TEXT NOT NULL, c TEXT, UNIQUE (a, b));",
        )
        .unwrap();
        let rows: Vec<(i64, String)> = (0..300).map(|i| (i, format!("k{i}"))).collect();
        let shared = "same";
        let mut batch = Batch::with_capacity(&S, rows.len(), &[&shared]);
        for (a, b) in &rows {
            batch.push(&[a, b]);
        }
        let ids = batch.insert_new(&conn).unwrap();
        assert!(ids.iter().all(Option::is_some));
        let other = "other";
        let more: Vec<(i64, String)> = (300..310).map(|i| (i, format!("k{i}"))).collect();
        let mut batch = Batch::with_capacity(&S, more.len(), &[&other]);
        for (a, b) in &more {
            batch.push(&[a, b]);
        }
        batch.insert_all(&conn).unwrap();
        let counts: Vec<(String, i64, i64)> = conn
            .prepare("SELECT c, count(*), max(a) FROM batch_test GROUP BY c ORDER BY c")
            .unwrap()
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
            .unwrap()
            .collect::<crate::db::sql::Result<_>>()
            .unwrap();
        assert_eq!(
            counts,
            [("other".into(), 10, 309), ("same".into(), 300, 299)]
        );
    }

    /// A full chunk of new rows takes consecutive ids, known without
    /// reading them back.
    #[test]
    fn chunks_of_new_rows_take_consecutive_ids() {
        let conn = Connection::open_in_memory().unwrap();
        conn.execute_batch(
            "CREATE TABLE batch_test (id INTEGER PRIMARY KEY, a INTEGER NOT NULL,
                                      b TEXT NOT NULL, c TEXT, UNIQUE (a, b));",
        )
        .unwrap();
        let rows: Vec<(i64, String, &str)> = (0..300).map(|i| (i, format!("k{i}"), "v")).collect();
        let mut batch = Batch::with_capacity(&T, 0, &[]);
        for (a, b, c) in &rows {
            batch.push(&[a, b, c]);
        }
        let ids = batch.insert_new(&conn).unwrap();
        assert_eq!(ids, (1..=300).map(Some).collect::<Vec<_>>());
        let stored: i64 = conn
            .query_row("SELECT id FROM batch_test WHERE a = 299", [], |r| r.get(0))
            .unwrap();
        assert_eq!(stored, 300);
    }

    /// SQLite gives the rows of one multi-row insert consecutive ids, also
    /// when a conflict skips some of them: what the read-back by key after
    /// a skipped row relies on.
    #[test]
    fn skipped_rows_leave_the_ids_consecutive() {
        let conn = Connection::open_in_memory().unwrap();
        conn.execute_batch(
            "CREATE TABLE t (id INTEGER PRIMARY KEY, k TEXT NOT NULL UNIQUE);
             INSERT INTO t (k) VALUES ('b'), ('d');",
        )
        .unwrap();
        let n = conn
            .execute(
                "INSERT OR FAIL INTO t (k) VALUES ('a'), ('b'), ('c'), ('d'), ('e')
                 ON CONFLICT (k) DO NOTHING",
                [],
            )
            .unwrap();
        assert_eq!(n, 3);
        let last = conn.last_insert_rowid();
        assert_eq!(consecutive(n, 5, last), None);
        let ids: Vec<(i64, String)> = conn
            .prepare("SELECT id, k FROM t WHERE id BETWEEN ?1 AND ?2 ORDER BY id")
            .unwrap()
            .query_map([*made(n, last).start(), last], |r| {
                Ok((r.get(0)?, r.get(1)?))
            })
            .unwrap()
            .collect::<crate::db::sql::Result<_>>()
            .unwrap();
        assert_eq!(ids, [(3, "a".into()), (4, "c".into()), (5, "e".into())]);
        assert_eq!(consecutive(3, 3, 10), Some(8..=10));
    }

    /// The same on a PostgreSQL server, when the tests have one.
    #[test]
    #[ignore = "needs a PostgreSQL server: MEDED_TEST_PG=postgres://… cargo test --lib postgres -- --include-ignored"]
    fn on_postgres() {
        let client = crate::db::test_server();
        let mut conn = Connection::from_postgres(client);
        conn.execute_batch(
            "DROP TABLE IF EXISTS batch_test;
             CREATE TABLE batch_test (id BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
                                      a BIGINT NOT NULL, b TEXT NOT NULL, c TEXT,
                                      UNIQUE (a, b));
             INSERT INTO batch_test (a, b, c) VALUES (1, 'x', 'old'), (2, 'y', 'old');",
        )
        .unwrap();
        let tx = conn.transaction_immediate().unwrap();
        inserts_new_keys_and_finds_taken_ones(&tx);
        tx.rollback().unwrap();
        conn.execute_batch("DROP TABLE batch_test").unwrap();
    }
}
