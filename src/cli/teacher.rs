//! `meded teacher`: the teacher registry, evidence, eligibility, the
//! yearly recommendation and roster, and per-department thresholds.

use std::path::PathBuf;

use chrono::NaiveDate;
use clap::{Args, Subcommand};
use meded::i18n::Lang;
use meded::state::State;
use meded::state::review::Decision;
use meded::teacher::eligibility::{self, CheckOptions, CheckReport, Rule, TeacherCheck};
use meded::teacher::events::{self, EventRecord};
use meded::teacher::review::{ReviewOptions, review as review_teachers};
use meded::teacher::roster::{self, Roster};
use meded::teacher::threshold::{self, ThresholdRow};
use meded::teacher::{self, Appointment, ListOptions, Range, TeacherRow};
use meded::teacher::{application, batch};
use meded::{ExitCode, Result, msg};
use serde::Serialize;

use super::Ctx;
use super::imports::{self, ImportFlags};
use super::output::{Format, Tabular};
use super::reviews::{self, Noun};

#[derive(Debug, Subcommand)]
pub enum TeacherCommand {
    /// Import the teachers' details (师资信息): accounts with role teacher.
    #[command(after_help = "\
Columns (sheet 师资信息, found by name below any title rows, in any order):
  姓名*, 身份证件类别, 证件号码*, 性别, 出生日期, 民族, 健康状况, 证件扫描件,
  头像照片, 是否获得医师资格证书, 取得证书时间, 执业资格级别, 执业资格类别,
  医师资格证书编码, 医师资格证书扫描件, 手机号*, 电子邮箱, 最高学历, 科室*,
  技术职称*, 取得中级职称时间, 执业医师证号, 带教任职时间, 师资级别,
  师资培训证书级别, 取得师资培训证书时间

性别 and 出生日期 may be left to the 居民身份证 number, and must agree with it.
健康状况: 健康或良好, 一般或较弱, 有慢性病 or 残疾. 证件扫描件, 头像照片 and
医师资格证书扫描件 are paths of JPEG files relative to the workbook's folder,
checked as a profile's images are (ID scan ≥ 640×480 and 150–300 KB;
photo ≥ 413×626 upright and 150–300 KB; certificate scan ≥ 1280×800, at
most 300 KB). 是否获得医师资格证书: 是 needs the certificate's date, level,
category and number (27 characters ending with the holder's ID number);
已通过考试,尚未发放证书 needs the examination's level and category and no
certificate date, number, scan or 执业医师证号; 否 needs none of them. A
title of 中级 or higher needs 取得中级职称时间 (eligibility counts from it).
执业医师证号 has 15 digits. A 骨干 teacher without a 省级 or 国家级
teacher-training certificate is refused. An existing teacher whose row
differs is skipped with a note unless --update; a teacher of another
organisation is refused unless --update (they moved here).

Examples:
  meded teacher import examples/teachers.xlsx --org H001
  meded teacher import 师资信息.xlsx --org H001 --dry-run --errors fix-me.xlsx
  meded teacher import 师资信息.xlsx --org H001 --update")]
    Import(ImportArgs),
    /// Batches of teachers' applications (报名批次).
    #[command(subcommand)]
    Batch(BatchCommand),
    /// Apply for a batch's year (师资报名申请, 我要报名): the teachers are 已提交.
    #[command(after_help = "\
A teacher applies once a year, in a batch of that year, with their form
complete as the platform marks it: 性别, 出生日期, 证件扫描件, 头像照片,
是否获得医师资格证书, and with 是 the 医师资格证书扫描件. The teaching office
then decides on the application with teacher review. Each teacher is taken
on their own: those who cannot apply (not a teacher here, an incomplete
form, an application in another batch of the year, a decision already
made) are listed with why (exit 1).

Examples:
  meded teacher apply 110101199003070011 --batch 2024年度住院医师师资
  meded teacher apply --file 报名名单.xlsx --org H001 --batch 2024年度住院医师师资")]
    Apply(ApplyArgs),
    /// Evidence of eligibility: incidents, teaching accidents, evaluations.
    #[command(subcommand)]
    Events(EventsCommand),
    /// Whether teachers are eligible at a date, with every reason and when.
    #[command(after_help = "\
The four rules, at --as-of (default: 1 January of --year, else of this
year): 中级 or higher for 3 years (or the department's threshold) counted
from 取得中级职称时间; no medical damage incident with 主要 or 完全
responsibility, and no 重大 or 严重 teaching accident, in the 3 years before
(an event on day D counts from D to D + 3 years, both included); the
trainees' evaluations of the two most recent complete years both free of
不合格 (one 不合格 excludes until two clean years follow; a year without an
evaluation recorded counts as clean). A teacher who fails gets every
failing reason and eligible_from: the day from which they are eligible, or
null when no day can be given. Exit 1 when a teacher checked is not
eligible, or an ID number named is not a teacher of the organisation.

Examples:
  meded teacher check --org H001 --year 2024
  meded teacher check --org H001 --as-of 2024-03-01 110101199003070011
  meded teacher check --org H001 --year 2024 --errors 不符合条件.xlsx
  meded teacher check --org H001 --year 2024 --format json")]
    Check(CheckArgs),
    /// Recommend (推荐) or decline (不推荐) teachers' applications for a year.
    #[command(after_help = "\
Decides on applications (teacher apply) of the year, or of the batch with
--batch; a teacher who has not applied is refused. A decision may be
reversed, also one recorded before applications were. Recommending a
teacher who is not eligible at 1 January of the year is refused unless
--override, with a --reason, which the decision and the change log keep.
不推荐 needs a --reason. Each teacher is decided on their own: those
refused are listed with why (exit 1).

Examples:
  meded teacher review 110101199003070011 310115198511200020 --year 2024 --recommend
  meded teacher review --file 推荐名单.xlsx --org H001 --batch 2024年度住院医师师资 --recommend
  meded teacher review 110101199003070011 --year 2024 --reject --reason 本年度无带教任务
  meded teacher review 110101199003070011 --year 2024 --recommend --override --reason 学科急需,经教学委员会讨论")]
    Review(ReviewArgs),
    /// The yearly roster: additions (增加) and dismissals (解聘).
    #[command(after_help = "\
Additions: recommended for the year (and eligible at its 1 January, or
recommended by override) and not recommended the year before. Dismissals:
recommended the year before and not now — not recommended, declined, no
longer eligible, or no longer a teacher here — with the reason. Columns:
变动, 姓名, 身份证号, 执业医师证号, 手机号, 电子邮箱, 带教任职时间, 科室, 解聘原因.
Recommended teachers who are not eligible, without an override, are
neither added nor dismissed: they are listed apart (exit 1).

Examples:
  meded teacher roster --org H001 --year 2024 -o 师资增减.xlsx
  meded teacher roster --org H001 --year 2024 --format csv > roster.csv")]
    Roster(RosterArgs),
    /// The teachers of an organisation, with their applications and decisions.
    #[command(after_help = "\
With --year (or --batch) each teacher's 报名批次, 推荐状态 (未报名, 已提交,
推荐, 不推荐), 推荐时间, 推荐用户 and 不推荐原因 for that year. 近3年带教人数
counts the residents who had a rotation with the teacher in the 3 years
before 1 January of that year (without one, before today); years as
attending count to the same day. Filters go together; a RANGE is 3
(exactly), 3- (3 or more) or 3-5.

Examples:
  meded teacher list --org H001
  meded teacher list --org H001 --year 2024 --department 心内科 --format json
  meded teacher list --org H001 --batch 2024年度住院医师师资 --status 已提交
  meded teacher list --org H001 --year 2024 --title 中级 --years 3- --taught 0")]
    List(ListArgs),
    /// Per-department thresholds (e.g. surgery 5 years); none by default.
    #[command(subcommand)]
    Threshold(ThresholdCommand),
}

