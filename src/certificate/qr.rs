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

use std::io::Write;
use std::sync::OnceLock;

use qrcode::bits::Bits;
use qrcode::canvas::{Canvas, MaskPattern, is_functional};
use qrcode::ec::construct_codewords;
use qrcode::{Color, EcLevel, QrCode, Version};
use sha2::{Digest, Sha256};

/// The side of a module, in points: 0.42 mm, which phones read from a
/// printed page, and exactly 5 pixels at 300 dpi (and 2.5 at 150), so that
/// a scan or a rendering does not blur every other module edge. A payload
/// of about 370 characters is a version 11 symbol, 61 modules, 26 mm.
pub const MODULE: f32 = 1.2;

/// The most room the code takes below its top (a version 14 symbol, about
/// 560 characters): the layout keeps this free.
pub const ROOM: f32 = 73.0 * MODULE;

/// What opens the code's section in the page content.
const MARK: &[u8] = b"\n/MededQR BMC\n";

/// The dark modules of `payload`'s QR code (error correction M, which
/// survives a stain or a fold over 15 % of the code): (width, row-major
/// modules). `None` if the payload is too long for any QR code.
///
/// A payload is Base45, all of it in the alphanumeric mode: one segment in
/// the smallest version that holds it, and the mask of the lowest penalty
/// (ISO/IEC 18004 §7.8.3), scored here on a plain grid. The encoder's own
/// way (the optimal segmentation, and a penalty scored through its module
/// accessors) took 4 ms, more than the rest of the certificate; this takes
/// about a tenth of that. (A fixed mask is not enough: now and then it
/// makes a pattern that a decoder takes for a finder.)
pub fn modules(payload: &str) -> Option<(usize, Vec<bool>)> {
    let colors = match fast(payload.as_bytes()) {
        Some(c) => c,
        None => QrCode::with_error_correction_level(payload.as_bytes(), EcLevel::M)
            .ok()?
            .into_colors(),
    };
    let width = (colors.len() as f64).sqrt() as usize;
    Some((
        width,
        colors.into_iter().map(|c| c == Color::Dark).collect(),
    ))
}

fn fast(data: &[u8]) -> Option<Vec<Color>> {
    (1..=40).find_map(|v| {
        let version = Version::Normal(v);
        let mut bits = Bits::new(version);
        bits.push_alphanumeric_data(data).ok()?;
        bits.push_terminator(EcLevel::M).ok()?;
        let (data, ec) = construct_codewords(&bits.into_bytes(), version, EcLevel::M).ok()?;
        let mut canvas = Canvas::new(version, EcLevel::M);
        canvas.draw_all_functional_patterns();
        canvas.draw_data(&data, &ec);
        // Each mask is scored on the unmasked symbol with the mask applied
        // to its data modules (the format information, which the mask also
        // changes, is 30 modules of 3,700 and left as drawn); the chosen
        // one is then applied by the encoder, format information and all.
        let base: Vec<bool> = canvas
            .clone()
            .into_colors()
            .into_iter()
            .map(|c| c == Color::Dark)
            .collect();
        let width = base.len().isqrt();
        let flips = flip_table(v, version, width);
        let best = if width <= 128 {
            // Each row a 128-bit word: the rules are a few shifts and
            // population counts per row instead of a look at every module.
            let rows: Vec<u128> = base.chunks_exact(width).map(bit_row).collect();
            let masks = flip_rows(v, width, flips);
            let mut grid = vec![0u128; width];
            (0..8).min_by_key(|&m| {
                for ((g, r), f) in grid.iter_mut().zip(&rows).zip(&masks[m]) {
                    *g = r ^ f;
                }
                penalty_bits(&grid, width)
            })
        } else {
            let mut grid = vec![false; base.len()];
            (0..8).min_by_key(|m| {
                for ((cell, b), f) in grid.iter_mut().zip(&base).zip(flips) {
                    *cell = *b ^ (f >> m & 1 == 1);
                }
                penalty(&grid, width)
            })
        }
        .map(|m| MASKS[m])?;
        canvas.apply_mask(best);
        Some(canvas.into_colors())
    })
}

