//! Certificate numbers of the profile (docs/domain.md#certificate-numbers):
//! 学历证书编号, 学位证书编号 and 医师资格证书编码. Each check returns every
//! finding with its severity; formats that are uncertain give
//! warnings only.

use std::sync::LazyLock;

use regex::Regex;

use super::Severity;
use super::codes::Province;
use super::text::identifier;
use crate::i18n::Msg;
use crate::msg;

/// A finding about one value.
pub type Finding = (Severity, Msg);

/// Does the text look like what a spreadsheet shows for a long number it
/// has rounded (`1.0612E+17`)? Such a value has lost digits. The `+` is
/// required: degree numbers hold an `E` between digits (`1061022018E00123`).
pub fn stored_as_number(s: &str) -> bool {
    let Some((mantissa, exp)) = s.split_once(['E', 'e']) else {
        return false;
    };
    let Some(exp) = exp.strip_prefix('+') else {
        return false;
    };
    !mantissa.is_empty()
        && mantissa.bytes().all(|b| b.is_ascii_digit() || b == b'.')
        && mantissa.bytes().any(|b| b.is_ascii_digit())
        && !exp.is_empty()
        && exp.bytes().all(|b| b.is_ascii_digit())
}

fn lost_digits(label: &str, shown: &str) -> Finding {
    (
        Severity::Error,
        msg!(
            "{label} {shown} 已丢失数字:该单元格被存为数字,请把该列设为文本格式后重新录入",
            "{label} {shown} has lost digits: the cell was stored as a number; format the column as text and re-enter"
        ),
    )
}

/// The level code of a 学历证书编号 for an education level (学历层次).
fn diploma_level_codes(level: &str) -> Option<&'static [&'static str]> {
    Some(match level {
        "博士" => &["01"],
        "硕士" => &["02"],
        "本科" => &["05", "04"],
        "大专" => &["06"],
        _ => return None,
    })
}

/// 学历证书编号: 18 digits (school 5, kind of study 1 — 1 普通, 5 成人,
/// 6 自考, 7 网络 — year 4, level 2, sequence 6), the year that of
/// graduation; 17 digits before 2002. 中专 diplomas are not numbered this way and are not checked.
pub fn diploma(raw: &str, graduation_year: Option<i32>, level: Option<&str>) -> Vec<Finding> {
    const LABEL: &str = "学历证书编码";
    let n = identifier(raw);
    if stored_as_number(&n) {
        return vec![lost_digits(LABEL, &n)];
    }
    if level == Some("中专") {
        return Vec::new();
    }
    let mut out = Vec::new();
    if !n.bytes().all(|b| b.is_ascii_digit()) {
        out.push((
            Severity::Error,
            msg!(
                "{LABEL} {n} 应全为数字",
                "{LABEL} {n} must consist of digits"
            ),
        ));
        return out;
    }
    match n.len() {
        18 => {
            let kind = &n[5..6];
            if !matches!(kind, "1" | "5" | "6" | "7") {
                out.push((
                    Severity::Warning,
                    msg!(
                        "{LABEL} {n} 第 6 位(办学类型)为 {kind},通常为 1 普通、5 成人、6 自考或 7 网络",
                        "{LABEL} {n}: the 6th digit (kind of study) is {kind}, usually 1, 5, 6 or 7"
                    ),
                ));
            }
            let year: i32 = n[6..10].parse().unwrap_or(0);
            if let Some(g) = graduation_year
                && year != g
            {
                out.push((
                    Severity::Error,
                    msg!(
                        "{LABEL} {n} 中的年份 {year} 与毕业时间 {g} 年不符",
                        "{LABEL} {n} holds the year {year}, but the graduation year is {g}"
                    ),
                ));
            }
            let code = &n[10..12];
            if let Some(level) = level
                && let Some(codes) = diploma_level_codes(level)
                && !codes.contains(&code)
            {
                let want = codes.join("/");
                out.push((
                    Severity::Warning,
                    msg!(
                        "{LABEL} {n} 的层次代码为 {code},{level}应为 {want}",
                        "{LABEL} {n} has the level code {code}; for {level} it is {want}"
                    ),
                ));
            }
        }
        17 => {
            if let Some(g) = graduation_year.filter(|&g| g >= 2002) {
                out.push((
                    Severity::Error,
                    msg!(
                        "{LABEL} {n} 为 17 位,这是 2002 年以前的格式,但毕业时间是 {g} 年;应为 18 位",
                        "{LABEL} {n} has 17 digits, the form used before 2002, but the graduation year is {g}; it should have 18"
                    ),
                ));
            }
        }
        len => out.push((
            Severity::Error,
            msg!(
                "{LABEL} {n} 为 {len} 位,应为 18 位(2002 年以前为 17 位)",
                "{LABEL} {n} has {len} digits; it has 18 (17 before 2002)"
            ),
        )),
    }
    out
}

