//! The SQLite write path of `credit import`: good rows a batch at a time.
//!
//! A record costs SQLite its row and its keys; a row-by-row insert pays
//! about as much again for the statement around it (binding fifteen
//! values, opening and closing a cursor per table and index). A batch
//! instead
//!
//! - inserts a chunk of records per statement (`INSERT … VALUES (…), (…)
//!   … ON CONFLICT (account_id, project_no) DO NOTHING`, see
//!   [`crate::import::values`]), the values every record shares (status,
//!   change sets) bound once per statement;
//! - keeps the file's order, so that records get their ids as row by row
//!   (taking them in the order of the unique key gained 3–5 %);
//! - then handles, one by one and in file order, the records the insert
//!   skipped (the member already has that project number: from an earlier
//!   import, or from an earlier row of this file) and the rows whose
//!   member is unknown, exactly as the row-by-row path does.
//!
//! A duplicate within the file is still reported with the row that came
//! first: of two rows with one key the first is the one inserted, and the
//! row of every record this import made is kept by id
//! (`CreditWriter::rows_of`).

use std::collections::HashMap;

use super::{CreditRow, CreditWriter};
use crate::credit::Iso;
use crate::db::sql::ToSql;
use crate::error::Result;
use crate::import::Written;
use crate::import::values::{CHUNK, Slot, Values, consecutive, made};

/// Good rows handed to the writer at once.
pub(super) const BATCH: usize = 8192;

/// Shared: status, change set, reviewing change set.
static RECORDS: Values = Values::new(
    "INSERT OR FAIL INTO credit (account_id, project_no, project_id, credits, kind, start_date,
                                 end_date, year, remark, image, status, created_change,
                                 reviewed_change)",
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
        Slot::Row(9),
        Slot::Shared(0),
        Slot::Shared(1),
        Slot::Shared(2),
    ],
    3,
    "ON CONFLICT (account_id, project_no) DO NOTHING",
);

impl CreditWriter<'_> {
    /// Writes a batch of rows on SQLite; the outcome of each, in file order.
    pub(super) fn write_batch_sqlite(
        &mut self,
        rows: Vec<(u32, CreditRow)>,
    ) -> Result<Vec<Written>> {
        let key = |i: usize| match &rows[i].1 {
            CreditRow::Record { account, fields } => (*account, fields.project_no.as_str()),
            CreditRow::Unknown { .. } => (0, ""),
        };
        // The records, by index into `rows`, in file order.
        let order: Vec<usize> = (0..rows.len())
            .filter(|&i| matches!(rows[i].1, CreditRow::Record { .. }))
            .collect();

        // What each record binds besides its fields: its project (found
        // or made in file order), type and dates as stored.
        let mut derived: Vec<(i64, &'static str, Iso, Iso)> = Vec::with_capacity(rows.len());
        for (_, r) in &rows {
            derived.push(match r {
                CreditRow::Record { fields: f, .. } => (
                    self.projects.id(self.tx, f)?,
                    f.kind.label(),
                    Iso::of(f.start),
                    Iso::of(f.end),
                ),
                CreditRow::Unknown { .. } => (
                    0,
                    "",
                    Iso::of(Default::default()),
                    Iso::of(Default::default()),
                ),
            });
        }
        let derived: Vec<(i64, &str, &str, &str)> = derived
            .iter()
            .map(|(p, k, s, e)| (*p, *k, s.as_str(), e.as_str()))
            .collect();

        let mut inserted = vec![false; rows.len()];
        let shared: [&dyn ToSql; 3] = [&self.status, &self.change.id, &self.reviewed];
        for chunk in order.chunks(CHUNK) {
            let mut params: Vec<&dyn ToSql> =
                Vec::with_capacity(shared.len() + chunk.len() * RECORDS.per_row());
            params.extend_from_slice(&shared);
            for &i in chunk {
                let CreditRow::Record { account, fields: f } = &rows[i].1 else {
                    unreachable!("only records are in the order")
                };
                let (project, kind, start, end) = &derived[i];
                params.extend_from_slice(&[
                    account as &dyn ToSql,
                    &f.project_no,
                    project,
                    &f.credits,
                    kind,
                    start,
                    end,
                    &f.year,
                    &f.remark,
                    &f.image,
                ]);
            }
            let n = self
                .tx
                .prepare_cached(&RECORDS.sql(chunk.len()))?
                .execute(params.as_slice())?;
            if n == 0 {
                continue;
            }
            let last = self.tx.last_insert_rowid();
            if consecutive(n, chunk.len(), last).is_some() {
                for (&i, id) in chunk.iter().zip(made(n, last)) {
                    inserted[i] = true;
                    self.rows_of.push(id, rows[i].0);
                }
                continue;
            }
            // Which records the new ids hold, by key.
            let range = made(n, last);
            let made: HashMap<(i64, String), i64> = self
                .tx
                .prepare_cached(
                    "SELECT account_id, project_no, id FROM credit WHERE id BETWEEN ?1 AND ?2",
                )?
                .query_map([*range.start(), *range.end()], |r| {
                    Ok(((r.get(0)?, r.get(1)?), r.get(2)?))
                })?
                .collect::<crate::db::sql::Result<_>>()?;
            let mut by_id: Vec<(i64, u32)> = Vec::with_capacity(n);
            for &i in chunk {
                let (account, no) = key(i);
                // Of two rows with one key, the first was inserted.
                if let Some(&id) = made.get(&(account, no.to_owned()))
                    && !by_id.iter().any(|&(other, _)| other == id)
                {
                    inserted[i] = true;
                    by_id.push((id, rows[i].0));
                }
            }
            by_id.sort_unstable();
            for (id, row) in by_id {
                self.rows_of.push(id, row);
            }
        }

        let mut out = Vec::with_capacity(rows.len());
        for (i, (_, r)) in rows.into_iter().enumerate() {
            out.push(match r {
                _ if inserted[i] => Written::Created,
                CreditRow::Unknown { number, problems } => self.unknown(&number, problems)?,
                CreditRow::Record { account, fields } => self.skipped(account, &fields)?,
            });
        }
        Ok(out)
    }
}
