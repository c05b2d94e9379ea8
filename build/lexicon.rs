//! Converts EDICT (JMdict) and its computing subset COMPDIC into the
//! cross-language lexicon that `kn` embeds: Japanese nouns and their English
//! glosses, looked up in both directions by `src/analysis/lexicon/mod.rs`.
//!
//! # Source and licence
//!
//! Input is Debian's `edict` package: `/usr/share/edict/edict` (JMdict/EDICT)
//! and `/usr/share/edict/compdic` (computing and telecommunications terms),
//! EUC-JP, decoded to UTF-8 by the build script before [`build`] is called.
//! These files are the property of the Electronic Dictionary Research and
//! Development Group (EDRDG), <https://www.edrdg.org/>, and are used in
//! conformance with the Group's licence: Creative Commons
//! Attribution-ShareAlike 3.0 (CC BY-SA 3.0). The embedded lexicon is a
//! derived work under the same licence.
//!
//! # What is kept, and why
//!
//! Search matches words, so only entries a query word can be are kept:
//!
//! * **Senses**: those whose part-of-speech list contains `n` or `vs` (nouns
//!   and verbal nouns: 暗号化, 監視, 再起動). A part-of-speech tag applies to the
//!   following senses until the next one. `n-suf`, `n-pref`, `n-adv`, `n-t`
//!   alone are left out: suffixes (性, 化) and temporal/adverbial nouns turn
//!   common English words (nature, all, today) into noise. Also left out:
//!   senses tagged archaic, obsolete, obscure, rare or dialectal (`(arch)`,
//!   `(obs)`, `(obsc)`, `(rare)`, `(ksb:)` …), idioms (`(yoji)`, `(id)`,
//!   `(proverb)`) and fields no tech note talks about (`(Buddh)`, `(Shinto)`,
//!   `(Christn)`, `(sumo)`, `(shogi)`, `(mahj)`, `(hanaf)`, `(go)`,
//!   `(kabuki)`, `(noh)`, `(MA)`, `(baseb)`), which would otherwise answer
//!   "enlightenment" or "fly" with a temple or a baseball word.
//! * **Glosses**: leading tags and leading/trailing parenthetical notes are
//!   stripped (`(n) (2) (cake) server` → `server`, `certificate (usually of
//!   proof of something)` → `certificate`), a leading article goes (`the
//!   internet` → `internet`); what is left must be one to three words of ASCII
//!   letters, digits and hyphens, with at least two letters, no `etc`, no
//!   parentheses inside, not a verb phrase (`to …`) and not ending in a
//!   preposition (`switching over to`, `making use of`). Lowercased.
//! * **Headwords**: every kanji headword and every katakana headword or
//!   reading (the reading `ファックス・モデム` of `ＦＡＸモデム` is kept even
//!   though the Latin headword is not). Hiragana headwords only when the word
//!   has no kanji form (`いじめ` is reached through `苛め`; people type kanji).
//!   Headwords with Latin letters, digits, symbols or compatibility ideographs
//!   are dropped, and so are lines marked irregular or outdated (`(iK)`,
//!   `(ik)`, `(oK)`, `(ok)`, `(io)`), whose regular spelling has its own line.
//! * **Keys**: a headword's key drops `・` and, like the index, folds a final
//!   long vowel: a word of katakana and `ー` ending in `ー` loses its trailing
//!   `ー` run when at least three characters remain (`サーバー` → `サーバ`,
//!   `ロード・バランサー` → `ロードバランサ`). An English key is the gloss
//!   split at spaces and hyphens, each word passed through `stem` (the index's
//!   Porter2 stemmer), joined with one space (`load-balancers` → `load
//!   balanc`).
//! * **Flags** per (headword, gloss): *computing* (sense tagged `(comp)`),
//!   *common* (the headword line has `(P)`) and the 0-based sense index
//!   (capped at 15). COMPDIC lines are merged in as entries of their own; a
//!   pair from COMPDIC counts as computing only when EDICT has no `(comp)` tag
//!   for that headword at all. (Debian's COMPDIC is exactly the EDICT entries
//!   that have some `(comp)` sense, with the tags removed and *all* senses
//!   copied, so taking every COMPDIC pair as computing would make サーバー a
//!   computing word for "dispenser".)
//!
//! # Blob format (version 1; all integers little-endian u32)
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
//! 32  ja offsets, en offsets, record area
//! ```
//!
//! Record offsets are relative to `strings`; each table's records are in
//! key order (bytes), so a lookup is a binary search straight over the
//! embedded bytes, and a record ends at its `\n`. Every value starts with a
//! flag byte `0x40 | computing | common << 1 | sense << 2` (printable ASCII,
//! never a separator).
//!
//! ```text
//! ja→en  key \t spelling \t flag gloss (\x1f flag gloss)* \n
//! en→ja  key \t (flag ref)* \n
//! ```
//!
//! * ja→en: `key` is the folded headword, `spelling` its dictionary spelling
//!   when that differs (`サーバ`, `サーバー`), else empty; glosses lowercase,
//!   computing senses first, then sense order, then order within the sense;
//!   at most 8.
//! * en→ja: `key` is the stemmed gloss; each `ref` is the number of a ja→en
//!   record (its spelling is the headword shown), written as `width` digits
//!   `'0' + 0..64`, most significant first, where `width` is the least
//!   `w ≥ 1` with `64^w ≥ ja_count` (3 for EDICT). Computing first, then
//!   common, then sense order; at most 8, one per headword. Referring to the
//!   ja records instead of repeating the headword saves about 2.4 MB.
//!
//! On Debian's 2021 EDICT (with Porter2 keys) the blob is 10.6 MB: 169,138
//! headwords and 134,180 English keys; [`build`] takes about 0.8 s in an
//! optimised build, and a lookup about half a microsecond.
//!
//! # Tests
//!
//! Cargo runs no tests of a build script, so this file has none: the reader
//! (`src/analysis/lexicon/mod.rs`) includes it as `builder` in test builds,
//! and its tests (`tests.rs` there) test it; the `pub(super)` items are the
//! ones they call. Nothing here may include the reader back.

