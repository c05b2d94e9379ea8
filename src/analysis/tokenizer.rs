//! The `kn_ja` tokenizer, used for every morphological field and for queries.
//!
//! 1. Normalise (NFKC + lowercase, offsets kept for snippets).
//! 2. Split into runs: ASCII words (`kubernetes`, `k8s`, `v1.17`) are
//!    tokenised here; everything else goes to lindera (IPADIC). lindera would
//!    cut `k8s` into `k`/`8`/`s` and `1.21` into `1`/`.`/`21`.
//! 3. Japanese: drop particles, auxiliary verbs and symbols; fold katakana
//!    long vowels (サーバー → サーバ).
//! 4. English: drop a few stop words, stem with Porter2 (policies → polici ←
//!    policy). Version-like tokens stay whole (`1.21`; `v1.17` also as `1.17`).
//!
//! Index and query go through the same chain, so they cannot disagree.

use std::sync::{Arc, OnceLock};

use lindera::mode::Mode;
use lindera::segmenter::Segmenter;
use tantivy::tokenizer::{Token, Tokenizer};

use super::dictionary;
pub use super::english::{ascii_words, stem_en};
use super::english::{is_en_stop, is_version, with_stem};
use super::normalize::{Normalized, fold_long_vowel, is_hiragana, normalize_shared};
use super::sought::Sought;
use super::tokens::{Tokens, TokensStream};

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

/// Parts of speech that carry no meaning for search: particles (が, の, を),
/// auxiliary verbs (です, した) and symbols.
fn is_stop_pos(pos: &str) -> bool {
    matches!(pos, "助詞" | "助動詞" | "記号")
}

/// Whether a dictionary token is a particle, auxiliary verb or symbol.
/// Decoding a token's details costs more than segmenting it, so the answer
/// is remembered per thread by word id (a few hundred distinct hiragana
/// words make up nearly all such tokens).
fn is_stop_token(tok: &mut lindera::token::Token) -> bool {
    if tok.word_id.is_unknown() || !tok.word_id.is_system() {
        return is_stop_pos(tok.get_detail(0).unwrap_or(""));
    }
    thread_local! {
        static STOP: std::cell::RefCell<rustc_hash::FxHashMap<u32, bool>> = Default::default();
    }
    let id = tok.word_id.id();
    if let Some(known) = STOP.with(|s| s.borrow().get(&id).copied()) {
        return known;
    }
    let stop = is_stop_pos(tok.get_detail(0).unwrap_or(""));
    STOP.with(|s| s.borrow_mut().insert(id, stop));
    stop
}

/// Answers the index term for a normalised Japanese run, if it is one.
pub type Resolver<'r> = &'r dyn Fn(&str) -> Option<String>;

/// Stateless; the dictionary is loaded on the first Japanese text, so
/// ASCII-only work (an English query, its snippets) never pays for it.
#[derive(Clone, Default)]
pub struct JaTokenizer;

struct Sink<'a> {
    norm: &'a Normalized,
    out: Tokens,
    position: usize,
    /// Highlighting only: words that cannot be a sought term go out
    /// without text (see [`Sought`]).
    sought: Option<&'a Sought>,
}

impl Sink<'_> {
    fn push(&mut self, text: &str, start: usize, end: usize, same_position: bool) {
        if !same_position {
            self.position += 1;
        }
        self.out.push(
            &[text],
            self.norm.original(start),
            self.norm.original(end),
            self.position - 1,
        );
    }
}

/// Longer ASCII "words" are not indexed.
const MAX_WORD: usize = 256;

/// Longest Japanese run handed to lindera in one piece (bytes).
const MAX_RUN: usize = 4096;

/// Where to end the first piece of a long run: after the last sentence or
/// clause mark or space within [`MAX_RUN`] bytes, else at a char boundary.
fn split_point(text: &str) -> usize {
    if text.len() <= MAX_RUN {
        return text.len();
    }
    let mut limit = MAX_RUN;
    while !text.is_char_boundary(limit) {
        limit -= 1;
    }
    let window = &text[..limit];
    window
        .char_indices()
        .rev()
        .find(|&(_, c)| matches!(c, '。' | '、' | '！' | '？' | '．' | '，') || c.is_whitespace())
        .map(|(i, c)| i + c.len_utf8())
        .unwrap_or(limit)
}

