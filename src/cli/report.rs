//! `meded report`: submission (上报), status counts and the national export.

use std::path::PathBuf;

use clap::{Args, Subcommand};
use meded::i18n::Lang;
use meded::review::export::{self, ExportOptions};
use meded::review::{self, StatusCount, SubmitOptions};
use meded::sheet::write::OutFormat;
use meded::{ExitCode, Result, msg};

use super::Ctx;
use super::collection::{KindArg, kind_of};
use super::output::{Format, Tabular};

#[derive(Debug, Subcommand)]
pub enum ReportCommand {
    /// Submit (上报) a base's complete records to the province.
    #[command(after_help = "\
Every record of the base (or of the residents named) not yet submitted is
submitted (已上报, 待审核) when its training information is complete and the
resident's personal information passes validation; the others are listed
with the reasons, and the command exits 1. A record's first submission
belongs to its year's new-recruit entry: outside that collection's window it
needs the province's --override. A record submitted before is submitted
again at any time.

A record the province returned (退回修改) is submitted again once it has
changed. When it needed no change (the province was mistaken), name it and
say why: --resubmit-unchanged --reason TEXT submits it as it is, with the
reason in the change log.

Examples:
  meded report submit --org H001 --year 2019 --dry-run
  meded report submit --org H001 --year 2019
  meded report submit --org H001 --year 2019 --override --actor 省卫健委
  meded report submit 110101199003070011 --resubmit-unchanged --reason 证书编号经核对无误")]
    Submit(SubmitArgs),
    /// Counts of records per base, year and state.
    #[command(
        after_help = "Examples:\n  meded report status\n  meded report status --org H001 --year 2019 --format json"
    )]
    Status(StatusArgs),
    /// Export the tabs of the national collection (approved records only unless --all).
    #[command(after_help = "\
Kinds: new (that year's recruits), update (earlier years still in training),
completion (completers of that year).

The workbook has the tabs of the collection: 基本信息 (one row per
resident), 学习经历 (one row per resident and education level), 工作信息 (one
row per job) and 证书信息 (one row per resident) in the columns of the
profile template, so that
`meded profile import` reads an export back; 培训信息 (one row per record) in
the columns of the training template; for completion also 结业信息 in the
layout of 附件1. ID numbers are text cells. A CSV file holds one table, so
-o OUT.csv writes one file per tab beside it (OUT-基本信息.csv …), each
UTF-8 with a byte-order mark; text that a spreadsheet program could take
for a formula is neutralised there with an apostrophe.

Exit codes: 0 written; 1 nothing to export (no records of that year and
kind, or none approved without --all), and no file is written; 2 a wrong
option or output name.

Examples:
  meded report export --year 2019 -o 2019-new.xlsx
  meded report export --year 2019 --org H001 -o 2019-H001.csv
  meded report export --year 2017 --kind completion -o 2017-completion.xlsx --all")]
    Export(ExportArgs),
}

#[derive(Debug, Args)]
pub struct SubmitArgs {
    /// Only these residents' records (证件号码).
    id_numbers: Vec<String>,
    /// The base submitting (all its records unless ID numbers are given).
    #[arg(long, required_unless_present = "id_numbers")]
    org: Option<String>,
    /// Only records of this recruitment year.
    #[arg(long)]
    year: Option<i32>,
    /// Show what would be submitted and what not, without submitting.
    #[arg(long)]
    dry_run: bool,
    /// Submit for the first time records of a year whose new-recruit entry
    /// is shut (the province's decision, noted in the change log).
    #[arg(long = "override")]
    override_lock: bool,
    /// Submit the named records the province returned as they are, though
    /// nothing in them changed (needs --reason).
    #[arg(long, requires = "reason", requires = "id_numbers")]
    resubmit_unchanged: bool,
    /// Why the returned records go back unchanged (kept in the change log).
    #[arg(long, requires = "resubmit_unchanged")]
    reason: Option<String>,
}

#[derive(Debug, Args)]
pub struct StatusArgs {
    #[arg(long)]
    org: Option<String>,
    #[arg(long)]
    year: Option<i32>,
}

#[derive(Debug, Args)]
pub struct ExportArgs {
    #[arg(long)]
    year: i32,
    #[arg(long, value_enum, default_value = "new")]
    kind: KindArg,
    /// Only this base's records.
    #[arg(long)]
    org: Option<String>,
    /// Every record, not only the approved (审核通过) ones.
    #[arg(long)]
    all: bool,
    /// The file to write: .xlsx (a sheet per tab) or .csv (a file per tab beside it).
    #[arg(short, long)]
    output: PathBuf,
}

pub fn run(cmd: ReportCommand, ctx: &Ctx) -> Result<ExitCode> {
    match cmd {
        ReportCommand::Submit(a) => submit(a, ctx),
        ReportCommand::Status(a) => {
            let conn = ctx.open_db()?;
            ctx.out
                .list(&review::status(&conn, a.org.as_deref(), a.year)?);
            Ok(ExitCode::Ok)
        }
        ReportCommand::Export(a) => export(a, ctx),
    }
}

