//! Ed25519 signing keys: the private key in a file of its own, the public
//! keys a verifier trusts, and the record of every public key the database
//! has signed with.
//!
//! A key is named by its key identifier: the first 8 bytes of the SHA-256
//! of its public key, written as 16 hex digits. Signed data carries the
//! identifier, so that a verifier holding several public keys (an office
//! that replaced its key keeps trusting the old one for what it signed)
//! knows which to check against.
//!
//! The private key never goes into the database: a copy of the database
//! handed to someone (a backup, a support case) must not let them sign
//! certificates. The database keeps only the public keys, which are what
//! `key export` and `certificate verify-page` hand out.

use std::fmt;
use std::io::Write;
use std::path::{Path, PathBuf};

use crate::db::sql::{Connection, OptionalExtension, params};
use ed25519_dalek::{Signature, Signer as _};
use rand::TryRng;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use crate::error::{Error, Result};
use crate::fsutil::AtomicFile;
use crate::history::{Change, Item, now};
use crate::msg;

/// The first line of a private key file's key line.
const PRIVATE_TAG: &str = "meded-signing-key-v1";

/// The `format` of a public key file.
pub const PUBLIC_FORMAT: &str = "meded-public-keys-v1";

/// 8 bytes naming a public key: the start of its SHA-256.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct KeyId(pub [u8; 8]);

impl KeyId {
    pub fn of(public_key: &[u8; 32]) -> KeyId {
        let h = Sha256::digest(public_key);
        let mut id = [0u8; 8];
        id.copy_from_slice(&h[..8]);
        KeyId(id)
    }

    /// 16 hex digits, as printed and stored.
    pub fn parse(hex: &str) -> Option<KeyId> {
        let bytes = from_hex(hex.trim())?;
        Some(KeyId(bytes.try_into().ok()?))
    }
}

impl fmt::Display for KeyId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&to_hex(&self.0))
    }
}

impl Serialize for KeyId {
    fn serialize<S: serde::Serializer>(&self, s: S) -> std::result::Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

/// Lower-case hex.
pub fn to_hex(bytes: &[u8]) -> String {
    use fmt::Write as _;
    let mut s = String::with_capacity(bytes.len() * 2);
    for b in bytes {
        let _ = write!(s, "{b:02x}");
    }
    s
}

/// Hex, either case; `None` unless every pair is hex.
pub fn from_hex(s: &str) -> Option<Vec<u8>> {
    if !s.len().is_multiple_of(2) || !s.is_ascii() {
        return None;
    }
    (0..s.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(&s[i..i + 2], 16).ok())
        .collect()
}

/// A private key, ready to sign.
#[derive(Clone)]
pub struct SigningKey {
    key: ed25519_dalek::SigningKey,
    id: KeyId,
}

impl fmt::Debug for SigningKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // Never the secret, not even in a debug print.
        write!(f, "SigningKey({})", self.id)
    }
}

impl SigningKey {
    /// A new key from the operating system's random source.
    pub fn generate() -> Result<SigningKey> {
        let mut seed = [0u8; 32];
        rand::rngs::SysRng
            .try_fill_bytes(&mut seed)
            .map_err(|e| Error::Io {
                msg: msg!(
                    "无法从操作系统取得随机数",
                    "cannot get random numbers from the operating system"
                ),
                source: std::io::Error::other(e.to_string()),
            })?;
        Ok(SigningKey::from_seed(&seed))
    }

    /// The key of a 32-byte seed (RFC 8032's private key).
    pub fn from_seed(seed: &[u8; 32]) -> SigningKey {
        let key = ed25519_dalek::SigningKey::from_bytes(seed);
        let id = KeyId::of(key.verifying_key().as_bytes());
        SigningKey { key, id }
    }

    pub fn id(&self) -> KeyId {
        self.id
    }

    pub fn public(&self) -> PublicKey {
        PublicKey {
            id: self.id,
            key: self.key.verifying_key(),
            added_at: None,
        }
    }

    /// The Ed25519 signature of `message`.
    pub fn sign(&self, message: &[u8]) -> [u8; 64] {
        self.key.sign(message).to_bytes()
    }

