//! Relevance tuning, in one place: the field weights and score tiers, and
//! the query each typed word becomes (its exact words, their expansions, its
//! character bigrams). Tiers are constant bonuses that keep an exact match
//! above any expansion and expansions apart by kind and weight; BM25 orders
//! topics within a tier. The relevance sets (`tests/relevance`) are what
//! every number here answers to.

use tantivy::Term as TTerm;
use tantivy::query::{
    BooleanQuery, BoostQuery, ConstScoreQuery, DisjunctionMaxQuery, Occur, PhraseQuery, Query,
    TermQuery,
};
use tantivy::schema::{Field, IndexRecordOption};

use super::bonus::BonusQuery;
use super::query::Term;
use super::understood::{Expansion, Via};
use super::{Engine, any_of, boxed};
use crate::analysis::ngram::bigrams;

const TITLE_BOOST: f32 = 3.0;
const LINKS_BOOST: f32 = 1.5;
const SYNONYM_BOOST: f32 = 0.8;
/// Words typed together that also stand together get a bonus that keeps
/// them above topics where the words are scattered, whose BM25 counts less.
const PHRASE_TIER: f32 = 6.0;
const SCATTERED_WEIGHT: f32 = 0.3;
/// A presenter's name typed as a word: enough to pass the AND, too little to
/// outrank topics that are about the word.
const PEOPLE_BOOST: f32 = 0.3;
const NGRAM_BOOST: f32 = 0.3;
/// Bonus per word matched exactly / through a synonym: keeps tiers apart.
const EXACT_TIER: f32 = 20.0;
const SYNONYM_TIER: f32 = 12.0;
/// Added when the word (or a synonym) is in the title.
const TITLE_TIER: f32 = 8.0;

/// Score tier of an expansion (scaled by its weight): below an exact match,
/// and below a synonym someone wrote down for this domain.
pub(super) fn tier(via: Via) -> f32 {
    match via {
        Via::Synonym | Via::Abbreviation => SYNONYM_TIER,
        Via::Form => 11.0,
        Via::Dictionary | Via::Loanword => 10.0,
    }
}

/// A word in more than one topic in this many is frequent (see `best_tier`).
pub(super) const FREQUENT_SHARE: u64 = 10;

/// A word in this many topics is frequent whatever their share: its exact
/// matches fill any page thousands of times over, and scoring bigram
/// recall over them was a quarter of a search for `コンテナ` at 10,000×
/// the notes (230,000 topics, 9% of them). The notes themselves hold a few
/// hundred topics, so this only changes how a very large corpus is searched.
pub(super) const FREQUENT_TOPICS: u64 = 20_000;

/// Is a word in `topics` of `all` documents frequent? `one_token`: the word
/// is a single index term, so `topics` counts its exact matches (for
/// several, it only bounds them, and bigram recall may be all there is).
pub(super) fn is_frequent(topics: u64, all: u64, one_token: bool) -> bool {
    topics * FREQUENT_SHARE > all || (one_token && topics >= FREQUENT_TOPICS)
}

/// Constant score tiers of which a topic earns the best it reaches (a
/// disjunction-max), so a topic that says the word and a synonym ranks with
/// one that says the word alone, and no sum of expansions reaches the exact
/// tier. With `exact_apart` the exact tier (the first) is added on its own
/// and only the expansions share the max: for a frequent word the max over
/// its postings cost a millisecond at 1000× (`kubernetes`), and among
/// topics that all say the word the difference hardly matters.
pub(super) fn best_tier(
    mut tiers: Vec<(Box<dyn Query>, f32)>,
    exact_apart: bool,
) -> Vec<Box<dyn Query>> {
    let mut out = Vec::new();
    if exact_apart && !tiers.is_empty() {
        let (q, score) = tiers.remove(0);
        out.push(boxed(ConstScoreQuery::new(q, score)));
    }
    let mut rest: Vec<Box<dyn Query>> = tiers
        .into_iter()
        .map(|(q, score)| boxed(ConstScoreQuery::new(q, score)))
        .collect();
    match rest.len() {
        0 => {}
        1 => out.append(&mut rest),
        _ => out.push(boxed(DisjunctionMaxQuery::new(rest))),
    }
    out
}

