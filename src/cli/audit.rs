//! `meded audit`: the province's review (审核) of submitted records.

use clap::{Args, Subcommand};
use meded::i18n::Lang;
use meded::review::{self, AuditRow, ReviewReport, Target};
use meded::{ExitCode, Result, msg};

use super::output::{Format, Tabular};
use super::{Ctx, history};

#[derive(Debug, Subcommand)]
pub enum AuditCommand {
    /// List records by state (default: 待审核, awaiting review).
    #[command(after_help = "\
States: 待审核 (pending), 审核通过 (approved), 退回修改 (returned), 未上报 (unsubmitted).

Examples:
  meded audit list
  meded audit list --org H001 --status 退回修改 --format json")]
    List(ListArgs),
    /// Approve submitted records (审核通过).
    #[command(after_help = "\
Only submitted (已上报) records can be reviewed.

Examples:
  meded audit approve 110105199803262500 51010719930417655X
  meded audit approve --org H001 --all")]
    Approve(ApproveArgs),
    /// Return a submitted record to its base with a reason (退回修改).
    #[command(after_help = "\
The record is 未上报 again; the base fixes it and submits it again. The
reason is kept in the history and shown to the base.

Examples:
  meded audit return 110105199803262500 --reason 培训开始时间与招收年份不符")]
    Return(ReturnArgs),
    /// Every submission, review, return reason and field change of a person.
    #[command(after_help = "Examples:\n  meded audit history 110105199803262500")]
    History(HistoryArgs),
}

#[derive(Debug, Args)]
pub struct ListArgs {
    #[arg(long)]
    org: Option<String>,
    #[arg(long)]
    status: Option<String>,
}

#[derive(Debug, Args)]
pub struct ApproveArgs {
    /// ID numbers (证件号码) of the residents whose submitted records to approve.
    id_numbers: Vec<String>,
    /// With --all: the base; with ID numbers: only records at this base.
    #[arg(long)]
    org: Option<String>,
    /// Every record of --org awaiting review.
    #[arg(long, requires = "org", conflicts_with = "id_numbers")]
    all: bool,
}

#[derive(Debug, Args)]
pub struct ReturnArgs {
    id_number: String,
    /// Why: what the base must correct.
    #[arg(long)]
    reason: String,
    /// Only the record at this base.
    #[arg(long)]
    org: Option<String>,
}

#[derive(Debug, Args)]
pub struct HistoryArgs {
    id_number: String,
}

pub fn run(cmd: AuditCommand, ctx: &Ctx) -> Result<ExitCode> {
    let today = chrono::Local::now().date_naive();
    match cmd {
        AuditCommand::List(a) => {
            let conn = ctx.open_db()?;
            ctx.out
                .list(&review::list(&conn, a.org.as_deref(), a.status.as_deref())?);
            Ok(ExitCode::Ok)
        }
        AuditCommand::Approve(a) => {
            let target = match (a.all, a.org) {
                (true, Some(org)) => Target::AllOf(org),
                (_, org) if !a.id_numbers.is_empty() => Target::People {
                    ids: a.id_numbers,
                    org,
                },
                _ => {
                    return Err(meded::Error::Usage(msg!(
                        "请给出证件号码,或 --org 基地 --all",
                        "give ID numbers, or --org BASE --all"
                    )));
                }
            };
            let mut conn = ctx.open_db()?;
            let report = review::approve(&mut conn, &target, today, &ctx.who)?;
            print(ctx, &report, true)
        }
        AuditCommand::Return(a) => {
            let mut conn = ctx.open_db()?;
            let report = review::return_record(
                &mut conn,
                &a.id_number,
                a.org.as_deref(),
                &a.reason,
                today,
                &ctx.who,
            )?;
            print(ctx, &report, false)
        }
        AuditCommand::History(a) => {
            let conn = ctx.open_db()?;
            let events = review::history(&conn, &a.id_number)?;
            let out = &ctx.out;
            if out.format == Format::Json {
                out.json(&events);
                return Ok(ExitCode::Ok);
            }
            history::print(ctx, &events, history::Last::Note);
            Ok(ExitCode::Ok)
        }
    }
}

fn print(ctx: &Ctx, r: &ReviewReport, approve: bool) -> Result<ExitCode> {
    let out = &ctx.out;
    let lang = ctx.lang();
    for c in &r.late {
        out.warn(&msg!(
            "采集批次 {c} 的省级审核期已过",
            "the review window of the collection {c} has passed"
        ));
    }
    let d = &r.decisions;
    let done = d.decided.iter().filter(|x| x.changed).map(|x| &x.extra);
    let unchanged: Vec<&str> = d
        .decided
        .iter()
        .filter(|x| !x.changed)
        .map(|x| x.id_number.as_str())
        .collect();
    if out.format == Format::Json {
        let done: Vec<_> = done
            .map(|r| {
                serde_json::json!({"id_number": r.id_number, "name": r.name, "org": r.org, "recruit_year": r.recruit_year})
            })
            .collect();
        let refused: Vec<_> = d
            .refused
            .iter()
            .map(|x| serde_json::json!({"id_number": x.key.to_string(), "message": x.message.text(lang)}))
            .collect();
        let key = if approve { "approved" } else { "returned" };
        out.json(&serde_json::json!({ key: done, "unchanged": unchanged, "errors": refused }));
    } else {
        let n = d.changed();
        out.line(&out.text(&if approve {
            msg!("审核通过 {n} 条", "approved {n}")
        } else {
            msg!("退回修改 {n} 条", "returned {n}")
        }));
        if !unchanged.is_empty() {
            let list = unchanged.join(", ");
            out.note(&msg!("原已是该状态:{list}", "already so: {list}"));
        }
        let refused: Vec<(String, &meded::i18n::Msg)> = d
            .refused
            .iter()
            .map(|x| (x.key.to_string(), &x.message))
            .collect();
        out.refusals(refused.iter().map(|(k, m)| (k.as_str(), *m)));
    }
    if d.decided.is_empty() && d.refused.is_empty() {
        out.warn(&msg!(
            "没有待审核的记录",
            "there is no record awaiting review"
        ));
        return Ok(ExitCode::Problems);
    }
    Ok(ExitCode::problems_if(!d.refused.is_empty()))
}

impl Tabular for AuditRow {
    fn headers(lang: Lang) -> Vec<&'static str> {
        match lang {
            Lang::Zh => vec![
                "证件号码",
                "姓名",
                "基地",
                "招收年份",
                "培训专业",
                "培训状态",
                "审核状态",
                "审核意见",
            ],
            Lang::En => vec![
                "ID number",
                "Name",
                "Base",
                "Year",
                "Specialty",
                "Status",
                "Review",
                "Reason",
            ],
        }
    }

    fn cells(&self, _lang: Lang) -> Vec<String> {
        let r = &self.record;
        vec![
            r.id_number.clone(),
            r.name.clone(),
            r.org.clone(),
            r.recruit_year.to_string(),
            r.specialty.clone().unwrap_or_default(),
            r.status.label().to_owned(),
            self.state.label().to_owned(),
            r.review_reason.clone().unwrap_or_default(),
        ]
    }
}
