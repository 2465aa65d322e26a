//! Credit records (学分登记, docs/domain.md#credit-records): import, review,
//! list, edit and delete, and what they refuse.

use crate::common::*;

/// A municipal (市州级) CME institution C017 with one approved member, 张三.
fn world() -> (Env, String) {
    let env = Env::new();
    env.add_cme_org("C017", "成都市第三人民医院", "市州级");
    let id = nth_id(1);
    env.add_members(
        "C017",
        &[member("张三", &id, "技师系列 - 副主任技师(副高)")],
    );
    (env, id)
}

/// The four records of the CME platform's sample certificate (year 2017),
/// as typed there.
fn figure_27(id: &str) -> Vec<Vec<String>> {
    vec![
        credit(
            id,
            "张三",
            "201745123",
            "2.0",
            "国家级",
            "2017-10-17",
            "2017-10-17",
        ),
        credit(
            id,
            "张三",
            "17-01-09040386",
            "2.0",
            "省I类",
            "2017-04-22",
            "2017-04-22",
        ),
        credit(
            id,
            "张三",
            "17-01-09020369",
            "3.0",
            "省I类",
            "2017-07-21",
            "2017-07-23",
        ),
        credit(
            id,
            "张三",
            "17-01-04050370",
            "3.0",
            "省I类",
            "2017-06-23",
            "2017-06-25",
        ),
    ]
}

#[test]
fn figure_27_records_arrive_pending_and_list_as_json() {
    let (env, id) = world();
    let report = env.import_credits("c.csv", &figure_27(&id), &[], 0);
    assert_eq!(counts(&report), (4, 0, 0, 0));
    let list = env.json(&["credit", "list", &id], 0);
    let list = list.as_array().unwrap();
    assert_eq!(list.len(), 4);
    // By date: 04-22, 06-23, 07-21, 10-17.
    let first = &list[0];
    assert!(first["id"].is_i64());
    assert_eq!(first["id_number"], id.as_str());
    assert_eq!(first["project_no"], "17-01-09040386");
    assert_eq!(first["type"], "省级I类");
    assert_eq!(first["credits"], 2.0);
    assert_eq!(first["start_date"], "2017-04-22");
    assert_eq!(first["end_date"], "2017-04-22");
    assert_eq!(first["year"], 2017);
    assert_eq!(first["subject"], "临床医学/内科学");
    assert_eq!(first["status"], "待审");
    assert_eq!(list[3]["type"], "国家级I类");
    // Stored exactly, in tenths.
    assert_eq!(env.count("SELECT sum(credits) FROM credit"), 100);
    assert_eq!(
        env.count("SELECT count(DISTINCT created_change) FROM credit"),
        1,
        "one change set for the import"
    );
}

#[test]
fn credit_types_are_normalised_and_credits_keep_one_decimal() {
    let (env, id) = world();
    let rows = vec![
        credit(
            &id,
            "张三",
            "A1",
            "2.5",
            "国家级Ⅰ类",
            "2017-01-02",
            "2017-01-03",
        ),
        credit(
            &id,
            "张三",
            "A2",
            "1",
            "省级I类",
            "2017-01-02",
            "2017-01-02",
        ),
        credit(&id, "张三", "A3", "0.5", "Ⅱ类", "2017-01-02", "2017-01-02"),
        credit(&id, "张三", "A4", "25", "二类", "2017-01-02", "2017-01-02"),
    ];
    env.import_credits("c.csv", &rows, &[], 0);
    let kinds: Vec<(String, String, i64)> = env
        .db()
        .prepare("SELECT project_no, kind, credits FROM credit ORDER BY project_no")
        .unwrap()
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
        .unwrap()
        .map(Result::unwrap)
        .collect();
    assert_eq!(
        kinds,
        [
            ("A1".into(), "国家级I类".into(), 25),
            ("A2".into(), "省级I类".into(), 10),
            ("A3".into(), "II类".into(), 5),
            ("A4".into(), "II类".into(), 250),
        ]
    );
}

