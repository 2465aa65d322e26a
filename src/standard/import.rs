//! `credit-standard import`: a province's credit-standard table (template
//! 学分标准), checked row by row and as a whole.
//!
//! Whose table it is: the 省份 column, else `--province`; a row naming
//! another province than `--province` is refused. A table that says
//! neither is taken for Sichuan's only when its codes are Sichuan's
//! (SCJA…); any other is refused with the hint to add `--province`.
//!
//! A table is all or nothing: a version with a gap (a region level × title
//! level combination no standard covers) or an overlap (two standards for
//! one combination) would leave members with no standard or two, so any
//! problem refuses the whole file and nothing is written.

use std::collections::{BTreeMap, HashMap};
use std::path::Path;

use crate::db::sql::{Connection, params};
use chrono::Datelike;

use super::{ALL_LEVELS, Standard};
use crate::error::{Error, Result};
use crate::history::{Change, Item, Who};
use crate::i18n::Msg;
use crate::import::{Check, Flags, Import, ImportReport, OneSheet, Source, Written, record_check};
use crate::msg;
use crate::org::RegionLevel;
use crate::rules::codes::Province;
use crate::rules::credit::{Credits, float_tenths, parse_tenths};
use crate::rules::text::normalize;
use crate::rules::title::TitleLevel;
use crate::sheet::{Cell, Column, Layout, Record, Workbook};

/// The code prefix of the Sichuan table: a table without a province whose
/// codes all have it is Sichuan's.
const SICHUAN_CODES: &str = "SCJA";

crate::sheet::layout! {
    /// The 学分标准 template, with the optional 省份 after the columns of the
    /// national list.
    pub const STANDARD_LAYOUT = sheet "学分标准", positions col {
        CODE: Column::required("编号", &["code", "学分标准编号", "标准编号", "执行标准"]),
        NAME: Column::required("名称", &["name", "学分标准", "标准名称"]),
        REGION: Column::required("区域等级", &["region level", "机构所属区域等级", "区域"]),
        TITLE: Column::required("职称等级", &["title level", "职称级别"]),
        NATIONAL: Column::required(
            "国家级I类学分",
            &[
                "national class i",
                "国家级I类",
                "国家级一类",
                "国家一类",
                "国家级",
            ],
        ),
        YEARS: Column::required(
            "国家级周期年数",
            &["national years", "国家级周期", "周期年数", "国家级年数"],
        ),
        CLASS_1: Column::required(
            "省级I类学分",
            &["class i", "省级I类", "省I类", "省级一类", "省I类学分"],
        ),
        CLASS_2: Column::required(
            "II类学分",
            &["class ii", "II类", "省级二类", "省级II类", "省II类"],
        ),
        TOTAL: Column::required("总学分", &["total", "总分"]),
        FROM_YEAR: Column::required("起始年度", &["from year", "起始年份", "执行年度", "年度"]),
        PROVINCE: Column::optional("省份", &["province", "所属省份", "省份代码", "省"]),
    }
}

/// The largest yearly or window requirement a table may state.
const MAX_CREDITS: i64 = 1000;

/// What `credit-standard import` is asked to do, besides the flags every
/// import takes (`--update` replaces versions that exist with other
/// contents, refused while members are assigned standards of that version).
#[derive(Debug, Clone, Default)]
pub struct ImportOptions {
    pub today: chrono::NaiveDate,
    /// `--province`: whose table it is (GB/T 2260 code), for rows whose
    /// 省份 is blank.
    pub province: Option<String>,
}

/// A province as `--province` gives it, as its GB/T 2260 code.
pub fn parse_province(raw: &str) -> Result<String> {
    Ok(crate::org::parse_province(Some(raw))?.unwrap_or_default())
}

/// One row that passed its own checks.
pub struct Row {
    row: u32,
    /// The row as it was, for the errors file should the table refuse it.
    cells: Vec<Cell>,
    standard: Standard,
}

fn credits(rec: &Record, col: usize, label: &str, errors: &mut Vec<(usize, Msg)>) -> Option<i64> {
    let cell = rec.get(col);
    let shown = cell.display();
    let tenths = match cell {
        Cell::Int(i) => Some(i.saturating_mul(10)),
        Cell::Float(f) => float_tenths(*f),
        c if c.is_blank() => {
            errors.push((col, msg!("{label}为空", "{label} is empty")));
            return None;
        }
        c => parse_tenths(&c.text()),
    };
    match tenths {
        Some(t) if (0..=MAX_CREDITS).contains(&t) => Some(t),
        Some(_) => {
            errors.push((
                col,
                msg!(
                    "{label} {shown} 应在 0 到 100 之间",
                    "{label} {shown} must be between 0 and 100"
                ),
            ));
            None
        }
        None => {
            errors.push((
                col,
                msg!(
                    "{label}“{shown}”不是数字(最多一位小数)",
                    "{label} '{shown}' is not a number with at most one decimal"
                ),
            ));
            None
        }
    }
}

