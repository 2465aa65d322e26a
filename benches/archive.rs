//! Technical archive benchmark (issue 13): résumés, and the CME office's
//! query across its members' credit records.
//!
//! ```text
//! cargo bench --bench archive                       # 10,000 résumés; 5,000,000 credit records
//! cargo bench --bench archive -- --resumes 2000 --members 50000
//! cargo bench --bench archive -- --only resume      # or --only query
//! ```
//!
//! Résumés: synthetic members with a complete archive (every field of
//! 个人基本信息, 14 list rows, one transfer; no photo, see
//! `support/archives.rs`). First the engine alone — `archive::resume::render`
//! on every core, in batches of 500 with the font cut once to the run's
//! characters, files written — then the commands end to end on a database:
//! `archive import` of the workbook, `archive review --org --approve`, and
//! `archive resume --org C0 --out-dir DIR`. Targets: ≥ 500 résumés/s on 2
//! cores, < 100 KB each.
//!
//! Query: the credit benchmark's data (members in four institutions, ten
//! records each: 5,000,000 records for 500,000 members), then `credit list
//! --org C0` with filters, each run three times. Target: under 1 s.
//!
//! Every run is a child process measured with wait4; prints Markdown tables
//! for docs/performance.md.

#![allow(clippy::print_stdout, clippy::print_stderr)]

mod support;

use std::path::Path;
use std::process::Command;

use meded::archive::resume::{self, Resume};
use meded::certificate::Font;
use rayon::prelude::*;
use support::{arg, arg_str, data_dir, measure, meded, mib, remove_db, secs};

fn main() {
    if let Some(dir) = arg_str("--render-to") {
        return render(Path::new(&dir), arg("--count", 0));
    }
    if let Some(path) = arg_str("--write-members") {
        return support::credits::write_members(
            path.as_ref(),
            arg("--count", 0),
            arg("--offset", 0),
        );
    }
    if let Some(path) = arg_str("--write-credits") {
        return support::credits::write_credits(path.as_ref(), arg("--count", 0));
    }
    if let Some(path) = arg_str("--write-archives") {
        return write_archives(path.as_ref(), arg("--count", 0));
    }
    println!("\nMachine: {}\n", support::machine());
    let only = arg_str("--only");
    if only.as_deref() != Some("query") {
        let n = arg("--resumes", 10_000);
        engine(n);
        end_to_end(n);
    }
    if only.as_deref() != Some("resume") {
        query(arg("--members", 500_000));
    }
}

fn resume_of(i: u64) -> Resume {
    let (id_number, name, phone) = support::roster::person(i);
    Resume {
        id_number,
        name,
        id_type: "居民身份证".to_owned(),
        org_name: "成都市第三人民医院".to_owned(),
        title: Some("心血管内科 - 副主任医师(副高)".to_owned()),
        phone: Some(phone),
        email: None,
        archive: support::archives::archive(i),
        transfers: vec![meded::archive::Transfer {
            date: "2016-09-01".to_owned(),
            from_code: "C9".to_owned(),
            from_name: "德阳市人民医院".to_owned(),
            to_code: "C0".to_owned(),
            to_name: "成都市第三人民医院".to_owned(),
        }],
        date: chrono::NaiveDate::from_ymd_opt(2026, 11, 25).unwrap(),
    }
}

/// The child: renders `count` résumés into `dir`, as `archive resume
/// --org` does: the font cut once to the run's characters, batches of
/// [`resume::BATCH`] on every core.
fn render(dir: &Path, count: u64) {
    std::fs::create_dir_all(dir).unwrap();
    let font = Font::builtin().expect("the built-in font");
    let all: Vec<Resume> = (0..count).map(resume_of).collect();
    let narrow = resume::font_for(&all, &font);
    for batch in all.chunks(resume::BATCH) {
        batch.par_iter().for_each(|r| {
            let pdf = resume::render(r, &narrow).expect("the résumé renders");
            std::fs::write(dir.join(r.file_name()), pdf).unwrap();
        });
    }
}

