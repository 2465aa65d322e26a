//! `meded db`: setting up a database — the schema, and on a province's
//! PostgreSQL server the roles and who plays them.

use clap::{Args, Subcommand, ValueEnum};
use meded::server::{self, Role};
use meded::{ExitCode, Result, msg};

use super::Ctx;
use super::output::Format;

#[derive(Debug, Subcommand)]
pub enum DbCommand {
    /// Create the schema (and, on PostgreSQL, the roles and their
    /// row-level security policies).
    #[command(after_help = "\
A command that writes (org add, an import …) creates a new database with
its schema; one that only reads refuses a database that is not there.
`db init` creates it and does nothing else, and says which engine and
schema version it found. On a PostgreSQL server, --roles (run as the owner of the database, again
whenever meded is upgraded) creates three roles — base-admin,
province-reviewer, cme-office — and the policies by which the server
itself limits what each sees and changes. It first checks the rights this
needs (owning meded's tables; CREATEROLE to make and grant the three
roles) and, lacking one, says which and changes nothing; otherwise it
does all of it at once, and may run again. What the owner may not do
itself (taking TEMP, or CREATE on the schema public, from PUBLIC) it lists
for the server's administrator. docs/server.md walks through a province's
deployment, docs/security.md states what holds against whom.

Examples:
  meded --db meded.db db init
  meded --db postgres://meded@db.example/meded db init --roles")]
    Init(InitArgs),
    /// Make a database user a base administrator, province reviewer or CME
    /// office (PostgreSQL only).
    #[command(after_help = "\
The user is created as a login (without a password: the server's
administrator decides how it authenticates) when the server has none of
that name. A base administrator is granted training bases, a CME office
CME institutions, with --org (repeat it for several); a province reviewer
reads every base's submissions and is granted none. The change log then
names the connected user as the actor of each change.

Examples:
  meded --db postgres://meded@db.example/meded db grant wang --role base-admin --org H001
  meded --db postgres://meded@db.example/meded db grant li --role province-reviewer
  meded --db postgres://meded@db.example/meded db grant zhao --role cme-office --org C001 --org C002")]
    Grant(GrantArgs),
}

#[derive(Debug, Args)]
pub struct InitArgs {
    /// Also create the roles and row-level security policies (PostgreSQL).
    #[arg(long)]
    roles: bool,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
enum RoleArg {
    BaseAdmin,
    ProvinceReviewer,
    CmeOffice,
}

#[derive(Debug, Args)]
pub struct GrantArgs {
    /// The database user (login) name.
    user: String,
    /// The role the user plays.
    #[arg(long, value_enum)]
    role: RoleArg,
    /// An organisation the user administers (repeatable).
    #[arg(long = "org", value_name = "CODE")]
    orgs: Vec<String>,
}

pub fn run(c: DbCommand, ctx: &Ctx) -> Result<ExitCode> {
    match c {
        DbCommand::Init(a) => init(a, ctx),
        DbCommand::Grant(a) => grant(a, ctx),
    }
}

fn init(a: InitArgs, ctx: &Ctx) -> Result<ExitCode> {
    let done = if a.roles {
        server::init_roles(&ctx.db)?
    } else {
        server::init(&ctx.create_db()?)
    };
    let out = &ctx.out;
    if out.format == Format::Json {
        out.json(&done);
        return Ok(ExitCode::Ok);
    }
    let (engine, version) = (done.engine, done.schema_version);
    out.line(&out.text(&msg!(
        "数据库已就绪({engine},结构版本 {version})",
        "the database is ready ({engine}, schema version {version})"
    )));
    if done.roles {
        out.note(&msg!(
            "已建立角色 meded_base_admin、meded_province_reviewer、meded_cme_office 及其访问策略;用 meded db grant 授予用户",
            "made the roles meded_base_admin, meded_province_reviewer and meded_cme_office with their policies; give them to users with meded db grant"
        ));
    }
    if !done.dba_steps.is_empty() {
        let steps = done.dba_steps.join("\n  ");
        out.warn(&msg!(
            "以下加固须由服务器管理员(数据库或 public 模式的所有者)执行,当前用户无权执行:\n  {steps}",
            "the server's administrator (the owner of the database or of the schema public) still has to run, as this user may not:\n  {steps}"
        ));
    }
    Ok(ExitCode::Ok)
}

fn grant(a: GrantArgs, ctx: &Ctx) -> Result<ExitCode> {
    let role = match a.role {
        RoleArg::BaseAdmin => Role::BaseAdmin,
        RoleArg::ProvinceReviewer => Role::ProvinceReviewer,
        RoleArg::CmeOffice => Role::CmeOffice,
    };
    let mut conn = ctx.open_db()?;
    let done = server::grant(&mut conn, &a.user, role, &a.orgs, &ctx.who)?;
    let out = &ctx.out;
    if out.format == Format::Json {
        out.json(&done);
        return Ok(ExitCode::Ok);
    }
    let (user, r) = (&done.user, role.key());
    if done.created_user {
        out.note(&msg!(
            "已创建数据库登录用户 {user}(无密码:请由服务器管理员设定认证方式)",
            "created the database login {user} (no password: the server's administrator sets how it authenticates)"
        ));
    }
    let orgs = done.orgs.join(", ");
    out.line(&out.text(&if orgs.is_empty() {
        msg!("{user} 现为 {r}", "{user} is now a {r}")
    } else {
        msg!(
            "{user} 现为 {r},管理机构:{orgs}",
            "{user} is now a {r} of {orgs}"
        )
    }));
    Ok(ExitCode::Ok)
}