fn is_all(s: &str) -> bool {
    matches!(s, "全部" | "不限" | "所有" | "all" | "*")
}

/// The province a row belongs to: its 省份, else `--province`, else 四川
/// for a Sichuan code; empty when nothing says (judged for the whole file
/// in `finish`).
fn row_province(
    rec: &Record,
    code: &str,
    given: Option<&str>,
    errors: &mut Vec<(usize, Msg)>,
) -> Option<String> {
    let typed = normalize(&rec.get(col::PROVINCE).text()).into_owned();
    if typed.is_empty() {
        return Some(match given {
            Some(p) => p.to_owned(),
            None if code.starts_with(SICHUAN_CODES) => super::SICHUAN.to_owned(),
            None => String::new(),
        });
    }
    let Some(found) = Province::find(&typed) else {
        errors.push((
            col::PROVINCE,
            msg!(
                "不认识的省份“{typed}”:请用简称、全称或两位代码",
                "unknown province '{typed}': use its short name, full name or two-digit code"
            ),
        ));
        return None;
    };
    match given {
        Some(p) if p != found.code => {
            let (row, flag) = (found.short, super::province_name(p));
            errors.push((
                col::PROVINCE,
                msg!(
                    "省份 {row} 与 --province {flag} 不一致",
                    "the province {row} differs from --province {flag}"
                ),
            ));
            None
        }
        _ => Some(found.code.to_owned()),
    }
}

fn check_row(
    rec: &Record,
    today: chrono::NaiveDate,
    province: Option<&str>,
    errors: &mut Vec<(usize, Msg)>,
) -> Option<Row> {
    let text = |col: usize| normalize(&rec.get(col).text()).into_owned();
    let code = text(col::CODE);
    let province = row_province(rec, &code, province, errors);
    if code.is_empty() {
        errors.push((col::CODE, msg!("编号为空", "the code is empty")));
    } else if code.chars().count() > 32 || code.chars().any(char::is_whitespace) {
        errors.push((
            col::CODE,
            msg!(
                "编号“{code}”无效:应为 1–32 个字符,不含空格",
                "invalid code '{code}': 1–32 characters without blanks"
            ),
        ));
    }
    let name = text(col::NAME);
    if name.is_empty() {
        errors.push((col::NAME, msg!("名称为空", "the name is empty")));
    }
    let region_text = text(col::REGION);
    let region = if is_all(&region_text) {
        Some(None)
    } else {
        match RegionLevel::parse(&region_text) {
            Some(r) => Some(Some(r)),
            None => {
                let all = super::REGION_LEVELS.join("、");
                errors.push((
                    col::REGION,
                    msg!(
                        "不认识的区域等级“{region_text}”(可用:{all}、{ALL_LEVELS})",
                        "unknown region level '{region_text}' (use one of: {all}, {ALL_LEVELS})"
                    ),
                ));
                None
            }
        }
    };
    let title_text = text(col::TITLE);
    let title = if is_all(&title_text) {
        Some(None)
    } else {
        match TitleLevel::parse(&title_text) {
            Some(t) => Some(Some(t)),
            None => {
                let all = crate::rules::title::TITLE_LEVELS.join("、");
                errors.push((
                    col::TITLE,
                    msg!(
                        "不认识的职称等级“{title_text}”(可用:{all}、{ALL_LEVELS})",
                        "unknown title level '{title_text}' (use one of: {all}, {ALL_LEVELS})"
                    ),
                ));
                None
            }
        }
    };
    let national = credits(rec, col::NATIONAL, "国家级I类学分", errors);
    let class_1 = credits(rec, col::CLASS_1, "省级I类学分", errors);
    let class_2 = credits(rec, col::CLASS_2, "II类学分", errors);
    let total = credits(rec, col::TOTAL, "总学分", errors);
    let years_cell = rec.get(col::YEARS);
    let years = match years_cell {
        Cell::Int(i) => Some(*i),
        Cell::Float(f) if f.fract() == 0.0 => Some(*f as i64),
        c => c.text().trim_end_matches('年').trim().parse::<i64>().ok(),
    };
    let years = match years {
        Some(y) if (1..=10).contains(&y) => Some(y as i32),
        _ => {
            let shown = years_cell.display();
            errors.push((
                col::YEARS,
                msg!(
                    "国家级周期年数应为 1 到 10 的整数,而不是“{shown}”",
                    "国家级周期年数 must be a whole number from 1 to 10, not '{shown}'"
                ),
            ));
            None
        }
    };
    let year_cell = rec.get(col::FROM_YEAR);
    let from_year = match year_cell.as_year() {
        Some(y) if (1990..=today.year() + 1).contains(&y) => Some(y),
        _ => {
            let shown = year_cell.display();
            errors.push((
                col::FROM_YEAR,
                msg!(
                    "起始年度“{shown}”不是合理的年份",
                    "起始年度 '{shown}' is not a plausible year"
                ),
            ));
            None
        }
    };
    if let (Some(c1), Some(c2), Some(t)) = (class_1, class_2, total)
        && t < c1 + c2
    {
        let (t, sum) = (Credits(t), Credits(c1 + c2));
        errors.push((
            col::TOTAL,
            msg!(
                "总学分 {t} 小于省级I类与II类学分之和 {sum}",
                "总学分 {t} is less than 省级I类 plus II类 ({sum})"
            ),
        ));
    }
    if !errors.is_empty() {
        return None;
    }
    Some(Row {
        row: rec.row,
        cells: Vec::new(),
        standard: Standard {
            id: 0,
            province: province?,
            code,
            name,
            region_level: region?,
            title_level: title?,
            national_1: Credits(national?),
            national_years: years?,
            class_1: Credits(class_1?),
            class_2: Credits(class_2?),
            total: Credits(total?),
            from_year: from_year?,
        },
    })
}

