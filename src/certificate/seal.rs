//! The signed payload of a certificate's QR code: what the certificate
//! states, small enough for a QR code that scans at 3 cm, signed so that it
//! verifies with no database and no network.
//!
//! ```text
//! MC1:<Base45( zlib( key id (8) ‖ Ed25519 signature (64) ‖ body ) )>
//! ```
//!
//! Base45 (RFC 9285) uses exactly the characters of a QR code's
//! alphanumeric mode, so the code stays small; the prefix names the
//! version of the layout. The signature covers `MC1` ‖ key id ‖ body. The
//! body is a compact binary layout (integers as unsigned LEB128, text as
//! a length and UTF-8):
//!
//! | field | encoding |
//! |---|---|
//! | verification code | text, as stored (12 symbols) |
//! | name, masked ID number, unit, title, the title's province | text each |
//! | kind | one byte: 0 all, 1 class I, 2 class II |
//! | first year, last year | integers |
//! | issue date | integer: days since 1970-01-01 |
//! | per year of the span: national I, provincial I, class II (tenths), records | integers |
//! | digest of the certificate's text (as recorded in the database) | 32 bytes |
//! | page hash: SHA-256 of the PDF pages' content, QR code left out | 16 bytes |
//!
//! It holds the year totals, not the records, so its size does not grow
//! with the number of records: about 400 characters for three years.
//! The verification page (`verify-page`) reads the same layout in
//! JavaScript; the two must change together.

use std::io::{Read, Write};

use chrono::{Datelike, NaiveDate};
use serde::Serialize;

use super::model::{Certificate, Kind, Totals};
use super::verify::{format_code, parse_code};
use crate::i18n::Msg;
use crate::msg;
use crate::rules::credit::Credits;
use crate::sign::{KeyId, SigningKey, TrustedKeys, to_hex};

/// The prefix of version 1 payloads.
pub const PREFIX: &str = "MC1:";

/// What the signature covers before the key id and body.
const DOMAIN: &[u8] = b"MC1";

/// The days from 0001-01-01 (chrono's day 1) to 1970-01-01.
const EPOCH_DAYS: i32 = 719_163;

/// A year's sums as the payload states them (tenths), and how many records.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SealedYear {
    pub year: i32,
    pub totals: Totals,
    pub records: u64,
}

/// What a payload states.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Sealed {
    /// As stored (12 symbols, no dashes).
    pub code: String,
    pub name: String,
    /// The ID number with all but its first 6 and last 4 characters masked.
    pub id_masked: String,
    pub org_name: String,
    pub title: String,
    pub province: String,
    pub kind: Kind,
    pub from: i32,
    pub to: i32,
    pub issue_date: NaiveDate,
    pub years: Vec<SealedYear>,
    /// SHA-256 of the certificate's text (`Certificate::digest`).
    pub digest: [u8; 32],
    /// The start of the SHA-256 of the PDF's pages ([`page_hash`]).
    pub page_hash: [u8; 16],
}

/// `510104********1234`: the first 6 and last 4 characters kept, as
/// Chinese documents show an ID number in public. A shorter number
/// (a passport's) keeps a quarter of it at each end.
pub fn mask_id(id: &str) -> String {
    let chars: Vec<char> = id.trim().chars().collect();
    let n = chars.len();
    let (head, tail) = if n >= 14 { (6, 4) } else { (n / 4, n / 4) };
    chars
        .iter()
        .enumerate()
        .map(|(i, c)| if i < head || i + tail >= n { *c } else { '*' })
        .collect()
}

impl Sealed {
    /// What `c` states, with its digest and page hash.
    pub fn of(c: &Certificate, digest: [u8; 32], page_hash: [u8; 16]) -> Sealed {
        Sealed {
            code: parse_code(&c.code).unwrap_or_else(|| c.code.clone()),
            name: c.person_name.clone(),
            id_masked: mask_id(&c.id_number),
            org_name: c.org_name.clone(),
            title: c.title.clone(),
            province: c.province.clone(),
            kind: c.kind,
            from: c.from_year,
            to: c.to_year,
            issue_date: c.issue_date,
            years: c
                .years
                .iter()
                .map(|b| SealedYear {
                    year: b.year,
                    totals: b.totals(),
                    records: b.rows.len() as u64,
                })
                .collect(),
            digest,
            page_hash,
        }
    }

