//! Teachers (师资, docs/domain.md#teachers): the registry, the evidence,
//! the four eligibility rules at their boundary dates, the recommendation
//! with its override, the yearly roster, and what each refuses.

use serde_json::Value;

use crate::common::*;

/// The 师资信息 header, in the template's order.
pub const TEACHER_HEADER: [&str; 26] = [
    "姓名",
    "身份证件类别",
    "证件号码",
    "性别",
    "出生日期",
    "民族",
    "健康状况",
    "证件扫描件",
    "头像照片",
    "是否获得医师资格证书",
    "取得证书时间",
    "执业资格级别",
    "执业资格类别",
    "医师资格证书编码",
    "医师资格证书扫描件",
    "手机号",
    "电子邮箱",
    "最高学历",
    "科室",
    "技术职称",
    "取得中级职称时间",
    "执业医师证号",
    "带教任职时间",
    "师资级别",
    "师资培训证书级别",
    "取得师资培训证书时间",
];

/// The 师资记录 header.
pub const EVENT_HEADER: [&str; 8] = [
    "证件号码",
    "类别",
    "日期",
    "年度",
    "责任程度",
    "等级",
    "结果",
    "说明",
];

/// Teacher number `n`'s ID number (born 1980).
pub fn tid(n: u32) -> String {
    id("510104", "19800101", n)
}

/// A good 师资信息 row, its form complete: 主治医师 of `department` since
/// `title_on`, with the images of `Env::photos`.
pub fn teacher(n: u32, department: &str, title_on: &str) -> Vec<String> {
    let id = tid(n);
    let name = format!("师资{}", chinese_number(n));
    [
        name.as_str(),
        "居民身份证",
        &id,
        "",
        "",
        "汉族",
        "健康或良好",
        "photos/id-front.jpg",
        "photos/portrait.jpg",
        "是",
        "2005-12",
        "执业医师",
        "临床",
        &format!("200551110{id}"),
        "photos/scan.jpg",
        &format!("1370000{n:04}"),
        &format!("t{n}@example.cn"),
        "本科",
        department,
        "主治医师",
        title_on,
        &format!("{:015}", 110_510_000_000_000u64 + u64::from(n)),
        "2018-09",
        "一般",
        "",
        "",
    ]
    .iter()
    .map(|s| s.to_string())
    .collect()
}

/// Sets the value of a column of a teacher row, by its header.
pub fn with(mut row: Vec<String>, label: &str, value: &str) -> Vec<String> {
    let i = TEACHER_HEADER
        .iter()
        .position(|h| *h == label)
        .unwrap_or_else(|| panic!("no column {label}"));
    row[i] = value.to_owned();
    row
}

/// `teacher import` of these rows at `org`, expecting `code`.
pub fn import_teachers(
    env: &Env,
    org: &str,
    teachers: &[Vec<String>],
    extra: &[&str],
    code: i32,
) -> Value {
    if !env.path("photos/portrait.jpg").exists() {
        env.photos();
    }
    let mut rows = vec![TEACHER_HEADER.iter().map(|s| s.to_string()).collect()];
    rows.extend_from_slice(teachers);
    let file = env.csv(&format!("teachers-{org}.csv"), &rows);
    let mut args = vec!["teacher", "import", file.to_str().unwrap(), "--org", org];
    args.extend_from_slice(extra);
    env.json(&args, code)
}

/// The batch teachers apply in for `year` in these tests.
pub fn batch_of(year: &str) -> String {
    format!("{year}年度住院医师师资")
}

/// The teachers `ids` apply for `year` (in [`batch_of`] it, set up when
/// missing), expecting `code`.
pub fn apply(env: &Env, year: &str, ids: &[String], code: i32) -> Value {
    let batch = batch_of(year);
    env.run(&["teacher", "batch", "add", &batch, "--year", year])
        .expect(0);
    let mut args = vec!["teacher", "apply", "--batch", &batch];
    args.extend(ids.iter().map(String::as_str));
    env.json(&args, code)
}

/// The teachers `ids` apply for `year` and are decided on with `extra`
/// (`--recommend`, `--reject --reason …`), expecting `code` of the review.
pub fn decide(env: &Env, year: &str, ids: &[String], extra: &[&str], code: i32) -> Value {
    apply(env, year, ids, 0);
    let mut args = vec!["teacher", "review", "--year", year];
    args.extend(ids.iter().map(String::as_str));
    args.extend_from_slice(extra);
    env.json(&args, code)
}

/// An event row: ID number, kind, date, year, grade (put in the kind's column).
pub fn event(id: &str, kind: &str, date: &str, year: &str, grade: &str) -> Vec<String> {
    let mut row = vec![
        id.to_owned(),
        kind.to_owned(),
        date.to_owned(),
        year.to_owned(),
        String::new(),
        String::new(),
        String::new(),
        String::new(),
    ];
    let col = match kind {
        "医疗损害事件" => 4,
        "教学事故" => 5,
        _ => 6,
    };
    row[col] = grade.to_owned();
    row
}

/// `teacher events import` of these rows at H001, expecting `code`.
pub fn import_events(env: &Env, name: &str, events: &[Vec<String>], code: i32) -> Value {
    let mut rows = vec![EVENT_HEADER.iter().map(|s| s.to_string()).collect()];
    rows.extend_from_slice(events);
    let file = env.csv(name, &rows);
    env.json(
        &[
            "teacher",
            "events",
            "import",
            file.to_str().unwrap(),
            "--org",
            "H001",
        ],
        code,
    )
}

/// `teacher check --org H001` with `args`, as JSON, expecting `code`.
fn check(env: &Env, args: &[&str], code: i32) -> Value {
    let mut all = vec!["teacher", "check", "--org", "H001"];
    all.extend_from_slice(args);
    env.json(&all, code)
}

/// One teacher's result in a check.
fn of<'a>(report: &'a Value, id: &str) -> &'a Value {
    report["teachers"]
        .as_array()
        .unwrap()
        .iter()
        .find(|t| t["id_number"] == id)
        .unwrap_or_else(|| panic!("{id} not in {report}"))
}

/// The rules a teacher failed.
fn failed(t: &Value) -> Vec<String> {
    t["reasons"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["rule"].as_str().unwrap().to_owned())
        .collect()
}

/// A base H001 with teachers 1..=n of 心内科, 主治医师 since 2015.
pub fn world(n: u32) -> Env {
    let env = Env::with_base();
    let rows: Vec<Vec<String>> = (1..=n)
        .map(|i| teacher(i, "心内科", "2015-07-01"))
        .collect();
    let r = import_teachers(&env, "H001", &rows, &[], 0);
    assert_eq!(r["imported"], n, "{r}");
    env
}

