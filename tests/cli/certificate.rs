//! `meded certificate` (issue 6): certificates issued from the database by
//! the real binary, read back as text (lopdf's extraction, and poppler's
//! pdftotext where installed), recorded, verified, revoked and superseded.

use std::path::Path;
use std::process::Command;

use serde_json::Value;

use crate::common::*;

/// The member of the platform's sample certificate, and two others.
pub(crate) const ZHANG: &str = "110101199003070011";
pub(crate) const LI: &str = "310115198511200020";
pub(crate) const WANG: &str = "440305200002290037";

/// Text without the blanks and line breaks extraction puts between the
/// pieces of a line or a wrapped cell.
pub(crate) fn squeeze(s: &str) -> String {
    s.chars().filter(|c| !c.is_whitespace()).collect()
}

/// All text of a PDF as lopdf extracts it (decoding the ToUnicode map),
/// squeezed; and, where poppler is installed, pdftotext's must agree on
/// every piece looked for, so both are returned.
fn pdf_text(path: &Path) -> Vec<String> {
    let doc = lopdf::Document::load(path).expect("the PDF parses");
    let pages: Vec<u32> = doc.get_pages().keys().copied().collect();
    let mut texts = vec![squeeze(&doc.extract_text(&pages).expect("text extracts"))];
    if let Ok(out) = Command::new("pdftotext")
        .arg("-layout")
        .arg(path)
        .arg("-")
        .output()
    {
        assert!(out.status.success(), "pdftotext fails on {path:?}");
        texts.push(squeeze(&String::from_utf8(out.stdout).unwrap()));
    }
    texts
}

fn assert_has(texts: &[String], pieces: &[&str]) {
    for t in texts {
        for p in pieces {
            assert!(t.contains(p), "'{p}' missing from {t}");
        }
    }
}

fn assert_lacks(texts: &[String], pieces: &[&str]) {
    for t in texts {
        for p in pieces {
            assert!(!t.contains(p), "'{p}' should not be in {t}");
        }
    }
}

/// A CME institution in Sichuan with the member of the platform's sample
/// certificate (主治医师), a member without a title, and the sample's credits (as 张三's), plus a
/// class II record in 2016, one pending and one rejected.
pub(crate) fn figure_27_world() -> Env {
    let env = Env::new();
    env.run(&[
        "org",
        "add",
        "--code",
        "C017",
        "--name",
        "四川省卫生和计划生育委员会",
        "--province",
        "四川",
        "--kind",
        "cme",
        "--region-level",
        "省级",
    ])
    .expect(0);
    env.add_members(
        "C017",
        &[
            member("张三", ZHANG, "主治医师"),
            member("李四", LI, "无职称"),
        ],
    );
    let mut rows = vec![
        credit(
            ZHANG,
            "张三",
            "201745123",
            "2",
            "国家级I类",
            "2017-10-17",
            "2017-10-17",
        ),
        credit(
            ZHANG,
            "张三",
            "17-01-09040386",
            "2",
            "省级I类",
            "2017-04-22",
            "2017-04-22",
        ),
        credit(
            ZHANG,
            "张三",
            "17-01-09020369",
            "3",
            "省级I类",
            "2017-07-21",
            "2017-07-23",
        ),
        credit(
            ZHANG,
            "张三",
            "17-01-04050370",
            "3",
            "省级I类",
            "2017-06-23",
            "2017-06-25",
        ),
        credit(
            ZHANG,
            "张三",
            "II-2016-7",
            "1.5",
            "II类",
            "2016-03-01",
            "2016-03-01",
        ),
    ];
    // The sample's project names (the helper names them 项目<编号>).
    rows[0][3] = "国家级项目".into();
    rows[1][3] = "肝脏超声造影专题学习班".into();
    rows[2][3] = "腹部急症及消化系统疾病超声诊断学习班".into();
    rows[3][3] = "肾上腺外科疾病的多学科联合诊治学习班".into();
    rows[4][3] = "科室业务学习".into();
    env.import_credits("approved.csv", &rows, &["--approve"], 0);
    let mut later = vec![
        credit(
            ZHANG,
            "张三",
            "PENDING-1",
            "4",
            "省级I类",
            "2017-08-01",
            "2017-08-01",
        ),
        credit(
            ZHANG,
            "张三",
            "REJECTED-1",
            "5",
            "国家级I类",
            "2016-05-01",
            "2016-05-02",
        ),
    ];
    later[0][3] = "尚待审核的学习班".into();
    later[1][3] = "审核不过的学术会议".into();
    env.import_credits("pending.csv", &later, &[], 0);
    let rejected = env.credit_id("REJECTED-1").to_string();
    env.run(&[
        "credit",
        "review",
        &rejected,
        "--reject",
        "--reason",
        "材料不全",
    ])
    .expect(0);
    backdate(&env);
    env
}

