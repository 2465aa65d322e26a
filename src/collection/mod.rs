//! Yearly collections (采集批次, docs/domain.md#collections-and-locks): the
//! bases' window for entering and submitting, the province's review window, and
//! the lock that falls on a year's recruitment data when its new-recruit
//! collection closes.

use crate::db::sql::{Connection, OptionalExtension, params};
use chrono::NaiveDate;
use serde::Serialize;

use crate::error::{Error, Result};
use crate::history::{Change, Item, Who};
use crate::i18n::Msg;
use crate::msg;
use crate::rules::date::parse_day;

/// What a collection gathers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum Kind {
    /// 新招收: the year's new recruits. Closing it locks that year.
    #[serde(rename = "新招收")]
    NewRecruits,
    /// 在培更新: updates of earlier years' residents, allowed while it runs.
    #[serde(rename = "在培更新")]
    Update,
    /// 结业补报: back-filling early completers (附件1).
    #[serde(rename = "结业补报")]
    Completion,
}

impl Kind {
    pub const ALL: [Kind; 3] = [Kind::NewRecruits, Kind::Update, Kind::Completion];

    pub fn label(self) -> &'static str {
        match self {
            Kind::NewRecruits => "新招收",
            Kind::Update => "在培更新",
            Kind::Completion => "结业补报",
        }
    }

    /// The command-line names (`new`, `update`, `completion`) and the labels.
    pub fn parse(s: &str) -> Option<Kind> {
        match s.trim() {
            "new" | "新招收" | "招收" => Some(Kind::NewRecruits),
            "update" | "在培更新" | "更新" => Some(Kind::Update),
            "completion" | "结业补报" | "结业" => Some(Kind::Completion),
            _ => None,
        }
    }
}

/// A collection as stored.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Collection {
    pub year: i32,
    pub kind: Kind,
    /// First day bases may enter and submit.
    pub opens: NaiveDate,
    /// Last day bases may enter and submit.
    pub closes: NaiveDate,
    /// Last day of the province's review, if set.
    pub review_until: Option<NaiveDate>,
}

impl Collection {
    /// "2019 新招收 (2019-10-13 – 2019-10-31)".
    pub fn describe(&self) -> String {
        format!(
            "{} {} ({} – {})",
            self.year,
            self.kind.label(),
            self.opens,
            self.closes
        )
    }

    pub fn is_open(&self, today: NaiveDate) -> bool {
        self.opens <= today && today <= self.closes
    }
}

/// What `collection open` is asked for, as typed.
#[derive(Debug, Clone)]
pub struct NewCollection {
    pub year: i32,
    pub kind: Kind,
    pub opens: String,
    pub closes: String,
    pub review_until: Option<String>,
}

fn day(label: &str, raw: &str) -> Result<NaiveDate> {
    parse_day(raw).ok_or_else(|| {
        Error::Usage(msg!(
            "{label} “{raw}”不是日期(如 2019-10-31)",
            "{label} '{raw}' is not a date (such as 2019-10-31)"
        ))
    })
}

fn from_row(r: &crate::db::sql::Row<'_>) -> crate::db::sql::Result<Collection> {
    let date = |i: usize| -> crate::db::sql::Result<NaiveDate> {
        let s: String = r.get(i)?;
        Ok(parse_day(&s).unwrap_or_default())
    };
    let kind: String = r.get(1)?;
    let review: Option<String> = r.get(4)?;
    Ok(Collection {
        year: r.get(0)?,
        kind: Kind::parse(&kind).unwrap_or(Kind::NewRecruits),
        opens: date(2)?,
        closes: date(3)?,
        review_until: review.as_deref().and_then(parse_day),
    })
}

const SELECT: &str = "SELECT year, kind, opens, closes, review_until FROM collection";

/// What `collection open` did.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Opened {
    #[serde(flatten)]
    pub collection: Collection,
    /// False when the same collection was open already (nothing changed).
    pub created: bool,
}

