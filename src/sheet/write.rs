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

use rust_xlsxwriter::{Format as XFormat, Workbook, Worksheet};

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

enum Sink {
    Csv(Box<csv::Writer<BufWriter<File>>>),
    Xlsx {
        book: Box<Workbook>,
        sheet: Box<Worksheet>,
        row: u32,
    },
}

/// A one-sheet table being written.
pub struct TableWriter {
    sink: Sink,
    file: AtomicFile,
    target: PathBuf,
}

fn xlsx_error(path: &Path, e: rust_xlsxwriter::XlsxError) -> Error {
    Error::io(path, std::io::Error::other(e))
}

impl TableWriter {
    /// Starts a table with a header row. The sheet name is used for XLSX.
    pub fn create(path: &Path, sheet_name: &str, headers: &[&str]) -> Result<TableWriter> {
        let format = OutFormat::for_path(path)?;
        let file = AtomicFile::create(path)?;
        let sink = match format {
            OutFormat::Csv => {
                let mut out = BufWriter::new(file.reopen()?);
                // Excel opens UTF-8 CSV correctly only with a byte-order mark.
                out.write_all(b"\xEF\xBB\xBF")
                    .map_err(|e| Error::io(path, e))?;
                Sink::Csv(Box::new(csv::Writer::from_writer(out)))
            }
            OutFormat::Xlsx => {
                let mut book = Workbook::new();
                // Rows go to a temporary file beside the output as they are
                // written, so a 100,000-row export does not sit in memory.
                book.set_tempdir(file.path().parent().unwrap_or(Path::new(".")))
                    .map_err(|e| xlsx_error(path, e))?;
                let mut sheet = book
                    .new_worksheet_with_constant_memory()
                    .map_err(|e| xlsx_error(path, e))?;
                sheet
                    .set_name(sheet_name)
                    .map_err(|e| xlsx_error(path, e))?;
                // Keep what people type into the ID and phone columns as text.
                let text = XFormat::new().set_num_format("@");
                for col in 0..headers.len() as u16 {
                    sheet
                        .set_column_format(col, &text)
                        .map_err(|e| xlsx_error(path, e))?;
                    sheet
                        .set_column_width(col, 18)
                        .map_err(|e| xlsx_error(path, e))?;
                }
                let _ = sheet.set_freeze_panes(1, 0);
                Sink::Xlsx {
                    book: Box::new(book),
                    sheet: Box::new(sheet),
                    row: 0,
                }
            }
        };
        let mut w = TableWriter {
            sink,
            file,
            target: path.to_path_buf(),
        };
        let header: Vec<Cell> = headers.iter().map(|h| Cell::Text(h.to_string())).collect();
        w.write_row(&header)?;
        Ok(w)
    }

    pub fn write_row(&mut self, cells: &[Cell]) -> Result<()> {
        let path = self.target.clone();
        match &mut self.sink {
            Sink::Csv(w) => {
                let fields: Vec<Cow<'_, str>> = cells
                    .iter()
                    .map(|c| match c {
                        Cell::Text(s) => Cow::Owned(neutralize(s).into_owned()),
                        other => Cow::Owned(other.display().into_owned()),
                    })
                    .collect();
                w.write_record(fields.iter().map(|f| f.as_bytes()))
                    .map_err(|e| Error::io(&path, std::io::Error::other(e)))
            }
            Sink::Xlsx { sheet, row, .. } => {
                for (col, cell) in cells.iter().enumerate() {
                    let col = col as u16;
                    let r = match cell {
                        Cell::Empty => continue,
                        Cell::Int(i) => sheet.write_number(*row, col, *i as f64).map(|_| ()),
                        Cell::Float(f) => sheet.write_number(*row, col, *f).map(|_| ()),
                        Cell::Text(s) => sheet.write_string(*row, col, s).map(|_| ()),
                        other => sheet.write_string(*row, col, other.display()).map(|_| ()),
                    };
                    r.map_err(|e| xlsx_error(&path, e))?;
                }
                *row += 1;
                Ok(())
            }
        }
    }

    /// Writes everything out and puts the file in place.
    pub fn finish(self) -> Result<()> {
        let path = self.target;
        match self.sink {
            Sink::Csv(w) => {
                let out = w
                    .into_inner()
                    .map_err(|e| Error::io(&path, std::io::Error::other(e.to_string())))?;
                out.into_inner()
                    .map_err(|e| Error::io(&path, e.into_error()))?
                    .sync_all()
                    .map_err(|e| Error::io(&path, e))?;
            }
            Sink::Xlsx {
                mut book, sheet, ..
            } => {
                book.push_worksheet(*sheet);
                book.save(self.file.path())
                    .map_err(|e| xlsx_error(&path, e))?;
            }
        }
        self.file.commit()
    }
}
