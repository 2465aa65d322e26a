//! The verification page: one static HTML file, with the issuing office's
//! public keys (and, if given, its signed revocation list) inside, that
//! checks a certificate's QR payload in any browser with no network.
//!
//! The page decodes Base45, inflates with the browser's
//! `DecompressionStream`, checks the Ed25519 signature with WebCrypto where
//! the browser has Ed25519 and otherwise with the bundled TweetNaCl.js
//! (public domain, 1.0.3, unmodified, its licence inside the page), and
//! shows what the certificate states, or why it fails, in Chinese with
//! English beside it. A certificate's standard credential dropped on the
//! page (or pasted) is checked there too: RFC 8785 canonical JSON, SHA-256
//! and Ed25519 of its `eddsa-jcs-2022` proof, its issuer's key among the
//! page's, and its bit on the status list the page holds. `?engine=js` in the page's address makes it use
//! TweetNaCl.js even where WebCrypto could (for testing both paths).

use std::io::Write;
use std::path::Path;

use serde::Serialize;

use crate::error::{Error, Result};
use crate::fsutil::AtomicFile;
use crate::sign::TrustedKeys;

const TEMPLATE: &str = include_str!("../../assets/verify/page.html");
const TWEETNACL: &str = include_str!("../../assets/verify/tweetnacl-1.0.3.js");
const TWEETNACL_LICENSE: &str = include_str!("../../assets/verify/TWEETNACL-LICENSE.txt");

#[derive(Serialize)]
struct PageKey {
    key_id: String,
    public_key: String,
}

/// JSON that can stand inside a `<script>` element: `</` (which would end
/// the element) written as `<\/`, which JSON reads the same.
fn script_json(value: &impl Serialize) -> String {
    serde_json::to_string(value)
        .unwrap_or_else(|_| "null".to_owned())
        .replace("</", "<\\/")
}

/// The page's HTML. `revocations` is the text of a signed revocation list
/// file and `status_list` of a status list (both already checked against
/// `keys`); `made` the time the page is made.
pub fn html(
    keys: &TrustedKeys,
    revocations: Option<&str>,
    status_list: Option<&str>,
    made: &str,
) -> String {
    let keys: Vec<PageKey> = keys
        .keys()
        .iter()
        .map(|k| PageKey {
            key_id: k.id.to_string(),
            public_key: k.hex(),
        })
        .collect();
    let list: Option<serde_json::Value> = revocations.and_then(|t| serde_json::from_str(t).ok());
    let status: Option<serde_json::Value> = status_list.and_then(|t| serde_json::from_str(t).ok());
    TEMPLATE
        .replace("/*MEDED_KEYS*/", &script_json(&keys))
        .replace("/*MEDED_REVOCATIONS*/", &script_json(&list))
        .replace("/*MEDED_MADE*/", &script_json(&made))
        .replace("/*MEDED_STATUS_LIST*/", &script_json(&status))
        .replace("/*TWEETNACL*/", TWEETNACL)
        .replace("/*TWEETNACL_LICENSE*/", TWEETNACL_LICENSE)
}

/// Writes the page to `path` (a public document: mode 0644).
pub fn write(
    path: &Path,
    keys: &TrustedKeys,
    revocations: Option<&str>,
    status_list: Option<&str>,
    made: &str,
) -> Result<()> {
    let page = html(keys, revocations, status_list, made);
    let mut file = AtomicFile::create_shared(path)?;
    file.file()
        .write_all(page.as_bytes())
        .map_err(|e| Error::io(path, e))?;
    file.commit()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sign::SigningKey;

    #[test]
    fn the_page_holds_the_keys_and_nothing_is_left_unfilled() {
        let key = SigningKey::generate().unwrap();
        let page = html(
            &TrustedKeys::new(vec![key.public()]),
            None,
            None,
            "2026-11-23",
        );
        assert!(page.contains(&key.public().hex()));
        assert!(page.contains(&key.id().to_string()));
        assert!(!page.contains("/*MEDED_") && !page.contains("/*TWEETNACL"));
        assert!(page.contains("nacl.sign.detached.verify"));
        assert!(page.contains("unlicense.org"));
        // The bundled script cannot end its element early.
        assert!(!TWEETNACL.contains("</script"));
        assert!(!TWEETNACL_LICENSE.contains("-->"));
        assert_eq!(script_json(&"a</script>"), "\"a<\\/script>\"");
    }
}
