//! Rotation plan benchmark (排班).
//!
//! ```text
//! cargo bench --bench plan                  # 600 residents, three specialties, 36 months
//! cargo bench --bench plan -- --residents 1200 --headroom 1.25 --seed 3
//! ```
//!
//! A base of `--residents` residents of one cohort (all from 1 September
//! 2025 to 31 August 2028) in three specialties — 内科, 外科 and 全科,
//! each a programme of 33 months over the departments a base adapts from
//! the national ones, 内科 and 全科 with a 顺序 (急诊科 and 重症医学科
//! after the core medical departments; 社区实践 last) — and each
//! department's capacity `--headroom` times its average monthly demand,
//! rounded up. The files are imported, then timed: `rotation plan` over
//! the 36 months as a dry run (JSON), and again recording the plan and
//! writing its workbook; then teachers enough for every department
//! (three residents each at once), recommended for 2025–2028, and
//! `rotation assign --auto` over the planned rotations.
//!
//! Target: everyone placed, no constraint broken, under 10 s and 500 MB.
//! The recorded plan is read back and checked: every placed resident's
//! programme exactly, one department a month, within the training, and
//! no department over its capacity in any month. With `--headroom-percent
//! 100` (capacities at the average demand, rounded up) the base cannot be
//! planned whole: the time of a plan that must say who is left out. Prints Markdown tables
//! for docs/performance.md: the times, and each department's peak load
//! against its mean and its capacity.

#![allow(clippy::print_stdout, clippy::print_stderr)]

mod support;

use std::collections::{BTreeMap, HashMap};
use std::io::Write;
use std::path::Path;

use support::roster::person;
use support::{Cost, arg, data_dir, measure, meded, mib, remove_db, secs};

/// A programme's stretches: (department, months, 顺序).
type Stretches = &'static [(&'static str, u32, Option<u32>)];

/// (department, months, 顺序) of each specialty's programme: 33 months.
const PROGRAMMES: [(&str, Stretches); 3] = [
    (
        "内科",
        &[
            ("心血管内科", 4, Some(1)),
            ("呼吸内科", 4, Some(1)),
            ("消化内科", 4, Some(1)),
            ("肾内科", 3, None),
            ("内分泌科", 3, None),
            ("血液内科", 3, None),
            ("感染科", 2, None),
            ("神经内科", 2, None),
            ("风湿免疫科", 2, None),
            ("急诊科", 3, Some(2)),
            ("重症医学科", 3, Some(2)),
        ],
    ),
    (
        "外科",
        &[
            ("普通外科", 8, None),
            ("骨科", 4, None),
            ("泌尿外科", 4, None),
            ("胸外科", 3, None),
            ("神经外科", 3, None),
            ("麻醉科", 3, None),
            ("心血管内科", 2, None),
            ("急诊科", 3, None),
            ("重症医学科", 3, None),
        ],
    ),
    (
        "全科",
        &[
            ("心血管内科", 3, None),
            ("呼吸内科", 3, None),
            ("消化内科", 2, None),
            ("内分泌科", 2, None),
            ("神经内科", 2, None),
            ("儿科", 3, None),
            ("妇产科", 3, None),
            ("急诊科", 3, None),
            ("普通外科", 2, None),
            ("皮肤科", 1, None),
            ("眼科", 1, None),
            ("耳鼻咽喉科", 1, None),
            ("精神科", 1, None),
            ("社区实践", 6, Some(2)),
        ],
    ),
];

const MONTHS: u32 = 36;
/// Teachers are people numbered from here, apart from the residents.
const TEACHERS_FROM: u64 = 5_000_000;

fn create(path: &Path) -> std::io::BufWriter<std::fs::File> {
    std::io::BufWriter::new(std::fs::File::create(path).expect("create a data file"))
}

