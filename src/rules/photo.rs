//! Photo and scan rules (docs/domain.md#photos): a JPEG of at least a
//! given pixel size and within a byte range. The thresholds are data
//! ([`PhotoRules`]), so a province with other rules can change them.

use super::Severity;
use super::jpeg::{JpegProblem, JpegSize};
use crate::i18n::Msg;
use crate::msg;

/// The three kinds of image of a profile.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum PhotoKind {
    /// 个人照片: a two-inch portrait on white.
    Portrait,
    /// 身份证正面照 / 身份证反面照.
    IdCard,
    /// 学历证书原件, 学位证书原件, 医师资格证书原件: scans of certificates.
    Scan,
}

impl PhotoKind {
    /// The name `profile photo fit --kind` takes.
    pub fn key(self) -> &'static str {
        match self {
            PhotoKind::Portrait => "portrait",
            PhotoKind::IdCard => "id-card",
            PhotoKind::Scan => "certificate",
        }
    }
}

/// The one-line recipe that brings an image into its window.
pub fn recipe(kind: PhotoKind, shown: &str) -> Msg {
    let k = kind.key();
    msg!(
        "可用 meded profile photo fit {shown} -o 新文件名.jpg --kind {k} 调整到要求之内",
        "`meded profile photo fit {shown} -o NEW.jpg --kind {k}` brings it within"
    )
}

/// The requirement for one kind of image.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PhotoRule {
    pub min_width: u32,
    pub min_height: u32,
    /// Whether a picture turned on its side also passes (certificates are
    /// scanned in either orientation; a portrait must stand upright).
    pub either_orientation: bool,
    pub min_bytes: Option<u64>,
    pub max_bytes: Option<u64>,
}

/// The thresholds for the three kinds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PhotoRules {
    pub portrait: PhotoRule,
    pub id_card: PhotoRule,
    pub scan: PhotoRule,
}

/// One KB as the platforms count it.
pub const KB: u64 = 1024;

/// An image kept beside a record and shown as it is — a technical
/// archive's 照片, a credit record's 上传图片: a JPEG whose header can be
/// read, of any pixel size, at most 2 MB.
pub const ATTACHMENT: PhotoRule = PhotoRule {
    min_width: 1,
    min_height: 1,
    either_orientation: true,
    min_bytes: None,
    max_bytes: Some(2 * 1024 * KB),
};

impl Default for PhotoRules {
    /// The platform's rules: portrait JPEG ≥ 413×626, 150–300 KB; ID card
    /// sides ≥ 640×480, 150–300 KB; scans ≥ 1280×800, at most 300 KB.
    fn default() -> PhotoRules {
        PhotoRules {
            portrait: PhotoRule {
                min_width: 413,
                min_height: 626,
                either_orientation: false,
                min_bytes: Some(150 * KB),
                max_bytes: Some(300 * KB),
            },
            id_card: PhotoRule {
                min_width: 640,
                min_height: 480,
                either_orientation: true,
                min_bytes: Some(150 * KB),
                max_bytes: Some(300 * KB),
            },
            scan: PhotoRule {
                min_width: 1280,
                min_height: 800,
                either_orientation: true,
                min_bytes: None,
                max_bytes: Some(300 * KB),
            },
        }
    }
}

impl PhotoRules {
    pub fn get(&self, kind: PhotoKind) -> &PhotoRule {
        match kind {
            PhotoKind::Portrait => &self.portrait,
            PhotoKind::IdCard => &self.id_card,
            PhotoKind::Scan => &self.scan,
        }
    }
}

/// What reading a file's metadata and header found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PhotoFacts {
    Missing,
    /// A directory or other non-file.
    NotAFile,
    /// The file could not be read: why, in words (the system's text where
    /// no sentence fits).
    Unreadable(Msg),
    Read {
        bytes: u64,
        header: Result<JpegSize, JpegProblem>,
    },
}

