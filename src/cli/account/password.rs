//! `meded account check-password`, `set-password`, `set-default-password`:
//! passwords read from the terminal or stdin, never from the command line.

use std::io::{BufRead, IsTerminal};

use clap::Args;
use meded::account::password::{self, Login};
use meded::error::Error;
use meded::i18n::Msg;
use meded::{ExitCode, Result, msg};

use super::RoleArg;
use crate::cli::Ctx;

#[derive(Debug, Args)]
pub struct IdArg {
    /// The ID number (证件号码): the login name.
    id_number: String,
}

#[derive(Debug, Args)]
pub struct DefaultArgs {
    #[arg(long, value_enum)]
    role: RoleArg,
}

pub fn check(a: IdArg, ctx: &Ctx) -> Result<ExitCode> {
    let conn = ctx.open_db()?;
    let pw = read_secret(ctx, &msg!("密码:", "Password: "), false)?;
    Ok(match password::check(&conn, &a.id_number, &pw)? {
        Login::Allowed => {
            ctx.out.note(&msg!("密码正确", "the password matches"));
            ExitCode::Ok
        }
        Login::WrongPassword => {
            ctx.out
                .note(&msg!("密码不正确", "the password does not match"));
            ExitCode::Problems
        }
        Login::Refused(why) => {
            ctx.out.warn(&why);
            ExitCode::Problems
        }
    })
}

pub fn set(a: IdArg, ctx: &Ctx) -> Result<ExitCode> {
    let mut conn = ctx.open_db()?;
    let pw = read_secret(ctx, &msg!("新密码:", "New password: "), true)?;
    password::set(&mut conn, &a.id_number, &pw, &ctx.who)?;
    ctx.out.note(&msg!("密码已设置", "the password is set"));
    Ok(ExitCode::Ok)
}

pub fn set_default(a: DefaultArgs, ctx: &Ctx) -> Result<ExitCode> {
    let mut conn = ctx.create_db()?;
    let pw = read_secret(ctx, &msg!("默认密码:", "Default password: "), true)?;
    password::set_default(&mut conn, a.role.into(), &pw, &ctx.who)?;
    ctx.out
        .note(&msg!("默认密码已设置", "the default password is set"));
    Ok(ExitCode::Ok)
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
