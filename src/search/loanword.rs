//! Katakana loanwords ↔ the English they came from.
//!
//! Notes write `control plane` where people type `コントロールプレーン`, and
//! `サイドカー` where people type `sidecar`. No list can hold every loanword,
//! so the index's own vocabulary is the lexicon: a katakana word is compared
//! with the English words of the index (and an English word with the
//! katakana words of the index) by `analysis::translit`'s sound skeletons,
//! scanning only words whose first sound can match. An unknown katakana
//! compound is split into parts the dictionary or the index knows
//! (リバース|プロキシ) and each part rendered in English.

use std::cell::RefCell;
use std::collections::HashMap;

use tantivy::Searcher;

use super::Engine;
use super::understood::{Expansion, Via};
use crate::analysis::normalize::{fold_long_vowel, is_katakana};
use crate::analysis::translit;

/// At most this many loanword readings per word.
const MAX_READINGS: usize = 2;

/// Katakana initials an English word's first sound may be written with, and
/// back: back-transliteration only scans index terms that can match.
fn kana_initials(first: char) -> &'static str {
    match first {
        'a' | 'e' | 'i' | 'o' | 'u' => "アイウエオ",
        'b' | 'v' => "バビブベボヴ",
        'p' => "パピプペポ",
        'c' | 'k' | 'q' => "カキクケコサシスセソチ",
        'g' => "ガギグゲゴジ",
        'x' => "エザジズゼゾ",
        'd' => "ダヂヅデドジ",
        't' => "タチツテトサシスセソ",
        's' | 'z' => "サシスセソザジズゼゾシ",
        'j' => "ジヂ",
        'h' => "ハヒフヘホ",
        'f' => "フ",
        'l' | 'r' => "ラリルレロ",
        'm' => "マミムメモ",
        'n' => "ナニヌネノ",
        'w' => "ウワヲ",
        'y' => "ヤユヨイ",
        _ => "",
    }
}

/// English initials a katakana word's first mora may stand for.
fn english_initials(first: char) -> &'static str {
    match first {
        'ア' | 'イ' | 'ウ' | 'エ' | 'オ' => "aeiouyhw",
        'カ' | 'キ' | 'ク' | 'ケ' | 'コ' => "ckq",
        'ガ' | 'ギ' | 'グ' | 'ゲ' | 'ゴ' => "g",
        'サ' | 'シ' | 'ス' | 'セ' | 'ソ' => "scztx",
        'ザ' | 'ジ' | 'ズ' | 'ゼ' | 'ゾ' => "zgjsx",
        'タ' | 'テ' | 'ト' => "t",
        'チ' => "ct",
        'ツ' => "t",
        'ダ' | 'ヂ' | 'ヅ' | 'デ' | 'ド' => "d",
        'ナ' | 'ニ' | 'ヌ' | 'ネ' | 'ノ' => "nk",
        'ハ' | 'ヒ' | 'ヘ' | 'ホ' => "h",
        'フ' => "fh",
        'バ' | 'ビ' | 'ブ' | 'ベ' | 'ボ' | 'ヴ' => "bv",
        'パ' | 'ピ' | 'プ' | 'ペ' | 'ポ' => "p",
        'マ' | 'ミ' | 'ム' | 'メ' | 'モ' => "m",
        'ヤ' | 'ユ' | 'ヨ' => "yu",
        'ラ' | 'リ' | 'ル' | 'レ' | 'ロ' => "rl",
        'ワ' | 'ヲ' => "w",
        _ => "",
    }
}

