//! Query → ranked, grouped topics with snippets.
//!
//! Ranking is tiered. For every query word a topic earns, in this order:
//! an exact (morphological) match in title/body/links, the best of the
//! word's expansions (a synonym; then an abbreviation, another form, a
//! dictionary translation or a loanword, each scaled by its weight), or a
//! character-bigram match (recall for compounds such as コンテナランタイム).
//! Constant bonuses keep the tiers apart, BM25 orders topics within a tier,
//! and titles weigh three times the body.
//!
//! The flow: `query` parses, `sentence` reads questions, `plan` builds what
//! runs from the words `words` understands (`correct` fixes typos;
//! `expand`, `forms` and `loanword` find other spellings), `rank` holds the
//! relevance tuning (field weights, score tiers, the query each word
//! becomes), this file is the engine that filters, runs and falls back,
//! `hits` turns documents into results, `snippet` cuts their excerpts,
//! `understood` reports how the query was read. `related`, `trend` and
//! `browse` serve the other read commands.

mod bonus;
pub mod browse;
mod correct;
mod expand;
mod forms;
mod hits;
mod loanword;
mod plan;
pub mod query;
mod rank;
mod related;
pub mod sentence;
mod snippet;
mod trend;
pub mod understood;
mod words;

use std::ops::Bound;

use tantivy::collector::TopDocs;
use tantivy::query::{BooleanQuery, Occur, Query, RangeQuery, TermQuery};
use tantivy::schema::{Field, IndexRecordOption};

use tantivy::{Searcher, Term as TTerm};

use crate::analysis::normalize::{fold_long_vowel, normalize_str};
use crate::analysis::{JaTokenizer, Synonyms, synonyms};
use crate::error::{Error, Result};
use crate::index::IndexHandle;
use crate::index::schema::KIND_TOPIC;
use crate::notes::date::Date;

use crate::notes::{Aliases, Topic, header::episode_number};
use plan::Prepared;
use query::Parsed;
pub use trend::MonthCounts;
pub use understood::{Correction, Expansion, Split, Understood, Via, Word};

#[derive(Debug, Clone)]
pub struct SearchOptions {
    pub limit: usize,
    pub presenter: Option<String>,
    pub episode: Option<String>,
    /// Recording date bounds, `YYYY`, `YYYY-MM` or `YYYY-MM-DD`, inclusive.
    pub since: Option<String>,
    pub until: Option<String>,
    /// No typo correction.
    pub exact: bool,
    /// One result per URL, listing the other episodes that discussed it.
    pub group: bool,
}

impl Default for SearchOptions {
    fn default() -> Self {
        Self {
            limit: 10,
            presenter: None,
            episode: None,
            since: None,
            until: None,
            exact: false,
            group: true,
        }
    }
}

/// A highlighted excerpt: text plus hit ranges as character offsets.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Snippet {
    pub text: String,
    pub highlights: Vec<(usize, usize)>,
}

/// Another topic about the same URL (another episode or presenter).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Also {
    pub id: String,
    pub episode: String,
    pub date: Option<String>,
    pub presenter: Option<String>,
}

#[derive(Debug, Clone)]
pub struct Hit {
    pub topic: Topic,
    pub score: f32,
    pub snippet: Snippet,
    pub also: Vec<Also>,
    /// The topic matches only some of the query's words.
    pub partial: bool,
    /// Where the topic is in the index (for this search only).
    pub addr: Option<tantivy::DocAddress>,
}

/// Results plus what the user should be told on stderr (fallbacks, corrections).
#[derive(Debug, Default)]
pub struct Results {
    pub hits: Vec<Hit>,
    pub notices: Vec<String>,
    /// How the query was read: expansions, corrections, dropped words.
    pub understood: Understood,
}

/// Search engine over one opened index.
pub struct Engine<'a> {
    handle: &'a IndexHandle,
    aliases: &'a Aliases,
    synonyms: &'a Synonyms,
    tokenizer: JaTokenizer,
}

/// How many ranked documents to ask tantivy for: `wanted`, but never more
/// than the index holds (its top-k collector allocates for all of them
/// up front: `--limit 99999999999` was a 6 TB allocation) and at least one.
fn candidates(searcher: &Searcher, wanted: usize) -> usize {
    let docs = usize::try_from(searcher.num_docs()).unwrap_or(usize::MAX);
    wanted.min(docs).max(1)
}

