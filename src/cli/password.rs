//! `meded reset-password`: back to the default, or random temporary passwords.

use std::path::PathBuf;

use clap::Args;
use meded::account::password::{self, ResetMode, ResetTarget};
use meded::account::read_id_list;
use meded::error::Error;
use meded::sheet::write::OutFormat;
use meded::{ExitCode, Result, msg};

use super::Ctx;
use super::account::{RoleArg, role_text};
use super::output::Format;
use meded::account::Role;
use meded::account::password::write_credentials;

#[derive(Debug, Args)]
#[command(after_help = "\
Without --random, the accounts go back to the deployment's default password
(000000 for residents, 111111 for CME members unless configured), which
they must change at their next login. With --random,
each gets a random temporary password, hashed with Argon2id on all cores and
written only to the --credentials file (created readable by you only).

With --org and no ID numbers, every account of the organisation whose
password is not one its user chose (those stay, unless --all); --role
limits that to residents, teachers, CME members or applicants (a base
holds residents and teachers). The report counts the accounts by role.

Examples:
  meded reset-password 110101199003070011
  meded reset-password --file forgotten.xlsx --org H001
  meded reset-password --org H001 --role resident --dry-run
  meded reset-password --org H001 --random --credentials passwords.xlsx
  meded reset-password --org H001 --all")]
pub struct ResetArgs {
    /// ID numbers (证件号码) of the accounts.
    id_numbers: Vec<String>,
    /// A spreadsheet with a 证件号码 column, or a text file with one per line.
    #[arg(long)]
    file: Option<PathBuf>,
    /// Only accounts of this organisation; with no ID numbers, all of them.
    #[arg(long)]
    org: Option<String>,
    /// Random temporary passwords instead of the default.
    #[arg(long, requires = "credentials")]
    random: bool,
    /// Where the random passwords go (.xlsx or .csv).
    #[arg(long, value_name = "OUT", requires = "random")]
    credentials: Option<PathBuf>,
    /// With --org alone: reset also the passwords users chose themselves
    /// (by default those are left alone).
    #[arg(long, requires = "org")]
    all: bool,
    /// Only accounts of this role.
    #[arg(long, value_enum)]
    role: Option<RoleArg>,
    /// Say which accounts would be reset; change nothing.
    #[arg(long)]
    dry_run: bool,
}

pub fn reset(a: ResetArgs, ctx: &Ctx) -> Result<ExitCode> {
    if let Some(p) = &a.credentials {
        OutFormat::for_path(p)?;
    }
    let mut ids = a.id_numbers.clone();
    if let Some(f) = &a.file {
        ids.extend(read_id_list(f)?);
    }
    if ids.is_empty() && a.org.is_none() {
        return Err(Error::Usage(msg!(
            "请给出证件号码、--file 或 --org",
            "give ID numbers, --file or --org"
        )));
    }
    let mut conn = ctx.open_db()?;
    let mode = if a.random {
        ResetMode::Random
    } else {
        ResetMode::Default
    };
    let out = &ctx.out;
    let bar = out.progress(&msg!("重置密码", "resetting passwords"));
    let lang = ctx.lang();
    let report = password::reset(
        &mut conn,
        &ResetTarget {
            ids,
            org: a.org.clone(),
            all: a.all,
            role: a.role.map(Role::from),
            dry_run: a.dry_run,
        },
        mode,
        &ctx.who,
        &|d, t| bar.update(d, t),
        &mut |issued| match &a.credentials {
            Some(path) => write_credentials(path, issued),
            None => Ok(()),
        },
    )?;
    drop(bar);
    let n = report.reset.len();
    let state = match mode {
        ResetMode::Default => "initial",
        ResetMode::Random => "temporary",
    };
    if out.format == Format::Json {
        #[derive(serde::Serialize)]
        struct Failure<'a> {
            id_number: &'a str,
            message: &'a str,
        }
        #[derive(serde::Serialize)]
        struct Shown<'a> {
            reset: usize,
            by_role: serde_json::Map<String, serde_json::Value>,
            spared: u64,
            written: bool,
            state: &'a str,
            id_numbers: Vec<&'a str>,
            credentials: Option<String>,
            errors: Vec<Failure<'a>>,
        }
        out.json(&Shown {
            reset: n,
            by_role: report
                .by_role()
                .into_iter()
                .map(|(role, n)| (role.key().to_owned(), n.into()))
                .collect(),
            spared: report.spared,
            written: report.written,
            state,
            id_numbers: report.reset.iter().map(|i| i.id_number.as_str()).collect(),
            credentials: a
                .credentials
                .as_ref()
                .filter(|_| n > 0)
                .map(|p| p.display().to_string()),
            errors: report
                .errors
                .iter()
                .map(|e| Failure {
                    id_number: &e.id_number,
                    message: e.message.text(lang),
                })
                .collect(),
        });
    } else {
        // Which accounts, by role: a base resets residents and teachers.
        let roles: Vec<String> = report
            .by_role()
            .into_iter()
            .map(|(role, k)| format!("{} {k}", role_text(role, lang)))
            .collect();
        let roles = match (roles.is_empty(), lang) {
            (true, _) => String::new(),
            (false, meded::i18n::Lang::Zh) => format!("({})", roles.join(",")),
            (false, meded::i18n::Lang::En) => format!(" ({})", roles.join(", ")),
        };
        out.line(&out.text(&match (mode, a.dry_run) {
            (_, true) => msg!(
                "将重置 {n} 个账号的密码{roles}(演练,未写入)",
                "would reset {n} passwords{roles} (dry run, nothing written)"
            ),
            (ResetMode::Default, false) => msg!(
                "已将 {n} 个账号的密码重置为默认密码{roles}",
                "reset {n} passwords to the default{roles}"
            ),
            (ResetMode::Random, false) => msg!(
                "已为 {n} 个账号生成临时密码{roles}",
                "issued {n} temporary passwords{roles}"
            ),
        }));
        if report.spared > 0 {
            let s = report.spared;
            out.note(&msg!(
                "{s} 个账号的密码为本人设置,未重置(如也要重置,请加 --all)",
                "{s} accounts whose users chose their passwords were left alone (add --all to reset them too)"
            ));
        }
        out.refusals(
            report
                .errors
                .iter()
                .map(|e| (e.id_number.as_str(), &e.message)),
        );
        if let Some(p) = a.credentials.as_ref().filter(|_| n > 0) {
            let p = p.display();
            out.note(&msg!(
                "临时密码已写入 {p}(仅本人可读)",
                "temporary passwords written to {p} (readable by you only)"
            ));
        }
    }
    if n == 0 && report.errors.is_empty() {
        out.warn(&msg!("没有需要重置的账号", "there was no account to reset"));
        return Ok(ExitCode::Problems);
    }
    Ok(ExitCode::problems_if(!report.errors.is_empty()))
}
