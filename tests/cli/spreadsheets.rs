//! Rosters as they really arrive (docs/spreadsheets.md), each through
//! `account import` and read back from the database.

use std::path::PathBuf;

use crate::common::*;

fn fixture(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(name)
}

fn header_cells() -> Vec<X> {
    HEADER.iter().map(|h| t(h)).collect()
}

fn resident_cells(year: X, name: &str, id_number: &str, phone: &str) -> Vec<X> {
    vec![year, t(name), t("居民身份证"), t(id_number), t(phone)]
}

// ------------------------------------------------------------ layout

#[test]
fn xlsx_with_title_rows_and_notes_above_the_header() {
    let env = Env::with_base();
    let [a, b] = [nth_id(1), nth_id(2)];
    let file = Xlsx::new()
        .sheet(
            "账号模板",
            3,
            &[
                header_cells(),
                resident_cells(X::N(2019.0), "张三", &a, "13800000001"),
                resident_cells(X::N(2019.0), "李四", &b, "1380000000"),
            ],
        )
        .merge((0, 0), (0, 4), t("附件1  2019年住院医师账号导入模板"))
        .text(1, 0, "说明:带*为必填项;证件号码列请设为文本格式。")
        .save(&env.path("roster.xlsx"));
    let report = env.import(&file, "H001", &[], 1);
    assert_eq!(report["header_row"], 4);
    assert_eq!(counts(&report), (1, 0, 0, 1));
    let errs = errors(&report);
    assert_eq!(errs.len(), 1);
    assert_eq!(errs[0].0, 6, "the row as the spreadsheet shows it");
    assert_eq!(errs[0].1, "*手机号码");
    assert!(errs[0].2.contains("1380000000"), "{}", errs[0].2);

    assert_eq!(env.accounts(), 1);
    let acc = env.account(&a);
    assert_eq!(acc.name, "张三");
    assert_eq!(acc.phone.as_deref(), Some("13800000001"));
    assert_eq!(env.training(&a), [("H001".into(), 2019, "在培".into())]);
    assert!(!env.has_account(&b));
}

#[test]
fn header_is_found_in_any_column_order() {
    let env = Env::with_base();
    let id1 = nth_id(1);
    let file = env.csv(
        "r.csv",
        &rows(&[
            &["手机号码", "证件号码", "姓名", "证件类型", "招收年份"],
            &["13800000001", &id1, "张三", "居民身份证", "2021"],
        ]),
    );
    let report = env.import(&file, "H001", &[], 0);
    assert_eq!(counts(&report), (1, 0, 0, 0));
    let acc = env.account(&id1);
    assert_eq!(acc.name, "张三");
    assert_eq!(acc.phone.as_deref(), Some("13800000001"));
    assert_eq!(acc.id_type, "居民身份证");
    assert_eq!(env.training(&id1)[0].1, 2021);
}

#[test]
fn headers_with_markers_full_width_brackets_and_trailing_blanks() {
    let env = Env::with_base();
    let (id1, id2) = (nth_id(1), nth_id(2));
    let file = Xlsx::new()
        .sheet(
            "Sheet1",
            0,
            &[
                vec![
                    t("＊招收年份"),
                    t("*姓名  "),
                    t("证件类型（必填）"),
                    t(" *证件号码(登录账号)"),
                    t("手机号码\u{3000}"),
                ],
                resident_cells(t("2019"), "张三", &id1, "13800000001"),
                resident_cells(t("2019"), "李四", &id2, "12800000002"),
            ],
        )
        .save(&env.path("r.xlsx"));
    let report = env.import(&file, "H001", &[], 1);
    assert_eq!(counts(&report), (1, 0, 0, 1));
    let errs = errors(&report);
    assert_eq!(errs[0].0, 3);
    // The column is named as the file writes it.
    assert_eq!(errs[0].1, "手机号码");
    assert!(env.has_account(&id1));
    assert!(!env.has_account(&id2));
}

