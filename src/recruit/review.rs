//! `recruit review`: a base approves applications (审核通过, within the
//! plan's places unless overridden) or returns them (退回, with the reason
//! the applicant reads), on the shared review routine.

use std::collections::HashMap;

use crate::db::sql::{Connection, OptionalExtension, params};

use super::batch::{self, Batch};
use super::{ApplicationState, Base, Now, find_base};
use crate::error::{Error, Result};
use crate::history::{Change, Who};
use crate::i18n::Msg;
use crate::msg;
use crate::rules::text::identifier;
use crate::state::State;
use crate::state::review::{self, Decision, Decisions, Key, Refused, Reviewable, Subject};

/// Applications under review (or cancellation): how their state is stored.
pub(super) struct Applications;

impl Reviewable for Applications {
    type State = ApplicationState;
    type Extra = ();
    const ENTITY: &'static str = "application";

    fn set(
        &self,
        tx: &Connection,
        change: &Change,
        subject: &Subject<ApplicationState>,
        to: ApplicationState,
        reason: Option<&str>,
    ) -> Result<()> {
        tx.prepare_cached(
            "UPDATE recruit_application SET state = ?2, reason = ?3, state_change = ?4 WHERE id = ?1",
        )?
        .execute(params![subject.id, to, reason, change.id])?;
        Ok(())
    }

    fn refuse(&self, subject: &Subject<ApplicationState>, to: ApplicationState) -> Msg {
        use ApplicationState::*;
        match (subject.state, to) {
            (Returned | Cancelled, Approved) => {
                let state = subject.state.label();
                msg!(
                    "报名状态为“{state}”:须由报名人员重新提交后才能审核",
                    "the application is {state}: it is reviewed once the applicant submits it again"
                )
            }
            (Approved | Admitted, Cancelled) => {
                let state = subject.state.label();
                msg!(
                    "报名状态为“{state}”:审核通过后不能取消报名",
                    "the application is {state}: an approved application cannot be cancelled"
                )
            }
            (from, to) => from.refuse_move(to),
        }
    }
}

/// One application as found for a review or a cancellation.
pub(super) struct Found {
    pub id: i64,
    pub id_number: String,
    pub name: String,
    pub state: ApplicationState,
    pub org_id: i64,
    pub org_code: String,
    pub specialty: String,
}

pub(super) const FOUND_SELECT: &str = "SELECT p.id, a.id_number, a.name, p.state, p.org_id, o.code, p.specialty
     FROM recruit_application p JOIN account a ON a.id = p.account_id JOIN org o ON o.id = p.org_id";

pub(super) fn found_from_row(r: &crate::db::sql::Row<'_>) -> crate::db::sql::Result<Found> {
    Ok(Found {
        id: r.get(0)?,
        id_number: r.get(1)?,
        name: r.get(2)?,
        state: r.get(3)?,
        org_id: r.get(4)?,
        org_code: r.get(5)?,
        specialty: r.get(6)?,
    })
}

/// The application of a person in a batch, or why there is none.
pub(super) fn of_person(
    tx: &Connection,
    id_number: &str,
    batch: &Batch,
) -> Result<std::result::Result<Found, Msg>> {
    // Simple lookups one after the other: a cached statement joining the
    // tables would be prepared again at every use (see account::find).
    let Some(person) = crate::account::find(tx, id_number)? else {
        return Ok(Err(crate::account::no_account_msg(id_number)));
    };
    let found = tx
        .prepare_cached(
            "SELECT id, state, org_id, specialty FROM recruit_application
             WHERE account_id = ?1 AND batch_id = ?2",
        )?
        .query_row(params![person.id, batch.id], |r| {
            Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?))
        })
        .optional()?;
    let Some((id, state, org_id, specialty)) = found else {
        let label = batch.label();
        return Ok(Err(msg!(
            "{id_number} 在 {label} 没有报名",
            "{id_number} has no application in {label}"
        )));
    };
    let org_code: String = tx
        .prepare_cached("SELECT code FROM org WHERE id = ?1")?
        .query_row([org_id], |r| r.get(0))?;
    Ok(Ok(Found {
        id,
        id_number: id_number.to_owned(),
        name: person.name,
        state,
        org_id,
        org_code,
        specialty,
    }))
}

fn subject(f: Found, batch: &Batch, note: Option<String>) -> Subject<ApplicationState> {
    let what = format!("{} {} {}", batch.label(), f.org_code, f.specialty);
    Subject {
        key: Key::Person(f.id_number.clone()),
        id: f.id,
        id_number: f.id_number,
        name: f.name,
        state: f.state,
        note: Some(match note {
            Some(n) => format!("{what} {n}"),
            None => what,
        }),
        extra: (),
    }
}

/// Whose applications a base reviews.
#[derive(Debug, Clone)]
pub struct Target {
    /// The reviewing base.
    pub org: String,
    pub batch: Option<String>,
    /// ID numbers; none with `all`.
    pub ids: Vec<String>,
    /// Every 已提交 application to the base in the batch.
    pub all: bool,
    /// Approve beyond the plan's places (the decision is logged with it).
    pub override_places: bool,
    pub now: Now,
}

/// Approves or returns applications to one base. Approvals beyond the
/// plan's places are refused, in the order named (or submitted, with
/// `all`), unless `override_places`, which the change log records.
pub fn review(
    conn: &mut Connection,
    target: &Target,
    decision: &Decision<ApplicationState>,
    who: &Who,
) -> Result<Decisions<ApplicationState>> {
    if !matches!(
        decision.to,
        ApplicationState::Approved | ApplicationState::Returned
    ) {
        return Err(Error::Usage(msg!(
            "审核只能改为“审核通过”或“退回”",
            "a review approves or returns"
        )));
    }
    let base = find_base(conn, &target.org)?;
    let batch = batch::resolve(conn, target.batch.as_deref(), target.now)?;
    review::run(conn, who, &Applications, decision, |tx| {
        select(tx, target, &base, &batch, decision.to)
    })
}

