//! Teachers (师资) of residents: the registry (`teacher import`), the
//! evidence of eligibility (`teacher events`), the four eligibility rules
//! at a date (`teacher check`), the teaching office's yearly recommendation
//! (`teacher review`), the roster of additions and dismissals (`teacher
//! roster`), and per-department thresholds. The rules are stated in
//! docs/domain.md#teachers.

pub mod application;
pub mod batch;
pub mod eligibility;
pub mod events;
pub mod import;
pub mod review;
pub mod roster;
pub mod threshold;

use std::collections::HashMap;

use crate::db::sql::{Connection, params};
use chrono::{Datelike, NaiveDate};
use serde::Serialize;

use crate::account::{self, Found, Role};
use crate::error::{Error, Result};
use crate::i18n::Msg;
use crate::msg;
use crate::org::Org;
use crate::rules::codes::CodeList;
use crate::rules::text::normalize;
use crate::states;

pub use review::Appointment;

/// 师资级别: 一般师资 and 骨干师资 (a 骨干 teacher holds a provincial or
/// national teacher-training certificate).
pub const LEVEL: CodeList = CodeList {
    label: "师资级别",
    values: &["一般", "骨干"],
    aliases: &[
        ("一般师资", "一般"),
        ("普通", "一般"),
        ("普通师资", "一般"),
        ("骨干师资", "骨干"),
    ],
};

/// The level of a teacher-training certificate (师资培训证书级别).
pub const TRAINING_LEVEL: CodeList = CodeList {
    label: "师资培训证书级别",
    values: &["院级", "市级", "省级", "国家级"],
    aliases: &[
        ("院", "院级"),
        ("医院级", "院级"),
        ("校级", "院级"),
        ("市", "市级"),
        ("地市级", "市级"),
        ("市州级", "市级"),
        ("省", "省级"),
        ("省部级", "省级"),
        ("国家", "国家级"),
        ("全国", "国家级"),
    ],
};

/// 健康状况, as GB/T 2261.3 codes it (1, 2, 3, 6), with the words people
/// write for them.
pub const HEALTH: CodeList = CodeList {
    label: "健康状况",
    values: &["健康或良好", "一般或较弱", "有慢性病", "残疾"],
    aliases: &[
        ("1", "健康或良好"),
        ("2", "一般或较弱"),
        ("3", "有慢性病"),
        ("6", "残疾"),
        ("健康", "健康或良好"),
        ("良好", "健康或良好"),
        ("一般", "一般或较弱"),
        ("较弱", "一般或较弱"),
        ("较差", "一般或较弱"),
        ("慢性病", "有慢性病"),
        ("患有慢性病", "有慢性病"),
        ("伤残", "残疾"),
    ],
};

/// The third answer to 是否获得医师资格证书: the qualification examination
/// passed, the certificate not yet issued. It has the examination's level
/// and category, and no certificate date, number or scan yet.
pub const EXAM_PASSED: &str = "已通过考试,尚未发放证书";

/// 是否获得医师资格证书, as the platform's form answers it (是 and 否 are
/// also read in every form [`crate::rules::text::yes_no`] takes).
pub const QUALIFICATION: CodeList = CodeList {
    label: "是否获得医师资格证书",
    values: &["是", "否", EXAM_PASSED],
    aliases: &[
        ("已通过考试尚未发放证书", EXAM_PASSED),
        ("已通过考试,证书尚未发放", EXAM_PASSED),
        ("已通过考试,未发证", EXAM_PASSED),
        ("已通过考试,尚未发证", EXAM_PASSED),
        ("已通过考试", EXAM_PASSED),
        ("通过考试未发证", EXAM_PASSED),
    ],
};

/// The training-certificate levels that make a 骨干 teacher.
pub const BACKBONE_LEVELS: [&str; 2] = ["省级", "国家级"];

