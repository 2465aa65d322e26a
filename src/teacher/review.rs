//! The teaching office's decision on each teacher's application for a year
//! (教学部审核聘任): 推荐 or 不推荐, on the shared review routine, which also
//! records the application itself (see [`super::application`]).
//! Recommending a teacher who is not eligible at 1 January of the year is
//! refused unless the office overrides it with a reason, which the decision
//! and the change log keep (docs/domain.md#recommendation).

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
use crate::state::State;
use crate::state::review::{self, Decision, Decisions, Key, Refused, Reviewable, Subject};
use crate::states;

states! {
    /// 推荐状态 of a teacher for a year: 未报名 until they apply (师资报名申请),
    /// 已提交 until the teaching office decides, then 推荐 or 不推荐 (with a
    /// reason), which may be reversed. Only decisions are stored as a
    /// state (teacher_appointment); 已提交 is an application without one.
    pub enum Appointment: "推荐状态" {
        NotApplied = "未报名", "not-applied" ["未申请", "未提交"] => [Submitted];
        Submitted = "已提交", "submitted" ["待审核", "待推荐", "已报名"] => [Recommended, NotRecommended];
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
    /// The year decided on; with `batch`, the batch's.
    pub year: Option<i32>,
    /// Only applications in this batch (报名批次).
    pub batch: Option<String>,
    /// Recommend teachers who are not eligible, for the reason given.
    pub override_ineligible: bool,
}

/// What the review carries about each teacher.
#[derive(Debug, Clone)]
pub struct Extra {
    pub org_id: i64,
    /// Why the teacher is not eligible, when recommended by override.
    pub overridden: Option<String>,
    /// The batch applied in, when an application is being made.
    pub batch_id: Option<i64>,
}

/// Applications and decisions of one year, on the shared review routine.
pub(super) struct Appointments {
    pub(super) year: i32,
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
        if to == Appointment::Submitted {
            tx.prepare_cached(
                "INSERT INTO teacher_application (org_id, year, account_id, batch_id, created_change)
                 VALUES (?1, ?2, ?3, ?4, ?5)",
            )?
            .execute(params![
                subject.extra.org_id,
                self.year,
                subject.id,
                subject.extra.batch_id,
                change.id
            ])?;
            return Ok(());
        }
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

    fn refuse(&self, subject: &Subject<Appointment, Extra>, to: Appointment) -> Msg {
        let (id, year, state) = (&subject.id_number, self.year, subject.state.label());
        match (subject.state, to) {
            (Appointment::NotApplied, _) => msg!(
                "{id} 没有 {year} 年度的师资报名申请(未报名),不能推荐或不推荐;请先用 meded teacher apply 报名",
                "{id} has not applied for {year} (未报名), so cannot be decided on; apply first with meded teacher apply"
            ),
            (_, Appointment::Submitted) => msg!(
                "{id} 的 {year} 年度申请已有结果({state}),不能再报名;结果可用 meded teacher review 改变",
                "{id} has been decided on for {year} ({state}) and cannot apply again; meded teacher review changes the decision"
            ),
            _ => subject.state.refuse_move(to),
        }
    }
}

/// A teacher's application for a year at an organisation: the batch's id
/// and name, if they applied.
pub fn application_of(
    conn: &Connection,
    org_id: i64,
    year: i32,
    account_id: i64,
) -> Result<Option<(i64, String)>> {
    Ok(conn
        .prepare_cached(
            "SELECT b.id, b.name FROM teacher_application p
             JOIN teacher_batch b ON b.id = p.batch_id
             WHERE p.org_id = ?1 AND p.year = ?2 AND p.account_id = ?3",
        )?
        .query_row(params![org_id, year, account_id], |r| {
            Ok((r.get(0)?, r.get(1)?))
        })
        .optional()?)
}

/// A teacher's 推荐状态 for a year at an organisation: the decision if
/// there is one (also one recorded before applications existed), else
/// 已提交 with an application, else 未报名.
pub fn state_of(conn: &Connection, org_id: i64, year: i32, account_id: i64) -> Result<Appointment> {
    let decided: Option<Appointment> = conn
        .prepare_cached(
            "SELECT status FROM teacher_appointment
             WHERE org_id = ?1 AND year = ?2 AND account_id = ?3",
        )?
        .query_row(params![org_id, year, account_id], |r| r.get(0))
        .optional()?;
    Ok(match decided {
        Some(s) => s,
        None if application_of(conn, org_id, year, account_id)?.is_some() => Appointment::Submitted,
        None => Appointment::NotApplied,
    })
}

/// The ID numbers a command names, as typed and in `--file`: normalised,
/// each once, in order; a usage error when there are none.
pub fn named_ids(ids: &[String], file: Option<&std::path::Path>) -> Result<Vec<String>> {
    let mut all: Vec<String> = ids.iter().map(|s| identifier(s)).collect();
    if let Some(f) = file {
        all.extend(account::read_id_list(f)?.iter().map(|s| identifier(s)));
    }
    let mut seen = std::collections::HashSet::new();
    all.retain(|i| !i.is_empty() && seen.insert(i.clone()));
    if all.is_empty() {
        return Err(Error::Usage(msg!(
            "请给出师资的证件号码(或用 --file 给出名单)",
            "give the teachers' ID numbers (or a list with --file)"
        )));
    }
    Ok(all)
}

/// The teacher an ID number names — of `org` when one is given — or why
/// it names none.
pub fn teacher_named(
    conn: &Connection,
    id_number: &str,
    org: Option<&Org>,
) -> Result<std::result::Result<account::Found, Msg>> {
    let found = account::find(conn, id_number)?;
    Ok(match (found, org) {
        (Some(f), None) if f.role == Role::Teacher => Ok(f),
        (Some(f), Some(o)) if f.role == Role::Teacher && f.org_id == o.id => Ok(f),
        (other, Some(o)) => Err(super::not_a_teacher(id_number, other.as_ref(), o)),
        (None, None) => Err(account::no_account_msg(id_number)),
        (Some(f), None) => {
            let role = f.role.label();
            Err(msg!(
                "{id_number} 是{role}账号,不是师资",
                "{id_number} is a {role} account, not a teacher"
            ))
        }
    })
}

/// The year a review or list is about: `--year`, or the batch's year.
pub fn year_of(
    conn: &Connection,
    year: Option<i32>,
    batch: Option<&str>,
) -> Result<(i32, Option<super::batch::Batch>)> {
    let batch = batch
        .map(|b| super::batch::find_batch(conn, b))
        .transpose()?;
    match (year, &batch) {
        (Some(y), Some(b)) if y != b.year => {
            let (name, by) = (&b.name, b.year);
            Err(Error::Usage(msg!(
                "报名批次“{name}”是 {by} 年度的,不是 {y} 年度的",
                "the batch '{name}' is of {by}, not {y}"
            )))
        }
        (_, Some(b)) => Ok((b.year, batch)),
        (Some(y), None) => Ok((y, None)),
        (None, None) => Err(Error::Usage(msg!(
            "请用 --year 或 --batch 给出年度",
            "give the year with --year or --batch"
        ))),
    }
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
    let ids = named_ids(&opts.ids, opts.file.as_deref())?;
    let org = match &opts.org {
        Some(code) => Some(crate::org::find_kind(
            conn,
            code,
            crate::org::OrgKind::Base,
        )?),
        None => None,
    };
    let (year, batch) = year_of(conn, opts.year, opts.batch.as_deref())?;
    let as_of = super::new_year(year)?;
    let kind = Appointments { year };
    let asked = Asked {
        year,
        batch: batch.as_ref(),
        org: org.as_ref(),
        to: decision.to,
        override_ineligible: opts.override_ineligible,
        as_of,
    };
    review::run(conn, who, &kind, decision, |tx| {
        // The teachers' pools, loaded once per organisation.
        let mut pools: HashMap<i64, Pool> = HashMap::new();
        let mut found = Vec::with_capacity(ids.len());
        for id_number in &ids {
            found.push(select(tx, id_number, &asked, &mut pools)?);
        }
        Ok(found)
    })
}

/// What a review decides, for each teacher named.
struct Asked<'a> {
    year: i32,
    batch: Option<&'a super::batch::Batch>,
    org: Option<&'a Org>,
    to: Appointment,
    override_ineligible: bool,
    as_of: NaiveDate,
}

