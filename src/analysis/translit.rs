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

// ---------------------------------------------------------------- katakana

/// Romaji of ァ (U+30A1) ..= ヺ (U+30FA); a leading `x` marks small kana.
#[rustfmt::skip]
const ROMAJI: [&str; 90] = [
    "xa", "a", "xi", "i", "xu", "u", "xe", "e", "xo", "o",
    "ka", "ga", "ki", "gi", "ku", "gu", "ke", "ge", "ko", "go",
    "sa", "za", "shi", "ji", "su", "zu", "se", "ze", "so", "zo",
    "ta", "da", "chi", "ji", "xtsu", "tsu", "zu", "te", "de", "to", "do",
    "na", "ni", "nu", "ne", "no",
    "ha", "ba", "pa", "hi", "bi", "pi", "fu", "bu", "pu", "he", "be", "pe", "ho", "bo", "po",
    "ma", "mi", "mu", "me", "mo", "xya", "ya", "xyu", "yu", "xyo", "yo",
    "ra", "ri", "ru", "re", "ro",
    "xwa", "wa", "wi", "we", "wo", "n", "vu", "ka", "ke", "va", "vi", "ve", "vo",
];
// Indexes into ROMAJI of kana with rules of their own.
const KANA_A: u8 = 1;
const KANA_I: u8 = 3;
const KANA_U: u8 = 5;
const KANA_E: u8 = 7;
const KANA_O: u8 = 9;
const KANA_KU: u8 = 14;
const KANA_GU: u8 = 15;
const KANA_SU: u8 = 24;
const KANA_SOKUON: u8 = 34;
const KANA_TSU: u8 = 35;
const KANA_N: u8 = 82;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Plain,
    /// Base kana + small kana (ティ, ファ, キュ): never an added vowel.
    Combo,
    Nasal,
    Sokuon,
    Long,
    Sep,
}

#[derive(Debug, Clone, Copy)]
struct Mora {
    kind: Kind,
    cons: &'static str,
    vowel: u8,
    base: u8,
}

const fn mora(kind: Kind, cons: &'static str, vowel: u8, base: u8) -> Mora {
    Mora {
        kind,
        cons,
        vowel,
        base,
    }
}

fn kana_index(c: char) -> Option<u8> {
    ('ァ'..='ヺ')
        .contains(&c)
        .then(|| (c as u32 - 0x30A1) as u8)
}

/// Consonant and vowel of a table entry (small kana lose their `x`).
fn split_romaji(r: &'static str) -> (&'static str, u8) {
    let body = r.strip_prefix('x').unwrap_or(r);
    (&body[..body.len() - 1], body.as_bytes()[body.len() - 1])
}

/// The loanword reading of kana `k` followed by small kana `next` (ティ ti,
/// ファ fa, ウィ wi, シェ she, キュ kyu, クォ kwo), if they combine.
#[rustfmt::skip]
fn combine(k: u8, cons: &'static str, next: char) -> Option<(&'static str, u8)> {
    let j = kana_index(next)?;
    let small = ROMAJI[j as usize];
    if !small.starts_with('x') || j == KANA_SOKUON {
        return None;
    }
    let w = split_romaji(small).1;
    if small.starts_with("xy") {
        let glided = match cons {
            "sh" | "ch" | "j" => cons,
            "" if k == KANA_I => "y",
            "" => return None,
            "k" => "ky", "g" => "gy", "n" => "ny", "h" => "hy", "b" => "by", "p" => "py", "m" => "my",
            "r" => "ry", "t" => "ty", "d" => "dy", "f" => "fy", "v" => "vy", "z" => "zy", "s" => "sy",
            _ => cons,
        };
        return Some((glided, w));
    }
    match k {
        KANA_U => Some(("w", w)),
        KANA_I if w == b'e' => Some(("y", w)),
        KANA_KU => Some(("kw", w)),
        KANA_GU => Some(("gw", w)),
        _ => (!cons.is_empty()).then_some((cons, w)),
    }
}

/// Reads katakana into morae; false if empty or a character is not katakana.
fn parse(kana: &str, mut emit: impl FnMut(Mora)) -> bool {
    let mut chars = kana.chars().peekable();
    let mut any = false;
    while let Some(c) = chars.next() {
        any = true;
        emit(match (c, kana_index(c)) {
            ('ー', _) => mora(Kind::Long, "", 0, 0),
            ('・', _) => mora(Kind::Sep, "", 0, 0),
            (_, Some(KANA_SOKUON)) => mora(Kind::Sokuon, "", 0, 0),
            (_, Some(KANA_N)) => mora(Kind::Nasal, "n", 0, KANA_N),
            (_, Some(k)) => {
                let r = ROMAJI[k as usize];
                let (cons, vowel) = split_romaji(r);
                let small = chars.peek().filter(|_| !r.starts_with('x'));
                match small.and_then(|&n| combine(k, cons, n)) {
                    Some((c2, v2)) => {
                        chars.next();
                        mora(Kind::Combo, c2, v2, k)
                    }
                    None => mora(Kind::Plain, cons, vowel, k),
                }
            }
            _ => return false,
        });
    }
    any
}

fn kana_class(cons: &str) -> u16 {
    match cons.as_bytes().first() {
        Some(b'k' | b'g') => K,
        Some(b's' | b'z' | b'j' | b'c') => S,
        Some(b't' | b'd') => T,
        Some(b'n') => N,
        Some(b'm') => M,
        Some(b'h' | b'f') => H,
        Some(b'b' | b'p' | b'v') => P,
        Some(b'r') => R,
        Some(b'w') => W,
        _ => 0, // vowel only, or the y glide
    }
}

fn vowel_bit(v: u8) -> u8 {
    b"aiueo"
        .iter()
        .position(|&x| x == v)
        .map_or(NONE, |p| 1 << p)
}

/// A vowel before ー, ッ or ン ends a real syllable, so it is not weak
/// (ドッカー docker, トンネル tunnel), except u before ン, which stands for a
/// reduced vowel (トークン token, オープン open).
fn close_syllable(out: &mut Units, flag: u8, keep_u: bool) {
    if let Some(last) = out.last_mut() {
        last.flags |= flag;
        if last.pref != NONE && !(keep_u && last.pref & U != 0) {
            (last.pref, last.ok) = (last.pref & !NONE, last.ok & !NONE);
        }
    }
}

