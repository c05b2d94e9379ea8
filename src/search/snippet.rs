//! Snippets: the stretch of a topic's body that shows why it matched, with
//! the matched words as character offsets (what `--json` prints and the
//! table makes bold). They use the dictionary-free light analyzer (English
//! terms + bigrams), so showing a result never loads the Japanese
//! dictionary.

use std::collections::BTreeMap;

use tantivy::query::Query;
use tantivy::schema::Field;
use tantivy::snippet::SnippetGenerator;
use tantivy::tokenizer::TextAnalyzer;
use tantivy::{Searcher, Term as TTerm};

use super::Snippet;
use crate::analysis::LightTokenizer;
use crate::analysis::ngram::bigrams;
use crate::analysis::sought::Sought;
use crate::error::Result;
use crate::index::schema::Fields;

/// Longest snippet, in characters.
const SNIPPET_CHARS: usize = 160;

/// Highlighting terms of a query, weighted like tantivy's generator
/// (rarer terms count more), in the light analyzer's vocabulary.
pub(super) fn generator(
    fields: &Fields,
    searcher: &Searcher,
    query: &dyn Query,
) -> Result<SnippetGenerator> {
    let f = fields;
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

/// The snippet of `body`: where the query's words are, or its first words
/// when none is (or when there is nothing to highlight).
pub(super) fn of(generator: Option<&SnippetGenerator>, body: &str) -> Snippet {
    let Some(generator) = generator else {
        return lead(body);
    };
    let s = generator.snippet(body);
    if s.highlighted().is_empty() {
        lead(body)
    } else {
        to_chars(s.fragment(), s.highlighted())
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
