//! `meded rotation`: residents' rotations (轮转) and their teachers.

use std::path::PathBuf;

use clap::{Args, Subcommand};
use meded::i18n::Lang;
use meded::rotation::assign::{self, AutoOptions, AutoReport};
use meded::rotation::plan::{self, PlanOptions, PlanReport};
use meded::rotation::{self, ListOptions, RotationRow};
use meded::{ExitCode, Result, msg};
use serde::Serialize;

use super::Ctx;
use super::imports::{self, ImportFlags};
use super::output::{Format, Tabular};

#[derive(Debug, Subcommand)]
pub enum RotationCommand {
    /// Import a rotation plan (轮转计划).
    #[command(after_help = "\
Columns (sheet 轮转计划): 证件号码, 姓名, 科室, 开始日期, 结束日期.

The resident must be 在培 or 延期 at this base; the end is on or after the
start; a resident is in one department at a time: a rotation that shares a
day with another of the same resident (in the file or already recorded)
is refused. The same rotation imported again is skipped.

Examples:
  meded rotation import examples/rotations.xlsx --org H001
  meded rotation import 轮转计划.xlsx --org H001 --dry-run --errors fix-me.xlsx")]
    Import(ImportArgs),
    /// List rotations: by department, by person, or on a date.
    #[command(after_help = "\
Examples:
  meded rotation list --org H001 --department 心内科
  meded rotation list --org H001 --person 110101199003070011
  meded rotation list --org H001 --date 2024-03-15 --format json")]
    List(ListArgs),
    /// Assign teachers to rotations (分配带教老师): from a file, or --auto.
    #[command(after_help = "\
A teacher may take a rotation starting in year Y when they are a teacher of
its department, recommended (推荐) for Y, eligible at 1 January of Y (or
recommended by override), and have fewer than --max-per-teacher residents
on every day of the rotation. A teacher who is no longer recommended gets
no new rotation.

--file: columns (sheet 带教分配) 证件号码, 姓名, 科室, 开始日期, 结束日期 (the
rotation), 带教老师证件号码, 带教老师. A rotation assigned to another teacher
is skipped with a note unless --update.

--auto: every rotation without a teacher gets one of its department's
candidates — the one with the fewest residents during the rotation, then
the fewest rotations in all — and the rotations that could not be covered
are listed with why (exit 1).

Examples:
  meded rotation assign --org H001 --auto
  meded rotation assign --org H001 --auto --max-per-teacher 2 --dry-run
  meded rotation assign --org H001 --file 带教分配.xlsx")]
    Assign(AssignArgs),
    /// Rotation programmes (轮转方案): each specialty's departments and months.
    #[command(subcommand)]
    Programme(ProgrammeCommand),
    /// Departments' monthly capacities (每月容量).
    #[command(subcommand)]
    Capacity(CapacityCommand),
    /// Plan the rotations (排班) of a base's residents over a span of months.
    #[command(after_help = "\
Places every resident who is 在培 (or 延期) at the base and in training
during the span, month by month: each department of their specialty's
programme for exactly its months, in one stretch per programme row; in one
department at a time; only in whole months of their training; never in a
month a rotation already recorded takes (those are kept, counted in the
departments' loads and credited to the programme); never beyond a
department's monthly capacity; rows with a lower 顺序 before those with a
higher. A resident whose training goes on after the span may leave rows
for after it, as long as they fit the months left.

Loads are kept even (each department's peak and mean are shown). The same
--seed gives the same plan. Residents who cannot be placed are listed with
why (the departments and months that are full), and the rest are planned
(exit 1). Without --dry-run the rotations are recorded as rotation import
records them; rotation assign --auto then gives them their teachers.

JSON: residents, placed, unplaced (id_number, name, reasons), rotations
(id_number, department, start, end), load (department, month, residents,
capacity).

Examples:
  meded rotation plan --org H001 --from 2025-09 --to 2026-08 --dry-run
  meded rotation plan --org H001 --from 2025-09 --to 2028-08 -o 排班.xlsx
  meded rotation plan --org H001 --from 2025-09 --to 2026-08 --seed 7 --format json")]
    Plan(PlanArgs),
}

#[derive(Debug, Subcommand)]
pub enum ProgrammeCommand {
    /// Import rotation programmes (轮转方案).
    #[command(after_help = "\
Columns (sheet 轮转方案): 培训专业, 轮转科室, 轮转月数, 顺序 (optional).

One row per stretch: a department named on two rows of a specialty is done
in two stretches. 顺序 orders the rows: every row of a lower 顺序 is done
before one of a higher 顺序 starts; rows without it go anywhere. A
specialty's rows are its whole programme (at most 36 months): the same
programme again is skipped; another one replaces the stored one only with
--update. A refused row imports nothing.

Examples:
  meded template rotation-programme -o 轮转方案.xlsx
  meded rotation programme import examples/rotation-programme.xlsx --org H001
  meded rotation programme import 轮转方案.xlsx --org H001 --update")]
    Import(ImportArgs),
}

#[derive(Debug, Subcommand)]
pub enum CapacityCommand {
    /// Import departments' monthly capacities (每月容量).
    #[command(after_help = "\
Columns (sheet 科室容量): 科室, 每月容量, 月份 (optional).

How many residents a department takes in a month. A row without 月份 is
the department's capacity in every month; a row with 月份 (2025-09) sets
that month's, which overrides it. A capacity already stored and different
is skipped with a note unless --update.

Examples:
  meded template department-capacity -o 科室容量.xlsx
  meded rotation capacity import examples/department-capacity.xlsx --org H001
  meded rotation capacity import 科室容量.xlsx --org H001 --update")]
    Import(ImportArgs),
}

#[derive(Debug, Args)]
pub struct PlanArgs {
    /// The organisation's code (the base).
    #[arg(long)]
    org: String,
    /// The first month of the plan (2025-09).
    #[arg(long, value_name = "YYYY-MM")]
    from: String,
    /// The last month of the plan (2026-08).
    #[arg(long, value_name = "YYYY-MM")]
    to: String,
    /// Plan and report, but record nothing.
    #[arg(long)]
    dry_run: bool,
    /// Also write the plan as a workbook: residents × months, departments × months.
    #[arg(short = 'o', long = "out", value_name = "PLAN.xlsx")]
    out: Option<PathBuf>,
    /// Another seed gives another plan of the same quality; the same seed, the same plan.
    #[arg(long, default_value_t = 1, value_name = "N")]
    seed: u64,
}

#[derive(Debug, Args)]
pub struct ImportArgs {
    /// The 轮转计划 workbook.
    file: PathBuf,
    /// The organisation's code (the base).
    #[arg(long)]
    org: String,
    #[command(flatten)]
    flags: ImportFlags,
}

#[derive(Debug, Args)]
pub struct ListArgs {
    /// The organisation's code (the base).
    #[arg(long)]
    org: String,
    /// Only this department (科室).
    #[arg(long)]
    department: Option<String>,
    /// Only this resident (ID number).
    #[arg(long)]
    person: Option<String>,
    /// Only the rotations under way on this day.
    #[arg(long, value_name = "DATE")]
    date: Option<String>,
}

#[derive(Debug, Args)]
pub struct AssignArgs {
    /// The organisation's code (the base).
    #[arg(long)]
    org: String,
    /// The assignments: a 带教分配 workbook.
    #[arg(long, required_unless_present = "auto", conflicts_with = "auto")]
    file: Option<PathBuf>,
    /// Give every rotation without a teacher one of its department's candidates.
    #[arg(long, conflicts_with_all = ["strict", "update", "errors", "sheet"])]
    auto: bool,
    /// Residents a teacher takes at once, at most.
    #[arg(long, default_value_t = assign::DEFAULT_MAX, value_name = "N")]
    max_per_teacher: u32,
    #[command(flatten)]
    flags: ImportFlags,
}

pub fn run(cmd: RotationCommand, ctx: &Ctx) -> Result<ExitCode> {
    match cmd {
        RotationCommand::Import(a) => {
            let flags = a
                .flags
                .flags(ctx, &["rotation"], meded::account::Role::Resident)?;
            let mut conn = ctx.open_db()?;
            let opts = rotation::import::ImportOptions { org: a.org };
            let bar = ctx.out.progress(&msg!("导入轮转", "importing rotations"));
            let report =
                rotation::import::import(&mut conn, &a.file, &opts, &flags, &ctx.who, &|d, t| {
                    bar.update(d, t)
                })?;
            drop(bar);
            Ok(imports::print_report(ctx, &report, &flags))
        }
        RotationCommand::List(a) => {
            let date = a
                .date
                .as_deref()
                .map(|d| meded::teacher::day_option("--date", d))
                .transpose()?;
            let conn = ctx.open_db()?;
            let rows = rotation::list(
                &conn,
                &ListOptions {
                    org: a.org,
                    department: a.department,
                    person: a.person,
                    date,
                },
            )?;
            ctx.out.list(&rows);
            Ok(ExitCode::Ok)
        }
        RotationCommand::Assign(a) => assign_cmd(a, ctx),
        RotationCommand::Programme(ProgrammeCommand::Import(a)) => {
            let flags =
                a.flags
                    .flags(ctx, &["rotation-programme"], meded::account::Role::Resident)?;
            let mut conn = ctx.open_db()?;
            let bar = ctx
                .out
                .progress(&msg!("导入轮转方案", "importing rotation programmes"));
            let report = rotation::programme::import(
                &mut conn,
                &a.file,
                &a.org,
                &flags,
                &ctx.who,
                &|d, t| bar.update(d, t),
            )?;
            drop(bar);
            Ok(imports::print_report(ctx, &report, &flags))
        }
        RotationCommand::Capacity(CapacityCommand::Import(a)) => {
            let flags = a.flags.flags(
                ctx,
                &["department-capacity"],
                meded::account::Role::Resident,
            )?;
            let mut conn = ctx.open_db()?;
            let bar = ctx
                .out
                .progress(&msg!("导入科室容量", "importing capacities"));
            let report = rotation::capacity::import(
                &mut conn,
                &a.file,
                &a.org,
                &flags,
                &ctx.who,
                &|d, t| bar.update(d, t),
            )?;
            drop(bar);
            Ok(imports::print_report(ctx, &report, &flags))
        }
        RotationCommand::Plan(a) => plan_cmd(a, ctx),
    }
}

fn plan_cmd(a: PlanArgs, ctx: &Ctx) -> Result<ExitCode> {
    let from = plan::month_option("--from", &a.from)?;
    let to = plan::month_option("--to", &a.to)?;
    let mut conn = ctx.open_db()?;
    let r = plan::plan(
        &mut conn,
        &PlanOptions {
            org: a.org,
            from,
            to,
            seed: a.seed,
            dry_run: a.dry_run,
            output: a.out,
            lang: ctx.lang(),
        },
        &ctx.who,
    )?;
    print_plan(ctx, &r, a.dry_run);
    Ok(ExitCode::problems_if(!r.unplaced.is_empty()))
}

fn print_plan(ctx: &Ctx, r: &PlanReport, dry_run: bool) {
    let out = &ctx.out;
    let lang = ctx.lang();
    for n in &r.notes {
        out.note(n);
    }
    if out.format == Format::Json {
        #[derive(Serialize)]
        struct Unplaced<'a> {
            id_number: &'a str,
            name: &'a str,
            reasons: Vec<&'a str>,
        }
        #[derive(Serialize)]
        struct Shown<'a> {
            residents: usize,
            placed: usize,
            unplaced: Vec<Unplaced<'a>>,
            rotations: &'a [plan::Planned],
            load: &'a [plan::Load],
        }
        out.json(&Shown {
            residents: r.residents,
            placed: r.placed,
            unplaced: r
                .unplaced
                .iter()
                .map(|u| Unplaced {
                    id_number: &u.id_number,
                    name: &u.name,
                    reasons: u.reasons.iter().map(|m| m.text(lang)).collect(),
                })
                .collect(),
            rotations: &r.rotations,
            load: &r.load,
        });
    } else {
        if !r.unplaced.is_empty() {
            let rows: Vec<Vec<String>> = r
                .unplaced
                .iter()
                .map(|u| {
                    vec![
                        u.id_number.clone(),
                        u.name.clone(),
                        meded::import::reasons_text(&u.reasons, lang),
                    ]
                })
                .collect();
            out.rows(
                &[
                    out.t("证件号码", "ID number"),
                    out.t("姓名", "Name"),
                    out.t("未能安排的原因", "Why not placed"),
                ],
                &rows,
            );
        }
        let rows: Vec<Vec<String>> = r
            .balance
            .iter()
            .map(|b| {
                vec![
                    b.department.clone(),
                    match b.capacity {
                        Some((lo, hi)) if lo == hi => lo.to_string(),
                        Some((lo, hi)) => format!("{lo}–{hi}"),
                        None => out.t("不限", "none").to_owned(),
                    },
                    b.peak.to_string(),
                    format!("{:.1}", b.mean),
                    if b.mean > 0.0 {
                        format!("{:.2}", f64::from(b.peak) / b.mean)
                    } else {
                        "—".to_owned()
                    },
                ]
            })
            .collect();
        if !rows.is_empty() {
            out.rows(
                &[
                    out.t("科室", "Department"),
                    out.t("每月容量", "Capacity"),
                    out.t("峰值", "Peak"),
                    out.t("平均", "Mean"),
                    out.t("峰值/平均", "Peak/mean"),
                ],
                &rows,
            );
        }
        let (n, p, u, k) = (r.residents, r.placed, r.unplaced.len(), r.rotations.len());
        out.line(&out.text(&msg!(
            "住院医师 {n} 名:已安排 {p} 名,未能安排 {u} 名;新增轮转 {k} 段",
            "{n} residents: {p} placed, {u} not placed; {k} rotations planned"
        )));
    }
    if dry_run {
        out.note(&msg!(
            "试运行:未写入任何数据",
            "dry run: nothing was written"
        ));
    }
}

