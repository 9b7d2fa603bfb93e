//! `onemap`: no arguments opens the window on the demo project; subcommands run the CLI.

use std::process::ExitCode;

fn main() -> ExitCode {
    let cli = match onemap::cli::parse() {
        Ok(cli) => cli,
        Err(code) => return code,
    };
    match cli.command {
        Some(command) => onemap::cli::run(command, cli.operator),
        None => onemap::cli::open_window(cli.project, cli.operator),
    }
}