#[test]
fn import_creates_teacher_accounts_with_their_details() {
    let env = Env::with_base();
    let r = import_teachers(
        &env,
        "H001",
        &[
            teacher(1, "心内科", "2019-07-01"),
            with(
                with(
                    with(teacher(2, "普外科", "2012-01-01"), "师资级别", "骨干师资"),
                    "师资培训证书级别",
                    "省级",
                ),
                "取得师资培训证书时间",
                "2020-05",
            ),
        ],
        &[],
        0,
    );
    assert_eq!(counts(&r), (2, 0, 0, 0), "{r}");
    let a = env.account(&tid(1));
    assert_eq!(a.role, "teacher");
    assert_eq!(a.org, "H001");
    assert_eq!(a.department.as_deref(), Some("心内科"));
    assert_eq!(a.title.as_deref(), Some("主治医师"));
    let conn = env.db();
    let (sex, birth, title_on, practice, level, training): (
        String,
        String,
        String,
        String,
        String,
        Option<String>,
    ) = conn
        .query_row(
            "SELECT t.sex, t.birth_date, t.title_on, t.practice_no, t.level, t.training_level
             FROM teacher t JOIN account a ON a.id = t.account_id WHERE a.id_number = ?1",
            [tid(1)],
            |r| {
                Ok((
                    r.get(0)?,
                    r.get(1)?,
                    r.get(2)?,
                    r.get(3)?,
                    r.get(4)?,
                    r.get(5)?,
                ))
            },
        )
        .unwrap();
    // 性别 and 出生日期 come from the ID number when left empty.
    assert_eq!((sex.as_str(), birth.as_str()), ("男", "1980-01-01"));
    assert_eq!(title_on, "2019-07-01");
    assert_eq!(practice, "110510000000001");
    assert_eq!((level.as_str(), training), ("一般", None));
    let level: String = conn
        .query_row(
            "SELECT level FROM teacher t JOIN account a ON a.id = t.account_id
             WHERE a.id_number = ?1",
            [tid(2)],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(level, "骨干");
}

#[test]
fn import_refuses_each_bad_row_with_its_reason() {
    let env = Env::with_base();
    let someone_else = tid(99);
    let rows = vec![
        teacher(1, "心内科", "2019-07-01"),
        // Row 3: a wrong check character.
        with(
            teacher(2, "心内科", "2019-07-01"),
            "证件号码",
            "510104198001010020",
        ),
        // Row 4: someone else's 医师资格证书.
        with(
            teacher(3, "心内科", "2019-07-01"),
            "医师资格证书编码",
            &format!("200551110{someone_else}"),
        ),
        // Row 5: 执业医师证号 of 14 digits.
        with(
            teacher(4, "心内科", "2019-07-01"),
            "执业医师证号",
            "11051000000000",
        ),
        // Row 6: 骨干 with a 市级 certificate only.
        with(
            with(
                with(teacher(5, "心内科", "2019-07-01"), "师资级别", "骨干"),
                "师资培训证书级别",
                "市级",
            ),
            "取得师资培训证书时间",
            "2020-05",
        ),
        // Row 7: 骨干 with no certificate at all.
        with(teacher(6, "心内科", "2019-07-01"), "师资级别", "骨干"),
        // Row 8: a 中级 title without its date.
        teacher(7, "心内科", ""),
        // Row 9: an unknown level, and a date in the future.
        with(
            with(teacher(8, "心内科", "2099-01-01"), "师资级别", "特级"),
            "最高学历",
            "博士后",
        ),
        // Row 10: 性别 against the ID number.
        with(teacher(9, "心内科", "2019-07-01"), "性别", "女"),
        // Row 11: the same person as row 2.
        teacher(1, "心内科", "2019-07-01"),
        // Row 12: 是 without the certificate's number.
        with(teacher(10, "心内科", "2019-07-01"), "医师资格证书编码", ""),
        // Row 13: a 初级 title with a 中级 date.
        with(teacher(11, "心内科", "2019-07-01"), "技术职称", "医师"),
    ];
    let r = import_teachers(&env, "H001", &rows, &[], 1);
    assert_eq!(counts(&r), (1, 0, 0, 11), "{r}");
    let e = errors(&r);
    let at = |row: u64, column: &str, text: &str| {
        assert!(
            e.iter()
                .any(|(r, c, m)| *r == row && c == column && m.contains(text)),
            "row {row} {column}: '{text}' not in {e:#?}"
        );
    };
    at(3, "证件号码", "check character");
    at(
        4,
        "医师资格证书编码",
        "must end with the holder's ID number",
    );
    at(5, "执业医师证号", "must be 15 digits");
    at(6, "师资级别", "省级 or 国家级");
    at(6, "师资级别", "this row: 市级");
    at(7, "师资级别", "this row: 无");
    at(8, "取得中级职称时间", "is required");
    at(9, "师资级别", "unknown 师资级别");
    at(9, "最高学历", "unknown 学历层次");
    at(9, "取得中级职称时间", "in the future");
    at(10, "性别", "differs from the ID number");
    at(11, "证件号码", "the same ID number as row 2");
    at(12, "医师资格证书编码", "is required");
    at(13, "取得中级职称时间", "must be empty");
    assert_eq!(env.count("SELECT count(*) FROM teacher"), 1);
}

#[test]
fn importing_again_skips_and_update_changes_and_logs() {
    let env = world(1);
    let again = import_teachers(&env, "H001", &[teacher(1, "心内科", "2015-07-01")], &[], 0);
    assert_eq!(counts(&again), (0, 0, 1, 0), "{again}");
    assert!(again["notes"].as_array().unwrap().is_empty());
    let moved = with(teacher(1, "心内科", "2015-07-01"), "手机号", "13911112222");
    let r = import_teachers(&env, "H001", std::slice::from_ref(&moved), &[], 0);
    assert_eq!(counts(&r), (0, 0, 1, 0));
    assert!(
        r["notes"][0]["message"]
            .as_str()
            .unwrap()
            .contains("use --update"),
        "{r}"
    );
    let r = import_teachers(&env, "H001", &[moved], &["--update"], 0);
    assert_eq!(counts(&r), (0, 1, 0, 0), "{r}");
    assert_eq!(env.account(&tid(1)).phone.as_deref(), Some("13911112222"));
    let items = env.items(&tid(1));
    assert!(
        items.iter().any(|i| i.entity == "teacher"
            && i.field.as_deref() == Some("手机号")
            && i.after.as_deref() == Some("13911112222")),
        "{items:?}"
    );
}

#[test]
fn dry_run_strict_and_bad_input_write_nothing() {
    let env = Env::with_base();
    let rows = [
        teacher(1, "心内科", "2015-07-01"),
        with(teacher(2, "心内科", "2015-07-01"), "执业医师证号", "1"),
    ];
    let r = import_teachers(&env, "H001", &rows, &["--dry-run"], 1);
    assert_eq!(r["written"], false);
    let r = import_teachers(&env, "H001", &rows, &["--strict"], 1);
    assert_eq!(r["written"], false);
    assert_eq!(env.count("SELECT count(*) FROM account"), 0);
    // An unknown organisation: a usage error, nothing written.
    let file = env.csv(
        "t.csv",
        &[TEACHER_HEADER.iter().map(|s| s.to_string()).collect()],
    );
    let run = env.run(&["teacher", "import", file.to_str().unwrap(), "--org", "NOPE"]);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr.contains("no organisation with code NOPE"),
        "{}",
        run.stderr
    );
    // Not the teachers' template.
    let other = env.csv("x.csv", &rows_of(&[&["姓名", "电话"], &["张三", "1"]]));
    let run = env.run(&[
        "teacher",
        "import",
        other.to_str().unwrap(),
        "--org",
        "H001",
    ]);
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("证件号码"), "{}", run.stderr);
    assert_eq!(
        env.count("SELECT count(*) FROM change_set WHERE command LIKE '%teacher%'"),
        0
    );
}

fn rows_of(r: &[&[&str]]) -> Vec<Vec<String>> {
    rows(r)
}

