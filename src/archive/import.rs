//! `archive import`: an archive workbook into pending changes. The
//! approved archive does not change: each member named gets one change
//! record 待审核 (请等待审核) holding the archive as the workbook would make
//! it, until the unit approves or rejects it (`archive review`).

use std::path::Path;

use crate::db::sql::{Connection, params};
use chrono::NaiveDate;

use super::fields::{B_ID_TYPE, B_NAME, Section};
use super::sheet::{self, RowProblem, SheetPerson, header_of};
use super::{Archive, ArchiveStatus, approved, changed_sections, pending};
use crate::account::find_member;
use crate::error::Result;
use crate::history::{Change, Item, Who};
use crate::i18n::Msg;
use crate::import::{At, Check, Checked, Flags, Import, ImportReport, Problem, Source, Written};
use crate::msg;
use crate::org::{self, Org};
use crate::sheet::Workbook;

/// What `archive import` is asked to do, besides the flags every import
/// takes.
#[derive(Debug, Clone)]
pub struct ImportOptions {
    /// Only members of this organisation; others are refused.
    pub org: Option<String>,
    pub today: NaiveDate,
}

/// One unit of an archive workbook: a member's rows, or a row that
/// belongs to nobody (no usable 证件号码).
pub enum Unit {
    Person(SheetPerson),
    Unattached(RowProblem),
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

/// `archive import` on the import skeleton: a member's rows across the
/// sheets are one unit, recorded as one change or refused whole.
pub struct ArchiveImport {
    org: Option<Org>,
    opts: ImportOptions,
    headers: Vec<(Section, Vec<String>)>,
}

impl Import for ArchiveImport {
    type Input = Unit;
    type Row = SheetPerson;
    type Done = ();
    type Writer<'t> = ArchiveWriter<'t>;

    fn open(
        &mut self,
        book: &Workbook,
        _flags: &Flags,
        progress: &(dyn Fn(u64, u64) + Sync),
    ) -> Result<Source<Unit>> {
        let read = sheet::read(book.path(), self.opts.today, progress)?;
        self.headers = read.headers.clone();
        let mut warnings: Vec<Msg> = read
            .unknown_columns
            .iter()
            .map(|(s, cols)| crate::import::unknown_columns(s.label(), cols))
            .collect();
        let absent: Vec<&str> = Section::ALL
            .iter()
            .filter(|s| !read.sections.contains(s))
            .map(|s| s.label())
            .collect();
        if !absent.is_empty() {
            let absent = absent.join("、");
            warnings.push(msg!(
                "工作簿没有这些工作表,档案中这几部分保持不变:{absent}",
                "the workbook lacks these sheets; those sections of the archives stay as they are: {absent}"
            ));
        }
        let units = read
            .unattached
            .into_iter()
            .map(Unit::Unattached)
            .chain(read.people.into_iter().map(Unit::Person))
            .collect();
        Ok(Source::units(units, warnings))
    }

    fn begin<'t>(
        &'t self,
        tx: &'t Connection,
        change: Change,
        _flags: &Flags,
    ) -> Result<(Check<Unit, SheetPerson>, ArchiveWriter<'t>)> {
        let check: Check<Unit, SheetPerson> = Box::new(move |unit: Unit| match unit {
            Unit::Unattached(x) => Checked {
                sheet: Some(x.section.label()),
                row: x.row,
                cells: Vec::new(),
                value: None,
                problems: vec![at(x)],
            },
            Unit::Person(mut p) => {
                let problems: Vec<Problem> = std::mem::take(&mut p.problems)
                    .into_iter()
                    .map(at)
                    .collect();
                Checked {
                    sheet: Some(p.first.0.label()),
                    row: p.first.1,
                    cells: Vec::new(),
                    value: problems.is_empty().then_some(p),
                    problems,
                }
            }
        });
        let writer = ArchiveWriter {
            tx,
            change,
            org: self.org.as_ref(),
            headers: &self.headers,
        };
        Ok((check, writer))
    }
}

/// The database side of an archive import.
pub struct ArchiveWriter<'t> {
    tx: &'t Connection,
    change: Change,
    org: Option<&'t Org>,
    headers: &'t [(Section, Vec<String>)],
}

