//! `recruit admit`: every approved applicant of a base becomes its
//! resident, in one transaction — the account becomes a resident's of the
//! base (logged), a training record is opened (招收年份 the batch's year,
//! 培训专业, 在培), and the application is 已录取. The binding rule of
//! account import holds (docs/domain.md#binding-rule): a person still
//! bound to another base is refused and reported.

use crate::db::sql::{Connection, OptionalExtension, params};
use serde::Serialize;

use super::batch;
use super::{ApplicationState, Now, find_base};
use crate::account::Role;
use crate::collection::Locks;
use crate::error::{Error, Result};
use crate::history::{Change, Item, Who};
use crate::i18n::Msg;
use crate::msg;
use crate::state::State;
use crate::training::{self, BINDING, Status};

/// What `recruit admit` is asked.
#[derive(Debug, Clone)]
pub struct AdmitRequest {
    pub org: String,
    pub batch: Option<String>,
    pub dry_run: bool,
    /// Admit into a recruitment year whose collection has closed (the
    /// province's decision; recorded with the command line).
    pub override_lock: bool,
    pub now: Now,
}

/// One applicant admitted.
#[derive(Debug, Clone, Serialize)]
pub struct Admitted {
    pub id_number: String,
    pub name: String,
    pub specialty: String,
    /// 招收年份 of the new training record.
    pub recruit_year: i32,
}

/// An approved applicant who could not be admitted, with why.
#[derive(Debug, Clone)]
pub struct NotAdmitted {
    pub id_number: String,
    pub name: String,
    pub message: Msg,
}

/// What `recruit admit` did (or, with `--dry-run`, would do).
#[derive(Debug, Clone)]
pub struct AdmitReport {
    pub org: String,
    pub batch: String,
    pub admitted: Vec<Admitted>,
    /// Applicants admitted by an earlier run.
    pub already: u64,
    pub refused: Vec<NotAdmitted>,
    pub written: bool,
}

impl AdmitReport {
    /// No application at the base is approved at all: nobody to admit,
    /// now or before (the command did nothing it was asked for).
    pub fn nobody_approved(&self) -> bool {
        self.admitted.is_empty() && self.already == 0 && self.refused.is_empty()
    }
}

struct Approved {
    application: i64,
    account: i64,
    id_number: String,
    name: String,
    role: String,
    org_id: i64,
    org_code: String,
    specialty: String,
}

