//! Bringing a photo or scan into the platform's window
//! (docs/domain.md#photos): a phone photo of several megabytes is scaled
//! down and re-encoded, a photo compressed too hard (43 KB) is encoded
//! again at a higher quality, or enlarged to the minimum pixels, until the
//! JPEG has at least the pixels of its kind and a size within its bytes.
//! The image is turned upright as the camera recorded it (EXIF
//! orientation), since the platform checks width and height as shown.

use std::io::Cursor;
use std::path::Path;

use image::codecs::jpeg::JpegEncoder;
use image::imageops::FilterType;
use image::{DynamicImage, ImageDecoder, ImageReader, RgbImage};

use crate::error::{Error, Result};
use crate::fsutil::AtomicFile;
use crate::i18n::Msg;
use crate::msg;
use crate::rules::Severity;
use crate::rules::jpeg::{self, JpegProblem};
use crate::rules::photo::{self, PhotoFacts, PhotoRule, kb};

/// What fitting made of an image.
#[derive(Debug, Clone)]
pub struct Fitted {
    /// The new JPEG file's bytes.
    pub jpeg: Vec<u8>,
    pub width: u32,
    pub height: u32,
    /// The JPEG quality it was encoded at (1–100); 0 when it was within
    /// the window already and is kept as it was.
    pub quality: u8,
    /// The image as it came: width, height (upright) and bytes.
    pub original: (u32, u32, u64),
    /// Whether it had fewer pixels than its kind needs, and was enlarged:
    /// a better original would give a sharper picture.
    pub enlarged: bool,
}

/// The lowest and highest JPEG quality fitting uses: below 40 faces and
/// the text of certificates blur, above 95 only the file grows.
const QUALITY: (u8, u8) = (40, 95);

/// The quality of a scan that has no least size: text stays sharp.
const GOOD: u8 = 85;

/// How many sizes are tried before fitting gives up.
const ATTEMPTS: usize = 12;

/// The largest side fitting enlarges to: enough for any window of the
/// platform, and a bound on the memory a picture takes.
const MAX_SIDE: u32 = 8000;

fn unusable(why: Msg) -> Error {
    Error::Input(why)
}

/// Decodes a JPEG and turns it upright; says whether it stood upright
/// already.
fn decode(input: &[u8], shown: &str) -> Result<(RgbImage, bool)> {
    match jpeg::read_size(&mut Cursor::new(input)) {
        Ok(Ok(_)) => {}
        Ok(Err(JpegProblem::NotJpeg { kind: Some(kind) })) => {
            return Err(unusable(msg!(
                "{shown} 是 {kind} 文件,不是 JPEG;请先另存为 JPEG",
                "{shown} is a {kind} file, not a JPEG; save it as JPEG first"
            )));
        }
        _ => {
            return Err(unusable(msg!(
                "{shown} 不是可以读取的 JPEG 图片",
                "{shown} is not a JPEG image that can be read"
            )));
        }
    }
    let broken = |e: image::ImageError| {
        let e = e.to_string();
        unusable(msg!(
            "{shown} 是损坏的 JPEG 文件:{e}",
            "{shown} is a broken JPEG file: {e}"
        ))
    };
    let mut decoder = ImageReader::new(Cursor::new(input))
        .with_guessed_format()
        .map_err(|e| Error::io(Path::new(shown), e))?
        .into_decoder()
        .map_err(broken)?;
    let orientation = decoder.orientation().map_err(broken)?;
    let mut img = DynamicImage::from_decoder(decoder).map_err(broken)?;
    img.apply_orientation(orientation);
    Ok((
        img.to_rgb8(),
        orientation == image::metadata::Orientation::NoTransforms,
    ))
}

fn encode(img: &RgbImage, quality: u8) -> Result<Vec<u8>> {
    let mut out = Vec::new();
    JpegEncoder::new_with_quality(&mut out, quality)
        .encode_image(img)
        .map_err(|e| Error::Io {
            msg: msg!("无法编码 JPEG", "cannot encode the JPEG"),
            source: std::io::Error::other(e),
        })?;
    Ok(out)
}

/// The smallest scale at which `w`×`h` has the pixels `rule` asks for (in
/// either orientation where the rule allows it).
fn min_scale(w: u32, h: u32, rule: &PhotoRule) -> f64 {
    let need = |a: u32, b: u32| {
        (f64::from(rule.min_width) / f64::from(a)).max(f64::from(rule.min_height) / f64::from(b))
    };
    let upright = need(w, h);
    if rule.either_orientation {
        upright.min(need(h, w))
    } else {
        upright
    }
}

