//! The teaching office's decision on each teacher for a year (教学部审核聘任):
//! 推荐 or 不推荐, on the shared review routine. Recommending a teacher who
//! is not eligible at 1 January of the year is refused unless the office
//! overrides it with a reason, which the decision and the change log keep
//! (docs/domain.md#recommendation).

use std::collections::HashMap;
use std::path::PathBuf;

use crate::db::sql::{Connection, OptionalExtension, params};
use chrono::NaiveDate;

use super::eligibility::{Pool, reasons_text};
use crate::account::{self, Role};
use crate::error::{Error, Result};
use crate::history::{Change, Who};
use crate::i18n::{Lang, Msg};
use crate::msg;
use crate::org::Org;
use crate::rules::text::identifier;
use crate::state::review::{self, Decision, Decisions, Key, Refused, Reviewable, Subject};
use crate::states;

states! {
    /// 推荐状态 of a teacher for a year. A teacher nobody has decided on
    /// is 待审核; 推荐 and 不推荐 may be reversed, 不推荐 with a reason.
    pub enum Appointment: "推荐状态" {
        Pending = "待审核", "pending" ["待推荐", "未推荐"] => [Recommended, NotRecommended];
        Recommended = "推荐", "recommended" ["推荐聘任", "聘任"] => [NotRecommended];
        NotRecommended = "不推荐", "not-recommended" ["不予推荐"] => [Recommended] (reason);
    }
}

/// What `teacher review` is asked to do.
#[derive(Debug, Clone)]
pub struct ReviewOptions {
    /// ID numbers as typed.
    pub ids: Vec<String>,
    /// A list of ID numbers (a spreadsheet with 证件号码, or one per line).
    pub file: Option<PathBuf>,
    /// Only teachers of this organisation.
    pub org: Option<String>,
    pub year: i32,
    /// Recommend teachers who are not eligible, for the reason given.
    pub override_ineligible: bool,
}

/// What the review carries about each teacher.
#[derive(Debug, Clone)]
pub struct Extra {
    pub org_id: i64,
    /// Why the teacher is not eligible, when recommended by override.
    pub overridden: Option<String>,
}

struct Appointments {
    year: i32,
}

impl Reviewable for Appointments {
    type State = Appointment;
    type Extra = Extra;
    const ENTITY: &'static str = "teacher";

    fn set(
        &self,
        tx: &Connection,
        change: &Change,
        subject: &Subject<Appointment, Extra>,
        to: Appointment,
        reason: Option<&str>,
    ) -> Result<()> {
        let overridden = subject.extra.overridden.as_ref().and(reason);
        tx.prepare_cached(
            "INSERT INTO teacher_appointment (org_id, year, account_id, status, reason, override, change_id)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)
             ON CONFLICT (org_id, year, account_id) DO UPDATE SET
                 status = excluded.status, reason = excluded.reason,
                 override = excluded.override, change_id = excluded.change_id",
        )?
        .execute(params![
            subject.extra.org_id,
            self.year,
            subject.id,
            to,
            reason,
            overridden,
            change.id
        ])?;
        Ok(())
    }
}

/// A teacher's decision for a year at an organisation; 待审核 without one.
pub fn state_of(conn: &Connection, org_id: i64, year: i32, account_id: i64) -> Result<Appointment> {
    Ok(conn
        .prepare_cached(
            "SELECT status FROM teacher_appointment
             WHERE org_id = ?1 AND year = ?2 AND account_id = ?3",
        )?
        .query_row(params![org_id, year, account_id], |r| r.get(0))
        .optional()?
        .unwrap_or(Appointment::Pending))
}

