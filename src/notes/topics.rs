//! The topic splitter: one markdown file → episode header, presenter sections
//! and link-level topics.
//!
//! Two passes. First pulldown-cmark's events are folded into a flat list of
//! top-level [`Block`]s, each with its text, links and images already
//! collected (bare URLs and HTML `href`s included: `topics/blocks.rs`). Then
//! a small state machine (here; the topics it builds and the rules that
//! shape them are in `topics/draft.rs`)
//! walks the blocks and decides what is a header line, a presenter heading, a
//! topic (heading with a link, top-level bullet with a link, heading followed
//! by bullets, paragraph with a link) or loose text. A last check compares
//! every URL in the raw file with what was collected, so no link is ever lost:
//! anything the splitter did not place is kept on the episode with a warning.

use std::collections::{HashMap, HashSet};
use std::sync::LazyLock;

use regex::Regex;

use super::header::{self, EpisodeHeader, HeaderField};
use super::links::{bare_link, bare_url_spans};
use super::presenters::{Aliases, clean, profile_handle};
use super::{Link, ParsedFile, Placement, Topic, Warning};

mod blocks;
mod draft;

use blocks::{Block, BlockKind, Inline, Lines, blocks, push_text};
use draft::{Draft, merged, split_unrelated_urls, title_of, titles_own_links};

static NETA: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^(\S+?)\s*(?:の)?ネタ$").expect("valid regex"));
static ABSENT: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"\s*[(（]\s*(?:欠席|お休み|absent)\s*[)）]\s*$").expect("valid regex")
});

/// If a heading introduces a presenter's section, the canonical name.
fn presenter_heading(level: u8, inline: &Inline, aliases: &Aliases) -> Option<String> {
    let text = ABSENT.replace(inline.text.trim(), "").trim().to_string();
    // `ends_with` first: capture searches cost far more than a match test,
    // and this runs for every heading.
    if text.ends_with("ネタ")
        && let Some(c) = NETA.captures(&text)
    {
        return Some(aliases.canonical(&c[1]));
    }
    if level < 2 {
        return None;
    }
    if text.starts_with(['@', '＠'])
        && inline
            .links
            .iter()
            .all(|l| profile_handle(&l.url).is_some())
    {
        let name = text.split_whitespace().next().unwrap_or("");
        let name = clean(name);
        if !name.is_empty() {
            return Some(aliases.canonical(&name));
        }
    }
    if inline.links.len() == 1 && inline.starts_with_link {
        let link = &inline.links[0];
        let rest = clean(text.trim_start_matches(link.title.as_str()));
        if let Some(handle) = profile_handle(&link.url)
            && rest.is_empty()
        {
            let by_text = aliases.lookup(&link.title).map(str::to_string);
            let by_handle = aliases.lookup(&handle).map(str::to_string);
            return Some(by_text.or(by_handle).unwrap_or(handle));
        }
    }
    if inline.links.is_empty() && !text.contains(char::is_whitespace) {
        return aliases.lookup(&text).map(str::to_string);
    }
    None
}

fn is_contents_heading(text: &str) -> bool {
    matches!(
        text.trim().to_lowercase().as_str(),
        "contents" | "目次" | "topics" | "agenda"
    )
}

struct Splitter<'a> {
    path: &'a str,
    placement: &'a Placement,
    aliases: &'a Aliases,
    file_presenter: Option<String>,
    presenter: Option<String>,
    header: Option<EpisodeHeader>,
    in_header: bool,
    current: Option<Draft>,
    /// Loose linkless text of the current section, kept as a note topic.
    note: Option<Draft>,
    /// A linkless paragraph that may title the list that follows it.
    pending: Option<(usize, Inline)>,
    /// Index into `done` of the last topic of the current section.
    last_in_section: Option<usize>,
    done: Vec<Draft>,
    episode_links: Vec<Link>,
    warnings: Vec<Warning>,
}

