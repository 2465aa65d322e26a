//! The CME technical archive (docs/domain.md#technical-archive): changes
//! that wait for the unit's review, 变更详情, the résumé, transfers, the
//! unit's queue, and the office's query across its credit records.

use std::path::{Path, PathBuf};
use std::process::Command;

use serde_json::Value;

use crate::common::*;

const WANG: &str = "310115198511200020"; // F 1985-11-20
const CHEN: &str = "110101199003070011"; // M 1990-03-07

/// A third member's ID number (F 1995-01-01).
fn li() -> String {
    nth_id(2)
}

/// A unit C017 with two approved members, 王雪梅 and 陈建国.
fn world() -> Env {
    let env = Env::new();
    env.add_cme_org("C017", "成都市第三人民医院", "市州级");
    env.add_members(
        "C017",
        &[
            member("王雪梅", WANG, "技师系列 - 副主任技师(副高)"),
            member("陈建国", CHEN, "主治医师"),
        ],
    );
    env
}

/// A row of a sheet: (label, value) pairs.
type R<'a> = Vec<(&'a str, &'a str)>;

/// 王雪梅's complete 个人基本信息, with `extra` values set over it.
fn basic<'a>(extra: &[(&'a str, &'a str)]) -> R<'a> {
    let mut row: R<'a> = vec![
        ("证件号码", WANG),
        ("姓名", "王雪梅"),
        ("性别", "女"),
        ("出生日期", "1985-11-20"),
        ("出生地", "上海市浦东新区"),
        ("民族", "汉"),
        ("籍贯", "四川成都"),
        ("政治面貌", "中共党员"),
        ("婚姻状况", "已婚"),
        ("证件类型", "居民身份证"),
        ("通讯地址", "成都市武侯区人民南路四段"),
        ("邮政编码", "610041"),
        ("联系电话", "028-85422114"),
        ("电子邮箱", "wangxm@hospital.cn"),
        ("家庭住址", "成都市青羊区西御街"),
        ("毕业学校", "四川大学"),
        ("毕业时间", "2008-07"),
        ("所学专业", "医学影像学"),
        ("最高学历", "硕士"),
        ("最高学位", "硕士"),
        ("外语语种", "英语"),
        ("外语等级", "六级"),
        ("工作单位", "成都市第三人民医院"),
        ("工作性质", "在编"),
        ("参加工作时间", "2008-08-01"),
        ("所属市州", "成都市"),
        ("行政职务", "科室副主任"),
        ("执业科目", "医学影像和放射治疗专业"),
        ("是否执业医师", "是"),
        ("执业医师证号", "110510000012345"),
        ("是否参加继续教育", "是"),
    ];
    for (k, v) in extra {
        match row.iter_mut().find(|(l, _)| l == k) {
            Some(cell) => cell.1 = v,
            None => row.push((k, v)),
        }
    }
    row
}

/// Writes an archive workbook: each sheet's rows (a header of every label
/// its rows use, in order of first use).
fn book(env: &Env, name: &str, sheets: &[(&str, Vec<R<'_>>)]) -> PathBuf {
    let mut x = Xlsx::new();
    for (sheet, rows) in sheets {
        let mut labels: Vec<&str> = Vec::new();
        for r in rows {
            for (l, _) in r {
                if !labels.contains(l) {
                    labels.push(l);
                }
            }
        }
        if labels.is_empty() {
            labels.push("证件号码");
        }
        let mut out = vec![labels.iter().map(|l| t(l)).collect::<Vec<_>>()];
        for r in rows {
            out.push(
                labels
                    .iter()
                    .map(|l| match r.iter().find(|(k, _)| k == l) {
                        Some((_, v)) if !v.is_empty() => t(v),
                        _ => X::E,
                    })
                    .collect(),
            );
        }
        x = x.sheet(sheet, 0, &out);
    }
    x.save(&env.path(name))
}

fn import(env: &Env, file: &Path, extra: &[&str], code: i32) -> Value {
    let mut args = vec!["archive", "import", file.to_str().unwrap()];
    args.extend_from_slice(extra);
    env.json(&args, code)
}

fn show(env: &Env, id: &str) -> Value {
    env.json(&["archive", "show", id], 0)
}

fn education<'a>(from: &'a str, to: &'a str, school: &'a str) -> R<'a> {
    vec![
        ("证件号码", WANG),
        ("姓名", "王雪梅"),
        ("开始时间", from),
        ("结束时间", to),
        ("学校", school),
        ("专业", "医学影像学"),
        ("学历", "本科"),
        ("学位", "学士"),
    ]
}