#[test]
fn english_aliases_of_the_headers() {
    let env = Env::with_base();
    let id1 = nth_id(1);
    let file = env.csv(
        "r.csv",
        &rows(&[
            &["Name", "ID Number", "Mobile", "Recruitment year", "ID type"],
            &["Zhang San", &id1, "13800000001", "2020", "ID card"],
            &[
                "李四",
                "110101199003070010",
                "13800000002",
                "2020",
                "居民身份证",
            ],
        ]),
    );
    let report = env.import(&file, "H001", &[], 1);
    assert_eq!(counts(&report), (1, 0, 0, 1));
    assert_eq!(errors(&report)[0].0, 3);
    assert_eq!(errors(&report)[0].1, "ID Number");
    let acc = env.account(&id1);
    assert_eq!(acc.name, "Zhang San");
    assert_eq!(acc.id_type, "居民身份证");
    assert_eq!(env.training(&id1)[0].1, 2020);
}

#[test]
fn unknown_extra_columns_are_ignored_and_named() {
    let env = Env::with_base();
    let id1 = nth_id(1);
    let file = env.csv(
        "r.csv",
        &rows(&[
            &[
                "序号",
                "招收年份",
                "姓名",
                "证件类型",
                "证件号码",
                "手机号码",
                "备注",
            ],
            &[
                "1",
                "2019",
                "张三",
                "居民身份证",
                &id1,
                "13800000001",
                "=cmd|' /C calc'!A0",
            ],
        ]),
    );
    let report = env.import(&file, "H001", &[], 0);
    assert_eq!(counts(&report), (1, 0, 0, 0));
    assert_eq!(
        report["unknown_columns"],
        serde_json::json!(["序号", "备注"])
    );
    let acc = env.account(&id1);
    assert_eq!(acc.name, "张三");
    assert_eq!(acc.phone.as_deref(), Some("13800000001"));
    // Nothing of the unknown columns lands anywhere.
    assert!(!env.all_text().iter().any(|s| s.contains("calc")));
}

#[test]
fn missing_required_column_is_refused_naming_it() {
    let env = Env::with_base();
    let file = env.csv(
        "r.csv",
        &rows(&[
            &["招收年份", "姓名", "证件号码", "备注"],
            &["2019", "张三", &nth_id(1), ""],
        ]),
    );
    let run = env
        .run(&["account", "import", file.to_str().unwrap(), "--org", "H001"])
        .expect(2);
    assert!(run.stderr.contains("证件类型"), "{}", run.stderr);
    assert!(run.stderr.contains("手机号码"), "{}", run.stderr);
    assert!(
        !run.stderr.contains("姓名,"),
        "only the missing ones: {}",
        run.stderr
    );
    assert_eq!(env.accounts(), 0);
    assert_eq!(env.change_sets(), 1, "only the org add");
}

// ------------------------------------------------------------ formats

#[test]
fn xls_workbook_with_numbers_and_a_title_row() {
    let env = Env::with_base();
    let report = env.import(&fixture("roster.xls"), "H001", &[], 0);
    assert_eq!(counts(&report), (3, 0, 0, 0));
    assert_eq!(report["header_row"], 2);
    let acc = env.account("110101199003070011");
    assert_eq!(acc.name, "张三");
    // The mobile is a number cell in the XLS.
    assert_eq!(acc.phone.as_deref(), Some("13800000001"));
    assert_eq!(env.account("310115198511200020").name, "李四");
    assert_eq!(
        env.training("362301199202281048"),
        [("H001".into(), 2020, "在培".into())]
    );
    assert_eq!(env.accounts(), 3);
}

#[test]
fn xls_merged_recruitment_year_applies_to_every_row() {
    let env = Env::with_base();
    let report = env.import(&fixture("roster.xls"), "H001", &["--sheet", "合并"], 0);
    assert_eq!(counts(&report), (3, 0, 0, 0), "{report}");
    for id in [
        "11010519491231002X",
        "440305200002290037",
        "110101199003070038",
    ] {
        assert_eq!(
            env.training(id),
            [("H001".into(), 2021, "在培".into())],
            "{id}"
        );
    }
    assert_eq!(env.account("110101199003070038").id_type, "居民身份证");
}