static DEGREE_NO: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^[CZT]?\d{5}[234]\d{4}[0-9SE]\d{5}$").unwrap());

/// 学位证书编号: an optional C/Z/T, unit 5, level 1 (2 博士, 3 硕士, 4 学士),
/// year 4, one of `[0-9SE]` and 5 digits; the year that of the degree.
pub fn degree(raw: &str, degree_year: Option<i32>, degree: Option<&str>) -> Vec<Finding> {
    const LABEL: &str = "学位证书编号";
    let n = identifier(raw);
    if stored_as_number(&n) {
        return vec![lost_digits(LABEL, &n)];
    }
    if !DEGREE_NO.is_match(&n) {
        return vec![(
            Severity::Error,
            msg!(
                "{LABEL} {n} 格式不对:应为 16 位(可带前缀 C/Z/T),如 1061042018000123",
                "{LABEL} {n} is not in the national format: 16 characters (with an optional C/Z/T prefix), such as 1061042018000123"
            ),
        )];
    }
    let body = n.trim_start_matches(['C', 'Z', 'T']);
    let mut out = Vec::new();
    let year: i32 = body[6..10].parse().unwrap_or(0);
    if let Some(y) = degree_year
        && year != y
    {
        out.push((
            Severity::Error,
            msg!(
                "{LABEL} {n} 中的年份 {year} 与取得学位时间 {y} 年不符",
                "{LABEL} {n} holds the year {year}, but the degree was conferred in {y}"
            ),
        ));
    }
    let level = match &body[5..6] {
        "2" => "博士",
        "3" => "硕士",
        _ => "学士",
    };
    if let Some(d) = degree
        && d != level
    {
        out.push((
            Severity::Error,
            msg!(
                "{LABEL} {n} 是{level}学位证书的编号,但学位填的是{d}",
                "{LABEL} {n} is the number of a {level} degree, but 学位 says {d}"
            ),
        ));
    }
    out
}

/// The holder's old 15-digit number, for an 18-digit one upgraded from it.
fn fifteen_digit_form(id18: &str) -> Option<String> {
    (id18.len() == 18 && id18.is_ascii() && &id18[6..8] == "19")
        .then(|| format!("{}{}", &id18[..6], &id18[8..17]))
}