fn select(
    tx: &Connection,
    id_number: &str,
    asked: &Asked<'_>,
    pools: &mut HashMap<i64, Pool>,
) -> Result<std::result::Result<Subject<Appointment, Extra>, Refused>> {
    let refuse = |message: Msg| {
        Ok(Err(Refused {
            key: Key::Person(id_number.to_owned()),
            message,
        }))
    };
    let f = match teacher_named(tx, id_number, asked.org)? {
        Ok(f) => f,
        Err(m) => return refuse(m),
    };
    let (year, as_of, to) = (asked.year, asked.as_of, asked.to);
    let state = state_of(tx, f.org_id, year, f.id)?;
    if let Some(b) = asked.batch {
        let applied = application_of(tx, f.org_id, year, f.id)?;
        if state != Appointment::NotApplied && applied.as_ref().is_none_or(|(id, _)| *id != b.id) {
            let name = &b.name;
            let m = match applied {
                Some((_, other)) => msg!(
                    "{id_number} 是在报名批次“{other}”中报名的,不是“{name}”",
                    "{id_number} applied in the batch '{other}', not in '{name}'"
                ),
                None => msg!(
                    "{id_number} 的 {year} 年度结果不是经报名批次“{name}”作出的(没有报名申请)",
                    "{id_number} was decided on for {year} without an application in the batch '{name}'"
                ),
            };
            return refuse(m);
        }
    }
    let mut extra = Extra {
        org_id: f.org_id,
        overridden: None,
        batch_id: None,
    };
    let mut note = format!("{year} 年度");
    if to == Appointment::Recommended
        && matches!(state, Appointment::Submitted | Appointment::NotRecommended)
    {
        let pool = match pools.entry(f.org_id) {
            std::collections::hash_map::Entry::Occupied(e) => e.into_mut(),
            std::collections::hash_map::Entry::Vacant(e) => e.insert(Pool::load(tx, f.org_id)?),
        };
        if let Some(i) = pool.index_of(f.id) {
            let verdict = pool.judge(i, as_of);
            if !verdict.eligible {
                if !asked.override_ineligible {
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
