//! Messages a person reads, in Chinese and English.
//!
//! Domain code never decides the language: it builds a [`Msg`] holding both
//! texts (with `msg!`), and the command line picks one when it prints. The
//! cost of formatting twice only falls on problems and summaries, never on
//! the rows that pass.

use std::fmt;

/// The language of everything a person reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Lang {
    #[default]
    Zh,
    En,
}

impl Lang {
    /// The language a locale string such as `zh_CN.UTF-8` or `en_US` asks for:
    /// Chinese when it starts with `zh`, English otherwise.
    pub fn from_locale(locale: &str) -> Lang {
        if locale.trim().to_ascii_lowercase().starts_with("zh") {
            Lang::Zh
        } else {
            Lang::En
        }
    }

    /// Picks one of two texts.
    pub fn pick<'a>(self, zh: &'a str, en: &'a str) -> &'a str {
        match self {
            Lang::Zh => zh,
            Lang::En => en,
        }
    }
}

/// One message in both languages.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Msg {
    pub zh: String,
    pub en: String,
}

impl Msg {
    pub fn new(zh: impl Into<String>, en: impl Into<String>) -> Msg {
        Msg {
            zh: zh.into(),
            en: en.into(),
        }
    }

    /// The text in `lang`.
    pub fn text(&self, lang: Lang) -> &str {
        lang.pick(&self.zh, &self.en)
    }

    /// Joins two messages with the separator each language uses.
    pub fn join(&self, other: &Msg) -> Msg {
        Msg {
            zh: format!("{};{}", self.zh, other.zh),
            en: format!("{}; {}", self.en, other.en),
        }
    }
}

/// English is what shows in logs and panics; the command line prints
/// [`Msg::text`] in the chosen language.
impl fmt::Display for Msg {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.en)
    }
}

/// Builds a [`Msg`] from a Chinese and an English format string that use the
/// same arguments: `msg!("第 {row} 行", "row {row}")`.
#[macro_export]
macro_rules! msg {
    ($zh:literal, $en:literal $(,)?) => {
        $crate::i18n::Msg::new(format!($zh), format!($en))
    };
    ($zh:literal, $en:literal, $($arg:tt)*) => {
        $crate::i18n::Msg::new(format!($zh, $($arg)*), format!($en, $($arg)*))
    };
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn locale_picks_chinese_only_for_zh() {
        assert_eq!(Lang::from_locale("zh_CN.UTF-8"), Lang::Zh);
        assert_eq!(Lang::from_locale("zh"), Lang::Zh);
        assert_eq!(Lang::from_locale("en_US.UTF-8"), Lang::En);
        assert_eq!(Lang::from_locale("C"), Lang::En);
        assert_eq!(Lang::from_locale(""), Lang::En);
    }

    #[test]
    fn msg_macro_formats_both_languages() {
        let row = 7;
        let m = msg!("第 {row} 行", "row {row}");
        assert_eq!(m.text(Lang::Zh), "第 7 行");
        assert_eq!(m.text(Lang::En), "row 7");
        let m = msg!("{} 个", "{} of them", 3);
        assert_eq!(m.zh, "3 个");
        assert_eq!(m.en, "3 of them");
    }
}
