//! `meded recruit`: recruitment (招录) — batches, plans, applications,
//! review, cancellation, status and admission.

use std::path::PathBuf;

use clap::{Args, Subcommand};
use meded::error::Error;
use meded::i18n::Lang;
use meded::recruit::admit::{self, AdmitRequest};
use meded::recruit::apply::{self, ApplyOne};
use meded::recruit::review::{self, Target};
use meded::recruit::status::{self, ApplicationView, PlanStatus};
use meded::recruit::{self as recruit, ApplicationState, NewBatch, Now, Opened, cancel, plan};
use meded::state::review::Decision;
use meded::{ExitCode, Result, msg};

use super::Ctx;
use super::history::event_label;
use super::imports::{ImportFlags, print_report};
use super::output::{Format, Tabular};
use super::reviews::{self, Noun};

#[derive(Debug, Subcommand)]
pub enum RecruitCommand {
    /// Open a recruitment batch (招录批次) with its application window.
    #[command(after_help = "\
A year may have several batches (第一批, 调剂 …), one after another: a window
that overlaps another batch's is refused, as is one that closes before it
opens. Both ends are included; a date alone opens at 00:00:00 (--from) or
closes at 23:59:59 (--until). Opening the same batch with the same window
again changes nothing; another window for an existing batch is refused.

Other commands name a batch as 第一批 (the latest year that has one) or
'2025 第一批'; without --batch they take the batch whose window is open,
else the latest one that has opened.

Examples:
  meded recruit open --year 2025 --batch 第一批 --from '2025-03-01 08:00' --until '2025-03-15 17:00'
  meded recruit open --year 2025 --batch 调剂 --from 2025-04-01 --until 2025-04-07")]
    Open(OpenArgs),
    /// Recruitment plans (招录计划): places per base, specialty and batch.
    #[command(subcommand)]
    Plan(PlanCommand),
    /// Apply (志愿填报) for an applicant, or import the platform's export.
    #[command(after_help = "\
An application is taken only
  - inside the batch's window (--now, else the clock; with --file the row's
    提交时间 when it has one);
  - for a specialty the base has places for in the batch (recruit plan import);
  - from an applicant (account import --role applicant) or resident whose
    profile is complete: 基本信息, 学习经历 with at least one completed
    education, 证书信息 answered — every rule of profile validate, without
    errors; a refusal names what is missing;
  - when the applicant has no other active application (已提交, 审核通过,
    已录取) in the batch. After 退回 or 已取消 the applicant applies again
    (to the same or another base, while the window is open).
The same application again changes nothing. Exit 1 when it is refused, with
the reason.

--file reads the application template (meded template application):
证件号码, [姓名], 培训基地代码, 培训专业, [批次], [提交时间]; each row is refused
or taken as above, and --dry-run, --strict and --errors work as for every import.

Examples:
  meded recruit apply 350102199801012345 --org H001 --specialty 内科
  meded recruit apply 350102199801012345 --org H001 --specialty 全科 --batch '2025 调剂'
  meded recruit apply --file applications.xlsx --errors refused.xlsx
  MEDED_NOW='2025-03-10 09:00' meded recruit apply --file applications.csv --dry-run")]
    Apply(ApplyArgs),
    /// A base's review: approve (审核通过) or return (退回) applications.
    #[command(after_help = "\
A base reviews the applications made to it (--org). Only 已提交 applications
are reviewed: a returned one is corrected and submitted again by the
applicant. A return needs --reason, which the applicant reads. Approvals
take the plan's places in the order named (with --all, in the order
submitted); one beyond the places is refused unless --override, which the
change log records. Exit 1 when an ID number could not be reviewed.

Examples:
  meded recruit review 350102199801012345 --org H001 --approve
  meded recruit review 350102199801012345 --org H001 --return --reason '学历证书照片不清晰'
  meded recruit review --org H001 --all --approve
  meded recruit review --org H001 --file approved.xlsx --approve --override")]
    Review(ReviewArgs),
    /// Cancel an application (取消报名) while the window is open.
    #[command(after_help = "\
