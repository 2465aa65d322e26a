//! Reading a profile workbook: the sheets 基本信息, 学习经历
//! (one row per person and level), 工作信息 (one row per job; the sheet
//! may be left out) and 证书信息, keyed by 证件号码, into one [`Profile`]
//! per person. `profile import` and `profile validate --file`
//! both read through here, so a workbook means the same to both.

use std::collections::HashMap;
use std::path::Path;

use chrono::NaiveDate;

use super::fields::{Kind, LEVEL_COLUMN, Section, W_EMPLOYER, W_END, W_START};
use super::model::{Education, Profile, Tab, Value, level_rank, read_cell, sort_jobs};
use super::photo;
use crate::error::{Error, Result};
use crate::i18n::Msg;
use crate::msg;
use crate::rules::codes::EDUCATION_LEVEL;
use crate::rules::id::{self, IdProblem, IdType};
use crate::rules::text::identifier;
use crate::sheet::{Format, Record, Workbook};

/// A row that cannot be taken as it is: no key, a second row for the same
/// person (and level, or job), an unknown 学历层次.
#[derive(Debug, Clone)]
pub struct RowProblem {
    pub section: Section,
    pub level: Option<&'static str>,
    pub row: u32,
    /// The label of the field or key column concerned.
    pub field: &'static str,
    /// The header as written in the file.
    pub column: String,
    pub message: Msg,
}

/// One person's rows.
#[derive(Debug, Clone, Default)]
pub struct SheetPerson {
    pub profile: Profile,
    pub problems: Vec<RowProblem>,
    /// The first row that names the person: (sheet, row).
    pub first: Option<(Section, u32)>,
}

