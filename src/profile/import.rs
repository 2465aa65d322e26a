//! `profile import`: a profile workbook (基本信息, 学习经历, 工作信息,
//! 证书信息) into the database. Each person's profile is replaced whole by
//! what the file holds for them — but for their jobs when the workbook has
//! no sheet 工作信息, which are then kept — and every changed field is
//! logged with its value before and after (as the CME platform's 变更详情
//! shows changes).

use std::path::Path;

use crate::db::sql::Connection;
use chrono::NaiveDate;

mod write;

use super::fields::{Kind, Section};
use super::model::{Profile, Tab, Value};
use super::sheet::{self, RowProblem, SheetPerson};
use crate::account::{Found, Role};
use crate::error::Result;
use crate::history::{Change, Item, Log, Who};
use crate::import::{At, Check, Checked, Flags, Import, ImportReport, Problem, Source, Written};
use crate::msg;
use crate::org::{self, Org};
use crate::sheet::{Progress, Workbook};

/// What `profile import` is asked to do, besides the flags every import
/// takes.
#[derive(Debug, Clone)]
pub struct ImportOptions {
    /// Only people whose account is at this organisation.
    pub org: Option<String>,
    pub today: NaiveDate,
}

fn entity(section: Section, level: Option<&str>) -> String {
    match level {
        Some(l) => format!("profile.{}.{l}", section.label()),
        None => format!("profile.{}", section.label()),
    }
}

/// Logs the differences between two versions of a tab, field by field.
fn log_tab(
    log: &mut dyn Log,
    subject: &str,
    section: Section,
    level: Option<&str>,
    old: Option<&Tab>,
    new: Option<&Tab>,
) -> Result<bool> {
    let entity = entity(section, level);
    let mut whole = |action: &'static str| -> Result<bool> {
        log.log(&Item {
            subject,
            entity: &entity,
            action,
            ..Item::default()
        })?;
        Ok(true)
    };
    match (old, new) {
        (None, None) => Ok(false),
        (None, Some(_)) => whole("create"),
        (Some(o), None) => {
            whole("delete")?;
            // A job removed keeps its values in the log (jobs come and go
            // as the sheet is replaced), so that 变更详情 shows what it was.
            if section == Section::Work {
                for (f, a) in section.fields().iter().zip(&o.values) {
                    log.log_field(subject, &entity, f.label, a.text(), None)?;
                }
            }
            Ok(true)
        }
        (Some(o), Some(n)) => {
            let mut changed = false;
            for ((f, a), b) in section.fields().iter().zip(&o.values).zip(&n.values) {
                changed |= log.log_field(subject, &entity, f.label, a.text(), b.text())?;
            }
            Ok(changed)
        }
    }
}

/// Logs what changes from `old` to `new`; says whether anything did.
fn log_changes(log: &mut dyn Log, subject: &str, old: &Profile, new: &Profile) -> Result<bool> {
    if old.is_empty() {
        log.log(&Item {
            subject,
            entity: "profile",
            action: "create",
            ..Item::default()
        })?;
        return Ok(true);
    }
    let mut changed = log_tab(
        log,
        subject,
        Section::Basic,
        None,
        old.basic.as_ref(),
        new.basic.as_ref(),
    )?;
    let mut levels: Vec<&str> = old
        .education
        .iter()
        .chain(&new.education)
        .map(|e| e.level)
        .collect();
    levels.sort_by_key(|l| super::model::level_rank(l));
    levels.dedup();
    for level in levels {
        fn find<'p>(p: &'p Profile, level: &str) -> Option<&'p Tab> {
            p.education
                .iter()
                .find(|e| e.level == level)
                .map(|e| &e.tab)
        }
        changed |= log_tab(
            log,
            subject,
            Section::Education,
            Some(level),
            find(old, level),
            find(new, level),
        )?;
    }
    // Jobs by their number: job 1 of before against job 1 of after.
    for n in 0..old.work.len().max(new.work.len()) {
        changed |= log_tab(
            log,
            subject,
            Section::Work,
            Some(&(n + 1).to_string()),
            old.work.get(n),
            new.work.get(n),
        )?;
    }
    changed |= log_tab(
        log,
        subject,
        Section::Certificate,
        None,
        old.certificate.as_ref(),
        new.certificate.as_ref(),
    )?;
    Ok(changed)
}

/// Image paths that lead out of the workbook's folder refuse their row:
/// a workbook must not make meded read (or record) files elsewhere.
fn escaping_photos(p: &Profile, headers: &Headers) -> Vec<RowProblem> {
    let mut out = Vec::new();
    for t in p.tabs() {
        let (section, level, tab) = (t.section, t.level, t.tab);
        for (i, (f, v)) in section.fields().iter().zip(&tab.values).enumerate() {
            if let (Kind::Photo(_), Value::Raw(typed)) = (f.kind, v) {
                out.push(RowProblem {
                    section,
                    level,
                    row: tab.row.unwrap_or(0),
                    field: f.label,
                    column: headers.header(section, section.keys() + i),
                    message: msg!(
                        "图片路径 {typed} 指向工作簿所在文件夹之外;请把图片放在工作簿旁边的文件夹里,写相对路径",
                        "the image path {typed} leads outside the workbook's folder; keep images in a folder beside the workbook and write relative paths"
                    ),
                });
            }
        }
    }
    out
}

