//! `meded template NAME`: blank official templates with the
//! column layout the importers read, a note explaining `*` and `#`, and a
//! dropdown (data validation) on every coded column, so that what
//! administrators type is right the first time.
//!
//! A template is a list of sheets; each sheet is a [`Layout`] (the same
//! constant the importer reads with, so the two cannot drift) plus what
//! the template adds for people: markers, notes and lists.

use std::path::Path;

use rust_xlsxwriter::{Format, FormatAlign, Note, Workbook, Worksheet};

use crate::account::Role;
use crate::account::import as account;
use crate::error::{Error, Result};
use crate::fsutil::AtomicFile;
use crate::i18n::Msg;
use crate::msg;
use crate::profile::fields::{Kind, Need, Section};
use crate::rules::codes::{EDUCATION_LEVEL, ETHNICITIES, PROVINCES};
use crate::rules::id::IdType;
use crate::sheet::write::Dropdowns;
use crate::sheet::{Column, Layout};
use crate::training::layout as training;

pub use crate::sheet::write::Allowed;

/// One column of a template sheet.
#[derive(Debug, Clone)]
pub struct ColumnSpec {
    pub label: &'static str,
    /// `*` required, `#` required when the yes/no it depends on is 是.
    pub marker: &'static str,
    pub allowed: Option<Allowed>,
    /// Kept as text (ID and certificate numbers, phones): a number cell
    /// would lose digits.
    pub text: bool,
    /// A note on the header cell.
    pub note: Option<String>,
}

/// One sheet of a template.
#[derive(Debug, Clone)]
pub struct SheetSpec {
    pub name: &'static str,
    pub columns: Vec<ColumnSpec>,
    /// What this sheet is for, under the general note.
    pub note: String,
}

/// A template: what `meded template NAME` writes.
#[derive(Debug, Clone)]
pub struct Template {
    pub name: &'static str,
    pub title: String,
    pub sheets: Vec<SheetSpec>,
}

/// The names `meded template` knows.
pub const NAMES: [&str; 15] = [
    "account",
    "profile",
    "training",
    "completion",
    "credit",
    "credit-standard",
    "teacher",
    "teacher-event",
    "rotation",
    "rotation-assign",
    "archive",
    "recruit-plan",
    "application",
    "rotation-programme",
    "department-capacity",
];

fn id_types() -> Vec<&'static str> {
    IdType::ALL.iter().map(|t| t.label()).collect()
}

const YES_NO: [&str; 2] = ["是", "否"];

/// Columns that hold numbers people must keep as text.
fn is_text_column(label: &str) -> bool {
    label.contains("证件号")
        || label.contains("证号")
        || label.contains("编码")
        || label.contains("编号")
        || label.contains("手机")
        || label == "qq"
}

/// A sheet from a layout: `*` on required columns, nothing else.
fn from_layout(layout: &Layout, note: String) -> SheetSpec {
    SheetSpec {
        name: layout.sheet,
        columns: layout
            .columns
            .iter()
            .map(|c: &Column| ColumnSpec {
                label: c.label,
                marker: if c.required { "*" } else { "" },
                allowed: None,
                text: is_text_column(c.label),
                note: None,
            })
            .collect(),
        note,
    }
}

impl SheetSpec {
    fn allow(mut self, label: &str, allowed: Allowed) -> SheetSpec {
        if let Some(c) = self.columns.iter_mut().find(|c| c.label == label) {
            c.allowed = Some(allowed);
        }
        self
    }

    /// Marks a column as the official template does, where that differs
    /// from what the importer requires (it takes partial files).
    fn mark(mut self, labels: &[&str], marker: &'static str) -> SheetSpec {
        for c in self
            .columns
            .iter_mut()
            .filter(|c| labels.contains(&c.label))
        {
            c.marker = marker;
        }
        self
    }

    fn note_on(mut self, label: &str, note: &str) -> SheetSpec {
        if let Some(c) = self.columns.iter_mut().find(|c| c.label == label) {
            c.note = Some(note.to_owned());
        }
        self
    }
}

