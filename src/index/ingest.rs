//! Full ingest: notes directory → new index generation → swap.

use std::fs;
use std::path::Path;
use std::time::{Duration, Instant};

use serde_json::json;
use tantivy::{Index, IndexSettings, TantivyDocument};

use super::schema::{self, Fields};
use super::store::{INDEX_FORMAT, Manifest, Store};
use crate::corpus::{self, Corpus};
use crate::error::{Error, Result};
use crate::notes::{Topic, Warning, links};

/// What an ingest did, for the summary line.
#[derive(Debug)]
pub struct IngestReport {
    pub episodes: usize,
    pub topics: usize,
    pub links: usize,
    pub files: usize,
    pub warnings: Vec<Warning>,
    pub elapsed: Duration,
}

/// Indexing memory budget. tantivy's minimum per thread is 15 MB; 64 MB keeps
/// the bundled and real corpora in one segment.
const WRITER_MEMORY: usize = 64 * 1024 * 1024;

fn topic_doc(f: &Fields, t: &Topic) -> TantivyDocument {
    let mut doc = TantivyDocument::default();
    doc.add_text(f.id, &t.id);
    doc.add_text(f.episode, &t.episode);
    doc.add_u64(f.episode_no, corpus::episode_order(&t.episode).0);
    doc.add_text(
        f.presenter,
        t.presenter.as_deref().unwrap_or("").to_lowercase(),
    );
    doc.add_text(f.date, t.date.as_deref().unwrap_or(""));
    doc.add_text(f.title, &t.title);
    doc.add_text(f.body, &t.body);
    doc.add_text(f.title_ng, &t.title);
    doc.add_text(f.body_ng, &t.body);
    if let Some(n) = t.date.as_deref().and_then(date_num) {
        doc.add_u64(f.date_num, n);
    }
    let mut link_text = String::new();
    for l in t.url.iter().map(String::as_str).chain(
        t.links
            .iter()
            .flat_map(|l| [l.title.as_str(), l.url.as_str()]),
    ) {
        link_text.push_str(l);
        link_text.push('\n');
    }
    doc.add_text(f.links, &link_text);
    doc.add_text(f.vocab, format!("{}\n{}\n{link_text}", t.title, t.body));
    if let Some(url) = &t.url {
        doc.add_text(f.url, url);
        if let Some(host) = links::host(url) {
            // `link.medium.com` is also findable as `site:medium.com`.
            let mut h = host.as_str();
            loop {
                doc.add_text(f.host, h);
                match h.split_once('.') {
                    Some((_, rest)) if rest.contains('.') => h = rest,
                    _ => break,
                }
            }
        }
    }
    let payload = json!({ "links": t.links, "images": t.images, "file": t.file, "line": t.line });
    doc.add_text(f.payload, payload.to_string());
    doc
}

/// `2021-03-12` → 20210312, `2021-03` → 20210300: comparable dates.
pub fn date_num(date: &str) -> Option<u64> {
    let mut parts = date.trim().splitn(3, '-');
    let y: u64 = parts.next()?.parse().ok()?;
    let m: u64 = parts.next().map_or(Some(0), |p| p.parse().ok())?;
    let d: u64 = parts.next().map_or(Some(0), |p| p.parse().ok())?;
    (y < 10000 && m <= 12 && d <= 31).then_some(y * 10000 + m * 100 + d)
}

/// Parses `data` and publishes a new generation in `store`.
pub fn ingest(data: &Path, store: &Store) -> Result<IngestReport> {
    let start = Instant::now();
    let _lock = store.lock()?;
    let corpus = corpus::load(data)?;
    let scratch = store.scratch()?;
    let result = write_generation(data, &scratch, &corpus);
    if let Err(e) = result {
        let _ = fs::remove_dir_all(&scratch);
        return Err(e);
    }
    store.publish(&scratch)?;
    Ok(IngestReport {
        episodes: corpus.episodes.len(),
        topics: corpus.topic_count(),
        links: corpus.link_count(),
        files: corpus.files.len(),
        warnings: corpus.warnings,
        elapsed: start.elapsed(),
    })
}

fn write_generation(data: &Path, dir: &Path, corpus: &Corpus) -> Result<()> {
    let (schema, fields) = schema::build();
    let index = Index::create_in_dir(dir, schema).map_err(Error::from)?;
    let _ = IndexSettings::default();
    schema::register(&index);
    let mut writer = index.writer_with_num_threads::<TantivyDocument>(1, WRITER_MEMORY)?;
    for ep in &corpus.episodes {
        for t in &ep.topics {
            writer.add_document(topic_doc(&fields, t))?;
        }
    }
    writer.commit()?;
    writer.wait_merging_threads()?;

    let episodes_path = dir.join("episodes.json");
    let episodes =
        serde_json::to_vec(&corpus.episodes).map_err(|e| Error::Invalid(e.to_string()))?;
    fs::write(&episodes_path, episodes).map_err(|e| Error::io(&episodes_path, e))?;

    let manifest = Manifest {
        format: INDEX_FORMAT,
        kn_version: env!("CARGO_PKG_VERSION").to_string(),
        data_dir: canonical_string(data),
        files: corpus.files.clone(),
        episodes: corpus.episodes.len(),
        topics: corpus.topic_count(),
        links: corpus.link_count(),
        warnings: corpus.warnings.len(),
    };
    let manifest_path = dir.join("manifest.json");
    let text =
        serde_json::to_string_pretty(&manifest).map_err(|e| Error::Invalid(e.to_string()))?;
    // Written last: a generation without a manifest is never published.
    let f = fs::File::create(&manifest_path).map_err(|e| Error::io(&manifest_path, e))?;
    use std::io::Write;
    let mut f = f;
    f.write_all(text.as_bytes())
        .map_err(|e| Error::io(&manifest_path, e))?;
    f.sync_all().map_err(|e| Error::io(&manifest_path, e))?;
    Ok(())
}

pub fn canonical_string(path: &Path) -> String {
    fs::canonicalize(path)
        .unwrap_or_else(|_| path.to_path_buf())
        .display()
        .to_string()
}

/// Why an index does not reflect the notes directory any more, if it doesn't.
pub fn staleness(manifest: &Manifest, data: &Path) -> Result<Option<String>> {
    if manifest.format != INDEX_FORMAT || manifest.kn_version != env!("CARGO_PKG_VERSION") {
        return Ok(Some("it was built by another version of kn".into()));
    }
    if manifest.data_dir != canonical_string(data) {
        return Ok(Some(format!("it was built from {}", manifest.data_dir)));
    }
    let (files, _) = corpus::scan(data)?;
    let now: Vec<_> = files.into_iter().map(|(_, s)| s).collect();
    if now != manifest.files {
        let changed = now
            .iter()
            .find(|s| !manifest.files.contains(s))
            .map(|s| s.path.clone())
            .or_else(|| {
                manifest
                    .files
                    .iter()
                    .find(|s| !now.contains(s))
                    .map(|s| format!("{} (removed)", s.path))
            })
            .unwrap_or_default();
        return Ok(Some(format!("notes changed ({changed})")));
    }
    Ok(None)
}
