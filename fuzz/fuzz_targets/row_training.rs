//! The row check of `training import`, the 培训信息 template on arbitrary cells
//! (see docs/reliability.md).

#![no_main]

#[path = "../../tests/cli/rows/harness.rs"]
mod harness;

libfuzzer_sys::fuzz_target!(|data: &[u8]| harness::fuzz(harness::Importer::Training, data));
