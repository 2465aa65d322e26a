//! The change log: every command that changes data opens a change set
//! (actor, time, command line) and records what it did, field by field.

use crate::db::sql::{Connection, OptionalExtension, params};
use crate::db::staging::{Kind, Rows, Staging};
use serde::Serialize;

use crate::error::Result;

/// Who is acting, and with which command line.
#[derive(Debug, Clone)]
pub struct Who {
    /// Who: on a server the connected database user, with what `--actor`
    /// said in parentheses.
    pub actor: String,
    pub command: String,
}

impl Who {
    /// For tests and library callers.
    pub fn new(actor: impl Into<String>, command: impl Into<String>) -> Who {
        Who {
            actor: actor.into(),
            command: command.into(),
        }
    }
}

/// Who made a change, as every view of the log names them: the change
/// set's actor (on a server the connected database user), with what
/// `--actor` said beside it in parentheses. `alias` is the query's name
/// for the `change_set` row.
pub fn who_sql(alias: &str) -> String {
    format!("{alias}.actor || coalesce(' (' || {alias}.note || ')', '')")
}

/// The current time as stored: RFC 3339 with the local offset, to the second.
pub fn now() -> String {
    chrono::Local::now().to_rfc3339_opts(chrono::SecondsFormat::Secs, false)
}

/// One change to one subject.
#[derive(Debug, Clone, Default)]
pub struct Item<'a> {
    /// The ID number of the person, or the code of the organisation.
    pub subject: &'a str,
    pub entity: &'a str,
    pub action: &'a str,
    pub field: Option<&'a str>,
    pub before: Option<&'a str>,
    pub after: Option<&'a str>,
    pub note: Option<&'a str>,
}

/// An open change set.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Change {
    pub id: i64,
}

impl Change {
    /// Records that `who` is changing data now. Call inside the
    /// transaction that makes the changes, so a rolled-back command leaves
    /// no trace.
    /// Opens a change set. On a server the actor is the connected
    /// database user (the server sets it, whatever is written) and what
    /// `who` says of the operator is kept as a note beside it.
    pub fn begin(conn: &Connection, who: &Who) -> Result<Change> {
        if let Some(user) = crate::db::features::session_user(conn) {
            conn.execute(
                &format!(
                    "INSERT INTO change_set (at, actor, command, note)
                     VALUES (?1, {user}, ?3, ?2)"
                ),
                params![now(), who.actor, who.command],
            )?;
        } else {
            conn.execute(
                "INSERT INTO change_set (at, actor, command) VALUES (?1, ?2, ?3)",
                params![now(), who.actor, who.command],
            )?;
        }
        Ok(Change {
            id: conn.last_insert_rowid(),
        })
    }

    pub fn log(&self, conn: &Connection, item: &Item<'_>) -> Result<()> {
        conn.prepare_cached(
            "INSERT INTO change_item (change_id, subject, entity, action, field, before, after, note)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
        )?
        .execute(params![
            self.id,
            item.subject,
            item.entity,
            item.action,
            item.field,
            item.before,
            item.after,
            item.note
        ])?;
        Ok(())
    }

    /// Records a field's change from `before` to `after`, if it changed.
    pub fn log_field(
        &self,
        conn: &Connection,
        subject: &str,
        entity: &str,
        field: &str,
        before: Option<&str>,
        after: Option<&str>,
    ) -> Result<bool> {
        Direct { conn, change: self }.log_field(subject, entity, field, before, after)
    }
}

/// Where change items go: straight into the change log ([`Direct`]), or
/// gathered to be written together by a batch writer ([`Gathered`]). Code
/// that decides what to log writes to a `Log`, so both paths log the same.
pub trait Log {
    fn log(&mut self, item: &Item<'_>) -> Result<()>;

    /// Records a field's change from `before` to `after`, if it changed;
    /// says whether it did.
    fn log_field(
        &mut self,
        subject: &str,
        entity: &str,
        field: &str,
        before: Option<&str>,
        after: Option<&str>,
    ) -> Result<bool> {
        if before == after {
            return Ok(false);
        }
        self.log(&Item {
            subject,
            entity,
            action: "update",
            field: Some(field),
            before,
            after,
            note: None,
        })?;
        Ok(true)
    }
}

/// The change log of `change`, written item by item.
pub struct Direct<'c> {
    pub conn: &'c Connection,
    pub change: &'c Change,
}

impl Log for Direct<'_> {
    fn log(&mut self, item: &Item<'_>) -> Result<()> {
        self.change.log(self.conn, item)
    }
}

/// Change items gathered in order and written together: staged, then
/// copied into the change log in one `INSERT … SELECT` in the order they
/// were gathered (so their ids follow that order, as if each had been
/// written on its own).
#[derive(Debug, Default)]
pub struct Gathered {
    rows: Rows,
    /// The group of the items logged next.
    group: i64,
}

