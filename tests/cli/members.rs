//! CME members (docs/domain.md#cme-members): registration states, the
//! unit's review, 参加继教, and the member default password.

use crate::common::*;

fn roster(env: &Env, members: &[Vec<String>]) -> std::path::PathBuf {
    let mut rows = vec![MEMBER_HEADER.iter().map(|s| s.to_string()).collect()];
    rows.extend_from_slice(members);
    env.csv("m.csv", &rows)
}

fn registration(env: &Env, id: &str) -> Option<String> {
    env.db()
        .query_row(
            "SELECT registration FROM account WHERE id_number = ?1",
            [id],
            |r| r.get(0),
        )
        .unwrap()
}

#[test]
fn imported_members_await_the_units_review_unless_approved() {
    let env = Env::new();
    env.add_cme_org("C017", "成都市第三人民医院", "市州级");
    let (a, b) = (nth_id(1), nth_id(2));
    let file = roster(&env, &[member("张医生", &a, "主治医师")]);
    let report = env.import(&file, "C017", &["--role", "member"], 0);
    assert_eq!(counts(&report), (1, 0, 0, 0));
    assert_eq!(registration(&env, &a).as_deref(), Some("单位待审"));
    let mut rows = vec![member("李医生", &b, "医师")];
    rows[0][6] = "否".into();
    let file = roster(&env, &rows);
    env.import(&file, "C017", &["--role", "member", "--approve"], 0);
    assert_eq!(registration(&env, &b).as_deref(), Some("单位审核通过"));
    assert_eq!(
        env.count("SELECT count(*) FROM account WHERE takes_cme = 1"),
        1,
        "张医生 takes part (是)"
    );
    let shown = env.json(&["account", "show", &b], 0);
    assert_eq!(shown["registration"], "单位审核通过");
    assert_eq!(shown["takes_cme"], false);
    // Residents have no registration to review.
    let base = Env::with_base();
    let run = base
        .run(&[
            "account",
            "import",
            base.csv("r.csv", &crate::common::roster(1))
                .to_str()
                .unwrap(),
            "--org",
            "H001",
            "--approve",
        ])
        .expect(2);
    assert!(run.stderr.contains("--role member"), "{}", run.stderr);
}

