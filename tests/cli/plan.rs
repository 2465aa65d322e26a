//! Rotation plans (排班, docs/rotation.md#the-yearly-plan): programmes and
//! capacities imported, every resident placed within capacity and their
//! training, rotations kept and counted, the plan recorded as `rotation
//! import` records it and given teachers, and an impossible base named
//! department and months — each read back from the database and the
//! workbook.

use std::collections::{BTreeMap, HashMap};

use serde_json::Value;

use crate::common::*;
use crate::teacher::{decide, import_teachers, teacher, tid};

const PROGRAMME_HEADER: [&str; 4] = ["培训专业", "轮转科室", "轮转月数", "顺序"];
const CAPACITY_HEADER: [&str; 3] = ["科室", "每月容量", "月份"];
const TRAINING_HEADER: [&str; 8] = [
    "证件号码",
    "姓名",
    "招收年份",
    "培训专业",
    "人员类型",
    "核定培训年限",
    "培训开始时间",
    "培训结束时间",
];

fn strings(rows: &[&[&str]]) -> Vec<Vec<String>> {
    rows.iter()
        .map(|r| r.iter().map(|s| s.to_string()).collect())
        .collect()
}

fn with_header(header: &[&str], rows: &[Vec<String>]) -> Vec<Vec<String>> {
    let mut all = vec![header.iter().map(|s| s.to_string()).collect()];
    all.extend_from_slice(rows);
    all
}

fn import(
    env: &Env,
    what: &str,
    file: &str,
    header: &[&str],
    rows: &[Vec<String>],
    extra: &[&str],
    code: i32,
) -> Value {
    let f = env.csv(file, &with_header(header, rows));
    let mut args = vec![
        "rotation",
        what,
        "import",
        f.to_str().unwrap(),
        "--org",
        "H001",
    ];
    args.extend_from_slice(extra);
    env.json(&args, code)
}

/// A base H001 with residents 1..=`n`: resident `i` of `specialty(i)`,
/// in training over `dates(i)` (start, end).
fn base(
    n: u32,
    specialty: impl Fn(u32) -> &'static str,
    dates: impl Fn(u32) -> (&'static str, &'static str),
) -> Env {
    let env = Env::with_base();
    let ids: Vec<String> = (1..=n).map(nth_id).collect();
    env.residents("H001", &ids);
    let rows: Vec<Vec<String>> = (1..=n)
        .map(|i| {
            let (start, end) = dates(i);
            vec![
                nth_id(i),
                format!("学员{}", chinese_number(i)),
                "2019".into(),
                specialty(i).into(),
                "社会人".into(),
                "3".into(),
                start.into(),
                end.into(),
            ]
        })
        .collect();
    let f = env.csv("training.csv", &with_header(&TRAINING_HEADER, &rows));
    env.run(&["training", "import", f.to_str().unwrap(), "--org", "H001"])
        .expect(0);
    env
}

/// Three years from September 2019.
fn three_years(_: u32) -> (&'static str, &'static str) {
    ("2019-09-01", "2022-08-31")
}

fn plan(env: &Env, from: &str, to: &str, extra: &[&str], code: i32) -> Value {
    let mut args = vec![
        "rotation", "plan", "--org", "H001", "--from", from, "--to", to,
    ];
    args.extend_from_slice(extra);
    env.json(&args, code)
}

/// Each rotation recorded: (ID number, department, start, end).
fn recorded(env: &Env) -> Vec<(String, String, String, String)> {
    let conn = env.db();
    let mut stmt = conn
        .prepare(
            "SELECT a.id_number, d.name, r.start_date, r.end_date
             FROM rotation r JOIN account a ON a.id = r.account_id
             JOIN department d ON d.id = r.department_id
             ORDER BY a.id_number, r.start_date",
        )
        .unwrap();
    let mut out: Vec<_> = stmt
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))
        .unwrap()
        .map(Result::unwrap)
        .collect();
    out.sort();
    out
}

fn of_json(v: &Value) -> Vec<(String, String, String, String)> {
    let mut out: Vec<_> = v["rotations"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            let s = |k: &str| r[k].as_str().unwrap().to_owned();
            (s("id_number"), s("department"), s("start"), s("end"))
        })
        .collect();
    out.sort();
    out
}

