//! Ingest: notes directory → index, full or incremental.
//!
//! A **full** ingest builds a new generation directory episode by episode
//! (memory stays bounded by one episode plus tantivy's writer budget) and
//! swaps it in. An **incremental** ingest compares file stamps with the last
//! [`State`], re-indexes only the episodes whose files changed (all files of
//! such an episode, since a header in one file dates the topics of the
//! others), and commits in place; tantivy's commit is atomic and carries the
//! [`Manifest`], so the documents and the state that describes them never
//! disagree. Either way the result equals a full rebuild of the same notes.

use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};
use std::fs;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use tantivy::{Index, IndexWriter, TantivyDocument, Term};

use super::document::{episode_doc, topic_doc};
use super::freshness::{mark_full_check, stamps_digest, uses_probes};
use super::manifest::{
    FileState, Manifest, State, aliases_hash, canonical_string, clean_states, make_state, now_ns,
    probes, read_manifest, read_state, write_state,
};
use super::racy::{RACY_IN_MANIFEST, is_racy, racy_changed, settle_racy};
use super::schema::{self, Fields};
use super::store::{INDEX_FORMAT, Store};
use super::writer::{compact, writer};
use crate::corpus::{self, ALIAS_FILE, FileStamp, Placed};
use crate::error::{Error, Result};
use crate::notes::{Aliases, Warning};
use crate::notes::{Episode, episode_order};

/// How an ingest went about it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Mode {
    Full,
    Incremental {
        changed_files: usize,
        episodes: usize,
    },
    UpToDate,
}

/// What an ingest did, for the summary line.
#[derive(Debug)]
pub struct IngestReport {
    pub mode: Mode,
    pub episodes: usize,
    pub topics: usize,
    pub links: usize,
    pub files: usize,
    /// Warnings of the files parsed by this ingest.
    pub warnings: Vec<Warning>,
    pub elapsed: Duration,
}

#[derive(Debug, Clone)]
pub struct IngestOptions {
    /// Build a new index from scratch even if an incremental update would do.
    pub rebuild: bool,
    /// Indexing memory budget in bytes (split over the indexing threads).
    pub memory: usize,
    /// Told after each episode: (episodes done, episodes to do).
    pub progress: Option<Progress>,
}

/// A progress callback (the CLI draws a bar with it).
#[derive(Clone)]
pub struct Progress(std::sync::Arc<dyn Fn(usize, usize) + Send + Sync>);

impl Progress {
    pub fn new(f: impl Fn(usize, usize) + Send + Sync + 'static) -> Self {
        Self(std::sync::Arc::new(f))
    }

    fn tell(&self, done: usize, total: usize) {
        (self.0)(done, total)
    }
}

impl std::fmt::Debug for Progress {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Progress")
    }
}

/// 512 MiB: tantivy flushes segments when its budget is full, so this (plus
/// one episode's text) bounds ingest memory whatever the corpus size.
pub const DEFAULT_MEMORY: usize = 512 * 1024 * 1024;

impl Default for IngestOptions {
    fn default() -> Self {
        Self {
            rebuild: false,
            memory: DEFAULT_MEMORY,
            progress: None,
        }
    }
}

/// Counters for one batch of indexed episodes.
#[derive(Default)]
struct Counts {
    episodes: usize,
    topics: usize,
    links: usize,
}

/// Parses and indexes the given episodes, deleting their old documents first.
fn index_episodes(
    w: &IndexWriter,
    f: &Fields,
    placed: &Placed,
    wanted: Option<&BTreeSet<String>>,
    aliases: &Aliases,
    warnings_by_file: &mut HashMap<String, Vec<Warning>>,
    progress: Option<&Progress>,
) -> Result<Counts> {
    let mut c = Counts::default();
    let total = wanted.map_or(placed.len(), BTreeSet::len);
    let mut done = 0;
    for (episode, files) in placed.values() {
        if wanted.is_some_and(|w| !w.contains(episode)) {
            continue;
        }
        done += 1;
        if let Some(p) = progress {
            p.tell(done, total);
        }
        let mut warnings = Vec::new();
        let ep = corpus::build_episode(episode, files, aliases, &mut warnings);
        for warning in warnings {
            warnings_by_file
                .entry(warning.file.clone())
                .or_default()
                .push(warning);
        }
        if ep.files.is_empty() {
            // None of its files could be read (each has a warning).
            continue;
        }
        c.episodes += 1;
        c.topics += ep.topics.len();
        c.links += ep
            .topics
            .iter()
            .map(|t| t.url.iter().count() + t.links.len())
            .sum::<usize>();
        for t in &ep.topics {
            w.add_document(topic_doc(f, t, aliases))?;
        }
        w.add_document(episode_doc(f, &ep))?;
    }
    Ok(c)
}

