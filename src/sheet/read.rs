//! Reading rows out of CSV, XLSX, XLS and ODS files.
//!
//! Each file is read on its own thread, which sends rows in batches to the
//! importer: decoding and XML parsing use one core while the importer checks
//! rows and writes the database on the other. Rows come with the row number
//! the spreadsheet program shows; blank rows are dropped.

use std::fs::File;
use std::io::{self, BufReader, Cursor, Read};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::mpsc::{Receiver, RecvTimeoutError, SyncSender, sync_channel};
use std::time::Duration;

use calamine::{Data, DataRef, Dimensions, Ods, Reader, Xls, Xlsx};
use encoding_rs::Encoding;

use super::cell::Cell;
use super::guard::{self, damaged, limits};
use super::{archive, ods, sniff, xls};
use crate::error::{Error, Result};
use crate::i18n::Msg;
use crate::msg;

/// One row of a sheet.
#[derive(Debug, Clone, PartialEq)]
pub struct Row {
    /// The 1-based row number as the spreadsheet program shows it.
    pub number: u32,
    pub cells: Vec<Cell>,
}

impl Row {
    pub fn is_blank(&self) -> bool {
        self.cells.iter().all(Cell::is_blank)
    }
}

/// How far a reader has got, shared with whoever draws a progress bar.
#[derive(Debug, Clone, Default)]
pub struct Progress {
    done: Arc<AtomicU64>,
    total: Arc<AtomicU64>,
}

impl Progress {
    /// (done, total) in the reader's unit: bytes for CSV, rows for workbooks.
    pub fn get(&self) -> (u64, u64) {
        (
            self.done.load(Ordering::Relaxed),
            self.total.load(Ordering::Relaxed),
        )
    }

    pub fn set_total(&self, total: u64) {
        self.total.store(total, Ordering::Relaxed);
    }

    pub fn set_done(&self, done: u64) {
        self.done.store(done, Ordering::Relaxed);
    }
}

/// The file formats meded reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Csv,
    Xlsx,
    Xls,
    Ods,
}

impl Format {
    /// The format's name in messages.
    pub fn name(self) -> &'static str {
        match self {
            Format::Csv => "CSV",
            Format::Xlsx => "XLSX",
            Format::Xls => "XLS",
            Format::Ods => "ODS",
        }
    }
}

const BATCH: usize = 512;

/// Rows of one sheet, read on a background thread. A reader that panics
/// ends the stream with the damaged-file error; one that sends nothing
/// for its time limit ends it with the same error.
pub struct RowStream {
    rx: Receiver<Result<Vec<Row>>>,
    batch: std::vec::IntoIter<Row>,
    progress: Progress,
    path: PathBuf,
    format: Format,
    limit: Duration,
    ended: bool,
}

impl RowStream {
    pub fn progress(&self) -> Progress {
        self.progress.clone()
    }
}

impl Iterator for RowStream {
    type Item = Result<Row>;

    fn next(&mut self) -> Option<Result<Row>> {
        loop {
            if let Some(row) = self.batch.next() {
                return Some(Ok(row));
            }
            if self.ended {
                return None;
            }
            match self.rx.recv_timeout(self.limit) {
                Ok(Ok(batch)) => self.batch = batch.into_iter(),
                Ok(Err(e)) => {
                    self.ended = true;
                    return Some(Err(e));
                }
                Err(RecvTimeoutError::Timeout) => {
                    self.ended = true;
                    let name = self.format.name();
                    return Some(Err(guard::too_slow(&self.path, name, self.limit)));
                }
                Err(RecvTimeoutError::Disconnected) => {
                    self.ended = true;
                    return None;
                }
            }
        }
    }
}

/// Collects rows into batches and sends them; stops quietly when the
/// receiving side has gone away.
struct Sender {
    tx: SyncSender<Result<Vec<Row>>>,
    batch: Vec<Row>,
}

