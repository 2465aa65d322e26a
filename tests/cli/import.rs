//! The rules of `account import` (docs/domain.md#importing-accounts): what
//! it writes, what it refuses, and its modes.

use crate::common::*;

fn header() -> Vec<String> {
    HEADER.iter().map(|s| s.to_string()).collect()
}

/// Two good rows and one bad one (row 3, wrong check character).
fn mixed(env: &Env, name: &str) -> std::path::PathBuf {
    env.csv(
        name,
        &[
            header(),
            resident("2019", "张三", &nth_id(1), "13800000001"),
            resident("2019", "李四", "110101199003070010", "13800000002"),
            resident("2019", "王五", &nth_id(3), "13800000003"),
        ],
    )
}

#[test]
fn creates_accounts_and_training_records_for_residents() {
    let env = Env::with_base();
    let file = env.csv("r.csv", &roster(3));
    let report = env.import(&file, "H001", &[], 0);
    assert_eq!(counts(&report), (3, 0, 0, 0));
    assert_eq!(report["errors"], serde_json::json!([]));
    assert_eq!(env.accounts(), 3);
    for i in 1..=3 {
        let id = nth_id(i);
        let acc = env.account(&id);
        assert_eq!(acc.role, "resident");
        assert_eq!(acc.org, "H001");
        assert_eq!(acc.id_type, "居民身份证");
        assert_eq!(acc.phone, Some(nth_phone(i)));
        assert_eq!(acc.password_state, "initial");
        assert_eq!(acc.password_hash, None);
        assert_eq!(env.training(&id), [("H001".into(), 2019, "在培".into())]);
    }
    // One change set for the whole import, which created the accounts.
    assert_eq!(env.change_sets(), 2);
    assert_eq!(
        env.count(
            "SELECT count(DISTINCT created_change) FROM account
             WHERE created_change = (SELECT max(id) FROM change_set)"
        ),
        1
    );
    assert_eq!(
        env.count(
            "SELECT count(*) FROM training
             WHERE created_change = (SELECT max(id) FROM change_set)"
        ),
        3
    );
}

/// Pins a panic of the first version: check_row read the 参加继教 column
/// (index 8) of every role's layout, past the end of the resident (5) and
/// teacher (8) layouts (Record::get indexed out of bounds).
#[test]
fn every_role_imports_without_a_panic() {
    let env = Env::with_base();
    let report = env.import(&env.csv("r.csv", &roster(1)), "H001", &[], 0);
    assert_eq!(counts(&report), (1, 0, 0, 0));
    let teachers = env.csv(
        "t.csv",
        &rows(&[
            &["姓名", "证件号码", "手机号码"],
            &["张老师", &nth_id(2), "13800000002"],
        ]),
    );
    let report = env.import(&teachers, "H001", &["--role", "teacher"], 0);
    assert_eq!(counts(&report), (1, 0, 0, 0));
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
                "参加继教",
                "电子邮箱",
                "学分达标遵照",
            ],
            &[
                "张医生",
                "居民身份证",
                &nth_id(3),
                "13800000003",
                "心内科",
                "医师",
                "是",
                "zhang@example.cn",
                "三级医院",
            ],
            &[
                "李医生",
                "居民身份证",
                &nth_id(4),
                "13800000004",
                "心内科",
                "医师",
                "也许",
                "li@example.cn",
                "三级医院",
            ],
        ]),
    );
    let report = env.import(&members, "H001", &["--role", "member"], 1);
    assert_eq!(counts(&report), (1, 0, 0, 1));
    assert_eq!(errors(&report)[0].1, "参加继教");
    assert_eq!(env.accounts(), 3);
}

#[test]
fn json_report_has_the_documented_shape() {
    let env = Env::with_base();
    let report = env.import(&mixed(&env, "r.csv"), "H001", &[], 1);
    for key in ["imported", "updated", "skipped", "rejected"] {
        assert!(report[key].is_u64(), "{key} in {report}");
    }
    let errs = report["errors"].as_array().unwrap();
    assert_eq!(errs.len(), 1);
    let e = errs[0].as_object().unwrap();
    assert_eq!(e["row"], 3);
    assert_eq!(e["column"], "*证件号码");
    assert!(e["message"].as_str().unwrap().contains("check character"));
    assert_eq!(counts(&report), (2, 0, 0, 1));
    // Human text goes to stderr, never into the JSON on stdout.
    let run = env.run(&[
        "account",
        "import",
        mixed(&env, "s.csv").to_str().unwrap(),
        "--org",
        "H001",
        "--format",
        "json",
    ]);
    assert!(run.stdout.trim_start().starts_with('{'));
    run.json();
}

#[test]
fn table_output_summarises_and_lists_the_problems() {
    let env = Env::with_base();
    let run = env
        .run(&[
            "account",
            "import",
            mixed(&env, "r.csv").to_str().unwrap(),
            "--org",
            "H001",
        ])
        .expect(1);
    assert!(
        run.stdout
            .contains("imported 2, updated 0, skipped 0, rejected 1"),
        "{}",
        run.stdout
    );
    assert!(run.stdout.contains("*证件号码"), "{}", run.stdout);
}

