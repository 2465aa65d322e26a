//! The account import's bulk path on a PostgreSQL server. A batch of good
//! rows goes to the server in one `COPY` into a staging table; one
//! statement finds and locks the accounts that exist already (which the
//! same rules as a row-by-row import then judge); the new people get their
//! ids drawn ahead and are copied straight into `account`, their training
//! records into `training`, in file order as a row-by-row import writes
//! them. A
//! person that another base's import is creating at the same moment waits
//! for that import to commit and is then judged as an existing account:
//! the binding rule holds across concurrent imports. (Two imports that
//! create the same people in opposite orders at the same moment deadlock;
//! the server ends one of them, which `import::run` runs again alone.)

use std::collections::HashMap;

use crate::db::sql::{CopyRows, params};
use crate::error::Result;
use crate::import::Written;

use super::{ACCOUNT_COLUMNS, AccountWriter, Existing, Person, Role};
use crate::training;

/// The staging table of one import's transaction.
const STAGE: &str = "CREATE TEMP TABLE IF NOT EXISTS account_stage (
    n              BIGINT NOT NULL,
    id_number      TEXT NOT NULL,
    id_type        TEXT NOT NULL,
    name           TEXT NOT NULL,
    phone          TEXT,
    email          TEXT,
    department_id  BIGINT,
    title          TEXT,
    takes_cme      BIGINT,
    year           BIGINT,
    standard_region TEXT
) ON COMMIT DROP";

/// How many rows go to the server at once.
pub(super) const BATCH: usize = 8192;

