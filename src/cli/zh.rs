//! The command line in Chinese: `--help` and clap's own errors when the
//! language is zh. Help is written once per language — English beside the
//! code (doc comments and `after_help`), Chinese in the tables of
//! [`super::zh_text`] — and this module swaps the Chinese in before clap
//! renders anything, including clap's own words (用法, 选项, 命令, default
//! and possible values). A command or option without a Chinese text keeps
//! its English one; the tests list any that are missing.

use clap::builder::PossibleValue;
use clap::error::{ContextKind, ContextValue, ErrorKind};
use clap::{Arg, ArgAction, Command};
use meded::i18n::Lang;

use super::zh_text::{ARGS, COMMANDS};

/// The language asked for before the command line is parsed: `--lang`
/// (anywhere, as `--lang zh` or `--lang=zh`), else LANG.
pub fn early_lang(args: &[std::ffi::OsString]) -> Lang {
    let mut it = args.iter().filter_map(|a| a.to_str());
    while let Some(a) = it.next() {
        let value = match a.strip_prefix("--lang") {
            Some("") => it.next(),
            Some(rest) => rest.strip_prefix('='),
            None => continue,
        };
        match value {
            Some("zh") => return Lang::Zh,
            Some("en") => return Lang::En,
            _ => {}
        }
    }
    Lang::from_locale(&std::env::var("LANG").unwrap_or_default())
}

/// The command tree in `lang`: unchanged for English.
pub fn localize(cmd: Command, lang: Lang) -> Command {
    match lang {
        Lang::En => cmd,
        Lang::Zh => {
            let mut cmd = translate(cmd, "");
            cmd.build();
            // clap adds the `help` subcommand while building.
            translate_help_subcommand(cmd)
        }
    }
}

fn translate_help_subcommand(mut cmd: Command) -> Command {
    // clap writes its usage line in English; the words it adds are few.
    let usage = cmd.render_usage().to_string();
    let usage = usage
        .trim_start_matches("Usage:")
        .trim()
        .replace("[OPTIONS]", "[选项]");
    cmd = cmd.override_usage(usage);
    let has_help = cmd.get_subcommands().any(|s| s.get_name() == "help");
    let subs: Vec<String> = cmd
        .get_subcommands()
        .filter(|s| s.get_name() != "help")
        .map(|s| s.get_name().to_owned())
        .collect();
    let mut cmd = cmd;
    if has_help {
        cmd = cmd.mut_subcommand("help", |h| h.about("显示本命令或所给子命令的帮助"));
    }
    for s in subs {
        cmd = cmd.mut_subcommand(s, translate_help_subcommand);
    }
    cmd
}

/// The Chinese texts of one command (its path: `account import`), its
/// arguments, and everything below it.
fn translate(cmd: Command, path: &str) -> Command {
    let mut cmd = cmd
        .disable_help_flag(true)
        .arg(
            Arg::new("help")
                .short('h')
                .long("help")
                .action(ArgAction::Help)
                .help("显示帮助")
                .help_heading("选项")
                .global(false),
        )
        .help_template("{about-with-newline}\n用法: {usage}\n\n{all-args}{after-help}")
        .subcommand_help_heading("命令")
        .subcommand_value_name("命令");
    if path.is_empty() {
        cmd = cmd.disable_version_flag(true).arg(
            Arg::new("version")
                .short('V')
                .long("version")
                .action(ArgAction::Version)
                .help("显示版本")
                .help_heading("选项"),
        );
    }
    if let Some((_, about, after)) = COMMANDS.iter().find(|(p, ..)| *p == path) {
        cmd = cmd.about(*about).long_about(None::<&str>);
        if !after.is_empty() {
            cmd = cmd.after_help(*after).after_long_help(None::<&str>);
        }
    }
    let ids: Vec<String> = cmd
        .get_arguments()
        .map(|a| a.get_id().to_string())
        .collect();
    for id in ids {
        let help = ARGS
            .iter()
            .find(|(p, i, _)| *p == path && *i == id)
            .map(|(_, _, h)| *h);
        cmd = cmd.mut_arg(&id, |a| translate_arg(a, help));
    }
    let subs: Vec<String> = cmd
        .get_subcommands()
        .map(|s| s.get_name().to_owned())
        .collect();
    for s in subs {
        let sub_path = if path.is_empty() {
            s.clone()
        } else {
            format!("{path} {s}")
        };
        cmd = cmd.mut_subcommand(&s, |c| translate(c, &sub_path));
    }
    cmd
}

