//! `teacher import`: the 师资信息 template — the platform's four tabs
//! (基本信息, 联系信息, 教育信息, 工作信息) and the teacher's level with their
//! teacher-training certificate, one row per teacher — turned into an
//! account with role teacher at the organisation and its details.
//!
//! Every row is checked on its own (every problem reported); good rows are
//! written in one transaction on the shared import skeleton.

use std::path::{Path, PathBuf};

use crate::db::sql::{Connection, OptionalExtension, params};
use chrono::NaiveDate;

use super::{
    BACKBONE_LEVELS, EXAM_PASSED, HEALTH, LEVEL, QUALIFICATION, TRAINING_LEVEL, department_name,
};
use crate::account::Role;
use crate::error::Result;
use crate::history::{Change, Who};
use crate::i18n::Msg;
use crate::import::{
    At, Check, Flags, Import, ImportReport, OneSheet, Seen, Source, Written, record_check,
};
use crate::msg;
use crate::org::{self, Org};
use crate::profile::photo;
use crate::rules::Severity;
use crate::rules::certificate::{licence, stored_as_number};
use crate::rules::codes::{EDUCATION_LEVEL, Ethnicity, LICENCE_CATEGORY, LICENCE_LEVEL};
use crate::rules::id::{self, IdType, Sex};
use crate::rules::person;
use crate::rules::photo::{PhotoKind, PhotoRules};
use crate::rules::text::{identifier, yes_no};
use crate::rules::title::{TitleLevel, classify};
use crate::sheet::{Column, Layout, Record, Workbook};

crate::sheet::layout! {
    /// The 师资信息 template.
    pub const TEACHER_LAYOUT = sheet "师资信息", positions col {
        NAME: Column::required("姓名", &["name", "真实姓名", "教师姓名", "师资姓名"]),
        ID_TYPE: Column::optional(
            "身份证件类别",
            &["id type", "证件类型", "证件类别", "证件种类"],
        ),
        ID_NUMBER: Column::required(
            "证件号码",
            &[
                "id number",
                "id no",
                "身份证号",
                "身份证号码",
                "身份证件号码",
                "证件号",
            ],
        ),
        SEX: Column::optional("性别", &["sex", "gender"]),
        BIRTH: Column::optional("出生日期", &["birth date", "出生年月日", "生日"]),
        ETHNICITY: Column::optional("民族", &["ethnicity", "nation"]),
        HEALTH: Column::optional("健康状况", &["health", "身体状况", "健康情况"]),
        ID_SCAN: Column::optional(
            "证件扫描件",
            &["身份证扫描件", "证件照片", "身份证照片", "证件扫描"],
        ),
        PHOTO: Column::optional("头像照片", &["photo", "头像", "照片", "个人照片"]),
        HAS_QUALIFICATION: Column::optional(
            "是否获得医师资格证书",
            &["是否取得医师资格证书", "有无医师资格证书"],
        ),
        QUALIFICATION_ON: Column::optional(
            "取得证书时间",
            &["取得医师资格证书时间", "医师资格证书取得时间", "发证时间"],
        ),
        LICENCE_LEVEL: Column::optional("执业资格级别", &["医师资格级别", "资格级别"]),
        LICENCE_CATEGORY: Column::optional("执业资格类别", &["医师资格类别", "资格类别"]),
        QUALIFICATION_NO: Column::optional(
            "医师资格证书编码",
            &["医师资格编码", "医师资格证书编号", "资格证书编码"],
        ),
        QUALIFICATION_SCAN: Column::optional(
            "医师资格证书扫描件",
            &["医师资格证书原件", "资格证书扫描件", "医师资格证扫描件"],
        ),
        PHONE: Column::required(
            "手机号",
            &[
                "mobile",
                "phone",
                "手机",
                "手机号码",
                "联系电话",
                "移动电话",
            ],
        ),
        EMAIL: Column::optional("电子邮箱", &["email", "e-mail", "邮箱", "电子邮件"]),
        EDUCATION: Column::optional("最高学历", &["education", "学历"]),
        DEPARTMENT: Column::required("科室", &["department", "所在科室", "科室名称"]),
        TITLE: Column::required("技术职称", &["title", "职称", "专业技术职称"]),
        TITLE_ON: Column::optional(
            "取得中级职称时间",
            &[
                "中级职称时间",
                "取得中级职称日期",
                "主治医师取得时间",
                "取得主治医师时间",
            ],
        ),
        PRACTICE_NO: Column::optional(
            "执业医师证号",
            &[
                "医师执业证书编码",
                "执业证书编码",
                "执业医师证书编号",
                "执业证号",
            ],
        ),
        TEACHING_SINCE: Column::optional("带教任职时间", &["带教时间", "任职时间", "带教开始时间"]),
        LEVEL: Column::optional("师资级别", &["师资类别", "师资等级", "师资类型"]),
        TRAINING_LEVEL: Column::optional(
            "师资培训证书级别",
            &["培训证书级别", "师资培训级别", "师资证书级别"],
        ),
        TRAINING_ON: Column::optional(
            "取得师资培训证书时间",
            &["师资培训证书时间", "培训证书时间", "师资证书时间"],
        ),
    }
}

