//! `kn` binary: argv → library call → exit code (0 found, 1 nothing found,
//! 2 error, like grep; 101 a bug in kn, like Rust's own panic status).

use std::alloc::{GlobalAlloc, Layout, System};
use std::process::ExitCode;

use clap::error::ErrorKind;

#[cfg(all(target_os = "linux", target_env = "gnu"))]
mod libm_shim;

/// The system allocator, and mimalloc once an ingest starts.
///
/// Ingest allocates from three threads at once (the splitter and tantivy's
/// indexers): with mimalloc a 1000× ingest took 10–14 s instead of 15–20 s.
/// But a short process pays for mimalloc's fresh pages (twice the system
/// time of `kn --version`, +0.6 ms; +0.35 ms a search), so reads keep the
/// system allocator. Memory from either is freed by its own allocator:
/// before the switch nothing is mimalloc's; after it, mimalloc answers
/// whether a pointer is in its heap (what its own `mi_cfree` relies on).
struct KnAlloc;

static MIMALLOC: std::sync::atomic::AtomicBool = std::sync::atomic::AtomicBool::new(false);

fn mimalloc_on() -> bool {
    MIMALLOC.load(std::sync::atomic::Ordering::Relaxed)
}

fn is_mimallocs(ptr: *mut u8) -> bool {
    // SAFETY: a read-only query on any pointer value.
    mimalloc_on() && unsafe { libmimalloc_sys::mi_is_in_heap_region(ptr.cast()) }
}

impl KnAlloc {
    /// Where new blocks come from.
    fn current() -> &'static dyn GlobalAlloc {
        if mimalloc_on() {
            &mimalloc::MiMalloc
        } else {
            &System
        }
    }

    /// The allocator that made `ptr`.
    fn owner(ptr: *mut u8) -> &'static dyn GlobalAlloc {
        if is_mimallocs(ptr) {
            &mimalloc::MiMalloc
        } else {
            &System
        }
    }
}

// SAFETY: every block is freed or resized by the allocator that made it
// (see `is_mimallocs`); both allocators uphold `GlobalAlloc`'s contract.
unsafe impl GlobalAlloc for KnAlloc {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        unsafe { Self::current().alloc(layout) }
    }

    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        unsafe { Self::current().alloc_zeroed(layout) }
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        unsafe { Self::owner(ptr).dealloc(ptr, layout) }
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, size: usize) -> *mut u8 {
        unsafe { Self::owner(ptr).realloc(ptr, layout, size) }
    }
}

#[global_allocator]
static GLOBAL: KnAlloc = KnAlloc;

/// `Cli::try_parse`, freeing clap's command tree before the command runs.
/// Freeing it costs instructions (a search's 5.49 M → 5.58 M, callgrind),
/// but its ~130 KB of blocks (global options copied into every subcommand)
/// are then reused by the search instead of fresh pages: 253 → 227 page
/// faults, −0.15 ms a 1× search (`perf stat`, five alternating rounds).
fn parse_args() -> Result<kn::cli::Cli, clap::Error> {
    use clap::{CommandFactory, FromArgMatches};
    let mut cmd = kn::cli::Cli::command();
    let parsed = match cmd.try_get_matches_from_mut(std::env::args_os()) {
        Ok(mut m) => kn::cli::Cli::from_arg_matches_mut(&mut m).map_err(|e| e.format(&mut cmd)),
        Err(e) => Err(e),
    };
    drop(cmd);
    parsed
}

/// clap's own errors span several lines (usage, tips); kn promises one.
fn one_line_clap_error(e: &clap::Error) -> String {
    let rendered = e.render().to_string();
    let mut lines = rendered.lines().map(str::trim).filter(|l| !l.is_empty());
    let mut first = lines
        .next()
        .unwrap_or("invalid arguments")
        .trim_start_matches("error: ")
        .to_string();
    // "the following required arguments were not provided:" names them on
    // the lines below.
    if first.ends_with(':') {
        let named: Vec<&str> = lines
            .clone()
            .take_while(|l| l.starts_with('<') || l.starts_with('-'))
            .collect();
        if !named.is_empty() {
            first = format!("{first} {}", named.join(" "));
        }
    }
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
    kn::index::ingest::on_ingest_start(|| {
        kn::alloc::start_mimalloc();
        MIMALLOC.store(true, std::sync::atomic::Ordering::Relaxed)
    });
    let cli = match parse_args() {
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
    ExitCode::from(exit_status(std::panic::catch_unwind(|| kn::app::run(cli))))
}

/// Reports how the command ended (one line on stderr unless it found
/// something or nothing) and returns the exit status.
fn exit_status(ended: std::thread::Result<kn::error::Result<kn::app::Outcome>>) -> u8 {
    match ended {
        Ok(Ok(kn::app::Outcome::Found)) => 0,
        Ok(Ok(kn::app::Outcome::NotFound)) => 1,
        Ok(Err(e)) => {
            // Library messages can quote multi-line causes: kn prints one line.
            let msg = e.to_string();
            eprintln!(
                "kn: error: {}",
                msg.split_whitespace().collect::<Vec<_>>().join(" ")
            );
            2
        }
        Err(_) => {
            let what = LAST_PANIC
                .lock()
                .ok()
                .and_then(|m| m.clone())
                .unwrap_or_else(|| "unknown".into());
            eprintln!(
                "kn: internal error (a bug in kn: {what}); if the index is damaged, `kn ingest --rebuild` rebuilds it"
            );
            PANIC_STATUS
        }
    }
}

/// Exit status of a panic: not 2, so that a bug is never taken for an error
/// kn handled (scripts and tests tell them apart), and Rust's own.
const PANIC_STATUS: u8 = 101;

/// The message of the last panic, for the one-line error.
static LAST_PANIC: std::sync::Mutex<Option<String>> = std::sync::Mutex::new(None);

/// A damaged index can make a library panic deep inside a read. kn promises
/// one line, never a backtrace: panics are recorded here (any thread) and
/// reported by `main` with [`PANIC_STATUS`]. `KN_BACKTRACE=1` keeps Rust's report.
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_panic_is_not_an_error_kn_handled() {
        let panicked =
            std::panic::catch_unwind(|| -> kn::error::Result<kn::app::Outcome> { panic!("boom") });
        assert_eq!(exit_status(panicked), 101);
        let failed: kn::error::Result<kn::app::Outcome> =
            Err(kn::error::Error::Invalid("bad".into()));
        assert_eq!(exit_status(Ok(failed)), 2);
        assert_eq!(exit_status(Ok(Ok(kn::app::Outcome::NotFound))), 1);
        assert_eq!(exit_status(Ok(Ok(kn::app::Outcome::Found))), 0);
    }
}