impl<'a> Splitter<'a> {
    fn warn(&mut self, line: Option<usize>, message: String) {
        self.warnings.push(Warning {
            file: self.path.to_string(),
            line,
            message,
        });
    }

    fn finish_current(&mut self) {
        if let Some(d) = self.current.take() {
            self.done.extend(split_unrelated_urls(d));
            self.last_in_section = Some(self.done.len() - 1);
        }
    }

    fn flush_pending(&mut self) {
        if let Some((line, inline)) = self.pending.take() {
            self.loose(line, inline);
        }
    }

    /// Linkless text outside any topic: commentary on the previous topic of
    /// the section, or else a note of its own.
    fn loose(&mut self, line: usize, inline: Inline) {
        if let Some(i) = self.last_in_section {
            self.done[i].absorb(inline);
            return;
        }
        match self.note.as_mut() {
            Some(n) => n.absorb(inline),
            None => {
                let title = title_of(&inline);
                let mut d = Draft::from_inline(
                    Inline::default(),
                    title,
                    self.presenter.clone(),
                    line,
                    None,
                );
                d.absorb(inline);
                self.note = Some(d);
            }
        }
    }

    fn end_section(&mut self) {
        self.flush_pending();
        self.finish_current();
        if let Some(n) = self.note.take() {
            self.done.push(n);
        }
        self.last_in_section = None;
    }

    fn push_topic(&mut self, draft: Draft) {
        self.finish_current();
        self.done.push(draft);
        self.last_in_section = Some(self.done.len() - 1);
    }

    fn heading(&mut self, level: u8, line: usize, inline: Inline) {
        let text = inline.text.trim().to_string();
        if level == 1
            && let Some(number) = header::episode_number(&text)
        {
            self.end_section();
            if number != self.placement.episode {
                self.warn(
                    Some(line),
                    format!(
                        "heading says episode {number} but the file is placed in episode {}",
                        self.placement.episode
                    ),
                );
            }
            if self.header.is_some() {
                self.warn(
                    Some(line),
                    "second episode heading in one file; its header lines are ignored".into(),
                );
            } else {
                self.header = Some(EpisodeHeader {
                    number,
                    ..Default::default()
                });
                self.in_header = true;
            }
            return;
        }
        self.in_header = false;
        if let Some(name) = presenter_heading(level, &inline, self.aliases) {
            self.end_section();
            self.presenter = Some(name);
            self.episode_links.extend(inline.links);
            return;
        }
        if is_contents_heading(&text) || (level == 1 && inline.links.is_empty()) {
            self.end_section();
            self.presenter = self.file_presenter.clone();
            return;
        }
        // A sub-heading inside a heading topic (`##### Tool` under `####`).
        if let Some(cur) = self.current.as_mut()
            && cur.heading.is_some_and(|l| l < level)
        {
            cur.absorb(inline);
            return;
        }
        self.flush_pending();
        self.finish_current();
        let title = if text.is_empty() {
            inline
                .links
                .first()
                .map(|l| l.url.clone())
                .unwrap_or_default()
        } else {
            text
        };
        let title = title.split_whitespace().collect::<Vec<_>>().join(" ");
        let plain_heading = inline.links.is_empty();
        let mut d = Draft::from_inline(inline, title, self.presenter.clone(), line, Some(level));
        d.plain_heading = plain_heading;
        self.current = Some(d);
    }

    fn header_list(&mut self, items: Vec<(usize, Inline)>) {
        for (line, item) in items {
            let first = item.text.trim().lines().next().unwrap_or("").to_string();
            let field = header::parse_field(&first, self.aliases);
            let Some(header) = self.header.as_mut() else {
                return;
            };
            let mut problem = None;
            match field {
                HeaderField::Host(h) => header.host = Some(h),
                HeaderField::Date {
                    raw,
                    parsed,
                    problem: p,
                } => {
                    header.date_raw = Some(raw);
                    header.date = parsed;
                    problem = p;
                }
                HeaderField::Video(v) => header.video = v,
                HeaderField::Guests(g) => header.guests.extend(g),
                HeaderField::Unknown => {
                    self.warn(
                        Some(line),
                        format!("unrecognised episode header line kept as a note: {first}"),
                    );
                    self.loose(line, item);
                    continue;
                }
            }
            if let Some(p) = problem {
                self.warn(Some(line), p);
            }
            // Links in header lines (guest profiles) stay on the episode.
            self.episode_links.extend(item.links);
        }
    }

