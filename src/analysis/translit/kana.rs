//! Katakana → romaji and sound-class skeleton: characters become morae,
//! morae become units.

use super::{
    A, AI, CAP, E, H, HI, I, J_LONG, J_PALATAL, J_PLAIN, J_SHORT, J_VOICED, J_VOICELESS, K, M,
    MAX_LEN, N, NONE, O, P, R, S, Skeleton, Stack, T, U, Units, W, push_unit, unit,
};

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

pub(super) fn kana_index(c: char) -> Option<u8> {
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

pub(super) fn kana_units(kana: &str, out: &mut Units) -> bool {
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
