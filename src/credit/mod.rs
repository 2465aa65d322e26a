//! CME credit records (学分登记, docs/domain.md#credit-records): import,
//! review, list, edit and delete. A record arrives 待审; the office approves
//! (审核通过) or rejects (审核不过) it; only a 待审 record may be changed or
//! deleted, and only 审核通过 credits count towards standards and certificates.

pub mod import;
pub(crate) mod project;
pub mod query;

use crate::db::sql::{Connection, OptionalExtension, params};
use chrono::{Datelike, NaiveDate};
use serde::Serialize;

use crate::account::{Role, no_account};
use crate::error::{Error, Result};
use crate::history::{Change, Item, Who};
use crate::i18n::Msg;
use crate::msg;
use crate::rules::credit::{
    CreditType, Credits, check_project_credits, float_tenths, parse_tenths,
};
use crate::rules::subject::Subjects;
use crate::rules::text::identifier;
use crate::sheet::Cell;
use crate::state::State;
use crate::state::review::{self, Decisions, Key, Refused, Reviewable, Subject};
use crate::states;

pub use crate::state::review::Decision;

pub use import::CREDIT_LAYOUT;

states! {
    /// 审核状态 of a credit record (docs/domain.md#credit-records).
    pub enum CreditStatus: "审核状态" {
        /// Waiting for review: the only state in which a record may change.
        Pending = "待审", "pending" ["待审核"] => [Approved, Rejected] (reason);
        /// Counts towards standards and certificates.
        Approved = "审核通过", "approved" ["通过"] => [Pending];
        Rejected = "审核不过", "rejected" ["不通过", "审核不通过"] => [Pending] (reason);
    }
}

// Columns of the 学分登记 template, by index into CREDIT_LAYOUT.
pub(crate) const ID_NUMBER: usize = 0;
pub(crate) const NAME: usize = 1;
pub(crate) const PROJECT_NO: usize = 2;
pub(crate) const PROJECT_NAME: usize = 3;
pub(crate) const CREDITS: usize = 4;
pub(crate) const TYPE: usize = 5;
pub(crate) const START: usize = 6;
pub(crate) const END: usize = 7;
pub(crate) const FORM: usize = 8;
pub(crate) const ORGANIZER: usize = 9;
pub(crate) const YEAR: usize = 10;
pub(crate) const SUBJECT: usize = 11;
pub(crate) const REMARK: usize = 12;
pub(crate) const IMAGE: usize = 13;

/// The fields of a record that passed their checks, as stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Fields {
    pub project_no: String,
    pub project_name: String,
    pub credits: i64,
    pub kind: CreditType,
    pub start: NaiveDate,
    pub end: NaiveDate,
    pub form: String,
    pub organizer: String,
    pub year: i32,
    pub subject: String,
    pub remark: Option<String>,
    /// 上传图片: the absolute path of a JPEG file.
    pub image: Option<String>,
}

/// What the checks of a record's fields are made against.
#[derive(Debug, Clone, Copy)]
pub struct FieldChecks<'a> {
    /// The list 学科分类 must come from.
    pub subjects: &'a Subjects,
    /// The folder an 上传图片 path is relative to (the workbook's); None:
    /// the path is taken as given (an edit's, already made absolute).
    pub folder: Option<&'a std::path::Path>,
}

/// Longest project number, and longest of the other texts, in characters.
const PROJECT_NO_MAX: usize = 50;
const TEXT_MAX: usize = 200;

fn text_field(
    cell: &Cell,
    col: usize,
    label: &str,
    max: usize,
    errors: &mut Vec<(usize, Msg)>,
) -> Option<String> {
    let t = cell.text();
    if t.is_empty() {
        errors.push((col, msg!("{label}为空", "{label} is empty")));
        return None;
    }
    if t.chars().any(char::is_control) {
        errors.push((
            col,
            msg!("{label}含控制字符", "{label} contains control characters"),
        ));
        return None;
    }
    let n = t.chars().count();
    if n > max {
        errors.push((
            col,
            msg!(
                "{label}过长({n} 个字符,最多 {max})",
                "{label} is too long ({n} characters, at most {max})"
            ),
        ));
        return None;
    }
    Some(t.into_owned())
}

