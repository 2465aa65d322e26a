//! `credit import`: credit records (学分登记) from a spreadsheet, arriving
//! 待审 (or 审核通过 with `approve`, for records the office has checked).
//!
//! Built for millions of rows: the members are looked up in a map loaded
//! once, rows are read and checked on a second thread while this one
//! writes them a batch at a time through the storage layer's batch write
//! (`crate::db::batch`: the batch's projects first, then its records), in
//! one transaction; the unique index on (member, project number) both
//! refuses duplicates and is the only index written besides the primary
//! key.

use std::collections::{HashMap, HashSet};
use std::path::Path;

use crate::db::batch::{Batch, Kind, Read, Table};
use crate::db::sql::{Connection, OptionalExtension, ToSql};
use chrono::NaiveDate;

use super::{CreditStatus, FieldChecks, Fields, Iso, Stored, check_fields};
use super::{ID_NUMBER, NAME, PROJECT_NO};
use crate::account::Role;
use crate::error::Result;
use crate::history::{Change, Who};
use crate::i18n::Msg;
use crate::import::{
    At, Check, Flags, Import, ImportReport, PackedMap, Source, Written, pack, record_check,
};
use crate::msg;
use crate::rules::credit::Credits;
use crate::rules::id::{self, IdType};
use crate::rules::person;
use crate::rules::text::identifier;
use crate::sheet::{Cell, Column, Record, Workbook};

crate::sheet::layout! {
    /// The 学分登记 template (the fields of the CME platform's credit form).
    pub const CREDIT_LAYOUT = sheet "学分登记", positions col {
        ID_NUMBER: Column::required(
            "证件号码",
            &["id number", "身份证号", "身份证号码", "证件号", "身份证件号码"],
        ),
        NAME: Column::required("姓名", &["name", "学分获取人", "真实姓名"]),
        PROJECT_NO: Column::required("项目编号", &["project no", "project number", "编号"]),
        PROJECT_NAME: Column::required("项目名称", &["project name", "项目"]),
        CREDITS: Column::required("学分", &["credits", "获取学分", "学分数"]),
        TYPE: Column::required("学分类型", &["credit type", "学分种类", "类型"]),
        START: Column::required("开始日期", &["start date", "start", "获取时间", "开始时间"]),
        END: Column::required("结束日期", &["end date", "end", "至", "结束时间"]),
        FORM: Column::required("学分获取形式", &["form", "获取形式"]),
        ORGANIZER: Column::required("主办单位", &["organizer", "organiser", "举办单位"]),
        YEAR: Column::required("举办年度", &["year", "年度"]),
        SUBJECT: Column::required("学科分类", &["subject", "学科"]),
        REMARK: Column::optional("备注", &["remark", "备注说明", "note"]),
        IMAGE: Column::optional("上传图片", &["image", "图片", "证明图片", "学分证明图片"]),
    }
}

/// The page cache of a credit import, in KiB.
const IMPORT_CACHE_KIB: i64 = 512 * 1024;

/// What `credit import` is asked to do, besides the flags every import
/// takes.
#[derive(Debug, Clone)]
pub struct ImportOptions {
    /// Store the records 审核通过 at once.
    pub approve: bool,
    pub today: NaiveDate,
}

/// Every member, by ID number, loaded once: (account id, name). An
/// 18-character 居民身份证 number is kept as its first 17 digits in a u64.
#[derive(Default)]
struct Members {
    cards: PackedMap<(i64, Box<str>)>,
    others: HashMap<String, (i64, Box<str>)>,
}

