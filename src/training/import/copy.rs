//! The training import's bulk path on a PostgreSQL server. A batch of good
//! rows sends its ID numbers in one `COPY` into a staging table, and one
//! statement reads (and locks until the import ends) the latest record at
//! this base of every person in it. Each row is then judged exactly as a
//! row-by-row import judges it (the same functions), but what it writes
//! waits for the end of the batch: the change items are gathered
//! ([`Gathered`]: one `COPY` to a staging table and from there to
//! `change_item` in one `INSERT … SELECT`, in the order a row-by-row import
//! writes them), and the records' new
//! values in one `COPY` into another staging table and one `UPDATE … FROM`
//! it, which also sets submitted records back to 未上报. (The server takes
//! no `COPY` into a table under row-level security, as `change_item` and
//! `training` are for an office's roles: only the staging tables, which
//! are the transaction's own, are copied into.)
//! A row whose person has no record here (refused, or an early completer
//! to create) still reads and creates what it needs one by one: its
//! change items and record update wait with the others.
//!
//! Within a file a person appears once (a repeated ID number is refused by
//! the check), so no row of a batch reads what another row of the same
//! batch has yet to write.

use std::collections::HashMap;

use super::{Line, RECORD_COLUMNS, Record, TrainingWriter, record_from_row};
use crate::db::sql::{CopyRows, params};
use crate::error::Result;
use crate::history::Gathered;
use crate::import::Written;
use crate::training::{ReportStatus, Status};

/// How many rows go to the server at once.
pub(super) const BATCH: usize = 1024;

/// The staging tables of one import's transaction: the batch's people and
/// the new values of the records it changes (its change items are
/// [`Gathered`]).
const STAGE: &str = "CREATE TEMP TABLE IF NOT EXISTS training_stage (
    n          BIGINT NOT NULL,
    id_number  TEXT NOT NULL
) ON COMMIT DROP;
CREATE TEMP TABLE IF NOT EXISTS training_update (
    id                BIGINT NOT NULL,
    specialty         TEXT,
    person_type       TEXT,
    approved_years    BIGINT,
    start_date        TEXT,
    end_date          TEXT,
    certificate_no    TEXT,
    certificate_date  TEXT,
    status            TEXT,
    reopen            BOOLEAN NOT NULL
) ON COMMIT DROP";

/// What the rows of a batch have judged and wait to write.
#[derive(Default)]
pub(super) struct Pending {
    /// The change items, in the order of the log.
    pub(super) items: Gathered,
    updates: CopyRows,
}

impl Pending {
    /// The new values of a record (None: unchanged), in the order of
    /// `Field::ALL`; `reopen`: it was submitted, and is set back.
    pub(super) fn update(
        &mut self,
        id: i64,
        new: &[Option<&str>; 7],
        years: Option<i32>,
        status: Option<Status>,
        reopen: bool,
    ) {
        self.updates
            .int(Some(id))
            .text(new[0])
            .text(new[1])
            .int(years.map(i64::from))
            .text(new[3])
            .text(new[4])
            .text(new[5])
            .text(new[6])
            .text(status.map(Status::label))
            .bool(Some(reopen));
        self.updates.end_row();
    }
}

impl TrainingWriter<'_> {
    /// Judges and writes a batch of good rows; the outcome of each, in
    /// file order.
    pub(super) fn write_copied(&mut self, lines: Vec<Line>) -> Result<Vec<Written>> {
        if self.staged {
            self.tx
                .execute_batch("TRUNCATE training_stage, training_update")?;
        } else {
            self.tx.execute_batch(STAGE)?;
            // The staging tables have no statistics: the lookups here are
            // by key, nested loops over the indexes (as the account
            // import's).
            self.tx.execute_batch(
                "SET LOCAL enable_hashjoin = off; SET LOCAL enable_mergejoin = off",
            )?;
            self.staged = true;
        }
        let mut found = self.lock_records(&lines)?;
        self.pending = Some(Pending::default());
        let mut out = Vec::with_capacity(lines.len());
        for (n, line) in lines.into_iter().enumerate() {
            let record = found.remove(&n);
            match self.judge(line, record) {
                Ok(w) => out.push(w),
                Err(e) => {
                    self.pending = None;
                    return Err(e);
                }
            }
        }
        let mut pending = self.pending.take().unwrap_or_default();
        self.flush(&mut pending)?;
        Ok(out)
    }

    /// The latest record at this base of each person of the batch, by
    /// their place in it, locked until the import ends: what a row-by-row
    /// import reads for each row.
    fn lock_records(&self, lines: &[Line]) -> Result<HashMap<usize, Record>> {
        let mut stage = CopyRows::new();
        for (n, line) in lines.iter().enumerate() {
            stage.int(Some(n as i64)).text(Some(line.id_number()));
            stage.end_row();
        }
        self.tx
            .copy_in("COPY training_stage (n, id_number) FROM STDIN", &stage)?;
        // Driven from the staged rows whatever the statistics say (tables
        // filled moments ago look empty to the planner): each person's
        // latest record at the base found through their account's few
        // records alone — the base in the aggregate's FILTER, not in a
        // condition, so that the index of the base's records (all of them)
        // is never scanned per person.
        let mut stmt = self.tx.prepare_cached(&format!(
            "SELECT {RECORD_COLUMNS}, s.n
             FROM training_stage s JOIN account a ON a.id_number = s.id_number
             CROSS JOIN LATERAL (SELECT max(l.id) FILTER (WHERE l.org_id = ?1) AS id
                                 FROM training l WHERE l.account_id = a.id) latest
             JOIN training t ON t.id = latest.id JOIN org o ON o.id = t.org_id
             ORDER BY t.id
             FOR UPDATE OF t"
        ))?;
        let mut rows = stmt.query([self.org.id])?;
        let mut found = HashMap::with_capacity(lines.len());
        while let Some(r) = rows.next()? {
            let n: i64 = r.get(19)?;
            found.insert(n as usize, record_from_row(&r)?);
        }
        Ok(found)
    }

    /// Writes what a batch judged: its change items, then its records'
    /// new values.
    fn flush(&self, pending: &mut Pending) -> Result<()> {
        pending.items.write(self.tx, &self.change)?;
        if pending.updates.is_empty() {
            return Ok(());
        }
        self.tx.copy_in(
            "COPY training_update (id, specialty, person_type, approved_years, start_date,
                                   end_date, certificate_no, certificate_date, status, reopen)
             FROM STDIN",
            &pending.updates,
        )?;
        self.tx
            .prepare_cached(
                "UPDATE training t SET specialty = coalesce(u.specialty, t.specialty),
                        person_type = coalesce(u.person_type, t.person_type),
                        approved_years = coalesce(u.approved_years, t.approved_years),
                        start_date = coalesce(u.start_date, t.start_date),
                        end_date = coalesce(u.end_date, t.end_date),
                        certificate_no = coalesce(u.certificate_no, t.certificate_no),
                        certificate_date = coalesce(u.certificate_date, t.certificate_date),
                        status = coalesce(u.status, t.status),
                        report_status = CASE WHEN u.reopen AND t.report_status = ?2
                                             THEN ?1 ELSE t.report_status END
                 FROM training_update u WHERE t.id = u.id",
            )?
            .execute(params![ReportStatus::NotSubmitted, ReportStatus::Submitted])?;
        Ok(())
    }
}
