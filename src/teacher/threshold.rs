//! Per-department thresholds of eligibility: the national base-evaluation
//! indicators ask some specialties for longer attending periods (surgery 5
//! years) and a medical bachelor's degree. None apply unless an
//! organisation sets them (docs/domain.md#department-thresholds).

use crate::db::sql::{Connection, OptionalExtension, params};
use serde::Serialize;

use super::department_name;
use super::eligibility::YEARS;
use crate::error::{Error, Result};
use crate::history::{Change, Item, Who};
use crate::msg;
use crate::org::Org;
use crate::rules::codes::EDUCATION_LEVEL;

/// The longest attending period a threshold may ask for.
pub const MAX_YEARS: u32 = 30;

/// A department's thresholds.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ThresholdRow {
    pub department: String,
    /// Years as attending (中级) or higher.
    pub years: u32,
    /// The lowest 最高学历, if any.
    pub education: Option<String>,
}

fn describe(years: u32, education: Option<&str>) -> String {
    match education {
        Some(e) => format!("{years} 年,{e}及以上"),
        None => format!("{years} 年"),
    }
}

fn department(conn: &Connection, org: &Org, raw: &str) -> Result<(i64, String)> {
    let name = department_name(raw);
    let id = crate::org::find_department(conn, org.id, &name)?
        .ok_or_else(|| super::unknown_department(&name, org))?;
    Ok((id, name))
}

fn current(conn: &Connection, department_id: i64) -> Result<Option<(u32, Option<String>)>> {
    Ok(conn
        .query_row(
            "SELECT years, education FROM teacher_threshold WHERE department_id = ?1",
            [department_id],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .optional()?)
}

/// Sets a department's thresholds: `years` as attending (at least the
/// national 3), and optionally the lowest 最高学历 (大专, 本科, 硕士, 博士).
pub fn set(
    conn: &mut Connection,
    org: &str,
    department_raw: &str,
    years: u32,
    education: Option<&str>,
    who: &Who,
) -> Result<ThresholdRow> {
    if !(YEARS..=MAX_YEARS).contains(&years) {
        return Err(Error::Usage(msg!(
            "年限应为 {YEARS}–{MAX_YEARS} 年(全国标准为 {YEARS} 年)",
            "the years must be {YEARS}–{MAX_YEARS} (the national rule is {YEARS})"
        )));
    }
    let education = match education {
        None => None,
        Some(raw) => match EDUCATION_LEVEL.find(raw).filter(|e| *e != "中专") {
            Some(e) => Some(e),
            None => {
                return Err(Error::Usage(msg!(
                    "不认识的最低学历“{raw}”(可用:大专、本科、硕士、博士)",
                    "unknown lowest education '{raw}' (use one of: 大专、本科、硕士、博士)"
                )));
            }
        },
    };
    let tx = crate::db::write(conn)?;
    let org = crate::org::find_kind(&tx, org, crate::org::OrgKind::Base)?;
    let (department_id, name) = department(&tx, &org, department_raw)?;
    let before = current(&tx, department_id)?;
    let after = describe(years, education);
    if before.as_ref().map(|(y, e)| describe(*y, e.as_deref())) != Some(after.clone()) {
        let change = Change::begin(&tx, who)?;
        tx.execute(
            "INSERT INTO teacher_threshold (department_id, years, education, change_id)
             VALUES (?1, ?2, ?3, ?4)
             ON CONFLICT (department_id) DO UPDATE SET
                 years = excluded.years, education = excluded.education,
                 change_id = excluded.change_id",
            params![department_id, years, education, change.id],
        )?;
        let before = before.map(|(y, e)| describe(y, e.as_deref()));
        change.log(
            &tx,
            &Item {
                subject: &org.code,
                entity: "teacher_threshold",
                action: "update",
                field: Some(&name),
                before: before.as_deref(),
                after: Some(&after),
                note: None,
            },
        )?;
        tx.commit()?;
    }
    Ok(ThresholdRow {
        department: name,
        years,
        education: education.map(str::to_owned),
    })
}

/// Removes a department's thresholds: the national rule applies again.
pub fn remove(conn: &mut Connection, org: &str, department_raw: &str, who: &Who) -> Result<()> {
    let tx = crate::db::write(conn)?;
    let org = crate::org::find_kind(&tx, org, crate::org::OrgKind::Base)?;
    let (department_id, name) = department(&tx, &org, department_raw)?;
    let Some((years, education)) = current(&tx, department_id)? else {
        return Err(Error::Usage(msg!(
            "科室 {name} 没有设置师资条件",
            "the department {name} has no thresholds set"
        )));
    };
    let change = Change::begin(&tx, who)?;
    tx.execute(
        "DELETE FROM teacher_threshold WHERE department_id = ?1",
        [department_id],
    )?;
    change.log(
        &tx,
        &Item {
            subject: &org.code,
            entity: "teacher_threshold",
            action: "delete",
            field: Some(&name),
            before: Some(&describe(years, education.as_deref())),
            after: None,
            note: None,
        },
    )?;
    tx.commit()?;
    Ok(())
}

/// The thresholds an organisation has set, by department.
pub fn list(conn: &Connection, org: &str) -> Result<Vec<ThresholdRow>> {
    let org = crate::org::find_kind(conn, org, crate::org::OrgKind::Base)?;
    let mut stmt = conn.prepare(
        "SELECT d.name, h.years, h.education
         FROM teacher_threshold h JOIN department d ON d.id = h.department_id
         WHERE d.org_id = ?1 ORDER BY d.name",
    )?;
    let rows = stmt.query_map([org.id], |r| {
        Ok(ThresholdRow {
            department: r.get(0)?,
            years: r.get(1)?,
            education: r.get(2)?,
        })
    })?;
    Ok(rows.collect::<crate::db::sql::Result<_>>()?)
}
