//! Technical titles (技术职称) and their levels (docs/domain.md#title-levels):
//! what decides, with the institution's region level, a member's CME credit
//! standard.

use serde::Serialize;

use super::text::normalize;
use crate::i18n::Msg;
use crate::msg;

/// The level of a technical title, as the credit standards name it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
pub enum TitleLevel {
    /// 高级: 正高 and 副高.
    #[serde(rename = "高级")]
    Senior,
    #[serde(rename = "中级")]
    Intermediate,
    #[serde(rename = "初级")]
    Junior,
    /// 无职称: no title yet. A standard table need not name this level: a
    /// member without a title follows the 初级 standard unless the table
    /// has a row for 无职称.
    #[serde(rename = "无职称")]
    Untitled,
}

/// The code list of title levels, as stored and as the templates list them.
pub const TITLE_LEVELS: [&str; 4] = ["高级", "中级", "初级", "无职称"];

impl TitleLevel {
    pub const ALL: [TitleLevel; 4] = [
        TitleLevel::Senior,
        TitleLevel::Intermediate,
        TitleLevel::Junior,
        TitleLevel::Untitled,
    ];

    /// The levels a complete standard table must cover (无职称 falls back to 初级).
    pub const REQUIRED: [TitleLevel; 3] = [
        TitleLevel::Senior,
        TitleLevel::Intermediate,
        TitleLevel::Junior,
    ];

    pub fn label(self) -> &'static str {
        match self {
            TitleLevel::Senior => "高级",
            TitleLevel::Intermediate => "中级",
            TitleLevel::Junior => "初级",
            TitleLevel::Untitled => "无职称",
        }
    }

    /// A level as written in a standard table: 高级 (also 正高, 副高,
    /// 高级(正高、副高)), 中级, 初级 (also 师级, 士级, 员级), 无职称.
    pub fn parse(raw: &str) -> Option<TitleLevel> {
        let s: String = normalize(raw)
            .chars()
            .filter(|c| !c.is_whitespace())
            .collect();
        let s = match s.find('(') {
            Some(i) if i > 0 => &s[..i],
            _ => s.as_str(),
        };
        Some(match s {
            "高级" | "正高" | "副高" | "正高级" | "副高级" | "高" | "senior" => {
                TitleLevel::Senior
            }
            "中级" | "中" | "intermediate" => TitleLevel::Intermediate,
            "初级" | "初" | "师级" | "士级" | "员级" | "junior" => TitleLevel::Junior,
            "无职称" | "无" | "untitled" | "none" => TitleLevel::Untitled,
            _ => return None,
        })
    }
}

/// Within 高级: 正高 or 副高.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum Rank {
    #[serde(rename = "正高")]
    Full,
    #[serde(rename = "副高")]
    Deputy,
}

impl Rank {
    pub fn label(self) -> &'static str {
        match self {
            Rank::Full => "正高",
            Rank::Deputy => "副高",
        }
    }
}

/// What a title says about its holder's level.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Classified {
    pub level: TitleLevel,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub rank: Option<Rank>,
}

impl Classified {
    /// `高级(副高)`, `中级`.
    pub fn describe(&self) -> String {
        match self.rank {
            Some(r) => format!("{}({})", self.level.label(), r.label()),
            None => self.level.label().to_owned(),
        }
    }
}

const SENIOR_FULL: Classified = Classified {
    level: TitleLevel::Senior,
    rank: Some(Rank::Full),
};
const SENIOR_DEPUTY: Classified = Classified {
    level: TitleLevel::Senior,
    rank: Some(Rank::Deputy),
};
const SENIOR: Classified = Classified {
    level: TitleLevel::Senior,
    rank: None,
};
const INTERMEDIATE: Classified = Classified {
    level: TitleLevel::Intermediate,
    rank: None,
};
const JUNIOR: Classified = Classified {
    level: TitleLevel::Junior,
    rank: None,
};
const UNTITLED: Classified = Classified {
    level: TitleLevel::Untitled,
    rank: None,
};

/// The level a bracketed note states: `(副高)`, `(中级)`, `(初级)`.
fn level_in_note(note: &str) -> Option<Classified> {
    Some(match note {
        "正高" | "正高级" => SENIOR_FULL,
        "副高" | "副高级" => SENIOR_DEPUTY,
        "高级" => SENIOR,
        "中级" => INTERMEDIATE,
        "初级" | "师级" | "士级" | "员级" => JUNIOR,
        "无" | "无职称" => UNTITLED,
        _ => return None,
    })
}

