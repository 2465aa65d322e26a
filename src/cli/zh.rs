//! The command line in Chinese: `--help` and clap's own errors when the
//! language is zh. Help is written once per language — English beside the
//! code (doc comments and `after_help`), Chinese in the tables of
//! [`super::zh_text`] — and this module swaps the Chinese in before clap
//! renders anything, including clap's own words (用法, 选项, 命令, default
//! and possible values). A command or option without a Chinese text keeps
//! its English one; the tests list any that are missing. clap breaks lines
//! only at spaces, which Chinese seldom has, so the Chinese help is broken
//! here, where Chinese allows, to the width clap writes it in.

use clap::builder::PossibleValue;
use clap::error::{ContextKind, ContextValue, ErrorKind};
use clap::{Arg, ArgAction, Command};
use meded::i18n::Lang;
use unicode_width::{UnicodeWidthChar, UnicodeWidthStr};

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
            let width = term_width();
            let mut cmd = translate(cmd, "").term_width(width);
            cmd.build();
            // clap adds the `help` subcommand while building.
            let cmd = translate_help_subcommand(cmd);
            let about = cmd
                .get_about()
                .map(|a| fill(&a.to_string(), width.min(NOTES_WIDTH)));
            let cmd = wrap(cmd, width);
            match about {
                Some(about) => cmd.about(about),
                None => cmd,
            }
        }
    }
}

/// The widest help clap writes: `max_term_width` of the command line
/// (src/cli/mod.rs).
const MAX_WIDTH: usize = 100;

/// The width of notes, which read best no wider than the English ones.
const NOTES_WIDTH: usize = 80;

/// The width clap writes help in: the terminal's (else $COLUMNS, else
/// 100), at most [`MAX_WIDTH`]. It is given to clap, so that both measure
/// alike.
fn term_width() -> usize {
    terminal_size::terminal_size()
        .map(|(w, _)| usize::from(w.0))
        .or_else(|| std::env::var("COLUMNS").ok()?.trim().parse().ok())
        .unwrap_or(MAX_WIDTH)
        .min(MAX_WIDTH)
}

/// clap breaks help only at spaces, which Chinese seldom has: each
/// argument's help, each subcommand's summary and the notes are broken
/// here, to the room clap's help template leaves them (the column after
/// the longest name of a section, or the next line when that column is
/// past 40% of the width and a help would not fit).
fn wrap(mut cmd: Command, width: usize) -> Command {
    let mut wrapped = std::collections::HashMap::new();
    for positional in [true, false] {
        let section: Vec<&Arg> = cmd
            .get_arguments()
            .filter(|a| a.is_positional() == positional && !a.is_hide_set())
            .collect();
        let longest = section
            .iter()
            .map(|a| a.to_string().width() + if a.get_long().is_some() { 4 } else { 0 })
            .max()
            .unwrap_or(0)
            .max(2);
        let taken = longest + 4;
        let help = |a: &Arg| a.get_help().map(|h| h.to_string()).unwrap_or_default();
        let next_line = width >= taken
            && taken * 10 > width * 4
            && section.iter().any(|a| help(a).width() > width - taken);
        let room = if next_line {
            width.saturating_sub(10)
        } else {
            width.saturating_sub(taken)
        };
        for a in section {
            wrapped.insert(a.get_id().to_string(), (fill(&help(a), room), next_line));
        }
    }
    // clap's parser finds arguments by their place among the command's
    // arguments, and `mut_arg` moves the argument it changes to the end:
    // every argument is passed through, in order, so that each is back in
    // its place afterwards.
    let ids: Vec<String> = cmd
        .get_arguments()
        .map(|a| a.get_id().to_string())
        .collect();
    for id in ids {
        let text = wrapped.remove(&id);
        cmd = cmd.mut_arg(&id, |a| match text {
            Some((text, next_line)) => a.help(text).next_line_help(next_line),
            None => a,
        });
    }
    let longest = cmd
        .get_subcommands()
        .map(|s| s.get_name().width())
        .max()
        .unwrap_or(0);
    let room = width.saturating_sub(longest + 4);
    let subs: Vec<String> = cmd
        .get_subcommands()
        .map(|s| s.get_name().to_owned())
        .collect();
    for s in subs {
        cmd = cmd.mut_subcommand(s, |sub| {
            let about = sub.get_about().map(|a| fill(&a.to_string(), room));
            let sub = wrap(sub, width);
            match about {
                Some(about) => sub.about(about),
                None => sub,
            }
        });
    }
    if let Some(notes) = cmd.get_after_help().map(|n| n.to_string()) {
        cmd = cmd.after_help(fill_notes(&notes, width.min(NOTES_WIDTH)));
    }
    cmd
}