/// The kinds of evidence (类别).
pub const EVENT_KIND: CodeList = CodeList {
    label: "类别",
    values: &["医疗损害事件", "教学事故", "带教评价"],
    aliases: &[
        ("医疗损害", "医疗损害事件"),
        ("医疗事故", "医疗损害事件"),
        ("医疗纠纷", "医疗损害事件"),
        ("教学差错", "教学事故"),
        ("带教质量评价", "带教评价"),
        ("教学质量评价", "带教评价"),
        ("带教质量评估", "带教评价"),
        ("学员评价", "带教评价"),
    ],
};

/// 责任程度 of a medical damage incident.
pub const RESPONSIBILITY: CodeList = CodeList {
    label: "责任程度",
    values: &["完全", "主要", "次要", "轻微"],
    aliases: &[
        ("完全责任", "完全"),
        ("全部责任", "完全"),
        ("主要责任", "主要"),
        ("次要责任", "次要"),
        ("轻微责任", "轻微"),
    ],
};

/// 等级 of a teaching accident.
pub const ACCIDENT_GRADE: CodeList = CodeList {
    label: "等级",
    values: &["重大", "严重", "一般"],
    aliases: &[
        ("重大教学事故", "重大"),
        ("严重教学事故", "严重"),
        ("一般教学事故", "一般"),
    ],
};

/// 结果 of the trainees' evaluation of teaching quality.
pub const EVALUATION_RESULT: CodeList = CodeList {
    label: "结果",
    values: &["合格", "不合格"],
    aliases: &[
        ("通过", "合格"),
        ("优秀", "合格"),
        ("良好", "合格"),
        ("未通过", "不合格"),
        ("差", "不合格"),
    ],
};

states! {
    /// 记录状态 of a piece of evidence: in force, or withdrawn as wrong
    /// (never deleted, never changed).
    pub enum EventStatus: "记录状态" {
        Valid = "有效", "valid" => [Withdrawn];
        Withdrawn = "已撤回", "withdrawn" ["撤回", "作废"] => [] (reason);
    }
}

/// A department name as stored: normalised, inner blanks dropped
/// (`心内 科` is `心内科`).
pub fn department_name(raw: &str) -> String {
    normalize(raw)
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect()
}

/// Why an ID number does not name a teacher of `org`: no account, an
/// account of another role, or a teacher of another organisation.
pub fn not_a_teacher(id_number: &str, found: Option<&Found>, org: &Org) -> Msg {
    let here = &org.code;
    match found {
        None => account::no_account_msg(id_number),
        Some(f) if f.role != Role::Teacher => {
            let role = f.role.label();
            msg!(
                "{id_number} 是{role}账号,不是师资",
                "{id_number} is a {role} account, not a teacher"
            )
        }
        Some(f) => {
            let (name, code) = (&f.org_name, &f.org_code);
            msg!(
                "{id_number} 是 {name}({code})的师资,不是 {here} 的师资",
                "{id_number} is a teacher of {name} ({code}), not of {here}"
            )
        }
    }
}

/// The teacher of `org` with this ID number (already normalised), or why
/// there is none.
pub fn find_teacher(
    conn: &Connection,
    id_number: &str,
    org: &Org,
) -> Result<std::result::Result<Found, Msg>> {
    let found = account::find(conn, id_number)?;
    Ok(match found {
        Some(f) if f.role == Role::Teacher && f.org_id == org.id => Ok(f),
        other => Err(not_a_teacher(id_number, other.as_ref(), org)),
    })
}

/// 1 January of a year: the date eligibility is judged at by default.
pub fn new_year(year: i32) -> Result<NaiveDate> {
    NaiveDate::from_ymd_opt(year, 1, 1)
        .ok_or_else(|| Error::Usage(msg!("年度 {year} 不合理", "the year {year} is implausible")))
}

/// A day given as an option (`--as-of`, `--date`), in any form the
/// spreadsheets use.
pub fn day_option(option: &str, raw: &str) -> Result<NaiveDate> {
    crate::rules::date::parse_day(raw).ok_or_else(|| {
        Error::Usage(msg!(
            "{option} 的值“{raw}”不是日期(如 2024-01-01)",
            "{option}: '{raw}' is not a date (such as 2024-01-01)"
        ))
    })
}

