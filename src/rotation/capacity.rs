//! `rotation capacity import`: how many residents each department of a
//! base takes in a month (科室, 每月容量 [, 月份]), on the import skeleton.
//! A row without 月份 sets the department's capacity for every month; one
//! with 月份 sets that month's, which then overrides it.

use std::collections::HashMap;
use std::path::Path;

use crate::db::sql::{Connection, OptionalExtension, params};

use crate::error::Result;
use crate::history::{Change, Item, Who};
use crate::i18n::Msg;
use crate::import::{Begun, Flags, Import, ImportReport, OneSheet, Source, Written, record_check};
use crate::msg;
use crate::org::{self, Org, OrgKind};
use crate::rules::date::Month;
use crate::sheet::{Cell, Column, Layout, Record, Workbook};

/// The largest monthly capacity a row may give.
pub const MOST_CAPACITY: u32 = 10_000;

crate::sheet::layout! {
    /// The 科室容量 template.
    pub const CAPACITY_LAYOUT = sheet "科室容量", positions col {
        DEPARTMENT: Column::required("科室", &["轮转科室", "科室名称", "department"]),
        CAPACITY: Column::required(
            "每月容量",
            &["容量", "月容量", "每月可接收人数", "可接收人数", "capacity"],
        ),
        MONTH: Column::optional("月份", &["年月", "month"]),
    }
}

/// A row that passed its own checks.
pub struct Row {
    department: String,
    capacity: u32,
    month: Option<Month>,
}

/// Each department's capacity of a base: by department id, the capacity
/// for every month (if set) and for particular months.
#[derive(Debug, Clone, Default)]
pub struct Capacity {
    pub every: Option<u32>,
    pub months: HashMap<Month, u32>,
}

impl Capacity {
    /// The capacity in `month`, if any is set.
    pub fn of(&self, month: Month) -> Option<u32> {
        self.months.get(&month).copied().or(self.every)
    }
}

/// The capacities stored for a base's departments, by department id.
pub fn load(conn: &Connection, org_id: i64) -> Result<HashMap<i64, Capacity>> {
    let mut stmt = conn.prepare(
        "SELECT c.department_id, c.month, c.capacity
         FROM department_capacity c JOIN department d ON d.id = c.department_id
         WHERE d.org_id = ?1",
    )?;
    let mut rows = stmt.query([org_id])?;
    let mut out: HashMap<i64, Capacity> = HashMap::new();
    while let Some(r) = rows.next()? {
        let month: Option<String> = r.get(1)?;
        let capacity: i64 = r.get(2)?;
        let entry = out.entry(r.get(0)?).or_default();
        match month.as_deref().and_then(crate::rules::date::parse_month) {
            Some(m) => {
                entry.months.insert(m, capacity as u32);
            }
            None => entry.every = Some(capacity as u32),
        }
    }
    Ok(out)
}

fn check_row(rec: &Record, problems: &mut Vec<(usize, Msg)>) -> Option<Row> {
    let department = super::import::department(rec.get(col::DEPARTMENT), col::DEPARTMENT, problems);
    let capacity =
        super::programme::whole(rec, col::CAPACITY, "每月容量", (0, MOST_CAPACITY), problems);
    let cell = rec.get(col::MONTH);
    let month = if cell.is_blank() {
        Some(None)
    } else {
        match cell.as_month() {
            Some(m) => Some(Some(m)),
            None => {
                let shown = cell.display();
                problems.push((
                    col::MONTH,
                    msg!(
                        "月份“{shown}”不是年月(如 2025-09)",
                        "月份 '{shown}' is not a month (such as 2025-09)"
                    ),
                ));
                None
            }
        }
    };
    Some(Row {
        department: department?,
        capacity: capacity?,
        month: month?,
    })
}

/// The database side of a capacity import.
pub struct CapacityWriter<'t> {
    tx: &'t Connection,
    change: Change,
    org: &'t Org,
    update: bool,
}

