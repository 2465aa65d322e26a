//! `profile import`, `profile validate`, `profile return` and `profile
//! show` (issue 3): every rule of docs/domain.md#resident-profiles with a
//! failing and a passing case, read back through `--format json`, from a
//! workbook and from the database alike.

use std::collections::BTreeMap;

use crate::common::*;

/// A valid 居民身份证 number of a man born 1990-03-07, the `n`th of a series.
fn man(n: u32) -> String {
    id("110101", "19900307", 2 * n + 1)
}

/// A woman born 1992-02-28.
fn woman(n: u32) -> String {
    id("362301", "19920228", 2 * n)
}

type Mutate = fn(&mut PersonRows);

/// (entity, action, field, before, after) of a change item.
type ItemRow = (
    String,
    String,
    Option<String>,
    Option<String>,
    Option<String>,
);

fn edu(p: &mut PersonRows) -> &mut PRow {
    &mut p.education[0]
}

fn basic(p: &mut PersonRows) -> &mut PRow {
    p.basic.as_mut().unwrap()
}

fn cert(p: &mut PersonRows) -> &mut PRow {
    p.certificate.as_mut().unwrap()
}

/// Each rule, broken in one person: (what, change, section, field,
/// severity, a piece of the message).
fn failing_cases() -> Vec<(
    &'static str,
    Mutate,
    &'static str,
    &'static str,
    &'static str,
    &'static str,
)> {
    vec![
        // Required (*) and conditional (#) fields, the dependency named.
        (
            "required field",
            |p| set(basic(p), "民族", ""),
            "基本信息",
            "民族",
            "error",
            "民族 is required",
        ),
        (
            "required photo",
            |p| set(basic(p), "身份证反面照", ""),
            "基本信息",
            "身份证反面照",
            "error",
            "身份证反面照 is required",
        ),
        (
            "conditional licence number",
            |p| set(cert(p), "医师资格证书编码", ""),
            "证书信息",
            "医师资格证书编码",
            "error",
            "是否获得医师资格证书 is 是, so 医师资格证书编码 is required",
        ),
        (
            "conditional degree",
            |p| set(edu(p), "学位", ""),
            "学习经历",
            "本科·学位",
            "error",
            "是否获得学位证书 is 是, so 学位 is required",
        ),
        (
            "conditional exam date",
            |p| set(cert(p), "通过资格考试时间", ""),
            "证书信息",
            "通过资格考试时间",
            "error",
            "是否通过医师资格考试 is 是, so 通过资格考试时间 is required",
        ),
        (
            "school or other school",
            |p| set(edu(p), "毕业院校", ""),
            "学习经历",
            "本科·毕业院校",
            "error",
            "其他毕业院校",
        ),
        (
            "yes/no that is neither",
            |p| set(edu(p), "是否在读", "也许"),
            "学习经历",
            "本科·是否在读",
            "error",
            "must be 是 or 否",
        ),
        // At least one completed education.
        (
            "only education in study",
            |p| {
                set(edu(p), "是否在读", "是");
                set(edu(p), "是否获得毕业证书", "否");
                set(edu(p), "学历证书编码", "");
                set(edu(p), "学历证书原件", "");
            },
            "学习经历",
            "是否在读",
            "error",
            "at least one completed education",
        ),
        (
            "no education",
            |p| p.education.clear(),
            "学习经历",
            "",
            "error",
            "学习经历 has not been filled in",
        ),
        (
            "no 证书信息",
            |p| p.certificate = None,
            "证书信息",
            "",
            "error",
            "证书信息 has not been filled in",
        ),
        // Dates ordered, nothing in the future.
        (
            "graduation before birth",
            |p| {
                set(edu(p), "毕业时间", "1989-07");
                set(edu(p), "取得学历时间", "1989-07");
                set(edu(p), "取得学位时间", "1989-07");
                set(edu(p), "学历证书编码", "100011198905000123");
                set(edu(p), "学位证书编号", "1000141989000123");
            },
            "学习经历",
            "本科·毕业时间",
            "error",
            "is not after the birth date",
        ),
        (
            "graduation in the future",
            |p| {
                set(edu(p), "毕业时间", "2090-07");
            },
            "学习经历",
            "本科·毕业时间",
            "error",
            "in the future",
        ),
        (
            "degree before graduation",
            |p| set(edu(p), "取得学位时间", "2012-06"),
            "学习经历",
            "本科·取得学位时间",
            "error",
            "is before 毕业时间",
        ),
        (
            "diploma before graduation",
            |p| set(edu(p), "取得学历时间", "2013-06"),
            "学习经历",
            "本科·取得学历时间",
            "error",
            "is before 毕业时间",
        ),
        (
            "diploma long after graduation",
            |p| set(edu(p), "取得学历时间", "2014-09"),
            "学习经历",
            "本科·取得学历时间",
            "warning",
            "14 months after",
        ),
        (
            "licence before exam",
            |p| set(cert(p), "取得医师资格证书时间", "2014-01"),
            "证书信息",
            "取得医师资格证书时间",
            "error",
            "is before 通过资格考试时间",
        ),
        (
            "exam in the future",
            |p| {
                set(cert(p), "通过资格考试时间", "2091-08-23");
                set(cert(p), "取得医师资格证书时间", "2091-12");
            },
            "证书信息",
            "通过资格考试时间",
            "error",
            "in the future",
        ),
        (
            "not a date",
            |p| set(basic(p), "出生日期", "1990-02-30"),
            "基本信息",
            "出生日期",
            "error",
            "is not a date",
        ),
        // Consistency with the ID number.
        (
            "birth date against the ID",
            |p| set(basic(p), "出生日期", "1990-03-08"),
            "基本信息",
            "出生日期",
            "error",
            "differs from the birth date in the ID number",
        ),
        (
            "sex against the ID",
            |p| set(basic(p), "性别", "女"),
            "基本信息",
            "性别",
            "error",
            "the ID number says",
        ),
        // Code lists.
        (
            "民族 not in GB 3304",
            |p| set(basic(p), "民族", "火星族"),
            "基本信息",
            "民族",
            "error",
            "GB 3304",
        ),
        (
            "province",
            |p| set(basic(p), "户口所在地省行政区划", "火星"),
            "基本信息",
            "户口所在地省行政区划",
            "error",
            "is not a province",
        ),
        (
            "证件类型",
            |p| set(basic(p), "证件类型", "驾驶证"),
            "基本信息",
            "证件类型",
            "error",
            "unknown ID type",
        ),
        (
            "学历",
            |p| set(edu(p), "学历", "大学"),
            "学习经历",
            "本科·学历",
            "error",
            "is not one of the values",
        ),
        (
            "学历 against the level",
            |p| set(edu(p), "学历", "研究生教育"),
            "学习经历",
            "本科·学历",
            "warning",
            "is usually 大学本科教育",
        ),
        (
            "学位",
            |p| set(edu(p), "学位", "院士"),
            "学习经历",
            "本科·学位",
            "error",
            "is not one of the values",
        ),
        (
            "学位 against the level",
            |p| {
                set(edu(p), "学位", "硕士");
            },
            "学习经历",
            "本科·学位",
            "error",
            "should be 学士",
        ),
        (
            "学位类型",
            |p| set(edu(p), "学位类型", "混合型"),
            "学习经历",
            "本科·学位类型",
            "error",
            "is not one of the values",
        ),
        (
            "医师资格类别",
            |p| set(cert(p), "医师资格类别", "兽医"),
            "证书信息",
            "医师资格类别",
            "error",
            "is not one of the values",
        ),
        (
            "医师资格级别",
            |p| set(cert(p), "医师资格级别", "主任医师"),
            "证书信息",
            "医师资格级别",
            "error",
            "is not one of the values",
        ),
        (
            "婚姻状况",
            |p| set(basic(p), "婚姻状况", "保密"),
            "基本信息",
            "婚姻状况",
            "error",
            "is not one of the values",
        ),
        (
            "mobile",
            |p| set(basic(p), "手机", "1380000000"),
            "基本信息",
            "手机",
            "error",
            "not a valid mobile",
        ),
        (
            "email",
            |p| set(basic(p), "电子邮箱", "resident.example.cn"),
            "基本信息",
            "电子邮箱",
            "error",
            "not a valid e-mail",
        ),
        // Certificate numbers.
        (
            "diploma number year",
            |p| set(edu(p), "学历证书编码", "100011201405000123"),
            "学习经历",
            "本科·学历证书编码",
            "error",
            "but the graduation year is 2013",
        ),
        (
            "diploma number length",
            |p| set(edu(p), "学历证书编码", "1000112013050001"),
            "学习经历",
            "本科·学历证书编码",
            "error",
            "has 16 digits",
        ),
        (
            "diploma number level code",
            |p| set(edu(p), "学历证书编码", "100011201306000123"),
            "学习经历",
            "本科·学历证书编码",
            "warning",
            "level code 06",
        ),
        (
            "degree number format",
            |p| set(edu(p), "学位证书编号", "ABC123"),
            "学习经历",
            "本科·学位证书编号",
            "error",
            "not in the national format",
        ),
        (
            "degree number year",
            |p| set(edu(p), "学位证书编号", "1000142012000123"),
            "学习经历",
            "本科·学位证书编号",
            "error",
            "conferred in 2013",
        ),
        (
            "licence of someone else",
            |p| set(cert(p), "医师资格证书编码", "201411110310115198511200020"),
            "证书信息",
            "医师资格证书编码",
            "error",
            "must end with the holder's ID number",
        ),
        (
            "licence year",
            |p| {
                let id = get(basic(p), "证件号码").to_owned();
                set(cert(p), "医师资格证书编码", &format!("201811110{id}"));
            },
            "证书信息",
            "医师资格证书编码",
            "warning",
            "starts with the year 2018",
        ),
        // Photos and scans.
        (
            "missing file",
            |p| set(basic(p), "个人照片", "photos/none.jpg"),
            "基本信息",
            "个人照片",
            "error",
            "no such file",
        ),
        (
            "not a JPEG",
            |p| set(basic(p), "个人照片", "photos/portrait.png"),
            "基本信息",
            "个人照片",
            "error",
            "is a PNG file, not a JPEG",
        ),
        (
            "broken JPEG",
            |p| set(basic(p), "身份证正面照", "photos/broken.jpg"),
            "基本信息",
            "身份证正面照",
            "error",
            "broken JPEG",
        ),
        (
            "too few pixels",
            |p| set(basic(p), "个人照片", "photos/small.jpg"),
            "基本信息",
            "个人照片",
            "error",
            "at least 413×626",
        ),
        (
            "too light",
            |p| set(basic(p), "身份证正面照", "photos/light.jpg"),
            "基本信息",
            "身份证正面照",
            "error",
            "between 150 and 300 KB",
        ),
        (
            "scan too heavy",
            |p| set(cert(p), "医师资格证书原件", "photos/heavy-scan.jpg"),
            "证书信息",
            "医师资格证书原件",
            "error",
            "at most 300 KB",
        ),
        (
            "scan too small",
            |p| set(edu(p), "学位证书原件", "photos/small.jpg"),
            "学习经历",
            "本科·学位证书原件",
            "error",
            "at least 1280×800",
        ),
        // 工作信息: the jobs' dates, one held to this day at most, overlaps.
        (
            "job without 工作单位",
            |p| p.jobs(&[("", "2016-07", "2018-06")]),
            "工作信息",
            "第1条·工作单位",
            "error",
            "工作单位 is required",
        ),
        (
            "job start not a date",
            |p| p.jobs(&[("成都市第一人民医院", "去年", "")]),
            "工作信息",
            "第1条·开始时间",
            "error",
            "is not a date (such as 2019-08-23 or 2019-08)",
        ),
        (
            "job begun in the future",
            |p| p.jobs(&[("成都市第一人民医院", "2090-01", "")]),
            "工作信息",
            "第1条·开始时间",
            "error",
            "开始时间 2090-01 is in the future",
        ),
        (
            "job ended in the future",
            |p| p.jobs(&[("成都市第一人民医院", "2016-07", "2090-06-30")]),
            "工作信息",
            "第1条·结束时间",
            "error",
            "leave 结束时间 blank",
        ),
        (
            "job ended before it began",
            |p| p.jobs(&[("成都市第一人民医院", "2016-07-01", "2016-06")]),
            "工作信息",
            "第1条·结束时间",
            "error",
            "结束时间 2016-06 is before 开始时间 2016-07-01",
        ),
        (
            "job begun before birth",
            |p| p.jobs(&[("成都市第一人民医院", "1989-07", "2016-06")]),
            "工作信息",
            "第1条·开始时间",
            "error",
            "is not after the birth date 1990-03-07",
        ),
        (
            "two jobs held to this day",
            // Given latest first: numbered by their start all the same.
            |p| {
                p.jobs(&[
                    ("四川省人民医院", "2018-07", "至今"),
                    ("成都市第一人民医院", "2015-07", ""),
                ])
            },
            "工作信息",
            "第1条·结束时间",
            "error",
            "job 1 has no 结束时间 (held to this day), and neither has job 2",
        ),
        (
            "jobs overlapping",
            |p| {
                p.jobs(&[
                    ("成都市第一人民医院", "2015-07", "2018-06"),
                    ("四川省人民医院", "2017-03", "2019-06"),
                ])
            },
            "工作信息",
            "第2条·开始时间",
            "warning",
            "job 2 began 2017-03, while job 1 (2015-07 to 2018-06) was held",
        ),
        (
            "a job held beside one held to this day",
            |p| {
                p.jobs(&[
                    ("成都市第一人民医院", "2015-07", ""),
                    ("某社区卫生服务中心", "2017-03", "2017-09"),
                ])
            },
            "工作信息",
            "第2条·开始时间",
            "warning",
            "while job 1 (2015-07 to this day) was held",
        ),
    ]
}