/// The months (YYYY-MM) of a rotation: it must start on a month's first
/// day and end on a month's last.
fn months_of(start: &str, end: &str) -> Vec<String> {
    let s = chrono::NaiveDate::parse_from_str(start, "%Y-%m-%d").unwrap();
    let e = chrono::NaiveDate::parse_from_str(end, "%Y-%m-%d").unwrap();
    assert_eq!(chrono::Datelike::day(&s), 1, "{start}");
    assert_eq!(
        e.succ_opt().map(|d| chrono::Datelike::day(&d)),
        Some(1),
        "{end}"
    );
    let mut out = Vec::new();
    let mut d = s;
    while d <= e {
        out.push(d.format("%Y-%m").to_string());
        d = d.checked_add_months(chrono::Months::new(1)).unwrap();
    }
    out
}

/// Checks every constraint of a plan against what is stored: each
/// resident's rotations (recorded and planned) never share a month, lie
/// within the training, give each programme department its months, and
/// no department holds more than its capacity in any month.
fn check_plan(
    env: &Env,
    programme: &BTreeMap<&str, Vec<(&str, u32)>>,
    capacity: &HashMap<&str, u32>,
) {
    let conn = env.db();
    let people: Vec<(String, String, String, String)> = conn
        .prepare(
            "SELECT a.id_number, t.specialty, t.start_date, t.end_date
             FROM training t JOIN account a ON a.id = t.account_id
             WHERE t.status = '在培'",
        )
        .unwrap()
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))
        .unwrap()
        .map(Result::unwrap)
        .collect();
    let rotations = recorded(env);
    let mut load: HashMap<(String, String), u32> = HashMap::new();
    for (id, specialty, start, end) in &people {
        let mine: Vec<&(String, String, String, String)> =
            rotations.iter().filter(|r| &r.0 == id).collect();
        let mut months: Vec<String> = Vec::new();
        let mut by_department: HashMap<&str, u32> = HashMap::new();
        for r in &mine {
            let m = months_of(&r.2, &r.3);
            *by_department.entry(r.1.as_str()).or_default() += m.len() as u32;
            for month in &m {
                *load.entry((r.1.clone(), month.clone())).or_default() += 1;
            }
            months.extend(m);
        }
        let n = months.len();
        months.sort();
        months.dedup();
        assert_eq!(months.len(), n, "{id}: two departments in one month");
        // Within the training: its whole months.
        let day = |d: &str| chrono::NaiveDate::parse_from_str(d, "%Y-%m-%d").unwrap();
        let (s, e) = (day(start), day(end));
        let first = if chrono::Datelike::day(&s) == 1 {
            s
        } else {
            s.checked_add_months(chrono::Months::new(1)).unwrap()
        }
        .format("%Y-%m")
        .to_string();
        let last = if e.succ_opt().map(|d| chrono::Datelike::day(&d)) == Some(1) {
            e
        } else {
            e.checked_sub_months(chrono::Months::new(1)).unwrap()
        }
        .format("%Y-%m")
        .to_string();
        assert!(
            months.first().is_none_or(|m| *m >= first) && months.last().is_none_or(|m| *m <= last),
            "{id}: outside the training {first}..{last}: {months:?}"
        );
        let want: HashMap<&str, u32> =
            programme[specialty.as_str()]
                .iter()
                .fold(HashMap::new(), |mut acc, (d, m)| {
                    *acc.entry(*d).or_default() += m;
                    acc
                });
        assert_eq!(by_department, want, "{id}");
    }
    for ((d, month), n) in load {
        if let Some(&cap) = capacity.get(d.as_str()) {
            assert!(n <= cap, "{d} {month}: {n} residents, capacity {cap}");
        }
    }
}

