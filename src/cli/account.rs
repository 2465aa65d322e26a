//! `meded account`: import rosters, list and show accounts, passwords.

use std::io::{BufRead, IsTerminal};
use std::path::PathBuf;

use clap::{Args, Subcommand, ValueEnum};
use meded::account::Registration;
use meded::account::import::{self, ImportOptions, ImportReport};
use meded::account::password::{self, Issued};
use meded::account::review::{self, Target};
use meded::account::{self, AccountDetail, AccountRow, Role};
use meded::error::Error;
use meded::i18n::{Lang, Msg};
use meded::sheet::write::OutFormat;
use meded::state::review::Decision;
use meded::{ExitCode, Result, msg};

use super::imports::{ImportFlags, print_report};
use super::output::{Format, Tabular};
use super::{Ctx, reviews};

#[derive(Debug, Subcommand)]
pub enum AccountCommand {
    /// Create accounts from a roster spreadsheet (账号模板).
    #[command(after_help = "\
Columns (found by name below any title rows, in any order; * markers,
full-width brackets and English names such as 'ID Number' are understood):
  residents (default)  招收年份, 姓名, 证件类型, 证件号码, 手机号码
  --role member        姓名, 证件类型, 证件号码, 手机号码, 科室, 技术职称
                       [, 电子邮箱, 参加继教]
  --role teacher       姓名, 证件号码, 手机号码 [, 证件类型, 科室, 技术职称, 电子邮箱]
  --role applicant     姓名, 证件类型, 证件号码, 手机号码   (recruitment; no --org)

Residents get a training record at the base (the year, status 在培). A
person who is 在培/延期/暂停/结束 at another base is refused (seed 004).
Members are registered 单位待审 (seed 001 §2.3) until `account review`
approves them; --approve registers them 单位审核通过 at once, for an office
importing its own staff.
Importing an account that exists at the same base skips it; --update makes
the name and phone follow the file (never the ID type or number).
Applicants (招录) belong to no organisation: they apply with meded recruit
apply, and admission (meded recruit admit) makes them residents of a base.

Examples:
  meded account import roster.xlsx --org H001
  meded account import roster.csv --org H001 --dry-run
  meded account import roster.xlsx --org H001 --errors fix-me.xlsx
  meded account import members.xlsx --org C017 --role member
  meded account import members.xlsx --org C017 --role member --approve
  meded account import applicants.csv --role applicant
  meded account import roster.xlsx --org H001 --random-passwords --credentials pw.xlsx")]
    Import(ImportArgs),
    /// List accounts.
    #[command(
        after_help = "Examples:\n  meded account list --org H001\n  meded account list --format csv > accounts.csv"
    )]
    List(ListArgs),
    /// Show one account with its training records and history.
    #[command(
        after_help = "Examples:\n  meded account show 110101199003070011\n  meded account show 110101199003070011 --format json"
    )]
    Show(ShowArgs),
    /// Approve or reject CME members' registrations (单位审核, seed 001 §2.3).
    #[command(after_help = "\
A member is registered 单位待审; the unit approves (单位审核通过: the member may
log in and is checked against credit standards) or rejects (单位审核不过,
with a reason the member reads). A rejected member may be approved later.
Each change is recorded with the reason. Exit 1 when an ID number could not
be reviewed (no such account, not a member, another organisation).

Examples:
  meded account review 110101199003070011 --approve
  meded account review 110101199003070011 --reject --reason '科室填写错误'
  meded account review --org C017 --approve          # every 单位待审 member of C017")]
    Review(ReviewArgs),
    /// Check a password read from stdin: exit 0 when it matches, 1 when not.
    #[command(after_help = "\
The password is read from stdin (without echo on a terminal), never from the
command line, where other users and the shell history would see it.

Examples:
  meded account check-password 110101199003070011
  printf '%s\\n' \"$PW\" | meded account check-password 110101199003070011")]
    CheckPassword(IdArg),
    /// Set a password the user chose, read from stdin; the policy is enforced.
    #[command(after_help = "\
Policy (seed 003): 8–16 characters with an upper-case letter, a lower-case
letter, a digit and a special character.