fn export(a: ExportArgs, ctx: &Ctx) -> Result<ExitCode> {
    OutFormat::for_path(&a.output)?;
    let conn = ctx.open_db()?;
    let r = export::export(
        &conn,
        &ExportOptions {
            year: a.year,
            kind: kind_of(a.kind),
            org: a.org,
            all: a.all,
        },
        &a.output,
    )?;
    let out = &ctx.out;
    let p = a.output.display().to_string();
    let files: Vec<String> = r.files.iter().map(|f| f.display().to_string()).collect();
    if out.format == Format::Json {
        out.json(&serde_json::json!({
            "exported": r.records,
            "residents": r.residents,
            "educations": r.educations,
            "jobs": r.jobs,
            "not_approved": r.not_approved,
            "path": p,
            "files": files,
            "reason": r.nothing.as_ref().map(|m| m.text(ctx.lang())),
        }));
    }
    if let Some(why) = &r.nothing {
        out.warn(why);
        return Ok(ExitCode::Problems);
    }
    if out.format != Format::Json {
        let (n, people) = (r.records, r.residents);
        out.line(&out.text(&msg!(
            "已导出 {n} 条记录({people} 人)到 {p}",
            "exported {n} records ({people} residents) to {p}"
        )));
        if files.len() > 1 {
            for f in &files {
                out.line(&format!("  {f}"));
            }
        }
    }
    if r.not_approved > 0 {
        let k = r.not_approved;
        out.note(&msg!(
            "另有 {k} 条记录尚未审核通过,未导出(加 --all 导出全部)",
            "{k} records not yet approved were left out (--all exports every record)"
        ));
    }
    Ok(ExitCode::Ok)
}

fn submit(a: SubmitArgs, ctx: &Ctx) -> Result<ExitCode> {
    let mut conn = ctx.open_db()?;
    let report = review::submit(
        &mut conn,
        &SubmitOptions {
            org: a.org,
            ids: a.id_numbers,
            year: a.year,
            dry_run: a.dry_run,
            override_lock: a.override_lock,
            resubmit_unchanged: a.reason.filter(|_| a.resubmit_unchanged),
            today: chrono::Local::now().date_naive(),
        },
        &ctx.who,
    )?;
    let out = &ctx.out;
    let lang = ctx.lang();
    if out.format == Format::Json {
        #[derive(serde::Serialize)]
        struct Person<'a> {
            id_number: &'a str,
            name: &'a str,
            recruit_year: i32,
        }
        #[derive(serde::Serialize)]
        struct Left<'a> {
            id_number: &'a str,
            name: &'a str,
            recruit_year: i32,
            reasons: Vec<&'a str>,
        }
        out.json(&serde_json::json!({
            "submitted": report.submitted.iter().map(|(i, n, y)| Person { id_number: i, name: n, recruit_year: *y }).collect::<Vec<_>>(),
            "left_out": report.left_out.iter().map(|l| Left {
                id_number: &l.id_number,
                name: &l.name,
                recruit_year: l.recruit_year,
                reasons: l.reasons.iter().map(|m| m.text(lang)).collect(),
            }).collect::<Vec<_>>(),
            "already_submitted": report.already_submitted,
            "written": report.written,
            "dry_run": a.dry_run,
        }));
    } else {
        let (s, l, already) = (
            report.submitted.len(),
            report.left_out.len(),
            report.already_submitted,
        );
        out.line(&out.text(&if a.dry_run {
            msg!(
                "将上报 {s} 条,不能上报 {l} 条,此前已上报 {already} 条(演练,未写入)",
                "would submit {s}, cannot submit {l}, already submitted before {already} (dry run, nothing written)"
            )
        } else {
            msg!(
                "上报 {s} 条,未能上报 {l} 条,此前已上报 {already} 条",
                "submitted {s}, left out {l}, already submitted before {already}"
            )
        }));
        if !report.left_out.is_empty() {
            let mut rows = Vec::new();
            for left in &report.left_out {
                for reason in &left.reasons {
                    rows.push(vec![
                        left.id_number.clone(),
                        left.name.clone(),
                        left.recruit_year.to_string(),
                        out.text(reason),
                    ]);
                }
            }
            out.rows(
                &[
                    out.t("证件号码", "ID number"),
                    out.t("姓名", "Name"),
                    out.t("招收年份", "Year"),
                    out.t("原因", "Reason"),
                ],
                &rows,
            );
        }
    }
    if report.submitted.is_empty() && report.left_out.is_empty() {
        // Asked to submit, and nothing was: say why rather than exit 0.
        let n = report.already_submitted;
        out.warn(&if n > 0 {
            msg!(
                "没有可上报的记录:{n} 条此前已上报且未修改",
                "nothing to submit: the {n} records were submitted before and have not changed"
            )
        } else {
            msg!(
                "没有可上报的记录:该基地(该年份)没有培训记录",
                "nothing to submit: the base has no training record (of that year)"
            )
        });
        return Ok(ExitCode::Problems);
    }
    Ok(ExitCode::problems_if(!report.left_out.is_empty()))
}

impl Tabular for StatusCount {
    fn headers(lang: Lang) -> Vec<&'static str> {
        match lang {
            Lang::Zh => vec![
                "基地",
                "名称",
                "招收年份",
                "未上报",
                "待审核",
                "审核通过",
                "退回修改",
                "合计",
            ],
            Lang::En => vec![
                "Base",
                "Name",
                "Year",
                "Not submitted",
                "Pending",
                "Approved",
                "Returned",
                "Total",
            ],
        }
    }

    fn cells(&self, _lang: Lang) -> Vec<String> {
        vec![
            self.org.clone(),
            self.org_name.clone(),
            self.recruit_year.to_string(),
            self.not_submitted.to_string(),
            self.pending.to_string(),
            self.approved.to_string(),
            self.returned.to_string(),
            self.total.to_string(),
        ]
    }
}
