//! Character normalisation with an offset map back to the original text.
//!
//! Index and query text go through the same steps: NFKC (full-width `ＧＫＥ`
//! and half-width `ｶｵｽ` become `GKE` and `カオス`) and lowercase. Snippets
//! highlight the *original* text, so each normalised byte remembers the
//! original byte it came from.

use std::cell::RefCell;
use std::collections::VecDeque;
use std::rc::Rc;

use unicode_normalization::UnicodeNormalization;

/// Normalised text plus, for every byte of it, the offset of the original
/// character it came from (and one extra entry for the end).
pub struct Normalized {
    pub text: String,
    /// u32 keeps the map at four bytes per byte of text (notes are far
    /// below 4 GiB per field).
    origin: Vec<u32>,
}

impl Normalized {
    /// Original byte offset for a byte offset into [`Normalized::text`].
    pub fn original(&self, offset: usize) -> usize {
        self.origin[offset.min(self.origin.len() - 1)] as usize
    }
}

/// NFKC + lowercase, character by character so offsets can be kept. Half-width
/// katakana voicing marks (`ｶﾞ`) are composed with the preceding character.
pub fn normalize(text: &str) -> Normalized {
    let mut out = String::with_capacity(text.len());
    let mut origin = Vec::with_capacity(text.len() + 1);
    let mut buf = [0u8; 4];
    let bytes = text.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        // A run of ASCII is copied and lowercased in one piece.
        let start = i;
        while i < bytes.len() && bytes[i].is_ascii() {
            i += 1;
        }
        if i > start {
            let from = out.len();
            out.push_str(&text[start..i]);
            out[from..].make_ascii_lowercase();
            origin.extend(start as u32..i as u32);
        }
        let Some(ch) = text[i..].chars().next() else {
            break;
        };
        let at = i;
        i += ch.len_utf8();
        // Kana and common kanji are already NFKC-normal and caseless: skip
        // the per-character normalisation iterator for the bulk of the text.
        if is_nfkc_stable(ch) {
            out.push(ch);
            origin.extend(std::iter::repeat_n(at as u32, ch.len_utf8()));
            continue;
        }
        for n in std::iter::once(ch).nfkc() {
            // Combining (semi-)voiced sound marks compose with the previous char.
            if (n == '\u{3099}' || n == '\u{309A}')
                && let Some(prev) = out.chars().last()
                && let Some(composed) = compose(prev, n)
            {
                let start = out.len() - prev.len_utf8();
                let prev_origin = origin[start];
                out.truncate(start);
                origin.truncate(start);
                out.push(composed);
                origin.extend(std::iter::repeat_n(prev_origin, composed.len_utf8()));
                continue;
            }
            for l in n.to_lowercase() {
                let s = l.encode_utf8(&mut buf);
                out.push_str(s);
                origin.extend(std::iter::repeat_n(at as u32, s.len()));
            }
        }
    }
    origin.push(text.len() as u32);
    Normalized { text: out, origin }
}

/// [`normalize`], remembered per thread for the last few texts. Indexing
/// analyses a topic's title and body twice (words, then bigrams, on the same
/// indexing thread), and normalising them twice was a twentieth of ingest.
pub fn normalize_shared(text: &str) -> Rc<Normalized> {
    /// Texts remembered: title, body, links come between the two passes.
    const RECENT: usize = 4;
    /// Longer texts are rare and not worth keeping alive.
    const MAX_KEPT: usize = 64 << 10;
    thread_local! {
        static LAST: RefCell<VecDeque<(Box<str>, Rc<Normalized>)>> = RefCell::default();
    }
    let hit = LAST.with(|l| {
        l.borrow()
            .iter()
            .find(|(t, _)| **t == *text)
            .map(|(_, n)| n.clone())
    });
    if let Some(n) = hit {
        return n;
    }
    let n = Rc::new(normalize(text));
    if text.len() <= MAX_KEPT {
        LAST.with(|l| {
            let mut l = l.borrow_mut();
            if l.len() == RECENT {
                l.pop_front();
            }
            l.push_back((text.into(), n.clone()));
        });
    }
    n
}