fn account_template(role: Role) -> Template {
    let layout = account::layout(role);
    let note = match role {
        Role::Resident => {
            "住院医师账号(账号模板):登录账号为证件号码,初始密码为默认密码;导入后证件类型和证件号码不可修改。"
        }
        Role::Member => {
            "继教个人用户账号(注册信息):科室、技术职称、电子邮箱、参加继教、学分达标遵照均必填;技术职称如“技师系列 - 副主任技师(副高)”;参加继教填 是 或 否;学分达标遵照为所遵照学分标准的区域等级。"
        }
        Role::Teacher => "师资账号:姓名、证件号码、手机号码必填。",
        Role::Applicant => {
            "招录报名人员账号:登录账号为证件号码;本人设置的密码须为 8–16 位,含大小写字母、数字和特殊字符。报名人员不属于任何机构,录取后成为培训基地的住院医师。"
        }
    };
    // 证件类型 is required for every role (a 居民身份证 number fills it in);
    // a teacher roster may lack the column, whose rows are then 居民身份证.
    let mut sheet = from_layout(layout, note.to_owned())
        .mark(&["证件类型"], "*")
        .allow("证件类型", Allowed::List(id_types()))
        .allow("参加继教", Allowed::List(YES_NO.to_vec()))
        .allow(
            "学分达标遵照",
            Allowed::List(
                crate::org::RegionLevel::ALL
                    .iter()
                    .map(|l| l.label())
                    .collect(),
            ),
        )
        .note_on(
            "证件类型",
            "证件号码为居民身份证号码时可不填;其他证件须填写",
        )
        .note_on(
            "证件号码",
            "请保持为文本格式,勿让表格软件把它变成数字(会丢失末尾数字)",
        );
    if role == Role::Resident {
        sheet = sheet.allow("招收年份", Allowed::Whole(1990, 2100));
    } else {
        // Member, teacher and applicant rosters have no 招收年份 column.
        sheet.columns.retain(|c| c.label != "招收年份");
    }
    let title = match role {
        Role::Resident => "住院医师账号导入模板",
        Role::Member => "继教人员账号导入模板",
        Role::Teacher => "师资账号导入模板",
        Role::Applicant => "招录报名人员账号导入模板",
    };
    Template {
        name: "account",
        title: title.to_owned(),
        sheets: vec![sheet],
    }
}

/// The dropdown of a profile field's kind.
fn allowed_for(kind: Kind) -> Option<Allowed> {
    Some(match kind {
        Kind::Sex => Allowed::List(vec!["男", "女"]),
        Kind::Ethnicity => Allowed::List(ETHNICITIES.iter().map(|e| e.name).collect()),
        Kind::YesNo => Allowed::List(YES_NO.to_vec()),
        Kind::IdType => Allowed::List(id_types()),
        Kind::Province => Allowed::List(PROVINCES.iter().map(|p| p.short).collect()),
        Kind::Code(list) => Allowed::List(list.values.to_vec()),
        Kind::Suggest(list) => Allowed::Suggest(list.values.to_vec()),
        _ => return None,
    })
}

fn photo_note(kind: crate::rules::photo::PhotoKind) -> &'static str {
    use crate::rules::photo::PhotoKind::*;
    match kind {
        Portrait => {
            "图片文件相对于本工作簿所在文件夹的路径,如 photos/110101199003070011-照片.jpg。JPEG,不小于 413×626 像素,150–300 KB,白底免冠两寸照。"
        }
        IdCard => "图片文件相对于本工作簿所在文件夹的路径。JPEG,不小于 640×480 像素,150–300 KB。",
        Scan => {
            "证书扫描件相对于本工作簿所在文件夹的路径。JPEG,不小于 1280×800 像素,不超过 300 KB。"
        }
    }
}

fn profile_sheet(section: Section) -> SheetSpec {
    let layout = section.layout();
    let keys = section.keys();
    let fields = section.fields();
    let mut columns: Vec<ColumnSpec> = layout.columns[..keys]
        .iter()
        .map(|c| ColumnSpec {
            label: c.label,
            marker: if c.required { "*" } else { "" },
            allowed: (c.label == "学历层次")
                .then(|| Allowed::List(EDUCATION_LEVEL.values.to_vec())),
            text: c.label == "证件号码",
            note: (c.label == "证件号码")
                .then(|| "登录账号(证件号码),用于对应账号;请保持为文本格式".to_owned()),
        })
        .collect();
    for f in fields {
        let note = match (f.need, f.kind) {
            (_, Kind::Photo(kind)) => {
                let mut n = photo_note(kind).to_owned();
                if let Need::If(d) = f.need {
                    n = format!("“{}”为“是”时必填。{n}", fields[d].label);
                }
                Some(n)
            }
            (Need::If(d), _) => Some(format!("“{}”为“是”时必填。", fields[d].label)),
            (_, Kind::Day) => Some("日期,如 1992-02-28".to_owned()),
            (_, Kind::Month) => Some("年月,如 2018-08".to_owned()),
            (_, Kind::DayOrMonth) => Some("日期,如 2019-08-23(或年月 2019-08)".to_owned()),
            _ => None,
        };
        let note = match (f.label, note) {
            ("毕业院校", _) => {
                Some("学校不在列表中时,可空着此列并填写“其他毕业院校”".to_owned())
            }
            ("取得学历时间", _) => Some("年月,如 2018-08;是否在读为“是”时可不填".to_owned()),
            ("结束时间", _) if section == Section::Work => Some(
                "日期或年月,如 2018-06-30 或 2018-06;目前仍在该单位工作的留空或填“至今”(每人至多一条)"
                    .to_owned(),
            ),
            (_, n) => n,
        };
        columns.push(ColumnSpec {
            label: f.label,
            marker: f.need.marker(),
            allowed: allowed_for(f.kind),
            text: matches!(f.kind, Kind::Mobile | Kind::Qq) || is_text_column(f.label),
            note,
        });
    }
    let note = match section {
        Section::Basic => {
            "每人一行。照片列填写图片文件相对于本工作簿所在文件夹的路径(如 photos/张三.jpg)。"
        }
        Section::Education => {
            "每人每个学历层次一行(中专、大专、本科、硕士、博士);没有的学历层次不填。至少一条已毕业(是否在读为“否”)的学历。"
        }
        Section::Work => {
            "每人每份工作一行(工作单位、科室、职务、起止时间);没有工作经历的不填。本工作表可以不要:工作簿中没有它时,导入不改变已有的工作信息;有它时,工作簿中每个人的工作信息整体替换为本表中此人的各行(本表没有此人的行,即删除其已有的工作信息)。"
        }
        Section::Certificate => {
            "每人一行。未获得医师资格证书的,“是否获得医师资格证书”填“否”,其后各列可空。"
        }
    };
    SheetSpec {
        name: layout.sheet,
        columns,
        note: note.to_owned(),
    }
}

