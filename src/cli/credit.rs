//! `meded credit`: import, review, list, edit and delete CME credit records.

use std::path::PathBuf;

use clap::{Args, Subcommand};
use meded::credit::import::{self, ImportOptions};
use meded::credit::query::{self, Filter, MemberTotals};
use meded::credit::{self, CreditRecord, CreditStatus, Decision, Edit, Selection};
use meded::error::Error;
use meded::i18n::Lang;
use meded::rules::credit::CreditType;
use meded::state::State;
use meded::{ExitCode, Result, msg};

use super::imports::{self, ImportFlags};
use super::output::{Format, Tabular};
use super::{Ctx, reviews};

#[derive(Debug, Subcommand)]
pub enum CreditCommand {
    /// Import credit records (学分登记); they arrive 待审.
    #[command(after_help = "\
Columns (sheet 学分登记, found by name below any title rows, in any order):
  证件号码, 姓名, 项目编号, 项目名称, 学分, 学分类型, 开始日期, 结束日期,
  学分获取形式, 主办单位, 举办年度, 学科分类 [, 备注]

Each row must name an existing CME member (ID number and the same name).
学分类型: 国家级I类, 省级I类 or II类 (国家级Ⅰ类, 省I类, Ⅱ类, 二类 … are
understood; a bare I类 is refused). 学分: positive, one decimal, at most 25
per project. Dates ordered and within 举办年度. The same member and 项目编号
twice is a duplicate: refused (a record identical to one already stored is
skipped, so importing a file twice changes nothing).

Examples:
  meded credit import credits.xlsx
  meded credit import credits.csv --dry-run
  meded credit import credits.xlsx --errors fix-me.xlsx
  meded credit import approved-export.csv --approve")]
    Import(ImportArgs),
    /// Approve or reject 待审 records; reopen a review made by mistake.
    #[command(after_help = "\
Only 待审 records are reviewed; reviewing a record that is already in the
state asked for changes nothing; any other is refused with a message (exit 1).
A rejection needs --reason: the member reads it. A review made by mistake is
undone with --reopen --reason: the record is 待审 again (and may be changed),
and the change log keeps both the review and its reopening.

Examples:
  meded credit review 17 18 19 --approve
  meded credit review 20 --reject --reason '证明材料不全'
  meded credit review 20 --reopen --reason '误审,材料已补齐'
  meded credit review --member 110101199003070011 --year 2017 --approve
  meded credit review --org C017 --year 2017 --approve")]
    Review(ReviewArgs),
    /// List a member's credit records, or an organisation's (学分综合查询).
    #[command(after_help = "\
With an ID number: that member's records, by year and date.

With --org: the records of the organisation's members, by member (in the
order they were registered), year and date, narrowed by --year or
--from/--to (举办年度), --type, --status, --project (part of the 项目编号 or
项目名称) and --member, a page at a time (--page, --per-page; 0 lists all),
with the count of pages; --totals instead sums what the filter selects per
member (records, 国家级I类, 省级I类, II类, total). A filter that selects
nothing, or a page past the last, exits 1.

Examples:
  meded credit list 110101199003070011
  meded credit list 110101199003070011 --from 2015 --to 2017 --format json
  meded credit list --org C017 --year 2017 --type 省级I类
  meded credit list --org C017 --status 待审 --project 超声 --page 2
  meded credit list --org C017 --from 2015 --to 2017 --totals --format csv")]
    List(ListArgs),
    /// Change a 待审 record (others are refused).
    #[command(after_help = "\
The new values are checked as an import checks them; each changed field is
recorded with its value before and after.

Examples:
  meded credit edit 17 --credits 2.5
  meded credit edit 17 --type 省I类 --start 2017-04-22 --end 2017-04-23
  meded credit edit 17 --subject 药学/药理学 --image scans/17.jpg")]
    Edit(EditArgs),
    /// Delete 待审 records (others are refused).
    #[command(after_help = "Examples:\n  meded credit delete 17\n  meded credit delete 17 18")]
    Delete(DeleteArgs),
}

#[derive(Debug, Args)]
pub struct ImportArgs {
    /// The records: XLSX, XLS, ODS or CSV.
    file: PathBuf,
    #[command(flatten)]
    flags: ImportFlags,
    /// Store the records 审核通过 at once (records the office has checked).
    #[arg(long)]
    approve: bool,
}

