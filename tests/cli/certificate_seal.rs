//! Certificates that verify themselves: the signing key, the QR code read
//! back from the printed page (pdftoppm renders it, rqrr decodes the
//! picture), offline verification of the payload and of the PDF, the
//! signed revocation list, and the verification page in a real browser.
//! Where pdftoppm or Chromium is missing, that part is skipped with a note
//! on stderr (CI installs both).

#![allow(clippy::print_stderr)]

use std::path::{Path, PathBuf};
use std::process::Command;

use serde_json::Value;

use crate::certificate::{WANG, ZHANG, backdate, figure_27_world};
use crate::common::*;

/// `certificate ZHANG --from 2015 --to 2017 -o OUT --as-of 2017-10-27`.
fn issue(env: &Env, id: &str, out: &str) -> Value {
    env.json(
        &[
            "certificate",
            id,
            "--from",
            "2015",
            "--to",
            "2017",
            "-o",
            out,
            "--as-of",
            "2017-10-27",
        ],
        0,
    )
}

/// The payload a PDF carries in its information dictionary.
fn info_payload(pdf: &Path) -> String {
    let doc = lopdf::Document::load(pdf).unwrap();
    let info = doc.trailer.get(b"Info").unwrap().as_reference().unwrap();
    let dict = doc.get_object(info).unwrap().as_dict().unwrap();
    String::from_utf8(
        dict.get(b"MededCertificate")
            .unwrap()
            .as_str()
            .unwrap()
            .to_vec(),
    )
    .unwrap()
}

fn have(tool: &str) -> bool {
    let found = Command::new(tool).arg("-v").output().is_ok();
    if !found {
        eprintln!(
            "{tool} is not installed: skipping what needs it (apt-get install poppler-utils)"
        );
    }
    found
}

/// Renders the last page of `pdf` at `dpi` as pdftoppm would print it, and
/// decodes every QR code in the picture with rqrr.
fn scan(pdf: &Path, dpi: u32) -> Vec<String> {
    let pages = lopdf::Document::load(pdf).unwrap().get_pages().len();
    let dir = tempfile::tempdir().unwrap();
    let prefix = dir.path().join("page");
    let status = Command::new("pdftoppm")
        .args(["-gray", "-r", &dpi.to_string(), "-singlefile"])
        .args(["-f", &pages.to_string(), "-l", &pages.to_string()])
        .arg(pdf)
        .arg(&prefix)
        .status()
        .unwrap();
    assert!(status.success());
    let pgm = std::fs::read(prefix.with_extension("pgm")).unwrap();
    let (w, h, pixels) = parse_pgm(&pgm);
    let mut img = rqrr::PreparedImage::prepare_from_greyscale(w, h, |x, y| pixels[y * w + x]);
    img.detect_grids()
        .iter()
        .map(|g| g.decode().expect("the QR code decodes").1)
        .collect()
}

/// A binary PGM (P5, 8-bit): width, height, pixels.
fn parse_pgm(b: &[u8]) -> (usize, usize, &[u8]) {
    let mut fields = Vec::new();
    let mut at = 0;
    while fields.len() < 4 {
        while b[at].is_ascii_whitespace() {
            at += 1;
        }
        if b[at] == b'#' {
            while b[at] != b'\n' {
                at += 1;
            }
            continue;
        }
        let start = at;
        while !b[at].is_ascii_whitespace() {
            at += 1;
        }
        fields.push(String::from_utf8_lossy(&b[start..at]).into_owned());
    }
    assert_eq!(fields[0], "P5");
    let (w, h): (usize, usize) = (fields[1].parse().unwrap(), fields[2].parse().unwrap());
    (w, h, &b[at + 1..at + 1 + w * h])
}

/// `key export -o keys.json`, returning its path.
fn export(env: &Env, name: &str) -> PathBuf {
    env.run(&["key", "export", "-o", name]).expect(0);
    env.path(name)
}

/// `certificate verify [args] --format json` run with no database at all:
/// on a database path that does not exist.
fn offline(env: &Env, args: &[&str], code: i32) -> Value {
    offline_run(env, args, code).json()
}

