//! The checks of a credit record's fields, the same for an imported row
//! and an edit: what makes a project number, credits, dates, form,
//! organiser, year, subject, remark and image acceptable.

use chrono::{Datelike, NaiveDate};

use super::{
    CREDITS, END, FORM, IMAGE, ORGANIZER, PROJECT_NAME, PROJECT_NO, REMARK, START, SUBJECT, TYPE,
    YEAR,
};
use crate::i18n::Msg;
use crate::msg;
use crate::rules::credit::{CreditType, check_project_credits, float_tenths, parse_tenths};
use crate::rules::subject::Subjects;
use crate::sheet::Cell;

/// The fields of a record that passed their checks, as stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Fields {
    pub project_no: String,
    pub project_name: String,
    pub credits: i64,
    pub kind: CreditType,
    pub start: NaiveDate,
    pub end: NaiveDate,
    pub form: String,
    pub organizer: String,
    pub year: i32,
    pub subject: String,
    pub remark: Option<String>,
    /// 上传图片: the absolute path of a JPEG file.
    pub image: Option<String>,
}

/// What the checks of a record's fields are made against.
#[derive(Debug, Clone, Copy)]
pub struct FieldChecks<'a> {
    /// The list 学科分类 must come from.
    pub subjects: &'a Subjects,
    /// The folder an 上传图片 path is relative to (the workbook's); None:
    /// the path is taken as given (an edit's, already made absolute).
    pub folder: Option<&'a std::path::Path>,
}

/// Longest project number, and longest of the other texts, in characters.
const PROJECT_NO_MAX: usize = 50;
const TEXT_MAX: usize = 200;

fn text_field(
    cell: &Cell,
    col: usize,
    label: &str,
    max: usize,
    errors: &mut Vec<(usize, Msg)>,
) -> Option<String> {
    let t = cell.text();
    if t.is_empty() {
        errors.push((col, msg!("{label}为空", "{label} is empty")));
        return None;
    }
    if t.chars().any(char::is_control) {
        errors.push((
            col,
            msg!("{label}含控制字符", "{label} contains control characters"),
        ));
        return None;
    }
    let n = t.chars().count();
    if n > max {
        errors.push((
            col,
            msg!(
                "{label}过长({n} 个字符,最多 {max})",
                "{label} is too long ({n} characters, at most {max})"
            ),
        ));
        return None;
    }
    Some(t.into_owned())
}