#[test]
fn re_import_at_the_same_base_skips_without_duplicates() {
    let env = Env::with_base();
    let file = env.csv("r.csv", &roster(3));
    env.import(&file, "H001", &[], 0);
    let sets = env.change_sets();
    let report = env.import(&file, "H001", &[], 0);
    assert_eq!(counts(&report), (0, 0, 3, 0));
    assert_eq!(env.accounts(), 3);
    assert_eq!(env.count("SELECT count(*) FROM training"), 3);
    assert_eq!(env.change_sets(), sets, "nothing changed, nothing logged");
}

#[test]
fn changed_details_without_update_are_skipped_and_kept() {
    let env = Env::with_base();
    let id = nth_id(1);
    env.import(&env.csv("a.csv", &roster(1)), "H001", &[], 0);
    let file = env.csv(
        "b.csv",
        &[header(), resident("2019", "张三丰", &id, "13900000000")],
    );
    let report = env.import(&file, "H001", &[], 0);
    assert_eq!(counts(&report), (0, 0, 1, 0));
    let acc = env.account(&id);
    assert_eq!(acc.name, "学员一");
    assert_eq!(acc.phone, Some(nth_phone(1)));
    assert!(env.items(&id).is_empty());
}

#[test]
fn update_changes_name_and_phone_and_logs_before_and_after() {
    let env = Env::with_base();
    env.import(&env.csv("a.csv", &roster(3)), "H001", &[], 0);
    let id = nth_id(2);
    let mut rows = roster(3);
    rows[2] = resident("2019", "张三丰", &id, "13900000000");
    let report = env.import(&env.csv("b.csv", &rows), "H001", &["--update"], 0);
    assert_eq!(counts(&report), (0, 1, 2, 0));
    let acc = env.account(&id);
    assert_eq!(acc.name, "张三丰");
    assert_eq!(acc.phone.as_deref(), Some("13900000000"));
    assert_eq!(acc.id_type, "居民身份证");
    let items = env.items(&id);
    assert_eq!(items.len(), 2, "{items:?}");
    assert_eq!(
        items[0],
        Item {
            entity: "account".into(),
            action: "update".into(),
            field: Some("姓名".into()),
            before: Some("学员二".into()),
            after: Some("张三丰".into()),
            note: None,
        }
    );
    assert_eq!(items[1].field.as_deref(), Some("手机号码"));
    assert_eq!(items[1].before, Some(nth_phone(2)));
    assert_eq!(items[1].after.as_deref(), Some("13900000000"));
    // The others are untouched and unlogged.
    assert!(env.items(&nth_id(1)).is_empty());
    assert_eq!(env.count("SELECT count(*) FROM training"), 3);
    // Both items belong to the import's change set.
    assert_eq!(
        env.count(
            "SELECT count(*) FROM change_item
             WHERE change_id = (SELECT max(id) FROM change_set)"
        ),
        2
    );
}

#[test]
fn update_never_changes_the_id_type() {
    let env = Env::with_base();
    let id = nth_id(1);
    env.import(&env.csv("a.csv", &roster(1)), "H001", &[], 0);
    let file = env.csv(
        "b.csv",
        &rows(&[&HEADER, &["2019", "张三丰", "护照", &id, "13900000000"]]),
    );
    let report = env.import(&file, "H001", &["--update"], 1);
    assert_eq!(counts(&report), (0, 0, 0, 1));
    let errs = errors(&report);
    assert_eq!((errs[0].0, errs[0].1.as_str()), (2, "*证件号码"));
    assert!(
        errs[0].2.contains("ID type cannot be changed"),
        "{}",
        errs[0].2
    );
    let acc = env.account(&id);
    assert_eq!(acc.id_type, "居民身份证");
    assert_eq!(acc.name, "学员一", "a refused row changes nothing");
    assert!(env.items(&id).is_empty());

    // Another name of the same type is the same type: the update goes through.
    let file = env.csv(
        "c.csv",
        &rows(&[&HEADER, &["2019", "张三丰", "身份证", &id, "13900000000"]]),
    );
    assert_eq!(
        counts(&env.import(&file, "H001", &["--update"], 0)),
        (0, 1, 0, 0)
    );
    assert_eq!(env.account(&id).id_type, "居民身份证");
    assert!(
        env.items(&id)
            .iter()
            .all(|i| i.field.as_deref() != Some("证件类型"))
    );
}

