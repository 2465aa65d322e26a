//! What every import reports: counts, each refused row's `row`, `column`
//! and `message` (and `sheet` for workbooks of several sheets), rows
//! skipped with a note, and the errors file an administrator fixes and
//! imports again.

use std::path::{Path, PathBuf};

use serde::Serialize;

use crate::error::Result;
use crate::i18n::{Lang, Msg};
use crate::msg;
use crate::sheet::write::{Allowed, TableWriter};
use crate::sheet::{Cell, REASON_COLUMN, ROW_COLUMN, normalize_header};

/// One problem with one cell of a row.
#[derive(Debug, Clone, Serialize)]
pub struct RowError {
    /// The sheet, for imports that read several.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sheet: Option<&'static str>,
    /// The row number as the spreadsheet program shows it.
    pub row: u32,
    /// The column's header as written in the file.
    pub column: String,
    #[serde(skip)]
    pub message: Msg,
}

/// A refused row, kept as it was for the errors file.
#[derive(Debug, Clone)]
pub struct Refused {
    pub sheet: Option<&'static str>,
    pub row: u32,
    /// The row's cells as they were (empty when no errors file was asked
    /// for, or for imports of several sheets).
    pub cells: Vec<Cell>,
    pub reasons: Vec<Msg>,
}

/// What an import did (or, for a dry run or a strict import with refused
/// rows, would have done).
#[derive(Debug, Clone, Default)]
pub struct ImportReport {
    /// The file imported.
    pub file: PathBuf,
    /// The units read (data rows, or people of a workbook of several
    /// sheets): none means a file with a header and nothing under it.
    pub rows: u64,
    pub imported: u64,
    pub updated: u64,
    pub skipped: u64,
    pub rejected: u64,
    pub errors: Vec<RowError>,
    /// Rows skipped with something to say (a row that differs from what is
    /// stored, imported without `--update`).
    pub notes: Vec<RowError>,
    /// Whether the changes were committed.
    pub written: bool,
    pub header_row: u32,
    /// The header row as written, for the errors file.
    pub headers: Vec<String>,
    pub unknown_columns: Vec<String>,
    pub refused: Vec<Refused>,
    /// What a person should know about the file itself (columns it lacks).
    pub warnings: Vec<Msg>,
    /// Said once about the whole import (e.g. what to do next).
    pub remarks: Vec<Msg>,
}

impl ImportReport {
    /// What to say about a file with a header and no data rows under it (a
    /// blank template): an import of nothing is a problem, not a success.
    pub fn no_data(&self) -> Option<Msg> {
        let p = self.file.display();
        (self.rows == 0).then(|| {
            msg!(
                "{p} 中没有数据行(只有表头):没有可导入的内容",
                "no data rows in {p} (only the header): nothing to import"
            )
        })
    }

    /// Whether an import ends by committing: not for a dry run, not with
    /// refused rows under `--strict`, and only when something changed.
    pub fn commits(&self, dry_run: bool, strict: bool) -> bool {
        let held_back = dry_run || (strict && self.rejected > 0);
        !held_back && self.imported + self.updated > 0
    }

    /// Records a refused row: one error per problem, under the column's
    /// header as written in the file.
    pub fn reject(
        &mut self,
        sheet: Option<&'static str>,
        row: u32,
        cells: Vec<Cell>,
        problems: Vec<(String, Msg)>,
    ) {
        self.rejected += 1;
        let mut reasons = Vec::with_capacity(problems.len());
        for (column, message) in problems {
            self.errors.push(RowError {
                sheet,
                row,
                column,
                message: message.clone(),
            });
            reasons.push(message);
        }
        self.refused.push(Refused {
            sheet,
            row,
            cells,
            reasons,
        });
    }

    /// Writes the errors file: the refused rows as they were, under their
    /// row number in the file (原行号, which the reasons refer to) and with
    /// 错误原因 after the last column, so that the file can be fixed and
    /// imported again; the columns keep the template's dropdowns
    /// (`dropdowns`, by label). For imports of several sheets, one line per
    /// problem: sheet, row, column and reason.
    pub fn write_errors(
        &self,
        path: &Path,
        lang: Lang,
        dropdowns: &[(&'static str, Allowed)],
    ) -> Result<()> {
        if self.refused.iter().any(|r| r.sheet.is_some()) {
            return self.write_problem_list(path, lang);
        }
        let width = self
            .refused
            .iter()
            .map(|x| x.cells.len())
            .chain([self.headers.len()])
            .max()
            .unwrap_or(0);
        let mut headers: Vec<&str> = vec![ROW_COLUMN];
        headers.extend(self.headers.iter().map(String::as_str));
        headers.resize(width + 1, "");
        headers.push(REASON_COLUMN);
        let mut w = TableWriter::create(path, "错误行", &headers)?;
        let columns: Vec<(u16, &str, &Allowed)> = headers
            .iter()
            .enumerate()
            .filter_map(|(i, h)| {
                let h = normalize_header(h);
                let (label, allowed) = dropdowns
                    .iter()
                    .find(|(label, _)| !h.is_empty() && normalize_header(label) == h)?;
                Some((i as u16, *label, allowed))
            })
            .collect();
        w.dropdowns(&columns)?;
        for x in &self.refused {
            // Every cell as text: an ID number that arrived as a number cell
            // goes back as text, so the fixed file imports without the
            // column being reformatted first.
            let mut cells: Vec<Cell> = x
                .cells
                .iter()
                .map(|c| match c {
                    Cell::Empty | Cell::Text(_) => c.clone(),
                    other => Cell::Text(other.display().into_owned()),
                })
                .collect();
            cells.resize(width, Cell::Empty);
            cells.insert(0, Cell::Int(x.row.into()));
            cells.push(Cell::Text(reasons_text(&x.reasons, lang)));
            w.write_row(&cells)?;
        }
        w.finish()
    }

    fn write_problem_list(&self, path: &Path, lang: Lang) -> Result<()> {
        let mut w =
            TableWriter::create(path, "错误行", &["工作表", ROW_COLUMN, "列", REASON_COLUMN])?;
        for e in &self.errors {
            w.write_row(&[
                Cell::Text(e.sheet.unwrap_or_default().to_owned()),
                Cell::Int(e.row.into()),
                Cell::Text(e.column.clone()),
                Cell::Text(e.message.text(lang).to_owned()),
            ])?;
        }
        w.finish()
    }
}

/// The refused rows' reasons joined for the errors file's 错误原因 column.
pub fn reasons_text(reasons: &[Msg], lang: Lang) -> String {
    let texts: Vec<&str> = reasons.iter().map(|m| m.text(lang)).collect();
    texts.join(lang.pick(";", "; "))
}
