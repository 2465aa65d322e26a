//! `report export`: a collection as the yearly national collection gathers
//! it, for the province to hand on — approved records only unless asked
//! for all.
//!
//! The workbook has the tabs of the collection: the resident's personal
//! information in the tabs of the profile template (基本信息, one row per
//! resident; 学习经历, one row per resident and education level; 工作信息,
//! one row per job; 证书信息, one row per resident), the training records in the columns of
//! the training template (培训信息), and for early completers also the
//! columns of 附件1 (结业信息). The profile tabs carry the labels the
//! profile template has, so an export can be read back by `profile import`.
//!
//! A spreadsheet export holds every tab as a sheet; a CSV file holds one
//! table, so a CSV export is one file per tab beside the name given
//! (`sheet::write::TabsWriter`). Nothing is written when nothing matches.
//!
//! Every tab lists the residents in the order their accounts were created
//! (a base's roster order), so that the profiles are read in one ordered
//! pass (`profile::store::stream`) rather than one person at a time.

use std::path::{Path, PathBuf};

use crate::db::sql::{Connection, params};

use crate::collection::Kind;
use crate::error::Result;
use crate::i18n::Msg;
use crate::msg;
use crate::profile::fields::{B_ID_TYPE, B_NAME, Kind as FieldKind, Section};
use crate::profile::model::{Profile, Tab, Value};
use crate::profile::store;
use crate::rules::codes::Province;
use crate::sheet::Cell;
use crate::sheet::write::TabsWriter;
use crate::state::State;
use crate::training::layout::TRAINING_LAYOUT;
use crate::training::{RECORD_COLUMNS, RECORD_FROM, Record, Status, Submission, record_from_row};

/// The columns of 培训信息 after those of the training template: what the
/// collection shows beside them.
pub const TRAINING_EXTRA: [&str; 6] = [
    "证件类型",
    "手机号码",
    "培训基地",
    "上报状态",
    "审核状态",
    "审核意见",
];

/// The columns of 附件1 (early completers), as the collection names them.
pub const COMPLETION_HEADERS: [&str; 13] = [
    "姓名",
    "身份证件类别",
    "身份证件号码",
    "手机号码",
    "人员类型",
    "培训所在省份",
    "培训基地",
    "培训专业",
    "核定的培训年限(年)",
    "培训实际开始时间(年-月-日)",
    "培训实际结束时间(年-月-日)",
    "住院医师规范化培训合格证书编号",
    "住院医师规范化培训合格证书发放时间(年-月-日)",
];

/// The tab of the training records.
pub const TRAINING_TAB: &str = "培训信息";
/// The tab of early completers (附件1).
pub const COMPLETION_TAB: &str = "结业信息";

/// The columns of 培训信息: the training template's, then [`TRAINING_EXTRA`].
pub fn training_headers() -> Vec<&'static str> {
    TRAINING_LAYOUT
        .columns
        .iter()
        .map(|c| c.label)
        .chain(TRAINING_EXTRA)
        .collect()
}

/// The columns of a profile tab: those of the profile template.
fn profile_headers(section: Section) -> Vec<&'static str> {
    section.layout().columns.iter().map(|c| c.label).collect()
}

/// The tabs an export of `kind` has, in order.
pub fn tabs(kind: Kind) -> Vec<&'static str> {
    let mut out: Vec<&'static str> = Section::ALL.iter().map(|s| s.label()).collect();
    out.push(TRAINING_TAB);
    if kind == Kind::Completion {
        out.push(COMPLETION_TAB);
    }
    out
}

/// What to export.
#[derive(Debug, Clone)]
pub struct ExportOptions {
    pub year: i32,
    pub kind: Kind,
    pub org: Option<String>,
    /// Every record, not only the approved ones.
    pub all: bool,
}

