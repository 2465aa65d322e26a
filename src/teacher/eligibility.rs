//! Whether a teacher may teach residents at a date (docs/domain.md#teacher-eligibility):
//! the four rules, each with its verdict and the evidence it used, and the
//! date from which a teacher who fails will pass.
//!
//! The rules are a pure function of a teacher's facts and evidence
//! ([`judge`]). [`Pool`] loads every teacher of an organisation and every
//! piece of evidence in force in two scans, so that checking 20,000
//! teachers is two queries and arithmetic in memory.

use std::collections::HashMap;
use std::path::Path;

use crate::db::sql::{Connection, params};
use chrono::{Datelike, Months, NaiveDate};
use serde::Serialize;

use super::{ACCIDENT_GRADE, EVALUATION_RESULT, EVENT_KIND, EventStatus, RESPONSIBILITY};
use crate::account::{self, Role};
use crate::error::Result;
use crate::i18n::{Lang, Msg};
use crate::msg;
use crate::rules::codes::EDUCATION_LEVEL;
use crate::rules::date::parse_day;
use crate::rules::text::identifier;
use crate::rules::title::{TitleLevel, classify};
use crate::sheet::Cell;
use crate::sheet::write::TableWriter;

/// Years as attending (中级) or higher that every teacher needs, and the
/// span of evidence that counts against one.
pub const YEARS: u32 = 3;

/// `day` plus whole years; 29 February becomes 28 February.
pub fn add_years(day: NaiveDate, years: u32) -> NaiveDate {
    day.checked_add_months(Months::new(12 * years))
        .unwrap_or(NaiveDate::MAX)
}

/// Whether evidence of `day` counts at `as_of`: it is in the 3 years
/// before, from `day` itself to `day` + 3 years, both included.
pub fn counts(day: NaiveDate, as_of: NaiveDate) -> bool {
    day <= as_of && as_of <= add_years(day, YEARS)
}

/// The first day on which evidence of `day` no longer counts: 3 years and
/// one day later.
pub fn leaves(day: NaiveDate) -> NaiveDate {
    add_years(day, YEARS).succ_opt().unwrap_or(NaiveDate::MAX)
}

/// The first day of the 3 years before `as_of`: the earliest day whose
/// evidence still counts at `as_of`.
pub fn window_start(as_of: NaiveDate) -> NaiveDate {
    let back = as_of
        .checked_sub_months(Months::new(12 * YEARS))
        .unwrap_or(NaiveDate::MIN);
    if add_years(back, YEARS) < as_of {
        back.succ_opt().unwrap_or(back)
    } else {
        back
    }
}

/// The day an evaluation of `year` is dated by: the last day of the year
/// it rates.
pub fn rating_day(year: i32) -> NaiveDate {
    NaiveDate::from_ymd_opt(year, 12, 31).unwrap_or(NaiveDate::MAX)
}

/// The years whose evaluations decide at `as_of`: the two most recent
/// complete years (at any day of 2024, 2022 and 2023).
pub fn evaluated_years(as_of: NaiveDate) -> [i32; 2] {
    let y = as_of.year();
    [y - 2, y - 1]
}

/// The first day a 不合格 of `year` no longer excludes: 1 January of
/// `year` + 3, when the two clean years that must follow it are the two
/// most recent.
pub fn rating_clears(year: i32) -> NaiveDate {
    NaiveDate::from_ymd_opt(year.saturating_add(3), 1, 1).unwrap_or(NaiveDate::MAX)
}

/// The rules, in the order they are reported.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Rule {
    /// 主治医师 (中级) or higher for 3 years (or the department's threshold).
    Title,
    /// No medical damage incident with main or full responsibility.
    MedicalIncident,
    /// No major or serious teaching accident.
    TeachingAccident,
    /// The evaluations of the two most recent complete years both free of
    /// 不合格.
    Evaluation,
    /// The department's lowest 最高学历, where one is configured.
    Education,
}

impl Rule {
    pub fn key(self) -> &'static str {
        match self {
            Rule::Title => "title",
            Rule::MedicalIncident => "medical_incident",
            Rule::TeachingAccident => "teaching_accident",
            Rule::Evaluation => "evaluation",
            Rule::Education => "education",
        }
    }

    /// The rule as a person reads it.
    pub fn label(self, lang: Lang) -> &'static str {
        match self {
            Rule::Title => lang.pick("中级职称年限", "years as attending"),
            Rule::MedicalIncident => lang.pick("医疗损害事件", "medical damage incidents"),
            Rule::TeachingAccident => lang.pick("教学事故", "teaching accidents"),
            Rule::Evaluation => lang.pick("带教评价", "teaching evaluations"),
            Rule::Education => lang.pick("学历", "education"),
        }
    }
}

