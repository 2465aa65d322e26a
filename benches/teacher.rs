//! Teachers and rotations benchmark (issue 11).
//!
//! ```text
//! cargo bench --bench teacher          # check: 20,000 teachers, 200,000 events;
//!                                      # assign: 3,000 teachers, 50,000 rotations
//! cargo bench --bench teacher -- --teachers 2000 --assign-teachers 300 --rotations 5000
//! ```
//!
//! Part one imports 20,000 teachers of one base over 40 departments (one in
//! ten with a 中级 title too recent) and ten pieces of evidence each —
//! eight yearly evaluations, an incident and a teaching accident, a few of
//! them counting against the teacher — then times `teacher check` for 2024
//! as JSON, as the table of the ineligible, and with the workbook of the
//! ineligible. Target: under 2 s.
//!
//! Part two, in another database, imports 3,000 teachers, has all but
//! about one in twenty apply for 2024 and recommends them (the ineligible
//! are refused), imports
//! residents with twelve monthly rotations each through the 40 departments
//! (50,000 rotations), and times `rotation assign --auto`. Target: under
//! 5 s.
//!
//! Data files are written once under target/bench-data by a child process.
//! Prints a Markdown table for docs/performance.md.

#![allow(clippy::print_stdout, clippy::print_stderr)]

mod support;

use std::io::Write;
use std::path::Path;

use support::roster::person;
use support::{Cost, arg, arg_str, data_dir, measure, meded, mib, remove_db, run_self, secs};

const DEPARTMENTS: [&str; 20] = [
    "心内科",
    "呼吸内科",
    "消化内科",
    "肾内科",
    "内分泌科",
    "血液科",
    "神经内科",
    "普外科",
    "骨科",
    "泌尿外科",
    "神经外科",
    "胸外科",
    "妇科",
    "产科",
    "儿科",
    "眼科",
    "耳鼻喉科",
    "皮肤科",
    "急诊科",
    "重症医学科",
];

/// Department `k` of 40: the 20 names, each with a first and a second ward.
fn department(k: u64) -> String {
    let k = k % 40;
    let ward = if k < 20 { "一病区" } else { "二病区" };
    format!("{}{ward}", DEPARTMENTS[(k % 20) as usize])
}

/// Teachers are people numbered from here, apart from the residents.
const TEACHERS_FROM: u64 = 5_000_000;

fn mix(i: u64) -> u64 {
    (i ^ 0x5bd1_e995).wrapping_mul(0x9E37_79B9_7F4A_7C15) >> 16
}

/// The folder of the form's images, beside the teachers' CSV files: one
/// ID scan, photo and certificate scan that every teacher names.
const PHOTOS: &str = "teacher-photos";

/// Writes teachers `offset..offset + count` as a 师资信息 CSV, the form
/// complete (images in [`PHOTOS`]).
fn write_teachers(path: &Path, count: u64, offset: u64) {
    let mut w = std::io::BufWriter::new(std::fs::File::create(path).expect("create teachers"));
    writeln!(
        w,
        "姓名,证件号码,手机号,科室,技术职称,取得中级职称时间,是否获得医师资格证书,取得证书时间,执业资格级别,执业资格类别,医师资格证书编码,执业医师证号,带教任职时间,最高学历,证件扫描件,头像照片,医师资格证书扫描件"
    )
    .unwrap();
    for i in offset..offset + count {
        let (id, name, phone) = person(TEACHERS_FROM + i);
        // One in ten attending since 2022: not yet 3 years at 2024-01-01.
        let title_on = if mix(i).is_multiple_of(10) {
            "2022-03-01".to_owned()
        } else {
            format!("{}-07-01", 2012 + i % 8)
        };
        writeln!(
            w,
            "{name},{id},{phone},{},主治医师,{title_on},是,2005-12,执业医师,临床,200551110{id},{:015},2018-09,本科,{PHOTOS}/i0.jpg,{PHOTOS}/p0.jpg,{PHOTOS}/s0.jpg",
            department(i),
            110_000_000_000_000 + i
        )
        .unwrap();
    }
    w.flush().unwrap();
}

/// Writes ten pieces of evidence for each of `count` teachers: evaluations
/// of 2016–2023 (one in twenty 不合格), an incident and a teaching accident
/// (mostly minor).
fn write_events(path: &Path, count: u64) {
    let mut w = std::io::BufWriter::with_capacity(
        1 << 20,
        std::fs::File::create(path).expect("create events"),
    );
    writeln!(w, "证件号码,类别,日期,年度,责任程度,等级,结果,说明").unwrap();
    for i in 0..count {
        let (id, _, _) = person(TEACHERS_FROM + i);
        let h = mix(i);
        for (k, year) in (2016..=2023).enumerate() {
            let result = if mix(h + k as u64).is_multiple_of(20) {
                "不合格"
            } else {
                "合格"
            };
            writeln!(w, "{id},带教评价,,{year},,,{result},").unwrap();
        }
        let day = |salt: u64| {
            let d = mix(h ^ salt) % (6 * 365);
            chrono::NaiveDate::from_ymd_opt(2018, 1, 1).unwrap() + chrono::TimeDelta::days(d as i64)
        };
        let responsibility = [
            "轻微", "次要", "次要", "轻微", "轻微", "轻微", "主要", "轻微",
        ][(h % 8) as usize];
        writeln!(w, "{id},医疗损害事件,{},,{responsibility},,,", day(1)).unwrap();
        let grade = [
            "一般", "一般", "一般", "一般", "一般", "一般", "一般", "严重",
        ][((h >> 8) % 8) as usize];
        writeln!(w, "{id},教学事故,{},,,{grade},,", day(2)).unwrap();
    }
    w.flush().unwrap();
}