/// What an export wrote, or why it wrote nothing.
#[derive(Debug, Clone, Default)]
pub struct ExportReport {
    /// Training records (rows of 培训信息, and of 结业信息).
    pub records: usize,
    /// Residents (rows of 基本信息 and 证书信息).
    pub residents: usize,
    /// Rows of 学习经历.
    pub educations: usize,
    /// Rows of 工作信息.
    pub jobs: usize,
    /// Records of the collection left out because they are not approved
    /// (without `--all`).
    pub not_approved: usize,
    /// The files written (one workbook, or one CSV file per tab).
    pub files: Vec<PathBuf>,
    /// Why nothing was written, when nothing matched.
    pub nothing: Option<Msg>,
}

/// A record with the account details the layouts need.
struct Row {
    record: Record,
    id_type: String,
    phone: Option<String>,
    province: Option<String>,
}

/// The records of the collection, and how many were left out as not approved.
fn rows(conn: &Connection, opts: &ExportOptions) -> Result<(Vec<Row>, usize)> {
    let org_id = match &opts.org {
        Some(code) => Some(crate::org::find_kind(conn, code, crate::org::OrgKind::Base)?.id),
        None => None,
    };
    // new recruits: that year's intake; in-training update: the earlier
    // years still in training; early completion: completers of that year.
    let which = match opts.kind {
        Kind::NewRecruits => "t.recruit_year = ?1".to_owned(),
        Kind::Update => format!("t.recruit_year < ?1 AND {}", *crate::training::BINDING),
        Kind::Completion => {
            let completed = Status::sql_list(&[Status::Completed]);
            format!("t.status = {completed} AND substr(t.end_date, 1, 4) = CAST(?1 AS TEXT)")
        }
    };
    let mut stmt = conn.prepare(&format!(
        "SELECT {RECORD_COLUMNS}, a.id_type, a.phone, o.province FROM {RECORD_FROM}
         WHERE {which} AND (?2 IS NULL OR t.org_id = ?2)
         ORDER BY t.account_id, t.id"
    ))?;
    let rows = stmt.query_map(params![opts.year, org_id], |r| {
        Ok(Row {
            record: record_from_row(r)?,
            id_type: r.get(19)?,
            phone: r.get(20)?,
            province: r.get(21)?,
        })
    })?;
    let mut out = Vec::new();
    let mut not_approved = 0;
    for r in rows {
        let r = r?;
        let approved = r.record.submission() == Submission::Approved;
        if opts.all || approved {
            out.push(r);
        } else {
            not_approved += 1;
        }
    }
    Ok((out, not_approved))
}

/// Why an export has nothing to write.
fn nothing(opts: &ExportOptions, not_approved: usize) -> Msg {
    let (year, kind) = (opts.year, opts.kind.label());
    let scope = match &opts.org {
        Some(org) => format!(" ({org})"),
        None => String::new(),
    };
    if not_approved > 0 {
        msg!(
            "{year} 年{kind}{scope}没有审核通过的记录({not_approved} 条尚未审核通过):先上报并审核通过,或加 --all 导出全部",
            "no approved (审核通过) records of {year} for {kind}{scope} ({not_approved} not approved yet): submit and approve them first, or add --all to export every record"
        )
    } else {
        msg!(
            "{year} 年{kind}{scope}没有任何记录",
            "there are no records of {year} for {kind}{scope}"
        )
    }
}

fn text(s: &str) -> Cell {
    Cell::Text(s.to_owned())
}

fn opt(s: &Option<String>) -> Cell {
    s.as_deref().map_or(Cell::Empty, text)
}

/// A 培训信息 row, by the column labels of [`training_headers`].
fn training_row(r: &Row, headers: &[&str]) -> Vec<Cell> {
    let t = &r.record;
    headers
        .iter()
        .map(|h| match *h {
            "证件号码" => text(&t.id_number),
            "姓名" => text(&t.name),
            "招收年份" => Cell::Int(t.recruit_year.into()),
            "培训专业" => opt(&t.specialty),
            "人员类型" => opt(&t.person_type),
            "核定培训年限" => t
                .approved_years
                .map_or(Cell::Empty, |y| Cell::Int(y.into())),
            "培训开始时间" => opt(&t.start_date),
            "培训结束时间" => opt(&t.end_date),
            "培训状态" => text(t.status.label()),
            "证件类型" => text(&r.id_type),
            "手机号码" => opt(&r.phone),
            "培训基地" => text(&t.org_name),
            "上报状态" => text(t.report_status.label()),
            "审核状态" => t.review_status.map_or(Cell::Empty, |s| text(s.label())),
            "审核意见" => opt(&t.review_reason),
            _ => Cell::Empty,
        })
        .collect()
}

