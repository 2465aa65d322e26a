//! `credit delete`: removing 待审 records, each logged.

use serde::Serialize;

use super::CreditStatus;
use super::list::{CreditRecord, get_record, no_record, not_pending};
use crate::db::sql::Connection;
use crate::error::Result;
use crate::history::{Change, Item, Who};
use crate::i18n::Msg;
use crate::msg;

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
