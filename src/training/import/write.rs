//! How a training import writes, a batch of good rows at a time, on
//! either engine. The batch's ID numbers are staged, and one statement
//! reads the latest record at this base of every person in it (locked on
//! a server until the import ends). Each row is then judged in file order,
//! but what it writes waits for the end of the batch: its change items are
//! [`Gathered`] (written in the order they were logged), and the records'
//! new values staged and applied in one `UPDATE … FROM`, which also sets
//! submitted records back to 未上报.
//!
//! A row whose person has no record here (refused, or an early completer
//! to create) reads and creates what it needs by itself; its change items
//! and record update wait with the others.
//!
//! Within a file a person appears once (a repeated ID number is refused by
//! the check), so no row of a batch reads what another row of the same
//! batch has yet to write.

use std::collections::HashMap;

use super::{Line, RECORD_COLUMNS, Record, TrainingWriter, record_from_row};

use crate::db::features;
use crate::db::sql::params;
use crate::db::staging::{Kind, Rows, Staging};
use crate::error::Result;
use crate::history::Gathered;
use crate::import::Written;
use crate::training::{ReportStatus, Status};

/// How many rows are written at once.
pub(super) const BATCH: usize = 1024;

/// The people of a batch: their place in it and their ID number.
static PEOPLE: Staging = Staging::new(
    "training_stage",
    &[("n", Kind::Int), ("id_number", Kind::Text)],
);

/// The new values of the records a batch changes (NULL: unchanged);
/// `reopen`: the record was submitted, and is set back to 未上报.
static UPDATES: Staging = Staging::new(
    "training_update",
    &[
        ("id", Kind::Int),
        ("specialty", Kind::Text),
        ("person_type", Kind::Text),
        ("approved_years", Kind::Int),
        ("start_date", Kind::Text),
        ("end_date", Kind::Text),
        ("certificate_no", Kind::Text),
        ("certificate_date", Kind::Text),
        ("status", Kind::Text),
        ("reopen", Kind::Int),
    ],
);

/// What the rows of a batch have judged and wait to write.
#[derive(Default)]
pub(super) struct Pending {
    /// The change items, in the order of the log.
    pub(super) items: Gathered,
    updates: Rows,
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
            .flag(reopen);
        self.updates.end_row();
    }
}

impl TrainingWriter<'_> {
    /// Judges and writes a batch of good rows; the outcome of each, in
    /// file order.
    pub(super) fn write_rows(&mut self, lines: Vec<Line>) -> Result<Vec<Written>> {
        let mut found = self.lock_records(&lines)?;
        let mut out = Vec::with_capacity(lines.len());
        for (n, line) in lines.into_iter().enumerate() {
            let record = found.remove(&n);
            match self.judge(line, record) {
                Ok(w) => out.push(w),
                Err(e) => {
                    self.pending = Pending::default();
                    return Err(e);
                }
            }
        }
        let mut pending = std::mem::take(&mut self.pending);
        self.flush(&mut pending)?;
        Ok(out)
    }

    /// The latest record at this base of each person of the batch, by
    /// their place in it (on a server locked until the import ends).
    fn lock_records(&self, lines: &[Line]) -> Result<HashMap<usize, Record>> {
        let mut people = Rows::new();
        for (n, line) in lines.iter().enumerate() {
            people.int(Some(n as i64)).text(Some(line.id_number()));
            people.end_row();
        }
        PEOPLE.fill(self.tx, &people)?;
        // Driven from the staged rows: each person's latest record at the
        // base found through their account's few records alone — the base
        // in the aggregate's FILTER, not in a condition, so that the index
        // of the base's records (all of them) is never scanned per person.
        // Locked in the records' order, as any other writer locks them.
        let mut stmt = self.tx.prepare_cached(&format!(
            "SELECT {RECORD_COLUMNS}, s.n
             FROM training_stage s JOIN account a ON a.id_number = s.id_number
             JOIN training t ON t.id = (SELECT max(l.id) FILTER (WHERE l.org_id = ?1)
                                        FROM training l WHERE l.account_id = a.id)
             JOIN org o ON o.id = t.org_id
             ORDER BY t.id{}",
            features::locking(self.tx, "t")
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
        UPDATES.fill(self.tx, &pending.updates)?;
        self.tx
            .prepare_cached(
                "UPDATE training AS t SET specialty = coalesce(u.specialty, t.specialty),
                        person_type = coalesce(u.person_type, t.person_type),
                        approved_years = coalesce(u.approved_years, t.approved_years),
                        start_date = coalesce(u.start_date, t.start_date),
                        end_date = coalesce(u.end_date, t.end_date),
                        certificate_no = coalesce(u.certificate_no, t.certificate_no),
                        certificate_date = coalesce(u.certificate_date, t.certificate_date),
                        status = coalesce(u.status, t.status),
                        report_status = CASE WHEN u.reopen = 1 AND t.report_status = ?2
                                             THEN ?1 ELSE t.report_status END
                 FROM training_update u WHERE t.id = u.id",
            )?
            .execute(params![ReportStatus::NotSubmitted, ReportStatus::Submitted])?;
        Ok(())
    }
}