    /// The code as printed: `7KQ2-M9XD-4TWP`.
    pub fn code_printed(&self) -> String {
        format_code(&self.code)
    }

    /// A certificate with the sentences this payload implies: heading,
    /// intro, each year's sentence, the date and code lines (no rows).
    pub fn shell(&self) -> Certificate {
        let mut c = Certificate::with_records(
            self.from,
            self.to,
            self.kind,
            self.issue_date,
            std::iter::empty(),
        );
        c.province = self.province.clone();
        c.org_name = self.org_name.clone();
        c.person_name = self.name.clone();
        c.title = self.title.clone();
        c.code = self.code_printed();
        c
    }

    /// The sentences of the certificate that a PDF must state, in order:
    /// heading, intro, every year's sentence, the issue date, the code line.
    pub fn sentences(&self) -> Vec<String> {
        let c = self.shell();
        let mut out = vec![c.heading(), c.intro()];
        out.extend(self.years.iter().map(|y| c.summary_of(y.year, y.totals)));
        out.push(c.issue_date_text());
        out.push(c.code_line());
        out
    }

    fn body(&self) -> Vec<u8> {
        let mut b = Vec::with_capacity(256);
        for s in [
            &self.code,
            &self.name,
            &self.id_masked,
            &self.org_name,
            &self.title,
            &self.province,
        ] {
            put_text(&mut b, s);
        }
        b.push(match self.kind {
            Kind::All => 0,
            Kind::ClassI => 1,
            Kind::ClassII => 2,
        });
        put_uint(&mut b, self.from.max(0) as u64);
        put_uint(&mut b, self.to.max(0) as u64);
        put_uint(
            &mut b,
            (self.issue_date.num_days_from_ce() - EPOCH_DAYS).max(0) as u64,
        );
        for y in &self.years {
            for v in [
                y.totals.national_i,
                y.totals.provincial_i,
                y.totals.class_ii,
            ] {
                put_uint(&mut b, v.max(0) as u64);
            }
            put_uint(&mut b, y.records);
        }
        b.extend_from_slice(&self.digest);
        b.extend_from_slice(&self.page_hash);
        b
    }

    fn from_body(b: &[u8]) -> Option<Sealed> {
        let mut r = Reader { b, at: 0 };
        let code = r.text()?;
        let name = r.text()?;
        let id_masked = r.text()?;
        let org_name = r.text()?;
        let title = r.text()?;
        let province = r.text()?;
        let kind = match r.byte()? {
            0 => Kind::All,
            1 => Kind::ClassI,
            2 => Kind::ClassII,
            _ => return None,
        };
        let from = i32::try_from(r.uint()?).ok()?;
        let to = i32::try_from(r.uint()?).ok()?;
        if to < from || to - from >= 100 {
            return None;
        }
        let days = i32::try_from(r.uint()?).ok()?;
        let issue_date = NaiveDate::from_num_days_from_ce_opt(days.checked_add(EPOCH_DAYS)?)?;
        let mut years = Vec::new();
        for year in from..=to {
            let mut v = [0i64; 3];
            for x in &mut v {
                *x = i64::try_from(r.uint()?).ok()?;
            }
            years.push(SealedYear {
                year,
                totals: Totals {
                    national_i: v[0],
                    provincial_i: v[1],
                    class_ii: v[2],
                },
                records: r.uint()?,
            });
        }
        let digest = r.bytes(32)?.try_into().ok()?;
        let page_hash = r.bytes(16)?.try_into().ok()?;
        if r.at != b.len() {
            return None;
        }
        Some(Sealed {
            code,
            name,
            id_masked,
            org_name,
            title,
            province,
            kind,
            from,
            to,
            issue_date,
            years,
            digest,
            page_hash,
        })
    }

