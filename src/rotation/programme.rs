//! `rotation programme import`: a base's rotation programme (轮转方案) for
//! each specialty — the departments a resident rotates through and the
//! months in each (培训专业, 轮转科室, 轮转月数 [, 顺序]) — on the import
//! skeleton. A specialty's rows are its whole programme: they replace what
//! is stored for it (with `--update`), or are skipped when the same.

use std::collections::HashMap;
use std::path::Path;

use crate::db::sql::{Connection, params};

use crate::error::Result;
use crate::history::{Change, Item, Who};
use crate::i18n::Msg;
use crate::import::{
    Begun, Flags, Import, ImportReport, OneSheet, RowError, Source, Written, record_check,
};
use crate::msg;
use crate::org::{self, Org, OrgKind};
use crate::rules::specialty;
use crate::sheet::{Cell, Column, Layout, Record, Workbook};

use super::plan::model::MOST_ROWS;

/// The most months a programme row may take, and a programme in all: a
/// three-year training.
pub const MOST_MONTHS: u32 = 36;
/// The highest 顺序.
pub const MOST_SEQUENCE: u32 = 99;

crate::sheet::layout! {
    /// The 轮转方案 template.
    pub const PROGRAMME_LAYOUT = sheet "轮转方案", positions col {
        SPECIALTY: Column::required("培训专业", &["专业", "专业基地", "specialty"]),
        DEPARTMENT: Column::required("轮转科室", &["科室", "科室名称", "department"]),
        MONTHS: Column::required(
            "轮转月数",
            &["月数", "轮转时间", "轮转时间(月)", "轮转时长(月)", "months"],
        ),
        SEQUENCE: Column::optional("顺序", &["轮转顺序", "次序", "order", "sequence"]),
    }
}

/// A programme row as stored or read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProgrammeRow {
    pub department: String,
    pub months: u32,
    /// 顺序, where given.
    pub sequence: Option<u32>,
}

/// A row of the file that passed its own checks.
pub struct Row {
    row: u32,
    cells: Vec<Cell>,
    specialty: &'static str,
    programme: ProgrammeRow,
}

/// A whole number in `lo..=hi` from a cell, or the problem.
pub(crate) fn whole(
    rec: &Record,
    col: usize,
    label: &str,
    (lo, hi): (u32, u32),
    problems: &mut Vec<(usize, Msg)>,
) -> Option<u32> {
    let cell = rec.get(col);
    match cell.as_whole() {
        Some(n) if (i64::from(lo)..=i64::from(hi)).contains(&n) => Some(n as u32),
        _ => {
            let shown = cell.display();
            problems.push((
                col,
                msg!(
                    "{label}“{shown}”应为 {lo}–{hi} 的整数",
                    "{label} '{shown}' must be a whole number from {lo} to {hi}"
                ),
            ));
            None
        }
    }
}

fn check_row(rec: &Record, problems: &mut Vec<(usize, Msg)>) -> Option<Row> {
    let typed = rec.get(col::SPECIALTY).text();
    let specialty = if typed.is_empty() {
        problems.push((
            col::SPECIALTY,
            msg!("培训专业为空", "the specialty is empty"),
        ));
        None
    } else {
        specialty::find(&typed).or_else(|| {
            problems.push((col::SPECIALTY, specialty::unknown(&typed)));
            None
        })
    };
    let department = super::import::department(rec.get(col::DEPARTMENT), col::DEPARTMENT, problems);
    let months = whole(rec, col::MONTHS, "轮转月数", (1, MOST_MONTHS), problems);
    let sequence = if rec.get(col::SEQUENCE).is_blank() {
        Some(None)
    } else {
        whole(rec, col::SEQUENCE, "顺序", (1, MOST_SEQUENCE), problems).map(Some)
    };
    Some(Row {
        row: rec.row,
        cells: rec.cells.clone(),
        specialty: specialty?,
        programme: ProgrammeRow {
            department: department?,
            months: months?,
            sequence: sequence?,
        },
    })
}

