//! `training import`: the base's 培训信息 for its residents, and the early
//! completers of seed 004 附件1 (结业信息).
//!
//! The recruitment year and the base of a record never change through an
//! import, and neither does a specialty once set: a change of specialty is a
//! transfer (退培, then a new admission), seed 004 §二(二)(1)f.

use std::collections::HashSet;
use std::path::Path;

use chrono::{Datelike, NaiveDate};
use rusqlite::{Connection, OptionalExtension, params};

use super::layout::{self, COMPLETION_LAYOUT, TRAINING_LAYOUT};
use super::{
    PersonType, RECORD_COLUMNS, RECORD_FROM, Record, ReportStatus, Status, record_from_row,
};
use crate::collection::Locks;
use crate::error::{Error, Result};
use crate::history::{Change, Item, Who};
use crate::i18n::Msg;
use crate::import::ImportReport;
use crate::msg;
use crate::org::{self, Org};
use crate::rules::codes::Province;
use crate::rules::id::{self, IdType};
use crate::rules::person;
use crate::rules::text::{identifier, normalize};
use crate::sheet::{Cell, Record as Line, Workbook};
use crate::state::State;

// Columns of the 培训信息 template (layout::TRAINING_LAYOUT).
const ID_NUMBER: usize = layout::T_ID_NUMBER;
const NAME: usize = layout::T_NAME;
const YEAR: usize = layout::T_YEAR;
const SPECIALTY: usize = layout::T_SPECIALTY;
const PERSON_TYPE: usize = layout::T_PERSONNEL_TYPE;
const YEARS: usize = layout::T_YEARS;
const START: usize = layout::T_START;
const END: usize = layout::T_END;
const STATUS: usize = layout::T_STATUS;

// Columns of 附件1 (layout::COMPLETION_LAYOUT).
const C_NAME: usize = 0;
const C_ID_TYPE: usize = 1;
const C_ID_NUMBER: usize = 2;
const C_PHONE: usize = 3;
const C_PERSON_TYPE: usize = 4;
const C_PROVINCE: usize = 5;
const C_BASE: usize = 6;
const C_SPECIALTY: usize = 7;
const C_YEARS: usize = 8;
const C_START: usize = 9;
const C_END: usize = 10;
const C_CERT_NO: usize = 11;
const C_CERT_DATE: usize = 12;

/// Longest 合格证书编号 accepted (no national format is published).
pub const CERTIFICATE_MAX_CHARS: usize = 30;

/// What `training import` is asked to do.
#[derive(Debug, Clone)]
pub struct TrainingImportOptions {
    pub org: String,
    pub sheet: Option<String>,
    pub dry_run: bool,
    pub strict: bool,
    pub override_lock: bool,
    pub keep_refused_rows: bool,
    pub today: NaiveDate,
}

/// Which template a file holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Template {
    Training,
    Completion,
}

fn day_of(cell: &Cell, field: &str) -> Result<Option<NaiveDate>, Msg> {
    if cell.is_blank() {
        return Ok(None);
    }
    cell.as_day().map(Some).ok_or_else(|| {
        let shown = cell.display();
        msg!(
            "{field}“{shown}”不是日期(如 2019-09-01)",
            "{field} '{shown}' is not a date (such as 2019-09-01)"
        )
    })
}

fn years_of(cell: &Cell) -> Result<Option<i32>, Msg> {
    if cell.is_blank() {
        return Ok(None);
    }
    let t = cell.text();
    let n = t.trim_end_matches('年').trim().parse::<f64>().ok();
    match n {
        Some(n) if n.fract() == 0.0 && (1.0..=3.0).contains(&n) => Ok(Some(n as i32)),
        _ => Err(msg!(
            "核定培训年限应为 1、2 或 3,而不是“{t}”",
            "核定培训年限 must be 1, 2 or 3, not '{t}'"
        )),
    }
}

