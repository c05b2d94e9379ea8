//! Text analysis shared by indexing and querying: normalisation, the
//! lindera-based morphological tokenizer ([`JA`]), the bigram tokenizer
//! ([`NGRAM`]) and synonyms. Registered with tantivy by `index::schema`.

pub mod dictionary;
pub mod ngram;
pub mod normalize;
pub mod synonyms;
pub mod tokenizer;
pub mod tokens;

pub use ngram::{NGRAM, NgramTokenizer};
pub use synonyms::Synonyms;
pub use tokenizer::{JA, JaTokenizer, LightTokenizer, segmenter};
