//! CME credits (学分): their types and amounts, as people type them.
//!
//! Amounts are kept as integer tenths (3.5 credits = 35) from the moment
//! they are read: sums over millions of records are exact, and a value
//! with two decimals is refused rather than rounded.

use serde::Serialize;

use super::text::normalize;
use crate::i18n::Msg;
use crate::msg;

/// The type of a credit (学分类型). Class I and class II are not
/// interchangeable (2006 credit regulation).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
pub enum CreditType {
    #[serde(rename = "国家级I类")]
    National1,
    #[serde(rename = "省级I类")]
    Provincial1,
    #[serde(rename = "II类")]
    Class2,
}

/// The code list of credit types, as stored and as the templates list them.
pub const CREDIT_TYPES: [&str; 3] = ["国家级I类", "省级I类", "II类"];

impl CreditType {
    pub const ALL: [CreditType; 3] = [
        CreditType::National1,
        CreditType::Provincial1,
        CreditType::Class2,
    ];

    pub fn label(self) -> &'static str {
        match self {
            CreditType::National1 => "国家级I类",
            CreditType::Provincial1 => "省级I类",
            CreditType::Class2 => "II类",
        }
    }

    /// The 学分种类 column of a certificate, as the CME platform's certificate
    /// prints it.
    pub fn certificate_label(self) -> &'static str {
        match self {
            CreditType::National1 => "国家级",
            CreditType::Provincial1 => "省I类",
            CreditType::Class2 => "II类",
        }
    }

    /// The stored label back to the type.
    pub fn from_label(s: &str) -> Option<CreditType> {
        CreditType::ALL.into_iter().find(|t| t.label() == s)
    }

    /// Recognises the names in use: 国家级I类, 国家级Ⅰ类, 国家I类, 国家级一类,
    /// 国家级 (as certificates print it), 省级I类, 省I类, 省级一类, II类, Ⅱ类, 二类, 省级II类 ….
    /// A bare "I类" is refused: it does not say national or provincial.
    pub fn parse(raw: &str) -> Option<CreditType> {
        let s = normalize(raw);
        // The stored names and the usual variants, without allocating.
        match s.as_ref() {
            "国家级I类" | "国家级" | "国家I类" => return Some(CreditType::National1),
            "省级I类" | "省I类" => return Some(CreditType::Provincial1),
            "II类" => return Some(CreditType::Class2),
            _ => {}
        }
        // NFKC turns Ⅰ and Ⅱ (U+2160, U+2161) into I and II.
        let s: String = s
            .chars()
            .filter(|c| !c.is_whitespace() && !matches!(c, '-' | '_' | '.' | '·'))
            .collect::<String>()
            .to_uppercase()
            .replace("一", "I")
            .replace("二", "II")
            .replace('1', "I")
            .replace('2', "II");
        let s = s.strip_suffix("学分").unwrap_or(&s);
        let s = s.strip_suffix("类").unwrap_or(s);
        Some(match s {
            "国家级I" | "国家I" | "国I" | "国家级" | "国家" | "NATIONALI" | "NATIONAL" => {
                CreditType::National1
            }
            "省级I" | "省I" | "省" | "省级" | "PROVINCIALI" | "PROVINCIAL" => {
                CreditType::Provincial1
            }
            "II" | "省级II" | "省II" | "CLASSII" => CreditType::Class2,
            _ => return None,
        })
    }

    /// Whether this is a class-I credit (national or provincial).
    pub fn is_class_1(self) -> bool {
        self != CreditType::Class2
    }
}

/// The most credits one project may award (docs/domain.md#credit-types), in
/// tenths.
pub const MAX_PER_PROJECT: i64 = 250;

/// Credits as typed (`3`, `2.5`, `３`), or as a number cell, in tenths.
/// Refuses more than one decimal: 2.55 is a typing slip, not 2.6.
pub fn parse_tenths(raw: &str) -> Option<i64> {
    let s = normalize(raw);
    let s = s.strip_suffix('分').unwrap_or(&s).trim();
    let (whole, frac) = match s.split_once('.') {
        Some((w, f)) => (w, f),
        None => (s, ""),
    };
    let (sign, whole) = match whole.strip_prefix('-') {
        Some(w) => (-1, w),
        None => (1, whole.strip_prefix('+').unwrap_or(whole)),
    };
    if whole.is_empty() && frac.is_empty()
        || !whole.bytes().all(|b| b.is_ascii_digit())
        || !frac.bytes().all(|b| b.is_ascii_digit())
        || whole.len() > 9
    {
        return None;
    }
    let frac = frac.trim_end_matches('0');
    if frac.len() > 1 {
        return None;
    }
    let w: i64 = if whole.is_empty() {
        0
    } else {
        whole.parse().ok()?
    };
    let f: i64 = if frac.is_empty() {
        0
    } else {
        frac.parse().ok()?
    };
    Some(sign * (w * 10 + f))
}

/// A number cell's value in tenths, when it has at most one decimal.
pub fn float_tenths(f: f64) -> Option<i64> {
    let t = f * 10.0;
    if !t.is_finite() || t.abs() > 1e12 {
        return None;
    }
    let r = t.round();
    ((t - r).abs() < 1e-6).then_some(r as i64)
}

