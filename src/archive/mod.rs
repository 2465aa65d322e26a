//! The CME technical archive (技术档案): every member keeps one, the unit
//! reviews every change to it, and the platform prints a résumé
//! (个人简历表) from it and shows each change before and after (变更详情).
//!
//! ```text
//! archive import FILE ──> archive_change 待审核 ──review──> 审核通过: archive := after
//!                                                      └──> 审核不通过: archive unchanged
//! archive show / changes / resume <── archive, archive_change, transfers (change log)
//! ```
//!
//! The 变更详情 view here also serves the resident profile
//! (`profile changes`), from the change log's field-level items. The rules
//! are in docs/domain.md#technical-archive.

pub mod changes;
pub mod fields;
pub mod import;
pub mod model;
pub mod pdf;
pub mod queue;
pub mod resume;
pub mod review;
pub mod sheet;

use crate::db::sql::{Connection, OptionalExtension, params};
use serde::Serialize;

pub use fields::Section;
pub use model::{Archive, Proposal};

use crate::account::find_member;
use crate::error::{Error, Result};
use crate::rules::text::identifier;
use crate::states;

states! {
    /// 审核状态 of a change to a member's technical archive.
    pub enum ArchiveStatus: "审核状态" {
        /// Proposed, waiting for the unit (请等待审核).
        Pending = "待审核", "pending" ["待审"] => [Approved, Rejected, Superseded];
        /// Approved: it became the archive.
        Approved = "审核通过", "approved" ["通过"] => [];
        /// Rejected by the unit, with the reason; the archive stays as it was.
        Rejected = "审核不通过", "rejected" ["审核不过", "不通过"] => [] (reason);
        /// Replaced by a later import before the unit reviewed it.
        Superseded = "已替代", "superseded" => [];
    }
}

/// A member's approved archive and the id of the change that made it
/// (`None` before the first approval).
pub fn approved(conn: &Connection, account_id: i64) -> Result<(Archive, Option<i64>)> {
    let row: Option<(String, i64)> = conn
        .prepare_cached("SELECT content, change_id FROM archive WHERE account_id = ?1")?
        .query_row([account_id], |r| Ok((r.get(0)?, r.get(1)?)))
        .optional()?;
    Ok(match row {
        Some((content, id)) => (Archive::from_json(&content), Some(id)),
        None => (Archive::default(), None),
    })
}

/// A member's change awaiting review, if any: its id and the archive it
/// proposes.
pub fn pending(conn: &Connection, account_id: i64) -> Result<Option<(i64, Archive)>> {
    let sql = format!(
        "SELECT id, after FROM archive_change WHERE account_id = ?1 AND status IN ({})",
        <ArchiveStatus as crate::state::State>::sql_list(&[ArchiveStatus::Pending])
    );
    let row: Option<(i64, String)> = conn
        .prepare_cached(&sql)?
        .query_row([account_id], |r| Ok((r.get(0)?, r.get(1)?)))
        .optional()?;
    Ok(row.map(|(id, after)| (id, Archive::from_json(&after))))
}

/// A move between units (调动记录), from the change log's record of the
/// account's organisation changing.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct Transfer {
    /// When the move was recorded (the day, 2019-09-01).
    pub date: String,
    pub from_code: String,
    pub from_name: String,
    pub to_code: String,
    pub to_name: String,
}

/// A member's moves between units, oldest first. `account import --role
/// member --update` at another unit records the move (field 机构 of the
/// account); organisations are named as they are called now.
pub fn transfers(conn: &Connection, id_number: &str) -> Result<Vec<Transfer>> {
    let mut stmt = conn.prepare_cached(
        "SELECT substr(s.at, 1, 10), i.before, coalesce(f.name, i.before),
                i.after, coalesce(t.name, i.after)
         FROM change_item i JOIN change_set s ON s.id = i.change_id
         LEFT JOIN org f ON f.code = i.before LEFT JOIN org t ON t.code = i.after
         WHERE i.subject = ?1 AND i.entity = 'account' AND i.field = '机构'
         ORDER BY i.id",
    )?;
    let rows = stmt.query_map([id_number], |r| {
        Ok(Transfer {
            date: r.get(0)?,
            from_code: r.get::<_, Option<String>>(1)?.unwrap_or_default(),
            from_name: r.get::<_, Option<String>>(2)?.unwrap_or_default(),
            to_code: r.get::<_, Option<String>>(3)?.unwrap_or_default(),
            to_name: r.get::<_, Option<String>>(4)?.unwrap_or_default(),
        })
    })?;
    Ok(rows.collect::<crate::db::sql::Result<_>>()?)
}

/// The change awaiting review, as `archive show` prints it.
#[derive(Debug, Clone, Serialize)]
pub struct PendingView {
    /// The change's number (what 变更详情 lists it by).
    pub id: i64,
    pub submitted_at: String,
    pub submitted_by: String,
    /// The sections it changes.
    pub sections: Vec<&'static str>,
    /// The archive as it would be once approved.
    pub archive: Archive,
}

/// A member's archive (`archive show`).
#[derive(Debug, Clone, Serialize)]
pub struct ArchiveView {
    pub id_number: String,
    pub name: String,
    pub org: String,
    /// The archive as the unit approved it.
    pub approved: Archive,
    /// The change awaiting the unit's review, or null.
    pub pending: Option<PendingView>,
    /// 调动记录: moves between units.
    pub transfers: Vec<Transfer>,
}

/// The sections in which two archives differ.
pub fn changed_sections(before: &Archive, after: &Archive) -> Vec<&'static str> {
    let mut out = Vec::new();
    if before.basic != after.basic {
        out.push(Section::Basic.label());
    }
    for (i, s) in fields::LISTS.iter().enumerate() {
        if before.lists[i] != after.lists[i] {
            out.push(s.label());
        }
    }
    out
}

/// The approved archive of a member and the change awaiting review; a
/// usage error when the ID number names no CME member.
pub fn show(conn: &Connection, id_number: &str) -> Result<ArchiveView> {
    let id_number = identifier(id_number);
    let member = find_member(conn, &id_number)?.map_err(Error::Usage)?;
    let (approved_archive, _) = approved(conn, member.id)?;
    let pending = match pending(conn, member.id)? {
        None => None,
        Some((id, after)) => {
            let (at, by): (String, String) = conn.query_row(
                &format!(
                    "SELECT s.at, {} FROM archive_change c
                     JOIN change_set s ON s.id = c.created_change WHERE c.id = ?1",
                    crate::history::who_sql("s")
                ),
                params![id],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )?;
            Some(PendingView {
                id,
                submitted_at: at,
                submitted_by: by,
                sections: changed_sections(&approved_archive, &after),
                archive: after,
            })
        }
    };
    Ok(ArchiveView {
        transfers: transfers(conn, &id_number)?,
        id_number,
        name: member.name,
        org: member.org_code,
        approved: approved_archive,
        pending,
    })
}