/// The size within the window that fitting aims at: the middle of the
/// window, or nine tenths of a maximum alone.
fn target(rule: &PhotoRule) -> f64 {
    match (rule.min_bytes, rule.max_bytes) {
        (Some(a), Some(b)) => (a + b) as f64 / 2.0,
        (None, Some(b)) => b as f64 * 0.9,
        (Some(a), None) => a as f64 * 1.5,
        (None, None) => 200.0 * 1024.0,
    }
}

fn too_big(rule: &PhotoRule, n: usize) -> bool {
    rule.max_bytes.is_some_and(|m| n as u64 > m)
}

fn too_small(rule: &PhotoRule, n: usize) -> bool {
    rule.min_bytes.is_some_and(|m| (n as u64) < m)
}

/// Fits the JPEG `input` (named `shown` in messages) into `rule`: scaled
/// and re-encoded until it has the pixels and a size within the bytes the
/// rule asks for. An image that cannot be brought within (a scan of one
/// flat colour that stays small at any quality) is refused with what was
/// reached.
pub fn fit(input: &[u8], rule: &PhotoRule, shown: &str) -> Result<Fitted> {
    let (img, upright) = decode(input, shown)?;
    let (w, h) = img.dimensions();
    // Within the window already, and standing as it is shown: kept as it
    // is, not encoded once more.
    let facts = PhotoFacts::Read {
        bytes: input.len() as u64,
        header: Ok(jpeg::JpegSize {
            width: w,
            height: h,
        }),
    };
    if upright && photo::check(&facts, rule, shown).is_empty() {
        return Ok(Fitted {
            jpeg: input.to_vec(),
            width: w,
            height: h,
            quality: 0,
            original: (w, h, input.len() as u64),
            enlarged: false,
        });
    }
    let least = min_scale(w, h, rule);
    let enlarged = least > 1.0;
    // More than twice the pixels needed (each way) add bytes, not detail:
    // a picture still too light then has too little detail.
    let most = least.max(1.0) * 2.0;
    // Start at the scale whose pixels a photo of average detail needs for
    // the target size (about 1.5 bytes a pixel at quality 85), never below
    // the pixels the rule asks for.
    let mut scale = (target(rule) / 1.5 / (f64::from(w) * f64::from(h)))
        .sqrt()
        .clamp(least, least.max(1.0));
    let mut last = None;
    for _ in 0..ATTEMPTS {
        let nw = ((f64::from(w) * scale).ceil() as u32).clamp(1, MAX_SIDE);
        let nh = ((f64::from(h) * scale).ceil() as u32).clamp(1, MAX_SIDE);
        let sized = if (nw, nh) == (w, h) {
            img.clone()
        } else {
            image::imageops::resize(&img, nw, nh, FilterType::CatmullRom)
        };
        // The highest quality whose file is not too big (with no least
        // size, a good quality rather than the most bytes allowed).
        let (mut lo, mut hi) = QUALITY;
        if rule.min_bytes.is_none() {
            hi = GOOD;
        }
        let mut best: Option<(u8, Vec<u8>)> = None;
        while lo <= hi {
            let q = lo + (hi - lo) / 2;
            let bytes = encode(&sized, q)?;
            if too_big(rule, bytes.len()) {
                hi = q - 1;
            } else {
                best = Some((q, bytes));
                lo = q + 1;
            }
        }
        match best {
            Some((quality, bytes)) if !too_small(rule, bytes.len()) => {
                return Ok(Fitted {
                    jpeg: bytes,
                    width: nw,
                    height: nh,
                    quality,
                    original: (w, h, input.len() as u64),
                    enlarged: enlarged || scale > 1.0,
                });
            }
            // Too small even at the highest quality: more pixels.
            Some((_, bytes)) => {
                last = Some(bytes.len());
                if nw >= MAX_SIDE || nh >= MAX_SIDE || scale >= most {
                    break;
                }
                let grow = (target(rule) / bytes.len() as f64).sqrt().clamp(1.1, 3.0);
                scale = (scale * grow).min(most);
            }
            // Too big even at the lowest quality: fewer pixels, down to
            // the least the rule allows.
            None => {
                if scale <= least * 1.0001 {
                    let max = rule.max_bytes.unwrap_or_default() / photo::KB;
                    let (mw, mh) = (rule.min_width, rule.min_height);
                    return Err(unusable(msg!(
                        "{shown} 即使缩到最小的 {mw}×{mh} 像素、以最低质量保存,仍超过 {max} KB",
                        "{shown} stays above {max} KB even at the least {mw}×{mh} pixels and the lowest quality"
                    )));
                }
                scale = (scale * 0.8).max(least);
            }
        }
    }
    let reached = last.map(|n| kb(n as u64)).unwrap_or_default();
    let window = rule.window();
    let (zh, en) = (&window.zh, &window.en);
    Err(unusable(msg!(
        "{shown} 无法调整到要求之内({zh}):最高质量下也只有 {reached},图片的细节太少;请重新拍照或扫描",
        "{shown} cannot be brought within {en}: even at the highest quality it is {reached}, too little detail; take or scan it again"
    )))
}