#[test]
fn people_bound_to_another_base_are_refused_naming_it() {
    let env = Env::with_base();
    env.add_org("H002", "成都市第三人民医院");
    env.import(&env.csv("a.csv", &roster(5)), "H001", &[], 0);
    let statuses = ["在培", "延期", "暂停", "结束"];
    for (i, s) in statuses.iter().enumerate() {
        if *s != "在培" {
            env.set_status(&nth_id(i as u32 + 1), s);
        }
    }
    env.set_status(&nth_id(5), "结业");
    let sets = env.change_sets();
    let mut rows = roster(5);
    for r in &mut rows[1..] {
        r[0] = "2020".into();
    }
    let report = env.import(&env.csv("b.csv", &rows), "H002", &[], 1);
    // 结业 (completed) binds no one: that person moves.
    assert_eq!(counts(&report), (1, 0, 0, 4));
    let errs = errors(&report);
    for (i, s) in statuses.iter().enumerate() {
        let (row, col, msg) = &errs[i];
        assert_eq!(*row, i as u64 + 2);
        assert_eq!(col, "*证件号码");
        assert!(msg.contains("四川大学华西医院"), "{msg}");
        assert!(msg.contains("H001"), "{msg}");
        assert!(msg.contains(s), "{s}: {msg}");
        let id = nth_id(i as u32 + 1);
        assert_eq!(env.account(&id).org, "H001");
        assert_eq!(env.training(&id), [("H001".into(), 2019, s.to_string())]);
    }
    assert_eq!(env.account(&nth_id(5)).org, "H002");
    assert_eq!(env.change_sets(), sets + 1);
}

#[test]
fn after_tuipei_the_new_base_imports_them_with_its_own_record() {
    let env = Env::with_base();
    env.add_org("H002", "成都市第三人民医院");
    let id = nth_id(1);
    env.import(&env.csv("a.csv", &roster(1)), "H001", &[], 0);
    env.set_status(&id, "退培");
    let file = env.csv(
        "b.csv",
        &[header(), resident("2020", "学员一", &id, &nth_phone(1))],
    );
    let report = env.import(&file, "H002", &[], 0);
    assert_eq!(counts(&report), (1, 0, 0, 0));
    assert_eq!(env.accounts(), 1, "the account moves; it is not duplicated");
    assert_eq!(env.account(&id).org, "H002");
    assert_eq!(
        env.training(&id),
        [
            ("H001".into(), 2019, "退培".into()),
            ("H002".into(), 2020, "在培".into())
        ]
    );
    let moved: Vec<Item> = env
        .items(&id)
        .into_iter()
        .filter(|i| i.field.as_deref() == Some("机构"))
        .collect();
    assert_eq!(moved.len(), 1);
    assert_eq!(moved[0].before.as_deref(), Some("H001"));
    assert_eq!(moved[0].after.as_deref(), Some("H002"));
    // And the old base can no longer import them: they are 在培 at H002.
    let report = env.import(&file, "H001", &[], 1);
    assert!(errors(&report)[0].2.contains("H002"), "{report}");
    assert_eq!(env.account(&id).org, "H002");
}

#[test]
fn dry_run_reports_the_counts_and_writes_nothing() {
    let env = Env::with_base();
    let sets = env.change_sets();
    let report = env.import(&mixed(&env, "r.csv"), "H001", &["--dry-run"], 1);
    assert_eq!(counts(&report), (2, 0, 0, 1));
    assert_eq!(report["dry_run"], true);
    assert_eq!(report["written"], false);
    assert_eq!(errors(&report)[0].0, 3);
    assert_eq!(env.accounts(), 0);
    assert_eq!(env.count("SELECT count(*) FROM training"), 0);
    assert_eq!(
        env.count("SELECT count(*) FROM change_item"),
        1,
        "the org's"
    );
    assert_eq!(env.change_sets(), sets);
    // Without problems: exit 0, still nothing written.
    let report = env.import(&env.csv("g.csv", &roster(2)), "H001", &["--dry-run"], 0);
    assert_eq!(counts(&report), (2, 0, 0, 0));
    assert_eq!(env.accounts(), 0);
    assert_eq!(env.change_sets(), sets);
}

#[test]
fn dry_run_of_an_update_changes_nothing() {
    let env = Env::with_base();
    env.import(&env.csv("a.csv", &roster(1)), "H001", &[], 0);
    let file = env.csv(
        "b.csv",
        &[
            header(),
            resident("2019", "张三丰", &nth_id(1), "13900000000"),
        ],
    );
    let report = env.import(&file, "H001", &["--update", "--dry-run"], 0);
    assert_eq!(counts(&report), (0, 1, 0, 0));
    assert_eq!(env.account(&nth_id(1)).name, "学员一");
    assert!(env.items(&nth_id(1)).is_empty());
}

#[test]
fn strict_with_one_bad_row_writes_nothing() {
    let env = Env::with_base();
    let sets = env.change_sets();
    let report = env.import(&mixed(&env, "r.csv"), "H001", &["--strict"], 1);
    assert_eq!(counts(&report), (2, 0, 0, 1));
    assert_eq!(report["written"], false);
    assert_eq!(env.accounts(), 0);
    assert_eq!(env.count("SELECT count(*) FROM training"), 0);
    assert_eq!(env.change_sets(), sets);
}

#[test]
fn strict_without_bad_rows_writes_everything() {
    let env = Env::with_base();
    let report = env.import(&env.csv("r.csv", &roster(3)), "H001", &["--strict"], 0);
    assert_eq!(counts(&report), (3, 0, 0, 0));
    assert_eq!(report["written"], true);
    assert_eq!(env.accounts(), 3);
    assert_eq!(env.count("SELECT count(*) FROM training"), 3);
}

