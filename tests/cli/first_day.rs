//! An office worker's first day, tried as a new user tries it: a command in
//! the wrong folder, a blank template, an errors file, a file that is not a
//! spreadsheet, a record the province returned, dry runs, a base's
//! passwords, a certificate's file name, one word for voiding a
//! certificate, the demo, photos of the wrong size — each says what it did
//! or would do, in the chosen language, and never surprises.

use std::io::Read;
use std::path::{Path, PathBuf};

use crate::common::*;

/// The English words the operating system, SQLite or a ZIP library would
/// put into a message: none may reach a Chinese one.
const SYSTEM_ENGLISH: [&str; 14] = [
    "os error",
    "Is a directory",
    "Permission denied",
    "Input/output",
    "No such file",
    "EOCD",
    "File not found",
    "_rels",
    "invalid Zip",
    "Zip archive",
    "unable to open",
    "not a database",
    "disk I/O",
    "Could not",
];

/// The words of more than two ASCII letters in `text`, except those a
/// Chinese message rightly holds (file formats, program names).
fn english_words(text: &str) -> Vec<String> {
    const ALLOWED: [&str; 22] = [
        "meded",
        "PDF",
        "Word",
        "Excel",
        "WPS",
        "LibreOffice",
        "XLSX",
        "XLS",
        "ODS",
        "CSV",
        "ZIP",
        "JPEG",
        "xlsx",
        "xls",
        "ods",
        "csv",
        "pdf",
        "docx",
        "lock",
        "proc",
        "self",
        "mem",
    ];
    text.split(|c: char| !c.is_ascii_alphabetic())
        .filter(|w| w.len() > 2 && !ALLOWED.contains(w))
        .map(str::to_owned)
        .collect()
}

/// Runs `args` in Chinese and checks that it failed with exit 2, saying
/// `said` and no English of the system's.
fn refused_in_chinese(env: &Env, args: &[&str], said: &str) -> Run {
    let mut all = vec!["--lang", "zh"];
    all.extend_from_slice(args);
    let run = env.run(&all).expect(2);
    assert!(run.stderr.contains(said), "{args:?}: {}", run.stderr);
    for w in SYSTEM_ENGLISH {
        assert!(
            !run.stderr.contains(w),
            "{args:?}: English of the system: {}",
            run.stderr
        );
    }
    let english = english_words(run.stderr.trim_start_matches("meded: "));
    assert!(
        english.is_empty(),
        "{args:?}: English {english:?} in {}",
        run.stderr
    );
    run
}

// ------------------------------------------------------ 1. the database

#[test]
fn a_command_that_only_reads_never_creates_a_database() {
    if sqlite_only() {
        return;
    }
    let env = Env::new();
    for args in [
        vec!["report", "status"],
        vec!["org", "list"],
        vec!["account", "list"],
        vec!["account", "show", &nth_id(1)],
        vec!["audit", "list"],
        vec!["credit-standard", "list"],
        vec!["report", "export", "--year", "2019", "-o", "x.xlsx"],
        // A dry run writes nothing, a database least of all.
        vec!["credit-standard", "import", "none.csv", "--dry-run"],
    ] {
        let run = env.run(&args).expect(2);
        let p = env.db_path().display().to_string();
        assert!(
            run.stderr.contains(&format!(
                "no database at {p} (create one with `meded org add`, or name one with --db or MEDED_DB)"
            )),
            "{args:?}: {}",
            run.stderr
        );
        assert!(!env.db_path().exists(), "{args:?} created a database");
    }
    // A genuine certificate checked where the issuing database is not: the
    // way to check it without one.
    let run = env
        .run(&["certificate", "verify", "7KQ2-M9XD-4TWP"])
        .expect(2);
    assert!(
        run.stderr.contains(
            "to check a certificate without a database use --pdf or --qr with --public-key"
        ),
        "{}",
        run.stderr
    );
    // The default file in the current folder, in Chinese.
    let mut cmd = env.bare_cmd();
    cmd.args(["--lang", "zh", "report", "status"]);
    let run = Env::exec(cmd).expect(2);
    assert!(
        run.stderr.contains("meded.db 处没有数据库"),
        "{}",
        run.stderr
    );
    assert!(!env.path("meded.db").exists());
    // What `touch` leaves is no database either.
    std::fs::write(env.db_path(), "").unwrap();
    env.run(&["org", "list"]).expect(2);
}