/// Moves every change made so far to 2017-10-01, before the issue dates
/// the tests print (`--as-of 2017-10-27`): a certificate lists only the
/// credits approved by its issue date.
pub(crate) fn backdate(env: &Env) {
    env.db()
        .execute("UPDATE change_set SET at = '2017-10-01T09:00:00+08:00'", [])
        .unwrap();
}

/// `certificate ID --from --to [extra] -o OUT --as-of 2017-10-27 --format json`,
/// expecting `code`.
fn issue(env: &Env, id: &str, out: &str, extra: &[&str], code: i32) -> Run {
    issue_run(env, id, out, extra).expect(code)
}

fn issue_run(env: &Env, id: &str, out: &str, extra: &[&str]) -> Run {
    let mut args = vec![
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
        "--format",
        "json",
    ];
    args.extend_from_slice(extra);
    env.run(&args)
}

fn verify(env: &Env, code: &str, exit: i32) -> Value {
    env.json(&["certificate", "verify", code], exit)
}

#[test]
fn a_certificate_lists_the_approved_credits_as_real_text() {
    let env = figure_27_world();
    let issued = issue(&env, ZHANG, "张三.pdf", &[], 0).json();
    let code = issued["code"].as_str().unwrap().to_owned();
    assert!(
        code.len() == 14 && code.as_bytes()[4] == b'-' && code.as_bytes()[9] == b'-',
        "{code}"
    );
    assert_eq!(issued["new"], true);
    assert_eq!(issued["records"], 5);
    let texts = pdf_text(&env.path("张三.pdf"));
    assert_has(
        &texts,
        &[
            "四川省继续医学教育学分证明",
            "兹四川省卫生和计划生育委员会张三主治医师于2015至2017年期间完成继续医学教育情况如下:",
            "该同志2015年度,共计完成:国家级I类学分0.0分,省I类学分0.0分,II类学分0.0分。",
            "II-2016-7",
            "科室业务学习",
            "该同志2016年度,共计完成:国家级I类学分0.0分,省I类学分0.0分,II类学分1.5分。",
            "201745123",
            "国家级项目",
            "肝脏超声造影专题学习班",
            "腹部急症及消化系统疾病超声诊断学习班",
            "肾上腺外科疾病的多学科联合诊治学习班",
            "2017-07-21至2017-07-23",
            "该同志2017年度,共计完成:国家级I类学分2.0分,省I类学分8.0分,II类学分0.0分。",
            "认证机构:",
            "四川省继续医学教育行政管理平台提供信息",
            "2017年10月27日",
            &format!("验证码:{code}"),
        ],
    );
    // Pending and rejected credits are nowhere.
    assert_lacks(
        &texts,
        &[
            "PENDING-1",
            "尚待审核的学习班",
            "REJECTED-1",
            "审核不过的学术会议",
        ],
    );
    // Rows of a year by start date: 04-22, 06-23, 07-21, 10-17.
    let t = &texts[texts.len() - 1];
    let at = |s: &str| t.find(s).unwrap_or_else(|| panic!("{s} in {t}"));
    assert!(at("17-01-09040386") < at("17-01-04050370"));
    assert!(at("17-01-04050370") < at("17-01-09020369"));
    assert!(at("17-01-09020369") < at("201745123"));

    // Recorded: the member, span, kind, the five records, the digest.
    let (stored, ids, digest, status): (String, String, String, String) = env
        .db()
        .query_row(
            "SELECT code, credit_ids, digest, status FROM certificate",
            [],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)),
        )
        .unwrap();
    assert_eq!(stored, code.replace('-', ""));
    let ids: Vec<i64> = serde_json::from_str(&ids).unwrap();
    assert_eq!(ids.len(), 5);
    assert!(!ids.contains(&env.credit_id("PENDING-1")));
    assert_eq!(digest.len(), 64);
    assert_eq!(status, "有效");
    let items = env.items(ZHANG);
    assert!(
        items
            .iter()
            .any(|i| i.entity == "certificate" && i.action == "issue"),
        "{items:?}"
    );
}