#[derive(Debug, Subcommand)]
pub enum EventsCommand {
    /// Import evidence (师资记录); events are kept, never overwritten.
    #[command(after_help = "\
Columns (sheet 师资记录): 证件号码*, 姓名, 类别*, 日期, 年度, 责任程度, 等级,
结果, 说明. 类别 医疗损害事件 takes 日期 and 责任程度 (完全/主要/次要/轻微);
教学事故 takes 日期 and 等级 (重大/严重/一般); 带教评价 takes 年度 and 结果
(合格/不合格). The same event again is skipped; a year already rated
otherwise is refused (withdraw the wrong rating first); a withdrawn event
imported again stays withdrawn.

Examples:
  meded teacher events import examples/teacher-events.xlsx --org H001
  meded teacher events import 师资记录.xlsx --org H001 --dry-run")]
    Import(EventsImportArgs),
    /// List the evidence, with the ids that withdraw takes.
    #[command(after_help = "\
Examples:
  meded teacher events list --org H001
  meded teacher events list --org H001 110101199003070011 --withdrawn")]
    List(EventsListArgs),
    /// Withdraw wrong events (已撤回), with the reason, logged.
    #[command(after_help = "\
Examples:
  meded teacher events withdraw 12 --reason 录入错误,应为次要责任
  meded teacher events withdraw 12 13 --org H001 --reason 重复登记")]
    Withdraw(WithdrawArgs),
}