fn boxed(q: impl Query) -> Box<dyn Query> {
    Box::new(q)
}

fn any_of(mut qs: Vec<Box<dyn Query>>) -> Option<Box<dyn Query>> {
    match qs.len() {
        0 => None,
        1 => qs.pop(),
        _ => Some(boxed(BooleanQuery::new(
            qs.into_iter().map(|q| (Occur::Should, q)).collect(),
        ))),
    }
}

fn term_filter(field: Field, values: &[String]) -> Option<Box<dyn Query>> {
    any_of(
        values
            .iter()
            .map(|v| {
                boxed(TermQuery::new(
                    TTerm::from_field_text(field, v),
                    IndexRecordOption::Basic,
                ))
            })
            .collect(),
    )
}

/// `2021` → (20210000, 20211299); `2021-03` → month; `2021-03-12` → day.
fn date_bounds(text: &str) -> Result<(u64, u64)> {
    Date::parse(text).map(Date::span).ok_or_else(|| {
        Error::Invalid(format!(
            "bad date {:?}: use YYYY, YYYY-MM or YYYY-MM-DD",
            text.trim()
        ))
    })
}

impl<'a> Engine<'a> {
    pub fn new(handle: &'a IndexHandle, aliases: &'a Aliases, synonyms: &'a Synonyms) -> Self {
        Self {
            handle,
            aliases,
            synonyms,
            tokenizer: JaTokenizer,
        }
    }

    /// Analysed tokens of `text`, one per position.
    fn tokens(&self, text: &str) -> Vec<(usize, String)> {
        // Japanese runs that are index terms as they stand skip the dictionary.
        let resolve = |run: &str| self.indexed_word(run);
        synonyms::positions(self.tokenizer.analyze_with(text, Some(&resolve)))
    }

    /// Fast path for a single Japanese word: when its normalised form is
    /// already an index term (lindera produced it whole at ingest), use it as
    /// is and skip loading the dictionary (~1.3 ms of a ~4 ms search).
    fn indexed_word(&self, text: &str) -> Option<String> {
        if text.is_ascii()
            || text
                .chars()
                .any(|c| c.is_whitespace() || !c.is_alphanumeric() && c != 'ー')
        {
            return None;
        }
        let normal = normalize_str(text);
        if normal.is_ascii() || normal.chars().any(|c| c.is_ascii()) {
            return None;
        }
        let word = fold_long_vowel(&normal).map_or(normal.clone(), str::to_string);
        let f = &self.handle.fields;
        let searcher = self.handle.reader.searcher();
        let known = [f.title, f.body].iter().any(|&field| {
            searcher
                .doc_freq(&TTerm::from_field_text(field, &word))
                .unwrap_or(0)
                > 0
        });
        known.then_some(word)
    }

    /// Topics whose title, body or links contain the index term `term`
    /// (summed document frequencies: a term dictionary lookup per field).
    fn term_freq(&self, searcher: &Searcher, term: &str) -> u64 {
        let f = &self.handle.fields;
        [f.title, f.body, f.links]
            .iter()
            .map(|&field| {
                searcher
                    .doc_freq(&TTerm::from_field_text(field, term))
                    .unwrap_or(0)
            })
            .sum()
    }

    /// Roughly how many topics contain an analysed word: the frequency of
    /// its rarest token.
    fn word_freq(&self, searcher: &Searcher, tokens: &[(usize, String)]) -> u64 {
        tokens
            .iter()
            .map(|(_, t)| self.term_freq(searcher, t))
            .min()
            .unwrap_or(0)
    }

