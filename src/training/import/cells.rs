//! The cells both templates share, read and checked: dates, years,
//! specialties, personnel types, and a span that fits its year.

use chrono::{Datelike, NaiveDate};

use crate::error::Result;
use crate::i18n::Msg;
use crate::msg;
use crate::sheet::Cell;
use crate::training::PersonType;

// Columns of the 培训信息 template (layout::TRAINING_LAYOUT).
// Columns of 附件1 (layout::COMPLETION_LAYOUT).

pub(super) fn day_of(cell: &Cell, field: &str) -> Result<Option<NaiveDate>, Msg> {
    if cell.is_blank() {
        return Ok(None);
    }
    cell.as_day().map(Some).ok_or_else(|| {
        let shown = cell.display();
        msg!(
            "{field}“{shown}”不是日期(如 2019-09-01)",
            "{field} '{shown}' is not a date (such as 2019-09-01)"
        )
    })
}

pub(super) fn years_of(cell: &Cell) -> Result<Option<i32>, Msg> {
    if cell.is_blank() {
        return Ok(None);
    }
    let t = cell.text();
    let n = t.trim_end_matches('年').trim().parse::<f64>().ok();
    match n {
        Some(n) if n.fract() == 0.0 && (1.0..=3.0).contains(&n) => Ok(Some(n as i32)),
        _ => Err(msg!(
            "核定培训年限应为 1、2 或 3,而不是“{t}”",
            "核定培训年限 must be 1, 2 or 3, not '{t}'"
        )),
    }
}

/// 培训专业 from the code list of specialties (close variants understood);
/// anything else, a formula included, is refused rather than stored.
pub(super) fn specialty_of(cell: &Cell) -> Result<Option<String>, Msg> {
    if cell.is_blank() {
        return Ok(None);
    }
    crate::rules::specialty::find(&cell.text())
        .map(|s| Some(s.to_owned()))
        .ok_or_else(|| {
            let shown = cell.display();
            msg!(
                "不认识的培训专业“{shown}”(见 meded template training 的下拉列表)",
                "unknown specialty '{shown}' (the dropdown of meded template training lists them)"
            )
        })
}

pub(super) fn person_type_of(cell: &Cell) -> Result<Option<PersonType>, Msg> {
    if cell.is_blank() {
        return Ok(None);
    }
    PersonType::parse(&cell.text()).map(Some).ok_or_else(|| {
        let shown = cell.display();
        let all: Vec<&str> = PersonType::ALL.iter().map(|t| t.label()).collect();
        let all = all.join("、");
        msg!(
            "不认识的人员类型“{shown}”(可用:{all})",
            "unknown person type '{shown}' (use one of: {all})"
        )
    })
}

/// Start and end dates that make sense for a recruitment year.
pub(super) fn check_span(
    start: Option<NaiveDate>,
    end: Option<NaiveDate>,
    recruit_year: i32,
    problems: &mut Vec<(usize, Msg)>,
    (start_col, end_col): (usize, usize),
) {
    if let Some(s) = start
        && (s.year() < recruit_year - 1 || s.year() > recruit_year + 1)
    {
        problems.push((
            start_col,
            msg!(
                "培训开始时间 {s} 与招收年份 {recruit_year} 不符",
                "the start date {s} does not fit the recruitment year {recruit_year}"
            ),
        ));
    }
    if let (Some(s), Some(e)) = (start, end)
        && e <= s
    {
        problems.push((
            end_col,
            msg!(
                "培训结束时间 {e} 不晚于开始时间 {s}",
                "the end date {e} is not after the start date {s}"
            ),
        ));
    }
}
