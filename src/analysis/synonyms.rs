//! Synonym groups (`data/synonyms.txt`): katakana ↔ English and abbreviations.
//!
//! Every spelling is keyed by its analysed form, so the table matches through
//! the same normalisation as the index: `オペレーター`, `オペレータ`,
//! `Operators` all find the `operator` group.

use std::collections::HashMap;
use std::fs;
use std::path::Path;

use super::JaTokenizer;

/// The table shipped with kn, used when a notes directory has none.
pub const DEFAULT_SYNONYMS: &str = include_str!("../../data/synonyms.txt");

#[derive(Debug, Clone, Default)]
pub struct Synonyms {
    /// Each group's spellings with their analysed keys.
    groups: Vec<Vec<(String, String)>>,
    by_key: HashMap<String, Vec<usize>>,
}

/// The analysed form of a spelling: its index terms joined by spaces.
pub fn key(tokenizer: &JaTokenizer, text: &str) -> String {
    tokenizer
        .analyze(text)
        .into_iter()
        .map(|t| t.text)
        .collect::<Vec<_>>()
        .join(" ")
}

impl Synonyms {
    /// Parses the table; returns it and one message per unusable line.
    pub fn parse(text: &str) -> (Self, Vec<(usize, String)>) {
        let tok = JaTokenizer;
        let mut s = Synonyms::default();
        let mut problems = Vec::new();
        for (i, raw) in text.lines().enumerate() {
            let line = raw.split('#').next().unwrap_or("").trim();
            if line.is_empty() {
                continue;
            }
            let members: Vec<String> = line
                .split([',', '，', '、'])
                .map(str::trim)
                .filter(|m| !m.is_empty())
                .map(str::to_string)
                .collect();
            if members.len() < 2 {
                problems.push((
                    i + 1,
                    format!("synonym line needs two or more terms: {raw}"),
                ));
                continue;
            }
            let g = s.groups.len();
            let mut group = Vec::with_capacity(members.len());
            for m in members {
                let k = key(&tok, &m);
                if !k.is_empty() {
                    s.by_key.entry(k.clone()).or_default().push(g);
                }
                group.push((m, k));
            }
            s.groups.push(group);
        }
        (s, problems)
    }

    pub fn builtin() -> Self {
        Self::parse(DEFAULT_SYNONYMS).0
    }

    /// Parses `text`, or reuses the table compiled from the same text by this
    /// kn (`cache_dir/synonyms-HASH.tsv`): analysing every spelling costs a
    /// millisecond and loads the dictionary, a cached table costs neither.
    /// The cache is plain lines (a group per line, `spelling\x1ekey` members
    /// joined by `\x1f`), read with a split: the JSON it replaced took an
    /// eighth of a whole search's instructions to parse.
    pub fn load_cached(text: &str, cache_dir: &Path) -> (Self, Vec<(usize, String)>) {
        let hash =
            blake3::hash(format!("{}\0{text}", env!("CARGO_PKG_VERSION")).as_bytes()).to_hex();
        let path = cache_dir.join(format!("synonyms-{}.tsv", &hash[..16]));
        if let Ok(cached) = fs::read_to_string(&path)
            && let Some(s) = Self::from_cache(&cached)
        {
            return (s, Vec::new());
        }
        let (s, problems) = Self::parse(text);
        if cache_dir.is_dir() {
            // Best effort: a read-only index directory just means no cache.
            let tmp = cache_dir.join(format!("synonyms.tmp-{}", std::process::id()));
            if fs::write(&tmp, s.to_cache()).is_ok() && fs::rename(&tmp, &path).is_err() {
                let _ = fs::remove_file(&tmp);
            }
            if let Ok(entries) = fs::read_dir(cache_dir) {
                for e in entries.flatten() {
                    let name = e.file_name().to_string_lossy().to_string();
                    if name.starts_with("synonyms-") && e.path() != path {
                        let _ = fs::remove_file(e.path());
                    }
                }
            }
        }
        (s, problems)
    }

    fn to_cache(&self) -> String {
        let mut out = String::new();
        for group in &self.groups {
            let members: Vec<String> = group.iter().map(|(m, k)| format!("{m}\x1e{k}")).collect();
            out.push_str(&members.join("\x1f"));
            out.push('\n');
        }
        out
    }

    fn from_cache(text: &str) -> Option<Self> {
        let mut s = Synonyms::default();
        for line in text.lines() {
            let g = s.groups.len();
            let mut group = Vec::new();
            for member in line.split('\x1f') {
                let (m, k) = member.split_once('\x1e')?;
                if !k.is_empty() {
                    s.by_key.entry(k.to_string()).or_default().push(g);
                }
                group.push((m.to_string(), k.to_string()));
            }
            s.groups.push(group);
        }
        Some(s)
    }

    pub fn len(&self) -> usize {
        self.groups.len()
    }

    pub fn is_empty(&self) -> bool {
        self.groups.is_empty()
    }

    /// Other spellings of the word whose analysed form is `key_of_term`.
    pub fn alternatives(&self, key_of_term: &str) -> Vec<String> {
        let mut out = Vec::new();
        for &g in self.by_key.get(key_of_term).into_iter().flatten() {
            for (m, k) in &self.groups[g] {
                if k != key_of_term && !out.contains(m) {
                    out.push(m.clone());
                }
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn builtin_table_is_large_and_matches_variants() {
        let s = Synonyms::builtin();
        assert!(s.len() >= 80, "{} groups", s.len());
        let tok = JaTokenizer;
        let alt = s.alternatives(&key(&tok, "オペレータ"));
        assert!(alt.contains(&"operator".to_string()), "{alt:?}");
        let alt = s.alternatives(&key(&tok, "Operators"));
        assert!(alt.contains(&"オペレーター".to_string()), "{alt:?}");
        let alt = s.alternatives(&key(&tok, "K8s"));
        assert!(alt.contains(&"kubernetes".to_string()));
        let alt = s.alternatives(&key(&tok, "open policy agent"));
        assert!(alt.contains(&"opa".to_string()));
    }

    #[test]
    fn cached_table_equals_parsed_table() {
        let dir = tempfile::tempdir().unwrap();
        let text = "operator, オペレーター\nk8s, kubernetes\n";
        let (a, _) = Synonyms::load_cached(text, dir.path());
        let (b, _) = Synonyms::load_cached(text, dir.path());
        assert_eq!(a.len(), 2);
        assert_eq!(b.len(), 2);
        assert_eq!(a.alternatives("k8s"), b.alternatives("k8s"));
        assert_eq!(b.alternatives("k8s"), vec!["kubernetes".to_string()]);
        let k = key(&JaTokenizer, "オペレーター");
        assert_eq!(b.alternatives(&k), vec!["operator".to_string()]);
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1);
    }

    #[test]
    fn bad_lines_are_reported() {
        let (s, problems) = Synonyms::parse("a, b\nlonely\n");
        assert_eq!(s.len(), 1);
        assert_eq!(problems[0].0, 2);
    }
}
