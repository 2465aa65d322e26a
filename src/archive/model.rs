//! A technical archive as a value: what a workbook proposes, what a change
//! record holds and what the unit approved, in one shape, stored as JSON
//! keyed by the platform's Chinese labels.

use std::borrow::Cow;
use std::sync::LazyLock;

use regex::Regex;
use serde_json::{Map, Value as Json};

use super::fields::{Kind, LISTS, Section};
use crate::i18n::Msg;
use crate::msg;
use crate::rules::codes::Ethnicity;
use crate::rules::id::{IdType, Sex};
use crate::rules::person;
use crate::rules::text::{identifier, normalize, yes_no};
use crate::sheet::Cell;

/// The values of one section's row, in the order of its field table; `None`
/// is blank.
pub type Values = Vec<Option<String>>;

/// A member's archive: 个人基本信息 (absent until first given) and the five
/// lists.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Archive {
    pub basic: Option<Values>,
    /// By index into [`LISTS`].
    pub lists: [Vec<Values>; 5],
}

/// What a workbook states about one member: the sections it gives, each
/// replacing the archive's (`None`: the workbook says nothing of it, and it
/// stays as it was).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Proposal {
    pub basic: Option<Values>,
    pub lists: [Option<Vec<Values>>; 5],
}

impl Proposal {
    /// The archive that results from applying this to `base`.
    pub fn apply(&self, base: &Archive) -> Archive {
        let mut out = base.clone();
        if let Some(b) = &self.basic {
            out.basic = Some(b.clone());
        }
        for (i, list) in self.lists.iter().enumerate() {
            if let Some(rows) = list {
                out.lists[i] = rows.clone();
            }
        }
        out
    }

    /// The sections it gives.
    pub fn sections(&self) -> Vec<Section> {
        let mut out = Vec::new();
        if self.basic.is_some() {
            out.push(Section::Basic);
        }
        for (i, list) in self.lists.iter().enumerate() {
            if list.is_some() {
                out.push(LISTS[i]);
            }
        }
        out
    }
}

impl Archive {
    /// The rows of a list section.
    pub fn list(&self, s: Section) -> &[Values] {
        s.list_index().map_or(&[], |i| &self.lists[i])
    }

    pub fn is_empty(&self) -> bool {
        self.basic.is_none() && self.lists.iter().all(Vec::is_empty)
    }

    /// A 个人基本信息 value by field index.
    pub fn basic(&self, field: usize) -> Option<&str> {
        self.basic
            .as_ref()
            .and_then(|b| b.get(field))
            .and_then(|v| v.as_deref())
    }

    /// The stored form: a JSON object of the sections given, each row an
    /// object of its filled fields by label.
    pub fn to_json(&self) -> String {
        let mut doc = Map::new();
        let row = |section: Section, values: &Values| {
            let mut m = Map::new();
            for (f, v) in section.fields().iter().zip(values) {
                if let Some(v) = v {
                    m.insert(f.label.to_owned(), Json::String(v.clone()));
                }
            }
            Json::Object(m)
        };
        if let Some(b) = &self.basic {
            doc.insert(Section::Basic.label().to_owned(), row(Section::Basic, b));
        }
        for (i, rows) in self.lists.iter().enumerate() {
            if !rows.is_empty() {
                let s = LISTS[i];
                doc.insert(
                    s.label().to_owned(),
                    Json::Array(rows.iter().map(|r| row(s, r)).collect()),
                );
            }
        }
        Json::Object(doc).to_string()
    }

    /// Reads the stored form back; labels it does not know are passed over.
    pub fn from_json(text: &str) -> Archive {
        let doc: Json = serde_json::from_str(text).unwrap_or(Json::Null);
        let row = |section: Section, v: &Json| -> Values {
            section
                .fields()
                .iter()
                .map(|f| v.get(f.label).and_then(Json::as_str).map(str::to_owned))
                .collect()
        };
        let mut out = Archive::default();
        if let Some(b) = doc.get(Section::Basic.label()) {
            out.basic = Some(row(Section::Basic, b));
        }
        for (i, s) in LISTS.iter().enumerate() {
            if let Some(rows) = doc.get(s.label()).and_then(Json::as_array) {
                out.lists[i] = rows.iter().map(|r| row(*s, r)).collect();
            }
        }
        out
    }

    /// Every filled value, for the font check of what is printed.
    pub fn texts(&self) -> impl Iterator<Item = &str> {
        self.basic
            .iter()
            .flatten()
            .chain(self.lists.iter().flatten().flatten())
            .filter_map(|v| v.as_deref())
    }
}