/// Letters and digits; kana and CJK ideographs answered without the
/// Unicode table lookup `char::is_alphanumeric` does for them.
pub(super) fn is_wordy(c: char) -> bool {
    if c.is_ascii() {
        c.is_ascii_alphanumeric()
    } else {
        matches!(c, '\u{3041}'..='\u{3096}' | '\u{30A1}'..='\u{30FA}' | '\u{4E00}'..='\u{9FFF}')
            || c.is_alphanumeric()
    }
}

impl JaTokenizer {
    /// Analyses `text` into index terms with original-text offsets.
    pub fn analyze(&self, text: &str) -> Vec<Token> {
        self.analyze_with(text, None)
    }

    /// [`JaTokenizer::analyze`] into a (pooled) token buffer: what indexing uses.
    pub fn analyze_tokens(&self, text: &str, resolve: Option<Resolver>) -> Tokens {
        let norm = normalize_shared(super::analyzed_part(text));
        let mut sink = Sink {
            norm: &norm,
            out: Tokens::pooled(),
            position: 0,
            sought: None,
        };
        let t = norm.text.as_str();
        let mut last = 0;
        for (start, end) in ascii_words(t) {
            if start > last {
                self.japanese(&t[last..start], last, &mut sink, resolve);
            }
            self.ascii(&t[start..end], start, &mut sink);
            last = end;
        }
        if last < t.len() {
            self.japanese(&t[last..], last, &mut sink, resolve);
        }
        sink.out
    }

    /// [`JaTokenizer::analyze`], but a Japanese run (normalised, between
    /// ASCII words) for which `resolve` answers a term becomes that one term
    /// without consulting the dictionary. Queries use it to skip loading
    /// IPADIC for words the index already holds whole.
    pub fn analyze_with(&self, text: &str, resolve: Option<Resolver>) -> Vec<Token> {
        self.analyze_tokens(text, resolve).to_vec()
    }

    /// Dictionary-free analysis for highlighting: the same English terms as
    /// [`JaTokenizer::analyze`], and character bigrams for everything else.
    pub fn analyze_light(&self, text: &str) -> Vec<Token> {
        self.light_tokens(text, None).to_vec()
    }

    fn light_tokens(&self, text: &str, sought: Option<&Sought>) -> Tokens {
        let text = super::analyzed_part(text);
        // Shared: the bigram pass below normalises the same text again.
        let norm = normalize_shared(text);
        let mut sink = Sink {
            norm: &norm,
            out: Tokens::default(),
            position: 0,
            sought,
        };
        for (start, end) in ascii_words(&norm.text) {
            self.ascii(&norm.text[start..end], start, &mut sink);
        }
        let mut out = sink.out;
        out.append(&super::ngram::bigrams_sought(text, sought));
        // Snippet fragments are cut from tokens in text order.
        out.sort_by_offsets();
        out
    }

    fn ascii(&self, word: &str, start: usize, sink: &mut Sink) {
        if word.len() > MAX_WORD {
            // Base64 blobs and the like: not words anyone searches for.
            sink.position += 1;
            return;
        }
        if is_version(word) {
            sink.push(word, start, start + word.len(), false);
            if let Some(bare) = word.strip_prefix('v') {
                sink.push(bare, start + 1, start + word.len(), true);
            }
            return;
        }
        let joiner = |b: &u8| matches!(b, b'.' | b'-' | b'_' | b'\'');
        if !word.as_bytes().iter().any(joiner) {
            // Most words are one piece: no splitting to set up.
            self.piece(word, start, sink);
            return;
        }
        let mut offset = 0;
        for piece in word.as_bytes().split(joiner) {
            // Pieces of an ASCII word end at ASCII bytes: slicing is exact.
            let piece = &word[offset..offset + piece.len()];
            self.piece(piece, start + offset, sink);
            offset += piece.len() + 1;
        }
    }

