//! The font certificates are set in: the Noto Sans SC subset compiled into
//! meded, or a TrueType/OpenType file the user names with `--font`.
//!
//! A font is parsed once and shared (it is an `Arc`), so that ten thousand
//! certificates rendered on every core cost one parse of a 7 MB file.

use std::path::Path;
use std::sync::Arc;

use printpdf::ParsedFont;

use crate::error::{Error, Result};
use crate::msg;

/// The compiled-in font: Noto Sans CJK SC cut down to the GBK character
/// set by `scripts/make-font.py` (SIL OFL 1.1, see `assets/fonts/OFL.txt`).
static BUILTIN: &[u8] = include_bytes!("../../assets/fonts/NotoSansSC-GBK.ttf");

/// A parsed font face, cheap to clone and safe to share between threads.
#[derive(Clone)]
pub struct Font {
    inner: Arc<Inner>,
}

struct Inner {
    parsed: ParsedFont,
    /// What the user knows this font as: a path, or the built-in font.
    label: String,
    units_per_em: f32,
    ascender: f32,
    descender: f32,
    /// Advance in em of every character of the Basic Multilingual Plane,
    /// negative where the font has no glyph. Layout measures every
    /// character of every cell; a table read beats a cmap search.
    bmp: Vec<f32>,
}

/// Marks a character without a glyph in [`Inner::bmp`].
const NO_GLYPH: f32 = -1.0;

impl std::fmt::Debug for Font {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Font")
            .field("label", &self.inner.label)
            .finish_non_exhaustive()
    }
}

impl Font {
    /// The compiled-in Noto Sans SC subset, parsed on first use and shared
    /// from then on.
    pub fn builtin() -> Result<Font> {
        static PARSED: std::sync::OnceLock<Font> = std::sync::OnceLock::new();
        if let Some(font) = PARSED.get() {
            return Ok(font.clone());
        }
        let font = Font::from_bytes(BUILTIN, 0, "Noto Sans SC (GBK)")?;
        Ok(PARSED.get_or_init(|| font).clone())
    }

    /// A TrueType or OpenType font file, or face `index` of a collection
    /// (`.ttc`/`.otc`). A file that is missing or is not such a font is an
    /// input error (exit 2).
    pub fn from_file(path: &Path, index: u32) -> Result<Font> {
        let bytes = std::fs::read(path).map_err(|e| Error::unreadable(path, &e))?;
        Font::from_bytes(&bytes, index, &path.display().to_string())
    }

    /// A font from memory; `label` names it in messages.
    pub fn from_bytes(bytes: &[u8], index: u32, label: &str) -> Result<Font> {
        let faces = face_count(bytes);
        if faces == 0 {
            return Err(Error::Input(msg!(
                "无法读取字体 {label}:不是 TrueType/OpenType 字体文件",
                "cannot read the font {label}: not a TrueType/OpenType font file"
            )));
        }
        if index >= faces {
            let last = faces - 1;
            return Err(Error::Input(msg!(
                "字体 {label} 只有 {faces} 个字形集(序号 0–{last}),没有序号 {index}",
                "the font {label} has {faces} face(s) (index 0–{last}), not index {index}"
            )));
        }
        let mut warnings = Vec::new();
        let parsed =
            ParsedFont::from_bytes(bytes, index as usize, &mut warnings).ok_or_else(|| {
                Error::Input(msg!(
                    "无法读取字体 {label}:文件已损坏或缺少必需的表",
                    "cannot read the font {label}: the file is damaged or lacks a required table"
                ))
            })?;
        if parsed.cmap_subtable.is_none() {
            return Err(Error::Input(msg!(
                "字体 {label} 没有 Unicode 字符映射表,无法用于排版",
                "the font {label} has no Unicode character map and cannot set text"
            )));
        }
        let m = &parsed.pdf_font_metrics;
        let units_per_em = f32::from(m.units_per_em.max(1));
        let (ascender, descender) = (f32::from(m.ascender), f32::from(m.descender));
        let bmp = (0..=0xFFFFu32)
            .map(|cp| match parsed.lookup_glyph_index(cp) {
                Some(g) if g != 0 => f32::from(parsed.get_horizontal_advance(g)) / units_per_em,
                _ => NO_GLYPH,
            })
            .collect();
        Ok(Font {
            inner: Arc::new(Inner {
                parsed,
                label: label.to_owned(),
                units_per_em,
                ascender,
                descender,
                bmp,
            }),
        })
    }

    /// The same font holding only the glyphs of `chars`, under the same
    /// label; characters it lacks stay missing. For a batch of certificates:
    /// printpdf reads the whole glyph table and character map of the font
    /// it embeds from, once per PDF, so rendering from a font of the batch's
    /// thousand characters instead of GBK's 22,000 takes about a quarter
    /// less time. If the font cannot be cut down, it is returned whole.
    pub fn narrowed(&self, chars: impl IntoIterator<Item = char>) -> Font {
        let mut glyphs = std::collections::BTreeMap::new();
        for c in chars {
            if let Some(g) = self.inner.parsed.lookup_glyph_index(c as u32)
                && g != 0
            {
                glyphs.insert(g, c.to_string());
            }
        }
        let Ok(subset) = printpdf::font::subset_font(&self.inner.parsed, &glyphs) else {
            return self.clone();
        };
        Font::from_bytes(&subset.bytes, 0, &self.inner.label).unwrap_or_else(|_| self.clone())
    }

