//! Reading a query that is a question or a sentence.
//!
//! People ask `Podが何度も再起動するのはなぜ？` or `how to rotate
//! certificates`. Taken as typed, the scaffolding (何度も, する, なぜ, how,
//! to) would count as words every topic must contain. Here a query is
//! reduced to its content words, each its own word of the query, so ranking
//! treats them as a bag where rarer words weigh more (see `Engine::prepare`);
//! what was left out is reported, never silently lost.
//!
//! Scaffolding is recognised by grammar (IPADIC parts of speech: particles,
//! auxiliaries, verbs, adverbs, pronouns …) and by a short list of the words
//! questions and requests are made of, in both languages. Plain keyword
//! queries and compounds (`コンテナランタイム`, `GKEセキュリティ`) pass
//! through unchanged.

use crate::analysis::morphemes::{Morpheme, morphemes};

use super::query::{Parsed, Term};

/// English words that frame a question rather than say what it is about.
/// Dropped only when the query reads as a sentence: `kn search how` still
/// searches for "how".
const EN_SCAFFOLD: &[&str] = &[
    "how",
    "what",
    "why",
    "when",
    "where",
    "which",
    "who",
    "whom",
    "whose",
    "is",
    "are",
    "was",
    "were",
    "be",
    "been",
    "do",
    "does",
    "did",
    "can",
    "could",
    "should",
    "would",
    "will",
    "shall",
    "may",
    "might",
    "must",
    "i",
    "me",
    "my",
    "we",
    "us",
    "our",
    "you",
    "your",
    "it",
    "its",
    "this",
    "that",
    "these",
    "those",
    "there",
    "a",
    "an",
    "the",
    "to",
    "of",
    "in",
    "on",
    "at",
    "for",
    "from",
    "with",
    "about",
    "into",
    "by",
    "and",
    "or",
    "not",
    "way",
    "ways",
    "get",
    "make",
    "episode",
    "episodes",
    "talk",
    "talked",
    "discussed",
    "mentioned",
    "presented",
    "introduced",
    "topic",
    "topics",
    "article",
    "articles",
    "someone",
    "anyone",
    "something",
    "any",
    "some",
    "need",
    "want",
    "tell",
    "explain",
    "know",
    "learn",
    "please",
    "vs",
    "versus",
    "see",
    "much",
    "many",
    "often",
    "possible",
    "use",
    "using",
    "used",
    "like",
    "good",
    "best",
    "better",
    "easy",
    "easily",
    "here",
    "also",
    "just",
    "really",
    "still",
    "anything",
    "without",
    "within",
    "between",
    "every",
    "all",
];

/// Words that start an English question.
const EN_QUESTION: &[&str] = &[
    "how", "what", "why", "when", "where", "which", "who", "can", "does", "do", "is", "are",
    "should", "could", "would",
];

/// Japanese nouns that frame a question or request (方法 "way to", 理由
/// "reason", 回 "the episode that") rather than name its subject.
const JA_SCAFFOLD: &[&str] = &[
    "方法",
    "やり方",
    "仕方",
    "使い方",
    "手順",
    "こと",
    "もの",
    "ため",
    "理由",
    "原因",
    "場合",
    "とき",
    "時",
    "何",
    "なに",
    "なん",
    "意味",
    "違い",
    "件",
    "話",
    "回",
    "紹介",
    "記事",
    "エピソード",
    "誰",
    "どこ",
    "いつ",
    "どれ",
    "どの",
    "どう",
    "なぜ",
    "何故",
    "今",
    "よう",
    "感じ",
    "おすすめ",
    "オススメ",
    "ほう",
    "方",
    "的",
];

/// A query read as words and scaffolding.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Reading {
    pub parsed: Parsed,
    /// Scaffolding left out, as typed (normalised).
    pub dropped: Vec<String>,
    /// The query reads as a question or sentence.
    pub sentence: bool,
}

fn trim_punct(word: &str) -> &str {
    word.trim_matches(|c: char| matches!(c, '?' | '？' | '!' | '！' | '.' | '。' | ',' | '、'))
}

fn is_question_mark(text: &str) -> bool {
    text.contains(['?', '？'])
}

/// Can a Japanese term hold scaffolding at all? Particles, auxiliaries,
/// verb endings and question words are written in hiragana; the rest of the
/// list is a few kanji nouns. A term without any (`コンテナ`,
/// `分散ストレージ`, `GKEセキュリティ`) is a compound or a word: it skips
/// the dictionary, which a search that needs no morphology never loads.
fn may_have_scaffolding(text: &str) -> bool {
    text.chars()
        .any(|c| crate::analysis::normalize::is_hiragana(c) || matches!(c, '?' | '？'))
        || JA_SCAFFOLD
            .iter()
            .any(|w| !w.chars().all(crate::analysis::normalize::is_hiragana) && text.contains(w))
}

