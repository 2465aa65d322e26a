//! A damaged worksheet XML inside a sound XLSX archive (examples/roster.xlsx).

#![no_main]

mod common;

const TEMPLATE: &[u8] = include_bytes!("../../examples/roster.xlsx");

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    common::read_with_part(data, TEMPLATE, "xl/worksheets/sheet1.xml", "xlsx")
});