/// A size as people compare it with the window: KB, and MB beside it for
/// a file of a megabyte or more (a phone photo of 2.9 MB is 2970 KB).
pub fn kb(bytes: u64) -> String {
    let k = bytes as f64 / KB as f64;
    if k >= 1024.0 {
        format!("{k:.0} KB({:.1} MB)", k / 1024.0)
    } else if k >= 10.0 {
        format!("{k:.0} KB")
    } else {
        format!("{k:.1} KB")
    }
}

impl PhotoRule {
    /// The whole requirement in words: JPEG, the pixels and the bytes.
    pub fn window(&self) -> Msg {
        let (w, h) = (self.min_width, self.min_height);
        match (
            self.min_bytes.map(|b| b / KB),
            self.max_bytes.map(|b| b / KB),
        ) {
            (Some(min), Some(max)) => msg!(
                "JPEG,不小于 {w}×{h} 像素,{min}–{max} KB",
                "a JPEG of at least {w}×{h} pixels and {min}–{max} KB"
            ),
            (None, Some(max)) => msg!(
                "JPEG,不小于 {w}×{h} 像素,不超过 {max} KB",
                "a JPEG of at least {w}×{h} pixels and at most {max} KB"
            ),
            (Some(min), None) => msg!(
                "JPEG,不小于 {w}×{h} 像素,不小于 {min} KB",
                "a JPEG of at least {w}×{h} pixels and {min} KB"
            ),
            (None, None) => msg!(
                "JPEG,不小于 {w}×{h} 像素",
                "a JPEG of at least {w}×{h} pixels"
            ),
        }
    }
}

