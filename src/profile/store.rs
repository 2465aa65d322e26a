//! Profiles in the database: writing one person's profile, reading it
//! back, and reading many in account order for validation.

use std::sync::LazyLock;

use rusqlite::types::ValueRef;
use rusqlite::{Connection, Row, params};

use super::fields::{EDUCATION_FIELDS, Section};
use super::model::{AccountFacts, Education, Profile, Tab, Value, level_rank};
use crate::error::Result;
use crate::rules::codes::EDUCATION_LEVEL;

fn columns(section: Section) -> String {
    let cols: Vec<&str> = section.fields().iter().map(|f| f.column).collect();
    cols.join(", ")
}

fn placeholders(n: usize, from: usize) -> String {
    let p: Vec<String> = (from..from + n).map(|i| format!("?{i}")).collect();
    p.join(", ")
}

static SAVE_BASIC: LazyLock<String> = LazyLock::new(|| {
    let fields = Section::Basic.fields();
    let n = fields.len();
    let updates: Vec<String> = fields
        .iter()
        .map(|f| format!("{0} = excluded.{0}", f.column))
        .collect();
    format!(
        "INSERT INTO profile_basic (account_id, {}, raw, created_change, updated_change)
         VALUES (?1, {}, ?{}, ?{}, ?{})
         ON CONFLICT (account_id) DO UPDATE SET {}, raw = excluded.raw,
             updated_change = excluded.updated_change",
        columns(Section::Basic),
        placeholders(n, 2),
        n + 2,
        n + 3,
        n + 3,
        updates.join(", ")
    )
});

static SAVE_EDUCATION: LazyLock<String> = LazyLock::new(|| {
    let n = EDUCATION_FIELDS.len();
    format!(
        "INSERT INTO profile_education (account_id, level, {}, raw) VALUES (?1, ?2, {}, ?{})",
        columns(Section::Education),
        placeholders(n, 3),
        n + 3
    )
});

static SAVE_CERTIFICATE: LazyLock<String> = LazyLock::new(|| {
    let n = Section::Certificate.fields().len();
    format!(
        "INSERT OR REPLACE INTO profile_certificate (account_id, {}, raw) VALUES (?1, {}, ?{})",
        columns(Section::Certificate),
        placeholders(n, 2),
        n + 2
    )
});

/// The typed values a tab could not recognise, as the `raw` column keeps them.
fn raw_json(section: Section, tab: &Tab) -> Option<String> {
    let mut map = serde_json::Map::new();
    for (f, v) in section.fields().iter().zip(&tab.values) {
        if let Value::Raw(s) = v {
            map.insert(f.label.to_owned(), serde_json::Value::String(s.clone()));
        }
    }
    (!map.is_empty()).then(|| serde_json::Value::Object(map).to_string())
}

/// The parameters of a tab's insert: its values, stored form or NULL.
fn values(tab: &Tab) -> Vec<Option<&str>> {
    tab.values.iter().map(Value::ok).collect()
}

/// Replaces the stored profile of an account with `p`.
pub fn save(conn: &Connection, account_id: i64, p: &Profile, change_id: i64) -> Result<()> {
    match &p.basic {
        Some(tab) => {
            let mut stmt = conn.prepare_cached(&SAVE_BASIC)?;
            let vals = values(tab);
            let raw = raw_json(Section::Basic, tab);
            let mut params: Vec<&dyn rusqlite::ToSql> = vec![&account_id];
            params.extend(vals.iter().map(|v| v as &dyn rusqlite::ToSql));
            params.push(&raw);
            params.push(&change_id);
            stmt.execute(params.as_slice())?;
        }
        None => {
            conn.prepare_cached("DELETE FROM profile_basic WHERE account_id = ?1")?
                .execute([account_id])?;
        }
    }
    conn.prepare_cached("DELETE FROM profile_education WHERE account_id = ?1")?
        .execute([account_id])?;
    for e in &p.education {
        let mut stmt = conn.prepare_cached(&SAVE_EDUCATION)?;
        let vals = values(&e.tab);
        let raw = raw_json(Section::Education, &e.tab);
        let mut params: Vec<&dyn rusqlite::ToSql> = vec![&account_id, &e.level];
        params.extend(vals.iter().map(|v| v as &dyn rusqlite::ToSql));
        params.push(&raw);
        stmt.execute(params.as_slice())?;
    }
    match &p.certificate {
        Some(tab) => {
            let mut stmt = conn.prepare_cached(&SAVE_CERTIFICATE)?;
            let vals = values(tab);
            let raw = raw_json(Section::Certificate, tab);
            let mut params: Vec<&dyn rusqlite::ToSql> = vec![&account_id];
            params.extend(vals.iter().map(|v| v as &dyn rusqlite::ToSql));
            params.push(&raw);
            stmt.execute(params.as_slice())?;
        }
        None => {
            conn.prepare_cached("DELETE FROM profile_certificate WHERE account_id = ?1")?
                .execute([account_id])?;
        }
    }
    Ok(())
}