Only while the batch's window is open (--now, else the clock), and only
before approval: an approved application cannot be cancelled. A cancelled
application may be made again while the window is open; after it closes,
it cannot. Cancelling a cancelled application changes nothing. Exit 1 with
the reason when it cannot be cancelled.

Examples:
  meded recruit cancel 350102199801012345
  meded recruit cancel 350102199801012345 --batch '2025 第一批'")]
    Cancel(CancelArgs),
    /// One applicant's application and history, or each base's plans with counts.
    #[command(after_help = "\
With an ID number: the application (in --batch, else the latest) with its
state, reason and history; exit 1 when there is none. Without: per base and
specialty of the batch, the places and the applications: applied (any
state), submitted (awaiting review), approved (审核通过 and 已录取: the places
taken), admitted, returned, cancelled.

Examples:
  meded recruit status 350102199801012345
  meded recruit status --org H001
  meded recruit status --batch '2025 第一批' --format json")]
    Status(StatusArgs),
    /// Admit the approved applicants of a base as its residents.
    #[command(after_help = "\
In one transaction, every 审核通过 applicant of the base in the batch becomes
a resident of the base: the account's role and organisation change (logged),
a training record is opened (招收年份 = the batch's year, 培训专业, 在培), and
the application is 已录取. As in account import, a person who is
在培/延期/暂停/结束 at another base is refused and reported (that base sets 退培
first), and a recruitment year locked by its collection needs --override.
Running it again admits only those not yet admitted. Exit 1 when someone
approved could not be admitted.

Examples:
  meded recruit admit --org H001 --dry-run
  meded recruit admit --org H001 --batch '2025 第一批'")]
    Admit(AdmitArgs),
}

#[derive(Debug, Subcommand)]
pub enum PlanCommand {
    /// Import recruitment plans (招录计划: 培训基地代码, 培训专业, 计划人数, 批次).
    #[command(after_help = "\
Each row gives a base's places for a specialty in a batch. The base must be
a training base (org add --kind base), the specialty one of the training
specialties (docs/domain.md#specialties; common other names are read, such
as 神经外科 for 外科（神经外科方向）), the batch one opened with recruit open.
A plan stored with the same number is skipped; with another number it is
skipped with a note, or changed with --update — never below the applicants
already approved.

Examples:
  meded recruit plan import plan.xlsx
  meded recruit plan import plan.csv --update --errors refused.xlsx")]
    Import(PlanImportArgs),
}

/// When the command acts (the window is judged at this moment).
#[derive(Debug, Args)]
pub struct NowArg {
    /// Act as at this moment (2025-03-15 17:00:00) instead of the clock.
    #[arg(long, env = "MEDED_NOW", value_name = "DATETIME")]
    now: Option<String>,
}

impl NowArg {
    fn get(&self) -> Result<Now> {
        match &self.now {
            Some(raw) => Now::parse(raw),
            None => Ok(Now::local()),
        }
    }
}

#[derive(Debug, Args)]
pub struct OpenArgs {
    /// The recruitment year (招收年份 of those admitted).
    #[arg(long)]
    year: i32,
    /// The batch's name: 第一批, 第二批, 调剂 …
    #[arg(long)]
    batch: String,
    /// The first moment applications are taken.
    #[arg(long, value_name = "DATETIME")]
    from: String,
    /// The last moment applications are taken.
    #[arg(long, value_name = "DATETIME")]
    until: String,
}

#[derive(Debug, Args)]
pub struct PlanImportArgs {
    /// The plans: XLSX, XLS, ODS or CSV (meded template recruit-plan).
    file: PathBuf,
    #[command(flatten)]
    flags: ImportFlags,
}

#[derive(Debug, Args)]
pub struct ApplyArgs {
    /// The applicant's ID number (证件号码).
    #[arg(required_unless_present = "file", conflicts_with = "file")]
    id_number: Option<String>,
    /// The base applied to (培训基地代码).
    #[arg(long, required_unless_present = "file", conflicts_with = "file")]
    org: Option<String>,
    /// The specialty applied for (培训专业).
    #[arg(long, required_unless_present = "file", conflicts_with = "file")]
    specialty: Option<String>,
    /// The batch [default: the one whose window is open]; with --file, for
    /// rows that name none.
    #[arg(long)]
    batch: Option<String>,
    /// Import applications from the platform's export (template application).
    #[arg(long, value_name = "FILE")]
    file: Option<PathBuf>,
    #[command(flatten)]
    flags: ImportFlags,
    #[command(flatten)]
    now: NowArg,
}

