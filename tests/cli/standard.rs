//! Credit standards (docs/domain.md#credit-standards): the shipped Sichuan
//! table, provinces' tables, assignment, a member's standards looked up and
//! removed, and the compliance check.

use serde_json::Value;

use crate::common::*;

/// The header of the 学分标准 template.
const STANDARD_HEADER: [&str; 10] = [
    "编号",
    "名称",
    "区域等级",
    "职称等级",
    "国家级I类学分",
    "国家级周期年数",
    "省级I类学分",
    "II类学分",
    "总学分",
    "起始年度",
];

/// A complete table from `year`: FJ1–FJ12, one per region level × title level.
fn table(year: &str) -> Vec<Vec<String>> {
    let mut rows = vec![STANDARD_HEADER.iter().map(|s| s.to_string()).collect()];
    let mut n = 0;
    for region in ["省级/三级医院", "市州级/二级以下医院", "县级", "乡镇卫生院"]
    {
        for (title, c1, c2) in [
            ("高级", "10", "15"),
            ("中级", "8", "17"),
            ("初级", "5", "20"),
        ] {
            n += 1;
            rows.push(
                [
                    &format!("FJ{n}"),
                    &format!("{region}{title}"),
                    region,
                    title,
                    "10",
                    "5",
                    c1,
                    c2,
                    "25",
                    year,
                ]
                .iter()
                .map(|s| s.to_string())
                .collect(),
            );
        }
    }
    rows
}

fn import_table(env: &Env, rows: &[Vec<String>], extra: &[&str], code: i32) -> Value {
    let file = env.csv("std.csv", rows);
    let mut args = vec!["credit-standard", "import", file.to_str().unwrap()];
    args.extend_from_slice(extra);
    env.json(&args, code)
}

#[test]
fn the_sichuan_table_ships_as_the_default() {
    let env = Env::with_database();
    let list = env.json(&["credit-standard", "list"], 0);
    let list = list.as_array().unwrap();
    assert_eq!(list.len(), 10);
    // The Sichuan table: code, national (6 years), provincial class I, class II, total.
    let expected = [
        ("SCJA1", "省级、三级医院高级", 10.0, 10.0, 15.0, 25.0),
        ("SCJA2", "省级、三级医院中级", 10.0, 5.0, 20.0, 25.0),
        ("SCJA3", "省级、三级医院初级", 0.0, 0.0, 25.0, 25.0),
        ("SCJA4", "市州级、二级以下医院高级", 0.0, 10.0, 15.0, 25.0),
        ("SCJA5", "市州级、二级以下医院中级", 0.0, 5.0, 20.0, 25.0),
        ("SCJA6", "市州级、二级以下医院初级", 0.0, 0.0, 25.0, 25.0),
        ("SCJA7", "县级、高级", 0.0, 10.0, 15.0, 25.0),
        ("SCJA8", "县级、中级", 0.0, 5.0, 20.0, 25.0),
        ("SCJA9", "县级、初级", 0.0, 0.0, 25.0, 25.0),
        ("SCJA10", "乡镇卫生院", 0.0, 0.0, 20.0, 20.0),
    ];
    for (s, (code, name, nat, c1, c2, total)) in list.iter().zip(expected) {
        assert_eq!(s["code"], code);
        assert_eq!(s["name"], name);
        assert_eq!(s["national_1"], nat, "{code}");
        assert_eq!(s["national_years"], 6, "{code}");
        assert_eq!(s["class_1"], c1, "{code}");
        assert_eq!(s["class_2"], c2, "{code}");
        assert_eq!(s["total"], total, "{code}");
        assert_eq!(s["from_year"], 2016);
    }
    assert_eq!(list[3]["region_level"], "市州级/二级以下医院");
    assert_eq!(list[3]["title_level"], "高级");
    assert_eq!(list[9]["title_level"], Value::Null, "SCJA10: every title");
    let table = env.run(&["credit-standard", "list"]).expect(0);
    assert!(table.stdout.contains("SCJA10") && table.stdout.contains("全部"));
    // Nothing is in force before 2016.
    let none = env.json(&["credit-standard", "list", "--year", "2015"], 0);
    assert_eq!(none, serde_json::json!([]));
}

