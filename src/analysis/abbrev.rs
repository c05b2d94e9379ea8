//! Abbreviations the notes define themselves.
//!
//! Writers introduce an abbreviation once (`Horizontal Pod Autoscaler (HPA)`,
//! `EKS (Elastic Kubernetes Service)`) or write a type name whose initials are
//! the abbreviation everyone uses (`CustomResourceDefinition` → CRD). Ingest
//! records each definition on its topic; search reads them back from the
//! index's term dictionary, so `hpa` finds a topic that only says
//! "Horizontal Pod Autoscaler" in another episode, with no list to maintain.
//! Definitions are checked by initials (the Schwartz–Hearst idea, simplified:
//! every letter of the abbreviation starts a word of the long form, in order),
//! so `Kubernetes (K8s)` or `foo (see below)` are not definitions.

/// Separates the abbreviation from its long form in an index term
/// (`hpa\u{1f}horizontal pod autoscaler`).
pub const SEP: char = '\u{1f}';

/// Function words a long form may contain that the abbreviation skips
/// (`Certified Kubernetes Administrator` → CKA, `Infrastructure as Code` → IaC).
const SKIPPABLE: &[&str] = &[
    "of", "and", "for", "the", "as", "a", "an", "to", "in", "on", "&",
];

/// A function word an abbreviation may skip (`in`, `of`, `as` …).
pub fn is_skippable(word: &str) -> bool {
    SKIPPABLE.contains(&word.to_ascii_lowercase().as_str())
}

/// An abbreviation and its long form, both lowercase.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Definition {
    pub short: String,
    pub long: String,
}

impl Definition {
    /// The index term recording this definition.
    pub fn term(&self) -> String {
        format!("{}{SEP}{}", self.short, self.long)
    }

    /// Reads an index term back.
    pub fn from_term(term: &str) -> Option<Definition> {
        let (short, long) = term.split_once(SEP)?;
        Some(Definition {
            short: short.to_string(),
            long: long.to_string(),
        })
    }
}

/// An abbreviation as written: 2–8 ASCII letters or digits, mostly capitals
/// (`HPA`, `CRDs`, `IaC`, `K8s` is rejected later by the initials check).
fn looks_like_abbreviation(word: &str) -> bool {
    let word = word.strip_suffix('s').unwrap_or(word);
    let n = word.chars().count();
    (2..=8).contains(&n)
        && word.chars().all(|c| c.is_ascii_alphanumeric())
        && word.chars().next().is_some_and(|c| c.is_ascii_uppercase())
        && word.chars().filter(|c| c.is_ascii_uppercase()).count() * 2 > n
}

/// The letters an abbreviation stands for: its lowercase letters without a
/// plural `s` (`CRDs` → `crd`).
fn letters(abbr: &str) -> String {
    let base = if abbr.len() > 2 && abbr.ends_with('s') {
        &abbr[..abbr.len() - 1]
    } else {
        abbr
    };
    base.to_ascii_lowercase()
}

/// Words of a long form: ASCII letters/digits, hyphenated parts split
/// (`Multi-Cluster Services` → multi, cluster, services).
fn words(text: &str) -> Vec<&str> {
    text.split(|c: char| !(c.is_ascii_alphanumeric() || c == '&'))
        .filter(|w| !w.is_empty())
        .collect()
}

/// Does `long` (its words) spell `short` by initials? Skippable words may
/// be left out; every other word must contribute its first letter.
fn spells(short: &str, long: &[&str]) -> bool {
    fn go(short: &[u8], long: &[&str]) -> bool {
        match (short.first(), long.first()) {
            (None, None) => true,
            (_, None) => false,
            (s, Some(w)) => {
                let lw = w.to_ascii_lowercase();
                let skip = SKIPPABLE.contains(&lw.as_str()) && go(short, &long[1..]);
                skip || s.is_some_and(|&c| lw.as_bytes()[0] == c && go(&short[1..], &long[1..]))
            }
        }
    }
    long.len() >= 2 && go(short.as_bytes(), long)
}

/// The shortest run of words ending `before` (or starting `after`) that
/// spells `short`, as a lowercase long form.
fn long_form(short: &str, candidates: &[&str], from_end: bool) -> Option<String> {
    let max = (short.len() + 3).min(candidates.len());
    (2..=max).find_map(|k| {
        let run = if from_end {
            &candidates[candidates.len() - k..]
        } else {
            &candidates[..k]
        };
        spells(short, run).then(|| run.join(" ").to_ascii_lowercase())
    })
}

/// CamelCase type names of three or more parts (`HorizontalPodAutoscaler`):
/// their initials, and the name as the index holds it (one lowercase word).
fn camel_case(word: &str) -> Option<Definition> {
    // Most words fail here: every word of every topic is asked at ingest.
    if word.len() < 3 || !word.starts_with(|c: char| c.is_ascii_uppercase()) {
        return None;
    }
    let mut initials = String::new();
    let mut prev_upper = false;
    for c in word.chars() {
        if !c.is_ascii_alphabetic() {
            return None;
        }
        if c.is_ascii_uppercase() {
            if prev_upper {
                // `HTTPRoute`, `OIDC`: runs of capitals are not humps.
                return None;
            }
            initials.push(c.to_ascii_lowercase());
        }
        prev_upper = c.is_ascii_uppercase();
    }
    (initials.len() >= 3).then(|| Definition {
        short: initials,
        long: word.to_ascii_lowercase(),
    })
}