    /// Reads a private key file written by [`SigningKey::write`].
    pub fn read(path: &Path) -> Result<SigningKey> {
        let text = std::fs::read_to_string(path).map_err(|e| Error::unreadable(path, &e))?;
        let p = path.display();
        let bad = || {
            Error::Input(msg!(
                "{p} 不是 meded 签名私钥文件",
                "{p} is not a meded signing key file"
            ))
        };
        let line = text
            .lines()
            .find_map(|l| l.trim().strip_prefix(PRIVATE_TAG))
            .ok_or_else(bad)?;
        let seed = from_hex(line.trim()).ok_or_else(bad)?;
        let seed: [u8; 32] = seed.try_into().map_err(|_| bad())?;
        Ok(SigningKey::from_seed(&seed))
    }

    /// Writes the private key to `path`, readable by its owner only (mode
    /// 0600). An existing file is replaced only with `replace`: a key that
    /// is overwritten by mistake can sign nothing again.
    pub fn write(&self, path: &Path, replace: bool) -> Result<()> {
        self.stage(path, replace)?.commit()
    }

    /// [`SigningKey::write`] up to the last step: the file is written under
    /// a temporary name and appears at `path` when committed (so that a
    /// command can record the key in the database first, and leave no key
    /// file behind if that fails).
    pub fn stage(&self, path: &Path, replace: bool) -> Result<AtomicFile> {
        if !replace && path.exists() {
            let p = path.display();
            return Err(Error::Usage(msg!(
                "{p} 已存在:不覆盖已有的签名私钥(确需换用新密钥时加 --replace)",
                "{p} exists: an existing signing key is not overwritten (add --replace to replace it with a new key)"
            )));
        }
        let id = self.id;
        let seed = to_hex(self.key.as_bytes());
        let text = format!(
            "# meded 签名私钥(Ed25519),密钥标识 {id}。请妥善保管,不要外传:持有此文件者可以签发学分证明。\n\
             # meded signing key (Ed25519), key id {id}. Keep it secret: whoever holds this file can sign certificates.\n\
             {PRIVATE_TAG} {seed}\n"
        );
        let mut file = AtomicFile::create(path)?;
        file.file()
            .write_all(text.as_bytes())
            .map_err(|e| Error::io(path, e))?;
        Ok(file)
    }
}

/// A public key a verifier may trust.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PublicKey {
    pub id: KeyId,
    pub key: ed25519_dalek::VerifyingKey,
    /// When the database first recorded it, if known.
    pub added_at: Option<String>,
}

impl PublicKey {
    pub fn from_bytes(bytes: &[u8; 32]) -> Option<PublicKey> {
        let key = ed25519_dalek::VerifyingKey::from_bytes(bytes).ok()?;
        Some(PublicKey {
            id: KeyId::of(bytes),
            key,
            added_at: None,
        })
    }

    pub fn hex(&self) -> String {
        to_hex(self.key.as_bytes())
    }

    /// Whether `signature` is this key's signature of `message` (strict
    /// RFC 8032 checking: no malleable signatures, no weak keys).
    pub fn verifies(&self, message: &[u8], signature: &[u8; 64]) -> bool {
        let sig = Signature::from_bytes(signature);
        self.key.verify_strict(message, &sig).is_ok()
    }
}

/// One key of a public key file.
#[derive(Debug, Serialize, Deserialize)]
struct KeyEntry {
    key_id: String,
    algorithm: String,
    public_key: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    added_at: Option<String>,
    /// The key that signs now (the others signed earlier certificates).
    #[serde(default)]
    current: bool,
}

/// A public key file: what `key export` writes and `--public-key` reads.
#[derive(Debug, Serialize, Deserialize)]
struct KeyFile {
    format: String,
    #[serde(default)]
    note: String,
    keys: Vec<KeyEntry>,
}

/// The public keys a verifier trusts: any of them may have signed.
#[derive(Debug, Clone, Default)]
pub struct TrustedKeys {
    keys: Vec<PublicKey>,
}

impl TrustedKeys {
    pub fn new(keys: Vec<PublicKey>) -> TrustedKeys {
        let mut t = TrustedKeys::default();
        for k in keys {
            t.add(k);
        }
        t
    }

    /// Adds a key unless it is there already.
    pub fn add(&mut self, key: PublicKey) {
        if !self.keys.iter().any(|k| k.id == key.id) {
            self.keys.push(key);
        }
    }

    pub fn is_empty(&self) -> bool {
        self.keys.is_empty()
    }

    pub fn keys(&self) -> &[PublicKey] {
        &self.keys
    }

    pub fn find(&self, id: KeyId) -> Option<&PublicKey> {
        self.keys.iter().find(|k| k.id == id)
    }