/// What `teacher import` is asked to do, besides the flags every import takes.
#[derive(Debug, Clone)]
pub struct ImportOptions {
    pub org: String,
    /// Bounds the dates.
    pub today: NaiveDate,
}

/// A teacher's record as imported and stored: the account's part and the
/// details. Every field is kept as it is stored.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct TeacherRecord {
    pub name: String,
    pub phone: String,
    pub email: Option<String>,
    pub department: String,
    pub title: String,
    pub sex: Option<String>,
    pub birth_date: Option<String>,
    pub ethnicity: Option<String>,
    pub health: Option<String>,
    /// 证件扫描件, 头像照片: the images' paths, resolved.
    pub id_scan: Option<String>,
    pub photo: Option<String>,
    pub has_qualification: Option<String>,
    pub qualification_on: Option<String>,
    pub licence_level: Option<String>,
    pub licence_category: Option<String>,
    pub qualification_no: Option<String>,
    pub qualification_scan: Option<String>,
    pub education: Option<String>,
    pub title_on: Option<String>,
    pub practice_no: Option<String>,
    pub teaching_since: Option<String>,
    pub level: String,
    pub training_level: Option<String>,
    pub training_on: Option<String>,
}

impl TeacherRecord {
    /// Every field with its template label and the column it comes from.
    fn fields(&self) -> [(&'static str, usize, Option<&str>); 24] {
        fn o(v: &Option<String>) -> Option<&str> {
            v.as_deref()
        }
        [
            ("姓名", col::NAME, Some(self.name.as_str())),
            ("手机号", col::PHONE, Some(self.phone.as_str())),
            ("电子邮箱", col::EMAIL, o(&self.email)),
            ("科室", col::DEPARTMENT, Some(self.department.as_str())),
            ("技术职称", col::TITLE, Some(self.title.as_str())),
            ("性别", col::SEX, o(&self.sex)),
            ("出生日期", col::BIRTH, o(&self.birth_date)),
            ("民族", col::ETHNICITY, o(&self.ethnicity)),
            ("健康状况", col::HEALTH, o(&self.health)),
            ("证件扫描件", col::ID_SCAN, o(&self.id_scan)),
            ("头像照片", col::PHOTO, o(&self.photo)),
            (
                "是否获得医师资格证书",
                col::HAS_QUALIFICATION,
                o(&self.has_qualification),
            ),
            (
                "取得证书时间",
                col::QUALIFICATION_ON,
                o(&self.qualification_on),
            ),
            ("执业资格级别", col::LICENCE_LEVEL, o(&self.licence_level)),
            (
                "执业资格类别",
                col::LICENCE_CATEGORY,
                o(&self.licence_category),
            ),
            (
                "医师资格证书编码",
                col::QUALIFICATION_NO,
                o(&self.qualification_no),
            ),
            (
                "医师资格证书扫描件",
                col::QUALIFICATION_SCAN,
                o(&self.qualification_scan),
            ),
            ("最高学历", col::EDUCATION, o(&self.education)),
            ("取得中级职称时间", col::TITLE_ON, o(&self.title_on)),
            ("执业医师证号", col::PRACTICE_NO, o(&self.practice_no)),
            ("带教任职时间", col::TEACHING_SINCE, o(&self.teaching_since)),
            ("师资级别", col::LEVEL, Some(self.level.as_str())),
            (
                "师资培训证书级别",
                col::TRAINING_LEVEL,
                o(&self.training_level),
            ),
            (
                "取得师资培训证书时间",
                col::TRAINING_ON,
                o(&self.training_on),
            ),
        ]
    }
}

/// A row that passed its own checks.
pub struct TeacherRow {
    id_type: IdType,
    id_number: String,
    record: TeacherRecord,
}

/// The text of a cell, if it is not blank.
fn text(rec: &Record, col: usize) -> Option<String> {
    let c = rec.get(col);
    (!c.is_blank()).then(|| c.text().into_owned())
}

/// A day (`2019-07-01`), or a month (`2019-07`) where `month_ok`; not in
/// the future.
fn when(
    rec: &Record,
    col: usize,
    label: &str,
    month_ok: bool,
    today: NaiveDate,
    errors: &mut Vec<(usize, Msg)>,
) -> Option<String> {
    let cell = rec.get(col);
    if cell.is_blank() {
        return None;
    }
    let shown = cell.display();
    if let Some(d) = cell.as_day() {
        if d > today {
            errors.push((
                col,
                msg!("{label} {d} 在将来", "{label} {d} is in the future"),
            ));
            return None;
        }
        return Some(d.to_string());
    }
    if month_ok && let Some(m) = cell.as_month() {
        if m > crate::rules::date::Month::of(today) {
            errors.push((
                col,
                msg!("{label} {m} 在将来", "{label} {m} is in the future"),
            ));
            return None;
        }
        return Some(m.to_string());
    }
    errors.push((
        col,
        if month_ok {
            msg!(
                "{label}“{shown}”不是日期(如 2019-07-01 或 2019-07)",
                "{label} '{shown}' is not a date (such as 2019-07-01 or 2019-07)"
            )
        } else {
            msg!(
                "{label}“{shown}”不是日期(如 2019-07-01)",
                "{label} '{shown}' is not a date (such as 2019-07-01)"
            )
        },
    ));
    None
}

/// A value of a code list, if given.
fn coded(
    rec: &Record,
    col: usize,
    list: &crate::rules::codes::CodeList,
    errors: &mut Vec<(usize, Msg)>,
) -> Option<String> {
    let raw = text(rec, col)?;
    match list.find(&raw) {
        Some(v) => Some(v.to_owned()),
        None => {
            let (label, all) = (list.label, list.joined());
            errors.push((
                col,
                msg!(
                    "不认识的{label}“{raw}”(可用:{all})",
                    "unknown {label} '{raw}' (use one of: {all})"
                ),
            ));
            None
        }
    }
}

/// A text field of at most `max` characters.
fn short_text(
    rec: &Record,
    col: usize,
    label: &str,
    max: usize,
    errors: &mut Vec<(usize, Msg)>,
) -> Option<String> {
    let t = text(rec, col)?;
    let n = t.chars().count();
    if n > max || t.chars().any(char::is_control) {
        errors.push((
            col,
            msg!(
                "{label}“{t}”过长或含控制字符(最多 {max} 个字符)",
                "{label} '{t}' is too long or holds control characters (at most {max} characters)"
            ),
        ));
        return None;
    }
    Some(t)
}

/// 执业医师证号 (医师执业证书编码): 15 digits.
fn practice_no(rec: &Record, errors: &mut Vec<(usize, Msg)>) -> Option<String> {
    let cell = rec.get(col::PRACTICE_NO);
    if cell.is_blank() {
        return None;
    }
    let n = identifier(&cell.display());
    if stored_as_number(&n) || (cell.is_number() && n.len() > 15) {
        errors.push((
            col::PRACTICE_NO,
            msg!(
                "执业医师证号 {n} 已丢失数字:该单元格被存为数字,请把该列设为文本格式后重新录入",
                "执业医师证号 {n} has lost digits: the cell was stored as a number; format the column as text and re-enter"
            ),
        ));
        return None;
    }
    if n.len() != 15 || !n.bytes().all(|b| b.is_ascii_digit()) {
        let len = n.chars().count();
        errors.push((
            col::PRACTICE_NO,
            msg!(
                "执业医师证号 {n} 应为 15 位数字(这里是 {len} 位)",
                "执业医师证号 {n} must be 15 digits (it has {len} characters)"
            ),
        ));
        return None;
    }
    Some(n)
}

/// What an answer to 是否获得医师资格证书 asks of a field that depends on it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Need {
    Required,
    /// May be given or not.
    Either,
    Empty,
}

