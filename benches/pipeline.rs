//! Micro-benchmarks of each pipeline stage on the notes kn can find:
//! `../shared/corpus/kubenews` when present, else the bundled `data/`.
//!
//! Run: `cargo bench --bench pipeline`. Whole-process latency (hyperfine) and
//! peak memory (`/usr/bin/time -v`) are measured by `benches/latency.py`.

use std::hint::black_box;
use std::path::{Path, PathBuf};

use criterion::{Criterion, criterion_group, criterion_main};
use kn::analysis::JaTokenizer;
use kn::analysis::Synonyms;
use kn::index::{IndexHandle, IngestOptions, Store, ingest};
use kn::notes::Aliases;
use kn::search::{Engine, SearchOptions};

fn notes_dir() -> PathBuf {
    let shared = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/corpus/kubenews");
    if shared.is_dir() {
        shared
    } else {
        Path::new(env!("CARGO_MANIFEST_DIR")).join("data")
    }
}

fn bench(c: &mut Criterion) {
    let data = notes_dir();
    let corpus = kn::corpus::load(&data).expect("notes load");
    let texts: Vec<String> = corpus
        .episodes
        .iter()
        .flat_map(|e| &e.topics)
        .map(|t| format!("{}\n{}", t.title, t.body))
        .collect();
    let bytes: usize = texts.iter().map(String::len).sum();
    eprintln!(
        "corpus: {} ({} topics, {bytes} bytes of text)",
        data.display(),
        texts.len()
    );

    c.bench_function("parse corpus (read + split)", |b| {
        b.iter(|| kn::corpus::load(black_box(&data)).unwrap())
    });

    // Reference point: raw lindera segmentation of the same text, one core.
    let seg = kn::analysis::segmenter();
    let mut group = c.benchmark_group("throughput");
    group.throughput(criterion::Throughput::Bytes(bytes as u64));
    group.bench_function("raw lindera segment", |b| {
        b.iter(|| {
            texts
                .iter()
                .map(|t| seg.segment(black_box(t.as_str()).into()).unwrap().len())
                .sum::<usize>()
        })
    });
    let tok = JaTokenizer;
    group.bench_function("kn_ja analyze", |b| {
        b.iter(|| {
            texts
                .iter()
                .map(|t| tok.analyze(black_box(t)).len())
                .sum::<usize>()
        })
    });
    group.bench_function("kn_ngram bigrams", |b| {
        b.iter(|| {
            texts
                .iter()
                .map(|t| kn::analysis::ngram::bigrams(black_box(t)).len())
                .sum::<usize>()
        })
    });
    group.finish();

    c.bench_function("analyse all topic text", |b| {
        b.iter(|| {
            texts
                .iter()
                .map(|t| tok.analyze(black_box(t)).len())
                .sum::<usize>()
        })
    });

    let tmp = tempfile::tempdir().unwrap();
    let store = Store::new(tmp.path().join("index"));
    c.bench_function("ingest (parse + analyse + index + swap)", |b| {
        b.iter(|| {
            ingest(
                &data,
                &store,
                &IngestOptions {
                    rebuild: true,
                    ..Default::default()
                },
            )
            .unwrap()
        })
    });

    // The query benches need an index even when a filter skipped the above.
    ingest(&data, &store, &IngestOptions::default()).unwrap();
    let handle = IndexHandle::open(&store).unwrap().unwrap();
    let aliases = Aliases::builtin();
    let synonyms = Synonyms::builtin();
    let engine = Engine::new(&handle, &aliases, &synonyms);
    let opts = SearchOptions::default();
    // What reading a query costs: dictionary lookups and loanword matching.
    let lexicon = kn::analysis::lexicon();
    c.bench_function("lexicon lookup (ja→en + en→ja)", |b| {
        b.iter(|| {
            lexicon.english_of(black_box("証明書")).len()
                + lexicon.japanese_of(black_box("certif")).len()
        })
    });
    c.bench_function("loan_match (katakana vs English word)", |b| {
        b.iter(|| {
            kn::analysis::translit::loan_match(
                black_box("オブザーバビリティ"),
                black_box("observability"),
            )
        })
    });
    for q in [
        "ebpf",
        "コンテナ",
        "kubernetes ネットワーク",
        "kubernetse",
        "卒業",
        "コントロールプレーン",
        "Podが何度も再起動するのはなぜ？",
    ] {
        c.bench_function(&format!("query {q:?}"), |b| {
            b.iter(|| engine.search(black_box(q), &opts).unwrap())
        });
    }
}

criterion_group!(benches, bench);
criterion_main!(benches);