/// The kinds of evidence.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Incident,
    Accident,
    Evaluation,
}

impl Kind {
    pub fn label(self) -> &'static str {
        EVENT_KIND.values[self as usize]
    }

    pub fn from_label(s: &str) -> Option<Kind> {
        Some(match s {
            "医疗损害事件" => Kind::Incident,
            "教学事故" => Kind::Accident,
            "带教评价" => Kind::Evaluation,
            _ => return None,
        })
    }

    /// The grades of this kind (责任程度, 等级, 结果).
    pub fn grades(self) -> &'static crate::rules::codes::CodeList {
        match self {
            Kind::Incident => &RESPONSIBILITY,
            Kind::Accident => &ACCIDENT_GRADE,
            Kind::Evaluation => &EVALUATION_RESULT,
        }
    }

    /// Whether evidence of this kind and grade counts against a teacher:
    /// main or full responsibility, a major or serious accident, 不合格.
    pub fn against(self, grade: &str) -> bool {
        match self {
            Kind::Incident => grade == "完全" || grade == "主要",
            Kind::Accident => grade == "重大" || grade == "严重",
            Kind::Evaluation => grade == "不合格",
        }
    }
}

/// A piece of evidence as the rules use it: an incident or accident that
/// counts against a teacher, or a year's evaluation, whatever its result
/// (a year without one is told apart from a clean one).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Mark {
    /// The record's id (what `teacher events withdraw` takes).
    pub id: i64,
    pub kind: Kind,
    /// The day of an incident or accident; for an evaluation, the last day
    /// of the year it rates.
    pub day: NaiveDate,
    pub grade: &'static str,
}

/// A department's stricter thresholds.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Threshold {
    pub department: String,
    /// Years as attending (at least [`YEARS`]).
    pub years: u32,
    /// The lowest 最高学历 (本科, 硕士 …), if any.
    pub education: Option<String>,
}

/// What the rules know of a teacher besides their evidence.
#[derive(Debug, Clone, Default)]
pub struct Facts {
    /// Whether the teacher's details (师资信息) were imported.
    pub details: bool,
    /// 技术职称 as written.
    pub title: Option<String>,
    /// 取得中级职称时间.
    pub title_on: Option<NaiveDate>,
    /// 最高学历.
    pub education: Option<String>,
    pub threshold: Option<Threshold>,
}

/// Evidence a rule used.
#[derive(Debug, Clone, Serialize)]
#[serde(untagged)]
pub enum Evidence {
    Title {
        title: Option<String>,
        title_date: Option<NaiveDate>,
        required_years: u32,
        /// The department whose threshold set `required_years`.
        #[serde(skip_serializing_if = "Option::is_none")]
        threshold_of: Option<String>,
        /// When the required years complete.
        completes_on: Option<NaiveDate>,
    },
    Events {
        /// The 3 years before the date judged at: [first day, last day].
        window: [NaiveDate; 2],
        events: Vec<EventRef>,
    },
    Evaluations {
        /// The two most recent complete years, whose evaluations decide.
        years: [i32; 2],
        /// Those of them rated 不合格.
        failing_years: Vec<i32>,
        /// Those of them without an evaluation recorded: taken as free of
        /// 不合格 (a teacher who had no trainees that year was rated by
        /// nobody), and shown.
        unrated_years: Vec<i32>,
    },
    Education {
        education: Option<String>,
        required: String,
        department: String,
    },
}

/// A piece of evidence named by a rule.
#[derive(Debug, Clone, Serialize)]
pub struct EventRef {
    pub id: i64,
    /// The day of the incident or accident.
    pub date: NaiveDate,
    /// 责任程度 or 等级.
    pub grade: &'static str,
    /// The first day it no longer counts.
    pub no_longer_counts_from: NaiveDate,
}

/// One rule judged.
#[derive(Debug, Clone, Serialize)]
pub struct RuleCheck {
    pub rule: Rule,
    pub passed: bool,
    #[serde(skip)]
    pub message: Msg,
    pub evidence: Evidence,
    /// For a rule that fails: the day it will pass, if one can be given.
    pub passes_from: Option<NaiveDate>,
}

