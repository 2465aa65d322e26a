//! Certificates as standard credentials (W3C Verifiable Credentials 2.0,
//! Open Badges 3.0): written beside the PDF, one or a whole organisation's;
//! checked offline by meded and by an independent verifier
//! (tests/vc_verify.py, built on PyPI's rfc8785, cryptography and base58);
//! revoked through the signed Bitstring Status List; and dropped on the
//! verification page in a real browser. Where Python's packages or Chromium
//! are missing, that part is skipped with a note on stderr (CI installs
//! them; under CI a missing one fails).

#![allow(clippy::print_stderr)]

use std::path::{Path, PathBuf};
use std::process::Command;

use serde_json::Value;
use sha2::{Digest, Sha256};

use crate::certificate::{ZHANG, figure_27_world};
use crate::common::*;

/// `certificate ZHANG --from 2015 --to 2017 -o OUT --vc VC --as-of 2017-10-27 [extra]`.
fn issue(env: &Env, pdf: &str, vc: &str, extra: &[&str]) -> Value {
    let mut args = vec![
        "certificate",
        ZHANG,
        "--from",
        "2015",
        "--to",
        "2017",
        "-o",
        pdf,
        "--vc",
        vc,
        "--as-of",
        "2017-10-27",
    ];
    args.extend_from_slice(extra);
    env.json(&args, 0)
}

fn read_json(path: &Path) -> Value {
    serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap()
}

/// `certificate verify --vc … --format json` with no database at all: its
/// JSON (null for unusable input, exit 2, which is said on stderr only).
fn verify_offline(env: &Env, args: &[&str], code: i32) -> Value {
    let mut cmd = env.bare_cmd();
    cmd.arg("--db")
        .arg(env.path("no-such-dir/none.db"))
        .args(["certificate", "verify"])
        .args(args)
        .args(["--format", "json"]);
    let run = Env::exec(cmd).expect(code);
    assert!(!env.path("no-such-dir").exists(), "no database is made");
    if code == 2 {
        assert!(
            run.stdout.is_empty() && !run.stderr.is_empty(),
            "{}",
            run.stderr
        );
        return Value::Null;
    }
    run.json()
}

/// `key export -o keys.json`, as a receiving office gets it.
fn export(env: &Env) -> String {
    env.run(&["key", "export", "-o", "keys.json"]).expect(0);
    env.path("keys.json").to_str().unwrap().to_owned()
}

/// `file` with the first `from` after `after` replaced by `to`.
fn changed(env: &Env, file: &str, after: &str, from: &str, to: &str, out: &str) -> PathBuf {
    let text = std::fs::read_to_string(env.path(file)).unwrap();
    let at = text
        .find(after)
        .unwrap_or_else(|| panic!("{after} in {text}"))
        + after.len();
    let rest = text[at..].replacen(from, to, 1);
    assert_ne!(rest, text[at..], "{from} after {after}");
    env.write(out, format!("{}{rest}", &text[..at]))
}