/// Fits the image at `input` and writes the result to `output` (whole or
/// not at all, its folder made if need be; `output` may be `input`). The
/// result is checked as the validation checks it.
pub fn fit_file(input: &Path, output: &Path, rule: &PhotoRule) -> Result<Fitted> {
    let shown = input.display().to_string();
    let bytes = std::fs::read(input).map_err(|e| Error::unreadable(input, &e))?;
    let fitted = fit(&bytes, rule, &shown)?;
    let facts = PhotoFacts::Read {
        bytes: fitted.jpeg.len() as u64,
        header: jpeg::read_size(&mut Cursor::new(&fitted.jpeg))
            .map_err(|e| Error::io(output, e))?,
    };
    let out = output.display().to_string();
    if let Some((_, m)) = photo::check(&facts, rule, &out)
        .into_iter()
        .find(|(s, _)| *s == Severity::Error)
    {
        return Err(Error::Input(m));
    }
    // Photos go into a folder beside the workbook (photos/张三.jpg): made
    // when it is not there yet.
    if let Some(dir) = output.parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir).map_err(|e| Error::io(output, e))?;
    }
    let mut file = AtomicFile::create_shared(output)?;
    std::io::Write::write_all(file.file(), &fitted.jpeg).map_err(|e| Error::io(output, e))?;
    file.commit()?;
    Ok(fitted)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::photo::PhotoRules;

    /// A photo-like picture: gradients and noise, which compress as a
    /// photograph does rather than as a flat colour.
    fn picture(w: u32, h: u32, seed: u32) -> RgbImage {
        let mut x = seed.wrapping_mul(2_654_435_761) | 1;
        RgbImage::from_fn(w, h, |i, j| {
            x ^= x << 13;
            x ^= x >> 17;
            x ^= x << 5;
            let n = (x % 48) as u8;
            image::Rgb([
                ((i * 255 / w) as u8).saturating_add(n),
                ((j * 255 / h) as u8).saturating_add(n / 2),
                (((i + j) % 256) as u8).saturating_sub(n),
            ])
        })
    }

    #[test]
    fn a_large_photo_is_brought_down_into_the_window() {
        let rules = PhotoRules::default();
        let big = encode(&picture(1500, 2000, 7), 92).unwrap();
        assert!(big.len() as u64 > 300 * photo::KB, "{}", big.len());
        let f = fit(&big, &rules.portrait, "big.jpg").unwrap();
        let n = f.jpeg.len() as u64;
        assert!((150 * photo::KB..=300 * photo::KB).contains(&n), "{n}");
        assert!(
            f.width >= 413 && f.height >= 626,
            "{}×{}",
            f.width,
            f.height
        );
        assert!(!f.enlarged);
    }

    #[test]
    fn a_photo_compressed_too_hard_is_encoded_again() {
        let rules = PhotoRules::default();
        let light = encode(&picture(600, 900, 5), 20).unwrap();
        assert!((light.len() as u64) < 150 * photo::KB, "{}", light.len());
        let f = fit(&light, &rules.portrait, "light.jpg").unwrap();
        let n = f.jpeg.len() as u64;
        assert!((150 * photo::KB..=300 * photo::KB).contains(&n), "{n}");
        assert!(
            f.width >= 413 && f.height >= 626,
            "{}×{}",
            f.width,
            f.height
        );
    }

    #[test]
    fn a_small_photo_is_enlarged_to_the_minimum_pixels() {
        let rules = PhotoRules::default();
        let small = encode(&picture(300, 450, 3), 90).unwrap();
        let f = fit(&small, &rules.portrait, "small.jpg").unwrap();
        assert!(
            f.width >= 413 && f.height >= 626,
            "{}×{}",
            f.width,
            f.height
        );
        assert!(f.enlarged);
        let n = f.jpeg.len() as u64;
        assert!((150 * photo::KB..=300 * photo::KB).contains(&n), "{n}");
    }

    #[test]
    fn a_flat_picture_that_stays_small_is_refused_with_why() {
        let rules = PhotoRules::default();
        let flat = encode(
            &RgbImage::from_pixel(500, 700, image::Rgb([250, 250, 250])),
            90,
        )
        .unwrap();
        let e = fit(&flat, &rules.portrait, "flat.jpg").unwrap_err();
        assert!(e.to_string().contains("too little detail"), "{e}");
        let png = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR".to_vec();
        let e = fit(&png, &rules.portrait, "p.png").unwrap_err();
        assert!(e.to_string().contains("PNG"), "{e}");
    }
}