/// The eight masks, in the standard's numbering.
const MASKS: [MaskPattern; 8] = [
    MaskPattern::Checkerboard,
    MaskPattern::HorizontalLines,
    MaskPattern::VerticalLines,
    MaskPattern::DiagonalLines,
    MaskPattern::LargeCheckerboard,
    MaskPattern::Fields,
    MaskPattern::Diamonds,
    MaskPattern::Meadow,
];

/// For every module of a version's symbol, which masks invert it: bit m
/// for mask m, none for the function patterns. Made once per version.
fn flip_table(v: i16, version: Version, width: usize) -> &'static [u8] {
    static TABLES: [OnceLock<Vec<u8>>; 41] = [const { OnceLock::new() }; 41];
    TABLES[v as usize].get_or_init(|| {
        let mut t = vec![0u8; width * width];
        for y in 0..width {
            for x in 0..width {
                if is_functional(version, width as i16, x as i16, y as i16) {
                    continue;
                }
                let (s, p) = (x + y, x * y);
                let masks = [
                    s % 2 == 0,
                    y % 2 == 0,
                    x % 3 == 0,
                    s % 3 == 0,
                    (y / 2 + x / 3) % 2 == 0,
                    p % 2 + p % 3 == 0,
                    (p % 2 + p % 3) % 2 == 0,
                    (s % 2 + p % 3) % 2 == 0,
                ];
                t[y * width + x] = masks
                    .iter()
                    .enumerate()
                    .fold(0, |acc, (m, on)| acc | (u8::from(*on) << m));
            }
        }
        t
    })
}

/// Modules as bits: bit x is module x.
fn bit_row(modules: &[bool]) -> u128 {
    modules
        .iter()
        .enumerate()
        .fold(0, |acc, (x, &d)| acc | (u128::from(d) << x))
}

/// [`flip_table`] as rows of bits, one set of rows per mask.
fn flip_rows(v: i16, width: usize, flips: &[u8]) -> &'static [Vec<u128>; 8] {
    static TABLES: [OnceLock<[Vec<u128>; 8]>; 41] = [const { OnceLock::new() }; 41];
    TABLES[v as usize].get_or_init(|| {
        std::array::from_fn(|m| {
            flips
                .chunks_exact(width)
                .map(|row| {
                    row.iter()
                        .enumerate()
                        .fold(0, |acc, (x, f)| acc | (u128::from(f >> m & 1) << x))
                })
                .collect()
        })
    })
}

/// [`penalty`] of a symbol of at most 128 modules a side, given as rows of
/// bits: the same score.
fn penalty_bits(rows: &[u128], n: usize) -> u32 {
    let mut cols = vec![0u128; n];
    for (y, &row) in rows.iter().enumerate() {
        let mut bits = row;
        while bits != 0 {
            let x = bits.trailing_zeros() as usize;
            cols[x] |= 1 << y;
            bits &= bits - 1;
        }
    }
    let mut score: u32 = rows
        .iter()
        .chain(&cols)
        .map(|&l| line_penalty_bits(l, n))
        .sum();
    // N2: x in 0..n-1 where the 2×2 block at (x, y) is of one colour.
    let inner = (1u128 << (n - 1)) - 1;
    for pair in rows.windows(2) {
        let (a, b) = (pair[0], pair[1]);
        let same = !(a ^ (a >> 1)) & !(b ^ (b >> 1)) & !(a ^ b) & inner;
        score += 3 * same.count_ones();
    }
    let darks: usize = rows.iter().map(|r| r.count_ones() as usize).sum();
    score + 10 * ((darks * 100 / (n * n)).abs_diff(50) / 5) as u32
}