fn select(
    tx: &Connection,
    target: &Target,
    base: &Base,
    batch: &Batch,
    to: ApplicationState,
) -> Result<Vec<std::result::Result<Subject<ApplicationState>, Refused>>> {
    let mut found: Vec<std::result::Result<Found, Refused>> = Vec::new();
    if target.all {
        let mut stmt = tx.prepare(&format!(
            "{FOUND_SELECT} WHERE p.batch_id = ?1 AND p.org_id = ?2 AND p.state = ?3
             ORDER BY p.submitted_at, p.id"
        ))?;
        let rows = stmt.query_map(
            params![batch.id, base.id, ApplicationState::Submitted],
            found_from_row,
        )?;
        for row in rows {
            found.push(Ok(row?));
        }
    } else {
        if target.ids.is_empty() {
            return Err(Error::Usage(msg!(
                "请给出证件号码,或用 --all 审核本基地全部已提交的报名",
                "give ID numbers, or --all for every submitted application to the base"
            )));
        }
        // Many people named (a file): the base's applications in the batch,
        // read at once; anyone else is looked up for the reason.
        let mut ours: HashMap<String, Found> = HashMap::new();
        if target.ids.len() > PRELOAD_FROM {
            let mut stmt = tx.prepare(&format!(
                "{FOUND_SELECT} WHERE p.batch_id = ?1 AND p.org_id = ?2"
            ))?;
            for row in stmt.query_map(params![batch.id, base.id], found_from_row)? {
                let f = row?;
                ours.insert(f.id_number.clone(), f);
            }
        }
        let mut seen = std::collections::HashSet::new();
        for raw in &target.ids {
            let id_number = identifier(raw);
            if !seen.insert(id_number.clone()) {
                continue;
            }
            let key = Key::Person(id_number.clone());
            let one = match ours.remove(&id_number) {
                Some(f) => Ok(f),
                None => of_person(tx, &id_number, batch)?,
            };
            found.push(match one {
                Err(message) => Err(Refused { key, message }),
                Ok(f) if f.org_id != base.id => {
                    let (other, code) = (&f.org_code, &base.code);
                    Err(Refused {
                        key,
                        message: msg!(
                            "此人报名的是 {other},不在 {code} 的范围内",
                            "the application is to {other}, outside {code}"
                        ),
                    })
                }
                Ok(f) => Ok(f),
            });
        }
    }
    let mut places = Places::load(tx, batch, base)?;
    let mut out = Vec::with_capacity(found.len());
    for f in found {
        let f = match f {
            Ok(f) => f,
            Err(r) => {
                out.push(Err(r));
                continue;
            }
        };
        let mut note = None;
        if to == ApplicationState::Approved && f.state.can_become(to) {
            let (plan, taken) = places.take(&f.specialty);
            if taken > plan {
                if !target.override_places {
                    let (code, spec, label) = (&base.code, &f.specialty, batch.label());
                    out.push(Err(Refused {
                        key: Key::Person(f.id_number),
                        message: msg!(
                            "{code} {spec} 在 {label} 的计划人数为 {plan},已满;确需超出请加 --override",
                            "{code} has {plan} places for {spec} in {label}, all taken; --override approves beyond them"
                        ),
                    }));
                    places.give_back(&f.specialty);
                    continue;
                }
                note = Some(format!("--override: 超出计划人数 {plan}(第 {taken} 人)"));
            }
        }
        out.push(Ok(subject(f, batch, note)));
    }
    Ok(out)
}

/// Above this many ID numbers, the base's applications are read at once.
const PRELOAD_FROM: usize = 64;

/// The places of a base's plans in a batch and how many are taken, as
/// approvals go.
struct Places {
    /// specialty → (places, taken)
    plans: HashMap<String, (i64, i64)>,
}

impl Places {
    fn load(tx: &Connection, batch: &Batch, base: &Base) -> Result<Places> {
        let mut plans: HashMap<String, (i64, i64)> = HashMap::new();
        let mut stmt = tx.prepare(
            "SELECT specialty, places FROM recruit_plan WHERE batch_id = ?1 AND org_id = ?2",
        )?;
        for row in stmt.query_map(params![batch.id, base.id], |r| {
            Ok((r.get::<_, String>(0)?, r.get::<_, i64>(1)?))
        })? {
            let (s, p) = row?;
            plans.insert(s, (p, 0));
        }
        let taking = [ApplicationState::Approved, ApplicationState::Admitted];
        let mut stmt = tx.prepare(&format!(
            "SELECT specialty, count(*) FROM recruit_application
             WHERE batch_id = ?1 AND org_id = ?2 AND state IN ({}) GROUP BY specialty",
            ApplicationState::sql_list(&taking)
        ))?;
        for row in stmt.query_map(params![batch.id, base.id], |r| {
            Ok((r.get::<_, String>(0)?, r.get::<_, i64>(1)?))
        })? {
            let (s, n) = row?;
            plans.entry(s).or_insert((0, 0)).1 = n;
        }
        Ok(Places { plans })
    }

    /// Takes a place: (places, taken with this one).
    fn take(&mut self, specialty: &str) -> (i64, i64) {
        let e = self.plans.entry(specialty.to_owned()).or_insert((0, 0));
        e.1 += 1;
        *e
    }

    fn give_back(&mut self, specialty: &str) {
        if let Some(e) = self.plans.get_mut(specialty) {
            e.1 -= 1;
        }
    }
}
