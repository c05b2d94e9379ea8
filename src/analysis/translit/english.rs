//! English spelling → sound-class skeleton: letters become segments, and
//! each vowel run the kana vowels that may spell it.

use super::{
    A, AI, CAP, E, E_CLOSED, E_HIATUS, E_PALATAL, E_PLAIN, E_RHOTIC, E_VOICED, E_VOICELESS, H, HI,
    I, K, M, MAX_LEN, N, NONE, O, P, R, S, Skeleton, Stack, T, U, Units, W, push_unit, unit,
};

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

pub(super) fn english_units(word: &str, out: &mut Units) -> bool {
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
