//! Every template's `*` markers are what its importer requires: a row the
//! importer takes is refused at a column left blank exactly when the
//! template marks that column `*` (a `#` column is required on a
//! condition, and not judged here). Walks every one-sheet template (each
//! role's account roster too) through the real import (`meded … import
//! --dry-run`) on the rows harness's database, and the workbooks of
//! several sheets through their row check.

use meded::account::Role;
use meded::sheet::Cell;
use meded::sheet::write::TableWriter;
use serde_json::Value;

use super::harness::{Importer, World};

/// The roles whose account templates differ.
const ROLES: [Role; 4] = [Role::Resident, Role::Member, Role::Teacher, Role::Applicant];

/// The command that imports `file` with `importer`, as a dry run.
fn command(importer: Importer, role: Role, file: &str) -> Vec<String> {
    let args: Vec<&str> = match importer {
        Importer::Account => {
            let mut a = vec!["account", "import", file, "--role", role.key()];
            match role {
                Role::Applicant => {}
                Role::Member => a.extend(["--org", "M001"]),
                _ => a.extend(["--org", "H001"]),
            }
            a
        }
        Importer::Training | Importer::Completion => {
            vec!["training", "import", file, "--org", "H001"]
        }
        Importer::Credit => vec!["credit", "import", file],
        Importer::CreditStandard => vec!["credit-standard", "import", file, "--province", "51"],
        Importer::Teacher => vec!["teacher", "import", file, "--org", "H001"],
        Importer::TeacherEvent => vec!["teacher", "events", "import", file, "--org", "H001"],
        Importer::Rotation => vec!["rotation", "import", file, "--org", "H001"],
        Importer::RotationAssign => vec!["rotation", "assign", "--org", "H001", "--file", file],
        Importer::RecruitPlan => vec!["recruit", "plan", "import", file],
        Importer::Application => vec!["recruit", "apply", "--file", file],
        Importer::Profile | Importer::Archive => unreachable!("workbooks"),
    };
    let mut args: Vec<String> = args.into_iter().map(String::from).collect();
    // --update: a row about a record that exists is applied, not skipped.
    args.extend(["--update", "--dry-run", "--format", "json"].map(String::from));
    args
}

/// Columns a 居民身份证 number fills when they are left blank: judged on a
/// row whose number is a passport's, which fills nothing.
const FROM_THE_NUMBER: [&str; 4] = ["证件类型", "身份证件类别", "性别", "出生日期"];

/// `row` with a passport instead of a 居民身份证, when the layout has an ID
/// type column.
fn with_passport(columns: &[&str], row: &[Cell]) -> Option<Vec<Cell>> {
    let kind = columns
        .iter()
        .position(|c| *c == "证件类型" || *c == "身份证件类别")?;
    let number = columns
        .iter()
        .position(|c| c.contains("证件号码") && !c.contains("带教"))?;
    let mut row = row.to_vec();
    row[kind] = Cell::Text("护照".into());
    row[number] = Cell::Text("E12345678".into());
    Some(row)
}