/// Is this Japanese morpheme scaffolding? `in_compound`: it touches
/// another noun, as 時 in 時系列 does; a one-character word of the list is
/// scaffolding only on its own (`eBPFの話`).
fn ja_scaffold(m: &Morpheme, previous_dropped: bool, in_compound: bool) -> bool {
    let listed = JA_SCAFFOLD.contains(&m.base.as_str()) || JA_SCAFFOLD.contains(&m.text.as_str());
    match m.pos.as_str() {
        "ascii" => false,
        "名詞" => {
            matches!(m.pos1.as_str(), "非自立" | "代名詞" | "副詞可能")
                || (m.pos1 == "接尾" && previous_dropped)
                || (listed && (m.text.chars().count() > 1 || !in_compound))
        }
        "接頭詞" => false,
        // Particles, auxiliaries, verbs (する, できる, したい), adjectives,
        // adverbs (何度も), adnominals, conjunctions, interjections, symbols.
        _ => true,
    }
}

/// Reads `parsed`: terms that are sentences become their content words.
pub fn read(parsed: &Parsed) -> Reading {
    let plain = |t: &Term| !t.phrase && !t.title_only;
    let single: Vec<Option<&Term>> = parsed
        .groups
        .iter()
        .map(|g| match g.as_slice() {
            [t] if plain(t) => Some(t),
            _ => None,
        })
        .collect();
    let first = parsed.groups.first().and_then(|g| g.first());
    let sentence_en = parsed
        .groups
        .iter()
        .flatten()
        .any(|t| is_question_mark(&t.text))
        || (parsed.groups.len() >= 2
            && first.is_some_and(|t| {
                EN_QUESTION.contains(&trim_punct(&t.text).to_lowercase().as_str())
            }));

    let mut out = Parsed {
        groups: Vec::new(),
        ..parsed.clone()
    };
    let mut dropped = Vec::new();
    let mut sentence = sentence_en;
    for (g, term) in parsed.groups.iter().zip(&single) {
        let Some(term) = term else {
            out.groups.push(g.clone());
            continue;
        };
        if term.text.is_ascii() {
            let word = trim_punct(&term.text);
            if sentence_en && EN_SCAFFOLD.contains(&word.to_lowercase().as_str()) || word.is_empty()
            {
                dropped.push(term.text.clone());
            } else {
                out.groups.push(vec![Term {
                    text: word.to_string(),
                    ..(*term).clone()
                }]);
            }
            continue;
        }
        if !may_have_scaffolding(&term.text) {
            out.groups.push(g.clone());
            continue;
        }
        let (words, gone) = content_words(&term.text, sentence_en);
        if gone.is_empty() {
            out.groups.push(g.clone());
            continue;
        }
        sentence = true;
        dropped.extend(gone);
        out.groups.extend(words.into_iter().map(|text| {
            vec![Term {
                text,
                ..(*term).clone()
            }]
        }));
    }
    sentence |= parsed
        .exclude
        .iter()
        .any(|t| !t.phrase && !t.text.is_ascii() && may_have_scaffolding(&t.text));
    if sentence {
        // In a sentence, `-x` excludes only as a word of its own: a flag
        // (`kubectl get pods -o`) is scaffolding, and a dash before part of
        // the sentence (`-を使わない方法`) is not an exclusion.
        out.exclude.clear();
        for t in &parsed.exclude {
            let word = trim_punct(&t.text);
            if word.chars().count() <= 1 {
                dropped.push(format!("-{}", t.text));
            } else if t.phrase || !may_have_scaffolding(word) {
                out.exclude.push(Term {
                    text: word.to_string(),
                    ..t.clone()
                });
            } else {
                let (words, gone) = content_words(word, sentence_en);
                dropped.extend(gone);
                out.groups.extend(words.into_iter().map(|text| {
                    vec![Term {
                        text,
                        phrase: false,
                        title_only: false,
                    }]
                }));
            }
        }
    }
    if out.groups.is_empty() && !parsed.groups.is_empty() {
        // Nothing but scaffolding: search for what was typed.
        return Reading {
            parsed: parsed.clone(),
            dropped: Vec::new(),
            sentence: false,
        };
    }
    Reading {
        parsed: out,
        dropped,
        sentence,
    }
}