/// Each department's capacity: `headroom` times its average monthly
/// demand, rounded up.
fn capacities(residents: u64, headroom: f64) -> BTreeMap<&'static str, u32> {
    let mut demand: BTreeMap<&str, u64> = BTreeMap::new();
    for i in 0..residents {
        for &(d, m, _) in PROGRAMMES[(i % 3) as usize].1 {
            *demand.entry(d).or_default() += u64::from(m);
        }
    }
    demand
        .into_iter()
        .map(|(d, n)| (d, (n as f64 / f64::from(MONTHS) * headroom).ceil() as u32))
        .collect()
}

fn write_files(dir: &Path, residents: u64, headroom: f64) {
    support::roster::write_csv_years(&dir.join("plan-roster.csv"), residents, |_| 2025);
    let mut w = create(&dir.join("plan-training.csv"));
    writeln!(
        w,
        "证件号码,姓名,招收年份,人员类型,核定培训年限,培训专业,培训开始时间,培训结束时间"
    )
    .unwrap();
    for i in 0..residents {
        let (id, name, _) = person(i);
        let specialty = PROGRAMMES[(i % 3) as usize].0;
        writeln!(
            w,
            "{id},{name},2025,单位人,3,{specialty},2025-09-01,2028-08-31"
        )
        .unwrap();
    }
    w.flush().unwrap();
    let mut w = create(&dir.join("plan-programme.csv"));
    writeln!(w, "培训专业,轮转科室,轮转月数,顺序").unwrap();
    for (s, rows) in PROGRAMMES {
        for (d, m, seq) in rows {
            let seq = seq.map(|q| q.to_string()).unwrap_or_default();
            writeln!(w, "{s},{d},{m},{seq}").unwrap();
        }
    }
    w.flush().unwrap();
    let caps = capacities(residents, headroom);
    let mut w = create(&dir.join("plan-capacity.csv"));
    writeln!(w, "科室,每月容量").unwrap();
    for (d, c) in &caps {
        writeln!(w, "{d},{c}").unwrap();
    }
    w.flush().unwrap();
    // Teachers: each takes three residents at once, so a department of
    // capacity c needs ⌈c / 3⌉.
    let mut w = create(&dir.join("plan-teachers.csv"));
    let mut list = create(&dir.join("plan-recommended.csv"));
    writeln!(
        w,
        "姓名,证件号码,性别,出生日期,证件扫描件,头像照片,手机号,科室,技术职称,取得中级职称时间,是否获得医师资格证书,取得证书时间,执业资格级别,执业资格类别,医师资格证书编码,医师资格证书扫描件,执业医师证号,带教任职时间,最高学历"
    )
    .unwrap();
    writeln!(list, "证件号码").unwrap();
    let mut k = 0u64;
    // Images are named relative to the file, in a folder beside it.
    let photos = "photos";
    std::fs::create_dir_all(dir.join(photos)).expect("a folder of images");
    for image in ["id-front.jpg", "portrait.jpg", "licence.jpg"] {
        let example = Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("examples/photos")
            .join(image);
        std::fs::copy(example, dir.join(photos).join(image)).expect("an example image");
    }
    for (d, c) in &caps {
        for _ in 0..c.div_ceil(3) {
            let (id, name, phone) = person(TEACHERS_FROM + k);
            // What a teacher applies with (报名): sex and birth as the ID
            // number says, the example scans and photo.
            let sex = if id.as_bytes()[16] % 2 == 1 {
                "男"
            } else {
                "女"
            };
            let born = format!("{}-{}-{}", &id[6..10], &id[10..12], &id[12..14]);
            writeln!(
                w,
                "{name},{id},{sex},{born},{photos}/id-front.jpg,{photos}/portrait.jpg,{phone},{d},主治医师,2015-07-01,是,2005-12,执业医师,临床,200551110{id},{photos}/licence.jpg,{:015},2018-09,本科",
                110_000_000_000_000 + k
            )
            .unwrap();
            writeln!(list, "{id}").unwrap();
            k += 1;
        }
    }
    w.flush().unwrap();
    list.flush().unwrap();
}