/// 医师资格证书编码: year 4, province 2, level 1, category 2, then the holder's
/// ID number (27 characters; 24 with an old 15-digit ID). Level and category
/// are not parsed (their codes vary); the year and province only warn.
/// `years` are the years the number may carry (exam, certificate).
pub fn licence(raw: &str, holder_id: &str, years: &[i32]) -> Vec<Finding> {
    const LABEL: &str = "医师资格证书编码";
    let n = identifier(raw);
    if stored_as_number(&n) {
        return vec![lost_digits(LABEL, &n)];
    }
    let holder = identifier(holder_id);
    let old = fifteen_digit_form(&holder);
    let ends_with_id = !holder.is_empty()
        && (n.len() == 27 && n.ends_with(&holder)
            || old
                .as_deref()
                .is_some_and(|o| n.len() == 24 && n.ends_with(o)));
    if !ends_with_id {
        let len = n.chars().count();
        if len == 27 || len == 24 {
            let tail = &n[n.len().saturating_sub(18)..];
            return vec![(
                Severity::Error,
                msg!(
                    "{LABEL} {n} 应以持证人的证件号码 {holder} 结尾,这里结尾是 {tail}:是否填了别人的证书?",
                    "{LABEL} {n} must end with the holder's ID number {holder}, but ends with {tail}: is it someone else's certificate?"
                ),
            )];
        }
        return vec![(
            Severity::Error,
            msg!(
                "{LABEL} {n} 应为 27 位且以持证人的证件号码 {holder} 结尾(这里是 {len} 位)",
                "{LABEL} {n} must have 27 characters ending with the holder's ID number {holder} (it has {len})"
            ),
        )];
    }
    let mut out = Vec::new();
    if !n[..9].bytes().all(|b| b.is_ascii_digit()) {
        let head = &n[..9];
        out.push((
            Severity::Error,
            msg!(
                "{LABEL} {n} 的前 9 位 {head} 应为数字",
                "{LABEL} {n}: the first 9 characters {head} must be digits"
            ),
        ));
        return out;
    }
    let year: i32 = n[..4].parse().unwrap_or(0);
    if !years.is_empty() && !years.contains(&year) {
        let ys: Vec<String> = years.iter().map(i32::to_string).collect();
        let ys = ys.join("/");
        out.push((
            Severity::Warning,
            msg!(
                "{LABEL} {n} 开头的年份 {year} 与考试或发证年份 {ys} 不符",
                "{LABEL} {n} starts with the year {year}, not the year of the exam or certificate ({ys})"
            ),
        ));
    }
    let province = &n[4..6];
    if Province::by_code(province).is_none() {
        out.push((
            Severity::Warning,
            msg!(
                "{LABEL} {n} 第 5–6 位 {province} 不是省级行政区划代码",
                "{LABEL} {n}: the 5th–6th digits {province} are not a province code"
            ),
        ));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn errors(f: &[Finding]) -> usize {
        f.iter().filter(|(s, _)| *s == Severity::Error).count()
    }

    fn warnings(f: &[Finding]) -> usize {
        f.iter().filter(|(s, _)| *s == Severity::Warning).count()
    }

    #[test]
    fn diploma_numbers() {
        // 10610 四川大学, 1 普通, 2018, 05 本科, sequence.
        assert!(diploma("106101201805000123", Some(2018), Some("本科")).is_empty());
        assert!(diploma("10610-1201805000123", Some(2018), Some("本科")).is_empty());
        // Wrong year: an error.
        let f = diploma("106101201805000123", Some(2019), Some("本科"));
        assert_eq!(errors(&f), 1, "{f:?}");
        assert!(f[0].1.en.contains("2019"));
        // Level code of a 专科 diploma under 本科: a warning.
        let f = diploma("106101201806000123", Some(2018), Some("本科"));
        assert_eq!((errors(&f), warnings(&f)), (0, 1));
        // Unknown kind of study: a warning.
        assert_eq!(
            warnings(&diploma("106103201805000123", Some(2018), Some("本科"))),
            1
        );
        // 17 digits: fine before 2002, an error after.
        assert!(diploma("10610119990500012", Some(1999), Some("本科")).is_empty());
        assert_eq!(
            errors(&diploma("10610120180500012", Some(2018), Some("本科"))),
            1
        );
        assert_eq!(errors(&diploma("1061012018", Some(2018), None)), 1);
        assert_eq!(errors(&diploma("10610A201805000123", None, None)), 1);
        assert!(
            diploma("1.06101201805E+17", Some(2018), None)[0]
                .1
                .en
                .contains("lost digits")
        );
        // 中专 diplomas have no national format.
        assert!(diploma("ZZ-001", Some(2010), Some("中专")).is_empty());
    }

    #[test]
    fn degree_numbers() {
        assert!(degree("1061042018000123", Some(2018), Some("学士")).is_empty());
        assert!(degree("C1061032018S00123", Some(2018), Some("硕士")).is_empty());
        assert!(degree("1061022018E00123", Some(2018), Some("博士")).is_empty());
        assert_eq!(
            errors(&degree("1061042018000123", Some(2017), Some("学士"))),
            1
        );
        assert_eq!(
            errors(&degree("1061042018000123", Some(2018), Some("硕士"))),
            1
        );
        assert_eq!(errors(&degree("106104201800012", None, None)), 1);
        assert_eq!(errors(&degree("1061052018000123", None, None)), 1);
        assert_eq!(errors(&degree("X1061042018000123", None, None)), 1);
    }

    #[test]
    fn licence_numbers_end_with_the_holders_id() {
        let id = "110101199003070011";
        let good = format!("2015511{}{id}", "10");
        assert_eq!(good.len(), 27);
        assert!(licence(&good, id, &[2015]).is_empty());
        assert!(licence(&good, id, &[]).is_empty());
        // Another person's number.
        let other = format!("201551110{}", "310115198511200020");
        assert_eq!(errors(&licence(&other, id, &[])), 1);
        // The year differs from the exam's: a warning only.
        assert_eq!(
            (
                errors(&licence(&good, id, &[2016])),
                warnings(&licence(&good, id, &[2016]))
            ),
            (0, 1)
        );
        // A province code that does not exist: a warning.
        let bad_province = format!("201599110{id}");
        assert_eq!(warnings(&licence(&bad_province, id, &[])), 1);
        // Holder with an ID upgraded from 15 digits: 24 characters.
        let holder = "11010519491231002X";
        assert!(licence("197511110110105491231002", holder, &[]).is_empty());
        assert_eq!(errors(&licence("short", id, &[])), 1);
        assert_eq!(errors(&licence("2.01551E+26", id, &[])), 1);
    }

    #[test]
    fn scientific_notation_is_recognised() {
        assert!(stored_as_number("1.06101201805E+17"));
        assert!(stored_as_number("1E+17"));
        assert!(!stored_as_number("106101201805000123"));
        assert!(!stored_as_number("E12345678"));
        assert!(!stored_as_number("1061022018E00123"));
    }
}
