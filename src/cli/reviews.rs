//! How every review prints what it did (registrations, credit records, …):
//! one JSON shape, one table, one exit code.

use meded::ExitCode;
use meded::msg;
use meded::state::State;
use meded::state::review::{Decisions, Key};
use serde::Serialize;

use super::Ctx;
use super::output::Format;

/// What the things reviewed are called: `members`, `records`.
pub struct Noun {
    pub json: &'static str,
    /// `unchanged` as a count (registrations) or as the list of record ids
    /// (credit records): the shapes scripts have relied on since the first
    /// release.
    pub unchanged_listed: bool,
    pub zh: &'static str,
    pub en: &'static str,
}

pub const MEMBERS: Noun = Noun {
    json: "members",
    unchanged_listed: false,
    zh: "人",
    en: "members",
};

pub const RECORDS: Noun = Noun {
    json: "records",
    unchanged_listed: true,
    zh: "条记录",
    en: "records",
};

fn key_value(k: &Key) -> serde_json::Value {
    match k {
        Key::Person(n) => n.as_str().into(),
        Key::Record(id) => (*id).into(),
    }
}

/// Prints a review's outcome; exit 1 when something named could not be
/// reviewed, else 0.
pub fn print<S: State + Serialize, X>(
    ctx: &Ctx,
    r: &Decisions<S, X>,
    to: S,
    noun: &Noun,
) -> ExitCode {
    let out = &ctx.out;
    let lang = ctx.lang();
    let changed = r.changed();
    let unchanged = r.decided.len() - changed;
    if out.format == Format::Json {
        let mut doc = serde_json::Map::new();
        let mut put = |k: &str, v: serde_json::Value| {
            doc.insert(k.to_owned(), v);
        };
        put("state", to.label().into());
        put("changed", changed.into());
        put(
            "reviewed",
            value(&r.decided.iter().filter(|d| d.changed).collect::<Vec<_>>()),
        );
        let unchanged_keys = r.decided.iter().filter(|d| !d.changed);
        if noun.unchanged_listed {
            put(
                "unchanged",
                unchanged_keys.map(|d| key_value(&d.key)).collect(),
            );
        } else {
            put("unchanged", unchanged.into());
        }
        put(noun.json, value(&r.decided));
        put(
            "errors",
            r.refused
                .iter()
                .map(|e| {
                    let mut m = serde_json::Map::new();
                    let name = match e.key {
                        Key::Person(_) => "id_number",
                        Key::Record(_) => "id",
                    };
                    m.insert(name.to_owned(), key_value(&e.key));
                    m.insert("message".to_owned(), e.message.text(lang).into());
                    serde_json::Value::Object(m)
                })
                .collect(),
        );
        put("written", r.written.into());
        out.json(&doc);
    } else {
        let state = to.label();
        let (zh, en) = (noun.zh, noun.en);
        out.line(&out.text(&msg!(
            "{changed} {zh}改为{state},{unchanged} {zh}原已是该状态",
            "{changed} {en} set to {state}, {unchanged} already so"
        )));
        let mut rows: Vec<Vec<String>> = r
            .decided
            .iter()
            .map(|d| {
                vec![
                    d.key.to_string(),
                    d.name.clone(),
                    format!("{} → {}", d.before.label(), d.after.label()),
                ]
            })
            .collect();
        rows.extend(
            r.refused
                .iter()
                .map(|e| vec![e.key.to_string(), String::new(), out.text(&e.message)]),
        );
        if !rows.is_empty() {
            let key = r
                .decided
                .first()
                .map(|d| &d.key)
                .or_else(|| r.refused.first().map(|e| &e.key));
            let first = match key {
                Some(Key::Record(_)) => out.t("编号", "Id"),
                _ => out.t("证件号码", "ID number"),
            };
            out.rows(
                &[first, out.t("姓名", "Name"), out.t("结果", "Result")],
                &rows,
            );
        }
    }
    if r.decided.is_empty() && r.refused.is_empty() {
        // A set that matched nothing was not reviewed: a script must know.
        out.note(&msg!(
            "没有符合条件的记录:未做任何审核",
            "nothing matched: nothing was reviewed"
        ));
        return ExitCode::problems_if(true);
    }
    ExitCode::problems_if(!r.refused.is_empty())
}

/// A plain struct of strings and numbers as JSON: serialising it cannot fail.
fn value<T: Serialize>(v: &T) -> serde_json::Value {
    serde_json::to_value(v).unwrap_or_default()
}