/// A title from the code list (`技师系列 - 副主任技师(副高)`) is printed
/// without its series, which would read oddly after the name; verify and
/// the record state what was printed.
#[test]
fn a_title_is_printed_without_its_series() {
    let env = figure_27_world();
    env.add_members(
        "C017",
        &[member("王五", WANG, "技师系列 - 副主任技师(副高)")],
    );
    let mut rows = vec![credit(
        WANG,
        "王五",
        "17-01-09040386",
        "2",
        "省级I类",
        "2017-04-22",
        "2017-04-22",
    )];
    rows[0][3] = "肝脏超声造影专题学习班".into();
    env.import_credits("wang.csv", &rows, &["--approve"], 0);
    backdate(&env);
    let issued = issue(&env, WANG, "王五.pdf", &[], 0).json();
    let texts = pdf_text(&env.path("王五.pdf"));
    assert_has(
        &texts,
        &[
            "兹四川省卫生和计划生育委员会王五副主任技师(副高)于2015至2017年期间完成继续医学教育情况如下:",
        ],
    );
    assert_lacks(&texts, &["技师系列"]);
    let code = issued["code"].as_str().unwrap();
    let shown = env.run(&["certificate", "verify", code]).expect(0);
    assert!(
        shown.stdout.contains("副主任技师(副高)"),
        "{}",
        shown.stdout
    );
    assert!(!shown.stdout.contains("技师系列"), "{}", shown.stdout);
    // The account keeps the title as imported: it decides the standard.
    assert_eq!(
        env.account(WANG).title.as_deref(),
        Some("技师系列 - 副主任技师(副高)")
    );
}

#[test]
fn kind_1_lists_class_i_and_kind_2_class_ii_only() {
    let env = figure_27_world();
    issue(&env, ZHANG, "one.pdf", &["--kind", "1"], 0);
    let one = pdf_text(&env.path("one.pdf"));
    assert_has(
        &one,
        &[
            "(I类学分)",
            "201745123",
            "肾上腺外科疾病的多学科联合诊治学习班",
            // The sample's sentence, without the class II sum.
            "该同志2016年度,共计完成:国家级I类学分0.0分,省I类学分0.0分。",
            "该同志2017年度,共计完成:国家级I类学分2.0分,省I类学分8.0分。",
        ],
    );
    assert_lacks(&one, &["II-2016-7", "科室业务学习", "II类学分"]);

    issue(&env, ZHANG, "two.pdf", &["--kind", "2"], 0);
    let two = pdf_text(&env.path("two.pdf"));
    assert_has(
        &two,
        &[
            "(II类学分)",
            "II-2016-7",
            "科室业务学习",
            "该同志2015年度,共计完成:II类学分0.0分。",
            "该同志2016年度,共计完成:II类学分1.5分。",
            "该同志2017年度,共计完成:II类学分0.0分。",
        ],
    );
    assert_lacks(&two, &["201745123", "国家级项目", "国家级I类学分"]);
    // Two kinds, two certificates, each current.
    assert_eq!(
        env.count("SELECT count(*) FROM certificate WHERE status = '有效'"),
        2
    );
}

#[test]
fn verify_states_what_the_certificate_says() {
    let env = figure_27_world();
    let code = issue(&env, ZHANG, "c.pdf", &[], 0).json()["code"]
        .as_str()
        .unwrap()
        .to_owned();
    // Typed in lower case, without dashes.
    let typed = code.replace('-', "").to_lowercase();
    let v = verify(&env, &typed, 0);
    assert_eq!(v["code"], code.as_str());
    assert_eq!(v["status"], "valid");
    assert_eq!(v["id_number"], ZHANG);
    assert_eq!(v["name"], "张三");
    assert_eq!(v["org_name"], "四川省卫生和计划生育委员会");
    assert_eq!(v["title"], "主治医师");
    assert_eq!(v["province"], "四川省");
    assert_eq!(
        (v["from"].as_i64(), v["to"].as_i64()),
        (Some(2015), Some(2017))
    );
    assert_eq!(v["kind"], "all");
    assert_eq!(v["issue_date"], "2017-10-27");
    let years = v["years"].as_array().unwrap();
    assert_eq!(years.len(), 3);
    assert_eq!(years[2]["year"], 2017);
    assert_eq!(years[2]["national_i"], 2.0);
    assert_eq!(years[2]["provincial_i"], 8.0);
    assert_eq!(years[1]["class_ii"], 1.5);
    assert_eq!(years[0]["records"], 0);
    let projects: Vec<&str> = v["records"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["project_no"].as_str().unwrap())
        .collect();
    assert_eq!(
        projects,
        [
            "II-2016-7",
            "17-01-09040386",
            "17-01-04050370",
            "17-01-09020369",
            "201745123"
        ]
    );
    // As a table, for people.
    let run = env.run(&["certificate", "verify", &code]).expect(0);
    assert!(
        run.stdout.contains("valid") && run.stdout.contains("张三"),
        "{}",
        run.stdout
    );

    // Unknown and malformed codes: exit 1, saying so.
    let unknown = env
        .run(&["certificate", "verify", "ZZZZ-ZZZZ-ZZZZ"])
        .expect(1);
    assert!(
        unknown.stderr.contains("not issued here"),
        "{}",
        unknown.stderr
    );
    let bad = env.json(&["certificate", "verify", "hello"], 1);
    assert_eq!(bad["status"], "unknown");
}