#[test]
fn programmes_and_capacities_import_with_their_checks() {
    let env = Env::with_base();
    // Refused: an unknown specialty, no months, a 顺序 that is no number,
    // and a programme of 38 months. Nothing is written.
    let r = import(
        &env,
        "programme",
        "bad.csv",
        &PROGRAMME_HEADER,
        &strings(&[
            &["内科", "心血管内科", "4", "1"],
            &["外星科", "心血管内科", "4", ""],
            &["内科", "呼吸内科", "0", ""],
            &["内科", "消化内科", "3", "先"],
            &["外科", "普通外科", "20", ""],
            &["外科", "骨科", "18", ""],
        ]),
        &[],
        1,
    );
    assert_eq!(r["written"], false, "{r}");
    let e = errors(&r);
    let has = |row: u64, text: &str| {
        assert!(
            e.iter().any(|(r, _, m)| *r == row && m.contains(text)),
            "row {row}: '{text}' not in {e:#?}"
        );
    };
    has(3, "unknown specialty '外星科'");
    has(4, "轮转月数 '0' must be a whole number from 1 to 36");
    has(5, "顺序 '先' must be a whole number from 1 to 99");
    has(6, "the programme of 外科 adds up to 38 months");
    assert_eq!(env.count("SELECT count(*) FROM rotation_programme"), 0);

    let good = strings(&[
        &["内科", "心血管内科", "2", "1"],
        &["内科", "呼吸内科", "1", ""],
        &["内科", "心血管内科", "1", "2"],
        &["外科", "普通外科", "3", ""],
    ]);
    let r = import(&env, "programme", "p.csv", &PROGRAMME_HEADER, &good, &[], 0);
    assert_eq!(counts(&r), (4, 0, 0, 0), "{r}");
    let mut stored: Vec<(String, i64, String, i64, Option<i64>)> = env
        .db()
        .prepare(
            "SELECT p.specialty, p.position, d.name, p.months, p.sequence
             FROM rotation_programme p JOIN department d ON d.id = p.department_id",
        )
        .unwrap()
        .query_map([], |r| {
            Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?))
        })
        .unwrap()
        .map(Result::unwrap)
        .collect();
    stored.sort();
    assert_eq!(
        stored,
        [
            ("内科".into(), 1, "心血管内科".into(), 2, Some(1)),
            ("内科".into(), 2, "呼吸内科".into(), 1, None),
            ("内科".into(), 3, "心血管内科".into(), 1, Some(2)),
            ("外科".into(), 1, "普通外科".into(), 3, None),
        ]
    );
    // The same again is skipped; another programme needs --update, which
    // replaces the specialty's whole programme.
    let r = import(
        &env,
        "programme",
        "p2.csv",
        &PROGRAMME_HEADER,
        &good,
        &[],
        0,
    );
    assert_eq!(counts(&r), (0, 0, 4, 0));
    let other = strings(&[&["内科", "肾内科", "2", ""]]);
    let r = import(
        &env,
        "programme",
        "p3.csv",
        &PROGRAMME_HEADER,
        &other,
        &[],
        0,
    );
    assert_eq!(counts(&r), (0, 0, 1, 0));
    assert!(
        r["notes"][0]["message"]
            .as_str()
            .unwrap()
            .contains("--update"),
        "{r}"
    );
    let r = import(
        &env,
        "programme",
        "p4.csv",
        &PROGRAMME_HEADER,
        &other,
        &["--update"],
        0,
    );
    assert_eq!(counts(&r), (0, 1, 0, 0));
    assert_eq!(
        env.count("SELECT count(*) FROM rotation_programme WHERE specialty = '内科'"),
        1
    );
    assert_eq!(
        env.count("SELECT count(*) FROM rotation_programme WHERE specialty = '外科'"),
        1
    );
    assert!(
        env.items("H001")
            .iter()
            .any(|i| i.entity == "rotation_programme" && i.action == "update")
    );

    // Capacities: every month, one month overriding it; a repeated row is
    // refused; a different capacity needs --update.
    let caps = strings(&[
        &["心血管内科", "6", ""],
        &["心血管内科", "4", "2019-12"],
        &["呼吸内科", "3", ""],
        &["呼吸内科", "5", ""],
        &["肾内科", "-1", ""],
        &["肾内科", "2", "十二月"],
    ]);
    let r = import(&env, "capacity", "c.csv", &CAPACITY_HEADER, &caps, &[], 1);
    assert_eq!(counts(&r), (3, 0, 0, 3), "{r}");
    let e = errors(&r);
    assert!(
        e.iter()
            .any(|(row, _, m)| *row == 5 && m.contains("the same department and month as row 4")),
        "{e:?}"
    );
    assert!(
        e.iter()
            .any(|(row, _, m)| *row == 6 && m.contains("from 0 to 10000")),
        "{e:?}"
    );
    assert!(
        e.iter()
            .any(|(row, _, m)| *row == 7 && m.contains("is not a month")),
        "{e:?}"
    );
    let mut stored: Vec<(String, Option<String>, i64)> = env
        .db()
        .prepare(
            "SELECT d.name, c.month, c.capacity FROM department_capacity c
             JOIN department d ON d.id = c.department_id",
        )
        .unwrap()
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
        .unwrap()
        .map(Result::unwrap)
        .collect();
    stored.sort();
    assert_eq!(
        stored,
        [
            ("呼吸内科".into(), None, 3),
            ("心血管内科".into(), None, 6),
            ("心血管内科".into(), Some("2019-12".into()), 4),
        ]
    );
    let change = strings(&[&["呼吸内科", "4", ""]]);
    let r = import(
        &env,
        "capacity",
        "c2.csv",
        &CAPACITY_HEADER,
        &change,
        &[],
        0,
    );
    assert_eq!(counts(&r), (0, 0, 1, 0));
    let r = import(
        &env,
        "capacity",
        "c3.csv",
        &CAPACITY_HEADER,
        &change,
        &["--update"],
        0,
    );
    assert_eq!(counts(&r), (0, 1, 0, 0));
    assert_eq!(
        env.count("SELECT capacity FROM department_capacity WHERE month IS NULL AND department_id = (SELECT id FROM department WHERE name = '呼吸内科')"),
        4
    );
    // Not a training base: a usage error, as for every base's import.
    env.run(&[
        "org",
        "add",
        "--code",
        "C001",
        "--name",
        "继教单位",
        "--kind",
        "cme",
    ])
    .expect(0);
    let f = env.csv("c4.csv", &with_header(&CAPACITY_HEADER, &change));
    let run = env.run(&[
        "rotation",
        "capacity",
        "import",
        f.to_str().unwrap(),
        "--org",
        "C001",
    ]);
    assert_eq!(run.code, 2);
}