impl Sender {
    fn push(&mut self, row: Row) -> bool {
        if row.is_blank() {
            return true;
        }
        self.batch.push(row);
        if self.batch.len() >= BATCH {
            let full = std::mem::replace(&mut self.batch, Vec::with_capacity(BATCH));
            return self.tx.send(Ok(full)).is_ok();
        }
        true
    }

    fn finish(self, result: Result<()>) {
        if !self.batch.is_empty() {
            let _ = self.tx.send(Ok(self.batch));
        }
        if let Err(e) = result {
            let _ = self.tx.send(Err(e));
        }
    }
}

/// Runs `work` on a reader thread that sends the rows it emits, with
/// panics contained (see `guard`).
fn spawn(
    path: &Path,
    format: Format,
    limit: Duration,
    work: impl FnOnce(&mut dyn FnMut(Row) -> bool, &Progress) -> Result<()> + Send + 'static,
) -> Result<RowStream> {
    let (tx, rx) = sync_channel(8);
    let progress = Progress::default();
    let shared = progress.clone();
    let owned = path.to_path_buf();
    guard::spawn_reader(move || {
        let mut sender = Sender {
            tx,
            batch: Vec::with_capacity(BATCH),
        };
        let result = guard::contained(&owned, format.name(), || {
            work(&mut |row| sender.push(row), &shared)
        });
        sender.finish(result);
    })?;
    Ok(RowStream {
        rx,
        batch: Vec::new().into_iter(),
        progress,
        path: path.to_path_buf(),
        format,
        limit,
        ended: false,
    })
}

/// The damaged-file error with a library's (English) explanation.
fn bad_file(path: &Path, what: &str, detail: impl std::fmt::Display) -> Error {
    let detail = detail.to_string();
    damaged(path, what, &Msg::new(detail.clone(), detail))
}

/// Decides the format from the file's first bytes, and its extension where
/// the bytes allow two (XLSX and ODS are both ZIP archives).
pub fn detect(path: &Path) -> Result<Format> {
    let mut head = [0u8; 4096];
    let n = File::open(path)
        .and_then(|mut f| read_up_to(&mut f, &mut head))
        .map_err(|e| Error::unreadable(path, &e))?;
    let head = &head[..n];
    if let Some(other) = sniff::by_head(path, head) {
        return Err(sniff::refuse(path, other));
    }
    let ext = path
        .extension()
        .and_then(|e| e.to_str())
        .unwrap_or("")
        .to_ascii_lowercase();
    if head.starts_with(b"PK\x03\x04") {
        return Ok(if ext == "ods" {
            Format::Ods
        } else {
            Format::Xlsx
        });
    }
    if head.starts_with(&[0xD0, 0xCF, 0x11, 0xE0]) {
        return Ok(Format::Xls);
    }
    if matches!(ext.as_str(), "xlsx" | "xlsm" | "xls" | "ods") {
        return Err(damaged(
            path,
            &ext.to_ascii_uppercase(),
            &msg!("文件内容不是电子表格", "its content is not a spreadsheet"),
        ));
    }
    Ok(Format::Csv)
}

fn read_up_to(r: &mut impl Read, buf: &mut [u8]) -> io::Result<usize> {
    let mut n = 0;
    while n < buf.len() {
        match r.read(&mut buf[n..])? {
            0 => break,
            k => n += k,
        }
    }
    Ok(n)
}

// ---------------------------------------------------------------- CSV