/// The staging table of gathered change items.
static GATHERED: Staging = Staging::new(
    "change_item_stage",
    &[
        ("grp", Kind::Int),
        ("n", Kind::Int),
        ("subject", Kind::Text),
        ("entity", Kind::Text),
        ("action", Kind::Text),
        ("field", Kind::Text),
        ("before", Kind::Text),
        ("after", Kind::Text),
        ("note", Kind::Text),
    ],
);

impl Log for Gathered {
    fn log(&mut self, item: &Item<'_>) -> Result<()> {
        let n = self.rows.len() as i64;
        self.rows
            .int(Some(self.group))
            .int(Some(n))
            .text(Some(item.subject))
            .text(Some(item.entity))
            .text(Some(item.action))
            .text(item.field)
            .text(item.before)
            .text(item.after)
            .text(item.note);
        self.rows.end_row();
        Ok(())
    }
}

impl Gathered {
    /// Items logged from now on are written after those gathered so far
    /// for `group` and before those of any later group: a writer that
    /// learns late of an item about an earlier row puts it in its place.
    pub fn group(&mut self, group: i64) {
        self.group = group;
    }

    pub fn is_empty(&self) -> bool {
        self.rows.is_empty()
    }

    /// Writes the items gathered into the change log of `change`, and
    /// starts afresh.
    pub fn write(&mut self, conn: &Connection, change: &Change) -> Result<()> {
        if self.rows.is_empty() {
            return Ok(());
        }
        GATHERED.fill(conn, &self.rows)?;
        conn.prepare_cached(
            "INSERT INTO change_item (change_id, subject, entity, action, field, before, after, note)
             SELECT ?1, subject, entity, action, field, before, after, note
             FROM change_item_stage ORDER BY grp, n",
        )?
        .execute([change.id])?;
        self.rows.clear();
        self.group = 0;
        Ok(())
    }
}

/// One line of a subject's history.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct Event {
    pub change: i64,
    pub at: String,
    /// Who: on a server the connected database user, with what `--actor`
    /// said in parentheses.
    pub actor: String,
    pub command: String,
    pub entity: String,
    pub action: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub field: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub before: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub after: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

/// Everything recorded about a person, oldest first: the creation of the
/// account and of each training record, and every logged item.
pub fn of_person(conn: &Connection, id_number: &str) -> Result<Vec<Event>> {
    let mut events = Vec::new();
    let created: Option<(i64, String)> = conn
        .query_row(
            "SELECT a.created_change, coalesce(o.code, '')
             FROM account a LEFT JOIN org o ON o.id = a.org_id WHERE a.id_number = ?1",
            [id_number],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .optional()?;
    let mut stmt = conn.prepare(&format!(
        "SELECT s.id, s.at, {who}, s.command, ?2, 'create', NULL, NULL, ?3, NULL, 0
         FROM change_set s WHERE s.id = ?1
         UNION ALL
         SELECT s.id, s.at, {who}, s.command, 'training', 'create', NULL, NULL,
                o.code || ' ' || t.recruit_year, NULL, 1
         FROM training t JOIN account a ON a.id = t.account_id JOIN org o ON o.id = t.org_id
         JOIN change_set s ON s.id = t.created_change
         WHERE a.id_number = ?4
         UNION ALL
         SELECT s.id, s.at, {who}, s.command, i.entity, i.action, i.field, i.before, i.after, i.note, 1 + i.id
         FROM change_item i JOIN change_set s ON s.id = i.change_id
         WHERE i.subject = ?4
         ORDER BY 1, 11",
        who = who_sql("s")
    ))?;
    let (change, current_org) = created.unwrap_or((-1, String::new()));
    // The organisation the account was created at: where its first move
    // started from (none for an applicant admitted to a base), or where it
    // still is.
    let first_move: Option<Option<String>> = conn
        .query_row(
            "SELECT before FROM change_item
             WHERE subject = ?1 AND entity = 'account' AND field = '机构'
             ORDER BY id LIMIT 1",
            [id_number],
            |r| r.get(0),
        )
        .optional()?;
    let org = match first_move {
        Some(from) => from.unwrap_or_default(),
        None => current_org,
    };
    let rows = stmt.query_map(params![change, "account", org, id_number], |r| {
        Ok(Event {
            change: r.get(0)?,
            at: r.get(1)?,
            actor: r.get(2)?,
            command: r.get(3)?,
            entity: r.get(4)?,
            action: r.get(5)?,
            field: r.get(6)?,
            before: r.get(7)?,
            after: r.get(8)?,
            note: r.get(9)?,
        })
    })?;
    for e in rows {
        events.push(e?);
    }
    Ok(events)
}
