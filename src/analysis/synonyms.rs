//! Synonym groups (`data/synonyms.txt`): katakana ↔ English and abbreviations.
//!
//! Every spelling is keyed by its analysed form, so the table matches through
//! the same normalisation as the index: `オペレーター`, `オペレータ`,
//! `Operators` all find the `operator` group.

use std::cmp::Ordering;
use std::collections::BTreeMap;
use std::fs;
use std::path::Path;

use super::JaTokenizer;

/// The table shipped with kn, used when a notes directory has none.
pub const DEFAULT_SYNONYMS: &str = include_str!("../../data/synonyms.txt");

/// A compiled synonym table: the text of its cache file, searched in place.
///
/// Layout (one line each, fields split by ASCII separators): a header
/// `groups\x1dkeys_at`; one line per group, its spellings as
/// `spelling\x1ekey` joined by `\x1f`; then one line per analysed key,
/// sorted, as `key\x1doffset,offset…` (the groups' lines, as byte offsets
/// after the header). A search reads the file and binary-searches the key
/// lines: no map to build, where building one took a ninth of a 1× search.
#[derive(Debug, Clone)]
pub struct Synonyms {
    text: String,
    /// Where the group lines start (after the header).
    body: usize,
    /// Where the sorted key lines start.
    keys: usize,
    groups: usize,
}

impl Default for Synonyms {
    fn default() -> Self {
        Self::compile(&[])
    }
}

/// The analysed form of a spelling, as the table is keyed and as a query
/// looks it up: [`key_of`] its [`positions`].
pub fn key(tokenizer: &JaTokenizer, text: &str) -> String {
    key_of(&positions(tokenizer.analyze(text)))
}

/// One index term per position, the first: a word can stand in the index
/// as several terms at one position (`v1.17` is `v1.17` and `1.17`), and
/// a query matches the word through any of them.
pub fn positions(tokens: Vec<tantivy::tokenizer::Token>) -> Vec<(usize, String)> {
    let mut out: Vec<(usize, String)> = Vec::new();
    for t in tokens {
        if out.last().is_none_or(|(p, _)| *p != t.position) {
            out.push((t.position, t.text));
        }
    }
    out
}

/// The synonym key of analysed terms: their texts joined by spaces. The
/// one place the table's keys and a query's lookups are made, so that they
/// cannot disagree (they did for `v1.17`, keyed `v1.17 1.17` and looked up
/// as `v1.17`).
pub fn key_of(terms: &[(usize, String)]) -> String {
    terms
        .iter()
        .map(|(_, t)| t.as_str())
        .collect::<Vec<_>>()
        .join(" ")
}

/// Bumped when [`key`] changes, so that a cached table compiled with other
/// keys is not reused.
const KEY_FORMAT: u32 = 2;

/// Separators of the compiled layout; spellings holding one are refused.
const KEY_END: char = '\x1d';
const SPELLING_END: char = '\x1e';
const MEMBER_END: char = '\x1f';

impl Synonyms {
    /// Parses the table; returns it and one message per unusable line.
    pub fn parse(text: &str) -> (Self, Vec<(usize, String)>) {
        let tok = JaTokenizer;
        let mut groups: Vec<Vec<(String, String)>> = Vec::new();
        let mut problems = Vec::new();
        for (i, raw) in text.lines().enumerate() {
            let line = raw.split('#').next().unwrap_or("").trim();
            if line.is_empty() {
                continue;
            }
            let members: Vec<String> = line
                .split([',', '，', '、'])
                .map(str::trim)
                .filter(|m| !m.is_empty())
                .map(str::to_string)
                .collect();
            if members.iter().any(|m| m.chars().any(char::is_control)) {
                problems.push((i + 1, format!("control character in synonym line: {raw:?}")));
                continue;
            }
            if members.len() < 2 {
                problems.push((
                    i + 1,
                    format!("synonym line needs two or more terms: {raw}"),
                ));
                continue;
            }
            let group = members
                .into_iter()
                .map(|m| {
                    // (An analysed key never holds a control character:
                    // normalisation drops them.)
                    let k = key(&tok, &m);
                    (m, k)
                })
                .collect();
            groups.push(group);
        }
        (Self::compile(&groups), problems)
    }

