//! Organisations: training bases (培训基地) and CME institutions (继教单位).

use crate::db::sql::{Connection, OptionalExtension, params};
use serde::Serialize;

use crate::error::{Error, Result};
use crate::history::{Change, Item, Who};
use crate::i18n::Msg;
use crate::msg;
use crate::rules::codes::Province;
use crate::rules::text::normalize;

/// What an organisation is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum OrgKind {
    /// 培训基地: a residency training base.
    Base,
    /// A hospital or institution whose staff take continuing medical education.
    Cme,
}

impl OrgKind {
    pub fn key(self) -> &'static str {
        match self {
            OrgKind::Base => "base",
            OrgKind::Cme => "cme",
        }
    }

    pub fn from_key(s: &str) -> Option<OrgKind> {
        match s {
            "base" => Some(OrgKind::Base),
            "cme" => Some(OrgKind::Cme),
            _ => None,
        }
    }
}

/// The level of an institution, which with a member's title decides their
/// credit standard (docs/domain.md#credit-standards).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
pub enum RegionLevel {
    #[serde(rename = "省级/三级医院")]
    Provincial,
    #[serde(rename = "市州级/二级以下医院")]
    Municipal,
    #[serde(rename = "县级")]
    County,
    #[serde(rename = "乡镇卫生院")]
    Township,
}

impl RegionLevel {
    pub const ALL: [RegionLevel; 4] = [
        RegionLevel::Provincial,
        RegionLevel::Municipal,
        RegionLevel::County,
        RegionLevel::Township,
    ];

    /// The name stored and shown, as the Sichuan platform lists it.
    pub fn label(self) -> &'static str {
        match self {
            RegionLevel::Provincial => "省级/三级医院",
            RegionLevel::Municipal => "市州级/二级以下医院",
            RegionLevel::County => "县级",
            RegionLevel::Township => "乡镇卫生院",
        }
    }

    /// Recognises the label, its halves (省级, 三级医院 …) and English names.
    pub fn parse(raw: &str) -> Option<RegionLevel> {
        let s: String = normalize(raw)
            .to_lowercase()
            .chars()
            .filter(|c| !c.is_whitespace())
            .collect();
        let s = s.replace(['、', ',', '/'], "/");
        Some(match s.as_str() {
            "省级/三级医院"
            | "省级"
            | "三级"
            | "三级医院"
            | "省级医院"
            | "provincial"
            | "tertiary" => RegionLevel::Provincial,
            "市州级/二级以下医院"
            | "市州级"
            | "市级"
            | "市州"
            | "二级以下医院"
            | "二级"
            | "二级医院"
            | "municipal"
            | "secondary" => RegionLevel::Municipal,
            "县级" | "县" | "县级医院" | "county" => RegionLevel::County,
            "乡镇卫生院" | "乡镇" | "乡镇级" | "township" => RegionLevel::Township,
            _ => return None,
        })
    }

    /// A member's 学分达标遵照: the region level whose standards they
    /// follow, named as a level (市州级) or as a standard of the platform's
    /// table, which names its level before the title level
    /// (市州级、二级以下医院高级, 县级、中级).
    pub fn of_standard(raw: &str) -> Option<RegionLevel> {
        RegionLevel::parse(raw).or_else(|| {
            let t = normalize(raw);
            let t = t.trim();
            ["高级", "中级", "初级", "无职称"]
                .iter()
                .find_map(|level| t.strip_suffix(level))
                .map(|rest| rest.trim_end_matches(['、', ',', ',', ' ']))
                .and_then(RegionLevel::parse)
        })
    }
}

/// An organisation as stored.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Org {
    #[serde(skip)]
    pub id: i64,
    pub code: String,
    pub name: String,
    /// GB/T 2260 two-digit code.
    pub province: Option<String>,
    pub kind: OrgKind,
    pub region_level: Option<RegionLevel>,
    /// 市 and 区/县 below the province, as written (the CME platform's
    /// 机构单位 is chosen by 省, 市, 区).
    pub city: Option<String>,
    pub district: Option<String>,
}

