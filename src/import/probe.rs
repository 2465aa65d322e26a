//! An importer's row check on its own, without a file: what the check made
//! of each row it is given, and nothing written (it runs inside a
//! transaction that is rolled back). The row-check fuzz targets in `fuzz/`
//! and the row-check tests feed it arbitrary cells (docs/reliability.md);
//! each importer offers it as `check_rows` (or `check_workbook`, for
//! importers whose rows are gathered per person while the workbook is
//! read).

use std::path::Path;

use super::{Flags, Import, OneSheet, Problem};
use crate::db::sql::Connection;
use crate::error::Result;
use crate::history::{Change, Who};
use crate::sheet::{Cell, Layout, Record, Workbook};

/// What the row check made of one unit (a row, or a person's rows).
#[derive(Debug)]
pub struct Verdict {
    /// The sheet, for imports of several sheets.
    pub sheet: Option<&'static str>,
    pub row: u32,
    /// The check gave a row to write (the writer may still refuse it
    /// against what the database holds).
    pub passed: bool,
    /// Why the unit was refused: at a column of the layout, or at a cell.
    pub problems: Vec<Problem>,
}

/// The row number of the first of `rows`: the template's header is row 1.
pub const FIRST_ROW: u32 = 2;

/// Runs the row check of `importer` on `rows`, each the cells of a row in
/// the order of `layout`'s columns (a row shorter than the layout lacks
/// the rest), numbered from [`FIRST_ROW`].
pub(crate) fn records<I: Import<Input = Record>>(
    conn: &mut Connection,
    importer: &I,
    layout: &Layout,
    rows: Vec<Vec<Cell>>,
) -> Result<Vec<Verdict>> {
    let records = rows
        .into_iter()
        .zip(FIRST_ROW..)
        .map(|(cells, row)| Record::in_layout_order(layout, row, cells));
    units(conn, importer, records)
}

/// Runs the row check of a one-sheet `importer` on `rows`, each the cells
/// of a row in the order of its layout's columns: what an importer's
/// `check_rows` offers.
pub(crate) fn rows<I: OneSheet>(
    conn: &mut Connection,
    importer: &I,
    rows: Vec<Vec<Cell>>,
) -> Result<Vec<Verdict>> {
    records(conn, importer, importer.layout(), rows)
}

/// Opens the workbook at `path` as the import would and runs the row check
/// of `importer` on what it reads.
pub(crate) fn workbook<I: Import>(
    conn: &mut Connection,
    importer: &mut I,
    path: &Path,
) -> Result<Vec<Verdict>> {
    let book = Workbook::open(path)?;
    let source = importer.open(&book, &Flags::default(), &|_, _| {})?;
    let read = source.units.collect::<Result<Vec<_>>>()?;
    units(conn, importer, read)
}

fn units<I: Import>(
    conn: &mut Connection,
    importer: &I,
    units: impl IntoIterator<Item = I::Input>,
) -> Result<Vec<Verdict>> {
    // Never committed: dropped, the transaction rolls back.
    let tx = crate::db::write(conn)?;
    let change = Change::begin(&tx, &Who::new("meded", "row check"))?;
    let (mut check, _writer) = importer.begin(&tx, change, &Flags::default())?;
    Ok(units
        .into_iter()
        .map(|unit| {
            let c = check(unit);
            Verdict {
                sheet: c.sheet,
                row: c.row,
                passed: c.value.is_some(),
                problems: c.problems,
            }
        })
        .collect())
}