    pub fn builtin() -> Self {
        Self::parse(DEFAULT_SYNONYMS).0
    }

    /// Lays the groups out as described on [`Synonyms`].
    fn compile(groups: &[Vec<(String, String)>]) -> Self {
        let mut body = String::new();
        let mut by_key: BTreeMap<&str, Vec<usize>> = BTreeMap::new();
        for group in groups {
            let at = body.len();
            for (i, (m, k)) in group.iter().enumerate() {
                if i > 0 {
                    body.push(MEMBER_END);
                }
                body.push_str(m);
                body.push(SPELLING_END);
                body.push_str(k);
                if !k.is_empty() {
                    let offsets = by_key.entry(k).or_default();
                    if offsets.last() != Some(&at) {
                        offsets.push(at);
                    }
                }
            }
            body.push('\n');
        }
        let keys_rel = body.len();
        for (k, offsets) in by_key {
            body.push_str(k);
            body.push(KEY_END);
            let list: Vec<String> = offsets.iter().map(usize::to_string).collect();
            body.push_str(&list.join(","));
            body.push('\n');
        }
        let header = format!("{}{KEY_END}{keys_rel}\n", groups.len());
        Synonyms {
            body: header.len(),
            keys: header.len() + keys_rel,
            groups: groups.len(),
            text: header + &body,
        }
    }

    /// Parses `text`, or reuses the table compiled from the same text by this
    /// kn (`cache_dir/synonyms-HASH.tsv`): analysing every spelling costs a
    /// millisecond and loads the dictionary, a cached table costs neither.
    pub fn load_cached(text: &str, cache_dir: &Path) -> (Self, Vec<(usize, String)>) {
        // FxHash, not blake3: a cache name needs no cryptography, and
        // blake3's first call probes the CPU (`cpuid`, 5 µs each in a VM).
        let hash = {
            use std::hash::Hasher;
            let mut h = rustc_hash::FxHasher::default();
            h.write(env!("CARGO_PKG_VERSION").as_bytes());
            h.write_u8(0);
            h.write_u32(KEY_FORMAT);
            h.write(text.as_bytes());
            h.finish()
        };
        let path = cache_dir.join(format!("synonyms-{hash:016x}.tsv"));
        if let Ok(cached) = fs::read_to_string(&path)
            && let Some(s) = Self::from_compiled(cached)
        {
            return (s, Vec::new());
        }
        let (s, problems) = Self::parse(text);
        if cache_dir.is_dir() {
            // Best effort: a read-only index directory just means no cache.
            let _ = crate::atomic_file::write(&path, s.text.as_bytes());
            if let Ok(entries) = fs::read_dir(cache_dir) {
                for e in entries.flatten() {
                    let name = e.file_name().to_string_lossy().to_string();
                    if name.starts_with("synonyms-") && e.path() != path {
                        let _ = fs::remove_file(e.path());
                    }
                }
            }
        }
        (s, problems)
    }

    /// A compiled table read back; `None` when its header does not fit it
    /// (a damaged cache is then rebuilt). Lines are only split on use, and
    /// a line that does not parse yields no synonyms, never a panic.
    fn from_compiled(text: String) -> Option<Self> {
        let (header, _) = text.split_once('\n')?;
        let (groups, keys_rel) = header.split_once(KEY_END)?;
        let groups: usize = groups.parse().ok()?;
        let body = header.len() + 1;
        let keys = body.checked_add(keys_rel.parse().ok()?)?;
        let fits = keys == text.len() || (keys < text.len() && text.as_bytes()[keys - 1] == b'\n');
        fits.then_some(Synonyms {
            groups,
            body,
            keys,
            text,
        })
    }

    pub fn len(&self) -> usize {
        self.groups
    }

    pub fn is_empty(&self) -> bool {
        self.groups == 0
    }

