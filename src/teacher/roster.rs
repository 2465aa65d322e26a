//! The yearly roster a base's teaching office sends (增加 / 解聘): against
//! the year before, the teachers added and those dismissed, with what the
//! province asks for each (姓名, 身份证号, 执业医师证号, 手机号, 电子邮箱,
//! 带教任职时间) and the reason for a dismissal (docs/domain.md#yearly-roster).

use std::collections::{BTreeSet, HashMap};
use std::path::Path;

use crate::db::sql::{Connection, params};
use chrono::NaiveDate;
use serde::Serialize;

use super::Appointment;
use super::eligibility::{Pool, reasons_text};
use crate::error::Result;
use crate::i18n::{Lang, Msg};
use crate::msg;
use crate::sheet::Cell;
use crate::sheet::write::TableWriter;

/// Whether a teacher is added or dismissed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum Move {
    #[serde(rename = "增加")]
    Addition,
    #[serde(rename = "解聘")]
    Dismissal,
}

impl Move {
    pub fn label(self) -> &'static str {
        match self {
            Move::Addition => "增加",
            Move::Dismissal => "解聘",
        }
    }
}

/// One line of the roster.
#[derive(Debug, Clone, Serialize)]
pub struct Entry {
    #[serde(rename = "change")]
    pub movement: Move,
    pub id_number: String,
    pub name: String,
    /// 执业医师证号.
    pub practice_no: Option<String>,
    pub phone: Option<String>,
    pub email: Option<String>,
    /// 带教任职时间.
    pub teaching_since: Option<String>,
    pub department: Option<String>,
    /// Why a teacher is dismissed (or held back).
    #[serde(skip)]
    pub reason: Option<Msg>,
}

/// The roster of a year.
#[derive(Debug, Clone)]
pub struct Roster {
    pub org: String,
    pub year: i32,
    /// The day eligibility was judged at (1 January of the year).
    pub as_of: NaiveDate,
    pub additions: Vec<Entry>,
    pub dismissals: Vec<Entry>,
    /// Recommended for the year but not eligible, without an override, and
    /// not on last year's roster: neither added nor dismissed.
    pub withheld: Vec<Entry>,
}

struct Decided {
    status: Appointment,
    reason: Option<String>,
    overridden: bool,
}

fn decisions(conn: &Connection, org_id: i64, year: i32) -> Result<HashMap<i64, Decided>> {
    let mut stmt = conn.prepare(
        "SELECT account_id, status, reason, override IS NOT NULL FROM teacher_appointment
         WHERE org_id = ?1 AND year = ?2",
    )?;
    let rows = stmt.query_map(params![org_id, year], |r| {
        Ok((
            r.get(0)?,
            Decided {
                status: r.get(1)?,
                reason: r.get(2)?,
                overridden: r.get(3)?,
            },
        ))
    })?;
    Ok(rows.collect::<crate::db::sql::Result<_>>()?)
}

/// What the roster states about a person, whatever their role or
/// organisation now.
fn entry(conn: &Connection, account_id: i64, movement: Move, reason: Option<Msg>) -> Result<Entry> {
    Ok(conn
        .prepare_cached(
            "SELECT a.id_number, a.name, t.practice_no, a.phone, a.email, t.teaching_since, d.name
             FROM account a LEFT JOIN teacher t ON t.account_id = a.id
             LEFT JOIN department d ON d.id = a.department_id
             WHERE a.id = ?1",
        )?
        .query_row([account_id], |r| {
            Ok(Entry {
                movement,
                id_number: r.get(0)?,
                name: r.get(1)?,
                practice_no: r.get(2)?,
                phone: r.get(3)?,
                email: r.get(4)?,
                teaching_since: r.get(5)?,
                department: r.get(6)?,
                reason,
            })
        })?)
}