#[test]
fn a_command_that_writes_creates_the_database_once_and_says_so() {
    if sqlite_only() {
        return;
    }
    let env = Env::new();
    let run = env
        .run(&["org", "add", "--code", "H001", "--name", "某医院"])
        .expect(0);
    let p = env.db_path().display().to_string();
    assert_eq!(
        run.stderr
            .matches(&format!("created a new database at {p}"))
            .count(),
        1,
        "{}",
        run.stderr
    );
    let again = env
        .run(&["org", "add", "--code", "H002", "--name", "另一医院"])
        .expect(0);
    assert!(
        !again.stderr.contains("created a new database"),
        "{}",
        again.stderr
    );
    env.run(&["org", "list"]).expect(0);
    // A writing command that fails leaves no database behind, and says
    // nothing of one.
    let other = Env::new();
    let run = other
        .run(&[
            "--lang",
            "zh",
            "org",
            "add",
            "--code",
            "H 1",
            "--name",
            "某医院",
        ])
        .expect(2);
    assert!(!run.stderr.contains("新建数据库"), "{}", run.stderr);
    assert!(!other.db_path().exists());
}

// ------------------------------------------------- 2. blank templates

/// Each importer with the template it reads: the command that imports `F`.
fn importers() -> Vec<(&'static str, Vec<&'static str>)> {
    vec![
        ("account", vec!["account", "import", "F", "--org", "H001"]),
        ("training", vec!["training", "import", "F", "--org", "H001"]),
        (
            "completion",
            vec!["training", "import", "F", "--org", "H001"],
        ),
        ("profile", vec!["profile", "import", "F", "--org", "H001"]),
        ("credit", vec!["credit", "import", "F"]),
        (
            "credit-standard",
            vec!["credit-standard", "import", "F", "--province", "51"],
        ),
        ("teacher", vec!["teacher", "import", "F", "--org", "H001"]),
        (
            "teacher-event",
            vec!["teacher", "events", "import", "F", "--org", "H001"],
        ),
        ("rotation", vec!["rotation", "import", "F", "--org", "H001"]),
        (
            "rotation-assign",
            vec!["rotation", "assign", "--org", "H001", "--file", "F"],
        ),
        ("archive", vec!["archive", "import", "F", "--org", "C001"]),
        ("recruit-plan", vec!["recruit", "plan", "import", "F"]),
        ("application", vec!["recruit", "apply", "--file", "F"]),
    ]
}

/// A base H001, a CME institution C001 and a recruitment batch open now.
fn every_importers_world() -> Env {
    let env = Env::with_base();
    env.add_cme_org("C001", "某继教单位", "省级");
    let now = chrono::Local::now();
    let from = (now - chrono::Duration::days(1))
        .format("%Y-%m-%d %H:%M")
        .to_string();
    let until = (now + chrono::Duration::days(10))
        .format("%Y-%m-%d %H:%M")
        .to_string();
    let year = now.format("%Y").to_string();
    env.run(&[
        "recruit",
        "open",
        "--year",
        &year,
        "--batch",
        "第一批",
        "--from",
        &from,
        "--until",
        &until,
    ])
    .expect(0);
    env
}

