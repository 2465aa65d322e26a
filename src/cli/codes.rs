//! `meded codes`: the code lists a province imports — schools (毕业院校)
//! and majors (毕业专业) of the resident profile, subjects (学科分类) of
//! credit records.

use std::path::PathBuf;

use clap::{Args, Subcommand, ValueEnum};
use meded::account::Role;
use meded::codes::{self, ListKind};
use meded::{ExitCode, Result, msg};

use super::Ctx;
use super::imports::{self, ImportFlags};

#[derive(Debug, Subcommand)]
pub enum CodesCommand {
    /// Replace a code list with a spreadsheet's entries.
    #[command(after_help = "\
Lists: schools (毕业院校: 名称 [, 代码]), majors (毕业专业: 名称 [, 代码]),
subjects (学科分类: 一级学科, 二级学科 [, 代码]).

Once a school or major list is imported, a profile's 毕业院校 and 毕业专业 are
checked against it, as the platform's dropdowns are: one not in the list is
written as 其他 with the real name in 其他毕业院校 / 其他毕业专业. Before any is
imported nothing is checked. An imported subject list replaces the one meded
ships. A list is replaced whole, or not at all when a row is refused; a
repeated entry is taken once.

Examples:
  meded codes import schools 全国高等学校名单.xlsx
  meded codes import majors 本科专业目录.xlsx --dry-run
  meded codes import subjects 学科分类.csv")]
    Import(ImportArgs),
}

#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum ListArg {
    /// 毕业院校.
    Schools,
    /// 毕业专业.
    Majors,
    /// 学科分类.
    Subjects,
}

#[derive(Debug, Args)]
pub struct ImportArgs {
    /// Which list.
    #[arg(value_enum)]
    list: ListArg,
    /// The file: XLSX, XLS, ODS or CSV.
    file: PathBuf,
    #[command(flatten)]
    flags: ImportFlags,
}

pub fn run(cmd: CodesCommand, ctx: &Ctx) -> Result<ExitCode> {
    match cmd {
        CodesCommand::Import(a) => import(a, ctx),
    }
}

fn import(a: ImportArgs, ctx: &Ctx) -> Result<ExitCode> {
    let flags = a.flags.flags(ctx, &[], Role::Resident)?;
    let kind = match a.list {
        ListArg::Schools => ListKind::School,
        ListArg::Majors => ListKind::Major,
        ListArg::Subjects => ListKind::Subject,
    };
    let mut conn = ctx.write_db(flags.dry_run)?;
    let bar = ctx.out.progress(&msg!("导入代码表", "importing the list"));
    let report = codes::import(&mut conn, kind, &a.file, &flags, &ctx.who, &|d, t| {
        bar.update(d, t)
    })?;
    drop(bar);
    let code = imports::print_report(ctx, &report, &flags);
    if report.rejected > 0 && !flags.dry_run {
        ctx.out.note(&msg!(
            "代码表须完整无误才能导入:原有列表未作更改",
            "a list is imported whole or not at all: the list is as it was"
        ));
    }
    Ok(code)
}
