//! A damaged or foreign index directory: every file of a built index is
//! truncated, emptied or overwritten with garbage in turn, and every read
//! command must either still answer or fail with one line that names the fix
//! (`kn ingest --rebuild`), exit status 2, never a panic (101). A directory kn did
//! not create is never written to or deleted from.

mod testenv;

use std::fs;
use std::path::{Path, PathBuf};

use testenv::{TestEnv, run};

fn files_under(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    for e in walkdir::WalkDir::new(dir).into_iter().flatten() {
        if e.file_type().is_file() {
            out.push(e.into_path());
        }
    }
    out.sort();
    out
}

fn copy_dir(from: &Path, to: &Path) {
    for f in files_under(from) {
        let target = to.join(f.strip_prefix(from).unwrap());
        fs::create_dir_all(target.parent().unwrap()).unwrap();
        fs::copy(&f, target).unwrap();
    }
}

const READS: [&[&str]; 4] = [
    &["search", "ebpf"],
    &["search", "コンテナ", "--json"],
    &["show", "001"],
    &["episodes", "--json"],
];

/// Exit status and stdout of each of `READS`.
fn reads(env: &TestEnv) -> Vec<(i32, String)> {
    READS
        .iter()
        .map(|args| {
            let (code, out, _) = run(env.kn().args(*args));
            (code, out)
        })
        .collect()
}

/// Runs the read commands against the damaged index and checks the
/// contract: the undamaged index's answer exactly, or one line naming the
/// fix. Returns how many were refused.
fn check_reads(env: &TestEnv, damage: &str, pristine: &[(i32, String)]) -> usize {
    let mut failures = 0;
    for (args, expected) in READS.iter().zip(pristine) {
        let (code, out, err) = run(env.kn().args(*args));
        match code {
            0 | 1 => assert_eq!(
                &(code, out),
                expected,
                "{damage}: {args:?} answered differently: {err}"
            ),
            2 => {
                failures += 1;
                let line = err.trim();
                assert_eq!(line.lines().count(), 1, "{damage}: {args:?}: {err}");
                assert!(
                    line.contains("kn ingest --rebuild"),
                    "{damage}: {args:?}: no remedy in {line}"
                );
            }
            other => panic!("{damage}: {args:?} exited {other}: {err}"),
        }
    }
    failures
}

#[test]
fn every_damaged_index_file_gives_an_answer_or_one_line_with_the_fix() {
    let env = TestEnv::new();
    let (code, _, err) = run(env.kn().arg("ingest"));
    assert_eq!(code, 0, "{err}");
    let answers = reads(&env);
    assert_eq!(answers.iter().map(|a| a.0).collect::<Vec<_>>(), [0; 4]);
    let pristine = env.dir.path().join("pristine");
    copy_dir(&env.index(), &pristine);
    let files = files_under(&pristine);
    assert!(files.len() > 10, "{files:?}");
    let (mut cases, mut errors) = (0, 0);
    for file in &files {
        let rel = file.strip_prefix(&pristine).unwrap();
        let bytes = fs::read(file).unwrap();
        let mut garbage = bytes.clone();
        for (i, b) in garbage.iter_mut().enumerate().skip(bytes.len() / 3) {
            *b = b.wrapping_mul(31).wrapping_add(i as u8);
        }
        for (how, content) in [
            ("emptied", Vec::new()),
            ("truncated", bytes[..bytes.len() / 2].to_vec()),
            ("garbled", garbage),
        ] {
            fs::remove_dir_all(env.index()).unwrap();
            copy_dir(&pristine, &env.index());
            fs::write(env.index().join(rel), &content).unwrap();
            let damage = format!("{} {how}", rel.display());
            errors += check_reads(&env, &damage, &answers);
            cases += 1;
            // The fix the message names works.
            let (code, _, err) = run(env.kn().args(["ingest", "--rebuild"]));
            assert_eq!(code, 0, "{damage}: rebuild failed: {err}");
            let (code, _, err) = run(env.kn().args(["search", "ebpf"]));
            assert_eq!(code, 0, "{damage}: after rebuild: {err}");
        }
    }
    eprintln!("{cases} damaged indexes, {errors} reads refused with the fix named, no panic");
}

#[test]
fn a_foreign_directory_is_refused_and_left_untouched() {
    let env = TestEnv::new();
    let foreign = env.dir.path().join("photos");
    fs::create_dir_all(foreign.join("2021")).unwrap();
    fs::write(foreign.join("2021/cat.jpg"), b"not an index").unwrap();
    fs::write(foreign.join("CURRENT"), b"gen-000001").unwrap();
    let before = files_under(&foreign);
    for args in [
        vec!["ingest"],
        vec!["ingest", "--rebuild"],
        vec!["search", "ebpf"],
    ] {
        let (code, _, err) = run(env.kn().env("KN_INDEX", &foreign).args(&args));
        assert_eq!(code, 2, "{args:?}: {err}");
        assert_eq!(err.trim().lines().count(), 1, "{err}");
    }
    assert_eq!(files_under(&foreign), before, "nothing added or removed");
    assert_eq!(
        fs::read(foreign.join("2021/cat.jpg")).unwrap(),
        b"not an index"
    );
}

#[test]
fn an_index_from_another_format_is_rebuilt_not_misread() {
    let env = TestEnv::new();
    let (code, _, _) = run(env.kn().arg("ingest"));
    assert_eq!(code, 0);
    // Pretend the live generation came from an older kn: its commit payload
    // names another format.
    let current = fs::read_to_string(env.index().join("CURRENT")).unwrap();
    let meta = env.index().join(current.trim()).join("meta.json");
    let text = fs::read_to_string(&meta).unwrap();
    let old = text.replace("\\\"format\\\":", "\\\"format\\\":1");
    assert_ne!(old, text, "payload format field found");
    fs::write(&meta, old).unwrap();
    let (code, out, err) = run(env.kn().args(["search", "ebpf"]));
    assert_eq!(code, 0, "{err}");
    assert!(err.contains("another version of kn"), "{err}");
    assert!(out.contains("ebpf") || out.contains("eBPF"), "{out}");
}