    /// The signed payload, `MC1:…`.
    pub fn sign(&self, key: &SigningKey) -> String {
        let body = self.body();
        let id = key.id();
        let signature = key.sign(&signed_message(id, &body));
        let mut blob = Vec::with_capacity(8 + 64 + body.len());
        blob.extend_from_slice(&id.0);
        blob.extend_from_slice(&signature);
        blob.extend_from_slice(&body);
        let mut z = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::best());
        // Writing to a Vec cannot fail.
        let _ = z.write_all(&blob);
        let packed = z.finish().unwrap_or_default();
        format!("{PREFIX}{}", base45::encode(packed))
    }
}

fn signed_message(id: KeyId, body: &[u8]) -> Vec<u8> {
    let mut m = Vec::with_capacity(DOMAIN.len() + 8 + body.len());
    m.extend_from_slice(DOMAIN);
    m.extend_from_slice(&id.0);
    m.extend_from_slice(body);
    m
}

fn put_uint(b: &mut Vec<u8>, mut v: u64) {
    loop {
        let byte = (v & 0x7f) as u8;
        v >>= 7;
        if v == 0 {
            b.push(byte);
            return;
        }
        b.push(byte | 0x80);
    }
}

fn put_text(b: &mut Vec<u8>, s: &str) {
    put_uint(b, s.len() as u64);
    b.extend_from_slice(s.as_bytes());
}

struct Reader<'a> {
    b: &'a [u8],
    at: usize,
}

impl Reader<'_> {
    fn byte(&mut self) -> Option<u8> {
        let v = *self.b.get(self.at)?;
        self.at += 1;
        Some(v)
    }

    fn uint(&mut self) -> Option<u64> {
        let mut v = 0u64;
        for shift in (0..64).step_by(7) {
            let byte = self.byte()?;
            v |= u64::from(byte & 0x7f) << shift;
            if byte & 0x80 == 0 {
                return Some(v);
            }
        }
        None
    }

    fn bytes(&mut self, n: usize) -> Option<&[u8]> {
        let s = self.b.get(self.at..self.at.checked_add(n)?)?;
        self.at += n;
        Some(s)
    }

    fn text(&mut self) -> Option<String> {
        let n = usize::try_from(self.uint()?).ok()?;
        String::from_utf8(self.bytes(n)?.to_vec()).ok()
    }
}

/// Why a payload does not verify.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Refusal {
    /// Not a meded payload at all (no `MC` prefix): unusable input.
    NotAPayload,
    /// A later layout (`MC2:`…) this meded does not know: unusable input.
    UnknownVersion(String),
    /// The characters do not decode to a payload: changed or cut off.
    Damaged,
    /// Signed with a key that is not among the trusted ones.
    UnknownKey(KeyId),
    /// The signature does not match: the content was changed.
    BadSignature,
}

impl Refusal {
    /// Whether the input could not be checked at all (exit 2), rather
    /// than checked and found not genuine (exit 1).
    pub fn unusable(&self) -> bool {
        matches!(self, Refusal::NotAPayload | Refusal::UnknownVersion(_))
    }

    pub fn message(&self) -> Msg {
        match self {
            Refusal::NotAPayload => msg!(
                "这不是 meded 学分证明二维码的内容(应以 {PREFIX} 开头)",
                "this is not the content of a meded certificate's QR code (it starts with {PREFIX})"
            ),
            Refusal::UnknownVersion(v) => msg!(
                "二维码内容的版本 {v} 是更新版本的 meded 写的,请升级 meded",
                "the QR content's version {v} was written by a newer meded: upgrade meded"
            ),
            Refusal::Damaged => msg!(
                "二维码内容已损坏或被改动,无法解码",
                "the QR content is damaged or was changed: it does not decode"
            ),
            Refusal::UnknownKey(id) => msg!(
                "签名密钥 {id} 不在受信任的公钥之中:此证明不是由持有这些公钥的机构签发的",
                "signed with the key {id}, which is not among the trusted public keys: the certificate was not signed by the office whose keys these are"
            ),
            Refusal::BadSignature => msg!(
                "签名不符:二维码内容在签发后被改动",
                "the signature does not match: the content was changed after it was signed"
            ),
        }
    }
}

/// A payload whose signature checked out.
#[derive(Debug, Clone)]
pub struct Opened {
    pub sealed: Sealed,
    pub key_id: KeyId,
}

