//! The office's review of credit records (`credit review`): approve or
//! reject 待审 records, or reopen reviewed ones, on the shared review
//! routine.

use super::CreditStatus;
use super::list::{get_record, member_id, no_record, not_pending};
use crate::db::sql::{Connection, params};
use crate::error::{Error, Result};
use crate::history::{Change, Who};
use crate::i18n::Msg;
use crate::msg;
use crate::rules::text::identifier;
use crate::state::State;
use crate::state::review::{self, Decision, Decisions, Key, Refused, Reviewable, Subject};

/// Which records to review: ids, or the records of a member or of an
/// organisation's members (optionally of one year) that the decision can
/// move: the 待审 ones, or for a reopening the reviewed ones.
#[derive(Debug, Clone, Default)]
pub struct Selection {
    pub ids: Vec<i64>,
    pub member: Option<String>,
    pub org: Option<String>,
    pub year: Option<i32>,
}

struct CreditReview;

impl Reviewable for CreditReview {
    type State = CreditStatus;
    type Extra = ();
    const ENTITY: &'static str = "credit";

    fn set(
        &self,
        tx: &Connection,
        change: &Change,
        subject: &Subject<CreditStatus>,
        to: CreditStatus,
        reason: Option<&str>,
    ) -> Result<()> {
        // A reopened record is 待审 again, as if never reviewed.
        let reviewed = (to != CreditStatus::Pending).then_some(change.id);
        tx.prepare_cached(
            "UPDATE credit SET status = ?2, review_reason = ?3, reviewed_change = ?4 WHERE id = ?1",
        )?
        .execute(params![subject.id, to, reason, reviewed])?;
        Ok(())
    }

    fn refuse(&self, subject: &Subject<CreditStatus>, to: CreditStatus) -> Msg {
        let Key::Record(id) = subject.key else {
            return subject.state.refuse_move(to);
        };
        not_pending(id, subject.state, &msg!("审核", "reviewed"))
    }
}

/// Reviews records: approves or rejects 待审 ones, or reopens reviewed ones
/// (back to 待审, for a review made by mistake). Each change is logged with
/// the reason.
pub fn review(
    conn: &mut Connection,
    sel: &Selection,
    decision: &Decision<CreditStatus>,
    who: &Who,
) -> Result<Decisions<CreditStatus>> {
    review::run(conn, who, &CreditReview, decision, |tx| {
        select(tx, sel, decision.to)
    })
}

fn select(
    tx: &Connection,
    sel: &Selection,
    to: CreditStatus,
) -> Result<Vec<Result<Subject<CreditStatus>, Refused>>> {
    let mut ids = sel.ids.clone();
    if sel.member.is_some() || sel.org.is_some() {
        let account = sel
            .member
            .as_deref()
            .map(|m| member_id(tx, &identifier(m)))
            .transpose()?;
        let org = match &sel.org {
            Some(code) => Some(crate::org::find_kind(tx, code, crate::org::OrgKind::Cme)?.id),
            None => None,
        };
        // The records the decision can move: those it can come from.
        let from: Vec<CreditStatus> = CreditStatus::ALL
            .iter()
            .copied()
            .filter(|s| s.can_become(to))
            .collect();
        let mut stmt = tx.prepare(&format!(
            "SELECT c.id FROM credit c JOIN account a ON a.id = c.account_id
             WHERE c.status IN ({}) AND (?1 IS NULL OR c.account_id = ?1)
               AND (?2 IS NULL OR a.org_id = ?2) AND (?3 IS NULL OR c.year = ?3)
             ORDER BY c.id",
            CreditStatus::sql_list(&from)
        ))?;
        let rows = stmt.query_map(params![account, org, sel.year], |r| r.get(0))?;
        for id in rows {
            ids.push(id?);
        }
    } else if ids.is_empty() {
        return Err(Error::Usage(msg!(
            "请给出学分记录编号,或用 --member / --org 选择待审记录",
            "give record ids, or choose pending records with --member or --org"
        )));
    }
    ids.sort_unstable();
    ids.dedup();
    let mut found = Vec::with_capacity(ids.len());
    for id in ids {
        found.push(match get_record(tx, id)? {
            None => Err(Refused {
                key: Key::Record(id),
                message: no_record(id),
            }),
            Some(rec) => Ok(Subject {
                key: Key::Record(id),
                id,
                note: Some(format!("#{id} {}", rec.project_no)),
                id_number: rec.id_number,
                name: rec.name,
                state: rec.status,
                extra: (),
            }),
        });
    }
    Ok(found)
}
