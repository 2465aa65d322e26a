//! The database schema: every shipped version, frozen in
//! tests/fixtures/schema_v*.sql, migrates forward to exactly what a new file
//! gets from schema.sql, and keeps its data.

use meded::db::sql::Connection;
use serde_json::Value;

use crate::common::*;

/// The schema of a database: every table, index and trigger, normalised.
/// SQLite keeps the comments inside a CREATE statement as written; they are
/// left out, so that schema.sql may reword them without old databases
/// differing from new ones.
fn schema_of(conn: &Connection) -> Vec<(String, String, String)> {
    let mut stmt = conn
        .prepare(
            "SELECT type, name, coalesce(sql, '') FROM sqlite_master
             WHERE name NOT LIKE 'sqlite_%' ORDER BY type, name",
        )
        .unwrap();
    stmt.query_map([], |r| {
        let sql: String = r.get(2)?;
        Ok((r.get(0)?, r.get(1)?, normalise(&sql)))
    })
    .unwrap()
    .map(Result::unwrap)
    .collect()
}

/// SQL text without `--` comments, its whitespace collapsed, none before
/// a comma or a closing parenthesis (where `ALTER TABLE … ADD COLUMN`
/// leaves it). (The schema has no `--` inside a string literal.)
fn normalise(sql: &str) -> String {
    sql.lines()
        .map(|line| line.split_once("--").map_or(line, |(code, _)| code))
        .flat_map(str::split_whitespace)
        .collect::<Vec<_>>()
        .join(" ")
        .replace(" ,", ",")
        .replace(" )", ")")
}

fn fixtures() -> Vec<(u32, String)> {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures");
    let mut out: Vec<(u32, String)> = std::fs::read_dir(&dir)
        .unwrap()
        .filter_map(|e| {
            let name = e.ok()?.file_name().into_string().ok()?;
            let v = name
                .strip_prefix("schema_v")?
                .strip_suffix(".sql")?
                .parse()
                .ok()?;
            Some((v, std::fs::read_to_string(dir.join(&name)).ok()?))
        })
        .collect();
    out.sort();
    out
}

#[test]
fn every_shipped_schema_migrates_to_the_current_one_and_keeps_its_data() {
    if sqlite_only() {
        return;
    }
    let fresh = Env::with_database();
    let current = schema_of(&fresh.db());
    let shipped = fixtures();
    assert!(
        !shipped.is_empty(),
        "tests/fixtures/schema_v1.sql is missing"
    );
    for (version, sql) in shipped {
        let env = Env::new();
        {
            let conn = Connection::open(env.db_path()).unwrap();
            conn.execute_batch(&sql).unwrap();
            conn.execute_batch(
                "INSERT INTO change_set (at, actor, command) VALUES ('2026-01-01T00:00:00+08:00', 'old', 'meded org add');
                 INSERT INTO org (code, name, kind, created_change) VALUES ('OLD', '旧基地', 'base', 1);",
            )
            .unwrap();
        }
        if version == 1 {
            // A member's standard of the Sichuan table (SCJA4, id 4).
            Connection::open(env.db_path())
                .unwrap()
                .execute_batch(&format!(
                    "INSERT INTO org (code, name, kind, region_level, created_change)
                         VALUES ('ZC1', '继教单位', 'cme', '县级', 1);
                     INSERT INTO account (id_number, id_type, name, role, org_id, registration, created_change)
                         VALUES ('{}', '居民身份证', '张三', 'member', 2, '单位审核通过', 1);
                     INSERT INTO member_standard (account_id, year, standard_id, title, title_level, region_level, change_id)
                         VALUES (1, 2017, 4, '副主任技师', '高级', '市州级/二级以下医院', 1);",
                    nth_id(1)
                ))
                .unwrap();
        }
        let list = env.json(&["org", "list"], 0);
        assert_eq!(list[0]["code"], "OLD", "version {version} keeps its data");
        if version < 2 {
            // The tables before provinces were Sichuan's.
            assert_eq!(
                env.count("SELECT count(*) FROM credit_standard WHERE province = '51'"),
                10
            );
        }
        if version == 1 {
            let mine = env.json(&["credit-standard", "list", &nth_id(1)], 0);
            assert_eq!(mine[0]["code"], "SCJA4", "{mine}");
            assert_eq!(mine[0]["standard"]["province"], "51");
        }
        assert_eq!(
            schema_of(&env.db()),
            current,
            "a version-{version} database migrates to the current schema"
        );
    }
}