#[test]
fn an_import_waits_for_review_and_approval_applies_it() {
    let env = world();
    let file = book(
        &env,
        "a.xlsx",
        &[
            ("个人基本信息", vec![basic(&[])]),
            (
                "教育经历",
                vec![
                    education("2005-09", "2008-07", "四川大学华西医学中心"),
                    education("2000-09", "2005-07", "四川大学"),
                ],
            ),
        ],
    );
    let r = import(&env, &file, &["--org", "C017"], 0);
    assert_eq!(counts(&r), (1, 0, 0, 0), "{r}");
    let before = show(&env, WANG);
    assert!(before["approved"]["个人基本信息"].is_null(), "{before}");
    assert_eq!(before["approved"]["教育经历"], Value::Array(vec![]));
    let pending = &before["pending"];
    assert_eq!(pending["archive"]["个人基本信息"]["民族"], "汉族");
    assert_eq!(pending["archive"]["个人基本信息"]["最高学历"], "硕士研究生");
    assert_eq!(
        pending["archive"]["个人基本信息"]["联系电话"],
        "028-85422114"
    );
    // Rows read in time order.
    assert_eq!(pending["archive"]["教育经历"][0]["学校"], "四川大学");
    assert_eq!(
        pending["sections"],
        serde_json::json!(["个人基本信息", "教育经历"])
    );
    assert_eq!(env.count("SELECT count(*) FROM archive"), 0);

    // The same file again changes nothing: the same change is waiting.
    let again = import(&env, &file, &[], 0);
    assert_eq!(counts(&again), (0, 0, 1, 0), "{again}");

    let rv = env.json(&["archive", "review", WANG, "--approve"], 0);
    assert_eq!(rv["changed"], 1, "{rv}");
    let after = show(&env, WANG);
    assert!(after["pending"].is_null());
    assert_eq!(after["approved"]["个人基本信息"]["姓名"], "王雪梅");
    assert_eq!(
        after["approved"]["个人基本信息"]["出生地"],
        "上海市浦东新区"
    );
    assert_eq!(after["approved"]["教育经历"].as_array().unwrap().len(), 2);
    // Nothing waits any more: reviewing again is refused with why.
    let none = env.json(&["archive", "review", WANG, "--approve"], 1);
    assert!(
        none["errors"][0]["message"]
            .as_str()
            .unwrap()
            .contains("no archive change awaits review"),
        "{none}"
    );
}

#[test]
fn a_rejected_change_leaves_the_archive_as_it_was() {
    let env = world();
    let first = book(&env, "a.xlsx", &[("个人基本信息", vec![basic(&[])])]);
    import(&env, &first, &[], 0);
    env.run(&["archive", "review", "--org", "C017", "--approve"])
        .expect(0);
    let second = book(
        &env,
        "b.xlsx",
        &[("个人基本信息", vec![basic(&[("行政职务", "科主任")])])],
    );
    import(&env, &second, &[], 0);
    // A rejection needs a reason.
    env.run(&["archive", "review", WANG, "--reject"]).expect(2);
    env.run(&[
        "archive",
        "review",
        WANG,
        "--reject",
        "--reason",
        "任职文件未上传",
    ])
    .expect(0);
    let v = show(&env, WANG);
    assert_eq!(v["approved"]["个人基本信息"]["行政职务"], "科室副主任");
    assert!(v["pending"].is_null());
    let d = env.json(&["archive", "changes", WANG], 0);
    let last = &d["changes"][1];
    assert_eq!(last["status"], "审核不通过");
    assert_eq!(last["decided"]["reason"], "任职文件未上传");
}

/// The field diff of a change's 个人基本信息.
fn field<'a>(change: &'a Value, label: &str) -> &'a Value {
    change["sections"][0]["fields"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["field"] == label)
        .unwrap_or_else(|| panic!("no {label} in {change}"))
}