/// The level of the title itself, by the words of the Chinese title
/// system: 主任/研究员/教授 (正高), 副主任/副研究员/副教授 (副高), 主治/主管
/// (中级), 医师/技师/护师/药师 and their 士 grades (初级).
fn level_of_name(name: &str) -> Option<Classified> {
    const UNTITLED_NAMES: [&str; 6] = ["无职称", "无", "未定职", "未评", "暂无", "见习"];
    if UNTITLED_NAMES.contains(&name) {
        return Some(UNTITLED);
    }
    // The order matters: 副主任医师 contains 主任医师, which ends in 医师.
    if name.contains("副主任") || name.contains("副研究员") || name.contains("副教授") {
        return Some(SENIOR_DEPUTY);
    }
    if name.starts_with("正高级") {
        return Some(SENIOR_FULL);
    }
    const HEALTH_SERIES: [&str; 5] = ["医师", "技师", "护师", "药师", "检验师"];
    let health = HEALTH_SERIES.iter().any(|s| name.ends_with(s));
    // 主任医师 is a title; 科主任 is a post, not a level.
    if (name.contains("主任") && health)
        || (name.ends_with("研究员") && !name.contains("助理"))
        || name == "教授"
    {
        return Some(SENIOR_FULL);
    }
    if name.starts_with("高级") {
        // 高级工程师, 高级实验师, 高级讲师 …: 副高 in their series.
        return Some(SENIOR_DEPUTY);
    }
    if name.contains("主治") || name.contains("主管") {
        return Some(INTERMEDIATE);
    }
    const INTERMEDIATE_NAMES: [&str; 7] = [
        "讲师",
        "工程师",
        "实验师",
        "助理研究员",
        "会计师",
        "经济师",
        "统计师",
    ];
    if INTERMEDIATE_NAMES.contains(&name) {
        return Some(INTERMEDIATE);
    }
    const JUNIOR_SUFFIXES: [&str; 15] = [
        "检验师",
        "医师",
        "医士",
        "技师",
        "技士",
        "护师",
        "护士",
        "药师",
        "药士",
        "助教",
        "技术员",
        "助理工程师",
        "助理实验师",
        "研究实习员",
        "检验士",
    ];
    if JUNIOR_SUFFIXES.iter().any(|s| name.ends_with(s)) {
        return Some(JUNIOR);
    }
    None
}

/// The level of a technical title as members write it: `主治医师`,
/// `技师系列 - 副主任技师(副高)`, `中医医师系列 - 中医主治医师 (中级)`,
/// `无职称`. A level stated in brackets wins over the title's words.
pub fn classify(raw: &str) -> Result<Classified, Msg> {
    let s: String = normalize(raw)
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect();
    if s.is_empty() {
        return Err(msg!(
            "技术职称为空(没有职称请填“无职称”)",
            "the title is empty (write 无职称 for none)"
        ));
    }
    // "技师系列-副主任技师(副高)": the series before the dash says nothing
    // about the level.
    let (name, note) = match s
        .strip_suffix(')')
        .and_then(|t| t.rfind('(').map(|i| (t, i)))
    {
        Some((t, i)) => (&t[..i], Some(&t[i + '('.len_utf8()..])),
        None => (s.as_str(), None),
    };
    if let Some(c) = note.and_then(level_in_note) {
        return Ok(c);
    }
    let name = name
        .rsplit(['-', '—', '–', '/', ':'])
        .next()
        .unwrap_or(name);
    level_of_name(name).ok_or_else(|| {
        let shown = normalize(raw);
        msg!(
            "不认识的技术职称“{shown}”:请写明职称(如 主治医师、副主任护师)或在括号中注明级别(如 “…(中级)”)",
            "unknown title '{shown}': write the title (such as 主治医师, 副主任护师) or add its level in brackets (such as '…(中级)')"
        )
    })
}

