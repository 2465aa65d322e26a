//! Writing a template as an XLSX workbook: title, note, header, dropdowns.

use std::path::Path;

use rust_xlsxwriter::{Format, FormatAlign, Note, Workbook, Worksheet};

use super::{SheetSpec, Template};
use crate::error::{Error, Result};
use crate::fsutil::AtomicFile;
use crate::msg;
use crate::sheet::write::Dropdowns;

/// The note above every header.
const MARKERS_NOTE: &str = "说明:带 * 的列为必填;带 # 的列为条件必填(其所依赖的“是否……”为“是”时,或该列批注所说的情形下必填);其余为选填。表头行请勿修改,从表头下一行起每行填写一条。有下拉框的列请从下拉框选择。";

/// The first data row (0-based): title, note, header above it.
pub const FIRST_DATA_ROW: u32 = 3;

fn xlsx(path: &Path) -> impl Fn(rust_xlsxwriter::XlsxError) -> Error + '_ {
    move |e| Error::io(path, std::io::Error::other(e))
}

fn write_sheet(
    ws: &mut Worksheet,
    spec: &SheetSpec,
    title: &str,
    dropdowns: &mut Dropdowns,
    path: &Path,
) -> Result<()> {
    let err = xlsx(path);
    ws.set_name(spec.name).map_err(&err)?;
    let last = spec.columns.len().saturating_sub(1) as u16;
    let title_format = Format::new().set_bold().set_font_size(14);
    let note_format = Format::new()
        .set_text_wrap()
        .set_align(FormatAlign::Top)
        .set_font_color("#595959");
    let header = Format::new()
        .set_bold()
        .set_background_color("#DDEBF7")
        .set_border(rust_xlsxwriter::FormatBorder::Thin)
        .set_align(FormatAlign::Center);
    let text = Format::new().set_num_format("@");
    if last > 0 {
        ws.merge_range(0, 0, 0, last, title, &title_format)
            .map_err(&err)?;
        ws.merge_range(
            1,
            0,
            1,
            last,
            &format!("{MARKERS_NOTE}\n{}", spec.note),
            &note_format,
        )
        .map_err(&err)?;
    } else {
        ws.write_string_with_format(0, 0, title, &title_format)
            .map_err(&err)?;
        ws.write_string_with_format(1, 0, format!("{MARKERS_NOTE}\n{}", spec.note), &note_format)
            .map_err(&err)?;
    }
    ws.set_row_height(1, 48).map_err(&err)?;
    for (i, c) in spec.columns.iter().enumerate() {
        let col = i as u16;
        let label = format!("{}{}", c.marker, c.label);
        ws.write_string_with_format(2, col, &label, &header)
            .map_err(&err)?;
        let width = (c.label.chars().count() as f64 * 2.2 + 3.0).clamp(10.0, 40.0);
        ws.set_column_width(col, width).map_err(&err)?;
        if c.text {
            ws.set_column_format(col, &text).map_err(&err)?;
        }
        if let Some(n) = &c.note {
            let note = Note::new(n).set_author("meded").add_author_prefix(false);
            ws.insert_note(2, col, &note).map_err(&err)?;
        }
        if let Some(allowed) = &c.allowed {
            dropdowns
                .add(ws, col, FIRST_DATA_ROW, c.label, allowed)
                .map_err(&err)?;
        }
    }
    ws.set_freeze_panes(FIRST_DATA_ROW, 0).map_err(&err)?;
    Ok(())
}

/// Writes a template to an XLSX file (atomically: whole or not at all).
pub fn write(t: &Template, path: &Path) -> Result<()> {
    match path
        .extension()
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase)
        .as_deref()
    {
        Some("xlsx") => {}
        _ => {
            let p = path.display();
            return Err(Error::Usage(msg!(
                "模板文件 {p} 应以 .xlsx 结尾(下拉框只能存在于 XLSX 中)",
                "the template file {p} must end in .xlsx (dropdowns exist only in XLSX)"
            )));
        }
    }
    let err = xlsx(path);
    let mut book = Workbook::new();
    let mut dropdowns = Dropdowns::default();
    for spec in &t.sheets {
        let ws = book.add_worksheet();
        write_sheet(ws, spec, &t.title, &mut dropdowns, path)?;
    }
    dropdowns.finish(&mut book).map_err(&err)?;
    if let Some(first) = book.worksheets_mut().first_mut() {
        first.set_active(true);
    }
    let file = AtomicFile::create(path)?;
    book.save(file.path()).map_err(&err)?;
    file.commit()
}
