//! Code lists: provinces (GB/T 2260), ethnic groups (民族, GB 3304) and the
//! small lists of the profile tabs (婚姻状况, 学历, 学位 …).

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

/// An ethnic group (民族) of GB 3304-91, with the two codes widely used
/// beyond the standard (97 其他, 98 外国血统中国籍人士).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Ethnicity {
    pub code: &'static str,
    pub name: &'static str,
}

macro_rules! ethnicities {
    ($($code:literal $name:literal),* $(,)?) => {
        /// Every 民族 of GB 3304, in code order.
        pub const ETHNICITIES: &[Ethnicity] = &[$(Ethnicity { code: $code, name: $name }),*];
    };
}

ethnicities! {
    "01" "汉族", "02" "蒙古族", "03" "回族", "04" "藏族", "05" "维吾尔族", "06" "苗族",
    "07" "彝族", "08" "壮族", "09" "布依族", "10" "朝鲜族", "11" "满族", "12" "侗族",
    "13" "瑶族", "14" "白族", "15" "土家族", "16" "哈尼族", "17" "哈萨克族", "18" "傣族",
    "19" "黎族", "20" "傈僳族", "21" "佤族", "22" "畲族", "23" "高山族", "24" "拉祜族",
    "25" "水族", "26" "东乡族", "27" "纳西族", "28" "景颇族", "29" "柯尔克孜族", "30" "土族",
    "31" "达斡尔族", "32" "仫佬族", "33" "羌族", "34" "布朗族", "35" "撒拉族", "36" "毛南族",
    "37" "仡佬族", "38" "锡伯族", "39" "阿昌族", "40" "普米族", "41" "塔吉克族", "42" "怒族",
    "43" "乌孜别克族", "44" "俄罗斯族", "45" "鄂温克族", "46" "德昂族", "47" "保安族",
    "48" "裕固族", "49" "京族", "50" "塔塔尔族", "51" "独龙族", "52" "鄂伦春族", "53" "赫哲族",
    "54" "门巴族", "55" "珞巴族", "56" "基诺族", "97" "其他", "98" "外国血统中国籍人士",
}

/// Names the standard replaced: 毛难族 (now 毛南族), 崩龙族 (now 德昂族).
const OLD_ETHNIC_NAMES: [(&str, &str); 2] = [("毛难", "36"), ("崩龙", "46")];

impl Ethnicity {
    /// Finds a 民族 by name with or without 族 (`汉族`, `汉`), by its code
    /// with or without the leading zero (`01`, `1`), or by an old name
    /// (`毛难族` → 毛南族).
    pub fn find(raw: &str) -> Option<&'static Ethnicity> {
        let s = normalize(raw);
        let s: String = s.chars().filter(|c| !c.is_whitespace()).collect();
        if s.is_empty() {
            return None;
        }
        if s.len() <= 2 && s.bytes().all(|b| b.is_ascii_digit()) {
            let code = format!("{:0>2}", s);
            return ETHNICITIES.iter().find(|e| e.code == code);
        }
        let bare = s.strip_suffix('族').unwrap_or(&s);
        if let Some((_, code)) = OLD_ETHNIC_NAMES.iter().find(|(old, _)| *old == bare) {
            return ETHNICITIES.iter().find(|e| e.code == *code);
        }
        ETHNICITIES
            .iter()
            .find(|e| e.name == s || e.name.strip_suffix('族') == Some(bare))
    }
}

/// A short list of values (婚姻状况, 学历, 学位 …): the names stored, which
/// are also the template's dropdown, and other names people type for them.
#[derive(Debug, Clone, Copy)]
pub struct CodeList {
    /// The field's Chinese label, for messages.
    pub label: &'static str,
    pub values: &'static [&'static str],
    /// (typed, stored): variants people type, compared after normalising.
    pub aliases: &'static [(&'static str, &'static str)],
}