/// Variants that must pass: what docs/domain.md#reading-values normalises,
/// and the exceptions the rules allow.
fn passing_cases() -> Vec<(&'static str, Mutate)> {
    vec![
        ("as given", |_| {}),
        ("男性/女性, 汉 without 族, province by code", |p| {
            let sex = format!("{}性", get(basic(p), "性别"));
            set(basic(p), "性别", &sex);
            set(basic(p), "民族", "汉");
            set(basic(p), "户口所在地省行政区划", "11");
        }),
        (
            "province full name, ethnic code, dates typed every way",
            |p| {
                set(basic(p), "户口所在地省行政区划", "北京市");
                set(basic(p), "民族", "01");
                let d = get(basic(p), "出生日期").replace('-', "/");
                set(basic(p), "出生日期", &d);
                let y: i32 = get(edu(p), "毕业时间")[..4].parse().unwrap();
                set(edu(p), "毕业时间", &format!("{y}年7月"));
                set(edu(p), "取得学历时间", &format!("{y}.07"));
                set(cert(p), "通过资格考试时间", &format!("{}年8月23日", y + 1));
            },
        ),
        ("yes/no variants", |p| {
            set(edu(p), "是否在读", "N");
            set(edu(p), "是否获得毕业证书", "Y");
            set(cert(p), "是否通过医师资格考试", "1");
        }),
        ("no licence: conditional fields may be blank", |p| {
            for f in [
                "通过资格考试时间",
                "医师资格类别",
                "医师资格级别",
                "医师资格证书编码",
                "取得医师资格证书时间",
                "医师资格证书原件",
            ] {
                set(cert(p), f, "");
            }
            set(cert(p), "是否通过医师资格考试", "否");
            set(cert(p), "是否获得医师资格证书", "否");
        }),
        ("other school instead of school", |p| {
            set(edu(p), "毕业院校", "");
            set(edu(p), "其他毕业院校", "某某医学院");
        }),
        ("a master's in study beside a completed 本科", |p| {
            let mut m = p.education[0].clone();
            set(&mut m, "学历层次", "硕士");
            set(&mut m, "是否在读", "是");
            set(&mut m, "毕业时间", "2090-06");
            set(&mut m, "学历", "研究生教育");
            set(&mut m, "取得学历时间", "");
            set(&mut m, "是否获得毕业证书", "否");
            set(&mut m, "学历证书编码", "");
            set(&mut m, "学历证书原件", "");
            set(&mut m, "是否获得学位证书", "否");
            for f in [
                "学位类型",
                "学位",
                "取得学位时间",
                "学位证书编号",
                "学位证书原件",
            ] {
                set(&mut m, f, "");
            }
            p.education.push(m);
        }),
        ("scans turned on their side, photos at the limits", |p| {
            set(cert(p), "医师资格证书原件", "photos/scan-portrait.jpg");
            set(basic(p), "个人照片", "photos/portrait-limit.jpg");
        }),
        (
            "jobs one after another, the last held to this day (至今)",
            |p| {
                p.jobs(&[
                    ("四川省人民医院", "2017-07", "至今"),
                    ("成都市第一人民医院", "2015-07-01", "2017-06-30"),
                ]);
            },
        ),
        (
            "a job left and the next begun within a month, by month and day",
            |p| {
                p.jobs(&[
                    ("成都市第一人民医院", "2015-07", "2017-07"),
                    ("四川省人民医院", "2017-07-15", "2019-06-30"),
                    ("某社区卫生服务中心", "2019-06", ""),
                ]);
            },
        ),
        (
            "a job left today, only 工作单位 and 开始时间 given",
            |p| {
                let today = chrono::Local::now().date_naive().to_string();
                let basic = p.basic.as_ref().unwrap();
                let (id, name) = (
                    get(basic, "证件号码").to_owned(),
                    get(basic, "姓名").to_owned(),
                );
                let mut row = job_row(&id, &name, "成都市第一人民医院", "2015-07", &today);
                set(&mut row, "科室", "");
                set(&mut row, "职务", "");
                p.work = vec![row];
            },
        ),
    ]
}