/// One way a topic can match a query word: its scored clause (the query,
/// weighted), the query its tier applies to, and the tier.
pub(super) struct Way {
    pub clause: Box<dyn Query>,
    pub query: Box<dyn Query>,
    pub tier: f32,
}

/// The clauses of a word's ways to match with the best tier a topic reaches
/// among them ([`best_tier`]). A tier that stands on its own (the only way;
/// the exact way of a frequent word; the one expansion beside it) becomes a
/// bonus on its clause: the same documents and scores as the clause plus
/// its `Const` tier, with the postings read once.
pub(super) fn tiered(mut ways: Vec<Way>, exact_apart: bool) -> Vec<Box<dyn Query>> {
    let mut out = Vec::new();
    if exact_apart && !ways.is_empty() {
        let exact = ways.remove(0);
        out.push(boxed(BonusQuery::new(exact.clause, exact.tier)));
    }
    if ways.len() == 1 {
        let only = ways.remove(0);
        out.push(boxed(BonusQuery::new(only.clause, only.tier)));
        return out;
    }
    let mut tiers = Vec::new();
    for way in ways {
        out.push(way.clause);
        tiers.push((way.query, way.tier));
    }
    out.extend(best_tier(tiers, false));
    out
}

/// Term or phrase query for analysed tokens `(position, text)` in one field.
fn tokens_query(field: Field, tokens: &[(usize, String)], boost: f32) -> Option<Box<dyn Query>> {
    let q: Box<dyn Query> = match tokens {
        [] => return None,
        [(_, t)] => boxed(TermQuery::new(
            TTerm::from_field_text(field, t),
            IndexRecordOption::WithFreqs,
        )),
        _ => {
            let first = tokens[0].0;
            let terms = tokens
                .iter()
                .map(|(p, t)| (p - first, TTerm::from_field_text(field, t)))
                .collect();
            boxed(PhraseQuery::new_with_offset(terms))
        }
    };
    Some(if boost == 1.0 {
        q
    } else {
        boxed(BoostQuery::new(q, boost))
    })
}