/// What a CSV file is encoded in: a BOM decides; otherwise UTF-8 when the
/// whole file is valid UTF-8, else GB18030 (a superset of GBK and GB2312,
/// what Excel on Chinese Windows writes).
fn sniff_encoding(path: &Path) -> Result<&'static Encoding> {
    let mut f = File::open(path).map_err(|e| Error::unreadable(path, &e))?;
    let mut buf = vec![0u8; 1 << 16];
    let mut carry = 0usize;
    let mut first = true;
    loop {
        let n = read_up_to(&mut f, &mut buf[carry..]).map_err(|e| Error::unreadable(path, &e))?;
        if first {
            first = false;
            if let Some((enc, _)) = Encoding::for_bom(&buf[..n]) {
                return Ok(enc);
            }
        }
        let len = carry + n;
        match std::str::from_utf8(&buf[..len]) {
            Ok(_) => carry = 0,
            // A character cut at the end of the buffer: keep its bytes for the next round.
            Err(e) if e.error_len().is_none() && n > 0 => {
                let valid = e.valid_up_to();
                buf.copy_within(valid..len, 0);
                carry = len - valid;
            }
            Err(_) => return Ok(encoding_rs::GB18030),
        }
        if n == 0 {
            return Ok(encoding_rs::UTF_8);
        }
    }
}

/// Comma or tab: whichever is more frequent in the first lines, counted in
/// decoded text (in UTF-16 the bytes of a comma turn up inside characters).
fn sniff_delimiter(path: &Path, encoding: &'static Encoding) -> Result<u8> {
    let mut head = vec![0u8; 1 << 14];
    let n = File::open(path)
        .and_then(|mut f| read_up_to(&mut f, &mut head))
        .map_err(|e| Error::unreadable(path, &e))?;
    let (text, _) = encoding.decode_with_bom_removal(&head[..n]);
    let tabs = text.matches('\t').count();
    let commas = text.matches(',').count();
    Ok(if tabs > commas { b'\t' } else { b',' })
}

/// Counts the bytes of the file read so far, for the progress bar.
struct Counting<R> {
    inner: R,
    read: u64,
    progress: Progress,
}

impl<R: Read> Read for Counting<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.read += n as u64;
        self.progress.set_done(self.read);
        Ok(n)
    }
}

/// Turns `\r\n` and a lone `\r` into `\n`, so that the csv reader's line
/// count is the count of rows (it counts the two line ends differently).
/// Each `\r` becomes a `\n` and a `\n` right after a `\r` is dropped, so
/// the output is never longer than the input.
struct UnixLines<R> {
    inner: R,
    after_cr: bool,
}

impl<R: Read> Read for UnixLines<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        loop {
            let n = self.inner.read(buf)?;
            if n == 0 {
                return Ok(0);
            }
            // Most files end their lines with \n alone: nothing to change.
            if !self.after_cr && memchr::memchr(b'\r', &buf[..n]).is_none() {
                return Ok(n);
            }
            let mut out = 0;
            for i in 0..n {
                let b = buf[i];
                let after_cr = std::mem::replace(&mut self.after_cr, b == b'\r');
                if b == b'\n' && after_cr {
                    continue;
                }
                buf[out] = if b == b'\r' { b'\n' } else { b };
                out += 1;
            }
            // A read of nothing but a dropped \n must not look like the end.
            if out > 0 {
                return Ok(out);
            }
        }
    }
}

/// A CSV cell: empty, or text. A leading apostrophe that meded (or another
/// careful exporter) put before `=`, `+`, `-` or `@` against formula
/// injection is removed again.
fn csv_cell(field: &str) -> Cell {
    if field.is_empty() {
        return Cell::Empty;
    }
    match field.strip_prefix('\'') {
        Some(rest) if rest.starts_with(['=', '+', '-', '@']) => Cell::Text(rest.to_owned()),
        _ => Cell::Text(field.to_owned()),
    }
}

