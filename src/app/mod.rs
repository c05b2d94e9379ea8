//! Commands: resolve directories, make sure the index is current, call the
//! engine, hand results to a printer. Returns whether anything was found.
//!
//! `read.rs` holds the read commands, `write.rs` ingest and export,
//! `meta.rs` config, completions and the man page, `places.rs` where notes,
//! index and configuration live.

mod meta;
pub mod places;
mod read;
mod write;

use std::io::{IsTerminal, Write};
use std::sync::OnceLock;

use crate::cli::{Cli, ColorChoice, Command, Global, OutputArgs};
use crate::error::{Error, Result};
use crate::index::freshness::{Freshness, full_check, quick_staleness, record_stale};
use crate::index::{IndexHandle, IngestOptions, Store, ingest};
use crate::render::Style;
use crate::render::json::JsonForm;
use places::Dirs;

/// Outcome of a read command, mapped to grep-like exit codes by `main`.
#[derive(Debug, PartialEq, Eq)]
pub enum Outcome {
    Found,
    NotFound,
}

/// How output should look, decided once from the flags and the terminal.
#[derive(Debug, Clone, Copy)]
struct Ui {
    color: bool,
    quiet: bool,
    pager: bool,
}

static UI: OnceLock<Ui> = OnceLock::new();

fn ui() -> Ui {
    *UI.get_or_init(|| Ui {
        color: false,
        quiet: false,
        pager: false,
    })
}

/// Colour: `--color always|never`, or on a terminal unless `NO_COLOR` is set
/// (https://no-color.org) or the terminal is dumb.
fn wants_color(choice: ColorChoice) -> bool {
    match choice {
        ColorChoice::Always => true,
        ColorChoice::Never => false,
        ColorChoice::Auto => {
            std::io::stdout().is_terminal()
                && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
                && std::env::var("TERM").map_or(true, |t| t != "dumb")
        }
    }
}

fn init(global: &Global) {
    let _ = UI.set(Ui {
        color: wants_color(global.color),
        quiet: global.quiet,
        pager: global.pager && std::io::stdout().is_terminal(),
    });
    // -v: phases and timings; -vv: more. KN_TRACE=1 is the old spelling of -v.
    let level = match (global.verbose, std::env::var_os("KN_TRACE").is_some()) {
        (0, false) => return,
        (0 | 1, _) => tracing::Level::INFO,
        _ => tracing::Level::DEBUG,
    };
    let _ = tracing_subscriber::fmt()
        .with_max_level(level)
        .with_writer(std::io::stderr)
        .with_target(false)
        .without_time()
        .with_ansi(wants_color(global.color) && std::io::stderr().is_terminal())
        .try_init();
}

/// A notice on stderr (suppressed by `--quiet`).
fn note(text: &str) {
    if !ui().quiet {
        eprintln!("kn: {}", crate::render::safe::terminal(text));
    }
}

fn style() -> Style {
    let terminal = std::io::stdout().is_terminal();
    let width = std::env::var("COLUMNS")
        .ok()
        .and_then(|c| c.parse().ok())
        .unwrap_or(160);
    Style {
        terminal,
        color: ui().color,
        width,
    }
}

fn json_form(o: &OutputArgs) -> Option<JsonForm> {
    if o.jsonl {
        Some(JsonForm::Lines)
    } else if o.json {
        Some(JsonForm::Pretty)
    } else {
        None
    }
}

/// Writes `text` and a newline to stdout, through `$PAGER` when `--pager`
/// was given and stdout is a terminal. A closed pipe (`kn … | head`) is not
/// an error.
fn print(text: &str) -> Result<()> {
    if text.is_empty() {
        // `--jsonl` with nothing to list: no lines at all, not a blank one.
        return Ok(());
    }
    if ui().pager && text.lines().count() > 1 {
        let pager = std::env::var("PAGER")
            .ok()
            .filter(|p| !p.trim().is_empty())
            .unwrap_or_else(|| "less -FRX".into());
        let mut words = pager.split_whitespace();
        if let Some(program) = words.next()
            && let Ok(mut child) = std::process::Command::new(program)
                .args(words)
                .stdin(std::process::Stdio::piped())
                .spawn()
        {
            if let Some(mut stdin) = child.stdin.take() {
                let _ = writeln!(stdin, "{text}");
            }
            let _ = child.wait();
            return Ok(());
        }
    }
    let mut out = std::io::stdout().lock();
    let r = writeln!(out, "{text}").and_then(|_| out.flush());
    match r {
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(()),
        Err(e) => Err(Error::io("<stdout>", e)),
        Ok(()) => Ok(()),
    }
}

