//! `org add` and `org list`.

use crate::common::*;

fn add(env: &Env, extra: &[&str]) -> Run {
    let mut args = vec!["org", "add"];
    args.extend_from_slice(extra);
    args.extend(["--format", "json"]);
    env.run(&args)
}

#[test]
fn add_creates_the_organisation_with_province_code_and_logs_it() {
    let env = Env::new();
    let out = add(
        &env,
        &[
            "--code",
            "H001",
            "--name",
            "四川大学华西医院",
            "--province",
            "四川省",
            "--kind",
            "cme",
            "--region-level",
            "三级医院",
        ],
    )
    .expect(0)
    .json();
    assert_eq!(out["result"], "created");
    assert_eq!(out["code"], "H001");
    assert_eq!(out["province"], "51");
    assert_eq!(out["kind"], "cme");
    assert_eq!(out["region_level"], "省级/三级医院");

    let (name, province, kind, level): (String, String, String, String) = env
        .db()
        .query_row(
            "SELECT name, province, kind, region_level FROM org WHERE code = 'H001'",
            [],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)),
        )
        .unwrap();
    assert_eq!(
        (
            name.as_str(),
            province.as_str(),
            kind.as_str(),
            level.as_str()
        ),
        ("四川大学华西医院", "51", "cme", "省级/三级医院")
    );
    assert_eq!(env.change_sets(), 1);
    let items = env.items("H001");
    assert_eq!(items.len(), 1);
    assert_eq!(
        (items[0].entity.as_str(), items[0].action.as_str()),
        ("org", "create")
    );
}

#[test]
fn province_by_code_short_or_full_name_is_stored_as_the_code() {
    let env = Env::new();
    for (code, province) in [
        ("A", "51"),
        ("B", "广西"),
        ("C", "广西壮族自治区"),
        ("D", "510000"),
    ] {
        add(
            &env,
            &["--code", code, "--name", "某医院", "--province", province],
        )
        .expect(0);
    }
    let provinces: Vec<String> = env
        .db()
        .prepare("SELECT province FROM org ORDER BY code")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .map(Result::unwrap)
        .collect();
    assert_eq!(provinces, ["51", "45", "45", "51"]);
}

#[test]
fn re_adding_with_the_same_details_succeeds_and_changes_nothing() {
    let env = Env::new();
    let args = ["--code", "H001", "--name", "华西医院", "--province", "51"];
    add(&env, &args).expect(0);
    let sets = env.change_sets();
    // The same details, spelt differently (short name for the code, blanks).
    let again = add(
        &env,
        &[
            "--code",
            " H001 ",
            "--name",
            "华西医院 ",
            "--province",
            "四川",
        ],
    )
    .expect(0)
    .json();
    assert_eq!(again["result"], "unchanged");
    assert_eq!(env.count("SELECT count(*) FROM org"), 1);
    assert_eq!(env.change_sets(), sets, "an unchanged re-add logs nothing");
}

#[test]
fn re_adding_with_other_details_is_refused_and_keeps_the_old_ones() {
    let env = Env::new();
    add(
        &env,
        &["--code", "H001", "--name", "华西医院", "--province", "四川"],
    )
    .expect(0);
    for other in [
        ["--code", "H001", "--name", "别的医院", "--province", "四川"],
        ["--code", "H001", "--name", "华西医院", "--province", "北京"],
    ] {
        let run = add(&env, &other).expect(2);
        assert!(run.stderr.contains("H001"), "{}", run.stderr);
        assert!(run.stderr.contains("other details"), "{}", run.stderr);
        assert!(run.stdout.is_empty());
    }
    let (name, province): (String, String) = env
        .db()
        .query_row("SELECT name, province FROM org", [], |r| {
            Ok((r.get(0)?, r.get(1)?))
        })
        .unwrap();
    assert_eq!((name.as_str(), province.as_str()), ("华西医院", "51"));
    assert_eq!(env.change_sets(), 1);
}

#[test]
fn unknown_province_is_refused() {
    let env = Env::new();
    for p in ["火星", "99", "5"] {
        let run = add(&env, &["--code", "X", "--name", "某医院", "--province", p]).expect(2);
        assert!(
            run.stderr.contains("unknown province"),
            "{p}: {}",
            run.stderr
        );
    }
    assert_eq!(env.count_if_any("SELECT count(*) FROM org"), 0);
}

