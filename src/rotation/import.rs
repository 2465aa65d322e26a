//! `rotation import`: the 轮转计划 (证件号码, 姓名, 科室, 开始日期, 结束日期)
//! of a base's residents. A resident rotates only while 在培 or 延期 at this
//! base, is in one department at a time (rotations never overlap, in the
//! file or against what is stored), and a rotation ends on or after the day
//! it starts. Importing the same rotation again changes nothing.

use std::collections::HashMap;
use std::path::Path;

use crate::db::sql::{Connection, params};
use chrono::NaiveDate;

use super::ROTATING;
use crate::account::{self, Role};
use crate::error::Result;
use crate::history::{Change, Who};
use crate::i18n::Msg;
use crate::import::{
    At, Check, Flags, Import, ImportReport, OneSheet, Source, Written, record_check,
};
use crate::msg;
use crate::org::{self, Org};
use crate::rules::person;
use crate::rules::text::identifier;
use crate::sheet::{Cell, Column, Layout, Record, Workbook};
use crate::teacher::department_name;
use crate::training::{self, Status};

pub(crate) const ID_ALIASES: &[&str] = &[
    "id number",
    "身份证号",
    "身份证号码",
    "证件号",
    "身份证件号码",
    "学员证件号码",
];
pub(crate) const DEPARTMENT_ALIASES: &[&str] = &["department", "轮转科室", "所在科室", "科室名称"];
pub(crate) const START_ALIASES: &[&str] = &[
    "start",
    "start date",
    "开始时间",
    "轮转开始日期",
    "入科日期",
];
pub(crate) const END_ALIASES: &[&str] =
    &["end", "end date", "结束时间", "轮转结束日期", "出科日期"];

crate::sheet::layout! {
    /// The 轮转计划 template.
    pub const ROTATION_LAYOUT = sheet "轮转计划", positions col {
        ID_NUMBER: Column::required("证件号码", ID_ALIASES),
        NAME: Column::required("姓名", &["name", "学员姓名", "住院医师姓名"]),
        DEPARTMENT: Column::required("科室", DEPARTMENT_ALIASES),
        START: Column::required("开始日期", START_ALIASES),
        END: Column::required("结束日期", END_ALIASES),
    }
}

// `rotation assign`'s template begins with the same columns; it reads them
// by these positions.
pub(crate) use col::{ID_NUMBER, START};

/// What `rotation import` is asked to do.
#[derive(Debug, Clone)]
pub struct ImportOptions {
    pub org: String,
}

/// A day of a rotation, with the problems of its cell.
pub(crate) fn day(
    cell: &Cell,
    col: usize,
    label: &str,
    errors: &mut Vec<(usize, Msg)>,
) -> Option<NaiveDate> {
    match cell.as_day() {
        Some(d) => Some(d),
        None if cell.is_blank() => {
            errors.push((col, msg!("{label}为空", "{label} is empty")));
            None
        }
        None => {
            let shown = cell.display();
            errors.push((
                col,
                msg!(
                    "{label}“{shown}”不是日期(如 2024-03-01)",
                    "{label} '{shown}' is not a date (such as 2024-03-01)"
                ),
            ));
            None
        }
    }
}

/// The department named in a cell: not empty, not too long.
pub(crate) fn department(
    cell: &Cell,
    col: usize,
    errors: &mut Vec<(usize, Msg)>,
) -> Option<String> {
    let d = department_name(&cell.text());
    if d.is_empty() {
        errors.push((col, msg!("科室为空", "the department is empty")));
        None
    } else if d.chars().count() > 50 || d.chars().any(char::is_control) {
        errors.push((
            col,
            msg!(
                "科室“{d}”过长或含控制字符",
                "the department '{d}' is too long or holds control characters"
            ),
        ));
        None
    } else {
        Some(d)
    }
}

/// The department and the period of a row: the department named, the
/// start on or before the end.
pub(crate) fn period(
    rec: &Record,
    errors: &mut Vec<(usize, Msg)>,
) -> Option<(String, NaiveDate, NaiveDate)> {
    let department = department(rec.get(col::DEPARTMENT), col::DEPARTMENT, errors);
    let start = day(rec.get(col::START), col::START, "开始日期", errors);
    let end = day(rec.get(col::END), col::END, "结束日期", errors);
    if let (Some(s), Some(e)) = (start, end)
        && e < s
    {
        errors.push((
            col::END,
            msg!(
                "结束日期 {e} 早于开始日期 {s}",
                "the end date {e} is before the start date {s}"
            ),
        ));
    }
    Some((department?, start?, end?))
}

/// The residents of the base, each with their latest training record here:
/// ID number → (account, name, status).
pub(crate) fn residents(
    tx: &Connection,
    org_id: i64,
) -> Result<HashMap<String, (i64, String, Status)>> {
    let mut out = HashMap::new();
    let mut stmt = tx.prepare(
        "SELECT a.id_number, a.id, a.name, t.status
         FROM training t JOIN account a ON a.id = t.account_id
         WHERE t.org_id = ?1 ORDER BY t.id",
    )?;
    let mut rows = stmt.query([org_id])?;
    while let Some(r) = rows.next()? {
        out.insert(r.get(0)?, (r.get(1)?, r.get(2)?, r.get(3)?));
    }
    Ok(out)
}

