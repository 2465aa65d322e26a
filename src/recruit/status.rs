//! `recruit status`: one applicant's application with its history, or
//! each base's plans with their applications counted by state.

use std::collections::BTreeMap;

use crate::db::sql::{Connection, OptionalExtension, params};
use serde::Serialize;

use super::batch::{self, Batch};
use super::{ApplicationState, Now};
use crate::error::Result;
use crate::history::Event;
use crate::i18n::Msg;
use crate::msg;
use crate::rules::text::identifier;
use crate::state::State;

/// One applicant's application (`recruit status ID`).
#[derive(Debug, Clone, Serialize)]
pub struct ApplicationView {
    pub id_number: String,
    pub name: String,
    pub state: ApplicationState,
    pub org: String,
    pub org_name: String,
    pub specialty: String,
    /// `2025 第一批`.
    pub batch: String,
    pub year: i32,
    /// The reason of the last review (a return's).
    pub reason: Option<String>,
    pub submitted_at: String,
    /// Every application event of the person, oldest first.
    pub history: Vec<Event>,
}

/// The person's application in the batch named, else their latest; or why
/// there is none.
pub fn of_person(
    conn: &Connection,
    id_number: &str,
    batch: Option<&str>,
    now: Now,
) -> Result<std::result::Result<ApplicationView, Msg>> {
    let id_number = identifier(id_number);
    let batch = match batch {
        Some(raw) => Some(batch::resolve(conn, Some(raw), now)?),
        None => None,
    };
    let found = conn
        .query_row(
            "SELECT a.name, p.state, o.code, o.name, p.specialty, b.year, b.name, p.reason,
                    p.submitted_at
             FROM recruit_application p JOIN account a ON a.id = p.account_id
             JOIN org o ON o.id = p.org_id JOIN recruit_batch b ON b.id = p.batch_id
             WHERE a.id_number = ?1 AND (?2 IS NULL OR p.batch_id = ?2)
             ORDER BY b.opens DESC LIMIT 1",
            params![id_number, batch.as_ref().map(|b| b.id)],
            |r| {
                Ok(ApplicationView {
                    id_number: id_number.clone(),
                    name: r.get(0)?,
                    state: r.get(1)?,
                    org: r.get(2)?,
                    org_name: r.get(3)?,
                    specialty: r.get(4)?,
                    year: r.get(5)?,
                    batch: format!("{} {}", r.get::<_, i32>(5)?, r.get::<_, String>(6)?),
                    reason: r.get(7)?,
                    submitted_at: r.get(8)?,
                    history: Vec::new(),
                })
            },
        )
        .optional()?;
    let Some(mut view) = found else {
        if crate::account::find(conn, &id_number)?.is_none() {
            return Ok(Err(crate::account::no_account_msg(&id_number)));
        }
        return Ok(Err(match &batch {
            Some(b) => {
                let label = b.label();
                msg!(
                    "{id_number} 在 {label} 没有报名",
                    "{id_number} has no application in {label}"
                )
            }
            None => msg!("{id_number} 没有报名", "{id_number} has no application"),
        }));
    };
    view.history = history(conn, &id_number)?;
    Ok(Ok(view))
}

/// A person's application events, oldest first: each application made
/// (from the change that created it) and each logged move.
fn history(conn: &Connection, id_number: &str) -> Result<Vec<Event>> {
    let mut stmt = conn.prepare(&format!(
        "SELECT s.id, s.at, {who}, s.command, 'application', 'apply', ?2, NULL, ?3,
                b.year || ' ' || b.name, 0
         FROM recruit_application p JOIN account a ON a.id = p.account_id
         JOIN recruit_batch b ON b.id = p.batch_id JOIN change_set s ON s.id = p.created_change
         WHERE a.id_number = ?1
         UNION ALL
         SELECT s.id, s.at, {who}, s.command, i.entity, i.action, i.field, i.before, i.after,
                i.note, 1 + i.id
         FROM change_item i JOIN change_set s ON s.id = i.change_id
         WHERE i.subject = ?1 AND i.entity = 'application'
         ORDER BY 1, 11",
        who = crate::history::who_sql("s")
    ))?;
    let rows = stmt.query_map(
        params![
            id_number,
            ApplicationState::FIELD,
            ApplicationState::Submitted
        ],
        |r| {
            Ok(Event {
                change: r.get(0)?,
                at: r.get(1)?,
                actor: r.get(2)?,
                command: r.get(3)?,
                entity: r.get(4)?,
                action: r.get(5)?,
                field: r.get(6)?,
                before: r.get(7)?,
                after: r.get(8)?,
                note: r.get(9)?,
            })
        },
    )?;
    Ok(rows.collect::<crate::db::sql::Result<_>>()?)
}

