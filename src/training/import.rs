//! `training import`: the base's 培训信息 for its residents, and the early
//! completers of 附件1 (结业信息; docs/domain.md#early-completers).
//!
//! The recruitment year and the base of a record never change through an
//! import, and neither does a specialty once set: a change of specialty is a
//! transfer (退培, then a new admission): docs/domain.md#transfers.

mod write;

use std::path::Path;

use crate::db::sql::{Connection, OptionalExtension, params};
use chrono::{Datelike, NaiveDate};

use super::layout::{self, COMPLETION_LAYOUT, TRAINING_LAYOUT};
use super::{
    PersonType, RECORD_COLUMNS, RECORD_FROM, Record, ReportStatus, Status, record_from_row,
};
use crate::collection::Locks;
use crate::error::{Error, Result};
use crate::history::{Change, Item, Log, Who};
use crate::i18n::Msg;
use crate::import::{At, Check, Flags, Import, ImportReport, Seen, Written, record_check};
use crate::msg;
use crate::org::{self, Org};
use crate::rules::codes::Province;
use crate::rules::id::{self, IdType};
use crate::rules::person;
use crate::rules::text::{identifier, normalize};
use crate::sheet::{Cell, Record as SheetRow, Table, Workbook};
use crate::state::State;

// Columns of the 培训信息 template (layout::TRAINING_LAYOUT).
use layout::training_col::{
    END, ID_NUMBER, NAME, PERSON_TYPE, SPECIALTY, START, STATUS, YEAR, YEARS,
};
// Columns of 附件1 (layout::COMPLETION_LAYOUT).
use layout::completion_col::{
    BASE as C_BASE, CERT_DATE as C_CERT_DATE, CERT_NO as C_CERT_NO, END as C_END,
    ID_NUMBER as C_ID_NUMBER, ID_TYPE as C_ID_TYPE, NAME as C_NAME, PERSON_TYPE as C_PERSON_TYPE,
    PHONE as C_PHONE, PROVINCE as C_PROVINCE, SPECIALTY as C_SPECIALTY, START as C_START,
    YEARS as C_YEARS,
};

/// Longest 合格证书编号 accepted (no national format is published).
pub const CERTIFICATE_MAX_CHARS: usize = 30;

