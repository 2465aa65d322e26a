//! The database schema: every shipped version, frozen in
//! tests/fixtures/schema_v*.sql, migrates forward to exactly what a new file
//! gets from schema.sql, and keeps its data.

use meded::db::sql::Connection;

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
