//! The national export (`report export`, docs/submission.md): the tabs the
//! yearly collection gathers, one row per resident (per resident and level
//! for 学习经历, per job for 工作信息), ID numbers as text, formulas neutralised in CSV, read back
//! by `profile import`, and nothing written when nothing matches.

use std::path::Path;

use calamine::{Data, Reader, Xlsx as CXlsx, open_workbook};
use serde_json::Value;

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

/// A 学历层次 of 硕士, in study, for a person of [`good_profile`].
fn master_row(id: &str, name: &str) -> PRow {
    let grad: i32 = id[6..10].parse::<i32>().unwrap() + 23;
    let mut row = good_profile(id, name).education[0].clone();
    set(&mut row, "学历层次", "硕士");
    set(&mut row, "是否在读", "是");
    set(&mut row, "毕业院校", "四川大学");
    set(&mut row, "毕业时间", &format!("{}-06", grad + 5));
    set(&mut row, "学历", "研究生教育");
    set(&mut row, "取得学历时间", "");
    set(&mut row, "是否获得毕业证书", "否");
    set(&mut row, "学历证书编码", "");
    set(&mut row, "学历证书原件", "");
    set(&mut row, "是否获得学位证书", "否");
    for label in [
        "学位类型",
        "学位",
        "取得学位时间",
        "学位证书编号",
        "学位证书原件",
    ] {
        set(&mut row, label, "");
    }
    row
}

/// Base H001 with three residents of 2019, complete and approved; the
/// first has a job held to this day, the second two education levels and
/// two jobs (given latest first), the third no job and a 外语能力 that a
/// spreadsheet program would take for a formula.
fn approved_base() -> Env {
    let env = Env::with_base();
    env.import(&env.csv("roster.csv", &roster(3)), "H001", &[], 0);
    let mut rows = vec![TRAINING_HEADER.iter().map(|s| s.to_string()).collect()];
    for n in 1..=3 {
        rows.push(vec![
            nth_id(n),
            format!("学员{}", chinese_number(n)),
            "2019".into(),
            "内科".into(),
            "单位委派".into(),
            "3".into(),
            "2019-09-01".into(),
            "2022-08-31".into(),
            "在培".into(),
        ]);
    }
    let file = env.csv("training.csv", &rows);
    env.run(&[
        "training",
        "import",
        file.to_str().unwrap(),
        "--org",
        "H001",
    ])
    .expect(0);
    env.photos();
    let mut people: Vec<PersonRows> = (1..=3)
        .map(|n| good_profile(&nth_id(n), &format!("学员{}", chinese_number(n))))
        .collect();
    people[1].education.push(master_row(&nth_id(2), "学员二"));
    people[0].jobs(&[("成都市第三人民医院", "2018-07", "")]);
    people[1].jobs(&[
        ("四川省人民医院", "2019-01", "2019-08"),
        ("成都市第一人民医院", "2017-07-01", "2018-12-31"),
    ]);
    set(
        people[2].certificate.as_mut().unwrap(),
        "外语能力",
        "=HYPERLINK(\"http://example.invalid\")",
    );
    let book = profile_book(&env.path("profiles.xlsx"), &people);
    env.run(&["profile", "import", book.to_str().unwrap(), "--org", "H001"])
        .expect(0);
    let v = env.json(&["report", "submit", "--org", "H001"], 0);
    assert_eq!(v["submitted"].as_array().unwrap().len(), 3, "{v}");
    env.run(&["audit", "approve", "--org", "H001", "--all"])
        .expect(0);
    env
}

fn export(env: &Env, out: &Path, extra: &[&str], code: i32) -> Value {
    let mut args = vec!["report", "export", "--year", "2019", "-o"];
    args.push(out.to_str().unwrap());
    args.extend_from_slice(extra);
    env.json(&args, code)
}

/// The cells of a sheet as calamine reads them.
fn sheet(path: &Path, name: &str) -> Vec<Vec<Data>> {
    let mut book: CXlsx<_> = open_workbook(path).unwrap();
    let range = book.worksheet_range(name).unwrap();
    range.rows().map(<[Data]>::to_vec).collect()
}

