//! The teacher templates: 师资信息, and the teachers' records.

use super::{Allowed, Template, from_layout, id_types, photo_note};
use crate::rules::codes::{EDUCATION_LEVEL, ETHNICITIES};

/// 师资信息: one teacher a row.
pub(super) fn teacher() -> Template {
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

/// 师资记录: incidents, teaching accidents and evaluations.
pub(super) fn events() -> Template {
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