fn profile_template() -> Template {
    Template {
        name: "profile",
        title: "住院医师个人信息导入模板".to_owned(),
        sheets: Section::ALL.iter().map(|s| profile_sheet(*s)).collect(),
    }
}

fn training_template() -> Template {
    let sheet = from_layout(
        &training::TRAINING_LAYOUT,
        "培训信息由培训基地填写;招收年份、培训基地导入后不可更改;培训专业在当年新招收采集开放期间可以更正,此后换专业须由原基地先改为退培,再重新导入。导入时空白单元格表示不修改:带*的项目记录中已有时可以留空,还没有时必须填写。".to_owned(),
    )
    .mark(
        &["培训专业", "人员类型", "核定培训年限", "培训开始时间", "培训结束时间"],
        "*",
    )
    .allow("招收年份", Allowed::Whole(1990, 2100))
    .allow(
        "培训专业",
        specialties(),
    )
    .allow(
        "人员类型",
        Allowed::List(training::PERSONNEL_TYPE.values.to_vec()),
    )
    .allow(
        "核定培训年限",
        Allowed::List(training::APPROVED_YEARS.values.to_vec()),
    )
    .allow(
        "培训状态",
        Allowed::List(training::TRAINING_STATUS.values.to_vec()),
    )
    .note_on("核定培训年限", "1、2 或 3 年")
    .note_on("培训状态", "空着为不修改(新招收的记录为在培)")
    .note_on("培训开始时间", "日期,如 2019-09-01")
    .note_on("培训结束时间", "预计或实际结束日期,如 2022-08-31");
    Template {
        name: "training",
        title: "住院医师培训信息导入模板".to_owned(),
        sheets: vec![sheet],
    }
}

fn completion_template() -> Template {
    let sheet = from_layout(
        &training::COMPLETION_LAYOUT,
        "2015–2016 年因培训年限减免提前结业人员信息(住院医师信息采集通知 附件1)。".to_owned(),
    )
    .allow("身份证件类别", Allowed::List(id_types()))
    .allow(
        "人员类型",
        Allowed::List(training::PERSONNEL_TYPE.values.to_vec()),
    )
    .allow(
        "培训所在省份",
        Allowed::List(PROVINCES.iter().map(|p| p.short).collect()),
    )
    .allow("培训专业", specialties())
    .allow(
        "核定的培训年限(年)",
        Allowed::List(training::APPROVED_YEARS.values.to_vec()),
    );
    Template {
        name: "completion",
        title: "提前结业住院医师信息采集模板".to_owned(),
        sheets: vec![sheet],
    }
}

fn credit_template() -> Template {
    let sheet = from_layout(
        &crate::credit::import::CREDIT_LAYOUT,
        "每条学分一行;学分保留一位小数,单个项目不超过 25 分。".to_owned(),
    )
    .allow("学分", Allowed::Decimal(0.0, 25.0))
    .allow(
        "学分类型",
        Allowed::List(crate::rules::credit::CREDIT_TYPES.to_vec()),
    )
    .allow("举办年度", Allowed::Whole(1990, 2100))
    .allow(
        "学科分类",
        Allowed::Suggest(crate::rules::subject::shipped_names()),
    )
    .note_on(
        "学科分类",
        "两级:一级学科/二级学科,如 药学/药理学;省级导入的学科列表(meded codes import subjects)取代下拉中的列表",
    )
    .note_on(
        "上传图片",
        "学分证明的图片:JPEG 文件相对本表所在文件夹的路径,如 scans/17-01-0001.jpg;不超过 2 MB",
    );
    Template {
        name: "credit",
        title: "继续医学教育学分登记导入模板".to_owned(),
        sheets: vec![sheet],
    }
}

