//! Issue 4: training information, collections and their locks, submission
//! (上报) and review (审核), walked through as the national collection runs
//! them for a base and a province (docs/domain.md#submission-and-review).

use chrono::{Duration, Local};

use crate::common::*;

const TRAINING_HEADER: [&str; 9] = [
    "*证件号码",
    "*姓名",
    "*招收年份",
    "*培训专业",
    "*人员类型",
    "*核定培训年限",
    "*培训开始时间",
    "*培训结束时间",
    "*培训状态",
];

/// A 培训信息 row for person `n` of [`roster`].
pub fn training_row(n: u32, specialty: &str) -> Vec<String> {
    vec![
        nth_id(n),
        format!("学员{}", chinese_number(n)),
        "2019".into(),
        specialty.into(),
        "单位委派".into(),
        "3".into(),
        "2019-09-01".into(),
        "2022-08-31".into(),
        "在培".into(),
    ]
}

pub fn training_file(env: &Env, name: &str, rows: &[Vec<String>]) -> std::path::PathBuf {
    let mut all = vec![TRAINING_HEADER.iter().map(|s| s.to_string()).collect()];
    all.extend_from_slice(rows);
    env.csv(name, &all)
}

/// A base H001 with `n` residents of 2019 whose personal and training
/// information is complete.
pub fn base_with_residents(n: u32) -> Env {
    let env = Env::with_base();
    let roster = env.csv("roster.csv", &roster(n));
    env.import(&roster, "H001", &[], 0);
    let rows: Vec<Vec<String>> = (1..=n).map(|i| training_row(i, "内科")).collect();
    let file = training_file(&env, "training.csv", &rows);
    env.run(&[
        "training",
        "import",
        file.to_str().unwrap(),
        "--org",
        "H001",
    ])
    .expect(0);
    env.photos();
    let people: Vec<PersonRows> = (1..=n)
        .map(|i| good_profile(&nth_id(i), &format!("学员{}", chinese_number(i))))
        .collect();
    let book = profile_book(&env.path("profiles.xlsx"), &people);
    env.run(&["profile", "import", book.to_str().unwrap(), "--org", "H001"])
        .expect(0);
    env
}

fn record(env: &Env, n: u32) -> (String, String, Option<String>, Option<String>) {
    env.db()
        .query_row(
            "SELECT t.status, t.report_status, t.review_status, t.review_reason
             FROM training t JOIN account a ON a.id = t.account_id
             WHERE a.id_number = ?1 ORDER BY t.id DESC LIMIT 1",
            [nth_id(n)],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)),
        )
        .expect("a training record")
}

fn day(offset: i64) -> String {
    (Local::now().date_naive() + Duration::days(offset)).to_string()
}

#[test]
fn training_import_fills_the_record_and_logs_each_field() {
    let env = base_with_residents(2);
    let row: (String, String, i64, String, String, String) = env
        .db()
        .query_row(
            "SELECT t.specialty, t.person_type, t.approved_years, t.start_date, t.end_date, t.status
             FROM training t JOIN account a ON a.id = t.account_id WHERE a.id_number = ?1",
            [nth_id(1)],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?, r.get(5)?)),
        )
        .unwrap();
    assert_eq!(
        row,
        (
            "内科".into(),
            "委派单位人".into(),
            3,
            "2019-09-01".into(),
            "2022-08-31".into(),
            "在培".into()
        )
    );
    let fields: Vec<String> = env
        .items(&nth_id(1))
        .into_iter()
        .filter_map(|i| i.field)
        .collect();
    for f in [
        "培训专业",
        "人员类型",
        "核定培训年限",
        "培训开始时间",
        "培训结束时间",
    ] {
        assert!(fields.contains(&f.to_string()), "{f} in {fields:?}");
    }
    // The same file again changes nothing.
    let again = training_file(&env, "again.csv", &[training_row(1, "内科")]);
    let v = env.json(
        &[
            "training",
            "import",
            again.to_str().unwrap(),
            "--org",
            "H001",
        ],
        0,
    );
    assert_eq!(
        (v["updated"].as_u64(), v["skipped"].as_u64()),
        (Some(0), Some(1))
    );
}