    /// The font as messages name it.
    pub fn label(&self) -> &str {
        &self.inner.label
    }

    /// Whether the font draws `c`. Glyph 0 is the "missing glyph" box.
    pub fn has_char(&self, c: char) -> bool {
        match self.inner.bmp.get(c as usize) {
            Some(&a) => a != NO_GLYPH,
            None => matches!(self.inner.parsed.lookup_glyph_index(c as u32), Some(g) if g != 0),
        }
    }

    /// The characters of `text` the font cannot draw, each once, in the
    /// order they first appear. Line breaks and tabs are not drawn and so
    /// never missing.
    pub fn missing_glyphs(&self, text: &str) -> Vec<char> {
        let mut out: Vec<char> = Vec::new();
        for c in text.chars() {
            if matches!(c, '\n' | '\r' | '\t') || out.contains(&c) {
                continue;
            }
            if !self.has_char(c) {
                out.push(c);
            }
        }
        out
    }

    /// The advance of `c` in em (1.0 = the font size). Characters the font
    /// lacks are refused before layout; here they count as a full em.
    pub fn advance(&self, c: char) -> f32 {
        if let Some(&a) = self.inner.bmp.get(c as usize) {
            return if a == NO_GLYPH { 1.0 } else { a };
        }
        match self.inner.parsed.lookup_glyph_index(c as u32) {
            Some(g) if g != 0 => {
                f32::from(self.inner.parsed.get_horizontal_advance(g)) / self.inner.units_per_em
            }
            _ => 1.0,
        }
    }

    /// The width of `text` set at `size` points, in points.
    pub fn width(&self, text: &str, size: f32) -> f32 {
        text.chars().map(|c| self.advance(c)).sum::<f32>() * size
    }

    /// How far the font reaches above and below the baseline, in em.
    pub fn ascent_descent(&self) -> (f32, f32) {
        (
            self.inner.ascender / self.inner.units_per_em,
            -self.inner.descender / self.inner.units_per_em,
        )
    }

    pub(crate) fn parsed(&self) -> &ParsedFont {
        &self.inner.parsed
    }
}

/// Characters a font lacks, listed for a message: “𠀀”(U+20000)、… in
/// Chinese, '𠀀' (U+20000), … in English.
pub fn glyph_list(missing: &[char]) -> crate::i18n::Msg {
    let zh: Vec<String> = missing
        .iter()
        .map(|ch| format!("“{ch}”(U+{:04X})", *ch as u32))
        .collect();
    let en: Vec<String> = missing
        .iter()
        .map(|ch| format!("'{ch}' (U+{:04X})", *ch as u32))
        .collect();
    crate::i18n::Msg::new(zh.join("、"), en.join(", "))
}

/// How many faces the file holds: 1 for a plain sfnt, the count for a
/// collection, 0 when it is neither.
fn face_count(bytes: &[u8]) -> u32 {
    match bytes.get(..4) {
        Some(b"\x00\x01\x00\x00" | b"OTTO" | b"true") => 1,
        Some(b"ttcf") => bytes
            .get(8..12)
            .map_or(0, |n| u32::from_be_bytes([n[0], n[1], n[2], n[3]])),
        _ => 0,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn builtin_font_covers_gbk_names_and_refuses_the_rest() {
        let f = Font::builtin().unwrap();
        assert!(
            f.missing_glyphs("四川省继续医学教育学分证明 堃 買 ·Ⅰ Ⅱ,:")
                .is_empty()
        );
        assert_eq!(f.missing_glyphs("张😀三𠀀😀"), vec!['😀', '𠀀']);
        // CJK is square; Latin digits are narrower.
        assert!((f.advance('中') - 1.0).abs() < 0.01);
        assert!(f.advance('1') < 0.7);
        assert!((f.width("中中", 10.0) - 20.0).abs() < 0.1);
    }

    #[test]
    fn a_narrowed_font_draws_the_same_characters_and_no_others() {
        let f = Font::builtin().unwrap();
        let n = f.narrowed("张三学分证明123".chars());
        assert_eq!(n.label(), f.label());
        assert!(n.missing_glyphs("张三学分证明321").is_empty());
        assert_eq!(n.missing_glyphs("李四"), vec!['李', '四']);
        assert_eq!(n.advance('学'), f.advance('学'));
        assert_eq!(n.advance('1'), f.advance('1'));
    }

    #[test]
    fn not_a_font_is_an_input_error() {
        let e = Font::from_bytes(b"%PDF-1.7 not a font", 0, "x.pdf").unwrap_err();
        assert!(matches!(e, Error::Input(_)), "{e:?}");
        assert!(e.to_string().contains("x.pdf"));
        let e = Font::from_bytes(BUILTIN, 3, "builtin").unwrap_err();
        assert!(e.to_string().contains("index 3"), "{e}");
        let mut cut = BUILTIN[..4096].to_vec();
        cut[4000] ^= 0xFF;
        assert!(matches!(
            Font::from_bytes(&cut, 0, "cut.ttf"),
            Err(Error::Input(_))
        ));
    }
}
