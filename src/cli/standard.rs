//! `meded credit-standard`: list and import provinces' standard tables,
//! assign members their standard, look it up or remove it, and check who
//! meets it.

use std::path::PathBuf;

use clap::{Args, Subcommand};
use meded::i18n::Lang;
use meded::standard::assign::{self, Outcome, Request};
use meded::standard::check::{self, CheckReport, MemberCheck, Scope, Status};
use meded::standard::import::{self, ImportOptions};
use meded::standard::member::{self, MemberStandard};
use meded::standard::{self, Standard};
use meded::{ExitCode, Result, msg};

use super::Ctx;
use super::imports::{self, ImportFlags};
use super::output::{Format, Tabular};

#[derive(Debug, Subcommand)]
pub enum StandardCommand {
    /// List provinces' standard tables, or one member's standards by year.
    #[command(after_help = "\
A standards table belongs to a province; the Sichuan table (SCJA1–SCJA10)
ships as 四川's standards from 2016. The version of a province's table in
force in a year is the one with the greatest 起始年度 not after it.

With an ID number, the member's own standards (个人学分标准), one per year
assigned, with the title and levels each came from.

Exit codes: 0 listed (also when there is nothing to list); 2 an unknown
province, or an ID number that is not a CME member's.

Examples:
  meded credit-standard list
  meded credit-standard list --province 35 --year 2021 --format json
  meded credit-standard list 110101199003070011")]
    List(ListArgs),
    /// Import a province's standard table (template 学分标准).
    #[command(after_help = "\
Columns (sheet 学分标准): 编号, 名称, 区域等级, 职称等级, 国家级I类学分,
国家级周期年数, 省级I类学分, II类学分, 总学分, 起始年度, and optionally 省份.
Whose table it is: the 省份 column, else --province (a row naming another
province than --province is refused); a table that says neither is taken
for 四川's only when its codes are Sichuan's (SCJA…), and refused otherwise.
区域等级: 省级/三级医院, 市州级/二级以下医院, 县级, 乡镇卫生院 or 全部;
职称等级: 高级, 中级, 初级, 无职称 or 全部 (无职称 may be left out: members
without a title then follow the 初级 standard).

A table is all or nothing: every row is checked, and each version (起始年度)
must cover every region level × 高级/中级/初级 exactly once; a gap or an
overlap refuses the whole file (exit 1) and nothing is written. A version (a
province's 起始年度) that exists with other contents needs --replace (refused
while members are assigned its standards); the same table imported again
changes nothing.

Exit codes: 0 imported (or unchanged); 1 rows refused, nothing written; 2 not
the template, an unknown --province, or no province said.

Examples:
  meded credit-standard import fujian-2020.xlsx --province 福建
  meded credit-standard import table.xlsx --province 35 --dry-run --errors fix-me.xlsx")]
    Import(ImportArgs),
    /// Assign members their standard for a year, saying which and why.
    #[command(after_help = "\
The title level comes from the technical title (--title, else the one the
member was imported with): 主任…/副主任… → 高级, 主治/主管 → 中级, 医师/技师/
护师/药师 … → 初级, a level in brackets wins (技师系列 - 副主任技师(副高) →
高级). The region level comes from the member's organisation unless
--region-level is given. The standard is the one covering both in the table
of the organisation's province in force that year. An organisation without
a province, or a province without a table in force, is refused (with
--org/--all before anything is assigned), saying what to do.

Exit codes: 0 assigned (or unchanged); 1 (--org, --all) some members could
not be assigned, listed with the reason; 2 refused: not a CME member, an
unknown title, no region level, no province or no table.

Examples:
  meded credit-standard assign 110101199003070011 --year 2016 --title '技师系列 - 副主任技师(副高)'
  meded credit-standard assign 110101199003070011 --year 2017 --region-level 县级
  meded credit-standard assign --org C017 --year 2017     # every member, from their recorded title
  meded credit-standard assign --all --year 2017")]
    Assign(AssignArgs),
    /// Remove a member's standard for a year (logged).
    #[command(after_help = "\
The member then has no standard that year (credit-standard check reports
it) until one is assigned again. The history keeps the code removed.

Exit codes: 0 removed; 1 the member had no standard that year (nothing
changed); 2 not a CME member.

Examples:
  meded credit-standard unassign 110101199003070011 --year 2017")]
    Unassign(UnassignArgs),
    /// Check who meets their standard for a year (exit 1 if anyone falls short).
    #[command(after_help = "\
Per member: 国家级I类 credits over the standard's window ending in the year
(e.g. 2012–2017 for a 6-year window), class-I credits of the year (省级I类
and 国家级I类 both count), II类 credits of the year (class I never counts
as class II, nor the other way round) and the year's total, against the
member's standard for the year. Only 审核通过 credits count. Members whose
registration is not 单位审核通过, or who do not take part in CME (参加继教
否), are counted but not checked. Members without a standard for the year
are listed.

The table lists the members short of their standard or without one (--all:
everyone); --format json and csv give every member checked. Exit 1 when
anyone is short or has no standard.

Examples:
  meded credit-standard check --year 2017 --org C017
  meded credit-standard check 110101199003070011 --year 2017
  meded credit-standard check --year 2017 --format json > check-2017.json")]
    Check(CheckArgs),
}