Examples:
  meded account set-password 110101199003070011
  printf '%s\\n' \"$NEW\" | meded account set-password 110101199003070011")]
    SetPassword(IdArg),
    /// Delete accounts imported by mistake (wrong person or wrong ID number).
    #[command(after_help = "\
An account's ID number never changes: a wrong one is deleted and imported
again (seed 004). Deletion is for mistakes only — a resident who leaves is
set to 退培 — so it is refused once a record has been submitted to the
province, when the year is locked, or when the person has records at other
bases. The change log keeps what was deleted.

Examples:
  meded account delete 110105199803262500 --org H001 --reason 证件号码录入错误")]
    Delete(DeleteArgs),
    /// Set this deployment's default password for a role (read from stdin).
    #[command(after_help = "\
Without this, the platforms' defaults apply: 000000 for residents and
teachers (seed 000/004), 111111 for CME members (seed 001). Every account in
state 'initial' uses the role's default; it is stored only as a hash.

Examples:
  meded account set-default-password --role member")]
    SetDefaultPassword(DefaultArgs),
}

#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum RoleArg {
    Resident,
    Teacher,
    Member,
    Applicant,
}

impl From<RoleArg> for Role {
    fn from(r: RoleArg) -> Role {
        match r {
            RoleArg::Resident => Role::Resident,
            RoleArg::Teacher => Role::Teacher,
            RoleArg::Member => Role::Member,
            RoleArg::Applicant => Role::Applicant,
        }
    }
}

#[derive(Debug, Args)]
pub struct ImportArgs {
    /// The roster: XLSX, XLS, ODS or CSV (UTF-8 or GBK, comma or tab).
    file: PathBuf,
    /// The organisation the accounts belong to (not for applicants).
    #[arg(long)]
    org: Option<String>,
    #[arg(long, value_enum, default_value = "resident")]
    role: RoleArg,
    #[command(flatten)]
    flags: ImportFlags,
    /// Import residents of a recruitment year whose collection has closed
    /// (the province's decision, recorded in the change log).
    #[arg(long = "override")]
    override_lock: bool,
    /// Members: register them 单位审核通过 at once instead of 单位待审.
    #[arg(long)]
    approve: bool,
    /// Give new accounts random temporary passwords instead of the default.
    #[arg(long, requires = "credentials")]
    random_passwords: bool,
    /// Where the random passwords go (.xlsx or .csv, created with mode 0600).
    #[arg(long, value_name = "OUT", requires = "random_passwords")]
    credentials: Option<PathBuf>,
}