/// A teacher as `teacher list` shows them.
#[derive(Debug, Clone, Serialize)]
pub struct TeacherRow {
    pub id_number: String,
    pub name: String,
    pub department: Option<String>,
    pub title: Option<String>,
    /// 取得中级职称时间.
    pub title_date: Option<String>,
    /// Whole years as attending (中级) or higher at the date listed for;
    /// null without a 取得中级职称时间.
    pub years_as_attending: Option<u32>,
    /// 近3年带教人数: the residents who had a rotation with this teacher in
    /// the 3 years before the date listed for.
    pub taught_last_3_years: u64,
    /// 一般 or 骨干; null for an account without the teacher's details.
    pub level: Option<String>,
    pub training_level: Option<String>,
    pub phone: Option<String>,
    pub email: Option<String>,
    /// 执业医师证号.
    pub practice_no: Option<String>,
    /// 带教任职时间.
    pub teaching_since: Option<String>,
    /// The application and decision of the year asked about (with `--year`
    /// or `--batch`).
    #[serde(flatten, skip_serializing_if = "Option::is_none")]
    pub application: Option<ApplicationView>,
}

/// A teacher's application and the teaching office's decision for a year,
/// as the platform's recommendation list shows them.
#[derive(Debug, Clone, Serialize)]
pub struct ApplicationView {
    /// 报名批次; null without an application (未报名, or a decision made
    /// before applications were recorded).
    pub batch: Option<String>,
    /// When the teacher applied.
    pub applied_at: Option<String>,
    /// 推荐状态.
    pub recommendation: Appointment,
    /// 推荐时间 and 推荐用户: when and by whom the decision (推荐 or
    /// 不推荐) was recorded.
    pub recommended_at: Option<String>,
    pub recommended_by: Option<String>,
    /// 不推荐原因.
    pub not_recommended_reason: Option<String>,
}

/// A range of whole numbers a list is filtered by: `3` (exactly), `3-` or
/// `3+` (3 or more), `3-5` (3 to 5, both included).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Range {
    pub min: u64,
    pub max: Option<u64>,
}

impl Range {
    /// A range as typed for `option`.
    pub fn parse(option: &str, raw: &str) -> Result<Range> {
        let s: String = normalize(raw)
            .chars()
            .filter(|c| !c.is_whitespace())
            .map(|c| if "~～–—至".contains(c) { '-' } else { c })
            .collect();
        let number = |t: &str| t.parse::<u64>().ok();
        let range = if let Some(min) = s.strip_suffix('+').or_else(|| s.strip_suffix('-')) {
            number(min).map(|min| Range { min, max: None })
        } else if let Some((a, b)) = s.split_once('-') {
            match (number(a), number(b)) {
                (Some(min), Some(max)) if min <= max => Some(Range {
                    min,
                    max: Some(max),
                }),
                _ => None,
            }
        } else {
            number(&s).map(|n| Range {
                min: n,
                max: Some(n),
            })
        };
        range.ok_or_else(|| {
            Error::Usage(msg!(
                "{option} 的值“{raw}”不是范围(如 3、3- 或 3-5)",
                "{option}: '{raw}' is not a range (such as 3, 3- or 3-5)"
            ))
        })
    }

    pub fn contains(&self, n: u64) -> bool {
        n >= self.min && self.max.is_none_or(|m| n <= m)
    }
}

/// What `teacher list` is asked for.
#[derive(Debug, Clone, Default)]
pub struct ListOptions {
    pub org: String,
    /// The year whose applications and decisions are shown.
    pub year: Option<i32>,
    /// Only the applications of this batch (its year is the year shown).
    pub batch: Option<String>,
    pub department: Option<String>,
    /// A 技术职称 (主治医师), or a level (中级, 副高, 正高, 高级, 初级).
    pub title: Option<String>,
    /// Years as attending; a teacher without a 中级 date counts 0.
    pub years: Option<Range>,
    /// 推荐状态 (with a year or batch).
    pub status: Option<Appointment>,
    /// 近3年带教人数.
    pub taught: Option<Range>,
    /// The date listed for without a year: years as attending and
    /// residents taught are counted to it.
    pub today: NaiveDate,
}

