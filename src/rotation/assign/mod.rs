//! Assigning a teacher to each rotation (分配带教老师): from a file
//! (`file`), or automatically (`--auto`, `auto`); here what both keep
//! to, the teachers' candidacies and loads.
//!
//! A teacher may take a rotation of year Y (the year it starts) when they
//! are a teacher of the rotation's department, recommended (推荐) for Y,
//! and eligible at 1 January of Y or recommended by override; and never
//! have more than `max` residents at once (docs/domain.md#teacher-assignment).

mod auto;
mod file;

pub use auto::{AutoOptions, AutoReport, Uncovered, auto};
pub use file::{ASSIGN_LAYOUT, AssignImport, AssignRow, AssignWriter, check_rows, from_file};

use std::collections::HashMap;

use crate::db::sql::{Connection, params};
use chrono::{Datelike, NaiveDate};
use serde::Serialize;

use crate::error::Result;
use crate::history::{Change, Item};
use crate::i18n::Msg;
use crate::msg;
use crate::teacher::Appointment;
use crate::teacher::eligibility::Pool;

/// Residents a teacher takes at once unless told otherwise.
pub const DEFAULT_MAX: u32 = 3;

/// A day as a number, for the sweep.
fn n(d: NaiveDate) -> i32 {
    d.num_days_from_ce()
}

/// Each teacher's assigned periods (first and last day as numbers),
/// sorted by start.
#[derive(Default)]
struct Loads {
    periods: HashMap<i64, Vec<(i32, i32)>>,
    /// The longest period of each teacher: how far back an overlap can start.
    longest: HashMap<i64, i32>,
}

impl Loads {
    fn load(tx: &Connection, org_id: i64) -> Result<Loads> {
        let mut loads = Loads::default();
        let mut stmt = tx.prepare(
            "SELECT teacher_id, start_date, end_date FROM rotation
             WHERE org_id = ?1 AND teacher_id IS NOT NULL",
        )?;
        let mut rows = stmt.query([org_id])?;
        while let Some(r) = rows.next()? {
            let day = |i: usize| -> crate::db::sql::Result<Option<i32>> {
                Ok(
                    crate::rules::date::parse_day(r.get_ref(i)?.as_str().unwrap_or_default())
                        .map(n),
                )
            };
            if let (Some(s), Some(e)) = (day(1)?, day(2)?) {
                loads.push(r.get(0)?, s, e);
            }
        }
        for list in loads.periods.values_mut() {
            list.sort_unstable();
        }
        Ok(loads)
    }

    fn push(&mut self, t: i64, s: i32, e: i32) {
        self.periods.entry(t).or_default().push((s, e));
        let l = self.longest.entry(t).or_default();
        *l = (*l).max(e - s);
    }

    fn add(&mut self, t: i64, s: i32, e: i32) {
        let list = self.periods.entry(t).or_default();
        let at = list.partition_point(|p| *p <= (s, e));
        list.insert(at, (s, e));
        let l = self.longest.entry(t).or_default();
        *l = (*l).max(e - s);
    }

    fn remove(&mut self, t: i64, s: i32, e: i32) {
        if let Some(list) = self.periods.get_mut(&t)
            && let Ok(at) = list.binary_search(&(s, e))
        {
            list.remove(at);
        }
    }

    /// The teacher's periods that share a day with [s, e].
    fn overlapping(&self, t: i64, s: i32, e: i32, out: &mut Vec<(i32, i32)>) {
        out.clear();
        let Some(list) = self.periods.get(&t) else {
            return;
        };
        let earliest = s - self.longest.get(&t).copied().unwrap_or(0);
        let end = list.partition_point(|p| p.0 <= e);
        for &p in list[..end].iter().rev() {
            if p.0 < earliest {
                break;
            }
            if p.1 >= s {
                out.push(p);
            }
        }
    }

    fn total(&self, t: i64) -> usize {
        self.periods.get(&t).map_or(0, Vec::len)
    }
}