#[test]
fn change_details_show_a_field_changed_twice_before_and_after() {
    let env = world();
    for (n, duty) in ["科员", "科室副主任", "科主任"].iter().enumerate() {
        let f = book(
            &env,
            &format!("{n}.xlsx"),
            &[("个人基本信息", vec![basic(&[("行政职务", duty)])])],
        );
        import(&env, &f, &[], 0);
        if n < 2 {
            env.run(&["archive", "review", WANG, "--approve"]).expect(0);
        }
    }
    let d = env.json(&["archive", "changes", WANG], 0);
    let changes = d["changes"].as_array().unwrap();
    assert_eq!(changes.len(), 3, "{d}");
    let duty: Vec<(Value, Value, bool)> = changes
        .iter()
        .map(|c| {
            let f = field(c, "行政职务");
            (
                f["before"].clone(),
                f["after"].clone(),
                f["changed"].as_bool().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        duty,
        [
            (Value::Null, "科员".into(), true),
            ("科员".into(), "科室副主任".into(), true),
            ("科室副主任".into(), "科主任".into(), true),
        ]
    );
    // Unchanged fields are shown, not marked.
    let name = field(&changes[2], "姓名");
    assert_eq!(
        (name["before"].as_str(), name["changed"].as_bool()),
        (Some("王雪梅"), Some(false))
    );
    let states: Vec<&str> = changes
        .iter()
        .map(|c| c["status"].as_str().unwrap())
        .collect();
    assert_eq!(states, ["审核通过", "审核通过", "待审核"]);
    assert_eq!(changes[0]["submitted"]["by"], shown_actor("tester"));

    // On screen: only what changed.
    let table = env.run(&["archive", "changes", WANG]).expect(0).stdout;
    assert!(
        table.contains("科室副主任") && table.contains("科主任"),
        "{table}"
    );

    // As a table file: every field, the changed ones marked.
    let xlsx = env.path("变更详情.xlsx");
    env.run(&["archive", "changes", WANG, "-o", xlsx.to_str().unwrap()])
        .expect(0);
    let rows = read_xlsx(&xlsx);
    assert_eq!(rows[0][0], "变更编号");
    let duty_rows: Vec<&Vec<String>> = rows.iter().filter(|r| r[8] == "行政职务").collect();
    assert_eq!(duty_rows.len(), 3);
    assert_eq!(
        (
            duty_rows[2][9].as_str(),
            duty_rows[2][10].as_str(),
            duty_rows[2][11].as_str()
        ),
        ("科室副主任", "科主任", "是")
    );
    assert!(rows.iter().any(|r| r[8] == "姓名" && r[11].is_empty()));

    // As a PDF: both values of each side in the text.
    let pdf = env.path("变更详情.pdf");
    env.run(&["archive", "changes", WANG, "-o", pdf.to_str().unwrap()])
        .expect(0);
    let text = squeeze(&pdf_text(&pdf).join(""));
    for s in [
        "变更详情",
        "个人基本信息修改前",
        "个人基本信息修改后",
        "科室副主任",
        "科主任",
        "待审核",
    ] {
        assert!(text.contains(s), "{s} missing from the PDF");
    }
    // A file of another kind is refused before anything is read.
    env.run(&["archive", "changes", WANG, "-o", "x.doc"])
        .expect(2);
}

#[test]
fn a_later_import_replaces_the_change_waiting() {
    let env = world();
    let a = book(&env, "a.xlsx", &[("个人基本信息", vec![basic(&[])])]);
    import(&env, &a, &[], 0);
    // A workbook of only one list: the rest stays as proposed.
    let b = book(
        &env,
        "b.xlsx",
        &[(
            "获奖情况",
            vec![vec![
                ("证件号码", WANG),
                ("获奖时间", "2015-12"),
                ("奖项名称", "四川省科技进步奖"),
                ("授奖单位", "四川省人民政府"),
                ("获奖等级", "三等奖"),
            ]],
        )],
    );
    let r = import(&env, &b, &[], 0);
    assert_eq!(counts(&r), (0, 1, 0, 0), "{r}");
    let v = show(&env, WANG);
    assert_eq!(v["pending"]["archive"]["个人基本信息"]["姓名"], "王雪梅");
    assert_eq!(v["pending"]["archive"]["获奖情况"][0]["获奖等级"], "三等奖");
    let d = env.json(&["archive", "changes", WANG], 0);
    let states: Vec<&str> = d["changes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["status"].as_str().unwrap())
        .collect();
    assert_eq!(states, ["已替代", "待审核"]);
    // A row with only the key clears the section.
    env.run(&["archive", "review", WANG, "--approve"]).expect(0);
    let c = book(
        &env,
        "c.xlsx",
        &[("获奖情况", vec![vec![("证件号码", WANG)]])],
    );
    import(&env, &c, &[], 0);
    let v = show(&env, WANG);
    assert_eq!(v["pending"]["archive"]["获奖情况"], Value::Array(vec![]));
    assert_eq!(v["pending"]["sections"], serde_json::json!(["获奖情况"]));
}

/// A 个人基本信息 row with the required fields only.
fn plain<'a>(
    id: &'a str,
    name: &'a str,
    sex: &'a str,
    birth: &'a str,
    practising: &'a str,
) -> R<'a> {
    vec![
        ("证件号码", id),
        ("姓名", name),
        ("性别", sex),
        ("出生日期", birth),
        ("民族", "汉族"),
        ("政治面貌", "群众"),
        ("通讯地址", "成都"),
        ("联系电话", "13900000000"),
        ("毕业学校", "川北医学院"),
        ("所学专业", "临床医学"),
        ("最高学历", "本科"),
        ("最高学位", "学士"),
        ("行政职务", "无"),
        ("是否参加继续教育", "是"),
        ("是否执业医师", practising),
    ]
}

#[test]
fn values_are_checked_and_unknown_members_refused() {
    let env = world();
    let li = li();
    env.add_members("C017", &[member("李晓丽", &li, "护师")]);
    env.add_org("H001", "四川大学华西医院");
    env.residents("H001", &[VALID_IDS[3].to_owned()]);
    let bad = |extra: &[(&'static str, &'static str)]| basic(extra);
    let file = book(
        &env,
        "bad.xlsx",
        &[
            (
                "个人基本信息",
                vec![
                    bad(&[
                        ("民族", "火星族"),
                        ("联系电话", "12345"),
                        ("电子邮箱", "wang@"),
                        ("是否执业医师", "也许"),
                        ("执业医师证号", "DOC20130711"),
                        ("出生日期", "1985-11-21"),
                    ]),
                    plain(CHEN, "陈建军", "男", "1990-03-07", "否"),
                    plain(&li, "李晓丽", "女", "1995-01-01", "是"),
                ],
            ),
            (
                "工作经历",
                vec![
                    vec![
                        ("证件号码", VALID_IDS[3]),
                        ("开始时间", "2010-07"),
                        ("工作单位", "某医院"),
                    ],
                    vec![
                        ("证件号码", VALID_IDS[4]),
                        ("开始时间", "2010-07"),
                        ("工作单位", "某医院"),
                    ],
                    vec![
                        ("证件号码", "110101199003070010"),
                        ("开始时间", "2010-07"),
                        ("工作单位", "某医院"),
                    ],
                ],
            ),
        ],
    );
    let r = import(&env, &file, &[], 1);
    assert_eq!(counts(&r), (0, 0, 0, 6), "{r}");
    let errs: Vec<(String, String)> = r["errors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| {
            (
                e["column"].as_str().unwrap().to_owned(),
                e["message"].as_str().unwrap().to_owned(),
            )
        })
        .collect();
    let has = |col: &str, words: &str| {
        assert!(
            errs.iter().any(|(c, m)| c == col && m.contains(words)),
            "no error at {col} saying {words}: {errs:?}"
        );
    };
    has("民族", "火星族");
    has("联系电话", "12345");
    has("电子邮箱", "wang@");
    has("是否执业医师", "是 or 否");
    has("执业医师证号", "15 digits");
    has("出生日期", "contradicts the ID number");
    // 陈建国: another name than the account's; 李晓丽: 是 without a licence number.
    has("姓名", "not the account's name");
    has("执业医师证号", "required when 是否执业医师 is 是");
    // A resident, an unknown person, a number that is no ID.
    has("证件号码", "not a CME member");
    has("证件号码", "no account");
    assert_eq!(env.count("SELECT count(*) FROM archive_change"), 0);
    // Only members of the unit named.
    env.add_cme_org("C020", "成都市第五人民医院", "市州级");
    let ok = book(&env, "ok.xlsx", &[("个人基本信息", vec![basic(&[])])]);
    let r = import(&env, &ok, &["--org", "C020"], 1);
    assert!(
        r["errors"][0]["message"]
            .as_str()
            .unwrap()
            .contains("not to this unit"),
        "{r}"
    );
}

