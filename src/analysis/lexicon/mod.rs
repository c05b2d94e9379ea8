//! Cross-language lexicon: Japanese nouns ↔ English glosses, from a real
//! dictionary, so that 暗号化 reaches "encryption" and "certificates" reaches
//! 証明書.
//!
//! # Source and licence
//!
//! Built at compile time by `build/lexicon.rs` from Debian's `edict` package
//! (JMdict/EDICT and COMPDIC). These files are the property of the
//! Electronic Dictionary Research and Development Group (EDRDG),
//! <https://www.edrdg.org/>, and are used in conformance with the Group's
//! licence: Creative Commons Attribution-ShareAlike 3.0 (CC BY-SA 3.0). The
//! embedded lexicon is a derived work under the same licence.
//!
//! # Format (version 1)
//!
//! The blob is read in place: [`Lexicon::from_bytes`] checks a 32-byte
//! header and nothing else, and a lookup is a binary search over a sorted
//! array of record offsets; only the few returned texts are copied out
//! (about half a microsecond per lookup). All integers are little-endian
//! u32.
//!
//! ```text
//! 0   magic "KNLX"
//! 4   version
//! 8   ja_count      records in the ja→en table
//! 12  en_count      records in the en→ja table
//! 16  ja_index      byte offset of ja_count u32 record offsets
//! 20  en_index      byte offset of en_count u32 record offsets
//! 24  strings       byte offset of the record area
//! 28  total_len     length of the whole blob
//! ```
//!
//! Record offsets are relative to `strings`; each table's records are in
//! key order (bytes) and end at `\n`. Every value starts with a flag byte
//! `0x40 | computing | common << 1 | sense << 2`.
//!
//! ```text
//! ja→en  key \t spelling \t flag gloss (\x1f flag gloss)* \n
//! en→ja  key \t (flag ref)* \n
//! ```
//!
//! * ja→en: the key is the headword folded like index terms (`・` removed,
//!   a katakana word's trailing `ー` run dropped when three or more
//!   characters remain: サーバー → サーバ); `spelling` is the dictionary
//!   spelling when it differs from the key, else empty. Glosses are
//!   lowercase English of one to three words, computing senses first, then
//!   in sense order (≤ 8).
//! * en→ja: the key is a gloss with each word Porter2-stemmed, joined by one
//!   space (hyphens split words: `load-balancer` → `load balanc`). A `ref` is
//!   the number of a ja→en record, `width` digits `'0' + 0..64`, most
//!   significant first, `width` being the least `w ≥ 1` with
//!   `64^w ≥ ja_count`; the headword returned is that record's spelling.
//!   Computing first, then common, then sense order (≤ 8).
//!
//! Only nouns and verbal nouns are in it; see `build/lexicon.rs` for the
//! filters.

use std::borrow::Cow;
use std::cmp::Ordering;

const MAGIC: &[u8; 4] = b"KNLX";
const VERSION: u32 = 1;
const HEADER_LEN: usize = 32;

const FLAG_MASK: u8 = 0xC0;
const FLAG_BASE: u8 = 0x40;
const FLAG_COMPUTING: u8 = 1;
const FLAG_COMMON: u8 = 2;
const SENSE_SHIFT: u32 = 2;
const KEY_END: u8 = b'\t';
const VALUE_SEP: u8 = 0x1f;
const RECORD_END: u8 = b'\n';
const REF_BASE: u8 = b'0';

/// The embedded lexicon: a validated header over `&'static` bytes.
#[derive(Debug, Clone, Copy)]
pub struct Lexicon {
    bytes: &'static [u8],
    ja: Table,
    en: Table,
    strings: usize,
}

#[derive(Debug, Clone, Copy)]
struct Table {
    /// Byte offset of the u32 record offsets.
    index: usize,
    count: usize,
}

/// One translation: an English gloss (ja→en) or a Japanese headword (en→ja).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Sense {
    pub text: String,
    /// The sense is tagged as computing vocabulary (`(comp)`).
    pub computing: bool,
    /// The headword is a common word (`(P)`).
    pub common: bool,
    /// 0-based index of the dictionary sense the gloss belongs to (capped at
    /// 15); later senses are rarer meanings.
    pub sense: u8,
}

impl Lexicon {
    /// `None` when the bytes are not a lexicon of this version.
    pub fn from_bytes(bytes: &'static [u8]) -> Option<Lexicon> {
        if bytes.len() < HEADER_LEN || &bytes[..4] != MAGIC {
            return None;
        }
        let word = |at: usize| read_u32(bytes, at).unwrap_or(usize::MAX);
        if word(4) != VERSION as usize || word(28) != bytes.len() {
            return None;
        }
        let ja = Table {
            count: word(8),
            index: word(16),
        };
        let en = Table {
            count: word(12),
            index: word(20),
        };
        let strings = word(24);
        let fits = |t: Table| {
            t.count
                .checked_mul(4)
                .and_then(|n| n.checked_add(t.index))
                .is_some_and(|end| t.index >= HEADER_LEN && end <= strings)
        };
        (fits(ja) && fits(en) && strings <= bytes.len()).then_some(Lexicon {
            bytes,
            ja,
            en,
            strings,
        })
    }

    /// English glosses of a Japanese headword (computing senses first). The
    /// headword is folded like index terms, so サーバー and サーバ agree.
    pub fn english_of(&self, headword: &str) -> Vec<Sense> {
        let Some(record) = self.lookup(self.ja, &headword_key(headword)) else {
            return Vec::new();
        };
        let values = match record.iter().position(|&b| b == KEY_END) {
            Some(i) => &record[i + 1..],
            None => return Vec::new(),
        };
        values
            .split(|&b| b == VALUE_SEP)
            .filter_map(|value| {
                let (&flag, text) = value.split_first()?;
                sense(flag, std::str::from_utf8(text).ok()?)
            })
            .collect()
    }