/// Why an ID number names no resident of `org`: no account, another role,
/// or a resident of another base.
pub(crate) fn not_a_resident(tx: &Connection, id_number: &str, org: &Org) -> Result<Msg> {
    let here = &org.code;
    Ok(match account::find(tx, id_number)? {
        None => account::no_account_msg(id_number),
        Some(f) if f.role != Role::Resident => {
            let role = f.role.label();
            msg!(
                "{id_number} 是{role}账号,不是住院医师",
                "{id_number} is a {role} account, not a resident"
            )
        }
        Some(_) => match training::latest(tx, id_number, None)? {
            Some(t) => {
                let (name, code, status) = (&t.org_name, &t.org, t.status.label());
                msg!(
                    "{id_number} 是 {name}({code})的住院医师(培训状态 {status}),不在本基地 {here} 培训",
                    "{id_number} is a resident of {name} ({code}, {status}), not in training at {here}"
                )
            }
            None => msg!(
                "{id_number} 在本基地 {here} 没有培训记录",
                "{id_number} has no training record at {here}"
            ),
        },
    })
}

/// The check of a resident's standing: in the base's map, 在培 or 延期, the
/// name as stored.
pub(crate) fn resident_row(
    rec: &Record,
    residents: &HashMap<String, (i64, String, Status)>,
    name_required: bool,
    errors: &mut Vec<(usize, Msg)>,
) -> Result<Option<i64>, String> {
    let id_number = identifier(&rec.get(col::ID_NUMBER).display());
    if id_number.is_empty() {
        errors.push((
            col::ID_NUMBER,
            msg!("证件号码为空", "the ID number is empty"),
        ));
        return Ok(None);
    }
    let Some((account, stored, status)) = residents.get(&id_number) else {
        return Err(id_number);
    };
    if !ROTATING.contains(status) {
        let s = status.label();
        let allowed: Vec<&str> = ROTATING.iter().map(|r| r.label()).collect();
        let allowed = allowed.join("、");
        errors.push((
            col::ID_NUMBER,
            msg!(
                "{id_number} 在本基地的培训状态为“{s}”,只有 {allowed} 的住院医师轮转",
                "{id_number} is {s} at this base: only residents who are {allowed} rotate"
            ),
        ));
    }
    let raw = rec.get(col::NAME);
    if raw.is_blank() {
        if name_required {
            errors.push((col::NAME, msg!("姓名为空", "the name is empty")));
        }
    } else {
        match person::name(&raw.display()) {
            Err(m) => errors.push((col::NAME, m)),
            Ok(n) if n != *stored => errors.push((
                col::NAME,
                msg!(
                    "姓名“{n}”与该证件号码的住院医师“{stored}”不符",
                    "the name '{n}' differs from the resident's name '{stored}' for this ID number"
                ),
            )),
            Ok(_) => {}
        }
    }
    Ok(Some(*account))
}

/// A row that passed its own checks.
pub enum RotationRow {
    Good {
        row: u32,
        account: i64,
        department: String,
        start: NaiveDate,
        end: NaiveDate,
    },
    /// The ID number names no resident of the base: the writer says why,
    /// with the row's other problems.
    Unknown {
        id_number: String,
        problems: Vec<(usize, Msg)>,
    },
}

/// The database side of a rotation import.
pub struct RotationWriter<'t> {
    tx: &'t Connection,
    change: Change,
    org: &'t Org,
    departments: HashMap<String, i64>,
    /// The row of each rotation this import inserted, by id.
    rows_of: HashMap<i64, u32>,
}

impl<'t> RotationWriter<'t> {
    /// The writer of `rotation import`, for others that write rotations
    /// as it does (the plan).
    pub(crate) fn new(tx: &'t Connection, change: Change, org: &'t Org) -> RotationWriter<'t> {
        RotationWriter {
            tx,
            change,
            org,
            departments: HashMap::new(),
            rows_of: HashMap::new(),
        }
    }
}