impl AccountWriter<'_> {
    /// Writes a batch of good rows through COPY; says what happened to
    /// each, in order.
    pub(super) fn write_copied(&mut self, rows: Vec<Person>) -> Result<Vec<Written>> {
        if self.staged {
            self.tx.execute_batch("TRUNCATE account_stage")?;
        } else {
            self.tx.execute_batch(STAGE)?;
            // The server plans with statistics of before this import: to it
            // `account` may look empty while this import fills it, and a
            // hash join would read the whole table for every batch. The
            // lookups here are by key: nested loops over the index.
            self.tx.execute_batch(
                "SET LOCAL enable_hashjoin = off; SET LOCAL enable_mergejoin = off",
            )?;
            self.staged = true;
        }
        let mut stage = CopyRows::new();
        let mut departments = Vec::with_capacity(rows.len());
        for (n, p) in rows.iter().enumerate() {
            let department = self.department_id(&p.department)?;
            departments.push(department);
            stage
                .int(Some(n as i64))
                .text(Some(&p.id_number))
                .text(Some(p.id_type.label()))
                .text(Some(&p.name))
                .text(Some(&p.phone))
                .text(p.email.as_deref())
                .int(department)
                .text(p.title.as_deref())
                .int(p.takes_cme.map(i64::from))
                .int(p.year.map(i64::from))
                .text(p.standard_region.map(|l| l.label()));
            stage.end_row();
        }
        self.tx.copy_in(
            "COPY account_stage (n, id_number, id_type, name, phone, email, department_id,
                                 title, takes_cme, year, standard_region) FROM STDIN",
            &stage,
        )?;

        let mut existing = self.lock_existing()?;
        let new: Vec<usize> = (0..rows.len())
            .filter(|n| !existing.contains_key(n))
            .collect();
        let created = if new.is_empty() {
            vec![false; rows.len()]
        } else {
            match self.copy_new(&rows, &departments, &new)? {
                Some(created) => created,
                None => {
                    // Another import created some of these people since the
                    // lookup: merge row by row against what is there now.
                    let created = self.merge_staged(&rows)?;
                    existing = self.lock_existing()?;
                    created
                }
            }
        };

        let mut outcomes = Vec::with_capacity(rows.len());
        for (n, p) in rows.into_iter().enumerate() {
            if created[n] {
                if self.random_passwords {
                    self.created.push((p.id_number, p.name, self.role));
                }
                outcomes.push(Written::Created);
            } else if let Some(e) = existing.remove(&n) {
                outcomes.push(self.existing(&p, &e)?);
            } else {
                // Not there for this import (see `unseen`).
                outcomes.push(self.unseen(&p)?);
            }
        }
        Ok(outcomes)
    }

    /// The staged people who have an account already (made before this
    /// import), locked until it ends, by their place in the batch.
    fn lock_existing(&self) -> Result<HashMap<usize, Existing>> {
        let mut stmt = self.tx.prepare_cached(&format!(
            "SELECT s.n, {}
             FROM account_stage s JOIN account a ON a.id_number = s.id_number
             LEFT JOIN org o ON o.id = a.org_id
             WHERE a.created_change <> ?1
             ORDER BY a.id_number
             FOR UPDATE OF a",
            Existing::COLUMNS
        ))?;
        let mut found = stmt.query([self.change.id])?;
        let mut existing = HashMap::new();
        while let Some(r) = found.next()? {
            let n: i64 = r.get(0)?;
            existing.insert(n as usize, Existing::from_row(&r, 1)?);
        }
        Ok(existing)
    }

    /// The fast path: ids drawn ahead, the new accounts and their training
    /// records copied straight into their tables. None when another import
    /// created one of them meanwhile (nothing of this batch is then left).
    fn copy_new(
        &self,
        rows: &[Person],
        departments: &[Option<i64>],
        new: &[usize],
    ) -> Result<Option<Vec<bool>>> {
        let ids = self.tx.draw_ids("account", new.len())?;
        let mut accounts = CopyRows::new();
        let mut trainings = CopyRows::new();
        let resident_org = match (self.role, self.org) {
            (Role::Resident, Some(org)) => Some(org.id),
            _ => None,
        };
        let registration = self.registration.map(|r| r.label());
        for (&n, &id) in new.iter().zip(&ids) {
            let p = &rows[n];
            accounts
                .int(Some(id))
                .text(Some(&p.id_number))
                .text(Some(p.id_type.label()))
                .text(Some(&p.name))
                .text(Some(&p.phone))
                .text(p.email.as_deref())
                .text(Some(self.role.key()))
                .int(self.org.map(|o| o.id))
                .int(departments[n])
                .text(p.title.as_deref())
                .int(Some(self.change.id))
                .text(registration)
                .int(p.takes_cme.map(i64::from))
                .text(p.standard_region.map(|l| l.label()));
            accounts.end_row();
            if let (Some(org), Some(year)) = (resident_org, p.year) {
                trainings
                    .int(Some(id))
                    .int(Some(org))
                    .int(Some(i64::from(year)))
                    .text(Some(training::Status::InTraining.label()))
                    .int(Some(self.change.id));
                trainings.end_row();
            }
        }
        self.tx.execute_batch("SAVEPOINT account_copy")?;
        let copied = self
            .tx
            .copy_into("account", &format!("id, {ACCOUNT_COLUMNS}"), &accounts);
        match copied {
            Ok(_) => {}
            Err(e) if e.sqlstate() == Some("23505") => {
                self.tx
                    .execute_batch("ROLLBACK TO SAVEPOINT account_copy")?;
                return Ok(None);
            }
            Err(e) => return Err(e.into()),
        }
        self.tx.execute_batch("RELEASE SAVEPOINT account_copy")?;
        if !trainings.is_empty() {
            self.tx.copy_into(
                "training",
                "account_id, org_id, recruit_year, status, created_change",
                &trainings,
            )?;
        }
        let mut created = vec![false; rows.len()];
        for &n in new {
            created[n] = true;
        }
        Ok(Some(created))
    }

    /// The careful path: the staged people inserted where nobody has an
    /// account yet (waiting for imports that are creating them), with
    /// their training records.
    fn merge_staged(&self, rows: &[Person]) -> Result<Vec<bool>> {
        let mut created = vec![false; rows.len()];
        let at: HashMap<&str, usize> = rows
            .iter()
            .enumerate()
            .map(|(n, p)| (p.id_number.as_str(), n))
            .collect();
        let mut insert = self.tx.prepare_cached(&format!(
            "INSERT INTO account ({ACCOUNT_COLUMNS})
             SELECT id_number, id_type, name, phone, email, ?1, ?2, department_id, title,
                    ?3, ?4, takes_cme, standard_region
             FROM account_stage ORDER BY n
             ON CONFLICT (id_number) DO NOTHING
             RETURNING id_number"
        ))?;
        let mut returned = insert.query(params![
            self.role.key(),
            self.org.map(|o| o.id),
            self.change.id,
            self.registration
        ])?;
        while let Some(r) = returned.next()? {
            let id_number: String = r.get(0)?;
            if let Some(&n) = at.get(id_number.as_str()) {
                created[n] = true;
            }
        }
        if let (Role::Resident, Some(org)) = (self.role, self.org) {
            self.tx
                .prepare_cached(
                    "INSERT INTO training (account_id, org_id, recruit_year, status,
                                           created_change)
                     SELECT a.id, ?1, s.year, ?2, ?3
                     FROM account_stage s JOIN account a ON a.id_number = s.id_number
                     WHERE a.created_change = ?3 AND s.year IS NOT NULL",
                )?
                .execute(params![
                    org.id,
                    training::Status::InTraining,
                    self.change.id
                ])?;
        }
        Ok(created)
    }
}
