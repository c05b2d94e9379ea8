//! The commands that write: `kn ingest` (with a progress bar on a terminal)
//! and `kn export` (JSON Lines, OpenSearch or Quickwit files).

use std::io::{IsTerminal, Write};
use std::path::Path;

use super::places::{self, resolve};
use super::{Outcome, note, open_current, ui};
use crate::cli::{ExportArgs, ExportFormat, Global, IngestArgs};
use crate::error::{Error, Result};
use crate::index::{IngestOptions, IngestReport, Mode, Progress, Store, ingest};
use crate::render::{self, export};

const SHOWN_WARNINGS: usize = 20;

fn report(r: &IngestReport, all_warnings: bool) {
    if ui().quiet {
        return;
    }
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

pub fn summary(r: &IngestReport) -> String {
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

/// A progress bar on stderr when it is a terminal (never in scripts).
fn progress_bar() -> Option<(indicatif::ProgressBar, Progress)> {
    if ui().quiet || !std::io::stderr().is_terminal() {
        return None;
    }
    let bar = indicatif::ProgressBar::new(0);
    bar.set_style(
        indicatif::ProgressStyle::with_template(
            "{spinner} indexing {bar:30} {pos}/{len} episodes ({eta})",
        )
        .expect("valid template"),
    );
    let b = bar.clone();
    let progress = Progress::new(move |done, total| {
        b.set_length(total as u64);
        b.set_position(done as u64);
    });
    Some((bar, progress))
}

pub fn ingest_cmd(global: &Global, args: &IngestArgs) -> Result<Outcome> {
    let mut global_for_dir;
    let global = match &args.dir {
        // `kn ingest DIR` indexes DIR and remembers it as the default.
        Some(dir) => {
            if !dir.is_dir() {
                return Err(Error::MissingData(dir.clone()));
            }
            global_for_dir = Global { ..global.clone() };
            global_for_dir.data = Some(dir.clone());
            &global_for_dir
        }
        None => global,
    };
    let dirs = resolve(global)?;
    let bar = progress_bar();
    let opts = IngestOptions {
        rebuild: args.rebuild,
        memory: args.memory_mb.saturating_mul(1024 * 1024),
        progress: bar.as_ref().map(|(_, p)| p.clone()),
    };
    let result = ingest(&dirs.data, &Store::new(&dirs.index), &opts);
    if let Some((bar, _)) = bar {
        bar.finish_and_clear();
    }
    let r = result?;
    // The synonym table's analysed cache (lindera on every entry, ~11 M
    // instructions) is built here rather than by the first search after a
    // new index; its problems are reported when searching, as before.
    let _ = crate::corpus::load_synonyms(&dirs.data, &dirs.index, &mut Vec::new());
    if let Some(dir) = &args.dir {
        places::remember_data(&dirs.config_file, dir)?;
        note(&format!(
            "{} is now the default notes directory ({})",
            dir.display(),
            dirs.config_file.display()
        ));
    }
    report(&r, args.all_warnings);
    println!("{}", summary(&r));
    println!("index: {}", dirs.index.display());
    Ok(Outcome::Found)
}

pub fn export(global: &Global, args: &ExportArgs) -> Result<Outcome> {
    let dirs = resolve(global)?;
    let handle = open_current(&dirs)?;
    if let Some(out) = &args.out
        && args.format != ExportFormat::Jsonl
    {
        return export_files(&handle, args.format, out);
    }
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
    Ok(super::found(count > 0))
}

/// OpenSearch: `mapping.json` + `bulk-NNNN.ndjson` (at most 5,000 topics
/// each, under the usual bulk request limits). Quickwit: `index-config.yaml`
/// + `topics.ndjson`.
fn export_files(
    handle: &crate::index::IndexHandle,
    format: ExportFormat,
    out: &Path,
) -> Result<Outcome> {
    std::fs::create_dir_all(out).map_err(|e| Error::io(out, e))?;
    let opensearch = format == ExportFormat::Opensearch;
    let data_file = |n: usize| match format {
        ExportFormat::Opensearch => format!("bulk-{n:04}.ndjson"),
        _ => "topics.ndjson".to_string(),
    };
    let (mut files, mut count) = (0usize, 0usize);
    let mut chunk = String::new();
    // Writes the chunk as the next data file (an io::Error ends the walk).
    let mut flush = |chunk: &mut String| -> std::io::Result<()> {
        if !chunk.is_empty() {
            files += 1;
            std::fs::write(out.join(data_file(files)), &chunk)?;
            chunk.clear();
        }
        Ok(())
    };
    let walked = handle.for_each_topic(|t| {
        count += 1;
        if opensearch {
            chunk.push_str(&export::opensearch_bulk(t));
            if count.is_multiple_of(export::BULK_TOPICS) {
                flush(&mut chunk)?;
            }
        } else {
            chunk.push_str(&export::quickwit_doc(t));
        }
        Ok(())
    })?;
    walked
        .and_then(|()| flush(&mut chunk))
        .map_err(|e| Error::io(out, e))?;
    let (name, text) = if opensearch {
        ("mapping.json", export::opensearch_mapping())
    } else {
        ("index-config.yaml", export::quickwit_config())
    };
    std::fs::write(out.join(name), text).map_err(|e| Error::io(out.join(name), e))?;
    note(&format!(
        "wrote {count} topics to {} ({files} data files)",
        out.display()
    ));
    Ok(super::found(count > 0))
}