impl Members {
    fn load(conn: &Connection) -> Result<Members> {
        let mut m = Members::default();
        let n: i64 = conn.query_row(
            "SELECT count(*) FROM account WHERE role = ?1",
            [Role::Member.key()],
            |r| r.get(0),
        )?;
        m.cards.reserve(n as usize);
        let mut stmt = conn.prepare("SELECT id, id_number, name FROM account WHERE role = ?1")?;
        let mut rows = stmt.query([Role::Member.key()])?;
        while let Some(r) = rows.next()? {
            let id: i64 = r.get(0)?;
            let number = r.get_ref(1)?.as_str().unwrap_or_default();
            let name: Box<str> = r.get_ref(2)?.as_str().unwrap_or_default().into();
            match pack(number) {
                Some(k) => {
                    m.cards.insert(k, (id, name));
                }
                None => {
                    m.others.insert(number.to_owned(), (id, name));
                }
            }
        }
        Ok(m)
    }

    fn get(&self, number: &str) -> Option<&(i64, Box<str>)> {
        match pack(number) {
            Some(k) => self.cards.get(&k),
            None => self.others.get(number),
        }
    }
}

/// A row that passed its checks, or one whose member is unknown: the
/// writer explains why from the database (no account, or another role).
pub enum CreditRow {
    Record {
        account: i64,
        fields: Fields,
    },
    Unknown {
        number: String,
        problems: Vec<(usize, Msg)>,
    },
}

fn check_row(
    rec: &Record,
    members: &Members,
    checks: &FieldChecks<'_>,
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
                        return finish(rec, Some(found), checks, today, problems, None);
                    }
                    unknown = Some(upgraded.number);
                }
                _ => unknown = Some(number),
            }
            None
        }
    };
    finish(rec, account, checks, today, problems, unknown)
}

fn finish(
    rec: &Record,
    account: Option<&(i64, Box<str>)>,
    checks: &FieldChecks<'_>,
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
    let fields = check_fields(&|c| rec.get(c), checks, today, problems);
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

/// The credit table as an import writes it, keyed by member and project
/// number.
static CREDIT: Table = Table::new(
    "credit",
    &[
        ("account_id", Kind::Int),
        ("project_no", Kind::Text),
        ("project_id", Kind::Int),
        ("credits", Kind::Int),
        ("kind", Kind::Text),
        ("start_date", Kind::Text),
        ("end_date", Kind::Text),
        ("year", Kind::Int),
        ("remark", Kind::Text),
        ("image", Kind::Text),
        ("status", Kind::Text),
        ("created_change", Kind::Int),
        ("reviewed_change", Kind::Int),
    ],
    2,
)
.sharing(3);

/// Good rows handed to the writer at once.
const BATCH: usize = 8192;

/// The database side of a credit import.
pub struct CreditWriter<'t> {
    tx: &'t Connection,
    change: Change,
    status: CreditStatus,
    reviewed: Option<i64>,
    update: bool,
    /// The row of each record inserted by this import: to name the first
    /// row of a duplicate within the file.
    rows_of: RowsById,
    /// The projects met so far (credit_project), by their texts.
    projects: super::project::Projects,
}

