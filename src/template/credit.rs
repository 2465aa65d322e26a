//! The credit templates: 学分登记, and the province's 学分标准.

use super::{Allowed, Template, from_layout};
use crate::rules::codes::PROVINCES;

/// 学分登记: one credit a row.
pub(super) fn credit() -> Template {
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

/// 学分标准: the province's credit standards.
pub(super) fn standard() -> Template {
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