#[test]
fn default_mode_writes_the_good_rows_and_reports_the_bad() {
    let env = Env::with_base();
    let report = env.import(&mixed(&env, "r.csv"), "H001", &[], 1);
    assert_eq!(counts(&report), (2, 0, 0, 1));
    assert_eq!(report["written"], true);
    assert!(env.has_account(&nth_id(1)));
    assert!(env.has_account(&nth_id(3)));
    assert!(!env.has_account("110101199003070010"));
    assert_eq!(env.accounts(), 2);
}

#[test]
fn errors_xlsx_holds_the_refused_rows_as_they_were_and_can_be_fixed() {
    let env = Env::with_base();
    let (a, b, c) = (nth_id(1), nth_id(2), nth_id(3));
    let input = Xlsx::new()
        .sheet(
            "账号模板",
            1,
            &[
                HEADER.iter().map(|h| t(h)).collect(),
                vec![
                    X::N(2019.0),
                    t("张三"),
                    t("居民身份证"),
                    t(&a),
                    t("13800000001"),
                ],
                vec![
                    X::N(2019.0),
                    t("李四"),
                    t("居民身份证"),
                    t(&b),
                    t("1380000000"),
                ],
                vec![
                    X::N(2019.0),
                    t("王五"),
                    t("居民身份证"),
                    t(&c),
                    t("13800000003"),
                ],
                vec![
                    t("明年"),
                    t("赵六"),
                    t("居民身份证"),
                    t("11010519491231002X"),
                    t("13800000004"),
                ],
            ],
        )
        .text(0, 0, "附件1 账号模板")
        .save(&env.path("in.xlsx"));
    let out = env.path("fix-me.xlsx");
    let report = env.import(&input, "H001", &["--errors", out.to_str().unwrap()], 1);
    assert_eq!(counts(&report), (2, 0, 0, 2));
    assert_eq!(
        errors(&report).iter().map(|e| e.0).collect::<Vec<_>>(),
        [4, 6]
    );
    #[cfg(unix)]
    assert_eq!(mode(&out), 0o600, "it holds personal data");

    let back = read_xlsx(&out);
    assert_eq!(back.len(), 3, "{back:?}");
    // Each row under its number in the file (the reasons refer to it).
    let mut want_header: Vec<String> = vec!["原行号".into()];
    want_header.extend(HEADER.iter().map(|s| s.to_string()));
    want_header.push("错误原因".into());
    assert_eq!(back[0], want_header);
    assert_eq!((back[1][0].as_str(), back[2][0].as_str()), ("4", "6"));
    assert_eq!(
        back[1][1..6],
        ["2019", "李四", "居民身份证", &b, "1380000000"]
    );
    assert!(back[1][6].contains("1380000000"), "{:?}", back[1]);
    assert_eq!(
        back[2][1..6],
        [
            "明年",
            "赵六",
            "居民身份证",
            "11010519491231002X",
            "13800000004"
        ]
    );
    assert!(back[2][6].contains("明年"), "{:?}", back[2]);

    // Fixed in place (the row number and reason columns are ignored) and
    // imported again.
    let mut fixed = back.clone();
    fixed[1][5] = "13800000002".into();
    fixed[2][1] = "2020".into();
    let fixed = Xlsx::new()
        .sheet("错误行", 0, &text_rows(&fixed))
        .save(&env.path("fixed.xlsx"));
    let report = env.import(&fixed, "H001", &[], 0);
    assert_eq!(counts(&report), (2, 0, 0, 0), "{report}");
    // meded's own 原行号 and 错误原因 columns are known, not reported as unknown.
    assert_eq!(report["unknown_columns"], serde_json::json!([]));
    assert_eq!(env.accounts(), 4);
    assert_eq!(env.account(&b).phone.as_deref(), Some("13800000002"));
    assert_eq!(env.training("11010519491231002X")[0].1, 2020);
}