/// An argument's help in Chinese, under a Chinese heading, with its
/// default and possible values said in Chinese.
fn translate_arg(a: Arg, help: Option<&str>) -> Arg {
    if a.get_id() == "help" || a.get_id() == "version" {
        return a;
    }
    let heading = if a.is_positional() {
        "参数"
    } else {
        "选项"
    };
    let mut text = match help {
        Some(h) => h.to_owned(),
        None => a.get_help().map(|h| h.to_string()).unwrap_or_default(),
    };
    let takes_values = a.get_action().takes_values();
    let values: Vec<String> = a
        .get_possible_values()
        .iter()
        .filter(|v| !v.is_hide_set())
        .map(PossibleValue::get_name)
        .map(str::to_owned)
        .collect();
    if takes_values && !values.is_empty() && !a.is_hide_possible_values_set() {
        text.push_str(&format!(" [可选:{}]", values.join("、")));
    }
    let defaults: Vec<String> = a
        .get_default_values()
        .iter()
        .map(|v| v.to_string_lossy().into_owned())
        .collect();
    if takes_values && !defaults.is_empty() && !a.is_hide_default_value_set() {
        text.push_str(&format!(" [默认:{}]", defaults.join("、")));
    }
    if let Some(env) = a.get_env().filter(|_| !a.is_hide_env_set()) {
        text.push_str(&format!(" [环境变量:{}]", env.to_string_lossy()));
    }
    let a = a
        .help(text)
        .long_help(None::<&str>)
        .help_heading(heading)
        .hide_env(true);
    if takes_values {
        a.hide_possible_values(true).hide_default_value(true)
    } else {
        a
    }
}

/// clap's error in Chinese: what was wrong, and where to read more.
pub fn error(e: &clap::Error) -> String {
    let get = |k: ContextKind| -> Option<String> {
        e.get(k).map(|v| match v {
            ContextValue::String(s) => s.clone(),
            ContextValue::Strings(list) => list.join("、"),
            other => other.to_string(),
        })
    };
    let arg = get(ContextKind::InvalidArg).unwrap_or_default();
    let value = get(ContextKind::InvalidValue).unwrap_or_default();
    let mut text = match e.kind() {
        ErrorKind::UnknownArgument => format!("不认识的参数“{arg}”"),
        ErrorKind::InvalidSubcommand => {
            let sub = get(ContextKind::InvalidSubcommand).unwrap_or_default();
            format!("不认识的命令“{sub}”")
        }
        ErrorKind::InvalidValue => match get(ContextKind::ValidValue) {
            Some(valid) => format!("“{arg}”的值“{value}”无效(可用:{valid})"),
            None => format!("“{arg}”的值“{value}”无效"),
        },
        ErrorKind::ValueValidation => format!("“{arg}”的值“{value}”无效:{}", source_text(e)),
        ErrorKind::MissingRequiredArgument => format!("缺少必需的参数:{arg}"),
        ErrorKind::MissingSubcommand => "缺少子命令".to_owned(),
        ErrorKind::ArgumentConflict => {
            let other = get(ContextKind::PriorArg).unwrap_or_default();
            format!("参数“{arg}”不能与“{other}”同时使用")
        }
        ErrorKind::TooManyValues => format!("参数“{arg}”的值过多:“{value}”"),
        ErrorKind::TooFewValues | ErrorKind::WrongNumberOfValues => {
            format!("参数“{arg}”的值个数不对")
        }
        ErrorKind::NoEquals => format!("参数“{arg}”须写成 {arg}=值"),
        ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand => "缺少子命令或参数".to_owned(),
        _ => strip_english(&e.render().to_string()),
    };
    if let Some(s) =
        get(ContextKind::SuggestedArg).or_else(|| get(ContextKind::SuggestedSubcommand))
    {
        text.push_str(&format!("(是否想用“{s}”?)"));
    }
    if let Some(usage) = get(ContextKind::Usage) {
        let usage = usage.trim_start_matches("Usage:").trim();
        text.push_str(&format!("\n\n用法: {usage}"));
    }
    text.push_str("\n\n更多信息请用 --help");
    format!("错误:{text}")
}

