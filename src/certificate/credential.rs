//! A certificate as a standard credential: a W3C Verifiable Credential 2.0 that is an Open Badges 3.0 `OpenBadgeCredential`, signed (`eddsa-jcs-2022`) with the key that signs its QR code; the signed Bitstring Status List of revocations; and reading both back.
//!
//! What the credential holds (docs/certificate.md#standard-credentials):
//!
//! | where | what |
//! |---|---|
//! | `issuer` | the signing key's `did:key`, and the organisation's name |
//! | `validFrom` | the issue date (midnight, China Standard Time) |
//! | `credentialSubject.name` | the member's name |
//! | `credentialSubject.identifier` | the ID number as a salted SHA-256 (`IdentityObject`, `hashed`), never the number |
//! | `activityStartDate`, `activityEndDate` | the span: 1 January of the first year to 31 December of the last |
//! | `achievement` | the certificate (title line, kind, span), its total credits (`creditsAvailable`), one `resultDescription` per year and class |
//! | `result`, `creditsEarned` | each year's credits of each class the kind lists, and the total |
//! | `verificationCode` | the code printed on the certificate (a term of the issuer's own, as VC 2.0 allows) |
//! | `credentialStatus` | a `BitstringStatusListEntry` for revocation |
//!
//! Everything in it is derived from the certificate, the key and the
//! status entry: the same certificate written again is the same bytes.
//! The salt is derived from the key's signature of the code, so nobody
//! without the key can predict it, and two certificates of one member
//! carry unrelated hashes.

use chrono::{DateTime, Datelike, FixedOffset, NaiveDate};
use serde_json::{Map, Value, json};
use sha2::{Digest, Sha256};

use super::model::{Certificate, Kind, Totals};
use super::verify::{format_code, parse_code};
use crate::i18n::Msg;
use crate::msg;
use crate::rules::credit::{Credits, as_number};
use crate::sign::{KeyId, SigningKey, TrustedKeys, to_hex};
use crate::vc;

/// The base context of every Verifiable Credential 2.0.
pub const VC_CONTEXT: &str = "https://www.w3.org/ns/credentials/v2";

/// The Open Badges 3.0 context (its latest revision).
pub const OB_CONTEXT: &str = "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json";

/// China has one time zone: the office's dates are at +08:00.
const CHINA: &str = "+08:00";

/// A certificate's place on a status list, as its credential names it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StatusEntry {
    /// The status list credential's `id` (its address).
    pub list: String,
    pub index: u64,
}

/// The classes of credit a kind states, each with the `resultType` and
/// the words of its result.
fn classes(kind: Kind) -> &'static [(Sum, &'static str, &'static str)] {
    const ALL: [(Sum, &str, &str); 3] = [
        (Sum::NationalI, "ext:NationalClassICredits", "国家级I类学分"),
        (Sum::ProvincialI, "ext:ProvincialClassICredits", "省I类学分"),
        (Sum::ClassII, "ext:ClassIICredits", "II类学分"),
    ];
    match kind {
        Kind::All => &ALL,
        Kind::ClassI => &ALL[..2],
        Kind::ClassII => &ALL[2..],
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Sum {
    NationalI,
    ProvincialI,
    ClassII,
}

impl Sum {
    fn of(self, t: Totals) -> i64 {
        match self {
            Sum::NationalI => t.national_i,
            Sum::ProvincialI => t.provincial_i,
            Sum::ClassII => t.class_ii,
        }
    }

    fn slug(self) -> &'static str {
        match self {
            Sum::NationalI => "national-i",
            Sum::ProvincialI => "provincial-i",
            Sum::ClassII => "class-ii",
        }
    }
}