#[test]
fn errors_csv_holds_the_refused_rows_as_they_were_and_can_be_fixed() {
    let env = Env::with_base();
    let input = env.csv(
        "in.csv",
        &[
            vec!["附件1".into()],
            header(),
            resident("2019", "张三", &nth_id(1), "13800000001"),
            resident("2019", "李四", "110101199003070010", "13800000002"),
            resident("2019", "张三", &nth_id(1), "13800000001"),
            resident("2019", "王五", "=1+2", "13800000003"),
        ],
    );
    let out = env.path("fix-me.csv");
    let report = env.import(&input, "H001", &["--errors", out.to_str().unwrap()], 1);
    assert_eq!(counts(&report), (1, 0, 0, 3));
    #[cfg(unix)]
    assert_eq!(mode(&out), 0o600);
    let mut back = read_csv(&out);
    assert_eq!(back.len(), 4, "{back:?}");
    let numbers: Vec<&str> = back.iter().map(|r| r[0].as_str()).collect();
    assert_eq!(numbers, ["原行号", "4", "5", "6"]);
    for row in &mut back {
        row.remove(0);
    }
    assert_eq!(back[0].last().unwrap(), "错误原因");
    assert_eq!(back[0][..5], HEADER);
    assert_eq!(
        back[1][..5],
        [
            "2019",
            "李四",
            "居民身份证",
            "110101199003070010",
            "13800000002"
        ]
    );
    assert!(back[1][5].contains("check character"), "{:?}", back[1]);
    assert_eq!(
        back[2][..5],
        ["2019", "张三", "居民身份证", &nth_id(1), "13800000001"]
    );
    assert!(back[2][5].contains("row 3"), "{:?}", back[2]);
    // A cell a spreadsheet would run as a formula is neutralised.
    assert_eq!(back[3][3], "'=1+2");

    let mut fixed = back.clone();
    fixed[1][3] = "110101199003070011".into();
    fixed.remove(2); // the duplicate
    fixed[2][3] = nth_id(5);
    let fixed = env.csv_bom("fixed.csv", &fixed);
    let report = env.import(&fixed, "H001", &[], 0);
    assert_eq!(counts(&report), (2, 0, 0, 0), "{report}");
    assert!(env.has_account("110101199003070011"));
    assert_eq!(env.account(&nth_id(5)).name, "王五");
    assert_eq!(env.accounts(), 3);
}

#[test]
fn member_roster_creates_departments_and_titles() {
    let env = Env::new();
    env.run(&[
        "org",
        "add",
        "--code",
        "C017",
        "--name",
        "成都市第三人民医院",
        "--kind",
        "cme",
        "--region-level",
        "市州级",
    ])
    .expect(0);
    let ids: Vec<String> = (1..=3).map(nth_id).collect();
    let file = Xlsx::new()
        .sheet(
            "账号模板",
            0,
            &[
                [
                    "*姓名",
                    "*证件类型",
                    "*证件号码",
                    "*手机号码",
                    "*科室",
                    "*技术职称",
                    "*电子邮箱",
                    "*参加继教",
                    "*学分达标遵照",
                ]
                .iter()
                .map(|h| t(h))
                .collect(),
                [
                    "张医生",
                    "居民身份证",
                    &ids[0],
                    "13800000001",
                    "心内科",
                    "主治医师",
                    "zhang@example.cn",
                    "是",
                    "市州级",
                ]
                .iter()
                .map(|s| t(s))
                .collect(),
                [
                    "李医生",
                    "居民身份证",
                    &ids[1],
                    "13800000002",
                    "心内科",
                    "技师系列 - 副主任技师(副高)",
                    "li@example.cn",
                    "否",
                    "市州级、二级以下医院高级",
                ]
                .iter()
                .map(|s| t(s))
                .collect(),
                [
                    "王医生",
                    "居民身份证",
                    &ids[2],
                    "13800000003",
                    "  急诊科 ",
                    "医师",
                    "wang@example.cn",
                    "Y",
                    "市州级",
                ]
                .iter()
                .map(|s| t(s))
                .collect(),
            ],
        )
        .save(&env.path("m.xlsx"));
    let report = env.import(&file, "C017", &["--role", "member"], 0);
    assert_eq!(counts(&report), (3, 0, 0, 0), "{report}");
    let a = env.account(&ids[0]);
    assert_eq!(a.role, "member");
    assert_eq!(a.department.as_deref(), Some("心内科"));
    assert_eq!(a.title.as_deref(), Some("主治医师"));
    assert_eq!(a.email.as_deref(), Some("zhang@example.cn"));
    assert_eq!(
        env.account(&ids[1]).title.as_deref(),
        Some("技师系列 - 副主任技师(副高)")
    );
    assert_eq!(env.account(&ids[2]).department.as_deref(), Some("急诊科"));
    let depts: Vec<String> = env
        .db()
        .prepare(
            "SELECT d.name FROM department d JOIN org o ON o.id = d.org_id
             WHERE o.code = 'C017' ORDER BY d.name",
        )
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .map(Result::unwrap)
        .collect();
    assert_eq!(depts, ["心内科", "急诊科"]);
    assert_eq!(
        env.count("SELECT count(*) FROM training"),
        0,
        "members have no training record"
    );
    // Members start with the CME default password.
    assert!(env.password_matches(&ids[0], "111111"));
}

#[test]
fn member_roster_needs_department_and_title() {
    let env = Env::with_base();
    let file = env.csv("m.csv", &roster(1));
    let run = env
        .run(&[
            "account",
            "import",
            file.to_str().unwrap(),
            "--org",
            "H001",
            "--role",
            "member",
        ])
        .expect(2);
    assert!(run.stderr.contains("科室"), "{}", run.stderr);
    assert!(run.stderr.contains("技术职称"), "{}", run.stderr);
    assert_eq!(env.accounts(), 0);

    let file = env.csv(
        "n.csv",
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
                &nth_id(1),
                "13800000001",
                "",
                "主治医师",
                "zhang@example.cn",
                "是",
                "县级",
            ],
            &[
                "李医生",
                "居民身份证",
                &nth_id(2),
                "13800000002",
                "心内科",
                "",
                "li@example.cn",
                "是",
                "县级",
            ],
        ]),
    );
    let report = env.import(&file, "H001", &["--role", "member"], 1);
    assert_eq!(counts(&report), (0, 0, 0, 2));
    let errs = errors(&report);
    assert_eq!((errs[0].0, errs[0].1.as_str()), (2, "科室"));
    assert_eq!((errs[1].0, errs[1].1.as_str()), (3, "技术职称"));
    assert_eq!(env.accounts(), 0);
    assert_eq!(env.count("SELECT count(*) FROM department"), 0);
}