impl CreditWriter<'_> {
    /// A row for a member who already has a record of this project number.
    fn existing(&mut self, f: &Fields, e: Stored) -> Result<Written> {
        let no = &f.project_no;
        let refused = |m: Msg| Ok(Written::Refused(vec![(At::Column(PROJECT_NO), m)]));
        if e.created_change == self.change.id {
            let first = self.rows_of.row(e.id).unwrap_or(0);
            return refused(msg!(
                "与第 {first} 行重复:同一人员同一项目编号 {no}",
                "a duplicate of row {first}: the same member and project number {no}"
            ));
        }
        if e.fields == *f {
            // The same record again (a file imported twice): nothing to do.
            return Ok(Written::Skipped(None));
        }
        let (id, status) = (e.id, e.status);
        if !self.update || status != CreditStatus::Pending {
            let (credits, kind) = (Credits(e.fields.credits), e.fields.kind.label());
            let hint = if status == CreditStatus::Pending {
                msg!("如要更新,请加 --update", "use --update to change it")
            } else {
                msg!(
                    "只有待审的记录可以更改",
                    "only a 待审 record may be changed"
                )
            };
            return refused(
                msg!(
                    "重复:该人员已有项目编号 {no} 的学分记录(编号 {id},{credits} 分 {kind},{status}),内容不同",
                    "a duplicate: this member already has a record for project {no} (id {id}, {credits} {kind}, {status}) with other contents"
                )
                .join(&hint),
            );
        }
        super::store_fields(self.tx, &self.change, id, &e.id_number, &e.fields, f)?;
        Ok(Written::Updated)
    }

    /// A row whose member is unknown: why first, then its other problems.
    fn unknown(&self, number: &str, problems: Vec<(usize, Msg)>) -> Result<Written> {
        let mut all = vec![(At::Column(ID_NUMBER), unknown_member(self.tx, number)?)];
        all.extend(problems.into_iter().map(|(c, m)| (At::Column(c), m)));
        Ok(Written::Refused(all))
    }

    /// A record the insert skipped: its member has that project number
    /// already (from before, or from an earlier row of this file).
    fn skipped(&mut self, account: i64, f: &Fields) -> Result<Written> {
        match Stored::by_project(self.tx, account, &f.project_no)? {
            Some(e) => self.existing(f, e),
            None => Ok(Written::Skipped(None)),
        }
    }
}

/// The file row of each record an import inserted, by the record's id.
/// Ids grow within an import; on SQLite they follow one another, and a
/// run of them is kept as its first id and the rows (four bytes a record,
/// for millions of records); a server's ids may leave gaps, kept as pairs.
#[derive(Default)]
pub(crate) struct RowsById {
    first: i64,
    run: Vec<u32>,
    after: Vec<(i64, u32)>,
}

impl RowsById {
    /// Records that `row` made the record `id` (ids in growing order).
    pub fn push(&mut self, id: i64, row: u32) {
        if self.run.is_empty() {
            self.first = id;
        }
        if self.after.is_empty() && id == self.first + self.run.len() as i64 {
            self.run.push(row);
        } else {
            debug_assert!(self.after.last().is_none_or(|&(last, _)| last < id));
            self.after.push((id, row));
        }
    }

    /// The row that made the record `id`, if this import made it.
    pub fn row(&self, id: i64) -> Option<u32> {
        if let Some(at) = id.checked_sub(self.first)
            && let Some(&row) = usize::try_from(at).ok().and_then(|i| self.run.get(i))
        {
            return Some(row);
        }
        self.after
            .binary_search_by_key(&id, |&(id, _)| id)
            .ok()
            .map(|i| self.after[i].1)
    }
}