#[derive(Debug, Subcommand)]
pub enum BatchCommand {
    /// Set up a batch (报名批次) for the year whose recommendation it asks for.
    #[command(after_help = "\
A batch is named for the whole province; on a server the owner of the
database sets it up. The same batch again changes nothing; a name already
used for another year is refused.

Example:
  meded teacher batch add 2024年度住院医师师资 --year 2024")]
    Add(BatchAddArgs),
    /// The batches, the latest year first.
    #[command(after_help = "Example:\n  meded teacher batch list")]
    List,
}

#[derive(Debug, Subcommand)]
pub enum ThresholdCommand {
    /// Set a department's years as attending (at least 3) and lowest 学历.
    #[command(after_help = "\
Examples:
  meded teacher threshold set --org H001 --department 普外科 --years 5
  meded teacher threshold set --org H001 --department 皮肤科 --years 10 --education 本科")]
    Set(ThresholdSetArgs),
    /// The thresholds set.
    #[command(after_help = "Example:\n  meded teacher threshold list --org H001")]
    List(OrgArg),
    /// Remove a department's thresholds (the national rule applies).
    #[command(
        after_help = "Example:\n  meded teacher threshold remove --org H001 --department 普外科"
    )]
    Remove(ThresholdRemoveArgs),
}

#[derive(Debug, Args)]
pub struct ImportArgs {
    /// The 师资信息 workbook: XLSX, XLS, ODS or CSV.
    file: PathBuf,
    /// The organisation's code (the base).
    #[arg(long)]
    org: String,
    #[command(flatten)]
    flags: ImportFlags,
}

#[derive(Debug, Args)]
pub struct EventsImportArgs {
    /// The 师资记录 workbook.
    file: PathBuf,
    /// The organisation's code (the base).
    #[arg(long)]
    org: String,
    #[command(flatten)]
    flags: ImportFlags,
}

#[derive(Debug, Args)]
pub struct EventsListArgs {
    /// The organisation's code (the base).
    #[arg(long)]
    org: String,
    /// Only these teachers (ID numbers).
    ids: Vec<String>,
    /// Include withdrawn events.
    #[arg(long)]
    withdrawn: bool,
}

#[derive(Debug, Args)]
pub struct WithdrawArgs {
    /// Record ids (the `id` of `teacher events list`).
    #[arg(required = true)]
    ids: Vec<i64>,
    /// Why: kept with the record and in the change log.
    #[arg(long)]
    reason: Option<String>,
    /// Only records about teachers of this organisation.
    #[arg(long)]
    org: Option<String>,
}

#[derive(Debug, Args)]
pub struct CheckArgs {
    /// The organisation's code (the base).
    #[arg(long)]
    org: String,
    /// The roster year [default: the year of --as-of, else this year].
    #[arg(long)]
    year: Option<i32>,
    /// The day to judge at [default: 1 January of the year].
    #[arg(long, value_name = "DATE")]
    as_of: Option<String>,
    /// Only these teachers (ID numbers); each rule is shown.
    ids: Vec<String>,
    /// In the table, the eligible teachers too.
    #[arg(long)]
    all: bool,
    /// Write the teachers who are not eligible, with every reason, to this
    /// .xlsx or .csv file.
    #[arg(long, value_name = "OUT")]
    errors: Option<PathBuf>,
}

#[derive(Debug, Args)]
pub struct BatchAddArgs {
    /// The batch's name, such as 2024年度住院医师师资.
    name: String,
    /// The year whose recommendation its applications ask for.
    #[arg(long)]
    year: i32,
}

#[derive(Debug, Args)]
pub struct ApplyArgs {
    /// Teachers' ID numbers.
    ids: Vec<String>,
    /// A list of ID numbers: a spreadsheet with a 证件号码 column, or one per line.
    #[arg(long)]
    file: Option<PathBuf>,
    /// Only teachers of this organisation.
    #[arg(long)]
    org: Option<String>,
    /// The batch (报名批次) applied in.
    #[arg(long)]
    batch: String,
}

#[derive(Debug, Args)]
pub struct ReviewArgs {
    /// Teachers' ID numbers.
    ids: Vec<String>,
    /// A list of ID numbers: a spreadsheet with a 证件号码 column, or one per line.
    #[arg(long)]
    file: Option<PathBuf>,
    /// Only teachers of this organisation.
    #[arg(long)]
    org: Option<String>,
    /// The year decided on.
    #[arg(long, required_unless_present = "batch")]
    year: Option<i32>,
    /// Only the applications of this batch (报名批次); the year is its year.
    #[arg(long)]
    batch: Option<String>,
    /// 推荐.
    #[arg(long, conflicts_with = "reject", required_unless_present = "reject")]
    recommend: bool,
    /// 不推荐 (needs --reason).
    #[arg(long)]
    reject: bool,
    /// Why: kept with the decision and in the change log.
    #[arg(long)]
    reason: Option<String>,
    /// Recommend teachers who are not eligible, for the --reason given.
    #[arg(long = "override", requires = "recommend")]
    override_ineligible: bool,
}

