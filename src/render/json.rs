//! The `--json` shapes (documented in README.md; keep them stable).

use serde::Serialize;

use crate::notes::Episode;
use crate::notes::{Link, Topic};
use crate::search::{Hit, Understood};

/// `--json`: one pretty document; `--jsonl`: one compact object per line
/// (for a list, one line per element).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum JsonForm {
    Pretty,
    Lines,
}

/// A list as a JSON array, or as JSON Lines.
pub fn list<T: Serialize>(items: &[T], form: JsonForm) -> String {
    match form {
        JsonForm::Pretty => super::safe::to_json(items, true),
        JsonForm::Lines => items
            .iter()
            .map(|i| super::safe::to_json(i, false))
            .collect::<Vec<_>>()
            .join("\n"),
    }
}

/// One object, pretty or on one line.
pub fn one<T: Serialize + ?Sized>(item: &T, form: JsonForm) -> String {
    super::safe::to_json(item, form == JsonForm::Pretty)
}

#[derive(Serialize)]
pub struct SearchResult<'a> {
    pub id: &'a str,
    pub episode: &'a str,
    pub date: Option<&'a str>,
    pub presenter: Option<&'a str>,
    pub title: &'a str,
    pub url: Option<&'a str>,
    pub links: &'a [Link],
    pub snippet: &'a str,
    /// `[start, end)` character offsets of query hits in `snippet`.
    pub highlights: Vec<[usize; 2]>,
    pub score: f32,
    /// `all` the query's words, or only `some` of them (listed after all).
    pub matched: &'static str,
    pub file: &'a str,
    pub line: usize,
    /// Other topics about the same URL (other episodes or presenters).
    pub also: Vec<AlsoJson<'a>>,
}

#[derive(Serialize)]
pub struct AlsoJson<'a> {
    pub id: &'a str,
    pub episode: &'a str,
    pub date: Option<&'a str>,
    pub presenter: Option<&'a str>,
}

pub fn search(hits: &[Hit], form: JsonForm) -> String {
    list(&search_results(hits), form)
}

/// `kn search --explain --json`: `{"understood": …, "results": [...]}`;
/// with `--jsonl`, a first line `{"understood": …}` and then one result per
/// line. (Without `--explain` the shapes stay a plain list.)
pub fn search_explained(hits: &[Hit], understood: &Understood, form: JsonForm) -> String {
    #[derive(Serialize)]
    struct Explained<'a> {
        understood: &'a Understood,
        #[serde(skip_serializing_if = "Option::is_none")]
        results: Option<Vec<SearchResult<'a>>>,
    }
    match form {
        JsonForm::Pretty => one(
            &Explained {
                understood,
                results: Some(search_results(hits)),
            },
            form,
        ),
        JsonForm::Lines => {
            let head = one(
                &Explained {
                    understood,
                    results: None,
                },
                form,
            );
            if hits.is_empty() {
                head
            } else {
                format!("{head}\n{}", list(&search_results(hits), form))
            }
        }
    }
}

fn search_results(hits: &[Hit]) -> Vec<SearchResult<'_>> {
    hits.iter()
        .map(|h| SearchResult {
            id: &h.topic.id,
            episode: &h.topic.episode,
            date: h.topic.date.as_deref(),
            presenter: h.topic.presenter.as_deref(),
            title: &h.topic.title,
            url: h.topic.url.as_deref(),
            links: &h.topic.links,
            snippet: &h.snippet.text,
            highlights: h.snippet.highlights.iter().map(|&(a, b)| [a, b]).collect(),
            score: (h.score * 1000.0).round() / 1000.0,
            matched: if h.partial { "some" } else { "all" },
            file: &h.topic.file,
            line: h.topic.line,
            also: h
                .also
                .iter()
                .map(|a| AlsoJson {
                    id: &a.id,
                    episode: &a.episode,
                    date: a.date.as_deref(),
                    presenter: a.presenter.as_deref(),
                })
                .collect(),
        })
        .collect()
}

#[derive(Serialize)]
pub struct ShowTopic<'a> {
    pub id: &'a str,
    pub presenter: Option<&'a str>,
    pub title: &'a str,
    pub url: Option<&'a str>,
    pub links: &'a [Link],
    pub images: &'a [Link],
    pub body: &'a str,
    pub file: &'a str,
    pub line: usize,
}

#[derive(Serialize)]
pub struct ShowEpisode<'a> {
    pub episode: &'a str,
    pub date: Option<&'a str>,
    pub date_raw: Option<&'a str>,
    pub host: Option<&'a str>,
    pub guests: &'a [String],
    pub video: Option<&'a str>,
    pub links: &'a [Link],
    pub files: &'a [String],
    pub topics: Vec<ShowTopic<'a>>,
}

fn show_topic(t: &Topic) -> ShowTopic<'_> {
    ShowTopic {
        id: &t.id,
        presenter: t.presenter.as_deref(),
        title: &t.title,
        url: t.url.as_deref(),
        links: &t.links,
        images: &t.images,
        body: &t.body,
        file: &t.file,
        line: t.line,
    }
}

pub fn show(ep: &Episode, topics: &[Topic], form: JsonForm) -> String {
    let out = ShowEpisode {
        episode: &ep.episode,
        date: ep.date.as_deref(),
        date_raw: ep.date_raw.as_deref(),
        host: ep.host.as_deref(),
        guests: &ep.guests,
        video: ep.video.as_deref(),
        links: &ep.links,
        files: &ep.files,
        topics: topics.iter().map(show_topic).collect(),
    };
    one(&out, form)
}

#[derive(Serialize)]
pub struct EpisodeJson<'a> {
    pub episode: &'a str,
    pub date: Option<&'a str>,
    pub date_raw: Option<&'a str>,
    pub host: Option<&'a str>,
    pub guests: &'a [String],
    pub video: Option<&'a str>,
    pub topics: usize,
    pub files: &'a [String],
}

pub fn episodes(eps: &[Episode], form: JsonForm) -> String {
    let out: Vec<EpisodeJson> = eps
        .iter()
        .map(|e| EpisodeJson {
            episode: &e.episode,
            date: e.date.as_deref(),
            date_raw: e.date_raw.as_deref(),
            host: e.host.as_deref(),
            guests: &e.guests,
            video: e.video.as_deref(),
            topics: e.topic_count,
            files: &e.files,
        })
        .collect();
    list(&out, form)
}

#[derive(Serialize)]
pub struct TopicLine<'a> {
    pub episode: &'a str,
    pub date: Option<&'a str>,
    #[serde(flatten)]
    pub topic: ShowTopic<'a>,
}

/// One topic as a single JSON line (`kn export`): the `show --json` topic
/// plus its episode and date.
pub fn topic_line(t: &Topic) -> String {
    super::safe::to_json(
        &TopicLine {
            episode: &t.episode,
            date: t.date.as_deref(),
            topic: show_topic(t),
        },
        false,
    )
}
