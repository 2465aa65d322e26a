//! Teachers' applications (师资报名申请): `teacher apply` — 我要报名 on the
//! platform — which puts a teacher whose form is complete into 已提交 for
//! the year of a batch (报名批次, see [`super::batch`]), for the teaching
//! office to decide on (docs/domain.md#teacher-applications).

use std::path::PathBuf;

use crate::db::sql::{Connection, OptionalExtension};

use super::batch::{Batch, find_batch};
use super::review::{
    Appointment, Appointments, Extra, application_of, named_ids, state_of, teacher_named,
};
use crate::error::Result;
use crate::history::Who;
use crate::i18n::Msg;
use crate::msg;
use crate::org::Org;
use crate::state::review::{self, Decision, Decisions, Key, Refused, Subject};

/// What `teacher apply` is asked to do.
#[derive(Debug, Clone)]
pub struct ApplyOptions {
    /// ID numbers as typed.
    pub ids: Vec<String>,
    /// A list of ID numbers (a spreadsheet with 证件号码, or one per line).
    pub file: Option<PathBuf>,
    /// Only teachers of this organisation.
    pub org: Option<String>,
    /// The batch (报名批次) applied in.
    pub batch: String,
}

/// What a teacher's form lacks of what the platform marks required (*)
/// before 我要报名: the labels, in the form's order. `None` when the
/// teacher's details were never imported.
pub fn form_missing(conn: &Connection, account_id: i64) -> Result<Option<Vec<&'static str>>> {
    let row: Option<[Option<String>; 6]> = conn
        .prepare_cached(
            "SELECT sex, birth_date, id_scan, photo, has_qualification, qualification_scan
             FROM teacher WHERE account_id = ?1",
        )?
        .query_row([account_id], |r| {
            Ok([
                r.get(0)?,
                r.get(1)?,
                r.get(2)?,
                r.get(3)?,
                r.get(4)?,
                r.get(5)?,
            ])
        })
        .optional()?;
    let Some([sex, birth, id_scan, photo, qualification, scan]) = row else {
        return Ok(None);
    };
    let mut missing = Vec::new();
    for (value, label) in [
        (&sex, "性别"),
        (&birth, "出生日期"),
        (&id_scan, "证件扫描件"),
        (&photo, "头像照片"),
        (&qualification, "是否获得医师资格证书"),
    ] {
        if value.is_none() {
            missing.push(label);
        }
    }
    // With the certificate in hand, its scan; not for 否, nor for a
    // certificate not issued yet.
    if qualification.as_deref() == Some("是") && scan.is_none() {
        missing.push("医师资格证书扫描件");
    }
    Ok(Some(missing))
}

/// Puts each teacher named into 已提交 for the batch's year. Each is taken
/// on their own: one who cannot apply (no teacher, another organisation,
/// an incomplete form, an application in another batch of the year, a
/// decision already made) is refused with why, and the others apply.
pub fn apply(
    conn: &mut Connection,
    opts: &ApplyOptions,
    who: &Who,
) -> Result<Decisions<Appointment, Extra>> {
    let ids = named_ids(&opts.ids, opts.file.as_deref())?;
    let org = match &opts.org {
        Some(code) => Some(crate::org::find_kind(
            conn,
            code,
            crate::org::OrgKind::Base,
        )?),
        None => None,
    };
    let batch = find_batch(conn, &opts.batch)?;
    let kind = Appointments { year: batch.year };
    let decision = Decision::new(Appointment::Submitted, "apply", None)?;
    review::run(conn, who, &kind, &decision, |tx| {
        ids.iter()
            .map(|id_number| select(tx, id_number, org.as_ref(), &batch))
            .collect()
    })
}

fn select(
    tx: &Connection,
    id_number: &str,
    org: Option<&Org>,
    batch: &Batch,
) -> Result<std::result::Result<Subject<Appointment, Extra>, Refused>> {
    let refuse = |message: Msg| {
        Ok(Err(Refused {
            key: Key::Person(id_number.to_owned()),
            message,
        }))
    };
    let f = match teacher_named(tx, id_number, org)? {
        Ok(f) => f,
        Err(m) => return refuse(m),
    };
    let year = batch.year;
    let state = state_of(tx, f.org_id, year, f.id)?;
    if state == Appointment::Submitted
        && let Some((id, other)) = application_of(tx, f.org_id, year, f.id)?
        && id != batch.id
    {
        return refuse(msg!(
            "{id_number} 已在报名批次“{other}”中报名 {year} 年度",
            "{id_number} has applied for {year} in the batch '{other}' already"
        ));
    }
    if state == Appointment::NotApplied {
        match form_missing(tx, f.id)? {
            None => {
                return refuse(msg!(
                    "{id_number} 还没有师资信息,不能报名:请先用 meded teacher import 导入",
                    "{id_number} has no teacher's details yet and cannot apply: import them with meded teacher import first"
                ));
            }
            Some(missing) if !missing.is_empty() => {
                let (zh, en) = (missing.join("、"), missing.join(", "));
                return refuse(msg!(
                    "{id_number} 的师资信息不完整,缺少 {zh},不能报名:补全后用 meded teacher import --update 导入",
                    "{id_number}'s teacher's details lack {en}, so they cannot apply: complete them and import with meded teacher import --update"
                ));
            }
            Some(_) => {}
        }
    }
    let name = &batch.name;
    Ok(Ok(Subject {
        key: Key::Person(id_number.to_owned()),
        id: f.id,
        id_number: id_number.to_owned(),
        name: f.name,
        state,
        note: Some(format!("{year} 年度,报名批次 {name}")),
        extra: Extra {
            org_id: f.org_id,
            overridden: None,
            batch_id: Some(batch.id),
        },
    }))
}