/// Checks the record fields of a row (everything but the member), every
/// problem reported. `get` gives the cell of a template column.
pub fn check_fields<'a>(
    get: &dyn Fn(usize) -> &'a Cell,
    checks: &FieldChecks<'_>,
    today: NaiveDate,
    errors: &mut Vec<(usize, Msg)>,
) -> Option<Fields> {
    let project_no = text_field(
        get(PROJECT_NO),
        PROJECT_NO,
        "项目编号",
        PROJECT_NO_MAX,
        errors,
    );
    let project_name = text_field(
        get(PROJECT_NAME),
        PROJECT_NAME,
        "项目名称",
        TEXT_MAX,
        errors,
    );
    let cell = get(CREDITS);
    let shown = cell.display();
    let credits = if cell.is_blank() {
        errors.push((CREDITS, msg!("学分为空", "the credits are empty")));
        None
    } else {
        let tenths = match cell {
            Cell::Int(i) => Some(i.saturating_mul(10)),
            Cell::Float(f) => float_tenths(*f),
            c => parse_tenths(&c.text()),
        };
        check_project_credits(tenths, &shown)
            .map_err(|m| errors.push((CREDITS, m)))
            .ok()
    };
    let type_cell = get(TYPE);
    let kind = CreditType::parse(&type_cell.text()).or_else(|| {
        let shown = type_cell.display();
        let all = crate::rules::credit::CREDIT_TYPES.join("、");
        errors.push((
            TYPE,
            if type_cell.is_blank() {
                msg!(
                    "学分类型为空(可用:{all})",
                    "the credit type is empty (use one of: {all})"
                )
            } else {
                msg!(
                    "不认识的学分类型“{shown}”(可用:{all})",
                    "unknown credit type '{shown}' (use one of: {all})"
                )
            },
        ));
        None
    });
    let day = |col: usize, label: &str, errors: &mut Vec<(usize, Msg)>| -> Option<NaiveDate> {
        let cell = get(col);
        match cell.as_day() {
            Some(d) if d > today => {
                errors.push((
                    col,
                    msg!("{label} {d} 在将来", "{label} {d} is in the future"),
                ));
                None
            }
            Some(d) => Some(d),
            None if cell.is_blank() => {
                errors.push((col, msg!("{label}为空", "{label} is empty")));
                None
            }
            None => {
                let shown = cell.display();
                errors.push((
                    col,
                    msg!(
                        "{label}“{shown}”不是日期(如 2017-04-22)",
                        "{label} '{shown}' is not a date (such as 2017-04-22)"
                    ),
                ));
                None
            }
        }
    };
    let start = day(START, "开始日期", errors);
    let end = day(END, "结束日期", errors);
    let form = text_field(get(FORM), FORM, "学分获取形式", TEXT_MAX, errors);
    let organizer = text_field(get(ORGANIZER), ORGANIZER, "主办单位", TEXT_MAX, errors);
    let year_cell = get(YEAR);
    let year = match year_cell.as_year() {
        Some(y) if (1990..=today.year()).contains(&y) => Some(y),
        Some(y) => {
            errors.push((
                YEAR,
                msg!("举办年度 {y} 不合理", "the year {y} is implausible"),
            ));
            None
        }
        None => {
            let shown = year_cell.display();
            errors.push((
                YEAR,
                if year_cell.is_blank() {
                    msg!("举办年度为空", "举办年度 is empty")
                } else {
                    msg!(
                        "举办年度“{shown}”不是年份(如 2017)",
                        "举办年度 '{shown}' is not a year (such as 2017)"
                    )
                },
            ));
            None
        }
    };
    if let (Some(s), Some(e)) = (start, end)
        && e < s
    {
        errors.push((
            END,
            msg!(
                "结束日期 {e} 早于开始日期 {s}",
                "the end date {e} is before the start date {s}"
            ),
        ));
    }
    if let Some(y) = year {
        for (col, label, d) in [(START, "开始日期", start), (END, "结束日期", end)] {
            if let Some(d) = d.filter(|d| d.year() != y) {
                errors.push((
                    col,
                    msg!(
                        "{label} {d} 不在举办年度 {y} 内",
                        "{label} {d} is not within the year {y}"
                    ),
                ));
            }
        }
    }
    // Two levels, from the platform's list (docs/domain.md#subjects).
    let subject = text_field(get(SUBJECT), SUBJECT, "学科分类", TEXT_MAX, errors).and_then(|s| {
        checks
            .subjects
            .check(&s)
            .map_err(|m| errors.push((SUBJECT, m)))
            .ok()
    });
    let image_cell = get(IMAGE);
    let image = if image_cell.is_blank() {
        None
    } else {
        let typed = image_cell.text();
        let path = match checks.folder {
            Some(folder) => crate::profile::photo::resolve(folder, &typed),
            None => Ok(std::path::PathBuf::from(typed.as_ref())),
        };
        match path {
            Err(m) => {
                errors.push((IMAGE, m));
                None
            }
            Ok(p) => match crate::profile::photo::problem(&p, &crate::rules::photo::ATTACHMENT) {
                Some(m) => {
                    errors.push((IMAGE, m));
                    None
                }
                None => Some(p.to_string_lossy().into_owned()),
            },
        }
    };
    let remark_cell = get(REMARK);
    let remark = if remark_cell.is_blank() {
        None
    } else {
        text_field(remark_cell, REMARK, "备注", 500, errors)
    };
    if !errors.is_empty() {
        return None;
    }
    Some(Fields {
        project_no: project_no?,
        project_name: project_name?,
        credits: credits?,
        kind: kind?,
        start: start?,
        end: end?,
        form: form?,
        organizer: organizer?,
        year: year?,
        subject: subject?,
        remark,
        image,
    })
}
