//! The review state of a credit record (审核状态): here with the other
//! states rather than in `credit`, because accounts ask it too (an account
//! whose credits were reviewed is not deleted), and `account` stands
//! below `credit`.

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
