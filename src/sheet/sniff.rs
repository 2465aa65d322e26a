//! Files people pick by mistake, named for what they are: a PDF, a Word
//! document, Excel's lock file, an empty file … — found from the name and
//! the bytes, before any reader sees them, rather than reported as a
//! damaged workbook or a CSV file without a header.

use std::path::Path;

use crate::error::Error;
use crate::i18n::Msg;
use crate::msg;

/// What a file that is not a spreadsheet meded reads turned out to be.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Other {
    Empty,
    Pdf,
    Word,
    PowerPoint,
    Image,
    WebPage,
    Rtf,
    /// Excel 2003's "XML spreadsheet".
    Xml2003,
    /// `~$roster.xlsx`: the file Excel keeps beside a workbook it has open.
    ExcelLock,
    /// `.~lock.roster.xlsx#`: LibreOffice's and WPS's equivalent.
    OfficeLock,
    /// A ZIP archive holding other files.
    Zip,
    /// An OpenDocument text or presentation (LibreOffice, WPS).
    OdfDocument,
    /// An ODS workbook with another extension.
    OdsAsXlsx,
    /// A workbook with a password to open it: an encrypted container.
    Encrypted,
    /// Bytes that are no text and no format meded knows.
    Binary,
}

/// What the name and the first bytes of a file say it is, when that is
/// not something meded reads (`None`: a spreadsheet or text, to be read).
pub fn by_head(path: &Path, head: &[u8]) -> Option<Other> {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy())
        .unwrap_or_default();
    if name.starts_with("~$") {
        return Some(Other::ExcelLock);
    }
    if name.starts_with(".~lock.") && name.ends_with('#') {
        return Some(Other::OfficeLock);
    }
    if head.is_empty() {
        return Some(Other::Empty);
    }
    if head.starts_with(b"%PDF-") {
        return Some(Other::Pdf);
    }
    if head.starts_with(b"\x89PNG")
        || head.starts_with(&[0xFF, 0xD8, 0xFF])
        || head.starts_with(b"GIF8")
        || head.starts_with(b"II*\0")
        || head.starts_with(b"MM\0*")
        || (head.starts_with(b"RIFF") && head.get(8..12) == Some(b"WEBP"))
    {
        return Some(Other::Image);
    }
    if head.starts_with(b"{\\rtf") {
        return Some(Other::Rtf);
    }
    // ZIP archives and compound files are looked into by their readers.
    if head.starts_with(b"PK\x03\x04") || head.starts_with(&[0xD0, 0xCF, 0x11, 0xE0]) {
        return None;
    }
    let utf16 = head.starts_with(&[0xFF, 0xFE]) || head.starts_with(&[0xFE, 0xFF]);
    if !utf16 && head.contains(&0) {
        return Some(Other::Binary);
    }
    let text: String = String::from_utf8_lossy(&head[..head.len().min(2048)])
        .trim_start_matches(['\u{FEFF}', ' ', '\t', '\r', '\n'])
        .to_ascii_lowercase();
    if text.starts_with("<?xml") && text.contains("urn:schemas-microsoft-com:office:spreadsheet") {
        return Some(Other::Xml2003);
    }
    let markup = text.starts_with('<') || text.starts_with("mime-version:");
    if markup
        && ["<html", "<!doctype html", "<table", "mime-version:"]
            .iter()
            .any(|t| text.contains(t))
    {
        return Some(Other::WebPage);
    }
    None
}

/// What a ZIP archive holds, by its entries' names (and the OpenDocument
/// `mimetype` entry), when it is not the workbook asked for (`xlsx`: an
/// XLSX workbook, else an ODS one).
pub fn in_zip(names: &[String], mimetype: Option<&str>, xlsx: bool) -> Option<Other> {
    let has = |prefix: &str| {
        names
            .iter()
            .any(|n| n.to_ascii_lowercase().starts_with(prefix))
    };
    let ods = mimetype.is_some_and(|m| m.contains("opendocument.spreadsheet"));
    if xlsx && has("xl/workbook.") || !xlsx && ods && has("content.xml") {
        return None;
    }
    Some(if has("word/") {
        Other::Word
    } else if has("ppt/") {
        Other::PowerPoint
    } else if ods && xlsx {
        Other::OdsAsXlsx
    } else if mimetype.is_some_and(|m| m.contains("opendocument")) {
        Other::OdfDocument
    } else {
        Other::Zip
    })
}

