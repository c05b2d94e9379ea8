//! Text analysis shared by indexing and querying: normalisation and the
//! lindera-based Japanese tokenizer, registered with tantivy under [`JA`].

pub mod dictionary;
pub mod normalize;
pub mod tokenizer;

pub use tokenizer::{JA, JaTokenizer, segmenter};