    /// Reads the keys of a public key file (several files may be read into
    /// one set). A private key file is accepted too: its public half.
    pub fn read_file(&mut self, path: &Path) -> Result<()> {
        let text = std::fs::read_to_string(path).map_err(|e| Error::unreadable(path, &e))?;
        let p = path.display();
        if text.contains(PRIVATE_TAG) {
            self.add(SigningKey::read(path)?.public());
            return Ok(());
        }
        let bad = |why: &str| {
            Error::Input(msg!(
                "{p} 不是 meded 公钥文件({why})",
                "{p} is not a meded public key file ({why})"
            ))
        };
        let file: KeyFile = serde_json::from_str(&text).map_err(|e| {
            let why = crate::error::json_reason(&e);
            let (zh, en) = (&why.zh, &why.en);
            Error::Input(msg!(
                "{p} 不是 meded 公钥文件:{zh};应是 meded key export 写出的文件",
                "{p} is not a meded public key file: {en}; it should be a file meded key export wrote"
            ))
        })?;
        if file.format != PUBLIC_FORMAT {
            return Err(bad(&file.format));
        }
        for k in file.keys {
            if !k.algorithm.eq_ignore_ascii_case("ed25519") {
                return Err(bad(&k.algorithm));
            }
            let bytes: [u8; 32] = from_hex(&k.public_key)
                .and_then(|b| b.try_into().ok())
                .ok_or_else(|| bad(&k.public_key))?;
            let mut key = PublicKey::from_bytes(&bytes).ok_or_else(|| bad(&k.public_key))?;
            if KeyId::parse(&k.key_id) != Some(key.id) {
                let (stated, actual) = (&k.key_id, key.id);
                return Err(Error::Input(msg!(
                    "{p}:密钥标识 {stated} 与公钥不符(应为 {actual})",
                    "{p}: the key id {stated} does not match the public key (it is {actual})"
                )));
            }
            key.added_at = k.added_at;
            self.add(key);
        }
        Ok(())
    }

    /// Writes the keys as a public key file; `current` marks the key that
    /// signs now.
    pub fn write_file(&self, path: &Path, current: Option<KeyId>) -> Result<()> {
        let file = KeyFile {
            format: PUBLIC_FORMAT.to_owned(),
            note: "meded 学分证明验证公钥 / public keys that verify meded credit certificates"
                .to_owned(),
            keys: self
                .keys
                .iter()
                .map(|k| KeyEntry {
                    key_id: k.id.to_string(),
                    algorithm: "Ed25519".to_owned(),
                    public_key: k.hex(),
                    added_at: k.added_at.clone(),
                    current: Some(k.id) == current,
                })
                .collect(),
        };
        let mut json = serde_json::to_string_pretty(&file).map_err(std::io::Error::other);
        if let Ok(j) = &mut json {
            j.push('\n');
        }
        let json = json.map_err(|e| Error::io(path, e))?;
        // Public keys are meant to be handed out.
        let mut out = AtomicFile::create_shared(path)?;
        out.file()
            .write_all(json.as_bytes())
            .map_err(|e| Error::io(path, e))?;
        out.commit()
    }
}

/// Where the private key lives unless `--key-file` says: beside the
/// database, named after it (`meded.db` → `meded.db.key`).
///
/// A server's database (a `postgres://` URL) has no folder: its key is
/// `meded-signing.key` in the current folder unless `--key-file` (or
/// MEDED_KEY_FILE) says where.
pub fn default_key_path(db: &Path) -> PathBuf {
    if crate::db::is_url(db) {
        let here = std::env::current_dir().unwrap_or_default();
        return here.join("meded-signing.key");
    }
    let mut name = db.file_name().unwrap_or_default().to_owned();
    name.push(".key");
    db.with_file_name(name)
}

/// The private key at `explicit` (`--key-file`), else beside the database.
/// A key that is not there is a usage error that says how to make one.
pub fn load(db: &Path, explicit: Option<&Path>) -> Result<SigningKey> {
    let path = explicit.map_or_else(|| default_key_path(db), Path::to_path_buf);
    if !path.exists() {
        return Err(no_key(&path));
    }
    SigningKey::read(&path)
}

fn no_key(path: &Path) -> Error {
    let p = path.display();
    Error::Usage(msg!(
        "没有签名私钥 {p}:请先用 meded key init 创建(或用 --key-file 指明私钥文件)",
        "no signing key at {p}: create one with meded key init (or name the key file with --key-file)"
    ))
}