/// Images for the cases: good ones and each kind of bad one.
fn images(env: &Env) {
    env.photos();
    std::fs::write(
        env.path("photos/portrait.png"),
        b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR",
    )
    .unwrap();
    std::fs::write(
        env.path("photos/broken.jpg"),
        [0xFF, 0xD8, 0xFF, 0xE0, 0x00],
    )
    .unwrap();
    jpeg_file(&env.path("photos/small.jpg"), 300, 400, 200 * KB);
    jpeg_file(&env.path("photos/light.jpg"), 640, 480, 100 * KB);
    jpeg_file(&env.path("photos/heavy-scan.jpg"), 2000, 1500, 301 * KB);
    jpeg_file(&env.path("photos/scan-portrait.jpg"), 800, 1280, 300 * KB);
    jpeg_file(&env.path("photos/portrait-limit.jpg"), 413, 626, 150 * KB);
}

struct Cases {
    people: Vec<PersonRows>,
    failing: Vec<(
        String,
        &'static str,
        &'static str,
        &'static str,
        &'static str,
        &'static str,
    )>,
    passing: Vec<(String, &'static str)>,
}

/// One person per case: men for the failing ones, women for the passing.
fn cases() -> Cases {
    let mut people = Vec::new();
    let mut failing = Vec::new();
    for (n, (what, change, section, field, severity, message)) in
        failing_cases().into_iter().enumerate()
    {
        let id = man(n as u32 + 1);
        let name = format!("学员{}", chinese_number(people.len() as u32 + 1));
        let mut p = good_profile(&id, &name);
        change(&mut p);
        people.push(p);
        failing.push((id, what, section, field, severity, message));
    }
    let mut passing = Vec::new();
    for (n, (what, change)) in passing_cases().into_iter().enumerate() {
        let id = woman(n as u32 + 1);
        let name = format!("学员{}", chinese_number(people.len() as u32 + 1));
        let mut p = good_profile(&id, &name);
        change(&mut p);
        people.push(p);
        passing.push((id, what));
    }
    Cases {
        people,
        failing,
        passing,
    }
}

type Found = BTreeMap<String, Vec<(String, String, String, String)>>;

fn by_person(report: &serde_json::Value) -> Found {
    let mut out: Found = BTreeMap::new();
    for (id, section, field, severity, message) in issues(report) {
        out.entry(id)
            .or_default()
            .push((section, field, severity, message));
    }
    out
}

fn check_cases(c: &Cases, found: &Found) {
    for (id, what, section, field, severity, message) in &c.failing {
        let got = found.get(id).cloned().unwrap_or_default();
        assert!(
            got.iter().any(|(s, f, sev, m)| s == section
                && f == field
                && sev == severity
                && m.contains(message)),
            "{what}: wanted {section}/{field} {severity} '{message}', got {got:#?}"
        );
        // The broken rule, and little else (a change may also trip the
        // rules that follow from it: a future graduation puts every later
        // date before it).
        assert!(got.len() <= 4, "{what}: {got:#?}");
    }
    for (id, what) in &c.passing {
        assert_eq!(found.get(id), None, "{what} should pass");
    }
}

#[test]
fn every_rule_fails_and_passes_in_a_workbook() {
    let env = Env::new();
    images(&env);
    let c = cases();
    let book = profile_book(&env.path("profiles.xlsx"), &c.people);
    let report = env.json(
        &["profile", "validate", "--file", book.to_str().unwrap()],
        1,
    );
    check_cases(&c, &by_person(&report));
    let n = c.people.len() as u64;
    assert_eq!(report["checked"], n);
    assert_eq!(
        report["valid"].as_u64().unwrap() + report["invalid"].as_u64().unwrap(),
        n
    );
    // Warnings only do not make a profile invalid.
    assert!(report["valid"].as_u64().unwrap() >= c.passing.len() as u64 + 3);
    // Straight from the file: no database is created.
    assert!(!env.db_path().exists());
    // Rows of the workbook are given (title row 1, header row 2).
    let first = &report["issues"][0];
    assert!(first["row"].as_u64().unwrap() >= 3, "{first}");
}

#[test]
fn the_database_gives_the_same_issues_as_the_workbook() {
    let env = Env::with_base();
    images(&env);
    let c = cases();
    let ids: Vec<String> = c
        .people
        .iter()
        .map(|p| get(p.basic.as_ref().unwrap(), "证件号码").to_owned())
        .collect();
    env.residents("H001", &ids);
    let book = profile_book(&env.path("profiles.xlsx"), &c.people);
    let file_report = env.json(
        &["profile", "validate", "--file", book.to_str().unwrap()],
        1,
    );
    let imported = env.json(
        &["profile", "import", book.to_str().unwrap(), "--org", "H001"],
        0,
    );
    assert_eq!(imported["imported"], c.people.len() as u64);
    let db_report = env.json(&["profile", "validate", "--org", "H001"], 1);
    check_cases(&c, &by_person(&db_report));
    // One rule set: the same issues either way, but for the account's
    // name, which the database knows and a workbook does not (warned).
    let strip = |r: &serde_json::Value| -> Vec<_> {
        let mut v: Vec<_> = issues(r).into_iter().filter(|i| i.2 != "姓名").collect();
        v.sort();
        v
    };
    assert_eq!(strip(&file_report), strip(&db_report));
    assert_eq!(file_report["invalid"], db_report["invalid"]);
}

#[test]
fn warnings_alone_exit_zero_and_errors_exit_one() {
    let env = Env::with_base();
    env.photos();
    let id = man(1);
    env.residents("H001", std::slice::from_ref(&id));
    let mut p = good_profile(&id, "学员一");
    set(&mut p.education[0], "学历", "研究生教育");
    let book = profile_book(&env.path("p.xlsx"), std::slice::from_ref(&p));
    env.json(&["profile", "import", book.to_str().unwrap()], 0);
    let r = env.json(&["profile", "validate"], 0);
    assert_eq!(
        (r["valid"].as_u64(), r["warnings"].as_u64()),
        (Some(1), Some(1))
    );
    assert_eq!(r["issues"][0]["severity"], "warning");
    // Only the database knows the account's ID type and name.
    set(p.basic.as_mut().unwrap(), "证件类型", "护照");
    set(p.basic.as_mut().unwrap(), "姓名", "学员二");
    let book = profile_book(&env.path("p.xlsx"), std::slice::from_ref(&p));
    let r = env.json(
        &["profile", "validate", "--file", book.to_str().unwrap()],
        0,
    );
    assert_eq!(r["valid"], 1);
    env.json(&["profile", "import", book.to_str().unwrap()], 0);
    let r = env.json(&["profile", "validate", "--org", "H001"], 1);
    let found = issues(&r);
    assert!(
        found.iter().any(|i| i.2 == "证件类型"
            && i.3 == "error"
            && i.4.contains("differs from the account's")),
        "{found:#?}"
    );
    assert!(
        found.iter().any(|i| i.2 == "姓名" && i.3 == "warning"),
        "{found:#?}"
    );
    set(p.basic.as_mut().unwrap(), "证件类型", "居民身份证");
    set(p.basic.as_mut().unwrap(), "姓名", "学员一");
    set(p.basic.as_mut().unwrap(), "性别", "女");
    let book = profile_book(&env.path("p.xlsx"), &[p]);
    env.json(&["profile", "import", book.to_str().unwrap()], 0);
    let r = env.json(&["profile", "validate", "--org", "H001"], 1);
    assert_eq!(r["invalid"], 1);
    // The JSON shape of a validation report (docs/profile.md#output).
    let i = &r["issues"][0];
    for key in [
        "id_number",
        "name",
        "section",
        "field",
        "severity",
        "message",
    ] {
        assert!(i.get(key).is_some(), "{key} in {i}");
    }
    assert_eq!(i["name"], "学员一");
}

#[test]
fn residents_without_a_profile_and_the_year_filter() {
    let env = Env::with_base();
    env.photos();
    let ids = [man(1), man(2)];
    env.residents("H001", &ids);
    // A resident of 2018 at the same base.
    let old = man(3);
    let f = env.csv(
        "2018.csv",
        &[
            HEADER.iter().map(|s| s.to_string()).collect(),
            resident("2018", "老学员", &old, "13900000003"),
        ],
    );
    env.import(&f, "H001", &[], 0);
    let book = profile_book(&env.path("p.xlsx"), &[good_profile(&ids[0], "学员一")]);
    env.json(
        &["profile", "import", book.to_str().unwrap(), "--org", "H001"],
        0,
    );
    let r = env.json(
        &["profile", "validate", "--org", "H001", "--year", "2019"],
        1,
    );
    assert_eq!(r["checked"], 2);
    assert_eq!(
        (r["valid"].as_u64(), r["invalid"].as_u64()),
        (Some(1), Some(1))
    );
    let found = issues(&r);
    // One error per tab not filled in, not one per field.
    assert_eq!(found.len(), 3, "{found:#?}");
    assert!(found.iter().all(|i| i.0 == ids[1]));
    let r = env.json(
        &["profile", "validate", "--org", "H001", "--year", "2018"],
        1,
    );
    assert_eq!(r["checked"], 1);
    let r = env.json(&["profile", "validate"], 1);
    assert_eq!(r["checked"], 3);
}

#[test]
fn import_refuses_unknown_people_and_other_bases() {
    let env = Env::with_base();
    env.add_org("H002", "另一家医院");
    env.photos();
    let (ours, theirs, nobody) = (man(1), man(2), man(3));
    env.residents("H001", std::slice::from_ref(&ours));
    env.residents("H002", std::slice::from_ref(&theirs));
    let book = profile_book(
        &env.path("p.xlsx"),
        &[
            good_profile(&ours, "学员一"),
            good_profile(&theirs, "学员二"),
            good_profile(&nobody, "学员三"),
        ],
    );
    let r = env.json(
        &["profile", "import", book.to_str().unwrap(), "--org", "H001"],
        1,
    );
    assert_eq!(counts(&r), (1, 0, 0, 2));
    let errors = r["errors"].as_array().unwrap();
    assert_eq!(errors.len(), 2);
    assert_eq!(errors[0]["sheet"], "基本信息");
    assert_eq!(errors[0]["row"], 4);
    assert_eq!(errors[0]["column"], "*证件号码");
    assert!(
        errors[0]["message"]
            .as_str()
            .unwrap()
            .contains("另一家医院 (H002)")
    );
    assert!(
        errors[1]["message"]
            .as_str()
            .unwrap()
            .contains("no account")
    );
    assert_eq!(env.count("SELECT count(*) FROM profile_basic"), 1);
    // Without --org, any resident's profile is taken.
    let r = env.json(&["profile", "import", book.to_str().unwrap()], 1);
    assert_eq!(counts(&r), (1, 0, 1, 1));
    // Not a resident: a member's account has no profile.
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
                "电子邮箱",
                "参加继教",
                "学分达标遵照",
            ],
            &[
                "张医生",
                "居民身份证",
                &nobody,
                "13800000003",
                "内科",
                "医师",
                "doctor@example.cn",
                "是",
                "县级",
            ],
        ]),
    );
    env.import(&members, "H001", &["--role", "member"], 0);
    let r = env.json(&["profile", "import", book.to_str().unwrap()], 1);
    assert!(
        r["errors"][0]["message"]
            .as_str()
            .unwrap()
            .contains("not a resident")
    );
}