#[test]
fn a_deputy_chief_technician_at_a_municipal_hospital_gets_scja4() {
    let env = Env::new();
    env.add_cme_org_in("C017", "成都市第三人民医院", "市州级", "四川");
    let id = nth_id(1);
    env.add_members("C017", &[member("张三", &id, "检验师")]);
    // The platform's example: 2016, 市州级, 技师系列 - 副主任技师(副高) → SCJA4.
    let out = env.json(
        &[
            "credit-standard",
            "assign",
            &id,
            "--year",
            "2016",
            "--title",
            "技师系列 - 副主任技师(副高)",
        ],
        0,
    );
    assert_eq!(out["code"], "SCJA4");
    assert_eq!(out["title_level"]["level"], "高级");
    assert_eq!(out["title_level"]["rank"], "副高");
    assert_eq!(out["region_level"], "市州级/二级以下医院");
    assert_eq!(out["region_source"], "org");
    assert_eq!(out["outcome"], "assigned");
    assert_eq!(out["standard"]["class_1"], 10.0);
    assert_eq!(out["standard"]["class_2"], 15.0);
    let text = env
        .run(&[
            "credit-standard",
            "assign",
            &id,
            "--year",
            "2016",
            "--title",
            "技师系列 - 副主任技师(副高)",
        ])
        .expect(0);
    assert!(text.stdout.contains("SCJA4") && text.stdout.contains("nothing changed"));
    assert!(text.stdout.contains("高级(副高)") && text.stdout.contains("C017"));
    let (code, title, level): (String, String, String) = env
        .db()
        .query_row(
            "SELECT s.code, m.title, m.title_level FROM member_standard m
             JOIN credit_standard s ON s.id = m.standard_id WHERE m.year = 2016",
            [],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
        )
        .unwrap();
    assert_eq!(
        (code.as_str(), title.as_str(), level.as_str()),
        ("SCJA4", "技师系列 - 副主任技师(副高)", "高级")
    );
    let item = env.items(&id).pop().unwrap();
    assert_eq!(item.after.as_deref(), Some("SCJA4"));
    // The recorded title (检验师, 初级) and an explicit region level.
    let out = env.json(
        &[
            "credit-standard",
            "assign",
            &id,
            "--year",
            "2016",
            "--region-level",
            "县级",
        ],
        0,
    );
    assert_eq!(out["code"], "SCJA9");
    assert_eq!(out["outcome"], "replaced");
    assert_eq!(out["previous"], "SCJA4");
    assert_eq!(out["region_source"], "option");
}

#[test]
fn assign_explains_what_it_cannot_do() {
    let env = Env::new();
    env.add_cme_org_in("C1", "无等级医院", "", "四川");
    env.add_org("H001", "华西医院");
    let id = nth_id(1);
    env.add_members("C1", &[member("张三", &id, "主治医师")]);
    // The institution has no region level: the member's 学分达标遵照 (市州级)
    // stands in.
    let out = env.json(&["credit-standard", "assign", &id, "--year", "2017"], 0);
    assert_eq!(out["code"], "SCJA5", "{out}");
    assert_eq!(out["region_source"], "registration");
    env.run(&["credit-standard", "unassign", &id, "--year", "2017"])
        .expect(0);
    // A member registered before 学分达标遵照 was kept has none.
    env.db()
        .execute("UPDATE account SET standard_region = NULL", [])
        .unwrap();
    let run = env
        .run(&["credit-standard", "assign", &id, "--year", "2017"])
        .expect(2);
    assert!(run.stderr.contains("--region-level"), "{}", run.stderr);
    let run = env
        .run(&[
            "credit-standard",
            "assign",
            &id,
            "--year",
            "2017",
            "--title",
            "院长",
            "--region-level",
            "县级",
        ])
        .expect(2);
    assert!(run.stderr.contains("unknown title"), "{}", run.stderr);
    let run = env
        .run(&[
            "credit-standard",
            "assign",
            &id,
            "--year",
            "2015",
            "--region-level",
            "县级",
        ])
        .expect(2);
    assert!(run.stderr.contains("2016"), "{}", run.stderr);
    let residents = vec![
        HEADER.iter().map(|s| s.to_string()).collect(),
        crate::common::resident("2019", "学员三", &nth_id(3), "13900000003"),
    ];
    env.import(&env.csv("r.csv", &residents), "H001", &[], 0);
    let run = env
        .run(&["credit-standard", "assign", &nth_id(3), "--year", "2017"])
        .expect(2);
    assert!(run.stderr.contains("not a CME member"), "{}", run.stderr);
    assert_eq!(env.count("SELECT count(*) FROM member_standard"), 0);
}

