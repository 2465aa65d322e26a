//! The fields of the tabs of a resident profile
//! (docs/domain.md#the-profile-tabs), and the sheet layouts of the profile
//! workbook. One table per tab drives reading cells, storing columns,
//! logging changes, the
//! required-field rules and the template.

use crate::rules::codes::{
    CodeList, DEGREE, DEGREE_TYPE, EDUCATION, ENGLISH_LEVEL, LANGUAGE_TEST, LICENCE_CATEGORY,
    LICENCE_LEVEL, MARITAL_STATUS, NATIONALITY,
};
use crate::rules::photo::PhotoKind;
use crate::sheet::{Column, Layout};

/// The tabs of a profile, as the platform names them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize)]
pub enum Section {
    #[serde(rename = "基本信息")]
    Basic,
    #[serde(rename = "学习经历")]
    Education,
    /// 工作信息: the jobs a resident has held, any number of rows; the
    /// one tab a workbook may leave out.
    #[serde(rename = "工作信息")]
    Work,
    #[serde(rename = "证书信息")]
    Certificate,
}

impl Section {
    /// In the platform's order (基本信息, 教育信息, 工作信息, 证书信息).
    pub const ALL: [Section; 4] = [
        Section::Basic,
        Section::Education,
        Section::Work,
        Section::Certificate,
    ];

    /// Whether a profile workbook must have the tab's sheet. A workbook
    /// without 工作信息 leaves the jobs stored as they are.
    pub fn required(self) -> bool {
        self != Section::Work
    }

    /// The tab's name, which is also the sheet's name in the workbook.
    pub fn label(self) -> &'static str {
        match self {
            Section::Basic => "基本信息",
            Section::Education => "学习经历",
            Section::Work => "工作信息",
            Section::Certificate => "证书信息",
        }
    }

    pub fn fields(self) -> &'static [Field] {
        match self {
            Section::Basic => BASIC,
            Section::Education => EDUCATION_FIELDS,
            Section::Work => WORK,
            Section::Certificate => CERTIFICATE,
        }
    }

    pub fn layout(self) -> &'static Layout {
        match self {
            Section::Basic => &BASIC_LAYOUT,
            Section::Education => &EDUCATION_LAYOUT,
            Section::Work => &WORK_LAYOUT,
            Section::Certificate => &CERTIFICATE_LAYOUT,
        }
    }

    /// How many key columns come before the fields in the layout.
    pub fn keys(self) -> usize {
        match self {
            Section::Basic => 1,
            Section::Education => 3,
            Section::Work | Section::Certificate => 2,
        }
    }

    /// The table that stores the tab.
    pub fn table(self) -> &'static str {
        match self {
            Section::Basic => "profile_basic",
            Section::Education => "profile_education",
            Section::Work => "profile_work",
            Section::Certificate => "profile_certificate",
        }
    }
}

/// What a field holds, which decides how a typed value is read and stored.
#[derive(Debug, Clone, Copy)]
pub enum Kind {
    /// Free text, trimmed and normalised.
    Text,
    /// A person's name (rules::person::name).
    Name,
    /// 男/女 (男性, 女性, M, F accepted).
    Sex,
    /// 民族 (GB 3304), stored with 族.
    Ethnicity,
    /// A day, stored 2019-09-01.
    Day,
    /// A month, stored 2018-08.
    Month,
    /// A day or a month, stored as typed (2019-09-01 or 2019-09).
    DayOrMonth,
    /// 是/否 (Y/N, 1/0 … accepted).
    YesNo,
    /// 证件类型.
    IdType,
    /// A province (GB/T 2260), stored by its short name (四川).
    Province,
    Mobile,
    Email,
    /// A QQ number: 5–11 digits.
    Qq,
    /// One of a list; anything else is an error.
    Code(&'static CodeList),
    /// Free text, with the list as the template's suggestions.
    Suggest(&'static CodeList),
    /// An image file, by path relative to the workbook.
    Photo(PhotoKind),
}

/// When a field must be filled.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Need {
    /// `*`: always.
    Required,
    /// `*` with an exception the validator knows (毕业院校 and 毕业专业 may
    /// be given as 其他毕业院校 / 其他毕业专业; 取得学历时间 waits while 在读).
    Rule,
    /// `#`: when the yes/no field at this index of the same tab is 是.
    If(usize),
    Optional,
}

impl Need {
    /// The marker of the official templates.
    pub fn marker(self) -> &'static str {
        match self {
            Need::Required | Need::Rule => "*",
            Need::If(_) => "#",
            Need::Optional => "",
        }
    }
}