/// Whether a 技术职称 is the one asked for: the same title, or a title of
/// the level asked for (副高 and 正高 within 高级).
fn title_matches(wanted: &str, title: Option<&str>) -> bool {
    let compact = |t: &str| -> String {
        normalize(t)
            .chars()
            .filter(|c| !c.is_whitespace())
            .collect()
    };
    let Some(title) = title else {
        return false;
    };
    let wanted = compact(wanted);
    if compact(title) == wanted {
        return true;
    }
    let Ok(c) = crate::rules::title::classify(title) else {
        return false;
    };
    match wanted.as_str() {
        "正高" | "正高级" => c.rank == Some(crate::rules::title::Rank::Full),
        "副高" | "副高级" => c.rank == Some(crate::rules::title::Rank::Deputy),
        w => crate::rules::title::TitleLevel::parse(w).is_some_and(|l| l == c.level),
    }
}

/// Whole years from `from` to `to` (0 when `to` comes first).
fn whole_years(from: NaiveDate, to: NaiveDate) -> u32 {
    let mut n = u32::try_from(to.year() - from.year()).unwrap_or(0);
    while n > 0 && eligibility::add_years(from, n) > to {
        n -= 1;
    }
    n
}

/// The residents each teacher of an organisation had a rotation with, on
/// any day from `from` to `to`, by the teacher's account id.
fn residents_taught(
    conn: &Connection,
    org_id: i64,
    from: NaiveDate,
    to: NaiveDate,
) -> Result<HashMap<i64, u64>> {
    let mut stmt = conn.prepare(
        "SELECT r.teacher_id, count(DISTINCT r.account_id) FROM rotation r
         JOIN account a ON a.id = r.teacher_id
         WHERE a.org_id = ?1 AND r.start_date <= ?2 AND r.end_date >= ?3
         GROUP BY r.teacher_id",
    )?;
    let rows = stmt.query_map(params![org_id, to.to_string(), from.to_string()], |r| {
        Ok((r.get::<_, i64>(0)?, r.get::<_, i64>(1)?))
    })?;
    let mut out = HashMap::new();
    for row in rows {
        let (teacher, n) = row?;
        out.insert(teacher, u64::try_from(n).unwrap_or(0));
    }
    Ok(out)
}