/// Content words of a Japanese (or mixed) term and the scaffolding left
/// out. Adjacent content words stay together as one word of the query
/// (`証明書更新`, `GKEセキュリティ`), as the notes write compounds.
fn content_words(text: &str, sentence_en: bool) -> (Vec<String>, Vec<String>) {
    let ms = morphemes(text);
    let normal = crate::analysis::normalize::normalize_str(text);
    let mut words: Vec<(usize, usize)> = Vec::new();
    let mut gone = Vec::new();
    let mut previous_dropped = true;
    let mut joinable = false;
    // A word that can carry a compound: not a suffix (度 of 何度), not a
    // dependent noun.
    let noun = |m: &Morpheme| {
        m.pos == "ascii"
            || m.pos == "名詞" && !matches!(m.pos1.as_str(), "接尾" | "非自立" | "代名詞")
    };
    for (i, m) in ms.iter().enumerate() {
        let touches = |other: Option<&Morpheme>, before: bool| {
            other.is_some_and(|o| {
                noun(o)
                    && if before {
                        o.end == m.start
                    } else {
                        m.end == o.start
                    }
            })
        };
        let in_compound = touches(i.checked_sub(1).and_then(|j| ms.get(j)), true)
            || touches(ms.get(i + 1), false);
        let drop = if m.pos == "ascii" {
            sentence_en && EN_SCAFFOLD.contains(&m.text.as_str())
        } else {
            ja_scaffold(m, previous_dropped, in_compound)
        };
        if drop {
            gone.push(m.text.clone());
            previous_dropped = true;
            joinable = false;
            continue;
        }
        match words.last_mut() {
            Some(last) if joinable && last.1 == m.start => last.1 = m.end,
            _ => words.push((m.start, m.end)),
        }
        previous_dropped = false;
        joinable = true;
    }
    let words = words
        .into_iter()
        .map(|(a, b)| normal[a..b].to_string())
        .collect();
    (words, gone)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::search::query::parse;

    fn words(q: &str) -> (Vec<String>, Vec<String>, bool) {
        let r = read(&parse(q));
        let w = r
            .parsed
            .groups
            .iter()
            .flatten()
            .map(|t| t.text.clone())
            .collect();
        (w, r.dropped, r.sentence)
    }

    #[test]
    fn japanese_questions_keep_their_content_words() {
        let (w, dropped, sentence) = words("Podが何度も再起動するのはなぜ？");
        assert_eq!(w, vec!["pod", "再起動"]);
        assert!(sentence);
        assert!(dropped.iter().any(|d| d == "なぜ"), "{dropped:?}");
        let (w, _, _) = words("Kubernetesの証明書を更新する方法");
        assert_eq!(w, vec!["kubernetes", "証明書", "更新"]);
        let (w, _, _) = words("マルチクラスタを管理したい");
        assert_eq!(w, vec!["マルチクラスタ", "管理"]);
        let (w, dropped, _) = words("eBPFの話");
        assert_eq!(
            (w, dropped),
            (
                vec!["ebpf".to_string()],
                vec!["の".to_string(), "話".to_string()]
            )
        );
        // A listed one-character word inside a compound stays.
        let (w, _, _) = words("時系列データベースの比較");
        assert_eq!(w, vec!["時系列データベース", "比較"]);
    }

    #[test]
    fn english_questions_drop_their_frame() {
        let (w, dropped, sentence) = words("how to rotate certificates");
        assert_eq!(w, vec!["rotate", "certificates"]);
        assert_eq!(dropped, vec!["how", "to"]);
        assert!(sentence);
        let (w, _, _) = words("what is a service mesh?");
        assert_eq!(w, vec!["service", "mesh"]);
    }

    #[test]
    fn keyword_queries_and_compounds_are_untouched() {
        for q in [
            "ebpf cilium",
            "コンテナランタイム",
            "GKEセキュリティ",
            "how",
            "service mesh",
        ] {
            let (w, dropped, sentence) = words(q);
            assert!(dropped.is_empty() && !sentence, "{q}: {dropped:?}");
            assert_eq!(w.join(" "), q, "{q}");
        }
        // Quoted phrases and fields are never rewritten.
        let r = read(&parse("\"how to\" title:operator"));
        assert_eq!(r.parsed, parse("\"how to\" title:operator"));
    }

    #[test]
    fn compounds_without_kana_never_need_the_dictionary() {
        assert!(!may_have_scaffolding("コンテナランタイム"));
        assert!(!may_have_scaffolding("GKEセキュリティ"));
        assert!(may_have_scaffolding("証明書の更新"));
        assert!(may_have_scaffolding("更新方法"));
        assert!(may_have_scaffolding("Pod再起動？"));
    }

    #[test]
    fn a_dash_in_a_sentence_excludes_only_a_word() {
        let r = read(&parse("how to list pods -o wide -docker?"));
        let ex: Vec<&str> = r.parsed.exclude.iter().map(|t| t.text.as_str()).collect();
        assert_eq!(ex, vec!["docker"]);
        assert!(r.dropped.contains(&"-o".to_string()), "{:?}", r.dropped);
        let r = read(&parse("Docker -を使わずにビルドする方法"));
        assert!(r.parsed.exclude.is_empty(), "{:?}", r.parsed.exclude);
        let w: Vec<&str> = r
            .parsed
            .groups
            .iter()
            .flatten()
            .map(|t| t.text.as_str())
            .collect();
        assert!(w.contains(&"ビルド"), "{w:?}");
        // Outside a sentence, `-x` is an exclusion as before.
        let r = read(&parse("ebpf -docker"));
        assert_eq!(r.parsed.exclude.len(), 1);
        assert!(!r.sentence);
    }

    #[test]
    fn only_scaffolding_searches_as_typed() {
        let r = read(&parse("how to"));
        assert_eq!(r.parsed, parse("how to"));
        assert!(r.dropped.is_empty());
    }
}