fn offline_run(env: &Env, args: &[&str], code: i32) -> Run {
    let mut cmd = env.bare_cmd();
    cmd.arg("--db")
        .arg(env.path("no-such-dir/none.db"))
        .args(["certificate", "verify"])
        .args(args)
        .args(["--format", "json"]);
    let run = Env::exec(cmd).expect(code);
    assert!(!env.path("no-such-dir").exists(), "no database is made");
    run
}

#[test]
fn key_init_makes_a_private_key_and_keeps_replaced_ones_trusted() {
    let env = Env::new();
    let made = env.json(&["key", "init"], 0);
    let key_file = env.key_path();
    assert_eq!(made["key_file"], key_file.to_str().unwrap());
    let first = made["key_id"].as_str().unwrap().to_owned();
    assert_eq!(first.len(), 16);
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(&key_file).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode, 0o600);
    }
    // The private key is nowhere in the database.
    let secret = std::fs::read_to_string(&key_file).unwrap();
    let seed = secret
        .lines()
        .find_map(|l| l.strip_prefix("meded-signing-key-v1 "))
        .unwrap();
    if !on_postgres() {
        let db = std::fs::read(env.db_path()).unwrap();
        assert!(!String::from_utf8_lossy(&db).contains(seed));
    }
    assert!(
        !env.all_text().iter().any(|t| t.contains(seed)),
        "nor in any of its text"
    );
    assert_eq!(env.count("SELECT count(*) FROM signing_key"), 1);

    // Not overwritten unless asked.
    let refused = env.run(&["key", "init"]).expect(2);
    assert!(refused.stderr.contains("--replace"), "{}", refused.stderr);
    assert_eq!(std::fs::read_to_string(&key_file).unwrap(), secret);
    let second = env.json(&["key", "init", "--replace"], 0);
    assert_eq!(second["replaced"], first.as_str());
    let elsewhere = env.json(&["key", "init", "--key-file", "other.key"], 0);
    assert!(env.path("other.key").exists());

    let keys = env.json(&["key", "export", "-o", "keys.json"], 0);
    let listed: Vec<(&str, bool)> = keys["keys"]
        .as_array()
        .unwrap()
        .iter()
        .map(|k| {
            (
                k["key_id"].as_str().unwrap(),
                k["current"].as_bool().unwrap(),
            )
        })
        .collect();
    assert_eq!(listed.len(), 3, "{keys}");
    assert!(listed.contains(&(first.as_str(), false)));
    assert!(listed.contains(&(second["key_id"].as_str().unwrap(), true)));
    assert!(listed.contains(&(elsewhere["key_id"].as_str().unwrap(), false)));
    let file: Value =
        serde_json::from_str(&std::fs::read_to_string(env.path("keys.json")).unwrap()).unwrap();
    assert_eq!(file["format"], "meded-public-keys-v1");
    assert_eq!(file["keys"][0]["public_key"].as_str().unwrap().len(), 64);

    // Help with examples on both.
    for cmd in ["init", "export"] {
        let help = env.run(&["key", cmd, "--help"]).expect(0).stdout;
        assert!(help.contains("Examples"), "{help}");
    }
}