fn source_text(e: &clap::Error) -> String {
    use std::error::Error as _;
    e.source().map(|s| s.to_string()).unwrap_or_default()
}

/// The first line of clap's English message without its "error: " prefix,
/// for the rare kinds with no Chinese wording.
fn strip_english(rendered: &str) -> String {
    rendered
        .lines()
        .next()
        .unwrap_or_default()
        .trim_start_matches("error: ")
        .to_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_language_is_read_before_parsing() {
        let args = |v: &[&str]| v.iter().map(std::ffi::OsString::from).collect::<Vec<_>>();
        assert_eq!(early_lang(&args(&["meded", "--lang", "zh", "x"])), Lang::Zh);
        assert_eq!(early_lang(&args(&["meded", "x", "--lang=en"])), Lang::En);
    }

    /// Every command path and argument id of the command tree, depth first;
    /// the global arguments only at the root.
    fn tree(cmd: &Command, path: &str, commands: &mut Vec<String>, args: &mut Vec<String>) {
        commands.push(path.to_owned());
        for a in cmd.get_arguments() {
            if path.is_empty() || !a.is_global_set() {
                args.push(format!("{path}: {}", a.get_id()));
            }
        }
        for s in cmd.get_subcommands() {
            let sub = format!("{path} {}", s.get_name());
            tree(s, sub.trim_start(), commands, args);
        }
    }

    #[test]
    fn every_command_and_argument_has_exactly_one_chinese_text() {
        use clap::CommandFactory;
        let (mut commands, mut args) = (Vec::new(), Vec::new());
        tree(&crate::cli::Cli::command(), "", &mut commands, &mut args);
        let texts: Vec<String> = COMMANDS.iter().map(|(p, ..)| (*p).to_owned()).collect();
        let arg_texts: Vec<String> = ARGS.iter().map(|(p, i, _)| format!("{p}: {i}")).collect();
        let mut problems = Vec::new();
        for (kind, want, have) in [
            ("command", &commands, &texts),
            ("argument", &args, &arg_texts),
        ] {
            for w in want {
                match have.iter().filter(|h| *h == w).count() {
                    0 => problems.push(format!("{kind} without a Chinese text: \"{w}\"")),
                    1 => {}
                    n => problems.push(format!("{kind} with {n} Chinese texts: \"{w}\"")),
                }
            }
            for h in have.iter().filter(|h| !want.contains(h)) {
                problems.push(format!("Chinese text of no {kind}: \"{h}\""));
            }
        }
        assert!(
            problems.is_empty(),
            "src/cli/zh_text.rs:\n{}",
            problems.join("\n")
        );
    }

    #[test]
    fn the_chinese_texts_are_sorted_by_path() {
        let paths: Vec<&str> = COMMANDS.iter().map(|(p, ..)| *p).collect();
        assert!(paths.is_sorted(), "COMMANDS are not sorted by path");
        let paths: Vec<&str> = ARGS.iter().map(|(p, ..)| *p).collect();
        assert!(paths.is_sorted(), "ARGS are not sorted by path");
    }
}