use std::collections::{BTreeMap, HashMap, HashSet};

/// First four bytes of the blob.
pub const MAGIC: &[u8; 4] = b"KNLX";
/// Format version; the reader refuses any other.
pub const VERSION: u32 = 1;
/// Bytes before the offset arrays.
pub const HEADER_LEN: usize = 32;
/// Values kept per key, in both tables.
pub const MAX_VALUES: usize = 8;

const FLAG_BASE: u8 = 0x40;
const FLAG_COMPUTING: u8 = 1;
const FLAG_COMMON: u8 = 2;
const SENSE_SHIFT: u32 = 2;
const SENSE_MAX: u8 = 15;
pub(super) const KEY_END: u8 = b'\t';
const VALUE_SEP: u8 = 0x1f;
const RECORD_END: u8 = b'\n';
/// Digits of a record number are `REF_BASE + 0..64`: `0`..`o`.
const REF_BASE: u8 = b'0';

/// Builds the lexicon blob from the UTF-8 text of EDICT and COMPDIC.
/// `stem` is applied to every word of an English gloss to make its key.
pub fn build(edict: &str, compdic: &str, stem: &dyn Fn(&str) -> String) -> Vec<u8> {
    let edict_lines: Vec<Line> = edict.lines().filter_map(parse_line).collect();
    let compdic_lines: Vec<Line> = compdic.lines().filter_map(parse_line).collect();

    // Hiragana spellings that are readings of some written (kanji) form: a
    // kana-only line for one of them is the kana spelling of a kanji word.
    let mut kanji_readings: HashSet<&str> = HashSet::new();
    for line in edict_lines.iter().chain(&compdic_lines) {
        if !line.written.is_empty() {
            kanji_readings.extend(
                line.kana
                    .iter()
                    .copied()
                    .filter(|r| script(r) == Some(Script::Kana)),
            );
        }
    }

    // Headwords whose EDICT entry tags its computing senses itself.
    let mut tagged: HashSet<String> = HashSet::new();
    for line in edict_lines.iter().filter(|l| l.any_computing) {
        for head in headwords(line, &kanji_readings) {
            tagged.insert(headword_key(head));
        }
    }

    let mut heads: HashMap<String, Head> = HashMap::new();
    let sources = edict_lines
        .iter()
        .map(|l| (l, false))
        .chain(compdic_lines.iter().map(|l| (l, true)));
    for (line, from_compdic) in sources {
        if line.glosses.is_empty() {
            continue;
        }
        for spelling in headwords(line, &kanji_readings) {
            let key = headword_key(spelling);
            let compdic_computing = from_compdic && !tagged.contains(&key);
            let head = heads.entry(key).or_default();
            head.add_spelling(spelling, line.common);
            for gloss in &line.glosses {
                head.add_gloss(gloss, compdic_computing);
            }
        }
    }

    // ja → en: one record per headword key, in key order; its position is
    // what en → ja values refer to.
    let mut ja: Vec<(&str, &Head)> = heads.iter().map(|(k, h)| (k.as_str(), h)).collect();
    ja.sort_unstable_by(|a, b| a.0.cmp(b.0));
    let width = ref_width(ja.len());

    let mut strings = Vec::new();
    let mut ja_offsets = Vec::with_capacity(ja.len());
    // en → ja: candidate headwords (by ja record number) per stemmed gloss.
    let mut en: BTreeMap<String, Vec<Candidate>> = BTreeMap::new();
    for (record, (key, head)) in ja.iter().enumerate() {
        let mut glosses: Vec<&Gloss> = head.glosses.iter().collect();
        glosses.sort_by(|a, b| {
            (!a.computing, a.sense, a.position, &a.text).cmp(&(
                !b.computing,
                b.sense,
                b.position,
                &b.text,
            ))
        });
        ja_offsets.push(offset(&strings));
        strings.extend_from_slice(key.as_bytes());
        strings.push(KEY_END);
        if head.spelling != *key {
            strings.extend_from_slice(head.spelling.as_bytes());
        }
        strings.push(KEY_END);
        for (i, gloss) in glosses.iter().take(MAX_VALUES).enumerate() {
            if i > 0 {
                strings.push(VALUE_SEP);
            }
            strings.push(flag(gloss.computing, head.common, gloss.sense));
            strings.extend_from_slice(gloss.text.as_bytes());
        }
        strings.push(RECORD_END);

        for gloss in &head.glosses {
            let en_key = english_key(&gloss.text, stem);
            if en_key.is_empty() {
                continue;
            }
            en.entry(en_key).or_default().push(Candidate {
                record,
                spelling: &head.spelling,
                computing: gloss.computing,
                common: head.common,
                sense: gloss.sense,
                position: gloss.position,
            });
        }
    }

    let mut en_offsets = Vec::with_capacity(en.len());
    for (key, mut candidates) in en {
        candidates.sort_by(|a, b| a.rank().cmp(&b.rank()));
        let mut seen = HashSet::new();
        en_offsets.push(offset(&strings));
        strings.extend_from_slice(key.as_bytes());
        strings.push(KEY_END);
        for c in candidates
            .iter()
            .filter(|c| seen.insert(c.record))
            .take(MAX_VALUES)
        {
            strings.push(flag(c.computing, c.common, c.sense));
            for digit in (0..width).rev() {
                strings.push(REF_BASE + ((c.record >> (6 * digit)) & 63) as u8);
            }
        }
        strings.push(RECORD_END);
    }

    let ja_index = HEADER_LEN;
    let en_index = ja_index + 4 * ja_offsets.len();
    let strings_at = en_index + 4 * en_offsets.len();
    let total = strings_at + strings.len();
    assert!(u32::try_from(total).is_ok(), "lexicon blob over 4 GiB");
    let mut blob = Vec::with_capacity(total);
    blob.extend_from_slice(MAGIC);
    for n in [
        VERSION as usize,
        ja_offsets.len(),
        en_offsets.len(),
        ja_index,
        en_index,
        strings_at,
        total,
    ] {
        blob.extend_from_slice(&(n as u32).to_le_bytes());
    }
    for o in ja_offsets.iter().chain(&en_offsets) {
        blob.extend_from_slice(&o.to_le_bytes());
    }
    blob.extend_from_slice(&strings);
    debug_assert_eq!(blob.len(), total);
    blob
}