#[test]
fn a_revoked_certificate_no_longer_verifies() {
    let env = figure_27_world();
    let code = issue(&env, ZHANG, "c.pdf", &[], 0).json()["code"]
        .as_str()
        .unwrap()
        .to_owned();
    // A reason is required.
    env.run(&["certificate", "revoke", &code]).expect(2);
    env.run(&["certificate", "revoke", &code, "--reason", "  "])
        .expect(2);
    let revoked = env.json(
        &["certificate", "revoke", &code, "--reason", "学分记录有误"],
        0,
    );
    assert_eq!(revoked["changed"], true);
    assert_eq!(revoked["status"], "revoked");
    let run = env.run(&["certificate", "verify", &code]).expect(1);
    assert!(run.stderr.contains("revoked") && run.stderr.contains("学分记录有误"));
    let v = verify(&env, &code, 1);
    assert_eq!(v["status"], "revoked");
    assert_eq!(v["revoked"]["reason"], "学分记录有误");
    assert_eq!(v["revoked"]["by"], shown_actor("tester"));
    // Again: nothing changes.
    let again = env.json(&["certificate", "revoke", &code, "--reason", "x"], 0);
    assert_eq!(again["changed"], false);
    assert_eq!(again["revoked"]["reason"], "学分记录有误");
    env.run(&["certificate", "revoke", "ZZZZ-ZZZZ-ZZZZ", "--reason", "x"])
        .expect(2);
    let items = env.items(ZHANG);
    let logged: Vec<_> = items.iter().filter(|i| i.action == "revoke").collect();
    assert_eq!(logged.len(), 1, "{items:?}");
    assert!(
        logged[0]
            .note
            .as_deref()
            .unwrap_or("")
            .contains("学分记录有误")
    );
    // Issued again: a new certificate, since the revoked one is not current.
    let new = issue(&env, ZHANG, "c.pdf", &[], 0).json();
    assert_ne!(new["code"], code.as_str());
    assert_eq!(new["superseded"], serde_json::json!([]));
}

