//! The `meded` command: parse the command line, run the command, and map
//! its outcome to an exit code (SPEC §4).

mod cli;

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
