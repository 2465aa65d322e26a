//! `rotation plan` (排班): places the residents of a base month by month
//! through their specialty's programme, within each department's monthly
//! capacity, keeping the rotations already recorded; says why anyone who
//! cannot be placed cannot; writes the rotations as `rotation import` does.
//!
//! The database is read into a [`model::Problem`] of whole months, which
//! [`solve`] plans and [`explain`] explains, apart from the database.

mod book;
pub mod explain;
pub mod model;
pub mod solve;

use std::collections::{HashMap, HashSet};
use std::path::PathBuf;

use chrono::{Datelike, NaiveDate};
use serde::Serialize;

use crate::db::sql::Connection;
use crate::error::{Error, Result};
use crate::history::{Change, Who};
use crate::i18n::{Lang, Msg};
use crate::import::{Writer, Written};
use crate::msg;
use crate::org::{self, OrgKind};
use crate::rules::date::{Month, parse_day};
use crate::training::Status;

use super::ROTATING;
use super::capacity;
use super::import::{RotationRow, RotationWriter};
use super::programme::{self, ProgrammeRow};
use model::{Department, Entry, MOST_MONTHS, Problem, Resident, Solution, stretch};

/// What `rotation plan` is asked to do.
#[derive(Debug, Clone)]
pub struct PlanOptions {
    pub org: String,
    pub from: Month,
    pub to: Month,
    pub seed: u64,
    pub dry_run: bool,
    /// The workbook of the plan (residents × months, departments × months).
    pub output: Option<PathBuf>,
    /// The language of the workbook's headers and reasons.
    pub lang: Lang,
}

/// A resident the plan could not place, with why.
#[derive(Debug, Clone, Serialize)]
pub struct Unplaced {
    pub id_number: String,
    pub name: String,
    #[serde(skip)]
    pub reasons: Vec<Msg>,
}

/// A rotation of the plan.
#[derive(Debug, Clone, Serialize)]
pub struct Planned {
    pub id_number: String,
    #[serde(skip)]
    pub name: String,
    pub department: String,
    pub start: NaiveDate,
    pub end: NaiveDate,
}

/// Residents in a department in a month, rotations kept and planned.
#[derive(Debug, Clone, Serialize)]
pub struct Load {
    pub department: String,
    pub month: String,
    pub residents: u32,
    /// `null` when no capacity is set for the department.
    pub capacity: Option<u32>,
}

/// How evenly a department is used: its busiest month against its mean.
#[derive(Debug, Clone)]
pub struct Balance {
    pub department: String,
    /// The lowest and highest capacity over the span (none set: `None`).
    pub capacity: Option<(u32, u32)>,
    pub peak: u32,
    pub mean: f64,
}

/// What `rotation plan` found (and, unless a dry run, wrote).
#[derive(Debug, Clone, Serialize)]
pub struct PlanReport {
    /// Residents to place: 在培 or 延期 at the base, in training during the span.
    pub residents: usize,
    pub placed: usize,
    pub unplaced: Vec<Unplaced>,
    /// The rotations the plan adds.
    pub rotations: Vec<Planned>,
    pub load: Vec<Load>,
    #[serde(skip)]
    pub balance: Vec<Balance>,
    /// What the office should know about the plan as a whole.
    #[serde(skip)]
    pub notes: Vec<Msg>,
    #[serde(skip)]
    pub written: bool,
}

/// A resident of the base as the plan reads them.
struct Person {
    account: i64,
    id_number: String,
    name: String,
    specialty: Option<String>,
    /// Training from, to (both days included).
    start: NaiveDate,
    end: NaiveDate,
}

/// A stored rotation.
struct Kept {
    account: i64,
    department: i64,
    start: NaiveDate,
    end: NaiveDate,
}

/// The months of the span (bit `t`: month `t`) that a period of days
/// touches.
fn touched(first: Month, months: usize, start: NaiveDate, end: NaiveDate) -> u128 {
    let a = Month::of(start).number() - first.number();
    let b = Month::of(end).number() - first.number();
    let (a, b) = (a.max(0), b.min(months as i32 - 1));
    if a > b {
        0
    } else {
        stretch(a as usize, (b - a + 1) as usize)
    }
}

/// The months credited for a rotation already recorded: its length in
/// months, rounded (a rotation of 1 September to 30 November is three).
fn credited(start: NaiveDate, end: NaiveDate) -> u32 {
    let days = (end - start).num_days() + 1;
    ((days as f64) / 30.4375).round().max(0.0) as u32
}

