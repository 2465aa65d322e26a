//! Rotations (轮转) and their teachers (docs/domain.md#rotations): the
//! plan's import and what it refuses, the three views, and assignment by
//! file and automatically, never beyond the limit.

use serde_json::Value;

use crate::common::*;
use crate::teacher::{apply, decide, import_events, import_teachers, teacher, tid};

const ROTATION_HEADER: [&str; 5] = ["证件号码", "姓名", "科室", "开始日期", "结束日期"];
const ASSIGN_HEADER: [&str; 7] = [
    "证件号码",
    "姓名",
    "科室",
    "开始日期",
    "结束日期",
    "带教老师证件号码",
    "带教老师",
];

/// Resident number `n`: ID number and name as `Env::residents` names them.
fn resident(n: u32) -> (String, String) {
    (nth_id(n), format!("学员{}", chinese_number(n)))
}

pub fn rotation(n: u32, department: &str, start: &str, end: &str) -> Vec<String> {
    let (id, name) = resident(n);
    vec![id, name, department.into(), start.into(), end.into()]
}

pub fn import_rotations(
    env: &Env,
    file: &str,
    rows: &[Vec<String>],
    extra: &[&str],
    code: i32,
) -> Value {
    let mut all = vec![ROTATION_HEADER.iter().map(|s| s.to_string()).collect()];
    all.extend_from_slice(rows);
    let f = env.csv(file, &all);
    let mut args = vec!["rotation", "import", f.to_str().unwrap(), "--org", "H001"];
    args.extend_from_slice(extra);
    env.json(&args, code)
}

/// A base H001 with residents 1..=`residents`; teachers 1 and 2 of 心内科
/// and 3 of 普外科 recommended for 2024; teacher 4 of 心内科 not.
fn world(residents: u32) -> Env {
    let env = Env::with_base();
    let ids: Vec<String> = (1..=residents).map(nth_id).collect();
    env.residents("H001", &ids);
    import_teachers(
        &env,
        "H001",
        &[
            teacher(1, "心内科", "2015-07-01"),
            teacher(2, "心内科", "2015-07-01"),
            teacher(3, "普外科", "2015-07-01"),
            teacher(4, "心内科", "2015-07-01"),
        ],
        &[],
        0,
    );
    decide(&env, "2024", &[tid(1), tid(2), tid(3)], &["--recommend"], 0);
    env
}

/// The most residents a teacher has on one day, per teacher.
fn peaks(env: &Env) -> Vec<(String, i64)> {
    let conn = env.db();
    let mut stmt = conn
        .prepare(
            "SELECT t.id_number, max(
                 (SELECT count(*) FROM rotation o
                  WHERE o.teacher_id = r.teacher_id
                    AND o.start_date <= r.start_date AND o.end_date >= r.start_date))
             FROM rotation r JOIN account t ON t.id = r.teacher_id
             GROUP BY t.id_number ORDER BY t.id_number",
        )
        .unwrap();
    stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
        .unwrap()
        .map(Result::unwrap)
        .collect()
}

/// How many rotations each teacher has.
fn loads(env: &Env) -> Vec<(String, i64)> {
    let conn = env.db();
    let mut stmt = conn
        .prepare(
            "SELECT t.id_number, count(*) FROM rotation r JOIN account t ON t.id = r.teacher_id
             GROUP BY t.id_number ORDER BY t.id_number",
        )
        .unwrap();
    stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
        .unwrap()
        .map(Result::unwrap)
        .collect()
}