/// The text of each page of a PDF, as `pdftotext -layout` (poppler) sets
/// it out row by row, or
/// lopdf when poppler is not installed.
fn pdf_text(path: &Path) -> Vec<String> {
    if let Ok(out) = Command::new("pdftotext")
        .arg("-layout")
        .arg(path)
        .arg("-")
        .output()
        && out.status.success()
    {
        let text = String::from_utf8(out.stdout).unwrap();
        return text.split('\u{c}').map(str::to_owned).collect();
    }
    let doc = lopdf::Document::load(path).expect("the PDF parses");
    let pages: Vec<u32> = doc.get_pages().keys().copied().collect();
    pages
        .iter()
        .map(|p| doc.extract_text(&[*p]).expect("text extracts"))
        .collect()
}

/// The text of a PDF in the order it is drawn (lopdf): a value wrapped
/// over two lines of a cell comes back whole.
fn drawn_text(path: &Path) -> String {
    let doc = lopdf::Document::load(path).expect("the PDF parses");
    let pages: Vec<u32> = doc.get_pages().keys().copied().collect();
    squeeze(&doc.extract_text(&pages).expect("text extracts"))
}

fn squeeze(s: &str) -> String {
    s.chars().filter(|c| !c.is_whitespace()).collect()
}

/// The image streams of a PDF: (filter, width, height, bytes).
fn images(path: &Path) -> Vec<(String, i64, i64, Vec<u8>)> {
    let doc = lopdf::Document::load(path).unwrap();
    doc.objects
        .values()
        .filter_map(|o| o.as_stream().ok())
        .filter(|s| s.dict.get(b"Subtype").and_then(|v| v.as_name()).ok() == Some(b"Image"))
        .map(|s| {
            let name = |k: &[u8]| s.dict.get(k).and_then(|v| v.as_name()).unwrap_or(b"");
            let int = |k: &[u8]| s.dict.get(k).and_then(|v| v.as_i64()).unwrap_or(0);
            (
                String::from_utf8_lossy(name(b"Filter")).into_owned(),
                int(b"Width"),
                int(b"Height"),
                s.content.clone(),
            )
        })
        .collect()
}