#[test]
fn training_import_refuses_what_only_a_transfer_or_nobody_may_change() {
    let env = base_with_residents(3);
    let mut other_year = training_row(1, "内科");
    other_year[2] = "2020".into();
    let mut bad_transition = training_row(3, "内科");
    bad_transition[8] = "在培".into();
    let file = training_file(
        &env,
        "changes.csv",
        &[
            other_year,
            training_row(2, "外科"),
            vec![
                nth_id(9),
                "学员九".into(),
                "2019".into(),
                "内科".into(),
                "社会人".into(),
                "4".into(),
                "2019-09-01".into(),
                "2018-08-31".into(),
                "在培".into(),
            ],
        ],
    );
    let v = env.json(
        &[
            "training",
            "import",
            file.to_str().unwrap(),
            "--org",
            "H001",
        ],
        1,
    );
    assert_eq!(v["rejected"], 3);
    let messages: Vec<String> = v["errors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| format!("{} {} {}", e["row"], e["column"], e["message"]))
        .collect();
    let all = messages.join("\n");
    assert!(
        all.contains("2 \"*招收年份\"") && all.contains("cannot be changed"),
        "{all}"
    );
    assert!(
        all.contains("3 \"*培训专业\"") && all.contains("transfer"),
        "{all}"
    );
    assert!(
        all.contains("4 \"*证件号码\"") && all.contains("no account"),
        "{all}"
    );
    // Nothing of the refused rows was written.
    assert_eq!(
        env.count("SELECT count(*) FROM training WHERE recruit_year = 2020 OR specialty = '外科'"),
        0
    );
}

#[test]
fn set_status_follows_the_allowed_moves_and_names_them_when_refused() {
    let env = base_with_residents(1);
    let id = nth_id(1);
    env.run(&[
        "training",
        "set-status",
        &id,
        "--status",
        "暂停",
        "--reason",
        "病假",
        "--org",
        "H001",
    ])
    .expect(0);
    let refused = env
        .run(&[
            "training",
            "set-status",
            &id,
            "--status",
            "结业",
            "--org",
            "H001",
        ])
        .expect(2);
    assert!(
        refused.stderr.contains("在培") && refused.stderr.contains("退培"),
        "{}",
        refused.stderr
    );
    env.run(&[
        "training",
        "set-status",
        &id,
        "--status",
        "在培",
        "--org",
        "H001",
    ])
    .expect(0);
    env.run(&[
        "training",
        "set-status",
        &id,
        "--status",
        "退培",
        "--reason",
        "转基地",
        "--org",
        "H001",
    ])
    .expect(0);
    let final_ = env
        .run(&[
            "training",
            "set-status",
            &id,
            "--status",
            "在培",
            "--org",
            "H001",
        ])
        .expect(2);
    assert!(final_.stderr.contains("final"), "{}", final_.stderr);
    // Asking for the status it has: done, nothing written or logged.
    let logged = env.items(&id).len();
    let same = env.json(
        &[
            "training",
            "set-status",
            &id,
            "--status",
            "退培",
            "--org",
            "H001",
        ],
        0,
    );
    assert_eq!(same["changed"], false, "{same}");
    assert_eq!(env.items(&id).len(), logged);
    let history = env.items(&id);
    let notes: Vec<_> = history.iter().filter_map(|i| i.note.clone()).collect();
    assert!(notes.contains(&"病假".to_string()) && notes.contains(&"转基地".to_string()));
    // Unknown status and a base that is not the person's.
    env.run(&["training", "set-status", &id, "--status", "毕业"])
        .expect(2);
    env.add_org("H002", "成都市第一人民医院");
    let other = env
        .run(&[
            "training",
            "set-status",
            &id,
            "--status",
            "退培",
            "--org",
            "H002",
        ])
        .expect(2);
    assert!(other.stderr.contains("H002"), "{}", other.stderr);
}

#[test]
fn the_whole_collection_flow_for_a_base_and_the_province() {
    let env = base_with_residents(4);
    // One record lacks its specialty: it is left out with the reason.
    env.db()
        .execute(
            "UPDATE training SET specialty = NULL WHERE account_id =
               (SELECT id FROM account WHERE id_number = ?1)",
            [nth_id(4)],
        )
        .unwrap();
    let dry = env.json(&["report", "submit", "--org", "H001", "--dry-run"], 1);
    assert_eq!(dry["submitted"].as_array().unwrap().len(), 3);
    assert_eq!(record(&env, 1).1, "未上报", "a dry run submits nothing");

    let v = env.json(&["report", "submit", "--org", "H001", "--year", "2019"], 1);
    assert_eq!(v["submitted"].as_array().unwrap().len(), 3);
    let left = &v["left_out"][0];
    assert_eq!(left["id_number"], nth_id(4).as_str());
    assert!(left["reasons"][0].as_str().unwrap().contains("培训专业"));
    assert_eq!(
        record(&env, 1),
        ("在培".into(), "已上报".into(), Some("待审核".into()), None)
    );

    // The province reviews: only submitted records.
    let refused = env.json(&["audit", "approve", &nth_id(4)], 1);
    assert!(
        refused["errors"][0]["message"]
            .as_str()
            .unwrap()
            .contains("not submitted")
    );
    let pending = env.json(&["audit", "list", "--org", "H001"], 0);
    assert_eq!(pending.as_array().unwrap().len(), 3);
    assert_eq!(pending[0]["state"], "待审核");

    env.run(&[
        "audit",
        "return",
        &nth_id(2),
        "--reason",
        "培训开始时间有误",
    ])
    .expect(0);
    assert_eq!(
        record(&env, 2),
        (
            "在培".into(),
            "未上报".into(),
            Some("退回修改".into()),
            Some("培训开始时间有误".into())
        )
    );
    let approved = env.json(&["audit", "approve", "--org", "H001", "--all"], 0);
    assert_eq!(approved["approved"].as_array().unwrap().len(), 2);

    // The base fixes the returned record and submits again.
    let mut fixed = training_row(2, "内科");
    fixed[6] = "2019-09-02".into();
    let file = training_file(&env, "fixed.csv", &[fixed]);
    env.run(&[
        "training",
        "import",
        file.to_str().unwrap(),
        "--org",
        "H001",
    ])
    .expect(0);
    let again = env.json(&["report", "submit", "--org", "H001"], 1);
    assert_eq!(again["submitted"][0]["id_number"], nth_id(2).as_str());
    assert_eq!(again["already_submitted"], 2);
    env.run(&["audit", "approve", &nth_id(2)]).expect(0);

    let status = env.json(&["report", "status"], 0);
    assert_eq!(status[0]["approved"], 3);
    assert_eq!(status[0]["not_submitted"], 1);
    assert_eq!(status[0]["total"], 4);

    // The history tells it all in order.
    let history = env.json(&["audit", "history", &nth_id(2)], 0);
    let steps: Vec<String> = history
        .as_array()
        .unwrap()
        .iter()
        .map(|e| {
            format!(
                "{} {}",
                e["entity"].as_str().unwrap(),
                e["action"].as_str().unwrap()
            )
        })
        .collect();
    let submit = steps.iter().position(|s| s == "report submit").unwrap();
    let ret = steps.iter().position(|s| s == "review return").unwrap();
    let approve = steps.iter().rposition(|s| s == "review approve").unwrap();
    assert!(submit < ret && ret < approve, "{steps:?}");
    let returned = history
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["action"] == "return")
        .unwrap();
    assert_eq!(returned["note"], "培训开始时间有误");
    assert!(
        history
            .as_array()
            .unwrap()
            .iter()
            .any(|e| e["field"] == "培训开始时间"
                && e["before"] == "2019-09-01"
                && e["after"] == "2019-09-02")
    );

    // Export: approved records only, unless --all.
    let out = env.path("export.xlsx");
    env.run(&[
        "report",
        "export",
        "--year",
        "2019",
        "-o",
        out.to_str().unwrap(),
    ])
    .expect(0);
    let rows = read_xlsx_sheet(&out, "培训信息");
    assert_eq!(rows.len(), 4, "header + 3 approved");
    assert_eq!(rows[0][0], "证件号码");
    assert!(rows.iter().all(|r| r[0] != nth_id(4)));
    let all = env.path("all.csv");
    env.run(&[
        "report",
        "export",
        "--year",
        "2019",
        "--all",
        "-o",
        all.to_str().unwrap(),
    ])
    .expect(0);
    assert_eq!(read_csv(&env.path("all-培训信息.csv")).len(), 5);
}