#[derive(Debug, Args)]
pub struct RosterArgs {
    /// The organisation's code (the base).
    #[arg(long)]
    org: String,
    #[arg(long)]
    year: i32,
    /// Write the roster to this .xlsx or .csv file.
    #[arg(short, long, value_name = "OUT")]
    output: Option<PathBuf>,
}

#[derive(Debug, Args)]
pub struct ListArgs {
    /// The organisation's code (the base).
    #[arg(long)]
    org: String,
    /// With each teacher's application and 推荐状态 for this year.
    #[arg(long)]
    year: Option<i32>,
    /// Only the teachers who applied in this batch (报名批次), for its year.
    #[arg(long)]
    batch: Option<String>,
    /// Only this department (科室).
    #[arg(long)]
    department: Option<String>,
    /// Only this 技术职称 (主治医师), or this level (中级, 副高, 正高, 高级, 初级).
    #[arg(long)]
    title: Option<String>,
    /// Only teachers with this many whole years as attending (中级): a RANGE.
    #[arg(long, value_name = "RANGE")]
    years: Option<String>,
    /// Only this 推荐状态: 未报名, 已提交, 推荐 or 不推荐 (with --year or --batch).
    #[arg(long)]
    status: Option<String>,
    /// Only teachers who taught this many residents in the last 3 years
    /// (近3年带教人数): a RANGE.
    #[arg(long, value_name = "RANGE")]
    taught: Option<String>,
}

#[derive(Debug, Args)]
pub struct OrgArg {
    /// The organisation's code (the base).
    #[arg(long)]
    org: String,
}

#[derive(Debug, Args)]
pub struct ThresholdSetArgs {
    /// The organisation's code (the base).
    #[arg(long)]
    org: String,
    /// The department (科室), as the rosters name it.
    #[arg(long)]
    department: String,
    /// Years as attending (中级) or higher: 3–30.
    #[arg(long)]
    years: u32,
    /// The lowest 最高学历: 大专, 本科, 硕士 or 博士.
    #[arg(long)]
    education: Option<String>,
}

#[derive(Debug, Args)]
pub struct ThresholdRemoveArgs {
    /// The organisation's code (the base).
    #[arg(long)]
    org: String,
    /// The department (科室).
    #[arg(long)]
    department: String,
}

/// Today, which bounds the dates of imports.
pub(super) fn today() -> NaiveDate {
    chrono::Local::now().date_naive()
}

pub fn run(cmd: TeacherCommand, ctx: &Ctx) -> Result<ExitCode> {
    match cmd {
        TeacherCommand::Import(a) => import(a, ctx),
        TeacherCommand::Events(EventsCommand::Import(a)) => import_events(a, ctx),
        TeacherCommand::Events(EventsCommand::List(a)) => {
            let conn = ctx.open_db()?;
            ctx.out
                .list(&events::list(&conn, &a.org, &a.ids, a.withdrawn)?);
            Ok(ExitCode::Ok)
        }
        TeacherCommand::Events(EventsCommand::Withdraw(a)) => {
            let mut conn = ctx.open_db()?;
            let r = events::withdraw(
                &mut conn,
                &a.ids,
                a.org.as_deref(),
                a.reason.as_deref(),
                &ctx.who,
            )?;
            Ok(reviews::print(
                ctx,
                &r,
                teacher::EventStatus::Withdrawn,
                &reviews::RECORDS,
            ))
        }
        TeacherCommand::Check(a) => check(a, ctx),
        TeacherCommand::Review(a) => review(a, ctx),
        TeacherCommand::Roster(a) => roster_cmd(a, ctx),
        TeacherCommand::List(a) => list(a, ctx),
        TeacherCommand::Batch(c) => batch_cmd(c, ctx),
        TeacherCommand::Apply(a) => apply(a, ctx),
        TeacherCommand::Threshold(c) => threshold_cmd(c, ctx),
    }
}

fn import(a: ImportArgs, ctx: &Ctx) -> Result<ExitCode> {
    let flags = a
        .flags
        .flags(ctx, &["teacher"], meded::account::Role::Resident)?;
    let mut conn = ctx.open_db()?;
    let opts = teacher::import::ImportOptions {
        org: a.org,
        today: today(),
    };
    let bar = ctx.out.progress(&msg!("导入师资", "importing teachers"));
    let report = teacher::import::import(&mut conn, &a.file, &opts, &flags, &ctx.who, &|d, t| {
        bar.update(d, t)
    })?;
    drop(bar);
    Ok(imports::print_report(ctx, &report, &flags))
}