/// The fields that follow 是否获得医师资格证书, in the template's order.
const CERTIFICATE_FIELDS: [(usize, &str); 6] = [
    (col::QUALIFICATION_ON, "取得证书时间"),
    (col::LICENCE_LEVEL, "执业资格级别"),
    (col::LICENCE_CATEGORY, "执业资格类别"),
    (col::QUALIFICATION_NO, "医师资格证书编码"),
    (col::QUALIFICATION_SCAN, "医师资格证书扫描件"),
    (col::PRACTICE_NO, "执业医师证号"),
];

/// 是: the certificate's date, level, category and number (its scan and a
/// practising licence may follow). 已通过考试,尚未发放证书: the level and
/// category of the examination passed; nothing of a certificate not yet
/// issued, nor a practising licence, which needs one. 否: none of them.
fn certificate_need(answer: &str, col: usize) -> Need {
    match (answer, col) {
        ("是", col::QUALIFICATION_SCAN | col::PRACTICE_NO) => Need::Either,
        ("是", _) => Need::Required,
        (EXAM_PASSED, col::LICENCE_LEVEL | col::LICENCE_CATEGORY) => Need::Required,
        _ => Need::Empty,
    }
}

/// An image of the form, as a path relative to the workbook's folder:
/// resolved inside it and checked as a profile's images are (a JPEG of
/// the kind's size); the resolved path, or nothing with the problems.
fn image(
    rec: &Record,
    col: usize,
    kind: PhotoKind,
    folder: &Path,
    errors: &mut Vec<(usize, Msg)>,
) -> Option<String> {
    let typed = text(rec, col)?;
    let real = match photo::resolve(folder, &typed) {
        Ok(real) => real,
        Err(m) => {
            errors.push((col, m));
            return None;
        }
    };
    let facts = photo::inspect(&real);
    let rules = PhotoRules::default();
    let mut bad = false;
    for (severity, m) in crate::rules::photo::check(&facts, rules.get(kind), &typed) {
        if severity == Severity::Error {
            errors.push((col, m));
            bad = true;
        }
    }
    (!bad).then(|| real.to_string_lossy().into_owned())
}