#[test]
fn teacher_roster() {
    let env = Env::with_base();
    let (a, b) = (nth_id(1), nth_id(2));
    let file = env.csv(
        "t.csv",
        &rows(&[
            &["姓名", "身份证号", "手机号", "科室"],
            &["张老师", &a, "13800000001", "心内科"],
            &["李老师", &b, "13800000002", ""],
        ]),
    );
    let report = env.import(&file, "H001", &["--role", "teacher"], 0);
    assert_eq!(counts(&report), (2, 0, 0, 0), "{report}");
    let acc = env.account(&a);
    assert_eq!(acc.role, "teacher");
    assert_eq!(acc.id_type, "居民身份证");
    assert_eq!(acc.department.as_deref(), Some("心内科"));
    assert_eq!(env.account(&b).department, None);
    assert_eq!(env.count("SELECT count(*) FROM training"), 0);
    assert!(env.password_matches(&a, "000000"));
}

#[test]
fn a_resident_cannot_be_imported_as_a_member() {
    let env = Env::with_base();
    env.import(&env.csv("a.csv", &roster(1)), "H001", &[], 0);
    let file = env.csv(
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
                "学员一",
                "居民身份证",
                &nth_id(1),
                &nth_phone(1),
                "心内科",
                "医师",
                "a@example.cn",
                "是",
                "县级",
            ],
        ]),
    );
    let report = env.import(&file, "H001", &["--role", "member"], 1);
    assert_eq!(counts(&report), (0, 0, 0, 1));
    assert!(errors(&report)[0].2.contains("resident") || errors(&report)[0].2.contains("住院医师"));
    assert_eq!(env.account(&nth_id(1)).role, "resident");
}

#[test]
fn lang_zh_gives_chinese_messages() {
    let env = Env::with_base();
    let file = mixed(&env, "r.csv");
    let report = env.import(&file, "H001", &["--lang", "zh", "--dry-run"], 1);
    let msg = &errors(&report)[0].2;
    assert!(msg.contains("校验位错误"), "{msg}");
    let run = env
        .run(&[
            "account",
            "import",
            file.to_str().unwrap(),
            "--org",
            "H001",
            "--lang",
            "zh",
            "--dry-run",
        ])
        .expect(1);
    // What it would do, never the words of a done action.
    assert!(
        run.stdout.contains("将新增 2") && run.stdout.contains("(演练,未写入)"),
        "{}",
        run.stdout
    );
    // An error before any work, in Chinese too.
    let run = env
        .run(&[
            "account",
            "import",
            file.to_str().unwrap(),
            "--org",
            "NOPE",
            "--lang",
            "zh",
        ])
        .expect(2);
    assert!(
        run.stderr.contains("没有代码为 NOPE 的机构"),
        "{}",
        run.stderr
    );
}

#[test]
fn lang_from_the_locale() {
    let env = Env::with_base();
    let file = mixed(&env, "r.csv");
    let mut cmd = env.cmd();
    cmd.env("LANG", "zh_CN.UTF-8").args([
        "account",
        "import",
        file.to_str().unwrap(),
        "--org",
        "H001",
        "--dry-run",
        "--format",
        "json",
    ]);
    let report = Env::exec(cmd).expect(1).json();
    assert!(errors(&report)[0].2.contains("校验位错误"), "{report}");
    // --lang wins over the locale.
    let mut cmd = env.cmd();
    cmd.env("LANG", "zh_CN.UTF-8").args([
        "account",
        "import",
        file.to_str().unwrap(),
        "--org",
        "H001",
        "--dry-run",
        "--format",
        "json",
        "--lang",
        "en",
    ]);
    let report = Env::exec(cmd).expect(1).json();
    assert!(errors(&report)[0].2.contains("check character"), "{report}");
}