fn with_file(args: &[&'static str], file: &Path) -> Vec<String> {
    args.iter()
        .map(|a| {
            if *a == "F" {
                file.display().to_string()
            } else {
                (*a).to_owned()
            }
        })
        .collect()
}

#[test]
fn a_blank_template_or_a_header_alone_imports_nothing_and_says_so() {
    let env = every_importers_world();
    for (template, args) in importers() {
        let file = env.path(&format!("{template}.xlsx"));
        env.run(&["template", template, "-o", file.to_str().unwrap()])
            .expect(0);
        let errors = env.path(&format!("{template}-errors.xlsx"));
        let mut all = with_file(&args, &file);
        all.extend(["--errors".into(), errors.display().to_string()]);
        let all: Vec<&str> = all.iter().map(String::as_str).collect();
        let sets = env.change_sets();
        let run = env.run(&all).expect(1);
        assert!(
            run.stderr
                .contains(&format!("no data rows in {}", file.display())),
            "{template}: {}",
            run.stderr
        );
        assert!(run.stdout.is_empty(), "{template}: {}", run.stdout);
        assert_eq!(env.change_sets(), sets, "{template} wrote something");
        assert!(!errors.exists(), "{template}: an errors file of nothing");
    }
    // A CSV file with its header alone, in Chinese.
    let file = env.csv(
        "名单.csv",
        &[HEADER.iter().map(|s| s.to_string()).collect()],
    );
    let run = env
        .run(&[
            "--lang",
            "zh",
            "account",
            "import",
            file.to_str().unwrap(),
            "--org",
            "H001",
        ])
        .expect(1);
    assert!(run.stderr.contains("中没有数据行"), "{}", run.stderr);
}

// ----------------------------------------------------- 3. errors files

#[test]
fn nothing_refused_writes_no_errors_file_and_says_so() {
    let env = Env::with_base();
    let file = env.csv("r.csv", &roster(2));
    let out = env.path("fix-me.xlsx");
    let run = env
        .run(&[
            "account",
            "import",
            file.to_str().unwrap(),
            "--org",
            "H001",
            "--errors",
            out.to_str().unwrap(),
        ])
        .expect(0);
    assert!(
        run.stderr.contains("no rows were refused"),
        "{}",
        run.stderr
    );
    assert!(
        !run.stderr.contains("refused rows written"),
        "{}",
        run.stderr
    );
    assert!(!out.exists());
    let file = env.csv("r2.csv", &roster(3));
    let run = env
        .run(&[
            "--lang",
            "zh",
            "account",
            "import",
            file.to_str().unwrap(),
            "--org",
            "H001",
            "--errors",
            out.to_str().unwrap(),
        ])
        .expect(0);
    assert!(run.stderr.contains("没有被拒绝的行"), "{}", run.stderr);
    assert!(!out.exists());
}

/// The XML of the first sheet of an XLSX file.
fn first_sheet_xml(path: &Path) -> String {
    let file = std::fs::File::open(path).unwrap();
    let mut zip = zip::ZipArchive::new(file).unwrap();
    let mut xml = String::new();
    zip.by_name("xl/worksheets/sheet1.xml")
        .unwrap()
        .read_to_string(&mut xml)
        .unwrap();
    xml
}

#[test]
fn an_errors_file_keeps_row_numbers_and_the_templates_dropdowns_for_every_importer() {
    let env = every_importers_world();
    for (template, args) in importers() {
        let tpl = meded::template::get(template, meded::account::Role::Resident).unwrap();
        let errors = env.path(&format!("{template}-errors.xlsx"));
        // Every cell of the rows nonsense: each refused, under its row.
        let file = if tpl.sheets.len() > 1 {
            let mut book = Xlsx::new();
            for s in &tpl.sheets {
                let header: Vec<X> = s.columns.iter().map(|c| t(c.label)).collect();
                let row: Vec<X> = s.columns.iter().map(|_| t("×")).collect();
                book = book.sheet(s.name, 0, &[header, row.clone(), row]);
            }
            book.save(&env.path(&format!("{template}-bad.xlsx")))
        } else {
            let header: Vec<String> = tpl.sheets[0]
                .columns
                .iter()
                .map(|c| c.label.to_owned())
                .collect();
            let row: Vec<String> = header.iter().map(|_| "×".to_owned()).collect();
            env.csv(&format!("{template}-bad.csv"), &[header, row.clone(), row])
        };
        let mut all = with_file(&args, &file);
        all.extend(["--errors".into(), errors.display().to_string()]);
        let all: Vec<&str> = all.iter().map(String::as_str).collect();
        let run = env.run(&all);
        assert!(run.code == 1 || run.code == 2, "{template}: {run:?}");
        if run.code == 2 {
            // Refused whole before any row (a table that must be whole).
            assert!(!errors.exists(), "{template}");
            continue;
        }
        let back = read_xlsx(&errors);
        if tpl.sheets.len() > 1 {
            assert_eq!(back[0][..2], ["工作表", "原行号"], "{template}");
            assert!(
                back[1..].iter().all(|r| r[1] == "2" || r[1] == "3"),
                "{template}: {back:?}"
            );
            continue;
        }
        assert_eq!(back[0][0], "原行号", "{template}");
        assert_eq!(back[0].last().unwrap(), "错误原因", "{template}");
        let numbers: Vec<&str> = back[1..].iter().map(|r| r[0].as_str()).collect();
        assert_eq!(numbers, ["2", "3"], "{template}");
        let dropdowns = tpl.sheets[0]
            .columns
            .iter()
            .filter(|c| c.allowed.is_some())
            .count();
        let xml = first_sheet_xml(&errors);
        assert_eq!(
            xml.matches("<dataValidation ").count(),
            dropdowns,
            "{template}: the template's dropdowns"
        );
    }
}

// ------------------------------------- 4. the system's words, in Chinese

/// A ZIP archive holding the named entries, each with a little text.
fn zip_of(path: &Path, entries: &[&str]) {
    let file = std::fs::File::create(path).unwrap();
    let mut zip = zip::ZipWriter::new(file);
    for e in entries {
        zip.start_file(*e, zip::write::SimpleFileOptions::default())
            .unwrap();
        std::io::Write::write_all(&mut zip, b"<x/>").unwrap();
    }
    zip.finish().unwrap();
}

#[test]
fn what_the_system_says_is_said_in_chinese_and_files_are_named_for_what_they_are() {
    let env = Env::with_base();
    let import = |f: &str, said: &str| {
        refused_in_chinese(&env, &["account", "import", f, "--org", "H001"], said)
    };
    std::fs::create_dir(env.path("名单文件夹.xlsx")).unwrap();
    import("名单文件夹.xlsx", "是一个文件夹,不是文件");
    env.write("打印件.pdf", b"%PDF-1.7\n%\xE2\xE3\xCF\xD3\n1 0 obj\n");
    import("打印件.pdf", "是 PDF 文件,不是电子表格");
    // A PDF saved under a spreadsheet's name is still a PDF.
    env.write("打印件.csv", b"%PDF-1.4\n");
    import("打印件.csv", "是 PDF 文件");
    zip_of(
        &env.path("说明.docx"),
        &["[Content_Types].xml", "word/document.xml"],
    );
    import("说明.docx", "是 Word 文档,不是电子表格");
    std::fs::copy(env.path("说明.docx"), env.path("说明.xlsx")).unwrap();
    import("说明.xlsx", "是 Word 文档");
    zip_of(&env.path("压缩包.xlsx"), &["a.txt"]);
    import("压缩包.xlsx", "是 ZIP 压缩包");
    // Excel's lock file beside the workbook it stands for.
    Xlsx::new()
        .sheet("账号模板", 0, &text_rows(&roster(1)))
        .save(&env.path("2019年名单.xlsx"));
    env.write(
        "~$19年名单.xlsx",
        b"\x06tester                                              ",
    );
    let run = import(
        "~$19年名单.xlsx",
        "是 Excel 为正在打开的工作簿建立的锁定文件",
    );
    assert!(
        run.stderr.contains("请导入真正的文件 2019年名单.xlsx"),
        "{}",
        run.stderr
    );
    env.write("空文件.csv", "");
    import("空文件.csv", "是空文件(0 字节)");
    env.write("空文件.xlsx", "");
    import("空文件.xlsx", "是空文件");
    // A workbook cut short in copying.
    let whole = std::fs::read(env.path("2019年名单.xlsx")).unwrap();
    env.write("截断.xlsx", &whole[..whole.len() / 2]);
    import("截断.xlsx", "文件不完整或结构已损坏");
    import("没有这个文件.xlsx", "找不到文件");
    // A file that cannot be read: a read of /proc/self/mem at its start
    // fails for anyone (an input/output error), root included.
    if Path::new("/proc/self/mem").exists() {
        import("/proc/self/mem", "读写设备出错");
    }
    // Permissions do not stop root: the read above stands for them there.
    #[cfg(unix)]
    if !runs_as_root() {
        use std::os::unix::fs::PermissionsExt;
        let p = env.write("锁住的.csv", "姓名\n");
        std::fs::set_permissions(&p, std::fs::Permissions::from_mode(0o000)).unwrap();
        import("锁住的.csv", "没有权限");
    }
    // The database, and a file to write, where the system says no.
    std::fs::create_dir(env.path("数据库文件夹")).unwrap();
    let mut cmd = env.bare_cmd();
    cmd.args(["--lang", "zh", "--db", "数据库文件夹", "org", "list"]);
    let run = Env::exec(cmd).expect(2);
    assert!(
        run.stderr.contains("是一个文件夹,不是数据库文件"),
        "{}",
        run.stderr
    );
    let run = env
        .run(&[
            "--lang",
            "zh",
            "template",
            "account",
            "-o",
            "没有的文件夹/模板.xlsx",
        ])
        .expect(3);
    assert!(run.stderr.contains("文件或文件夹不存在"), "{}", run.stderr);
    assert!(!run.stderr.contains("os error"), "{}", run.stderr);
}

/// Whether the tests run as root, whom file permissions do not stop: a
/// file just created and locked can still be read.
fn runs_as_root() -> bool {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("probe");
    std::fs::write(&p, "x").unwrap();
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(&p, std::fs::Permissions::from_mode(0o000)).unwrap();
    }
    std::fs::read(&p).is_ok()
}

