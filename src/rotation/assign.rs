//! Assigning a teacher to each rotation (分配带教老师): from a file, or
//! automatically (`--auto`).
//!
//! A teacher may take a rotation of year Y (the year it starts) when they
//! are a teacher of the rotation's department, recommended (推荐) for Y,
//! and eligible at 1 January of Y or recommended by override; and never
//! have more than `max` residents at once (docs/domain.md#teacher-assignment).
//!
//! `--auto` loads the teachers, their evidence and every assigned period
//! once, then sweeps each department's unassigned rotations by start date,
//! giving each to the candidate with the fewest residents during its
//! period (then the fewest rotations in all, then the lowest ID number), so
//! that 50,000 rotations are arithmetic in memory and one write.

use std::collections::HashMap;
use std::path::Path;

use crate::db::sql::{Connection, OptionalExtension, params};
use chrono::{Datelike, NaiveDate};
use serde::Serialize;

use super::import::{DEPARTMENT_ALIASES, END_ALIASES, ID_ALIASES, START_ALIASES};
use super::import::{ID_NUMBER, START, not_a_resident, period, resident_row, residents};
use crate::error::Result;
use crate::history::{Change, Item, Who};
use crate::i18n::Msg;
use crate::import::{At, Check, Flags, Import, ImportReport, Source, Written, record_check};
use crate::msg;
use crate::org::{self, Org};
use crate::rules::person;
use crate::rules::text::identifier;
use crate::sheet::{Column, Layout, Record, Workbook};
use crate::teacher::Appointment;
use crate::teacher::eligibility::Pool;

/// Residents a teacher takes at once unless told otherwise.
pub const DEFAULT_MAX: u32 = 3;

const DEPARTMENT: usize = super::import::DEPARTMENT;
const TEACHER_ID: usize = 5;
const TEACHER_NAME: usize = 6;

/// The 带教分配 template: a rotation (resident, department, period) and
/// its teacher.
pub const ASSIGN_LAYOUT: Layout = Layout {
    sheet: "带教分配",
    columns: &[
        Column::required("证件号码", ID_ALIASES),
        Column::optional("姓名", &["name", "学员姓名", "住院医师姓名"]),
        Column::required("科室", DEPARTMENT_ALIASES),
        Column::required("开始日期", START_ALIASES),
        Column::required("结束日期", END_ALIASES),
        Column::required(
            "带教老师证件号码",
            &[
                "teacher id number",
                "带教老师身份证号",
                "带教老师证件号",
                "带教老师身份证号码",
                "师资证件号码",
            ],
        ),
        Column::optional("带教老师", &["teacher", "带教老师姓名", "师资姓名"]),
    ],
};

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

fn check_max(max: u32) -> Result<()> {
    if max == 0 {
        return Err(crate::Error::Usage(msg!(
            "--max-per-teacher 至少为 1",
            "--max-per-teacher must be at least 1"
        )));
    }
    Ok(())
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

/// A row of the 带教分配 file that passed its own checks.
pub enum AssignRow {
    Good {
        account: i64,
        department: String,
        start: NaiveDate,
        end: NaiveDate,
        teacher: String,
        teacher_name: Option<String>,
    },
    Unknown {
        id_number: String,
        problems: Vec<(usize, Msg)>,
    },
}

/// The database side of `rotation assign --file`.
pub struct AssignWriter<'t> {
    tx: &'t Connection,
    change: Change,
    org: &'t Org,
    update: bool,
    max: u32,
    staff: Staff,
    loads: Loads,
    ov: Vec<(i32, i32)>,
}

