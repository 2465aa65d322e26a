//! `meded training`: the base's training information and statuses.

use std::path::PathBuf;

use clap::{Args, Subcommand};
use meded::training::import::{self as training_import, Template, TrainingImportOptions};
use meded::training::{self, Scope, StatusRequest};
use meded::{ExitCode, Result, msg};

use super::Ctx;
use super::imports::{ImportFlags, print_report};
use super::output::Format;

#[derive(Debug, Subcommand)]
pub enum TrainingCommand {
    /// Import training information (培训信息) or early completers (结业信息).
    #[command(after_help = "\
Templates (found by their columns; `meded template training` writes a blank one):
  培训信息  证件号码, 姓名, 招收年份 [, 培训专业, 人员类型, 核定培训年限,
           培训开始时间, 培训结束时间, 培训状态]
  结业信息  附件1: 姓名, 身份证件类别, 身份证件号码, 手机号码, 人员类型,
           培训所在省份, 培训基地, 培训专业, 核定的培训年限(年), 培训实际开始时间,
           培训实际结束时间, 住院医师规范化培训合格证书编号, 合格证书发放时间

A row updates the person's record at the base; blank cells change nothing.
The recruitment year and the base never change, and a specialty once set
changes only by a transfer (退培, then a new admission). A change to a
submitted record sets it back to 未上报. After a new-recruit collection
closes, its year is locked.

Examples:
  meded training import training-2019.xlsx --org H001
  meded training import completers.xlsx --org H001 --errors fix-me.xlsx")]
    Import(ImportArgs),
    /// Change a resident's training status (在培, 延期, 暂停, 结束, 结业, 退培).
    #[command(after_help = "\
Allowed moves: 在培 → 延期, 暂停, 结束, 结业, 退培; 延期 → 在培, 结束, 结业, 退培;
暂停 → 在培, 退培; 结束 → 在培, 延期, 结业, 退培. 结业 and 退培 are final: 退培
frees the person for another base, which then imports them (a transfer).

Examples:
  meded training set-status 110105199803262500 --status 延期 --reason 产假 --org H001
  meded training set-status 110105199803262500 --status 退培 --reason 转基地 --org H001
  meded training set-status 110105199803262500 --status 结业 --certificate 2022510001 --certificate-date 2022-08-01")]
    SetStatus(SetStatusArgs),
}

#[derive(Debug, Args)]
pub struct ImportArgs {
    /// The file: XLSX, XLS, ODS or CSV.
    file: PathBuf,
    /// The base whose records these are.
    #[arg(long)]
    org: String,
    #[command(flatten)]
    flags: ImportFlags,
    /// Enter early completers (结业信息) of a year whose new-recruit entry is
    /// shut, outside a completion collection (the province's decision).
    #[arg(long = "override")]
    override_lock: bool,
}

#[derive(Debug, Args)]
pub struct SetStatusArgs {
    /// The resident's ID number (证件号码).
    id_number: String,
    /// The new status.
    #[arg(long)]
    status: String,
    /// Why (kept in the history).
    #[arg(long)]
    reason: Option<String>,
    /// Act as this base: only its records may be changed.
    #[arg(long)]
    org: Option<String>,
    /// With 结业: the qualification certificate number.
    #[arg(long)]
    certificate: Option<String>,
    /// With 结业: the certificate's issue date.
    #[arg(long)]
    certificate_date: Option<String>,
    /// Accepted for scripts written when closed years were locked: a status
    /// is now updated at any time, so it changes nothing.
    #[arg(long = "override", hide = true)]
    _override_lock: bool,
}

pub fn run(cmd: TrainingCommand, ctx: &Ctx) -> Result<ExitCode> {
    match cmd {
        TrainingCommand::Import(a) => import(a, ctx),
        TrainingCommand::SetStatus(a) => set_status(a, ctx),
    }
}

fn import(a: ImportArgs, ctx: &Ctx) -> Result<ExitCode> {
    let flags = a.flags.flags(
        ctx,
        &["training", "completion"],
        meded::account::Role::Resident,
    )?;
    let mut conn = ctx.open_db()?;
    let opts = TrainingImportOptions {
        org: a.org.clone(),
        override_lock: a.override_lock,
        today: chrono::Local::now().date_naive(),
    };
    let bar = ctx
        .out
        .progress(&msg!("导入培训信息", "importing training information"));
    let (template, report) =
        training_import::import(&mut conn, &a.file, &opts, &flags, &ctx.who, &|d, t| {
            bar.update(d, t)
        })?;
    drop(bar);
    ctx.out.note(&match template {
        Template::Training => msg!("模板:培训信息", "template: 培训信息 (training information)"),
        Template::Completion => msg!(
            "模板:结业信息(附件1)",
            "template: 结业信息 (early completers, 附件1)"
        ),
    });
    Ok(print_report(ctx, &report, &flags))
}

fn set_status(a: SetStatusArgs, ctx: &Ctx) -> Result<ExitCode> {
    let mut conn = ctx.open_db()?;
    let scope = Scope::resolve(&conn, a.org.as_deref())?;
    let changed = training::set_status(
        &mut conn,
        &scope,
        &StatusRequest {
            id_number: a.id_number,
            status: a.status,
            reason: a.reason,
            certificate_no: a.certificate,
            certificate_date: a.certificate_date,
        },
        &ctx.who,
    )?;
    let out = &ctx.out;
    if out.format == Format::Json {
        out.json(&changed);
    } else {
        let (id, name, from, to) = (
            &changed.id_number,
            &changed.name,
            changed.before.label(),
            changed.after.label(),
        );
        out.line(&out.text(&if !changed.changed {
            msg!(
                "{id} {name}:培训状态已经是 {to},未作更改",
                "{id} {name}: the training status is already {to}; nothing changed"
            )
        } else if changed.before == changed.after {
            msg!(
                "{id} {name}:已记录合格证书({to})",
                "{id} {name}: certificate recorded ({to})"
            )
        } else {
            msg!(
                "{id} {name}:培训状态 {from} → {to}",
                "{id} {name}: training status {from} → {to}"
            )
        }));
        if changed.reopened {
            out.note(&msg!(
                "该记录已上报,现改为未上报,需重新上报",
                "the record had been submitted; it is 未上报 again and must be resubmitted"
            ));
        }
    }
    Ok(ExitCode::Ok)
}