#[derive(Debug, Args)]
pub struct ReviewArgs {
    /// ID numbers (证件号码) of the applicants.
    id_numbers: Vec<String>,
    /// The reviewing base: only applications to it are reviewed.
    #[arg(long)]
    org: String,
    /// The batch [default: the one whose window is open, else the latest].
    #[arg(long)]
    batch: Option<String>,
    /// 审核通过.
    #[arg(long, conflicts_with = "return_", required_unless_present = "return_")]
    approve: bool,
    /// 退回 (needs --reason).
    #[arg(long = "return")]
    return_: bool,
    /// Why: the applicant reads it; kept in the change log.
    #[arg(long)]
    reason: Option<String>,
    /// Every 已提交 application to the base in the batch.
    #[arg(long, conflicts_with_all = ["id_numbers", "file"])]
    all: bool,
    /// The ID numbers from a file: a spreadsheet with a 证件号码 column, or
    /// a text file with one per line.
    #[arg(long, value_name = "FILE", conflicts_with = "id_numbers")]
    file: Option<PathBuf>,
    /// Approve beyond the plan's places (logged).
    #[arg(long = "override")]
    override_places: bool,
    #[command(flatten)]
    now: NowArg,
}

#[derive(Debug, Args)]
pub struct CancelArgs {
    /// The applicant's ID number (证件号码).
    id_number: String,
    /// The batch [default: the applicant's latest application].
    #[arg(long)]
    batch: Option<String>,
    #[command(flatten)]
    now: NowArg,
}

#[derive(Debug, Args)]
pub struct StatusArgs {
    /// An applicant's ID number: their application and its history.
    id_number: Option<String>,
    /// Only this base's plans.
    #[arg(long, conflicts_with = "id_number")]
    org: Option<String>,
    /// The batch [default: the one whose window is open, else the latest].
    #[arg(long)]
    batch: Option<String>,
    #[command(flatten)]
    now: NowArg,
}

#[derive(Debug, Args)]
pub struct AdmitArgs {
    /// The admitting base.
    #[arg(long)]
    org: String,
    /// The batch [default: the one whose window is open, else the latest].
    #[arg(long)]
    batch: Option<String>,
    /// Report who would be admitted, and who not; write nothing.
    #[arg(long)]
    dry_run: bool,
    /// Admit into a recruitment year whose collection has closed (the
    /// province's decision, recorded in the change log).
    #[arg(long = "override")]
    override_lock: bool,
    #[command(flatten)]
    now: NowArg,
}

/// What recruitment reviews call the things reviewed.
const APPLICATIONS: Noun = Noun {
    json: "applications",
    unchanged_listed: false,
    zh: "份报名",
    en: "applications",
};

pub fn run(cmd: RecruitCommand, ctx: &Ctx) -> Result<ExitCode> {
    match cmd {
        RecruitCommand::Open(a) => open(a, ctx),
        RecruitCommand::Plan(PlanCommand::Import(a)) => {
            let flags = a
                .flags
                .flags(ctx, &["recruit-plan"], meded::account::Role::Resident)?;
            let mut conn = ctx.open_db()?;
            let bar = ctx.out.progress(&msg!("导入招录计划", "importing plans"));
            let report = plan::import(&mut conn, &a.file, &flags, &ctx.who, &|d, t| {
                bar.update(d, t)
            })?;
            drop(bar);
            Ok(print_report(ctx, &report, &flags))
        }
        RecruitCommand::Apply(a) => apply(a, ctx),
        RecruitCommand::Review(a) => review(a, ctx),
        RecruitCommand::Cancel(a) => {
            let now = a.now.get()?;
            let mut conn = ctx.open_db()?;
            let report =
                cancel::cancel(&mut conn, &a.id_number, a.batch.as_deref(), now, &ctx.who)?;
            Ok(reviews::print(
                ctx,
                &report,
                ApplicationState::Cancelled,
                &APPLICATIONS,
            ))
        }
        RecruitCommand::Status(a) => status(a, ctx),
        RecruitCommand::Admit(a) => admit(a, ctx),
    }
}