#[derive(Debug, Args)]
pub struct ListArgs {
    /// A member's ID number: their standards by year.
    id_number: Option<String>,
    /// Only this province's tables (name or GB/T 2260 code).
    #[arg(long, conflicts_with = "id_number")]
    province: Option<String>,
    /// Only the version in force in this year (for a member: their standard that year).
    #[arg(long)]
    year: Option<i32>,
}

#[derive(Debug, Args)]
pub struct ImportArgs {
    file: PathBuf,
    /// Whose table it is (name or GB/T 2260 code), for rows without 省份.
    #[arg(long)]
    province: Option<String>,
    #[command(flatten)]
    flags: ImportFlags,
    /// The same as --update: replace versions that exist with other contents.
    #[arg(long)]
    replace: bool,
}

#[derive(Debug, Args)]
pub struct AssignArgs {
    /// The member's ID number (证件号码); without it, --org or --all.
    #[arg(required_unless_present_any = ["org", "all"])]
    id_number: Option<String>,
    #[arg(long)]
    year: i32,
    /// The technical title to derive the level from [default: the member's].
    #[arg(long, requires = "id_number")]
    title: Option<String>,
    /// The region level [default: the organisation's].
    #[arg(long)]
    region_level: Option<String>,
    /// Every member of this organisation, from their recorded titles.
    #[arg(long, conflicts_with_all = ["id_number", "all"])]
    org: Option<String>,
    /// Every member in the database.
    #[arg(long, conflicts_with = "id_number")]
    all: bool,
}

#[derive(Debug, Args)]
pub struct UnassignArgs {
    /// The member's ID number (证件号码).
    id_number: String,
    #[arg(long)]
    year: i32,
}

#[derive(Debug, Args)]
pub struct CheckArgs {
    /// One member's ID number; without it, every member (of --org).
    id_number: Option<String>,
    #[arg(long)]
    year: i32,
    /// Only this organisation's members.
    #[arg(long)]
    org: Option<String>,
    /// List every member checked in the table, not only the problems.
    #[arg(long)]
    all: bool,
}

pub fn run(cmd: StandardCommand, ctx: &Ctx) -> Result<ExitCode> {
    match cmd {
        StandardCommand::List(a) => list(a, ctx),
        StandardCommand::Import(a) => import(a, ctx),
        StandardCommand::Unassign(a) => unassign(a, ctx),
        StandardCommand::Assign(a) => match a.id_number.clone() {
            Some(id) => assign_one(a, id, ctx),
            None => assign_all(a, ctx),
        },
        StandardCommand::Check(a) => check(a, ctx),
    }
}

fn list(a: ListArgs, ctx: &Ctx) -> Result<ExitCode> {
    let conn = ctx.open_db()?;
    let out = &ctx.out;
    let Some(id) = &a.id_number else {
        let province = a
            .province
            .as_deref()
            .map(import::parse_province)
            .transpose()?;
        out.list(&standard::list(&conn, province.as_deref(), a.year)?);
        return Ok(ExitCode::Ok);
    };
    let found = member::lookup(&conn, id, a.year)?;
    if out.format == Format::Json {
        out.json(&found.standards);
    } else {
        out.list(&found.standards);
    }
    if found.standards.is_empty() {
        let (who, id) = (&found.name, &found.id_number);
        out.note(&msg!(
            "{who}({id})没有分配学分标准;用 meded credit-standard assign 分配",
            "{who} ({id}) has no standard assigned; assign one with meded credit-standard assign"
        ));
    }
    Ok(ExitCode::Ok)
}