impl AssignWriter<'_> {
    fn assign(
        &mut self,
        account: i64,
        department: String,
        start: NaiveDate,
        end: NaiveDate,
        teacher: String,
        teacher_name: Option<String>,
    ) -> Result<Written> {
        let refuse = |col: usize, m: Msg| Ok(Written::Refused(vec![(At::Column(col), m)]));
        let Some(department_id) = org::find_department(self.tx, self.org.id, &department)? else {
            let code = &self.org.code;
            return refuse(
                DEPARTMENT,
                msg!(
                    "机构 {code} 没有名为“{department}”的科室",
                    "the organisation {code} has no department named '{department}'"
                ),
            );
        };
        /// The rotation, its teacher (account, ID number) and its resident.
        type Found = (i64, Option<i64>, Option<String>, String, String);
        let found: Option<Found> = self
            .tx
            .prepare_cached(
                "SELECT r.id, r.teacher_id, t.id_number, a.id_number, a.name
                 FROM rotation r JOIN account a ON a.id = r.account_id
                 LEFT JOIN account t ON t.id = r.teacher_id
                 WHERE r.account_id = ?1 AND r.department_id = ?2
                   AND r.start_date = ?3 AND r.end_date = ?4",
            )?
            .query_row(
                params![account, department_id, start.to_string(), end.to_string()],
                |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?)),
            )
            .optional()?;
        let Some((rotation, current, current_number, id_number, name)) = found else {
            return refuse(
                START,
                msg!(
                    "没有该住院医师在 {department} {start} 至 {end} 的轮转(先用 meded rotation import 导入轮转计划)",
                    "this resident has no rotation in {department} from {start} to {end} (import the rotation plan first with meded rotation import)"
                ),
            );
        };
        let i = match self
            .staff
            .pool
            .teachers
            .binary_search_by(|t| t.id_number.as_str().cmp(&teacher))
        {
            Ok(i) => i,
            Err(_) => {
                let found = crate::account::find(self.tx, &teacher)?;
                return refuse(
                    TEACHER_ID,
                    crate::teacher::not_a_teacher(&teacher, found.as_ref(), self.org),
                );
            }
        };
        let t = &self.staff.pool.teachers[i];
        let (t_account, t_name) = (t.account_id, t.name.clone());
        if let Some(given) = teacher_name
            && given != t_name
        {
            return refuse(
                TEACHER_NAME,
                msg!(
                    "带教老师“{given}”与证件号码 {teacher} 的师资“{t_name}”不符",
                    "the teacher '{given}' differs from the name '{t_name}' of {teacher}"
                ),
            );
        }
        if current == Some(t_account) {
            return Ok(Written::Skipped(None));
        }
        if let (Some(_), Some(other), false) = (current, &current_number, self.update) {
            return Ok(Written::Skipped(Some((
                TEACHER_ID,
                msg!(
                    "已跳过:该轮转已分配给 {other};如要改派,请加 --update",
                    "skipped: this rotation is assigned to {other} already; use --update to change it"
                ),
            ))));
        }
        if let Some(why) = self
            .staff
            .unfit(self.tx, i, department_id, &department, start.year())?
        {
            return refuse(TEACHER_ID, why);
        }
        let (s, e) = (n(start), n(end));
        self.loads.overlapping(t_account, s, e, &mut self.ov);
        let at_once = peak(&self.ov, s);
        if at_once >= self.max {
            let max = self.max;
            return refuse(
                TEACHER_ID,
                msg!(
                    "{teacher} 在 {start} 至 {end} 已同时带教 {at_once} 名住院医师(最多 {max} 名)",
                    "{teacher} already has {at_once} residents at once between {start} and {end} (at most {max})"
                ),
            );
        }
        self.tx
            .prepare_cached(
                "UPDATE rotation SET teacher_id = ?2, assigned_change = ?3 WHERE id = ?1",
            )?
            .execute(params![rotation, t_account, self.change.id])?;
        if let Some(old) = current {
            self.loads.remove(old, s, e);
        }
        self.loads.add(t_account, s, e);
        log_assignment(
            self.tx,
            &self.change,
            &Assignment {
                rotation,
                id_number,
                name,
                department,
                start,
                end,
                teacher,
                teacher_name: t_name,
            },
            current_number.as_deref(),
        )?;
        Ok(if current.is_some() {
            Written::Updated
        } else {
            Written::Created
        })
    }
}