impl crate::import::Writer for CapacityWriter<'_> {
    type Row = Row;
    type Done = ();

    fn write(&mut self, row: Row) -> Result<Written> {
        let tx = self.tx;
        let department = org::department_id(tx, self.org.id, &row.department)?;
        let month = row.month.map(|m| m.to_string());
        let stored: Option<i64> = tx
            .prepare_cached(
                "SELECT capacity FROM department_capacity
                 WHERE department_id = ?1 AND coalesce(month, '') = coalesce(?2, '')",
            )?
            .query_row(params![department, month], |r| r.get(0))
            .optional()?;
        let given = i64::from(row.capacity);
        let (action, before) = match stored {
            Some(n) if n == given => return Ok(Written::Skipped(None)),
            Some(n) if !self.update => {
                return Ok(Written::Skipped(Some((
                    col::CAPACITY,
                    msg!(
                        "已跳过:已有的每月容量为 {n},文件为 {given};如要更改,请加 --update",
                        "skipped: the capacity stored is {n}, the file's {given}; use --update to change it"
                    ),
                ))));
            }
            Some(n) => {
                tx.prepare_cached(
                    "UPDATE department_capacity SET capacity = ?3, change_id = ?4
                     WHERE department_id = ?1 AND coalesce(month, '') = coalesce(?2, '')",
                )?
                .execute(params![department, month, given, self.change.id])?;
                ("update", Some(n.to_string()))
            }
            None => {
                tx.prepare_cached(
                    "INSERT INTO department_capacity (department_id, month, capacity, change_id)
                     VALUES (?1, ?2, ?3, ?4)",
                )?
                .execute(params![department, month, given, self.change.id])?;
                ("create", None)
            }
        };
        let note = match &month {
            Some(m) => format!("{} {m}", row.department),
            None => row.department.clone(),
        };
        self.change.log(
            tx,
            &Item {
                subject: &self.org.code,
                entity: "department_capacity",
                action,
                field: Some("每月容量"),
                before: before.as_deref(),
                after: Some(&given.to_string()),
                note: Some(&note),
            },
        )?;
        Ok(if action == "update" {
            Written::Updated
        } else {
            Written::Created
        })
    }
}

/// `rotation capacity import` on the import skeleton.
pub struct CapacityImport {
    org: Org,
}

impl Import for CapacityImport {
    type Input = Record;
    type Row = Row;
    type Done = ();
    type Writer<'t> = CapacityWriter<'t>;

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
        flags: &Flags,
    ) -> Result<Begun<'t, Self>> {
        let mut seen: HashMap<(String, Option<Month>), u32> = HashMap::new();
        let check = record_check(move |rec: &Record, problems: &mut Vec<(usize, Msg)>| {
            let row = check_row(rec, problems)?;
            let key = (row.department.clone(), row.month);
            if let Some(first) = seen.get(&key) {
                problems.push((
                    col::DEPARTMENT,
                    msg!(
                        "与第 {first} 行是同一科室和月份",
                        "the same department and month as row {first}"
                    ),
                ));
                return None;
            }
            seen.insert(key, rec.row);
            Some(row)
        });
        let writer = CapacityWriter {
            tx,
            change,
            org: &self.org,
            update: flags.update,
        };
        Ok((check, writer))
    }
}

impl OneSheet for CapacityImport {
    fn layout(&self) -> &'static Layout {
        &CAPACITY_LAYOUT
    }
}

/// The row check alone, on rows made up by the caller (cells in the order
/// of [`CAPACITY_LAYOUT`]), nothing written: for the fuzz targets and
/// tests (docs/reliability.md).
#[doc(hidden)]
pub fn check_rows(
    conn: &mut Connection,
    org: &str,
    rows: Vec<Vec<Cell>>,
) -> Result<Vec<crate::import::probe::Verdict>> {
    let importer = CapacityImport {
        org: org::find(conn, org)?,
    };
    crate::import::probe::rows(conn, &importer, rows)
}

/// Imports the monthly capacities of a base's departments.
pub fn import(
    conn: &mut Connection,
    path: &Path,
    org: &str,
    flags: &Flags,
    who: &Who,
    progress: &(dyn Fn(u64, u64) + Sync),
) -> Result<ImportReport> {
    let mut importer = CapacityImport {
        org: org::find_kind(conn, org, OrgKind::Base)?,
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