/// Sizes of the PDFs in `dir`.
fn pdfs(dir: &Path) -> Vec<u64> {
    std::fs::read_dir(dir)
        .map(|entries| {
            entries
                .filter_map(|e| e.ok())
                .filter(|e| e.path().extension().is_some_and(|x| x == "pdf"))
                .filter_map(|e| e.metadata().ok().map(|m| m.len()))
                .collect()
        })
        .unwrap_or_default()
}

fn engine(n: u64) {
    println!("Résumés, the engine (`archive::resume::render` on every core, files written):\n");
    println!(
        "| résumés | wall time | résumés/s | cores used | CPU per résumé | peak memory | average size | largest | pages |"
    );
    println!("|---|---|---|---|---|---|---|---|---|");
    for count in [n / 10, n] {
        let dir = data_dir().join(format!("resumes-{count}"));
        let _ = std::fs::remove_dir_all(&dir);
        let cost = measure(
            Command::new(std::env::current_exe().unwrap())
                .arg("--render-to")
                .arg(&dir)
                .args(["--count", &count.to_string()]),
        );
        let files = pdfs(&dir);
        assert_eq!(files.len() as u64, count, "every résumé is written");
        let pages = lopdf::Document::load(dir.join(resume_of(0).file_name()))
            .map(|d| d.get_pages().len())
            .unwrap_or(0);
        let total: u64 = files.iter().sum();
        println!(
            "| {count} | {} | {:.0} | {:.2} | {:.2} ms | {} | {:.1} KB | {:.1} KB | {pages} |",
            secs(cost.wall),
            count as f64 / cost.wall.as_secs_f64(),
            cost.cores_used(),
            (cost.user + cost.system).as_secs_f64() * 1000.0 / count as f64,
            mib(cost.max_rss),
            total as f64 / count as f64 / 1000.0,
            files.iter().max().copied().unwrap_or(0) as f64 / 1000.0,
        );
        let _ = std::fs::remove_dir_all(&dir);
    }
}

/// The child: the archive workbook of members `0..count`.
fn write_archives(path: &Path, count: u64) {
    use meded::archive::Section;
    let mut book = rust_xlsxwriter::Workbook::new();
    let text = rust_xlsxwriter::Format::new().set_num_format("@");
    for section in Section::ALL {
        let ws = book.add_worksheet();
        ws.set_name(section.label()).unwrap();
        let keys = section.keys();
        let col = |c: usize, label: &str, row: u32, ws: &mut rust_xlsxwriter::Worksheet| {
            ws.write_string_with_format(row, c as u16, label, &text)
                .unwrap();
        };
        col(0, "证件号码", 0, ws);
        if keys == 2 {
            col(1, "姓名", 0, ws);
        }
        for (k, f) in section.fields().iter().enumerate() {
            col(keys + k, f.label, 0, ws);
        }
        let mut row = 1u32;
        for i in 0..count {
            let (id, name, _) = support::roster::person(i);
            let sheets = support::archives::rows(i);
            let rows = &sheets.iter().find(|(s, _)| *s == section).unwrap().1;
            for r in rows {
                ws.write_string_with_format(row, 0, &id, &text).unwrap();
                if keys == 2 {
                    ws.write_string(row, 1, &name).unwrap();
                }
                for (k, f) in section.fields().iter().enumerate() {
                    if let Some((_, v)) = r.iter().find(|(l, _)| *l == f.label) {
                        ws.write_string_with_format(row, (keys + k) as u16, v, &text)
                            .unwrap();
                    }
                }
                row += 1;
            }
        }
    }
    book.save(path).unwrap();
}