#[test]
fn bad_rows_are_refused_row_by_row_with_clear_messages() {
    let (env, id) = world();
    env.add_org("H001", "华西医院");
    let resident = nth_id(20);
    let residents = vec![
        HEADER.iter().map(|s| s.to_string()).collect(),
        crate::common::resident("2019", "学员二", &resident, "13900000020"),
    ];
    env.import(&env.csv("r.csv", &residents), "H001", &[], 0);
    let rows = vec![
        credit(&id, "张三", "OK1", "3", "省I类", "2017-03-01", "2017-03-02"),
        credit(
            &nth_id(7),
            "李四",
            "B1",
            "3",
            "省I类",
            "2017-03-01",
            "2017-03-02",
        ),
        credit(&id, "张三", "B2", "3", "市级", "2017-03-01", "2017-03-02"),
        credit(&id, "张三", "B3", "-2", "II类", "2017-03-01", "2017-03-02"),
        credit(&id, "张三", "B4", "26", "II类", "2017-03-01", "2017-03-02"),
        credit(
            &id,
            "张三",
            "B5",
            "2.55",
            "II类",
            "2017-03-01",
            "2017-03-02",
        ),
        credit(&id, "张三", "B6", "2", "II类", "2017-03-05", "2017-03-02"),
        credit(&id, "张三", "B7", "2", "II类", "2017-12-30", "2018-01-02"),
        credit(&id, "王五", "B8", "2", "II类", "2017-03-01", "2017-03-02"),
        credit(
            &resident,
            "学员二",
            "B9",
            "2",
            "II类",
            "2017-03-01",
            "2017-03-02",
        ),
        credit(&id, "张三", "B10", "2", "I类", "2017-03-01", "2017-03-02"),
    ];
    let report = env.import_credits("c.csv", &rows, &["--lang", "en"], 1);
    assert_eq!(counts(&report), (1, 0, 0, 10));
    let errs = errors(&report);
    let has = |row: u64, col: &str, text: &str| {
        assert!(
            errs.iter()
                .any(|(r, c, m)| *r == row && c == col && m.contains(text)),
            "row {row} {col} '{text}' not in {errs:#?}"
        )
    };
    has(3, "证件号码", "no CME member");
    has(4, "学分类型", "unknown credit type '市级'");
    has(5, "学分", "positive");
    has(6, "学分", "at most 25");
    has(7, "学分", "at most one decimal");
    has(8, "结束日期", "before the start date");
    has(9, "结束日期", "not within the year 2017");
    has(10, "姓名", "differs from the account's name");
    has(11, "证件号码", "not a CME member");
    has(12, "学分类型", "unknown credit type 'I类'");
    assert_eq!(env.count("SELECT count(*) FROM credit"), 1);
    // --strict: nothing at all when a row is refused.
    let report = env.import_credits("d.csv", &rows[1..3], &["--strict"], 1);
    assert_eq!(report["written"], false);
    assert_eq!(env.count("SELECT count(*) FROM credit"), 1);
}

#[test]
fn duplicates_are_reported_and_identical_records_skipped() {
    let (env, id) = world();
    let a = credit(&id, "张三", "D1", "3", "省I类", "2017-03-01", "2017-03-02");
    let mut b = a.clone();
    b[4] = "4".into();
    let report = env.import_credits("c.csv", &[a.clone(), b.clone()], &[], 1);
    assert_eq!(counts(&report), (1, 0, 0, 1));
    let (row, col, msg) = &errors(&report)[0];
    assert_eq!((*row, col.as_str()), (3, "项目编号"));
    assert!(msg.contains("duplicate of row 2"), "{msg}");
    // The same record again: skipped, so a file imported twice changes nothing.
    let report = env.import_credits("again.csv", std::slice::from_ref(&a), &[], 0);
    assert_eq!(counts(&report), (0, 0, 1, 0));
    // Another record under the same project number: refused, naming the stored one.
    let report = env.import_credits("other.csv", &[b], &[], 1);
    let msg = &errors(&report)[0].2;
    let stored = env.credit_id("D1");
    assert!(
        msg.contains(&format!("id {stored}")) && msg.contains("3.0"),
        "{msg}"
    );
    assert_eq!(env.count("SELECT count(*) FROM credit"), 1);
}

