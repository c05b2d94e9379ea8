//! What a commit records: kn's [`Manifest`] (in tantivy's commit payload,
//! so it changes atomically with the documents) and the [`State`] file it
//! names, with every input file's stamp, for incremental ingest and the
//! freshness check.

use std::collections::{BTreeSet, HashMap};
use std::fs;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use super::racy::{content_hash, is_racy};
use crate::atomic_file;
use crate::corpus::{self, ALIAS_FILE, FileStamp};
use crate::error::{Error, Result};
use crate::notes::Warning;

/// One input file as last indexed. (Read through [`FlatFileState`]: serde's
/// `flatten` buffers every field of every entry as generic content first —
/// a 1× search spent 3% of its instructions there, an incremental ingest of
/// 290,000 files much more.)
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(from = "FlatFileState")]
pub struct FileState {
    #[serde(flatten)]
    pub stamp: FileStamp,
    /// Episode the file was placed in; `None` for files kn could not place.
    pub episode: Option<String>,
    /// Warnings the file produced when it was last parsed.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub warnings: Vec<Warning>,
    /// Content hash, kept only for files modified just before the ingest
    /// ("racy" stamps): a second same-size edit within the file system's
    /// timestamp granularity would leave size and mtime unchanged.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub hash: Option<String>,
}

/// [`FileState`] as written, its stamp's fields inline.
#[derive(Deserialize)]
struct FlatFileState {
    path: String,
    size: u64,
    mtime_ns: u64,
    episode: Option<String>,
    #[serde(default)]
    warnings: Vec<Warning>,
    #[serde(default)]
    hash: Option<String>,
}

impl From<FlatFileState> for FileState {
    fn from(f: FlatFileState) -> Self {
        FileState {
            stamp: FileStamp {
                path: f.path,
                size: f.size,
                mtime_ns: f.mtime_ns,
            },
            episode: f.episode,
            warnings: f.warnings,
            hash: f.hash,
        }
    }
}

/// Everything an incremental ingest needs to know about the last one; kept
/// in `state-OPSTAMP.json` beside the tantivy files and named by the commit.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct State {
    pub files: Vec<FileState>,
    /// Stamps of every directory of a small corpus as scanned (none when
    /// one was modified within the racy window): while they hold, no file
    /// was added, removed or renamed, and a freshness check needs only the
    /// files' own stamps, not a directory walk.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub dirs: Vec<FileStamp>,
}

/// kn's manifest of a commit: what was indexed, from where, by which kn.
/// Stored as tantivy's commit payload, so it changes atomically with the
/// documents: a crash leaves the previous commit and its manifest intact.
/// ("Payload" in kn means only the stored display field, `schema::PayloadOut`.)
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct Manifest {
    pub format: u32,
    pub kn_version: String,
    pub data_dir: String,
    /// Hash of the alias table in force (aliases change every presenter).
    pub aliases: String,
    /// File name of the [`State`] of this commit.
    pub state: String,
    pub files: usize,
    pub episodes: usize,
    pub topics: usize,
    pub links: usize,
    pub warnings: usize,
    /// Cheap change detection for large corpora: top-level directories and
    /// the most recently modified files, with their stamps at ingest time.
    pub probes: Vec<FileStamp>,
    /// Racy files (see [`FileState::hash`]) with their content hashes, so
    /// every search can re-check them; `None` when there were too many to
    /// list here (then the full comparison runs).
    #[serde(default)]
    pub racy: Option<Vec<(String, String)>>,
    /// Digest of every file's stamp ([`crate::index::freshness::stamps_digest`]):
    /// a full freshness check compares it instead of reading the state.
    #[serde(default)]
    pub stamps: Option<String>,
}

/// The notes directory as a manifest records it (`Manifest::data_dir`), for
/// ingest to write and a search to compare.
pub fn canonical_string(path: &Path) -> String {
    fs::canonicalize(path)
        .unwrap_or_else(|_| path.to_path_buf())
        .display()
        .to_string()
}

// The state file of a commit: written before the commit that names it,
// removed once a later commit names another.

pub(super) fn write_state(dir: &Path, stamp: u64, state: &State) -> Result<String> {
    let name = format!("state-{stamp:020}.json");
    let bytes = serde_json::to_vec(state).map_err(|e| Error::Invalid(e.to_string()))?;
    let path = dir.join(&name);
    atomic_file::write(&path, &bytes).map_err(|e| Error::io(path, e))?;
    Ok(name)
}

/// Removes state files other than the live one (after a successful commit).
pub(super) fn clean_states(dir: &Path, live: &str) {
    let Ok(entries) = fs::read_dir(dir) else {
        return;
    };
    for e in entries.flatten() {
        let name = e.file_name().to_string_lossy().to_string();
        if name.starts_with("state-") && name != live {
            let _ = fs::remove_file(e.path());
        }
    }
}

