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

// Columns of the 学分登记 template, by their positions in CREDIT_LAYOUT.
pub(crate) use import::col::{
    CREDITS, END, FORM, ID_NUMBER, IMAGE, NAME, ORGANIZER, PROJECT_NAME, PROJECT_NO, REMARK, START,
    SUBJECT, TYPE, YEAR,
};