#[test]
fn the_same_certificate_again_is_the_same_file_and_new_credits_give_a_new_code() {
    let env = figure_27_world();
    let first = issue(&env, ZHANG, "a.pdf", &[], 0).json();
    let again = issue(&env, ZHANG, "b.pdf", &[], 0).json();
    assert_eq!(again["code"], first["code"]);
    assert_eq!(again["new"], false);
    let (a, b) = (
        std::fs::read(env.path("a.pdf")).unwrap(),
        std::fs::read(env.path("b.pdf")).unwrap(),
    );
    assert!(a == b, "--as-of and the same data give the same bytes");
    assert_eq!(env.count("SELECT count(*) FROM certificate"), 1);

    // Another day: another certificate, which supersedes the first.
    let later = env
        .run(&[
            "certificate",
            ZHANG,
            "--from",
            "2015",
            "--to",
            "2017",
            "-o",
            "c.pdf",
            "--as-of",
            "2017-11-01",
            "--format",
            "json",
        ])
        .expect(0)
        .json();
    assert_ne!(later["code"], first["code"]);

    // A credit approved since: as of 2017-11-01 it was not approved yet,
    // so the certificate of that day is still the same one …
    let pending = env.credit_id("PENDING-1").to_string();
    env.run(&["credit", "review", &pending, "--approve"])
        .expect(0);
    let as_it_stood = env
        .run(&[
            "certificate",
            ZHANG,
            "--from",
            "2015",
            "--to",
            "2017",
            "-o",
            "d.pdf",
            "--as-of",
            "2017-11-01",
            "--format",
            "json",
        ])
        .expect(0)
        .json();
    assert_eq!(as_it_stood["code"], later["code"]);
    assert_eq!(as_it_stood["new"], false);
    assert_eq!(as_it_stood["records"], 5);
    assert_lacks(&pdf_text(&env.path("d.pdf")), &["PENDING-1"]);
    // … and once it was approved by then: a new code, the old one superseded.
    backdate(&env);
    let renewed = env
        .run(&[
            "certificate",
            ZHANG,
            "--from",
            "2015",
            "--to",
            "2017",
            "-o",
            "d.pdf",
            "--as-of",
            "2017-11-01",
            "--format",
            "json",
        ])
        .expect(0)
        .json();
    let (old, new) = (
        later["code"].as_str().unwrap(),
        renewed["code"].as_str().unwrap(),
    );
    assert_ne!(old, new);
    assert_eq!(renewed["new"], true);
    assert_eq!(renewed["records"], 6);
    assert_eq!(renewed["superseded"], serde_json::json!([old]));
    assert_has(
        &pdf_text(&env.path("d.pdf")),
        &["PENDING-1", "尚待审核的学习班"],
    );

    // The old one is genuine, superseded, and says by which code (exit 0).
    let run = env.run(&["certificate", "verify", old]).expect(0);
    assert!(run.stderr.contains(new), "{}", run.stderr);
    let v = verify(&env, old, 0);
    assert_eq!(v["status"], "superseded");
    assert_eq!(v["superseded_by"]["code"], new);
    assert_eq!(v["records"].as_array().unwrap().len(), 5);
    assert_eq!(verify(&env, new, 0)["status"], "valid");
    assert_eq!(
        env.count("SELECT count(*) FROM certificate WHERE status = '有效'"),
        1
    );
}