impl CodeList {
    /// The stored name for a typed value: a value itself or an alias,
    /// compared without blanks and ignoring the case of Latin letters.
    pub fn find(&self, raw: &str) -> Option<&'static str> {
        let n = normalize(raw);
        let key: String = n
            .chars()
            .filter(|c| !c.is_whitespace())
            .flat_map(char::to_lowercase)
            .collect();
        if key.is_empty() {
            return None;
        }
        self.values.iter().copied().find(|v| *v == key).or_else(|| {
            self.aliases
                .iter()
                .find(|(typed, _)| typed.to_lowercase() == key)
                .map(|(_, stored)| *stored)
        })
    }

    /// The values joined for a message: `未婚、已婚、丧偶、离婚`.
    pub fn joined(&self) -> String {
        self.values.join("、")
    }
}

/// 婚姻状况 (GB/T 2261.2, the platform's four).
pub const MARITAL_STATUS: CodeList = CodeList {
    label: "婚姻状况",
    values: &["未婚", "已婚", "丧偶", "离婚"],
    aliases: &[
        ("离异", "离婚"),
        ("初婚", "已婚"),
        ("再婚", "已婚"),
        ("复婚", "已婚"),
        ("single", "未婚"),
        ("married", "已婚"),
        ("divorced", "离婚"),
        ("widowed", "丧偶"),
    ],
};

/// 国籍及地区, as the platform lists it (the national platform shows 中国大陆). The
/// platform's full list is not published: values outside it are warnings.
pub const NATIONALITY: CodeList = CodeList {
    label: "国籍及地区",
    values: &["中国大陆", "中国香港", "中国澳门", "中国台湾", "外国"],
    aliases: &[
        ("中国", "中国大陆"),
        ("大陆", "中国大陆"),
        ("内地", "中国大陆"),
        ("中国内地", "中国大陆"),
        ("中华人民共和国", "中国大陆"),
        ("china", "中国大陆"),
        ("香港", "中国香港"),
        ("澳门", "中国澳门"),
        ("台湾", "中国台湾"),
        ("外籍", "外国"),
        ("其他", "外国"),
    ],
};

/// 学历层次: the five levels of the 学习经历 tab.
pub const EDUCATION_LEVEL: CodeList = CodeList {
    label: "学历层次",
    values: &["中专", "大专", "本科", "硕士", "博士"],
    aliases: &[
        ("中等专业", "中专"),
        ("中等专科", "中专"),
        ("专科", "大专"),
        ("大学专科", "大专"),
        ("高职", "大专"),
        ("大学本科", "本科"),
        ("学士", "本科"),
        ("硕士研究生", "硕士"),
        ("研究生", "硕士"),
        ("博士研究生", "博士"),
    ],
};

/// 学历 (GB/T 4658 groups, as the platform shows 研究生教育).
pub const EDUCATION: CodeList = CodeList {
    label: "学历",
    values: &["研究生教育", "大学本科教育", "大学专科教育", "中等专业教育"],
    aliases: &[
        ("研究生", "研究生教育"),
        ("博士研究生", "研究生教育"),
        ("硕士研究生", "研究生教育"),
        ("博士", "研究生教育"),
        ("硕士", "研究生教育"),
        ("本科", "大学本科教育"),
        ("大学本科", "大学本科教育"),
        ("专科", "大学专科教育"),
        ("大专", "大学专科教育"),
        ("大学专科", "大学专科教育"),
        ("中专", "中等专业教育"),
        ("中等专科", "中等专业教育"),
        ("中等职业教育", "中等专业教育"),
    ],
};

/// 学位类型.
pub const DEGREE_TYPE: CodeList = CodeList {
    label: "学位类型",
    values: &["学术型", "专业型"],
    aliases: &[
        ("学术学位", "学术型"),
        ("学术", "学术型"),
        ("科学学位", "学术型"),
        ("专业学位", "专业型"),
        ("专业", "专业型"),
    ],
};

/// 学位.
pub const DEGREE: CodeList = CodeList {
    label: "学位",
    values: &["学士", "硕士", "博士"],
    aliases: &[
        ("学士学位", "学士"),
        ("医学学士", "学士"),
        ("硕士学位", "硕士"),
        ("医学硕士", "硕士"),
        ("临床医学硕士", "硕士"),
        ("博士学位", "博士"),
        ("医学博士", "博士"),
        ("临床医学博士", "博士"),
    ],
};

