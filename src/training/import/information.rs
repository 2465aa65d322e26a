//! The 培训信息 template: a row checked on its cells, then judged against
//! the person's record at the base.

use chrono::NaiveDate;

use crate::error::Result;
use crate::i18n::Msg;
use crate::import::{Seen, Written};
use crate::msg;
use crate::rules::text::{identifier, normalize};
use crate::sheet::Record as SheetRow;
use crate::state::State;
use crate::training::layout;
use crate::training::{PersonType, Record, Status};

// Columns of the 培训信息 template (layout::TRAINING_LAYOUT).
use layout::training_col::{
    END, ID_NUMBER, NAME, PERSON_TYPE, SPECIALTY, START, STATUS, YEAR, YEARS,
};
// Columns of 附件1 (layout::COMPLETION_LAYOUT).

use super::cells::{check_span, day_of, person_type_of, specialty_of, years_of};
use super::{Field, Set, TrainingWriter, first_time};

/// A 培训信息 row, its cells checked. Problems of its cells wait for the
/// writer: a row for a person the base does not hold is refused for that
/// alone, which is what the base needs to hear first.
pub struct TrainingLine {
    pub(super) problems: Vec<(usize, Msg)>,
    pub(super) id_number: String,
    pub(super) name: String,
    pub(super) year: i32,
    pub(super) specialty: String,
    pub(super) person_type: Option<PersonType>,
    pub(super) years: Option<i32>,
    pub(super) start: Option<NaiveDate>,
    pub(super) end: Option<NaiveDate>,
    pub(super) status: Option<Status>,
}

pub(super) fn check_training(
    line: &SheetRow,
    seen: &mut Seen,
    problems: &mut Vec<(usize, Msg)>,
) -> Option<TrainingLine> {
    let id_number = identifier(&line.get(ID_NUMBER).display());
    if id_number.is_empty() {
        problems.push((ID_NUMBER, msg!("证件号码为空", "the ID number is empty")));
        return None;
    }
    first_time(seen, &id_number, line.row, ID_NUMBER, problems);
    if !problems.is_empty() {
        return None;
    }
    let name = normalize(&line.get(NAME).display()).into_owned();
    let year = line.get(YEAR).as_year();
    if year.is_none() {
        let shown = line.get(YEAR).display();
        problems.push((
            YEAR,
            msg!(
                "招收年份“{shown}”不是年份",
                "the recruitment year '{shown}' is not a year"
            ),
        ));
    }
    let specialty = specialty_of(line.get(SPECIALTY))
        .map_err(|m| problems.push((SPECIALTY, m)))
        .ok()
        .flatten()
        .unwrap_or_default();
    let person_type = person_type_of(line.get(PERSON_TYPE))
        .map_err(|m| problems.push((PERSON_TYPE, m)))
        .ok()
        .flatten();
    let years = years_of(line.get(YEARS))
        .map_err(|m| problems.push((YEARS, m)))
        .ok()
        .flatten();
    let start = day_of(line.get(START), "培训开始时间").map_err(|m| problems.push((START, m)));
    let end = day_of(line.get(END), "培训结束时间").map_err(|m| problems.push((END, m)));
    let status = if line.get(STATUS).is_blank() {
        None
    } else {
        let parsed = Status::parse(&line.get(STATUS).text());
        if parsed.is_none() {
            problems.push((STATUS, Status::unknown(&line.get(STATUS).display())));
        }
        parsed
    };
    Some(TrainingLine {
        problems: std::mem::take(problems),
        id_number,
        name,
        year: year.unwrap_or_default(),
        specialty,
        person_type,
        years,
        start: start.ok().flatten(),
        end: end.ok().flatten(),
        status,
    })
}

