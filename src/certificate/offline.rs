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

use super::credential;
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
            format!("作废列表 {p} 不可用:{}", why.zh),
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
        let why = crate::error::json_reason(&e);
        let (zh, en) = (&why.zh, &why.en);
        msg!(
            "不是 meded 作废列表文件:{zh}",
            "not a meded revocation list: {en}"
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
    let content: Content = serde_json::from_str(&file.content).map_err(|e| {
        let why = crate::error::json_reason(&e);
        let (zh, en) = (&why.zh, &why.en);
        msg!("内容无法读取:{zh}", "its content cannot be read: {en}")
    })?;
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
    let Some(opened) = &check.opened else { return };
    let (code, issued) = (opened.sealed.code.clone(), opened.sealed.issue_date);
    let Some((used, revoked, failures)) = against_list(&code, issued, policy) else {
        return;
    };
    check.list = Some(used);
    check.revoked = revoked;
    for f in failures {
        check.fail(f);
    }
}

/// How old a list made at `as_of` is, and whether it is too old or older
/// than the certificate issued on `issued`.
fn list_use(
    as_of: DateTime<FixedOffset>,
    key_id: KeyId,
    issued: chrono::NaiveDate,
    policy: ListPolicy<'_>,
) -> (ListUse, Option<Msg>) {
    let age_days = (policy.now - as_of).num_days();
    let stale = policy.max_age_days.is_some_and(|max| age_days > max);
    let shown = as_of.to_rfc3339();
    let too_old = stale.then(|| {
        let max = policy.max_age_days.unwrap_or_default();
        msg!(
            "作废列表截至 {shown},已过去 {age_days} 天,超过 --max-age {max} 天:请取得新的作废列表",
            "the revocation list is as of {shown}, {age_days} days ago, older than --max-age {max} days: get a fresh one"
        )
    });
    (
        ListUse {
            as_of: shown,
            age_days,
            key_id,
            stale,
            predates_certificate: as_of.date_naive() < issued,
        },
        too_old,
    )
}

