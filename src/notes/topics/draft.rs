//! A topic under construction, and the rules that shape one: its title,
//! which list items title links of their own, and when a plain heading's
//! bare URLs are unrelated topics.

use std::collections::HashSet;

use super::super::{Link, links};
use super::blocks::{Inline, push_text};

/// A topic under construction.
#[derive(Debug, Clone)]
pub(super) struct Draft {
    pub(super) presenter: Option<String>,
    pub(super) title: String,
    pub(super) url: Option<String>,
    pub(super) links: Vec<Link>,
    pub(super) images: Vec<Link>,
    pub(super) body: String,
    pub(super) line: usize,
    /// `Some(level)` for topics started by a heading: deeper headings and all
    /// following blocks belong to it until a heading of the same or a higher level.
    pub(super) heading: Option<u8>,
    /// Started by a heading without a link of its own (`#### 宣伝`).
    pub(super) plain_heading: bool,
}

impl Draft {
    pub(super) fn from_inline(
        inline: Inline,
        title: String,
        presenter: Option<String>,
        line: usize,
        heading: Option<u8>,
    ) -> Self {
        let mut links = inline.links.into_iter();
        let url = links.next().map(|l| l.url);
        let body = if heading.is_some() {
            String::new()
        } else {
            inline.text
        };
        Draft {
            presenter,
            title,
            url,
            links: links.collect(),
            images: inline.images,
            body,
            line,
            heading,
            plain_heading: false,
        }
    }

    pub(super) fn absorb(&mut self, inline: Inline) {
        push_text(&mut self.body, &inline.text);
        for link in inline.links {
            if self.url.is_none() {
                self.url = Some(link.url);
            } else {
                self.links.push(link);
            }
        }
        self.images.extend(inline.images);
    }
}

pub(super) fn title_of(inline: &Inline) -> String {
    // (A leading link with an empty destination, `[x](<>)`, is dropped from
    // `links`: then the text decides.)
    let raw = if let Some(first) = inline.links.first().filter(|_| inline.starts_with_link) {
        first.title.clone()
    } else {
        // `AWS App Runner のご紹介(https://…)`: the URL is not part of the title.
        let line = inline.first_line();
        let mut t = line.to_string();
        for l in &inline.links {
            t = t.replace(&l.url, "");
        }
        let t = t.replace("()", " ").replace("（）", " ");
        if t.trim().is_empty() {
            line.to_string()
        } else {
            t
        }
    };
    let raw = raw
        .trim()
        .trim_start_matches(['-', '*', '+', '・', '〇', '○'])
        .trim();
    let mut title: String = raw.split_whitespace().collect::<Vec<_>>().join(" ");
    if title.chars().count() > 120 {
        title = title.chars().take(119).collect::<String>() + "…";
    }
    title
}

/// A list item whose first line is its own title and whose links all come
/// below it (`- CVE-2021-31440: container escape` over nested bare URLs),
/// unlike `スライド（https://…）`, whose link is on its first line.
pub(super) fn titles_own_links(item: &Inline) -> bool {
    let first = item.first_line();
    !item.starts_with_link
        && !first.is_empty()
        && !item.links.is_empty()
        && item
            .links
            .iter()
            .all(|l| !first.contains(&l.url) && !first.contains(&l.title))
}

/// List items gathered into one run of text and links, in order.
pub(super) fn merged(items: impl Iterator<Item = Inline>) -> Inline {
    let mut out = Inline::default();
    for (n, item) in items.enumerate() {
        if n == 0 {
            out.starts_with_link = item.starts_with_link;
        }
        push_text(&mut out.text, &item.text);
        out.links.extend(item.links);
        out.images.extend(item.images);
    }
    out
}

/// A plain heading over nothing but bare URLs on different sites
/// (`#### 宣伝` over a book and an event): nothing ties the links
/// together, so each is a topic of its own under the heading's title.
/// Links of one site, or with words of their own, stay one topic.
pub(super) fn split_unrelated_urls(d: Draft) -> Vec<Draft> {
    // Cheap tests first: nearly every heading topic fails one of them, and
    // only the rare survivor pays for scanning its body and parsing URLs.
    if !d.plain_heading || d.links.is_empty() || d.links.iter().any(|l| l.title != l.url) {
        return vec![d];
    }
    let urls: Vec<&str> = d
        .url
        .iter()
        .map(String::as_str)
        .chain(d.links.iter().map(|l| l.url.as_str()))
        .collect();
    let only_urls = || {
        d.body.lines().map(str::trim).all(|l| {
            let l = l.trim_start_matches(['-', '*', '+']).trim();
            let l = l.trim_start_matches('<').trim_end_matches('>');
            l.is_empty() || urls.contains(&l)
        })
    };
    let distinct_hosts = || {
        let hosts: HashSet<Option<String>> = urls.iter().map(|u| links::host(u)).collect();
        hosts.len() == urls.len() && !hosts.contains(&None)
    };
    let unrelated = urls.len() >= 2 && only_urls() && distinct_hosts();
    if !unrelated {
        return vec![d];
    }
    let Draft {
        presenter,
        title,
        url,
        links,
        mut images,
        line,
        heading,
        ..
    } = d;
    url.into_iter()
        .chain(links.into_iter().map(|l| l.url))
        .map(|u| Draft {
            presenter: presenter.clone(),
            title: title.clone(),
            url: Some(u),
            links: Vec::new(),
            images: std::mem::take(&mut images),
            body: String::new(),
            line,
            heading,
            plain_heading: true,
        })
        .collect()
}
