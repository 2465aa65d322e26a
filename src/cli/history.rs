//! How the change log reads to a person: what each event did, in words,
//! and the history table `account show` and `audit history` print.

use meded::history::Event;
use meded::i18n::Lang;

use super::Ctx;

/// What a history event did, in words: "修改账号", "学分审核通过",
/// "password reset". Every entity and action meded logs has its Chinese
/// name here; an unknown one (from a newer meded) is shown as it is stored.
pub fn event_label(entity: &str, action: &str, lang: Lang) -> String {
    if lang == Lang::En {
        return format!("{} {action}", entity.replace('_', " "));
    }
    let phrase = match (entity, action) {
        ("report", "submit") => Some("上报"),
        ("report", "reopen") => Some("改为未上报"),
        ("review", "approve") => Some("审核通过"),
        ("review", "return") => Some("退回修改"),
        ("account", "approve") => Some("注册审核通过"),
        ("account", "reject") => Some("注册审核不过"),
        ("credit", "approve") => Some("学分审核通过"),
        ("credit", "reject") => Some("学分审核不过"),
        ("credit", "reopen") => Some("学分改回待审"),
        ("certificate", "issue") => Some("出具学分证明"),
        ("certificate", "revoke") => Some("作废学分证明"),
        ("profile", "return") => Some("退回个人信息"),
        ("application", "apply") => Some("提交报名"),
        ("application", "approve") => Some("报名审核通过"),
        ("application", "return") => Some("报名退回"),
        ("application", "cancel") => Some("取消报名"),
        ("application", "admit") => Some("录取"),
        ("teacher", "recommend") => Some("推荐聘任师资"),
        ("teacher", "reject") => Some("不推荐聘任师资"),
        ("teacher_event", "withdraw") => Some("撤回师资记录"),
        ("rotation", "assign") => Some("分配带教老师"),
        _ => None,
    };
    if let Some(p) = phrase {
        return p.to_owned();
    }
    // Profile tabs are logged as profile.<tab>[.<level or job>]:
    // 个人信息·学习经历·本科, 个人信息·工作信息·第2条.
    let what = match entity.strip_prefix("profile.") {
        Some(tab) => match tab.strip_prefix("工作信息.") {
            Some(n) => format!("个人信息·工作信息·第{n}条"),
            None => format!("个人信息·{}", tab.replace('.', "·")),
        },
        None => match entity {
            "account" => "账号",
            "training" => "培训记录",
            "password" => "密码",
            "org" => "机构",
            "setting" => "设置",
            "collection" => "采集批次",
            "credit" => "学分记录",
            "credit_standard" => "学分标准",
            "member_standard" => "个人学分标准",
            "certificate" => "学分证明",
            "profile" => "个人信息",
            "report" => "上报",
            "review" => "审核",
            "teacher" => "师资信息",
            "teacher_event" => "师资记录",
            "teacher_threshold" => "师资年限标准",
            "rotation" => "轮转",
            "application" => "报名",
            "recruit_batch" => "招录批次",
            "recruit_plan" => "招录计划",
            other => return format!("{other} {action}"),
        }
        .to_owned(),
    };
    let verb = match action {
        "create" => "新增",
        "update" => "修改",
        "delete" => "删除",
        "reset" => "重置",
        "set" => "设置",
        "assign" => "分配",
        "unassign" => "取消",
        "approve" => "审核通过",
        "reject" => "审核不过",
        "reopen" => "重新打开",
        "return" => "退回",
        "issue" => "出具",
        "revoke" => "作废",
        other => return format!("{what} {other}"),
    };
    format!("{verb}{what}")
}

/// A person's history as a table: time, actor, action, change, and
/// `last` (the command line for `account show`, the note for `audit
/// history`).
pub fn print(ctx: &Ctx, events: &[Event], last: Last) {
    let out = &ctx.out;
    let lang = ctx.lang();
    let rows: Vec<Vec<String>> = events
        .iter()
        .map(|e| {
            let what = match (&e.field, &e.before, &e.after) {
                (Some(f), b, a) => format!(
                    "{f}: {} → {}",
                    b.as_deref().unwrap_or("∅"),
                    a.as_deref().unwrap_or("∅")
                ),
                (None, _, Some(a)) => a.clone(),
                // What was deleted: the person's name and organisation.
                (None, Some(b), None) => b.clone(),
                _ if last == Last::Command => e.note.clone().unwrap_or_default(),
                _ => String::new(),
            };
            vec![
                e.at.clone(),
                e.actor.clone(),
                event_label(&e.entity, &e.action, lang),
                what,
                match last {
                    Last::Command => e.command.clone(),
                    Last::Note => e.note.clone().unwrap_or_default(),
                },
            ]
        })
        .collect();
    let last = match last {
        Last::Command => out.t("命令", "Command"),
        Last::Note => out.t("说明", "Note"),
    };
    out.rows(
        &[
            out.t("时间", "Time"),
            out.t("操作人", "Actor"),
            out.t("操作", "Action"),
            out.t("内容", "Change"),
            last,
        ],
        &rows,
    );
}

/// What the last column of a history table shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Last {
    Command,
    Note,
}
