//! Score tiers: the constant bonuses that keep an exact match above any
//! expansion, and expansions apart by kind and weight.

use tantivy::query::{ConstScoreQuery, DisjunctionMaxQuery, Query};

use super::bonus::BonusQuery;
use super::understood::Via;
use super::{SYNONYM_TIER, boxed};

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
