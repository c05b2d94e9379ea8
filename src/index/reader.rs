//! Opening the live generation for reading.

use std::path::{Path, PathBuf};

use tantivy::collector::{DocSetCollector, TopDocs};
use tantivy::query::TermQuery;
use tantivy::schema::{IndexRecordOption, Value};
use tantivy::{Index, IndexReader, ReloadPolicy, TantivyDocument, Term};

use super::manifest::Manifest;
use super::schema::KIND_EPISODE;
use super::schema::{self, Fields};
use super::store::{INDEX_FORMAT, Store};
use crate::error::{Error, Result};
use crate::notes::Topic;
use crate::notes::{Episode, episode_order};

/// An opened generation: tantivy reader, field handles, kn's manifest.
pub struct IndexHandle {
    pub dir: PathBuf,
    pub index: Index,
    pub reader: IndexReader,
    pub fields: Fields,
    pub manifest: Manifest,
}

fn corrupt(dir: &Path, reason: impl std::fmt::Display) -> Error {
    Error::CorruptIndex {
        path: dir.to_path_buf(),
        reason: reason.to_string(),
    }
}

/// What a reader needs from tantivy's `meta.json` beyond what opening the
/// index parsed: kn's commit payload and the segments' sizes. Everything
/// else is skipped: deserialising the whole `IndexMeta` again (schema and
/// all) for these was a fifth of the instructions of a search at 1×.
#[derive(serde::Deserialize, Default)]
struct MetaSummary {
    #[serde(default)]
    payload: Option<String>,
    #[serde(default)]
    segments: Vec<SegmentSummary>,
}

#[derive(serde::Deserialize)]
struct SegmentSummary {
    max_doc: u32,
}

impl MetaSummary {
    fn read(dir: &Path) -> Option<Self> {
        serde_json::from_slice(&std::fs::read(dir.join("meta.json")).ok()?).ok()
    }
}

/// Below this many documents a search runs on one thread: starting a pool
/// costs more than the segments take to search.
const PARALLEL_DOCS: u32 = 200_000;

/// A large index keeps several segments (tantivy's merge policy); a search
/// walks them one after another unless given a pool. A frequent word at
/// 10,000× the notes scores hundreds of thousands of topics, so the
/// segments are searched on every core. Small indexes are merged into one
/// segment at ingest and stay on the calling thread.
fn search_segments_in_parallel(index: &mut Index, segments: &[SegmentSummary]) {
    let docs: u32 = segments.iter().map(|m| m.max_doc).sum();
    if segments.len() < 2 || docs < PARALLEL_DOCS {
        return;
    }
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
    let threads = cores.min(segments.len()).min(8);
    if threads > 1 {
        // Without a pool the search runs on this thread: still correct.
        let _ = index.set_multithread_executor(threads);
    }
}

impl IndexHandle {
    /// Opens the live generation of `store`, or `Ok(None)` when there is none.
    pub fn open(store: &Store) -> Result<Option<Self>> {
        let Some(dir) = store.current()? else {
            return Ok(None);
        };
        if !dir.is_dir() {
            return Err(corrupt(
                &store.root,
                format!("{} is missing", dir.display()),
            ));
        }
        let mut index = Index::open_in_dir(&dir).map_err(|e| corrupt(&dir, e))?;
        let summary = MetaSummary::read(&dir).unwrap_or_default();
        search_segments_in_parallel(&mut index, &summary.segments);
        // An index from an older kn has no (or another) manifest: it opens, and
        // `staleness` then asks for a rebuild.
        let manifest: Manifest = summary
            .payload
            .and_then(|p| serde_json::from_str(&p).ok())
            .unwrap_or_default();
        if manifest.format != INDEX_FORMAT || manifest.kn_version != env!("CARGO_PKG_VERSION") {
            return Err(Error::OutdatedIndex(dir));
        }
        schema::register(&index);
        let fields = schema::fields(&index.schema()).map_err(|e| corrupt(&dir, e))?;
        let reader = index
            .reader_builder()
            .reload_policy(ReloadPolicy::Manual)
            .try_into()
            .map_err(|e| corrupt(&dir, e))?;
        Ok(Some(Self {
            dir,
            index,
            reader,
            fields,
            manifest,
        }))
    }

