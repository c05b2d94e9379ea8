//! Query → ranked topics with snippets.

use tantivy::TantivyDocument;
use tantivy::Term;
use tantivy::collector::TopDocs;
use tantivy::query::{BooleanQuery, Occur, Query, QueryParser, TermQuery};
use tantivy::schema::IndexRecordOption;
use tantivy::snippet::SnippetGenerator;

use crate::error::Result;
use crate::index::IndexHandle;
use crate::notes::{Aliases, Topic, header::episode_number};

#[derive(Debug, Clone)]
pub struct SearchOptions {
    pub limit: usize,
    pub presenter: Option<String>,
    pub episode: Option<String>,
}

/// A highlighted excerpt: text plus hit ranges as character offsets.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Snippet {
    pub text: String,
    pub highlights: Vec<(usize, usize)>,
}

#[derive(Debug, Clone)]
pub struct Hit {
    pub topic: Topic,
    pub score: f32,
    pub snippet: Snippet,
}

/// Weight of a match in the title relative to the body.
const TITLE_BOOST: f32 = 3.0;
const LINKS_BOOST: f32 = 1.5;
const SNIPPET_CHARS: usize = 160;

/// Canonical presenter value as indexed (aliases resolved, lowercase).
pub fn presenter_key(aliases: &Aliases, name: &str) -> String {
    aliases.canonical(name).to_lowercase()
}

pub fn search(
    h: &IndexHandle,
    aliases: &Aliases,
    query: &str,
    opts: &SearchOptions,
) -> Result<Vec<Hit>> {
    let f = &h.fields;
    let mut parser = QueryParser::for_index(&h.index, vec![f.title, f.body, f.links]);
    parser.set_conjunction_by_default();
    parser.set_field_boost(f.title, TITLE_BOOST);
    parser.set_field_boost(f.links, LINKS_BOOST);
    // Lenient: whatever the user typed is a query, never a syntax error.
    let (text_query, _errors) = parser.parse_query_lenient(query);

    let mut clauses: Vec<(Occur, Box<dyn Query>)> = vec![(Occur::Must, text_query.box_clone())];
    if let Some(p) = &opts.presenter {
        let term = Term::from_field_text(f.presenter, &presenter_key(aliases, p));
        clauses.push((
            Occur::Must,
            Box::new(TermQuery::new(term, IndexRecordOption::Basic)),
        ));
    }
    if let Some(e) = &opts.episode {
        let wanted = episode_number(e).unwrap_or_else(|| e.clone());
        let term = Term::from_field_text(f.episode, &wanted);
        clauses.push((
            Occur::Must,
            Box::new(TermQuery::new(term, IndexRecordOption::Basic)),
        ));
    }
    let full = BooleanQuery::new(clauses);

    let searcher = h.reader.searcher();
    let top = searcher.search(&full, &TopDocs::with_limit(opts.limit.max(1)))?;
    if top.is_empty() {
        return Ok(Vec::new());
    }
    let mut body_snippets = SnippetGenerator::create(&searcher, &*text_query, f.body)?;
    body_snippets.set_max_num_chars(SNIPPET_CHARS);
    let mut hits = Vec::with_capacity(top.len());
    for (score, addr) in top {
        let doc: TantivyDocument = searcher.doc(addr)?;
        let topic = h.topic(&doc);
        let s = body_snippets.snippet_from_doc(&doc);
        let snippet = if s.fragment().trim().is_empty() {
            lead(&topic.body)
        } else {
            to_chars(s.fragment(), s.highlighted())
        };
        hits.push(Hit {
            topic,
            score,
            snippet,
        });
    }
    Ok(hits)
}

/// Snippet for a topic whose body has no hit: its first words.
fn lead(body: &str) -> Snippet {
    let text: String = body.split_whitespace().collect::<Vec<_>>().join(" ");
    let mut text: String = text.chars().take(SNIPPET_CHARS).collect();
    if body.chars().count() > SNIPPET_CHARS {
        text.push('…');
    }
    Snippet {
        text,
        highlights: Vec::new(),
    }
}

/// Converts byte ranges to char ranges and folds newlines into spaces.
fn to_chars(fragment: &str, ranges: &[std::ops::Range<usize>]) -> Snippet {
    let text: String = fragment
        .chars()
        .map(|c| {
            if c == '\n' || c == '\r' || c == '\t' {
                ' '
            } else {
                c
            }
        })
        .collect();
    let char_at = |byte: usize| fragment[..byte.min(fragment.len())].chars().count();
    let highlights = ranges
        .iter()
        .map(|r| (char_at(r.start), char_at(r.end)))
        .collect();
    Snippet { text, highlights }
}
