//! `kn` binary: argv → library call → exit code (0 found, 1 nothing found,
//! 2 error), like grep.

use std::process::ExitCode;

use clap::Parser;
use clap::error::ErrorKind;

/// mimalloc instead of glibc malloc: ingest allocates from three threads at
/// once (the splitter and tantivy's indexers), and glibc's arena locks and
/// bin management were a twelfth of its CPU (perf).
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

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
    // `kn --version` alone needs no parser: building clap's command tree for
    // twelve subcommands is a third of its instructions (callgrind).
    let mut args = std::env::args_os().skip(1);
    if let (Some(a), None) = (args.next(), args.next())
        && (a == "--version" || a == "-V")
    {
        println!("kn {}", env!("CARGO_PKG_VERSION"));
        return ExitCode::SUCCESS;
    }
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
    quiet_panics();
    match std::panic::catch_unwind(|| kn::app::run(cli)) {
        Ok(Ok(kn::app::Outcome::Found)) => ExitCode::SUCCESS,
        Ok(Ok(kn::app::Outcome::NotFound)) => ExitCode::from(1),
        Ok(Err(e)) => {
            // Library messages can quote multi-line causes: kn prints one line.
            let msg = e.to_string();
            eprintln!(
                "kn: error: {}",
                msg.split_whitespace().collect::<Vec<_>>().join(" ")
            );
            ExitCode::from(2)
        }
        Err(_) => {
            let what = LAST_PANIC
                .lock()
                .ok()
                .and_then(|m| m.clone())
                .unwrap_or_else(|| "unknown".into());
            eprintln!(
                "kn: error: internal error ({what}); if the index is damaged, `kn ingest --rebuild` rebuilds it"
            );
            ExitCode::from(2)
        }
    }
}

/// The message of the last panic, for the one-line error.
static LAST_PANIC: std::sync::Mutex<Option<String>> = std::sync::Mutex::new(None);

/// A damaged index can make a library panic deep inside a read. kn promises
/// one line and exit status 2, never a backtrace: panics are recorded here
/// (any thread) and reported by `main`. `KN_BACKTRACE=1` keeps Rust's report.
fn quiet_panics() {
    if std::env::var_os("KN_BACKTRACE").is_some() {
        return;
    }
    std::panic::set_hook(Box::new(|info| {
        let msg = info
            .payload()
            .downcast_ref::<&str>()
            .map(|s| s.to_string())
            .or_else(|| info.payload().downcast_ref::<String>().cloned())
            .unwrap_or_else(|| "panic".into());
        let at = info
            .location()
            .map(|l| format!(" at {}:{}", l.file(), l.line()))
            .unwrap_or_default();
        let line = format!("{}{at}", msg.lines().next().unwrap_or(""));
        if let Ok(mut last) = LAST_PANIC.lock() {
            *last = Some(line);
        }
    }));
}
