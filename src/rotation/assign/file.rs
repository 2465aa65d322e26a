//! `rotation assign --file`: the 带教分配 importer, each row's teacher
//! checked against the same candidacies and loads as `--auto`.

use std::path::Path;

use crate::db::sql::{Connection, OptionalExtension, params};
use chrono::{Datelike, NaiveDate};

use super::{Assignment, Loads, Staff, check_max, log_assignment, n, peak};
use crate::error::Result;
use crate::history::{Change, Who};
use crate::i18n::Msg;
use crate::import::{At, Check, Flags, Import, ImportReport, Source, Written, record_check};
use crate::msg;
use crate::org::{self, Org};
use crate::rotation::import::{DEPARTMENT_ALIASES, END_ALIASES, ID_ALIASES, START_ALIASES};
use crate::rotation::import::{ID_NUMBER, START, not_a_resident, period, resident_row, residents};
use crate::rules::person;
use crate::rules::text::identifier;
use crate::sheet::{Column, Record, Workbook};

crate::sheet::layout! {
    /// The 带教分配 template: a rotation (resident, department, period) and
    /// its teacher. Its first columns are the 轮转计划 template's, read by
    /// the same code (a test checks).
    pub const ASSIGN_LAYOUT = sheet "带教分配", positions assign_col {
        ID_NUMBER: Column::required("证件号码", ID_ALIASES),
        NAME: Column::optional("姓名", &["name", "学员姓名", "住院医师姓名"]),
        DEPARTMENT: Column::required("科室", DEPARTMENT_ALIASES),
        START: Column::required("开始日期", START_ALIASES),
        END: Column::required("结束日期", END_ALIASES),
        TEACHER_ID: Column::required(
            "带教老师证件号码",
            &[
                "teacher id number",
                "带教老师身份证号",
                "带教老师证件号",
                "带教老师身份证号码",
                "师资证件号码",
            ],
        ),
        TEACHER_NAME: Column::optional("带教老师", &["teacher", "带教老师姓名", "师资姓名"]),
    }
}
use assign_col::{DEPARTMENT, TEACHER_ID, TEACHER_NAME};

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
    use crate::rotation::import::ROTATION_LAYOUT;

    /// The rotation columns of the 带教分配 template are the 轮转计划
    /// template's, at the same positions: both are read by the same code.
    #[test]
    fn an_assignment_begins_with_a_rotation() {
        for (i, c) in ROTATION_LAYOUT.columns.iter().enumerate() {
            assert_eq!(ASSIGN_LAYOUT.columns[i].label, c.label);
        }
        assert_eq!(
            (ID_NUMBER, START),
            (assign_col::ID_NUMBER, assign_col::START)
        );
    }
}