/// Checks the record fields of a row (everything but the member), every
/// problem reported. `get` gives the cell of a template column.
pub fn check_fields<'a>(
    get: &dyn Fn(usize) -> &'a Cell,
    checks: &FieldChecks<'_>,
    today: NaiveDate,
    errors: &mut Vec<(usize, Msg)>,
) -> Option<Fields> {
    let project_no = text_field(
        get(PROJECT_NO),
        PROJECT_NO,
        "项目编号",
        PROJECT_NO_MAX,
        errors,
    );
    let project_name = text_field(
        get(PROJECT_NAME),
        PROJECT_NAME,
        "项目名称",
        TEXT_MAX,
        errors,
    );
    let cell = get(CREDITS);
    let shown = cell.display();
    let credits = if cell.is_blank() {
        errors.push((CREDITS, msg!("学分为空", "the credits are empty")));
        None
    } else {
        let tenths = match cell {
            Cell::Int(i) => Some(i.saturating_mul(10)),
            Cell::Float(f) => float_tenths(*f),
            c => parse_tenths(&c.text()),
        };
        check_project_credits(tenths, &shown)
            .map_err(|m| errors.push((CREDITS, m)))
            .ok()
    };
    let type_cell = get(TYPE);
    let kind = CreditType::parse(&type_cell.text()).or_else(|| {
        let shown = type_cell.display();
        let all = crate::rules::credit::CREDIT_TYPES.join("、");
        errors.push((
            TYPE,
            if type_cell.is_blank() {
                msg!(
                    "学分类型为空(可用:{all})",
                    "the credit type is empty (use one of: {all})"
                )
            } else {
                msg!(
                    "不认识的学分类型“{shown}”(可用:{all})",
                    "unknown credit type '{shown}' (use one of: {all})"
                )
            },
        ));
        None
    });
    let day = |col: usize, label: &str, errors: &mut Vec<(usize, Msg)>| -> Option<NaiveDate> {
        let cell = get(col);
        match cell.as_day() {
            Some(d) if d > today => {
                errors.push((
                    col,
                    msg!("{label} {d} 在将来", "{label} {d} is in the future"),
                ));
                None
            }
            Some(d) => Some(d),
            None if cell.is_blank() => {
                errors.push((col, msg!("{label}为空", "{label} is empty")));
                None
            }
            None => {
                let shown = cell.display();
                errors.push((
                    col,
                    msg!(
                        "{label}“{shown}”不是日期(如 2017-04-22)",
                        "{label} '{shown}' is not a date (such as 2017-04-22)"
                    ),
                ));
                None
            }
        }
    };
    let start = day(START, "开始日期", errors);
    let end = day(END, "结束日期", errors);
    let form = text_field(get(FORM), FORM, "学分获取形式", TEXT_MAX, errors);
    let organizer = text_field(get(ORGANIZER), ORGANIZER, "主办单位", TEXT_MAX, errors);
    let year_cell = get(YEAR);
    let year = match year_cell.as_year() {
        Some(y) if (1990..=today.year()).contains(&y) => Some(y),
        Some(y) => {
            errors.push((
                YEAR,
                msg!("举办年度 {y} 不合理", "the year {y} is implausible"),
            ));
            None
        }
        None => {
            let shown = year_cell.display();
            errors.push((
                YEAR,
                if year_cell.is_blank() {
                    msg!("举办年度为空", "举办年度 is empty")
                } else {
                    msg!(
                        "举办年度“{shown}”不是年份(如 2017)",
                        "举办年度 '{shown}' is not a year (such as 2017)"
                    )
                },
            ));
            None
        }
    };
    if let (Some(s), Some(e)) = (start, end)
        && e < s
    {
        errors.push((
            END,
            msg!(
                "结束日期 {e} 早于开始日期 {s}",
                "the end date {e} is before the start date {s}"
            ),
        ));
    }
    if let Some(y) = year {
        for (col, label, d) in [(START, "开始日期", start), (END, "结束日期", end)] {
            if let Some(d) = d.filter(|d| d.year() != y) {
                errors.push((
                    col,
                    msg!(
                        "{label} {d} 不在举办年度 {y} 内",
                        "{label} {d} is not within the year {y}"
                    ),
                ));
            }
        }
    }
    // Two levels, from the platform's list (docs/domain.md#subjects).
    let subject = text_field(get(SUBJECT), SUBJECT, "学科分类", TEXT_MAX, errors).and_then(|s| {
        checks
            .subjects
            .check(&s)
            .map_err(|m| errors.push((SUBJECT, m)))
            .ok()
    });
    let image_cell = get(IMAGE);
    let image = if image_cell.is_blank() {
        None
    } else {
        let typed = image_cell.text();
        let path = match checks.folder {
            Some(folder) => crate::profile::photo::resolve(folder, &typed),
            None => Ok(std::path::PathBuf::from(typed.as_ref())),
        };
        match path {
            Err(m) => {
                errors.push((IMAGE, m));
                None
            }
            Ok(p) => match crate::profile::photo::problem(&p, &crate::rules::photo::ATTACHMENT) {
                Some(m) => {
                    errors.push((IMAGE, m));
                    None
                }
                None => Some(p.to_string_lossy().into_owned()),
            },
        }
    };
    let remark_cell = get(REMARK);
    let remark = if remark_cell.is_blank() {
        None
    } else {
        text_field(remark_cell, REMARK, "备注", 500, errors)
    };
    if !errors.is_empty() {
        return None;
    }
    Some(Fields {
        project_no: project_no?,
        project_name: project_name?,
        credits: credits?,
        kind: kind?,
        start: start?,
        end: end?,
        form: form?,
        organizer: organizer?,
        year: year?,
        subject: subject?,
        remark,
        image,
    })
}