/// Notes broken to `max` columns, but for the examples' command lines,
/// which are copied as they are.
fn fill_notes(notes: &str, max: usize) -> String {
    let mut examples = false;
    let lines: Vec<String> = notes
        .lines()
        .map(|line| {
            if line.trim().is_empty() || line == "示例:" {
                examples = line == "示例:";
                line.to_owned()
            } else if examples {
                line.to_owned()
            } else {
                fill(line, max)
            }
        })
        .collect();
    lines.join("\n")
}

/// Marks a line may not start with, and marks it may not end with.
const NO_START: &str = ",.;:!?)]}>/%、。,;:!?)】」』”’》…—";
const NO_END: &str = "([{<“‘(【「『《";

/// Whether a line may break between `before` and `after` (no space
/// between them): between Chinese characters, or a Chinese character and a
/// mark, as Chinese is typeset — not before a closing mark (,。、)), not
/// after an opening one (“(), and not between a Chinese character and a
/// Latin letter or digit written against it (I类, 附件1).
fn breakable(before: char, after: char) -> bool {
    let wide = |c: char| c.width() == Some(2);
    let ideograph = |c: char| wide(c) && c.is_alphabetic();
    if NO_START.contains(after) || NO_END.contains(before) {
        return false;
    }
    if (ideograph(before) && after.is_ascii_alphanumeric())
        || (before.is_ascii_alphanumeric() && ideograph(after))
    {
        return false;
    }
    wide(before) || wide(after) || ",;:)".contains(before)
}

/// `text` in lines of at most `max` columns (a Chinese character takes
/// two), broken at spaces and where [`breakable`] allows; a word longer
/// than a line stays whole. Lines that fit are left as they are; a longer
/// one continues under its own text: past its indentation, or past the
/// name of a list entry (`  名称   说明`).
fn fill(text: &str, max: usize) -> String {
    if max < 10 {
        return text.to_owned();
    }
    let mut out: Vec<String> = Vec::new();
    for line in text.lines() {
        if line.width() <= max {
            out.push(line.to_owned());
            continue;
        }
        let hang = hanging_indent(line);
        let (head, body) = line.split_at(hang);
        let room = max.saturating_sub(head.width()).max(10);
        let indent = " ".repeat(head.width());
        for (i, l) in break_line(body, room).into_iter().enumerate() {
            out.push(if i == 0 {
                format!("{head}{l}")
            } else {
                format!("{indent}{l}")
            });
        }
    }
    out.join("\n")
}

/// Where a line's text starts: after its indentation, or, for an indented
/// list entry (`  --role member    姓名、…`), after the spaces that follow
/// its name. The result is a byte offset in `line`.
fn hanging_indent(line: &str) -> usize {
    let text = line.trim_start_matches(' ');
    let indent = line.len() - text.len();
    match text
        .find("  ")
        .filter(|g| indent > 0 && text[..*g].width() <= 24)
    {
        Some(gap) => line.len() - text[gap..].trim_start_matches(' ').len(),
        None => indent,
    }
}