#[test]
fn a_certificate_scans_and_verifies_offline() {
    let env = figure_27_world();
    let issued = issue(&env, ZHANG, "张三.pdf");
    let code = issued["code"].as_str().unwrap().to_owned();
    // Created on first use, beside the database.
    assert!(env.key_path().exists());
    let keys = export(&env, "keys.json");
    let keys = keys.to_str().unwrap();
    let pdf = env.path("张三.pdf");
    let payload = info_payload(&pdf);
    assert!(
        payload.starts_with("MC1:") && payload.len() < 1000,
        "{payload}"
    );
    assert!(std::fs::metadata(&pdf).unwrap().len() < 60_000);
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(&pdf).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode, 0o600);
    }

    if have("pdftoppm") {
        // As printed and scanned at 300 dpi (a module is 5 pixels).
        assert_eq!(scan(&pdf, 300), std::slice::from_ref(&payload));
    }

    let v = offline(&env, &["--qr", &payload, "--public-key", keys], 0);
    assert_eq!(v["valid"], true, "{v}");
    assert_eq!(v["code"], code.as_str());
    assert_eq!(v["name"], "张三");
    assert_eq!(
        (v["from"].as_i64(), v["to"].as_i64()),
        (Some(2015), Some(2017))
    );
    assert_eq!(v["kind"], "all");
    assert_eq!(v["revoked"], Value::Null);
    assert!(v.get("reason").is_none());
    let c = &v["certificate"];
    assert_eq!(c["id_number"], "110101********0011");
    assert_eq!(c["org_name"], "四川省卫生和计划生育委员会");
    assert_eq!(c["title"], "主治医师");
    assert_eq!(c["issue_date"], "2017-10-27");
    assert_eq!(c["years"][2]["national_i"], 2.0);
    assert_eq!(c["years"][2]["provincial_i"], 8.0);
    assert_eq!(c["years"][1]["class_ii"], 1.5);
    assert_eq!(c["years"][2]["records"], 4);
    // The digest is the one the database recorded.
    let digest: String = env
        .db()
        .query_row("SELECT digest FROM certificate", [], |r| r.get(0))
        .unwrap();
    assert_eq!(c["digest"], digest.as_str());

    // The PDF itself.
    let p = offline(
        &env,
        &["--pdf", pdf.to_str().unwrap(), "--public-key", keys],
        0,
    );
    assert_eq!(p["valid"], true, "{p}");
    assert_eq!(p["name"], "张三");
    for check in ["payload", "text_matches", "pages_match", "qr_matches"] {
        assert_eq!(p["pdf"][check], true, "{check}: {p}");
    }
    // Against the database, the code still answers, in the shared shape.
    let db = env.json(&["certificate", "verify", &code], 0);
    assert_eq!(
        (db["valid"].clone(), db["revoked"].clone()),
        (Value::Bool(true), Value::Null)
    );
    // A table for people, with no --public-key: this database's keys.
    let run = env
        .run(&["certificate", "verify", "--qr", &payload])
        .expect(0);
    assert!(
        run.stdout.contains("valid") && run.stdout.contains("张三"),
        "{}",
        run.stdout
    );
    assert!(run.stderr.contains("revocation list"), "{}", run.stderr);
}

#[test]
fn a_bulk_run_signs_every_certificate() {
    let env = figure_27_world();
    env.add_members("C017", &[member("王五", WANG, "医师")]);
    env.import_credits(
        "wang.csv",
        &[credit(
            WANG,
            "王五",
            "W-1",
            "2",
            "省级I类",
            "2016-06-23",
            "2016-06-25",
        )],
        &["--approve"],
        0,
    );
    backdate(&env);
    let report = env.json(
        &[
            "certificate",
            "--org",
            "C017",
            "--from",
            "2015",
            "--to",
            "2017",
            "--as-of",
            "2017-10-27",
            "--out-dir",
            "certs",
            "--zip",
            "certs.zip",
        ],
        0,
    );
    assert_eq!(report["written"], 2, "{report}");
    let keys = export(&env, "keys.json");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(env.path("certs.zip"))
            .unwrap()
            .permissions()
            .mode()
            & 0o777;
        assert_eq!(mode, 0o600);
    }
    let scanning = have("pdftoppm");
    for c in report["certificates"].as_array().unwrap() {
        let pdf = env.path("certs").join(c["file"].as_str().unwrap());
        let payload = info_payload(&pdf);
        if scanning {
            assert_eq!(scan(&pdf, 300), std::slice::from_ref(&payload));
        }
        let v = offline(
            &env,
            &[
                "--pdf",
                pdf.to_str().unwrap(),
                "--public-key",
                keys.to_str().unwrap(),
            ],
            0,
        );
        assert_eq!(v["code"], c["code"]);
        assert_eq!(v["name"], c["name"]);
    }
}

