//! The submission (上报) and review (审核) states of a training record,
//! and the rule that a change after submission reopens it
//! (docs/domain.md#submission-and-review).
//!
//! Two columns are stored: 上报状态 (未上报 / 已上报) and 审核状态 (待审核 /
//! 审核通过 / 退回修改), the latter keeping the outcome of the last
//! submission while the record is changed again. People and the review
//! routine see one word for both, [`Submission`].

use crate::db::sql::{Connection, params};

use crate::error::Result;
use crate::history::{Change, Item};
use crate::state::State;
use crate::states;

states! {
    /// 上报状态, as stored.
    pub enum ReportStatus: "上报状态" {
        NotSubmitted = "未上报", "not-submitted" => [Submitted];
        Submitted = "已上报", "submitted" => [NotSubmitted];
    }
}

states! {
    /// 审核状态, as stored: the outcome of the last submission.
    pub enum ReviewStatus: "审核状态" {
        Pending = "待审核", "pending" => [Approved, Returned];
        Approved = "审核通过", "approved" => [Returned];
        Returned = "退回修改", "returned" => [Pending] (reason);
    }
}

states! {
    /// Where a record stands, as one word: what `report status` counts,
    /// what `audit list` filters on, and what a review moves.
    pub enum Submission: "审核状态" {
        /// Not submitted, or changed since its submission.
        NotSubmitted = "未上报", "unsubmitted" ["not-submitted"] => [Pending];
        /// Submitted and awaiting the province's review.
        Pending = "待审核", "pending" ["已上报", "submitted"] => [Approved, Returned];
        Approved = "审核通过", "approved" ["通过"] => [Returned];
        /// Returned to the base with a reason; 未上报 until submitted again.
        Returned = "退回修改", "returned" ["退回"] => [Pending] (reason);
    }
}

impl Submission {
    /// The one word for the two stored columns.
    pub fn of(report: ReportStatus, review: Option<ReviewStatus>) -> Submission {
        match (report, review) {
            (ReportStatus::Submitted, Some(ReviewStatus::Approved)) => Submission::Approved,
            (ReportStatus::Submitted, _) => Submission::Pending,
            (_, Some(ReviewStatus::Returned)) => Submission::Returned,
            _ => Submission::NotSubmitted,
        }
    }

    /// The columns a record in this state has after a move into it.
    pub fn columns(self) -> (ReportStatus, Option<ReviewStatus>) {
        match self {
            Submission::NotSubmitted => (ReportStatus::NotSubmitted, None),
            Submission::Pending => (ReportStatus::Submitted, Some(ReviewStatus::Pending)),
            Submission::Approved => (ReportStatus::Submitted, Some(ReviewStatus::Approved)),
            Submission::Returned => (ReportStatus::NotSubmitted, Some(ReviewStatus::Returned)),
        }
    }
}

/// Sets a submitted record back to 未上报 after a change: what the
/// province reviewed is no longer what the base holds. Its review status
/// stays that of the last submission. Returns whether it was submitted.
pub fn reopen(tx: &Connection, change: &Change, training_id: i64, subject: &str) -> Result<bool> {
    let reopened = set_back(tx, training_id)?;
    if reopened {
        change.log(tx, &reopen_item(subject))?;
    }
    Ok(reopened)
}

/// [`reopen`] without the log, for a command that logs the reopening
/// after the changes it makes next: a record is set back before it is
/// changed, so that on a server, whose guard sets back what an office
/// changes in a submitted record, the command still knows it did so.
pub fn set_back(tx: &Connection, training_id: i64) -> Result<bool> {
    let n = tx
        .prepare_cached(
            "UPDATE training SET report_status = ?2 WHERE id = ?1 AND report_status = ?3",
        )?
        .execute(params![
            training_id,
            ReportStatus::NotSubmitted,
            ReportStatus::Submitted
        ])?;
    Ok(n > 0)
}

/// What the change log records when a submitted record is set back.
pub fn reopen_item(subject: &str) -> Item<'_> {
    Item {
        subject,
        entity: "report",
        action: "reopen",
        field: Some(ReportStatus::FIELD),
        before: Some(ReportStatus::Submitted.label()),
        after: Some(ReportStatus::NotSubmitted.label()),
        note: Some("上报后修改"),
    }
}

/// Sets every submitted record of many people back to 未上报 at once (a
/// batch of an import): the people are the `account_id`s of the staging
/// table `accounts`. Returns the account of each record reopened, in the
/// records' order; the caller logs [`reopen_item`] for each where it logs
/// that person's change.
pub fn reopen_staged(tx: &Connection, accounts: &str) -> Result<Vec<i64>> {
    let mut stmt = tx.prepare_cached(&format!(
        "UPDATE training SET report_status = ?1
         WHERE account_id IN (SELECT account_id FROM {accounts}) AND report_status = ?2
         RETURNING id, account_id"
    ))?;
    let mut reopened: Vec<(i64, i64)> = stmt
        .query_map(
            params![ReportStatus::NotSubmitted, ReportStatus::Submitted],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )?
        .collect::<crate::db::sql::Result<_>>()?;
    reopened.sort_unstable();
    Ok(reopened.into_iter().map(|(_, account)| account).collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_word_for_two_columns() {
        use ReportStatus::*;
        for s in Submission::ALL {
            let (report, review) = s.columns();
            assert_eq!(Submission::of(report, review), *s);
        }
        // Changed after approval: 未上报 again, not 审核通过.
        assert_eq!(
            Submission::of(NotSubmitted, Some(ReviewStatus::Approved)),
            Submission::NotSubmitted
        );
        assert_eq!(Submission::parse("已上报"), Some(Submission::Pending));
        assert!(Submission::Returned.needs_reason());
    }
}