#[test]
fn the_resume_holds_every_filled_field_the_photo_and_none_for_empty_sections() {
    let env = world();
    std::fs::create_dir_all(env.path("photos")).unwrap();
    let photo = env.path("photos/王雪梅.jpg");
    std::fs::copy(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/photos/portrait.jpg"),
        &photo,
    )
    .unwrap();
    let file = book(
        &env,
        "a.xlsx",
        &[
            (
                "个人基本信息",
                vec![basic(&[("照片", "photos/王雪梅.jpg")])],
            ),
            (
                "教育经历",
                vec![education("2000-09", "2005-07", "四川大学")],
            ),
            (
                "工作经历",
                vec![vec![
                    ("证件号码", WANG),
                    ("开始时间", "2008-08"),
                    ("工作单位", "成都市第三人民医院"),
                    ("科室", "超声医学科"),
                    ("职务", "主治医师"),
                ]],
            ),
        ],
    );
    import(&env, &file, &[], 0);
    env.run(&["archive", "review", WANG, "--approve"]).expect(0);
    let out = env.path("简历.pdf");
    let w = env.json(&["archive", "resume", WANG, "-o", out.to_str().unwrap()], 0);
    assert_eq!(w["photo"], true);
    let pages = pdf_text(&out);
    let text = squeeze(&pages.join(""));
    let drawn = drawn_text(&out);
    let filled = basic(&[]);
    for (label, value) in filled.iter().skip(1) {
        let shown = match *value {
            "汉" => "汉族",
            "硕士" if *label == "最高学历" => "硕士研究生",
            v => v,
        };
        // 是否参加继续教育 is not on the platform's résumé.
        if *label != "是否参加继续教育" {
            assert!(drawn.contains(&squeeze(label)), "label {label}");
            assert!(
                drawn.contains(&squeeze(shown)),
                "{label} {shown} missing:\n{drawn}"
            );
        }
    }
    for s in [
        "个人简历表",
        "一、基本信息",
        "技师系列-副主任技师(副高)",
        "二、教育经历",
        "2000-09至2005-07",
        "四、工作经历",
        "超声医学科",
        "2008-08至今",
    ] {
        assert!(text.contains(s), "{s} missing:\n{text}");
    }
    // Empty sections say 无.
    for (heading, next) in [
        ("三、培训经历", "四、工作经历"),
        ("五、获奖情况", "六、论文论著信息"),
        ("六、论文论著信息", "七、调动记录"),
    ] {
        let at = text.find(heading).unwrap() + heading.len();
        let end = text.find(next).unwrap();
        assert_eq!(&text[at..end], "无", "{heading}");
    }
    assert!(text.ends_with("七、调动记录无") || text.contains("七、调动记录无"));
    // The photo: the JPEG's own bytes, as a DCTDecode image of its size.
    let imgs = images(&out);
    assert_eq!(imgs.len(), 1);
    let (filter, w, h, bytes) = &imgs[0];
    assert_eq!(filter, "DCTDecode");
    assert_eq!((*w, *h), (413, 626));
    assert!(
        *bytes == std::fs::read(&photo).unwrap(),
        "the JPEG was re-encoded"
    );
    assert_eq!(mode(&out) & 0o077, 0, "personal data is private");

    // Without a photo, and without an approved archive: the account's facts.
    let chen = env.path("陈.pdf");
    env.run(&["archive", "resume", CHEN, "-o", chen.to_str().unwrap()])
        .expect(0);
    assert!(images(&chen).is_empty());
    assert!(std::fs::metadata(&chen).unwrap().len() < 100_000);
    let text = squeeze(&pdf_text(&chen).join(""));
    for s in [
        "陈建国",
        CHEN,
        "成都市第三人民医院",
        "主治医师",
        "二、教育经历无",
    ] {
        assert!(text.contains(s), "{s} missing:\n{text}");
    }
}

#[test]
fn a_long_section_continues_on_the_next_page_under_its_heading() {
    let env = world();
    let years: Vec<String> = (1990..2020).map(|y| format!("{y}-06")).collect();
    let names: Vec<String> = (0..30)
        .map(|i| format!("四川省医学科技奖(第{i}届)临床超声诊断新技术的推广与应用研究"))
        .collect();
    let awards: Vec<R<'_>> = years
        .iter()
        .zip(&names)
        .map(|(y, n)| {
            vec![
                ("证件号码", WANG),
                ("获奖时间", y.as_str()),
                ("奖项名称", n.as_str()),
                ("授奖单位", "四川省医学会"),
                ("获奖等级", "二等奖"),
            ]
        })
        .collect();
    let file = book(
        &env,
        "a.xlsx",
        &[("个人基本信息", vec![basic(&[])]), ("获奖情况", awards)],
    );
    import(&env, &file, &[], 0);
    env.run(&["archive", "review", WANG, "--approve"]).expect(0);
    let out = env.path("简历.pdf");
    env.run(&["archive", "resume", WANG, "-o", out.to_str().unwrap()])
        .expect(0);
    let pages: Vec<String> = pdf_text(&out)
        .iter()
        .map(|p| squeeze(p))
        .filter(|p| !p.is_empty())
        .collect();
    assert!(pages.len() >= 2, "{pages:?}");
    assert!(
        pages[1].starts_with("五、获奖情况(续)获奖时间奖项名称"),
        "{}",
        pages[1]
    );
    assert!(pages.iter().skip(1).any(|p| p.contains("第29届")));
    assert!(pages.last().unwrap().contains("七、调动记录无"));
}