#[test]
fn ods_workbook() {
    let env = Env::with_base();
    let report = env.import(&fixture("roster.ods"), "H001", &[], 0);
    assert_eq!(counts(&report), (3, 0, 0, 0), "{report}");
    assert_eq!(report["header_row"], 2);
    assert_eq!(env.account("110101199003070011").name, "张三");
    assert_eq!(
        env.account("310115198511200020").phone.as_deref(),
        Some("13800000002")
    );
    assert_eq!(env.training("362301199202281048")[0].1, 2020);
}

#[test]

fn ods_merged_recruitment_year_applies_to_every_row() {
    let env = Env::with_base();
    let report = env.import(&fixture("roster.ods"), "H001", &["--sheet", "合并"], 0);
    assert_eq!(counts(&report), (3, 0, 0, 0), "{report}");
    for id in [
        "11010519491231002X",
        "440305200002290037",
        "110101199003070038",
    ] {
        assert_eq!(
            env.training(id),
            [("H001".into(), 2021, "在培".into())],
            "{id}"
        );
    }
}

/// The same three people with a refused fourth, for each text encoding.
fn text_roster() -> (Vec<Vec<String>>, [String; 3]) {
    let ids = [nth_id(1), nth_id(2), nth_id(3)];
    let rows = vec![
        HEADER.iter().map(|s| s.to_string()).collect(),
        resident("2019", "欧阳文博", &ids[0], "13800000001"),
        resident("2019", "买买提·艾力", &ids[1], "13800000002"),
        resident("2019", "刘堃", &ids[2], "13800000003"),
        resident("2019", "错号", "110101199003070010", "13800000004"),
    ];
    (rows, ids)
}

fn check_text_roster(env: &Env, report: &serde_json::Value, ids: &[String; 3]) {
    assert_eq!(counts(report), (3, 0, 0, 1), "{report}");
    let errs = errors(report);
    assert_eq!(errs[0].0, 5);
    assert_eq!(errs[0].1, "*证件号码");
    assert!(errs[0].2.contains("check character"), "{}", errs[0].2);
    assert_eq!(env.account(&ids[0]).name, "欧阳文博");
    assert_eq!(env.account(&ids[1]).name, "买买提·艾力");
    assert_eq!(env.account(&ids[2]).name, "刘堃");
    assert_eq!(env.accounts(), 3);
}

#[test]
fn csv_utf8_without_bom() {
    let env = Env::with_base();
    let (rows, ids) = text_roster();
    let report = env.import(&env.csv("r.csv", &rows), "H001", &[], 1);
    check_text_roster(&env, &report, &ids);
}

#[test]
fn csv_utf8_with_bom() {
    let env = Env::with_base();
    let (rows, ids) = text_roster();
    let report = env.import(&env.csv_bom("r.csv", &rows), "H001", &[], 1);
    check_text_roster(&env, &report, &ids);
    // The BOM is not part of the first header.
    assert_eq!(report["unknown_columns"], serde_json::json!([]));
}

#[test]
fn csv_gbk_from_excel_on_chinese_windows() {
    let env = Env::with_base();
    let (rows, ids) = text_roster();
    let report = env.import(&env.csv_gbk("r.csv", &rows), "H001", &[], 1);
    check_text_roster(&env, &report, &ids);
}

#[test]
fn tab_separated() {
    let env = Env::with_base();
    let (rows, ids) = text_roster();
    let report = env.import(&env.tsv("r.txt", &rows), "H001", &[], 1);
    check_text_roster(&env, &report, &ids);
}

#[test]
fn shipped_examples_import() {
    let env = Env::with_base();
    let examples = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("examples");
    let report = env.import(&examples.join("roster.xlsx"), "H001", &[], 0);
    assert_eq!(counts(&report), (25, 0, 0, 0));
    // The CSVs hold the same people: nothing new.
    let report = env.import(&examples.join("roster-gbk.csv"), "H001", &[], 0);
    assert_eq!(counts(&report), (0, 0, 12, 0));
    let report = env.import(&examples.join("roster-utf8.csv"), "H001", &[], 0);
    assert_eq!(counts(&report), (0, 0, 13, 0));
    assert_eq!(env.accounts(), 25);
    assert_eq!(env.count("SELECT count(*) FROM training"), 25);
    assert_eq!(env.account("51170219950425012X").name, "胡雪");
}