#[test]
fn a_character_the_font_lacks_is_named_with_the_person() {
    let env = figure_27_world();
    // 𠀀 (U+20000) is a letter, so a name may hold it; GBK has no such character.
    env.add_members("C017", &[member("王𠀀", WANG, "医师")]);
    env.import_credits(
        "wang.csv",
        &[credit(
            WANG,
            "王𠀀",
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
    let run = issue(&env, WANG, "wang.pdf", &[], 2);
    for piece in ["王𠀀", WANG, "𠀀", "U+20000", "--font"] {
        assert!(run.stderr.contains(piece), "{piece}: {}", run.stderr);
    }
    assert!(!env.path("wang.pdf").exists());
    assert_eq!(env.count("SELECT count(*) FROM certificate"), 0);
    let left: Vec<_> = std::fs::read_dir(env.dir())
        .unwrap()
        .filter_map(|e| e.ok())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".part") || n.ends_with(".pdf"))
        .collect();
    assert!(left.is_empty(), "{left:?}");

    // A font that has it: the full Noto CJK, where installed.
    let noto = Path::new("/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc");
    if noto.exists() {
        let run = issue_run(
            &env,
            WANG,
            "wang.pdf",
            &["--font", noto.to_str().unwrap(), "--font-index", "2"],
        );
        if run.code == 0 {
            assert_has(&pdf_text(&env.path("wang.pdf")), &["王𠀀"]);
        } else {
            // This Noto lacks it too: still named, still nothing written.
            assert_eq!(run.code, 2, "{run:?}");
            assert!(run.stderr.contains("𠀀"));
        }
    }
}

#[test]
fn bad_input_is_refused_and_leaves_nothing() {
    let env = figure_27_world();
    let args = |id: &str, from: &str, to: &str| -> Vec<String> {
        [
            "certificate",
            id,
            "--from",
            from,
            "--to",
            to,
            "-o",
            "x.pdf",
            "--as-of",
            "2017-10-27",
        ]
        .iter()
        .map(|s| s.to_string())
        .collect()
    };
    let run = |a: Vec<String>, code: i32| -> Run {
        let a: Vec<&str> = a.iter().map(String::as_str).collect();
        env.run(&a).expect(code)
    };
    // An unknown member; someone who is not a member.
    let unknown = run(args("11010519491231002X", "2015", "2017"), 2);
    assert!(
        unknown.stderr.contains("11010519491231002X"),
        "{}",
        unknown.stderr
    );
    // --to before --from; too long a span; a year after the issue date.
    assert!(
        run(args(ZHANG, "2017", "2015"), 2)
            .stderr
            .contains("before")
    );
    assert!(
        run(args(ZHANG, "2001", "2017"), 2)
            .stderr
            .contains("at most 10")
    );
    assert!(
        run(args(ZHANG, "2016", "2018"), 2)
            .stderr
            .contains("after the issue date")
    );
    // A member without approved credits in the span: exit 1, why.
    let none = run(args(LI, "2015", "2017"), 1);
    assert!(
        none.stderr.contains("no approved credits"),
        "{}",
        none.stderr
    );
    let nothing = run(args(ZHANG, "2012", "2014"), 1);
    assert!(nothing.stderr.contains("no approved credits"));
    // No -o; a bad --kind; a bad --as-of.
    env.run(&["certificate", ZHANG, "--from", "2015", "--to", "2017"])
        .expect(2);
    env.run(&[
        "certificate",
        ZHANG,
        "--from",
        "2015",
        "--to",
        "2017",
        "-o",
        "x.pdf",
        "--kind",
        "3",
    ])
    .expect(2);
    env.run(&[
        "certificate",
        ZHANG,
        "--from",
        "2015",
        "--to",
        "2017",
        "-o",
        "x.pdf",
        "--as-of",
        "2017-13-01",
    ])
    .expect(2);
    // A font that cannot be read, or is not a font.
    let mut font = args(ZHANG, "2015", "2017");
    font.extend(["--font".into(), "no-such-font.ttf".into()]);
    assert!(run(font, 2).stderr.contains("no-such-font.ttf"));
    let not_font = env.write("font.ttf", "not a font");
    let mut font = args(ZHANG, "2015", "2017");
    font.extend(["--font".into(), not_font.to_string_lossy().into_owned()]);
    run(font, 2);
    // An output directory that does not exist: exit 3.
    let mut nowhere = args(ZHANG, "2015", "2017");
    nowhere[7] = "no/such/dir/x.pdf".into();
    run(nowhere, 3);
    // An organisation without a province, and no --province.
    env.add_cme_org("C099", "某县医院", "县级");
    env.add_members("C099", &[member("王五", WANG, "医师")]);
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
    assert!(
        run(args(WANG, "2015", "2017"), 2)
            .stderr
            .contains("province")
    );
    // … which --province supplies.
    let mut with = args(WANG, "2015", "2017");
    with.extend(["--province".into(), "福建".into()]);
    run(with, 0);
    assert_has(
        &pdf_text(&env.path("x.pdf")),
        &["福建省继续医学教育学分证明"],
    );
    let mut bad = args(WANG, "2015", "2017");
    bad.extend(["--province".into(), "火星".into()]);
    run(bad, 2);

    assert_eq!(env.count("SELECT count(*) FROM certificate"), 1);
    let left: Vec<String> = std::fs::read_dir(env.dir())
        .unwrap()
        .filter_map(|e| e.ok())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".part") || n.ends_with(".pdf"))
        .collect();
    assert_eq!(left, ["x.pdf"]);
}

/// Bulk runs: `--org C017 --from 2015 --to 2017 --as-of 2017-10-27 [extra] --format json`.
fn bulk(env: &Env, extra: &[&str], code: i32) -> Value {
    let mut args = vec![
        "certificate",
        "--from",
        "2015",
        "--to",
        "2017",
        "--as-of",
        "2017-10-27",
    ];
    args.extend_from_slice(extra);
    env.json(&args, code)
}

fn pdfs_in(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .map(|d| {
            d.filter_map(|e| e.ok())
                .map(|e| e.file_name().to_string_lossy().into_owned())
                .collect()
        })
        .unwrap_or_default();
    names.sort();
    names
}