// --------------------------------------- 5. a record the province returned

#[test]
fn a_returned_record_sent_again_unchanged_is_refused_with_the_reason_unless_said_why() {
    let env = crate::review::base_with_residents(1);
    let id = nth_id(1);
    env.run(&["report", "submit", "--org", "H001"]).expect(0);
    env.run(&["audit", "return", &id, "--reason", "培训开始时间有误"])
        .expect(0);
    let run = env.run(&["report", "submit", "--org", "H001"]).expect(1);
    assert!(run.stdout.contains("培训开始时间有误"), "{}", run.stdout);
    assert!(
        run.stdout.contains("--resubmit-unchanged"),
        "{}",
        run.stdout
    );
    let run = env
        .run(&["--lang", "zh", "report", "submit", &id])
        .expect(1);
    assert!(
        run.stdout.contains("省级已退回修改(原因:培训开始时间有误)")
            && run.stdout.contains("原样重新上报"),
        "{}",
        run.stdout
    );
    // Unchanged without a reason: the command line asks for one.
    env.run(&["report", "submit", &id, "--resubmit-unchanged"])
        .expect(2);
    // Not for a whole base at once.
    env.run(&[
        "report",
        "submit",
        "--org",
        "H001",
        "--resubmit-unchanged",
        "--reason",
        "x",
    ])
    .expect(2);
    let v = env.json(
        &[
            "report",
            "submit",
            &id,
            "--resubmit-unchanged",
            "--reason",
            "开始时间与录取通知一致,无需修改",
        ],
        0,
    );
    assert_eq!(v["submitted"][0]["id_number"], id.as_str());
    let logged = env
        .items(&id)
        .into_iter()
        .filter(|i| i.entity == "report")
        .filter_map(|i| i.note)
        .any(|n| n.contains("开始时间与录取通知一致,无需修改"));
    assert!(logged, "the reason is in the change log");
}

