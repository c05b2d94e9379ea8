//! Comparing a katakana and an English skeleton: a bounded edit distance
//! with vowel, length, place and voicing costs.

use super::english::english_units;
use super::kana::kana_units;
use super::{
    AI, CAP, E_HIATUS, HI, J_LONG, J_PALATAL, J_PLAIN, J_SHORT, J_VOICED, J_VOICELESS, NONE, R,
    Unit, Units, unit,
};

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
