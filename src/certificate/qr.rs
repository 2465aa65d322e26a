//! The QR code on a certificate, drawn as vector rectangles in the page,
//! and the hash of the pages that its payload signs.
//!
//! The code is drawn, not embedded as an image: one filled path of
//! rectangles in module units (a row's run of dark modules is one
//! rectangle) costs about 4 KB compressed and prints sharp at any
//! resolution. It is appended to the content of the page that carries the
//! closing block, inside a marked-content section `/MededQR BMC … EMC`, so
//! that a verifier can take it off again and hash what remains: the page
//! hash covers everything printed on every page except the code itself
//! (which carries the hash and so cannot be part of it).

use qrcode::{Color, EcLevel, QrCode};
use sha2::{Digest, Sha256};

/// The side of the code on the page, in points (28 mm): with a payload of
/// about 400 characters (version 12–14, 65–73 modules) a module is 0.4 mm,
/// which phones read from a printed page and which survives photocopying.
pub const SIDE: f32 = 80.0;

/// What opens the code's section in the page content.
const MARK: &[u8] = b"\n/MededQR BMC\n";

/// The dark modules of `payload`'s QR code (error correction M, which
/// survives a stain or a fold over 15 % of the code): (width, row-major
/// modules). `None` if the payload is too long for any QR code.
pub fn modules(payload: &str) -> Option<(usize, Vec<bool>)> {
    let code = QrCode::with_error_correction_level(payload.as_bytes(), EcLevel::M).ok()?;
    let width = code.width();
    let dark = code
        .to_colors()
        .into_iter()
        .map(|c| c == Color::Dark)
        .collect();
    Some((width, dark))
}

/// The rectangles of the code in module units, one per run of dark
/// modules in a row, then the fill: `x y w 1 re … f`.
fn rectangles(width: usize, dark: &[bool]) -> Vec<u8> {
    let mut out = Vec::with_capacity(width * width * 3);
    for (y, row) in dark.chunks(width).enumerate() {
        let mut x = 0;
        while x < width {
            if !row[x] {
                x += 1;
                continue;
            }
            let start = x;
            while x < width && row[x] {
                x += 1;
            }
            out.extend_from_slice(format!("{start} {y} {} 1 re\n", x - start).as_bytes());
        }
    }
    out.extend_from_slice(b"f\n");
    out
}

/// The content-stream section that draws `payload`'s code with its top
/// left corner at (`x`, `top`) in PDF coordinates (y up), `SIDE` wide.
pub fn section(payload: &str, x: f32, top: f32) -> Option<Vec<u8>> {
    let (width, dark) = modules(payload)?;
    let m = SIDE / width as f32;
    let mut out = Vec::with_capacity(8 * 1024);
    out.extend_from_slice(MARK);
    // Module units, y running down from the top left corner.
    out.extend_from_slice(format!("q\n0 g\n{m:.5} 0 0 {:.5} {x:.3} {top:.3} cm\n", -m).as_bytes());
    out.extend_from_slice(&rectangles(width, &dark));
    out.extend_from_slice(b"Q\nEMC\n");
    Some(out)
}

/// A page's content split at the code's section: (what is hashed, the
/// section if there is one).
pub fn split(content: &[u8]) -> (&[u8], Option<&[u8]>) {
    match find_last(content, MARK) {
        Some(at) => (&content[..at], Some(&content[at..])),
        None => (content, None),
    }
}

/// Whether `section` (as [`split`] found it) draws exactly `payload`'s
/// code: the same rectangles after its placement.
pub fn draws(section: &[u8], payload: &str) -> bool {
    let Some((width, dark)) = modules(payload) else {
        return false;
    };
    let expected = rectangles(width, &dark);
    // MARK, "q", "0 g", the placement line, then the rectangles.
    let mut lines = 0;
    let mut at = MARK.len();
    while lines < 3 {
        match section[at..].iter().position(|b| *b == b'\n') {
            Some(n) => at += n + 1,
            None => return false,
        }
        lines += 1;
    }
    section[at..] == [expected.as_slice(), b"Q\nEMC\n"].concat()[..]
}

fn find_last(hay: &[u8], needle: &[u8]) -> Option<usize> {
    (0..=hay.len().checked_sub(needle.len())?)
        .rev()
        .find(|&i| &hay[i..i + needle.len()] == needle)
}

/// SHA-256 over every page's content in order (each preceded by its
/// length), the code's section left out; the first 16 bytes.
pub fn page_hash<'a>(pages: impl IntoIterator<Item = &'a [u8]>) -> [u8; 16] {
    let mut h = Sha256::new();
    for content in pages {
        // Readers join a page's streams with line breaks: trailing blanks
        // are not content.
        let (hashed, _) = split(content);
        let end = hashed
            .iter()
            .rposition(|b| !b.is_ascii_whitespace())
            .map_or(0, |i| i + 1);
        let hashed = &hashed[..end];
        h.update((hashed.len() as u64).to_le_bytes());
        h.update(hashed);
    }
    let full = h.finalize();
    let mut out = [0u8; 16];
    out.copy_from_slice(&full[..16]);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_section_draws_its_payload_and_no_other() {
        let s = section("MC1:HELLO WORLD", 100.0, 200.0).unwrap();
        let content = [b"BT\n(x) Tj\nET".as_slice(), &s].concat();
        let (hashed, found) = split(&content);
        assert_eq!(hashed, b"BT\n(x) Tj\nET");
        let found = found.unwrap();
        assert!(draws(found, "MC1:HELLO WORLD"));
        assert!(!draws(found, "MC1:HELLO WORLE"));
        assert_eq!(
            page_hash([content.as_slice()]),
            page_hash([b"BT\n(x) Tj\nET".as_slice()])
        );
        assert_ne!(
            page_hash([content.as_slice()]),
            page_hash([b"BT\n(y) Tj\nET".as_slice()])
        );
    }
}