// ------------------------------------------------------------ ID numbers

#[test]
fn id_stored_as_a_number_in_xlsx_is_refused_never_imported() {
    let env = Env::with_base();
    let good = nth_id(1);
    let file = Xlsx::new()
        .sheet(
            "账号模板",
            0,
            &[
                header_cells(),
                vec![
                    X::N(2019.0),
                    t("刘洋"),
                    t("居民身份证"),
                    X::N(362301199202281048.0),
                    t("18341948350"),
                ],
                resident_cells(X::N(2019.0), "张三", &good, "13800000001"),
            ],
        )
        .save(&env.path("r.xlsx"));
    let report = env.import(&file, "H001", &[], 1);
    assert_eq!(counts(&report), (1, 0, 0, 1));
    let errs = errors(&report);
    assert_eq!((errs[0].0, errs[0].1.as_str()), (2, "*证件号码"));
    assert!(errs[0].2.contains("stored as a number"), "{}", errs[0].2);
    assert!(errs[0].2.contains("3.62301199202281E+17"), "{}", errs[0].2);
    assert_eq!(
        env.count("SELECT count(*) FROM account WHERE id_number LIKE '36230119920228%'"),
        0
    );
    assert_eq!(
        env.count("SELECT count(*) FROM account WHERE name = '刘洋'"),
        0
    );
    assert_eq!(env.accounts(), 1);
}

#[test]
fn id_shown_in_scientific_notation_in_a_csv_is_refused() {
    let env = Env::with_base();
    let file = env.csv(
        "r.csv",
        &[
            HEADER.iter().map(|s| s.to_string()).collect(),
            resident("2019", "刘洋", "3.62301199202281E+17", "18341948350"),
            resident("2019", "刘洋", "362301199202281000", "18341948350"),
        ],
    );
    let report = env.import(&file, "H001", &[], 1);
    assert_eq!(counts(&report), (0, 0, 0, 2));
    let errs = errors(&report);
    assert!(errs[0].2.contains("stored as a number"), "{}", errs[0].2);
    // The rounded number is not a valid ID either (its check digit fails).
    assert_eq!(errs[1].0, 3);
    assert_eq!(env.accounts(), 0);
}

#[test]
fn lower_case_x_is_stored_as_upper_case_and_matches_later() {
    let env = Env::with_base();
    let file = env.csv(
        "r.csv",
        &[
            HEADER.iter().map(|s| s.to_string()).collect(),
            resident("2019", "赵六", "11010519491231002x", "13800000001"),
        ],
    );
    assert_eq!(counts(&env.import(&file, "H001", &[], 0)), (1, 0, 0, 0));
    assert!(env.has_account("11010519491231002X"));
    assert!(!env.has_account("11010519491231002x"));
    let upper = env.csv(
        "u.csv",
        &[
            HEADER.iter().map(|s| s.to_string()).collect(),
            resident("2019", "赵六", "11010519491231002X", "13800000001"),
        ],
    );
    assert_eq!(counts(&env.import(&upper, "H001", &[], 0)), (0, 0, 1, 0));
    assert_eq!(env.accounts(), 1);
    // Typed with a lower-case x on the command line, it is the same login.
    let show = env.json(&["account", "show", "11010519491231002x"], 0);
    assert_eq!(show["id_number"], "11010519491231002X");
    assert!(env.password_matches("11010519491231002x", "000000"));
}

