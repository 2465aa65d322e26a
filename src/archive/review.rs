//! The unit's review of archive changes: the change awaiting review of each
//! member named becomes 审核通过 (and is then the archive) or 审核不通过
//! (with the reason; the archive stays as it was). Runs on the one review
//! routine; the archive it was decided against is kept with the change.

use crate::db::sql::{Connection, params};

use super::ArchiveStatus;
use super::fields::{B_TAKES_CME, B_TITLE};
use super::model::Archive;
use crate::account::find_member;
use crate::error::{Error, Result};
use crate::history::{Change, Item, Who};
use crate::msg;
use crate::rules::text::identifier;
use crate::state::State;
use crate::state::review::{self, Decision, Decisions, Key, Refused, Reviewable, Subject};

/// Whose changes to review: ID numbers, or with none, every change
/// awaiting review at an organisation.
#[derive(Debug, Clone, Default)]
pub struct Target {
    pub ids: Vec<String>,
    pub org: Option<String>,
}

struct ArchiveChanges;

impl Reviewable for ArchiveChanges {
    type State = ArchiveStatus;
    type Extra = ();
    const ENTITY: &'static str = "archive";

    fn set(
        &self,
        tx: &Connection,
        change: &Change,
        subject: &Subject<ArchiveStatus>,
        to: ArchiveStatus,
        reason: Option<&str>,
    ) -> Result<()> {
        // The archive the change was decided against, kept for 变更详情.
        tx.prepare_cached(
            "UPDATE archive_change
             SET status = ?2, review_reason = ?3, decided_change = ?4,
                 before = coalesce((SELECT content FROM archive
                                    WHERE archive.account_id = archive_change.account_id), '{}')
             WHERE id = ?1",
        )?
        .execute(params![subject.id, to, reason, change.id])?;
        if to == ArchiveStatus::Approved {
            tx.prepare_cached(
                "INSERT INTO archive (account_id, content, change_id)
                 SELECT account_id, after, id FROM archive_change WHERE id = ?1
                 ON CONFLICT (account_id) DO UPDATE
                 SET content = excluded.content, change_id = excluded.change_id",
            )?
            .execute([subject.id])?;
            account_follows(tx, change, subject)?;
        }
        Ok(())
    }
}

/// One truth for a member (docs/domain.md#technical-archive): what the
/// approved archive says of 是否参加继续教育 and 技术职称 becomes the
/// account's, each change logged beside the archive's approval, and the
/// standard of the years not yet assigned follows the new title. A field
/// the archive leaves blank leaves the account as it is.
fn account_follows(
    tx: &Connection,
    change: &Change,
    subject: &Subject<ArchiveStatus>,
) -> Result<()> {
    let (after, account_id, takes, title, year): (
        String,
        i64,
        Option<bool>,
        Option<String>,
        String,
    ) = tx.query_row(
        "SELECT c.after, a.id, a.takes_cme, a.title, s.at
             FROM archive_change c JOIN account a ON a.id = c.account_id
             JOIN change_set s ON s.id = ?2
             WHERE c.id = ?1",
        params![subject.id, change.id],
        |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?)),
    )?;
    let archive = Archive::from_json(&after);
    let note = format!("技术档案变更 #{} 审核通过", subject.id);
    let yes_no = |b: bool| if b { "是" } else { "否" };
    if let Some(wanted) = archive.basic(B_TAKES_CME).and_then(yes_no_value)
        && takes != Some(wanted)
    {
        tx.prepare_cached("UPDATE account SET takes_cme = ?2 WHERE id = ?1")?
            .execute(params![account_id, wanted])?;
        change.log(
            tx,
            &Item {
                subject: &subject.id_number,
                entity: "account",
                action: "update",
                field: Some("参加继教"),
                before: takes.map(yes_no),
                after: Some(yes_no(wanted)),
                note: Some(&note),
            },
        )?;
    }
    if let Some(wanted) = archive.basic(B_TITLE)
        && title.as_deref() != Some(wanted)
    {
        tx.prepare_cached("UPDATE account SET title = ?2 WHERE id = ?1")?
            .execute(params![account_id, wanted])?;
        change.log(
            tx,
            &Item {
                subject: &subject.id_number,
                entity: "account",
                action: "update",
                field: Some("技术职称"),
                before: title.as_deref(),
                after: Some(wanted),
                note: Some(&note),
            },
        )?;
        let year: i32 = year.get(..4).and_then(|y| y.parse().ok()).unwrap_or(0);
        crate::standard::assign::follow_title(
            tx,
            change,
            &subject.id_number,
            year,
            title.as_deref(),
            wanted,
        )?;
    }
    Ok(())
}