#[test]
fn review_approves_and_rejects_with_a_reason_in_the_log() {
    let env = Env::new();
    env.add_cme_org("C1", "某医院", "县级");
    let ids: Vec<String> = (1..=3).map(nth_id).collect();
    let file = roster(
        &env,
        &[
            member("甲医生", &ids[0], "医师"),
            member("乙医生", &ids[1], "医师"),
            member("丙医生", &ids[2], "医师"),
        ],
    );
    env.import(&file, "C1", &["--role", "member"], 0);
    let listed = env.json(&["account", "list", "--registration", "pending"], 0);
    assert_eq!(listed.as_array().unwrap().len(), 3);
    assert_eq!(listed[0]["registration"], "单位待审");

    let out = env.json(&["account", "review", &ids[0], "--approve"], 0);
    assert_eq!(out["changed"], 1);
    assert_eq!(out["members"][0]["before"], "单位待审");
    assert_eq!(registration(&env, &ids[0]).as_deref(), Some("单位审核通过"));
    // Approving again changes nothing and logs nothing more.
    let out = env.json(&["account", "review", &ids[0], "--approve"], 0);
    assert_eq!(
        (out["changed"].as_u64(), out["unchanged"].as_u64()),
        (Some(0), Some(1))
    );

    // A rejection needs a reason.
    let run = env
        .run(&["account", "review", &ids[1], "--reject"])
        .expect(2);
    assert!(run.stderr.contains("--reason"), "{}", run.stderr);
    assert_eq!(registration(&env, &ids[1]).as_deref(), Some("单位待审"));
    env.json(
        &[
            "account",
            "review",
            &ids[1],
            "--reject",
            "--reason",
            "科室填写错误",
        ],
        0,
    );
    assert_eq!(registration(&env, &ids[1]).as_deref(), Some("单位审核不过"));
    let items = env.items(&ids[1]);
    assert_eq!(items.len(), 1);
    assert_eq!(items[0].field.as_deref(), Some("注册状态"));
    assert_eq!(items[0].before.as_deref(), Some("单位待审"));
    assert_eq!(items[0].after.as_deref(), Some("单位审核不过"));
    let note: String = env
        .db()
        .query_row(
            "SELECT note FROM change_item WHERE subject = ?1",
            [&ids[1]],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(note, "科室填写错误");
    // A rejected member may be approved after correcting the registration.
    env.json(&["account", "review", &ids[1], "--approve"], 0);
    assert_eq!(registration(&env, &ids[1]).as_deref(), Some("单位审核通过"));

    // --org alone: every 单位待审 member of the organisation.
    let out = env.json(&["account", "review", "--org", "C1", "--approve"], 0);
    assert_eq!(out["changed"], 1);
    assert_eq!(out["members"][0]["id_number"], ids[2].as_str());
    assert_eq!(
        env.count("SELECT count(*) FROM account WHERE registration = '单位审核通过'"),
        3
    );
}

#[test]
fn review_refuses_unknown_ids_and_non_members_one_by_one() {
    let env = Env::new();
    env.add_cme_org("C1", "某医院", "县级");
    env.add_org("H001", "华西医院");
    env.import(&env.csv("r.csv", &crate::common::roster(1)), "H001", &[], 0);
    let m = nth_id(2);
    env.import(
        &roster(&env, &[member("乙医生", &m, "医师")]),
        "C1",
        &["--role", "member"],
        0,
    );
    let out = env.json(
        &["account", "review", &nth_id(1), &nth_id(9), &m, "--approve"],
        1,
    );
    assert_eq!(out["changed"], 1);
    let errors = out["errors"].as_array().unwrap();
    assert_eq!(errors.len(), 2);
    assert!(
        errors[0]["message"]
            .as_str()
            .unwrap()
            .contains("not a CME member")
    );
    assert!(
        errors[1]["message"]
            .as_str()
            .unwrap()
            .contains("no such account")
    );
    assert_eq!(registration(&env, &m).as_deref(), Some("单位审核通过"));
    // Neither IDs nor --org: a usage error.
    env.run(&["account", "review", "--approve"]).expect(2);
}

#[test]
fn the_member_default_password_is_111111_and_reset_by_id_number() {
    let env = Env::new();
    env.add_cme_org("C1", "某医院", "县级");
    let id = nth_id(1);
    env.add_members("C1", &[member("张医生", &id, "医师")]);
    assert!(env.password_matches(&id, "111111"));
    env.run_stdin(&["account", "set-password", &id], "Abcdef1!\n")
        .expect(0);
    assert!(!env.password_matches(&id, "111111"));
    // Forgot the password: reset by ID number to 111111, as on the CME platform.
    env.run(&["reset-password", &id]).expect(0);
    assert!(env.password_matches(&id, "111111"));
}

#[test]
fn moving_to_another_unit_needs_its_review_again() {
    let env = Env::new();
    env.add_cme_org("C1", "医院甲", "县级");
    env.add_cme_org("C2", "医院乙", "县级");
    let id = nth_id(1);
    env.add_members("C1", &[member("张医生", &id, "医师")]);
    let file = roster(&env, &[member("张医生", &id, "医师")]);
    env.import(&file, "C2", &["--role", "member", "--update"], 0);
    assert_eq!(env.account(&id).org, "C2");
    assert_eq!(registration(&env, &id).as_deref(), Some("单位待审"));
    let fields: Vec<Option<String>> = env.items(&id).into_iter().map(|i| i.field).collect();
    assert!(fields.contains(&Some("注册状态".into())), "{fields:?}");
}

/// A refused registration (单位审核不过) corrected and imported again goes
/// back to 单位待审, into the unit's queue; imported again unchanged, it
/// stays refused. A registration not yet approved follows the roster
/// without --update (as the platform lets a member correct it); an
/// approved one does not.
#[test]
fn a_corrected_refused_registration_returns_to_the_units_queue() {
    let env = Env::new();
    env.add_cme_org("C1", "某医院", "县级");
    let (a, b) = (nth_id(1), nth_id(2));
    let rows = [member("甲医生", &a, "医师"), member("乙医生", &b, "医师")];
    env.import(&roster(&env, &rows), "C1", &["--role", "member"], 0);
    env.run(&[
        "account",
        "review",
        &a,
        "--reject",
        "--reason",
        "科室填写错误",
    ])
    .expect(0);
    env.run(&["account", "review", &b, "--approve"]).expect(0);
    let pending = || -> Vec<String> {
        env.json(
            &[
                "account",
                "list",
                "--org",
                "C1",
                "--registration",
                "pending",
            ],
            0,
        )
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m["id_number"].as_str().unwrap().to_owned())
        .collect()
    };
    assert!(pending().is_empty());

    // The same rows again: nothing corrected, nothing resubmitted.
    let report = env.import(&roster(&env, &rows), "C1", &["--role", "member"], 0);
    assert_eq!(counts(&report), (0, 0, 2, 0), "{report}");
    assert_eq!(registration(&env, &a).as_deref(), Some("单位审核不过"));

    // Corrected: another department, and a new phone for the approved one.
    let mut fixed = rows.clone();
    fixed[0][4] = "外科".into();
    fixed[1][3] = "13900000002".into();
    let report = env.import(&roster(&env, &fixed), "C1", &["--role", "member"], 0);
    assert_eq!(counts(&report), (0, 1, 1, 0), "{report}");
    assert_eq!(registration(&env, &a).as_deref(), Some("单位待审"));
    assert_eq!(pending(), vec![a.clone()]);
    let shown = env.json(&["account", "show", &a], 0);
    assert_eq!(shown["department"], "外科");
    let item = env
        .items(&a)
        .into_iter()
        .find(|i| i.action == "resubmit")
        .expect("the resubmission is logged");
    assert_eq!(
        (item.before.as_deref(), item.after.as_deref()),
        (Some("单位审核不过"), Some("单位待审"))
    );
    // The approved member's phone changes only with --update.
    assert_eq!(registration(&env, &b).as_deref(), Some("单位审核通过"));
    assert_eq!(
        env.json(&["account", "show", &b], 0)["phone"],
        "13800000001"
    );
    // A pending registration follows the roster as it is corrected.
    let mut again = fixed.clone();
    again[0][3] = "13700000001".into();
    let report = env.import(&roster(&env, &again[..1]), "C1", &["--role", "member"], 0);
    assert_eq!(counts(&report), (0, 1, 0, 0), "{report}");
    assert_eq!(
        env.json(&["account", "show", &a], 0)["phone"],
        "13700000001"
    );
    assert_eq!(registration(&env, &a).as_deref(), Some("单位待审"));
}