/// A stored record as the rules see it: its fields, state and owner.
pub(crate) struct Stored {
    pub id: i64,
    pub id_number: String,
    pub created_change: i64,
    pub status: CreditStatus,
    pub fields: Fields,
}

impl Stored {
    /// What [`Stored::from_row`] reads, from `credit c`, its account `a`
    /// and project `p` ([`Stored::FROM`]).
    const COLUMNS: &'static str = "c.id, a.id_number, c.created_change, c.status, c.project_no,
            p.name, c.credits, c.kind, c.start_date, c.end_date, coalesce(p.form, ''),
            coalesce(p.organizer, ''), c.year, coalesce(p.subject, ''), c.remark, c.image";
    const FROM: &'static str = "FROM credit c JOIN account a ON a.id = c.account_id
         JOIN credit_project p ON p.id = c.project_id";

    /// A member's record of a project number.
    pub fn by_project(tx: &Connection, account: i64, project_no: &str) -> Result<Option<Stored>> {
        Ok(tx
            .prepare_cached(&format!(
                "SELECT {} {} WHERE c.account_id = ?1 AND c.project_no = ?2",
                Stored::COLUMNS,
                Stored::FROM
            ))?
            .query_row(params![account, project_no], Stored::from_row)
            .optional()?)
    }

    /// The record with this id.
    pub fn by_id(tx: &Connection, id: i64) -> Result<Option<Stored>> {
        Ok(tx
            .prepare_cached(&format!(
                "SELECT {} {} WHERE c.id = ?1",
                Stored::COLUMNS,
                Stored::FROM
            ))?
            .query_row([id], Stored::from_row)
            .optional()?)
    }

    fn from_row(r: &crate::db::sql::Row<'_>) -> crate::db::sql::Result<Stored> {
        let day = |i: usize| -> crate::db::sql::Result<NaiveDate> {
            Ok(crate::rules::date::parse_day(r.get_ref(i)?.as_str()?).unwrap_or_default())
        };
        let kind: String = r.get(7)?;
        Ok(Stored {
            id: r.get(0)?,
            id_number: r.get(1)?,
            created_change: r.get(2)?,
            status: r.get(3)?,
            fields: Fields {
                project_no: r.get(4)?,
                project_name: r.get(5)?,
                credits: r.get(6)?,
                kind: CreditType::from_label(&kind).unwrap_or(CreditType::Class2),
                start: day(8)?,
                end: day(9)?,
                form: r.get(10)?,
                organizer: r.get(11)?,
                year: r.get(12)?,
                subject: r.get(13)?,
                remark: r.get(14)?,
                image: r.get(15)?,
            },
        })
    }
}

