//! Katakana loanwords ↔ English without a word list.
//!
//! Users type `コントロールプレーン` where the notes say "control plane", or
//! `observability` where a note only writes `オブザーバビリティ`. The caller
//! holds the candidate vocabulary (the words the index contains) and asks
//! [`loan_match`] whether a katakana word and an English word are the same
//! loanword: generate-and-filter against a lexicon (Knight & Graehl 1997),
//! kept simple. Both sides become a [`Skeleton`]: consonant sound classes,
//! each with the vowels that may follow it. Skeletons are compared by a
//! bounded edit distance; vowels break ties and veto words too short to trust.
//!
//! Japanese borrows English in regular ways, and the rules encode them: `ー`
//! is a long vowel or a non-rhotic r (サーバー server), `ッ` a short vowel
//! before a consonant, and the vowels Japanese adds after bare consonants (ド
//! in ノード, ク in クラウド) are *weak*: they also stand for "no vowel".
//!
//! Parts: `kana` (katakana → romaji and skeleton), `english` (spelling →
//! skeleton), `matching` (the bounded comparison), `compound` (splitting
//! compounds), `tests` (the pair tables). The skeleton vocabulary they share
//! (vowel bits, sound classes, flags, units) is defined here.

mod compound;
mod english;
mod kana;
mod matching;
#[cfg(test)]
mod tests;

pub use compound::split_compound;
pub use english::english_skeleton;
pub use kana::{kana_skeleton, kana_to_romaji};
pub use matching::loan_match;

// Vowel bits: what a slot may hold. NONE is "no vowel", which a weak
// (epenthetic) Japanese vowel also offers.
const A: u8 = 1;
const I: u8 = 2;
const U: u8 = 4;
const E: u8 = 8;
const O: u8 = 16;
const NONE: u8 = 32;
/// ア followed by イ (タイ, ライ): how Japanese writes English long i, so a
/// bare ア never answers an English i (アラート is not alright).
const AI: u8 = 64;
/// Kana: two vowels in hiatus (カオス). English: a run of vowel letters. A
/// kana hiatus needs an English vowel pair (chaos, not case).
const HI: u8 = 128;

/// Consonant classes, as bits so that an ambiguous spelling is a union (`ch`
/// is K|S: chaos vs. patch; g before e/i is K|S: registry vs. target).
/// Voicing is merged (b/p, d/t, g/k, s/z): spellings disagree on it (バッグ
/// bag, ビルド build). h/f share the kana h row; v is P because Japanese
/// writes it バ as often as ヴァ. y is no class: Japanese writes y-glides
/// every way (ユーザー user, イエス yes, キュ in セキュリティ).
const K: u16 = 1;
const S: u16 = 2;
const T: u16 = 4;
const N: u16 = 8;
const M: u16 = 16;
const H: u16 = 32;
const P: u16 = 64;
const R: u16 = 128;
const W: u16 = 256;

/// Unit flags; the same bit on both sides of an alignment is a conflict.
/// Length (a clash): an internal ー against an English short vowel in a
/// closed syllable (マージ is not mash), ッ against a non-rhotic r (ポッド is
/// not port). Sibilant place (a soft miss): シャ/シュ/ジェ against s/z/th,
/// サ/ス/ツ against sh/ch/j/tion (キャッシュ ranks cache before case).
const J_LONG: u8 = 1;
const J_SHORT: u8 = 2;
const J_PALATAL: u8 = 4;
const J_PLAIN: u8 = 8;
const E_CLOSED: u8 = J_LONG;
const E_RHOTIC: u8 = J_SHORT;
const E_PLAIN: u8 = J_PALATAL;
const E_PALATAL: u8 = J_PLAIN;
/// English "ao"/"eo" are two syllables (chaos, video), so the kana needs a
/// hiatus too (カオス, ビデオ): キャッシュ is not chaos.
const E_HIATUS: u8 = 16;
/// Voicing, merged in the classes, still breaks ties (a soft miss): ログ is
/// log before lock, ロック lock before log.
const J_VOICED: u8 = 32;
const J_VOICELESS: u8 = 64;
const E_VOICELESS: u8 = J_VOICED;
const E_VOICED: u8 = J_VOICELESS;

/// Longest word looked at; longer input is not a loanword.
const MAX_LEN: usize = 32;
/// Room for units and segments: a letter or mora yields at most two.
const CAP: usize = 2 * MAX_LEN + 1;

/// A consonant class and the vowels that may follow it: `pref` costs
/// nothing, the rest of `ok` a soft miss, anything else is a clash.
/// `units[0]` of a skeleton is the word-initial vowel slot (class 0).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Unit {
    class: u16,
    pref: u8,
    ok: u8,
    flags: u8,
}

const fn unit(class: u16, mask: u8, flags: u8) -> Unit {
    Unit {
        class,
        pref: mask,
        ok: mask,
        flags,
    }
}

/// Sound-class skeleton of a word: the initial vowel slot, then one unit per
/// consonant class in order, each with the vowels after it and flags for
/// vowel length and sibilant place.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Skeleton {
    units: Vec<Unit>,
}

/// A fixed-capacity list on the stack: `loan_match` runs once per candidate
/// word, so building skeletons must not allocate.
struct Stack<T: Copy, const C: usize> {
    items: [T; C],
    len: usize,
}

impl<T: Copy, const C: usize> Stack<T, C> {
    fn new(fill: T) -> Self {
        Stack {
            items: [fill; C],
            len: 0,
        }
    }
    fn push(&mut self, t: T) {
        if self.len < C {
            self.items[self.len] = t;
            self.len += 1;
        }
    }
    fn as_slice(&self) -> &[T] {
        &self.items[..self.len]
    }
    fn last_mut(&mut self) -> Option<&mut T> {
        self.items[..self.len].last_mut()
    }
}

type Units = Stack<Unit, CAP>;

/// Pushes a consonant unit. A class repeated with no vowel between is one
/// consonant (ンネ in トンネル is English nn; "sc" in scene).
fn push_unit(out: &mut Units, u: Unit) {
    let len = out.len;
    match out.last_mut() {
        Some(last) if len > 1 && last.class == u.class && last.pref == NONE => {
            (last.pref, last.ok, last.flags) = (u.pref, u.ok, last.flags | u.flags);
        }
        _ => out.push(u),
    }
}
