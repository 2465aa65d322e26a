//! The training templates: 培训信息, and 结业信息 of early completers.

use super::{Allowed, Template, from_layout, id_types, specialties};
use crate::rules::codes::PROVINCES;
use crate::training::layout as training;

/// 培训信息, filled by the base.
pub(super) fn training() -> Template {
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

/// 结业信息 of early completers.
pub(super) fn completion() -> Template {
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
