//! Recruitment (招录): applicants, batches and windows, plans, applications,
//! review with the plan's places, cancellation, status and admission — each
//! state move and each refusal, at moments just inside and just outside
//! the window, read back from the database.

use serde_json::Value;

use crate::common::*;

/// The window of the batch every test opens.
const OPENS: &str = "2025-03-01 08:00:00";
const CLOSES: &str = "2025-03-15 17:00:00";
/// A moment inside the window.
const DURING: &str = "2025-03-10 09:00:00";
/// Just outside it, on either side.
const BEFORE: &str = "2025-03-01 07:59:59";
const AFTER: &str = "2025-03-15 17:00:01";

/// The header of the applicant account template.
const APPLICANT_HEADER: [&str; 4] = ["姓名", "证件类型", "证件号码", "手机号码"];

/// The `n`th applicant's ID number (Fuzhou, born 1998).
fn applicant(n: u32) -> String {
    id("350102", "19980101", n)
}

fn name(n: u32) -> String {
    format!("报名{}", chinese_number(n))
}

/// Two bases (H001, H002), a CME unit, the 2025 第一批 batch and plans:
/// H001 内科 2 places, H001 外科 1, H002 全科 3.
fn season() -> Env {
    let env = Env::with_base();
    env.add_org("H002", "福建医科大学附属第一医院");
    env.add_cme_org("C001", "某继教单位", "县级");
    env.run(&[
        "recruit",
        "open",
        "--year",
        "2025",
        "--batch",
        "第一批",
        "--from",
        OPENS,
        "--until",
        CLOSES,
    ])
    .expect(0);
    let plan = env.csv(
        "plan.csv",
        &rows(&[
            &["培训基地代码", "培训专业", "计划人数", "批次"],
            &["H001", "内科", "2", "第一批"],
            &["H001", "外科", "1", "第一批"],
            &["H002", "全科", "3", "第一批"],
        ]),
    );
    let r = env.json(&["recruit", "plan", "import", plan.to_str().unwrap()], 0);
    assert_eq!(r["imported"], 3, "{r}");
    env
}

/// Applicant accounts 1..=n, each with a complete profile.
fn applicants(env: &Env, n: u32) {
    let mut file = vec![APPLICANT_HEADER.iter().map(|s| s.to_string()).collect()];
    for i in 1..=n {
        file.push(vec![
            name(i),
            "居民身份证".into(),
            applicant(i),
            nth_phone(i),
        ]);
    }
    let accounts = env.csv("applicants.csv", &file);
    let r = env.json(
        &[
            "account",
            "import",
            accounts.to_str().unwrap(),
            "--role",
            "applicant",
        ],
        0,
    );
    assert_eq!(r["imported"], n, "{r}");
    env.photos();
    let people: Vec<PersonRows> = (1..=n)
        .map(|i| good_profile(&applicant(i), &name(i)))
        .collect();
    let book = profile_book(&env.path("profiles.xlsx"), &people);
    let r = env.json(&["profile", "import", book.to_str().unwrap()], 0);
    assert_eq!(r["imported"], n, "{r}");
}

/// `recruit apply` of one applicant at a moment, as JSON.
fn apply(env: &Env, n: u32, org: &str, specialty: &str, now: &str, code: i32) -> Value {
    env.json(
        &[
            "recruit",
            "apply",
            &applicant(n),
            "--org",
            org,
            "--specialty",
            specialty,
            "--now",
            now,
        ],
        code,
    )
}

/// The stored state, base and specialty of an applicant's application.
fn application(env: &Env, n: u32) -> (String, String, String, Option<String>) {
    env.db()
        .query_row(
            "SELECT p.state, o.code, p.specialty, p.reason FROM recruit_application p
             JOIN account a ON a.id = p.account_id JOIN org o ON o.id = p.org_id
             WHERE a.id_number = ?1",
            [applicant(n)],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)),
        )
        .unwrap_or_else(|e| panic!("application of {}: {e}", applicant(n)))
}

fn state(env: &Env, n: u32) -> String {
    application(env, n).0
}

fn review(env: &Env, args: &[&str], code: i32) -> Value {
    let mut all = vec!["recruit", "review"];
    all.extend_from_slice(args);
    env.json(&all, code)
}

fn errors(r: &Value) -> Vec<String> {
    r["errors"]
        .as_array()
        .unwrap_or_else(|| panic!("no errors in {r}"))
        .iter()
        .map(|e| e["message"].as_str().unwrap().to_owned())
        .collect()
}