/// [`line_penalty`] of a line of `n` modules given as bits.
fn line_penalty_bits(line: u128, n: usize) -> u32 {
    let mut score = 0;
    // N1: runs of five or more, found from where the colour changes.
    let mut changes = (line ^ (line >> 1)) & ((1u128 << (n - 1)) - 1);
    let mut start = 0;
    loop {
        let end = if changes == 0 {
            n
        } else {
            changes.trailing_zeros() as usize + 1
        };
        let run = (end - start) as u32;
        if run >= 5 {
            score += run - 2;
        }
        if changes == 0 {
            break;
        }
        changes &= changes - 1;
        start = end;
    }
    // N3: 1011101 0000 and 0000 1011101 at every start of 11 modules.
    if n >= 11 {
        const PATTERNS: [[bool; 11]; 2] = [
            [
                true, false, true, true, true, false, true, false, false, false, false,
            ],
            [
                false, false, false, false, true, false, true, true, true, false, true,
            ],
        ];
        let starts = (1u128 << (n - 10)) - 1;
        for p in PATTERNS {
            let mut at = starts;
            for (k, &d) in p.iter().enumerate() {
                at &= if d { line >> k } else { !line >> k };
            }
            score += 40 * at.count_ones();
        }
    }
    score
}

/// The penalty score of a symbol (rules N1–N4): runs of five or more
/// modules of one colour, 2×2 blocks, finder-like 1:1:3:1:1 patterns with
/// four light modules beside them, and the distance of the dark share
/// from half.
fn penalty(dark: &[bool], n: usize) -> u32 {
    let mut columns = vec![false; dark.len()];
    for y in 0..n {
        for x in 0..n {
            columns[x * n + y] = dark[y * n + x];
        }
    }
    let mut score = 0u32;
    for line in dark.chunks_exact(n).chain(columns.chunks_exact(n)) {
        score += line_penalty(line);
    }
    for (row, next) in dark.chunks_exact(n).zip(dark.chunks_exact(n).skip(1)) {
        for x in 0..n - 1 {
            let c = row[x];
            if row[x + 1] == c && next[x] == c && next[x + 1] == c {
                score += 3;
            }
        }
    }
    let darks = dark.iter().filter(|d| **d).count();
    score + 10 * ((darks * 100 / dark.len()).abs_diff(50) / 5) as u32
}

/// Rules N1 and N3 along one row or column.
fn line_penalty(line: &[bool]) -> u32 {
    // 1011101 0000 and 0000 1011101, as 11-bit windows.
    const FINDER_THEN_LIGHT: u16 = 0b101_1101_0000;
    const LIGHT_THEN_FINDER: u16 = 0b000_0101_1101;
    let mut score = 0;
    let mut run = 0u32;
    let mut last = !line[0];
    let mut window = 0u16;
    for (j, &d) in line.iter().enumerate() {
        if d == last {
            run += 1;
        } else {
            if run >= 5 {
                score += run - 2;
            }
            run = 1;
            last = d;
        }
        window = ((window << 1) | u16::from(d)) & 0x7ff;
        if j >= 10 && (window == FINDER_THEN_LIGHT || window == LIGHT_THEN_FINDER) {
            score += 40;
        }
    }
    if run >= 5 {
        score += run - 2;
    }
    score
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
            // Writing into a Vec cannot fail.
            let _ = writeln!(out, "{start} {y} {} 1 re", x - start);
        }
    }
    out.extend_from_slice(b"f\n");
    out
}

/// The content-stream section that draws `payload`'s code with its top
/// right corner at (`right`, `top`) in PDF coordinates (y up).
pub fn section(payload: &str, right: f32, top: f32) -> Option<Vec<u8>> {
    let (width, dark) = modules(payload)?;
    let m = MODULE;
    let x = right - width as f32 * m;
    let mut out = Vec::with_capacity(8 * 1024);
    out.extend_from_slice(MARK);
    // Module units, y running down from the top left corner.
    out.extend_from_slice(format!("q\n0 g\n{m:.5} 0 0 {:.5} {x:.3} {top:.3} cm\n", -m).as_bytes());
    out.extend_from_slice(&rectangles(width, &dark));
    out.extend_from_slice(b"Q\nEMC\n");
    Some(out)
}