/// Admits every approved applicant of the base in the batch.
pub fn admit(conn: &mut Connection, req: &AdmitRequest, who: &Who) -> Result<AdmitReport> {
    let base = find_base(conn, &req.org)?;
    let batch = batch::resolve(conn, req.batch.as_deref(), req.now)?;
    let tx = crate::db::write(conn)?;
    let lock = Locks::load(&tx, req.now.today())?.of_year(batch.year);
    if let (Some(lock), false) = (&lock, req.override_lock) {
        return Err(Error::Usage(lock.msg()));
    }
    let change = Change::begin(&tx, who)?;
    let approved: Vec<Approved> = {
        let mut stmt = tx.prepare(
            "SELECT p.id, a.id, a.id_number, a.name, a.role, coalesce(a.org_id, 0),
                    coalesce(o.code, ''), p.specialty
             FROM recruit_application p JOIN account a ON a.id = p.account_id
             LEFT JOIN org o ON o.id = a.org_id
             WHERE p.batch_id = ?1 AND p.org_id = ?2 AND p.state = ?3 ORDER BY p.id",
        )?;
        let rows = stmt.query_map(
            params![batch.id, base.id, ApplicationState::Approved],
            |r| {
                Ok(Approved {
                    application: r.get(0)?,
                    account: r.get(1)?,
                    id_number: r.get(2)?,
                    name: r.get(3)?,
                    role: r.get(4)?,
                    org_id: r.get(5)?,
                    org_code: r.get(6)?,
                    specialty: r.get(7)?,
                })
            },
        )?;
        rows.collect::<crate::db::sql::Result<_>>()?
    };
    let already: i64 = tx.query_row(
        "SELECT count(*) FROM recruit_application WHERE batch_id = ?1 AND org_id = ?2 AND state = ?3",
        params![batch.id, base.id, ApplicationState::Admitted],
        |r| r.get(0),
    )?;
    let mut report = AdmitReport {
        org: base.code.clone(),
        batch: batch.label(),
        admitted: Vec::new(),
        already: already as u64,
        refused: Vec::new(),
        written: false,
    };
    let note = match &lock {
        Some(l) => format!(
            "{} {} (--override: {})",
            batch.label(),
            base.code,
            l.collection.describe()
        ),
        None => format!("{} {}", batch.label(), base.code),
    };
    for a in approved {
        if let Some(message) = refusal(&tx, &a, base.id)? {
            report.refused.push(NotAdmitted {
                id_number: a.id_number,
                name: a.name,
                message,
            });
            continue;
        }
        if a.role == Role::Applicant.key() {
            tx.prepare_cached("UPDATE account SET role = ?2, org_id = ?3 WHERE id = ?1")?
                .execute(params![a.account, Role::Resident.key(), base.id])?;
            change.log_field(
                &tx,
                &a.id_number,
                "account",
                "角色",
                Some(Role::Applicant.label()),
                Some(Role::Resident.label()),
            )?;
        } else if a.org_id != base.id {
            tx.prepare_cached("UPDATE account SET org_id = ?2 WHERE id = ?1")?
                .execute(params![a.account, base.id])?;
        }
        change.log_field(
            &tx,
            &a.id_number,
            "account",
            "机构",
            Some(&a.org_code)
                .filter(|c| !c.is_empty())
                .map(String::as_str),
            Some(&base.code),
        )?;
        tx.prepare_cached(
            "INSERT INTO training (account_id, org_id, recruit_year, specialty, status, created_change)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
        )?
        .execute(params![
            a.account,
            base.id,
            batch.year,
            a.specialty,
            Status::InTraining,
            change.id
        ])?;
        tx.prepare_cached(
            "UPDATE recruit_application SET state = ?2, state_change = ?3 WHERE id = ?1",
        )?
        .execute(params![
            a.application,
            ApplicationState::Admitted,
            change.id
        ])?;
        change.log(
            &tx,
            &Item {
                subject: &a.id_number,
                entity: "application",
                action: "admit",
                field: Some(ApplicationState::FIELD),
                before: Some(ApplicationState::Approved.label()),
                after: Some(ApplicationState::Admitted.label()),
                note: Some(&format!("{note} {}", a.specialty)),
            },
        )?;
        report.admitted.push(Admitted {
            id_number: a.id_number,
            name: a.name,
            specialty: a.specialty,
            recruit_year: batch.year,
        });
    }
    if !req.dry_run && !report.admitted.is_empty() {
        tx.commit()?;
        report.written = true;
    }
    Ok(report)
}

/// Why an approved applicant cannot become a resident of the base now.
fn refusal(tx: &Connection, a: &Approved, base_id: i64) -> Result<Option<Msg>> {
    if a.role == Role::Applicant.key() {
        return Ok(None);
    }
    if a.role != Role::Resident.key() {
        let role = Role::from_key(&a.role).map_or("?", Role::label);
        return Ok(Some(msg!(
            "此人是{role}账号,不能录取为住院医师",
            "this is a {role} account and cannot be admitted as a resident"
        )));
    }
    if let Some(b) = training::bound_elsewhere(tx, a.account, base_id)? {
        let (org, code, status) = (&b.org_name, &b.org_code, &b.status);
        return Ok(Some(msg!(
            "此人在 {org}({code})的培训状态为“{status}”,不能录取;须由该基地先将其培训状态改为“退培”",
            "this person is {status} at {org} ({code}) and cannot be admitted; that base must first set their status to 退培"
        )));
    }
    let here: Option<String> = tx
        .prepare_cached(&format!(
            "SELECT t.status FROM training t WHERE t.account_id = ?1 AND t.org_id = ?2 AND {}
             ORDER BY t.id DESC LIMIT 1",
            *BINDING
        ))?
        .query_row(params![a.account, base_id], |r| r.get(0))
        .optional()?;
    Ok(here.map(|status| {
        msg!(
            "此人已在本基地培训(培训状态“{status}”);换专业须先将其培训状态改为“退培”",
            "this person is already training at this base ({status}); a change of specialty needs 退培 first"
        )
    }))
}
