//! `meded account import`: accounts from a roster.

use std::path::PathBuf;

use clap::Args;
use meded::account::import::{self, ImportOptions, ImportReport};
use meded::account::password::{self, Issued};
use meded::error::Error;
use meded::sheet::write::OutFormat;
use meded::{ExitCode, Result, msg};

use super::RoleArg;
use crate::cli::Ctx;
use crate::cli::imports::{ImportFlags, print_report};

#[derive(Debug, Args)]
pub struct ImportArgs {
    /// The roster: XLSX, XLS, ODS or CSV (UTF-8 or GBK, comma or tab).
    file: PathBuf,
    /// The organisation the accounts belong to (not for applicants).
    #[arg(long)]
    org: Option<String>,
    #[arg(long, value_enum, default_value = "resident")]
    role: RoleArg,
    #[command(flatten)]
    flags: ImportFlags,
    /// Import residents of a recruitment year whose new-recruit entry is
    /// shut — its collection closed or not yet open (the province's
    /// decision, recorded in the change log).
    #[arg(long = "override")]
    override_lock: bool,
    /// Members: register them 单位审核通过 at once instead of 单位待审.
    #[arg(long)]
    approve: bool,
    /// Give new accounts random temporary passwords instead of the default.
    #[arg(long, requires = "credentials")]
    random_passwords: bool,
    /// Where the random passwords go (.xlsx or .csv, created with mode 0600).
    #[arg(long, value_name = "OUT", requires = "random_passwords")]
    credentials: Option<PathBuf>,
}

pub fn run(a: ImportArgs, ctx: &Ctx) -> Result<ExitCode> {
    let flags = a.flags.flags(ctx, &["account"], a.role.into())?;
    if let Some(p) = &a.credentials {
        OutFormat::for_path(p)?;
    }
    if a.approve && !matches!(a.role, RoleArg::Member) {
        return Err(Error::Usage(msg!(
            "--approve 只用于继教人员(--role member)",
            "--approve applies to CME members only (--role member)"
        )));
    }
    let mut conn = ctx.write_db(flags.dry_run)?;
    let opts = ImportOptions {
        org: a.org.clone(),
        role: a.role.into(),
        random_passwords: a.random_passwords,
        override_lock: a.override_lock,
        approve: a.approve,
        today: chrono::Local::now().date_naive(),
    };
    let bar = ctx.out.progress(&msg!("导入账号", "importing accounts"));
    let mut write_credentials = |_: &ImportReport, issued: &Vec<Issued>| -> Result<()> {
        match a.credentials.as_ref().filter(|_| !issued.is_empty()) {
            Some(path) => password::write_credentials(path, issued),
            None => Ok(()),
        }
    };
    let (report, issued) = import::import(
        &mut conn,
        &a.file,
        &opts,
        &flags,
        &ctx.who,
        &|d, t| bar.update(d, t),
        &mut write_credentials,
    )?;
    drop(bar);
    let code = print_report(ctx, &report, &flags);
    if let Some(p) = a.credentials.as_ref().filter(|_| !issued.is_empty()) {
        let p = p.display();
        ctx.out.note(&msg!(
            "临时密码已写入 {p}(仅本人可读)",
            "temporary passwords written to {p} (readable by you only)"
        ));
    }
    Ok(code)
}