    /// Other spellings of the word whose analysed form is `key_of_term`.
    pub fn alternatives(&self, key_of_term: &str) -> Vec<String> {
        let mut out: Vec<String> = Vec::new();
        for offset in self.groups_of(key_of_term).split(',') {
            let Some(line) = offset
                .parse::<usize>()
                .ok()
                .and_then(|o| self.body.checked_add(o))
                .filter(|&at| at < self.keys)
                .and_then(|at| self.text.get(at..self.keys))
                .and_then(|rest| rest.lines().next())
            else {
                continue;
            };
            for member in line.split(MEMBER_END) {
                let Some((m, k)) = member.split_once(SPELLING_END) else {
                    continue;
                };
                if k != key_of_term && !out.iter().any(|o| o == m) {
                    out.push(m.to_string());
                }
            }
        }
        out
    }

    /// The offsets field of `key`'s line (empty when it has none), by
    /// binary search over the sorted key lines.
    fn groups_of(&self, key: &str) -> &str {
        let lines = &self.text.as_bytes()[self.keys..];
        let (mut lo, mut hi) = (0, lines.len());
        // `lo` and `hi` are always line starts (or the end).
        while lo < hi {
            let mid = lo + (hi - lo) / 2;
            let start = lines[lo..mid]
                .iter()
                .rposition(|&b| b == b'\n')
                .map_or(lo, |i| lo + i + 1);
            let end = lines[start..]
                .iter()
                .position(|&b| b == b'\n')
                .map_or(lines.len(), |i| start + i);
            let line = &self.text[self.keys + start..self.keys + end];
            let Some((k, offsets)) = line.split_once(KEY_END) else {
                return "";
            };
            match k.as_bytes().cmp(key.as_bytes()) {
                Ordering::Equal => return offsets,
                Ordering::Less => lo = end + 1,
                Ordering::Greater => hi = start,
            }
        }
        ""
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn builtin_table_is_large_and_matches_variants() {
        let s = Synonyms::builtin();
        assert!(s.len() >= 80, "{} groups", s.len());
        let tok = JaTokenizer;
        let alt = s.alternatives(&key(&tok, "オペレータ"));
        assert!(alt.contains(&"operator".to_string()), "{alt:?}");
        let alt = s.alternatives(&key(&tok, "Operators"));
        assert!(alt.contains(&"オペレーター".to_string()), "{alt:?}");
        let alt = s.alternatives(&key(&tok, "K8s"));
        assert!(alt.contains(&"kubernetes".to_string()));
        let alt = s.alternatives(&key(&tok, "open policy agent"));
        assert!(alt.contains(&"opa".to_string()));
    }

    #[test]
    fn a_query_looks_up_the_key_the_table_was_built_with() {
        // `v1.17` is two index terms at one position (`v1.17`, `1.17`); the
        // table once keyed it `v1.17 1.17` and the query looked up `v1.17`.
        let (s, problems) = Synonyms::parse("v1.17, kubernetes 1.17\nセキュリティ, security\n");
        assert!(problems.is_empty(), "{problems:?}");
        // The query's path: a resolver that takes known Japanese runs whole,
        // as the engine's does for index terms.
        let resolve = |run: &str| Some(run.to_string());
        for (typed, expected, other) in [
            ("v1.17", "v1.17", "kubernetes 1.17"),
            ("V1.17", "v1.17", "kubernetes 1.17"),
            ("kubernetes 1.17", "kubernet 1.17", "v1.17"),
            ("セキュリティ", "セキュリティ", "security"),
        ] {
            assert_eq!(key(&JaTokenizer, typed), expected);
            let lookup = key_of(&positions(JaTokenizer.analyze_with(typed, Some(&resolve))));
            assert_eq!(lookup, expected);
            assert_eq!(s.alternatives(&lookup), vec![other.to_string()], "{typed}");
        }
    }

    #[test]
    fn a_cached_table_is_read_back_not_rebuilt() {
        // A valid compiled table of other content under the cache's name:
        // what comes back is the file's, so the cache is really read.
        let only_file = |d: &std::path::Path| {
            let mut files: Vec<_> = std::fs::read_dir(d).unwrap().flatten().collect();
            assert_eq!(files.len(), 1);
            files.remove(0).path()
        };
        let (dir, other) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
        let text = "k8s, kubernetes\n";
        let (built, _) = Synonyms::load_cached(text, dir.path());
        assert_eq!(built.alternatives("k8s"), vec!["kubernetes".to_string()]);
        let _ = Synonyms::load_cached("k8s, kube\n", other.path());
        std::fs::copy(only_file(other.path()), only_file(dir.path())).unwrap();
        let (read, _) = Synonyms::load_cached(text, dir.path());
        assert_eq!(read.alternatives("k8s"), vec!["kube".to_string()]);
    }

    #[test]
    fn cached_table_equals_parsed_table() {
        let dir = tempfile::tempdir().unwrap();
        let text = "operator, オペレーター\nk8s, kubernetes\n";
        let (a, _) = Synonyms::load_cached(text, dir.path());
        let (b, _) = Synonyms::load_cached(text, dir.path());
        assert_eq!(a.len(), 2);
        assert_eq!(b.len(), 2);
        assert_eq!(a.alternatives("k8s"), b.alternatives("k8s"));
        assert_eq!(b.alternatives("k8s"), vec!["kubernetes".to_string()]);
        let k = key(&JaTokenizer, "オペレーター");
        assert_eq!(b.alternatives(&k), vec!["operator".to_string()]);
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1);
    }

