//! `credit import`: credit records (学分登记) from a spreadsheet, arriving
//! 待审 (or 审核通过 with `approve`, for records the office has checked).
//!
//! Built for millions of rows: the members are looked up in a map loaded
//! once, rows are read and checked on a second thread while this one
//! inserts through one prepared statement in one transaction, and the
//! unique index on (member, project number) both refuses duplicates and is
//! the only index written besides the primary key.

use std::collections::HashMap;
use std::hash::BuildHasherDefault;
use std::path::Path;

use chrono::NaiveDate;
use rusqlite::{Connection, OptionalExtension, params};

use super::{CreditStatus, Fields, Iso, check_fields};
use super::{ID_NUMBER, NAME, PROJECT_NO};
use crate::account::Role;
use crate::error::Result;
use crate::history::{Change, Who};
use crate::i18n::Msg;
use crate::import::{ImportReport, MixU64};
use crate::msg;
use crate::pipeline;
use crate::rules::credit::Credits;
use crate::rules::id::{self, IdType};
use crate::rules::person;
use crate::rules::text::identifier;
use crate::sheet::{Cell, Column, Layout, Record, Workbook};

/// The 学分登记 template (SPEC §4a, seed 001 图24).
pub const CREDIT_LAYOUT: Layout = Layout {
    sheet: "学分登记",
    columns: &[
        Column::required(
            "证件号码",
            &[
                "id number",
                "身份证号",
                "身份证号码",
                "证件号",
                "身份证件号码",
            ],
        ),
        Column::required("姓名", &["name", "学分获取人", "真实姓名"]),
        Column::required("项目编号", &["project no", "project number", "编号"]),
        Column::required("项目名称", &["project name", "项目"]),
        Column::required("学分", &["credits", "获取学分", "学分数"]),
        Column::required("学分类型", &["credit type", "学分种类", "类型"]),
        Column::required("开始日期", &["start date", "start", "获取时间", "开始时间"]),
        Column::required("结束日期", &["end date", "end", "至", "结束时间"]),
        Column::required("学分获取形式", &["form", "获取形式"]),
        Column::required("主办单位", &["organizer", "organiser", "举办单位"]),
        Column::required("举办年度", &["year", "年度"]),
        Column::required("学科分类", &["subject", "学科"]),
        Column::optional("备注", &["remark", "备注说明", "note"]),
    ],
};

/// The page cache of a credit import, in KiB.
const IMPORT_CACHE_KIB: i64 = 512 * 1024;

/// What `credit import` is asked to do.
#[derive(Debug, Clone)]
pub struct ImportOptions {
    pub sheet: Option<String>,
    pub dry_run: bool,
    pub strict: bool,
    /// Store the records 审核通过 at once.
    pub approve: bool,
    /// Keep every refused row's cells in the report (for an errors file).
    pub keep_refused_rows: bool,
    pub today: NaiveDate,
}

/// Every member, by ID number, loaded once: (account id, name). An
/// 18-character 居民身份证 number is kept as its first 17 digits in a u64.
#[derive(Default)]
struct Members {
    cards: HashMap<u64, (i64, Box<str>), BuildHasherDefault<MixU64>>,
    others: HashMap<String, (i64, Box<str>)>,
}

fn pack(number: &str) -> Option<u64> {
    if number.len() == 18 && number.as_bytes()[..17].iter().all(u8::is_ascii_digit) {
        number[..17].parse().ok()
    } else {
        None
    }
}