#[test]
fn account_delete_knows_every_table_that_holds_a_persons_data() {
    if sqlite_only() {
        return;
    }
    let env = Env::with_database();
    let conn = env.db();
    let tables: Vec<String> = conn
        .prepare("SELECT name FROM sqlite_master WHERE type = 'table'")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .map(Result::unwrap)
        .collect();
    let mut referring = Vec::new();
    for t in tables {
        let refs: Vec<String> = conn
            .prepare(&format!(
                "SELECT \"table\" FROM pragma_foreign_key_list('{t}')"
            ))
            .unwrap()
            .query_map([], |r| r.get(0))
            .unwrap()
            .map(Result::unwrap)
            .collect();
        if refs.iter().any(|r| r == "account") {
            referring.push(t);
        }
    }
    referring.sort();
    let mut known: Vec<String> = meded::account::delete::PERSONAL_TABLES
        .iter()
        .map(|s| s.to_string())
        .collect();
    known.sort();
    assert_eq!(referring, known);
}

/// Version 8 stores the texts a credit record shares with its project once
/// (credit_project): every record of a version-6 file keeps its id, its
/// texts exactly (a missing one stays missing) and its state, and records
/// of one project share one row of it.
#[test]
fn credit_records_keep_their_texts_when_projects_are_stored_once() {
    if sqlite_only() {
        return;
    }
    let v6 = fixtures()
        .into_iter()
        .find(|(v, _)| *v == 6)
        .expect("tests/fixtures/schema_v6.sql")
        .1;
    let env = Env::new();
    let member = nth_id(1);
    {
        let conn = Connection::open(env.db_path()).unwrap();
        conn.execute_batch(&v6).unwrap();
        conn.execute_batch(&format!(
            "INSERT INTO change_set (at, actor, command) VALUES ('2026-01-01T00:00:00+08:00', 'old', 'meded credit import');
             INSERT INTO org (code, name, province, kind, region_level, created_change)
                 VALUES ('C1', '继教单位', '51', 'cme', '县级', 1);
             INSERT INTO account (id_number, id_type, name, role, org_id, registration, created_change)
                 VALUES ('{member}', '居民身份证', '张三', 'member', 1, '单位审核通过', 1);
             INSERT INTO credit (id, account_id, project_no, project_name, credits, kind, start_date,
                                 end_date, form, organizer, year, subject, remark, status,
                                 created_change, reviewed_change) VALUES
                 (7, 1, 'A1', '超声学习班', 20, '省级I类', '2017-03-01', '2017-03-02', '学习班', '省医学会', 2017, '临床医学/内科学', NULL, '待审', 1, NULL),
                 (9, 1, 'A2', '超声学习班', 20, '省级I类', '2017-04-01', '2017-04-02', '学习班', '省医学会', 2017, '临床医学/内科学', '补录', '审核通过', 1, 1),
                 (12, 1, 'B1', '护理讲座', 5, 'II类', '2017-05-01', '2017-05-01', NULL, '省医学会', 2017, NULL, NULL, '待审', 1, NULL);"
        ))
        .unwrap();
    }
    let list = env.json(&["credit", "list", &member], 0);
    let got: Vec<serde_json::Value> = list
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            serde_json::json!([
                r["id"],
                r["project_no"],
                r["project_name"],
                r["credits"],
                r["type"],
                r["start_date"],
                r["end_date"],
                r["form"],
                r["organizer"],
                r["year"],
                r["subject"],
                r["remark"],
                r["status"]
            ])
        })
        .collect();
    assert_eq!(
        got,
        [
            serde_json::json!([
                7,
                "A1",
                "超声学习班",
                2.0,
                "省级I类",
                "2017-03-01",
                "2017-03-02",
                "学习班",
                "省医学会",
                2017,
                "临床医学/内科学",
                null,
                "待审"
            ]),
            serde_json::json!([
                9,
                "A2",
                "超声学习班",
                2.0,
                "省级I类",
                "2017-04-01",
                "2017-04-02",
                "学习班",
                "省医学会",
                2017,
                "临床医学/内科学",
                "补录",
                "审核通过"
            ]),
            serde_json::json!([
                12,
                "B1",
                "护理讲座",
                0.5,
                "II类",
                "2017-05-01",
                "2017-05-01",
                null,
                "省医学会",
                2017,
                null,
                null,
                "待审"
            ]),
        ]
    );
    // A1 and A2 have other numbers, so each is a project of its own; the
    // texts are stored once per project.
    assert_eq!(env.count("SELECT count(*) FROM credit_project"), 3);
    assert_eq!(
        env.count("SELECT count(*) FROM credit_project WHERE form IS NULL AND subject IS NULL"),
        1
    );
}

