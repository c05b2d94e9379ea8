//! Commands: resolve directories, make sure the index is current, call the
//! engine, hand results to a printer. Returns whether anything was found.

use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};

use crate::cli::{Cli, Command, ExportArgs, Global, IngestArgs, ListArgs, SearchArgs, ShowArgs};
use crate::corpus;
use crate::error::{Error, Result};
use crate::index::{
    IndexHandle, IngestOptions, IngestReport, Mode, Store, ingest, ingest::staleness,
};
use crate::notes::header::episode_number;
use crate::render::{self, Style};
use crate::search::{Engine, SearchOptions};

/// Outcome of a read command, mapped to grep-like exit codes by `main`.
#[derive(Debug, PartialEq, Eq)]
pub enum Outcome {
    Found,
    NotFound,
}

/// The bundled sample corpus in the source tree.
fn bundled_data() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("data")
}

struct Dirs {
    data: PathBuf,
    index: PathBuf,
}

fn resolve(global: &Global) -> Result<Dirs> {
    let data = match &global.data {
        Some(d) => d.clone(),
        None => {
            let b = bundled_data();
            if !b.is_dir() {
                return Err(Error::NoDataDir);
            }
            b
        }
    };
    if !data.is_dir() {
        return Err(Error::MissingData(data));
    }
    let index = match &global.index {
        Some(i) => i.clone(),
        None => default_index(&data),
    };
    Ok(Dirs { data, index })
}

/// `index/` beside the bundled `data/`; for any other notes directory a cache
/// directory named after it, so kn never writes into someone's notes.
fn default_index(data: &Path) -> PathBuf {
    let canonical = std::fs::canonicalize(data).unwrap_or_else(|_| data.to_path_buf());
    let bundled = std::fs::canonicalize(bundled_data()).ok();
    if bundled.as_deref() == Some(canonical.as_path()) {
        return Path::new(env!("CARGO_MANIFEST_DIR")).join("index");
    }
    let name = canonical
        .file_name()
        .map_or("notes".into(), |n| n.to_string_lossy().to_string());
    let hash = blake3::hash(canonical.display().to_string().as_bytes()).to_hex();
    let base = directories::ProjectDirs::from("", "", "kn")
        .map(|p| p.cache_dir().to_path_buf())
        .unwrap_or_else(|| std::env::temp_dir().join("kn"));
    base.join("indexes").join(format!("{name}-{}", &hash[..12]))
}

fn style() -> Style {
    let terminal = std::io::stdout().is_terminal();
    let width = std::env::var("COLUMNS")
        .ok()
        .and_then(|c| c.parse().ok())
        .unwrap_or(160);
    Style { terminal, width }
}

fn print(text: &str) -> Result<()> {
    let mut out = std::io::stdout().lock();
    let r = writeln!(out, "{text}").and_then(|_| out.flush());
    match r {
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(()),
        Err(e) => Err(Error::io("<stdout>", e)),
        Ok(()) => Ok(()),
    }
}

const SHOWN_WARNINGS: usize = 20;

fn report(r: &IngestReport, all_warnings: bool) {
    let limit = if all_warnings {
        usize::MAX
    } else {
        SHOWN_WARNINGS
    };
    for w in r.warnings.iter().take(limit) {
        // File names and quoted note text are untrusted.
        eprintln!("warning: {}", render::safe::terminal(&w.to_string()));
    }
    if r.warnings.len() > limit {
        eprintln!(
            "warning: … and {} more (kn ingest --all-warnings lists them)",
            r.warnings.len() - limit
        );
    }
}

fn summary(r: &IngestReport) -> String {
    let how = match &r.mode {
        Mode::Full => "indexed".to_string(),
        Mode::Incremental {
            changed_files,
            episodes,
        } => {
            format!("re-indexed {episodes} episodes for {changed_files} changed files; index has")
        }
        Mode::UpToDate => "index is up to date:".to_string(),
    };
    format!(
        "{how} {} episodes, {} topics, {} links from {} files in {:.2}s ({} warnings)",
        r.episodes,
        r.topics,
        r.links,
        r.files,
        r.elapsed.as_secs_f64(),
        r.warnings.len()
    )
}

/// Opens the index, ingesting first when it is missing or out of date.
fn open_current(dirs: &Dirs) -> Result<IndexHandle> {
    let store = Store::new(&dirs.index);
    let mut t = std::time::Instant::now();
    let opened = IndexHandle::open(&store);
    trace("open index", &mut t);
    let (existing, reason) = match opened {
        Ok(None) => (None, "no index yet".to_string()),
        // Built by another kn (other schema): rebuild rather than fail.
        Err(Error::OutdatedIndex(_)) => (None, "it was built by another version of kn".to_string()),
        Err(e) => return Err(e),
        Ok(Some(h)) => match staleness(&h.dir, &h.payload, &dirs.data)? {
            None => return Ok(h),
            Some(reason) => (Some(h), reason),
        },
    };
    eprintln!("kn: indexing {} ({reason})…", dirs.data.display());
    match ingest(&dirs.data, &store, &IngestOptions::default()) {
        Ok(r) => {
            eprintln!("kn: {}", summary(&r));
            if !r.warnings.is_empty() {
                eprintln!("kn: run `kn ingest` to see the warnings");
            }
        }
        // Another kn is rebuilding right now: answer from the index we have.
        Err(Error::Locked { pid, .. }) if existing.is_some() => {
            eprintln!("kn: index is being updated by pid {pid}; searching the previous index");
            return Ok(existing.expect("checked"));
        }
        Err(e) => return Err(e),
    }
    IndexHandle::open(&store)?.ok_or_else(|| Error::NoIndex(dirs.index.clone()))
}