fn unassign(a: UnassignArgs, ctx: &Ctx) -> Result<ExitCode> {
    let mut conn = ctx.open_db()?;
    let r = member::unassign(&mut conn, &a.id_number, a.year, &ctx.who)?;
    let out = &ctx.out;
    if out.format == Format::Json {
        out.json(&r);
    }
    let Some(code) = &r.removed else {
        out.warn(&member::nothing_assigned(&r));
        return Ok(ExitCode::Problems);
    };
    let (who, id, year) = (&r.name, &r.id_number, r.year);
    out.line(&out.text(&msg!(
        "已删除{who}({id}){year} 年的学分标准 {code}",
        "removed {code}, the standard of {who} ({id}) for {year}"
    )));
    Ok(ExitCode::Ok)
}

fn import(a: ImportArgs, ctx: &Ctx) -> Result<ExitCode> {
    let mut flags = a
        .flags
        .flags(ctx, &["credit-standard"], meded::account::Role::Resident)?;
    flags.update |= a.replace;
    let province = a
        .province
        .as_deref()
        .map(import::parse_province)
        .transpose()?;
    let mut conn = ctx.write_db(flags.dry_run)?;
    let opts = ImportOptions {
        today: chrono::Local::now().date_naive(),
        province,
    };
    let report = import::import(&mut conn, &a.file, &opts, &flags, &ctx.who)?;
    let code = imports::print_report(ctx, &report, &flags);
    if report.rejected > 0 && !flags.dry_run {
        ctx.out.note(&msg!(
            "学分标准表须完整无误才能导入:未写入任何数据",
            "a standard table is imported whole or not at all: nothing was written"
        ));
    }
    Ok(code)
}

fn assign_one(a: AssignArgs, id_number: String, ctx: &Ctx) -> Result<ExitCode> {
    let mut conn = ctx.open_db()?;
    let r = assign::assign_one(
        &mut conn,
        &Request {
            id_number,
            year: a.year,
            title: a.title,
            region_level: a.region_level,
        },
        &ctx.who,
    )?;
    let out = &ctx.out;
    if out.format == Format::Json {
        out.json(&r);
        return Ok(ExitCode::Ok);
    }
    let s = &r.standard;
    let (code, name, year, v) = (&s.code, &s.name, r.year, s.from_year);
    let (who, id) = (&r.name, &r.id_number);
    out.line(&out.text(&match &r.outcome {
        Outcome::Unchanged => msg!(
            "{who}({id}){year} 年的学分标准已是 {code} {name},未更改",
            "{who} ({id}) already has {code} {name} for {year}; nothing changed"
        ),
        Outcome::Assigned => msg!(
            "{who}({id}){year} 年的学分标准:{code} {name}",
            "{who} ({id}) follows {code} {name} in {year}"
        ),
        Outcome::Replaced => {
            let old = r.previous.as_deref().unwrap_or("?");
            msg!(
                "{who}({id}){year} 年的学分标准:{code} {name}(原为 {old})",
                "{who} ({id}) follows {code} {name} in {year} (was {old})"
            )
        }
    }));
    let title = &r.title;
    let level = r.title_level.describe();
    let region = r.region_level.label();
    let org = &r.org;
    let mut why = vec![
        out.text(&msg!("职称“{title}”→ {level}", "title '{title}' → {level}")),
        out.text(&match r.region_source {
            assign::RegionSource::Org => msg!(
                "区域等级 {region}(机构 {org})",
                "region level {region} (organisation {org})"
            ),
            assign::RegionSource::Option => msg!(
                "区域等级 {region}(--region-level)",
                "region level {region} (--region-level)"
            ),
            assign::RegionSource::Registration => msg!(
                "区域等级 {region}(注册时的学分达标遵照)",
                "region level {region} (学分达标遵照 of the registration)"
            ),
        }),
        {
            let p = s.province_name();
            out.text(&msg!(
                "{year} 年适用{p}起始年度 {v} 的标准表",
                "{p}'s table from {v} is in force in {year}"
            ))
        },
    ];
    if r.untitled_as_junior {
        why.push(out.text(&msg!(
            "标准表没有“无职称”一级,按初级标准",
            "the table names no standard for 无职称, so the 初级 one applies"
        )));
    }
    for w in why {
        out.line(&format!("  {w}"));
    }
    out.list(std::slice::from_ref(s));
    Ok(ExitCode::Ok)
}

