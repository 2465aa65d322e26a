//! The workbook of a plan: one sheet of residents × months (the department
//! of each month, rotations kept and planned), one of departments × months
//! (residents against capacity, with each department's peak and mean).

use std::path::Path;

use super::model::Solution;
use super::{PlanReport, Read};
use crate::error::{Error, Result};
use crate::i18n::Lang;
use crate::msg;
use crate::sheet::Cell;
use crate::sheet::write::{BookWriter, OutFormat};

/// The sheet of residents × months.
pub const RESIDENTS_SHEET: &str = "轮转安排";
/// The sheet of departments × months.
pub const DEPARTMENTS_SHEET: &str = "科室负荷";

/// Refuses an output name that is not an XLSX workbook, before any work.
pub fn check(path: &Path) -> Result<()> {
    if OutFormat::for_path(path)? != OutFormat::Xlsx {
        let p = path.display();
        return Err(Error::Usage(msg!(
            "排班表 {p} 应以 .xlsx 结尾(有两个工作表)",
            "the plan's workbook {p} must end in .xlsx (it has two sheets)"
        )));
    }
    Ok(())
}

/// Writes the workbook (whole or not at all).
pub fn write(
    path: &Path,
    data: &Read,
    sol: &Solution,
    report: &PlanReport,
    lang: Lang,
) -> Result<()> {
    let p = &data.problem;
    let m = p.months;
    let months: Vec<String> = (0..m).map(|t| p.month(t).to_string()).collect();
    // Headers in the words of the office's own sheets, whatever the
    // language of the reasons (as in every errors file).
    let mut people: Vec<&str> = vec!["证件号码", "姓名", "培训专业"];
    people.extend(months.iter().map(String::as_str));
    people.push("未能安排的原因");
    let mut departments: Vec<&str> = vec!["科室", "峰值", "平均"];
    departments.extend(months.iter().map(String::as_str));
    let mut book = BookWriter::create(
        path,
        &[
            (RESIDENTS_SHEET, &people),
            (DEPARTMENTS_SHEET, &departments),
        ],
    )?;
    let why = |id: &str| -> String {
        report
            .unplaced
            .iter()
            .find(|u| u.id_number == id)
            .map(|u| crate::import::reasons_text(&u.reasons, lang))
            .unwrap_or_default()
    };
    // Residents in the order of their ID numbers, planned or not.
    let mut rows: Vec<(String, Vec<Cell>)> = Vec::new();
    for (r, person) in data.people.iter().enumerate() {
        let mut cells: Vec<Vec<String>> = data.kept_names[r].clone();
        if let Some(starts) = &sol.starts[r] {
            for (e, s) in p.residents[r].entries.iter().zip(starts) {
                if let Some(s) = s {
                    for cell in &mut cells[*s..*s + e.months as usize] {
                        cell.push(p.departments[e.department].name.clone());
                    }
                }
            }
        }
        let mut row = vec![
            Cell::Text(person.id_number.clone()),
            Cell::Text(person.name.clone()),
            Cell::Text(person.specialty.clone().unwrap_or_default()),
        ];
        row.extend(cells.into_iter().map(|c| {
            if c.is_empty() {
                Cell::Empty
            } else {
                Cell::Text(c.join("/"))
            }
        }));
        row.push(Cell::Text(why(&person.id_number)));
        rows.push((person.id_number.clone(), row));
    }
    for (person, _) in &data.excluded {
        let mut row = vec![
            Cell::Text(person.id_number.clone()),
            Cell::Text(person.name.clone()),
            Cell::Text(person.specialty.clone().unwrap_or_default()),
        ];
        row.extend((0..m).map(|_| Cell::Empty));
        row.push(Cell::Text(why(&person.id_number)));
        rows.push((person.id_number.clone(), row));
    }
    rows.sort_by(|a, b| a.0.cmp(&b.0));
    for (_, row) in rows {
        book.write_row(0, &row)?;
    }
    for (d, b) in report.balance.iter().enumerate() {
        let mut row = vec![
            Cell::Text(b.department.clone()),
            Cell::Int(i64::from(b.peak)),
            Cell::Float((b.mean * 10.0).round() / 10.0),
        ];
        for l in &report.load[d * m..(d + 1) * m] {
            row.push(Cell::Text(match l.capacity {
                Some(c) => format!("{}/{c}", l.residents),
                None => l.residents.to_string(),
            }));
        }
        book.write_row(1, &row)?;
    }
    book.finish()
}
