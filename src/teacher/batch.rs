//! The province's batches of teachers' applications (报名批次): setting
//! one up for a year, finding one by name, listing them.

use crate::db::sql::{Connection, OptionalExtension, params};
use serde::Serialize;

use crate::error::{Error, Result};
use crate::history::{Change, Item, Who};
use crate::msg;
use crate::rules::text::normalize;

/// A batch (报名批次): a round of applications, named for the whole
/// province, whose applications ask for the recommendation of `year`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Batch {
    #[serde(skip)]
    pub id: i64,
    pub name: String,
    pub year: i32,
}

/// The longest batch name.
const NAME_MAX: usize = 40;

fn from_row(r: &crate::db::sql::Row<'_>) -> crate::db::sql::Result<Batch> {
    Ok(Batch {
        id: r.get(0)?,
        name: r.get(1)?,
        year: r.get(2)?,
    })
}

/// A batch name as stored: normalised, inner blanks kept single.
fn batch_name(raw: &str) -> String {
    normalize(raw)
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

/// Every batch, the latest year first.
pub fn batches(conn: &Connection) -> Result<Vec<Batch>> {
    let mut stmt =
        conn.prepare("SELECT id, name, year FROM teacher_batch ORDER BY year DESC, name")?;
    let rows = stmt.query_map([], from_row)?;
    Ok(rows.collect::<crate::db::sql::Result<_>>()?)
}

/// The batch of this name, or a usage error listing those there are.
pub fn find_batch(conn: &Connection, raw: &str) -> Result<Batch> {
    let name = batch_name(raw);
    let found = conn
        .query_row(
            "SELECT id, name, year FROM teacher_batch WHERE name = ?1",
            [&name],
            from_row,
        )
        .optional()?;
    if let Some(b) = found {
        return Ok(b);
    }
    let all: Vec<String> = batches(conn)?.into_iter().map(|b| b.name).collect();
    Err(Error::Usage(if all.is_empty() {
        msg!(
            "还没有师资报名批次(用 meded teacher batch add 设立)",
            "there is no teachers' batch yet (set one up with meded teacher batch add)"
        )
    } else {
        let all = all.join("、");
        msg!(
            "没有名为“{name}”的师资报名批次(现有:{all})",
            "no teachers' batch named '{name}' (there are: {all})"
        )
    }))
}

/// Sets up a batch for a year. The same batch again changes nothing
/// (`false`); a name already used for another year is refused.
pub fn add_batch(conn: &mut Connection, raw: &str, year: i32, who: &Who) -> Result<(bool, Batch)> {
    let name = batch_name(raw);
    if name.is_empty() || name.chars().count() > NAME_MAX || name.chars().any(char::is_control) {
        return Err(Error::Usage(msg!(
            "报名批次名称应为 1–{NAME_MAX} 个字符(如 2024年度住院医师师资)",
            "a batch name has 1–{NAME_MAX} characters (such as 2024年度住院医师师资)"
        )));
    }
    if !(1990..=2100).contains(&year) {
        return Err(Error::Usage(msg!(
            "年度 {year} 不合理",
            "the year {year} is implausible"
        )));
    }
    let tx = crate::db::write(conn)?;
    let existing = tx
        .query_row(
            "SELECT id, name, year FROM teacher_batch WHERE name = ?1",
            [&name],
            from_row,
        )
        .optional()?;
    if let Some(b) = existing {
        if b.year == year {
            return Ok((false, b));
        }
        let other = b.year;
        return Err(Error::Usage(msg!(
            "报名批次“{name}”已设立,是 {other} 年度的",
            "the batch '{name}' exists already, for {other}"
        )));
    }
    let change = Change::begin(&tx, who)?;
    tx.execute(
        "INSERT INTO teacher_batch (name, year, created_change) VALUES (?1, ?2, ?3)",
        params![name, year, change.id],
    )?;
    let batch = Batch {
        id: tx.last_insert_rowid(),
        name,
        year,
    };
    let subject = format!("teacher-batch {}", batch.name);
    change.log(
        &tx,
        &Item {
            subject: &subject,
            entity: "teacher_batch",
            action: "create",
            after: Some(&format!("{} 年度", batch.year)),
            ..Item::default()
        },
    )?;
    tx.commit()?;
    Ok((true, batch))
}
