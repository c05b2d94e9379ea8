//! Where a markdown file sits in a notes repository tells which episode (and
//! sometimes which presenter) it belongs to.
//!
//! Accepted layouts, relative to the notes directory:
//! `episodes/NNN/README.md`, `episodes/NNN/*.md`, `episodes/NNN-suffix/…`,
//! `resource/kubenews_N/NAME.md` (episode N, presenter NAME), `NNN.md`, and any
//! `*.md` whose first heading is `# NNN`.

use std::sync::LazyLock;

use regex::Regex;

use super::header::episode_number;

/// The episode (and presenter, for resource files) a file belongs to.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Placement {
    pub episode: String,
    pub presenter: Option<String>,
}

static EPISODE_DIR: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^(\d{1,6})((?:-[\w.-]+)?)$").expect("valid regex"));
static RESOURCE_DIR: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?i)^kubenews[_-]?(\d{1,6})$").expect("valid regex"));
static FIRST_HEADING: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?m)^ {0,3}#\s+(.+?)\s*#*\s*$").expect("valid regex"));

/// Places a file from its relative path (`/`-separated) and its text.
/// `None` means kn cannot tell which episode the file is about.
pub fn place(rel_path: &str, text: &str) -> Option<Placement> {
    let parts: Vec<&str> = rel_path.split('/').collect();
    let file_stem = parts
        .last()?
        .strip_suffix(".md")
        .or_else(|| parts.last()?.strip_suffix(".markdown"))?;

    // resource/kubenews_N/NAME.md
    for (i, dir) in parts.iter().enumerate().take(parts.len().saturating_sub(1)) {
        if let Some(c) = RESOURCE_DIR.captures(dir) {
            let n: u32 = c[1].parse().ok()?;
            let presenter = (i + 2 == parts.len() && !file_stem.eq_ignore_ascii_case("readme"))
                .then(|| file_stem.to_string());
            return Some(Placement {
                episode: format!("{n:03}"),
                presenter,
            });
        }
    }
    // episodes/NNN[-suffix]/anything.md: the nearest numbered directory.
    for dir in parts.iter().rev().skip(1) {
        if EPISODE_DIR.is_match(dir) {
            return episode_number(dir).map(|episode| Placement {
                episode,
                presenter: None,
            });
        }
    }
    // NNN.md
    if let Some(episode) = episode_number(file_stem) {
        return Some(Placement {
            episode,
            presenter: None,
        });
    }
    // Any file whose first level-1 heading is an episode number.
    let first = FIRST_HEADING.captures(text)?;
    episode_number(&first[1]).map(|episode| Placement {
        episode,
        presenter: None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ep(path: &str, text: &str) -> Option<(String, Option<String>)> {
        place(path, text).map(|p| (p.episode, p.presenter))
    }

    #[test]
    fn every_documented_layout() {
        assert_eq!(ep("episodes/004/README.md", ""), Some(("004".into(), None)));
        assert_eq!(ep("episodes/004/extra.md", ""), Some(("004".into(), None)));
        assert_eq!(
            ep("episodes/001-private/README.md", ""),
            Some(("001-private".into(), None))
        );
        assert_eq!(
            ep("resource/kubenews_1/bells17.md", ""),
            Some(("001".into(), Some("bells17".into())))
        );
        assert_eq!(ep("012.md", ""), Some(("012".into(), None)));
        assert_eq!(
            ep("notes/whatever.md", "\n# 27\n- Hosted by @x\n"),
            Some(("027".into(), None))
        );
    }

    #[test]
    fn unplaceable_files() {
        assert_eq!(ep("README.md", "# kubenews\n"), None);
        assert_eq!(ep("notes/todo.md", "no heading"), None);
        assert_eq!(ep("notes/x.txt", "# 001"), None);
    }
}