/// Reads kn's manifest from an index's commit payload.
pub fn read_manifest(index: &tantivy::Index) -> Option<Manifest> {
    let metas = index.load_metas().ok()?;
    serde_json::from_str(metas.payload.as_deref()?).ok()
}

/// The state an index's manifest names.
pub fn read_state(dir: &Path, manifest: &Manifest) -> Result<State> {
    let path = dir.join(&manifest.state);
    let bytes = fs::read(&path).map_err(|e| Error::CorruptIndex {
        path: dir.to_path_buf(),
        reason: format!("{}: {e}", manifest.state),
    })?;
    serde_json::from_slice(&bytes).map_err(|e| Error::CorruptIndex {
        path: dir.to_path_buf(),
        reason: format!("{}: {e}", manifest.state),
    })
}

// What an ingest records, built from what it read.

/// How many recently modified files a search stats to notice edits cheaply.
const RECENT_PROBES: usize = 32;

pub(super) fn aliases_hash(data: &Path) -> String {
    let text = fs::read(data.join(ALIAS_FILE)).unwrap_or_default();
    blake3::hash(&text).to_hex()[..16].to_string()
}

/// The probes a search stats: the notes directory, its first two directory
/// levels, the alias table, and the most recently modified files with their
/// directories. New, removed and renamed files change a directory's mtime;
/// edits usually touch the newest episodes.
pub(super) fn probes(data: &Path, files: &[FileStamp]) -> Vec<FileStamp> {
    let mut dirs: BTreeSet<String> = BTreeSet::new();
    dirs.insert(String::new());
    for f in files {
        let parts: Vec<&str> = f.path.split('/').collect();
        if parts.len() > 2 {
            dirs.insert(parts[0].to_string());
        }
    }
    let mut recent: Vec<&FileStamp> = files.iter().collect();
    recent.sort_by_key(|f| std::cmp::Reverse(f.mtime_ns));
    let mut out: Vec<FileStamp> = dirs.iter().map(|d| corpus::stamp_of(data, d)).collect();
    for f in recent.into_iter().take(RECENT_PROBES) {
        out.push(f.clone());
        if let Some((parent, _)) = f.path.rsplit_once('/') {
            out.push(corpus::stamp_of(data, parent));
        }
    }
    let alias = files.iter().find(|f| f.path == ALIAS_FILE).cloned();
    out.push(alias.unwrap_or(FileStamp {
        path: ALIAS_FILE.into(),
        size: u64::MAX,
        mtime_ns: 0,
    }));
    out.dedup_by(|a, b| a.path == b.path);
    out
}

pub(super) fn now_ns() -> u64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_nanos() as u64)
}

pub(super) fn make_state(
    (files, dirs): (&[(PathBuf, FileStamp)], Vec<FileStamp>),
    placed_episodes: &[Option<String>],
    mut warnings_by_file: HashMap<String, Vec<Warning>>,
    previous: &HashMap<String, FileState>,
    started_ns: u64,
) -> State {
    State {
        dirs,
        files: files
            .iter()
            .zip(placed_episodes)
            .map(|((path, stamp), episode)| {
                let warnings = warnings_by_file
                    .remove(&stamp.path)
                    .or_else(|| previous.get(&stamp.path).map(|p| p.warnings.clone()))
                    .unwrap_or_default();
                let hash = if is_racy(stamp, started_ns) {
                    content_hash(path)
                } else {
                    None
                };
                FileState {
                    stamp: stamp.clone(),
                    episode: episode.clone(),
                    warnings,
                    hash,
                }
            })
            .collect(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn file_state_is_written_flat_and_read_back_whole() {
        let state = State {
            files: vec![
                FileState {
                    stamp: FileStamp {
                        path: "episodes/001/README.md".into(),
                        size: 42,
                        mtime_ns: 7,
                    },
                    episode: Some("001".into()),
                    warnings: vec![Warning {
                        file: "episodes/001/README.md".into(),
                        line: Some(3),
                        message: "m".into(),
                    }],
                    hash: Some("abc".into()),
                },
                FileState {
                    stamp: FileStamp {
                        path: "aliases.txt".into(),
                        size: 1,
                        mtime_ns: 2,
                    },
                    episode: None,
                    warnings: Vec::new(),
                    hash: None,
                },
            ],
            dirs: Vec::new(),
        };
        let json = serde_json::to_string(&state).unwrap();
        // The layout earlier kn versions wrote and read: stamp fields inline.
        assert!(
            json.starts_with(r#"{"files":[{"path":"episodes/001/README.md","size":42,"mtime_ns":7,"episode":"001""#),
            "{json}"
        );
        let back: State = serde_json::from_str(&json).unwrap();
        assert_eq!(back.files, state.files);
        // An entry without the optional fields, as written for clean files.
        let minimal: FileState =
            serde_json::from_str(r#"{"path":"a.md","size":1,"mtime_ns":2,"episode":null}"#)
                .unwrap();
        assert_eq!(minimal.stamp.path, "a.md");
        assert!(minimal.warnings.is_empty() && minimal.hash.is_none());
    }
}