impl TrainingWriter<'_> {
    pub(super) fn training_row(
        &mut self,
        line: TrainingLine,
        found: Option<Record>,
        problems: &mut Vec<(usize, Msg)>,
    ) -> Result<Option<Written>> {
        let Some(record) = found else {
            problems.push((ID_NUMBER, self.not_here(&line.id_number)?));
            return Ok(None);
        };
        let year_known = !line.problems.iter().any(|(c, _)| *c == YEAR);
        problems.extend(line.problems);
        if line.name != record.name {
            let (name, old) = (&line.name, &record.name);
            problems.push((
                NAME,
                msg!(
                    "姓名“{name}”与账号的姓名“{old}”不一致",
                    "the name '{name}' differs from the account's '{old}'"
                ),
            ));
        }
        if year_known && line.year != record.recruit_year {
            let (old, y) = (record.recruit_year, line.year);
            problems.push((
                YEAR,
                msg!(
                    "招收年份不能更改(记录为 {old},文件为 {y})",
                    "the recruitment year cannot be changed (the record has {old}, the file {y})"
                ),
            ));
        }
        // An update of a record already here is never locked: the platform's
        // 住院医师信息管理 "可随时进行更新、上报、审核"; a submitted record
        // that changes is set back to 未上报 (see `apply`).
        let required = [
            (
                SPECIALTY,
                "培训专业",
                !line.specialty.is_empty(),
                record.specialty.is_some(),
            ),
            (
                PERSON_TYPE,
                "人员类型",
                line.person_type.is_some(),
                record.person_type.is_some(),
            ),
            (
                YEARS,
                "核定培训年限",
                line.years.is_some(),
                record.approved_years.is_some(),
            ),
            (
                START,
                "培训开始时间",
                line.start.is_some(),
                record.start_date.is_some(),
            ),
            (
                END,
                "培训结束时间",
                line.end.is_some(),
                record.end_date.is_some(),
            ),
        ];
        let mut sets = Vec::new();
        let specialty = line.specialty;
        if !specialty.is_empty() {
            // While the year's new-recruit collection is open, only 招收年份
            // and 培训基地 are fixed: a wrong specialty may be corrected.
            let correctable = self.locks.new_recruits_open(record.recruit_year);
            match &record.specialty {
                Some(old) if *old != specialty && !correctable => problems.push((
                    SPECIALTY,
                    msg!(
                        "培训专业不能直接更改(记录为“{old}”):换专业须由本基地先将其培训状态改为退培,再重新导入",
                        "the specialty cannot be changed here (the record has '{old}'): a change of specialty is a transfer — set 退培, then import the person again"
                    ),
                )),
                _ => sets.push(Set {
                    field: Field::Specialty,
                    value: specialty,
                }),
            }
        }
        if let Some(t) = line.person_type {
            sets.push(Set {
                field: Field::PersonType,
                value: t.label().to_owned(),
            });
        }
        if let Some(y) = line.years {
            sets.push(Set {
                field: Field::ApprovedYears,
                value: y.to_string(),
            });
        }
        let (start, end) = (line.start, line.end);
        let known_start = start.or(record
            .start_date
            .as_deref()
            .and_then(crate::rules::date::parse_day));
        let known_end = end.or(record
            .end_date
            .as_deref()
            .and_then(crate::rules::date::parse_day));
        check_span(
            known_start,
            known_end,
            record.recruit_year,
            problems,
            (START, END),
        );
        for (field, value) in [(Field::StartDate, start), (Field::EndDate, end)] {
            if let Some(d) = value {
                sets.push(Set {
                    field,
                    value: d.to_string(),
                });
            }
        }
        let status = match line.status {
            Some(s) if s == record.status || record.status.can_become(s) => Some(s),
            Some(s) => {
                problems.push((STATUS, record.status.refuse_move(s)));
                None
            }
            None => None,
        };
        // The template's required columns: a blank cell leaves the record
        // as it is, which must then hold the value already (a record
        // submitted without them would only be refused at submission).
        for (col, field, given, stored) in required {
            if !given && !stored && !problems.iter().any(|(c, _)| *c == col) {
                problems.push((
                    col,
                    msg!(
                        "{field}为空,记录中也还没有:请填写{field}",
                        "{field} is empty, and the record has none yet: fill it in"
                    ),
                ));
            }
        }
        if !problems.is_empty() {
            return Ok(None);
        }
        Ok(Some(if self.apply(&record, &sets, status)? {
            Written::Updated
        } else {
            Written::Skipped(None)
        }))
    }
}
