//! Every command tells the truth: exit 0 only when what was asked for was
//! done, reviews that carry reasons and can be corrected, locks as the
//! platform has them, and submissions that send only what is ready. Each
//! test names the behaviour it pins.

use crate::common::*;
use crate::review::{base_with_residents, training_file, training_row};

fn pending_member(env: &Env) -> String {
    env.add_cme_org("C1", "县医院", "县级");
    let id = nth_id(7);
    let mut rows = vec![MEMBER_HEADER.iter().map(|s| s.to_string()).collect()];
    rows.push(member("张三", &id, "主治医师"));
    let file = env.csv("members.csv", &rows);
    let report = env.import(&file, "C1", &["--role", "member"], 0);
    // Left 单位待审: the report says so, with the command that approves.
    let remarks = report["remarks"].to_string();
    assert!(remarks.contains("account review --org C1"), "{report}");
    id
}

/// A standard check of a member the unit has not approved checks nobody:
/// exit 1 with the reason, never "checked 0" and exit 0.
#[test]
fn standard_check_of_a_pending_member_exits_1_with_the_reason() {
    let env = Env::new();
    let id = pending_member(&env);
    let out = env.json(&["credit-standard", "check", &id, "--year", "2017"], 1);
    assert_eq!(out["checked"], 0);
    assert!(
        out["reason"].as_str().unwrap().contains("单位待审"),
        "{out}"
    );
}

/// check-password of a 单位待审 member: the platform refuses pending logins.
#[test]
fn check_password_of_a_pending_member_is_refused() {
    let env = Env::new();
    let id = pending_member(&env);
    let run = env
        .run_stdin(&["account", "check-password", &id], "111111\n")
        .expect(1);
    assert!(run.stderr.contains("单位待审"), "{}", run.stderr);
    env.run(&["account", "review", &id, "--approve"]).expect(0);
    env.run_stdin(&["account", "check-password", &id], "111111\n")
        .expect(0);
}

/// A question about an organisation of the wrong kind is a usage error.
#[test]
fn an_organisation_of_the_wrong_kind_is_a_usage_error() {
    let env = Env::with_base();
    env.add_cme_org("C1", "县医院", "县级");
    let run = env
        .run(&[
            "credit-standard",
            "check",
            "--year",
            "2017",
            "--org",
            "H001",
        ])
        .expect(2);
    assert!(
        run.stderr.contains("not a CME institution"),
        "{}",
        run.stderr
    );
    let run = env.run(&["profile", "validate", "--org", "C1"]).expect(2);
    assert!(run.stderr.contains("not a training base"), "{}", run.stderr);
    env.run(&["report", "submit", "--org", "C1"]).expect(2);
    env.run(&["credit", "review", "--org", "H001", "--approve"])
        .expect(2);
}

/// Validating a base that has no resident checks nobody: exit 1.
#[test]
fn validating_a_base_without_residents_exits_1() {
    let env = Env::with_base();
    let run = env.run(&["profile", "validate", "--org", "H001"]).expect(1);
    assert!(run.stderr.contains("nobody was checked"), "{}", run.stderr);
}

/// A submission or an approval that touches no record exits 1 and says why.
#[test]
fn submitting_or_approving_nothing_exits_1() {
    let env = base_with_residents(1);
    env.run(&["report", "submit", "--org", "H001"]).expect(0);
    let run = env.run(&["report", "submit", "--org", "H001"]).expect(1);
    assert!(run.stderr.contains("nothing to submit"), "{}", run.stderr);
    env.run(&["audit", "approve", "--org", "H001", "--all"])
        .expect(0);
    let run = env
        .run(&["audit", "approve", "--org", "H001", "--all"])
        .expect(1);
    assert!(
        run.stderr.contains("no record awaiting review"),
        "{}",
        run.stderr
    );
}

/// Re-importing a person whose phone changed, without --update, skips the
/// row and says why instead of skipping silently.
#[test]
fn a_changed_row_without_update_is_skipped_with_a_note() {
    let env = Env::with_base();
    env.import(&env.csv("a.csv", &roster(1)), "H001", &[], 0);
    let mut changed = roster(1);
    changed[1][4] = "13900000099".into();
    let report = env.import(&env.csv("b.csv", &changed), "H001", &[], 0);
    assert_eq!(report["skipped"], 1);
    let note = report["notes"][0]["message"].as_str().unwrap();
    assert!(
        note.contains("--update") && note.contains("13900000099"),
        "{note}"
    );
    let report = env.import(&env.csv("c.csv", &changed), "H001", &["--update"], 0);
    assert_eq!(report["updated"], 1);
}