impl Engine<'_> {
    /// プロキシ → proxy, and compounds by parts: リバースプロキシ → reverse proxy.
    pub(super) fn katakana_to_english(
        &self,
        searcher: &Searcher,
        word: &str,
        out: &mut Vec<Expansion>,
    ) {
        let whole = self.back_transliterate(searcher, word, MAX_READINGS);
        if !whole.is_empty() {
            out.extend(whole.into_iter().map(|(text, cost)| Expansion {
                text,
                via: Via::Loanword,
                weight: loan_weight(cost),
                substring: false,
            }));
            return;
        }
        let lexicon = crate::analysis::lexicon();
        // A part is known when the dictionary has it or it reads as an
        // English word of the index (グレースフル → graceful); each part's
        // transliteration is looked up once.
        let cache: RefCell<HashMap<String, Option<(String, u32)>>> = RefCell::default();
        let loan = |part: &str| -> Option<(String, u32)> {
            if let Some(hit) = cache.borrow().get(part) {
                return hit.clone();
            }
            let hit = if part.chars().count() >= 3 {
                self.back_transliterate(searcher, part, 1).pop()
            } else {
                None
            };
            cache.borrow_mut().insert(part.to_string(), hit.clone());
            hit
        };
        let known = |part: &str| {
            lexicon.has_headword(fold_long_vowel(part).unwrap_or(part)) || loan(part).is_some()
        };
        let Some(parts) = translit::split_compound(word, &known) else {
            return;
        };
        if parts.len() < 2 {
            return;
        }
        let mut english = Vec::new();
        let mut worst = 0;
        for part in &parts {
            let part = fold_long_vowel(part).unwrap_or(part);
            let from_dictionary = lexicon
                .english_of(part)
                .into_iter()
                .map(|s| s.text)
                .find(|g| !g.contains(' ') && self.english_known(searcher, g));
            if let Some(g) = from_dictionary {
                english.push(g);
                continue;
            }
            match loan(part) {
                Some((w, cost)) => {
                    worst = worst.max(cost);
                    english.push(w);
                }
                None => return,
            }
        }
        out.push(Expansion {
            text: english.join(" "),
            via: Via::Loanword,
            weight: loan_weight(worst),
            substring: false,
        });
    }

    /// English words of the index that `kana` can be a loanword of, best
    /// first (at most `limit`, all at the best cost or one above).
    fn back_transliterate(
        &self,
        searcher: &Searcher,
        kana: &str,
        limit: usize,
    ) -> Vec<(String, u32)> {
        let Some(first) = kana.chars().next() else {
            return Vec::new();
        };
        let mut found: Vec<(u32, u64, String)> = Vec::new();
        for letter in english_initials(first).chars() {
            let vocab = self.handle.fields.vocab;
            for (w, df) in self.terms_with_prefix(searcher, vocab, &letter.to_string(), 100_000) {
                if let Some(cost) = translit::loan_match(kana, &w) {
                    found.push((cost, df, w));
                }
            }
        }
        best_candidates(found, limit)
    }

    /// observability → オブザーバビリティ, when a note writes only katakana.
    pub(super) fn english_to_katakana(
        &self,
        searcher: &Searcher,
        word: &str,
        out: &mut Vec<Expansion>,
    ) {
        if word.len() < 4 || !word.bytes().all(|b| b.is_ascii_lowercase()) {
            return;
        }
        let Some(first) = word.chars().next() else {
            return;
        };
        let f = &self.handle.fields;
        let mut found: Vec<(u32, u64, String)> = Vec::new();
        for kana in kana_initials(first).chars() {
            for (term, df) in self.terms_with_prefix(searcher, f.body, &kana.to_string(), 100_000) {
                if !term.chars().all(is_katakana) {
                    continue;
                }
                if let Some(cost) = translit::loan_match(&term, word) {
                    found.push((cost, df, term));
                }
            }
        }
        out.extend(
            best_candidates(found, MAX_READINGS)
                .into_iter()
                .map(|(text, cost)| Expansion {
                    text,
                    via: Via::Loanword,
                    weight: loan_weight(cost),
                    substring: false,
                }),
        );
    }
}

/// The best (lowest cost, then most frequent) candidates, at most `limit`,
/// none more than one step worse than the best.
fn best_candidates(mut found: Vec<(u32, u64, String)>, limit: usize) -> Vec<(String, u32)> {
    found.sort_by(|a, b| a.0.cmp(&b.0).then(b.1.cmp(&a.1)).then(a.2.cmp(&b.2)));
    found.dedup_by(|a, b| a.2 == b.2);
    let Some(best) = found.first().map(|c| c.0) else {
        return Vec::new();
    };
    found
        .into_iter()
        .filter(|c| c.0 <= best + 1)
        .take(limit)
        .map(|(cost, _, w)| (w, cost))
        .collect()
}

/// A loanword match's weight: an exact skeleton is as good as a dictionary
/// entry, every edit costs.
fn loan_weight(cost: u32) -> f32 {
    (0.9 - 0.1 * cost as f32).max(0.5)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn candidates_keep_the_best_and_near_best() {
        let found = vec![
            (3, 1, "far".to_string()),
            (1, 5, "good".to_string()),
            (1, 9, "better".to_string()),
            (2, 1, "near".to_string()),
        ];
        assert_eq!(
            best_candidates(found, 3),
            vec![("better".into(), 1), ("good".into(), 1), ("near".into(), 2)]
        );
        assert!(best_candidates(Vec::new(), 2).is_empty());
    }

    #[test]
    fn initials_tables_cover_both_directions() {
        assert!(kana_initials('p').contains('プ'));
        assert!(english_initials('プ').contains('p'));
        assert!(english_initials('コ').contains('c'));
        assert!(kana_initials('c').contains('コ'));
        assert_eq!(kana_initials('7'), "");
    }
}