fn import_events(a: EventsImportArgs, ctx: &Ctx) -> Result<ExitCode> {
    let flags = a
        .flags
        .flags(ctx, &["teacher-event"], meded::account::Role::Resident)?;
    let mut conn = ctx.open_db()?;
    let opts = events::ImportOptions {
        org: a.org,
        today: today(),
    };
    let bar = ctx
        .out
        .progress(&msg!("导入师资记录", "importing evidence"));
    let report = events::import(&mut conn, &a.file, &opts, &flags, &ctx.who, &|d, t| {
        bar.update(d, t)
    })?;
    drop(bar);
    Ok(imports::print_report(ctx, &report, &flags))
}

#[derive(Serialize)]
struct Reason<'a> {
    rule: Rule,
    message: &'a str,
}

#[derive(Serialize)]
struct RuleShown<'a> {
    rule: Rule,
    passed: bool,
    message: &'a str,
    evidence: &'a eligibility::Evidence,
    passes_from: Option<NaiveDate>,
}

#[derive(Serialize)]
struct TeacherShown<'a> {
    id_number: &'a str,
    name: &'a str,
    department: Option<&'a str>,
    eligible: bool,
    reasons: Vec<Reason<'a>>,
    eligible_from: Option<NaiveDate>,
    rules: Vec<RuleShown<'a>>,
}

#[derive(Serialize)]
struct Failure<'a> {
    id_number: &'a str,
    message: &'a str,
}

fn shown(t: &TeacherCheck, lang: Lang) -> TeacherShown<'_> {
    let v = &t.verdict;
    TeacherShown {
        id_number: &t.id_number,
        name: &t.name,
        department: t.department.as_deref(),
        eligible: v.eligible,
        reasons: v
            .failures()
            .map(|r| Reason {
                rule: r.rule,
                message: r.message.text(lang),
            })
            .collect(),
        eligible_from: v.eligible_from,
        rules: v
            .rules
            .iter()
            .map(|r| RuleShown {
                rule: r.rule,
                passed: r.passed,
                message: r.message.text(lang),
                evidence: &r.evidence,
                passes_from: r.passes_from,
            })
            .collect(),
    }
}

fn check(a: CheckArgs, ctx: &Ctx) -> Result<ExitCode> {
    if let Some(p) = &a.errors {
        meded::sheet::write::OutFormat::for_path(p)?;
    }
    let as_of = a
        .as_of
        .as_deref()
        .map(|d| teacher::day_option("--as-of", d))
        .transpose()?;
    let conn = ctx.open_db()?;
    let named = !a.ids.is_empty();
    let report = eligibility::check(
        &conn,
        &CheckOptions {
            org: a.org,
            year: a.year,
            as_of,
            ids: a.ids,
            today: today(),
        },
    )?;
    if let Some(p) = &a.errors {
        eligibility::write_ineligible(&report, p, ctx.lang())?;
    }
    print_check(ctx, &report, named, a.all);
    if let Some(p) = &a.errors {
        let p = p.display();
        ctx.out.note(&msg!(
            "不符合条件的师资已写入 {p}",
            "the teachers who are not eligible were written to {p}"
        ));
    }
    Ok(ExitCode::problems_if(report.has_problems()))
}

fn yes_no(b: bool, lang: Lang) -> &'static str {
    match (b, lang) {
        (true, Lang::Zh) => "符合",
        (false, Lang::Zh) => "不符合",
        (true, Lang::En) => "eligible",
        (false, Lang::En) => "not eligible",
    }
}