#[test]
fn assign_for_every_member_of_an_organisation() {
    let env = Env::new();
    env.add_cme_org_in("C1", "某三甲医院", "三级医院", "四川");
    let ids: Vec<String> = (1..=5).map(nth_id).collect();
    env.add_members(
        "C1",
        &[
            member("甲", &ids[0], "主任医师"),
            member("乙", &ids[1], "中医医师系列 - 中医主治医师 (中级)"),
            member("丙", &ids[2], "护士"),
            member("丁", &ids[3], "无职称"),
            member("戊", &ids[4], "院长"),
        ],
    );
    let out = env.json(
        &["credit-standard", "assign", "--org", "C1", "--year", "2017"],
        1,
    );
    assert_eq!(out["assigned"], 4);
    assert_eq!(out["by_code"]["SCJA1"], 1);
    assert_eq!(out["by_code"]["SCJA2"], 1);
    assert_eq!(out["by_code"]["SCJA3"], 2, "护士 and 无职称 follow 初级");
    assert_eq!(out["errors"][0]["id_number"], ids[4].as_str());
    assert!(
        out["errors"][0]["message"]
            .as_str()
            .unwrap()
            .contains("院长")
    );
    // Again: nothing changes.
    let out = env.json(
        &["credit-standard", "assign", "--org", "C1", "--year", "2017"],
        1,
    );
    assert_eq!(
        (out["assigned"].as_u64(), out["unchanged"].as_u64()),
        (Some(0), Some(4))
    );
    assert_eq!(env.count("SELECT count(*) FROM member_standard"), 4);
}

#[test]
fn a_province_imports_its_table_versioned_by_year() {
    let env = Env::new();
    // A new version of Sichuan's table, from 2020.
    let report = import_table(&env, &table("2020"), &["--province", "四川"], 0);
    assert_eq!(counts(&report), (12, 0, 0, 0));
    let in_2021 = env.json(&["credit-standard", "list", "--year", "2021"], 0);
    assert_eq!(in_2021.as_array().unwrap().len(), 12);
    assert_eq!(in_2021[0]["code"], "FJ1");
    assert_eq!(in_2021[0]["national_years"], 5);
    let in_2019 = env.json(&["credit-standard", "list", "--year", "2019"], 0);
    assert_eq!(in_2019[0]["code"], "SCJA1");
    // The same table again changes nothing.
    let report = import_table(&env, &table("2020"), &["--province", "四川"], 0);
    assert_eq!(counts(&report), (0, 0, 12, 0));
    assert_eq!(env.count("SELECT count(*) FROM credit_standard"), 22);
    // A member of 2021 follows FJ; of 2019, SCJA.
    env.add_cme_org_in("C1", "县医院", "县级", "四川");
    let id = nth_id(1);
    env.add_members("C1", &[member("张三", &id, "主管护师")]);
    let out = env.json(&["credit-standard", "assign", &id, "--year", "2021"], 0);
    assert_eq!(out["code"], "FJ8");
    let out = env.json(&["credit-standard", "assign", &id, "--year", "2019"], 0);
    assert_eq!(out["code"], "SCJA8");
    // Another table for 2020 needs --replace, and is refused while in use.
    let mut other = table("2020");
    other[1][6] = "9".into();
    let report = import_table(&env, &other, &["--province", "四川"], 1);
    assert!(errors(&report)[0].2.contains("--replace"), "{report}");
    let report = import_table(&env, &other, &["--province", "四川", "--replace"], 1);
    assert!(
        errors(&report)[0].2.contains("cannot be replaced"),
        "{report}"
    );
    assert_eq!(
        env.count("SELECT class_1 FROM credit_standard WHERE code = 'FJ1'"),
        100
    );
}

#[test]
fn replace_a_version_nobody_uses() {
    let env = Env::new();
    let mut other = table("2016");
    other[1][0] = "SC1".into();
    let report = import_table(&env, &other, &["--province", "四川"], 1);
    assert!(errors(&report)[0].2.contains("--replace"));
    let report = import_table(&env, &other, &["--province", "四川", "--replace"], 0);
    assert_eq!(report["imported"], 12);
    let list = env.json(&["credit-standard", "list", "--year", "2017"], 0);
    assert_eq!(list[0]["code"], "SC1");
    assert_eq!(
        env.count("SELECT count(*) FROM credit_standard WHERE code LIKE 'SCJA%'"),
        0
    );
}