impl Org {
    /// The province's short name (`四川`), as `org list` shows it. Titles
    /// such as 四川省继续医学教育学分证明 take the full name
    /// ([`Province::full`]).
    pub fn province_name(&self) -> Option<&'static str> {
        self.province
            .as_deref()
            .and_then(Province::by_code)
            .map(|p| p.short)
    }
}

/// What `org add` is asked to create.
#[derive(Debug, Clone, Default)]
pub struct NewOrg {
    pub code: String,
    pub name: String,
    pub province: Option<String>,
    pub kind: Option<OrgKind>,
    pub region_level: Option<String>,
    pub city: Option<String>,
    pub district: Option<String>,
}

/// What `org add` did.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Added {
    Created,
    /// The organisation already existed exactly as asked.
    Unchanged,
}

fn from_row(r: &crate::db::sql::Row<'_>) -> crate::db::sql::Result<Org> {
    let kind: String = r.get(4)?;
    let level: Option<String> = r.get(5)?;
    Ok(Org {
        id: r.get(0)?,
        code: r.get(1)?,
        name: r.get(2)?,
        province: r.get(3)?,
        kind: OrgKind::from_key(&kind).unwrap_or(OrgKind::Base),
        region_level: level.as_deref().and_then(RegionLevel::parse),
        city: r.get(6)?,
        district: r.get(7)?,
    })
}

const SELECT: &str = "SELECT id, code, name, province, kind, region_level, city, district FROM org";

/// A place name as typed (市, 区/县): trimmed, none when blank.
fn place(raw: Option<&str>) -> Option<String> {
    raw.map(|p| normalize(p).trim().to_owned())
        .filter(|p| !p.is_empty())
}

/// The organisation with this code, if any.
pub fn get(conn: &Connection, code: &str) -> Result<Option<Org>> {
    Ok(conn
        .query_row(
            &format!("{SELECT} WHERE code = ?1"),
            [code.trim()],
            from_row,
        )
        .optional()?)
}

/// The organisation with this code; a clear error if there is none.
pub fn find(conn: &Connection, code: &str) -> Result<Org> {
    get(conn, code)?.ok_or_else(|| unknown(code))
}

/// The organisation with this code, which must be of `kind`: a training
/// base for residency commands, a CME institution for CME commands. A
/// question about an organisation of the other kind is a usage error.
pub fn find_kind(conn: &Connection, code: &str, kind: OrgKind) -> Result<Org> {
    let org = find(conn, code)?;
    if org.kind == kind {
        return Ok(org);
    }
    let (name, code) = (&org.name, &org.code);
    Err(Error::Usage(match kind {
        OrgKind::Base => msg!(
            "{name}({code})是继教单位,不是培训基地:此命令只用于培训基地",
            "{name} ({code}) is a CME institution, not a training base: this command is for training bases"
        ),
        OrgKind::Cme => msg!(
            "{name}({code})是培训基地,不是继教单位:此命令只用于继教单位",
            "{name} ({code}) is a training base, not a CME institution: this command is for CME institutions"
        ),
    }))
}

fn unknown(code: &str) -> Error {
    Error::Usage(msg!(
        "没有代码为 {code} 的机构(用 meded org list 查看,meded org add 添加)",
        "no organisation with code {code} (see meded org list; add one with meded org add)"
    ))
}

/// The id of a department (科室) of an organisation, created on first use:
/// departments are what the rosters call them.
pub fn department_id(conn: &Connection, org_id: i64, name: &str) -> Result<i64> {
    conn.prepare_cached(
        "INSERT INTO department (org_id, name) VALUES (?1, ?2) ON CONFLICT DO NOTHING",
    )?
    .execute(params![org_id, name])?;
    Ok(conn
        .prepare_cached("SELECT id FROM department WHERE org_id = ?1 AND name = ?2")?
        .query_row(params![org_id, name], |r| r.get(0))?)
}

/// The id of a department of an organisation, if it has one of this name.
pub fn find_department(conn: &Connection, org_id: i64, name: &str) -> Result<Option<i64>> {
    Ok(conn
        .prepare_cached("SELECT id FROM department WHERE org_id = ?1 AND name = ?2")?
        .query_row(params![org_id, name], |r| r.get(0))
        .optional()?)
}

