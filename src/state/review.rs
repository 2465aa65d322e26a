//! The one review routine: a reviewer moves records of some kind (a
//! member's registration, a credit record, …) to a decided state, each
//! move checked against the state's allowed moves, logged with its reason,
//! and written in one transaction that is committed only when something
//! changed.
//!
//! A module supplies what differs: how to find the records a reviewer
//! named (its own scope rules and messages) and how to store the new
//! state ([`Reviewable`]). Everything else — the reason rule, the loop, the
//! log, the report — is here once.

use crate::db::sql::Connection;
use serde::Serialize;

use super::State;
use crate::error::{Error, Result};
use crate::history::{Change, Item, Who};
use crate::i18n::Msg;
use crate::msg;
use crate::rules::text::normalize;

/// What a reviewer names a record by.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub enum Key {
    /// A person's record, by ID number (a registration).
    #[serde(rename = "id_number")]
    Person(String),
    /// A record by its id (a credit record).
    #[serde(rename = "id")]
    Record(i64),
}

impl std::fmt::Display for Key {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Key::Person(n) => f.write_str(n),
            Key::Record(id) => write!(f, "#{id}"),
        }
    }
}

/// One record under review, as the reviewing module found it, with what
/// the module wants back about it (`extra`).
#[derive(Debug, Clone)]
pub struct Subject<S, X = ()> {
    /// What the reviewer named it by.
    pub key: Key,
    /// The database row to update.
    pub id: i64,
    /// The person it belongs to: the subject of the change log.
    pub id_number: String,
    pub name: String,
    pub state: S,
    /// Noted in the change log beside the reason (e.g. `#12 P001`).
    pub note: Option<String>,
    pub extra: X,
}

/// A record the reviewer named that the review cannot apply to.
#[derive(Debug, Clone)]
pub struct Refused {
    pub key: Key,
    pub message: Msg,
}

/// What a module tells the routine about its kind of record.
pub trait Reviewable {
    type State: State;
    /// What the module carries from selection to its report.
    type Extra;
    /// The change log's entity (`account`, `credit`, …).
    const ENTITY: &'static str;

    /// Stores the new state of one record (and whatever goes with it, such
    /// as the reason or the change that reviewed it).
    fn set(
        &self,
        tx: &Connection,
        change: &Change,
        subject: &Subject<Self::State, Self::Extra>,
        to: Self::State,
        reason: Option<&str>,
    ) -> Result<()>;

    /// Why a record cannot move to `to`; by default the state's own words.
    fn refuse(&self, subject: &Subject<Self::State, Self::Extra>, to: Self::State) -> Msg {
        subject.state.refuse_move(to)
    }
}

/// One record the review reached.
#[derive(Debug, Clone)]
pub struct Decided<S, X = ()> {
    pub key: Key,
    pub id_number: String,
    pub name: String,
    pub before: S,
    pub after: S,
    /// False when the record was already in the state asked for.
    pub changed: bool,
    pub extra: X,
}

/// `{"id": 7, "id_number": …}` for a record, `{"id_number": …}` for a
/// person: the key under its own name, the person's ID number once.
impl<S: Serialize, X> Serialize for Decided<S, X> {
    fn serialize<Z: serde::Serializer>(&self, s: Z) -> std::result::Result<Z::Ok, Z::Error> {
        use serde::ser::SerializeMap;
        let mut m = s.serialize_map(None)?;
        if let Key::Record(id) = self.key {
            m.serialize_entry("id", &id)?;
        }
        m.serialize_entry("id_number", &self.id_number)?;
        m.serialize_entry("name", &self.name)?;
        m.serialize_entry("before", &self.before)?;
        m.serialize_entry("after", &self.after)?;
        m.serialize_entry("changed", &self.changed)?;
        m.end()
    }
}

/// What a review did.
#[derive(Debug, Clone)]
pub struct Decisions<S, X = ()> {
    pub decided: Vec<Decided<S, X>>,
    pub refused: Vec<Refused>,
    /// Whether the changes were committed.
    pub written: bool,
}

impl<S, X> Decisions<S, X> {
    pub fn changed(&self) -> usize {
        self.decided.iter().filter(|d| d.changed).count()
    }
}

/// A review's decision: the state to move to, the change log's action, and
/// the reason the reviewer gave.
#[derive(Debug, Clone)]
pub struct Decision<S> {
    pub to: S,
    /// The change log's action (`approve`, `reject`, `reopen`, …).
    pub action: &'static str,
    pub reason: Option<String>,
}

impl<S: State> Decision<S> {
    /// A decision, refused at once when its state needs a reason and none
    /// was given: the person who has to correct something reads it.
    pub fn new(to: S, action: &'static str, reason: Option<&str>) -> Result<Decision<S>> {
        let reason = reason
            .map(|r| normalize(r).trim().to_owned())
            .filter(|r| !r.is_empty());
        if to.needs_reason() && reason.is_none() {
            let state = to.label();
            return Err(Error::Usage(msg!(
                "改为“{state}”须用 --reason 说明原因",
                "moving to {state} needs a --reason"
            )));
        }
        Ok(Decision { to, action, reason })
    }
}

/// Runs a review: `select` finds the records in the write transaction
/// (each one, or why it cannot be reviewed), then each allowed move is
/// stored and logged. Commits only when something changed.
pub fn run<R: Reviewable>(
    conn: &mut Connection,
    who: &Who,
    kind: &R,
    decision: &Decision<R::State>,
    select: impl FnOnce(&Connection) -> Result<Vec<Result<Subject<R::State, R::Extra>, Refused>>>,
) -> Result<Decisions<R::State, R::Extra>> {
    let tx = crate::db::write(conn)?;
    let found = select(&tx)?;
    let change = Change::begin(&tx, who)?;
    let mut out = Decisions {
        decided: Vec::new(),
        refused: Vec::new(),
        written: false,
    };
    let to = decision.to;
    for subject in found {
        let subject = match subject {
            Ok(s) => s,
            Err(r) => {
                out.refused.push(r);
                continue;
            }
        };
        let changed = subject.state != to;
        if changed && !subject.state.can_become(to) {
            out.refused.push(Refused {
                message: kind.refuse(&subject, to),
                key: subject.key,
            });
            continue;
        }
        if changed {
            kind.set(&tx, &change, &subject, to, decision.reason.as_deref())?;
            let note = match (&subject.note, &decision.reason) {
                (Some(n), Some(r)) => Some(format!("{n}: {r}")),
                (Some(n), None) => Some(n.clone()),
                (None, r) => r.clone(),
            };
            change.log(
                &tx,
                &Item {
                    subject: &subject.id_number,
                    entity: R::ENTITY,
                    action: decision.action,
                    field: Some(R::State::FIELD),
                    before: Some(subject.state.label()),
                    after: Some(to.label()),
                    note: note.as_deref(),
                },
            )?;
        }
        out.decided.push(Decided {
            key: subject.key,
            id_number: subject.id_number,
            name: subject.name,
            before: subject.state,
            after: to,
            changed,
            extra: subject.extra,
        });
    }
    if out.changed() > 0 {
        tx.commit()?;
        out.written = true;
    }
    Ok(out)
}