/// Hiragana, katakana (without the voicing marks and the compatibility
/// range) and CJK unified ideographs: unchanged by NFKC and lowercasing.
fn is_nfkc_stable(c: char) -> bool {
    matches!(c, '\u{3041}'..='\u{3096}' | '\u{30A1}'..='\u{30FA}' | 'ー' | '\u{4E00}'..='\u{9FFF}')
}

fn compose(a: char, mark: char) -> Option<char> {
    let s: String = [a, mark].iter().collect::<String>().nfc().collect();
    let mut chars = s.chars();
    let c = chars.next()?;
    chars.next().is_none().then_some(c)
}

/// Normalises a whole string (no offsets), e.g. a query term.
pub fn normalize_str(text: &str) -> String {
    normalize(text).text
}

/// Katakana letters and the long-vowel mark.
pub fn is_katakana(c: char) -> bool {
    ('\u{30A1}'..='\u{30FA}').contains(&c) || c == 'ー'
}

pub fn is_hiragana(c: char) -> bool {
    ('\u{3041}'..='\u{309F}').contains(&c)
}

/// Katakana long-vowel folding: a katakana word of three or more characters
/// loses its final `ー` (サーバー → サーバ, オペレーター → オペレータ), the
/// spelling variation JIS Z 8301 allows and writers mix freely.
pub fn fold_long_vowel(token: &str) -> Option<&str> {
    if !token.ends_with('ー') || !token.chars().all(is_katakana) {
        return None;
    }
    let stem = token.trim_end_matches('ー');
    (stem.chars().count() >= 3).then_some(stem)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fullwidth_and_halfwidth_fold_to_normal_forms() {
        assert_eq!(normalize_str("ＧＫＥ"), "gke");
        assert_eq!(normalize_str("ｶｵｽ"), "カオス");
        assert_eq!(normalize_str("ｶﾞｲﾄﾞ"), "ガイド");
        assert_eq!(normalize_str("Kubernetes"), "kubernetes");
    }

    #[test]
    fn offsets_point_back_into_the_original() {
        let original = "aＧＫＥ ｶﾞx";
        let n = normalize(original);
        assert_eq!(n.text, "agke ガx");
        let g = n.text.find('g').unwrap();
        assert_eq!(&original[n.original(g)..n.original(g) + 3], "Ｇ");
        let ga = n.text.find('ガ').unwrap();
        assert_eq!(n.original(ga), original.find('ｶ').unwrap());
        assert_eq!(n.original(n.text.len()), original.len());
    }

    #[test]
    fn shared_normalisation_answers_each_text_for_itself() {
        // Same length, different text: the cache must compare contents.
        for text in ["ＡbC コンテナ", "ＡbD コンテナ", "ＡbC コンテナ", "x"] {
            let shared = normalize_shared(text);
            let fresh = normalize(text);
            assert_eq!(shared.text, fresh.text, "{text}");
            assert_eq!(shared.origin, fresh.origin, "{text}");
        }
    }

    #[test]
    fn ascii_runs_between_other_scripts_keep_their_offsets() {
        let original = "ABC日本DEf";
        let n = normalize(original);
        assert_eq!(n.text, "abc日本def");
        let d = n.text.find('d').unwrap();
        assert_eq!(n.original(d), original.find('D').unwrap());
        assert_eq!(n.original(1), 1);
    }

    #[test]
    fn long_vowels() {
        assert_eq!(fold_long_vowel("サーバー"), Some("サーバ"));
        assert_eq!(fold_long_vowel("オペレーター"), Some("オペレータ"));
        assert_eq!(fold_long_vowel("サーバ"), None);
        assert_eq!(fold_long_vowel("ルー"), None);
        assert_eq!(fold_long_vowel("データー"), Some("データ"));
        assert_eq!(fold_long_vowel("server"), None);
    }
}