/// 医师资格类别 (医师资格考试的四个类别).
pub const LICENCE_CATEGORY: CodeList = CodeList {
    label: "医师资格类别",
    values: &["临床", "口腔", "公共卫生", "中医"],
    aliases: &[
        ("临床类别", "临床"),
        ("临床医师", "临床"),
        ("口腔类别", "口腔"),
        ("口腔医师", "口腔"),
        ("公共卫生类别", "公共卫生"),
        ("公卫", "公共卫生"),
        ("中医类别", "中医"),
        ("中西医结合", "中医"),
        ("民族医", "中医"),
    ],
};

/// 医师资格级别.
pub const LICENCE_LEVEL: CodeList = CodeList {
    label: "医师资格级别",
    values: &["执业医师", "执业助理医师"],
    aliases: &[("医师", "执业医师"), ("助理医师", "执业助理医师")],
};

/// 外语等级考试类型: suggestions for the template's dropdown (any value is kept).
pub const LANGUAGE_TEST: CodeList = CodeList {
    label: "外语等级考试类型",
    values: &[
        "大学英语四六级考试",
        "全国英语等级考试",
        "英语专业四八级考试",
        "全国医护英语水平考试",
        "雅思",
        "托福",
        "其他",
    ],
    aliases: &[],
};

/// 英语能力: suggestions for the template's dropdown (any value is kept).
pub const ENGLISH_LEVEL: CodeList = CodeList {
    label: "英语能力",
    values: &["一般", "良好", "熟练", "精通"],
    aliases: &[],
};

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

    #[test]
    fn ethnicities_by_name_bare_name_code_and_old_name() {
        assert_eq!(ETHNICITIES.len(), 58);
        assert_eq!(Ethnicity::find("汉族").unwrap().code, "01");
        assert_eq!(Ethnicity::find("汉").unwrap().code, "01");
        assert_eq!(Ethnicity::find(" 01 ").unwrap().name, "汉族");
        assert_eq!(Ethnicity::find("1").unwrap().name, "汉族");
        assert_eq!(Ethnicity::find("９").unwrap().name, "布依族");
        assert_eq!(Ethnicity::find("维吾尔").unwrap().code, "05");
        assert_eq!(Ethnicity::find("毛难族").unwrap().name, "毛南族");
        assert_eq!(Ethnicity::find("崩龙").unwrap().name, "德昂族");
        assert_eq!(Ethnicity::find("其他").unwrap().code, "97");
        assert_eq!(Ethnicity::find("98").unwrap().name, "外国血统中国籍人士");
        assert_eq!(Ethnicity::find("俄罗斯").unwrap().code, "44");
        assert_eq!(Ethnicity::find("火星族"), None);
        assert_eq!(Ethnicity::find("57"), None);
        assert_eq!(Ethnicity::find(""), None);
        for e in ETHNICITIES {
            assert_eq!(Ethnicity::find(e.name), Some(e));
        }
    }

    #[test]
    fn code_lists_take_values_and_aliases() {
        assert_eq!(MARITAL_STATUS.find(" 已婚 "), Some("已婚"));
        assert_eq!(MARITAL_STATUS.find("离异"), Some("离婚"));
        assert_eq!(MARITAL_STATUS.find("Married"), Some("已婚"));
        assert_eq!(MARITAL_STATUS.find("保密"), None);
        assert_eq!(EDUCATION_LEVEL.find("大学本科"), Some("本科"));
        assert_eq!(EDUCATION.find("本科"), Some("大学本科教育"));
        assert_eq!(DEGREE_TYPE.find("专业学位"), Some("专业型"));
        assert_eq!(DEGREE.find("医学博士"), Some("博士"));
        assert_eq!(LICENCE_CATEGORY.find("临床类别"), Some("临床"));
        assert_eq!(LICENCE_LEVEL.find("执业助理医师"), Some("执业助理医师"));
        assert_eq!(NATIONALITY.find("中国"), Some("中国大陆"));
        assert_eq!(DEGREE.find(""), None);
        for list in [
            MARITAL_STATUS,
            NATIONALITY,
            EDUCATION_LEVEL,
            EDUCATION,
            DEGREE_TYPE,
            DEGREE,
        ] {
            for v in list.values {
                assert_eq!(list.find(v), Some(*v));
            }
            for (_, stored) in list.aliases {
                assert!(list.values.contains(stored), "{stored}");
            }
        }
    }
}
