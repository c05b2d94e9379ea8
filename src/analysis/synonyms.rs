//! Synonym groups (`data/synonyms.txt`): katakana ↔ English and abbreviations.
//!
//! Every spelling is keyed by its analysed form, so the table matches through
//! the same normalisation as the index: `オペレーター`, `オペレータ`,
//! `Operators` all find the `operator` group.

use std::collections::HashMap;
use std::fs;
use std::path::Path;

use serde::{Deserialize, Serialize};

use super::JaTokenizer;

/// The table shipped with kn, used when a notes directory has none.
pub const DEFAULT_SYNONYMS: &str = include_str!("../../data/synonyms.txt");

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
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
    /// kn (`cache_dir/synonyms-HASH.json`): analysing every spelling costs a
    /// millisecond and loads the dictionary, a cached table costs neither.
    pub fn load_cached(text: &str, cache_dir: &Path) -> (Self, Vec<(usize, String)>) {
        let hash =
            blake3::hash(format!("{}\0{text}", env!("CARGO_PKG_VERSION")).as_bytes()).to_hex();
        let path = cache_dir.join(format!("synonyms-{}.json", &hash[..16]));
        if let Ok(bytes) = fs::read(&path)
            && let Ok(s) = serde_json::from_slice::<Synonyms>(&bytes)
        {
            return (s, Vec::new());
        }
        let (s, problems) = Self::parse(text);
        if cache_dir.is_dir()
            && let Ok(json) = serde_json::to_vec(&s)
        {
            // Best effort: a read-only index directory just means no cache.
            let tmp = cache_dir.join(format!("synonyms.tmp-{}", std::process::id()));
            if fs::write(&tmp, json).is_ok() && fs::rename(&tmp, &path).is_err() {
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
        assert_eq!(a.alternatives("k8s"), b.alternatives("k8s"));
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1);
    }

    #[test]
    fn bad_lines_are_reported() {
        let (s, problems) = Synonyms::parse("a, b\nlonely\n");
        assert_eq!(s.len(), 1);
        assert_eq!(problems[0].0, 2);
    }
}