/// A resident's training dates: as recorded; without a start, 1 September
/// of the recruitment year (residents of a cohort start together); without
/// an end, the approved years (three unless recorded) after the start.
fn training_dates(
    start: Option<&str>,
    end: Option<&str>,
    recruit_year: i32,
    years: Option<i32>,
) -> (NaiveDate, NaiveDate) {
    let start = start
        .and_then(parse_day)
        .or_else(|| NaiveDate::from_ymd_opt(recruit_year, 9, 1))
        .unwrap_or_default();
    let end = end.and_then(parse_day).unwrap_or_else(|| {
        let months = 12 * years.unwrap_or(3).clamp(1, 3) as u32;
        start
            .checked_add_months(chrono::Months::new(months))
            .and_then(|d| d.pred_opt())
            .unwrap_or(start)
    });
    (start, end)
}

/// The month an option names (`--from 2025-09`).
pub fn month_option(option: &str, raw: &str) -> Result<Month> {
    crate::rules::date::parse_month(raw).ok_or_else(|| {
        Error::Usage(msg!(
            "{option} 的值“{raw}”不是年月(如 2025-09)",
            "{option}: '{raw}' is not a month (such as 2025-09)"
        ))
    })
}

/// Refuses a span that makes no sense.
fn check_span(from: Month, to: Month) -> Result<usize> {
    let n = to.number() - from.number() + 1;
    if n < 1 {
        return Err(Error::Usage(msg!(
            "--to {to} 早于 --from {from}",
            "--to {to} is before --from {from}"
        )));
    }
    if n as usize > MOST_MONTHS {
        return Err(Error::Usage(msg!(
            "排班期间 {from} 至 {to} 共 {n} 个月,最多 {MOST_MONTHS} 个月",
            "the span {from} to {to} is {n} months; a plan covers at most {MOST_MONTHS}"
        )));
    }
    Ok(n as usize)
}

/// What the plan reads from the database, with the problem it makes.
struct Read {
    problem: Problem,
    /// The resident of each problem resident.
    people: Vec<Person>,
    /// Residents left out before planning, with why.
    excluded: Vec<(Person, Msg)>,
    /// Each problem resident's department names by month (rotations kept).
    kept_names: Vec<Vec<Vec<String>>>,
    /// Departments with rows in a programme but no capacity set.
    unlimited: Vec<String>,
}