#[test]
fn dry_run_writes_nothing_and_errors_file_keeps_refused_rows() {
    let (env, id) = world();
    let rows = vec![
        credit(&id, "张三", "E1", "3", "省I类", "2017-03-01", "2017-03-02"),
        credit(&id, "张三", "E2", "x", "省I类", "2017-03-01", "2017-03-02"),
    ];
    let report = env.import_credits("c.csv", &rows, &["--dry-run"], 1);
    assert_eq!(counts(&report), (1, 0, 0, 1));
    assert_eq!(report["written"], false);
    assert_eq!(env.count("SELECT count(*) FROM credit"), 0);
    let out = env.path("fix.csv");
    env.import_credits("c.csv", &rows, &["--errors", out.to_str().unwrap()], 1);
    let back = read_csv(&out);
    assert_eq!(back.len(), 2);
    // Under its row number in the file, then the row as it was.
    assert_eq!((back[0][0].as_str(), back[1][0].as_str()), ("原行号", "3"));
    assert_eq!(back[1][3], "E2");
    assert_eq!(back[0].last().unwrap(), "错误原因");
}

#[test]
fn a_file_that_is_not_the_template_is_refused_with_exit_2() {
    let (env, _) = world();
    let file = env.csv(
        "c.csv",
        &rows(&[&["证件号码", "姓名", "学分"], &["1", "张三", "2"]]),
    );
    let run = env
        .run(&["credit", "import", file.to_str().unwrap()])
        .expect(2);
    assert!(run.stderr.contains("项目编号"), "{}", run.stderr);
    env.run(&["credit", "import", "missing.xlsx"]).expect(2);
    assert_eq!(env.count("SELECT count(*) FROM credit"), 0);
}

#[test]
fn review_approves_or_rejects_only_pending_records() {
    let (env, id) = world();
    env.import_credits("c.csv", &figure_27(&id), &[], 0);
    let (a, b) = (env.credit_id("201745123"), env.credit_id("17-01-09040386"));
    let out = env.json(&["credit", "review", &a.to_string(), "--approve"], 0);
    assert_eq!(out["reviewed"][0]["id"], a);
    assert_eq!(env.credit_status("201745123"), "审核通过");
    env.json(
        &[
            "credit",
            "review",
            &b.to_string(),
            "--reject",
            "--reason",
            "证明材料不全",
        ],
        0,
    );
    assert_eq!(env.credit_status("17-01-09040386"), "审核不过");
    let reason: String = env
        .db()
        .query_row("SELECT review_reason FROM credit WHERE id = ?1", [b], |r| {
            r.get(0)
        })
        .unwrap();
    assert_eq!(reason, "证明材料不全");
    let items = env.items(&id);
    assert_eq!(items.len(), 2);
    assert_eq!(
        (items[1].field.as_deref(), items[1].after.as_deref()),
        (Some("审核状态"), Some("审核不过"))
    );
    // Approving a rejected record is refused; approving an approved one is a no-op.
    let out = env.json(
        &[
            "credit",
            "review",
            &a.to_string(),
            &b.to_string(),
            "--approve",
        ],
        1,
    );
    assert_eq!(out["unchanged"], serde_json::json!([a]));
    assert!(
        out["errors"][0]["message"]
            .as_str()
            .unwrap()
            .contains("only a 待审")
    );
    assert_eq!(env.credit_status("17-01-09040386"), "审核不过");
    // The rest of the member's pending records of 2017 at once.
    let out = env.json(
        &[
            "credit",
            "review",
            "--member",
            &id,
            "--year",
            "2017",
            "--approve",
        ],
        0,
    );
    assert_eq!(out["reviewed"].as_array().unwrap().len(), 2);
    assert_eq!(
        env.count("SELECT count(*) FROM credit WHERE status = '待审'"),
        0
    );
    // No such record.
    let out = env.json(&["credit", "review", "999", "--approve"], 1);
    assert!(
        out["errors"][0]["message"]
            .as_str()
            .unwrap()
            .contains("999")
    );
}