/// One EDICT line, parsed: its spellings and its usable noun glosses.
struct Line<'a> {
    /// Forms before the `[reading]` (kanji, or anything with Latin letters);
    /// empty for a kana-only line.
    written: Vec<&'a str>,
    /// The readings in brackets, or the headwords of a kana-only line.
    kana: Vec<&'a str>,
    /// `(P)`: a common word.
    common: bool,
    /// Some sense (of any part of speech) is tagged `(comp)`.
    any_computing: bool,
    glosses: Vec<Gloss>,
}

struct Gloss {
    text: String,
    computing: bool,
    sense: u8,
    /// Position within its sense.
    position: u16,
}

#[derive(Default)]
struct Head {
    spelling: String,
    common: bool,
    glosses: Vec<Gloss>,
}

impl Head {
    /// Keeps the spelling shown for this key: common first, then without
    /// `・`, then the shortest.
    fn add_spelling(&mut self, spelling: &str, common: bool) {
        let rank = |s: &str, common: bool| (!common, s.contains('・'), s.chars().count());
        if self.spelling.is_empty()
            || (rank(spelling, common), spelling)
                < (rank(&self.spelling, self.common), self.spelling.as_str())
        {
            self.spelling = spelling.to_string();
        }
        self.common |= common;
    }

    fn add_gloss(&mut self, gloss: &Gloss, compdic_computing: bool) {
        let computing = gloss.computing || compdic_computing;
        if let Some(known) = self.glosses.iter_mut().find(|g| g.text == gloss.text) {
            known.computing |= computing;
            if (gloss.sense, gloss.position) < (known.sense, known.position) {
                known.sense = gloss.sense;
                known.position = gloss.position;
            }
        } else {
            self.glosses.push(Gloss {
                text: gloss.text.clone(),
                computing,
                sense: gloss.sense,
                position: gloss.position,
            });
        }
    }
}

