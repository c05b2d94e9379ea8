//! Topics and episodes as tantivy documents: which field holds what, and
//! the values index and query must agree on (a date as a number:
//! [`Date::num`]).

use tantivy::TantivyDocument;

use super::schema::{self, Fields, KIND_EPISODE, KIND_TOPIC};
use crate::analysis::abbrev;
use crate::notes::date::Date;
use crate::notes::{Aliases, Topic, links};
use crate::notes::{Episode, episode_order};

/// The tantivy document of one topic (public for `benches/throughput.rs`).
pub fn topic_doc(f: &Fields, t: &Topic, aliases: &Aliases) -> TantivyDocument {
    let mut doc = TantivyDocument::default();
    doc.add_text(f.kind, KIND_TOPIC);
    doc.add_text(f.id, &t.id);
    doc.add_text(f.episode, &t.episode);
    doc.add_u64(f.episode_no, episode_order(&t.episode).0);
    doc.add_text(
        f.presenter,
        t.presenter
            .as_deref()
            .map_or_else(String::new, |p| aliases.key(p)),
    );
    doc.add_text(f.date, t.date.as_deref().unwrap_or(""));
    if let Some(p) = &t.presenter {
        let mut names = aliases.spellings_of(p);
        names.push(p.clone());
        doc.add_text(f.people, names.join(" "));
    }
    doc.add_text(f.title, &t.title);
    doc.add_text(f.body, &t.body);
    doc.add_text(f.title_ng, &t.title);
    doc.add_text(f.body_ng, &t.body);
    if let Some(date) = t.date.as_deref().and_then(Date::parse) {
        doc.add_u64(f.date_num, date.num());
    }
    let mut link_text = String::new();
    for l in t.url.iter().map(String::as_str).chain(
        t.links
            .iter()
            .flat_map(|l| [l.title.as_str(), l.url.as_str()]),
    ) {
        link_text.push_str(l);
        link_text.push('\n');
    }
    doc.add_text(f.links, &link_text);
    doc.add_text(f.vocab, format!("{}\n{}\n{link_text}", t.title, t.body));
    for text in [&t.title, &t.body] {
        for d in abbrev::definitions(crate::analysis::analyzed_part(text)) {
            doc.add_text(f.abbr, d.term());
        }
    }
    if let Some(url) = &t.url {
        doc.add_text(f.url, url);
        doc.add_u64(f.url_key, links::url_key(url));
        if let Some(host) = links::host(url) {
            // `link.medium.com` is also findable as `site:medium.com`.
            let mut h = host.as_str();
            loop {
                doc.add_text(f.host, h);
                match h.split_once('.') {
                    Some((_, rest)) if rest.contains('.') => h = rest,
                    _ => break,
                }
            }
        }
    }
    let payload = schema::PayloadOut {
        links: &t.links,
        images: &t.images,
        file: &t.file,
        line: t.line,
    };
    doc.add_text(
        f.payload,
        serde_json::to_string(&payload).expect("plain data serialises"),
    );
    doc
}

pub(super) fn episode_doc(f: &Fields, ep: &Episode) -> TantivyDocument {
    let mut doc = TantivyDocument::default();
    doc.add_text(f.kind, KIND_EPISODE);
    doc.add_text(f.ep_key, &ep.episode);
    doc.add_text(
        f.ep_json,
        serde_json::to_string(ep).expect("plain data serialises"),
    );
    doc
}