#[test]
fn a_teacher_of_another_organisation_or_a_resident_is_refused() {
    let env = Env::with_base();
    env.add_org("H002", "另一基地");
    import_teachers(&env, "H002", &[teacher(5, "心内科", "2015-07-01")], &[], 0);
    let resident = nth_id(1);
    env.residents("H001", std::slice::from_ref(&resident));
    let r = import_teachers(
        &env,
        "H001",
        &[
            teacher(5, "心内科", "2015-07-01"),
            with(
                with(teacher(6, "心内科", "2015-07-01"), "证件号码", &resident),
                "医师资格证书编码",
                &format!("200551110{resident}"),
            ),
        ],
        &[],
        1,
    );
    let e = errors(&r);
    assert!(e[0].2.contains("teacher of 另一基地 (H002)"), "{e:?}");
    assert!(e[1].2.contains("住院医师 account"), "{e:?}");
    // Events and checks name the other organisation too.
    let ev = import_events(
        &env,
        "e.csv",
        &[event(&tid(5), "教学事故", "2023-01-01", "", "严重")],
        1,
    );
    assert!(
        errors(&ev)[0].2.contains("not of H001"),
        "{}",
        errors(&ev)[0].2
    );
    let c = check(&env, &["--year", "2024", &tid(5), &resident], 1);
    assert_eq!(c["checked"], 0);
    let msgs: Vec<&str> = c["errors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["message"].as_str().unwrap())
        .collect();
    assert!(msgs[0].contains("not of H001"), "{msgs:?}");
    assert!(msgs[1].contains("not a teacher"), "{msgs:?}");
}

#[test]
fn exactly_three_years_after_the_title_is_eligible() {
    let env = Env::with_base();
    import_teachers(
        &env,
        "H001",
        &[
            teacher(1, "心内科", "2021-01-01"),
            teacher(2, "心内科", "2021-01-02"),
        ],
        &[],
        0,
    );
    // --year 2024 judges at 1 January 2024.
    let r = check(&env, &["--year", "2024"], 1);
    assert_eq!(r["as_of"], "2024-01-01");
    assert_eq!(
        (r["checked"].as_u64(), r["eligible"].as_u64()),
        (Some(2), Some(1))
    );
    let ok = of(&r, &tid(1));
    assert_eq!(ok["eligible"], true);
    assert_eq!(ok["eligible_from"], Value::Null);
    let short = of(&r, &tid(2));
    assert_eq!(short["eligible"], false);
    assert_eq!(failed(short), ["title"]);
    assert_eq!(short["eligible_from"], "2024-01-02");
    let title = &short["rules"][0];
    assert_eq!(title["evidence"]["title_date"], "2021-01-02");
    assert_eq!(title["evidence"]["completes_on"], "2024-01-02");
    // A day later, both are.
    let r = check(&env, &["--as-of", "2024-01-02"], 0);
    assert_eq!(r["not_eligible"], 0);
}

#[test]
fn an_incident_three_years_and_a_day_ago_no_longer_counts() {
    let env = world(6);
    import_events(
        &env,
        "e.csv",
        &[
            // Exactly 3 years before 2024-01-01: counts.
            event(&tid(1), "医疗损害事件", "2021-01-01", "", "主要"),
            // 3 years and one day before: no longer counts.
            event(&tid(2), "医疗损害事件", "2020-12-31", "", "完全"),
            // Minor responsibility never counts.
            event(&tid(3), "医疗损害事件", "2023-06-01", "", "次要责任"),
            // A serious teaching accident counts; an ordinary one does not.
            event(&tid(4), "教学事故", "2022-06-01", "", "严重"),
            event(&tid(5), "教学事故", "2023-06-01", "", "一般"),
            // After the date judged at: not held against the teacher then.
            event(&tid(6), "医疗损害事件", "2024-01-02", "", "主要"),
        ],
        0,
    );
    let r = check(&env, &["--as-of", "2024-01-01"], 1);
    let t1 = of(&r, &tid(1));
    assert_eq!(failed(t1), ["medical_incident"]);
    assert_eq!(t1["eligible_from"], "2024-01-02");
    let ev = &t1["rules"][1]["evidence"];
    assert_eq!(
        ev["window"],
        serde_json::json!(["2021-01-01", "2024-01-01"])
    );
    assert_eq!(ev["events"][0]["date"], "2021-01-01");
    assert_eq!(ev["events"][0]["grade"], "主要");
    assert_eq!(of(&r, &tid(2))["eligible"], true);
    assert_eq!(of(&r, &tid(3))["eligible"], true);
    let t4 = of(&r, &tid(4));
    assert_eq!(failed(t4), ["teaching_accident"]);
    assert_eq!(t4["eligible_from"], "2025-06-02");
    assert_eq!(of(&r, &tid(5))["eligible"], true);
    assert_eq!(of(&r, &tid(6))["eligible"], true);
    assert_eq!(r["not_eligible"], 2);
    // The day after, the incident of 2021-01-01 no longer counts.
    let r = check(&env, &["--as-of", "2024-01-02", &tid(1)], 0);
    assert_eq!(of(&r, &tid(1))["eligible"], true);
}

#[test]
fn one_failing_evaluation_excludes_until_two_clean_years_follow() {
    let env = world(6);
    let rated = |n: u32, year: &str, grade: &str| event(&tid(n), "带教评价", "", year, grade);
    import_events(
        &env,
        "e.csv",
        &[
            // 1: 不合格 last year, 合格 the year before.
            rated(1, "2022", "合格"),
            rated(1, "2023", "不合格"),
            // 2: 不合格 two years ago, 合格 last year.
            rated(2, "2022", "不合格"),
            rated(2, "2023", "合格"),
            // 3: 不合格 three years ago: 2022 and 2023 are clean.
            rated(3, "2021", "不合格"),
            rated(3, "2022", "合格"),
            rated(3, "2023", "合格"),
            // 4: both years clean.
            rated(4, "2022", "合格"),
            rated(4, "2023", "合格"),
            // 5: only 2023 rated; 2022 has no evaluation.
            rated(5, "2023", "合格"),
            // 6: never rated.
        ],
        0,
    );
    let r = check(&env, &["--year", "2024"], 1);
    let t1 = of(&r, &tid(1));
    assert_eq!(failed(t1), ["evaluation"]);
    // 2024 and 2025 must be clean: eligible from 1 January 2026.
    assert_eq!(t1["eligible_from"], "2026-01-01");
    let ev = &t1["rules"][3]["evidence"];
    assert_eq!(ev["years"], serde_json::json!([2022, 2023]));
    assert_eq!(ev["failing_years"], serde_json::json!([2023]));
    let t2 = of(&r, &tid(2));
    assert_eq!(failed(t2), ["evaluation"]);
    assert_eq!(t2["eligible_from"], "2025-01-01");
    assert!(
        t2["reasons"][0]["message"]
            .as_str()
            .unwrap()
            .contains("rated 不合格 in 2022 (record #"),
        "{t2}"
    );
    assert_eq!(of(&r, &tid(3))["eligible"], true);
    assert_eq!(of(&r, &tid(4))["eligible"], true);
    // A year without an evaluation is taken as free of 不合格, and said.
    let t5 = of(&r, &tid(5));
    assert_eq!(t5["eligible"], true);
    assert_eq!(
        t5["rules"][3]["evidence"]["unrated_years"],
        serde_json::json!([2022])
    );
    assert!(
        t5["rules"][3]["message"]
            .as_str()
            .unwrap()
            .contains("2022: no evaluation recorded, taken as free of 不合格"),
        "{t5}"
    );
    let t6 = of(&r, &tid(6));
    assert_eq!(t6["eligible"], true);
    assert_eq!(
        t6["rules"][3]["evidence"]["unrated_years"],
        serde_json::json!([2022, 2023])
    );
    // The years decide whatever the day of the year: 2022 still counts on
    // 31 December 2024, and 2021 on 31 December 2023.
    let late = check(&env, &["--as-of", "2024-12-31", &tid(2)], 1);
    assert_eq!(of(&late, &tid(2))["eligible_from"], "2025-01-01");
    let before = check(&env, &["--as-of", "2023-12-31", &tid(3)], 1);
    assert_eq!(of(&before, &tid(3))["eligible_from"], "2024-01-01");
    // In Chinese.
    let run = env.run(&[
        "--lang",
        "zh",
        "teacher",
        "check",
        "--org",
        "H001",
        "--year",
        "2024",
        &tid(1),
    ]);
    assert_eq!(run.code, 1);
    assert!(
        run.stdout.contains("2023 年带教评价不合格")
            && run.stdout.contains("须连续两年无不合格,2026-01-01 起符合"),
        "{}",
        run.stdout
    );
}

#[test]
fn every_failing_reason_and_the_latest_date() {
    let env = Env::with_base();
    import_teachers(&env, "H001", &[teacher(1, "心内科", "2022-03-01")], &[], 0);
    import_events(
        &env,
        "e.csv",
        &[
            event(&tid(1), "医疗损害事件", "2023-02-01", "", "完全"),
            event(&tid(1), "带教评价", "", "2022", "不合格"),
            event(&tid(1), "带教评价", "", "2023", "不合格"),
        ],
        0,
    );
    let r = check(&env, &["--year", "2024"], 1);
    let t = of(&r, &tid(1));
    assert_eq!(failed(t), ["title", "medical_incident", "evaluation"]);
    // Title 2025-03-01, incident 2026-02-02, evaluations 2026-01-01.
    assert_eq!(t["eligible_from"], "2026-02-02");
    // CSV: one line per teacher, the reasons joined.
    let run = env.run(&[
        "teacher", "check", "--org", "H001", "--year", "2024", "--format", "csv",
    ]);
    assert_eq!(run.code, 1);
    // CSV for people opens with a byte-order mark.
    let lines: Vec<&str> = run.stdout.trim_start_matches('\u{FEFF}').lines().collect();
    assert!(
        lines[0].starts_with("ID number,Name,Department"),
        "{}",
        run.stdout
    );
    assert!(lines[1].contains("2026-02-02"), "{}", run.stdout);
}

#[test]
fn the_ineligible_workbook_and_a_clean_check() {
    let env = Env::with_base();
    let junior = with(
        with(teacher(2, "心内科", ""), "技术职称", "医师"),
        "取得中级职称时间",
        "",
    );
    import_teachers(
        &env,
        "H001",
        &[teacher(1, "心内科", "2015-07-01"), junior],
        &[],
        0,
    );
    let out = env.path("ineligible.xlsx");
    let run = env.run(&[
        "teacher",
        "check",
        "--org",
        "H001",
        "--year",
        "2024",
        "--errors",
        out.to_str().unwrap(),
    ]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    let rows = read_xlsx(&out);
    assert_eq!(
        rows[0],
        ["证件号码", "姓名", "科室", "不符合的条件", "可符合日期"]
    );
    assert_eq!(rows.len(), 2);
    assert_eq!(rows[1][0], tid(2));
    assert!(rows[1][3].contains("医师"), "{:?}", rows[1]);
    assert_eq!(rows[1][4], "");
    // Only the eligible one named: exit 0.
    check(&env, &["--year", "2024", &tid(1)], 0);
    // A bad errors file name is refused before anything.
    let run = env.run(&["teacher", "check", "--org", "H001", "--errors", "x.txt"]);
    assert_eq!(run.code, 2);
    // So are a day that does not exist and an unknown organisation.
    let run = env.run(&["teacher", "check", "--org", "H001", "--as-of", "2024-02-30"]);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr.contains("--as-of: '2024-02-30' is not a date"),
        "{}",
        run.stderr
    );
    let run = env.run(&["teacher", "check", "--org", "NOPE", "--year", "2024"]);
    assert_eq!(run.code, 2);
}

#[test]
fn events_are_kept_never_overwritten_and_withdrawn_with_a_reason() {
    let env = world(1);
    let first = [
        event(&tid(1), "带教评价", "", "2021", "不合格"),
        event(&tid(1), "带教评价", "", "2023", "不合格"),
        event(&tid(1), "医疗损害事件", "2023-03-01", "", "轻微"),
    ];
    let r = import_events(&env, "e1.csv", &first, 0);
    assert_eq!(counts(&r), (3, 0, 0, 0));
    // The same file again: nothing duplicated.
    let r = import_events(&env, "e2.csv", &first, 0);
    assert_eq!(counts(&r), (0, 0, 3, 0));
    assert_eq!(env.count("SELECT count(*) FROM teacher_event"), 3);
    // Another rating of a year already rated is refused, not overwritten.
    let r = import_events(
        &env,
        "e3.csv",
        &[event(&tid(1), "带教评价", "", "2023", "合格")],
        1,
    );
    assert!(errors(&r)[0].2.contains("never overwritten"), "{r}");
    assert!(check(&env, &["--year", "2024"], 1)["not_eligible"] == 1);
    // Withdraw the wrong rating, with the reason.
    let list = env.json(&["teacher", "events", "list", "--org", "H001"], 0);
    let wrong = list
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["at"] == "2023")
        .unwrap()["id"]
        .as_i64()
        .unwrap()
        .to_string();
    let run = env.run(&["teacher", "events", "withdraw", &wrong]);
    assert_eq!(run.code, 2, "a withdrawal needs a reason");
    let w = env.json(
        &[
            "teacher",
            "events",
            "withdraw",
            &wrong,
            "--reason",
            "评价表录入错误",
        ],
        0,
    );
    assert_eq!(w["changed"], 1);
    let logged = env.items(&tid(1));
    assert!(
        logged.iter().any(|i| i.entity == "teacher_event"
            && i.action == "withdraw"
            && i.after.as_deref() == Some("已撤回")
            && i.note
                .as_deref()
                .is_some_and(|n| n.contains("评价表录入错误"))),
        "{logged:?}"
    );
    assert_eq!(check(&env, &["--year", "2024"], 0)["eligible"], 1);
    // Withdrawn stays withdrawn: importing it again is skipped with a note.
    let r = import_events(&env, "e4.csv", &first, 0);
    assert_eq!(counts(&r), (0, 0, 3, 0));
    assert!(
        r["notes"][0]["message"]
            .as_str()
            .unwrap()
            .contains("withdrawn"),
        "{r}"
    );
    // The corrected rating imports.
    let r = import_events(
        &env,
        "e5.csv",
        &[event(&tid(1), "带教评价", "", "2023", "合格")],
        0,
    );
    assert_eq!(counts(&r), (1, 0, 0, 0));
    // A record withdrawn twice, or none at all: exit 1.
    let run = env.run(&[
        "teacher", "events", "withdraw", &wrong, "999", "--reason", "x",
    ]);
    assert_eq!(run.code, 1, "{}", run.stdout);
    assert_eq!(env.count("SELECT count(*) FROM teacher_event"), 4);
    // Withdrawn events show only when asked.
    let all = env.json(
        &["teacher", "events", "list", "--org", "H001", "--withdrawn"],
        0,
    );
    assert_eq!(all.as_array().unwrap().len(), 4);
}