fn print_check(ctx: &Ctx, r: &CheckReport, named: bool, all: bool) {
    let out = &ctx.out;
    let lang = ctx.lang();
    match out.format {
        Format::Json => {
            #[derive(Serialize)]
            struct Shown<'a> {
                org: &'a str,
                year: i32,
                as_of: NaiveDate,
                checked: u64,
                eligible: u64,
                not_eligible: u64,
                teachers: Vec<TeacherShown<'a>>,
                errors: Vec<Failure<'a>>,
            }
            out.json(&Shown {
                org: &r.org,
                year: r.year,
                as_of: r.as_of,
                checked: r.checked,
                eligible: r.eligible,
                not_eligible: r.not_eligible,
                teachers: r.teachers.iter().map(|t| shown(t, lang)).collect(),
                errors: r
                    .errors
                    .iter()
                    .map(|(id, m)| Failure {
                        id_number: id,
                        message: m.text(lang),
                    })
                    .collect(),
            });
            return;
        }
        Format::Csv => {
            let rows: Vec<Vec<String>> = r.teachers.iter().map(|t| summary_row(t, lang)).collect();
            out.rows(&summary_headers(lang), &rows);
            return;
        }
        Format::Table => {}
    }
    if named {
        // Each rule of each teacher named, with its verdict and evidence.
        let rows: Vec<Vec<String>> = r
            .teachers
            .iter()
            .flat_map(|t| {
                t.verdict.rules.iter().map(move |rule| {
                    vec![
                        t.id_number.clone(),
                        t.name.clone(),
                        rule.rule.label(lang).to_owned(),
                        if rule.passed { "✓" } else { "✗" }.to_owned(),
                        rule.message.text(lang).to_owned(),
                    ]
                })
            })
            .collect();
        if !rows.is_empty() {
            out.rows(
                &[
                    out.t("证件号码", "ID number"),
                    out.t("姓名", "Name"),
                    out.t("条件", "Rule"),
                    out.t("结果", "Verdict"),
                    out.t("依据", "Evidence"),
                ],
                &rows,
            );
        }
    } else {
        let rows: Vec<Vec<String>> = r
            .teachers
            .iter()
            .filter(|t| all || !t.verdict.eligible)
            .map(|t| summary_row(t, lang))
            .collect();
        if !rows.is_empty() {
            out.rows(&summary_headers(lang), &rows);
        }
    }
    let (c, e, x, at) = (r.checked, r.eligible, r.not_eligible, r.as_of);
    out.line(&out.text(&msg!(
        "{at}:检查 {c} 名师资,符合条件 {e},不符合 {x}",
        "{at}: checked {c} teachers, eligible {e}, not eligible {x}"
    )));
    out.refusals(r.errors.iter().map(|(id, m)| (id.as_str(), m)));
}

fn summary_headers(lang: Lang) -> Vec<&'static str> {
    match lang {
        Lang::Zh => vec![
            "证件号码",
            "姓名",
            "科室",
            "结果",
            "不符合的条件",
            "可符合日期",
        ],
        Lang::En => vec![
            "ID number",
            "Name",
            "Department",
            "Verdict",
            "Reasons",
            "Eligible from",
        ],
    }
}

fn summary_row(t: &TeacherCheck, lang: Lang) -> Vec<String> {
    vec![
        t.id_number.clone(),
        t.name.clone(),
        t.department.clone().unwrap_or_default(),
        yes_no(t.verdict.eligible, lang).to_owned(),
        eligibility::reasons_text(&t.verdict, lang),
        t.verdict
            .eligible_from
            .map(|d| d.to_string())
            .unwrap_or_default(),
    ]
}

/// What the reviewed are called.
const TEACHERS: Noun = Noun {
    json: "teachers",
    unchanged_listed: false,
    zh: "名师资",
    en: "teachers",
};

fn review(a: ReviewArgs, ctx: &Ctx) -> Result<ExitCode> {
    let decision = if a.reject {
        Decision::new(Appointment::NotRecommended, "reject", a.reason.as_deref())?
    } else {
        Decision::new(Appointment::Recommended, "recommend", a.reason.as_deref())?
    };
    let mut conn = ctx.open_db()?;
    let opts = ReviewOptions {
        ids: a.ids,
        file: a.file,
        org: a.org,
        year: a.year,
        batch: a.batch,
        override_ineligible: a.override_ineligible,
    };
    let r = review_teachers(&mut conn, &opts, &decision, &ctx.who)?;
    let overridden = r
        .decided
        .iter()
        .filter(|d| d.changed && d.extra.overridden.is_some())
        .count();
    if overridden > 0 {
        ctx.out.note(&msg!(
            "{overridden} 名不符合条件的师资按 --override 推荐,理由已记入变更记录",
            "{overridden} teachers who are not eligible were recommended by --override; the reason is in the change log"
        ));
    }
    Ok(reviews::print(ctx, &r, decision.to, &TEACHERS))
}

fn list(a: ListArgs, ctx: &Ctx) -> Result<ExitCode> {
    let status = a
        .status
        .as_deref()
        .map(|s| Appointment::parse(s).ok_or_else(|| meded::Error::Usage(Appointment::unknown(s))))
        .transpose()?;
    let opts = ListOptions {
        org: a.org,
        year: a.year,
        batch: a.batch,
        department: a.department,
        title: a.title,
        years: a
            .years
            .as_deref()
            .map(|r| Range::parse("--years", r))
            .transpose()?,
        status,
        taught: a
            .taught
            .as_deref()
            .map(|r| Range::parse("--taught", r))
            .transpose()?,
        today: today(),
    };
    let conn = ctx.open_db()?;
    ctx.out.list(&teacher::list(&conn, &opts)?);
    Ok(ExitCode::Ok)
}

