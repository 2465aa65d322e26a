//! What every importer's command line shares: the flags, the report and
//! the errors file.

use std::path::{Path, PathBuf};

use clap::Args;
use meded::i18n::Lang;
use meded::import::{ImportReport, reasons_text};
use meded::sheet::write::{OutFormat, TableWriter};
use meded::sheet::{Cell, REASON_COLUMN};
use meded::{Result, msg};

use super::Ctx;
use super::output::Format;

/// Flags every import takes.
#[derive(Debug, Args)]
pub struct ImportFlags {
    /// The sheet to read [default: the template's sheet if present, else the first].
    #[arg(long)]
    pub sheet: Option<String>,
    /// Check everything and report, but write nothing.
    #[arg(long)]
    pub dry_run: bool,
    /// Write nothing if any row is refused.
    #[arg(long)]
    pub strict: bool,
    /// Write the refused rows, as they were, with a column 错误原因, to this
    /// .xlsx or .csv file: fix it and import it again.
    #[arg(long, value_name = "OUT")]
    pub errors: Option<PathBuf>,
}

/// The options of an import that its report mentions.
pub struct Flags<'a> {
    pub dry_run: bool,
    pub strict: bool,
    pub errors: Option<&'a Path>,
}

impl ImportFlags {
    pub fn view(&self) -> Flags<'_> {
        Flags {
            dry_run: self.dry_run,
            strict: self.strict,
            errors: self.errors.as_deref(),
        }
    }

    /// Refuses a bad output name before the work, not after.
    pub fn check(&self) -> Result<()> {
        if let Some(p) = &self.errors {
            OutFormat::for_path(p)?;
        }
        Ok(())
    }
}

/// Prints what an import did: counts and a table of refused rows, or the
/// JSON object of SPEC §4.
pub fn print_report(ctx: &Ctx, r: &ImportReport, a: &Flags<'_>) {
    let out = &ctx.out;
    if !r.unknown_columns.is_empty() {
        let cols = r.unknown_columns.join(", ");
        out.warn(&msg!(
            "忽略不认识的列:{cols}",
            "ignored unknown columns: {cols}"
        ));
    }
    if out.format == Format::Json {
        #[derive(serde::Serialize)]
        struct Error<'a> {
            row: u32,
            column: &'a str,
            message: &'a str,
        }
        #[derive(serde::Serialize)]
        struct Shown<'a> {
            imported: u64,
            updated: u64,
            skipped: u64,
            rejected: u64,
            errors: Vec<Error<'a>>,
            written: bool,
            dry_run: bool,
            header_row: u32,
            unknown_columns: &'a [String],
        }
        let lang = ctx.lang();
        out.json(&Shown {
            imported: r.imported,
            updated: r.updated,
            skipped: r.skipped,
            rejected: r.rejected,
            errors: r
                .errors
                .iter()
                .map(|e| Error {
                    row: e.row,
                    column: &e.column,
                    message: e.message.text(lang),
                })
                .collect(),
            written: r.written,
            dry_run: a.dry_run,
            header_row: r.header_row,
            unknown_columns: &r.unknown_columns,
        });
        return;
    }
    let (i, u, s, x) = (r.imported, r.updated, r.skipped, r.rejected);
    out.line(&out.text(&msg!(
        "新增 {i},更新 {u},跳过 {s},拒绝 {x}",
        "imported {i}, updated {u}, skipped {s}, rejected {x}"
    )));
    if !r.errors.is_empty() {
        let rows: Vec<Vec<String>> = r
            .errors
            .iter()
            .map(|e| vec![e.row.to_string(), e.column.clone(), out.text(&e.message)])
            .collect();
        out.rows(
            &[
                out.t("行", "Row"),
                out.t("列", "Column"),
                out.t("问题", "Problem"),
            ],
            &rows,
        );
    }
    if a.dry_run {
        out.note(&msg!(
            "试运行:未写入任何数据",
            "dry run: nothing was written"
        ));
    } else if a.strict && r.rejected > 0 {
        out.note(&msg!(
            "--strict:有被拒绝的行,未写入任何数据",
            "--strict: rows were refused, so nothing was written"
        ));
    }
    if let Some(p) = &a.errors {
        let p = p.display();
        out.note(&msg!("被拒绝的行已写入 {p}", "refused rows written to {p}"));
    }
}

/// The refused rows as they were, with 错误原因 after the last column.
pub fn write_errors(path: &Path, r: &ImportReport, lang: Lang) -> Result<()> {
    let width = r
        .refused
        .iter()
        .map(|x| x.cells.len())
        .chain([r.headers.len()])
        .max()
        .unwrap_or(0);
    let mut headers: Vec<&str> = r.headers.iter().map(String::as_str).collect();
    headers.resize(width, "");
    headers.push(REASON_COLUMN);
    let mut w = TableWriter::create(path, "错误行", &headers)?;
    for x in &r.refused {
        let mut cells = x.cells.clone();
        cells.resize(width, Cell::Empty);
        cells.push(Cell::Text(reasons_text(&x.reasons, lang)));
        w.write_row(&cells)?;
    }
    w.finish()
}
