//! CLI tests: the real `meded` binary on a temporary database, read back
//! with rusqlite. One test binary, so that it links once.

mod bad_input;
mod certificate;
mod certificate_render;
mod common;
mod concurrency;
mod credit;
mod help;
mod history;
mod import;
mod members;
mod org;
mod passwords;
mod profile;
mod recruit;
mod review;
mod schema;
mod spreadsheets;
mod standard;
mod template;