#[test]
fn import_refuses_overlaps_wrong_order_and_residents_elsewhere() {
    let env = world(4);
    env.add_org("H002", "另一基地");
    let elsewhere = nth_id(50);
    env.residents("H002", std::slice::from_ref(&elsewhere));
    env.set_status(&nth_id(3), "暂停");
    let mut rows = vec![
        // Row 2: good.
        rotation(1, "心内科", "2024-03-01", "2024-03-31"),
        // Row 3: shares 31 March with row 2.
        rotation(1, "普外科", "2024-03-31", "2024-04-30"),
        // Row 4: good, the day after.
        rotation(1, "普外科", "2024-04-01", "2024-04-30"),
        // Row 5: the end before the start.
        rotation(2, "心内科", "2024-05-10", "2024-05-01"),
        // Row 6: 暂停 at this base.
        rotation(3, "心内科", "2024-03-01", "2024-03-31"),
        // Row 7: the same as row 2.
        rotation(1, "心内科", "2024-03-01", "2024-03-31"),
    ];
    // Row 8: a resident of another base; row 9: a teacher; row 10: nobody.
    rows.push(vec![
        elsewhere.clone(),
        "学员一".into(),
        "心内科".into(),
        "2024-03-01".into(),
        "2024-03-31".into(),
    ]);
    rows.push(vec![
        tid(1),
        "师资一".into(),
        "心内科".into(),
        "2024-03-01".into(),
        "2024-03-31".into(),
    ]);
    rows.push(vec![
        "110101199003070011".into(),
        "某人".into(),
        "心内科".into(),
        "2024-03-01".into(),
        "2024-03-31".into(),
    ]);
    // Row 11: the name does not match.
    rows.push({
        let mut r = rotation(4, "心内科", "2024-03-01", "2024-03-31");
        r[1] = "别人".into();
        r
    });
    let r = import_rotations(&env, "r.csv", &rows, &[], 1);
    assert_eq!(counts(&r), (2, 0, 0, 8), "{r}");
    let e = errors(&r);
    let has = |row: u64, text: &str| {
        assert!(
            e.iter().any(|(r, _, m)| *r == row && m.contains(text)),
            "row {row}: '{text}' not in {e:#?}"
        );
    };
    has(3, "overlaps row 2");
    has(5, "before the start date");
    has(6, "暂停 at this base");
    has(7, "the same rotation as row 2");
    has(8, "resident of 另一基地 (H002");
    has(9, "not a resident");
    has(10, "no account");
    has(11, "differs from the resident's name");

    // Again: the same rotation is skipped; an overlap with what is stored
    // is refused, naming it.
    let r = import_rotations(
        &env,
        "r2.csv",
        &[
            rotation(1, "心内科", "2024-03-01", "2024-03-31"),
            rotation(1, "心内科", "2024-04-15", "2024-05-15"),
            rotation(4, "心内科", "2024-03-01", "2024-03-31"),
        ],
        &[],
        1,
    );
    assert_eq!(counts(&r), (1, 0, 1, 1), "{r}");
    assert!(errors(&r)[0].2.contains("overlaps the rotation #"), "{r}");
    assert_eq!(env.count("SELECT count(*) FROM rotation"), 3);
    // --strict with a refusal writes nothing; an unknown base is a usage error.
    let r = import_rotations(
        &env,
        "r3.csv",
        &[
            rotation(2, "心内科", "2024-06-01", "2024-06-30"),
            rotation(2, "心内科", "2024-06-15", "2024-07-15"),
        ],
        &["--strict"],
        1,
    );
    assert_eq!(r["written"], false);
    assert_eq!(env.count("SELECT count(*) FROM rotation"), 3);
    let f = env.csv(
        "r4.csv",
        &[ROTATION_HEADER.iter().map(|s| s.to_string()).collect()],
    );
    let run = env.run(&["rotation", "import", f.to_str().unwrap(), "--org", "NOPE"]);
    assert_eq!(run.code, 2);
}

#[test]
fn list_by_department_by_person_and_on_a_date() {
    let env = world(2);
    import_rotations(
        &env,
        "r.csv",
        &[
            rotation(1, "心内科", "2024-03-01", "2024-03-31"),
            rotation(1, "普外科", "2024-04-01", "2024-04-30"),
            rotation(2, "普外科", "2024-03-01", "2024-03-31"),
        ],
        &[],
        0,
    );
    let list = |args: &[&str]| -> Value {
        let mut all = vec!["rotation", "list", "--org", "H001"];
        all.extend_from_slice(args);
        env.json(&all, 0)
    };
    let by_dept = list(&["--department", "普外科"]);
    assert_eq!(by_dept.as_array().unwrap().len(), 2);
    let r = &by_dept[0];
    assert_eq!(r["id_number"], nth_id(2));
    assert_eq!(r["department"], "普外科");
    assert_eq!(r["start"], "2024-03-01");
    assert_eq!(r["end"], "2024-03-31");
    assert_eq!(r["teacher"], Value::Null);
    assert_eq!(list(&["--person", &nth_id(1)]).as_array().unwrap().len(), 2);
    let on = list(&["--date", "2024-03-31"]);
    assert_eq!(on.as_array().unwrap().len(), 2);
    assert_eq!(list(&["--date", "2024-04-01"]).as_array().unwrap().len(), 1);
    let run = env.run(&["rotation", "list", "--org", "H001", "--department", "眼科"]);
    assert_eq!(run.code, 2);
    let run = env.run(&["rotation", "list", "--org", "H001", "--date", "someday"]);
    assert_eq!(run.code, 2);
}

