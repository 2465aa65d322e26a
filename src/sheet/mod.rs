//! The one spreadsheet reader (and writer) of meded: CSV, XLSX, XLS and ODS
//! turned into records of a template, as they really arrive
//! (docs/spreadsheets.md).
//!
//! ```text
//! Workbook::open(path)?            detect the format, list the sheets
//!     .table(sheet, &LAYOUT)?      pick the sheet, find the header row
//!     → Record { row, cells }      one per non-blank data row
//! ```

mod archive;
mod cell;
mod guard;
mod header;
mod ods;
mod read;
pub mod sniff;
pub mod write;
mod xls;

use std::collections::VecDeque;
use std::path::{Path, PathBuf};
use std::sync::Arc;

pub use cell::Cell;
pub use guard::limits;
pub use header::{
    Column, HEADER_SEARCH_ROWS, Layout, REASON_COLUMN, ROW_COLUMN, column_letter, normalize_header,
};
pub use read::{Format, Progress, Row};

use crate::error::{Error, Result};
use crate::msg;
pub(crate) use header::{layout, match_header};
use read::RowStream;

/// A spreadsheet file, opened far enough to know its format and sheets.
#[derive(Debug)]
pub struct Workbook {
    path: PathBuf,
    format: Format,
    sheets: Vec<String>,
}

impl Workbook {
    pub fn open(path: &Path) -> Result<Workbook> {
        let format = read::detect(path)?;
        let sheets = read::sheet_names(path, format)?;
        Ok(Workbook {
            path: path.to_path_buf(),
            format,
            sheets,
        })
    }

    pub fn format(&self) -> Format {
        self.format
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    pub fn sheet_names(&self) -> &[String] {
        &self.sheets
    }

    /// Whether a sheet of this name exists (compared as headers are).
    pub fn find_sheet(&self, name: &str) -> Option<&str> {
        let want = normalize_header(name);
        self.sheets
            .iter()
            .find(|s| normalize_header(s) == want)
            .map(String::as_str)
    }

    /// Opens a sheet and finds its header: the sheet named `sheet` when
    /// given, else the one named as the layout's template sheet, else the
    /// first sheet.
    pub fn table(&self, sheet: Option<&str>, layout: &Layout) -> Result<Table> {
        let name = match (sheet, self.format) {
            (Some(_), Format::Csv) => {
                return Err(Error::Usage(msg!(
                    "CSV 文件只有一个工作表,不能指定 --sheet",
                    "a CSV file has a single sheet; --sheet does not apply"
                )));
            }
            (Some(want), _) => self.find_sheet(want).ok_or_else(|| {
                let list = self.sheets.join(", ");
                let p = self.path.display();
                Error::Input(msg!(
                    "{p} 中没有名为“{want}”的工作表(有:{list})",
                    "{p} has no sheet named '{want}' (it has: {list})"
                ))
            })?,
            (None, _) => self
                .find_sheet(layout.sheet)
                .or(self.sheets.first().map(String::as_str))
                .ok_or_else(|| {
                    let p = self.path.display();
                    Error::Input(msg!("{p} 中没有工作表", "{p} has no sheets"))
                })?,
        };
        let stream = match self.format {
            Format::Csv => read::csv(&self.path)?,
            Format::Xlsx => read::xlsx(&self.path, name)?,
            Format::Xls | Format::Ods => read::whole_sheet(&self.path, self.format, name)?,
        };
        Table::new(stream, layout, &self.path, name)
    }
}

/// Reads every row of every sheet of a file and returns how many rows
/// there were: the whole reader (format detection, sheets, rows) with no
/// template in the way. The fuzz targets in `fuzz/` run this on damaged
/// bytes; see docs/reliability.md.
#[doc(hidden)]
pub fn read_every_row(path: &Path) -> Result<u64> {
    let book = Workbook::open(path)?;
    let mut rows = 0;
    for sheet in &book.sheets {
        let stream = match book.format {
            Format::Csv => read::csv(&book.path)?,
            Format::Xlsx => read::xlsx(&book.path, sheet)?,
            Format::Xls | Format::Ods => read::whole_sheet(&book.path, book.format, sheet)?,
        };
        for row in stream {
            row?;
            rows += 1;
        }
    }
    Ok(rows)
}

/// A sheet whose header row has been found: its data rows, as records.
pub struct Table {
    rows: RowStream,
    pending: VecDeque<Row>,
    positions: Arc<[Option<usize>]>,
    layout: Layout,
    /// The row number of the header.
    pub header_row: u32,
    /// The header row's cells as written.
    pub headers: Vec<String>,
    /// Headers that name no column of the layout; their data is ignored.
    pub unknown_columns: Vec<String>,
    pub sheet: String,
}

impl Table {
    fn new(mut rows: RowStream, layout: &Layout, path: &Path, sheet: &str) -> Result<Table> {
        let mut top = Vec::new();
        for row in rows.by_ref().take(HEADER_SEARCH_ROWS) {
            top.push(row?);
        }
        let texts = |row: &Row| -> Vec<String> {
            row.cells.iter().map(|c| c.display().into_owned()).collect()
        };
        let best = top
            .iter()
            .enumerate()
            .map(|(i, row)| (i, match_header(&texts(row), layout)))
            .max_by_key(|(i, m)| (m.found(), std::cmp::Reverse(*i)));
        let p = path.display();
        let expected: Vec<&str> = layout.columns.iter().map(|c| c.label).collect();
        let expected = expected.join(", ");
        let Some((at, found)) = best.filter(|(_, m)| m.found() > 0) else {
            return Err(Error::Input(msg!(
                "{p}(工作表 {sheet})前 {HEADER_SEARCH_ROWS} 行中找不到表头;应有列:{expected}",
                "{p} (sheet {sheet}): no header row in the first {HEADER_SEARCH_ROWS} rows; expected columns: {expected}"
            )));
        };
        let header = &top[at];
        let headers = texts(header);
        let header_row = header.number;
        let missing = found.missing_required(layout);
        if !missing.is_empty() {
            let missing = missing.join(", ");
            return Err(Error::Input(msg!(
                "{p}(工作表 {sheet})不是所需的模板:第 {header_row} 行的表头缺少列 {missing}",
                "{p} (sheet {sheet}) is not the expected template: the header in row {header_row} lacks the columns {missing}"
            )));
        }
        if let Some(&(col, a, b)) = found.duplicates.first() {
            let label = layout.columns[col].label;
            let (a, b) = (column_letter(a), column_letter(b));
            return Err(Error::Input(msg!(
                "{p}(工作表 {sheet})中列“{label}”出现两次({a} 列和 {b} 列),无法确定用哪一列",
                "{p} (sheet {sheet}): the column '{label}' appears twice (columns {a} and {b}); cannot tell which to use"
            )));
        }
        let unknown_columns = found.unknown.iter().map(|&i| headers[i].clone()).collect();
        Ok(Table {
            rows,
            pending: top.into_iter().skip(at + 1).collect(),
            positions: found.positions.into(),
            layout: *layout,
            header_row,
            headers,
            unknown_columns,
            sheet: sheet.to_owned(),
        })
    }