    fn filters(&self, parsed: &Parsed, opts: &SearchOptions) -> Result<Vec<Box<dyn Query>>> {
        let f = &self.handle.fields;
        let mut out = Vec::new();
        let presenters: Vec<String> = parsed
            .presenters
            .iter()
            .chain(opts.presenter.iter())
            .map(|p| self.aliases.key(p))
            .collect();
        out.extend(term_filter(f.presenter, &presenters));
        let episodes: Vec<String> = parsed
            .episodes
            .iter()
            .chain(opts.episode.iter())
            .map(|e| episode_number(e).unwrap_or_else(|| e.trim().to_string()))
            .collect();
        out.extend(term_filter(f.episode, &episodes));
        out.extend(term_filter(f.host, &parsed.sites));
        if opts.since.is_some() || opts.until.is_some() {
            let lower = match &opts.since {
                Some(s) => Bound::Included(TTerm::from_field_u64(f.date_num, date_bounds(s)?.0)),
                None => Bound::Unbounded,
            };
            let upper = match &opts.until {
                Some(s) => Bound::Included(TTerm::from_field_u64(f.date_num, date_bounds(s)?.1)),
                None => Bound::Unbounded,
            };
            out.push(boxed(RangeQuery::new(lower, upper)));
        }
        Ok(out)
    }

    /// Topic documents only (the index also holds one document per episode).
    fn topics_only(&self) -> Box<dyn Query> {
        boxed(TermQuery::new(
            TTerm::from_field_text(self.handle.fields.kind, KIND_TOPIC),
            IndexRecordOption::Basic,
        ))
    }

    pub fn search(&self, input: &str, opts: &SearchOptions) -> Result<Results> {
        let searcher = self.handle.reader.searcher();
        let t = std::time::Instant::now();
        let prepared = self.prepare(&searcher, input, opts)?;
        tracing::debug!(
            "understand the query: {:.2} ms",
            t.elapsed().as_secs_f64() * 1000.0
        );
        let Prepared {
            mut notices,
            understood,
            all,
            some,
            highlight,
        } = prepared;
        let Some(all) = all else {
            return Ok(Results {
                hits: Vec::new(),
                notices,
                understood,
            });
        };
        let want = if opts.group {
            opts.limit.saturating_mul(4).saturating_add(40)
        } else {
            opts.limit
        };
        tracing::debug!("query plan: {all:?}");
        let collector = TopDocs::with_limit(candidates(&searcher, want));
        // Topics with all the words first; when they are fewer than asked
        // for, topics with some of the words follow them.
        let mut top = searcher.search(&*all, &collector)?;
        let full = top.len();
        if let Some(some) = some.filter(|_| full < want) {
            let seen: std::collections::HashSet<_> = top.iter().map(|&(_, a)| a).collect();
            let more = searcher.search(&*some, &collector)?;
            top.extend(more.into_iter().filter(|(_, a)| !seen.contains(a)));
            top.truncate(want);
        }
        let partial: std::collections::HashSet<tantivy::DocAddress> =
            top[full..].iter().map(|&(_, a)| a).collect();

        // Snippets highlight the words, not the filters. They use the
        // dictionary-free analyzer (English terms + bigrams), so showing a
        // result never loads the Japanese dictionary.
        let snippets = match highlight {
            Some(q) => Some(snippet::generator(&self.handle.fields, &searcher, &*q)?),
            None => None,
        };

        let mut hits = self.hits_from(&searcher, top, snippets.as_ref(), opts.limit, opts.group)?;
        let mut some_only = 0;
        for h in &mut hits {
            h.partial = h.addr.is_some_and(|a| partial.contains(&a));
            some_only += usize::from(h.partial);
        }
        if some_only > 0 {
            notices.push(if some_only == hits.len() {
                "no topic matches all the words; showing topics that match some of them".into()
            } else {
                match hits.len() - some_only {
                    1 => format!(
                        "1 topic matches all the words; {some_only} more below it match some"
                    ),
                    n => format!(
                        "{n} topics match all the words; {some_only} more below them match some"
                    ),
                }
            });
        }
        Ok(Results {
            hits,
            notices,
            understood,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn date_bounds_cover_years_months_days() {
        assert_eq!(date_bounds("2021").unwrap(), (20210000, 20211299));
        assert_eq!(date_bounds("2021-03").unwrap(), (20210300, 20210399));
        assert_eq!(date_bounds("2021-03-12").unwrap(), (20210312, 20210312));
        assert!(date_bounds("March").is_err());
        // No such day: refused, not read as March 3rd or kept as a number.
        assert!(date_bounds("2021-02-31").is_err());
    }
}
