//! What the operating system's errors mean to a person, in both languages.

use crate::i18n::Msg;
use crate::msg;

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
