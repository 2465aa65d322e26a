//! The profile import's bulk path on a PostgreSQL server. A batch of
//! people's ID numbers goes to the server in one `COPY` into a staging
//! table; one statement each then reads their accounts and their stored
//! profiles. Each person is judged by the same code as a row-by-row
//! import, in file order, its change items gathered; the changed profiles
//! are then saved together (a `COPY` per tab into staging tables, one
//! statement per table), their submitted records reopened in one
//! statement, and the change items written in one `COPY`, in the order a
//! row-by-row import writes them. A person is in one unit of the file
//! only, so what is read before the batch is what a row-by-row import
//! would read for each.

use std::collections::HashMap;

use super::{Person, ProfileWriter, Verdict, saved};
use crate::db::sql::CopyRows;
use crate::error::Result;
use crate::history::{Gathered, Log};
use crate::import::Written;
use crate::profile::store;
use crate::training::submission;

/// How many people go to the server at once.
pub(super) const BATCH: usize = 8192;

/// The staging table of the batch's ID numbers.
const STAGE: &str = "profile_stage";

/// The bulk path's state, kept from batch to batch of one import.
#[derive(Default)]
pub(super) struct State {
    staged: bool,
    items: Gathered,
    profiles: store::Staged,
}

impl ProfileWriter<'_> {
    /// Writes a batch of people through COPY; the outcome of each, in
    /// file order.
    pub(super) fn write_copied(&mut self, mut rows: Vec<Person>) -> Result<Vec<Written>> {
        let tx = self.tx;
        if self.copy.staged {
            tx.execute_batch(&format!("TRUNCATE {STAGE}"))?;
        } else {
            tx.execute_batch(&format!(
                "CREATE TEMP TABLE IF NOT EXISTS {STAGE} (id_number TEXT NOT NULL) ON COMMIT DROP"
            ))?;
            // The server plans with statistics of before this import: to
            // it the profile tables may look empty while this import fills
            // them, and a hash join would read a whole table for every
            // batch. The lookups here are by key: nested loops over the
            // indexes.
            tx.execute_batch("SET LOCAL enable_hashjoin = off; SET LOCAL enable_mergejoin = off")?;
            self.copy.staged = true;
        }
        let mut stage = CopyRows::new();
        for p in &rows {
            stage.text(Some(&p.profile.id_number));
            stage.end_row();
        }
        tx.copy_in(&format!("COPY {STAGE} (id_number) FROM STDIN"), &stage)?;

        let accounts = crate::account::find_staged(tx, STAGE)?;
        let mut old = store::load_staged(tx, STAGE)?;

        let mut items = std::mem::take(&mut self.copy.items);
        let mut profiles = std::mem::take(&mut self.copy.profiles);
        let mut out = Vec::with_capacity(rows.len());
        // The people whose profiles are saved: their place in the batch,
        // by account.
        let mut changed: HashMap<i64, usize> = HashMap::new();
        for (n, person) in rows.iter_mut().enumerate() {
            items.group(n as i64);
            let id_number = person.profile.id_number.clone();
            let verdict = self.judge(
                person,
                accounts.get(&id_number),
                &mut |_| Ok(old.remove(&id_number).unwrap_or_default()),
                &mut items,
            )?;
            out.push(match verdict {
                Verdict::Refused(w) => w,
                Verdict::Unchanged => Written::Skipped(None),
                Verdict::Changed {
                    account_id,
                    created,
                } => {
                    profiles.add(account_id, &person.profile);
                    changed.insert(account_id, n);
                    saved(created)
                }
            });
        }
        if !profiles.is_empty() {
            profiles.stage(tx)?;
            // Personal information is part of what a base submitted: a
            // change sets its submitted records back to 未上报, logged
            // after the person's changes. They are set back before the
            // profiles are written, so that the server's own guard (which
            // sets back what an office changes by any other way) finds
            // nothing left to do.
            for account_id in submission::reopen_staged(tx, store::SAVED)? {
                if let Some(&n) = changed.get(&account_id) {
                    items.group(n as i64);
                    items.log(&submission::reopen_item(&rows[n].profile.id_number))?;
                }
            }
            profiles.write(tx, self.change.id)?;
        }
        items.write(tx, &self.change)?;
        self.copy.items = items;
        self.copy.profiles = profiles;
        Ok(out)
    }
}