    fn block(&mut self, block: Block) {
        let Block { kind, line, inline } = block;
        match kind {
            BlockKind::Heading(level) => self.heading(level, line, inline),
            BlockKind::List(items) if self.in_header => self.header_list(items),
            _ if self.current.is_some() => {
                self.current.as_mut().expect("checked").absorb(inline);
            }
            BlockKind::List(items) => self.list(line, inline, items),
            BlockKind::Paragraph => {
                self.in_header = false;
                if inline.links.is_empty() {
                    self.flush_pending();
                }
                let bare_url_only =
                    inline.links.len() == 1 && inline.text.trim() == inline.links[0].url;
                if inline.links.is_empty() {
                    self.pending = Some((line, inline));
                } else if bare_url_only && self.pending.is_some() {
                    // `説明の一文` followed by a paragraph holding only a URL.
                    self.topic_titled_by_pending(inline);
                } else {
                    self.flush_pending();
                    let title = title_of(&inline);
                    let d = Draft::from_inline(inline, title, self.presenter.clone(), line, None);
                    self.push_topic(d);
                }
            }
            BlockKind::Other => {
                self.in_header = false;
                self.flush_pending();
                if inline.links.is_empty() {
                    self.loose(line, inline);
                } else if let Some(i) = self.last_in_section {
                    self.done[i].absorb(inline);
                } else {
                    let title = title_of(&inline);
                    let d = Draft::from_inline(inline, title, self.presenter.clone(), line, None);
                    self.push_topic(d);
                }
            }
        }
    }

    /// A topic whose title is the pending linkless paragraph (its first line;
    /// the rest is body) and whose content and links come from `content`.
    fn topic_titled_by_pending(&mut self, content: Inline) {
        let Some((pline, para)) = self.pending.take() else {
            return;
        };
        let title = title_of(&para);
        let mut d = Draft::from_inline(
            Inline::default(),
            title,
            self.presenter.clone(),
            pline,
            None,
        );
        let rest = para.text.lines().skip(1).collect::<Vec<_>>().join("\n");
        push_text(&mut d.body, &rest);
        d.absorb(content);
        self.push_topic(d);
    }

    fn list(&mut self, line: usize, whole: Inline, items: Vec<(usize, Inline)>) {
        self.in_header = false;
        let linked = items.iter().any(|(_, i)| !i.links.is_empty());
        let all_start_with_link = items
            .iter()
            .filter(|(_, i)| !i.links.is_empty())
            .all(|(_, i)| i.starts_with_link);
        // "Plain heading followed by bullets": a linkless paragraph titles a
        // list whose links are not themselves titled (`スライド（https://…）`).
        if linked && !all_start_with_link && self.pending.is_some() {
            // Top-level bullets after it that title links of their own
            // (`- CVE-…: title` over nested bare URLs) are topics of their
            // own; CommonMark makes them items of the same list.
            match items.iter().position(|(_, i)| titles_own_links(i)) {
                Some(cut) if cut > 0 => {
                    let mut items = items;
                    let rest = items.split_off(cut);
                    self.topic_titled_by_pending(merged(items.into_iter().map(|(_, i)| i)));
                    self.items(rest);
                }
                _ => self.topic_titled_by_pending(whole),
            }
            return;
        }
        self.flush_pending();
        let _ = line;
        self.items(items);
    }

