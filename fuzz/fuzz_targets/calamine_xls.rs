//! calamine's XLS reader alone, as meded used it before its checks: every
//! sheet of the bytes read whole. Its panics, aborts and hangs are what
//! meded's reader must survive (docs/reliability.md).

#![no_main]

use std::io::Cursor;

use calamine::{Reader, Xls};

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    if let Ok(mut book) = Xls::new(Cursor::new(data)) {
        for name in book.sheet_names() {
            let _ = book.worksheet_range(&name);
            let _ = book.merge_cells_by_sheet_name(&name);
        }
    }
});
