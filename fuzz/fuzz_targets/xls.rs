//! Damaged XLS files through meded's reader (see docs/reliability.md).

#![no_main]

mod common;

libfuzzer_sys::fuzz_target!(|data: &[u8]| common::read(data, "xls"));
