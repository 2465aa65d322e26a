//! The code lists a province imports (`meded codes import`): the schools
//! (毕业院校) and majors (毕业专业) the resident platform's dropdowns offer,
//! checked once imported, and the subjects (学科分类) of credit records,
//! which replace the list meded ships (docs/domain.md#school-and-major-lists).

use std::collections::{HashMap, HashSet};
use std::path::Path;

use serde::Serialize;

use crate::db::sql::{Connection, params};
use crate::error::Result;
use crate::history::{Change, Item, Who};
use crate::i18n::Msg;
use crate::import::{Check, Flags, Import, ImportReport, OneSheet, Source, Written, record_check};
use crate::msg;
use crate::rules::subject::Subjects;
use crate::rules::text::normalize;
use crate::sheet::{Column, Layout, Record, Workbook};

/// Which list.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum ListKind {
    /// 毕业院校.
    School,
    /// 毕业专业.
    Major,
    /// 学科分类 (两级).
    Subject,
}

impl ListKind {
    /// As stored (code_entry.list).
    pub fn key(self) -> &'static str {
        match self {
            ListKind::School => "school",
            ListKind::Major => "major",
            ListKind::Subject => "subject",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            ListKind::School => "毕业院校",
            ListKind::Major => "毕业专业",
            ListKind::Subject => "学科分类",
        }
    }

    pub fn layout(self) -> &'static Layout {
        match self {
            ListKind::School => &SCHOOL_LAYOUT,
            ListKind::Major => &MAJOR_LAYOUT,
            ListKind::Subject => &SUBJECT_LAYOUT,
        }
    }
}

const CODE_COLUMN: Column = Column::optional(
    "代码",
    &["code", "编码", "标识码", "学校代码", "专业代码", "学科代码"],
);

crate::sheet::layout! {
    /// A list of schools: 名称 and optionally 代码 (the ministry's 学校标识码).
    pub const SCHOOL_LAYOUT = sheet "毕业院校", positions school {
        NAME: Column::required(
            "名称",
            &["name", "学校名称", "院校名称", "毕业院校", "学校"],
        ),
        CODE: CODE_COLUMN,
    }
}

crate::sheet::layout! {
    /// A list of majors: 名称 and optionally 代码 (专业代码).
    pub const MAJOR_LAYOUT = sheet "毕业专业", positions major {
        NAME: Column::required("名称", &["name", "专业名称", "毕业专业", "专业"]),
        CODE: CODE_COLUMN,
    }
}

crate::sheet::layout! {
    /// A list of subjects: 一级学科, 二级学科 and optionally 代码.
    pub const SUBJECT_LAYOUT = sheet "学科分类", positions subject {
        FIRST: Column::required("一级学科", &["一级", "一级学科名称", "first level"]),
        SECOND: Column::required("二级学科", &["二级", "二级学科名称", "second level"]),
        CODE: CODE_COLUMN,
    }
}

// Schools and majors are read by the same positions.
const _: () = assert!(school::NAME == major::NAME && school::CODE == major::CODE);

/// The longest name accepted, in characters.
const NAME_MAX: usize = 100;

/// One entry of a list, as read.
pub struct Entry {
    name: String,
    code: Option<String>,
}

fn cell_text(rec: &Record, col: usize) -> Option<String> {
    let c = rec.get(col);
    (!c.is_blank()).then(|| normalize(&c.text()).trim().to_owned())
}

fn check_name(
    label: &str,
    v: Option<String>,
    col: usize,
    problems: &mut Vec<(usize, Msg)>,
) -> Option<String> {
    match v {
        None => {
            problems.push((col, msg!("{label}为空", "{label} is empty")));
            None
        }
        Some(v) if v.chars().count() > NAME_MAX || v.chars().any(char::is_control) => {
            problems.push((
                col,
                msg!(
                    "{label}“{v}”过长或含控制字符",
                    "{label} '{v}' is too long or holds control characters"
                ),
            ));
            None
        }
        Some(v) if v.contains('/') => {
            problems.push((
                col,
                msg!("{label}“{v}”不能含 /", "{label} '{v}' cannot hold /"),
            ));
            None
        }
        v => v,
    }
}

/// `codes import`.
pub struct CodesImport {
    kind: ListKind,
}

/// The database side: the list is replaced whole.
pub struct CodesWriter<'t> {
    tx: &'t Connection,
    change: Change,
    kind: ListKind,
    /// What the list held before.
    before: HashSet<String>,
    /// What this file gave, with its row: to name a repeated entry.
    given: HashMap<String, u32>,
    row: u32,
}

impl Import for CodesImport {
    type Input = Record;
    type Row = (u32, Entry);
    type Done = ();
    type Writer<'t> = CodesWriter<'t>;

    fn open(
        &mut self,
        book: &Workbook,
        flags: &Flags,
        _progress: &(dyn Fn(u64, u64) + Sync),
    ) -> Result<Source<Record>> {
        self.records(book, flags)
    }

    /// A list is used whole: a refused row keeps the old list.
    fn all_or_nothing(&self) -> bool {
        true
    }