pub fn csv(path: &Path) -> Result<RowStream> {
    let encoding = sniff_encoding(path)?;
    let delimiter = sniff_delimiter(path, encoding)?;
    let ends_with_newline = ends_with_newline(path)?;
    let file = File::open(path).map_err(|e| Error::unreadable(path, &e))?;
    let size = file.metadata().map(|m| m.len()).unwrap_or(0);
    let limit = guard::time_limit(size);
    let owned = path.to_path_buf();
    spawn(path, Format::Csv, limit, move |emit, progress| {
        let path = owned;
        progress.set_total(size);
        let counting = Counting {
            inner: file,
            read: 0,
            progress: progress.clone(),
        };
        let decoded = encoding_rs_io::DecodeReaderBytesBuilder::new()
            .encoding(Some(encoding))
            .bom_override(true)
            .strip_bom(true)
            .build(counting);
        let mut reader = csv::ReaderBuilder::new()
            .has_headers(false)
            .flexible(true)
            .delimiter(delimiter)
            .buffer_capacity(1 << 16)
            .from_reader(UnixLines {
                inner: BufReader::with_capacity(1 << 16, decoded),
                after_cr: false,
            });
        // The csv reader skips blank lines, which the spreadsheet program
        // shows as rows, and counts the lines inside quoted cells, which it
        // does not. A record's row is worked out from the line it ends on,
        // known once the next record has been read (the last record of a
        // file without a final newline ends on the line the reader stops at).
        let mut record = csv::StringRecord::new();
        let mut previous: Option<(Vec<Cell>, u64, u64)> = None;
        let mut inner_breaks_before = 0u64;
        let mut emit_row = |cells: Vec<Cell>, last_line: u64, inner_breaks: u64| {
            let number = last_line - inner_breaks - inner_breaks_before;
            inner_breaks_before += inner_breaks;
            emit(Row {
                number: u32::try_from(number).unwrap_or(u32::MAX),
                cells,
            })
        };
        loop {
            let more = reader
                .read_record(&mut record)
                .map_err(|e| bad_file(&path, "CSV", e))?;
            let line_after = reader.position().line();
            if let Some((cells, after, breaks)) = previous.take() {
                let last = if more || ends_with_newline {
                    after - 1
                } else {
                    after
                };
                if !emit_row(cells, last, breaks) {
                    return Ok(());
                }
            }
            if !more {
                return Ok(());
            }
            let breaks = memchr::memchr_iter(b'\n', record.as_slice().as_bytes()).count() as u64;
            previous = Some((record.iter().map(csv_cell).collect(), line_after, breaks));
        }
    })
}

/// Whether the file's last character is a line break (in UTF-8, GBK or UTF-16).
fn ends_with_newline(path: &Path) -> Result<bool> {
    use std::io::{Seek, SeekFrom};
    let mut f = File::open(path).map_err(|e| Error::unreadable(path, &e))?;
    let len = f.metadata().map(|m| m.len()).unwrap_or(0);
    let mut tail = [0u8; 2];
    let n = len.min(2) as usize;
    f.seek(SeekFrom::End(-(n as i64)))
        .and_then(|_| f.read_exact(&mut tail[..n]))
        .map_err(|e| Error::unreadable(path, &e))?;
    Ok(matches!(
        &tail[..n],
        [.., b'\n' | b'\r'] | [b'\n' | b'\r', 0]
    ))
}

// ---------------------------------------------------------------- workbooks

fn data_cell(d: DataRef<'_>) -> Cell {
    match d {
        DataRef::Empty => Cell::Empty,
        DataRef::String(s) => Cell::Text(s),
        DataRef::SharedString(s) => Cell::Text(s.to_owned()),
        DataRef::Int(i) => Cell::Int(i),
        DataRef::Float(f) => Cell::Float(f),
        DataRef::Bool(b) => Cell::Bool(b),
        DataRef::DateTime(dt) if dt.is_datetime() => {
            let (y, m, d, ..) = dt.to_ymd_hms_milli();
            chrono::NaiveDate::from_ymd_opt(y.into(), m.into(), d.into())
                .map_or(Cell::Float(dt.as_f64()), Cell::Date)
        }
        DataRef::DateTime(dt) => Cell::Float(dt.as_f64()),
        DataRef::DateTimeIso(s) => s
            .get(..10)
            .and_then(|d| chrono::NaiveDate::parse_from_str(d, "%Y-%m-%d").ok())
            .map_or(Cell::Text(s), Cell::Date),
        DataRef::DurationIso(s) => Cell::Text(s),
        DataRef::Error(e) => Cell::Error(e.to_string()),
    }
}