#[test]
fn applicants_are_imported_without_an_organisation_and_choose_a_password_by_the_policy() {
    let env = Env::with_base();
    let file = env.csv(
        "a.csv",
        &rows(&[
            &APPLICANT_HEADER,
            &["报名一", "居民身份证", &applicant(1), "13900000001"],
            &["报名二", "居民身份证", &applicant(2), "13900000002"],
        ]),
    );
    let f = file.to_str().unwrap();
    // Applicants belong to no organisation: --org is refused, not ignored.
    env.run(&[
        "account",
        "import",
        f,
        "--role",
        "applicant",
        "--org",
        "H001",
    ])
    .expect(2);
    assert_eq!(env.accounts(), 0);
    let r = env.json(&["account", "import", f, "--role", "applicant"], 0);
    assert_eq!(r["imported"], 2);
    let (role, org): (String, Option<i64>) = env
        .db()
        .query_row(
            "SELECT role, org_id FROM account WHERE id_number = ?1",
            [applicant(1)],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .unwrap();
    assert_eq!((role.as_str(), org), ("applicant", None));
    // Again: nothing new.
    let r = env.json(&["account", "import", f, "--role", "applicant"], 0);
    assert_eq!(
        (r["imported"].as_u64(), r["skipped"].as_u64()),
        (Some(0), Some(2))
    );
    // Other roles still need their organisation.
    env.run(&["account", "import", f]).expect(2);
    // A resident roster naming an applicant is refused, saying why.
    let roster = env.csv(
        "r.csv",
        &[
            HEADER.iter().map(|s| s.to_string()).collect(),
            resident("2025", "报名一", &applicant(1), "13900000001"),
        ],
    );
    let r = env.import(&roster, "H001", &[], 1);
    assert!(errors(&r)[0].contains("applicant"), "{r}");
    // Shown and listed with no organisation.
    let shown = env.json(&["account", "show", &applicant(1)], 0);
    assert_eq!(shown["role"], "applicant");
    assert_eq!(shown["org"], "");
    let list = env.json(&["account", "list"], 0);
    assert_eq!(list.as_array().unwrap().len(), 2);
    // The login is the ID number; a chosen password follows the policy.
    assert!(env.password_matches(&applicant(1), "000000"));
    env.run_stdin(&["account", "set-password", &applicant(1)], "weakpass\n")
        .expect(2);
    env.run_stdin(
        &["account", "set-password", &applicant(1)],
        "Fj2025#apply\n",
    )
    .expect(0);
    assert!(env.password_matches(&applicant(1), "Fj2025#apply"));
    assert!(!env.password_matches(&applicant(1), "000000"));
    // The blank template has the applicant's columns (its header is
    // found), and nothing under them to import: exit 1.
    let out = env.path("t.xlsx");
    env.run(&[
        "template",
        "account",
        "--role",
        "applicant",
        "-o",
        out.to_str().unwrap(),
    ])
    .expect(0);
    let r = env.json(
        &[
            "account",
            "import",
            out.to_str().unwrap(),
            "--role",
            "applicant",
        ],
        1,
    );
    assert_eq!(r["imported"], 0);
}

#[test]
fn profiles_of_applicants_are_imported_without_an_organisation() {
    let env = Env::with_base();
    env.photos();
    let file = env.csv(
        "a.csv",
        &rows(&[
            &APPLICANT_HEADER,
            &["报名一", "居民身份证", &applicant(1), "13900000001"],
        ]),
    );
    env.json(
        &[
            "account",
            "import",
            file.to_str().unwrap(),
            "--role",
            "applicant",
        ],
        0,
    );
    let book = profile_book(
        &env.path("p.xlsx"),
        &[good_profile(&applicant(1), "报名一")],
    );
    let b = book.to_str().unwrap();
    let r = env.json(&["profile", "import", b, "--org", "H001"], 1);
    assert!(errors(&r)[0].contains("without --org"), "{r}");
    let r = env.json(&["profile", "import", b], 0);
    assert_eq!(r["imported"], 1);
    let shown = env.json(&["profile", "show", &applicant(1)], 0);
    assert_eq!(shown["id_number"], applicant(1));
}

#[test]
fn batches_open_once_with_a_window_that_overlaps_no_other() {
    let env = Env::new();
    let open = |batch: &str, from: &str, until: &str, code: i32| -> Run {
        env.run(&[
            "recruit", "open", "--year", "2025", "--batch", batch, "--from", from, "--until",
            until, "--format", "json",
        ])
        .expect(code)
    };
    let r = open("第一批", "2025-03-01 08:00", "2025-03-15 17:00", 0).json();
    assert_eq!(r["opened"], "created");
    assert_eq!(r["opens"], OPENS);
    assert_eq!(r["closes"], CLOSES);
    // The same again changes nothing.
    let r = open("第一批", "2025-03-01 08:00:00", "2025/3/15 17:00", 0).json();
    assert_eq!(r["opened"], "unchanged");
    // Another window for the same batch, one the wrong way round, one
    // overlapping: refused, each saying why.
    let run = open("第一批", "2025-03-01", "2025-03-20", 2);
    assert!(
        run.stderr
            .contains("exists with the window 2025-03-01 08:00:00"),
        "{}",
        run.stderr
    );
    let run = open("调剂", "2025-04-07", "2025-04-01", 2);
    assert!(
        run.stderr
            .contains("closes (2025-04-01 23:59:59) before it opens"),
        "{}",
        run.stderr
    );
    let run = open("调剂", "2025-03-15 16:00", "2025-03-20", 2);
    assert!(
        run.stderr
            .contains("overlaps that of the batch 2025 第一批"),
        "{}",
        run.stderr
    );
    env.run(&[
        "recruit",
        "open",
        "--year",
        "2025",
        "--batch",
        "第二批",
        "--from",
        "yesterday",
        "--until",
        "2025-04-01",
    ])
    .expect(2);
    // Just after the first closes: a second round, dates alone spanning whole days.
    let r = open("调剂", "2025-03-15 17:00:01", "2025-03-20", 0).json();
    assert_eq!(r["closes"], "2025-03-20 23:59:59");
    let n = env.count("SELECT count(*) FROM recruit_batch WHERE year = 2025");
    assert_eq!(n, 2);
    // A batch's opening is in the change log.
    let logged = env.count(
        "SELECT count(*) FROM change_item WHERE entity = 'recruit_batch' AND action = 'create'",
    );
    assert_eq!(logged, 2);
}

#[test]
fn plans_are_checked_against_bases_specialties_and_batches() {
    let env = season();
    let plan = env.csv(
        "plan2.csv",
        &rows(&[
            &["*培训基地代码", "*培训专业", "*计划人数", "*批次"],
            &["H001", "神经外科", "1", "2025 第一批"],
            &["H009", "内科", "1", "第一批"],
            &["C001", "内科", "1", "第一批"],
            &["H002", "心内科", "1", "第一批"],
            &["H002", "儿科", "两个", "第一批"],
            &["H002", "儿科", "2", "第九批"],
            &["H002", "外科(神经外科方向)", "2", "第一批"],
            &["H002", "外科（神经外科方向）", "3", "第一批"],
        ]),
    );
    let r = env.json(&["recruit", "plan", "import", plan.to_str().unwrap()], 1);
    assert_eq!(
        (r["imported"].as_u64(), r["rejected"].as_u64()),
        (Some(2), Some(6)),
        "{r}"
    );
    let e = errors(&r);
    assert!(e[0].contains("no organisation with code H009"), "{e:?}");
    assert!(e[1].contains("C001 is not a training base"), "{e:?}");
    assert!(e[2].contains("unknown specialty '心内科'"), "{e:?}");
    assert!(e[3].contains("'两个' must be a whole number"), "{e:?}");
    assert!(e[4].contains("no recruitment batch '第九批'"), "{e:?}");
    assert!(e[5].contains("as row 8"), "{e:?}");
    let stored = env.count(
        "SELECT places FROM recruit_plan WHERE specialty = '外科（神经外科方向）'
         AND org_id = (SELECT id FROM org WHERE code = 'H001')",
    );
    assert_eq!(stored, 1, "神经外科 is stored as the specialty it names");
    // The same plan again: skipped; another number: a note, or --update.
    let again = env.csv(
        "plan3.csv",
        &rows(&[
            &["培训基地代码", "培训专业", "计划人数", "批次"],
            &["H001", "内科", "2", "第一批"],
            &["H001", "外科", "4", "第一批"],
        ]),
    );
    let a = again.to_str().unwrap();
    let r = env.json(&["recruit", "plan", "import", a], 0);
    assert_eq!(r["skipped"], 2);
    assert!(
        r["notes"][0]["message"]
            .as_str()
            .unwrap()
            .contains("--update")
    );
    let r = env.json(&["recruit", "plan", "import", a, "--update"], 0);
    assert_eq!(r["updated"], 1);
    let items = env.items("H001");
    let last = items.last().unwrap();
    assert_eq!(
        (
            last.field.as_deref(),
            last.before.as_deref(),
            last.after.as_deref()
        ),
        (Some("计划人数"), Some("1"), Some("4"))
    );
}

#[test]
fn applications_are_taken_only_inside_the_window_both_ends_included() {
    let env = season();
    applicants(&env, 4);
    let r = apply(&env, 1, "H001", "内科", BEFORE, 1);
    assert_eq!(r["applied"], false);
    let m = r["message"].as_str().unwrap();
    assert!(
        m.contains("2025-03-01 08:00:00 to 2025-03-15 17:00:00") && m.contains("not opened yet"),
        "{m}"
    );
    let r = apply(&env, 1, "H001", "内科", OPENS, 0);
    assert_eq!(
        (r["applied"].as_bool(), r["state"].as_str()),
        (Some(true), Some("已提交"))
    );
    assert_eq!(r["batch"], "2025 第一批");
    apply(&env, 2, "H001", "外科", CLOSES, 0);
    let r = apply(&env, 3, "H001", "外科", AFTER, 1);
    assert!(
        r["message"].as_str().unwrap().contains("it has closed"),
        "{r}"
    );
    // MEDED_NOW says when, as --now does.
    let mut cmd = env.cmd();
    cmd.env("MEDED_NOW", AFTER).args([
        "recruit",
        "apply",
        &applicant(4),
        "--org",
        "H002",
        "--specialty",
        "全科",
    ]);
    Env::exec(cmd).expect(1);
    assert_eq!(
        env.count("SELECT count(*) FROM recruit_application"),
        2,
        "only the two inside the window"
    );
    assert_eq!(
        application(&env, 1),
        ("已提交".into(), "H001".into(), "内科".into(), None)
    );
    let at: String = env
        .db()
        .query_row(
            "SELECT submitted_at FROM recruit_application ORDER BY id LIMIT 1",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(at, OPENS);
    env.run(&[
        "recruit",
        "apply",
        &applicant(4),
        "--org",
        "H002",
        "--specialty",
        "全科",
        "--now",
        "soon",
    ])
    .expect(2);
}

#[test]
fn an_incomplete_profile_is_refused_naming_what_is_missing() {
    let env = season();
    applicants(&env, 1);
    // Accounts without a profile, and with parts of one.
    let file = env.csv(
        "more.csv",
        &rows(&[
            &APPLICANT_HEADER,
            &["报名二", "居民身份证", &applicant(2), "13900000002"],
            &["报名三", "居民身份证", &applicant(3), "13900000003"],
        ]),
    );
    env.json(
        &[
            "account",
            "import",
            file.to_str().unwrap(),
            "--role",
            "applicant",
        ],
        0,
    );
    let r = apply(&env, 2, "H001", "内科", DURING, 1);
    let m = r["message"].as_str().unwrap();
    assert!(m.contains("the profile is incomplete"), "{m}");
    assert!(m.contains("基本信息 has not been filled in"), "{m}");
    assert!(m.contains("证书信息 has not been filled in"), "{m}");
    // Only a study still under way, and the 执业医师 questions unanswered.
    let mut p = good_profile(&applicant(3), "报名三");
    let edu = &mut p.education[0];
    set(edu, "是否在读", "是");
    set(edu, "是否获得毕业证书", "否");
    set(edu, "学历证书编码", "");
    set(edu, "学历证书原件", "");
    set(edu, "取得学历时间", "");
    set(edu, "是否获得学位证书", "否");
    for f in [
        "学位类型",
        "学位",
        "取得学位时间",
        "学位证书编号",
        "学位证书原件",
    ] {
        set(edu, f, "");
    }
    let cert = p.certificate.as_mut().unwrap();
    set(cert, "是否通过医师资格考试", "");
    set(cert, "是否获得医师资格证书", "");
    for f in [
        "通过资格考试时间",
        "医师资格类别",
        "医师资格级别",
        "医师资格证书编码",
        "取得医师资格证书时间",
        "医师资格证书原件",
    ] {
        set(cert, f, "");
    }
    let book = profile_book(&env.path("p3.xlsx"), &[p]);
    env.json(&["profile", "import", book.to_str().unwrap()], 0);
    let r = apply(&env, 3, "H001", "内科", DURING, 1);
    let m = r["message"].as_str().unwrap();
    assert!(
        m.contains("学习经历·是否在读: at least one completed education"),
        "{m}"
    );
    assert!(m.contains("证书信息·是否通过医师资格考试"), "{m}");
    assert!(m.contains("证书信息·是否获得医师资格证书"), "{m}");
    // In Chinese too.
    let run = env
        .run(&[
            "recruit",
            "apply",
            &applicant(3),
            "--org",
            "H001",
            "--specialty",
            "内科",
            "--now",
            DURING,
            "--lang",
            "zh",
        ])
        .expect(1);
    assert!(run.stdout.contains("个人信息不完整"), "{}", run.stdout);
    // Nothing was written for either; the complete one is taken.
    assert_eq!(env.count("SELECT count(*) FROM recruit_application"), 0);
    apply(&env, 1, "H001", "内科", DURING, 0);
}

#[test]
fn a_specialty_without_places_a_second_application_and_strangers_are_refused() {
    let env = season();
    applicants(&env, 2);
    let r = apply(&env, 1, "H001", "儿科", DURING, 1);
    let m = r["message"].as_str().unwrap();
    assert!(
        m.contains("H001 has no places for 儿科 in 2025 第一批 (it recruits for: 内科、外科)"),
        "{m}"
    );
    let r = apply(&env, 1, "H002", "内科", DURING, 1);
    assert!(r["message"].as_str().unwrap().contains("全科"));
    apply(&env, 1, "H001", "内科", DURING, 0);
    // The same application again: nothing to do.
    let r = apply(&env, 1, "H001", "内科", DURING, 0);
    assert_eq!(
        (r["applied"].as_bool(), r["changed"].as_bool()),
        (Some(true), Some(false))
    );
    // Another while it is active: refused.
    let r = apply(&env, 1, "H002", "全科", DURING, 1);
    assert!(
        r["message"]
            .as_str()
            .unwrap()
            .contains("already an application in 2025 第一批 (H001 内科, 已提交)"),
        "{r}"
    );
    assert_eq!(application(&env, 1).1, "H001");
    // Names that mean nothing are usage errors; people who cannot apply, refusals.
    env.run(&[
        "recruit",
        "apply",
        &applicant(2),
        "--org",
        "H001",
        "--specialty",
        "心内科",
        "--now",
        DURING,
    ])
    .expect(2);
    env.run(&[
        "recruit",
        "apply",
        &applicant(2),
        "--org",
        "C001",
        "--specialty",
        "内科",
        "--now",
        DURING,
    ])
    .expect(2);
    env.run(&[
        "recruit",
        "apply",
        &applicant(2),
        "--org",
        "H001",
        "--specialty",
        "内科",
        "--batch",
        "调剂",
        "--now",
        DURING,
    ])
    .expect(2);
    let r = apply(&env, 9, "H001", "内科", DURING, 1);
    assert!(
        r["message"].as_str().unwrap().contains("--role applicant"),
        "{r}"
    );
    let members = env.csv(
        "m.csv",
        &rows(&[
            &[
                "姓名",
                "证件类型",
                "证件号码",
                "手机号码",
                "科室",
                "技术职称",
                "电子邮箱",
                "参加继教",
                "学分达标遵照",
            ],
            &[
                "张医生",
                "居民身份证",
                &nth_id(7),
                "13800000007",
                "内科",
                "医师",
                "doctor@example.cn",
                "是",
                "县级",
            ],
        ]),
    );
    env.import(&members, "C001", &["--role", "member"], 0);
    let r = env.json(
        &[
            "recruit",
            "apply",
            &nth_id(7),
            "--org",
            "H001",
            "--specialty",
            "内科",
            "--now",
            DURING,
        ],
        1,
    );
    assert!(
        r["message"].as_str().unwrap().contains("cannot apply"),
        "{r}"
    );
}

#[test]
fn review_approves_within_the_places_returns_with_a_reason_and_a_return_is_applied_again() {
    let env = season();
    applicants(&env, 5);
    for n in 1..=3 {
        apply(&env, n, "H001", "内科", DURING, 0);
    }
    apply(&env, 4, "H002", "全科", DURING, 0);
    apply(&env, 5, "H001", "外科", DURING, 0);
    let (a1, a2, a3, a4) = (applicant(1), applicant(2), applicant(3), applicant(4));
    // Two places for 内科: the third approval is refused, in the order named.
    let r = review(&env, &[&a1, &a2, &a3, "--org", "H001", "--approve"], 1);
    assert_eq!(r["changed"], 2);
    let e = errors(&r);
    assert!(
        e[0].contains("H001 has 2 places for 内科 in 2025 第一批, all taken"),
        "{e:?}"
    );
    assert_eq!(r["errors"][0]["id_number"], a3);
    assert_eq!(
        (state(&env, 1), state(&env, 2), state(&env, 3)),
        ("审核通过".into(), "审核通过".into(), "已提交".into())
    );
    // Another base's applicant is outside this base's review.
    let r = review(&env, &[&a4, "--org", "H001", "--approve"], 1);
    assert!(errors(&r)[0].contains("the application is to H002, outside H001"));
    // A return needs a reason; with one, the applicant reads it.
    env.run(&["recruit", "review", &a3, "--org", "H001", "--return"])
        .expect(2);
    let r = review(
        &env,
        &[
            &a3,
            "--org",
            "H001",
            "--return",
            "--reason",
            "学历证书照片不清晰",
        ],
        0,
    );
    assert_eq!(r["applications"][0]["before"], "已提交");
    assert_eq!(r["applications"][0]["after"], "退回");
    assert_eq!(
        application(&env, 3).3.as_deref(),
        Some("学历证书照片不清晰")
    );
    // A returned application is not approved until it is submitted again …
    let r = review(&env, &[&a3, "--org", "H001", "--approve"], 1);
    assert!(
        errors(&r)[0].contains("once the applicant submits it again"),
        "{r}"
    );
    // … which the applicant does, here to another specialty of the same base.
    let r = apply(&env, 3, "H001", "外科", DURING, 0);
    assert_eq!(r["changed"], true);
    assert_eq!(
        application(&env, 3),
        ("已提交".into(), "H001".into(), "外科".into(), None)
    );
    // --override approves beyond the places, and the change log says so.
    let r = review(
        &env,
        &["--org", "H001", "--all", "--approve", "--override"],
        0,
    );
    assert_eq!(r["changed"], 2, "{r}");
    assert_eq!(
        (state(&env, 3), state(&env, 5)),
        ("审核通过".into(), "审核通过".into())
    );
    // (In the order submitted: applicant 3 took 外科's one place, 5 is beyond it.)
    let overridden: Vec<Item> = env
        .items(&applicant(5))
        .into_iter()
        .filter(|i| i.action == "approve")
        .collect();
    assert!(
        overridden[0]
            .note
            .as_deref()
            .unwrap()
            .contains("--override"),
        "{overridden:?}"
    );
    // The moves are logged with before and after.
    let moves: Vec<(String, String, String)> = env
        .items(&a3)
        .into_iter()
        .filter(|i| i.entity == "application")
        .filter_map(|i| Some((i.action, i.before?, i.after?)))
        .collect();
    assert_eq!(
        moves,
        vec![
            ("return".into(), "已提交".into(), "退回".into()),
            ("apply".into(), "退回".into(), "已提交".into()),
            ("update".into(), "内科".into(), "外科".into()),
            ("approve".into(), "已提交".into(), "审核通过".into()),
        ]
    );
    // Approving again changes nothing; an approved one is not returned by a cancel.
    let r = review(&env, &[&a1, "--org", "H001", "--approve"], 0);
    assert_eq!(
        (r["changed"].as_u64(), r["unchanged"].as_u64()),
        (Some(0), Some(1))
    );
    // A review file lists the ID numbers; those who did not apply to the
    // base are reported, each with why.
    let mut list = format!("{a4}\n{a1}\n");
    for k in 0..70 {
        list.push_str(&format!("{}\n", nth_id(200 + k)));
    }
    let list = env.write("ids.txt", list);
    let r = review(
        &env,
        &[
            "--org",
            "H002",
            "--file",
            list.to_str().unwrap(),
            "--approve",
        ],
        1,
    );
    assert_eq!(r["changed"], 1);
    let e = errors(&r);
    assert_eq!(e.len(), 71);
    assert!(
        e[0].contains("the application is to H001, outside H002"),
        "{e:?}"
    );
    assert!(e[1].contains("no account"), "{e:?}");
    assert_eq!(state(&env, 4), "审核通过");
    env.run(&["recruit", "review", "--org", "H002", "--approve"])
        .expect(2);
}

#[test]
fn cancellation_only_in_the_window_and_before_approval_and_not_made_again_after_it() {
    let env = season();
    applicants(&env, 4);
    for n in 1..=4 {
        apply(&env, n, "H002", "全科", DURING, 0);
    }
    let cancel = |n: u32, now: &str, code: i32| -> Value {
        env.json(&["recruit", "cancel", &applicant(n), "--now", now], code)
    };
    // 已提交 → 已取消 inside the window.
    let r = cancel(1, DURING, 0);
    assert_eq!(r["applications"][0]["after"], "已取消");
    assert_eq!(state(&env, 1), "已取消");
    // Again: nothing to do.
    let r = cancel(1, CLOSES, 0);
    assert_eq!(
        (r["changed"].as_u64(), r["unchanged"].as_u64()),
        (Some(0), Some(1))
    );
    // Made again while the window is open: 已取消 → 已提交.
    apply(&env, 1, "H002", "全科", CLOSES, 0);
    assert_eq!(state(&env, 1), "已提交");
    // Cancelled at the last moment, then too late to apply again.
    cancel(1, CLOSES, 0);
    let r = apply(&env, 1, "H002", "全科", AFTER, 1);
    assert!(
        r["message"].as_str().unwrap().contains("it has closed"),
        "{r}"
    );
    assert_eq!(state(&env, 1), "已取消");
    // After the window, a submitted application cannot be cancelled.
    let r = cancel(2, AFTER, 1);
    assert!(
        errors(&r)[0].contains("cancelled only while the window is open"),
        "{r}"
    );
    assert_eq!(state(&env, 2), "已提交");
    // Nor before it opens.
    cancel(2, BEFORE, 1);
    // An approved application cannot be cancelled, window or not.
    review(&env, &[&applicant(3), "--org", "H002", "--approve"], 0);
    let r = cancel(3, DURING, 1);
    assert!(
        errors(&r)[0].contains("an approved application cannot be cancelled"),
        "{r}"
    );
    assert_eq!(state(&env, 3), "审核通过");
    // A returned application may be cancelled in the window.
    review(
        &env,
        &[
            &applicant(4),
            "--org",
            "H002",
            "--return",
            "--reason",
            "照片不合格",
        ],
        0,
    );
    cancel(4, DURING, 0);
    assert_eq!(state(&env, 4), "已取消");
    // Someone who never applied, in a batch named.
    let r = env.json(
        &[
            "recruit",
            "cancel",
            &nth_id(1),
            "--batch",
            "第一批",
            "--now",
            DURING,
        ],
        1,
    );
    assert!(errors(&r)[0].contains("no account"), "{r}");
}

#[test]
fn status_shows_an_applicant_and_each_plan_in_the_fixed_shapes() {
    let env = season();
    applicants(&env, 4);
    apply(&env, 1, "H001", "内科", DURING, 0);
    apply(&env, 2, "H001", "内科", DURING, 0);
    apply(&env, 3, "H001", "外科", DURING, 0);
    apply(&env, 4, "H002", "全科", DURING, 0);
    review(&env, &[&applicant(1), "--org", "H001", "--approve"], 0);
    review(
        &env,
        &[
            &applicant(2),
            "--org",
            "H001",
            "--return",
            "--reason",
            "缺执业医师资格证书",
        ],
        0,
    );
    env.json(&["recruit", "cancel", &applicant(3), "--now", DURING], 0);
    let r = env.json(&["recruit", "status", &applicant(2), "--now", DURING], 0);
    for key in [
        "id_number",
        "state",
        "org",
        "specialty",
        "batch",
        "reason",
        "history",
    ] {
        assert!(r.get(key).is_some(), "{key} in {r}");
    }
    assert_eq!(r["state"], "退回");
    assert_eq!(r["org"], "H001");
    assert_eq!(r["specialty"], "内科");
    assert_eq!(r["batch"], "2025 第一批");
    assert_eq!(r["reason"], "缺执业医师资格证书");
    let history = r["history"].as_array().unwrap();
    assert_eq!(history.len(), 2, "{r}");
    assert_eq!(history[0]["after"], "已提交");
    assert_eq!(history[1]["after"], "退回");
    assert_eq!(
        history[1]["note"],
        "2025 第一批 H001 内科: 缺执业医师资格证书"
    );
    // Every plan, with its applications by state.
    let all = env.json(&["recruit", "status", "--now", DURING], 0);
    let plans = all.as_array().unwrap();
    assert_eq!(plans.len(), 3);
    let row = |org: &str, spec: &str| -> Value {
        plans
            .iter()
            .find(|p| p["org"] == org && p["specialty"] == spec)
            .cloned()
            .unwrap()
    };
    let internal = row("H001", "内科");
    for key in [
        "org",
        "specialty",
        "places",
        "applied",
        "approved",
        "returned",
        "cancelled",
    ] {
        assert!(internal.get(key).is_some(), "{key} in {internal}");
    }
    let counts = |p: &Value| {
        ["places", "applied", "approved", "returned", "cancelled"].map(|k| p[k].as_i64().unwrap())
    };
    assert_eq!(counts(&internal), [2, 2, 1, 1, 0]);
    assert_eq!(counts(&row("H001", "外科")), [1, 1, 0, 0, 1]);
    assert_eq!(counts(&row("H002", "全科")), [3, 1, 0, 0, 0]);
    let one = env.json(
        &[
            "recruit",
            "status",
            "--org",
            "H002",
            "--batch",
            "2025 第一批",
        ],
        0,
    );
    assert_eq!(one.as_array().unwrap().len(), 1);
    // Someone without an application: not processed, exit 1 with why.
    let r = env.json(&["recruit", "status", &nth_id(3)], 1);
    assert!(r["message"].as_str().unwrap().contains("no account"));
    let table = env.run(&["recruit", "status", "--now", DURING]).expect(0);
    assert!(table.stdout.contains("2025 第一批"), "{}", table.stdout);
}

/// The stored role and organisation of an account.
fn account_of(env: &Env, id_number: &str) -> (String, Option<String>) {
    env.db()
        .query_row(
            "SELECT a.role, o.code FROM account a LEFT JOIN org o ON o.id = a.org_id
             WHERE a.id_number = ?1",
            [id_number],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .unwrap()
}

/// Training records of a person: (org, year, specialty, status).
fn records(env: &Env, id_number: &str) -> Vec<(String, i64, Option<String>, String)> {
    let conn = env.db();
    let mut stmt = conn
        .prepare(
            "SELECT o.code, t.recruit_year, t.specialty, t.status FROM training t
             JOIN account a ON a.id = t.account_id JOIN org o ON o.id = t.org_id
             WHERE a.id_number = ?1 ORDER BY t.id",
        )
        .unwrap();
    stmt.query_map([id_number], |r| {
        Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?))
    })
    .unwrap()
    .map(Result::unwrap)
    .collect()
}

#[test]
fn admission_makes_approved_applicants_residents_with_a_training_record_once() {
    let env = season();
    applicants(&env, 3);
    apply(&env, 1, "H001", "内科", DURING, 0);
    apply(&env, 2, "H001", "外科", DURING, 0);
    apply(&env, 3, "H001", "内科", DURING, 0);
    // Nobody approved yet: nobody to admit, and that is said.
    let none = env
        .run(&["recruit", "admit", "--org", "H001", "--now", AFTER])
        .expect(1);
    assert!(none.stderr.contains("nobody to admit"), "{}", none.stderr);
    review(
        &env,
        &[&applicant(1), &applicant(2), "--org", "H001", "--approve"],
        0,
    );
    // A dry run says who, and writes nothing.
    let r = env.json(
        &[
            "recruit",
            "admit",
            "--org",
            "H001",
            "--dry-run",
            "--now",
            AFTER,
        ],
        0,
    );
    assert_eq!(r["admitted"].as_array().unwrap().len(), 2);
    assert_eq!(r["written"], false);
    assert_eq!(account_of(&env, &applicant(1)), ("applicant".into(), None));
    assert_eq!(env.count("SELECT count(*) FROM training"), 0);
    let r = env.json(&["recruit", "admit", "--org", "H001", "--now", AFTER], 0);
    assert_eq!(r["admitted"].as_array().unwrap().len(), 2, "{r}");
    assert_eq!(r["admitted"][0]["recruit_year"], 2025);
    assert_eq!(r["written"], true);
    for (n, spec) in [(1, "内科"), (2, "外科")] {
        let id = applicant(n);
        assert_eq!(
            account_of(&env, &id),
            ("resident".into(), Some("H001".into()))
        );
        assert_eq!(
            records(&env, &id),
            vec![("H001".into(), 2025, Some(spec.into()), "在培".into())]
        );
        assert_eq!(state(&env, n), "已录取");
        let items = env.items(&id);
        let role = items
            .iter()
            .find(|i| i.field.as_deref() == Some("角色"))
            .unwrap();
        assert_eq!(
            (role.before.as_deref(), role.after.as_deref()),
            (Some("报名人员"), Some("住院医师"))
        );
        assert!(items.iter().any(|i| i.field.as_deref() == Some("机构")
            && i.before.is_none()
            && i.after.as_deref() == Some("H001")));
    }
    // The one not approved stays an applicant.
    assert_eq!(account_of(&env, &applicant(3)), ("applicant".into(), None));
    // Again: nothing more, and that is done.
    let r = env.json(&["recruit", "admit", "--org", "H001", "--now", AFTER], 0);
    assert_eq!(
        (
            r["admitted"].as_array().unwrap().len(),
            r["already"].as_u64()
        ),
        (0, Some(2))
    );
    assert_eq!(env.count("SELECT count(*) FROM training"), 2);
    // An admitted applicant is a resident of the base everywhere.
    let shown = env.json(&["account", "show", &applicant(1)], 0);
    assert_eq!(
        (shown["role"].as_str(), shown["org"].as_str()),
        (Some("resident"), Some("H001"))
    );
    let status = env.json(&["recruit", "status", &applicant(1)], 0);
    assert_eq!(status["state"], "已录取");
    let table = env.json(&["recruit", "status", "--org", "H001"], 0);
    let internal = table
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["specialty"] == "内科")
        .unwrap()
        .clone();
    assert_eq!(
        (internal["approved"].as_i64(), internal["admitted"].as_i64()),
        (Some(1), Some(1))
    );
    // An admitted application can no longer be cancelled or reviewed.
    env.json(&["recruit", "cancel", &applicant(1), "--now", DURING], 1);
    env.json(
        &[
            "recruit",
            "review",
            &applicant(1),
            "--org",
            "H001",
            "--return",
            "--reason",
            "x",
        ],
        1,
    );
}

