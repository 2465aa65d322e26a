//! Reading an archive workbook (`meded template archive`): the sheet
//! 个人基本信息 (one row per member) and the five list sheets (any number
//! of rows per member), keyed by 证件号码, into one [`Proposal`] per member
//! with every problem placed at its sheet, row and column.

use std::collections::HashMap;
use std::path::Path;

use chrono::NaiveDate;

use super::fields::{B_BIRTH, B_ID_TYPE, B_PHOTO, B_SEX, Kind, LISTS, Need, Section};
use super::model::{Proposal, Values, read_cell};
use crate::error::{Error, Result};
use crate::i18n::Msg;
use crate::msg;
use crate::rules::id::{self, IdProblem, IdType};
use crate::rules::text::identifier;
use crate::sheet::{Format, Record, Workbook};

/// A problem with a cell of the workbook.
#[derive(Debug, Clone)]
pub struct RowProblem {
    pub section: Section,
    pub row: u32,
    /// The header as written in the file.
    pub column: String,
    pub message: Msg,
}

/// One member's rows.
#[derive(Debug, Clone)]
pub struct SheetPerson {
    pub id_number: String,
    pub proposal: Proposal,
    /// The 姓名 written beside the key in list sheets: (sheet, row, name).
    pub names: Vec<(Section, u32, String)>,
    /// The row of 个人基本信息, when the workbook has one.
    pub basic_row: Option<u32>,
    pub problems: Vec<RowProblem>,
    /// The first row that names the member: (sheet, row).
    pub first: (Section, u32),
}

/// An archive workbook, read.
#[derive(Debug, Clone, Default)]
pub struct ArchiveBook {
    /// In the order they first appear.
    pub people: Vec<SheetPerson>,
    /// Rows that belong to nobody (no usable 证件号码).
    pub unattached: Vec<RowProblem>,
    /// The sections whose sheets the workbook has.
    pub sections: Vec<Section>,
    pub unknown_columns: Vec<(Section, Vec<String>)>,
    /// The headers as written, by sheet and layout column.
    pub headers: Vec<(Section, Vec<String>)>,
}

impl ArchiveBook {
    /// The header of a layout column of a sheet, as written in the file.
    pub fn header(&self, section: Section, col: usize) -> String {
        header_of(&self.headers, section, col)
    }
}

pub(crate) fn header_of(
    headers: &[(Section, Vec<String>)],
    section: Section,
    col: usize,
) -> String {
    headers
        .iter()
        .find(|(s, _)| *s == section)
        .and_then(|(_, h)| h.get(col).cloned())
        .unwrap_or_else(|| {
            section
                .layout()
                .columns
                .get(col)
                .map_or(String::new(), |c| c.label.to_owned())
        })
}

/// The largest photo accepted: it is embedded in every résumé as it is.
pub const PHOTO_MAX_BYTES: u64 = 2 * 1024 * 1024;

/// Why a photo file cannot be used, if it cannot: a JPEG whose header can
/// be read, of any pixel size, at most [`PHOTO_MAX_BYTES`].
pub fn photo_problem(path: &Path) -> Option<Msg> {
    crate::profile::photo::problem(path, &crate::rules::photo::ATTACHMENT)
}

/// The sheet of a section in the workbook: its own name or a tab name.
fn sheet_of(book: &Workbook, section: Section) -> Option<String> {
    std::iter::once(section.label())
        .chain(section.sheet_aliases().iter().copied())
        .find_map(|n| book.find_sheet(n).map(str::to_owned))
}

/// Whether `date` (a stored day or month) lies after `today`.
fn after(date: &str, today: &str) -> bool {
    let n = date.len().min(today.len());
    date[..n] > today[..n]
}

