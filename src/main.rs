//! `kn` binary: argv → library call → exit code (0 found, 1 nothing found,
//! 2 error), like grep.

use std::process::ExitCode;

use clap::Parser;

fn main() -> ExitCode {
    let cli = kn::cli::Cli::parse();
    match kn::app::run(cli) {
        Ok(kn::app::Outcome::Found) => ExitCode::SUCCESS,
        Ok(kn::app::Outcome::NotFound) => ExitCode::from(1),
        Err(e) => {
            eprintln!("kn: error: {e}");
            ExitCode::from(2)
        }
    }
}