#[test]
fn auto_never_exceeds_the_limit_and_says_what_it_cannot_cover() {
    let env = world(9);
    // Seven residents in 心内科 in March; two the month after; one in
    // 眼科, which has no teachers, and one in 普外科 in 2025, for which
    // nobody is recommended.
    let mut rows: Vec<Vec<String>> = (1..=7)
        .map(|n| rotation(n, "心内科", "2024-03-01", "2024-03-31"))
        .collect();
    rows.push(rotation(1, "心内科", "2024-04-01", "2024-04-30"));
    rows.push(rotation(2, "心内科", "2024-04-01", "2024-04-30"));
    rows.push(rotation(8, "眼科", "2024-03-01", "2024-03-31"));
    rows.push(rotation(9, "普外科", "2025-01-01", "2025-01-31"));
    import_rotations(&env, "r.csv", &rows, &[], 0);

    // A dry run writes nothing.
    let dry = env.json(
        &["rotation", "assign", "--org", "H001", "--auto", "--dry-run"],
        1,
    );
    assert_eq!(dry["written"], false);
    assert_eq!(
        env.count("SELECT count(*) FROM rotation WHERE teacher_id IS NOT NULL"),
        0
    );

    let r = env.json(&["rotation", "assign", "--org", "H001", "--auto"], 1);
    assert_eq!(r["written"], true);
    assert_eq!(r["max_per_teacher"], 3);
    // 6 of the 7 March rotations (two teachers, three each), both April ones.
    assert_eq!(r["assigned"].as_array().unwrap().len(), 8, "{r}");
    let uncovered = r["uncovered"].as_array().unwrap();
    assert_eq!(uncovered.len(), 3, "{r}");
    let why: Vec<&str> = uncovered
        .iter()
        .map(|u| u["reason"].as_str().unwrap())
        .collect();
    assert!(
        why.iter().any(|w| w.contains("already have 3 at once")),
        "{why:?}"
    );
    assert!(
        why.iter().any(|w| w.contains("眼科 has no teachers")),
        "{why:?}"
    );
    assert!(
        why.iter().any(|w| w.contains("recommended for 2025")),
        "{why:?}"
    );
    // Never more than 3 at once; the load balanced; 4 (not recommended) has none.
    for (t, peak) in peaks(&env) {
        assert!(peak <= 3, "{t} has {peak} at once");
    }
    assert_eq!(loads(&env), [(tid(1), 4), (tid(2), 4)]);
    // Each assignment is in the change log, under the resident.
    assert!(
        env.items(&nth_id(1))
            .iter()
            .any(|i| i.entity == "rotation" && i.action == "assign")
    );
    // Run again: the rest still cannot be covered, nothing else changes.
    let again = env.json(&["rotation", "assign", "--org", "H001", "--auto"], 1);
    assert_eq!(again["assigned"].as_array().unwrap().len(), 0);
    // With a limit of 4, the last March rotation finds room.
    let r = env.json(
        &[
            "rotation",
            "assign",
            "--org",
            "H001",
            "--auto",
            "--max-per-teacher",
            "4",
        ],
        1,
    );
    assert_eq!(r["assigned"].as_array().unwrap().len(), 1);
    let run = env.run(&[
        "rotation",
        "assign",
        "--org",
        "H001",
        "--auto",
        "--max-per-teacher",
        "0",
    ]);
    assert_eq!(run.code, 2);
}

#[test]
fn a_teacher_who_is_no_longer_recommended_gets_no_new_rotations() {
    let env = world(4);
    import_rotations(
        &env,
        "r.csv",
        &[
            rotation(1, "心内科", "2024-03-01", "2024-03-31"),
            rotation(2, "心内科", "2024-03-01", "2024-03-31"),
        ],
        &[],
        0,
    );
    env.json(&["rotation", "assign", "--org", "H001", "--auto"], 0);
    assert_eq!(loads(&env), [(tid(1), 1), (tid(2), 1)]);
    env.json(
        &[
            "teacher",
            "review",
            &tid(1),
            "--year",
            "2024",
            "--reject",
            "--reason",
            "离职",
        ],
        0,
    );
    import_rotations(
        &env,
        "r2.csv",
        &[
            rotation(3, "心内科", "2024-05-01", "2024-05-31"),
            rotation(4, "心内科", "2024-05-01", "2024-05-31"),
        ],
        &[],
        0,
    );
    env.json(&["rotation", "assign", "--org", "H001", "--auto"], 0);
    // 1 keeps the rotation they had; the new ones go to 2.
    assert_eq!(loads(&env), [(tid(1), 1), (tid(2), 3)]);
    // An incident makes 2 ineligible: no teacher is left for the next one.
    import_events(
        &env,
        "e.csv",
        &[vec![
            tid(2),
            "医疗损害事件".into(),
            "2023-05-01".into(),
            String::new(),
            "主要".into(),
            String::new(),
            String::new(),
            String::new(),
        ]],
        0,
    );
    import_rotations(
        &env,
        "r3.csv",
        &[rotation(1, "心内科", "2024-06-01", "2024-06-30")],
        &[],
        0,
    );
    let r = env.json(&["rotation", "assign", "--org", "H001", "--auto"], 1);
    let why = r["uncovered"][0]["reason"].as_str().unwrap();
    assert!(why.contains("is eligible at 2024-01-01"), "{why}");
}