fn check_code(code: &str) -> Result<(), Msg> {
    if code.is_empty() || code.chars().count() > 32 || code.chars().any(char::is_whitespace) {
        return Err(msg!(
            "机构代码“{code}”无效:应为 1–32 个字符,不含空格",
            "invalid organisation code '{code}': 1–32 characters without blanks"
        ));
    }
    Ok(())
}

/// A province as typed (short or full name, or code), as its GB/T 2260 code.
pub fn parse_province(raw: Option<&str>) -> Result<Option<String>> {
    let Some(p) = raw.map(str::trim).filter(|s| !s.is_empty()) else {
        return Ok(None);
    };
    Province::find(p)
        .map(|found| Some(found.code.to_owned()))
        .ok_or_else(|| {
            Error::Usage(msg!(
                "不认识的省份“{p}”:请用简称、全称或两位代码",
                "unknown province '{p}': use its short name, full name or two-digit code"
            ))
        })
}

/// A region level as typed.
fn parse_region_level(raw: Option<&str>) -> Result<Option<RegionLevel>> {
    let Some(l) = raw.map(str::trim).filter(|s| !s.is_empty()) else {
        return Ok(None);
    };
    RegionLevel::parse(l).map(Some).ok_or_else(|| {
        let all: Vec<&str> = RegionLevel::ALL.iter().map(|l| l.label()).collect();
        let all = all.join(", ");
        Error::Usage(msg!(
            "不认识的区域等级“{l}”:可用 {all}",
            "unknown region level '{l}': use one of {all}"
        ))
    })
}

/// Adds an organisation. Adding one that exists with the same details is
/// not an error (scripts run twice); different details are.
pub fn add(conn: &mut Connection, new: &NewOrg, who: &Who) -> Result<(Added, Org)> {
    let code = normalize(&new.code).into_owned();
    check_code(&code).map_err(Error::Usage)?;
    let name = normalize(&new.name).into_owned();
    if name.is_empty() {
        return Err(Error::Usage(msg!(
            "机构名称为空",
            "the organisation name is empty"
        )));
    }
    let province = parse_province(new.province.as_deref())?;
    let region_level = parse_region_level(new.region_level.as_deref())?;
    let kind = new.kind.unwrap_or(OrgKind::Base);
    let wanted = Org {
        id: 0,
        code: code.clone(),
        name,
        province,
        kind,
        region_level,
        city: place(new.city.as_deref()),
        district: place(new.district.as_deref()),
    };
    let tx = crate::db::write(conn)?;
    if let Some(existing) = get(&tx, &code)? {
        let same = Org {
            id: 0,
            ..existing.clone()
        } == wanted;
        if same {
            return Ok((Added::Unchanged, existing));
        }
        return Err(Error::Usage(msg!(
            "机构 {code} 已存在({}),但信息不同;不会覆盖",
            "the organisation {code} already exists ({}) with other details; it is not overwritten",
            existing.name
        )));
    }
    let change = Change::begin(&tx, who)?;
    tx.execute(
        "INSERT INTO org (code, name, province, kind, region_level, created_change, city,
                          district)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
        params![
            wanted.code,
            wanted.name,
            wanted.province,
            wanted.kind.key(),
            wanted.region_level.map(RegionLevel::label),
            change.id,
            wanted.city,
            wanted.district
        ],
    )?;
    let id = tx.last_insert_rowid();
    change.log(
        &tx,
        &Item {
            subject: &code,
            entity: "org",
            action: "create",
            after: Some(&wanted.name),
            ..Item::default()
        },
    )?;
    tx.commit()?;
    Ok((Added::Created, Org { id, ..wanted }))
}

/// What `org update` changes; `None` leaves a detail as it is.
#[derive(Debug, Clone, Default)]
pub struct OrgUpdate {
    pub name: Option<String>,
    pub province: Option<String>,
    pub region_level: Option<String>,
    pub city: Option<String>,
    pub district: Option<String>,
}

