//! Checks an XLS file before calamine reads it.
//!
//! An XLS file is a compound file (CFB): a 512-byte header, then sectors
//! chained together by a table of sector numbers (the FAT). calamine takes
//! the header's counts and the chains as they come: a sector number past
//! the end of the file makes it panic, a chain that loops back makes it
//! read forever, and record sizes in the workbook stream make it reserve
//! memory it cannot have. This module walks the same structures the same
//! way calamine does, refuses what would hurt it, and hands back the bytes
//! padded to whole sectors, so that calamine never reads past the end.
//!
//! It checks:
//! - the header: signature, sector size (512 or 4096), mini-sector size
//!   (64), and that the FAT, mini-FAT, DIFAT and directory sector numbers
//!   and counts fit in the file;
//! - every chain calamine follows (DIFAT, directory, mini stream, mini-FAT,
//!   workbook stream): each sector inside the file, each link inside the
//!   table, and no chain longer than the file has sectors (so no loops);
//! - the workbook stream's records: each sheet's offset inside the stream,
//!   the sheets' records read once (not over and over by sheets that share
//!   an offset), the DIMENSIONS records and the cells of all sheets within
//!   [`limits::CELLS`].

use std::ops::Range;

use super::guard::limits;
use super::sniff::{self, Other, Refused};
use crate::i18n::Msg;
use crate::msg;

const SIGNATURE: [u8; 8] = [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];
/// Sector numbers from here up are special values (MS-CFB 2.1).
const MAX_REGULAR: u32 = 0xFFFF_FFFA;
const DIFSECT: u32 = 0xFFFF_FFFC;
const END_OF_CHAIN: u32 = 0xFFFF_FFFE;
/// Streams shorter than this live in the mini stream.
const MINI_CUTOFF: usize = 4096;
const MINI_SECTOR: usize = 64;

/// A part of the compound file, as messages name it (Chinese, English).
type Part = (&'static str, &'static str);
const DIRECTORY: Part = ("目录", "directory");
const MINI_STREAM: Part = ("小扇区数据流", "mini stream");
const MINI_FAT: Part = ("小扇区分配表(mini FAT)", "mini FAT");
const WORKBOOK: Part = ("工作簿数据流", "workbook stream");

fn u16_at(b: &[u8], at: usize) -> u16 {
    u16::from_le_bytes([b[at], b[at + 1]])
}

fn u32_at(b: &[u8], at: usize) -> u32 {
    u32::from_le_bytes([b[at], b[at + 1], b[at + 2], b[at + 3]])
}

fn u32s(b: &[u8]) -> impl Iterator<Item = u32> + '_ {
    b.chunks_exact(4)
        .map(|c| u32::from_le_bytes([c[0], c[1], c[2], c[3]]))
}

/// The fields of the CFB header that calamine uses.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Header {
    pub version: u16,
    pub sector_size: usize,
    pub fat_sectors: u32,
    pub dir_start: u32,
    pub mini_fat_start: u32,
    pub mini_fat_sectors: u32,
    pub difat_start: u32,
    pub difat_sectors: u32,
}

