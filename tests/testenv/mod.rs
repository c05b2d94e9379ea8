//! Test environment in the style of fd's `tests/testenv`: a temporary copy of
//! a fixture notes tree, a private index directory, and the real `kn` binary.

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

/// Runs `kn` and returns (exit code, stdout, stderr).
pub fn run(cmd: &mut Command) -> (i32, String, String) {
    let out = cmd.output().unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

/// The shared kubenews corpus beside the checkout, when present.
pub fn shared_corpus() -> Option<PathBuf> {
    let p = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/corpus/kubenews");
    p.is_dir().then_some(p)
}