fn batch_cmd(c: BatchCommand, ctx: &Ctx) -> Result<ExitCode> {
    match c {
        BatchCommand::Add(a) => {
            let mut conn = ctx.create_db()?;
            let (created, batch) = batch::add_batch(&mut conn, &a.name, a.year, &ctx.who)?;
            let (name, year) = (&batch.name, batch.year);
            if ctx.out.format == Format::Json {
                #[derive(Serialize)]
                struct Shown<'a> {
                    created: bool,
                    #[serde(flatten)]
                    batch: &'a batch::Batch,
                }
                ctx.out.json(&Shown {
                    created,
                    batch: &batch,
                });
            } else if created {
                ctx.out.note(&msg!(
                    "已设立 {year} 年度的师资报名批次“{name}”",
                    "set up the batch '{name}' for {year}"
                ));
            } else {
                ctx.out.note(&msg!(
                    "师资报名批次“{name}”({year} 年度)原已设立",
                    "the batch '{name}' ({year}) was set up already"
                ));
            }
        }
        BatchCommand::List => {
            let conn = ctx.open_db()?;
            ctx.out.list(&batch::batches(&conn)?);
        }
    }
    Ok(ExitCode::Ok)
}

/// What applications are called.
const APPLICANTS: Noun = Noun {
    json: "teachers",
    unchanged_listed: false,
    zh: "名师资",
    en: "teachers",
};

fn apply(a: ApplyArgs, ctx: &Ctx) -> Result<ExitCode> {
    let mut conn = ctx.open_db()?;
    let r = application::apply(
        &mut conn,
        &application::ApplyOptions {
            ids: a.ids,
            file: a.file,
            org: a.org,
            batch: a.batch,
        },
        &ctx.who,
    )?;
    Ok(reviews::print(ctx, &r, Appointment::Submitted, &APPLICANTS))
}

fn roster_cmd(a: RosterArgs, ctx: &Ctx) -> Result<ExitCode> {
    if let Some(p) = &a.output {
        meded::sheet::write::OutFormat::for_path(p)?;
    }
    let conn = ctx.open_db()?;
    let r = roster::roster(&conn, &a.org, a.year)?;
    let out = &ctx.out;
    let lang = ctx.lang();
    if let Some(p) = &a.output {
        roster::write(&r, p, lang)?;
    }
    match (out.format, &a.output) {
        (Format::Json, _) => print_roster_json(ctx, &r),
        (_, None) => {
            let rows: Vec<Vec<String>> = r
                .additions
                .iter()
                .chain(&r.dismissals)
                .map(|e| roster::cells(e, lang))
                .collect();
            out.rows(&roster::COLUMNS, &rows);
        }
        (_, Some(_)) => {}
    }
    let (add, dis, y) = (r.additions.len(), r.dismissals.len(), r.year);
    let summary = msg!(
        "{y} 年度:增加 {add} 名,解聘 {dis} 名",
        "{y}: {add} added, {dis} dismissed"
    );
    match &a.output {
        Some(p) => {
            let p = p.display();
            out.note(&summary.join(&msg!("已写入 {p}", "written to {p}")));
        }
        None => out.note(&summary),
    }
    for w in &r.withheld {
        let (id, name) = (&w.id_number, &w.name);
        let why = w.reason.clone().unwrap_or_else(|| msg!("", ""));
        out.warn(
            &msg!(
                "{id} {name} 已推荐但未列入名单:",
                "{id} {name} is recommended but not on the roster: "
            )
            .join(&why),
        );
    }
    Ok(ExitCode::problems_if(!r.withheld.is_empty()))
}

fn print_roster_json(ctx: &Ctx, r: &Roster) {
    let lang = ctx.lang();
    #[derive(Serialize)]
    struct EntryShown<'a> {
        #[serde(flatten)]
        entry: &'a roster::Entry,
        reason: Option<&'a str>,
    }
    #[derive(Serialize)]
    struct Shown<'a> {
        org: &'a str,
        year: i32,
        as_of: NaiveDate,
        additions: Vec<EntryShown<'a>>,
        dismissals: Vec<EntryShown<'a>>,
        withheld: Vec<EntryShown<'a>>,
    }
    fn each(list: &[roster::Entry], lang: Lang) -> Vec<EntryShown<'_>> {
        list.iter()
            .map(|entry| EntryShown {
                entry,
                reason: entry.reason.as_ref().map(|m| m.text(lang)),
            })
            .collect()
    }
    ctx.out.json(&Shown {
        org: &r.org,
        year: r.year,
        as_of: r.as_of,
        additions: each(&r.additions, lang),
        dismissals: each(&r.dismissals, lang),
        withheld: each(&r.withheld, lang),
    });
}