/// A programme of three departments (5 months) for 内科 and capacities.
fn small_programme(env: &Env) {
    import(
        env,
        "programme",
        "p.csv",
        &PROGRAMME_HEADER,
        &strings(&[
            &["内科", "心血管内科", "2", "1"],
            &["内科", "呼吸内科", "2", "1"],
            &["内科", "急诊科", "1", "2"],
        ]),
        &[],
        0,
    );
    import(
        env,
        "capacity",
        "c.csv",
        &CAPACITY_HEADER,
        &strings(&[
            &["心血管内科", "3", ""],
            &["呼吸内科", "3", ""],
            &["急诊科", "2", ""],
        ]),
        &[],
        0,
    );
}

#[test]
fn a_cohort_is_planned_within_capacity_and_recorded_as_imported() {
    let env = base(6, |_| "内科", three_years);
    small_programme(&env);
    // Six residents over a year: 6 × 5 resident-months in departments of
    // 3 + 3 + 2 places.
    let dry = plan(&env, "2019-09", "2020-08", &["--dry-run"], 0);
    let keys: Vec<&str> = dry
        .as_object()
        .unwrap()
        .keys()
        .map(String::as_str)
        .collect();
    assert_eq!(
        keys,
        ["load", "placed", "residents", "rotations", "unplaced"]
    );
    assert_eq!(dry["residents"], 6);
    assert_eq!(dry["placed"], 6);
    assert_eq!(dry["unplaced"], Value::Array(vec![]));
    assert_eq!(dry["rotations"].as_array().unwrap().len(), 18);
    assert_eq!(
        env.count("SELECT count(*) FROM rotation"),
        0,
        "a dry run writes nothing"
    );
    // The load: each department and month, against its capacity.
    let load = dry["load"].as_array().unwrap();
    assert_eq!(load.len(), 3 * 12);
    assert!(
        load.iter()
            .all(|l| l["residents"].as_u64() <= l["capacity"].as_u64())
    );
    assert_eq!(load[0]["department"], "呼吸内科");
    assert_eq!(load[0]["month"], "2019-09");
    assert_eq!(load[0]["capacity"], 3);
    // 顺序: 急诊科 after both others, for everyone.
    for id in (1..=6).map(nth_id) {
        let mine: Vec<&Value> = dry["rotations"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|r| r["id_number"] == id.as_str())
            .collect();
        let start = |d: &str| {
            mine.iter()
                .find(|r| r["department"] == d)
                .map(|r| r["start"].as_str().unwrap().to_owned())
                .unwrap()
        };
        let end = |d: &str| {
            mine.iter()
                .find(|r| r["department"] == d)
                .map(|r| r["end"].as_str().unwrap().to_owned())
                .unwrap()
        };
        assert!(
            start("急诊科") > end("心血管内科") && start("急诊科") > end("呼吸内科"),
            "{mine:?}"
        );
    }
    // The same seed, the same plan; recorded as shown.
    let again = plan(&env, "2019-09", "2020-08", &["--dry-run"], 0);
    assert_eq!(again, dry);
    let out = env.path("plan.xlsx");
    let done = plan(
        &env,
        "2019-09",
        "2020-08",
        &["-o", out.to_str().unwrap()],
        0,
    );
    assert_eq!(done, dry);
    assert_eq!(recorded(&env), of_json(&dry));
    let programme = BTreeMap::from([(
        "内科",
        vec![("心血管内科", 2), ("呼吸内科", 2), ("急诊科", 1)],
    )]);
    let capacity = HashMap::from([("心血管内科", 3), ("呼吸内科", 3), ("急诊科", 2)]);
    check_plan(&env, &programme, &capacity);
    // Recorded as rotation import records them: the change set names the plan.
    assert!(
        env.db()
            .query_row(
                "SELECT count(*) FROM change_set c JOIN rotation r ON r.created_change = c.id
                 WHERE c.command LIKE '%rotation plan%'",
                [],
                |r| r.get::<_, i64>(0)
            )
            .unwrap()
            == 18
    );
    // The workbook: residents × months, departments × months.
    let people = read_xlsx_sheet(&out, "轮转安排");
    assert_eq!(
        people[0][..5],
        ["证件号码", "姓名", "培训专业", "2019-09", "2019-10"]
    );
    assert_eq!(people.len(), 7);
    for row in &people[1..] {
        let filled = row[3..15].iter().filter(|c| !c.is_empty()).count();
        assert_eq!(filled, 5, "{row:?}");
    }
    let deps = read_xlsx_sheet(&out, "科室负荷");
    assert_eq!(deps[0][..4], ["科室", "峰值", "平均", "2019-09"]);
    assert_eq!(deps.len(), 4);
    assert!(deps[1][3].ends_with("/3"), "{deps:?}");
    // Planned again: the rotations recorded are kept and credited, and
    // nothing is left to add.
    let third = plan(&env, "2019-09", "2020-08", &[], 0);
    assert_eq!(third["placed"], 6);
    assert_eq!(third["rotations"], Value::Array(vec![]));
    assert_eq!(third["load"], dry["load"]);
    assert_eq!(env.count("SELECT count(*) FROM rotation"), 18);
}