#[test]
fn edits_and_deletes_are_refused_after_review() {
    let (env, id) = world();
    env.import_credits("c.csv", &figure_27(&id), &[], 0);
    let a = env.credit_id("201745123");
    let b = env.credit_id("17-01-09040386");
    // A pending record may change; every changed field is logged.
    let edited = env.json(
        &[
            "credit",
            "edit",
            &b.to_string(),
            "--credits",
            "2.5",
            "--type",
            "II类",
        ],
        0,
    );
    assert_eq!(edited["credits"], 2.5);
    assert_eq!(edited["type"], "II类");
    let items = env.items(&id);
    let changed: Vec<(Option<String>, Option<String>, Option<String>)> = items
        .iter()
        .map(|i| (i.field.clone(), i.before.clone(), i.after.clone()))
        .collect();
    assert_eq!(
        changed,
        [
            (Some("学分".into()), Some("2.0".into()), Some("2.5".into())),
            (
                Some("学分类型".into()),
                Some("省级I类".into()),
                Some("II类".into())
            ),
        ]
    );
    // Bad values are refused as an import refuses them.
    let run = env
        .run(&["credit", "edit", &b.to_string(), "--credits", "-1"])
        .expect(2);
    assert!(run.stderr.contains("positive"), "{}", run.stderr);
    let run = env
        .run(&["credit", "edit", &b.to_string(), "--end", "2018-01-01"])
        .expect(2);
    assert!(run.stderr.contains("not within the year"), "{}", run.stderr);

    env.run(&["credit", "review", &a.to_string(), "--approve"])
        .expect(0);
    let run = env
        .run(&["credit", "edit", &a.to_string(), "--credits", "5"])
        .expect(1);
    assert!(
        run.stderr.contains("审核通过") && run.stderr.contains("only a 待审 record may be changed"),
        "{}",
        run.stderr
    );
    let out = env.json(&["credit", "delete", &a.to_string(), &b.to_string()], 1);
    assert_eq!(out["deleted"], serde_json::json!([b]));
    assert!(
        out["errors"][0]["message"]
            .as_str()
            .unwrap()
            .contains("deleted")
    );
    assert_eq!(env.credit_status("201745123"), "审核通过");
    assert_eq!(env.count("SELECT count(*) FROM credit"), 3);
    let last = env.items(&id).pop().unwrap();
    assert_eq!(
        (last.entity.as_str(), last.action.as_str()),
        ("credit", "delete")
    );
}

#[test]
fn list_by_years_and_for_unknown_people() {
    let (env, id) = world();
    let rows = vec![
        credit(&id, "张三", "Y15", "3", "II类", "2015-03-01", "2015-03-01"),
        credit(&id, "张三", "Y16", "3", "II类", "2016-03-01", "2016-03-01"),
        credit(&id, "张三", "Y17", "3", "II类", "2017-03-01", "2017-03-01"),
    ];
    env.import_credits("c.csv", &rows, &[], 0);
    let list = env.json(
        &["credit", "list", &id, "--from", "2016", "--to", "2016"],
        0,
    );
    assert_eq!(list.as_array().unwrap().len(), 1);
    assert_eq!(list[0]["project_no"], "Y16");
    let table = env.run(&["credit", "list", &id]).expect(0);
    assert!(table.stdout.contains("Y15") && table.stdout.contains("待审"));
    let run = env.run(&["credit", "list", &nth_id(9)]).expect(2);
    assert!(run.stderr.contains("no account"), "{}", run.stderr);
}

/// Records as Excel saves them: a title row, date cells, numbers for
/// credits and year, full-width text.
#[test]
fn an_xlsx_with_date_cells_and_numbers_imports() {
    let (env, id) = world();
    let header: Vec<X> = CREDIT_HEADER.iter().map(|h| t(&format!("*{h}"))).collect();
    let row = |no: &str, credits: f64, kind: &str| -> Vec<X> {
        vec![
            t(&id),
            t("张三"),
            t(no),
            t("肝脏超声造影专题学习班"),
            X::N(credits),
            t(kind),
            X::D(2017, 4, 22),
            X::D(2017, 4, 23),
            t("学习班"),
            t("四川省人民医院"),
            X::N(2017.0),
            t("临床医学－影像医学与核医学"),
            X::E,
        ]
    };
    let file = Xlsx::new()
        .sheet(
            "学分登记",
            1,
            &[header, row("X-1", 2.5, "省Ⅰ类"), row("X-2", 2.55, "Ⅱ类")],
        )
        .text(0, 0, "附件 学分登记模板")
        .save(&env.path("c.xlsx"));
    let report = env.json(&["credit", "import", file.to_str().unwrap()], 1);
    assert_eq!(counts(&report), (1, 0, 0, 1), "{report}");
    assert_eq!(errors(&report)[0].0, 4);
    assert_eq!(errors(&report)[0].1, "*学分");
    let list = env.json(&["credit", "list", &id], 0);
    assert_eq!(list[0]["credits"], 2.5);
    assert_eq!(list[0]["type"], "省级I类");
    assert_eq!(list[0]["start_date"], "2017-04-22");
    assert_eq!(list[0]["subject"], "临床医学/影像医学与核医学");
}

