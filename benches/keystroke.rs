//! What one keystroke in `kn tui` costs: the search the worker runs for the
//! new query and the frame drawn from its answer, for every prefix of a few
//! typed queries. Reports the median, 95th percentile and worst keystroke.
//! The goal is one frame (16 ms) at 1000× the notes.
//!
//! Run: `cargo bench --bench keystroke -- [NOTES_DIR [INDEX_DIR]]`
//! (default: `../shared/corpus/kubenews` when present, else `data/`; the
//! index is built or brought up to date first, not timed). For 1000×:
//! `python3 benches/gen_corpus.py ../shared/corpus/kubenews 1000 /tmp/notes-1000x`.

use std::path::{Path, PathBuf};
use std::time::Instant;

use kn::index::{IndexHandle, IngestOptions, Store, ingest};
use kn::tui::app::{App, Asked};
use kn::tui::{Index, view};
use ratatui::Terminal;
use ratatui::backend::TestBackend;

const TYPED: [&str; 6] = [
    "kubernetes",
    "ebpf",
    "コンテナ",
    "セキュリティ",
    "service mesh",
    "gateway api",
];

fn percentile(sorted: &[f64], p: f64) -> f64 {
    sorted[((sorted.len() - 1) as f64 * p).round() as usize]
}

fn main() {
    let args: Vec<String> = std::env::args()
        .skip(1)
        .filter(|a| !a.starts_with("--"))
        .collect();
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let notes = args.first().map(PathBuf::from).unwrap_or_else(|| {
        let shared = root.join("../shared/corpus/kubenews");
        if shared.is_dir() {
            shared
        } else {
            root.join("data")
        }
    });
    let tmp = tempfile::tempdir().unwrap();
    let index_dir = args
        .get(1)
        .map(PathBuf::from)
        .unwrap_or_else(|| tmp.path().join("index"));
    let store = Store::new(&index_dir);
    let t = Instant::now();
    ingest(&notes, &store, &IngestOptions::default()).expect("ingest");
    eprintln!(
        "index of {} ready in {:.1} s",
        notes.display(),
        t.elapsed().as_secs_f64()
    );
    let mut warnings = Vec::new();
    let index = Index {
        handle: IndexHandle::open(&store).unwrap().unwrap(),
        aliases: kn::corpus::load_aliases(&notes, &mut warnings),
        synonyms: kn::corpus::load_synonyms(&notes, &index_dir, &mut warnings),
    };
    eprintln!("{} topics", index.handle.manifest.topics);

    let mut terminal = Terminal::new(TestBackend::new(120, 40)).unwrap();
    let (mut search_ms, mut draw_ms, mut total_ms) = (Vec::new(), Vec::new(), Vec::new());
    // One untimed pass: the first search loads the dictionary once per process.
    for round in 0..2 {
        for query in TYPED {
            let mut app = App::new("");
            let mut typed = String::new();
            for c in query.chars() {
                typed.push(c);
                let asked = Asked {
                    query: typed.clone(),
                    ..Default::default()
                };
                let t = Instant::now();
                let (hits, notices) = index.search(&asked).expect("search");
                let s = t.elapsed().as_secs_f64() * 1000.0;
                app.query = typed.clone();
                app.answered(hits, notices, s);
                let t = Instant::now();
                terminal.draw(|f| view::draw(f, &mut app)).unwrap();
                let d = t.elapsed().as_secs_f64() * 1000.0;
                if round == 1 {
                    if s + d > 10.0 {
                        eprintln!("slow: {typed:?} search {s:.2} ms, draw {d:.2} ms");
                    }
                    search_ms.push(s);
                    draw_ms.push(d);
                    total_ms.push(s + d);
                }
            }
        }
    }
    for (name, v) in [
        ("search", &mut search_ms),
        ("draw", &mut draw_ms),
        ("keystroke", &mut total_ms),
    ] {
        v.sort_by(f64::total_cmp);
        println!(
            "{name:<9} n={:<3} median {:6.2} ms  p95 {:6.2} ms  max {:6.2} ms",
            v.len(),
            percentile(v, 0.5),
            percentile(v, 0.95),
            v[v.len() - 1]
        );
    }
}