/// Version 15 finds a credit project by a hash of its texts: every
/// project of a version-14 file keeps its id and gets the key of its texts
/// (the next one for a second project of the same texts, which a missing
/// text let the old index hold), and an edit to the texts of a stored
/// project points the record to it, nothing new made.
#[test]
fn credit_projects_get_the_keys_of_their_texts() {
    if sqlite_only() {
        return;
    }
    let v14 = fixtures()
        .into_iter()
        .find(|(v, _)| *v == 14)
        .expect("tests/fixtures/schema_v14.sql")
        .1;
    let env = Env::new();
    let (one, two) = (nth_id(1), nth_id(2));
    {
        let conn = Connection::open(env.db_path()).unwrap();
        conn.execute_batch(&v14).unwrap();
        conn.execute_batch(&format!(
            "INSERT INTO change_set (at, actor, command) VALUES ('2026-01-01T00:00:00+08:00', 'old', 'meded credit import');
             INSERT INTO org (code, name, province, kind, region_level, created_change)
                 VALUES ('C1', '继教单位', '51', 'cme', '县级', 1);
             INSERT INTO account (id_number, id_type, name, role, org_id, registration, created_change)
                 VALUES ('{one}', '居民身份证', '张三', 'member', 1, '单位审核通过', 1),
                        ('{two}', '居民身份证', '李四', 'member', 1, '单位审核通过', 1);
             INSERT INTO credit_project (id, project_no, name, form, organizer, subject) VALUES
                 (3, 'A1', '超声学习班', '学习班', '省医学会', '临床医学/内科学'),
                 (4, 'A1', '超声班', '学习班', '省医学会', '临床医学/内科学'),
                 (5, 'B1', '护理讲座', NULL, '省医学会', NULL),
                 (8, 'B1', '护理讲座', NULL, '省医学会', NULL);
             INSERT INTO credit (id, account_id, project_no, project_id, credits, kind, start_date,
                                 end_date, year, status, created_change) VALUES
                 (7, 1, 'A1', 3, 20, '省级I类', '2017-03-01', '2017-03-02', 2017, '待审', 1),
                 (9, 2, 'A1', 4, 20, '省级I类', '2017-03-01', '2017-03-02', 2017, '待审', 1),
                 (12, 1, 'B1', 5, 5, 'II类', '2017-05-01', '2017-05-01', 2017, '待审', 1),
                 (13, 2, 'B1', 8, 5, 'II类', '2017-05-01', '2017-05-01', 2017, '待审', 1);"
        ))
        .unwrap();
    }
    let list = env.json(&["credit", "list", &two], 0);
    assert_eq!(list[0]["project_name"], "超声班", "{list}");
    let keys: Vec<(i64, i64)> = {
        let db = env.db();
        let mut stmt = db
            .prepare("SELECT id, hash_key FROM credit_project ORDER BY id")
            .unwrap();
        let mut rows = stmt.query([]).unwrap();
        let mut keys = Vec::new();
        while let Some(r) = rows.next().unwrap() {
            keys.push((r.get(0).unwrap(), r.get(1).unwrap()));
        }
        keys
    };
    let key = |name: &str| {
        meded::db::text_key::of(&[
            Some("A1"),
            Some(name),
            Some("学习班"),
            Some("省医学会"),
            Some("临床医学/内科学"),
        ])
    };
    let b1 = meded::db::text_key::of(&[Some("B1"), Some("护理讲座"), None, Some("省医学会"), None]);
    assert_eq!(
        keys,
        [
            (3, key("超声学习班")),
            (4, key("超声班")),
            (5, b1),
            (8, meded::db::text_key::next(b1))
        ]
    );
    env.run(&["credit", "edit", "9", "--project-name", "超声学习班"])
        .expect(0);
    assert_eq!(env.count("SELECT project_id FROM credit WHERE id = 9"), 3);
    assert_eq!(env.count("SELECT count(*) FROM credit_project"), 4);
}

