//! The only place that prints. Data goes to stdout as a table, JSON or CSV;
//! notes, warnings and progress bars go to stderr. A closed pipe ends the
//! program quietly.
#![allow(clippy::print_stdout, clippy::print_stderr)]

use std::io::{IsTerminal, Write};
use std::time::Duration;

use comfy_table::{ContentArrangement, Table, presets};
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use meded::i18n::{Lang, Msg};
use serde::Serialize;

/// How data is printed (`--format`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    Table,
    Json,
    Csv,
}

/// Something that can be a row of a table.
pub trait Tabular {
    fn headers(lang: Lang) -> Vec<&'static str>;
    fn cells(&self, lang: Lang) -> Vec<String>;
}

/// The printer for one command run.
#[derive(Debug, Clone, Copy)]
pub struct Out {
    pub format: Format,
    pub lang: Lang,
    pub quiet: bool,
}

fn write_stdout(text: &str) {
    let mut out = std::io::stdout().lock();
    let result = out.write_all(text.as_bytes()).and_then(|_| out.flush());
    if let Err(e) = result {
        if e.kind() == std::io::ErrorKind::BrokenPipe {
            // `meded account list | head`: the reader has what it wanted.
            std::process::exit(0);
        }
        eprintln!("meded: {e}");
        std::process::exit(3);
    }
}

impl Out {
    pub fn t<'a>(&self, zh: &'a str, en: &'a str) -> &'a str {
        self.lang.pick(zh, en)
    }

    pub fn text(&self, m: &Msg) -> String {
        m.text(self.lang).to_owned()
    }

    /// A value as one JSON document on stdout, written as it is serialised:
    /// a check of 20,000 teachers is 37 MB of JSON that need not sit in
    /// memory first.
    pub fn json<T: Serialize + ?Sized>(&self, value: &T) {
        let mut out = std::io::BufWriter::with_capacity(1 << 16, std::io::stdout().lock());
        let result = serde_json::to_writer_pretty(&mut out, value)
            .map_err(std::io::Error::from)
            .and_then(|_| out.write_all(b"\n"))
            .and_then(|_| out.flush());
        if let Err(e) = result {
            if e.kind() == std::io::ErrorKind::BrokenPipe {
                std::process::exit(0);
            }
            eprintln!("meded: {e}");
            std::process::exit(3);
        }
    }

    /// Rows under headers, as a table or CSV (`--format json` callers print
    /// their own structure instead).
    pub fn rows(&self, headers: &[&str], rows: &[Vec<String>]) {
        match self.format {
            Format::Csv => {
                let mut w = csv::Writer::from_writer(Vec::new());
                let _ = w.write_record(headers);
                for r in rows {
                    let cells: Vec<String> = r
                        .iter()
                        .map(|c| meded::sheet::write::neutralize(c).into_owned())
                        .collect();
                    let _ = w.write_record(&cells);
                }
                let bytes = w.into_inner().unwrap_or_default();
                // CSV is read by people in Excel, which takes a file without
                // a byte-order mark for GBK on Chinese Windows.
                write_stdout(&format!("\u{FEFF}{}", String::from_utf8_lossy(&bytes)));
            }
            _ => {
                let mut table = Table::new();
                table
                    .load_style(presets::UTF8_FULL_CONDENSED)
                    .set_content_arrangement(ContentArrangement::Dynamic)
                    .set_header(headers.to_vec());
                for r in rows {
                    table.add_row(r.clone());
                }
                write_stdout(&format!("{table}\n"));
            }
        }
    }

    /// The people an action could not be done for, with why: a table of
    /// ID number and problem (nothing when there are none).
    pub fn refusals<'a>(&self, refused: impl IntoIterator<Item = (&'a str, &'a Msg)>) {
        let rows: Vec<Vec<String>> = refused
            .into_iter()
            .map(|(id, m)| vec![id.to_owned(), self.text(m)])
            .collect();
        if !rows.is_empty() {
            self.rows(
                &[self.t("证件号码", "ID number"), self.t("问题", "Problem")],
                &rows,
            );
        }
    }

    /// A list of things: JSON array, table or CSV.
    pub fn list<T: Serialize + Tabular>(&self, items: &[T]) {
        if self.format == Format::Json {
            return self.json(items);
        }
        let rows: Vec<Vec<String>> = items.iter().map(|i| i.cells(self.lang)).collect();
        self.rows(&T::headers(self.lang), &rows);
    }

    /// A line of human-readable result on stdout (table format only: JSON
    /// and CSV keep stdout for data).
    pub fn line(&self, text: &str) {
        if self.format == Format::Table {
            write_stdout(&format!("{text}\n"));
        }
    }

    /// A note on stderr, unless `--quiet`.
    pub fn note(&self, m: &Msg) {
        if !self.quiet {
            eprintln!("{}", m.text(self.lang));
        }
    }

    /// A warning on stderr, even with `--quiet`.
    pub fn warn(&self, m: &Msg) {
        eprintln!("meded: {}", m.text(self.lang));
    }

    /// A progress bar on stderr, drawn only on a terminal and without
    /// `--quiet`. Long work passes [`Bar::update`] as its progress callback.
    pub fn progress(&self, what: &Msg) -> Bar {
        let visible = !self.quiet && std::io::stderr().is_terminal();
        let bar = if visible {
            let bar = ProgressBar::with_draw_target(None, ProgressDrawTarget::stderr());
            bar.set_style(
                ProgressStyle::with_template(
                    "{msg} [{bar:40.cyan/blue}] {percent:>3}% {elapsed}<{eta}",
                )
                .unwrap_or_else(|_| ProgressStyle::default_bar())
                .progress_chars("=> "),
            );
            bar.set_message(what.text(self.lang).to_owned());
            bar.enable_steady_tick(Duration::from_millis(200));
            bar
        } else {
            ProgressBar::hidden()
        };
        Bar { bar }
    }
}

/// A progress bar (hidden when there is no terminal to draw on).
pub struct Bar {
    bar: ProgressBar,
}

impl Bar {
    pub fn update(&self, done: u64, total: u64) {
        if self.bar.length() != Some(total) {
            self.bar.set_length(total);
        }
        self.bar.set_position(done.min(total));
    }
}

impl Drop for Bar {
    fn drop(&mut self) {
        self.bar.finish_and_clear();
    }
}

/// The error line for a command that failed.
pub fn error(lang: Lang, e: &meded::Error) {
    eprintln!("meded: {}", e.message(lang));
}

/// A command line clap could not take: its help or version (exit 0), or
/// the error, in Chinese when the language is zh (exit 2).
pub fn command_line_error(lang: Lang, e: clap::Error) -> std::process::ExitCode {
    use clap::error::ErrorKind;
    let shown = matches!(e.kind(), ErrorKind::DisplayHelp | ErrorKind::DisplayVersion);
    if lang == Lang::Zh && !shown && e.kind() != ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand
    {
        eprintln!("{}", super::zh::error(&e));
        return std::process::ExitCode::from(2);
    }
    let _ = e.print();
    std::process::ExitCode::from(if e.use_stderr() { 2 } else { 0 })
}
