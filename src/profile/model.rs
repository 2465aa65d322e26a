//! A resident profile as a value: what a workbook holds or the database
//! stores, in one shape, so that one rule set checks both.

use std::borrow::Cow;

use super::fields::{B_ID_TYPE, B_NAME, Kind, Section, W_START};
use crate::rules::codes::{EDUCATION_LEVEL, Ethnicity, Province};
use crate::rules::id::{IdType, Sex};
use crate::rules::person;
use crate::rules::text::yes_no;
use crate::sheet::Cell;

/// One field's value.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub enum Value {
    /// Nothing was typed.
    #[default]
    Blank,
    /// A recognised value in its stored form (是, 汉族, 2018-08, 四川 …).
    Ok(String),
    /// Typed text that is not a value of the field's kind, kept as typed
    /// (after trimming) so that validation can quote it.
    Raw(String),
}

impl Value {
    pub fn ok(&self) -> Option<&str> {
        match self {
            Value::Ok(s) => Some(s),
            _ => None,
        }
    }

    /// The text, recognised or not.
    pub fn text(&self) -> Option<&str> {
        match self {
            Value::Ok(s) | Value::Raw(s) => Some(s),
            Value::Blank => None,
        }
    }

    pub fn is_blank(&self) -> bool {
        matches!(self, Value::Blank)
    }

    /// 是 → true, 否 → false, anything else → None.
    pub fn yes(&self) -> Option<bool> {
        match self.ok() {
            Some("是") => Some(true),
            Some("否") => Some(false),
            _ => None,
        }
    }
}

/// Reads a cell as a value of `kind`. Photo paths are resolved elsewhere
/// (they need the workbook's folder); here they are kept as typed.
pub fn read_cell(kind: Kind, cell: &Cell) -> Value {
    if cell.is_blank() {
        return Value::Blank;
    }
    let text = || cell.text();
    let or_raw = |v: Option<Cow<'_, str>>| match v {
        Some(s) => Value::Ok(s.into_owned()),
        None => Value::Raw(text().into_owned()),
    };
    match kind {
        Kind::Text | Kind::Suggest(_) | Kind::Photo(_) => Value::Ok(text().into_owned()),
        Kind::Name => or_raw(person::name(&text()).ok().map(Cow::Owned)),
        Kind::Sex => or_raw(Sex::parse(&text()).map(|s| s.label().into())),
        Kind::Ethnicity => or_raw(Ethnicity::find(&text()).map(|e| e.name.into())),
        Kind::Day => or_raw(
            cell.as_day()
                .map(|d| d.format("%Y-%m-%d").to_string().into()),
        ),
        Kind::Month => or_raw(cell.as_month().map(|m| m.to_string().into())),
        Kind::DayOrMonth => or_raw(
            cell.as_day()
                .map(|d| d.format("%Y-%m-%d").to_string())
                .or_else(|| cell.as_month().map(|m| m.to_string()))
                .map(Cow::Owned),
        ),
        Kind::YesNo => or_raw(yes_no(&text()).map(|y| if y { "是" } else { "否" }.into())),
        Kind::IdType => or_raw(IdType::parse(&text()).map(|t| t.label().into())),
        Kind::Province => or_raw(Province::find(&text()).map(|p| p.short.into())),
        Kind::Mobile => or_raw(person::mobile(&cell.display()).ok().map(Cow::Owned)),
        Kind::Email => or_raw(person::email(&text()).ok().map(Cow::Owned)),
        Kind::Qq => {
            let t = text();
            let ok = (5..=11).contains(&t.len())
                && t.bytes().all(|b| b.is_ascii_digit())
                && !t.starts_with('0');
            or_raw(ok.then_some(t.clone()))
        }
        Kind::Code(list) => or_raw(list.find(&text()).map(Cow::Borrowed)),
    }
}

/// One tab's values, in the order of its field table.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Tab {
    pub values: Vec<Value>,
    /// The spreadsheet row it came from, when it came from one.
    pub row: Option<u32>,
}

impl Tab {
    pub fn blank(section: Section) -> Tab {
        Tab {
            values: vec![Value::Blank; section.fields().len()],
            row: None,
        }
    }

    pub fn get(&self, i: usize) -> &Value {
        &self.values[i]
    }
}

/// One level of 学习经历 (中专, 大专, 本科, 硕士, 博士).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Education {
    /// The level, as stored (one of EDUCATION_LEVEL's values).
    pub level: &'static str,
    pub tab: Tab,
}

/// The order of a level: 中专 0 … 博士 4.
pub fn level_rank(level: &str) -> usize {
    EDUCATION_LEVEL
        .values
        .iter()
        .position(|v| *v == level)
        .unwrap_or(usize::MAX)
}

/// What the database knows about the person from their account.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AccountFacts {
    pub name: String,
    pub id_type: String,
}

/// A resident's profile: its tabs, any of which may be missing.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Profile {
    /// 证件号码, the key.
    pub id_number: String,
    /// From the database: the account's name and ID type. From a workbook: none.
    pub account: Option<AccountFacts>,
    pub basic: Option<Tab>,
    /// In level order, one per level.
    pub education: Vec<Education>,
    /// 工作信息: the jobs, in the order of their start (job 1 first).
    pub work: Vec<Tab>,
    pub certificate: Option<Tab>,
    /// From a workbook: the name written beside the key in 学习经历,
    /// 工作信息 or 证书信息, shown when 基本信息 is missing.
    pub other_name: Option<String>,
}