/// A `urn:uuid:` made of the first 16 bytes of the SHA-256 of `parts`
/// (marked version 8, RFC 9562's form for UUIDs made by other means).
fn derived_uuid(parts: &[&str]) -> String {
    let mut h = Sha256::new();
    for p in parts {
        h.update(p.as_bytes());
        h.update([0]);
    }
    let mut b: [u8; 16] = h.finalize()[..16].try_into().unwrap_or_default();
    b[6] = (b[6] & 0x0f) | 0x80;
    b[8] = (b[8] & 0x3f) | 0x80;
    let x = to_hex(&b);
    format!(
        "urn:uuid:{}-{}-{}-{}-{}",
        &x[..8],
        &x[8..12],
        &x[12..16],
        &x[16..20],
        &x[20..]
    )
}

/// The salt of a certificate's ID number hash: 16 bytes of the key's
/// signature of its code, in hex.
fn salt(key: &SigningKey, code: &str) -> String {
    let signature = key.sign(format!("meded-credential-salt\0{code}").as_bytes());
    to_hex(&signature[..16])
}

/// An ID number as Open Badges hashes an identity: `sha256$` and the hex
/// SHA-256 of the number followed by the salt, both UTF-8. Whoever holds
/// the member's ID card computes the same and compares.
pub fn identity_hash(id_number: &str, salt: &str) -> String {
    let h = Sha256::digest(format!("{id_number}{salt}").as_bytes());
    format!("sha256${}", to_hex(&h))
}

/// `2017-10-27T00:00:00+08:00`.
fn midnight(date: NaiveDate) -> String {
    format!("{}T00:00:00{CHINA}", date.format("%Y-%m-%d"))
}

/// The signed credential of `c` (whose code is set), on the status list
/// at `entry`.
pub fn credential(c: &Certificate, entry: &StatusEntry, key: &SigningKey) -> Value {
    let public = key.public();
    let did = vc::did_key(&public);
    let code = parse_code(&c.code).unwrap_or_else(|| c.code.clone());
    let printed = format_code(&code);
    let id = derived_uuid(&["meded credential", &did, &code]);
    let achievement_id = derived_uuid(&["meded achievement", &did, &code]);
    let salt = salt(key, &code);
    let span = format!("{}–{}", c.from_year, c.to_year);
    let total: i64 = c
        .years
        .iter()
        .map(|y| {
            let t = y.totals();
            classes(c.kind).iter().map(|(k, _, _)| k.of(t)).sum::<i64>()
        })
        .sum();
    let mut descriptions = Vec::new();
    let mut results = Vec::new();
    for block in &c.years {
        let t = block.totals();
        for (class, result_type, words) in classes(c.kind) {
            let rid = format!("{achievement_id}#{}-{}", block.year, class.slug());
            descriptions.push(json!({
                "id": rid,
                "type": ["ResultDescription"],
                "name": format!("{}年度{words}", block.year),
                "resultType": result_type,
            }));
            results.push(json!({
                "type": ["Result"],
                "resultDescription": rid,
                "value": Credits(class.of(t)).to_string(),
            }));
        }
    }
    let achievement = json!({
        "id": achievement_id,
        "type": ["Achievement"],
        "achievementType": "Certificate",
        "name": format!("{} · {} · {span}", c.heading(), c.kind.label()),
        "description": format!(
            "{}{}年至{}年审核通过的继续医学教育学分,按举办年度逐年列出。",
            c.kind.label(), c.from_year, c.to_year
        ),
        "criteria": {
            "narrative": "学分记录经审核通过(审核通过)后计入;列出每年各类学分及合计。Credits counted once approved; each year's credits of each class and the total."
        },
        "creditsAvailable": as_number(total),
        "inLanguage": "zh-CN",
        "resultDescription": descriptions,
    });
    let subject = json!({
        "type": ["AchievementSubject"],
        "name": c.person_name,
        "identifier": [{
            "type": "IdentityObject",
            "identityType": "nationalIdentityNumber",
            "hashed": true,
            "identityHash": identity_hash(&c.id_number, &salt),
            "salt": salt,
        }],
        "activityStartDate": format!("{}-01-01T00:00:00{CHINA}", c.from_year),
        "activityEndDate": format!("{}-12-31T23:59:59{CHINA}", c.to_year),
        "creditsEarned": as_number(total),
        "achievement": achievement,
        "result": results,
    });
    let mut doc = Map::new();
    doc.insert("@context".into(), json!([VC_CONTEXT, OB_CONTEXT]));
    doc.insert("id".into(), json!(id));
    doc.insert(
        "type".into(),
        json!(["VerifiableCredential", "OpenBadgeCredential"]),
    );
    doc.insert("name".into(), json!(c.heading()));
    doc.insert("description".into(), json!(c.intro()));
    doc.insert(
        "issuer".into(),
        json!({ "id": did, "type": ["Profile"], "name": c.org_name, "description": c.issuer }),
    );
    doc.insert("validFrom".into(), json!(midnight(c.issue_date)));
    doc.insert("credentialSubject".into(), subject);
    doc.insert("verificationCode".into(), json!(printed));
    doc.insert(
        "credentialStatus".into(),
        json!({
            "id": format!("{}#{}", entry.list, entry.index),
            "type": "BitstringStatusListEntry",
            "statusPurpose": "revocation",
            "statusListIndex": entry.index.to_string(),
            "statusListCredential": entry.list,
        }),
    );
    vc::sign(&mut doc, key, None);
    Value::Object(doc)
}

