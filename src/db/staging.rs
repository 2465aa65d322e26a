//! Staging tables: a transaction's own scratch tables that a bulk writer
//! fills with a batch of rows, then joins to the stored tables in a few
//! set-wise statements (read the batch's people, update their records,
//! write their change items) — the same SQL on either engine.
//!
//! A writer gathers the rows in [`Rows`] and fills a [`Staging`] table
//! with them; how the rows get there stays here:
//!
//! - on a PostgreSQL server in one `COPY` into a temporary table that the
//!   transaction drops when it ends (offices' roles may not `COPY` into
//!   the guarded tables, but a temporary table is theirs);
//! - on an SQLite file in multi-row `INSERT` statements into a temporary
//!   table of the connection.
//!
//! On a server, a transaction that stages also plans its joins to the
//! staged rows as nested loops over the stored tables' indexes: a table
//! filled moments ago has no statistics, and a plan that thinks it empty
//! would read a whole stored table for every batch.

use std::borrow::Cow;
use std::fmt::Write as _;

use super::sql::{Connection, CopyRows, Engine, Result, ToSql, ToSqlOutput, ValueRef};

/// Rows per SQLite statement: one statement for a chunk of rows instead of
/// one per row spares SQLite the work around each statement (binding,
/// opening and closing a cursor on every table and index written,
/// halting) and leaves it the B-tree work itself. Measured by the
/// instructions of the account import's writing thread (100,000 rows):
/// 16 rows 2.28 G, **32 rows 2.24 G**, 64 rows 2.32 G, 128 rows 2.36 G,
/// 512 rows 2.40 G — past a few dozen rows a longer statement costs
/// SQLite more to run than it saves.
pub const CHUNK: usize = 32;

/// The type of a column, of a staging table or a batch's table.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Int,
    Text,
}

/// One value of [`Rows`]: its text is a range of the buffer.
#[derive(Debug, Clone, Copy)]
enum Cell {
    Null,
    Int(i64),
    Text(usize, usize),
}

/// Rows of values gathered for a [`Staging`] table, owned (a writer
/// gathers them row by row while it judges, and they outlive the values
/// they came from). The texts share one buffer.
#[derive(Debug, Default)]
pub struct Rows {
    text: String,
    cells: Vec<Cell>,
    rows: usize,
}

impl Rows {
    pub fn new() -> Rows {
        Rows::default()
    }

    /// A text value (NULL for `None`).
    pub fn text(&mut self, value: Option<&str>) -> &mut Rows {
        self.cells.push(match value {
            None => Cell::Null,
            Some(s) => {
                let start = self.text.len();
                self.text.push_str(s);
                Cell::Text(start, self.text.len())
            }
        });
        self
    }

    /// An integer value (NULL for `None`).
    pub fn int(&mut self, value: Option<i64>) -> &mut Rows {
        self.cells.push(value.map_or(Cell::Null, Cell::Int));
        self
    }

    /// A yes-or-no value, stored as 1 or 0 (an [`Kind::Int`] column).
    pub fn flag(&mut self, value: bool) -> &mut Rows {
        self.int(Some(i64::from(value)))
    }

    /// A value bound as a parameter is: an integer or a text (a real as
    /// its text), or NULL.
    pub fn value(&mut self, value: &dyn ToSql) -> Result<&mut Rows> {
        Ok(match value.to_sql()?.value_ref() {
            ValueRef::Null => self.text(None),
            ValueRef::Integer(i) => self.int(Some(i)),
            ValueRef::Real(f) => self.text(Some(&f.to_string())),
            ValueRef::Text(s) => self.text(Some(s)),
            ValueRef::Blob(_) => {
                return Err(super::sql::Error::Other(
                    "a staging table holds no binary values".into(),
                ));
            }
        })
    }

    /// Ends the current row.
    pub fn end_row(&mut self) {
        self.rows += 1;
    }

    /// The rows gathered so far.
    pub fn len(&self) -> usize {
        self.rows
    }

    pub fn is_empty(&self) -> bool {
        self.rows == 0
    }

    /// Empties the rows, keeping their memory.
    pub fn clear(&mut self) {
        self.text.clear();
        self.cells.clear();
        self.rows = 0;
    }

    /// The rows in COPY's text format, `width` values a row.
    pub(super) fn copy_rows(&self, width: usize) -> CopyRows {
        let mut copy = CopyRows::new();
        for row in self.cells.chunks(width) {
            for &cell in row {
                match self.get(cell) {
                    Value::Null => copy.text(None),
                    Value::Int(i) => copy.int(Some(i)),
                    Value::Text(s) => copy.text(Some(s)),
                };
            }
            copy.end_row();
        }
        copy
    }

    fn get(&self, cell: Cell) -> Value<'_> {
        match cell {
            Cell::Null => Value::Null,
            Cell::Int(i) => Value::Int(i),
            Cell::Text(a, b) => Value::Text(&self.text[a..b]),
        }
    }
}

/// A value of [`Rows`], to bind.
enum Value<'a> {
    Null,
    Int(i64),
    Text(&'a str),
}

