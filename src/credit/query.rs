//! The CME office's queries across its members (学分综合查询): the credit
//! records of an organisation, filtered by year or span, credit type,
//! review state, project (number or name) and member, a page at a time;
//! and the totals per member of what the filter selects.

use crate::db::sql::{Connection, ToSql};
use serde::Serialize;

use super::{CreditRecord, CreditStatus, RECORD_SELECT, record_from_row};
use crate::error::{Error, Result};
use crate::i18n::Msg;
use crate::msg;
use crate::rules::credit::{CreditType, Credits};
use crate::rules::text::{identifier, normalize};

/// What to select: the records of one organisation's members, narrowed by
/// each filter given.
#[derive(Debug, Clone, Default)]
pub struct Filter {
    /// The organisation (code).
    pub org: String,
    /// From this year (举办年度), inclusive.
    pub from: Option<i32>,
    /// Up to this year, inclusive.
    pub to: Option<i32>,
    pub kind: Option<CreditType>,
    pub status: Option<CreditStatus>,
    /// Part of the 项目编号 or the 项目名称.
    pub project: Option<String>,
    /// One member (ID number).
    pub member: Option<String>,
}

/// One page of records.
#[derive(Debug, Clone, Serialize)]
pub struct Page {
    pub org: String,
    /// Records the filter selects, on every page.
    pub total: u64,
    pub page: u64,
    /// Records per page (0: all on one page).
    pub per_page: u64,
    pub pages: u64,
    pub records: Vec<CreditRecord>,
}

/// What the filter selects of one member's records, summed.
#[derive(Debug, Clone, Serialize)]
pub struct MemberTotals {
    pub id_number: String,
    pub name: String,
    pub records: u64,
    pub national_1: Credits,
    pub provincial_1: Credits,
    pub class_2: Credits,
    pub total: Credits,
}

/// The totals of an organisation's members.
#[derive(Debug, Clone, Serialize)]
pub struct Totals {
    pub org: String,
    /// Members with at least one record selected.
    pub members: u64,
    pub records: u64,
    pub totals: Vec<MemberTotals>,
}

/// The WHERE clause of a filter and its parameters. Only the filters given
/// are written, so that the query planner can use an index for them.
struct Where {
    sql: String,
    params: Vec<Box<dyn ToSql>>,
    /// Whether it names the project's texts (credit_project `p`), which a
    /// count then joins; otherwise a count reads the index alone.
    project: bool,
}

impl Where {
    /// What a query of the records a filter selects reads from.
    fn from(&self) -> &'static str {
        if self.project {
            " FROM credit c JOIN account a ON a.id = c.account_id
              JOIN credit_project p ON p.id = c.project_id"
        } else {
            " FROM credit c JOIN account a ON a.id = c.account_id"
        }
    }
}

/// The WHERE clause of a filter, or why it selects no one (a member who is
/// not one of the organisation's).
fn build(conn: &Connection, f: &Filter) -> Result<std::result::Result<Where, Msg>> {
    let org = crate::org::find_kind(conn, &f.org, crate::org::OrgKind::Cme)?;
    let mut sql = String::from(" WHERE a.org_id = ?1");
    let mut params: Vec<Box<dyn ToSql>> = vec![Box::new(org.id)];
    let mut add = |cond: &str, p: Box<dyn ToSql>| {
        params.push(p);
        sql.push_str(&cond.replace('?', &format!("?{}", params.len())));
    };
    if let Some(m) = &f.member {
        let id_number = identifier(m);
        let found = match crate::account::find_member(conn, &id_number)? {
            Ok(f) => f,
            Err(m) => return Ok(Err(m)),
        };
        if found.org_id != org.id {
            let (code, o) = (&found.org_code, &org.code);
            return Ok(Err(msg!(
                "{id_number} 属于单位 {code},不在 {o} 的范围内",
                "{id_number} belongs to {code}, outside {o}"
            )));
        }
        add(" AND c.account_id = ?", Box::new(found.id));
    }
    match (f.from, f.to) {
        (Some(a), Some(b)) if a == b => add(" AND c.year = ?", Box::new(a)),
        (a, b) => {
            if let Some(a) = a {
                add(" AND c.year >= ?", Box::new(a));
            }
            if let Some(b) = b {
                add(" AND c.year <= ?", Box::new(b));
            }
        }
    }
    if let Some(k) = f.kind {
        add(" AND c.kind = ?", Box::new(k.label()));
    }
    if let Some(s) = f.status {
        add(" AND c.status = ?", Box::new(s));
    }
    let mut project = false;
    if let Some(p) = f
        .project
        .as_deref()
        .map(normalize)
        .filter(|p| !p.is_empty())
    {
        let p = p.into_owned();
        params.push(Box::new(p));
        let n = params.len();
        sql.push_str(&format!(
            " AND (instr(c.project_no, ?{n}) > 0 OR instr(p.name, ?{n}) > 0)"
        ));
        project = true;
    }
    Ok(Ok(Where {
        sql,
        params,
        project,
    }))
}

