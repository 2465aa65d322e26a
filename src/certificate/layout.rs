//! Line breaking for certificate text: where a sentence or a table cell
//! wraps, measured with the font's own advance widths.
//!
//! Chinese text may break between any two characters; a run of Latin
//! letters or digits (a project number, a date) stays whole unless it is
//! wider than the line; and no line starts with closing punctuation
//! (避头点: the rule that keeps "," and "。" off the start of a line).

use super::font::Font;

/// Characters that may not begin a line: closing punctuation, half- and
/// full-width.
fn no_line_start(c: char) -> bool {
    matches!(
        c,
        ',' | '.' | ':' | ';' | '!' | '?' | ')' | ']' | '}' | '%'
            | '\u{FF0C}' // ，
            | '\u{3002}' // 。
            | '\u{3001}' // 、
            | '\u{FF1A}' // ：
            | '\u{FF1B}' // ；
            | '\u{FF01}' // ！
            | '\u{FF1F}' // ？
            | '\u{FF09}' // ）
            | '\u{300B}' // 》
            | '\u{300D}' // 」
            | '\u{300F}' // 』
            | '\u{3011}' // 】
            | '\u{3015}' // 〕
            | '\u{201D}' // ”
            | '\u{2019}' // ’
            | '\u{2026}' // …
            | '\u{00B7}' // ·
    )
}

/// Characters that hold together with their neighbours in one unbreakable
/// run: Latin letters, digits and the joiners of numbers and codes.
fn is_word(c: char) -> bool {
    c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.' | '/' | '+' | '#' | '%' | '(' | ')')
}

/// Splits `text` into lines no wider than `max` points at `size` points.
/// Blanks at line ends disappear; an empty text gives one empty line.
pub fn wrap(font: &Font, text: &str, size: f32, max: f32) -> Vec<String> {
    // Units: a word run, one blank, or one other character.
    let mut units: Vec<(String, f32)> = Vec::new();
    let mut word = String::new();
    for c in text.chars() {
        if is_word(c) {
            word.push(c);
            continue;
        }
        if !word.is_empty() {
            let w = font.width(&word, size);
            units.push((std::mem::take(&mut word), w));
        }
        let c = if c == '\n' || c == '\t' { ' ' } else { c };
        units.push((c.to_string(), font.advance(c) * size));
    }
    if !word.is_empty() {
        let w = font.width(&word, size);
        units.push((word, w));
    }

    let mut lines: Vec<String> = Vec::new();
    let mut line: Vec<(String, f32)> = Vec::new();
    let mut width = 0.0f32;
    let push_line = |line: &mut Vec<(String, f32)>, lines: &mut Vec<String>| {
        let s: String = line.drain(..).map(|(u, _)| u).collect();
        lines.push(s.trim_end().to_owned());
    };
    for (unit, w) in units {
        let blank = unit == " ";
        if blank && line.is_empty() {
            continue; // no line starts with a blank
        }
        if width + w <= max {
            width += w;
            line.push((unit, w));
            continue;
        }
        if blank {
            // The blank ends this line and is dropped.
            push_line(&mut line, &mut lines);
            width = 0.0;
            continue;
        }
        if w > max {
            // A word wider than the line: break it between characters,
            // starting on the current line.
            for c in unit.chars() {
                let cw = font.advance(c) * size;
                if width + cw > max && !line.is_empty() {
                    push_line(&mut line, &mut lines);
                    width = 0.0;
                }
                width += cw;
                line.push((c.to_string(), cw));
            }
            continue;
        }
        let first = unit.chars().next().unwrap_or(' ');
        if no_line_start(first) && line.len() >= 2 {
            // Take the last character down with the punctuation rather
            // than start a line with it.
            let last = line.pop().unwrap_or_default();
            push_line(&mut line, &mut lines);
            width = last.1 + w;
            line.push(last);
            line.push((unit, w));
            continue;
        }
        push_line(&mut line, &mut lines);
        width = w;
        line.push((unit, w));
    }
    if !line.is_empty() || lines.is_empty() {
        push_line(&mut line, &mut lines);
    }
    avoid_lone_last_character(&mut lines);
    lines
}

/// A wrapped name whose last line is one character ("学习 / 班") reads
/// badly: the line above gives up its last character, unless that would
/// leave it nearly empty or start the last line with punctuation.
fn avoid_lone_last_character(lines: &mut [String]) {
    let n = lines.len();
    if n < 2 || lines[n - 1].chars().count() != 1 {
        return;
    }
    let last = lines[n - 1].chars().next().unwrap_or(' ');
    if last.is_ascii() {
        return;
    }
    let above = &lines[n - 2];
    let Some(moved) = above.chars().last() else {
        return;
    };
    if above.chars().count() < 4 || moved.is_ascii() || no_line_start(moved) {
        return;
    }
    let keep = above.len() - moved.len_utf8();
    lines[n - 1] = format!("{moved}{last}");
    lines[n - 2].truncate(keep);
}

#[cfg(test)]
mod tests {
    use super::*;

    fn font() -> Font {
        Font::builtin().unwrap()
    }

    #[test]
    fn chinese_wraps_between_any_two_characters() {
        let f = font();
        // 10 points per character: 5 fit in 52 points.
        let lines = wrap(&f, "腹部急症及消化系统疾病超声诊断学习班", 10.0, 52.0);
        assert_eq!(lines, ["腹部急症及", "消化系统疾", "病超声诊断", "学习班"]);
        for l in &lines {
            assert!(f.width(l, 10.0) <= 52.0);
        }
    }

    #[test]
    fn no_wrapped_name_ends_with_a_lone_character() {
        let f = font();
        let lines = wrap(
            &f,
            "县级医院腹部急症及消化系统疾病超声诊断学习班",
            10.0,
            215.0,
        );
        assert_eq!(lines, ["县级医院腹部急症及消化系统疾病超声诊断学", "习班"]);
    }

    #[test]
    fn short_text_stays_on_one_line() {
        let f = font();
        assert_eq!(wrap(&f, "国家级项目", 10.0, 200.0), ["国家级项目"]);
        assert_eq!(wrap(&f, "", 10.0, 200.0), [""]);
    }

    #[test]
    fn numbers_and_words_stay_whole() {
        let f = font();
        let text = "学习班 17-01-09040386 结业";
        let max = f.width("学习班 17-01-0904", 10.0);
        let lines = wrap(&f, text, 10.0, max);
        assert_eq!(lines, ["学习班", "17-01-09040386", "结业"]);
    }

    #[test]
    fn a_word_wider_than_the_line_is_broken() {
        let f = font();
        let max = f.width("1234567", 10.0);
        let lines = wrap(&f, "12345678901234567890", 10.0, max);
        assert!(lines.len() >= 3, "{lines:?}");
        assert_eq!(lines.concat(), "12345678901234567890");
        for l in &lines {
            assert!(f.width(l, 10.0) <= max + 0.01, "{l}");
        }
    }

    #[test]
    fn punctuation_never_starts_a_line() {
        let f = font();
        // Exactly four characters fit; the comma would start line two.
        let lines = wrap(&f, "继续医学,教育", 10.0, 40.5);
        assert_eq!(lines, ["继续医", "学,教育"]);
    }
}
