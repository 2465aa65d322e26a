//! The CLI reference: every command's `--help`, in both languages, compared
//! with `tests/snapshots/help.txt`, so that help and docs cannot drift apart
//! unnoticed. After changing help text, run
//! `MEDED_BLESS=1 cargo test --test cli help` and review the diff.

use std::path::PathBuf;

use crate::common::Env;

/// The subcommands a help text lists under "Commands:" (or 命令:).
fn subcommands(help: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut inside = false;
    for line in help.lines() {
        let t = line.trim_end();
        if t == "Commands:" || t == "命令:" {
            inside = true;
            continue;
        }
        if inside {
            if !t.starts_with("  ") || t.trim().is_empty() {
                break;
            }
            // A name starts at the third column; continuation lines of a
            // wrapped description are indented further.
            if t.as_bytes().get(2).is_some_and(|b| *b != b' ') {
                let name = t.split_whitespace().next().unwrap_or_default();
                if name != "help" {
                    out.push(name.to_owned());
                }
            }
        }
    }
    out
}

fn help(env: &Env, lang: &str, path: &[String]) -> String {
    let mut cmd = env.bare_cmd();
    cmd.env("COLUMNS", "100")
        .env("LANG", lang)
        .args(path)
        .arg("--help");
    let run = Env::exec(cmd).expect(0);
    run.stdout
}

/// Every command's help, depth first, in one language.
fn reference(env: &Env, lang: &str) -> String {
    let mut out = String::new();
    let mut todo: Vec<Vec<String>> = vec![Vec::new()];
    while let Some(path) = todo.pop() {
        let text = help(env, lang, &path);
        out.push_str(&format!("==== meded {} ({lang})\n", path.join(" ")));
        out.push_str(&text);
        out.push('\n');
        let mut subs = subcommands(&text);
        subs.reverse();
        for s in subs {
            let mut p = path.clone();
            p.push(s);
            todo.push(p);
        }
    }
    out
}

#[test]
fn help_of_every_command_matches_the_reference() {
    let env = Env::new();
    let mut all = reference(&env, "en_US.UTF-8");
    all.push_str(&reference(&env, "zh_CN.UTF-8"));
    let file: PathBuf = [env!("CARGO_MANIFEST_DIR"), "tests", "snapshots", "help.txt"]
        .iter()
        .collect();
    if std::env::var_os("MEDED_BLESS").is_some() {
        std::fs::create_dir_all(file.parent().unwrap()).unwrap();
        std::fs::write(&file, &all).unwrap();
        return;
    }
    let want = std::fs::read_to_string(&file).unwrap_or_default();
    if want != all {
        let first = want
            .lines()
            .zip(all.lines())
            .position(|(a, b)| a != b)
            .unwrap_or(want.lines().count().min(all.lines().count()));
        let show = |s: &str| {
            s.lines()
                .skip(first.saturating_sub(3))
                .take(8)
                .collect::<Vec<_>>()
                .join("\n")
        };
        panic!(
            "the help differs from tests/snapshots/help.txt from line {}:\n--- reference\n{}\n--- now\n{}\n\
             If the change is meant, run MEDED_BLESS=1 cargo test --test cli help and review the diff.",
            first + 1,
            show(&want),
            show(&all)
        );
    }
}

#[test]
fn every_command_has_examples() {
    let env = Env::new();
    let text = reference(&env, "en_US.UTF-8");
    let mut missing = Vec::new();
    for part in text.split("==== meded ").skip(1) {
        let (title, body) = part.split_once('\n').unwrap_or((part, ""));
        // A group lists its commands; a leaf command shows examples.
        let group = !subcommands(body).is_empty();
        if !group && !body.contains("Examples:") && !body.contains("Example:") {
            missing.push(title.to_owned());
        }
    }
    assert!(missing.is_empty(), "commands without examples: {missing:?}");
}

/// Each command's help in a reference: (the command's path, its help).
fn parts(reference: &str) -> Vec<(String, String)> {
    reference
        .split("==== meded ")
        .skip(1)
        .map(|part| {
            let (title, body) = part.split_once('\n').unwrap_or((part, ""));
            let path = title.rsplit_once(" (").map_or(title, |(p, _)| p);
            (path.trim().to_owned(), body.to_owned())
        })
        .collect()
}

fn is_cjk(c: char) -> bool {
    matches!(c, '\u{3400}'..='\u{4dbf}' | '\u{4e00}'..='\u{9fff}' | '\u{f900}'..='\u{faff}')
}

/// Whether a text still reads as English: two or more English words in a
/// row among which a little word (the, of, or …), or four in a row. Names
/// such as "Noto Sans SC", commands (`credit list`) and code values
/// (resident, teacher) stay; sentences and phrases do not.
fn english_phrase(text: &str) -> Option<String> {
    const LITTLE: &[&str] = &[
        "a", "an", "and", "any", "are", "as", "at", "be", "by", "each", "every", "for", "from",
        "if", "in", "into", "is", "it", "its", "no", "not", "of", "on", "only", "or", "than",
        "that", "the", "their", "them", "then", "this", "to", "when", "which", "who", "with",
        "without",
    ];
    let mut run: Vec<String> = Vec::new();
    let mut worst: Option<String> = None;
    let mut end = |run: &mut Vec<String>| {
        let little = run
            .iter()
            .any(|w| LITTLE.contains(&w.to_ascii_lowercase().as_str()));
        if (run.len() >= 2 && little) || run.len() >= 4 {
            worst.get_or_insert(run.join(" "));
        }
        run.clear();
    };
    // CJK characters end a run as spaces do.
    let spaced: String = text
        .chars()
        .map(|c| if is_cjk(c) { ' ' } else { c })
        .collect();
    for token in spaced.split(' ') {
        if token.is_empty() {
            end(&mut run);
            continue;
        }
        let word = token.trim_matches(|c: char| c.is_ascii_punctuation());
        if !word.is_empty() && word.chars().all(|c| c.is_ascii_alphabetic() || c == '\'') {
            run.push(word.to_owned());
        } else {
            end(&mut run);
        }
    }
    end(&mut run);
    worst
}