/// A teacher, their evidence and the office's decision in a version-8
/// file, as `teacher import` and `teacher review` wrote them then.
fn old_teacher_sql(id_number: &str) -> String {
    format!(
        "INSERT INTO change_set (at, actor, command) VALUES ('2023-01-05T09:00:00+08:00', '教学部', 'meded teacher import');
         INSERT INTO org (code, name, kind, created_change) VALUES ('H001', '示例医院', 'base', 1);
         INSERT INTO department (org_id, name) VALUES (1, '心内科');
         INSERT INTO account (id_number, id_type, name, phone, role, org_id, department_id, title, created_change)
             VALUES ('{id_number}', '居民身份证', '张建国', '13980000001', 'teacher', 1, 1, '主治医师', 1);
         INSERT INTO teacher (account_id, sex, birth_date, ethnicity, has_qualification, qualification_on,
                              licence_level, licence_category, qualification_no, education, title_on,
                              practice_no, teaching_since, level, created_change, updated_change)
             VALUES (1, '男', '1980-01-01', '汉族', '是', '2005-12', '执业医师', '临床',
                     '200551110{id_number}', '本科', '2015-07-01', '110510000000001', '2016-09',
                     '一般', 1, 1);
         INSERT INTO teacher_event (account_id, kind, at, grade, created_change)
             VALUES (1, '带教评价', '2021', '不合格', 1);
         INSERT INTO teacher_appointment (org_id, year, account_id, status, change_id)
             VALUES (1, 2023, 1, '推荐', 1);"
    )
}