/// Reads the header and checks it against the file's length (before
/// padding): the sector size, and that every sector number and count it
/// holds fits in the file.
pub fn check_header(bytes: &[u8]) -> Result<Header, Msg> {
    if bytes.len() < 512 || bytes[..8] != SIGNATURE {
        return Err(msg!(
            "文件头不是复合文档(OLE)文件头",
            "the file does not start with a compound-file (OLE) header"
        ));
    }
    let sector_size = match u16_at(bytes, 30) {
        9 => 512,
        12 => 4096,
        s => {
            return Err(msg!(
                "扇区大小标记 {s} 无效(应为 9 或 12)",
                "invalid sector shift {s} (must be 9 or 12)"
            ));
        }
    };
    let mini = u16_at(bytes, 32);
    if mini != 6 {
        return Err(msg!(
            "小扇区大小标记 {mini} 无效(应为 6)",
            "invalid mini-sector shift {mini} (must be 6)"
        ));
    }
    if bytes.len() < sector_size {
        return Err(msg!(
            "文件比它的第一个扇区还短",
            "the file is shorter than its first sector"
        ));
    }
    let h = Header {
        version: u16_at(bytes, 26),
        sector_size,
        fat_sectors: u32_at(bytes, 44),
        dir_start: u32_at(bytes, 48),
        mini_fat_start: u32_at(bytes, 60),
        mini_fat_sectors: u32_at(bytes, 64),
        difat_start: u32_at(bytes, 68),
        difat_sectors: u32_at(bytes, 72),
    };
    let sectors = sector_count(bytes.len(), sector_size);
    let fits = |n: u32| (n as usize) <= sectors;
    let inside = |id: u32| (id as usize) < sectors;
    let counts = [
        ("FAT", h.fat_sectors),
        ("mini FAT", h.mini_fat_sectors),
        ("DIFAT", h.difat_sectors),
    ];
    for (what, n) in counts {
        if !fits(n) {
            return Err(msg!(
                "文件头声明 {n} 个 {what} 扇区,而文件只有 {sectors} 个扇区",
                "the header declares {n} {what} sectors; the file has {sectors} sectors"
            ));
        }
    }
    let starts = [
        (DIRECTORY, h.dir_start, true),
        (MINI_FAT, h.mini_fat_start, h.mini_fat_sectors > 0),
        (
            ("DIFAT", "DIFAT"),
            h.difat_start,
            h.difat_start < MAX_REGULAR,
        ),
    ];
    for ((zh, what), id, used) in starts {
        if used && !inside(id) {
            return Err(msg!(
                "文件头中{zh}的起始扇区 {id} 超出文件末尾",
                "the header's {what} start sector {id} lies past the end of the file"
            ));
        }
    }
    Ok(h)
}

/// The number of sectors after the header in a file of `len` bytes, the
/// last one counted even when it is cut short (it is padded).
fn sector_count(len: usize, sector_size: usize) -> usize {
    len.div_ceil(sector_size).saturating_sub(1)
}

/// The compound file, padded to whole sectors, as calamine will see it.
struct Cfb {
    bytes: Vec<u8>,
    size: usize,
    sectors: usize,
}

impl Cfb {
    fn sector(&self, id: u32) -> Result<&[u8], Msg> {
        let i = id as usize;
        if i >= self.sectors {
            return Err(msg!(
                "扇区 {id} 超出文件末尾",
                "sector {id} lies past the end of the file"
            ));
        }
        Ok(&self.bytes[(i + 1) * self.size..(i + 2) * self.size])
    }

    /// Follows a chain from `start` through `table` as calamine does,
    /// collecting at most `len` bytes.
    fn chain(&self, start: u32, table: &[u32], len: usize, what: Part) -> Result<Vec<u8>, Msg> {
        walk(start, table, len, self.sectors, what, |id| self.sector(id))
    }
}

/// Follows a chain of sectors: reads each, stops at `len` bytes or the end
/// of the chain. A link outside `table`, or more steps than there are
/// sectors (a loop), is damage.
fn walk<'a>(
    start: u32,
    table: &[u32],
    len: usize,
    sectors: usize,
    (zh, what): Part,
    sector: impl Fn(u32) -> Result<&'a [u8], Msg>,
) -> Result<Vec<u8>, Msg> {
    let mut out = Vec::new();
    let mut id = start;
    let mut steps = 0usize;
    while id != END_OF_CHAIN {
        steps += 1;
        if steps > sectors {
            return Err(msg!(
                "{zh}的扇区链循环",
                "the sector chain of the {what} loops"
            ));
        }
        let data = sector(id)?;
        let take = data.len().min(len - out.len());
        out.extend_from_slice(&data[..take]);
        if out.len() >= len {
            break;
        }
        id = *table.get(id as usize).ok_or_else(|| {
            msg!(
                "{zh}的扇区链指向表外的扇区 {id}",
                "the sector chain of the {what} leaves its table at sector {id}"
            )
        })?;
    }
    Ok(out)
}