/// Writes the ID numbers of teachers `0..count`, but about one in twenty.
fn write_recommended(path: &Path, count: u64) {
    let mut w = std::io::BufWriter::new(std::fs::File::create(path).expect("create list"));
    writeln!(w, "证件号码").unwrap();
    for i in (0..count).filter(|&i| !mix(i ^ 0xABCD).is_multiple_of(20)) {
        writeln!(w, "{}", person(TEACHERS_FROM + i).0).unwrap();
    }
    w.flush().unwrap();
}

/// Writes twelve monthly rotations of 2024 for each of `residents`
/// residents, through the 40 departments.
fn write_rotations(path: &Path, residents: u64, rotations: u64) {
    let mut w = std::io::BufWriter::new(std::fs::File::create(path).expect("create rotations"));
    writeln!(w, "证件号码,姓名,科室,开始日期,结束日期").unwrap();
    let mut n = 0;
    'all: for m in 1..=12u32 {
        let start = chrono::NaiveDate::from_ymd_opt(2024, m, 1).unwrap();
        let end = start
            .checked_add_months(chrono::Months::new(1))
            .unwrap()
            .pred_opt()
            .unwrap();
        for i in 0..residents {
            if n == rotations {
                break 'all;
            }
            let (id, name, _) = person(i);
            writeln!(
                w,
                "{id},{name},{},{start},{end}",
                department(i + u64::from(m))
            )
            .unwrap();
            n += 1;
        }
    }
    w.flush().unwrap();
}

fn ensure(path: &Path, args: &[&str]) {
    if !path.exists() {
        eprintln!("writing {}", path.display());
        let mut all = args.to_vec();
        let p = path.to_string_lossy();
        all.insert(1, &*p);
        run_self(&all);
    }
}

