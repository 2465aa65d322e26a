//! 学科分类 of credit records: two levels (一级学科 / 二级学科), checked
//! against a list as the CME platform's dropdown is (docs/domain.md#subjects).
//!
//! meded ships the medical disciplines of the national degree-discipline
//! catalogue (学位授予和人才培养学科目录, 门类 10 医学, with the 二级学科 of its
//! 1997 edition, the last that lists them); a province whose platform has
//! another list imports it (`meded codes import subjects FILE`), and that
//! list is used instead.

use crate::i18n::Msg;
use crate::msg;
use crate::rules::text::normalize;

/// The shipped list: (code, 一级学科, 二级学科). A 一级学科 without 二级学科
/// in the catalogue (中药学) is its own second level, coded …00.
pub const SHIPPED: &[(&str, &str, &str)] = &[
    ("100101", "基础医学", "人体解剖与组织胚胎学"),
    ("100102", "基础医学", "免疫学"),
    ("100103", "基础医学", "病原生物学"),
    ("100104", "基础医学", "病理学与病理生理学"),
    ("100105", "基础医学", "法医学"),
    ("100106", "基础医学", "放射医学"),
    ("100107", "基础医学", "航空、航天与航海医学"),
    ("100201", "临床医学", "内科学"),
    ("100202", "临床医学", "儿科学"),
    ("100203", "临床医学", "老年医学"),
    ("100204", "临床医学", "神经病学"),
    ("100205", "临床医学", "精神病与精神卫生学"),
    ("100206", "临床医学", "皮肤病与性病学"),
    ("100207", "临床医学", "影像医学与核医学"),
    ("100208", "临床医学", "临床检验诊断学"),
    ("100209", "临床医学", "护理学"),
    ("100210", "临床医学", "外科学"),
    ("100211", "临床医学", "妇产科学"),
    ("100212", "临床医学", "眼科学"),
    ("100213", "临床医学", "耳鼻咽喉科学"),
    ("100214", "临床医学", "肿瘤学"),
    ("100215", "临床医学", "康复医学与理疗学"),
    ("100216", "临床医学", "运动医学"),
    ("100217", "临床医学", "麻醉学"),
    ("100218", "临床医学", "急诊医学"),
    ("100301", "口腔医学", "口腔基础医学"),
    ("100302", "口腔医学", "口腔临床医学"),
    ("100401", "公共卫生与预防医学", "流行病与卫生统计学"),
    ("100402", "公共卫生与预防医学", "劳动卫生与环境卫生学"),
    ("100403", "公共卫生与预防医学", "营养与食品卫生学"),
    ("100404", "公共卫生与预防医学", "儿少卫生与妇幼保健学"),
    ("100405", "公共卫生与预防医学", "卫生毒理学"),
    ("100406", "公共卫生与预防医学", "军事预防医学"),
    ("100501", "中医学", "中医基础理论"),
    ("100502", "中医学", "中医临床基础"),
    ("100503", "中医学", "中医医史文献"),
    ("100504", "中医学", "方剂学"),
    ("100505", "中医学", "中医诊断学"),
    ("100506", "中医学", "中医内科学"),
    ("100507", "中医学", "中医外科学"),
    ("100508", "中医学", "中医骨伤科学"),
    ("100509", "中医学", "中医妇科学"),
    ("100510", "中医学", "中医儿科学"),
    ("100511", "中医学", "中医五官科学"),
    ("100512", "中医学", "针灸推拿学"),
    ("100513", "中医学", "民族医学"),
    ("100601", "中西医结合", "中西医结合基础"),
    ("100602", "中西医结合", "中西医结合临床"),
    ("100701", "药学", "药物化学"),
    ("100702", "药学", "药剂学"),
    ("100703", "药学", "生药学"),
    ("100704", "药学", "药物分析学"),
    ("100705", "药学", "微生物与生化药学"),
    ("100706", "药学", "药理学"),
    ("100800", "中药学", "中药学"),
];

/// The shipped entries' names (`药学/药理学`), for the template's dropdown.
pub fn shipped_names() -> Vec<&'static str> {
    static NAMES: std::sync::LazyLock<Vec<String>> = std::sync::LazyLock::new(|| {
        SHIPPED
            .iter()
            .map(|(_, first, second)| format!("{first}/{second}"))
            .collect()
    });
    NAMES.iter().map(String::as_str).collect()
}

/// One entry: its code (if the list has codes) and its two levels.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Subject {
    pub code: Option<String>,
    pub first: String,
    pub second: String,
}

impl Subject {
    /// As stored and shown: `药学/药理学`.
    pub fn name(&self) -> String {
        format!("{}/{}", self.first, self.second)
    }
}

/// The list a credit record's 学科分类 is checked against.
#[derive(Debug, Clone)]
pub struct Subjects {
    pub entries: Vec<Subject>,
    /// Whether it is the province's own list (imported) or the shipped one.
    pub imported: bool,
}

/// The marks people put between the two levels.
const MARKS: [char; 10] = ['/', '／', '-', '－', '—', '>', '\\', ' ', '\u{3000}', '、'];

impl Subjects {
    pub fn shipped() -> Subjects {
        Subjects {
            entries: SHIPPED
                .iter()
                .map(|(code, first, second)| Subject {
                    code: Some((*code).to_owned()),
                    first: (*first).to_owned(),
                    second: (*second).to_owned(),
                })
                .collect(),
            imported: false,
        }
    }

