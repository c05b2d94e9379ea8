#![allow(dead_code)] // each fuzz target uses half of it
//! What the fuzz targets check, shared with `tests/fuzz_regressions.rs`,
//! which replays every input the fuzzers ever found as a regression test.

use std::sync::OnceLock;

use kn::analysis::{JaTokenizer, Synonyms, ngram::bigrams};
use kn::index::{IndexHandle, IngestOptions, Store, ingest};
use kn::notes::{Aliases, layout, parse_file};
use kn::search::{Engine, SearchOptions};

fn check_offsets(text: &str, tokens: &[tantivy::tokenizer::Token]) {
    for t in tokens {
        assert!(t.offset_from <= t.offset_to && t.offset_to <= text.len());
        assert!(text.is_char_boundary(t.offset_from) && text.is_char_boundary(t.offset_to));
    }
}

/// The markdown ingester on arbitrary bytes: decoding, placement, header,
/// presenters, topic splitting, link extraction, and the analysis of every
/// topic, whose token offsets must be character boundaries inside the text.
pub fn ingest_markdown(data: &[u8]) {
    let (text, _) = kn::corpus::decode(data.to_vec());
    let Some(text) = text else { return };
    let aliases = Aliases::builtin();
    for rel in [
        "episodes/001/README.md",
        "resource/kubenews_1/someone.md",
        "notes/unplaced.md",
    ] {
        let Some(placement) = layout::place(rel, &text) else {
            continue;
        };
        let parsed = parse_file(rel, &text, &placement, &aliases);
        for t in &parsed.topics {
            check_offsets(&t.title, &JaTokenizer.analyze(&t.title));
            check_offsets(&t.body, &JaTokenizer.analyze(&t.body));
            check_offsets(&t.body, &bigrams(&t.body));
            check_offsets(&t.body, &JaTokenizer.analyze_light(&t.body));
        }
    }
}

/// The test fixtures' notes and an index of them, built once per process.
fn fixtures() -> &'static (std::path::PathBuf, std::path::PathBuf) {
    static FIXTURES: OnceLock<(std::path::PathBuf, std::path::PathBuf)> = OnceLock::new();
    FIXTURES.get_or_init(|| {
        let notes = concat!(env!("CARGO_MANIFEST_DIR"), "/../tests/fixtures/notes");
        let notes = std::path::Path::new(notes);
        let notes = if notes.is_dir() {
            notes.to_path_buf()
        } else {
            // Built from the main crate's tests.
            std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/notes")
        };
        // Kept in a static, not leaked: LeakSanitizer reports a leaked box.
        static DIR: OnceLock<tempfile::TempDir> = OnceLock::new();
        let dir = DIR.get_or_init(|| tempfile::tempdir().expect("temp dir"));
        let index = dir.path().join("index");
        ingest(
            &notes,
            &Store::new(index.clone()),
            &IngestOptions::default(),
        )
        .expect("fixtures ingest");
        (notes, index)
    })
}

fn engine() -> &'static Engine<'static> {
    static ENGINE: OnceLock<Engine<'static>> = OnceLock::new();
    ENGINE.get_or_init(|| {
        let store = Store::new(fixtures().1.clone());
        let handle = Box::leak(Box::new(IndexHandle::open(&store).unwrap().unwrap()));
        let aliases = Box::leak(Box::new(Aliases::builtin()));
        let synonyms = Box::leak(Box::new(Synonyms::builtin()));
        Engine::new(handle, aliases, synonyms)
    })
}

/// The command line on arbitrary bytes: NUL-separated arguments through
/// clap, and every read command that parses run for real on the fixture
/// index (notes and index forced to it, no pager). A command may fail with
/// an error; nothing may panic or abort (`search --no-group --limit
/// 99999999999` once sized a top-k collector for 1.6 TB and aborted).
pub fn command_line(data: &[u8]) {
    use clap::Parser;
    use kn::cli::{Cli, Command};
    use std::os::unix::ffi::OsStrExt;
    let args = std::iter::once(std::ffi::OsStr::new("kn"))
        .chain(data.split(|&b| b == 0).map(std::ffi::OsStr::from_bytes));
    let mut cli = match Cli::try_parse_from(args) {
        Ok(cli) => cli,
        Err(e) => {
            std::hint::black_box(e.render());
            return;
        }
    };
    match cli.command {
        Command::Search(_)
        | Command::Show(_)
        | Command::Episodes(_)
        | Command::Presenters(_)
        | Command::Links(_)
        | Command::Related(_)
        | Command::Trend(_) => {}
        // Writers (ingest, export), and what only prints text of its own.
        _ => return,
    }
    let (notes, index) = fixtures();
    cli.global.data = Some(notes.clone());
    cli.global.index = Some(index.clone());
    cli.global.pager = false;
    let _ = std::hint::black_box(kn::app::run(cli));
}

/// The query language on arbitrary text: parsing, then a real search over a
/// small index of the test fixtures. A query never fails, and highlights lie
/// inside their snippet.
pub fn query(data: &[u8]) {
    let Ok(input) = std::str::from_utf8(data) else {
        return;
    };
    std::hint::black_box(kn::search::query::parse(input));
    let results = engine()
        .search(input, &SearchOptions::default())
        .expect("a query never fails");
    for hit in &results.hits {
        let chars = hit.snippet.text.chars().count();
        for &(a, b) in &hit.snippet.highlights {
            assert!(
                a < b && b <= chars,
                "highlight {a}..{b} outside {chars} chars"
            );
        }
    }
}