#[test]
fn full_width_digits_in_id_and_phone() {
    let env = Env::with_base();
    let file = env.csv(
        "r.csv",
        &[
            HEADER.iter().map(|s| s.to_string()).collect(),
            resident(
                "２０１９",
                "张三",
                "１１０１０１１９９００３０７００１１",
                "１３８０００００００１",
            ),
            resident(
                "2019",
                "赵六",
                "１１０１０５１９４９１２３１００２ｘ",
                "138 0000 0002",
            ),
        ],
    );
    let report = env.import(&file, "H001", &[], 0);
    assert_eq!(counts(&report), (2, 0, 0, 0), "{report}");
    assert_eq!(
        env.account("110101199003070011").phone.as_deref(),
        Some("13800000001")
    );
    assert_eq!(env.training("110101199003070011")[0].1, 2019);
    assert_eq!(
        env.account("11010519491231002X").phone.as_deref(),
        Some("13800000002")
    );
}

#[test]
fn domain_invalid_ids_are_each_refused_with_their_reason() {
    let env = Env::with_base();
    let mut rows = vec![HEADER.iter().map(|s| s.to_string()).collect::<Vec<_>>()];
    for (i, bad) in INVALID_IDS.iter().enumerate() {
        rows.push(resident("2019", "某人", bad, &nth_phone(i as u32)));
    }
    let report = env.import(&env.csv("r.csv", &rows), "H001", &[], 1);
    assert_eq!(counts(&report), (0, 0, 0, 5));
    let msgs: Vec<String> = errors(&report).into_iter().map(|e| e.2).collect();
    assert!(msgs[0].contains("check character"), "{}", msgs[0]);
    assert!(msgs[1].contains("does not exist"), "{}", msgs[1]);
    assert!(msgs[2].contains("province"), "{}", msgs[2]);
    assert!(msgs[3].contains("future"), "{}", msgs[3]);
    assert!(msgs[4].contains("17"), "{}", msgs[4]);
    assert_eq!(env.accounts(), 0);
    // And the valid vectors all pass.
    let mut rows = vec![HEADER.iter().map(|s| s.to_string()).collect::<Vec<_>>()];
    for (i, good) in VALID_IDS.iter().enumerate() {
        rows.push(resident("2019", "某人", good, &nth_phone(i as u32)));
    }
    let report = env.import(&env.csv("g.csv", &rows), "H001", &[], 0);
    assert_eq!(counts(&report), (5, 0, 0, 0));
    assert_eq!(env.accounts(), 5);
}

// ------------------------------------------------------------ values

#[test]
fn recruitment_year_as_number_text_with_nian_and_date() {
    let env = Env::with_base();
    let ids: Vec<String> = (1..=6).map(nth_id).collect();
    let file = Xlsx::new()
        .sheet(
            "账号模板",
            0,
            &[
                header_cells(),
                resident_cells(X::N(2019.0), "甲", &ids[0], "13800000001"),
                resident_cells(t("2019"), "乙", &ids[1], "13800000002"),
                resident_cells(t("2019年"), "丙", &ids[2], "13800000003"),
                resident_cells(X::D(2019, 9, 1), "丁", &ids[3], "13800000004"),
                resident_cells(t("二〇一九"), "戊", &ids[4], "13800000005"),
                resident_cells(X::N(1890.0), "己", &ids[5], "13800000006"),
            ],
        )
        .save(&env.path("r.xlsx"));
    let report = env.import(&file, "H001", &[], 1);
    assert_eq!(counts(&report), (4, 0, 0, 2));
    for id in &ids[..4] {
        assert_eq!(
            env.training(id),
            [("H001".into(), 2019, "在培".into())],
            "{id}"
        );
    }
    let errs = errors(&report);
    assert_eq!((errs[0].0, errs[0].1.as_str()), (6, "*招收年份"));
    assert!(errs[0].2.contains("二〇一九"), "{}", errs[0].2);
    assert_eq!(errs[1].0, 7);
    assert!(!env.has_account(&ids[4]) && !env.has_account(&ids[5]));
}

