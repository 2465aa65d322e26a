//! Damaged content.xml inside a sound ODS archive (tests/fixtures/roster.ods).

#![no_main]

mod common;

const TEMPLATE: &[u8] = include_bytes!("../../tests/fixtures/roster.ods");

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    common::read_with_part(data, TEMPLATE, "content.xml", "ods")
});
