//! A query string → what a search runs: the words read (questions reduced
//! to content words, runs of words given their initials), each word
//! understood (corrected, expanded, or split into parts), and the queries
//! for topics with all the words and with some of them.

use tantivy::Searcher;
use tantivy::query::{BooleanQuery, BoostQuery, Occur, Query};

use super::query::{self, Term};
use super::rank::is_frequent;
use super::understood::{Expansion, Split, Understood, Word};
use super::{Engine, SearchOptions, any_of, boxed, sentence};
use crate::error::Result;

/// A parsed query, ready to run.
/// A parsed query, ready to run (see `Engine::prepare`).
pub(super) struct Prepared {
    pub(super) notices: Vec<String>,
    pub(super) understood: Understood,
    /// Topics with all the words (and the filters); `None`: nothing can match.
    pub(super) all: Option<Box<dyn Query>>,
    /// Topics with some of the words (only for several words).
    pub(super) some: Option<Box<dyn Query>>,
    /// What snippets highlight: the words, not the filters.
    pub(super) highlight: Option<Box<dyn Query>>,
}

impl Engine<'_> {
    /// Parses a query and builds what a search runs: the query for topics
    /// with all the words, the query for topics with some of them (several
    /// words only), and what snippets highlight.
    pub(super) fn prepare(
        &self,
        searcher: &Searcher,
        input: &str,
        opts: &SearchOptions,
    ) -> Result<Prepared> {
        let reading = sentence::read(&query::parse(input));
        let mut parsed = reading.parsed;
        let mut notices = Vec::new();
        let mut understood = Understood {
            sentence: reading.sentence,
            dropped: reading.dropped,
            ..Understood::default()
        };
        let run_expansions = self.run_expansions(searcher, &parsed);

        // Each group of alternatives that can match anything, with how many
        // topics contain its words.
        let mut groups: Vec<Box<dyn Query>> = Vec::new();
        let mut group_freqs: Vec<u64> = Vec::new();
        let mut work: std::collections::VecDeque<(Vec<Term>, Vec<Expansion>)> =
            parsed.groups.drain(..).zip(run_expansions).collect();
        while let Some((mut g, extra)) = work.pop_front() {
            let mut alternatives = Vec::new();
            let mut freq = 0;
            let mut parts = None;
            for term in g.iter_mut() {
                let (tokens, mut expansions, topics) =
                    self.understand_word(searcher, term, opts.exact, &mut understood, &mut notices);
                if !opts.exact {
                    expansions.extend(extra.iter().cloned());
                }
                if !opts.exact && topics == 0 && expansions.is_empty() {
                    parts = self.compound_parts(searcher, term, &tokens);
                    if let Some(p) = &parts {
                        understood.splits.push(Split {
                            from: term.text.clone(),
                            into: p.iter().map(|t| t.text.clone()).collect(),
                        });
                        break;
                    }
                }
                freq += topics;
                let frequent = is_frequent(topics, searcher.num_docs(), tokens.len() == 1);
                alternatives.extend(self.word_query(term, &tokens, &expansions, frequent));
                understood.words.push(Word {
                    text: term.text.clone(),
                    topics,
                    expansions,
                });
            }
            if let Some(p) = parts.filter(|_| g.len() == 1) {
                // Searched part by part instead, each part a word of its own.
                for (i, t) in p.into_iter().enumerate() {
                    work.insert(i, (vec![t], Vec::new()));
                }
                continue;
            }
            if let Some(q) = any_of(alternatives) {
                groups.push(q);
                group_freqs.push(freq);
            }
        }
        let filters = self.filters(&parsed, opts)?;
        let exclusions: Vec<Box<dyn Query>> = parsed
            .exclude
            .iter()
            .filter_map(|t| self.exclusion_query(t))
            .collect();
        if groups.is_empty() && filters.is_empty() {
            return Ok(Prepared {
                notices,
                understood,
                all: None,
                some: None,
                highlight: None,
            });
        }
        let topics_only = self.topics_only();

        // Matching some words only: each word weighs by its rarity, as BM25
        // would (the constant tiers inside a word's query flatten that), so a
        // topic with the rare word of `GKE セキュリティ` beats one with the
        // common word.
        let weights: Vec<f32> = if groups.len() > 1 {
            let n = searcher.num_docs().max(1) as f32;
            group_freqs
                .iter()
                .map(|&df| (1.0 + n / (1.0 + df as f32)).ln())
                .collect()
        } else {
            vec![1.0; groups.len()]
        };
        let build = |all: bool| -> Box<dyn Query> {
            let mut clauses: Vec<(Occur, Box<dyn Query>)> = Vec::new();
            // Only topic documents hold words and the filtered fields (an
            // episode's document has none), so a query with words needs no
            // `kind` clause: intersecting with it, a posting list of every
            // topic, was a tenth of a frequent word's search at 10,000×.
            if groups.is_empty() {
                clauses.push((Occur::Must, topics_only.box_clone()));
            } else if all {
                clauses.extend(groups.iter().map(|q| (Occur::Must, q.box_clone())));
            } else {
                let some = any_of(
                    groups
                        .iter()
                        .zip(&weights)
                        .map(|(q, &w)| boxed(BoostQuery::new(q.box_clone(), w)))
                        .collect(),
                )
                .expect("groups not empty");
                clauses.push((Occur::Must, some));
            }
            clauses.extend(filters.iter().map(|q| (Occur::Must, q.box_clone())));
            clauses.extend(exclusions.iter().map(|q| (Occur::MustNot, q.box_clone())));
            boxed(BooleanQuery::new(clauses))
        };

        Ok(Prepared {
            notices,
            understood,
            all: Some(build(true)),
            some: (groups.len() > 1).then(|| build(false)),
            highlight: any_of(groups.iter().map(|q| q.box_clone()).collect()),
        })
    }
}
