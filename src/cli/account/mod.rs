//! `meded account`: import rosters, list and show accounts, review
//! registrations, passwords, delete. One file per command.

mod delete;
mod import;
mod list;
mod password;
mod review;
mod show;

use clap::{Subcommand, ValueEnum};
use meded::account::Role;
use meded::i18n::Lang;
use meded::{ExitCode, Result};

use super::Ctx;

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
person who is 在培/延期/暂停/结束 at another base is refused until that base
sets the status to 退培. Members are registered 单位待审 (awaiting the unit's
review) until `account review`
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
    Import(import::ImportArgs),
    /// List accounts.
    #[command(
        after_help = "Examples:\n  meded account list --org H001\n  meded account list --format csv > accounts.csv"
    )]
    List(list::ListArgs),
    /// Show one account with its training records and history.
    #[command(
        after_help = "Examples:\n  meded account show 110101199003070011\n  meded account show 110101199003070011 --format json"
    )]
    Show(show::ShowArgs),
    /// Approve or reject CME members' registrations (单位审核).
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
    Review(review::ReviewArgs),
    /// Check a password read from stdin: exit 0 when it matches, 1 when not.
    #[command(after_help = "\
The password is read from stdin (without echo on a terminal), never from the
command line, where other users and the shell history would see it.

Examples:
  meded account check-password 110101199003070011
  printf '%s\\n' \"$PW\" | meded account check-password 110101199003070011")]
    CheckPassword(password::IdArg),
    /// Set a password the user chose, read from stdin; the policy is enforced.
    #[command(after_help = "\
Policy: 8–16 characters with an upper-case letter, a lower-case letter, a
digit and a special character.

With --old, the user's own change (修改密码): the old password is read first
and checked, then the new one twice; on stdin, three lines. A wrong old
password changes nothing (exit 1).

Examples:
  meded account set-password 110101199003070011
  printf '%s\\n' \"$NEW\" | meded account set-password 110101199003070011
  printf '%s\\n' \"$OLD\" \"$NEW\" \"$NEW\" | meded account set-password 110101199003070011 --old")]
    SetPassword(password::SetArgs),
    /// Delete accounts imported by mistake (wrong person or wrong ID number).
    #[command(after_help = "\
An account's ID number never changes: a wrong one is deleted and imported
again. Deletion is for mistakes only — a resident who leaves is
set to 退培 — so it is refused once a record has been submitted to the
province, when the year is locked, or when the person has records at other
bases. The change log keeps what was deleted.

Examples:
  meded account delete 110105199803262500 --org H001 --reason 证件号码录入错误")]
    Delete(delete::DeleteArgs),
    /// Set this deployment's default password for a role (read from stdin).
    #[command(after_help = "\
Without this, the platforms' defaults apply: 000000 for residents and
teachers (the national residency platform's), 111111 for CME members (the
CME platform's). Every account in state 'initial' uses the role's default;
it is stored only as a hash.

Examples:
  meded account set-default-password --role member")]
    SetDefaultPassword(password::DefaultArgs),
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

/// A role as people read it.
pub fn role_text(role: Role, lang: Lang) -> String {
    match lang {
        Lang::Zh => role.label().to_owned(),
        Lang::En => role.key().to_owned(),
    }
}

pub fn run(cmd: AccountCommand, ctx: &Ctx) -> Result<ExitCode> {
    match cmd {
        AccountCommand::Import(a) => import::run(a, ctx),
        AccountCommand::List(a) => list::run(a, ctx),
        AccountCommand::Show(a) => show::run(a, ctx),
        AccountCommand::Review(a) => review::run(a, ctx),
        AccountCommand::CheckPassword(a) => password::check(a, ctx),
        AccountCommand::SetPassword(a) => password::set(a, ctx),
        AccountCommand::Delete(a) => delete::run(a, ctx),
        AccountCommand::SetDefaultPassword(a) => password::set_default(a, ctx),
    }
}