/// One field of a tab.
#[derive(Debug, Clone, Copy)]
pub struct Field {
    /// The Chinese label of the platform and the template.
    pub label: &'static str,
    /// The column that stores it.
    pub column: &'static str,
    pub kind: Kind,
    pub need: Need,
    pub aliases: &'static [&'static str],
}

/// Builds a tab's field table and its sheet layout (key columns first,
/// then one optional column per field) and the index of each named field
/// (`B_NAME: "姓名" …`) from one list, so they cannot drift.
macro_rules! tab {
    ($fields:ident, $layout:ident, $sheet:literal, [$($key:expr),* $(,)?],
     [$($($position:ident:)? $label:literal $column:literal $kind:expr, $need:expr,
        [$($alias:literal),* $(,)?];)*]) => {
        pub const $fields: &[Field] = &[$(Field {
            label: $label, column: $column, kind: $kind, need: $need, aliases: &[$($alias),*],
        }),*];
        pub const $layout: Layout = Layout {
            sheet: $sheet,
            columns: &[$($key,)* $(Column::optional($label, &[$($alias),*])),*],
        };
        tab!(@positions 0; $([$($position)?])*);
    };
    // Counts the fields, naming the index of those that have a name.
    (@positions $index:expr;) => {};
    (@positions $index:expr; [$position:ident] $($rest:tt)*) => {
        pub const $position: usize = $index;
        tab!(@positions $index + 1; $($rest)*);
    };
    (@positions $index:expr; [] $($rest:tt)*) => {
        tab!(@positions $index + 1; $($rest)*);
    };
}

const ID_NUMBER_ALIASES: &[&str] = &[
    "证件号",
    "身份证号",
    "身份证号码",
    "身份证件号码",
    "id number",
    "id no",
];
const ID_NUMBER: Column = Column::required("证件号码", ID_NUMBER_ALIASES);
const LEVEL: Column = Column::required("学历层次", &["层次", "学历级别", "education level"]);
/// Layout index of 学历层次 in the 学习经历 sheet.
pub const LEVEL_COLUMN: usize = 1;
/// The person's name beside the key, for whoever reads the sheet; the
/// name that counts is 基本信息's.
const NAME_BESIDE: Column = Column::optional("姓名", &["name"]);