#[test]
fn a_certificate_is_also_an_open_badge_credential_that_verifies_offline() {
    let env = figure_27_world();
    let issued = issue(&env, "c.pdf", "c.json", &[]);
    let code = issued["code"].as_str().unwrap();
    assert_eq!(issued["credential"]["file"], "c.json");
    let vc = read_json(&env.path("c.json"));
    assert_eq!(mode(&env.path("c.json")), 0o600, "it names the member");

    // The standard's shape.
    assert_eq!(
        vc["@context"],
        serde_json::json!([
            "https://www.w3.org/ns/credentials/v2",
            "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json"
        ])
    );
    assert_eq!(
        vc["type"],
        serde_json::json!(["VerifiableCredential", "OpenBadgeCredential"])
    );
    let key = meded::sign::SigningKey::read(&env.key_path()).unwrap();
    let did = meded::vc::did_key(&key.public());
    assert!(did.starts_with("did:key:z6Mk"), "{did}");
    assert_eq!(vc["issuer"]["id"], did.as_str());
    assert_eq!(vc["issuer"]["name"], "四川省卫生和计划生育委员会");
    assert_eq!(vc["validFrom"], "2017-10-27T00:00:00+08:00");
    assert_eq!(vc["verificationCode"], code);
    let proof = &vc["proof"];
    assert_eq!(proof["type"], "DataIntegrityProof");
    assert_eq!(proof["cryptosuite"], "eddsa-jcs-2022");
    assert_eq!(proof["proofPurpose"], "assertionMethod");
    assert_eq!(
        proof["verificationMethod"],
        format!("{did}#{}", did.trim_start_matches("did:key:")).as_str()
    );
    assert!(proof["proofValue"].as_str().unwrap().starts_with('z'));

    // The subject: the name, the ID number only as a salted hash.
    let subject = &vc["credentialSubject"];
    assert_eq!(subject["name"], "张三");
    let text = std::fs::read_to_string(env.path("c.json")).unwrap();
    assert!(!text.contains(ZHANG), "the ID number is never in clear");
    let ident = &subject["identifier"][0];
    assert_eq!(ident["type"], "IdentityObject");
    assert_eq!(ident["identityType"], "nationalIdentityNumber");
    assert_eq!(ident["hashed"], true);
    let salt = ident["salt"].as_str().unwrap();
    let hash = Sha256::digest(format!("{ZHANG}{salt}").as_bytes());
    let hex: String = hash.iter().map(|b| format!("{b:02x}")).collect();
    assert_eq!(ident["identityHash"], format!("sha256${hex}").as_str());
    // The achievement: the certificate, its credits per year and in total.
    let achievement = &subject["achievement"];
    assert_eq!(achievement["type"], serde_json::json!(["Achievement"]));
    assert!(
        achievement["name"]
            .as_str()
            .unwrap()
            .contains("四川省继续医学教育学分证明"),
        "{achievement}"
    );
    assert_eq!(achievement["creditsAvailable"], 11.5);
    assert_eq!(subject["creditsEarned"], 11.5);
    let results = subject["result"].as_array().unwrap();
    assert_eq!(results.len(), 9, "3 years × 3 classes");
    let descriptions = achievement["resultDescription"].as_array().unwrap();
    let value_of = |name: &str| {
        let id = descriptions
            .iter()
            .find(|d| d["name"] == name)
            .unwrap_or_else(|| panic!("{name}"))["id"]
            .clone();
        results
            .iter()
            .find(|r| r["resultDescription"] == id)
            .unwrap()["value"]
            .clone()
    };
    assert_eq!(value_of("2017年度国家级I类学分"), "2.0");
    assert_eq!(value_of("2017年度省I类学分"), "8.0");
    assert_eq!(value_of("2016年度II类学分"), "1.5");
    assert_eq!(value_of("2015年度II类学分"), "0.0");
    // Revocation status: an entry on the office's status list.
    let status = &vc["credentialStatus"];
    assert_eq!(status["type"], "BitstringStatusListEntry");
    assert_eq!(status["statusPurpose"], "revocation");
    let index: u64 = status["statusListIndex"].as_str().unwrap().parse().unwrap();
    assert!(index < 131_072);
    assert!(
        status["statusListCredential"]
            .as_str()
            .unwrap()
            .starts_with("urn:uuid:")
    );
    assert_eq!(issued["credential"]["status_list_index"], index);

    // meded verifies it with the public key file only, no database.
    let keys = export(&env);
    let v = verify_offline(&env, &["--vc", "c.json", "--public-key", &keys], 0);
    assert_eq!(v["valid"], true);
    assert_eq!(v["code"], code);
    assert_eq!(v["name"], "张三");
    assert_eq!(
        (v["from"].clone(), v["to"].clone()),
        (2015.into(), 2017.into())
    );
    assert_eq!(v["kind"], "all");
    assert_eq!(v["revoked"], Value::Null);
    assert_eq!(v["credential"]["issuer"], did.as_str());
    assert_eq!(v["credential"]["credits"], 11.5);

    // One changed character: the name, a credit, the code, the status
    // entry, the proof itself.
    for (after, from, to) in [
        ("\"credentialSubject\"", "张三", "张四"),
        ("\"creditsEarned\"", "11.5", "12.5"),
        ("\"verificationCode\"", "-", "_"),
        ("\"statusListIndex\"", "\"", "\"1"),
        ("\"proofValue\"", "\"z", "\"z1"),
    ] {
        changed(&env, "c.json", after, from, to, "changed.json");
        let v = verify_offline(&env, &["--vc", "changed.json", "--public-key", &keys], 1);
        assert_eq!(v["valid"], false, "{after}");
        let reason = v["reason"].as_str().unwrap();
        assert!(
            reason.contains("changed after it was signed") || reason.contains("damaged"),
            "{after}: {reason}"
        );
    }
    // Another office's key: genuine, but not by an office you trust.
    let other = meded::sign::SigningKey::generate().unwrap();
    meded::sign::TrustedKeys::new(vec![other.public()])
        .write_file(&env.path("other.json"), None)
        .unwrap();
    let other_path = env.path("other.json");
    let v = verify_offline(
        &env,
        &[
            "--vc",
            "c.json",
            "--public-key",
            other_path.to_str().unwrap(),
        ],
        1,
    );
    assert!(
        v["reason"]
            .as_str()
            .unwrap()
            .contains("not among the trusted"),
        "{v}"
    );
    // Not a credential at all; not JSON.
    env.write("plain.json", "{\"hello\": 1}");
    verify_offline(&env, &["--vc", "plain.json", "--public-key", &keys], 2);
    env.write("text.json", "学分证明");
    verify_offline(&env, &["--vc", "text.json", "--public-key", &keys], 2);

    // The same certificate asked for again: the same credential, byte for
    // byte, on the same entry.
    issue(&env, "again.pdf", "again.json", &[]);
    assert_eq!(
        std::fs::read(env.path("again.json")).unwrap(),
        std::fs::read(env.path("c.json")).unwrap()
    );
    // --vc is for one certificate; --vc-dir for many.
    env.run(&[
        "certificate",
        "--org",
        "C017",
        "--from",
        "2015",
        "--to",
        "2017",
        "--out-dir",
        "d",
        "--vc",
        "x.json",
    ])
    .expect(2);
}