#[test]
fn tables_with_gaps_overlaps_or_bad_values_are_refused_whole() {
    let env = Env::new();
    // A gap: no 县级 × 中级.
    let mut gap = table("2020");
    gap.remove(8);
    let report = import_table(&env, &gap, &["--province", "福建"], 1);
    assert_eq!(report["imported"], 0);
    assert_eq!(report["written"], false);
    let msg = &errors(&report)[0].2;
    assert!(msg.contains("gaps") && msg.contains("县级 × 中级"), "{msg}");
    // An overlap: a second 省级 × 高级, and an "all titles" row for 县级.
    let mut overlap = table("2020");
    let mut twice = overlap[1].clone();
    twice[0] = "FJX".into();
    overlap.push(twice);
    let mut all = overlap[7].clone();
    all[0] = "FJY".into();
    all[3] = "全部".into();
    overlap.push(all);
    let report = import_table(&env, &overlap, &["--province", "福建"], 1);
    let errs = errors(&report);
    assert!(
        errs.iter()
            .any(|(r, _, m)| *r == 14 && m.contains("overlaps FJ1 of row 2")),
        "{errs:#?}"
    );
    assert!(
        errs.iter()
            .any(|(r, _, m)| *r == 15 && m.contains("县级 × 高级")),
        "{errs:#?}"
    );
    // Bad values, row by row.
    let mut bad = table("2020");
    bad[1][4] = "-1".into();
    bad[2][3] = "特级".into();
    bad[3][5] = "0".into();
    bad[4][8] = "20".into();
    bad[5][2] = "村级".into();
    bad[6][0] = "FJ12".into();
    let report = import_table(&env, &bad, &["--province", "福建"], 1);
    let errs = errors(&report);
    let has = |row: u64, col: &str, text: &str| {
        assert!(
            errs.iter()
                .any(|(r, c, m)| *r == row && c == col && m.contains(text)),
            "row {row} {col} '{text}' not in {errs:#?}"
        )
    };
    has(2, "国家级I类学分", "between 0 and 100");
    has(3, "职称等级", "unknown title level '特级'");
    has(4, "国家级周期年数", "from 1 to 10");
    has(5, "总学分", "less than");
    has(6, "区域等级", "unknown region level '村级'");
    has(
        13,
        "编号",
        "appears twice in the standards of 2020 (also row 7)",
    );
    assert_eq!(env.count("SELECT count(*) FROM credit_standard"), 10);
    // Not the template at all.
    let file = env.csv("x.csv", &rows(&[&["编号", "名称"], &["A", "B"]]));
    env.run(&["credit-standard", "import", file.to_str().unwrap()])
        .expect(2);
}

/// C017 (市州级) with members 张三 (副主任技师, SCJA4 in 2017) and others.
fn check_world() -> (Env, String) {
    let env = Env::new();
    env.add_cme_org_in("C017", "成都市第三人民医院", "市州级", "四川");
    let id = nth_id(1);
    env.add_members(
        "C017",
        &[member("张三", &id, "技师系列 - 副主任技师(副高)")],
    );
    env.run(&[
        "credit-standard",
        "assign",
        "--org",
        "C017",
        "--year",
        "2017",
    ])
    .expect(0);
    (env, id)
}

fn member_result(report: &Value, id: &str) -> Value {
    report["members"]
        .as_array()
        .unwrap()
        .iter()
        .find(|m| m["id_number"] == id)
        .cloned()
        .unwrap_or_else(|| panic!("{id} not in {report}"))
}

#[test]
fn a_member_short_of_the_standard_and_one_who_meets_it() {
    let (env, id) = check_world();
    // The sample certificate's 2017: national 2.0, provincial class I 8.0, approved.
    let rows = vec![
        credit(
            &id,
            "张三",
            "201745123",
            "2.0",
            "国家级",
            "2017-10-17",
            "2017-10-17",
        ),
        credit(
            &id,
            "张三",
            "17-01-09040386",
            "2.0",
            "省I类",
            "2017-04-22",
            "2017-04-22",
        ),
        credit(
            &id,
            "张三",
            "17-01-09020369",
            "3.0",
            "省I类",
            "2017-07-21",
            "2017-07-23",
        ),
        credit(
            &id,
            "张三",
            "17-01-04050370",
            "3.0",
            "省I类",
            "2017-06-23",
            "2017-06-25",
        ),
    ];
    env.import_credits("c.csv", &rows, &["--approve"], 0);
    let report = env.json(&["credit-standard", "check", "--year", "2017"], 1);
    assert_eq!(report["checked"], 1);
    assert_eq!(report["short"], 1);
    let m = member_result(&report, &id);
    assert_eq!(m["code"], "SCJA4");
    assert_eq!(m["status"], "short");
    assert_eq!(m["window"], serde_json::json!([2012, 2017]));
    assert_eq!(
        m["required"],
        serde_json::json!({"national_1": 0.0, "class_1": 10.0, "class_2": 15.0, "total": 25.0})
    );
    // National class I counts as class I of the year: 2.0 + 8.0.
    assert_eq!(
        m["earned"],
        serde_json::json!({"national_1": 2.0, "class_1": 10.0, "class_2": 0.0, "total": 10.0})
    );
    assert_eq!(
        m["shortfall"],
        serde_json::json!({"national_1": 0.0, "class_1": 0.0, "class_2": 15.0, "total": 15.0})
    );
    let table = env
        .run(&["credit-standard", "check", "--year", "2017"])
        .expect(1);
    assert!(table.stdout.contains("张三") && table.stdout.contains("class II 15.0"));
    // Class II arrives: 15 more, and the standard is met.
    let more = vec![
        credit(
            &id,
            "张三",
            "II-1",
            "10",
            "II类",
            "2017-03-01",
            "2017-03-01",
        ),
        credit(&id, "张三", "II-2", "5", "Ⅱ类", "2017-05-01", "2017-05-01"),
    ];
    env.import_credits("d.csv", &more, &["--approve"], 0);
    let report = env.json(&["credit-standard", "check", &id, "--year", "2017"], 0);
    assert_eq!(member_result(&report, &id)["status"], "met");
    assert_eq!(report["met"], 1);
    let table = env
        .run(&["credit-standard", "check", "--year", "2017"])
        .expect(0);
    assert!(!table.stdout.contains("张三"), "only problems are listed");
    assert!(table.stdout.contains("met 1"), "{}", table.stdout);
}

