//! Is the index still what the notes say? Probes and racy files on every
//! search; a full comparison of every file's stamp for small corpora each
//! time, for large ones at most once a minute and (in the `kn` binary) in a
//! background `kn __verify`, whose finding the next search acts on.

use std::collections::HashMap;
use std::fs;
use std::path::{Path, PathBuf};
use std::time::Duration;

use super::manifest::{FileState, Manifest, canonical_string};
use super::racy::{changed_racy, racy_changed};
use super::store::replace_marker;
use crate::corpus::{self, FileStamp};
use crate::error::Result;

/// What the quick freshness check found.
#[derive(Debug, PartialEq, Eq)]
pub enum Freshness {
    Fresh,
    /// Out of date, and why (`notes changed (episodes/004/README.md)`).
    Stale(String),
    /// Nothing changed that the probes see, and a full comparison of every
    /// stamp is due ([`full_check`]); the caller may run it now or let a
    /// background process do it ([`record_stale`]).
    CheckDue,
}

/// Is the index at `dir` out of date for the notes in `data`?
/// Small corpora are checked file by file; large ones by their probes (see
/// `manifest::probes`) plus a full check at most once a minute.
pub fn staleness(dir: &Path, manifest: &Manifest, data: &Path) -> Result<Option<String>> {
    match quick_staleness(dir, manifest, data)? {
        Freshness::Fresh => Ok(None),
        Freshness::Stale(reason) => Ok(Some(reason)),
        Freshness::CheckDue => full_check(dir, manifest, data),
    }
}

/// [`staleness`] without the periodic full check of a large corpus, which
/// it reports as [`Freshness::CheckDue`] (and claims, so that searches
/// running at the same time do not all start one). At 10,000× the notes a
/// full check walks 290,000 files: seconds of directory reads, which no
/// search should wait for.
pub fn quick_staleness(dir: &Path, manifest: &Manifest, data: &Path) -> Result<Freshness> {
    // (An index from another kn version does not open: see `IndexHandle::open`.)
    if manifest.data_dir != canonical_string(data) {
        return Ok(Freshness::Stale(format!(
            "it was built from {}",
            manifest.data_dir
        )));
    }
    if let Some(reason) = recorded_stale(dir, manifest) {
        return Ok(Freshness::Stale(reason));
    }
    // A small corpus gets the full comparison below on every search, which
    // sees whatever the probes would: skip them (60 stat calls at 1×).
    let large = uses_probes(manifest.files, manifest.racy.is_some());
    for probe in manifest.probes.iter().filter(|_| large) {
        let now = corpus::stamp_of(data, &probe.path);
        if &now != probe {
            return Ok(Freshness::Stale(format!(
                "notes changed ({})",
                if probe.path.is_empty() {
                    "."
                } else {
                    &probe.path
                }
            )));
        }
    }
    // Racy files (too many to list: the full comparison below covers them).
    if let Some(racy) = &manifest.racy
        && let Some(path) = changed_racy(dir, &manifest.state, racy, data)
    {
        return Ok(Freshness::Stale(format!("notes changed ({path})")));
    }
    if large {
        if !full_check_due(dir) {
            return Ok(Freshness::Fresh);
        }
        mark_full_check(dir);
        return Ok(Freshness::CheckDue);
    }
    Ok(match small_check(dir, manifest, data)? {
        None => Freshness::Fresh,
        Some(reason) => Freshness::Stale(reason),
    })
}

/// Every file of a small corpus compared by its stamp without walking the
/// directories: while every directory keeps its stamp, no entry was added,
/// removed or renamed, so the state lists exactly the files there are. (A
/// walk opens and reads each directory; a stamp is one `stat`.) Any
/// directory changed, or none recorded: the full check decides.
fn small_check(dir: &Path, manifest: &Manifest, data: &Path) -> Result<Option<String>> {
    // An unreadable state is the full check's to judge, as before.
    let Ok(state) = super::manifest::read_state(dir, manifest) else {
        return full_check(dir, manifest, data);
    };
    let dirs_hold = !state.dirs.is_empty()
        && state
            .dirs
            .iter()
            .all(|d| corpus::stamp_of(data, &d.path) == *d);
    if !dirs_hold {
        return full_check(dir, manifest, data);
    }
    // Racy files listed in the manifest were compared by the caller.
    let listed = manifest.racy.is_some();
    for f in &state.files {
        if corpus::stamp_of(data, &f.stamp.path) != f.stamp
            || (!listed && racy_changed(&data.join(&f.stamp.path), f.hash.as_ref()))
        {
            return Ok(Some(format!("notes changed ({})", f.stamp.path)));
        }
    }
    Ok(None)
}