struct Candidate<'a> {
    record: usize,
    spelling: &'a str,
    computing: bool,
    common: bool,
    sense: u8,
    position: u16,
}

impl Candidate<'_> {
    fn rank(&self) -> (bool, bool, u8, u16, usize, &str) {
        (
            !self.computing,
            !self.common,
            self.sense,
            self.position,
            self.spelling.len(),
            self.spelling,
        )
    }
}

fn flag(computing: bool, common: bool, sense: u8) -> u8 {
    FLAG_BASE
        | if computing { FLAG_COMPUTING } else { 0 }
        | if common { FLAG_COMMON } else { 0 }
        | (sense.min(SENSE_MAX) << SENSE_SHIFT)
}

fn offset(strings: &[u8]) -> u32 {
    u32::try_from(strings.len()).expect("lexicon record area over 4 GiB")
}

/// Characters per ja record number in an en → ja value: six bits each, so
/// that 64^width covers every record.
pub(super) fn ref_width(records: usize) -> usize {
    let mut width = 1;
    while width < 5 && records > 1 << (6 * width) {
        width += 1;
    }
    width
}

/// Parses `KANJI [KANA] /gloss/.../` or `KANA /gloss/.../`; several forms
/// may be separated by `;`. `None` for the header, malformed lines and lines
/// marked as irregular spellings.
fn parse_line<'a>(line: &'a str) -> Option<Line<'a>> {
    let (head, body) = line.trim_end().split_once(" /")?;
    let mut common = false;
    let mut irregular = false;
    let mut forms = |list: &'a str| -> Vec<&'a str> {
        list.split(';')
            .filter_map(|form| {
                // EDICT2 marks forms inline: 明日(P), 看視(iK).
                let (bare, marks) = match form.find('(') {
                    Some(i) => (&form[..i], &form[i..]),
                    None => (form, ""),
                };
                if marks.contains("(P)") {
                    common = true;
                }
                let odd = ["(iK)", "(ik)", "(oK)", "(ok)", "(io)"];
                let bare = bare.trim();
                (!bare.is_empty() && !odd.iter().any(|m| marks.contains(m))).then_some(bare)
            })
            .collect::<Vec<_>>()
    };
    let (written, kana) = match head.split_once(" [") {
        Some((w, k)) => (forms(w), forms(k.trim_end_matches(']'))),
        None => (Vec::new(), forms(head)),
    };
    if written.is_empty() && kana.is_empty() {
        return None;
    }

    let mut any_computing = false;
    let mut glosses = Vec::new();
    let mut noun = false;
    let mut sense = 0u8;
    let mut computing = false;
    let mut dropped = false;
    let mut position = 0u16;
    for element in body.split('/') {
        let element = element.trim();
        if element.is_empty() || is_entry_id(element) {
            continue;
        }
        let mut rest = element;
        while let Some((group, after)) = leading_group(rest) {
            match classify(group) {
                Tag::Sense(n) => {
                    sense = u8::try_from(n.saturating_sub(1)).unwrap_or(u8::MAX);
                    computing = false;
                    dropped = false;
                    position = 0;
                }
                Tag::Pos(is_noun) => noun = is_noun,
                Tag::Computing => computing = true,
                Tag::Drop => dropped = true,
                Tag::Irregular => irregular = true,
                Tag::Common => common = true,
                Tag::Note => {}
            }
            rest = after;
        }
        if rest.is_empty() {
            continue;
        }
        any_computing |= computing;
        if noun
            && !dropped
            && let Some(text) = clean_gloss(rest)
        {
            glosses.push(Gloss {
                text,
                computing,
                sense,
                position,
            });
        }
        position = position.saturating_add(1);
    }
    if irregular {
        return None;
    }
    Some(Line {
        written,
        kana,
        common,
        any_computing,
        glosses,
    })
}