fn person_type_of(cell: &Cell) -> Result<Option<PersonType>, Msg> {
    if cell.is_blank() {
        return Ok(None);
    }
    PersonType::parse(&cell.text()).map(Some).ok_or_else(|| {
        let shown = cell.display();
        let all: Vec<&str> = PersonType::ALL.iter().map(|t| t.label()).collect();
        let all = all.join("、");
        msg!(
            "不认识的人员类型“{shown}”(可用:{all})",
            "unknown person type '{shown}' (use one of: {all})"
        )
    })
}

/// Start and end dates that make sense for a recruitment year.
fn check_span(
    start: Option<NaiveDate>,
    end: Option<NaiveDate>,
    recruit_year: i32,
    problems: &mut Vec<(usize, Msg)>,
    (start_col, end_col): (usize, usize),
) {
    if let Some(s) = start
        && (s.year() < recruit_year - 1 || s.year() > recruit_year + 1)
    {
        problems.push((
            start_col,
            msg!(
                "培训开始时间 {s} 与招收年份 {recruit_year} 不符",
                "the start date {s} does not fit the recruitment year {recruit_year}"
            ),
        ));
    }
    if let (Some(s), Some(e)) = (start, end)
        && e <= s
    {
        problems.push((
            end_col,
            msg!(
                "培训结束时间 {e} 不晚于开始时间 {s}",
                "the end date {e} is not after the start date {s}"
            ),
        ));
    }
}

/// The fields of a record that an import may set.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Field {
    Specialty,
    PersonType,
    ApprovedYears,
    StartDate,
    EndDate,
    CertificateNo,
    CertificateDate,
}

impl Field {
    const ALL: [Field; 7] = [
        Field::Specialty,
        Field::PersonType,
        Field::ApprovedYears,
        Field::StartDate,
        Field::EndDate,
        Field::CertificateNo,
        Field::CertificateDate,
    ];

    /// The label of the template, as the change log records it.
    fn label(self) -> &'static str {
        match self {
            Field::Specialty => "培训专业",
            Field::PersonType => "人员类型",
            Field::ApprovedYears => "核定培训年限",
            Field::StartDate => "培训开始时间",
            Field::EndDate => "培训结束时间",
            Field::CertificateNo => "合格证书编号",
            Field::CertificateDate => "合格证书发放时间",
        }
    }

    fn of(self, r: &Record) -> Option<String> {
        match self {
            Field::Specialty => r.specialty.clone(),
            Field::PersonType => r.person_type.clone(),
            Field::ApprovedYears => r.approved_years.map(|y| y.to_string()),
            Field::StartDate => r.start_date.clone(),
            Field::EndDate => r.end_date.clone(),
            Field::CertificateNo => r.certificate_no.clone(),
            Field::CertificateDate => r.certificate_date.clone(),
        }
    }
}

/// A field of a record that a row sets.
struct Set {
    field: Field,
    value: String,
}