/// Checks one row's values on their own: required and conditional fields,
/// dates in the future or in the wrong order, sex and birth date against a
/// 居民身份证 number. Problems name the field; fields whose cells could not
/// be read at all (`problems` has them already) are not called empty.
fn check_row(
    section: Section,
    values: &Values,
    id_number: &str,
    today: NaiveDate,
    problems: &mut Vec<(usize, Msg)>,
) {
    let fields = section.fields();
    let unread: Vec<usize> = problems.iter().map(|(i, _)| *i).collect();
    for (i, f) in fields.iter().enumerate() {
        let label = f.label;
        if values[i].is_some() || unread.contains(&i) {
            continue;
        }
        match f.need {
            Need::Required => problems.push((i, msg!("{label}为空", "{label} is empty"))),
            Need::If(d) if values[d].as_deref() == Some("是") => {
                let dep = fields[d].label;
                problems.push((
                    i,
                    msg!(
                        "{dep}为“是”时须填写{label}",
                        "{label} is required when {dep} is 是"
                    ),
                ));
            }
            _ => {}
        }
    }
    let today = today.format("%Y-%m-%d").to_string();
    for (i, f) in fields.iter().enumerate() {
        if let (Kind::Date, Some(d)) = (f.kind, &values[i])
            && after(d, &today)
        {
            let label = f.label;
            problems.push((
                i,
                msg!("{label} {d} 在将来", "{label} {d} is in the future"),
            ));
        }
    }
    if section != Section::Basic {
        if let (start, Some(end)) = section.dates()
            && let (Some(s), Some(e)) = (&values[start], &values[end])
        {
            let n = s.len().min(e.len());
            if e[..n] < s[..n] {
                let (sl, el) = (fields[start].label, fields[end].label);
                problems.push((
                    end,
                    msg!("{el} {e} 早于{sl} {s}", "{el} {e} is before {sl} {s}"),
                ));
            }
        }
        return;
    }
    let resident_card = values[B_ID_TYPE]
        .as_deref()
        .is_none_or(|t| t == IdType::ResidentCard.label());
    if !resident_card {
        return;
    }
    let Ok(checked) = id::check(
        IdType::ResidentCard,
        id_number,
        false,
        chrono::NaiveDate::MAX,
    ) else {
        return;
    };
    if let (Some(sex), Some(typed)) = (checked.sex, &values[B_SEX])
        && sex.label() != typed
    {
        let s = sex.label();
        problems.push((
            B_SEX,
            msg!(
                "性别“{typed}”与证件号码不符(证件号码为{s}性)",
                "性别 '{typed}' contradicts the ID number (which is of a {s} person)"
            ),
        ));
    }
    if let (Some(birth), Some(typed)) = (checked.birth, &values[B_BIRTH]) {
        let b = birth.format("%Y-%m-%d").to_string();
        if !b.starts_with(typed.as_str()) {
            problems.push((
                B_BIRTH,
                msg!(
                    "出生日期 {typed} 与证件号码中的 {b} 不符",
                    "出生日期 {typed} contradicts the ID number's {b}"
                ),
            ));
        }
    }
}

