//! Writing tables to XLSX or CSV: error reports an administrator fixes and
//! imports again, and exports.
//!
//! Files appear whole or not at all (written beside the target, then
//! renamed), readable by their owner only since they hold personal data, and
//! safe to open: in CSV, text that a spreadsheet program would run as a
//! formula is neutralised; in XLSX every text is written as a string cell,
//! which no spreadsheet program evaluates, so it is kept exactly as typed.

use std::borrow::Cow;
use std::fs::File;
use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};

use rust_xlsxwriter::{
    DataValidation, DataValidationErrorStyle, DataValidationRule, Format as XFormat, Formula,
    Workbook, Worksheet, XlsxError,
};

use super::cell::Cell;
use crate::error::{Error, Result};
use crate::fsutil::AtomicFile;
use crate::msg;

/// Text that a spreadsheet program would take for a formula (`=`, `+`, `-`,
/// `@`, or a leading tab or carriage return) gets a leading apostrophe.
/// meded's reader removes it again on import.
pub fn neutralize(s: &str) -> Cow<'_, str> {
    if s.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        Cow::Owned(format!("'{s}"))
    } else {
        Cow::Borrowed(s)
    }
}

/// What may be typed into a column: a template's dropdowns and limits,
/// which the errors file of an import keeps too.
#[derive(Debug, Clone, PartialEq)]
pub enum Allowed {
    /// One of these values, enforced by a dropdown.
    List(Vec<&'static str>),
    /// Suggestions in a dropdown; other values are accepted after a warning.
    Suggest(Vec<&'static str>),
    /// A whole number in this range.
    Whole(i32, i32),
    /// A number in this range.
    Decimal(f64, f64),
}

/// The rows below the header that dropdowns cover.
pub const VALIDATED_ROWS: u32 = 20_000;

/// The dropdowns of a workbook being written. Their values live in a
/// hidden sheet: an inline list holds at most 255 characters, and 民族
/// alone has 58 names.
#[derive(Debug, Default)]
pub struct Dropdowns {
    lists: Vec<(String, Vec<&'static str>)>,
}

impl Dropdowns {
    /// The hidden sheet that holds the lists.
    pub const SHEET: &'static str = "代码表";

    /// Puts the rule of `allowed` on column `col` of `ws`, from row
    /// `first` (0-based) for [`VALIDATED_ROWS`] rows; a list goes to the
    /// hidden sheet (once for equal lists under the same label).
    pub fn add(
        &mut self,
        ws: &mut Worksheet,
        col: u16,
        first: u32,
        label: &str,
        allowed: &Allowed,
    ) -> Result<(), XlsxError> {
        let dv = match allowed {
            Allowed::List(values) | Allowed::Suggest(values) => {
                let at = match self
                    .lists
                    .iter()
                    .position(|(l, v)| l == label && v == values)
                {
                    Some(at) => at,
                    None => {
                        self.lists.push((label.to_owned(), values.clone()));
                        self.lists.len() - 1
                    }
                };
                let letter = super::column_letter(at);
                let range = format!(
                    "='{}'!${letter}$2:${letter}${}",
                    Self::SHEET,
                    values.len() + 1
                );
                let dv = DataValidation::new().allow_list_formula(Formula::new(range));
                if matches!(allowed, Allowed::Suggest(_)) {
                    dv.set_error_style(DataValidationErrorStyle::Information)
                } else {
                    dv.set_error_title("不在可选值中")?
                        .set_error_message(format!("{label}只能从下拉框中选择。"))?
                }
            }
            Allowed::Whole(lo, hi) => DataValidation::new()
                .allow_whole_number(DataValidationRule::Between(*lo, *hi))
                .set_error_message(format!("{label}应为 {lo}–{hi} 之间的整数。"))?,
            Allowed::Decimal(lo, hi) => DataValidation::new()
                .allow_decimal_number(DataValidationRule::Between(*lo, *hi))
                .set_error_message(format!("{label}应为 {lo}–{hi} 之间的数。"))?,
        };
        ws.add_data_validation(first, col, first + VALIDATED_ROWS, col, &dv)?;
        Ok(())
    }

    /// Adds the hidden sheet of lists to `book`, when a list was used.
    pub fn finish(&self, book: &mut Workbook) -> Result<(), XlsxError> {
        if self.lists.is_empty() {
            return Ok(());
        }
        let ws = book.add_worksheet();
        ws.set_name(Self::SHEET)?;
        for (col, (label, values)) in self.lists.iter().enumerate() {
            let col = col as u16;
            ws.write_string(0, col, label)?;
            for (row, v) in values.iter().enumerate() {
                ws.write_string(row as u32 + 1, col, *v)?;
            }
        }
        ws.set_hidden(true);
        Ok(())
    }
}

/// The kinds of file a table can be written to, chosen by extension.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OutFormat {
    Csv,
    Xlsx,
}

impl OutFormat {
    pub fn for_path(path: &Path) -> Result<OutFormat> {
        match path
            .extension()
            .and_then(|e| e.to_str())
            .map(str::to_ascii_lowercase)
            .as_deref()
        {
            Some("csv") => Ok(OutFormat::Csv),
            Some("xlsx") => Ok(OutFormat::Xlsx),
            _ => {
                let p = path.display();
                Err(Error::Usage(msg!(
                    "输出文件 {p} 应以 .xlsx 或 .csv 结尾",
                    "the output file {p} must end in .xlsx or .csv"
                )))
            }
        }
    }
}

/// The sheets of an XLSX workbook being written, each in constant-memory
/// mode: rows go to a temporary file beside the output as they are
/// written, so a 100,000-row export does not sit in memory, and rows may
/// be written to the sheets in any interleaving (each sheet keeps its own
/// rows in order).
pub struct BookWriter {
    book: Box<Workbook>,
    /// Each sheet with the row its next row goes to.
    sheets: Vec<(Worksheet, u32)>,
    dropdowns: Dropdowns,
    file: AtomicFile,
    target: PathBuf,
}

fn xlsx_error(path: &Path, e: rust_xlsxwriter::XlsxError) -> Error {
    Error::io(path, std::io::Error::other(e))
}

impl BookWriter {
    /// Starts a workbook with these sheets, each with its header row.
    pub fn create(path: &Path, sheets: &[(&str, &[&str])]) -> Result<BookWriter> {
        let file = AtomicFile::create(path)?;
        let mut book = Workbook::new();
        book.set_tempdir(file.path().parent().unwrap_or(Path::new(".")))
            .map_err(|e| xlsx_error(path, e))?;
        // Keep what people type into the ID and phone columns as text.
        let text = XFormat::new().set_num_format("@");
        let mut out = Vec::with_capacity(sheets.len());
        for (name, headers) in sheets {
            let mut sheet = book
                .new_worksheet_with_constant_memory()
                .map_err(|e| xlsx_error(path, e))?;
            sheet.set_name(*name).map_err(|e| xlsx_error(path, e))?;
            for col in 0..headers.len() as u16 {
                sheet
                    .set_column_format(col, &text)
                    .map_err(|e| xlsx_error(path, e))?;
                sheet
                    .set_column_width(col, 18)
                    .map_err(|e| xlsx_error(path, e))?;
            }
            let _ = sheet.set_freeze_panes(1, 0);
            out.push((sheet, 0));
        }
        let mut w = BookWriter {
            book: Box::new(book),
            sheets: out,
            dropdowns: Dropdowns::default(),
            file,
            target: path.to_path_buf(),
        };
        for (i, (_, headers)) in sheets.iter().enumerate() {
            w.write_row(i, &header_cells(headers))?;
        }
        Ok(w)
    }

    /// Writes the next row of sheet `sheet` (an index into the sheets given
    /// to [`BookWriter::create`]).
    pub fn write_row(&mut self, sheet: usize, cells: &[Cell]) -> Result<()> {
        let (ws, row) = &mut self.sheets[sheet];
        for (col, cell) in cells.iter().enumerate() {
            let col = col as u16;
            let r = match cell {
                Cell::Empty => continue,
                Cell::Int(i) => ws.write_number(*row, col, *i as f64).map(|_| ()),
                Cell::Float(f) => ws.write_number(*row, col, *f).map(|_| ()),
                Cell::Text(s) => ws.write_string(*row, col, s).map(|_| ()),
                other => ws.write_string(*row, col, other.display()).map(|_| ()),
            };
            r.map_err(|e| xlsx_error(&self.target, e))?;
        }
        *row += 1;
        Ok(())
    }

    /// Puts dropdowns (`Allowed` rules) on columns of sheet `sheet`, below
    /// its header.
    pub fn dropdowns(&mut self, sheet: usize, columns: &[(u16, &str, &Allowed)]) -> Result<()> {
        let (ws, _) = &mut self.sheets[sheet];
        for (col, label, allowed) in columns {
            self.dropdowns
                .add(ws, *col, 1, label, allowed)
                .map_err(|e| xlsx_error(&self.target, e))?;
        }
        Ok(())
    }

    /// Writes the workbook out and puts the file in place.
    pub fn finish(self) -> Result<()> {
        let path = self.target;
        let mut book = self.book;
        for (sheet, _) in self.sheets {
            book.push_worksheet(sheet);
        }
        self.dropdowns
            .finish(&mut book)
            .map_err(|e| xlsx_error(&path, e))?;
        book.save(self.file.path())
            .map_err(|e| xlsx_error(&path, e))?;
        self.file.commit()
    }
}

fn header_cells(headers: &[&str]) -> Vec<Cell> {
    headers.iter().map(|h| Cell::Text(h.to_string())).collect()
}

/// A CSV file being written: UTF-8 with a byte-order mark, formulas
/// neutralised.
struct CsvFile {
    out: Box<csv::Writer<BufWriter<File>>>,
    file: AtomicFile,
    target: PathBuf,
}

impl CsvFile {
    fn create(path: &Path, headers: &[&str]) -> Result<CsvFile> {
        let file = AtomicFile::create(path)?;
        let mut out = BufWriter::new(file.reopen()?);
        // Excel opens UTF-8 CSV correctly only with a byte-order mark.
        out.write_all(b"\xEF\xBB\xBF")
            .map_err(|e| Error::io(path, e))?;
        let mut w = CsvFile {
            out: Box::new(csv::Writer::from_writer(out)),
            file,
            target: path.to_path_buf(),
        };
        w.write_row(&header_cells(headers))?;
        Ok(w)
    }

    fn write_row(&mut self, cells: &[Cell]) -> Result<()> {
        let fields: Vec<Cow<'_, str>> = cells
            .iter()
            .map(|c| match c {
                Cell::Text(s) => neutralize(s),
                other => other.display(),
            })
            .collect();
        self.out
            .write_record(fields.iter().map(|f| f.as_bytes()))
            .map_err(|e| Error::io(&self.target, std::io::Error::other(e)))
    }

    /// Writes everything to the temporary file; the file is put in place
    /// by committing what this returns.
    fn close(self) -> Result<AtomicFile> {
        let path = self.target;
        let out = self
            .out
            .into_inner()
            .map_err(|e| Error::io(&path, std::io::Error::other(e.to_string())))?;
        out.into_inner()
            .map_err(|e| Error::io(&path, e.into_error()))?
            .sync_all()
            .map_err(|e| Error::io(&path, e))?;
        Ok(self.file)
    }
}

enum Sink {
    Csv(CsvFile),
    Xlsx(BookWriter),
}

/// A one-sheet table being written.
pub struct TableWriter {
    sink: Sink,
}

impl TableWriter {
    /// Starts a table with a header row. The sheet name is used for XLSX.
    pub fn create(path: &Path, sheet_name: &str, headers: &[&str]) -> Result<TableWriter> {
        let sink = match OutFormat::for_path(path)? {
            OutFormat::Csv => Sink::Csv(CsvFile::create(path, headers)?),
            OutFormat::Xlsx => Sink::Xlsx(BookWriter::create(path, &[(sheet_name, headers)])?),
        };
        Ok(TableWriter { sink })
    }

    pub fn write_row(&mut self, cells: &[Cell]) -> Result<()> {
        match &mut self.sink {
            Sink::Csv(w) => w.write_row(cells),
            Sink::Xlsx(w) => w.write_row(0, cells),
        }
    }

    /// Dropdowns on columns below the header (XLSX only: a CSV file has none).
    pub fn dropdowns(&mut self, columns: &[(u16, &str, &Allowed)]) -> Result<()> {
        match &mut self.sink {
            Sink::Csv(_) => Ok(()),
            Sink::Xlsx(w) => w.dropdowns(0, columns),
        }
    }

    /// Writes everything out and puts the file in place.
    pub fn finish(self) -> Result<()> {
        match self.sink {
            Sink::Csv(w) => w.close()?.commit(),
            Sink::Xlsx(w) => w.finish(),
        }
    }
}

/// Several tables written together: the sheets of one XLSX workbook, or,
/// since a CSV file holds one table, one CSV file per table beside the name
/// given (`2019.csv` → `2019-基本信息.csv`, `2019-培训信息.csv` …). Either
/// way the files appear together when [`TabsWriter::finish`] succeeds, and
/// none of them otherwise.
pub struct TabsWriter {
    sinks: TabsSink,
}

enum TabsSink {
    Book(BookWriter),
    Files(Vec<CsvFile>),
}

impl TabsWriter {
    /// The files that `path` stands for: itself for XLSX, one per table
    /// for CSV.
    pub fn paths(path: &Path, names: &[&str]) -> Result<Vec<PathBuf>> {
        Ok(match OutFormat::for_path(path)? {
            OutFormat::Xlsx => vec![path.to_path_buf()],
            OutFormat::Csv => {
                let stem = path
                    .file_stem()
                    .map(|s| s.to_string_lossy().into_owned())
                    .unwrap_or_default();
                let ext = path
                    .extension()
                    .map(|s| s.to_string_lossy().into_owned())
                    .unwrap_or_else(|| "csv".to_owned());
                names
                    .iter()
                    .map(|n| path.with_file_name(format!("{stem}-{n}.{ext}")))
                    .collect()
            }
        })
    }

    /// Starts the tables, each with its header row.
    pub fn create(path: &Path, tables: &[(&str, &[&str])]) -> Result<TabsWriter> {
        let names: Vec<&str> = tables.iter().map(|(n, _)| *n).collect();
        let sinks = match OutFormat::for_path(path)? {
            OutFormat::Xlsx => TabsSink::Book(BookWriter::create(path, tables)?),
            OutFormat::Csv => TabsSink::Files(
                TabsWriter::paths(path, &names)?
                    .iter()
                    .zip(tables)
                    .map(|(p, (_, headers))| CsvFile::create(p, headers))
                    .collect::<Result<_>>()?,
            ),
        };
        Ok(TabsWriter { sinks })
    }

    /// Writes the next row of table `table`.
    pub fn write_row(&mut self, table: usize, cells: &[Cell]) -> Result<()> {
        match &mut self.sinks {
            TabsSink::Book(w) => w.write_row(table, cells),
            TabsSink::Files(files) => files[table].write_row(cells),
        }
    }

    /// Writes everything out and puts the files in place.
    pub fn finish(self) -> Result<()> {
        match self.sinks {
            TabsSink::Book(w) => w.finish(),
            TabsSink::Files(files) => {
                // Every file written out before any is put in place.
                let closed = files
                    .into_iter()
                    .map(CsvFile::close)
                    .collect::<Result<Vec<_>>>()?;
                for f in closed {
                    f.commit()?;
                }
                Ok(())
            }
        }
    }
}
