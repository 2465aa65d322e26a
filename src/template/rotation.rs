//! The rotation templates: plans, teachers' assignments, programmes and
//! department capacities.

use super::{Allowed, Template, from_layout, specialties};

/// 轮转计划: one rotation a row.
pub(super) fn rotation() -> Template {
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

/// 带教分配: a teacher for each rotation.
pub(super) fn assign() -> Template {
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

/// 轮转方案: each specialty's departments and months.
pub(super) fn programme() -> Template {
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

/// 科室容量: each department's monthly capacity.
pub(super) fn capacity() -> Template {
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
