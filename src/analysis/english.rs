//! English in the notes: ASCII words (`cri-o`, `v1.17`, `operator's`),
//! version numbers kept whole, stop words, and Porter2 stems, as the
//! `kn_ja` tokenizer indexes them and a query looks them up.

use std::sync::LazyLock;

use rust_stemmers::{Algorithm, Stemmer};

static STEMMER: LazyLock<Stemmer> = LazyLock::new(|| Stemmer::create(Algorithm::English));

/// ASCII words of (normalised, lowercase) text: letters/digits joined by
/// `.`, `-`, `_`, `'` (`cri-o`, `v1.17`, `operator's`), as byte ranges.
/// A byte scanner: the equivalent regex was a tenth of ingest time.
pub fn ascii_words(t: &str) -> impl Iterator<Item = (usize, usize)> + '_ {
    let b = t.as_bytes();
    let word = |c: u8| c.is_ascii_lowercase() || c.is_ascii_digit();
    let joiner = |c: u8| matches!(c, b'.' | b'-' | b'_' | b'\'');
    let mut i = 0;
    std::iter::from_fn(move || {
        while i < b.len() && !word(b[i]) {
            i += 1;
        }
        if i >= b.len() {
            return None;
        }
        let start = i;
        loop {
            while i < b.len() && word(b[i]) {
                i += 1;
            }
            if i + 1 < b.len() && joiner(b[i]) && word(b[i + 1]) {
                i += 1;
                continue;
            }
            break;
        }
        Some((start, i))
    })
}
/// `1.21`, `v1.17`, `1.2.3`: digits in two or more dot-separated groups,
/// an optional leading `v`. (A byte check: compiling the equivalent regex
/// cost every search more than a tenth of its instructions.)
pub(super) fn is_version(word: &str) -> bool {
    // Most words start with a letter other than `v`, or hold no dot.
    let b = word.as_bytes();
    let lead = if b.first() == Some(&b'v') { 1 } else { 0 };
    if !b.get(lead).is_some_and(u8::is_ascii_digit) || !b.contains(&b'.') {
        return false;
    }
    let digits = word.strip_prefix('v').unwrap_or(word);
    let mut groups = 0;
    for g in digits.split('.') {
        if g.is_empty() || !g.bytes().all(|b| b.is_ascii_digit()) {
            return false;
        }
        groups += 1;
    }
    groups >= 2
}

/// English words that carry no meaning for search.
pub(super) const EN_STOP: &[&str] = &[
    "a", "an", "and", "are", "as", "at", "be", "by", "for", "from", "in", "is", "it", "of", "on",
    "or", "the", "to", "with", "s", "t",
];

/// An English stop word ([`EN_STOP`]: none is longer than four letters).
pub(super) fn is_en_stop(word: &str) -> bool {
    word.len() <= 4 && EN_STOP.contains(&word)
}

/// English term as indexed: Porter2 stem of alphabetic words longer than 3.
pub fn stem_en(word: &str) -> String {
    with_stem(word, str::to_string)
}

/// Calls `f` with the indexed form of `word` ([`stem_en`]) without
/// allocating when the stem is cached.
pub(super) fn with_stem<R>(word: &str, f: impl FnOnce(&str) -> R) -> R {
    if word.len() > 3 && word.bytes().all(|b| b.is_ascii_lowercase()) {
        // Notes repeat their vocabulary: remember stems per thread.
        // (FxHash: SipHash of each word was a visible share of ingest.)
        thread_local! {
            static STEMS: std::cell::RefCell<rustc_hash::FxHashMap<String, String>> = Default::default();
        }
        STEMS.with(|m| {
            let mut m = m.borrow_mut();
            if let Some(s) = m.get(word) {
                return f(s);
            }
            let s = STEMMER.stem(word).into_owned();
            let r = f(&s);
            if m.len() < 200_000 {
                m.insert(word.to_string(), s);
            }
            r
        })
    } else {
        f(word)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ascii_word_scanner_matches_the_documented_shape() {
        let t = "cri-o, v1.17 operator's -x- a.b. k8s_io";
        let words: Vec<&str> = ascii_words(t).map(|(a, b)| &t[a..b]).collect();
        assert_eq!(
            words,
            vec!["cri-o", "v1.17", "operator's", "x", "a.b", "k8s_io"]
        );
    }

    #[test]
    fn version_shapes() {
        for v in ["1.21", "v1.17", "1.2.3", "v10.0"] {
            assert!(is_version(v), "{v}");
        }
        for w in ["1", "v1", "1.", ".1", "1..2", "v", "1.a", "vv1.2", "x1.2"] {
            assert!(!is_version(w), "{w}");
        }
    }
}
