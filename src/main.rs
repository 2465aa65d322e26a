//! The `meded` command: parse the command line, run the command, and map
//! its outcome to an exit code (docs/README.md).

mod cli;

/// The importers hand rows between threads (reading, checking, writing):
/// memory allocated on one thread is freed on another, which glibc's
/// allocator serialises on a lock per arena. mimalloc frees such memory
/// without contention; imports run a quarter faster or more.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

use clap::Parser;

fn main() -> std::process::ExitCode {
    let cli = cli::Cli::parse();
    let ctx = cli.context();
    let code = match cli.run(&ctx) {
        Ok(code) => code,
        Err(e) => {
            cli::output::error(ctx.lang(), &e);
            e.exit_code()
        }
    };
    std::process::ExitCode::from(code as u8)
}
