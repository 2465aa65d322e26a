//! `report export`: a collection in the national layout, for the province
//! to hand on — approved records only unless asked for all.

use std::path::Path;

use rusqlite::{Connection, params};

use crate::collection::Kind;
use crate::error::Result;
use crate::rules::codes::Province;
use crate::sheet::Cell;
use crate::sheet::write::TableWriter;
use crate::state::State;
use crate::training::{RECORD_COLUMNS, RECORD_FROM, Record, Status, Submission, record_from_row};

/// The columns of the new-recruit and in-training layouts.
pub const TRAINING_HEADERS: [&str; 15] = [
    "证件号码",
    "姓名",
    "证件类型",
    "手机号码",
    "培训基地",
    "招收年份",
    "培训专业",
    "人员类型",
    "核定培训年限",
    "培训开始时间",
    "培训结束时间",
    "培训状态",
    "上报状态",
    "审核状态",
    "审核意见",
];

/// The columns of 附件1 (docs/domain.md#early-completers).
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

/// What to export.
#[derive(Debug, Clone)]
pub struct ExportOptions {
    pub year: i32,
    pub kind: Kind,
    pub org: Option<String>,
    /// Every record, not only the approved ones.
    pub all: bool,
}

/// A record with the account details the layouts need.
struct Row {
    record: Record,
    id_type: String,
    phone: Option<String>,
    province: Option<String>,
}

fn rows(conn: &Connection, opts: &ExportOptions) -> Result<Vec<Row>> {
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
         ORDER BY o.code, t.recruit_year, a.id_number"
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
    for r in rows {
        let r = r?;
        let approved = r.record.submission() == Submission::Approved;
        if opts.all || approved {
            out.push(r);
        }
    }
    Ok(out)
}

fn text(s: &str) -> Cell {
    Cell::Text(s.to_owned())
}

fn opt(s: &Option<String>) -> Cell {
    s.as_deref().map_or(Cell::Empty, text)
}

/// Writes the export; returns how many records it holds.
pub fn export(conn: &Connection, opts: &ExportOptions, path: &Path) -> Result<usize> {
    let rows = rows(conn, opts)?;
    match opts.kind {
        Kind::Completion => {
            let mut w = TableWriter::create(path, "结业信息", &COMPLETION_HEADERS)?;
            for r in &rows {
                let t = &r.record;
                let province = r
                    .province
                    .as_deref()
                    .and_then(Province::by_code)
                    .map_or("", |p| p.full);
                w.write_row(&[
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
                ])?;
            }
            w.finish()?;
        }
        Kind::NewRecruits | Kind::Update => {
            let mut w = TableWriter::create(path, "培训信息", &TRAINING_HEADERS)?;
            for r in &rows {
                let t = &r.record;
                w.write_row(&[
                    text(&t.id_number),
                    text(&t.name),
                    text(&r.id_type),
                    opt(&r.phone),
                    text(&t.org_name),
                    Cell::Int(t.recruit_year.into()),
                    opt(&t.specialty),
                    opt(&t.person_type),
                    t.approved_years
                        .map_or(Cell::Empty, |y| Cell::Int(y.into())),
                    opt(&t.start_date),
                    opt(&t.end_date),
                    text(t.status.label()),
                    text(t.report_status.label()),
                    t.review_status.map_or(Cell::Empty, |s| text(s.label())),
                    opt(&t.review_reason),
                ])?;
            }
            w.finish()?;
        }
    }
    Ok(rows.len())
}