#[test]
fn an_event_row_says_what_it_lacks() {
    let env = world(1);
    let id = tid(1);
    let r = import_events(
        &env,
        "e.csv",
        &[
            event(&id, "带教评价", "", "", "不合格"),
            event(&id, "医疗损害事件", "", "", "主要"),
            event(&id, "教学事故", "2023-01-01", "", "很严重"),
            event(&id, "表扬", "2023-01-01", "", ""),
            event(&id, "教学事故", "2099-01-01", "", "严重"),
            {
                // The grade of an incident in the accident's column.
                let mut r = event(&id, "医疗损害事件", "2023-01-01", "", "");
                r[5] = "主要".into();
                r
            },
        ],
        1,
    );
    let e = errors(&r);
    let has = |row: u64, text: &str| {
        assert!(
            e.iter().any(|(r, _, m)| *r == row && m.contains(text)),
            "row {row}: '{text}' not in {e:#?}"
        );
    };
    has(2, "needs the year");
    has(3, "needs its date");
    has(4, "unknown 等级");
    has(5, "unknown kind");
    has(6, "in the future");
    has(7, "goes in the column 责任程度");
}

#[test]
fn department_thresholds_are_off_until_set() {
    let env = Env::with_base();
    import_teachers(&env, "H001", &[teacher(1, "普外科", "2020-01-01")], &[], 0);
    check(&env, &["--year", "2024"], 0);
    let run = env.run(&[
        "teacher",
        "threshold",
        "set",
        "--org",
        "H001",
        "--department",
        "普外科",
        "--years",
        "2",
    ]);
    assert_eq!(run.code, 2, "fewer than the national 3 years");
    let run = env.run(&[
        "teacher",
        "threshold",
        "set",
        "--org",
        "H001",
        "--department",
        "外科",
        "--years",
        "5",
    ]);
    assert_eq!(run.code, 2, "no such department");
    assert!(
        run.stderr.contains("no department named '外科'"),
        "{}",
        run.stderr
    );
    env.run(&[
        "teacher",
        "threshold",
        "set",
        "--org",
        "H001",
        "--department",
        "普外科",
        "--years",
        "5",
    ])
    .expect(0);
    let r = check(&env, &["--year", "2024"], 1);
    let t = of(&r, &tid(1));
    assert_eq!(failed(t), ["title"]);
    assert_eq!(t["eligible_from"], "2025-01-01");
    assert_eq!(t["rules"][0]["evidence"]["required_years"], 5);
    assert_eq!(t["rules"][0]["evidence"]["threshold_of"], "普外科");
    // A lowest 学历 adds a rule.
    env.run(&[
        "teacher",
        "threshold",
        "set",
        "--org",
        "H001",
        "--department",
        "普外科",
        "--years",
        "3",
        "--education",
        "硕士",
    ])
    .expect(0);
    let r = check(&env, &["--year", "2024"], 1);
    assert_eq!(failed(of(&r, &tid(1))), ["education"]);
    assert_eq!(of(&r, &tid(1))["eligible_from"], Value::Null);
    let list = env.json(&["teacher", "threshold", "list", "--org", "H001"], 0);
    assert_eq!(list[0]["department"], "普外科");
    assert_eq!(list[0]["education"], "硕士");
    env.run(&[
        "teacher",
        "threshold",
        "remove",
        "--org",
        "H001",
        "--department",
        "普外科",
    ])
    .expect(0);
    check(&env, &["--year", "2024"], 0);
    assert!(
        env.items("H001")
            .iter()
            .any(|i| i.entity == "teacher_threshold" && i.action == "delete")
    );
}

