//! W3C Verifiable Credentials as meded signs and checks them: Data Integrity proofs of the cryptosuite `eddsa-jcs-2022`, `did:key` names of Ed25519 keys, and Bitstring Status Lists.
//!
//! `eddsa-jcs-2022` (W3C Data Integrity EdDSA Cryptosuites v1.0, §3.3)
//! needs no JSON-LD processing: the proof's options (everything but
//! `proofValue`, with the document's `@context`) and the document without
//! its proof are each put in RFC 8785 canonical form (JCS) and hashed with
//! SHA-256; the Ed25519 signature covers the two hashes, the proof's first;
//! `proofValue` is the signature in base58btc multibase (`z…`). Anyone with
//! a JCS library, SHA-256 and Ed25519 can check it, and the public key is in
//! the verification method itself: `did:key:z6Mk…` is the multibase of the
//! multicodec `ed25519-pub` (0xed 0x01) and the 32-byte key.
//!
//! A Bitstring Status List (W3C, 2025) publishes revocations as one signed
//! credential whose `encodedList` is a bitstring of at least 131,072
//! entries, GZIP-compressed and written in base64url multibase (`u…`);
//! entry 0 is the left-most (most significant) bit of the first byte.
//!
//! This module knows nothing of certificates: it signs and checks JSON
//! values. `certificate::credential` says what a certificate's credential
//! holds.

use std::io::{Read, Write};

use base64::Engine as _;
use serde_json::{Map, Value, json};
use sha2::{Digest, Sha256};

use crate::sign::{PublicKey, SigningKey};

/// The cryptosuite meded signs with and checks.
pub const CRYPTOSUITE: &str = "eddsa-jcs-2022";

/// The fewest entries a status list may have (16 KiB of bits): a verifier
/// that fetches a list learns nothing of which credential it wanted.
pub const MIN_ENTRIES: u64 = 131_072;

/// The most a status list may expand to: a list is read from a file
/// someone handed over, and a small GZIP stream can expand without end.
const MAX_LIST_BYTES: u64 = 16 << 20;

/// The multicodec prefix of an Ed25519 public key (`ed25519-pub`, varint).
const ED25519_PUB: [u8; 2] = [0xed, 0x01];

/// RFC 8785 (JCS): the one serialisation of a JSON value that both the
/// signer and any verifier compute, whatever order or spacing the file
/// has. A `Value` holds no NaN or infinity, the only values JCS refuses.
pub fn canonical(value: &Value) -> Vec<u8> {
    serde_jcs::to_vec(value).unwrap_or_default()
}

/// `z` and the base58btc of `bytes`: multibase as Data Integrity writes
/// proof values and keys.
pub fn multibase58(bytes: &[u8]) -> String {
    format!("z{}", bs58::encode(bytes).into_string())
}

/// The bytes of a base58btc multibase text (`z…`).
pub fn from_multibase58(text: &str) -> Option<Vec<u8>> {
    bs58::decode(text.strip_prefix('z')?).into_vec().ok()
}

/// The `did:key` of an Ed25519 public key: `did:key:z6Mk…`.
pub fn did_key(public: &PublicKey) -> String {
    let mut bytes = ED25519_PUB.to_vec();
    bytes.extend_from_slice(public.key.as_bytes());
    format!("did:key:{}", multibase58(&bytes))
}

/// The public key a `did:key` (or one of its verification methods,
/// `did:key:z6Mk…#z6Mk…`) names, if it is an Ed25519 key's.
pub fn key_of_did(did: &str) -> Option<PublicKey> {
    let (did, fragment) = match did.split_once('#') {
        Some((d, f)) => (d, Some(f)),
        None => (did, None),
    };
    let id = did.strip_prefix("did:key:")?;
    // The verification method of a did:key is the key itself again.
    if fragment.is_some_and(|f| f != id) {
        return None;
    }
    let bytes = from_multibase58(id)?;
    let key: [u8; 32] = bytes.strip_prefix(&ED25519_PUB)?.try_into().ok()?;
    PublicKey::from_bytes(&key)
}

/// The verification method of a key's `did:key`: the DID, `#`, its
/// multibase key.
pub fn verification_method(public: &PublicKey) -> String {
    let did = did_key(public);
    let fragment = did.trim_start_matches("did:key:").to_owned();
    format!("{did}#{fragment}")
}

/// What the signature covers: SHA-256 of the canonical proof
/// configuration, then SHA-256 of the canonical document.
pub fn hash_data(proof_config: &Value, document: &Value) -> [u8; 64] {
    let mut out = [0u8; 64];
    out[..32].copy_from_slice(&Sha256::digest(canonical(proof_config)));
    out[32..].copy_from_slice(&Sha256::digest(canonical(document)));
    out
}

