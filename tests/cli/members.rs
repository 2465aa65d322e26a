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
