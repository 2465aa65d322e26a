//! `credit-standard assign`: a member's standard for a year (个人学分标准),
//! from the table of their institution's province, the institution's
//! region level and the level of their technical title, with the reasons
//! kept beside it.

use std::collections::{BTreeMap, HashMap, HashSet};

use crate::db::sql::{Connection, OptionalExtension, params};
use serde::Serialize;

use super::{InForce, Standard};
use crate::account::{Role, no_account};
use crate::error::{Error, Result};
use crate::history::{Change, Item, Who};
use crate::i18n::Msg;
use crate::msg;
use crate::org::RegionLevel;
use crate::rules::text::{identifier, normalize};
use crate::rules::title::{self, Classified};

/// Where the region level came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum RegionSource {
    /// The member's organisation.
    Org,
    /// `--region-level`.
    Option,
    /// The member's registration (学分达标遵照).
    Registration,
}

/// What happened to the member's standard for the year.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Outcome {
    Assigned,
    /// The same standard was assigned already, from the same title.
    Unchanged,
    /// Another standard (or the same from another title) was replaced.
    Replaced,
}

/// One member's assignment, with the reasons.
#[derive(Debug, Clone, Serialize)]
pub struct Assignment {
    pub id_number: String,
    pub name: String,
    pub org: String,
    pub year: i32,
    /// The standard's code, e.g. SCJA4.
    pub code: String,
    pub title: String,
    pub title_level: Classified,
    pub region_level: RegionLevel,
    pub region_source: RegionSource,
    /// A member without a title follows the 初级 standard when the table
    /// names no standard for 无职称.
    pub untitled_as_junior: bool,
    pub standard: Standard,
    pub outcome: Outcome,
    /// The code assigned before, when replaced.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub previous: Option<String>,
}

/// What `assign ID` is asked.
#[derive(Debug, Clone)]
pub struct Request {
    pub id_number: String,
    pub year: i32,
    /// The title to derive the level from; the recorded one when absent.
    pub title: Option<String>,
    pub region_level: Option<String>,
}

fn parse_region(raw: &str) -> Result<RegionLevel> {
    RegionLevel::parse(raw).ok_or_else(|| {
        let all = super::REGION_LEVELS.join(", ");
        Error::Usage(msg!(
            "不认识的区域等级“{raw}”:可用 {all}",
            "unknown region level '{raw}': use one of {all}"
        ))
    })
}

/// A member as assignment needs them.
struct Member {
    account_id: i64,
    id_number: String,
    name: String,
    org: String,
    /// GB/T 2260 code of the organisation's province: whose table applies.
    org_province: Option<String>,
    org_region: Option<RegionLevel>,
    /// 学分达标遵照: the region level the member registered to follow.
    standard_region: Option<RegionLevel>,
    title: Option<String>,
}

/// The table a member of `org` follows in `year`: that of the
/// organisation's province; a clear refusal, saying what to do, when the
/// organisation has no province or the province no table in force.
fn table_for(conn: &Connection, org: &str, province: Option<&str>, year: i32) -> Result<InForce> {
    match province {
        Some(p) => InForce::load(conn, p, year),
        None => Err(Error::Usage(msg!(
            "机构 {org} 没有登记省份,无法确定适用哪个省的学分标准:请用 meded org update --code {org} --province 省份 设定",
            "the organisation {org} has no province, so no province's credit standards apply; set it with meded org update --code {org} --province P"
        ))),
    }
}

/// The standard a member gets, and what it follows from.
struct Derived<'a> {
    title: String,
    level: Classified,
    region: RegionLevel,
    source: RegionSource,
    picked: super::Picked<'a>,
}

/// The standard a member gets, or why none.
fn derive<'a>(
    table: &'a InForce,
    m: &Member,
    title_text: Option<&str>,
    region_override: Option<RegionLevel>,
    classify: &mut dyn FnMut(&str) -> Result<Classified, Msg>,
) -> Result<Derived<'a>, Msg> {
    let title = title_text.or(m.title.as_deref()).unwrap_or("").to_owned();
    let level = classify(&title)?;
    // The institution's level is the unit's word; what the member gave at
    // registration (学分达标遵照) stands in where the institution has none.
    let (region, source) = match (region_override, m.org_region, m.standard_region) {
        (Some(r), ..) => (r, RegionSource::Option),
        (None, Some(r), _) => (r, RegionSource::Org),
        (None, None, Some(r)) => (r, RegionSource::Registration),
        (None, None, None) => {
            let org = &m.org;
            return Err(msg!(
                "机构 {org} 没有区域等级:请用 --region-level 指定",
                "the organisation {org} has no region level; give one with --region-level"
            ));
        }
    };
    let picked = table.pick(region, level.level).ok_or_else(|| {
        let (rl, tl, v) = (region.label(), level.level.label(), table.version);
        msg!(
            "起始年度 {v} 的标准中没有 {rl} × {tl} 的标准",
            "the standards from {v} have none for {rl} × {tl}"
        )
    })?;
    Ok(Derived {
        title,
        level,
        region,
        source,
        picked,
    })
}