fn owned_cell(d: &Data) -> Cell {
    data_cell(match d {
        Data::Int(i) => DataRef::Int(*i),
        Data::Float(f) => DataRef::Float(*f),
        Data::String(s) => DataRef::SharedString(s),
        Data::Bool(b) => DataRef::Bool(*b),
        Data::DateTime(dt) => DataRef::DateTime(*dt),
        Data::DateTimeIso(s) => DataRef::DateTimeIso(s.clone()),
        Data::DurationIso(s) => DataRef::DurationIso(s.clone()),
        Data::Error(e) => DataRef::Error(e.clone()),
        Data::Empty => DataRef::Empty,
    })
}

/// Builds rows from cells in row order, and gives the rows a merged region
/// spans the value of its first cell: a 招收年份 typed once and merged down
/// over fifty rows belongs to each of them.
struct Assembler {
    /// Merged regions not yet passed, by first row.
    merges: Vec<Dimensions>,
    /// Regions being filled, with the value of their first cell.
    active: Vec<(Dimensions, Cell)>,
    row: Option<Row>,
}

impl Assembler {
    fn new(mut merges: Vec<Dimensions>) -> Assembler {
        // Only regions spanning rows fill cells; one that starts beyond the
        // last column or row is damage and is ignored.
        merges.retain(|d| {
            d.end.0 > d.start.0 && d.start.1 < limits::COLUMNS && d.start.0 < limits::ROWS
        });
        merges.sort_by_key(|d| std::cmp::Reverse(d.start.0));
        Assembler {
            merges,
            active: Vec::new(),
            row: None,
        }
    }

    fn put(&mut self, row: u32, col: u32, cell: Cell, emit: &mut dyn FnMut(Row) -> bool) -> bool {
        if self.row.as_ref().is_some_and(|r| r.number != row + 1) && !self.flush(emit) {
            return false;
        }
        let r = self.row.get_or_insert_with(|| Row {
            number: row + 1,
            cells: Vec::new(),
        });
        let col = col as usize;
        if r.cells.len() <= col {
            r.cells.resize(col + 1, Cell::Empty);
        }
        r.cells[col] = cell;
        true
    }

    fn flush(&mut self, emit: &mut dyn FnMut(Row) -> bool) -> bool {
        let Some(mut row) = self.row.take() else {
            return true;
        };
        let r = row.number - 1;
        self.active.retain(|(d, _)| d.end.0 >= r);
        for (d, value) in &self.active {
            let col = d.start.1 as usize;
            if row.cells.len() <= col {
                row.cells.resize(col + 1, Cell::Empty);
            }
            if row.cells[col].is_blank() {
                row.cells[col] = value.clone();
            }
        }
        while self.merges.last().is_some_and(|d| d.start.0 <= r) {
            let d = self.merges.pop().unwrap_or(Dimensions {
                start: (0, 0),
                end: (0, 0),
            });
            if d.start.0 == r {
                let value = row
                    .cells
                    .get(d.start.1 as usize)
                    .cloned()
                    .unwrap_or_default();
                self.active.push((d, value));
            }
        }
        emit(row)
    }
}

fn workbook_error(path: &Path, kind: &str, e: impl std::fmt::Display) -> Error {
    bad_file(path, kind, e)
}