#[test]
fn reimport_replaces_the_profile_and_logs_each_field() {
    let env = Env::with_base();
    env.photos();
    let id = man(1);
    env.residents("H001", std::slice::from_ref(&id));
    let mut p = good_profile(&id, "学员一");
    let book = profile_book(&env.path("p.xlsx"), std::slice::from_ref(&p));
    let r = env.json(
        &["profile", "import", book.to_str().unwrap(), "--org", "H001"],
        0,
    );
    assert_eq!(counts(&r), (1, 0, 0, 0));
    // The same file again changes nothing.
    let r = env.json(
        &["profile", "import", book.to_str().unwrap(), "--org", "H001"],
        0,
    );
    assert_eq!(counts(&r), (0, 0, 1, 0));
    let sets = env.change_sets();
    // Values are stored normalised.
    assert_eq!(
        env.count(&format!(
            "SELECT count(*) FROM profile_basic b JOIN account a ON a.id = b.account_id
             WHERE a.id_number = '{id}' AND b.sex = '男' AND b.birth_date = '1990-03-07'
               AND b.photo LIKE '/%photos/portrait.jpg'"
        )),
        1
    );
    // Change a basic field, typed differently; drop 证书信息; add a 硕士.
    set(p.basic.as_mut().unwrap(), "婚姻状况", "已婚");
    set(p.basic.as_mut().unwrap(), "性别", "男性");
    p.certificate = None;
    let mut m = p.education[0].clone();
    set(&mut m, "学历层次", "硕士");
    p.education.push(m);
    let book = profile_book(&env.path("p2.xlsx"), &[p]);
    let r = env.json(
        &["profile", "import", book.to_str().unwrap(), "--org", "H001"],
        0,
    );
    assert_eq!(counts(&r), (0, 1, 0, 0));
    assert_eq!(env.change_sets(), sets + 1);
    let items: Vec<ItemRow> = env
        .items(&id)
        .into_iter()
        .map(|i| (i.entity, i.action, i.field, i.before, i.after))
        .collect();
    assert!(items.contains(&("profile".into(), "create".into(), None, None, None)));
    assert!(items.contains(&(
        "profile.基本信息".into(),
        "update".into(),
        Some("婚姻状况".into()),
        Some("未婚".into()),
        Some("已婚".into())
    )));
    // 男性 is stored as 男: not a change.
    assert!(!items.iter().any(|i| i.2.as_deref() == Some("性别")));
    assert!(items.contains(&(
        "profile.学习经历.硕士".into(),
        "create".into(),
        None,
        None,
        None
    )));
    assert!(items.contains(&("profile.证书信息".into(), "delete".into(), None, None, None)));
    assert_eq!(env.count("SELECT count(*) FROM profile_certificate"), 0);
    assert_eq!(env.count("SELECT count(*) FROM profile_education"), 2);
    // account show lists the field-level history (变更详情).
    let shown = env.json(&["account", "show", &id], 0);
    let history = shown["history"].as_array().unwrap();
    assert!(history.iter().any(|e| e["entity"] == "profile.基本信息"
        && e["field"] == "婚姻状况"
        && e["before"] == "未婚"
        && e["after"] == "已婚"));
}

/// The jobs of a resident as stored: (seq, 工作单位, 科室, 开始时间, 结束时间).
type Job = (i64, String, Option<String>, Option<String>, Option<String>);

fn stored_jobs(env: &Env, id: &str) -> Vec<Job> {
    let conn = env.db();
    let mut stmt = conn
        .prepare(
            "SELECT w.seq, w.employer, w.department, w.start_on, w.end_on
             FROM profile_work w JOIN account a ON a.id = w.account_id
             WHERE a.id_number = ?1 ORDER BY w.seq",
        )
        .unwrap();
    stmt.query_map([id], |r| {
        Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?))
    })
    .unwrap()
    .map(Result::unwrap)
    .collect()
}

fn job(seq: i64, employer: &str, department: &str, start: &str, end: Option<&str>) -> Job {
    (
        seq,
        employer.to_owned(),
        Some(department.to_owned()),
        Some(start.to_owned()),
        end.map(str::to_owned),
    )
}