    /// One piece of an ASCII word (between `.`, `-`, `_`, `'`): its stem,
    /// or a position step for a stop word or an empty piece.
    fn piece(&self, piece: &str, start: usize, sink: &mut Sink) {
        if piece.is_empty() || is_en_stop(piece) {
            sink.position += 1;
            return;
        }
        if sink.sought.is_some_and(|s| !s.may_be(piece)) {
            // Its stem could not be sought: only its extent matters.
            sink.push("", start, start + piece.len(), false);
            return;
        }
        with_stem(piece, |stem| {
            sink.push(stem, start, start + piece.len(), false)
        });
    }

    fn japanese(&self, text: &str, base: usize, sink: &mut Sink, resolve: Option<Resolver>) {
        if text.len() > MAX_RUN {
            // lindera's lattice grows with the run: cut long runs at a
            // sentence or clause end (or anywhere, for text without any).
            let mut start = 0;
            while start < text.len() {
                let end = start + split_point(&text[start..]);
                self.japanese(&text[start..end], base + start, sink, resolve);
                start = end;
            }
            return;
        }
        if !text.chars().any(is_wordy) {
            return;
        }
        if let Some(resolve) = resolve {
            let trimmed = text.trim_matches(|c: char| !c.is_alphanumeric() && c != 'ー');
            let lead = text.len()
                - text
                    .trim_start_matches(|c: char| !c.is_alphanumeric() && c != 'ー')
                    .len();
            if let Some(word) = resolve(trimmed) {
                sink.push(&word, base + lead, base + lead + trimmed.len(), false);
                return;
            }
        }
        // One lattice per thread, reused: allocating it per call showed up
        // as a tenth of ingest time.
        thread_local! {
            static LATTICE: std::cell::RefCell<lindera::dictionary::Lattice> = std::cell::RefCell::default();
        }
        let segmenter = segmenter();
        let tokens = LATTICE.with(|l| {
            let mut lattice = l.borrow_mut();
            segmenter.segment_with_lattice(text.into(), &mut lattice)
        });
        let Ok(tokens) = tokens else {
            return;
        };
        for mut tok in tokens {
            if !tok.surface.chars().any(is_wordy) {
                continue;
            }
            let (start, end) = (base + tok.byte_start, base + tok.byte_end);
            // Particles and auxiliary verbs are written in hiragana; only
            // those tokens need the (costly) part-of-speech lookup.
            let hiragana = tok.surface.chars().all(is_hiragana);
            if hiragana && is_stop_token(&mut tok) {
                sink.position += 1;
                continue;
            }
            let word = fold_long_vowel(&tok.surface).unwrap_or(&tok.surface);
            sink.push(word, start, end, false);
        }
    }
}

/// Unstemmed English words (letters then letters/digits, 3 to 40 long),
/// lowercased: the vocabulary typo correction suggests from.
#[derive(Clone, Default)]
pub struct VocabTokenizer;

pub fn vocab_words(text: &str) -> Vec<Token> {
    vocab_tokens(text).to_vec()
}

/// [`vocab_words`], each word once: the field only answers "does the
/// vocabulary have this word", so repeats would be wasted indexing.
fn vocab_tokens(text: &str) -> Tokens {
    let text = super::analyzed_part(text);
    // Lowercased once (same byte offsets): every word is a slice of it, and
    // the set of words seen holds slices, not a string per word.
    let lower = text.to_ascii_lowercase();
    let b = lower.as_bytes();
    let mut out = Tokens::pooled();
    let mut seen: rustc_hash::FxHashSet<&str> = rustc_hash::FxHashSet::default();
    let mut i = 0;
    while i < b.len() {
        if !b[i].is_ascii_alphabetic() {
            i += 1;
            continue;
        }
        // A word starts with a letter: the rest of `k8s` after `8` is not one.
        let mid_word = i > 0 && b[i - 1].is_ascii_alphanumeric();
        let start = i;
        while i < b.len() && b[i].is_ascii_alphanumeric() {
            i += 1;
        }
        if !mid_word && (3..=40).contains(&(i - start)) {
            let word = &lower[start..i];
            if seen.insert(word) {
                out.push(&[word], start, i, out.len());
            }
        }
    }
    out
}