/// A cell beyond the last row or column any spreadsheet can have (what a
/// damaged reference turns into) is damage, not a reason to allocate.
fn inside(path: &Path, format: Format, row: u32, col: u32) -> Result<()> {
    if row < limits::ROWS && col < limits::COLUMNS {
        return Ok(());
    }
    let (r, c) = (u64::from(row) + 1, u64::from(col) + 1);
    Err(damaged(
        path,
        format.name(),
        &msg!(
            "第 {r} 行第 {c} 列的单元格超出了电子表格的最大范围",
            "a cell at row {r}, column {c} lies beyond the last row or column a spreadsheet can have"
        ),
    ))
}

fn file_size(path: &Path) -> Result<u64> {
    std::fs::metadata(path)
        .map(|m| m.len())
        .map_err(|e| Error::unreadable(path, &e))
}

/// Checks a ZIP workbook's archive (on a reader thread) and returns the
/// time its reading may take.
fn checked_archive(path: &Path, format: Format) -> Result<Duration> {
    let owned = path.to_path_buf();
    let name = format.name();
    let quick = guard::time_limit(file_size(path)?);
    let archive = guard::guarded(path, name, quick, move || {
        archive::check(&owned, format == Format::Xlsx).map_err(|why| why.error(&owned, name))
    })?;
    Ok(guard::time_limit(archive.unpacked))
}

fn open_xlsx(path: &Path) -> Result<Xlsx<BufReader<File>>> {
    let file = BufReader::new(File::open(path).map_err(|e| Error::unreadable(path, &e))?);
    Xlsx::new(file).map_err(|e| workbook_error(path, "XLSX", e))
}

/// Reads an XLS file whole, checks it (see `xls.rs`) and opens it.
fn open_xls(path: &Path) -> Result<Xls<Cursor<Vec<u8>>>> {
    let size = file_size(path)?;
    if size > limits::XLS_BYTES {
        let (mib, max) = (size >> 20, limits::XLS_BYTES >> 20);
        return Err(damaged(
            path,
            "XLS",
            &msg!(
                "文件有 {mib} MiB,超过 XLS 文件的上限 {max} MiB",
                "it is {mib} MiB, more than the limit of {max} MiB for an XLS file"
            ),
        ));
    }
    let mut bytes = Vec::with_capacity(size as usize);
    File::open(path)
        .and_then(|f| f.take(limits::XLS_BYTES).read_to_end(&mut bytes))
        .map_err(|e| Error::unreadable(path, &e))?;
    let bytes = xls::check(bytes).map_err(|why| why.error(path, "XLS"))?;
    Xls::new(Cursor::new(bytes)).map_err(|e| workbook_error(path, "XLS", e))
}

fn open_ods(path: &Path) -> Result<Ods<BufReader<File>>> {
    let file = BufReader::new(File::open(path).map_err(|e| Error::unreadable(path, &e))?);
    Ods::new(file).map_err(|e| workbook_error(path, "ODS", e))
}

/// The names of the sheets of a workbook, in order.
pub fn sheet_names(path: &Path, format: Format) -> Result<Vec<String>> {
    let owned = path.to_path_buf();
    let name = format.name();
    match format {
        Format::Csv => Ok(vec![
            path.file_stem()
                .map(|s| s.to_string_lossy().into_owned())
                .unwrap_or_default(),
        ]),
        Format::Xlsx => {
            let limit = checked_archive(path, format)?;
            guard::guarded(path, name, limit, move || {
                Ok(open_xlsx(&owned)?.sheet_names())
            })
        }
        Format::Xls => {
            let limit = guard::time_limit(file_size(path)?);
            guard::guarded(path, name, limit, move || {
                Ok(open_xls(&owned)?.sheet_names())
            })
        }
        Format::Ods => {
            let limit = checked_archive(path, format)?;
            guard::guarded(path, name, limit, move || {
                ods::scan(&owned, None).map_err(|why| damaged(&owned, name, &why))?;
                Ok(open_ods(&owned)?.sheet_names())
            })
        }
    }
}