/// Decodes `payload` and checks its signature against `trusted`.
pub fn open(payload: &str, trusted: &TrustedKeys) -> Result<Opened, Refusal> {
    let payload = payload.trim();
    let Some(rest) = payload.strip_prefix(PREFIX) else {
        let head: String = payload.chars().take(4).collect();
        return Err(
            if head.len() == 4 && head.starts_with("MC") && head.ends_with(':') {
                Refusal::UnknownVersion(head.trim_end_matches(':').to_owned())
            } else {
                Refusal::NotAPayload
            },
        );
    };
    let packed = base45::decode(rest).map_err(|_| Refusal::Damaged)?;
    // RFC 9285 has one encoding per byte string; the decoder accepts some
    // others (a last pair above 255), which would let a changed character
    // decode to the same bytes. Only the canonical form is accepted.
    if base45::encode(&packed) != rest {
        return Err(Refusal::Damaged);
    }
    let mut blob = Vec::new();
    let mut z = flate2::read::ZlibDecoder::new(&packed[..]);
    (&mut z)
        .take(64 * 1024)
        .read_to_end(&mut blob)
        .map_err(|_| Refusal::Damaged)?;
    // Bytes after the end of the compressed stream are not covered by the
    // signature: a payload with any is not one meded wrote.
    if z.total_in() != packed.len() as u64 || blob.len() < 8 + 64 {
        return Err(Refusal::Damaged);
    }
    let id = KeyId(blob[..8].try_into().map_err(|_| Refusal::Damaged)?);
    let signature: [u8; 64] = blob[8..72].try_into().map_err(|_| Refusal::Damaged)?;
    let body = &blob[72..];
    let key = trusted.find(id).ok_or(Refusal::UnknownKey(id))?;
    if !key.verifies(&signed_message(id, body), &signature) {
        return Err(Refusal::BadSignature);
    }
    // Signed by a trusted key yet unreadable would be a bug of the signer.
    let sealed = Sealed::from_body(body).ok_or(Refusal::Damaged)?;
    Ok(Opened { sealed, key_id: id })
}

/// One year as a verification shows it: only the sums the kind prints.
#[derive(Debug, Clone, Serialize)]
pub struct ShownYear {
    pub year: i32,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub national_i: Option<Credits>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub provincial_i: Option<Credits>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub class_ii: Option<Credits>,
    pub records: u64,
}

/// What a payload states, for JSON and tables.
#[derive(Debug, Clone, Serialize)]
pub struct Shown {
    pub code: String,
    pub name: String,
    /// The ID number as the payload holds it: first 6 and last 4 only.
    pub id_number: String,
    pub org_name: String,
    pub title: String,
    pub province: String,
    pub from: i32,
    pub to: i32,
    pub kind: &'static str,
    pub kind_label: &'static str,
    pub issue_date: NaiveDate,
    pub years: Vec<ShownYear>,
    pub digest: String,
    pub key_id: KeyId,
}