/// A 结业信息 row (附件1).
fn completion_row(r: &Row) -> Vec<Cell> {
    let t = &r.record;
    let province = r
        .province
        .as_deref()
        .and_then(Province::by_code)
        .map_or("", |p| p.full);
    vec![
        text(&t.name),
        text(&r.id_type),
        text(&t.id_number),
        opt(&r.phone),
        opt(&t.person_type),
        text(province),
        text(&t.org_name),
        opt(&t.specialty),
        t.approved_years
            .map_or(Cell::Empty, |y| Cell::Int(y.into())),
        opt(&t.start_date),
        opt(&t.end_date),
        opt(&t.certificate_no),
        opt(&t.certificate_date),
    ]
}

/// Writes a tab's values as text cells after its key columns. Image paths
/// are written relative to the export's folder when the image lies inside
/// it, as the profile template has them; otherwise as stored (absolute).
fn push_values(cells: &mut Vec<Cell>, section: Section, tab: &Tab, folder: Option<&Path>) {
    for (f, v) in section.fields().iter().zip(&tab.values) {
        let cell = match (f.kind, v) {
            (_, Value::Blank) => Cell::Empty,
            (FieldKind::Photo(_), Value::Ok(p)) => {
                let relative = folder.and_then(|d| Path::new(p).strip_prefix(d).ok());
                match relative {
                    Some(rel) => {
                        let parts: Vec<String> = rel
                            .components()
                            .map(|c| c.as_os_str().to_string_lossy().into_owned())
                            .collect();
                        Cell::Text(parts.join("/"))
                    }
                    None => text(p),
                }
            }
            (_, Value::Ok(s) | Value::Raw(s)) => text(s),
        };
        cells.push(cell);
    }
}

/// The rows of the profile tabs for one resident.
struct ProfileRows {
    basic: Vec<Cell>,
    education: Vec<Vec<Cell>>,
    work: Vec<Vec<Cell>>,
    certificate: Vec<Cell>,
}

fn profile_rows(p: &Profile, folder: Option<&Path>) -> ProfileRows {
    let id = text(&p.id_number);
    let name = text(p.name());
    let basic = match &p.basic {
        Some(tab) => {
            let mut cells = vec![id.clone()];
            push_values(&mut cells, Section::Basic, tab, folder);
            cells
        }
        None => {
            // Not filled in: the account's name and ID type, as the
            // platform shows them, and the rest blank.
            let mut cells = vec![Cell::Empty; 1 + Section::Basic.fields().len()];
            cells[0] = id.clone();
            cells[1 + B_NAME] = name.clone();
            cells[1 + B_ID_TYPE] = text(p.id_type().label());
            cells
        }
    };
    let education = p
        .education
        .iter()
        .map(|e| {
            let mut cells = vec![id.clone(), text(e.level), name.clone()];
            push_values(&mut cells, Section::Education, &e.tab, folder);
            cells
        })
        .collect();
    // A job a row, as 学习经历 has a level a row: in the order they began.
    let work = p
        .work
        .iter()
        .map(|t| {
            let mut cells = vec![id.clone(), name.clone()];
            push_values(&mut cells, Section::Work, t, folder);
            cells
        })
        .collect();
    let mut certificate = vec![id, name];
    match &p.certificate {
        Some(tab) => push_values(&mut certificate, Section::Certificate, tab, folder),
        None => certificate.resize(2 + Section::Certificate.fields().len(), Cell::Empty),
    }
    ProfileRows {
        basic,
        education,
        work,
        certificate,
    }
}

/// How many accounts in the range of those exported a profile pass may
/// read per resident exported before reading each profile on its own is
/// cheaper.
const SPARSE: i64 = 8;