/// Changes an organisation's name, province, city, district or region level, logging each
/// change. Its code and kind never change: other records name it by code,
/// and its accounts are of its kind. Standards already assigned and
/// certificates already issued keep what they were made from.
pub fn update(
    conn: &mut Connection,
    code: &str,
    upd: &OrgUpdate,
    who: &Who,
) -> Result<(Org, usize)> {
    let tx = crate::db::write(conn)?;
    let old = find(&tx, code)?;
    let name = match upd.name.as_deref().map(|n| normalize(n).into_owned()) {
        Some(n) if n.is_empty() => {
            return Err(Error::Usage(msg!(
                "机构名称为空",
                "the organisation name is empty"
            )));
        }
        Some(n) => n,
        None => old.name.clone(),
    };
    let province = match upd.province.as_deref() {
        Some(p) => parse_province(Some(p))?,
        None => old.province.clone(),
    };
    let region_level = match upd.region_level.as_deref() {
        Some(l) => parse_region_level(Some(l))?,
        None => old.region_level,
    };
    let new = Org {
        name,
        province,
        region_level,
        city: match upd.city.as_deref() {
            Some(c) => place(Some(c)),
            None => old.city.clone(),
        },
        district: match upd.district.as_deref() {
            Some(d) => place(Some(d)),
            None => old.district.clone(),
        },
        ..old.clone()
    };
    let change = Change::begin(&tx, who)?;
    let level = |l: Option<RegionLevel>| l.map(RegionLevel::label);
    let mut changed = 0;
    for (field, before, after) in [
        ("名称", Some(old.name.as_str()), Some(new.name.as_str())),
        ("省份", old.province.as_deref(), new.province.as_deref()),
        ("区域等级", level(old.region_level), level(new.region_level)),
        ("市", old.city.as_deref(), new.city.as_deref()),
        ("区县", old.district.as_deref(), new.district.as_deref()),
    ] {
        if change.log_field(&tx, &old.code, "org", field, before, after)? {
            changed += 1;
        }
    }
    if changed > 0 {
        tx.execute(
            "UPDATE org SET name = ?2, province = ?3, region_level = ?4, city = ?5,
                            district = ?6
             WHERE id = ?1",
            params![
                new.id,
                new.name,
                new.province,
                level(new.region_level),
                new.city,
                new.district
            ],
        )?;
        tx.commit()?;
    }
    Ok((new, changed))
}

/// An organisation with the number of its accounts.
#[derive(Debug, Clone, Serialize)]
pub struct OrgSummary {
    #[serde(flatten)]
    pub org: Org,
    pub accounts: i64,
}

/// Every organisation, by code.
pub fn list(conn: &Connection) -> Result<Vec<OrgSummary>> {
    let mut stmt = conn.prepare(
        "SELECT o.id, o.code, o.name, o.province, o.kind, o.region_level, o.city, o.district,
                (SELECT count(*) FROM account a WHERE a.org_id = o.id)
         FROM org o ORDER BY o.code",
    )?;
    let rows = stmt.query_map([], |r| {
        Ok(OrgSummary {
            org: from_row(r)?,
            accounts: r.get(8)?,
        })
    })?;
    Ok(rows.collect::<crate::db::sql::Result<_>>()?)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_standard_to_follow_names_its_region_level() {
        for (raw, level) in [
            ("市州级", RegionLevel::Municipal),
            ("市州级、二级以下医院高级", RegionLevel::Municipal),
            ("县级、中级", RegionLevel::County),
            ("省级、三级医院初级", RegionLevel::Provincial),
            ("乡镇卫生院", RegionLevel::Township),
        ] {
            assert_eq!(RegionLevel::of_standard(raw), Some(level), "{raw}");
        }
        assert_eq!(RegionLevel::of_standard("高级"), None);
        assert_eq!(RegionLevel::of_standard("国家标准"), None);
    }

    #[test]
    fn region_levels_by_any_name() {
        assert_eq!(RegionLevel::parse("市州级"), Some(RegionLevel::Municipal));
        assert_eq!(
            RegionLevel::parse("三级医院"),
            Some(RegionLevel::Provincial)
        );
        assert_eq!(
            RegionLevel::parse("省级、三级医院"),
            Some(RegionLevel::Provincial)
        );
        assert_eq!(RegionLevel::parse("township"), Some(RegionLevel::Township));
        for l in RegionLevel::ALL {
            assert_eq!(RegionLevel::parse(l.label()), Some(l));
        }
        assert_eq!(RegionLevel::parse("村级"), None);
    }
}