/// `EntL1234567X` (JMdict sequence number), `EntL1234567` and the like.
fn is_entry_id(element: &str) -> bool {
    element
        .strip_prefix("EntL")
        .is_some_and(|id| !id.is_empty() && id.bytes().all(|b| b.is_ascii_alphanumeric()))
}

/// `(group) rest` → `Some(("group", "rest"))`, nested parentheses matched.
fn leading_group(text: &str) -> Option<(&str, &str)> {
    let text = text.trim_start();
    if !text.starts_with('(') {
        return None;
    }
    let mut depth = 0usize;
    for (i, c) in text.char_indices() {
        match c {
            '(' => depth += 1,
            ')' => {
                depth -= 1;
                if depth == 0 {
                    return Some((&text[1..i], text[i + 1..].trim_start()));
                }
            }
            _ => {}
        }
    }
    None
}

enum Tag {
    /// `(1)`, `(2)`: a new sense starts.
    Sense(u32),
    /// A part-of-speech list; `true` when it makes the sense a noun.
    Pos(bool),
    Computing,
    /// Archaic, obsolete, obscure, rare or dialectal sense.
    Drop,
    /// The line's headword is an irregular or outdated spelling.
    Irregular,
    Common,
    /// Any other tag or a note: ignored (stripped).
    Note,
}

fn classify(group: &str) -> Tag {
    let group = group.trim();
    if !group.is_empty() && group.bytes().all(|b| b.is_ascii_digit()) {
        return Tag::Sense(group.parse().unwrap_or(u32::MAX));
    }
    match group {
        "P" => return Tag::Common,
        "comp" => return Tag::Computing,
        "arch" | "obs" | "obsc" | "rare" | "yoji" | "id" | "proverb" | "Buddh" | "Shinto"
        | "Christn" | "sumo" | "shogi" | "mahj" | "hanaf" | "go" | "kabuki" | "noh" | "MA"
        | "baseb" => return Tag::Drop,
        "iK" | "ik" | "oK" | "ok" | "io" => return Tag::Irregular,
        _ => {}
    }
    // Dialects: (ksb:), (kyb:), (osb:) …
    if group.len() <= 4 && group.ends_with(':') {
        return Tag::Drop;
    }
    let items: Vec<&str> = group.split(',').map(str::trim).collect();
    if items.iter().all(|t| is_pos(t)) {
        return Tag::Pos(items.iter().any(|t| matches!(*t, "n" | "vs")));
    }
    Tag::Note
}