/// One directory entry: a stream's name, first sector and length.
struct Entry {
    name: String,
    start: u32,
    len: usize,
}

fn entry(b: &[u8], sector_size: usize) -> Entry {
    let (name, _) = encoding_rs::UTF_16LE.decode_without_bom_handling(&b[..64]);
    let mut name = name.into_owned();
    if let Some(end) = name.as_bytes().iter().position(|&c| c == 0) {
        name.truncate(end);
    }
    let len = if sector_size == 512 {
        u64::from(u32_at(b, 120))
    } else {
        u64::from(u32_at(b, 120)) | (u64::from(u32_at(b, 124)) << 32)
    };
    Entry {
        name,
        start: u32_at(b, 116),
        len: usize::try_from(len).unwrap_or(usize::MAX),
    }
}

/// Checks an XLS file and returns its bytes padded to whole sectors (what
/// calamine is then given), or what is wrong with it.
pub fn check(mut bytes: Vec<u8>) -> Result<Vec<u8>, Refused> {
    let h = check_header(&bytes)?;
    let size = h.sector_size;
    let sectors = sector_count(bytes.len(), size);
    bytes.resize((sectors + 1) * size, 0);
    let cfb = Cfb {
        bytes,
        size,
        sectors,
    };

    // The DIFAT: 109 sector numbers in the header, then a chain of sectors
    // whose last number links to the next.
    let mut difat: Vec<u32> = u32s(&cfb.bytes[76..512]).collect();
    let mut next = h.difat_start;
    let mut steps = 0usize;
    while next < MAX_REGULAR {
        steps += 1;
        if steps > sectors {
            return Err(msg!("DIFAT 的扇区链循环", "the DIFAT chain loops").into());
        }
        difat.extend(u32s(cfb.sector(next)?));
        next = difat.pop().unwrap_or(END_OF_CHAIN);
    }
    let fat_ids: Vec<u32> = difat.into_iter().filter(|&id| id < DIFSECT).collect();
    if fat_ids.len() > sectors {
        return Err(msg!(
            "FAT 扇区比文件的扇区还多",
            "more FAT sectors are listed than the file has sectors"
        )
        .into());
    }
    let mut fat = Vec::with_capacity(fat_ids.len() * size / 4);
    for id in fat_ids {
        fat.extend(u32s(cfb.sector(id)?));
    }

    let dir = cfb.chain(h.dir_start, &fat, usize::MAX, DIRECTORY)?;
    let entries: Vec<Entry> = dir.chunks_exact(128).map(|b| entry(b, size)).collect();
    let Some(root) = entries.first() else {
        return Err(msg!("目录为空", "the directory is empty").into());
    };
    if h.version != 3 && root.start == END_OF_CHAIN {
        return Err(msg!("根目录为空", "the root directory is empty").into());
    }
    let (mini_fat, mini_stream) = if h.mini_fat_sectors > 0 {
        let stream = cfb.chain(root.start, &fat, root.len, MINI_STREAM)?;
        let table = cfb.chain(
            h.mini_fat_start,
            &fat,
            h.mini_fat_sectors as usize * size,
            MINI_FAT,
        )?;
        (u32s(&table).collect::<Vec<u32>>(), stream)
    } else {
        (Vec::new(), Vec::new())
    };

    let find = |name: &str| {
        entries
            .iter()
            .find(|e| e.name.as_bytes().eq_ignore_ascii_case(name.as_bytes()))
    };
    let Some(book) = find("Workbook").or_else(|| find("Book")) else {
        // A Word document, or a workbook encrypted with a password to open
        // it, is a compound file too.
        let names: Vec<String> = entries.iter().map(|e| e.name.clone()).collect();
        return Err(match sniff::in_compound(&names) {
            Some(Other::Binary) | None => Refused::Damaged(msg!(
                "找不到工作簿数据流(Workbook)",
                "there is no workbook stream (Workbook)"
            )),
            Some(other) => Refused::Is(other),
        });
    };
    let stream = if book.len < MINI_CUTOFF {
        let minis = mini_stream.len() / MINI_SECTOR;
        walk(book.start, &mini_fat, book.len, minis, WORKBOOK, |id| {
            let i = id as usize;
            if i >= minis {
                return Err(msg!(
                    "小扇区 {id} 超出小扇区数据流末尾",
                    "mini sector {id} lies past the end of the mini stream"
                ));
            }
            Ok(&mini_stream[i * MINI_SECTOR..(i + 1) * MINI_SECTOR])
        })?
    } else {
        cfb.chain(book.start, &fat, book.len, WORKBOOK)?
    };
    check_records(&stream)?;
    Ok(cfb.bytes)
}