/// The credential's file name: the PDF's, with `.json`.
pub fn file_name(c: &Certificate) -> String {
    let pdf = c.file_name();
    format!("{}.json", pdf.strip_suffix(".pdf").unwrap_or(&pdf))
}

/// A credential or status list as its file holds it: indented JSON and a
/// newline (the signature covers the canonical form, not the spacing).
pub fn to_text(value: &Value) -> String {
    let mut text = serde_json::to_string_pretty(value).unwrap_or_default();
    text.push('\n');
    text
}

/// The signed `BitstringStatusListCredential` at `url`: `entries` entries,
/// the bits of `revoked` set, as of `valid_from` (RFC 3339).
pub fn status_list(
    url: &str,
    entries: u64,
    revoked: &[u64],
    valid_from: &str,
    key: &SigningKey,
) -> Value {
    let mut doc = Map::new();
    doc.insert("@context".into(), json!([VC_CONTEXT]));
    doc.insert("id".into(), json!(url));
    doc.insert(
        "type".into(),
        json!(["VerifiableCredential", "BitstringStatusListCredential"]),
    );
    doc.insert("issuer".into(), json!(vc::did_key(&key.public())));
    doc.insert("validFrom".into(), json!(valid_from));
    doc.insert(
        "credentialSubject".into(),
        json!({
            "id": format!("{url}#list"),
            "type": "BitstringStatusList",
            "statusPurpose": "revocation",
            "encodedList": vc::encode_list(entries, revoked.iter().copied()),
        }),
    );
    vc::sign(&mut doc, key, None);
    Value::Object(doc)
}

/// What a credential meded wrote states.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Stated {
    /// As printed: `7KQ2-M9XD-4TWP`.
    pub code: String,
    pub name: String,
    pub org_name: String,
    pub from: i32,
    pub to: i32,
    pub kind: Kind,
    pub issue_date: NaiveDate,
    /// The total credits, in tenths.
    pub credits: i64,
    pub status: Option<StatusEntry>,
}

fn types(v: &Value) -> Vec<&str> {
    match v {
        Value::Array(a) => a.iter().filter_map(Value::as_str).collect(),
        Value::String(s) => vec![s.as_str()],
        _ => Vec::new(),
    }
}

/// Whether a JSON value is a Verifiable Credential at all.
pub fn is_credential(v: &Value) -> bool {
    v.get("@context")
        .and_then(Value::as_array)
        .and_then(|a| a.first())
        .and_then(Value::as_str)
        == Some(VC_CONTEXT)
        && v.get("type")
            .is_some_and(|t| types(t).contains(&"VerifiableCredential"))
}