impl ArchiveWriter<'_> {
    fn cell(&self, section: Section, row: u32, col: usize, m: Msg) -> Problem {
        (
            At::Cell {
                sheet: section.label(),
                row,
                column: header_of(self.headers, section, col),
            },
            m,
        )
    }

    /// Why the workbook's member cannot have this change, if they cannot:
    /// not a CME member, at another unit, another name or ID type.
    fn refusals(&self, p: &SheetPerson) -> Result<Result<i64, Vec<Problem>>> {
        let (section, row) = p.first;
        let id_number = &p.id_number;
        let member = match find_member(self.tx, id_number)? {
            Err(m) => return Ok(Err(vec![self.cell(section, row, 0, m)])),
            Ok(m) => m,
        };
        if let Some(o) = self.org
            && o.id != member.org_id
        {
            let (name, code) = (&member.org_name, &member.org_code);
            let m = msg!(
                "此人属于 {name}({code}),不是本单位的继教人员",
                "this member belongs to {name} ({code}), not to this unit"
            );
            return Ok(Err(vec![self.cell(section, row, 0, m)]));
        }
        let mut problems = Vec::new();
        let account_name = &member.name;
        let name_differs = |typed: &str| {
            msg!(
                "姓名“{typed}”与账号的姓名“{account_name}”不符",
                "姓名 '{typed}' is not the account's name '{account_name}'"
            )
        };
        if let Some(basic) = &p.proposal.basic {
            let basic_row = self.basic_row(p);
            if let Some(typed) = basic[B_NAME].as_deref().filter(|n| *n != account_name) {
                let keys = Section::Basic.keys();
                problems.push(self.cell(
                    Section::Basic,
                    basic_row,
                    keys + B_NAME,
                    name_differs(typed),
                ));
            }
            if let Some(typed) = basic[B_ID_TYPE].as_deref() {
                let stored: String = self.tx.query_row(
                    "SELECT id_type FROM account WHERE id = ?1",
                    [member.id],
                    |r| r.get(0),
                )?;
                if typed != stored {
                    let keys = Section::Basic.keys();
                    problems.push(self.cell(
                        Section::Basic,
                        basic_row,
                        keys + B_ID_TYPE,
                        msg!(
                            "证件类型“{typed}”与账号登记的“{stored}”不符",
                            "证件类型 '{typed}' is not the account's '{stored}'"
                        ),
                    ));
                }
            }
        }
        for (section, row, typed) in &p.names {
            if typed != account_name {
                problems.push(self.cell(*section, *row, 1, name_differs(typed)));
            }
        }
        Ok(if problems.is_empty() {
            Ok(member.id)
        } else {
            Err(problems)
        })
    }

    /// The row of 个人基本信息 of a member (their first row when that is it).
    fn basic_row(&self, p: &SheetPerson) -> u32 {
        p.basic_row.unwrap_or(p.first.1)
    }
}

impl crate::import::Writer for ArchiveWriter<'_> {
    type Row = SheetPerson;
    type Done = ();

    fn write(&mut self, p: SheetPerson) -> Result<Written> {
        let account_id = match self.refusals(&p)? {
            Ok(id) => id,
            Err(problems) => return Ok(Written::Refused(problems)),
        };
        let tx = self.tx;
        let (approved_archive, _) = approved(tx, account_id)?;
        let waiting = pending(tx, account_id)?;
        let base: &Archive = waiting.as_ref().map_or(&approved_archive, |(_, a)| a);
        let proposed = p.proposal.apply(base);
        if &proposed == base {
            return Ok(Written::Skipped(None));
        }
        let id_number = &p.id_number;
        if let Some((old, _)) = &waiting {
            tx.prepare_cached(
                "UPDATE archive_change SET status = ?2, before = ?3, decided_change = ?4
                 WHERE id = ?1",
            )?
            .execute(params![
                old,
                ArchiveStatus::Superseded,
                approved_archive.to_json(),
                self.change.id
            ])?;
            let note = format!("#{old}");
            self.change.log(
                tx,
                &Item {
                    subject: id_number,
                    entity: "archive",
                    action: "supersede",
                    field: Some("审核状态"),
                    before: Some(ArchiveStatus::Pending.label()),
                    after: Some(ArchiveStatus::Superseded.label()),
                    note: Some(&note),
                },
            )?;
        }
        if proposed == approved_archive {
            // The workbook puts back what the unit approved: the change
            // waiting is withdrawn and nothing new awaits review.
            return Ok(Written::Updated);
        }
        tx.prepare_cached(
            "INSERT INTO archive_change (account_id, status, after, created_change)
             VALUES (?1, ?2, ?3, ?4)",
        )?
        .execute(params![
            account_id,
            ArchiveStatus::Pending,
            proposed.to_json(),
            self.change.id
        ])?;
        let id = tx.last_insert_rowid();
        let note = format!(
            "#{id} {}",
            changed_sections(&approved_archive, &proposed).join("、")
        );
        self.change.log(
            tx,
            &Item {
                subject: id_number,
                entity: "archive",
                action: "submit",
                field: Some("审核状态"),
                after: Some(ArchiveStatus::Pending.label()),
                note: Some(&note),
                ..Item::default()
            },
        )?;
        Ok(if waiting.is_some() {
            Written::Updated
        } else {
            Written::Created
        })
    }
}

/// Imports an archive workbook. The counts are of members: `imported` got
/// a change awaiting review, `updated` had the change awaiting review
/// replaced, `skipped` had nothing that differs from their archive (or the
/// change already waiting), `rejected` were refused (their rows are in
/// `errors`).
pub fn import(
    conn: &mut Connection,
    path: &Path,
    opts: &ImportOptions,
    flags: &Flags,
    who: &Who,
    progress: &(dyn Fn(u64, u64) + Sync),
) -> Result<ImportReport> {
    let org = match &opts.org {
        Some(code) => Some(org::find_kind(conn, code, crate::org::OrgKind::Cme)?),
        None => None,
    };
    let mut importer = ArchiveImport {
        org,
        opts: opts.clone(),
        headers: Vec::new(),
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

/// The row check alone, on the workbook at `path` (its sheets read as
/// the import reads them), nothing written: for the fuzz targets and tests
/// (docs/reliability.md).
#[doc(hidden)]
pub fn check_workbook(
    conn: &mut Connection,
    opts: &ImportOptions,
    path: &Path,
) -> Result<Vec<crate::import::probe::Verdict>> {
    let mut importer = ArchiveImport {
        org: opts
            .org
            .as_deref()
            .map(|c| org::find(conn, c))
            .transpose()?,
        opts: opts.clone(),
        headers: Vec::new(),
    };
    crate::import::probe::workbook(conn, &mut importer, path)
}
