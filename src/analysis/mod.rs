//! Text analysis shared by indexing and querying: normalisation, the
//! lindera-based morphological tokenizer ([`JA`]), the bigram tokenizer
//! ([`NGRAM`]) and synonyms. Registered with tantivy by `index::schema`.

pub mod abbrev;
pub mod dictionary;
pub mod english;
pub mod lexicon;
pub mod morphemes;
pub mod ngram;
pub mod normalize;
pub mod sought;
pub mod synonyms;
pub mod tokenizer;
pub mod tokens;
pub mod translit;
pub mod wordlist;

pub use ngram::{NGRAM, NgramTokenizer};
pub use synonyms::Synonyms;
pub use tokenizer::{JA, JaTokenizer, LightTokenizer, segmenter};

/// At most this many bytes of one field value are analysed (the text itself
/// is stored whole). A 10 MB single-line note would otherwise cost a
/// gigabyte of token buffers; one topic past 1 MiB is not prose anyway, and
/// ingest warns about it.
pub const MAX_ANALYZED: usize = 1 << 20;

/// The part of `text` that is analysed: at most [`MAX_ANALYZED`] bytes, cut
/// at a character boundary.
pub fn analyzed_part(text: &str) -> &str {
    if text.len() <= MAX_ANALYZED {
        return text;
    }
    let mut end = MAX_ANALYZED;
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    &text[..end]
}

/// The JMdict/EDICT lexicon compiled into kn (`build/lexicon.rs`):
/// Japanese ↔ English for nouns and verbal nouns. © EDRDG, CC BY-SA 3.0.
pub fn lexicon() -> &'static lexicon::Lexicon {
    static LEXICON: std::sync::LazyLock<lexicon::Lexicon> = std::sync::LazyLock::new(|| {
        lexicon::Lexicon::from_bytes(include_bytes!(concat!(env!("OUT_DIR"), "/lexicon.bin")))
            .expect("the lexicon built with kn is valid")
    });
    &LEXICON
}