fn kana_units(kana: &str, out: &mut Units) -> bool {
    let mut ms = Stack::<Mora, CAP>::new(mora(Kind::Sep, "", 0, 0));
    let mut fits = true;
    let parsed = parse(kana, |m| {
        fits &= ms.len < MAX_LEN;
        ms.push(m);
    });
    if !parsed || !fits {
        return false;
    }
    let ms = ms.as_slice();
    out.push(unit(0, NONE, 0));
    // How the next vowel kana joins the last unit: not at all, into its weak
    // vowel (プラグイン: グイ is English "gi"), or as a diphthong (タイ) or a
    // hiatus (カオ) after its real vowel.
    let (mut weak_open, mut real_open) = (false, false);
    for (i, m) in ms.iter().enumerate() {
        let next = ms.get(i + 1).filter(|n| n.kind != Kind::Sep);
        let plain_next =
            |bases: &[u8]| next.is_some_and(|n| n.kind == Kind::Plain && bases.contains(&n.base));
        let class = kana_class(m.cons);
        let (weak_was, real_was) = (weak_open, real_open);
        (weak_open, real_open) = (false, false);
        match m.kind {
            Kind::Sep => {}
            // Only an internal ー counts: a final one is optional (the index
            // folds サーバー to サーバ) and must not change the skeleton.
            Kind::Long => {
                (weak_open, real_open) = (weak_was, real_was);
                if next.is_some() {
                    close_syllable(out, J_LONG, false);
                }
            }
            Kind::Sokuon => close_syllable(out, J_SHORT, false),
            Kind::Nasal => {
                close_syllable(out, 0, true);
                // ン before a labial is English m or n (computer, input).
                let c = match next.map_or(0, |n| kana_class(n.cons)) {
                    P => N | M,
                    M => M,
                    _ => N,
                };
                push_unit(out, unit(c, NONE, 0));
            }
            // Older spellings write English w as a full ウ (ソフトウエア).
            _ if m.base == KANA_U
                && m.kind == Kind::Plain
                && plain_next(&[KANA_A, KANA_I, KANA_E, KANA_O]) =>
            {
                push_unit(out, unit(W, NONE, 0));
            }
            _ if class == 0 => {
                let Some(last) = out.last_mut() else { continue };
                let (bit, first) = (vowel_bit(m.vowel), last.pref & (A | I | U | E | O));
                let add = match (weak_was, real_was) {
                    _ if last.pref == NONE => {
                        (last.pref, last.ok, real_open) = (bit, bit, true);
                        continue;
                    }
                    // Only a soft match: グイ is "gi" in plugin, but クエ is not "ca".
                    (true, _) => {
                        last.ok |= bit;
                        0
                    }
                    (_, true) if matches!((first, bit), (A | E | O, I) | (A | O, U)) => {
                        real_open = true; // a vowel after a diphthong is a hiatus (レイアウト)
                        if first == A && bit == I { AI } else { 0 }
                    }
                    (_, true) => HI,
                    _ => 0,
                };
                (last.pref, last.ok) = (last.pref | add, last.ok | add);
            }
            _ => {
                // Vowels Japanese adds after a bare English consonant: u
                // anywhere, o after t/d (ト ド), i after ch/j/k (ッチ ッジ キ).
                let plain = m.kind == Kind::Plain;
                let weak = m.vowel == b'u'
                    || plain && m.vowel == b'o' && class == T
                    || plain && m.vowel == b'i' && matches!(m.cons, "ch" | "j" | "k");
                let mask = vowel_bit(m.vowel) | if weak { NONE } else { 0 };
                let flags = match m.cons {
                    "ch" => J_PALATAL, // シ and ジ also spell English si/zi (ポリシー)
                    "sh" | "j" if m.vowel != b'i' => J_PALATAL,
                    "s" | "z" | "ts" => J_PLAIN,
                    _ => 0,
                } | match m.cons.as_bytes()[0] {
                    b'g' | b'z' | b'j' | b'd' | b'b' | b'v' => J_VOICED,
                    b'k' | b's' | b'c' | b't' | b'p' => J_VOICELESS,
                    _ => 0,
                };
                if m.cons == "ts" && i > 0 {
                    // Final ツ is English "ts" (コンテンツ); initial ツ is t (ツール).
                    push_unit(out, unit(T, NONE, J_VOICELESS));
                    push_unit(out, unit(S, mask, flags));
                } else {
                    let place = if class == S { J_PALATAL | J_PLAIN } else { 0 };
                    push_unit(
                        out,
                        unit(class, mask, flags & (place | J_VOICED | J_VOICELESS)),
                    );
                }
                (weak_open, real_open) = (weak, !weak);
                // スイ/ツイ spell English sw/tw (スイッチ switch, ツイート tweet).
                if plain && matches!(m.base, KANA_SU | KANA_TSU) && plain_next(&[KANA_I]) {
                    push_unit(out, unit(W, NONE, 0));
                }
            }
        }
    }
    true
}

/// Romaji of a katakana word with loanword conventions, or None if `kana` is
/// not all katakana (ァ-ヺ, ー, ・ allowed). `ー` doubles the vowel (サーバー
/// `saabaa`), `ッ` the next consonant (`tch` before ch); `ン` is `m` before
/// b/p/m and `n'` before a vowel or y; `・` is a space. Small kana combine as
/// loanwords read: ティ `ti`, ファ `fa`, ウィ `wi`, クォ `kwo`.
pub fn kana_to_romaji(kana: &str) -> Option<String> {
    let mut ms = Vec::new();
    if !parse(kana, |m| ms.push(m)) {
        return None;
    }
    let mut out = String::with_capacity(kana.len());
    for (i, m) in ms.iter().enumerate() {
        let next = ms
            .get(i + 1)
            .filter(|n| matches!(n.kind, Kind::Plain | Kind::Combo));
        let next_cons = next.map(|n| n.cons.as_bytes().first().copied().unwrap_or(b'\''));
        match m.kind {
            Kind::Long => {
                if let Some(v) = out.chars().last().filter(|c| "aiueo".contains(*c)) {
                    out.push(v);
                }
            }
            Kind::Sokuon => {
                if let Some(c) = next_cons.filter(|&c| c != b'\'') {
                    out.push(if c == b'c' { 't' } else { c as char });
                }
            }
            Kind::Sep => out.push(' '),
            Kind::Nasal => out.push_str(match next_cons {
                Some(b'b' | b'p' | b'm') => "m",
                Some(b'\'' | b'y') => "n'",
                _ => "n",
            }),
            Kind::Plain | Kind::Combo => {
                out.push_str(m.cons);
                out.push(m.vowel as char);
            }
        }
    }
    Some(out)
}

/// Sound-class skeleton of a katakana word (None if not katakana). A final
/// `ー` does not change it: サーバー and サーバ have the same skeleton.
pub fn kana_skeleton(kana: &str) -> Option<Skeleton> {
    let mut units = Units::new(unit(0, 0, 0));
    kana_units(kana, &mut units).then(|| Skeleton {
        units: units.as_slice().to_vec(),
    })
}

// ----------------------------------------------------------------- English

/// A segment of an English spelling: a consonant (class; written double or
/// ck, so the vowel before is short; place and voicing flags), a vowel
/// letter, a non-rhotic r (Japanese writes a long vowel), or a silent e.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Seg {
    C(u16, bool, u8),
    V(u8),
    Rhotic,
    Silent,
}

struct Word<'a> {
    w: &'a [u8],
    first_vowel: usize,
}

