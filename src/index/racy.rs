//! Racy files: a file modified within the racy window before an ingest
//! read it may change again without its size or mtime changing (coarse
//! timestamps), so its content hash is recorded and compared, as git does.

use std::fs;
use std::path::Path;
use std::time::Duration;

use super::ingest::now_ns;
use super::store::State;
use crate::corpus::{self, FileStamp};

/// A file modified this close to an ingest may change again without its
/// size or mtime changing (coarse timestamps): its content is hashed.
pub(super) const RACY_NS: u64 = 2_000_000_000;
/// At most this many racy hashes travel in the payload.
pub(super) const RACY_IN_PAYLOAD: usize = 64;

pub(super) fn content_hash(path: &Path) -> Option<String> {
    fs::read(path)
        .ok()
        .map(|b| blake3::hash(&b).to_hex()[..32].to_string())
}

pub(super) fn is_racy(stamp: &FileStamp, started_ns: u64) -> bool {
    stamp.mtime_ns.saturating_add(RACY_NS) >= started_ns
}

/// Git's racily-clean refresh, done before the commit. When more files are
/// racy than the payload can carry (a bulk change just before the ingest:
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
    if racy.len() <= RACY_IN_PAYLOAD {
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