/// The headers of each sheet as written, for messages.
#[derive(Clone, Default)]
struct Headers(Vec<(Section, Vec<String>)>);

impl Headers {
    fn header(&self, section: Section, col: usize) -> String {
        self.0
            .iter()
            .find(|(s, _)| *s == section)
            .and_then(|(_, h)| h.get(col).cloned())
            .unwrap_or_default()
    }
}

/// One unit of a profile workbook: a person's rows, or a row that
/// belongs to nobody (no usable 证件号码).
pub enum Unit {
    Person(SheetPerson),
    Unattached(RowProblem),
}

/// A person whose rows passed their checks.
pub struct Person {
    profile: Profile,
    first: (Section, u32),
}

fn at(x: RowProblem) -> Problem {
    (
        At::Cell {
            sheet: x.section.label(),
            row: x.row,
            column: x.column,
        },
        x.message,
    )
}

/// `profile import` on the import skeleton. A person's rows across the
/// three sheets are one unit: the profile is replaced whole or not at all.
pub struct ProfileImport {
    org: Option<Org>,
    opts: ImportOptions,
    headers: Headers,
    /// The workbook has no sheet 工作信息: everyone's jobs stay as stored.
    keep_work: bool,
}

impl Import for ProfileImport {
    type Input = Unit;
    type Row = Person;
    type Done = ();
    type Writer<'t> = ProfileWriter<'t>;

    fn open(
        &mut self,
        book: &Workbook,
        _flags: &Flags,
        progress: &(dyn Fn(u64, u64) + Sync),
    ) -> Result<Source<Unit>> {
        let read = sheet::read(book.path(), self.opts.today, progress)?;
        self.headers = Headers(read.headers.clone());
        self.keep_work = !read.has_work;
        let mut warnings = Vec::new();
        for (s, cols) in &read.unknown_columns {
            let (s, cols) = (s.label(), cols.join(", "));
            warnings.push(msg!(
                "工作表 {s}:忽略不认识的列 {cols}",
                "sheet {s}: ignored unknown columns {cols}"
            ));
        }
        for (s, cols) in &read.missing_columns {
            let (s, cols) = (s.label(), cols.join(", "));
            warnings.push(msg!(
                "工作表 {s} 没有这些列,按空白处理:{cols}",
                "sheet {s} lacks these columns, read as blank: {cols}"
            ));
        }
        let units: Vec<Result<Unit>> = read
            .unattached
            .into_iter()
            .map(Unit::Unattached)
            .chain(read.people.into_iter().map(Unit::Person))
            .map(Ok)
            .collect();
        let reading = Progress::default();
        reading.set_total(units.len() as u64);
        let counter = reading.clone();
        let units = units.into_iter().enumerate().map(move |(n, u)| {
            counter.set_done(n as u64);
            u
        });
        Ok(Source {
            units: Box::new(units),
            progress: reading,
            header_row: 0,
            headers: Vec::new(),
            columns: Vec::new(),
            unknown_columns: Vec::new(),
            warnings,
        })
    }

    fn begin<'t>(
        &'t self,
        tx: &'t Connection,
        change: Change,
        _flags: &Flags,
    ) -> Result<(Check<Unit, Person>, ProfileWriter<'t>)> {
        let headers = self.headers.clone();
        let check: Check<Unit, Person> = Box::new(move |unit: Unit| {
            let person = match unit {
                Unit::Unattached(x) => {
                    return Checked {
                        sheet: Some(x.section.label()),
                        row: x.row,
                        cells: Vec::new(),
                        value: None,
                        problems: vec![at(x)],
                    };
                }
                Unit::Person(p) => p,
            };
            let first = person.first.unwrap_or((Section::Basic, 0));
            let mut problems: Vec<Problem> = person.problems.into_iter().map(at).collect();
            problems.extend(
                escaping_photos(&person.profile, &headers)
                    .into_iter()
                    .map(at),
            );
            Checked {
                sheet: Some(first.0.label()),
                row: first.1,
                cells: Vec::new(),
                value: problems.is_empty().then_some(Person {
                    profile: person.profile,
                    first,
                }),
                problems,
            }
        });
        let writer = ProfileWriter {
            tx,
            change,
            org: self.org.as_ref(),
            headers: &self.headers,
            keep_work: self.keep_work,
            state: write::State::default(),
        };
        Ok((check, writer))
    }
}

/// The database side of a profile import.
pub struct ProfileWriter<'t> {
    tx: &'t Connection,
    change: Change,
    org: Option<&'t Org>,
    headers: &'t Headers,
    /// The workbook has no sheet 工作信息: everyone's jobs stay as stored.
    keep_work: bool,
    /// What is kept from batch to batch (write.rs).
    state: write::State,
}