/// A rejection needs a reason; a review made by mistake is reopened with
/// one, back to 待审, and the change log keeps both.
#[test]
fn credit_reviews_need_reasons_and_can_be_reopened() {
    let env = Env::new();
    env.add_cme_org("C1", "县医院", "县级");
    let id = nth_id(1);
    env.add_members("C1", &[member("张三", &id, "主治医师")]);
    env.import_credits(
        "c.csv",
        &[credit(
            &id,
            "张三",
            "P1",
            "3",
            "II类",
            "2017-03-01",
            "2017-03-02",
        )],
        &[],
        0,
    );
    let rec = env.credit_id("P1").to_string();
    let run = env.run(&["credit", "review", &rec, "--reject"]).expect(2);
    assert!(run.stderr.contains("--reason"), "{}", run.stderr);
    env.run(&["credit", "review", &rec, "--approve"]).expect(0);
    // Only a 待审 record may change: reopening comes first.
    env.run(&["credit", "edit", &rec, "--credits", "4"])
        .expect(1);
    env.run(&["credit", "review", &rec, "--reopen"]).expect(2);
    let out = env.json(
        &["credit", "review", &rec, "--reopen", "--reason", "误审"],
        0,
    );
    assert_eq!(out["changed"], 1);
    assert_eq!(env.credit_status("P1"), "待审");
    env.run(&["credit", "edit", &rec, "--credits", "4"])
        .expect(0);
    let actions: Vec<String> = env
        .items(&id)
        .into_iter()
        .filter(|i| i.entity == "credit")
        .map(|i| i.action)
        .collect();
    assert!(
        actions.contains(&"approve".to_owned()) && actions.contains(&"reopen".to_owned()),
        "{actions:?}"
    );
    // Reopening a record that is 待审 already changes nothing.
    let out = env.json(&["credit", "review", &rec, "--reopen", "--reason", "x"], 0);
    assert_eq!(out["changed"], 0);
}

fn open_collection(env: &Env, from: &str, until: &str) {
    env.run(&[
        "collection",
        "open",
        "--year",
        "2019",
        "--kind",
        "new",
        "--from",
        from,
        "--until",
        until,
    ])
    .expect(0);
}

/// After the new-recruit collection closes, a profile is still updated
/// (the platform's 住院医师信息管理: 可随时进行更新): imported as it is, and
/// a submitted record is set back to 未上报.
#[test]
fn profile_import_after_the_collection_closed_updates_and_reopens() {
    let env = base_with_residents(1);
    env.run(&["report", "submit", "--org", "H001"]).expect(0);
    open_collection(&env, "2019-09-01", "2019-10-31");
    let mut person = good_profile(&nth_id(1), "学员一");
    set(person.basic.as_mut().unwrap(), "qq", "12345");
    let book = profile_book(&env.path("changed.xlsx"), &[person]);
    let out = env.json(
        &["profile", "import", book.to_str().unwrap(), "--org", "H001"],
        0,
    );
    assert_eq!(out["updated"], 1, "{out}");
    assert_eq!(
        env.count("SELECT count(*) FROM training WHERE report_status = '未上报'"),
        1
    );
    // A script that still says --override is accepted.
    env.json(
        &[
            "profile",
            "import",
            book.to_str().unwrap(),
            "--org",
            "H001",
            "--override",
        ],
        0,
    );
}

/// 培训专业 is corrected while the new-recruit collection is open, refused
/// after; it comes from the code list, never as free text.
#[test]
fn specialty_corrections_follow_the_collection_and_the_code_list() {
    let env = base_with_residents(1);
    let today = chrono::Local::now().date_naive();
    let (from, until) = (
        today - chrono::Duration::days(5),
        today + chrono::Duration::days(5),
    );
    open_collection(&env, &from.to_string(), &until.to_string());
    let file = training_file(&env, "t.csv", &[training_row(1, "外科")]);
    let args = [
        "training",
        "import",
        file.to_str().unwrap(),
        "--org",
        "H001",
    ];
    let out = env.json(&args, 0);
    assert_eq!(out["updated"], 1);
    let file = training_file(&env, "f.csv", &[training_row(1, "=内科")]);
    let out = env.json(
        &[
            "training",
            "import",
            file.to_str().unwrap(),
            "--org",
            "H001",
        ],
        1,
    );
    assert!(
        out["errors"][0]["message"]
            .as_str()
            .unwrap()
            .contains("unknown specialty"),
        "{out}"
    );
    let (specialty,): (String,) = env
        .db()
        .query_row("SELECT specialty FROM training", [], |r| Ok((r.get(0)?,)))
        .unwrap();
    assert_eq!(specialty, "外科");
}