#[test]
fn personal_information_that_fails_validation_keeps_a_record_back_and_a_new_profile_reopens_it() {
    let env = base_with_residents(2);
    // The resident's sex contradicts the ID number.
    let mut wrong = good_profile(&nth_id(1), "学员一");
    let basic = wrong.basic.as_mut().unwrap();
    let sex = if get(basic, "性别") == "男" {
        "女"
    } else {
        "男"
    };
    set(basic, "性别", sex);
    let book = profile_book(&env.path("wrong.xlsx"), &[wrong]);
    env.run(&["profile", "import", book.to_str().unwrap(), "--org", "H001"])
        .expect(0);
    let v = env.json(&["report", "submit", "--org", "H001"], 1);
    assert_eq!(v["submitted"].as_array().unwrap().len(), 1);
    let reasons = v["left_out"][0]["reasons"].to_string();
    assert!(reasons.contains("性别"), "{reasons}");
    assert_eq!(v["left_out"][0]["id_number"], nth_id(1).as_str());
    // The submitted resident's profile changes: the record is 未上报 again.
    env.run(&["audit", "approve", &nth_id(2)]).expect(0);
    let mut moved = good_profile(&nth_id(2), "学员二");
    set(moved.basic.as_mut().unwrap(), "手机", "13900000002");
    let book = profile_book(&env.path("moved.xlsx"), &[moved]);
    env.run(&["profile", "import", book.to_str().unwrap(), "--org", "H001"])
        .expect(0);
    assert_eq!(
        record(&env, 2),
        (
            "在培".into(),
            "未上报".into(),
            Some("审核通过".into()),
            None
        )
    );
}

#[test]
fn a_change_after_submission_sets_the_record_back_and_keeps_the_last_review() {
    let env = base_with_residents(1);
    env.run(&["report", "submit", "--org", "H001"]).expect(0);
    env.run(&["audit", "approve", &nth_id(1)]).expect(0);
    env.run(&[
        "training",
        "set-status",
        &nth_id(1),
        "--status",
        "延期",
        "--org",
        "H001",
    ])
    .expect(0);
    // 未上报 again, and the review shown is that of the last submission.
    assert_eq!(
        record(&env, 1),
        (
            "延期".into(),
            "未上报".into(),
            Some("审核通过".into()),
            None
        )
    );
    let status = env.json(&["report", "status"], 0);
    assert_eq!(
        (
            status[0]["approved"].as_u64(),
            status[0]["not_submitted"].as_u64()
        ),
        (Some(0), Some(1))
    );
    // The province cannot approve what is not submitted; the export leaves
    // it out, and with nothing left exits 1 and writes nothing.
    env.run(&["audit", "approve", &nth_id(1)]).expect(1);
    let out = env.path("e.csv");
    env.run(&[
        "report",
        "export",
        "--year",
        "2019",
        "-o",
        out.to_str().unwrap(),
    ])
    .expect(1);
    assert!(!env.path("e-培训信息.csv").exists());
    env.run(&["report", "submit", "--org", "H001"]).expect(0);
    assert_eq!(
        record(&env, 1),
        ("延期".into(), "已上报".into(), Some("待审核".into()), None)
    );
}

#[test]
fn transfer_between_bases_needs_withdrawal_at_the_old_one() {
    let env = base_with_residents(1);
    env.add_org("H002", "成都市第一人民医院");
    let roster = env.csv("roster2.csv", &roster(1));
    let refused = env.import(&roster, "H002", &[], 1);
    assert!(
        refused["errors"][0]["message"]
            .as_str()
            .unwrap()
            .contains("四川大学华西医院")
    );
    env.run(&[
        "training",
        "set-status",
        &nth_id(1),
        "--status",
        "退培",
        "--reason",
        "转基地",
        "--org",
        "H001",
    ])
    .expect(0);
    let moved = env.import(&roster, "H002", &[], 0);
    assert_eq!(moved["imported"], 1);
    let records = env.training(&nth_id(1));
    assert_eq!(records.len(), 2, "{records:?}");
    assert_eq!(records[0].2, "退培");
    assert_eq!(records[1].2, "在培");
    // The new base keeps its own record: its training import works, the old one's does not.
    let file = training_file(&env, "t2.csv", &[training_row(1, "外科")]);
    env.run(&[
        "training",
        "import",
        file.to_str().unwrap(),
        "--org",
        "H002",
    ])
    .expect(0);
    let old = env.run(&[
        "training",
        "import",
        file.to_str().unwrap(),
        "--org",
        "H001",
    ]);
    assert_eq!(
        old.code, 1,
        "the old record's specialty 内科 cannot become 外科"
    );
    let history = env.json(&["audit", "history", &nth_id(1)], 0);
    assert!(
        history
            .as_array()
            .unwrap()
            .iter()
            .any(|e| e["after"] == "退培")
    );
    assert!(
        history
            .as_array()
            .unwrap()
            .iter()
            .any(|e| e["after"] == "H002 2019")
    );
}