    /// Japanese headwords, in dictionary spelling, for a stemmed English
    /// gloss (`"certif"`, `"load balanc"`: each word through the index's
    /// stemmer, one space between).
    pub fn japanese_of(&self, stemmed_gloss: &str) -> Vec<Sense> {
        let Some(values) = self.lookup(self.en, &english_key(stemmed_gloss)) else {
            return Vec::new();
        };
        let width = ref_width(self.ja.count);
        values
            .chunks_exact(1 + width)
            .filter_map(|value| {
                let record = value[1..].iter().try_fold(0usize, |n, &digit| {
                    let digit = digit.checked_sub(REF_BASE).filter(|&d| d < 64)?;
                    Some(n << 6 | usize::from(digit))
                })?;
                sense(value[0], self.spelling(record)?)
            })
            .collect()
    }

    /// Whether the headword (folded as in [`Lexicon::english_of`]) is known.
    pub fn has_headword(&self, headword: &str) -> bool {
        self.lookup(self.ja, &headword_key(headword)).is_some()
    }

    /// (ja→en headwords, en→ja keys).
    pub fn entries(&self) -> (usize, usize) {
        (self.ja.count, self.en.count)
    }

    /// The value part of the record whose key is `key`.
    fn lookup(&self, table: Table, key: &str) -> Option<&'static [u8]> {
        let key = key.as_bytes();
        let (mut lo, mut hi) = (0, table.count);
        while lo < hi {
            let mid = lo + (hi - lo) / 2;
            let record = self.record(table, mid)?;
            let split = record.iter().position(|&b| b == KEY_END)?;
            match record[..split].cmp(key) {
                Ordering::Less => lo = mid + 1,
                Ordering::Greater => hi = mid,
                Ordering::Equal => return Some(&record[split + 1..]),
            }
        }
        None
    }

    /// Record `i` of a table, without its final newline.
    fn record(&self, table: Table, i: usize) -> Option<&'static [u8]> {
        let bytes = self.bytes;
        let start = self
            .strings
            .checked_add(read_u32(bytes, table.index + 4 * i)?)?;
        let rest = bytes.get(start..)?;
        let end = rest.iter().position(|&b| b == RECORD_END)?;
        Some(&rest[..end])
    }

    /// Dictionary spelling of ja record `i`: its own field, or the key.
    fn spelling(&self, i: usize) -> Option<&'static str> {
        if i >= self.ja.count {
            return None;
        }
        let record = self.record(self.ja, i)?;
        let mut fields = record.splitn(3, |&b| b == KEY_END);
        let key = fields.next()?;
        let spelling = fields.next().filter(|s| !s.is_empty()).unwrap_or(key);
        std::str::from_utf8(spelling).ok()
    }
}

fn read_u32(bytes: &[u8], at: usize) -> Option<usize> {
    let raw = bytes.get(at..at.checked_add(4)?)?;
    Some(u32::from_le_bytes(raw.try_into().ok()?) as usize)
}

fn sense(flag: u8, text: &str) -> Option<Sense> {
    (flag & FLAG_MASK == FLAG_BASE).then(|| Sense {
        text: text.to_string(),
        computing: flag & FLAG_COMPUTING != 0,
        common: flag & FLAG_COMMON != 0,
        sense: (flag & !FLAG_MASK) >> SENSE_SHIFT,
    })
}

/// Characters per ja record number in an en→ja value (six bits each).
fn ref_width(records: usize) -> usize {
    let mut width = 1;
    while width < 5 && records > 1 << (6 * width) {
        width += 1;
    }
    width
}

/// Katakana letters and `ー`, as the index's long-vowel folding counts them.
fn is_katakana(c: char) -> bool {
    matches!(c, '\u{30A1}'..='\u{30FA}' | 'ー')
}

/// The ja→en key: `・` removed, a katakana word's trailing `ー` run dropped
/// when three or more characters remain. Must match `headword_key` in
/// `build/lexicon.rs`.
fn headword_key(headword: &str) -> Cow<'_, str> {
    let mut key = if headword.contains('・') {
        Cow::Owned(headword.chars().filter(|&c| c != '・').collect())
    } else {
        Cow::Borrowed(headword)
    };
    if key.ends_with('ー') && key.chars().all(is_katakana) {
        let stem = key.trim_end_matches('ー');
        if stem.chars().count() >= 3 {
            let len = stem.len();
            match &mut key {
                Cow::Borrowed(s) => *s = &s[..len],
                Cow::Owned(s) => s.truncate(len),
            }
        }
    }
    key
}

/// The en→ja key as stored: lowercase, words split at spaces and hyphens,
/// one space between. Already-stemmed input passes through unchanged.
fn english_key(gloss: &str) -> Cow<'_, str> {
    let clean = gloss.split(' ').all(|w| !w.is_empty())
        && !gloss.bytes().any(|b| b == b'-' || b.is_ascii_uppercase());
    if clean {
        return Cow::Borrowed(gloss);
    }
    let words: Vec<&str> = gloss
        .split(|c: char| c == '-' || c.is_whitespace())
        .filter(|w| !w.is_empty())
        .collect();
    Cow::Owned(words.join(" ").to_lowercase())
}

/// The converter that writes the blob (`build/lexicon.rs`, a module of the
/// build script), here for its tests: cargo runs none of a build script's.
#[cfg(test)]
#[path = "../../../build/lexicon.rs"]
mod builder;
#[cfg(test)]
mod tests;