/// The combinations a standard covers (无职称 only when named or "all").
fn combos(s: &Standard) -> Vec<(RegionLevel, TitleLevel)> {
    let mut out = Vec::new();
    for r in RegionLevel::ALL {
        for t in TitleLevel::ALL {
            if s.covers(r, t) {
                out.push((r, t));
            }
        }
    }
    out
}

/// Checks one version's rows together: codes unique, no combination
/// covered twice, every required combination covered. Problems are
/// attributed to rows (a gap to the version's first row).
fn check_version(
    rows: &[&Row],
    complete: bool,
    headers: &[String],
    problems: &mut BTreeMap<u32, Vec<(String, Msg)>>,
) {
    let year = rows[0].standard.from_year;
    let name = super::province_name(&rows[0].standard.province);
    let mut codes: HashMap<&str, u32> = HashMap::new();
    let mut covered: HashMap<(RegionLevel, TitleLevel), (u32, &str)> = HashMap::new();
    for r in rows {
        let s = &r.standard;
        if let Some(first) = codes.insert(&s.code, r.row) {
            codes.insert(&s.code, first);
            let code = &s.code;
            problems.entry(r.row).or_default().push((
                headers[col::CODE].clone(),
                msg!(
                    "起始年度 {year} 中编号 {code} 与第 {first} 行重复",
                    "the code {code} appears twice in the standards of {year} (also row {first})"
                ),
            ));
        }
        for combo in combos(s) {
            if let Some(&(first, code)) = covered.get(&combo) {
                let (rl, tl) = (combo.0.label(), combo.1.label());
                problems.entry(r.row).or_default().push((
                    headers[col::REGION].clone(),
                    msg!(
                        "与第 {first} 行的 {code} 重叠:起始年度 {year} 中 {rl} × {tl} 有两个标准",
                        "overlaps {code} of row {first}: two standards for {rl} × {tl} from {year}"
                    ),
                ));
                break;
            }
            covered.insert(combo, (r.row, &s.code));
        }
    }
    if !complete {
        // Refused rows leave gaps of their own: naming them would only
        // repeat the rows' problems.
        return;
    }
    let mut gaps = Vec::new();
    for r in RegionLevel::ALL {
        for t in TitleLevel::REQUIRED {
            if !covered.contains_key(&(r, t)) {
                gaps.push(format!("{} × {}", r.label(), t.label()));
            }
        }
    }
    if !gaps.is_empty() {
        let gaps = gaps.join("、");
        problems.entry(rows[0].row).or_default().push((
            headers[col::REGION].clone(),
            msg!(
                "{name}起始年度 {year} 的标准不完整,缺少:{gaps}",
                "the standards of {name} from {year} leave gaps: no standard for {gaps}"
            ),
        ));
    }
}