#[test]
fn rotations_recorded_are_kept_counted_and_credited() {
    let env = base(4, |_| "内科", three_years);
    small_programme(&env);
    let rows = strings(&[
        // Resident 1 has done one month of 心血管内科: one more is due,
        // in one stretch.
        &[
            &nth_id(1),
            "学员一",
            "心血管内科",
            "2019-09-01",
            "2019-09-30",
        ],
        // Resident 2 is on leave in October (a rotation in no programme).
        &[&nth_id(2), "学员二", "休假", "2019-10-01", "2019-10-31"],
        // Resident 4 (not planned: 暂停) fills a place of 急诊科 all along.
        &[&nth_id(4), "学员四", "急诊科", "2019-09-01", "2020-08-31"],
    ]);
    let f = env.csv(
        "r.csv",
        &with_header(&["证件号码", "姓名", "科室", "开始日期", "结束日期"], &rows),
    );
    env.run(&["rotation", "import", f.to_str().unwrap(), "--org", "H001"])
        .expect(0);
    env.set_status(&nth_id(4), "暂停");
    let r = plan(&env, "2019-09", "2020-08", &[], 0);
    assert_eq!(r["residents"], 3, "{r}");
    assert_eq!(r["placed"], 3);
    let planned = of_json(&r);
    let of = |n: u32, d: &str| -> Vec<(String, String)> {
        planned
            .iter()
            .filter(|p| p.0 == nth_id(n) && p.1 == d)
            .map(|p| (p.2.clone(), p.3.clone()))
            .collect()
    };
    // One month of 心血管内科 left for resident 1, after September.
    let cardio = of(1, "心血管内科");
    assert_eq!(cardio.len(), 1, "{planned:?}");
    assert_eq!(months_of(&cardio[0].0, &cardio[0].1).len(), 1);
    assert!(cardio[0].0.as_str() > "2019-09-30");
    // Nothing for resident 2 in October.
    assert!(
        planned
            .iter()
            .filter(|p| p.0 == nth_id(2))
            .all(|p| !months_of(&p.2, &p.3).contains(&"2019-10".to_owned())),
        "{planned:?}"
    );
    // 急诊科 holds resident 4 in every month: one place left of two.
    for l in r["load"].as_array().unwrap() {
        if l["department"] == "急诊科" {
            assert!(l["residents"].as_u64().unwrap() >= 1, "{l}");
            assert!(l["residents"].as_u64().unwrap() <= 2, "{l}");
        }
    }
    let emergency: usize = planned.iter().filter(|p| p.1 == "急诊科").count();
    assert_eq!(emergency, 3);
}