/// Opens a collection. Opening the same one again changes nothing, so a
/// yearly script can run twice; the same year and kind with other dates is
/// refused, since a changed deadline must be a deliberate act.
pub fn open(conn: &mut Connection, new: &NewCollection, who: &Who) -> Result<Opened> {
    let opens = day("--from", &new.opens)?;
    let closes = day("--until", &new.closes)?;
    let review_until = new
        .review_until
        .as_deref()
        .map(|r| day("--review-until", r))
        .transpose()?;
    if closes < opens {
        return Err(Error::Usage(msg!(
            "截止日期 {closes} 早于开始日期 {opens}",
            "the close date {closes} is before the open date {opens}"
        )));
    }
    if let Some(r) = review_until.filter(|r| *r < closes) {
        return Err(Error::Usage(msg!(
            "审核截止日期 {r} 早于基地截止日期 {closes}",
            "the review deadline {r} is before the bases' close date {closes}"
        )));
    }
    if !(1990..=2100).contains(&new.year) {
        let y = new.year;
        return Err(Error::Usage(msg!(
            "年份 {y} 不合理",
            "the year {y} is implausible"
        )));
    }
    let c = Collection {
        year: new.year,
        kind: new.kind,
        opens,
        closes,
        review_until,
    };
    let tx = crate::db::write(conn)?;
    if let Some(existing) = get(&tx, c.year, c.kind)? {
        if existing == c {
            return Ok(Opened {
                collection: c,
                created: false,
            });
        }
        let d = existing.describe();
        return Err(Error::Usage(msg!(
            "采集批次 {d} 已存在,日期不同;已开启的批次不能更改",
            "the collection {d} already exists with other dates; an open collection cannot be changed"
        )));
    }
    let change = Change::begin(&tx, who)?;
    tx.execute(
        "INSERT INTO collection (year, kind, opens, closes, review_until, created_change)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
        params![
            c.year,
            c.kind.label(),
            c.opens.to_string(),
            c.closes.to_string(),
            c.review_until.map(|d| d.to_string()),
            change.id
        ],
    )?;
    let subject = format!("collection {} {}", c.year, c.kind.label());
    change.log(
        &tx,
        &Item {
            subject: &subject,
            entity: "collection",
            action: "create",
            after: Some(&c.describe()),
            ..Item::default()
        },
    )?;
    tx.commit()?;
    Ok(Opened {
        collection: c,
        created: true,
    })
}

pub fn get(conn: &Connection, year: i32, kind: Kind) -> Result<Option<Collection>> {
    Ok(conn
        .query_row(
            &format!("{SELECT} WHERE year = ?1 AND kind = ?2"),
            params![year, kind.label()],
            from_row,
        )
        .optional()?)
}

/// Every collection, newest first.
pub fn list(conn: &Connection) -> Result<Vec<Collection>> {
    let mut stmt = conn.prepare(&format!("{SELECT} ORDER BY year DESC, kind"))?;
    let rows = stmt.query_map([], from_row)?;
    Ok(rows.collect::<crate::db::sql::Result<_>>()?)
}

/// Why a year's new-recruit entry is shut.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LockReason {
    /// Its window has closed (and no update collection runs).
    Closed,
    /// Its window has not opened yet.
    NotYetOpen,
}

/// The lock on one recruitment year's new-recruit entry (招收管理): adding
/// residents of the year and their first submission.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Lock {
    pub collection: Collection,
    pub reason: LockReason,
}

impl Lock {
    pub fn msg(&self) -> Msg {
        let c = self.collection.describe();
        let (opens, closes) = (self.collection.opens, self.collection.closes);
        let year = self.collection.year;
        match self.reason {
            LockReason::Closed => msg!(
                "{year} 年的新招收录入已随采集批次 {c} 于 {closes} 截止而锁定(新增该年度住院医师及其首次上报);如确需操作,须由省级用 --override",
                "the {year} new-recruit entry is locked: the collection {c} closed on {closes} (adding residents of that year and their first submission); it now needs the province's --override"
            ),
            LockReason::NotYetOpen => msg!(
                "{year} 年的新招收录入尚未开始:采集批次 {c} 于 {opens} 开放(新增该年度住院医师及其首次上报);如确需提前操作,须由省级用 --override",
                "the {year} new-recruit entry has not begun: the collection {c} opens on {opens} (adding residents of that year and their first submission); before then it needs the province's --override"
            ),
        }
    }
}

/// Caches the collections for the many lock checks of one command.
#[derive(Debug, Clone)]
pub struct Locks {
    collections: Vec<Collection>,
    today: NaiveDate,
}

impl Locks {
    pub fn load(conn: &Connection, today: NaiveDate) -> Result<Locks> {
        Ok(Locks {
            collections: list(conn)?,
            today,
        })
    }

    /// Whether recruitment year `year` is closed today: its new-recruit
    /// collection has closed and no in-training update collection of a
    /// later year is running (which takes in residents the year missed).
    pub fn of_year(&self, year: i32) -> Option<Lock> {
        let closed = self
            .collections
            .iter()
            .find(|c| c.kind == Kind::NewRecruits && c.year == year && c.closes < self.today)?;
        let reopened = self
            .collections
            .iter()
            .any(|c| c.kind == Kind::Update && c.year > year && c.is_open(self.today));
        (!reopened).then(|| Lock {
            collection: closed.clone(),
            reason: LockReason::Closed,
        })
    }