/// The database side of a standard import: rows are held until the
/// whole table has been read, then judged and written by version.
pub struct StandardWriter<'t> {
    tx: &'t Connection,
    change: Change,
    update: bool,
    rows: Vec<Row>,
}

impl crate::import::Writer for StandardWriter<'_> {
    type Row = Row;
    type Done = ();

    fn write(&mut self, row: Row) -> Result<Written> {
        self.rows.push(row);
        Ok(Written::Held)
    }

    fn finish(&mut self, report: &mut ImportReport, headers: &[String]) -> Result<()> {
        let tx = self.tx;
        if self.rows.iter().any(|r| r.standard.province.is_empty()) {
            return Err(Error::Usage(msg!(
                "学分标准表没有说明属于哪个省:请加 --province(如 --province 35)或填写“省份”列;只有四川的 SCJA 编号才默认属于四川",
                "the table does not say which province it belongs to: add --province (e.g. --province 35) or a 省份 column; only Sichuan's SCJA codes are taken for 四川 without one"
            )));
        }
        let mut problems: BTreeMap<u32, Vec<(String, Msg)>> = BTreeMap::new();
        // A version is a province's table from a year.
        let mut versions: BTreeMap<(String, i32), Vec<&Row>> = BTreeMap::new();
        for r in &self.rows {
            let key = (r.standard.province.clone(), r.standard.from_year);
            versions.entry(key).or_default().push(r);
        }
        let rows_refused = report.rejected > 0;
        for rows in versions.values() {
            check_version(rows, !rows_refused, headers, &mut problems);
        }
        // Versions already in the database: the same table again is
        // skipped; another one needs --update, and never while members use it.
        let mut to_write: Vec<(String, i32)> = Vec::new();
        for ((province, year), rows) in &versions {
            let year = *year;
            let existing = super::list(tx, Some(province), None)?
                .into_iter()
                .filter(|s| s.from_year == year)
                .collect::<Vec<_>>();
            if existing.is_empty() {
                to_write.push((province.clone(), year));
                continue;
            }
            let mut new: Vec<&Standard> = rows.iter().map(|r| &r.standard).collect();
            let mut old: Vec<&Standard> = existing.iter().collect();
            new.sort_by(|a, b| a.code.cmp(&b.code));
            old.sort_by(|a, b| a.code.cmp(&b.code));
            let same = new.len() == old.len()
                && new.iter().zip(&old).all(|(a, b)| {
                    Standard {
                        id: 0,
                        ..(*b).clone()
                    } == **a
                });
            if same {
                report.skipped += rows.len() as u64;
                continue;
            }
            let codes: Vec<&str> = old.iter().map(|s| s.code.as_str()).collect();
            let codes = codes.join(", ");
            let in_use: i64 = tx.query_row(
                "SELECT count(*) FROM member_standard m JOIN credit_standard s ON s.id = m.standard_id
                 WHERE s.province = ?1 AND s.from_year = ?2",
                params![province, year],
                |r| r.get(0),
            )?;
            let name = super::province_name(province);
            let refusal = if !self.update {
                Some(msg!(
                    "{name}起始年度 {year} 的标准已存在({codes})且内容不同;如要替换,请加 --update(或 --replace)",
                    "standards of {name} from {year} exist already ({codes}) with other contents; add --update (or --replace) to replace them"
                ))
            } else if in_use > 0 {
                Some(msg!(
                    "{name}起始年度 {year} 的标准({codes})已分配给 {in_use} 人次,不能替换;请改用新的起始年度",
                    "the standards of {name} from {year} ({codes}) are assigned to members {in_use} times and cannot be replaced; use a new 起始年度"
                ))
            } else {
                None
            };
            match refusal {
                Some(m) => problems
                    .entry(rows[0].row)
                    .or_default()
                    .push((headers[col::FROM_YEAR].clone(), m)),
                None => to_write.push((province.clone(), year)),
            }
        }
        let by_row: HashMap<u32, &Row> = self.rows.iter().map(|r| (r.row, r)).collect();
        for (row, list) in problems {
            let cells = by_row
                .get(&row)
                .map(|r| r.cells.clone())
                .unwrap_or_default();
            report.reject(None, row, cells, list);
        }
        report.refused.sort_by_key(|r| r.row);
        report.errors.sort_by_key(|e| e.row);
        // All or nothing: a refused row leaves its version with a gap.
        if report.rejected > 0 {
            return Ok(());
        }
        for key in &to_write {
            let (province, year) = (&key.0, key.1);
            let subject = format!("credit_standard:{province}:{year}");
            let old = tx.execute(
                "DELETE FROM credit_standard WHERE province = ?1 AND from_year = ?2",
                params![province, year],
            )?;
            if old > 0 {
                self.change.log(
                    tx,
                    &Item {
                        subject: &subject,
                        entity: "credit_standard",
                        action: "delete",
                        note: Some(&format!("replaced {old} standards from {year}")),
                        ..Item::default()
                    },
                )?;
            }
            for r in &versions[key] {
                let s = &r.standard;
                tx.execute(
                    "INSERT INTO credit_standard (province, code, name, region_level, title_level,
                         national_1, national_years, class_1, class_2, total, from_year,
                         created_change)
                     VALUES (?12, ?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)",
                    params![
                        s.code,
                        s.name,
                        s.region_level.map(RegionLevel::label),
                        s.title_level.map(TitleLevel::label),
                        s.national_1.0,
                        s.national_years,
                        s.class_1.0,
                        s.class_2.0,
                        s.total.0,
                        s.from_year,
                        self.change.id,
                        province
                    ],
                )?;
                self.change.log(
                    tx,
                    &Item {
                        subject: &subject,
                        entity: "credit_standard",
                        action: "create",
                        field: Some(&s.code),
                        after: Some(&s.name),
                        ..Item::default()
                    },
                )?;
                report.imported += 1;
            }
        }
        Ok(())
    }
}