/// Signs `document` (a JSON object without a proof) and adds the proof:
/// a `DataIntegrityProof` of `eddsa-jcs-2022` for `assertionMethod`, by
/// the key's `did:key`. `created`, when given, is the proof's time
/// (RFC 3339); meded leaves it out, so that the same credential signed
/// again is the same bytes. The proof carries the document's `@context`,
/// as the cryptosuite's proof configuration does.
pub fn sign(document: &mut Map<String, Value>, key: &SigningKey, created: Option<&str>) {
    document.remove("proof");
    let mut proof = Map::new();
    proof.insert("type".into(), json!("DataIntegrityProof"));
    proof.insert("cryptosuite".into(), json!(CRYPTOSUITE));
    if let Some(created) = created {
        proof.insert("created".into(), json!(created));
    }
    proof.insert(
        "verificationMethod".into(),
        json!(verification_method(&key.public())),
    );
    proof.insert("proofPurpose".into(), json!("assertionMethod"));
    if let Some(context) = document.get("@context") {
        proof.insert("@context".into(), context.clone());
    }
    let data = hash_data(
        &Value::Object(proof.clone()),
        &Value::Object(document.clone()),
    );
    proof.insert("proofValue".into(), json!(multibase58(&key.sign(&data))));
    document.insert("proof".into(), Value::Object(proof));
}

/// Why a proof does not hold.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ProofError {
    /// No `proof`, or one without the parts every Data Integrity proof
    /// has: nothing to check.
    Missing,
    /// A proof of another kind or cryptosuite, which meded cannot check
    /// (not a verdict on the credential).
    Unsupported(String),
    /// The verification method is not a `did:key` of an Ed25519 key.
    NotADidKey(String),
    /// The proof's `@context` is not where the document's begins.
    ContextMismatch,
    /// `proofValue` is not base58btc of 64 bytes.
    MalformedValue,
    /// The signature does not match: the document or its proof changed.
    BadSignature,
}

/// Checks the `eddsa-jcs-2022` proof of `secured` (W3C Data Integrity
/// EdDSA Cryptosuites v1.0, §3.3.2) and returns the key that made it.
/// Whether that key is one to trust is the caller's question.
pub fn verify(secured: &Value) -> Result<PublicKey, ProofError> {
    let doc = secured.as_object().ok_or(ProofError::Missing)?;
    let mut options = doc
        .get("proof")
        .and_then(Value::as_object)
        .cloned()
        .ok_or(ProofError::Missing)?;
    let value = options
        .remove("proofValue")
        .and_then(|v| v.as_str().map(str::to_owned))
        .ok_or(ProofError::Missing)?;
    let kind = options.get("type").and_then(Value::as_str).unwrap_or("");
    let suite = options
        .get("cryptosuite")
        .and_then(Value::as_str)
        .unwrap_or("");
    if kind != "DataIntegrityProof" || suite != CRYPTOSUITE {
        return Err(ProofError::Unsupported(format!("{kind} {suite}")));
    }
    let method = options
        .get("verificationMethod")
        .and_then(Value::as_str)
        .unwrap_or("");
    let key = key_of_did(method).ok_or_else(|| ProofError::NotADidKey(method.to_owned()))?;
    let mut unsecured = doc.clone();
    unsecured.remove("proof");
    if let Some(context) = options.get("@context") {
        // The document's contexts must begin with the proof's, in order;
        // the document is then hashed with the proof's.
        let theirs = as_list(context);
        let ours = unsecured.get("@context").map(as_list).unwrap_or_default();
        if ours.len() < theirs.len() || ours[..theirs.len()] != theirs[..] {
            return Err(ProofError::ContextMismatch);
        }
        unsecured.insert("@context".into(), context.clone());
    }
    let signature: [u8; 64] = from_multibase58(&value)
        .and_then(|b| b.try_into().ok())
        .ok_or(ProofError::MalformedValue)?;
    let data = hash_data(&Value::Object(options), &Value::Object(unsecured));
    if key.verifies(&data, &signature) {
        Ok(key)
    } else {
        Err(ProofError::BadSignature)
    }
}

/// A `@context` as a list (a single context may stand alone).
fn as_list(context: &Value) -> Vec<Value> {
    match context {
        Value::Array(items) => items.clone(),
        other => vec![other.clone()],
    }
}

