//! The unit's review of CME members' registrations (单位审核, seed 001
//! §2.3): 单位待审 → 单位审核通过 or 单位审核不过. Only approved members may
//! log in, and only they are checked against credit standards.

use rusqlite::{Connection, OptionalExtension, params};
use serde::Serialize;

use super::Role;
use crate::error::{Error, Result};
use crate::history::{Change, Item, Who};
use crate::i18n::Msg;
use crate::msg;
use crate::rules::text::{identifier, normalize};

/// A new registration, waiting for the unit.
pub const REGISTRATION_PENDING: &str = "单位待审";
/// Refused by the unit; the member may correct it and be reviewed again.
pub const REGISTRATION_REJECTED: &str = "单位审核不过";
/// Approved by the unit: the member may log in and is counted.
pub const REGISTRATION_APPROVED: &str = "单位审核通过";

/// The code list of registration states (seed 001 §2.3).
pub const REGISTRATION_STATES: [&str; 3] = [
    REGISTRATION_PENDING,
    REGISTRATION_REJECTED,
    REGISTRATION_APPROVED,
];

/// The unit's decision.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Decision {
    Approve,
    Reject,
}

impl Decision {
    /// The state the decision leads to.
    pub fn state(self) -> &'static str {
        match self {
            Decision::Approve => REGISTRATION_APPROVED,
            Decision::Reject => REGISTRATION_REJECTED,
        }
    }

    fn action(self) -> &'static str {
        match self {
            Decision::Approve => "approve",
            Decision::Reject => "reject",
        }
    }
}

/// Whose registrations to review: ID numbers, or with none, every
/// 单位待审 member of an organisation.
#[derive(Debug, Clone, Default)]
pub struct Target {
    pub ids: Vec<String>,
    pub org: Option<String>,
}

/// What happened to one member.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Outcome {
    Changed,
    /// Already in the state asked for.
    Unchanged,
}

/// One member reviewed.
#[derive(Debug, Clone, Serialize)]
pub struct Reviewed {
    pub id_number: String,
    pub name: String,
    pub before: String,
    pub after: String,
    pub outcome: Outcome,
}

/// An ID number the review could not apply to.
#[derive(Debug, Clone, Serialize)]
pub struct ReviewError {
    pub id_number: String,
    #[serde(skip)]
    pub message: Msg,
}

#[derive(Debug, Clone, Default)]
pub struct ReviewReport {
    pub reviewed: Vec<Reviewed>,
    pub errors: Vec<ReviewError>,
}

/// Approves or rejects registrations, recording each change with the
/// reason. A rejection needs a reason: the member reads it to correct
/// their registration.
pub fn review(
    conn: &mut Connection,
    target: &Target,
    decision: Decision,
    reason: Option<&str>,
    who: &Who,
) -> Result<ReviewReport> {
    let reason = reason
        .map(|r| normalize(r).into_owned())
        .filter(|r| !r.is_empty());
    if decision == Decision::Reject && reason.is_none() {
        return Err(Error::Usage(msg!(
            "审核不过须用 --reason 说明原因",
            "a rejection needs a --reason"
        )));
    }
    let tx = crate::db::write(conn)?;
    let org = match &target.org {
        Some(code) => Some(crate::org::find(&tx, code)?),
        None => None,
    };
    let mut report = ReviewReport::default();
    let mut found: Vec<(i64, String, String, String)> = Vec::new();
    if target.ids.is_empty() {
        let Some(org) = &org else {
            return Err(Error::Usage(msg!(
                "请给出证件号码,或用 --org 审核该机构全部待审人员",
                "give ID numbers, or --org for all pending members of an organisation"
            )));
        };
        let mut stmt = tx.prepare(
            "SELECT id, id_number, name, registration FROM account
             WHERE org_id = ?1 AND role = 'member' AND registration = ?2 ORDER BY id_number",
        )?;
        let rows = stmt.query_map(params![org.id, REGISTRATION_PENDING], |r| {
            Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?))
        })?;
        for row in rows {
            found.push(row?);
        }
    } else {
        let mut stmt = tx.prepare(
            "SELECT a.id, a.name, a.role, a.registration, a.org_id, o.code
             FROM account a JOIN org o ON o.id = a.org_id WHERE a.id_number = ?1",
        )?;
        let mut seen = std::collections::HashSet::new();
        for raw in &target.ids {
            let id_number = identifier(raw);
            if !seen.insert(id_number.clone()) {
                continue;
            }
            type Row = (i64, String, String, Option<String>, i64, String);
            let row: Option<Row> = stmt
                .query_row([&id_number], |r| {
                    Ok((
                        r.get(0)?,
                        r.get(1)?,
                        r.get(2)?,
                        r.get(3)?,
                        r.get(4)?,
                        r.get(5)?,
                    ))
                })
                .optional()?;
            let message = match row {
                None => Some(msg!("没有这个账号", "no such account")),
                Some((_, _, role, ..)) if role != Role::Member.key() => {
                    let role = Role::from_key(&role).map_or("?", Role::label);
                    Some(msg!(
                        "这是{role}账号,不是继教人员,无需单位审核",
                        "this is a {role} account, not a CME member; it has no registration to review"
                    ))
                }
                Some((.., org_id, ref code)) if org.as_ref().is_some_and(|o| o.id != org_id) => {
                    let o = org.as_ref().map_or("", |o| o.code.as_str());
                    Some(msg!(
                        "该人员属于机构 {code},不在 {o} 的范围内",
                        "the member belongs to {code}, outside {o}"
                    ))
                }
                Some((id, name, _, state, ..)) => {
                    found.push((
                        id,
                        id_number.clone(),
                        name,
                        state.unwrap_or_else(|| REGISTRATION_PENDING.to_owned()),
                    ));
                    None
                }
            };
            if let Some(message) = message {
                report.errors.push(ReviewError { id_number, message });
            }
        }
    }
    let after = decision.state();
    let change = Change::begin(&tx, who)?;
    let mut changed = 0;
    for (id, id_number, name, before) in found {
        let outcome = if before == after {
            Outcome::Unchanged
        } else {
            tx.prepare_cached("UPDATE account SET registration = ?2 WHERE id = ?1")?
                .execute(params![id, after])?;
            change.log(
                &tx,
                &Item {
                    subject: &id_number,
                    entity: "account",
                    action: decision.action(),
                    field: Some("注册状态"),
                    before: Some(&before),
                    after: Some(after),
                    note: reason.as_deref(),
                },
            )?;
            changed += 1;
            Outcome::Changed
        };
        report.reviewed.push(Reviewed {
            id_number,
            name,
            before,
            after: after.to_owned(),
            outcome,
        });
    }
    if changed > 0 {
        tx.commit()?;
    }
    Ok(report)
}