/// The header labels of a sheet of `meded template NAME`, without the markers.
fn template_labels(env: &Env, name: &str, sheet: &str) -> Vec<String> {
    let out = env.path(&format!("{name}-template.xlsx"));
    env.run(&["template", name, "-o", out.to_str().unwrap()])
        .expect(0);
    let rows = read_xlsx_sheet(&out, sheet);
    rows.into_iter()
        .find(|r| r.iter().any(|c| c.trim_start_matches('*') == "证件号码"))
        .unwrap()
        .iter()
        .map(|c| c.trim_start_matches(['*', '#']).to_owned())
        .filter(|c| !c.is_empty())
        .collect()
}

#[test]
fn the_workbook_has_the_collections_tabs_one_row_per_resident_and_level() {
    let env = approved_base();
    let out = env.path("2019.xlsx");
    let v = export(&env, &out, &[], 0);
    assert_eq!(
        (v["exported"].as_u64(), v["residents"].as_u64()),
        (Some(3), Some(3))
    );
    assert_eq!(v["educations"], 4);
    assert_eq!(v["jobs"], 3);
    let book: CXlsx<_> = open_workbook(&out).unwrap();
    assert_eq!(
        book.sheet_names(),
        vec!["基本信息", "学习经历", "工作信息", "证书信息", "培训信息"]
    );
    // One row per resident; 学习经历 one per resident and level.
    let basic = sheet(&out, "基本信息");
    let education = sheet(&out, "学习经历");
    let work = sheet(&out, "工作信息");
    let certificate = sheet(&out, "证书信息");
    let training = sheet(&out, "培训信息");
    assert_eq!(basic.len(), 1 + 3);
    assert_eq!(education.len(), 1 + 4);
    assert_eq!(work.len(), 1 + 3);
    assert_eq!(certificate.len(), 1 + 3);
    assert_eq!(training.len(), 1 + 3);
    let levels: Vec<(String, String)> = education[1..]
        .iter()
        .map(|r| (r[0].to_string(), r[1].to_string()))
        .collect();
    assert_eq!(
        levels,
        vec![
            (nth_id(1), "本科".into()),
            (nth_id(2), "本科".into()),
            (nth_id(2), "硕士".into()),
            (nth_id(3), "本科".into()),
        ]
    );
    // 工作信息 as 学习经历: a row per job, a resident's jobs together, in
    // the order they began; none for a resident without.
    let jobs: Vec<Vec<String>> = work[1..]
        .iter()
        .map(|r| r.iter().map(|c| c.to_string()).collect())
        .collect();
    assert_eq!(
        jobs,
        vec![
            [
                nth_id(1).as_str(),
                "学员一",
                "成都市第三人民医院",
                "内科",
                "住院医师",
                "2018-07",
                ""
            ],
            [
                nth_id(2).as_str(),
                "学员二",
                "成都市第一人民医院",
                "内科",
                "住院医师",
                "2017-07-01",
                "2018-12-31"
            ],
            [
                nth_id(2).as_str(),
                "学员二",
                "四川省人民医院",
                "内科",
                "住院医师",
                "2019-01",
                "2019-08"
            ],
        ]
    );
    // The labels of the profile template and the training template.
    for tab in ["基本信息", "学习经历", "工作信息", "证书信息"] {
        let header: Vec<String> = sheet(&out, tab)[0].iter().map(|c| c.to_string()).collect();
        assert_eq!(header, template_labels(&env, "profile", tab), "{tab}");
    }
    let header: Vec<String> = training[0].iter().map(|c| c.to_string()).collect();
    let labels = template_labels(&env, "training", "培训信息");
    assert_eq!(header[..labels.len()], labels[..]);
    // ID numbers, phones and certificate numbers are text cells; a formula
    // is kept as the text it is.
    for rows in [&basic, &education, &work, &certificate, &training] {
        for r in &rows[1..] {
            assert!(matches!(&r[0], Data::String(s) if s.len() == 18), "{r:?}");
        }
    }
    let col = |rows: &[Vec<Data>], label: &str| {
        rows[0]
            .iter()
            .position(|c| matches!(c, Data::String(s) if s == label))
            .unwrap()
    };
    assert!(matches!(&basic[1][col(&basic, "手机")], Data::String(s) if s == "13800000001"));
    let skill = &certificate[3][col(&certificate, "外语能力")];
    assert_eq!(
        skill,
        &Data::String("=HYPERLINK(\"http://example.invalid\")".into())
    );
    assert_eq!(
        basic[1][col(&basic, "个人照片")].to_string(),
        "photos/portrait.jpg",
        "images relative to the export's folder"
    );
    assert_eq!(
        training[1][col(&training, "审核状态")].to_string(),
        "审核通过"
    );
    assert_eq!(training[1][col(&training, "招收年份")], Data::Float(2019.0));
}