#[test]
fn admission_keeps_the_binding_rule_for_a_resident_held_by_another_base() {
    let env = season();
    // A resident in training at H002 applies to H001 (a change of base).
    let resident_id = nth_id(1);
    env.residents("H002", std::slice::from_ref(&resident_id));
    env.photos();
    let book = profile_book(&env.path("r.xlsx"), &[good_profile(&resident_id, "学员一")]);
    env.json(&["profile", "import", book.to_str().unwrap()], 0);
    applicants(&env, 1);
    let r = env.json(
        &[
            "recruit",
            "apply",
            &resident_id,
            "--org",
            "H001",
            "--specialty",
            "内科",
            "--now",
            DURING,
        ],
        0,
    );
    assert_eq!(r["applied"], true);
    apply(&env, 1, "H001", "内科", DURING, 0);
    review(&env, &["--org", "H001", "--all", "--approve"], 0);
    // The resident is refused and reported; the applicant is admitted.
    let r = env.json(&["recruit", "admit", "--org", "H001", "--now", AFTER], 1);
    assert_eq!(r["admitted"].as_array().unwrap().len(), 1);
    assert_eq!(r["refused"][0]["id_number"], resident_id);
    let m = r["refused"][0]["message"].as_str().unwrap();
    assert!(
        m.contains("在培 at 福建医科大学附属第一医院 (H002)") && m.contains("退培"),
        "{m}"
    );
    assert_eq!(
        account_of(&env, &resident_id),
        ("resident".into(), Some("H002".into()))
    );
    assert_eq!(records(&env, &resident_id).len(), 1);
    assert_eq!(
        env.db()
            .query_row(
                "SELECT p.state FROM recruit_application p JOIN account a ON a.id = p.account_id
                 WHERE a.id_number = ?1",
                [&resident_id],
                |r| r.get::<_, String>(0),
            )
            .unwrap(),
        "审核通过"
    );
    // Once H002 sets 退培, admission moves the person with a new record.
    env.run(&[
        "training",
        "set-status",
        &resident_id,
        "--status",
        "退培",
        "--org",
        "H002",
    ])
    .expect(0);
    let r = env.json(&["recruit", "admit", "--org", "H001", "--now", AFTER], 0);
    assert_eq!(r["admitted"][0]["id_number"], resident_id);
    assert_eq!(
        account_of(&env, &resident_id),
        ("resident".into(), Some("H001".into()))
    );
    let recs = records(&env, &resident_id);
    assert_eq!(recs.len(), 2);
    assert_eq!(recs[0].3, "退培");
    assert_eq!(
        recs[1],
        ("H001".into(), 2025, Some("内科".into()), "在培".into())
    );
}