/// A teacher judged at a date.
#[derive(Debug, Clone, Serialize)]
pub struct Verdict {
    pub as_of: NaiveDate,
    pub eligible: bool,
    pub rules: Vec<RuleCheck>,
    /// For a teacher who is not eligible: the first day from which they
    /// are, and stay, eligible on the evidence recorded; null when no day
    /// can be given (no 中级 title date, a 学历 below the threshold).
    pub eligible_from: Option<NaiveDate>,
}

impl Verdict {
    /// The rules that failed.
    pub fn failures(&self) -> impl Iterator<Item = &RuleCheck> {
        self.rules.iter().filter(|r| !r.passed)
    }
}

fn title_rule(f: &Facts, as_of: NaiveDate) -> RuleCheck {
    let (years, threshold_of) = match &f.threshold {
        Some(t) if t.years > YEARS => (t.years, Some(t.department.clone())),
        _ => (YEARS, None),
    };
    let completes = f.title_on.map(|t| add_years(t, years));
    let shown = f.title.clone().unwrap_or_default();
    let evidence = Evidence::Title {
        title: f.title.clone(),
        title_date: f.title_on,
        required_years: years,
        threshold_of: threshold_of.clone(),
        completes_on: completes,
    };
    let whose = match &threshold_of {
        Some(d) => msg!(
            "(科室 {d} 要求 {years} 年)",
            " ({d} requires {years} years)"
        ),
        None => Msg::new("", ""),
    };
    let (passed, message, passes_from) = match (f.title_on, completes) {
        (Some(t), Some(c)) if c <= as_of => (
            true,
            msg!(
                "{shown}:{t} 取得中级职称,{c} 满 {years} 年",
                "{shown}: 中级 since {t}, {years} years complete on {c}"
            ),
            None,
        ),
        (Some(t), Some(c)) => (
            false,
            Msg::new(
                format!(
                    "{t} 取得中级职称,至 {as_of} 未满 {years} 年{};{c} 起满 {years} 年",
                    whose.zh
                ),
                format!(
                    "中级 since {t}: fewer than {years} years at {as_of}{}; {years} years complete on {c}",
                    whose.en
                ),
            ),
            Some(c),
        ),
        _ if !f.details => (
            false,
            msg!(
                "没有师资信息(取得中级职称时间):请用 meded teacher import 导入",
                "no teacher's details (取得中级职称时间): import them with meded teacher import"
            ),
            None,
        ),
        _ => {
            let junior = f
                .title
                .as_deref()
                .and_then(|t| classify(t).ok())
                .is_some_and(|c| c.level >= TitleLevel::Junior);
            let message = if junior {
                msg!(
                    "技术职称“{shown}”低于主治医师(中级)",
                    "the title {shown} is below attending (主治医师, 中级)"
                )
            } else {
                msg!(
                    "没有记录取得中级职称时间",
                    "the date the 中级 title was obtained is not recorded"
                )
            };
            (false, message, None)
        }
    };
    RuleCheck {
        rule: Rule::Title,
        passed,
        message,
        evidence,
        passes_from,
    }
}

fn event_rule(kind: Kind, marks: &[Mark], as_of: NaiveDate) -> RuleCheck {
    let start = window_start(as_of);
    let mut found: Vec<EventRef> = marks
        .iter()
        .filter(|m| m.kind == kind && kind.against(m.grade) && counts(m.day, as_of))
        .map(|m| EventRef {
            id: m.id,
            date: m.day,
            grade: m.grade,
            no_longer_counts_from: leaves(m.day),
        })
        .collect();
    found.sort_by_key(|e| (e.date, e.id));
    let rule = match kind {
        Kind::Incident => Rule::MedicalIncident,
        _ => Rule::TeachingAccident,
    };
    let message = if found.is_empty() {
        match kind {
            Kind::Incident => msg!(
                "{start} 至 {as_of} 无主要或完全责任的医疗损害事件",
                "no medical damage incident with main or full responsibility from {start} to {as_of}"
            ),
            _ => msg!(
                "{start} 至 {as_of} 无重大或严重教学事故",
                "no major or serious teaching accident from {start} to {as_of}"
            ),
        }
    } else {
        let each: Vec<Msg> = found
            .iter()
            .map(|e| {
                let (day, grade, id, until) = (e.date, e.grade, e.id, e.no_longer_counts_from);
                match kind {
                    Kind::Incident => msg!(
                        "{day} 医疗损害事件({grade}责任,记录 #{id}),{until} 起不再计入",
                        "a medical damage incident on {day} ({grade} responsibility, record #{id}), which no longer counts from {until}"
                    ),
                    _ => msg!(
                        "{day} {grade}教学事故(记录 #{id}),{until} 起不再计入",
                        "a teaching accident on {day} (grade {grade}, record #{id}), which no longer counts from {until}"
                    ),
                }
            })
            .collect();
        let mut m = each[0].clone();
        for next in &each[1..] {
            m = m.join(next);
        }
        m
    };
    RuleCheck {
        rule,
        passed: found.is_empty(),
        message,
        passes_from: found.iter().map(|e| e.no_longer_counts_from).max(),
        evidence: Evidence::Events {
            window: [start, as_of],
            events: found,
        },
    }
}