#[test]
fn an_export_is_read_back_by_profile_import() {
    let env = approved_base();
    let out = env.path("2019.xlsx");
    export(&env, &out, &[], 0);
    // Into the same database: every profile is unchanged, nothing reopened.
    let again = env.json(
        &["profile", "import", out.to_str().unwrap(), "--org", "H001"],
        0,
    );
    assert_eq!(counts(&again), (0, 0, 3, 0), "{again}");
    assert_eq!(
        env.count("SELECT count(*) FROM training WHERE review_status = '审核通过' AND report_status = '已上报'"),
        3
    );
    // Into another database with the same accounts: the same profiles.
    let other = Env::with_base();
    other.import(&other.csv("roster.csv", &roster(3)), "H001", &[], 0);
    other.photos();
    let copy = other.path("2019.xlsx");
    std::fs::copy(&out, &copy).unwrap();
    let imported = other.json(
        &["profile", "import", copy.to_str().unwrap(), "--org", "H001"],
        0,
    );
    assert_eq!(counts(&imported), (3, 0, 0, 0), "{imported}");
    // The jobs too, numbered in the order they began.
    assert_eq!(
        other.count(
            "SELECT count(*) FROM profile_work WHERE seq = 2 AND employer = '四川省人民医院'"
        ),
        1
    );
    assert_eq!(other.count("SELECT count(*) FROM profile_work"), 3);
    for n in 1..=3 {
        let id = nth_id(n);
        let here = env.json(&["profile", "show", &id], 0);
        let there = other.json(&["profile", "show", &id], 0);
        let text = |v: &Value, root: &Path| {
            v.to_string()
                .replace(&root.canonicalize().unwrap().display().to_string(), "")
        };
        assert_eq!(text(&here, env.dir()), text(&there, other.dir()), "{id}");
    }
    let valid = other.json(&["profile", "validate", "--org", "H001"], 0);
    assert_eq!(valid["valid"], 3, "{valid}");
}

#[test]
fn csv_holds_one_table_so_each_tab_is_a_file_of_its_own() {
    let env = approved_base();
    let out = env.path("2019.csv");
    let v = export(&env, &out, &[], 0);
    let files: Vec<&str> = v["files"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f.as_str().unwrap())
        .collect();
    assert_eq!(files.len(), 5);
    assert!(!out.exists());
    for tab in ["基本信息", "学习经历", "工作信息", "证书信息", "培训信息"] {
        let path = env.path(&format!("2019-{tab}.csv"));
        assert!(files.contains(&path.to_str().unwrap()), "{files:?}");
        let bytes = std::fs::read(&path).unwrap();
        assert!(
            bytes.starts_with(b"\xEF\xBB\xBF"),
            "{tab}: UTF-8 with a BOM"
        );
        assert_eq!(mode(&path) & 0o777, 0o600, "{tab}: personal data");
    }
    let certificate = read_csv(&env.path("2019-证书信息.csv"));
    assert_eq!(certificate.len(), 1 + 3);
    let col = certificate[0].iter().position(|c| c == "外语能力").unwrap();
    assert_eq!(
        certificate[3][col], "'=HYPERLINK(\"http://example.invalid\")",
        "neutralised"
    );
    assert_eq!(read_csv(&env.path("2019-学习经历.csv")).len(), 1 + 4);
    assert_eq!(read_csv(&env.path("2019-工作信息.csv")).len(), 1 + 3);
    assert_eq!(read_csv(&env.path("2019-培训信息.csv"))[1][0], nth_id(1));
}