impl Members {
    fn load(conn: &Connection) -> Result<Members> {
        let mut m = Members::default();
        let n: i64 = conn.query_row(
            "SELECT count(*) FROM account WHERE role = 'member'",
            [],
            |r| r.get(0),
        )?;
        m.cards.reserve(n as usize);
        let mut stmt =
            conn.prepare("SELECT id, id_number, name FROM account WHERE role = 'member'")?;
        let mut rows = stmt.query([])?;
        while let Some(r) = rows.next()? {
            let id: i64 = r.get(0)?;
            let number = r.get_ref(1)?.as_str().unwrap_or_default();
            let name: Box<str> = r.get_ref(2)?.as_str().unwrap_or_default().into();
            match pack(number) {
                Some(k) if number.ends_with(crate::rules::id::check_char(number.as_bytes())) => {
                    m.cards.insert(k, (id, name));
                }
                _ => {
                    m.others.insert(number.to_owned(), (id, name));
                }
            }
        }
        Ok(m)
    }

    fn get(&self, number: &str) -> Option<&(i64, Box<str>)> {
        match pack(number) {
            Some(k) => self
                .cards
                .get(&k)
                .filter(|_| number.ends_with(crate::rules::id::check_char(number.as_bytes())))
                .or_else(|| self.others.get(number)),
            None => self.others.get(number),
        }
    }
}

/// What the checking thread found in a row.
struct Checked {
    row: u32,
    cells: Option<Vec<Cell>>,
    record: Option<(i64, Fields)>,
    problems: Vec<(usize, Msg)>,
    /// An ID number with no member account: the writer explains why.
    unknown: Option<String>,
}

fn check_row(
    rec: &Record,
    members: &Members,
    today: NaiveDate,
    problems: &mut Vec<(usize, Msg)>,
) -> (Option<(i64, Fields)>, Option<String>) {
    let id_cell = rec.get(ID_NUMBER);
    // Nearly every cell holds an 18-character number exactly as stored.
    let number = match id_cell {
        Cell::Text(s) if s.len() == 18 && s.bytes().all(|b| b.is_ascii_digit() || b == b'X') => {
            s.clone()
        }
        c => identifier(&c.display()),
    };
    let mut unknown = None;
    let account = match members.get(&number) {
        Some(found) => Some(found),
        None if number.is_empty() => {
            problems.push((ID_NUMBER, msg!("证件号码为空", "the ID number is empty")));
            None
        }
        None => {
            // A cell stored as a number, or an old 15-digit number, says
            // more than "unknown".
            match id::check(
                IdType::ResidentCard,
                &id_cell.display(),
                id_cell.is_number(),
                today,
            ) {
                Err(p @ id::IdProblem::StoredAsNumber { .. }) => {
                    problems.push((ID_NUMBER, p.msg()))
                }
                Ok(upgraded) if upgraded.number != number => {
                    if let Some(found) = members.get(&upgraded.number) {
                        return finish(rec, Some(found), today, problems, None);
                    }
                    unknown = Some(upgraded.number);
                }
                _ => unknown = Some(number),
            }
            None
        }
    };
    finish(rec, account, today, problems, unknown)
}

fn finish(
    rec: &Record,
    account: Option<&(i64, Box<str>)>,
    today: NaiveDate,
    problems: &mut Vec<(usize, Msg)>,
    unknown: Option<String>,
) -> (Option<(i64, Fields)>, Option<String>) {
    if let Some((_, name)) = account {
        let raw = rec.get(NAME).display();
        // A name exactly as stored needs no checking.
        if *raw != **name {
            match person::name(&raw) {
                Err(m) => problems.push((NAME, m)),
                Ok(n) if *n != **name => problems.push((
                    NAME,
                    msg!(
                        "姓名“{n}”与该证件号码的账号姓名“{name}”不符",
                        "the name '{n}' differs from the account's name '{name}' for this ID number"
                    ),
                )),
                Ok(_) => {}
            }
        }
    }
    let fields = check_fields(&|c| rec.get(c), today, problems);
    match (account, fields) {
        (Some((id, _)), Some(f)) if problems.is_empty() => (Some((*id, f)), unknown),
        _ => (None, unknown),
    }
}