#[test]
fn review_all_pending_records_of_an_organisation() {
    let (env, id) = world();
    env.import_credits("c.csv", &figure_27(&id), &[], 0);
    let out = env.json(
        &[
            "credit",
            "review",
            "--org",
            "C017",
            "--year",
            "2016",
            "--approve",
        ],
        1,
    );
    // No 2016 records: a set that matched nothing was not reviewed (exit 1).
    assert_eq!(out["reviewed"], serde_json::json!([]), "no 2016 records");
    let out = env.json(&["credit", "review", "--org", "C017", "--approve"], 0);
    assert_eq!(out["reviewed"].as_array().unwrap().len(), 4);
    assert_eq!(
        env.count(
            "SELECT count(*) FROM credit WHERE status = '审核通过' AND reviewed_change IS NOT NULL"
        ),
        4
    );
    // Nothing to say what to review: a usage error.
    env.run(&["credit", "review", "--approve"]).expect(2);
}

/// A file longer than the statements that insert records several rows at
/// a time: records already stored (the same, skipped; different, refused
/// naming the stored one), repeats within the file near and far from the
/// row they repeat, unknown members and bad rows. Every row has its own
/// outcome at its own row number, and every record is stored once, in
/// file order.
#[test]
fn a_long_mixed_file_gives_every_row_its_own_outcome() {
    let env = Env::new();
    env.add_cme_org("C017", "成都市第三人民医院", "市州级");
    let people: Vec<String> = (1..=30).map(nth_id).collect();
    let members: Vec<Vec<String>> = people
        .iter()
        .enumerate()
        .map(|(k, id)| {
            member(
                &format!("学员{}", chinese_number(k as u32 + 1)),
                id,
                "主治医师",
            )
        })
        .collect();
    env.add_members("C017", &members);
    let name = |k: usize| format!("学员{}", chinese_number(k as u32 + 1));
    let row = |k: usize, no: &str, credits: &str| {
        credit(
            &people[k],
            &name(k),
            no,
            credits,
            "II类",
            "2017-03-01",
            "2017-03-02",
        )
    };
    // Stored first: P0 of every member, 1.0 credit.
    let first: Vec<Vec<String>> = (0..30).map(|k| row(k, "P0", "1")).collect();
    env.import_credits("first.csv", &first, &[], 0);

    let mut rows = Vec::new();
    // (row number, what should happen)
    let mut expect: Vec<(u64, &str)> = Vec::new();
    let push = |rows: &mut Vec<Vec<String>>,
                expect: &mut Vec<(u64, &str)>,
                r: Vec<String>,
                what: &'static str| {
        rows.push(r);
        expect.push((rows.len() as u64 + 1, what));
    };
    for n in 0..400usize {
        let k = n % 30;
        let no = format!("Q{n}");
        match n {
            _ if n % 97 == 5 => push(&mut rows, &mut expect, row(k, "P0", "1"), "skipped"),
            _ if n % 89 == 7 => push(
                &mut rows,
                &mut expect,
                row(k, "P0", "2"),
                "stored elsewhere",
            ),
            _ if n % 83 == 11 => {
                let mut r = row(k, &no, "1");
                r[0] = nth_id(900);
                push(&mut rows, &mut expect, r, "unknown")
            }
            _ if n % 71 == 13 => push(&mut rows, &mut expect, row(k, &no, "99"), "bad"),
            _ if n % 67 == 17 && n > 150 && expect[rows.len() - 150].1 == "new" => {
                // Repeats a new record of this file, 150 rows back.
                let back = rows[rows.len() - 150].clone();
                push(&mut rows, &mut expect, back, "repeat")
            }
            _ => push(&mut rows, &mut expect, row(k, &no, "1"), "new"),
        }
        if n % 61 == 19 {
            // The same key again at once, with other credits.
            let again = row(k, &no, "3");
            push(&mut rows, &mut expect, again, "repeat");
        }
    }
    let report = env.import_credits("long.csv", &rows, &[], 1);
    let count = |w: &str| expect.iter().filter(|(_, e)| *e == w).count() as u64;
    for w in [
        "new",
        "skipped",
        "stored elsewhere",
        "unknown",
        "bad",
        "repeat",
    ] {
        assert!(count(w) > 0, "the file has rows of each kind: {w}");
    }
    assert_eq!(
        counts(&report),
        (
            count("new"),
            0,
            count("skipped"),
            count("stored elsewhere") + count("unknown") + count("bad") + count("repeat")
        ),
        "{report}"
    );
    let refused: Vec<(u64, String)> = errors(&report)
        .into_iter()
        .map(|(row, _, msg)| (row, msg))
        .collect();
    let expected: Vec<u64> = expect
        .iter()
        .filter(|(_, e)| !matches!(*e, "new" | "skipped"))
        .map(|(row, _)| *row)
        .collect();
    let rows_refused: Vec<u64> = refused.iter().map(|(r, _)| *r).collect();
    // A bad row may give more than one error; each refused row appears.
    let mut unique = rows_refused.clone();
    unique.dedup();
    assert_eq!(unique, expected, "refusals in row order");
    for (row, msg) in &refused {
        let what = expect.iter().find(|(r, _)| r == row).unwrap().1;
        match what {
            "repeat" => {
                // The row it repeats is the first with its member and number.
                let r = &rows[*row as usize - 2];
                let first = rows
                    .iter()
                    .position(|o| o[0] == r[0] && o[2] == r[2])
                    .unwrap()
                    + 2;
                assert!(
                    msg.contains(&format!("duplicate of row {first}")),
                    "{row}: {msg}"
                );
            }
            "stored elsewhere" => assert!(msg.contains("already has a record"), "{row}: {msg}"),
            "unknown" => assert!(msg.contains("no CME member"), "{row}: {msg}"),
            _ => {}
        }
    }
    // Every new record once, with the credits of its first row, ids in file order.
    assert_eq!(
        env.count("SELECT count(*) FROM credit"),
        30 + count("new") as i64
    );
    let conn = env.db();
    let stored: Vec<(String, String, i64)> = conn
        .prepare(
            "SELECT a.id_number, c.project_no, c.credits FROM credit c
             JOIN account a ON a.id = c.account_id WHERE c.project_no <> 'P0' ORDER BY c.id",
        )
        .unwrap()
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
        .unwrap()
        .map(Result::unwrap)
        .collect();
    let new: Vec<(String, String, i64)> = expect
        .iter()
        .filter(|(_, e)| *e == "new")
        .map(|(row, _)| {
            let r = &rows[*row as usize - 2];
            (r[0].clone(), r[2].clone(), 10)
        })
        .collect();
    assert_eq!(stored, new);
}