/// The certificate with this code (any form) checked against the
/// revocation list of `policy`, if there is one: how the list was used,
/// the revocation it records, and why that fails the certificate.
fn against_list(
    code: &str,
    issued: chrono::NaiveDate,
    policy: ListPolicy<'_>,
) -> Option<(ListUse, Option<Revoked>, Vec<Msg>)> {
    let list = policy.list?;
    let (used, too_old) = list_use(list.as_of, list.key_id, issued, policy);
    let mut failures = Vec::new();
    let revoked = list.find(code).cloned();
    if let Some(r) = &revoked {
        let (code, at, reason, as_of) = (&r.code, &r.at, &r.reason, &used.as_of);
        failures.push(msg!(
            "学分证明 {code} 已于 {at} 作废:{reason}(作废列表截至 {as_of})",
            "the certificate {code} was revoked on {at}: {reason} (revocation list as of {as_of})"
        ));
    }
    failures.extend(too_old);
    Some((used, revoked, failures))
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
        if !bytes.starts_with(b"%PDF") {
            // Not a PDF at all: said as such, without the reader's words.
            return Error::Input(msg!(
                "{p} 不是 PDF 文件:请给出 meded 写出的学分证明 PDF",
                "{p} is not a PDF: give the certificate PDF meded wrote"
            ));
        }
        let e = e.to_string();
        Error::Input(msg!(
            "{p} 是已损坏的 PDF 文件(可能未完整下载或被截断):{e}",
            "{p} is a damaged PDF (downloaded in part or cut off, perhaps): {e}"
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

/// How a credential's bit on its status list was read.
#[derive(Debug, Clone, Serialize)]
pub struct StatusUse {
    /// The list's address, as the credential names it.
    pub status_list: String,
    pub status_list_index: u64,
    pub revoked: bool,
    #[serde(flatten)]
    pub list: ListUse,
}

/// What revoked a certificate: an entry of meded's revocation list, or
/// its bit on a status list.
#[derive(Debug, Clone, Serialize)]
#[serde(untagged)]
pub enum RevokedBy {
    List(Revoked),
    StatusList {
        code: String,
        status_list: String,
        status_list_index: u64,
        as_of: String,
    },
}

/// The outcome of verifying a standard credential offline.
#[derive(Debug, Clone, Default)]
pub struct CredentialCheck {
    /// What it states, if its proof checked out by a trusted key.
    pub stated: Option<credential::Stated>,
    /// The key that signed it, if its proof checked out.
    pub key_id: Option<KeyId>,
    pub issuer: Option<String>,
    pub failure: Option<Msg>,
    pub revoked: Option<RevokedBy>,
    pub list: Option<ListUse>,
    pub status: Option<StatusUse>,
}

impl CredentialCheck {
    pub fn valid(&self) -> bool {
        self.failure.is_none()
    }

    fn fail(&mut self, why: Msg) {
        self.failure = Some(match &self.failure {
            Some(before) => before.join(&why),
            None => why,
        });
    }
}

/// Reads a status list file (`--status-list`) and checks it: a list that
/// is not signed by a trusted key, or is not a status list, is unusable
/// input, not a verdict.
pub fn read_status_list(path: &Path, trusted: &TrustedKeys) -> Result<credential::CheckedList> {
    let text = std::fs::read_to_string(path).map_err(|e| Error::unreadable(path, &e))?;
    credential::read_status_list(&text, trusted).map_err(|why| {
        let p = path.display();
        Error::Input(Msg::new(
            format!("状态列表 {p} 不可用:{}", why.zh),
            format!("the status list {p} cannot be used: {}", why.en),
        ))
    })
}

/// Verifies a standard credential file (`certificate verify --vc`): its
/// `eddsa-jcs-2022` proof by the `did:key` it names as issuer, that key
/// among the trusted ones, and, with a status list (which must be the one
/// the credential names), its bit there; with a revocation list, its code
/// there. A file that is not a Verifiable Credential, or whose proof meded
/// cannot check, is an error (exit 2); one that does not verify is a
/// [`CredentialCheck`] with a failure (exit 1).
pub fn check_credential(
    path: &Path,
    trusted: &TrustedKeys,
    status_list: Option<&credential::CheckedList>,
    policy: ListPolicy<'_>,
) -> Result<CredentialCheck> {
    let text = std::fs::read_to_string(path).map_err(|e| Error::unreadable(path, &e))?;
    let p = path.display();
    let v: serde_json::Value = serde_json::from_str(&text).map_err(|e| {
        Error::Input(msg!(
            "{p} 不是 JSON 文件,不是可验证凭证({e})",
            "{p} is not JSON, so not a verifiable credential ({e})"
        ))
    })?;
    if !credential::is_credential(&v) {
        return Err(Error::Input(msg!(
            "{p} 不是 W3C 可验证凭证(@context 应以 {ctx} 开头,type 含 VerifiableCredential)",
            "{p} is not a W3C Verifiable Credential (its @context starts with {ctx}, its type holds VerifiableCredential)",
            ctx = credential::VC_CONTEXT
        )));
    }
    let mut check = CredentialCheck {
        issuer: credential::issuer(&v).map(str::to_owned),
        ..CredentialCheck::default()
    };
    let key_id = match credential::check_proof(&v) {
        Ok(id) => id,
        Err(f) if f.unusable() => return Err(Error::Input(f.message())),
        Err(f) => {
            check.fail(f.message());
            return Ok(check);
        }
    };
    check.key_id = Some(key_id);
    if trusted.find(key_id).is_none() {
        check.fail(super::seal::Refusal::UnknownKey(key_id).message());
        return Ok(check);
    }
    let Some(stated) = credential::stated(&v) else {
        check.fail(msg!(
            "凭证由受信任的密钥签名,但不是 meded 写出的学分证明凭证",
            "the credential is signed by a trusted key, but it is not a certificate's credential as meded writes them"
        ));
        return Ok(check);
    };
    if let Some((used, revoked, failures)) = against_list(&stated.code, stated.issue_date, policy) {
        check.list = Some(used);
        check.revoked = revoked.map(RevokedBy::List);
        for f in failures {
            check.fail(f);
        }
    }
    if let Some(list) = status_list {
        let unusable = |why: Msg| {
            Error::Input(Msg::new(
                format!("状态列表不可用于此凭证:{}", why.zh),
                format!(
                    "the status list cannot be used for this credential: {}",
                    why.en
                ),
            ))
        };
        let Some(entry) = &stated.status else {
            return Err(unusable(msg!(
                "凭证没有状态列表条目(credentialStatus)",
                "the credential has no status list entry (credentialStatus)"
            )));
        };
        if entry.list != list.url {
            let (want, got) = (&entry.list, &list.url);
            return Err(unusable(msg!(
                "凭证指向状态列表 {want},给出的是 {got}",
                "the credential names the status list {want}; this one is {got}"
            )));
        }
        let Some(revoked) = list.revoked(entry.index) else {
            let (i, n) = (entry.index, list.entries());
            return Err(unusable(msg!(
                "凭证的条目 {i} 超出列表的 {n} 项",
                "the credential's entry {i} is past the list's {n} entries"
            )));
        };
        let (used, too_old) = list_use(list.as_of, list.key_id, stated.issue_date, policy);
        if revoked {
            let (code, i, url, as_of) = (&stated.code, entry.index, &entry.list, &used.as_of);
            check.fail(msg!(
                "学分证明 {code} 已作废:状态列表 {url} 截至 {as_of} 的第 {i} 位已置位",
                "the certificate {code} is revoked: bit {i} of the status list {url} is set (as of {as_of})"
            ));
            check.revoked = Some(RevokedBy::StatusList {
                code: stated.code.clone(),
                status_list: entry.list.clone(),
                status_list_index: entry.index,
                as_of: used.as_of.clone(),
            });
        }
        if let Some(f) = too_old {
            check.fail(f);
        }
        check.status = Some(StatusUse {
            status_list: entry.list.clone(),
            status_list_index: entry.index,
            revoked,
            list: used,
        });
    }
    check.stated = Some(stated);
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