fn delete_episode(w: &IndexWriter, f: &Fields, episode: &str) {
    w.delete_term(Term::from_field_text(f.episode, episode));
    w.delete_term(Term::from_field_text(f.ep_key, episode));
}

fn commit(w: &mut IndexWriter, manifest: &Manifest) -> Result<()> {
    let mut prepared = w.prepare_commit()?;
    prepared
        .set_payload(&serde_json::to_string(manifest).map_err(|e| Error::Invalid(e.to_string()))?);
    prepared.commit()?;
    Ok(())
}

/// What the embedding program wants done when an ingest starts (the `kn`
/// binary switches to an allocator made for many threads).
static ON_START: std::sync::OnceLock<fn()> = std::sync::OnceLock::new();

/// Registers [`ON_START`] (the first registration wins).
pub fn on_ingest_start(f: fn()) {
    let _ = ON_START.set(f);
}

/// Brings the index in `store` up to date with the notes in `data`.
pub fn ingest(data: &Path, store: &Store, opts: &IngestOptions) -> Result<IngestReport> {
    if let Some(f) = ON_START.get() {
        f();
    }
    let start = Instant::now();
    let started_ns = now_ns();
    let _lock = store.lock()?;
    let corpus::Scan {
        files,
        dirs,
        warnings: mut scan_warnings,
    } = corpus::scan(data)?;
    // A directory modified within the racy window may change again without
    // its mtime changing: then no directory stamps, and searches walk.
    let dirs = if dirs.iter().any(|d| is_racy(d, started_ns)) {
        Vec::new()
    } else {
        dirs
    };
    let mut alias_warnings = Vec::new();
    let aliases = corpus::load_aliases(data, &mut alias_warnings);
    scan_warnings.extend(alias_warnings);

    // Can the live generation be updated in place?
    // A damaged `CURRENT` means no usable generation: build a new one.
    let live = store.current().ok().flatten().filter(|d| d.is_dir());
    let previous = match (&live, opts.rebuild) {
        (Some(dir), false) => open_for_update(dir, data),
        _ => None,
    };
    let inputs = Inputs {
        data,
        files,
        dirs,
        scan_warnings,
        aliases: &aliases,
        opts,
        start,
        started_ns,
    };
    match previous {
        Some((dir, index, manifest, state)) => incremental(inputs, &dir, &index, manifest, state),
        None => full(inputs, store),
    }
}

/// The live generation, if it was built by this kn from these notes with
/// this alias table; `None` means a full rebuild.
fn open_for_update(dir: &Path, data: &Path) -> Option<(PathBuf, Index, Manifest, State)> {
    let index = Index::open_in_dir(dir).ok()?;
    schema::register(&index);
    schema::fields(&index.schema()).ok()?;
    let manifest = read_manifest(&index)?;
    let same = manifest.format == INDEX_FORMAT
        && manifest.kn_version == env!("CARGO_PKG_VERSION")
        && manifest.data_dir == canonical_string(data)
        && manifest.aliases == aliases_hash(data);
    if !same {
        return None;
    }
    let state = read_state(dir, &manifest).ok()?;
    Some((dir.to_path_buf(), index, manifest, state))
}

/// What both kinds of ingest start from.
struct Inputs<'a> {
    data: &'a Path,
    files: Vec<(PathBuf, FileStamp)>,
    dirs: Vec<FileStamp>,
    scan_warnings: Vec<Warning>,
    aliases: &'a Aliases,
    opts: &'a IngestOptions,
    start: Instant,
    started_ns: u64,
}