/// What a credential states, if it is a certificate's as meded writes them.
pub fn stated(v: &Value) -> Option<Stated> {
    if !types(v.get("type")?).contains(&"OpenBadgeCredential") {
        return None;
    }
    let subject = v.get("credentialSubject")?;
    let year = |field: &str| -> Option<i32> {
        let s = subject.get(field)?.as_str()?;
        Some(DateTime::parse_from_rfc3339(s).ok()?.year())
    };
    let achievement = subject.get("achievement")?;
    let result_types: Vec<&str> = achievement
        .get("resultDescription")?
        .as_array()?
        .iter()
        .filter_map(|d| d.get("resultType")?.as_str())
        .collect();
    let kind = [Kind::All, Kind::ClassI, Kind::ClassII]
        .into_iter()
        .find(|k| {
            let mut wanted: Vec<&str> = classes(*k).iter().map(|(_, t, _)| *t).collect();
            let mut found = result_types.clone();
            wanted.sort_unstable();
            found.sort_unstable();
            found.dedup();
            wanted == found
        })?;
    let valid_from = DateTime::parse_from_rfc3339(v.get("validFrom")?.as_str()?).ok()?;
    let status = v.get("credentialStatus").and_then(|s| {
        Some(StatusEntry {
            list: s.get("statusListCredential")?.as_str()?.to_owned(),
            index: s.get("statusListIndex")?.as_str()?.parse().ok()?,
        })
    });
    let credits = subject.get("creditsEarned")?.as_f64()?;
    Some(Stated {
        code: format_code(&parse_code(v.get("verificationCode")?.as_str()?)?),
        name: subject.get("name")?.as_str()?.to_owned(),
        org_name: v
            .get("issuer")?
            .get("name")
            .and_then(Value::as_str)
            .unwrap_or_default()
            .to_owned(),
        from: year("activityStartDate")?,
        to: year("activityEndDate")?,
        kind,
        issue_date: valid_from.date_naive(),
        credits: (credits * 10.0).round() as i64,
        status,
    })
}

/// The issuer's `did:key` of a credential (its `issuer`, or `issuer.id`).
pub fn issuer(v: &Value) -> Option<&str> {
    let issuer = v.get("issuer")?;
    issuer
        .as_str()
        .or_else(|| issuer.get("id").and_then(Value::as_str))
}

/// Why a signed credential does not hold, as a message; `Ok` with the key
/// that signed it when its proof is right, by its issuer.
pub fn check_proof(v: &Value) -> Result<KeyId, ProofFailure> {
    let key = vc::verify(v).map_err(ProofFailure::Proof)?;
    let did = issuer(v).unwrap_or_default();
    if vc::key_of_did(did).map(|k| k.id) != Some(key.id) {
        return Err(ProofFailure::NotTheIssuer(did.to_owned()));
    }
    Ok(key.id)
}

/// A proof that does not hold.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ProofFailure {
    Proof(vc::ProofError),
    /// Signed, but not by the key its `issuer` names.
    NotTheIssuer(String),
}

impl ProofFailure {
    /// A proof meded cannot check at all (another cryptosuite): unusable
    /// input, not a verdict.
    pub fn unusable(&self) -> bool {
        matches!(self, ProofFailure::Proof(vc::ProofError::Unsupported(_)))
    }

    pub fn message(&self) -> Msg {
        use vc::ProofError as P;
        match self {
            ProofFailure::Proof(P::Missing) => msg!(
                "凭证没有签名(proof)",
                "the credential carries no proof (signature)"
            ),
            ProofFailure::Proof(P::Unsupported(what)) => msg!(
                "凭证的签名类型 {what} 不是 eddsa-jcs-2022 的 DataIntegrityProof,meded 无法验证",
                "the credential's proof is {what}, not a DataIntegrityProof of eddsa-jcs-2022: meded cannot check it"
            ),
            ProofFailure::Proof(P::NotADidKey(m)) => msg!(
                "签名的验证方法 {m} 不是 Ed25519 密钥的 did:key",
                "the proof's verification method {m} is not the did:key of an Ed25519 key"
            ),
            ProofFailure::Proof(P::ContextMismatch) => msg!(
                "签名的 @context 与凭证的不符:凭证在签发后被改动",
                "the proof's @context is not the credential's: the credential was changed after it was signed"
            ),
            ProofFailure::Proof(P::MalformedValue) => {
                msg!("签名值(proofValue)已损坏", "the proof value is damaged")
            }
            ProofFailure::Proof(P::BadSignature) => msg!(
                "签名不符:凭证在签发后被改动",
                "the signature does not match: the credential was changed after it was signed"
            ),
            ProofFailure::NotTheIssuer(did) => msg!(
                "签名者不是凭证所称的签发者 {did}",
                "the credential was not signed by the issuer it names ({did})"
            ),
        }
    }
}