#[test]
fn admission_into_a_locked_year_needs_the_override() {
    let env = season();
    applicants(&env, 1);
    apply(&env, 1, "H001", "内科", DURING, 0);
    review(&env, &[&applicant(1), "--org", "H001", "--approve"], 0);
    env.run(&[
        "collection",
        "open",
        "--year",
        "2025",
        "--kind",
        "new",
        "--from",
        "2025-09-01",
        "--until",
        "2025-09-30",
    ])
    .expect(0);
    let run = env
        .run(&["recruit", "admit", "--org", "H001", "--now", "2025-10-08"])
        .expect(2);
    assert!(run.stderr.contains("locked"), "{}", run.stderr);
    assert_eq!(state(&env, 1), "审核通过");
    env.json(
        &[
            "recruit",
            "admit",
            "--org",
            "H001",
            "--now",
            "2025-10-08",
            "--override",
        ],
        0,
    );
    assert_eq!(state(&env, 1), "已录取");
}

/// An application row: ID, name, base, specialty, batch, time.
fn app_row(n: u32, org: &str, spec: &str, batch: &str, at: &str) -> Vec<String> {
    [applicant(n).as_str(), &name(n), org, spec, batch, at]
        .iter()
        .map(|s| s.to_string())
        .collect()
}

const APPLICATION_HEADER: [&str; 6] = [
    "*证件号码",
    "姓名",
    "*培训基地代码",
    "*培训专业",
    "批次",
    "提交时间",
];

