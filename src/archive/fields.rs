//! The sections and fields of a CME member's technical archive (技术档案):
//! 个人基本信息 with the fields of the platform's form, and the five lists
//! (教育经历, 培训经历, 论文论著, 工作经历, 获奖情况). One table per section
//! drives reading cells, storing values, comparing versions, the résumé,
//! 变更详情 and the template, so that they cannot disagree.

use crate::rules::codes::{CodeList, MARITAL_STATUS};
use crate::sheet::{Column, Layout};

/// What a field holds, which decides how a typed value is read and checked.
#[derive(Debug, Clone, Copy)]
pub enum Kind {
    /// Free text, trimmed and normalised.
    Text,
    /// A person's name.
    Name,
    /// 男/女.
    Sex,
    /// 民族, stored with 族.
    Ethnicity,
    /// A day or a month, stored as typed (2013-07-11 or 2013-07).
    Date,
    /// 是/否.
    YesNo,
    /// 证件类型.
    IdType,
    Email,
    /// 联系电话: a mobile number, or a landline with its area code.
    Phone,
    /// 邮政编码: six digits.
    Postcode,
    /// 执业医师证号 (医师执业证书编码): 15 digits.
    PracticeLicence,
    /// One of a list; anything else is refused.
    Code(&'static CodeList),
    /// Free text, with the list as the template's suggestions.
    Suggest(&'static CodeList),
    /// A JPEG photo, by path relative to the workbook.
    Photo,
}

/// When a field must be filled.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Need {
    /// `*`: always.
    Required,
    /// `#`: when the yes/no field at this index of the section is 是.
    If(usize),
    Optional,
}

impl Need {
    /// The marker of the templates.
    pub fn marker(self) -> &'static str {
        match self {
            Need::Required => "*",
            Need::If(_) => "#",
            Need::Optional => "",
        }
    }
}

/// One field of a section.
#[derive(Debug, Clone, Copy)]
pub struct Field {
    /// The Chinese label of the platform's form and the template.
    pub label: &'static str,
    pub kind: Kind,
    pub need: Need,
    pub aliases: &'static [&'static str],
}

/// The sections of the archive, in the order of the platform's tabs (and
/// of the workbook's sheets).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Section {
    Basic,
    Education,
    Training,
    Papers,
    Work,
    Awards,
}

/// The five sections that hold several rows per member, by index.
pub const LISTS: [Section; 5] = [
    Section::Education,
    Section::Training,
    Section::Papers,
    Section::Work,
    Section::Awards,
];

impl Section {
    pub const ALL: [Section; 6] = [
        Section::Basic,
        Section::Education,
        Section::Training,
        Section::Papers,
        Section::Work,
        Section::Awards,
    ];

    /// The section's name: the sheet's name in the workbook and the key of
    /// the stored and shown archive.
    pub fn label(self) -> &'static str {
        match self {
            Section::Basic => "个人基本信息",
            Section::Education => "教育经历",
            Section::Training => "培训经历",
            Section::Papers => "论文论著",
            Section::Work => "工作经历",
            Section::Awards => "获奖情况",
        }
    }

    /// Other sheet names people use: the platform's tab names.
    pub fn sheet_aliases(self) -> &'static [&'static str] {
        match self {
            Section::Basic => &["基本信息", "用户个人基本信息"],
            Section::Education => &["个人教育经历"],
            Section::Training => &["个人培训经历"],
            Section::Papers => &["个人论文论著", "论文论著信息"],
            Section::Work => &["个人工作经历", "个人工作经验"],
            Section::Awards => &["个人获奖情况"],
        }
    }

    pub fn fields(self) -> &'static [Field] {
        match self {
            Section::Basic => BASIC,
            Section::Education => EDUCATION,
            Section::Training => TRAINING,
            Section::Papers => PAPERS,
            Section::Work => WORK,
            Section::Awards => AWARDS,
        }
    }

    pub fn layout(self) -> &'static Layout {
        match self {
            Section::Basic => &BASIC_LAYOUT,
            Section::Education => &EDUCATION_LAYOUT,
            Section::Training => &TRAINING_LAYOUT,
            Section::Papers => &PAPERS_LAYOUT,
            Section::Work => &WORK_LAYOUT,
            Section::Awards => &AWARDS_LAYOUT,
        }
    }

    /// How many key columns come before the fields in the layout: 证件号码,
    /// and in the list sheets the 姓名 written beside it.
    pub fn keys(self) -> usize {
        match self {
            Section::Basic => 1,
            _ => 2,
        }
    }

    /// The index of a list section in [`LISTS`].
    pub fn list_index(self) -> Option<usize> {
        LISTS.iter().position(|s| *s == self)
    }

    /// For a list: the fields holding its start and end dates (the end may
    /// be blank: 至今), or its one date. Rows are ordered by the first.
    pub fn dates(self) -> (usize, Option<usize>) {
        match self {
            Section::Papers | Section::Awards => (0, None),
            _ => (0, Some(1)),
        }
    }

    /// The index of a field by label.
    pub fn field(self, label: &str) -> Option<usize> {
        self.fields().iter().position(|f| f.label == label)
    }
}