/// After a new-recruit collection's window closes, what locks is the
/// year's new-recruit entry: adding residents of that year and their first
/// submission need the province's --override. Updates of records already
/// there (status, dates, profile) stay open and set a submitted record back
/// to 未上报; a record submitted before is submitted again at any time.
#[test]
fn a_closed_collection_locks_only_the_new_recruit_entry() {
    let env = base_with_residents(3);
    env.run(&["report", "submit", "--org", "H001", "--year", "2019"])
        .expect(0);
    // A third resident is added but never submitted; then the window closes.
    env.db()
        .execute(
            "UPDATE training SET report_status = '未上报', review_status = NULL
             WHERE account_id = (SELECT id FROM account WHERE id_number = ?1)",
            [nth_id(3)],
        )
        .unwrap();
    env.run(&[
        "collection",
        "open",
        "--year",
        "2019",
        "--kind",
        "new",
        "--from",
        &day(-30),
        "--until",
        &day(-1),
        "--review-until",
        &day(5),
    ])
    .expect(0);
    let list = env.json(&["collection", "list"], 0);
    assert_eq!(list[0]["kind"], "新招收");
    assert_eq!(list[0]["closes"], day(-1).as_str());

    // Updates stay open: a status, a date; the submitted record is 未上报 again.
    let changed = env.json(
        &[
            "training",
            "set-status",
            &nth_id(1),
            "--status",
            "延期",
            "--org",
            "H001",
        ],
        0,
    );
    assert_eq!(changed["reopened"], true, "{changed}");
    let mut later = training_row(2, "内科");
    later[7] = "2022-07-31".into();
    let v = env.json(
        &[
            "training",
            "import",
            training_file(&env, "late2.csv", &[later]).to_str().unwrap(),
            "--org",
            "H001",
        ],
        0,
    );
    assert_eq!(counts(&v), (0, 1, 0, 0), "{v}");
    assert_eq!(
        env.count("SELECT count(*) FROM training WHERE report_status = '未上报'"),
        3
    );

    // Adding a resident of 2019 is refused, naming the collection.
    let new_people = env.csv("late-roster.csv", &{
        let mut r = roster(0);
        r.push(resident("2019", "学员九", &nth_id(9), &nth_phone(9)));
        r
    });
    let late = env.import(&new_people, "H001", &[], 1);
    let m = late["errors"][0]["message"].as_str().unwrap();
    assert!(m.contains("2019 新招收") && m.contains(&day(-1)), "{m}");
    assert!(!env.has_account(&nth_id(9)));

    // Submission: the two submitted before go again; the first submission
    // of the third is refused.
    let submit = env.json(&["report", "submit", "--org", "H001"], 1);
    let sent: Vec<&str> = submit["submitted"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["id_number"].as_str().unwrap())
        .collect();
    assert_eq!(sent, [nth_id(1), nth_id(2)]);
    let left = &submit["left_out"][0];
    assert_eq!(left["id_number"], nth_id(3));
    assert!(
        left["reasons"][0]
            .as_str()
            .unwrap()
            .contains("first submission"),
        "{left}"
    );

    // The province overrides; the history keeps it.
    env.import(&new_people, "H001", &["--override"], 0);
    env.run(&[
        "report",
        "submit",
        "--org",
        "H001",
        "--override",
        "--actor",
        "province",
    ])
    .expect(1); // 学员九 has no training information yet
    let items = env.items(&nth_id(3));
    let last = items.iter().rev().find(|i| i.action == "submit").unwrap();
    assert!(
        last.note.as_deref().unwrap().contains("--override"),
        "{last:?}"
    );
}

/// A window's start is enforced as its end is: before the new-recruit
/// collection opens, its year's residents are not added without
/// --override, and open on its first day.
#[test]
fn a_new_recruit_collection_that_has_not_opened_shuts_the_entry() {
    let env = Env::with_base();
    env.run(&[
        "collection",
        "open",
        "--year",
        "2019",
        "--kind",
        "new",
        "--from",
        &day(1),
        "--until",
        &day(20),
    ])
    .expect(0);
    let file = env.csv("r.csv", &roster(1));
    let early = env.import(&file, "H001", &[], 1);
    let m = early["errors"][0]["message"].as_str().unwrap();
    assert!(m.contains("not begun") && m.contains(&day(1)), "{m}");
    let zh = env.import(&file, "H001", &["--lang", "zh"], 1);
    assert!(
        zh["errors"][0]["message"]
            .as_str()
            .unwrap()
            .contains("尚未开始"),
        "{zh}"
    );
    assert!(!env.has_account(&nth_id(1)));
    env.import(&file, "H001", &["--override"], 0);
    assert!(env.has_account(&nth_id(1)));
    // Another year is not concerned.
    let other = env.csv("r2020.csv", &{
        let mut r = roster(0);
        r.push(resident("2020", "学员二", &nth_id(2), &nth_phone(2)));
        r
    });
    env.import(&other, "H001", &[], 0);
}

#[test]
fn collections_refuse_impossible_windows_and_duplicates() {
    let env = Env::new();
    env.run(&[
        "collection",
        "open",
        "--year",
        "2019",
        "--kind",
        "new",
        "--from",
        "2019-10-31",
        "--until",
        "2019-10-13",
    ])
    .expect(2);
    env.run(&[
        "collection",
        "open",
        "--year",
        "2019",
        "--kind",
        "new",
        "--from",
        "2019-10-13",
        "--until",
        "2019-10-31",
    ])
    .expect(0);
    env.run(&[
        "collection",
        "open",
        "--year",
        "2019",
        "--kind",
        "new",
        "--from",
        "2019-10-13",
        "--until",
        "2019-11-30",
    ])
    .expect(2);
    env.run(&[
        "collection",
        "open",
        "--year",
        "2019",
        "--kind",
        "new",
        "--from",
        "十月",
        "--until",
        "2019-11-30",
    ])
    .expect(2);
    assert_eq!(env.count("SELECT count(*) FROM collection"), 1);
}

#[test]
fn early_completers_of_annex_1_are_created_and_exported_in_its_layout() {
    let env = Env::with_base();
    let file = env.csv(
        "completion.csv",
        &rows(&[
            &[
                "*姓名",
                "*身份证件类别",
                "*身份证件号码",
                "*手机号码",
                "*人员类型",
                "*培训所在省份",
                "*培训基地",
                "*培训专业",
                "*核定的培训年限(年)",
                "*培训实际开始时间(年-月-日)",
                "*培训实际结束时间(年-月-日)",
                "*住院医师规范化培训合格证书编号",
                "*住院医师规范化培训合格证书发放时间(年-月-日)",
            ],
            &[
                "张三",
                "居民身份证",
                &nth_id(1),
                &nth_phone(1),
                "本单位人",
                "四川",
                "四川大学华西医院",
                "内科",
                "2",
                "2015-09-01",
                "2017-08-31",
                "=2017510001",
                "2017-09-15",
            ],
            &[
                "李四",
                "居民身份证",
                &nth_id(2),
                &nth_phone(2),
                "社会人",
                "四川",
                "别的医院",
                "外科",
                "3",
                "2015-09-01",
                "2018-08-31",
                "2018510002",
                "2018-09-15",
            ],
        ]),
    );
    let v = env.json(
        &[
            "training",
            "import",
            file.to_str().unwrap(),
            "--org",
            "H001",
        ],
        1,
    );
    assert_eq!(
        (v["imported"].as_u64(), v["rejected"].as_u64()),
        (Some(1), Some(1))
    );
    assert!(
        v["errors"][0]["message"]
            .as_str()
            .unwrap()
            .contains("别的医院")
    );
    let (status, cert, year): (String, String, i64) = env
        .db()
        .query_row(
            "SELECT status, certificate_no, recruit_year FROM training",
            [],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
        )
        .unwrap();
    assert_eq!(
        (status.as_str(), cert.as_str(), year),
        ("结业", "=2017510001", 2015)
    );

    let out = env.path("annex1.csv");
    env.run(&[
        "report",
        "export",
        "--year",
        "2017",
        "--kind",
        "completion",
        "--all",
        "-o",
        out.to_str().unwrap(),
    ])
    .expect(0);
    // A CSV file per tab; for completers also 结业信息, the layout of 附件1.
    for tab in ["基本信息", "学习经历", "证书信息", "培训信息"] {
        assert!(env.path(&format!("annex1-{tab}.csv")).exists(), "{tab}");
    }
    let rows = read_csv(&env.path("annex1-结业信息.csv"));
    assert_eq!(rows[0][0], "姓名");
    assert_eq!(rows[0].len(), 13);
    assert_eq!(rows[1][5], "四川省");
    // A value a spreadsheet would run as a formula is neutralised in CSV.
    assert_eq!(rows[1][11], "'=2017510001");
}