/// One line's text broken greedily into lines of at most `room` columns.
fn break_line(text: &str, room: usize) -> Vec<String> {
    // Pieces that may not be broken, each with the spaces before it.
    let mut pieces: Vec<(String, String)> = Vec::new();
    let (mut gap, mut piece) = (String::new(), String::new());
    let mut before: Option<char> = None;
    // What translate_arg adds in brackets ([默认:…]) and a quoted term
    // (“单位待审”) stay whole.
    let mut brackets = 0usize;
    for c in text.chars() {
        if c == ' ' {
            if !piece.is_empty() {
                pieces.push((std::mem::take(&mut gap), std::mem::take(&mut piece)));
            }
            gap.push(' ');
            before = None;
            continue;
        }
        if !piece.is_empty() && brackets == 0 && before.is_some_and(|b| breakable(b, c)) {
            pieces.push((std::mem::take(&mut gap), std::mem::take(&mut piece)));
        }
        match c {
            '[' | '“' => brackets += 1,
            ']' | '”' => brackets = brackets.saturating_sub(1),
            _ => {}
        }
        piece.push(c);
        before = Some(c);
    }
    if !piece.is_empty() {
        pieces.push((gap, piece));
    }
    let mut lines = Vec::new();
    let mut line = String::new();
    for (gap, piece) in pieces {
        if !line.is_empty() && line.width() + gap.width() + piece.width() > room {
            lines.push(std::mem::take(&mut line));
        }
        if !line.is_empty() {
            line.push_str(&gap);
        }
        line.push_str(&piece);
    }
    if !line.is_empty() {
        lines.push(line);
    }
    lines
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
                .display_order(usize::MAX)
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
                .help_heading("选项")
                .display_order(usize::MAX),
        );
    }
    if let Some((_, about, after)) = COMMANDS.iter().find(|(p, ..)| *p == path) {
        cmd = cmd.about(*about).long_about(None::<&str>);
        if !after.is_empty() {
            cmd = cmd.after_help(*after).after_long_help(None::<&str>);
        }
    }
    // Each `mut_arg` moves its argument to the end: positional arguments
    // are passed first, so that 参数 comes before 选项 as in English.
    let mut ids: Vec<(bool, String)> = cmd
        .get_arguments()
        .map(|a| (!a.is_positional(), a.get_id().to_string()))
        .collect();
    ids.sort_by_key(|(option, _)| *option);
    for (_, id) in ids {
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

    /// The Chinese command line reads what the English one reads: each
    /// value lands in its own option.
    #[test]
    fn chinese_and_english_parse_alike() {
        use clap::{CommandFactory, FromArgMatches};
        let lines: [&[&str]; 4] = [
            &[
                "teacher",
                "check",
                "--org",
                "H001",
                "--year",
                "2022",
                "110101199003070011",
            ],
            &["teacher", "events", "list", "--org", "H001"],
            &[
                "account",
                "import",
                "r.csv",
                "--org",
                "H001",
                "--dry-run",
                "--errors",
                "e.xlsx",
            ],
            &[
                "credit", "list", "--org", "C017", "--year", "2017", "--page", "2",
            ],
        ];
        for line in lines {
            let args: Vec<&str> = std::iter::once("meded")
                .chain(line.iter().copied())
                .collect();
            let parse = |lang| {
                let m = localize(crate::cli::Cli::command(), lang)
                    .try_get_matches_from(&args)
                    .unwrap_or_else(|e| panic!("{line:?} in {lang:?}: {e}"));
                format!("{:?}", crate::cli::Cli::from_arg_matches(&m).unwrap())
            };
            assert_eq!(parse(Lang::Zh), parse(Lang::En), "{line:?}");
        }
    }

    #[test]
    fn the_language_is_read_before_parsing() {
        let args = |v: &[&str]| v.iter().map(std::ffi::OsString::from).collect::<Vec<_>>();
        assert_eq!(early_lang(&args(&["meded", "--lang", "zh", "x"])), Lang::Zh);
        assert_eq!(early_lang(&args(&["meded", "x", "--lang=en"])), Lang::En);
    }

    #[test]
    fn chinese_is_broken_where_chinese_allows() {
        let text =
            "只计“审核通过”的学分,国家级I类和省级I类都计入;不加 --all 时只列出未达标的人员。";
        let lines: Vec<String> = fill(text, 24).lines().map(str::to_owned).collect();
        assert!(lines.iter().all(|l| l.width() <= 24), "{lines:?}");
        assert_eq!(lines.concat().replace(' ', ""), text.replace(' ', ""));
        assert!(
            lines.iter().all(|l| !l.starts_with([',', ';', '。'])),
            "{lines:?}"
        );
        assert!(lines.iter().any(|l| l.contains("“审核通过”")), "{lines:?}");
        assert!(
            lines
                .iter()
                .all(|l| !l.ends_with("国家级") && !l.ends_with('I')),
            "{lines:?}"
        );
        // A list entry continues under its text; a line that fits is kept.
        let entry = "  --role member    姓名、证件类型、证件号码、手机号码、科室、技术职称";
        assert_eq!(
            fill(entry, 50),
            "  --role member    姓名、证件类型、证件号码、手机\n                   号码、科室、技术职称"
        );
        assert_eq!(fill(entry, 100), entry);
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
