//! `credit-standard check`: who meets their standard for a year.
//!
//! Per member, with their standard for year Y (as `assign` recorded it):
//! - national class I (国家级I类) earned over the standard's window, the
//!   `national_years` years ending in Y (2011–2016 for 6 years ending 2016);
//! - class I in Y (the standard's 省级I类学分): 国家级I类 and 省级I类 credits
//!   of Y both count, a national class-I credit being a class-I credit;
//! - class II (II类) in Y: only class II counts, class I never replaces it
//!   (nor the other way round);
//! - the total of Y.
//!
//! Only 审核通过 credits count; only members whose registration the unit
//! approved (单位审核通过) and who take part in CME (参加继教 not 否) are
//! checked, and the others are counted, not silently dropped.
//!
//! The work is two queries whatever the number of members: one for the
//! members with their standards, one scan of the credits of the years
//! concerned, summed per member in memory.

use std::collections::HashMap;

use crate::db::sql::{Connection, params};
use serde::Serialize;

use super::Standard;
use crate::account::{LeftOut, Standing};
use crate::credit::CreditStatus;
use crate::error::{Error, Result};
use crate::i18n::Msg;
use crate::msg;
use crate::rules::credit::Credits;
use crate::rules::text::identifier;
use crate::state::State;

/// Credits per class, as the standard states them and as the check counts them.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct Amounts {
    /// 国家级I类 over the window.
    pub national_1: Credits,
    /// Class I (国家级 and 省级) in the year.
    pub class_1: Credits,
    /// II类 in the year.
    pub class_2: Credits,
    /// Everything in the year.
    pub total: Credits,
}

impl Amounts {
    fn of(s: &Standard) -> Amounts {
        Amounts {
            national_1: s.national_1,
            class_1: s.class_1,
            class_2: s.class_2,
            total: s.total,
        }
    }

    /// What is missing from `earned` to reach `self`.
    fn short_of(&self, earned: &Amounts) -> Amounts {
        let gap = |r: Credits, e: Credits| Credits((r.0 - e.0).max(0));
        Amounts {
            national_1: gap(self.national_1, earned.national_1),
            class_1: gap(self.class_1, earned.class_1),
            class_2: gap(self.class_2, earned.class_2),
            total: gap(self.total, earned.total),
        }
    }

    fn is_zero(&self) -> bool {
        *self == Amounts::default()
    }
}

/// A member's result.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    Met,
    Short,
    /// No standard assigned for the year (`credit-standard assign`).
    NoStandard,
}

/// One member checked.
#[derive(Debug, Clone, Serialize)]
pub struct MemberCheck {
    pub id_number: String,
    pub name: String,
    pub org: String,
    /// The standard's code, e.g. SCJA4; null without a standard.
    pub code: Option<String>,
    pub status: Status,
    /// The years whose national class-I credits count: [first, last].
    pub window: Option<[i32; 2]>,
    pub required: Option<Amounts>,
    pub earned: Amounts,
    pub shortfall: Option<Amounts>,
}

/// Members a check leaves out, counted.
pub type NotChecked = LeftOut;

/// The result of a check.
#[derive(Debug, Clone, Serialize)]
pub struct CheckReport {
    pub year: i32,
    pub checked: u64,
    pub met: u64,
    pub short: u64,
    pub no_standard: u64,
    pub not_checked: NotChecked,
    pub members: Vec<MemberCheck>,
    /// Why nobody was checked (the member named is not counted, or the
    /// organisation has no member who is), in the reader's language.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
    #[serde(skip)]
    pub why_none: Option<Msg>,
}

impl CheckReport {
    /// Whether anyone falls short or has no standard, or the check reached
    /// nobody: a script must not read "checked 0" as "all met".
    pub fn has_problems(&self) -> bool {
        self.short + self.no_standard > 0 || self.checked == 0
    }
}

/// What to check.
#[derive(Debug, Clone, Default)]
pub struct Scope {
    pub id_number: Option<String>,
    pub org: Option<String>,
}

/// Sums of one member's approved credits.
#[derive(Debug, Clone, Copy, Default)]
struct Sums {
    national_window: i64,
    national_year: i64,
    provincial_year: i64,
    class_2_year: i64,
}

/// How much of the database file a check maps into memory.
const CHECK_MMAP_BYTES: i64 = 1 << 34;

