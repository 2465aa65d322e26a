//! `rotation assign --auto`: loads the teachers, their evidence and every
//! assigned period once, then sweeps each department's unassigned
//! rotations by start date, giving each to the candidate with the fewest
//! residents during its period (then the fewest rotations in all, then the
//! lowest ID number), so that 50,000 rotations are arithmetic in memory
//! and one write.

use std::collections::HashMap;

use crate::db::sql::{Connection, params};
use chrono::{Datelike, NaiveDate};
use serde::Serialize;

use super::{Assignment, Loads, Staff, check_max, log_assignment, n, peak};
use crate::error::Result;
use crate::history::{Change, Who};
use crate::i18n::Msg;
use crate::msg;
use crate::org;

/// A rotation left without a teacher, with why.
#[derive(Debug, Clone, Serialize)]
pub struct Uncovered {
    pub rotation: i64,
    pub id_number: String,
    pub name: String,
    pub department: String,
    pub start: NaiveDate,
    pub end: NaiveDate,
    #[serde(skip)]
    pub reason: Msg,
}

/// What `rotation assign --auto` did (or, with `--dry-run`, would do).
#[derive(Debug, Clone)]
pub struct AutoReport {
    pub max_per_teacher: u32,
    pub assigned: Vec<Assignment>,
    pub uncovered: Vec<Uncovered>,
    pub written: bool,
}

/// What `rotation assign --auto` is asked to do.
#[derive(Debug, Clone)]
pub struct AutoOptions {
    pub org: String,
    pub max_per_teacher: u32,
    pub dry_run: bool,
}

/// Gives every rotation of the organisation that has no teacher one of
/// its department's candidates, never more than `max_per_teacher`
/// residents at once; reports the rotations it could not cover and why.
pub fn auto(conn: &mut Connection, opts: &AutoOptions, who: &Who) -> Result<AutoReport> {
    check_max(opts.max_per_teacher)?;
    let max = opts.max_per_teacher;
    let tx = crate::db::write(conn)?;
    let org = org::find_kind(&tx, &opts.org, crate::org::OrgKind::Base)?;
    let mut staff = Staff::load(&tx, org.id)?;
    let mut loads = Loads::load(&tx, org.id)?;
    struct Open {
        id: i64,
        id_number: String,
        name: String,
        department_id: i64,
        department: String,
        start: NaiveDate,
        end: NaiveDate,
    }
    let mut open: Vec<Open> = Vec::new();
    {
        let mut stmt = tx.prepare(
            "SELECT r.id, a.id_number, a.name, r.department_id, d.name, r.start_date, r.end_date
             FROM rotation r JOIN account a ON a.id = r.account_id
             JOIN department d ON d.id = r.department_id
             WHERE r.org_id = ?1 AND r.teacher_id IS NULL",
        )?;
        let mut rows = stmt.query([org.id])?;
        while let Some(r) = rows.next()? {
            let day = |i: usize| -> crate::db::sql::Result<Option<NaiveDate>> {
                Ok(crate::rules::date::parse_day(
                    r.get_ref(i)?.as_str().unwrap_or_default(),
                ))
            };
            if let (Some(start), Some(end)) = (day(5)?, day(6)?) {
                open.push(Open {
                    id: r.get(0)?,
                    id_number: r.get(1)?,
                    name: r.get(2)?,
                    department_id: r.get(3)?,
                    department: r.get(4)?,
                    start,
                    end,
                });
            }
        }
    }
    open.sort_unstable_by(|a, b| {
        (a.department_id, a.start, a.end, &a.id_number, a.id).cmp(&(
            b.department_id,
            b.start,
            b.end,
            &b.id_number,
            b.id,
        ))
    });
    let mut report = AutoReport {
        max_per_teacher: max,
        assigned: Vec::new(),
        uncovered: Vec::new(),
        written: false,
    };
    let mut ov = Vec::new();
    for r in open {
        let (s, e) = (n(r.start), n(r.end));
        let cands = match staff.candidates(&tx, r.department_id, &r.department, r.start.year())? {
            Err(why) => Err(why.clone()),
            Ok(c) => Ok(c.clone()),
        };
        let chosen = match cands {
            Err(why) => Err(why),
            Ok(cands) => {
                let mut best: Option<(usize, usize, &str, usize)> = None;
                for &i in &cands {
                    let t = &staff.pool.teachers[i];
                    loads.overlapping(t.account_id, s, e, &mut ov);
                    if peak(&ov, s) >= max {
                        continue;
                    }
                    let key = (ov.len(), loads.total(t.account_id), t.id_number.as_str(), i);
                    if best.is_none_or(|b| key < b) {
                        best = Some(key);
                    }
                }
                match best {
                    Some((.., i)) => Ok(i),
                    None => {
                        let (c, d, from, to) = (cands.len(), &r.department, r.start, r.end);
                        Err(msg!(
                            "科室 {d} 的 {c} 名可带教师资在 {from} 至 {to} 都已同时带满 {max} 名住院医师",
                            "all {c} teachers who may take residents in {d} already have {max} at once between {from} and {to}"
                        ))
                    }
                }
            }
        };
        match chosen {
            Ok(i) => {
                let t = &staff.pool.teachers[i];
                loads.add(t.account_id, s, e);
                report.assigned.push(Assignment {
                    rotation: r.id,
                    id_number: r.id_number,
                    name: r.name,
                    department: r.department,
                    start: r.start,
                    end: r.end,
                    teacher: t.id_number.clone(),
                    teacher_name: t.name.clone(),
                });
            }
            Err(reason) => report.uncovered.push(Uncovered {
                rotation: r.id,
                id_number: r.id_number,
                name: r.name,
                department: r.department,
                start: r.start,
                end: r.end,
                reason,
            }),
        }
    }
    if opts.dry_run || report.assigned.is_empty() {
        return Ok(report);
    }
    let change = Change::begin(&tx, who)?;
    let accounts: HashMap<&str, i64> = staff
        .pool
        .teachers
        .iter()
        .map(|t| (t.id_number.as_str(), t.account_id))
        .collect();
    {
        let mut update = tx.prepare(
            "UPDATE rotation SET teacher_id = ?2, assigned_change = ?3
             WHERE id = ?1 AND teacher_id IS NULL",
        )?;
        for a in &report.assigned {
            update.execute(params![a.rotation, accounts[a.teacher.as_str()], change.id])?;
            log_assignment(&tx, &change, a, None)?;
        }
    }
    tx.commit()?;
    report.written = true;
    Ok(report)
}
