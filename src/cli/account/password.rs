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
pub struct SetArgs {
    /// The ID number (证件号码): the login name.
    id_number: String,
    /// The user's own change (修改密码): read the old password first and
    /// check it, then the new one twice (on stdin: three lines).
    #[arg(long)]
    old: bool,
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

pub fn set(a: SetArgs, ctx: &Ctx) -> Result<ExitCode> {
    let mut conn = ctx.open_db()?;
    if !a.old {
        let pw = read_secret(ctx, &msg!("新密码:", "New password: "), true)?;
        password::set(&mut conn, &a.id_number, &pw, &ctx.who)?;
        ctx.out.note(&msg!("密码已设置", "the password is set"));
        return Ok(ExitCode::Ok);
    }
    // As the platforms' 修改密码 asks: the old password, checked before the
    // new one is even read; then the new one and its repetition.
    let mut lines = Secrets::new();
    let old = lines.read(ctx, &msg!("原密码:", "Old password: "))?;
    match password::check(&conn, &a.id_number, &old)? {
        Login::Allowed => {}
        Login::WrongPassword => {
            ctx.out.warn(&msg!(
                "原密码不正确,密码未更改",
                "the old password does not match; the password was not changed"
            ));
            return Ok(ExitCode::Problems);
        }
        Login::Refused(why) => {
            ctx.out.warn(&why);
            return Ok(ExitCode::Problems);
        }
    }
    let new = lines.read(ctx, &msg!("新密码:", "New password: "))?;
    let again = lines.read(ctx, &msg!("确认新密码:", "New password again: "))?;
    if again != new {
        return Err(Error::Usage(msg!(
            "两次输入的新密码不一致,密码未更改",
            "the two entries of the new password differ; the password was not changed"
        )));
    }
    match password::change(&mut conn, &a.id_number, &old, &new, &ctx.who)? {
        Login::Allowed => {
            ctx.out.note(&msg!("密码已修改", "the password is changed"));
            Ok(ExitCode::Ok)
        }
        // Changed by someone else between the two reads.
        Login::WrongPassword | Login::Refused(_) => {
            ctx.out.warn(&msg!(
                "原密码不正确,密码未更改",
                "the old password does not match; the password was not changed"
            ));
            Ok(ExitCode::Problems)
        }
    }
}

/// Passwords read one after another: from the terminal without echo, or
/// line by line from piped stdin.
struct Secrets {
    terminal: bool,
    /// How many have been read.
    read: usize,
}

impl Secrets {
    fn new() -> Secrets {
        Secrets {
            terminal: std::io::stdin().is_terminal(),
            read: 0,
        }
    }

    fn read(&mut self, ctx: &Ctx, prompt: &Msg) -> Result<String> {
        self.read += 1;
        if self.terminal {
            return rpassword::prompt_password(ctx.out.text(prompt)).map_err(stdin_error);
        }
        let mut line = String::new();
        std::io::stdin()
            .lock()
            .read_line(&mut line)
            .map_err(stdin_error)?;
        let pw = line.trim_end_matches(['\n', '\r']).to_owned();
        if pw.is_empty() {
            let (zh, en) = match self.read {
                1 => ("原密码", "old password"),
                2 => ("新密码", "new password"),
                _ => ("再次输入的新密码", "new password's repetition"),
            };
            return Err(Error::Usage(msg!(
                "标准输入中缺少{zh}(--old 依次读取原密码、新密码、再次输入的新密码,每行一个)",
                "stdin lacks the {en} (--old reads the old password, the new one and the new one again, one per line)"
            )));
        }
        Ok(pw)
    }
}

fn stdin_error(e: std::io::Error) -> Error {
    Error::Io {
        msg: msg!("无法读取标准输入", "cannot read stdin"),
        source: e,
    }
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