fn open(a: OpenArgs, ctx: &Ctx) -> Result<ExitCode> {
    let mut conn = ctx.create_db()?;
    let (opened, batch) = recruit::open(
        &mut conn,
        &NewBatch {
            year: a.year,
            name: a.batch,
            opens: a.from,
            closes: a.until,
        },
        &ctx.who,
    )?;
    let out = &ctx.out;
    if out.format == Format::Json {
        let mut v = serde_json::to_value(&batch).unwrap_or_default();
        if let Some(m) = v.as_object_mut() {
            m.insert(
                "opened".into(),
                serde_json::to_value(opened).unwrap_or_default(),
            );
        }
        out.json(&v);
    } else {
        let (label, from, until) = (batch.label(), &batch.opens, &batch.closes);
        out.line(&out.text(&match opened {
            Opened::Created => msg!(
                "已设立招录批次 {label}:报名时间 {from} 至 {until}",
                "opened the batch {label}: applications from {from} to {until}"
            ),
            Opened::Unchanged => msg!(
                "招录批次 {label} 已设立(报名时间 {from} 至 {until}),未作更改",
                "the batch {label} was already open ({from} to {until}); nothing changed"
            ),
        }));
    }
    Ok(ExitCode::Ok)
}

fn apply(a: ApplyArgs, ctx: &Ctx) -> Result<ExitCode> {
    let now = a.now.get()?;
    if let Some(file) = &a.file {
        let flags = a
            .flags
            .flags(ctx, &["application"], meded::account::Role::Resident)?;
        let mut conn = ctx.open_db()?;
        let bar = ctx
            .out
            .progress(&msg!("导入报名", "importing applications"));
        let opts = apply::ImportOptions {
            batch: a.batch.clone(),
            now,
        };
        let report = apply::import(&mut conn, file, &opts, &flags, &ctx.who, &|d, t| {
            bar.update(d, t)
        })?;
        drop(bar);
        return Ok(print_report(ctx, &report, &flags));
    }
    let f = &a.flags;
    if f.dry_run || f.strict || f.update || f.errors.is_some() || f.sheet.is_some() {
        return Err(Error::Usage(msg!(
            "--sheet、--dry-run、--strict、--update、--errors 只用于 --file",
            "--sheet, --dry-run, --strict, --update and --errors go with --file"
        )));
    }
    let (Some(id_number), Some(org), Some(specialty)) = (a.id_number, a.org, a.specialty) else {
        return Err(Error::Usage(msg!(
            "请给出证件号码、--org 和 --specialty,或用 --file",
            "give the ID number, --org and --specialty, or --file"
        )));
    };
    let mut conn = ctx.open_db()?;
    let applied = apply::apply(
        &mut conn,
        &ApplyOne {
            id_number,
            org,
            specialty,
            batch: a.batch,
            now,
        },
        &ctx.who,
    )?;
    let out = &ctx.out;
    let lang = ctx.lang();
    if out.format == Format::Json {
        let mut v = serde_json::to_value(&applied).unwrap_or_default();
        if let Some(m) = v.as_object_mut() {
            m.insert(
                "message".into(),
                applied
                    .refusal
                    .as_ref()
                    .map(|m| m.text(lang).into())
                    .unwrap_or(serde_json::Value::Null),
            );
        }
        out.json(&v);
    } else if let Some(m) = &applied.refusal {
        out.refusals([(applied.id_number.as_str(), m)]);
    } else {
        let (id, org, spec, batch) = (
            &applied.id_number,
            &applied.org,
            &applied.specialty,
            &applied.batch,
        );
        let state = applied.state.map_or("", |s| s.label());
        out.line(&out.text(&if applied.changed {
            msg!(
                "{id} 已报名 {batch} {org} {spec}:{state}",
                "{id} applied to {org} {spec} in {batch}: {state}"
            )
        } else {
            msg!(
                "{id} 已有此报名({batch} {org} {spec}:{state}),未作更改",
                "{id} already has this application ({org} {spec} in {batch}: {state}); nothing changed"
            )
        }));
    }
    Ok(ExitCode::problems_if(!applied.applied))
}

