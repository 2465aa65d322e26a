//! The profile template: one sheet per tab of a resident's 个人信息.

use super::{
    Allowed, ColumnSpec, SheetSpec, Template, YES_NO, id_types, is_text_column, photo_note,
};
use crate::profile::fields::{Kind, Need, Section};
use crate::rules::codes::{EDUCATION_LEVEL, ETHNICITIES, PROVINCES};

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

/// The sheet of one tab: its key columns, then one column per field.
fn sheet(section: Section) -> SheetSpec {
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
        // Fields are optional columns: what they must hold is checked on
        // the values, after the import.
        marked: fields
            .iter()
            .filter(|f| !f.need.marker().is_empty())
            .map(|f| f.label)
            .collect(),
    }
}

/// 个人信息: a sheet per tab.
pub(super) fn template() -> Template {
    Template {
        name: "profile",
        title: "住院医师个人信息导入模板".to_owned(),
        sheets: Section::ALL.iter().map(|s| sheet(*s)).collect(),
    }
}