impl Opened {
    pub fn shown(&self) -> Shown {
        let s = &self.sealed;
        let class_i = s.kind != Kind::ClassII;
        let class_ii = s.kind != Kind::ClassI;
        Shown {
            code: s.code_printed(),
            name: s.name.clone(),
            id_number: s.id_masked.clone(),
            org_name: s.org_name.clone(),
            title: s.title.clone(),
            province: s.province.clone(),
            from: s.from,
            to: s.to,
            kind: s.kind.key(),
            kind_label: s.kind.label(),
            issue_date: s.issue_date,
            years: s
                .years
                .iter()
                .map(|y| ShownYear {
                    year: y.year,
                    national_i: class_i.then_some(Credits(y.totals.national_i)),
                    provincial_i: class_i.then_some(Credits(y.totals.provincial_i)),
                    class_ii: class_ii.then_some(Credits(y.totals.class_ii)),
                    records: y.records,
                })
                .collect(),
            digest: to_hex(&s.digest),
            key_id: self.key_id,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::certificate::model::figure_27;

    fn sealed() -> Sealed {
        Sealed::of(&figure_27(Kind::All), [7; 32], [9; 16])
    }

    #[test]
    fn ids_are_masked_but_their_ends() {
        assert_eq!(mask_id("510104199001011234"), "510104********1234");
        assert_eq!(mask_id("G12345678"), "G1*****78");
        assert_eq!(mask_id(""), "");
    }

    #[test]
    fn a_payload_round_trips_and_is_alphanumeric() {
        let key = SigningKey::generate().unwrap();
        let s = sealed();
        let p = s.sign(&key);
        assert!(p.starts_with("MC1:"));
        assert!(
            p.chars()
                .all(|c| "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ $%*+-./:".contains(c)),
            "{p}"
        );
        assert!(p.len() < 1000, "{}", p.len());
        let trusted = TrustedKeys::new(vec![key.public()]);
        let opened = open(&p, &trusted).unwrap();
        assert_eq!(opened.sealed, s);
        assert_eq!(opened.key_id, key.id());
        assert_eq!(opened.sealed.id_masked, "510104********1234");
        assert_eq!(
            opened.sealed.sentences()[2],
            "该同志2015年度,共计完成:国家级I类学分0.0分,省I类学分0.0分,II类学分0.0分。"
        );
        // The same content and key: the same payload (Ed25519 is deterministic).
        assert_eq!(s.sign(&key), p);
    }

    #[test]
    fn every_changed_character_fails() {
        let key = SigningKey::generate().unwrap();
        let trusted = TrustedKeys::new(vec![key.public()]);
        let p = sealed().sign(&key);
        let alphabet: Vec<char> = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ $%*+-./:"
            .chars()
            .collect();
        for i in PREFIX.len()..p.len() {
            let mut chars: Vec<char> = p.chars().collect();
            let at = alphabet.iter().position(|c| *c == chars[i]).unwrap();
            chars[i] = alphabet[(at + 1) % alphabet.len()];
            let changed: String = chars.into_iter().collect();
            let err = open(&changed, &trusted).unwrap_err();
            assert!(
                matches!(
                    err,
                    Refusal::Damaged | Refusal::BadSignature | Refusal::UnknownKey(_)
                ),
                "{i}: {err:?}"
            );
        }
        // Cut off.
        assert_eq!(
            open(&p[..p.len() - 3], &trusted).unwrap_err(),
            Refusal::Damaged
        );
    }

    #[test]
    fn another_key_is_unknown_and_other_text_is_not_a_payload() {
        let key = SigningKey::generate().unwrap();
        let other = SigningKey::generate().unwrap();
        let p = sealed().sign(&key);
        let err = open(&p, &TrustedKeys::new(vec![other.public()])).unwrap_err();
        assert_eq!(err, Refusal::UnknownKey(key.id()));
        assert!(!err.unusable());
        // Both keys trusted (rotation): it verifies.
        let both = TrustedKeys::new(vec![other.public(), key.public()]);
        assert!(open(&p, &both).is_ok());
        assert_eq!(open("hello", &both).unwrap_err(), Refusal::NotAPayload);
        assert!(matches!(
            open("MC2:ABC", &both).unwrap_err(),
            Refusal::UnknownVersion(v) if v == "MC2"
        ));
    }

    #[test]
    fn a_full_year_and_a_long_span_stay_under_a_thousand_characters() {
        let key = SigningKey::generate().unwrap();
        let mut c = figure_27(Kind::All);
        c.org_name = "广西壮族自治区桂林市临桂区人民医院附属中西医结合康复医学中心".into();
        c.person_name = "买买提·艾力·阿卜杜热合曼".into();
        c.title = "副主任中医师".into();
        c.province = "广西壮族自治区".into();
        c.from_year = 2008;
        c.to_year = 2017;
        let mut s = Sealed::of(&c, [0xAB; 32], [0xCD; 16]);
        s.years = (2008..=2017)
            .map(|year| SealedYear {
                year,
                totals: Totals {
                    national_i: 1234,
                    provincial_i: 2345,
                    class_ii: 3456,
                },
                records: 120,
            })
            .collect();
        let p = s.sign(&key);
        assert!(p.len() < 1000, "{} characters", p.len());
    }
}