/// Checks the cells of one row; every problem is reported, not just the first.
fn check_row(
    rec: &Record,
    today: NaiveDate,
    folder: &Path,
    errors: &mut Vec<(usize, Msg)>,
) -> Option<TeacherRow> {
    let name = person::name(&rec.get(col::NAME).display())
        .map_err(|m| errors.push((col::NAME, m)))
        .ok();
    // 身份证件类别, 性别 and 出生日期 are required; left blank, a 居民身份证
    // number gives them, and given, they must agree with it.
    let id_cell = rec.get(col::ID_NUMBER);
    let id_type = id::type_of(&rec.get(col::ID_TYPE).display(), &id_cell.display())
        .map_err(|m| errors.push((col::ID_TYPE, m)))
        .ok();
    let id = id_type.and_then(|t| {
        id::check(t, &id_cell.display(), id_cell.is_number(), today)
            .map_err(|p| errors.push((col::ID_NUMBER, p.msg())))
            .ok()
    });
    // 性别 and 出生日期 may be left to the ID number; when given they must agree with it.
    // Required, but only asked for where the number cannot give it.
    let derivable = |field: &str, found: bool| -> Option<Msg> {
        (!found && id.is_some()).then(|| {
            msg!(
                "{field}为空:证件号码不是居民身份证号码时,须填写{field}",
                "{field} is empty: fill it in where the ID number is no 居民身份证 number"
            )
        })
    };
    let sex = match text(rec, col::SEX) {
        None => {
            let by_id = id.as_ref().and_then(|i| i.sex);
            if let Some(m) = derivable("性别", by_id.is_some()) {
                errors.push((col::SEX, m));
            }
            by_id.map(|s| s.label().to_owned())
        }
        Some(raw) => match Sex::parse(&raw) {
            None => {
                errors.push((
                    col::SEX,
                    msg!(
                        "性别应为 男 或 女,而不是“{raw}”",
                        "性别 must be 男 or 女, not '{raw}'"
                    ),
                ));
                None
            }
            Some(s) => {
                if let Some(from_id) = id.as_ref().and_then(|i| i.sex).filter(|f| *f != s) {
                    let (given, by_id) = (s.label(), from_id.label());
                    errors.push((
                        col::SEX,
                        msg!(
                            "性别“{given}”与证件号码表示的“{by_id}”不符",
                            "性别 {given} differs from the ID number's {by_id}"
                        ),
                    ));
                }
                Some(s.label().to_owned())
            }
        },
    };
    let birth = match when(rec, col::BIRTH, "出生日期", false, today, errors) {
        None if rec.get(col::BIRTH).is_blank() => {
            let by_id = id.as_ref().and_then(|i| i.birth);
            if let Some(m) = derivable("出生日期", by_id.is_some()) {
                errors.push((col::BIRTH, m));
            }
            by_id.map(|b| b.to_string())
        }
        None => None,
        Some(b) => {
            if let Some(by_id) = id.as_ref().and_then(|i| i.birth)
                && by_id.to_string() != b
            {
                errors.push((
                    col::BIRTH,
                    msg!(
                        "出生日期 {b} 与证件号码表示的 {by_id} 不符",
                        "出生日期 {b} differs from the ID number's {by_id}"
                    ),
                ));
            }
            Some(b)
        }
    };
    let ethnicity = text(rec, col::ETHNICITY).and_then(|raw| match Ethnicity::find(&raw) {
        Some(e) => Some(e.name.to_owned()),
        None => {
            errors.push((
                col::ETHNICITY,
                msg!("不认识的民族“{raw}”", "unknown ethnic group '{raw}'"),
            ));
            None
        }
    });
    let health = coded(rec, col::HEALTH, &HEALTH, errors);
    let id_scan = image(rec, col::ID_SCAN, PhotoKind::IdCard, folder, errors);
    let photo = image(rec, col::PHOTO, PhotoKind::Portrait, folder, errors);
    if text(rec, col::HAS_QUALIFICATION).is_none() {
        errors.push((
            col::HAS_QUALIFICATION,
            msg!(
                "是否获得医师资格证书为空:请填 是、否 或 {EXAM_PASSED}",
                "是否获得医师资格证书 is empty: fill in 是, 否 or {EXAM_PASSED}"
            ),
        ));
    }
    let has_qualification = text(rec, col::HAS_QUALIFICATION).and_then(|raw| {
        let answer = yes_no(&raw)
            .map(|b| if b { "是" } else { "否" })
            .or_else(|| QUALIFICATION.find(&raw));
        if answer.is_none() {
            errors.push((
                col::HAS_QUALIFICATION,
                msg!(
                    "是否获得医师资格证书应填 是、否 或 {EXAM_PASSED},而不是“{raw}”",
                    "是否获得医师资格证书 must be 是, 否 or {EXAM_PASSED}, not '{raw}'"
                ),
            ));
        }
        answer.map(str::to_owned)
    });
    let qualification_on = when(
        rec,
        col::QUALIFICATION_ON,
        "取得证书时间",
        true,
        today,
        errors,
    );
    let licence_level = coded(rec, col::LICENCE_LEVEL, &LICENCE_LEVEL, errors);
    let licence_category = coded(rec, col::LICENCE_CATEGORY, &LICENCE_CATEGORY, errors);
    let qualification_no = text(rec, col::QUALIFICATION_NO).and_then(|raw| {
        let holder = id.as_ref().map(|i| i.number.as_str()).unwrap_or("");
        let years: Vec<i32> = qualification_on
            .as_deref()
            .and_then(|d| d.get(..4))
            .and_then(|y| y.parse().ok())
            .into_iter()
            .collect();
        let findings = licence(&raw, holder, &years);
        let mut bad = false;
        for (severity, m) in findings {
            if severity == Severity::Error {
                errors.push((col::QUALIFICATION_NO, m));
                bad = true;
            }
        }
        (!bad).then(|| identifier(&raw))
    });
    let qualification_scan = image(
        rec,
        col::QUALIFICATION_SCAN,
        PhotoKind::Scan,
        folder,
        errors,
    );
    if let Some(answer) = has_qualification.as_deref() {
        for (col, label) in CERTIFICATE_FIELDS {
            let blank = rec.get(col).is_blank();
            match certificate_need(answer, col) {
                Need::Required if blank => errors.push((
                    col,
                    msg!(
                        "是否获得医师资格证书为“{answer}”,{label}必填",
                        "{label} is required when 是否获得医师资格证书 is {answer}"
                    ),
                )),
                Need::Empty if !blank => errors.push((
                    col,
                    msg!(
                        "是否获得医师资格证书为“{answer}”,不应填{label}",
                        "是否获得医师资格证书 is {answer}, so {label} must be empty"
                    ),
                )),
                _ => {}
            }
        }
    }
    let phone = person::mobile(&rec.get(col::PHONE).display())
        .map_err(|m| errors.push((col::PHONE, m)))
        .ok();
    let email = text(rec, col::EMAIL).and_then(|e| {
        person::email(&e)
            .map_err(|m| errors.push((col::EMAIL, m)))
            .ok()
    });
    let education = coded(rec, col::EDUCATION, &EDUCATION_LEVEL, errors);
    let department = match short_text(rec, col::DEPARTMENT, "科室", 50, errors) {
        Some(d) => Some(department_name(&d)),
        None => {
            if rec.get(col::DEPARTMENT).is_blank() {
                errors.push((col::DEPARTMENT, msg!("科室为空", "the department is empty")));
            }
            None
        }
    };
    let title_cell = rec.get(col::TITLE);
    let title = if title_cell.is_blank() {
        errors.push((
            col::TITLE,
            msg!("技术职称为空", "the title (技术职称) is empty"),
        ));
        None
    } else {
        let t = title_cell.text().into_owned();
        match classify(&t) {
            Ok(c) => Some((t, c.level)),
            Err(m) => {
                errors.push((col::TITLE, m));
                None
            }
        }
    };
    let title_on = when(rec, col::TITLE_ON, "取得中级职称时间", false, today, errors);
    if let Some((t, level)) = &title {
        let intermediate = matches!(level, TitleLevel::Senior | TitleLevel::Intermediate);
        if intermediate && rec.get(col::TITLE_ON).is_blank() {
            errors.push((
                col::TITLE_ON,
                msg!(
                    "技术职称“{t}”为中级或以上,须填取得中级职称时间(师资条件从该日起算)",
                    "the title {t} is 中级 or higher: 取得中级职称时间 is required (eligibility counts from it)"
                ),
            ));
        }
        if !intermediate && !rec.get(col::TITLE_ON).is_blank() {
            errors.push((
                col::TITLE_ON,
                msg!(
                    "技术职称“{t}”低于中级,不应有取得中级职称时间",
                    "the title {t} is below 中级, so 取得中级职称时间 must be empty"
                ),
            ));
        }
    }
    if let (Some(b), Some(t)) = (&birth, &title_on)
        && t <= b
    {
        errors.push((
            col::TITLE_ON,
            msg!(
                "取得中级职称时间 {t} 不在出生日期 {b} 之后",
                "取得中级职称时间 {t} is not after the birth date {b}"
            ),
        ));
    }
    let practice = practice_no(rec, errors);
    let teaching_since = when(
        rec,
        col::TEACHING_SINCE,
        "带教任职时间",
        true,
        today,
        errors,
    );
    let level = if rec.get(col::LEVEL).is_blank() {
        Some("一般".to_owned())
    } else {
        coded(rec, col::LEVEL, &LEVEL, errors)
    };
    let training_level = coded(rec, col::TRAINING_LEVEL, &TRAINING_LEVEL, errors);
    let training_on = when(
        rec,
        col::TRAINING_ON,
        "取得师资培训证书时间",
        true,
        today,
        errors,
    );
    if training_level.is_some() && rec.get(col::TRAINING_ON).is_blank() {
        errors.push((
            col::TRAINING_ON,
            msg!(
                "有师资培训证书级别时须填取得师资培训证书时间",
                "取得师资培训证书时间 is required with a 师资培训证书级别"
            ),
        ));
    }
    if rec.get(col::TRAINING_LEVEL).is_blank() && !rec.get(col::TRAINING_ON).is_blank() {
        errors.push((
            col::TRAINING_LEVEL,
            msg!(
                "有取得师资培训证书时间时须填师资培训证书级别",
                "师资培训证书级别 is required with a 取得师资培训证书时间"
            ),
        ));
    }
    // An unknown certificate level is reported as such, not again here.
    let level_unknown = !rec.get(col::TRAINING_LEVEL).is_blank() && training_level.is_none();
    let backbone = training_level
        .as_deref()
        .is_some_and(|l| BACKBONE_LEVELS.contains(&l));
    if level.as_deref() == Some("骨干") && !level_unknown && !backbone {
        let has = training_level.as_deref().unwrap_or("无");
        errors.push((
            col::LEVEL,
            msg!(
                "骨干师资须持有省级或国家级师资培训证书(这里为:{has})",
                "a 骨干 teacher must hold a teacher-training certificate of 省级 or 国家级 level (this row: {has})"
            ),
        ));
    }
    if !errors.is_empty() {
        return None;
    }
    let id = id?;
    Some(TeacherRow {
        id_type: id_type?,
        id_number: id.number,
        record: TeacherRecord {
            name: name?,
            phone: phone?,
            email,
            department: department?,
            title: title?.0,
            sex,
            birth_date: birth,
            ethnicity,
            health,
            id_scan,
            photo,
            has_qualification,
            qualification_on,
            licence_level,
            licence_category,
            qualification_no,
            qualification_scan,
            education,
            title_on,
            practice_no: practice,
            teaching_since,
            level: level?,
            training_level,
            training_on,
        },
    })
}

