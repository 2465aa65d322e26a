//! A member's personal standards (个人学分标准): looking them up, year by
//! year (`credit-standard list ID_NUMBER`, `account show`), and removing
//! one (`credit-standard unassign`), logged.

use crate::db::sql::{Connection, params};
use serde::Serialize;

use super::Standard;
use crate::account::{Found, find_member};
use crate::error::{Error, Result};
use crate::history::{Change, Item, Who};
use crate::msg;
use crate::rules::text::identifier;

/// A member's standard for a year, with what it was derived from.
#[derive(Debug, Clone, Serialize)]
pub struct MemberStandard {
    pub year: i32,
    /// The standard's code, e.g. SCJA4.
    pub code: String,
    /// The title it was derived from, as given.
    pub title: Option<String>,
    pub title_level: String,
    pub region_level: String,
    /// When it was assigned (RFC 3339).
    pub assigned_at: String,
    pub standard: Standard,
}

/// The standards of an account, by year (empty for anyone without).
pub fn of_account(conn: &Connection, account_id: i64) -> Result<Vec<MemberStandard>> {
    let mut stmt = conn.prepare_cached(
        "SELECT m.year, m.standard_id, m.title, m.title_level, m.region_level, c.at
         FROM member_standard m JOIN change_set c ON c.id = m.change_id
         WHERE m.account_id = ?1 ORDER BY m.year",
    )?;
    let rows: Vec<(i32, i64, Option<String>, String, String, String)> = stmt
        .query_map([account_id], |r| {
            Ok((
                r.get(0)?,
                r.get(1)?,
                r.get(2)?,
                r.get(3)?,
                r.get(4)?,
                r.get(5)?,
            ))
        })?
        .collect::<crate::db::sql::Result<_>>()?;
    let mut out = Vec::with_capacity(rows.len());
    for (year, standard_id, title, title_level, region_level, assigned_at) in rows {
        let Some(standard) = super::by_id(conn, standard_id)? else {
            continue;
        };
        out.push(MemberStandard {
            year,
            code: standard.code.clone(),
            title,
            title_level,
            region_level,
            assigned_at,
            standard,
        });
    }
    Ok(out)
}

/// The member with this ID number, or a usage error saying why not.
fn member(conn: &Connection, id_number: &str) -> Result<Found> {
    find_member(conn, &identifier(id_number))?.map_err(Error::Usage)
}

/// A member's standards by year, with who they are.
#[derive(Debug, Clone, Serialize)]
pub struct Lookup {
    pub id_number: String,
    pub name: String,
    pub org: String,
    pub standards: Vec<MemberStandard>,
}

/// `credit-standard list ID_NUMBER`: a member's standards, every year or one.
pub fn lookup(conn: &Connection, id_number: &str, year: Option<i32>) -> Result<Lookup> {
    let m = member(conn, id_number)?;
    let mut standards = of_account(conn, m.id)?;
    standards.retain(|s| year.is_none_or(|y| s.year == y));
    Ok(Lookup {
        id_number: m.id_number,
        name: m.name,
        org: m.org_code,
        standards,
    })
}

/// What `unassign` removed, or that there was nothing to remove.
#[derive(Debug, Clone, Serialize)]
pub struct Unassigned {
    pub id_number: String,
    pub name: String,
    pub year: i32,
    /// The code removed; `None` when the member had no standard that year.
    pub removed: Option<String>,
}

/// `credit-standard unassign ID_NUMBER --year Y`: removes a member's
/// standard for a year, logged with the code it had. The member then has
/// no standard that year (as `check` reports) until one is assigned again.
pub fn unassign(
    conn: &mut Connection,
    id_number: &str,
    year: i32,
    who: &Who,
) -> Result<Unassigned> {
    let tx = crate::db::write(conn)?;
    let m = member(&tx, id_number)?;
    let before = of_account(&tx, m.id)?.into_iter().find(|s| s.year == year);
    let mut out = Unassigned {
        id_number: m.id_number.clone(),
        name: m.name.clone(),
        year,
        removed: None,
    };
    let Some(before) = before else {
        return Ok(out);
    };
    tx.execute(
        "DELETE FROM member_standard WHERE account_id = ?1 AND year = ?2",
        params![m.id, year],
    )?;
    let change = Change::begin(&tx, who)?;
    let note = format!("{year}: {} × {}", before.region_level, before.title_level);
    change.log(
        &tx,
        &Item {
            subject: &m.id_number,
            entity: "credit_standard",
            action: "unassign",
            field: Some("学分标准"),
            before: Some(&before.code),
            after: None,
            note: Some(&note),
        },
    )?;
    tx.commit()?;
    out.removed = Some(before.code);
    Ok(out)
}

/// Why `unassign` had nothing to do.
pub fn nothing_assigned(u: &Unassigned) -> crate::i18n::Msg {
    let (who, id, year) = (&u.name, &u.id_number, u.year);
    msg!(
        "{who}({id})没有 {year} 年的学分标准,未作更改",
        "{who} ({id}) has no standard for {year}; nothing changed"
    )
}