// ---------------------------------------------------------------- records

/// One BIFF record of the workbook stream, as calamine frames it: a type,
/// a length, the data, and the CONTINUE records after it.
struct Record<'a> {
    typ: u16,
    data: &'a [u8],
    cont: Vec<&'a [u8]>,
}

/// CONTINUE records after one record. calamine takes them from the front
/// of a list one by one (each time moving the rest), so their number must
/// stay modest; 16,384 of them hold 128 MiB, far more than a record needs.
const MAX_CONTINUES: usize = 16_384;

const CONTINUE: u16 = 0x003C;
const BOF: u16 = 0x0809;
const EOF: u16 = 0x000A;
const BOUND_SHEET: u16 = 0x0085;
const DIMENSIONS: u16 = 0x0200;
const FORMULA: u16 = 0x0006;
const STRING: u16 = 0x0207;
const MUL_RK: u16 = 0x00BD;
const SST: u16 = 0x00FC;
const LABEL_SST: u16 = 0x00FD;
/// Records calamine turns into one cell at (row, column) from their first
/// four bytes: Number, Label, RString, BoolErr, RK, LabelSst, Formula.
const CELLS: [u16; 7] = [0x0203, 0x0204, 0x00D6, 0x0205, 0x027E, 0x00FD, FORMULA];

/// The records of a stream, each with the bytes it took (CONTINUE records
/// included). The walk ends at the end of the stream or at a record cut
/// short (where calamine stops with an error); a record with too many
/// CONTINUE records is damage.
fn records(stream: &[u8]) -> impl Iterator<Item = Result<(Record<'_>, usize), Msg>> + '_ {
    let mut rest = stream;
    std::iter::from_fn(move || {
        if rest.len() < 4 {
            return None;
        }
        let typ = u16_at(rest, 0);
        let len = u16_at(rest, 2) as usize;
        if rest.len() < len + 4 {
            return None;
        }
        let data = &rest[4..4 + len];
        let mut used = 4 + len;
        rest = &rest[used..];
        let mut cont = Vec::new();
        while rest.len() > 4 && u16_at(rest, 0) == CONTINUE {
            let len = u16_at(rest, 2) as usize;
            if rest.len() < len + 4 {
                rest = &[];
                return None;
            }
            if cont.len() == MAX_CONTINUES {
                rest = &[];
                return Some(Err(msg!(
                    "一条记录后跟了超过 {MAX_CONTINUES} 条 CONTINUE 记录",
                    "a record is followed by more than {MAX_CONTINUES} CONTINUE records"
                )));
            }
            cont.push(&rest[4..4 + len]);
            used += 4 + len;
            rest = &rest[4 + len..];
        }
        Some(Ok((Record { typ, data, cont }, used)))
    })
}

/// The length in characters of each string of the shared-string table
/// (SST), read as calamine reads them; the list stops where calamine
/// would stop with an error.
fn shared_string_lengths<'a>(r: &Record<'a>) -> Vec<u64> {
    let mut lengths = Vec::new();
    let Some(mut data) = r.data.get(8..) else {
        return lengths;
    };
    let mut cont = r.cont.iter();
    // Moves to the next CONTINUE record; false when there is none.
    let mut next = |data: &mut &'a [u8]| match cont.next() {
        Some(c) => {
            *data = c;
            true
        }
        None => false,
    };
    loop {
        if data.is_empty() && !next(&mut data) {
            return lengths;
        }
        if data.is_empty() {
            lengths.push(0);
            continue;
        }
        if data.len() < 3 {
            return lengths;
        }
        let cch = u16_at(data, 0) as usize;
        let flags = data[2];
        data = &data[3..];
        let mut high = flags & 1 != 0;
        let mut runs = 0usize;
        let mut ext = 0usize;
        if flags & 8 != 0 {
            let Some(n) = data.get(..2) else {
                return lengths;
            };
            runs = u16_at(n, 0) as usize * 4;
            data = &data[2..];
        }
        if flags & 4 != 0 {
            let Some(n) = data.get(..4) else {
                return lengths;
            };
            ext = i32::from_le_bytes([n[0], n[1], n[2], n[3]]) as usize;
            data = &data[4..];
        }
        let mut left = cch;
        while left > 0 {
            let (chars, bytes) = if high {
                let l = (data.len() / 2).min(left);
                (l, 2 * l)
            } else {
                let l = data.len().min(left);
                (l, l)
            };
            data = &data[bytes..];
            left -= chars;
            if left > 0 {
                if !next(&mut data) || data.is_empty() {
                    return lengths;
                }
                high = data[0] & 1 != 0;
                data = &data[1..];
            }
        }
        lengths.push(cch as u64);
        for mut skip in [runs, ext] {
            while skip > 0 {
                if data.is_empty() && !next(&mut data) {
                    return lengths;
                }
                let l = skip.min(data.len());
                data = &data[l..];
                skip -= l;
            }
        }
    }
}