/// JMdict part-of-speech codes.
fn is_pos(tag: &str) -> bool {
    const CODES: &[&str] = &[
        "n", "n-adv", "n-t", "n-pref", "n-suf", "n-pr", "vs", "vs-c", "vs-i", "vs-s", "vi", "vt",
        "vk", "vn", "vr", "vz", "v-unspec", "adv", "adv-to", "aux", "aux-v", "aux-adj", "conj",
        "cop", "cop-da", "ctr", "exp", "int", "num", "pn", "pref", "prt", "suf", "unc",
    ];
    CODES.contains(&tag)
        || tag.starts_with("adj-")
        || (tag.len() >= 2
            && tag.starts_with('v')
            && tag.as_bytes()[1].is_ascii_digit()
            && tag.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-'))
}

/// The searchable form of a gloss (tags already removed), or `None`.
pub(super) fn clean_gloss(text: &str) -> Option<String> {
    let mut text = text.trim();
    // Trailing notes: "certificate (usually of proof of something)".
    while text.ends_with(')') {
        let mut depth = 0usize;
        let mut open = None;
        for (i, c) in text.char_indices().rev() {
            match c {
                ')' => depth += 1,
                '(' => {
                    depth = depth.checked_sub(1)?;
                    if depth == 0 {
                        open = Some(i);
                        break;
                    }
                }
                _ => {}
            }
        }
        match open {
            Some(i) if i > 0 => text = text[..i].trim_end(),
            _ => return None,
        }
    }
    if !text
        .bytes()
        .all(|b| b.is_ascii_alphanumeric() || b == b' ' || b == b'-')
    {
        return None;
    }
    let lower = text.to_ascii_lowercase();
    let mut words: Vec<&str> = lower.split_whitespace().collect();
    // A verb phrase ("to make redundant") or a dangling preposition
    // ("switching over to", "making use of"): no query matches those.
    const OPEN: &[&str] = &[
        "to", "of", "for", "with", "in", "on", "at", "by", "from", "into", "and", "or", "a", "an",
        "the",
    ];
    if words.first() == Some(&"to") || words.last().is_some_and(|w| OPEN.contains(w)) {
        return None;
    }
    if words.len() > 1 && matches!(words[0], "a" | "an" | "the") {
        words.remove(0);
    }
    let letters = words
        .iter()
        .flat_map(|w| w.bytes())
        .filter(u8::is_ascii_alphabetic)
        .count();
    let ok = (1..=3).contains(&words.len())
        && letters >= 2
        && words
            .iter()
            .all(|w| *w != "etc" && !w.starts_with('-') && !w.ends_with('-'));
    ok.then(|| words.join(" "))
}

pub(super) fn english_key(gloss: &str, stem: &dyn Fn(&str) -> String) -> String {
    let mut key = String::with_capacity(gloss.len());
    for word in gloss.split([' ', '-']).filter(|w| !w.is_empty()) {
        let stemmed = stem(word);
        if stemmed.is_empty() {
            continue;
        }
        if !key.is_empty() {
            key.push(' ');
        }
        key.push_str(&stemmed);
    }
    key
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Script {
    /// Contains a kanji.
    Kanji,
    /// Katakana, `ー` and `・` only.
    Katakana,
    /// Hiragana, possibly mixed with katakana.
    Kana,
}

fn is_ideograph(c: char) -> bool {
    matches!(c, '々' | '〆' | '〇' | '\u{3400}'..='\u{4DBF}' | '\u{4E00}'..='\u{9FFF}' | '\u{20000}'..='\u{2EBEF}')
}

/// Katakana letters and `ー`, as the index's long-vowel folding counts them.
fn is_katakana(c: char) -> bool {
    matches!(c, '\u{30A1}'..='\u{30FA}' | 'ー')
}

fn is_hiragana(c: char) -> bool {
    matches!(c, '\u{3041}'..='\u{3096}')
}

/// `None` when the form has anything besides kanji, kana, `ー` and `・`
/// (ASCII, full-width Latin letters and digits, symbols).
fn script(form: &str) -> Option<Script> {
    let allowed = |c: char| is_ideograph(c) || is_katakana(c) || is_hiragana(c) || c == '・';
    if form.is_empty() || !form.chars().all(allowed) {
        return None;
    }
    if form.chars().any(is_ideograph) {
        Some(Script::Kanji)
    } else if form.chars().all(|c| is_katakana(c) || c == '・') {
        form.chars()
            .any(|c| c != 'ー' && c != '・')
            .then_some(Script::Katakana)
    } else {
        Some(Script::Kana)
    }
}

/// The line's searchable headwords.
fn headwords<'a>(line: &Line<'a>, kanji_readings: &HashSet<&str>) -> Vec<&'a str> {
    let has_written = !line.written.is_empty();
    line.written
        .iter()
        .chain(&line.kana)
        .copied()
        .filter(|form| match script(form) {
            None => false,
            Some(Script::Kanji | Script::Katakana) => true,
            Some(Script::Kana) => !has_written && !kanji_readings.contains(form),
        })
        .collect()
}

/// Lookup key of a headword: without `・`, final long vowel folded as the
/// index does. Must match `headword_key` in `src/analysis/lexicon/mod.rs`.
pub(super) fn headword_key(headword: &str) -> String {
    let mut key: String = headword.chars().filter(|&c| c != '・').collect();
    if key.ends_with('ー') && key.chars().all(is_katakana) {
        let stem = key.trim_end_matches('ー');
        if stem.chars().count() >= 3 {
            key.truncate(stem.len());
        }
    }
    key
}
