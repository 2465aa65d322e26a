//! Credit certificate rendering benchmark (issue 6).
//!
//! ```text
//! cargo bench --bench certificate                          # 10,000 certificates, 3 runs
//! cargo bench --bench certificate -- --count 2000 --runs 1 [--font PATH] [--batch 500]
//! ```
//!
//! Renders synthetic certificates (three years, 5–15 approved records with
//! long project names, see `support/certs.rs`) into a directory with
//! [`meded::certificate::Bulk`], on every core, in batches as the command
//! will feed them from the database: each count twice, without the QR code
//! (the anchor) and signed with its QR code, the second as a ratio to the
//! first. Each run is a child process measured
//! with wait4, so that its peak memory is its own; running 1,000 and then
//! 10,000 shows whether memory stays flat as the count grows. CPU time per
//! certificate is reported beside the wall time: on a machine shared with
//! other work it says what the rendering costs when the wall time cannot.
//! Prints a Markdown table for docs/performance.md.
//!
//! Then the same end to end, through the command: a database of members at
//! one institution with the approved credits of the same synthetic
//! certificates, and
//! `meded certificate --org C0 --from 2015 --to 2017 --out-dir DIR` — reading
//! the members and credits, choosing and recording a verification code per
//! certificate, rendering and writing — measured as a child process; then
//! the same run again, which prints the same certificates under their codes.
//! `--only engine` or `--only cli` runs one half.
//!
//! First, the reportlab script (`support/certificates.py`) against meded's
//! engine on the same certificates (`--reportlab-count`, 1,000 by default):
//! `--only reportlab` runs that alone. It needs python3 with reportlab.

#![allow(clippy::print_stdout, clippy::print_stderr)]

mod support;

use std::path::Path;
use std::process::Command;

use meded::certificate::{Bulk, BulkTarget, Font};
use support::{arg, arg_str, data_dir, measure, mib, secs};

fn main() {
    if let Some(dir) = arg_str("--render-to") {
        return render(
            Path::new(&dir),
            arg("--count", 0),
            arg("--batch", 500),
            arg("--signed", 0) == 1,
        );
    }
    if let Some(path) = arg_str("--write-members") {
        return support::credits::write_members(path.as_ref(), arg("--count", 0), 0);
    }
    if let Some(path) = arg_str("--write-credits") {
        return write_credits(path.as_ref(), arg("--count", 0));
    }
    if let Some(path) = arg_str("--write-reportlab") {
        return write_reportlab_input(path.as_ref(), arg("--count", 0));
    }
    let count = arg("--count", 10_000);
    let runs = arg("--runs", 3);
    println!("\nMachine: {}\n", support::machine());
    let only = arg_str("--only");
    if only.is_none() || only.as_deref() == Some("reportlab") {
        against_reportlab(arg("--reportlab-count", 1_000), runs);
    }
    if only.is_none() || only.as_deref() == Some("engine") {
        engine(count, runs);
    }
    if only.is_none() || only.as_deref() == Some("cli") {
        end_to_end(count);
    }
}

/// The same certificates rendered by the reportlab script
/// (`support/certificates.py`, one process) and by meded's engine, one
/// after the other, `runs` times: with QR codes (meded's signed), then both
/// without. The ratio of their rates. Skipped when python3 cannot import
/// reportlab.
fn against_reportlab(count: u64, runs: u64) {
    let python = Command::new("python3")
        .args(["-c", "import reportlab"])
        .status()
        .is_ok_and(|s| s.success());
    if !python {
        println!("(python3 with reportlab not found: `pip install reportlab` to compare)\n");
        return;
    }
    let input = data_dir().join(format!("reportlab-{count}.jsonl"));
    support::run_self(&[
        "--write-reportlab",
        &input.to_string_lossy(),
        "--count",
        &count.to_string(),
    ]);
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let script = root.join("benches/support/certificates.py");
    let font = root.join("assets/fonts/NotoSansSC-GBK.ttf");
    println!("{count} certificates, the reportlab script and meded's engine in turn:\n");
    println!(
        "| run | QR code | renderer | wall time | certificates/s | cores used | CPU per certificate | peak memory | average size | meded against reportlab |"
    );
    println!("|---|---|---|---|---|---|---|---|---|---|");
    for run in 1..=runs.max(1) {
        for qr in [true, false] {
            let dir = data_dir().join("certificates-reportlab");
            let _ = std::fs::remove_dir_all(&dir);
            let mut cmd = Command::new("python3");
            cmd.arg(&script).arg(&input).arg(&dir).arg(&font);
            if !qr {
                cmd.arg("--no-qr");
            }
            let py = measure(&mut cmd);
            let py_files = pdfs(&dir);
            assert_eq!(
                py_files.len() as u64,
                count,
                "reportlab wrote every certificate"
            );
            let _ = std::fs::remove_dir_all(&dir);
            let dir = data_dir().join(format!("certificates-{count}"));
            let _ = std::fs::remove_dir_all(&dir);
            let ours = measure(
                Command::new(std::env::current_exe().expect("current exe"))
                    .arg("--render-to")
                    .arg(&dir)
                    .args(["--count", &count.to_string(), "--batch", "500"])
                    .args(["--signed", if qr { "1" } else { "0" }]),
            );
            let our_files = pdfs(&dir);
            assert_eq!(
                our_files.len() as u64,
                count,
                "meded wrote every certificate"
            );
            let _ = std::fs::remove_dir_all(&dir);
            let ratio = py.wall.as_secs_f64() / ours.wall.as_secs_f64();
            for (name, cost, files, against) in [
                ("reportlab", &py, &py_files, String::new()),
                ("meded", &ours, &our_files, format!("**{ratio:.1}×**")),
            ] {
                println!(
                    "| {run} | {} | {name} | {} | {:.0} | {:.2} | {:.2} ms | {} | {:.1} KB | {against} |",
                    if qr { "yes" } else { "no" },
                    secs(cost.wall),
                    count as f64 / cost.wall.as_secs_f64(),
                    cost.cores_used(),
                    (cost.user + cost.system).as_secs_f64() * 1000.0 / count as f64,
                    mib(cost.max_rss),
                    files.iter().sum::<u64>() as f64 / count as f64 / 1000.0,
                );
            }
        }
    }
    let _ = std::fs::remove_file(&input);
    println!();
}