/// A code list with the standard table's "every level" value after it.
fn with_all(values: &[&'static str]) -> Vec<&'static str> {
    let mut v = values.to_vec();
    v.push(crate::standard::ALL_LEVELS);
    v
}

fn credit_standard_template() -> Template {
    let sheet = from_layout(
        &crate::standard::import::STANDARD_LAYOUT,
        "学分标准按区域等级与职称等级设定,自起始年度起适用(如四川 SCJA1–SCJA10)。学分标准表属于一个省份:填写“省份”列,或导入时用 --province 指定。".to_owned(),
    )
    .allow(
        "区域等级",
        Allowed::List(with_all(&crate::standard::REGION_LEVELS)),
    )
    .allow(
        "职称等级",
        Allowed::List(with_all(&crate::rules::title::TITLE_LEVELS)),
    )
    .note_on("区域等级", "“全部”表示适用于所有区域等级")
    .note_on("职称等级", "“全部”表示适用于所有职称等级(如乡镇卫生院)")
    .allow("国家级周期年数", Allowed::Whole(1, 10))
    .allow("起始年度", Allowed::Whole(1990, 2100))
    .allow(
        "省份",
        Allowed::List(PROVINCES.iter().map(|p| p.short).collect()),
    )
    .note_on(
        "省份",
        "本表所属省份;空着时用导入命令的 --province(四川的 SCJA 编号默认四川)",
    );
    Template {
        name: "credit-standard",
        title: "继续医学教育学分标准导入模板".to_owned(),
        sheets: vec![sheet],
    }
}

fn teacher_template() -> Template {
    use crate::rules::codes::{LICENCE_CATEGORY, LICENCE_LEVEL};
    use crate::rules::photo::PhotoKind;
    use crate::teacher::{HEALTH, LEVEL, QUALIFICATION, TRAINING_LEVEL};
    let apply = "导入时可暂缺;报名(meded teacher apply)前须填写。";
    let sheet = from_layout(
        &crate::teacher::import::TEACHER_LAYOUT,
        "师资信息:基本信息、联系信息、教育信息、工作信息,每名师资一行。是否获得医师资格证书为“是”时,取得证书时间、执业资格级别、执业资格类别、医师资格证书编码必填;为“已通过考试,尚未发放证书”时,执业资格级别、执业资格类别必填,取得证书时间、医师资格证书编码、医师资格证书扫描件、执业医师证号不填;为“否”时都不填。技术职称为中级或以上时,取得中级职称时间必填。骨干师资须持有省级或国家级师资培训证书。图片填写相对于本工作簿所在文件夹的路径。".to_owned(),
    )
    .mark(
        &[
            "身份证件类别",
            "性别",
            "出生日期",
            "是否获得医师资格证书",
        ],
        "*",
    )
    .mark(
        &[
            "证件扫描件",
            "头像照片",
            "取得证书时间",
            "执业资格级别",
            "执业资格类别",
            "医师资格证书编码",
            "医师资格证书扫描件",
            "取得中级职称时间",
            "师资培训证书级别",
            "取得师资培训证书时间",
        ],
        "#",
    )
    .allow("身份证件类别", Allowed::List(id_types()))
    .allow("性别", Allowed::List(vec!["男", "女"]))
    .allow("民族", Allowed::List(ETHNICITIES.iter().map(|e| e.name).collect()))
    .allow("健康状况", Allowed::List(HEALTH.values.to_vec()))
    .allow(
        "是否获得医师资格证书",
        Allowed::List(QUALIFICATION.values.to_vec()),
    )
    .allow("执业资格级别", Allowed::List(LICENCE_LEVEL.values.to_vec()))
    .allow("执业资格类别", Allowed::List(LICENCE_CATEGORY.values.to_vec()))
    .allow("最高学历", Allowed::List(EDUCATION_LEVEL.values.to_vec()))
    .allow("师资级别", Allowed::List(LEVEL.values.to_vec()))
    .allow("师资培训证书级别", Allowed::List(TRAINING_LEVEL.values.to_vec()))
    .note_on(
        "证件号码",
        "请保持为文本格式,勿让表格软件把它变成数字(会丢失末尾数字)",
    )
    .note_on(
        "身份证件类别",
        "证件号码为居民身份证号码时可不填;其他证件须填写",
    )
    .note_on(
        "性别",
        "证件号码为居民身份证号码时可不填,从号码得出(填写时须与之相符);其他证件须填写",
    )
    .note_on(
        "出生日期",
        "日期,如 1980-05-01;证件号码为居民身份证号码时可不填,从号码得出;其他证件须填写",
    )
    .note_on("师资培训证书级别", "有取得师资培训证书时间时必填")
    .note_on("健康状况", "健康或良好、一般或较弱、有慢性病、残疾")
    .note_on(
        "证件扫描件",
        &format!("{}{apply}", photo_note(PhotoKind::IdCard)),
    )
    .note_on(
        "头像照片",
        &format!("{}{apply}", photo_note(PhotoKind::Portrait)),
    )
    .note_on(
        "是否获得医师资格证书",
        "是;否;或 已通过考试,尚未发放证书(已通过医师资格考试、证书尚未发放)",
    )
    .note_on("取得证书时间", "日期或年月,如 2008-12;“是”时必填")
    .note_on(
        "执业资格级别",
        "“是”时为证书的级别;“已通过考试,尚未发放证书”时为所通过考试的级别",
    )
    .note_on(
        "执业资格类别",
        "“是”时为证书的类别;“已通过考试,尚未发放证书”时为所通过考试的类别",
    )
    .note_on("医师资格证书编码", "27 位,以持证人的证件号码结尾;“是”时必填")
    .note_on(
        "医师资格证书扫描件",
        &format!(
            "“是”时填写。{}{apply}",
            photo_note(PhotoKind::Scan)
        ),
    )
    .note_on("师资培训证书级别", "有取得师资培训证书时间时必填")
    .note_on(
        "取得中级职称时间",
        "日期,如 2019-07-01;技术职称为中级或以上时必填。师资须取得中级职称满 3 年(从该日起算)",
    )
    .note_on(
        "执业医师证号",
        "医师执业证书编码,15 位数字;须已取得医师资格证书",
    )
    .note_on("带教任职时间", "日期或年月,如 2020-09")
    .note_on("师资级别", "一般 或 骨干;不填为一般")
    .note_on("取得师资培训证书时间", "日期或年月;有师资培训证书级别时必填");
    Template {
        name: "teacher",
        title: "师资信息导入模板".to_owned(),
        sheets: vec![sheet],
    }
}

fn teacher_event_template() -> Template {
    use crate::teacher::{ACCIDENT_GRADE, EVALUATION_RESULT, EVENT_KIND, RESPONSIBILITY};
    let sheet = from_layout(
        &crate::teacher::events::EVENT_LAYOUT,
        "师资记录,每件一行:医疗损害事件填日期和责任程度;教学事故填日期和等级;带教评价填年度和结果。记录不会被覆盖,有误的记录用 meded teacher events withdraw 撤回。".to_owned(),
    )
    .mark(&["日期", "年度", "责任程度", "等级", "结果"], "#")
    .allow("类别", Allowed::List(EVENT_KIND.values.to_vec()))
    .allow("年度", Allowed::Whole(1950, 2100))
    .allow("责任程度", Allowed::List(RESPONSIBILITY.values.to_vec()))
    .allow("等级", Allowed::List(ACCIDENT_GRADE.values.to_vec()))
    .allow("结果", Allowed::List(EVALUATION_RESULT.values.to_vec()))
    .note_on("日期", "医疗损害事件、教学事故必填:发生之日,如 2022-05-10")
    .note_on("年度", "带教评价必填:所评的年度,如 2023")
    .note_on("责任程度", "医疗损害事件必填:完全、主要、次要、轻微")
    .note_on("等级", "教学事故必填:重大、严重、一般")
    .note_on("结果", "带教评价必填:合格、不合格");
    Template {
        name: "teacher-event",
        title: "师资记录导入模板".to_owned(),
        sheets: vec![sheet],
    }
}

fn rotation_template() -> Template {
    let sheet = from_layout(
        &crate::rotation::import::ROTATION_LAYOUT,
        "轮转计划,每段轮转一行:住院医师须在本基地在培或延期;同一住院医师的轮转时间不能重叠(开始、结束日期均含在内)。".to_owned(),
    )
    .note_on("开始日期", "入科之日,如 2024-03-01")
    .note_on("结束日期", "出科之日(含),如 2024-03-31;不早于开始日期");
    Template {
        name: "rotation",
        title: "住院医师轮转计划导入模板".to_owned(),
        sheets: vec![sheet],
    }
}

fn rotation_assign_template() -> Template {
    let sheet = from_layout(
        &crate::rotation::assign::ASSIGN_LAYOUT,
        "带教分配,每段轮转一行:证件号码、科室、开始日期、结束日期指明已导入的轮转;带教老师须是该科室本年度推荐且符合条件的师资,同时带教人数不超过上限。".to_owned(),
    )
    .note_on("带教老师证件号码", "带教老师的证件号码(文本格式)");
    Template {
        name: "rotation-assign",
        title: "带教老师分配导入模板".to_owned(),
        sheets: vec![sheet],
    }
}

/// The training specialties, for a dropdown.
fn specialties() -> Allowed {
    Allowed::List(crate::rules::specialty::SPECIALTIES.to_vec())
}

fn recruit_plan_template() -> Template {
    let sheet = from_layout(
        &crate::recruit::plan::PLAN_LAYOUT,
        "招录计划:每个培训基地每个专业每个批次一行。培训基地代码为 meded org list 中的代码;批次为 meded recruit open 设立的批次名称(如 第一批,或 2025 第一批)。".to_owned(),
    )
    .allow("培训专业", specialties())
    .allow("计划人数", Allowed::Whole(0, 10_000))
    .note_on("计划人数", "本批次该专业的招录名额;审核通过的人数不能超过它");
    Template {
        name: "recruit-plan",
        title: "招录计划导入模板".to_owned(),
        sheets: vec![sheet],
    }
}

fn application_template() -> Template {
    let sheet = from_layout(
        &crate::recruit::apply::APPLICATION_LAYOUT,
        "志愿:每位报名人员一行(报名平台导出的志愿)。批次空着时为当前报名中的批次;提交时间空着时为导入时刻,须在报名时间内。".to_owned(),
    )
    .allow("培训专业", specialties())
    .note_on("提交时间", "日期时间,如 2025-03-05 10:30")
    .note_on(
        "证件号码",
        "报名人员的登录账号(证件号码);请保持为文本格式",
    );
    Template {
        name: "application",
        title: "招录志愿导入模板".to_owned(),
        sheets: vec![sheet],
    }
}

fn rotation_programme_template() -> Template {
    use crate::rotation::programme::{MOST_MONTHS, MOST_SEQUENCE};
    let sheet = from_layout(
        &crate::rotation::programme::PROGRAMME_LAYOUT,
        "轮转方案:每个培训专业每段轮转一行(同一科室分两段轮转时写两行),各专业合计不超过 36 个月(国家标准一般为 33 个月)。顺序可空;填写时,顺序小的各行都轮转完,顺序大的才开始。一个专业的各行就是它的全部方案:重新导入时整体替换(需加 --update)。".to_owned(),
    )
    .allow("培训专业", specialties())
    .allow("轮转月数", Allowed::Whole(1, MOST_MONTHS as i32))
    .allow("顺序", Allowed::Whole(1, MOST_SEQUENCE as i32))
    .note_on("轮转科室", "本基地的科室名称,须与师资、轮转计划中的科室名称一致")
    .note_on("顺序", "可空;如核心内科各科填 1、急诊科和重症医学科填 2");
    Template {
        name: "rotation-programme",
        title: "轮转方案导入模板".to_owned(),
        sheets: vec![sheet],
    }
}

fn department_capacity_template() -> Template {
    use crate::rotation::capacity::MOST_CAPACITY;
    let sheet = from_layout(
        &crate::rotation::capacity::CAPACITY_LAYOUT,
        "科室容量:每个科室一行,写每月最多可接收的住院医师人数(床位、带教老师每人同时最多带 3 名等);某月不同时,加一行并填月份,该月以此为准。".to_owned(),
    )
    .allow("每月容量", Allowed::Whole(0, MOST_CAPACITY as i32))
    .note_on("科室", "本基地的科室名称,须与轮转方案中的科室名称一致")
    .note_on("月份", "可空(每个月);或年月,如 2025-09(只此一月)");
    Template {
        name: "department-capacity",
        title: "科室容量导入模板".to_owned(),
        sheets: vec![sheet],
    }
}

/// The dropdown of an archive field's kind.
fn archive_allowed(kind: crate::archive::fields::Kind) -> Option<Allowed> {
    use crate::archive::fields::Kind as A;
    Some(match kind {
        A::Sex => Allowed::List(vec!["男", "女"]),
        A::Ethnicity => Allowed::List(ETHNICITIES.iter().map(|e| e.name).collect()),
        A::YesNo => Allowed::List(YES_NO.to_vec()),
        A::IdType => Allowed::List(id_types()),
        A::Code(list) => Allowed::List(list.values.to_vec()),
        A::Suggest(list) => Allowed::Suggest(list.values.to_vec()),
        _ => return None,
    })
}

fn archive_sheet(section: crate::archive::Section) -> SheetSpec {
    use crate::archive::Section as S;
    use crate::archive::fields::{Kind as A, Need as N};
    let layout = section.layout();
    let keys = section.keys();
    let fields = section.fields();
    let mut columns: Vec<ColumnSpec> = layout.columns[..keys]
        .iter()
        .map(|c| ColumnSpec {
            label: c.label,
            marker: if c.required { "*" } else { "" },
            allowed: None,
            text: c.label == "证件号码",
            note: (c.label == "证件号码")
                .then(|| "继教人员的证件号码(登录账号);请保持为文本格式".to_owned()),
        })
        .collect();
    for f in fields {
        let note = match (f.need, f.kind) {
            (_, A::Photo) => Some(
                "照片文件相对于本工作簿所在文件夹的路径,如 photos/张三.jpg;JPEG,不超过 2 MB"
                    .to_owned(),
            ),
            (N::If(d), _) => Some(format!("“{}”为“是”时必填。15 位数字", fields[d].label)),
            (_, A::Date) => Some("日期,如 2013-07-11(或年月 2013-07)".to_owned()),
            (_, A::Phone) => Some("手机号码,或带区号的固定电话,如 028-85422114".to_owned()),
            (_, A::Postcode) => Some("6 位数字".to_owned()),
            _ => None,
        };
        columns.push(ColumnSpec {
            label: f.label,
            marker: f.need.marker(),
            allowed: archive_allowed(f.kind),
            text: matches!(f.kind, A::Phone | A::Postcode | A::PracticeLicence)
                || is_text_column(f.label),
            note,
        });
    }
    let note = match section {
        S::Basic => {
            "每人一行,填写完整的个人基本信息;导入后为“待审核”的档案变更,单位审核通过后生效。"
        }
        _ => {
            "每人可有多行,每行一条;本工作表中有某人的行时,这些行替换其档案中的这一部分。只填证件号码的一行表示“无”(清空)。某人在本工作表中没有行时,这一部分不变。"
        }
    };
    SheetSpec {
        name: layout.sheet,
        columns,
        note: note.to_owned(),
    }
}

fn archive_template() -> Template {
    Template {
        name: "archive",
        title: "继续医学教育技术档案导入模板".to_owned(),
        sheets: crate::archive::Section::ALL
            .iter()
            .map(|s| archive_sheet(*s))
            .collect(),
    }
}

/// The template called `name`; `role` chooses the account template's variant.
pub fn get(name: &str, role: Role) -> Result<Template> {
    Ok(match name {
        "account" => account_template(role),
        "profile" => profile_template(),
        "training" => training_template(),
        "completion" => completion_template(),
        "credit" => credit_template(),
        "credit-standard" => credit_standard_template(),
        "teacher" => teacher_template(),
        "teacher-event" => teacher_event_template(),
        "rotation" => rotation_template(),
        "rotation-assign" => rotation_assign_template(),
        "archive" => archive_template(),
        "recruit-plan" => recruit_plan_template(),
        "application" => application_template(),
        "rotation-programme" => rotation_programme_template(),
        "department-capacity" => department_capacity_template(),
        other => {
            let all = NAMES.join(", ");
            return Err(Error::Usage(msg!(
                "没有名为 {other} 的模板(可用:{all})",
                "no template named {other} (there are: {all})"
            )));
        }
    })
}

/// The note above every header.
const MARKERS_NOTE: &str = "说明:带 * 的列为必填;带 # 的列为条件必填(其所依赖的“是否……”为“是”时,或该列批注所说的情形下必填);其余为选填。表头行请勿修改,从表头下一行起每行填写一条。有下拉框的列请从下拉框选择。";

/// The first data row (0-based): title, note, header above it.
pub const FIRST_DATA_ROW: u32 = 3;

fn xlsx(path: &Path) -> impl Fn(rust_xlsxwriter::XlsxError) -> Error + '_ {
    move |e| Error::io(path, std::io::Error::other(e))
}

fn write_sheet(
    ws: &mut Worksheet,
    spec: &SheetSpec,
    title: &str,
    dropdowns: &mut Dropdowns,
    path: &Path,
) -> Result<()> {
    let err = xlsx(path);
    ws.set_name(spec.name).map_err(&err)?;
    let last = spec.columns.len().saturating_sub(1) as u16;
    let title_format = Format::new().set_bold().set_font_size(14);
    let note_format = Format::new()
        .set_text_wrap()
        .set_align(FormatAlign::Top)
        .set_font_color("#595959");
    let header = Format::new()
        .set_bold()
        .set_background_color("#DDEBF7")
        .set_border(rust_xlsxwriter::FormatBorder::Thin)
        .set_align(FormatAlign::Center);
    let text = Format::new().set_num_format("@");
    if last > 0 {
        ws.merge_range(0, 0, 0, last, title, &title_format)
            .map_err(&err)?;
        ws.merge_range(
            1,
            0,
            1,
            last,
            &format!("{MARKERS_NOTE}\n{}", spec.note),
            &note_format,
        )
        .map_err(&err)?;
    } else {
        ws.write_string_with_format(0, 0, title, &title_format)
            .map_err(&err)?;
        ws.write_string_with_format(1, 0, format!("{MARKERS_NOTE}\n{}", spec.note), &note_format)
            .map_err(&err)?;
    }
    ws.set_row_height(1, 48).map_err(&err)?;
    for (i, c) in spec.columns.iter().enumerate() {
        let col = i as u16;
        let label = format!("{}{}", c.marker, c.label);
        ws.write_string_with_format(2, col, &label, &header)
            .map_err(&err)?;
        let width = (c.label.chars().count() as f64 * 2.2 + 3.0).clamp(10.0, 40.0);
        ws.set_column_width(col, width).map_err(&err)?;
        if c.text {
            ws.set_column_format(col, &text).map_err(&err)?;
        }
        if let Some(n) = &c.note {
            let note = Note::new(n).set_author("meded").add_author_prefix(false);
            ws.insert_note(2, col, &note).map_err(&err)?;
        }
        if let Some(allowed) = &c.allowed {
            dropdowns
                .add(ws, col, FIRST_DATA_ROW, c.label, allowed)
                .map_err(&err)?;
        }
    }
    ws.set_freeze_panes(FIRST_DATA_ROW, 0).map_err(&err)?;
    Ok(())
}

/// Writes a template to an XLSX file (atomically: whole or not at all).
pub fn write(t: &Template, path: &Path) -> Result<()> {
    match path
        .extension()
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase)
        .as_deref()
    {
        Some("xlsx") => {}
        _ => {
            let p = path.display();
            return Err(Error::Usage(msg!(
                "模板文件 {p} 应以 .xlsx 结尾(下拉框只能存在于 XLSX 中)",
                "the template file {p} must end in .xlsx (dropdowns exist only in XLSX)"
            )));
        }
    }
    let err = xlsx(path);
    let mut book = Workbook::new();
    let mut dropdowns = Dropdowns::default();
    for spec in &t.sheets {
        let ws = book.add_worksheet();
        write_sheet(ws, spec, &t.title, &mut dropdowns, path)?;
    }
    dropdowns.finish(&mut book).map_err(&err)?;
    if let Some(first) = book.worksheets_mut().first_mut() {
        first.set_active(true);
    }
    let file = AtomicFile::create(path)?;
    book.save(file.path()).map_err(&err)?;
    file.commit()
}

