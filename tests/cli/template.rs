//! `meded template` (issue 3): the official layouts with notes and
//! dropdowns, and a filled template imports as it is.

use std::io::Read;
use std::path::Path;

use calamine::{Data, Reader, Xlsx as CXlsx, open_workbook};

use crate::common::*;

/// The sheets of an XLSX: (name, rows as text).
fn sheets(path: &Path) -> Vec<(String, Vec<Vec<String>>)> {
    let mut book: CXlsx<_> = open_workbook(path).expect("an XLSX file");
    book.sheet_names()
        .into_iter()
        .map(|name| {
            let range = book.worksheet_range(&name).unwrap();
            let rows = range
                .rows()
                .map(|r| {
                    r.iter()
                        .map(|c| match c {
                            Data::Empty => String::new(),
                            other => other.to_string(),
                        })
                        .collect()
                })
                .collect();
            (name, rows)
        })
        .collect()
}

/// The XML of a part of an XLSX file.
fn part(path: &Path, name: &str) -> String {
    let mut zip = zip::ZipArchive::new(std::fs::File::open(path).unwrap()).unwrap();
    let mut s = String::new();
    zip.by_name(name).unwrap().read_to_string(&mut s).unwrap();
    s
}

/// Fills a template the way a person does: keeps its sheets, title, note
/// and header rows, and types rows below the header (found as the row
/// starting with `*证件号码` or `*招收年份`/`*姓名`).
/// Rows to type into a sheet: (sheet, people as (label, value) pairs).
type SheetData<'a> = (&'a str, Vec<Vec<(&'a str, String)>>);

fn fill(template: &Path, out: &Path, data: &[SheetData<'_>]) {
    let mut x = Xlsx::new();
    for (name, rows) in sheets(template) {
        if name == "代码表" {
            continue;
        }
        let header_at = rows
            .iter()
            .position(|r| r.iter().any(|c| c.starts_with('*')))
            .expect("a header row");
        let header = rows[header_at].clone();
        let mut cells: Vec<Vec<X>> = rows[..=header_at]
            .iter()
            .map(|r| {
                r.iter()
                    .map(|c| if c.is_empty() { X::E } else { t(c) })
                    .collect()
            })
            .collect();
        for (_, people) in data.iter().filter(|(s, _)| *s == name) {
            for person in people {
                cells.push(
                    header
                        .iter()
                        .map(|h| {
                            let label = h.trim_start_matches(['*', '#']);
                            match person.iter().find(|(l, _)| *l == label) {
                                Some((_, v)) if !v.is_empty() => t(v),
                                _ => X::E,
                            }
                        })
                        .collect(),
                );
            }
        }
        x = x.sheet(&name, 0, &cells);
    }
    x.save(out);
}

fn pairs(row: &PRow) -> Vec<(&str, String)> {
    row.iter().map(|(l, v)| (l.as_str(), v.clone())).collect()
}

#[test]
fn every_template_is_written_with_its_layout() {
    let env = Env::new();
    for (name, sheet, first) in [
        ("account", "账号模板", "*招收年份"),
        ("profile", "基本信息", "*证件号码"),
        ("training", "培训信息", "*证件号码"),
        ("completion", "结业信息", "*姓名"),
        ("credit", "学分登记", "*证件号码"),
        ("credit-standard", "学分标准", "*编号"),
        ("recruit-plan", "招录计划", "*培训基地代码"),
        ("application", "志愿", "*证件号码"),
    ] {
        let out = env.path(&format!("{name}.xlsx"));
        let r = env.json(&["template", name, "-o", out.to_str().unwrap()], 0);
        assert_eq!(r["template"], name);
        let s = sheets(&out);
        assert_eq!(s[0].0, sheet, "{name}");
        let rows = &s[0].1;
        assert!(
            rows[1][0].contains("带 * 的列为必填"),
            "{name}: {:?}",
            rows[1]
        );
        assert!(rows[1][0].contains("带 # 的列为条件必填"), "{name}");
        assert_eq!(rows[2][0], first, "{name}");
    }
    let out = env.path("m.xlsx");
    env.run(&[
        "template",
        "account",
        "--role",
        "member",
        "-o",
        out.to_str().unwrap(),
    ])
    .expect(0);
    let header = &sheets(&out)[0].1[2];
    assert_eq!(
        header[..6],
        [
            "*姓名",
            "*证件类型",
            "*证件号码",
            "*手机号码",
            "*科室",
            "*技术职称"
        ]
    );
    // Unknown names and wrong extensions are usage errors.
    env.run(&["template", "nope", "-o", "x.xlsx"]).expect(2);
    let run = env.run(&["template", "profile", "-o", "x.csv"]).expect(2);
    assert!(run.stderr.contains(".xlsx"), "{}", run.stderr);
    assert!(!env.path("x.csv").exists());
}

#[test]
fn coded_columns_have_dropdowns_and_markers() {
    let env = Env::new();
    let out = env.path("p.xlsx");
    env.run(&["template", "profile", "-o", out.to_str().unwrap()])
        .expect(0);
    let s = sheets(&out);
    let names: Vec<&str> = s.iter().map(|(n, _)| n.as_str()).collect();
    assert_eq!(
        names,
        ["基本信息", "学习经历", "工作信息", "证书信息", "代码表"]
    );
    let edu = &s[1].1[2];
    assert!(edu.contains(&"*学历层次".to_owned()));
    assert!(edu.contains(&"#学位证书编号".to_owned()));
    assert!(edu.contains(&"是否全日制".to_owned()));
    // 工作信息: one row per job; a blank 结束时间 is a job held to this day.
    assert_eq!(
        s[2].1[2],
        [
            "*证件号码",
            "姓名",
            "*工作单位",
            "科室",
            "职务",
            "*开始时间",
            "结束时间"
        ]
    );
    assert!(s[2].1[1][0].contains("每份工作一行"), "{:?}", s[2].1[1]);
    // The lists: 民族 (58, longer than an inline list may be) among them.
    let lists = &s[4].1;
    let col = lists[0].iter().position(|h| h == "民族").unwrap();
    let ethnic: Vec<&str> = lists[1..]
        .iter()
        .map(|r| r[col].as_str())
        .filter(|v| !v.is_empty())
        .collect();
    assert_eq!(ethnic.len(), 58);
    assert_eq!(ethnic[0], "汉族");
    // Data validation on the coded columns of 基本信息 (sheet1.xml).
    let xml = part(&out, "xl/worksheets/sheet1.xml");
    assert!(
        xml.contains("<dataValidation type=\"list\""),
        "no dropdowns"
    );
    assert_eq!(xml.matches("<dataValidation ").count(), 6, "{xml}");
    assert!(xml.contains("代码表"), "lists come from the hidden sheet");
    let workbook = part(&out, "xl/workbook.xml");
    assert!(
        workbook.contains("name=\"代码表\" sheetId=\"5\" state=\"hidden\""),
        "{workbook}"
    );
    // Header notes explain conditions and photo rules, and 至今.
    let comments = part(&out, "xl/comments1.xml");
    assert!(comments.contains("413×626"), "{comments}");
    let comments = part(&out, "xl/comments3.xml");
    assert!(comments.contains("至今"), "{comments}");
}

/// What a profile template marks `*` is what `profile validate` requires:
/// a row of each sheet with its keys alone (and for 工作信息 a 科室, as a
/// row of keys alone names no job) is reported for exactly the marked
/// fields.
#[test]
fn the_profile_template_marks_what_validation_requires() {
    let env = Env::new();
    let template = env.path("profile.xlsx");
    env.run(&["template", "profile", "-o", template.to_str().unwrap()])
        .expect(0);
    let person = id("110101", "19900307", 11);
    let keys = |more: &[(&'static str, &str)]| {
        let mut row = vec![("证件号码", person.clone())];
        row.extend(more.iter().map(|(l, v)| (*l, v.to_string())));
        vec![row]
    };
    let filled = env.path("keys.xlsx");
    fill(
        &template,
        &filled,
        &[
            ("基本信息", keys(&[])),
            ("学习经历", keys(&[("学历层次", "本科")])),
            ("工作信息", keys(&[("科室", "内科")])),
            ("证书信息", keys(&[])),
        ],
    );
    let v = env.json(
        &["profile", "validate", "--file", filled.to_str().unwrap()],
        1,
    );
    let keys = ["证件号码", "学历层次"];
    for (sheet, rows) in sheets(&template) {
        if sheet == "代码表" {
            continue;
        }
        let header = rows
            .iter()
            .find(|r| r.iter().any(|c| c.starts_with('*')))
            .unwrap();
        let mut marked: Vec<&str> = header
            .iter()
            .filter_map(|h| h.strip_prefix('*'))
            .filter(|l| !keys.contains(l))
            .collect();
        let mut required: Vec<&str> = v["issues"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|i| i["section"] == sheet.as_str())
            .filter(|i| i["message"].as_str().unwrap().contains("is required"))
            .map(|i| i["field"].as_str().unwrap())
            .collect();
        marked.sort();
        required.sort();
        // 是否在读 twice: required, and a completed education is too.
        required.dedup();
        assert_eq!(marked, required, "{sheet}");
        assert!(!marked.is_empty(), "{sheet}");
    }
}

#[test]
fn filled_account_and_profile_templates_import() {
    let env = Env::with_base();
    env.photos();
    let ids = [id("110101", "19900307", 11), id("362301", "19920228", 22)];
    // Accounts.
    let template = env.path("account.xlsx");
    env.run(&["template", "account", "-o", template.to_str().unwrap()])
        .expect(0);
    let filled = env.path("account-filled.xlsx");
    let accounts: Vec<Vec<(&str, String)>> = ids
        .iter()
        .enumerate()
        .map(|(i, id)| {
            vec![
                ("招收年份", "2019".to_owned()),
                ("姓名", ["张三", "李四"][i].to_owned()),
                ("证件类型", "居民身份证".to_owned()),
                ("证件号码", id.clone()),
                ("手机号码", nth_phone(i as u32 + 1)),
            ]
        })
        .collect();
    fill(&template, &filled, &[("账号模板", accounts)]);
    let r = env.import(&filled, "H001", &[], 0);
    assert_eq!(counts(&r), (2, 0, 0, 0));
    assert_eq!(r["header_row"], 3);
    // Members.
    let template = env.path("member.xlsx");
    env.run(&[
        "template",
        "account",
        "--role",
        "member",
        "-o",
        template.to_str().unwrap(),
    ])
    .expect(0);
    let filled = env.path("member-filled.xlsx");
    let member = vec![vec![
        ("姓名", "王医生".to_owned()),
        ("证件类型", "居民身份证".to_owned()),
        ("证件号码", id("510107", "19800101", 5)),
        ("手机号码", nth_phone(9)),
        ("科室", "心内科".to_owned()),
        ("技术职称", "主治医师".to_owned()),
        ("参加继教", "是".to_owned()),
        ("电子邮箱", "wang@example.cn".to_owned()),
        ("学分达标遵照", "市州级/二级以下医院".to_owned()),
    ]];
    fill(&template, &filled, &[("账号模板", member)]);
    let r = env.import(&filled, "H001", &["--role", "member"], 0);
    assert_eq!(counts(&r), (1, 0, 0, 0));
    // Profiles.
    let template = env.path("profile.xlsx");
    env.run(&["template", "profile", "-o", template.to_str().unwrap()])
        .expect(0);
    let filled = env.path("profile-filled.xlsx");
    let people: Vec<PersonRows> = ids
        .iter()
        .zip(["张三", "李四"])
        .map(|(id, name)| good_profile(id, name))
        .collect();
    // 张三's two jobs, the last held to this day (至今).
    let jobs = [
        job_row(&ids[0], "张三", "北京市海淀医院", "2017-07", "2019-06"),
        job_row(&ids[0], "张三", "北京大学第三医院", "2019-07", "至今"),
    ];
    let data = vec![
        (
            "基本信息",
            people
                .iter()
                .map(|p| pairs(p.basic.as_ref().unwrap()))
                .collect(),
        ),
        (
            "学习经历",
            people.iter().map(|p| pairs(&p.education[0])).collect(),
        ),
        ("工作信息", jobs.iter().map(pairs).collect()),
        (
            "证书信息",
            people
                .iter()
                .map(|p| pairs(p.certificate.as_ref().unwrap()))
                .collect(),
        ),
    ];
    fill(&template, &filled, &data);
    let r = env.json(
        &[
            "profile",
            "import",
            filled.to_str().unwrap(),
            "--org",
            "H001",
        ],
        0,
    );
    assert_eq!(counts(&r), (2, 0, 0, 0));
    let v = env.json(&["profile", "validate", "--org", "H001"], 0);
    assert_eq!(v["valid"], 3 - 1, "{v}");
    let shown = env.json(&["profile", "show", &ids[0]], 0);
    let jobs = shown["工作信息"].as_array().unwrap();
    assert_eq!(jobs.len(), 2, "{shown}");
    assert_eq!(jobs[1]["fields"][0]["value"], "北京大学第三医院");
    assert_eq!(
        jobs[1]["fields"][4]["value"],
        serde_json::Value::Null,
        "至今"
    );
}

#[test]
fn filled_training_completion_credit_and_standard_templates_import() {
    let env = Env::with_base();
    let roster = env.csv("roster.csv", &roster(1));
    env.import(&roster, "H001", &[], 0);
    let write = |name: &str| {
        let path = env.path(&format!("{name}.xlsx"));
        env.run(&["template", name, "-o", path.to_str().unwrap()])
            .expect(0);
        path
    };
    let s = |v: &str| v.to_owned();

    // 培训信息 for the resident.
    let filled = env.path("training-filled.xlsx");
    let training = vec![vec![
        ("证件号码", nth_id(1)),
        ("姓名", s("学员一")),
        ("招收年份", s("2019")),
        ("培训专业", s("内科")),
        ("人员类型", s("社会人")),
        ("核定培训年限", s("3")),
        ("培训开始时间", s("2019-09-01")),
        ("培训结束时间", s("2022-08-31")),
        ("培训状态", s("在培")),
    ]];
    fill(&write("training"), &filled, &[("培训信息", training)]);
    let r = env.json(
        &[
            "training",
            "import",
            filled.to_str().unwrap(),
            "--org",
            "H001",
        ],
        0,
    );
    assert_eq!(counts(&r), (0, 1, 0, 0));

    // 结业信息 (附件1) for an early completer not yet in the database.
    let filled = env.path("completion-filled.xlsx");
    let completer = vec![vec![
        ("姓名", s("张三")),
        ("身份证件类别", s("居民身份证")),
        ("身份证件号码", nth_id(7)),
        ("手机号码", nth_phone(7)),
        ("人员类型", s("本单位人")),
        ("培训所在省份", s("四川")),
        ("培训基地", s("四川大学华西医院")),
        ("培训专业", s("外科")),
        ("核定的培训年限(年)", s("2")),
        ("培训实际开始时间", s("2015-09-01")),
        ("培训实际结束时间", s("2017-08-31")),
        ("住院医师规范化培训合格证书编号", s("2017510007")),
        ("住院医师规范化培训合格证书发放时间", s("2017-09-15")),
    ]];
    fill(&write("completion"), &filled, &[("结业信息", completer)]);
    let r = env.json(
        &[
            "training",
            "import",
            filled.to_str().unwrap(),
            "--org",
            "H001",
        ],
        0,
    );
    assert_eq!(counts(&r), (1, 0, 0, 0));
    assert_eq!(env.training(&nth_id(7))[0].2, "结业");

    // 学分登记 for a CME member.
    env.add_cme_org("C017", "成都市第三人民医院", "市州级");
    let member_id = id("510107", "19800101", 5);
    env.add_members("C017", &[member("王医生", &member_id, "主治医师")]);
    let filled = env.path("credit-filled.xlsx");
    let credit = vec![vec![
        ("证件号码", member_id.clone()),
        ("姓名", s("王医生")),
        ("项目编号", s("17-01-09040386")),
        ("项目名称", s("肝脏超声造影专题学习班")),
        ("学分", s("2.0")),
        ("学分类型", s("省级I类")),
        ("开始日期", s("2017-04-22")),
        ("结束日期", s("2017-04-22")),
        ("学分获取形式", s("学习班")),
        ("主办单位", s("四川省医学会")),
        ("举办年度", s("2017")),
        ("学科分类", s("临床医学/影像医学与核医学")),
    ]];
    fill(&write("credit"), &filled, &[("学分登记", credit)]);
    let r = env.json(&["credit", "import", filled.to_str().unwrap()], 0);
    assert_eq!(counts(&r), (1, 0, 0, 0));

    // A province's own credit-standard table, one row per region level.
    let filled = env.path("standard-filled.xlsx");
    let levels = ["省级/三级医院", "市州级/二级以下医院", "县级", "乡镇卫生院"];
    let table: Vec<Vec<(&str, String)>> = levels
        .iter()
        .enumerate()
        .map(|(i, level)| {
            vec![
                ("编号", format!("XZ{}", i + 1)),
                ("名称", format!("{level}全部")),
                ("区域等级", level.to_string()),
                ("职称等级", s("全部")),
                ("国家级I类学分", s("0")),
                ("国家级周期年数", s("5")),
                ("省级I类学分", s("5")),
                ("II类学分", s("20")),
                ("总学分", s("25")),
                ("起始年度", s("2025")),
                ("省份", s("西藏")),
            ]
        })
        .collect();
    fill(&write("credit-standard"), &filled, &[("学分标准", table)]);
    let r = env.json(&["credit-standard", "import", filled.to_str().unwrap()], 0);
    assert_eq!(r["imported"], 4, "{r}");
    let xz = env.json(&["credit-standard", "list", "--province", "54"], 0);
    assert_eq!(
        xz.as_array().unwrap().len(),
        4,
        "the 省份 column says whose"
    );
}

#[test]
fn filled_recruitment_templates_import() {
    let env = Env::with_base();
    env.run(&[
        "recruit",
        "open",
        "--year",
        "2025",
        "--batch",
        "第一批",
        "--from",
        "2025-03-01",
        "--until",
        "2025-03-15",
    ])
    .expect(0);
    let write = |name: &str| {
        let path = env.path(&format!("{name}.xlsx"));
        env.run(&["template", name, "-o", path.to_str().unwrap()])
            .expect(0);
        path
    };
    let s = |v: &str| v.to_owned();
    let filled = env.path("plan-filled.xlsx");
    let plan = vec![vec![
        ("培训基地代码", s("H001")),
        ("培训专业", s("内科")),
        ("计划人数", s("5")),
        ("批次", s("第一批")),
    ]];
    fill(&write("recruit-plan"), &filled, &[("招录计划", plan)]);
    let r = env.json(&["recruit", "plan", "import", filled.to_str().unwrap()], 0);
    assert_eq!(r["imported"], 1, "{r}");
    // An application names an account; a stranger's row is refused for that
    // reason alone, so the layout is read.
    let filled = env.path("application-filled.xlsx");
    let application = vec![vec![
        ("证件号码", nth_id(1)),
        ("姓名", s("学员一")),
        ("培训基地代码", s("H001")),
        ("培训专业", s("内科")),
        ("批次", s("第一批")),
        ("提交时间", s("2025-03-02 09:30")),
    ]];
    fill(&write("application"), &filled, &[("志愿", application)]);
    let r = env.json(
        &[
            "recruit",
            "apply",
            "--file",
            filled.to_str().unwrap(),
            "--now",
            "2025-03-05",
        ],
        1,
    );
    assert_eq!(r["rejected"], 1, "{r}");
    assert!(
        r["errors"][0]["message"]
            .as_str()
            .unwrap()
            .contains("no account"),
        "{r}"
    );
}

#[test]
fn the_teachers_template_has_the_forms_answers_and_images() {
    let env = Env::new();
    let out = env.path("t.xlsx");
    env.run(&["template", "teacher", "-o", out.to_str().unwrap()])
        .expect(0);
    let s = sheets(&out);
    let header = &s[0].1[2];
    for h in [
        "健康状况",
        "#证件扫描件",
        "#头像照片",
        "*是否获得医师资格证书",
        "#医师资格证书扫描件",
    ] {
        assert!(header.contains(&h.to_owned()), "{h} not in {header:?}");
    }
    let lists = &s.iter().find(|(n, _)| n == "代码表").unwrap().1;
    let values = |label: &str| -> Vec<String> {
        let col = lists[0].iter().position(|h| h == label).unwrap();
        lists[1..]
            .iter()
            .map(|r| r[col].clone())
            .filter(|v| !v.is_empty())
            .collect()
    };
    assert_eq!(
        values("是否获得医师资格证书"),
        ["是", "否", "已通过考试,尚未发放证书"]
    );
    assert_eq!(
        values("健康状况"),
        ["健康或良好", "一般或较弱", "有慢性病", "残疾"]
    );
    let comments = part(&out, "xl/comments1.xml");
    assert!(comments.contains("413×626"), "{comments}");
    assert!(comments.contains("meded teacher apply"), "{comments}");
}
