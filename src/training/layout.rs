//! The 培训信息 template (maintained by the base) and the 结业信息 template
//! (附件1), with their code lists (docs/domain.md#training-records).

use crate::rules::codes::CodeList;
use crate::sheet::Column;

/// 人员类型. [`super::PersonType`] is this list as a type.
pub const PERSONNEL_TYPE: CodeList = CodeList {
    label: "人员类型",
    values: &["本单位人", "委派单位人", "社会人", "在读研究生"],
    aliases: &[
        ("本单位", "本单位人"),
        ("单位人", "本单位人"),
        ("本院职工", "本单位人"),
        ("单位委派", "委派单位人"),
        ("委派", "委派单位人"),
        ("外单位委派", "委派单位人"),
        ("委培", "委派单位人"),
        ("社会", "社会人"),
        ("社会化", "社会人"),
        ("社会学员", "社会人"),
        ("研究生", "在读研究生"),
        ("专业学位硕士", "在读研究生"),
        ("专业学位硕士研究生", "在读研究生"),
        ("专硕", "在读研究生"),
        ("专业学位研究生", "在读研究生"),
        ("并轨研究生", "在读研究生"),
    ],
};

/// 培训状态 (docs/domain.md#training-statuses). [`super::Status`] is this list
/// as a type, with the moves between statuses.
pub const TRAINING_STATUS: CodeList = CodeList {
    label: "培训状态",
    values: &["在培", "延期", "暂停", "结束", "结业", "退培"],
    aliases: &[
        ("在训", "在培"),
        ("培训中", "在培"),
        ("已结业", "结业"),
        ("退出培训", "退培"),
        ("已退培", "退培"),
    ],
};

/// 核定培训年限: 1, 2 or 3 years.
pub const APPROVED_YEARS: CodeList = CodeList {
    label: "核定培训年限",
    values: &["1", "2", "3"],
    aliases: &[("一年", "1"), ("两年", "2"), ("二年", "2"), ("三年", "3")],
};

const ID_NUMBER: &[&str] = &[
    "证件号",
    "身份证号",
    "身份证号码",
    "身份证件号码",
    "id number",
];

crate::sheet::layout! {
    /// 培训信息. Only the columns that say whose record it is are
    /// required: a base may send just the columns it changes (a blank cell
    /// changes nothing). The template marks the fields a record needs before
    /// it can be submitted.
    pub const TRAINING_LAYOUT = sheet "培训信息", positions training_col {
        ID_NUMBER: Column::required("证件号码", ID_NUMBER),
        NAME: Column::required("姓名", &["name"]),
        YEAR: Column::required(
            "招收年份",
            &["recruitment year", "year", "年级", "招录年份"],
        ),
        SPECIALTY: Column::optional("培训专业", &["专业基地", "专业", "specialty"]),
        PERSON_TYPE: Column::optional("人员类型", &["学员类型", "personnel type", "person type"]),
        YEARS: Column::optional(
            "核定培训年限",
            &["培训年限", "核定的培训年限(年)", "approved years"],
        ),
        START: Column::optional(
            "培训开始时间",
            &["培训实际开始时间", "开始时间", "入培时间", "start date"],
        ),
        END: Column::optional(
            "培训结束时间",
            &[
                "培训实际结束时间",
                "预计结束时间",
                "预计结业时间",
                "结束时间",
                "end date",
            ],
        ),
        STATUS: Column::optional("培训状态", &["状态", "training status", "status"]),
    }
}

crate::sheet::layout! {
    /// 结业信息: 附件1, for 2015–2016 early completers.
    pub const COMPLETION_LAYOUT = sheet "结业信息", positions completion_col {
        NAME: Column::required("姓名", &["name"]),
        ID_TYPE: Column::required("身份证件类别", &["证件类型", "证件类别", "id type"]),
        ID_NUMBER: Column::required(
            "身份证件号码",
            &["证件号码", "身份证号码", "身份证号", "id number"],
        ),
        PHONE: Column::required("手机号码", &["手机号", "手机", "mobile", "phone"]),
        PERSON_TYPE: Column::required("人员类型", &["person type"]),
        PROVINCE: Column::required("培训所在省份", &["省份", "province"]),
        BASE: Column::required("培训基地", &["基地", "base"]),
        SPECIALTY: Column::required("培训专业", &["专业基地", "specialty"]),
        YEARS: Column::required("核定的培训年限(年)", &["核定培训年限", "approved years"]),
        START: Column::required("培训实际开始时间", &["培训开始时间", "start date"]),
        END: Column::required("培训实际结束时间", &["培训结束时间", "end date"]),
        CERT_NO: Column::required(
            "住院医师规范化培训合格证书编号",
            &["合格证书编号", "certificate number"],
        ),
        CERT_DATE: Column::required(
            "住院医师规范化培训合格证书发放时间",
            &["合格证书发放时间", "发放时间", "certificate date"],
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn code_lists() {
        assert_eq!(PERSONNEL_TYPE.find("单位委派"), Some("委派单位人"));
        assert_eq!(PERSONNEL_TYPE.find("专业学位硕士"), Some("在读研究生"));
        assert_eq!(TRAINING_STATUS.find("退培"), Some("退培"));
        assert_eq!(APPROVED_YEARS.find("3"), Some("3"));
        assert_eq!(APPROVED_YEARS.find("4"), None);
        // The types are these lists, in this order.
        let statuses: Vec<&str> = super::super::Status::ALL
            .iter()
            .map(|s| s.label())
            .collect();
        assert_eq!(statuses, TRAINING_STATUS.values);
        let types: Vec<&str> = super::super::PersonType::ALL
            .iter()
            .map(|t| t.label())
            .collect();
        assert_eq!(types, PERSONNEL_TYPE.values);
    }
}
