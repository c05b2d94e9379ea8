//! Typed errors for the library; `main` turns them into one line on stderr
//! and exit status 2.

use std::path::PathBuf;

#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error("notes directory {0} does not exist (pass --data DIR or set KN_DATA)")]
    MissingData(PathBuf),
    #[error("{path}: {source}")]
    Io {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error("index at {path} is unreadable ({reason}); rebuild it with `kn ingest --rebuild`")]
    CorruptIndex { path: PathBuf, reason: String },
    #[error(
        "the index at {0} was built by another version of kn; rebuild it with `kn ingest --rebuild`"
    )]
    OutdatedIndex(PathBuf),
    #[error("no index at {0}; build it with `kn ingest`")]
    NoIndex(PathBuf),
    #[error("index is being updated by {} (lock {}); try again when it finishes", holder(*.pid), .path.display())]
    Locked { pid: Option<u32>, path: PathBuf },
    #[error("refusing to use {0} as an index directory: it exists and was not created by kn")]
    ForeignIndexDir(PathBuf),
    #[error("no episode {wanted}; the nearest are {available} (kn episodes lists them all)")]
    UnknownEpisode { wanted: String, available: String },
    #[error("{0}")]
    Invalid(String),
    /// The terminal `kn tui` draws on failed (not a file: no path to name).
    #[error("terminal: {0}")]
    Terminal(#[source] std::io::Error),
    #[error("index error: {0}; if the index is damaged, `kn ingest --rebuild` rebuilds it")]
    Tantivy(#[from] tantivy::TantivyError),
}

pub type Result<T, E = Error> = std::result::Result<T, E>;

impl Error {
    pub fn io(path: impl Into<PathBuf>, source: std::io::Error) -> Self {
        Error::Io {
            path: path.into(),
            source,
        }
    }
}

/// Who holds the ingest lock, as far as its file says.
pub fn holder(pid: Option<u32>) -> String {
    pid.map_or_else(|| "another process".into(), |p| format!("pid {p}"))
}