fn full(inputs: Inputs, store: &Store) -> Result<IngestReport> {
    let Inputs {
        data,
        files,
        dirs,
        scan_warnings,
        aliases,
        opts,
        start,
        started_ns,
    } = inputs;
    let scratch = store.scratch()?;
    let result = (|| -> Result<IngestReport> {
        let (schema, fields) = schema::build();
        let index = Index::create_in_dir(&scratch, schema)?;
        schema::register(&index);
        let bytes = files.iter().map(|(_, s)| s.size).sum();
        let mut w = writer(&index, opts.memory, bytes)?;
        let mut warnings = Vec::new();
        let (placed, episodes) = corpus::place_all(&files, &mut warnings);
        let mut by_file: HashMap<String, Vec<Warning>> = HashMap::new();
        for warning in warnings.iter().chain(&scan_warnings) {
            by_file
                .entry(warning.file.clone())
                .or_default()
                .push(warning.clone());
        }
        let c = index_episodes(
            &w,
            &fields,
            &placed,
            None,
            aliases,
            &mut by_file,
            opts.progress.as_ref(),
        )?;
        let state = make_state(
            (&files, dirs),
            &episodes,
            by_file,
            &HashMap::new(),
            started_ns,
        );
        let all_warnings: Vec<Warning> = scan_warnings
            .iter()
            .cloned()
            .chain(state.files.iter().flat_map(|f| f.warnings.iter().cloned()))
            .collect();
        finish(
            data,
            &scratch,
            &mut w,
            &state,
            c.episodes,
            c.topics,
            c.links,
            all_warnings.len(),
        )?;
        w.wait_merging_threads()?;
        Ok(IngestReport {
            mode: Mode::Full,
            episodes: c.episodes,
            topics: c.topics,
            links: c.links,
            files: files.len(),
            warnings: dedup(all_warnings),
            elapsed: start.elapsed(),
        })
    })();
    match result {
        Ok(report) => {
            store.publish(&scratch)?;
            Ok(report)
        }
        Err(e) => {
            let _ = fs::remove_dir_all(&scratch);
            Err(e)
        }
    }
}

fn dedup(mut w: Vec<Warning>) -> Vec<Warning> {
    let mut seen = BTreeSet::new();
    w.retain(|x| seen.insert(x.to_string()));
    w
}

/// Writes the state, commits with its manifest, waits for merges.
#[allow(clippy::too_many_arguments)]
fn finish(
    data: &Path,
    dir: &Path,
    w: &mut IndexWriter,
    state: &State,
    episodes: usize,
    topics: usize,
    links: usize,
    warnings: usize,
) -> Result<Manifest> {
    let settled;
    let state = match settle_racy(data, state) {
        Some(s) => {
            settled = s;
            &settled
        }
        None => state,
    };
    let stamps: Vec<FileStamp> = state.files.iter().map(|f| f.stamp.clone()).collect();
    let name = write_state(dir, now_ns(), state)?;
    let racy: Vec<(String, String)> = state
        .files
        .iter()
        .filter_map(|f| f.hash.clone().map(|h| (f.stamp.path.clone(), h)))
        .collect();
    let racy = (racy.len() <= RACY_IN_MANIFEST).then_some(racy);
    let manifest = Manifest {
        format: INDEX_FORMAT,
        kn_version: env!("CARGO_PKG_VERSION").to_string(),
        data_dir: canonical_string(data),
        aliases: aliases_hash(data),
        state: name.clone(),
        files: stamps.len(),
        episodes,
        topics,
        links,
        warnings,
        // Only a large corpus is checked by its probes; a small one's meta
        // file stays small (every search parses it three times).
        probes: if uses_probes(stamps.len(), racy.is_some()) {
            probes(data, &stamps)
        } else {
            Vec::new()
        },
        racy,
        stamps: Some(stamps_digest(&stamps)),
    };
    commit(w, &manifest)?;
    compact(w)?;
    // The segments a merge replaced (and older delete files) would stay on
    // disk until the next ingest opens a writer: an updated index held its
    // previous segments beside the live ones.
    w.garbage_collect_files().wait()?;
    clean_states(dir, &name);
    // This ingest compared every file: the next search needs no full check.
    mark_full_check(dir);
    Ok(manifest)
}