#[test]
fn random_passwords_go_to_a_private_credentials_file() {
    let env = Env::with_base();
    // One account exists already: it keeps its password and is not listed.
    env.import(&env.csv("a.csv", &roster(1)), "H001", &[], 0);
    let creds = env.path("pw.csv");
    let report = env.import(
        &env.csv("b.csv", &roster(3)),
        "H001",
        &[
            "--random-passwords",
            "--credentials",
            creds.to_str().unwrap(),
        ],
        0,
    );
    assert_eq!(counts(&report), (2, 0, 1, 0));
    #[cfg(unix)]
    assert_eq!(mode(&creds), 0o600);
    let back = read_csv(&creds);
    assert_eq!(
        back.len(),
        3,
        "a header and one row per new account: {back:?}"
    );
    assert_eq!(back[0][..2], ["证件号码", "姓名"]);
    let mut listed: Vec<&str> = back[1..].iter().map(|r| r[0].as_str()).collect();
    listed.sort();
    let mut want = vec![nth_id(2), nth_id(3)];
    want.sort();
    assert_eq!(listed, want);
    for r in &back[1..] {
        let acc = env.account(&r[0]);
        assert_eq!(acc.name, r[1]);
        assert_eq!(acc.password_state, "temporary");
        assert!(
            acc.password_hash
                .as_deref()
                .unwrap()
                .starts_with("$argon2id$"),
            "{acc:?}"
        );
    }
    assert_eq!(env.account(&nth_id(1)).password_state, "initial");
    // The issued password works (checked for one: hashing is slow in debug builds).
    assert!(env.password_matches(&back[1][0], &back[1][2]));
    assert!(!env.password_matches(&back[1][0], "000000"));
    let texts = env.all_text();
    for r in &back[1..] {
        assert!(
            !texts.iter().any(|t| t.contains(&r[2])),
            "clear password stored"
        );
    }
}

#[test]
fn random_passwords_need_a_credentials_file() {
    let env = Env::with_base();
    let file = env.csv("r.csv", &roster(1));
    let run = env
        .run(&[
            "account",
            "import",
            file.to_str().unwrap(),
            "--org",
            "H001",
            "--random-passwords",
        ])
        .expect(2);
    assert!(run.stderr.contains("--credentials"), "{}", run.stderr);
    assert_eq!(env.accounts(), 0);
    // And an output that is neither .xlsx nor .csv is refused before any work.
    let run = env
        .run(&[
            "account",
            "import",
            file.to_str().unwrap(),
            "--org",
            "H001",
            "--random-passwords",
            "--credentials",
            "pw.txt",
        ])
        .expect(2);
    assert!(run.stderr.contains(".xlsx"), "{}", run.stderr);
    assert_eq!(env.accounts(), 0);
    assert!(!env.path("pw.txt").exists());
    // --credentials alone is as much a mistake.
    env.run(&[
        "account",
        "import",
        file.to_str().unwrap(),
        "--org",
        "H001",
        "--credentials",
        "pw.csv",
    ])
    .expect(2);
    // A dry run issues no passwords and writes no credentials.
    let report = env.import(
        &file,
        "H001",
        &["--dry-run", "--random-passwords", "--credentials", "pw.csv"],
        0,
    );
    assert_eq!(counts(&report), (1, 0, 0, 0));
    assert!(!env.path("pw.csv").exists());
    assert_eq!(env.accounts(), 0);
}

#[test]
fn members_move_between_institutions_only_with_update() {
    let env = Env::new();
    for code in ["C1", "C2"] {
        env.run(&[
            "org",
            "add",
            "--code",
            code,
            "--name",
            &format!("医院{code}"),
            "--kind",
            "cme",
        ])
        .expect(0);
    }
    let id = nth_id(1);
    let member = |dept: &str| {
        rows(&[
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
                &id,
                "13800000001",
                dept,
                "主治医师",
                "zhang@example.cn",
                "是",
                "县级",
            ],
        ])
    };
    env.import(
        &env.csv("a.csv", &member("心内科")),
        "C1",
        &["--role", "member"],
        0,
    );
    let file = env.csv("b.csv", &member("急诊科"));
    let report = env.import(&file, "C2", &["--role", "member"], 1);
    let msg = &errors(&report)[0].2;
    assert!(msg.contains("医院C1") && msg.contains("--update"), "{msg}");
    assert_eq!(env.account(&id).org, "C1");
    let report = env.import(&file, "C2", &["--role", "member", "--update"], 0);
    assert_eq!(counts(&report), (1, 0, 0, 0));
    let acc = env.account(&id);
    assert_eq!(acc.org, "C2");
    assert_eq!(acc.department.as_deref(), Some("急诊科"));
    let fields: Vec<Option<String>> = env.items(&id).into_iter().map(|i| i.field).collect();
    assert_eq!(fields, [Some("机构".into()), Some("科室".into())]);
}

#[test]
fn quiet_keeps_notes_off_stderr() {
    let env = Env::with_base();
    let file = env.csv("r.csv", &roster(1));
    let args = [
        "account",
        "import",
        file.to_str().unwrap(),
        "--org",
        "H001",
        "--dry-run",
    ];
    let loud = env
        .run(&[&args[..], &["--format", "json"]].concat())
        .expect(0);
    assert!(loud.stderr.contains("dry run"), "{}", loud.stderr);
    let mut quiet_args = args.to_vec();
    quiet_args.push("-q");
    let quiet = env.run(&quiet_args).expect(0);
    assert_eq!(quiet.stderr, "");
    assert!(quiet.stdout.contains("would import 1"), "{}", quiet.stdout);
}

#[test]