#[test]
fn blanks_and_full_width_spaces_around_names_are_trimmed() {
    let env = Env::with_base();
    let ids: Vec<String> = (1..=3).map(nth_id).collect();
    let file = env.csv(
        "r.csv",
        &[
            HEADER.iter().map(|s| s.to_string()).collect(),
            resident(
                " 2019 ",
                "  张三 ",
                &format!(" {} ", ids[0]),
                " 13800000001 ",
            ),
            resident("2019", "\u{3000}李四\u{3000}", &ids[1], "13800000002"),
            resident("2019", "\u{3000} ", &ids[2], "13800000003"),
        ],
    );
    let report = env.import(&file, "H001", &[], 1);
    assert_eq!(counts(&report), (2, 0, 0, 1));
    assert_eq!(env.account(&ids[0]).name, "张三");
    assert_eq!(env.account(&ids[0]).phone.as_deref(), Some("13800000001"));
    assert_eq!(env.account(&ids[1]).name, "李四");
    let errs = errors(&report);
    assert_eq!((errs[0].0, errs[0].1.as_str()), (4, "*姓名"));
    assert!(errs[0].2.contains("empty"), "{}", errs[0].2);
}

#[test]
fn empty_trailing_rows_give_no_errors() {
    let env = Env::with_base();
    // CSV: rows of empty cells and blank lines at the end.
    let mut text = csv_text(&roster(2), b',');
    text.push_str(",,,,\n,,,,\n\n\n , ,\u{3000}, ,\n");
    let file = env.write("r.csv", text);
    let report = env.import(&file, "H001", &[], 0);
    assert_eq!(counts(&report), (2, 0, 0, 0), "{report}");
    assert_eq!(env.accounts(), 2);

    // XLSX: an empty row inside, a bad row, then formatted but empty rows.
    let env = Env::with_base();
    let mut cells = text_rows(&roster(2));
    cells.insert(2, vec![t(""), X::E, t(" ")]);
    cells.push(
        text_rows(&[resident(
            "2019",
            "错号",
            "110101199003070010",
            "13800000009",
        )])[0]
            .clone(),
    );
    for _ in 0..5 {
        cells.push(vec![t(""), t(""), X::E, t(" ")]);
    }
    let file = Xlsx::new()
        .sheet("账号模板", 0, &cells)
        .save(&env.path("r.xlsx"));
    let report = env.import(&file, "H001", &[], 1);
    assert_eq!(counts(&report), (2, 0, 0, 1), "{report}");
    assert_eq!(errors(&report).len(), 1);
    assert_eq!(
        errors(&report)[0].0,
        5,
        "rows 1 header, 2 data, 3 empty, 4 data, 5 bad"
    );
    assert_eq!(env.accounts(), 2);
}

#[test]
fn blank_lines_inside_a_csv_count_as_rows() {
    let env = Env::with_base();
    let text = format!(
        "附件1 账号模板\r\n\r\n{}\r\n\r\n2019,张三,居民身份证,{},13800000001\r\n\r\n\r\n2019,李四,居民身份证,110101199003070010,13800000002\r\n\r\n",
        HEADER.join(","),
        nth_id(1),
    );
    let file = env.write("r.csv", text);
    let report = env.import(&file, "H001", &[], 1);
    assert_eq!(report["header_row"], 3);
    assert_eq!(counts(&report), (1, 0, 0, 1));
    assert_eq!(errors(&report)[0].0, 8);
    assert!(env.has_account(&nth_id(1)));
}

#[test]
fn quoted_line_breaks_do_not_shift_row_numbers() {
    let env = Env::with_base();
    let text = format!(
        "{}\n2019,\"张\n三\",居民身份证,{},13800000001\n2019,李四,居民身份证,110101199003070010,13800000002\n",
        HEADER.join(","),
        nth_id(1),
    );
    let report = env.import(&env.write("r.csv", text), "H001", &[], 1);
    let errs = errors(&report);
    // Row 2 holds a name with a line break (refused), row 3 the bad ID.
    assert_eq!(errs.iter().map(|e| e.0).collect::<Vec<_>>(), [2, 3]);
    assert_eq!(env.accounts(), 0);
}

