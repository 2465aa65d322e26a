//! One pass over an ODS workbook's content.xml, before calamine reads it:
//!
//! - the merged regions of a sheet, which calamine does not report: cells
//!   with `table:number-rows-spanned` / `table:number-columns-spanned`, in
//!   the same 0-based coordinates as its cells;
//! - a bound on the cells calamine will build for the whole workbook. It
//!   reads every sheet into memory and writes out repeated rows and
//!   columns (`table:number-rows-repeated="1000000"` takes a few bytes),
//!   so a small file can ask for gigabytes; the bound must stay within
//!   [`limits::CELLS`].

use std::fs::File;
use std::io::BufReader;
use std::path::Path;

use calamine::Dimensions;
use quick_xml::Reader;
use quick_xml::events::{BytesStart, Event};

use super::guard::limits;
use crate::i18n::Msg;
use crate::msg;

fn attr(e: &BytesStart<'_>, name: &str) -> Option<u32> {
    e.attributes()
        .flatten()
        .find(|a| a.key.as_ref() == name)
        .and_then(|a| a.value.parse().ok())
}

fn has_attr(e: &BytesStart<'_>, names: &[&str]) -> bool {
    e.attributes()
        .flatten()
        .any(|a| names.contains(&a.key.as_ref()))
}

fn name_of(e: &BytesStart<'_>) -> Option<String> {
    e.attributes()
        .flatten()
        .find(|a| a.key.as_ref() == "table:name")
        .and_then(|a| {
            a.normalized_value(quick_xml::XmlVersion::Implicit1_0)
                .ok()
                .map(|v| v.into_owned())
        })
}

/// What makes calamine give a cell a value.
const VALUE_ATTRS: [&str; 8] = [
    "office:value-type",
    "office:value",
    "office:string-value",
    "office:date-value",
    "office:time-value",
    "office:boolean-value",
    "table:formula",
    "calcext:value-type",
];

/// Counts, for one sheet, the cells calamine builds (an upper bound).
#[derive(Default)]
struct Cells {
    /// Cells of all row elements as written (repeated columns written out).
    written: u64,
    /// Rows (repeats counted, as calamine caps them) from the first row
    /// with a value to the last, and those seen since the last one.
    rows: u64,
    pending_rows: u64,
    /// All rows so far, as calamine caps them.
    total_rows: u64,
    /// The widest row with a value.
    width: u64,
    /// The current row: its cells so far, and empty cells not yet counted
    /// (calamine writes out an empty run only when a value follows).
    row_cells: u64,
    row_empty: u64,
    row_has_value: bool,
    row_repeat: u64,
}

impl Cells {
    fn start_row(&mut self, repeat: u64) {
        let capped = repeat.min(u64::from(limits::ROWS).saturating_sub(self.total_rows));
        self.total_rows += capped;
        self.row_repeat = capped;
        self.row_cells = 0;
        self.row_empty = 0;
        self.row_has_value = false;
    }

    fn cell(&mut self, repeat: u64, value: bool) {
        let room = |used: u64| u64::from(limits::COLUMNS).saturating_sub(used);
        if value {
            self.row_cells += self.row_empty.min(room(self.row_cells));
            self.row_empty = 0;
            self.row_cells += repeat.min(room(self.row_cells));
            self.row_has_value = true;
        } else {
            self.row_empty = repeat.min(room(self.row_cells));
        }
    }

    fn end_row(&mut self) {
        self.written += self.row_cells;
        if self.row_has_value {
            if self.rows > 0 {
                self.rows += self.pending_rows;
            }
            self.rows += self.row_repeat;
            self.pending_rows = 0;
            self.width = self.width.max(self.row_cells);
        } else if self.rows > 0 {
            self.pending_rows += self.row_repeat;
        }
    }

    /// Cells held at once for this sheet: the rows as written, and the
    /// rectangle calamine builds from them (values, and formulas beside).
    fn bound(&self) -> u64 {
        self.written
            .saturating_add(self.rows.saturating_mul(self.width))
    }
}

/// Reads content.xml: checks the workbook's cell bound and returns the
/// merged regions of `sheet` (none when it is `None`).
pub fn scan(path: &Path, sheet: Option<&str>) -> Result<Vec<Dimensions>, Msg> {
    let bad = |e: &dyn std::fmt::Display| {
        let e = e.to_string();
        Msg::new(e.clone(), e)
    };
    let file = File::open(path).map_err(|e| bad(&e))?;
    let mut zip = zip::ZipArchive::new(BufReader::new(file)).map_err(|e| bad(&e))?;
    let content = zip.by_name("content.xml").map_err(|e| bad(&e))?;
    let mut xml = Reader::from_reader(BufReader::new(content));
    let mut buf = Vec::new();
    let mut merges = Vec::new();
    let mut in_sheet = false;
    let (mut row, mut col, mut row_repeat) = (0u32, 0u32, 1u32);
    let mut cells = Cells::default();
    let mut total = 0u64;
    loop {
        let event = xml.read_event_into(&mut buf).map_err(|e| bad(&e))?;
        let empty = matches!(event, Event::Empty(_));
        match &event {
            Event::Start(e) | Event::Empty(e) => match e.name().as_ref() {
                "table:table" => {
                    total = total.saturating_add(std::mem::take(&mut cells).bound());
                    in_sheet = sheet.is_some() && name_of(e).as_deref() == sheet;
                    (row, col) = (0, 0);
                }
                "table:table-row" => {
                    col = 0;
                    row_repeat = attr(e, "table:number-rows-repeated").unwrap_or(1);
                    cells.start_row(u64::from(row_repeat));
                    if empty {
                        cells.end_row();
                        row = row.saturating_add(row_repeat);
                    }
                }
                "table:table-cell" | "table:covered-table-cell" => {
                    let repeat = attr(e, "table:number-columns-repeated").unwrap_or(1);
                    cells.cell(u64::from(repeat), !empty || has_attr(e, &VALUE_ATTRS));
                    let rows = attr(e, "table:number-rows-spanned").unwrap_or(1).max(1);
                    let cols = attr(e, "table:number-columns-spanned").unwrap_or(1).max(1);
                    if in_sheet && (rows > 1 || cols > 1) {
                        merges.push(Dimensions {
                            start: (row, col),
                            end: (row.saturating_add(rows - 1), col.saturating_add(cols - 1)),
                        });
                    }
                    col = col.saturating_add(repeat);
                }
                _ => {}
            },
            Event::End(e) if e.name().as_ref() == "table:table-row" => {
                cells.end_row();
                row = row.saturating_add(row_repeat);
            }
            Event::Eof => break,
            _ => {}
        }
        buf.clear();
    }
    total = total.saturating_add(cells.bound());
    if total > limits::CELLS {
        let max = limits::CELLS;
        return Err(msg!(
            "工作表展开后有 {total} 个单元格,超过上限 {max}",
            "its sheets expand to {total} cells, more than the limit of {max}"
        ));
    }
    Ok(merges)
}
