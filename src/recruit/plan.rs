//! `recruit plan import`: each base's recruitment plan (招录计划) — places
//! per specialty and batch — on the import skeleton.

use std::collections::HashMap;
use std::path::Path;

use crate::db::sql::{Connection, OptionalExtension, params};

use super::batch::{self, Batch};
use super::{ApplicationState, Base, organisations, unknown_specialty};
use crate::error::Result;
use crate::history::{Change, Item, Who};
use crate::i18n::Msg;
use crate::import::{
    At, Begun, Flags, Import, ImportReport, OneSheet, Source, Written, record_check,
};
use crate::msg;
use crate::rules::specialty;
use crate::sheet::{Column, Layout, Record, Workbook};

crate::sheet::layout! {
    /// The 招录计划 template.
    pub const PLAN_LAYOUT = sheet "招录计划", positions col {
        ORG: Column::required(
            "培训基地代码",
            &[
                "基地代码",
                "机构代码",
                "培训基地",
                "base code",
                "org",
                "base",
            ],
        ),
        SPECIALTY: Column::required(
            "培训专业",
            &["专业", "专业基地", "招录专业", "招收专业", "specialty"],
        ),
        PLACES: Column::required(
            "计划人数",
            &["招录人数", "招收人数", "计划招收人数", "人数", "places"],
        ),
        BATCH: Column::required("批次", &["招录批次", "batch"]),
    }
}

/// A plan row that passed its own checks.
pub struct PlanRow {
    batch: Batch,
    base: Base,
    specialty: &'static str,
    places: i64,
}

/// The largest number of places a plan row may give.
const MOST_PLACES: i64 = 10_000;

fn check_row(
    rec: &Record,
    bases: &HashMap<String, (Base, bool)>,
    batches: &[Batch],
    problems: &mut Vec<(usize, Msg)>,
) -> Option<PlanRow> {
    let code = rec.get(col::ORG).text().into_owned();
    let base = if code.is_empty() {
        problems.push((col::ORG, msg!("培训基地代码为空", "the base code is empty")));
        None
    } else {
        match bases.get(&code) {
            Some((b, true)) => Some(b.clone()),
            Some((_, false)) => {
                problems.push((
                    col::ORG,
                    msg!(
                        "{code} 不是培训基地,不招录住院医师",
                        "{code} is not a training base and does not recruit residents"
                    ),
                ));
                None
            }
            None => {
                problems.push((
                    col::ORG,
                    msg!(
                        "没有代码为 {code} 的机构(用 meded org add 添加)",
                        "no organisation with code {code} (add one with meded org add)"
                    ),
                ));
                None
            }
        }
    };
    let typed = rec.get(col::SPECIALTY).text();
    let specialty = if typed.is_empty() {
        problems.push((
            col::SPECIALTY,
            msg!("培训专业为空", "the specialty is empty"),
        ));
        None
    } else {
        specialty::find(&typed).or_else(|| {
            problems.push((col::SPECIALTY, unknown_specialty(&typed)));
            None
        })
    };
    let places = match rec.get(col::PLACES).as_whole() {
        Some(n) if (0..=MOST_PLACES).contains(&n) => Some(n),
        _ => {
            let shown = rec.get(col::PLACES).display();
            problems.push((
                col::PLACES,
                msg!(
                    "计划人数“{shown}”应为 0–{MOST_PLACES} 的整数",
                    "计划人数 '{shown}' must be a whole number from 0 to {MOST_PLACES}"
                ),
            ));
            None
        }
    };
    let named = rec.get(col::BATCH).text();
    let batch = if named.is_empty() {
        problems.push((col::BATCH, msg!("批次为空", "the batch is empty")));
        None
    } else {
        batch::find_in(batches, &named)
            .map_err(|m| problems.push((col::BATCH, m)))
            .ok()
            .cloned()
    };
    Some(PlanRow {
        batch: batch?,
        base: base?,
        specialty: specialty?,
        places: places?,
    })
}

/// The database side of a plan import.
pub struct PlanWriter<'t> {
    tx: &'t Connection,
    change: Change,
    update: bool,
}

impl PlanWriter<'_> {
    /// Applications of the plan that take a place (审核通过, 已录取).
    fn taken(&self, p: &PlanRow) -> Result<i64> {
        let states = [ApplicationState::Approved, ApplicationState::Admitted];
        Ok(self
            .tx
            .prepare_cached(&format!(
                "SELECT count(*) FROM recruit_application
                 WHERE batch_id = ?1 AND org_id = ?2 AND specialty = ?3 AND state IN ({})",
                crate::state::State::sql_list(&states)
            ))?
            .query_row(params![p.batch.id, p.base.id, p.specialty], |r| r.get(0))?)
    }

    fn log(&self, p: &PlanRow, action: &str, before: Option<i64>) -> Result<()> {
        let note = format!("{} {}", p.batch.label(), p.specialty);
        self.change.log(
            self.tx,
            &Item {
                subject: &p.base.code,
                entity: "recruit_plan",
                action,
                field: Some("计划人数"),
                before: before.map(|b| b.to_string()).as_deref(),
                after: Some(&p.places.to_string()),
                note: Some(&note),
            },
        )
    }
}