/// Version 10 adds the teachers' form fields and applications: a teacher
/// imported before keeps every detail, their evidence and the decision
/// made without an application, which stays in force and may be reversed.
#[test]
fn a_teacher_imported_before_keeps_their_details_and_decisions() {
    if sqlite_only() {
        return;
    }
    let v8 = fixtures()
        .into_iter()
        .find(|(v, _)| *v == 8)
        .expect("tests/fixtures/schema_v8.sql")
        .1;
    let env = Env::new();
    let teacher = crate::teacher::tid(1);
    {
        let conn = Connection::open(env.db_path()).unwrap();
        conn.execute_batch(&v8).unwrap();
        conn.execute_batch(&old_teacher_sql(&teacher)).unwrap();
    }
    let list = env.json(&["teacher", "list", "--org", "H001", "--year", "2023"], 0);
    let t = &list[0];
    assert_eq!(t["id_number"], teacher.as_str());
    assert_eq!(t["title_date"], "2015-07-01");
    assert_eq!(t["practice_no"], "110510000000001");
    assert_eq!(t["teaching_since"], "2016-09");
    // The decision of 2023 stands, without an application.
    assert_eq!(t["recommendation"], "推荐");
    assert_eq!(t["batch"], Value::Null);
    assert_eq!(t["recommended_at"], "2023-01-05T09:00:00+08:00");
    assert_eq!(t["recommended_by"], "教学部");
    let stored: (String, String, Option<String>, Option<String>) = env
        .db()
        .query_row(
            "SELECT has_qualification, qualification_no, health, photo FROM teacher",
            [],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)),
        )
        .unwrap();
    assert_eq!(
        stored,
        ("是".into(), format!("200551110{teacher}"), None, None)
    );
    // Its evidence counts as it did, by the rule as it is now: 不合格 in
    // 2021 excludes at 1 January 2023 (2021 and 2022 are judged).
    let check = env.json(&["teacher", "check", "--org", "H001", "--year", "2023"], 1);
    assert_eq!(check["teachers"][0]["eligible_from"], "2024-01-01");
    // The roster judges again at 1 January 2023: recommended under the
    // rule as it read before, the teacher is held apart until the office
    // overrides or declines.
    let roster = env.json(&["teacher", "roster", "--org", "H001", "--year", "2023"], 1);
    assert_eq!(roster["withheld"][0]["id_number"], teacher.as_str());
    // No new application for a year decided; the decision may be reversed.
    env.run(&["teacher", "batch", "add", "2023年度师资", "--year", "2023"])
        .expect(0);
    let r = env.json(
        &["teacher", "apply", &teacher, "--batch", "2023年度师资"],
        1,
    );
    assert!(
        r["errors"][0]["message"]
            .as_str()
            .unwrap()
            .contains("has been decided on for 2023 (推荐)"),
        "{r}"
    );
    let r = env.json(
        &[
            "teacher",
            "review",
            &teacher,
            "--year",
            "2023",
            "--reject",
            "--reason",
            "调离临床",
        ],
        0,
    );
    assert_eq!(r["teachers"][0]["before"], "推荐");
    // The form's new answer is taken by the migrated table.
    let changed = env
        .db()
        .execute(
            "UPDATE teacher SET has_qualification = '已通过考试,尚未发放证书'",
            [],
        )
        .unwrap();
    assert_eq!(changed, 1);
}

/// Version 11 on a version-8 file: a member refused before stays refused
/// (and out of the unit's queue) until imported again with changes, which
/// sends the registration back to 单位待审; the new columns start empty and
/// the new tables are there.
#[test]
fn a_refused_member_stays_refused_until_imported_again() {
    if sqlite_only() {
        return;
    }
    let v8 = fixtures()
        .into_iter()
        .find(|(v, _)| *v == 8)
        .expect("tests/fixtures/schema_v8.sql")
        .1;
    let env = Env::new();
    let member = nth_id(1);
    {
        let conn = Connection::open(env.db_path()).unwrap();
        conn.execute_batch(&v8).unwrap();
        conn.execute_batch(&format!(
            "INSERT INTO change_set (at, actor, command) VALUES ('2026-01-01T00:00:00+08:00', 'old', 'meded account import');
             INSERT INTO org (code, name, province, kind, region_level, created_change)
                 VALUES ('C1', '继教单位', '51', 'cme', '县级', 1);
             INSERT INTO department (org_id, name) VALUES (1, '内科');
             INSERT INTO account (id_number, id_type, name, phone, role, org_id, department_id, title,
                                  registration, takes_cme, created_change)
                 VALUES ('{member}', '居民身份证', '张三', '13800000001', 'member', 1, 1, '医师',
                         '单位审核不过', 1, 1);"
        ))
        .unwrap();
    }
    let shown = env.json(&["account", "show", &member], 0);
    assert_eq!(shown["registration"], "单位审核不过");
    assert!(shown["standard_region"].is_null());
    let queue = env.json(&["account", "list", "--registration", "pending"], 0);
    assert_eq!(queue.as_array().unwrap().len(), 0);
    assert_eq!(env.count("SELECT count(*) FROM profile_work"), 0);
    assert_eq!(env.count("SELECT count(*) FROM code_entry"), 0);
    // Imported again with what the registration now requires: corrected.
    let mut rows = vec![MEMBER_HEADER.iter().map(|s| s.to_string()).collect()];
    rows.push(crate::common::member("张三", &member, "医师"));
    let file = env.csv("again.csv", &rows);
    let report = env.import(&file, "C1", &["--role", "member"], 0);
    assert_eq!(counts(&report), (0, 1, 0, 0), "{report}");
    let queue = env.json(&["account", "list", "--registration", "pending"], 0);
    assert_eq!(queue[0]["id_number"], member.as_str());
}

