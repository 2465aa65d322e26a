//! How a profile import writes, a batch of people at a time, on either
//! engine. The batch's ID numbers are staged; one statement each then
//! reads their accounts and their stored profiles. Each person is judged
//! in file order, its change items gathered; the changed profiles are then
//! saved together (each tab's rows staged, one statement per table), their
//! submitted records reopened in one statement, and the change items
//! written in the order they were logged. A person is in one unit of the
//! file only, so what is read before the batch is what each person would
//! read alone.

use std::collections::HashMap;

use super::{Person, ProfileWriter, Verdict, saved};

use crate::db::staging::{Kind, Rows, Staging};
use crate::error::Result;
use crate::history::{Gathered, Log};
use crate::import::Written;
use crate::profile::store;
use crate::training::submission;

/// How many people are written at once.
pub(super) const BATCH: usize = 8192;

/// The staging table of the batch's ID numbers.
static PEOPLE: Staging = Staging::new("profile_stage", &[("id_number", Kind::Text)]);

/// The writer's state, kept from batch to batch of one import.
#[derive(Default)]
pub(super) struct State {
    items: Gathered,
    profiles: store::Staged,
}

impl ProfileWriter<'_> {
    /// Writes a batch of people; the outcome of each, in file order.
    pub(super) fn write_rows(&mut self, mut rows: Vec<Person>) -> Result<Vec<Written>> {
        let tx = self.tx;
        let mut people = Rows::new();
        for p in &rows {
            people.text(Some(&p.profile.id_number));
            people.end_row();
        }
        PEOPLE.fill(tx, &people)?;
        let accounts = crate::account::find_staged(tx, PEOPLE.name())?;
        let mut old = store::load_staged(tx, PEOPLE.name())?;

        let mut items = std::mem::take(&mut self.state.items);
        let mut profiles = std::mem::take(&mut self.state.profiles);
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
            for account_id in submission::reopen_staged(tx, store::SAVED.name())? {
                if let Some(&n) = changed.get(&account_id) {
                    items.group(n as i64);
                    items.log(&submission::reopen_item(&rows[n].profile.id_number))?;
                }
            }
            profiles.write(tx, self.change.id)?;
        }
        items.write(tx, &self.change)?;
        self.state.items = items;
        self.state.profiles = profiles;
        Ok(out)
    }
}
