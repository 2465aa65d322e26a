//! Teachers (师资) of residents: the registry (`teacher import`), the
//! evidence of eligibility (`teacher events`), the four eligibility rules
//! at a date (`teacher check`), the teaching office's yearly recommendation
//! (`teacher review`), the roster of additions and dismissals (`teacher
//! roster`), and per-department thresholds. The rules are stated in
//! docs/domain.md#teachers.

pub mod eligibility;
pub mod events;
pub mod import;
pub mod review;
pub mod roster;
pub mod threshold;

use crate::db::sql::{Connection, params};
use chrono::NaiveDate;
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
    /// 一般 or 骨干; null for an account without the teacher's details.
    pub level: Option<String>,
    pub training_level: Option<String>,
    pub phone: Option<String>,
    pub email: Option<String>,
    /// 执业医师证号.
    pub practice_no: Option<String>,
    /// 带教任职时间.
    pub teaching_since: Option<String>,
    /// The teaching office's decision for the year asked about (with `--year`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub recommendation: Option<Appointment>,
}

/// What `teacher list` is asked for.
#[derive(Debug, Clone, Default)]
pub struct ListOptions {
    pub org: String,
    pub year: Option<i32>,
    pub department: Option<String>,
}

/// The teachers of an organisation, by department and ID number; with a
/// year, each with the teaching office's decision for it.
pub fn list(conn: &Connection, opts: &ListOptions) -> Result<Vec<TeacherRow>> {
    let org = crate::org::find_kind(conn, &opts.org, crate::org::OrgKind::Base)?;
    let department = match opts.department.as_deref().map(department_name) {
        None => None,
        Some(d) => Some(
            crate::org::find_department(conn, org.id, &d)?
                .ok_or_else(|| unknown_department(&d, &org))?,
        ),
    };
    let mut stmt = conn.prepare(
        "SELECT a.id_number, a.name, d.name, a.title, t.title_on, t.level, t.training_level,
                a.phone, a.email, t.practice_no, t.teaching_since, p.status
         FROM account a
         LEFT JOIN teacher t ON t.account_id = a.id
         LEFT JOIN department d ON d.id = a.department_id
         LEFT JOIN teacher_appointment p
                ON p.account_id = a.id AND p.org_id = a.org_id AND p.year = ?3
         WHERE a.org_id = ?1 AND a.role = ?4 AND (?2 IS NULL OR a.department_id = ?2)
         ORDER BY d.name, a.id_number",
    )?;
    let rows = stmt.query_map(
        params![org.id, department, opts.year, Role::Teacher.key()],
        |r| {
            Ok(TeacherRow {
                id_number: r.get(0)?,
                name: r.get(1)?,
                department: r.get(2)?,
                title: r.get(3)?,
                title_date: r.get(4)?,
                level: r.get(5)?,
                training_level: r.get(6)?,
                phone: r.get(7)?,
                email: r.get(8)?,
                practice_no: r.get(9)?,
                teaching_since: r.get(10)?,
                recommendation: match opts.year {
                    Some(_) => Some(
                        r.get::<_, Option<Appointment>>(11)?
                            .unwrap_or(Appointment::Pending),
                    ),
                    None => None,
                },
            })
        },
    )?;
    Ok(rows.collect::<crate::db::sql::Result<_>>()?)
}

/// The refusal of a department the organisation does not have.
pub fn unknown_department(name: &str, org: &Org) -> Error {
    let code = &org.code;
    Error::Usage(msg!(
        "机构 {code} 没有名为“{name}”的科室",
        "the organisation {code} has no department named '{name}'"
    ))
}