impl ToSql for Value<'_> {
    fn to_sql(&self) -> Result<ToSqlOutput<'_>> {
        Ok(ToSqlOutput::Borrowed(match *self {
            Value::Null => ValueRef::Null,
            Value::Int(i) => ValueRef::Integer(i),
            Value::Text(s) => ValueRef::Text(s),
        }))
    }
}

/// A staging table: its name and its columns with their types.
pub struct Staging {
    name: Cow<'static, str>,
    columns: Cow<'static, [(&'static str, Kind)]>,
}

impl Staging {
    pub const fn new(name: &'static str, columns: &'static [(&'static str, Kind)]) -> Staging {
        Staging {
            name: Cow::Borrowed(name),
            columns: Cow::Borrowed(columns),
        }
    }

    /// A staging table whose columns are known only as the program runs
    /// (those of another table, say).
    pub fn of(name: String, columns: Vec<(&'static str, Kind)>) -> Staging {
        Staging {
            name: Cow::Owned(name),
            columns: Cow::Owned(columns),
        }
    }

    /// The table's name, for the statements that read it.
    pub fn name(&self) -> &str {
        &self.name
    }

    fn list(&self) -> String {
        let names: Vec<&str> = self.columns.iter().map(|(c, _)| *c).collect();
        names.join(", ")
    }

    /// Makes the table empty in this transaction (creating it the first
    /// time) and fills it with `rows`, which have a value for each column
    /// in order.
    pub fn fill(&self, tx: &Connection, rows: &Rows) -> Result<()> {
        let width = self.columns.len();
        debug_assert_eq!(rows.cells.len(), rows.rows * width, "{}", self.name);
        let mut create = format!("CREATE TEMP TABLE IF NOT EXISTS {} (", self.name);
        for (k, (c, kind)) in self.columns.iter().enumerate() {
            let t = match kind {
                Kind::Int => "BIGINT",
                Kind::Text => "TEXT",
            };
            let _ = write!(create, "{}{c} {t}", if k == 0 { "" } else { ", " });
        }
        create.push(')');
        match tx.engine() {
            Engine::Postgres => {
                tx.execute_batch(&format!(
                    "{create} ON COMMIT DROP; TRUNCATE {name};
                     SET LOCAL enable_hashjoin = off; SET LOCAL enable_mergejoin = off",
                    name = self.name
                ))?;
                if rows.is_empty() {
                    return Ok(());
                }
                tx.copy_in(
                    &format!("COPY {} ({}) FROM STDIN", self.name, self.list()),
                    &rows.copy_rows(width),
                )?;
            }
            Engine::Sqlite => {
                tx.execute_batch(&format!("{create}; DELETE FROM temp.{};", self.name))?;
                let chunk = CHUNK.min(30_000 / width.max(1));
                for part in rows.cells.chunks(chunk * width) {
                    let n = part.len() / width;
                    let mut sql =
                        format!("INSERT INTO temp.{} ({}) VALUES ", self.name, self.list());
                    for i in 0..n {
                        sql.push_str(if i == 0 { "(" } else { ", (" });
                        for k in 0..width {
                            let _ = write!(sql, "{}?", if k == 0 { "" } else { ", " });
                        }
                        sql.push(')');
                    }
                    let values: Vec<Value<'_>> = part.iter().map(|&c| rows.get(c)).collect();
                    let params: Vec<&dyn ToSql> = values.iter().map(|v| v as &dyn ToSql).collect();
                    tx.prepare_cached(&sql)?.execute(params.as_slice())?;
                }
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    static T: Staging = Staging::new("staging_test", &[("n", Kind::Int), ("s", Kind::Text)]);

    fn fills_and_refills(conn: &Connection) {
        let mut rows = Rows::new();
        for i in 0..300 {
            rows.int(Some(i))
                .text((i % 7 != 0).then(|| format!("张{i}\t\\")).as_deref());
            rows.end_row();
        }
        T.fill(conn, &rows).unwrap();
        let (count, nulls, last): (i64, i64, String) = conn
            .query_row(
                "SELECT count(*), count(*) - count(s), max(CASE WHEN n = 299 THEN s END)
                 FROM staging_test",
                [],
                |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
            )
            .unwrap();
        assert_eq!((count, nulls, last.as_str()), (300, 43, "张299\t\\"));
        rows.clear();
        rows.int(Some(1)).flag(true);
        rows.end_row();
        T.fill(conn, &rows).unwrap();
        let count: i64 = conn
            .query_row("SELECT count(*) FROM staging_test", [], |r| r.get(0))
            .unwrap();
        assert_eq!(count, 1, "a fill replaces what the table held");
    }

    #[test]
    fn on_a_file() {
        let mut conn = Connection::open_in_memory().unwrap();
        let tx = conn.transaction_immediate().unwrap();
        fills_and_refills(&tx);
    }

    #[test]
    #[ignore = "needs a PostgreSQL server: MEDED_TEST_PG=postgres://… cargo test --lib postgres -- --include-ignored"]
    fn on_postgres() {
        let client = crate::db::test_server();
        let mut conn = Connection::from_postgres(client);
        let tx = conn.transaction_immediate().unwrap();
        fills_and_refills(&tx);
        tx.rollback().unwrap();
    }
}
