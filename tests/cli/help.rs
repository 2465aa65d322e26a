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
