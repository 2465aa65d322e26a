//! The profile rules (docs/domain.md#resident-profiles): one rule set,
//! [`check`], run on a [`Profile`] whether it was read from the database or
//! from a workbook. `report submit` uses [`check`] to decide which records may
//! be submitted.

use std::path::{Path, PathBuf};
use std::sync::RwLock;
use std::sync::atomic::{AtomicU64, Ordering};

use crate::db::sql::Connection;
use chrono::NaiveDate;
use rayon::prelude::*;
use serde::Serialize;

use super::fields::*;
use super::model::{Education, Profile, Tab, Value, level_rank};
use super::photo::{PhotoCache, inspect};
use super::sheet;
use super::store::{self, Filter};
use crate::codes::{Names, ProfileLists};
use crate::error::Result;
use crate::i18n::Msg;
use crate::msg;
use crate::rules::Severity;
use crate::rules::certificate;
use crate::rules::codes::NATIONALITY;
use crate::rules::date::Month;
use crate::rules::id::{self, IdType};
use crate::rules::person;
use crate::rules::photo::{self as photo_rules, PhotoFacts, PhotoKind, PhotoRules};

/// What the rules are checked against.
#[derive(Debug, Clone, Copy)]
pub struct Context<'a> {
    /// Nothing may lie after this day (but an expected graduation).
    pub today: NaiveDate,
    pub photo_rules: PhotoRules,
    /// Image facts read beforehand; files not in it are read when met.
    pub photos: Option<&'a PhotoCache>,
    /// Whether to read the image files (a path is required either way).
    pub images: bool,
    /// The school and major lists a province imported; nothing is checked
    /// against a list not imported.
    pub lists: Option<&'a ProfileLists>,
}

impl Context<'static> {
    pub fn new(today: NaiveDate) -> Context<'static> {
        Context {
            today,
            photo_rules: PhotoRules::default(),
            photos: None,
            images: true,
            lists: None,
        }
    }
}

impl<'a> Context<'a> {
    /// The same, with the school and major lists.
    pub fn with_lists(self, lists: &'a ProfileLists) -> Context<'a> {
        Context {
            lists: Some(lists),
            ..self
        }
    }
}

/// One problem with one field of one person's profile.
#[derive(Debug, Clone, Serialize)]
pub struct Issue {
    pub id_number: String,
    pub name: String,
    /// The tab: 基本信息, 学习经历, 工作信息 or 证书信息.
    pub section: Section,
    /// For 学习经历: the level (本科 …) the field belongs to.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub level: Option<&'static str>,
    /// For 工作信息: the job's number, 1 for the one that started first
    /// (as `profile show` numbers them).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub job: Option<u32>,
    /// The Chinese label of the field; empty for a tab not filled in.
    pub field: &'static str,
    pub severity: Severity,
    #[serde(skip)]
    pub message: Msg,
    /// The spreadsheet row, when checking a workbook.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub row: Option<u32>,
}

impl Issue {
    /// The row of a tab of several the issue is about: the level of
    /// 学习经历 (本科), the job of 工作信息 (第2条).
    pub fn part(&self) -> Option<String> {
        match (self.level, self.job) {
            (Some(l), _) => Some(l.to_owned()),
            (None, Some(n)) => Some(format!("第{n}条")),
            (None, None) => None,
        }
    }

    /// Where in the tab: the row and the field, as people read them
    /// (本科·学历证书编码, 第2条·结束时间, 民族); empty for a tab as a whole.
    pub fn place(&self) -> String {
        match self.part() {
            Some(part) if !self.field.is_empty() => format!("{part}·{}", self.field),
            Some(part) => part,
            None => self.field.to_owned(),
        }
    }
}

/// Checks one profile against every rule.
pub fn check(p: &Profile, ctx: &Context<'_>) -> Vec<Issue> {
    let mut c = Checker {
        p,
        ctx,
        issues: Vec::new(),
        today: Month::of(ctx.today),
        birth: None,
    };
    c.basic();
    c.education();
    c.work();
    c.certificate();
    c.issues
}

/// Whether a profile passes: no errors (warnings allowed).
pub fn passes(issues: &[Issue]) -> bool {
    !issues.iter().any(|i| i.severity == Severity::Error)
}

/// The image paths of a profile, for reading them ahead of [`check`].
pub fn photo_paths(p: &Profile) -> impl Iterator<Item = &str> {
    p.tabs().flat_map(|t| {
        t.section
            .fields()
            .iter()
            .zip(&t.tab.values)
            .filter(|(f, _)| matches!(f.kind, Kind::Photo(_)))
            .filter_map(|(_, v)| v.ok())
    })
}

/// An image path as messages show it: relative to the current folder
/// when it lies below it (`examples/photos/a.jpg`), else as stored.
fn shown_path(path: &str) -> String {
    std::env::current_dir()
        .ok()
        .and_then(|cwd| {
            Path::new(path)
                .strip_prefix(cwd)
                .ok()
                .map(|p| p.display().to_string())
        })
        .unwrap_or_else(|| path.to_owned())
}

/// Whether a 毕业院校 or 毕业专业 says "not in the list" (the platform's 其他
/// choice).
fn is_other(v: &str) -> bool {
    matches!(v, "其他" | "其它" | "其他院校" | "其他学校" | "其他专业")
}

/// `2018-08` or `2018-08-15` → the month, without a general parser: stored
/// values are in this form.
fn month(v: &Value) -> Option<Month> {
    let b = v.ok()?.as_bytes();
    if b.len() < 7 || b[4] != b'-' {
        return None;
    }
    let num = |r: std::ops::Range<usize>| -> Option<u32> {
        b[r].iter().try_fold(0u32, |n, &d| {
            d.is_ascii_digit().then(|| n * 10 + u32::from(d - b'0'))
        })
    };
    Some(Month {
        year: num(0..4)? as i32,
        month: num(5..7)?,
    })
}

fn day(v: &Value) -> Option<NaiveDate> {
    let s = v.ok()?;
    if s.len() != 10 {
        return None;
    }
    let m = month(v)?;
    let d: u32 = s[8..10].parse().ok()?;
    NaiveDate::from_ymd_opt(m.year, m.month, d)
}

/// Months from `a` to `b`.
fn months_between(a: Month, b: Month) -> i32 {
    (b.year - a.year) * 12 + b.month as i32 - a.month as i32
}

/// A stored day or month (开始时间, 结束时间 of a job): its month, and its
/// day when one was given.
#[derive(Debug, Clone, Copy)]
struct When {
    month: Month,
    day: Option<NaiveDate>,
}

impl When {
    fn of(v: &Value) -> Option<When> {
        Some(When {
            month: month(v)?,
            day: day(v),
        })
    }