/// 学科分类 has two levels, as the platform's list has them: a one-level
/// value is refused with the list's nearest entries; a value in another
/// form (a code, other marks) is stored as 一级/二级; a province's own list,
/// once imported, replaces the one meded ships.
#[test]
fn subjects_have_two_levels_from_the_list() {
    let (env, id) = world();
    let mut rows = vec![
        credit(
            &id,
            "张三",
            "S-1",
            "2.0",
            "省级I类",
            "2017-04-22",
            "2017-04-22",
        ),
        credit(
            &id,
            "张三",
            "S-2",
            "2.0",
            "省级I类",
            "2017-04-22",
            "2017-04-22",
        ),
        credit(
            &id,
            "张三",
            "S-3",
            "2.0",
            "省级I类",
            "2017-04-22",
            "2017-04-22",
        ),
    ];
    rows[0][11] = "药学".into();
    rows[1][11] = "100706".into();
    rows[2][11] = "临床医学－内科学".into();
    let report = env.import_credits("s.csv", &rows, &[], 1);
    assert_eq!(counts(&report), (2, 0, 0, 1), "{report}");
    let (row, column, message) = &errors(&report)[0];
    assert_eq!((*row, column.as_str()), (2, "学科分类"));
    assert!(
        message.contains("one level") && message.contains("药学/药理学"),
        "{message}"
    );
    let list = env.json(&["credit", "list", &id], 0);
    let subjects: Vec<&str> = list
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["subject"].as_str().unwrap())
        .collect();
    assert_eq!(subjects, ["药学/药理学", "临床医学/内科学"]);

    // The province's own list: 药学/临床药学 is in it, 药学/药理学 no longer.
    let own = env.csv(
        "subjects.csv",
        &[
            vec!["一级学科".into(), "二级学科".into(), "代码".into()],
            vec!["药学".into(), "临床药学".into(), "1101".into()],
            vec!["护理学".into(), "临床护理".into(), "1201".into()],
            vec!["护理学".into(), "临床护理".into(), "1201".into()],
        ],
    );
    let imported = env.json(&["codes", "import", "subjects", own.to_str().unwrap()], 0);
    assert_eq!(counts(&imported), (2, 0, 1, 0), "{imported}");
    let mut more = vec![
        credit(
            &id,
            "张三",
            "S-4",
            "2.0",
            "省级I类",
            "2017-04-22",
            "2017-04-22",
        ),
        credit(
            &id,
            "张三",
            "S-5",
            "2.0",
            "省级I类",
            "2017-04-22",
            "2017-04-22",
        ),
    ];
    more[0][11] = "药学/临床药学".into();
    more[1][11] = "药学/药理学".into();
    let report = env.import_credits("t.csv", &more, &[], 1);
    assert_eq!(counts(&report), (1, 0, 0, 1), "{report}");
    assert!(errors(&report)[0].2.contains("药学/临床药学"), "{report}");
    // A list with a refused row is not imported: the list is as it was.
    let bad = env.csv(
        "bad.csv",
        &[
            vec!["一级学科".into(), "二级学科".into()],
            vec!["药学".into(), "".into()],
        ],
    );
    env.json(&["codes", "import", "subjects", bad.to_str().unwrap()], 1);
    assert_eq!(
        env.count("SELECT count(*) FROM code_entry WHERE list = 'subject'"),
        2
    );
}