fn main() {
    let n = |name: &str| arg(name, 0);
    if let Some(p) = arg_str("--write-teachers") {
        return write_teachers(p.as_ref(), n("--count"), n("--offset"));
    }
    if let Some(p) = arg_str("--write-events") {
        return write_events(p.as_ref(), n("--count"));
    }
    if let Some(p) = arg_str("--write-recommended") {
        return write_recommended(p.as_ref(), n("--count"));
    }
    if let Some(p) = arg_str("--write-residents") {
        return support::roster::write_csv_years(p.as_ref(), n("--count"), |_| 2023);
    }
    if let Some(p) = arg_str("--write-rotations") {
        return write_rotations(p.as_ref(), n("--residents"), n("--count"));
    }
    let teachers = arg("--teachers", 20_000);
    let events = teachers * 10;
    let assign_teachers = arg("--assign-teachers", 3_000);
    let rotations = arg("--rotations", 50_000);
    let residents = rotations.div_ceil(12);
    let dir = data_dir();
    support::profiles::Photos::create(&dir.join(PHOTOS), 3);

    // Part one: teacher check.
    let t_file = dir.join(format!("teachers-form-{teachers}.csv"));
    let e_file = dir.join(format!("teacher-events-{teachers}.csv"));
    let (tc, ec) = (teachers.to_string(), events.to_string());
    ensure(
        &t_file,
        &["--write-teachers", "--count", &tc, "--offset", "0"],
    );
    ensure(&e_file, &["--write-events", "--count", &tc]);
    let db = dir.join("teacher-bench.db");
    remove_db(&db);
    measure(meded(&db).args([
        "org",
        "add",
        "--code",
        "B001",
        "--name",
        "基准医院",
        "--kind",
        "base",
    ]));
    let import_t = measure(
        meded(&db)
            .args(["teacher", "import"])
            .arg(&t_file)
            .args(["--org", "B001"]),
    );
    assert_eq!(import_t.status, 0, "the synthetic teachers import cleanly");
    let import_e = measure(
        meded(&db)
            .args(["teacher", "events", "import"])
            .arg(&e_file)
            .args(["--org", "B001"]),
    );
    assert_eq!(import_e.status, 0, "the synthetic events import cleanly");
    let check = |extra: &[&str]| -> Cost {
        let c = measure(
            meded(&db)
                .args(["teacher", "check", "--org", "B001", "--year", "2024"])
                .args(extra),
        );
        assert_eq!(c.status, 1, "some teachers are not eligible");
        c
    };
    let check_json = check(&["--format", "json"]);
    let check_table = check(&[]);
    let errors = dir.join("teacher-bench-ineligible.xlsx");
    let check_errors = check(&["--format", "json", "--errors", &errors.to_string_lossy()]);

    // Part two: rotation assign --auto.
    let at = assign_teachers.to_string();
    let a_file = dir.join(format!("teachers-form-{assign_teachers}.csv"));
    let l_file = dir.join(format!("recommended-{assign_teachers}.csv"));
    let r_file = dir.join(format!("residents-{residents}.csv"));
    let o_file = dir.join(format!("rotations-{rotations}.csv"));
    ensure(
        &a_file,
        &["--write-teachers", "--count", &at, "--offset", "0"],
    );
    ensure(&l_file, &["--write-recommended", "--count", &at]);
    ensure(
        &r_file,
        &["--write-residents", "--count", &residents.to_string()],
    );
    ensure(
        &o_file,
        &[
            "--write-rotations",
            "--residents",
            &residents.to_string(),
            "--count",
            &rotations.to_string(),
        ],
    );
    let db2 = dir.join("rotation-bench.db");
    remove_db(&db2);
    measure(meded(&db2).args([
        "org",
        "add",
        "--code",
        "B002",
        "--name",
        "基准医院",
        "--kind",
        "base",
    ]));
    let c = measure(
        meded(&db2)
            .args(["account", "import"])
            .arg(&r_file)
            .args(["--org", "B002"]),
    );
    assert_eq!(c.status, 0, "the residents import cleanly");
    let c = measure(
        meded(&db2)
            .args(["teacher", "import"])
            .arg(&a_file)
            .args(["--org", "B002"]),
    );
    assert_eq!(c.status, 0, "the teachers import cleanly");
    let batch = "2024年度住院医师师资";
    let c = measure(meded(&db2).args(["teacher", "batch", "add", batch, "--year", "2024"]));
    assert_eq!(c.status, 0, "the batch is set up");
    let apply = measure(
        meded(&db2)
            .args(["teacher", "apply", "--file"])
            .arg(&l_file)
            .args(["--org", "B002", "--batch", batch]),
    );
    assert_eq!(apply.status, 0, "every teacher listed applies");
    let review = measure(
        meded(&db2)
            .args(["teacher", "review", "--file"])
            .arg(&l_file)
            .args(["--org", "B002", "--year", "2024", "--recommend"]),
    );
    let import_r = measure(
        meded(&db2)
            .args(["rotation", "import"])
            .arg(&o_file)
            .args(["--org", "B002"]),
    );
    assert_eq!(import_r.status, 0, "the rotations import cleanly");
    let assign = measure(meded(&db2).args(["rotation", "assign", "--org", "B002", "--auto"]));
    let assigned: i64 = meded::db::sql::Connection::open(&db2)
        .unwrap()
        .query_row(
            "SELECT count(*) FROM rotation WHERE teacher_id IS NOT NULL",
            [],
            |r| r.get(0),
        )
        .unwrap();

    let row = |what: &str, c: &Cost, extra: String| {
        println!(
            "| {what} | {} | {} | {} | {:.2} | {extra} |",
            secs(c.wall),
            secs(c.user + c.system),
            mib(c.max_rss),
            c.cores_used()
        );
    };
    println!("\nMachine: {}\n", support::machine());
    println!("| what | wall time | CPU time | peak memory | cores used | notes |");
    println!("|---|---|---|---|---|---|");
    row(
        &format!("`teacher import` of {teachers} teachers"),
        &import_t,
        format!(
            "{:.0} rows/s",
            teachers as f64 / import_t.wall.as_secs_f64()
        ),
    );
    row(
        &format!("`teacher events import` of {events} events"),
        &import_e,
        format!("{:.0} rows/s", events as f64 / import_e.wall.as_secs_f64()),
    );
    row(
        &format!("`teacher check --year 2024 --format json` ({teachers} teachers, {ec} events)"),
        &check_json,
        "target < 2 s; every rule with its evidence".into(),
    );
    row(
        "`teacher check --year 2024` (table of the ineligible)",
        &check_table,
        "target < 2 s".into(),
    );
    row(
        "`teacher check --year 2024 --format json --errors ineligible.xlsx`",
        &check_errors,
        "with the workbook".into(),
    );
    row(
        &format!("`teacher apply --file` ({assign_teachers} teachers, a batch of 2024)"),
        &apply,
        "each form checked complete".into(),
    );
    row(
        &format!("`teacher review --file` ({assign_teachers} teachers, recommend for 2024)"),
        &review,
        "each judged at 2024-01-01".into(),
    );
    row(
        &format!("`rotation import` of {rotations} rotations ({residents} residents)"),
        &import_r,
        format!(
            "{:.0} rows/s",
            rotations as f64 / import_r.wall.as_secs_f64()
        ),
    );
    row(
        &format!("`rotation assign --auto` ({rotations} rotations, {assign_teachers} teachers)"),
        &assign,
        format!("target < 5 s; {assigned} assigned, limit 3 at once"),
    );
}