#[test]
fn pending_and_rejected_credits_do_not_count() {
    let (env, id) = check_world();
    let rows = vec![
        credit(&id, "张三", "P1", "10", "省I类", "2017-03-01", "2017-03-01"),
        credit(&id, "张三", "P2", "15", "II类", "2017-03-01", "2017-03-01"),
    ];
    env.import_credits("c.csv", &rows, &[], 0);
    let report = env.json(&["credit-standard", "check", "--year", "2017"], 1);
    assert_eq!(member_result(&report, &id)["earned"]["total"], 0.0);
    env.run(&[
        "credit",
        "review",
        &env.credit_id("P1").to_string(),
        "--approve",
    ])
    .expect(0);
    env.run(&[
        "credit",
        "review",
        &env.credit_id("P2").to_string(),
        "--reject",
        "--reason",
        "无证明",
    ])
    .expect(0);
    let report = env.json(&["credit-standard", "check", "--year", "2017"], 1);
    let m = member_result(&report, &id);
    assert_eq!(m["earned"]["class_1"], 10.0);
    assert_eq!(m["earned"]["class_2"], 0.0);
    assert_eq!(m["shortfall"]["class_2"], 15.0);
}

#[test]
fn class_1_and_class_2_are_not_interchangeable_and_the_window_counts() {
    let env = Env::new();
    env.add_cme_org_in("C1", "某三甲医院", "省级", "四川");
    let (a, b) = (nth_id(1), nth_id(2));
    env.add_members(
        "C1",
        &[member("甲", &a, "主任医师"), member("乙", &b, "主任医师")],
    );
    env.run(&["credit-standard", "assign", "--org", "C1", "--year", "2016"])
        .expect(0);
    // 甲: 25 class II and nothing else in 2016; national credits of 2011 (in
    // the 2011–2016 window) and 2010 (outside it).
    let rows = vec![
        credit(&a, "甲", "A-II", "25", "II类", "2016-03-01", "2016-03-01"),
        credit(
            &a,
            "甲",
            "A-N11",
            "6",
            "国家级I类",
            "2011-03-01",
            "2011-03-01",
        ),
        credit(
            &a,
            "甲",
            "A-N10",
            "6",
            "国家级I类",
            "2010-03-01",
            "2010-03-01",
        ),
        // 乙: 25 class I of which 10 national; no class II.
        credit(
            &b,
            "乙",
            "B-N",
            "10",
            "国家级I类",
            "2016-03-01",
            "2016-03-01",
        ),
        credit(&b, "乙", "B-P", "15", "省级I类", "2016-05-01", "2016-05-01"),
    ];
    env.import_credits("c.csv", &rows, &["--approve"], 0);
    let report = env.json(&["credit-standard", "check", "--year", "2016"], 1);
    let ma = member_result(&report, &a);
    assert_eq!(ma["code"], "SCJA1");
    assert_eq!(ma["window"], serde_json::json!([2011, 2016]));
    assert_eq!(
        ma["earned"]["national_1"], 6.0,
        "2010 is outside the window"
    );
    assert_eq!(ma["shortfall"]["national_1"], 4.0);
    assert_eq!(
        ma["shortfall"]["class_1"], 10.0,
        "class II does not count as class I"
    );
    assert_eq!(ma["shortfall"]["class_2"], 0.0);
    let mb = member_result(&report, &b);
    assert_eq!(mb["earned"]["class_1"], 25.0);
    assert_eq!(
        mb["shortfall"]["class_2"], 15.0,
        "class I does not count as class II"
    );
    assert_eq!(mb["shortfall"]["total"], 0.0);
    assert_eq!(report["short"], 2);
}