impl Word<'_> {
    fn at(&self, i: usize) -> u8 {
        self.w.get(i).copied().unwrap_or(0)
    }
    /// a e i o u; y except a word-initial y before a vowel (a glide).
    fn vowel(&self, i: usize) -> bool {
        match self.at(i) {
            b'a' | b'e' | b'i' | b'o' | b'u' => true,
            b'y' => i > 0 || !self.vowel(1),
            _ => false,
        }
    }
    /// Final e after a consonant (node, storage), or an e that ends the first
    /// word of a compound before w (gateway, firewall, framework).
    fn silent_e(&self, i: usize) -> bool {
        let ends = i + 1 == self.w.len() || self.at(i + 1) == b'w' && self.vowel(i + 2);
        self.at(i) == b'e' && i >= 2 && !self.vowel(i - 1) && self.first_vowel < i - 1 && ends
    }
    /// t/d + u before a vowel, or before one consonant and a vowel, reads
    /// チュ/ジュ in Japanese (feature, module, actual); t/d elsewhere (return).
    fn palatal_u(&self, i: usize) -> bool {
        let (c2, c3) = (self.at(i + 2), self.at(i + 3));
        self.at(i + 1) == b'u' && (self.vowel(i + 2) || c2 != 0 && c2 != c3 && self.vowel(i + 3))
    }
    /// Place of the S-class consonant spelled at `i`: palatal (sh, ch, j,
    /// tion, sion, sure) or plain (s, z, th, soft c, x).
    fn sibilant(&self, i: usize) -> u8 {
        let (next, next2) = (self.at(i + 1), self.at(i + 2));
        let j = if next == b's' { i + 2 } else { i + 1 }; // "ss" in session
        let (a, b) = (self.at(j), self.at(j + 1));
        let palatal = match self.at(i) {
            b's' => {
                let sure = a == b'u' && (b == b'a' || b == b'r' && self.vowel(j + 2));
                next == b'h' || sure || a == b'i' && matches!(b, b'a' | b'o' | b'u')
            }
            b'c' => next == b'h' || next == b'i' && matches!(next2, b'a' | b'o' | b'u'),
            b'z' | b'x' => false,
            b't' => next != b'h',
            _ => true, // dg, dj, du, soft g, j
        };
        if palatal { E_PALATAL } else { E_PLAIN }
    }
    /// Voicing of the consonant spelled at `i`; s between vowels or at the
    /// end may be either (ベース base, イメージズ).
    fn voicing(&self, i: usize) -> u8 {
        match self.at(i) {
            b'b' | b'd' | b'g' | b'v' | b'z' | b'j' => E_VOICED,
            b's' if i > 0 && (self.vowel(i + 1) || i + 1 == self.w.len()) => 0,
            b'c' | b'k' | b'q' | b'p' | b't' | b'x' | b's' => E_VOICELESS,
            _ => 0,
        }
    }
    /// The consonant spelled at `i`: (class, letters used); class 0 is silent.
    #[rustfmt::skip]
    fn consonant(&self, i: usize) -> (u16, usize) {
        let (c, next, next2) = (self.at(i), self.at(i + 1), self.at(i + 2));
        let prev = if i > 0 { self.at(i - 1) } else { 0 };
        let (last, soft) = (i + 1 == self.w.len(), matches!(next, b'e' | b'i' | b'y'));
        match c {
            b'b' if prev == b'm' && last => (0, 1),                              // climb
            b'b' | b'v' => (P, 1),
            b'c' if next == b'h' && (prev == b's' || next2 == b'r') => (K, 2),   // schema, chrome
            b'c' if next == b'h' => (K | S, 2),                                  // chaos or patch
            b'c' if next == b'k' => (K, 2),
            b'c' if soft => (S, 1),
            b'c' | b'q' => (K, 1),
            b'k' if i == 0 && next == b'n' => (0, 1),                            // know
            b'k' => (K, 1),
            b'd' if next == b'j' || next == b'g' && matches!(next2, b'e' | b'i' | b'y') => (S, 2), // edge
            b't' if next == b'h' => (S, 2),                                      // thread スレッド
            b't' if next == b'c' && next2 == b'h' => (S, 3),                     // patch
            b't' if i > 0 && next == b'i' && matches!(next2, b'a' | b'o' | b'u') => (S, 1), // -tion
            b'd' | b't' if self.palatal_u(i) => (T | S, 1),                      // feature, module
            b'd' | b't' if next == b'i' || next == b'e' && matches!(next2, b'a' | b'e') => (T | S, 1), // multi マルチ, team チーム
            b'd' | b't' => (T, 1),
            b'f' => (H, 1),
            b'g' if next == b'u' && self.vowel(i + 2) => (K, 2),                 // guest, guide
            b'g' if next == b'h' => (if i == 0 { K } else { 0 }, 2),             // ghost, light
            b'g' if next == b'n' && (i == 0 || i + 2 == self.w.len()) => (0, 1), // gnome, design
            b'g' if next == b'e' && self.silent_e(i + 1) => (S, 1),              // storage
            b'g' if soft => (K | S, 1),                                          // registry, target
            b'g' => (K, 1),
            b'h' if i > 0 && self.vowel(i - 1) && !self.vowel(i + 1) => (0, 1),  // yeah
            b'h' => (H, 1),
            b's' if next == b'h' || next == b'c' && matches!(next2, b'e' | b'i' | b'y') => (S, 2), // scene
            b'j' | b's' | b'z' | b'x' => (S, 1),
            b'l' if matches!((prev, next), (b'a', b'k' | b'f' | b'm') | (b'o', b'k')) => (0, 1), // talk, folk
            b'l' => (R, 1),
            b'm' => (M, 1),
            b'n' if prev == b'm' && last => (0, 1),                              // column
            b'n' => (N, 1),
            b'p' if next == b'h' => (H, 2),
            b'p' if i == 0 && matches!(next, b's' | b'n' | b't') => (0, 1),      // psych
            b'p' => (P, 1),
            b'r' if next == b'r' => (R, 2),
            b'r' => (R, 1),
            b'w' if next == b'h' => (W, 2),
            b'w' if self.vowel(i + 1) => (W, 1),
            _ => (0, 1),                                                         // write, y glide
        }
    }
}

fn english_segments(w: &Word, segs: &mut Stack<Seg, CAP>) {
    let mut i = 0;
    while i < w.w.len() {
        let (c, next, after_vowel) = (w.at(i), w.at(i + 1), i > 0 && w.vowel(i - 1));
        let mut step = 1;
        if w.vowel(i) {
            segs.push(if w.silent_e(i) {
                Seg::Silent
            } else {
                Seg::V(c)
            });
        } else if i > 0 && c == w.at(i - 1) && c != b'c' {
            if let Some(Seg::C(_, double, _)) = segs.last_mut() {
                *double = true;
            }
        } else if c == b'r' && next != b'r' && after_vowel && (!w.vowel(i + 1) || w.silent_e(i + 1))
        {
            segs.push(Seg::Rhotic); // non-rhotic r: Japanese writes a long vowel
        } else if c == b'w' && next != b'h' && after_vowel && !w.vowel(i + 1) {
            segs.push(Seg::V(b'w')); // flow, down: part of the vowel
        } else {
            if c == b'x' && i > 0 {
                segs.push(Seg::C(K, false, 0));
            }
            let (class, used) = w.consonant(i);
            if class != 0 {
                let place = if class & S != 0 { w.sibilant(i) } else { 0 };
                // ck, ch, dg, tch close the syllable like a double letter
                // (cache キャッシュ, badge バッジ: no long vowel before them).
                let double = matches!((c, next), (b'c', b'k' | b'h') | (b'd', b'g') | (b't', b'c'));
                segs.push(Seg::C(class, double, place | w.voicing(i)));
            }
            step = used;
        }
        i += step;
    }
}