/// The registration's required fields: 电子邮箱, 参加继教 and 学分达标遵照
/// (a region level, or a standard of the platform's table naming one).
#[test]
fn a_registration_needs_email_takes_cme_and_the_standard_followed() {
    let env = Env::new();
    env.add_cme_org("C1", "某医院", "");
    let mut rows: Vec<Vec<String>> = (1..=5)
        .map(|n| member("某医生", &nth_id(n), "主治医师"))
        .collect();
    rows[0][7] = String::new();
    rows[1][6] = String::new();
    rows[2][8] = String::new();
    rows[3][8] = "村级".into();
    rows[4][8] = "县级、中级".into();
    let report = env.import(&roster(&env, &rows), "C1", &["--role", "member"], 1);
    assert_eq!(counts(&report), (1, 0, 0, 4), "{report}");
    let errs = errors(&report);
    assert!(
        errs[0].1 == "电子邮箱" && errs[0].2.contains("e-mail is empty"),
        "{errs:?}"
    );
    assert!(
        errs[1].1 == "参加继教" && errs[1].2.contains("empty"),
        "{errs:?}"
    );
    assert!(
        errs[2].1 == "学分达标遵照" && errs[2].2.contains("empty"),
        "{errs:?}"
    );
    assert!(
        errs[3].2.contains("村级") && errs[3].2.contains("县级"),
        "{errs:?}"
    );
    let shown = env.json(&["account", "show", &nth_id(5)], 0);
    assert_eq!(shown["standard_region"], "县级");
    // A roster without the column is not the member template.
    let mut short = vec![MEMBER_HEADER[..8].iter().map(|s| s.to_string()).collect()];
    short.push(member("某医生", &nth_id(6), "医师")[..8].to_vec());
    let run = env.run(&[
        "account",
        "import",
        env.csv("short.csv", &short).to_str().unwrap(),
        "--org",
        "C1",
        "--role",
        "member",
    ]);
    let run = run.expect(2);
    assert!(run.stderr.contains("学分达标遵照"), "{}", run.stderr);
}

/// The institution's province, city and district are kept on the
/// organisation, as the CME platform's 机构单位 is chosen.
#[test]
fn an_institution_keeps_its_city_and_district() {
    let env = Env::new();
    env.run(&[
        "org",
        "add",
        "--code",
        "C9",
        "--name",
        "成都市武侯区第三人民医院",
        "--province",
        "四川",
        "--city",
        "成都",
        "--district",
        "武侯区",
        "--kind",
        "cme",
        "--region-level",
        "县级",
    ])
    .expect(0);
    let list = env.json(&["org", "list"], 0);
    assert_eq!(
        (&list[0]["province"], &list[0]["city"], &list[0]["district"]),
        (
            &serde_json::json!("51"),
            &serde_json::json!("成都"),
            &serde_json::json!("武侯区")
        )
    );
    let out = env.json(
        &["org", "update", "--code", "C9", "--district", "锦江区"],
        0,
    );
    assert_eq!(out["changed"], 1);
    assert_eq!(out["district"], "锦江区");
    let item = env.items("C9").pop().unwrap();
    assert_eq!(
        (
            item.field.as_deref(),
            item.before.as_deref(),
            item.after.as_deref()
        ),
        (Some("区县"), Some("武侯区"), Some("锦江区"))
    );
}
