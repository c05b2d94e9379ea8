//! English word forms and abbreviations.
//!
//! Porter stemming joins inflections (policies = policy) but keeps
//! derivations apart (deprecation / deprecated, autoscaling / autoscaler).
//! Here a word reaches the index words that share its *root* (the word less
//! one derivational suffix), a short name reaches the long names it begins
//! (postgres → postgresql, and back), a CamelCase name its words
//! (PodSecurityPolicy → pod security policy, psp), and an abbreviation the
//! long forms the notes define for it (`analysis::abbrev`), or the reverse.
//! Candidates come from the index's vocabulary only.

use tantivy::Searcher;
use tantivy::Term as TTerm;

use super::Engine;
use super::understood::{Expansion, Via};
use crate::analysis::abbrev::{Definition, SEP, is_skippable};
use crate::analysis::tokenizer::stem_en;

/// At most this many forms per word, the most frequent first.
const MAX_FORMS: usize = 3;
const FORM: f32 = 0.8;
/// Words typed apart may begin a longer identifier by this many letters
/// (`terminationGracePeriodSeconds`).
const MAX_IDENTIFIER_EXTRA: usize = 10;
/// Two-letter initials (`ci`, `lt`) are ambiguous: they count less.
const SHORT_INITIALS: f32 = 0.6;
/// Roots and prefixes shorter than this are not one word's any more.
const MIN_ROOT: usize = 4;
const MIN_PREFIX: usize = 5;
/// A long name may add this many letters to a short one (postgres → +ql).
const MAX_PREFIX_EXTRA: usize = 4;

/// Derivational and inflectional endings, longest first within a family.
const SUFFIXES: &[&str] = &[
    "izations",
    "ization",
    "abilities",
    "ability",
    "ibility",
    "ations",
    "ation",
    "atures",
    "ature",
    "ements",
    "ement",
    "ments",
    "ment",
    "ating",
    "ated",
    "ates",
    "ate",
    "ities",
    "ity",
    "ings",
    "ing",
    "ers",
    "er",
    "ors",
    "or",
    "ables",
    "able",
    "ible",
    "ness",
    "ally",
    "al",
    "ive",
    "ed",
    "es",
    "e",
    "s",
];

/// The word less its longest derivational ending, a doubled final consonant
/// undone (`embedded` → embed, `deprecation` → deprec, `autoscaler` →
/// autoscal): two words with one root are forms of one word.
pub fn root(word: &str) -> &str {
    let Some(stripped) = SUFFIXES
        .iter()
        .filter_map(|s| word.strip_suffix(s))
        .find(|r| r.len() >= MIN_ROOT)
    else {
        return word;
    };
    let b = stripped.as_bytes();
    let n = b.len();
    if n > MIN_ROOT
        && b[n - 1] == b[n - 2]
        && !matches!(b[n - 1], b'a' | b'e' | b'i' | b'o' | b'u' | b's' | b'l')
    {
        &stripped[..n - 1]
    } else {
        stripped
    }
}

/// The words of a CamelCase name (`PodSecurityPolicy` → pod, security,
/// policy), if it has at least two humps.
fn camel_words(word: &str) -> Option<Vec<String>> {
    if !word.bytes().all(|b| b.is_ascii_alphanumeric())
        || !word.starts_with(|c: char| c.is_ascii_alphabetic())
    {
        return None;
    }
    let mut parts: Vec<String> = Vec::new();
    let mut prev_lower = false;
    for c in word.chars() {
        if c.is_ascii_uppercase() && prev_lower || parts.is_empty() {
            parts.push(String::new());
        }
        parts.last_mut()?.push(c.to_ascii_lowercase());
        prev_lower = c.is_ascii_lowercase() || c.is_ascii_digit();
    }
    (parts.len() >= 2 && parts.iter().all(|p| p.len() >= 2)).then_some(parts)
}