#[test]
fn applications_import_from_the_platforms_export_row_by_row() {
    let env = season();
    applicants(&env, 6);
    apply(&env, 6, "H002", "全科", DURING, 0);
    let mut file = vec![
        APPLICATION_HEADER
            .iter()
            .map(|s| s.to_string())
            .collect::<Vec<_>>(),
    ];
    file.push(app_row(1, "H001", "内科", "第一批", "2025-03-02 10:00"));
    file.push(app_row(2, "H001", "内科", "", ""));
    file.push(app_row(3, "H001", "外科", "", AFTER));
    file.push(app_row(4, "H009", "内科", "", ""));
    file.push(app_row(1, "H001", "外科", "", ""));
    let mut wrong_name = app_row(5, "H002", "全科", "", "");
    wrong_name[1] = "别人".into();
    file.push(wrong_name);
    file.push(app_row(6, "H002", "全科", "", ""));
    let csv = env.csv("apps.csv", &file);
    let out = env.path("refused.csv");
    let args = [
        "recruit",
        "apply",
        "--file",
        csv.to_str().unwrap(),
        "--now",
        DURING,
        "--errors",
        out.to_str().unwrap(),
    ];
    let mut dry = args.to_vec();
    dry.push("--dry-run");
    let r = env.json(&dry, 1);
    assert_eq!(r["written"], false);
    assert_eq!(env.count("SELECT count(*) FROM recruit_application"), 1);
    let r = env.json(&args, 1);
    assert_eq!(
        ["imported", "updated", "skipped", "rejected"].map(|k| r[k].as_u64().unwrap()),
        [2, 0, 1, 4],
        "{r}"
    );
    let e = r["errors"].as_array().unwrap();
    let at = |row: u64| -> (String, String) {
        let x = e
            .iter()
            .find(|x| x["row"] == row)
            .unwrap_or_else(|| panic!("row {row} in {r}"));
        (
            x["column"].as_str().unwrap().into(),
            x["message"].as_str().unwrap().into(),
        )
    };
    assert_eq!(at(4).0, "提交时间");
    assert!(at(4).1.contains("is later than now"), "{:?}", at(4));
    assert!(at(5).1.contains("no organisation with code H009"));
    assert!(at(6).1.contains("the same ID number as row 2"));
    assert_eq!(at(7).0, "姓名");
    assert_eq!(application(&env, 1).2, "内科");
    let stamped: String = env
        .db()
        .query_row(
            "SELECT submitted_at FROM recruit_application p JOIN account a ON a.id = p.account_id
             WHERE a.id_number = ?1",
            [applicant(1)],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(stamped, "2025-03-02 10:00:00");
    let refused = std::fs::read_to_string(&out).unwrap();
    assert!(
        refused.contains("错误原因") && refused.contains("H009"),
        "{refused}"
    );
    // A submission time outside the window is refused with the window.
    let late = env.csv(
        "late.csv",
        &[
            APPLICATION_HEADER.iter().map(|s| s.to_string()).collect(),
            app_row(3, "H001", "外科", "", "2025-02-28 23:00"),
        ],
    );
    let r = env.json(
        &[
            "recruit",
            "apply",
            "--file",
            late.to_str().unwrap(),
            "--now",
            AFTER,
        ],
        1,
    );
    assert!(
        errors(&r)[0].contains("2025-03-01 08:00:00 to 2025-03-15 17:00:00"),
        "{r}"
    );
    // --strict writes nothing when a row is refused.
    let mixed = env.csv(
        "mixed.csv",
        &[
            APPLICATION_HEADER.iter().map(|s| s.to_string()).collect(),
            app_row(3, "H001", "外科", "", ""),
            app_row(4, "H001", "心内科", "", ""),
        ],
    );
    env.json(
        &[
            "recruit",
            "apply",
            "--file",
            mixed.to_str().unwrap(),
            "--now",
            DURING,
            "--strict",
        ],
        1,
    );
    assert_eq!(env.count("SELECT count(*) FROM recruit_application"), 3);
    // Options of a single application do not go with a file, nor file flags with one.
    env.run(&[
        "recruit",
        "apply",
        &applicant(3),
        "--org",
        "H001",
        "--specialty",
        "外科",
        "--dry-run",
    ])
    .expect(2);
}

#[test]
fn a_large_applications_file_checks_every_applicant_at_once_with_the_same_outcome() {
    let env = season();
    applicants(&env, 3);
    // One applicant without a profile.
    let extra = env.csv(
        "x.csv",
        &rows(&[
            &APPLICANT_HEADER,
            &["报名九", "居民身份证", &applicant(9), "13900000009"],
        ]),
    );
    env.json(
        &[
            "account",
            "import",
            extra.to_str().unwrap(),
            "--role",
            "applicant",
        ],
        0,
    );
    let mut header: Vec<String> = APPLICATION_HEADER.iter().map(|s| s.to_string()).collect();
    header.push("备注".into());
    let mut file = vec![header];
    let filler = "说明".repeat(400);
    for (n, spec) in [(1, "内科"), (2, "内科"), (3, "外科"), (9, "外科")] {
        let mut row = app_row(n, "H001", spec, "", "");
        row.push(filler.clone());
        file.push(row);
    }
    // Rows for strangers make the file large.
    for k in 0..40 {
        let mut row = vec![
            nth_id(100 + k),
            String::new(),
            "H001".into(),
            "内科".into(),
            String::new(),
            String::new(),
        ];
        row.push(filler.clone());
        file.push(row);
    }
    let csv = env.csv("big.csv", &file);
    assert!(std::fs::metadata(&csv).unwrap().len() > 64 * 1024);
    let r = env.json(
        &[
            "recruit",
            "apply",
            "--file",
            csv.to_str().unwrap(),
            "--now",
            DURING,
        ],
        1,
    );
    assert_eq!(
        (r["imported"].as_u64(), r["rejected"].as_u64()),
        (Some(3), Some(41)),
        "{r}"
    );
    let nine = r["errors"]
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["row"] == 5)
        .unwrap();
    assert!(
        nine["message"]
            .as_str()
            .unwrap()
            .contains("基本信息 has not been filled in")
    );
}