#[test]
fn a_changed_payload_an_unknown_key_and_other_text_fail() {
    let env = figure_27_world();
    issue(&env, ZHANG, "c.pdf");
    let keys = export(&env, "keys.json");
    let keys = keys.to_str().unwrap();
    let payload = info_payload(&env.path("c.pdf"));

    // One character changed, anywhere after the prefix.
    let alphabet = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ $%*+-./:";
    for at in [4, payload.len() / 2, payload.len() - 1] {
        let mut chars: Vec<char> = payload.chars().collect();
        let i = alphabet.find(chars[at]).unwrap();
        chars[at] = alphabet.chars().nth((i + 7) % 45).unwrap();
        let changed: String = chars.into_iter().collect();
        let v = offline(&env, &["--qr", &changed, "--public-key", keys], 1);
        assert_eq!(v["valid"], false);
        assert!(v["reason"].as_str().unwrap().len() > 10, "{v}");
    }

    // Another office's key.
    let other = Env::new();
    other.run(&["key", "init"]).expect(0);
    other.run(&["key", "export", "-o", "theirs.json"]).expect(0);
    let theirs = other.path("theirs.json");
    let v = offline(
        &env,
        &["--qr", &payload, "--public-key", theirs.to_str().unwrap()],
        1,
    );
    assert_eq!(v["valid"], false);
    assert!(
        v["reason"]
            .as_str()
            .unwrap()
            .contains("not among the trusted"),
        "{v}"
    );
    // Both offices' keys trusted: it verifies.
    offline(
        &env,
        &[
            "--qr",
            &payload,
            "--public-key",
            theirs.to_str().unwrap(),
            "--public-key",
            keys,
        ],
        0,
    );

    // Unusable input: not a payload, no key to trust, a key file that is not one.
    offline_run(&env, &["--qr", "hello", "--public-key", keys], 2);
    let mut cmd = env.bare_cmd();
    cmd.arg("--db")
        .arg(env.path("none.db"))
        .args(["certificate", "verify", "--qr", &payload]);
    let run = Env::exec(cmd).expect(2);
    assert!(run.stderr.contains("--public-key"), "{}", run.stderr);
    let not_keys = env.write("not-keys.json", "{}");
    offline_run(
        &env,
        &["--qr", &payload, "--public-key", not_keys.to_str().unwrap()],
        2,
    );
    offline_run(
        &env,
        &["--pdf", not_keys.to_str().unwrap(), "--public-key", keys],
        2,
    );
    // A PDF without a signature (one made by another program).
    let plain = env.write("plain.pdf", meded_plain_pdf());
    let v = offline(
        &env,
        &["--pdf", plain.to_str().unwrap(), "--public-key", keys],
        1,
    );
    assert_eq!(v["valid"], false);
    assert_eq!(v["pdf"]["payload"], false);
}

/// A certificate rendered without a key (as a library caller may): a PDF
/// with no payload.
fn meded_plain_pdf() -> Vec<u8> {
    let font = meded::certificate::Font::builtin().unwrap();
    meded::certificate::render(
        &meded::certificate::model::figure_27(meded::certificate::Kind::All),
        &font,
    )
    .unwrap()
}

/// The code → character map of the PDF's ToUnicode CMap (`<0005> <0030>`).
fn to_unicode(doc: &lopdf::Document) -> Vec<(u16, char)> {
    let mut map = Vec::new();
    for obj in doc.objects.values() {
        let Ok(stream) = obj.as_stream() else {
            continue;
        };
        let content = stream
            .decompressed_content()
            .unwrap_or_else(|_| stream.content.clone());
        let text = String::from_utf8_lossy(&content);
        if !text.contains("beginbfchar") {
            continue;
        }
        for line in text.lines() {
            let parts: Vec<&str> = line.split_whitespace().collect();
            if let [a, b] = parts[..]
                && let (Some(a), Some(b)) = (
                    a.strip_prefix('<').and_then(|s| s.strip_suffix('>')),
                    b.strip_prefix('<').and_then(|s| s.strip_suffix('>')),
                )
                && a.len() == 4
                && b.len() == 4
            {
                let code = u16::from_str_radix(a, 16).unwrap();
                let ch = char::from_u32(u32::from_str_radix(b, 16).unwrap()).unwrap();
                map.push((code, ch));
            }
        }
    }
    map
}