impl Engine<'_> {
    /// Forms of one typed English word: shared roots, long names, the
    /// words of a CamelCase name and its initials.
    pub(super) fn word_forms(&self, searcher: &Searcher, typed: &str, out: &mut Vec<Expansion>) {
        if let Some(words) = camel_words(typed) {
            out.push(Expansion {
                text: words.join(" "),
                via: Via::Form,
                weight: FORM,
                substring: false,
            });
            let refs: Vec<&str> = words.iter().map(String::as_str).collect();
            if let Some((short, weight)) = self.initials_of(searcher, &refs) {
                out.push(Expansion {
                    text: short,
                    via: Via::Abbreviation,
                    weight,
                    substring: false,
                });
            }
        }
        let word = typed.to_ascii_lowercase();
        if word.len() < MIN_PREFIX || !word.bytes().all(|b| b.is_ascii_lowercase()) {
            return;
        }
        let vocab = self.handle.fields.vocab;
        let base = root(&word);
        // Another name counts when it is the more common way the notes say
        // it: `postgres` for a query that says postgresql, never
        // `kubernetesio` (a handle) for the very common `kubernetes`.
        let typed = searcher
            .doc_freq(&TTerm::from_field_text(vocab, &word))
            .unwrap_or(0);
        let mut found: Vec<(String, u64)> = Vec::new();
        for (w, df) in self.terms_with_prefix(searcher, vocab, base, 500) {
            let same_root = root(&w) == base;
            let long_name =
                w.starts_with(&word) && w.len() <= word.len() + MAX_PREFIX_EXTRA && df >= typed;
            if w != word && (same_root || long_name) {
                found.push((w, df));
            }
        }
        // A shorter name the word begins with (postgresql → postgres).
        for cut in (MIN_PREFIX..word.len()).rev().take(MAX_PREFIX_EXTRA) {
            let shorter = &word[..cut];
            let df = searcher
                .doc_freq(&TTerm::from_field_text(vocab, shorter))
                .unwrap_or(0);
            if df > 0 && df >= typed && root(shorter) != base {
                found.push((shorter.to_string(), df));
                break;
            }
        }
        found.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
        out.extend(
            found
                .into_iter()
                .take(MAX_FORMS)
                .map(|(text, _)| Expansion {
                    text,
                    via: Via::Form,
                    weight: FORM,
                    substring: false,
                }),
        );
    }

    /// Expansions of several English words typed together: their initials
    /// (`Elastic Kubernetes Service` → eks), the words written as one
    /// (`Pod Security Policy` → podsecuritypolicy) and the Japanese of the
    /// whole phrase (`load testing` → 負荷試験).
    pub(super) fn phrase_forms(&self, searcher: &Searcher, text: &str, out: &mut Vec<Expansion>) {
        let words: Vec<&str> = text.split_whitespace().collect();
        if words.len() < 2 {
            return;
        }
        let key = crate::analysis::synonyms::key_of(&self.tokens(text));
        self.english_to_japanese(searcher, text, &key, out);
        if let Some((short, weight)) = self.initials_of(searcher, &words) {
            out.push(Expansion {
                text: short,
                via: Via::Abbreviation,
                weight,
                substring: false,
            });
        }
        if let Some(joined) = self.joined(searcher, &words) {
            out.push(Expansion {
                text: joined,
                via: Via::Form,
                weight: FORM,
                substring: false,
            });
        }
    }

    /// The words written together, when the index holds that word, or an
    /// identifier it begins (`termination grace period` →
    /// terminationgraceperiodseconds).
    fn joined(&self, searcher: &Searcher, words: &[&str]) -> Option<String> {
        if !(2..=4).contains(&words.len())
            || !words
                .iter()
                .all(|w| w.bytes().all(|b| b.is_ascii_alphanumeric()))
        {
            return None;
        }
        let joined = words.concat().to_ascii_lowercase();
        if self.term_freq(searcher, &stem_en(&joined)) > 0 {
            return Some(joined);
        }
        let vocab = self.handle.fields.vocab;
        self.terms_with_prefix(searcher, vocab, &joined, 50)
            .into_iter()
            .filter(|(w, _)| w.len() <= joined.len() + MAX_IDENTIFIER_EXTRA)
            .max_by(|a, b| a.1.cmp(&b.1).then(b.0.cmp(&a.0)))
            .map(|(w, _)| w)
    }

    /// hpa → horizontal pod autoscaler, from definitions in the notes.
    pub(super) fn abbreviations(&self, searcher: &Searcher, word: &str, out: &mut Vec<Expansion>) {
        if !(2..=8).contains(&word.len()) || word.contains(' ') {
            return;
        }
        let field = self.handle.fields.abbr;
        let prefix = format!("{}{SEP}", word.to_ascii_lowercase());
        let mut defs = self.terms_with_prefix(searcher, field, &prefix, 50);
        defs.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
        for (term, _) in defs.into_iter().take(MAX_FORMS) {
            if let Some(d) = Definition::from_term(&term) {
                out.push(Expansion {
                    text: d.long,
                    via: Via::Abbreviation,
                    weight: 1.0,
                    substring: false,
                });
            }
        }
    }

    /// The abbreviation of consecutive query words (`Elastic Kubernetes
    /// Service` → eks, `Last Week in Kubernetes Development` → lwkd), when
    /// the index knows it: as a definition the notes make, or as an indexed
    /// word (two-letter ones weigh less). With its weight.
    pub(super) fn initials_of(&self, searcher: &Searcher, words: &[&str]) -> Option<(String, f32)> {
        if !(2..=7).contains(&words.len())
            || !words
                .iter()
                .all(|w| !w.is_empty() && w.bytes().all(|b| b.is_ascii_alphabetic()))
        {
            return None;
        }
        let long = words.join(" ").to_lowercase();
        let f = &self.handle.fields;
        let all: String = words
            .iter()
            .map(|w| w.as_bytes()[0].to_ascii_lowercase() as char)
            .collect();
        let content: String = words
            .iter()
            .filter(|w| !is_skippable(w))
            .map(|w| w.as_bytes()[0].to_ascii_lowercase() as char)
            .collect();
        for short in [all, content] {
            if short.len() < 2 {
                continue;
            }
            let defined = Definition {
                short: short.clone(),
                long: long.clone(),
            }
            .term();
            if searcher
                .doc_freq(&TTerm::from_field_text(f.abbr, &defined))
                .unwrap_or(0)
                > 0
            {
                return Some((short, 1.0));
            }
            // Two letters stand for too many things (`open source` is not
            // `os`): those count less.
            if self.term_freq(searcher, &short) > 0 {
                let weight = if short.len() == 2 {
                    SHORT_INITIALS
                } else {
                    1.0
                };
                return Some((short, weight));
            }
        }
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn derivations_share_a_root() {
        for (a, b) in [
            ("deprecation", "deprecated"),
            ("deprecate", "deprecating"),
            ("autoscaling", "autoscaler"),
            ("autoscale", "autoscaler"),
            ("upgrading", "upgrade"),
            ("configuration", "configure"),
            ("integration", "integrated"),
            ("observability", "observe"),
            ("signing", "signature"),
            ("embedded", "embed"),
            ("routing", "router"),
        ] {
            assert_eq!(root(a), root(b), "{a} / {b}");
        }
    }

    #[test]
    fn different_words_keep_different_roots() {
        for (a, b) in [
            ("certificate", "certified"),
            ("policy", "police"),
            ("secret", "secretary"),
        ] {
            assert_ne!(root(a), root(b), "{a} / {b}");
        }
        // Short words are not cut down to nothing.
        assert_eq!(root("string"), "string");
        assert_eq!(root("node"), "node");
    }

    #[test]
    fn camel_case_names_split_into_words() {
        assert_eq!(
            camel_words("PodSecurityPolicy"),
            Some(vec!["pod".to_string(), "security".into(), "policy".into()])
        );
        assert_eq!(
            camel_words("configMap"),
            Some(vec!["config".to_string(), "map".into()])
        );
        assert_eq!(camel_words("kubernetes"), None);
        assert_eq!(camel_words("HPA"), None);
        assert_eq!(camel_words("k8s"), None);
    }
}