pub fn run(cli: Cli) -> Result<Outcome> {
    match cli.command {
        Command::Ingest(a) => cmd_ingest(&cli.global, &a),
        Command::Search(a) => cmd_search(&cli.global, &a),
        Command::Show(a) => cmd_show(&cli.global, &a),
        Command::Episodes(a) => cmd_episodes(&cli.global, &a),
        Command::Export(a) => cmd_export(&cli.global, &a),
    }
}

fn cmd_ingest(global: &Global, args: &IngestArgs) -> Result<Outcome> {
    let dirs = resolve(global)?;
    let opts = IngestOptions {
        rebuild: args.rebuild,
        memory: args.memory_mb.saturating_mul(1024 * 1024),
    };
    let r = ingest(&dirs.data, &Store::new(&dirs.index), &opts)?;
    report(&r, args.all_warnings);
    println!("{}", summary(&r));
    println!("index: {}", dirs.index.display());
    Ok(Outcome::Found)
}

/// `KN_TRACE=1` prints how long each phase took, for profiling.
fn trace(phase: &str, since: &mut std::time::Instant) {
    if std::env::var_os("KN_TRACE").is_some() {
        eprintln!(
            "kn: trace {phase}: {:.2} ms",
            since.elapsed().as_secs_f64() * 1000.0
        );
    }
    *since = std::time::Instant::now();
}

fn cmd_search(global: &Global, args: &SearchArgs) -> Result<Outcome> {
    let mut t = std::time::Instant::now();
    let dirs = resolve(global)?;
    let handle = open_current(&dirs)?;
    trace("open + freshness", &mut t);
    let mut warnings = Vec::new();
    let aliases = corpus::load_aliases(&dirs.data, &mut warnings);
    let synonyms = corpus::load_synonyms(&dirs.data, &dirs.index, &mut warnings);
    trace("aliases + synonyms", &mut t);
    let query = args.query.join(" ");
    let opts = SearchOptions {
        limit: args.limit,
        presenter: args.presenter.clone(),
        episode: args.episode.clone(),
        since: args.since.clone(),
        until: args.until.clone(),
        exact: args.exact,
        group: !args.no_group,
    };
    let results = Engine::new(&handle, &aliases, &synonyms).search(&query, &opts)?;
    trace("search + snippets", &mut t);
    for n in &results.notices {
        eprintln!("kn: {n}");
    }
    let hits = results.hits;
    if args.json {
        print(&render::json::search(&hits))?;
    } else if hits.is_empty() {
        eprintln!("kn: no topics match {query:?}");
    } else {
        print(&render::table::search(&hits, style()))?;
    }
    trace("render", &mut t);
    Ok(if hits.is_empty() {
        Outcome::NotFound
    } else {
        Outcome::Found
    })
}

fn cmd_show(global: &Global, args: &ShowArgs) -> Result<Outcome> {
    let dirs = resolve(global)?;
    let handle = open_current(&dirs)?;
    let wanted = episode_number(&args.episode).unwrap_or_else(|| args.episode.trim().to_string());
    let Some(episode) = handle.episode(&wanted)? else {
        let episodes = handle.episodes()?;
        let available = episodes
            .iter()
            .map(|e| e.episode.as_str())
            .collect::<Vec<_>>()
            .join(", ");
        return Err(Error::UnknownEpisode {
            wanted: args.episode.clone(),
            available,
        });
    };
    let ep = &episode;
    let topics = handle.episode_topics(ep)?;
    if args.json {
        print(&render::json::show(ep, &topics))?;
    } else {
        print(&render::table::show(ep, &topics, style()))?;
    }
    Ok(Outcome::Found)
}

fn cmd_episodes(global: &Global, args: &ListArgs) -> Result<Outcome> {
    let dirs = resolve(global)?;
    let handle = open_current(&dirs)?;
    let episodes = handle.episodes()?;
    if args.json {
        print(&render::json::episodes(&episodes))?;
    } else {
        print(&render::table::episodes(&episodes, style()))?;
    }
    Ok(if episodes.is_empty() {
        Outcome::NotFound
    } else {
        Outcome::Found
    })
}

fn cmd_export(global: &Global, _args: &ExportArgs) -> Result<Outcome> {
    let dirs = resolve(global)?;
    let handle = open_current(&dirs)?;
    let mut out = std::io::BufWriter::new(std::io::stdout().lock());
    let mut count = 0usize;
    let result = handle.for_each_topic(|t| {
        count += 1;
        writeln!(out, "{}", render::json::topic_line(t))
    });
    let result = result.and_then(|r| {
        r.and_then(|_| out.flush())
            .map_err(|e| Error::io("<stdout>", e))
    });
    match result {
        Err(Error::Io { source, .. }) if source.kind() == std::io::ErrorKind::BrokenPipe => {}
        other => other?,
    }
    Ok(if count == 0 {
        Outcome::NotFound
    } else {
        Outcome::Found
    })
}