/// Hands `f` the stored profile of each of `wanted` (account row ids with
/// their ID numbers, in ascending order), in that order.
fn profiles(
    conn: &Connection,
    wanted: &[(i64, &str)],
    f: &mut dyn FnMut(&Profile) -> Result<()>,
) -> Result<()> {
    let (Some(first), Some(last)) = (wanted.first(), wanted.last()) else {
        return Ok(());
    };
    if (last.0 - first.0 + 1) > SPARSE * wanted.len() as i64 {
        for (id, _) in wanted {
            f(&store::load(conn, *id)?)?;
        }
        return Ok(());
    }
    // One ordered pass over the residents of the range; those not
    // exported are passed over.
    let filter = store::Filter {
        ids: (first.0, last.0),
        ..store::Filter::default()
    };
    let mut next = 0;
    store::stream(conn, filter, 1024, &mut |batch| {
        for p in batch {
            if next < wanted.len() && p.id_number == wanted[next].1 {
                f(p)?;
                next += 1;
            }
        }
        Ok(())
    })?;
    // Every exported resident is in the range: none can be missing, but
    // should one be, it is read on its own rather than left out.
    for (id, _) in &wanted[next..] {
        f(&store::load(conn, *id)?)?;
    }
    Ok(())
}

/// Writes the export; with nothing to export, writes nothing and says why.
pub fn export(conn: &Connection, opts: &ExportOptions, path: &Path) -> Result<ExportReport> {
    let names = tabs(opts.kind);
    let (rows, not_approved) = rows(conn, opts)?;
    let mut report = ExportReport {
        not_approved,
        ..ExportReport::default()
    };
    if rows.is_empty() {
        report.nothing = Some(nothing(opts, not_approved));
        return Ok(report);
    }
    let training = training_headers();
    let headers: Vec<Vec<&str>> = names
        .iter()
        .map(|n| match *n {
            TRAINING_TAB => training.clone(),
            COMPLETION_TAB => COMPLETION_HEADERS.to_vec(),
            _ => Section::ALL
                .into_iter()
                .find(|s| s.label() == *n)
                .map(profile_headers)
                .unwrap_or_default(),
        })
        .collect();
    let tables: Vec<(&str, &[&str])> = names
        .iter()
        .zip(&headers)
        .map(|(n, h)| (*n, h.as_slice()))
        .collect();
    let at = |name: &str| names.iter().position(|n| *n == name).unwrap_or(0);
    let (basic, education, work, certificate) = (
        at(Section::Basic.label()),
        at(Section::Education.label()),
        at(Section::Work.label()),
        at(Section::Certificate.label()),
    );
    let (train, completion) = (at(TRAINING_TAB), at(COMPLETION_TAB));
    // Image paths are written relative to the folder the export goes to.
    let folder = path
        .parent()
        .map(|p| {
            if p.as_os_str().is_empty() {
                Path::new(".")
            } else {
                p
            }
        })
        .and_then(|p| p.canonicalize().ok());
    let mut w = TabsWriter::create(path, &tables)?;
    // Rows come in account order: a resident's records are together.
    let mut wanted: Vec<(i64, &str)> = Vec::new();
    for r in &rows {
        if wanted.last().map(|l| l.0) != Some(r.record.account_id) {
            wanted.push((r.record.account_id, &r.record.id_number));
        }
        w.write_row(train, &training_row(r, &training))?;
        if opts.kind == Kind::Completion {
            w.write_row(completion, &completion_row(r))?;
        }
        report.records += 1;
    }
    profiles(conn, &wanted, &mut |p| {
        let p = profile_rows(p, folder.as_deref());
        w.write_row(basic, &p.basic)?;
        for e in &p.education {
            w.write_row(education, e)?;
        }
        for j in &p.work {
            w.write_row(work, j)?;
        }
        w.write_row(certificate, &p.certificate)?;
        report.residents += 1;
        report.educations += p.education.len();
        report.jobs += p.work.len();
        Ok(())
    })?;
    w.finish()?;
    report.files = TabsWriter::paths(path, &names)?;
    Ok(report)
}