#[derive(Debug, Args)]
pub struct ReviewArgs {
    /// Record ids (the `id` of `credit list`).
    ids: Vec<i64>,
    /// Every 待审 record of this member (ID number).
    #[arg(long, conflicts_with = "ids")]
    member: Option<String>,
    /// Every 待审 record of this organisation's members.
    #[arg(long, conflicts_with = "ids")]
    org: Option<String>,
    /// With --member or --org: only records of this year (举办年度).
    #[arg(long)]
    year: Option<i32>,
    /// 审核通过.
    #[arg(long, conflicts_with_all = ["reject", "reopen"], required_unless_present_any = ["reject", "reopen"])]
    approve: bool,
    /// 审核不过 (needs --reason).
    #[arg(long, conflicts_with = "reopen")]
    reject: bool,
    /// Back to 待审: undo a review made by mistake (needs --reason).
    #[arg(long)]
    reopen: bool,
    /// Why: kept with the record and in the change log.
    #[arg(long)]
    reason: Option<String>,
}

#[derive(Debug, Args)]
pub struct ListArgs {
    /// The member's ID number (证件号码).
    #[arg(required_unless_present = "org", conflicts_with = "org")]
    id_number: Option<String>,
    /// Every member of this organisation (code).
    #[arg(long)]
    org: Option<String>,
    /// Only this year (举办年度).
    #[arg(long, conflicts_with_all = ["from", "to"])]
    year: Option<i32>,
    /// From this year (举办年度).
    #[arg(long)]
    from: Option<i32>,
    /// Up to this year.
    #[arg(long)]
    to: Option<i32>,
    /// With --org: 学分类型 (国家级I类, 省级I类, II类).
    #[arg(long = "type", requires = "org", value_name = "TYPE")]
    kind: Option<String>,
    /// With --org: 审核状态 (待审, 审核通过, 审核不过).
    #[arg(long, requires = "org")]
    status: Option<String>,
    /// With --org: part of the 项目编号 or 项目名称.
    #[arg(long, requires = "org", value_name = "TEXT")]
    project: Option<String>,
    /// With --org: one member (ID number).
    #[arg(long, requires = "org", value_name = "ID_NUMBER")]
    member: Option<String>,
    /// With --org: the page to show (from 1).
    #[arg(long, requires = "org", default_value_t = 1)]
    page: u64,
    /// With --org: records per page (0: all).
    #[arg(long, requires = "org", default_value_t = 50)]
    per_page: u64,
    /// With --org: per member, the records and credits by class that the
    /// filter selects, instead of the records.
    #[arg(long, requires = "org", conflicts_with_all = ["page", "per_page"])]
    totals: bool,
}

#[derive(Debug, Args)]
pub struct EditArgs {
    /// The record id.
    id: i64,
    #[arg(long)]
    project_no: Option<String>,
    #[arg(long)]
    project_name: Option<String>,
    #[arg(long, allow_hyphen_values = true)]
    credits: Option<String>,
    /// 学分类型: 国家级I类, 省级I类 or II类.
    #[arg(long = "type")]
    kind: Option<String>,
    /// 开始日期.
    #[arg(long)]
    start: Option<String>,
    /// 结束日期.
    #[arg(long)]
    end: Option<String>,
    /// 学分获取形式.
    #[arg(long)]
    form: Option<String>,
    /// 主办单位.
    #[arg(long)]
    organizer: Option<String>,
    /// 举办年度.
    #[arg(long)]
    year: Option<String>,
    /// 学科分类: two levels, 一级学科/二级学科 (药学/药理学).
    #[arg(long)]
    subject: Option<String>,
    /// 备注 ('' clears it).
    #[arg(long)]
    remark: Option<String>,
    /// 上传图片: a JPEG file ('' removes it).
    #[arg(long)]
    image: Option<String>,
}

#[derive(Debug, Args)]
pub struct DeleteArgs {
    /// Record ids.
    #[arg(required = true)]
    ids: Vec<i64>,
}

pub fn run(cmd: CreditCommand, ctx: &Ctx) -> Result<ExitCode> {
    match cmd {
        CreditCommand::Import(a) => import(a, ctx),
        CreditCommand::Review(a) => review(a, ctx),
        CreditCommand::List(a) => list(a, ctx),
        CreditCommand::Edit(a) => edit(a, ctx),
        CreditCommand::Delete(a) => delete(a, ctx),
    }
}