/// Reads an archive workbook. `progress` gets (done, total) of the sheet
/// being read.
pub fn read(
    path: &Path,
    today: NaiveDate,
    progress: &(dyn Fn(u64, u64) + Sync),
) -> Result<ArchiveBook> {
    let book = Workbook::open(path)?;
    let p = path.display();
    let all: Vec<&str> = Section::ALL.iter().map(|s| s.label()).collect();
    let all = all.join("、");
    if book.format() == Format::Csv {
        return Err(Error::Input(msg!(
            "{p} 是 CSV 文件,只能有一个工作表;技术档案工作簿由 {all} 等工作表组成(用 meded template archive 生成模板)",
            "{p} is a CSV file, which holds one sheet; an archive workbook has the sheets {all} (meded template archive writes one)"
        )));
    }
    let sheets: Vec<(Section, String)> = Section::ALL
        .iter()
        .filter_map(|s| sheet_of(&book, *s).map(|n| (*s, n)))
        .collect();
    if sheets.is_empty() {
        let has = book.sheet_names().join("、");
        return Err(Error::Input(msg!(
            "{p} 中没有技术档案的工作表(现有:{has});技术档案工作簿的工作表为 {all}",
            "{p} has none of the archive's sheets (it has: {has}); an archive workbook has the sheets {all}"
        )));
    }
    let folder = crate::profile::photo::workbook_folder(path)?;
    let mut out = ArchiveBook {
        sections: sheets.iter().map(|(s, _)| *s).collect(),
        ..ArchiveBook::default()
    };
    let mut index: HashMap<String, usize> = HashMap::new();
    for (section, sheet) in sheets {
        let layout = section.layout();
        let table = book.table(Some(&sheet), layout)?;
        let headers: Vec<String> = (0..layout.columns.len())
            .map(|c| table.header(c).to_owned())
            .collect();
        if !table.unknown_columns.is_empty() {
            out.unknown_columns
                .push((section, table.unknown_columns.clone()));
        }
        let keys = section.keys();
        let fields = section.fields();
        // Identical rows of a list, per member: the first row's number.
        let mut seen: HashMap<(usize, Values), u32> = HashMap::new();
        let reader = table.progress();
        for (n, rec) in table.enumerate() {
            let rec: Record = rec?;
            if n % 1024 == 0 {
                let (done, total) = reader.get();
                progress(done, total);
            }
            let problem = |col: usize, message: Msg| RowProblem {
                section,
                row: rec.row,
                column: headers[col].clone(),
                message,
            };
            let cell = rec.get(0);
            let shown = cell.display();
            let key = match id::check(IdType::ResidentCard, &shown, cell.is_number(), today) {
                Ok(id) => id.number,
                Err(IdProblem::Empty) => {
                    out.unattached
                        .push(problem(0, msg!("证件号码为空", "the ID number is empty")));
                    continue;
                }
                Err(e @ IdProblem::StoredAsNumber { .. }) => {
                    out.unattached.push(problem(0, e.msg()));
                    continue;
                }
                // Members with other documents: checked against the account.
                Err(_) => identifier(&shown),
            };
            let at = *index.entry(key.clone()).or_insert_with(|| {
                out.people.push(SheetPerson {
                    id_number: key.clone(),
                    proposal: Proposal::default(),
                    names: Vec::new(),
                    basic_row: None,
                    problems: Vec::new(),
                    first: (section, rec.row),
                });
                out.people.len() - 1
            });
            let person = &mut out.people[at];
            if section != Section::Basic {
                let name = rec.get(1);
                if !name.is_blank() {
                    person
                        .names
                        .push((section, rec.row, name.text().into_owned()));
                }
            }
            let mut values: Values = Vec::with_capacity(fields.len());
            let mut row_problems: Vec<(usize, Msg)> = Vec::new();
            for (i, f) in fields.iter().enumerate() {
                let v = match read_cell(f.label, f.kind, rec.get(keys + i)) {
                    Ok(v) => v,
                    Err(m) => {
                        row_problems.push((i, m));
                        None
                    }
                };
                let v = match (f.kind, v) {
                    (Kind::Photo, Some(typed)) => {
                        match crate::profile::photo::resolve(&folder, &typed) {
                            Ok(real) => match photo_problem(&real) {
                                None => Some(real.to_string_lossy().into_owned()),
                                Some(m) => {
                                    row_problems.push((i, m));
                                    None
                                }
                            },
                            Err(m) => {
                                row_problems.push((i, m));
                                None
                            }
                        }
                    }
                    (_, v) => v,
                };
                values.push(v);
            }
            let blank = values.iter().all(Option::is_none) && row_problems.is_empty();
            if section == Section::Basic {
                if let Some(first) = person.basic_row {
                    person.problems.push(problem(
                        0,
                        msg!(
                            "与第 {first} 行重复:同一人在此工作表中只能有一行",
                            "the same person as row {first}: one row per person in this sheet"
                        ),
                    ));
                    continue;
                }
            } else if blank {
                // A row with only the key says the member has none.
                let i = section.list_index().unwrap_or(0);
                person.proposal.lists[i].get_or_insert_with(Vec::new);
                continue;
            }
            check_row(section, &values, &key, today, &mut row_problems);
            let failed = !row_problems.is_empty();
            for (i, m) in row_problems {
                person.problems.push(problem(keys + i, m));
            }
            if failed {
                continue;
            }
            match section.list_index() {
                None => {
                    // The photo is kept by path; the other fields as read.
                    debug_assert!(values.len() > B_PHOTO);
                    person.basic_row = Some(rec.row);
                    person.proposal.basic = Some(values);
                }
                Some(i) => {
                    if let Some(first) = seen.get(&(at, values.clone())) {
                        let first = *first;
                        person.problems.push(problem(
                            0,
                            msg!("与第 {first} 行完全相同", "the same as row {first}"),
                        ));
                        continue;
                    }
                    seen.insert((at, values.clone()), rec.row);
                    person.proposal.lists[i]
                        .get_or_insert_with(Vec::new)
                        .push(values);
                }
            }
        }
        out.headers.push((section, headers));
    }
    for person in &mut out.people {
        for (i, list) in person.proposal.lists.iter_mut().enumerate() {
            if let Some(rows) = list {
                sort_rows(LISTS[i], rows);
            }
        }
    }
    Ok(out)
}

/// Orders a list's rows by their (first) date, keeping the file's order
/// among rows of the same date: résumés read in time order.
pub fn sort_rows(section: Section, rows: &mut [Values]) {
    let (date, _) = section.dates();
    rows.sort_by(|a, b| a[date].cmp(&b[date]));
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_compare_as_days_or_months() {
        assert!(after("2030-01", "2026-11-26"));
        assert!(!after("2026-11", "2026-11-26"));
        assert!(after("2026-11-27", "2026-11-26"));
        assert!(!after("2019", "2026-11-26"));
    }
}
