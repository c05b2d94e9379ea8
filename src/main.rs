//! `kn` binary: argv → library call → exit code (0 found, 1 nothing found,
//! 2 error), like grep.

use std::process::ExitCode;

use clap::Parser;
use clap::error::ErrorKind;

/// clap's own errors span several lines (usage, tips); kn promises one.
fn one_line_clap_error(e: &clap::Error) -> String {
    let rendered = e.render().to_string();
    let mut lines = rendered.lines().map(str::trim).filter(|l| !l.is_empty());
    let first = lines
        .next()
        .unwrap_or("invalid arguments")
        .trim_start_matches("error: ")
        .to_string();
    match lines.find(|l| l.starts_with("tip:")) {
        Some(tip) => format!("{first} ({tip}; see kn --help)"),
        None => format!("{first} (see kn --help)"),
    }
}

fn main() -> ExitCode {
    let cli = match kn::cli::Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) if matches!(e.kind(), ErrorKind::DisplayHelp | ErrorKind::DisplayVersion) => {
            let _ = e.print();
            return ExitCode::SUCCESS;
        }
        Err(e) if e.kind() == ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand => {
            let _ = e.print();
            return ExitCode::from(2);
        }
        Err(e) => {
            eprintln!("kn: error: {}", one_line_clap_error(&e));
            return ExitCode::from(2);
        }
    };
    match kn::app::run(cli) {
        Ok(kn::app::Outcome::Found) => ExitCode::SUCCESS,
        Ok(kn::app::Outcome::NotFound) => ExitCode::from(1),
        Err(e) => {
            eprintln!("kn: error: {e}");
            ExitCode::from(2)
        }
    }
}