/// The first day no 不合格 on record excludes any more: when the last
/// year rated 不合格 is followed by two years, the most recent complete.
fn evaluations_clear(marks: &[Mark]) -> Option<NaiveDate> {
    marks
        .iter()
        .filter(|m| m.kind == Kind::Evaluation && Kind::Evaluation.against(m.grade))
        .map(|m| rating_clears(m.day.year()))
        .max()
}

fn evaluation_rule(marks: &[Mark], as_of: NaiveDate) -> RuleCheck {
    let years = evaluated_years(as_of);
    let [first, last] = years;
    let rated = |y: i32| {
        marks
            .iter()
            .filter(|m| m.kind == Kind::Evaluation && m.day.year() == y)
            .min_by_key(|m| !Kind::Evaluation.against(m.grade))
    };
    let mut failing = Vec::new();
    let mut failing_years = Vec::new();
    let mut unrated_years = Vec::new();
    for y in years {
        match rated(y) {
            None => unrated_years.push(y),
            Some(m) if Kind::Evaluation.against(m.grade) => {
                failing_years.push(y);
                let id = m.id;
                failing.push(msg!(
                    "{y} 年带教评价不合格(记录 #{id})",
                    "rated 不合格 in {y} (record #{id})"
                ));
            }
            Some(_) => {}
        }
    }
    let passed = failing.is_empty();
    let passes_from = if passed {
        None
    } else {
        evaluations_clear(marks).filter(|d| *d > as_of)
    };
    let message = if passed {
        let clean = msg!(
            "{first} 年和 {last} 年的带教评价均无不合格",
            "the evaluations of {first} and {last} are both free of 不合格"
        );
        if unrated_years.is_empty() {
            clean
        } else {
            let list: Vec<String> = unrated_years.iter().map(i32::to_string).collect();
            let (zh, en) = (list.join("、"), list.join(" and "));
            Msg::new(
                format!("{}({zh} 年没有带教评价记录,按无不合格计)", clean.zh),
                format!(
                    "{} ({en}: no evaluation recorded, taken as free of 不合格)",
                    clean.en
                ),
            )
        }
    } else {
        let mut m = failing[0].clone();
        for next in &failing[1..] {
            m = m.join(next);
        }
        let then = match passes_from {
            Some(d) => msg!(
                "须连续两年无不合格,{d} 起符合",
                "two years in a row free of 不合格 are needed: passes from {d}"
            ),
            None => msg!(
                "须连续两年无不合格",
                "two years in a row free of 不合格 are needed"
            ),
        };
        m.join(&then)
    };
    RuleCheck {
        rule: Rule::Evaluation,
        passed,
        message,
        passes_from,
        evidence: Evidence::Evaluations {
            years,
            failing_years,
            unrated_years,
        },
    }
}

/// The rank of a 学历 in [`EDUCATION_LEVEL`] (中专 lowest).
fn education_rank(e: &str) -> Option<usize> {
    EDUCATION_LEVEL.values.iter().position(|v| *v == e)
}

fn education_rule(f: &Facts, t: &Threshold, required: &str) -> RuleCheck {
    let has = f.education.clone();
    let passed = match (
        has.as_deref().and_then(education_rank),
        education_rank(required),
    ) {
        (Some(h), Some(r)) => h >= r,
        _ => false,
    };
    let dept = &t.department;
    let message = match (&has, passed) {
        (Some(h), true) => msg!(
            "最高学历 {h},科室 {dept} 要求 {required} 及以上",
            "最高学历 {h}; {dept} requires {required} or higher"
        ),
        (Some(h), false) => msg!(
            "最高学历 {h} 低于科室 {dept} 要求的 {required}",
            "最高学历 {h} is below the {required} that {dept} requires"
        ),
        (None, _) => msg!(
            "没有记录最高学历,科室 {dept} 要求 {required} 及以上",
            "最高学历 is not recorded; {dept} requires {required} or higher"
        ),
    };
    RuleCheck {
        rule: Rule::Education,
        passed,
        message,
        passes_from: None,
        evidence: Evidence::Education {
            education: has,
            required: required.to_owned(),
            department: dept.clone(),
        },
    }
}