/// Edits the text of a PDF as a PDF editor would: in the string drawn for
/// 2017's sentence, every `from` becomes `to` (glyphs the subset has).
fn edit_text(pdf: &Path, from: char, to: char, out: &Path) {
    let mut doc = lopdf::Document::load(pdf).unwrap();
    let map = to_unicode(&doc);
    let code = |c: char| map.iter().find(|(_, ch)| *ch == c).unwrap().0;
    let (from_hex, to_hex) = (format!("{:04X}", code(from)), format!("{:04X}", code(to)));
    let decode = |hex: &str| -> String {
        (0..hex.len() / 4)
            .map(|i| {
                let c = u16::from_str_radix(&hex[i * 4..i * 4 + 4], 16).unwrap();
                map.iter().find(|(k, _)| *k == c).map_or('?', |(_, ch)| *ch)
            })
            .collect()
    };
    let page = *doc.get_pages().values().next().unwrap();
    let content = String::from_utf8(doc.get_page_content(page)).unwrap();
    let mut edited = String::new();
    let mut done = false;
    for line in content.lines() {
        if let Some(hex) = line.strip_prefix('<').and_then(|l| l.strip_suffix("> Tj"))
            && !done
            && decode(hex).starts_with("该同志2017年度")
        {
            let chunks: Vec<String> = (0..hex.len() / 4)
                .map(|i| {
                    let c = &hex[i * 4..i * 4 + 4];
                    if c.eq_ignore_ascii_case(&from_hex) {
                        to_hex.clone()
                    } else {
                        c.to_owned()
                    }
                })
                .collect();
            edited.push_str(&format!("<{}> Tj\n", chunks.concat()));
            done = true;
            continue;
        }
        edited.push_str(line);
        edited.push('\n');
    }
    assert!(done, "2017's sentence is drawn as one string");
    doc.change_page_content(page, edited.into_bytes()).unwrap();
    doc.save(out).unwrap();
}

#[test]
fn a_pdf_whose_text_was_edited_fails() {
    let env = figure_27_world();
    issue(&env, ZHANG, "c.pdf");
    let keys = export(&env, "keys.json");
    let keys = keys.to_str().unwrap();
    let pdf = env.path("c.pdf");

    // 省I类学分8.0分 → 9.0分.
    let edited = env.path("edited.pdf");
    edit_text(&pdf, '8', '9', &edited);
    let text = crate::certificate::squeeze(
        &lopdf::Document::load(&edited)
            .unwrap()
            .extract_text(&[1])
            .unwrap(),
    );
    assert!(text.contains("省I类学分9.0分"), "the edit shows: {text}");
    let v = offline(
        &env,
        &["--pdf", edited.to_str().unwrap(), "--public-key", keys],
        1,
    );
    assert_eq!(v["valid"], false);
    assert_eq!(v["name"], "张三", "what was signed is still shown: {v}");
    assert_eq!(v["pdf"]["text_matches"], false);
    assert_eq!(v["pdf"]["pages_match"], false);
    assert!(
        v["reason"]
            .as_str()
            .unwrap()
            .contains("does not state what was signed"),
        "{v}"
    );

    // A white box and new text laid over the page: the text is all still
    // there, but the page is not the one signed.
    let mut doc = lopdf::Document::load(&pdf).unwrap();
    let page = *doc.get_pages().values().next().unwrap();
    doc.add_page_contents(page, b"q 1 g 300 500 100 20 re f Q".to_vec())
        .unwrap();
    let overlaid = env.path("overlaid.pdf");
    doc.save(&overlaid).unwrap();
    let v = offline(
        &env,
        &["--pdf", overlaid.to_str().unwrap(), "--public-key", keys],
        1,
    );
    assert_eq!(v["pdf"]["text_matches"], true, "{v}");
    assert_eq!(v["pdf"]["pages_match"], false);

    // Another member's genuine payload put into this PDF.
    env.add_members("C017", &[member("王五", WANG, "医师")]);
    env.import_credits(
        "wang.csv",
        &[credit(
            WANG,
            "王五",
            "W-1",
            "2",
            "省级I类",
            "2016-06-23",
            "2016-06-25",
        )],
        &["--approve"],
        0,
    );
    backdate(&env);
    issue(&env, WANG, "wang.pdf");
    let theirs = info_payload(&env.path("wang.pdf"));
    let mut doc = lopdf::Document::load(&pdf).unwrap();
    let info = doc.trailer.get(b"Info").unwrap().as_reference().unwrap();
    doc.get_object_mut(info)
        .unwrap()
        .as_dict_mut()
        .unwrap()
        .set("MededCertificate", lopdf::Object::string_literal(theirs));
    let swapped = env.path("swapped.pdf");
    doc.save(&swapped).unwrap();
    let v = offline(
        &env,
        &["--pdf", swapped.to_str().unwrap(), "--public-key", keys],
        1,
    );
    assert_eq!(v["name"], "王五");
    assert_eq!(v["pdf"]["text_matches"], false);
    assert_eq!(v["pdf"]["qr_matches"], false);
}