    #[test]
    fn every_key_is_found_by_the_binary_search() {
        // Keys of every length and order, so that probes land mid-line,
        // on the first and on the last key line.
        let groups: Vec<Vec<(String, String)>> = (0..300)
            .map(|i| {
                vec![
                    (
                        format!("s{i}"),
                        format!("k{}", "x".repeat(i % 7) + &i.to_string()),
                    ),
                    (format!("t{i}"), format!("{i}")),
                ]
            })
            .collect();
        let s = Synonyms::compile(&groups);
        assert_eq!(s.len(), 300);
        for (i, g) in groups.iter().enumerate() {
            assert_eq!(s.alternatives(&g[0].1), vec![format!("t{i}")], "{}", g[0].1);
            assert_eq!(s.alternatives(&g[1].1), vec![format!("s{i}")], "{}", g[1].1);
        }
        assert!(s.alternatives("k").is_empty());
        assert!(s.alternatives("zzz").is_empty());
        assert!(s.alternatives("").is_empty());
    }

    #[test]
    fn a_key_in_two_groups_gets_both() {
        let groups = vec![
            vec![("a".into(), "a".into()), ("b".into(), "b".into())],
            vec![("a2".into(), "a".into()), ("c".into(), "c".into())],
        ];
        let s = Synonyms::compile(&groups);
        assert_eq!(s.alternatives("a"), vec!["b".to_string(), "c".to_string()]);
        assert_eq!(s.alternatives("c"), vec!["a2".to_string()]);
    }

    #[test]
    fn a_damaged_cache_is_rebuilt_and_never_panics() {
        let dir = tempfile::tempdir().unwrap();
        let text = "operator, オペレーター\nk8s, kubernetes\n";
        let (good, _) = Synonyms::load_cached(text, dir.path());
        let cache = std::fs::read_dir(dir.path())
            .unwrap()
            .next()
            .unwrap()
            .unwrap()
            .path();
        let full = std::fs::read_to_string(&cache).unwrap();
        // Every truncation either reads back (answering some or none) or is
        // refused; none panics.
        for cut in 0..full.len() {
            if let Some(s) = full
                .get(..cut)
                .and_then(|t| Synonyms::from_compiled(t.to_string()))
            {
                let _ = s.alternatives("k8s");
            }
        }
        std::fs::write(&cache, "garbage").unwrap();
        let (again, _) = Synonyms::load_cached(text, dir.path());
        assert_eq!(again.alternatives("k8s"), good.alternatives("k8s"));
        assert_eq!(again.alternatives("k8s"), vec!["kubernetes".to_string()]);
    }

    #[test]
    fn control_characters_are_refused() {
        let (s, problems) = Synonyms::parse("a\u{1f}b, c\nd, e\n");
        assert_eq!(s.len(), 1);
        assert_eq!(problems.len(), 1);
        assert_eq!(problems[0].0, 1);
    }

    #[test]
    fn bad_lines_are_reported() {
        let (s, problems) = Synonyms::parse("a, b\nlonely\n");
        assert_eq!(s.len(), 1);
        assert_eq!(problems[0].0, 2);
    }
}
