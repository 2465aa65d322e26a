//! The SQLite write path of `account import`: good rows a batch at a time.
//!
//! Per row the import writes five B-trees (the account, its unique ID
//! number, its organisation; the training record and its two indexes).
//! What a row-by-row insert pays besides is the statement around it:
//! binding, opening and closing the cursors of six tables and indexes,
//! running the constraint checks' program. A batch instead
//!
//! - inserts the new accounts a chunk of rows per statement
//!   (`INSERT … VALUES (…), (…) … ON CONFLICT (id_number) DO NOTHING`), the
//!   values every row shares bound once per statement;
//! - opens the residents' training records the same way, a chunk per
//!   statement;
//! - handles the rows for people who already have an account one by one,
//!   in file order, exactly as a single row is handled
//!   ([`AccountWriter::write`]).
//!
//! Rows whose ID number is taken are the only ones an insert skips, and
//! the rows one statement inserts get consecutive ids (SQLite gives each
//! new row the largest id plus one): when a chunk inserts every row, the
//! ids follow from the last one; when it skips some, the ids inserted are
//! read back by that range.
//!
//! The outcome of every row, the ids of new accounts, the order of the
//! change log and of issued passwords, and the departments created are
//! those of the row-by-row path.

use std::borrow::Cow;
use std::fmt::Write as _;
use std::sync::OnceLock;

use super::{AccountWriter, Person};
use crate::account::Role;
use crate::db::sql::{Connection, ToSql};
use crate::error::Result;
use crate::import::Written;
use crate::training;

/// Good rows handed to the writer at once.
pub(super) const BATCH: usize = 8192;

/// Rows per INSERT statement: 8 parameters each, far below SQLite's limit
/// of 32,766.
const CHUNK: usize = 128;

/// Parameters every account of a statement shares, before the rows' own.
const SHARED: usize = 4;
/// Parameters of one account.
const PER_ACCOUNT: usize = 8;
/// Parameters of one training record (account, year), after the shared
/// org, status and change.
const PER_TRAINING: usize = 2;

/// The statement inserting `n` accounts. OR FAIL: a row breaking a CHECK
/// fails the statement without undoing its earlier rows, which spares
/// SQLite a statement journal (a copy of every page the statement
/// changes); any error rolls the whole import back anyway.
fn insert_accounts_sql(n: usize) -> String {
    let mut sql = String::from(
        "INSERT OR FAIL INTO account (id_number, id_type, name, phone, email, department_id, title,
                              takes_cme, role, org_id, created_change, registration) VALUES ",
    );
    for i in 0..n {
        let b = SHARED + i * PER_ACCOUNT;
        if i > 0 {
            sql.push_str(", ");
        }
        sql.push('(');
        for k in 1..=PER_ACCOUNT {
            let _ = write!(sql, "?{}, ", b + k);
        }
        sql.push_str("?1, ?2, ?3, ?4)");
    }
    sql.push_str(" ON CONFLICT (id_number) DO NOTHING");
    sql
}

fn insert_training_sql(n: usize) -> String {
    let mut sql = String::from(
        "INSERT OR FAIL INTO training (account_id, recruit_year, org_id, status, created_change) VALUES ",
    );
    for i in 0..n {
        let b = 3 + i * PER_TRAINING;
        if i > 0 {
            sql.push_str(", ");
        }
        let _ = write!(sql, "(?{}, ?{}, ?1, ?2, ?3)", b + 1, b + 2);
    }
    sql
}

/// The statement of a full chunk, written once; others as needed.
fn statement(
    full: &'static OnceLock<String>,
    make: fn(usize) -> String,
    n: usize,
) -> Cow<'static, str> {
    if n == CHUNK {
        Cow::Borrowed(full.get_or_init(|| make(CHUNK)))
    } else {
        Cow::Owned(make(n))
    }
}

static ACCOUNTS: OnceLock<String> = OnceLock::new();
static TRAININGS: OnceLock<String> = OnceLock::new();

