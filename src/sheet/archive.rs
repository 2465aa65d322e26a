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
use zip::result::ZipError;

use super::guard::limits;
use super::sniff::{self, Refused};
use crate::msg;

/// What the check learnt: the sum of the parts' unpacked sizes.
pub struct Archive {
    pub unpacked: u64,
}

/// The shortest a shared string can be written (`<si/>`).
const SHORTEST_STRING: u64 = 5;

/// Checks the archive of an XLSX (`xlsx`) or ODS workbook: that it is a
/// whole ZIP archive, that it holds that workbook (not a Word document or
/// other files: [`sniff::in_zip`]), and the limits above.
pub fn check(path: &Path, xlsx: bool) -> Result<Archive, Refused> {
    let file = File::open(path).map_err(|e| match crate::error::os_reason(&e) {
        Some(why) => why,
        None => {
            let e = e.to_string();
            msg!("无法打开:{e}", "cannot open it: {e}")
        }
    })?;
    let mut zip = ZipArchive::new(BufReader::new(file)).map_err(zip_reason)?;
    let mut unpacked = 0u64;
    let mut strings = Vec::new();
    let mut names = Vec::with_capacity(zip.len());
    let mut mimetype = None;
    for i in 0..zip.len() {
        let Ok(entry) = zip.by_index_data(i) else {
            continue;
        };
        unpacked = unpacked.saturating_add(entry.size());
        let name = entry.name_raw().to_ascii_lowercase();
        if xlsx && name.ends_with(b"sharedstrings.xml") {
            strings.push((i, entry.size()));
        }
        if name == b"mimetype" && entry.size() < 256 {
            mimetype = Some(i);
        }
        names.push(String::from_utf8_lossy(&name).into_owned());
    }
    let mimetype = mimetype.and_then(|i| {
        let mut text = String::new();
        zip.by_index(i)
            .ok()?
            .take(256)
            .read_to_string(&mut text)
            .ok()?;
        Some(text)
    });
    if let Some(other) = sniff::in_zip(&names, mimetype.as_deref(), xlsx) {
        return Err(Refused::Is(other));
    }
    if unpacked > limits::UNPACKED_BYTES {
        let (mib, max) = (unpacked >> 20, limits::UNPACKED_BYTES >> 20);
        return Err(Refused::Damaged(msg!(
            "解压后共 {mib} MiB,超过上限 {max} MiB",
            "its parts unpack to {mib} MiB, more than the limit of {max} MiB"
        )));
    }
    for (i, size) in strings {
        if let Some(count) = announced_strings(&mut zip, i)
            && count > size / SHORTEST_STRING + 1
        {
            return Err(Refused::Damaged(msg!(
                "共享字符串表声明有 {count} 个字符串,但只有 {size} 字节",
                "its shared-string table announces {count} strings in {size} bytes"
            )));
        }
    }
    Ok(Archive { unpacked })
}

/// Why a ZIP archive could not be opened, in words a person can act on.
fn zip_reason(e: ZipError) -> Refused {
    Refused::Damaged(match e {
        ZipError::Io(io) => match crate::error::os_reason(&io) {
            Some(why) => why,
            None => {
                let e = io.to_string();
                msg!("读取时出错:{e}", "reading it failed: {e}")
            }
        },
        ZipError::UnsupportedArchive(_) | ZipError::InvalidPassword => msg!(
            "压缩方式不受支持,或设置了密码",
            "it uses a compression the reader does not support, or a password"
        ),
        _ => msg!(
            "文件不完整或结构已损坏(可能在复制、下载或保存时被截断);请重新保存或重新下载",
            "the file is incomplete or its structure is damaged (cut off while copying, downloading or saving, perhaps); save or download it again"
        ),
    })
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