fn incremental(
    inputs: Inputs,
    dir: &Path,
    index: &Index,
    old: Manifest,
    state: State,
) -> Result<IngestReport> {
    let Inputs {
        data,
        files,
        dirs,
        scan_warnings,
        aliases,
        opts,
        start,
        started_ns,
    } = inputs;
    let before: HashMap<String, FileState> = state
        .files
        .into_iter()
        .map(|f| (f.stamp.path.clone(), f))
        .collect();
    let now: HashMap<&str, &FileStamp> = files.iter().map(|(_, s)| (s.path.as_str(), s)).collect();
    let changed: Vec<&FileStamp> = files
        .iter()
        .filter(|(path, s)| {
            before
                .get(&s.path)
                .is_none_or(|b| &b.stamp != s || racy_changed(path, b.hash.as_ref()))
        })
        .map(|(_, s)| s)
        .collect();
    let changed_paths: HashSet<&str> = changed.iter().map(|s| s.path.as_str()).collect();
    let removed: Vec<&FileState> = before
        .values()
        .filter(|b| !now.contains_key(b.stamp.path.as_str()))
        .collect();
    if changed.is_empty() && removed.is_empty() {
        let warnings: Vec<Warning> = before
            .values()
            .flat_map(|f| f.warnings.iter().cloned())
            .collect();
        return Ok(IngestReport {
            mode: Mode::UpToDate,
            episodes: old.episodes,
            topics: old.topics,
            links: old.links,
            files: files.len(),
            warnings: dedup(warnings),
            elapsed: start.elapsed(),
        });
    }

    // Placement of every current file: unchanged files keep their recorded
    // episode (no I/O); changed ones are placed again.
    let mut warnings = Vec::new();
    let mut episodes_of: Vec<Option<String>> = Vec::with_capacity(files.len());
    let mut affected: BTreeSet<String> = BTreeSet::new();
    for (path, stamp) in &files {
        if stamp.path == ALIAS_FILE {
            episodes_of.push(None);
            continue;
        }
        let prev = before.get(&stamp.path);
        let ep = match prev {
            Some(p) if !changed_paths.contains(stamp.path.as_str()) => p.episode.clone(),
            _ => {
                if let Some(e) = prev.and_then(|p| p.episode.clone()) {
                    affected.insert(e);
                }
                let e = corpus::place(path, &stamp.path, &mut warnings);
                affected.extend(e.clone());
                e
            }
        };
        episodes_of.push(ep);
    }
    for r in &removed {
        affected.extend(r.episode.clone());
    }
    let mut placed: Placed = BTreeMap::new();
    for ((path, stamp), ep) in files.iter().zip(&episodes_of) {
        if let Some(e) = ep
            && affected.contains(e)
        {
            placed
                .entry(episode_order(e))
                .or_insert_with(|| (e.clone(), Vec::new()))
                .1
                .push((path.clone(), stamp.path.clone()));
        }
    }

    let fields = schema::fields(&index.schema())?;
    let (gone_eps, gone_topics, gone_links) = episode_totals(index, &fields, &affected)?;
    let bytes = placed
        .values()
        .flat_map(|(_, fs)| fs)
        .filter_map(|(_, rel)| now.get(rel.as_str()).map(|s| s.size))
        .sum();
    let mut w = writer(index, opts.memory, bytes)?;
    for e in &affected {
        delete_episode(&w, &fields, e);
    }
    let mut by_file: HashMap<String, Vec<Warning>> = HashMap::new();
    for warning in warnings.iter().chain(&scan_warnings) {
        by_file
            .entry(warning.file.clone())
            .or_default()
            .push(warning.clone());
    }
    // Files of affected episodes get fresh warnings (possibly none).
    for (_, fs_) in placed.values() {
        for (_, rel) in fs_ {
            by_file.entry(rel.clone()).or_default();
        }
    }
    for s in &changed {
        by_file.entry(s.path.clone()).or_default();
    }
    let c = index_episodes(
        &w,
        &fields,
        &placed,
        Some(&affected),
        aliases,
        &mut by_file,
        opts.progress.as_ref(),
    )?;
    let parsed_warnings: Vec<Warning> = by_file.values().flatten().cloned().collect();
    let new_state = make_state((&files, dirs), &episodes_of, by_file, &before, started_ns);
    let total_warnings = new_state
        .files
        .iter()
        .map(|f| f.warnings.len())
        .sum::<usize>();
    let episodes = old.episodes + c.episodes - gone_eps;
    let topics = old.topics + c.topics - gone_topics;
    let links = old.links + c.links - gone_links;
    finish(
        data,
        dir,
        &mut w,
        &new_state,
        episodes,
        topics,
        links,
        total_warnings,
    )?;
    drop(w);
    Ok(IngestReport {
        mode: Mode::Incremental {
            changed_files: changed.len() + removed.len(),
            episodes: c.episodes,
        },
        episodes,
        topics,
        links,
        files: files.len(),
        warnings: dedup(parsed_warnings),
        elapsed: start.elapsed(),
    })
}

/// Episode, topic and link counts of the given episodes as currently indexed.
fn episode_totals(
    index: &Index,
    fields: &Fields,
    episodes: &BTreeSet<String>,
) -> Result<(usize, usize, usize)> {
    let reader = index.reader()?;
    let searcher = reader.searcher();
    let mut totals = (0, 0, 0);
    for e in episodes {
        let q = tantivy::query::TermQuery::new(
            Term::from_field_text(fields.ep_key, e),
            tantivy::schema::IndexRecordOption::Basic,
        );
        for (_, addr) in searcher.search(&q, &tantivy::collector::TopDocs::with_limit(1))? {
            let doc: TantivyDocument = searcher.doc(addr)?;
            if let Some(json) = doc
                .get_first(fields.ep_json)
                .and_then(|v| tantivy::schema::Value::as_str(&v))
                && let Ok(ep) = serde_json::from_str::<Episode>(json)
            {
                totals.0 += 1;
                totals.1 += ep.topic_count;
                totals.2 += ep.link_count;
            }
        }
    }
    Ok(totals)
}