impl CreditWriter<'_> {
    /// Writes a batch of rows through the batch write; the outcome of
    /// each, in file order. What the insert did not make — the member has
    /// that project number already, from before or from an earlier row of
    /// the batch — and the rows of unknown members are judged one by one,
    /// in file order, as a row-by-row import judges them.
    fn write_rows(&mut self, rows: Vec<(u32, CreditRow)>) -> Result<Vec<Written>> {
        let records: Vec<Option<&Fields>> = rows
            .iter()
            .map(|(_, r)| match r {
                CreditRow::Record { fields, .. } => Some(fields),
                CreditRow::Unknown { .. } => None,
            })
            .collect();
        let projects = self.projects.resolve(self.tx, &records)?;
        // What each record binds besides its fields, kept while the batch
        // borrows it.
        let dates: Vec<(Iso, Iso)> = records
            .iter()
            .map(|f| match f {
                Some(f) => (Iso::of(f.start), Iso::of(f.end)),
                None => (Iso::of(Default::default()), Iso::of(Default::default())),
            })
            .collect();
        let dates: Vec<(&str, &str)> = dates
            .iter()
            .map(|(s, e)| (s.as_str(), e.as_str()))
            .collect();
        let kinds: Vec<&str> = records
            .iter()
            .map(|f| f.map_or("", |f| f.kind.label()))
            .collect();
        // The records, by index into `rows`, in file order.
        let order: Vec<usize> = (0..rows.len()).filter(|&i| records[i].is_some()).collect();
        let shared: [&dyn ToSql; 3] = [&self.status, &self.change.id, &self.reviewed];
        let mut batch = Batch::with_capacity(&CREDIT, order.len(), &shared);
        for &i in &order {
            let CreditRow::Record { account, fields: f } = &rows[i].1 else {
                unreachable!("only records are in the order")
            };
            batch.push(&[
                account,
                &f.project_no,
                &projects[i],
                &f.credits,
                &kinds[i],
                &dates[i].0,
                &dates[i].1,
                &f.year,
                &f.remark,
                &f.image,
            ]);
        }
        let ids = batch.insert_new(self.tx)?;
        // Of the records not made, the first of each key in the batch was
        // stored before: read at once. A later one is judged after the
        // first (which may have changed the record).
        let mut keys = HashSet::with_capacity(order.len());
        let mut first = vec![false; order.len()];
        for (k, &i) in order.iter().enumerate() {
            let CreditRow::Record { account, fields } = &rows[i].1 else {
                continue;
            };
            first[k] = keys.insert((*account, fields.project_no.as_str()));
        }
        let wanted: Vec<usize> = (0..order.len())
            .filter(|&k| ids[k].is_none() && first[k])
            .collect();
        let mut stored: HashMap<usize, Stored> = HashMap::new();
        let from = Stored::FROM.trim_start().trim_start_matches("FROM ");
        batch.find(
            self.tx,
            &wanted,
            &Read {
                columns: Stored::COLUMNS,
                from,
                alias: "c",
                lock: Some("c"),
            },
            |k, r| {
                stored.insert(k, Stored::from_row(r)?);
                Ok(())
            },
        )?;
        drop(batch);
        let mut at = order.iter().enumerate().map(|(k, &i)| (i, k)).peekable();
        let mut out = Vec::with_capacity(rows.len());
        for (i, (row, r)) in rows.into_iter().enumerate() {
            let k = match at.peek() {
                Some(&(j, k)) if j == i => {
                    at.next();
                    Some(k)
                }
                _ => None,
            };
            out.push(match (r, k) {
                (CreditRow::Unknown { number, problems }, _) => self.unknown(&number, problems)?,
                (CreditRow::Record { .. }, Some(k)) if ids[k].is_some() => {
                    self.rows_of.push(ids[k].unwrap_or_default(), row);
                    Written::Created
                }
                // The first row of its key in the batch: its record as read
                // (none: deleted meanwhile).
                (CreditRow::Record { fields, .. }, Some(k)) if first[k] => {
                    match stored.remove(&k) {
                        Some(e) => self.existing(&fields, e)?,
                        None => Written::Skipped(None),
                    }
                }
                (CreditRow::Record { account, fields }, _) => self.skipped(account, &fields)?,
            });
        }
        Ok(out)
    }
}

impl crate::import::Writer for CreditWriter<'_> {
    type Row = (u32, CreditRow);
    type Done = ();

    fn batch_size(&self) -> usize {
        BATCH
    }

    fn write_batch(&mut self, rows: Vec<(u32, CreditRow)>) -> Result<Vec<Written>> {
        self.write_rows(rows)
    }

    fn write(&mut self, row: (u32, CreditRow)) -> Result<Written> {
        Ok(self
            .write_rows(vec![row])?
            .pop()
            .unwrap_or(Written::Skipped(None)))
    }
}

/// `credit import` on the import skeleton.
pub struct CreditImport {
    opts: ImportOptions,
    /// The workbook's folder, which 上传图片 paths are relative to.
    folder: std::path::PathBuf,
}

impl Import for CreditImport {
    type Input = Record;
    type Row = (u32, CreditRow);
    type Done = ();
    type Writer<'t> = CreditWriter<'t>;