/// (preferred, acceptable) kana vowels for an English vowel run: one letter
/// (`magic`: V + consonant + silent e, as in plane; `open`: V + consonant +
/// vowel; `fin`: nothing sounded follows), or the first two letters of a run.
#[rustfmt::skip]
fn spelled_vowels(l: u8, l2: u8, magic: bool, open: bool, fin: bool) -> (u8, u8) {
    match (l, l2) {
        (b'a', 0) if magic => (E, A | E),
        (b'a', 0) if open => (A | E, A | E),
        (b'a', 0) => (A, A),
        (b'e', 0) if magic => (I, E | I),
        (b'e', 0) if fin => (I | E, I | E),
        (b'e', 0) => (E, E | I),
        (b'i' | b'y', 0) if magic => (AI, I | AI),
        (b'i' | b'y', 0) => (I, I | AI),
        (b'o', 0) => (O, O | A | U),
        (b'u', 0) if magic || fin => (U, U),
        (b'u', 0) if open => (U, U | A),
        (b'u', 0) => (A | U, A | U),
        (_, 0) => (U, U | O),                                           // post-vocalic w
        (b'a' | b'e', b'i' | b'y') => (E, E | A | I),                   // plain, gateway
        (b'e', b'e' | b'a') => (I, I | E),                              // green, release
        (b'i', b'e') => (I, I | E | AI),                                // client, entries
        (b'o', b'o') => (U, U),                                         // tool
        (b'o', b'u' | b'w') => (A | O | U, A | O | U),                  // cloud, route, flow
        (b'u', b'a') => (A | U, A | O | U),                             // actual, usual
        (b'u', b'o') => (O | U, A | O | U),                             // quota, duo
        (b'o', b'a') => (O, O),                                         // load
        (b'o' | b'a', b'i' | b'y' | b'u' | b'w') => (O, O | A),         // point, autoscaler
        (b'u' | b'e', b'e' | b'u' | b'w') => (U, U | I),                // queue, new
        (b'u', b'i') => (U | I, U | I | AI),                            // build, suite
        (b'i', b'o') => (O | I, O | I | AI),                            // -tion, radio
        (b'i', b'a') => (A, A | I | E | AI),                            // media, compliance
        (x, y) => {
            let ((p1, o1), (p2, o2)) = (spelled_vowels(x, 0, false, false, false), spelled_vowels(y, 0, false, false, false));
            (p1 | p2, o1 | o2)
        }
    }
}

/// (pref, ok, flags) of the vowel run `run`, with `prior` the segments before
/// it (ending with the consonant that owns it, if any) and `after` the rest.
fn run_vowels(prior: &[Seg], run: &[Seg], after: &[Seg]) -> (u8, u8, u8) {
    let class = match prior.last() {
        Some(Seg::C(c, ..)) => *c,
        _ => 0,
    };
    let vowel_before = matches!(prior.iter().rev().nth(1), Some(Seg::V(_)));
    let first = !prior.iter().any(|s| matches!(s, Seg::V(_)));
    let mut letters = [0u8; 2];
    let (mut count, mut rhotic, mut has_o) = (0, false, false);
    for s in run {
        match *s {
            Seg::V(l) => {
                if count < 2 {
                    letters[count] = l;
                }
                count += 1;
                has_o |= l == b'o';
            }
            Seg::Rhotic => rhotic = true,
            _ => {}
        }
    }
    if count == 0 {
        return (NONE, NONE, 0);
    }
    let single_c = matches!(after.first(), Some(Seg::C(_, false, _)));
    let next_r = matches!(after.first(), Some(Seg::C(R, ..)));
    let fin = !after.iter().any(|s| matches!(s, Seg::C(..)));
    // A long vowel: V + consonant + silent e, V + r + silent e (care ケア,
    // fire ファイア), or a y that is the word's only vowel (try トライ).
    let magic = count == 1
        && (single_c && after.get(1) == Some(&Seg::Silent)
            || rhotic && run.last() == Some(&Seg::Silent)
            || first && fin && letters[0] == b'y');
    let open = count == 1 && single_c && matches!(after.get(1), Some(Seg::V(_)));
    let (mut pref, mut ok) = spelled_vowels(letters[0], letters[1], magic, open, fin);
    let single = |l: u8| count == 1 && letters[0] == l;
    if single(b'a') && (class == W || next_r) {
        ok |= O; // water, all, install: ウォーター, オール, インストール
    }
    if single(b'e') && next_r {
        ok |= A; // unstressed e before r: conference カンファレンス
    }
    if single(b'e') && !magic && !fin && single_c && vowel_before {
        ok |= NONE; // compound-internal e: pipeline, namespace, stateful
    }
    if rhotic {
        pref |= A | if has_o { O } else { 0 };
        ok |= A | pref;
    }
    if count > 1 || rhotic {
        ok |= HI;
    }
    // A short vowel in a closed syllable is never written long; a and o
    // before l are (all オール, control コントロール).
    let long_al = matches!(letters[0], b'a' | b'o') && next_r;
    let closed = count == 1
        && !(rhotic || magic || long_al)
        && match after {
            [Seg::C(_, true, _), ..] | [Seg::C(..)] => true,
            [Seg::C(..), Seg::C(c2, ..), ..] => *c2 != R,
            _ => false,
        };
    let hiatus = count > 1 && matches!(letters, [b'a' | b'e', b'o']);
    let flag = |on: bool, f: u8| if on { f } else { 0 };
    (
        pref,
        ok,
        flag(rhotic, E_RHOTIC) | flag(closed, E_CLOSED) | flag(hiatus, E_HIATUS),
    )
}

fn english_units(word: &str, out: &mut Units) -> bool {
    let bytes = word.as_bytes();
    if bytes.is_empty() || bytes.len() > MAX_LEN || !bytes.iter().all(u8::is_ascii_alphabetic) {
        return false;
    }
    let mut buf = [0u8; MAX_LEN];
    for (b, c) in buf.iter_mut().zip(bytes) {
        *b = c.to_ascii_lowercase();
    }
    let mut word = Word {
        w: &buf[..bytes.len()],
        first_vowel: bytes.len(),
    };
    word.first_vowel = (0..bytes.len())
        .find(|&i| word.vowel(i))
        .unwrap_or(bytes.len());
    if word.first_vowel == bytes.len() {
        return false; // no vowel: an acronym read letter by letter (wsl, gke)
    }
    let mut segs = Stack::<Seg, CAP>::new(Seg::Silent);
    english_segments(&word, &mut segs);
    let segs = segs.as_slice();
    out.push(unit(0, NONE, 0));
    let mut start: usize = 0; // first segment of the current vowel run
    for k in 0..=segs.len() {
        let next = segs.get(k).copied();
        if next.is_some() && !matches!(next, Some(Seg::C(..))) {
            continue;
        }
        let (pref, ok, flags) = run_vowels(&segs[..start], &segs[start..k], &segs[k..]);
        if let Some(last) = out.last_mut() {
            (last.pref, last.ok, last.flags) = (pref, ok, last.flags | flags);
        }
        if let Some(Seg::C(class, _, sib)) = next {
            push_unit(out, unit(class, NONE, sib));
        }
        start = k + 1;
    }
    true
}

/// Sound-class skeleton of a lowercase English word (ASCII letters; anything
/// else, or more than 32 letters, gives an empty skeleton). Runs once per
/// index word per query, so the only allocation is the returned Vec.
pub fn english_skeleton(word: &str) -> Skeleton {
    let mut units = Units::new(unit(0, 0, 0));
    let ok = english_units(word, &mut units);
    Skeleton {
        units: if ok {
            units.as_slice().to_vec()
        } else {
            Vec::new()
        },
    }
}

// ---------------------------------------------------------------- matching

/// Costs are packed (edits, clashes, soft misses) so that `min` compares
/// them in that order.
const EDIT: u32 = 1 << 16;
const CLASH: u32 = 1 << 8;

/// Aligning a kana slot with an English slot. Vowels of different quality
/// are one clash; a real vowel against none (English "te" against the weak
/// ト of トラ) is a missing syllable and counts two, as does a clash on the
/// last consonant: a kana word ending in a real vowel (ティ) is not an
/// English word ending in a consonant (secret).
fn slot_cost(kana: Unit, en: Unit, last: bool) -> u32 {
    let hiatus = (kana.pref & HI != 0 && en.ok & (HI | NONE) == 0)
        || (en.flags & E_HIATUS != 0 && kana.pref & HI == 0);
    let length = kana.flags & en.flags & (J_LONG | J_SHORT) != 0;
    let diphthong = kana.pref & AI != 0 && en.ok & AI == 0; // ライク is not log
    let clash_bits = kana.flags & en.flags;
    let sibilant = u32::from(clash_bits & (J_PALATAL | J_PLAIN) != 0);
    let voicing = u32::from(clash_bits & (J_VOICED | J_VOICELESS) != 0);
    let (kp, ko, ep, eo) = (kana.pref & !HI, kana.ok & !HI, en.pref & !HI, en.ok & !HI);
    sibilant
        + voicing
        + if hiatus || length || diphthong {
            CLASH
        } else if kp & ep != 0 {
            0
        } else if ko & eo != 0 {
            1
        } else if last || (kp | ep) & NONE != 0 {
            2 * CLASH
        } else {
            CLASH
        }
}