/// 上传图片: a JPEG beside the workbook, kept by its path and checked as
/// photos are; a path outside the workbook's folder or a file that is no
/// JPEG is refused.
#[test]
fn an_uploaded_image_is_kept_and_checked() {
    let (env, id) = world();
    std::fs::create_dir_all(env.path("scans")).unwrap();
    jpeg_file(&env.path("scans/a.jpg"), 1200, 900, 200 * 1024);
    std::fs::write(env.path("scans/b.jpg"), b"GIF89a not a jpeg").unwrap();
    let mut header: Vec<String> = CREDIT_HEADER.iter().map(|s| s.to_string()).collect();
    header.push("上传图片".into());
    let mut rows = vec![header];
    for (no, image) in [
        ("I-1", "scans/a.jpg"),
        ("I-2", "scans/b.jpg"),
        ("I-3", "../x.jpg"),
        ("I-4", ""),
    ] {
        let mut r = credit(
            &id,
            "张三",
            no,
            "2.0",
            "省级I类",
            "2017-04-22",
            "2017-04-22",
        );
        r.push(image.into());
        rows.push(r);
    }
    let file = env.csv("images.csv", &rows);
    let report = env.json(&["credit", "import", file.to_str().unwrap()], 1);
    assert_eq!(counts(&report), (2, 0, 0, 2), "{report}");
    let errs = errors(&report);
    assert!(
        errs[0].1 == "上传图片" && errs[0].2.contains("GIF"),
        "{errs:?}"
    );
    assert!(errs[1].2.contains("outside"), "{errs:?}");
    let list = env.json(&["credit", "list", &id], 0);
    let image = list[0]["image"].as_str().unwrap();
    assert!(
        image.ends_with("scans/a.jpg") && std::path::Path::new(image).is_absolute(),
        "{image}"
    );
    assert!(list[1]["image"].is_null());
    // An edit sets or removes it, checked the same way.
    let rid = env.credit_id("I-4").to_string();
    env.run(&[
        "credit",
        "edit",
        &rid,
        "--image",
        env.path("scans/b.jpg").to_str().unwrap(),
    ])
    .expect(2);
    env.run(&[
        "credit",
        "edit",
        &rid,
        "--image",
        env.path("scans/a.jpg").to_str().unwrap(),
    ])
    .expect(0);
    let item = env.items(&id).pop().unwrap();
    assert_eq!(item.field.as_deref(), Some("上传图片"));
    env.run(&["credit", "edit", &rid, "--image", ""]).expect(0);
    assert!(env.json(&["credit", "list", &id], 0)[1]["image"].is_null());
}
