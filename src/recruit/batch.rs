//! Recruitment batches (招录批次) and their application windows: `recruit
//! open`, and finding the batch a command means.

use crate::db::sql::{Connection, OptionalExtension, params};
use chrono::NaiveTime;
use serde::Serialize;

use super::Now;
use crate::error::{Error, Result};
use crate::history::{Change, Item, Who};
use crate::i18n::Msg;
use crate::msg;
use crate::rules::date::{moment_text, parse_moment};
use crate::rules::text::normalize;

/// A batch as stored: a round of a recruitment year (第一批, 调剂 …) with
/// its window, both ends included.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Batch {
    #[serde(skip)]
    pub id: i64,
    pub year: i32,
    #[serde(rename = "batch")]
    pub name: String,
    /// The first moment applications are taken (`2025-03-01 08:00:00`).
    pub opens: String,
    /// The last moment applications are taken.
    pub closes: String,
}

impl Batch {
    /// `2025 第一批`: how messages and listings name it, and a form
    /// `--batch` takes.
    pub fn label(&self) -> String {
        format!("{} {}", self.year, self.name)
    }

    /// `2025-03-01 08:00:00 至 2025-03-15 17:00:00`.
    fn window_zh(&self) -> String {
        format!("{} 至 {}", self.opens, self.closes)
    }

    fn window_en(&self) -> String {
        format!("{} to {}", self.opens, self.closes)
    }

    /// Whether applications are taken at `at` (`YYYY-MM-DD HH:MM:SS`).
    pub fn is_open_at(&self, at: &str) -> bool {
        self.opens.as_str() <= at && at <= self.closes.as_str()
    }

    /// Why nothing can be applied at `at`: the window, and when `at` is.
    pub fn outside(&self, at: &str) -> Msg {
        let (label, zh, en) = (self.label(), self.window_zh(), self.window_en());
        if at < self.opens.as_str() {
            msg!(
                "{label} 的报名时间为 {zh},{at} 尚未开始",
                "the window of {label} is {en}; at {at} it has not opened yet"
            )
        } else {
            msg!(
                "{label} 的报名时间为 {zh},{at} 已截止",
                "the window of {label} is {en}; at {at} it has closed"
            )
        }
    }
}

const SELECT: &str = "SELECT id, year, name, opens, closes FROM recruit_batch";

fn from_row(r: &crate::db::sql::Row<'_>) -> crate::db::sql::Result<Batch> {
    Ok(Batch {
        id: r.get(0)?,
        year: r.get(1)?,
        name: r.get(2)?,
        opens: r.get(3)?,
        closes: r.get(4)?,
    })
}

/// Every batch, in the order their windows open.
pub fn list(conn: &Connection) -> Result<Vec<Batch>> {
    let mut stmt = conn.prepare(&format!("{SELECT} ORDER BY opens, year, name"))?;
    let rows = stmt.query_map([], from_row)?;
    Ok(rows.collect::<crate::db::sql::Result<_>>()?)
}

pub fn by_id(conn: &Connection, id: i64) -> Result<Batch> {
    Ok(conn.query_row(&format!("{SELECT} WHERE id = ?1"), [id], from_row)?)
}

/// A batch as typed: `第一批` (of the latest year that has one) or
/// `2025 第一批` / `2025第一批` / `2025-第一批`.
fn split_year(raw: &str) -> (Option<i32>, String) {
    let s = normalize(raw);
    let s = s.trim();
    let digits: String = s.chars().take_while(char::is_ascii_digit).collect();
    if digits.len() == 4 {
        let rest = s[4..].trim_start_matches(|c: char| c.is_whitespace() || "年-/:_".contains(c));
        if !rest.is_empty() {
            return (digits.parse().ok(), rest.trim().to_owned());
        }
    }
    (None, s.to_owned())
}

/// Finds the batch in a list by what a person typed, or says why not.
pub fn find_in<'b>(batches: &'b [Batch], raw: &str) -> std::result::Result<&'b Batch, Msg> {
    let (year, name) = split_year(raw);
    batches
        .iter()
        .filter(|b| b.name == name && year.is_none_or(|y| b.year == y))
        .max_by_key(|b| b.year)
        .ok_or_else(|| unknown(batches, raw))
}

fn unknown(batches: &[Batch], raw: &str) -> Msg {
    let all: Vec<String> = batches.iter().map(Batch::label).collect();
    if all.is_empty() {
        return msg!(
            "还没有招录批次(用 meded recruit open 设立)",
            "there is no recruitment batch yet (open one with meded recruit open)"
        );
    }
    let all = all.join("、");
    msg!(
        "没有招录批次“{raw}”(现有:{all})",
        "no recruitment batch '{raw}' (there are: {all})"
    )
}

/// The batch a command means: the one named, else the one whose window is
/// open now, else the latest that has opened, else the next to open.
pub fn resolve(conn: &Connection, named: Option<&str>, now: Now) -> Result<Batch> {
    let batches = list(conn)?;
    if let Some(raw) = named {
        return find_in(&batches, raw).cloned().map_err(Error::Usage);
    }
    let at = now.text();
    let current = batches
        .iter()
        .find(|b| b.is_open_at(&at))
        .or_else(|| batches.iter().rev().find(|b| b.opens <= at))
        .or_else(|| batches.first());
    current
        .cloned()
        .ok_or_else(|| Error::Usage(unknown(&batches, "")))
}

/// What `recruit open` is asked for, as typed.
#[derive(Debug, Clone)]
pub struct NewBatch {
    pub year: i32,
    pub name: String,
    /// The first moment; a day alone means its start.
    pub opens: String,
    /// The last moment; a day alone means its end.
    pub closes: String,
}