    fn day(d: NaiveDate) -> When {
        When {
            month: Month::of(d),
            day: Some(d),
        }
    }

    /// Whether `self` lies certainly before `other`: by the day when both
    /// have one, else by the month (a month says nothing of its days).
    fn before(self, other: When) -> bool {
        match (self.day, other.day) {
            (Some(a), Some(b)) => a < b,
            _ => self.month < other.month,
        }
    }
}

/// The message for a typed value that is not a value of the field's kind.
fn invalid(f: &Field, raw: &str) -> (Severity, Msg) {
    let label = f.label;
    let e = |m| (Severity::Error, m);
    match f.kind {
        Kind::Name => e(person::name(raw)
            .err()
            .unwrap_or_else(|| msg!("姓名“{raw}”无效", "the name '{raw}' is not valid"))),
        Kind::Sex => e(msg!(
            "性别“{raw}”无效:应为 男 或 女",
            "性别 '{raw}' is not valid: use 男 or 女"
        )),
        Kind::Ethnicity => e(msg!(
            "民族“{raw}”不在 GB 3304 民族代码表中",
            "民族 '{raw}' is not an ethnic group of GB 3304"
        )),
        Kind::Day => e(msg!(
            "{label}“{raw}”不是日期(如 1992-02-28)",
            "{label} '{raw}' is not a date (such as 1992-02-28)"
        )),
        Kind::Month => e(msg!(
            "{label}“{raw}”不是年月(如 2018-08)",
            "{label} '{raw}' is not a month (such as 2018-08)"
        )),
        Kind::DayOrMonth => e(msg!(
            "{label}“{raw}”不是日期(如 2019-08-23 或 2019-08)",
            "{label} '{raw}' is not a date (such as 2019-08-23 or 2019-08)"
        )),
        Kind::YesNo => e(msg!(
            "{label}应填 是 或 否,而不是“{raw}”",
            "{label} must be 是 or 否, not '{raw}'"
        )),
        Kind::IdType => {
            let all: Vec<&str> = IdType::ALL.iter().map(|t| t.label()).collect();
            let all = all.join("、");
            e(msg!(
                "不认识的证件类型“{raw}”(可用:{all})",
                "unknown ID type '{raw}' (use one of: {all})"
            ))
        }
        Kind::Province => e(msg!(
            "“{raw}”不是省级行政区划(可写简称、全称或两位代码,如 四川、四川省、51)",
            "'{raw}' is not a province (write its short name, full name or code, such as 四川, 四川省, 51)"
        )),
        Kind::Mobile => e(person::mobile(raw)
            .err()
            .unwrap_or_else(|| msg!("手机“{raw}”无效", "the mobile '{raw}' is not valid"))),
        Kind::Email => e(person::email(raw)
            .err()
            .unwrap_or_else(|| msg!("电子邮箱“{raw}”无效", "the e-mail '{raw}' is not valid"))),
        Kind::Qq => e(msg!(
            "qq“{raw}”应为 5–11 位数字",
            "qq '{raw}' must be 5–11 digits"
        )),
        Kind::Code(list) => {
            let all = list.joined();
            let m = msg!(
                "{label}“{raw}”不是可选的值(可选:{all})",
                "{label} '{raw}' is not one of the values ({all})"
            );
            // The platform's full list of 国籍及地区 is not published.
            if std::ptr::eq(list, &NATIONALITY) {
                (Severity::Warning, m)
            } else {
                e(m)
            }
        }
        Kind::Photo(_) => e(msg!(
            "图片路径 {raw} 指向工作簿所在文件夹之外",
            "the image path {raw} leads outside the workbook's folder"
        )),
        Kind::Text | Kind::Suggest(_) => {
            e(msg!("{label}“{raw}”无效", "{label} '{raw}' is not valid"))
        }
    }
}

struct Checker<'a, 'c> {
    p: &'a Profile,
    ctx: &'a Context<'c>,
    issues: Vec<Issue>,
    today: Month,
    birth: Option<NaiveDate>,
}

/// Where an issue is: the tab, the level for 学习经历, the job for
/// 工作信息, the row for a workbook.
#[derive(Clone, Copy)]
struct At {
    section: Section,
    level: Option<&'static str>,
    job: Option<u32>,
    row: Option<u32>,
}

impl At {
    /// A tab as a whole, or a tab of one row per person.
    fn tab(section: Section, row: Option<u32>) -> At {
        At {
            section,
            level: None,
            job: None,
            row,
        }
    }
}

impl Checker<'_, '_> {
    fn add(&mut self, at: At, field: &'static str, severity: Severity, message: Msg) {
        self.issues.push(Issue {
            id_number: self.p.id_number.clone(),
            name: self.p.name().to_owned(),
            section: at.section,
            level: at.level,
            job: at.job,
            field,
            severity,
            message,
            row: at.row,
        });
    }