#[test]
fn members_without_a_standard_or_an_approved_registration_are_reported() {
    let env = Env::new();
    env.add_cme_org_in("C1", "县医院", "县级", "四川");
    let (a, b, c, d) = (nth_id(1), nth_id(2), nth_id(3), nth_id(4));
    env.add_members("C1", &[member("甲", &a, "医师")]);
    let mut rows = vec![MEMBER_HEADER.iter().map(|s| s.to_string()).collect()];
    rows.push(member("乙", &b, "医师"));
    rows.push(member("丙", &c, "医师"));
    let mut no_cme = member("丁", &d, "医师");
    no_cme[6] = "否".into();
    rows.push(no_cme);
    env.import(&env.csv("p.csv", &rows), "C1", &["--role", "member"], 0);
    env.run(&[
        "account",
        "review",
        &c,
        "--reject",
        "--reason",
        "非本院职工",
    ])
    .expect(0);
    env.run(&["account", "review", &d, "--approve"]).expect(0);
    let report = env.json(
        &["credit-standard", "check", "--year", "2017", "--org", "C1"],
        1,
    );
    assert_eq!(report["checked"], 1);
    assert_eq!(report["no_standard"], 1);
    let m = member_result(&report, &a);
    assert_eq!(m["status"], "no_standard");
    assert_eq!(m["code"], Value::Null);
    assert_eq!(
        report["not_checked"],
        serde_json::json!({"pending_registration": 1, "rejected_registration": 1, "not_taking_cme": 1})
    );
    let run = env
        .run(&["credit-standard", "check", "--year", "2017"])
        .expect(1);
    assert!(run.stdout.contains("no standard"), "{}", run.stdout);
    assert!(
        run.stderr.contains("credit-standard assign"),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains("1 awaiting"), "{}", run.stderr);
    // An unknown member, or a resident: usage errors.
    env.run(&["credit-standard", "check", &nth_id(9), "--year", "2017"])
        .expect(2);
    let csv = env
        .run(&[
            "credit-standard",
            "check",
            "--year",
            "2017",
            "--format",
            "csv",
        ])
        .expect(1);
    assert!(csv.stdout.lines().count() == 2, "{}", csv.stdout);
}

// ------------------------------------------------ tables per province

/// Members of a county hospital in 四川 (C1) and one in 福建 (F1), both
/// 主管护师 (中级), with Fujian's table (FJ1–FJ12) from 2020.
fn two_provinces() -> (Env, String, String) {
    let env = Env::new();
    import_table(&env, &table("2020"), &["--province", "福建"], 0);
    env.add_cme_org_in("C1", "县医院", "县级", "四川");
    env.add_cme_org_in("F1", "某县医院", "县级", "35");
    let (sc, fj) = (nth_id(1), nth_id(2));
    env.add_members("C1", &[member("张三", &sc, "主管护师")]);
    env.add_members("F1", &[member("林四", &fj, "主管护师")]);
    (env, sc, fj)
}

#[test]
fn each_province_has_its_tables_and_a_member_follows_their_provinces() {
    let (env, sc, fj) = two_provinces();
    let fujian = env.json(&["credit-standard", "list", "--province", "福建"], 0);
    let fujian = fujian.as_array().unwrap();
    assert_eq!(fujian.len(), 12);
    assert!(fujian.iter().all(|s| s["province"] == "35"));
    let sichuan = env.json(&["credit-standard", "list", "--province", "51"], 0);
    assert_eq!(sichuan.as_array().unwrap().len(), 10);
    assert_eq!(sichuan[0]["province"], "51");
    let all = env.json(&["credit-standard", "list"], 0);
    assert_eq!(all.as_array().unwrap().len(), 22);
    // In 2021 each province's table in force: Sichuan's of 2016, Fujian's of 2020.
    let in_force = env.json(&["credit-standard", "list", "--year", "2021"], 0);
    assert_eq!(in_force.as_array().unwrap().len(), 22);
    let table = env
        .run(&["credit-standard", "list", "--province", "35"])
        .expect(0);
    assert!(table.stdout.contains("福建") && table.stdout.contains("FJ12"));
    env.run(&["credit-standard", "list", "--province", "火星"])
        .expect(2);

    // Each member gets the standard of their organisation's province.
    let a = env.json(&["credit-standard", "assign", &sc, "--year", "2021"], 0);
    assert_eq!(a["code"], "SCJA8");
    assert_eq!(a["standard"]["province"], "51");
    let b = env.json(&["credit-standard", "assign", &fj, "--year", "2021"], 0);
    assert_eq!(b["code"], "FJ8");
    assert_eq!(b["standard"]["province"], "35");
    let text = env
        .run(&["credit-standard", "assign", &fj, "--year", "2021"])
        .expect(0);
    assert!(
        text.stdout.contains("福建's table from 2020"),
        "{}",
        text.stdout
    );
    // Fujian's table applies from 2020 only; Sichuan's does not stand in.
    let run = env
        .run(&["credit-standard", "assign", &fj, "--year", "2019"])
        .expect(2);
    assert!(
        run.stderr
            .contains("no credit standards of 福建 apply in 2019")
            && run.stderr.contains("2020"),
        "{}",
        run.stderr
    );
    // Everyone at once: each from their own province's table.
    let bulk = env.json(&["credit-standard", "assign", "--all", "--year", "2022"], 0);
    assert_eq!(bulk["assigned"], 2);
    assert_eq!(bulk["by_code"]["SCJA8"], 1);
    assert_eq!(bulk["by_code"]["FJ8"], 1);
    assert_eq!(
        bulk["tables"],
        serde_json::json!([{"province": "35", "version": 2020}, {"province": "51", "version": 2016}])
    );
    // The check follows the standard assigned.
    let check = env.json(&["credit-standard", "check", "--year", "2022"], 1);
    assert_eq!(member_result(&check, &fj)["code"], "FJ8");
    assert_eq!(member_result(&check, &sc)["code"], "SCJA8");
}