/// Why an ID number has no member account: none at all, or another role.
fn unknown_member(tx: &Connection, number: &str) -> Result<Msg> {
    let role: Option<String> = tx
        .prepare_cached("SELECT role FROM account WHERE id_number = ?1")?
        .query_row([number], |r| r.get(0))
        .optional()?;
    Ok(match role {
        Some(role) => {
            let role = Role::from_key(&role).map_or("?", Role::label);
            msg!(
                "{number} 是{role}账号,不是继教人员",
                "{number} is a {role} account, not a CME member"
            )
        }
        None => msg!(
            "没有证件号码为 {number} 的继教人员(先用 meded account import --role member 导入)",
            "no CME member with the ID number {number} (import members first with meded account import --role member)"
        ),
    })
}

/// A stored day back as a date.
fn day(s: &str) -> NaiveDate {
    crate::rules::date::parse_day(s).unwrap_or_default()
}

/// An existing record with the same member and project number.
struct Existing {
    id: i64,
    created_change: i64,
    status: CreditStatus,
    fields: Fields,
}

fn existing(tx: &Connection, account: i64, project_no: &str) -> Result<Option<Existing>> {
    Ok(tx
        .prepare_cached(
            "SELECT id, created_change, status, project_name, credits, kind, start_date, end_date,
                    coalesce(form, ''), coalesce(organizer, ''), year, coalesce(subject, ''), remark
             FROM credit WHERE account_id = ?1 AND project_no = ?2",
        )?
        .query_row(params![account, project_no], |r| {
            let kind: String = r.get(5)?;
            Ok(Existing {
                id: r.get(0)?,
                created_change: r.get(1)?,
                status: r.get(2)?,
                fields: Fields {
                    project_no: project_no.to_owned(),
                    project_name: r.get(3)?,
                    credits: r.get(4)?,
                    kind: crate::rules::credit::CreditType::from_label(&kind)
                        .unwrap_or(crate::rules::credit::CreditType::Class2),
                    start: day(r.get_ref(6)?.as_str()?),
                    end: day(r.get_ref(7)?.as_str()?),
                    form: r.get(8)?,
                    organizer: r.get(9)?,
                    year: r.get(10)?,
                    subject: r.get(11)?,
                    remark: r.get(12)?,
                },
            })
        })
        .optional()?)
}

/// Imports credit records. `progress` gets (done, total) in the reader's
/// unit; `finish` sees the report before anything is committed (it writes
/// the errors file) and if it fails nothing is imported.
pub fn import(
    conn: &mut Connection,
    path: &Path,
    opts: &ImportOptions,
    who: &Who,
    progress: &(dyn Fn(u64, u64) + Sync),
    finish: &mut dyn FnMut(&ImportReport) -> Result<()>,
) -> Result<ImportReport> {
    // The unique index takes records in the file's member order, which is
    // scattered: a bigger page cache for this import keeps its pages in
    // memory instead of spilling and re-reading them (the default cache
    // made 5 million records a third slower).
    conn.pragma_update(None, "cache_size", -IMPORT_CACHE_KIB)?;
    // Every reference a record makes is right by construction: its member
    // comes from the map loaded in this transaction, its change sets are
    // this transaction's. Checking them again costs three lookups a row.
    conn.pragma_update(None, "foreign_keys", false)?;
    let result = import_records(conn, path, opts, who, progress, finish);
    conn.pragma_update(None, "foreign_keys", true)?;
    result
}

