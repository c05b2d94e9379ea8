//! Relevance: judged queries, scored with nDCG@10 and MRR per query kind.
//!
//! `fixtures.tsv` runs on `tests/fixtures/notes` everywhere; `corpus.tsv` runs
//! on `../shared/corpus/kubenews` and is skipped with a message when that
//! directory is absent. Each fails below floors set from what kn reaches, so a
//! change that makes answers worse is caught. `benches/peers.py` scores
//! Groonga and SQLite FTS5 on the same files.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use kn::analysis::Synonyms;
use kn::index::{IndexHandle, IngestOptions, Store, ingest};
use kn::search::{Engine, SearchOptions};

struct Judged {
    kind: String,
    query: String,
    /// (grade, URL fragment)
    relevant: Vec<(u32, String)>,
}

fn load(path: &Path) -> Vec<Judged> {
    let text = std::fs::read_to_string(path).unwrap();
    text.lines()
        .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
        .map(|l| {
            let cols: Vec<&str> = l.split('\t').collect();
            assert_eq!(cols.len(), 3, "bad judgment line: {l}");
            let relevant = cols[2]
                .split_whitespace()
                .map(|j| {
                    let (g, frag) = j.split_once(':').expect("GRADE:fragment");
                    (g.parse().expect("numeric grade"), frag.to_lowercase())
                })
                .collect();
            Judged {
                kind: cols[0].into(),
                query: cols[1].into(),
                relevant,
            }
        })
        .collect()
}

/// Grades of the returned URLs, each judgment credited once.
pub fn gains(urls: &[String], relevant: &[(u32, String)]) -> Vec<u32> {
    let mut used = vec![false; relevant.len()];
    urls.iter()
        .map(|u| {
            let u = u.to_lowercase();
            for (i, (g, frag)) in relevant.iter().enumerate() {
                if !used[i] && u.contains(frag.as_str()) {
                    used[i] = true;
                    return *g;
                }
            }
            0
        })
        .collect()
}

fn dcg(gains: &[u32]) -> f64 {
    gains
        .iter()
        .take(10)
        .enumerate()
        .map(|(i, &g)| (2f64.powi(g as i32) - 1.0) / ((i + 2) as f64).log2())
        .sum()
}

fn ndcg(gains: &[u32], relevant: &[(u32, String)]) -> f64 {
    let mut ideal: Vec<u32> = relevant.iter().map(|(g, _)| *g).collect();
    ideal.sort_unstable_by(|a, b| b.cmp(a));
    let best = dcg(&ideal);
    if best == 0.0 { 0.0 } else { dcg(gains) / best }
}

fn mrr(gains: &[u32]) -> f64 {
    gains
        .iter()
        .take(10)
        .position(|&g| g > 0)
        .map_or(0.0, |i| 1.0 / (i + 1) as f64)
}