/// As `archive show` prints it: every section by label, in the platform's
/// order; every field of a row, blank ones as null.
impl serde::Serialize for Archive {
    fn serialize<S: serde::Serializer>(&self, s: S) -> std::result::Result<S::Ok, S::Error> {
        use serde::ser::SerializeMap;
        struct Row<'a>(Section, &'a Values);
        impl serde::Serialize for Row<'_> {
            fn serialize<S: serde::Serializer>(
                &self,
                s: S,
            ) -> std::result::Result<S::Ok, S::Error> {
                let mut m = s.serialize_map(Some(self.1.len()))?;
                for (f, v) in self.0.fields().iter().zip(self.1) {
                    m.serialize_entry(f.label, v)?;
                }
                m.end()
            }
        }
        let mut m = s.serialize_map(Some(Section::ALL.len()))?;
        m.serialize_entry(
            Section::Basic.label(),
            &self.basic.as_ref().map(|b| Row(Section::Basic, b)),
        )?;
        for (i, section) in LISTS.iter().enumerate() {
            let rows: Vec<Row<'_>> = self.lists[i].iter().map(|r| Row(*section, r)).collect();
            m.serialize_entry(section.label(), &rows)?;
        }
        m.end()
    }
}

static POSTCODE: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"^\d{6}$").unwrap());
/// A landline: area code (0 and 2–3 digits), the number (7–8 digits), an
/// optional extension.
static LANDLINE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^0\d{2,3}-?\d{7,8}(-\d{1,6})?$").unwrap());
static PRACTICE_LICENCE: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"^\d{15}$").unwrap());

/// The longest free text of a field, in characters.
pub const TEXT_MAX: usize = 200;