    fn open(
        &mut self,
        book: &Workbook,
        flags: &Flags,
        _progress: &(dyn Fn(u64, u64) + Sync),
    ) -> Result<Source<Record>> {
        self.folder = book
            .path()
            .canonicalize()
            .ok()
            .and_then(|p| p.parent().map(std::path::Path::to_path_buf))
            .unwrap_or_default();
        Ok(Source::table(
            book.table(flags.sheet.as_deref(), &CREDIT_LAYOUT)?,
        ))
    }

    fn begin<'t>(
        &'t self,
        tx: &'t Connection,
        change: Change,
        flags: &Flags,
    ) -> Result<(Check<Record, (u32, CreditRow)>, CreditWriter<'t>)> {
        let members = Members::load(tx)?;
        let today = self.opts.today;
        let subjects = crate::codes::subjects(tx)?;
        let folder = self.folder.clone();
        let check = record_check(move |rec: &Record, problems: &mut Vec<(usize, Msg)>| {
            let checks = FieldChecks {
                subjects: &subjects,
                folder: Some(&folder),
            };
            let (record, unknown) = check_row(rec, &members, &checks, today, problems);
            match (record, unknown) {
                (Some((account, fields)), _) => {
                    Some((rec.row, CreditRow::Record { account, fields }))
                }
                // The writer says why the member is unknown, first.
                (None, Some(number)) => Some((
                    rec.row,
                    CreditRow::Unknown {
                        number,
                        problems: std::mem::take(problems),
                    },
                )),
                (None, None) => None,
            }
        });
        let (status, reviewed) = if self.opts.approve {
            (CreditStatus::Approved, Some(change.id))
        } else {
            (CreditStatus::Pending, None)
        };
        let writer = CreditWriter {
            tx,
            change,
            status,
            reviewed,
            update: flags.update,
            rows_of: RowsById::default(),
            projects: Default::default(),
        };
        Ok((check, writer))
    }
}

/// The row check alone, on rows made up by the caller (cells in the order
/// of [`CREDIT_LAYOUT`]), nothing written: for the fuzz targets and tests
/// (docs/reliability.md).
#[doc(hidden)]
pub fn check_rows(
    conn: &mut Connection,
    opts: &ImportOptions,
    rows: Vec<Vec<Cell>>,
) -> Result<Vec<crate::import::probe::Verdict>> {
    let importer = CreditImport {
        opts: opts.clone(),
        folder: std::env::current_dir().unwrap_or_default(),
    };
    crate::import::probe::records(conn, &importer, &CREDIT_LAYOUT, rows)
}

/// Imports credit records. `progress` gets (done, total) in the reader's
/// unit; the errors file is written before anything is committed, and if
/// it cannot be, nothing is imported.
pub fn import(
    conn: &mut Connection,
    path: &Path,
    opts: &ImportOptions,
    flags: &Flags,
    who: &Who,
    progress: &(dyn Fn(u64, u64) + Sync),
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
    let mut importer = CreditImport {
        opts: opts.clone(),
        folder: std::path::PathBuf::new(),
    };
    let result = crate::import::run(
        conn,
        path,
        flags,
        who,
        &mut importer,
        progress,
        &mut |_, _| Ok(()),
    );
    conn.pragma_update(None, "foreign_keys", true)?;
    Ok(result?.0)
}

#[cfg(test)]
mod tests {
    use super::RowsById;

    #[test]
    fn rows_are_found_by_id_in_a_run_and_after_gaps() {
        let mut rows = RowsById::default();
        for (id, row) in [(10, 2), (11, 3), (12, 5), (20, 7), (23, 9)] {
            rows.push(id, row);
        }
        assert_eq!(rows.run.len(), 3, "a run is kept compactly");
        let found: Vec<_> = [9, 10, 12, 13, 20, 23, 24].map(|id| rows.row(id)).into();
        assert_eq!(
            found,
            [None, Some(2), Some(5), None, Some(7), Some(9), None]
        );
        assert_eq!(RowsById::default().row(1), None);
    }
}