#[test]
fn a_review_waits_for_a_running_import_and_both_finish() {
    let env = base_with_residents(3);
    env.run(&["report", "submit", "--org", "H001"]).expect(0);
    let big = env.csv("big.csv", &{
        let mut r = roster(0);
        let first = chrono::NaiveDate::from_ymd_opt(1990, 1, 1).unwrap();
        for i in 0..3000 {
            let birth = (first + Duration::days(i)).format("%Y%m%d").to_string();
            r.push(resident(
                "2020",
                "学员",
                &id("510104", &birth, 7),
                &nth_phone(i as u32),
            ));
        }
        r
    });
    // A second process, started before the review and running during it.
    let mut import = std::process::Command::new(env!("CARGO_BIN_EXE_meded"))
        .env_clear()
        .env("PATH", std::env::var_os("PATH").unwrap_or_default())
        .env("MEDED_ACTOR", "importer")
        .arg("--db")
        .arg(env.db_path())
        .args([
            "account",
            "import",
            big.to_str().unwrap(),
            "--org",
            "H001",
            "-q",
        ])
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    // Give the import time to take the write lock, so that the review has
    // to wait for it (the outcome must not depend on who wins).
    std::thread::sleep(std::time::Duration::from_millis(150));
    let review = env.run(&["audit", "approve", "--org", "H001", "--all"]);
    let status = import.wait().unwrap();
    assert_eq!(review.code, 0, "{}", review.stderr);
    assert!(status.code() == Some(0) || status.code() == Some(1));
    assert_eq!(
        env.count("SELECT count(*) FROM training WHERE review_status = '审核通过'"),
        3
    );
    assert!(env.count("SELECT count(*) FROM training WHERE recruit_year = 2020") > 0);
}

#[test]
fn an_account_imported_by_mistake_is_deleted_until_it_has_gone_to_the_province() {
    let env = base_with_residents(3);
    env.add_org("H002", "成都市第一人民医院");
    // Only the base's own accounts, and with the reason kept.
    env.run(&["account", "delete", &nth_id(1), "--org", "H002"])
        .expect(1);
    let v = env.json(
        &[
            "account",
            "delete",
            &nth_id(1),
            "--org",
            "H001",
            "--reason",
            "证件号码录入错误",
        ],
        0,
    );
    assert_eq!(v["deleted"][0]["id_number"], nth_id(1).as_str());
    assert!(!env.has_account(&nth_id(1)));
    assert!(env.training(&nth_id(1)).is_empty());
    let items = env.items(&nth_id(1));
    let deleted = items.iter().find(|i| i.action == "delete").unwrap();
    assert_eq!(deleted.note.as_deref(), Some("证件号码录入错误"));
    // Imported again under the same number, it starts afresh.
    let again = env.csv("again.csv", &roster(1));
    assert_eq!(env.import(&again, "H001", &[], 0)["imported"], 1);
    // A submitted record cannot be deleted; unknown numbers are reported.
    env.run(&["report", "submit", "--org", "H001"]).expect(1);
    let kept = env.json(&["account", "delete", &nth_id(2), &nth_id(99)], 1);
    assert_eq!(kept["errors"].as_array().unwrap().len(), 2);
    assert!(env.has_account(&nth_id(2)));
}

#[test]
fn an_early_completer_held_by_another_base_is_refused_and_one_who_left_it_moves() {
    let env = Env::with_base();
    env.add_org("H002", "成都市第一人民医院");
    let roster_file = env.csv("r.csv", &roster(2));
    env.import(&roster_file, "H002", &[], 0);
    env.run(&[
        "training",
        "set-status",
        &nth_id(2),
        "--status",
        "退培",
        "--org",
        "H002",
    ])
    .expect(0);
    let row = |n: u32| -> Vec<String> {
        [
            &format!("学员{}", chinese_number(n)),
            "居民身份证",
            &nth_id(n),
            &nth_phone(n),
            "本单位人",
            "四川",
            "四川大学华西医院",
            "内科",
            "2",
            "2015-09-01",
            "2017-08-31",
            &format!("201751000{n}"),
            "2017-09-15",
        ]
        .iter()
        .map(|s| s.to_string())
        .collect()
    };
    let mut all = rows(&[&[
        "姓名",
        "身份证件类别",
        "身份证件号码",
        "手机号码",
        "人员类型",
        "培训所在省份",
        "培训基地",
        "培训专业",
        "核定的培训年限(年)",
        "培训实际开始时间",
        "培训实际结束时间",
        "住院医师规范化培训合格证书编号",
        "住院医师规范化培训合格证书发放时间",
    ]]);
    all.push(row(1));
    all.push(row(2));
    let file = env.csv("completion.csv", &all);
    let v = env.json(
        &[
            "training",
            "import",
            file.to_str().unwrap(),
            "--org",
            "H001",
        ],
        1,
    );
    assert_eq!(
        (v["imported"].as_u64(), v["rejected"].as_u64()),
        (Some(1), Some(1))
    );
    assert!(
        v["errors"][0]["message"]
            .as_str()
            .unwrap()
            .contains("成都市第一人民医院")
    );
    // The one who left H002 is now H001's, and the move is in the history.
    assert_eq!(env.account(&nth_id(2)).org, "H001");
    let moved = env
        .items(&nth_id(2))
        .into_iter()
        .find(|i| i.field.as_deref() == Some("机构"))
        .expect("the move is logged");
    assert_eq!(
        (moved.before.as_deref(), moved.after.as_deref()),
        (Some("H002"), Some("H001"))
    );
}