#[test]
fn transfers_between_units_appear_as_transfer_records() {
    let env = world();
    env.add_cme_org("C020", "成都市第五人民医院", "市州级");
    let roster = env.csv(
        "move.csv",
        &[
            MEMBER_HEADER.iter().map(|s| s.to_string()).collect(),
            member("王雪梅", WANG, "技师系列 - 副主任技师(副高)"),
        ],
    );
    env.import(
        &roster,
        "C020",
        &["--role", "member", "--update", "--approve"],
        0,
    );
    let v = show(&env, WANG);
    assert_eq!(v["org"], "C020");
    assert_eq!(v["transfers"][0]["from_code"], "C017");
    assert_eq!(v["transfers"][0]["to_name"], "成都市第五人民医院");
    let out = env.path("简历.pdf");
    env.run(&["archive", "resume", WANG, "-o", out.to_str().unwrap()])
        .expect(0);
    let text = squeeze(&pdf_text(&out).join(""));
    let at = text.find("七、调动记录").unwrap();
    let tail = &text[at..];
    assert!(
        tail.contains("调出单位") && tail.contains("成都市第三人民医院成都市第五人民医院"),
        "{tail}"
    );
}

#[test]
fn a_units_resumes_are_written_together_and_failures_named() {
    let env = world();
    // A name the built-in font cannot draw.
    let li = li();
    env.add_members("C017", &[member("张𠀀", &li, "医师")]);
    let dir = env.path("简历");
    let r = env.json(
        &[
            "archive",
            "resume",
            "--org",
            "C017",
            "--out-dir",
            dir.to_str().unwrap(),
        ],
        1,
    );
    assert_eq!(r["members"], 3, "{r}");
    assert_eq!(r["written"], 2);
    assert_eq!(r["failed"][0]["id_number"], li.as_str());
    assert!(
        r["failed"][0]["reason"]
            .as_str()
            .unwrap()
            .contains("U+20000")
    );
    let mut files: Vec<String> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .collect();
    files.sort();
    assert_eq!(
        files,
        [
            format!("{CHEN}_陈建国_个人简历表.pdf"),
            format!("{WANG}_王雪梅_个人简历表.pdf")
        ]
    );
    // One member who cannot be printed: not written, exit 1, with why.
    let run = env.run(&["archive", "resume", &li, "-o", "x.pdf"]);
    assert_eq!(run.code, 1);
    assert!(run.stderr.contains("U+20000"), "{}", run.stderr);
    assert!(!env.path("x.pdf").exists());
    // Not a member at all: the ID number names nobody to print.
    env.run(&["archive", "resume", "110101199003070010", "-o", "y.pdf"])
        .expect(2);
}

#[test]
fn the_pending_queue_lists_archive_changes_credits_and_registrations() {
    let env = world();
    let file = book(&env, "a.xlsx", &[("个人基本信息", vec![basic(&[])])]);
    import(&env, &file, &[], 0);
    env.import_credits(
        "c.csv",
        &[credit(
            CHEN,
            "陈建国",
            "P1",
            "3.0",
            "省级I类",
            "2017-04-22",
            "2017-04-22",
        )],
        &[],
        0,
    );
    let li = li();
    let rows = vec![
        MEMBER_HEADER.iter().map(|s| s.to_string()).collect(),
        member("李晓丽", &li, "护师"),
    ];
    let roster = env.csv("new.csv", &rows);
    env.import(&roster, "C017", &["--role", "member"], 0);
    let q = env.json(&["archive", "pending", "--org", "C017"], 0);
    assert_eq!(q["archive_changes"][0]["id_number"], WANG);
    assert_eq!(q["credits"][0]["project_no"], "P1");
    assert_eq!(q["registrations"][0]["id_number"], li.as_str());
    env.run(&["archive", "review", "--org", "C017", "--approve"])
        .expect(0);
    env.run(&["credit", "review", "--org", "C017", "--approve"])
        .expect(0);
    env.run(&["account", "review", "--org", "C017", "--approve"])
        .expect(0);
    let empty = env.json(&["archive", "pending", "--org", "C017"], 0);
    assert_eq!(empty["archive_changes"], Value::Array(vec![]));
    assert_eq!(empty["credits"], Value::Array(vec![]));
    assert_eq!(empty["registrations"], Value::Array(vec![]));
}

