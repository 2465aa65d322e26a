//! Merged regions of an ODS sheet, which calamine does not report: cells
//! with `table:number-rows-spanned` / `table:number-columns-spanned` in the
//! sheet's content.xml, in the same 0-based coordinates as its cells.

use std::fs::File;
use std::io::BufReader;
use std::path::Path;

use calamine::Dimensions;
use quick_xml::Reader;
use quick_xml::events::{BytesStart, Event};

use crate::error::{Error, Result};
use crate::msg;

fn attr(e: &BytesStart<'_>, name: &str) -> Option<u32> {
    e.attributes()
        .flatten()
        .find(|a| a.key.as_ref() == name)
        .and_then(|a| a.value.parse().ok())
}

fn name_of(e: &BytesStart<'_>) -> Option<String> {
    e.attributes()
        .flatten()
        .find(|a| a.key.as_ref() == "table:name")
        .and_then(|a| {
            a.normalized_value(quick_xml::XmlVersion::Implicit1_0)
                .ok()
                .map(|v| v.into_owned())
        })
}

/// The merged regions of the sheet named `sheet`.
pub fn merges(path: &Path, sheet: &str) -> Result<Vec<Dimensions>> {
    let bad = |e: &dyn std::fmt::Display| {
        let p = path.display();
        Error::Input(msg!(
            "{p} 不是可读的 ODS 文件:{e}",
            "{p} is not a readable ODS file: {e}"
        ))
    };
    let file = File::open(path).map_err(|e| Error::unreadable(path, &e))?;
    let mut zip = zip::ZipArchive::new(BufReader::new(file)).map_err(|e| bad(&e))?;
    let content = zip.by_name("content.xml").map_err(|e| bad(&e))?;
    let mut xml = Reader::from_reader(BufReader::new(content));
    let mut buf = Vec::new();
    let mut merges = Vec::new();
    let mut in_sheet = false;
    let (mut row, mut col, mut row_repeat) = (0u32, 0u32, 1u32);
    loop {
        let event = xml.read_event_into(&mut buf).map_err(|e| bad(&e))?;
        match &event {
            Event::Start(e) | Event::Empty(e) => match e.name().as_ref() {
                "table:table" => in_sheet = name_of(e).as_deref() == Some(sheet),
                "table:table-row" if in_sheet => {
                    col = 0;
                    row_repeat = attr(e, "table:number-rows-repeated").unwrap_or(1);
                    if matches!(event, Event::Empty(_)) {
                        row = row.saturating_add(row_repeat);
                    }
                }
                "table:table-cell" | "table:covered-table-cell" if in_sheet => {
                    let rows = attr(e, "table:number-rows-spanned").unwrap_or(1);
                    let cols = attr(e, "table:number-columns-spanned").unwrap_or(1);
                    if rows > 1 || cols > 1 {
                        merges.push(Dimensions {
                            start: (row, col),
                            end: (row + rows - 1, col + cols - 1),
                        });
                    }
                    let repeat = attr(e, "table:number-columns-repeated").unwrap_or(1);
                    col = col.saturating_add(repeat);
                }
                _ => {}
            },
            Event::End(e) => match e.name().as_ref() {
                "table:table-row" if in_sheet => row = row.saturating_add(row_repeat),
                "table:table" if in_sheet => break,
                _ => {}
            },
            Event::Eof => break,
            _ => {}
        }
        buf.clear();
    }
    Ok(merges)
}