/// The rectangle a sheet's cells span.
#[derive(Default)]
struct Span {
    rows: Option<Range<u32>>,
    cols: Option<Range<u32>>,
}

impl Span {
    fn add(&mut self, row: u32, col: u32) {
        fn widen(r: &mut Option<Range<u32>>, v: u32) {
            *r = Some(match r.take() {
                None => v..v + 1,
                Some(r) => r.start.min(v)..r.end.max(v + 1),
            });
        }
        widen(&mut self.rows, row);
        widen(&mut self.cols, col);
    }

    fn cells(&self) -> u64 {
        let len = |r: &Option<Range<u32>>| r.as_ref().map_or(0, |r| u64::from(r.end - r.start));
        len(&self.rows) * len(&self.cols)
    }
}

/// The cells calamine reserves room for on reading a DIMENSIONS record,
/// or `None` where its arithmetic would overflow.
fn dimensions_cells(d: &[u8]) -> Option<u64> {
    let (rf, rl, mut cf, cl) = match d.len() {
        10 => (
            u32::from(u16_at(d, 0)),
            u32::from(u16_at(d, 2)),
            u32::from(u16_at(d, 4)),
            u32::from(u16_at(d, 6)),
        ),
        14 | 16 => (
            u32_at(d, 0),
            u32_at(d, 4),
            u32::from(u16_at(d, 8)),
            u32::from(u16_at(d, 10)),
        ),
        // calamine refuses other lengths with an error.
        _ => return Some(0),
    };
    if cf > 0xFF || cl < cf {
        cf = 0;
    }
    let (rows, cols) = if rl >= 1 && cl >= 1 {
        ((rl - 1).checked_sub(rf)? + 1, (cl - 1).checked_sub(cf)? + 1)
    } else {
        (1, 1)
    };
    Some(u64::from(rows) * u64::from(cols))
}

/// The most bytes of UTF-8 a character of an XLS string turns into.
const UTF8_PER_CHAR: u64 = 3;

fn too_much_text(bytes: u64) -> Msg {
    let (mib, max) = (bytes >> 20, limits::TEXT_BYTES >> 20);
    msg!(
        "单元格共引用约 {mib} MiB 文字,超过上限 {max} MiB",
        "its cells repeat about {mib} MiB of text, more than the limit of {max} MiB"
    )
}

fn too_many_cells(cells: u64) -> Msg {
    let max = limits::CELLS;
    msg!(
        "工作表占据 {cells} 个单元格,超过上限 {max}",
        "the sheets span {cells} cells, more than the limit of {max}"
    )
}