/// The texts of the synthetic certificates `0..count`, one JSON object a
/// line, for the reportlab script; the QR payload is as long as meded's
/// signed one (Base45 text, about 370 characters).
fn write_reportlab_input(path: &Path, count: u64) {
    use std::io::Write;
    const BASE45: &[u8] = b"0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ $%*+-./:";
    let file = std::fs::File::create(path).expect("create the reportlab input");
    let mut w = std::io::BufWriter::new(file);
    for i in 0..count {
        let c = support::certs::certificate(i);
        let years: Vec<serde_json::Value> = c
            .years
            .iter()
            .map(|y| {
                let rows: Vec<[String; 5]> = y
                    .rows
                    .iter()
                    .map(|r| {
                        [
                            r.project_no.clone(),
                            r.project_name.clone(),
                            r.credits(),
                            r.class.certificate_label().to_owned(),
                            r.period(),
                        ]
                    })
                    .collect();
                serde_json::json!({"rows": rows, "summary": c.summary(y)})
            })
            .collect();
        let payload: String = (0..370u64)
            .map(|k| BASE45[((i * 7919 + k * 31) % 45) as usize] as char)
            .collect();
        let line = serde_json::json!({
            "file": c.file_name(),
            "heading": c.heading(),
            "intro": c.intro(),
            "years": years,
            "authority": c.authority_line(),
            "issuer": c.issuer,
            "date": c.issue_date_text(),
            "code": c.code_line(),
            "payload": payload,
        });
        writeln!(w, "{line}").expect("write the reportlab input");
    }
    w.flush().expect("write the reportlab input");
}

/// The engine alone: synthetic certificates rendered with `Bulk`.
fn engine(count: u64, runs: u64) {
    let batch = arg("--batch", 500);
    let font = arg_str("--font");
    println!(
        "| certificates | QR code | wall time | certificates/s | against no QR | cores used | CPU per certificate | peak memory | average size | largest |"
    );
    println!("|---|---|---|---|---|---|---|---|---|---|");
    let mut sizes = vec![count / 10];
    sizes.extend(std::iter::repeat_n(count, runs as usize));
    let mut anchor = 0.0;
    for (n, signed) in sizes.into_iter().flat_map(|n| [(n, false), (n, true)]) {
        let dir = data_dir().join(format!("certificates-{n}"));
        let _ = std::fs::remove_dir_all(&dir);
        let mut cmd = Command::new(std::env::current_exe().expect("current exe"));
        cmd.arg("--render-to").arg(&dir).args([
            "--count",
            &n.to_string(),
            "--batch",
            &batch.to_string(),
            "--signed",
            if signed { "1" } else { "0" },
        ]);
        if let Some(f) = &font {
            cmd.args(["--font", f]);
        }
        let cost = measure(&mut cmd);
        let files = pdfs(&dir);
        assert_eq!(files.len() as u64, n, "every certificate is written");
        let total: u64 = files.iter().sum();
        let largest = files.iter().max().copied().unwrap_or(0);
        let rate = n as f64 / cost.wall.as_secs_f64();
        let against = if signed {
            format!("{:.2}×", rate / anchor)
        } else {
            anchor = rate;
            "anchor".to_owned()
        };
        println!(
            "| {n} | {} | {} | {rate:.0} | {against} | {:.2} | {:.2} ms | {} | {:.1} KB | {:.1} KB |",
            if signed { "yes" } else { "no" },
            secs(cost.wall),
            cost.cores_used(),
            (cost.user + cost.system).as_secs_f64() * 1000.0 / n as f64,
            mib(cost.max_rss),
            total as f64 / n as f64 / 1000.0,
            largest as f64 / 1000.0,
        );
        let _ = std::fs::remove_dir_all(&dir);
    }
}