/// Builds a section's field table and its sheet layout (key columns first,
/// then one optional column per field) from one list, so they cannot drift.
/// Required fields are checked on the values, not the header: a workbook
/// may leave out a column, which is then blank. A field named before its
/// label (`B_NAME: "姓名" …`) gets a constant of its index in the table.
macro_rules! section {
    ($fields:ident, $layout:ident, $sheet:literal, [$($key:expr),* $(,)?],
     [$($($position:ident:)? $label:literal $kind:expr, $need:expr, [$($alias:literal),* $(,)?];)*]) => {
        pub const $fields: &[Field] = &[$(Field {
            label: $label, kind: $kind, need: $need, aliases: &[$($alias),*],
        }),*];
        pub const $layout: Layout = Layout {
            sheet: $sheet,
            columns: &[$($key,)* $(Column::optional($label, &[$($alias),*])),*],
        };
        section!(@positions 0; $([$($position)?])*);
    };
    // Counts the fields, naming the index of those that have a name.
    (@positions $index:expr;) => {};
    (@positions $index:expr; [$position:ident] $($rest:tt)*) => {
        pub const $position: usize = $index;
        section!(@positions $index + 1; $($rest)*);
    };
    (@positions $index:expr; [] $($rest:tt)*) => {
        section!(@positions $index + 1; $($rest)*);
    };
}

const ID_NUMBER: Column = Column::required(
    "证件号码",
    &[
        "证件号",
        "身份证号",
        "身份证号码",
        "身份证件号码",
        "id number",
        "id no",
    ],
);
/// The member's name beside the key in the list sheets, for whoever reads
/// the sheet; when given it must be the account's.
const NAME_BESIDE: Column = Column::optional("姓名", &["name"]);

/// 政治面貌 (GB/T 4762).
pub const POLITICAL_STATUS: CodeList = CodeList {
    label: "政治面貌",
    values: &[
        "中共党员",
        "中共预备党员",
        "共青团员",
        "民革党员",
        "民盟盟员",
        "民建会员",
        "民进会员",
        "农工党党员",
        "致公党党员",
        "九三学社社员",
        "台盟盟员",
        "无党派人士",
        "群众",
    ],
    aliases: &[
        ("党员", "中共党员"),
        ("中国共产党党员", "中共党员"),
        ("共产党员", "中共党员"),
        ("预备党员", "中共预备党员"),
        ("中国共产党预备党员", "中共预备党员"),
        ("团员", "共青团员"),
        ("中国共产主义青年团团员", "共青团员"),
        ("无党派", "无党派人士"),
        ("无党派民主人士", "无党派人士"),
        ("普通群众", "群众"),
    ],
};

/// 最高学历, and the 学历 of a row of 教育经历.
pub const HIGHEST_EDUCATION: CodeList = CodeList {
    label: "学历",
    values: &[
        "博士研究生",
        "硕士研究生",
        "大学本科",
        "大学专科",
        "中等专科",
        "高中及以下",
    ],
    aliases: &[
        ("博士", "博士研究生"),
        ("硕士", "硕士研究生"),
        ("本科", "大学本科"),
        ("大本", "大学本科"),
        ("专科", "大学专科"),
        ("大专", "大学专科"),
        ("中专", "中等专科"),
        ("中等专业", "中等专科"),
        ("高中", "高中及以下"),
        ("初中", "高中及以下"),
    ],
};