/// An account already holding the ID number.
struct Existing {
    id: i64,
    id_type: String,
    role: String,
    org_id: i64,
    org_code: String,
    org_name: String,
    /// The stored record; `None` for an account without the teacher's details.
    record: Option<TeacherRecord>,
    account_part: TeacherRecord,
}

fn existing(tx: &Connection, id_number: &str) -> Result<Option<Existing>> {
    Ok(tx
        .prepare_cached(
            "SELECT a.id, a.id_type, a.role, a.org_id, o.code, o.name, a.name, a.phone, a.email,
                    d.name, a.title, t.account_id IS NOT NULL, t.sex, t.birth_date, t.ethnicity,
                    t.has_qualification, t.qualification_on, t.licence_level, t.licence_category,
                    t.qualification_no, t.education, t.title_on, t.practice_no, t.teaching_since,
                    t.level, t.training_level, t.training_on, t.health, t.id_scan, t.photo,
                    t.qualification_scan
             FROM account a JOIN org o ON o.id = a.org_id
             LEFT JOIN department d ON d.id = a.department_id
             LEFT JOIN teacher t ON t.account_id = a.id
             WHERE a.id_number = ?1",
        )?
        .query_row([id_number], |r| {
            let account_part = TeacherRecord {
                name: r.get(6)?,
                phone: r.get::<_, Option<String>>(7)?.unwrap_or_default(),
                email: r.get(8)?,
                department: r.get::<_, Option<String>>(9)?.unwrap_or_default(),
                title: r.get::<_, Option<String>>(10)?.unwrap_or_default(),
                ..TeacherRecord::default()
            };
            let has_details: bool = r.get(11)?;
            let record = if has_details {
                Some(TeacherRecord {
                    sex: r.get(12)?,
                    birth_date: r.get(13)?,
                    ethnicity: r.get(14)?,
                    has_qualification: r.get(15)?,
                    qualification_on: r.get(16)?,
                    licence_level: r.get(17)?,
                    licence_category: r.get(18)?,
                    qualification_no: r.get(19)?,
                    education: r.get(20)?,
                    title_on: r.get(21)?,
                    practice_no: r.get(22)?,
                    teaching_since: r.get(23)?,
                    level: r.get(24)?,
                    training_level: r.get(25)?,
                    training_on: r.get(26)?,
                    health: r.get(27)?,
                    id_scan: r.get(28)?,
                    photo: r.get(29)?,
                    qualification_scan: r.get(30)?,
                    ..account_part.clone()
                })
            } else {
                None
            };
            Ok(Existing {
                id: r.get(0)?,
                id_type: r.get(1)?,
                role: r.get(2)?,
                org_id: r.get(3)?,
                org_code: r.get(4)?,
                org_name: r.get(5)?,
                record,
                account_part,
            })
        })
        .optional()?)
}