/// Scores every judged query; returns (per-kind (nDCG, MRR, n), overall nDCG, report).
fn evaluate(notes: &Path, judged: &[Judged]) -> (BTreeMap<String, (f64, f64, usize)>, f64, String) {
    let tmp = tempfile::tempdir().unwrap();
    let store = Store::new(tmp.path().join("index"));
    ingest(notes, &store, &IngestOptions::default()).unwrap();
    let handle = IndexHandle::open(&store).unwrap().unwrap();
    let aliases = kn::corpus::load_aliases(notes, &mut Vec::new());
    let synonyms = Synonyms::builtin();
    let engine = Engine::new(&handle, &aliases, &synonyms);
    let opts = SearchOptions::default();

    let mut per_kind: BTreeMap<String, (f64, f64, usize)> = BTreeMap::new();
    let mut report = String::new();
    let mut total = 0.0;
    for j in judged {
        let hits = engine.search(&j.query, &opts).unwrap().hits;
        let urls: Vec<String> = hits
            .iter()
            .map(|h| h.topic.url.clone().unwrap_or_default())
            .collect();
        let g = gains(&urls, &j.relevant);
        let (n, r) = (ndcg(&g, &j.relevant), mrr(&g));
        total += n;
        let e = per_kind.entry(j.kind.clone()).or_default();
        e.0 += n;
        e.1 += r;
        e.2 += 1;
        if n < 0.6 {
            let _ = writeln!(
                report,
                "  weak: [{}] {:?} nDCG={n:.2} MRR={r:.2} gains={g:?}",
                j.kind, j.query
            );
        }
    }
    for v in per_kind.values_mut() {
        v.0 /= v.2 as f64;
        v.1 /= v.2 as f64;
    }
    let overall = total / judged.len() as f64;
    let _ = writeln!(
        report,
        "  {:<8} {:>3} {:>8} {:>6}",
        "kind", "n", "nDCG@10", "MRR"
    );
    for (k, (n, r, c)) in &per_kind {
        let _ = writeln!(report, "  {k:<8} {c:>3} {n:>8.3} {r:>6.3}");
    }
    let _ = writeln!(report, "  {:<8} {:>3} {overall:>8.3}", "all", judged.len());
    (per_kind, overall, report)
}

fn here() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/relevance")
}

fn check_floors(
    per_kind: &BTreeMap<String, (f64, f64, usize)>,
    overall: f64,
    floors: &[(&str, f64)],
    all: f64,
) {
    assert!(
        overall >= all,
        "overall nDCG@10 {overall:.3} fell below {all}"
    );
    for (kind, floor) in floors {
        let (n, _, _) = per_kind
            .get(*kind)
            .unwrap_or_else(|| panic!("no queries of kind {kind}"));
        assert!(*n >= *floor, "{kind}: nDCG@10 {n:.3} fell below {floor}");
    }
}

#[test]
fn fixture_relevance() {
    let judged = load(&here().join("fixtures.tsv"));
    let notes = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/notes");
    let (per_kind, overall, report) = evaluate(&notes, &judged);
    eprintln!("fixture relevance ({} queries):\n{report}", judged.len());
    check_floors(
        &per_kind,
        overall,
        &[
            ("en", 0.9),
            ("ja", 0.9),
            ("variant", 0.9),
            ("typo", 0.9),
            ("filter", 0.9),
        ],
        0.9,
    );
}

/// Mechanisms for words nobody listed (dictionary, loanwords, word forms,
/// abbreviations, questions) on notes of our own, so they are checked on
/// every clone.
#[test]
fn crosslang_relevance() {
    let judged = load(&here().join("crosslang.tsv"));
    let notes = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/crosslang");
    let (per_kind, overall, report) = evaluate(&notes, &judged);
    eprintln!(
        "cross-language fixture relevance ({} queries):\n{report}",
        judged.len()
    );
    check_floors(
        &per_kind,
        overall,
        &[
            ("cross", 0.9),
            ("loanword", 0.9),
            ("form", 0.9),
            ("question", 0.9),
        ],
        0.9,
    );
}

/// Scores `file` on the shared corpus against its floors; skips (with a
/// message) when the corpus is not beside the checkout.
fn on_shared_corpus(file: &str, min_queries: usize, floors: &[(&str, f64)], all: f64) {
    let notes = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/corpus/kubenews");
    if !notes.is_dir() {
        eprintln!("skipped: ../shared/corpus/kubenews is absent");
        return;
    }
    let judged = load(&here().join(file));
    assert!(
        judged.len() >= min_queries,
        "{file}: {} queries",
        judged.len()
    );
    let (per_kind, overall, report) = evaluate(&notes, &judged);
    eprintln!("{file} ({} queries):\n{report}", judged.len());
    check_floors(&per_kind, overall, floors, all);
}