    /// Every episode (header, files, counts), in episode order.
    pub fn episodes(&self) -> Result<Vec<Episode>> {
        let searcher = self.reader.searcher();
        let q = TermQuery::new(
            Term::from_field_text(self.fields.kind, KIND_EPISODE),
            IndexRecordOption::Basic,
        );
        let addrs = searcher.search(&q, &DocSetCollector)?;
        let mut out = Vec::with_capacity(addrs.len());
        for addr in addrs {
            let doc: TantivyDocument = searcher.doc(addr)?;
            out.push(self.episode_from(&doc)?);
        }
        out.sort_by_key(|e| episode_order(&e.episode));
        Ok(out)
    }

    /// One episode by its number as indexed (`004`, `001-private`).
    pub fn episode(&self, episode: &str) -> Result<Option<Episode>> {
        let searcher = self.reader.searcher();
        let q = TermQuery::new(
            Term::from_field_text(self.fields.ep_key, episode),
            IndexRecordOption::Basic,
        );
        match searcher.search(&q, &TopDocs::with_limit(1))?.first() {
            Some((_, addr)) => Ok(Some(self.episode_from(&searcher.doc(*addr)?)?)),
            None => Ok(None),
        }
    }

    /// An episode as a user names it (`4`, `004`, `001-private`), with its
    /// topics: what `kn show`, the TUI's episode view and `kn mcp` read.
    pub fn episode_by_name(&self, name: &str) -> Result<Option<(Episode, Vec<Topic>)>> {
        let key =
            crate::notes::header::episode_number(name).unwrap_or_else(|| name.trim().to_string());
        let Some(episode) = self.episode(&key)? else {
            return Ok(None);
        };
        let topics = self.episode_topics(&episode)?;
        Ok(Some((episode, topics)))
    }

    fn episode_from(&self, doc: &TantivyDocument) -> Result<Episode> {
        let json = doc
            .get_first(self.fields.ep_json)
            .and_then(|v| v.as_str())
            .unwrap_or("");
        serde_json::from_str(json).map_err(|e| corrupt(&self.dir, format!("episode document: {e}")))
    }

    /// Rebuilds a [`Topic`] from its stored fields.
    pub fn topic(&self, doc: &TantivyDocument) -> Topic {
        let f = &self.fields;
        let text = |field| {
            doc.get_first(field)
                .and_then(|v| v.as_str())
                .unwrap_or("")
                .to_string()
        };
        let opt = |field| Some(text(field)).filter(|s: &String| !s.is_empty());
        let payload: super::schema::PayloadIn = doc
            .get_first(f.payload)
            .and_then(|v| v.as_str())
            .and_then(|j| serde_json::from_str(j).ok())
            .unwrap_or_default();
        Topic {
            id: text(f.id),
            episode: text(f.episode),
            date: opt(f.date),
            presenter: opt(f.presenter),
            title: text(f.title),
            url: opt(f.url),
            links: payload.links,
            images: payload.images,
            body: text(f.body),
            file: payload.file,
            line: payload.line,
        }
    }

    /// Calls `f` on every topic, segment by segment (memory stays flat);
    /// stops at the first error `f` returns.
    pub fn for_each_topic(
        &self,
        mut f: impl FnMut(&Topic) -> std::io::Result<()>,
    ) -> Result<std::io::Result<()>> {
        let searcher = self.reader.searcher();
        let q = TermQuery::new(
            Term::from_field_text(self.fields.kind, super::schema::KIND_TOPIC),
            IndexRecordOption::Basic,
        );
        let addrs = searcher.search(&q, &DocSetCollector)?;
        let mut addrs: Vec<_> = addrs.into_iter().collect();
        addrs.sort();
        for addr in addrs {
            let doc: TantivyDocument = searcher.doc(addr)?;
            if let Err(e) = f(&self.topic(&doc)) {
                return Ok(Err(e));
            }
        }
        Ok(Ok(()))
    }

    /// Every topic of one episode, in file and line order.
    pub fn episode_topics(&self, episode: &Episode) -> Result<Vec<Topic>> {
        let searcher = self.reader.searcher();
        let query = TermQuery::new(
            Term::from_field_text(self.fields.episode, &episode.episode),
            IndexRecordOption::Basic,
        );
        let limit = episode.topic_count.max(1);
        let docs = searcher.search(&query, &TopDocs::with_limit(limit))?;
        let mut topics = Vec::with_capacity(docs.len());
        for (_, addr) in docs {
            let doc: TantivyDocument = searcher.doc(addr)?;
            topics.push(self.topic(&doc));
        }
        let file_rank = |f: &str| {
            episode
                .files
                .iter()
                .position(|x| x == f)
                .unwrap_or(usize::MAX)
        };
        topics.sort_by_key(|t| (file_rank(&t.file), t.line));
        Ok(topics)
    }
}