fn end_to_end(n: u64) {
    println!("\nThe commands, end to end, on a unit of {n} members:\n");
    println!("| what | wall time | peak memory | cores used | notes |");
    println!("|---|---|---|---|---|");
    let dir = data_dir();
    let roster = dir.join(format!("archive-members-{n}.csv"));
    let workbook = dir.join(format!("archive-{n}.xlsx"));
    if !roster.exists() {
        support::run_self(&[
            "--write-members",
            &roster.to_string_lossy(),
            "--count",
            &n.to_string(),
        ]);
    }
    if !workbook.exists() {
        support::run_self(&[
            "--write-archives",
            &workbook.to_string_lossy(),
            "--count",
            &n.to_string(),
        ]);
    }
    let db = dir.join("archive-bench.db");
    remove_db(&db);
    for setup in [
        meded(&db).args([
            "org",
            "add",
            "--code",
            "C0",
            "--name",
            "基准医院",
            "--kind",
            "cme",
            "--region-level",
            "省级",
        ]),
        meded(&db).args(["account", "import"]).arg(&roster).args([
            "--org",
            "C0",
            "--role",
            "member",
            "--approve",
        ]),
    ] {
        assert_eq!(measure(setup).status, 0);
    }
    let row = |what: &str, c: &support::Cost, notes: String| {
        println!(
            "| {what} | {} | {} | {:.2} | {notes} |",
            secs(c.wall),
            mib(c.max_rss),
            c.cores_used()
        );
    };
    let import = measure(
        meded(&db)
            .args(["archive", "import"])
            .arg(&workbook)
            .args(["--org", "C0"]),
    );
    assert_eq!(import.status, 0, "the synthetic archives import cleanly");
    row(
        &format!("`archive import` of {n} members (15 rows each, six sheets)"),
        &import,
        format!("{:.0} members/s", n as f64 / import.wall.as_secs_f64()),
    );
    let review = measure(meded(&db).args(["archive", "review", "--org", "C0", "--approve"]));
    assert_eq!(review.status, 0);
    row(
        &format!("`archive review --org C0 --approve` ({n} changes)"),
        &review,
        format!("{:.0} changes/s", n as f64 / review.wall.as_secs_f64()),
    );
    let out = dir.join("archive-resumes");
    for run in 1..=3 {
        let _ = std::fs::remove_dir_all(&out);
        let cost = measure(
            meded(&db)
                .args(["archive", "resume", "--org", "C0", "--out-dir"])
                .arg(&out),
        );
        assert_eq!(cost.status, 0, "every résumé is written");
        let files = pdfs(&out);
        assert_eq!(files.len() as u64, n);
        let total: u64 = files.iter().sum();
        row(
            &format!("`archive resume --org C0 --out-dir DIR` ({n} members), run {run}"),
            &cost,
            format!(
                "**{:.0} résumés/s**; {:.2} ms CPU each; average {:.1} KB, largest {:.1} KB",
                n as f64 / cost.wall.as_secs_f64(),
                (cost.user + cost.system).as_secs_f64() * 1000.0 / n as f64,
                total as f64 / n as f64 / 1000.0,
                files.iter().max().copied().unwrap_or(0) as f64 / 1000.0
            ),
        );
    }
    let _ = std::fs::remove_dir_all(&out);
    remove_db(&db);
}

const LEVELS: [&str; 4] = ["省级", "市州级", "县级", "乡镇卫生院"];

