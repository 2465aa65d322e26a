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
    let fresh = Env::new();
    fresh.run(&["org", "list"]).expect(0);
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
    let env = Env::new();
    env.run(&["org", "list"]).expect(0);
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