#[test]
fn audit_history_outlives_a_deleted_account_and_refuses_an_unknown_one() {
    let env = base_with_residents(1);
    env.run(&[
        "account",
        "delete",
        &nth_id(1),
        "--org",
        "H001",
        "--reason",
        "证件号码错误",
    ])
    .expect(0);
    let history = env.json(&["audit", "history", &nth_id(1)], 0);
    let last = history.as_array().unwrap().last().unwrap().clone();
    assert_eq!(
        (last["entity"].as_str(), last["action"].as_str()),
        (Some("account"), Some("delete"))
    );
    env.run(&["audit", "history", &nth_id(99)]).expect(2);
}

/// A record that is 结业 already takes its certificate later, with the
/// same command; the status is not logged again.
#[test]
fn a_completed_record_takes_its_certificate_later() {
    let env = base_with_residents(1);
    let id = nth_id(1);
    let set = |extra: &[&str]| {
        let mut args = vec!["training", "set-status", &id, "--status", "结业"];
        args.extend_from_slice(extra);
        env.json(&args, 0)
    };
    assert_eq!(set(&[])["changed"], true);
    let later = set(&[
        "--certificate",
        "510120220001",
        "--certificate-date",
        "2022-08-31",
    ]);
    assert_eq!(later["changed"], true, "{later}");
    let stored: (String, String) = env
        .db()
        .query_row(
            "SELECT certificate_no, certificate_date FROM training",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .unwrap();
    assert_eq!(stored, ("510120220001".into(), "2022-08-31".into()));
    let statuses = env
        .items(&id)
        .iter()
        .filter(|i| i.field.as_deref() == Some("培训状态"))
        .count();
    assert_eq!(statuses, 1, "结业 logged once");
}

/// A CME institution deletes its own members imported by mistake, and
/// only its own.
#[test]
fn a_cme_institution_deletes_its_members_by_mistake() {
    let env = Env::new();
    env.add_cme_org("C1", "成都市第三人民医院", "市州级");
    env.add_cme_org("C2", "成都市第五人民医院", "市州级");
    let (mine, theirs) = (nth_id(1), nth_id(2));
    env.add_members("C1", &[member("张三", &mine, "护师")]);
    env.add_members("C2", &[member("李四", &theirs, "护师")]);
    let kept = env.json(&["account", "delete", &theirs, "--org", "C1"], 1);
    assert!(
        kept["errors"][0]["message"]
            .as_str()
            .unwrap()
            .contains("C2"),
        "{kept}"
    );
    env.json(&["account", "delete", &mine, "--org", "C1"], 0);
    assert!(!env.has_account(&mine) && env.has_account(&theirs));
}

/// A training file longer than a batch of the server's bulk path (1,024
/// rows), scattered over the batches: people without a record here or
/// without an account, repeated ID numbers, names that differ, moves the
/// status may not make, unchanged rows, changed rows and blank records
/// filled, some of them submitted. Every row has its own outcome, every
/// record the values of its own row, and the change log lists each row's
/// changes in file order, as a row-by-row import writes them.
#[test]
fn a_long_training_file_gives_every_row_its_own_outcome_and_log() {
    const HERE: u32 = 2200;
    const ALL: u32 = 2300;
    let person = |i: u32| {
        id(
            "510107",
            ["19950101", "19950102", "19950103"][(i / 1000) as usize],
            i % 1000,
        )
    };
    let name = |i: u32| format!("学员{}", chinese_number(i));
    let env = Env::with_base();
    env.add_org("H002", "成都市第三人民医院");
    let roster = |from: u32, to: u32| {
        let mut rows = vec![HEADER.iter().map(|s| s.to_string()).collect::<Vec<_>>()];
        rows.extend((from..to).map(|i| resident("2019", &name(i), &person(i), &nth_phone(i))));
        rows
    };
    env.import(&env.csv("here.csv", &roster(0, HERE)), "H001", &[], 0);
    env.import(&env.csv("there.csv", &roster(HERE, ALL)), "H002", &[], 0);
    let row = |i: u32, end: &str, status: &str| -> Vec<String> {
        vec![
            person(i),
            name(i),
            "2019".into(),
            "内科".into(),
            "社会人".into(),
            "3".into(),
            "2019-09-01".into(),
            end.into(),
            status.into(),
        ]
    };
    // Three in four records filled; then some submitted, some completed.
    let filled = |i: u32| !i.is_multiple_of(4);
    let first: Vec<Vec<String>> = (0..HERE)
        .filter(|&i| filled(i))
        .map(|i| row(i, "2022-08-31", "在培"))
        .collect();
    let file = training_file(&env, "first.csv", &first);
    env.run(&[
        "training",
        "import",
        file.to_str().unwrap(),
        "--org",
        "H001",
    ])
    .expect(0);
    let submitted = |i: u32| i % 10 == 3;
    let completed = |i: u32| i % 50 == 7;
    let db = env.db();
    for i in 0..HERE {
        if submitted(i) {
            db.execute(
                "UPDATE training SET report_status = '已上报'
                 WHERE account_id = (SELECT id FROM account WHERE id_number = ?1)",
                [person(i)],
            )
            .unwrap();
        }
        if completed(i) {
            env.set_status(&person(i), "结业");
        }
    }

    // The file: everyone in a scattered order, a person without an account
    // every 77th row, every 100th row the ID number of the row before.
    enum Line {
        Person(u32),
        Unknown(String),
        Again(u32),
    }
    let mut lines = Vec::new();
    for k in 0..ALL {
        let i = (k * 337) % ALL;
        if k % 77 == 76 {
            lines.push(Line::Unknown(id("510107", "19950104", k % 1000)));
        }
        lines.push(Line::Person(i));
        if k % 100 == 99 {
            lines.push(Line::Again(i));
        }
    }
    let wrong_name = |i: u32| i % 97 == 5;
    let end = |i: u32| {
        if i.is_multiple_of(3) {
            "2022-09-30"
        } else {
            "2022-08-31"
        }
    };
    let status = |i: u32| {
        if i.is_multiple_of(11) {
            "延期"
        } else {
            "在培"
        }
    };
    let rows: Vec<Vec<String>> = lines
        .iter()
        .map(|l| match l {
            Line::Person(i) | Line::Again(i) => {
                let mut r = row(*i, end(*i), status(*i));
                if wrong_name(*i) {
                    r[1] = "某某".into();
                }
                r
            }
            Line::Unknown(id) => {
                let mut r = row(0, "2022-08-31", "在培");
                r[0] = id.clone();
                r
            }
        })
        .collect();
    let file = training_file(&env, "second.csv", &rows);
    let report = env.json(
        &[
            "training",
            "import",
            file.to_str().unwrap(),
            "--org",
            "H001",
        ],
        1,
    );

    // What each row should do, and the change items it should log.
    type Logged = (
        String,
        String,
        String,
        Option<String>,
        Option<String>,
        Option<String>,
    );
    let mut refused: Vec<(u64, &str)> = Vec::new();
    let mut logged: Vec<Logged> = Vec::new();
    let (mut updated, mut skipped) = (0, 0);
    for (k, l) in lines.iter().enumerate() {
        let at = k as u64 + 2;
        let i = match l {
            Line::Unknown(_) => {
                refused.push((at, "no account"));
                continue;
            }
            Line::Again(_) => {
                refused.push((at, "more than once"));
                continue;
            }
            Line::Person(i) => *i,
        };
        if i >= HERE {
            refused.push((at, "does not train at the base H001"));
            continue;
        }
        if wrong_name(i) {
            refused.push((at, "differs from the account"));
            continue;
        }
        if completed(i) {
            refused.push((at, "结业"));
            continue;
        }
        let mut items: Vec<Logged> = Vec::new();
        let mut field = |f: &str, before: Option<&str>, after: &str| {
            if before != Some(after) {
                items.push((
                    person(i),
                    "training".into(),
                    "update".into(),
                    Some(f.into()),
                    before.map(str::to_owned),
                    Some(after.into()),
                ));
            }
        };
        let was = |v: &'static str| filled(i).then_some(v);
        field("培训专业", was("内科"), "内科");
        field("人员类型", was("社会人"), "社会人");
        field("核定培训年限", was("3"), "3");
        field("培训开始时间", was("2019-09-01"), "2019-09-01");
        field("培训结束时间", was("2022-08-31"), end(i));
        field("培训状态", Some("在培"), status(i));
        if items.is_empty() {
            skipped += 1;
            continue;
        }
        updated += 1;
        if submitted(i) {
            items.push((
                person(i),
                "report".into(),
                "reopen".into(),
                Some("上报状态".into()),
                Some("已上报".into()),
                Some("未上报".into()),
            ));
        }
        logged.extend(items);
    }
    assert_eq!(
        counts(&report),
        (0, updated, skipped, refused.len() as u64),
        "{report}"
    );
    // A row's problems, one after another; the rows in file order.
    let mut problems: Vec<(u64, String)> = Vec::new();
    for (at, _, message) in errors(&report) {
        match problems.last_mut() {
            Some((last, all)) if *last == at => all.push_str(&message),
            _ => problems.push((at, message)),
        }
    }
    assert_eq!(
        problems.iter().map(|e| e.0).collect::<Vec<_>>(),
        refused.iter().map(|r| r.0).collect::<Vec<_>>(),
        "refusals in row order"
    );
    for ((_, message), (at, why)) in problems.iter().zip(&refused) {
        assert!(message.contains(why), "row {at}: {message} (wanted {why})");
    }
    let mut stmt = db
        .prepare(
            "SELECT subject, entity, action, field, before, after FROM change_item
             WHERE change_id = (SELECT max(id) FROM change_set) ORDER BY id",
        )
        .unwrap();
    let got: Vec<Logged> = stmt
        .query_map([], |r| {
            Ok((
                r.get(0)?,
                r.get(1)?,
                r.get(2)?,
                r.get(3)?,
                r.get(4)?,
                r.get(5)?,
            ))
        })
        .unwrap()
        .map(Result::unwrap)
        .collect();
    assert_eq!(got.len(), logged.len());
    for (n, (g, w)) in got.iter().zip(&logged).enumerate() {
        assert_eq!(g, w, "change item {n}");
    }

    // Every record holds its own row's values (or what it had).
    let mut stmt = db
        .prepare(
            "SELECT a.id_number, t.specialty, t.end_date, t.status, t.report_status
             FROM training t JOIN account a ON a.id = t.account_id
             JOIN org o ON o.id = t.org_id WHERE o.code = 'H001'",
        )
        .unwrap();
    type Stored = (Option<String>, Option<String>, String, String);
    let stored: std::collections::HashMap<String, Stored> = stmt
        .query_map([], |r| {
            Ok((r.get(0)?, (r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?)))
        })
        .unwrap()
        .map(Result::unwrap)
        .collect();
    assert_eq!(stored.len(), HERE as usize);
    for i in 0..HERE {
        let kept = wrong_name(i) || completed(i);
        let changed = !kept && (!filled(i) || end(i) != "2022-08-31" || status(i) != "在培");
        let want: Stored = if kept {
            (
                filled(i).then(|| "内科".into()),
                filled(i).then(|| "2022-08-31".into()),
                if completed(i) { "结业" } else { "在培" }.into(),
                if submitted(i) {
                    "已上报"
                } else {
                    "未上报"
                }
                .into(),
            )
        } else {
            (
                Some("内科".into()),
                Some(end(i).into()),
                status(i).into(),
                if submitted(i) && !changed {
                    "已上报"
                } else {
                    "未上报"
                }
                .into(),
            )
        };
        assert_eq!(stored[&person(i)], want, "person {i}");
    }
}

/// A 结业信息 file longer than a batch, with --update: new people are
/// created, residents of this base completed, people who left another base
/// moved here, people in training elsewhere refused, repeated rows refused.
/// Every row has its own outcome and the change log lists each row's
/// changes in file order.
#[test]
fn a_long_completion_file_gives_every_row_its_own_outcome_and_log() {
    const ALL: u32 = 1300;
    let person = |i: u32| {
        id(
            "510107",
            ["19900101", "19900102"][(i / 1000) as usize],
            i % 1000,
        )
    };
    let name = |i: u32| format!("学员{}", chinese_number(i));
    // 1: a resident here; 2: in training at H002; 3: left H002; else new.
    let kind = |i: u32| i % 5;
    let env = Env::with_base();
    env.add_org("H002", "成都市第三人民医院");
    let roster = |k: u32| {
        let mut rows = vec![HEADER.iter().map(|s| s.to_string()).collect::<Vec<_>>()];
        rows.extend(
            (0..ALL)
                .filter(|&i| kind(i) == k || (k == 2 && kind(i) == 3))
                .map(|i| resident("2015", &name(i), &person(i), &nth_phone(i))),
        );
        rows
    };
    env.import(&env.csv("here.csv", &roster(1)), "H001", &[], 0);
    env.import(&env.csv("there.csv", &roster(2)), "H002", &[], 0);
    let submitted = |i: u32| i % 10 == 1;
    let db = env.db();
    for i in 0..ALL {
        let status = match kind(i) {
            1 if submitted(i) => "UPDATE training SET report_status = '已上报'",
            3 => "UPDATE training SET status = '退培'",
            _ => continue,
        };
        db.execute(
            &format!("{status} WHERE account_id = (SELECT id FROM account WHERE id_number = ?1)"),
            [person(i)],
        )
        .unwrap();
    }
    let header = [
        "*姓名",
        "*身份证件类别",
        "*身份证件号码",
        "*手机号码",
        "*人员类型",
        "*培训所在省份",
        "*培训基地",
        "*培训专业",
        "*核定的培训年限(年)",
        "*培训实际开始时间(年-月-日)",
        "*培训实际结束时间(年-月-日)",
        "*住院医师规范化培训合格证书编号",
        "*住院医师规范化培训合格证书发放时间(年-月-日)",
    ];
    let cert = |i: u32| format!("C{i:06}");
    let people: Vec<(u32, bool)> = (0..ALL)
        .flat_map(|k| {
            let i = (k * 337) % ALL;
            let again = k % 100 == 99;
            std::iter::once((i, false)).chain(again.then_some((i, true)))
        })
        .collect();
    let mut rows = vec![header.iter().map(|s| s.to_string()).collect::<Vec<_>>()];
    for &(i, _) in &people {
        rows.push(vec![
            name(i),
            "居民身份证".into(),
            person(i),
            nth_phone(i),
            "本单位人".into(),
            "四川".into(),
            "四川大学华西医院".into(),
            "内科".into(),
            "3".into(),
            "2015-09-01".into(),
            "2018-08-31".into(),
            cert(i),
            "2018-09-15".into(),
        ]);
    }
    let file = env.csv("completion.csv", &rows);
    let report = env.json(
        &[
            "training",
            "import",
            file.to_str().unwrap(),
            "--org",
            "H001",
            "--update",
        ],
        1,
    );

    type Logged = (
        String,
        String,
        Option<String>,
        Option<String>,
        Option<String>,
    );
    let mut logged: Vec<Logged> = Vec::new();
    let mut refused = Vec::new();
    let (mut created, mut updated) = (0, 0);
    for (k, &(i, again)) in people.iter().enumerate() {
        if again || kind(i) == 2 {
            refused.push(k as u64 + 2);
            continue;
        }
        let item = |entity: &str, field: &str, before: Option<&str>, after: &str| {
            (
                person(i),
                entity.to_owned(),
                Some(field.to_owned()),
                before.map(str::to_owned),
                Some(after.to_owned()),
            )
        };
        if kind(i) == 3 {
            logged.push(item("account", "机构", Some("H002"), "H001"));
        }
        for (field, value) in [
            ("培训专业", "内科"),
            ("人员类型", "本单位人"),
            ("核定培训年限", "3"),
            ("培训开始时间", "2015-09-01"),
            ("培训结束时间", "2018-08-31"),
            ("合格证书编号", cert(i).as_str()),
            ("合格证书发放时间", "2018-09-15"),
        ] {
            logged.push(item("training", field, None, value));
        }
        logged.push(item("training", "培训状态", Some("在培"), "结业"));
        if kind(i) == 1 {
            updated += 1;
            if submitted(i) {
                logged.push(item("report", "上报状态", Some("已上报"), "未上报"));
            }
        } else {
            created += 1;
        }
    }
    assert_eq!(
        counts(&report),
        (created, updated, 0, refused.len() as u64),
        "{report}"
    );
    let mut rows: Vec<u64> = errors(&report).iter().map(|e| e.0).collect();
    rows.dedup();
    assert_eq!(rows, refused, "refusals in row order");
    let mut stmt = db
        .prepare(
            "SELECT subject, entity, field, before, after FROM change_item
             WHERE change_id = (SELECT max(id) FROM change_set) ORDER BY id",
        )
        .unwrap();
    let got: Vec<Logged> = stmt
        .query_map([], |r| {
            Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?))
        })
        .unwrap()
        .map(Result::unwrap)
        .collect();
    assert_eq!(got.len(), logged.len());
    for (n, (g, w)) in got.iter().zip(&logged).enumerate() {
        assert_eq!(g, w, "change item {n}");
    }
    let completed = env.count(
        "SELECT count(*) FROM training t JOIN org o ON o.id = t.org_id
         WHERE o.code = 'H001' AND t.status = '结业' AND t.report_status = '未上报'
           AND t.certificate_no LIKE 'C%'",
    );
    assert_eq!(completed as u64, created + updated);
    for i in 0..ALL {
        let want = match kind(i) {
            2 => vec![("H002".to_owned(), 2015, "在培".to_owned())],
            3 => vec![
                ("H002".to_owned(), 2015, "退培".to_owned()),
                ("H001".to_owned(), 2015, "结业".to_owned()),
            ],
            _ => vec![("H001".to_owned(), 2015, "结业".to_owned())],
        };
        if i % 7 == 0 {
            assert_eq!(env.training(&person(i)), want, "person {i}");
        }
    }
}
