//! The command line: global options, the command tree, and the context a
//! command runs in. Each command group has its own file; each command parses
//! its options, calls one library function and renders what it returns.

mod account;
mod archive;
mod audit;
mod certificate;
mod codes;
mod collection;
mod credit;
mod db;
mod history;
mod imports;
mod key;
mod org;
pub mod output;
mod password;
mod profile;
mod recruit;
mod report;
mod reviews;
mod rotation;
mod standard;
mod teacher;
mod template;
mod training;
pub mod zh;
mod zh_text;

use std::path::PathBuf;

use clap::{Parser, Subcommand, ValueEnum};
use meded::db::Access;
use meded::db::sql::Connection;
use meded::history::Who;
use meded::i18n::Lang;
use meded::{ExitCode, Result};

use output::{Format, Out};

/// Batch administration for residency training (住培) and continuing
/// medical education (继教): accounts, passwords, profiles, submissions,
/// reviews, credit standards and certificates, on one SQLite file.
#[derive(Debug, Parser)]
#[command(name = "meded", version, about, max_term_width = 100)]
#[command(after_help = "\
Examples:
  meded org add --code H001 --name 四川大学华西医院 --province 四川 --kind base
  meded account import examples/roster.xlsx --org H001
  meded account show 110101199003070011 --format json
  meded reset-password --org H001 --random --credentials passwords.xlsx
  meded profile import examples/profiles.xlsx --org H001
  meded profile validate --org H001 --errors fix-me.xlsx
  meded report submit --org H001 --year 2019
  meded audit approve --org H001 --all
  meded credit import credits.xlsx
  meded credit-standard check --year 2017 --org C017
  meded certificate --org C017 --from 2015 --to 2017 --out-dir certs/
  meded certificate verify 7KQ2-M9XD-4TWP
  meded template profile -o 个人信息.xlsx

Exit codes: 0 done; 1 done, but data problems were found (rows refused,
validation issues, members short of their standard); 2 usage error or
unsuitable input; 3 database or I/O failure.")]
pub struct Cli {
    /// The database file; created by the first command that writes to it
    /// (org add, db init, …), never by one that only reads.
    #[arg(long, global = true, env = "MEDED_DB", default_value = "meded.db")]
    pub db: PathBuf,

    /// How to print data [default: table].
    #[arg(long, global = true, value_enum)]
    pub format: Option<Format>,

    /// Language of messages [default: from LANG; zh when it starts with zh].
    #[arg(long, global = true, value_enum)]
    pub lang: Option<LangArg>,

    /// Who is acting, for the change log [default: $MEDED_ACTOR, else the
    /// operating-system user].
    #[arg(long, global = true, env = "MEDED_ACTOR")]
    pub actor: Option<String>,

    /// No progress bars or notes; only data and errors.
    #[arg(short, long, global = true)]
    pub quiet: bool,

    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum LangArg {
    Zh,
    En,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Organisations: training bases and CME institutions.
    #[command(subcommand)]
    Org(org::OrgCommand),
    /// Accounts: import rosters, list, show, passwords.
    #[command(subcommand)]
    Account(account::AccountCommand),
    /// Reset passwords to the default, or to random temporary ones.
    ResetPassword(password::ResetArgs),
    /// Training information and statuses of residents at a base.
    #[command(subcommand)]
    Training(training::TrainingCommand),
    /// Yearly collections (采集批次) and their windows.
    #[command(subcommand)]
    Collection(collection::CollectionCommand),
    /// Submission (上报) to the province, status counts, national export.
    #[command(subcommand)]
    Report(report::ReportCommand),
    /// The province's review (审核) of submitted records.
    #[command(subcommand)]
    Audit(audit::AuditCommand),
    /// CME credit records (学分登记): import, review, list, edit, delete.
    #[command(subcommand)]
    Credit(credit::CreditCommand),
    /// CME credit standards (学分标准): tables, assignment, compliance check.
    #[command(subcommand)]
    CreditStandard(standard::StandardCommand),
    /// Credit certificates (学分证明) as PDF: one member or many; verify, revoke.
    Certificate(Box<certificate::CertificateArgs>),
    /// The key that signs certificates' QR codes: init, export.
    #[command(subcommand)]
    Key(key::KeyCommand),
    /// Resident profiles: import, validate, return to the resident, show.
    #[command(subcommand)]
    Profile(profile::ProfileCommand),
    /// Recruitment (招录): batches, plans, applications, review, admission.
    #[command(subcommand)]
    Recruit(recruit::RecruitCommand),
    /// Write a blank official template with dropdowns (.xlsx).
    Template(template::TemplateArgs),
    /// The database: create it; on PostgreSQL, roles and who plays them.
    #[command(subcommand)]
    Db(db::DbCommand),
    /// Teachers (师资): registry, evidence, eligibility, recommendation, roster.
    #[command(subcommand)]
    Teacher(teacher::TeacherCommand),
    /// Residents' rotations (轮转) and the teachers assigned to them.
    #[command(subcommand)]
    Rotation(rotation::RotationCommand),
    /// CME technical archives (技术档案): import, review, show, 变更详情, résumé, queue.
    #[command(subcommand)]
    Archive(archive::ArchiveCommand),
    /// Code lists a province imports: schools, majors, subjects.
    #[command(subcommand)]
    Codes(codes::CodesCommand),
}

/// What every command runs with.
pub struct Ctx {
    pub db: PathBuf,
    pub out: Out,
    pub who: Who,
    /// Whether this command created its database ([`Ctx::create_db`]),
    /// and whether it made the file.
    created: std::cell::Cell<Option<bool>>,
}

impl Ctx {
    /// The database of a command that reads, or changes what is already
    /// there: it must exist (exit 2 saying how to create one otherwise).
    pub fn open_db(&self) -> Result<Connection> {
        Ok(meded::db::open_as(&self.db, Access::Existing)?.conn)
    }

