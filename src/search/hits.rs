//! From ranked documents to results: one hit per URL (the others listed as
//! `also`), each with a snippet whose highlights are character offsets.

use std::collections::{BTreeMap, HashMap, HashSet};

use tantivy::query::Query;
use tantivy::schema::Field;
use tantivy::snippet::SnippetGenerator;
use tantivy::tokenizer::TextAnalyzer;
use tantivy::{Searcher, TantivyDocument, Term as TTerm};

use super::{Also, Engine, Hit, SNIPPET_CHARS, Snippet};
use crate::analysis::LightTokenizer;
use crate::analysis::ngram::bigrams;
use crate::analysis::sought::Sought;
use crate::error::Result;
use crate::index::schema::URL_KEY;
use crate::notes::links::{canonical_key, canonical_url};

impl Engine<'_> {
    /// Highlighting terms of a query, weighted like tantivy's generator
    /// (rarer terms count more), in the light analyzer's vocabulary.
    pub(super) fn snippet_generator(
        &self,
        searcher: &Searcher,
        query: &dyn Query,
    ) -> Result<SnippetGenerator> {
        let f = &self.handle.fields;
        let mut terms: Vec<(Field, String)> = Vec::new();
        query.query_terms(&mut |term, _| {
            let value = term.value();
            let Some(text) = value.as_str() else { return };
            if term.field() == f.body_ng {
                terms.push((f.body_ng, text.to_string()));
            } else if term.field() == f.body {
                if text.is_ascii() {
                    terms.push((f.body, text.to_string()));
                } else {
                    terms.extend(bigrams(text).into_iter().map(|t| (f.body_ng, t.text)));
                }
            }
        });
        let mut weights: BTreeMap<String, f32> = BTreeMap::new();
        for (field, text) in terms {
            let df = searcher.doc_freq(&TTerm::from_field_text(field, &text))?;
            if df > 0 {
                weights.insert(text, 1.0 / (1.0 + df as f32));
            }
        }
        let sought = Sought::new(weights.keys().map(String::as_str));
        let analyzer = TextAnalyzer::from(LightTokenizer {
            sought: Some(std::sync::Arc::new(sought)),
        });
        Ok(SnippetGenerator::new(
            weights,
            analyzer,
            f.body,
            SNIPPET_CHARS,
        ))
    }

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
            let snippet = match snippets {
                Some(generator) => {
                    let s = generator.snippet(&topic.body);
                    if s.highlighted().is_empty() {
                        lead(&topic.body)
                    } else {
                        to_chars(s.fragment(), s.highlighted())
                    }
                }
                None => lead(&topic.body),
            };
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

/// Snippet for a topic whose body has no hit: its first words.
fn lead(body: &str) -> Snippet {
    let text: String = body.split_whitespace().collect::<Vec<_>>().join(" ");
    let mut out: String = text.chars().take(SNIPPET_CHARS).collect();
    if text.chars().count() > SNIPPET_CHARS {
        out.push('…');
    }
    Snippet {
        text: out,
        highlights: Vec::new(),
    }
}

/// Converts byte ranges to char ranges, folding runs of whitespace into one
/// space (offsets adjusted).
fn to_chars(fragment: &str, ranges: &[std::ops::Range<usize>]) -> Snippet {
    let mut text = String::with_capacity(fragment.len());
    // Char offset in `text` for each byte offset of `fragment`.
    let mut map = vec![0usize; fragment.len() + 1];
    let mut count = 0usize;
    let mut prev_space = true;
    for (i, c) in fragment.char_indices() {
        map[i] = count;
        if c.is_whitespace() {
            if !prev_space {
                text.push(' ');
                count += 1;
            }
            prev_space = true;
        } else {
            text.push(c);
            count += 1;
            prev_space = false;
        }
        map[i + 1..i + c.len_utf8()].fill(count);
    }
    map[fragment.len()] = count;
    let trimmed_len = text.trim_end().chars().count();
    let text = text.trim_end().to_string();
    let highlights = ranges
        .iter()
        .map(|r| {
            (
                map[r.start.min(fragment.len())].min(trimmed_len),
                map[r.end.min(fragment.len())].min(trimmed_len),
            )
        })
        .filter(|(a, b)| a < b)
        .collect();
    Snippet { text, highlights }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn snippet_offsets_survive_whitespace_folding() {
        let frag = "a\n\n  bc  日本語";
        let start = frag.find("日本").unwrap();
        let end = start + "日本".len();
        let s = to_chars(frag, std::slice::from_ref(&(start..end)));
        assert_eq!(s.text, "a bc 日本語");
        let (a, b) = s.highlights[0];
        assert_eq!(
            s.text.chars().skip(a).take(b - a).collect::<String>(),
            "日本"
        );
    }
}