impl Engine<'_> {
    pub(super) fn morph_fields(&self, title_only: bool) -> Vec<(Field, f32)> {
        let f = &self.handle.fields;
        if title_only {
            vec![(f.title, TITLE_BOOST)]
        } else {
            vec![
                (f.title, TITLE_BOOST),
                (f.body, 1.0),
                (f.links, LINKS_BOOST),
                (f.people, PEOPLE_BOOST),
            ]
        }
    }

    pub(super) fn morph_query(&self, text: &str, title_only: bool) -> Option<Box<dyn Query>> {
        self.morph_query_with(&self.tokens(text), title_only, true)
    }

    /// Exact words of `text`. Several words typed together (`Kubernetesの
    /// セキュリティ`, no space) match as a phrase or, ranked below that, all
    /// of them anywhere in the topic; `strict` (a quoted phrase) keeps the
    /// phrase only.
    pub(super) fn morph_query_with(
        &self,
        tokens: &[(usize, String)],
        title_only: bool,
        strict: bool,
    ) -> Option<Box<dyn Query>> {
        let fields = self.morph_fields(title_only);
        let phrase = any_of(
            fields
                .iter()
                .filter_map(|&(f, b)| tokens_query(f, tokens, b))
                .collect(),
        );
        if strict || tokens.len() < 2 {
            return phrase;
        }
        let each: Vec<(Occur, Box<dyn Query>)> = tokens
            .iter()
            .filter_map(|t| {
                let one = std::slice::from_ref(t);
                any_of(
                    fields
                        .iter()
                        .filter_map(|&(f, b)| tokens_query(f, one, b))
                        .collect(),
                )
            })
            .map(|q| (Occur::Must, q))
            .collect();
        let all_words = boxed(BooleanQuery::new(each));
        match phrase {
            // The phrase and its tier: `p + Const(PHRASE_TIER, p)`, read once.
            Some(p) => any_of(vec![
                boxed(BonusQuery::new(p, PHRASE_TIER)),
                boxed(BoostQuery::new(all_words, SCATTERED_WEIGHT)),
            ]),
            None => Some(all_words),
        }
    }

    pub(super) fn ngram_query(&self, text: &str, title_only: bool) -> Option<Box<dyn Query>> {
        let grams: Vec<(usize, String)> = bigrams(text)
            .into_iter()
            .map(|t| (t.position, t.text))
            .collect();
        let f = &self.handle.fields;
        let mut fields = vec![(f.title_ng, TITLE_BOOST)];
        if !title_only {
            fields.push((f.body_ng, 1.0));
        }
        any_of(
            fields
                .into_iter()
                .filter_map(|(f, b)| tokens_query(f, &grams, b))
                .collect(),
        )
    }

    /// Everything that can match one query word (analysed into `tokens`
    /// once by the caller: the exact query, the expansions and the word's
    /// rarity all need them), tiered. A topic earns the best tier it
    /// reaches (exact, or its best expansion), never a sum of several.
    pub(super) fn word_query(
        &self,
        term: &Term,
        tokens: &[(usize, String)],
        expansions: &[Expansion],
        frequent: bool,
    ) -> Option<Box<dyn Query>> {
        let mut parts: Vec<Box<dyn Query>> = Vec::new();
        let mut ways: Vec<Way> = Vec::new();
        let mut in_title: Vec<(Box<dyn Query>, f32)> = Vec::new();
        let exact = self.morph_query_with(tokens, term.title_only, term.phrase);
        let has_exact = exact.is_some();
        if let Some(exact) = exact {
            ways.push(Way {
                clause: exact.box_clone(),
                query: exact,
                tier: EXACT_TIER,
            });
        }
        let title_exact = self.morph_query_with(tokens, true, true);
        let has_title = title_exact.is_some();
        if let Some(t) = title_exact {
            in_title.push((t, TITLE_TIER));
        }
        for e in expansions {
            let (q, title) = if e.substring {
                (
                    self.ngram_query(&e.text, term.title_only),
                    self.ngram_query(&e.text, true),
                )
            } else {
                (
                    self.morph_query(&e.text, term.title_only),
                    self.morph_query(&e.text, true),
                )
            };
            let Some(q) = q else { continue };
            ways.push(Way {
                clause: boxed(BoostQuery::new(q.box_clone(), SYNONYM_BOOST * e.weight)),
                query: q,
                tier: tier(e.via) * e.weight,
            });
            if let Some(t) = title {
                in_title.push((t, TITLE_TIER * e.weight));
            }
        }
        // The best tier of exact and expansions; for a word in a large part
        // of all topics the exact tier stands apart (see `best_tier`).
        parts.extend(tiered(ways, has_exact && frequent));
        parts.extend(best_tier(in_title, has_title && frequent));
        // Bigrams ignore ASCII: for a quoted phrase that mixes scripts they
        // would match the Japanese part alone, looser than the quotes ask.
        let mixed_phrase = term.phrase && term.text.chars().any(|c| c.is_ascii_alphanumeric());
        // A word in a large part of all topics needs no bigram recall (the
        // exact matches fill any page, bigram matches rank below them), and
        // a bigram phrase over that many topics is the costliest clause:
        // `コンテナ` at 10,000× spent most of its time there.
        if let Some(ng) = self
            .ngram_query(&term.text, term.title_only)
            .filter(|_| !mixed_phrase && !frequent)
        {
            parts.push(boxed(BoostQuery::new(ng, NGRAM_BOOST)));
        }
        any_of(parts)
    }

    /// Query for excluded words: exact or bigram match.
    pub(super) fn exclusion_query(&self, term: &Term) -> Option<Box<dyn Query>> {
        any_of(
            [
                self.morph_query(&term.text, false),
                self.ngram_query(&term.text, false),
            ]
            .into_iter()
            .flatten()
            .collect(),
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn frequent_by_share_or_by_count_of_one_term() {
        assert!(is_frequent(11, 100, false));
        assert!(!is_frequent(10, 100, true));
        assert!(is_frequent(FREQUENT_TOPICS, 100 * FREQUENT_TOPICS, true));
        // A compound's rarest part bounds its matches, it does not count them.
        assert!(!is_frequent(FREQUENT_TOPICS, 100 * FREQUENT_TOPICS, false));
        assert!(!is_frequent(
            FREQUENT_TOPICS - 1,
            100 * FREQUENT_TOPICS,
            true
        ));
    }
}
