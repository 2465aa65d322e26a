//! The one error type of meded, and how each kind maps to an exit code.
//!
//! Data problems found in good input (rejected rows, validation issues) are
//! not errors: commands return them in their reports and exit with 1. An
//! [`Error`] means the command could not do its job at all, and nothing was
//! written.

use std::path::Path;

use crate::i18n::{Lang, Msg};
use crate::msg;

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
        source: Option<crate::db::sql::Error>,
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
    /// in the words of [`os_reason`] and [`crate::db::sql::Error::reason`]
    /// where they know the cause, else the system's own text after a colon.
    pub fn message(&self, lang: Lang) -> String {
        match self {
            Error::Usage(m) | Error::Input(m) => m.text(lang).to_owned(),
            Error::Database { msg, source } => match source {
                Some(e) => because(msg, e.reason(), e, lang),
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

/// What an operating-system error means, in both languages, for the
/// causes people meet (a missing file, a folder, no permission, a full
/// disk …); `None` for the rest, whose system text is shown as it is.
pub fn os_reason(e: &std::io::Error) -> Option<Msg> {
    use std::io::ErrorKind as K;
    Some(match e.kind() {
        K::NotFound => msg!("文件或文件夹不存在", "the file or folder does not exist"),
        K::PermissionDenied => msg!(
            "没有权限(请检查文件和文件夹的权限,或换一个位置)",
            "permission denied (check the permissions of the file and its folder, or use another place)"
        ),
        K::IsADirectory => msg!("这是一个文件夹,不是文件", "it is a folder, not a file"),
        K::NotADirectory => msg!(
            "路径中有一部分是文件而不是文件夹",
            "a part of the path is a file, not a folder"
        ),
        K::AlreadyExists => msg!("文件已存在", "the file exists already"),
        K::StorageFull => msg!("磁盘已满", "the disk is full"),
        K::QuotaExceeded => msg!("超出了磁盘配额", "the disk quota is used up"),
        K::ReadOnlyFilesystem => msg!(
            "该位置是只读的(如光盘或只读挂载的磁盘)",
            "the place is read-only (a read-only disk or share)"
        ),
        K::FileTooLarge => msg!("文件太大", "the file is too large"),
        K::ResourceBusy => msg!(
            "文件正被其他程序占用",
            "the file is in use by another program"
        ),
        K::InvalidFilename => msg!(
            "文件名不合规(太长,或含有不允许的字符)",
            "the file name is not allowed (too long, or a character the system refuses)"
        ),
        K::UnexpectedEof => msg!(
            "文件不完整(在读完之前就结束了)",
            "the file is incomplete (it ends before its content does)"
        ),
        K::OutOfMemory => msg!("内存不足", "out of memory"),
        K::TimedOut => msg!("操作超时", "the operation timed out"),
        K::ConnectionRefused => msg!(
            "对方拒绝连接(服务未启动,或地址、端口有误)",
            "the connection was refused (the server is not running, or the address or port is wrong)"
        ),
        K::HostUnreachable | K::NetworkUnreachable => msg!(
            "网络不通,无法到达服务器",
            "the network cannot reach the server"
        ),
        K::ConnectionReset | K::ConnectionAborted | K::BrokenPipe => {
            msg!("连接中断", "the connection was broken")
        }
        // EIO: the disk or the network share failed under the read.
        _ if e.raw_os_error() == Some(5) => msg!(
            "读写设备出错(磁盘或网络共享有问题)",
            "an input/output error (the disk or the network share failed)"
        ),
        _ => return None,
    })
}

impl From<crate::db::sql::Error> for Error {
    fn from(e: crate::db::sql::Error) -> Error {
        // On a shared server the database itself decides who may do what:
        // say so plainly rather than as a failed statement.
        let msg = if e.is_permission_denied() {
            msg!(
                "数据库拒绝了此操作:当前数据库用户没有这项权限",
                "the database refused this: the database user has no permission for it"
            )
        } else {
            msg!("数据库操作失败", "database operation failed")
        };
        Error::Database {
            msg,
            source: Some(e),
        }
    }
}

impl Error {
    /// A server's transaction that lost a deadlock or a serialization
    /// conflict: nothing was written, and running it again can succeed.
    pub fn is_transient(&self) -> bool {
        matches!(self, Error::Database { source: Some(e), .. } if e.is_transient())
    }
}

impl From<rusqlite::Error> for Error {
    fn from(e: rusqlite::Error) -> Error {
        Error::from(crate::db::sql::Error::from(e))
    }
}