fn assign_file(env: &Env, name: &str, rows: &[Vec<String>], extra: &[&str], code: i32) -> Value {
    let mut all = vec![ASSIGN_HEADER.iter().map(|s| s.to_string()).collect()];
    all.extend_from_slice(rows);
    let f = env.csv(name, &all);
    let mut args = vec![
        "rotation",
        "assign",
        "--org",
        "H001",
        "--file",
        f.to_str().unwrap(),
    ];
    args.extend_from_slice(extra);
    env.json(&args, code)
}

fn assignment(n: u32, department: &str, start: &str, end: &str, teacher: &str) -> Vec<String> {
    let mut r = rotation(n, department, start, end);
    r.push(teacher.to_owned());
    r.push(String::new());
    r
}

#[test]
fn assign_from_a_file_checks_each_teacher() {
    let env = world(6);
    env.add_org("H002", "另一基地");
    import_teachers(&env, "H002", &[teacher(9, "心内科", "2015-07-01")], &[], 0);
    import_teachers(&env, "H001", &[teacher(5, "心内科", "2023-07-01")], &[], 0);
    apply(&env, "2024", &[tid(5)], 0);
    env.json(
        &[
            "teacher",
            "review",
            &tid(5),
            "--year",
            "2024",
            "--recommend",
            "--override",
            "--reason",
            "科室急需",
        ],
        0,
    );
    import_rotations(
        &env,
        "r.csv",
        &(1..=6)
            .map(|n| rotation(n, "心内科", "2024-03-01", "2024-03-31"))
            .collect::<Vec<_>>(),
        &[],
        0,
    );
    let m = ["心内科", "2024-03-01", "2024-03-31"];
    let r = assign_file(
        &env,
        "a.csv",
        &[
            // Row 2: good.
            assignment(1, m[0], m[1], m[2], &tid(1)),
            // Row 3: a teacher of 普外科.
            assignment(2, m[0], m[1], m[2], &tid(3)),
            // Row 4: not recommended for 2024.
            assignment(3, m[0], m[1], m[2], &tid(4)),
            // Row 5: a teacher of another base.
            assignment(4, m[0], m[1], m[2], &tid(9)),
            // Row 6: no such rotation.
            assignment(5, m[0], "2024-03-02", m[2], &tid(1)),
            // Row 7: the second of teacher 1, over a limit of 1.
            assignment(6, m[0], m[1], m[2], &tid(1)),
            // Row 8: not eligible, but recommended by override: allowed.
            assignment(5, m[0], m[1], m[2], &tid(5)),
        ],
        &["--max-per-teacher", "1"],
        1,
    );
    assert_eq!(counts(&r), (2, 0, 0, 5), "{r}");
    let e = errors(&r);
    let has = |row: u64, text: &str| {
        assert!(
            e.iter().any(|(r, _, m)| *r == row && m.contains(text)),
            "row {row}: '{text}' not in {e:#?}"
        );
    };
    has(3, "teacher of 普外科, not of 心内科");
    has(4, "not recommended for 2024");
    has(5, "not of H001");
    has(6, "has no rotation in 心内科 from 2024-03-02");
    has(7, "already has 1 residents at once");
    // Assigned already to another teacher: skipped unless --update.
    let change = [assignment(1, m[0], m[1], m[2], &tid(2))];
    let r = assign_file(&env, "b.csv", &change, &[], 0);
    assert_eq!(counts(&r), (0, 0, 1, 0));
    assert!(
        r["notes"][0]["message"]
            .as_str()
            .unwrap()
            .contains("--update")
    );
    let r = assign_file(&env, "c.csv", &change, &["--update"], 0);
    assert_eq!(counts(&r), (0, 1, 0, 0));
    let list = env.json(
        &["rotation", "list", "--org", "H001", "--person", &nth_id(1)],
        0,
    );
    assert_eq!(list[0]["teacher"], tid(2));
    let logged = env.items(&nth_id(1));
    assert!(
        logged.iter().any(|i| i.entity == "rotation"
            && i.before.as_deref() == Some(tid(1).as_str())
            && i.after.as_deref() == Some(tid(2).as_str())),
        "{logged:?}"
    );
    // --file and --auto are one or the other.
    let run = env.run(&["rotation", "assign", "--org", "H001"]);
    assert_eq!(run.code, 2);
}