#[test]
fn a_revoked_certificate_has_its_bit_set_in_the_signed_status_list() {
    let env = figure_27_world();
    let url = "https://cme.example.org/meded/status.json";
    let issued = issue(&env, "c.pdf", "c.json", &["--status-list-url", url]);
    let code = issued["code"].as_str().unwrap().to_owned();
    let vc = read_json(&env.path("c.json"));
    assert_eq!(vc["credentialStatus"]["statusListCredential"], url);
    let index: u64 = vc["credentialStatus"]["statusListIndex"]
        .as_str()
        .unwrap()
        .parse()
        .unwrap();
    let keys = export(&env);

    let before = env.json(
        &["certificate", "revocations", "--status-list", "before.json"],
        0,
    );
    assert_eq!(before["status_list"]["url"], url, "the list made last");
    assert_eq!(before["status_list"]["revoked"], 0);
    assert_eq!(mode(&env.path("before.json")), 0o644, "it is published");
    let v = verify_offline(
        &env,
        &[
            "--vc",
            "c.json",
            "--public-key",
            &keys,
            "--status-list",
            "before.json",
        ],
        0,
    );
    assert_eq!(v["status_list"]["revoked"], false);
    assert_eq!(v["status_list"]["status_list_index"], index);

    env.run(&["certificate", "revoke", &code, "--reason", "学分记录有误"])
        .expect(0);
    let after = env.json(
        &[
            "certificate",
            "revocations",
            "-o",
            "revoked.json",
            "--status-list",
            "after.json",
            "--status-list-url",
            url,
        ],
        0,
    );
    assert_eq!(after["status_list"]["revoked"], 1);
    assert_eq!(after["revoked"][0]["code"], code.as_str());

    // The list as the standard has it.
    let list = read_json(&env.path("after.json"));
    assert_eq!(list["id"], url);
    assert_eq!(
        list["type"],
        serde_json::json!(["VerifiableCredential", "BitstringStatusListCredential"])
    );
    let key = meded::sign::SigningKey::read(&env.key_path()).unwrap();
    assert_eq!(list["issuer"], meded::vc::did_key(&key.public()).as_str());
    assert_eq!(list["proof"]["cryptosuite"], "eddsa-jcs-2022");
    let subject = &list["credentialSubject"];
    assert_eq!(subject["type"], "BitstringStatusList");
    assert_eq!(subject["statusPurpose"], "revocation");
    // Decoded here with flate2 and base64 directly: base64url (no padding)
    // after the multibase prefix u, then GZIP; the first entry is the
    // left-most bit.
    let encoded = subject["encodedList"].as_str().unwrap();
    let packed = base64_url(encoded.strip_prefix('u').expect("multibase u"));
    let mut bits = Vec::new();
    std::io::Read::read_to_end(&mut flate2::read::GzDecoder::new(&packed[..]), &mut bits).unwrap();
    assert!(bits.len() * 8 >= 131_072, "{} entries", bits.len() * 8);
    let set: Vec<u64> = (0..bits.len() as u64 * 8)
        .filter(|i| bits[(*i / 8) as usize] & (0x80 >> (i % 8)) != 0)
        .collect();
    assert_eq!(set, [index], "only the revoked certificate's bit");

    let v = verify_offline(
        &env,
        &[
            "--vc",
            "c.json",
            "--public-key",
            &keys,
            "--status-list",
            "after.json",
        ],
        1,
    );
    assert_eq!(v["valid"], false);
    assert_eq!(v["revoked"]["code"], code.as_str());
    assert_eq!(v["revoked"]["status_list_index"], index);
    assert!(v["reason"].as_str().unwrap().contains("revoked"), "{v}");
    // meded's own revocation list says so too, with the reason.
    let v = verify_offline(
        &env,
        &[
            "--vc",
            "c.json",
            "--public-key",
            &keys,
            "--revocations",
            "revoked.json",
        ],
        1,
    );
    assert_eq!(v["revoked"]["reason"], "学分记录有误");

    // A list changed after signing, another list, or one signed by a key
    // not trusted: unusable, not a verdict.
    let forged = changed(
        &env,
        "after.json",
        "\"encodedList\"",
        "\"u",
        "\"uA",
        "forged.json",
    );
    let forged = forged.to_str().unwrap().to_owned();
    verify_offline(
        &env,
        &[
            "--vc",
            "c.json",
            "--public-key",
            &keys,
            "--status-list",
            &forged,
        ],
        2,
    );
    env.json(
        &[
            "certificate",
            "revocations",
            "--status-list",
            "other.json",
            "--status-list-url",
            "https://cme.example.org/other.json",
        ],
        0,
    );
    let v = Env::exec({
        let mut cmd = env.bare_cmd();
        cmd.arg("--db").arg(env.path("none.db")).args([
            "certificate",
            "verify",
            "--vc",
            "c.json",
            "--public-key",
            &keys,
            "--status-list",
            "other.json",
        ]);
        cmd
    })
    .expect(2);
    assert!(v.stderr.contains("names the status list"), "{}", v.stderr);
    let stranger = meded::sign::SigningKey::generate().unwrap();
    stranger.write(&env.path("stranger.key"), false).unwrap();
    env.run(&[
        "certificate",
        "revocations",
        "--status-list",
        "stranger.json",
        "--status-list-url",
        url,
        "--key-file",
        env.path("stranger.key").to_str().unwrap(),
    ])
    .expect(0);
    verify_offline(
        &env,
        &[
            "--vc",
            "c.json",
            "--public-key",
            &keys,
            "--status-list",
            "stranger.json",
        ],
        2,
    );
    // Re-issued after the revocation: a new certificate, a new entry.
    let again = issue(&env, "new.pdf", "new.json", &[]);
    assert_ne!(again["code"], code.as_str());
    assert_ne!(again["credential"]["status_list_index"], index);
    for cmd in ["revocations", "verify", "verify-page"] {
        let help = env.run(&["certificate", cmd, "--help"]).expect(0).stdout;
        assert!(help.contains("status-list"), "{cmd}: {help}");
    }
}

