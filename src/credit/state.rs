//! The review state of a credit record (审核状态).

use crate::states;

states! {
    /// 审核状态 of a credit record (docs/domain.md#credit-records).
    pub enum CreditStatus: "审核状态" {
        /// Waiting for review: the only state in which a record may change.
        Pending = "待审", "pending" ["待审核"] => [Approved, Rejected] (reason);
        /// Counts towards standards and certificates.
        Approved = "审核通过", "approved" ["通过"] => [Pending];
        Rejected = "审核不过", "rejected" ["不通过", "审核不通过"] => [Pending] (reason);
    }
}