/// 工作信息: stored numbered in the order the jobs began, shown; a workbook
/// without the sheet leaves everyone's jobs as they are; with it, a
/// person's jobs are replaced by their rows (none: removed), each change
/// logged (a removed job with what it was), shown by 变更详情, and a
/// submitted record goes back to 未上报.
#[test]
fn work_info_is_replaced_by_the_sheet_and_kept_without_it() {
    let env = Env::with_base();
    env.photos();
    let (a, b) = (man(1), man(2));
    env.residents("H001", &[a.clone(), b.clone()]);
    let mut pa = good_profile(&a, "学员一");
    let mut pb = good_profile(&b, "学员二");
    // Given latest first; 至今 for a job held to this day.
    pa.jobs(&[
        ("四川省人民医院", "2017-07", "至今"),
        ("成都市第一人民医院", "2015-07-01", "2017-06-30"),
    ]);
    pb.jobs(&[("某社区卫生服务中心", "2016-09", "2018-08")]);
    let book = profile_book(&env.path("p.xlsx"), &[pa.clone(), pb.clone()]);
    let r = env.json(
        &["profile", "import", book.to_str().unwrap(), "--org", "H001"],
        0,
    );
    assert_eq!(counts(&r), (2, 0, 0, 0));
    assert_eq!(
        stored_jobs(&env, &a),
        vec![
            job(
                1,
                "成都市第一人民医院",
                "内科",
                "2015-07-01",
                Some("2017-06-30")
            ),
            job(2, "四川省人民医院", "内科", "2017-07", None),
        ]
    );
    // profile show lists them by number, on screen and as JSON.
    let shown = env.json(&["profile", "show", &a], 0);
    let jobs = shown["工作信息"].as_array().unwrap();
    assert_eq!(jobs.len(), 2, "{shown}");
    assert_eq!(jobs[0]["job"], 1);
    assert_eq!(jobs[0]["fields"][0]["field"], "工作单位");
    assert_eq!(jobs[0]["fields"][0]["value"], "成都市第一人民医院");
    let run = env.run(&["profile", "show", &a]).expect(0);
    assert!(
        run.stdout.contains("工作信息·第2条·工作单位") && run.stdout.contains("四川省人民医院"),
        "{}",
        run.stdout
    );
    let before = env.change_sets();

    // b's record is submitted by the base.
    env.db()
        .execute_batch(&format!(
            "UPDATE training SET report_status = '已上报', review_status = '待审核'
             WHERE account_id = (SELECT id FROM account WHERE id_number = '{b}')"
        ))
        .unwrap();
    let status = |id: &str| {
        env.db()
            .query_row(
                "SELECT t.report_status FROM training t JOIN account a ON a.id = t.account_id
                 WHERE a.id_number = ?1",
                [id],
                |r| r.get::<_, String>(0),
            )
            .unwrap()
    };

    // Without the sheet: nobody's jobs change, nothing is logged.
    pa.work.clear();
    pb.work.clear();
    let without = profile_book_sheets(&env.path("no-work.xlsx"), &[pa.clone(), pb.clone()], false);
    let r = env.json(
        &[
            "profile",
            "import",
            without.to_str().unwrap(),
            "--org",
            "H001",
        ],
        0,
    );
    assert_eq!(counts(&r), (0, 0, 2, 0), "{r}");
    assert_eq!(stored_jobs(&env, &a).len(), 2);
    assert_eq!(stored_jobs(&env, &b).len(), 1);
    assert_eq!(env.change_sets(), before);
    assert_eq!(status(&b), "已上报");

    // With it: a's job 2 ended and a third begun; b has no rows any more.
    pa.jobs(&[
        ("成都市第一人民医院", "2015-07-01", "2017-06-30"),
        ("四川省人民医院", "2017-07", "2020-06"),
        ("四川大学华西医院", "2020-07", ""),
    ]);
    let book = profile_book(&env.path("p2.xlsx"), &[pa.clone(), pb.clone()]);
    let r = env.json(
        &["profile", "import", book.to_str().unwrap(), "--org", "H001"],
        0,
    );
    assert_eq!(counts(&r), (0, 2, 0, 0), "{r}");
    assert_eq!(
        stored_jobs(&env, &a),
        vec![
            job(
                1,
                "成都市第一人民医院",
                "内科",
                "2015-07-01",
                Some("2017-06-30")
            ),
            job(2, "四川省人民医院", "内科", "2017-07", Some("2020-06")),
            job(3, "四川大学华西医院", "内科", "2020-07", None),
        ]
    );
    assert_eq!(stored_jobs(&env, &b), vec![]);
    assert_eq!(status(&b), "未上报", "a change of the profile reopens");
    let items = |id: &str| -> Vec<ItemRow> {
        env.items(id)
            .into_iter()
            .map(|i| (i.entity, i.action, i.field, i.before, i.after))
            .collect()
    };
    let s = |v: &str| Some(v.to_owned());
    let of_a = items(&a);
    assert!(of_a.contains(&(
        "profile.工作信息.2".into(),
        "update".into(),
        s("结束时间"),
        None,
        s("2020-06")
    )));
    assert!(of_a.contains(&(
        "profile.工作信息.3".into(),
        "create".into(),
        None,
        None,
        None
    )));
    let of_b = items(&b);
    // The job as it was, then the record reopened.
    let last: Vec<&ItemRow> = of_b.iter().rev().take(7).rev().collect();
    assert_eq!(
        last,
        [
            &(
                "profile.工作信息.1".into(),
                "delete".into(),
                None,
                None,
                None
            ),
            &(
                "profile.工作信息.1".into(),
                "update".into(),
                s("工作单位"),
                s("某社区卫生服务中心"),
                None
            ),
            &(
                "profile.工作信息.1".into(),
                "update".into(),
                s("科室"),
                s("内科"),
                None
            ),
            &(
                "profile.工作信息.1".into(),
                "update".into(),
                s("职务"),
                s("住院医师"),
                None
            ),
            &(
                "profile.工作信息.1".into(),
                "update".into(),
                s("开始时间"),
                s("2016-09"),
                None
            ),
            &(
                "profile.工作信息.1".into(),
                "update".into(),
                s("结束时间"),
                s("2018-08"),
                None
            ),
            &(
                "report".into(),
                "reopen".into(),
                s("上报状态"),
                s("已上报"),
                s("未上报")
            ),
        ]
    );

    // 变更详情: b's job as it was before the import that removed it.
    let d = env.json(&["profile", "changes", &b], 0);
    let changes = d["changes"].as_array().unwrap();
    let last = &changes[changes.len() - 1];
    let section = last["sections"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["section"] == "工作信息·第1条")
        .unwrap_or_else(|| panic!("{last}"));
    assert_eq!(section["changed"], true);
    assert!(section.get("note").is_none(), "{section}");
    assert_eq!(section["fields"][0]["before"], "某社区卫生服务中心");
    assert_eq!(section["fields"][0]["after"], serde_json::Value::Null);
    // The first import's jobs are there as created, in 变更详情 of a.
    let d = env.json(&["profile", "changes", &a], 0);
    let first = d["changes"][0]["sections"].as_array().unwrap();
    let labels: Vec<&str> = first
        .iter()
        .map(|s| s["section"].as_str().unwrap())
        .collect();
    assert_eq!(
        labels,
        [
            "基本信息",
            "学习经历·本科",
            "工作信息·第1条",
            "工作信息·第2条",
            "证书信息"
        ]
    );

    // A row of 证件号码 and 姓名 alone says the person has no job.
    let mut keys = job_row(&a, "学员一", "", "", "");
    set(&mut keys, "科室", "");
    set(&mut keys, "职务", "");
    pa.work = vec![keys];
    let book = profile_book(&env.path("p3.xlsx"), &[pa]);
    let r = env.json(
        &["profile", "import", book.to_str().unwrap(), "--org", "H001"],
        0,
    );
    assert_eq!(counts(&r), (0, 1, 0, 0), "{r}");
    assert_eq!(stored_jobs(&env, &a), vec![]);
}

/// A job typed twice (the same 工作单位 from the same 开始时间) refuses the
/// person, placed at its sheet, row and column, and leaves what is stored;
/// validating the workbook says the same, in English and Chinese.
#[test]
fn a_job_typed_twice_refuses_the_person() {
    let env = Env::with_base();
    env.photos();
    let a = man(1);
    env.residents("H001", std::slice::from_ref(&a));
    let mut p = good_profile(&a, "学员一");
    p.jobs(&[
        ("成都市第一人民医院", "2015-07", "2017-06"),
        ("成都市第一人民医院", "2015.7", ""),
    ]);
    let book = profile_book(&env.path("p.xlsx"), std::slice::from_ref(&p));
    let r = env.json(
        &["profile", "import", book.to_str().unwrap(), "--org", "H001"],
        1,
    );
    assert_eq!(counts(&r), (0, 0, 0, 1), "{r}");
    let e = &r["errors"][0];
    assert_eq!(e["sheet"], "工作信息");
    assert_eq!(
        (e["row"].as_u64(), e["column"].as_str()),
        (Some(4), Some("工作单位"))
    );
    assert!(
        e["message"]
            .as_str()
            .unwrap()
            .contains("the same job as row 3"),
        "{e}"
    );
    assert_eq!(env.count("SELECT count(*) FROM profile_basic"), 0);
    assert_eq!(env.count("SELECT count(*) FROM profile_work"), 0);
    let v = env.json(
        &["profile", "validate", "--file", book.to_str().unwrap()],
        1,
    );
    assert!(
        issues(&v).iter().any(|i| i.1 == "工作信息"
            && i.2 == "工作单位"
            && i.3 == "error"
            && i.4.contains("one row per job")),
        "{v}"
    );
    let run = env
        .run(&[
            "--lang",
            "zh",
            "profile",
            "validate",
            "--file",
            book.to_str().unwrap(),
        ])
        .expect(1);
    assert!(
        run.stdout.contains("与第 3 行重复:同一人的同一份工作"),
        "{}",
        run.stdout
    );
    // Told apart, the two are taken; and the Chinese messages of the rules.
    p.jobs(&[
        ("成都市第一人民医院", "2015-07", "2017-06"),
        ("成都市第一人民医院", "2017-09", ""),
        ("四川省人民医院", "2016-01", ""),
    ]);
    let book = profile_book(&env.path("p2.xlsx"), std::slice::from_ref(&p));
    let r = env.json(
        &["profile", "import", book.to_str().unwrap(), "--org", "H001"],
        0,
    );
    assert_eq!(counts(&r), (1, 0, 0, 0), "{r}");
    let run = env
        .run(&["--lang", "zh", "profile", "validate", "--org", "H001"])
        .expect(1);
    for piece in [
        "第 2 条工作没有结束时间(至今),第 3 条也没有:目前在职的工作至多一条",
        "第 2 条工作开始于 2016-01,与第 1 条(2015-07 至 2017-06)时间重叠",
        "第2条·结束时间",
    ] {
        assert!(run.stdout.contains(piece), "{piece}: {}", run.stdout);
    }
}