/// `credit-standard import` on the import skeleton.
pub struct StandardImport {
    opts: ImportOptions,
}

impl Import for StandardImport {
    type Input = Record;
    type Row = Row;
    type Done = ();
    type Writer<'t> = StandardWriter<'t>;

    fn open(
        &mut self,
        book: &Workbook,
        flags: &Flags,
        _progress: &(dyn Fn(u64, u64) + Sync),
    ) -> Result<Source<Record>> {
        self.records(book, flags)
    }

    fn all_or_nothing(&self) -> bool {
        true
    }

    fn begin<'t>(
        &'t self,
        tx: &'t Connection,
        change: Change,
        flags: &Flags,
    ) -> Result<(Check<Record, Row>, StandardWriter<'t>)> {
        let today = self.opts.today;
        let province = self.opts.province.clone();
        let keep = flags.errors.is_some();
        let check = record_check(move |rec: &Record, problems: &mut Vec<(usize, Msg)>| {
            let mut row = check_row(rec, today, province.as_deref(), problems)?;
            if keep {
                row.cells = rec.cells.clone();
            }
            Some(row)
        });
        let writer = StandardWriter {
            tx,
            change,
            update: flags.update,
            rows: Vec::new(),
        };
        Ok((check, writer))
    }
}

impl OneSheet for StandardImport {
    fn layout(&self) -> &'static Layout {
        &STANDARD_LAYOUT
    }
}

/// The row check alone, on rows made up by the caller (cells in the order
/// of [`STANDARD_LAYOUT`]), nothing written: for the fuzz targets and tests
/// (docs/reliability.md).
#[doc(hidden)]
pub fn check_rows(
    conn: &mut Connection,
    opts: &ImportOptions,
    rows: Vec<Vec<crate::sheet::Cell>>,
) -> Result<Vec<crate::import::probe::Verdict>> {
    let importer = StandardImport { opts: opts.clone() };
    crate::import::probe::rows(conn, &importer, rows)
}

/// Imports a standard table, whole or not at all.
pub fn import(
    conn: &mut Connection,
    path: &Path,
    opts: &ImportOptions,
    flags: &Flags,
    who: &Who,
) -> Result<ImportReport> {
    let mut importer = StandardImport { opts: opts.clone() };
    let (report, ()) = crate::import::run(
        conn,
        path,
        flags,
        who,
        &mut importer,
        &|_, _| {},
        &mut |_, _| Ok(()),
    )?;
    Ok(report)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_huge_whole_number_of_credits_is_out_of_range() {
        let mut cells = vec![Cell::Empty; STANDARD_LAYOUT.columns.len()];
        cells[col::TOTAL] = Cell::Int(i64::MAX);
        let rec = Record::in_layout_order(&STANDARD_LAYOUT, 2, cells);
        let mut errors = Vec::new();
        assert_eq!(credits(&rec, col::TOTAL, "总学分", &mut errors), None);
        assert!(errors[0].1.en.contains("must be between 0 and 100"));
    }
}