/// The database side of a teacher import.
pub struct TeacherWriter<'t> {
    tx: &'t Connection,
    change: Change,
    org: &'t Org,
    update: bool,
}

impl TeacherWriter<'_> {
    fn write_details(&self, account_id: i64, r: &TeacherRecord, created: bool) -> Result<()> {
        let sql = if created {
            "INSERT INTO teacher (account_id, sex, birth_date, ethnicity, has_qualification,
                 qualification_on, licence_level, licence_category, qualification_no, education,
                 title_on, practice_no, teaching_since, level, training_level, training_on,
                 created_change, updated_change, health, id_scan, photo, qualification_scan)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?17,
                     ?18, ?19, ?20, ?21)"
        } else {
            "UPDATE teacher SET sex = ?2, birth_date = ?3, ethnicity = ?4, has_qualification = ?5,
                 qualification_on = ?6, licence_level = ?7, licence_category = ?8,
                 qualification_no = ?9, education = ?10, title_on = ?11, practice_no = ?12,
                 teaching_since = ?13, level = ?14, training_level = ?15, training_on = ?16,
                 updated_change = ?17, health = ?18, id_scan = ?19, photo = ?20,
                 qualification_scan = ?21
             WHERE account_id = ?1"
        };
        self.tx.prepare_cached(sql)?.execute(params![
            account_id,
            r.sex,
            r.birth_date,
            r.ethnicity,
            r.has_qualification,
            r.qualification_on,
            r.licence_level,
            r.licence_category,
            r.qualification_no,
            r.education,
            r.title_on,
            r.practice_no,
            r.teaching_since,
            r.level,
            r.training_level,
            r.training_on,
            self.change.id,
            r.health,
            r.id_scan,
            r.photo,
            r.qualification_scan
        ])?;
        Ok(())
    }

    fn write_account(&self, account_id: i64, r: &TeacherRecord) -> Result<()> {
        let department = org::department_id(self.tx, self.org.id, &r.department)?;
        self.tx
            .prepare_cached(
                "UPDATE account SET name = ?2, phone = ?3, email = ?4, department_id = ?5,
                                    title = ?6, org_id = ?7
                 WHERE id = ?1",
            )?
            .execute(params![
                account_id,
                r.name,
                r.phone,
                r.email,
                department,
                r.title,
                self.org.id
            ])?;
        Ok(())
    }

    /// Logs every field that differs, field by field.
    fn log_changes(
        &self,
        id_number: &str,
        before: &TeacherRecord,
        after: &TeacherRecord,
    ) -> Result<()> {
        for ((label, _, b), (_, _, a)) in before.fields().iter().zip(after.fields().iter()) {
            self.change
                .log_field(self.tx, id_number, "teacher", label, *b, *a)?;
        }
        Ok(())
    }

    fn create(&self, row: &TeacherRow) -> Result<Written> {
        let r = &row.record;
        let department = org::department_id(self.tx, self.org.id, &r.department)?;
        self.tx
            .prepare_cached(
                "INSERT INTO account (id_number, id_type, name, phone, email, role, org_id,
                                      department_id, title, created_change)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
            )?
            .execute(params![
                row.id_number,
                row.id_type.label(),
                r.name,
                r.phone,
                r.email,
                Role::Teacher.key(),
                self.org.id,
                department,
                r.title,
                self.change.id
            ])?;
        let id = self.tx.last_insert_rowid();
        self.write_details(id, r, true)?;
        Ok(Written::Created)
    }
}