/// The `encodedList` of a bitstring of `entries` bits (at least
/// [`MIN_ENTRIES`], rounded up to whole bytes) with the bits `set` on:
/// GZIP, then base64url without padding, after the multibase prefix `u`.
pub fn encode_list(entries: u64, set: impl IntoIterator<Item = u64>) -> String {
    let entries = entries.max(MIN_ENTRIES);
    let mut bits = vec![0u8; entries.div_ceil(8) as usize];
    for i in set {
        if let Some(byte) = bits.get_mut((i / 8) as usize) {
            *byte |= 0x80 >> (i % 8);
        }
    }
    let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
    // Writing to a Vec cannot fail.
    let _ = gz.write_all(&bits);
    let packed = gz.finish().unwrap_or_default();
    format!(
        "u{}",
        base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(packed)
    )
}

/// The bitstring of an `encodedList`; `None` unless it is base64url
/// multibase of GZIP (of at most 16 MiB).
pub fn decode_list(encoded: &str) -> Option<Vec<u8>> {
    let packed = base64::engine::general_purpose::URL_SAFE_NO_PAD
        .decode(encoded.strip_prefix('u')?)
        .ok()?;
    let mut bits = Vec::new();
    flate2::read::GzDecoder::new(&packed[..])
        .take(MAX_LIST_BYTES + 1)
        .read_to_end(&mut bits)
        .ok()?;
    (bits.len() as u64 <= MAX_LIST_BYTES).then_some(bits)
}