// -------------------------------------------------------- 6. dry runs

#[test]
fn a_dry_run_says_what_it_would_do_never_what_it_did() {
    let env = crate::review::base_with_residents(2);
    let file = env.csv("more.csv", &roster(4));
    let run = env
        .run(&[
            "account",
            "import",
            file.to_str().unwrap(),
            "--org",
            "H001",
            "--dry-run",
        ])
        .expect(0);
    assert!(
        run.stdout
            .contains("would import 2, update 0, skip 2, refuse 0 (dry run, nothing written)"),
        "{}",
        run.stdout
    );
    assert!(!run.stdout.contains("imported"), "{}", run.stdout);
    let run = env
        .run(&[
            "--lang",
            "zh",
            "account",
            "import",
            file.to_str().unwrap(),
            "--org",
            "H001",
            "--dry-run",
        ])
        .expect(0);
    assert!(run.stdout.starts_with("将新增 2,"), "{}", run.stdout);
    assert!(run.stdout.contains("(演练,未写入)"), "{}", run.stdout);
    let run = env
        .run(&["report", "submit", "--org", "H001", "--dry-run"])
        .expect(0);
    assert!(
        run.stdout.contains("would submit 2") && run.stdout.contains("dry run"),
        "{}",
        run.stdout
    );
    let run = env
        .run(&[
            "--lang",
            "zh",
            "reset-password",
            "--org",
            "H001",
            "--dry-run",
        ])
        .expect(0);
    assert!(
        run.stdout.contains("将重置 2 个账号的密码") && run.stdout.contains("(演练,未写入)"),
        "{}",
        run.stdout
    );
    assert_eq!(env.accounts(), 2, "nothing written");
    assert_eq!(
        env.count("SELECT count(*) FROM training WHERE report_status = '已上报'"),
        0
    );
}

// -------------------------------------------- 7. passwords by role

#[test]
fn a_base_resets_the_passwords_of_one_role_and_counts_them_by_role() {
    let env = Env::with_base();
    env.import(&env.csv("r.csv", &roster(2)), "H001", &[], 0);
    let mut rows = vec![
        crate::teacher::TEACHER_HEADER
            .iter()
            .map(|s| s.to_string())
            .collect(),
    ];
    rows.push(crate::teacher::teacher(1, "内科", "2015-07-01"));
    env.photos();
    let file = env.csv("teachers.csv", &rows);
    env.run(&["teacher", "import", file.to_str().unwrap(), "--org", "H001"])
        .expect(0);
    let v = env.json(&["reset-password", "--org", "H001", "--role", "teacher"], 0);
    assert_eq!(v["reset"], 1);
    assert_eq!(v["by_role"], serde_json::json!({"teacher": 1}));
    assert_eq!(v["id_numbers"][0], crate::teacher::tid(1).as_str());
    let run = env
        .run(&["--lang", "zh", "reset-password", "--org", "H001"])
        .expect(0);
    assert!(run.stdout.contains("(住院医师 2,师资 1)"), "{}", run.stdout);
    // A teacher named with --role resident is not reset.
    let tid = crate::teacher::tid(1);
    let v = env.json(&["reset-password", &tid, "--role", "resident"], 1);
    assert_eq!(v["reset"], 0);
    assert!(
        v["errors"][0]["message"]
            .as_str()
            .unwrap()
            .contains("--role"),
        "{v}"
    );
}

// ------------------------------ 8. file names, one word, template markers

#[test]
fn a_certificate_named_without_pdf_is_written_as_a_pdf() {
    let env = crate::certificate::figure_27_world();
    let run = env
        .run(&[
            "certificate",
            crate::certificate::ZHANG,
            "--from",
            "2015",
            "--to",
            "2017",
            "-o",
            "杨建华学分证明",
            "--as-of",
            "2017-10-27",
        ])
        .expect(0);
    assert!(env.path("杨建华学分证明.pdf").exists(), "{}", run.stdout);
    assert!(!env.path("杨建华学分证明").exists());
    let pdf = std::fs::read(env.path("杨建华学分证明.pdf")).unwrap();
    assert!(pdf.starts_with(b"%PDF-"));
    // A template named without .xlsx is an XLSX file too.
    env.run(&["template", "account", "-o", "账号模板"])
        .expect(0);
    assert!(env.path("账号模板.xlsx").exists());
}

