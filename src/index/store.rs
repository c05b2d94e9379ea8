//! Index directory layout, lock and atomic swap (what a commit records is
//! in `manifest.rs`).
//!
//! ```text
//! index/
//!   kn-index.json    marker: this directory is kn's (never delete others')
//!   CURRENT          name of the live generation, replaced atomically
//!   gen-000042/      tantivy files + state-N.json (named by the manifest)
//!   .lock            OS-locked by the running ingest, which writes its pid in it
//! ```
//!
//! A full rebuild writes a new `tmp-…` directory, renames it to `gen-N` and
//! only then rewrites `CURRENT` (write to a temp file, fsync, rename). A reader
//! that opened the old generation keeps its files (unlinked files stay
//! readable), and a crash at any point leaves `CURRENT` naming a complete
//! generation. An incremental ingest updates the live generation through
//! tantivy's own atomic commit, with the [`Manifest`] in the commit.

use std::fs::{self, File, OpenOptions};
use std::io::Write;
use std::path::{Path, PathBuf};

use crate::atomic_file::{self, sync_dir};
use crate::error::{Error, Result};

/// Bumped whenever the schema or analysis changes: older indexes are rebuilt.
pub const INDEX_FORMAT: u32 = 9;

const MARKER: &str = "kn-index.json";
const CURRENT: &str = "CURRENT";
const LOCK: &str = ".lock";
/// Files a fresh checkout's `index/` may hold that are not kn's output.
const TOLERATED: &[&str] = &[".gitignore", "README.md", ".gitkeep"];

#[derive(Debug, Clone)]
pub struct Store {
    pub root: PathBuf,
}

/// Held while an ingest runs: an OS lock on the lock file, which the kernel
/// releases when the process ends, however it ends. The file itself stays
/// (deleting it would let a waiting process lock a file no one else sees).
pub struct LockGuard {
    _file: File,
}

impl Store {
    pub fn new(root: impl Into<PathBuf>) -> Self {
        Self { root: root.into() }
    }

    /// The live generation directory, if any.
    pub fn current(&self) -> Result<Option<PathBuf>> {
        let path = self.root.join(CURRENT);
        match fs::read(&path) {
            Ok(bytes) => {
                let name = String::from_utf8_lossy(&bytes);
                let name = name.trim();
                let valid = |c: char| c.is_ascii_alphanumeric() || c == '-';
                if name.is_empty() || !name.chars().all(valid) {
                    return Err(Error::CorruptIndex {
                        path: self.root.clone(),
                        reason: "CURRENT is malformed".into(),
                    });
                }
                Ok(Some(self.root.join(name)))
            }
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
            Err(e) => Err(Error::io(path, e)),
        }
    }

    /// Refuses to write into a directory that holds someone else's files.
    fn claim(&self) -> Result<()> {
        if self.root.join(MARKER).is_file() {
            return Ok(());
        }
        if self.root.exists() {
            let entries = fs::read_dir(&self.root).map_err(|e| Error::io(&self.root, e))?;
            for entry in entries {
                let entry = entry.map_err(|e| Error::io(&self.root, e))?;
                let name = entry.file_name().to_string_lossy().to_string();
                if !TOLERATED.contains(&name.as_str()) {
                    return Err(Error::ForeignIndexDir(self.root.clone()));
                }
            }
        }
        fs::create_dir_all(&self.root).map_err(|e| Error::io(&self.root, e))?;
        let marker = format!("{{\"tool\":\"kn\",\"format\":{INDEX_FORMAT}}}\n");
        fs::write(self.root.join(MARKER), marker).map_err(|e| Error::io(self.root.join(MARKER), e))
    }

    /// Takes the ingest lock (an OS file lock; a process that died holds
    /// none), and records this process's id in the file for the message a
    /// second ingest prints.
    pub fn lock(&self) -> Result<LockGuard> {
        self.claim()?;
        let path = self.root.join(LOCK);
        let mut file = OpenOptions::new()
            .read(true)
            .write(true)
            .create(true)
            .truncate(false)
            .open(&path)
            .map_err(|e| Error::io(&path, e))?;
        match file.try_lock() {
            Ok(()) => {}
            Err(std::fs::TryLockError::WouldBlock) => {
                let pid = fs::read_to_string(&path)
                    .ok()
                    .and_then(|s| s.trim().parse::<u32>().ok());
                return Err(Error::Locked { pid, path });
            }
            Err(std::fs::TryLockError::Error(e)) => return Err(Error::io(path, e)),
        }
        let _ = file.set_len(0);
        let _ = writeln!(file, "{}", std::process::id());
        self.clear_scratch();
        Ok(LockGuard { _file: file })
    }