#[test]
fn nothing_to_export_exits_1_with_the_reason_and_writes_nothing() {
    let env = approved_base();
    // No records at all for 2018.
    let out = env.path("2018.xlsx");
    let run = env
        .run(&[
            "report",
            "export",
            "--year",
            "2018",
            "-o",
            out.to_str().unwrap(),
        ])
        .expect(1);
    assert!(run.stderr.contains("no records of 2018"), "{}", run.stderr);
    assert!(!out.exists());
    // Records, but none approved: the reason names --all, which exports them.
    env.run(&[
        "audit",
        "return",
        &nth_id(1),
        "--reason",
        "培训开始时间有误",
    ])
    .expect(0);
    let one = env.path("h1.xlsx");
    let v = export(&env, &one, &[], 0);
    assert_eq!(
        (v["exported"].as_u64(), v["not_approved"].as_u64()),
        (Some(2), Some(1))
    );
    env.run(&["audit", "return", &nth_id(2), "--reason", "x"])
        .expect(0);
    env.run(&["audit", "return", &nth_id(3), "--reason", "x"])
        .expect(0);
    let none = env.path("none.csv");
    let v = export(&env, &none, &[], 1);
    assert_eq!(v["exported"], 0);
    assert_eq!(v["files"], serde_json::json!([]));
    assert!(v["reason"].as_str().unwrap().contains("--all"), "{v}");
    let leftovers: Vec<_> = std::fs::read_dir(env.dir())
        .unwrap()
        .filter_map(|e| e.ok())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with("none") || n.starts_with(".meded-"))
        .collect();
    assert!(leftovers.is_empty(), "{leftovers:?}");
    let all = export(&env, &none, &["--all"], 0);
    assert_eq!(all["exported"], 3);
    // A wrong output name is a usage error, before anything is read.
    env.run(&["report", "export", "--year", "2019", "-o", "x.txt"])
        .expect(2);
}

#[test]
fn residents_far_apart_in_the_database_are_all_exported_in_account_order() {
    let env = approved_base();
    // Forty more accounts; only the last of them trains and is approved,
    // so the residents exported are few among many.
    env.import(&env.csv("more.csv", &roster(43)), "H001", &[], 0);
    let last = nth_id(43);
    let rows = vec![
        TRAINING_HEADER.iter().map(|s| s.to_string()).collect(),
        vec![
            last.clone(),
            format!("学员{}", chinese_number(43)),
            "2019".into(),
            "外科".into(),
            "单位委派".into(),
            "3".into(),
            "2019-09-01".into(),
            "2022-08-31".into(),
            "在培".into(),
        ],
    ];
    let file = env.csv("t43.csv", &rows);
    env.run(&[
        "training",
        "import",
        file.to_str().unwrap(),
        "--org",
        "H001",
    ])
    .expect(0);
    let book = profile_book(
        &env.path("p43.xlsx"),
        &[good_profile(&last, &format!("学员{}", chinese_number(43)))],
    );
    env.run(&["profile", "import", book.to_str().unwrap(), "--org", "H001"])
        .expect(0);
    env.run(&["report", "submit", "--org", "H001"]).expect(1);
    env.run(&["audit", "approve", &last]).expect(0);
    let out = env.path("2019.xlsx");
    let v = export(&env, &out, &[], 0);
    assert_eq!(v["residents"], 4);
    let basic = read_xlsx_sheet(&out, "基本信息");
    let ids: Vec<&str> = basic[1..].iter().map(|r| r[0].as_str()).collect();
    assert_eq!(ids, vec![nth_id(1), nth_id(2), nth_id(3), last.clone()]);
    assert_eq!(basic[4][1], format!("学员{}", chinese_number(43)));
    let training = read_xlsx_sheet(&out, "培训信息");
    assert_eq!(training[4][0], last);
    assert_eq!(training[4][3], "外科");
}