#[test]
fn xlsx_merged_recruitment_year_applies_to_each_row() {
    let env = Env::with_base();
    let ids: Vec<String> = (1..=4).map(nth_id).collect();
    let file = Xlsx::new()
        .sheet(
            "账号模板",
            0,
            &[
                header_cells(),
                resident_cells(X::E, "甲", &ids[0], "13800000001"),
                resident_cells(X::E, "乙", &ids[1], "13800000002"),
                resident_cells(X::E, "丙", &ids[2], "13800000003"),
                resident_cells(X::E, "丁", &ids[3], "13800000004"),
            ],
        )
        .merge((1, 0), (3, 0), X::N(2018.0))
        .save(&env.path("r.xlsx"));
    let report = env.import(&file, "H001", &[], 1);
    assert_eq!(counts(&report), (3, 0, 0, 1), "{report}");
    for id in &ids[..3] {
        assert_eq!(
            env.training(id),
            [("H001".into(), 2018, "在培".into())],
            "{id}"
        );
    }
    // The row below the merged range has no year of its own.
    let errs = errors(&report);
    assert_eq!((errs[0].0, errs[0].1.as_str()), (5, "*招收年份"));
    assert!(errs[0].2.contains("empty"), "{}", errs[0].2);
    assert!(!env.has_account(&ids[3]));
}

#[test]
fn duplicates_within_a_file_name_the_first_row() {
    let env = Env::with_base();
    let (a, b) = (nth_id(1), "11010519491231002X");
    let file = env.csv(
        "r.csv",
        &[
            HEADER.iter().map(|s| s.to_string()).collect(),
            resident("2019", "张三", &a, "13800000001"),
            resident("2019", "赵六", b, "13800000002"),
            resident("2019", "张三", &a, "13800000001"),
            resident("2019", "赵六", "11010519491231002x", "13800000009"),
            resident("2019", "张三", &format!(" {a}"), "13800000001"),
        ],
    );
    let report = env.import(&file, "H001", &[], 1);
    assert_eq!(counts(&report), (2, 0, 0, 3));
    let errs = errors(&report);
    assert_eq!(errs.len(), 3);
    assert_eq!((errs[0].0, errs[0].1.as_str()), (4, "*证件号码"));
    assert!(errs[0].2.contains("row 2"), "{}", errs[0].2);
    assert_eq!(errs[1].0, 5);
    assert!(errs[1].2.contains("row 3"), "{}", errs[1].2);
    assert_eq!(errs[2].0, 6);
    assert!(errs[2].2.contains("row 2"), "{}", errs[2].2);
    // Not merged: the first occurrence is what was written.
    assert_eq!(env.accounts(), 2);
    assert_eq!(env.account(b).phone.as_deref(), Some("13800000002"));
}

#[test]
fn phone_variants_and_bad_phones() {
    let env = Env::with_base();
    let ids: Vec<String> = (1..=4).map(nth_id).collect();
    let file = Xlsx::new()
        .sheet(
            "账号模板",
            0,
            &[
                header_cells(),
                resident_cells(X::N(2019.0), "甲", &ids[0], "+86 138-0000-0001"),
                vec![
                    X::N(2019.0),
                    t("乙"),
                    t("居民身份证"),
                    t(&ids[1]),
                    X::N(13800000002.0),
                ],
                resident_cells(X::N(2019.0), "丙", &ids[2], "010-12345678"),
                resident_cells(X::N(2019.0), "丁", &ids[3], ""),
            ],
        )
        .save(&env.path("r.xlsx"));
    let report = env.import(&file, "H001", &[], 1);
    assert_eq!(counts(&report), (2, 0, 0, 2));
    assert_eq!(env.account(&ids[0]).phone.as_deref(), Some("13800000001"));
    assert_eq!(env.account(&ids[1]).phone.as_deref(), Some("13800000002"));
    let errs = errors(&report);
    assert_eq!(
        errs.iter().map(|e| (e.0, e.1.as_str())).collect::<Vec<_>>(),
        [(4, "*手机号码"), (5, "*手机号码")]
    );
}