/// Judges a teacher at `as_of`. `marks` is the teacher's evidence (any
/// date, any order): what lies after `as_of` is not held against them at
/// `as_of`, but does delay `eligible_from`.
pub fn judge(f: &Facts, marks: &[Mark], as_of: NaiveDate) -> Verdict {
    let mut rules = vec![
        title_rule(f, as_of),
        event_rule(Kind::Incident, marks, as_of),
        event_rule(Kind::Accident, marks, as_of),
        evaluation_rule(marks, as_of),
    ];
    if let Some(t) = &f.threshold
        && let Some(required) = &t.education
    {
        rules.push(education_rule(f, t, required));
    }
    let eligible = rules.iter().all(|r| r.passed);
    let unknown = rules.iter().any(|r| !r.passed && r.passes_from.is_none());
    let eligible_from = if eligible || unknown {
        None
    } else {
        // Every failing rule passes on a known day; evidence recorded after
        // `as_of` may keep the teacher out beyond it.
        let title = rules
            .iter()
            .filter(|r| !r.passed && r.rule == Rule::Title)
            .filter_map(|r| r.passes_from);
        let events = marks
            .iter()
            .filter(|m| m.kind != Kind::Evaluation && m.kind.against(m.grade))
            .map(|m| leaves(m.day));
        title
            .chain(events)
            .chain(evaluations_clear(marks))
            .filter(|d| *d > as_of)
            .max()
    };
    Verdict {
        as_of,
        eligible,
        rules,
        eligible_from,
    }
}

/// A teacher of an organisation, with what the rules need.
#[derive(Debug, Clone)]
pub struct Teacher {
    pub account_id: i64,
    pub id_number: String,
    pub name: String,
    pub department_id: Option<i64>,
    pub department: Option<String>,
    pub facts: Facts,
}

/// Every teacher of an organisation and the evidence against them, loaded
/// once.
pub struct Pool {
    /// By ID number.
    pub teachers: Vec<Teacher>,
    marks: Vec<Vec<Mark>>,
    by_account: HashMap<i64, usize>,
}

impl Pool {
    /// The teachers of an organisation (role teacher), their details,
    /// their department's thresholds and their evidence in force.
    pub fn load(conn: &Connection, org_id: i64) -> Result<Pool> {
        let mut thresholds: HashMap<i64, Threshold> = HashMap::new();
        {
            let mut stmt = conn.prepare(
                "SELECT h.department_id, d.name, h.years, h.education
                 FROM teacher_threshold h JOIN department d ON d.id = h.department_id
                 WHERE d.org_id = ?1",
            )?;
            let mut rows = stmt.query([org_id])?;
            while let Some(r) = rows.next()? {
                thresholds.insert(
                    r.get(0)?,
                    Threshold {
                        department: r.get(1)?,
                        years: r.get(2)?,
                        education: r.get(3)?,
                    },
                );
            }
        }
        let mut teachers = Vec::new();
        {
            let mut stmt = conn.prepare(
                "SELECT a.id, a.id_number, a.name, a.department_id, d.name, a.title,
                        t.account_id IS NOT NULL, t.title_on, t.education
                 FROM account a
                 LEFT JOIN teacher t ON t.account_id = a.id
                 LEFT JOIN department d ON d.id = a.department_id
                 WHERE a.org_id = ?1 AND a.role = ?2",
            )?;
            let mut rows = stmt.query(params![org_id, Role::Teacher.key()])?;
            while let Some(r) = rows.next()? {
                let department_id: Option<i64> = r.get(3)?;
                let title_on: Option<String> = r.get(7)?;
                teachers.push(Teacher {
                    account_id: r.get(0)?,
                    id_number: r.get(1)?,
                    name: r.get(2)?,
                    department_id,
                    department: r.get(4)?,
                    facts: Facts {
                        details: r.get(6)?,
                        title: r.get(5)?,
                        title_on: title_on.as_deref().and_then(parse_day),
                        education: r.get(8)?,
                        threshold: department_id.and_then(|d| thresholds.get(&d).cloned()),
                    },
                });
            }
        }
        teachers.sort_unstable_by(|a, b| a.id_number.cmp(&b.id_number));
        let by_account: HashMap<i64, usize> = teachers
            .iter()
            .enumerate()
            .map(|(i, t)| (t.account_id, i))
            .collect();
        let mut marks = vec![Vec::new(); teachers.len()];
        if !teachers.is_empty() {
            // One scan of the evidence in force: cheaper than walking the
            // index to each teacher's rows.
            let mut stmt = conn.prepare(
                "SELECT account_id, id, kind, at, grade FROM teacher_event WHERE status = ?1",
            )?;
            let mut rows = stmt.query([EventStatus::Valid])?;
            while let Some(r) = rows.next()? {
                let Some(&i) = by_account.get(&r.get::<_, i64>(0)?) else {
                    continue;
                };
                let Some(kind) = Kind::from_label(r.get_ref(2)?.as_str().unwrap_or_default())
                else {
                    continue;
                };
                let grade = r.get_ref(4)?.as_str().unwrap_or_default();
                // Every evaluation is kept (a year rated 合格 is not a year
                // without one); of incidents and accidents, what counts.
                if kind != Kind::Evaluation && !kind.against(grade) {
                    continue;
                }
                let Some(grade) = kind.grades().values.iter().copied().find(|g| *g == grade) else {
                    continue;
                };
                let at = r.get_ref(3)?.as_str().unwrap_or_default();
                let day = match kind {
                    Kind::Evaluation => at.parse::<i32>().ok().map(rating_day),
                    _ => parse_day(at),
                };
                if let Some(day) = day {
                    marks[i].push(Mark {
                        id: r.get(1)?,
                        kind,
                        day,
                        grade,
                    });
                }
            }
        }
        Ok(Pool {
            teachers,
            marks,
            by_account,
        })
    }

