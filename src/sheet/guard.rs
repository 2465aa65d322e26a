//! The reader's boundary: whatever a damaged file does to the libraries
//! that parse it, meded answers with "damaged or unreadable file" (an input
//! error, exit 2) — never a panic, an abort or a hang.
//!
//! Three lines of defence (docs/reliability.md tells the whole story):
//!
//! 1. What can be checked is checked before the bytes reach calamine: the
//!    compound-file structure and the record stream of an XLS file
//!    (`xls.rs`), the declared sizes inside a ZIP workbook and the cells an
//!    ODS sheet expands to (`zip.rs`, `ods.rs`). A file beyond the
//!    [`limits`] below is refused: allocation failures abort a Rust program
//!    and cannot be caught, so they must not be asked for.
//! 2. Every call into the parsing libraries runs on a reader thread inside
//!    `catch_unwind`: a panic there becomes the damaged-file error, and its
//!    message is not printed.
//! 3. A watchdog: a reader that gives no answer within [`time_limit`] is
//!    abandoned and the file reported as unreadable.

use std::any::Any;
use std::cell::RefCell;
use std::panic::{self, AssertUnwindSafe};
use std::path::Path;
use std::sync::Once;
use std::sync::mpsc::{RecvTimeoutError, sync_channel};
use std::time::Duration;

use crate::error::{Error, Result};
use crate::i18n::Msg;
use crate::msg;

/// The limits meded applies to the spreadsheets it reads. Each is far
/// above what a real import file needs, and low enough that a damaged
/// file cannot make meded allocate more than about a gigabyte.
pub mod limits {
    /// Size of an XLS file (an XLS sheet holds at most 65,536 rows;
    /// real files are a few megabytes).
    pub const XLS_BYTES: u64 = 64 << 20;
    /// Sum of the unpacked sizes a ZIP workbook (XLSX, ODS) declares for
    /// its parts.
    pub const UNPACKED_BYTES: u64 = 1 << 30;
    /// Cells a whole XLS or ODS workbook may span (these formats are read
    /// whole): each sheet counts the rectangle from its first to its last
    /// filled cell. 4,194,304 is 65,536 rows (a full XLS sheet) of 64
    /// columns; it keeps the memory a workbook takes under about 400 MB.
    pub const CELLS: u64 = 1 << 22;
    /// Text the cells of an XLS or ODS workbook may hold in all, counting a
    /// shared or repeated text once for each cell that shows it.
    pub const TEXT_BYTES: u64 = 256 << 20;
    /// The last column and row any format allows (those of XLSX and ODS).
    pub const COLUMNS: u32 = 16_384;
    pub const ROWS: u32 = 1_048_576;
}

/// How long a reader may go without an answer (the whole parse of an XLS
/// or ODS workbook, or the next batch of rows): 10 seconds, plus 2 seconds
/// per MiB of content (the XLS file, or what a ZIP workbook unpacks to).
/// Parsing runs at tens of MiB a second, so only a reader caught in a loop
/// ever reaches it.
pub fn time_limit(content_bytes: u64) -> Duration {
    Duration::from_secs(10).saturating_add(Duration::from_secs(
        2u64.saturating_mul(content_bytes >> 20),
    ))
}

/// The name of every thread that reads a spreadsheet; the panic hook
/// keeps quiet for these threads.
const READER_THREAD: &str = "meded-sheet-reader";

thread_local! {
    /// Where the last panic on this reader thread happened.
    static PANICKED_AT: RefCell<Option<String>> = const { RefCell::new(None) };
}

/// Installs, once, a panic hook that records a reader thread's panic
/// instead of printing it, and hands every other panic to the hook that
/// was there before.
fn quiet_reader_panics() {
    static INSTALL: Once = Once::new();
    INSTALL.call_once(|| {
        let previous = panic::take_hook();
        panic::set_hook(Box::new(move |info| {
            if std::thread::current().name() == Some(READER_THREAD) {
                let at = info
                    .location()
                    .map(|l| format!("{}:{}", short_path(l.file()), l.line()));
                PANICKED_AT.with(|p| *p.borrow_mut() = at);
            } else {
                previous(info);
            }
        }));
    });
}

/// A source path as it names a crate's file: `calamine-0.38.0/src/xls.rs`
/// rather than its place in the cargo registry.
fn short_path(file: &str) -> &str {
    match file.rfind("/src/") {
        Some(i) => file[..i].rfind('/').map_or(file, |j| &file[j + 1..]),
        None => file,
    }
}