fn list(a: ListArgs, ctx: &Ctx) -> Result<ExitCode> {
    let (from, to) = match a.year {
        Some(y) => (Some(y), Some(y)),
        None => (a.from, a.to),
    };
    let Some(org) = a.org else {
        let conn = ctx.open_db()?;
        let id_number = a.id_number.unwrap_or_default();
        ctx.out.list(&credit::list(&conn, &id_number, from, to)?);
        return Ok(ExitCode::Ok);
    };
    let kind = match &a.kind {
        Some(k) => Some(CreditType::parse(k).ok_or_else(|| {
            let all = meded::rules::credit::CREDIT_TYPES.join("、");
            Error::Usage(msg!(
                "不认识的学分类型“{k}”(可用:{all})",
                "unknown credit type '{k}' (use one of: {all})"
            ))
        })?),
        None => None,
    };
    let status = match &a.status {
        Some(s) => Some(
            CreditStatus::parse(s)
                .ok_or_else(|| Error::Usage(<CreditStatus as State>::unknown(s)))?,
        ),
        None => None,
    };
    let filter = Filter {
        org,
        from,
        to,
        kind,
        status,
        project: a.project,
        member: a.member,
    };
    let conn = ctx.open_db()?;
    let out = &ctx.out;
    if a.totals {
        let t = match query::totals(&conn, &filter)? {
            Ok(t) => t,
            Err(why) => {
                out.warn(&why);
                return Ok(ExitCode::Problems);
            }
        };
        if out.format == Format::Json {
            out.json(&t);
        } else {
            out.list(&t.totals);
            let (m, r) = (t.members, t.records);
            out.line(&out.text(&msg!(
                "{m} 人,{r} 条学分记录",
                "{m} members, {r} credit records"
            )));
        }
        if t.records == 0 {
            out.warn(&msg!("没有符合条件的学分记录", "no credit record matches"));
            return Ok(ExitCode::Problems);
        }
        return Ok(ExitCode::Ok);
    }
    let p = match query::list(&conn, &filter, a.page, a.per_page)? {
        Ok(p) => p,
        Err(why) => {
            out.warn(&why);
            return Ok(ExitCode::Problems);
        }
    };
    if out.format == Format::Json {
        out.json(&p);
    } else {
        let rows: Vec<Vec<String>> = p
            .records
            .iter()
            .map(|r| {
                vec![
                    r.id.to_string(),
                    r.id_number.clone(),
                    r.name.clone(),
                    r.project_no.clone(),
                    r.project_name.clone(),
                    r.credits.to_string(),
                    r.kind.clone(),
                    r.start_date.clone(),
                    r.year.to_string(),
                    r.status.label().to_owned(),
                ]
            })
            .collect();
        let headers = match ctx.lang() {
            Lang::Zh => [
                "编号",
                "证件号码",
                "姓名",
                "项目编号",
                "项目名称",
                "学分",
                "学分类型",
                "开始日期",
                "举办年度",
                "状态",
            ],
            Lang::En => [
                "Id",
                "ID number",
                "Name",
                "Project no",
                "Project",
                "Credits",
                "Type",
                "Start",
                "Year",
                "Status",
            ],
        };
        out.rows(&headers, &rows);
        let (page, pages, total) = (p.page, p.pages, p.total);
        out.line(&out.text(&msg!(
            "第 {page}/{pages} 页,共 {total} 条",
            "page {page} of {pages}, {total} records in all"
        )));
    }
    if p.total == 0 {
        out.warn(&msg!("没有符合条件的学分记录", "no credit record matches"));
        return Ok(ExitCode::Problems);
    }
    if p.records.is_empty() {
        let (page, pages) = (p.page, p.pages);
        out.warn(&msg!(
            "没有第 {page} 页(共 {pages} 页)",
            "there is no page {page} (there are {pages})"
        ));
        return Ok(ExitCode::Problems);
    }
    Ok(ExitCode::Ok)
}

fn today() -> chrono::NaiveDate {
    chrono::Local::now().date_naive()
}

fn import(a: ImportArgs, ctx: &Ctx) -> Result<ExitCode> {
    let flags = a
        .flags
        .flags(ctx, &["credit"], meded::account::Role::Resident)?;
    let mut conn = ctx.open_db()?;
    let opts = ImportOptions {
        approve: a.approve,
        today: today(),
    };
    let bar = ctx.out.progress(&msg!("导入学分", "importing credits"));
    let report = import::import(&mut conn, &a.file, &opts, &flags, &ctx.who, &|d, t| {
        bar.update(d, t)
    })?;
    drop(bar);
    Ok(imports::print_report(ctx, &report, &flags))
}

/// Record-level failures as JSON objects or table rows.
fn print_failures(ctx: &Ctx, errors: &[credit::RecordError]) {
    let out = &ctx.out;
    if !errors.is_empty() && out.format != Format::Json {
        let rows: Vec<Vec<String>> = errors
            .iter()
            .map(|e| vec![e.id.to_string(), out.text(&e.message)])
            .collect();
        out.rows(&[out.t("编号", "Id"), out.t("问题", "Problem")], &rows);
    }
}

#[derive(serde::Serialize)]
struct Failure<'a> {
    id: i64,
    message: &'a str,
}

fn failures(errors: &[credit::RecordError], lang: Lang) -> Vec<Failure<'_>> {
    errors
        .iter()
        .map(|e| Failure {
            id: e.id,
            message: e.message.text(lang),
        })
        .collect()
}