#[test]
fn a_version_1_database_keeps_its_residents_when_accounts_take_applicants() {
    if sqlite_only() {
        return;
    }
    let env = Env::new();
    let v1 = std::fs::read_to_string(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/schema_v1.sql"),
    )
    .unwrap();
    {
        let conn = meded::db::sql::Connection::open(env.db_path()).unwrap();
        conn.execute_batch(&v1).unwrap();
        conn.execute_batch(
            "INSERT INTO change_set (at, actor, command) VALUES ('2024-01-01T00:00:00+08:00', 'old', 'meded account import');
             INSERT INTO org (code, name, kind, created_change) VALUES ('H001', '旧基地', 'base', 1);
             INSERT INTO account (id_number, id_type, name, role, org_id, created_change)
                 VALUES ('110101199003070011', '居民身份证', '学员一', 'resident', 1, 1);
             INSERT INTO training (account_id, org_id, recruit_year, status, created_change)
                 VALUES (1, 1, 2024, '在培', 1);
             INSERT INTO profile_return (account_id, reason, change_id) VALUES (1, '照片', 1);",
        )
        .unwrap();
    }
    let shown = env.json(&["account", "show", "110101199003070011"], 0);
    assert_eq!(shown["org"], "H001");
    assert_eq!(shown["training"][0]["recruit_year"], 2024);
    let conn = env.db();
    let version: i64 = conn
        .query_row("PRAGMA user_version", [], |r| r.get(0))
        .unwrap();
    assert!(version >= 2);
    let broken: i64 = conn
        .query_row("SELECT count(*) FROM pragma_foreign_key_check", [], |r| {
            r.get(0)
        })
        .unwrap();
    assert_eq!(broken, 0);
    let fks: Vec<String> = conn
        .prepare("SELECT \"table\" FROM pragma_foreign_key_list('training')")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .map(Result::unwrap)
        .collect();
    assert!(fks.contains(&"account".to_owned()), "{fks:?}");
    drop(conn);
    let file = env.csv(
        "a.csv",
        &rows(&[
            &APPLICANT_HEADER,
            &["报名一", "居民身份证", &applicant(1), "13900000001"],
        ]),
    );
    env.json(
        &[
            "account",
            "import",
            file.to_str().unwrap(),
            "--role",
            "applicant",
        ],
        0,
    );
    assert_eq!(env.accounts(), 2);
}