/// Each field that differs between two versions of a record, as the
/// change log records it: (label, before, after).
pub fn field_changes(before: &Fields, after: &Fields) -> Vec<FieldChange> {
    let (b, a) = (before, after);
    let text = |o: &Option<String>| o.clone().unwrap_or_default();
    [
        ("项目编号", b.project_no.clone(), a.project_no.clone()),
        ("项目名称", b.project_name.clone(), a.project_name.clone()),
        (
            "学分",
            Credits(b.credits).to_string(),
            Credits(a.credits).to_string(),
        ),
        (
            "学分类型",
            b.kind.label().to_owned(),
            a.kind.label().to_owned(),
        ),
        ("开始日期", b.start.to_string(), a.start.to_string()),
        ("结束日期", b.end.to_string(), a.end.to_string()),
        ("学分获取形式", b.form.clone(), a.form.clone()),
        ("主办单位", b.organizer.clone(), a.organizer.clone()),
        ("举办年度", b.year.to_string(), a.year.to_string()),
        ("学科分类", b.subject.clone(), a.subject.clone()),
        ("备注", text(&b.remark), text(&a.remark)),
        ("上传图片", text(&b.image), text(&a.image)),
    ]
    .into_iter()
    .filter(|(_, b, a)| b != a)
    .collect()
}

/// Stores new fields of a 待审 record, logging each changed field with its
/// value before and after. Returns what changed.
pub(crate) fn store_fields(
    tx: &Connection,
    change: &Change,
    id: i64,
    id_number: &str,
    before: &Fields,
    after: &Fields,
) -> Result<Vec<FieldChange>> {
    let changes = field_changes(before, after);
    if changes.is_empty() {
        return Ok(changes);
    }
    let f = after;
    let project = project::id_of(tx, f)?;
    tx.prepare_cached(
        "UPDATE credit SET project_no = ?2, project_id = ?3, credits = ?4, kind = ?5,
             start_date = ?6, end_date = ?7, year = ?8, remark = ?9, image = ?10
         WHERE id = ?1",
    )?
    .execute(params![
        id,
        f.project_no,
        project,
        f.credits,
        f.kind.label(),
        Iso::of(f.start).as_str(),
        Iso::of(f.end).as_str(),
        f.year,
        f.remark,
        f.image
    ])?;
    let note = format!("#{id}");
    for (field, before, after) in &changes {
        change.log(
            tx,
            &Item {
                subject: id_number,
                entity: "credit",
                action: "update",
                field: Some(field),
                before: Some(before),
                after: Some(after),
                note: Some(&note),
            },
        )?;
    }
    Ok(changes)
}

/// A day as stored (`2017-04-22`), formatted without allocating: a
/// million-row import formats two per row.
pub(crate) struct Iso([u8; 10]);

impl Iso {
    pub(crate) fn of(d: NaiveDate) -> Iso {
        let mut b = *b"0000-00-00";
        let (y, m, day) = (d.year().clamp(0, 9999) as u32, d.month(), d.day());
        for (i, v) in [
            (0, y / 1000),
            (1, y / 100 % 10),
            (2, y / 10 % 10),
            (3, y % 10),
        ] {
            b[i] = b'0' + v as u8;
        }
        b[5] = b'0' + (m / 10) as u8;
        b[6] = b'0' + (m % 10) as u8;
        b[8] = b'0' + (day / 10) as u8;
        b[9] = b'0' + (day % 10) as u8;
        Iso(b)
    }

    pub(crate) fn as_str(&self) -> &str {
        std::str::from_utf8(&self.0).unwrap_or("")
    }
}

/// A credit record as listed (its `credit list` JSON: `id`, `project_no`, …).
#[derive(Debug, Clone, Serialize)]
pub struct CreditRecord {
    /// What `credit review`, `edit` and `delete` take.
    pub id: i64,
    pub id_number: String,
    pub name: String,
    pub project_no: String,
    pub project_name: String,
    pub credits: Credits,
    #[serde(rename = "type")]
    pub kind: String,
    pub start_date: String,
    pub end_date: String,
    pub year: i32,
    pub form: Option<String>,
    pub organizer: Option<String>,
    pub subject: Option<String>,
    pub remark: Option<String>,
    /// 上传图片: the path of its JPEG file.
    pub image: Option<String>,
    pub status: CreditStatus,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub review_reason: Option<String>,
}

pub(crate) const RECORD_SELECT: &str = "SELECT c.id, a.id_number, a.name, c.project_no, p.name,
        c.credits, c.kind, c.start_date, c.end_date, c.year, p.form, p.organizer, p.subject,
        c.remark, c.status, c.review_reason, c.image
     FROM credit c JOIN account a ON a.id = c.account_id
     JOIN credit_project p ON p.id = c.project_id";