#[test]
fn corpus_relevance() {
    on_shared_corpus(
        "corpus.tsv",
        100,
        // Set a little under what kn reached (en 0.98, ja 0.89, mixed 0.85,
        // variant 0.96, phrase 0.98, typo 1.0, filter 0.99; cross 0.59,
        // loanword 0.76, form 0.89, question 0.61; 0.85 overall).
        &[
            ("en", 0.95),
            ("ja", 0.86),
            ("mixed", 0.82),
            ("variant", 0.93),
            ("phrase", 0.95),
            ("typo", 0.95),
            ("filter", 0.95),
            ("cross", 0.55),
            ("loanword", 0.72),
            ("form", 0.85),
            ("question", 0.58),
        ],
        0.83,
    );
}

/// Queries written by reading the notes after the mechanisms were built and
/// scored once before anything was tuned (0.715 overall; kn before the
/// mechanisms: 0.398): a check that they work for words nobody tuned them on.
#[test]
fn heldout_relevance() {
    on_shared_corpus(
        "heldout.tsv",
        30,
        // A little under the first measurement (cross 0.60, form 0.63,
        // loanword 0.88, question 0.77).
        &[
            ("cross", 0.55),
            ("form", 0.58),
            ("loanword", 0.83),
            ("question", 0.72),
        ],
        0.68,
    );
}

#[test]
fn metric_sanity() {
    let rel = vec![(2, "a".to_string()), (1, "b".to_string())];
    let perfect = gains(&["x/a".into(), "x/b".into()], &rel);
    assert!((ndcg(&perfect, &rel) - 1.0).abs() < 1e-9);
    let swapped = gains(&["x/b".into(), "x/a".into()], &rel);
    assert!(ndcg(&swapped, &rel) < 1.0);
    assert_eq!(mrr(&gains(&["z".into(), "x/b".into()], &rel)), 0.5);
    assert_eq!(
        gains(&["x/a".into(), "x/a".into()], &rel),
        vec![2, 0],
        "a judgment counts once"
    );
}

/// Odd strings made of what the query reader works on (katakana with long
/// vowels, small kana and separators, particles, question marks, dashes,
/// CamelCase, parentheses) never make a search fail or panic.
#[test]
fn generated_queries_never_fail() {
    let notes = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/crosslang");
    let tmp = tempfile::tempdir().unwrap();
    let store = Store::new(tmp.path().join("index"));
    ingest(&notes, &store, &IngestOptions::default()).unwrap();
    let handle = IndexHandle::open(&store).unwrap().unwrap();
    let aliases = kn::corpus::load_aliases(&notes, &mut Vec::new());
    let synonyms = Synonyms::builtin();
    let engine = Engine::new(&handle, &aliases, &synonyms);
    let pieces = [
        "ー",
        "ッ",
        "ヴ",
        "ヵ",
        "ヶ",
        "・",
        "ァ",
        "ュ",
        "ヮ",
        "ン",
        "コントロール",
        "プレーン",
        "サーバー",
        "の",
        "は",
        "が",
        "する",
        "なぜ",
        "？",
        "?",
        "-",
        "--",
        " ",
        "　",
        "(",
        "（",
        ")",
        "PodSecurity",
        "Policy",
        "HPA",
        "how",
        "to",
        "x",
        "監査",
        "ログ",
        "卒業",
        "\"",
        "「",
        "OR",
        "k8s",
        "1.21",
    ];
    let mut state: u64 = 0x6b6e_7175;
    let mut next = |n: usize| {
        state = state
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        ((state >> 33) as usize) % n
    };
    let opts = SearchOptions::default();
    for _ in 0..400 {
        let len = 1 + next(6);
        let q: String = (0..len).map(|_| pieces[next(pieces.len())]).collect();
        let result =
            std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| engine.search(&q, &opts)));
        match result {
            Ok(Ok(_)) => {}
            Ok(Err(e)) => panic!("{q:?} failed: {e}"),
            Err(_) => panic!("{q:?} panicked"),
        }
    }
}