/// Dropping a consonant that carries a real vowel drops a syllable: an edit
/// and a clash (ストレージ is not strategy). A bare English consonant (plural
/// s) or a kana ル after a vowel (Japanese may keep an r that English drops:
/// クーベルネテス) is only an edit; any other extra kana consonant clashes
/// too (コンスタント is not containerd, ルクラスタ not cluster).
fn indel_cost(u: Unit, odd: bool) -> u32 {
    EDIT + if u.pref & NONE == 0 || odd { CLASH } else { 0 }
}

/// Bounded edit distance over consonant classes, with vowel costs on aligned
/// consonants; the folded cost if within the bounds.
fn skeleton_cost(k: &[Unit], e: &[Unit]) -> Option<u32> {
    let (nk, ne) = (k.len().checked_sub(1)?, e.len().checked_sub(1)?);
    // Precision first: the shorter skeleton sets the bound.
    let n = nk.min(ne);
    let bound: u32 = match n {
        0 | 1 => return None,
        2 | 3 => 0,
        4..=6 => 1,
        _ => 2,
    };
    if nk.abs_diff(ne) as u32 > bound {
        return None;
    }
    let (mut prev, mut cur) = ([0u32; CAP + 1], [0u32; CAP + 1]);
    for (j, &eu) in e.iter().enumerate().skip(1) {
        prev[j] = prev[j - 1] + indel_cost(eu, false);
    }
    for (i, &ku) in k.iter().enumerate().skip(1) {
        let drop_k = indel_cost(ku, i == 1 || ku.class != R);
        cur[0] = prev[0] + drop_k;
        for (j, &eu) in e.iter().enumerate().skip(1) {
            // Unrelated consonants are an edit and a clash: at 4–6 classes a
            // bare consonant may come or go, but not change.
            let related = ku.class & eu.class != 0;
            let sub =
                slot_cost(ku, eu, i == nk && j == ne) + if related { 0 } else { EDIT + CLASH };
            cur[j] = (prev[j - 1] + sub)
                .min(prev[j] + drop_k)
                .min(cur[j - 1] + indel_cost(eu, false));
        }
        if cur[..=ne].iter().min().is_some_and(|&m| m / EDIT > bound) {
            return None;
        }
        std::mem::swap(&mut prev, &mut cur);
    }
    let total = prev[ne] + slot_cost(k[0], e[0], false);
    let (edits, clashes, soft) = (total / EDIT, total % EDIT / CLASH, total % CLASH);
    // Up to 6 classes no vowel may clash (ロール is role and roll, not rule;
    // シンプル is not sample), and 2 classes must agree in every detail: short
    // words are where near misses crowd (ピン is not bin, ラップ not lab).
    let clash_room = if bound == 2 { 2 } else { 0 };
    let fits = edits + clashes <= bound && clashes <= clash_room && (n > 2 || soft == 0);
    fits.then_some(edits * 10 + clashes * 4 + soft)
}

/// How well `english` explains `kana` as a loanword: None when it does not
/// (outside the bounds), else Some(cost), lower is better. Bounds (precision
/// first, set by the shorter skeleton): fewer than 2 consonant classes never
/// match; 2–3 need an exact skeleton; 4–6 allow one edit; up to 6 no vowel
/// may clash, so the one edit is a bare consonant coming or going (a changed
/// consonant or a dropped syllable also clashes); 7+ allow two edits or
/// clashes. Cost = 10 per edit + 4 per clash + 1 per soft vowel, voicing or
/// sibilant miss. Allocation-free, a few hundred ns per pair.
pub fn loan_match(kana: &str, english: &str) -> Option<u32> {
    let (mut k, mut e) = (Units::new(unit(0, 0, 0)), Units::new(unit(0, 0, 0)));
    if !kana_units(kana, &mut k) || !english_units(english, &mut e) {
        return None;
    }
    skeleton_cost(k.as_slice(), e.as_slice())
}

// ---------------------------------------------------------------- compounds

