//! Files for a distributed engine, for when one machine is not enough:
//! OpenSearch (an index mapping whose analyzers mirror kn's: kuromoji with
//! particles and auxiliaries dropped, width and case folded, katakana long
//! vowels stemmed, English stemmed, plus a bigram sub-field) with NDJSON bulk
//! files, and Quickwit (an index config with the `multilang` tokenizer,
//! lindera for Japanese, and bigram copies) with NDJSON documents.

use serde::Serialize;
use serde_json::json;

use crate::notes::date::Date;
use crate::notes::links::host;
use crate::notes::{Link, Topic};

/// Index name used in the bulk files and the Quickwit config.
pub const INDEX: &str = "kn-topics";

/// Topics per OpenSearch bulk file (a few MB: under the default 100 MB
/// `http.max_content_length`).
pub const BULK_TOPICS: usize = 5000;

/// One topic as both engines store it.
#[derive(Serialize)]
pub struct ExportDoc<'a> {
    pub id: &'a str,
    pub episode: &'a str,
    /// `YYYY-MM-DD` when known (malformed dates are left out).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub date: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub presenter: Option<&'a str>,
    pub title: &'a str,
    pub body: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub url: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub host: Option<String>,
    pub links: &'a [Link],
    pub file: &'a str,
    pub line: usize,
}

fn doc(t: &Topic) -> ExportDoc<'_> {
    // Only a whole day: the export's date fields are typed as dates.
    let date = t
        .date
        .as_deref()
        .filter(|d| Date::parse(d).and_then(Date::day).is_some());
    ExportDoc {
        id: &t.id,
        episode: &t.episode,
        date,
        presenter: t.presenter.as_deref(),
        title: &t.title,
        body: &t.body,
        url: t.url.as_deref(),
        host: t.url.as_deref().and_then(host),
        links: &t.links,
        file: &t.file,
        line: t.line,
    }
}

/// The action line and the document line of one topic.
pub fn opensearch_bulk(t: &Topic) -> String {
    let action = json!({ "index": { "_index": INDEX, "_id": t.id } });
    format!(
        "{}\n{}\n",
        super::safe::to_json(&action, false),
        super::safe::to_json(&doc(t), false)
    )
}

/// Index settings and mappings (`PUT kn-topics` with this body). Needs the
/// `analysis-kuromoji` plugin.
pub fn opensearch_mapping() -> String {
    let text = json!({
        "type": "text",
        "analyzer": "kn_ja",
        "fields": { "bigram": { "type": "text", "analyzer": "kn_bigram" } }
    });
    let mapping = json!({
        "settings": {
            "analysis": {
                "tokenizer": {
                    "kn_kuromoji": { "type": "kuromoji_tokenizer", "mode": "normal" },
                    "kn_bigram": {
                        "type": "ngram", "min_gram": 2, "max_gram": 2,
                        "token_chars": ["letter", "digit"]
                    }
                },
                "filter": {
                    "kn_pos": {
                        "type": "kuromoji_part_of_speech",
                        "stoptags": ["助詞", "助詞-格助詞", "助詞-格助詞-一般", "助詞-格助詞-引用",
                            "助詞-格助詞-連語", "助詞-接続助詞", "助詞-係助詞", "助詞-副助詞",
                            "助詞-間投助詞", "助詞-並立助詞", "助詞-終助詞", "助詞-副助詞／並立助詞／終助詞",
                            "助詞-連体化", "助詞-副詞化", "助詞-特殊", "助動詞", "記号", "記号-一般",
                            "記号-読点", "記号-句点", "記号-空白", "記号-括弧開", "記号-括弧閉"]
                    },
                    "kn_long_vowel": { "type": "kuromoji_stemmer", "minimum_length": 4 },
                    "kn_english": { "type": "stemmer", "language": "english" }
                },
                "analyzer": {
                    "kn_ja": {
                        "type": "custom",
                        "tokenizer": "kn_kuromoji",
                        "filter": ["cjk_width", "lowercase", "kn_pos", "kn_long_vowel", "kn_english"]
                    },
                    "kn_bigram": {
                        "type": "custom",
                        "tokenizer": "kn_bigram",
                        "filter": ["cjk_width", "lowercase"]
                    }
                }
            }
        },
        "mappings": {
            "dynamic": "strict",
            "properties": {
                "id": { "type": "keyword" },
                "episode": { "type": "keyword" },
                "date": { "type": "date", "format": "yyyy-MM-dd" },
                "presenter": { "type": "keyword" },
                "title": text,
                "body": text,
                "url": { "type": "keyword" },
                "host": { "type": "keyword" },
                "links": {
                    "properties": {
                        "title": { "type": "text", "analyzer": "kn_ja" },
                        "url": { "type": "keyword" }
                    }
                },
                "file": { "type": "keyword", "index": false },
                "line": { "type": "integer", "index": false }
            }
        }
    });
    super::safe::to_json(&mapping, true)
}

/// One topic as a Quickwit document: the same fields, plus bigram copies of
/// title and body (Quickwit has no sub-fields).
pub fn quickwit_doc(t: &Topic) -> String {
    #[derive(Serialize)]
    struct QuickwitDoc<'a> {
        #[serde(flatten)]
        doc: ExportDoc<'a>,
        title_bigram: &'a str,
        body_bigram: &'a str,
    }
    let line = QuickwitDoc {
        doc: doc(t),
        title_bigram: &t.title,
        body_bigram: &t.body,
    };
    format!("{}\n", super::safe::to_json(&line, false))
}

/// The Quickwit index config (`quickwit index create --index-config`).
pub fn quickwit_config() -> String {
    format!(
        r#"# kn topics for Quickwit:
#   quickwit index create --index-config index-config.yaml
#   quickwit index ingest --index {INDEX} --input-path topics.ndjson
# `multilang` segments Japanese with lindera (IPADIC), like kn; the *_bigram
# copies give the recall of kn's bigram fields.
version: 0.8
index_id: {INDEX}
doc_mapping:
  mode: strict
  tokenizers:
    - name: kn_bigram
      type: ngram
      min_gram: 2
      max_gram: 2
      filters: [lower_caser]
  field_mappings:
    - {{name: id, type: text, tokenizer: raw, fast: true}}
    - {{name: episode, type: text, tokenizer: raw, fast: true}}
    - {{name: date, type: datetime, input_formats: ["%Y-%m-%d"], fast: true}}
    - {{name: presenter, type: text, tokenizer: raw, fast: true}}
    - {{name: title, type: text, tokenizer: multilang, record: position}}
    - {{name: body, type: text, tokenizer: multilang, record: position}}
    - {{name: title_bigram, type: text, tokenizer: kn_bigram, record: position, stored: false}}
    - {{name: body_bigram, type: text, tokenizer: kn_bigram, record: position, stored: false}}
    - {{name: url, type: text, tokenizer: raw}}
    - {{name: host, type: text, tokenizer: raw, fast: true}}
    - name: links
      type: array<json>
      tokenizer: multilang
    - {{name: file, type: text, tokenizer: raw, indexed: false}}
    - {{name: line, type: u64, indexed: false}}
search_settings:
  default_search_fields: [title, body, title_bigram, body_bigram]
"#
    )
}