/// Compares every file's stamp with the index's state.
pub fn full_check(dir: &Path, manifest: &Manifest, data: &Path) -> Result<Option<String>> {
    let files = corpus::scan(data)?.files;
    // Every stamp as at ingest, and the racy files checked above: fresh,
    // without reading the (large) state. Otherwise the state names the file.
    if manifest.racy.is_some()
        && manifest.stamps.as_deref() == Some(stamps_digest(files.iter().map(|(_, s)| s)).as_str())
    {
        return Ok(None);
    }
    let state = super::manifest::read_state(dir, manifest)?;
    let before: HashMap<&str, &FileState> = state
        .files
        .iter()
        .map(|f| (f.stamp.path.as_str(), f))
        .collect();
    for (path, s) in &files {
        match before.get(s.path.as_str()) {
            Some(b) if &b.stamp == s && !racy_changed(path, b.hash.as_ref()) => {}
            _ => return Ok(Some(format!("notes changed ({})", s.path))),
        }
    }
    if files.len() != before.len() {
        return Ok(Some("notes changed (a file was removed)".into()));
    }
    Ok(None)
}

/// Where a background full check leaves what it found.
fn stale_marker(dir: &Path) -> PathBuf {
    dir.join("stale")
}

/// Records that the index committed with `manifest` is out of date: the
/// next search re-indexes. (Bound to this commit's state: an ingest in
/// between makes it void.)
pub fn record_stale(dir: &Path, manifest: &Manifest, reason: &str) {
    replace_marker(
        &stale_marker(dir),
        format!("{}\n{reason}\n", manifest.state).as_bytes(),
    );
}

fn recorded_stale(dir: &Path, manifest: &Manifest) -> Option<String> {
    let text = fs::read_to_string(stale_marker(dir)).ok()?;
    let (state, reason) = text.split_once('\n')?;
    (state == manifest.state).then(|| reason.trim().to_string())
}

/// A digest of a set of file stamps, independent of their order: two
/// 64-bit SipHashes of each stamp, summed. A full freshness check of
/// 290,000 files compares this instead of parsing their state (a sixth of
/// its instructions).
pub fn stamps_digest<'a>(stamps: impl IntoIterator<Item = &'a FileStamp>) -> String {
    use std::hash::{Hash, Hasher};
    let mut sum = (0u64, 0u64);
    let mut count = 0u64;
    for s in stamps {
        let hash = |salt: u8| {
            let mut h = std::hash::DefaultHasher::new();
            salt.hash(&mut h);
            s.path.hash(&mut h);
            s.size.hash(&mut h);
            s.mtime_ns.hash(&mut h);
            h.finish()
        };
        sum.0 = sum.0.wrapping_add(hash(0));
        sum.1 = sum.1.wrapping_add(hash(1));
        count += 1;
    }
    format!("{count}:{:016x}{:016x}", sum.0, sum.1)
}

/// Whether searches check an index of `files` notes by its probes, with a
/// full comparison at most once a minute, rather than by comparing every
/// stamp each time. (Without a racy list a full comparison is the only way
/// to see racy files change.)
pub fn uses_probes(files: usize, racy_listed: bool) -> bool {
    files > corpus::SMALL_CORPUS_FILES && racy_listed
}
/// Larger corpora get a full stamp comparison at most this often.
const FULL_CHECK_EVERY: Duration = Duration::from_secs(60);

fn full_check_marker(dir: &Path) -> PathBuf {
    dir.join("last-full-check")
}

fn full_check_due(dir: &Path) -> bool {
    fs::metadata(full_check_marker(dir))
        .and_then(|m| m.modified())
        .ok()
        .and_then(|t| t.elapsed().ok())
        .is_none_or(|age| age > FULL_CHECK_EVERY)
}

pub(super) fn mark_full_check(dir: &Path) {
    let _ = fs::write(full_check_marker(dir), b"");
}