/// Splits a katakana compound into known parts by dynamic programming
/// (fewest parts; each part at least 2 chars; `・`/`＝`/`=` are explicit
/// separators). `known(part)` says whether the caller knows a part
/// (dictionary headword, index term, or something `loan_match` can explain).
/// None if no full split exists or the text is not katakana. No part starts
/// with ー, ッ, ン or small kana (no word does). Among equally short splits
/// the longest last part wins: the head of a Japanese compound is last, and
/// it keeps an English plural from taking the next part's first mora
/// (オブジェクト + ストレージ, not オブジェクトス "objects" + トレージ).
pub fn split_compound<'a>(kana: &'a str, known: &dyn Fn(&str) -> bool) -> Option<Vec<&'a str>> {
    let mut parts = Vec::new();
    for seg in kana.split(['・', '＝', '=']).filter(|s| !s.is_empty()) {
        let mut chars: Vec<(usize, char)> = seg.char_indices().collect();
        if !chars
            .iter()
            .all(|&(_, c)| c == 'ー' || kana_index(c).is_some())
        {
            return None;
        }
        chars.push((seg.len(), ' '));
        let n = chars.len() - 1;
        // best[i] = (parts, start of the last part) for the first i chars;
        // trying the longest last part first makes ties go to it.
        let mut best: Vec<Option<(usize, usize)>> = vec![None; n + 1];
        best[0] = Some((0, 0));
        for i in 2..=n {
            for j in 0..=i - 2 {
                let Some((p, _)) = best[j] else { continue };
                let starts_word = !"ーッンァィゥェォャュョヮ".contains(chars[j].1);
                if starts_word
                    && best[i].is_none_or(|(q, _)| p + 1 < q)
                    && known(&seg[chars[j].0..chars[i].0])
                {
                    best[i] = Some((p + 1, j));
                }
            }
        }
        let start = parts.len();
        let mut i = n;
        while i > 0 {
            let (_, j) = best[i]?;
            parts.insert(start, &seg[chars[j].0..chars[i].0]);
            i = j;
        }
    }
    (!parts.is_empty()).then_some(parts)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Katakana ↔ English pairs as Kubernetes / cloud-native notes write them.
    #[rustfmt::skip]
    const POSITIVES: &[(&str, &str)] = &[
        ("サーバー", "server"), ("サーバ", "server"), ("コントローラー", "controller"),
        ("コントローラ", "controller"), ("プロキシ", "proxy"), ("リバース", "reverse"),
        ("プレーン", "plane"), ("コントロール", "control"), ("オブザーバビリティ", "observability"),
        ("エンクリプション", "encryption"), ("クバネティス", "kubernetes"),
        ("クーベルネテス", "kubernetes"), ("コンテナ", "container"), ("コンテナー", "container"),
        ("クラスター", "cluster"), ("クラスタ", "cluster"), ("ノード", "node"), ("サービス", "service"),
        ("イングレス", "ingress"), ("モニタリング", "monitoring"), ("スケジューラ", "scheduler"),
        ("スケジューラー", "scheduler"), ("オートスケーラー", "autoscaler"), ("ゲートウェイ", "gateway"),
        ("レジストリ", "registry"), ("セキュリティ", "security"), ("ネットワーク", "network"),
        ("オペレーター", "operator"), ("オペレータ", "operator"), ("アンビエント", "ambient"),
        ("デプロイメント", "deployment"), ("マニフェスト", "manifest"), ("ストレージ", "storage"),
        ("ボリューム", "volume"), ("シークレット", "secret"), ("ポリシー", "policy"),
        ("ランタイム", "runtime"), ("ダッシュボード", "dashboard"), ("メトリクス", "metrics"),
        ("アラート", "alert"), ("テレメトリ", "telemetry"), ("サーティフィケート", "certificate"),
        ("オーケストレーション", "orchestration"), ("インシデント", "incident"),
        ("ワークロード", "workload"), ("マイグレーション", "migration"), ("アップグレード", "upgrade"),
        ("パフォーマンス", "performance"), ("スケーラビリティ", "scalability"), ("バックアップ", "backup"),
        ("リソース", "resource"), ("フレームワーク", "framework"), ("プラグイン", "plugin"),
        ("エージェント", "agent"), ("サイドカー", "sidecar"), ("ファイアウォール", "firewall"),
        ("トラフィック", "traffic"), ("レイテンシ", "latency"), ("レイテンシー", "latency"),
        ("キャッシュ", "cache"), ("データベース", "database"), ("ベンチマーク", "benchmark"),
        ("テンプレート", "template"), ("コンピュータ", "computer"), ("コンピューター", "computer"),
        ("ロードバランサー", "loadbalancer"), ("バランサー", "balancer"), ("ロード", "load"),
        ("ロール", "role"), ("ロール", "roll"), ("ポッド", "pod"), ("ロック", "lock"),
        ("イメージ", "image"), ("アーキテクチャ", "architecture"),
        ("インフラストラクチャ", "infrastructure"), ("プラットフォーム", "platform"),
        ("クラウド", "cloud"), ("ネイティブ", "native"), ("ソフトウェア", "software"),
        ("ハードウェア", "hardware"), ("ミドルウェア", "middleware"), ("パイプライン", "pipeline"),
        ("ネームスペース", "namespace"), ("アノテーション", "annotation"), ("ラベル", "label"),
        ("トレーシング", "tracing"), ("ロギング", "logging"), ("テナント", "tenant"),
        ("リストア", "restore"), ("リリース", "release"), ("アップデート", "update"),
        ("ドキュメント", "document"), ("チュートリアル", "tutorial"), ("ワークショップ", "workshop"),
        ("カンファレンス", "conference"), ("イベント", "event"), ("セッション", "session"),
        ("スライド", "slide"), ("ブログ", "blog"), ("コミュニティ", "community"),
        ("コントリビューター", "contributor"), ("メンテナー", "maintainer"), ("パッチ", "patch"),
        ("エクステンション", "extension"), ("カスタム", "custom"), ("ステートフル", "stateful"),
        ("ステートレス", "stateless"), ("ストリーミング", "streaming"), ("ビルド", "build"),
        ("テスト", "test"), ("デバッグ", "debug"), ("トラブルシューティング", "troubleshooting"),
        ("コスト", "cost"), ("ガバナンス", "governance"), ("コンプライアンス", "compliance"),
        ("サンドボックス", "sandbox"), ("マルウェア", "malware"), ("ランサムウェア", "ransomware"),
        ("スキャナー", "scanner"), ("スキャン", "scan"), ("レプリケーション", "replication"),
        ("メッシュ", "mesh"), ("インストール", "install"), ("バージョン", "version"),
        ("ブラウザ", "browser"), ("ターミナル", "terminal"), ("インターフェース", "interface"),
        ("デーモン", "daemon"), ("レプリカ", "replica"), ("ヘルスチェック", "healthcheck"),
        ("プロビジョニング", "provisioning"), ("ディストリビューション", "distribution"),
        ("バーチャル", "virtual"), ("モジュール", "module"), ("クエリ", "query"), ("スイッチ", "switch"),
        ("ツール", "tool"), ("ウィンドウ", "window"), ("ポート", "port"), ("ルーティング", "routing"),
        ("ルーター", "router"), ("エンドポイント", "endpoint"), ("ロールバック", "rollback"),
        ("リクエスト", "request"), ("レスポンス", "response"), ("トークン", "token"),
        ("ワークフロー", "workflow"), ("アクセス", "access"), ("コネクション", "connection"),
        ("プロトコル", "protocol"), ("ストラクチャ", "structure"), ("フィーチャー", "feature"),
        ("スナップショット", "snapshot"), ("バケット", "bucket"), ("スケール", "scale"),
        ("オブジェクト", "object"), ("ファイル", "file"), ("フォーマット", "format"),
        ("ハンドラー", "handler"), ("プロセス", "process"), ("スレッド", "thread"), ("メモリ", "memory"),
        ("ストリーム", "stream"), ("ソース", "source"), ("コード", "code"), ("リポジトリ", "repository"),
        ("コミット", "commit"), ("マージ", "merge"), ("ブランチ", "branch"), ("コンピュート", "compute"),
        ("インプット", "input"), ("ベクター", "vector"), ("ジョブ", "job"), ("タイムライン", "timeline"),
        ("ライフサイクル", "lifecycle"), ("アクション", "action"), ("スキーマ", "schema"),
        ("カオス", "chaos"), ("ログ", "log"), ("デモ", "demo"),
        // From the kubenews corpus: short words whose near misses it holds.
        ("チーム", "team"), ("ミニ", "mini"), ("ルート", "route"), ("ストア", "store"), ("フェッチ", "fetch"),
        ("サイズ", "size"), ("ピン", "pin"), ("ラップ", "wrap"), ("ミス", "miss"), ("バグ", "bug"), ("タグ", "tag"),
        ("パス", "path"), ("ゲスト", "guest"), ("ガベージ", "garbage"), ("フィルタリング", "filtering"),
        ("コマンド", "command"), ("シンプル", "simple"), ("コーディング", "coding"), ("グループ", "group"),
        ("レイアウト", "layout"), ("チェック", "check"), ("セキュア", "secure"), ("ニュース", "news"),
        ("レベル", "level"), ("クエリ", "query"),
    ];

    /// Unrelated words and near misses that a looser rule would take.
    #[rustfmt::skip]
    const NEGATIVES: &[(&str, &str)] = &[
        ("サーバー", "service"), ("プロキシ", "policy"), ("ノード", "need"), ("コンテナ", "continue"),
        ("サービス", "survive"), ("ロール", "rule"), ("ポッド", "pad"), ("クラスター", "classic"),
        ("セキュリティ", "secret"), ("シークレット", "security"), ("コントロール", "controller"),
        ("コントローラー", "control"), ("ポリシー", "police"), ("イメージ", "message"),
        ("レジストリ", "register"), ("ストレージ", "strategy"), ("ネットワーク", "networking"),
        ("モニタリング", "monitor"), ("デプロイメント", "department"), ("トラフィック", "terrific"),
        ("ノード", "needed"), ("ロック", "lack"), ("ロック", "luck"), ("ロック", "like"), ("ログ", "lag"),
        ("ポート", "pet"), ("コード", "cold"), ("コード", "card"), ("ゲートウェイ", "getaway"),
        ("クラウド", "crowded"), ("プレーン", "plant"), ("プレーン", "play"), ("ランタイム", "rental"),
        ("テンプレート", "temperature"), ("データベース", "debates"), ("マニフェスト", "manifold"),
        ("アラート", "alright"), ("エッジ", "edit"), ("パッチ", "peach"), ("パッチ", "pitch"),
        ("メッシュ", "mash"), ("スケール", "school"), ("ツール", "tail"), ("ファイル", "fool"),
        ("ジョブ", "jab"), ("ビルド", "bold"), ("テスト", "taste"), ("イベント", "advent"),
        ("リリース", "relaxes"), ("サイドカー", "cider"), ("カオス", "case"),
        // Near misses the corpus sweep turned up before the 2-class rule was tightened.
        ("クエリ", "career"), ("ピン", "bin"), ("ラップ", "lab"), ("ミス", "measure"), ("フェッチ", "phase"),
        ("サイズ", "this"), ("チャート", "cert"), ("ルート", "wrote"), ("ストア", "suda"), ("テーマ", "demo"),
        ("コンスタント", "containerd"), ("ファイナライザーキー", "finalizer"), ("レイアウト", "read"),
        ("シンプル", "sample"), ("コマンド", "comment"), ("ライク", "log"), ("サイズ", "shows"),
        ("カタ", "quota"), ("スルー", "wsl"), ("トリ", "try"), ("ルクラスタ", "cluster"),
    ];

    /// Outcomes that are choices, not accidents (see the comments).
    #[rustfmt::skip]
    const BY_DESIGN: &[(&str, &str, bool)] = &[
        // One consonant class is too short to trust.
        ("ユーザー", "user", false), ("エッジ", "edge", false), ("オーナー", "owner", false),
        ("トンネル", "tunnel", false), // old borrowing: ト for a short u, which otherwise reads ア
        ("カナリア", "canary", false), // Dutch-era カナリア ends in a hiatus, canary in y
        // Homophones and spelling variants; ranking cannot (and need not) split them.
        ("ロール", "role", true), ("ロール", "roll", true), ("プレーン", "plain", true), ("レベル", "label", true),
        ("コスト", "coast", true), // a short kana vowel for a long English one is common (ポスト post)
        // Two classes must agree in every detail, so the soft misses that only
        // rank longer words reject these: voicing, and o→a (カバー cover).
        ("ログ", "lock", false), ("ロック", "log", false), ("パッド", "pod", false),
        // A bare English consonant is one edit from 4 classes on: plurals and
        // containerd match, ranked below the exact word; callers stem first.
        ("セキュリティ", "securities", true), ("コンテナ", "containerd", true),
        // Older borrowings write ti/di as チ/ジ.
        ("マルチ", "multi", true), ("ラジオ", "radio", true), ("ティップス", "tips", true),
    ];

    /// Readable classes, unions in brackets: "S P", "S K [ST] R".
    fn classes(s: &Skeleton) -> String {
        let mut out = Vec::new();
        for u in s.units.iter().skip(1) {
            let bits = "KSTNMHPRW"
                .char_indices()
                .filter(|&(b, _)| u.class >> b & 1 == 1);
            let n: String = bits.map(|(_, c)| c).collect();
            out.push(if n.len() > 1 { format!("[{n}]") } else { n });
        }
        out.join(" ")
    }

    #[test]
    fn romaji_follows_loanword_conventions() {
        #[rustfmt::skip]
        let cases = [
            ("サーバー", "saabaa"), ("コンピュータ", "kompyuuta"), ("パーティション", "paatishon"), ("ロック", "rokku"),
            ("パッチ", "patchi"), ("ウィンドウ", "windou"), ("ファイアウォール", "faiawooru"), ("ヴァリデーション", "varideeshon"),
            ("ドゥ", "du"), ("シェル", "sheru"), ("ジェンキンス", "jenkinsu"), ("チェック", "chekku"), ("クォータ", "kwoota"),
            ("イェール", "yeeru"), ("サービス・メッシュ", "saabisu messhu"), ("アンビエント", "ambiento"), ("コンユ", "kon'yu"),
        ];
        for (kana, want) in cases {
            assert_eq!(kana_to_romaji(kana).as_deref(), Some(want), "{kana}");
        }
        for bad in ["", "サーバーA", "さーばー", "サーバー＝", "kubernetes"] {
            assert_eq!(
                (kana_to_romaji(bad), kana_skeleton(bad)),
                (None, None),
                "{bad}"
            );
        }
    }

    #[test]
    fn skeletons_encode_the_conventions() {
        #[rustfmt::skip]
        let english = [
            ("server", "S P"), ("kubernetes", "K P N T S"), ("network", "N T W K"), ("encryption", "N K R P S N"),
            ("scheduler", "S K [ST] R"), ("registry", "R [KS] S T R"), ("phase", "H S"), ("lock", "R K"),
            ("proxy", "P R K S"), ("firewall", "H W R"), ("Gateway", "K T W"), ("k8s", ""), ("hands-on", ""), ("wsl", ""),
        ];
        for (word, want) in english {
            assert_eq!(classes(&english_skeleton(word)), want, "{word}");
        }
        #[rustfmt::skip]
        let kana = [
            ("サーバー", "S P"), ("コンピュータ", "K [NM] P T"), ("コンテンツ", "K N T N T S"), ("ツール", "T R"),
            ("スイッチ", "S W S"), ("トンネル", "T N R"), ("ソフトウエア", "S H T W"),
        ];
        for (word, want) in kana {
            assert_eq!(
                kana_skeleton(word).map(|s| classes(&s)).as_deref(),
                Some(want),
                "{word}"
            );
        }
        assert_eq!(kana_skeleton("サーバー"), kana_skeleton("サーバ"));
        assert_eq!(kana_skeleton("オペレーター"), kana_skeleton("オペレータ"));
        assert_ne!(kana_skeleton("マージ"), kana_skeleton("マジ")); // an internal ー counts
    }

    #[test]
    fn pair_lists_and_choices_hold() {
        let missed: Vec<_> = POSITIVES
            .iter()
            .filter(|(k, e)| loan_match(k, e).is_none())
            .collect();
        assert!(
            missed.is_empty(),
            "{} positives fail: {missed:?}",
            missed.len()
        );
        let taken: Vec<_> = NEGATIVES
            .iter()
            .filter_map(|(k, e)| Some((k, e, loan_match(k, e)?)))
            .collect();
        assert!(
            taken.is_empty(),
            "{} negatives match: {taken:?}",
            taken.len()
        );
        for (k, e, want) in BY_DESIGN {
            assert_eq!(loan_match(k, e).is_some(), *want, "{k} / {e}");
        }
        for (k, e) in POSITIVES {
            if let Some(short) = k.strip_suffix('ー') {
                assert_eq!(
                    loan_match(k, e),
                    loan_match(short, e),
                    "{k} / {short} vs {e}"
                );
            }
        }
    }

    /// The best-cost words among `vocab` for `kana` (all ties).
    fn best<'a>(kana: &str, vocab: &[&'a str]) -> Vec<&'a str> {
        let scored: Vec<_> = vocab
            .iter()
            .filter_map(|e| Some((loan_match(kana, e)?, *e)))
            .collect();
        let top = scored.iter().map(|s| s.0).min();
        scored
            .into_iter()
            .filter(|s| Some(s.0) == top)
            .map(|s| s.1)
            .collect()
    }

    #[test]
    fn best_candidate_is_the_right_word() {
        #[rustfmt::skip]
        let vocab = [
            "plain", "plane", "plan", "playing", "plugin", "planet", "place", "play", "lane", "prune", "registry",
            "registered", "region", "restore", "register", "regular", "resister", "registries", "proxy", "policy",
            "process", "pricing", "service", "survive", "server", "serve", "surface", "secret", "security",
            "section", "container", "continue", "contain", "content", "controller", "control", "cluster",
            "classic", "closer", "runtime", "random", "rotate", "metrics", "matrix", "metric", "network",
            "networks", "gateway", "getaway", "agent", "urgent", "gentle", "cache", "case", "chaos", "log", "lock",
        ];
        // プレーン is "plain" (プレーンテキスト) as much as "plane": a real tie.
        #[rustfmt::skip]
        let cases: &[(&str, &[&str])] = &[
            ("プレーン", &["plane", "plain"]), ("レジストリ", &["registry"]), ("プロキシ", &["proxy"]),
            ("サービス", &["service"]), ("サーバー", &["server"]), ("シークレット", &["secret"]),
            ("セキュリティ", &["security"]), ("コンテナ", &["container"]), ("コントロール", &["control"]),
            ("コントローラ", &["controller"]), ("クラスター", &["cluster"]), ("ランタイム", &["runtime"]),
            ("メトリクス", &["metrics"]), ("ネットワーク", &["network"]), ("ゲートウェイ", &["gateway"]),
            ("エージェント", &["agent"]), ("プラン", &["plan"]), ("キャッシュ", &["cache"]), ("カオス", &["chaos"]),
            ("ログ", &["log"]), ("ロック", &["lock"]),
        ];
        for (kana, want) in cases {
            let got = best(kana, &vocab);
            assert!(
                !got.is_empty() && got.iter().all(|g| want.contains(g)),
                "{kana}: {got:?}, want {want:?}"
            );
        }
    }

    type Known<'a> = &'a dyn Fn(&str) -> bool;

    #[test]
    fn compounds_split_into_known_parts() {
        let words =
            "リバース プロキシ コントロール プレーン ロード バランサー サービス メッシュ ロードバ";
        let dict = |p: &str| words.split(' ').any(|w| w == p);
        let english = "reverse proxy control plane load balancer service mesh observability single sing cluster";
        let loan = |p: &str| english.split(' ').any(|e| loan_match(p, e).is_some());
        // Equally short splits: the longest last part (the head) wins.
        let heads =
            "オブジェクト オブジェクトス ストレージ トレージ クラスタ クラスタリ リソース ソース";
        let tie = |p: &str| heads.split(' ').any(|w| w == p);
        let (any, none) = (|_: &str| true, |p: &str| p.chars().count() < 2);
        let not_whole = |p: &str| p != "サーバー";
        #[rustfmt::skip]
        let cases: &[(&str, Known, Option<&str>)] = &[
            ("リバースプロキシ", &dict, Some("リバース+プロキシ")), ("リバースプロキシ", &loan, Some("リバース+プロキシ")),
            ("コントロールプレーン", &dict, Some("コントロール+プレーン")), ("コントロールプレーン", &loan, Some("コントロール+プレーン")),
            ("ロードバランサー", &dict, Some("ロード+バランサー")), ("ロードバランサー", &loan, Some("ロード+バランサー")),
            ("サービスメッシュ", &dict, Some("サービス+メッシュ")), ("サービスメッシュ", &loan, Some("サービス+メッシュ")),
            ("サービス・メッシュ", &dict, Some("サービス+メッシュ")), ("リバース＝プロキシ=サービス", &loan, Some("リバース+プロキシ+サービス")),
            ("プロキシ", &dict, Some("プロキシ")), // fewest parts: the whole word
            ("コントロールタワー", &dict, None), ("コントロールタワー", &loan, None), ("カオスエンジニアリング", &loan, None),
            ("オブザーバビリティプロキシ", &loan, Some("オブザーバビリティ+プロキシ")),
            ("シングルクラスタ", &loan, Some("シングル+クラスタ")),
            ("オブジェクトストレージ", &tie, Some("オブジェクト+ストレージ")), ("クラスタリソース", &tie, Some("クラスタ+リソース")),
            ("サービスA", &any, None), ("サーバー", &none, None), // not katakana; parts have 2+ chars
            ("サーバー", &not_whole, Some("サー+バー")),
        ];
        for (kana, known, want) in cases {
            assert_eq!(
                split_compound(kana, known).map(|v| v.join("+")).as_deref(),
                *want,
                "{kana}"
            );
        }
    }

    #[test]
    fn odd_input_does_not_panic() {
        let kana: Vec<char> = ('ァ'..='ヺ').chain("ー・".chars()).collect();
        for (a, b) in kana.iter().flat_map(|&a| kana.iter().map(move |&b| (a, b))) {
            let word: String = [a, b, a, 'ー', b].iter().collect();
            let _ = (
                kana_to_romaji(&word),
                kana_skeleton(&word),
                loan_match(&word, "server"),
            );
        }
        let letters = b"aeioubcdghklmnprstwxyz";
        for (a, b, c) in letters.iter().flat_map(|&a| {
            letters
                .iter()
                .flat_map(move |&b| letters.iter().map(move |&c| (a, b, c)))
        }) {
            let word = String::from_utf8(vec![a, b, c, b, a, c]).unwrap();
            let _ = (english_skeleton(&word), loan_match("サーバー", &word));
        }
        let long = "ア".repeat(40);
        assert_eq!(
            (kana_skeleton(&long), loan_match(&long, &"a".repeat(40))),
            (None, None)
        );
    }

    /// `--nocapture` prints the numbers reported for this module.
    #[test]
    fn report_precision_and_recall() {
        let tp = POSITIVES
            .iter()
            .filter(|(k, e)| loan_match(k, e).is_some())
            .count();
        let fp = NEGATIVES
            .iter()
            .filter(|(k, e)| loan_match(k, e).is_some())
            .count();
        let (pos, neg) = (POSITIVES.len(), NEGATIVES.len());
        println!(
            "pairs: recall {tp}/{pos}, false matches {fp}/{neg}, precision {:.3}",
            tp as f64 / (tp + fp) as f64
        );
        // Every kana of the positives against every English word of both lists.
        let mut vocab: Vec<&str> = POSITIVES.iter().chain(NEGATIVES).map(|p| p.1).collect();
        let mut kanas: Vec<&str> = POSITIVES.iter().map(|p| p.0).collect();
        vocab.sort();
        vocab.dedup();
        kanas.sort();
        kanas.dedup();
        let (mut hit, mut wrong, mut top1) = (0, Vec::new(), 0);
        for k in &kanas {
            for e in vocab.iter().filter(|e| loan_match(k, e).is_some()) {
                if POSITIVES.contains(&(k, e)) {
                    hit += 1
                } else {
                    wrong.push(format!("{k}/{e}"))
                }
            }
            let b = best(k, &vocab);
            top1 += usize::from(b.len() == 1 && POSITIVES.contains(&(k, b[0])));
        }
        let (n, v, w) = (kanas.len(), vocab.len(), wrong.len());
        println!(
            "sweep {n} kana x {v} English: precision {:.3} ({hit}/{}), unique top-1 {top1}/{n}",
            hit as f64 / (hit + w) as f64,
            hit + w
        );
        println!("sweep false matches: {wrong:?}");
        let t = std::time::Instant::now();
        let found = (0..20)
            .flat_map(|_| &vocab)
            .filter(|e| loan_match("オブザーバビリティ", e).is_some())
            .count();
        let skel = (0..20)
            .flat_map(|_| &vocab)
            .filter(|e| english_skeleton(e).units.len() > 3)
            .count();
        let per = t.elapsed().as_nanos() as f64 / (20 * v) as f64;
        println!("loan_match + english_skeleton: {per:.0} ns per English word ({found}, {skel})");
        assert!(
            top1 * 100 >= n * 95 && hit * 100 >= (hit + w) * 95,
            "sweep below 95%"
        );
    }
}
