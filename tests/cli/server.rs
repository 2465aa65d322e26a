//! A province's shared PostgreSQL database, tried as each of its roles:
//! what a base administrator, a province reviewer and a CME office can see
//! and do, enforced by the server whatever client connects. The tests that
//! need a server are marked ignored, and say so, unless it is asked for
//! (`MEDED_TEST_DB=postgres MEDED_TEST_PG=… cargo test --test cli --
//! --include-ignored`, as CI runs them); on SQLite files the server's
//! commands say they need one.

use std::sync::atomic::{AtomicU32, Ordering};

use crate::common::*;
use crate::review::base_with_residents;

/// For a test that needs a server (marked `#[ignore]`, run with
/// `--include-ignored`): says how to give it one when there is none.
pub fn server_only() {
    assert!(
        on_postgres(),
        "this test needs a PostgreSQL server: MEDED_TEST_DB=postgres \
         MEDED_TEST_PG=postgres://USER@HOST:PORT/postgres cargo test --test cli -- --include-ignored"
    );
}

/// A database user name of this test alone (roles belong to the whole
/// server, which every test database shares).
pub fn user(who: &str) -> String {
    static NEXT: AtomicU32 = AtomicU32::new(0);
    format!(
        "{who}_{}_{}",
        std::process::id(),
        NEXT.fetch_add(1, Ordering::Relaxed)
    )
}

/// What the server said, in its words.
pub fn refusal(e: postgres::Error) -> String {
    e.as_db_error()
        .map_or_else(|| e.to_string(), |d| d.message().to_owned())
}

pub fn count(client: &mut postgres::Client, sql: &str) -> i64 {
    client
        .query_one(sql, &[])
        .unwrap_or_else(|e| panic!("{sql}: {e}"))
        .get(0)
}

/// H001 with three residents (training, profiles complete), H002 with two.
/// A database user granted the base administrator's role for H001.
fn base_admin_of_h001(env: &Env) -> String {
    let wang = user("wang");
    env.run(&[
        "db",
        "grant",
        &wang,
        "--role",
        "base-admin",
        "--org",
        "H001",
    ])
    .expect(0);
    wang
}

fn two_bases() -> Env {
    let env = base_with_residents(3);
    env.add_org("H002", "四川省人民医院");
    let roster = env.csv(
        "h002.csv",
        &[
            HEADER.iter().map(|s| s.to_string()).collect(),
            resident("2019", "李四", &nth_id(11), &nth_phone(11)),
            resident("2019", "王五", &nth_id(12), &nth_phone(12)),
        ],
    );
    env.import(&roster, "H002", &[], 0);
    env.run(&["db", "init", "--roles"]).expect(0);
    env
}

#[test]
fn roles_need_a_server() {
    if sqlite_only() {
        return;
    }
    let env = Env::with_base();
    let init = env.json(&["db", "init"], 0);
    assert_eq!(init["engine"], "sqlite");
    for args in [
        vec!["db", "init", "--roles"],
        vec![
            "db",
            "grant",
            "wang",
            "--role",
            "base-admin",
            "--org",
            "H001",
        ],
    ] {
        let run = env.run(&args).expect(2);
        assert!(run.stderr.contains("PostgreSQL"), "{}", run.stderr);
    }
}

#[test]
#[ignore = "needs a PostgreSQL server: MEDED_TEST_DB=postgres MEDED_TEST_PG=postgres://… cargo test --test cli -- --include-ignored"]
fn grants_follow_roles_and_name_organisations_of_their_kind() {
    server_only();
    let env = Env::with_base();
    env.add_cme_org("C001", "成都市第三人民医院", "市州级");
    let u = user("early");
    let run = env.run(&["db", "grant", &u, "--role", "base-admin", "--org", "H001"]);
    assert!(run.expect(2).stderr.contains("db init --roles"));
    env.run(&["db", "init", "--roles"]).expect(0);
    // Again: it is idempotent.
    env.run(&["db", "init", "--roles"]).expect(0);
    let run = env.run(&["db", "grant", &u, "--role", "base-admin", "--org", "C001"]);
    assert_eq!(run.expect(2).code, 2, "a CME institution is not a base");
    env.run(&["db", "grant", &u, "--role", "base-admin"])
        .expect(2);
    env.run(&[
        "db",
        "grant",
        &u,
        "--role",
        "province-reviewer",
        "--org",
        "H001",
    ])
    .expect(2);
    env.run(&[
        "db",
        "grant",
        "robert'); DROP TABLE account;--",
        "--role",
        "province-reviewer",
    ])
    .expect(2);
    let granted = env.json(
        &["db", "grant", &u, "--role", "base-admin", "--org", "H001"],
        0,
    );
    assert_eq!(granted["created_user"], true);
    assert_eq!(granted["orgs"][0], "H001");
}