fn read(tx: &Connection, org_id: i64, from: Month, months: usize) -> Result<Read> {
    let first_day = from.first_day();
    let last_day = Month::from_number(from.number() + months as i32 - 1).last_day();
    let mut names: HashMap<i64, String> = HashMap::new();
    {
        let mut stmt = tx.prepare("SELECT id, name FROM department WHERE org_id = ?1")?;
        let mut rows = stmt.query([org_id])?;
        while let Some(r) = rows.next()? {
            names.insert(r.get(0)?, r.get(1)?);
        }
    }
    let ids: HashMap<&str, i64> = names.iter().map(|(id, n)| (n.as_str(), *id)).collect();
    let programmes: HashMap<String, Vec<ProgrammeRow>> = programme::load(tx, org_id)?;
    let capacities = capacity::load(tx, org_id)?;
    // The departments of the plan: those of a programme and those with a
    // capacity, by name.
    let mut used: Vec<i64> = programmes
        .values()
        .flatten()
        .filter_map(|r| ids.get(r.department.as_str()).copied())
        .chain(capacities.keys().copied())
        .collect::<HashSet<i64>>()
        .into_iter()
        .collect();
    used.sort_by(|a, b| names[a].cmp(&names[b]));
    let index: HashMap<i64, usize> = used.iter().enumerate().map(|(i, id)| (*id, i)).collect();
    let mut departments: Vec<Department> = used
        .iter()
        .map(|id| {
            let cap = capacities.get(id);
            Department {
                name: names[id].clone(),
                capacity: (0..months)
                    .map(|t| cap.and_then(|c| c.of(Month::from_number(from.number() + t as i32))))
                    .collect(),
                kept: vec![0; months],
            }
        })
        .collect();
    let unlimited: Vec<String> = departments
        .iter()
        .filter(|d| d.capacity.iter().any(Option::is_none))
        .map(|d| d.name.clone())
        .collect();

    // Residents: the latest record of each person at the base.
    let mut latest: HashMap<i64, (Person, Status)> = HashMap::new();
    {
        let mut stmt = tx.prepare(
            "SELECT a.id, a.id_number, a.name, t.specialty, t.start_date, t.end_date,
                    t.recruit_year, t.approved_years, t.status
             FROM training t JOIN account a ON a.id = t.account_id
             WHERE t.org_id = ?1 ORDER BY t.id",
        )?;
        let mut rows = stmt.query([org_id])?;
        while let Some(r) = rows.next()? {
            let start: Option<String> = r.get(4)?;
            let end: Option<String> = r.get(5)?;
            let (start, end) =
                training_dates(start.as_deref(), end.as_deref(), r.get(6)?, r.get(7)?);
            let person = Person {
                account: r.get(0)?,
                id_number: r.get(1)?,
                name: r.get(2)?,
                specialty: r.get(3)?,
                start,
                end,
            };
            latest.insert(person.account, (person, r.get(8)?));
        }
    }
    let mut people: Vec<Person> = latest
        .into_values()
        .filter(|(p, s)| ROTATING.contains(s) && p.start <= last_day && p.end >= first_day)
        .map(|(p, _)| p)
        .collect();
    people.sort_by(|a, b| a.id_number.cmp(&b.id_number));

    // Rotations recorded: every one counts in its department's load; a
    // resident's own are kept in their schedule and credited to their
    // programme.
    let mut mine: HashMap<i64, Vec<Kept>> = HashMap::new();
    let mut present: HashSet<(usize, usize, i64)> = HashSet::new();
    {
        let mut stmt = tx.prepare(
            "SELECT account_id, department_id, start_date, end_date FROM rotation
             WHERE org_id = ?1",
        )?;
        let mut rows = stmt.query([org_id])?;
        while let Some(r) = rows.next()? {
            let start: String = r.get(2)?;
            let end: String = r.get(3)?;
            let (Some(start), Some(end)) = (parse_day(&start), parse_day(&end)) else {
                continue;
            };
            let k = Kept {
                account: r.get(0)?,
                department: r.get(1)?,
                start,
                end,
            };
            if let Some(&d) = index.get(&k.department) {
                let months_touched = touched(from, months, k.start, k.end);
                for t in 0..months {
                    if months_touched >> t & 1 == 1 && present.insert((d, t, k.account)) {
                        departments[d].kept[t] += 1;
                    }
                }
            }
            mine.entry(k.account).or_default().push(k);
        }
    }

    let mut residents = Vec::new();
    let mut kept_names = Vec::new();
    let mut chosen = Vec::new();
    let mut excluded = Vec::new();
    let span_end = from.number() + months as i32 - 1;
    for person in people {
        let Some(specialty) = person.specialty.clone() else {
            excluded.push((
                person,
                msg!(
                    "培训信息中没有培训专业:请先用 meded training import 补充",
                    "the training record has no specialty (培训专业): add it with meded training import"
                ),
            ));
            continue;
        };
        let Some(rows) = programmes.get(&specialty) else {
            excluded.push((
                person,
                msg!(
                    "本基地没有 {specialty} 的轮转方案:请先用 meded rotation programme import 导入",
                    "the base has no rotation programme for {specialty}: import one with meded rotation programme import"
                ),
            ));
            continue;
        };
        let kept: &[Kept] = mine.get(&person.account).map_or(&[], Vec::as_slice);
        // Months wholly within the training.
        let first_in = Month::of(person.start).number() + i32::from(person.start.day0() > 0);
        let last_in = Month::of(person.end).number()
            - i32::from(person.end != Month::of(person.end).last_day());
        let mut free = 0u128;
        for t in 0..months {
            let n = from.number() + t as i32;
            if n >= first_in && n <= last_in {
                free |= 1 << t;
            }
        }
        let mut names_by_month = vec![Vec::new(); months];
        let mut blocked_later: HashSet<i32> = HashSet::new();
        for k in kept {
            let hit = touched(from, months, k.start, k.end);
            free &= !hit;
            for (t, cell) in names_by_month.iter_mut().enumerate() {
                if hit >> t & 1 == 1 {
                    cell.push(names.get(&k.department).cloned().unwrap_or_default());
                }
            }
            for n in Month::of(k.start).number().max(span_end + 1)..=Month::of(k.end).number() {
                blocked_later.insert(n);
            }
        }
        let later = (span_end + 1..=last_in)
            .filter(|n| !blocked_later.contains(n))
            .count() as u32;
        let entries = entries(rows, kept, &ids, &index, from, months);
        residents.push(Resident {
            free,
            entries,
            later,
        });
        kept_names.push(names_by_month);
        chosen.push(person);
    }
    Ok(Read {
        problem: Problem {
            first: from,
            months,
            departments,
            residents,
        },
        people: chosen,
        excluded,
        kept_names,
        unlimited,
    })
}