/// Writes an assignment; returns the outcome and the code replaced.
fn write(
    tx: &Connection,
    change: &Change,
    m: &Member,
    year: i32,
    d: &Derived<'_>,
    before: Option<&(i64, Option<String>, String)>,
) -> Result<(Outcome, Option<String>)> {
    let (title, level, region) = (d.title.as_str(), d.level, d.region);
    let standard = d.picked.standard;
    let outcome = match before {
        None => Outcome::Assigned,
        Some((id, t, _)) if *id == standard.id && t.as_deref() == Some(title) => {
            return Ok((Outcome::Unchanged, None));
        }
        Some(_) => Outcome::Replaced,
    };
    tx.prepare_cached(
        "INSERT INTO member_standard (account_id, year, standard_id, title, title_level,
                                      region_level, change_id)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)
         ON CONFLICT (account_id, year) DO UPDATE SET
             standard_id = excluded.standard_id, title = excluded.title,
             title_level = excluded.title_level, region_level = excluded.region_level,
             change_id = excluded.change_id",
    )?
    .execute(params![
        m.account_id,
        year,
        standard.id,
        title,
        level.level.label(),
        region.label(),
        change.id
    ])?;
    let previous = before.map(|(_, _, code)| code.clone());
    let note = format!(
        "{year}: {} × {} ({title})",
        region.label(),
        level.describe()
    );
    change.log(
        tx,
        &Item {
            subject: &m.id_number,
            entity: "credit_standard",
            action: "assign",
            field: Some("学分标准"),
            before: previous.as_deref(),
            after: Some(&standard.code),
            note: Some(&note),
        },
    )?;
    Ok((outcome, previous))
}

const MEMBER_SELECT: &str =
    "SELECT a.id, a.id_number, a.name, coalesce(o.code, ''), o.region_level, a.title, a.role,
            o.province, a.standard_region
     FROM account a LEFT JOIN org o ON o.id = a.org_id";

fn member_from_row(r: &crate::db::sql::Row<'_>) -> crate::db::sql::Result<(Member, String)> {
    let region: Option<String> = r.get(4)?;
    Ok((
        Member {
            account_id: r.get(0)?,
            id_number: r.get(1)?,
            name: r.get(2)?,
            org: r.get(3)?,
            org_province: r.get(7)?,
            org_region: region.as_deref().and_then(RegionLevel::parse),
            standard_region: r
                .get::<_, Option<String>>(8)?
                .as_deref()
                .and_then(RegionLevel::parse),
            title: r.get(5)?,
        },
        r.get(6)?,
    ))
}

/// Assigns one member their standard for a year and says which and why.
pub fn assign_one(conn: &mut Connection, req: &Request, who: &Who) -> Result<Assignment> {
    let id_number = identifier(&req.id_number);
    let region_override = req.region_level.as_deref().map(parse_region).transpose()?;
    let tx = crate::db::write(conn)?;
    let found = tx
        .query_row(
            &format!("{MEMBER_SELECT} WHERE a.id_number = ?1"),
            [&id_number],
            member_from_row,
        )
        .optional()?;
    let m = match found {
        None => return Err(no_account(&id_number)),
        Some((m, role)) if role == Role::Member.key() => m,
        Some((_, role)) => {
            let role = Role::from_key(&role).map_or("?", Role::label);
            return Err(Error::Usage(msg!(
                "{id_number} 是{role}账号,不是继教人员",
                "{id_number} is a {role} account, not a CME member"
            )));
        }
    };
    let table = table_for(&tx, &m.org, m.org_province.as_deref(), req.year)?;
    let title_text = req.title.as_deref().map(|t| normalize(t).into_owned());
    let d = derive(
        &table,
        &m,
        title_text.as_deref(),
        region_override,
        &mut title::classify,
    )
    .map_err(Error::Usage)?;
    let before = existing(&tx, m.account_id, req.year)?;
    let change = Change::begin(&tx, who)?;
    let (outcome, previous) = write(&tx, &change, &m, req.year, &d, before.as_ref())?;
    if outcome != Outcome::Unchanged {
        tx.commit()?;
    }
    Ok(Assignment {
        id_number: m.id_number,
        name: m.name,
        org: m.org,
        year: req.year,
        code: d.picked.standard.code.clone(),
        title: d.title.clone(),
        title_level: d.level,
        region_level: d.region,
        region_source: d.source,
        untitled_as_junior: d.picked.untitled_as_junior,
        standard: d.picked.standard.clone(),
        outcome,
        previous,
    })
}