/// base64url without padding, decoded here rather than with meded's code.
fn base64_url(s: &str) -> Vec<u8> {
    let alphabet = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    let mut out = Vec::new();
    let (mut acc, mut bits) = (0u32, 0);
    for c in s.bytes() {
        let v = alphabet.iter().position(|a| *a == c).expect("base64url") as u32;
        acc = (acc << 6) | v;
        bits += 6;
        if bits >= 8 {
            bits -= 8;
            out.push((acc >> bits) as u8);
            acc &= (1 << bits) - 1;
        }
    }
    out
}

#[test]
fn an_organisation_run_writes_every_credential_and_a_failed_run_none() {
    let env = figure_27_world();
    let report = env.json(
        &[
            "certificate",
            "--org",
            "C017",
            "--from",
            "2015",
            "--to",
            "2017",
            "--out-dir",
            "certs",
            "--vc-dir",
            "vcs",
            "--as-of",
            "2017-10-27",
        ],
        0,
    );
    assert_eq!(report["credentials"], report["written"]);
    let written = report["certificates"].as_array().unwrap();
    assert!(!written.is_empty());
    let keys = export(&env);
    let mut indexes = std::collections::HashSet::new();
    for c in written {
        let name = c["credential"].as_str().unwrap();
        assert_eq!(
            name,
            c["file"].as_str().unwrap().replace(".pdf", ".json"),
            "named as the PDF"
        );
        let path = env.path("vcs").join(name);
        let v = verify_offline(
            &env,
            &["--vc", path.to_str().unwrap(), "--public-key", &keys],
            0,
        );
        assert_eq!(v["code"], c["code"]);
        let vc = read_json(&path);
        assert!(indexes.insert(vc["credentialStatus"]["statusListIndex"].clone()));
    }
    assert_eq!(
        std::fs::read_dir(env.path("vcs")).unwrap().count(),
        written.len()
    );
    // A directory that cannot be made: exit 3 before anything is written.
    env.write("blocked", "a file");
    env.run(&[
        "certificate",
        "--org",
        "C017",
        "--from",
        "2015",
        "--to",
        "2017",
        "--out-dir",
        "certs2",
        "--vc-dir",
        "blocked/vcs",
        "--as-of",
        "2017-10-27",
    ])
    .expect(3);
    assert!(
        !env.path("certs2")
            .join(written[0]["file"].as_str().unwrap())
            .exists()
    );
}