#[test]
fn an_impossible_base_names_the_department_and_months_and_plans_the_rest() {
    // Eight residents in training for five months only, from September;
    // 急诊科 takes one a month: at most five of them can be placed.
    let env = base(8, |_| "内科", |_| ("2019-09-01", "2020-01-31"));
    small_programme(&env);
    import(
        &env,
        "capacity",
        "c2.csv",
        &CAPACITY_HEADER,
        &strings(&[
            &["急诊科", "1", ""],
            &["心血管内科", "8", ""],
            &["呼吸内科", "8", ""],
        ]),
        &["--update"],
        0,
    );
    let r = plan(&env, "2019-09", "2020-08", &[], 1);
    assert_eq!(r["residents"], 8);
    // 急诊科 comes last (顺序 2) after four months: only January is left
    // for it, with one place.
    assert_eq!(r["placed"], 1, "{r}");
    let unplaced = r["unplaced"].as_array().unwrap();
    assert_eq!(unplaced.len(), 7);
    for u in unplaced {
        let why: Vec<&str> = u["reasons"]
            .as_array()
            .unwrap()
            .iter()
            .map(|m| m.as_str().unwrap())
            .collect();
        assert!(
            why.iter()
                .any(|w| w.contains("急诊科") && w.contains("full in 2020-01")),
            "{why:?}"
        );
        assert!(
            why.iter().any(|w| w
                .contains("急诊科 must take at least 8 resident-months in 2020-01")
                && w.contains("room for 1")),
            "{why:?}"
        );
    }
    // The one placed is recorded; the others have nothing.
    let rows = recorded(&env);
    assert_eq!(rows.len(), 3, "{rows:?}");
    assert_eq!(of_json(&r), rows);
    // In Chinese, the same reasons.
    let zh = env.json(
        &[
            "--lang",
            "zh",
            "rotation",
            "plan",
            "--org",
            "H001",
            "--from",
            "2019-09",
            "--to",
            "2020-08",
            "--dry-run",
        ],
        1,
    );
    let why = zh["unplaced"][0]["reasons"].to_string();
    assert!(
        why.contains("急诊科") && why.contains("已满的月份:2020-01"),
        "{why}"
    );
}

#[test]
fn planned_rotations_get_their_teachers() {
    let env = base(6, |_| "内科", three_years);
    small_programme(&env);
    let planned = plan(&env, "2019-09", "2020-08", &[], 0);
    let n = planned["rotations"].as_array().unwrap().len();
    assert_eq!(n, 18);
    // One teacher per department takes three residents at once: as many
    // as the department's capacity.
    import_teachers(
        &env,
        "H001",
        &[
            teacher(1, "心血管内科", "2015-07-01"),
            teacher(2, "呼吸内科", "2015-07-01"),
            teacher(3, "急诊科", "2015-07-01"),
        ],
        &[],
        0,
    );
    for year in ["2019", "2020"] {
        decide(&env, year, &[tid(1), tid(2), tid(3)], &["--recommend"], 0);
    }
    let r = env.json(&["rotation", "assign", "--org", "H001", "--auto"], 0);
    assert_eq!(r["assigned"].as_array().unwrap().len(), n, "{r}");
    assert_eq!(
        env.count("SELECT count(*) FROM rotation WHERE teacher_id IS NULL"),
        0
    );
}

