//! The credit import's bulk path on a PostgreSQL server. A batch of good
//! records goes to the server in one `COPY` into a staging table, with
//! ids drawn ahead; one `INSERT … SELECT … ON CONFLICT DO NOTHING` then
//! merges the batch into `credit` in file order, and says by the ids it
//! returns which records it made. What it did not make — the member has
//! that project number already, from before or from an earlier row of the
//! file, or another import made it meanwhile — and the rows of unknown
//! members are then judged one by one, in file order, exactly as a
//! row-by-row import judges them.

use std::collections::{HashMap, HashSet};

use super::{CreditRow, CreditWriter};
use crate::credit::{Iso, Stored};
use crate::db::sql::{CopyRows, params};
use crate::error::Result;
use crate::import::Written;

/// How many rows go to the server at once.
pub(super) const BATCH: usize = 8192;

/// The staging table of one import's transaction.
const STAGE: &str = "CREATE TEMP TABLE IF NOT EXISTS credit_stage (
    id          BIGINT NOT NULL,
    account_id  BIGINT NOT NULL,
    project_no  TEXT NOT NULL,
    project_id  BIGINT NOT NULL,
    credits     BIGINT NOT NULL,
    kind        TEXT NOT NULL,
    start_date  TEXT NOT NULL,
    end_date    TEXT NOT NULL,
    year        BIGINT NOT NULL,
    remark      TEXT,
    image       TEXT
) ON COMMIT DROP";

impl CreditWriter<'_> {
    /// Writes a batch of rows through COPY; the outcome of each, in file
    /// order.
    pub(super) fn write_copied(&mut self, rows: Vec<(u32, CreditRow)>) -> Result<Vec<Written>> {
        if self.staged {
            self.tx.execute_batch("TRUNCATE credit_stage")?;
        } else {
            self.tx.execute_batch(STAGE)?;
            // The lookups by key are nested loops over the unique index,
            // whatever the statistics of a table filled moments ago say
            // (as the account and training imports').
            self.tx.execute_batch(
                "SET LOCAL enable_hashjoin = off; SET LOCAL enable_mergejoin = off",
            )?;
            self.staged = true;
        }
        // The first row of each member and project number: a later one is
        // a duplicate of it, judged after it is written.
        let mut keys = HashSet::with_capacity(rows.len());
        let staged: Vec<usize> = (0..rows.len())
            .filter(|&i| match &rows[i].1 {
                CreditRow::Record { account, fields } => {
                    keys.insert((*account, fields.project_no.as_str()))
                }
                CreditRow::Unknown { .. } => false,
            })
            .collect();
        let ids = self.tx.draw_ids("credit", staged.len())?;
        let mut stage = CopyRows::new();
        for (&i, &id) in staged.iter().zip(&ids) {
            let CreditRow::Record { account, fields: f } = &rows[i].1 else {
                unreachable!("only records are staged")
            };
            let project = self.projects.id(self.tx, f)?;
            stage
                .int(Some(id))
                .int(Some(*account))
                .text(Some(&f.project_no))
                .int(Some(project))
                .int(Some(f.credits))
                .text(Some(f.kind.label()))
                .text(Some(Iso::of(f.start).as_str()))
                .text(Some(Iso::of(f.end).as_str()))
                .int(Some(i64::from(f.year)))
                .text(f.remark.as_deref())
                .text(f.image.as_deref());
            stage.end_row();
        }
        let mut made = HashSet::new();
        if !stage.is_empty() {
            self.tx.copy_in(
                "COPY credit_stage (id, account_id, project_no, project_id, credits, kind,
                                    start_date, end_date, year, remark, image) FROM STDIN",
                &stage,
            )?;
            let mut merge = self.tx.prepare_cached(
                "INSERT INTO credit (id, account_id, project_no, project_id, credits, kind,
                                     start_date, end_date, year, remark, image, status,
                                     created_change, reviewed_change)
                 SELECT id, account_id, project_no, project_id, credits, kind, start_date,
                        end_date, year, remark, image, ?1, ?2, ?3
                 FROM credit_stage ORDER BY id
                 ON CONFLICT (account_id, project_no) DO NOTHING
                 RETURNING id",
            )?;
            let mut returned = merge.query(params![self.status, self.change.id, self.reviewed])?;
            while let Some(r) = returned.next()? {
                made.insert(r.get::<_, i64>(0)?);
            }
        }
        // What the merge did not make is there already: read at once.
        let mut stored = if made.len() < staged.len() {
            Stored::of_staged(self.tx)?
        } else {
            HashMap::new()
        };
        let mut id_of: HashMap<usize, i64> = staged.into_iter().zip(ids).collect();

        let mut out = Vec::with_capacity(rows.len());
        for (i, (row, r)) in rows.into_iter().enumerate() {
            out.push(match r {
                CreditRow::Record { .. } if id_of.get(&i).is_some_and(|id| made.contains(id)) => {
                    self.rows_of.push(id_of.remove(&i).unwrap_or_default(), row);
                    Written::Created
                }
                // The first row of its key in the batch: its record as read
                // (none: deleted meanwhile).
                CreditRow::Record { fields, .. } if id_of.contains_key(&i) => {
                    match id_of.get(&i).and_then(|id| stored.remove(id)) {
                        Some(e) => self.existing(&fields, e)?,
                        None => Written::Skipped(None),
                    }
                }
                // A later row of a key: read after the first was judged
                // (which may have changed the record).
                CreditRow::Record { account, fields } => self.skipped(account, &fields)?,
                CreditRow::Unknown { number, problems } => self.unknown(&number, problems)?,
            });
        }
        Ok(out)
    }
}
