//! Markdown notes → episodes and link-level topics.
//!
//! Everything in this module is a pure function of a file's path and text: no
//! I/O, no index, no terminal. `crate::corpus` walks a directory and feeds files
//! in; `crate::index` consumes the [`Topic`]s that come out.

pub mod date;
pub mod episode;
pub mod header;
pub mod layout;
pub mod links;
pub mod presenters;
pub mod topics;

use serde::{Deserialize, Serialize};

pub use episode::{Episode, episode_order};
pub use header::EpisodeHeader;
pub use layout::Placement;
pub use presenters::Aliases;

/// A hyperlink with the text it was written with (the URL itself for bare URLs).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Link {
    pub title: String,
    pub url: String,
}

/// One linked article a presenter introduced: the unit kn indexes and returns.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Topic {
    /// Stable across edits elsewhere in the file: `EPISODE-hash(file, url|title, n)`.
    pub id: String,
    pub episode: String,
    /// `YYYY-MM-DD` (or `YYYY-MM` when only that much is written); filled in
    /// from the episode header when the corpus is assembled.
    pub date: Option<String>,
    /// Canonical presenter name (aliases resolved), if the topic sits under one.
    pub presenter: Option<String>,
    pub title: String,
    /// The primary URL: the topic's own link, or the first link below it.
    pub url: Option<String>,
    /// Every other link inside the topic, in order of appearance.
    pub links: Vec<Link>,
    /// Images (alt text and URL): not links, but never thrown away.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub images: Vec<Link>,
    /// Searchable text of the topic below its title (code blocks included).
    pub body: String,
    /// Source file, relative to the notes directory, with `/` separators.
    pub file: String,
    /// 1-based line of the topic's first line in `file`.
    pub line: usize,
}

/// Something in a file kn could not fully interpret; never fatal.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Warning {
    pub file: String,
    pub line: Option<usize>,
    pub message: String,
}

impl std::fmt::Display for Warning {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self.line {
            Some(line) => write!(f, "{}:{}: {}", self.file, line, self.message),
            None => write!(f, "{}: {}", self.file, self.message),
        }
    }
}

/// Everything one markdown file contributes to its episode.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ParsedFile {
    pub header: Option<EpisodeHeader>,
    pub topics: Vec<Topic>,
    /// Links that belong to the episode rather than a topic: guest and
    /// presenter profile links, and anything the splitter could not place.
    pub links: Vec<Link>,
    pub warnings: Vec<Warning>,
}

/// Parses one markdown file already placed in an episode.
pub fn parse_file(path: &str, text: &str, placement: &Placement, aliases: &Aliases) -> ParsedFile {
    topics::split(path, text, placement, aliases)
}