/// Imports a 培训信息 or 结业信息 file for a base.
pub fn import(
    conn: &mut Connection,
    path: &Path,
    opts: &TrainingImportOptions,
    who: &Who,
    progress: &dyn Fn(u64, u64),
) -> Result<(Template, ImportReport)> {
    let org = org::find(conn, &opts.org)?;
    let book = Workbook::open(path)?;
    let (template, table) = match opts.sheet.as_deref() {
        Some(s) => match book.table(Some(s), &TRAINING_LAYOUT) {
            Ok(t) => (Template::Training, t),
            Err(Error::Input(first)) => match book.table(Some(s), &COMPLETION_LAYOUT) {
                Ok(t) => (Template::Completion, t),
                Err(_) => return Err(Error::Input(first)),
            },
            Err(e) => return Err(e),
        },
        None if book.find_sheet(COMPLETION_LAYOUT.sheet).is_some() => {
            (Template::Completion, book.table(None, &COMPLETION_LAYOUT)?)
        }
        None => match book.table(None, &TRAINING_LAYOUT) {
            Ok(t) => (Template::Training, t),
            Err(Error::Input(first)) => match book.table(None, &COMPLETION_LAYOUT) {
                Ok(t) => (Template::Completion, t),
                Err(_) => return Err(Error::Input(first)),
            },
            Err(e) => return Err(e),
        },
    };
    let headers = table.layout_headers();
    let mut report = ImportReport::for_table(&table);
    let reader = table.progress();
    let tx = crate::db::write(conn)?;
    let change = Change::begin(&tx, who)?;
    let locks = Locks::load(&tx, opts.today)?;
    let mut ctx = Ctx {
        tx: &tx,
        change: &change,
        org: &org,
        locks: &locks,
        opts,
        seen: HashSet::new(),
    };
    for (n, line) in table.enumerate() {
        let line = line?;
        if n % 512 == 0 {
            let (done, total) = reader.get();
            progress(done, total);
        }
        let mut problems: Vec<(usize, Msg)> = Vec::new();
        let outcome = match template {
            Template::Training => ctx.training_row(&line, &mut problems)?,
            Template::Completion => ctx.completion_row(&line, &mut problems)?,
        };
        match outcome {
            Some(Outcome::Created) => report.imported += 1,
            Some(Outcome::Updated) => report.updated += 1,
            Some(Outcome::Unchanged) => report.skipped += 1,
            None => {}
        }
        if !problems.is_empty() {
            report.reject_at(line.row, line.cells, &headers, problems);
        }
    }
    let (_, total) = reader.get();
    progress(total, total);
    let commit = report.commits(opts.dry_run, opts.strict);
    if !opts.keep_refused_rows {
        for r in &mut report.refused {
            r.cells.clear();
        }
    }
    if commit {
        tx.commit()?;
        report.written = true;
    }
    Ok((template, report))
}

enum Outcome {
    Created,
    Updated,
    Unchanged,
}

struct Ctx<'a> {
    tx: &'a Connection,
    change: &'a Change,
    org: &'a Org,
    locks: &'a Locks,
    opts: &'a TrainingImportOptions,
    /// ID numbers already met in the file.
    seen: HashSet<String>,
}