/// A key made on first use by a command that signs, and where it was put.
#[derive(Debug, Clone)]
pub struct Created {
    pub path: PathBuf,
    pub id: KeyId,
}

/// The key that signs certificates: the one at `explicit`, which must
/// exist, else the one beside the database, which is created (mode 0600)
/// if there is none yet, so that an office's first certificates carry a
/// QR code without a separate step. Returns the key and, when it was just
/// created, where: a command that then fails removes it again
/// ([`Created::undo`]).
pub fn load_or_create(db: &Path, explicit: Option<&Path>) -> Result<(SigningKey, Option<Created>)> {
    if explicit.is_some() {
        return Ok((load(db, explicit)?, None));
    }
    let path = default_key_path(db);
    if path.exists() {
        return Ok((SigningKey::read(&path)?, None));
    }
    let key = SigningKey::generate()?;
    key.write(&path, false)?;
    let id = key.id();
    Ok((key, Some(Created { path, id })))
}

impl Created {
    /// Removes a key created by a command that then failed: it signed
    /// nothing that was kept.
    pub fn undo(&self) {
        let _ = std::fs::remove_file(&self.path);
    }

    /// Whether the database records the key: a certificate it signed was
    /// kept (issuing records the key with the first one).
    pub fn signed_anything(&self, conn: &Connection) -> Result<bool> {
        Ok(conn
            .prepare_cached("SELECT 1 FROM signing_key WHERE key_id = ?1")?
            .query_row([self.id.to_string()], |_| Ok(()))
            .optional()?
            .is_some())
    }
}

/// The public keys to trust when none are named: every key the database
/// has recorded (if there is a database) and the public half of the
/// private key (if there is one). Never creates either.
pub fn local_keys(db: &Path, explicit: Option<&Path>) -> Result<(TrustedKeys, Option<KeyId>)> {
    let mut keys = TrustedKeys::default();
    if crate::db::exists(db) {
        let conn = crate::db::open_as(db, crate::db::Access::Existing)?.conn;
        for k in recorded(&conn)? {
            keys.add(k);
        }
    }
    let path = explicit.map_or_else(|| default_key_path(db), Path::to_path_buf);
    let mut current = None;
    if path.exists() {
        let key = SigningKey::read(&path)?;
        current = Some(key.id());
        keys.add(key.public());
    } else if explicit.is_some() {
        return Err(no_key(&path));
    }
    Ok((keys, current))
}

/// The public keys the database has recorded, oldest first.
pub fn recorded(conn: &Connection) -> Result<Vec<PublicKey>> {
    let mut stmt = conn.prepare_cached(
        "SELECT key_id, public_key, added_at FROM signing_key ORDER BY added_at, key_id",
    )?;
    let rows = stmt.query_map([], |r| {
        Ok((
            r.get::<_, String>(0)?,
            r.get::<_, String>(1)?,
            r.get::<_, String>(2)?,
        ))
    })?;
    let mut out = Vec::new();
    for row in rows {
        let (id, hex, at) = row?;
        let key = from_hex(&hex)
            .and_then(|b| <[u8; 32]>::try_from(b).ok())
            .and_then(|b| PublicKey::from_bytes(&b));
        // A row edited by hand into something that is not a key is no
        // key to trust.
        if let Some(mut key) = key.filter(|k| k.id.to_string() == id) {
            key.added_at = Some(at);
            out.push(key);
        }
    }
    Ok(out)
}

/// Makes a new signing key: its public half recorded in the database and
/// its private half written to `path` (mode 0600), both or neither — the
/// public key is recorded and the file staged before either is final.
/// `orgs` (CME institutions, by code) are the organisations it signs for;
/// none: any. On a shared server only the owner of the tables adds keys:
/// the offices receive the key file.
pub fn init(
    conn: &mut Connection,
    path: &Path,
    replace: bool,
    orgs: &[String],
    who: &crate::history::Who,
) -> Result<SigningKey> {
    let key = SigningKey::generate()?;
    let tx = crate::db::write(conn)?;
    if crate::db::restricted(&tx)? {
        return Err(only_the_owner_adds_keys(&key.id(), orgs));
    }
    let mut found = Vec::new();
    for code in orgs {
        found.push(crate::org::find_kind(&tx, code, crate::org::OrgKind::Cme)?);
    }
    let change = Change::begin(&tx, who)?;
    record(&tx, &key.public(), &mut || Ok(change))?;
    let id = key.id().to_string();
    for org in &found {
        tx.execute(
            "INSERT INTO signing_key_org (key_id, org_id) VALUES (?1, ?2) ON CONFLICT DO NOTHING",
            params![id, org.id],
        )?;
        change.log(
            &tx,
            &Item {
                subject: &org.code,
                entity: "signing_key",
                action: "add",
                field: Some("签名密钥"),
                before: None,
                after: Some(&id),
                note: None,
            },
        )?;
    }
    let file = key.stage(path, replace)?;
    tx.commit()?;
    file.commit()?;
    Ok(key)
}

