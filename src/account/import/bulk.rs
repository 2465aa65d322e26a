//! The SQLite write path of `account import`: good rows a batch at a time.
//!
//! Per row the import writes five B-trees (the account, its unique ID
//! number, its organisation; the training record and its two indexes).
//! What a row-by-row insert pays besides is the statement around it. A
//! batch instead
//!
//! - inserts the new accounts a chunk of rows per statement
//!   (`INSERT … VALUES (…), (…) … ON CONFLICT (id_number) DO NOTHING`,
//!   see [`crate::import::values`]), the values every row shares bound
//!   once per statement;
//! - keeps the file's order, so that ids are given as row by row (taking
//!   the rows in the order of their ID numbers, which would spare the
//!   unique index some cache misses, gained 3–5 % and would have made
//!   registration order, which lists follow, the ID numbers' order);
//! - opens the residents' training records the same way;
//! - then handles the rows for people who already have an account one by
//!   one, in file order, exactly as the row-by-row path does.
//!
//! The outcome of every row, the ids of new accounts, the order of the
//! change log and of issued passwords, and the departments created are
//! those of the row-by-row path. One difference: a resident transferred
//! from another base gets their new training record after the batch's new
//! residents get theirs, not between them.

use std::collections::HashMap;

use super::{AccountWriter, Person};
use crate::account::Role;
use crate::db::sql::ToSql;
use crate::error::Result;
use crate::import::Written;
use crate::import::values::{CHUNK, Slot, Values, consecutive, made};
use crate::training;

/// Good rows handed to the writer at once.
pub(super) const BATCH: usize = 8192;

/// Shared: role, organisation, change set, registration.
static ACCOUNTS: Values = Values::new(
    "INSERT OR FAIL INTO account (id_number, id_type, name, phone, email, department_id, title,
                                  takes_cme, standard_region, role, org_id, created_change,
                                  registration)",
    &[
        Slot::Row(0),
        Slot::Row(1),
        Slot::Row(2),
        Slot::Row(3),
        Slot::Row(4),
        Slot::Row(5),
        Slot::Row(6),
        Slot::Row(7),
        Slot::Row(8),
        Slot::Shared(0),
        Slot::Shared(1),
        Slot::Shared(2),
        Slot::Shared(3),
    ],
    4,
    "ON CONFLICT (id_number) DO NOTHING",
);

/// Shared: organisation, status, change set.
static TRAININGS: Values = Values::new(
    "INSERT OR FAIL INTO training (account_id, recruit_year, org_id, status, created_change)",
    &[
        Slot::Row(0),
        Slot::Row(1),
        Slot::Shared(0),
        Slot::Shared(1),
        Slot::Shared(2),
    ],
    3,
    "",
);

impl AccountWriter<'_> {
    /// Writes a batch of good rows on SQLite; the outcome of each, in
    /// file order.
    pub(super) fn write_batch_sqlite(&mut self, rows: Vec<Person>) -> Result<Vec<Written>> {
        // Departments are found (or created) in file order, as row by row.
        let mut departments = Vec::with_capacity(rows.len());
        for p in &rows {
            departments.push(self.department_id(&p.department)?);
        }
        // The rows in the order they are inserted: the file's.
        let order: Vec<usize> = (0..rows.len()).collect();

        // The id of each row's new account, if the insert made one.
        let mut ids: Vec<Option<i64>> = vec![None; rows.len()];
        let role = self.role.key();
        let org = self.org.map(|o| o.id);
        let shared: [&dyn ToSql; 4] = [&role, &org, &self.change.id, &self.registration];
        let id_types: Vec<&'static str> = rows.iter().map(|p| p.id_type.label()).collect();
        let standards: Vec<Option<&'static str>> = rows
            .iter()
            .map(|p| p.standard_region.map(|l| l.label()))
            .collect();
        for chunk in order.chunks(CHUNK) {
            let mut params: Vec<&dyn ToSql> =
                Vec::with_capacity(shared.len() + chunk.len() * ACCOUNTS.per_row());
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
                    &standards[i],
                ]);
            }
            let n = self
                .tx
                .prepare_cached(&ACCOUNTS.sql(chunk.len()))?
                .execute(params.as_slice())?;
            if n == 0 {
                continue;
            }
            let last = self.tx.last_insert_rowid();
            if let Some(range) = consecutive(n, chunk.len(), last) {
                for (&i, id) in chunk.iter().zip(range) {
                    ids[i] = Some(id);
                }
            } else {
                let range = made(n, last);
                let made: HashMap<String, i64> = self
                    .tx
                    .prepare_cached("SELECT id_number, id FROM account WHERE id BETWEEN ?1 AND ?2")?
                    .query_map([*range.start(), *range.end()], |r| {
                        Ok((r.get(0)?, r.get(1)?))
                    })?
                    .collect::<crate::db::sql::Result<_>>()?;
                for &i in chunk {
                    ids[i] = made.get(&rows[i].id_number).copied();
                }
            }
        }

        if let (Role::Resident, Some(org)) = (self.role, self.org) {
            self.open_trainings(org.id, &order, &rows, &ids)?;
        }

        let mut out = Vec::with_capacity(rows.len());
        for (p, id) in rows.iter().zip(ids) {
            out.push(match id {
                Some(_) => {
                    if self.random_passwords {
                        self.created
                            .push((p.id_number.clone(), p.name.clone(), self.role));
                    }
                    Written::Created
                }
                None => match super::existing(self.tx, &p.id_number)? {
                    Some(e) => self.existing(p, &e)?,
                    None => self.unseen(p)?,
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
        let shared: [&dyn ToSql; 3] = [&org, &status, &self.change.id];
        for chunk in new.chunks(CHUNK) {
            let mut params: Vec<&dyn ToSql> =
                Vec::with_capacity(shared.len() + chunk.len() * TRAININGS.per_row());
            params.extend_from_slice(&shared);
            for (id, year) in chunk {
                params.push(id);
                params.push(year);
            }
            self.tx
                .prepare_cached(&TRAININGS.sql(chunk.len()))?
                .execute(params.as_slice())?;
        }
        Ok(())
    }
}
