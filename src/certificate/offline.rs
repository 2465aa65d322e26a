//! Verifying a certificate with no database: its QR payload, or the PDF
//! itself, against the trusted public keys and, if given, a signed list of
//! revoked codes.
//!
//! The revocation list is a JSON file whose `content` (a JSON text: the
//! as-of time and the revoked codes) is signed as it stands, so that any
//! reader — meded, or the verification page in a browser — checks the
//! very bytes it then parses:
//!
//! ```json
//! {"format": "meded-revocations-v1", "key_id": "…", "signature": "<128 hex>",
//!  "content": "{\"as_of\":\"2026-11-23T10:00:00+08:00\",\"revoked\":[{\"code\":\"7KQ2-M9XD-4TWP\",\"at\":\"…\",\"reason\":\"…\"}]}"}
//! ```

use std::io::Write;
use std::path::Path;

use crate::db::sql::Connection;
use chrono::{DateTime, FixedOffset};
use serde::{Deserialize, Serialize};

use super::qr;
use super::render::INFO_KEY;
use super::seal::{Opened, Shown, open};
use super::verify::{Status, format_code, parse_code};
use crate::error::{Error, Result};
use crate::fsutil::AtomicFile;
use crate::i18n::Msg;
use crate::msg;
use crate::sign::{KeyId, SigningKey, TrustedKeys, from_hex, to_hex};

/// The `format` of a revocation list file.
pub const REVOCATIONS_FORMAT: &str = "meded-revocations-v1";

/// What the list's signature covers before its content.
const REVOCATIONS_DOMAIN: &[u8] = b"meded-revocations-v1\0";

/// Decompressed page content read from a presented PDF, at most.
const PAGE_LIMIT: usize = 16 << 20;

/// One revoked certificate.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Revoked {
    /// As printed: `7KQ2-M9XD-4TWP`.
    pub code: String,
    /// When it was revoked (RFC 3339).
    pub at: String,
    pub reason: String,
}

#[derive(Debug, Serialize, Deserialize)]
struct Content {
    as_of: String,
    revoked: Vec<Revoked>,
}

#[derive(Debug, Serialize, Deserialize)]
struct ListFile {
    format: String,
    key_id: String,
    signature: String,
    content: String,
}

/// A revocation list whose signature checked out.
#[derive(Debug, Clone)]
pub struct RevocationList {
    pub as_of: DateTime<FixedOffset>,
    pub key_id: KeyId,
    pub revoked: Vec<Revoked>,
}

impl RevocationList {
    pub fn find(&self, code: &str) -> Option<&Revoked> {
        let code = parse_code(code)?;
        self.revoked
            .iter()
            .find(|r| parse_code(&r.code).as_deref() == Some(code.as_str()))
    }
}

/// Every revoked certificate the database knows, oldest revocation first.
pub fn revoked(conn: &Connection) -> Result<Vec<Revoked>> {
    let mut stmt = conn.prepare(
        "SELECT c.code, coalesce(x.at, ''), coalesce(c.revoke_reason, '')
         FROM certificate c LEFT JOIN change_set x ON x.id = c.status_change
         WHERE c.status = ?1 ORDER BY x.at, c.code",
    )?;
    let rows = stmt.query_map([Status::Revoked], |r| {
        Ok(Revoked {
            code: format_code(&r.get::<_, String>(0)?),
            at: r.get(1)?,
            reason: r.get(2)?,
        })
    })?;
    Ok(rows.collect::<crate::db::sql::Result<_>>()?)
}

/// Publishes the signed revocation list: every revoked code as of now,
/// signed by `key` (recorded as one the database signs with), written to
/// `path`. Returns the as-of time and the codes.
pub fn publish_revocations(
    conn: &mut Connection,
    key: &SigningKey,
    who: &crate::history::Who,
    path: &Path,
) -> Result<(String, Vec<Revoked>)> {
    let tx = crate::db::write(conn)?;
    let list = revoked(&tx)?;
    let as_of = crate::history::now();
    crate::sign::record(&tx, &key.public(), &mut || {
        crate::history::Change::begin(&tx, who)
    })?;
    tx.commit()?;
    write_revocations(path, &list, &as_of, key)?;
    Ok((as_of, list))
}

/// The signed revocation list as of `as_of`, as the file's text.
pub fn sign_revocations(revoked: &[Revoked], as_of: &str, key: &SigningKey) -> String {
    let content = serde_json::to_string(&Content {
        as_of: as_of.to_owned(),
        revoked: revoked.to_vec(),
    })
    .unwrap_or_default();
    let signature = key.sign(&[REVOCATIONS_DOMAIN, content.as_bytes()].concat());
    let file = ListFile {
        format: REVOCATIONS_FORMAT.to_owned(),
        key_id: key.id().to_string(),
        signature: to_hex(&signature),
        content,
    };
    let mut text = serde_json::to_string_pretty(&file).unwrap_or_default();
    text.push('\n');
    text
}

