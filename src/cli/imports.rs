//! What every import command shares: its flags and how its report prints.

use std::path::PathBuf;

use clap::Args;
use meded::account::Role;
use meded::import::{Flags, ImportReport};
use meded::{ExitCode, msg};

use super::Ctx;
use super::output::Format;

/// Flags every import takes, with the same meaning for each.
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
    /// Existing records take the file's values where they differ (without
    /// it, such rows are skipped with a note).
    #[arg(long)]
    pub update: bool,
    /// Write the refused rows, as they were, with a column 错误原因, to this
    /// .xlsx or .csv file: fix it and import it again. Written before
    /// anything is committed: if it cannot be written, nothing is imported.
    #[arg(long, value_name = "OUT")]
    pub errors: Option<PathBuf>,
}

impl ImportFlags {
    /// The flags as the library takes them, checked before any work, for
    /// an import of the templates named (`meded template NAME`; `role`
    /// picks the account template's variant): their dropdowns go to the
    /// errors file.
    pub fn flags(&self, ctx: &Ctx, templates: &[&str], role: Role) -> meded::Result<Flags> {
        let mut dropdowns = Vec::new();
        for name in templates {
            dropdowns.extend(meded::template::get(name, role)?.dropdowns());
        }
        let flags = Flags {
            sheet: self.sheet.clone(),
            dry_run: self.dry_run,
            strict: self.strict,
            update: self.update,
            errors: self.errors.clone(),
            lang: ctx.lang(),
            dropdowns,
        };
        flags.check()?;
        Ok(flags)
    }
}

/// Prints what an import did — counts, the refused rows, notes — as a
/// table or as the JSON object scripts rely on; exit 1 when rows were
/// refused.
pub fn print_report(ctx: &Ctx, r: &ImportReport, flags: &Flags) -> ExitCode {
    let out = &ctx.out;
    let lang = ctx.lang();
    if !r.unknown_columns.is_empty() {
        let cols = r.unknown_columns.join(", ");
        out.warn(&msg!(
            "忽略不认识的列:{cols}",
            "ignored unknown columns: {cols}"
        ));
    }
    for w in &r.warnings {
        out.warn(w);
    }
    if out.format == Format::Json {
        #[derive(serde::Serialize)]
        struct Problem<'a> {
            #[serde(skip_serializing_if = "Option::is_none")]
            sheet: Option<&'a str>,
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
            errors: Vec<Problem<'a>>,
            notes: Vec<Problem<'a>>,
            written: bool,
            dry_run: bool,
            header_row: u32,
            unknown_columns: &'a [String],
            remarks: Vec<&'a str>,
        }
        fn shown(list: &[meded::import::RowError], lang: meded::i18n::Lang) -> Vec<Problem<'_>> {
            list.iter()
                .map(|e| Problem {
                    sheet: e.sheet,
                    row: e.row,
                    column: &e.column,
                    message: e.message.text(lang),
                })
                .collect()
        }
        out.json(&Shown {
            imported: r.imported,
            updated: r.updated,
            skipped: r.skipped,
            rejected: r.rejected,
            errors: shown(&r.errors, lang),
            notes: shown(&r.notes, lang),
            written: r.written,
            dry_run: flags.dry_run,
            header_row: r.header_row,
            unknown_columns: &r.unknown_columns,
            remarks: r.remarks.iter().map(|m| m.text(lang)).collect(),
        });
    } else if r.no_data().is_none() {
        out.line(&out.text(&summary(r, flags)));
        problem_table(ctx, &r.errors, out.t("问题", "Problem"));
        problem_table(ctx, &r.notes, out.t("说明", "Note"));
    }
    if out.format != Format::Table {
        // The summary line, which says it, is printed for tables only.
        if flags.dry_run {
            out.note(&msg!("演练:未写入任何数据", "dry run: nothing was written"));
        } else if held_back(r, flags) {
            out.note(&msg!(
                "有被拒绝的行,未写入任何数据(--strict)",
                "rows were refused, so nothing was written (--strict)"
            ));
        }
    }
    if let Some(m) = r.no_data() {
        out.warn(&m);
        return ExitCode::Problems;
    }
    if let Some(p) = &flags.errors {
        let p = p.display();
        if r.refused.is_empty() {
            out.note(&msg!(
                "没有被拒绝的行,未写出 {p}",
                "no rows were refused; {p} was not written"
            ));
        } else {
            out.note(&msg!(
                "被拒绝的行已写入 {p}(修改后可再次导入)",
                "refused rows written to {p} (fix them and import it again)"
            ));
        }
    }
    for m in &r.remarks {
        out.note(m);
    }
    ExitCode::problems_if(r.rejected > 0)
}

/// Whether good rows were held back because others were refused (--strict,
/// or an importer that takes a table whole).
fn held_back(r: &ImportReport, flags: &Flags) -> bool {
    !flags.dry_run && !r.written && r.rejected > 0 && r.imported + r.updated > 0
}

/// The counts of an import in the words of what happened: what was done,
/// or, for a dry run or an import held back, what would have been.
fn summary(r: &ImportReport, flags: &Flags) -> meded::i18n::Msg {
    let (i, u, s, x) = (r.imported, r.updated, r.skipped, r.rejected);
    if flags.dry_run {
        msg!(
            "将新增 {i},更新 {u},跳过 {s},拒绝 {x}(演练,未写入)",
            "would import {i}, update {u}, skip {s}, refuse {x} (dry run, nothing written)"
        )
    } else if held_back(r, flags) {
        msg!(
            "本可新增 {i},更新 {u},跳过 {s};因拒绝了 {x} 行,未写入任何数据",
            "would have imported {i}, updated {u}, skipped {s}; {x} rows were refused, so nothing was written"
        )
    } else {
        msg!(
            "新增 {i},更新 {u},跳过 {s},拒绝 {x}",
            "imported {i}, updated {u}, skipped {s}, rejected {x}"
        )
    }
}

fn problem_table(ctx: &Ctx, list: &[meded::import::RowError], what: &str) {
    if list.is_empty() {
        return;
    }
    let out = &ctx.out;
    let sheets = list.iter().any(|e| e.sheet.is_some());
    let rows: Vec<Vec<String>> = list
        .iter()
        .map(|e| {
            let mut row = vec![e.row.to_string(), e.column.clone(), out.text(&e.message)];
            if sheets {
                row.insert(0, e.sheet.unwrap_or_default().to_owned());
            }
            row
        })
        .collect();
    let mut headers = vec![out.t("行", "Row"), out.t("列", "Column"), what];
    if sheets {
        headers.insert(0, out.t("工作表", "Sheet"));
    }
    out.rows(&headers, &rows);
}