    fn begin<'t>(
        &'t self,
        tx: &'t Connection,
        change: Change,
        _flags: &Flags,
    ) -> Result<(Check<Record, (u32, Entry)>, CodesWriter<'t>)> {
        let kind = self.kind;
        let check = record_check(move |rec: &Record, problems: &mut Vec<(usize, Msg)>| {
            let (name, code) = match kind {
                ListKind::Subject => {
                    let first = check_name(
                        "一级学科",
                        cell_text(rec, subject::FIRST),
                        subject::FIRST,
                        problems,
                    );
                    let second = check_name(
                        "二级学科",
                        cell_text(rec, subject::SECOND),
                        subject::SECOND,
                        problems,
                    );
                    (
                        first.zip(second).map(|(f, s)| format!("{f}/{s}")),
                        cell_text(rec, subject::CODE),
                    )
                }
                ListKind::School | ListKind::Major => (
                    check_name("名称", cell_text(rec, school::NAME), school::NAME, problems),
                    cell_text(rec, school::CODE),
                ),
            };
            Some((rec.row, Entry { name: name?, code }))
        });
        let before: HashSet<String> = tx
            .prepare("SELECT name FROM code_entry WHERE list = ?1")?
            .query_map([kind.key()], |r| r.get(0))?
            .collect::<crate::db::sql::Result<_>>()?;
        tx.execute("DELETE FROM code_entry WHERE list = ?1", [kind.key()])?;
        Ok((
            check,
            CodesWriter {
                tx,
                change,
                kind,
                before,
                given: HashMap::new(),
                row: 0,
            },
        ))
    }
}

impl OneSheet for CodesImport {
    fn layout(&self) -> &'static Layout {
        self.kind.layout()
    }
}

impl crate::import::Writer for CodesWriter<'_> {
    type Row = (u32, Entry);
    type Done = ();

    fn write(&mut self, (row, e): (u32, Entry)) -> Result<Written> {
        self.row = row;
        if let Some(first) = self.given.get(&e.name) {
            let (first, name) = (*first, &e.name);
            return Ok(Written::Skipped(Some((
                0,
                msg!(
                    "与第 {first} 行重复:{name} 只收一次",
                    "the same as row {first}: {name} is taken once"
                ),
            ))));
        }
        self.given.insert(e.name.clone(), row);
        self.tx
            .prepare_cached(
                "INSERT INTO code_entry (list, name, code, change_id) VALUES (?1, ?2, ?3, ?4)",
            )?
            .execute(params![self.kind.key(), e.name, e.code, self.change.id])?;
        Ok(if self.before.contains(&e.name) {
            Written::Skipped(None)
        } else {
            Written::Created
        })
    }

    fn done(
        self,
        _commit: bool,
        report: &mut ImportReport,
        _progress: &(dyn Fn(u64, u64) + Sync),
    ) -> Result<()> {
        let removed = self
            .before
            .iter()
            .filter(|n| !self.given.contains_key(*n))
            .count();
        let (label, kept) = (self.kind.label(), self.given.len());
        self.change.log(
            self.tx,
            &Item {
                subject: &format!("codes {}", self.kind.key()),
                entity: "codes",
                action: "import",
                field: Some(label),
                before: Some(&self.before.len().to_string()),
                after: Some(&kept.to_string()),
                note: None,
            },
        )?;
        report.remarks.push(msg!(
            "{label}列表现有 {kept} 项(移除原有而文件中没有的 {removed} 项)",
            "the {label} list now holds {kept} entries ({removed} entries not in the file were removed)"
        ));
        Ok(())
    }
}

/// Replaces a list with the file's entries.
pub fn import(
    conn: &mut Connection,
    kind: ListKind,
    path: &Path,
    flags: &Flags,
    who: &Who,
    progress: &(dyn Fn(u64, u64) + Sync),
) -> Result<ImportReport> {
    let mut importer = CodesImport { kind };
    let (report, ()) = crate::import::run(
        conn,
        path,
        flags,
        who,
        &mut importer,
        progress,
        &mut |_, _| Ok(()),
    )?;
    Ok(report)
}

/// A list of names as imported, to check a value against; None while no
/// list of that kind has been imported (nothing is checked then).
#[derive(Debug, Clone, Default)]
pub struct Names {
    names: HashSet<String>,
}

impl Names {
    pub fn load(conn: &Connection, kind: ListKind) -> Result<Option<Names>> {
        let names: HashSet<String> = conn
            .prepare("SELECT name FROM code_entry WHERE list = ?1")?
            .query_map([kind.key()], |r| r.get(0))?
            .collect::<crate::db::sql::Result<_>>()?;
        Ok((!names.is_empty()).then_some(Names { names }))
    }

    pub fn contains(&self, name: &str) -> bool {
        self.names.contains(name)
    }
}

/// The school and major lists a profile is checked against.
#[derive(Debug, Clone, Default)]
pub struct ProfileLists {
    pub schools: Option<Names>,
    pub majors: Option<Names>,
}

impl ProfileLists {
    pub fn load(conn: &Connection) -> Result<ProfileLists> {
        Ok(ProfileLists {
            schools: Names::load(conn, ListKind::School)?,
            majors: Names::load(conn, ListKind::Major)?,
        })
    }
}

/// The subjects credit records are checked against: the province's list
/// once imported, else the one meded ships.
pub fn subjects(conn: &Connection) -> Result<Subjects> {
    let entries: Vec<(String, Option<String>)> = conn
        .prepare("SELECT name, code FROM code_entry WHERE list = ?1 ORDER BY name")?
        .query_map([ListKind::Subject.key()], |r| Ok((r.get(0)?, r.get(1)?)))?
        .collect::<crate::db::sql::Result<_>>()?;
    Ok(if entries.is_empty() {
        Subjects::shipped()
    } else {
        Subjects::from_names(entries.into_iter())
    })
}