    /// Whether the sheet has this layout column.
    pub fn has(&self, col: usize) -> bool {
        self.positions[col].is_some()
    }

    /// The header of a layout column as written in the file, or its label
    /// when the file lacks it.
    pub fn header(&self, col: usize) -> &str {
        match self.positions[col] {
            Some(i) => self.headers[i].trim(),
            None => self.layout.columns[col].label,
        }
    }

    pub fn progress(&self) -> Progress {
        self.rows.progress()
    }

    /// The header of every layout column as written (or its label when the
    /// file lacks it), by column index: what messages call each column.
    pub fn layout_headers(&self) -> Vec<String> {
        (0..self.layout.columns.len())
            .map(|c| self.header(c).to_owned())
            .collect()
    }
}

impl Iterator for Table {
    type Item = Result<Record>;

    fn next(&mut self) -> Option<Result<Record>> {
        let row = match self.pending.pop_front() {
            Some(row) => row,
            None => match self.rows.next()? {
                Ok(row) => row,
                Err(e) => return Some(Err(e)),
            },
        };
        Some(Ok(Record {
            row: row.number,
            cells: row.cells,
            positions: Arc::clone(&self.positions),
        }))
    }
}

/// One data row of a table.
#[derive(Debug, Clone)]
pub struct Record {
    /// The row number as the spreadsheet program shows it.
    pub row: u32,
    /// All cells of the row, as they were.
    pub cells: Vec<Cell>,
    positions: Arc<[Option<usize>]>,
}

static EMPTY: Cell = Cell::Empty;

impl Record {
    /// The cell of a layout column; empty when the file lacks the column.
    pub fn get(&self, col: usize) -> &Cell {
        self.positions
            .get(col)
            .copied()
            .flatten()
            .and_then(|i| self.cells.get(i))
            .unwrap_or(&EMPTY)
    }

    /// A row whose cells are in the order of the layout's columns (the
    /// row checks run on made-up rows: `import::probe`).
    pub(crate) fn in_layout_order(layout: &Layout, row: u32, cells: Vec<Cell>) -> Record {
        Record {
            row,
            cells,
            positions: (0..layout.columns.len()).map(Some).collect(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const LAYOUT: Layout = Layout {
        sheet: "账号模板",
        columns: &[
            Column::required("姓名", &["name"]),
            Column::required("证件号码", &["id number"]),
            Column::optional("手机号码", &["mobile"]),
        ],
    };

    #[test]
    fn header_below_title_rows_and_records_by_column() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("r.csv");
        std::fs::write(
            &p,
            "附件1 住院医师账号\n说明:带*为必填\n*证件号码,备注,*姓名\n110101199003070011,x,张三\n",
        )
        .unwrap();
        let book = Workbook::open(&p).unwrap();
        let mut t = book.table(None, &LAYOUT).unwrap();
        assert_eq!(t.header_row, 3);
        assert_eq!(t.header(1), "*证件号码");
        assert_eq!(t.header(2), "手机号码");
        assert!(!t.has(2));
        assert_eq!(t.unknown_columns, vec!["备注"]);
        let r = t.next().unwrap().unwrap();
        assert_eq!(r.row, 4);
        assert_eq!(r.get(0).text(), "张三");
        assert_eq!(r.get(1).text(), "110101199003070011");
        assert!(r.get(2).is_blank());
        assert!(t.next().is_none());
    }

    #[test]
    fn wrong_template_names_the_missing_columns() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("r.csv");
        std::fs::write(&p, "姓名,电话\n张三,1\n").unwrap();
        let err = Workbook::open(&p)
            .unwrap()
            .table(None, &LAYOUT)
            .err()
            .unwrap();
        assert!(err.to_string().contains("证件号码"), "{err}");
        std::fs::write(&p, "a,b\n1,2\n").unwrap();
        let err = Workbook::open(&p)
            .unwrap()
            .table(None, &LAYOUT)
            .err()
            .unwrap();
        assert!(err.to_string().contains("no header row"), "{err}");
    }
}
