//! Opening the live generation for reading.

use std::fs;
use std::path::{Path, PathBuf};

use tantivy::collector::TopDocs;
use tantivy::query::TermQuery;
use tantivy::schema::{IndexRecordOption, Value};
use tantivy::{Index, IndexReader, ReloadPolicy, TantivyDocument, Term};

use super::schema::{self, Fields};
use super::store::{Manifest, Store};
use crate::corpus::Episode;
use crate::error::{Error, Result};
use crate::notes::{Link, Topic};

/// An opened generation: tantivy reader, field handles, manifest.
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
        let manifest = Store::read_manifest(&dir)?;
        let index = Index::open_in_dir(&dir).map_err(|e| corrupt(&dir, e))?;
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

    pub fn episodes(&self) -> Result<Vec<Episode>> {
        let path = self.dir.join("episodes.json");
        let bytes =
            fs::read(&path).map_err(|e| corrupt(&self.dir, format!("episodes.json: {e}")))?;
        serde_json::from_slice(&bytes)
            .map_err(|e| corrupt(&self.dir, format!("episodes.json: {e}")))
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
        let payload: serde_json::Value = serde_json::from_str(&text(f.payload)).unwrap_or_default();
        let list = |key: &str| -> Vec<Link> {
            serde_json::from_value(payload[key].clone()).unwrap_or_default()
        };
        Topic {
            id: text(f.id),
            episode: text(f.episode),
            date: opt(f.date),
            presenter: opt(f.presenter),
            title: text(f.title),
            url: opt(f.url),
            links: list("links"),
            images: list("images"),
            body: text(f.body),
            file: payload["file"].as_str().unwrap_or("").to_string(),
            line: payload["line"].as_u64().unwrap_or(0) as usize,
        }
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