impl Template {
    /// The dropdowns of its columns by label (every sheet's): what an
    /// import of this template keeps in its errors file.
    pub fn dropdowns(&self) -> Vec<(&'static str, Allowed)> {
        self.sheets
            .iter()
            .flat_map(|s| &s.columns)
            .filter_map(|c| Some((c.label, c.allowed.clone()?)))
            .collect()
    }
}

/// What `meded template` wrote, for its report.
pub fn describe(t: &Template) -> Msg {
    let sheets: Vec<&str> = t.sheets.iter().map(|s| s.name).collect();
    let sheets = sheets.join("、");
    let lists: usize = t
        .sheets
        .iter()
        .map(|s| s.columns.iter().filter(|c| c.allowed.is_some()).count())
        .sum();
    let title = &t.title;
    msg!(
        "{title}:工作表 {sheets},{lists} 列带下拉框或取值限制",
        "{title}: sheets {sheets}; {lists} columns with dropdowns or limits"
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_template_has_the_layout_the_importer_reads() {
        for name in NAMES {
            let t = get(name, Role::Resident).unwrap();
            assert!(!t.sheets.is_empty(), "{name}");
        }
        let p = get("profile", Role::Resident).unwrap();
        let names: Vec<&str> = p.sheets.iter().map(|s| s.name).collect();
        assert_eq!(names, ["基本信息", "学习经历", "工作信息", "证书信息"]);
        for (sheet, section) in p.sheets.iter().zip(Section::ALL) {
            let labels: Vec<&str> = sheet.columns.iter().map(|c| c.label).collect();
            let layout: Vec<&str> = section.layout().columns.iter().map(|c| c.label).collect();
            assert_eq!(labels, layout);
        }
        let member = get("account", Role::Member).unwrap();
        assert_eq!(member.sheets[0].columns[0].label, "姓名");
        assert!(get("nope", Role::Resident).is_err());
    }

    #[test]
    fn writes_an_xlsx_with_hidden_lists() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("t.xlsx");
        write(&get("profile", Role::Resident).unwrap(), &p).unwrap();
        assert!(std::fs::metadata(&p).unwrap().len() > 1000);
        assert!(
            write(
                &get("profile", Role::Resident).unwrap(),
                &dir.path().join("t.csv")
            )
            .is_err()
        );
    }
}
