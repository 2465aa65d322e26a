//! `meded account delete`: accounts imported by mistake.

use clap::Args;
use meded::account;
use meded::{ExitCode, Result, msg};

use crate::cli::Ctx;
use crate::cli::output::Format;

#[derive(Debug, Args)]
pub struct DeleteArgs {
    /// ID numbers (证件号码) of the accounts.
    #[arg(required = true)]
    id_numbers: Vec<String>,
    /// Act as this organisation (a base or a CME institution): only its
    /// accounts may be deleted.
    #[arg(long)]
    org: Option<String>,
    /// Why (kept in the history).
    #[arg(long)]
    reason: Option<String>,
}

pub fn run(a: DeleteArgs, ctx: &Ctx) -> Result<ExitCode> {
    let mut conn = ctx.open_db()?;
    let scope = account::delete::scope(&conn, a.org.as_deref())?;
    let report = account::delete::delete(
        &mut conn,
        &scope,
        &a.id_numbers,
        a.reason.as_deref(),
        chrono::Local::now().date_naive(),
        &ctx.who,
    )?;
    let out = &ctx.out;
    let lang = ctx.lang();
    if out.format == Format::Json {
        out.json(&serde_json::json!({
            "deleted": report.deleted.iter().map(|(id, name)| serde_json::json!({"id_number": id, "name": name})).collect::<Vec<_>>(),
            "errors": report.kept.iter().map(|k| serde_json::json!({"id_number": k.id_number, "message": k.message.text(lang)})).collect::<Vec<_>>(),
        }));
    } else {
        let n = report.deleted.len();
        out.line(&out.text(&msg!("已删除 {n} 个账号", "deleted {n} accounts")));
        out.refusals(
            report
                .kept
                .iter()
                .map(|k| (k.id_number.as_str(), &k.message)),
        );
    }
    Ok(ExitCode::problems_if(!report.kept.is_empty()))
}
