//! Code lists: provinces (GB/T 2260).

use super::text::normalize;

/// A province-level division: its GB/T 2260 two-digit code, short name and
/// full name.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Province {
    pub code: &'static str,
    pub short: &'static str,
    pub full: &'static str,
}

macro_rules! provinces {
    ($($code:literal $short:literal $full:literal),* $(,)?) => {
        /// Every province-level division, in code order.
        pub const PROVINCES: &[Province] = &[$(Province { code: $code, short: $short, full: $full }),*];
    };
}

provinces! {
    "11" "北京" "北京市", "12" "天津" "天津市", "13" "河北" "河北省", "14" "山西" "山西省",
    "15" "内蒙古" "内蒙古自治区", "21" "辽宁" "辽宁省", "22" "吉林" "吉林省",
    "23" "黑龙江" "黑龙江省", "31" "上海" "上海市", "32" "江苏" "江苏省", "33" "浙江" "浙江省",
    "34" "安徽" "安徽省", "35" "福建" "福建省", "36" "江西" "江西省", "37" "山东" "山东省",
    "41" "河南" "河南省", "42" "湖北" "湖北省", "43" "湖南" "湖南省", "44" "广东" "广东省",
    "45" "广西" "广西壮族自治区", "46" "海南" "海南省", "50" "重庆" "重庆市", "51" "四川" "四川省",
    "52" "贵州" "贵州省", "53" "云南" "云南省", "54" "西藏" "西藏自治区", "61" "陕西" "陕西省",
    "62" "甘肃" "甘肃省", "63" "青海" "青海省", "64" "宁夏" "宁夏回族自治区",
    "65" "新疆" "新疆维吾尔自治区", "71" "台湾" "台湾省", "81" "香港" "香港特别行政区",
    "82" "澳门" "澳门特别行政区",
}

impl Province {
    /// The province with this two-digit code.
    pub fn by_code(code: &str) -> Option<&'static Province> {
        PROVINCES.iter().find(|p| p.code == code)
    }

    /// Finds a province by its code (`51`, or a six-digit division code such
    /// as `510000`), short name (`四川`) or full name (`四川省`).
    pub fn find(raw: &str) -> Option<&'static Province> {
        let s = normalize(raw);
        let s = s.as_ref();
        if s.len() >= 2 && s.bytes().all(|b| b.is_ascii_digit()) {
            return match s.len() {
                2 => Province::by_code(s),
                6 if s.ends_with("0000") => Province::by_code(&s[..2]),
                _ => None,
            };
        }
        PROVINCES
            .iter()
            .find(|p| p.short == s || p.full == s)
            // "广西自治区", "新疆自治区", "内蒙古省" and similar half-full names.
            .or_else(|| {
                PROVINCES
                    .iter()
                    .find(|p| s.starts_with(p.short) && s.chars().count() <= p.full.chars().count())
            })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn provinces_by_code_short_and_full_name() {
        assert_eq!(Province::find("51").unwrap().short, "四川");
        assert_eq!(Province::find("510000").unwrap().short, "四川");
        assert_eq!(Province::find("四川").unwrap().code, "51");
        assert_eq!(Province::find("四川省").unwrap().code, "51");
        assert_eq!(Province::find("广西壮族自治区").unwrap().code, "45");
        assert_eq!(Province::find(" 广西 ").unwrap().code, "45");
        assert_eq!(Province::find("内蒙古").unwrap().code, "15");
        assert_eq!(Province::find("99"), None);
        assert_eq!(Province::find("510100"), None);
        assert_eq!(Province::find("火星"), None);
        assert_eq!(PROVINCES.len(), 34);
    }
}
