//! The recruitment templates: 招录计划 and applications (志愿).

use super::{Allowed, Template, from_layout, specialties};

/// 招录计划: places per base, specialty and batch.
pub(super) fn plan() -> Template {
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

/// 志愿: applications to bases and specialties.
pub(super) fn application() -> Template {
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
