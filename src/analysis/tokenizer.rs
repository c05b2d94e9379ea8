//! The `ja` tokenizer: normalise → lindera (IPADIC) → drop particles and
//! punctuation → fold long vowels. Offsets refer to the original text so
//! tantivy's snippets highlight what the user wrote.

use std::sync::{Arc, OnceLock};

use lindera::mode::Mode;
use lindera::segmenter::Segmenter;
use tantivy::tokenizer::{Token, TokenStream, Tokenizer};

use super::dictionary;
use super::normalize::{fold_long_vowel, normalize};

/// Name under which the tokenizer is registered with tantivy.
pub const JA: &str = "kn_ja";

/// The process-wide segmenter; loading the embedded dictionary costs ~2 ms.
pub fn segmenter() -> Arc<Segmenter> {
    static SEGMENTER: OnceLock<Arc<Segmenter>> = OnceLock::new();
    SEGMENTER
        .get_or_init(|| {
            let dict = dictionary::load().expect("embedded IPADIC dictionary is valid");
            Arc::new(Segmenter::new(Mode::Normal, dict, None))
        })
        .clone()
}

#[derive(Clone)]
pub struct JaTokenizer {
    segmenter: Arc<Segmenter>,
}

impl Default for JaTokenizer {
    fn default() -> Self {
        Self {
            segmenter: segmenter(),
        }
    }
}

/// Parts of speech that carry no meaning for search: particles (が, の, を),
/// auxiliary verbs (です, した) and symbols.
fn is_stop_pos(pos: &str) -> bool {
    matches!(pos, "助詞" | "助動詞" | "記号")
}

impl JaTokenizer {
    /// Analyses `text` into index terms with original-text offsets.
    pub fn analyze(&self, text: &str) -> Vec<Token> {
        let norm = normalize(text);
        let mut out = Vec::new();
        let Ok(tokens) = self.segmenter.segment(norm.text.as_str().into()) else {
            return out;
        };
        let mut position = 0usize;
        for mut t in tokens {
            let surface = t.surface.as_ref();
            if !surface.chars().any(char::is_alphanumeric) {
                continue;
            }
            let start = t.byte_start;
            let end = t.byte_end;
            let word = surface.to_string();
            let pos = t.get_detail(0).unwrap_or("").to_string();
            position += 1;
            if is_stop_pos(&pos) {
                continue;
            }
            let word = fold_long_vowel(&word).map(str::to_string).unwrap_or(word);
            out.push(Token {
                offset_from: norm.original(start),
                offset_to: norm.original(end),
                position: position - 1,
                text: word,
                position_length: 1,
            });
        }
        out
    }
}

pub struct JaTokenStream {
    tokens: Vec<Token>,
    index: usize,
}

impl Tokenizer for JaTokenizer {
    type TokenStream<'a> = JaTokenStream;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> JaTokenStream {
        JaTokenStream {
            tokens: self.analyze(text),
            index: usize::MAX,
        }
    }
}

impl TokenStream for JaTokenStream {
    fn advance(&mut self) -> bool {
        self.index = self.index.wrapping_add(1);
        self.index < self.tokens.len()
    }
    fn token(&self) -> &Token {
        &self.tokens[self.index]
    }
    fn token_mut(&mut self) -> &mut Token {
        &mut self.tokens[self.index]
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn terms(text: &str) -> Vec<String> {
        JaTokenizer::default()
            .analyze(text)
            .into_iter()
            .map(|t| t.text)
            .collect()
    }

    #[test]
    fn japanese_sentence_loses_particles() {
        assert_eq!(
            terms("Kubernetesのネットワークを理解する"),
            vec!["kubernetes", "ネットワーク", "理解", "する"]
        );
    }

    #[test]
    fn normalisation_and_long_vowel_folding() {
        assert_eq!(terms("ＧＫＥ"), vec!["gke"]);
        assert_eq!(terms("サーバー"), terms("サーバ"));
        assert_eq!(terms("オペレーター"), terms("オペレータ"));
    }

    #[test]
    fn offsets_are_in_the_original_text() {
        let text = "ＧＫＥでeBPF";
        let toks = JaTokenizer::default().analyze(text);
        assert_eq!(&text[toks[0].offset_from..toks[0].offset_to], "ＧＫＥ");
        let last = toks.last().unwrap();
        assert_eq!(&text[last.offset_from..last.offset_to], "eBPF");
    }
}
