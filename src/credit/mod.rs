//! CME credit records (学分登记, docs/domain.md#credit-records): import,
//! review, list, edit and delete. A record arrives 待审; the office approves
//! (审核通过) or rejects (审核不过) it; only a 待审 record may be changed or
//! deleted, and only 审核通过 credits count towards standards and certificates.

mod check;
mod delete;
mod edit;
pub mod import;
mod list;
pub(crate) mod project;
pub mod query;
mod review;
mod store;

pub use check::{FieldChecks, Fields, check_fields};
pub use delete::{RecordError, delete};
pub use edit::{Edit, edit};
pub use list::{CreditRecord, list};
pub(crate) use list::{RECORD_SELECT, record_from_row};
pub use review::{Selection, review};
pub use store::{FieldChange, field_changes};
pub(crate) use store::{Iso, Stored, store_fields};

pub use crate::state::credit::CreditStatus;
pub use crate::state::review::Decision;

pub use import::CREDIT_LAYOUT;

// Columns of the 学分登记 template, by index into CREDIT_LAYOUT.
pub(crate) const ID_NUMBER: usize = 0;
pub(crate) const NAME: usize = 1;
pub(crate) const PROJECT_NO: usize = 2;
pub(crate) const PROJECT_NAME: usize = 3;
pub(crate) const CREDITS: usize = 4;
pub(crate) const TYPE: usize = 5;
pub(crate) const START: usize = 6;
pub(crate) const END: usize = 7;
pub(crate) const FORM: usize = 8;
pub(crate) const ORGANIZER: usize = 9;
pub(crate) const YEAR: usize = 10;
pub(crate) const SUBJECT: usize = 11;
pub(crate) const REMARK: usize = 12;
pub(crate) const IMAGE: usize = 13;
