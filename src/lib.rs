//! meded: batch administration for residency training (住培) and continuing
//! medical education (继教).
//!
//! The library holds the domain; the `meded` binary (`src/cli`) turns
//! command lines into calls and renders what they return. The library never
//! prints.

pub mod account;
pub mod archive;
pub mod certificate;
pub mod codes;
pub mod collection;
pub mod credit;
pub mod db;
pub mod error;
pub mod fsutil;
pub mod history;
pub mod i18n;
pub mod import;
pub mod org;
pub mod os_error;
pub mod profile;
pub mod recruit;
pub mod review;
pub mod rotation;
pub mod rules;
pub mod server;
pub mod sheet;
pub mod sign;
pub mod standard;
pub mod state;
pub mod teacher;
pub mod template;
pub mod training;
pub mod vc;

pub use error::{Error, ExitCode, Result};