#[test]
fn revoked_codes_fail_offline_and_the_list_says_how_fresh_it_is() {
    let env = figure_27_world();
    let code = issue(&env, ZHANG, "c.pdf")["code"]
        .as_str()
        .unwrap()
        .to_owned();
    let keys = export(&env, "keys.json");
    let keys = keys.to_str().unwrap();
    let payload = info_payload(&env.path("c.pdf"));

    // A list made before the revocation does not know of it.
    let before = env.json(&["certificate", "revocations", "-o", "before.json"], 0);
    assert_eq!(before["revoked"], serde_json::json!([]));
    env.run(&["certificate", "revoke", &code, "--reason", "学分记录有误"])
        .expect(0);
    let after = env.json(&["certificate", "revocations", "-o", "after.json"], 0);
    assert_eq!(after["revoked"][0]["code"], code.as_str());

    let stale = offline(
        &env,
        &[
            "--qr",
            &payload,
            "--public-key",
            keys,
            "--revocations",
            "before.json",
        ],
        0,
    );
    assert_eq!(stale["valid"], true);
    assert!(stale["revocations"]["as_of"].as_str().unwrap().len() > 10);
    assert_eq!(stale["revocations"]["age_days"], 0);

    let v = offline(
        &env,
        &[
            "--qr",
            &payload,
            "--public-key",
            keys,
            "--revocations",
            "after.json",
        ],
        1,
    );
    assert_eq!(v["valid"], false);
    assert_eq!(v["revoked"]["code"], code.as_str());
    assert_eq!(v["revoked"]["reason"], "学分记录有误");
    let reason = v["reason"].as_str().unwrap();
    assert!(
        reason.contains("revoked on") && reason.contains("as of"),
        "{reason}"
    );
    // The PDF too.
    let p = offline(
        &env,
        &[
            "--pdf",
            "c.pdf",
            "--public-key",
            keys,
            "--revocations",
            "after.json",
        ],
        1,
    );
    assert_eq!(p["revoked"]["code"], code.as_str());

    // A list 40 days old: stated; refused with --max-age 30.
    let key = meded::sign::SigningKey::read(&env.key_path()).unwrap();
    let old_as_of = (chrono::Local::now() - chrono::Duration::days(40))
        .fixed_offset()
        .to_rfc3339();
    env.write(
        "old.json",
        meded::certificate::offline::sign_revocations(&[], &old_as_of, &key),
    );
    let old = offline(
        &env,
        &[
            "--qr",
            &payload,
            "--public-key",
            keys,
            "--revocations",
            "old.json",
        ],
        0,
    );
    assert_eq!(old["revocations"]["age_days"], 40);
    assert_eq!(old["revocations"]["stale"], false);
    let refused = offline(
        &env,
        &[
            "--qr",
            &payload,
            "--public-key",
            keys,
            "--revocations",
            "old.json",
            "--max-age",
            "30",
        ],
        1,
    );
    assert_eq!(refused["valid"], false);
    assert_eq!(refused["revocations"]["stale"], true);
    assert!(
        refused["reason"].as_str().unwrap().contains("40 days"),
        "{refused}"
    );

    // A list changed after signing, or signed by another key: unusable.
    let text = std::fs::read_to_string(env.path("after.json")).unwrap();
    env.write("forged.json", text.replace("学分记录有误", "x"));
    offline_run(
        &env,
        &[
            "--qr",
            &payload,
            "--public-key",
            keys,
            "--revocations",
            "forged.json",
        ],
        2,
    );
    // Help with examples on the new commands.
    for cmd in ["revocations", "verify-page", "verify"] {
        let help = env.run(&["certificate", cmd, "--help"]).expect(0).stdout;
        assert!(help.contains("Examples"), "{cmd}: {help}");
    }
}

/// Percent-encodes all but letters, digits and `-._~:`, as a URL fragment.
fn fragment(s: &str) -> String {
    s.bytes()
        .map(|b| {
            if b.is_ascii_alphanumeric() || b"-._~:".contains(&b) {
                (b as char).to_string()
            } else {
                format!("%{b:02X}")
            }
        })
        .collect()
}