/// The stored programmes of a base, by specialty, each in its order.
pub fn load(conn: &Connection, org_id: i64) -> Result<HashMap<String, Vec<ProgrammeRow>>> {
    let mut stmt = conn.prepare(
        "SELECT p.specialty, d.name, p.months, p.sequence
         FROM rotation_programme p JOIN department d ON d.id = p.department_id
         WHERE p.org_id = ?1 ORDER BY p.specialty, p.position",
    )?;
    let mut rows = stmt.query([org_id])?;
    let mut out: HashMap<String, Vec<ProgrammeRow>> = HashMap::new();
    while let Some(r) = rows.next()? {
        let months: i64 = r.get(2)?;
        let sequence: Option<i64> = r.get(3)?;
        out.entry(r.get(0)?).or_default().push(ProgrammeRow {
            department: r.get(1)?,
            months: months as u32,
            sequence: sequence.map(|s| s as u32),
        });
    }
    Ok(out)
}

/// A programme as one line, for the change log.
fn summary(rows: &[ProgrammeRow]) -> String {
    let parts: Vec<String> = rows
        .iter()
        .map(|r| match r.sequence {
            Some(s) => format!("{} {} 个月(顺序 {s})", r.department, r.months),
            None => format!("{} {} 个月", r.department, r.months),
        })
        .collect();
    parts.join(";")
}

/// The database side of a programme import: rows are held until the whole
/// file is read, then judged and written specialty by specialty.
pub struct ProgrammeWriter<'t> {
    tx: &'t Connection,
    change: Change,
    org: &'t Org,
    update: bool,
    rows: Vec<Row>,
}

impl crate::import::Writer for ProgrammeWriter<'_> {
    type Row = Row;
    type Done = ();

    fn write(&mut self, row: Row) -> Result<Written> {
        self.rows.push(row);
        Ok(Written::Held)
    }

    fn finish(&mut self, report: &mut ImportReport, headers: &[String]) -> Result<()> {
        let tx = self.tx;
        // Each specialty's rows, in the order of the file.
        let mut order: Vec<&'static str> = Vec::new();
        let mut by: HashMap<&'static str, Vec<&Row>> = HashMap::new();
        for r in &self.rows {
            if !by.contains_key(r.specialty) {
                order.push(r.specialty);
            }
            by.entry(r.specialty).or_default().push(r);
        }
        let mut refused: Vec<(&Row, usize, Msg)> = Vec::new();
        for s in &order {
            let rows = &by[s];
            let total: u32 = rows.iter().map(|r| r.programme.months).sum();
            if total > MOST_MONTHS {
                refused.push((
                    rows[0],
                    col::MONTHS,
                    msg!(
                        "{s} 的轮转方案合计 {total} 个月,超过三年培训的 {MOST_MONTHS} 个月",
                        "the programme of {s} adds up to {total} months, more than the {MOST_MONTHS} of a three-year training"
                    ),
                ));
            }
            if rows.len() > MOST_ROWS {
                let n = rows.len();
                refused.push((
                    rows[MOST_ROWS],
                    col::DEPARTMENT,
                    msg!(
                        "{s} 的轮转方案有 {n} 行,最多 {MOST_ROWS} 行",
                        "the programme of {s} has {n} rows; at most {MOST_ROWS}"
                    ),
                ));
            }
        }
        for (row, col, m) in refused {
            report.reject(
                None,
                row.row,
                row.cells.clone(),
                vec![(headers[col].clone(), m)],
            );
        }
        report.refused.sort_by_key(|r| r.row);
        report.errors.sort_by_key(|e| e.row);
        // A programme is read whole: a refused row leaves a specialty
        // without one of its departments.
        if report.rejected > 0 {
            return Ok(());
        }
        let stored = load(tx, self.org.id)?;
        for s in order {
            let rows = &by[s];
            let new: Vec<ProgrammeRow> = rows.iter().map(|r| r.programme.clone()).collect();
            let n = rows.len() as u64;
            let old = stored.get(s);
            match old {
                Some(old) if *old == new => {
                    report.skipped += n;
                    continue;
                }
                Some(old) if !self.update => {
                    let (k, months) = (old.len(), old.iter().map(|r| r.months).sum::<u32>());
                    report.skipped += n;
                    report.notes.push(RowError {
                        sheet: None,
                        row: rows[0].row,
                        column: headers[col::SPECIALTY].clone(),
                        message: msg!(
                            "已跳过:{s} 已有不同的轮转方案({k} 行,共 {months} 个月);如要替换,请加 --update",
                            "skipped: {s} has another programme already ({k} rows, {months} months); use --update to replace it"
                        ),
                    });
                    continue;
                }
                Some(_) => {
                    tx.execute(
                        "DELETE FROM rotation_programme WHERE org_id = ?1 AND specialty = ?2",
                        params![self.org.id, s],
                    )?;
                    report.updated += n;
                }
                None => report.imported += n,
            }
            for (i, r) in new.iter().enumerate() {
                let department = org::department_id(tx, self.org.id, &r.department)?;
                tx.prepare_cached(
                    "INSERT INTO rotation_programme
                         (org_id, specialty, position, department_id, months, sequence, change_id)
                     VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
                )?
                .execute(params![
                    self.org.id,
                    s,
                    i as i64 + 1,
                    department,
                    i64::from(r.months),
                    r.sequence.map(i64::from),
                    self.change.id
                ])?;
            }
            let before = old.map(|o| summary(o));
            let note = s.to_owned();
            self.change.log(
                tx,
                &Item {
                    subject: &self.org.code,
                    entity: "rotation_programme",
                    action: if old.is_some() { "update" } else { "create" },
                    field: Some("轮转方案"),
                    before: before.as_deref(),
                    after: Some(&summary(&new)),
                    note: Some(&note),
                },
            )?;
        }
        Ok(())
    }
}

