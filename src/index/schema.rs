//! The tantivy schema of a topic document and the analyzer registration.

use tantivy::Index;
use tantivy::schema::{
    Field, INDEXED, IndexRecordOption, STORED, STRING, Schema, TextFieldIndexing, TextOptions,
};

use crate::analysis::{JA, JaTokenizer};

/// Handles to every field, resolved once per process.
#[derive(Clone, Copy, Debug)]
pub struct Fields {
    pub id: Field,
    pub episode: Field,
    /// Numeric part of the episode, for filters and ordering.
    pub episode_no: Field,
    pub presenter: Field,
    pub date: Field,
    pub title: Field,
    pub body: Field,
    /// Anchor texts and URLs of every link in the topic.
    pub links: Field,
    pub url: Field,
    pub host: Field,
    /// JSON of what only display needs: links, images, file, line.
    pub payload: Field,
}

fn ja_text(stored: bool) -> TextOptions {
    let indexing = TextFieldIndexing::default()
        .set_tokenizer(JA)
        .set_index_option(IndexRecordOption::WithFreqsAndPositions);
    let opts = TextOptions::default().set_indexing_options(indexing);
    if stored { opts.set_stored() } else { opts }
}

pub fn build() -> (Schema, Fields) {
    let mut b = Schema::builder();
    let fields = Fields {
        id: b.add_text_field("id", STRING | STORED),
        episode: b.add_text_field("episode", STRING | STORED),
        episode_no: b.add_u64_field("episode_no", INDEXED),
        presenter: b.add_text_field("presenter", STRING | STORED),
        date: b.add_text_field("date", STRING | STORED),
        title: b.add_text_field("title", ja_text(true)),
        body: b.add_text_field("body", ja_text(true)),
        links: b.add_text_field("links", ja_text(false)),
        url: b.add_text_field("url", STRING | STORED),
        host: b.add_text_field("host", STRING),
        payload: b.add_text_field("payload", STORED),
    };
    (b.build(), fields)
}

/// Resolves field handles from an opened index's schema.
pub fn fields(schema: &Schema) -> tantivy::Result<Fields> {
    let f = |name: &str| schema.get_field(name);
    Ok(Fields {
        id: f("id")?,
        episode: f("episode")?,
        episode_no: f("episode_no")?,
        presenter: f("presenter")?,
        date: f("date")?,
        title: f("title")?,
        body: f("body")?,
        links: f("links")?,
        url: f("url")?,
        host: f("host")?,
        payload: f("payload")?,
    })
}

/// Registers kn's analyzers on an index (required before indexing or querying).
pub fn register(index: &Index) {
    index.tokenizers().register(JA, JaTokenizer::default());
}
