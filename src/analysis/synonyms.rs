//! Synonym groups (`data/synonyms.txt`): katakana ↔ English and abbreviations.
//!
//! Every spelling is keyed by its analysed form, so the table matches through
//! the same normalisation as the index: `オペレーター`, `オペレータ`,
//! `Operators` all find the `operator` group.

use std::collections::HashMap;

use super::JaTokenizer;

/// The table shipped with kn, used when a notes directory has none.
pub const DEFAULT_SYNONYMS: &str = include_str!("../../data/synonyms.txt");

#[derive(Debug, Clone, Default)]
pub struct Synonyms {
    groups: Vec<Vec<String>>,
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
        let tok = JaTokenizer::default();
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
            for m in &members {
                let k = key(&tok, m);
                if !k.is_empty() {
                    s.by_key.entry(k).or_default().push(g);
                }
            }
            s.groups.push(members);
        }
        (s, problems)
    }

    pub fn builtin() -> Self {
        Self::parse(DEFAULT_SYNONYMS).0
    }

    pub fn len(&self) -> usize {
        self.groups.len()
    }

    pub fn is_empty(&self) -> bool {
        self.groups.is_empty()
    }

    /// Other spellings of the word whose analysed form is `key`.
    pub fn alternatives(&self, tokenizer: &JaTokenizer, key_of_term: &str) -> Vec<String> {
        let mut out = Vec::new();
        for &g in self.by_key.get(key_of_term).into_iter().flatten() {
            for m in &self.groups[g] {
                if key(tokenizer, m) != key_of_term && !out.contains(m) {
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
        let tok = JaTokenizer::default();
        let alt = s.alternatives(&tok, &key(&tok, "オペレータ"));
        assert!(alt.contains(&"operator".to_string()), "{alt:?}");
        let alt = s.alternatives(&tok, &key(&tok, "Operators"));
        assert!(alt.contains(&"オペレーター".to_string()), "{alt:?}");
        let alt = s.alternatives(&tok, &key(&tok, "K8s"));
        assert!(alt.contains(&"kubernetes".to_string()));
        let alt = s.alternatives(&tok, &key(&tok, "open policy agent"));
        assert!(alt.contains(&"opa".to_string()));
    }

    #[test]
    fn bad_lines_are_reported() {
        let (s, problems) = Synonyms::parse("a, b\nlonely\n");
        assert_eq!(s.len(), 1);
        assert_eq!(problems[0].0, 2);
    }
}
