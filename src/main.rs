//! The `meded` command: parse the command line, run the command, and map
//! its outcome to an exit code (docs/README.md).

mod cli;

/// The importers hand rows between threads (reading, checking, writing):
/// memory allocated on one thread is freed on another, which glibc's
/// allocator serialises on a lock per arena. mimalloc frees such memory
/// without contention; imports run a quarter faster or more.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

use clap::{CommandFactory, FromArgMatches};

fn main() -> std::process::ExitCode {
    let args: Vec<std::ffi::OsString> = std::env::args_os().collect();
    let lang = cli::zh::early_lang(&args);
    let command = cli::zh::localize(cli::Cli::command(), lang);
    let parsed = command
        .try_get_matches_from(&args)
        .and_then(|m| cli::Cli::from_arg_matches(&m));
    let cli = match parsed {
        Ok(cli) => cli,
        Err(e) => return cli::output::command_line_error(lang, e),
    };
    let ctx = cli.context();
    let code = match cli.run(&ctx) {
        Ok(code) => {
            ctx.finish(false);
            code
        }
        Err(e) => {
            ctx.finish(true);
            cli::output::error(ctx.lang(), &e);
            e.exit_code()
        }
    };
    std::process::ExitCode::from(code as u8)
}