fn only_the_owner_adds_keys(id: &KeyId, orgs: &[String]) -> Error {
    let org = orgs.first().map_or("C…", String::as_str);
    Error::Database {
        msg: msg!(
            "签名密钥 {id} 不在数据库中:共享数据库中只有数据库所有者能添加签名密钥(由其运行 meded key init --org {org} --key-file 文件,再把私钥文件交给本单位)",
            "the signing key {id} is not recorded in the database: on a shared database only its owner adds signing keys (the owner runs meded key init --org {org} --key-file FILE and hands the key file to the office)"
        ),
        source: None,
    }
}

/// An organisation a key signs for, as a verification reports it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct KeyOrg {
    pub code: String,
    pub name: String,
    /// Earlier names, which certificates issued before a rename carry.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub earlier_names: Vec<String>,
}

/// The organisations a key the database records signs for (empty: any),
/// or `None` when the database does not record the key.
pub fn key_orgs(conn: &Connection, id: KeyId) -> Result<Option<Vec<KeyOrg>>> {
    let id = id.to_string();
    let known = conn
        .prepare_cached("SELECT 1 FROM signing_key WHERE key_id = ?1")?
        .query_row([&id], |_| Ok(()))
        .optional()?
        .is_some();
    if !known {
        return Ok(None);
    }
    let mut stmt = conn.prepare_cached(
        "SELECT o.code, o.name FROM signing_key_org k JOIN org o ON o.id = k.org_id
         WHERE k.key_id = ?1 ORDER BY o.code",
    )?;
    let found: Vec<(String, String)> = stmt
        .query_map([&id], |r| Ok((r.get(0)?, r.get(1)?)))?
        .collect::<crate::db::sql::Result<_>>()?;
    let mut names = conn.prepare_cached(
        "SELECT before FROM change_item
         WHERE subject = ?1 AND entity = 'org' AND field = '名称' AND before IS NOT NULL
         ORDER BY id",
    )?;
    let mut out = Vec::new();
    for (code, name) in found {
        let earlier: Vec<String> = names
            .query_map([&code], |r| r.get(0))?
            .collect::<crate::db::sql::Result<_>>()?;
        out.push(KeyOrg {
            code,
            name,
            earlier_names: earlier,
        });
    }
    Ok(Some(out))
}

/// The organisations a key may sign certificates for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Signs {
    /// Any: a key the database records for no organisation, or one it
    /// will record as it first signs.
    Any,
    /// These organisations (codes) only.
    Only(Vec<String>),
}

impl Signs {
    /// Why `key` may not sign for the organisation `org_code`; `None` when
    /// it may.
    pub fn refusal(&self, key: KeyId, org_code: &str) -> Option<crate::i18n::Msg> {
        match self {
            Signs::Any => None,
            Signs::Only(codes) if codes.iter().any(|c| c == org_code) => None,
            Signs::Only(codes) => {
                let covered = codes.join(", ");
                Some(msg!(
                    "签名密钥 {key} 只为 {covered} 签发,不能签发 {org_code} 的学分证明",
                    "the signing key {key} signs for {covered} only, not for {org_code}'s certificates"
                ))
            }
        }
    }
}

/// What `key` may sign for, as the database records it. A key it does not
/// record yet is recorded as it first signs — except by an office on a
/// shared server, where only the owner adds keys: an error.
pub fn signs_for(conn: &Connection, key: &SigningKey) -> Result<Signs> {
    match key_orgs(conn, key.id())? {
        None if crate::db::restricted(conn)? => Err(only_the_owner_adds_keys(&key.id(), &[])),
        None => Ok(Signs::Any),
        Some(orgs) if orgs.is_empty() => Ok(Signs::Any),
        Some(orgs) => Ok(Signs::Only(orgs.into_iter().map(|o| o.code).collect())),
    }
}

