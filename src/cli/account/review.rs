//! `meded account review`: the unit's review of CME members' registrations.

use clap::Args;
use meded::account::Registration;
use meded::account::review::{self, Target};
use meded::state::review::Decision;
use meded::{ExitCode, Result};

use crate::cli::{Ctx, reviews};

#[derive(Debug, Args)]
pub struct ReviewArgs {
    /// ID numbers (证件号码) of the members.
    id_numbers: Vec<String>,
    /// With ID numbers: only members of this organisation; without: every
    /// 单位待审 member of it.
    #[arg(long)]
    org: Option<String>,
    /// 单位审核通过.
    #[arg(long, conflicts_with = "reject", required_unless_present = "reject")]
    approve: bool,
    /// 单位审核不过 (needs --reason).
    #[arg(long)]
    reject: bool,
    /// Why: shown to the member, kept in the change log.
    #[arg(long)]
    reason: Option<String>,
}

pub fn run(a: ReviewArgs, ctx: &Ctx) -> Result<ExitCode> {
    let decision = if a.reject {
        Decision::new(Registration::Rejected, "reject", a.reason.as_deref())?
    } else {
        Decision::new(Registration::Approved, "approve", a.reason.as_deref())?
    };
    let mut conn = ctx.open_db()?;
    let target = Target {
        ids: a.id_numbers,
        org: a.org,
    };
    let report = review::review(&mut conn, &target, &decision, &ctx.who)?;
    Ok(reviews::print(ctx, &report, decision.to, &reviews::MEMBERS))
}