    /// Each linked item a topic of its own; linkless ones loose text.
    fn items(&mut self, items: Vec<(usize, Inline)>) {
        for (iline, item) in items {
            if item.links.is_empty() {
                self.loose(iline, item);
            } else {
                let title = title_of(&item);
                let mut d = Draft::from_inline(item, title, self.presenter.clone(), iline, None);
                if d.body.trim_start().starts_with(&d.title)
                    || d.body.lines().next().is_some_and(|l| l.contains(&d.title))
                {
                    d.body = d.body.lines().skip(1).collect::<Vec<_>>().join("\n");
                }
                self.push_topic(d);
            }
        }
    }
}

/// Splits one file into its header, topics and episode-level links.
pub fn split(path: &str, text: &str, placement: &Placement, aliases: &Aliases) -> ParsedFile {
    let file_presenter = placement.presenter.as_deref().map(|p| aliases.canonical(p));
    let mut s = Splitter {
        path,
        placement,
        aliases,
        presenter: file_presenter.clone(),
        file_presenter,
        header: None,
        in_header: false,
        current: None,
        note: None,
        pending: None,
        last_in_section: None,
        done: Vec::new(),
        episode_links: Vec::new(),
        warnings: Vec::new(),
    };
    for block in blocks(text) {
        s.block(block);
    }
    s.end_section();

    let mut occurrences: HashMap<String, usize> = HashMap::new();
    let episode = &placement.episode;
    let topics: Vec<Topic> = s
        .done
        .into_iter()
        .map(|d| {
            let key = d.url.clone().unwrap_or_else(|| d.title.clone());
            let n = occurrences.entry(key.clone()).or_default();
            *n += 1;
            let hash = blake3::hash(format!("{path}\0{key}\0{n}").as_bytes()).to_hex();
            let title = if d.title.is_empty() {
                d.url.clone().unwrap_or_else(|| "(untitled)".into())
            } else {
                d.title
            };
            Topic {
                id: format!("{episode}-{}", &hash[..8]),
                episode: episode.clone(),
                date: None,
                presenter: d.presenter,
                title,
                url: d.url,
                links: d.links,
                images: d.images,
                body: d.body.trim().to_string(),
                file: path.to_string(),
                line: d.line,
            }
        })
        .collect();

    let mut parsed = ParsedFile {
        header: s.header,
        topics,
        links: s.episode_links,
        warnings: s.warnings,
    };
    keep_every_url(text, path, &mut parsed);
    parsed
}

/// Safety net: every URL in the raw text must be somewhere in the result.
fn keep_every_url(text: &str, path: &str, parsed: &mut ParsedFile) {
    let mut known: HashSet<&str> = HashSet::new();
    for t in &parsed.topics {
        known.extend(t.url.as_deref());
        known.extend(t.links.iter().map(|l| l.url.as_str()));
        known.extend(t.images.iter().map(|l| l.url.as_str()));
    }
    known.extend(parsed.links.iter().map(|l| l.url.as_str()));
    if let Some(h) = &parsed.header {
        known.extend(h.video.as_deref());
    }
    let mut missing = Vec::new();
    for (start, raw) in bare_url_spans(text) {
        // HTML attributes are entity-decoded when collected (`&amp;` → `&`).
        let url = html_escape::decode_html_entities(raw);
        let found = known.contains(url.as_ref())
            || known
                .iter()
                .any(|k| k.starts_with(url.as_ref()) || url.starts_with(k));
        if !found {
            let mut link = bare_link(text, start, raw);
            link.url = url.into_owned();
            missing.push((start, link));
        }
    }
    if missing.is_empty() {
        return;
    }
    let lines = Lines::new(text);
    for (start, link) in missing {
        parsed.warnings.push(Warning {
            file: path.to_string(),
            line: Some(lines.line(start)),
            message: format!(
                "link {} is outside any topic; kept on the episode",
                link.url
            ),
        });
        parsed.links.push(link);
    }
}

#[cfg(test)]
mod tests;