/// The most periods in `ov` under way on one day within [s, e]: the count
/// is highest on `s` or on a day one of them starts.
fn peak(ov: &[(i32, i32)], s: i32) -> u32 {
    let mut best = 0;
    for p in std::iter::once(s).chain(ov.iter().map(|o| o.0).filter(|&d| d > s)) {
        let c = ov.iter().filter(|o| o.0 <= p && p <= o.1).count() as u32;
        best = best.max(c);
    }
    best
}

/// The teachers of an organisation with what decides whom they may take.
struct Staff {
    pool: Pool,
    /// For each year asked about: recommended teachers, by account, and
    /// whether by override.
    recommended: HashMap<i32, HashMap<i64, bool>>,
    /// Per (teacher position, year): eligible at 1 January.
    eligible: HashMap<(usize, i32), bool>,
    /// Per (department, year): the candidates (positions), or why none.
    candidates: HashMap<(i64, i32), std::result::Result<Vec<usize>, Msg>>,
    org_id: i64,
}

impl Staff {
    fn load(tx: &Connection, org_id: i64) -> Result<Staff> {
        Ok(Staff {
            pool: Pool::load(tx, org_id)?,
            recommended: HashMap::new(),
            eligible: HashMap::new(),
            candidates: HashMap::new(),
            org_id,
        })
    }

    fn recommended(&mut self, tx: &Connection, year: i32) -> Result<&HashMap<i64, bool>> {
        if !self.recommended.contains_key(&year) {
            let mut stmt = tx.prepare_cached(
                "SELECT account_id, override IS NOT NULL FROM teacher_appointment
                 WHERE org_id = ?1 AND year = ?2 AND status = ?3",
            )?;
            let map: HashMap<i64, bool> = stmt
                .query_map(params![self.org_id, year, Appointment::Recommended], |r| {
                    Ok((r.get(0)?, r.get(1)?))
                })?
                .collect::<crate::db::sql::Result<_>>()?;
            self.recommended.insert(year, map);
        }
        Ok(&self.recommended[&year])
    }

    fn is_eligible(&mut self, i: usize, year: i32) -> bool {
        let pool = &self.pool;
        *self.eligible.entry((i, year)).or_insert_with(|| {
            NaiveDate::from_ymd_opt(year, 1, 1).is_some_and(|d| pool.judge(i, d).eligible)
        })
    }

    /// Why the teacher at `i` may not take a rotation of `department` in
    /// `year`, if they may not.
    fn unfit(
        &mut self,
        tx: &Connection,
        i: usize,
        department_id: i64,
        department: &str,
        year: i32,
    ) -> Result<Option<Msg>> {
        let t = &self.pool.teachers[i];
        let (id_number, account) = (t.id_number.clone(), t.account_id);
        if t.department_id != Some(department_id) {
            let theirs = t.department.clone().unwrap_or_default();
            return Ok(Some(msg!(
                "{id_number} 是科室 {theirs} 的师资,不是 {department} 的",
                "{id_number} is a teacher of {theirs}, not of {department}"
            )));
        }
        let overridden = match self.recommended(tx, year)?.get(&account) {
            None => {
                let state = crate::teacher::review::state_of(tx, self.org_id, year, account)?;
                return Ok(Some(msg!(
                    "{id_number} 不是 {year} 年度推荐的师资(推荐状态:{state})",
                    "{id_number} is not recommended for {year} (推荐状态: {state})"
                )));
            }
            Some(o) => *o,
        };
        if !overridden && !self.is_eligible(i, year) {
            let v = self
                .pool
                .judge(i, NaiveDate::from_ymd_opt(year, 1, 1).unwrap_or_default());
            let (zh, en) = (
                crate::teacher::eligibility::reasons_text(&v, crate::i18n::Lang::Zh),
                crate::teacher::eligibility::reasons_text(&v, crate::i18n::Lang::En),
            );
            return Ok(Some(Msg::new(
                format!("{id_number} 在 {year}-01-01 不符合师资条件:{zh}"),
                format!("{id_number} is not eligible at {year}-01-01: {en}"),
            )));
        }
        Ok(None)
    }