    /// The position of a teacher by account id.
    pub fn index_of(&self, account_id: i64) -> Option<usize> {
        self.by_account.get(&account_id).copied()
    }

    /// Judges the teacher at position `i`.
    pub fn judge(&self, i: usize, as_of: NaiveDate) -> Verdict {
        judge(&self.teachers[i].facts, &self.marks[i], as_of)
    }
}

/// What `teacher check` is asked.
#[derive(Debug, Clone)]
pub struct CheckOptions {
    pub org: String,
    /// The roster year; its 1 January is the default date judged at.
    pub year: Option<i32>,
    pub as_of: Option<NaiveDate>,
    /// Only these teachers (ID numbers as typed); all when empty.
    pub ids: Vec<String>,
    pub today: NaiveDate,
}

/// The year and date a check is made for: `--as-of`, else 1 January of
/// `--year`, else of this year.
pub fn when(
    year: Option<i32>,
    as_of: Option<NaiveDate>,
    today: NaiveDate,
) -> Result<(i32, NaiveDate)> {
    let year = year.or(as_of.map(|d| d.year())).unwrap_or(today.year());
    let as_of = match as_of {
        Some(d) => d,
        None => super::new_year(year)?,
    };
    Ok((year, as_of))
}

/// One teacher checked.
#[derive(Debug, Clone)]
pub struct TeacherCheck {
    pub id_number: String,
    pub name: String,
    pub department: Option<String>,
    pub verdict: Verdict,
}

/// What `teacher check` found.
#[derive(Debug, Clone)]
pub struct CheckReport {
    pub org: String,
    pub year: i32,
    pub as_of: NaiveDate,
    pub checked: u64,
    pub eligible: u64,
    pub not_eligible: u64,
    /// By ID number.
    pub teachers: Vec<TeacherCheck>,
    /// ID numbers named that are not teachers of the organisation, with why.
    pub errors: Vec<(String, Msg)>,
}

impl CheckReport {
    /// Whether anything is wrong: a teacher not eligible, or a named ID
    /// number that is not a teacher here.
    pub fn has_problems(&self) -> bool {
        self.not_eligible > 0 || !self.errors.is_empty()
    }
}