/// What a compound (OLE) file holds, by its streams' names, when it is no
/// XLS workbook.
pub fn in_compound(names: &[String]) -> Option<Other> {
    let has = |n: &str| names.iter().any(|s| s.eq_ignore_ascii_case(n));
    if has("Workbook") || has("Book") {
        return None;
    }
    Some(if has("EncryptedPackage") || has("EncryptionInfo") {
        Other::Encrypted
    } else if has("WordDocument") {
        Other::Word
    } else if has("PowerPoint Document") {
        Other::PowerPoint
    } else {
        Other::Binary
    })
}

/// The workbook an Excel lock file stands for: the file in the same
/// folder whose name ends as the lock file's does after `~$` (Excel keeps
/// the whole name of a short one and drops the first two characters of a
/// longer one).
fn locked_workbook(path: &Path) -> Option<String> {
    let name = path.file_name()?.to_string_lossy().into_owned();
    let rest = name.strip_prefix("~$")?;
    let dir = path
        .parent()
        .filter(|d| !d.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let mut found: Vec<String> = std::fs::read_dir(dir)
        .ok()?
        .filter_map(|e| e.ok())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| !n.starts_with("~$") && n.ends_with(rest))
        .collect();
    found.sort_by_key(|n| n.len());
    found.into_iter().next()
}

/// The error for a file that is `what` rather than a spreadsheet (exit 2).
pub fn refuse(path: &Path, what: Other) -> Error {
    let p = path.display();
    let ext = path
        .extension()
        .map(|e| format!(".{}", e.to_string_lossy()))
        .unwrap_or_default();
    const FORMATS_ZH: &str =
        "请导入 Excel 或 WPS 表格(.xlsx、.xls)、LibreOffice 表格(.ods)或 CSV 文件";
    const FORMATS_EN: &str =
        "import an Excel or WPS workbook (.xlsx, .xls), a LibreOffice one (.ods) or a CSV file";
    Error::Input(match what {
        Other::Empty => msg!(
            "{p} 是空文件(0 字节),没有任何内容:请确认数据已保存,或选对文件",
            "{p} is an empty file (0 bytes): check that the data was saved, or pick the right file"
        ),
        Other::Pdf => msg!(
            "{p} 是 PDF 文件,不是电子表格:{FORMATS_ZH},而不是打印或导出的 PDF",
            "{p} is a PDF, not a spreadsheet: {FORMATS_EN}, not a printed or exported PDF"
        ),
        Other::Word => msg!(
            "{p} 是 Word 文档,不是电子表格:请把其中的表格复制到 Excel 或 WPS 表格,另存为 .xlsx 后再导入",
            "{p} is a Word document, not a spreadsheet: copy its table into Excel or WPS, save it as .xlsx and import that"
        ),
        Other::PowerPoint => msg!(
            "{p} 是 PowerPoint 演示文稿,不是电子表格:{FORMATS_ZH}",
            "{p} is a PowerPoint presentation, not a spreadsheet: {FORMATS_EN}"
        ),
        Other::Image => msg!(
            "{p} 是图片,不是电子表格:{FORMATS_ZH}",
            "{p} is an image, not a spreadsheet: {FORMATS_EN}"
        ),
        Other::WebPage => msg!(
            "{p} 是网页(HTML),只是扩展名为 {ext}:请用 Excel 或 WPS 打开它,另存为 .xlsx 后再导入",
            "{p} is a web page (HTML) with the extension {ext}: open it in Excel or WPS, save it as .xlsx and import that"
        ),
        Other::Rtf => msg!(
            "{p} 是 RTF 文档,不是电子表格:{FORMATS_ZH}",
            "{p} is an RTF document, not a spreadsheet: {FORMATS_EN}"
        ),
        Other::Xml2003 => msg!(
            "{p} 是 Excel 2003 的 XML 表格:请用 Excel 或 WPS 打开它,另存为 .xlsx 后再导入",
            "{p} is an Excel 2003 XML spreadsheet: open it in Excel or WPS, save it as .xlsx and import that"
        ),
        Other::ExcelLock => {
            let (zh, en) = match locked_workbook(path) {
                Some(real) => (format!(" {real}"), format!(" ({real})")),
                None => (String::new(), String::new()),
            };
            msg!(
                "{p} 是 Excel 为正在打开的工作簿建立的锁定文件(~$…),其中没有数据:请导入真正的文件{zh}",
                "{p} is Excel's lock file for a workbook that is open (~$…), with no data in it: open the real file{en}"
            )
        }
        Other::OfficeLock => msg!(
            "{p} 是 LibreOffice 或 WPS 为正在打开的文件建立的锁定文件(.~lock.…#),其中没有数据:请导入真正的文件",
            "{p} is the lock file LibreOffice or WPS keeps for a file that is open (.~lock.…#), with no data in it: open the real file"
        ),
        Other::Zip => msg!(
            "{p} 是 ZIP 压缩包,不是电子表格:请先解压,再导入其中的表格文件",
            "{p} is a ZIP archive, not a spreadsheet: unpack it and import the spreadsheet inside"
        ),
        Other::OdfDocument => msg!(
            "{p} 是 LibreOffice 或 WPS 的文字文档或演示文稿,不是电子表格:{FORMATS_ZH}",
            "{p} is a LibreOffice or WPS text document or presentation, not a spreadsheet: {FORMATS_EN}"
        ),
        Other::OdsAsXlsx => msg!(
            "{p} 是 ODS 表格,扩展名却是 {ext}:请把扩展名改为 .ods 后再导入",
            "{p} is an ODS workbook with the extension {ext}: rename it to .ods and import it again"
        ),
        Other::Encrypted => msg!(
            "{p} 设置了打开密码(已加密),无法读取:请在 Excel 或 WPS 中去掉打开密码,另存后再导入",
            "{p} is protected by a password to open it (encrypted): remove the password in Excel or WPS, save it and import that"
        ),
        Other::Binary => msg!(
            "{p} 不是电子表格,也不是文本文件:{FORMATS_ZH}",
            "{p} is neither a spreadsheet nor a text file: {FORMATS_EN}"
        ),
    })
}