/// Entry `index` of a bitstring; `None` past its end.
pub fn bit(bits: &[u8], index: u64) -> Option<bool> {
    let byte = bits.get(usize::try_from(index / 8).ok()?)?;
    Some(byte & (0x80 >> (index % 8)) != 0)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fixture(name: &str) -> String {
        let path = format!(
            "{}/tests/fixtures/eddsa-jcs-2022/{name}",
            env!("CARGO_MANIFEST_DIR")
        );
        std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
    }

    fn json(name: &str) -> Value {
        serde_json::from_str(&fixture(name)).unwrap()
    }

    /// The specification's published vector (TestVectors/eddsa-jcs-2022 of
    /// the W3C repository, copied unchanged into tests/fixtures): the key
    /// pair, the canonical forms, both hashes, the signature and the signed
    /// credential, every one byte for byte.
    #[test]
    fn the_published_eddsa_jcs_2022_vector() {
        let pair = json("keyPair.json");
        let private = from_multibase58(pair["privateKeyMultibase"].as_str().unwrap()).unwrap();
        // Multicodec ed25519-priv (0x1300 as a varint: 0x80 0x26), then the seed.
        assert_eq!(private[..2], [0x80, 0x26]);
        let key = SigningKey::from_seed(&private[2..].try_into().unwrap());
        let did = did_key(&key.public());
        assert_eq!(
            did,
            format!("did:key:{}", pair["publicKeyMultibase"].as_str().unwrap())
        );

        let unsigned = json("unsigned.json");
        let config = json("proofConfigJCS.json");
        let canon_doc = canonical(&unsigned);
        let canon_config = canonical(&config);
        assert_eq!(
            String::from_utf8(canon_doc.clone()).unwrap(),
            fixture("canonDocJCS.txt")
        );
        assert_eq!(
            String::from_utf8(canon_config.clone()).unwrap(),
            fixture("proofCanonJCS.txt")
        );
        assert_eq!(
            crate::sign::to_hex(&Sha256::digest(&canon_doc)),
            fixture("docHashJCS.txt")
        );
        assert_eq!(
            crate::sign::to_hex(&Sha256::digest(&canon_config)),
            fixture("proofHashJCS.txt")
        );
        let data = hash_data(&config, &unsigned);
        assert_eq!(crate::sign::to_hex(&data), fixture("combinedHashJCS.txt"));
        let signature = key.sign(&data);
        assert_eq!(crate::sign::to_hex(&signature), fixture("sigHexJCS.txt"));
        assert_eq!(multibase58(&signature), fixture("sigBTC58JCS.txt"));

        // Signing the document the way meded signs gives the published
        // credential (with the vector's `created`).
        let mut doc = unsigned.as_object().unwrap().clone();
        sign(&mut doc, &key, config["created"].as_str());
        let signed = Value::Object(doc);
        assert_eq!(signed, json("signedJCS.json"));
        assert_eq!(verify(&signed).unwrap().id, key.id());
        assert_eq!(verify(&json("signedJCS.json")).unwrap().id, key.id());
    }

    #[test]
    fn a_changed_value_a_foreign_context_or_another_key_fail() {
        let signed = json("signedJCS.json");
        let mut changed = signed.clone();
        changed["credentialSubject"]["alumniOf"] = json!("The School of Forgers");
        assert_eq!(verify(&changed).unwrap_err(), ProofError::BadSignature);
        // Spacing and order do not matter: the canonical form is signed.
        let reordered: Value =
            serde_json::from_str(&serde_json::to_string_pretty(&signed).unwrap()).unwrap();
        assert!(verify(&reordered).is_ok());
        let mut context = signed.clone();
        context["@context"] = json!(["https://www.w3.org/ns/credentials/v2"]);
        assert_eq!(verify(&context).unwrap_err(), ProofError::ContextMismatch);
        let mut suite = signed.clone();
        suite["proof"]["cryptosuite"] = json!("eddsa-rdfc-2022");
        assert!(matches!(
            verify(&suite).unwrap_err(),
            ProofError::Unsupported(_)
        ));
        let other = SigningKey::generate().unwrap();
        let mut method = signed.clone();
        method["proof"]["verificationMethod"] = json!(verification_method(&other.public()));
        assert_eq!(verify(&method).unwrap_err(), ProofError::BadSignature);
        let mut stripped = signed;
        stripped.as_object_mut().unwrap().remove("proof");
        assert_eq!(verify(&stripped).unwrap_err(), ProofError::Missing);
    }

    #[test]
    fn rfc_8785_canonical_form() {
        // RFC 8785 §3.2.2 (sample input) and §3.2.3 (sorting by UTF-16 code units).
        let input: Value = serde_json::from_str(
            r#"{"numbers": [333333333.33333329, 1E30, 4.50, 2e-3, 0.000000000000000000000000001],
                "string": "\u20ac$\u000F\u000aA'\u0042\u0022\u005c\\\"\/",
                "literals": [null, true, false]}"#,
        )
        .unwrap();
        assert_eq!(
            String::from_utf8(canonical(&input)).unwrap(),
            r#"{"literals":[null,true,false],"numbers":[333333333.3333333,1e+30,4.5,0.002,1e-27],"string":"€$\u000f\nA'B\"\\\\\"/"}"#
        );
        let sorting: Value = serde_json::from_str(
            r#"{"\u20ac": "Euro Sign", "\r": "Carriage Return", "\ufb33": "Hebrew Letter Dalet With Dagesh",
                "1": "One", "\ud83d\ude00": "Emoji: Grinning Face", "\u0080": "Control", "\u00f6": "Latin Small Letter O With Diaeresis"}"#,
        )
        .unwrap();
        let text = String::from_utf8(canonical(&sorting)).unwrap();
        let at = |s: &str| text.find(s).unwrap();
        assert!(at("Carriage Return") < at("One"));
        assert!(at("One") < at("Control"));
        assert!(at("Control") < at("Latin Small"));
        assert!(at("Latin Small") < at("Euro Sign"));
        assert!(at("Euro Sign") < at("Emoji"));
        assert!(at("Emoji") < at("Hebrew"));
    }

    #[test]
    fn did_keys_round_trip() {
        let key = SigningKey::generate().unwrap();
        let did = did_key(&key.public());
        assert!(did.starts_with("did:key:z6Mk"), "{did}");
        assert_eq!(key_of_did(&did).unwrap().id, key.id());
        let method = verification_method(&key.public());
        assert_eq!(key_of_did(&method).unwrap().id, key.id());
        assert!(key_of_did(&format!("{did}#other")).is_none());
        assert!(key_of_did("did:web:example.org").is_none());
    }

    #[test]
    fn status_lists_keep_their_bits_and_their_size() {
        let encoded = encode_list(0, [0, 7, 94_567, MIN_ENTRIES - 1, MIN_ENTRIES + 5]);
        assert!(encoded.starts_with('u'));
        // All zeros but five bits: a few hundred characters, not 16 KiB.
        assert!(encoded.len() < 400, "{}", encoded.len());
        let bits = decode_list(&encoded).unwrap();
        assert_eq!(bits.len() as u64 * 8, MIN_ENTRIES);
        assert_eq!(bits[0], 0b1000_0001);
        for (i, on) in [
            (0, true),
            (1, false),
            (7, true),
            (94_567, true),
            (94_568, false),
        ] {
            assert_eq!(bit(&bits, i), Some(on), "{i}");
        }
        assert_eq!(bit(&bits, MIN_ENTRIES), None);
        assert!(decode_list("not a list").is_none());
        // The specification's example of an empty list decodes to 16 KiB of zeros.
        let example =
            decode_list("uH4sIAAAAAAAAA-3BMQEAAADCoPVPbQwfoAAAAAAAAAAAAAAAAAAAAIC3AYbSVKsAQAAA")
                .unwrap();
        assert_eq!(example.len(), 16 * 1024);
        assert!(example.iter().all(|b| *b == 0));
    }
}
