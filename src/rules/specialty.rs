//! 培训专业: the specialties of residency training (住培) that recruitment
//! plans and applications name, and the other names people type for them
//! (docs/domain.md#specialties).

use std::collections::HashMap;
use std::sync::LazyLock;

use super::text::normalize;

/// The specialties of the national residency training (住院医师规范化培训),
/// in the order of the national list, then the specialties of the 中医
/// (traditional Chinese medicine) residency training. These are the names
/// stored.
pub const SPECIALTIES: &[&str] = &[
    "内科",
    "儿科",
    "急诊科",
    "皮肤科",
    "精神科",
    "神经内科",
    "全科",
    "康复医学科",
    "外科",
    "外科（神经外科方向）",
    "外科（胸心外科方向）",
    "外科（泌尿外科方向）",
    "外科（整形外科方向）",
    "骨科",
    "儿外科",
    "妇产科",
    "眼科",
    "耳鼻咽喉科",
    "麻醉科",
    "临床病理科",
    "检验医学科",
    "放射科",
    "超声医学科",
    "核医学科",
    "放射肿瘤科",
    "医学遗传科",
    "预防医学科",
    "重症医学科",
    "口腔全科",
    "口腔内科",
    "口腔颌面外科",
    "口腔修复科",
    "口腔正畸科",
    "口腔病理科",
    "口腔颌面影像科",
    "中医",
    "中医全科",
    "中医内科",
    "中医外科",
    "中医妇科",
    "中医儿科",
    "中医骨伤科",
    "中医眼科",
    "中医耳鼻咽喉科",
    "中医五官科",
    "针灸科",
    "推拿科",
    "针灸推拿科",
    "中医康复科",
];

/// (typed, stored): other names of a specialty, compared as [`key`] does.
const ALIASES: &[(&str, &str)] = &[
    ("内科学", "内科"),
    ("大内科", "内科"),
    ("儿科学", "儿科"),
    ("急诊医学科", "急诊科"),
    ("急诊医学", "急诊科"),
    ("皮肤性病科", "皮肤科"),
    ("皮肤病与性病学", "皮肤科"),
    ("精神病学", "精神科"),
    ("精神医学科", "精神科"),
    ("神经病学", "神经内科"),
    ("全科医学", "全科"),
    ("全科医学科", "全科"),
    ("康复医学", "康复医学科"),
    ("康复科", "康复医学科"),
    ("外科学", "外科"),
    ("普通外科", "外科"),
    ("普外科", "外科"),
    ("神经外科", "外科（神经外科方向）"),
    ("神经外科方向", "外科（神经外科方向）"),
    ("胸心外科", "外科（胸心外科方向）"),
    ("心胸外科", "外科（胸心外科方向）"),
    ("胸心外科方向", "外科（胸心外科方向）"),
    ("泌尿外科", "外科（泌尿外科方向）"),
    ("泌尿外科方向", "外科（泌尿外科方向）"),
    ("整形外科", "外科（整形外科方向）"),
    ("整形外科方向", "外科（整形外科方向）"),
    ("骨外科", "骨科"),
    ("小儿外科", "儿外科"),
    ("妇产科学", "妇产科"),
    ("眼科学", "眼科"),
    ("耳鼻喉科", "耳鼻咽喉科"),
    ("耳鼻咽喉头颈外科", "耳鼻咽喉科"),
    ("麻醉学", "麻醉科"),
    ("麻醉学科", "麻醉科"),
    ("病理科", "临床病理科"),
    ("临床病理", "临床病理科"),
    ("检验科", "检验医学科"),
    ("医学检验科", "检验医学科"),
    ("检验医学", "检验医学科"),
    ("医学影像科", "放射科"),
    ("医学影像", "放射科"),
    ("影像科", "放射科"),
    ("放射影像科", "放射科"),
    ("超声科", "超声医学科"),
    ("超声医学", "超声医学科"),
    ("核医学", "核医学科"),
    ("放疗科", "放射肿瘤科"),
    ("放射治疗科", "放射肿瘤科"),
    ("肿瘤放疗科", "放射肿瘤科"),
    ("遗传科", "医学遗传科"),
    ("预防医学", "预防医学科"),
    ("重症医学", "重症医学科"),
    ("口腔综合科", "口腔全科"),
    ("针灸", "针灸科"),
    ("推拿", "推拿科"),
];

/// A specialty name as it is compared: normalised, without blanks or
/// brackets of either width, Latin letters in lower case — so that
/// `外科(神经外科方向)` and `外科（神经外科方向）` are the same.
fn key(raw: &str) -> String {
    normalize(raw)
        .chars()
        .filter(|c| !c.is_whitespace() && !"()（）[]【】".contains(*c))
        .flat_map(char::to_lowercase)
        .collect()
}

/// Every name a specialty is known by, by its [`key`]: computed once, since
/// an applications file asks for a specialty on every row.
static BY_KEY: LazyLock<HashMap<String, &'static str>> = LazyLock::new(|| {
    ALIASES
        .iter()
        .copied()
        .chain(SPECIALTIES.iter().map(|s| (*s, *s)))
        .map(|(typed, stored)| (key(typed), stored))
        .collect()
});

/// The stored name of a typed specialty, if it is one.
pub fn find(raw: &str) -> Option<&'static str> {
    // The stored names themselves, as most files write them, need no key.
    if let Some(s) = SPECIALTIES.iter().find(|s| **s == raw) {
        return Some(s);
    }
    BY_KEY.get(&key(raw)).copied()
}

/// Every specialty, joined for a message.
pub fn joined() -> String {
    SPECIALTIES.join("、")
}

/// Why typed text is no specialty, with the list of those there are.
pub fn unknown(raw: &str) -> crate::i18n::Msg {
    let all = joined();
    crate::msg!(
        "不认识的培训专业“{raw}”(可用:{all})",
        "unknown specialty '{raw}' (use one of: {all})"
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_and_variants() {
        for s in SPECIALTIES {
            assert_eq!(find(s), Some(*s), "{s}");
        }
        assert_eq!(find(" 内科 "), Some("内科"));
        assert_eq!(find("外科(神经外科方向)"), Some("外科（神经外科方向）"));
        assert_eq!(
            find("外科 （ 神经外科方向 ）"),
            Some("外科（神经外科方向）")
        );
        assert_eq!(find("神经外科"), Some("外科（神经外科方向）"));
        assert_eq!(find("全科医学"), Some("全科"));
        assert_eq!(find("医学影像科"), Some("放射科"));
        assert_eq!(find("耳鼻喉科"), Some("耳鼻咽喉科"));
        assert_eq!(find("心内科"), None);
        assert_eq!(find(""), None);
    }

    #[test]
    fn aliases_name_stored_specialties_and_no_specialty_is_an_alias() {
        for (typed, stored) in ALIASES {
            assert!(SPECIALTIES.contains(stored), "{typed} → {stored}");
            assert!(
                !SPECIALTIES.iter().any(|s| key(s) == key(typed)),
                "{typed} is a specialty itself"
            );
        }
    }
}
