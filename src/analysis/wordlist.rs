//! English words of ordinary language: every word JMdict/EDICT's glosses
//! use, as a sorted list built with kn (`build/build.rs`). Typo correction
//! asks it whether a candidate is a common word, which a product name the
//! notes never mention is often one edit away from (`keptn` → `kept`).

/// One lowercase word per line, sorted bytewise.
const WORDS: &str = include_str!(concat!(env!("OUT_DIR"), "/english-words.txt"));

/// Is `word` (lowercase) in the list? Binary search over the sorted lines,
/// without an index: each probe backs up to the start of its line.
pub fn is_english_word(word: &str) -> bool {
    contains_line(WORDS, word)
}

fn contains_line(sorted: &str, word: &str) -> bool {
    let b = sorted.as_bytes();
    let (mut lo, mut hi) = (0usize, b.len());
    while lo < hi {
        let mid = lo + (hi - lo) / 2;
        let start = b[..mid]
            .iter()
            .rposition(|&c| c == b'\n')
            .map_or(0, |i| i + 1)
            .max(lo);
        let end = b[start..]
            .iter()
            .position(|&c| c == b'\n')
            .map_or(b.len(), |i| start + i);
        match sorted[start..end].cmp(word) {
            std::cmp::Ordering::Equal => return true,
            std::cmp::Ordering::Less => lo = end + 1,
            std::cmp::Ordering::Greater => hi = start,
        }
    }
    false
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_exactly_the_listed_lines() {
        let list = "alpha\nbeta\ngamma\n";
        for w in ["alpha", "beta", "gamma"] {
            assert!(contains_line(list, w), "{w}");
        }
        for w in ["", "alp", "alphabet", "delta", "aaa", "zzz"] {
            assert!(!contains_line(list, w), "{w}");
        }
        assert!(!contains_line("", "x"));
    }

    #[test]
    fn the_built_list_has_common_words_and_not_names() {
        for w in ["kept", "secret", "certificate", "graduation"] {
            assert!(is_english_word(w), "{w}");
        }
        for w in ["keptn", "kubernetes", "kyverno"] {
            assert!(!is_english_word(w), "{w}");
        }
    }
}