/// Checks the teachers of an organisation (or those named) at a date.
pub fn check(conn: &Connection, opts: &CheckOptions) -> Result<CheckReport> {
    let org = crate::org::find_kind(conn, &opts.org, crate::org::OrgKind::Base)?;
    let (year, as_of) = when(opts.year, opts.as_of, opts.today)?;
    let pool = Pool::load(conn, org.id)?;
    let mut report = CheckReport {
        org: org.code.clone(),
        year,
        as_of,
        checked: 0,
        eligible: 0,
        not_eligible: 0,
        teachers: Vec::new(),
        errors: Vec::new(),
    };
    let chosen: Vec<usize> = if opts.ids.is_empty() {
        (0..pool.teachers.len()).collect()
    } else {
        let mut chosen = Vec::new();
        for raw in &opts.ids {
            let id_number = identifier(raw);
            match pool
                .teachers
                .binary_search_by(|t| t.id_number.as_str().cmp(&id_number))
            {
                Ok(i) => chosen.push(i),
                Err(_) => {
                    let found = account::find(conn, &id_number)?;
                    let why = super::not_a_teacher(&id_number, found.as_ref(), &org);
                    report.errors.push((id_number, why));
                }
            }
        }
        chosen.sort_unstable();
        chosen.dedup();
        chosen
    };
    report.teachers.reserve(chosen.len());
    for i in chosen {
        let t = &pool.teachers[i];
        let verdict = pool.judge(i, as_of);
        report.checked += 1;
        if verdict.eligible {
            report.eligible += 1;
        } else {
            report.not_eligible += 1;
        }
        report.teachers.push(TeacherCheck {
            id_number: t.id_number.clone(),
            name: t.name.clone(),
            department: t.department.clone(),
            verdict,
        });
    }
    Ok(report)
}

/// The failing rules' messages joined, for a table or a workbook.
pub fn reasons_text(v: &Verdict, lang: Lang) -> String {
    let texts: Vec<String> = v
        .failures()
        .map(|r| {
            let sep = lang.pick(":", ": ");
            format!("{}{sep}{}", r.rule.label(lang), r.message.text(lang))
        })
        .collect();
    texts.join(lang.pick(";", "; "))
}