#[test]
fn the_yearly_plan_leaves_for_later_what_fits_later() {
    // Two cohorts: 2019 (in their first year) and residents who started
    // in 2018 with a year of rotations recorded. A plan of one year places
    // a year of each, and leaves the rest for the years after.
    let env = base(
        4,
        |_| "外科",
        |i| {
            if i <= 2 {
                ("2019-09-01", "2022-08-31")
            } else {
                ("2018-09-01", "2021-08-31")
            }
        },
    );
    import(
        &env,
        "programme",
        "p.csv",
        &PROGRAMME_HEADER,
        &strings(&[
            &["外科", "普通外科", "8", ""],
            &["外科", "骨科", "8", ""],
            &["外科", "泌尿外科", "8", ""],
            &["外科", "麻醉科", "9", ""],
        ]),
        &[],
        0,
    );
    import(
        &env,
        "capacity",
        "c.csv",
        &CAPACITY_HEADER,
        &strings(&[
            &["普通外科", "2", ""],
            &["骨科", "2", ""],
            &["泌尿外科", "2", ""],
            &["麻醉科", "2", ""],
        ]),
        &[],
        0,
    );
    // The 2018 residents' first year: 8 months of one department and 4
    // of another, credited to the programme.
    let done = strings(&[
        &[&nth_id(3), "学员三", "普通外科", "2018-09-01", "2019-04-30"],
        &[&nth_id(3), "学员三", "骨科", "2019-05-01", "2019-08-31"],
        &[&nth_id(4), "学员四", "骨科", "2018-09-01", "2019-04-30"],
        &[&nth_id(4), "学员四", "泌尿外科", "2019-05-01", "2019-08-31"],
    ]);
    let f = env.csv(
        "r.csv",
        &with_header(&["证件号码", "姓名", "科室", "开始日期", "结束日期"], &done),
    );
    env.run(&["rotation", "import", f.to_str().unwrap(), "--org", "H001"])
        .expect(0);
    let r = plan(&env, "2019-09", "2020-08", &[], 0);
    assert_eq!(r["placed"], 4, "{r}");
    // Each resident's plan stays within the year, and what is left fits
    // the months of training after it.
    for n in 1..=4 {
        let mine: Vec<(String, String, String, String)> = of_json(&r)
            .into_iter()
            .filter(|p| p.0 == nth_id(n))
            .collect();
        let months: usize = mine.iter().map(|p| months_of(&p.2, &p.3).len()).sum();
        assert!(
            mine.iter()
                .all(|p| p.2.as_str() >= "2019-09-01" && p.3.as_str() <= "2020-08-31")
        );
        // 33 months in all: 2019's residents have 24 months after the
        // year; 2018's have 12 done and 12 after.
        let (done, after) = if n <= 2 { (0, 24) } else { (12, 12) };
        assert!(
            33 - done - months <= after,
            "resident {n}: {months} months planned"
        );
    }
}