/// The teachers of an organisation, by department and ID number, with
/// their years as attending and the residents they taught in the 3 years
/// before the date listed for (1 January of the year asked about, else
/// today); with a year or batch, each with their application and the
/// teaching office's decision. Filters apply together.
pub fn list(conn: &Connection, opts: &ListOptions) -> Result<Vec<TeacherRow>> {
    let org = crate::org::find_kind(conn, &opts.org, crate::org::OrgKind::Base)?;
    let department = match opts.department.as_deref().map(department_name) {
        None => None,
        Some(d) => Some(
            crate::org::find_department(conn, org.id, &d)?
                .ok_or_else(|| unknown_department(&d, &org))?,
        ),
    };
    let (year, batch) = match (opts.year, &opts.batch) {
        (None, None) => (None, None),
        (y, b) => {
            let (year, batch) = review::year_of(conn, y, b.as_deref())?;
            (Some(year), batch)
        }
    };
    if opts.status.is_some() && year.is_none() {
        return Err(Error::Usage(msg!(
            "--status 须与 --year 或 --batch 同用(推荐状态是某一年度的)",
            "--status goes with --year or --batch (a 推荐状态 is of a year)"
        )));
    }
    let as_of = match year {
        Some(y) => new_year(y)?,
        None => opts.today,
    };
    let taught = residents_taught(conn, org.id, eligibility::window_start(as_of), as_of)?;
    let sql = format!(
        "SELECT a.id, a.id_number, a.name, d.name, a.title, t.title_on, t.level, t.training_level,
                a.phone, a.email, t.practice_no, t.teaching_since,
                p.status, p.reason, pc.at, {decided_by}, b.id, b.name, ac.at
         FROM account a
         LEFT JOIN teacher t ON t.account_id = a.id
         LEFT JOIN department d ON d.id = a.department_id
         LEFT JOIN teacher_appointment p
                ON p.account_id = a.id AND p.org_id = a.org_id AND p.year = ?3
         LEFT JOIN change_set pc ON pc.id = p.change_id
         LEFT JOIN teacher_application ap
                ON ap.account_id = a.id AND ap.org_id = a.org_id AND ap.year = ?3
         LEFT JOIN teacher_batch b ON b.id = ap.batch_id
         LEFT JOIN change_set ac ON ac.id = ap.created_change
         WHERE a.org_id = ?1 AND a.role = ?4 AND (?2 IS NULL OR a.department_id = ?2)
         ORDER BY d.name, a.id_number",
        decided_by = crate::history::who_sql("pc"),
    );
    let mut stmt = conn.prepare(&sql)?;
    let mut rows = stmt.query(params![org.id, department, year, Role::Teacher.key()])?;
    let mut out = Vec::new();
    while let Some(r) = rows.next()? {
        let account_id: i64 = r.get(0)?;
        let title: Option<String> = r.get(4)?;
        let title_date: Option<String> = r.get(5)?;
        let years_as_attending = title_date
            .as_deref()
            .and_then(crate::rules::date::parse_day)
            .map(|d| whole_years(d, as_of));
        let application = match year {
            None => None,
            Some(_) => {
                let decided: Option<Appointment> = r.get(12)?;
                let batch_id: Option<i64> = r.get(16)?;
                let recommendation = match (decided, batch_id) {
                    (Some(s), _) => s,
                    (None, Some(_)) => Appointment::Submitted,
                    (None, None) => Appointment::NotApplied,
                };
                let decided = decided.is_some();
                Some((
                    batch_id,
                    ApplicationView {
                        batch: r.get(17)?,
                        applied_at: r.get(18)?,
                        recommendation,
                        recommended_at: if decided { r.get(14)? } else { None },
                        recommended_by: if decided { r.get(15)? } else { None },
                        not_recommended_reason: if recommendation == Appointment::NotRecommended {
                            r.get(13)?
                        } else {
                            None
                        },
                    },
                ))
            }
        };
        let row = TeacherRow {
            id_number: r.get(1)?,
            name: r.get(2)?,
            department: r.get(3)?,
            years_as_attending,
            taught_last_3_years: taught.get(&account_id).copied().unwrap_or(0),
            level: r.get(6)?,
            training_level: r.get(7)?,
            phone: r.get(8)?,
            email: r.get(9)?,
            practice_no: r.get(10)?,
            teaching_since: r.get(11)?,
            title,
            title_date,
            application: application.as_ref().map(|(_, v)| v.clone()),
        };
        let keep = batch.as_ref().is_none_or(|b| {
            application
                .as_ref()
                .is_some_and(|(id, _)| *id == Some(b.id))
        }) && opts
            .title
            .as_deref()
            .is_none_or(|t| title_matches(t, row.title.as_deref()))
            && opts
                .years
                .is_none_or(|y| y.contains(u64::from(row.years_as_attending.unwrap_or(0))))
            && opts
                .taught
                .is_none_or(|t| t.contains(row.taught_last_3_years))
            && opts.status.is_none_or(|s| {
                row.application
                    .as_ref()
                    .is_some_and(|a| a.recommendation == s)
            });
        if keep {
            out.push(row);
        }
    }
    Ok(out)
}

/// The refusal of a department the organisation does not have.
pub fn unknown_department(name: &str, org: &Org) -> Error {
    let code = &org.code;
    Error::Usage(msg!(
        "机构 {code} 没有名为“{name}”的科室",
        "the organisation {code} has no department named '{name}'"
    ))
}
