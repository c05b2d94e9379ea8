//! Presenter names and their aliases.
//!
//! The same person appears as `@ryojsb`, `[ry](https://twitter.com/URyo_0213)`
//! and `resource/kubenews_1/ry.md`. An editable alias table (`data/aliases.txt`)
//! maps every spelling to one canonical name:
//!
//! ```text
//! # canonical: alias, alias, …
//! ryojsb: ry, URyo_0213
//! ```

use std::collections::HashMap;

/// The alias table shipped with kn, used when a notes directory has none.
pub const DEFAULT_ALIASES: &str = include_str!("../../data/aliases.txt");

/// Case-insensitive map from every known spelling to its canonical name.
#[derive(Debug, Clone, Default)]
pub struct Aliases {
    map: HashMap<String, String>,
}

impl Aliases {
    /// Parses the alias table format; returns the table and one message per
    /// line it could not read (the caller turns them into warnings).
    pub fn parse(text: &str) -> (Self, Vec<(usize, String)>) {
        let mut map = HashMap::new();
        let mut problems = Vec::new();
        for (i, raw) in text.lines().enumerate() {
            let line = raw.split('#').next().unwrap_or("").trim();
            if line.is_empty() {
                continue;
            }
            let Some((canonical, rest)) = line.split_once(['=', ':']) else {
                problems.push((i + 1, format!("alias line without ':' ignored: {raw}")));
                continue;
            };
            let canonical = clean(canonical);
            if canonical.is_empty() {
                problems.push((i + 1, format!("alias line without a name ignored: {raw}")));
                continue;
            }
            map.insert(canonical.to_lowercase(), canonical.clone());
            for alias in rest.split([',', '=']) {
                let alias = clean(alias);
                if !alias.is_empty() {
                    map.insert(alias.to_lowercase(), canonical.clone());
                }
            }
        }
        (Self { map }, problems)
    }

    /// The built-in table.
    pub fn builtin() -> Self {
        Self::parse(DEFAULT_ALIASES).0
    }

    /// Canonical name for a spelling, if the table knows it.
    pub fn lookup(&self, name: &str) -> Option<&str> {
        self.map
            .get(&clean(name).to_lowercase())
            .map(String::as_str)
    }

    /// Canonical name for a spelling, or the cleaned spelling itself.
    pub fn canonical(&self, name: &str) -> String {
        self.lookup(name)
            .map_or_else(|| clean(name), str::to_string)
    }

    /// The presenter as the index stores it and a `presenter:` filter looks
    /// it up: the canonical name, lowercased. Ingest and search both call
    /// this, so a spelling the table knows always finds its topics.
    pub fn key(&self, name: &str) -> String {
        self.canonical(name).to_lowercase()
    }

    /// Every spelling (lowercased) that resolves to `canonical`.
    pub fn spellings_of(&self, canonical: &str) -> Vec<String> {
        let mut out: Vec<String> = self
            .map
            .iter()
            .filter(|(_, c)| c.eq_ignore_ascii_case(canonical))
            .map(|(k, _)| k.clone())
            .collect();
        out.sort();
        out
    }
}

/// Strips `@`, the honorific `さん`, and surrounding whitespace.
pub fn clean(name: &str) -> String {
    let name = name.trim().trim_start_matches(['@', '＠']).trim();
    let name = name.strip_suffix("さん").unwrap_or(name).trim();
    name.to_string()
}

/// The account name in a social profile URL (`https://twitter.com/URyo_0213`
/// → `URyo_0213`), for twitter.com, x.com and github.com profiles.
pub fn profile_handle(url: &str) -> Option<String> {
    let host = super::links::host(url)?;
    if !matches!(
        host.as_str(),
        "twitter.com" | "x.com" | "mobile.twitter.com" | "github.com"
    ) {
        return None;
    }
    let path = url.split_once("://")?.1.split_once('/')?.1;
    let path = path.split(['?', '#']).next()?.trim_end_matches('/');
    if path.is_empty() || path.contains('/') {
        return None;
    }
    Some(path.trim_start_matches('@').to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn builtin_table_merges_the_documented_people() {
        let a = Aliases::builtin();
        assert_eq!(a.canonical("ry"), "ryojsb");
        assert_eq!(a.canonical("@URyo_0213"), "ryojsb");
        assert_eq!(a.canonical("RYOJSB"), "ryojsb");
        assert_eq!(a.canonical("it__chago"), "chago");
        assert_eq!(a.canonical("bells17_"), "bells17");
        assert_eq!(a.canonical("@newcomer"), "newcomer");
    }

    #[test]
    fn every_spelling_keys_like_the_name_the_topic_was_indexed_under() {
        // Ingest keys a topic by its canonical presenter; a filter keys
        // what the user typed: the same function must bring both together.
        let a = Aliases::builtin();
        for typed in ["ry", "@URyo_0213", "RYOJSB", "ryojsb さん"] {
            assert_eq!(a.key(typed), a.key(&a.canonical("ryojsb")), "{typed}");
        }
        assert_eq!(a.key("@NewPerson さん"), a.key(&a.canonical("NewPerson")));
        assert_eq!(a.key("@NewPerson"), "newperson");
    }

    #[test]
    fn bad_alias_lines_are_reported_not_fatal() {
        let (a, problems) = Aliases::parse("x: y\nnonsense\n: z\n");
        assert_eq!(a.canonical("y"), "x");
        assert_eq!(problems.len(), 2);
        assert_eq!(problems[0].0, 2);
    }

    #[test]
    fn profile_handles() {
        assert_eq!(
            profile_handle("https://twitter.com/URyo_0213").as_deref(),
            Some("URyo_0213")
        );
        assert_eq!(
            profile_handle("https://x.com/it__chago/").as_deref(),
            Some("it__chago")
        );
        assert_eq!(profile_handle("https://twitter.com/a/status/1"), None);
        assert_eq!(profile_handle("https://zenn.dev/bells17"), None);
    }

    #[test]
    fn honorifics_and_at_signs_are_cleaned() {
        assert_eq!(clean(" @kitagry さん"), "kitagry");
    }
}
