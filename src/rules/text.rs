//! Normalising typed text before it is checked (docs/domain.md#normalising).
//!
//! Spreadsheets typed on Chinese systems mix full-width and half-width forms,
//! paste in zero-width characters and surround values with full-width
//! spaces. Every rule works on the normalised form; messages quote the raw
//! text so the administrator can find it.

use std::borrow::Cow;

use unicode_normalization::{IsNormalized, UnicodeNormalization, is_nfkc_quick};

/// Whether text is empty once normalised: only blanks and invisible
/// characters (NFKC never turns anything else into nothing).
pub fn is_blank(raw: &str) -> bool {
    raw.chars().all(|c| c.is_whitespace() || is_invisible(c))
}

/// Characters that are invisible in a spreadsheet cell and never meant.
fn is_invisible(c: char) -> bool {
    matches!(
        c,
        '\u{200B}' | '\u{200C}' | '\u{200D}' | '\u{2060}' | '\u{FEFF}' | '\u{00AD}'
    )
}

/// Trims, drops invisible characters and applies Unicode NFKC, so that
/// `" １２Ｘ\u{3000}"` becomes `"12X"`. Plain ASCII text without surrounding
/// blanks is returned as it is, without allocating.
pub fn normalize(raw: &str) -> Cow<'_, str> {
    let trimmed = raw.trim_matches(|c: char| c.is_whitespace() || is_invisible(c));
    // ASCII and the common CJK ideographs are their own NFKC and never
    // invisible: the text of nearly every cell, checked without the
    // normalisation tables (a third of a credit import's checking time).
    let clean = trimmed
        .chars()
        .all(|c| c.is_ascii() || ('\u{4E00}'..='\u{9FFF}').contains(&c))
        || (!trimmed.chars().any(is_invisible)
            && is_nfkc_quick(trimmed.chars()) == IsNormalized::Yes);
    if clean {
        return Cow::Borrowed(trimmed);
    }
    let s: String = trimmed
        .chars()
        .filter(|&c| !is_invisible(c))
        .nfkc()
        .collect();
    // NFKC can turn a full-width space at an edge into an ASCII one.
    match s.trim() {
        t if t.len() == s.len() => Cow::Owned(s),
        t => Cow::Owned(t.to_owned()),
    }
}

/// An identifier such as an ID or certificate number: normalised, with inner
/// blanks and hyphens dropped, in upper case (`" 110105-1949 1231002x"` →
/// `"11010519491231002X"`).
pub fn identifier(raw: &str) -> String {
    normalize(raw)
        .chars()
        .filter(|c| !c.is_whitespace() && !matches!(c, '-' | '‐' | '–' | '—'))
        .map(|c| c.to_ascii_uppercase())
        .collect()
}

/// A yes/no answer: 是/否, Y/N, yes/no, 1/0, true/false, √/×, 有/无.
pub fn yes_no(raw: &str) -> Option<bool> {
    let n = normalize(raw);
    let lower = n.to_lowercase();
    match lower.as_str() {
        "是" | "y" | "yes" | "1" | "true" | "√" | "有" | "对" => Some(true),
        "否" | "n" | "no" | "0" | "false" | "×" | "无" | "不是" => Some(false),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn full_width_digits_and_spaces_become_ascii() {
        assert_eq!(normalize("\u{3000}１２Ｘ "), "12X");
        assert_eq!(normalize("  张三 "), "张三");
        assert_eq!(normalize("\u{FEFF}张\u{200B}三"), "张三");
    }

    #[test]
    fn blank_is_what_normalises_to_nothing() {
        for s in ["", " ", "\u{3000}\t", "\u{200B}\u{FEFF}"] {
            assert!(is_blank(s) && normalize(s).is_empty(), "{s:?}");
        }
        for s in ["x", " 张 ", "\u{3000}1"] {
            assert!(!is_blank(s) && !normalize(s).is_empty(), "{s:?}");
        }
    }

    #[test]
    fn clean_text_is_borrowed() {
        assert!(matches!(normalize("110101199003070011"), Cow::Borrowed(_)));
        assert!(matches!(normalize("张三"), Cow::Borrowed(_)));
    }

    #[test]
    fn identifier_drops_blanks_and_hyphens_and_uppercases() {
        assert_eq!(identifier(" 110105-1949 1231002x "), "11010519491231002X");
        assert_eq!(identifier("ｍ１２３４５６７８"), "M12345678");
    }

    #[test]
    fn yes_no_variants() {
        for y in ["是", "Y", "yes", "1", " 是 ", "TRUE"] {
            assert_eq!(yes_no(y), Some(true), "{y}");
        }
        for n in ["否", "n", "No", "0", "false"] {
            assert_eq!(yes_no(n), Some(false), "{n}");
        }
        assert_eq!(yes_no("也许"), None);
        assert_eq!(yes_no(""), None);
    }
}