/// Whether Python has the independent verifier's packages; under CI their
/// absence is a failure, elsewhere a note.
fn python_ready() -> bool {
    let ok = Command::new("python3")
        .args(["-c", "import rfc8785, cryptography, base58"])
        .output()
        .is_ok_and(|o| o.status.success());
    if !ok {
        assert!(
            std::env::var_os("CI").is_none(),
            "CI installs rfc8785, cryptography and base58 for tests/vc_verify.py"
        );
        eprintln!(
            "python3 with rfc8785, cryptography and base58 is missing: skipping the independent verifier (pip install rfc8785 cryptography base58)"
        );
    }
    ok
}

/// tests/vc_verify.py on `args`: its exit code and its JSON.
fn independent(args: &[&Path], extra: &[&str]) -> (i32, Value) {
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/vc_verify.py");
    let out = Command::new("python3")
        .arg(script)
        .args(args)
        .args(extra)
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    let json = serde_json::from_str(&stdout)
        .unwrap_or_else(|e| panic!("{e}: {stdout} {}", String::from_utf8_lossy(&out.stderr)));
    (out.status.code().unwrap_or(-1), json)
}

#[test]
fn an_independent_verifier_accepts_meded_credentials_and_sees_revocations() {
    if !python_ready() {
        return;
    }
    // The verifier itself agrees with the specification's signed vector.
    let vector =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/eddsa-jcs-2022/signedJCS.json");
    let (_, v) = independent(&[&vector], &[]);
    assert_eq!(v["proof"], true, "{v}");

    let env = figure_27_world();
    let code = issue(&env, "c.pdf", "c.json", &[])["code"]
        .as_str()
        .unwrap()
        .to_owned();
    let key = meded::sign::SigningKey::read(&env.key_path()).unwrap();
    let did = meded::vc::did_key(&key.public());
    let vc = env.path("c.json");
    let (exit, v) = independent(&[&vc], &["--trust", &did, "--id-number", ZHANG]);
    assert_eq!((exit, v["verified"].clone()), (0, true.into()), "{v}");
    assert_eq!(v["issuer"], did.as_str());
    assert_eq!(v["id_number_matches"], true);
    let (exit, v) = independent(&[&vc], &["--id-number", "110101199003070012"]);
    assert_eq!((exit, v["id_number_matches"].clone()), (1, false.into()));

    // One byte changed anywhere in what is signed fails; spacing does not
    // matter (the canonical form is signed).
    let bytes = std::fs::read(&vc).unwrap();
    let text = String::from_utf8(bytes.clone()).unwrap();
    for field in [
        "\"verificationCode\": \"",
        "\"creditsEarned\": ",
        "\"statusListIndex\": \"",
        "\"validFrom\": \"",
    ] {
        let at = text.find(field).unwrap() + field.len();
        let mut b = bytes.clone();
        b[at + 1] = if b[at + 1] == b'1' { b'2' } else { b'1' };
        let path = env.write("byte.json", &b);
        let (exit, v) = independent(&[&path], &[]);
        assert_eq!(
            (exit, v["proof"].clone()),
            (1, false.into()),
            "{field}: {v}"
        );
        verify_offline(
            &env,
            &[
                "--vc",
                path.to_str().unwrap(),
                "--public-key",
                &export(&env),
            ],
            1,
        );
    }
    let compact = env.write(
        "compact.json",
        serde_json::to_string(&read_json(&vc)).unwrap(),
    );
    assert_eq!(independent(&[&compact], &[]).0, 0);

    // The status list: signed, and the revoked certificate's bit set.
    env.run(&["certificate", "revocations", "--status-list", "s0.json"])
        .expect(0);
    let (exit, v) = independent(
        &[&vc],
        &[
            "--status-list",
            env.path("s0.json").to_str().unwrap(),
            "--trust",
            &did,
        ],
    );
    assert_eq!((exit, v["revoked"].clone()), (0, false.into()), "{v}");
    env.run(&["certificate", "revoke", &code, "--reason", "学分记录有误"])
        .expect(0);
    env.run(&["certificate", "revocations", "--status-list", "s1.json"])
        .expect(0);
    let (exit, v) = independent(
        &[&vc],
        &[
            "--status-list",
            env.path("s1.json").to_str().unwrap(),
            "--trust",
            &did,
        ],
    );
    assert_eq!((exit, v["revoked"].clone()), (1, true.into()), "{v}");
    let index = read_json(&vc)["credentialStatus"]["statusListIndex"].clone();
    assert_eq!(v["status_list_index"].to_string(), index.as_str().unwrap());
    // A status list changed after signing is refused by it too.
    let forged = changed(
        &env,
        "s1.json",
        "\"encodedList\"",
        "\"u",
        "\"uA",
        "forged.json",
    );
    assert_eq!(
        independent(&[&vc], &["--status-list", forged.to_str().unwrap()]).0,
        2
    );
}