/// Reads a cell as a value of `kind`: blank is `None`, a value is its
/// stored form, anything else is refused with why. Photo paths are
/// resolved elsewhere (they need the workbook's folder); here they are
/// kept as typed.
pub fn read_cell(label: &str, kind: Kind, cell: &Cell) -> Result<Option<String>, Msg> {
    if cell.is_blank() {
        return Ok(None);
    }
    let text = cell.text();
    let shown = cell.display();
    let bad = |what: Msg| Err(what);
    let value: Cow<'_, str> = match kind {
        Kind::Text | Kind::Suggest(_) | Kind::Photo => {
            if text.chars().any(char::is_control) {
                return bad(msg!(
                    "{label}含控制字符",
                    "{label} contains control characters"
                ));
            }
            let n = text.chars().count();
            if n > TEXT_MAX {
                return bad(msg!(
                    "{label}过长({n} 个字符,最多 {TEXT_MAX})",
                    "{label} is too long ({n} characters, at most {TEXT_MAX})"
                ));
            }
            text.clone()
        }
        Kind::Name => Cow::Owned(person::name(&text)?),
        Kind::Sex => match Sex::parse(&text) {
            Some(s) => Cow::Borrowed(s.label()),
            None => {
                return bad(msg!(
                    "性别“{shown}”应为 男 或 女",
                    "性别 '{shown}' must be 男 or 女"
                ));
            }
        },
        Kind::Ethnicity => match Ethnicity::find(&text) {
            Some(e) => Cow::Borrowed(e.name),
            None => {
                return bad(msg!("不认识的民族“{shown}”", "unknown 民族 '{shown}'"));
            }
        },
        Kind::Date => match cell.as_day() {
            Some(d) => Cow::Owned(d.format("%Y-%m-%d").to_string()),
            None => match cell.as_month() {
                Some(m) => Cow::Owned(m.to_string()),
                None => {
                    return bad(msg!(
                        "{label}“{shown}”不是日期(如 2013-07-11 或 2013-07)",
                        "{label} '{shown}' is not a date (such as 2013-07-11 or 2013-07)"
                    ));
                }
            },
        },
        Kind::YesNo => match yes_no(&text) {
            Some(y) => Cow::Borrowed(if y { "是" } else { "否" }),
            None => {
                return bad(msg!(
                    "{label}“{shown}”应为 是 或 否",
                    "{label} '{shown}' must be 是 or 否"
                ));
            }
        },
        Kind::IdType => match IdType::parse(&text) {
            Some(t) => Cow::Borrowed(t.label()),
            None => {
                return bad(msg!(
                    "不认识的证件类型“{shown}”",
                    "unknown 证件类型 '{shown}'"
                ));
            }
        },
        Kind::Email => Cow::Owned(person::email(&text)?),
        Kind::Phone => match person::mobile(&shown) {
            Ok(m) => Cow::Owned(m),
            Err(_) => {
                let n: String = normalize(&shown)
                    .chars()
                    .filter(|c| !c.is_whitespace())
                    .map(|c| if "–—－".contains(c) { '-' } else { c })
                    .collect();
                if LANDLINE.is_match(&n) {
                    Cow::Owned(n)
                } else {
                    return bad(msg!(
                        "联系电话 {shown} 无效(应为手机号码,或带区号的固定电话如 028-85422114)",
                        "联系电话 {shown} is not valid (a mobile number, or a landline with its area code such as 028-85422114)"
                    ));
                }
            }
        },
        Kind::Postcode => {
            let n = identifier(&shown);
            if !POSTCODE.is_match(&n) {
                return bad(msg!(
                    "邮政编码 {shown} 应为 6 位数字",
                    "邮政编码 {shown} must be 6 digits"
                ));
            }
            Cow::Owned(n)
        }
        Kind::PracticeLicence => {
            let n = identifier(&shown);
            if crate::rules::certificate::stored_as_number(&n) {
                return bad(msg!(
                    "{label} {n} 已丢失数字:该单元格被存为数字,请把该列设为文本格式后重新录入",
                    "{label} {n} has lost digits: the cell was stored as a number; format the column as text and re-enter"
                ));
            }
            if !PRACTICE_LICENCE.is_match(&n) {
                let len = n.chars().count();
                return bad(msg!(
                    "{label} {n} 应为 15 位数字(医师执业证书编码),这里是 {len} 位",
                    "{label} {n} must be 15 digits (the practising certificate number); it has {len}"
                ));
            }
            Cow::Owned(n)
        }
        Kind::Code(list) => match list.find(&text) {
            Some(v) => Cow::Borrowed(v),
            None => {
                let all = list.joined();
                return bad(msg!(
                    "{label}“{shown}”不在可选值中(可用:{all})",
                    "{label} '{shown}' is not one of: {all}"
                ));
            }
        },
    };
    Ok(Some(value.into_owned()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::archive::fields::{BASIC, HIGHEST_EDUCATION};

    fn t(s: &str) -> Cell {
        Cell::Text(s.to_owned())
    }

    #[test]
    fn cells_are_normalised_or_refused() {
        assert_eq!(
            read_cell("出生日期", Kind::Date, &t("1985年11月20日")).unwrap(),
            Some("1985-11-20".into())
        );
        assert_eq!(
            read_cell("毕业时间", Kind::Date, &t("2008.7")).unwrap(),
            Some("2008-07".into())
        );
        assert!(read_cell("毕业时间", Kind::Date, &t("去年")).is_err());
        assert_eq!(
            read_cell("联系电话", Kind::Phone, &t("+86 138 0000 0001")).unwrap(),
            Some("13800000001".into())
        );
        assert_eq!(
            read_cell("联系电话", Kind::Phone, &t("028－85422114")).unwrap(),
            Some("028-85422114".into())
        );
        assert!(read_cell("联系电话", Kind::Phone, &t("12345")).is_err());
        assert_eq!(
            read_cell("邮政编码", Kind::Postcode, &Cell::Int(610041)).unwrap(),
            Some("610041".into())
        );
        assert!(read_cell("邮政编码", Kind::Postcode, &t("61004")).is_err());
        assert_eq!(
            read_cell("执业医师证号", Kind::PracticeLicence, &t("110510000012345")).unwrap(),
            Some("110510000012345".into())
        );
        let e = read_cell("执业医师证号", Kind::PracticeLicence, &t("DOC20130711")).unwrap_err();
        assert!(e.en.contains("15 digits"), "{}", e.en);
        assert!(
            read_cell(
                "执业医师证号",
                Kind::PracticeLicence,
                &t("1.10510000012345E+14")
            )
            .is_err()
        );
        assert_eq!(
            read_cell("最高学历", Kind::Code(&HIGHEST_EDUCATION), &t("本科")).unwrap(),
            Some("大学本科".into())
        );
        assert_eq!(
            read_cell("民族", Kind::Ethnicity, &t("汉")).unwrap(),
            Some("汉族".into())
        );
        assert_eq!(
            read_cell("是否执业医师", Kind::YesNo, &t("Y")).unwrap(),
            Some("是".into())
        );
        assert_eq!(read_cell("籍贯", Kind::Text, &t("  ")).unwrap(), None);
    }

    #[test]
    fn json_round_trip_keeps_values_and_passes_over_unknown_labels() {
        let mut basic = vec![None; BASIC.len()];
        basic[0] = Some("王雪梅".to_owned());
        basic[4] = Some("汉族".to_owned());
        let mut a = Archive {
            basic: Some(basic),
            ..Archive::default()
        };
        a.lists[0] = vec![vec![
            Some("1993-09".into()),
            Some("1998-07".into()),
            Some("四川大学".into()),
            None,
            None,
            None,
        ]];
        let back = Archive::from_json(&a.to_json());
        assert_eq!(back, a);
        let odd = Archive::from_json(r#"{"个人基本信息": {"姓名": "张三", "身高": "180"}}"#);
        assert_eq!(odd.basic(0), Some("张三"));
        assert!(Archive::from_json("not json").is_empty());
    }
}
