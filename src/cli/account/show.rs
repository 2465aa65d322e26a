//! `meded account show`: one account with its training records and history.

use clap::Args;
use meded::account::{self, AccountDetail, Role};
use meded::history::Event;
use meded::i18n::Lang;
use meded::standard::member::{self, MemberStandard};
use meded::{ExitCode, Result};
use serde::Serialize;

use super::role_text;
use crate::cli::output::Format;
use crate::cli::{Ctx, history};

#[derive(Debug, Args)]
pub struct ShowArgs {
    /// The ID number (证件号码).
    id_number: String,
}

/// Everything about one account, as `--json` gives it: the account, a
/// member's standards, then its history.
#[derive(Serialize)]
struct Shown<'a> {
    #[serde(flatten)]
    account: &'a AccountDetail,
    /// CME members: their standard (个人学分标准) for each year assigned.
    #[serde(skip_serializing_if = "Option::is_none")]
    standards: Option<&'a [MemberStandard]>,
    history: &'a [Event],
}

pub fn run(a: ShowArgs, ctx: &Ctx) -> Result<ExitCode> {
    let conn = ctx.open_db()?;
    let d = account::show(&conn, &a.id_number)?;
    let standards = match d.role {
        Role::Member => Some(member::of_account(&conn, d.account_id)?),
        _ => None,
    };
    let events = meded::history::of_person(&conn, &d.id_number)?;
    let out = &ctx.out;
    if out.format == Format::Json {
        out.json(&Shown {
            account: &d,
            standards: standards.as_deref(),
            history: &events,
        });
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
        (
            out.t("学分达标遵照", "Standards followed"),
            &d.standard_region,
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
    for s in standards.iter().flatten() {
        rows.push(vec![
            out.t("学分标准", "Credit standard").to_owned(),
            format!("{} {} {}", s.year, s.code, s.standard.name),
        ]);
    }
    out.rows(&[out.t("项目", "Field"), out.t("内容", "Value")], &rows);
    out.line(out.t("变更记录:", "History:"));
    history::print(ctx, &events, history::Last::Command);
    Ok(ExitCode::Ok)
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
