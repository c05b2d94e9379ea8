//! From parsed query words to what is searched for each: its tokens, its
//! expansions, a typo fix when it matches nothing, and the report of it all.

use tantivy::Searcher;

use super::Engine;
use super::correct::Fix;
use super::query::{Parsed, Term};
use super::understood::{Correction, Expansion, Understood};

/// Typo correction looks at English words of this many letters or more.
const MIN_TYPO_LEN: usize = 5;

impl Engine<'_> {
    /// Analyses one query word, corrects it when it is a typo (unless
    /// `exact`), and finds its expansions. Returns the tokens, expansions
    /// and how many topics hold the word as searched.
    pub(super) fn understand_word(
        &self,
        searcher: &Searcher,
        term: &mut Term,
        exact: bool,
        understood: &mut Understood,
        notices: &mut Vec<String>,
    ) -> (Vec<(usize, String)>, Vec<Expansion>, u64) {
        let mut tokens = self.tokens(&term.text);
        let mut expansions = self.expansions(searcher, term, &tokens, exact);
        let mut topics = self.word_freq(searcher, &tokens);
        let word = term.text.to_lowercase();
        let eligible = !exact
            && !term.phrase
            && word.chars().count() >= MIN_TYPO_LEN
            && word.chars().all(|c| c.is_ascii_alphabetic());
        if !eligible || topics > 0 || !expansions.is_empty() {
            return (tokens, expansions, topics);
        }
        let Some(fix) = self.correction(searcher, &word) else {
            return (tokens, expansions, topics);
        };
        let (to, applied) = match fix {
            Fix::Certain(to) => (to, true),
            Fix::Uncertain(to) => (to, false),
        };
        notices.push(if applied {
            format!(
                "showing results for \"{to}\" (nothing matches \"{}\"; --exact searches as typed)",
                term.text
            )
        } else {
            format!("nothing matches \"{}\"; did you mean \"{to}\"?", term.text)
        });
        understood.corrections.push(Correction {
            from: term.text.clone(),
            to: to.clone(),
            applied,
        });
        if applied {
            term.text = to;
            tokens = self.tokens(&term.text);
            expansions = self.expansions(searcher, term, &tokens, exact);
            topics = self.word_freq(searcher, &tokens);
        }
        (tokens, expansions, topics)
    }

    /// Expansions that belong to a run of consecutive plain English words
    /// rather than to one: their initials (`Elastic Kubernetes Service` →
    /// eks) or the words written as one (`Pod Security Policy` →
    /// podsecuritypolicy), when the index knows them. Each word of the run
    /// gets them, so a topic that says only the other form passes the AND
    /// of the words (and, earning only expansion tiers, ranks below topics
    /// with the words themselves). One list per group of `parsed`.
    pub(super) fn run_expansions(
        &self,
        searcher: &Searcher,
        parsed: &Parsed,
    ) -> Vec<Vec<Expansion>> {
        let plain = |g: &Vec<Term>| {
            matches!(g.as_slice(), [t] if !t.phrase && !t.title_only
                && t.text.len() >= 2 && t.text.bytes().all(|b| b.is_ascii_alphabetic()))
        };
        let n = parsed.groups.len();
        let mut out = vec![Vec::new(); n];
        let mut start = 0;
        while start < n {
            let mut done = 1;
            for len in (2..=(n - start).min(7)).rev() {
                let run = &parsed.groups[start..start + len];
                if !run.iter().all(plain) {
                    continue;
                }
                let words: Vec<&str> = run.iter().map(|g| g[0].text.as_str()).collect();
                let mut forms = Vec::new();
                self.phrase_forms(searcher, &words.join(" "), &mut forms);
                if forms.is_empty() {
                    continue;
                }
                for slot in &mut out[start..start + len] {
                    slot.extend(forms.iter().cloned());
                }
                done = len;
                break;
            }
            start += done;
        }
        out
    }

    /// The parts of a Japanese compound that matches nothing as typed and
    /// has no expansion (`機密情報`, `外形監視`): its analysed words of two
    /// characters or more (runs of them that are a dictionary word kept
    /// whole), when there are at least two. Each is then a word
    /// of the query with its own expansions, and topics with some of them
    /// follow (rarer parts weigh more).
    pub(super) fn compound_parts(
        &self,
        searcher: &Searcher,
        term: &Term,
        tokens: &[(usize, String)],
    ) -> Option<Vec<Term>> {
        if term.phrase || term.text.is_ascii() || tokens.len() < 2 {
            return None;
        }
        // Not even as a run of characters (bigrams) in some compound.
        if let Some(q) = self.ngram_query(&term.text, term.title_only)
            && searcher
                .search(&*q, &tantivy::collector::Count)
                .unwrap_or(0)
                > 0
        {
            return None;
        }
        // Adjacent words that together are a dictionary word stay together
        // (機械|学習|基盤 → 機械学習 + 基盤): the longest such run first.
        let lexicon = crate::analysis::lexicon();
        let words: Vec<&str> = tokens.iter().map(|(_, t)| t.as_str()).collect();
        let mut joined: Vec<String> = Vec::new();
        let mut i = 0;
        while i < words.len() {
            let end = (i + 2..=words.len())
                .rev()
                .find(|&j| lexicon.has_headword(&words[i..j].concat()))
                .unwrap_or(i + 1);
            joined.push(words[i..end].concat());
            i = end;
        }
        let parts: Vec<Term> = joined
            .into_iter()
            .filter(|t| t.chars().count() >= 2)
            .map(|text| Term {
                text,
                phrase: false,
                title_only: term.title_only,
            })
            .collect();
        (parts.len() >= 2).then_some(parts)
    }
}