/// The 附件1 import never silently rewrites a stored record: it refuses
/// with the differences, or applies them with --update, logged field by
/// field.
#[test]
fn completion_import_of_an_existing_record_needs_update() {
    let env = base_with_residents(1);
    let header = [
        "姓名",
        "身份证件类别",
        "身份证件号码",
        "手机号码",
        "人员类型",
        "培训所在省份",
        "培训基地",
        "培训专业",
        "核定的培训年限",
        "培训实际开始时间",
        "培训实际结束时间",
        "住院医师规范化培训合格证书编号",
        "住院医师规范化培训合格证书发放时间",
    ];
    let row = [
        "学员一",
        "居民身份证",
        &nth_id(1),
        &nth_phone(1),
        "委派单位人",
        "四川",
        "H001",
        "内科",
        "2",
        "2019-10-01",
        "2021-08-31",
        "2021510001",
        "2021-09-15",
    ];
    let file = env.csv("c.csv", &rows(&[&header, &row]));
    let args = [
        "training",
        "import",
        file.to_str().unwrap(),
        "--org",
        "H001",
    ];
    let out = env.json(&args, 1);
    let message = out["errors"][0]["message"].as_str().unwrap();
    assert!(
        message.contains("2019-09-01 → 2019-10-01") && message.contains("--update"),
        "{message}"
    );
    let mut with_update = args.to_vec();
    with_update.push("--update");
    env.json(&with_update, 0);
    let logged: Vec<String> = env
        .items(&nth_id(1))
        .into_iter()
        .filter_map(|i| i.field)
        .collect();
    assert!(logged.contains(&"培训开始时间".to_owned()), "{logged:?}");
    assert_eq!(env.training(&nth_id(1))[0].2, "结业");
}

/// A submission leaves out a record whose profile the base returned and
/// the resident has not corrected, and a record the province returned that
/// has not changed since; each with its reason.
#[test]
fn submission_leaves_out_what_waits_for_a_correction() {
    let env = base_with_residents(2);
    env.run(&["profile", "return", &nth_id(1), "--reason", "照片不清晰"])
        .expect(0);
    let out = env.json(&["report", "submit", "--org", "H001"], 1);
    assert_eq!(out["submitted"].as_array().unwrap().len(), 1);
    let left = out["left_out"].to_string();
    assert!(left.contains("照片不清晰"), "{left}");
    env.run(&["audit", "return", &nth_id(2), "--reason", "开始时间有误"])
        .expect(0);
    let out = env.json(&["report", "submit", "--org", "H001"], 1);
    let left = out["left_out"].to_string();
    assert!(left.contains("开始时间有误"), "{left}");
    // Corrected: it goes again.
    let mut row = training_row(2, "内科");
    row[6] = "2019-09-02".into();
    let file = training_file(&env, "fix.csv", &[row]);
    env.run(&[
        "training",
        "import",
        file.to_str().unwrap(),
        "--org",
        "H001",
    ])
    .expect(0);
    let out = env.json(&["report", "submit", "--org", "H001"], 1);
    assert_eq!(out["submitted"].as_array().unwrap().len(), 1);
}

/// Opening the same collection twice changes nothing (a yearly script may
/// run twice); other dates are refused.
#[test]
fn an_identical_collection_open_is_idempotent() {
    let env = Env::with_base();
    open_collection(&env, "2019-09-01", "2019-10-31");
    open_collection(&env, "2019-09-01", "2019-10-31");
    assert_eq!(env.count("SELECT count(*) FROM collection"), 1);
    env.run(&[
        "collection",
        "open",
        "--year",
        "2019",
        "--kind",
        "new",
        "--from",
        "2019-09-01",
        "--until",
        "2019-11-30",
    ])
    .expect(2);
}

/// A roster given to training import is the wrong template: exit 2.
#[test]
fn an_account_roster_is_not_training_information() {
    let env = Env::with_base();
    let file = env.csv("roster.csv", &roster(1));
    let run = env
        .run(&[
            "training",
            "import",
            file.to_str().unwrap(),
            "--org",
            "H001",
        ])
        .expect(2);
    assert!(run.stderr.contains("wrong template"), "{}", run.stderr);
}

/// After an account is deleted, its history still says who it was and
/// where.
#[test]
fn a_deleted_account_keeps_its_name_and_organisation_in_the_history() {
    let env = Env::with_base();
    env.import(&env.csv("a.csv", &roster(1)), "H001", &[], 0);
    env.run(&[
        "account",
        "delete",
        &nth_id(1),
        "--org",
        "H001",
        "--reason",
        "录入错误",
    ])
    .expect(0);
    let run = env.run(&["audit", "history", &nth_id(1)]).expect(0);
    assert!(
        run.stdout.contains("学员一") && run.stdout.contains("H001"),
        "{}",
        run.stdout
    );
}

/// A question about an organisation of the wrong kind is a usage error
/// (exit 2): teachers and rotations belong to training bases, technical
/// archives and an office's credit records to CME institutions.
#[test]
fn teacher_rotation_archive_and_credit_queries_refuse_the_wrong_kind() {
    let env = Env::with_base();
    env.add_cme_org("C017", "成都市第三人民医院", "市州级");
    for args in [
        vec!["teacher", "check", "--org", "C017"],
        vec!["teacher", "roster", "--org", "C017", "--year", "2022"],
        vec!["rotation", "list", "--org", "C017"],
        vec!["archive", "pending", "--org", "H001"],
        vec!["credit", "list", "--org", "H001"],
    ] {
        let run = env.run(&args).expect(2);
        assert!(
            run.stderr.contains("H001") || run.stderr.contains("C017"),
            "{args:?} names the organisation: {}",
            run.stderr
        );
    }
}
