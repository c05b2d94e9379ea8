//! Typo correction that does not invent.
//!
//! A word that matches nothing (and has no expansion) may be a typo of an
//! indexed word. It is corrected only when that is the likely story: the
//! first letter kept (the usual prefix rule of term suggesters: people rarely
//! mistype the first letter, and a name that differs there is another name),
//! one candidate at the smallest distance, and — for short words — the
//! candidate not a common English word, which a product name the notes
//! never mention is often one edit away from (`keptn` → `kept`). Otherwise
//! kn only asks "did you mean …?" and lists nothing for the word.

use std::collections::HashMap;

use tantivy::Searcher;

use super::Engine;

/// What to do with a word that matches nothing.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Fix {
    /// Search for this word instead.
    Certain(String),
    /// Only suggest it.
    Uncertain(String),
}

/// Words this short whose correction is a common English word are only
/// suggested.
const SHORT: usize = 6;

/// Is `candidate` the word with two adjacent letters swapped?
fn is_transposition(word: &str, candidate: &str) -> bool {
    let (a, b) = (word.as_bytes(), candidate.as_bytes());
    if a.len() != b.len() {
        return false;
    }
    let diff: Vec<usize> = (0..a.len()).filter(|&i| a[i] != b[i]).collect();
    matches!(diff.as_slice(), [i, j] if *j == i + 1 && a[*i] == b[*j] && a[*j] == b[*i])
}

/// Decides among candidates `(word, distance, topics)`.
fn decide(
    word: &str,
    mut candidates: Vec<(String, usize, u64)>,
    common: impl Fn(&str) -> bool,
) -> Option<Fix> {
    candidates.retain(|(c, _, _)| c.chars().next() == word.chars().next());
    let best = candidates.iter().map(|c| c.1).min()?;
    candidates.retain(|c| c.1 == best);
    candidates.sort_by(|a, b| b.2.cmp(&a.2).then(a.0.cmp(&b.0)));
    let top = candidates[0].0.clone();
    if candidates.len() > 1 {
        return Some(Fix::Uncertain(top));
    }
    if word.len() <= SHORT && !is_transposition(word, &top) && common(&top) {
        return Some(Fix::Uncertain(top));
    }
    Some(Fix::Certain(top))
}

impl Engine<'_> {
    /// The indexed English words close to `word` (1 edit from 5 letters, 2
    /// from 9; a transposition counts as one), and whether to correct.
    pub(super) fn correction(&self, searcher: &Searcher, word: &str) -> Option<Fix> {
        let max = if word.chars().count() >= 9 { 2 } else { 1 };
        let first = word.chars().next()?.to_string();
        let mut found: HashMap<String, (usize, u64)> = HashMap::new();
        let vocab = self.handle.fields.vocab;
        for (candidate, df) in self.terms_with_prefix(searcher, vocab, &first, usize::MAX) {
            if candidate.len().abs_diff(word.len()) > max || candidate == word {
                continue;
            }
            let d = strsim::osa_distance(word, &candidate);
            if d <= max {
                found.entry(candidate).or_insert((d, 0)).1 += df;
            }
        }
        let candidates = found.into_iter().map(|(w, (d, n))| (w, d, n)).collect();
        decide(word, candidates, crate::analysis::wordlist::is_english_word)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn c(w: &str, d: usize, n: u64) -> (String, usize, u64) {
        (w.to_string(), d, n)
    }

    #[test]
    fn a_unique_close_word_is_corrected() {
        let fix = decide("kubernetse", vec![c("kubernetes", 1, 90)], |_| false);
        assert_eq!(fix, Some(Fix::Certain("kubernetes".into())));
        // A transposition is a typo even when the word is common English.
        let fix = decide("secrte", vec![c("secret", 1, 5)], |_| true);
        assert_eq!(fix, Some(Fix::Certain("secret".into())));
    }

    #[test]
    fn the_first_letter_is_kept() {
        assert_eq!(decide("knative", vec![c("native", 1, 3)], |_| false), None);
    }

    #[test]
    fn several_candidates_only_suggest() {
        let fix = decide("spire", vec![c("spike", 1, 3), c("spice", 1, 9)], |_| false);
        assert_eq!(fix, Some(Fix::Uncertain("spice".into())));
        // A closer candidate settles it.
        let fix = decide("spire", vec![c("spike", 2, 3), c("spires", 1, 1)], |_| {
            false
        });
        assert_eq!(fix, Some(Fix::Certain("spires".into())));
    }

    #[test]
    fn a_short_name_next_to_a_common_word_only_suggests() {
        let fix = decide("keptn", vec![c("kept", 1, 4)], |w| w == "kept");
        assert_eq!(fix, Some(Fix::Uncertain("kept".into())));
        let fix = decide("keptn", vec![c("kept", 1, 4)], |_| false);
        assert_eq!(fix, Some(Fix::Certain("kept".into())));
    }

    #[test]
    fn transpositions_are_recognised() {
        assert!(is_transposition("kyvenro", "kyverno"));
        assert!(is_transposition("secrte", "secret"));
        assert!(!is_transposition("secret", "secret"));
        assert!(!is_transposition("abc", "abcd"));
    }
}