/// Every file that holds what users read: the sources, the docs, the
/// README, the verification page.
fn user_facing_files() -> Vec<PathBuf> {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let mut out = vec![root.join("README.md"), root.join("assets/verify/page.html")];
    let mut dirs = vec![root.join("src"), root.join("docs"), root.join("examples")];
    while let Some(dir) = dirs.pop() {
        for e in std::fs::read_dir(&dir).unwrap() {
            let p = e.unwrap().path();
            if p.is_dir() {
                dirs.push(p);
            } else if matches!(
                p.extension().and_then(|e| e.to_str()),
                Some("rs" | "md" | "sh" | "html")
            ) {
                out.push(p);
            }
        }
    }
    out
}

#[test]
fn voiding_a_certificate_is_called_zuofei_everywhere() {
    for file in user_facing_files() {
        let text = std::fs::read_to_string(&file).unwrap();
        for other in ["吊销", "撤销"] {
            // The schema step that renames the old stored state says it.
            let lines: Vec<&str> = text
                .lines()
                .filter(|l| l.contains(other) && !l.contains("已撤销"))
                .collect();
            assert!(lines.is_empty(), "{}: {other} in {lines:?}", file.display());
        }
    }
    let env = crate::certificate::figure_27_world();
    let v = env.json(
        &[
            "certificate",
            crate::certificate::ZHANG,
            "--from",
            "2015",
            "--to",
            "2017",
            "-o",
            "c.pdf",
            "--as-of",
            "2017-10-27",
        ],
        0,
    );
    let code = v["code"].as_str().unwrap().to_owned();
    let run = env
        .run(&[
            "--lang",
            "zh",
            "certificate",
            "revoke",
            &code,
            "--reason",
            "学分记录有误",
        ])
        .expect(0);
    assert!(run.stdout.contains("已作废"), "{}", run.stdout);
    let run = env
        .run(&["--lang", "zh", "certificate", "verify", &code])
        .expect(1);
    assert!(
        run.stderr.contains("作废") && !run.stderr.contains("撤销"),
        "{}",
        run.stderr
    );
    assert_eq!(
        env.count("SELECT count(*) FROM certificate WHERE status = '已作废'"),
        1
    );
}

#[test]
fn a_database_of_the_version_before_keeps_its_voided_certificates() {
    if sqlite_only() {
        return;
    }
    let v8 = std::fs::read_to_string(
        PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/schema_v8.sql"),
    )
    .unwrap();
    let env = Env::new();
    {
        let conn = rusqlite::Connection::open(env.db_path()).unwrap();
        conn.execute_batch(&v8).unwrap();
        conn.execute_batch(&format!(
            "INSERT INTO change_set (at, actor, command) VALUES ('2026-01-01T00:00:00+08:00', 'old', 'meded certificate');
             INSERT INTO org (code, name, province, kind, region_level, created_change)
                 VALUES ('C1', '继教单位', '51', 'cme', '县级', 1);
             INSERT INTO account (id_number, id_type, name, role, org_id, registration, created_change)
                 VALUES ('{id}', '居民身份证', '张三', 'member', 1, '单位审核通过', 1);
             INSERT INTO certificate (code, account_id, from_year, to_year, kind, name, org_name, title,
                                      province, authority, issuer, years, credit_ids, digest, issue_date,
                                      issued_at, status, revoke_reason, created_change, status_change)
                 VALUES ('ABCDABCDABCD', 1, 2015, 2017, 'all', '张三', '继教单位', '主治医师', '四川',
                         '四川省继续医学教育委员会', '继教单位', '[]', '[]', 'x', '2017-10-27',
                         '2017-10-27T10:00:00+08:00', '已撤销', '学分记录有误', 1, 1);",
            id = nth_id(1)
        ))
        .unwrap();
    }
    env.run(&["org", "list"]).expect(0);
    assert_eq!(
        env.count("SELECT count(*) FROM certificate WHERE status = '已作废' AND revoke_reason = '学分记录有误'"),
        1
    );
    assert_eq!(
        env.count("PRAGMA user_version"),
        meded::db::schema_version() as i64
    );
}

