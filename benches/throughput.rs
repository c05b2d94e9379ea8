//! Ingest throughput against raw lindera on the same files, same cores.
//!
//! Run: `cargo bench --bench throughput -- NOTES_DIR` (default: the 1000×
//! corpus of `benches/latency.py` if present, else `data/`). Prints MiB/s of
//! (1) lindera segmenting every markdown file on all cores, nothing else, and
//! (2) `kn ingest --rebuild` of the same directory, and their ratio — the
//! figure issue 4 targets (≥ 70%).

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Instant;

use kn::index::{IngestOptions, Store, ingest};

fn markdown_files(dir: &Path) -> Vec<PathBuf> {
    walkdir::WalkDir::new(dir)
        .into_iter()
        .flatten()
        .filter(|e| e.file_type().is_file() && e.path().extension().is_some_and(|x| x == "md"))
        .map(|e| e.into_path())
        .collect()
}

fn mib_s(bytes: usize, secs: f64) -> f64 {
    bytes as f64 / (1 << 20) as f64 / secs
}

fn main() {
    let data = std::env::args()
        .skip(1)
        .find(|a| !a.starts_with('-'))
        .map(PathBuf::from)
        .unwrap_or_else(|| {
            let big = PathBuf::from("/tmp/kn-bench/notes-1000x");
            if big.is_dir() {
                big
            } else {
                Path::new(env!("CARGO_MANIFEST_DIR")).join("data")
            }
        });
    let files = markdown_files(&data);
    let texts: Vec<String> = files
        .iter()
        .filter_map(|p| std::fs::read_to_string(p).ok())
        .collect();
    let bytes: usize = texts.iter().map(String::len).sum();
    let threads = std::thread::available_parallelism().map_or(1, |n| n.get());
    eprintln!(
        "{}: {} files, {:.1} MiB, {threads} threads",
        data.display(),
        texts.len(),
        bytes as f64 / (1 << 20) as f64
    );

    let seg = kn::analysis::segmenter();
    let _ = seg.segment("準備".into());
    let mut raw_best = f64::MAX;
    for _ in 0..3 {
        let next = AtomicUsize::new(0);
        let t0 = Instant::now();
        std::thread::scope(|s| {
            for _ in 0..threads {
                s.spawn(|| {
                    let mut tokens = 0usize;
                    loop {
                        let i = next.fetch_add(1, Ordering::Relaxed);
                        let Some(t) = texts.get(i) else { break };
                        tokens += seg.segment(t.as_str().into()).map_or(0, |v| v.len());
                    }
                    std::hint::black_box(tokens)
                });
            }
        });
        raw_best = raw_best.min(t0.elapsed().as_secs_f64());
    }

    let tmp = tempfile::tempdir().expect("temp dir");
    let store = Store::new(tmp.path().join("index"));
    let opts = IngestOptions {
        rebuild: true,
        ..Default::default()
    };
    let mut kn_best = f64::MAX;
    for _ in 0..3 {
        let t0 = Instant::now();
        let report = ingest(&data, &store, &opts).expect("ingest");
        kn_best = kn_best.min(t0.elapsed().as_secs_f64());
        std::hint::black_box(report.topics);
    }
    let (raw, kn) = (mib_s(bytes, raw_best), mib_s(bytes, kn_best));
    println!("raw lindera ({threads} threads): {raw_best:.2} s  {raw:.1} MiB/s");
    println!("kn ingest --rebuild:          {kn_best:.2} s  {kn:.1} MiB/s");
    println!("ratio kn / raw lindera:       {:.0}%", 100.0 * kn / raw);
}