/// A technical title as a certificate prints it. The code list names a
/// title with its series before a dash (`技师系列 - 副主任技师(副高)`), which
/// reads oddly in "兹 <单位> <姓名> <职称> 于 …": the series is left out
/// (`副主任技师(副高)`). Any other title is printed as written, trimmed.
pub fn printed(raw: &str) -> &str {
    let t = raw.trim();
    let Some((i, dash)) = t
        .char_indices()
        .find(|&(_, c)| matches!(c, '-' | '－' | '—' | '–'))
    else {
        return t;
    };
    let (series, title) = (t[..i].trim_end(), t[i + dash.len_utf8()..].trim());
    if series.ends_with("系列") && !title.is_empty() {
        title
    } else {
        t
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn printed_leaves_out_the_series() {
        assert_eq!(printed("技师系列 - 副主任技师(副高)"), "副主任技师(副高)");
        assert_eq!(printed("技师系列-副主任技师(副高)"), "副主任技师(副高)");
        assert_eq!(
            printed(" 中医医师系列 － 中医主治医师 (中级) "),
            "中医主治医师 (中级)"
        );
        // Titles without a series stay as written.
        assert_eq!(printed("主治医师"), "主治医师");
        assert_eq!(printed(" 无职称 "), "无职称");
        assert_eq!(printed("主任医师-返聘"), "主任医师-返聘");
        assert_eq!(printed("技师系列 - "), "技师系列 -");
    }

    fn level(s: &str) -> TitleLevel {
        classify(s).unwrap_or_else(|e| panic!("{s}: {e}")).level
    }

    #[test]
    fn domain_examples() {
        let c = classify("技师系列 - 副主任技师(副高)").unwrap();
        assert_eq!(c.level, TitleLevel::Senior);
        assert_eq!(c.rank, Some(Rank::Deputy));
        assert_eq!(c.describe(), "高级(副高)");
        assert_eq!(level("主治医师"), TitleLevel::Intermediate);
        assert_eq!(level("医师"), TitleLevel::Junior);
        assert_eq!(level("无职称"), TitleLevel::Untitled);
    }

    #[test]
    fn senior_titles() {
        for t in [
            "主任医师",
            "主任技师",
            "主任护师",
            "主任药师",
            "研究员",
            "中医主任医师",
        ] {
            let c = classify(t).unwrap();
            assert_eq!(
                (c.level, c.rank),
                (TitleLevel::Senior, Some(Rank::Full)),
                "{t}"
            );
        }
        for t in [
            "副主任医师",
            "副主任护师",
            "副主任药师",
            "副研究员",
            "副教授",
            "高级工程师",
        ] {
            let c = classify(t).unwrap();
            assert_eq!(
                (c.level, c.rank),
                (TitleLevel::Senior, Some(Rank::Deputy)),
                "{t}"
            );
        }
    }

    #[test]
    fn intermediate_and_junior_titles() {
        for t in [
            "主管技师",
            "主管护师",
            "主管药师",
            "中医主治医师",
            "讲师",
            "助理研究员",
        ] {
            assert_eq!(level(t), TitleLevel::Intermediate, "{t}");
        }
        for t in [
            "医士",
            "技师",
            "技士",
            "护师",
            "护士",
            "药师",
            "药士",
            "住院医师",
            "中医师",
        ] {
            assert_eq!(level(t), TitleLevel::Junior, "{t}");
        }
    }

    #[test]
    fn series_prefix_and_bracketed_level() {
        // As the CME platform's 变更详情 writes it, with a blank before the
        // full-width bracket.
        assert_eq!(
            level("中医医师系列 - 中医主治医师 （中级）"),
            TitleLevel::Intermediate
        );
        assert_eq!(level("护理系列-主管护师"), TitleLevel::Intermediate);
        // The bracket wins: the platform's own level for an unusual title.
        assert_eq!(level("卫生管理系列 - 研究馆员(正高)"), TitleLevel::Senior);
        assert_eq!(level("某系列 - 某职称(初级)"), TitleLevel::Junior);
        assert_eq!(level(" 无 "), TitleLevel::Untitled);
    }

    #[test]
    fn unknown_and_empty_titles_are_refused() {
        let e = classify("院长").unwrap_err();
        assert!(e.zh.contains("院长") && e.en.contains("unknown title"));
        assert!(classify("").unwrap_err().en.contains("empty"));
        assert!(classify("研究实习员").is_ok_and(|c| c.level == TitleLevel::Junior));
    }

    #[test]
    fn levels_in_standard_tables() {
        assert_eq!(TitleLevel::parse("高级"), Some(TitleLevel::Senior));
        assert_eq!(
            TitleLevel::parse("高级(正高、副高)"),
            Some(TitleLevel::Senior)
        );
        assert_eq!(TitleLevel::parse(" 中级 "), Some(TitleLevel::Intermediate));
        assert_eq!(TitleLevel::parse("士级"), Some(TitleLevel::Junior));
        assert_eq!(TitleLevel::parse("无职称"), Some(TitleLevel::Untitled));
        assert_eq!(TitleLevel::parse("特级"), None);
        for l in TitleLevel::ALL {
            assert_eq!(TitleLevel::parse(l.label()), Some(l));
        }
        assert_eq!(TITLE_LEVELS, TitleLevel::ALL.map(TitleLevel::label));
    }
}