#[test]
#[ignore = "needs a PostgreSQL server: MEDED_TEST_DB=postgres MEDED_TEST_PG=postgres://… cargo test --test cli -- --include-ignored"]
fn a_base_administrator_sees_only_its_base_and_cannot_approve() {
    server_only();
    let env = two_bases();
    let wang = base_admin_of_h001(&env);

    // What the server shows the connection, whatever the client asks.
    let mut c = env.client_as(&wang);
    assert_eq!(count(&mut c, "SELECT count(*) FROM account"), 3);
    assert_eq!(
        count(
            &mut c,
            "SELECT count(*) FROM account a JOIN org o ON o.id = a.org_id WHERE o.code = 'H002'"
        ),
        0,
        "another base's residents are not there for it"
    );
    assert_eq!(count(&mut c, "SELECT count(*) FROM training"), 3);
    let hash = c.query("SELECT password_hash FROM account", &[]);
    assert!(
        refusal(hash.unwrap_err()).contains("permission denied"),
        "the hash column is not readable"
    );

    // meded as the base: its own residents, none of the other base's.
    let mine = env.run_as(
        &wang,
        &["account", "list", "--org", "H001", "--format", "json"],
    );
    assert_eq!(mine.expect(0).json().as_array().unwrap().len(), 3);
    let theirs = env.run_as(
        &wang,
        &["account", "list", "--org", "H002", "--format", "json"],
    );
    assert_eq!(theirs.expect(0).json().as_array().unwrap().len(), 0);

    // It submits; it cannot approve what it submitted.
    env.run_as(&wang, &["report", "submit", "--org", "H001"])
        .expect(0);
    let run = env.run_as(&wang, &["audit", "approve", "--org", "H001", "--all"]);
    let run = run.expect(3);
    assert!(
        run.stderr.contains("no permission") && run.stderr.contains("province reviewer"),
        "a clear refusal, not a stack of SQL:\n{}",
        run.stderr
    );
    assert!(!run.stderr.contains("SELECT"), "{}", run.stderr);
    assert_eq!(
        env.count("SELECT count(*) FROM training WHERE review_status = '待审核'"),
        3,
        "nothing was approved"
    );

    // Writing into another base is refused by the server.
    let roster = env.csv(
        "into-h002.csv",
        &[
            HEADER.iter().map(|s| s.to_string()).collect(),
            resident("2019", "赵六", &nth_id(13), &nth_phone(13)),
        ],
    );
    let run = env.run_as(
        &wang,
        &[
            "account",
            "import",
            roster.to_str().unwrap(),
            "--org",
            "H002",
        ],
    );
    run.expect(3);
    assert!(!env.has_account(&nth_id(13)));

    // Into its own base it imports: new residents through the bulk path
    // (which the policies check), one it has already skipped.
    let mut rows = vec![HEADER.iter().map(|s| s.to_string()).collect()];
    for n in 20..25 {
        rows.push(resident("2019", "新学员", &nth_id(n), &nth_phone(n)));
    }
    let own = env.csv("into-h001.csv", &rows);
    let run = env.run_as(
        &wang,
        &[
            "account",
            "import",
            own.to_str().unwrap(),
            "--org",
            "H001",
            "--format",
            "json",
        ],
    );
    assert_eq!(run.expect(0).json()["imported"], 5);
    assert_eq!(count(&mut c, "SELECT count(*) FROM account"), 8);
    assert_eq!(count(&mut c, "SELECT count(*) FROM training"), 8);

    // The change log names the connected user; --actor is a note beside it.
    let (actor, note): (String, Option<String>) = env
        .db()
        .query_row(
            "SELECT actor, note FROM change_set WHERE command LIKE '%report submit%'",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .unwrap();
    assert_eq!(actor, wang);
    assert_eq!(note.as_deref(), Some("tester"));
}

#[test]
#[ignore = "needs a PostgreSQL server: MEDED_TEST_DB=postgres MEDED_TEST_PG=postgres://… cargo test --test cli -- --include-ignored"]
fn a_province_reviewer_reads_every_resident_and_decides_on_submissions_only() {
    server_only();
    let env = two_bases();
    let li = user("li");
    env.run(&["db", "grant", &li, "--role", "province-reviewer"])
        .expect(0);
    let mut c = env.client_as(&li);
    assert_eq!(
        count(&mut c, "SELECT count(*) FROM training"),
        5,
        "every resident of the province, submitted or not"
    );
    assert_eq!(count(&mut c, "SELECT count(*) FROM account"), 5);
    let unsubmitted = env.run_as(
        &li,
        &["audit", "list", "--status", "未上报", "--format", "json"],
    );
    assert_eq!(unsubmitted.expect(0).json().as_array().unwrap().len(), 5);
    // Nothing to approve until a base submits.
    let early = env.run_as(&li, &["audit", "approve", &nth_id(1)]);
    assert_eq!(early.code, 1, "{}", early.stderr);

    env.run(&["report", "submit", "--org", "H001"]).expect(0);
    assert_eq!(count(&mut c, "SELECT count(*) FROM training"), 5);
    assert_eq!(count(&mut c, "SELECT count(*) FROM profile_basic"), 3);

    let approved = env.run_as(
        &li,
        &[
            "audit", "approve", "--org", "H001", "--all", "--format", "json",
        ],
    );
    assert_eq!(
        approved.expect(0).json()["approved"]
            .as_array()
            .unwrap()
            .len(),
        3
    );
    assert_eq!(
        env.count("SELECT count(*) FROM training WHERE review_status = '审核通过'"),
        3
    );

    // It decides on submissions; it does not edit a base's data.
    let err = c
        .execute("UPDATE training SET specialty = '外科'", &[])
        .unwrap_err();
    let err = refusal(err);
    assert!(err.contains("permission denied"), "{err}");
    let roster = env.csv(
        "more.csv",
        &[
            HEADER.iter().map(|s| s.to_string()).collect(),
            resident("2019", "赵六", &nth_id(13), &nth_phone(13)),
        ],
    );
    env.run_as(
        &li,
        &[
            "account",
            "import",
            roster.to_str().unwrap(),
            "--org",
            "H001",
        ],
    )
    .expect(3);
    assert!(!env.has_account(&nth_id(13)));
}

#[test]
#[ignore = "needs a PostgreSQL server: MEDED_TEST_DB=postgres MEDED_TEST_PG=postgres://… cargo test --test cli -- --include-ignored"]
fn a_cme_office_sees_only_its_members_and_their_credits() {
    server_only();
    let env = Env::new();
    env.add_cme_org("C001", "成都市第三人民医院", "市州级");
    env.add_cme_org("C002", "绵阳市中心医院", "市州级");
    let (ours, theirs) = (nth_id(1), nth_id(2));
    env.add_members("C001", &[member("张三", &ours, "主治医师(中级)")]);
    env.add_members("C002", &[member("李四", &theirs, "主治医师(中级)")]);
    env.import_credits(
        "c.csv",
        &[
            credit(
                &ours,
                "张三",
                "P1",
                "5",
                "国家级I类",
                "2024-03-01",
                "2024-03-03",
            ),
            credit(
                &theirs,
                "李四",
                "P2",
                "5",
                "国家级I类",
                "2024-03-01",
                "2024-03-03",
            ),
        ],
        &[],
        0,
    );
    env.run(&["db", "init", "--roles"]).expect(0);
    let zhao = user("zhao");
    env.run(&[
        "db",
        "grant",
        &zhao,
        "--role",
        "cme-office",
        "--org",
        "C001",
    ])
    .expect(0);
    let mut c = env.client_as(&zhao);
    assert_eq!(count(&mut c, "SELECT count(*) FROM account"), 1);
    assert_eq!(count(&mut c, "SELECT count(*) FROM credit"), 1);
    assert_eq!(
        count(
            &mut c,
            "SELECT count(*) FROM credit WHERE project_no = 'P2'"
        ),
        0
    );
    let listed = env.run_as(&zhao, &["credit", "list", &ours, "--format", "json"]);
    let listed = listed.expect(0).json();
    assert!(listed.to_string().contains("P1"), "{listed}");
    let hidden = env.run_as(&zhao, &["credit", "list", &theirs, "--format", "json"]);
    assert_ne!(hidden.code, 0, "another office's member is not found");
    assert!(!hidden.stdout.contains("P2"));

    // It imports its members' records through the bulk path, with a new
    // project; another office's member is unknown to it and refused.
    let mut rows = vec![CREDIT_HEADER.iter().map(|s| s.to_string()).collect()];
    for (who, name, no) in [(&ours, "张三", "P3"), (&theirs, "李四", "P4")] {
        rows.push(credit(
            who,
            name,
            no,
            "2",
            "II类",
            "2024-05-01",
            "2024-05-01",
        ));
    }
    let file = env.csv("office-credits.csv", &rows);
    let run = env.run_as(
        &zhao,
        &[
            "credit",
            "import",
            file.to_str().unwrap(),
            "--format",
            "json",
        ],
    );
    let report = run.expect(1).json();
    assert_eq!(
        (report["imported"].as_u64(), report["rejected"].as_u64()),
        (Some(1), Some(1))
    );
    assert_eq!(count(&mut c, "SELECT count(*) FROM credit"), 2);
    assert_eq!(
        env.count("SELECT count(*) FROM credit WHERE project_no = 'P4'"),
        0
    );
}

/// A base administrator's training import, on the server's bulk path: its
/// own residents' records change (a submitted one is set back to 未上报,
/// with the change log saying so), and a person of another base is not
/// there for it to change.
#[test]
#[ignore = "needs a PostgreSQL server: MEDED_TEST_DB=postgres MEDED_TEST_PG=postgres://… cargo test --test cli -- --include-ignored"]
fn a_base_administrator_imports_training_information_for_its_own_residents() {
    server_only();
    let env = two_bases();
    let wang = base_admin_of_h001(&env);
    env.run_as(&wang, &["report", "submit", "--org", "H001"])
        .expect(0);
    let mut later = crate::review::training_row(1, "内科");
    later[7] = "2022-09-30".into();
    let mut theirs = crate::review::training_row(11, "内科");
    theirs[1] = "李四".into();
    let rows = [later, crate::review::training_row(2, "内科"), theirs];
    let file = crate::review::training_file(&env, "training.csv", &rows);
    let run = env.run_as(
        &wang,
        &[
            "training",
            "import",
            file.to_str().unwrap(),
            "--org",
            "H001",
            "--format",
            "json",
        ],
    );
    let report = run.expect(1).json();
    assert_eq!(counts(&report), (0, 1, 1, 1), "{report}");
    assert_eq!(errors(&report)[0].0, 4);
    let stored = |n: u32| -> (String, String) {
        env.db()
            .query_row(
                "SELECT t.end_date, t.report_status FROM training t
                 JOIN account a ON a.id = t.account_id WHERE a.id_number = ?1",
                [nth_id(n)],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .unwrap()
    };
    assert_eq!(stored(1), ("2022-09-30".into(), "未上报".into()));
    assert_eq!(stored(2), ("2022-08-31".into(), "已上报".into()));
    let items: Vec<(String, Option<String>)> = env
        .items(&nth_id(1))
        .into_iter()
        .rev()
        .take(2)
        .map(|i| (i.action, i.field))
        .collect();
    assert_eq!(
        items,
        [
            ("reopen".into(), Some("上报状态".into())),
            ("update".into(), Some("培训结束时间".into()))
        ]
    );
    assert_eq!(
        env.count(
            "SELECT count(*) FROM training WHERE recruit_year = 2019 AND end_date = '2022-09-30'"
        ),
        1
    );
}

#[test]
#[ignore = "needs a PostgreSQL server: MEDED_TEST_DB=postgres MEDED_TEST_PG=postgres://… cargo test --test cli -- --include-ignored"]
fn a_base_administrator_imports_its_residents_profiles_and_no_others() {
    server_only();
    let env = two_bases();
    let wang = base_admin_of_h001(&env);
    env.run_as(&wang, &["report", "submit", "--org", "H001"])
        .expect(0);

    // One resident's profile changed, one as it was, and another base's
    // resident, whom the server does not show this base.
    let mut changed = good_profile(&nth_id(1), "学员一");
    set(changed.basic.as_mut().unwrap(), "婚姻状况", "已婚");
    changed.jobs(&[("成都市第一人民医院", "2016-07", "")]);
    let book = profile_book(
        &env.path("wang.xlsx"),
        &[
            changed,
            good_profile(&nth_id(2), "学员二"),
            good_profile(&nth_id(11), "李四"),
        ],
    );
    let run = env.run_as(
        &wang,
        &[
            "profile",
            "import",
            book.to_str().unwrap(),
            "--org",
            "H001",
            "--format",
            "json",
        ],
    );
    let r = run.expect(1).json();
    assert_eq!(counts(&r), (0, 1, 1, 1));
    assert!(
        r["errors"][0]["message"]
            .as_str()
            .unwrap()
            .contains("no account"),
        "{r}"
    );
    assert_eq!(
        env.count(
            "SELECT count(*) FROM profile_basic b JOIN account a ON a.id = b.account_id
             WHERE b.marital_status = '已婚'"
        ),
        1
    );
    assert_eq!(
        env.count(&format!(
            "SELECT count(*) FROM profile_basic b JOIN account a ON a.id = b.account_id
             WHERE a.id_number = '{}'",
            nth_id(11)
        )),
        0
    );
    // The change is logged under the base's user, and reopens the
    // resident's submitted record.
    let items: Vec<(String, String)> = env
        .items(&nth_id(1))
        .into_iter()
        .map(|i| (i.entity, i.action))
        .collect();
    let tail = &items[items.len() - 3..];
    assert_eq!(
        tail,
        [
            ("profile.基本信息".to_owned(), "update".to_owned()),
            ("profile.工作信息.1".to_owned(), "create".to_owned()),
            ("report".to_owned(), "reopen".to_owned())
        ]
    );
    assert_eq!(env.count("SELECT count(*) FROM profile_work"), 1);
    assert_eq!(
        env.count(&format!(
            "SELECT count(*) FROM change_item i JOIN change_set s ON s.id = i.change_id
             WHERE i.subject = '{}' AND s.actor = '{wang}'",
            nth_id(1)
        )),
        4,
        "submitted, changed (基本信息 and 工作信息), reopened"
    );
    assert_eq!(
        env.count(
            "SELECT count(*) FROM training t JOIN account a ON a.id = t.account_id
             WHERE t.report_status = '已上报'"
        ),
        2
    );
}

/// A CME office on a shared server writes its members' standard
/// credentials (drawing entries on the status list) and publishes the
/// status list, which sets the bits of its own revoked certificates.
#[test]
#[ignore = "needs a PostgreSQL server: MEDED_TEST_DB=postgres MEDED_TEST_PG=postgres://… cargo test --test cli -- --include-ignored"]
fn a_cme_office_writes_standard_credentials_and_its_status_list() {
    server_only();
    let env = Env::new();
    env.add_cme_org("C001", "成都市第三人民医院", "市州级");
    let ours = nth_id(1);
    env.add_members("C001", &[member("张三", &ours, "主治医师(中级)")]);
    env.import_credits(
        "c.csv",
        &[credit(
            &ours,
            "张三",
            "P1",
            "5",
            "国家级I类",
            "2024-03-01",
            "2024-03-03",
        )],
        &["--approve"],
        0,
    );
    let key = env.path("office.key");
    let key = key.to_str().unwrap();
    env.run(&["key", "init", "--key-file", key]).expect(0);
    env.run(&["db", "init", "--roles"]).expect(0);
    let zhao = user("zhao");
    env.run(&[
        "db",
        "grant",
        &zhao,
        "--role",
        "cme-office",
        "--org",
        "C001",
    ])
    .expect(0);
    let url = "https://c001.example.org/status.json";
    let (pdf, vc) = (env.path("c.pdf"), env.path("c.json"));
    let issued = env
        .run_as(
            &zhao,
            &[
                "certificate",
                &ours,
                "--from",
                "2024",
                "--to",
                "2024",
                "-o",
                pdf.to_str().unwrap(),
                "--vc",
                vc.to_str().unwrap(),
                "--status-list-url",
                url,
                "--province",
                "四川",
                "--key-file",
                key,
                "--format",
                "json",
            ],
        )
        .expect(0)
        .json();
    let code = issued["code"].as_str().unwrap().to_owned();
    assert_eq!(issued["credential"]["status_list"], url);
    env.run_as(
        &zhao,
        &["certificate", "revoke", &code, "--reason", "重新出具"],
    )
    .expect(0);
    let status = env.path("status.json");
    let published = env
        .run_as(
            &zhao,
            &[
                "certificate",
                "revocations",
                "--status-list",
                status.to_str().unwrap(),
                "--key-file",
                key,
                "--format",
                "json",
            ],
        )
        .expect(0)
        .json();
    assert_eq!(published["status_list"]["url"], url);
    assert_eq!(published["status_list"]["revoked"], 1);
    let v = env
        .run_as(
            &zhao,
            &[
                "certificate",
                "verify",
                "--vc",
                vc.to_str().unwrap(),
                "--status-list",
                status.to_str().unwrap(),
                "--key-file",
                key,
                "--format",
                "json",
            ],
        )
        .expect(1)
        .json();
    assert_eq!(v["revoked"]["code"], code.as_str());
}

#[test]
#[ignore = "needs a PostgreSQL server: MEDED_TEST_DB=postgres MEDED_TEST_PG=postgres://… cargo test --test cli -- --include-ignored"]
fn a_base_administrator_takes_its_teachers_applications_and_no_others() {
    use crate::teacher::{TEACHER_HEADER, batch_of, import_teachers, teacher, tid};
    server_only();
    let env = two_bases();
    let wang = base_admin_of_h001(&env);
    import_teachers(&env, "H002", &[teacher(9, "心内科", "2015-07-01")], &[], 0);
    // The base imports its teachers' form, images and all.
    env.photos();
    let mut rows = vec![TEACHER_HEADER.iter().map(|s| s.to_string()).collect()];
    rows.push(teacher(1, "心内科", "2015-07-01"));
    rows.push(teacher(2, "心内科", "2015-07-01"));
    let file = env.csv("teachers.csv", &rows);
    let run = env.run_as(
        &wang,
        &[
            "teacher",
            "import",
            file.to_str().unwrap(),
            "--org",
            "H001",
            "--format",
            "json",
        ],
    );
    assert_eq!(run.expect(0).json()["imported"], 2);
    // The province sets the batch up; a base cannot.
    let batch = batch_of("2024");
    let run = env.run_as(
        &wang,
        &["teacher", "batch", "add", &batch, "--year", "2024"],
    );
    let stderr = run.expect(3).stderr;
    assert!(stderr.contains("permission denied"), "{stderr}");
    env.run(&["teacher", "batch", "add", &batch, "--year", "2024"])
        .expect(0);
    let listed = env.run_as(&wang, &["teacher", "batch", "list", "--format", "json"]);
    assert_eq!(listed.expect(0).json()[0]["name"], batch.as_str());
    // Its own teachers apply; the other base's teacher is not there for it.
    let run = env.run_as(
        &wang,
        &[
            "teacher",
            "apply",
            &tid(1),
            &tid(2),
            &tid(9),
            "--batch",
            &batch,
            "--format",
            "json",
        ],
    );
    let r = run.expect(1).json();
    assert_eq!(r["changed"], 2, "{r}");
    assert!(
        r["errors"][0]["message"]
            .as_str()
            .unwrap()
            .contains("no account"),
        "{r}"
    );
    let run = env.run_as(
        &wang,
        &[
            "teacher",
            "review",
            &tid(1),
            "--batch",
            &batch,
            "--recommend",
            "--format",
            "json",
        ],
    );
    assert_eq!(run.expect(0).json()["changed"], 1);
    let run = env.run_as(
        &wang,
        &[
            "teacher", "list", "--org", "H001", "--year", "2024", "--format", "json",
        ],
    );
    let list = run.expect(0).json();
    assert_eq!(list[0]["recommendation"], "推荐");
    assert!(
        list[0]["recommended_by"]
            .as_str()
            .unwrap()
            .starts_with(&wang),
        "{list}"
    );
    assert_eq!(list[1]["recommendation"], "已提交");
    // What the server shows the connection: only its own base's applications.
    let mut c = env.client_as(&wang);
    assert_eq!(count(&mut c, "SELECT count(*) FROM teacher_application"), 2);
    env.run(&["teacher", "apply", &tid(9), "--batch", &batch])
        .expect(0);
    assert_eq!(count(&mut c, "SELECT count(*) FROM teacher_application"), 2);
    assert_eq!(env.count("SELECT count(*) FROM teacher_application"), 3);
}

/// The locks as a base administrator meets them on a server: after the
/// new-recruit collection closes, its own residents' records are updated
/// and submitted again through the server's policies, a submitted record
/// changed is 未上报 again, and a new resident of the closed year is
/// refused.
#[test]
#[ignore = "needs a PostgreSQL server: MEDED_TEST_DB=postgres MEDED_TEST_PG=postgres://… cargo test --test cli -- --include-ignored"]
fn a_base_administrator_updates_a_closed_year_but_adds_no_one_to_it() {
    server_only();
    let env = two_bases();
    let wang = base_admin_of_h001(&env);
    env.run_as(&wang, &["report", "submit", "--org", "H001"])
        .expect(0);
    let day = |offset: i64| {
        (chrono::Local::now().date_naive() + chrono::Duration::days(offset)).to_string()
    };
    env.run(&[
        "collection",
        "open",
        "--year",
        "2019",
        "--kind",
        "new",
        "--from",
        &day(-30),
        "--until",
        &day(-1),
    ])
    .expect(0);
    env.run_as(
        &wang,
        &[
            "training",
            "set-status",
            &nth_id(1),
            "--status",
            "延期",
            "--org",
            "H001",
        ],
    )
    .expect(0);
    let mut later = crate::review::training_row(2, "内科");
    later[7] = "2022-09-30".into();
    let file = crate::review::training_file(&env, "later.csv", &[later]);
    let run = env.run_as(
        &wang,
        &[
            "training",
            "import",
            file.to_str().unwrap(),
            "--org",
            "H001",
            "--format",
            "json",
        ],
    );
    assert_eq!(counts(&run.expect(0).json()), (0, 1, 0, 0));
    assert_eq!(
        env.count(
            "SELECT count(*) FROM training t JOIN org o ON o.id = t.org_id
             WHERE o.code = 'H001' AND t.report_status = '未上报'"
        ),
        2
    );
    let roster = env.csv(
        "late.csv",
        &[
            HEADER.iter().map(|s| s.to_string()).collect(),
            resident("2019", "赵六", &nth_id(13), &nth_phone(13)),
        ],
    );
    let run = env.run_as(
        &wang,
        &[
            "account",
            "import",
            roster.to_str().unwrap(),
            "--org",
            "H001",
            "--format",
            "json",
        ],
    );
    let report = run.expect(1).json();
    assert!(errors(&report)[0].2.contains("2019 新招收"), "{report}");
    assert!(!env.has_account(&nth_id(13)));
    let run = env.run_as(
        &wang,
        &["report", "submit", "--org", "H001", "--format", "json"],
    );
    assert_eq!(
        run.expect(0).json()["submitted"].as_array().unwrap().len(),
        2
    );
}