impl crate::import::Writer for TeacherWriter<'_> {
    type Row = TeacherRow;
    type Done = ();

    fn write(&mut self, row: TeacherRow) -> Result<Written> {
        let Some(e) = existing(self.tx, &row.id_number)? else {
            return self.create(&row);
        };
        let refused = |m: Msg| Ok(Written::Refused(vec![(At::Column(col::ID_NUMBER), m)]));
        if e.role != Role::Teacher.key() {
            let role = Role::from_key(&e.role).map_or("?", Role::label);
            let (org, code) = (&e.org_name, &e.org_code);
            return refused(msg!(
                "此证件号码已是 {org}({code})的{role}账号,不能再作为师资导入",
                "this ID number already has a {role} account at {org} ({code}), so it cannot be imported as a teacher"
            ));
        }
        if e.id_type != row.id_type.label() {
            let old = &e.id_type;
            return refused(msg!(
                "证件类型不能更改(已登记为 {old});如登记有误,请删除该账号后重新导入",
                "the ID type cannot be changed (registered as {old}); if that is wrong, delete the account and import it again"
            ));
        }
        let moving = e.org_id != self.org.id;
        if moving && !self.update {
            let (org, code) = (&e.org_name, &e.org_code);
            return refused(msg!(
                "此人是 {org}({code})的师资;如已调入本单位,请加 --update 导入",
                "this person is a teacher of {org} ({code}); if they have moved here, import with --update"
            ));
        }
        let new = &row.record;
        let before = e.record.clone().unwrap_or_else(|| e.account_part.clone());
        if moving {
            self.change.log_field(
                self.tx,
                &row.id_number,
                "account",
                "机构",
                Some(&e.org_code),
                Some(&self.org.code),
            )?;
        }
        match (&e.record, self.update) {
            // An account without the teacher's details (imported with
            // `account import --role teacher`): the file completes it.
            (None, _) => {
                self.write_account(e.id, new)?;
                self.write_details(e.id, new, true)?;
                self.log_changes(&row.id_number, &before, new)?;
                Ok(if moving {
                    Written::Created
                } else {
                    Written::Updated
                })
            }
            (Some(old), _) if old == new && !moving => Ok(Written::Skipped(None)),
            (Some(old), false) => {
                let (label, col, stored, given) = old
                    .fields()
                    .into_iter()
                    .zip(new.fields())
                    .find(|((_, _, b), (_, _, a))| b != a)
                    .map(|((l, c, b), (_, _, a))| {
                        (l, c, b.unwrap_or("").to_owned(), a.unwrap_or("").to_owned())
                    })
                    .unwrap_or_default();
                Ok(Written::Skipped(Some((
                    col,
                    msg!(
                        "已跳过:{label}与已登记的不同(现为“{stored}”,文件为“{given}”);如要更新,请加 --update",
                        "skipped: {label} differs from the registry ('{stored}', the file has '{given}'); use --update to change it"
                    ),
                ))))
            }
            (Some(old), true) => {
                self.write_account(e.id, new)?;
                self.write_details(e.id, new, false)?;
                self.log_changes(&row.id_number, old, new)?;
                Ok(if moving {
                    Written::Created
                } else {
                    Written::Updated
                })
            }
        }
    }
}

