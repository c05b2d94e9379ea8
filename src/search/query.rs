//! The query language. Anything a user types is a query, never a syntax
//! error: unbalanced quotes run to the end, unknown `field:` prefixes are
//! plain words, lone operators are ignored.
//!
//! ```text
//! ebpf cilium            both words (AND)
//! "service mesh"         exact phrase (also 「…」 and “…”)
//! -docker                exclude
//! istio OR linkerd       either
//! presenter:ry  episode:14  site:github.com  title:operator
//! ```

/// One word or phrase to look for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Term {
    pub text: String,
    /// Written in quotes: match as a phrase, no synonyms, no typo correction.
    pub phrase: bool,
    /// `title:` prefix: only the title field.
    pub title_only: bool,
}

/// A parsed query: groups are ANDed, the terms inside a group ORed.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Parsed {
    pub groups: Vec<Vec<Term>>,
    pub exclude: Vec<Term>,
    pub presenters: Vec<String>,
    pub episodes: Vec<String>,
    pub sites: Vec<String>,
}

impl Parsed {
    pub fn has_terms(&self) -> bool {
        !self.groups.is_empty()
    }
}

#[derive(Debug, PartialEq)]
enum Lexeme {
    Word {
        text: String,
        quoted: bool,
        negated: bool,
    },
    Or,
}

fn closing_quote(open: char) -> Option<char> {
    match open {
        '"' => Some('"'),
        '「' => Some('」'),
        '“' => Some('”'),
        '『' => Some('』'),
        _ => None,
    }
}

fn lex(input: &str) -> Vec<Lexeme> {
    let chars: Vec<char> = input.chars().collect();
    let mut out = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        if c.is_whitespace() {
            i += 1;
            continue;
        }
        let negated = c == '-' && i + 1 < chars.len() && !chars[i + 1].is_whitespace();
        let start = if negated { i + 1 } else { i };
        // A field prefix may precede a quote: title:"service mesh".
        let mut prefix = String::new();
        let mut j = start;
        while j < chars.len() && chars[j].is_ascii_alphabetic() {
            j += 1;
        }
        if j < chars.len()
            && j > start
            && chars[j] == ':'
            && j + 1 < chars.len()
            && closing_quote(chars[j + 1]).is_some()
        {
            prefix = chars[start..=j].iter().collect();
        }
        let q = if prefix.is_empty() {
            start
        } else {
            start + prefix.chars().count()
        };
        if q < chars.len()
            && let Some(close) = closing_quote(chars[q])
        {
            let mut k = q + 1;
            while k < chars.len() && chars[k] != close {
                k += 1;
            }
            let inner: String = chars[q + 1..k].iter().collect();
            out.push(Lexeme::Word {
                text: format!("{prefix}{inner}"),
                quoted: true,
                negated,
            });
            i = k + 1;
            continue;
        }
        let mut k = start;
        while k < chars.len() && !chars[k].is_whitespace() {
            k += 1;
        }
        let text: String = chars[start..k].iter().collect();
        if !negated && (text == "OR" || text == "|" || text == "｜") {
            out.push(Lexeme::Or);
        } else {
            out.push(Lexeme::Word {
                text,
                quoted: false,
                negated,
            });
        }
        i = k;
    }
    out
}

/// Parses a query string. Never fails.
pub fn parse(input: &str) -> Parsed {
    let mut p = Parsed::default();
    let mut join_next = false;
    for lexeme in lex(input) {
        let (text, quoted, negated) = match lexeme {
            Lexeme::Or => {
                join_next = !p.groups.is_empty();
                continue;
            }
            Lexeme::Word {
                text,
                quoted,
                negated,
            } => (text, quoted, negated),
        };
        let (field, value) = match text.split_once(':') {
            Some((f, v)) if !v.is_empty() => (f.to_ascii_lowercase(), v.to_string()),
            _ => (String::new(), text.clone()),
        };
        let value = value.trim().to_string();
        match field.as_str() {
            "presenter" | "p" | "by" if !negated => {
                p.presenters.push(value);
                continue;
            }
            "episode" | "ep" if !negated => {
                p.episodes.push(value);
                continue;
            }
            "site" | "host" if !negated => {
                p.sites
                    .push(value.trim_start_matches("www.").to_ascii_lowercase());
                continue;
            }
            _ => {}
        }
        let (text, title_only) = if field == "title" {
            (value, true)
        } else {
            (text, false)
        };
        if text.trim().is_empty() {
            continue;
        }
        let term = Term {
            text,
            phrase: quoted,
            title_only,
        };
        if negated {
            p.exclude.push(term);
        } else if join_next {
            p.groups
                .last_mut()
                .expect("join_next implies a group")
                .push(term);
            join_next = false;
        } else {
            p.groups.push(vec![term]);
        }
    }
    p
}

#[cfg(test)]
mod tests {
    use super::*;

    fn t(text: &str) -> Term {
        Term {
            text: text.into(),
            phrase: false,
            title_only: false,
        }
    }

    #[test]
    fn words_are_anded_and_or_joins() {
        let p = parse("ebpf  istio OR linkerd\u{3000}cilium");
        assert_eq!(
            p.groups,
            vec![
                vec![t("ebpf")],
                vec![t("istio"), t("linkerd")],
                vec![t("cilium")]
            ]
        );
    }

    #[test]
    fn phrases_negation_and_fields() {
        let p = parse(
            r#""service mesh" -docker presenter:ry episode:14 site:www.GitHub.com title:operator 「コンテナ ランタイム」"#,
        );
        assert_eq!(
            p.groups[0],
            vec![Term {
                text: "service mesh".into(),
                phrase: true,
                title_only: false
            }]
        );
        assert_eq!(p.exclude, vec![t("docker")]);
        assert_eq!(p.presenters, vec!["ry"]);
        assert_eq!(p.episodes, vec!["14"]);
        assert_eq!(p.sites, vec!["github.com"]);
        assert_eq!(
            p.groups[1],
            vec![Term {
                text: "operator".into(),
                phrase: false,
                title_only: true
            }]
        );
        assert_eq!(
            p.groups[2],
            vec![Term {
                text: "コンテナ ランタイム".into(),
                phrase: true,
                title_only: false
            }]
        );
        let p = parse(r#"title:"service mesh""#);
        assert_eq!(
            p.groups[0],
            vec![Term {
                text: "service mesh".into(),
                phrase: true,
                title_only: true
            }]
        );
    }

    #[test]
    fn hostile_input_is_still_a_query() {
        for q in [
            "\"unbalanced",
            ":",
            "*",
            "-",
            "OR",
            "a OR",
            "OR b",
            "🎉",
            "title:",
            "presenter:",
            "\"\"",
            "--x",
        ] {
            let _ = parse(q);
        }
        assert_eq!(
            parse("\"unbalanced phrase").groups[0][0].text,
            "unbalanced phrase"
        );
        assert_eq!(parse(":").groups, vec![vec![t(":")]]);
        assert!(parse("title:").groups.len() == 1);
        let long = "あ".repeat(2000);
        assert_eq!(parse(&long).groups.len(), 1);
    }

    #[test]
    fn unknown_field_prefixes_are_words() {
        assert_eq!(parse("http://x.y").groups, vec![vec![t("http://x.y")]]);
        assert_eq!(parse("foo:bar").groups, vec![vec![t("foo:bar")]]);
    }
}