/// The columns (as headed) at which a dry-run import of one row refuses
/// it, each with why.
fn refused_at(
    world: &World,
    importer: Importer,
    role: Role,
    headers: &[&str],
    row: &[Cell],
) -> Vec<(String, String)> {
    let file = world.dir().join("one.csv");
    let mut w = TableWriter::create(&file, "sheet", headers).expect("a file");
    w.write_row(row).expect("a row");
    w.finish().expect("written");
    let mut cmd = assert_cmd::cargo::cargo_bin_cmd!("meded");
    cmd.env_clear()
        .env("PATH", std::env::var_os("PATH").unwrap_or_default())
        .env("LANG", "en_US.UTF-8")
        .env("MEDED_ACTOR", "tester")
        // Inside the harness's open recruitment batch.
        .env("MEDED_NOW", "2025-03-01 10:00")
        .current_dir(world.dir())
        .arg("--db")
        .arg(world.db_path())
        .args(command(
            importer,
            role,
            file.to_str().expect("a UTF-8 path"),
        ));
    let out = cmd.output().expect("run meded");
    let report: Value = serde_json::from_slice(&out.stdout).unwrap_or_else(|e| {
        panic!(
            "{importer:?}: not JSON ({e}): {}\n{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        )
    });
    report["errors"]
        .as_array()
        .map(|errors| {
            errors
                .iter()
                .map(|e| {
                    let text = |k: &str| e[k].as_str().unwrap_or_default().to_owned();
                    (text("column"), text("message"))
                })
                .collect()
        })
        .unwrap_or_default()
}

#[test]
fn every_templates_markers_are_what_its_importer_requires() {
    let mut world = World::new();
    let mut wrong = Vec::new();
    for importer in Importer::ALL {
        if matches!(importer, Importer::Profile | Importer::Archive) {
            continue; // workbooks of several sheets: below
        }
        let roles: &[Role] = if importer == Importer::Account {
            &ROLES
        } else {
            &[Role::Resident]
        };
        for &role in roles {
            let columns = World::columns(importer, role);
            let headers: Vec<&str> = columns.iter().map(|c| c.label).collect();
            // 是 for every 是否: the `#` columns are filled too. Of the rows
            // the row check takes, the one the whole import takes best
            // (a rotation to assign a teacher to must exist, say).
            let (good, base) = (0..8)
                .map(|n| {
                    let mut row = world.good_row(importer, role, true, n);
                    if importer == Importer::CreditStandard {
                        // One row that is a whole table: every level.
                        for (i, h) in headers.iter().enumerate() {
                            if *h == "区域等级" || *h == "职称等级" {
                                row[i] = Cell::Text(meded::standard::ALL_LEVELS.into());
                            }
                        }
                    }
                    let base = refused_at(&world, importer, role, &headers, &row);
                    (row, base)
                })
                .min_by_key(|(_, base)| base.len())
                .expect("a row");
            let passport = with_passport(&headers, &good);
            let passport_base = passport
                .as_ref()
                .map(|row| refused_at(&world, importer, role, &headers, row));
            for (i, c) in columns.iter().enumerate() {
                if !World::in_template(importer, role, c.label) || c.marker == "#" {
                    continue;
                }
                let name = format!(
                    "{} ({}) {}{}",
                    importer.template(),
                    role.key(),
                    c.marker,
                    c.label
                );
                let (start, base) = match (&passport, &passport_base) {
                    (Some(p), Some(b)) if FROM_THE_NUMBER.contains(&c.label) => (p, b),
                    _ => (&good, &base),
                };
                let mut row = start.clone();
                row[i] = Cell::Empty;
                let refused = if base.iter().any(|(b, _)| b == c.label) {
                    // The whole import refuses the row there for what the
                    // harness's database lacks (a rotation, a plan): the row
                    // check alone judges the blank.
                    world.verdicts(importer, role, vec![row])[0]
                        .problems
                        .iter()
                        .any(|(at, _)| matches!(at, meded::import::At::Column(col) if *col == i))
                } else {
                    refused_at(&world, importer, role, &headers, &row)
                        .iter()
                        .any(|(col, _)| col == c.label)
                };
                if refused != (c.marker == "*") {
                    let done = if refused { "refused" } else { "taken" };
                    wrong.push(format!("{name}: {done} when blank"));
                }
            }
        }
    }
    assert!(
        wrong.is_empty(),
        "markers that are not what the importer requires:\n{}",
        wrong.join("\n")
    );
}

/// The technical archive's sheets: a person's one row on each sheet that
/// the row check takes is refused at a column left blank exactly when the
/// template marks it `*`.
#[test]
fn the_archive_templates_markers_are_what_its_importer_requires() {
    let mut world = World::new();
    let template = meded::template::get("archive", Role::Resident).expect("a template");
    let good = world.good_workbook(Importer::Archive, 0);
    let mut wrong = Vec::new();
    for (s, sheet) in template.sheets.iter().enumerate() {
        for (i, c) in sheet.columns.iter().enumerate() {
            if c.marker == "#" {
                continue;
            }
            let mut rows: Vec<Vec<Vec<Cell>>> = good.iter().map(|r| vec![r.clone()]).collect();
            rows[s][0][i] = Cell::Empty;
            let refused = world
                .workbook_verdicts(Importer::Archive, &template.sheets, rows)
                .iter()
                .flat_map(|v| &v.problems)
                .any(|(at, _)| match at {
                    meded::import::At::Cell {
                        sheet: name,
                        column,
                        ..
                    } => {
                        *name == sheet.name
                            && meded::sheet::normalize_header(column)
                                == meded::sheet::normalize_header(c.label)
                    }
                    meded::import::At::Column(col) => *col == i,
                });
            // A blank key (证件号码) leaves a row of nobody: refused, but for
            // the person, not at the column. It is marked * all the same.
            if c.label == "证件号码" {
                continue;
            }
            if refused != (c.marker == "*") {
                let done = if refused { "refused" } else { "taken" };
                wrong.push(format!(
                    "archive {} {}{}: {done} when blank",
                    sheet.name, c.marker, c.label
                ));
            }
        }
    }
    assert!(
        wrong.is_empty(),
        "markers that are not what the importer requires:\n{}",
        wrong.join("\n")
    );
}