/// Opens the index, ingesting first when it is missing or out of date.
fn open_current(dirs: &Dirs) -> Result<IndexHandle> {
    let store = Store::new(&dirs.index);
    let t = std::time::Instant::now();
    let opened = IndexHandle::open(&store);
    phase("open index", t);
    let (existing, reason) = match opened {
        Ok(None) => (None, "no index yet".to_string()),
        // Built by another kn (other schema): rebuild rather than fail.
        Err(Error::OutdatedIndex(_)) => (None, "it was built by another version of kn".to_string()),
        Err(e) => return Err(e),
        Ok(Some(h)) => {
            let t = std::time::Instant::now();
            let stale = quick_staleness(&h.dir, &h.manifest, &dirs.data)?;
            phase("freshness", t);
            match stale {
                Freshness::Fresh => return Ok(h),
                // Nothing the probes see changed: answer now; what the full
                // check finds, the next search re-indexes.
                Freshness::CheckDue if verify_in_background(dirs) => return Ok(h),
                Freshness::CheckDue => match full_check(&h.dir, &h.manifest, &dirs.data)? {
                    None => return Ok(h),
                    Some(reason) => (Some(h), reason),
                },
                Freshness::Stale(reason) => (Some(h), reason),
            }
        }
    };
    note(&format!("indexing {} ({reason})…", dirs.data.display()));
    match ingest(&dirs.data, &store, &IngestOptions::default()) {
        Ok(r) => {
            note(&write::summary(&r));
            if !r.warnings.is_empty() {
                note("run `kn ingest` to see the warnings");
            }
        }
        // Another kn is rebuilding right now: answer from the index we have.
        Err(Error::Locked { pid, .. }) if existing.is_some() => {
            note(&format!(
                "index is being updated by {}; searching the previous index",
                crate::error::holder(pid)
            ));
            return Ok(existing.expect("checked"));
        }
        Err(e) => return Err(e),
    }
    IndexHandle::open(&store)?.ok_or_else(|| Error::NoIndex(dirs.index.clone()))
}

/// Starts `kn __verify` for these directories, detached: the full stamp
/// comparison of a large corpus takes seconds of directory reads, and the
/// search that found it due should not wait for them. False when it could
/// not be started (the caller then checks in-process).
fn verify_in_background(dirs: &Dirs) -> bool {
    let Ok(exe) = std::env::current_exe() else {
        return false;
    };
    let mut cmd = std::process::Command::new(exe);
    cmd.arg("--data")
        .arg(&dirs.data)
        .arg("--index")
        .arg(&dirs.index)
        .arg("__verify")
        .stdin(std::process::Stdio::null())
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null());
    #[cfg(unix)]
    {
        // Its own process group: Ctrl-C on the search does not stop it.
        use std::os::unix::process::CommandExt;
        cmd.process_group(0);
    }
    cmd.spawn().is_ok()
}

/// `kn __verify`: the full freshness check, recording what it finds for
/// the next search. Silent; an index that cannot be read is left alone.
fn verify(global: &Global) -> Result<Outcome> {
    let dirs = places::resolve(global)?;
    let store = Store::new(&dirs.index);
    if let Some(h) = IndexHandle::open(&store)?
        && let Some(reason) = full_check(&h.dir, &h.manifest, &dirs.data)?
    {
        record_stale(&h.dir, &h.manifest, &reason);
    }
    Ok(Outcome::Found)
}

/// `-v` diagnostics: how long a phase took.
fn phase(name: &str, since: std::time::Instant) {
    tracing::info!("{name}: {:.2} ms", since.elapsed().as_secs_f64() * 1000.0);
}

fn found(any: bool) -> Outcome {
    if any {
        Outcome::Found
    } else {
        Outcome::NotFound
    }
}

pub fn run(cli: Cli) -> Result<Outcome> {
    init(&cli.global);
    let g = &cli.global;
    match &cli.command {
        Command::Ingest(a) => write::ingest_cmd(g, a),
        Command::Search(a) => read::search(g, a),
        Command::Show(a) => read::show(g, a),
        Command::Tui(a) => read::tui(g, a),
        Command::Mcp => read::mcp(g),
        Command::Episodes(a) => read::episodes(g, a),
        Command::Presenters(a) => read::presenters(g, a),
        Command::Links(a) => read::links(g, a),
        Command::Related(a) => read::related(g, a),
        Command::Trend(a) => read::trend(g, a),
        Command::Export(a) => write::export(g, a),
        Command::Config(a) => meta::config(g, a),
        Command::Completions(a) => meta::completions(a),
        Command::Man => meta::man(),
        Command::Verify => verify(g),
    }
}
