//! Recruitment (招录): batches and their application windows, each base's
//! plan of places, applicants' applications (志愿), the bases' review,
//! cancellation, and admission that turns approved applicants into
//! residents of the base (docs/domain.md#recruitment).
//!
//! ```text
//! open (batch, window) → plan import (places) → apply (in the window, complete profile)
//!   → review (审核通过 within the places | 退回 with a reason) ⇄ apply again
//!   → cancel (in the window, before approval)
//!   → admit (审核通过 → 已录取: a resident and a training record at the base)
//! ```
//!
//! Every command that depends on the time takes it as a [`Now`], so that a
//! script (or a test) can say when it acts.

pub mod admit;
pub mod apply;
pub mod batch;
pub mod cancel;
pub mod plan;
pub mod review;
pub mod status;

use chrono::NaiveDateTime;

use crate::error::{Error, Result};
use crate::msg;
use crate::rules::date::{moment_text, parse_moment};
use crate::states;

pub use batch::{Batch, NewBatch, Opened, open};

states! {
    /// 报名状态 of an application (docs/domain.md#recruitment). 已提交,
    /// 审核通过 and 已录取 are active: one per applicant and batch.
    pub enum ApplicationState: "报名状态" {
        /// Submitted, awaiting the base's review.
        Submitted = "已提交", "submitted" ["待审核", "已报名"] => [Approved, Returned, Cancelled];
        /// Approved by the base; admission follows.
        Approved = "审核通过", "approved" => [Admitted];
        /// Returned by the base with the reason: the applicant corrects and
        /// applies again, or cancels.
        Returned = "退回", "returned" ["退回修改", "审核退回"] => [Submitted, Cancelled] (reason);
        /// Cancelled by the applicant (取消报名); may be made again while the
        /// window is open.
        Cancelled = "已取消", "cancelled" ["取消报名"] => [Submitted];
        /// Admitted: the applicant is a resident of the base.
        Admitted = "已录取", "admitted" ["录取"] => [];
    }
}

impl ApplicationState {
    /// Whether the application holds the applicant's place in its batch.
    pub fn active(self) -> bool {
        matches!(
            self,
            ApplicationState::Submitted | ApplicationState::Approved | ApplicationState::Admitted
        )
    }

    /// Whether it takes one of the plan's places.
    pub fn takes_place(self) -> bool {
        matches!(
            self,
            ApplicationState::Approved | ApplicationState::Admitted
        )
    }
}

/// The moment a recruitment command acts at: the province's wall-clock
/// time, to the second. Windows are compared with it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Now(pub NaiveDateTime);

impl Now {
    /// This machine's local time.
    pub fn local() -> Now {
        Now(chrono::Local::now().naive_local())
    }

    /// A time as typed for `--now` (a day alone is its first second).
    pub fn parse(raw: &str) -> Result<Now> {
        match parse_moment(raw) {
            Some((day, time)) => Ok(Now(day.and_time(time.unwrap_or_default()))),
            None => Err(Error::Usage(msg!(
                "时间“{raw}”无效(如 2025-03-01 08:00)",
                "'{raw}' is not a time (such as 2025-03-01 08:00)"
            ))),
        }
    }

    /// As stored and shown: `2025-03-01 08:00:00`.
    pub fn text(self) -> String {
        moment_text(self.0)
    }

    pub fn today(self) -> chrono::NaiveDate {
        self.0.date()
    }
}

/// A base an application or a plan names, as the checks need it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Base {
    pub id: i64,
    pub code: String,
    pub name: String,
}

/// Every organisation by code: bases, and the others to refuse by name.
fn organisations(
    conn: &crate::db::sql::Connection,
) -> Result<std::collections::HashMap<String, (Base, bool)>> {
    let mut stmt = conn.prepare("SELECT id, code, name, kind FROM org")?;
    let rows = stmt.query_map([], |r| {
        let kind: String = r.get(3)?;
        Ok((
            Base {
                id: r.get(0)?,
                code: r.get(1)?,
                name: r.get(2)?,
            },
            kind == crate::org::OrgKind::Base.key(),
        ))
    })?;
    let mut out = std::collections::HashMap::new();
    for row in rows {
        let (base, is_base) = row?;
        out.insert(base.code.clone(), (base, is_base));
    }
    Ok(out)
}

/// The training base with this code, or why it cannot be one.
fn find_base(conn: &crate::db::sql::Connection, code: &str) -> Result<Base> {
    let org = crate::org::find(conn, code)?;
    if org.kind != crate::org::OrgKind::Base {
        let c = &org.code;
        return Err(Error::Usage(msg!(
            "{c} 不是培训基地,不招录住院医师",
            "{c} is not a training base and does not recruit residents"
        )));
    }
    Ok(Base {
        id: org.id,
        code: org.code,
        name: org.name,
    })
}

/// A typed specialty as stored, or the usage error naming the list.
fn specialty(raw: &str) -> Result<&'static str> {
    crate::rules::specialty::find(raw).ok_or_else(|| Error::Usage(unknown_specialty(raw)))
}

fn unknown_specialty(raw: &str) -> crate::i18n::Msg {
    crate::rules::specialty::unknown(raw)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::state::State;

    #[test]
    fn moves_follow_the_domain() {
        use ApplicationState::*;
        assert!(Submitted.can_become(Approved) && Submitted.can_become(Returned));
        assert!(Submitted.can_become(Cancelled) && Returned.can_become(Cancelled));
        assert!(Returned.can_become(Submitted) && Cancelled.can_become(Submitted));
        assert!(
            !Approved.can_become(Cancelled),
            "an approved application stays"
        );
        assert!(Approved.can_become(Admitted) && Admitted.next().is_empty());
        assert!(
            !Returned.can_become(Approved),
            "a return is corrected first"
        );
        assert!(Returned.needs_reason() && !Approved.needs_reason());
        assert!(Submitted.active() && Approved.active() && Admitted.active());
        assert!(!Returned.active() && !Cancelled.active());
    }

    #[test]
    fn now_from_typed_text() {
        assert_eq!(
            Now::parse("2025-03-01").unwrap().text(),
            "2025-03-01 00:00:00"
        );
        assert_eq!(
            Now::parse("2025/3/15 17:00:01").unwrap().text(),
            "2025-03-15 17:00:01"
        );
        assert!(Now::parse("tomorrow").is_err());
    }
}
