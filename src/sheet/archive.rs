//! Checks the ZIP archive of an XLSX or ODS workbook before calamine opens
//! it: the parts may not unpack to more than [`limits::UNPACKED_BYTES`] (the
//! zip crate stops any part at the size it declares, so the declared sizes
//! bound what is read), and an XLSX shared-string table may not announce
//! more strings than it has room for (calamine reserves memory for the
//! announced count).

use std::fs::File;
use std::io::{BufReader, Read};
use std::path::Path;

use quick_xml::Reader;
use quick_xml::events::Event;
use zip::ZipArchive;

use super::guard::limits;
use crate::error::Result;
use crate::i18n::Msg;
use crate::msg;

/// What the check learnt: the sum of the parts' unpacked sizes.
pub struct Archive {
    pub unpacked: u64,
}

/// The shortest a shared string can be written (`<si/>`).
const SHORTEST_STRING: u64 = 5;

pub fn check(path: &Path, xlsx: bool) -> Result<Archive, Msg> {
    let file = File::open(path).map_err(|e| {
        let e = e.to_string();
        msg!("无法打开:{e}", "cannot open it: {e}")
    })?;
    let mut zip = ZipArchive::new(BufReader::new(file)).map_err(|e| {
        let e = e.to_string();
        Msg::new(e.clone(), e)
    })?;
    let mut unpacked = 0u64;
    let mut strings = Vec::new();
    for i in 0..zip.len() {
        let Ok(entry) = zip.by_index_data(i) else {
            continue;
        };
        unpacked = unpacked.saturating_add(entry.size());
        let name = entry.name_raw().to_ascii_lowercase();
        if xlsx && name.ends_with(b"sharedstrings.xml") {
            strings.push((i, entry.size()));
        }
    }
    if unpacked > limits::UNPACKED_BYTES {
        let (mib, max) = (unpacked >> 20, limits::UNPACKED_BYTES >> 20);
        return Err(msg!(
            "解压后共 {mib} MiB,超过上限 {max} MiB",
            "its parts unpack to {mib} MiB, more than the limit of {max} MiB"
        ));
    }
    for (i, size) in strings {
        if let Some(count) = announced_strings(&mut zip, i)
            && count > size / SHORTEST_STRING + 1
        {
            return Err(msg!(
                "共享字符串表声明有 {count} 个字符串,但只有 {size} 字节",
                "its shared-string table announces {count} strings in {size} bytes"
            ));
        }
    }
    Ok(Archive { unpacked })
}

/// The `uniqueCount` of a shared-string table's `<sst>` element.
fn announced_strings<R: Read + std::io::Seek>(zip: &mut ZipArchive<R>, i: usize) -> Option<u64> {
    let part = zip.by_index(i).ok()?;
    let mut xml = Reader::from_reader(BufReader::new(part.take(1 << 20)));
    let mut buf = Vec::new();
    loop {
        match xml.read_event_into(&mut buf).ok()? {
            Event::Start(e) | Event::Empty(e) if e.local_name().as_ref() == "sst" => {
                let a = e
                    .attributes()
                    .flatten()
                    .find(|a| a.key.as_ref() == "uniqueCount")?;
                return a.value.trim().parse().ok();
            }
            Event::Eof => return None,
            _ => {}
        }
        buf.clear();
    }
}
