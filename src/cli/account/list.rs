//! `meded account list`.

use clap::{Args, ValueEnum};
use meded::account::{self, AccountRow, Registration};
use meded::i18n::Lang;
use meded::{ExitCode, Result};

use super::role_text;
use crate::cli::Ctx;
use crate::cli::output::Tabular;

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

pub fn run(a: ListArgs, ctx: &Ctx) -> Result<ExitCode> {
    let conn = ctx.open_db()?;
    let state = a.registration.map(RegistrationArg::state);
    ctx.out
        .list(&account::list(&conn, a.org.as_deref(), state)?);
    Ok(ExitCode::Ok)
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
            self.password_state.label(lang).to_owned(),
        ]
    }
}
