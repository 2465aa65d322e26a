//! Credit records as listed (`credit list`), and reading one by id for
//! the commands that change it.

use serde::Serialize;

use super::CreditStatus;
use crate::account::{Role, no_account};
use crate::db::sql::{Connection, OptionalExtension, params};
use crate::error::{Error, Result};
use crate::i18n::Msg;
use crate::msg;
use crate::rules::credit::Credits;
use crate::rules::text::identifier;

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
pub(super) fn member_id(conn: &Connection, id_number: &str) -> Result<i64> {
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

pub(super) fn get_record(conn: &Connection, id: i64) -> Result<Option<CreditRecord>> {
    // Prepared once: a review reads every record it decides on.
    Ok(conn
        .prepare_cached(&format!("{RECORD_SELECT} WHERE c.id = ?1"))?
        .query_row([id], record_from_row)
        .optional()?)
}

pub(super) fn no_record(id: i64) -> Msg {
    msg!(
        "没有编号为 {id} 的学分记录",
        "no credit record with id {id}"
    )
}

pub(super) fn not_pending(id: i64, status: CreditStatus, what: &Msg) -> Msg {
    let (zh, en) = (&what.zh, &what.en);
    msg!(
        "学分记录 {id} 已是“{status}”,只有待审的记录可以{zh}",
        "credit record {id} is {status}: only a 待审 record may be {en}"
    )
}