/// `teacher import` on the import skeleton.
pub struct TeacherImport {
    org: Org,
    today: NaiveDate,
    bytes: u64,
    /// The folder the images' paths are relative to: the workbook's.
    folder: PathBuf,
}

impl Import for TeacherImport {
    type Input = Record;
    type Row = TeacherRow;
    type Done = ();
    type Writer<'t> = TeacherWriter<'t>;

    fn open(
        &mut self,
        book: &Workbook,
        flags: &Flags,
        _progress: &(dyn Fn(u64, u64) + Sync),
    ) -> Result<Source<Record>> {
        self.bytes = std::fs::metadata(book.path()).map_or(0, |m| m.len());
        self.folder = photo::workbook_folder(book.path())?;
        self.records(book, flags)
    }

    fn begin<'t>(
        &'t self,
        tx: &'t Connection,
        change: Change,
        flags: &Flags,
    ) -> Result<(Check<Record, TeacherRow>, TeacherWriter<'t>)> {
        let today = self.today;
        let folder = self.folder.clone();
        let mut seen = Seen::for_file_of(self.bytes);
        let check = record_check(move |rec: &Record, problems: &mut Vec<(usize, Msg)>| {
            let row = check_row(rec, today, &folder, problems)?;
            if let Some(first) = seen.first_row(&row.id_number, rec.row) {
                problems.push((
                    col::ID_NUMBER,
                    msg!(
                        "与第 {first} 行的证件号码重复",
                        "the same ID number as row {first}"
                    ),
                ));
                return None;
            }
            Some(row)
        });
        Ok((
            check,
            TeacherWriter {
                tx,
                change,
                org: &self.org,
                update: flags.update,
            },
        ))
    }
}

impl OneSheet for TeacherImport {
    fn layout(&self) -> &'static Layout {
        &TEACHER_LAYOUT
    }
}

/// The row check alone, on rows made up by the caller (cells in the order
/// of [`TEACHER_LAYOUT`]), nothing written: for the fuzz targets and tests
/// (docs/reliability.md).
#[doc(hidden)]
pub fn check_rows(
    conn: &mut Connection,
    opts: &ImportOptions,
    rows: Vec<Vec<crate::sheet::Cell>>,
) -> Result<Vec<crate::import::probe::Verdict>> {
    // Made-up rows have no workbook: their image paths are taken as
    // relative to the working folder.
    let folder = std::env::current_dir()
        .and_then(|d| d.canonicalize())
        .unwrap_or_default();
    let importer = TeacherImport {
        org: org::find(conn, &opts.org)?,
        today: opts.today,
        bytes: 0,
        folder,
    };
    crate::import::probe::rows(conn, &importer, rows)
}

/// Imports the 师资信息 of an organisation's teachers.
pub fn import(
    conn: &mut Connection,
    path: &Path,
    opts: &ImportOptions,
    flags: &Flags,
    who: &Who,
    progress: &(dyn Fn(u64, u64) + Sync),
) -> Result<ImportReport> {
    let mut importer = TeacherImport {
        org: org::find_kind(conn, &opts.org, crate::org::OrgKind::Base)?,
        today: opts.today,
        bytes: 0,
        folder: PathBuf::new(),
    };
    Ok(crate::import::run(
        conn,
        path,
        flags,
        who,
        &mut importer,
        progress,
        &mut |_, _| Ok(()),
    )?
    .0)
}
