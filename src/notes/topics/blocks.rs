//! Pass 1 of the splitter: pulldown-cmark's events folded into a flat list
//! of top-level [`Block`]s, each with its text, links and images already
//! collected (bare URLs and HTML `href`s included). Pass 2 (`topics.rs`)
//! decides what each block is.

use pulldown_cmark::{Event, Options, Parser, Tag, TagEnd};

use super::super::Link;
use super::super::links::{bare_urls, html_links, html_text};

/// Text, links and images gathered from a run of markdown events.
#[derive(Debug, Default, Clone)]
pub(super) struct Inline {
    pub(super) text: String,
    pub(super) links: Vec<Link>,
    pub(super) images: Vec<Link>,
    /// The first visible content was a link (`- [title](url) …`).
    pub(super) starts_with_link: bool,
}

impl Inline {
    pub(super) fn first_line(&self) -> &str {
        self.text
            .lines()
            .map(str::trim)
            .find(|l| !l.is_empty())
            .unwrap_or("")
    }
}

pub(super) fn push_text(into: &mut String, text: &str) {
    let text = text.trim_matches('\n');
    if text.trim().is_empty() {
        return;
    }
    if !into.is_empty() {
        into.push('\n');
    }
    into.push_str(text);
}

#[derive(Debug)]
pub(super) enum BlockKind {
    Heading(u8),
    Paragraph,
    List(Vec<(usize, Inline)>),
    /// Code, HTML, quotes, tables, rules: body text, never a title.
    Other,
}

#[derive(Debug)]
pub(super) struct Block {
    pub(super) kind: BlockKind,
    pub(super) line: usize,
    pub(super) inline: Inline,
}

/// Collects events into an [`Inline`], scanning plain text for bare URLs.
#[derive(Default)]
pub(super) struct Collector {
    out: Inline,
    /// Plain text not yet scanned for bare URLs.
    pending: String,
    link_stack: Vec<(String, String)>,
    image_stack: Vec<(String, String)>,
    seen_content: bool,
}

impl Collector {
    fn flush(&mut self) {
        if self.pending.is_empty() {
            return;
        }
        self.out.links.extend(bare_urls(&self.pending));
        self.out.text.push_str(&self.pending);
        self.pending.clear();
    }

    fn text(&mut self, t: &str) {
        if !t.trim().is_empty() {
            self.seen_content = true;
        }
        if let Some((_, alt)) = self.image_stack.last_mut() {
            alt.push_str(t);
            self.out.text.push_str(t);
        } else if let Some((_, title)) = self.link_stack.last_mut() {
            title.push_str(t);
            self.out.text.push_str(t);
        } else {
            self.pending.push_str(t);
        }
    }

    fn newline(&mut self) {
        if self.link_stack.is_empty() && self.image_stack.is_empty() {
            self.pending.push('\n');
        } else {
            self.text(" ");
        }
    }

    fn html(&mut self, html: &str) {
        self.flush();
        self.out.links.extend(html_links(html));
        let text = html_text(html);
        let text = text.split_whitespace().collect::<Vec<_>>().join(" ");
        if !text.is_empty() {
            self.seen_content = true;
            self.out.text.push_str(&text);
            self.out.text.push(' ');
            // URLs written as text inside the embed.
            for l in bare_urls(&text) {
                if !self.out.links.iter().any(|k| k.url == l.url) {
                    self.out.links.push(l);
                }
            }
        }
    }

    fn event(&mut self, ev: &Event) {
        match ev {
            Event::Text(t) | Event::Code(t) => self.text(t),
            Event::InlineMath(t) | Event::DisplayMath(t) => self.text(t),
            Event::SoftBreak | Event::HardBreak => self.newline(),
            Event::Html(h) | Event::InlineHtml(h) => self.html(h),
            Event::Rule => self.newline(),
            Event::FootnoteReference(_) | Event::TaskListMarker(_) => {}
            Event::Start(Tag::Link { dest_url, .. }) => {
                self.flush();
                if !self.seen_content && self.link_stack.is_empty() {
                    self.out.starts_with_link = true;
                }
                self.seen_content = true;
                self.link_stack.push((dest_url.to_string(), String::new()));
            }
            Event::End(TagEnd::Link) => {
                if let Some((url, title)) = self.link_stack.pop() {
                    let title = title.split_whitespace().collect::<Vec<_>>().join(" ");
                    let title = if title.is_empty() { url.clone() } else { title };
                    if !url.is_empty() {
                        self.out.links.push(Link { title, url });
                    }
                }
            }
            Event::Start(Tag::Image { dest_url, .. }) => {
                self.flush();
                self.seen_content = true;
                self.image_stack.push((dest_url.to_string(), String::new()));
            }
            Event::End(TagEnd::Image) => {
                if let Some((url, alt)) = self.image_stack.pop() {
                    self.out.images.push(Link {
                        title: alt.trim().to_string(),
                        url,
                    });
                }
            }
            Event::Start(Tag::CodeBlock(_)) => {
                self.newline();
                self.seen_content = true;
            }
            Event::Start(Tag::Item) => {
                // A nested item starts on its own line.
                self.newline();
            }
            Event::End(TagEnd::Paragraph)
            | Event::End(TagEnd::Heading(_))
            | Event::End(TagEnd::CodeBlock)
            | Event::End(TagEnd::Item)
            | Event::End(TagEnd::TableRow)
            | Event::End(TagEnd::BlockQuote(_)) => self.newline(),
            Event::End(TagEnd::TableCell) => self.text(" "),
            _ => {}
        }
    }