#[test]
fn unknown_region_level_is_refused_and_lists_the_levels() {
    let env = Env::new();
    let run = add(
        &env,
        &[
            "--code",
            "X",
            "--name",
            "某医院",
            "--kind",
            "cme",
            "--region-level",
            "村级",
        ],
    )
    .expect(2);
    assert!(run.stderr.contains("村级"), "{}", run.stderr);
    assert!(run.stderr.contains("乡镇卫生院"), "{}", run.stderr);
    assert_eq!(env.count_if_any("SELECT count(*) FROM org"), 0);
    // And a known one by another name works.
    add(
        &env,
        &[
            "--code",
            "X",
            "--name",
            "某医院",
            "--kind",
            "cme",
            "--region-level",
            "乡镇",
        ],
    )
    .expect(0);
    assert_eq!(
        env.count("SELECT count(*) FROM org WHERE region_level = '乡镇卫生院'"),
        1
    );
}

#[test]
fn bad_codes_and_empty_names_are_usage_errors() {
    let env = Env::new();
    add(&env, &["--code", "H 1", "--name", "某医院"]).expect(2);
    add(&env, &["--code", "", "--name", "某医院"]).expect(2);
    add(&env, &["--code", "H1", "--name", "  "]).expect(2);
    add(
        &env,
        &["--code", "H1", "--name", "某医院", "--kind", "hospital"],
    )
    .expect(2);
    assert_eq!(env.count_if_any("SELECT count(*) FROM org"), 0);
}

#[test]
fn list_as_json_has_code_name_and_account_counts() {
    let env = Env::with_base();
    env.add_org("H002", "成都市第三人民医院");
    let file = env.csv("r.csv", &roster(2));
    env.import(&file, "H002", &[], 0);

    let list = env.json(&["org", "list"], 0);
    let list = list.as_array().expect("an array");
    assert_eq!(list.len(), 2);
    assert_eq!(list[0]["code"], "H001");
    assert_eq!(list[0]["name"], "四川大学华西医院");
    assert_eq!(list[0]["province"], "51");
    assert_eq!(list[0]["kind"], "base");
    assert_eq!(list[0]["accounts"], 0);
    assert_eq!(list[1]["code"], "H002");
    assert_eq!(list[1]["accounts"], 2);
}

#[test]
fn list_as_table_and_csv() {
    let env = Env::with_base();
    let table = env.run(&["org", "list"]).expect(0);
    assert!(table.stdout.contains("H001"), "{}", table.stdout);
    assert!(table.stdout.contains("四川大学华西医院"));
    let csv = env.run(&["org", "list", "--format", "csv"]).expect(0);
    // With a byte-order mark, so that Excel on Chinese Windows reads UTF-8.
    assert!(csv.stdout.starts_with('\u{FEFF}'), "{:?}", csv.stdout);
    let rows = csv_reader_rows(csv.stdout.trim_start_matches('\u{FEFF}'));
    assert_eq!(rows[0][0], "Code");
    assert_eq!(rows[1][..3], ["H001", "四川大学华西医院", "四川"]);
}

#[test]
fn empty_list_is_an_empty_array() {
    let env = Env::with_database();
    assert_eq!(env.json(&["org", "list"], 0), serde_json::json!([]));
}

fn csv_reader_rows(text: &str) -> Vec<Vec<String>> {
    csv::ReaderBuilder::new()
        .has_headers(false)
        .from_reader(text.as_bytes())
        .records()
        .map(|r| r.unwrap().iter().map(str::to_owned).collect())
        .collect()
}

#[test]
fn update_changes_name_province_and_region_level_and_logs_each() {
    let env = Env::new();
    env.run(&[
        "org", "add", "--code", "C017", "--name", "三院", "--kind", "cme",
    ])
    .expect(0);
    let v = env.json(
        &[
            "org",
            "update",
            "--code",
            "C017",
            "--province",
            "四川省",
            "--region-level",
            "市州级",
            "--name",
            "成都市第三人民医院",
        ],
        0,
    );
    assert_eq!(v["changed"], 3);
    assert_eq!(v["province"], "51");
    assert_eq!(v["region_level"], "市州级/二级以下医院");
    let items = env.items("C017");
    let fields: Vec<_> = items.iter().filter_map(|i| i.field.clone()).collect();
    assert_eq!(fields, vec!["名称", "省份", "区域等级"]);
    assert_eq!(
        items
            .iter()
            .find(|i| i.field.as_deref() == Some("名称"))
            .unwrap()
            .before
            .as_deref(),
        Some("三院")
    );
    // Nothing to change, an unknown organisation, an unknown province.
    assert_eq!(
        env.json(&["org", "update", "--code", "C017", "--province", "51"], 0)["changed"],
        0
    );
    env.run(&["org", "update", "--code", "NOPE", "--province", "51"])
        .expect(2);
    env.run(&["org", "update", "--code", "C017", "--province", "火星"])
        .expect(2);
    assert_eq!(
        env.count("SELECT count(*) FROM org WHERE province = '51'"),
        1
    );
}