fn review(a: ReviewArgs, ctx: &Ctx) -> Result<ExitCode> {
    let (to, action) = if a.reject {
        (CreditStatus::Rejected, "reject")
    } else if a.reopen {
        (CreditStatus::Pending, "reopen")
    } else {
        (CreditStatus::Approved, "approve")
    };
    let decision = Decision::new(to, action, a.reason.as_deref())?;
    let mut conn = ctx.open_db()?;
    let selection = Selection {
        ids: a.ids,
        member: a.member,
        org: a.org,
        year: a.year,
    };
    let report = credit::review(&mut conn, &selection, &decision, &ctx.who)?;
    Ok(reviews::print(ctx, &report, decision.to, &reviews::RECORDS))
}

fn edit(a: EditArgs, ctx: &Ctx) -> Result<ExitCode> {
    let mut conn = ctx.open_db()?;
    let e = Edit {
        project_no: a.project_no,
        project_name: a.project_name,
        credits: a.credits,
        kind: a.kind,
        start: a.start,
        end: a.end,
        form: a.form,
        organizer: a.organizer,
        year: a.year,
        subject: a.subject,
        remark: a.remark,
        image: match a.image {
            None => None,
            Some(p) if p.trim().is_empty() => Some(String::new()),
            // Kept by its absolute path, as an import keeps it.
            Some(p) => {
                Some(std::path::absolute(&p).map_or(p, |a| a.to_string_lossy().into_owned()))
            }
        },
    };
    let out = &ctx.out;
    let (record, changes) = match credit::edit(&mut conn, a.id, &e, today(), &ctx.who)? {
        Ok(done) => done,
        Err(refusal) => {
            out.warn(&refusal);
            return Ok(ExitCode::Problems);
        }
    };
    if out.format == Format::Json {
        out.json(&record);
    } else {
        let n = changes.len();
        out.line(&out.text(&msg!("已修改 {n} 项", "changed {n} fields")));
        let rows: Vec<Vec<String>> = changes
            .iter()
            .map(|(f, b, a)| vec![f.to_string(), b.clone(), a.clone()])
            .collect();
        if !rows.is_empty() {
            out.rows(
                &[
                    out.t("字段", "Field"),
                    out.t("修改前", "Before"),
                    out.t("修改后", "After"),
                ],
                &rows,
            );
        }
    }
    Ok(ExitCode::Ok)
}

fn delete(a: DeleteArgs, ctx: &Ctx) -> Result<ExitCode> {
    let mut conn = ctx.open_db()?;
    let (deleted, errors) = credit::delete(&mut conn, &a.ids, &ctx.who)?;
    let out = &ctx.out;
    if out.format == Format::Json {
        #[derive(serde::Serialize)]
        struct Shown<'a> {
            deleted: Vec<i64>,
            errors: Vec<Failure<'a>>,
        }
        out.json(&Shown {
            deleted: deleted.iter().map(|r| r.id).collect(),
            errors: failures(&errors, ctx.lang()),
        });
    } else {
        let n = deleted.len();
        out.line(&out.text(&msg!("已删除 {n} 条记录", "deleted {n} records")));
        print_failures(ctx, &errors);
    }
    Ok(ExitCode::problems_if(!errors.is_empty()))
}

impl Tabular for CreditRecord {
    fn headers(lang: Lang) -> Vec<&'static str> {
        match lang {
            Lang::Zh => vec![
                "编号",
                "项目编号",
                "项目名称",
                "学分",
                "学分类型",
                "开始日期",
                "结束日期",
                "举办年度",
                "状态",
            ],
            Lang::En => vec![
                "Id",
                "Project no",
                "Project",
                "Credits",
                "Type",
                "Start",
                "End",
                "Year",
                "Status",
            ],
        }
    }

    fn cells(&self, _lang: Lang) -> Vec<String> {
        vec![
            self.id.to_string(),
            self.project_no.clone(),
            self.project_name.clone(),
            self.credits.to_string(),
            self.kind.clone(),
            self.start_date.clone(),
            self.end_date.clone(),
            self.year.to_string(),
            self.status.label().to_owned(),
        ]
    }
}

impl Tabular for MemberTotals {
    fn headers(lang: Lang) -> Vec<&'static str> {
        match lang {
            Lang::Zh => vec![
                "证件号码",
                "姓名",
                "记录数",
                "国家级I类",
                "省级I类",
                "II类",
                "合计",
            ],
            Lang::En => vec![
                "ID number",
                "Name",
                "Records",
                "National I",
                "Provincial I",
                "Class II",
                "Total",
            ],
        }
    }

    fn cells(&self, _lang: Lang) -> Vec<String> {
        vec![
            self.id_number.clone(),
            self.name.clone(),
            self.records.to_string(),
            self.national_1.to_string(),
            self.provincial_1.to_string(),
            self.class_2.to_string(),
            self.total.to_string(),
        ]
    }
}