/// Reads a tab's values from a row whose columns start at `first`, with
/// the `raw` column right after them.
fn read_tab(section: Section, row: &Row<'_>, first: usize) -> rusqlite::Result<Tab> {
    let n = section.fields().len();
    let mut values = Vec::with_capacity(n);
    for i in first..first + n {
        values.push(match row.get_ref(i)? {
            ValueRef::Text(t) => Value::Ok(match std::str::from_utf8(t) {
                Ok(s) => s.to_owned(),
                Err(_) => String::from_utf8_lossy(t).into_owned(),
            }),
            ValueRef::Integer(i) => Value::Ok(i.to_string()),
            _ => Value::Blank,
        });
    }
    if let ValueRef::Text(raw) = row.get_ref(first + n)?
        && let Ok(serde_json::Value::Object(map)) = serde_json::from_slice(raw)
    {
        for (f, v) in section.fields().iter().zip(values.iter_mut()) {
            if let Some(serde_json::Value::String(s)) = map.get(f.label) {
                *v = Value::Raw(s.clone());
            }
        }
    }
    Ok(Tab { values, row: None })
}

fn stored_level(s: &str) -> &'static str {
    EDUCATION_LEVEL
        .values
        .iter()
        .copied()
        .find(|v| *v == s)
        .unwrap_or("本科")
}

/// Which residents to read.
#[derive(Debug, Clone, Copy)]
pub struct Filter {
    /// The organisation's row id.
    pub org_id: Option<i64>,
    /// Recruitment year (招收年份) of a training record (at `org_id` if given).
    pub year: Option<i32>,
    /// Only accounts whose row id lies in this range (inclusive), so that
    /// several threads can each read a part.
    pub ids: (i64, i64),
}

impl Default for Filter {
    fn default() -> Filter {
        Filter {
            org_id: None,
            year: None,
            ids: (i64::MIN, i64::MAX),
        }
    }
}

const ACCOUNTS: &str = "a.role = 'resident' AND (?1 IS NULL OR a.org_id = ?1)
     AND (?2 IS NULL OR EXISTS (SELECT 1 FROM training t WHERE t.account_id = a.id
                                AND t.recruit_year = ?2 AND (?1 IS NULL OR t.org_id = ?1)))
     AND a.id >= ?4 AND a.id <= ?5";

/// How many residents `filter` selects.
pub fn count(conn: &Connection, filter: Filter) -> Result<u64> {
    Ok(conn.query_row(
        &format!("SELECT count(*) FROM account a WHERE {ACCOUNTS}"),
        params![
            filter.org_id,
            filter.year,
            None::<i64>,
            filter.ids.0,
            filter.ids.1
        ],
        |r| r.get::<_, i64>(0),
    )? as u64)
}

/// The smallest and largest account row ids (for splitting the work).
pub fn id_range(conn: &Connection) -> Result<Option<(i64, i64)>> {
    Ok(
        conn.query_row("SELECT min(id), max(id) FROM account", [], |r| {
            Ok(
                match (r.get::<_, Option<i64>>(0)?, r.get::<_, Option<i64>>(1)?) {
                    (Some(a), Some(b)) => Some((a, b)),
                    _ => None,
                },
            )
        })?,
    )
}

/// The stored profile of one account (empty tabs when none was imported).
pub fn load(conn: &Connection, account_id: i64) -> Result<Profile> {
    let mut out = None;
    read(conn, Some(account_id), Filter::default(), 1, &mut |batch| {
        out = batch.into_iter().next();
        Ok(())
    })?;
    Ok(out.unwrap_or_default())
}

/// Reads the profiles of the residents `filter` selects, in account order,
/// and hands them to `f` in batches of `batch`. Three ordered scans (one
/// per tab) are merged by account, so the cost is a pass over each table.
pub fn stream(
    conn: &Connection,
    filter: Filter,
    batch: usize,
    f: &mut dyn FnMut(Vec<Profile>) -> Result<()>,
) -> Result<()> {
    read(conn, None, filter, batch, f)
}