#[test]
fn a_teachers_id_type_sex_and_birth_date_come_from_a_resident_card_or_must_be_given() {
    use crate::teacher::{TEACHER_HEADER, teacher, tid};
    let env = Env::with_base();
    let col = |label: &str| TEACHER_HEADER.iter().position(|h| *h == label).unwrap();
    // A 居民身份证 number with the three left blank: taken from it.
    let mut blank = teacher(1, "内科", "2015-07-01");
    for l in ["身份证件类别", "性别", "出生日期"] {
        blank[col(l)] = String::new();
    }
    // A passport with them blank: nothing gives them.
    let mut passport = teacher(2, "内科", "2015-07-01");
    passport[col("身份证件类别")] = String::new();
    passport[col("证件号码")] = "E12345678".into();
    passport[col("医师资格证书编码")] = String::new();
    passport[col("是否获得医师资格证书")] = "否".into();
    for c in [
        "取得证书时间",
        "执业资格级别",
        "执业资格类别",
        "医师资格证书扫描件",
        "执业医师证号",
    ] {
        passport[col(c)] = String::new();
    }
    let mut given_passport = passport.clone();
    given_passport[col("身份证件类别")] = "护照".into();
    given_passport[col("证件号码")] = "E87654321".into();
    // Given, but not what the number says.
    let mut wrong = teacher(3, "内科", "2015-07-01");
    wrong[col("性别")] = "女".into();
    wrong[col("出生日期")] = "1981-02-03".into();
    let mut rows = vec![TEACHER_HEADER.iter().map(|s| s.to_string()).collect()];
    rows.extend([blank, passport, given_passport, wrong]);
    env.photos();
    let file = env.csv("t.csv", &rows);
    let v = env.json(
        &["teacher", "import", file.to_str().unwrap(), "--org", "H001"],
        1,
    );
    let errs = errors(&v);
    let at = |row: u64| -> Vec<&str> {
        errs.iter()
            .filter(|e| e.0 == row)
            .map(|e| e.1.as_str())
            .collect()
    };
    assert!(at(2).is_empty(), "{errs:?}");
    assert_eq!(at(3), ["身份证件类别"], "{errs:?}");
    assert_eq!(at(4), ["性别", "出生日期"], "{errs:?}");
    assert_eq!(at(5), ["性别", "出生日期"], "{errs:?}");
    let (sex, birth, kind): (String, String, String) = env
        .db()
        .query_row(
            "SELECT t.sex, t.birth_date, a.id_type FROM teacher t JOIN account a ON a.id = t.account_id
             WHERE a.id_number = ?1",
            [tid(1)],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
        )
        .unwrap();
    assert_eq!(
        (sex.as_str(), birth.as_str(), kind.as_str()),
        ("男", "1980-01-01", "居民身份证")
    );
}

// ------------------------------------------------------------ 9. demo

#[test]
fn the_demo_says_that_it_builds_before_it_builds() {
    let demo =
        std::fs::read_to_string(PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("examples/demo.sh"))
            .unwrap();
    let build = demo
        .lines()
        .position(|l| l.trim_start().starts_with("cargo build"))
        .expect("the demo builds meded");
    let said = demo
        .lines()
        .take(build)
        .filter(|l| l.contains("echo") && l.contains("building"))
        .collect::<Vec<_>>();
    assert!(
        said.iter().any(|l| l.contains("few minutes")),
        "the demo must say, before the build, that it builds and that a first build takes minutes: {said:?}"
    );
}

// ------------------------------------------------------- 10. photos

/// A photograph-like JPEG (gradients and noise) of `w`×`h` at `quality`.
fn photo(path: &Path, w: u32, h: u32, quality: u8) {
    let mut x: u32 = 0x9E37_79B9;
    let img = image::RgbImage::from_fn(w, h, |i, j| {
        x ^= x << 13;
        x ^= x >> 17;
        x ^= x << 5;
        let n = (x % 40) as u8;
        image::Rgb([
            ((i * 255 / w) as u8).saturating_add(n),
            ((j * 255 / h) as u8).saturating_add(n / 2),
            (((i + 2 * j) % 256) as u8).saturating_sub(n),
        ])
    });
    let mut out = std::fs::File::create(path).unwrap();
    image::codecs::jpeg::JpegEncoder::new_with_quality(&mut out, quality)
        .encode_image(&img)
        .unwrap();
}

/// Width, height and bytes of a JPEG, read back by decoding it whole.
fn read_back(path: &Path) -> (u32, u32, u64) {
    let img = image::ImageReader::open(path)
        .unwrap()
        .with_guessed_format()
        .unwrap()
        .decode()
        .unwrap();
    (
        img.width(),
        img.height(),
        std::fs::metadata(path).unwrap().len(),
    )
}

