//! `account delete`: removing an account imported by mistake — a person who
//! does not train at the base, or a wrong ID number
//! (docs/domain.md#deleting-an-account). The ID number of an account never
//! changes, so a wrong one is deleted and imported again.
//!
//! Deletion is for mistakes, not for people who leave (退培 is): it is
//! refused once a record has gone to the province, or its year is locked.
//! The change log keeps what was deleted, by ID number.

use crate::db::sql::{Connection, OptionalExtension, params};
use chrono::NaiveDate;

use super::no_account_msg;
use crate::collection::Locks;
use crate::error::Result;
use crate::history::{Change, Item, Who};
use crate::i18n::Msg;
use crate::msg;
use crate::rules::text::identifier;
use crate::training::{ReportStatus, ReviewStatus, Scope};

/// A person whose account could not be deleted, with why.
#[derive(Debug, Clone)]
pub struct Kept {
    pub id_number: String,
    pub message: Msg,
}

/// What a deletion did.
#[derive(Debug, Clone, Default)]
pub struct DeleteReport {
    /// ID number and name of each deleted account.
    pub deleted: Vec<(String, String)>,
    pub kept: Vec<Kept>,
}

/// Tables holding a person's data, by account, deleted with the account.
/// Every table that refers to `account(id)` must be listed here (a test
/// checks it against the schema).
pub const PERSONAL_TABLES: &[&str] = &[
    "training",
    "member_standard",
    "credit",
    "profile_basic",
    "profile_education",
    "profile_certificate",
    "profile_work",
    "profile_return",
    "certificate",
    "teacher",
    "teacher_event",
    "teacher_appointment",
    "teacher_application",
    "rotation",
    "archive",
    "archive_change",
    "recruit_application",
];

/// Who deletes: the organisation `org` acting for its own accounts — a
/// base for its residents and teachers, a CME institution for its members
/// — or, without one, the province.
pub fn scope(conn: &Connection, org: Option<&str>) -> Result<Scope> {
    Ok(match org {
        Some(code) => Scope::Base(crate::org::find(conn, code)?),
        None => Scope::Province,
    })
}

/// Deletes accounts, with everything recorded about them, after checking
/// that each was a mistake that can still be undone.
pub fn delete(
    conn: &mut Connection,
    scope: &Scope,
    ids: &[String],
    reason: Option<&str>,
    today: NaiveDate,
    who: &Who,
) -> Result<DeleteReport> {
    let tx = crate::db::write(conn)?;
    let locks = Locks::load(&tx, today)?;
    let change = Change::begin(&tx, who)?;
    let mut report = DeleteReport::default();
    for raw in ids {
        let id_number = identifier(raw);
        match check(&tx, scope, &locks, &id_number)? {
            Err(message) => report.kept.push(Kept { id_number, message }),
            Ok((account_id, name, org)) => {
                // A teacher deleted by mistake leaves the rotations they
                // were assigned to without a teacher, to be assigned again.
                tx.execute(
                    "UPDATE rotation SET teacher_id = NULL, assigned_change = NULL
                     WHERE teacher_id = ?1",
                    [account_id],
                )?;
                for table in PERSONAL_TABLES {
                    tx.execute(
                        &format!("DELETE FROM {table} WHERE account_id = ?1"),
                        [account_id],
                    )?;
                }
                tx.execute("DELETE FROM account WHERE id = ?1", [account_id])?;
                change.log(
                    &tx,
                    &Item {
                        subject: &id_number,
                        entity: "account",
                        action: "delete",
                        before: Some(&format!("{name} {org}")),
                        note: reason,
                        ..Item::default()
                    },
                )?;
                report.deleted.push((id_number, name));
            }
        }
    }
    if !report.deleted.is_empty() {
        tx.commit()?;
    }
    Ok(report)
}

/// The account to delete (id, name, org code), or why it must stay.
fn check(
    tx: &Connection,
    scope: &Scope,
    locks: &Locks,
    id_number: &str,
) -> Result<Result<(i64, String, String), Msg>> {
    let found: Option<(i64, String, i64, String)> = tx
        .query_row(
            "SELECT a.id, a.name, coalesce(a.org_id, 0), coalesce(o.code, '')
             FROM account a LEFT JOIN org o ON o.id = a.org_id WHERE a.id_number = ?1",
            [id_number],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)),
        )
        .optional()?;
    let Some((account_id, name, org_id, org)) = found else {
        return Ok(Err(no_account_msg(id_number)));
    };
    if let Scope::Base(base) = scope
        && base.id != org_id
    {
        let code = &base.code;
        return Ok(Err(msg!(
            "该账号属于机构 {org},不在 {code} 的范围内",
            "the account belongs to {org}, outside {code}"
        )));
    }
    let elsewhere: Option<String> = tx
        .query_row(
            "SELECT o.code FROM training t JOIN org o ON o.id = t.org_id
             WHERE t.account_id = ?1 AND t.org_id <> ?2 LIMIT 1",
            params![account_id, org_id],
            |r| r.get(0),
        )
        .optional()?;
    if let Some(other) = elsewhere {
        return Ok(Err(msg!(
            "此人在 {other} 也有培训记录,不能删除;离开本基地请将培训状态改为退培",
            "this person also has a training record at {other} and cannot be deleted; one who leaves is set to 退培"
        )));
    }
    let reviewed_credits: i64 = tx.query_row(
        "SELECT count(*) FROM credit WHERE account_id = ?1 AND status <> ?2",
        params![account_id, crate::state::credit::CreditStatus::Pending],
        |r| r.get(0),
    )?;
    if reviewed_credits > 0 {
        return Ok(Err(msg!(
            "此人有 {reviewed_credits} 条已审核的学分记录,不能删除",
            "this person has {reviewed_credits} reviewed credit records and cannot be deleted"
        )));
    }
    let mut stmt = tx.prepare(
        "SELECT recruit_year, report_status, review_status FROM training WHERE account_id = ?1",
    )?;
    let records: Vec<(i32, ReportStatus, Option<ReviewStatus>)> = stmt
        .query_map([account_id], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?
        .collect::<crate::db::sql::Result<_>>()?;
    for (year, report, review) in records {
        if report == ReportStatus::Submitted || review.is_some() {
            return Ok(Err(msg!(
                "此人的培训记录已上报省级,不能删除",
                "this person's record has been submitted to the province and cannot be deleted"
            )));
        }
        if let Some(lock) = locks.of_year(year) {
            return Ok(Err(lock.msg()));
        }
    }
    Ok(Ok((account_id, name, org)))
}