#[test]
fn the_office_queries_its_members_credits() {
    let env = world();
    let mut rows = Vec::new();
    for (no, kind, day) in [
        ("17-01-0001", "省级I类", "2017-04-22"),
        ("17-02-超声0002", "II类", "2017-05-10"),
        ("2017-N-01", "国家级I类", "2017-10-17"),
        ("16-01-0003", "省级I类", "2016-05-12"),
    ] {
        rows.push(credit(WANG, "王雪梅", no, "2.5", kind, day, day));
    }
    rows.push(credit(
        CHEN,
        "陈建国",
        "17-01-0009",
        "3.0",
        "省级I类",
        "2017-06-01",
        "2017-06-01",
    ));
    env.import_credits("c.csv", &rows, &[], 0);
    env.run(&[
        "credit",
        "review",
        &env.credit_id("16-01-0003").to_string(),
        "--approve",
    ])
    .expect(0);

    let page = env.json(&["credit", "list", "--org", "C017", "--year", "2017"], 0);
    assert_eq!(page["total"], 4, "{page}");
    let p = env.json(
        &[
            "credit", "list", "--org", "C017", "--year", "2017", "--type", "省I类",
        ],
        0,
    );
    let ids: Vec<&str> = p["records"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["id_number"].as_str().unwrap())
        .collect();
    assert_eq!(ids, [WANG, CHEN]);
    let sub = env.json(&["credit", "list", "--org", "C017", "--project", "超声"], 0);
    assert_eq!(sub["records"][0]["project_no"], "17-02-超声0002");
    assert_eq!(sub["total"], 1);
    let approved = env.json(
        &[
            "credit",
            "list",
            "--org",
            "C017",
            "--status",
            "审核通过",
            "--from",
            "2015",
            "--to",
            "2016",
        ],
        0,
    );
    assert_eq!(approved["total"], 1);
    let mine = env.json(&["credit", "list", "--org", "C017", "--member", CHEN], 0);
    assert_eq!(mine["total"], 1);
    // Pages.
    let p2 = env.json(
        &[
            "credit",
            "list",
            "--org",
            "C017",
            "--per-page",
            "2",
            "--page",
            "2",
        ],
        0,
    );
    assert_eq!(
        (
            p2["pages"].as_u64(),
            p2["records"].as_array().unwrap().len()
        ),
        (Some(3), 2)
    );
    env.run(&[
        "credit",
        "list",
        "--org",
        "C017",
        "--per-page",
        "2",
        "--page",
        "4",
    ])
    .expect(1);
    // Nothing matched: exit 1.
    env.run(&["credit", "list", "--org", "C017", "--year", "2010"])
        .expect(1);
    // Totals per member.
    let t = env.json(
        &[
            "credit", "list", "--org", "C017", "--year", "2017", "--totals",
        ],
        0,
    );
    let wang = &t["totals"][0];
    assert_eq!(wang["id_number"], WANG);
    assert_eq!(wang["records"], 3);
    assert_eq!(wang["national_1"], 2.5);
    assert_eq!(wang["provincial_1"], 2.5);
    assert_eq!(wang["class_2"], 2.5);
    assert_eq!(wang["total"], 7.5);
    let csv = env
        .run(&[
            "credit", "list", "--org", "C017", "--totals", "--format", "csv",
        ])
        .expect(0)
        .stdout;
    assert!(csv.starts_with("\u{FEFF}ID number,Name,Records"), "{csv}");
    // A member's own list works as it did.
    let own = env.json(&["credit", "list", WANG], 0);
    assert_eq!(own.as_array().unwrap().len(), 4);
    // A member of another unit is outside the query.
    env.add_cme_org("C020", "成都市第五人民医院", "市州级");
    env.run(&["credit", "list", "--org", "C020", "--member", WANG])
        .expect(1);
    // Nobody of that number: named, a usage error as in account show.
    env.run(&["archive", "show", "110101199003070010"])
        .expect(2);
    env.run(&["archive", "changes", "110101199003070010"])
        .expect(2);
    env.run(&["profile", "changes", "110101199003070010"])
        .expect(2);
    env.run(&["archive", "changes", VALID_IDS[4]]).expect(2);
}