/// 最高学位, and the 学位 of a row of 教育经历.
pub const HIGHEST_DEGREE: CodeList = CodeList {
    label: "学位",
    values: &["博士", "硕士", "学士", "无"],
    aliases: &[
        ("博士学位", "博士"),
        ("硕士学位", "硕士"),
        ("学士学位", "学士"),
        ("无学位", "无"),
    ],
};

/// 外语语种: suggestions.
pub const LANGUAGES: CodeList = CodeList {
    label: "外语语种",
    values: &["英语", "日语", "俄语", "德语", "法语", "其他"],
    aliases: &[],
};

/// 工作性质: suggestions.
pub const WORK_NATURE: CodeList = CodeList {
    label: "工作性质",
    values: &["在编", "合同制", "人事代理", "劳务派遣", "退休返聘", "其他"],
    aliases: &[],
};

/// 类别 of a row of 论文论著.
pub const PAPER_KIND: CodeList = CodeList {
    label: "类别",
    values: &["论文", "论著", "译著", "教材", "其他"],
    aliases: &[("专著", "论著"), ("著作", "论著"), ("编著", "论著")],
};

section!(BASIC, BASIC_LAYOUT, "个人基本信息", [ID_NUMBER], [
    B_NAME: "姓名" Kind::Name, Need::Required, ["name", "真实姓名"];
    B_SEX: "性别" Kind::Sex, Need::Required, ["sex", "gender"];
    B_BIRTH: "出生日期" Kind::Date, Need::Required, ["出生年月", "生日年月", "出生年月日", "生日", "birth date"];
    "出生地" Kind::Text, Need::Optional, ["出生地址", "出生地点"];
    "民族" Kind::Ethnicity, Need::Required, ["ethnicity"];
    "籍贯" Kind::Text, Need::Optional, [];
    "政治面貌" Kind::Code(&POLITICAL_STATUS), Need::Required, [];
    "婚姻状况" Kind::Code(&MARITAL_STATUS), Need::Optional, ["婚姻"];
    B_ID_TYPE: "证件类型" Kind::IdType, Need::Optional, ["证件类别"];
    "通讯地址" Kind::Text, Need::Required, ["通信地址", "联系地址"];
    "邮政编码" Kind::Postcode, Need::Optional, ["邮编"];
    "联系电话" Kind::Phone, Need::Required, ["电话", "手机", "手机号码", "联系方式"];
    "电子邮箱" Kind::Email, Need::Optional, ["邮箱", "email", "e-mail", "电子邮件"];
    "家庭住址" Kind::Text, Need::Optional, ["家庭地址", "住址"];
    "毕业学校" Kind::Text, Need::Required, ["毕业院校"];
    "毕业时间" Kind::Date, Need::Optional, ["毕业年月"];
    "所学专业" Kind::Text, Need::Required, ["专业"];
    "最高学历" Kind::Code(&HIGHEST_EDUCATION), Need::Required, ["学历"];
    "最高学位" Kind::Code(&HIGHEST_DEGREE), Need::Required, ["学位"];
    "外语语种" Kind::Suggest(&LANGUAGES), Need::Optional, ["外语"];
    "外语等级" Kind::Text, Need::Optional, ["外语水平"];
    "工作单位" Kind::Text, Need::Optional, ["单位"];
    "工作性质" Kind::Suggest(&WORK_NATURE), Need::Optional, [];
    "参加工作时间" Kind::Date, Need::Optional, ["参加工作日期", "工作时间"];
    "所属市州" Kind::Text, Need::Optional, ["市州"];
    "行政职务" Kind::Text, Need::Required, ["职务"];
    B_TITLE: "技术职称" Kind::Text, Need::Optional, ["职称", "专业技术职称"];
    "执业科目" Kind::Text, Need::Optional, ["执业范围"];
    B_PRACTISING: "是否执业医师" Kind::YesNo, Need::Optional, ["执业医师"];
    "执业医师证号" Kind::PracticeLicence, Need::If(B_PRACTISING),
        ["医师执业证书编码", "医师执业证书编号", "执业证书编码", "执业证号"];
    B_TAKES_CME: "是否参加继续教育" Kind::YesNo, Need::Required, ["参加继续教育", "参加继教"];
    B_PHOTO: "照片" Kind::Photo, Need::Optional, ["个人照片", "上传照片", "photo"];
]);

