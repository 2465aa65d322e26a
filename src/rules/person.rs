//! A person's name, mobile number and e-mail address.

use std::sync::LazyLock;

use regex::Regex;

use super::text::normalize;
use crate::i18n::Msg;
use crate::msg;

/// Longest name accepted, in characters (long transliterated foreign names
/// fit; a pasted sentence does not).
pub const NAME_MAX_CHARS: usize = 50;

/// A person's name: trimmed and normalised; letters of any script, with the
/// separators that names really use (`·` in 买买提·艾力, blanks, `.`, `-`, `'`).
pub fn name(raw: &str) -> Result<String, Msg> {
    let n = normalize(raw);
    if n.is_empty() {
        return Err(msg!("姓名为空", "the name is empty"));
    }
    if let Some(c) = n.chars().find(|c| c.is_control()) {
        let code = c as u32;
        return Err(msg!(
            "姓名含控制字符 U+{code:04X}",
            "the name contains the control character U+{code:04X}"
        ));
    }
    if let Some(c) = n
        .chars()
        .find(|&c| !(c.is_alphabetic() || matches!(c, '·' | '・' | '•' | '.' | '-' | '\'' | ' ')))
    {
        return Err(msg!(
            "姓名含不应有的字符“{c}”",
            "the name contains the character '{c}'"
        ));
    }
    let len = n.chars().count();
    if len > NAME_MAX_CHARS {
        return Err(msg!(
            "姓名过长({len} 个字符,最多 {NAME_MAX_CHARS})",
            "the name is too long ({len} characters, at most {NAME_MAX_CHARS})"
        ));
    }
    // Names such as "买买提•艾力" and "买买提・艾力" are stored with the usual dot;
    // a blank typed inside a Chinese name ("张 三") is a typing slip, while a
    // Latin-script name keeps its blanks.
    let n = n.replace(['・', '•'], "·");
    if n.chars().any(|c| c.is_ascii_alphabetic()) {
        Ok(n)
    } else {
        Ok(n.chars().filter(|c| !c.is_whitespace()).collect())
    }
}

static MOBILE: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"^1[3-9]\d{9}$").unwrap());

/// A mainland mobile number, without a `+86`/`0086`/`86` prefix or blanks.
pub fn mobile(raw: &str) -> Result<String, Msg> {
    let n: String = normalize(raw)
        .chars()
        .filter(|c| !c.is_whitespace() && !matches!(c, '-' | '(' | ')'))
        .collect();
    if n.is_empty() {
        return Err(msg!("手机号码为空", "the mobile number is empty"));
    }
    let national = n
        .strip_prefix("+86")
        .or_else(|| n.strip_prefix("0086"))
        .or_else(|| n.strip_prefix("86").filter(|rest| rest.len() == 11))
        .unwrap_or(&n);
    if MOBILE.is_match(national) {
        Ok(national.to_owned())
    } else {
        let shown = normalize(raw);
        Err(msg!(
            "手机号码 {shown} 无效(应为 1 开头的 11 位数字)",
            "{shown} is not a valid mobile number (11 digits starting with 1)"
        ))
    }
}

static EMAIL: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}$").unwrap()
});

/// Longest e-mail address (RFC 5321 path limit).
pub const EMAIL_MAX_LEN: usize = 254;

/// An e-mail address.
pub fn email(raw: &str) -> Result<String, Msg> {
    let n = normalize(raw);
    if n.is_empty() {
        return Err(msg!("电子邮箱为空", "the e-mail address is empty"));
    }
    if n.len() <= EMAIL_MAX_LEN && EMAIL.is_match(&n) {
        Ok(n.into_owned())
    } else {
        Err(msg!(
            "电子邮箱 {n} 格式不正确",
            "{n} is not a valid e-mail address"
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names() {
        assert_eq!(name(" 张三 ").unwrap(), "张三");
        assert_eq!(name("买买提•艾力").unwrap(), "买买提·艾力");
        assert_eq!(name("John O'Neil").unwrap(), "John O'Neil");
        assert_eq!(name("刘\u{3000}堃").unwrap(), "刘堃");
        assert_eq!(name("张 三").unwrap(), "张三");
        assert!(name("").is_err());
        assert!(name("张\u{7}三").unwrap_err().en.contains("control"));
        assert!(name("张三1").unwrap_err().en.contains("'1'"));
        assert!(name(&"长".repeat(51)).is_err());
    }

    #[test]
    fn mobiles() {
        assert_eq!(mobile("13607038482").unwrap(), "13607038482");
        assert_eq!(mobile("+86 136-0703-8482").unwrap(), "13607038482");
        assert_eq!(mobile("008613607038482").unwrap(), "13607038482");
        assert_eq!(mobile("8613607038482").unwrap(), "13607038482");
        assert_eq!(mobile("１３６０７０３８４８２").unwrap(), "13607038482");
        assert!(mobile("12607038482").is_err());
        assert!(mobile("1360703848").is_err());
        assert!(mobile("010-12345678").is_err());
        assert!(mobile("").is_err());
    }

    #[test]
    fn emails() {
        assert_eq!(email(" 252632069@qq.com ").unwrap(), "252632069@qq.com");
        assert!(email("a.b+c@mail.example.cn").is_ok());
        assert!(email("no-at-sign.com").is_err());
        assert!(email("a@b").is_err());
        assert!(email(&format!("{}@qq.com", "a".repeat(250))).is_err());
    }
}