/// A resident's profile stored before 工作信息 existed (a version-8 file):
/// the file opens, the profile reads and validates as it did, with no
/// jobs; the next import with the sheet adds them.
#[test]
fn a_profile_stored_before_work_info_reads_and_validates_as_it_did() {
    if sqlite_only() {
        return;
    }
    let v8 = fixtures()
        .into_iter()
        .find(|(v, _)| *v == 8)
        .expect("tests/fixtures/schema_v8.sql")
        .1;
    let env = Env::new();
    let resident = nth_id(1);
    {
        let conn = Connection::open(env.db_path()).unwrap();
        conn.execute_batch(&v8).unwrap();
        conn.execute_batch(&format!(
            "INSERT INTO change_set (at, actor, command) VALUES ('2026-01-01T00:00:00+08:00', 'old', 'meded profile import');
             INSERT INTO org (code, name, province, kind, created_change)
                 VALUES ('H001', '示例医院', '51', 'base', 1);
             INSERT INTO account (id_number, id_type, name, phone, role, org_id, created_change)
                 VALUES ('{resident}', '居民身份证', '学员一', '13800000001', 'resident', 1, 1);
             INSERT INTO profile_basic (account_id, name, sex, ethnicity, birth_date, marital_status,
                                        nationality, id_type, hukou_province, mobile, email, photo,
                                        id_card_front, id_card_back, created_change, updated_change)
                 VALUES (1, '学员一', '男', '汉族', '1995-01-01', '未婚', '中国大陆', '居民身份证', '四川',
                         '13800000001', 'a@example.cn', '/photos/p.jpg', '/photos/f.jpg',
                         '/photos/b.jpg', 1, 1);
             INSERT INTO profile_education (account_id, level, full_time, in_study, school, major,
                                            graduated_on, education, education_on, has_diploma,
                                            has_degree)
                 VALUES (1, '本科', '是', '否', '四川大学', '临床医学', '2018-07', '大学本科教育',
                         '2018-07', '否', '否');
             INSERT INTO profile_certificate (account_id, passed_exam, has_licence)
                 VALUES (1, '否', '否');"
        ))
        .unwrap();
    }
    let v = env.json(
        &["profile", "validate", "--org", "H001", "--skip-images"],
        0,
    );
    assert_eq!(
        (v["checked"].as_u64(), v["valid"].as_u64()),
        (Some(1), Some(1)),
        "{v}"
    );
    let shown = env.json(&["profile", "show", &resident], 0);
    assert_eq!(shown["基本信息"][0]["value"], "学员一");
    assert_eq!(shown["学习经历"][0]["level"], "本科");
    assert_eq!(shown["工作信息"], serde_json::json!([]));
    assert_eq!(
        env.count("SELECT count(*) FROM profile_basic WHERE name = '学员一'"),
        1
    );
    // The next import with the sheet adds the jobs.
    env.photos();
    let mut p = good_profile(&resident, "学员一");
    p.jobs(&[("成都市第一人民医院", "2018-08", "")]);
    let book = profile_book(&env.path("p.xlsx"), &[p]);
    let r = env.json(
        &["profile", "import", book.to_str().unwrap(), "--org", "H001"],
        0,
    );
    assert_eq!(counts(&r), (0, 1, 0, 0), "{r}");
    assert_eq!(
        env.count("SELECT count(*) FROM profile_work WHERE seq = 1 AND end_on IS NULL"),
        1
    );
}