/// Records 推荐 or 不推荐 for the year. Each teacher named is reviewed on
/// their own: one who cannot be (no teacher, another organisation, not
/// eligible without `--override`) is refused with why, and the others are
/// decided.
pub fn review(
    conn: &mut Connection,
    opts: &ReviewOptions,
    decision: &Decision<Appointment>,
    who: &Who,
) -> Result<Decisions<Appointment, Extra>> {
    if opts.override_ineligible && decision.reason.is_none() {
        return Err(Error::Usage(msg!(
            "--override 须用 --reason 说明理由",
            "--override needs a --reason"
        )));
    }
    if opts.override_ineligible && decision.to != Appointment::Recommended {
        return Err(Error::Usage(msg!(
            "--override 只用于推荐",
            "--override goes with --recommend only"
        )));
    }
    let mut ids: Vec<String> = opts.ids.iter().map(|s| identifier(s)).collect();
    if let Some(f) = &opts.file {
        ids.extend(account::read_id_list(f)?.iter().map(|s| identifier(s)));
    }
    let mut seen = std::collections::HashSet::new();
    ids.retain(|i| !i.is_empty() && seen.insert(i.clone()));
    if ids.is_empty() {
        return Err(Error::Usage(msg!(
            "请给出师资的证件号码(或用 --file 给出名单)",
            "give the teachers' ID numbers (or a list with --file)"
        )));
    }
    let org = match &opts.org {
        Some(code) => Some(crate::org::find_kind(
            conn,
            code,
            crate::org::OrgKind::Base,
        )?),
        None => None,
    };
    let as_of = super::new_year(opts.year)?;
    let kind = Appointments { year: opts.year };
    review::run(conn, who, &kind, decision, |tx| {
        // The teachers' pools, loaded once per organisation.
        let mut pools: HashMap<i64, Pool> = HashMap::new();
        let mut found = Vec::with_capacity(ids.len());
        for id_number in &ids {
            found.push(select(
                tx,
                id_number,
                org.as_ref(),
                opts,
                decision.to,
                as_of,
                &mut pools,
            )?);
        }
        Ok(found)
    })
}

fn select(
    tx: &Connection,
    id_number: &str,
    org: Option<&Org>,
    opts: &ReviewOptions,
    to: Appointment,
    as_of: NaiveDate,
    pools: &mut HashMap<i64, Pool>,
) -> Result<std::result::Result<Subject<Appointment, Extra>, Refused>> {
    let refuse = |message: Msg| {
        Ok(Err(Refused {
            key: Key::Person(id_number.to_owned()),
            message,
        }))
    };
    let found = account::find(tx, id_number)?;
    let f = match (found, org) {
        (Some(f), None) if f.role == Role::Teacher => f,
        (Some(f), Some(o)) if f.role == Role::Teacher && f.org_id == o.id => f,
        (other, Some(o)) => return refuse(super::not_a_teacher(id_number, other.as_ref(), o)),
        (None, None) => return refuse(account::no_account_msg(id_number)),
        (Some(f), None) => {
            let role = f.role.label();
            return refuse(msg!(
                "{id_number} 是{role}账号,不是师资",
                "{id_number} is a {role} account, not a teacher"
            ));
        }
    };
    let year = opts.year;
    let state = state_of(tx, f.org_id, year, f.id)?;
    let mut extra = Extra {
        org_id: f.org_id,
        overridden: None,
    };
    let mut note = format!("{year} 年度");
    if to == Appointment::Recommended && state != Appointment::Recommended {
        let pool = match pools.entry(f.org_id) {
            std::collections::hash_map::Entry::Occupied(e) => e.into_mut(),
            std::collections::hash_map::Entry::Vacant(e) => e.insert(Pool::load(tx, f.org_id)?),
        };
        if let Some(i) = pool.index_of(f.id) {
            let verdict = pool.judge(i, as_of);
            if !verdict.eligible {
                if !opts.override_ineligible {
                    let (zh, en) = (
                        reasons_text(&verdict, Lang::Zh),
                        reasons_text(&verdict, Lang::En),
                    );
                    return refuse(Msg::new(
                        format!(
                            "{as_of} 不符合师资条件({zh});如确需推荐,请加 --override 并用 --reason 说明理由"
                        ),
                        format!(
                            "not eligible at {as_of} ({en}); to recommend all the same, add --override with a --reason"
                        ),
                    ));
                }
                let why = reasons_text(&verdict, Lang::Zh);
                note = format!("{note};破格推荐(--override),{as_of} 不符合:{why}");
                extra.overridden = Some(why);
            }
        }
    }
    Ok(Ok(Subject {
        key: Key::Person(id_number.to_owned()),
        id: f.id,
        id_number: id_number.to_owned(),
        name: f.name,
        state,
        note: Some(note),
        extra,
    }))
}