fn read(
    conn: &Connection,
    one: Option<i64>,
    filter: Filter,
    batch: usize,
    f: &mut dyn FnMut(Vec<Profile>) -> Result<()>,
) -> Result<()> {
    let which = match one {
        Some(_) => "a.id = ?3".to_owned(),
        None => ACCOUNTS.to_owned(),
    };
    let mut accounts = conn.prepare(&format!(
        "SELECT a.id, a.id_number, a.name, a.id_type, b.account_id, {}, b.raw
         FROM account a LEFT JOIN profile_basic b ON b.account_id = a.id
         WHERE {which} ORDER BY a.id",
        Section::Basic
            .fields()
            .iter()
            .map(|f| format!("b.{}", f.column))
            .collect::<Vec<_>>()
            .join(", ")
    ))?;
    let mut education = conn.prepare(&format!(
        "SELECT e.account_id, e.level, {}, e.raw FROM profile_education e
         WHERE e.account_id >= ?4 AND e.account_id <= ?5
           AND e.account_id IN (SELECT a.id FROM account a WHERE {which})
         ORDER BY e.account_id",
        columns(Section::Education)
    ))?;
    let mut certificate = conn.prepare(&format!(
        "SELECT c.account_id, {}, c.raw FROM profile_certificate c
         WHERE c.account_id >= ?4 AND c.account_id <= ?5
           AND c.account_id IN (SELECT a.id FROM account a WHERE {which})
         ORDER BY c.account_id",
        columns(Section::Certificate)
    ))?;
    let args = params![filter.org_id, filter.year, one, filter.ids.0, filter.ids.1];
    // Statements with fewer parameters ignore the rest: bind by what each uses.
    let bind = |stmt: &mut rusqlite::Statement<'_>| -> rusqlite::Result<()> {
        let n = stmt.parameter_count();
        for (i, p) in args.iter().enumerate().take(n) {
            stmt.raw_bind_parameter(i + 1, p)?;
        }
        Ok(())
    };
    bind(&mut accounts)?;
    bind(&mut education)?;
    bind(&mut certificate)?;
    let mut acc_rows = accounts.raw_query();
    let mut edu_rows = education.raw_query();
    let mut cert_rows = certificate.raw_query();
    // The next education and certificate rows, read one ahead for the merge.
    let mut next_edu: Option<(i64, Education)> = None;
    let mut edu_done = false;
    let mut next_cert: Option<(i64, Tab)> = None;
    let mut cert_done = false;
    let mut out = Vec::with_capacity(batch);
    while let Some(r) = acc_rows.next()? {
        let id: i64 = r.get(0)?;
        let mut p = Profile {
            id_number: r.get(1)?,
            account: Some(AccountFacts {
                name: r.get(2)?,
                id_type: r.get(3)?,
            }),
            ..Profile::default()
        };
        if r.get_ref(4)? != ValueRef::Null {
            p.basic = Some(read_tab(Section::Basic, r, 5)?);
        }
        loop {
            if next_edu.is_none() && !edu_done {
                match edu_rows.next()? {
                    Some(e) => {
                        let level: String = e.get(1)?;
                        next_edu = Some((
                            e.get(0)?,
                            Education {
                                level: stored_level(&level),
                                tab: read_tab(Section::Education, e, 2)?,
                            },
                        ));
                    }
                    None => edu_done = true,
                }
            }
            match next_edu.take() {
                Some((eid, e)) if eid == id => p.education.push(e),
                Some((eid, _)) if eid < id => {}
                other => {
                    next_edu = other;
                    break;
                }
            }
        }
        p.education.sort_by_key(|e| level_rank(e.level));
        loop {
            if next_cert.is_none() && !cert_done {
                match cert_rows.next()? {
                    Some(c) => next_cert = Some((c.get(0)?, read_tab(Section::Certificate, c, 1)?)),
                    None => cert_done = true,
                }
            }
            match next_cert.take() {
                Some((cid, c)) if cid == id => p.certificate = Some(c),
                Some((cid, _)) if cid < id => {}
                other => {
                    next_cert = other;
                    break;
                }
            }
        }
        out.push(p);
        if out.len() >= batch {
            f(std::mem::replace(&mut out, Vec::with_capacity(batch)))?;
        }
    }
    if !out.is_empty() {
        f(out)?;
    }
    Ok(())
}