impl crate::import::Writer for RotationWriter<'_> {
    type Row = RotationRow;
    type Done = ();

    fn write(&mut self, row: RotationRow) -> Result<Written> {
        let (row, account, department, start, end) = match row {
            RotationRow::Unknown {
                id_number,
                problems,
            } => {
                let why = not_a_resident(self.tx, &id_number, self.org)?;
                let mut all = vec![(At::Column(col::ID_NUMBER), why)];
                all.extend(problems.into_iter().map(|(c, m)| (At::Column(c), m)));
                return Ok(Written::Refused(all));
            }
            RotationRow::Good {
                row,
                account,
                department,
                start,
                end,
            } => (row, account, department, start, end),
        };
        // A department is added only with a rotation that is recorded.
        let department_id = match self.departments.get(&department) {
            Some(&id) => Some(id),
            None => org::find_department(self.tx, self.org.id, &department)?,
        };
        let (s, e) = (start.to_string(), end.to_string());
        let mut stmt = self.tx.prepare_cached(
            "SELECT r.id, r.department_id, d.name, r.start_date, r.end_date, r.created_change
             FROM rotation r JOIN department d ON d.id = r.department_id
             WHERE r.account_id = ?1 AND r.start_date <= ?3 AND r.end_date >= ?2
             ORDER BY r.start_date",
        )?;
        let overlapping: Vec<(i64, i64, String, String, String, i64)> = stmt
            .query_map(params![account, s, e], |r| {
                Ok((
                    r.get(0)?,
                    r.get(1)?,
                    r.get(2)?,
                    r.get(3)?,
                    r.get(4)?,
                    r.get(5)?,
                ))
            })?
            .collect::<crate::db::sql::Result<_>>()?;
        if let Some((id, dept, name, os, oe, created)) = overlapping.first() {
            let here = *created == self.change.id;
            let same = Some(*dept) == department_id && *os == s && *oe == e;
            if same && !here && overlapping.len() == 1 {
                return Ok(Written::Skipped(None));
            }
            let message = if here {
                let first = self.rows_of.get(id).copied().unwrap_or(0);
                if same {
                    msg!(
                        "与第 {first} 行重复:同一轮转",
                        "the same rotation as row {first}"
                    )
                } else {
                    msg!(
                        "与第 {first} 行的轮转({name} {os} 至 {oe})时间重叠:同一时间只能在一个科室",
                        "overlaps row {first} ({name} from {os} to {oe}): a resident is in one department at a time"
                    )
                }
            } else {
                msg!(
                    "与已有的轮转 #{id}({name} {os} 至 {oe})时间重叠:同一时间只能在一个科室",
                    "overlaps the rotation #{id} already recorded ({name} from {os} to {oe}): a resident is in one department at a time"
                )
            };
            return Ok(Written::Refused(vec![(At::Column(col::START), message)]));
        }
        let department_id = match department_id {
            Some(id) => id,
            None => org::department_id(self.tx, self.org.id, &department)?,
        };
        self.departments.insert(department, department_id);
        self.tx
            .prepare_cached(
                "INSERT INTO rotation (account_id, org_id, department_id, start_date, end_date,
                                       created_change)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
            )?
            .execute(params![
                account,
                self.org.id,
                department_id,
                s,
                e,
                self.change.id
            ])?;
        self.rows_of.insert(self.tx.last_insert_rowid(), row);
        Ok(Written::Created)
    }
}

/// `rotation import` on the import skeleton.
pub struct RotationImport {
    org: Org,
}

impl Import for RotationImport {
    type Input = Record;
    type Row = RotationRow;
    type Done = ();
    type Writer<'t> = RotationWriter<'t>;

    fn open(
        &mut self,
        book: &Workbook,
        flags: &Flags,
        _progress: &(dyn Fn(u64, u64) + Sync),
    ) -> Result<Source<Record>> {
        self.records(book, flags)
    }

    fn begin<'t>(
        &'t self,
        tx: &'t Connection,
        change: Change,
        _flags: &Flags,
    ) -> Result<(Check<Record, RotationRow>, RotationWriter<'t>)> {
        let residents = residents(tx, self.org.id)?;
        let check = record_check(move |rec: &Record, problems: &mut Vec<(usize, Msg)>| {
            let account = resident_row(rec, &residents, true, problems);
            let period = period(rec, problems);
            match account {
                Err(id_number) => Some(RotationRow::Unknown {
                    id_number,
                    problems: std::mem::take(problems),
                }),
                Ok(account) => {
                    let (department, start, end) = period?;
                    Some(RotationRow::Good {
                        row: rec.row,
                        account: account?,
                        department,
                        start,
                        end,
                    })
                }
            }
        });
        Ok((check, RotationWriter::new(tx, change, &self.org)))
    }
}

impl OneSheet for RotationImport {
    fn layout(&self) -> &'static Layout {
        &ROTATION_LAYOUT
    }
}

/// The row check alone, on rows made up by the caller (cells in the order
/// of [`ROTATION_LAYOUT`]), nothing written: for the fuzz targets and tests
/// (docs/reliability.md).
#[doc(hidden)]
pub fn check_rows(
    conn: &mut Connection,
    opts: &ImportOptions,
    rows: Vec<Vec<crate::sheet::Cell>>,
) -> Result<Vec<crate::import::probe::Verdict>> {
    let importer = RotationImport {
        org: org::find(conn, &opts.org)?,
    };
    crate::import::probe::rows(conn, &importer, rows)
}

/// Imports a base's rotation plan.
pub fn import(
    conn: &mut Connection,
    path: &Path,
    opts: &ImportOptions,
    flags: &Flags,
    who: &Who,
    progress: &(dyn Fn(u64, u64) + Sync),
) -> Result<ImportReport> {
    let mut importer = RotationImport {
        org: org::find_kind(conn, &opts.org, crate::org::OrgKind::Base)?,
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