impl Tokenizer for VocabTokenizer {
    type TokenStream<'a> = TokensStream;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> TokensStream {
        vocab_tokens(text).into_stream()
    }
}

/// [`JaTokenizer::analyze_light`] as a tantivy tokenizer, for snippets;
/// given the [`Sought`] terms, tokens that cannot be one carry no text.
#[derive(Clone, Default)]
pub struct LightTokenizer {
    pub sought: Option<std::sync::Arc<Sought>>,
}

impl Tokenizer for LightTokenizer {
    type TokenStream<'a> = TokensStream;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> TokensStream {
        JaTokenizer
            .light_tokens(text, self.sought.as_deref())
            .into_stream()
    }
}

impl Tokenizer for JaTokenizer {
    type TokenStream<'a> = TokensStream;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> TokensStream {
        self.analyze_tokens(text, None).into_stream()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn terms(text: &str) -> Vec<String> {
        JaTokenizer
            .analyze(text)
            .into_iter()
            .map(|t| t.text)
            .collect()
    }

    #[test]
    fn vocabulary_words_are_lowercase_unique_and_point_into_the_text() {
        let text = "Kyverno と OPA、kyverno policy K8s ab 8abc Gatekeeperの比較";
        let words = vocab_words(text);
        let texts: Vec<&str> = words.iter().map(|t| t.text.as_str()).collect();
        // `kyverno` once; `opa` (3 letters) kept; `ab` too short; `abc`
        // after `8` is not a word (a word starts with a letter).
        assert_eq!(texts, ["kyverno", "opa", "policy", "k8s", "gatekeeper"]);
        for t in &words {
            assert_eq!(
                text[t.offset_from..t.offset_to].to_ascii_lowercase(),
                t.text
            );
        }
        assert_eq!(
            words.iter().map(|t| t.position).collect::<Vec<_>>(),
            [0, 1, 2, 3, 4]
        );
    }

    #[test]
    fn japanese_sentence_loses_particles() {
        assert_eq!(
            terms("Kubernetesのネットワークを理解する"),
            vec!["kubernet", "ネットワーク", "理解", "する"]
        );
    }

    #[test]
    fn normalisation_and_long_vowel_folding() {
        assert_eq!(terms("ＧＫＥ"), vec!["gke"]);
        assert_eq!(terms("ｶｵｽ"), terms("カオス"));
        assert_eq!(terms("サーバー"), terms("サーバ"));
        assert_eq!(terms("オペレーター"), terms("オペレータ"));
    }

    #[test]
    fn english_stems_and_stop_words() {
        assert_eq!(terms("policies"), terms("policy"));
        assert_eq!(terms("Operators"), terms("operator"));
        assert_eq!(terms("the state of k8s"), vec!["state", "k8s"]);
        assert_eq!(terms("CRI-O"), vec!["cri", "o"]);
    }

    #[test]
    fn resolved_japanese_runs_skip_the_dictionary_but_keep_positions() {
        let tok = JaTokenizer;
        // The resolver's answer is marked, so the test sees that it was used.
        let known = |run: &str| (run == "セキュリティ").then(|| "RESOLVED".to_string());
        let fast: Vec<(usize, String)> = tok
            .analyze_with("GKEのセキュリティ the k8s", Some(&known))
            .into_iter()
            .map(|t| (t.position, t.text))
            .collect();
        let slow: Vec<(usize, String)> = tok
            .analyze("GKEセキュリティ the k8s")
            .into_iter()
            .map(|t| (t.position, t.text))
            .collect();
        assert_eq!(
            slow,
            vec![
                (0, "gke".into()),
                (1, "セキュリティ".into()),
                (3, "k8s".into())
            ]
        );
        // "のセキュリティ" is not a known run: it falls back to lindera.
        assert_eq!(
            fast.iter().map(|(_, t)| t.as_str()).collect::<Vec<_>>(),
            vec!["gke", "セキュリティ", "k8s"]
        );
        let fast: Vec<(usize, String)> = tok
            .analyze_with("GKEセキュリティ the k8s", Some(&known))
            .into_iter()
            .map(|t| (t.position, t.text))
            .collect();
        // The known run is the resolver's term, at the position lindera
        // would have given it.
        assert_eq!(
            fast,
            vec![(0, "gke".into()), (1, "RESOLVED".into()), (3, "k8s".into())]
        );
    }