impl Ctx<'_> {
    fn duplicate(&mut self, id_number: &str, col: usize, problems: &mut Vec<(usize, Msg)>) -> bool {
        if self.seen.insert(id_number.to_owned()) {
            return false;
        }
        problems.push((
            col,
            msg!(
                "证件号码 {id_number} 在文件中出现不止一次",
                "the ID number {id_number} appears more than once in the file"
            ),
        ));
        true
    }

    /// The person's latest record at this base, or the reason there is none.
    fn record_here(&self, id_number: &str) -> Result<Result<Record, Msg>> {
        let here: Option<Record> = self
            .tx
            .prepare_cached(&format!(
                "SELECT {RECORD_COLUMNS} FROM {RECORD_FROM}
                 WHERE a.id_number = ?1 AND t.org_id = ?2 ORDER BY t.id DESC LIMIT 1"
            ))?
            .query_row(params![id_number, self.org.id], record_from_row)
            .optional()?;
        if let Some(r) = here {
            return Ok(Ok(r));
        }
        let elsewhere: Option<(String, String)> = self
            .tx
            .prepare_cached(
                "SELECT o.code, o.name FROM account a JOIN org o ON o.id = a.org_id
                 WHERE a.id_number = ?1",
            )?
            .query_row([id_number], |r| Ok((r.get(0)?, r.get(1)?)))
            .optional()?;
        let code = &self.org.code;
        Ok(Err(match elsewhere {
            None => msg!(
                "没有证件号码为 {id_number} 的账号;请先用 account import 导入",
                "no account with the ID number {id_number}; import it first with account import"
            ),
            Some((other, name)) => msg!(
                "此人不在基地 {code} 培训(账号属于 {name} {other})",
                "this person does not train at the base {code} (the account belongs to {name} {other})"
            ),
        }))
    }

    /// Refuses a change to a locked year, or records the override.
    fn lock_problem(&self, year: i32) -> Option<Msg> {
        let lock = self.locks.of_year(year)?;
        (!self.opts.override_lock).then(|| lock.msg())
    }

    /// Writes the fields a row sets, logging each change.
    fn apply(&self, record: &Record, sets: &[Set], status: Option<Status>) -> Result<bool> {
        let subject = &record.id_number;
        let override_note = self
            .locks
            .of_year(record.recruit_year)
            .map(|l| format!("--override: {}", l.collection.describe()));
        let mut new: [Option<&str>; 7] = [None; 7];
        for s in sets {
            let before = s.field.of(record);
            if before.as_deref() == Some(s.value.as_str()) {
                continue;
            }
            if let Some(i) = Field::ALL.iter().position(|f| *f == s.field) {
                new[i] = Some(&s.value);
            }
            self.change.log(
                self.tx,
                &Item {
                    subject,
                    entity: "training",
                    action: "update",
                    field: Some(s.field.label()),
                    before: before.as_deref(),
                    after: Some(&s.value),
                    note: override_note.as_deref(),
                },
            )?;
        }
        let status = status.filter(|s| *s != record.status);
        if let Some(st) = status {
            self.change.log(
                self.tx,
                &Item {
                    subject,
                    entity: "training",
                    action: "update",
                    field: Some("培训状态"),
                    before: Some(record.status.label()),
                    after: Some(st.label()),
                    note: override_note.as_deref(),
                },
            )?;
        }
        if new.iter().all(Option::is_none) && status.is_none() {
            return Ok(false);
        }
        self.tx
            .prepare_cached(
                "UPDATE training SET specialty = coalesce(?2, specialty),
                        person_type = coalesce(?3, person_type),
                        approved_years = coalesce(?4, approved_years),
                        start_date = coalesce(?5, start_date),
                        end_date = coalesce(?6, end_date),
                        certificate_no = coalesce(?7, certificate_no),
                        certificate_date = coalesce(?8, certificate_date),
                        status = coalesce(?9, status)
                 WHERE id = ?1",
            )?
            .execute(params![
                record.id,
                new[0],
                new[1],
                new[2].and_then(|y| y.parse::<i32>().ok()),
                new[3],
                new[4],
                new[5],
                new[6],
                status.map(Status::label)
            ])?;
        // The record was read in this transaction: only a submitted one
        // needs setting back.
        if record.report_status == ReportStatus::Submitted {
            super::submission::reopen(self.tx, self.change, record.id, subject)?;
        }
        Ok(true)
    }

    fn training_row(
        &mut self,
        line: &Line,
        problems: &mut Vec<(usize, Msg)>,
    ) -> Result<Option<Outcome>> {
        let id_number = identifier(&line.get(ID_NUMBER).display());
        if id_number.is_empty() {
            problems.push((ID_NUMBER, msg!("证件号码为空", "the ID number is empty")));
            return Ok(None);
        }
        if self.duplicate(&id_number, ID_NUMBER, problems) {
            return Ok(None);
        }
        let record = match self.record_here(&id_number)? {
            Ok(r) => r,
            Err(m) => {
                problems.push((ID_NUMBER, m));
                return Ok(None);
            }
        };
        let name = normalize(&line.get(NAME).display()).into_owned();
        if name != record.name {
            let old = &record.name;
            problems.push((
                NAME,
                msg!(
                    "姓名“{name}”与账号的姓名“{old}”不一致",
                    "the name '{name}' differs from the account's '{old}'"
                ),
            ));
        }
        match line.get(YEAR).as_year() {
            Some(y) if y == record.recruit_year => {}
            Some(y) => {
                let old = record.recruit_year;
                problems.push((
                    YEAR,
                    msg!(
                        "招收年份不能更改(记录为 {old},文件为 {y})",
                        "the recruitment year cannot be changed (the record has {old}, the file {y})"
                    ),
                ));
            }
            None => {
                let shown = line.get(YEAR).display();
                problems.push((
                    YEAR,
                    msg!(
                        "招收年份“{shown}”不是年份",
                        "the recruitment year '{shown}' is not a year"
                    ),
                ));
            }
        }
        if let Some(m) = self.lock_problem(record.recruit_year) {
            problems.push((YEAR, m));
        }
        let mut sets = Vec::new();
        let specialty = normalize(&line.get(SPECIALTY).display()).into_owned();
        if !specialty.is_empty() {
            match &record.specialty {
                Some(old) if *old != specialty => problems.push((
                    SPECIALTY,
                    msg!(
                        "培训专业不能直接更改(记录为“{old}”):换专业须由本基地先将其培训状态改为退培,再重新导入",
                        "the specialty cannot be changed here (the record has '{old}'): a change of specialty is a transfer — set 退培, then import the person again"
                    ),
                )),
                _ => sets.push(Set {
                    field: Field::Specialty,
                    value: specialty,
                }),
            }
        }
        match person_type_of(line.get(PERSON_TYPE)) {
            Ok(Some(t)) => sets.push(Set {
                field: Field::PersonType,
                value: t.label().to_owned(),
            }),
            Ok(None) => {}
            Err(m) => problems.push((PERSON_TYPE, m)),
        }
        match years_of(line.get(YEARS)) {
            Ok(Some(y)) => sets.push(Set {
                field: Field::ApprovedYears,
                value: y.to_string(),
            }),
            Ok(None) => {}
            Err(m) => problems.push((YEARS, m)),
        }
        let start = day_of(line.get(START), "培训开始时间").map_err(|m| problems.push((START, m)));
        let end = day_of(line.get(END), "培训结束时间").map_err(|m| problems.push((END, m)));
        let (start, end) = (start.ok().flatten(), end.ok().flatten());
        let known_start = start.or(record
            .start_date
            .as_deref()
            .and_then(crate::rules::date::parse_day));
        let known_end = end.or(record
            .end_date
            .as_deref()
            .and_then(crate::rules::date::parse_day));
        check_span(
            known_start,
            known_end,
            record.recruit_year,
            problems,
            (START, END),
        );
        for (field, value) in [(Field::StartDate, start), (Field::EndDate, end)] {
            if let Some(d) = value {
                sets.push(Set {
                    field,
                    value: d.to_string(),
                });
            }
        }
        let status = if line.get(STATUS).is_blank() {
            None
        } else {
            match Status::parse(&line.get(STATUS).text()) {
                Some(s) if s == record.status || record.status.can_become(s) => Some(s),
                Some(s) => {
                    problems.push((STATUS, record.status.refuse_move(s)));
                    None
                }
                None => {
                    let shown = line.get(STATUS).display();
                    let all: Vec<&str> = Status::ALL.iter().map(|s| s.label()).collect();
                    let all = all.join("、");
                    problems.push((
                        STATUS,
                        msg!(
                            "不认识的培训状态“{shown}”(可用:{all})",
                            "unknown training status '{shown}' (use one of: {all})"
                        ),
                    ));
                    None
                }
            }
        };
        if !problems.is_empty() {
            return Ok(None);
        }
        Ok(Some(if self.apply(&record, &sets, status)? {
            Outcome::Updated
        } else {
            Outcome::Unchanged
        }))
    }

    fn completion_row(
        &mut self,
        line: &Line,
        problems: &mut Vec<(usize, Msg)>,
    ) -> Result<Option<Outcome>> {
        let text = |col: usize| normalize(&line.get(col).display()).into_owned();
        let name =
            person::name(&line.get(C_NAME).display()).map_err(|m| problems.push((C_NAME, m)));
        let id_type = IdType::parse(&line.get(C_ID_TYPE).display()).ok_or_else(|| {
            let shown = line.get(C_ID_TYPE).display();
            problems.push((
                C_ID_TYPE,
                msg!("不认识的证件类型“{shown}”", "unknown ID type '{shown}'"),
            ));
        });
        let id_cell = line.get(C_ID_NUMBER);
        let id_number = id_type.and_then(|t| {
            id::check(t, &id_cell.display(), id_cell.is_number(), self.opts.today)
                .map(|i| i.number)
                .map_err(|p| problems.push((C_ID_NUMBER, p.msg())))
        });
        let phone =
            person::mobile(&line.get(C_PHONE).display()).map_err(|m| problems.push((C_PHONE, m)));
        let person_type = match person_type_of(line.get(C_PERSON_TYPE)) {
            Ok(Some(t)) => Some(t),
            Ok(None) => {
                problems.push((
                    C_PERSON_TYPE,
                    msg!("人员类型为空", "the person type is empty"),
                ));
                None
            }
            Err(m) => {
                problems.push((C_PERSON_TYPE, m));
                None
            }
        };
        let province = text(C_PROVINCE);
        match (Province::find(&province), self.org.province.as_deref()) {
            (None, _) => problems.push((
                C_PROVINCE,
                msg!("不认识的省份“{province}”", "unknown province '{province}'"),
            )),
            (Some(p), Some(mine)) if p.code != mine => {
                let code = &self.org.code;
                problems.push((
                    C_PROVINCE,
                    msg!(
                        "培训所在省份“{province}”不是基地 {code} 所在的省份",
                        "the province '{province}' is not that of the base {code}"
                    ),
                ));
            }
            _ => {}
        }
        let base = text(C_BASE);
        if base != self.org.name && base != self.org.code {
            let (code, org_name) = (&self.org.code, &self.org.name);
            problems.push((
                C_BASE,
                msg!(
                    "培训基地“{base}”不是 {org_name}({code});每个基地的结业信息分别导入",
                    "the base '{base}' is not {org_name} ({code}); import each base's completers with its own --org"
                ),
            ));
        }
        let specialty = text(C_SPECIALTY);
        if specialty.is_empty() {
            problems.push((C_SPECIALTY, msg!("培训专业为空", "the specialty is empty")));
        }
        let years = match years_of(line.get(C_YEARS)) {
            Ok(Some(y)) => Some(y),
            Ok(None) => {
                problems.push((C_YEARS, msg!("核定培训年限为空", "核定培训年限 is empty")));
                None
            }
            Err(m) => {
                problems.push((C_YEARS, m));
                None
            }
        };
        let required_day = |col: usize, field: &str, problems: &mut Vec<(usize, Msg)>| match day_of(
            line.get(col),
            field,
        ) {
            Ok(Some(d)) => Some(d),
            Ok(None) => {
                problems.push((col, msg!("{field}为空", "{field} is empty")));
                None
            }
            Err(m) => {
                problems.push((col, m));
                None
            }
        };
        let start = required_day(C_START, "培训实际开始时间", problems);
        let end = required_day(C_END, "培训实际结束时间", problems);
        let cert_date = required_day(C_CERT_DATE, "合格证书发放时间", problems);
        let cert_no = text(C_CERT_NO);
        if cert_no.is_empty() {
            problems.push((
                C_CERT_NO,
                msg!("合格证书编号为空", "the certificate number is empty"),
            ));
        } else if cert_no.chars().count() > CERTIFICATE_MAX_CHARS {
            problems.push((
                C_CERT_NO,
                msg!(
                    "合格证书编号超过 {CERTIFICATE_MAX_CHARS} 个字符",
                    "the certificate number is longer than {CERTIFICATE_MAX_CHARS} characters"
                ),
            ));
        }
        if let (Some(s), Some(e)) = (start, end) {
            check_span(Some(s), Some(e), s.year(), problems, (C_START, C_END));
        }
        if let (Some(e), Some(c)) = (end, cert_date)
            && c < e
        {
            problems.push((
                C_CERT_DATE,
                msg!(
                    "合格证书发放时间 {c} 早于培训结束时间 {e}",
                    "the certificate date {c} is before the end of training {e}"
                ),
            ));
        }
        let (
            Ok(name),
            Ok(id_type),
            Ok(id_number),
            Ok(phone),
            Some(person_type),
            Some(years),
            Some(start),
            Some(end),
            Some(cert_date),
        ) = (
            name,
            id_type,
            id_number,
            phone,
            person_type,
            years,
            start,
            end,
            cert_date,
        )
        else {
            return Ok(None);
        };
        if !problems.is_empty() || self.duplicate(&id_number, C_ID_NUMBER, problems) {
            return Ok(None);
        }
        let recruit_year = start.year();
        let locked = self.lock_problem(recruit_year);
        let open_completion = self.locks.completion_open();
        if let (Some(m), false) = (&locked, open_completion) {
            problems.push((C_START, m.clone()));
            return Ok(None);
        }
        let sets = [
            (Field::Specialty, specialty.clone()),
            (Field::PersonType, person_type.label().to_owned()),
            (Field::ApprovedYears, years.to_string()),
            (Field::StartDate, start.to_string()),
            (Field::EndDate, end.to_string()),
            (Field::CertificateNo, cert_no.clone()),
            (Field::CertificateDate, cert_date.to_string()),
        ]
        .map(|(field, value)| Set { field, value });
        match self.record_here(&id_number)? {
            Ok(record) => {
                if record.specialty.as_deref().is_some_and(|s| s != specialty) {
                    let old = record.specialty.clone().unwrap_or_default();
                    problems.push((
                        C_SPECIALTY,
                        msg!(
                            "培训专业与记录(“{old}”)不一致",
                            "the specialty differs from the record's ('{old}')"
                        ),
                    ));
                    return Ok(None);
                }
                if record.status != Status::Completed
                    && !record.status.can_become(Status::Completed)
                {
                    problems.push((C_CERT_NO, record.status.refuse_move(Status::Completed)));
                    return Ok(None);
                }
                let changed = self.apply(&record, &sets, Some(Status::Completed))?;
                Ok(Some(if changed {
                    Outcome::Updated
                } else {
                    Outcome::Unchanged
                }))
            }
            Err(_) => {
                if let Some(m) =
                    self.create_completer(&name, id_type, &id_number, &phone, recruit_year)?
                {
                    problems.push((C_ID_NUMBER, m));
                    return Ok(None);
                }
                let record = match self.record_here(&id_number)? {
                    Ok(r) => r,
                    Err(m) => {
                        problems.push((C_ID_NUMBER, m));
                        return Ok(None);
                    }
                };
                self.apply(&record, &sets, Some(Status::Completed))?;
                Ok(Some(Outcome::Created))
            }
        }
    }

    /// Creates the account (if there is none) and a record at this base
    /// for an early completer; the refusal if the person is bound elsewhere.
    fn create_completer(
        &self,
        name: &str,
        id_type: IdType,
        id_number: &str,
        phone: &str,
        recruit_year: i32,
    ) -> Result<Option<Msg>> {
        let existing: Option<(i64, String, String)> = self
            .tx
            .query_row(
                "SELECT a.id, a.role, o.code FROM account a JOIN org o ON o.id = a.org_id WHERE a.id_number = ?1",
                [id_number],
                |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
            )
            .optional()?;
        let account_id = match existing {
            Some((_, role, code)) if role != "resident" => {
                return Ok(Some(msg!(
                    "此证件号码已是 {code} 的非住院医师账号",
                    "this ID number already has a non-resident account at {code}"
                )));
            }
            Some((id, _, code)) => {
                if let Some(b) = super::bound_elsewhere(self.tx, id, self.org.id)? {
                    return Ok(Some(b.refusal()));
                }
                if code != self.org.code {
                    self.tx.execute(
                        "UPDATE account SET org_id = ?2 WHERE id = ?1",
                        params![id, self.org.id],
                    )?;
                    self.change.log_field(
                        self.tx,
                        id_number,
                        "account",
                        "机构",
                        Some(&code),
                        Some(&self.org.code),
                    )?;
                }
                id
            }
            None => {
                self.tx.execute(
                    "INSERT INTO account (id_number, id_type, name, phone, role, org_id, created_change)
                     VALUES (?1, ?2, ?3, ?4, 'resident', ?5, ?6)",
                    params![id_number, id_type.label(), name, phone, self.org.id, self.change.id],
                )?;
                self.tx.last_insert_rowid()
            }
        };
        self.tx.execute(
            "INSERT INTO training (account_id, org_id, recruit_year, status, created_change)
             VALUES (?1, ?2, ?3, '在培', ?4)",
            params![account_id, self.org.id, recruit_year, self.change.id],
        )?;
        Ok(None)
    }
}