fn errors_xlsx_round_trips_values_that_look_like_formulas() {
    let env = Env::with_base();
    let input = env.csv(
        "in.csv",
        &[
            header(),
            resident("2019", "张三", "110101199003070010", "+86 138-0000-0001"),
        ],
    );
    let out = env.path("fix-me.xlsx");
    env.import(&input, "H001", &["--errors", out.to_str().unwrap()], 1);
    let mut back = read_xlsx(&out);
    // Only the ID was wrong: fix it and import the file again.
    back[1][4] = "110101199003070011".into();
    let fixed = Xlsx::new()
        .sheet("错误行", 0, &text_rows(&back))
        .save(&env.path("fixed.xlsx"));
    let report = env.import(&fixed, "H001", &[], 0);
    assert_eq!(counts(&report), (1, 0, 0, 0), "{report}");
    assert_eq!(
        env.account("110101199003070011").phone.as_deref(),
        Some("13800000001")
    );
}

/// A roster longer than the statements that insert new accounts several
/// rows at a time, in no order of ID number, mixing new people, people
/// already here (skipped, some with a note), people bound to another base
/// and bad rows: every row has its own outcome at its own row number, and
/// every new resident exactly the training record of their own row.
#[test]
fn a_long_mixed_roster_gives_every_row_its_own_outcome() {
    let env = Env::with_base();
    env.add_org("H002", "成都市第三人民医院");
    // People 1..=999 exist, the ones ≡ 0 (mod 3) at this base, the ones
    // ≡ 1 (mod 7) of them at H002 (bound there: in training).
    let existing = |i: u32| i.is_multiple_of(3);
    let elsewhere = |i: u32| existing(i) && i % 7 == 1;
    let mut here = vec![HEADER.iter().map(|s| s.to_string()).collect()];
    let mut there = here.clone();
    for i in (1..=999).filter(|&i| existing(i)) {
        let row = resident(
            "2018",
            &format!("学员{}", chinese_number(i)),
            &nth_id(i),
            &nth_phone(i),
        );
        if elsewhere(i) {
            there.push(row);
        } else {
            here.push(row);
        }
    }
    env.import(&env.csv("here.csv", &here), "H001", &[], 0);
    env.import(&env.csv("there.csv", &there), "H002", &[], 0);
    // The roster: a scattered order, years by person, a changed phone for
    // some existing people and a bad ID number every 50th row.
    let mut rows = vec![
        HEADER
            .iter()
            .map(|s| s.to_string())
            .collect::<Vec<String>>(),
    ];
    let people: Vec<u32> = (0..999u32).map(|k| (k * 337) % 999 + 1).collect();
    for (k, &i) in people.iter().enumerate() {
        let year = format!("{}", 2015 + i % 5);
        let phone = if existing(i) && i.is_multiple_of(2) {
            "13700000000".to_string()
        } else {
            nth_phone(i)
        };
        let id = if k % 50 == 49 {
            "110101199003070010".to_string()
        } else {
            nth_id(i)
        };
        rows.push(resident(
            &year,
            &format!("学员{}", chinese_number(i)),
            &id,
            &phone,
        ));
    }
    let report = env.import(&env.csv("roster.csv", &rows), "H001", &[], 1);
    let bad = |k: usize| k % 50 == 49;
    let mut expect_new = 0;
    let mut expect_skipped = 0;
    let mut expect_refused = Vec::new();
    let mut expect_notes = Vec::new();
    for (k, &i) in people.iter().enumerate() {
        let row = k as u64 + 2;
        if bad(k) || elsewhere(i) {
            expect_refused.push(row);
        } else if existing(i) {
            expect_skipped += 1;
            if i.is_multiple_of(2) {
                expect_notes.push(row);
            }
        } else {
            expect_new += 1;
        }
    }
    assert_eq!(
        counts(&report),
        (expect_new, 0, expect_skipped, expect_refused.len() as u64)
    );
    let refused: Vec<u64> = errors(&report).iter().map(|e| e.0).collect();
    assert_eq!(refused, expect_refused, "refusals in row order");
    let notes: Vec<u64> = report["notes"]
        .as_array()
        .expect("notes")
        .iter()
        .map(|n| n["row"].as_u64().unwrap())
        .collect();
    assert_eq!(notes, expect_notes, "notes in row order");
    for (k, &i) in people.iter().enumerate() {
        let id = nth_id(i);
        let year = 2015 + i64::from(i % 5);
        if bad(k) && !existing(i) {
            assert!(!env.has_account(&id));
        } else if elsewhere(i) {
            assert_eq!(env.training(&id), [("H002".into(), 2018, "在培".into())]);
        } else if existing(i) {
            assert_eq!(env.training(&id), [("H001".into(), 2018, "在培".into())]);
            assert_eq!(env.account(&id).phone, Some(nth_phone(i)));
        } else {
            let acc = env.account(&id);
            assert_eq!((acc.org.as_str(), acc.phone), ("H001", Some(nth_phone(i))));
            assert_eq!(env.training(&id), [("H001".into(), year, "在培".into())]);
        }
    }
}
