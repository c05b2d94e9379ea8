//! Racy files: a file modified within the racy window before an ingest
//! read it may change again without its size or mtime changing (coarse
//! timestamps), so its content hash is recorded and compared, as git does.

use std::fs;
use std::path::{Path, PathBuf};
use std::time::Duration;

use super::manifest::State;
use super::manifest::now_ns;
use super::store::replace_marker;
use crate::corpus::{self, FileStamp};

/// A file modified this close to an ingest may change again without its
/// size or mtime changing (coarse timestamps): its content is hashed.
pub(super) const RACY_NS: u64 = 2_000_000_000;
/// At most this many racy hashes travel in the manifest.
pub(super) const RACY_IN_MANIFEST: usize = 64;

pub(super) fn content_hash(path: &Path) -> Option<String> {
    fs::read(path)
        .ok()
        .map(|b| blake3::hash(&b).to_hex()[..32].to_string())
}

pub(super) fn is_racy(stamp: &FileStamp, started_ns: u64) -> bool {
    stamp.mtime_ns.saturating_add(RACY_NS) >= started_ns
}

/// Git's racily-clean refresh, done before the commit. When more files are
/// racy than the manifest can carry (a bulk change just before the ingest:
/// `git pull && kn ingest`), every later search would compare every file by
/// content. Instead: wait until the racy window of the newest of them has
/// passed (an ingest of that many files has usually outlasted it already),
/// then read them again. A file whose stamp and content are still what was
/// recorded can from now on only change with a new stamp, so it is recorded
/// clean, and searches compare stamps. `None`: nothing to settle.
pub(super) fn settle_racy(data: &Path, state: &State) -> Option<State> {
    let racy: Vec<usize> = (0..state.files.len())
        .filter(|&i| state.files[i].hash.is_some())
        .collect();
    if racy.len() <= RACY_IN_MANIFEST {
        return None;
    }
    let newest = racy
        .iter()
        .map(|&i| state.files[i].stamp.mtime_ns)
        .max()
        .unwrap_or(0);
    let until = newest.saturating_add(RACY_NS);
    let now = now_ns();
    if until > now {
        std::thread::sleep(Duration::from_nanos((until - now).min(RACY_NS)));
    }
    let mut settled = state.clone();
    for i in racy {
        let f = &mut settled.files[i];
        let path = data.join(&f.stamp.path);
        if corpus::stamp_of(data, &f.stamp.path) == f.stamp && content_hash(&path) == f.hash {
            f.hash = None;
        }
    }
    Some(settled)
}

/// Whether a file whose stamp did not change may still have changed.
pub(super) fn racy_changed(path: &Path, recorded: Option<&String>) -> bool {
    recorded.is_some_and(|h| content_hash(path).as_ref() != Some(h))
}

/// Where a search records racy files it found clean after their window.
fn clean_marker(dir: &Path) -> PathBuf {
    dir.join("racy-clean.json")
}

#[derive(serde::Serialize, serde::Deserialize)]
struct Clean {
    /// The commit's state file: an ingest in between voids the record.
    state: String,
    stamps: Vec<FileStamp>,
}

/// The first of a commit's racy files (`Manifest::racy`) that changed, if
/// any. Each is compared by content until every one of them has been seen
/// unchanged with its racy window passed; then their stamps are recorded
/// (bound to the commit) and later searches compare stamps only, since a
/// later write can only come with a newer mtime: git's racily-clean
/// refresh, done by the first search that can.
pub(super) fn changed_racy(
    dir: &Path,
    state: &str,
    racy: &[(String, String)],
    data: &Path,
) -> Option<String> {
    if racy.is_empty() {
        return None;
    }
    let before: Vec<FileStamp> = racy
        .iter()
        .map(|(p, _)| corpus::stamp_of(data, p))
        .collect();
    let recorded = fs::read(clean_marker(dir))
        .ok()
        .and_then(|b| serde_json::from_slice::<Clean>(&b).ok());
    if recorded.is_some_and(|c| c.state == state && c.stamps == before) {
        return None;
    }
    for (path, hash) in racy {
        if racy_changed(&data.join(path), Some(hash)) {
            return Some(path.clone());
        }
    }
    // Stamps taken before the hashes and unchanged after them: the content
    // that was hashed is the content these stamps describe.
    let now = now_ns();
    let after: Vec<FileStamp> = racy
        .iter()
        .map(|(p, _)| corpus::stamp_of(data, p))
        .collect();
    if after == before
        && before
            .iter()
            .all(|s| s.mtime_ns.saturating_add(RACY_NS) < now)
    {
        let clean = Clean {
            state: state.to_string(),
            stamps: before,
        };
        let text = serde_json::to_vec(&clean).expect("plain data serialises");
        replace_marker(&clean_marker(dir), &text);
    }
    None
}
