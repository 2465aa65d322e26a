//! `profile return`: the base sends personal information back to the
//! resident with a reason (退回修改, the base's 审核意见;
//! docs/domain.md#profile-returns).

use crate::db::sql::{Connection, OptionalExtension, params};
use serde::Serialize;

use crate::account::no_account;
use crate::error::{Error, Result};
use crate::history::{Change, Item, Who, now};
use crate::msg;
use crate::rules::text::{identifier, normalize};

/// A return, as `profile show` lists it.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct Return {
    pub at: String,
    pub actor: String,
    pub reason: String,
    /// Whether the profile has changed since: the resident has answered.
    pub answered: bool,
}

/// Longest reason accepted, in characters.
pub const REASON_MAX_CHARS: usize = 500;

/// Returns a resident's personal information with a reason.
pub fn return_profile(
    conn: &mut Connection,
    id_number: &str,
    reason: &str,
    who: &Who,
) -> Result<Return> {
    let id_number = identifier(id_number);
    let reason = normalize(reason).into_owned();
    if reason.is_empty() {
        return Err(Error::Usage(msg!(
            "退回须写明原因(--reason)",
            "a return needs a reason (--reason)"
        )));
    }
    let len = reason.chars().count();
    if len > REASON_MAX_CHARS {
        return Err(Error::Usage(msg!(
            "退回原因过长({len} 个字符,最多 {REASON_MAX_CHARS})",
            "the reason is too long ({len} characters, at most {REASON_MAX_CHARS})"
        )));
    }
    let tx = crate::db::write(conn)?;
    let account: Option<(i64, String)> = tx
        .query_row(
            "SELECT id, role FROM account WHERE id_number = ?1",
            [&id_number],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .optional()?;
    let Some((account_id, role)) = account else {
        return Err(no_account(&id_number));
    };
    if role != "resident" {
        return Err(Error::Usage(msg!(
            "{id_number} 不是住院医师账号;只有住院医师的个人信息可以退回",
            "{id_number} is not a resident's account; only residents' profiles can be returned"
        )));
    }
    let change = Change::begin(&tx, who)?;
    tx.execute(
        "INSERT INTO profile_return (account_id, reason, change_id) VALUES (?1, ?2, ?3)",
        params![account_id, reason, change.id],
    )?;
    change.log(
        &tx,
        &Item {
            subject: &id_number,
            entity: "profile",
            action: "return",
            note: Some(&reason),
            ..Item::default()
        },
    )?;
    tx.commit()?;
    Ok(Return {
        at: now(),
        actor: who.actor.clone(),
        reason,
        answered: false,
    })
}

/// The returns of a resident's profile, oldest first.
pub fn of_person(conn: &Connection, id_number: &str) -> Result<Vec<Return>> {
    let mut stmt = conn.prepare(&format!(
        "SELECT s.at, {who}, r.reason,
                EXISTS (SELECT 1 FROM change_item i
                        WHERE i.subject = a.id_number AND i.entity LIKE 'profile%'
                          AND i.action <> 'return' AND i.change_id > r.change_id)
         FROM profile_return r JOIN account a ON a.id = r.account_id
         JOIN change_set s ON s.id = r.change_id
         WHERE a.id_number = ?1 ORDER BY r.id",
        who = crate::history::who_sql("s")
    ))?;
    let rows = stmt.query_map([id_number], |r| {
        Ok(Return {
            at: r.get(0)?,
            actor: r.get(1)?,
            reason: r.get(2)?,
            answered: r.get(3)?,
        })
    })?;
    Ok(rows.collect::<crate::db::sql::Result<_>>()?)
}