/// A member's title changed (an approved archive change): the standard
/// the years not yet assigned will follow changes with it. Years already
/// assigned keep the standard and the title they were assigned from (a
/// past year's standard never changes silently); the years from `year` on
/// that have none follow the new title when assigned. When the two titles
/// give different standards in the table in force in `year`, the change is
/// logged (学分标准, before → after); says what it logged. Nothing is
/// logged when either title cannot be classified or no table applies.
pub fn follow_title(
    tx: &Connection,
    change: &Change,
    id_number: &str,
    year: i32,
    old_title: Option<&str>,
    new_title: &str,
) -> Result<Option<(String, String)>> {
    let Some((m, _)) = tx
        .query_row(
            &format!("{MEMBER_SELECT} WHERE a.id_number = ?1"),
            [id_number],
            member_from_row,
        )
        .optional()?
    else {
        return Ok(None);
    };
    let Some(province) = m.org_province.as_deref() else {
        return Ok(None);
    };
    let table = match InForce::load(tx, province, year) {
        Ok(t) => t,
        Err(Error::Usage(_)) => return Ok(None),
        Err(e) => return Err(e),
    };
    let code = |title: Option<&str>| -> Option<String> {
        let d = derive(&table, &m, Some(title?), None, &mut title::classify).ok()?;
        Some(d.picked.standard.code.clone())
    };
    let (Some(before), Some(after)) = (code(old_title), code(Some(new_title))) else {
        return Ok(None);
    };
    if before == after {
        return Ok(None);
    }
    let note = format!("{year} 年起未分配学分标准的年度按新职称“{new_title}”");
    change.log(
        tx,
        &Item {
            subject: id_number,
            entity: "credit_standard",
            action: "follow",
            field: Some("学分标准"),
            before: Some(&before),
            after: Some(&after),
            note: Some(&note),
        },
    )?;
    Ok(Some((before, after)))
}

/// The standard assigned to an account for a year: (standard id, title, code).
fn existing(
    tx: &Connection,
    account_id: i64,
    year: i32,
) -> Result<Option<(i64, Option<String>, String)>> {
    Ok(tx
        .prepare_cached(
            "SELECT m.standard_id, m.title, s.code FROM member_standard m
             JOIN credit_standard s ON s.id = m.standard_id
             WHERE m.account_id = ?1 AND m.year = ?2",
        )?
        .query_row(params![account_id, year], |r| {
            Ok((r.get(0)?, r.get(1)?, r.get(2)?))
        })
        .optional()?)
}

/// A member who could not be assigned a standard.
#[derive(Debug, Clone, Serialize)]
pub struct Failure {
    pub id_number: String,
    pub name: String,
    #[serde(skip)]
    pub message: Msg,
}

/// A province's table a bulk assignment used.
#[derive(Debug, Clone, Default, Serialize)]
pub struct TableUsed {
    /// GB/T 2260 code.
    pub province: String,
    /// 起始年度 of the province's table in force.
    pub version: i32,
}

/// What a bulk assignment did.
#[derive(Debug, Clone, Default, Serialize)]
pub struct BulkReport {
    pub year: i32,
    /// 起始年度 of the table used (of the first in `tables` when the
    /// members are of several provinces).
    pub version: i32,
    /// Each province's table used.
    pub tables: Vec<TableUsed>,
    pub assigned: u64,
    pub unchanged: u64,
    pub replaced: u64,
    /// Members per standard code, after the assignment.
    pub by_code: BTreeMap<String, u64>,
    pub failed: Vec<Failure>,
}