/// Checks the workbook stream's records where calamine would go wrong.
fn check_records(stream: &[u8]) -> Result<(), Msg> {
    let mut sheets = Vec::new();
    let mut strings = Vec::new();
    for record in records(stream) {
        let (r, _) = record?;
        match r.typ {
            BOUND_SHEET if r.data.len() >= 4 => sheets.push(u32_at(r.data, 0) as usize),
            SST => strings = shared_string_lengths(&r),
            EOF => break,
            _ => {}
        }
    }
    let mut read = 0usize;
    let mut cells = 0u64;
    // Each cell of the shared-string table gets its own copy of the text.
    let mut text = 0u64;
    for pos in sheets {
        let Some(sheet) = stream.get(pos..) else {
            let len = stream.len();
            return Err(msg!(
                "工作表起点 {pos} 超出工作簿数据流({len} 字节)",
                "a sheet starts at {pos}, past the end of the workbook stream ({len} bytes)"
            ));
        };
        let mut span = Span::default();
        let mut formula_at = (0, 0);
        let mut seen_bof = false;
        let mut depth = 0usize;
        for record in records(sheet) {
            let (r, used) = record?;
            read += used;
            if read > stream.len() {
                return Err(msg!(
                    "多个工作表指向同一段数据",
                    "several sheets point at the same records"
                ));
            }
            if depth > 0 {
                match r.typ {
                    BOF => depth += 1,
                    EOF => depth -= 1,
                    _ => {}
                }
                continue;
            }
            let at = |i: usize| u32::from(u16_at(r.data, i));
            match r.typ {
                BOF if seen_bof => depth += 1,
                BOF => seen_bof = true,
                EOF => break,
                DIMENSIONS => match dimensions_cells(r.data) {
                    Some(n) if n <= limits::CELLS => {}
                    Some(n) => return Err(too_many_cells(n)),
                    None => {
                        return Err(msg!(
                            "DIMENSIONS 记录的范围颠倒",
                            "a DIMENSIONS record ends before it starts"
                        ));
                    }
                },
                LABEL_SST if r.data.len() >= 10 => {
                    span.add(at(0), at(2));
                    let i = u32_at(r.data, 6) as usize;
                    let chars = strings.get(i).copied().unwrap_or(0);
                    text = text.saturating_add(chars * UTF8_PER_CHAR);
                    if text > limits::TEXT_BYTES {
                        return Err(too_much_text(text));
                    }
                }
                t if CELLS.contains(&t) && r.data.len() >= 4 => {
                    span.add(at(0), at(2));
                    if t == FORMULA {
                        formula_at = (at(0), at(2));
                    }
                }
                STRING => span.add(formula_at.0, formula_at.1),
                MUL_RK if r.data.len() >= 6 => {
                    span.add(at(0), at(2));
                    span.add(at(0), at(r.data.len() - 2));
                }
                _ => {}
            }
        }
        cells += span.cells();
        if cells > limits::CELLS {
            return Err(too_many_cells(cells));
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A minimal compound file: header, FAT sectors (0..k), one directory
    /// sector (k) with the root and a `Workbook` entry, and the workbook
    /// stream in sectors k+1.. (it is made at least 4096 bytes long, so it
    /// lives in regular sectors). Small streams need one FAT sector.
    pub fn compound_file(workbook: &[u8]) -> Vec<u8> {
        let mut stream = workbook.to_vec();
        stream.resize(stream.len().max(MINI_CUTOFF), 0);
        let n = stream.len().div_ceil(512);
        let mut k = 1;
        while k * 128 < k + 1 + n {
            k += 1;
        }
        let mut f = vec![0u8; 512];
        f[..8].copy_from_slice(&SIGNATURE);
        f[24..26].copy_from_slice(&0x3Eu16.to_le_bytes());
        f[26..28].copy_from_slice(&3u16.to_le_bytes());
        f[28..30].copy_from_slice(&0xFFFEu16.to_le_bytes());
        f[30..32].copy_from_slice(&9u16.to_le_bytes());
        f[32..34].copy_from_slice(&6u16.to_le_bytes());
        f[44..48].copy_from_slice(&(k as u32).to_le_bytes());
        f[48..52].copy_from_slice(&(k as u32).to_le_bytes());
        f[56..60].copy_from_slice(&4096u32.to_le_bytes());
        f[60..64].copy_from_slice(&END_OF_CHAIN.to_le_bytes());
        f[68..72].copy_from_slice(&END_OF_CHAIN.to_le_bytes());
        for i in 0..109 {
            let id = if i < k { i as u32 } else { u32::MAX };
            f[76 + 4 * i..80 + 4 * i].copy_from_slice(&id.to_le_bytes());
        }
        let mut fat = vec![u32::MAX; 128 * k];
        fat[..k].fill(0xFFFF_FFFD);
        fat[k] = END_OF_CHAIN;
        for i in 0..n {
            let at = k + 1 + i;
            fat[at] = if i + 1 == n {
                END_OF_CHAIN
            } else {
                (at + 1) as u32
            };
        }
        f.extend(fat.iter().flat_map(|v| v.to_le_bytes()));
        let mut dir = vec![0u8; 512];
        let mut put = |at: usize, name: &str, kind: u8, start: u32, len: u32| {
            let e = &mut dir[at * 128..(at + 1) * 128];
            for (i, u) in name.encode_utf16().enumerate() {
                e[2 * i..2 * i + 2].copy_from_slice(&u.to_le_bytes());
            }
            e[64..66].copy_from_slice(&(2 * (name.len() as u16 + 1)).to_le_bytes());
            e[66] = kind;
            e[116..120].copy_from_slice(&start.to_le_bytes());
            e[120..124].copy_from_slice(&len.to_le_bytes());
        };
        put(0, "Root Entry", 5, END_OF_CHAIN, 0);
        put(1, "Workbook", 2, k as u32 + 1, stream.len() as u32);
        f.extend(dir);
        f.extend(&stream);
        f.resize(512 * (k + 2 + n), 0);
        f
    }

    fn record(typ: u16, data: &[u8]) -> Vec<u8> {
        let mut r = typ.to_le_bytes().to_vec();
        r.extend((data.len() as u16).to_le_bytes());
        r.extend(data);
        r
    }

    fn set_u32(f: &mut [u8], at: usize, v: u32) {
        f[at..at + 4].copy_from_slice(&v.to_le_bytes());
    }

    #[test]
    fn a_sound_compound_file_passes_and_is_padded_to_whole_sectors() {
        let f = compound_file(&record(EOF, &[]));
        let mut cut = f.clone();
        cut.truncate(f.len() - 100);
        assert_eq!(check(cut).unwrap(), f);
        assert!(check(f.clone()).is_ok());
    }

    #[test]
    fn header_counts_and_starts_are_checked_against_the_file_size() {
        let f = compound_file(&record(EOF, &[]));
        // The sector counts that made calamine ask for 16 GiB.
        for at in [44, 64, 72] {
            let mut bad = f.clone();
            set_u32(&mut bad, at, u32::MAX);
            let err = check_header(&bad).unwrap_err();
            assert!(err.en.contains("the file has 10 sectors"), "{err}");
        }
        let mut bad = f.clone();
        set_u32(&mut bad, 48, 11);
        assert!(
            check_header(&bad)
                .unwrap_err()
                .to_string()
                .contains("directory start")
        );
        let mut bad = f.clone();
        bad[30] = 10;
        assert!(
            check_header(&bad)
                .unwrap_err()
                .to_string()
                .contains("sector shift 10")
        );
        assert!(check_header(&f[..300]).is_err());
        assert!(check_header(&f).is_ok());
    }

    #[test]
    fn chains_that_loop_or_leave_the_file_are_refused() {
        let f = compound_file(&record(EOF, &[]));
        // The directory chain points back at itself.
        let mut looped = f.clone();
        set_u32(&mut looped, 512 + 4, 1);
        assert!(check(looped).unwrap_err().to_string().contains("loops"));
        // The workbook stream's next sector is past the end of the file.
        let mut out = f.clone();
        set_u32(&mut out, 512 + 4 * 2, 500);
        assert!(check(out).unwrap_err().to_string().contains("past the end"));
        // A FAT sector number past the end of the file.
        let mut fat = f.clone();
        set_u32(&mut fat, 76, 4000);
        assert!(check(fat).unwrap_err().to_string().contains("past the end"));
    }

    #[test]
    fn records_that_would_make_calamine_allocate_too_much_are_refused() {
        let mut globals = record(BOF, &[0, 6, 5, 0]);
        globals.extend(record(BOUND_SHEET, &[0; 8]));
        globals.extend(record(EOF, &[]));
        let at = globals.len() as u32;
        let patch = |g: &mut Vec<u8>| {
            let b = g.len() - 4 - 4 - 8;
            g[b + 4..b + 8].copy_from_slice(&at.to_le_bytes());
        };
        patch(&mut globals);
        // DIMENSIONS with rows 10..2^32: calamine reserved for 2^32 rows.
        let mut dims = [0u8; 14];
        dims[0..4].copy_from_slice(&10u32.to_le_bytes());
        dims[4..8].copy_from_slice(&u32::MAX.to_le_bytes());
        dims[10..12].copy_from_slice(&4u16.to_le_bytes());
        let mut book = globals.clone();
        book.extend(record(BOF, &[0, 6, 0x10, 0]));
        book.extend(record(DIMENSIONS, &dims));
        book.extend(record(EOF, &[]));
        assert!(
            check(compound_file(&book))
                .unwrap_err()
                .to_string()
                .contains("limit")
        );
        // Two numbers at opposite corners: 65,536 × 65,536 cells.
        let mut book = globals.clone();
        book.extend(record(BOF, &[0, 6, 0x10, 0]));
        book.extend(record(0x0203, &[0; 14]));
        let mut far = [0xFFu8; 14];
        far[4..6].copy_from_slice(&[0, 0]);
        book.extend(record(0x0203, &far));
        book.extend(record(EOF, &[]));
        assert!(
            check(compound_file(&book))
                .unwrap_err()
                .to_string()
                .contains("limit")
        );
        // A sheet past the end of the stream.
        let mut book = globals.clone();
        let b = book.len() - 4 - 4 - 8;
        book[b + 4..b + 8].copy_from_slice(&100_000u32.to_le_bytes());
        assert!(
            check(compound_file(&book))
                .unwrap_err()
                .to_string()
                .contains("past the end")
        );
        // One shared string of 8,000 characters shown in 12,000 cells:
        // calamine copies it into each (some 288 MB).
        let mut book = globals.clone();
        let mut sst = vec![0u8; 8];
        sst.extend(8000u16.to_le_bytes());
        sst.push(0);
        sst.extend(std::iter::repeat_n(b'x', 8000));
        book.splice(8..8, record(SST, &sst));
        let at = book.len() as u32;
        let b = book.len() - 4 - 4 - 8;
        book[b + 4..b + 8].copy_from_slice(&at.to_le_bytes());
        book.extend(record(BOF, &[0, 6, 0x10, 0]));
        for row in 0..12_000u16 {
            let mut cell = [0u8; 10];
            cell[..2].copy_from_slice(&row.to_le_bytes());
            book.extend(record(LABEL_SST, &cell));
        }
        book.extend(record(EOF, &[]));
        let Err(err) = check(compound_file(&book)) else {
            panic!("12,000 copies of 8,000 characters passed");
        };
        assert!(err.to_string().contains("MiB of text"), "{err}");
        // A sound sheet passes.
        let mut book = globals;
        book.extend(record(BOF, &[0, 6, 0x10, 0]));
        book.extend(record(0x0203, &[0; 14]));
        book.extend(record(EOF, &[]));
        assert!(check(compound_file(&book)).is_ok());
    }
}