fn assign_all(a: AssignArgs, ctx: &Ctx) -> Result<ExitCode> {
    let mut conn = ctx.open_db()?;
    let bar = ctx
        .out
        .progress(&msg!("分配学分标准", "assigning standards"));
    let r = assign::assign_all(
        &mut conn,
        a.org.as_deref(),
        a.year,
        a.region_level.as_deref(),
        &ctx.who,
        &|d, t| bar.update(d, t),
    )?;
    drop(bar);
    let out = &ctx.out;
    let lang = ctx.lang();
    if out.format == Format::Json {
        #[derive(serde::Serialize)]
        struct Failure<'a> {
            id_number: &'a str,
            name: &'a str,
            message: &'a str,
        }
        #[derive(serde::Serialize)]
        struct Shown<'a> {
            #[serde(flatten)]
            report: &'a assign::BulkReport,
            errors: Vec<Failure<'a>>,
        }
        out.json(&Shown {
            report: &r,
            errors: r
                .failed
                .iter()
                .map(|f| Failure {
                    id_number: &f.id_number,
                    name: &f.name,
                    message: f.message.text(lang),
                })
                .collect(),
        });
    } else {
        let (n, u, x, f, y) = (r.assigned, r.unchanged, r.replaced, r.failed.len(), r.year);
        let tables: Vec<String> = r
            .tables
            .iter()
            .map(|t| format!("{} {}", standard::province_name(&t.province), t.version))
            .collect();
        let v = tables.join(", ");
        out.line(&out.text(&msg!(
            "{y} 年(起始年度 {v} 的标准表):新分配 {n},未变 {u},更换 {x},无法分配 {f}",
            "{y} (table from {v}): assigned {n}, unchanged {u}, replaced {x}, failed {f}"
        )));
        let rows: Vec<Vec<String>> = r
            .by_code
            .iter()
            .map(|(c, n)| vec![c.clone(), n.to_string()])
            .collect();
        if !rows.is_empty() {
            out.rows(
                &[out.t("标准", "Standard"), out.t("人数", "Members")],
                &rows,
            );
        }
        if !r.failed.is_empty() {
            let rows: Vec<Vec<String>> = r
                .failed
                .iter()
                .map(|f| vec![f.id_number.clone(), f.name.clone(), out.text(&f.message)])
                .collect();
            out.rows(
                &[
                    out.t("证件号码", "ID number"),
                    out.t("姓名", "Name"),
                    out.t("问题", "Problem"),
                ],
                &rows,
            );
        }
    }
    Ok(ExitCode::problems_if(!r.failed.is_empty()))
}

fn check(a: CheckArgs, ctx: &Ctx) -> Result<ExitCode> {
    let conn = ctx.open_db()?;
    let mut report = check::check(
        &conn,
        &Scope {
            id_number: a.id_number.clone(),
            org: a.org.clone(),
        },
        a.year,
    )?;
    let out = &ctx.out;
    report.reason = report.why_none.as_ref().map(|m| out.text(m));
    match out.format {
        Format::Json => out.json(&report),
        Format::Csv => out.list(&report.members),
        Format::Table => print_check(ctx, &report, a.all || a.id_number.is_some()),
    }
    if let Some(why) = &report.why_none {
        out.warn(why);
    }
    Ok(ExitCode::problems_if(report.has_problems()))
}

fn print_check(ctx: &Ctx, r: &CheckReport, everyone: bool) {
    let out = &ctx.out;
    let shown: Vec<&MemberCheck> = r
        .members
        .iter()
        .filter(|m| everyone || m.status != Status::Met)
        .collect();
    if !shown.is_empty() {
        let rows: Vec<Vec<String>> = shown.iter().map(|m| m.cells(out.lang)).collect();
        out.rows(&MemberCheck::headers(out.lang), &rows);
    }
    let (y, c, m, s, n) = (r.year, r.checked, r.met, r.short, r.no_standard);
    out.line(&out.text(&msg!(
        "{y} 年:检查 {c} 人,达标 {m},未达标 {s},未分配标准 {n}",
        "{y}: checked {c}, met {m}, short {s}, no standard {n}"
    )));
    let nc = r.not_checked;
    if nc.pending_registration + nc.rejected_registration + nc.not_taking_cme > 0 {
        let (p, x, t) = (
            nc.pending_registration,
            nc.rejected_registration,
            nc.not_taking_cme,
        );
        out.note(&msg!(
            "未检查:单位待审 {p} 人,单位审核不过 {x} 人,不参加继教 {t} 人",
            "not checked: {p} awaiting the unit's review (单位待审), {x} rejected (单位审核不过), {t} not taking part in CME"
        ));
    }
    if n > 0 {
        out.note(&msg!(
            "未分配标准的人员请用 meded credit-standard assign --year {y} 分配",
            "assign the members without a standard with meded credit-standard assign --year {y}"
        ));
    }
}