/// Streams an XLSX sheet cell by cell, without loading it whole.
pub fn xlsx(path: &Path, sheet: &str) -> Result<RowStream> {
    let limit = checked_archive(path, Format::Xlsx)?;
    let path: PathBuf = path.to_path_buf();
    let sheet = sheet.to_owned();
    spawn(&path.clone(), Format::Xlsx, limit, move |emit, progress| {
        let mut book = open_xlsx(&path)?;
        let merges = book
            .merge_cells_by_sheet_name(&sheet)
            .map_err(|e| workbook_error(&path, "XLSX", e))?;
        let mut cells = book
            .worksheet_cells_reader(&sheet)
            .map_err(|e| workbook_error(&path, "XLSX", e))?;
        let dims = cells.dimensions();
        progress.set_total(u64::from(dims.end.0.saturating_sub(dims.start.0)) + 1);
        let mut rows = Assembler::new(merges);
        while let Some(cell) = cells
            .next_cell()
            .map_err(|e| workbook_error(&path, "XLSX", e))?
        {
            let (r, c) = cell.get_position();
            inside(&path, Format::Xlsx, r, c)?;
            progress.set_done(u64::from(r.saturating_sub(dims.start.0)));
            if !rows.put(r, c, data_cell(cell.get_value().clone()), emit) {
                return Ok(());
            }
        }
        progress.set_done(progress.get().1);
        rows.flush(emit);
        Ok(())
    })
}

