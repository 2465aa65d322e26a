//! A credit record as stored: reading it back for the rules, and storing
//! new fields of a 待审 record with each change logged.

use chrono::{Datelike, NaiveDate};

use super::project;
use super::{CreditStatus, Fields};
use crate::db::sql::{Connection, OptionalExtension, params};
use crate::error::Result;
use crate::history::{Change, Item};
use crate::rules::credit::{CreditType, Credits};

/// A stored record as the rules see it: its fields, state and owner.
pub(crate) struct Stored {
    pub id: i64,
    pub id_number: String,
    pub created_change: i64,
    pub status: CreditStatus,
    pub fields: Fields,
}

impl Stored {
    /// What [`Stored::from_row`] reads, from `credit c`, its account `a`
    /// and project `p` ([`Stored::FROM`]).
    pub(crate) const COLUMNS: &'static str =
        "c.id, a.id_number, c.created_change, c.status, c.project_no,
            p.name, c.credits, c.kind, c.start_date, c.end_date, coalesce(p.form, ''),
            coalesce(p.organizer, ''), c.year, coalesce(p.subject, ''), c.remark, c.image";
    pub(crate) const FROM: &'static str = "FROM credit c JOIN account a ON a.id = c.account_id
         JOIN credit_project p ON p.id = c.project_id";

    /// A member's record of a project number.
    pub fn by_project(tx: &Connection, account: i64, project_no: &str) -> Result<Option<Stored>> {
        Ok(tx
            .prepare_cached(&format!(
                "SELECT {} {} WHERE c.account_id = ?1 AND c.project_no = ?2",
                Stored::COLUMNS,
                Stored::FROM
            ))?
            .query_row(params![account, project_no], Stored::from_row)
            .optional()?)
    }

    /// The record with this id.
    pub fn by_id(tx: &Connection, id: i64) -> Result<Option<Stored>> {
        Ok(tx
            .prepare_cached(&format!(
                "SELECT {} {} WHERE c.id = ?1",
                Stored::COLUMNS,
                Stored::FROM
            ))?
            .query_row([id], Stored::from_row)
            .optional()?)
    }

    pub(crate) fn from_row(r: &crate::db::sql::Row<'_>) -> crate::db::sql::Result<Stored> {
        let day = |i: usize| -> crate::db::sql::Result<NaiveDate> {
            Ok(crate::rules::date::parse_day(r.get_ref(i)?.as_str()?).unwrap_or_default())
        };
        let kind: String = r.get(7)?;
        Ok(Stored {
            id: r.get(0)?,
            id_number: r.get(1)?,
            created_change: r.get(2)?,
            status: r.get(3)?,
            fields: Fields {
                project_no: r.get(4)?,
                project_name: r.get(5)?,
                credits: r.get(6)?,
                kind: CreditType::from_label(&kind).unwrap_or(CreditType::Class2),
                start: day(8)?,
                end: day(9)?,
                form: r.get(10)?,
                organizer: r.get(11)?,
                year: r.get(12)?,
                subject: r.get(13)?,
                remark: r.get(14)?,
                image: r.get(15)?,
            },
        })
    }
}

/// Each field that differs between two versions of a record, as the
/// change log records it: (label, before, after).
pub fn field_changes(before: &Fields, after: &Fields) -> Vec<FieldChange> {
    let (b, a) = (before, after);
    let text = |o: &Option<String>| o.clone().unwrap_or_default();
    [
        ("项目编号", b.project_no.clone(), a.project_no.clone()),
        ("项目名称", b.project_name.clone(), a.project_name.clone()),
        (
            "学分",
            Credits(b.credits).to_string(),
            Credits(a.credits).to_string(),
        ),
        (
            "学分类型",
            b.kind.label().to_owned(),
            a.kind.label().to_owned(),
        ),
        ("开始日期", b.start.to_string(), a.start.to_string()),
        ("结束日期", b.end.to_string(), a.end.to_string()),
        ("学分获取形式", b.form.clone(), a.form.clone()),
        ("主办单位", b.organizer.clone(), a.organizer.clone()),
        ("举办年度", b.year.to_string(), a.year.to_string()),
        ("学科分类", b.subject.clone(), a.subject.clone()),
        ("备注", text(&b.remark), text(&a.remark)),
        ("上传图片", text(&b.image), text(&a.image)),
    ]
    .into_iter()
    .filter(|(_, b, a)| b != a)
    .collect()
}

/// Stores new fields of a 待审 record, logging each changed field with its
/// value before and after. Returns what changed.
pub(crate) fn store_fields(
    tx: &Connection,
    change: &Change,
    id: i64,
    id_number: &str,
    before: &Fields,
    after: &Fields,
) -> Result<Vec<FieldChange>> {
    let changes = field_changes(before, after);
    if changes.is_empty() {
        return Ok(changes);
    }
    let f = after;
    let project = project::id_of(tx, f)?;
    tx.prepare_cached(
        "UPDATE credit SET project_no = ?2, project_id = ?3, credits = ?4, kind = ?5,
             start_date = ?6, end_date = ?7, year = ?8, remark = ?9, image = ?10
         WHERE id = ?1",
    )?
    .execute(params![
        id,
        f.project_no,
        project,
        f.credits,
        f.kind.label(),
        Iso::of(f.start).as_str(),
        Iso::of(f.end).as_str(),
        f.year,
        f.remark,
        f.image
    ])?;
    let note = format!("#{id}");
    for (field, before, after) in &changes {
        change.log(
            tx,
            &Item {
                subject: id_number,
                entity: "credit",
                action: "update",
                field: Some(field),
                before: Some(before),
                after: Some(after),
                note: Some(&note),
            },
        )?;
    }
    Ok(changes)
}

/// A day as stored (`2017-04-22`), formatted without allocating: a
/// million-row import formats two per row.
pub(crate) struct Iso([u8; 10]);

impl Iso {
    pub(crate) fn of(d: NaiveDate) -> Iso {
        let mut b = *b"0000-00-00";
        let (y, m, day) = (d.year().clamp(0, 9999) as u32, d.month(), d.day());
        for (i, v) in [
            (0, y / 1000),
            (1, y / 100 % 10),
            (2, y / 10 % 10),
            (3, y % 10),
        ] {
            b[i] = b'0' + v as u8;
        }
        b[5] = b'0' + (m / 10) as u8;
        b[6] = b'0' + (m % 10) as u8;
        b[8] = b'0' + (day / 10) as u8;
        b[9] = b'0' + (day % 10) as u8;
        Iso(b)
    }

    pub(crate) fn as_str(&self) -> &str {
        std::str::from_utf8(&self.0).unwrap_or("")
    }
}

/// A field changed by an edit: (label, before, after).
pub type FieldChange = (&'static str, String, String);
