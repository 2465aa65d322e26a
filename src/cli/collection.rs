//! `meded collection`: yearly collections and their windows.

use clap::{Args, Subcommand, ValueEnum};
use meded::collection::{self, Collection, Kind, NewCollection};
use meded::i18n::Lang;
use meded::{ExitCode, Result, msg};

use super::Ctx;
use super::output::{Format, Tabular};

#[derive(Debug, Subcommand)]
pub enum CollectionCommand {
    /// Open a yearly collection with its windows.
    #[command(after_help = "\
Kinds: new (新招收, the year's new recruits), update (在培更新, earlier
years' residents), completion (结业补报, early completers of 附件1).

A new-recruit collection's bases' window (--from … --until) is when that
year's new recruits are entered: adding residents of that recruitment year
and their first submission are refused before it opens and after it
closes, naming the collection, unless the province uses --override (after
the close, an in-training update collection of a later year opens the entry
again while it runs). Updates of records already there (status, dates,
years, person type, profile) are open at any time and set a submitted
record back to 未上报.

Examples:
  meded collection open --year 2019 --kind new --from 2019-10-13 --until 2019-10-31 --review-until 2019-11-05
  meded collection open --year 2019 --kind update --from 2019-10-13 --until 2019-10-31")]
    Open(OpenArgs),
    /// List collections.
    #[command(
        after_help = "Examples:\n  meded collection list\n  meded collection list --format json"
    )]
    List,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum KindArg {
    /// 新招收
    New,
    /// 在培更新
    Update,
    /// 结业补报
    Completion,
}

#[derive(Debug, Args)]
pub struct OpenArgs {
    #[arg(long)]
    year: i32,
    #[arg(long, value_enum)]
    kind: KindArg,
    /// First day of the bases' window.
    #[arg(long)]
    from: String,
    /// Last day of the bases' window.
    #[arg(long)]
    until: String,
    /// Last day of the province's review.
    #[arg(long)]
    review_until: Option<String>,
}

pub fn kind_of(k: KindArg) -> Kind {
    match k {
        KindArg::New => Kind::NewRecruits,
        KindArg::Update => Kind::Update,
        KindArg::Completion => Kind::Completion,
    }
}

pub fn run(cmd: CollectionCommand, ctx: &Ctx) -> Result<ExitCode> {
    match cmd {
        CollectionCommand::Open(a) => {
            let mut conn = ctx.create_db()?;
            let c = collection::open(
                &mut conn,
                &NewCollection {
                    year: a.year,
                    kind: kind_of(a.kind),
                    opens: a.from,
                    closes: a.until,
                    review_until: a.review_until,
                },
                &ctx.who,
            )?;
            if ctx.out.format == Format::Json {
                ctx.out.json(&c);
            } else {
                let d = c.collection.describe();
                ctx.out.line(&ctx.out.text(&if c.created {
                    msg!("已开启采集批次 {d}", "opened the collection {d}")
                } else {
                    msg!(
                        "采集批次 {d} 已开启,未作更改",
                        "the collection {d} was open already; nothing changed"
                    )
                }));
            }
            Ok(ExitCode::Ok)
        }
        CollectionCommand::List => {
            let conn = ctx.open_db()?;
            ctx.out.list(&collection::list(&conn)?);
            Ok(ExitCode::Ok)
        }
    }
}

impl Tabular for Collection {
    fn headers(lang: Lang) -> Vec<&'static str> {
        match lang {
            Lang::Zh => vec![
                "年份",
                "类型",
                "基地填报开始",
                "基地填报截止",
                "省级审核截止",
            ],
            Lang::En => vec!["Year", "Kind", "Bases from", "Bases until", "Review until"],
        }
    }

    fn cells(&self, _lang: Lang) -> Vec<String> {
        vec![
            self.year.to_string(),
            self.kind.label().to_owned(),
            self.opens.to_string(),
            self.closes.to_string(),
            self.review_until.map(|d| d.to_string()).unwrap_or_default(),
        ]
    }
}