fn assign_cmd(a: AssignArgs, ctx: &Ctx) -> Result<ExitCode> {
    let flags = a
        .flags
        .flags(ctx, &["rotation-assign"], meded::account::Role::Resident)?;
    let mut conn = ctx.open_db()?;
    if let Some(file) = &a.file {
        let bar = ctx
            .out
            .progress(&msg!("分配带教老师", "assigning teachers"));
        let report = assign::from_file(
            &mut conn,
            file,
            &a.org,
            a.max_per_teacher,
            &flags,
            &ctx.who,
            &|d, t| bar.update(d, t),
        )?;
        drop(bar);
        return Ok(imports::print_report(ctx, &report, &flags));
    }
    let r = assign::auto(
        &mut conn,
        &AutoOptions {
            org: a.org,
            max_per_teacher: a.max_per_teacher,
            dry_run: flags.dry_run,
        },
        &ctx.who,
    )?;
    print_auto(ctx, &r, flags.dry_run);
    Ok(ExitCode::problems_if(!r.uncovered.is_empty()))
}

fn print_auto(ctx: &Ctx, r: &AutoReport, dry_run: bool) {
    let out = &ctx.out;
    let lang = ctx.lang();
    if out.format == Format::Json {
        #[derive(Serialize)]
        struct Uncovered<'a> {
            #[serde(flatten)]
            rotation: &'a assign::Uncovered,
            reason: &'a str,
        }
        #[derive(Serialize)]
        struct Shown<'a> {
            max_per_teacher: u32,
            assigned: &'a [assign::Assignment],
            uncovered: Vec<Uncovered<'a>>,
            written: bool,
            dry_run: bool,
        }
        out.json(&Shown {
            max_per_teacher: r.max_per_teacher,
            assigned: &r.assigned,
            uncovered: r
                .uncovered
                .iter()
                .map(|u| Uncovered {
                    rotation: u,
                    reason: u.reason.text(lang),
                })
                .collect(),
            written: r.written,
            dry_run,
        });
    } else {
        let rows: Vec<Vec<String>> = r
            .uncovered
            .iter()
            .map(|u| {
                vec![
                    u.id_number.clone(),
                    u.name.clone(),
                    u.department.clone(),
                    u.start.to_string(),
                    u.end.to_string(),
                    u.reason.text(lang).to_owned(),
                ]
            })
            .collect();
        if !rows.is_empty() {
            out.rows(
                &[
                    out.t("证件号码", "ID number"),
                    out.t("姓名", "Name"),
                    out.t("科室", "Department"),
                    out.t("开始日期", "Start"),
                    out.t("结束日期", "End"),
                    out.t("未分配原因", "Why not covered"),
                ],
                &rows,
            );
        }
        let (a, u, m) = (r.assigned.len(), r.uncovered.len(), r.max_per_teacher);
        out.line(&out.text(&if dry_run {
            msg!(
                "将分配 {a} 段轮转,不能分配 {u} 段(每名师资同时最多 {m} 名住院医师;演练,未写入)",
                "would assign {a} rotations, {u} could not be covered (at most {m} residents per teacher at once; dry run, nothing written)"
            )
        } else {
            msg!(
                "分配 {a} 段轮转,未能分配 {u} 段(每名师资同时最多 {m} 名住院医师)",
                "assigned {a} rotations, {u} not covered (at most {m} residents per teacher at once)"
            )
        }));
    }
    if dry_run && out.format != Format::Table {
        out.note(&msg!("演练:未写入任何数据", "dry run: nothing was written"));
    }
}

impl Tabular for RotationRow {
    fn headers(lang: Lang) -> Vec<&'static str> {
        match lang {
            Lang::Zh => vec![
                "证件号码",
                "姓名",
                "科室",
                "开始日期",
                "结束日期",
                "带教老师",
                "带教老师证件号码",
            ],
            Lang::En => vec![
                "ID number",
                "Name",
                "Department",
                "Start",
                "End",
                "Teacher",
                "Teacher's ID number",
            ],
        }
    }

    fn cells(&self, _lang: Lang) -> Vec<String> {
        vec![
            self.id_number.clone(),
            self.name.clone(),
            self.department.clone(),
            self.start.clone(),
            self.end.clone(),
            self.teacher_name.clone().unwrap_or_default(),
            self.teacher.clone().unwrap_or_default(),
        ]
    }
}