/// The one message for a spreadsheet meded cannot read.
pub fn damaged(path: &Path, kind: &str, why: &Msg) -> Error {
    let p = path.display();
    let (zh, en) = (&why.zh, &why.en);
    Error::Input(msg!(
        "{p} 是已损坏或无法读取的 {kind} 文件:{zh}",
        "{p} is a damaged or unreadable {kind} file: {en}"
    ))
}

/// What a panic inside a reader says about the file.
fn panic_reason(payload: &(dyn Any + Send)) -> Msg {
    let what = payload
        .downcast_ref::<&str>()
        .map(|s| (*s).to_owned())
        .or_else(|| payload.downcast_ref::<String>().cloned())
        .unwrap_or_default();
    let at = PANICKED_AT
        .with(|p| p.borrow_mut().take())
        .unwrap_or_default();
    let detail = format!("{what} ({at})");
    msg!(
        "读取时内部出错:{detail}",
        "the reader failed inside: {detail}"
    )
}

/// Runs `work` with panics contained: a panic becomes the damaged-file
/// error. Call it on a reader thread (see [`spawn_reader`]).
pub fn contained<T>(path: &Path, kind: &str, work: impl FnOnce() -> Result<T>) -> Result<T> {
    quiet_reader_panics();
    match panic::catch_unwind(AssertUnwindSafe(work)) {
        Ok(result) => result,
        Err(payload) => Err(damaged(path, kind, &panic_reason(payload.as_ref()))),
    }
}

/// Starts a reader thread (named so that its panics stay quiet).
pub fn spawn_reader(work: impl FnOnce() + Send + 'static) -> Result<()> {
    quiet_reader_panics();
    std::thread::Builder::new()
        .name(READER_THREAD.to_owned())
        .spawn(work)
        .map(|_| ())
        .map_err(|e| Error::Io {
            msg: msg!("无法启动读取线程", "cannot start a reader thread"),
            source: e,
        })
}

/// The error of a reader that gave no answer in time.
pub fn too_slow(path: &Path, kind: &str, limit: Duration) -> Error {
    let s = limit.as_secs();
    damaged(
        path,
        kind,
        &msg!(
            "{s} 秒内没有读出结果,已放弃",
            "no result after {s} seconds; gave up"
        ),
    )
}

/// Runs `work` on a reader thread, with panics contained, and waits at
/// most `limit` for its answer. A reader still running then is left
/// behind (it ends with the process).
pub fn guarded<T: Send + 'static>(
    path: &Path,
    kind: &'static str,
    limit: Duration,
    work: impl FnOnce() -> Result<T> + Send + 'static,
) -> Result<T> {
    let (tx, rx) = sync_channel(1);
    let owned = path.to_path_buf();
    spawn_reader(move || {
        let _ = tx.send(contained(&owned, kind, work));
    })?;
    match rx.recv_timeout(limit) {
        Ok(result) => result,
        Err(RecvTimeoutError::Timeout) => Err(too_slow(path, kind, limit)),
        // The thread ended without sending: only a panic does that, and
        // `contained` catches panics; say so all the same.
        Err(RecvTimeoutError::Disconnected) => Err(damaged(
            path,
            kind,
            &msg!("读取线程意外结束", "the reader thread ended unexpectedly"),
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_panic_in_a_reader_becomes_the_damaged_file_error() {
        let path = Path::new("x.xls");
        let err = guarded(path, "XLS", Duration::from_secs(600), || -> Result<()> {
            let v: Vec<u8> = Vec::new();
            let i = v.len() + 3;
            Err(Error::Usage(msg!("{}", "{}", v[i])))
        })
        .unwrap_err();
        let text = err.to_string();
        assert!(matches!(err, Error::Input(_)), "{text}");
        assert!(text.contains("damaged or unreadable XLS file"), "{text}");
        assert!(text.contains("guard.rs"), "{text}");
    }

    #[test]
    fn a_reader_that_never_answers_is_given_up() {
        let (_keep, blocked) = sync_channel::<()>(0);
        let err = guarded(
            Path::new("x.ods"),
            "ODS",
            Duration::from_millis(1),
            move || {
                let _ = blocked.recv();
                Ok(())
            },
        )
        .unwrap_err();
        assert!(err.to_string().contains("gave up"), "{err}");
    }

    #[test]
    fn answers_come_through() {
        let n = guarded(Path::new("x.csv"), "CSV", Duration::from_secs(600), || {
            Ok(7)
        })
        .unwrap();
        assert_eq!(n, 7);
    }
}