/// Writes the teachers who are not eligible, with every reason and the
/// day they will be, to an .xlsx or .csv file (ID numbers as text).
pub fn write_ineligible(report: &CheckReport, path: &Path, lang: Lang) -> Result<()> {
    let mut w = TableWriter::create(
        path,
        "不符合条件的师资",
        &["证件号码", "姓名", "科室", "不符合的条件", "可符合日期"],
    )?;
    for t in report.teachers.iter().filter(|t| !t.verdict.eligible) {
        w.write_row(&[
            Cell::Text(t.id_number.clone()),
            Cell::Text(t.name.clone()),
            Cell::Text(t.department.clone().unwrap_or_default()),
            Cell::Text(reasons_text(&t.verdict, lang)),
            Cell::Text(
                t.verdict
                    .eligible_from
                    .map(|d| d.to_string())
                    .unwrap_or_default(),
            ),
        ])?;
    }
    w.finish()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        parse_day(s).unwrap()
    }

    fn facts(title_on: &str) -> Facts {
        Facts {
            details: true,
            title: Some("主治医师".into()),
            title_on: Some(d(title_on)),
            education: Some("本科".into()),
            threshold: None,
        }
    }

    fn mark(id: i64, kind: Kind, day: &str, grade: &'static str) -> Mark {
        Mark {
            id,
            kind,
            day: d(day),
            grade,
        }
    }

    fn evaluation(id: i64, year: i32) -> Mark {
        Mark {
            id,
            kind: Kind::Evaluation,
            day: rating_day(year),
            grade: "不合格",
        }
    }

    #[test]
    fn exactly_three_years_after_the_title_is_eligible() {
        let v = judge(&facts("2021-01-01"), &[], d("2024-01-01"));
        assert!(v.eligible, "{v:?}");
        let v = judge(&facts("2021-01-02"), &[], d("2024-01-01"));
        assert!(!v.eligible);
        assert_eq!(v.eligible_from, Some(d("2024-01-02")));
        // 29 February: three years later is 28 February.
        let v = judge(&facts("2020-02-29"), &[], d("2023-02-28"));
        assert!(v.eligible);
    }

    #[test]
    fn incidents_count_for_three_years_both_ends_included() {
        let f = facts("2010-01-01");
        let on = |day: &str| vec![mark(1, Kind::Incident, day, "主要")];
        // Three years and one day before: no longer counts.
        assert!(judge(&f, &on("2020-12-31"), d("2024-01-01")).eligible);
        // Exactly three years before: still counts, until the next day.
        let v = judge(&f, &on("2021-01-01"), d("2024-01-01"));
        assert!(!v.eligible);
        assert_eq!(v.eligible_from, Some(d("2024-01-02")));
        // On the day itself.
        assert!(!judge(&f, &on("2024-01-01"), d("2024-01-01")).eligible);
        // After the date judged at: not held against the teacher then.
        assert!(judge(&f, &on("2024-01-02"), d("2024-01-01")).eligible);
        // Minor responsibility never counts (the pool keeps only what does).
        assert!(!Kind::Incident.against("次要") && Kind::Incident.against("完全"));
        assert_eq!(window_start(d("2024-01-01")), d("2021-01-01"));
        assert_eq!(window_start(d("2024-02-29")), d("2021-03-01"));
    }

    #[test]
    fn accidents_like_incidents() {
        let f = facts("2010-01-01");
        let v = judge(
            &f,
            &[mark(7, Kind::Accident, "2022-05-10", "严重")],
            d("2024-01-01"),
        );
        assert!(!v.eligible);
        assert_eq!(v.rules[2].rule, Rule::TeachingAccident);
        assert_eq!(v.eligible_from, Some(d("2025-05-11")));
    }

    fn rated(id: i64, year: i32, grade: &'static str) -> Mark {
        Mark {
            grade,
            ..evaluation(id, year)
        }
    }

    #[test]
    fn one_failing_year_excludes_until_two_clean_years_follow() {
        let f = facts("2010-01-01");
        let at = d("2024-01-01");
        // Last year, or the year before: out until two clean years follow.
        let v = judge(&f, &[evaluation(1, 2023)], at);
        assert!(!v.eligible);
        assert_eq!(v.eligible_from, Some(d("2026-01-01")));
        let v = judge(&f, &[evaluation(1, 2022)], at);
        assert!(!v.eligible);
        assert_eq!(v.eligible_from, Some(d("2025-01-01")));
        // Any day of 2024 judges 2022 and 2023: the last day too.
        assert!(!judge(&f, &[evaluation(1, 2022)], d("2024-12-31")).eligible);
        // Three years ago: 2022 and 2023 are clean.
        assert!(judge(&f, &[evaluation(1, 2021)], at).eligible);
        assert!(!judge(&f, &[evaluation(1, 2021)], d("2023-12-31")).eligible);
        // Two in a row: out until the later one is two years behind.
        let v = judge(&f, &[evaluation(1, 2022), evaluation(2, 2023)], at);
        assert_eq!(v.eligible_from, Some(d("2026-01-01")));
        // A 不合格 of this year, not complete yet, does not count now but
        // keeps the teacher out later.
        let v = judge(&f, &[evaluation(1, 2022), evaluation(2, 2024)], at);
        assert_eq!(v.eligible_from, Some(d("2027-01-01")));
        // 合格 years and years without an evaluation are both clean.
        assert!(judge(&f, &[rated(1, 2022, "合格"), rated(2, 2023, "合格")], at).eligible);
        let v = judge(&f, &[rated(1, 2023, "合格")], at);
        assert!(v.eligible);
        match &v.rules[3].evidence {
            Evidence::Evaluations {
                years,
                failing_years,
                unrated_years,
            } => {
                assert_eq!(*years, [2022, 2023]);
                assert!(failing_years.is_empty());
                assert_eq!(*unrated_years, [2022]);
            }
            other => panic!("{other:?}"),
        }
        assert!(
            v.rules[3]
                .message
                .en
                .contains("2022: no evaluation recorded")
        );
    }

    #[test]
    fn eligible_from_is_the_latest_of_every_reason() {
        let f = facts("2022-03-01");
        let marks = [
            mark(1, Kind::Incident, "2023-02-01", "完全"),
            evaluation(2, 2022),
            evaluation(3, 2023),
        ];
        let v = judge(&f, &marks, d("2024-01-01"));
        assert_eq!(v.failures().count(), 3);
        assert_eq!(v.eligible_from, Some(d("2026-02-02")));
        // No date when the title date is unknown.
        let mut f = facts("2010-01-01");
        f.title_on = None;
        assert_eq!(judge(&f, &marks, d("2024-01-01")).eligible_from, None);
    }

    #[test]
    fn department_thresholds() {
        let mut f = facts("2020-01-01");
        f.threshold = Some(Threshold {
            department: "外科".into(),
            years: 5,
            education: Some("硕士".into()),
        });
        let v = judge(&f, &[], d("2024-01-01"));
        assert!(!v.eligible);
        assert_eq!(v.failures().count(), 2);
        assert_eq!(v.eligible_from, None);
        f.education = Some("博士".into());
        let v = judge(&f, &[], d("2024-01-01"));
        assert_eq!(v.eligible_from, Some(d("2025-01-01")));
    }
}
