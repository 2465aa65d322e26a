//! The one error type of meded, and how each kind maps to an exit code.
//!
//! Data problems found in good input (rejected rows, validation issues) are
//! not errors: commands return them in their reports and exit with 1. An
//! [`Error`] means the command could not do its job at all, and nothing was
//! written.

use std::path::Path;

use crate::i18n::{Lang, Msg};
use crate::msg;
pub use crate::os_error::os_reason;

/// Exit codes of the command-line contract (docs/README.md).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ExitCode {
    /// Done and nothing wrong.
    Ok = 0,
    /// Done, but data problems were found.
    Problems = 1,
    /// Usage error, or unreadable or unsuitable input.
    Usage = 2,
    /// Database or I/O failure.
    Failure = 3,
}

#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The command was asked for something that makes no sense (exit 2).
    #[error("{0}")]
    Usage(Msg),
    /// An input file is missing, unreadable, or not what the command needs (exit 2).
    #[error("{0}")]
    Input(Msg),
    /// The database could not be opened, read or written (exit 3).
    #[error("{msg}")]
    Database {
        msg: Msg,
        #[source]
        source: Option<Cause>,
    },
    /// An output file or other I/O failed (exit 3).
    #[error("{msg}")]
    Io {
        msg: Msg,
        #[source]
        source: std::io::Error,
    },
}

pub type Result<T, E = Error> = std::result::Result<T, E>;

/// What [`Error`] keeps of a database's own error. The storage layer's
/// error implements it, so that this module — at the bottom of the
/// layers — names nothing above it.
pub trait DatabaseCause: std::error::Error + Send + Sync + 'static {
    /// What the error means, in both languages, where the cause is one a
    /// person can act on; `None` shows the engine's own text.
    fn reason(&self) -> Option<Msg>;
    /// Whether the same work run again can succeed (a server broke a
    /// deadlock): nothing of it was written.
    fn is_transient(&self) -> bool;
}

/// A database's own error, as [`Error::Database`] keeps it.
#[derive(Debug)]
pub struct Cause(Box<dyn DatabaseCause>);

impl Cause {
    pub fn new(e: impl DatabaseCause) -> Cause {
        Cause(Box::new(e))
    }
}

impl std::fmt::Display for Cause {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        self.0.fmt(f)
    }
}

impl std::error::Error for Cause {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        self.0.source()
    }
}

impl ExitCode {
    /// 1 when a command found data problems, else 0.
    pub fn problems_if(found: bool) -> ExitCode {
        if found {
            ExitCode::Problems
        } else {
            ExitCode::Ok
        }
    }
}

impl Error {
    pub fn exit_code(&self) -> ExitCode {
        match self {
            Error::Usage(_) | Error::Input(_) => ExitCode::Usage,
            Error::Database { .. } | Error::Io { .. } => ExitCode::Failure,
        }
    }

    /// The message a person reads, in `lang`, with its underlying cause:
    /// in the words of [`os_reason`] and [`DatabaseCause::reason`]
    /// where they know the cause, else the system's own text after a colon.
    pub fn message(&self, lang: Lang) -> String {
        match self {
            Error::Usage(m) | Error::Input(m) => m.text(lang).to_owned(),
            Error::Database { msg, source } => match source {
                Some(e) => because(msg, e.0.reason(), e, lang),
                None => msg.text(lang).to_owned(),
            },
            Error::Io { msg, source } => because(msg, os_reason(source), source, lang),
        }
    }

    /// An I/O failure on a file meded writes or reads, naming the file.
    pub fn io(path: &Path, source: std::io::Error) -> Error {
        let p = path.display();
        Error::Io {
            msg: msg!("无法读写文件 {p}", "cannot read or write {p}"),
            source,
        }
    }

    /// An input file that cannot be opened: a usage problem, not a failure.
    pub fn unreadable(path: &Path, source: &std::io::Error) -> Error {
        let p = path.display();
        let e = source.to_string();
        Error::Input(match (source.kind(), os_reason(source)) {
            (std::io::ErrorKind::NotFound, _) => msg!("找不到文件 {p}", "no such file: {p}"),
            (std::io::ErrorKind::IsADirectory, _) => msg!(
                "{p} 是一个文件夹,不是文件:请给出文件夹中的文件",
                "{p} is a folder, not a file: name a file in it"
            ),
            (_, Some(why)) => {
                let (zh, en) = (&why.zh, &why.en);
                msg!("无法读取文件 {p}:{zh}", "cannot read {p}: {en}")
            }
            (_, None) => msg!("无法读取文件 {p}:{e}", "cannot read {p}: {e}"),
        })
    }
}

/// `msg`, then why: the sentence of `reason` when there is one, else the
/// system's own text.
fn because(msg: &Msg, reason: Option<Msg>, system: &dyn std::fmt::Display, lang: Lang) -> String {
    let why = match reason {
        Some(r) => r.text(lang).to_owned(),
        None => system.to_string(),
    };
    match lang {
        Lang::Zh => format!("{}:{why}", msg.zh),
        Lang::En => format!("{}: {why}", msg.en),
    }
}

/// Why a file is not the JSON document expected, in words, with where.
pub fn json_reason(e: &serde_json::Error) -> Msg {
    let (line, column) = (e.line(), e.column());
    if e.is_data() {
        msg!(
            "内容不是预期的结构(第 {line} 行第 {column} 列)",
            "its content is not the structure expected (line {line}, column {column})"
        )
    } else {
        msg!(
            "不是有效的 JSON 文本(第 {line} 行第 {column} 列)",
            "it is not valid JSON text (line {line}, column {column})"
        )
    }
}

impl Error {
    /// A server's transaction that lost a deadlock or a serialization
    /// conflict: nothing was written, and running it again can succeed.
    pub fn is_transient(&self) -> bool {
        matches!(self, Error::Database { source: Some(e), .. } if e.0.is_transient())
    }
}