/// Writes the signed list to `path` (a public document: mode 0644).
pub fn write_revocations(
    path: &Path,
    revoked: &[Revoked],
    as_of: &str,
    key: &SigningKey,
) -> Result<()> {
    let text = sign_revocations(revoked, as_of, key);
    let mut file = AtomicFile::create_shared(path)?;
    file.file()
        .write_all(text.as_bytes())
        .map_err(|e| Error::io(path, e))?;
    file.commit()
}

/// Reads a revocation list and checks its signature: a list that is not
/// signed by a trusted key is unusable input, not a verdict.
pub fn read_revocations(path: &Path, trusted: &TrustedKeys) -> Result<RevocationList> {
    let text = std::fs::read_to_string(path).map_err(|e| Error::unreadable(path, &e))?;
    parse_revocations(&text, trusted).map_err(|why| {
        let p = path.display();
        Error::Input(Msg::new(
            format!("吊销列表 {p} 不可用:{}", why.zh),
            format!("the revocation list {p} cannot be used: {}", why.en),
        ))
    })
}

/// [`read_revocations`] of a file's text.
pub fn parse_revocations(
    text: &str,
    trusted: &TrustedKeys,
) -> std::result::Result<RevocationList, Msg> {
    let file: ListFile = serde_json::from_str(text).map_err(|e| {
        msg!(
            "不是 meded 吊销列表文件({e})",
            "not a meded revocation list ({e})"
        )
    })?;
    if file.format != REVOCATIONS_FORMAT {
        let f = &file.format;
        return Err(msg!("格式 {f} 不认识", "unknown format {f}"));
    }
    let id = KeyId::parse(&file.key_id)
        .ok_or_else(|| msg!("密钥标识无效", "the key id is not valid"))?;
    let key = trusted.find(id).ok_or_else(|| {
        msg!(
            "签名密钥 {id} 不在受信任的公钥之中",
            "signed with the key {id}, which is not among the trusted public keys"
        )
    })?;
    let signature: [u8; 64] = from_hex(&file.signature)
        .and_then(|b| b.try_into().ok())
        .ok_or_else(|| msg!("签名格式无效", "the signature is malformed"))?;
    if !key.verifies(
        &[REVOCATIONS_DOMAIN, file.content.as_bytes()].concat(),
        &signature,
    ) {
        return Err(msg!(
            "签名不符:列表在签发后被改动",
            "the signature does not match: the list was changed after it was signed"
        ));
    }
    let content: Content = serde_json::from_str(&file.content)
        .map_err(|e| msg!("内容无法读取({e})", "its content cannot be read ({e})"))?;
    let as_of = DateTime::parse_from_rfc3339(&content.as_of)
        .map_err(|_| msg!("as_of 时间无效", "its as_of time is not valid"))?;
    Ok(RevocationList {
        as_of,
        key_id: id,
        revoked: content.revoked,
    })
}

/// What was checked against a revocation list.
#[derive(Debug, Clone, Serialize)]
pub struct ListUse {
    pub as_of: String,
    /// Whole days between the list's as-of time and the check.
    pub age_days: i64,
    pub key_id: KeyId,
    /// Older than the `--max-age` the verifier asked for.
    pub stale: bool,
    /// The certificate was issued after the list was made: the list
    /// cannot know of its revocation.
    pub predates_certificate: bool,
}

/// What a presented PDF showed, beside its payload.
#[derive(Debug, Clone, Default, Serialize)]
pub struct PdfFindings {
    /// The PDF carries a signed payload in its information dictionary.
    pub payload: bool,
    /// Its text states what the payload states.
    pub text_matches: bool,
    /// Its pages are those that were signed (nothing added or changed).
    pub pages_match: bool,
    /// The QR code drawn on it is the payload's.
    pub qr_matches: bool,
}

/// The outcome of an offline verification.
#[derive(Debug, Clone)]
pub struct Check {
    /// The payload, if its signature checked out.
    pub opened: Option<Opened>,
    /// Why the certificate is not valid; `None` when it is.
    pub failure: Option<Msg>,
    pub revoked: Option<Revoked>,
    pub list: Option<ListUse>,
    pub pdf: Option<PdfFindings>,
}

impl Check {
    pub fn valid(&self) -> bool {
        self.failure.is_none()
    }

    pub fn shown(&self) -> Option<Shown> {
        self.opened.as_ref().map(Opened::shown)
    }

    fn fail(&mut self, why: Msg) {
        self.failure = Some(match &self.failure {
            Some(before) => before.join(&why),
            None => why,
        });
    }
}

