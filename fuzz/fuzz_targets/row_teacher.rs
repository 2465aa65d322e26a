//! The row check of `teacher import` on arbitrary cells
//! (see docs/reliability.md).

#![no_main]

#[path = "../../tests/cli/rows/harness.rs"]
mod harness;

libfuzzer_sys::fuzz_target!(|data: &[u8]| harness::fuzz(harness::Importer::Teacher, data));