/// What a person's rows come to, judged against what is stored.
enum Verdict {
    Refused(Written),
    Unchanged,
    /// The profile is to be saved (its changes are logged).
    Changed {
        account_id: i64,
        created: bool,
    },
}

impl ProfileWriter<'_> {
    /// Judges a person's rows: `account` is theirs (if any), `old` their
    /// stored profile. The changes are logged to `log`. A profile is updated at any
    /// time, whatever collection has closed (the platform's 住院医师信息管理:
    /// 可随时进行更新和保存); a submitted record is set back to 未上报. From
    /// a workbook without 工作信息, the person's stored jobs are taken into
    /// the profile to be saved, so that saving it keeps them.
    fn judge(
        &self,
        person: &mut Person,
        account: Option<&Found>,
        old: &mut dyn FnMut(i64) -> Result<Profile>,
        log: &mut dyn Log,
    ) -> Result<Verdict> {
        let p = &person.profile;
        let id_number = &p.id_number;
        let refusal = match account {
            None => Some(msg!(
                "没有证件号码为 {id_number} 的账号;请先用 meded account import 导入账号",
                "no account with the ID number {id_number}; import the account first (meded account import)"
            )),
            Some(a) if !matches!(a.role, Role::Resident | Role::Applicant) => Some(msg!(
                "证件号码 {id_number} 的账号不是住院医师或报名人员账号;个人信息只属于住院医师和招录报名人员",
                "the account {id_number} is not a resident's or an applicant's; profiles belong to residents and applicants"
            )),
            Some(a) if a.role == Role::Applicant && self.org.is_some() => Some(msg!(
                "此人是招录报名人员,不属于任何基地;报名人员的个人信息导入时不加 --org",
                "this person is an applicant (recruitment) and belongs to no base; import applicants' profiles without --org"
            )),
            Some(a) if self.org.is_some_and(|o| o.id != a.org_id) => {
                let (name, code) = (&a.org_name, &a.org_code);
                Some(msg!(
                    "此人属于 {name}({code}),不是本基地的住院医师",
                    "this person belongs to {name} ({code}), not to this base"
                ))
            }
            Some(_) => None,
        };
        let (section, row) = person.first;
        if let Some(m) = refusal {
            let column = self.headers.header(section, 0);
            return Ok(Verdict::Refused(Written::Refused(vec![(
                At::Cell {
                    sheet: section.label(),
                    row,
                    column,
                },
                m,
            )])));
        }
        let account_id = account.map_or(0, |a| a.id);
        let old = old(account_id)?;
        if self.keep_work {
            person.profile.work.clone_from(&old.work);
        }
        let (id_number, p) = (&person.profile.id_number, &person.profile);
        if !log_changes(log, id_number, &old, p)? {
            return Ok(Verdict::Unchanged);
        }
        Ok(Verdict::Changed {
            account_id,
            created: old.is_empty(),
        })
    }
}

/// What a saved profile counts as.
fn saved(created: bool) -> Written {
    if created {
        Written::Created
    } else {
        Written::Updated
    }
}

impl crate::import::Writer for ProfileWriter<'_> {
    type Row = Person;
    type Done = ();

    fn batch_size(&self) -> usize {
        write::BATCH
    }

    fn write_batch(&mut self, rows: Vec<Person>) -> Result<Vec<Written>> {
        self.write_rows(rows)
    }

    fn write(&mut self, person: Person) -> Result<Written> {
        Ok(self
            .write_rows(vec![person])?
            .pop()
            .unwrap_or(Written::Skipped(None)))
    }
}

/// The row check alone, on the workbook at `path` (its sheets read as
/// the import reads them), nothing written: for the fuzz targets and tests
/// (docs/reliability.md).
#[doc(hidden)]
pub fn check_workbook(
    conn: &mut Connection,
    opts: &ImportOptions,
    path: &Path,
) -> Result<Vec<crate::import::probe::Verdict>> {
    let mut importer = ProfileImport {
        org: match &opts.org {
            Some(code) => Some(org::find_kind(conn, code, org::OrgKind::Base)?),
            None => None,
        },
        opts: opts.clone(),
        headers: Headers::default(),
        keep_work: false,
    };
    crate::import::probe::workbook(conn, &mut importer, path)
}

/// Imports a profile workbook. The counts are of people: `imported` got a
/// first profile, `updated` had theirs changed, `skipped` had it unchanged,
/// `rejected` were refused (their rows are in `errors`, and their stored
/// profile is left as it was). Optional columns the workbook lacks are
/// named in the report's remarks.
pub fn import(
    conn: &mut Connection,
    path: &Path,
    opts: &ImportOptions,
    flags: &Flags,
    who: &Who,
    progress: &(dyn Fn(u64, u64) + Sync),
) -> Result<ImportReport> {
    let org = match &opts.org {
        Some(code) => Some(org::find_kind(conn, code, org::OrgKind::Base)?),
        None => None,
    };
    let mut importer = ProfileImport {
        org,
        opts: opts.clone(),
        headers: Headers::default(),
        keep_work: false,
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
    Ok(report)
}
