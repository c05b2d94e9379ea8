//! Replacing a file whole: written aside in the same directory, flushed to
//! disk, renamed over the old one (`tempfile`'s persist), and the directory
//! flushed, so that a reader or a crash sees the old content or the new,
//! never half of one. Every file kn rewrites goes through here.

use std::io::Write;
use std::path::Path;

/// Prefix of the temporary files, for the index's garbage collection.
pub const TEMP_PREFIX: &str = ".kn-tmp-";

/// Replaces `path` with `bytes`.
pub fn write(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d,
        _ => Path::new("."),
    };
    let mut tmp = tempfile::Builder::new()
        .prefix(TEMP_PREFIX)
        .tempfile_in(dir)?;
    tmp.write_all(bytes)?;
    tmp.as_file().sync_all()?;
    tmp.persist(path).map_err(|e| e.error)?;
    sync_dir(dir);
    Ok(())
}

/// Flushes a directory's entries (a rename in it) to disk, where the
/// platform allows opening a directory; best effort.
pub fn sync_dir(dir: &Path) {
    if let Ok(f) = std::fs::File::open(dir) {
        let _ = f.sync_all();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn replaces_whole_and_leaves_no_temporary_file() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("f.json");
        write(&path, b"old").unwrap();
        write(&path, b"new content").unwrap();
        assert_eq!(std::fs::read(&path).unwrap(), b"new content");
        let names: Vec<_> = std::fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        assert_eq!(names, vec![std::ffi::OsString::from("f.json")]);
    }

    #[test]
    fn a_missing_directory_is_an_error_not_a_half_file() {
        let dir = tempfile::tempdir().unwrap();
        assert!(write(&dir.path().join("no/such/f"), b"x").is_err());
    }
}