/// Assigns every member of an organisation (or, with `org` None, of the
/// database) their standard for a year from their recorded title.
pub fn assign_all(
    conn: &mut Connection,
    org: Option<&str>,
    year: i32,
    region_level: Option<&str>,
    who: &Who,
    progress: &dyn Fn(u64, u64),
) -> Result<BulkReport> {
    let region_override = region_level.map(parse_region).transpose()?;
    let tx = crate::db::write(conn)?;
    let org_id = match org {
        Some(code) => Some(crate::org::find_kind(&tx, code, crate::org::OrgKind::Cme)?.id),
        None => None,
    };
    let mut before: HashMap<i64, (i64, Option<String>, String)> = HashMap::new();
    {
        let mut stmt = tx.prepare(
            "SELECT m.account_id, m.standard_id, m.title, s.code FROM member_standard m
             JOIN credit_standard s ON s.id = m.standard_id WHERE m.year = ?1",
        )?;
        let rows = stmt.query_map([year], |r| {
            Ok((r.get::<_, i64>(0)?, (r.get(1)?, r.get(2)?, r.get(3)?)))
        })?;
        for row in rows {
            let (k, v) = row?;
            before.insert(k, v);
        }
    }
    let members: Vec<Member> = {
        let mut stmt = tx.prepare(&format!(
            "{MEMBER_SELECT} WHERE a.role = 'member' AND (?1 IS NULL OR a.org_id = ?1)
             ORDER BY a.id"
        ))?;
        let rows = stmt.query_map([org_id], member_from_row)?;
        rows.map(|r| r.map(|(m, _)| m))
            .collect::<crate::db::sql::Result<_>>()?
    };
    // Each organisation's province and its table, before anything is
    // written: an organisation without a province, or a province without a
    // table in force, refuses the whole run with what to do about each.
    let mut tables: BTreeMap<String, InForce> = BTreeMap::new();
    let mut problems: Vec<Msg> = Vec::new();
    let mut orgs_seen: HashSet<&str> = HashSet::new();
    for m in &members {
        if !orgs_seen.insert(m.org.as_str()) {
            continue;
        }
        match m.org_province.as_deref() {
            Some(p) if tables.contains_key(p) => {}
            p => match table_for(&tx, &m.org, p, year) {
                Ok(t) => {
                    tables.insert(t.province.clone(), t);
                }
                Err(Error::Usage(why)) => {
                    if !problems.contains(&why) {
                        problems.push(why);
                    }
                }
                Err(e) => return Err(e),
            },
        }
    }
    if let Some(first) = problems.first() {
        let all = problems[1..].iter().fold(first.clone(), |a, m| a.join(m));
        return Err(Error::Usage(all));
    }
    let change = Change::begin(&tx, who)?;
    let mut report = BulkReport {
        year,
        version: tables.values().next().map_or(0, |t| t.version),
        tables: tables
            .values()
            .map(|t| TableUsed {
                province: t.province.clone(),
                version: t.version,
            })
            .collect(),
        ..BulkReport::default()
    };
    // Titles repeat: each distinct one is classified once.
    let mut levels: HashMap<String, Result<Classified, Msg>> = HashMap::new();
    let mut classify = |t: &str| -> Result<Classified, Msg> {
        levels
            .entry(t.to_owned())
            .or_insert_with(|| title::classify(t))
            .clone()
    };
    let total = members.len() as u64;
    for (i, m) in members.iter().enumerate() {
        if i % 4096 == 0 {
            progress(i as u64, total);
        }
        // Every member's province has a table: checked above.
        let Some(table) = m.org_province.as_deref().and_then(|p| tables.get(p)) else {
            continue;
        };
        match derive(table, m, None, region_override, &mut classify) {
            Err(message) => report.failed.push(Failure {
                id_number: m.id_number.clone(),
                name: m.name.clone(),
                message,
            }),
            Ok(d) => {
                let (outcome, _) = write(&tx, &change, m, year, &d, before.get(&m.account_id))?;
                match outcome {
                    Outcome::Assigned => report.assigned += 1,
                    Outcome::Unchanged => report.unchanged += 1,
                    Outcome::Replaced => report.replaced += 1,
                }
                *report
                    .by_code
                    .entry(d.picked.standard.code.clone())
                    .or_default() += 1;
            }
        }
    }
    progress(total, total);
    if report.assigned + report.replaced > 0 {
        tx.commit()?;
    }
    Ok(report)
}
