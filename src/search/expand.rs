//! Other ways to write a query word, kept only when the index holds them.
//!
//! A topic is found when its text says what the query says, or one of:
//! - a synonym from `data/synonyms.txt` (domain spellings);
//! - a dictionary translation (JMdict/EDICT, both directions: 暗号化 →
//!   encryption, certificate → 証明書), computing senses first;
//! - the English a katakana loanword came from, or the katakana written for
//!   an English word (back-transliteration checked against the index's own
//!   vocabulary, see `analysis::translit`), compounds split into known parts
//!   (リバースプロキシ → reverse proxy);
//! - another form of an English word (autoscaling → autoscaler) or the long
//!   name a short one begins (postgres → postgresql);
//! - an abbreviation the notes define, either way (hpa ↔ horizontal pod
//!   autoscaler).
//!
//! Every candidate is looked up in the index's term dictionary first, so an
//! expansion never adds a word no topic contains; all weigh less than an
//! exact match (see the tiers in `search/mod.rs`).

use std::collections::HashMap;

use tantivy::Searcher;
use tantivy::Term as TTerm;
use tantivy::schema::Field;

use super::Engine;
use super::query::Term;
use super::understood::{Expansion, Via};
use crate::analysis::lexicon::Sense;
use crate::analysis::ngram::bigrams;
use crate::analysis::normalize::{fold_long_vowel, is_katakana, normalize_str};

/// At most this many expansions of one kind per word: the first senses of a
/// dictionary entry are its meanings, the tail is noise.
const MAX_SENSES: usize = 3;
/// Dictionary weights: a computing sense is what these notes mean.
const COMPUTING: f32 = 1.0;
const COMMON: f32 = 0.8;
const OTHER: f32 = 0.6;
/// Each further translation of the same word counts a little less.
const SENSE_DECAY: f32 = 0.85;
/// Below this a translation is more noise than help.
const MIN_WEIGHT: f32 = 0.4;
/// Only a headword's first senses are what it means (卒業 is graduation;
/// "quitting" is its second sense and rarely meant). Computing senses
/// always count.
const MAIN_SENSES: u8 = 2;

fn prefix_end(prefix: &[u8]) -> Vec<u8> {
    let mut end = prefix.to_vec();
    while let Some(last) = end.pop() {
        if last < 0xff {
            end.push(last + 1);
            return end;
        }
    }
    vec![0xff]
}

