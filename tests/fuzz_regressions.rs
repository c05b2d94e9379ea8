//! Every input the fuzzers (`fuzz/`) found, replayed through the same checks:
//! `tests/fuzz-regressions/<target>/<name>`. A finding is fixed, then its
//! input is kept here so it stays fixed.

#[path = "../fuzz/checks.rs"]
mod checks;

use std::path::Path;

fn replay(target: &str, check: fn(&[u8])) -> usize {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fuzz-regressions")
        .join(target);
    let mut n = 0;
    let mut entries: Vec<_> = std::fs::read_dir(&dir).unwrap().flatten().collect();
    entries.sort_by_key(|e| e.file_name());
    for e in entries {
        let data = std::fs::read(e.path()).unwrap();
        let name = e.file_name().to_string_lossy().to_string();
        if name.starts_with('.') {
            continue;
        }
        if std::panic::catch_unwind(|| check(&data)).is_err() {
            panic!("{target}/{name} fails again");
        }
        n += 1;
    }
    n
}

#[test]
fn ingest_markdown_findings_stay_fixed() {
    let n = replay("ingest_markdown", checks::ingest_markdown);
    assert!(n > 0, "no inputs kept");
}

#[test]
fn query_findings_stay_fixed() {
    let n = replay("query", checks::query);
    assert!(n > 0, "no inputs kept");
}

#[test]
fn command_line_findings_stay_fixed() {
    let n = replay("command_line", checks::command_line);
    assert!(n > 0, "no inputs kept");
}
