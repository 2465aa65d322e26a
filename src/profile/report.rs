//! The `--errors` file of `profile validate`: a workbook an administrator
//! works from — one row per problem with the person, tab and field, a
//! summary per person, and a sheet saying what it is. As CSV, the problem
//! list alone.

use std::path::Path;

use rust_xlsxwriter::{Format, FormatAlign, Workbook};

use super::validate::{Issue, Report};
use crate::error::{Error, Result};
use crate::fsutil::AtomicFile;
use crate::i18n::Lang;
use crate::rules::Severity;
use crate::sheet::Cell;
use crate::sheet::write::{OutFormat, TableWriter};

const HEADERS: [&str; 8] = [
    "证件号码",
    "姓名",
    "页签",
    // The row of a tab of several: 学历层次 (本科), or a job (第2条).
    "学历层次/序号",
    "字段",
    "级别",
    "问题",
    "行号",
];

fn cells(i: &Issue, lang: Lang) -> Vec<Cell> {
    let text = |s: &str| {
        if s.is_empty() {
            Cell::Empty
        } else {
            Cell::Text(s.to_owned())
        }
    };
    vec![
        text(&i.id_number),
        text(&i.name),
        text(i.section.label()),
        text(&i.part().unwrap_or_default()),
        text(i.field),
        text(i.severity.label(Lang::Zh)),
        text(i.message.text(lang)),
        i.row.map_or(Cell::Empty, |r| Cell::Int(i64::from(r))),
    ]
}

/// Writes the issues of a validation to `path` (.xlsx or .csv).
pub fn write(path: &Path, report: &Report, source: &str, lang: Lang) -> Result<()> {
    match OutFormat::for_path(path)? {
        OutFormat::Csv => {
            let mut w = TableWriter::create(path, "问题清单", &HEADERS)?;
            for i in &report.issues {
                w.write_row(&cells(i, lang))?;
            }
            w.finish()
        }
        OutFormat::Xlsx => write_xlsx(path, report, source, lang),
    }
}

fn write_xlsx(path: &Path, report: &Report, source: &str, lang: Lang) -> Result<()> {
    let err = |e: rust_xlsxwriter::XlsxError| Error::io(path, std::io::Error::other(e));
    let mut book = Workbook::new();
    let header = Format::new()
        .set_bold()
        .set_background_color("#DDEBF7")
        .set_align(FormatAlign::Center);
    let wrap = Format::new().set_text_wrap().set_align(FormatAlign::Top);
    let error = Format::new().set_font_color("#C00000");
    let text = Format::new().set_num_format("@");

    // 1. Every problem, grouped by person, filterable.
    let ws = book.add_worksheet();
    ws.set_name("问题清单").map_err(err)?;
    for (c, h) in HEADERS.iter().enumerate() {
        ws.write_string_with_format(0, c as u16, *h, &header)
            .map_err(err)?;
    }
    for (c, w) in [20.0, 10.0, 10.0, 9.0, 20.0, 6.0, 70.0, 6.0]
        .iter()
        .enumerate()
    {
        ws.set_column_width(c as u16, *w).map_err(err)?;
    }
    ws.set_column_format(0, &text).map_err(err)?;
    ws.set_column_format(6, &wrap).map_err(err)?;
    for (r, i) in report.issues.iter().enumerate() {
        let row = r as u32 + 1;
        for (c, cell) in cells(i, lang).into_iter().enumerate() {
            let c = c as u16;
            match cell {
                Cell::Text(s) if c == 5 && i.severity == Severity::Error => {
                    ws.write_string_with_format(row, c, s, &error)
                        .map_err(err)?;
                }
                Cell::Text(s) => {
                    ws.write_string(row, c, s).map_err(err)?;
                }
                Cell::Int(n) => {
                    ws.write_number(row, c, n as f64).map_err(err)?;
                }
                _ => {}
            }
        }
    }
    let last = report.issues.len() as u32;
    ws.autofilter(0, 0, last.max(1), HEADERS.len() as u16 - 1)
        .map_err(err)?;
    ws.set_freeze_panes(1, 0).map_err(err)?;

    // 2. One row per person: what to fix, at a glance.
    let ws = book.add_worksheet();
    ws.set_name("按人员汇总").map_err(err)?;
    let heads = [
        "证件号码",
        "姓名",
        "错误数",
        "警告数",
        "需修改的页签",
        "问题摘要",
    ];
    for (c, h) in heads.iter().enumerate() {
        ws.write_string_with_format(0, c as u16, *h, &header)
            .map_err(err)?;
    }
    for (c, w) in [20.0, 10.0, 8.0, 8.0, 24.0, 90.0].iter().enumerate() {
        ws.set_column_width(c as u16, *w).map_err(err)?;
    }
    ws.set_column_format(0, &text).map_err(err)?;
    ws.set_column_format(5, &wrap).map_err(err)?;
    let mut row = 1u32;
    let mut start = 0;
    while start < report.issues.len() {
        let first = &report.issues[start];
        let end = report.issues[start..]
            .iter()
            .position(|i| i.id_number != first.id_number || i.name != first.name)
            .map_or(report.issues.len(), |n| start + n);
        let group = &report.issues[start..end];
        let errors = group
            .iter()
            .filter(|i| i.severity == Severity::Error)
            .count();
        let mut tabs: Vec<&str> = group.iter().map(|i| i.section.label()).collect();
        tabs.dedup();
        let summary: Vec<String> = group
            .iter()
            .map(|i| {
                let field = i.place();
                format!("[{}] {field}: {}", i.section.label(), i.message.text(lang))
            })
            .collect();
        ws.write_string(row, 0, &first.id_number).map_err(err)?;
        ws.write_string(row, 1, &first.name).map_err(err)?;
        ws.write_number(row, 2, errors as f64).map_err(err)?;
        ws.write_number(row, 3, (group.len() - errors) as f64)
            .map_err(err)?;
        ws.write_string(row, 4, tabs.join("、")).map_err(err)?;
        ws.write_string(row, 5, summary.join("\n")).map_err(err)?;
        row += 1;
        start = end;
    }
    ws.autofilter(0, 0, row.max(2) - 1, 5).map_err(err)?;
    ws.set_freeze_panes(1, 0).map_err(err)?;

    // 3. What this file is.
    let ws = book.add_worksheet();
    ws.set_name("说明").map_err(err)?;
    ws.set_column_width(0, 16).map_err(err)?;
    ws.set_column_width(1, 80).map_err(err)?;
    let lines = [
        ("校验对象", source.to_owned()),
        ("校验时间", crate::history::now()),
        ("校验人数", report.checked.to_string()),
        ("通过", report.valid.to_string()),
        ("未通过", report.invalid.to_string()),
        ("错误数", report.errors.to_string()),
        ("警告数", report.warnings.to_string()),
        (
            "如何使用",
            "“问题清单”每行一个问题,可按页签、字段筛选;“按人员汇总”每人一行。错误须修改后才能上报;警告请核对,确认无误可不改。改好个人信息工作簿后重新导入(meded profile import),再运行 meded profile validate 复核。".to_owned(),
        ),
    ];
    for (r, (k, v)) in lines.iter().enumerate() {
        ws.write_string_with_format(r as u32, 0, *k, &header)
            .map_err(err)?;
        ws.write_string_with_format(r as u32, 1, v, &wrap)
            .map_err(err)?;
    }
    let file = AtomicFile::create(path)?;
    book.save(file.path()).map_err(err)?;
    file.commit()
}