/// How a verifier wants the revocation list used.
#[derive(Debug, Clone, Copy)]
pub struct ListPolicy<'a> {
    pub list: Option<&'a RevocationList>,
    /// A list older than this many days fails the check.
    pub max_age_days: Option<i64>,
    pub now: DateTime<FixedOffset>,
}

/// Verifies a payload (`MC1:…`). Input that is no payload at all is an
/// error (exit 2); a payload that does not verify is a [`Check`] with a
/// failure (exit 1).
pub fn check_payload(
    payload: &str,
    trusted: &TrustedKeys,
    policy: ListPolicy<'_>,
) -> Result<Check> {
    let mut check = Check {
        opened: None,
        failure: None,
        revoked: None,
        list: None,
        pdf: None,
    };
    match open(payload, trusted) {
        Ok(opened) => check.opened = Some(opened),
        Err(r) if r.unusable() => return Err(Error::Input(r.message())),
        Err(r) => {
            check.fail(r.message());
            return Ok(check);
        }
    }
    apply_list(&mut check, policy);
    Ok(check)
}

fn apply_list(check: &mut Check, policy: ListPolicy<'_>) {
    let Some(list) = policy.list else { return };
    let Some(opened) = &check.opened else { return };
    let age_days = (policy.now - list.as_of).num_days();
    let stale = policy.max_age_days.is_some_and(|max| age_days > max);
    let issued = opened.sealed.issue_date;
    let as_of = list.as_of.to_rfc3339();
    check.list = Some(ListUse {
        as_of: as_of.clone(),
        age_days,
        key_id: list.key_id,
        stale,
        predates_certificate: list.as_of.date_naive() < issued,
    });
    if let Some(r) = list.find(&opened.sealed.code) {
        let (code, at, reason) = (&r.code, &r.at, &r.reason);
        check.revoked = Some(r.clone());
        check.fail(msg!(
            "学分证明 {code} 已于 {at} 撤销:{reason}(吊销列表截至 {as_of})",
            "the certificate {code} was revoked on {at}: {reason} (revocation list as of {as_of})"
        ));
    }
    if stale {
        let max = policy.max_age_days.unwrap_or_default();
        check.fail(msg!(
            "吊销列表截至 {as_of},已过去 {age_days} 天,超过 --max-age {max} 天:请取得新的吊销列表",
            "the revocation list is as of {as_of}, {age_days} days ago, older than --max-age {max} days: get a fresh one"
        ));
    }
}

/// Checks a verified payload against the organisations its key signs for,
/// as the database records them (`orgs`: `None` when the database does not
/// know the key, empty when it signs for any): a certificate that names a
/// unit the key does not sign for is not valid, whatever its signature.
pub fn check_issuer(check: &mut Check, orgs: Option<&[crate::sign::KeyOrg]>) {
    let Some(opened) = &check.opened else { return };
    let Some(orgs) = orgs.filter(|o| !o.is_empty()) else {
        return;
    };
    let unit = opened.sealed.org_name.trim();
    let covered = orgs
        .iter()
        .any(|o| o.name.trim() == unit || o.earlier_names.iter().any(|n| n.trim() == unit));
    if !covered {
        let key = opened.key_id;
        let names: Vec<String> = orgs
            .iter()
            .map(|o| format!("{}({})", o.name, o.code))
            .collect();
        let names = names.join("、");
        check.fail(msg!(
            "签名密钥 {key} 只为 {names} 签发,而这份证明的单位是“{unit}”",
            "the signing key {key} signs for {names} only, and this certificate's unit is '{unit}'"
        ));
    }
}

/// Squeezed text: no blanks or line breaks, which extraction puts between
/// the pieces of a wrapped line.
fn squeeze(s: &str) -> String {
    s.chars().filter(|c| !c.is_whitespace()).collect()
}