/// What closes the code's section.
const END: &[u8] = b"\nEMC\n";

/// A page's content split at the code's section: (everything else, which
/// is hashed, the section if there is one). Whatever follows the section
/// (content added to the page later) is part of what is hashed.
pub fn split(content: &[u8]) -> (Vec<u8>, Option<&[u8]>) {
    let Some(at) = find_last(content, MARK) else {
        return (content.to_vec(), None);
    };
    let end = find_last(&content[at..], END).map_or(content.len(), |e| at + e + END.len());
    let mut rest = content[..at].to_vec();
    rest.extend_from_slice(&content[end..]);
    (rest, Some(&content[at..end]))
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
        let hashed = hashed.as_slice();
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

    /// The symbol as a picture: 4 pixels a module, 4 modules of quiet zone.
    fn decode(width: usize, dark: &[bool]) -> String {
        let side = (width + 8) * 4;
        let mut img = rqrr::PreparedImage::prepare_from_greyscale(side, side, |x, y| {
            let (mx, my) = ((x / 4).wrapping_sub(4), (y / 4).wrapping_sub(4));
            if mx < width && my < width && dark[my * width + mx] {
                0
            } else {
                255
            }
        });
        let grids = img.detect_grids();
        assert_eq!(grids.len(), 1);
        grids[0].decode().unwrap().1
    }

    /// The score on rows of bits is the score on the plain grid.
    #[test]
    fn both_penalties_agree() {
        for n in [21usize, 45, 61, 69, 101, 128] {
            for seed in 0..20u64 {
                let mut x = seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1;
                let grid: Vec<bool> = (0..n * n)
                    .map(|i| {
                        x ^= x << 13;
                        x ^= x >> 7;
                        x ^= x << 17;
                        // Some grids of long runs and blocks, some noise.
                        if seed % 3 == 0 {
                            (i / 7 + i / (7 * n)) % 2 == 0
                        } else {
                            x % 3 == 0
                        }
                    })
                    .collect();
                let rows: Vec<u128> = grid.chunks_exact(n).map(bit_row).collect();
                assert_eq!(penalty_bits(&rows, n), penalty(&grid, n), "{n} {seed}");
            }
        }
    }

    #[test]
    fn codes_of_many_payloads_decode() {
        // Payloads of 300 to 650 characters, of pseudo-random bytes (what
        // compressed, signed data looks like): every mask the score picks
        // must give a symbol a decoder reads.
        for i in 0..24u32 {
            let mut bytes = Vec::new();
            while bytes.len() < 200 + i as usize * 10 {
                bytes.extend_from_slice(&Sha256::digest(
                    [i.to_le_bytes(), (bytes.len() as u32).to_le_bytes()].concat(),
                ));
            }
            let payload = format!("MC1:{}", base45::encode(&bytes));
            let (width, dark) = modules(&payload).unwrap();
            assert_eq!(decode(width, &dark), payload, "payload {i}");
        }
    }

    #[test]
    fn a_section_draws_its_payload_and_no_other() {
        let s = section("MC1:HELLO WORLD", 100.0, 200.0).unwrap();
        let content = [b"BT\n(x) Tj\nET".as_slice(), &s].concat();
        let (hashed, found) = split(&content);
        assert_eq!(hashed, b"BT\n(x) Tj\nET");
        // Something drawn after the code is not left out of the hash.
        let later = [content.as_slice(), b"\nq 1 g 0 0 9 9 re f Q\n"].concat();
        assert_ne!(
            page_hash([later.as_slice()]),
            page_hash([content.as_slice()])
        );
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