#[test]
fn no_province_or_no_table_is_refused_saying_what_to_do() {
    let (env, sc, _) = two_provinces();
    // An organisation without a province.
    env.add_cme_org("C2", "无省份医院", "县级");
    let lost = nth_id(3);
    env.add_members("C2", &[member("王五", &lost, "医师")]);
    let run = env
        .run(&["credit-standard", "assign", &lost, "--year", "2021"])
        .expect(2);
    assert!(
        run.stderr.contains("has no province")
            && run.stderr.contains("org update --code C2 --province"),
        "{}",
        run.stderr
    );
    // A province without a table.
    env.add_cme_org_in("G1", "贵州某医院", "县级", "贵州");
    let gz = nth_id(4);
    env.add_members("G1", &[member("赵六", &gz, "医师")]);
    let run = env
        .run(&["credit-standard", "assign", &gz, "--year", "2021"])
        .expect(2);
    assert!(
        run.stderr
            .contains("贵州 (52) has no credit-standard table")
            && run
                .stderr
                .contains("credit-standard import FILE --province 52"),
        "{}",
        run.stderr
    );
    let run = env
        .run(&["credit-standard", "assign", "--org", "G1", "--year", "2021"])
        .expect(2);
    assert!(run.stderr.contains("--province 52"), "{}", run.stderr);
    // --all refuses before assigning anyone, naming both problems.
    let run = env
        .run(&["credit-standard", "assign", "--all", "--year", "2021"])
        .expect(2);
    assert!(
        run.stderr.contains("C2") && run.stderr.contains("52"),
        "{}",
        run.stderr
    );
    assert_eq!(env.count("SELECT count(*) FROM member_standard"), 0);
    // Once the organisation has a province, its members follow that table.
    env.run(&["org", "update", "--code", "C2", "--province", "四川"])
        .expect(0);
    let out = env.json(&["credit-standard", "assign", &lost, "--year", "2021"], 0);
    assert_eq!(out["code"], "SCJA9");
    let out = env.json(&["credit-standard", "assign", &sc, "--year", "2021"], 0);
    assert_eq!(out["code"], "SCJA8");
}

#[test]
fn import_takes_the_province_from_the_column_or_the_option_and_sichuan_only_by_its_codes() {
    let env = Env::with_database();
    // Neither: a table whose codes are not Sichuan's is refused, nothing written.
    let file = env.csv("std.csv", &table("2020"));
    let run = env
        .run(&["credit-standard", "import", file.to_str().unwrap()])
        .expect(2);
    assert!(run.stderr.contains("--province"), "{}", run.stderr);
    assert_eq!(env.count("SELECT count(*) FROM credit_standard"), 10);
    // Sichuan's codes: a new version of Sichuan's table.
    let mut sichuan = table("2021");
    for (i, row) in sichuan.iter_mut().enumerate().skip(1) {
        row[0] = format!("SCJA{}", 10 + i);
    }
    let report = import_table(&env, &sichuan, &[], 0);
    assert_eq!(report["imported"], 12);
    assert_eq!(
        env.count(
            "SELECT count(*) FROM credit_standard WHERE province = '51' AND from_year = 2021"
        ),
        12
    );
    // The 省份 column: the same codes and year for two provinces are two tables.
    let with_column = |province: &str| {
        let mut rows = table("2020");
        rows[0].push("省份".into());
        for row in rows.iter_mut().skip(1) {
            row.push(province.into());
        }
        rows
    };
    let report = import_table(&env, &with_column("福建省"), &[], 0);
    assert_eq!(report["imported"], 12);
    let report = import_table(&env, &with_column("52"), &["--province", "贵州"], 0);
    assert_eq!(report["imported"], 12);
    assert_eq!(
        env.count("SELECT count(*) FROM credit_standard WHERE code = 'FJ1' AND from_year = 2020"),
        2
    );
    // A row naming another province than --province is refused.
    let mut mixed = with_column("");
    mixed[3][10] = "西藏".into();
    let report = import_table(&env, &mixed, &["--province", "53"], 1);
    let errs = errors(&report);
    assert!(
        errs.iter().any(|(r, c, m)| *r == 4
            && c == "省份"
            && m.contains("the province 西藏 differs from --province 云南")),
        "{errs:#?}"
    );
    let mut unknown = with_column("");
    unknown[2][10] = "火星".into();
    let report = import_table(&env, &unknown, &["--province", "53"], 1);
    assert!(
        errors(&report)[0].2.contains("unknown province"),
        "{report}"
    );
    assert_eq!(
        env.count("SELECT count(*) FROM credit_standard WHERE province = '53'"),
        0
    );
    env.run(&[
        "credit-standard",
        "import",
        file.to_str().unwrap(),
        "--province",
        "火星",
    ])
    .expect(2);
}