/// A resident's programme rows still to do: the months of the rotations
/// recorded in a department are credited to its rows in order; what is
/// left of a row is one stretch. 顺序 orders the rows left among
/// themselves and against the rotations recorded.
fn entries(
    rows: &[ProgrammeRow],
    kept: &[Kept],
    ids: &HashMap<&str, i64>,
    index: &HashMap<i64, usize>,
    from: Month,
    months: usize,
) -> Vec<Entry> {
    // Rows in the order credit goes to them: by 顺序, then as listed.
    let mut order: Vec<usize> = (0..rows.len()).collect();
    order.sort_by_key(|&i| (rows[i].sequence.unwrap_or(u32::MAX), i));
    let mut left: Vec<u32> = rows.iter().map(|r| r.months).collect();
    // The months (first, last, as numbers) of the rotations credited to each row.
    let mut done: Vec<Option<(i32, i32)>> = vec![None; rows.len()];
    let mut sorted: Vec<&Kept> = kept.iter().collect();
    sorted.sort_by_key(|k| k.start);
    for k in sorted {
        let mut credit = credited(k.start, k.end);
        for &i in &order {
            if credit == 0 {
                break;
            }
            if ids.get(rows[i].department.as_str()) != Some(&k.department) || left[i] == 0 {
                continue;
            }
            let take = credit.min(left[i]);
            left[i] -= take;
            credit -= take;
            let (a, b) = (Month::of(k.start).number(), Month::of(k.end).number());
            done[i] = Some(match done[i] {
                Some((x, y)) => (x.min(a), y.max(b)),
                None => (a, b),
            });
        }
    }
    let to_do: Vec<usize> = (0..rows.len()).filter(|&i| left[i] > 0).collect();
    let position: HashMap<usize, usize> = to_do.iter().enumerate().map(|(k, &i)| (i, k)).collect();
    let mut out = Vec::new();
    for &i in &to_do {
        let row = &rows[i];
        let Some(&department) = ids
            .get(row.department.as_str())
            .and_then(|id| index.get(id))
        else {
            continue;
        };
        let mut after = 0u32;
        let (mut earliest, mut before) = (0i32, months as i32);
        if let Some(s) = row.sequence {
            for (j, other) in rows.iter().enumerate() {
                let Some(o) = other.sequence else { continue };
                if o < s {
                    if let Some(&k) = position.get(&j) {
                        after |= 1 << k;
                    }
                    if let Some((_, last)) = done[j] {
                        earliest = earliest.max(last + 1 - from.number());
                    }
                } else if o > s
                    && let Some((first, _)) = done[j]
                {
                    // A later row recorded from within the span: this one
                    // ends before it. (One recorded before the span broke
                    // the order then; nothing can mend it now.)
                    let at = first - from.number();
                    if at >= 0 {
                        before = before.min(at);
                    }
                }
            }
        }
        out.push(Entry {
            department,
            months: left[i],
            after,
            earliest: earliest.clamp(0, months as i32) as usize,
            before: before.clamp(0, months as i32) as usize,
            row: i,
        });
    }
    out
}

/// Serializes plans of the same base on a server (each reads the base's
/// rotations and adds to them).
const PLAN_LOCK: i64 = 7_373_659;