/// A profile workbook, read.
#[derive(Debug, Clone, Default)]
pub struct ProfileBook {
    /// In the order they first appear.
    pub people: Vec<SheetPerson>,
    /// Rows that belong to nobody (no usable 证件号码).
    pub unattached: Vec<RowProblem>,
    pub unknown_columns: Vec<(Section, Vec<String>)>,
    pub missing_columns: Vec<(Section, Vec<&'static str>)>,
    /// The headers as written, by sheet and layout column.
    pub headers: Vec<(Section, Vec<String>)>,
    /// Whether the workbook has the sheet 工作信息: without it, nobody's
    /// jobs are given (and an import leaves them as stored).
    pub has_work: bool,
}

impl ProfileBook {
    /// The header of a layout column of a sheet, as written in the file.
    pub fn header(&self, section: Section, col: usize) -> String {
        self.headers
            .iter()
            .find(|(s, _)| *s == section)
            .and_then(|(_, h)| h.get(col).cloned())
            .unwrap_or_default()
    }
}

/// Reads the cells of a tab from a record whose fields start at `keys`.
fn read_tab(section: Section, rec: &Record, folder: &Path) -> Tab {
    let keys = section.keys();
    let values = section
        .fields()
        .iter()
        .enumerate()
        .map(|(i, f)| {
            let v = read_cell(f.kind, rec.get(keys + i));
            match (f.kind, v) {
                (Kind::Photo(_), Value::Ok(typed)) => match photo::resolve(folder, &typed) {
                    Ok(p) => Value::Ok(p.to_string_lossy().into_owned()),
                    Err(_) => Value::Raw(typed),
                },
                (_, v) => v,
            }
        })
        .collect();
    Tab {
        values,
        row: Some(rec.row),
    }
}

/// What people write for a job's end when they hold it still: read as a
/// blank 结束时间.
const TO_THIS_DAY: [&str; 7] = ["至今", "今", "现在", "目前", "在职", "now", "present"];

/// A 工作信息 row: its tab, or None when it names no job (only the key
/// and the name: the person has none).
fn read_job(rec: &Record, folder: &Path) -> Option<Tab> {
    let mut tab = read_tab(Section::Work, rec, folder);
    if let Value::Raw(s) = &tab.values[W_END]
        && TO_THIS_DAY.contains(&s.to_lowercase().as_str())
    {
        tab.values[W_END] = Value::Blank;
    }
    let blank = (0..tab.values.len()).all(|i| rec.get(Section::Work.keys() + i).is_blank());
    (!blank).then_some(tab)
}

/// Reads a profile workbook. `progress` gets (done, total) of the sheet
/// being read.
pub fn read(
    path: &Path,
    today: NaiveDate,
    progress: &(dyn Fn(u64, u64) + Sync),
) -> Result<ProfileBook> {
    let book = Workbook::open(path)?;
    let p = path.display();
    if book.format() == Format::Csv {
        return Err(Error::Input(msg!(
            "{p} 是 CSV 文件,只能有一个工作表;个人信息工作簿需要 基本信息、学习经历、证书信息 三个工作表,工作信息 可有可无(用 meded template profile 生成模板)",
            "{p} is a CSV file, which holds one sheet; a profile workbook has the three sheets 基本信息, 学习经历 and 证书信息, and may have 工作信息 (meded template profile writes one)"
        )));
    }
    let missing: Vec<&str> = Section::ALL
        .iter()
        .filter(|s| s.required())
        .map(|s| s.label())
        .filter(|l| book.find_sheet(l).is_none())
        .collect();
    if !missing.is_empty() {
        let missing = missing.join("、");
        let has = book.sheet_names().join("、");
        return Err(Error::Input(msg!(
            "{p} 缺少工作表 {missing}(现有:{has});个人信息工作簿需要 基本信息、学习经历、证书信息 三个工作表,工作信息 可有可无",
            "{p} lacks the sheets {missing} (it has: {has}); a profile workbook has the three sheets 基本信息, 学习经历 and 证书信息, and may have 工作信息"
        )));
    }
    let folder = photo::workbook_folder(path)?;
    let mut out = ProfileBook::default();
    let mut index: HashMap<String, usize> = HashMap::new();
    for section in Section::ALL {
        if section == Section::Work {
            if book.find_sheet(section.label()).is_none() {
                continue;
            }
            out.has_work = true;
        }
        let layout = section.layout();
        let table = book.table(Some(section.label()), layout)?;
        let headers: Vec<String> = (0..layout.columns.len())
            .map(|c| table.header(c).to_owned())
            .collect();
        if !table.unknown_columns.is_empty() {
            out.unknown_columns
                .push((section, table.unknown_columns.clone()));
        }
        let keys = section.keys();
        let missing: Vec<&'static str> = section
            .fields()
            .iter()
            .enumerate()
            .filter(|(i, _)| !table.has(keys + i))
            .map(|(_, f)| f.label)
            .collect();
        if !missing.is_empty() {
            out.missing_columns.push((section, missing));
        }
        let reader = table.progress();
        for (n, rec) in table.enumerate() {
            let rec = rec?;
            if n % 1024 == 0 {
                let (done, total) = reader.get();
                progress(done, total);
            }
            let problem = |field: &'static str, col: usize, level, message| RowProblem {
                section,
                level,
                row: rec.row,
                field,
                column: headers[col].clone(),
                message,
            };
            let cell = rec.get(0);
            let shown = cell.display();
            let key = match id::check(IdType::ResidentCard, &shown, cell.is_number(), today) {
                Ok(id) => id.number,
                Err(IdProblem::Empty) => {
                    out.unattached.push(problem(
                        "证件号码",
                        0,
                        None,
                        msg!("证件号码为空", "the ID number is empty"),
                    ));
                    continue;
                }
                Err(e @ IdProblem::StoredAsNumber { .. }) => {
                    out.unattached.push(problem("证件号码", 0, None, e.msg()));
                    continue;
                }
                Err(_) => identifier(&shown),
            };
            let at = *index.entry(key.clone()).or_insert_with(|| {
                out.people.push(SheetPerson {
                    profile: Profile {
                        id_number: key.clone(),
                        ..Profile::default()
                    },
                    problems: Vec::new(),
                    first: Some((section, rec.row)),
                });
                out.people.len() - 1
            });
            let person = &mut out.people[at];
            let twice = |first: u32| {
                msg!(
                    "与第 {first} 行重复:同一人在此工作表中只能有一行",
                    "the same person as row {first}: one row per person in this sheet"
                )
            };
            match section {
                Section::Basic => match &person.profile.basic {
                    Some(first) => {
                        let first = first.row.unwrap_or(0);
                        person
                            .problems
                            .push(problem("证件号码", 0, None, twice(first)));
                    }
                    None => person.profile.basic = Some(read_tab(section, &rec, &folder)),
                },
                Section::Education => {
                    let level_cell = rec.get(LEVEL_COLUMN);
                    let Some(level) = EDUCATION_LEVEL.find(&level_cell.text()) else {
                        let shown = level_cell.text();
                        let all = EDUCATION_LEVEL.joined();
                        let m = if level_cell.is_blank() {
                            msg!(
                                "学历层次为空(应为 {all})",
                                "学历层次 is empty (it is one of {all})"
                            )
                        } else {
                            msg!(
                                "不认识的学历层次“{shown}”(应为 {all})",
                                "unknown 学历层次 '{shown}' (it is one of {all})"
                            )
                        };
                        person
                            .problems
                            .push(problem("学历层次", LEVEL_COLUMN, None, m));
                        continue;
                    };
                    if let Some(first) = person.profile.education.iter().find(|e| e.level == level)
                    {
                        let first = first.tab.row.unwrap_or(0);
                        person.problems.push(problem(
                            "学历层次",
                            LEVEL_COLUMN,
                            Some(level),
                            msg!(
                                "与第 {first} 行重复:同一人的{level}学历只能有一行",
                                "the same person and level as row {first}: one row per person and level"
                            ),
                        ));
                        continue;
                    }
                    person.profile.education.push(Education {
                        level,
                        tab: read_tab(section, &rec, &folder),
                    });
                }
                Section::Work => {
                    let Some(job) = read_job(&rec, &folder) else {
                        continue;
                    };
                    // The same job typed twice: the same 工作单位 from the
                    // same 开始时间.
                    let same = |t: &Tab| {
                        t.get(W_EMPLOYER) == job.get(W_EMPLOYER)
                            && t.get(W_START) == job.get(W_START)
                            && !job.get(W_START).is_blank()
                    };
                    if let Some(first) = person.profile.work.iter().find(|t| same(t)) {
                        let first = first.row.unwrap_or(0);
                        person.problems.push(problem(
                            "工作单位",
                            section.keys() + W_EMPLOYER,
                            None,
                            msg!(
                                "与第 {first} 行重复:同一人的同一份工作(工作单位和开始时间相同)只能有一行",
                                "the same job as row {first} (the same 工作单位 from the same 开始时间): one row per job"
                            ),
                        ));
                        continue;
                    }
                    person.profile.work.push(job);
                }
                Section::Certificate => match &person.profile.certificate {
                    Some(first) => {
                        let first = first.row.unwrap_or(0);
                        person
                            .problems
                            .push(problem("证件号码", 0, None, twice(first)));
                    }
                    None => person.profile.certificate = Some(read_tab(section, &rec, &folder)),
                },
            }
            if section != Section::Basic && person.profile.other_name.is_none() {
                let name_col = section.keys() - 1;
                let name = rec.get(name_col);
                if !name.is_blank() {
                    person.profile.other_name = Some(name.text().into_owned());
                }
            }
        }
        out.headers.push((section, headers));
    }
    for person in &mut out.people {
        person
            .profile
            .education
            .sort_by_key(|e| level_rank(e.level));
        sort_jobs(&mut person.profile.work);
    }
    Ok(out)
}
