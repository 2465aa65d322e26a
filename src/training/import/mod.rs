//! `training import`: the base's 培训信息 for its residents, and the early
//! completers of 附件1 (结业信息; docs/domain.md#early-completers).
//!
//! The recruitment year and the base of a record never change through an
//! import, and neither does a specialty once set: a change of specialty is a
//! transfer (退培, then a new admission): docs/domain.md#transfers.
//!
//! The two templates' rows are checked and judged in their own files
//! (`information.rs`, `completion.rs`); the cells they share are read in
//! `cells.rs`, and a batch is written in `write.rs`.

mod cells;
mod completion;
mod information;
mod write;

use std::path::Path;

use crate::db::sql::{Connection, OptionalExtension, params};
use chrono::NaiveDate;

use super::layout::{self, COMPLETION_LAYOUT, TRAINING_LAYOUT};
use super::{RECORD_COLUMNS, RECORD_FROM, Record, ReportStatus, Status, record_from_row};
use crate::collection::Locks;
use crate::error::{Error, Result};
use crate::history::{Change, Item, Log, Who};
use crate::i18n::Msg;
use crate::import::{At, Check, Flags, Import, ImportReport, Seen, Written, record_check};
use crate::msg;
use crate::org::{self, Org};
use crate::sheet::{Record as SheetRow, Table, Workbook};

// Columns of the 培训信息 template (layout::TRAINING_LAYOUT).
use layout::training_col::{SPECIALTY, STATUS};
// Columns of 附件1 (layout::COMPLETION_LAYOUT).

pub use completion::CompletionLine;
use completion::{Base, check_completion};
pub use information::TrainingLine;
use information::check_training;

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
}