/// Verifies a presented PDF: the payload in its information dictionary,
/// then that the PDF states what the payload states, that its pages are
/// the ones signed and that its QR code is the payload's. A file that is
/// not a PDF is an error (exit 2).
pub fn check_pdf(path: &Path, trusted: &TrustedKeys, policy: ListPolicy<'_>) -> Result<Check> {
    let bytes = std::fs::read(path).map_err(|e| Error::unreadable(path, &e))?;
    let doc = lopdf::Document::load_mem(&bytes).map_err(|e| {
        let p = path.display();
        Error::Input(msg!(
            "{p} 不是可读的 PDF 文件({e})",
            "{p} is not a readable PDF ({e})"
        ))
    })?;
    let payload = doc
        .trailer
        .get(b"Info")
        .and_then(|o| doc.dereference(o).map(|(_, o)| o))
        .and_then(lopdf::Object::as_dict)
        .and_then(|d| d.get(INFO_KEY.as_bytes()))
        .and_then(lopdf::Object::as_str)
        .ok()
        .map(|b| String::from_utf8_lossy(b).into_owned());
    let mut findings = PdfFindings::default();
    let Some(payload) = payload else {
        return Ok(Check {
            opened: None,
            failure: Some(msg!(
                "此 PDF 不含 meded 的签名数据:不是 meded 签发的学分证明,或是启用签名以前签发的(那样的证明请凭验证码向签发机构查验)",
                "this PDF carries no meded signature: it is not a certificate meded issued, or one issued before certificates were signed (check that one by its code with the issuing office)"
            )),
            revoked: None,
            list: None,
            pdf: Some(findings),
        });
    };
    findings.payload = true;
    let mut check = match check_payload(&payload, trusted, policy) {
        Ok(c) => c,
        // A PDF whose payload is not one: the PDF is not genuine.
        Err(Error::Input(m)) => Check {
            opened: None,
            failure: Some(m),
            revoked: None,
            list: None,
            pdf: None,
        },
        Err(e) => return Err(e),
    };
    let Some(opened) = check.opened.clone() else {
        check.pdf = Some(findings);
        return Ok(check);
    };
    let pages: Vec<lopdf::ObjectId> = doc.get_pages().into_values().collect();
    let mut contents = Vec::with_capacity(pages.len());
    for id in &pages {
        contents.push(
            doc.get_page_content_with_limit(*id, PAGE_LIMIT)
                .unwrap_or_default(),
        );
    }

    // The text: every sentence the payload implies, in order, and no
    // second intro or year sentence beside them.
    let numbers: Vec<u32> = (1..=pages.len() as u32).collect();
    let text = squeeze(&doc.extract_text(&numbers).unwrap_or_default());
    let sentences = opened.sealed.sentences();
    let mut missing = Vec::new();
    let mut from = 0;
    for s in &sentences {
        let s = squeeze(s);
        match text[from..].find(&s) {
            Some(at) => from += at + s.len(),
            None => missing.push(s),
        }
    }
    let years_stated = text.matches("该同志").count();
    let intros = text.matches("年期间完成继续医学教育情况如下").count();
    findings.text_matches =
        missing.is_empty() && years_stated == opened.sealed.years.len() && intros == 1;
    if !findings.text_matches {
        let detail = if missing.is_empty() {
            msg!("多出未签名的文字", "it has statements that were not signed")
        } else {
            let m = missing.join(" / ");
            msg!("缺少或改动了:{m}", "missing or changed: {m}")
        };
        check.fail(Msg::new(
            format!("PDF 上的文字与签名内容不符,{}", detail.zh),
            format!(
                "the text of the PDF does not state what was signed; {}",
                detail.en
            ),
        ));
    }

    let hash = qr::page_hash(contents.iter().map(Vec::as_slice));
    findings.pages_match = hash == opened.sealed.page_hash;
    if !findings.pages_match {
        check.fail(msg!(
            "PDF 的页面内容与签发时不同:文件在签发后被编辑或重新保存",
            "the PDF's pages are not those that were signed: the file was edited or saved again after it was issued"
        ));
    }
    let sections: Vec<&[u8]> = contents.iter().filter_map(|c| qr::split(c).1).collect();
    findings.qr_matches = sections.len() == 1 && qr::draws(sections[0], &payload);
    if !findings.qr_matches {
        check.fail(msg!(
            "PDF 上的二维码不是签名内容的二维码",
            "the QR code on the PDF is not the one of its signed content"
        ));
    }
    check.pdf = Some(findings);
    Ok(check)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_revocation_list_verifies_and_a_changed_one_does_not() {
        let key = SigningKey::generate().unwrap();
        let trusted = TrustedKeys::new(vec![key.public()]);
        let list = vec![Revoked {
            code: "7KQ2-M9XD-4TWP".into(),
            at: "2026-11-02T10:03:11+08:00".into(),
            reason: "学分记录有误".into(),
        }];
        let text = sign_revocations(&list, "2026-11-23T10:00:00+08:00", &key);
        let read = parse_revocations(&text, &trusted).unwrap();
        assert_eq!(read.revoked, list);
        assert!(read.find("7kq2m9xd4twp").is_some());
        assert!(read.find("ZZZZ-ZZZZ-ZZZZ").is_none());
        let changed = text.replace("学分记录有误", "无");
        assert!(parse_revocations(&changed, &trusted).is_err());
        let other = TrustedKeys::new(vec![SigningKey::generate().unwrap().public()]);
        let err = parse_revocations(&text, &other).unwrap_err();
        assert!(err.en.contains("not among the trusted"), "{}", err.en);
    }
}