#[test]
fn refused_rows_leave_the_stored_profile_alone() {
    let env = Env::with_base();
    env.photos();
    let id = man(1);
    env.residents("H001", std::slice::from_ref(&id));
    let p = good_profile(&id, "学员一");
    let book = profile_book(&env.path("p.xlsx"), std::slice::from_ref(&p));
    env.json(&["profile", "import", book.to_str().unwrap()], 0);
    // A duplicate row, an unknown level and an image outside the folder.
    let mut bad = p.clone();
    set(bad.basic.as_mut().unwrap(), "婚姻状况", "已婚");
    bad.education.push(p.education[0].clone());
    let mut odd = p.education[0].clone();
    set(&mut odd, "学历层次", "博士后");
    bad.education.push(odd);
    set(
        bad.certificate.as_mut().unwrap(),
        "医师资格证书原件",
        "../../etc/passwd",
    );
    let book = profile_book(&env.path("bad.xlsx"), &[bad]);
    let r = env.json(&["profile", "import", book.to_str().unwrap()], 1);
    assert_eq!(counts(&r), (0, 0, 0, 1));
    let messages: Vec<String> = r["errors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| format!("{} {} {}", e["sheet"], e["column"], e["message"]))
        .collect();
    assert_eq!(messages.len(), 3, "{messages:#?}");
    assert!(
        messages[0].contains("same person and level as row 3"),
        "{messages:#?}"
    );
    assert!(
        messages[1].contains("unknown 学历层次 '博士后'"),
        "{messages:#?}"
    );
    assert!(
        messages[2].contains("leads outside the workbook's folder"),
        "{messages:#?}"
    );
    assert!(messages[2].contains("医师资格证书原件"), "{messages:#?}");
    assert_eq!(
        env.count("SELECT count(*) FROM profile_basic WHERE marital_status = '未婚'"),
        1
    );
}

#[test]
fn return_is_kept_in_the_history_and_shown() {
    let env = Env::with_base();
    env.photos();
    let id = man(1);
    env.residents("H001", std::slice::from_ref(&id));
    let p = good_profile(&id, "学员一");
    let book = profile_book(&env.path("p.xlsx"), std::slice::from_ref(&p));
    env.json(&["profile", "import", book.to_str().unwrap()], 0);
    let r = env.json(
        &[
            "profile",
            "return",
            &id,
            "--reason",
            "个人照片不是白底证件照,请重新上传",
        ],
        0,
    );
    assert_eq!(r["id_number"], id);
    assert_eq!(r["answered"], false);
    assert_eq!(env.count("SELECT count(*) FROM profile_return"), 1);
    let items = env.items(&id);
    let last = items.last().unwrap();
    assert_eq!(
        (last.entity.as_str(), last.action.as_str()),
        ("profile", "return")
    );
    let shown = env.json(&["account", "show", &id], 0);
    let e = shown["history"].as_array().unwrap().last().unwrap().clone();
    assert_eq!(e["note"], "个人照片不是白底证件照,请重新上传");
    let v = env.json(&["profile", "show", &id], 0);
    assert_eq!(
        v["returns"][0]["reason"],
        "个人照片不是白底证件照,请重新上传"
    );
    assert_eq!(v["returns"][0]["answered"], false);
    assert_eq!(v["基本信息"][0]["field"], "姓名");
    // The resident changes the profile: the return is answered.
    let mut changed = p;
    set(
        changed.basic.as_mut().unwrap(),
        "个人照片",
        "photos/id-front.jpg",
    );
    let book = profile_book(&env.path("p2.xlsx"), &[changed]);
    env.json(&["profile", "import", book.to_str().unwrap()], 0);
    let v = env.json(&["profile", "show", &id], 0);
    assert_eq!(v["returns"][0]["answered"], true);
    // Bad returns.
    let run = env
        .run(&["profile", "return", &id, "--reason", "  "])
        .expect(2);
    assert!(run.stderr.contains("needs a reason"), "{}", run.stderr);
    env.run(&["profile", "return", &man(9), "--reason", "x"])
        .expect(2);
    assert_eq!(env.count("SELECT count(*) FROM profile_return"), 1);
}

#[test]
fn errors_workbook_lists_every_problem_and_each_person() {
    let env = Env::new();
    images(&env);
    let mut p = good_profile(&man(1), "学员一");
    set(p.basic.as_mut().unwrap(), "民族", "火星族");
    set(p.basic.as_mut().unwrap(), "个人照片", "photos/small.jpg");
    let q = good_profile(&man(2), "学员二");
    let book = profile_book(&env.path("p.xlsx"), &[p, q]);
    let out = env.path("fix-me.xlsx");
    env.run(&[
        "profile",
        "validate",
        "--file",
        book.to_str().unwrap(),
        "--errors",
        out.to_str().unwrap(),
    ])
    .expect(1);
    use calamine::{Reader, Xlsx as CXlsx, open_workbook};
    let mut wb: CXlsx<_> = open_workbook(&out).unwrap();
    assert_eq!(wb.sheet_names(), ["问题清单", "按人员汇总", "说明"]);
    let list = wb.worksheet_range("问题清单").unwrap();
    let rows: Vec<Vec<String>> = list
        .rows()
        .map(|r| r.iter().map(|c| c.to_string()).collect())
        .collect();
    assert_eq!(
        rows[0][..7],
        [
            "证件号码",
            "姓名",
            "页签",
            "学历层次/序号",
            "字段",
            "级别",
            "问题"
        ]
    );
    assert_eq!(rows.len(), 3, "{rows:?}");
    assert_eq!(rows[1][0], man(1));
    assert_eq!(rows[1][4], "民族");
    assert_eq!(rows[1][5], "错误");
    let summary = wb.worksheet_range("按人员汇总").unwrap();
    assert_eq!(summary.rows().count(), 2);
    // As CSV: the list alone.
    let csv = env.path("fix-me.csv");
    env.run(&[
        "profile",
        "validate",
        "--file",
        book.to_str().unwrap(),
        "--errors",
        csv.to_str().unwrap(),
    ])
    .expect(1);
    assert_eq!(read_csv(&csv).len(), 3);
    // A wrong extension is refused before the work.
    env.run(&[
        "profile",
        "validate",
        "--file",
        book.to_str().unwrap(),
        "--errors",
        "x.txt",
    ])
    .expect(2);
}

#[test]
fn table_output_groups_by_person() {
    let env = Env::new();
    images(&env);
    let mut p = good_profile(&man(1), "学员一");
    set(p.basic.as_mut().unwrap(), "民族", "火星族");
    set(p.basic.as_mut().unwrap(), "手机", "123");
    let book = profile_book(&env.path("p.xlsx"), &[p]);
    let run = env
        .run(&[
            "profile",
            "validate",
            "--file",
            book.to_str().unwrap(),
            "--lang",
            "zh",
        ])
        .expect(1);
    assert_eq!(run.stdout.matches(&man(1)).count(), 1, "{}", run.stdout);
    assert!(
        run.stdout.contains("民族“火星族”不在 GB 3304 民族代码表中"),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout.contains("校验 1 人:通过 0 人,未通过 1 人"),
        "{}",
        run.stdout
    );
}

#[test]
fn bad_workbooks_give_clear_messages() {
    let env = Env::with_base();
    env.photos();
    let id = man(1);
    // Missing sheets.
    let only_basic = Xlsx::new()
        .sheet("基本信息", 0, &[vec![t("证件号码")], vec![t(&id)]])
        .save(&env.path("one.xlsx"));
    let run = env
        .run(&[
            "profile",
            "validate",
            "--file",
            only_basic.to_str().unwrap(),
        ])
        .expect(2);
    assert!(
        run.stderr.contains("lacks the sheets 学习经历、证书信息"),
        "{}",
        run.stderr
    );
    env.run(&["profile", "import", only_basic.to_str().unwrap()])
        .expect(2);
    // A CSV cannot hold three sheets.
    let csv = env.csv("p.csv", &rows(&[&["证件号码"], &[&id]]));
    let run = env
        .run(&["profile", "import", csv.to_str().unwrap()])
        .expect(2);
    assert!(run.stderr.contains("CSV"), "{}", run.stderr);
    // A sheet without its key column.
    let no_key = Xlsx::new()
        .sheet("基本信息", 0, &[vec![t("姓名")], vec![t("张三")]])
        .sheet("学习经历", 0, &[vec![t("证件号码"), t("学历层次")]])
        .sheet("证书信息", 0, &[vec![t("证件号码")]])
        .save(&env.path("nokey.xlsx"));
    let run = env
        .run(&["profile", "validate", "--file", no_key.to_str().unwrap()])
        .expect(2);
    assert!(run.stderr.contains("证件号码"), "{}", run.stderr);
    // Unknown columns are ignored with a warning; missing ones read as blank.
    let mut p = good_profile(&id, "学员一");
    p.basic.as_mut().unwrap().push(("备注".into(), "x".into()));
    p.basic.as_mut().unwrap().retain(|(l, _)| l != "qq");
    let book = profile_book(&env.path("extra.xlsx"), &[p]);
    let run = env
        .run(&["profile", "validate", "--file", book.to_str().unwrap()])
        .expect(0);
    assert!(
        run.stderr.contains("ignored unknown columns 备注"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr
            .contains("lacks these columns, read as blank: qq"),
        "{}",
        run.stderr
    );
    // Not a workbook at all, or no file.
    env.write("junk.xlsx", "not a zip");
    env.run(&["profile", "validate", "--file", "junk.xlsx"])
        .expect(2);
    env.run(&["profile", "import", "nope.xlsx"]).expect(2);
    // Rows without a usable key, and an ID stored as a number.
    let keyless = Xlsx::new()
        .sheet(
            "基本信息",
            0,
            &[
                vec![t("证件号码"), t("姓名")],
                vec![X::E, t("张三")],
                vec![X::N(3.62301199202281e17), t("李四")],
            ],
        )
        .sheet("学习经历", 0, &[vec![t("证件号码"), t("学历层次")]])
        .sheet("证书信息", 0, &[vec![t("证件号码")]])
        .save(&env.path("keyless.xlsx"));
    let r = env.json(
        &["profile", "validate", "--file", keyless.to_str().unwrap()],
        1,
    );
    let msgs: Vec<String> = issues(&r).into_iter().map(|i| i.4).collect();
    assert!(
        msgs.iter().any(|m| m.contains("ID number is empty")),
        "{msgs:#?}"
    );
    assert!(msgs.iter().any(|m| m.contains("lost digits")), "{msgs:#?}");
    // Nothing was written by any of this.
    assert_eq!(env.count("SELECT count(*) FROM profile_basic"), 0);
}

#[test]
fn broken_images_and_escaping_paths_never_panic() {
    let env = Env::new();
    env.photos();
    // Every kind of broken image file.
    let cases: [(&str, &[u8]); 6] = [
        ("empty.jpg", b""),
        ("soi-only.jpg", &[0xFF, 0xD8]),
        (
            "zero-length-segment.jpg",
            &[0xFF, 0xD8, 0xFF, 0xE0, 0x00, 0x00],
        ),
        (
            "huge-segment.jpg",
            &[0xFF, 0xD8, 0xFF, 0xE0, 0xFF, 0xFF, 0x00],
        ),
        ("gif.jpg", b"GIF89a\x01\x00"),
        (
            "zero-size.jpg",
            &[0xFF, 0xD8, 0xFF, 0xC0, 0x00, 0x11, 0x08, 0, 0, 0, 0],
        ),
    ];
    let mut people = Vec::new();
    for (n, (name, bytes)) in cases.iter().enumerate() {
        env.write(&format!("photos/{name}"), bytes);
        let mut p = good_profile(&man(n as u32 + 1), "学员");
        set(
            p.basic.as_mut().unwrap(),
            "个人照片",
            &format!("photos/{name}"),
        );
        people.push(p);
    }
    std::fs::create_dir_all(env.path("photos/a-folder.jpg")).unwrap();
    for (n, path) in [
        "photos/a-folder.jpg",
        "../outside.jpg",
        "/etc/hostname",
        r"..\..\x.jpg",
    ]
    .iter()
    .enumerate()
    {
        let mut p = good_profile(&woman(n as u32 + 1), "学员");
        set(p.basic.as_mut().unwrap(), "个人照片", path);
        people.push(p);
    }
    let book = profile_book(&env.path("p.xlsx"), &people);
    let r = env.json(
        &["profile", "validate", "--file", book.to_str().unwrap()],
        1,
    );
    assert_eq!(r["invalid"], people.len() as u64);
    let found = issues(&r);
    let photo: Vec<&String> = found
        .iter()
        .filter(|i| i.2 == "个人照片")
        .map(|i| &i.4)
        .collect();
    assert_eq!(photo.len(), people.len(), "{photo:#?}");
    assert!(
        photo[3].contains("broken") || photo[3].contains("not a JPEG"),
        "{photo:#?}"
    );
    assert!(photo[4].contains("GIF file"), "{photo:#?}");
    assert!(photo[6].contains("is not a file"), "{photo:#?}");
    for p in &photo[7..] {
        assert!(
            p.contains("leads outside the workbook's folder"),
            "{photo:#?}"
        );
    }
}

/// The `i`th of a long series of distinct valid ID numbers (a man or a
/// woman born on one of many days of 1990).
fn nth_person(i: u32) -> String {
    let day = chrono::NaiveDate::from_ymd_opt(1990, 1, 1).unwrap()
        + chrono::Days::new(u64::from(i / 400));
    id("110101", &day.format("%Y%m%d").to_string(), i % 400 + 1)
}

/// What should become of person `i` of the second import.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Fate {
    Created,
    Unchanged,
    /// 婚姻状况 changed; 证书信息 dropped when `true`.
    Changed(bool),
    /// Not in the file: an unknown person stands in their place.
    Replaced,
    /// Their 基本信息 row is there twice.
    Twice,
}

fn fate(i: u32) -> Fate {
    if i % 97 == 5 {
        Fate::Replaced
    } else if i % 101 == 7 {
        Fate::Twice
    } else {
        match i % 3 {
            0 => Fate::Created,
            1 => Fate::Unchanged,
            _ => Fate::Changed(i.is_multiple_of(4)),
        }
    }
}

/// More people than one batch of the server's bulk path, in a mix of
/// refusals (no account, another base, a row twice), new, unchanged and
/// changed profiles (jobs among them), some of them submitted: each person's outcome, the
/// stored profiles and the change log (every item, in order) are as a
/// person-by-person import gives them, on either engine.
#[test]
fn a_large_import_across_batches_judges_each_person_as_alone() {
    const N: u32 = 8_600;
    let env = Env::with_base();
    env.add_org("H002", "另一家医院");
    env.photos();
    let ours: Vec<String> = (0..N).map(nth_person).collect();
    env.residents("H001", &ours);
    let theirs: Vec<String> = (0..30)
        .map(|k| id("362301", "19920228", 2 * k + 2))
        .collect();
    env.residents("H002", &theirs);
    let name = |i: u32| format!("学员{}", chinese_number(i + 1));

    // Some have two jobs, the second held to this day.
    let has_jobs = |i: u32| i % 7 == 3;
    let profile = |i: u32| {
        let mut p = good_profile(&ours[i as usize], &name(i));
        if has_jobs(i) {
            p.jobs(&[
                ("成都市第一人民医院", "2015-07", "2017-06"),
                ("四川省人民医院", "2017-07", ""),
            ]);
        }
        p
    };
    // First, the profiles of those whose fate is not to be created.
    let first: Vec<PersonRows> = (0..N).filter(|&i| i % 3 != 0).map(profile).collect();
    let book = profile_book(&env.path("first.xlsx"), &first);
    let r = env.json(&["profile", "import", book.to_str().unwrap()], 0);
    assert_eq!(counts(&r), (first.len() as u64, 0, 0, 0));
    // Some of them submitted by the base (a new profile reopens too).
    let submitted = |i: u32| i % 50 == 1 || i % 50 == 2;
    env.db()
        .execute_batch(&format!(
            "UPDATE training SET report_status = '已上报', review_status = '待审核'
             WHERE account_id IN (SELECT id FROM account WHERE id_number IN ({}))",
            (0..N)
                .filter(|&i| submitted(i))
                .map(|i| format!("'{}'", ours[i as usize]))
                .collect::<Vec<_>>()
                .join(", ")
        ))
        .unwrap();

    // The second file, in person order; another base's residents among them.
    let mut people = Vec::new();
    // (row of 基本信息, what the error says) of each refusal.
    let mut refusals: Vec<(u64, String)> = Vec::new();
    let mut expected_items: Vec<(String, String, String, Option<String>)> = Vec::new();
    let mut want = (0, 0, 0, 0);
    let row_of = |people: &Vec<PersonRows>| 3 + people.len() as u64;
    for i in 0..N {
        let me = &ours[i as usize];
        if i % 300 == 150 {
            let k = (i / 300) as usize;
            refusals.push((row_of(&people), "另一家医院 (H002)".into()));
            people.push(good_profile(&theirs[k], "他院学员"));
            want.3 += 1;
        }
        let item = |entity: &str, action: &str, field: Option<&str>| {
            (
                me.clone(),
                entity.to_owned(),
                action.to_owned(),
                field.map(str::to_owned),
            )
        };
        match fate(i) {
            Fate::Replaced => {
                let stranger = id("120101", "19850505", i % 400 + 1);
                refusals.push((
                    row_of(&people),
                    format!("no account with the ID number {stranger}"),
                ));
                people.push(good_profile(&stranger, "陌生人"));
                want.3 += 1;
            }
            Fate::Twice => {
                let p = good_profile(me, &name(i));
                let again = PersonRows {
                    basic: p.basic.clone(),
                    education: Vec::new(),
                    work: Vec::new(),
                    certificate: None,
                };
                people.push(p);
                refusals.push((row_of(&people), format!("as row {}", row_of(&people) - 1)));
                people.push(again);
                want.3 += 1;
            }
            Fate::Created => {
                expected_items.push(item("profile", "create", None));
                if submitted(i) {
                    expected_items.push(item("report", "reopen", Some("上报状态")));
                }
                people.push(profile(i));
                want.0 += 1;
            }
            Fate::Unchanged => {
                people.push(profile(i));
                want.2 += 1;
            }
            Fate::Changed(drop) => {
                let mut p = profile(i);
                set(p.basic.as_mut().unwrap(), "婚姻状况", "已婚");
                expected_items.push(item("profile.基本信息", "update", Some("婚姻状况")));
                if has_jobs(i) {
                    // The job held to this day has ended.
                    set(&mut p.work[1], "结束时间", "2020-06");
                    expected_items.push(item("profile.工作信息.2", "update", Some("结束时间")));
                }
                if drop {
                    p.certificate = None;
                    expected_items.push(item("profile.证书信息", "delete", None));
                }
                if submitted(i) {
                    expected_items.push(item("report", "reopen", Some("上报状态")));
                }
                people.push(p);
                want.1 += 1;
            }
        }
    }
    let book = profile_book(&env.path("second.xlsx"), &people);
    let r = env.json(
        &["profile", "import", book.to_str().unwrap(), "--org", "H001"],
        1,
    );
    assert_eq!(counts(&r), want);
    let errors: Vec<(u64, String)> = r["errors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| {
            assert_eq!(e["sheet"], "基本信息", "{e}");
            (
                e["row"].as_u64().unwrap(),
                e["message"].as_str().unwrap().to_owned(),
            )
        })
        .collect();
    assert_eq!(errors.len(), refusals.len(), "{errors:#?}");
    for ((row, message), (want_row, piece)) in errors.iter().zip(&refusals) {
        assert_eq!(row, want_row, "{message}");
        assert!(
            message.contains(piece.as_str()),
            "row {row}: {message} lacks {piece}"
        );
    }

    // What is stored, person by person.
    let conn = env.db();
    let mut stmt = conn
        .prepare(
            "SELECT a.id_number, b.marital_status,
                    (SELECT count(*) FROM profile_education e WHERE e.account_id = a.id),
                    (SELECT count(*) FROM profile_certificate c WHERE c.account_id = a.id),
                    (SELECT min(t.report_status) FROM training t WHERE t.account_id = a.id),
                    (SELECT count(*) FROM profile_work w WHERE w.account_id = a.id),
                    (SELECT count(w.end_on) FROM profile_work w WHERE w.account_id = a.id)
             FROM account a LEFT JOIN profile_basic b ON b.account_id = a.id
             JOIN org o ON o.id = a.org_id WHERE o.code = 'H001'",
        )
        .unwrap();
    type Stored = (Option<String>, i64, i64, String, i64, i64);
    let stored: BTreeMap<String, Stored> = stmt
        .query_map([], |r| {
            Ok((
                r.get(0)?,
                (
                    r.get(1)?,
                    r.get(2)?,
                    r.get(3)?,
                    r.get(4)?,
                    r.get(5)?,
                    r.get(6)?,
                ),
            ))
        })
        .unwrap()
        .map(Result::unwrap)
        .collect();
    assert_eq!(stored.len(), N as usize);
    for i in 0..N {
        let had = i % 3 != 0;
        let (marital, certificate) = match fate(i) {
            Fate::Created => (Some("未婚"), 1),
            Fate::Changed(drop) => (Some("已婚"), if drop { 0 } else { 1 }),
            Fate::Unchanged | Fate::Replaced | Fate::Twice if had => (Some("未婚"), 1),
            _ => (None, 0),
        };
        let reopened = matches!(fate(i), Fate::Created | Fate::Changed(_));
        let status = if submitted(i) && !reopened {
            "已上报"
        } else {
            "未上报"
        };
        let (jobs, ended) = match fate(i) {
            _ if !has_jobs(i) => (0, 0),
            Fate::Created => (2, 1),
            Fate::Changed(_) => (2, 2),
            _ if had => (2, 1),
            _ => (0, 0),
        };
        let want: Stored = (
            marital.map(str::to_owned),
            i64::from(marital.is_some()),
            certificate,
            status.to_owned(),
            jobs,
            ended,
        );
        assert_eq!(
            stored[&ours[i as usize]],
            want,
            "person {i} ({:?})",
            fate(i)
        );
    }
    assert_eq!(env.count("SELECT count(*) FROM profile_basic b JOIN account a ON a.id = b.account_id JOIN org o ON o.id = a.org_id WHERE o.code = 'H002'"), 0);

    // The change log of the second import: every item, in order.
    let items: Vec<(String, String, String, Option<String>)> = conn
        .prepare(
            "SELECT subject, entity, action, field FROM change_item
             WHERE change_id = (SELECT max(id) FROM change_set) ORDER BY id",
        )
        .unwrap()
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))
        .unwrap()
        .map(Result::unwrap)
        .collect();
    assert_eq!(items.len(), expected_items.len());
    for (k, (got, want)) in items.iter().zip(&expected_items).enumerate() {
        assert_eq!(got, want, "change item {k}");
    }
}

