//! The tantivy schema of a topic document and the analyzer registration.

use tantivy::Index;
use tantivy::schema::{
    FAST, Field, INDEXED, IndexRecordOption, STORED, STRING, Schema, TextFieldIndexing, TextOptions,
};

use crate::analysis::tokenizer::VocabTokenizer;
use crate::analysis::{JA, JaTokenizer, NGRAM, NgramTokenizer};

/// Tokenizer of the `vocab` field: raw (unstemmed) English words, the
/// dictionary typo correction picks its suggestions from.
pub const VOCAB: &str = "kn_vocab";

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
    /// [`crate::notes::links::url_key`] of `url` (fast field): grouping by URL
    /// reads it instead of the stored document.
    pub url_key: Field,
    pub host: Field,
    /// JSON of what only display needs: links, images, file, line.
    pub payload: Field,
    /// Character bigrams of title and body (recall for compounds).
    pub title_ng: Field,
    pub body_ng: Field,
    /// Recording date as YYYYMMDD (YYYYMM00 when the day is unknown).
    pub date_num: Field,
    /// Unstemmed English words of the topic, for typo suggestions.
    pub vocab: Field,
    /// The presenter's name and every alias, so `ry kyverno` finds ryojsb's
    /// kyverno topics without `presenter:`.
    pub people: Field,
    /// `topic` or `episode`: episode documents hold the merged header.
    pub kind: Field,
    /// Episode number of an episode document (topics use `episode`).
    pub ep_key: Field,
    /// Abbreviations the topic defines, as `short\u{1f}long form` terms
    /// (`analysis::abbrev`): search reads them from the term dictionary.
    pub abbr: Field,
    /// JSON of an episode document.
    pub ep_json: Field,
}

/// Name of the [`Fields::url_key`] fast field.
pub const URL_KEY: &str = "url_key";

pub const KIND_TOPIC: &str = "topic";
pub const KIND_EPISODE: &str = "episode";

fn ja_text(stored: bool) -> TextOptions {
    text_with(JA, stored, IndexRecordOption::WithFreqsAndPositions)
}

fn text_with(tokenizer: &str, stored: bool, record: IndexRecordOption) -> TextOptions {
    let indexing = TextFieldIndexing::default()
        .set_tokenizer(tokenizer)
        .set_index_option(record);
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
        url_key: b.add_u64_field(URL_KEY, FAST),
        host: b.add_text_field("host", STRING),
        payload: b.add_text_field("payload", STORED),
        title_ng: b.add_text_field(
            "title_ng",
            text_with(NGRAM, false, IndexRecordOption::WithFreqsAndPositions),
        ),
        body_ng: b.add_text_field(
            "body_ng",
            text_with(NGRAM, false, IndexRecordOption::WithFreqsAndPositions),
        ),
        date_num: b.add_u64_field("date_num", INDEXED | FAST),
        vocab: b.add_text_field("vocab", text_with(VOCAB, false, IndexRecordOption::Basic)),
        people: b.add_text_field("people", ja_text(false)),
        kind: b.add_text_field("kind", STRING),
        ep_key: b.add_text_field("ep_key", STRING),
        ep_json: b.add_text_field("ep_json", STORED),
        abbr: b.add_text_field("abbr", STRING),
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
        url_key: f(URL_KEY)?,
        host: f("host")?,
        payload: f("payload")?,
        title_ng: f("title_ng")?,
        body_ng: f("body_ng")?,
        date_num: f("date_num")?,
        vocab: f("vocab")?,
        people: f("people")?,
        kind: f("kind")?,
        ep_key: f("ep_key")?,
        ep_json: f("ep_json")?,
        abbr: f("abbr")?,
    })
}

/// Registers kn's analyzers on an index (required before indexing or querying).
pub fn register(index: &Index) {
    index.tokenizers().register(JA, JaTokenizer);
    index.tokenizers().register(NGRAM, NgramTokenizer);
    index.tokenizers().register(VOCAB, VocabTokenizer);
}

/// What the `payload` field stores: only display needs it (JSON).
#[derive(serde::Serialize)]
pub struct PayloadOut<'a> {
    pub links: &'a [crate::notes::Link],
    pub images: &'a [crate::notes::Link],
    pub file: &'a str,
    pub line: usize,
}

/// [`PayloadOut`] read back; missing parts default.
#[derive(serde::Deserialize, Default)]
pub struct PayloadIn {
    #[serde(default)]
    pub links: Vec<crate::notes::Link>,
    #[serde(default)]
    pub images: Vec<crate::notes::Link>,
    #[serde(default)]
    pub file: String,
    #[serde(default)]
    pub line: usize,
}