tab!(BASIC, BASIC_LAYOUT, "基本信息", [ID_NUMBER], [
    B_NAME: "姓名" "name" Kind::Name, Need::Required, ["name", "真实姓名"];
    B_SEX: "性别" "sex" Kind::Sex, Need::Required, ["sex", "gender"];
    B_ETHNICITY: "民族" "ethnicity" Kind::Ethnicity, Need::Required, ["ethnicity", "民族名称"];
    B_BIRTH: "出生日期" "birth_date" Kind::Day, Need::Required, ["birth date", "出生年月日", "生日"];
    B_MARITAL: "婚姻状况" "marital_status" Kind::Code(&MARITAL_STATUS), Need::Required,
        ["marital status", "婚姻"];
    B_NATIONALITY: "国籍及地区" "nationality" Kind::Code(&NATIONALITY), Need::Required,
        ["国籍", "国籍/地区", "nationality"];
    B_ID_TYPE: "证件类型" "id_type" Kind::IdType, Need::Required, ["证件类别", "身份证件类别", "id type"];
    B_PROVINCE: "户口所在地省行政区划" "hukou_province" Kind::Province, Need::Required,
        ["户口所在地", "户籍所在地", "户口所在省份", "户籍省份", "户口所在地省份"];
    B_MOBILE: "手机" "mobile" Kind::Mobile, Need::Required, ["手机号码", "手机号", "mobile"];
    B_EMAIL: "电子邮箱" "email" Kind::Email, Need::Required, ["邮箱", "email", "e-mail", "电子邮件"];
    B_QQ: "qq" "qq" Kind::Qq, Need::Optional, ["qq号", "qq号码"];
    B_PHOTO: "个人照片" "photo" Kind::Photo(PhotoKind::Portrait), Need::Required,
        ["照片", "证件照", "photo"];
    B_ID_FRONT: "身份证正面照" "id_card_front" Kind::Photo(PhotoKind::IdCard), Need::Required,
        ["身份证正面", "身份证人像页", "身份证正面照片"];
    B_ID_BACK: "身份证反面照" "id_card_back" Kind::Photo(PhotoKind::IdCard), Need::Required,
        ["身份证反面", "身份证国徽页", "身份证反面照片"];
]);

tab!(EDUCATION_FIELDS, EDUCATION_LAYOUT, "学习经历", [ID_NUMBER, LEVEL, NAME_BESIDE], [
    E_FULL_TIME: "是否全日制" "full_time" Kind::YesNo, Need::Optional, ["全日制"];
    E_IN_STUDY: "是否在读" "in_study" Kind::YesNo, Need::Required, ["在读"];
    E_SCHOOL: "毕业院校" "school" Kind::Text, Need::Rule, ["毕业学校", "学校", "院校"];
    E_OTHER_SCHOOL: "其他毕业院校" "other_school" Kind::Text, Need::Optional, ["其他院校", "其他学校"];
    E_MAJOR: "毕业专业" "major" Kind::Text, Need::Rule, ["专业", "所学专业"];
    E_OTHER_MAJOR: "其他毕业专业" "other_major" Kind::Text, Need::Optional, ["其他专业"];
    E_GRADUATED: "毕业时间" "graduated_on" Kind::Month, Need::Required, ["毕业年月"];
    E_EDUCATION: "学历" "education" Kind::Code(&EDUCATION), Need::Required, [];
    E_EDUCATION_ON: "取得学历时间" "education_on" Kind::Month, Need::Rule, [];
    E_HAS_DIPLOMA: "是否获得毕业证书" "has_diploma" Kind::YesNo, Need::Required, ["是否获得学历证书"];
    E_DIPLOMA_NO: "学历证书编码" "diploma_no" Kind::Text, Need::If(E_HAS_DIPLOMA),
        ["学历证书编号", "毕业证书编号", "毕业证书编码"];
    E_DIPLOMA_SCAN: "学历证书原件" "diploma_scan" Kind::Photo(PhotoKind::Scan), Need::If(E_HAS_DIPLOMA),
        ["毕业证书原件", "学历证书扫描件"];
    E_HAS_DEGREE: "是否获得学位证书" "has_degree" Kind::YesNo, Need::Required, [];
    E_DEGREE_TYPE: "学位类型" "degree_type" Kind::Code(&DEGREE_TYPE), Need::If(E_HAS_DEGREE), [];
    E_DEGREE: "学位" "degree" Kind::Code(&DEGREE), Need::If(E_HAS_DEGREE), [];
    E_DEGREE_ON: "取得学位时间" "degree_on" Kind::Month, Need::If(E_HAS_DEGREE), [];
    E_DEGREE_NO: "学位证书编号" "degree_no" Kind::Text, Need::If(E_HAS_DEGREE), ["学位证书编码"];
    E_DEGREE_SCAN: "学位证书原件" "degree_scan" Kind::Photo(PhotoKind::Scan), Need::If(E_HAS_DEGREE),
        ["学位证书扫描件"];
]);

