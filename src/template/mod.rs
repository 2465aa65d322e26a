//! `meded template NAME`: blank official templates with the
//! column layout the importers read, a note explaining `*` and `#`, and a
//! dropdown (data validation) on every coded column, so that what
//! administrators type is right the first time.
//!
//! A template is a list of sheets; each sheet is a [`Layout`] (the same
//! constant the importer reads with, so the two cannot drift) plus what
//! the template adds for people: markers, notes and lists. Each domain's
//! templates are in a file of their own here; [`REGISTRY`] lists them all.

mod account;
mod archive;
mod credit;
mod profile;
mod recruit;
mod rotation;
mod teacher;
mod training;
mod write;

use crate::account::Role;
use crate::error::{Error, Result};
use crate::i18n::Msg;
use crate::msg;
use crate::rules::id::IdType;
use crate::sheet::{Column, Layout};

pub use crate::sheet::write::Allowed;
pub use write::{FIRST_DATA_ROW, write};

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
    /// The columns whose marker is the official template's rather than
    /// what the importer requires (it takes partial files; the checks
    /// after it, or a row's other columns, require the rest).
    pub(crate) marked: Vec<&'static str>,
}

/// A template: what `meded template NAME` writes.
#[derive(Debug, Clone)]
pub struct Template {
    pub name: &'static str,
    pub title: String,
    pub sheets: Vec<SheetSpec>,
}

/// How a template is made; `Role` chooses the account template's variant.
type Build = fn(Role) -> Template;

/// Every template `meded template` writes, by name, in the order it lists
/// them.
const REGISTRY: [(&str, Build); 15] = [
    ("account", account::template),
    ("profile", |_| profile::template()),
    ("training", |_| training::training()),
    ("completion", |_| training::completion()),
    ("credit", |_| credit::credit()),
    ("credit-standard", |_| credit::standard()),
    ("teacher", |_| teacher::teacher()),
    ("teacher-event", |_| teacher::events()),
    ("rotation", |_| rotation::rotation()),
    ("rotation-assign", |_| rotation::assign()),
    ("archive", |_| archive::template()),
    ("recruit-plan", |_| recruit::plan()),
    ("application", |_| recruit::application()),
    ("rotation-programme", |_| rotation::programme()),
    ("department-capacity", |_| rotation::capacity()),
];

/// The names `meded template` knows.
pub const NAMES: [&str; REGISTRY.len()] = {
    let mut names = [""; REGISTRY.len()];
    let mut i = 0;
    while i < names.len() {
        names[i] = REGISTRY[i].0;
        i += 1;
    }
    names
};

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
        marked: Vec::new(),
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
            self.marked.push(c.label);
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

/// The training specialties, for a dropdown.
fn specialties() -> Allowed {
    Allowed::List(crate::rules::specialty::SPECIALTIES.to_vec())
}

/// The template called `name`; `role` chooses the account template's variant.
pub fn get(name: &str, role: Role) -> Result<Template> {
    match REGISTRY.iter().find(|(n, _)| *n == name) {
        Some((_, template)) => Ok(template(role)),
        None => {
            let all = NAMES.join(", ");
            Err(Error::Usage(msg!(
                "没有名为 {name} 的模板(可用:{all})",
                "no template named {name} (there are: {all})"
            )))
        }
    }
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
    use crate::profile::fields::Section;

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

    /// The layouts the importer of each template reads, sheet by sheet,
    /// named where the importers declare them.
    fn importer_layouts(name: &str, role: Role) -> Vec<&'static Layout> {
        use crate::{archive, profile, recruit, rotation, standard, teacher, training};
        match name {
            "account" => vec![crate::account::import::layout(role)],
            "profile" => profile::fields::Section::ALL.map(|s| s.layout()).to_vec(),
            "training" => vec![&training::layout::TRAINING_LAYOUT],
            "completion" => vec![&training::layout::COMPLETION_LAYOUT],
            "credit" => vec![&crate::credit::import::CREDIT_LAYOUT],
            "credit-standard" => vec![&standard::import::STANDARD_LAYOUT],
            "teacher" => vec![&teacher::import::TEACHER_LAYOUT],
            "teacher-event" => vec![&teacher::events::EVENT_LAYOUT],
            "rotation" => vec![&rotation::import::ROTATION_LAYOUT],
            "rotation-assign" => vec![&rotation::assign::ASSIGN_LAYOUT],
            "archive" => archive::Section::ALL.map(|s| s.layout()).to_vec(),
            "recruit-plan" => vec![&recruit::plan::PLAN_LAYOUT],
            "application" => vec![&recruit::apply::APPLICATION_LAYOUT],
            "rotation-programme" => vec![&rotation::programme::PROGRAMME_LAYOUT],
            "department-capacity" => vec![&rotation::capacity::CAPACITY_LAYOUT],
            other => panic!("the template {other} has no importer listed here"),
        }
    }

    #[test]
    fn every_template_writes_the_header_its_importer_reads() {
        const ROLES: [Role; 4] = [Role::Resident, Role::Member, Role::Teacher, Role::Applicant];
        for name in NAMES {
            let roles: &[Role] = if name == "account" {
                &ROLES
            } else {
                &ROLES[..1]
            };
            for &role in roles {
                let t = get(name, role).unwrap();
                let layouts = importer_layouts(name, role);
                assert_eq!(t.sheets.len(), layouts.len(), "{name} {role:?}");
                for (sheet, layout) in t.sheets.iter().zip(layouts) {
                    let at = format!("{name} ({role:?}), sheet {}", sheet.name);
                    assert_eq!(sheet.name, layout.sheet, "{at}");
                    // Only the account rosters other than residents' leave
                    // out a column the importer reads (招收年份, optional).
                    let expected: Vec<&Column> = layout
                        .columns
                        .iter()
                        .filter(|c| {
                            let left_out = name == "account"
                                && role != Role::Resident
                                && c.label == "招收年份";
                            assert!(!(left_out && c.required), "{at}: {}", c.label);
                            !left_out
                        })
                        .collect();
                    let labels: Vec<&str> = sheet.columns.iter().map(|c| c.label).collect();
                    let wanted: Vec<&str> = expected.iter().map(|c| c.label).collect();
                    assert_eq!(labels, wanted, "{at}");
                    for (c, l) in sheet.columns.iter().zip(&expected) {
                        // A column the importer requires is always marked
                        // required; the other markers are the importer's
                        // unless the template marks as the official one does.
                        if l.required || !sheet.marked.contains(&c.label) {
                            let marker = if l.required { "*" } else { "" };
                            assert_eq!(c.marker, marker, "{at}: {}", c.label);
                        } else {
                            assert!(["*", "#"].contains(&c.marker), "{at}: {}", c.label);
                        }
                    }
                    // The header as written, markers and all, is found by
                    // the importer's header finder, each column in its place.
                    let header: Vec<String> = sheet
                        .columns
                        .iter()
                        .map(|c| format!("{}{}", c.marker, c.label))
                        .collect();
                    let found = crate::sheet::match_header(&header, layout);
                    assert!(found.unknown.is_empty(), "{at}: {:?}", found.unknown);
                    assert!(found.duplicates.is_empty(), "{at}: {:?}", found.duplicates);
                    assert!(found.missing_required(layout).is_empty(), "{at}");
                    for (i, c) in layout.columns.iter().enumerate() {
                        let place = header
                            .iter()
                            .position(|h| h.trim_start_matches(['*', '#']) == c.label);
                        assert_eq!(found.positions[i], place, "{at}: {}", c.label);
                    }
                }
            }
        }
    }
}