/// What `recruit open` did.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Opened {
    Created,
    /// The batch existed with exactly this window.
    Unchanged,
}

fn moment(option: &str, raw: &str, end_of_day: bool) -> Result<String> {
    let (day, time) = parse_moment(raw).ok_or_else(|| {
        Error::Usage(msg!(
            "{option} “{raw}”不是日期时间(如 2025-03-01 08:00,或只写日期)",
            "{option} '{raw}' is not a date and time (such as 2025-03-01 08:00, or a date alone)"
        ))
    })?;
    let time = time.unwrap_or(if end_of_day {
        NaiveTime::from_hms_opt(23, 59, 59).unwrap_or_default()
    } else {
        NaiveTime::MIN
    });
    Ok(moment_text(day.and_time(time)))
}

/// Opens a batch with its window. The same batch with the same window
/// again changes nothing; another window for an existing batch, a window
/// the wrong way round, or one overlapping another batch's is refused.
pub fn open(conn: &mut Connection, new: &NewBatch, who: &Who) -> Result<(Opened, Batch)> {
    let name = normalize(&new.name).trim().to_owned();
    if name.is_empty() || name.chars().count() > 32 {
        return Err(Error::Usage(msg!(
            "批次名称应为 1–32 个字符(如 第一批、调剂)",
            "the batch name must be 1–32 characters (such as 第一批, 调剂)"
        )));
    }
    if split_year(&name).0.is_some() {
        return Err(Error::Usage(msg!(
            "批次名称“{name}”不要以年份开头:年份用 --year 给出",
            "the batch name '{name}' must not start with a year: give the year with --year"
        )));
    }
    if !(1990..=2100).contains(&new.year) {
        let y = new.year;
        return Err(Error::Usage(msg!(
            "年份 {y} 不合理",
            "the year {y} is implausible"
        )));
    }
    let opens = moment("--from", &new.opens, false)?;
    let closes = moment("--until", &new.closes, true)?;
    if closes < opens {
        return Err(Error::Usage(msg!(
            "报名截止时间 {closes} 早于开始时间 {opens}",
            "the window closes ({closes}) before it opens ({opens})"
        )));
    }
    let asked = Batch {
        id: 0,
        year: new.year,
        name,
        opens,
        closes,
    };
    let tx = crate::db::write(conn)?;
    let existing = tx
        .query_row(
            &format!("{SELECT} WHERE year = ?1 AND name = ?2"),
            params![asked.year, asked.name],
            from_row,
        )
        .optional()?;
    if let Some(b) = existing {
        if b.opens == asked.opens && b.closes == asked.closes {
            return Ok((Opened::Unchanged, b));
        }
        let (label, zh, en) = (b.label(), b.window_zh(), b.window_en());
        return Err(Error::Usage(msg!(
            "招录批次 {label} 已设立,报名时间为 {zh};不能另设时间",
            "the batch {label} exists with the window {en}; it cannot be given another"
        )));
    }
    let overlapping = tx
        .query_row(
            &format!("{SELECT} WHERE opens <= ?2 AND ?1 <= closes ORDER BY opens LIMIT 1"),
            params![asked.opens, asked.closes],
            from_row,
        )
        .optional()?;
    if let Some(b) = overlapping {
        let (label, zh, en) = (b.label(), b.window_zh(), b.window_en());
        return Err(Error::Usage(msg!(
            "报名时间与招录批次 {label}({zh})重叠;同一时间只能有一个批次在报名",
            "the window overlaps that of the batch {label} ({en}); only one batch takes applications at a time"
        )));
    }
    let change = Change::begin(&tx, who)?;
    tx.execute(
        "INSERT INTO recruit_batch (year, name, opens, closes, created_change)
         VALUES (?1, ?2, ?3, ?4, ?5)",
        params![asked.year, asked.name, asked.opens, asked.closes, change.id],
    )?;
    let batch = Batch {
        id: tx.last_insert_rowid(),
        ..asked
    };
    let subject = format!("recruit {}", batch.label());
    change.log(
        &tx,
        &Item {
            subject: &subject,
            entity: "recruit_batch",
            action: "create",
            after: Some(&batch.window_zh()),
            ..Item::default()
        },
    )?;
    tx.commit()?;
    Ok((Opened::Created, batch))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn b(year: i32, name: &str) -> Batch {
        Batch {
            id: 0,
            year,
            name: name.into(),
            opens: format!("{year}-03-01 08:00:00"),
            closes: format!("{year}-03-15 17:00:00"),
        }
    }

    #[test]
    fn batches_by_name_with_or_without_the_year() {
        let all = vec![b(2024, "第一批"), b(2025, "第一批"), b(2025, "调剂")];
        assert_eq!(find_in(&all, "第一批").unwrap().year, 2025);
        assert_eq!(find_in(&all, "2024 第一批").unwrap().year, 2024);
        assert_eq!(find_in(&all, "2024年第一批").unwrap().year, 2024);
        assert_eq!(find_in(&all, " 调剂 ").unwrap().name, "调剂");
        assert!(find_in(&all, "2023 第一批").is_err());
        assert!(
            find_in(&all, "第二批")
                .unwrap_err()
                .en
                .contains("2025 调剂")
        );
    }

    #[test]
    fn window_ends_are_inside() {
        let batch = b(2025, "第一批");
        assert!(!batch.is_open_at("2025-03-01 07:59:59"));
        assert!(batch.is_open_at("2025-03-01 08:00:00"));
        assert!(batch.is_open_at("2025-03-15 17:00:00"));
        assert!(!batch.is_open_at("2025-03-15 17:00:01"));
        assert!(
            batch
                .outside("2025-03-15 17:00:01")
                .zh
                .contains("2025-03-01 08:00:00 至 2025-03-15 17:00:00")
        );
    }
}