/// The ids and ID numbers of the accounts with ids `first..=last`.
fn inserted(tx: &Connection, first: i64, last: i64) -> Result<Vec<(String, i64)>> {
    let mut stmt =
        tx.prepare_cached("SELECT id_number, id FROM account WHERE id BETWEEN ?1 AND ?2")?;
    let rows = stmt.query_map([first, last], |r| Ok((r.get(0)?, r.get(1)?)))?;
    Ok(rows.collect::<crate::db::sql::Result<_>>()?)
}

impl AccountWriter<'_> {
    /// Writes a batch of good rows on SQLite; the outcome of each, in
    /// file order.
    pub(super) fn write_batch_sqlite(&mut self, rows: Vec<Person>) -> Result<Vec<Written>> {
        // Departments are found (or created) in file order, as row by row.
        let mut departments = Vec::with_capacity(rows.len());
        for p in &rows {
            departments.push(self.department_id(&p.department)?);
        }
        // File order: new accounts get their ids as the roster lists them,
        // so that lists by account keep the roster's order.
        let order: Vec<usize> = (0..rows.len()).collect();

        // The id of each row's new account, if the insert made one.
        let mut ids: Vec<Option<i64>> = vec![None; rows.len()];
        let shared: [&dyn ToSql; SHARED] = [
            &self.role.key(),
            &self.org.map(|o| o.id),
            &self.change.id,
            &self.registration,
        ];
        let id_types: Vec<&'static str> = rows.iter().map(|p| p.id_type.label()).collect();
        for chunk in order.chunks(CHUNK) {
            let mut params: Vec<&dyn ToSql> =
                Vec::with_capacity(SHARED + chunk.len() * PER_ACCOUNT);
            params.extend_from_slice(&shared);
            for &i in chunk {
                let p = &rows[i];
                params.extend_from_slice(&[
                    &p.id_number as &dyn ToSql,
                    &id_types[i],
                    &p.name,
                    &p.phone,
                    &p.email,
                    &departments[i],
                    &p.title,
                    &p.takes_cme,
                ]);
            }
            let n = self
                .tx
                .prepare_cached(&statement(&ACCOUNTS, insert_accounts_sql, chunk.len()))?
                .execute(params.as_slice())? as i64;
            if n == 0 {
                continue;
            }
            let last = self.tx.last_insert_rowid();
            if n == chunk.len() as i64 {
                for (k, &i) in chunk.iter().enumerate() {
                    ids[i] = Some(last - n + 1 + k as i64);
                }
            } else {
                let made: std::collections::HashMap<String, i64> =
                    inserted(self.tx, last - n + 1, last)?.into_iter().collect();
                for &i in chunk {
                    ids[i] = made.get(&rows[i].id_number).copied();
                }
            }
        }

        if let (Role::Resident, Some(org)) = (self.role, self.org) {
            self.open_trainings(org.id, &order, &rows, &ids)?;
        }

        let mut out = Vec::with_capacity(rows.len());
        for (i, p) in rows.iter().enumerate() {
            out.push(match ids[i] {
                Some(_) => {
                    if self.random_passwords {
                        self.created.push((p.id_number.clone(), p.name.clone()));
                    }
                    Written::Created
                }
                None => match super::existing(self.tx, &p.id_number)? {
                    Some(e) => self.existing(p, &e)?,
                    None => Written::Skipped(None),
                },
            });
        }
        Ok(out)
    }

    /// Opens the training records of the new residents, in the order their
    /// accounts were made.
    fn open_trainings(
        &mut self,
        org: i64,
        order: &[usize],
        rows: &[Person],
        ids: &[Option<i64>],
    ) -> Result<()> {
        let new: Vec<(i64, i32)> = order
            .iter()
            .filter_map(|&i| Some((ids[i]?, rows[i].year?)))
            .collect();
        let status = training::Status::InTraining;
        for chunk in new.chunks(CHUNK) {
            let mut params: Vec<&dyn ToSql> = Vec::with_capacity(3 + chunk.len() * PER_TRAINING);
            params.extend_from_slice(&[&org as &dyn ToSql, &status, &self.change.id]);
            for (id, year) in chunk {
                params.push(id);
                params.push(year);
            }
            self.tx
                .prepare_cached(&statement(&TRAININGS, insert_training_sql, chunk.len()))?
                .execute(params.as_slice())?;
        }
        Ok(())
    }
}