pub(crate) fn record_from_row(r: &crate::db::sql::Row<'_>) -> crate::db::sql::Result<CreditRecord> {
    Ok(CreditRecord {
        id: r.get(0)?,
        id_number: r.get(1)?,
        name: r.get(2)?,
        project_no: r.get(3)?,
        project_name: r.get(4)?,
        credits: Credits(r.get(5)?),
        kind: r.get(6)?,
        start_date: r.get(7)?,
        end_date: r.get(8)?,
        year: r.get(9)?,
        form: r.get(10)?,
        organizer: r.get(11)?,
        subject: r.get(12)?,
        remark: r.get(13)?,
        status: r.get(14)?,
        review_reason: r.get(15)?,
        image: r.get(16)?,
    })
}

/// The account id of a member; a clear error for anyone else.
fn member_id(conn: &Connection, id_number: &str) -> Result<i64> {
    let found: Option<(i64, String)> = conn
        .query_row(
            "SELECT id, role FROM account WHERE id_number = ?1",
            [id_number],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .optional()?;
    match found {
        None => Err(no_account(id_number)),
        Some((id, role)) if role == Role::Member.key() => Ok(id),
        Some((_, role)) => {
            let role = Role::from_key(&role).map_or("?", Role::label);
            Err(Error::Usage(msg!(
                "{id_number} 是{role}账号,不是继教人员",
                "{id_number} is a {role} account, not a CME member"
            )))
        }
    }
}

/// A member's records, by year and date, optionally within years.
pub fn list(
    conn: &Connection,
    id_number: &str,
    from: Option<i32>,
    to: Option<i32>,
) -> Result<Vec<CreditRecord>> {
    let id_number = identifier(id_number);
    let account = member_id(conn, &id_number)?;
    let mut stmt = conn.prepare(&format!(
        "{RECORD_SELECT} WHERE c.account_id = ?1 AND (?2 IS NULL OR c.year >= ?2)
                          AND (?3 IS NULL OR c.year <= ?3)
         ORDER BY c.year, c.start_date, c.id"
    ))?;
    let rows = stmt.query_map(params![account, from, to], record_from_row)?;
    Ok(rows.collect::<crate::db::sql::Result<_>>()?)
}

fn get_record(conn: &Connection, id: i64) -> Result<Option<CreditRecord>> {
    // Prepared once: a review reads every record it decides on.
    Ok(conn
        .prepare_cached(&format!("{RECORD_SELECT} WHERE c.id = ?1"))?
        .query_row([id], record_from_row)
        .optional()?)
}

fn no_record(id: i64) -> Msg {
    msg!(
        "没有编号为 {id} 的学分记录",
        "no credit record with id {id}"
    )
}

fn not_pending(id: i64, status: CreditStatus, what: &Msg) -> Msg {
    let (zh, en) = (&what.zh, &what.en);
    msg!(
        "学分记录 {id} 已是“{status}”,只有待审的记录可以{zh}",
        "credit record {id} is {status}: only a 待审 record may be {en}"
    )
}

/// Which records to review: ids, or the records of a member or of an
/// organisation's members (optionally of one year) that the decision can
/// move: the 待审 ones, or for a reopening the reviewed ones.
#[derive(Debug, Clone, Default)]
pub struct Selection {
    pub ids: Vec<i64>,
    pub member: Option<String>,
    pub org: Option<String>,
    pub year: Option<i32>,
}

struct CreditReview;

impl Reviewable for CreditReview {
    type State = CreditStatus;
    type Extra = ();
    const ENTITY: &'static str = "credit";

    fn set(
        &self,
        tx: &Connection,
        change: &Change,
        subject: &Subject<CreditStatus>,
        to: CreditStatus,
        reason: Option<&str>,
    ) -> Result<()> {
        // A reopened record is 待审 again, as if never reviewed.
        let reviewed = (to != CreditStatus::Pending).then_some(change.id);
        tx.prepare_cached(
            "UPDATE credit SET status = ?2, review_reason = ?3, reviewed_change = ?4 WHERE id = ?1",
        )?
        .execute(params![subject.id, to, reason, reviewed])?;
        Ok(())
    }

    fn refuse(&self, subject: &Subject<CreditStatus>, to: CreditStatus) -> Msg {
        let Key::Record(id) = subject.key else {
            return subject.state.refuse_move(to);
        };
        not_pending(id, subject.state, &msg!("审核", "reviewed"))
    }
}

/// Reviews records: approves or rejects 待审 ones, or reopens reviewed ones
/// (back to 待审, for a review made by mistake). Each change is logged with
/// the reason.
pub fn review(
    conn: &mut Connection,
    sel: &Selection,
    decision: &Decision<CreditStatus>,
    who: &Who,
) -> Result<Decisions<CreditStatus>> {
    review::run(conn, who, &CreditReview, decision, |tx| {
        select(tx, sel, decision.to)
    })
}

fn select(
    tx: &Connection,
    sel: &Selection,
    to: CreditStatus,
) -> Result<Vec<Result<Subject<CreditStatus>, Refused>>> {
    let mut ids = sel.ids.clone();
    if sel.member.is_some() || sel.org.is_some() {
        let account = sel
            .member
            .as_deref()
            .map(|m| member_id(tx, &identifier(m)))
            .transpose()?;
        let org = match &sel.org {
            Some(code) => Some(crate::org::find_kind(tx, code, crate::org::OrgKind::Cme)?.id),
            None => None,
        };
        // The records the decision can move: those it can come from.
        let from: Vec<CreditStatus> = CreditStatus::ALL
            .iter()
            .copied()
            .filter(|s| s.can_become(to))
            .collect();
        let mut stmt = tx.prepare(&format!(
            "SELECT c.id FROM credit c JOIN account a ON a.id = c.account_id
             WHERE c.status IN ({}) AND (?1 IS NULL OR c.account_id = ?1)
               AND (?2 IS NULL OR a.org_id = ?2) AND (?3 IS NULL OR c.year = ?3)
             ORDER BY c.id",
            CreditStatus::sql_list(&from)
        ))?;
        let rows = stmt.query_map(params![account, org, sel.year], |r| r.get(0))?;
        for id in rows {
            ids.push(id?);
        }
    } else if ids.is_empty() {
        return Err(Error::Usage(msg!(
            "请给出学分记录编号,或用 --member / --org 选择待审记录",
            "give record ids, or choose pending records with --member or --org"
        )));
    }
    ids.sort_unstable();
    ids.dedup();
    let mut found = Vec::with_capacity(ids.len());
    for id in ids {
        found.push(match get_record(tx, id)? {
            None => Err(Refused {
                key: Key::Record(id),
                message: no_record(id),
            }),
            Some(rec) => Ok(Subject {
                key: Key::Record(id),
                id,
                note: Some(format!("#{id} {}", rec.project_no)),
                id_number: rec.id_number,
                name: rec.name,
                state: rec.status,
                extra: (),
            }),
        });
    }
    Ok(found)
}

/// A record a command could not apply to.
#[derive(Debug, Clone, Serialize)]
pub struct RecordError {
    pub id: i64,
    #[serde(skip)]
    pub message: Msg,
}

/// Deletes 待审 records; others are refused, one message each.
pub fn delete(
    conn: &mut Connection,
    ids: &[i64],
    who: &Who,
) -> Result<(Vec<CreditRecord>, Vec<RecordError>)> {
    let tx = crate::db::write(conn)?;
    let change = Change::begin(&tx, who)?;
    let mut deleted = Vec::new();
    let mut errors = Vec::new();
    let mut ids = ids.to_vec();
    ids.dedup();
    for id in ids {
        let message = match get_record(&tx, id)? {
            None => Some(no_record(id)),
            Some(rec) if rec.status != CreditStatus::Pending => {
                Some(not_pending(id, rec.status, &msg!("删除", "deleted")))
            }
            Some(rec) => {
                tx.execute("DELETE FROM credit WHERE id = ?1", [id])?;
                let before = format!(
                    "#{id} {} {} {} {} {}–{}",
                    rec.project_no,
                    rec.project_name,
                    rec.credits,
                    rec.kind,
                    rec.start_date,
                    rec.end_date
                );
                change.log(
                    &tx,
                    &Item {
                        subject: &rec.id_number,
                        entity: "credit",
                        action: "delete",
                        before: Some(&before),
                        ..Item::default()
                    },
                )?;
                deleted.push(rec);
                None
            }
        };
        if let Some(message) = message {
            errors.push(RecordError { id, message });
        }
    }
    if !deleted.is_empty() {
        tx.commit()?;
    }
    Ok((deleted, errors))
}

/// New values for a record's fields (`credit edit`); `None` keeps a field.
#[derive(Debug, Clone, Default)]
pub struct Edit {
    pub project_no: Option<String>,
    pub project_name: Option<String>,
    pub credits: Option<String>,
    pub kind: Option<String>,
    pub start: Option<String>,
    pub end: Option<String>,
    pub form: Option<String>,
    pub organizer: Option<String>,
    pub year: Option<String>,
    pub subject: Option<String>,
    pub remark: Option<String>,
    /// 上传图片: a JPEG file's path.
    pub image: Option<String>,
}

/// A field changed by an edit: (label, before, after).
pub type FieldChange = (&'static str, String, String);

/// Changes a 待审 record. The new values are checked by the same rules as
/// an import; every changed field is logged with its value before and after.
/// A record that is not 待审 is refused: the inner `Err`, a data problem
/// rather than a usage error.
pub fn edit(
    conn: &mut Connection,
    id: i64,
    e: &Edit,
    today: NaiveDate,
    who: &Who,
) -> Result<std::result::Result<(CreditRecord, Vec<FieldChange>), Msg>> {
    let tx = crate::db::write(conn)?;
    let rec = get_record(&tx, id)?.ok_or_else(|| Error::Usage(no_record(id)))?;
    if rec.status != CreditStatus::Pending {
        return Ok(Err(not_pending(id, rec.status, &msg!("修改", "changed"))));
    }
    let pick = |new: &Option<String>, old: String| Cell::Text(new.clone().unwrap_or(old));
    let opt = |o: &Option<String>| o.clone().unwrap_or_default();
    let mut cells = vec![Cell::Empty; IMAGE + 1];
    cells[PROJECT_NO] = pick(&e.project_no, rec.project_no.clone());
    cells[PROJECT_NAME] = pick(&e.project_name, rec.project_name.clone());
    cells[CREDITS] = pick(&e.credits, rec.credits.to_string());
    cells[TYPE] = pick(&e.kind, rec.kind.clone());
    cells[START] = pick(&e.start, rec.start_date.clone());
    cells[END] = pick(&e.end, rec.end_date.clone());
    cells[FORM] = pick(&e.form, opt(&rec.form));
    cells[ORGANIZER] = pick(&e.organizer, opt(&rec.organizer));
    cells[YEAR] = pick(&e.year, rec.year.to_string());
    cells[SUBJECT] = pick(&e.subject, opt(&rec.subject));
    cells[REMARK] = pick(&e.remark, opt(&rec.remark));
    cells[IMAGE] = pick(&e.image, opt(&rec.image));
    let mut errors = Vec::new();
    let get = |c: usize| &cells[c];
    let subjects = crate::codes::subjects(&tx)?;
    let checks = FieldChecks {
        subjects: &subjects,
        folder: None,
    };
    let Some(f) = check_fields(&get, &checks, today, &mut errors) else {
        let mut m = errors[0].1.clone();
        for (_, next) in &errors[1..] {
            m = m.join(next);
        }
        return Err(Error::Usage(m));
    };
    if f.project_no != rec.project_no {
        let taken: Option<i64> = tx
            .query_row(
                "SELECT c.id FROM credit c WHERE c.project_no = ?2
                 AND c.account_id = (SELECT account_id FROM credit WHERE id = ?1)",
                params![id, f.project_no],
                |r| r.get(0),
            )
            .optional()?;
        if let Some(other) = taken {
            let no = &f.project_no;
            return Err(Error::Usage(msg!(
                "该人员已有项目编号 {no} 的学分记录(编号 {other})",
                "this member already has a record for project {no} (id {other})"
            )));
        }
    }
    let stored = Stored::by_id(&tx, id)?.ok_or_else(|| Error::Usage(no_record(id)))?;
    if field_changes(&stored.fields, &f).is_empty() {
        return Ok(Ok((rec, Vec::new())));
    }
    let change = Change::begin(&tx, who)?;
    let changes = store_fields(&tx, &change, id, &rec.id_number, &stored.fields, &f)?;
    let updated = get_record(&tx, id)?.ok_or_else(|| Error::Usage(no_record(id)))?;
    tx.commit()?;
    Ok(Ok((updated, changes)))
}
