//! Pure validation rules: identity documents, contact details, dates, titles, code
//! lists. Nothing here touches the database or a file; every rule is
//! unit-tested beside its code with the vectors of DOMAIN.md.

pub mod codes;
pub mod credit;
pub mod date;
pub mod id;
pub mod person;
pub mod text;
pub mod title;