impl crate::import::Writer for AssignWriter<'_> {
    type Row = AssignRow;
    type Done = ();

    fn write(&mut self, row: AssignRow) -> Result<Written> {
        match row {
            AssignRow::Unknown {
                id_number,
                problems,
            } => {
                let why = not_a_resident(self.tx, &id_number, self.org)?;
                let mut all = vec![(At::Column(ID_NUMBER), why)];
                all.extend(problems.into_iter().map(|(c, m)| (At::Column(c), m)));
                Ok(Written::Refused(all))
            }
            AssignRow::Good {
                account,
                department,
                start,
                end,
                teacher,
                teacher_name,
            } => self.assign(account, department, start, end, teacher, teacher_name),
        }
    }
}

/// `rotation assign --file` on the import skeleton.
pub struct AssignImport {
    org: Org,
    max: u32,
}

impl Import for AssignImport {
    type Input = Record;
    type Row = AssignRow;
    type Done = ();
    type Writer<'t> = AssignWriter<'t>;

    fn open(
        &mut self,
        book: &Workbook,
        flags: &Flags,
        _progress: &(dyn Fn(u64, u64) + Sync),
    ) -> Result<Source<Record>> {
        Ok(Source::table(
            book.table(flags.sheet.as_deref(), &ASSIGN_LAYOUT)?,
        ))
    }

    fn begin<'t>(
        &'t self,
        tx: &'t Connection,
        change: Change,
        flags: &Flags,
    ) -> Result<(Check<Record, AssignRow>, AssignWriter<'t>)> {
        let residents = residents(tx, self.org.id)?;
        let check = record_check(move |rec: &Record, problems: &mut Vec<(usize, Msg)>| {
            let account = resident_row(rec, &residents, false, problems);
            let period = period(rec, problems);
            let teacher = identifier(&rec.get(TEACHER_ID).display());
            if teacher.is_empty() {
                problems.push((
                    TEACHER_ID,
                    msg!("带教老师证件号码为空", "the teacher's ID number is empty"),
                ));
            }
            let teacher_name = {
                let c = rec.get(TEACHER_NAME);
                if c.is_blank() {
                    None
                } else {
                    person::name(&c.display())
                        .map_err(|m| problems.push((TEACHER_NAME, m)))
                        .ok()
                }
            };
            match account {
                Err(id_number) => Some(AssignRow::Unknown {
                    id_number,
                    problems: std::mem::take(problems),
                }),
                Ok(account) => {
                    let (department, start, end) = period?;
                    Some(AssignRow::Good {
                        account: account?,
                        department,
                        start,
                        end,
                        teacher,
                        teacher_name,
                    })
                }
            }
        });
        Ok((
            check,
            AssignWriter {
                tx,
                change,
                org: &self.org,
                update: flags.update,
                max: self.max,
                staff: Staff::load(tx, self.org.id)?,
                loads: Loads::load(tx, self.org.id)?,
                ov: Vec::new(),
            },
        ))
    }
}

/// The row check alone, on rows made up by the caller (cells in the order
/// of [`ASSIGN_LAYOUT`]), nothing written: for the fuzz targets and tests
/// (docs/reliability.md).
#[doc(hidden)]
pub fn check_rows(
    conn: &mut Connection,
    org: &str,
    rows: Vec<Vec<crate::sheet::Cell>>,
) -> Result<Vec<crate::import::probe::Verdict>> {
    let importer = AssignImport {
        org: org::find(conn, org)?,
        max: 1,
    };
    crate::import::probe::records(conn, &importer, &ASSIGN_LAYOUT, rows)
}

/// Assigns teachers to rotations from a 带教分配 file.
pub fn from_file(
    conn: &mut Connection,
    path: &Path,
    org: &str,
    max_per_teacher: u32,
    flags: &Flags,
    who: &Who,
    progress: &(dyn Fn(u64, u64) + Sync),
) -> Result<ImportReport> {
    check_max(max_per_teacher)?;
    let mut importer = AssignImport {
        org: org::find_kind(conn, org, crate::org::OrgKind::Base)?,
        max: max_per_teacher,
    };
    Ok(crate::import::run(
        conn,
        path,
        flags,
        who,
        &mut importer,
        progress,
        &mut |_, _| Ok(()),
    )?
    .0)
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
