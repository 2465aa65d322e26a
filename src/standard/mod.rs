//! CME credit standards (学分标准, docs/domain.md#credit-standards): the tables,
//! which standard applies to whom, and who meets theirs.
//!
//! A standard table is versioned by the year it applies from (起始年度):
//! for year Y the version in force is the one with the greatest from_year
//! ≤ Y. The Sichuan CME platform's table (SCJA1–SCJA10) ships as the version
//! of 2016; other provinces import theirs (`import`).

pub mod assign;
pub mod check;
pub mod import;

use rusqlite::{Connection, OptionalExtension};
use serde::Serialize;

use crate::error::{Error, Result};
use crate::msg;
use crate::org::RegionLevel;
use crate::rules::credit::Credits;
use crate::rules::title::TitleLevel;

pub use import::STANDARD_LAYOUT;

/// The code list of region levels (区域等级), as stored.
pub const REGION_LEVELS: [&str; 4] = ["省级/三级医院", "市州级/二级以下医院", "县级", "乡镇卫生院"];

/// What a standard table writes for "every level".
pub const ALL_LEVELS: &str = "全部";

/// One credit standard.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Standard {
    #[serde(skip)]
    pub id: i64,
    /// SCJA4.
    pub code: String,
    /// 市州级、二级以下医院高级.
    pub name: String,
    /// `None`: every region level.
    pub region_level: Option<RegionLevel>,
    /// `None`: every title level.
    pub title_level: Option<TitleLevel>,
    /// 国家级I类学分 over `national_years` years.
    pub national_1: Credits,
    pub national_years: i32,
    /// 省级I类学分: class-I credits (national or provincial) per year.
    pub class_1: Credits,
    /// II类学分 per year.
    pub class_2: Credits,
    /// 总学分 per year.
    pub total: Credits,
    /// 起始年度: the version this standard belongs to.
    pub from_year: i32,
}

impl Standard {
    pub fn region_label(&self) -> &'static str {
        self.region_level.map_or(ALL_LEVELS, RegionLevel::label)
    }

    pub fn title_label(&self) -> &'static str {
        self.title_level.map_or(ALL_LEVELS, TitleLevel::label)
    }

    /// Whether the standard covers this combination.
    pub fn covers(&self, region: RegionLevel, title: TitleLevel) -> bool {
        self.region_level.is_none_or(|r| r == region) && self.title_level.is_none_or(|t| t == title)
    }
}

const SELECT: &str = "SELECT id, code, name, region_level, title_level, national_1, national_years,
                             class_1, class_2, total, from_year FROM credit_standard";

fn from_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<Standard> {
    let region: Option<String> = r.get(3)?;
    let title: Option<String> = r.get(4)?;
    Ok(Standard {
        id: r.get(0)?,
        code: r.get(1)?,
        name: r.get(2)?,
        region_level: region.as_deref().and_then(RegionLevel::parse),
        title_level: title.as_deref().and_then(TitleLevel::parse),
        national_1: Credits(r.get(5)?),
        national_years: r.get(6)?,
        class_1: Credits(r.get(7)?),
        class_2: Credits(r.get(8)?),
        total: Credits(r.get(9)?),
        from_year: r.get(10)?,
    })
}

/// Every standard, by version and then in the order the table lists them;
/// with `year`, only the version in force that year.
pub fn list(conn: &Connection, year: Option<i32>) -> Result<Vec<Standard>> {
    let version = match year {
        Some(y) => match version_for(conn, y)? {
            Some(v) => Some(v),
            None => return Ok(Vec::new()),
        },
        None => None,
    };
    let mut stmt = conn.prepare(&format!(
        "{SELECT} WHERE ?1 IS NULL OR from_year = ?1 ORDER BY from_year, id"
    ))?;
    let rows = stmt.query_map([version], from_row)?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// The version (起始年度) in force in `year`, if any.
pub fn version_for(conn: &Connection, year: i32) -> Result<Option<i32>> {
    Ok(conn
        .query_row(
            "SELECT max(from_year) FROM credit_standard WHERE from_year <= ?1",
            [year],
            |r| r.get(0),
        )
        .optional()?
        .flatten())
}

/// The standards of the version in force in a year.
#[derive(Debug, Clone)]
pub struct InForce {
    pub year: i32,
    pub version: i32,
    pub standards: Vec<Standard>,
}

/// How a standard was found for a member.
#[derive(Debug, Clone, Copy)]
pub struct Picked<'a> {
    pub standard: &'a Standard,
    /// A member without a title (无职称) whose table names no such level
    /// follows the 初级 standard.
    pub untitled_as_junior: bool,
}

