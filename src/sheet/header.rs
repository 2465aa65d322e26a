//! Template layouts and finding their header row in a sheet.
//!
//! Official templates start with a title row ("附件1 …") or notes; people
//! add `*` to required columns, type full-width brackets and trailing
//! blanks, reorder columns, and sometimes use English headers. The header is
//! the row, among the first [`HEADER_SEARCH_ROWS`], that names the most
//! columns of the layout.

use unicode_normalization::UnicodeNormalization;

/// One column of a template.
#[derive(Debug, Clone, Copy)]
pub struct Column {
    /// The Chinese label of the official template, without markers.
    pub label: &'static str,
    /// Other names people use: English aliases and Chinese variants.
    pub aliases: &'static [&'static str],
    pub required: bool,
}

impl Column {
    pub const fn required(label: &'static str, aliases: &'static [&'static str]) -> Column {
        Column {
            label,
            aliases,
            required: true,
        }
    }

    pub const fn optional(label: &'static str, aliases: &'static [&'static str]) -> Column {
        Column {
            label,
            aliases,
            required: false,
        }
    }

    fn matches(&self, header: &str) -> bool {
        let h = normalize_header(header);
        if h.is_empty() {
            return false;
        }
        std::iter::once(self.label)
            .chain(self.aliases.iter().copied())
            .any(|name| {
                let n = normalize_header(name);
                n == h || strip_note(&n) == strip_note(&h)
            })
    }
}

/// The columns of one sheet of a template.
#[derive(Debug, Clone, Copy)]
pub struct Layout {
    /// The sheet's name in the official template (账号模板, 基本信息 …).
    pub sheet: &'static str,
    pub columns: &'static [Column],
}

/// Declares a template sheet's columns once: the [`Layout`] constant and a
/// module of each column's position in it (the index that a row's cells
/// and its problems use), numbered in the order of the declaration, so the
/// two cannot drift.
///
/// ```ignore
/// crate::sheet::layout! {
///     /// The 轮转计划 template.
///     pub const ROTATION_LAYOUT = sheet "轮转计划", positions col {
///         ID_NUMBER: Column::required("证件号码", &["id number"]),
///         NAME: Column::required("姓名", &["name"]),
///     }
/// }
/// // ROTATION_LAYOUT.columns[col::NAME].label == "姓名"
/// ```
macro_rules! layout {
    ($(#[$meta:meta])* $vis:vis const $name:ident = sheet $sheet:expr, positions $positions:ident {
        $($position:ident: $column:expr),+ $(,)?
    }) => {
        $(#[$meta])*
        $vis const $name: $crate::sheet::Layout = $crate::sheet::Layout {
            sheet: $sheet,
            columns: &[$($column),+],
        };

        #[doc = concat!("The position of each column in [`", stringify!($name), "`].")]
        #[allow(dead_code)]
        $vis mod $positions {
            // The variants count the columns; the constants are what rows
            // are indexed with.
            #[allow(non_camel_case_types, clippy::upper_case_acronyms)]
            #[repr(usize)]
            enum Position {
                $($position),+
            }
            $(pub const $position: usize = Position::$position as usize;)+
        }
    };
}
pub(crate) use layout;

/// The column that errors files add after a refused row's cells: the reason.
/// An errors file is fixed and imported again, so importers know it and
/// pass over it without calling it unknown.
pub const REASON_COLUMN: &str = "错误原因";

/// The column that errors files put before a refused row's cells: the
/// row's number in the file imported, which the reasons refer to
/// ("与第 6 行重复"). Importers pass over it too.
pub const ROW_COLUMN: &str = "原行号";

/// How many rows from the top may hold titles and notes before the header.
pub const HEADER_SEARCH_ROWS: usize = 30;

/// A header as it is compared: NFKC (full-width brackets and letters become
/// ASCII), without blanks, without the required/conditional markers `*` and
/// `#` or a trailing colon, lower case, with `_` and `-` dropped so that
/// `ID_Number`, `id number` and `ID-Number` agree.
pub fn normalize_header(raw: &str) -> String {
    raw.nfkc()
        .filter(|c| !c.is_whitespace() && !matches!(c, '*' | '#' | '_' | '-' | ':' | '\u{FEFF}'))
        .flat_map(char::to_lowercase)
        .collect()
}

/// Drops a trailing note in brackets: `培训实际开始时间(年-月-日)` →
/// `培训实际开始时间`, `手机号码(必填)` → `手机号码`.
fn strip_note(h: &str) -> &str {
    match h.strip_suffix(')').and_then(|s| s.rfind('(')) {
        Some(open) if open > 0 => &h[..open],
        _ => h,
    }
}

/// Where each column of a layout sits in a header row.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HeaderMatch {
    /// For each layout column, its index in the row.
    pub positions: Vec<Option<usize>>,
    /// Layout columns named twice: (column, first index, second index).
    pub duplicates: Vec<(usize, usize, usize)>,
    /// Indexes of non-empty header cells that name no layout column.
    pub unknown: Vec<usize>,
}

impl HeaderMatch {
    pub fn found(&self) -> usize {
        self.positions.iter().filter(|p| p.is_some()).count()
    }

    /// Required columns of the layout that the row lacks.
    pub fn missing_required(&self, layout: &Layout) -> Vec<&'static str> {
        layout
            .columns
            .iter()
            .zip(&self.positions)
            .filter(|(c, p)| c.required && p.is_none())
            .map(|(c, _)| c.label)
            .collect()
    }
}

/// Matches one row of header texts against a layout.
pub fn match_header(headers: &[String], layout: &Layout) -> HeaderMatch {
    let mut positions = vec![None; layout.columns.len()];
    let mut duplicates = Vec::new();
    let mut unknown = Vec::new();
    for (i, h) in headers.iter().enumerate() {
        match layout.columns.iter().position(|c| c.matches(h)) {
            Some(col) => match positions[col] {
                None => positions[col] = Some(i),
                Some(first) => duplicates.push((col, first, i)),
            },
            None if !normalize_header(h).is_empty()
                && h.trim() != REASON_COLUMN
                && h.trim() != ROW_COLUMN =>
            {
                unknown.push(i)
            }
            None => {}
        }
    }
    HeaderMatch {
        positions,
        duplicates,
        unknown,
    }
}

/// The spreadsheet name of a column index: 0 → A, 26 → AA.
pub fn column_letter(mut index: usize) -> String {
    let mut s = Vec::new();
    loop {
        s.push(b'A' + (index % 26) as u8);
        if index < 26 {
            break;
        }
        index = index / 26 - 1;
    }
    s.reverse();
    String::from_utf8(s).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    const LAYOUT: Layout = Layout {
        sheet: "账号模板",
        columns: &[
            Column::required("姓名", &["name"]),
            Column::required("证件号码", &["id number", "身份证号"]),
            Column::optional("核定的培训年限(年)", &[]),
            Column::optional("培训实际开始时间", &[]),
        ],
    };

    fn row(cells: &[&str]) -> Vec<String> {
        cells.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn markers_brackets_blanks_and_case_are_ignored() {
        let m = match_header(
            &row(&[
                "*姓名 ",
                "＊证件号码",
                "核定的培训年限（年）",
                "*培训实际开始时间(年-月-日)",
            ]),
            &LAYOUT,
        );
        assert_eq!(m.positions, vec![Some(0), Some(1), Some(2), Some(3)]);
        let m = match_header(&row(&["ID_Number", "Name"]), &LAYOUT);
        assert_eq!(m.positions, vec![Some(1), Some(0), None, None]);
        assert!(m.missing_required(&LAYOUT).is_empty());
    }

    #[test]
    fn unknown_duplicate_and_missing_columns_are_reported() {
        let m = match_header(&row(&["姓名", "备注", "name", "", REASON_COLUMN]), &LAYOUT);
        assert_eq!(m.duplicates, vec![(0, 0, 2)]);
        assert_eq!(m.unknown, vec![1]);
        assert_eq!(m.missing_required(&LAYOUT), vec!["证件号码"]);
    }

    #[test]
    fn column_letters() {
        assert_eq!(column_letter(0), "A");
        assert_eq!(column_letter(25), "Z");
        assert_eq!(column_letter(26), "AA");
        assert_eq!(column_letter(701), "ZZ");
        assert_eq!(column_letter(702), "AAA");
    }
}