/// What in one Chinese help text is still English: the summary, a command
/// or an argument whose text is English (or missing), notes in English.
fn english_in(help: &str) -> Vec<String> {
    let mut found = Vec::new();
    let check = |found: &mut Vec<String>, what: &str, text: &str| {
        if !text.chars().any(is_cjk) {
            found.push(format!("{what} has no Chinese: {text:?}"));
        } else if let Some(p) = english_phrase(text) {
            found.push(format!("{what} reads \"{p}\": {text:?}"));
        }
    };
    let lines: Vec<&str> = help.lines().collect();
    let usage = lines
        .iter()
        .position(|l| l.starts_with("用法:"))
        .unwrap_or(lines.len());
    check(&mut found, "the summary", &lines[..usage].join(" "));
    // Past the usage: sections (命令, 参数, 选项), each up to a blank line,
    // then the notes.
    let mut i = usage;
    while i < lines.len() && !lines[i].trim().is_empty() {
        i += 1;
    }
    let mut notes_from = lines.len();
    while i < lines.len() {
        let line = lines[i].trim_end();
        if line.is_empty() {
            i += 1;
            continue;
        }
        if !["命令:", "参数:", "选项:"].contains(&line) {
            notes_from = i;
            break;
        }
        let heading = line;
        i += 1;
        // An entry starts at the third column, or the seventh for an
        // option without a short name; deeper lines continue it.
        // Its name runs up to two spaces; its help follows, or starts on
        // the next line.
        let mut entries: Vec<(String, String)> = Vec::new();
        while i < lines.len() && !lines[i].trim().is_empty() {
            let l = lines[i];
            let indent = l.len() - l.trim_start().len();
            if indent == 2 || (indent == 6 && l.trim_start().starts_with("--")) {
                let (name, help) = l.trim().split_once("  ").unwrap_or((l.trim(), ""));
                entries.push((name.to_owned(), help.trim().to_owned()));
            } else if let Some((_, help)) = entries.last_mut() {
                help.push(' ');
                help.push_str(l.trim());
            }
            i += 1;
        }
        for (name, help) in entries {
            check(&mut found, &format!("{heading} {name}"), &help);
        }
    }
    // The notes: the examples' command lines stay as they are; their
    // comments and every other line are Chinese.
    let mut in_examples = false;
    let mut paragraph = String::new();
    for l in lines.iter().skip(notes_from).chain(std::iter::once(&"")) {
        let t = l.trim();
        if t.is_empty() {
            if !paragraph.is_empty() {
                check(&mut found, "the notes", &paragraph);
            }
            paragraph.clear();
            in_examples = false;
            continue;
        }
        if [
            "Examples:",
            "Example:",
            "Arguments:",
            "Options:",
            "Commands:",
        ]
        .contains(&t)
            || t.starts_with("Exit codes")
            || t.starts_with("Usage:")
        {
            found.push(format!("English heading: {t:?}"));
        }
        if t == "示例:" {
            in_examples = true;
            continue;
        }
        if in_examples {
            if let Some((_, comment)) = t.split_once(" #") {
                check(&mut found, "an example's comment", comment);
            }
        } else {
            paragraph.push_str(t);
            paragraph.push(' ');
        }
    }
    found
}

#[test]
fn every_command_and_option_has_a_chinese_text() {
    let env = Env::new();
    let mut offenders = Vec::new();
    for (path, help) in parts(&reference(&env, "zh_CN.UTF-8")) {
        for what in english_in(&help) {
            offenders.push(format!("meded {path}: {what}"));
        }
    }
    assert!(
        offenders.is_empty(),
        "help still in English with LANG=zh_CN.UTF-8 (write its Chinese in src/cli/zh_text.rs):\n{}",
        offenders.join("\n")
    );
}

/// The command lines of a help's examples, comments left out, as one line
/// (clap may wrap a long one).
fn example_commands(help: &str) -> String {
    let mut out = Vec::new();
    let mut inside = false;
    for l in help.lines() {
        let t = l.trim();
        if ["Examples:", "Example:", "示例:"].contains(&t) {
            inside = true;
        } else if t.is_empty() {
            inside = false;
        } else if inside {
            out.push(
                t.split_once(" #")
                    .map_or(t, |(cmd, _)| cmd)
                    .trim()
                    .to_owned(),
            );
        }
    }
    out.join(" ")
}

#[test]
fn the_chinese_examples_are_the_english_ones() {
    let env = Env::new();
    let en = parts(&reference(&env, "en_US.UTF-8"));
    let zh = parts(&reference(&env, "zh_CN.UTF-8"));
    let mut differ = Vec::new();
    for ((path, en), (zh_path, zh)) in en.iter().zip(&zh) {
        assert_eq!(path, zh_path, "the two references list the same commands");
        if example_commands(en) != example_commands(zh) {
            differ.push(format!(
                "meded {path}:\n  English: {}\n  Chinese: {}",
                example_commands(en),
                example_commands(zh)
            ));
        }
    }
    assert!(differ.is_empty(), "examples differ:\n{}", differ.join("\n"));
}
