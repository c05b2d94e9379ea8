//! The `kn_ngram` tokenizer: character bigrams over the normalised Japanese
//! text, for recall where the dictionary's segmentation does not line up with
//! the query (lindera keeps `コンテナランタイム` whole, so `ランタイム` needs
//! bigrams to find it).
//!
//! ASCII words are left to the morphological field. Bigrams made only of
//! hiragana (`した`, `ます`) are skipped but keep their position, so they do
//! not flood results and phrase matching over bigrams stays exact. A katakana
//! word's final long vowel is dropped first, as in the morphological field.

use tantivy::tokenizer::{Token, Tokenizer};

use super::normalize::{is_hiragana, is_katakana, normalize_shared};
use super::sought::Sought;
use super::tokens::{Tokens, TokensStream};

pub const NGRAM: &str = "kn_ngram";

#[derive(Clone, Default)]
pub struct NgramTokenizer;

/// Characters that take part in bigrams: letters outside ASCII (kana, kanji,
/// other scripts) and digits embedded in them.
fn is_gram_char(c: char) -> bool {
    if c.is_ascii() {
        return false;
    }
    // Kana and CJK ideographs first: `is_alphanumeric`'s table lookup for
    // each of them was a tenth of bigram analysis.
    matches!(c, '\u{3041}'..='\u{3096}' | '\u{30A1}'..='\u{30FA}' | 'ー' | '\u{4E00}'..='\u{9FFF}')
        || c.is_alphanumeric()
}

/// Bigrams of `text` with original-text offsets and positions.
pub fn bigrams(text: &str) -> Vec<Token> {
    bigram_tokens(text).to_vec()
}

/// [`bigrams`] into a pooled token buffer (no allocation per bigram).
pub fn bigram_tokens(text: &str) -> Tokens {
    bigrams_sought(text, None)
}

/// [`bigram_tokens`]; given the [`Sought`] terms of a snippet, a bigram whose
/// first character starts none of them keeps its offsets but not its text.
pub(super) fn bigrams_sought(text: &str, sought: Option<&Sought>) -> Tokens {
    let mut out = Tokens::pooled();
    // ASCII stays ASCII through normalisation, and holds no bigram
    // character: an English title or link text needs no pass at all.
    if text.is_ascii() {
        return out;
    }
    let norm = normalize_shared(super::analyzed_part(text));
    let mut position = 0usize;
    // The current run of bigram characters: (normalised offset, char).
    let mut run: Vec<(usize, char)> = Vec::new();
    let mut flush = |run: &mut Vec<(usize, char)>, out: &mut Tokens| {
        // Drop a katakana word's final long vowel (サーバー → サーバ).
        if run.len() >= 4 && run.last().is_some_and(|&(_, c)| c == 'ー') {
            let katakana_tail = run
                .iter()
                .rev()
                .take_while(|&&(_, c)| is_katakana(c))
                .count();
            if katakana_tail >= 4 {
                run.pop();
            }
        }
        let mut a_buf = [0u8; 4];
        let mut b_buf = [0u8; 4];
        for w in run.windows(2) {
            let ((a, ca), (b, cb)) = (w[0], w[1]);
            position += 1;
            if is_hiragana(ca) && is_hiragana(cb) {
                continue;
            }
            let to = b + cb.len_utf8();
            let (from, to) = (norm.original(a), norm.original(to));
            if sought.is_some_and(|s| !s.may_start(ca)) {
                out.push(&[], from, to, position - 1);
                continue;
            }
            out.push(
                &[ca.encode_utf8(&mut a_buf), cb.encode_utf8(&mut b_buf)],
                from,
                to,
                position - 1,
            );
        }
        if !run.is_empty() {
            position += 2; // no phrase across runs
        }
        run.clear();
    };
    for (i, c) in norm.text.char_indices() {
        if is_gram_char(c) {
            run.push((i, c));
        } else if !run.is_empty() {
            flush(&mut run, &mut out);
        }
    }
    flush(&mut run, &mut out);
    out
}

impl Tokenizer for NgramTokenizer {
    type TokenStream<'a> = TokensStream;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> TokensStream {
        bigram_tokens(text).into_stream()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn grams(text: &str) -> Vec<String> {
        bigrams(text).into_iter().map(|t| t.text).collect()
    }

    #[test]
    fn compound_katakana_is_covered_by_its_parts() {
        let all = grams("コンテナランタイムの比較");
        let part = grams("ランタイム");
        assert_eq!(part, ["ラン", "ンタ", "タイ", "イム"]);
        assert!(part.iter().all(|g| all.contains(g)), "{all:?}");
    }

    #[test]
    fn hiragana_only_bigrams_are_skipped_with_their_positions() {
        let toks = bigrams("設定した");
        let texts: Vec<_> = toks.iter().map(|t| t.text.as_str()).collect();
        assert_eq!(texts, vec!["設定", "定し"]);
        assert_eq!(toks[1].position, toks[0].position + 1);
    }

    #[test]
    fn ascii_is_left_out_and_long_vowels_fold() {
        assert!(grams("kubernetes").is_empty());
        assert_eq!(grams("サーバー"), ["サー", "ーバ"]);
        assert_eq!(grams("サーバ"), ["サー", "ーバ"]);
        assert_eq!(grams("ｶｵｽ"), ["カオ", "オス"]);
    }

    #[test]
    fn offsets_cover_the_original_characters() {
        let text = "aランタイム";
        let t = &bigrams(text)[0];
        assert_eq!(&text[t.offset_from..t.offset_to], "ラン");
    }
}
