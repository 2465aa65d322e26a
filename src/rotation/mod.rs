//! Rotations (轮转): a resident's training as a sequence of departments,
//! each from a day to a day, and the teacher assigned to each (分配带教老师),
//! by hand from a file or automatically (docs/domain.md#rotations); and the
//! plan (排班) that places residents through their specialty's programme
//! within the departments' capacities.

pub mod assign;
pub mod capacity;
pub mod import;
pub mod plan;
pub mod programme;

use crate::db::sql::{Connection, params};
use chrono::NaiveDate;
use serde::Serialize;

use crate::account::{self, Role};
use crate::error::{Error, Result};
use crate::msg;
use crate::rules::text::identifier;
use crate::teacher::{department_name, unknown_department};
use crate::training;

/// The training statuses in which a resident rotates: 在培 and 延期.
pub const ROTATING: [training::Status; 2] =
    [training::Status::InTraining, training::Status::Extended];

/// A rotation as listed (the platform's 轮转计划 views).
#[derive(Debug, Clone, Serialize)]
pub struct RotationRow {
    pub id: i64,
    pub id_number: String,
    pub name: String,
    pub department: String,
    pub start: String,
    pub end: String,
    /// The teacher's ID number, or null when none is assigned yet.
    pub teacher: Option<String>,
    pub teacher_name: Option<String>,
}

/// Which rotations to list: by department, by person, on a date (any
/// together).
#[derive(Debug, Clone, Default)]
pub struct ListOptions {
    pub org: String,
    pub department: Option<String>,
    pub person: Option<String>,
    /// Only the rotations under way on this day.
    pub date: Option<NaiveDate>,
}

/// The rotations of an organisation, by department, start and resident.
pub fn list(conn: &Connection, opts: &ListOptions) -> Result<Vec<RotationRow>> {
    let org = crate::org::find_kind(conn, &opts.org, crate::org::OrgKind::Base)?;
    let department = match opts.department.as_deref().map(department_name) {
        None => None,
        Some(d) => Some(
            crate::org::find_department(conn, org.id, &d)?
                .ok_or_else(|| unknown_department(&d, &org))?,
        ),
    };
    let person = match opts.person.as_deref().map(identifier) {
        None => None,
        Some(p) => match account::find(conn, &p)? {
            None => return Err(account::no_account(&p)),
            Some(f) if f.role != Role::Resident => {
                let role = f.role.label();
                return Err(Error::Usage(msg!(
                    "{p} 是{role}账号,不是住院医师",
                    "{p} is a {role} account, not a resident"
                )));
            }
            Some(f) => Some(f.id),
        },
    };
    let date = opts.date.map(|d| d.to_string());
    let mut stmt = conn.prepare(
        "SELECT r.id, a.id_number, a.name, d.name, r.start_date, r.end_date, t.id_number, t.name
         FROM rotation r JOIN account a ON a.id = r.account_id
         JOIN department d ON d.id = r.department_id
         LEFT JOIN account t ON t.id = r.teacher_id
         WHERE r.org_id = ?1 AND (?2 IS NULL OR r.department_id = ?2)
           AND (?3 IS NULL OR r.account_id = ?3)
           AND (?4 IS NULL OR (r.start_date <= ?4 AND r.end_date >= ?4))
         ORDER BY d.name, r.start_date, a.id_number, r.id",
    )?;
    let rows = stmt.query_map(params![org.id, department, person, date], |r| {
        Ok(RotationRow {
            id: r.get(0)?,
            id_number: r.get(1)?,
            name: r.get(2)?,
            department: r.get(3)?,
            start: r.get(4)?,
            end: r.get(5)?,
            teacher: r.get(6)?,
            teacher_name: r.get(7)?,
        })
    })?;
    Ok(rows.collect::<crate::db::sql::Result<_>>()?)
}