/// A base's plan for one specialty in a batch, with its applications
/// counted (`recruit status`).
#[derive(Debug, Clone, Default, Serialize, PartialEq, Eq)]
pub struct PlanStatus {
    pub org: String,
    pub org_name: String,
    pub specialty: String,
    pub batch: String,
    /// 计划人数.
    pub places: i64,
    /// Applications to the base and specialty, in any state.
    pub applied: i64,
    /// 已提交: awaiting review.
    pub submitted: i64,
    /// 审核通过, admitted or not: the places taken.
    pub approved: i64,
    /// 已录取 (counted in `approved` too).
    pub admitted: i64,
    pub returned: i64,
    pub cancelled: i64,
}

/// Every plan of the batch (of one base, if given), with its applications.
pub fn by_plan(
    conn: &Connection,
    org: Option<&str>,
    batch: Option<&str>,
    now: Now,
) -> Result<(Batch, Vec<PlanStatus>)> {
    let org_id = match org {
        Some(code) => Some(super::find_base(conn, code)?.id),
        None => None,
    };
    let batch = batch::resolve(conn, batch, now)?;
    let label = batch.label();
    let mut plans: BTreeMap<(String, String), PlanStatus> = BTreeMap::new();
    let mut stmt = conn.prepare(
        "SELECT o.code, o.name, p.specialty, p.places FROM recruit_plan p JOIN org o ON o.id = p.org_id
         WHERE p.batch_id = ?1 AND (?2 IS NULL OR p.org_id = ?2)",
    )?;
    let rows = stmt.query_map(params![batch.id, org_id], |r| {
        Ok((
            r.get::<_, String>(0)?,
            r.get::<_, String>(1)?,
            r.get::<_, String>(2)?,
            r.get::<_, i64>(3)?,
        ))
    })?;
    for row in rows {
        let (code, name, specialty, places) = row?;
        plans.insert(
            (code.clone(), specialty.clone()),
            PlanStatus {
                org: code,
                org_name: name,
                specialty,
                batch: label.clone(),
                places,
                ..PlanStatus::default()
            },
        );
    }
    let mut stmt = conn.prepare(
        "SELECT o.code, o.name, p.specialty, p.state, count(*)
         FROM recruit_application p JOIN org o ON o.id = p.org_id
         WHERE p.batch_id = ?1 AND (?2 IS NULL OR p.org_id = ?2)
         GROUP BY o.id, p.specialty, p.state",
    )?;
    let rows = stmt.query_map(params![batch.id, org_id], |r| {
        Ok((
            r.get::<_, String>(0)?,
            r.get::<_, String>(1)?,
            r.get::<_, String>(2)?,
            r.get::<_, ApplicationState>(3)?,
            r.get::<_, i64>(4)?,
        ))
    })?;
    for row in rows {
        let (code, name, specialty, state, n) = row?;
        let p = plans
            .entry((code.clone(), specialty.clone()))
            .or_insert_with(|| PlanStatus {
                org: code,
                org_name: name,
                specialty,
                batch: label.clone(),
                ..PlanStatus::default()
            });
        p.applied += n;
        match state {
            ApplicationState::Submitted => p.submitted += n,
            ApplicationState::Approved => p.approved += n,
            ApplicationState::Admitted => {
                p.approved += n;
                p.admitted += n;
            }
            ApplicationState::Returned => p.returned += n,
            ApplicationState::Cancelled => p.cancelled += n,
        }
    }
    Ok((batch, plans.into_values().collect()))
}