fn threshold_cmd(c: ThresholdCommand, ctx: &Ctx) -> Result<ExitCode> {
    let out = &ctx.out;
    match c {
        ThresholdCommand::Set(a) => {
            let mut conn = ctx.open_db()?;
            let row = threshold::set(
                &mut conn,
                &a.org,
                &a.department,
                a.years,
                a.education.as_deref(),
                &ctx.who,
            )?;
            out.list(&[row]);
        }
        ThresholdCommand::List(a) => {
            let conn = ctx.open_db()?;
            out.list(&threshold::list(&conn, &a.org)?);
        }
        ThresholdCommand::Remove(a) => {
            let mut conn = ctx.open_db()?;
            threshold::remove(&mut conn, &a.org, &a.department, &ctx.who)?;
            let d = &a.department;
            out.note(&msg!(
                "已删除科室 {d} 的师资条件,适用全国标准",
                "removed the thresholds of {d}: the national rule applies"
            ));
        }
    }
    Ok(ExitCode::Ok)
}

impl Tabular for TeacherRow {
    fn headers(lang: Lang) -> Vec<&'static str> {
        match lang {
            Lang::Zh => vec![
                "证件号码",
                "姓名",
                "科室",
                "技术职称",
                "取得中级职称时间",
                "师资级别",
                "手机号",
                "近3年带教人数",
                "报名批次",
                "推荐状态",
                "推荐时间",
                "推荐用户",
                "不推荐原因",
            ],
            Lang::En => vec![
                "ID number",
                "Name",
                "Department",
                "Title",
                "中级 since",
                "Level",
                "Mobile",
                "Taught (3 years)",
                "Batch",
                "Recommendation",
                "Decided at",
                "Decided by",
                "Reason not recommended",
            ],
        }
    }

    fn cells(&self, _lang: Lang) -> Vec<String> {
        let o = |v: &Option<String>| v.clone().unwrap_or_default();
        let a = self.application.as_ref();
        let of = |f: fn(&teacher::ApplicationView) -> &Option<String>| {
            a.map(|a| o(f(a))).unwrap_or_default()
        };
        vec![
            self.id_number.clone(),
            self.name.clone(),
            o(&self.department),
            o(&self.title),
            o(&self.title_date),
            o(&self.level),
            o(&self.phone),
            self.taught_last_3_years.to_string(),
            of(|a| &a.batch),
            a.map(|a| a.recommendation.label().to_owned())
                .unwrap_or_default(),
            of(|a| &a.recommended_at),
            of(|a| &a.recommended_by),
            of(|a| &a.not_recommended_reason),
        ]
    }
}

impl Tabular for batch::Batch {
    fn headers(lang: Lang) -> Vec<&'static str> {
        match lang {
            Lang::Zh => vec!["报名批次", "年度"],
            Lang::En => vec!["Batch", "Year"],
        }
    }

    fn cells(&self, _lang: Lang) -> Vec<String> {
        vec![self.name.clone(), self.year.to_string()]
    }
}

impl Tabular for EventRecord {
    fn headers(lang: Lang) -> Vec<&'static str> {
        match lang {
            Lang::Zh => vec![
                "编号",
                "证件号码",
                "姓名",
                "类别",
                "日期/年度",
                "程度/结果",
                "说明",
                "状态",
            ],
            Lang::En => vec![
                "Id",
                "ID number",
                "Name",
                "Kind",
                "Date/year",
                "Grade",
                "Note",
                "Status",
            ],
        }
    }

    fn cells(&self, _lang: Lang) -> Vec<String> {
        let status = match &self.withdraw_reason {
            Some(r) => format!("{}({r})", self.status.label()),
            None => self.status.label().to_owned(),
        };
        vec![
            self.id.to_string(),
            self.id_number.clone(),
            self.name.clone(),
            self.kind.clone(),
            self.at.clone(),
            self.grade.clone(),
            self.note.clone().unwrap_or_default(),
            status,
        ]
    }
}

impl Tabular for ThresholdRow {
    fn headers(lang: Lang) -> Vec<&'static str> {
        match lang {
            Lang::Zh => vec!["科室", "中级职称年限", "最低学历"],
            Lang::En => vec!["Department", "Years as attending", "Lowest education"],
        }
    }

    fn cells(&self, _lang: Lang) -> Vec<String> {
        vec![
            self.department.clone(),
            self.years.to_string(),
            self.education.clone().unwrap_or_default(),
        ]
    }
}
