//! Query words with their parts of speech, for reading questions
//! (`search::sentence`): which words carry the meaning and which are
//! scaffolding. Indexing never needs this; only a query with Japanese
//! scaffolding loads the dictionary for it.

use std::sync::Arc;

use lindera::segmenter::Segmenter;

use super::normalize::{fold_long_vowel, normalize};
use super::tokenizer::{ascii_words, is_wordy, segmenter};

/// A word of a query with its part of speech, for reading questions:
/// which words carry the meaning and which are scaffolding.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Morpheme {
    /// Normalised surface (NFKC, lowercase; katakana long vowel folded).
    pub text: String,
    /// IPADIC part of speech and its first subdivision (`名詞`, `非自立`);
    /// `ascii` for an ASCII word.
    pub pos: String,
    pub pos1: String,
    /// Dictionary form (`する` for `し`), or the surface when unknown.
    pub base: String,
    /// Byte range in the normalised text, so adjacent words can be rejoined.
    pub start: usize,
    pub end: usize,
}

/// Every word of `text` in order, with parts of speech: ASCII words as the
/// scanner finds them (unstemmed), Japanese through lindera. Punctuation is
/// left out. Only queries call this; it loads the dictionary when the text
/// has Japanese.
pub fn morphemes(text: &str) -> Vec<Morpheme> {
    let norm = normalize(text);
    let t = norm.text.as_str();
    let mut out = Vec::new();
    // Loaded on the first Japanese run only: an English question never pays.
    let mut loaded: Option<Arc<Segmenter>> = None;
    let mut japanese = |run: &str, base: usize, out: &mut Vec<Morpheme>| {
        if !run.chars().any(is_wordy) {
            return;
        }
        let segmenter = loaded.get_or_insert_with(segmenter);
        let Ok(tokens) = segmenter.segment(run.into()) else {
            return;
        };
        for mut tok in tokens {
            if !tok.surface.chars().any(is_wordy) {
                continue;
            }
            let surface = tok.surface.to_string();
            let (start, end) = (base + tok.byte_start, base + tok.byte_end);
            let pos = tok.get_detail(0).unwrap_or("").to_string();
            let pos1 = tok.get_detail(1).unwrap_or("").to_string();
            let base_form = match tok.get_detail(6) {
                Some(b) if b != "*" && !b.is_empty() => b.to_string(),
                _ => surface.clone(),
            };
            let text = fold_long_vowel(&surface).unwrap_or(&surface).to_string();
            out.push(Morpheme {
                text,
                pos,
                pos1,
                base: base_form,
                start,
                end,
            });
        }
    };
    let mut last = 0;
    for (start, end) in ascii_words(t) {
        if start > last {
            japanese(&t[last..start], last, &mut out);
        }
        out.push(Morpheme {
            text: t[start..end].to_string(),
            pos: "ascii".into(),
            pos1: String::new(),
            base: t[start..end].to_string(),
            start,
            end,
        });
        last = end;
    }
    if last < t.len() {
        japanese(&t[last..], last, &mut out);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn morphemes_carry_parts_of_speech() {
        let m = morphemes("Podが何度も再起動する");
        let words: Vec<(&str, &str)> = m
            .iter()
            .map(|m| (m.text.as_str(), m.pos.as_str()))
            .collect();
        assert_eq!(words[0], ("pod", "ascii"));
        assert!(words.contains(&("も", "助詞")), "{words:?}");
        assert!(words.contains(&("再", "接頭詞")), "{words:?}");
        assert!(words.contains(&("起動", "名詞")), "{words:?}");
        let suru = m.iter().find(|m| m.pos == "動詞").expect("a verb");
        assert_eq!(suru.base, "する");
        // Offsets point into the normalised text, in order.
        assert!(m.windows(2).all(|w| w[0].end <= w[1].start));
    }
}