#[test]
fn random_bases_through_the_command_keep_every_constraint() {
    // Random programmes, capacities, start dates, leaves and rotations
    // recorded; each plan read back from the database.
    let deps = ["心血管内科", "呼吸内科", "消化内科", "急诊科"];
    for seed in 0..3u64 {
        let mut x = seed * 7 + 3;
        let mut next = |n: u64| {
            x = x
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            (x >> 33) % n
        };
        // Trainings of a year, starting on different days and ending
        // within the plan: everything must be placed.
        let dates = [
            ("2019-09-01", "2020-08-31"),
            ("2019-10-01", "2020-08-31"),
            ("2019-09-15", "2020-08-14"),
        ];
        let picks: Vec<usize> = (0..10).map(|_| next(3) as usize).collect();
        let env = base(10, |_| "内科", |i| dates[picks[i as usize - 1]]);
        let mut rows: Vec<Vec<String>> = Vec::new();
        let mut programme: Vec<(&str, u32)> = Vec::new();
        for d in deps {
            let m = 1 + next(2) as u32;
            programme.push((d, m));
            rows.push(vec!["内科".into(), d.into(), m.to_string(), String::new()]);
        }
        import(&env, "programme", "p.csv", &PROGRAMME_HEADER, &rows, &[], 0);
        let mut capacity = HashMap::new();
        let caps: Vec<Vec<String>> = deps
            .iter()
            .map(|d| {
                let c = 2 + next(3) as u32;
                capacity.insert(*d, c);
                vec![d.to_string(), c.to_string(), String::new()]
            })
            .collect();
        import(&env, "capacity", "c.csv", &CAPACITY_HEADER, &caps, &[], 0);
        // A leave for some, a first month of 心血管内科 for others.
        let mut kept = Vec::new();
        for n in 1..=10u32 {
            match next(4) {
                0 => kept.push(vec![
                    nth_id(n),
                    format!("学员{}", chinese_number(n)),
                    "休假".into(),
                    "2020-01-01".into(),
                    "2020-01-31".into(),
                ]),
                1 => kept.push(vec![
                    nth_id(n),
                    format!("学员{}", chinese_number(n)),
                    "心血管内科".into(),
                    "2019-11-01".into(),
                    "2019-11-30".into(),
                ]),
                _ => {}
            }
        }
        if !kept.is_empty() {
            let f = env.csv(
                "r.csv",
                &with_header(&["证件号码", "姓名", "科室", "开始日期", "结束日期"], &kept),
            );
            env.run(&["rotation", "import", f.to_str().unwrap(), "--org", "H001"])
                .expect(0);
        }
        let r = plan(
            &env,
            "2019-09",
            "2020-08",
            &["--seed", &seed.to_string()],
            0,
        );
        assert_eq!(r["placed"], 10, "seed {seed}: {r}");
        // What was recorded, the rotations kept and the plan, less the
        // leaves (no programme's).
        let planned = of_json(&r);
        let all = recorded(&env);
        assert!(planned.iter().all(|p| all.contains(p)));
        env.db()
            .execute(
                "DELETE FROM rotation WHERE department_id IN (SELECT id FROM department WHERE name = '休假')",
                [],
            )
            .unwrap();
        let leaves: Vec<&Vec<String>> = kept.iter().filter(|k| k[2] == "休假").collect();
        for l in leaves {
            assert!(
                planned
                    .iter()
                    .all(|p| p.0 != l[0] || !months_of(&p.2, &p.3).contains(&"2020-01".to_owned())),
                "seed {seed}: planned into a leave"
            );
        }
        check_plan(
            &env,
            &BTreeMap::from([("内科", programme.clone())]),
            &capacity,
        );
    }
}

#[test]
fn a_plan_refuses_what_makes_no_sense() {
    let env = base(1, |_| "内科", three_years);
    let run = |args: &[&str]| {
        let mut all = vec!["rotation", "plan"];
        all.extend_from_slice(args);
        env.run(&all).code
    };
    assert_eq!(
        run(&["--org", "H001", "--from", "2020-09", "--to", "2019-09"]),
        2
    );
    assert_eq!(
        run(&["--org", "H001", "--from", "九月", "--to", "2019-09"]),
        2
    );
    assert_eq!(
        run(&["--org", "H001", "--from", "2019-09", "--to", "2035-09"]),
        2
    );
    assert_eq!(
        run(&["--org", "NOPE", "--from", "2019-09", "--to", "2020-08"]),
        2
    );
    let csv = env.path("plan.csv");
    assert_eq!(
        run(&[
            "--org",
            "H001",
            "--from",
            "2019-09",
            "--to",
            "2020-08",
            "-o",
            csv.to_str().unwrap()
        ]),
        2
    );
    // A resident whose specialty has no programme is not placed, and told why.
    let r = plan(&env, "2019-09", "2020-08", &[], 1);
    let why = r["unplaced"][0]["reasons"][0].as_str().unwrap();
    assert!(why.contains("no rotation programme for 内科"), "{why}");
}