/// The first `ascii` or `full` (a full-width parenthesis) in `text`: its
/// byte offset and length. A byte search: `str::find` with a set of chars
/// decodes every character of the Japanese text around the parentheses,
/// and was most of this module's share of ingest.
fn find_paren(text: &str, ascii: u8, full: &str) -> Option<(usize, usize)> {
    let b = text.as_bytes();
    let lead = full.as_bytes()[0];
    let mut from = 0;
    while let Some(i) = memchr::memchr2(ascii, lead, &b[from..]).map(|i| from + i) {
        if b[i] == ascii {
            return Some((i, 1));
        }
        if b[i..].starts_with(full.as_bytes()) {
            return Some((i, full.len()));
        }
        from = i + 1;
    }
    None
}

/// Every definition in `text`, each once, sorted.
pub fn definitions(text: &str) -> Vec<Definition> {
    let mut out = Vec::new();
    let mut rest = text;
    let mut offset = 0;
    // `Long Form (ABBR)` and `ABBR (Long Form)`, with ASCII or full-width parentheses.
    while let Some((open, open_len)) = find_paren(rest, b'(', "（") {
        let after = &rest[open + open_len..];
        let Some((close, _)) = find_paren(after, b')', "）") else {
            break;
        };
        let inner = after[..close].trim();
        let before = &text[..offset + open];
        let inside = words(inner);
        if inside.len() == 1 && looks_like_abbreviation(inner) {
            let short = letters(inner);
            let preceding = words(
                before
                    .rsplit(['.', '。', '\n', ':', '、', '(', ')'])
                    .next()
                    .unwrap_or(""),
            );
            if let Some(long) = long_form(&short, &preceding, true) {
                out.push(Definition { short, long });
            }
        } else if inside.len() >= 2 {
            let last = before
                .trim_end()
                .rsplit(|c: char| !c.is_ascii_alphanumeric())
                .next()
                .unwrap_or("");
            if looks_like_abbreviation(last) {
                let short = letters(last);
                if let Some(long) = long_form(&short, &inside, false) {
                    out.push(Definition { short, long });
                }
            }
        }
        let step = open + open_len;
        offset += step;
        rest = &rest[step..];
    }
    // Words found as byte runs (their bounds are ASCII, so slicing is
    // safe): decoding every character of Japanese text to find them cost
    // more than the rest of this function.
    let b = text.as_bytes();
    let mut i = 0;
    while i < b.len() {
        if !b[i].is_ascii_alphanumeric() {
            i += 1;
            continue;
        }
        let start = i;
        while i < b.len() && b[i].is_ascii_alphanumeric() {
            i += 1;
        }
        out.extend(camel_case(&text[start..i]));
    }
    out.sort();
    out.dedup();
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn defs(text: &str) -> Vec<(String, String)> {
        definitions(text)
            .into_iter()
            .map(|d| (d.short, d.long))
            .collect()
    }

    #[test]
    fn long_form_then_abbreviation() {
        assert_eq!(
            defs("Kubernetes の Horizontal Pod Autoscaler (HPA) を使う"),
            vec![("hpa".into(), "horizontal pod autoscaler".into())]
        );
        assert_eq!(
            defs("Amazon Elastic Kubernetes Service（EKS）で"),
            vec![("eks".into(), "elastic kubernetes service".into())]
        );
        assert_eq!(
            defs("Custom Resource Definitions (CRDs) everywhere"),
            vec![("crd".into(), "custom resource definitions".into())]
        );
        assert_eq!(
            defs("Certified Kubernetes Administrator (CKA)"),
            vec![("cka".into(), "certified kubernetes administrator".into())]
        );
    }

    #[test]
    fn abbreviation_then_long_form() {
        assert_eq!(
            defs("OPA (Open Policy Agent) の話"),
            vec![("opa".into(), "open policy agent".into())]
        );
    }

    #[test]
    fn function_words_may_be_skipped() {
        assert_eq!(
            defs("Infrastructure as Code (IaC)"),
            vec![("iac".into(), "infrastructure as code".into())]
        );
    }

    #[test]
    fn camel_case_names_give_their_initials() {
        assert_eq!(
            defs("kind: HorizontalPodAutoscaler"),
            vec![("hpa".into(), "horizontalpodautoscaler".into())]
        );
        // Two humps, capital runs and lowercase words are not names of this kind.
        assert!(defs("NetworkPolicy HTTPRoute kubernetes").is_empty());
    }

    #[test]
    fn parentheses_that_are_not_definitions() {
        assert!(defs("Kubernetes (K8s) and foo (see below) and 2021 (JST)").is_empty());
        assert!(defs("(HPA) at the start").is_empty());
        assert!(defs("unbalanced ( HPA").is_empty());
        assert!(defs("Some Words (SW").is_empty());
    }

    #[test]
    fn parentheses_are_found_past_other_full_width_characters() {
        // `！`, `ｶ` and `）` share the first byte of `（` (0xEF).
        assert_eq!(find_paren("ｶ！）（x", b'(', "（"), Some((9, 3)));
        assert_eq!(find_paren("ｶ！(x（", b'(', "（"), Some((6, 1)));
        assert_eq!(find_paren("ｶ！（", b')', "）"), None);
        assert_eq!(
            defs("ｶﾞｲﾄﾞ！ Open Policy Agent（OPA） と Pod Security Admission (PSA）"),
            vec![
                ("opa".into(), "open policy agent".into()),
                ("psa".into(), "pod security admission".into())
            ]
        );
    }

    #[test]
    fn terms_round_trip() {
        let d = Definition {
            short: "hpa".into(),
            long: "horizontal pod autoscaler".into(),
        };
        assert_eq!(Definition::from_term(&d.term()), Some(d));
        assert_eq!(Definition::from_term("no separator"), None);
    }
}