/// What the page shows of a certificate (its `content` element), without
/// the dropped file's own text.
fn shown_content(dom: &str) -> &str {
    let start = dom.find("id=\"content\"").expect("the content element");
    let end = dom[start..]
        .find("id=\"about\"")
        .map_or(dom.len(), |e| start + e);
    &dom[start..end]
}

/// The verification page `page` with a script at its end that drops the
/// file `vc` on it as a person would (a `drop` event carrying the file),
/// written to `out`.
fn with_drop(env: &Env, page: &str, vc: &str, out: &str) -> PathBuf {
    let html = std::fs::read_to_string(env.path(page)).unwrap();
    let text = std::fs::read_to_string(env.path(vc)).unwrap();
    let literal = serde_json::to_string(&text).unwrap().replace("</", "<\\/");
    let script = format!(
        "<script>(function () {{ var dt = new DataTransfer(); \
         dt.items.add(new File([{literal}], 'credential.json', {{ type: 'application/json' }})); \
         document.getElementById('drop').dispatchEvent(new DragEvent('drop', \
         {{ dataTransfer: dt, bubbles: true, cancelable: true }})); }})();</script>\n</body>"
    );
    env.write(out, html.replacen("</body>", &script, 1))
}

#[test]
fn the_verification_page_checks_a_dropped_credential_in_a_browser() {
    let env = figure_27_world();
    let code = issue(&env, "c.pdf", "c.json", &[])["code"]
        .as_str()
        .unwrap()
        .to_owned();
    env.run(&["certificate", "revocations", "--status-list", "s0.json"])
        .expect(0);
    let shown = env.json(
        &[
            "certificate",
            "verify-page",
            "-o",
            "page.html",
            "--status-list",
            "s0.json",
        ],
        0,
    );
    assert_eq!(shown["status_list"], true);
    // A status list that is not signed by a key of the page is refused.
    let forged = changed(
        &env,
        "s0.json",
        "\"encodedList\"",
        "\"u",
        "\"uA",
        "forged.json",
    );
    env.run(&[
        "certificate",
        "verify-page",
        "-o",
        "bad.html",
        "--status-list",
        forged.to_str().unwrap(),
    ])
    .expect(2);
    assert!(!env.path("bad.html").exists());
    changed(
        &env,
        "c.json",
        "\"creditsEarned\"",
        "11.5",
        "21.5",
        "more.json",
    );

    if !Path::new("/usr/bin/chromium").exists() {
        assert!(std::env::var_os("CI").is_none(), "CI installs chromium");
        eprintln!(
            "/usr/bin/chromium is not installed: skipping the browser test (apt-get install chromium)"
        );
        return;
    }
    let browse = crate::certificate_seal::browse;
    for query in ["", "?engine=js"] {
        let dom = browse(
            &with_drop(&env, "page.html", "c.json", "d1.html"),
            query,
            "",
        );
        assert!(
            dom.contains("有效") && dom.contains("Valid"),
            "{query}: {dom}"
        );
        let content = shown_content(&dom);
        assert!(content.contains("张三") && content.contains(&code), "{dom}");
        assert!(
            content.contains("2017年度省I类学分") && content.contains("11.5"),
            "{dom}"
        );
        let engine = if query.is_empty() {
            "WebCrypto"
        } else {
            "TweetNaCl.js"
        };
        assert!(dom.contains(engine), "{query}: {dom}");
        assert!(dom.contains("status list"), "{dom}");

        let dom = browse(
            &with_drop(&env, "page.html", "more.json", "d2.html"),
            query,
            "",
        );
        assert!(
            dom.contains("无效") && dom.contains("changed after it was signed"),
            "{query}: {dom}"
        );
        assert!(!shown_content(&dom).contains("张三"), "{dom}");
    }

    // Revoked: the page with the new status list says so.
    env.run(&["certificate", "revoke", &code, "--reason", "学分记录有误"])
        .expect(0);
    env.run(&["certificate", "revocations", "--status-list", "s1.json"])
        .expect(0);
    env.run(&[
        "certificate",
        "verify-page",
        "-o",
        "page1.html",
        "--status-list",
        "s1.json",
    ])
    .expect(0);
    let dom = browse(&with_drop(&env, "page1.html", "c.json", "d3.html"), "", "");
    assert!(dom.contains("已作废") && dom.contains("Revoked"), "{dom}");
    // Pasted into the address instead of dropped: the same answer.
    let text = std::fs::read_to_string(env.path("c.json")).unwrap();
    let fragment: String = text
        .bytes()
        .map(|b| {
            if b.is_ascii_alphanumeric() {
                (b as char).to_string()
            } else {
                format!("%{b:02X}")
            }
        })
        .collect();
    let dom = browse(&env.path("page1.html"), "", &fragment);
    assert!(dom.contains("已作废"), "{dom}");
}