/// Checks the members in scope against their standards for `year`.
pub fn check(conn: &Connection, scope: &Scope, year: i32) -> Result<CheckReport> {
    // The scan reads the whole credit table: through a memory map it costs
    // no system call or copy per page (about a third of the time otherwise).
    conn.pragma_update(None, "mmap_size", CHECK_MMAP_BYTES)?;
    let mut account: Option<i64> = None;
    let mut standing = None;
    if let Some(raw) = &scope.id_number {
        let id_number = identifier(raw);
        let member = crate::account::find_member(conn, &id_number)?.map_err(Error::Usage)?;
        account = Some(member.id);
        standing = Some(member.standing());
    }
    let org_id = match &scope.org {
        Some(code) => Some(crate::org::find_kind(conn, code, crate::org::OrgKind::Cme)?.id),
        None => None,
    };
    let standards: HashMap<i64, Standard> = super::list(conn, None, None)?
        .into_iter()
        .map(|s| (s.id, s))
        .collect();

    let mut report = CheckReport {
        year,
        checked: 0,
        met: 0,
        short: 0,
        no_standard: 0,
        not_checked: NotChecked::default(),
        members: Vec::new(),
        reason: None,
        why_none: None,
    };
    // The members checked, with their standard. Read in the table's own
    // order (a sequential scan) and sorted by ID number afterwards, which
    // is cheaper than walking the ID-number index to each row.
    let mut found: Vec<(i64, Option<i64>, MemberCheck)> = Vec::new();
    let mut stmt = conn.prepare(
        "SELECT a.id, a.id_number, a.name, o.code, a.registration, a.takes_cme, m.standard_id
         FROM account a JOIN org o ON o.id = a.org_id
         LEFT JOIN member_standard m ON m.account_id = a.id AND m.year = ?1
         WHERE a.role = 'member' AND (?2 IS NULL OR a.org_id = ?2) AND (?3 IS NULL OR a.id = ?3)
         ORDER BY a.id",
    )?;
    let mut rows = stmt.query(params![year, org_id, account])?;
    while let Some(r) = rows.next()? {
        if !report.not_checked.admit(Standing::of(r.get(4)?, r.get(5)?)) {
            continue;
        }
        found.push((
            r.get(0)?,
            r.get(6)?,
            MemberCheck {
                id_number: r.get(1)?,
                name: r.get(2)?,
                org: r.get(3)?,
                code: None,
                status: Status::NoStandard,
                window: None,
                required: None,
                earned: Amounts::default(),
                shortfall: None,
            },
        ));
    }
    drop(rows);
    drop(stmt);
    found.sort_unstable_by(|a, b| a.2.id_number.cmp(&b.2.id_number));
    let mut ids: Vec<i64> = Vec::with_capacity(found.len());
    let mut their_standard: Vec<Option<i64>> = Vec::with_capacity(found.len());
    report.members.reserve(found.len());
    for (id, standard, m) in found {
        ids.push(id);
        their_standard.push(standard);
        report.members.push(m);
    }

    // Each member's window: the years, ending in `year`, whose national
    // class-I credits count (just `year` without a standard).
    let windows: Vec<i32> = their_standard
        .iter()
        .map(|s| {
            s.and_then(|id| standards.get(&id))
                .map_or(1, |s| s.national_years)
        })
        .collect();
    let widest = windows.iter().copied().max().unwrap_or(1);
    let max_id = ids.iter().copied().max().unwrap_or(0);
    // account id → position in `ids`; dense, since ids are small integers.
    let mut slot = vec![u32::MAX; max_id as usize + 1];
    for (i, &id) in ids.iter().enumerate() {
        slot[id as usize] = i as u32;
    }
    let mut sums = vec![Sums::default(); ids.len()];
    if !ids.is_empty() {
        let sql = format!(
            "SELECT account_id, year, kind = '国家级I类', kind = 'II类', credits FROM credit
             WHERE status = {} AND year BETWEEN ?1 AND ?2",
            CreditStatus::sql_list(&[CreditStatus::Approved])
        );
        let first = year - widest + 1;
        let mut stmt = match account {
            Some(_) => conn.prepare(&format!("{sql} AND account_id = ?3"))?,
            None => conn.prepare(&sql)?,
        };
        let mut rows = match account {
            Some(a) => stmt.query(params![first, year, a])?,
            None => stmt.query(params![first, year])?,
        };
        while let Some(r) = rows.next()? {
            let id: i64 = r.get(0)?;
            let Some(&i) = slot.get(id as usize).filter(|&&i| i != u32::MAX) else {
                continue;
            };
            let i = i as usize;
            let credit_year: i32 = r.get(1)?;
            let national: bool = r.get(2)?;
            let class_2: bool = r.get(3)?;
            let credits: i64 = r.get(4)?;
            let s = &mut sums[i];
            if national && year - credit_year < windows[i] {
                s.national_window += credits;
            }
            if credit_year == year {
                if national {
                    s.national_year += credits;
                } else if class_2 {
                    s.class_2_year += credits;
                } else {
                    s.provincial_year += credits;
                }
            }
        }
    }

    for (i, m) in report.members.iter_mut().enumerate() {
        let s = sums[i];
        m.earned = Amounts {
            national_1: Credits(s.national_window),
            class_1: Credits(s.national_year + s.provincial_year),
            class_2: Credits(s.class_2_year),
            total: Credits(s.national_year + s.provincial_year + s.class_2_year),
        };
        report.checked += 1;
        let Some(standard) = their_standard[i].and_then(|id| standards.get(&id)) else {
            report.no_standard += 1;
            continue;
        };
        let required = Amounts::of(standard);
        let shortfall = required.short_of(&m.earned);
        m.code = Some(standard.code.clone());
        m.window = Some([year - standard.national_years + 1, year]);
        m.status = if shortfall.is_zero() {
            report.met += 1;
            Status::Met
        } else {
            report.short += 1;
            Status::Short
        };
        m.required = Some(required);
        m.shortfall = Some(shortfall);
    }
    if report.checked == 0 {
        let why = match standing.and_then(Standing::reason) {
            Some(why) => why,
            None if scope.id_number.is_some() => msg!("该人员未检查", "the member was not checked"),
            None => msg!(
                "范围内没有可检查的继教人员(只检查单位审核通过且参加继教的人员)",
                "no member in scope could be checked (only members whose registration the unit approved and who take part in CME are)"
            ),
        };
        report.why_none = Some(why);
    }
    Ok(report)
}