    fn error(&mut self, at: At, field: &'static str, message: Msg) {
        self.add(at, field, Severity::Error, message);
    }

    fn warn(&mut self, at: At, field: &'static str, message: Msg) {
        self.add(at, field, Severity::Warning, message);
    }

    /// The rules every field of a tab shares: recognised values, required
    /// (`*`) and conditional (`#`) fields, and the image files.
    fn fields(&mut self, at: At, tab: &Tab) {
        let fields = at.section.fields();
        for (f, v) in fields.iter().zip(&tab.values) {
            let dep = match f.need {
                Need::If(d) => Some((fields[d].label, tab.get(d).yes())),
                _ => None,
            };
            match v {
                Value::Raw(raw) => {
                    let (severity, m) = invalid(f, raw);
                    self.add(at, f.label, severity, m);
                }
                Value::Blank => match (f.need, dep) {
                    (Need::Required, _) => {
                        let l = f.label;
                        self.error(at, l, msg!("{l}为必填项", "{l} is required"));
                    }
                    (_, Some((d, Some(true)))) => {
                        let l = f.label;
                        self.error(
                            at,
                            l,
                            msg!("{d}为“是”,因此{l}为必填项", "{d} is 是, so {l} is required"),
                        );
                    }
                    _ => {}
                },
                Value::Ok(s) => {
                    if let Some((d, Some(false))) = dep {
                        let l = f.label;
                        self.warn(
                            at,
                            l,
                            msg!(
                                "{d}为“否”,但填写了{l};请核对",
                                "{d} is 否, but {l} is filled in; please check"
                            ),
                        );
                        continue;
                    }
                    if let Kind::Photo(kind) = f.kind
                        && self.ctx.images
                    {
                        self.photo(at, f.label, kind, s);
                    }
                }
            }
        }
    }

    fn photo(&mut self, at: At, field: &'static str, kind: PhotoKind, path: &str) {
        let read;
        let facts: &PhotoFacts = match self.ctx.photos.and_then(|c| c.get(path)) {
            Some(f) => f,
            None => {
                read = inspect(Path::new(path));
                &read
            }
        };
        let rule = self.ctx.photo_rules.get(kind);
        let findings = photo_rules::check(facts, rule, path);
        if findings.is_empty() {
            return;
        }
        let shown = shown_path(path);
        // A file that is a JPEG but too big, too small or too light: how to
        // bring it within, in the same message.
        let fits = matches!(facts, PhotoFacts::Read { header: Ok(_), .. });
        for (severity, m) in photo_rules::check(facts, rule, &shown) {
            let m = if fits {
                let how = photo_rules::recipe(kind, &shown);
                Msg::new(
                    format!("{};{}", m.zh, how.zh),
                    format!("{}; {}", m.en, how.en),
                )
            } else {
                m
            };
            self.add(at, field, severity, m);
        }
    }

    fn basic(&mut self) {
        let p = self.p;
        let at = At::tab(Section::Basic, p.basic.as_ref().and_then(|b| b.row));
        let Some(b) = &p.basic else {
            self.error(
                at,
                "",
                msg!("基本信息未填写", "基本信息 has not been filled in"),
            );
            self.id_number(at, None);
            return;
        };
        self.fields(at, b);
        self.id_number(at, Some(b));
        if let Some(birth) = day(b.get(B_BIRTH)) {
            self.birth = Some(birth);
            if birth > self.ctx.today {
                self.error(
                    at,
                    "出生日期",
                    msg!(
                        "出生日期 {birth} 在将来",
                        "出生日期 {birth} is in the future"
                    ),
                );
            }
        }
        if let (Some(account), Some(name)) = (&p.account, b.get(B_NAME).ok())
            && account.name != name
        {
            let a = &account.name;
            self.warn(
                at,
                "姓名",
                msg!(
                    "姓名“{name}”与账号的姓名“{a}”不同",
                    "姓名 '{name}' differs from the account's name '{a}'"
                ),
            );
        }
        if let (Some(account), Some(t)) = (&p.account, b.get(B_ID_TYPE).ok())
            && account.id_type != t
        {
            let a = &account.id_type;
            self.error(
                at,
                "证件类型",
                msg!(
                    "证件类型“{t}”与账号登记的“{a}”不同;证件类型导入后不可修改",
                    "证件类型 '{t}' differs from the account's '{a}'; the ID type cannot change after import"
                ),
            );
        }
        let nationality = b.get(B_NATIONALITY).ok();
        let expected: &[&str] = match p.id_type() {
            IdType::ResidentCard => &["中国大陆"],
            IdType::HkMacaoPermit => &["中国香港", "中国澳门"],
            IdType::TaiwanPermit => &["中国台湾"],
            _ => &[],
        };
        if let Some(n) = nationality
            && !expected.is_empty()
            && !expected.contains(&n)
        {
            let t = p.id_type().label();
            let want = expected.join("或");
            self.warn(
                at,
                "国籍及地区",
                msg!(
                    "证件类型为{t},国籍及地区通常为{want},而不是{n}",
                    "with a {t}, 国籍及地区 is usually {want}, not {n}"
                ),
            );
        }
    }

    /// The ID number itself, and the birth date and sex it carries.
    fn id_number(&mut self, at: At, b: Option<&Tab>) {
        let p = self.p;
        match id::check(p.id_type(), &p.id_number, false, self.ctx.today) {
            Err(problem) => self.error(at, "证件号码", problem.msg()),
            Ok(id) => {
                let Some(b) = b else { return };
                if let (Some(from_id), Some(typed)) = (id.birth, day(b.get(B_BIRTH)))
                    && from_id != typed
                {
                    self.error(
                        at,
                        "出生日期",
                        msg!(
                            "出生日期 {typed} 与证件号码中的出生日期 {from_id} 不符",
                            "出生日期 {typed} differs from the birth date in the ID number, {from_id}"
                        ),
                    );
                }
                if let (Some(from_id), Some(typed)) = (id.sex, b.get(B_SEX).ok())
                    && from_id.label() != typed
                {
                    let s = from_id.label();
                    self.error(
                        at,
                        "性别",
                        msg!(
                            "性别为“{typed}”,但证件号码表明为“{s}”",
                            "性别 is {typed}, but the ID number says {s}"
                        ),
                    );
                }
            }
        }
    }