fn review(a: ReviewArgs, ctx: &Ctx) -> Result<ExitCode> {
    let now = a.now.get()?;
    let decision = if a.return_ {
        Decision::new(ApplicationState::Returned, "return", a.reason.as_deref())?
    } else {
        Decision::new(ApplicationState::Approved, "approve", a.reason.as_deref())?
    };
    let mut ids = a.id_numbers;
    if let Some(file) = &a.file {
        ids = meded::account::read_id_list(file)?;
        if ids.is_empty() {
            let p = file.display();
            return Err(Error::Input(msg!(
                "{p} 中没有证件号码",
                "{p} holds no ID numbers"
            )));
        }
    }
    let mut conn = ctx.open_db()?;
    let report = review::review(
        &mut conn,
        &Target {
            org: a.org,
            batch: a.batch,
            ids,
            all: a.all,
            override_places: a.override_places,
            now,
        },
        &decision,
        &ctx.who,
    )?;
    Ok(reviews::print(ctx, &report, decision.to, &APPLICATIONS))
}

fn status(a: StatusArgs, ctx: &Ctx) -> Result<ExitCode> {
    let now = a.now.get()?;
    let conn = ctx.open_db()?;
    let out = &ctx.out;
    let lang = ctx.lang();
    if let Some(id) = &a.id_number {
        return Ok(
            match status::of_person(&conn, id, a.batch.as_deref(), now)? {
                Ok(view) => {
                    show_application(ctx, &view);
                    ExitCode::Ok
                }
                Err(m) => {
                    if out.format == Format::Json {
                        out.json(&serde_json::json!({
                            "id_number": meded::rules::text::identifier(id),
                            "state": null,
                            "message": m.text(lang),
                        }));
                    } else {
                        out.refusals([(id.as_str(), &m)]);
                    }
                    ExitCode::Problems
                }
            },
        );
    }
    let (batch, plans) = status::by_plan(&conn, a.org.as_deref(), a.batch.as_deref(), now)?;
    if out.format != Format::Json {
        let (label, from, until) = (batch.label(), &batch.opens, &batch.closes);
        out.line(&out.text(&msg!(
            "招录批次 {label}(报名时间 {from} 至 {until})",
            "batch {label} (applications from {from} to {until})"
        )));
    }
    out.list(&plans);
    Ok(ExitCode::Ok)
}

fn show_application(ctx: &Ctx, v: &ApplicationView) {
    let out = &ctx.out;
    if out.format == Format::Json {
        out.json(v);
        return;
    }
    let lang = ctx.lang();
    let rows = vec![
        vec![
            out.t("证件号码", "ID number").to_owned(),
            v.id_number.clone(),
        ],
        vec![out.t("姓名", "Name").to_owned(), v.name.clone()],
        vec![out.t("批次", "Batch").to_owned(), v.batch.clone()],
        vec![
            out.t("培训基地", "Base").to_owned(),
            format!("{} {}", v.org, v.org_name),
        ],
        vec![
            out.t("培训专业", "Specialty").to_owned(),
            v.specialty.clone(),
        ],
        vec![
            out.t("报名状态", "State").to_owned(),
            v.state.label().to_owned(),
        ],
        vec![
            out.t("原因", "Reason").to_owned(),
            v.reason.clone().unwrap_or_default(),
        ],
        vec![
            out.t("提交时间", "Submitted").to_owned(),
            v.submitted_at.clone(),
        ],
    ];
    out.rows(&[out.t("项目", "Field"), out.t("内容", "Value")], &rows);
    let history: Vec<Vec<String>> = v
        .history
        .iter()
        .map(|e| {
            let change = match (&e.field, &e.before, &e.after) {
                (Some(f), b, a) => format!(
                    "{f}: {} → {}",
                    b.as_deref().unwrap_or("∅"),
                    a.as_deref().unwrap_or("∅")
                ),
                _ => String::new(),
            };
            vec![
                e.at.clone(),
                e.actor.clone(),
                event_label(&e.entity, &e.action, lang),
                change,
                e.note.clone().unwrap_or_default(),
            ]
        })
        .collect();
    out.line(out.t("变更记录:", "History:"));
    out.rows(
        &[
            out.t("时间", "Time"),
            out.t("操作人", "Actor"),
            out.t("操作", "Action"),
            out.t("内容", "Change"),
            out.t("说明", "Note"),
        ],
        &history,
    );
}