fn query(members: u64) {
    let records = members * 10;
    let per_org = members.div_ceil(LEVELS.len() as u64);
    let dir = data_dir();
    // The credit benchmark's files: the same people and records.
    let mut rosters = Vec::new();
    for k in 0..LEVELS.len() as u64 {
        let offset = k * per_org;
        let count = per_org.min(members - offset.min(members));
        let path = dir.join(format!("members-{members}-{k}.csv"));
        if !path.exists() {
            support::run_self(&[
                "--write-members",
                &path.to_string_lossy(),
                "--count",
                &count.to_string(),
                "--offset",
                &offset.to_string(),
            ]);
        }
        rosters.push(path);
    }
    let credits = dir.join(format!("credits-{members}.csv"));
    if !credits.exists() {
        support::run_self(&[
            "--write-credits",
            &credits.to_string_lossy(),
            "--count",
            &members.to_string(),
        ]);
    }
    let db = dir.join(format!("archive-query-{members}.db"));
    if !db.exists() {
        eprintln!("building {}", db.display());
        for (k, level) in LEVELS.iter().enumerate() {
            let code = format!("C{k}");
            measure(meded(&db).args([
                "org",
                "add",
                "--code",
                &code,
                "--name",
                &format!("基准医院{k}"),
                "--kind",
                "cme",
                "--region-level",
                level,
            ]));
            let c = measure(
                meded(&db)
                    .args(["account", "import"])
                    .arg(&rosters[k])
                    .args(["--org", &code, "--role", "member", "--approve"]),
            );
            assert_eq!(c.status, 0);
        }
        let c = measure(meded(&db).args(["credit", "import"]).arg(&credits));
        assert_eq!(c.status, 0, "the synthetic credits import cleanly");
        println!(
            "\nSetup: `credit import` of {records} records (待审) took {} ({:.0} records/s).",
            secs(c.wall),
            records as f64 / c.wall.as_secs_f64()
        );
        // A year reviewed, as an office works through its queue.
        let c = measure(meded(&db).args([
            "credit",
            "review",
            "--org",
            "C0",
            "--year",
            "2016",
            "--approve",
        ]));
        assert_eq!(c.status, 0);
    }
    let (member, _, _) = support::roster::person(7);
    let runs: Vec<(String, Vec<String>)> = vec![
        (
            "`--year 2017 --type 省级I类` (page 1, 50 records)".into(),
            vec!["--year", "2017", "--type", "省级I类"]
                .into_iter()
                .map(String::from)
                .collect(),
        ),
        (
            "`--from 2013 --to 2016 --status 审核通过 --page 200`".into(),
            [
                "--from",
                "2013",
                "--to",
                "2016",
                "--status",
                "审核通过",
                "--page",
                "200",
            ]
            .into_iter()
            .map(String::from)
            .collect(),
        ),
        (
            "`--project 2015-N` (substring of number or name)".into(),
            vec!["--project".to_owned(), "2015-N".to_owned()],
        ),
        (
            "`--member ID`".into(),
            vec!["--member".to_owned(), member.clone()],
        ),
        (
            "`--year 2017 --totals` (every member's sums)".into(),
            vec!["--year", "2017", "--totals"]
                .into_iter()
                .map(String::from)
                .collect(),
        ),
    ];
    let db_size = std::fs::metadata(&db).map_or(0, |m| m.len());
    println!(
        "\n`credit list --org C0 --format json` on {records} records ({} in C0; database {}):\n",
        records / LEVELS.len() as u64,
        mib(db_size)
    );
    println!("| filter | run 1 | run 2 | run 3 | peak memory | selected |");
    println!("|---|---|---|---|---|---|");
    for (what, args) in runs {
        let mut times = Vec::new();
        let mut rss = 0;
        for _ in 0..3 {
            let c = measure(
                meded(&db)
                    .args(["credit", "list", "--org", "C0", "--format", "json"])
                    .args(&args),
            );
            assert_eq!(c.status, 0, "{what} selects something");
            times.push(secs(c.wall));
            rss = rss.max(c.max_rss);
        }
        let out = meded(&db)
            .args(["credit", "list", "--org", "C0", "--format", "json"])
            .args(&args)
            .output()
            .unwrap();
        let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap_or_default();
        let selected = v
            .get("total")
            .or_else(|| v.get("records"))
            .cloned()
            .unwrap_or_default();
        println!(
            "| {what} | {} | {} | {} | {} | {selected} |",
            times[0],
            times[1],
            times[2],
            mib(rss)
        );
    }
}
