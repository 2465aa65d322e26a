//! Reading a JPEG's pixel size from its header, without decoding the image.
//!
//! The frame header (SOFn) follows the APPn/DQT/DHT segments at the start of
//! the file; each segment states its length, so the reader skips from marker to
//! marker and reads a few hundred bytes even for a photo with a large EXIF
//! block. A few lines of code instead of an image crate: only JPEG matters
//! (docs/domain.md#photos), and the problems must be told apart (not a JPEG at
//! all, a PNG renamed .jpg, a file cut short) in the administrator's words.

use std::io::{self, Read, Seek, SeekFrom};

/// What a JPEG header says.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct JpegSize {
    pub width: u32,
    pub height: u32,
}

/// What a JPEG's frame header says: its size and its number of colour
/// components (1 grey, 3 colour, 4 CMYK), which a PDF that embeds the
/// file as it is must state.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct JpegFrame {
    pub size: JpegSize,
    pub components: u8,
}

/// Why a file's header gives no JPEG size.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum JpegProblem {
    /// The file is of another kind: its name when known (PNG, GIF …).
    NotJpeg { kind: Option<&'static str> },
    /// It starts as a JPEG but ends, or goes wrong, before the frame header.
    Broken,
}

/// The kind of a file from its first bytes, for "this is a PNG, not a JPEG".
pub fn sniff(head: &[u8]) -> Option<&'static str> {
    const KINDS: [(&[u8], &str); 8] = [
        (b"\x89PNG", "PNG"),
        (b"GIF8", "GIF"),
        (b"BM", "BMP"),
        (b"%PDF", "PDF"),
        (b"II*\0", "TIFF"),
        (b"MM\0*", "TIFF"),
        (b"PK\x03\x04", "ZIP"),
        (b"\xD0\xCF\x11\xE0", "Office"),
    ];
    if head.len() >= 12 && &head[..4] == b"RIFF" && &head[8..12] == b"WEBP" {
        return Some("WebP");
    }
    if head.len() >= 12 && &head[4..8] == b"ftyp" {
        return Some(match &head[8..12] {
            b"heic" | b"heix" | b"mif1" | b"msf1" => "HEIC",
            b"avif" => "AVIF",
            _ => "MP4/HEIF",
        });
    }
    KINDS
        .iter()
        .find(|(magic, _)| head.starts_with(magic))
        .map(|(_, kind)| *kind)
}

/// Is this a frame header marker (SOF0–SOF15 but DHT, JPG and DAC)?
fn is_sof(marker: u8) -> bool {
    matches!(marker, 0xC0..=0xCF) && !matches!(marker, 0xC4 | 0xC8 | 0xCC)
}

fn read_u8(r: &mut impl Read) -> io::Result<u8> {
    let mut b = [0u8; 1];
    r.read_exact(&mut b)?;
    Ok(b[0])
}

fn read_u16(r: &mut impl Read) -> io::Result<u16> {
    let mut b = [0u8; 2];
    r.read_exact(&mut b)?;
    Ok(u16::from_be_bytes(b))
}

/// Most segments a header may have before its frame; real files have a
/// dozen. A bound keeps a crafted file from looping.
const MAX_SEGMENTS: usize = 1024;

/// Reads the pixel size of a JPEG from its header. I/O errors other than
/// an early end are returned as such; the caller reports them.
pub fn read_size<R: Read + Seek>(r: &mut R) -> io::Result<Result<JpegSize, JpegProblem>> {
    Ok(read_frame(r)?.map(|f| f.size))
}

/// Reads the frame header of a JPEG: its pixel size and components.
pub fn read_frame<R: Read + Seek>(r: &mut R) -> io::Result<Result<JpegFrame, JpegProblem>> {
    let mut head = [0u8; 12];
    let mut n = 0;
    while n < head.len() {
        match r.read(&mut head[n..])? {
            0 => break,
            k => n += k,
        }
    }
    if n < 2 || head[..2] != [0xFF, 0xD8] {
        return Ok(Err(JpegProblem::NotJpeg {
            kind: sniff(&head[..n]),
        }));
    }
    r.seek(SeekFrom::Start(2))?;
    match frame(r) {
        Ok(found) => Ok(found),
        Err(e) if e.kind() == io::ErrorKind::UnexpectedEof => Ok(Err(JpegProblem::Broken)),
        Err(e) => Err(e),
    }
}