    fn education(&mut self) {
        let p = self.p;
        let whole = At::tab(Section::Education, None);
        if p.education.is_empty() {
            self.error(
                whole,
                "",
                msg!(
                    "学习经历未填写:至少需要一条已毕业(非在读)的学历",
                    "学习经历 has not been filled in: at least one completed education is required"
                ),
            );
            return;
        }
        for e in &p.education {
            self.one_education(e);
        }
        if !p
            .education
            .iter()
            .any(|e| e.tab.get(E_IN_STUDY).yes() == Some(false))
        {
            self.error(
                whole,
                "是否在读",
                msg!(
                    "至少需要一条已毕业(是否在读为“否”)的学历",
                    "at least one completed education (是否在读 = 否) is required"
                ),
            );
        }
        // Levels graduate in order: 本科 before 硕士 before 博士.
        let mut done: Vec<(&Education, Month)> = p
            .education
            .iter()
            .filter_map(|e| month(e.tab.get(E_GRADUATED)).map(|m| (e, m)))
            .collect();
        done.sort_by_key(|(e, _)| level_rank(e.level));
        for pair in done.windows(2) {
            let ((lo, lo_m), (hi, hi_m)) = (pair[0], pair[1]);
            if hi_m < lo_m {
                let (a, b) = (lo.level, hi.level);
                self.warn(
                    At {
                        level: Some(hi.level),
                        ..At::tab(Section::Education, hi.tab.row)
                    },
                    "毕业时间",
                    msg!(
                        "{b}的毕业时间 {hi_m} 早于{a}的毕业时间 {lo_m}",
                        "{b} graduation {hi_m} is before {a} graduation {lo_m}"
                    ),
                );
            }
        }
    }

    /// 毕业院校 or 毕业专业 against the province's list, as the platform's
    /// dropdown offers it: a value in the list, or 其他 with the real name
    /// in the 其他 field beside it (docs/domain.md#school-and-major-lists).
    fn in_list(&mut self, at: At, t: &Tab, field: usize, other: usize, list: Option<&Names>) {
        let Some(list) = list else { return };
        let label = Section::Education.fields()[field].label;
        let other_label = Section::Education.fields()[other].label;
        match t.get(field).ok() {
            Some(v) if is_other(v) && t.get(other).is_blank() => {
                self.error(
                    at,
                    other_label,
                    msg!(
                        "{label}为“其他”,须填写{other_label}",
                        "{label} is 其他, so {other_label} is required"
                    ),
                );
            }
            Some(v) if is_other(v) => {}
            Some(v) if !list.contains(v) => {
                let v = v.to_owned();
                self.error(
                    at,
                    label,
                    msg!(
                        "{label}“{v}”不在列表中;列表中没有的,{label}填“其他”,真实名称填在{other_label}",
                        "{label} '{v}' is not in the list; for one that is not, write 其他 as {label} and the real name as {other_label}"
                    ),
                );
            }
            _ => {}
        }
    }

