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

/// Counts, for one sheet, the cells calamine builds and the text they
/// hold (upper bounds).
#[derive(Default)]
struct Cells {
    /// Text bytes: of the cells as written, and of the rectangle built
    /// from them (each repeat of a row or column is a copy).
    written_text: u64,
    text: u64,
    row_text: u64,
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
        self.row_text = 0;
    }

    /// A cell repeated `repeat` times, with a value or not, holding `text`
    /// bytes (its value and formula).
    fn cell(&mut self, repeat: u64, value: bool, text: u64) {
        let room = |used: u64| u64::from(limits::COLUMNS).saturating_sub(used);
        if value {
            self.row_cells += self.row_empty.min(room(self.row_cells));
            self.row_empty = 0;
            let repeat = repeat.min(room(self.row_cells));
            self.row_cells += repeat;
            self.row_text = self.row_text.saturating_add(repeat.saturating_mul(text));
            self.row_has_value = true;
        } else {
            self.row_empty = repeat.min(room(self.row_cells));
        }
    }

    fn end_row(&mut self) {
        self.written += self.row_cells;
        self.written_text = self.written_text.saturating_add(self.row_text);
        if self.row_has_value {
            if self.rows > 0 {
                self.rows += self.pending_rows;
            }
            self.rows += self.row_repeat;
            self.pending_rows = 0;
            self.width = self.width.max(self.row_cells);
            let copies = self.row_repeat.saturating_mul(self.row_text);
            self.text = self.text.saturating_add(copies);
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

    fn text_bound(&self) -> u64 {
        self.written_text.saturating_add(self.text)
    }
}

/// The bytes of a cell's attributes that calamine keeps as its value or
/// formula.
fn attr_text(e: &BytesStart<'_>) -> u64 {
    e.attributes()
        .flatten()
        .filter(|a| VALUE_ATTRS.contains(&a.key.as_ref()))
        .map(|a| a.value.len() as u64)
        .sum()
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
    let (mut total, mut text) = (0u64, 0u64);
    // Elements open, and the cell being read: its repeat and text so far.
    let mut depth = 0usize;
    let mut cell: Option<(u64, u64)> = None;
    loop {
        let event = xml.read_event_into(&mut buf).map_err(|e| bad(&e))?;
        let empty = matches!(event, Event::Empty(_));
        match &event {
            Event::Start(_) => depth += 1,
            Event::End(_) => depth = depth.saturating_sub(1),
            _ => {}
        }
        if let Some((_, t)) = cell.as_mut() {
            // Inside a cell: its text, a space run of text:s, a line break
            // per paragraph.
            match &event {
                Event::Text(x) => *t = t.saturating_add(x.len() as u64),
                Event::GeneralRef(x) => *t = t.saturating_add(x.len() as u64 + 2),
                Event::Start(e) | Event::Empty(e) => {
                    let spaces = match e.name().as_ref() {
                        "text:s" => attr(e, "text:c").unwrap_or(1),
                        _ => 1,
                    };
                    *t = t.saturating_add(u64::from(spaces));
                }
                _ => {}
            }
        }
        match &event {
            Event::Start(e) | Event::Empty(e) => match e.name().as_ref() {
                "table:table" => {
                    let done = std::mem::take(&mut cells);
                    total = total.saturating_add(done.bound());
                    text = text.saturating_add(done.text_bound());
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
                    if empty {
                        let value = has_attr(e, &VALUE_ATTRS);
                        cells.cell(u64::from(repeat), value, attr_text(e));
                    } else {
                        cell = Some((u64::from(repeat), attr_text(e)));
                    }
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
            Event::End(e)
                if matches!(
                    e.name().as_ref(),
                    "table:table-cell" | "table:covered-table-cell"
                ) =>
            {
                if let Some((repeat, t)) = cell.take() {
                    cells.cell(repeat, true, t);
                }
            }
            // calamine reads a sheet until its end tag: one cut short
            // would keep it reading for ever.
            Event::Eof if depth > 0 => {
                return Err(msg!(
                    "content.xml 在元素结束之前就断了",
                    "content.xml ends before its elements are closed"
                ));
            }
            Event::Eof => break,
            _ => {}
        }
        buf.clear();
    }
    total = total.saturating_add(cells.bound());
    text = text.saturating_add(cells.text_bound());
    if text > limits::TEXT_BYTES {
        let (mib, max) = (text >> 20, limits::TEXT_BYTES >> 20);
        return Err(msg!(
            "工作表展开后约有 {mib} MiB 文字,超过上限 {max} MiB",
            "its sheets expand to about {mib} MiB of text, more than the limit of {max} MiB"
        ));
    }
    if total > limits::CELLS {
        let max = limits::CELLS;
        return Err(msg!(
            "工作表展开后有 {total} 个单元格,超过上限 {max}",
            "its sheets expand to {total} cells, more than the limit of {max}"
        ));
    }
    Ok(merges)
}

#[cfg(test)]
mod tests {
    use std::io::Write;

    use super::*;

    fn ods(dir: &Path, rows: &str) -> std::path::PathBuf {
        let path = dir.join("t.ods");
        let mut zip = zip::ZipWriter::new(File::create(&path).unwrap());
        zip.start_file("content.xml", zip::write::SimpleFileOptions::default())
            .unwrap();
        write!(
            zip,
            r#"<office:document-content><office:body><office:spreadsheet><table:table table:name="S">{rows}</table:table></office:spreadsheet></office:body></office:document-content>"#
        )
        .unwrap();
        zip.finish().unwrap();
        path
    }

    #[test]
    fn merges_and_trailing_blank_rows_pass() {
        let dir = tempfile::tempdir().unwrap();
        let p = ods(
            dir.path(),
            r#"<table:table-row><table:table-cell office:value-type="float" office:value="1" table:number-rows-spanned="3"/><table:table-cell table:number-columns-repeated="16000"/></table:table-row><table:table-row table:number-rows-repeated="1048000"><table:table-cell table:number-columns-repeated="16384"/></table:table-row>"#,
        );
        let merges = scan(&p, Some("S")).unwrap();
        assert_eq!(merges.len(), 1);
        assert_eq!(merges[0].end, (2, 0));
    }

    #[test]
    fn repeated_rows_count_toward_the_cell_limit() {
        let dir = tempfile::tempdir().unwrap();
        let p = ods(
            dir.path(),
            r#"<table:table-row table:number-rows-repeated="300"><table:table-cell office:value-type="float" office:value="1" table:number-columns-repeated="16384"/></table:table-row>"#,
        );
        let err = scan(&p, None).unwrap_err();
        assert!(err.en.contains("cells, more than the limit"), "{err}");
    }

    #[test]
    fn repeated_text_counts_toward_the_text_limit() {
        let dir = tempfile::tempdir().unwrap();
        let text = "x".repeat(1000);
        let p = ods(
            dir.path(),
            &format!(
                r#"<table:table-row table:number-rows-repeated="20"><table:table-cell office:value-type="string" table:number-columns-repeated="16384"><text:p>{text}</text:p></table:table-cell></table:table-row>"#
            ),
        );
        let err = scan(&p, None).unwrap_err();
        assert!(err.en.contains("MiB of text"), "{err}");
        let p = ods(
            dir.path(),
            r#"<table:table-row><table:table-cell><text:p>a<text:s text:c="4000000000"/>b</text:p></table:table-cell></table:table-row>"#,
        );
        assert!(scan(&p, None).unwrap_err().en.contains("MiB of text"));
    }

    #[test]
    fn a_sheet_cut_short_is_refused() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("cut.ods");
        let mut zip = zip::ZipWriter::new(File::create(&path).unwrap());
        zip.start_file("content.xml", zip::write::SimpleFileOptions::default())
            .unwrap();
        zip.write_all(br#"<office:document-content><table:table table:name="S"><table:table-row>"#)
            .unwrap();
        zip.finish().unwrap();
        let err = scan(&path, None).unwrap_err();
        assert!(err.en.contains("ends before"), "{err}");
    }
}
