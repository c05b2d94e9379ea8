//! Test environment in the style of fd's `tests/testenv`: a temporary notes
//! tree (written by the test, or a copy of a fixture for the snapshot
//! tests), a private index directory, and the real `kn` binary.

#![allow(dead_code)]

use std::fs;
use std::path::{Path, PathBuf};

use assert_cmd::Command;

pub struct TestEnv {
    pub dir: tempfile::TempDir,
}

fn copy_tree(from: &Path, to: &Path) {
    fs::create_dir_all(to).unwrap();
    for entry in fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_tree(&entry.path(), &target);
        } else {
            fs::copy(entry.path(), &target).unwrap();
        }
    }
}

pub fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(name)
}

impl TestEnv {
    /// A copy of `tests/fixtures/notes` as the notes directory.
    pub fn new() -> Self {
        Self::with("notes")
    }

    /// A copy of `tests/fixtures/NAME` as the notes directory.
    pub fn with(name: &str) -> Self {
        let dir = tempfile::tempdir().unwrap();
        copy_tree(&fixture(name), &dir.path().join("notes"));
        Self { dir }
    }

    /// An empty notes directory, for trees a test writes itself.
    pub fn new_empty() -> Self {
        let dir = tempfile::tempdir().unwrap();
        fs::create_dir_all(dir.path().join("notes")).unwrap();
        Self { dir }
    }

    /// A notes directory holding exactly `files` (path under the notes
    /// directory, text), so the input a test asserts on stands in the test
    /// itself, as fd's `TestEnv::new(dirs, files)` does.
    pub fn tree(files: &[(&str, &str)]) -> Self {
        let env = Self::new_empty();
        for (rel, text) in files {
            env.write(rel, text);
        }
        env
    }

    pub fn notes(&self) -> PathBuf {
        self.dir.path().join("notes")
    }

    pub fn index(&self) -> PathBuf {
        self.dir.path().join("index")
    }

    /// `kn` with this environment's notes and index, a fixed table width and
    /// no inherited configuration.
    pub fn kn(&self) -> Command {
        let mut cmd = Command::cargo_bin("kn").unwrap();
        cmd.env_clear()
            .env("PATH", std::env::var_os("PATH").unwrap_or_default())
            .env("HOME", self.dir.path())
            .env("KN_DATA", self.notes())
            .env("KN_INDEX", self.index())
            .env("COLUMNS", "120");
        cmd
    }

    pub fn write(&self, rel: &str, text: &str) {
        let path = self.notes().join(rel);
        fs::create_dir_all(path.parent().unwrap()).unwrap();
        fs::write(path, text).unwrap();
    }
}

/// Exit status of a panic in kn (`src/main.rs`): a bug, never an answer.
pub const PANIC: i32 = 101;

/// Runs `kn` and returns (exit code, stdout, stderr). A panic fails the
/// test whatever it expected: no test can take a bug for a handled error.
pub fn run(cmd: &mut Command) -> (i32, String, String) {
    let out = cmd.output().unwrap();
    let (code, stdout, stderr) = (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    );
    assert_ne!(code, PANIC, "kn panicked: {stderr}");
    (code, stdout, stderr)
}

/// stdout parsed as JSON; the text itself in the message when it is not.
pub fn json(out: &str) -> serde_json::Value {
    serde_json::from_str(out).unwrap_or_else(|e| panic!("{e}: {out}"))
}

/// stdout parsed as a JSON array (search, related, links results).
pub fn json_list(out: &str) -> Vec<serde_json::Value> {
    match json(out) {
        serde_json::Value::Array(items) => items,
        other => panic!("not a JSON array: {other}"),
    }
}

/// Every string value in `v`, depth first: for checks on what the JSON says
/// rather than how it escapes it.
pub fn json_strings(v: &serde_json::Value) -> Vec<String> {
    fn walk(v: &serde_json::Value, out: &mut Vec<String>) {
        match v {
            serde_json::Value::String(s) => out.push(s.clone()),
            serde_json::Value::Array(a) => a.iter().for_each(|v| walk(v, out)),
            serde_json::Value::Object(o) => o.values().for_each(|v| walk(v, out)),
            _ => {}
        }
    }
    let mut out = Vec::new();
    walk(v, &mut out);
    out
}

impl TestEnv {
    /// `text` with this environment's temporary directory (as given and as
    /// the OS resolves it) replaced by `$HOME`, for snapshots and exact
    /// message checks.
    pub fn redact(&self, text: &str) -> String {
        let given = self.dir.path().display().to_string();
        let real = fs::canonicalize(self.dir.path())
            .map(|p| p.display().to_string())
            .unwrap_or_else(|_| given.clone());
        text.replace(&real, "$HOME").replace(&given, "$HOME")
    }
}

/// The shared kubenews corpus beside the checkout, when present.
pub fn shared_corpus() -> Option<PathBuf> {
    let p = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/corpus/kubenews");
    p.is_dir().then_some(p)
}