    /// The database of a command that adds to it and can start from an
    /// empty one (`org add`, `db init`, an import …): created when there is
    /// none. Whether it was is said once the command is done ([`Ctx::finish`]).
    pub fn create_db(&self) -> Result<Connection> {
        let opened = meded::db::open_as(&self.db, Access::MayCreate)?;
        if opened.created {
            self.created.set(Some(opened.made_file));
        }
        Ok(opened.conn)
    }

    /// The database of a command that writes unless it is a dry run: a dry
    /// run creates nothing, a database least of all.
    pub fn write_db(&self, dry_run: bool) -> Result<Connection> {
        if dry_run {
            self.open_db()
        } else {
            self.create_db()
        }
    }

    /// After the command: a database it created is announced when the
    /// command did its work, and removed again when it failed (exit 2 or
    /// 3 leaves nothing behind, a new empty database file included).
    pub fn finish(&self, failed: bool) {
        let Some(made_file) = self.created.get() else {
            return;
        };
        if failed {
            if made_file {
                meded::db::discard(&self.db);
            }
            return;
        }
        let p = meded::db::shown(&self.db);
        self.out.note(&meded::msg!(
            "已在 {p} 新建数据库",
            "created a new database at {p}"
        ));
    }

    pub fn lang(&self) -> Lang {
        self.out.lang
    }
}

/// The language: `--lang`, else LANG (Chinese when it starts with zh).
pub fn lang(arg: Option<LangArg>) -> Lang {
    match arg {
        Some(LangArg::Zh) => Lang::Zh,
        Some(LangArg::En) => Lang::En,
        None => Lang::from_locale(&std::env::var("LANG").unwrap_or_default()),
    }
}

/// The command line as recorded in the change log, quoted where needed,
/// with the password of a database URL written `***`.
fn command_line() -> String {
    let args: Vec<String> = std::env::args()
        .map(|a| {
            if a.is_empty() || a.contains(|c: char| c.is_whitespace() || "'\"\\$`".contains(c)) {
                format!("'{}'", a.replace('\'', r"'\''"))
            } else {
                a
            }
        })
        .collect();
    let mut line = args.join(" ");
    if let Some(first) = args.first() {
        // The program's own path says nothing; keep its name.
        let name = std::path::Path::new(first)
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        line = format!("{name}{}", &line[first.len()..]);
    }
    meded::db::redact_command(&line)
}

/// The operating-system user: $USER (or LOGNAME, USERNAME) as the shell
/// sets it, else the system's user database, so that a job run by cron,
/// where $USER is unset, still names its user.
fn os_user() -> String {
    ["USER", "LOGNAME", "USERNAME"]
        .iter()
        .find_map(|k| std::env::var(k).ok().filter(|v| !v.trim().is_empty()))
        .or_else(|| Some(whoami::username()).filter(|u| !u.trim().is_empty()))
        .unwrap_or_else(|| "unknown".to_owned())
}

impl Cli {
    pub fn context(&self) -> Ctx {
        let format = self.format.unwrap_or(Format::Table);
        Ctx {
            db: self.db.clone(),
            out: Out {
                format,
                lang: lang(self.lang),
                quiet: self.quiet,
            },
            who: Who {
                actor: self
                    .actor
                    .clone()
                    .filter(|a| !a.trim().is_empty())
                    .unwrap_or_else(os_user),
                command: command_line(),
            },
            created: std::cell::Cell::new(None),
        }
    }

    pub fn run(self, ctx: &Ctx) -> Result<ExitCode> {
        match self.command {
            Command::Org(c) => org::run(c, ctx),
            Command::Account(c) => account::run(c, ctx),
            Command::ResetPassword(a) => password::reset(a, ctx),
            Command::Training(c) => training::run(c, ctx),
            Command::Collection(c) => collection::run(c, ctx),
            Command::Report(c) => report::run(c, ctx),
            Command::Audit(c) => audit::run(c, ctx),
            Command::Credit(c) => credit::run(c, ctx),
            Command::CreditStandard(c) => standard::run(c, ctx),
            Command::Certificate(a) => certificate::run(*a, ctx),
            Command::Key(c) => key::run(c, ctx),
            Command::Profile(c) => profile::run(c, ctx),
            Command::Recruit(c) => recruit::run(c, ctx),
            Command::Template(a) => template::run(a, ctx),
            Command::Teacher(c) => teacher::run(c, ctx),
            Command::Rotation(c) => rotation::run(c, ctx),
            Command::Archive(c) => archive::run(c, ctx),
            Command::Codes(c) => codes::run(c, ctx),
            Command::Db(c) => db::run(c, ctx),
        }
    }
}