/// `rotation programme import` on the import skeleton.
pub struct ProgrammeImport {
    org: Org,
}

impl Import for ProgrammeImport {
    type Input = Record;
    type Row = Row;
    type Done = ();
    type Writer<'t> = ProgrammeWriter<'t>;

    fn open(
        &mut self,
        book: &Workbook,
        flags: &Flags,
        _progress: &(dyn Fn(u64, u64) + Sync),
    ) -> Result<Source<Record>> {
        self.records(book, flags)
    }

    fn all_or_nothing(&self) -> bool {
        true
    }

    fn begin<'t>(
        &'t self,
        tx: &'t Connection,
        change: Change,
        flags: &Flags,
    ) -> Result<Begun<'t, Self>> {
        let check = record_check(check_row);
        let writer = ProgrammeWriter {
            tx,
            change,
            org: &self.org,
            update: flags.update,
            rows: Vec::new(),
        };
        Ok((check, writer))
    }
}

impl OneSheet for ProgrammeImport {
    fn layout(&self) -> &'static Layout {
        &PROGRAMME_LAYOUT
    }
}

/// The row check alone, on rows made up by the caller (cells in the order
/// of [`PROGRAMME_LAYOUT`]), nothing written: for the fuzz targets and
/// tests (docs/reliability.md).
#[doc(hidden)]
pub fn check_rows(
    conn: &mut Connection,
    org: &str,
    rows: Vec<Vec<Cell>>,
) -> Result<Vec<crate::import::probe::Verdict>> {
    let importer = ProgrammeImport {
        org: org::find(conn, org)?,
    };
    crate::import::probe::rows(conn, &importer, rows)
}

/// Imports a base's rotation programmes.
pub fn import(
    conn: &mut Connection,
    path: &Path,
    org: &str,
    flags: &Flags,
    who: &Who,
    progress: &(dyn Fn(u64, u64) + Sync),
) -> Result<ImportReport> {
    let mut importer = ProgrammeImport {
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