fn frame<R: Read + Seek>(r: &mut R) -> io::Result<Result<JpegFrame, JpegProblem>> {
    for _ in 0..MAX_SEGMENTS {
        // A marker is 0xFF followed by its code; any number of 0xFF fill bytes may precede it.
        if read_u8(r)? != 0xFF {
            return Ok(Err(JpegProblem::Broken));
        }
        let mut marker = read_u8(r)?;
        while marker == 0xFF {
            marker = read_u8(r)?;
        }
        match marker {
            // Markers without a length: TEM, RSTn.
            0x01 | 0xD0..=0xD7 => continue,
            // The image data or its end before any frame header.
            0xD8 | 0xD9 | 0xDA | 0x00 => return Ok(Err(JpegProblem::Broken)),
            _ => {}
        }
        let len = read_u16(r)?;
        if len < 2 {
            return Ok(Err(JpegProblem::Broken));
        }
        if is_sof(marker) {
            let _precision = read_u8(r)?;
            let height = read_u16(r)?;
            let width = read_u16(r)?;
            let components = read_u8(r)?;
            if width == 0 || height == 0 {
                return Ok(Err(JpegProblem::Broken));
            }
            return Ok(Ok(JpegFrame {
                size: JpegSize {
                    width: u32::from(width),
                    height: u32::from(height),
                },
                components,
            }));
        }
        r.seek(SeekFrom::Current(i64::from(len) - 2))?;
    }
    Ok(Err(JpegProblem::Broken))
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Cursor;

    /// A minimal JPEG header: SOI, an APP0 segment of `app_len` bytes, a
    /// DQT stub, then SOF0 with the size, then SOS.
    pub fn header(width: u16, height: u16, app_len: u16) -> Vec<u8> {
        let mut v = vec![0xFF, 0xD8, 0xFF, 0xE0];
        v.extend_from_slice(&app_len.to_be_bytes());
        v.extend(std::iter::repeat_n(0u8, app_len as usize - 2));
        v.extend_from_slice(&[0xFF, 0xDB, 0x00, 0x04, 0x00, 0x00]);
        v.extend_from_slice(&[0xFF, 0xFF, 0xC0, 0x00, 0x11, 0x08]);
        v.extend_from_slice(&height.to_be_bytes());
        v.extend_from_slice(&width.to_be_bytes());
        v.extend_from_slice(&[3, 1, 0x22, 0, 2, 0x11, 1, 3, 0x11, 1]);
        v.extend_from_slice(&[0xFF, 0xDA, 0x00, 0x02]);
        v
    }

    fn size(bytes: Vec<u8>) -> Result<JpegSize, JpegProblem> {
        read_size(&mut Cursor::new(bytes)).unwrap()
    }

    #[test]
    fn size_from_the_frame_header() {
        assert_eq!(
            size(header(413, 626, 16)),
            Ok(JpegSize {
                width: 413,
                height: 626
            })
        );
        // A large EXIF block before the frame is skipped, not read.
        assert_eq!(size(header(1280, 800, 60_000)).unwrap().width, 1280);
        // Progressive (SOF2) works the same.
        let mut p = header(640, 480, 16);
        let at = p.windows(2).position(|w| w == [0xFF, 0xC0]).unwrap();
        p[at + 1] = 0xC2;
        assert_eq!(size(p).unwrap().height, 480);
        let frame = read_frame(&mut Cursor::new(header(413, 626, 16)))
            .unwrap()
            .unwrap();
        assert_eq!(frame.components, 3);
        assert_eq!(frame.size.width, 413);
    }

    #[test]
    fn other_kinds_and_broken_files() {
        assert_eq!(
            size(b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR".to_vec()),
            Err(JpegProblem::NotJpeg { kind: Some("PNG") })
        );
        assert_eq!(
            size(b"hello".to_vec()),
            Err(JpegProblem::NotJpeg { kind: None })
        );
        assert_eq!(size(Vec::new()), Err(JpegProblem::NotJpeg { kind: None }));
        let h = header(413, 626, 16);
        // Cut short before the frame header.
        assert_eq!(size(h[..20].to_vec()), Err(JpegProblem::Broken));
        // Garbage where a marker should be.
        let mut g = h.clone();
        g[2] = 0x00;
        assert_eq!(size(g), Err(JpegProblem::Broken));
        // Image data before any frame.
        assert_eq!(
            size(vec![0xFF, 0xD8, 0xFF, 0xDA, 0x00, 0x02]),
            Err(JpegProblem::Broken)
        );
        // A segment length below 2 would loop.
        assert_eq!(
            size(vec![0xFF, 0xD8, 0xFF, 0xE0, 0x00, 0x00]),
            Err(JpegProblem::Broken)
        );
    }

    #[test]
    fn sniffing() {
        assert_eq!(sniff(b"GIF89a"), Some("GIF"));
        assert_eq!(sniff(b"RIFF\0\0\0\0WEBPVP8 "), Some("WebP"));
        assert_eq!(sniff(b"\0\0\0\x18ftypheic"), Some("HEIC"));
        assert_eq!(sniff(b"%PDF-1.4"), Some("PDF"));
        assert_eq!(sniff(b"abc"), None);
    }
}
