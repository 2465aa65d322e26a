//! `meded rotation`: residents' rotations (轮转) and their teachers.

use std::path::PathBuf;

use clap::{Args, Subcommand};
use meded::i18n::Lang;
use meded::rotation::assign::{self, AutoOptions, AutoReport};
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