/// `earned / required` for a class.
fn pair(
    earned: meded::rules::credit::Credits,
    required: Option<meded::rules::credit::Credits>,
) -> String {
    match required {
        Some(r) => format!("{earned}/{r}"),
        None => earned.to_string(),
    }
}

impl Tabular for MemberCheck {
    fn headers(lang: Lang) -> Vec<&'static str> {
        match lang {
            Lang::Zh => vec![
                "证件号码",
                "姓名",
                "机构",
                "标准",
                "结果",
                "国家级I类(周期)",
                "I类(年)",
                "II类",
                "总学分",
                "缺",
            ],
            Lang::En => vec![
                "ID number",
                "Name",
                "Org",
                "Standard",
                "Result",
                "National I (window)",
                "Class I (year)",
                "Class II",
                "Total",
                "Missing",
            ],
        }
    }

    fn cells(&self, lang: Lang) -> Vec<String> {
        let req = self.required;
        let status = match (self.status, lang) {
            (Status::Met, Lang::Zh) => "达标",
            (Status::Short, Lang::Zh) => "未达标",
            (Status::NoStandard, Lang::Zh) => "未分配标准",
            (Status::Met, Lang::En) => "met",
            (Status::Short, Lang::En) => "short",
            (Status::NoStandard, Lang::En) => "no standard",
        };
        let missing = match self.shortfall {
            Some(s) => {
                let mut parts = Vec::new();
                for (label, v) in [
                    (lang.pick("国家级I类", "national I"), s.national_1),
                    (lang.pick("I类", "class I"), s.class_1),
                    (lang.pick("II类", "class II"), s.class_2),
                    (lang.pick("总", "total"), s.total),
                ] {
                    if v.0 > 0 {
                        parts.push(format!("{label} {v}"));
                    }
                }
                parts.join(", ")
            }
            None => String::new(),
        };
        let national = match (self.window, req) {
            (Some([a, b]), Some(r)) => {
                format!("{}/{} ({a}–{b})", self.earned.national_1, r.national_1)
            }
            _ => self.earned.national_1.to_string(),
        };
        vec![
            self.id_number.clone(),
            self.name.clone(),
            self.org.clone(),
            self.code.clone().unwrap_or_default(),
            status.to_owned(),
            national,
            pair(self.earned.class_1, req.map(|r| r.class_1)),
            pair(self.earned.class_2, req.map(|r| r.class_2)),
            pair(self.earned.total, req.map(|r| r.total)),
            missing,
        ]
    }
}

impl Tabular for MemberStandard {
    fn headers(lang: Lang) -> Vec<&'static str> {
        match lang {
            Lang::Zh => vec![
                "年度",
                "编号",
                "名称",
                "省份",
                "起始年度",
                "技术职称",
                "职称等级",
                "区域等级",
                "分配时间",
            ],
            Lang::En => vec![
                "Year",
                "Code",
                "Name",
                "Province",
                "Table from",
                "Title",
                "Title level",
                "Region level",
                "Assigned",
            ],
        }
    }

    fn cells(&self, _lang: Lang) -> Vec<String> {
        vec![
            self.year.to_string(),
            self.code.clone(),
            self.standard.name.clone(),
            self.standard.province_name().to_owned(),
            self.standard.from_year.to_string(),
            self.title.clone().unwrap_or_default(),
            self.title_level.clone(),
            self.region_level.clone(),
            self.assigned_at.clone(),
        ]
    }
}

impl Tabular for Standard {
    fn headers(lang: Lang) -> Vec<&'static str> {
        match lang {
            Lang::Zh => vec![
                "省份",
                "编号",
                "名称",
                "区域等级",
                "职称等级",
                "国家级I类(分/周期)",
                "周期(年)",
                "省级I类(分/年)",
                "II类(分/年)",
                "总学分(分/年)",
                "起始年度",
            ],
            Lang::En => vec![
                "Province",
                "Code",
                "Name",
                "Region level",
                "Title level",
                "National I (per window)",
                "Window (years)",
                "Class I (per year)",
                "Class II (per year)",
                "Total (per year)",
                "From",
            ],
        }
    }

    fn cells(&self, _lang: Lang) -> Vec<String> {
        vec![
            self.province_name().to_owned(),
            self.code.clone(),
            self.name.clone(),
            self.region_label().to_owned(),
            self.title_label().to_owned(),
            self.national_1.to_string(),
            self.national_years.to_string(),
            self.class_1.to_string(),
            self.class_2.to_string(),
            self.total.to_string(),
            self.from_year.to_string(),
        ]
    }
}