impl crate::import::Writer for PlanWriter<'_> {
    type Row = PlanRow;
    type Done = ();

    fn write(&mut self, p: PlanRow) -> Result<Written> {
        let stored: Option<i64> = self
            .tx
            .prepare_cached(
                "SELECT places FROM recruit_plan
                 WHERE batch_id = ?1 AND org_id = ?2 AND specialty = ?3",
            )?
            .query_row(params![p.batch.id, p.base.id, p.specialty], |r| r.get(0))
            .optional()?;
        match stored {
            None => {
                self.tx
                    .prepare_cached(
                        "INSERT INTO recruit_plan (batch_id, org_id, specialty, places, change_id)
                         VALUES (?1, ?2, ?3, ?4, ?5)",
                    )?
                    .execute(params![
                        p.batch.id,
                        p.base.id,
                        p.specialty,
                        p.places,
                        self.change.id
                    ])?;
                self.log(&p, "create", None)?;
                Ok(Written::Created)
            }
            Some(n) if n == p.places => Ok(Written::Skipped(None)),
            Some(n) if !self.update => {
                let given = p.places;
                Ok(Written::Skipped(Some((
                    col::PLACES,
                    msg!(
                        "已跳过:计划人数与已有计划不同(现为 {n},文件为 {given});如要更改,请加 --update",
                        "skipped: the plan has {n} places, the file {given}; use --update to change it"
                    ),
                ))))
            }
            Some(n) => {
                let taken = self.taken(&p)?;
                if p.places < taken {
                    return Ok(Written::Refused(vec![(
                        At::Column(col::PLACES),
                        msg!(
                            "已有 {taken} 人审核通过,计划人数不能少于此数",
                            "{taken} applicants have been approved: the plan cannot have fewer places"
                        ),
                    )]));
                }
                self.tx
                    .prepare_cached(
                        "UPDATE recruit_plan SET places = ?4, change_id = ?5
                         WHERE batch_id = ?1 AND org_id = ?2 AND specialty = ?3",
                    )?
                    .execute(params![
                        p.batch.id,
                        p.base.id,
                        p.specialty,
                        p.places,
                        self.change.id
                    ])?;
                self.log(&p, "update", Some(n))?;
                Ok(Written::Updated)
            }
        }
    }
}

/// `recruit plan import` on the import skeleton.
struct PlanImport;

impl Import for PlanImport {
    type Input = Record;
    type Row = PlanRow;
    type Done = ();
    type Writer<'t> = PlanWriter<'t>;

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
        let bases = organisations(tx)?;
        let batches = batch::list(tx)?;
        let mut seen: HashMap<(i64, i64, &'static str), u32> = HashMap::new();
        let check = record_check(move |rec: &Record, problems: &mut Vec<(usize, Msg)>| {
            let row = check_row(rec, &bases, &batches, problems)?;
            if let Some(first) = seen.get(&(row.batch.id, row.base.id, row.specialty)) {
                problems.push((
                    col::SPECIALTY,
                    msg!(
                        "与第 {first} 行是同一基地、专业和批次",
                        "the same base, specialty and batch as row {first}"
                    ),
                ));
                return None;
            }
            seen.insert((row.batch.id, row.base.id, row.specialty), rec.row);
            Some(row)
        });
        let writer = PlanWriter {
            tx,
            change,
            update: flags.update,
        };
        Ok((check, writer))
    }
}

impl OneSheet for PlanImport {
    fn layout(&self) -> &'static Layout {
        &PLAN_LAYOUT
    }
}

/// The row check alone, on rows made up by the caller (cells in the order
/// of [`PLAN_LAYOUT`]), nothing written: for the fuzz targets and tests
/// (docs/reliability.md).
#[doc(hidden)]
pub fn check_rows(
    conn: &mut Connection,
    rows: Vec<Vec<crate::sheet::Cell>>,
) -> Result<Vec<crate::import::probe::Verdict>> {
    crate::import::probe::rows(conn, &PlanImport, rows)
}

/// Imports recruitment plans. A plan already stored with the same number
/// is skipped; with another number it is skipped with a note, or with
/// `--update` changed (never below the applicants already approved).
pub fn import(
    conn: &mut Connection,
    path: &Path,
    flags: &Flags,
    who: &Who,
    progress: &(dyn Fn(u64, u64) + Sync),
) -> Result<ImportReport> {
    let (report, ()) = crate::import::run(
        conn,
        path,
        flags,
        who,
        &mut PlanImport,
        progress,
        &mut |_, _| Ok(()),
    )?;
    Ok(report)
}