#[test]
fn every_problem_of_a_row_is_reported() {
    let env = Env::with_base();
    let file = env.csv(
        "r.csv",
        &rows(&[&HEADER, &["今年", "张三1", "驾照", "123", "123"]]),
    );
    let report = env.import(&file, "H001", &[], 1);
    assert_eq!(counts(&report), (0, 0, 0, 1));
    let cols: Vec<String> = errors(&report).into_iter().map(|e| e.1).collect();
    assert_eq!(cols, ["*招收年份", "*姓名", "*证件类型", "*手机号码"]);
    assert!(errors(&report).iter().all(|e| e.0 == 2));
}

#[test]
fn sheet_is_chosen_by_name_or_the_template_sheet_first() {
    let env = Env::with_base();
    let (a, b) = (nth_id(1), nth_id(2));
    let file = Xlsx::new()
        .sheet("说明", 0, &[vec![t("填表说明:请勿修改表头")]])
        .sheet(
            "账号模板",
            0,
            &[
                header_cells(),
                resident_cells(t("2019"), "张三", &a, "13800000001"),
            ],
        )
        .sheet(
            "补录",
            0,
            &[
                header_cells(),
                resident_cells(t("2020"), "李四", &b, "13800000002"),
            ],
        )
        .save(&env.path("r.xlsx"));
    assert_eq!(counts(&env.import(&file, "H001", &[], 0)), (1, 0, 0, 0));
    assert!(env.has_account(&a) && !env.has_account(&b));
    assert_eq!(
        counts(&env.import(&file, "H001", &["--sheet", "补录"], 0)),
        (1, 0, 0, 0)
    );
    assert_eq!(env.training(&b)[0].1, 2020);
}

#[test]
fn table_need_not_start_at_a1() {
    let env = Env::with_base();
    let id1 = nth_id(1);
    let mut cells: Vec<Vec<X>> = vec![
        [vec![X::E, X::E], header_cells()].concat(),
        [
            vec![X::E, X::E],
            resident_cells(X::N(2019.0), "张三", &id1, "13800000001"),
        ]
        .concat(),
        [
            vec![X::E, X::E],
            resident_cells(X::N(2019.0), "李四", "110101199003070010", "13800000002"),
        ]
        .concat(),
    ];
    cells.insert(0, vec![X::E, X::E, t("附件1")]);
    let file = Xlsx::new()
        .sheet("账号模板", 2, &cells)
        .save(&env.path("r.xlsx"));
    let report = env.import(&file, "H001", &[], 1);
    assert_eq!(report["header_row"], 4);
    assert_eq!(counts(&report), (1, 0, 0, 1));
    assert_eq!(errors(&report)[0].0, 6);
    assert_eq!(env.account(&id1).name, "张三");
}

#[test]
fn utf16_text_from_excel_unicode_text() {
    let env = Env::with_base();
    let text = format!(
        "{}\r\n2019\t张三\t居民身份证\t{}\t13800000001\r\n",
        HEADER.join("\t"),
        nth_id(1)
    );
    let mut bytes = vec![0xFF, 0xFE];
    for u in text.encode_utf16() {
        bytes.extend(u.to_le_bytes());
    }
    let report = env.import(&env.write("r.txt", bytes), "H001", &[], 0);
    assert_eq!(counts(&report), (1, 0, 0, 0));
    assert_eq!(env.account(&nth_id(1)).name, "张三");
}

#[test]
fn gb18030_names_outside_gbk() {
    let env = Env::with_base();
    let text = format!(
        "{}\r\n2019,王䶮,居民身份证,{},13800000001\r\n2019,李𠮷,居民身份证,{},13800000002\r\n",
        HEADER.join(","),
        nth_id(1),
        nth_id(2)
    );
    let (bytes, _, unmappable) = encoding_rs::GB18030.encode(&text);
    assert!(!unmappable);
    let report = env.import(&env.write("r.csv", bytes), "H001", &[], 0);
    assert_eq!(counts(&report), (2, 0, 0, 0), "{report}");
    assert_eq!(env.account(&nth_id(1)).name, "王䶮");
    assert_eq!(env.account(&nth_id(2)).name, "李𠮷");
}
