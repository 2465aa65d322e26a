//! Multi-row INSERT statements for the SQLite write paths of bulk imports
//! (`INSERT … VALUES (…), (…), …`): one statement for a chunk of rows
//! instead of one per row, which spares SQLite the work around each
//! statement (binding, opening and closing a cursor on every table and
//! index written, halting) and leaves it the B-tree work itself.
//!
//! Two facts the writers rely on:
//!
//! - The statements are `INSERT OR FAIL`: a row breaking a CHECK fails the
//!   statement without undoing its earlier rows, which spares SQLite a
//!   statement journal (a copy of every page the statement changes). An
//!   import that meets an error rolls its whole transaction back anyway.
//! - The rows one statement inserts get consecutive ids (SQLite gives a new
//!   row the largest id plus one, and a writer holds the database's write
//!   lock): when a chunk inserted every row, the ids follow from the last
//!   one ([`consecutive`]); when an `ON CONFLICT DO NOTHING` skipped some,
//!   the writer reads back which rows the range of new ids holds.

use std::borrow::Cow;
use std::fmt::Write as _;
use std::ops::RangeInclusive;
use std::sync::OnceLock;

/// Rows per statement. A few thousand parameters at most, far below
/// SQLite's limit of 32,766.
pub const CHUNK: usize = 128;

/// A value of one row of the statement.
#[derive(Debug, Clone, Copy)]
pub enum Slot {
    /// The row's own value `k` (from 0).
    Row(usize),
    /// The value `k` (from 0) shared by every row: bound once, as the
    /// statement's first parameters.
    Shared(usize),
}

/// A multi-row INSERT: `{head} VALUES (row), (row), … {tail}`.
pub struct Values {
    head: &'static str,
    row: &'static [Slot],
    shared: usize,
    tail: &'static str,
    full: OnceLock<String>,
}

impl Values {
    /// `head` names the table and columns (`INSERT OR FAIL INTO t (a, b)`),
    /// `row` gives each column's value, `shared` is how many values every
    /// row shares, `tail` follows the values (an `ON CONFLICT` clause).
    pub const fn new(
        head: &'static str,
        row: &'static [Slot],
        shared: usize,
        tail: &'static str,
    ) -> Values {
        Values {
            head,
            row,
            shared,
            tail,
            full: OnceLock::new(),
        }
    }

    /// How many values of its own each row binds.
    pub fn per_row(&self) -> usize {
        self.row
            .iter()
            .filter(|s| matches!(s, Slot::Row(_)))
            .count()
    }

    /// The statement for `n` rows: the shared values are parameters
    /// 1..=shared, then each row's own values in turn.
    pub fn sql(&self, n: usize) -> Cow<'_, str> {
        if n == CHUNK {
            Cow::Borrowed(self.full.get_or_init(|| self.write(CHUNK)))
        } else {
            Cow::Owned(self.write(n))
        }
    }

    fn write(&self, n: usize) -> String {
        let per_row = self.per_row();
        let mut sql = format!("{} VALUES ", self.head);
        for i in 0..n {
            if i > 0 {
                sql.push_str(", ");
            }
            sql.push('(');
            for (k, slot) in self.row.iter().enumerate() {
                if k > 0 {
                    sql.push_str(", ");
                }
                let p = match *slot {
                    Slot::Shared(s) => s + 1,
                    Slot::Row(r) => self.shared + i * per_row + r + 1,
                };
                let _ = write!(sql, "?{p}");
            }
            sql.push(')');
        }
        sql.push(' ');
        sql.push_str(self.tail);
        sql
    }
}

/// The ids of a chunk of `rows` rows that inserted `inserted` of them, the
/// last with id `last`: all of them, in order, or `None` when some were
/// skipped (which the writer then reads back).
pub fn consecutive(inserted: usize, rows: usize, last: i64) -> Option<RangeInclusive<i64>> {
    (inserted == rows && rows > 0).then(|| last - rows as i64 + 1..=last)
}

/// The range of ids a chunk that inserted `inserted` rows made, the last
/// with id `last`.
pub fn made(inserted: usize, last: i64) -> RangeInclusive<i64> {
    last - inserted as i64 + 1..=last
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn statements_number_shared_values_first() {
        static V: Values = Values::new(
            "INSERT OR FAIL INTO t (a, b, c)",
            &[Slot::Row(0), Slot::Shared(0), Slot::Row(1)],
            1,
            "ON CONFLICT DO NOTHING",
        );
        assert_eq!(
            V.sql(2),
            "INSERT OR FAIL INTO t (a, b, c) VALUES (?2, ?1, ?3), (?4, ?1, ?5) ON CONFLICT DO NOTHING"
        );
        assert_eq!(V.per_row(), 2);
        assert!(V.sql(CHUNK).ends_with(&format!(
            "(?{}, ?1, ?{}) ON CONFLICT DO NOTHING",
            2 * CHUNK,
            2 * CHUNK + 1
        )));
        assert_eq!(consecutive(3, 3, 10), Some(8..=10));
        assert_eq!(consecutive(2, 3, 10), None);
        assert_eq!(made(2, 10), 9..=10);
    }

    /// SQLite gives the rows of one multi-row insert consecutive ids, also
    /// when a conflict skips some of them.
    #[test]
    fn skipped_rows_leave_the_ids_consecutive() {
        let conn = crate::db::sql::Connection::open_in_memory().unwrap();
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
    }
}