// One row per job. A blank 结束时间 is a job held to this day (至今).
tab!(WORK, WORK_LAYOUT, "工作信息", [ID_NUMBER, NAME_BESIDE], [
    W_EMPLOYER: "工作单位" "employer" Kind::Text, Need::Required, ["单位", "工作单位名称", "任职单位", "employer"];
    W_DEPARTMENT: "科室" "department" Kind::Text, Need::Optional, ["部门", "所在科室", "department"];
    W_POSITION: "职务" "position" Kind::Text, Need::Optional, ["职位", "岗位", "position"];
    W_START: "开始时间" "start_on" Kind::DayOrMonth, Need::Required,
        ["起始时间", "开始日期", "起始日期", "入职时间", "start"];
    W_END: "结束时间" "end_on" Kind::DayOrMonth, Need::Optional,
        ["截止时间", "结束日期", "截止日期", "离职时间", "end"];
]);

tab!(CERTIFICATE, CERTIFICATE_LAYOUT, "证书信息", [ID_NUMBER, NAME_BESIDE], [
    C_PASSED: "是否通过医师资格考试" "passed_exam" Kind::YesNo, Need::Required, [];
    C_EXAM_ON: "通过资格考试时间" "exam_on" Kind::DayOrMonth, Need::If(C_PASSED), ["通过医师资格考试时间"];
    C_HAS_LICENCE: "是否获得医师资格证书" "has_licence" Kind::YesNo, Need::Required, [];
    C_CATEGORY: "医师资格类别" "licence_category" Kind::Code(&LICENCE_CATEGORY), Need::If(C_HAS_LICENCE),
        [];
    C_LEVEL: "医师资格级别" "licence_level" Kind::Code(&LICENCE_LEVEL), Need::If(C_HAS_LICENCE), [];
    C_LICENCE_NO: "医师资格证书编码" "licence_no" Kind::Text, Need::If(C_HAS_LICENCE),
        ["医师资格证书编号", "医师资格证书号"];
    C_LICENCE_ON: "取得医师资格证书时间" "licence_on" Kind::DayOrMonth, Need::If(C_HAS_LICENCE), [];
    C_LICENCE_SCAN: "医师资格证书原件" "licence_scan" Kind::Photo(PhotoKind::Scan), Need::If(C_HAS_LICENCE),
        ["医师资格证书扫描件"];
    "外语等级考试类型" "language_test" Kind::Suggest(&LANGUAGE_TEST), Need::Optional, [];
    "外语能力" "language_skill" Kind::Text, Need::Optional, [];
    "英语能力" "english_level" Kind::Suggest(&ENGLISH_LEVEL), Need::Optional, [];
    "外语等级考试证书编码" "language_cert_no" Kind::Text, Need::Optional, ["外语等级考试证书编号"];
]);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn indexes_name_the_fields_they_say() {
        assert_eq!(EDUCATION_LAYOUT.columns[LEVEL_COLUMN].label, "学历层次");
        assert_eq!(WORK[W_EMPLOYER].label, "工作单位");
        assert_eq!(WORK[W_DEPARTMENT].label, "科室");
        assert_eq!(WORK[W_POSITION].label, "职务");
        assert_eq!(WORK[W_START].label, "开始时间");
        assert_eq!(WORK[W_END].label, "结束时间");
        assert_eq!(EDUCATION_FIELDS[E_HAS_DEGREE].label, "是否获得学位证书");
        assert_eq!(CERTIFICATE[C_HAS_LICENCE].label, "是否获得医师资格证书");
        for s in Section::ALL {
            assert_eq!(
                s.layout().columns.len(),
                s.keys() + s.fields().len(),
                "{}",
                s.label()
            );
            assert_eq!(s.layout().sheet, s.label());
        }
    }
}