#[derive(Debug, Args)]
pub struct ListArgs {
    /// Only this organisation's accounts.
    #[arg(long)]
    org: Option<String>,
    /// Only CME members in this registration state.
    #[arg(long, value_enum)]
    registration: Option<RegistrationArg>,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum RegistrationArg {
    /// 单位待审
    Pending,
    /// 单位审核不过
    Rejected,
    /// 单位审核通过
    Approved,
}

impl RegistrationArg {
    fn state(self) -> Registration {
        match self {
            RegistrationArg::Pending => Registration::Pending,
            RegistrationArg::Rejected => Registration::Rejected,
            RegistrationArg::Approved => Registration::Approved,
        }
    }
}

#[derive(Debug, Args)]
pub struct ReviewArgs {
    /// ID numbers (证件号码) of the members.
    id_numbers: Vec<String>,
    /// With ID numbers: only members of this organisation; without: every
    /// 单位待审 member of it.
    #[arg(long)]
    org: Option<String>,
    /// 单位审核通过.
    #[arg(long, conflicts_with = "reject", required_unless_present = "reject")]
    approve: bool,
    /// 单位审核不过 (needs --reason).
    #[arg(long)]
    reject: bool,
    /// Why: shown to the member, kept in the change log.
    #[arg(long)]
    reason: Option<String>,
}

#[derive(Debug, Args)]
pub struct ShowArgs {
    /// The ID number (证件号码).
    id_number: String,
}

#[derive(Debug, Args)]
pub struct IdArg {
    /// The ID number (证件号码): the login name.
    id_number: String,
}

#[derive(Debug, Args)]
pub struct DeleteArgs {
    /// ID numbers (证件号码) of the accounts.
    #[arg(required = true)]
    id_numbers: Vec<String>,
    /// Act as this base: only its accounts may be deleted.
    #[arg(long)]
    org: Option<String>,
    /// Why (kept in the history).
    #[arg(long)]
    reason: Option<String>,
}

#[derive(Debug, Args)]
pub struct DefaultArgs {
    #[arg(long, value_enum)]
    role: RoleArg,
}

pub fn run(cmd: AccountCommand, ctx: &Ctx) -> Result<ExitCode> {
    match cmd {
        AccountCommand::Import(a) => import(a, ctx),
        AccountCommand::List(a) => {
            let conn = ctx.open_db()?;
            let state = a.registration.map(RegistrationArg::state);
            ctx.out
                .list(&account::list(&conn, a.org.as_deref(), state)?);
            Ok(ExitCode::Ok)
        }
        AccountCommand::Show(a) => show(a, ctx),
        AccountCommand::Review(a) => review_members(a, ctx),
        AccountCommand::CheckPassword(a) => {
            let conn = ctx.open_db()?;
            let pw = read_secret(ctx, &msg!("密码:", "Password: "), false)?;
            let ok = password::check(&conn, &a.id_number, &pw)?;
            ctx.out.note(&if ok {
                msg!("密码正确", "the password matches")
            } else {
                msg!("密码不正确", "the password does not match")
            });
            Ok(if ok { ExitCode::Ok } else { ExitCode::Problems })
        }
        AccountCommand::SetPassword(a) => {
            let mut conn = ctx.open_db()?;
            let pw = read_secret(ctx, &msg!("新密码:", "New password: "), true)?;
            password::set(&mut conn, &a.id_number, &pw, &ctx.who)?;
            ctx.out.note(&msg!("密码已设置", "the password is set"));
            Ok(ExitCode::Ok)
        }
        AccountCommand::Delete(a) => delete(a, ctx),
        AccountCommand::SetDefaultPassword(a) => {
            let mut conn = ctx.open_db()?;
            let pw = read_secret(ctx, &msg!("默认密码:", "Default password: "), true)?;
            password::set_default(&mut conn, a.role.into(), &pw, &ctx.who)?;
            ctx.out
                .note(&msg!("默认密码已设置", "the default password is set"));
            Ok(ExitCode::Ok)
        }
    }
}

fn delete(a: DeleteArgs, ctx: &Ctx) -> Result<ExitCode> {
    let mut conn = ctx.open_db()?;
    let scope = meded::training::Scope::resolve(&conn, a.org.as_deref())?;
    let report = account::delete::delete(
        &mut conn,
        &scope,
        &a.id_numbers,
        a.reason.as_deref(),
        chrono::Local::now().date_naive(),
        &ctx.who,
    )?;
    let out = &ctx.out;
    let lang = ctx.lang();
    if out.format == Format::Json {
        out.json(&serde_json::json!({
            "deleted": report.deleted.iter().map(|(id, name)| serde_json::json!({"id_number": id, "name": name})).collect::<Vec<_>>(),
            "errors": report.kept.iter().map(|k| serde_json::json!({"id_number": k.id_number, "message": k.message.text(lang)})).collect::<Vec<_>>(),
        }));
    } else {
        let n = report.deleted.len();
        out.line(&out.text(&msg!("已删除 {n} 个账号", "deleted {n} accounts")));
        out.refusals(
            report
                .kept
                .iter()
                .map(|k| (k.id_number.as_str(), &k.message)),
        );
    }
    Ok(ExitCode::problems_if(!report.kept.is_empty()))
}

/// Reads a password: from the terminal without echo (asking twice when
/// `confirm`), or the first line of piped stdin.
fn read_secret(ctx: &Ctx, prompt: &Msg, confirm: bool) -> Result<String> {
    let stdin_error = |e: std::io::Error| Error::Io {
        msg: msg!("无法读取标准输入", "cannot read stdin"),
        source: e,
    };
    if std::io::stdin().is_terminal() {
        let pw = rpassword::prompt_password(ctx.out.text(prompt)).map_err(stdin_error)?;
        if confirm {
            let again = rpassword::prompt_password(ctx.out.t("再输入一次:", "Again: "))
                .map_err(stdin_error)?;
            if again != pw {
                return Err(Error::Usage(msg!(
                    "两次输入不一致",
                    "the two entries differ"
                )));
            }
        }
        return Ok(pw);
    }
    let mut line = String::new();
    std::io::stdin()
        .lock()
        .read_line(&mut line)
        .map_err(stdin_error)?;
    let pw = line.trim_end_matches(['\n', '\r']).to_owned();
    if pw.is_empty() {
        return Err(Error::Usage(msg!(
            "标准输入中没有密码",
            "no password on stdin"
        )));
    }
    Ok(pw)
}

fn import(a: ImportArgs, ctx: &Ctx) -> Result<ExitCode> {
    let flags = a.flags.flags(ctx)?;
    if let Some(p) = &a.credentials {
        OutFormat::for_path(p)?;
    }
    if a.approve && !matches!(a.role, RoleArg::Member) {
        return Err(Error::Usage(msg!(
            "--approve 只用于继教人员(--role member)",
            "--approve applies to CME members only (--role member)"
        )));
    }
    let mut conn = ctx.open_db()?;
    let opts = ImportOptions {
        org: a.org.clone(),
        role: a.role.into(),
        random_passwords: a.random_passwords,
        override_lock: a.override_lock,
        approve: a.approve,
        today: chrono::Local::now().date_naive(),
    };
    let bar = ctx.out.progress(&msg!("导入账号", "importing accounts"));
    let lang = ctx.lang();
    let mut write_credentials = |_: &ImportReport, issued: &Vec<Issued>| -> Result<()> {
        match a.credentials.as_ref().filter(|_| !issued.is_empty()) {
            Some(path) => password::write_credentials(path, issued, lang),
            None => Ok(()),
        }
    };
    let (report, issued) = import::import(
        &mut conn,
        &a.file,
        &opts,
        &flags,
        &ctx.who,
        &|d, t| bar.update(d, t),
        &mut write_credentials,
    )?;
    drop(bar);
    let code = print_report(ctx, &report, &flags);
    if let Some(p) = a.credentials.as_ref().filter(|_| !issued.is_empty()) {
        let p = p.display();
        ctx.out.note(&msg!(
            "临时密码已写入 {p}(仅本人可读)",
            "temporary passwords written to {p} (readable by you only)"
        ));
    }
    Ok(code)
}

fn show(a: ShowArgs, ctx: &Ctx) -> Result<ExitCode> {
    let conn = ctx.open_db()?;
    let d = account::show(&conn, &a.id_number)?;
    let out = &ctx.out;
    if out.format == Format::Json {
        out.json(&d);
        return Ok(ExitCode::Ok);
    }
    let lang = ctx.lang();
    let mut rows = vec![
        vec![
            out.t("证件号码", "ID number").to_owned(),
            d.id_number.clone(),
        ],
        vec![out.t("证件类型", "ID type").to_owned(), d.id_type.clone()],
        vec![out.t("姓名", "Name").to_owned(), d.name.clone()],
        vec![
            out.t("手机号码", "Mobile").to_owned(),
            d.phone.clone().unwrap_or_default(),
        ],
        vec![out.t("角色", "Role").to_owned(), role_text(d.role, lang)],
        vec![
            out.t("机构", "Organisation").to_owned(),
            format!("{} {}", d.org, d.org_name),
        ],
        vec![
            out.t("密码状态", "Password").to_owned(),
            state_text(&d, lang),
        ],
    ];
    for (label, value) in [
        (out.t("电子邮箱", "E-mail"), &d.email),
        (out.t("科室", "Department"), &d.department),
        (out.t("技术职称", "Title"), &d.title),
        (
            out.t("注册状态", "Registration"),
            &d.registration.map(|r| r.label().to_owned()),
        ),
        (
            out.t("参加继教", "Takes CME"),
            &d.takes_cme.map(|b| if b { "是" } else { "否" }.to_owned()),
        ),
    ] {
        if let Some(v) = value {
            rows.push(vec![label.to_owned(), v.clone()]);
        }
    }
    for t in &d.training {
        rows.push(vec![
            out.t("培训", "Training").to_owned(),
            format!("{} {} {} {}", t.org, t.org_name, t.recruit_year, t.status),
        ]);
    }
    out.rows(&[out.t("项目", "Field"), out.t("内容", "Value")], &rows);
    let history: Vec<Vec<String>> = d
        .history
        .iter()
        .map(|e| {
            let what = match (&e.field, &e.before, &e.after) {
                (Some(f), b, a) => format!(
                    "{f}: {} → {}",
                    b.as_deref().unwrap_or("∅"),
                    a.as_deref().unwrap_or("∅")
                ),
                (None, _, Some(a)) => a.clone(),
                _ => e.note.clone().unwrap_or_default(),
            };
            vec![
                e.at.clone(),
                e.actor.clone(),
                event_label(&e.entity, &e.action, lang),
                what,
                e.command.clone(),
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
            out.t("命令", "Command"),
        ],
        &history,
    );
    Ok(ExitCode::Ok)
}

/// What a history event did, in words: "修改账号", "password reset".
pub fn event_label(entity: &str, action: &str, lang: Lang) -> String {
    if lang == Lang::En {
        return format!("{entity} {action}");
    }
    let phrase = match (entity, action) {
        ("report", "submit") => Some("上报"),
        ("report", "reopen") => Some("改为未上报"),
        ("review", "approve") => Some("审核通过"),
        ("review", "return") => Some("退回修改"),
        ("application", "apply") => Some("提交报名"),
        ("application", "approve") => Some("报名审核通过"),
        ("application", "return") => Some("报名退回"),
        ("application", "cancel") => Some("取消报名"),
        ("application", "admit") => Some("录取"),
        _ => None,
    };
    if let Some(p) = phrase {
        return p.to_owned();
    }
    let what = match entity {
        "account" => "账号",
        "training" => "培训记录",
        "password" => "密码",
        "org" => "机构",
        "setting" => "设置",
        "collection" => "采集批次",
        "application" => "报名",
        "recruit_batch" => "招录批次",
        "recruit_plan" => "招录计划",
        other => other,
    };
    let verb = match action {
        "create" => "新增",
        "update" => "修改",
        "delete" => "删除",
        "reset" => "重置",
        "set" => "设置",
        other => other,
    };
    format!("{verb}{what}")
}

fn review_members(a: ReviewArgs, ctx: &Ctx) -> Result<ExitCode> {
    let decision = if a.reject {
        Decision::new(Registration::Rejected, "reject", a.reason.as_deref())?
    } else {
        Decision::new(Registration::Approved, "approve", a.reason.as_deref())?
    };
    let mut conn = ctx.open_db()?;
    let target = Target {
        ids: a.id_numbers,
        org: a.org,
    };
    let report = review::review(&mut conn, &target, &decision, &ctx.who)?;
    Ok(reviews::print(ctx, &report, decision.to, &reviews::MEMBERS))
}

fn role_text(role: Role, lang: Lang) -> String {
    match lang {
        Lang::Zh => role.label().to_owned(),
        Lang::En => role.key().to_owned(),
    }
}

fn state_text(d: &AccountDetail, lang: Lang) -> String {
    use meded::account::PasswordState::*;
    match (d.password_state, lang) {
        (Initial, Lang::Zh) => "初始(默认密码,首次登录须修改)".into(),
        (Temporary, Lang::Zh) => "临时(须修改)".into(),
        (Set, Lang::Zh) => "已设置".into(),
        (s, Lang::En) => s.key().into(),
    }
}

impl Tabular for AccountRow {
    fn headers(lang: Lang) -> Vec<&'static str> {
        match lang {
            Lang::Zh => vec![
                "证件号码",
                "姓名",
                "证件类型",
                "手机号码",
                "角色",
                "机构",
                "密码状态",
            ],
            Lang::En => vec![
                "ID number",
                "Name",
                "ID type",
                "Mobile",
                "Role",
                "Org",
                "Password",
            ],
        }
    }

    fn cells(&self, lang: Lang) -> Vec<String> {
        vec![
            self.id_number.clone(),
            self.name.clone(),
            self.id_type.clone(),
            self.phone.clone().unwrap_or_default(),
            role_text(self.role, lang),
            self.org.clone(),
            self.password_state.key().to_owned(),
        ]
    }
}
