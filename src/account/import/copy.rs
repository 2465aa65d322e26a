//! The account import's bulk path on a PostgreSQL server. A batch of good
//! rows goes to the server in one `COPY` into a staging table; one
//! statement then creates the new accounts (in file order, as a row-by-row
//! import does, so that lists keep the roster's order), one their training
//! records, and one finds and locks the accounts that exist
//! already — which the same rules as a row-by-row import then judge. A
//! person that another base's import is creating at the same moment waits
//! for that import to commit and is then judged as an existing account:
//! the binding rule holds across concurrent imports. (Two imports that
//! create the same people in opposite orders at the same moment can
//! deadlock; the server then fails one of them whole, which can simply be
//! run again.)

use std::collections::HashMap;

use crate::db::sql::{CopyRows, params};
use crate::error::Result;
use crate::import::Written;

use super::{AccountWriter, Existing, Person, Role};
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
    year           BIGINT
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
            self.staged = true;
        }
        let mut copy = CopyRows::new();
        for (n, p) in rows.iter().enumerate() {
            let department = self.department_id(&p.department)?;
            copy.int(Some(n as i64))
                .text(Some(&p.id_number))
                .text(Some(p.id_type.label()))
                .text(Some(&p.name))
                .text(Some(&p.phone))
                .text(p.email.as_deref())
                .int(department)
                .text(p.title.as_deref())
                .int(p.takes_cme.map(i64::from))
                .int(p.year.map(i64::from));
            copy.end_row();
        }
        self.tx.copy_in(
            "COPY account_stage (n, id_number, id_type, name, phone, email, department_id,
                                 title, takes_cme, year) FROM STDIN",
            &copy,
        )?;

        let mut created = vec![false; rows.len()];
        {
            let mut insert = self.tx.prepare_cached(
                "INSERT INTO account (id_number, id_type, name, phone, email, role, org_id,
                                      department_id, title, created_change, registration,
                                      takes_cme)
                 SELECT id_number, id_type, name, phone, email, ?1, ?2, department_id, title,
                        ?3, ?4, takes_cme
                 FROM account_stage ORDER BY n
                 ON CONFLICT (id_number) DO NOTHING
                 RETURNING id_number",
            )?;
            let at: HashMap<&str, usize> = rows
                .iter()
                .enumerate()
                .map(|(n, p)| (p.id_number.as_str(), n))
                .collect();
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

        // The others exist: locked until this import ends, then judged row
        // by row as any re-imported person is.
        let mut existing: HashMap<usize, Existing> = HashMap::new();
        if created.iter().any(|c| !c) {
            let mut stmt = self.tx.prepare_cached(
                "SELECT s.n, a.id, a.id_type, a.name, a.phone, a.role, coalesce(a.org_id, 0),
                        coalesce(o.code, ''), coalesce(o.name, '')
                 FROM account_stage s JOIN account a ON a.id_number = s.id_number
                 LEFT JOIN org o ON o.id = a.org_id
                 WHERE a.created_change <> ?1
                 ORDER BY a.id_number
                 FOR UPDATE OF a",
            )?;
            let mut found = stmt.query([self.change.id])?;
            while let Some(r) = found.next()? {
                let n: i64 = r.get(0)?;
                existing.insert(
                    n as usize,
                    Existing {
                        id: r.get(1)?,
                        id_type: r.get(2)?,
                        name: r.get(3)?,
                        phone: r.get(4)?,
                        role: r.get(5)?,
                        org_id: r.get(6)?,
                        org_code: r.get(7)?,
                        org_name: r.get(8)?,
                    },
                );
            }
        }

        let mut outcomes = Vec::with_capacity(rows.len());
        for (n, p) in rows.into_iter().enumerate() {
            if created[n] {
                if self.random_passwords {
                    self.created.push((p.id_number, p.name));
                }
                outcomes.push(Written::Created);
            } else if let Some(e) = existing.remove(&n) {
                outcomes.push(self.existing(&p, &e)?);
            } else {
                // Deleted by another command since: nothing to judge.
                outcomes.push(Written::Skipped(None));
            }
        }
        Ok(outcomes)
    }
}