/// The roster of `year` for an organisation: teachers recommended for the
/// year (and eligible at its 1 January, or recommended by override) who
/// were not recommended the year before are added; those recommended the
/// year before who are not now are dismissed.
pub fn roster(conn: &Connection, org: &str, year: i32) -> Result<Roster> {
    let org = crate::org::find_kind(conn, org, crate::org::OrgKind::Base)?;
    let as_of = super::new_year(year)?;
    let pool = Pool::load(conn, org.id)?;
    let this = decisions(conn, org.id, year)?;
    let last = decisions(conn, org.id, year - 1)?;
    let mut out = Roster {
        org: org.code.clone(),
        year,
        as_of,
        additions: Vec::new(),
        dismissals: Vec::new(),
        withheld: Vec::new(),
    };
    let previous = |a: i64| {
        last.get(&a)
            .is_some_and(|d| d.status == Appointment::Recommended)
    };
    // Who stays on the roster, and why those who do not.
    let standing = |a: i64| -> std::result::Result<(), Msg> {
        let Some(i) = pool.index_of(a) else {
            let code = &org.code;
            return Err(msg!(
                "已不是 {code} 的师资",
                "no longer a teacher of {code}"
            ));
        };
        match this.get(&a) {
            None => Err(msg!("{year} 年度未推荐", "not recommended for {year}")),
            Some(d) if d.status == Appointment::NotRecommended => {
                let r = d.reason.clone().unwrap_or_default();
                Err(msg!(
                    "{year} 年度不推荐:{r}",
                    "not recommended for {year}: {r}"
                ))
            }
            Some(d) if d.status != Appointment::Recommended => {
                Err(msg!("{year} 年度未推荐", "not recommended for {year}"))
            }
            Some(d) => {
                let verdict = pool.judge(i, as_of);
                if verdict.eligible || d.overridden {
                    Ok(())
                } else {
                    let (zh, en) = (
                        reasons_text(&verdict, Lang::Zh),
                        reasons_text(&verdict, Lang::En),
                    );
                    Err(Msg::new(
                        format!("{as_of} 不再符合师资条件:{zh}"),
                        format!("no longer eligible at {as_of}: {en}"),
                    ))
                }
            }
        }
    };
    let everyone: BTreeSet<i64> = this.keys().chain(last.keys()).copied().collect();
    for a in everyone {
        let was = previous(a);
        let recommended = this
            .get(&a)
            .is_some_and(|d| d.status == Appointment::Recommended);
        match (was, standing(a)) {
            (false, Ok(())) => out.additions.push(entry(conn, a, Move::Addition, None)?),
            (true, Err(why)) => out
                .dismissals
                .push(entry(conn, a, Move::Dismissal, Some(why))?),
            (false, Err(why)) if recommended => {
                out.withheld
                    .push(entry(conn, a, Move::Addition, Some(why))?)
            }
            _ => {}
        }
    }
    for list in [&mut out.additions, &mut out.dismissals, &mut out.withheld] {
        list.sort_by(|a, b| (&a.department, &a.id_number).cmp(&(&b.department, &b.id_number)));
    }
    Ok(out)
}

/// The roster's columns, as the province asks for them.
pub const COLUMNS: [&str; 9] = [
    "变动",
    "姓名",
    "身份证号",
    "执业医师证号",
    "手机号",
    "电子邮箱",
    "带教任职时间",
    "科室",
    "解聘原因",
];

/// An entry's cells, in [`COLUMNS`] order.
pub fn cells(e: &Entry, lang: Lang) -> Vec<String> {
    let o = |v: &Option<String>| v.clone().unwrap_or_default();
    vec![
        e.movement.label().to_owned(),
        e.name.clone(),
        e.id_number.clone(),
        o(&e.practice_no),
        o(&e.phone),
        o(&e.email),
        o(&e.teaching_since),
        o(&e.department),
        e.reason
            .as_ref()
            .map(|m| m.text(lang).to_owned())
            .unwrap_or_default(),
    ]
}

/// Writes the additions, then the dismissals, to an .xlsx or .csv file:
/// every value as text (ID and certificate numbers keep their digits), and
/// safe to open (no cell is taken for a formula).
pub fn write(r: &Roster, path: &Path, lang: Lang) -> Result<()> {
    let mut w = TableWriter::create(path, &format!("{} 年度师资增减", r.year), &COLUMNS)?;
    for e in r.additions.iter().chain(&r.dismissals) {
        let row: Vec<Cell> = cells(e, lang).into_iter().map(Cell::Text).collect();
        w.write_row(&row)?;
    }
    w.finish()
}