    /// Removes scratch directories of interrupted ingests. Only an ingest
    /// makes them, and only while holding the lock we now hold, so every one
    /// left is dead — even when its pid was reused by another process, or
    /// when this ingest has nothing to do and never publishes.
    fn clear_scratch(&self) {
        let Ok(entries) = fs::read_dir(&self.root) else {
            return;
        };
        for entry in entries.flatten() {
            if entry.file_name().to_string_lossy().starts_with("tmp-") {
                let _ = fs::remove_dir_all(entry.path());
            }
        }
    }

    /// A fresh scratch directory for a new generation.
    pub fn scratch(&self) -> Result<PathBuf> {
        let nanos = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.as_nanos());
        let dir = self
            .root
            .join(format!("tmp-{}-{nanos}", std::process::id()));
        fs::create_dir_all(&dir).map_err(|e| Error::io(&dir, e))?;
        Ok(dir)
    }

    /// Makes a finished scratch directory the live generation, then removes
    /// older generations and scratch directories of dead ingests.
    pub fn publish(&self, scratch: &Path) -> Result<PathBuf> {
        let next = self.next_generation()?;
        let gen_dir = self.root.join(&next);
        fs::rename(scratch, &gen_dir).map_err(|e| Error::io(&gen_dir, e))?;
        sync_dir(&self.root);
        let current = self.root.join(CURRENT);
        atomic_file::write(&current, next.as_bytes()).map_err(|e| Error::io(current, e))?;
        self.collect_garbage(&next);
        Ok(gen_dir)
    }

    fn next_generation(&self) -> Result<String> {
        let mut max = 0u64;
        for entry in fs::read_dir(&self.root)
            .map_err(|e| Error::io(&self.root, e))?
            .flatten()
        {
            let name = entry.file_name().to_string_lossy().to_string();
            if let Some(n) = name
                .strip_prefix("gen-")
                .and_then(|n| n.parse::<u64>().ok())
            {
                max = max.max(n);
            }
        }
        Ok(format!("gen-{:06}", max + 1))
    }

    fn collect_garbage(&self, live: &str) {
        let Ok(entries) = fs::read_dir(&self.root) else {
            return;
        };
        for entry in entries.flatten() {
            let name = entry.file_name().to_string_lossy().to_string();
            // Under the lock every scratch directory left is a dead
            // ingest's (this one's was just renamed into place).
            let old_gen = name.starts_with("gen-") && name != live;
            let dead_tmp = name.starts_with("tmp-");
            let stale_file =
                name.starts_with("CURRENT.tmp-") || name.starts_with(atomic_file::TEMP_PREFIX);
            if old_gen || dead_tmp {
                let _ = fs::remove_dir_all(entry.path());
            } else if stale_file {
                let _ = fs::remove_file(entry.path());
            }
        }
    }
}

/// Best-effort replacement of a small marker file next to an index: written
/// aside, then renamed over `path`, so a reader sees the old file or the
/// new one, never half of one. Failure only loses the marker.
pub(super) fn replace_marker(path: &Path, bytes: &[u8]) {
    let _ = atomic_file::write(path, bytes);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn publish_swaps_generations_and_cleans_up() {
        let tmp = tempfile::tempdir().unwrap();
        let store = Store::new(tmp.path().join("index"));
        let _lock = store.lock().unwrap();
        assert_eq!(store.current().unwrap(), None);
        let a = store.scratch().unwrap();
        fs::write(a.join("x"), "1").unwrap();
        let gen1 = store.publish(&a).unwrap();
        assert_eq!(store.current().unwrap(), Some(gen1.clone()));
        let b = store.scratch().unwrap();
        let gen2 = store.publish(&b).unwrap();
        assert_eq!(store.current().unwrap(), Some(gen2));
        assert!(!gen1.exists(), "old generation removed");
    }

    #[test]
    fn foreign_directories_are_refused() {
        let tmp = tempfile::tempdir().unwrap();
        fs::write(tmp.path().join("precious.txt"), "mine").unwrap();
        let store = Store::new(tmp.path());
        assert!(matches!(store.lock(), Err(Error::ForeignIndexDir(_))));
        assert!(tmp.path().join("precious.txt").exists());
    }

    #[test]
    fn second_lock_fails_naming_the_holder_and_a_released_lock_is_free() {
        let tmp = tempfile::tempdir().unwrap();
        let store = Store::new(tmp.path().join("i"));
        let guard = store.lock().unwrap();
        let me = std::process::id();
        assert!(matches!(store.lock(), Err(Error::Locked { pid: Some(p), .. }) if p == me));
        drop(guard);
        // The file still names the last holder; only the OS lock counts.
        assert_eq!(
            fs::read_to_string(store.root.join(LOCK)).unwrap().trim(),
            me.to_string()
        );
        assert!(store.lock().is_ok());
    }
}