/// Plans the residents of a base over a span of months.
pub fn plan(conn: &mut Connection, opts: &PlanOptions, who: &Who) -> Result<PlanReport> {
    let months = check_span(opts.from, opts.to)?;
    if let Some(p) = &opts.output {
        book::check(p)?;
    }
    let tx = crate::db::write(conn)?;
    let org = org::find_kind(&tx, &opts.org, OrgKind::Base)?;
    crate::db::lock(&tx, PLAN_LOCK, org.id)?;
    let data = read(&tx, org.id, opts.from, months)?;
    let p = &data.problem;
    let sol = solve::solve(p, opts.seed);
    let short = explain::shortfalls(p);
    let report = report(&data, &sol, &short);
    if let Some(path) = &opts.output {
        book::write(path, &data, &sol, &report, opts.lang)?;
    }
    let mut report = report;
    if !opts.dry_run && !report.rotations.is_empty() {
        let change = Change::begin(&tx, who)?;
        let mut writer = RotationWriter::new(&tx, change, &org);
        let accounts: HashMap<&str, i64> = data
            .people
            .iter()
            .map(|p| (p.id_number.as_str(), p.account))
            .collect();
        for (i, r) in report.rotations.iter().enumerate() {
            let written = writer.write(RotationRow::Good {
                row: i as u32 + 1,
                account: accounts[r.id_number.as_str()],
                department: r.department.clone(),
                start: r.start,
                end: r.end,
            })?;
            if let Written::Refused(problems) = written {
                let why = problems
                    .first()
                    .map(|(_, m)| m.clone())
                    .unwrap_or_else(|| msg!("未知原因", "no reason given"));
                let (id, d, s, e) = (&r.id_number, &r.department, r.start, r.end);
                // Only a rotation recorded by another command while this
                // one planned can stand in the way.
                return Err(Error::Database {
                    msg: Msg::new(
                        format!(
                            "排班的轮转({id} {d} {s} 至 {e})写入时被拒绝:{};请重新排班",
                            why.zh
                        ),
                        format!(
                            "a rotation of the plan ({id} {d} from {s} to {e}) was refused when written: {}; run the plan again",
                            why.en
                        ),
                    ),
                    source: None,
                });
            }
        }
        tx.commit()?;
        report.written = true;
    }
    Ok(report)
}

/// The report of a plan: rotations, loads, balance, and for each resident
/// left out, why.
fn report(data: &Read, sol: &Solution, short: &[explain::Shortfall]) -> PlanReport {
    let p = &data.problem;
    let m = p.months;
    let mut rotations = Vec::new();
    let mut unplaced = Vec::new();
    for (r, person) in data.people.iter().enumerate() {
        match &sol.starts[r] {
            Some(starts) => {
                for (e, s) in p.residents[r].entries.iter().zip(starts) {
                    let Some(s) = s else { continue };
                    rotations.push(Planned {
                        id_number: person.id_number.clone(),
                        name: person.name.clone(),
                        department: p.departments[e.department].name.clone(),
                        start: p.month(*s).first_day(),
                        end: p.month(s + e.months as usize - 1).last_day(),
                    });
                }
            }
            None => unplaced.push(Unplaced {
                id_number: person.id_number.clone(),
                name: person.name.clone(),
                reasons: explain::reasons(p, sol, r, short),
            }),
        }
    }
    for (person, why) in &data.excluded {
        unplaced.push(Unplaced {
            id_number: person.id_number.clone(),
            name: person.name.clone(),
            reasons: vec![why.clone()],
        });
    }
    rotations.sort_by(|a, b| (&a.id_number, a.start).cmp(&(&b.id_number, b.start)));
    unplaced.sort_by(|a, b| a.id_number.cmp(&b.id_number));
    let loads = sol.loads(p);
    let mut load = Vec::with_capacity(p.departments.len() * m);
    let mut balance = Vec::new();
    for (d, dep) in p.departments.iter().enumerate() {
        let row = &loads[d * m..(d + 1) * m];
        for (t, &l) in row.iter().enumerate() {
            load.push(Load {
                department: dep.name.clone(),
                month: p.month(t).to_string(),
                residents: l,
                capacity: dep.capacity[t],
            });
        }
        let caps: Vec<u32> = dep.capacity.iter().flatten().copied().collect();
        balance.push(Balance {
            department: dep.name.clone(),
            capacity: if caps.len() == m {
                Some((
                    caps.iter().copied().min().unwrap_or(0),
                    caps.iter().copied().max().unwrap_or(0),
                ))
            } else {
                None
            },
            peak: row.iter().copied().max().unwrap_or(0),
            mean: row.iter().map(|&l| f64::from(l)).sum::<f64>() / m as f64,
        });
    }
    let mut notes: Vec<Msg> = short.iter().map(|s| s.message(p)).collect();
    if !data.unlimited.is_empty() {
        let list = data.unlimited.join("、");
        notes.push(msg!(
            "以下科室(部分月份)没有设每月容量,按不限人数排:{list}(用 meded rotation capacity import 设置)",
            "no monthly capacity is set for (some months of) these departments, which the plan takes as unlimited: {list} (set it with meded rotation capacity import)"
        ));
    }
    let residents = data.people.len() + data.excluded.len();
    PlanReport {
        residents,
        placed: residents - unplaced.len(),
        unplaced,
        rotations,
        load,
        balance,
        notes,
        written: false,
    }
}

#[cfg(test)]
mod tests;