/// The DOM of `page#fragment` once its scripts have run, from Debian's
/// headless Chromium.
pub(crate) fn browse(page: &Path, query: &str, fragment: &str) -> String {
    let profile = tempfile::tempdir().unwrap();
    let url = format!("file://{}{query}#{fragment}", page.display());
    let out = Command::new("/usr/bin/chromium")
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--virtual-time-budget=10000",
        ])
        .arg(format!("--user-data-dir={}", profile.path().display()))
        .arg("--dump-dom")
        .arg(&url)
        .output()
        .expect("chromium runs");
    String::from_utf8_lossy(&out.stdout).into_owned()
}

#[test]
fn the_verification_page_checks_payloads_in_a_browser() {
    let env = figure_27_world();
    let code = issue(&env, ZHANG, "c.pdf")["code"]
        .as_str()
        .unwrap()
        .to_owned();
    let payload = info_payload(&env.path("c.pdf"));
    env.run(&["certificate", "revoke", &code, "--reason", "学分记录有误"])
        .expect(0);
    env.run(&["certificate", "revocations", "-o", "revoked.json"])
        .expect(0);
    // A second certificate, not revoked.
    let valid = issue(&env, ZHANG, "again.pdf");
    assert_ne!(valid["code"], code.as_str());
    let good = info_payload(&env.path("again.pdf"));
    let shown = env.json(&["certificate", "verify-page", "-o", "plain.html"], 0);
    assert_eq!(shown["revocations"], false);
    env.run(&[
        "certificate",
        "verify-page",
        "-o",
        "verify.html",
        "--revocations",
        "revoked.json",
    ])
    .expect(0);
    let page = env.path("verify.html");
    let html = std::fs::read_to_string(&page).unwrap();
    assert!(html.contains("Unlicense") || html.contains("unlicense"));

    if !Path::new("/usr/bin/chromium").exists() {
        eprintln!(
            "/usr/bin/chromium is not installed: skipping the browser test (apt-get install chromium)"
        );
        return;
    }
    for query in ["", "?engine=js"] {
        let dom = browse(&page, query, &fragment(&good));
        assert!(dom.contains("有效"), "{query}: {dom}");
        assert!(
            dom.contains("张三") && dom.contains("110101********0011"),
            "{dom}"
        );
        assert!(
            dom.contains(
                "该同志2017年度,共计完成:国家级I类学分2.0分,省I类学分8.0分,II类学分0.0分。"
            ),
            "{dom}"
        );
        let engine = if query.is_empty() {
            "WebCrypto"
        } else {
            "TweetNaCl.js"
        };
        assert!(dom.contains(engine), "{query}: {dom}");

        // One character changed.
        let mut chars: Vec<char> = good.chars().collect();
        let at = chars.len() / 2;
        chars[at] = if chars[at] == 'A' { 'B' } else { 'A' };
        let tampered: String = chars.into_iter().collect();
        let dom = browse(&page, query, &fragment(&tampered));
        assert!(
            dom.contains("无效") && dom.contains("Not valid"),
            "{query}: {dom}"
        );
        assert!(!dom.contains("张三"), "{dom}");

        // The revoked one: shown, and said to be revoked.
        let dom = browse(&page, query, &fragment(&payload));
        assert!(
            dom.contains("已作废") && dom.contains("学分记录有误"),
            "{dom}"
        );
    }
    // The payload as scanned (not percent-encoded) also works.
    let dom = browse(&env.path("plain.html"), "", &good);
    assert!(dom.contains("有效") && dom.contains("张三"), "{dom}");
    assert!(dom.contains("no revocation list"), "{dom}");
}

/// A first run that certifies nobody leaves no key behind: the key is
/// made for the certificates it signs, and this one signed none.
#[test]
fn a_run_that_certifies_nobody_creates_no_key() {
    let env = figure_27_world();
    env.run(&[
        "certificate",
        "--org",
        "C017",
        "--from",
        "2001",
        "--to",
        "2002",
        "--out-dir",
        "certs",
    ])
    .expect(1);
    assert!(!env.key_path().exists());
    issue(&env, ZHANG, "张三.pdf");
    assert!(env.key_path().exists(), "made by the first certificate");
}