fn admit(a: AdmitArgs, ctx: &Ctx) -> Result<ExitCode> {
    let now = a.now.get()?;
    let mut conn = ctx.open_db()?;
    let report = admit::admit(
        &mut conn,
        &AdmitRequest {
            org: a.org,
            batch: a.batch,
            dry_run: a.dry_run,
            override_lock: a.override_lock,
            now,
        },
        &ctx.who,
    )?;
    let out = &ctx.out;
    let lang = ctx.lang();
    if out.format == Format::Json {
        out.json(&serde_json::json!({
            "org": report.org,
            "batch": report.batch,
            "admitted": report.admitted,
            "already": report.already,
            "refused": report.refused.iter().map(|r| serde_json::json!({
                "id_number": r.id_number,
                "name": r.name,
                "message": r.message.text(lang),
            })).collect::<Vec<_>>(),
            "written": report.written,
            "dry_run": a.dry_run,
        }));
    } else {
        let (n, already, refused) = (report.admitted.len(), report.already, report.refused.len());
        let (org, batch) = (&report.org, &report.batch);
        out.line(&out.text(&if a.dry_run {
            msg!(
                "{org} {batch}:将录取 {n} 人,此前已录取 {already} 人,不能录取 {refused} 人(演练,未写入)",
                "{org} {batch}: would admit {n}, admitted before {already}, cannot admit {refused} (dry run, nothing written)"
            )
        } else {
            msg!(
                "{org} {batch}:录取 {n} 人,此前已录取 {already} 人,未能录取 {refused} 人",
                "{org} {batch}: admitted {n}, admitted before {already}, not admitted {refused}"
            )
        }));
        let rows: Vec<Vec<String>> = report
            .admitted
            .iter()
            .map(|x| {
                vec![
                    x.id_number.clone(),
                    x.name.clone(),
                    x.specialty.clone(),
                    x.recruit_year.to_string(),
                ]
            })
            .collect();
        if !rows.is_empty() {
            out.rows(
                &[
                    out.t("证件号码", "ID number"),
                    out.t("姓名", "Name"),
                    out.t("培训专业", "Specialty"),
                    out.t("招收年份", "Year"),
                ],
                &rows,
            );
        }
        out.refusals(
            report
                .refused
                .iter()
                .map(|r| (r.id_number.as_str(), &r.message)),
        );
    }
    if a.dry_run && out.format != Format::Table {
        out.note(&msg!("演练:未写入任何数据", "dry run: nothing was written"));
    }
    if report.nobody_approved() {
        let (org, batch) = (&report.org, &report.batch);
        out.warn(&msg!(
            "{org} {batch}:没有审核通过的报名,无人可录取",
            "{org} {batch}: no application is approved (审核通过): nobody to admit"
        ));
        return Ok(ExitCode::Problems);
    }
    Ok(ExitCode::problems_if(!report.refused.is_empty()))
}

impl Tabular for PlanStatus {
    fn headers(lang: Lang) -> Vec<&'static str> {
        match lang {
            Lang::Zh => vec![
                "基地",
                "基地名称",
                "培训专业",
                "计划人数",
                "报名",
                "待审核",
                "审核通过",
                "已录取",
                "退回",
                "已取消",
            ],
            Lang::En => vec![
                "Org",
                "Base",
                "Specialty",
                "Places",
                "Applied",
                "Submitted",
                "Approved",
                "Admitted",
                "Returned",
                "Cancelled",
            ],
        }
    }

    fn cells(&self, _lang: Lang) -> Vec<String> {
        vec![
            self.org.clone(),
            self.org_name.clone(),
            self.specialty.clone(),
            self.places.to_string(),
            self.applied.to_string(),
            self.submitted.to_string(),
            self.approved.to_string(),
            self.admitted.to_string(),
            self.returned.to_string(),
            self.cancelled.to_string(),
        ]
    }
}