/// The months (as numbers) of a rotation of whole months, or why it is
/// not one.
fn months_of(start: &str, end: &str) -> Vec<i32> {
    let day = |d: &str| chrono::NaiveDate::parse_from_str(d, "%Y-%m-%d").expect("a day");
    let (s, e) = (day(start), day(end));
    use chrono::Datelike;
    assert_eq!(s.day(), 1, "a rotation starts on a month's first day");
    assert_eq!(e.succ_opt().unwrap().day(), 1, "and ends on its last");
    let n = |d: chrono::NaiveDate| d.year() * 12 + d.month() as i32 - 1;
    (n(s)..=n(e)).collect()
}

/// Reads the recorded plan back and checks every constraint; returns each
/// department's load by month.
fn check(db: &Path, placed: u64, caps: &BTreeMap<&str, u32>) -> BTreeMap<String, Vec<u32>> {
    let conn = meded::db::sql::Connection::open(db).unwrap();
    let mut stmt = conn
        .prepare(
            "SELECT a.id_number, t.specialty, d.name, r.start_date, r.end_date
             FROM rotation r JOIN account a ON a.id = r.account_id
             JOIN training t ON t.account_id = a.id
             JOIN department d ON d.id = r.department_id",
        )
        .unwrap();
    let rows: Vec<(String, String, String, String, String)> = stmt
        .query_map([], |r| {
            Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?))
        })
        .unwrap()
        .map(Result::unwrap)
        .collect();
    let first = 2025 * 12 + 8;
    let mut load: BTreeMap<String, Vec<u32>> = BTreeMap::new();
    // Each person's specialty, months of presence, and months by department.
    type Person = (String, Vec<i32>, BTreeMap<String, u32>);
    let mut by_person: HashMap<String, Person> = HashMap::new();
    for (id, specialty, d, s, e) in rows {
        let months = months_of(&s, &e);
        let entry = by_person
            .entry(id)
            .or_insert((specialty, Vec::new(), BTreeMap::new()));
        *entry.2.entry(d.clone()).or_default() += months.len() as u32;
        let l = load.entry(d).or_insert_with(|| vec![0; MONTHS as usize]);
        for &m in &months {
            assert!(
                (first..first + MONTHS as i32).contains(&m),
                "within the training"
            );
            l[(m - first) as usize] += 1;
        }
        entry.1.extend(months);
    }
    assert_eq!(
        by_person.len() as u64,
        placed,
        "every resident placed has rotations"
    );
    for (id, (specialty, mut months, by_department)) in by_person {
        let n = months.len();
        months.sort_unstable();
        months.dedup();
        assert_eq!(months.len(), n, "{id}: one department at a time");
        let (_, rows) = PROGRAMMES.iter().find(|p| p.0 == specialty).unwrap();
        let mut want: BTreeMap<String, u32> = BTreeMap::new();
        for (d, m, _) in *rows {
            *want.entry(d.to_string()).or_default() += m;
        }
        assert_eq!(by_department, want, "{id}: the programme exactly");
    }
    for (d, l) in &load {
        let cap = caps[d.as_str()];
        assert!(
            l.iter().all(|&n| n <= cap),
            "{d} over its capacity {cap}: {l:?}"
        );
    }
    load
}