fn import_records(
    conn: &mut Connection,
    path: &Path,
    opts: &ImportOptions,
    who: &Who,
    progress: &(dyn Fn(u64, u64) + Sync),
    finish: &mut dyn FnMut(&ImportReport) -> Result<()>,
) -> Result<ImportReport> {
    let book = Workbook::open(path)?;
    let table = book.table(opts.sheet.as_deref(), &CREDIT_LAYOUT)?;
    let headers = table.layout_headers();
    let mut report = ImportReport::for_table(&table);
    let reader_progress = table.progress();
    let tx = crate::db::write(conn)?;
    let members = Members::load(&tx)?;
    let change = Change::begin(&tx, who)?;
    let (status, reviewed) = if opts.approve {
        (CreditStatus::Approved, Some(change.id))
    } else {
        (CreditStatus::Pending, None)
    };
    let mut insert = tx.prepare(
        "INSERT INTO credit (account_id, project_no, project_name, credits, kind, start_date,
                             end_date, form, organizer, year, subject, remark, status,
                             created_change, reviewed_change)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15)
         ON CONFLICT (account_id, project_no) DO NOTHING",
    )?;
    // The row of each record inserted by this import, by id - first id
    // (ids grow by one within the transaction): to name the first row of a
    // duplicate within the file.
    let mut first_id: Option<i64> = None;
    let mut rows_of: Vec<u32> = Vec::new();
    let (today, keep_rows) = (opts.today, opts.keep_refused_rows);
    let checked = pipeline::map(table, move |rec: Result<Record>| {
        rec.map(|rec| {
            let mut problems = Vec::new();
            let (record, unknown) = check_row(&rec, &members, today, &mut problems);
            let refused = record.is_none();
            Checked {
                row: rec.row,
                cells: (keep_rows || refused).then_some(rec.cells),
                record,
                problems,
                unknown,
            }
        })
    });
    for (n, item) in checked.enumerate() {
        let mut c = item?;
        if n % 4096 == 0 {
            let (done, total) = reader_progress.get();
            progress(done, total);
        }
        if let Some(number) = &c.unknown {
            c.problems
                .insert(0, (ID_NUMBER, unknown_member(&tx, number)?));
        }
        if let Some((account, f)) = &c.record {
            let inserted = insert.execute(params![
                account,
                f.project_no,
                f.project_name,
                f.credits,
                f.kind.label(),
                Iso::of(f.start).as_str(),
                Iso::of(f.end).as_str(),
                f.form,
                f.organizer,
                f.year,
                f.subject,
                f.remark,
                status,
                change.id,
                reviewed
            ])?;
            if inserted == 1 {
                let id = tx.last_insert_rowid();
                let first = *first_id.get_or_insert(id);
                rows_of.push(c.row);
                debug_assert_eq!(id - first, rows_of.len() as i64 - 1);
                report.imported += 1;
                continue;
            }
            let Some(e) = existing(&tx, *account, &f.project_no)? else {
                report.skipped += 1;
                continue;
            };
            let no = &f.project_no;
            let problem = if e.created_change == change.id {
                let first = first_id
                    .and_then(|first| rows_of.get((e.id - first) as usize))
                    .copied()
                    .unwrap_or(0);
                msg!(
                    "与第 {first} 行重复:同一人员同一项目编号 {no}",
                    "a duplicate of row {first}: the same member and project number {no}"
                )
            } else if e.fields == *f {
                // The same record again (a file imported twice): nothing to do.
                report.skipped += 1;
                continue;
            } else {
                let (id, status) = (e.id, &e.status);
                let (credits, kind) = (Credits(e.fields.credits), e.fields.kind.label());
                msg!(
                    "重复:该人员已有项目编号 {no} 的学分记录(编号 {id},{credits} 分 {kind},{status}),内容不同",
                    "a duplicate: this member already has a record for project {no} (id {id}, {credits} {kind}, {status}) with other contents"
                )
            };
            c.problems.push((PROJECT_NO, problem));
        }
        let problems = c
            .problems
            .into_iter()
            .map(|(col, m)| (headers[col].clone(), m))
            .collect();
        report.reject(c.row, c.cells.unwrap_or_default(), problems);
    }
    drop(insert);
    let (_, total) = reader_progress.get();
    progress(total, total);
    let commit = report.commits(opts.dry_run, opts.strict);
    report.written = commit;
    finish(&report)?;
    if commit {
        tx.commit()?;
    }
    Ok(report)
}