    fn one_education(&mut self, e: &Education) {
        let t = &e.tab;
        let level = e.level;
        let at = At {
            level: Some(level),
            ..At::tab(Section::Education, t.row)
        };
        self.fields(at, t);
        if t.get(E_SCHOOL).is_blank() && t.get(E_OTHER_SCHOOL).is_blank() {
            self.error(
                at,
                "毕业院校",
                msg!(
                    "毕业院校为必填项(学校不在列表中时填写其他毕业院校)",
                    "毕业院校 is required (or 其他毕业院校 when the school is not in the list)"
                ),
            );
        }
        if t.get(E_MAJOR).is_blank() && t.get(E_OTHER_MAJOR).is_blank() {
            self.error(
                at,
                "毕业专业",
                msg!(
                    "毕业专业为必填项(专业不在列表中时填写其他毕业专业)",
                    "毕业专业 is required (or 其他毕业专业 when the major is not in the list)"
                ),
            );
        }
        if let Some(lists) = self.ctx.lists {
            self.in_list(at, t, E_SCHOOL, E_OTHER_SCHOOL, lists.schools.as_ref());
            self.in_list(at, t, E_MAJOR, E_OTHER_MAJOR, lists.majors.as_ref());
        }
        let in_study = t.get(E_IN_STUDY).yes() == Some(true);
        let graduated = month(t.get(E_GRADUATED));
        let birth = self.birth.map(Month::of);
        if let Some(g) = graduated {
            if !in_study && g > self.today {
                self.error(
                    at,
                    "毕业时间",
                    msg!(
                        "毕业时间 {g} 在将来,但是否在读为“否”",
                        "毕业时间 {g} is in the future, but 是否在读 is 否"
                    ),
                );
            }
            if let Some(b) = birth
                && g <= b
            {
                self.error(
                    at,
                    "毕业时间",
                    msg!(
                        "毕业时间 {g} 不晚于出生日期 {b}",
                        "毕业时间 {g} is not after the birth date {b}"
                    ),
                );
            }
        }
        match month(t.get(E_EDUCATION_ON)) {
            None if t.get(E_EDUCATION_ON).is_blank() && !in_study => self.error(
                at,
                "取得学历时间",
                msg!("取得学历时间为必填项", "取得学历时间 is required"),
            ),
            None => {}
            Some(on) => {
                if on > self.today {
                    self.error(
                        at,
                        "取得学历时间",
                        msg!(
                            "取得学历时间 {on} 在将来",
                            "取得学历时间 {on} is in the future"
                        ),
                    );
                }
                if let Some(g) = graduated {
                    let gap = months_between(g, on);
                    if gap < 0 {
                        self.error(
                            at,
                            "取得学历时间",
                            msg!(
                                "取得学历时间 {on} 早于毕业时间 {g}",
                                "取得学历时间 {on} is before 毕业时间 {g}"
                            ),
                        );
                    } else if gap > 12 {
                        self.warn(
                            at,
                            "取得学历时间",
                            msg!(
                                "取得学历时间 {on} 比毕业时间 {g} 晚 {gap} 个月;通常与毕业时间一致",
                                "取得学历时间 {on} is {gap} months after 毕业时间 {g}; they are usually the same"
                            ),
                        );
                    }
                }
            }
        }
        if in_study && t.get(E_HAS_DIPLOMA).yes() == Some(true) {
            self.error(
                at,
                "是否获得毕业证书",
                msg!(
                    "是否在读为“是”,不应已获得毕业证书",
                    "是否在读 is 是, so there can be no diploma yet"
                ),
            );
        }
        let expected = match level {
            "中专" => "中等专业教育",
            "大专" => "大学专科教育",
            "本科" => "大学本科教育",
            _ => "研究生教育",
        };
        if let Some(edu) = t.get(E_EDUCATION).ok()
            && edu != expected
        {
            self.warn(
                at,
                "学历",
                msg!(
                    "学历层次为{level},学历通常为{expected},而不是{edu}",
                    "for the level {level}, 学历 is usually {expected}, not {edu}"
                ),
            );
        }
        let has_degree = t.get(E_HAS_DEGREE).yes();
        if has_degree == Some(true) && matches!(level, "中专" | "大专") {
            self.error(
                at,
                "是否获得学位证书",
                msg!(
                    "{level}没有学位;是否获得学位证书应为“否”",
                    "{level} confers no degree; 是否获得学位证书 should be 否"
                ),
            );
        }
        let degree = t.get(E_DEGREE).ok();
        let expected_degree = match level {
            "本科" => Some("学士"),
            "硕士" => Some("硕士"),
            "博士" => Some("博士"),
            _ => None,
        };
        if let (Some(d), Some(want)) = (degree, expected_degree)
            && d != want
            && has_degree != Some(false)
        {
            self.error(
                at,
                "学位",
                msg!(
                    "学历层次为{level},学位应为{want},而不是{d}",
                    "for the level {level}, 学位 should be {want}, not {d}"
                ),
            );
        }
        let degree_on = month(t.get(E_DEGREE_ON));
        if let Some(on) = degree_on
            && has_degree != Some(false)
        {
            if on > self.today {
                self.error(
                    at,
                    "取得学位时间",
                    msg!(
                        "取得学位时间 {on} 在将来",
                        "取得学位时间 {on} is in the future"
                    ),
                );
            }
            if let Some(g) = graduated
                && on < g
            {
                self.error(
                    at,
                    "取得学位时间",
                    msg!(
                        "取得学位时间 {on} 早于毕业时间 {g}",
                        "取得学位时间 {on} is before 毕业时间 {g}"
                    ),
                );
            }
        }
        if t.get(E_HAS_DIPLOMA).yes() != Some(false)
            && let Some(no) = t.get(E_DIPLOMA_NO).ok()
        {
            for (severity, m) in certificate::diploma(no, graduated.map(|g| g.year), Some(level)) {
                self.add(at, "学历证书编码", severity, m);
            }
        }
        if has_degree != Some(false)
            && let Some(no) = t.get(E_DEGREE_NO).ok()
        {
            for (severity, m) in certificate::degree(no, degree_on.map(|d| d.year), degree) {
                self.add(at, "学位证书编号", severity, m);
            }
        }
    }

