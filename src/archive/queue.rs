//! What awaits a unit's review, in one list: archive changes (待审核),
//! credit records (待审) and members' registrations (单位待审), each with
//! the command that decides it.

use crate::db::sql::Connection;
use serde::Serialize;

use super::{Archive, ArchiveStatus, changed_sections};
use crate::account::Registration;
use crate::credit::query::{self, Filter};
use crate::credit::{CreditRecord, CreditStatus};
use crate::error::Result;
use crate::state::State;

/// An archive change awaiting review.
#[derive(Debug, Clone, Serialize)]
pub struct PendingChange {
    pub id: i64,
    pub id_number: String,
    pub name: String,
    pub submitted_at: String,
    pub submitted_by: String,
    /// The sections it changes.
    pub sections: Vec<&'static str>,
}

/// A member whose registration awaits the unit.
#[derive(Debug, Clone, Serialize)]
pub struct PendingMember {
    pub id_number: String,
    pub name: String,
}

/// A unit's queue.
#[derive(Debug, Clone, Serialize)]
pub struct Queue {
    pub org: String,
    pub org_name: String,
    /// `meded archive review`.
    pub archive_changes: Vec<PendingChange>,
    /// `meded credit review`.
    pub credits: Vec<CreditRecord>,
    /// `meded account review`.
    pub registrations: Vec<PendingMember>,
}

impl Queue {
    pub fn is_empty(&self) -> bool {
        self.archive_changes.is_empty() && self.credits.is_empty() && self.registrations.is_empty()
    }
}

/// Everything that awaits the review of the unit `org`, oldest first.
pub fn of_org(conn: &Connection, org: &str) -> Result<Queue> {
    let o = crate::org::find_kind(conn, org, crate::org::OrgKind::Cme)?;
    let mut stmt = conn.prepare(&format!(
        "SELECT c.id, a.id_number, a.name, s.at, {}, c.after, ar.content
         FROM archive_change c JOIN account a ON a.id = c.account_id
         JOIN change_set s ON s.id = c.created_change
         LEFT JOIN archive ar ON ar.account_id = a.id
         WHERE c.status IN ({}) AND a.org_id = ?1 ORDER BY c.id",
        crate::history::who_sql("s"),
        ArchiveStatus::sql_list(&[ArchiveStatus::Pending])
    ))?;
    let archive_changes = stmt
        .query_map([o.id], |r| {
            let after = Archive::from_json(&r.get::<_, String>(5)?);
            let before = r
                .get::<_, Option<String>>(6)?
                .map(|c| Archive::from_json(&c))
                .unwrap_or_default();
            Ok(PendingChange {
                id: r.get(0)?,
                id_number: r.get(1)?,
                name: r.get(2)?,
                submitted_at: r.get(3)?,
                submitted_by: r.get(4)?,
                sections: changed_sections(&before, &after),
            })
        })?
        .collect::<crate::db::sql::Result<_>>()?;
    let filter = Filter {
        org: o.code.clone(),
        status: Some(CreditStatus::Pending),
        ..Filter::default()
    };
    let credits = match query::list(conn, &filter, 1, 0)? {
        Ok(page) => page.records,
        Err(_) => Vec::new(), // no member filter: it selects the unit
    };
    let registrations = crate::account::list(conn, Some(&o.code), Some(Registration::Pending))?
        .into_iter()
        .map(|a| PendingMember {
            id_number: a.id_number,
            name: a.name,
        })
        .collect();
    Ok(Queue {
        org: o.code,
        org_name: o.name,
        archive_changes,
        credits,
        registrations,
    })
}
