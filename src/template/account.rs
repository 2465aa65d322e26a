//! The account template: the 账号模板 of each role.

use super::{Allowed, Template, YES_NO, from_layout, id_types};
use crate::account::Role;
use crate::account::import as account;

/// The 账号模板 of `role`'s accounts.
pub(super) fn template(role: Role) -> Template {
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