/// What `training import` is asked to do, besides the flags every import
/// takes.
#[derive(Debug, Clone)]
pub struct TrainingImportOptions {
    pub org: String,
    /// Enter early completers of a year whose new-recruit entry is shut,
    /// outside a completion collection (the province's decision).
    pub override_lock: bool,
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

/// 培训专业 from the code list of specialties (close variants understood);
/// anything else, a formula included, is refused rather than stored.
fn specialty_of(cell: &Cell) -> Result<Option<String>, Msg> {
    if cell.is_blank() {
        return Ok(None);
    }
    crate::rules::specialty::find(&cell.text())
        .map(|s| Some(s.to_owned()))
        .ok_or_else(|| {
            let shown = cell.display();
            msg!(
                "不认识的培训专业“{shown}”(见 meded template training 的下拉列表)",
                "unknown specialty '{shown}' (the dropdown of meded template training lists them)"
            )
        })
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

/// A 培训信息 row, its cells checked. Problems of its cells wait for the
/// writer: a row for a person the base does not hold is refused for that
/// alone, which is what the base needs to hear first.
pub struct TrainingLine {
    problems: Vec<(usize, Msg)>,
    id_number: String,
    name: String,
    year: i32,
    specialty: String,
    person_type: Option<PersonType>,
    years: Option<i32>,
    start: Option<NaiveDate>,
    end: Option<NaiveDate>,
    status: Option<Status>,
}

/// A 结业信息 (附件1) row, its cells checked.
pub struct CompletionLine {
    name: String,
    id_type: IdType,
    id_number: String,
    phone: String,
    person_type: PersonType,
    specialty: String,
    years: i32,
    start: NaiveDate,
    end: NaiveDate,
    cert_no: String,
    cert_date: NaiveDate,
}

/// A row of either template.
pub enum Line {
    Training(TrainingLine),
    Completion(CompletionLine),
}

impl Line {
    /// The person the row is about.
    fn id_number(&self) -> &str {
        match self {
            Line::Training(t) => &t.id_number,
            Line::Completion(c) => &c.id_number,
        }
    }
}

/// The ID number of a row, unless it repeats one of an earlier row.
fn first_time(
    seen: &mut Seen,
    id_number: &str,
    row: u32,
    col: usize,
    problems: &mut Vec<(usize, Msg)>,
) {
    if seen.first_row(id_number, row).is_some() {
        problems.push((
            col,
            msg!(
                "证件号码 {id_number} 在文件中出现不止一次",
                "the ID number {id_number} appears more than once in the file"
            ),
        ));
    }
}

fn check_training(
    line: &SheetRow,
    seen: &mut Seen,
    problems: &mut Vec<(usize, Msg)>,
) -> Option<TrainingLine> {
    let id_number = identifier(&line.get(ID_NUMBER).display());
    if id_number.is_empty() {
        problems.push((ID_NUMBER, msg!("证件号码为空", "the ID number is empty")));
        return None;
    }
    first_time(seen, &id_number, line.row, ID_NUMBER, problems);
    if !problems.is_empty() {
        return None;
    }
    let name = normalize(&line.get(NAME).display()).into_owned();
    let year = line.get(YEAR).as_year();
    if year.is_none() {
        let shown = line.get(YEAR).display();
        problems.push((
            YEAR,
            msg!(
                "招收年份“{shown}”不是年份",
                "the recruitment year '{shown}' is not a year"
            ),
        ));
    }
    let specialty = specialty_of(line.get(SPECIALTY))
        .map_err(|m| problems.push((SPECIALTY, m)))
        .ok()
        .flatten()
        .unwrap_or_default();
    let person_type = person_type_of(line.get(PERSON_TYPE))
        .map_err(|m| problems.push((PERSON_TYPE, m)))
        .ok()
        .flatten();
    let years = years_of(line.get(YEARS))
        .map_err(|m| problems.push((YEARS, m)))
        .ok()
        .flatten();
    let start = day_of(line.get(START), "培训开始时间").map_err(|m| problems.push((START, m)));
    let end = day_of(line.get(END), "培训结束时间").map_err(|m| problems.push((END, m)));
    let status = if line.get(STATUS).is_blank() {
        None
    } else {
        let parsed = Status::parse(&line.get(STATUS).text());
        if parsed.is_none() {
            problems.push((STATUS, Status::unknown(&line.get(STATUS).display())));
        }
        parsed
    };
    Some(TrainingLine {
        problems: std::mem::take(problems),
        id_number,
        name,
        year: year.unwrap_or_default(),
        specialty,
        person_type,
        years,
        start: start.ok().flatten(),
        end: end.ok().flatten(),
        status,
    })
}

/// The base a completion file must name, as the check needs it.
#[derive(Clone)]
struct Base {
    code: String,
    name: String,
    province: Option<String>,
}

fn check_completion(
    line: &SheetRow,
    base: &Base,
    today: NaiveDate,
    seen: &mut Seen,
    problems: &mut Vec<(usize, Msg)>,
) -> Option<CompletionLine> {
    let text = |col: usize| normalize(&line.get(col).display()).into_owned();
    let name = person::name(&line.get(C_NAME).display()).map_err(|m| problems.push((C_NAME, m)));
    let id_type = id::type_of(
        &line.get(C_ID_TYPE).display(),
        &line.get(C_ID_NUMBER).display(),
    )
    .map_err(|m| problems.push((C_ID_TYPE, m)));
    let id_cell = line.get(C_ID_NUMBER);
    let id_number = id_type.and_then(|t| {
        id::check(t, &id_cell.display(), id_cell.is_number(), today)
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
    match (Province::find(&province), base.province.as_deref()) {
        (None, _) => problems.push((
            C_PROVINCE,
            msg!("不认识的省份“{province}”", "unknown province '{province}'"),
        )),
        (Some(p), Some(mine)) if p.code != mine => {
            let code = &base.code;
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
    let named = text(C_BASE);
    if named != base.name && named != base.code {
        let (code, org_name) = (&base.code, &base.name);
        problems.push((
            C_BASE,
            msg!(
                "培训基地“{named}”不是 {org_name}({code});每个基地的结业信息分别导入",
                "the base '{named}' is not {org_name} ({code}); import each base's completers with its own --org"
            ),
        ));
    }
    let specialty = match specialty_of(line.get(C_SPECIALTY)) {
        Ok(Some(s)) => s,
        Ok(None) => {
            problems.push((C_SPECIALTY, msg!("培训专业为空", "the specialty is empty")));
            String::new()
        }
        Err(m) => {
            problems.push((C_SPECIALTY, m));
            String::new()
        }
    };
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
    if let Ok(id_number) = &id_number
        && problems.is_empty()
    {
        first_time(seen, id_number, line.row, C_ID_NUMBER, problems);
    }
    if !problems.is_empty() {
        return None;
    }
    Some(CompletionLine {
        name: name.ok()?,
        id_type: id_type.ok()?,
        id_number: id_number.ok()?,
        phone: phone.ok()?,
        person_type: person_type?,
        specialty,
        years: years?,
        start: start?,
        end: end?,
        cert_no,
        cert_date: cert_date?,
    })
}

/// `training import` on the import skeleton: the 培训信息 template, or the
/// 结业信息 of early completers (附件1), whichever the file holds.
pub struct TrainingImport {
    org: Org,
    opts: TrainingImportOptions,
    template: Template,
}

impl TrainingImport {
    /// Which template the file held (known once it is opened).
    pub fn template(&self) -> Template {
        self.template
    }
}

impl Import for TrainingImport {
    type Input = SheetRow;
    type Row = Line;
    type Done = ();
    type Writer<'t> = TrainingWriter<'t>;

    fn open(
        &mut self,
        book: &Workbook,
        flags: &Flags,
        _progress: &(dyn Fn(u64, u64) + Sync),
    ) -> Result<crate::import::Source<SheetRow>> {
        let sheet = flags.sheet.as_deref();
        let either = |first: Template| -> Result<(Template, Table)> {
            let (a, b) = match first {
                Template::Training => (&TRAINING_LAYOUT, &COMPLETION_LAYOUT),
                Template::Completion => (&COMPLETION_LAYOUT, &TRAINING_LAYOUT),
            };
            let other = match first {
                Template::Training => Template::Completion,
                Template::Completion => Template::Training,
            };
            match book.table(sheet, a) {
                Ok(t) => Ok((first, t)),
                Err(Error::Input(why)) => match book.table(sheet, b) {
                    Ok(t) => Ok((other, t)),
                    Err(_) => Err(Error::Input(why)),
                },
                Err(e) => Err(e),
            }
        };
        let (template, table) =
            if sheet.is_none() && book.find_sheet(COMPLETION_LAYOUT.sheet).is_some() {
                (Template::Completion, book.table(None, &COMPLETION_LAYOUT)?)
            } else {
                either(Template::Training)?
            };
        // The training template's key columns are those of the account
        // roster too: a file with none of the training columns is a roster
        // (or another template), not training information.
        if template == Template::Training && !(SPECIALTY..=STATUS).any(|c| table.has(c)) {
            let p = book.path().display();
            return Err(Error::Input(msg!(
                "{p} 不是培训信息模板:没有 培训专业、人员类型、核定培训年限、培训开始时间、培训结束时间、培训状态 中的任何一列(像是账号模板?用 meded template training 生成培训信息模板)",
                "{p} is the wrong template for training information: it has none of the columns 培训专业, 人员类型, 核定培训年限, 培训开始时间, 培训结束时间, 培训状态 (an account roster? meded template training writes the training template)"
            )));
        }
        self.template = template;
        Ok(crate::import::Source::table(table))
    }

    fn begin<'t>(
        &'t self,
        tx: &'t Connection,
        change: Change,
        flags: &Flags,
    ) -> Result<(Check<SheetRow, Line>, TrainingWriter<'t>)> {
        let mut seen = Seen::default();
        let (template, today) = (self.template, self.opts.today);
        let base = Base {
            code: self.org.code.clone(),
            name: self.org.name.clone(),
            province: self.org.province.clone(),
        };
        let check =
            record_check(
                move |line: &SheetRow, problems: &mut Vec<(usize, Msg)>| match template {
                    Template::Training => {
                        check_training(line, &mut seen, problems).map(Line::Training)
                    }
                    Template::Completion => {
                        check_completion(line, &base, today, &mut seen, problems)
                            .map(Line::Completion)
                    }
                },
            );
        let writer = TrainingWriter {
            tx,
            change,
            update: flags.update,
            org: &self.org,
            locks: Locks::load(tx, today)?,
            opts: &self.opts,
            pending: write::Pending::default(),
        };
        Ok((check, writer))
    }
}

/// The row check alone, on rows made up by the caller (cells in the order
/// of the template's layout), nothing written: for the fuzz targets and tests
/// (docs/reliability.md).
#[doc(hidden)]
pub fn check_rows(
    conn: &mut Connection,
    opts: &TrainingImportOptions,
    template: Template,
    rows: Vec<Vec<crate::sheet::Cell>>,
) -> Result<Vec<crate::import::probe::Verdict>> {
    let importer = TrainingImport {
        org: org::find_kind(conn, &opts.org, org::OrgKind::Base)?,
        opts: opts.clone(),
        template,
    };
    let layout = match template {
        Template::Training => &TRAINING_LAYOUT,
        Template::Completion => &COMPLETION_LAYOUT,
    };
    crate::import::probe::records(conn, &importer, layout, rows)
}

/// Imports a 培训信息 or 结业信息 file for a base.
pub fn import(
    conn: &mut Connection,
    path: &Path,
    opts: &TrainingImportOptions,
    flags: &Flags,
    who: &Who,
    progress: &(dyn Fn(u64, u64) + Sync),
) -> Result<(Template, ImportReport)> {
    let mut importer = TrainingImport {
        org: org::find_kind(conn, &opts.org, org::OrgKind::Base)?,
        opts: opts.clone(),
        template: Template::Training,
    };
    let (report, ()) = crate::import::run(
        conn,
        path,
        flags,
        who,
        &mut importer,
        progress,
        &mut |_, _| Ok(()),
    )?;
    Ok((importer.template(), report))
}

/// The database side of a training import.
pub struct TrainingWriter<'a> {
    tx: &'a Connection,
    change: Change,
    /// `--update`: a completion row may rewrite a stored record.
    update: bool,
    org: &'a Org,
    locks: Locks,
    opts: &'a TrainingImportOptions,
    /// While a batch is judged: its change items and record updates,
    /// written together when it ends (write.rs).
    pending: write::Pending,
}

impl crate::import::Writer for TrainingWriter<'_> {
    type Row = Line;
    type Done = ();

    fn write(&mut self, line: Line) -> Result<Written> {
        Ok(self
            .write_rows(vec![line])?
            .pop()
            .unwrap_or(Written::Skipped(None)))
    }

    fn batch_size(&self) -> usize {
        write::BATCH
    }

    fn write_batch(&mut self, lines: Vec<Line>) -> Result<Vec<Written>> {
        self.write_rows(lines)
    }
}

impl TrainingWriter<'_> {
    /// Judges and writes one row, given the person's latest record at this
    /// base as read before (by the row itself, or with its batch).
    fn judge(&mut self, line: Line, found: Option<Record>) -> Result<Written> {
        let mut problems = Vec::new();
        let outcome = match line {
            Line::Training(t) => self.training_row(t, found, &mut problems)?,
            Line::Completion(c) => self.completion_row(c, found, &mut problems)?,
        };
        Ok(match outcome {
            _ if !problems.is_empty() => Written::Refused(
                problems
                    .into_iter()
                    .map(|(c, m)| (At::Column(c), m))
                    .collect(),
            ),
            Some(o) => o,
            None => Written::Skipped(None),
        })
    }

    /// Records a change, written with the batch being judged.
    fn log(&mut self, item: &Item<'_>) -> Result<()> {
        self.pending.items.log(item)
    }

    /// The person's latest record at this base.
    fn record_at_base(&self, id_number: &str) -> Result<Option<Record>> {
        Ok(self
            .tx
            .prepare_cached(&format!(
                "SELECT {RECORD_COLUMNS} FROM {RECORD_FROM}
                 WHERE a.id_number = ?1 AND t.org_id = ?2 ORDER BY t.id DESC LIMIT 1"
            ))?
            .query_row(params![id_number, self.org.id], record_from_row)
            .optional()?)
    }

    /// The person's latest record at this base, or the reason there is none.
    fn record_here(&self, id_number: &str) -> Result<Result<Record, Msg>> {
        match self.record_at_base(id_number)? {
            Some(r) => Ok(Ok(r)),
            None => Ok(Err(self.not_here(id_number)?)),
        }
    }

    /// Why a person has no record at this base.
    fn not_here(&self, id_number: &str) -> Result<Msg> {
        let elsewhere: Option<(String, String)> = self
            .tx
            .prepare_cached(
                "SELECT coalesce(o.code, ''), coalesce(o.name, '')
                 FROM account a LEFT JOIN org o ON o.id = a.org_id WHERE a.id_number = ?1",
            )?
            .query_row([id_number], |r| Ok((r.get(0)?, r.get(1)?)))
            .optional()?;
        let code = &self.org.code;
        Ok(match elsewhere {
            None => msg!(
                "没有证件号码为 {id_number} 的账号;请先用 account import 导入",
                "no account with the ID number {id_number}; import it first with account import"
            ),
            Some((other, name)) => msg!(
                "此人不在基地 {code} 培训(账号属于 {name} {other})",
                "this person does not train at the base {code} (the account belongs to {name} {other})"
            ),
        })
    }

    /// Refuses a new resident of a year whose new-recruit entry is shut,
    /// unless the province overrides (docs/domain.md#collections-and-locks).
    fn lock_problem(&self, year: i32) -> Option<Msg> {
        let lock = self.locks.entry(year)?;
        (!self.opts.override_lock).then(|| lock.msg())
    }

    /// Writes the fields a row sets, logging each change.
    fn apply(&mut self, record: &Record, sets: &[Set], status: Option<Status>) -> Result<bool> {
        let subject = &record.id_number;
        let mut new: [Option<&str>; 7] = [None; 7];
        for s in sets {
            let before = s.field.of(record);
            if before.as_deref() == Some(s.value.as_str()) {
                continue;
            }
            if let Some(i) = Field::ALL.iter().position(|f| *f == s.field) {
                new[i] = Some(&s.value);
            }
            self.log(&Item {
                subject,
                entity: "training",
                action: "update",
                field: Some(s.field.label()),
                before: before.as_deref(),
                after: Some(&s.value),
                note: None,
            })?;
        }
        let status = status.filter(|s| *s != record.status);
        if let Some(st) = status {
            self.log(&Item {
                subject,
                entity: "training",
                action: "update",
                field: Some("培训状态"),
                before: Some(record.status.label()),
                after: Some(st.label()),
                note: None,
            })?;
        }
        if new.iter().all(Option::is_none) && status.is_none() {
            return Ok(false);
        }
        let years = new[2].and_then(|y| y.parse::<i32>().ok());
        // The record was read in this transaction: only a submitted one
        // needs setting back.
        let reopen = record.report_status == ReportStatus::Submitted;
        // The record was read (on a server locked) with its batch.
        self.pending.update(record.id, &new, years, status, reopen);
        if reopen {
            self.log(&super::submission::reopen_item(subject))?;
        }
        Ok(true)
    }

    fn training_row(
        &mut self,
        line: TrainingLine,
        found: Option<Record>,
        problems: &mut Vec<(usize, Msg)>,
    ) -> Result<Option<Written>> {
        let Some(record) = found else {
            problems.push((ID_NUMBER, self.not_here(&line.id_number)?));
            return Ok(None);
        };
        let year_known = !line.problems.iter().any(|(c, _)| *c == YEAR);
        problems.extend(line.problems);
        if line.name != record.name {
            let (name, old) = (&line.name, &record.name);
            problems.push((
                NAME,
                msg!(
                    "姓名“{name}”与账号的姓名“{old}”不一致",
                    "the name '{name}' differs from the account's '{old}'"
                ),
            ));
        }
        if year_known && line.year != record.recruit_year {
            let (old, y) = (record.recruit_year, line.year);
            problems.push((
                YEAR,
                msg!(
                    "招收年份不能更改(记录为 {old},文件为 {y})",
                    "the recruitment year cannot be changed (the record has {old}, the file {y})"
                ),
            ));
        }
        // An update of a record already here is never locked: the platform's
        // 住院医师信息管理 "可随时进行更新、上报、审核"; a submitted record
        // that changes is set back to 未上报 (see `apply`).
        let required = [
            (
                SPECIALTY,
                "培训专业",
                !line.specialty.is_empty(),
                record.specialty.is_some(),
            ),
            (
                PERSON_TYPE,
                "人员类型",
                line.person_type.is_some(),
                record.person_type.is_some(),
            ),
            (
                YEARS,
                "核定培训年限",
                line.years.is_some(),
                record.approved_years.is_some(),
            ),
            (
                START,
                "培训开始时间",
                line.start.is_some(),
                record.start_date.is_some(),
            ),
            (
                END,
                "培训结束时间",
                line.end.is_some(),
                record.end_date.is_some(),
            ),
        ];
        let mut sets = Vec::new();
        let specialty = line.specialty;
        if !specialty.is_empty() {
            // While the year's new-recruit collection is open, only 招收年份
            // and 培训基地 are fixed: a wrong specialty may be corrected.
            let correctable = self.locks.new_recruits_open(record.recruit_year);
            match &record.specialty {
                Some(old) if *old != specialty && !correctable => problems.push((
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
        if let Some(t) = line.person_type {
            sets.push(Set {
                field: Field::PersonType,
                value: t.label().to_owned(),
            });
        }
        if let Some(y) = line.years {
            sets.push(Set {
                field: Field::ApprovedYears,
                value: y.to_string(),
            });
        }
        let (start, end) = (line.start, line.end);
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
        let status = match line.status {
            Some(s) if s == record.status || record.status.can_become(s) => Some(s),
            Some(s) => {
                problems.push((STATUS, record.status.refuse_move(s)));
                None
            }
            None => None,
        };
        // The template's required columns: a blank cell leaves the record
        // as it is, which must then hold the value already (a record
        // submitted without them would only be refused at submission).
        for (col, field, given, stored) in required {
            if !given && !stored && !problems.iter().any(|(c, _)| *c == col) {
                problems.push((
                    col,
                    msg!(
                        "{field}为空,记录中也还没有:请填写{field}",
                        "{field} is empty, and the record has none yet: fill it in"
                    ),
                ));
            }
        }
        if !problems.is_empty() {
            return Ok(None);
        }
        Ok(Some(if self.apply(&record, &sets, status)? {
            Written::Updated
        } else {
            Written::Skipped(None)
        }))
    }

    fn completion_row(
        &mut self,
        line: CompletionLine,
        found: Option<Record>,
        problems: &mut Vec<(usize, Msg)>,
    ) -> Result<Option<Written>> {
        let recruit_year = line.start.year();
        // A new completer of a year whose new-recruit entry is shut is an
        // addition to that year: refused outside the completion window
        // (结业补报) without --override. A record already here is updated
        // at any time.
        let locked = self
            .lock_problem(recruit_year)
            .filter(|_| !self.locks.completion_open() && found.is_none());
        let sets = [
            (Field::Specialty, line.specialty.clone()),
            (Field::PersonType, line.person_type.label().to_owned()),
            (Field::ApprovedYears, line.years.to_string()),
            (Field::StartDate, line.start.to_string()),
            (Field::EndDate, line.end.to_string()),
            (Field::CertificateNo, line.cert_no.clone()),
            (Field::CertificateDate, line.cert_date.to_string()),
        ]
        .map(|(field, value)| Set { field, value });
        if let Some(m) = locked {
            problems.push((C_START, m));
            return Ok(None);
        }
        match found {
            Some(record) => {
                if record
                    .specialty
                    .as_deref()
                    .is_some_and(|s| s != line.specialty)
                {
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
                // What the row would rewrite: filling an empty field is not
                // a rewrite, changing a value (or the status) is.
                let mut differences: Vec<String> = sets
                    .iter()
                    .filter_map(|s| {
                        let old = s.field.of(&record)?;
                        (old != s.value).then(|| format!("{} {old} → {}", s.field.label(), s.value))
                    })
                    .collect();
                if record.status != Status::Completed {
                    differences.push(format!(
                        "培训状态 {} → {}",
                        record.status.label(),
                        Status::Completed.label()
                    ));
                }
                if !differences.is_empty() && !self.update {
                    let list = differences.join(";");
                    problems.push((
                        C_ID_NUMBER,
                        msg!(
                            "与已有培训记录不同:{list};如确需按此更新,请加 --update",
                            "differs from the stored training record: {list}; use --update to apply it"
                        ),
                    ));
                    return Ok(None);
                }
                let changed = self.apply(&record, &sets, Some(Status::Completed))?;
                Ok(Some(if changed {
                    Written::Updated
                } else {
                    Written::Skipped(None)
                }))
            }
            None => {
                if let Some(m) = self.create_completer(
                    &line.name,
                    line.id_type,
                    &line.id_number,
                    &line.phone,
                    recruit_year,
                )? {
                    problems.push((C_ID_NUMBER, m));
                    return Ok(None);
                }
                let record = match self.record_here(&line.id_number)? {
                    Ok(r) => r,
                    Err(m) => {
                        problems.push((C_ID_NUMBER, m));
                        return Ok(None);
                    }
                };
                self.apply(&record, &sets, Some(Status::Completed))?;
                Ok(Some(Written::Created))
            }
        }
    }

    /// Creates the account (if there is none) and a record at this base
    /// for an early completer; the refusal if the person is bound elsewhere.
    fn create_completer(
        &mut self,
        name: &str,
        id_type: IdType,
        id_number: &str,
        phone: &str,
        recruit_year: i32,
    ) -> Result<Option<Msg>> {
        let existing: Option<(i64, String, String)> = self
            .tx
            .query_row(
                "SELECT a.id, a.role, coalesce(o.code, '')
                 FROM account a LEFT JOIN org o ON o.id = a.org_id WHERE a.id_number = ?1",
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
                    let org_code = self.org.code.clone();
                    self.log(&Item {
                        subject: id_number,
                        entity: "account",
                        action: "update",
                        field: Some("机构"),
                        before: Some(&code),
                        after: Some(&org_code),
                        note: None,
                    })?;
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
             VALUES (?1, ?2, ?3, ?5, ?4)",
            params![
                account_id,
                self.org.id,
                recruit_year,
                self.change.id,
                Status::InTraining
            ],
        )?;
        Ok(None)
    }
}