    /// A list from names `一级/二级` (and codes): what `codes import
    /// subjects` stores.
    pub fn from_names(names: impl Iterator<Item = (String, Option<String>)>) -> Subjects {
        let entries = names
            .filter_map(|(name, code)| {
                let (first, second) = name.split_once('/')?;
                Some(Subject {
                    code,
                    first: first.to_owned(),
                    second: second.to_owned(),
                })
            })
            .collect();
        Subjects {
            entries,
            imported: true,
        }
    }

    /// The entry a typed 学科分类 names — `药学/药理学`, `药学-药理学`,
    /// `药学 药理学` or a code (`100706`) — stored as `药学/药理学`; else
    /// why not, with the list's nearest entries.
    pub fn check(&self, raw: &str) -> Result<String, Msg> {
        let t = normalize(raw);
        let t = t.trim();
        if let Some(s) = self.entries.iter().find(|s| s.code.as_deref() == Some(t)) {
            return Ok(s.name());
        }
        let parts: Vec<&str> = t
            .split(MARKS)
            .map(str::trim)
            .filter(|p| !p.is_empty())
            .collect();
        let near = |names: Vec<String>| names.into_iter().take(6).collect::<Vec<_>>().join("、");
        match parts.as_slice() {
            [first, second] => {
                if let Some(s) = self
                    .entries
                    .iter()
                    .find(|s| s.first == *first && s.second == *second)
                {
                    return Ok(s.name());
                }
                let list = near(self.nearest(&format!("{first}{second}")));
                Err(msg!(
                    "学科分类“{t}”不在学科列表中(相近的有:{list})",
                    "学科分类 '{t}' is not in the subject list (nearest: {list})"
                ))
            }
            [one] => {
                let under: Vec<String> = self
                    .entries
                    .iter()
                    .filter(|s| s.first == *one)
                    .map(Subject::name)
                    .collect();
                let list = if under.is_empty() {
                    let named: Vec<String> = self
                        .entries
                        .iter()
                        .filter(|s| s.second == *one)
                        .map(Subject::name)
                        .collect();
                    if named.is_empty() {
                        near(self.nearest(one))
                    } else {
                        near(named)
                    }
                } else {
                    near(under)
                };
                Err(msg!(
                    "学科分类“{t}”只有一级;须写两级,如 {list}",
                    "学科分类 '{t}' has one level; write both levels, such as {list}"
                ))
            }
            _ => {
                let list = near(self.nearest(t));
                Err(msg!(
                    "学科分类“{t}”应为两级(一级学科/二级学科),如 {list}",
                    "学科分类 '{t}' must have two levels (一级学科/二级学科), such as {list}"
                ))
            }
        }
    }

    /// The entries that share the most characters with `text`, best first.
    fn nearest(&self, text: &str) -> Vec<String> {
        let mut scored: Vec<(usize, &Subject)> = self
            .entries
            .iter()
            .map(|s| {
                let name = format!("{}{}", s.first, s.second);
                (text.chars().filter(|c| name.contains(*c)).count(), s)
            })
            .filter(|(n, _)| *n > 0)
            .collect();
        scored.sort_by_key(|(n, _)| std::cmp::Reverse(*n));
        // Only those nearly as close as the closest: a character or two in
        // common (医, 学) says nothing.
        let top = scored.first().map_or(0, |(n, _)| *n);
        let best: Vec<String> = scored
            .iter()
            .filter(|(n, _)| *n * 3 >= top * 2)
            .map(|(_, s)| s.name())
            .collect();
        if best.is_empty() {
            self.entries.iter().map(Subject::name).collect()
        } else {
            best
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn two_levels_are_found_in_any_form() {
        let s = Subjects::shipped();
        for raw in [
            "药学/药理学",
            "药学-药理学",
            "药学 / 药理学",
            "100706",
            "药学／药理学",
        ] {
            assert_eq!(s.check(raw).as_deref(), Ok("药学/药理学"), "{raw}");
        }
        assert_eq!(s.check("中药学/中药学").as_deref(), Ok("中药学/中药学"));
    }

    #[test]
    fn one_level_is_refused_with_the_nearest_entries() {
        let s = Subjects::shipped();
        let m = s.check("药学").unwrap_err();
        assert!(
            m.en.contains("one level") && m.en.contains("药学/药理学"),
            "{}",
            m.en
        );
        let m = s.check("药理学").unwrap_err();
        assert!(m.en.contains("药学/药理学"), "{}", m.en);
        let m = s.check("临床医学/全科").unwrap_err();
        assert!(m.en.contains("not in the subject list"), "{}", m.en);
        let m = s.check("内科/心血管/介入").unwrap_err();
        assert!(m.en.contains("two levels"), "{}", m.en);
    }

    #[test]
    fn the_shipped_codes_are_unique_and_of_their_first_level() {
        let mut codes: Vec<&str> = SHIPPED.iter().map(|(c, ..)| *c).collect();
        codes.sort_unstable();
        codes.dedup();
        assert_eq!(codes.len(), SHIPPED.len());
        for (code, first, _) in SHIPPED {
            let same: Vec<&str> = SHIPPED
                .iter()
                .filter(|(c, ..)| c[..4] == code[..4])
                .map(|(_, f, _)| *f)
                .collect();
            assert!(same.iter().all(|f| f == first), "{code}");
        }
    }
}