    /// The teachers who may take rotations of `department` in `year`, or
    /// why there are none.
    fn candidates(
        &mut self,
        tx: &Connection,
        department_id: i64,
        department: &str,
        year: i32,
    ) -> Result<&std::result::Result<Vec<usize>, Msg>> {
        if !self.candidates.contains_key(&(department_id, year)) {
            let mine: Vec<usize> = (0..self.pool.teachers.len())
                .filter(|&i| self.pool.teachers[i].department_id == Some(department_id))
                .collect();
            let recommended = self.recommended(tx, year)?.clone();
            let chosen: Vec<usize> = mine
                .iter()
                .copied()
                .filter(|&i| recommended.contains_key(&self.pool.teachers[i].account_id))
                .collect();
            let mut fit = Vec::new();
            for &i in &chosen {
                if recommended[&self.pool.teachers[i].account_id] || self.is_eligible(i, year) {
                    fit.push(i);
                }
            }
            let (m, c) = (mine.len(), chosen.len());
            let result = if m == 0 {
                Err(msg!(
                    "科室 {department} 没有师资",
                    "the department {department} has no teachers"
                ))
            } else if c == 0 {
                Err(msg!(
                    "科室 {department} 的 {m} 名师资都不是 {year} 年度推荐的师资",
                    "none of the {m} teachers of {department} is recommended for {year}"
                ))
            } else if fit.is_empty() {
                Err(msg!(
                    "科室 {department} 推荐的 {c} 名师资在 {year}-01-01 都不符合师资条件",
                    "none of the {c} recommended teachers of {department} is eligible at {year}-01-01"
                ))
            } else {
                Ok(fit)
            };
            self.candidates.insert((department_id, year), result);
        }
        Ok(&self.candidates[&(department_id, year)])
    }
}

/// A rotation given a teacher.
#[derive(Debug, Clone, Serialize)]
pub struct Assignment {
    pub rotation: i64,
    pub id_number: String,
    pub name: String,
    pub department: String,
    pub start: NaiveDate,
    pub end: NaiveDate,
    /// The teacher's ID number.
    pub teacher: String,
    pub teacher_name: String,
}

fn check_max(max: u32) -> Result<()> {
    if max == 0 {
        return Err(crate::Error::Usage(msg!(
            "--max-per-teacher 至少为 1",
            "--max-per-teacher must be at least 1"
        )));
    }
    Ok(())
}

fn log_assignment(
    tx: &Connection,
    change: &Change,
    a: &Assignment,
    before: Option<&str>,
) -> Result<()> {
    let note = format!("#{} {} {}–{}", a.rotation, a.department, a.start, a.end);
    change.log(
        tx,
        &Item {
            subject: &a.id_number,
            entity: "rotation",
            action: "assign",
            field: Some("带教老师"),
            before,
            after: Some(&a.teacher),
            note: Some(&note),
        },
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn peak_counts_the_busiest_day_within_the_period() {
        // Three periods that never share a day with each other's ends.
        let ov = [(1, 10), (11, 20), (5, 15)];
        assert_eq!(peak(&ov, 1), 2);
        assert_eq!(peak(&[(1, 10), (2, 3), (4, 5)], 1), 2);
        assert_eq!(peak(&[], 1), 0);
        let mut loads = Loads::default();
        loads.add(1, 10, 20);
        loads.add(1, 1, 5);
        loads.add(1, 30, 40);
        let mut out = Vec::new();
        loads.overlapping(1, 5, 10, &mut out);
        out.sort_unstable();
        assert_eq!(out, [(1, 5), (10, 20)]);
        loads.remove(1, 10, 20);
        loads.overlapping(1, 5, 10, &mut out);
        assert_eq!(out, [(1, 5)]);
    }
}
