//! CME credit standards (学分标准, see docs/domain.md#credit-standards):
//! the tables, which standard applies to whom, and who meets theirs.
//!
//! A standards table belongs to a province (GB/T 2260 code): a member
//! follows the table of their organisation's province. Each province's
//! table is versioned by the year it applies from (起始年度): for year Y the
//! version in force is the one with the greatest from_year ≤ Y. The Sichuan
//! table (SCJA1–SCJA10) ships as 四川's version of 2016; other provinces
//! import theirs (`import`).

pub mod assign;
pub mod check;
pub mod import;
pub mod member;

use crate::db::sql::{Connection, OptionalExtension};
use serde::Serialize;

use crate::error::{Error, Result};
use crate::msg;
use crate::org::RegionLevel;
use crate::rules::codes::Province;
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
    /// The province whose table it belongs to: GB/T 2260 two-digit code.
    pub province: String,
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

    /// The province's short name (四川).
    pub fn province_name(&self) -> &str {
        province_name(&self.province)
    }

    /// Whether the standard covers this combination.
    pub fn covers(&self, region: RegionLevel, title: TitleLevel) -> bool {
        self.region_level.is_none_or(|r| r == region) && self.title_level.is_none_or(|t| t == title)
    }
}

/// A province's short name (四川), or the code when it is not one.
pub fn province_name(code: &str) -> &str {
    Province::by_code(code).map_or(code, |p| p.short)
}

/// The province of the Sichuan table that ships with meded.
pub const SICHUAN: &str = "51";

const SELECT: &str = "SELECT id, province, code, name, region_level, title_level, national_1,
                             national_years, class_1, class_2, total, from_year
                      FROM credit_standard s";

fn from_row(r: &crate::db::sql::Row<'_>) -> crate::db::sql::Result<Standard> {
    let region: Option<String> = r.get(4)?;
    let title: Option<String> = r.get(5)?;
    Ok(Standard {
        id: r.get(0)?,
        province: r.get(1)?,
        code: r.get(2)?,
        name: r.get(3)?,
        region_level: region.as_deref().and_then(RegionLevel::parse),
        title_level: title.as_deref().and_then(TitleLevel::parse),
        national_1: Credits(r.get(6)?),
        national_years: r.get(7)?,
        class_1: Credits(r.get(8)?),
        class_2: Credits(r.get(9)?),
        total: Credits(r.get(10)?),
        from_year: r.get(11)?,
    })
}

/// Every standard — of one province's tables, or of all — by province,
/// version and then in the order the table lists them; with `year`, only
/// the version in force that year (per province).
pub fn list(conn: &Connection, province: Option<&str>, year: Option<i32>) -> Result<Vec<Standard>> {
    let mut stmt = conn.prepare(&format!(
        "{SELECT} WHERE (?1 IS NULL OR s.province = ?1)
           AND (?2 IS NULL OR s.from_year = (SELECT max(v.from_year) FROM credit_standard v
                                             WHERE v.province = s.province AND v.from_year <= ?2))
         ORDER BY s.province, s.from_year, s.id"
    ))?;
    let rows = stmt.query_map(crate::db::sql::params![province, year], from_row)?;
    Ok(rows.collect::<crate::db::sql::Result<_>>()?)
}

/// The standard with this row id.
pub fn by_id(conn: &Connection, id: i64) -> Result<Option<Standard>> {
    Ok(conn
        .query_row(&format!("{SELECT} WHERE s.id = ?1"), [id], from_row)
        .optional()?)
}

/// The version (起始年度) of a province's table in force in `year`, if any.
pub fn version_for(conn: &Connection, province: &str, year: i32) -> Result<Option<i32>> {
    Ok(conn
        .query_row(
            "SELECT max(from_year) FROM credit_standard WHERE province = ?1 AND from_year <= ?2",
            crate::db::sql::params![province, year],
            |r| r.get(0),
        )
        .optional()?
        .flatten())
}

/// The standards of a province's version in force in a year.
#[derive(Debug, Clone)]
pub struct InForce {
    pub province: String,
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
    /// The province's table in force in `year`; a clear error, saying what
    /// to do, when there is none.
    pub fn load(conn: &Connection, province: &str, year: i32) -> Result<InForce> {
        let Some(version) = version_for(conn, province, year)? else {
            let first: Option<i32> = conn.query_row(
                "SELECT min(from_year) FROM credit_standard WHERE province = ?1",
                [province],
                |r| r.get(0),
            )?;
            let name = province_name(province);
            return Err(Error::Usage(match first {
                Some(f) => msg!(
                    "{year} 年没有适用的{name}学分标准({name}的标准自 {f} 年起)",
                    "no credit standards of {name} apply in {year} (the earliest apply from {f})"
                ),
                None => msg!(
                    "{name}({province})没有学分标准表:用 meded credit-standard import FILE --province {province} 导入",
                    "{name} ({province}) has no credit-standard table; import one with meded credit-standard import FILE --province {province}"
                ),
            }));
        };
        Ok(InForce {
            province: province.to_owned(),
            year,
            version,
            standards: list(conn, Some(province), Some(year))?,
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
        let all = list(&conn, None, None).unwrap();
        assert_eq!(all.len(), 10);
        assert!(all.iter().all(|s| s.province == SICHUAN));
        assert!(version_for(&conn, SICHUAN, 2015).unwrap().is_none());
        assert!(version_for(&conn, "35", 2017).unwrap().is_none());
        let t = InForce::load(&conn, SICHUAN, 2017).unwrap();
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
        assert!(InForce::load(&conn, SICHUAN, 2015).is_err());
        assert!(InForce::load(&conn, "35", 2017).is_err());
    }
}