#[test]
fn a_photo_too_large_or_too_small_is_fitted_into_its_window() {
    let env = Env::new();
    const KB: u64 = 1024;
    // A phone photo of several megabytes, and one compressed far too hard.
    photo(&env.path("手机照片.jpg"), 2400, 3200, 95);
    photo(&env.path("压缩过的.jpg"), 300, 450, 25);
    assert!(std::fs::metadata(env.path("手机照片.jpg")).unwrap().len() > 1024 * KB);
    assert!(std::fs::metadata(env.path("压缩过的.jpg")).unwrap().len() < 60 * KB);
    for (input, out) in [("手机照片.jpg", "照片"), ("压缩过的.jpg", "照片2.jpg")] {
        let v = env.json(&["profile", "photo", "fit", input, "-o", out], 0);
        let written = v["out"].as_str().unwrap();
        assert!(written.ends_with(".jpg"), "{v}");
        let (w, h, bytes) = read_back(&env.path(written));
        assert!(w >= 413 && h >= 626, "{input}: {w}×{h}");
        assert!((150 * KB..=300 * KB).contains(&bytes), "{input}: {bytes}");
        assert_eq!(v["bytes"].as_u64(), Some(bytes));
    }
    // A certificate scan: at most 300 KB, at least 1280×800 either way.
    photo(&env.path("学历证书.jpg"), 3000, 2200, 95);
    let run = env
        .run(&[
            "--lang",
            "zh",
            "profile",
            "photo",
            "fit",
            "学历证书.jpg",
            "-o",
            "学历.jpg",
            "--kind",
            "certificate",
        ])
        .expect(0);
    assert!(
        run.stdout.contains("学历证书.jpg:3000×2200 像素"),
        "{}",
        run.stdout
    );
    let (w, h, bytes) = read_back(&env.path("学历.jpg"));
    assert!(
        w >= 1280 && h >= 800 && bytes <= 300 * KB,
        "{w}×{h} {bytes}"
    );
    // Not a JPEG: named for what it is.
    env.write("照片.pdf", b"%PDF-1.4\n");
    let run = env
        .run(&[
            "--lang",
            "zh",
            "profile",
            "photo",
            "fit",
            "照片.pdf",
            "-o",
            "x.jpg",
        ])
        .expect(2);
    assert!(run.stderr.contains("不是 JPEG"), "{}", run.stderr);
}

#[test]
fn a_photo_of_the_wrong_size_is_told_the_exact_size_the_window_and_the_recipe() {
    let env = crate::review::base_with_residents(1);
    // The resident's portrait replaced by a 2.9 MB phone photo.
    jpeg_file(&env.path("photos/portrait.jpg"), 3024, 4032, 2970 * 1024);
    let v = env.json(&["profile", "validate", "--org", "H001"], 1);
    let text = v["issues"].to_string();
    assert!(text.contains("2970 KB(2.9 MB)"), "{text}");
    assert!(
        text.contains("a JPEG of at least 413×626 pixels and 150–300 KB"),
        "{text}"
    );
    assert!(
        text.contains("meded profile photo fit photos/portrait.jpg -o NEW.jpg --kind portrait"),
        "{text}"
    );
}

/// The profile template's markers are what a profile needs to go to the
/// province: a profile is imported as it stands (to be completed later),
/// and `profile validate` — which `report submit` applies — refuses a
/// blank cell exactly where the template marks `*`.
#[test]
fn the_profile_templates_markers_are_what_a_profile_needs() {
    let env = Env::new();
    env.photos();
    let id = nth_id(1);
    let mut good = good_profile(&id, "学员一");
    good.work
        .push(job_row(&id, "学员一", "某县人民医院", "2016-08", "2018-06"));
    let validate = |p: &PersonRows| -> Vec<(String, String)> {
        let book = profile_book(&env.path("p.xlsx"), std::slice::from_ref(p));
        let run = env.run(&[
            "profile",
            "validate",
            "--file",
            book.to_str().unwrap(),
            "--format",
            "json",
        ]);
        issues(&run.json())
            .into_iter()
            .filter(|i| i.3 == "error")
            .map(|i| (i.1, i.2))
            .collect()
    };
    assert_eq!(validate(&good), Vec::new(), "the good profile passes");
    let template = meded::template::get("profile", meded::account::Role::Resident).unwrap();
    let mut wrong = Vec::new();
    for sheet in &template.sheets {
        for c in &sheet.columns {
            if c.marker == "#" || c.label == "证件号码" || c.label == "学历层次" {
                continue;
            }
            let mut p = good.clone();
            let row = match sheet.name {
                "基本信息" => p.basic.as_mut().unwrap(),
                "学习经历" => &mut p.education[0],
                "工作信息" => &mut p.work[0],
                _ => p.certificate.as_mut().unwrap(),
            };
            set(row, c.label, "");
            let field = match sheet.name {
                "学习经历" => format!("本科·{}", c.label),
                "工作信息" => format!("第1条·{}", c.label),
                _ => c.label.to_owned(),
            };
            let refused = validate(&p)
                .iter()
                .any(|(section, f)| section == sheet.name && *f == field);
            if refused != (c.marker == "*") {
                let done = if refused { "refused" } else { "taken" };
                wrong.push(format!(
                    "profile {} {}{}: {done} when blank",
                    sheet.name, c.marker, c.label
                ));
            }
        }
    }
    assert!(
        wrong.is_empty(),
        "markers that are not what a profile needs:\n{}",
        wrong.join("\n")
    );
}