    /// 工作信息: each job's dates in order and in the past; at most one job
    /// held to this day; jobs whose times overlap (a post held beside
    /// another, or a date typed wrong) to be looked at. The tab may be
    /// empty: not every resident has worked.
    fn work(&mut self) {
        let p = self.p;
        let today = When::day(self.ctx.today);
        let at = |n: usize, t: &Tab| At {
            job: Some(n as u32 + 1),
            ..At::tab(Section::Work, t.row)
        };
        for (n, t) in p.work.iter().enumerate() {
            let at = at(n, t);
            self.fields(at, t);
            let (start, end) = (When::of(t.get(W_START)), When::of(t.get(W_END)));
            let (s, e) = (
                t.get(W_START).text().unwrap_or(""),
                t.get(W_END).text().unwrap_or(""),
            );
            if let Some(start) = start {
                if today.before(start) {
                    self.error(
                        at,
                        "开始时间",
                        msg!("开始时间 {s} 在将来", "开始时间 {s} is in the future"),
                    );
                }
                if let Some(b) = self.birth
                    && !When::day(b).before(start)
                {
                    self.error(
                        at,
                        "开始时间",
                        msg!(
                            "开始时间 {s} 不晚于出生日期 {b}",
                            "开始时间 {s} is not after the birth date {b}"
                        ),
                    );
                }
            }
            if let Some(end) = end {
                if today.before(end) {
                    self.error(
                        at,
                        "结束时间",
                        msg!(
                            "结束时间 {e} 在将来;目前仍在该单位工作的,结束时间留空(至今)",
                            "结束时间 {e} is in the future; for a job held to this day, leave 结束时间 blank"
                        ),
                    );
                }
                if let Some(start) = start
                    && end.before(start)
                {
                    self.error(
                        at,
                        "结束时间",
                        msg!(
                            "结束时间 {e} 早于开始时间 {s}",
                            "结束时间 {e} is before 开始时间 {s}"
                        ),
                    );
                }
            }
        }
        // Held to this day: no 结束时间 (one typed but not a date is not
        // taken for none). One job at most; the others were left, most
        // likely all but the last begun.
        let current: Vec<usize> = (0..p.work.len())
            .filter(|&n| p.work[n].get(W_END).is_blank())
            .collect();
        if let Some((&last, earlier)) = current.split_last() {
            let l = last + 1;
            for &n in earlier {
                let k = n + 1;
                self.error(
                    at(n, &p.work[n]),
                    "结束时间",
                    msg!(
                        "第 {k} 条工作没有结束时间(至今),第 {l} 条也没有:目前在职的工作至多一条;请填写已离开单位的结束时间",
                        "job {k} has no 结束时间 (held to this day), and neither has job {l}: one job at most is current; give the end of the one left"
                    ),
                );
            }
        }
        // Overlaps, where the dates say so for certain: a later job begun
        // before an earlier one ended (a month is not before itself: a job
        // left in July and one begun in July do not overlap).
        for j in 1..p.work.len() {
            let later = &p.work[j];
            let Some(start) = When::of(later.get(W_START)) else {
                continue;
            };
            for i in 0..j {
                let earlier = &p.work[i];
                let overlaps = match earlier.get(W_END) {
                    Value::Blank => {
                        // Both held to this day: said above.
                        !later.get(W_END).is_blank()
                            && When::of(earlier.get(W_START)).is_some_and(|s| s.before(start))
                    }
                    v => When::of(v).is_some_and(|end| start.before(end)),
                };
                if !overlaps {
                    continue;
                }
                let (k, l) = (i + 1, j + 1);
                let s = later.get(W_START).text().unwrap_or("");
                let from = earlier.get(W_START).text().unwrap_or("");
                let end = earlier.get(W_END).text();
                let zh = end.map_or("至今".to_owned(), |e| format!("至 {e}"));
                let en = end.unwrap_or("this day");
                self.warn(
                    at(j, later),
                    "开始时间",
                    Msg::new(
                        format!("第 {l} 条工作开始于 {s},与第 {k} 条({from} {zh})时间重叠;兼职可不改,否则请核对起止时间"),
                        format!("job {l} began {s}, while job {k} ({from} to {en}) was held: a post held beside another needs no change, otherwise check the dates"),
                    ),
                );
            }
        }
    }