/// `meded certificate --org` on a database of `count` members (and of a
/// tenth as many first, to show memory stays flat), each run twice.
fn end_to_end(count: u64) {
    println!("\n`meded certificate --org C0 --from 2015 --to 2017 --out-dir DIR`, end to end:\n");
    println!(
        "| members | run | wall time | certificates/s | cores used | CPU per certificate | peak memory | average size |"
    );
    println!("|---|---|---|---|---|---|---|---|");
    for n in [count / 10, count] {
        let dir = data_dir();
        let roster = dir.join(format!("cert-members-{n}.csv"));
        let credits = dir.join(format!("cert-records-{n}.csv"));
        for (path, flag) in [(&roster, "--write-members"), (&credits, "--write-credits")] {
            if !path.exists() {
                support::run_self(&[flag, &path.to_string_lossy(), "--count", &n.to_string()]);
            }
        }
        let db = dir.join(format!("certificate-bench-{n}.db"));
        support::remove_db(&db);
        let setup = [
            measure(support::meded(&db).args([
                "org",
                "add",
                "--code",
                "C0",
                "--name",
                "基准医院",
                "--province",
                "四川",
                "--kind",
                "cme",
                "--region-level",
                "省级",
            ])),
            measure(
                support::meded(&db)
                    .args(["account", "import"])
                    .arg(&roster)
                    .args(["--org", "C0", "--role", "member", "--approve"]),
            ),
            measure(
                support::meded(&db)
                    .args(["credit", "import"])
                    .arg(&credits)
                    .arg("--approve"),
            ),
        ];
        assert!(
            setup.iter().all(|c| c.status == 0),
            "the synthetic data imports cleanly"
        );
        let out = dir.join(format!("certificates-cli-{n}"));
        for run in ["first (new codes)", "again (same codes)"] {
            let _ = std::fs::remove_dir_all(&out);
            let cost = measure(
                support::meded(&db)
                    .args(["certificate", "--org", "C0"])
                    // Today's date: --as-of an earlier day would leave out
                    // the credits, approved today by the import.
                    .args(["--from", "2015", "--to", "2017", "--out-dir"])
                    .arg(&out),
            );
            assert_eq!(cost.status, 0, "every member is printed");
            let files = pdfs(&out);
            assert_eq!(files.len() as u64, n, "every certificate is written");
            let total: u64 = files.iter().sum();
            println!(
                "| {n} | {run} | {} | {:.0} | {:.2} | {:.2} ms | {} | {:.1} KB |",
                secs(cost.wall),
                n as f64 / cost.wall.as_secs_f64(),
                cost.cores_used(),
                (cost.user + cost.system).as_secs_f64() * 1000.0 / n as f64,
                mib(cost.max_rss),
                total as f64 / n as f64 / 1000.0,
            );
        }
        let _ = std::fs::remove_dir_all(&out);
        support::remove_db(&db);
        // The signing key made beside it on first use.
        let _ = std::fs::remove_file(meded::sign::default_key_path(&db));
    }
}

/// Writes the records of the synthetic certificates of members
/// `0..count` as a 学分登记 file (a member's record repeating a project
/// number is left out, as an import would refuse it).
fn write_credits(path: &Path, count: u64) {
    use std::io::Write;
    let file = std::fs::File::create(path).expect("create the credit file");
    let mut w = std::io::BufWriter::with_capacity(1 << 20, file);
    writeln!(
        w,
        "证件号码,姓名,项目编号,项目名称,学分,学分类型,开始日期,结束日期,学分获取形式,主办单位,举办年度,学科分类,备注"
    )
    .unwrap();
    for i in 0..count {
        let c = support::certs::certificate(i);
        let mut seen = std::collections::HashSet::new();
        for block in &c.years {
            for r in &block.rows {
                if !seen.insert(r.project_no.clone()) {
                    continue;
                }
                let kind = r.class.label();
                writeln!(
                    w,
                    "{},{},{},{},{},{kind},{},{},学习班,四川省医学会,{},临床医学/内科学,",
                    c.id_number,
                    c.person_name,
                    r.project_no,
                    r.project_name,
                    r.credits(),
                    r.from,
                    r.to,
                    block.year
                )
                .unwrap();
            }
        }
    }
    w.flush().unwrap();
}

/// The child: renders `count` certificates into `dir`, with their signed
/// QR codes if `signed`.
fn render(dir: &Path, count: u64, batch: u64, signed: bool) {
    let font = match arg_str("--font") {
        Some(path) => Font::from_file(Path::new(&path), 0),
        None => Font::builtin(),
    }
    .expect("the font loads");
    let target = BulkTarget {
        out_dir: Some(dir.to_path_buf()),
        zip: None,
    };
    let mut bulk = Bulk::new(font, &target, count).expect("the output directory");
    if signed {
        bulk.sign_with(meded::sign::SigningKey::from_seed(&[7; 32]));
    }
    let mut start = 0;
    while start < count {
        let end = (start + batch.max(1)).min(count);
        let certs: Vec<_> = (start..end).map(support::certs::certificate).collect();
        bulk.add(&certs, &|_, _| {}).expect("the batch is written");
        start = end;
    }
    let report = bulk.finish().expect("the run finishes");
    assert!(report.failed.is_empty(), "{:?}", report.failed);
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