#[test]
fn a_members_standards_are_looked_up_and_removed() {
    let env = Env::new();
    env.add_cme_org_in("C017", "成都市第三人民医院", "市州级", "四川");
    let id = nth_id(1);
    env.add_members(
        "C017",
        &[member("张三", &id, "技师系列 - 副主任技师(副高)")],
    );
    let none = env.json(&["credit-standard", "list", &id], 0);
    assert_eq!(none, serde_json::json!([]));
    for year in ["2016", "2017"] {
        env.run(&["credit-standard", "assign", &id, "--year", year])
            .expect(0);
    }
    let mine = env.json(&["credit-standard", "list", &id], 0);
    let years: Vec<(i64, &str)> = mine
        .as_array()
        .unwrap()
        .iter()
        .map(|s| (s["year"].as_i64().unwrap(), s["code"].as_str().unwrap()))
        .collect();
    assert_eq!(years, vec![(2016, "SCJA4"), (2017, "SCJA4")]);
    assert_eq!(mine[0]["title_level"], "高级");
    assert_eq!(mine[0]["region_level"], "市州级/二级以下医院");
    assert_eq!(mine[0]["standard"]["class_2"], 15.0);
    let one = env.json(&["credit-standard", "list", &id, "--year", "2017"], 0);
    assert_eq!(one.as_array().unwrap().len(), 1);
    let table = env.run(&["credit-standard", "list", &id]).expect(0);
    assert!(table.stdout.contains("SCJA4") && table.stdout.contains("2017"));
    // account show lists them, keeping its other fields.
    let shown = env.json(&["account", "show", &id], 0);
    assert_eq!(shown["standards"].as_array().unwrap().len(), 2);
    assert_eq!(shown["standards"][1]["code"], "SCJA4");
    for key in [
        "id_number",
        "id_type",
        "name",
        "phone",
        "org",
        "role",
        "password_state",
        "history",
    ] {
        assert!(shown.get(key).is_some(), "{key} in {shown}");
    }
    let text = env.run(&["account", "show", &id]).expect(0);
    assert!(text.stdout.contains("2017 SCJA4"), "{}", text.stdout);

    // Removing one year's standard, logged.
    let removed = env.json(&["credit-standard", "unassign", &id, "--year", "2017"], 0);
    assert_eq!(removed["removed"], "SCJA4");
    let mine = env.json(&["credit-standard", "list", &id], 0);
    assert_eq!(mine.as_array().unwrap().len(), 1);
    let item = env.items(&id).pop().unwrap();
    assert_eq!(
        (
            item.action.as_str(),
            item.before.as_deref(),
            item.after.as_deref()
        ),
        ("unassign", Some("SCJA4"), None)
    );
    let check = env.json(&["credit-standard", "check", &id, "--year", "2017"], 1);
    assert_eq!(member_result(&check, &id)["status"], "no_standard");
    // Nothing to remove: exit 1, nothing logged; not a member: exit 2.
    let changes = env.change_sets();
    let run = env
        .run(&["credit-standard", "unassign", &id, "--year", "2017"])
        .expect(1);
    assert!(
        run.stderr.contains("has no standard for 2017"),
        "{}",
        run.stderr
    );
    assert_eq!(env.change_sets(), changes);
    env.run(&["credit-standard", "unassign", &nth_id(9), "--year", "2017"])
        .expect(2);
    env.run(&["credit-standard", "list", &nth_id(9)]).expect(2);
    // A resident's account show has no standards.
    env.add_org("H001", "华西医院");
    let residents = vec![
        HEADER.iter().map(|s| s.to_string()).collect(),
        crate::common::resident("2019", "学员三", &nth_id(3), "13900000003"),
    ];
    env.import(&env.csv("r.csv", &residents), "H001", &[], 0);
    let shown = env.json(&["account", "show", &nth_id(3)], 0);
    assert!(shown.get("standards").is_none(), "{shown}");
}
