//! The archive template: one sheet per section of a member's 技术档案.

use super::{Allowed, ColumnSpec, SheetSpec, Template, YES_NO, id_types, is_text_column};
use crate::rules::codes::ETHNICITIES;

/// The dropdown of an archive field's kind.
fn allowed(kind: crate::archive::fields::Kind) -> Option<Allowed> {
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

/// The sheet of one section: its key columns, then one column per field.
fn sheet(section: crate::archive::Section) -> SheetSpec {
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
            allowed: allowed(f.kind),
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
        // Fields are optional columns: what they must hold is checked on
        // the values, after the import.
        marked: fields
            .iter()
            .filter(|f| !f.need.marker().is_empty())
            .map(|f| f.label)
            .collect(),
    }
}

/// 技术档案: a sheet per section.
pub(super) fn template() -> Template {
    Template {
        name: "archive",
        title: "继续医学教育技术档案导入模板".to_owned(),
        sheets: crate::archive::Section::ALL
            .iter()
            .map(|s| sheet(*s))
            .collect(),
    }
}