/// A status list whose proof checked out, by a trusted key.
#[derive(Debug, Clone)]
pub struct CheckedList {
    pub url: String,
    pub as_of: DateTime<FixedOffset>,
    pub key_id: KeyId,
    bits: Vec<u8>,
}

impl CheckedList {
    /// Entry `index`: `None` past the end of the list.
    pub fn revoked(&self, index: u64) -> Option<bool> {
        vc::bit(&self.bits, index)
    }

    /// Entries in the list.
    pub fn entries(&self) -> u64 {
        self.bits.len() as u64 * 8
    }
}

/// Reads a `BitstringStatusListCredential` and checks it: signed
/// (`eddsa-jcs-2022`) by its issuer, whose key is trusted; for
/// revocation; at least 131,072 entries. Any failure is a reason the list
/// cannot be used.
pub fn read_status_list(text: &str, trusted: &TrustedKeys) -> Result<CheckedList, Msg> {
    let v: Value = serde_json::from_str(text)
        .map_err(|e| msg!("不是 JSON 文件({e})", "not a JSON file ({e})"))?;
    if !is_credential(&v)
        || !v
            .get("type")
            .is_some_and(|t| types(t).contains(&"BitstringStatusListCredential"))
    {
        return Err(msg!(
            "不是状态列表凭证(BitstringStatusListCredential)",
            "not a status list credential (BitstringStatusListCredential)"
        ));
    }
    let key_id = check_proof(&v).map_err(|f| f.message())?;
    if trusted.find(key_id).is_none() {
        return Err(msg!(
            "签名密钥 {key_id} 不在受信任的公钥之中",
            "signed with the key {key_id}, which is not among the trusted public keys"
        ));
    }
    let subject = v.get("credentialSubject");
    let field = |name: &str| {
        subject
            .and_then(|s| s.get(name))
            .and_then(Value::as_str)
            .unwrap_or_default()
    };
    if field("statusPurpose") != "revocation" {
        let p = field("statusPurpose");
        return Err(msg!(
            "列表的用途是“{p}”,不是作废(revocation)",
            "the list's purpose is '{p}', not revocation"
        ));
    }
    let bits = vc::decode_list(field("encodedList")).ok_or_else(|| {
        msg!(
            "encodedList 不是 GZIP 压缩、base64url 编码的位串",
            "its encodedList is not a GZIP-compressed, base64url-encoded bitstring"
        )
    })?;
    if (bits.len() as u64) * 8 < vc::MIN_ENTRIES {
        let n = bits.len() as u64 * 8;
        let min = vc::MIN_ENTRIES;
        return Err(msg!(
            "列表只有 {n} 项,少于标准要求的 {min} 项",
            "the list has {n} entries, fewer than the {min} the standard requires"
        ));
    }
    let as_of = v
        .get("validFrom")
        .and_then(Value::as_str)
        .and_then(|s| DateTime::parse_from_rfc3339(s).ok())
        .ok_or_else(|| msg!("validFrom 时间无效", "its validFrom time is not valid"))?;
    Ok(CheckedList {
        url: v
            .get("id")
            .and_then(Value::as_str)
            .unwrap_or_default()
            .to_owned(),
        as_of,
        key_id,
        bits,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::certificate::model::figure_27;

    fn entry() -> StatusEntry {
        StatusEntry {
            list: "https://cme.example.org/meded/status.json".into(),
            index: 94_567,
        }
    }

    fn sample() -> Certificate {
        let mut c = figure_27(Kind::All);
        c.code = "7KQ2-M9XD-4TWP".into();
        c
    }

    #[test]
    fn a_certificate_becomes_an_open_badge_that_verifies_and_reads_back() {
        let key = SigningKey::generate().unwrap();
        let c = sample();
        let v = credential(&c, &entry(), &key);
        assert_eq!(v["@context"], json!([VC_CONTEXT, OB_CONTEXT]));
        assert_eq!(v["issuer"]["id"], vc::did_key(&key.public()));
        assert_eq!(v["validFrom"], "2017-10-27T00:00:00+08:00");
        assert_eq!(check_proof(&v).unwrap(), key.id());
        // The ID number is nowhere in it, only its salted hash.
        let text = to_text(&v);
        assert!(!text.contains(&c.id_number), "{text}");
        let ident = &v["credentialSubject"]["identifier"][0];
        assert_eq!(
            ident["identityHash"],
            identity_hash(&c.id_number, ident["salt"].as_str().unwrap())
        );
        let s = stated(&v).unwrap();
        assert_eq!(s.code, "7KQ2-M9XD-4TWP");
        assert_eq!(s.name, c.person_name);
        assert_eq!((s.from, s.to, s.kind), (2015, 2017, Kind::All));
        assert_eq!(s.issue_date, c.issue_date);
        assert_eq!(s.credits, 100);
        assert_eq!(s.status, Some(entry()));
        // Deterministic: the same certificate gives the same credential.
        assert_eq!(credential(&c, &entry(), &key), v);
        // A class I certificate states class I results only, and reads back as one.
        let mut one = figure_27(Kind::ClassI);
        one.code = c.code.clone();
        let v1 = credential(&one, &entry(), &key);
        assert_eq!(stated(&v1).unwrap().kind, Kind::ClassI);
        assert_eq!(
            v1["credentialSubject"]["result"].as_array().unwrap().len(),
            6
        );
    }

    #[test]
    fn a_changed_credit_or_name_fails() {
        let key = SigningKey::generate().unwrap();
        let v = credential(&sample(), &entry(), &key);
        let mut more = v.clone();
        more["credentialSubject"]["creditsEarned"] = json!(20.0);
        assert!(check_proof(&more).is_err());
        let mut name = v.clone();
        name["credentialSubject"]["name"] = json!("李四");
        assert!(check_proof(&name).is_err());
        // Signed by one key, claiming another issuer.
        let other = SigningKey::generate().unwrap();
        let mut issuer = v;
        issuer["issuer"]["id"] = json!(vc::did_key(&other.public()));
        assert!(check_proof(&issuer).is_err());
    }

    #[test]
    fn a_status_list_is_signed_and_read_back_by_a_trusted_key_only() {
        let key = SigningKey::generate().unwrap();
        let list = status_list(
            "urn:uuid:0c5b8a1e-0000-8000-8000-000000000000",
            vc::MIN_ENTRIES,
            &[3, 94_567],
            "2026-11-25T20:50:02+08:00",
            &key,
        );
        let text = to_text(&list);
        let trusted = TrustedKeys::new(vec![key.public()]);
        let read = read_status_list(&text, &trusted).unwrap();
        assert_eq!(read.revoked(94_567), Some(true));
        assert_eq!(read.revoked(94_566), Some(false));
        assert_eq!(read.entries(), vc::MIN_ENTRIES);
        assert_eq!(read.key_id, key.id());
        let other = TrustedKeys::new(vec![SigningKey::generate().unwrap().public()]);
        assert!(read_status_list(&text, &other).is_err());
        let changed = text.replace("revocation", "suspension");
        assert!(read_status_list(&changed, &trusted).is_err());
    }
}