    /// Whether the new-recruit entry of recruitment year `year` is shut
    /// today (docs/domain.md#collections-and-locks): adding residents of
    /// the year and their first submission happen inside its new-recruit
    /// collection's window — not after it closes (see [`Locks::of_year`]),
    /// nor before it opens. Updates of records already there are never
    /// locked.
    pub fn entry(&self, year: i32) -> Option<Lock> {
        if let Some(early) = self
            .collections
            .iter()
            .find(|c| c.kind == Kind::NewRecruits && c.year == year && self.today < c.opens)
        {
            return Some(Lock {
                collection: early.clone(),
                reason: LockReason::NotYetOpen,
            });
        }
        self.of_year(year)
    }

    /// Whether the new-recruit collection of recruitment year `year` is
    /// open today: while it is, a base may still correct a new recruit's
    /// 培训专业 (only 招收年份 and 培训基地 are fixed).
    pub fn new_recruits_open(&self, year: i32) -> bool {
        self.collections
            .iter()
            .any(|c| c.kind == Kind::NewRecruits && c.year == year && c.is_open(self.today))
    }

    /// Whether an early-completion back-fill (结业补报) is running: completers
    /// may then be entered for years that are otherwise locked.
    pub fn completion_open(&self) -> bool {
        self.collections
            .iter()
            .any(|c| c.kind == Kind::Completion && c.is_open(self.today))
    }

    /// The review deadline that has passed for recruitment year `year`, if any.
    pub fn review_closed(&self, year: i32) -> Option<&Collection> {
        self.collections.iter().find(|c| {
            c.kind == Kind::NewRecruits
                && c.year == year
                && c.review_until.is_some_and(|r| r < self.today)
        })
    }

    pub fn today(&self) -> NaiveDate {
        self.today
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        parse_day(s).unwrap()
    }

    fn c(year: i32, kind: Kind, opens: &str, closes: &str) -> Collection {
        Collection {
            year,
            kind,
            opens: d(opens),
            closes: d(closes),
            review_until: None,
        }
    }

    #[test]
    fn a_closed_new_recruit_collection_locks_its_year_until_an_update_reopens_it() {
        let mut locks = Locks {
            collections: vec![c(2019, Kind::NewRecruits, "2019-10-13", "2019-10-31")],
            today: d("2019-10-31"),
        };
        assert_eq!(locks.of_year(2019), None, "open on its last day");
        locks.today = d("2019-11-01");
        assert!(locks.of_year(2019).is_some());
        assert_eq!(locks.of_year(2018), None, "other years are not locked");
        locks
            .collections
            .push(c(2020, Kind::Update, "2020-10-01", "2020-10-31"));
        locks.today = d("2020-10-15");
        assert_eq!(locks.of_year(2019), None, "the 2020 update reopens 2019");
        locks.today = d("2020-11-01");
        assert!(locks.of_year(2019).is_some());
        let m = locks.of_year(2019).unwrap().msg();
        assert!(
            m.en.contains("2019 新招收") && m.en.contains("2019-10-31"),
            "{}",
            m.en
        );
    }

    #[test]
    fn the_entry_is_shut_before_its_window_as_after_it() {
        let locks = Locks {
            collections: vec![c(2019, Kind::NewRecruits, "2019-10-13", "2019-10-31")],
            today: d("2019-10-12"),
        };
        let early = locks.entry(2019).expect("shut before it opens");
        assert_eq!(early.reason, LockReason::NotYetOpen);
        assert!(
            early.msg().en.contains("opens on 2019-10-13"),
            "{}",
            early.msg().en
        );
        assert_eq!(locks.of_year(2019), None, "not closed");
        let open = Locks {
            today: d("2019-10-13"),
            ..locks.clone()
        };
        assert_eq!(open.entry(2019), None, "open on its first day");
        let after = Locks {
            today: d("2019-11-01"),
            ..locks
        };
        assert_eq!(
            after.entry(2019).map(|l| l.reason),
            Some(LockReason::Closed)
        );
        assert_eq!(after.entry(2018), None, "a year without a collection");
    }

    #[test]
    fn kinds_by_any_name() {
        assert_eq!(Kind::parse("new"), Some(Kind::NewRecruits));
        assert_eq!(Kind::parse("在培更新"), Some(Kind::Update));
        assert_eq!(Kind::parse("completion"), Some(Kind::Completion));
        assert_eq!(Kind::parse("x"), None);
    }
}