impl Profile {
    /// The name to show: the account's, else the one typed in 基本信息.
    pub fn name(&self) -> &str {
        self.account
            .as_ref()
            .map(|a| a.name.as_str())
            .or_else(|| self.basic.as_ref().and_then(|b| b.get(B_NAME).text()))
            .or(self.other_name.as_deref())
            .unwrap_or("")
    }

    /// The ID type: the account's, else the one typed in 基本信息, else 居民身份证.
    pub fn id_type(&self) -> IdType {
        // Stored values are labels: find those without parsing.
        let parse = |s: &str| {
            IdType::ALL
                .into_iter()
                .find(|t| t.label() == s)
                .or_else(|| IdType::parse(s))
        };
        self.account
            .as_ref()
            .and_then(|a| parse(&a.id_type))
            .or_else(|| {
                self.basic
                    .as_ref()
                    .and_then(|b| b.get(B_ID_TYPE).ok())
                    .and_then(parse)
            })
            .unwrap_or(IdType::ResidentCard)
    }

    /// Whether nothing of the profile has been filled in.
    pub fn is_empty(&self) -> bool {
        self.basic.is_none()
            && self.education.is_empty()
            && self.work.is_empty()
            && self.certificate.is_none()
    }

    /// Every tab filled in, in the platform's order: the tab, the level
    /// of a 学习经历 row, the number of a job (1 for the first), its values.
    pub fn tabs(&self) -> impl Iterator<Item = TabRef<'_>> {
        let one = |section, tab| TabRef {
            section,
            level: None,
            job: None,
            tab,
        };
        self.basic
            .iter()
            .map(move |t| one(Section::Basic, t))
            .chain(self.education.iter().map(|e| TabRef {
                section: Section::Education,
                level: Some(e.level),
                job: None,
                tab: &e.tab,
            }))
            .chain(self.work.iter().enumerate().map(|(n, t)| TabRef {
                section: Section::Work,
                level: None,
                job: Some(n as u32 + 1),
                tab: t,
            }))
            .chain(
                self.certificate
                    .iter()
                    .map(move |t| one(Section::Certificate, t)),
            )
    }
}

/// One tab of a profile, where it lies (see [`Profile::tabs`]).
#[derive(Debug, Clone, Copy)]
pub struct TabRef<'p> {
    pub section: Section,
    /// For 学习经历: the level.
    pub level: Option<&'static str>,
    /// For 工作信息: the job's number, 1 for the earliest.
    pub job: Option<u32>,
    pub tab: &'p Tab,
}

/// The order of jobs: by 开始时间 as stored (a month sorts before the days
/// of it), jobs whose start is not known last, the file's order kept among
/// equals.
pub fn sort_jobs(jobs: &mut [Tab]) {
    fn key(t: &Tab) -> (bool, Option<&str>) {
        let start = t.get(W_START).ok();
        (start.is_none(), start)
    }
    jobs.sort_by(|a, b| key(a).cmp(&key(b)));
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::profile::fields::Kind;
    use crate::rules::codes::MARITAL_STATUS;

    fn t(s: &str) -> Cell {
        Cell::Text(s.to_owned())
    }

    #[test]
    fn cells_are_normalised_or_kept_raw() {
        assert_eq!(read_cell(Kind::Sex, &t("男性")), Value::Ok("男".into()));
        assert_eq!(read_cell(Kind::Sex, &t("未知")), Value::Raw("未知".into()));
        assert_eq!(read_cell(Kind::Sex, &t(" ")), Value::Blank);
        assert_eq!(
            read_cell(Kind::Ethnicity, &t("汉")),
            Value::Ok("汉族".into())
        );
        assert_eq!(read_cell(Kind::YesNo, &t("Y")), Value::Ok("是".into()));
        assert_eq!(read_cell(Kind::YesNo, &t("0")), Value::Ok("否".into()));
        assert_eq!(
            read_cell(Kind::Day, &Cell::Float(43709.0)),
            Value::Ok("2019-09-01".into())
        );
        assert_eq!(
            read_cell(Kind::Day, &t("2019年9月1日")),
            Value::Ok("2019-09-01".into())
        );
        assert_eq!(
            read_cell(Kind::Month, &t("2018.8")),
            Value::Ok("2018-08".into())
        );
        assert_eq!(
            read_cell(Kind::DayOrMonth, &t("2019/8")),
            Value::Ok("2019-08".into())
        );
        assert_eq!(
            read_cell(Kind::DayOrMonth, &t("2019/8/23")),
            Value::Ok("2019-08-23".into())
        );
        assert_eq!(
            read_cell(Kind::Province, &t("四川省")),
            Value::Ok("四川".into())
        );
        assert_eq!(
            read_cell(Kind::Province, &t("51")),
            Value::Ok("四川".into())
        );
        assert_eq!(
            read_cell(Kind::Mobile, &Cell::Float(13607038482.0)),
            Value::Ok("13607038482".into())
        );
        assert_eq!(
            read_cell(Kind::Qq, &t("252632069")),
            Value::Ok("252632069".into())
        );
        assert_eq!(read_cell(Kind::Qq, &t("qq123")), Value::Raw("qq123".into()));
        assert_eq!(
            read_cell(Kind::Code(&MARITAL_STATUS), &t("离异")),
            Value::Ok("离婚".into())
        );
        assert_eq!(
            read_cell(Kind::IdType, &t("身份证")),
            Value::Ok("居民身份证".into())
        );
    }
}