impl Engine<'_> {
    /// Index terms of `field` starting with `prefix`, with their document
    /// frequencies (summed over segments), at most `limit` distinct terms.
    pub(super) fn terms_with_prefix(
        &self,
        searcher: &Searcher,
        field: Field,
        prefix: &str,
        limit: usize,
    ) -> Vec<(String, u64)> {
        let mut out: Vec<(String, u64)> = Vec::new();
        // Segments repeat terms: one slot per term (a single segment, the
        // usual small index, lists each term once and needs no map).
        let mut slot: HashMap<String, usize> = HashMap::new();
        let single = searcher.segment_readers().len() == 1;
        let end = prefix_end(prefix.as_bytes());
        for segment in searcher.segment_readers() {
            let Ok(inverted) = segment.inverted_index(field) else {
                continue;
            };
            let Ok(mut stream) = inverted
                .terms()
                .range()
                .ge(prefix.as_bytes())
                .lt(&end)
                .into_stream()
            else {
                continue;
            };
            while stream.advance() {
                let Ok(term) = std::str::from_utf8(stream.key()) else {
                    continue;
                };
                let df = u64::from(stream.value().doc_freq);
                if single {
                    if out.len() >= limit {
                        break;
                    }
                    out.push((term.to_string(), df));
                    continue;
                }
                match slot.get(term) {
                    Some(&i) => out[i].1 += df,
                    None if out.len() < limit => {
                        slot.insert(term.to_string(), out.len());
                        out.push((term.to_string(), df));
                    }
                    None => {}
                }
            }
        }
        out
    }

    /// All the words of an English text are index terms (title, body or links).
    pub(super) fn english_known(&self, searcher: &Searcher, text: &str) -> bool {
        let tokens = self.tokens(text);
        !tokens.is_empty() && tokens.iter().all(|(_, t)| self.term_freq(searcher, t) > 0)
    }

    /// How a Japanese headword can be matched: as an index term (`false`),
    /// or as a run of characters whose bigrams the index holds (`true`).
    fn japanese_known(&self, searcher: &Searcher, word: &str) -> Option<bool> {
        if word.chars().count() < 2 {
            return None;
        }
        if self.indexed_word(word).is_some() {
            return Some(false);
        }
        let f = &self.handle.fields;
        let grams = bigrams(word);
        let known = !grams.is_empty()
            && grams.iter().all(|g| {
                [f.title_ng, f.body_ng].iter().any(|&field| {
                    searcher
                        .doc_freq(&TTerm::from_field_text(field, &g.text))
                        .unwrap_or(0)
                        > 0
                })
            });
        known.then_some(true)
    }

    /// Alternatives for one query word, each checked against the index.
    pub(super) fn expansions(
        &self,
        searcher: &Searcher,
        term: &Term,
        tokens: &[(usize, String)],
        exact: bool,
    ) -> Vec<Expansion> {
        if term.phrase {
            return Vec::new();
        }
        let key = crate::analysis::synonyms::key_of(tokens);
        let mut out: Vec<Expansion> = self
            .synonyms
            .alternatives(&key)
            .into_iter()
            .map(|text| Expansion {
                text,
                via: Via::Synonym,
                weight: 1.0,
                substring: false,
            })
            .collect();
        let text = normalize_str(term.text.trim());
        if exact {
        } else if text.is_ascii() {
            if text.chars().any(|c| c.is_ascii_alphabetic()) {
                if text.contains(' ') {
                    self.phrase_forms(searcher, &text, &mut out);
                } else {
                    self.abbreviations(searcher, &text, &mut out);
                    self.word_forms(searcher, term.text.trim(), &mut out);
                    self.english_to_japanese(searcher, &text, &key, &mut out);
                }
                let has_japanese = out.iter().any(|e| !e.text.is_ascii());
                if !has_japanese && !text.contains(' ') {
                    self.english_to_katakana(searcher, &text, &mut out);
                }
            }
        } else {
            let word = fold_long_vowel(&text).unwrap_or(&text).to_string();
            self.japanese_to_english(searcher, &word, &mut out);
            let has_english = out.iter().any(|e| e.text.is_ascii());
            if !has_english && word.chars().all(is_katakana) {
                self.katakana_to_english(searcher, &word, &mut out);
            }
        }
        // Each alternative once, never the word itself. A headword matched
        // as characters is its own key: analysing it would load the
        // Japanese dictionary for an English query.
        let mut seen = vec![key];
        out.retain(|e| {
            let k = if e.substring {
                normalize_str(&e.text)
            } else {
                crate::analysis::synonyms::key_of(&self.tokens(&e.text))
            };
            let fresh = !k.is_empty() && !seen.contains(&k);
            seen.push(k);
            fresh
        });
        out
    }

    fn senses_to_expansions(
        senses: Vec<Sense>,
        mut known: impl FnMut(&str) -> Option<bool>,
        out: &mut Vec<Expansion>,
    ) {
        let mut decay = 1.0;
        let mut n = 0;
        for s in senses {
            if n >= MAX_SENSES {
                break;
            }
            let base = if s.computing {
                COMPUTING
            } else if s.common {
                COMMON
            } else {
                OTHER
            };
            if base * decay < MIN_WEIGHT || (!s.computing && s.sense >= MAIN_SENSES) {
                continue;
            }
            if let Some(substring) = known(&s.text) {
                out.push(Expansion {
                    text: s.text.clone(),
                    via: Via::Dictionary,
                    weight: base * decay,
                    substring,
                });
                n += 1;
                decay *= SENSE_DECAY;
            }
        }
    }

    /// 暗号化 → encryption: the glosses of the word's dictionary entry. A
    /// gloss of several words the notes never write may still be there as
    /// its initials (機械学習 → machine learning → ml), weighted as an
    /// abbreviation of a translation.
    fn japanese_to_english(&self, searcher: &Searcher, word: &str, out: &mut Vec<Expansion>) {
        let senses = crate::analysis::lexicon().english_of(word);
        let before = out.len();
        Self::senses_to_expansions(
            senses.clone(),
            |gloss| self.english_known(searcher, gloss).then_some(false),
            out,
        );
        if out.len() > before {
            return;
        }
        let initials = senses
            .iter()
            .filter(|s| s.sense < MAIN_SENSES || s.computing)
            .filter_map(|s| {
                let words: Vec<&str> = s.text.split([' ', '-']).filter(|w| !w.is_empty()).collect();
                (2..=4).contains(&words.len()).then(|| {
                    words
                        .iter()
                        .filter_map(|w| w.chars().next())
                        .collect::<String>()
                })
            })
            .find(|short| self.term_freq(searcher, short) > 0);
        if let Some(short) = initials {
            out.push(Expansion {
                text: short,
                via: Via::Dictionary,
                weight: OTHER,
                substring: false,
            });
        }
    }

    /// certificate → 証明書: headwords whose glosses are the word. The
    /// table is keyed by stems, and stems merge words a dictionary keeps
    /// apart (authorization and author): a headword counts only when one of
    /// its first glosses is the typed word itself, up to a plural.
    pub(super) fn english_to_japanese(
        &self,
        searcher: &Searcher,
        typed: &str,
        key: &str,
        out: &mut Vec<Expansion>,
    ) {
        if key.is_empty() {
            return;
        }
        let lexicon = crate::analysis::lexicon();
        let senses = lexicon.japanese_of(key);
        Self::senses_to_expansions(
            senses,
            |w| {
                // The word is one of the headword's main meanings: パック
                // glosses "container" too, but means a pack.
                let glossed = lexicon.english_of(w).iter().enumerate().any(|(i, g)| {
                    (i < 2 || g.sense == 0 || g.computing) && same_words(&g.text, typed)
                });
                if glossed {
                    self.japanese_known(searcher, w)
                } else {
                    None
                }
            },
            out,
        );
    }
}

