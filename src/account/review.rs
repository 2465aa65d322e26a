//! The unit's review of CME members' registrations (单位审核): 单位待审 →
//! 单位审核通过 or 单位审核不过. Only approved members may log in, and only
//! they are checked against credit standards
//! (docs/domain.md#registration-review).

use crate::db::sql::{Connection, OptionalExtension, params};

use super::Role;
use crate::error::{Error, Result};
use crate::history::{Change, Who};
use crate::msg;
use crate::rules::text::identifier;
use crate::state::review::{self, Decision, Decisions, Key, Refused, Reviewable, Subject};
use crate::states;

states! {
    /// 注册状态 of a CME member's account.
    pub enum Registration: "注册状态" {
        /// A new registration, waiting for the unit.
        Pending = "单位待审", "pending" ["待审"] => [Approved, Rejected];
        /// Refused by the unit; the member corrects it and is reviewed again.
        Rejected = "单位审核不过", "rejected" ["审核不过"] => [Approved] (reason);
        /// Approved by the unit: the member may log in and is counted.
        Approved = "单位审核通过", "approved" ["审核通过"] => [Rejected];
    }
}

/// Whose registrations to review: ID numbers, or with none, every
/// 单位待审 member of an organisation.
#[derive(Debug, Clone, Default)]
pub struct Target {
    pub ids: Vec<String>,
    pub org: Option<String>,
}

struct Registrations;

impl Reviewable for Registrations {
    type State = Registration;
    type Extra = ();
    const ENTITY: &'static str = "account";

    fn set(
        &self,
        tx: &Connection,
        _change: &Change,
        subject: &Subject<Registration>,
        to: Registration,
        _reason: Option<&str>,
    ) -> Result<()> {
        tx.prepare_cached("UPDATE account SET registration = ?2 WHERE id = ?1")?
            .execute(params![subject.id, to])?;
        Ok(())
    }
}

/// Approves or rejects registrations, recording each change with the
/// reason (a rejection needs one: the member reads it to correct their
/// registration).
pub fn review(
    conn: &mut Connection,
    target: &Target,
    decision: &Decision<Registration>,
    who: &Who,
) -> Result<Decisions<Registration>> {
    review::run(conn, who, &Registrations, decision, |tx| select(tx, target))
}

fn select(tx: &Connection, target: &Target) -> Result<Vec<Result<Subject<Registration>, Refused>>> {
    let org = match &target.org {
        Some(code) => Some(crate::org::find_kind(tx, code, crate::org::OrgKind::Cme)?),
        None => None,
    };
    let mut found = Vec::new();
    if target.ids.is_empty() {
        let Some(org) = &org else {
            return Err(Error::Usage(msg!(
                "请给出证件号码,或用 --org 审核该机构全部待审人员",
                "give ID numbers, or --org for all pending members of an organisation"
            )));
        };
        let mut stmt = tx.prepare(
            "SELECT id, id_number, name FROM account
             WHERE org_id = ?1 AND role = 'member' AND registration = ?2 ORDER BY id_number",
        )?;
        let rows = stmt.query_map(params![org.id, Registration::Pending], |r| {
            Ok(Subject {
                key: Key::Person(r.get(1)?),
                id: r.get(0)?,
                id_number: r.get(1)?,
                name: r.get(2)?,
                state: Registration::Pending,
                note: None,
                extra: (),
            })
        })?;
        for row in rows {
            found.push(Ok(row?));
        }
        return Ok(found);
    }
    let mut stmt = tx.prepare(
        "SELECT a.id, a.name, a.role, a.registration, coalesce(a.org_id, 0), coalesce(o.code, '')
         FROM account a LEFT JOIN org o ON o.id = a.org_id WHERE a.id_number = ?1",
    )?;
    let mut seen = std::collections::HashSet::new();
    for raw in &target.ids {
        let id_number = identifier(raw);
        if !seen.insert(id_number.clone()) {
            continue;
        }
        type Row = (i64, String, String, Option<Registration>, i64, String);
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
        let key = Key::Person(id_number.clone());
        found.push(match row {
            None => Err(Refused {
                key,
                message: msg!("没有这个账号", "no such account"),
            }),
            Some((_, _, role, ..)) if role != Role::Member.key() => {
                let role = Role::from_key(&role).map_or("?", Role::label);
                Err(Refused {
                    key,
                    message: msg!(
                        "这是{role}账号,不是继教人员,无需单位审核",
                        "this is a {role} account, not a CME member; it has no registration to review"
                    ),
                })
            }
            Some((.., org_id, ref code)) if org.as_ref().is_some_and(|o| o.id != org_id) => {
                let o = org.as_ref().map_or("", |o| o.code.as_str());
                Err(Refused {
                    key,
                    message: msg!(
                        "该人员属于机构 {code},不在 {o} 的范围内",
                        "the member belongs to {code}, outside {o}"
                    ),
                })
            }
            Some((id, name, _, state, ..)) => Ok(Subject {
                key,
                id,
                id_number,
                name,
                state: state.unwrap_or(Registration::Pending),
                note: None,
                extra: (),
            }),
        });
    }
    Ok(found)
}