/// 毕业院校 and 毕业专业 as the platforms' dropdowns have them: not checked
/// while no list is imported; once the province imports its lists, a name
/// not in them is an error unless written as 其他 with the real name in
/// 其他毕业院校 / 其他毕业专业.
#[test]
fn schools_and_majors_are_checked_once_their_lists_are_imported() {
    let env = Env::with_base();
    env.import(&env.csv("r.csv", &roster(3)), "H001", &[], 0);
    env.photos();
    let mut people: Vec<PersonRows> = (1..=3)
        .map(|n| good_profile(&nth_id(n), &format!("学员{}", chinese_number(n))))
        .collect();
    set(&mut people[1].education[0], "毕业院校", "火星大学");
    set(&mut people[1].education[0], "毕业专业", "星际医学");
    set(&mut people[2].education[0], "毕业院校", "其他");
    set(&mut people[2].education[0], "其他毕业院校", "火星大学");
    set(&mut people[2].education[0], "毕业专业", "其他");
    set(&mut people[2].education[0], "其他毕业专业", "星际医学");
    let book = profile_book(&env.path("p.xlsx"), &people);
    env.json(
        &["profile", "import", book.to_str().unwrap(), "--org", "H001"],
        0,
    );
    // No list yet: nothing is checked.
    let v = env.json(&["profile", "validate", "--org", "H001"], 0);
    assert_eq!(v["invalid"], 0, "{v}");
    let schools = env.csv(
        "schools.csv",
        &[
            vec!["学校名称".into(), "学校代码".into()],
            vec!["北京大学".into(), "4111010001".into()],
        ],
    );
    env.json(
        &["codes", "import", "schools", schools.to_str().unwrap()],
        0,
    );
    let majors = env.csv(
        "majors.csv",
        &[vec!["专业名称".into()], vec!["临床医学".into()]],
    );
    env.json(&["codes", "import", "majors", majors.to_str().unwrap()], 0);
    let v = env.json(&["profile", "validate", "--org", "H001"], 1);
    let found: Vec<(String, String)> = issues(&v)
        .into_iter()
        .map(|(id, _, field, _, _)| (id, field))
        .collect();
    assert_eq!(
        found,
        [
            (nth_id(2), "本科·毕业院校".to_owned()),
            (nth_id(2), "本科·毕业专业".to_owned())
        ],
        "{v}"
    );
    assert!(issues(&v)[0].4.contains("其他毕业院校"), "{v}");
    // The same check stops a submission.
    let submit = env.json(&["report", "submit", "--org", "H001", "--dry-run"], 1);
    let about_schools: Vec<&str> = submit["left_out"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|l| l["reasons"].to_string().contains("毕业院校"))
        .map(|l| l["id_number"].as_str().unwrap())
        .collect();
    assert_eq!(about_schools, [nth_id(2)], "{submit}");
    // 其他 without the real name is an error too.
    set(&mut people[2].education[0], "其他毕业专业", "");
    let book = profile_book(&env.path("p2.xlsx"), &people[2..]);
    let v = env.json(
        &["profile", "validate", "--file", book.to_str().unwrap()],
        1,
    );
    assert_eq!(issues(&v)[0].2, "本科·其他毕业专业", "{v}");
}