/// Why a reader's check refused a file: it is damaged, or it is
/// something else than the workbook its name promised.
#[derive(Debug, Clone)]
pub enum Refused {
    Damaged(Msg),
    Is(Other),
}

impl From<Msg> for Refused {
    fn from(m: Msg) -> Refused {
        Refused::Damaged(m)
    }
}

/// English, as [`Msg`] shows in logs and tests.
impl std::fmt::Display for Refused {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Refused::Damaged(m) => f.write_str(&m.en),
            Refused::Is(other) => write!(f, "{other:?}"),
        }
    }
}

impl Refused {
    /// The error a person reads: the damaged-file message for a `kind`
    /// (XLSX, XLS, ODS) file, or what the file is.
    pub fn error(self, path: &Path, kind: &str) -> Error {
        match self {
            Refused::Damaged(why) => super::guard::damaged(path, kind, &why),
            Refused::Is(other) => refuse(path, other),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn heads_name_what_files_are() {
        let p = Path::new("a.csv");
        assert_eq!(by_head(p, b""), Some(Other::Empty));
        assert_eq!(by_head(p, b"%PDF-1.7\n"), Some(Other::Pdf));
        assert_eq!(by_head(p, &[0xFF, 0xD8, 0xFF, 0xE0]), Some(Other::Image));
        assert_eq!(by_head(p, b"<html><table>"), Some(Other::WebPage));
        assert_eq!(by_head(p, b"\x01\x00\x02"), Some(Other::Binary));
        assert_eq!(
            by_head(Path::new("~$roster.xlsx"), b"\x06tester"),
            Some(Other::ExcelLock)
        );
        assert_eq!(by_head(p, "姓名,证件号码\n".as_bytes()), None);
        assert_eq!(by_head(p, &[0xFF, 0xFE, b'a', 0]), None, "UTF-16 text");
        assert_eq!(by_head(p, b"PK\x03\x04"), None);
    }

    #[test]
    fn archives_name_what_they_hold() {
        let names = |v: &[&str]| v.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        assert_eq!(in_zip(&names(&["xl/workbook.xml"]), None, true), None);
        assert_eq!(
            in_zip(&names(&["word/document.xml"]), None, true),
            Some(Other::Word)
        );
        assert_eq!(in_zip(&names(&["a.txt"]), None, true), Some(Other::Zip));
        let ods = Some("application/vnd.oasis.opendocument.spreadsheet");
        assert_eq!(in_zip(&names(&["content.xml"]), ods, false), None);
        assert_eq!(
            in_zip(&names(&["content.xml"]), ods, true),
            Some(Other::OdsAsXlsx)
        );
        assert_eq!(in_compound(&names(&["Root Entry", "Workbook"])), None);
        assert_eq!(
            in_compound(&names(&["EncryptedPackage"])),
            Some(Other::Encrypted)
        );
        assert_eq!(in_compound(&names(&["WordDocument"])), Some(Other::Word));
    }
}