#[test]
fn a_bulk_run_writes_every_member_with_credits_and_reports_the_rest() {
    let env = figure_27_world();
    // 王𠀀 cannot be printed in the built-in font; 赵六's registration is
    // still pending; 钱七 does not take part in CME.
    env.add_members("C017", &[member("王𠀀", WANG, "医师")]);
    env.import_credits(
        "wang.csv",
        &[credit(
            WANG,
            "王𠀀",
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
    let zhao = nth_id(1);
    let qian = nth_id(2);
    let roster = env.csv(
        "more.csv",
        &[
            MEMBER_HEADER.iter().map(|s| s.to_string()).collect(),
            member("赵六", &zhao, "医师"),
        ],
    );
    env.import(&roster, "C017", &["--role", "member"], 0);
    let mut qian_row = member("钱七", &qian, "医师");
    qian_row[6] = "否".into();
    env.add_members("C017", &[qian_row]);

    let report = bulk(
        &env,
        &["--org", "C017", "--out-dir", "certs", "--zip", "certs.zip"],
        1,
    );
    assert_eq!(report["members"], 3, "{report}");
    assert_eq!(report["written"], 1);
    assert_eq!(report["new"], 1);
    assert_eq!(report["skipped"][0]["id_number"], LI);
    assert!(
        report["skipped"][0]["reason"]
            .as_str()
            .unwrap()
            .contains("no approved credits")
    );
    assert_eq!(report["failed"][0]["id_number"], WANG);
    assert!(
        report["failed"][0]["reason"]
            .as_str()
            .unwrap()
            .contains("U+20000")
    );
    assert_eq!(report["not_included"]["pending_registration"], 1);
    assert_eq!(report["not_included"]["not_taking_cme"], 1);
    let file = format!("{ZHANG}_张三_2015-2017.pdf");
    assert_eq!(pdfs_in(&env.path("certs")), [file.as_str()]);
    assert_eq!(report["certificates"][0]["file"], file.as_str());
    let code = report["certificates"][0]["code"]
        .as_str()
        .unwrap()
        .to_owned();
    assert_has(
        &pdf_text(&env.path("certs").join(&file)),
        &[
            "张三",
            "肾上腺外科疾病的多学科联合诊治学习班",
            &format!("验证码:{code}"),
        ],
    );
    let archive = std::fs::File::open(env.path("certs.zip")).unwrap();
    let mut archive = zip::ZipArchive::new(archive).unwrap();
    let entries: Vec<String> = (0..archive.len())
        .map(|i| archive.by_index(i).unwrap().name().unwrap().into_owned())
        .collect();
    assert_eq!(entries, [file.as_str()]);
    // Only what was written is recorded, and it verifies.
    assert_eq!(env.count("SELECT count(*) FROM certificate"), 1);
    assert_eq!(verify(&env, &code, 0)["name"], "张三");

    // The same run again the same day prints the same certificates.
    let again = bulk(&env, &["--org", "C017", "--out-dir", "again"], 1);
    assert_eq!(again["reprinted"], 1);
    assert_eq!(again["new"], 0);
    assert_eq!(again["certificates"][0]["code"], code.as_str());
    assert_eq!(
        std::fs::read(env.path("again").join(&file)).unwrap(),
        std::fs::read(env.path("certs").join(&file)).unwrap()
    );

    // A table for people.
    let run = env
        .run(&[
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
            "third",
        ])
        .expect(1);
    assert!(
        run.stdout.contains("wrote 1 certificates"),
        "{}",
        run.stdout
    );
    assert!(run.stdout.contains(WANG) && run.stdout.contains("U+20000"));
}

#[test]
fn a_bulk_run_of_listed_members_reports_the_unknown() {
    let env = figure_27_world();
    let list = env.write(
        "list.txt",
        format!("{ZHANG}\n{LI}\n11010519491231002X\n{ZHANG}\n"),
    );
    let report = bulk(
        &env,
        &["--members", list.to_str().unwrap(), "--zip", "all.zip"],
        1,
    );
    assert_eq!(report["written"], 1);
    assert_eq!(report["skipped"].as_array().unwrap().len(), 1);
    let failed = report["failed"].as_array().unwrap();
    assert_eq!(failed.len(), 1, "{report}");
    assert_eq!(failed[0]["id_number"], "11010519491231002X");
    assert!(failed[0]["reason"].as_str().unwrap().contains("no account"));
    assert!(env.path("all.zip").exists());
    // --members with -o, or without a destination: usage errors.
    env.run(&[
        "certificate",
        "--members",
        "list.txt",
        "--from",
        "2015",
        "--to",
        "2017",
    ])
    .expect(2);
    env.run(&[
        "certificate",
        "--org",
        "NOPE",
        "--from",
        "2015",
        "--to",
        "2017",
        "--out-dir",
        "x",
    ])
    .expect(2);
    assert!(!env.path("x").exists());
}

#[test]
fn a_failed_bulk_run_leaves_no_files_and_no_codes() {
    let env = figure_27_world();
    // A current certificate that the run would supersede (another day).
    let before = issue(&env, ZHANG, "old.pdf", &[], 0).json();
    let changes = env.change_sets();
    // The archive's name is taken by a directory: the run fails at the
    // very end, when the archive is put in place, after every batch has
    // been written and recorded.
    std::fs::create_dir_all(env.path("all.zip/inside")).unwrap();
    let run = env
        .run(&[
            "certificate",
            "--org",
            "C017",
            "--from",
            "2015",
            "--to",
            "2017",
            "--as-of",
            "2017-11-01",
            "--out-dir",
            "certs",
            "--zip",
            "all.zip",
        ])
        .expect(3);
    assert!(run.stderr.contains("all.zip"), "{}", run.stderr);
    assert!(pdfs_in(&env.path("certs")).is_empty());
    assert_eq!(env.count("SELECT count(*) FROM certificate"), 1);
    assert_eq!(env.change_sets(), changes);
    let v = verify(&env, before["code"].as_str().unwrap(), 0);
    assert_eq!(v["status"], "valid", "the superseded one is current again");
    // An output directory that cannot be made: exit 3 before anything.
    env.write("blocker", "x");
    env.run(&[
        "certificate",
        "--org",
        "C017",
        "--from",
        "2015",
        "--to",
        "2017",
        "--out-dir",
        "blocker/certs",
    ])
    .expect(3);
    assert_eq!(env.count("SELECT count(*) FROM certificate"), 1);
}

#[test]
fn help_shows_the_three_forms() {
    let env = Env::new();
    let help = env.run(&["certificate", "--help"]).expect(0).stdout;
    for piece in [
        "verify",
        "revoke",
        "--org",
        "--out-dir",
        "--zip",
        "--as-of",
        "Examples",
    ] {
        assert!(help.contains(piece), "{piece}: {help}");
    }
    env.run(&["certificate", "verify", "--help"]).expect(0);
}

/// The library's bulk run with one member per batch: every batch its own
/// transaction, and a failure at the end undoes them all.
#[test]
fn a_run_of_many_batches_is_undone_whole() {
    use meded::certificate::issue::{BulkJob, IssueOptions, Scope, issue_many};
    use meded::certificate::{BulkTarget, Font, Kind};

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
    let before = issue(&env, ZHANG, "old.pdf", &[], 0).json();
    let changes = env.change_sets();
    let opts = IssueOptions {
        from: 2015,
        to: 2017,
        kind: Kind::All,
        issue_date: chrono::NaiveDate::from_ymd_opt(2017, 11, 1).unwrap(),
        province: None,
        authority: String::new(),
        issuer: None,
        key: Some(meded::sign::SigningKey::generate().unwrap()),
        status_list_url: None,
    };
    let who = meded::history::Who::new("tester", "test");
    let job = |zip: &str| BulkJob {
        scope: Scope::Org("C017".into()),
        target: BulkTarget {
            out_dir: Some(env.path("certs")),
            zip: Some(env.path(zip)),
        },
        credential_dir: None,
        list_files: true,
        batch: 1,
    };
    let mut conn = meded::db::open(env.db_path()).unwrap();
    let font = Font::builtin().unwrap();

    std::fs::create_dir_all(env.path("taken.zip/inside")).unwrap();
    let err = issue_many(
        &mut conn,
        &job("taken.zip"),
        &opts,
        font.clone(),
        &who,
        &|_, _| {},
    )
    .unwrap_err();
    assert_eq!(err.exit_code() as i32, 3, "{err:?}");
    assert!(pdfs_in(&env.path("certs")).is_empty());
    assert_eq!(env.count("SELECT count(*) FROM certificate"), 1);
    assert_eq!(env.change_sets(), changes);
    assert_eq!(
        env.count("SELECT count(*) FROM signing_key"),
        1,
        "the run's new key is forgotten with it"
    );
    assert_eq!(
        verify(&env, before["code"].as_str().unwrap(), 0)["status"],
        "valid"
    );

    let report = issue_many(&mut conn, &job("all.zip"), &opts, font, &who, &|_, _| {}).unwrap();
    assert_eq!((report.written, report.new, report.superseded), (2, 2, 1));
    assert_eq!(report.skipped.len(), 1);
    let codes: std::collections::HashSet<&str> = report
        .certificates
        .iter()
        .map(|c| c.code.as_str())
        .collect();
    assert_eq!(codes.len(), 2);
    for code in codes {
        assert_eq!(verify(&env, code, 0)["status"], "valid");
    }
    assert_eq!(env.change_sets(), changes + 1, "one change set for the run");
    assert_eq!(
        verify(&env, before["code"].as_str().unwrap(), 0)["status"],
        "superseded"
    );
}