    fn finish(mut self) -> Inline {
        // Unclosed links (malformed input) still keep their URL.
        while let Some((url, title)) = self.link_stack.pop() {
            if !url.is_empty() {
                self.out.links.push(Link { title, url });
            }
        }
        self.flush();
        self.out.text = self.out.text.trim().to_string();
        self.out
    }
}

/// Byte offset → 1-based line number.
pub(super) struct Lines(Vec<usize>);

impl Lines {
    pub(super) fn new(text: &str) -> Self {
        let mut starts = vec![0];
        starts.extend(text.match_indices('\n').map(|(i, _)| i + 1));
        Self(starts)
    }
    pub(super) fn line(&self, offset: usize) -> usize {
        match self.0.binary_search(&offset) {
            Ok(i) => i + 1,
            Err(i) => i,
        }
    }
}

/// Folds the event stream into top-level blocks.
pub(super) fn blocks(text: &str) -> Vec<Block> {
    let lines = Lines::new(text);
    let opts = Options::ENABLE_TABLES | Options::ENABLE_STRIKETHROUGH | Options::ENABLE_TASKLISTS;
    let mut out = Vec::new();
    let mut depth = 0usize;
    let mut current: Option<(BlockKind, usize, Collector)> = None;
    // Within a top-level list: the item being collected.
    let mut item: Option<(usize, Collector)> = None;
    let mut list_depth = 0usize;

    for (ev, range) in Parser::new_ext(text, opts).into_offset_iter() {
        if depth == 0 {
            // A new top-level block.
            let kind = match &ev {
                Event::Start(Tag::Heading { level, .. }) => Some(BlockKind::Heading(*level as u8)),
                Event::Start(Tag::Paragraph) => Some(BlockKind::Paragraph),
                Event::Start(Tag::List(_)) => Some(BlockKind::List(Vec::new())),
                Event::Start(_) => Some(BlockKind::Other),
                _ => None,
            };
            match kind {
                Some(kind) => {
                    current = Some((kind, lines.line(range.start), Collector::default()));
                    depth = 1;
                    if let Event::Start(Tag::List(_)) = ev {
                        list_depth = 1;
                    }
                    continue;
                }
                None => {
                    // Stand-alone event at top level (HTML block pieces, rules).
                    let mut c = Collector::default();
                    c.event(&ev);
                    let inline = c.finish();
                    if !inline.text.is_empty() || !inline.links.is_empty() {
                        out.push(Block {
                            kind: BlockKind::Other,
                            line: lines.line(range.start),
                            inline,
                        });
                    }
                    continue;
                }
            }
        }

        let Some((kind, _, collector)) = current.as_mut() else {
            continue;
        };
        match &ev {
            Event::Start(_) => depth += 1,
            Event::End(_) => depth -= 1,
            _ => {}
        }
        if let BlockKind::List(items) = kind {
            match &ev {
                Event::Start(Tag::List(_)) => list_depth += 1,
                Event::End(TagEnd::List(_)) => list_depth -= 1,
                _ => {}
            }
            if list_depth == 1 && matches!(ev, Event::Start(Tag::Item)) {
                item = Some((lines.line(range.start), Collector::default()));
                continue;
            }
            if list_depth == 1 && matches!(ev, Event::End(TagEnd::Item)) {
                if let Some((line, c)) = item.take() {
                    items.push((line, c.finish()));
                }
                continue;
            }
            if let Some((_, c)) = item.as_mut() {
                c.event(&ev);
                continue;
            }
        }
        if depth == 0 {
            let (kind, line, collector) = current.take().expect("current block is set");
            let mut inline = collector.finish();
            if let BlockKind::List(items) = &kind {
                for (_, it) in items {
                    push_text(&mut inline.text, &it.text);
                    inline.links.extend(it.links.iter().cloned());
                    inline.images.extend(it.images.iter().cloned());
                }
            }
            out.push(Block { kind, line, inline });
        } else {
            collector.event(&ev);
        }
    }
    if let Some((kind, line, collector)) = current.take() {
        out.push(Block {
            kind,
            line,
            inline: collector.finish(),
        });
    }
    out
}