/// The findings about one image of `kind`, shown as `shown` (its path).
pub fn check(facts: &PhotoFacts, rule: &PhotoRule, shown: &str) -> Vec<(Severity, Msg)> {
    let e = |m: Msg| vec![(Severity::Error, m)];
    let (bytes, size) = match facts {
        PhotoFacts::Missing => return e(msg!("找不到文件 {shown}", "no such file: {shown}")),
        PhotoFacts::NotAFile => return e(msg!("{shown} 不是文件", "{shown} is not a file")),
        PhotoFacts::Unreadable(why) => {
            let (zh, en) = (&why.zh, &why.en);
            return e(msg!("无法读取 {shown}:{zh}", "cannot read {shown}: {en}"));
        }
        PhotoFacts::Read { bytes, header } => match header {
            Ok(size) => (*bytes, *size),
            Err(JpegProblem::NotJpeg { kind: Some(kind) }) => {
                return e(msg!(
                    "{shown} 是 {kind} 文件,不是 JPEG;请另存为 JPEG",
                    "{shown} is a {kind} file, not a JPEG; save it as JPEG"
                ));
            }
            Err(JpegProblem::NotJpeg { kind: None }) => {
                return e(msg!(
                    "{shown} 不是 JPEG 图片",
                    "{shown} is not a JPEG image"
                ));
            }
            Err(JpegProblem::Broken) => {
                return e(msg!(
                    "{shown} 是损坏的 JPEG 文件(读不到图像尺寸)",
                    "{shown} is a broken JPEG file (its size cannot be read)"
                ));
            }
        },
    };
    let mut out = Vec::new();
    let (w, h) = (size.width, size.height);
    let (mw, mh) = (rule.min_width, rule.min_height);
    let fits = |a: u32, b: u32| a >= mw && b >= mh;
    let ok = fits(w, h) || (rule.either_orientation && fits(h, w));
    let (wz, we) = {
        let w = rule.window();
        (w.zh, w.en)
    };
    if !ok {
        out.push((
            Severity::Error,
            msg!(
                "{shown} 为 {w}×{h} 像素,至少应为 {mw}×{mh}(要求:{wz})",
                "{shown} is {w}×{h} pixels; at least {mw}×{mh} is required ({we})"
            ),
        ));
    }
    let has = bytes;
    let size_kb = || kb(bytes);
    match (rule.min_bytes, rule.max_bytes) {
        (Some(min), Some(max)) if has < min || has > max => {
            let (min, max, size_kb) = (min / KB, max / KB, size_kb());
            out.push((
                Severity::Error,
                msg!(
                    "{shown} 大小为 {size_kb},应在 {min}–{max} KB 之间(要求:{wz})",
                    "{shown} is {size_kb}; it must be between {min} and {max} KB ({we})"
                ),
            ));
        }
        (None, Some(max)) if has > max => {
            let (max, size_kb) = (max / KB, size_kb());
            out.push((
                Severity::Error,
                msg!(
                    "{shown} 大小为 {size_kb},不能超过 {max} KB(要求:{wz})",
                    "{shown} is {size_kb}; at most {max} KB is allowed ({we})"
                ),
            ));
        }
        (Some(min), None) if has < min => {
            let (min, size_kb) = (min / KB, size_kb());
            out.push((
                Severity::Error,
                msg!(
                    "{shown} 大小为 {size_kb},不能小于 {min} KB(要求:{wz})",
                    "{shown} is {size_kb}; at least {min} KB is required ({we})"
                ),
            ));
        }
        _ => {}
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn jpeg(width: u32, height: u32, bytes: u64) -> PhotoFacts {
        PhotoFacts::Read {
            bytes,
            header: Ok(JpegSize { width, height }),
        }
    }

    #[test]
    fn portraits() {
        let r = PhotoRules::default();
        assert!(check(&jpeg(413, 626, 200 * KB), &r.portrait, "p.jpg").is_empty());
        assert!(check(&jpeg(413, 626, 150 * KB), &r.portrait, "p.jpg").is_empty());
        assert!(check(&jpeg(413, 626, 300 * KB), &r.portrait, "p.jpg").is_empty());
        // Too small, lying on its side, too light, too heavy.
        assert_eq!(check(&jpeg(300, 400, 200 * KB), &r.portrait, "p").len(), 1);
        assert_eq!(check(&jpeg(626, 413, 200 * KB), &r.portrait, "p").len(), 1);
        let light = check(&jpeg(413, 626, 149 * KB), &r.portrait, "p.jpg");
        assert!(
            light[0].1.en.contains("between 150 and 300 KB"),
            "{light:?}"
        );
        assert_eq!(
            check(&jpeg(413, 626, 300 * KB + 1), &r.portrait, "p").len(),
            1
        );
    }

    #[test]
    fn id_cards_and_scans_in_either_orientation() {
        let r = PhotoRules::default();
        assert!(check(&jpeg(480, 640, 200 * KB), &r.id_card, "i").is_empty());
        assert!(check(&jpeg(800, 1280, 100 * KB), &r.scan, "s").is_empty());
        // A small scan is fine by bytes, not by pixels.
        assert_eq!(check(&jpeg(1024, 768, 20 * KB), &r.scan, "s").len(), 1);
        let big = check(&jpeg(2000, 1500, 301 * KB), &r.scan, "s");
        assert!(big[0].1.en.contains("at most 300 KB"), "{big:?}");
    }

    #[test]
    fn files_that_are_not_jpegs() {
        let r = PhotoRules::default();
        let not = |facts| check(&facts, &r.scan, "x.jpg")[0].1.en.clone();
        assert!(not(PhotoFacts::Missing).contains("no such file"));
        assert!(not(PhotoFacts::NotAFile).contains("not a file"));
        assert!(
            not(PhotoFacts::Read {
                bytes: 10,
                header: Err(JpegProblem::NotJpeg { kind: Some("PNG") })
            })
            .contains("PNG file")
        );
        assert!(
            not(PhotoFacts::Read {
                bytes: 10,
                header: Err(JpegProblem::Broken)
            })
            .contains("broken")
        );
    }
}