fn main() {
    let residents = arg("--residents", 600);
    let headroom = arg("--headroom-percent", 125) as f64 / 100.0;
    let seed = arg("--seed", 1).to_string();
    let dir = data_dir();
    write_files(&dir, residents, headroom);
    let db = dir.join("plan-bench.db");
    remove_db(&db);
    let file = |name: &str| dir.join(name).to_string_lossy().into_owned();
    let ok = |c: Cost, what: &str| assert_eq!(c.status, 0, "{what}");
    ok(
        measure(meded(&db).args([
            "org",
            "add",
            "--code",
            "B001",
            "--name",
            "基准医院",
            "--kind",
            "base",
        ])),
        "org add",
    );
    for (what, args) in [
        (
            "account import",
            vec!["account", "import", &file("plan-roster.csv")],
        ),
        (
            "training import",
            vec!["training", "import", &file("plan-training.csv")],
        ),
        (
            "programme import",
            vec![
                "rotation",
                "programme",
                "import",
                &file("plan-programme.csv"),
            ],
        ),
        (
            "capacity import",
            vec!["rotation", "capacity", "import", &file("plan-capacity.csv")],
        ),
        (
            "teacher import",
            vec!["teacher", "import", &file("plan-teachers.csv")],
        ),
    ] {
        ok(
            measure(meded(&db).args(&args).args(["--org", "B001"])),
            what,
        );
    }
    for year in ["2025", "2026", "2027", "2028"] {
        let batch = format!("{year}年度住院医师师资");
        ok(
            measure(meded(&db).args(["teacher", "batch", "add", &batch, "--year", year])),
            "teacher batch add",
        );
        ok(
            measure(meded(&db).args([
                "teacher",
                "apply",
                "--file",
                &file("plan-recommended.csv"),
                "--org",
                "B001",
                "--batch",
                &batch,
            ])),
            "teacher apply",
        );
        ok(
            measure(meded(&db).args([
                "teacher",
                "review",
                "--file",
                &file("plan-recommended.csv"),
                "--org",
                "B001",
                "--year",
                year,
                "--recommend",
            ])),
            "teacher review",
        );
    }
    let plan_args = [
        "rotation", "plan", "--org", "B001", "--from", "2025-09", "--to", "2028-08", "--seed",
        &seed,
    ];
    let dry = measure(
        meded(&db)
            .args(plan_args)
            .args(["--dry-run", "--format", "json"]),
    );
    // The same plan again, its JSON kept (the same seed gives the same plan).
    let out = meded(&db)
        .args(plan_args)
        .args(["--dry-run", "--format", "json"])
        .output()
        .expect("run meded");
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON");
    let placed = json["placed"].as_u64().unwrap();
    let unplaced = json["unplaced"].as_array().unwrap().len();
    let book = dir.join("plan-bench.xlsx");
    let write = measure(
        meded(&db)
            .args(plan_args)
            .args(["-o", &book.to_string_lossy()]),
    );
    let caps = capacities(residents, headroom);
    let load = check(&db, placed, &caps);
    let assign = measure(meded(&db).args(["rotation", "assign", "--org", "B001", "--auto"]));
    let rotations: i64 = meded::db::sql::Connection::open(&db)
        .unwrap()
        .query_row("SELECT count(*) FROM rotation", [], |r| r.get(0))
        .unwrap();
    let covered: i64 = meded::db::sql::Connection::open(&db)
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
        &format!("`rotation plan --dry-run --format json` ({residents} residents, 36 months)"),
        &dry,
        format!(
            "exit {}; {placed} placed, {unplaced} not; target < 10 s, < 500 MB",
            dry.status
        ),
    );
    row(
        "`rotation plan -o plan.xlsx` (recorded)",
        &write,
        format!("{rotations} rotations recorded, read back: no constraint broken"),
    );
    row(
        "`rotation assign --auto` over the plan",
        &assign,
        format!(
            "{covered} of {rotations} rotations given a teacher (exit {})",
            assign.status
        ),
    );
    println!("\n| department | capacity | peak | mean | peak / mean |");
    println!("|---|---|---|---|---|");
    let mut worst: f64 = 0.0;
    for (d, l) in &load {
        let peak = *l.iter().max().unwrap();
        let mean = l.iter().sum::<u32>() as f64 / l.len() as f64;
        worst = worst.max(f64::from(peak) / mean);
        println!(
            "| {d} | {} | {peak} | {mean:.1} | {:.2} |",
            caps[d.as_str()],
            f64::from(peak) / mean
        );
    }
    println!("\nHighest peak / mean: {worst:.2}");
}