section!(EDUCATION, EDUCATION_LAYOUT, "教育经历", [ID_NUMBER, NAME_BESIDE], [
    "开始时间" Kind::Date, Need::Required, ["起始时间", "入学时间", "开始日期"];
    "结束时间" Kind::Date, Need::Optional, ["截止时间", "毕业时间", "结束日期"];
    "学校" Kind::Text, Need::Required, ["毕业学校", "学校名称", "院校"];
    "专业" Kind::Text, Need::Optional, ["所学专业"];
    "学历" Kind::Code(&HIGHEST_EDUCATION), Need::Optional, [];
    "学位" Kind::Code(&HIGHEST_DEGREE), Need::Optional, [];
]);

section!(TRAINING, TRAINING_LAYOUT, "培训经历", [ID_NUMBER, NAME_BESIDE], [
    "开始时间" Kind::Date, Need::Required, ["起始时间", "开始日期"];
    "结束时间" Kind::Date, Need::Optional, ["截止时间", "结束日期"];
    "培训机构" Kind::Text, Need::Required, ["培训单位", "培训地点"];
    "培训内容" Kind::Text, Need::Required, ["培训项目", "培训名称"];
    "所获证书" Kind::Text, Need::Optional, ["证书", "培训结果"];
]);

section!(PAPERS, PAPERS_LAYOUT, "论文论著", [ID_NUMBER, NAME_BESIDE], [
    "发表时间" Kind::Date, Need::Required, ["出版时间", "发表日期"];
    "题目" Kind::Text, Need::Required, ["论文题目", "名称", "论著名称"];
    "刊物或出版社" Kind::Text, Need::Required, ["刊物", "期刊", "出版社", "发表刊物"];
    "类别" Kind::Code(&PAPER_KIND), Need::Optional, ["类型"];
    "本人排名" Kind::Text, Need::Optional, ["作者排序", "排名"];
]);

section!(WORK, WORK_LAYOUT, "工作经历", [ID_NUMBER, NAME_BESIDE], [
    "开始时间" Kind::Date, Need::Required, ["起始时间", "开始日期"];
    "结束时间" Kind::Date, Need::Optional, ["截止时间", "结束日期"];
    "工作单位" Kind::Text, Need::Required, ["单位"];
    "科室" Kind::Text, Need::Optional, ["部门"];
    "职务" Kind::Text, Need::Optional, ["职务职称", "职称"];
]);

section!(AWARDS, AWARDS_LAYOUT, "获奖情况", [ID_NUMBER, NAME_BESIDE], [
    "获奖时间" Kind::Date, Need::Required, ["获奖日期", "时间"];
    "奖项名称" Kind::Text, Need::Required, ["奖项", "获奖名称", "名称"];
    "授奖单位" Kind::Text, Need::Optional, ["颁奖单位", "授予单位"];
    "获奖等级" Kind::Text, Need::Optional, ["等级"];
    "本人排名" Kind::Text, Need::Optional, ["排名"];
]);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn indexes_name_the_fields_they_say() {
        assert_eq!(BASIC[B_NAME].label, "姓名");
        assert_eq!(BASIC[B_SEX].label, "性别");
        assert_eq!(BASIC[B_BIRTH].label, "出生日期");
        assert_eq!(BASIC[B_ID_TYPE].label, "证件类型");
        assert_eq!(BASIC[B_TITLE].label, "技术职称");
        assert_eq!(BASIC[B_PRACTISING].label, "是否执业医师");
        assert_eq!(BASIC[B_TAKES_CME].label, "是否参加继续教育");
        assert_eq!(BASIC[B_PHOTO].label, "照片");
        for s in Section::ALL {
            assert_eq!(
                s.layout().columns.len(),
                s.keys() + s.fields().len(),
                "{}",
                s.label()
            );
        }
        for s in LISTS {
            let (from, to) = s.dates();
            assert!(matches!(s.fields()[from].kind, Kind::Date));
            if let Some(to) = to {
                assert!(matches!(s.fields()[to].kind, Kind::Date));
            }
        }
    }
}