/// Are `a` and `b` the same words, up to inflection (`load balancers` =
/// `load balancer`, `policies` = `policy`, `testing` = `test`)? Stems would
/// also join derivations a dictionary keeps apart (authorization, author).
fn same_words(a: &str, b: &str) -> bool {
    fn base(w: &str) -> String {
        let w = w.to_lowercase();
        let cut = ["ies", "es", "s", "ing", "ed", "e"].iter().find_map(|s| {
            w.strip_suffix(s)
                .filter(|r| r.len() >= 3 && !(*s == "s" && r.ends_with('s')))
                .map(|r| (r, *s))
        });
        let mut r = match cut {
            Some((r, "ies")) => format!("{r}y"),
            Some((r, _)) => r.to_string(),
            None => w.clone(),
        };
        let n = r.len();
        if n > 3 && r.as_bytes()[n - 1] == r.as_bytes()[n - 2] && !r.ends_with("ss") {
            r.pop();
        }
        r
    }
    let split = |t: &str| -> Vec<String> {
        t.split([' ', '-'])
            .filter(|w| !w.is_empty())
            .map(base)
            .collect()
    };
    split(a) == split(b)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn same_words_up_to_plurals() {
        assert!(same_words("load balancer", "Load-Balancers"));
        assert!(same_words("policy", "policies"));
        assert!(same_words("proxy", "proxies"));
        assert!(same_words("address", "addresses"));
        assert!(!same_words("author", "authorization"));
        assert!(!same_words("secretion", "secrets"));
        assert!(same_words("test", "testing"));
        assert!(same_words("encode", "encoding"));
        assert!(same_words("run", "running"));
        assert!(!same_words("test", "testament"));
    }

    #[test]
    fn prefix_ranges_end_after_the_prefix() {
        assert_eq!(prefix_end(b"hpa\x1f"), b"hpa\x20".to_vec());
        assert_eq!(prefix_end(b"a\xff"), b"b".to_vec());
    }
}
