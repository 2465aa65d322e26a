//! Profile validation benchmark (issue 3).
//!
//! ```text
//! cargo bench --bench profile                # 300,000 profiles in the database, a 50,000-person workbook
//! cargo bench --bench profile -- --profiles 30000 --workbook 5000 --photo-files 3000
//! ```
//!
//! Builds a database of synthetic residents (accounts through `meded
//! account import`, profiles written with the library's own store) with a
//! realistic mix of problems, times `meded profile validate` over all of
//! them, then writes a profile workbook and times `profile validate
//! --file`. The profiles share a pool of image files (`--photo-files`,
//! header-only sparse JPEGs); the cost of reading one image's header is
//! measured on its own so that a base with one set of files per person can
//! work out its own time. Prints a Markdown table for docs/performance.md.

#![allow(clippy::print_stdout, clippy::print_stderr)]

mod support;

use std::path::Path;
use std::time::Instant;

use meded::profile::fields::Section;
use support::profiles::{self, Photos};
use support::{Cost, arg, data_dir, measure, meded, mib, remove_db, roster, secs};

fn build_db(db: &Path, n: u64, photos: &Photos) {
    remove_db(db);
    let csv = data_dir().join(format!("roster-{n}.csv"));
    if !csv.exists() {
        roster::write_csv(&csv, n);
    }
    measure(meded(db).args(["org", "add", "--code", "B1", "--name", "基准基地"]));
    let c = measure(
        meded(db)
            .args(["account", "import"])
            .arg(&csv)
            .args(["--org", "B1"]),
    );
    assert_eq!(c.status, 0, "accounts import");
    profiles::store(db, n, photos, &|i| i);
}

fn write_workbook(path: &Path, n: u64, offset: u64, photos: &Photos) {
    use meded::profile::model::Value;
    let mut book = rust_xlsxwriter::Workbook::new();
    let people: Vec<_> = (offset..offset + n)
        .map(|i| {
            profiles::profile(i, &|kind, salt| {
                format!("photos/{}", photos.name(kind, i, salt))
            })
        })
        .collect();
    for section in Section::ALL {
        let sheet = book.add_worksheet();
        sheet.set_name(section.label()).unwrap();
        sheet
            .write_string(0, 0, format!("个人信息-{}", section.label()))
            .unwrap();
        let layout = section.layout();
        for (c, col) in layout.columns.iter().enumerate() {
            sheet.write_string(1, c as u16, col.label).unwrap();
        }
        let keys = section.keys();
        let mut r = 2u32;
        let mut put = |id: &str, level: Option<&str>, values: &[Value]| {
            sheet.write_string(r, 0, id).unwrap();
            if let Some(l) = level {
                sheet.write_string(r, 1, l).unwrap();
            }
            for (k, v) in values.iter().enumerate() {
                if let Some(t) = v.text() {
                    sheet.write_string(r, (keys + k) as u16, t).unwrap();
                }
            }
            r += 1;
        };
        for p in &people {
            match section {
                Section::Basic => put(&p.id_number, None, &p.basic.as_ref().unwrap().values),
                Section::Education => {
                    for e in &p.education {
                        put(&p.id_number, Some(e.level), &e.tab.values);
                    }
                }
                Section::Work => {
                    for t in &p.work {
                        put(&p.id_number, None, &t.values);
                    }
                }
                Section::Certificate => {
                    if let Some(c) = &p.certificate {
                        put(&p.id_number, None, &c.values);
                    }
                }
            }
        }
    }
    book.save(path).expect("save workbook");
}