impl InForce {
    /// The table in force in `year`; a clear error when there is none.
    pub fn load(conn: &Connection, year: i32) -> Result<InForce> {
        let Some(version) = version_for(conn, year)? else {
            let first: Option<i32> =
                conn.query_row("SELECT min(from_year) FROM credit_standard", [], |r| {
                    r.get(0)
                })?;
            return Err(Error::Usage(match first {
                Some(f) => msg!(
                    "{year} 年没有适用的学分标准(最早的标准自 {f} 年起)",
                    "no credit standards apply in {year} (the earliest apply from {f})"
                ),
                None => msg!(
                    "没有学分标准:用 meded credit-standard import 导入",
                    "there are no credit standards; import some with meded credit-standard import"
                ),
            }));
        };
        Ok(InForce {
            year,
            version,
            standards: list(conn, Some(year))?,
        })
    }

    /// The standard for a region level and title level.
    pub fn pick(&self, region: RegionLevel, title: TitleLevel) -> Option<Picked<'_>> {
        let find = |t| self.standards.iter().find(|s| s.covers(region, t));
        match find(title) {
            Some(standard) => Some(Picked {
                standard,
                untitled_as_junior: false,
            }),
            None if title == TitleLevel::Untitled => {
                find(TitleLevel::Junior).map(|standard| Picked {
                    standard,
                    untitled_as_junior: true,
                })
            }
            None => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn code_lists_match_the_types() {
        assert_eq!(REGION_LEVELS, RegionLevel::ALL.map(RegionLevel::label));
    }

    #[test]
    fn the_sichuan_table_ships_from_2016() {
        let dir = tempfile::tempdir().unwrap();
        let conn = crate::db::open(&dir.path().join("t.db")).unwrap();
        let all = list(&conn, None).unwrap();
        assert_eq!(all.len(), 10);
        assert!(version_for(&conn, 2015).unwrap().is_none());
        let t = InForce::load(&conn, 2017).unwrap();
        assert_eq!(t.version, 2016);
        let code = |r, l| t.pick(r, l).unwrap().standard.code.clone();
        assert_eq!(code(RegionLevel::Municipal, TitleLevel::Senior), "SCJA4");
        assert_eq!(code(RegionLevel::Provincial, TitleLevel::Senior), "SCJA1");
        assert_eq!(code(RegionLevel::County, TitleLevel::Junior), "SCJA9");
        assert_eq!(code(RegionLevel::Township, TitleLevel::Senior), "SCJA10");
        let p = t.pick(RegionLevel::County, TitleLevel::Untitled).unwrap();
        assert_eq!(
            (p.standard.code.as_str(), p.untitled_as_junior),
            ("SCJA9", true)
        );
        let p = t.pick(RegionLevel::Township, TitleLevel::Untitled).unwrap();
        assert_eq!(
            (p.standard.code.as_str(), p.untitled_as_junior),
            ("SCJA10", false)
        );
        let s1 = &all[0];
        assert_eq!(
            (
                s1.national_1,
                s1.national_years,
                s1.class_1,
                s1.class_2,
                s1.total
            ),
            (Credits(100), 6, Credits(100), Credits(150), Credits(250))
        );
        assert!(InForce::load(&conn, 2015).is_err());
    }
}
