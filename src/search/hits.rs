//! From ranked documents to results: one hit per URL (the others listed as
//! `also`), each with its snippet (`snippet.rs`).

use std::collections::{HashMap, HashSet};

use tantivy::snippet::SnippetGenerator;
use tantivy::{Searcher, TantivyDocument};

use super::{Also, Engine, Hit, snippet};
use crate::error::Result;
use crate::index::schema::URL_KEY;
use crate::notes::links::{canonical_key, canonical_url};

impl Engine<'_> {
    /// Turns ranked documents into hits: one per URL (the others listed as
    /// `also`) when `group`, at most `limit`, each with a snippet.
    pub(super) fn hits_from(
        &self,
        searcher: &Searcher,
        top: Vec<(f32, tantivy::DocAddress)>,
        snippets: Option<&SnippetGenerator>,
        limit: usize,
        group: bool,
    ) -> Result<Vec<Hit>> {
        let mut hits: Vec<Hit> = Vec::new();
        let mut by_url: HashMap<String, usize> = HashMap::new();
        // Keys of the URLs shown: once `limit` hits are there, a candidate
        // only matters as another episode of one of them, and its key in the
        // fast field says whether it can be one without loading it.
        let mut shown: HashSet<u64> = HashSet::new();
        let mut keys = UrlKeys::default();
        for (score, addr) in top {
            if group && hits.len() >= limit {
                match keys.get(searcher, addr) {
                    Key::None => break,
                    Key::Some(k) if !shown.contains(&k) => continue,
                    Key::Some(_) | Key::Unknown => {}
                }
            }
            let doc: TantivyDocument = searcher.doc(addr)?;
            let topic = self.handle.topic(&doc);
            if group && let Some(key) = topic.url.as_deref().map(canonical_url) {
                if let Some(&i) = by_url.get(&key) {
                    let also = Also {
                        id: topic.id.clone(),
                        episode: topic.episode.clone(),
                        date: topic.date.clone(),
                        presenter: topic.presenter.clone(),
                    };
                    if !hits[i].also.contains(&also) {
                        hits[i].also.push(also);
                    }
                    continue;
                }
                if hits.len() >= limit {
                    continue;
                }
                shown.insert(canonical_key(&key));
                by_url.insert(key, hits.len());
            } else if hits.len() >= limit {
                break;
            }
            let snippet = snippet::of(snippets, &topic.body);
            hits.push(Hit {
                topic,
                score,
                snippet,
                also: Vec::new(),
                partial: false,
                addr: Some(addr),
            });
        }
        for h in &mut hits {
            h.also.sort_by(|a, b| {
                crate::notes::episode_order(&a.episode)
                    .cmp(&crate::notes::episode_order(&b.episode))
            });
        }
        Ok(hits)
    }
}

/// What the `url_key` fast field says of a document.
enum Key {
    /// The key of its URL.
    Some(u64),
    /// It has no URL.
    None,
    /// The segment has no such column: load the document to know.
    Unknown,
}

/// The `url_key` columns of the segments met so far, opened once each.
#[derive(Default)]
struct UrlKeys(Vec<Option<Option<tantivy::columnar::Column<u64>>>>);

impl UrlKeys {
    fn get(&mut self, searcher: &Searcher, addr: tantivy::DocAddress) -> Key {
        let ord = addr.segment_ord as usize;
        if self.0.len() <= ord {
            self.0.resize(ord + 1, None);
        }
        let column = self.0[ord].get_or_insert_with(|| {
            searcher
                .segment_reader(addr.segment_ord)
                .fast_fields()
                .u64(URL_KEY)
                .ok()
        });
        match column {
            Some(c) => c.first(addr.doc_id).map_or(Key::None, Key::Some),
            None => Key::Unknown,
        }
    }
}