/// Reads an XLS or ODS sheet (these formats cannot be streamed).
pub fn whole_sheet(path: &Path, format: Format, sheet: &str) -> Result<RowStream> {
    let limit = match format {
        Format::Ods => checked_archive(path, format)?,
        _ => guard::time_limit(file_size(path)?),
    };
    let owned = path.to_path_buf();
    let sheet = sheet.to_owned();
    let name = format.name();
    let (range, merges) = guard::guarded(path, name, limit, move || {
        let path = owned;
        match format {
            Format::Xls => {
                let mut book = open_xls(&path)?;
                let merges = book.merge_cells_by_sheet_name(&sheet).unwrap_or_default();
                let range = book
                    .worksheet_range(&sheet)
                    .map_err(|e| workbook_error(&path, name, e))?;
                Ok((range, merges))
            }
            _ => {
                let merges =
                    ods::scan(&path, Some(&sheet)).map_err(|why| damaged(&path, name, &why))?;
                let range = open_ods(&path)?
                    .worksheet_range(&sheet)
                    .map_err(|e| workbook_error(&path, name, e))?;
                Ok((range, merges))
            }
        }
    })?;
    let owned = path.to_path_buf();
    spawn(path, format, limit, move |emit, progress| {
        let Some((r0, c0)) = range.start() else {
            return Ok(());
        };
        progress.set_total(range.height() as u64);
        let mut rows = Assembler::new(merges);
        for (i, row) in range.rows().enumerate() {
            progress.set_done(i as u64);
            for (j, d) in row.iter().enumerate() {
                if matches!(d, Data::Empty) {
                    continue;
                }
                let (r, c) = (r0 + i as u32, c0 + j as u32);
                inside(&owned, format, r, c)?;
                if !rows.put(r, c, owned_cell(d), emit) {
                    return Ok(());
                }
            }
        }
        progress.set_done(range.height() as u64);
        rows.flush(emit);
        Ok(())
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn collect(stream: RowStream) -> Vec<Row> {
        stream.map(|r| r.unwrap()).collect()
    }

    fn write(dir: &Path, name: &str, bytes: &[u8]) -> PathBuf {
        let p = dir.join(name);
        std::fs::write(&p, bytes).unwrap();
        p
    }

    fn texts(row: &Row) -> Vec<String> {
        row.cells.iter().map(|c| c.display().into_owned()).collect()
    }

    #[test]
    fn csv_utf8_with_bom_and_blank_lines_keeps_spreadsheet_row_numbers() {
        let dir = tempfile::tempdir().unwrap();
        let p = write(
            dir.path(),
            "a.csv",
            "\u{FEFF}附件1 账号\n\n姓名,证件号码\n张三,110101199003070011\n\n\n".as_bytes(),
        );
        let rows = collect(csv(&p).unwrap());
        assert_eq!(rows.len(), 3);
        assert_eq!(rows[0].number, 1);
        assert_eq!(texts(&rows[0]), vec!["附件1 账号"]);
        assert_eq!(rows[1].number, 3);
        assert_eq!(rows[2].number, 4);
        assert_eq!(texts(&rows[2]), vec!["张三", "110101199003070011"]);
    }

    #[test]
    fn csv_rows_count_quoted_line_breaks_once_and_need_no_final_newline() {
        let dir = tempfile::tempdir().unwrap();
        let p = write(dir.path(), "m.csv", b"a\n\n\"b\nx\",c\nd,e\n\n\nf");
        let rows = collect(csv(&p).unwrap());
        let numbers: Vec<u32> = rows.iter().map(|r| r.number).collect();
        assert_eq!(numbers, vec![1, 3, 4, 7]);
        assert_eq!(texts(&rows[1]), vec!["b\nx", "c"]);
        let p = write(dir.path(), "n.csv", b"a\n\n\"b\nx\",c\nd,e\n\n\nf\n\n");
        let numbers: Vec<u32> = collect(csv(&p).unwrap()).iter().map(|r| r.number).collect();
        assert_eq!(numbers, vec![1, 3, 4, 7]);
    }

    #[test]
    fn csv_windows_and_old_mac_line_ends() {
        let dir = tempfile::tempdir().unwrap();
        for (name, text) in [
            ("crlf.csv", "h\r\na\r\n\r\nb\r\n"),
            ("cr.csv", "h\ra\r\rb"),
            ("mixed.csv", "h\r\na\n\r\nb"),
            ("bom.csv", "\u{FEFF}h\r\na\r\n\r\nb\r\n"),
        ] {
            let p = write(dir.path(), name, text.as_bytes());
            let rows = collect(csv(&p).unwrap());
            let numbers: Vec<u32> = rows.iter().map(|r| r.number).collect();
            assert_eq!(numbers, vec![1, 2, 4], "{name}");
            assert_eq!(texts(&rows[2]), vec!["b"], "{name}");
        }
    }

    #[test]
    fn csv_gbk_and_tabs() {
        let dir = tempfile::tempdir().unwrap();
        let (bytes, _, _) = encoding_rs::GBK.encode("姓名\t证件号码\n刘堃\t'=1+1\n");
        let p = write(dir.path(), "gbk.csv", &bytes);
        let rows = collect(csv(&p).unwrap());
        assert_eq!(texts(&rows[0]), vec!["姓名", "证件号码"]);
        assert_eq!(texts(&rows[1]), vec!["刘堃", "=1+1"]);
    }

    #[test]
    fn csv_utf16_from_excel_unicode_text() {
        let dir = tempfile::tempdir().unwrap();
        let mut bytes = vec![0xFF, 0xFE];
        for u in "姓名\t手机号码\r\n张三\t13607038482\r\n".encode_utf16() {
            bytes.extend(u.to_le_bytes());
        }
        let p = write(dir.path(), "u16.txt", &bytes);
        let rows = collect(csv(&p).unwrap());
        assert_eq!(texts(&rows[1]), vec!["张三", "13607038482"]);
    }

    #[test]
    fn detect_by_content() {
        let dir = tempfile::tempdir().unwrap();
        let p = write(dir.path(), "fake.xlsx", b"name,id\n");
        assert!(matches!(detect(&p), Err(Error::Input(_))));
        let p = write(dir.path(), "roster.txt", b"name,id\n");
        assert_eq!(detect(&p).unwrap(), Format::Csv);
        assert!(matches!(
            detect(&dir.path().join("missing.csv")),
            Err(Error::Input(_))
        ));
    }
}