/// 是/否 as stored in an archive.
fn yes_no_value(v: &str) -> Option<bool> {
    match v {
        "是" => Some(true),
        "否" => Some(false),
        _ => None,
    }
}

/// Approves or rejects the changes awaiting review (a rejection needs a
/// reason: the member reads it). Each decision is logged.
pub fn review(
    conn: &mut Connection,
    target: &Target,
    decision: &Decision<ArchiveStatus>,
    who: &Who,
) -> Result<Decisions<ArchiveStatus>> {
    review::run(conn, who, &ArchiveChanges, decision, |tx| {
        select(tx, target)
    })
}

type Found = Vec<Result<Subject<ArchiveStatus>, Refused>>;

fn select(tx: &Connection, target: &Target) -> Result<Found> {
    let org = match &target.org {
        Some(code) => Some(crate::org::find_kind(tx, code, crate::org::OrgKind::Cme)?),
        None => None,
    };
    let pending = ArchiveStatus::sql_list(&[ArchiveStatus::Pending]);
    if target.ids.is_empty() {
        let Some(org) = &org else {
            return Err(Error::Usage(msg!(
                "请给出证件号码,或用 --org 审核该单位全部待审核的档案变更",
                "give ID numbers, or --org for every archive change awaiting review at a unit"
            )));
        };
        let mut stmt = tx.prepare(&format!(
            "SELECT c.id, a.id_number, a.name FROM archive_change c
             JOIN account a ON a.id = c.account_id
             WHERE c.status IN ({pending}) AND a.org_id = ?1 ORDER BY a.id_number"
        ))?;
        let rows = stmt.query_map([org.id], |r| {
            let id: i64 = r.get(0)?;
            Ok(Ok(Subject {
                key: Key::Person(r.get(1)?),
                id,
                id_number: r.get(1)?,
                name: r.get(2)?,
                state: ArchiveStatus::Pending,
                note: Some(format!("#{id}")),
                extra: (),
            }))
        })?;
        return Ok(rows.collect::<crate::db::sql::Result<_>>()?);
    }
    let mut found = Vec::new();
    let mut seen = std::collections::HashSet::new();
    for raw in &target.ids {
        let id_number = identifier(raw);
        if !seen.insert(id_number.clone()) {
            continue;
        }
        let key = Key::Person(id_number.clone());
        let member = match find_member(tx, &id_number)? {
            Err(message) => {
                found.push(Err(Refused { key, message }));
                continue;
            }
            Ok(m) => m,
        };
        if let Some(o) = org.as_ref().filter(|o| o.id != member.org_id) {
            let (code, o) = (&member.org_code, &o.code);
            found.push(Err(Refused {
                key,
                message: msg!(
                    "该人员属于单位 {code},不在 {o} 的范围内",
                    "the member belongs to {code}, outside {o}"
                ),
            }));
            continue;
        }
        match super::pending(tx, member.id)? {
            None => found.push(Err(Refused {
                key,
                message: msg!("没有待审核的档案变更", "no archive change awaits review"),
            })),
            Some((id, _)) => found.push(Ok(Subject {
                key,
                id,
                id_number,
                name: member.name,
                state: ArchiveStatus::Pending,
                note: Some(format!("#{id}")),
                extra: (),
            })),
        }
    }
    Ok(found)
}
