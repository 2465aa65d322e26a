//! `meded org`: add and list organisations.

use clap::{Args, Subcommand, ValueEnum};
use meded::i18n::Lang;
use meded::org::{self, Added, NewOrg, OrgKind, OrgSummary};
use meded::{ExitCode, Result, msg};

use super::Ctx;
use super::output::{Format, Tabular};

#[derive(Debug, Subcommand)]
pub enum OrgCommand {
    /// Add a training base or CME institution.
    #[command(after_help = "\
Examples:
  meded org add --code H001 --name 四川大学华西医院 --province 四川 --kind base
  meded org add --code C017 --name 成都市第三人民医院 --province 51 --kind cme --region-level 市州级
  meded org add --code C018 --name 成都市武侯区第三人民医院 --province 四川 --city 成都 --district 武侯区 --kind cme --region-level 县级

Adding an organisation that exists with the same details does nothing and
succeeds, so scripts can run twice; different details are refused.")]
    Add(AddArgs),
    /// Change an organisation's name, province, city, district or region level.
    #[command(after_help = "\
The code and the kind never change. Each change is kept in the change log;
credit standards already assigned and certificates already issued keep
what they were made from.

Examples:
  meded org update --code C017 --province 四川
  meded org update --code C017 --city 成都 --district 武侯区
  meded org update --code C017 --region-level 三级医院 --name 成都市第三人民医院(三级)")]
    Update(UpdateArgs),
    /// List organisations with their number of accounts.
    #[command(after_help = "Examples:\n  meded org list\n  meded org list --format json")]
    List,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum KindArg {
    /// 培训基地: a residency training base.
    Base,
    /// 继教单位: a CME institution.
    Cme,
}

#[derive(Debug, Args)]
pub struct AddArgs {
    /// Unique code, used by every other command's --org.
    #[arg(long)]
    code: String,
    /// Full name, as printed on certificates.
    #[arg(long)]
    name: String,
    /// Province: short name (四川), full name (四川省) or GB/T 2260 code (51).
    #[arg(long)]
    province: Option<String>,
    #[arg(long, value_enum, default_value = "base")]
    kind: KindArg,
    /// For CME standards: 省级/三级医院, 市州级/二级以下医院, 县级 or 乡镇卫生院
    /// (省级, 三级, 市州级, 二级 … are understood).
    #[arg(long)]
    region_level: Option<String>,
    /// The city (市) within the province, as written: 成都.
    #[arg(long)]
    city: Option<String>,
    /// The district or county (区/县) within the city, as written: 武侯区.
    #[arg(long)]
    district: Option<String>,
}

#[derive(Debug, Args)]
pub struct UpdateArgs {
    /// The organisation to change.
    #[arg(long)]
    code: String,
    #[arg(long)]
    name: Option<String>,
    /// Province: short name, full name or GB/T 2260 code.
    #[arg(long)]
    province: Option<String>,
    /// 省级/三级医院, 市州级/二级以下医院, 县级 or 乡镇卫生院.
    #[arg(long)]
    region_level: Option<String>,
    /// The city (市); an empty value removes it.
    #[arg(long)]
    city: Option<String>,
    /// The district or county (区/县); an empty value removes it.
    #[arg(long)]
    district: Option<String>,
}

pub fn run(cmd: OrgCommand, ctx: &Ctx) -> Result<ExitCode> {
    match cmd {
        OrgCommand::Add(a) => add(a, ctx),
        OrgCommand::Update(a) => update(a, ctx),
        OrgCommand::List => list(ctx),
    }
}

fn add(a: AddArgs, ctx: &Ctx) -> Result<ExitCode> {
    let mut conn = ctx.create_db()?;
    let new = NewOrg {
        code: a.code,
        name: a.name,
        province: a.province,
        kind: Some(match a.kind {
            KindArg::Base => OrgKind::Base,
            KindArg::Cme => OrgKind::Cme,
        }),
        region_level: a.region_level,
        city: a.city,
        district: a.district,
    };
    let (added, org) = org::add(&mut conn, &new, &ctx.who)?;
    let out = &ctx.out;
    if out.format == Format::Json {
        #[derive(serde::Serialize)]
        struct Shown<'a> {
            result: Added,
            #[serde(flatten)]
            org: &'a org::Org,
        }
        out.json(&Shown {
            result: added,
            org: &org,
        });
    } else {
        let (code, name) = (&org.code, &org.name);
        out.line(&out.text(&match added {
            Added::Created => msg!("已添加机构 {code} {name}", "added {code} {name}"),
            Added::Unchanged => msg!(
                "机构 {code} {name} 已存在,未更改",
                "{code} {name} already exists; nothing changed"
            ),
        }));
    }
    Ok(ExitCode::Ok)
}

fn update(a: UpdateArgs, ctx: &Ctx) -> Result<ExitCode> {
    let mut conn = ctx.open_db()?;
    let (org, changed) = org::update(
        &mut conn,
        &a.code,
        &org::OrgUpdate {
            name: a.name,
            province: a.province,
            region_level: a.region_level,
            city: a.city,
            district: a.district,
        },
        &ctx.who,
    )?;
    let out = &ctx.out;
    if out.format == Format::Json {
        #[derive(serde::Serialize)]
        struct Shown<'a> {
            changed: usize,
            #[serde(flatten)]
            org: &'a org::Org,
        }
        out.json(&Shown { changed, org: &org });
    } else {
        let code = &org.code;
        out.line(&out.text(&if changed > 0 {
            msg!(
                "已修改机构 {code} 的 {changed} 项信息",
                "changed {changed} details of {code}"
            )
        } else {
            msg!("机构 {code} 的信息未变", "{code}: nothing changed")
        }));
    }
    Ok(ExitCode::Ok)
}

fn list(ctx: &Ctx) -> Result<ExitCode> {
    let conn = ctx.open_db()?;
    ctx.out.list(&org::list(&conn)?);
    Ok(ExitCode::Ok)
}

impl Tabular for OrgSummary {
    fn headers(lang: Lang) -> Vec<&'static str> {
        match lang {
            Lang::Zh => vec![
                "代码",
                "名称",
                "省份",
                "市",
                "区县",
                "类型",
                "区域等级",
                "账号数",
            ],
            Lang::En => vec![
                "Code",
                "Name",
                "Province",
                "City",
                "District",
                "Kind",
                "Region level",
                "Accounts",
            ],
        }
    }

    fn cells(&self, lang: Lang) -> Vec<String> {
        let o = &self.org;
        vec![
            o.code.clone(),
            o.name.clone(),
            o.province_name().unwrap_or("").to_owned(),
            o.city.clone().unwrap_or_default(),
            o.district.clone().unwrap_or_default(),
            match o.kind {
                OrgKind::Base => lang.pick("培训基地", "training base"),
                OrgKind::Cme => lang.pick("继教单位", "CME institution"),
            }
            .to_owned(),
            o.region_level.map(|l| l.label()).unwrap_or("").to_owned(),
            self.accounts.to_string(),
        ]
    }
}