fn check_span(f: &Filter) -> Result<()> {
    if let (Some(a), Some(b)) = (f.from, f.to)
        && a > b
    {
        return Err(Error::Usage(msg!(
            "起始年度 {a} 晚于截止年度 {b}",
            "the span starts in {a}, after it ends in {b}"
        )));
    }
    Ok(())
}

/// One page (from 1) of the records a filter selects, by member (in the
/// order they were registered), year and date; `per_page` 0 lists all. Or
/// why the filter selects no one.
pub fn list(
    conn: &Connection,
    f: &Filter,
    page: u64,
    per_page: u64,
) -> Result<std::result::Result<Page, Msg>> {
    check_span(f)?;
    if page == 0 {
        return Err(Error::Usage(msg!("页码从 1 开始", "pages start at 1")));
    }
    let w = match build(conn, f)? {
        Ok(w) => w,
        Err(m) => return Ok(Err(m)),
    };
    let refs: Vec<&dyn ToSql> = w.params.iter().map(|p| p.as_ref()).collect();
    let total: i64 = conn.query_row(
        &format!("SELECT count(*){}{}", w.from(), w.sql),
        refs.as_slice(),
        |r| r.get(0),
    )?;
    let total = total as u64;
    let limit = if per_page == 0 {
        String::new()
    } else {
        let offset = (page - 1).saturating_mul(per_page);
        format!(" LIMIT {per_page} OFFSET {offset}")
    };
    let mut stmt = conn.prepare(&format!(
        "{RECORD_SELECT}{} ORDER BY a.id, c.year, c.start_date, c.id{limit}",
        w.sql
    ))?;
    let records = stmt
        .query_map(refs.as_slice(), record_from_row)?
        .collect::<crate::db::sql::Result<Vec<_>>>()?;
    let pages = match per_page {
        0 => u64::from(total > 0),
        n => total.div_ceil(n),
    };
    Ok(Ok(Page {
        org: f.org.clone(),
        total,
        page,
        per_page,
        pages,
        records,
    }))
}

/// The totals per member of what a filter selects: records and credits by
/// class. Every state counts unless the filter names one.
pub fn totals(conn: &Connection, f: &Filter) -> Result<std::result::Result<Totals, Msg>> {
    check_span(f)?;
    let w = match build(conn, f)? {
        Ok(w) => w,
        Err(m) => return Ok(Err(m)),
    };
    let refs: Vec<&dyn ToSql> = w.params.iter().map(|p| p.as_ref()).collect();
    let kinds: Vec<Box<dyn ToSql>> = CreditType::ALL
        .iter()
        .map(|k| Box::new(k.label()) as Box<dyn ToSql>)
        .collect();
    let n = w.params.len();
    let sql = format!(
        "SELECT a.id_number, a.name, count(*),
                sum(CASE WHEN c.kind = ?{k1} THEN c.credits ELSE 0 END),
                sum(CASE WHEN c.kind = ?{k2} THEN c.credits ELSE 0 END),
                sum(CASE WHEN c.kind = ?{k3} THEN c.credits ELSE 0 END),
                sum(c.credits){}{}
         GROUP BY a.id ORDER BY a.id",
        w.from(),
        w.sql,
        k1 = n + 1,
        k2 = n + 2,
        k3 = n + 3,
    );
    let mut all: Vec<&dyn ToSql> = refs;
    all.extend(kinds.iter().map(|k| k.as_ref()));
    let mut stmt = conn.prepare(&sql)?;
    let rows = stmt.query_map(all.as_slice(), |r| {
        Ok(MemberTotals {
            id_number: r.get(0)?,
            name: r.get(1)?,
            records: r.get::<_, i64>(2)? as u64,
            national_1: Credits(r.get(3)?),
            provincial_1: Credits(r.get(4)?),
            class_2: Credits(r.get(5)?),
            total: Credits(r.get(6)?),
        })
    })?;
    let totals: Vec<MemberTotals> = rows.collect::<crate::db::sql::Result<_>>()?;
    Ok(Ok(Totals {
        org: f.org.clone(),
        members: totals.len() as u64,
        records: totals.iter().map(|t| t.records).sum(),
        totals,
    }))
}