#[test]
fn recommending_an_ineligible_teacher_needs_an_override_with_a_reason() {
    let env = Env::with_base();
    import_teachers(
        &env,
        "H001",
        &[
            teacher(1, "心内科", "2015-07-01"),
            teacher(2, "心内科", "2023-07-01"),
        ],
        &[],
        0,
    );
    let review = |args: &[&str], code: i32| {
        let mut all = vec!["teacher", "review", "--year", "2024"];
        all.extend_from_slice(args);
        env.json(&all, code)
    };
    apply(&env, "2024", &[tid(1), tid(2)], 0);
    let r = review(&[&tid(1), &tid(2), "--recommend"], 1);
    assert_eq!(r["changed"], 1);
    let why = r["errors"][0]["message"].as_str().unwrap();
    assert!(why.contains("not eligible at 2024-01-01"), "{why}");
    assert!(why.contains("--override"), "{why}");
    // --override needs a reason.
    let run = env.run(&[
        "teacher",
        "review",
        &tid(2),
        "--year",
        "2024",
        "--recommend",
        "--override",
    ]);
    assert_eq!(run.code, 2);
    let r = review(
        &[
            &tid(2),
            "--recommend",
            "--override",
            "--reason",
            "学科急需,经教学委员会讨论",
        ],
        0,
    );
    assert_eq!(r["changed"], 1);
    let (status, overridden): (String, Option<String>) = env
        .db()
        .query_row(
            "SELECT p.status, p.override FROM teacher_appointment p
             JOIN account a ON a.id = p.account_id WHERE a.id_number = ?1 AND p.year = 2024",
            [tid(2)],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .unwrap();
    assert_eq!(status, "推荐");
    assert_eq!(overridden.as_deref(), Some("学科急需,经教学委员会讨论"));
    let logged = env.items(&tid(2));
    let item = logged
        .iter()
        .find(|i| i.entity == "teacher" && i.after.as_deref() == Some("推荐"))
        .unwrap();
    let note = item.note.as_deref().unwrap();
    assert!(
        note.contains("--override") && note.contains("学科急需"),
        "{note}"
    );
    // 不推荐 needs a reason; with one it is recorded.
    let run = env.run(&["teacher", "review", &tid(1), "--year", "2024", "--reject"]);
    assert_eq!(run.code, 2);
    let r = review(&[&tid(1), "--reject", "--reason", "本年度无带教任务"], 0);
    assert_eq!(r["teachers"][0]["after"], "不推荐");
    // The list shows the decisions of a year.
    let list = env.json(&["teacher", "list", "--org", "H001", "--year", "2024"], 0);
    assert_eq!(list[0]["recommendation"], "不推荐");
    assert_eq!(list[1]["recommendation"], "推荐");
    let list = env.json(&["teacher", "list", "--org", "H001", "--year", "2025"], 0);
    assert_eq!(list[0]["recommendation"], "未报名");
}

#[test]
fn review_refuses_people_who_are_not_teachers_here() {
    let env = world(1);
    env.add_org("H002", "另一基地");
    import_teachers(&env, "H002", &[teacher(5, "心内科", "2015-07-01")], &[], 0);
    let resident = nth_id(1);
    env.residents("H001", std::slice::from_ref(&resident));
    apply(&env, "2024", &[tid(1)], 0);
    let r = env.json(
        &[
            "teacher",
            "review",
            &tid(1),
            &tid(5),
            &resident,
            "110101199003070011",
            "--org",
            "H001",
            "--year",
            "2024",
            "--recommend",
        ],
        1,
    );
    assert_eq!(r["changed"], 1);
    let msgs: Vec<&str> = r["errors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["message"].as_str().unwrap())
        .collect();
    assert!(msgs[0].contains("not of H001"), "{msgs:?}");
    assert!(msgs[1].contains("not a teacher"), "{msgs:?}");
    assert!(msgs[2].contains("no account"), "{msgs:?}");
    let run = env.run(&["teacher", "review", "--year", "2024", "--recommend"]);
    assert_eq!(run.code, 2, "nobody named");
}

/// Reads the first sheet of an XLSX file, with whether each cell is text.
fn read_typed(path: &std::path::Path) -> Vec<Vec<(String, bool)>> {
    use calamine::{Data, Reader, Xlsx as CXlsx, open_workbook};
    let mut book: CXlsx<_> = open_workbook(path).expect("an XLSX file");
    let first = book.sheet_names()[0].clone();
    let range = book.worksheet_range(&first).unwrap();
    range
        .rows()
        .map(|r| {
            r.iter()
                .map(|c| (c.to_string(), matches!(c, Data::String(_))))
                .collect()
        })
        .collect()
}

#[test]
fn the_roster_lists_additions_and_dismissals_with_reasons() {
    let env = Env::with_base();
    // 5 is in a department whose name would be a formula in a spreadsheet.
    let rows: Vec<Vec<String>> = (1..=7)
        .map(|i| {
            let dept = if i == 3 { "=1+1" } else { "心内科" };
            teacher(i, dept, "2015-07-01")
        })
        .chain([teacher(8, "心内科", "2023-07-01")])
        .collect();
    import_teachers(&env, "H001", &rows, &[], 0);
    let review = |year: &str, ids: &[String], extra: &[&str], code: i32| {
        apply(&env, year, ids, 0);
        let mut all = vec!["teacher", "review", "--org", "H001", "--year", year];
        all.extend(ids.iter().map(String::as_str));
        all.extend_from_slice(extra);
        env.json(&all, code)
    };
    // 2023: 1, 2, 4, 5 and 7.
    review(
        "2023",
        &[tid(1), tid(2), tid(4), tid(5), tid(7)],
        &["--recommend"],
        0,
    );
    // 2024: 1 stays; 3 is new; 2 is declined; 4 is recommended, then an
    // incident makes them ineligible; 5 has no decision; 8 is new by
    // override; 6 is recommended, then becomes ineligible (withheld).
    review(
        "2024",
        &[tid(1), tid(3), tid(4), tid(6)],
        &["--recommend"],
        0,
    );
    review(
        "2024",
        &[tid(2)],
        &["--reject", "--reason", "调离临床岗位"],
        0,
    );
    review(
        "2024",
        &[tid(8)],
        &["--recommend", "--override", "--reason", "学科急需"],
        0,
    );
    import_events(
        &env,
        "e.csv",
        &[
            event(&tid(4), "医疗损害事件", "2023-06-01", "", "主要"),
            event(&tid(6), "教学事故", "2023-06-01", "", "重大"),
        ],
        0,
    );
    // 7 moves to another base.
    env.add_org("H002", "另一基地");
    import_teachers(
        &env,
        "H002",
        &[teacher(7, "心内科", "2015-07-01")],
        &["--update"],
        0,
    );

    let r = env.json(&["teacher", "roster", "--org", "H001", "--year", "2024"], 1);
    let ids = |k: &str| -> Vec<String> {
        r[k].as_array()
            .unwrap()
            .iter()
            .map(|e| e["id_number"].as_str().unwrap().to_owned())
            .collect()
    };
    let mut added = ids("additions");
    added.sort();
    assert_eq!(added, [tid(3), tid(8)]);
    let mut dismissed = ids("dismissals");
    dismissed.sort();
    assert_eq!(dismissed, [tid(2), tid(4), tid(5), tid(7)]);
    assert_eq!(ids("withheld"), [tid(6)]);
    let reason = |id: &str| -> String {
        r["dismissals"]
            .as_array()
            .unwrap()
            .iter()
            .find(|e| e["id_number"] == id)
            .unwrap()["reason"]
            .as_str()
            .unwrap()
            .to_owned()
    };
    assert!(reason(&tid(2)).contains("调离临床岗位"));
    assert!(reason(&tid(4)).contains("no longer eligible"));
    assert!(reason(&tid(5)).contains("not recommended for 2024"));
    assert!(reason(&tid(7)).contains("no longer a teacher of H001"));

    // The file: additions then dismissals, every value as text.
    let out = env.path("roster.xlsx");
    let run = env.run(&[
        "teacher",
        "roster",
        "--org",
        "H001",
        "--year",
        "2024",
        "-o",
        out.to_str().unwrap(),
    ]);
    assert_eq!(run.code, 1, "a recommended teacher is held back");
    assert!(run.stderr.contains(&tid(6)), "{}", run.stderr);
    let rows = read_typed(&out);
    let header: Vec<&str> = rows[0].iter().map(|(s, _)| s.as_str()).collect();
    assert_eq!(
        header,
        [
            "变动",
            "姓名",
            "身份证号",
            "执业医师证号",
            "手机号",
            "电子邮箱",
            "带教任职时间",
            "科室",
            "解聘原因"
        ]
    );
    assert_eq!(rows.len(), 1 + 2 + 4);
    assert_eq!(rows[1].first().unwrap().0, "增加");
    assert_eq!(rows[6].first().unwrap().0, "解聘");
    let three = rows.iter().find(|r| r[2].0 == tid(3)).unwrap();
    assert!(three[2].1 && three[3].1, "ID numbers are text cells");
    assert_eq!(three[3].0, "110510000000003");
    assert_eq!(three[7].0, "=1+1", "kept as typed, as a text cell");
    // In CSV the formula is neutralised.
    let csv = env.path("roster.csv");
    env.run(&[
        "teacher",
        "roster",
        "--org",
        "H001",
        "--year",
        "2024",
        "-o",
        csv.to_str().unwrap(),
    ]);
    let rows = read_csv(&csv);
    let three = rows.iter().find(|r| r[2] == tid(3)).unwrap();
    assert_eq!(three[7], "'=1+1");
    // Nothing to compare with: everyone recommended is added, but for the
    // one who has left since.
    let first = env.json(&["teacher", "roster", "--org", "H001", "--year", "2023"], 1);
    assert_eq!(first["additions"].as_array().unwrap().len(), 4);
    assert_eq!(first["withheld"][0]["id_number"], tid(7));
    // An unknown organisation.
    let run = env.run(&["teacher", "roster", "--org", "NOPE", "--year", "2024"]);
    assert_eq!(run.code, 2);
}

#[test]
fn templates_import_as_they_are() {
    let env = Env::with_base();
    for name in ["teacher", "teacher-event", "rotation", "rotation-assign"] {
        let out = env.path(&format!("{name}.xlsx"));
        env.run(&["template", name, "-o", out.to_str().unwrap()])
            .expect(0);
    }
    // A blank template is the right template (its header is found), with
    // nothing in it to import: exit 1, no data rows.
    let r = env.json(
        &[
            "teacher",
            "import",
            env.path("teacher.xlsx").to_str().unwrap(),
            "--org",
            "H001",
        ],
        1,
    );
    assert_eq!(r["header_row"], 3);
    let r = env.json(
        &[
            "teacher",
            "events",
            "import",
            env.path("teacher-event.xlsx").to_str().unwrap(),
            "--org",
            "H001",
        ],
        1,
    );
    assert_eq!(r["header_row"], 3);
}

/// Whatever a teacher row stores, by ID number: 健康状况, the three images,
/// 是否获得医师资格证书.
fn stored_form(env: &Env, id_number: &str) -> [Option<String>; 5] {
    env.db()
        .query_row(
            "SELECT t.health, t.id_scan, t.photo, t.qualification_scan, t.has_qualification
             FROM teacher t JOIN account a ON a.id = t.account_id WHERE a.id_number = ?1",
            [id_number],
            |r| Ok([r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?]),
        )
        .unwrap()
}

#[test]
fn the_form_takes_the_platforms_three_answers_and_its_images() {
    let env = Env::with_base();
    let passed = |n: u32| {
        let mut row = teacher(n, "心内科", "2019-07-01");
        for label in [
            "取得证书时间",
            "医师资格证书编码",
            "医师资格证书扫描件",
            "执业医师证号",
        ] {
            row = with(row, label, "");
        }
        row
    };
    let none = |n: u32| {
        let mut row = passed(n);
        for label in ["执业资格级别", "执业资格类别"] {
            row = with(row, label, "");
        }
        with(row, "是否获得医师资格证书", "否")
    };
    let rows = vec![
        // Row 2: complete, with its images.
        teacher(1, "心内科", "2019-07-01"),
        // Row 3: examination passed, written with a full-width comma.
        with(
            passed(2),
            "是否获得医师资格证书",
            "已通过考试，尚未发放证书",
        ),
        // Row 4: 否, and a health status as people write it.
        with(none(3), "健康状况", "慢性病"),
        // Row 5: examination passed, yet a certificate's date, number and a
        // practising licence; no category.
        with(
            with(
                with(
                    with(
                        with(passed(4), "是否获得医师资格证书", "已通过考试"),
                        "取得证书时间",
                        "2020-12",
                    ),
                    "医师资格证书编码",
                    &format!("202051110{}", tid(4)),
                ),
                "执业医师证号",
                "110510000000004",
            ),
            "执业资格类别",
            "",
        ),
        // Row 6: 否 with a level.
        with(none(5), "执业资格级别", "执业医师"),
        // Row 7: a landscape picture as the photo, a scan outside the
        // workbook's folder, a certificate scan that is not there.
        with(
            with(
                with(
                    teacher(6, "心内科", "2019-07-01"),
                    "头像照片",
                    "photos/id-front.jpg",
                ),
                "证件扫描件",
                "../id.jpg",
            ),
            "医师资格证书扫描件",
            "photos/none.jpg",
        ),
        // Row 8: an unknown health status and answer.
        with(
            with(teacher(7, "心内科", "2019-07-01"), "健康状况", "很好"),
            "是否获得医师资格证书",
            "也许",
        ),
    ];
    let r = import_teachers(&env, "H001", &rows, &[], 1);
    assert_eq!(counts(&r), (3, 0, 0, 4), "{r}");
    let e = errors(&r);
    let at = |row: u64, column: &str, text: &str| {
        assert!(
            e.iter()
                .any(|(r, c, m)| *r == row && c == column && m.contains(text)),
            "row {row} {column}: '{text}' not in {e:#?}"
        );
    };
    let passed_answer = "已通过考试,尚未发放证书";
    at(
        5,
        "取得证书时间",
        &format!("is {passed_answer}, so 取得证书时间 must be empty"),
    );
    at(5, "医师资格证书编码", "must be empty");
    at(5, "执业医师证号", "must be empty");
    at(
        5,
        "执业资格类别",
        &format!("执业资格类别 is required when 是否获得医师资格证书 is {passed_answer}"),
    );
    at(6, "执业资格级别", "is 否, so 执业资格级别 must be empty");
    at(7, "头像照片", "at least 413×626 is required");
    at(7, "证件扫描件", "leads outside the workbook's folder");
    at(7, "医师资格证书扫描件", "no such file: photos/none.jpg");
    at(8, "健康状况", "unknown 健康状况 '很好'");
    at(
        8,
        "是否获得医师资格证书",
        &format!("must be 是, 否 or {passed_answer}, not '也许'"),
    );
    assert_eq!(e.len(), 10, "{e:#?}");

    // The images are kept as the files they name, inside the folder.
    let [health, id_scan, photo, scan, answer] = stored_form(&env, &tid(1));
    assert_eq!(health.as_deref(), Some("健康或良好"));
    let folder = env.path("").canonicalize().unwrap();
    assert_eq!(
        id_scan.map(std::path::PathBuf::from),
        Some(folder.join("photos/id-front.jpg"))
    );
    assert_eq!(
        photo.map(std::path::PathBuf::from),
        Some(folder.join("photos/portrait.jpg"))
    );
    assert_eq!(
        scan.map(std::path::PathBuf::from),
        Some(folder.join("photos/scan.jpg"))
    );
    assert_eq!(answer.as_deref(), Some("是"));
    let [_, _, _, scan, answer] = stored_form(&env, &tid(2));
    assert_eq!(answer.as_deref(), Some(passed_answer));
    assert_eq!(scan, None);
    let [health, _, _, _, answer] = stored_form(&env, &tid(3));
    assert_eq!(
        (health.as_deref(), answer.as_deref()),
        (Some("有慢性病"), Some("否"))
    );
    // Importing the same rows again changes nothing.
    let again = import_teachers(&env, "H001", &rows[..3], &[], 0);
    assert_eq!(counts(&again), (0, 0, 3, 0), "{again}");
    // In Chinese.
    let mut all = vec![TEACHER_HEADER.iter().map(|s| s.to_string()).collect()];
    all.extend_from_slice(&rows[3..5]);
    let file = env.csv("form-zh.csv", &all);
    let run = env.run(&[
        "--lang",
        "zh",
        "teacher",
        "import",
        file.to_str().unwrap(),
        "--org",
        "H001",
        "--dry-run",
    ]);
    assert_eq!(run.code, 1);
    for text in [
        "是否获得医师资格证书为“已通过考试,尚未发放证书”,不应填取得证书时间",
        "是否获得医师资格证书为“已通过考试,尚未发放证书”,执业资格类别必填",
        "是否获得医师资格证书为“否”,不应填执业资格级别",
    ] {
        assert!(run.stdout.contains(text), "{text} not in {}", run.stdout);
    }
}

/// The teachers' ID numbers of a list, in its order.
fn listed(v: &Value) -> Vec<String> {
    v.as_array()
        .unwrap()
        .iter()
        .map(|t| t["id_number"].as_str().unwrap().to_owned())
        .collect()
}

#[test]
fn teachers_apply_in_a_batch_and_the_office_decides_on_applications() {
    let env = Env::with_base();
    import_teachers(
        &env,
        "H001",
        &[
            teacher(1, "心内科", "2015-07-01"),
            teacher(2, "心内科", "2015-07-01"),
            teacher(3, "心内科", "2015-07-01"),
            with(teacher(4, "心内科", "2015-07-01"), "头像照片", ""),
        ],
        &[],
        0,
    );
    let batch = "2024年度住院医师师资";
    let apply_in = |b: &str, ids: &[&str], code: i32| {
        let mut args = vec!["teacher", "apply", "--batch", b];
        args.extend_from_slice(ids);
        env.json(&args, code)
    };
    // No batch yet.
    let run = env.run(&["teacher", "apply", &tid(1), "--batch", batch]);
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("teacher batch add"), "{}", run.stderr);
    let b = env.json(&["teacher", "batch", "add", batch, "--year", "2024"], 0);
    assert_eq!(
        (b["created"].as_bool(), b["year"].as_i64()),
        (Some(true), Some(2024))
    );
    let b = env.json(&["teacher", "batch", "add", batch, "--year", "2024"], 0);
    assert_eq!(b["created"], false);
    env.run(&["teacher", "batch", "add", batch, "--year", "2025"])
        .expect(2);
    env.run(&["teacher", "batch", "add", "2024年度补报", "--year", "2024"])
        .expect(0);
    let batches = env.json(&["teacher", "batch", "list"], 0);
    assert_eq!(batches.as_array().unwrap().len(), 2);

    // 1 and 2 apply; 4's form lacks its photo; 99 is nobody.
    let r = apply_in(batch, &[&tid(1), &tid(2), &tid(4), &tid(99)], 1);
    assert_eq!(r["changed"], 2);
    assert_eq!(r["teachers"][0]["before"], "未报名");
    assert_eq!(r["teachers"][0]["after"], "已提交");
    let why: Vec<&str> = r["errors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["message"].as_str().unwrap())
        .collect();
    assert!(why[0].contains("lack 头像照片"), "{why:?}");
    assert!(why[1].contains("no account"), "{why:?}");
    // Again: nothing changes; in another batch of the year: refused.
    let r = apply_in(batch, &[&tid(1)], 0);
    assert_eq!(r["changed"], 0);
    let r = apply_in("2024年度补报", &[&tid(1)], 1);
    assert!(
        r["errors"][0]["message"]
            .as_str()
            .unwrap()
            .contains(&format!(
                "has applied for 2024 in the batch '{batch}' already"
            )),
        "{r}"
    );
    assert_eq!(env.count("SELECT count(*) FROM teacher_application"), 2);

    // The office decides on applications only.
    let r = env.json(
        &[
            "teacher",
            "review",
            &tid(3),
            "--year",
            "2024",
            "--recommend",
        ],
        1,
    );
    assert!(
        r["errors"][0]["message"]
            .as_str()
            .unwrap()
            .contains("has not applied for 2024"),
        "{r}"
    );
    let r = env.json(
        &[
            "teacher",
            "review",
            &tid(1),
            "--batch",
            "2024年度补报",
            "--recommend",
        ],
        1,
    );
    assert!(
        r["errors"][0]["message"]
            .as_str()
            .unwrap()
            .contains(&format!(
                "applied in the batch '{batch}', not in '2024年度补报'"
            )),
        "{r}"
    );
    env.run(&[
        "teacher",
        "review",
        &tid(1),
        "--batch",
        batch,
        "--year",
        "2025",
        "--recommend",
    ])
    .expect(2);
    let r = env.json(
        &[
            "teacher",
            "review",
            &tid(1),
            "--batch",
            batch,
            "--recommend",
        ],
        0,
    );
    assert_eq!(r["teachers"][0]["before"], "已提交");
    assert_eq!(r["teachers"][0]["after"], "推荐");
    env.json(
        &[
            "teacher",
            "review",
            &tid(2),
            "--year",
            "2024",
            "--reject",
            "--reason",
            "本年度无带教任务",
        ],
        0,
    );
    // Decided: no new application for the year.
    let r = apply_in(batch, &[&tid(1)], 1);
    assert!(
        r["errors"][0]["message"]
            .as_str()
            .unwrap()
            .contains("has been decided on for 2024 (推荐)"),
        "{r}"
    );

    // The recommendation list.
    let list = env.json(&["teacher", "list", "--org", "H001", "--year", "2024"], 0);
    let one = &list[0];
    assert_eq!(one["id_number"], tid(1));
    assert_eq!(one["batch"], batch);
    assert_eq!(one["recommendation"], "推荐");
    assert!(one["applied_at"].is_string(), "{one}");
    assert!(one["recommended_at"].is_string(), "{one}");
    assert!(
        one["recommended_by"].as_str().unwrap().contains("tester"),
        "{one}"
    );
    assert_eq!(one["not_recommended_reason"], Value::Null);
    let two = &list[1];
    assert_eq!(two["recommendation"], "不推荐");
    assert_eq!(two["not_recommended_reason"], "本年度无带教任务");
    assert_eq!(list[2]["recommendation"], "未报名");
    assert_eq!(list[2]["batch"], Value::Null);
    assert_eq!(list[2]["recommended_at"], Value::Null);
    // Filtered by batch and state.
    let r = env.json(
        &[
            "teacher", "list", "--org", "H001", "--batch", batch, "--status", "推荐",
        ],
        0,
    );
    assert_eq!(listed(&r), [tid(1)]);
    let r = env.json(
        &[
            "teacher",
            "list",
            "--org",
            "H001",
            "--year",
            "2024",
            "--status",
            "未报名",
        ],
        0,
    );
    assert_eq!(listed(&r), [tid(3), tid(4)]);
    let r = env.json(
        &[
            "teacher",
            "list",
            "--org",
            "H001",
            "--batch",
            "2024年度补报",
        ],
        0,
    );
    assert_eq!(listed(&r), Vec::<String>::new());
    env.run(&["teacher", "list", "--org", "H001", "--status", "推荐"])
        .expect(2);
    env.run(&[
        "teacher", "list", "--org", "H001", "--year", "2024", "--status", "通过",
    ])
    .expect(2);
    // The table, in Chinese, with the platform's columns.
    let run = env.run(&[
        "--lang", "zh", "teacher", "list", "--org", "H001", "--year", "2024",
    ]);
    let out = run.expect(0).stdout;
    for h in [
        "报名批次",
        "推荐状态",
        "推荐时间",
        "推荐用户",
        "不推荐原因",
        "近3年带教人数",
    ] {
        assert!(out.contains(h), "{h} not in {out}");
    }
    assert!(out.contains("本年度无带教任务"), "{out}");
    // The log has the application and the decision.
    let items = env.items(&tid(1));
    assert!(
        items.iter().any(|i| i.action == "apply"
            && i.after.as_deref() == Some("已提交")
            && i.note.as_deref().is_some_and(|n| n.contains(batch))),
        "{items:?}"
    );
    // Refusals in Chinese.
    let run = env.run(&[
        "--lang",
        "zh",
        "teacher",
        "apply",
        &tid(4),
        "--batch",
        batch,
    ]);
    assert_eq!(run.code, 1);
    assert!(
        run.stdout.contains("师资信息不完整,缺少 头像照片"),
        "{}",
        run.stdout
    );
}

#[test]
fn the_list_filters_by_title_years_as_attending_and_residents_taught() {
    use crate::rotation::{import_rotations, rotation};
    let env = Env::with_base();
    env.residents("H001", &[nth_id(1), nth_id(2), nth_id(3)]);
    import_teachers(
        &env,
        "H001",
        &[
            teacher(1, "心内科", "2015-07-01"),
            with(teacher(2, "普外科", "2010-07-01"), "技术职称", "副主任医师"),
            teacher(3, "心内科", "2021-07-01"),
            with(
                with(teacher(4, "心内科", ""), "技术职称", "医师"),
                "取得中级职称时间",
                "",
            ),
        ],
        &[],
        0,
    );
    decide(&env, "2023", &[tid(1)], &["--recommend"], 0);
    decide(&env, "2020", &[tid(2)], &["--recommend"], 0);
    decide(&env, "2022", &[tid(2)], &["--recommend"], 0);
    import_rotations(
        &env,
        "r.csv",
        &[
            rotation(1, "心内科", "2023-03-01", "2023-03-31"),
            rotation(2, "心内科", "2023-03-01", "2023-03-31"),
            // Before the 3 years that 2024 counts.
            rotation(3, "普外科", "2020-03-01", "2020-03-31"),
            rotation(3, "普外科", "2022-06-01", "2022-06-30"),
        ],
        &[],
        0,
    );
    env.json(&["rotation", "assign", "--org", "H001", "--auto"], 0);
    let list = |args: &[&str]| {
        let mut all = vec!["teacher", "list", "--org", "H001"];
        all.extend_from_slice(args);
        env.json(&all, 0)
    };
    let all = list(&["--year", "2024"]);
    let taught: Vec<(String, u64, Value)> = all
        .as_array()
        .unwrap()
        .iter()
        .map(|t| {
            (
                t["id_number"].as_str().unwrap().to_owned(),
                t["taught_last_3_years"].as_u64().unwrap(),
                t["years_as_attending"].clone(),
            )
        })
        .collect();
    // By department (心内科, then 普外科) and ID number.
    assert_eq!(
        taught,
        [
            (tid(1), 2, Value::from(8)),
            (tid(3), 0, Value::from(2)),
            (tid(4), 0, Value::Null),
            (tid(2), 1, Value::from(13)),
        ]
    );
    assert_eq!(
        listed(&list(&["--year", "2024", "--taught", "2-"])),
        [tid(1)]
    );
    assert_eq!(
        listed(&list(&["--year", "2024", "--taught", "1"])),
        [tid(2)]
    );
    assert_eq!(
        listed(&list(&["--year", "2024", "--taught", "0"])),
        [tid(3), tid(4)]
    );
    // At 1 January 2021 the rotation of 2020 counts, those of 2022 and 2023 not yet.
    assert_eq!(
        listed(&list(&["--year", "2021", "--taught", "1+"])),
        [tid(2)]
    );
    // Titles and levels.
    assert_eq!(listed(&list(&["--title", "中级"])), [tid(1), tid(3)]);
    assert_eq!(listed(&list(&["--title", "主治医师"])), [tid(1), tid(3)]);
    assert_eq!(listed(&list(&["--title", "副高"])), [tid(2)]);
    assert_eq!(listed(&list(&["--title", "高级"])), [tid(2)]);
    assert_eq!(listed(&list(&["--title", "正高"])), Vec::<String>::new());
    assert_eq!(listed(&list(&["--title", "初级"])), [tid(4)]);
    // Years as attending at 1 January 2024; a teacher without a 中级 date has 0.
    assert_eq!(
        listed(&list(&["--year", "2024", "--years", "3-"])),
        [tid(1), tid(2)]
    );
    assert_eq!(
        listed(&list(&["--year", "2024", "--years", "0-2"])),
        [tid(3), tid(4)]
    );
    assert_eq!(
        listed(&list(&[
            "--year", "2024", "--title", "中级", "--years", "3-", "--taught", "1-5"
        ])),
        [tid(1)]
    );
    for bad in ["abc", "5-3", "-"] {
        let run = env.run(&["teacher", "list", "--org", "H001", "--years", bad]);
        assert_eq!(run.code, 2, "{bad}");
        assert!(run.stderr.contains("is not a range"), "{}", run.stderr);
    }
}