fn main() {
    let n = arg("--profiles", 300_000);
    let wb = arg("--workbook", 50_000);
    let files = arg("--photo-files", 30_000);
    let dir = data_dir().join("profiles");
    let photos = Photos::create(&dir.join("photos"), files);
    let db = dir.join(format!("profiles-{n}.db"));
    let book = dir.join(format!("profiles-{wb}.xlsx"));
    // Building happens in child processes: the peak memory that wait4
    // reports for a child includes what its parent held when it forked.
    if support::arg_str("--build-db").is_some() {
        return build_db(&db, n, &photos);
    }
    if support::arg_str("--write-workbook").is_some() {
        return write_workbook(&book, wb, n, &photos);
    }
    let settings = [
        "--profiles".to_owned(),
        n.to_string(),
        "--workbook".to_owned(),
        wb.to_string(),
        "--photo-files".to_owned(),
        files.to_string(),
    ];
    let run_child = |what: &str| {
        let mut args: Vec<&str> = settings.iter().map(String::as_str).collect();
        args.extend([what, "1"]);
        support::run_self(&args);
    };
    let marker = dir.join(format!("profiles-{n}-{}.done", photos.n));
    if !marker.exists() {
        eprintln!("building {} ({n} profiles)", db.display());
        run_child("--build-db");
        std::fs::write(&marker, "").unwrap();
    }
    if !book.exists() {
        eprintln!("writing {}", book.display());
        run_child("--write-workbook");
    }

    let validate = |extra: &[&str]| {
        measure(
            meded(&db)
                .args(["profile", "validate", "--org", "B1", "--format", "json"])
                .args(extra),
        )
    };
    // Warm the page cache the way a second run finds it, then measure.
    validate(&[]);
    let runs: Vec<Cost> = (0..3).map(|_| validate(&[])).collect();
    assert!(
        runs.iter().all(|c| c.status == 1),
        "the synthetic profiles have problems"
    );
    let quick: Vec<Cost> = (0..2).map(|_| validate(&["--skip-images"])).collect();
    let file = measure(
        meded(&db)
            .args(["profile", "validate", "--format", "json", "--file"])
            .arg(&book),
    );
    assert_eq!(file.status, 1);

    // One image header on its own: open, size, header, close.
    let sample: Vec<_> = (0..photos.n.min(30_000))
        .map(|k| {
            photos
                .dir
                .join(photos.name(['p', 'i', 's'][(k % 3) as usize], k, 0))
        })
        .collect();
    let start = Instant::now();
    for p in &sample {
        std::hint::black_box(meded::profile::photo::inspect(p));
    }
    let per_file = start.elapsed().as_secs_f64() / sample.len() as f64;

    let row = |what: &str, c: &Cost, extra: String| {
        println!(
            "| {what} | {} | {} | {:.2} | {extra} |",
            secs(c.wall),
            mib(c.max_rss),
            c.cores_used()
        );
    };
    let rate = |c: &Cost, k: u64| k as f64 / c.wall.as_secs_f64();
    let cpu = |c: &Cost| (c.user + c.system).as_secs_f64();
    println!("\nMachine: {}\n", support::machine());
    println!("| what | wall time | peak memory | cores used | notes |");
    println!("|---|---|---|---|---|");
    for (k, c) in runs.iter().enumerate() {
        row(
            &format!(
                "`profile validate` of {n} profiles in the database, run {}",
                k + 1
            ),
            c,
            format!(
                "{:.0} profiles/s; {:.1} µs CPU per profile",
                rate(c, n),
                cpu(c) * 1e6 / n as f64
            ),
        );
    }
    for (k, c) in quick.iter().enumerate() {
        row(
            &format!("`profile validate --skip-images`, run {}", k + 1),
            c,
            format!(
                "{:.0} profiles/s; {:.1} µs CPU per profile",
                rate(c, n),
                cpu(c) * 1e6 / n as f64
            ),
        );
    }
    row(
        &format!("`profile validate --file` of a {wb}-person workbook"),
        &file,
        format!(
            "{:.0} people/s, {} MiB file",
            rate(&file, wb),
            std::fs::metadata(&book).map_or(0, |m| m.len()) / (1 << 20)
        ),
    );
    println!(
        "\nImage files: the profiles share {} distinct files (about {:.1} per profile are named); \
         reading one file's size and JPEG header costs {:.1} µs on one core (page cache warm).",
        photos.n,
        (0..1000u64)
            .map(|i| {
                let p = profiles::profile(i, &|_, _| String::from("x.jpg"));
                meded::profile::validate::photo_paths(&p).count()
            })
            .sum::<usize>() as f64
            / 1000.0,
        per_file * 1e6
    );
}