    #[test]
    fn long_runs_are_cut_at_sentence_ends_without_losing_words() {
        let sentence = "コンテナの監視を設定した。";
        let long = sentence.repeat(1000);
        assert!(long.len() > MAX_RUN);
        let cut = split_point(&long);
        assert!(cut <= MAX_RUN && long[..cut].ends_with('。'));
        let n = terms(&long).iter().filter(|t| *t == "監視").count();
        assert_eq!(n, 1000);
        // No boundary at all: cut at a character boundary.
        let solid = "監".repeat(3000);
        let cut = split_point(&solid);
        assert!(solid.is_char_boundary(cut) && cut <= MAX_RUN);
    }

    #[test]
    fn absurdly_long_words_are_skipped() {
        let blob = "a".repeat(MAX_WORD + 1);
        assert_eq!(terms(&format!("{blob} kubernetes")), vec!["kubernet"]);
    }

    #[test]
    fn sought_light_tokens_keep_every_extent_and_every_sought_text() {
        let text = "Dying eBPF probes: eBPFでコンテナを観測する tying-knots v1.2 ebpfs";
        let all = JaTokenizer.light_tokens(text, None).to_vec();
        let sought = Sought::new(["ebpf", "コン", "knot"]);
        let some = JaTokenizer.light_tokens(text, Some(&sought)).to_vec();
        let extents = |v: &[Token]| -> Vec<(usize, usize)> {
            v.iter().map(|t| (t.offset_from, t.offset_to)).collect()
        };
        assert_eq!(extents(&all), extents(&some));
        for (a, b) in all.iter().zip(&some) {
            if sought.may_be(&a.text) {
                assert_eq!(a.text, b.text);
            } else {
                // Versions keep their text (they are not stemmed); the rest
                // that cannot be sought lose it.
                assert!(b.text.is_empty() || b.text == a.text, "{}", a.text);
            }
        }
        let kept: Vec<&str> = some
            .iter()
            .map(|t| t.text.as_str())
            .filter(|t| !t.is_empty())
            .collect();
        assert_eq!(
            kept,
            ["ebpf", "ebpf", "コン", "knot", "v1.2", "1.2", "ebpf"]
        );
        assert!(all.len() > kept.len() + 8, "{all:?}");
    }

    #[test]
    fn joined_words_split_into_pieces_with_their_offsets() {
        // Stop words are never longer than `is_en_stop`'s length check.
        assert!(super::super::english::EN_STOP.iter().all(|w| w.len() <= 4));
        let text = "Cri-O the_Operator's a.b-- x";
        let toks = JaTokenizer.analyze(text);
        let got: Vec<(&str, &str, usize)> = toks
            .iter()
            .map(|t| {
                (
                    t.text.as_str(),
                    &text[t.offset_from..t.offset_to],
                    t.position,
                )
            })
            .collect();
        assert_eq!(
            got,
            vec![
                ("cri", "Cri", 0),
                ("o", "O", 1),
                ("oper", "Operator", 3),
                ("b", "b", 6),
                ("x", "x", 7),
            ]
        );
    }

    #[test]
    fn versions_stay_whole() {
        assert_eq!(terms("Kubernetes 1.21"), vec!["kubernet", "1.21"]);
        assert_eq!(terms("v1.17"), vec!["v1.17", "1.17"]);
        let toks = JaTokenizer.analyze("v1.17 alpha");
        assert_eq!(
            toks[0].position, toks[1].position,
            "v1.17 and 1.17 share a position"
        );
    }

    #[test]
    fn offsets_are_in_the_original_text() {
        let text = "ＧＫＥでeBPF";
        let toks = JaTokenizer.analyze(text);
        assert_eq!(&text[toks[0].offset_from..toks[0].offset_to], "ＧＫＥ");
        let last = toks.last().unwrap();
        assert_eq!(&text[last.offset_from..last.offset_to], "eBPF");
    }
}