/// An amount of credits in tenths: shown with one decimal (`8.0`), and a
/// JSON number (`8.0`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Default, Hash)]
pub struct Credits(pub i64);

impl std::fmt::Display for Credits {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&show(self.0))
    }
}

impl Serialize for Credits {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_f64(as_number(self.0))
    }
}

/// Tenths as shown: `3.0`, `2.5`, `-1.5`.
pub fn show(tenths: i64) -> String {
    let sign = if tenths < 0 { "-" } else { "" };
    let t = tenths.abs();
    format!("{sign}{}.{}", t / 10, t % 10)
}

/// Tenths as a JSON number (exact to one decimal when printed).
pub fn as_number(tenths: i64) -> f64 {
    tenths as f64 / 10.0
}

/// Checks the credits of one project: positive, one decimal, at most 25.
pub fn check_project_credits(tenths: Option<i64>, shown: &str) -> Result<i64, Msg> {
    match tenths {
        // A number with more decimals than credits have (2.55) is a
        // different mistake from text that is no number at all.
        None if normalize(shown)
            .trim_end_matches('分')
            .trim()
            .parse::<f64>()
            .is_ok_and(f64::is_finite) =>
        {
            Err(msg!(
                "学分“{shown}”最多一位小数(如 2.5)",
                "the credits '{shown}' have more than one decimal: at most one decimal is allowed (such as 2.5)"
            ))
        }
        None => Err(msg!(
            "学分“{shown}”不是数字(最多一位小数,如 2.5)",
            "the credits '{shown}' are not a number with at most one decimal (such as 2.5)"
        )),
        Some(t) if t <= 0 => Err(msg!(
            "学分应为正数,而不是 {shown}",
            "credits must be positive, not {shown}"
        )),
        Some(t) if t > MAX_PER_PROJECT => Err(msg!(
            "一个项目最多授予 25 学分,这里是 {shown}",
            "a project awards at most 25 credits, not {shown}"
        )),
        Some(t) => Ok(t),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn too_many_decimals_is_not_not_a_number() {
        let m = check_project_credits(parse_tenths("2.55"), "2.55").unwrap_err();
        assert!(m.en.contains("more than one decimal"), "{}", m.en);
        let m = check_project_credits(parse_tenths("两分"), "两分").unwrap_err();
        assert!(m.en.contains("not a number"), "{}", m.en);
        assert_eq!(check_project_credits(parse_tenths("2.50"), "2.50"), Ok(25));
    }

    #[test]
    fn credit_types_as_typed() {
        use CreditType::*;
        for (s, t) in [
            ("国家级I类", National1),
            ("国家级Ⅰ类", National1),
            ("国家级 I 类", National1),
            ("国家级一类", National1),
            ("国家级", National1),
            ("国家I类", National1),
            ("省级I类", Provincial1),
            ("省I类", Provincial1),
            ("省 Ⅰ 类", Provincial1),
            ("省级一类", Provincial1),
            ("II类", Class2),
            ("Ⅱ类", Class2),
            ("ⅱ类", Class2),
            ("二类", Class2),
            ("省级II类", Class2),
            ("2类", Class2),
        ] {
            assert_eq!(CreditType::parse(s), Some(t), "{s}");
        }
        for s in ["I类", "1类", "三类", "", "国家级II类", "市级"] {
            assert_eq!(CreditType::parse(s), None, "{s}");
        }
        for t in CreditType::ALL {
            assert_eq!(CreditType::parse(t.label()), Some(t));
            assert_eq!(CreditType::from_label(t.label()), Some(t));
        }
        assert_eq!(CREDIT_TYPES, CreditType::ALL.map(CreditType::label));
    }

    #[test]
    fn amounts_in_tenths() {
        assert_eq!(parse_tenths("3"), Some(30));
        assert_eq!(parse_tenths("2.5"), Some(25));
        assert_eq!(parse_tenths("2.50"), Some(25));
        assert_eq!(parse_tenths("３.０"), Some(30));
        assert_eq!(parse_tenths(".5"), Some(5));
        assert_eq!(parse_tenths("2分"), Some(20));
        assert_eq!(parse_tenths("-1"), Some(-10));
        assert_eq!(parse_tenths("2.55"), None);
        assert_eq!(parse_tenths("abc"), None);
        assert_eq!(parse_tenths(""), None);
        assert_eq!(parse_tenths("1e3"), None);
        assert_eq!(float_tenths(2.5), Some(25));
        assert_eq!(float_tenths(0.1 + 0.2), Some(3));
        assert_eq!(float_tenths(2.55), None);
        assert_eq!(show(25), "2.5");
        assert_eq!(show(80), "8.0");
        assert_eq!(show(-15), "-1.5");
    }

    #[test]
    fn project_credits_are_positive_and_at_most_25() {
        assert_eq!(check_project_credits(Some(250), "25"), Ok(250));
        assert!(check_project_credits(Some(0), "0").is_err());
        assert!(
            check_project_credits(Some(-10), "-1")
                .unwrap_err()
                .en
                .contains("positive")
        );
        assert!(
            check_project_credits(Some(251), "25.1")
                .unwrap_err()
                .en
                .contains("25")
        );
        assert!(check_project_credits(None, "x").is_err());
    }
}
