//! CLI tests: the real `meded` binary on a temporary database, read back
//! with rusqlite. One test binary, so that it links once.

mod archive;
mod bad_input;
mod certificate;
mod certificate_render;
mod certificate_seal;
mod certificate_vc;
mod common;
mod concurrency;
mod credit;
mod damaged;
mod export;
mod first_day;
mod help;
mod history;
mod import;
mod members;
mod org;
mod passwords;
mod plan;
mod profile;
mod recruit;
mod review;
mod rotation;
mod rows;
mod schema;
mod security;
mod server;
mod spreadsheets;
mod standard;
mod teacher;
mod template;
mod truths;