/// [`signs_for`] and [`Signs::refusal`] for one organisation: a usage
/// error when the key may not sign its certificates.
pub fn may_sign_for(conn: &Connection, key: &SigningKey, org_code: &str) -> Result<()> {
    match signs_for(conn, key)?.refusal(key.id(), org_code) {
        Some(why) => Err(Error::Usage(why)),
        None => Ok(()),
    }
}

/// Records `key` as one the database signs with, unless it is recorded
/// already; the change set is begun by `change` only when needed. Returns
/// whether it was new.
pub fn record(
    conn: &Connection,
    key: &PublicKey,
    change: &mut dyn FnMut() -> Result<Change>,
) -> Result<bool> {
    let id = key.id.to_string();
    let known = conn
        .prepare_cached("SELECT 1 FROM signing_key WHERE key_id = ?1")?
        .query_row([&id], |_| Ok(()))
        .optional()?
        .is_some();
    if known {
        return Ok(false);
    }
    let change = change()?;
    conn.prepare_cached(
        "INSERT INTO signing_key (key_id, public_key, added_at, created_change)
         VALUES (?1, ?2, ?3, ?4)",
    )?
    .execute(params![id, key.hex(), now(), change.id])?;
    change.log(
        conn,
        &Item {
            subject: &id,
            entity: "signing_key",
            action: "add",
            field: Some("public_key"),
            before: None,
            after: Some(&key.hex()),
            note: None,
        },
    )?;
    Ok(true)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rfc_8032_test_vector_1() {
        // RFC 8032 §7.1, TEST 1: the empty message.
        let seed: [u8; 32] =
            from_hex("9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60")
                .unwrap()
                .try_into()
                .unwrap();
        let key = SigningKey::from_seed(&seed);
        assert_eq!(
            key.public().hex(),
            "d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a"
        );
        let sig = key.sign(b"");
        assert_eq!(
            to_hex(&sig),
            "e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e065224901555fb8821590a33bacc61e39701cf9b46bd25bf5f0595bbe24655141438e7a100b"
        );
        assert!(key.public().verifies(b"", &sig));
        assert!(!key.public().verifies(b"x", &sig));
    }

    #[test]
    fn key_files_round_trip_and_are_private() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("k.key");
        let key = SigningKey::generate().unwrap();
        key.write(&path, false).unwrap();
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = std::fs::metadata(&path).unwrap().permissions().mode() & 0o777;
            assert_eq!(mode, 0o600);
        }
        let back = SigningKey::read(&path).unwrap();
        assert_eq!(back.id(), key.id());
        assert!(key.write(&path, false).is_err(), "no overwrite");
        let other = SigningKey::generate().unwrap();
        other.write(&path, true).unwrap();
        assert_eq!(SigningKey::read(&path).unwrap().id(), other.id());

        let public = dir.path().join("pub.json");
        let keys = TrustedKeys::new(vec![key.public(), other.public()]);
        keys.write_file(&public, Some(other.id())).unwrap();
        let mut read = TrustedKeys::default();
        read.read_file(&public).unwrap();
        assert_eq!(read.keys().len(), 2);
        assert!(read.find(key.id()).is_some());
        // A private key file is read as its public half.
        let mut from_private = TrustedKeys::default();
        from_private.read_file(&path).unwrap();
        assert_eq!(from_private.keys()[0].id, other.id());
    }

    #[test]
    fn a_public_key_file_with_a_wrong_id_is_refused() {
        let dir = tempfile::tempdir().unwrap();
        let public = dir.path().join("pub.json");
        let key = SigningKey::generate().unwrap();
        TrustedKeys::new(vec![key.public()])
            .write_file(&public, None)
            .unwrap();
        let text = std::fs::read_to_string(&public).unwrap();
        let wrong = text.replace(&key.id().to_string(), "0000000000000000");
        std::fs::write(&public, wrong).unwrap();
        let err = TrustedKeys::default().read_file(&public).unwrap_err();
        assert!(err.to_string().contains("does not match"), "{err}");
    }

    #[test]
    fn default_key_sits_beside_the_database() {
        assert_eq!(
            default_key_path(Path::new("/srv/meded.db")),
            Path::new("/srv/meded.db.key")
        );
        assert_eq!(default_key_path(Path::new("m.db")), Path::new("m.db.key"));
    }
}