    fn certificate(&mut self) {
        let p = self.p;
        let Some(c) = &p.certificate else {
            self.error(
                At::tab(Section::Certificate, None),
                "",
                msg!("证书信息未填写", "证书信息 has not been filled in"),
            );
            return;
        };
        let at = At::tab(Section::Certificate, c.row);
        self.fields(at, c);
        let passed = c.get(C_PASSED).yes();
        let has = c.get(C_HAS_LICENCE).yes();
        if has == Some(true) && passed == Some(false) {
            self.error(
                at,
                "是否通过医师资格考试",
                msg!(
                    "是否获得医师资格证书为“是”,但是否通过医师资格考试为“否”",
                    "是否获得医师资格证书 is 是, but 是否通过医师资格考试 is 否"
                ),
            );
        }
        let exam = month(c.get(C_EXAM_ON)).filter(|_| passed != Some(false));
        let licence = month(c.get(C_LICENCE_ON)).filter(|_| has != Some(false));
        for (field, on) in [
            ("通过资格考试时间", exam),
            ("取得医师资格证书时间", licence),
        ] {
            let Some(on) = on else { continue };
            if on > self.today {
                self.error(
                    at,
                    field,
                    msg!("{field} {on} 在将来", "{field} {on} is in the future"),
                );
            }
            if let Some(b) = self.birth.map(Month::of)
                && on <= b
            {
                self.error(
                    at,
                    field,
                    msg!(
                        "{field} {on} 不晚于出生日期 {b}",
                        "{field} {on} is not after the birth date {b}"
                    ),
                );
            }
        }
        if let (Some(e), Some(l)) = (exam, licence)
            && l < e
        {
            self.error(
                at,
                "取得医师资格证书时间",
                msg!(
                    "取得医师资格证书时间 {l} 早于通过资格考试时间 {e}",
                    "取得医师资格证书时间 {l} is before 通过资格考试时间 {e}"
                ),
            );
        }
        if has != Some(false)
            && let Some(no) = c.get(C_LICENCE_NO).ok()
        {
            let years: Vec<i32> = [exam, licence].iter().flatten().map(|m| m.year).collect();
            for (severity, m) in certificate::licence(no, &p.id_number, &years) {
                self.add(at, "医师资格证书编码", severity, m);
            }
        }
    }
}

/// The outcome of a validation run (its JSON: `checked`, `valid`,
/// `invalid`, `issues`).
#[derive(Debug, Clone, Default, Serialize)]
pub struct Report {
    pub checked: u64,
    /// Profiles without errors (warnings allowed).
    pub valid: u64,
    pub invalid: u64,
    pub errors: u64,
    pub warnings: u64,
    pub issues: Vec<Issue>,
}

impl Report {
    /// Adds one profile's issues.
    pub fn add(&mut self, issues: Vec<Issue>) {
        self.checked += 1;
        let errors = issues
            .iter()
            .filter(|i| i.severity == Severity::Error)
            .count() as u64;
        self.errors += errors;
        self.warnings += issues.len() as u64 - errors;
        if errors > 0 {
            self.invalid += 1;
        } else {
            self.valid += 1;
        }
        self.issues.extend(issues);
    }
}

/// What a validation run is asked to check against.
#[derive(Debug, Clone)]
pub struct Options {
    /// The school and major lists (empty: nothing imported, nothing checked).
    pub lists: ProfileLists,
    pub today: NaiveDate,
    pub photo_rules: PhotoRules,
    /// Read the image files (false: a quick pass over the data alone).
    pub images: bool,
}

/// How many profiles a reader hands to its checker at a time.
const BATCH: usize = 512;

/// Below this many residents one thread reads and checks them all.
const PARALLEL_FROM: u64 = 4096;

/// Reads and checks the residents `filter` selects, on the calling thread.
/// Image files not yet in `photos` (shared by every thread of the run) are
/// read in parallel, each once.
fn check_range(
    conn: &Connection,
    filter: Filter,
    opts: &Options,
    photos: &RwLock<PhotoCache>,
    done: &AtomicU64,
    total: u64,
    progress: &(dyn Fn(u64, u64) + Sync),
) -> Result<Report> {
    let mut report = Report::default();
    store::stream(conn, filter, BATCH, &mut |batch| {
        let missing: Vec<String> = if !opts.images {
            Vec::new()
        } else {
            let cache = photos.read().unwrap_or_else(|e| e.into_inner());
            batch
                .iter()
                .flat_map(photo_paths)
                .filter(|p| cache.get(p).is_none())
                .map(str::to_owned)
                .collect()
        };
        if !missing.is_empty() {
            let read = PhotoCache::read_all(missing.iter().map(String::as_str));
            photos
                .write()
                .unwrap_or_else(|e| e.into_inner())
                .extend(read);
        }
        let cache = photos.read().unwrap_or_else(|e| e.into_inner());
        let ctx = Context {
            today: opts.today,
            photo_rules: opts.photo_rules,
            photos: Some(&cache),
            images: opts.images,
            lists: Some(&opts.lists),
        };
        for p in batch {
            report.add(check(p, &ctx));
        }
        let n = done.fetch_add(batch.len() as u64, Ordering::Relaxed) + batch.len() as u64;
        progress(n, total);
        Ok(())
    })?;
    Ok(report)
}

/// Validates the stored profiles of the residents of an organisation (all
/// when `org` is none), or of one recruitment year.
///
/// Reading the rows costs as much as checking them, so both are split:
/// the accounts are cut into ranges of row ids, and each range is read
/// through its own read-only connection to the same file and checked on
/// its own thread. (The ranges are read as each connection finds the
/// file: call this outside a write transaction.)
pub fn validate_db(
    conn: &Connection,
    org: Option<&str>,
    year: Option<i32>,
    opts: &Options,
    progress: &(dyn Fn(u64, u64) + Sync),
) -> Result<Report> {
    let org_id = match org {
        Some(code) => Some(crate::org::find_kind(conn, code, crate::org::OrgKind::Base)?.id),
        None => None,
    };
    let filter = Filter {
        org_id,
        year,
        ..Filter::default()
    };
    validate_where(conn, filter, opts, progress)
}

/// Validates the stored profiles of the accounts `filter` selects, as
/// [`validate_db`] does (applicants of recruitment: `role` applicant).
pub fn validate_where(
    conn: &Connection,
    filter: Filter,
    opts: &Options,
    progress: &(dyn Fn(u64, u64) + Sync),
) -> Result<Report> {
    let total = store::count(conn, filter)?;
    let done = AtomicU64::new(0);
    let photos = RwLock::new(PhotoCache::default());
    let path = conn.path().filter(|p| !p.is_empty()).map(PathBuf::from);
    let (Some(path), Some((lo, hi))) = (path, store::id_range(conn)?) else {
        return check_range(conn, filter, opts, &photos, &done, total, progress);
    };
    if total < PARALLEL_FROM {
        return check_range(conn, filter, opts, &photos, &done, total, progress);
    }
    let parts = (rayon::current_num_threads() * 4) as i64;
    let step = ((hi - lo) / parts).max(1) + 1;
    let ranges: Vec<(i64, i64)> = (0..parts)
        .map(|k| (lo + k * step, (lo + (k + 1) * step - 1).min(hi)))
        .filter(|(a, b)| a <= b)
        .collect();
    let reports: Vec<Result<Report>> = ranges
        .par_iter()
        .map(|&ids| {
            let c = Connection::open_sqlite_read_only(&path)?;
            // Reading through a memory map spares a system call per page.
            c.pragma_update(None, "mmap_size", 1i64 << 30)?;
            let part = Filter { ids, ..filter };
            check_range(&c, part, opts, &photos, &done, total, progress)
        })
        .collect();
    let mut all = Report::default();
    for r in reports {
        let r = r?;
        all.checked += r.checked;
        all.valid += r.valid;
        all.invalid += r.invalid;
        all.errors += r.errors;
        all.warnings += r.warnings;
        all.issues.extend(r.issues);
    }
    Ok(all)
}

/// What validating a workbook found besides the profiles' issues.
#[derive(Debug, Clone, Default)]
pub struct FileReport {
    pub report: Report,
    /// Headers that name no field, per sheet: ignored.
    pub unknown_columns: Vec<(Section, Vec<String>)>,
    /// Fields without a column, per sheet: read as blank.
    pub missing_columns: Vec<(Section, Vec<&'static str>)>,
}

/// Validates a profile workbook straight from the file; nothing is written.
pub fn validate_file(
    path: &Path,
    opts: &Options,
    progress: &(dyn Fn(u64, u64) + Sync),
) -> Result<FileReport> {
    let book = sheet::read(path, opts.today, progress)?;
    let mut cache = PhotoCache::default();
    if opts.images {
        cache.fill(book.people.iter().flat_map(|p| photo_paths(&p.profile)));
    }
    let ctx = Context {
        today: opts.today,
        photo_rules: opts.photo_rules,
        photos: Some(&cache),
        images: opts.images,
        lists: Some(&opts.lists),
    };
    let checked: Vec<Vec<Issue>> = book
        .people
        .par_iter()
        .map(|person| {
            let p = &person.profile;
            let mut issues: Vec<Issue> = person
                .problems
                .iter()
                .map(|x| Issue {
                    id_number: p.id_number.clone(),
                    name: p.name().to_owned(),
                    section: x.section,
                    level: x.level,
                    job: None,
                    field: x.field,
                    severity: Severity::Error,
                    message: x.message.clone(),
                    row: Some(x.row),
                })
                .collect();
            issues.extend(check(p, &ctx));
            issues
        })
        .collect();
    let mut report = Report::default();
    for issues in checked {
        report.add(issues);
    }
    for x in book.unattached {
        report.errors += 1;
        report.issues.push(Issue {
            id_number: String::new(),
            name: String::new(),
            section: x.section,
            level: x.level,
            job: None,
            field: x.field,
            severity: Severity::Error,
            message: x.message,
            row: Some(x.row),
        });
    }
    Ok(FileReport {
        report,
        unknown_columns: book.unknown_columns,
        missing_columns: book.missing_columns,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::profile::model::AccountFacts;

    fn ok(s: &str) -> Value {
        Value::Ok(s.to_owned())
    }

    fn tab(section: Section, set: &[(usize, &str)]) -> Tab {
        let mut t = Tab::blank(section);
        for (i, v) in set {
            t.values[*i] = ok(v);
        }
        t
    }

    /// A complete, valid profile (photos aside) of 362301199202281048, 刘梦石
    /// (the national platform manual's example).
    fn good() -> Profile {
        Profile {
            id_number: "362301199202281048".into(),
            account: Some(AccountFacts {
                name: "刘梦石".into(),
                id_type: "居民身份证".into(),
            }),
            basic: Some(tab(
                Section::Basic,
                &[
                    (B_NAME, "刘梦石"),
                    (B_SEX, "女"),
                    (B_ETHNICITY, "汉族"),
                    (B_BIRTH, "1992-02-28"),
                    (B_MARITAL, "未婚"),
                    (B_NATIONALITY, "中国大陆"),
                    (B_ID_TYPE, "居民身份证"),
                    (B_PROVINCE, "江西"),
                    (B_MOBILE, "13607038482"),
                    (B_EMAIL, "252632069@qq.com"),
                ],
            )),
            education: vec![Education {
                level: "本科",
                tab: tab(
                    Section::Education,
                    &[
                        (E_IN_STUDY, "否"),
                        (E_SCHOOL, "南昌大学"),
                        (E_MAJOR, "临床医学"),
                        (E_GRADUATED, "2015-07"),
                        (E_EDUCATION, "大学本科教育"),
                        (E_EDUCATION_ON, "2015-07"),
                        (E_HAS_DIPLOMA, "是"),
                        (E_DIPLOMA_NO, "104031201505001234"),
                        (E_HAS_DEGREE, "是"),
                        (E_DEGREE_TYPE, "专业型"),
                        (E_DEGREE, "学士"),
                        (E_DEGREE_ON, "2015-07"),
                        (E_DEGREE_NO, "1040342015001234"),
                    ],
                ),
            }],
            certificate: Some(tab(
                Section::Certificate,
                &[(C_PASSED, "否"), (C_HAS_LICENCE, "否")],
            )),
            work: Vec::new(),
            other_name: None,
        }
    }

    fn issues(p: &Profile) -> Vec<(String, Severity)> {
        let ctx = Context::new(NaiveDate::from_ymd_opt(2019, 10, 20).unwrap());
        check(p, &ctx)
            .into_iter()
            .filter(|i| !(i.field.contains('照') || i.field.contains("原件")))
            .map(|i| (format!("{}:{}", i.field, i.message.en), i.severity))
            .collect()
    }

    #[test]
    fn a_good_profile_passes_but_for_photos() {
        assert_eq!(issues(&good()), vec![]);
    }

    #[test]
    fn id_number_decides_birth_date_and_sex() {
        let mut p = good();
        let b = p.basic.as_mut().unwrap();
        b.values[B_SEX] = ok("男");
        b.values[B_BIRTH] = ok("1992-02-27");
        let found = issues(&p);
        assert_eq!(found.len(), 2, "{found:?}");
        assert!(found[0].0.starts_with("出生日期:"), "{found:?}");
        assert!(found[1].0.starts_with("性别:"), "{found:?}");
    }

    #[test]
    fn conditional_fields_name_their_dependency() {
        let mut p = good();
        let c = p.certificate.as_mut().unwrap();
        c.values[C_PASSED] = ok("是");
        c.values[C_HAS_LICENCE] = ok("是");
        let found = issues(&p);
        assert!(
            found.iter().any(|(m, s)| m.contains(
                "医师资格证书编码:是否获得医师资格证书 is 是, so 医师资格证书编码 is required"
            ) && *s == Severity::Error),
            "{found:?}"
        );
        assert!(
            found
                .iter()
                .any(|(m, _)| m.starts_with("通过资格考试时间:"))
        );
    }

    #[test]
    fn one_completed_education_is_required() {
        let mut p = good();
        p.education[0].tab.values[E_IN_STUDY] = ok("是");
        p.education[0].tab.values[E_HAS_DIPLOMA] = ok("否");
        p.education[0].tab.values[E_DIPLOMA_NO] = Value::Blank;
        let found = issues(&p);
        assert!(
            found
                .iter()
                .any(|(m, _)| m.contains("at least one completed")),
            "{found:?}"
        );
        p.education.clear();
        assert!(issues(&p)[0].0.contains("学习经历 has not been filled in"));
    }

    #[test]
    fn raw_values_are_quoted() {
        let mut p = good();
        p.basic.as_mut().unwrap().values[B_ETHNICITY] = Value::Raw("火星族".into());
        let found = issues(&p);
        assert_eq!(found.len(), 1);
        assert!(found[0].0.contains("'火星族'"));
    }
}