#[test]
fn profile_changes_show_each_import_before_and_after() {
    let env = Env::with_base();
    env.photos();
    let id = VALID_IDS[1];
    env.residents("H001", &[id.to_owned()]);
    let mut p = good_profile(id, "学员一");
    profile_book(&env.path("p1.xlsx"), std::slice::from_ref(&p));
    env.run(&["profile", "import", "p1.xlsx", "--org", "H001"])
        .expect(0);
    for (n, mobile) in ["13900000002", "13900000003"].iter().enumerate() {
        set(p.basic.as_mut().unwrap(), "手机", mobile);
        let f = format!("p{}.xlsx", n + 2);
        profile_book(&env.path(&f), std::slice::from_ref(&p));
        env.run(&["profile", "import", &f, "--org", "H001"])
            .expect(0);
    }
    env.run(&["profile", "return", id, "--reason", "照片不清楚"])
        .expect(0);
    let d = env.json(&["profile", "changes", id], 0);
    let changes = d["changes"].as_array().unwrap();
    assert_eq!(changes.len(), 3, "{d}");
    let mobile = |c: &Value| -> (Value, Value) {
        let basic = c["sections"]
            .as_array()
            .unwrap()
            .iter()
            .find(|s| s["section"] == "基本信息")
            .unwrap();
        let f = basic["fields"]
            .as_array()
            .unwrap()
            .iter()
            .find(|f| f["field"] == "手机")
            .unwrap();
        (f["before"].clone(), f["after"].clone())
    };
    assert_eq!(mobile(&changes[0]), (Value::Null, "13800000001".into()));
    assert_eq!(
        mobile(&changes[1]),
        ("13800000001".into(), "13900000002".into())
    );
    assert_eq!(
        mobile(&changes[2]),
        ("13900000002".into(), "13900000003".into())
    );
    assert_eq!(changes[2]["status"], "退回修改");
    assert_eq!(changes[2]["decided"]["reason"], "照片不清楚");
    let pdf = env.path("c.pdf");
    env.run(&["profile", "changes", id, "-o", pdf.to_str().unwrap()])
        .expect(0);
    let text = squeeze(&pdf_text(&pdf).join(""));
    assert!(text.contains("基本信息修改前") && text.contains("13900000003"));
    // Nobody's changes: exit 1.
    env.residents("H001", &[VALID_IDS[2].to_owned()]);
    env.run(&["profile", "changes", VALID_IDS[2]]).expect(1);
}

/// One truth for a member: an approved archive change's 是否参加继续教育 and
/// 技术职称 become the account's, the standard of the years not yet
/// assigned follows the new title (logged), a year already assigned keeps
/// its standard, and 变更详情 lists the title and standard changes beside
/// the archive's fields — also those a roster made.
#[test]
fn an_approved_archive_change_updates_the_account_and_the_standard() {
    let env = Env::new();
    env.add_cme_org_in("C1", "成都市第三人民医院", "市州级", "四川");
    env.add_members(
        "C1",
        &[member("王雪梅", WANG, "技师系列 - 副主任技师(副高)")],
    );
    let this_year = chrono::Local::now().date_naive().format("%Y").to_string();
    let last_year = (this_year.parse::<i32>().unwrap() - 1).to_string();
    let assigned = env.json(
        &["credit-standard", "assign", WANG, "--year", &last_year],
        0,
    );
    assert_eq!(assigned["code"], "SCJA4");
    let f = book(
        &env,
        "title.xlsx",
        &[(
            "个人基本信息",
            vec![basic(&[
                ("技术职称", "主管技师"),
                ("是否参加继续教育", "否"),
            ])],
        )],
    );
    import(&env, &f, &[], 0);
    // Waiting for the unit, the account is as it was.
    let shown = env.json(&["account", "show", WANG], 0);
    assert_eq!(shown["title"], "技师系列 - 副主任技师(副高)");
    env.run(&["archive", "review", WANG, "--approve"]).expect(0);
    let shown = env.json(&["account", "show", WANG], 0);
    assert_eq!(shown["title"], "主管技师");
    assert_eq!(shown["takes_cme"], false);
    // The year assigned keeps its standard; a year assigned now follows.
    assert_eq!(shown["standards"][0]["code"], "SCJA4");
    let now = env.json(
        &["credit-standard", "assign", WANG, "--year", &this_year],
        0,
    );
    assert_eq!(now["code"], "SCJA5");
    let d = env.json(&["archive", "changes", WANG], 0);
    let changes = d["changes"].as_array().unwrap();
    // Last year's assignment, the approved change, this year's assignment.
    assert_eq!(changes.len(), 3, "{d}");
    assert_eq!(
        changes[0]["sections"][0]["fields"][0]["after"],
        format!("SCJA4({last_year} 年)")
    );
    let approved = &changes[1];
    assert_eq!(approved["status"], "审核通过");
    let section = approved["sections"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["section"] == "技术职称与学分标准")
        .unwrap_or_else(|| panic!("{approved}"));
    let fields: Vec<(String, String, String)> = section["fields"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            (
                f["field"].as_str().unwrap().to_owned(),
                f["before"].as_str().unwrap_or("").to_owned(),
                f["after"].as_str().unwrap_or("").to_owned(),
            )
        })
        .collect();
    assert_eq!(
        fields,
        [
            ("参加继教".into(), "是".into(), "否".into()),
            (
                "技术职称".into(),
                "技师系列 - 副主任技师(副高)".into(),
                "主管技师".into()
            ),
            (
                "学分标准".into(),
                format!("SCJA4({this_year} 年起未分配的年度)"),
                format!("SCJA5({this_year} 年起未分配的年度)")
            ),
        ]
    );
    // The archive's own field shows the title too.
    assert_eq!(field(approved, "技术职称")["after"], "主管技师");
    // The assignment of this year is a change of its own, after it.
    let last = d["changes"].as_array().unwrap().last().unwrap();
    assert!(last["status"].is_null(), "{last}");
    assert_eq!(
        last["sections"][0]["fields"][0]["after"],
        format!("SCJA5({this_year} 年)")
    );
}
