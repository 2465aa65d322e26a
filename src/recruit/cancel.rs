//! `recruit cancel`: the applicant's 取消报名 — only while the batch's
//! window is open, and never once the application is approved. A cancelled
//! application may be made again while the window is open, and not after.

use crate::db::sql::{Connection, OptionalExtension};

use super::batch::{self, Batch};
use super::review::{Applications, of_person};
use super::{ApplicationState, Now};
use crate::error::Result;
use crate::history::Who;
use crate::msg;
use crate::rules::text::identifier;
use crate::state::review::{self, Decision, Decisions, Key, Refused, Subject};

/// Cancels a person's application: in the batch named, else their latest.
pub fn cancel(
    conn: &mut Connection,
    id_number: &str,
    batch: Option<&str>,
    now: Now,
    who: &Who,
) -> Result<Decisions<ApplicationState>> {
    let id_number = identifier(id_number);
    let named = match batch {
        Some(raw) => Some(batch::resolve(conn, Some(raw), now)?),
        None => None,
    };
    let decision = Decision::new(ApplicationState::Cancelled, "cancel", None)?;
    review::run(conn, who, &Applications, &decision, |tx| {
        Ok(vec![select(tx, &id_number, named.as_ref(), now)?])
    })
}

fn select(
    tx: &Connection,
    id_number: &str,
    named: Option<&Batch>,
    now: Now,
) -> Result<std::result::Result<Subject<ApplicationState>, Refused>> {
    let key = Key::Person(id_number.to_owned());
    let refuse = |message| {
        Ok(Err(Refused {
            key: key.clone(),
            message,
        }))
    };
    let batch = match named {
        Some(b) => b.clone(),
        None => {
            let latest: Option<i64> = tx
                .query_row(
                    "SELECT p.batch_id FROM recruit_application p
                     JOIN account a ON a.id = p.account_id JOIN recruit_batch b ON b.id = p.batch_id
                     WHERE a.id_number = ?1 ORDER BY b.opens DESC LIMIT 1",
                    [id_number],
                    |r| r.get(0),
                )
                .optional()?;
            match latest {
                Some(id) => batch::by_id(tx, id)?,
                None if crate::account::find(tx, id_number)?.is_none() => {
                    return refuse(crate::account::no_account_msg(id_number));
                }
                None => {
                    return refuse(msg!(
                        "{id_number} 没有报名",
                        "{id_number} has no application"
                    ));
                }
            }
        }
    };
    let found = match of_person(tx, id_number, &batch)? {
        Ok(f) => f,
        Err(m) => return refuse(m),
    };
    let at = now.text();
    // Already cancelled: nothing to do, whenever it is asked. Otherwise the
    // moves decide (an approved application cannot be cancelled), and then
    // the window.
    if found.state != ApplicationState::Cancelled
        && found.state.can_become(ApplicationState::Cancelled)
        && !batch.is_open_at(&at)
    {
        let why = batch.outside(&at);
        let (zh, en) = (&why.zh, &why.en);
        return refuse(msg!(
            "只能在报名时间内取消报名:{zh}",
            "an application can be cancelled only while the window is open: {en}"
        ));
    }
    let what = format!("{} {} {}", batch.label(), found.org_code, found.specialty);
    Ok(Ok(Subject {
        key,
        id: found.id,
        id_number: found.id_number,
        name: found.name,
        state: found.state,
        note: Some(what),
        extra: (),
    }))
}
