//! Reads a notes directory: finds markdown files, places each in an episode,
//! parses it and assembles whole episodes. The only module of the ingest path
//! that touches the file system.

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};
use std::time::UNIX_EPOCH;

use serde::{Deserialize, Serialize};
use walkdir::WalkDir;

use crate::analysis::Synonyms;
use crate::error::{Error, Result};
use crate::notes::{self, Aliases, Episode, EpisodeHeader, Warning, episode_order};

/// Name of the optional alias table inside a notes directory.
pub const ALIAS_FILE: &str = "aliases.txt";

/// Size and modification time of an input file: enough to tell that it changed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FileStamp {
    pub path: String,
    pub size: u64,
    pub mtime_ns: u64,
}

#[derive(Debug, Default)]
pub struct Corpus {
    pub episodes: Vec<Episode>,
    pub warnings: Vec<Warning>,
    pub files: Vec<FileStamp>,
}

impl Corpus {
    pub fn topic_count(&self) -> usize {
        self.episodes.iter().map(|e| e.topics.len()).sum()
    }
    pub fn link_count(&self) -> usize {
        self.episodes
            .iter()
            .flat_map(|e| &e.topics)
            .map(|t| t.url.iter().count() + t.links.len())
            .sum()
    }
}

/// Modification time in nanoseconds since the epoch (0 when unknown).
pub fn mtime_ns(meta: &fs::Metadata) -> u64 {
    meta.modified()
        .ok()
        .and_then(|t| t.duration_since(UNIX_EPOCH).ok())
        .map_or(0, |d| d.as_nanos() as u64)
}

/// The stamp of `data/rel` now, with one `stat`: directories have size 0, a
/// missing path has size `u64::MAX`, so it never equals a recorded stamp.
pub fn stamp_of(data: &Path, rel: &str) -> FileStamp {
    match fs::metadata(data.join(rel)) {
        Ok(m) => FileStamp {
            path: rel.to_string(),
            size: if m.is_dir() { 0 } else { m.len() },
            mtime_ns: mtime_ns(&m),
        },
        Err(_) => FileStamp {
            path: rel.to_string(),
            size: u64::MAX,
            mtime_ns: 0,
        },
    }
}

fn is_markdown(path: &Path) -> bool {
    matches!(
        path.extension().and_then(|e| e.to_str()),
        Some("md" | "markdown")
    )
}

/// What [`scan`] found.
pub struct Scan {
    /// Input files: absolute path and stamp.
    pub files: Vec<(PathBuf, FileStamp)>,
    /// Every directory walked (the root as `""`), for a corpus of at most
    /// [`SMALL_CORPUS_FILES`] files; empty for a larger one.
    pub dirs: Vec<FileStamp>,
    pub warnings: Vec<Warning>,
}

/// Up to this many files a corpus is "small": every search checks every
/// file's stamp (`index::freshness`), helped by the directories' stamps.
pub const SMALL_CORPUS_FILES: usize = 2000;

/// Relative `/`-separated path of every input file (markdown and the alias
/// table) with its stamp, sorted. Hidden directories (`.git`) are skipped.
pub fn scan(data: &Path) -> Result<Scan> {
    if !data.is_dir() {
        return Err(Error::MissingData(data.to_path_buf()));
    }
    let mut files = Vec::new();
    let mut dirs = Vec::new();
    let mut warnings = Vec::new();
    // Unsorted walk, sorted once at the end: walkdir's per-directory sort
    // by file name parses both paths on every comparison, a third of a full
    // freshness check at 290,000 files.
    let walker = WalkDir::new(data).follow_links(false).into_iter();
    let prefix = data.as_os_str().as_encoded_bytes().len();
    for entry in
        walker.filter_entry(|e| e.depth() == 0 || !e.file_name().to_string_lossy().starts_with('.'))
    {
        let entry = match entry {
            Ok(e) => e,
            Err(e) => {
                let file = e
                    .path()
                    .map_or_else(|| data.display().to_string(), |p| p.display().to_string());
                warnings.push(Warning {
                    file,
                    line: None,
                    message: format!("skipped: {e}"),
                });
                continue;
            }
        };
        let path = entry.path();
        let rel_str = relative(path, prefix);
        // Links are never followed: they could leave the notes directory or
        // loop. Every one is reported, a linked directory too.
        if entry.depth() > 0 && entry.file_type().is_symlink() {
            warnings.push(Warning {
                file: rel_str,
                line: None,
                message: "symbolic link not followed, skipped".into(),
            });
            continue;
        }
        // Directories are stamped as a search stats them (`stamp_of`, which
        // follows a linked root: the walk's entry for it is the link).
        if entry.depth() == 0 || entry.file_type().is_dir() {
            if files.len() <= SMALL_CORPUS_FILES {
                dirs.push(stamp_of(data, &rel_str));
            }
            continue;
        }
        let is_alias = rel_str == ALIAS_FILE;
        if !(is_alias || is_markdown(path)) {
            continue;
        }
        if !entry.file_type().is_file() {
            // A named pipe or device called *.md would block or never end.
            warnings.push(Warning {
                file: rel_str,
                line: None,
                message: "not a regular file, skipped".into(),
            });
            continue;
        }
        match entry.metadata() {
            Ok(meta) => {
                let mtime_ns = mtime_ns(&meta);
                files.push((
                    path.to_path_buf(),
                    FileStamp {
                        path: rel_str,
                        size: meta.len(),
                        mtime_ns,
                    },
                ));
            }
            Err(e) => warnings.push(Warning {
                file: rel_str,
                line: None,
                message: format!("skipped: {e}"),
            }),
        }
    }
    // Sibling order of a sorted walk: component by component.
    files.sort_unstable_by(|(_, a), (_, b)| path_order(&a.path, &b.path));
    warnings.sort_by(|a, b| path_order(&a.file, &b.file));
    if files.len() > SMALL_CORPUS_FILES {
        dirs.clear();
    }
    dirs.sort_unstable_by(|a, b| a.path.cmp(&b.path));
    Ok(Scan {
        files,
        dirs,
        warnings,
    })
}

/// Component-by-component order of `/`-separated paths (`a/x` before
/// `a-b/y`, as a sorted walk lists them): the byte order in which `/` sorts
/// before every other byte. Splitting both paths at every comparison was
/// 38% of the instructions of an incremental ingest at 29,000 files.
fn path_order(a: &str, b: &str) -> std::cmp::Ordering {
    let (x, y) = (a.as_bytes(), b.as_bytes());
    let common = x.iter().zip(y).take_while(|(p, q)| p == q).count();
    let rank = |s: &[u8]| {
        s.get(common)
            .map(|&c| if c == b'/' { 0 } else { u16::from(c) + 1 })
    };
    rank(x).cmp(&rank(y))
}

/// `path` below the walk's root (whose encoded length is `prefix`), with
/// `/` between components. (Walked paths are the root joined with names,
/// so slicing the root off is exact; `strip_prefix` compared components.)
fn relative(path: &Path, prefix: usize) -> String {
    let bytes = path.as_os_str().as_encoded_bytes();
    let rest = bytes.get(prefix..).unwrap_or_default();
    let rel = String::from_utf8_lossy(rest);
    let rel = rel.trim_start_matches(std::path::is_separator);
    if std::path::MAIN_SEPARATOR == '/' {
        rel.to_string()
    } else {
        rel.replace(std::path::MAIN_SEPARATOR, "/")
    }
}

/// The alias table of a notes directory, or the built-in one.
pub fn load_aliases(data: &Path, warnings: &mut Vec<Warning>) -> Aliases {
    let path = data.join(ALIAS_FILE);
    match fs::read_to_string(&path) {
        Ok(text) => {
            let (aliases, problems) = Aliases::parse(&text);
            for (line, message) in problems {
                warnings.push(Warning {
                    file: ALIAS_FILE.into(),
                    line: Some(line),
                    message,
                });
            }
            aliases
        }
        Err(_) => Aliases::builtin(),
    }
}

/// Name of the optional synonym table inside a notes directory.
pub const SYNONYM_FILE: &str = "synonyms.txt";

/// The synonym table of a notes directory, or the built-in one; compiled
/// tables are cached in `cache_dir` (the index directory).
pub fn load_synonyms(data: &Path, cache_dir: &Path, warnings: &mut Vec<Warning>) -> Synonyms {
    let text = fs::read_to_string(data.join(SYNONYM_FILE));
    let (synonyms, problems) = match &text {
        Ok(t) => Synonyms::load_cached(t, cache_dir),
        Err(_) => Synonyms::load_cached(crate::analysis::synonyms::DEFAULT_SYNONYMS, cache_dir),
    };
    for (line, message) in problems {
        warnings.push(Warning {
            file: SYNONYM_FILE.into(),
            line: Some(line),
            message,
        });
    }
    synonyms
}

/// A markdown file read and placed in its episode.
pub struct Source {
    pub rel: String,
    pub text: String,
    pub placement: notes::Placement,
}

/// Reads a file as UTF-8; a warning instead when it cannot be read.
pub fn read_text(path: &Path, rel: &str, warnings: &mut Vec<Warning>) -> Option<String> {
    let bytes = match fs::read(path) {
        Ok(b) => b,
        Err(e) => {
            warnings.push(Warning {
                file: rel.into(),
                line: None,
                message: format!("unreadable, skipped: {e}"),
            });
            return None;
        }
    };
    let (text, problem) = decode(bytes);
    if let Some(message) = problem {
        warnings.push(Warning {
            file: rel.into(),
            line: None,
            message: message.into(),
        });
    }
    text
}

/// Markdown bytes as text: UTF-8 (a byte-order mark is dropped), UTF-16 with
/// a byte-order mark, or, for invalid UTF-8, the text with U+FFFD in place
/// of the bad bytes. Binary files (a NUL byte in the first 8 KiB, and not
/// UTF-16) give no text. The second value says what was wrong, if anything.
pub fn decode(bytes: Vec<u8>) -> (Option<String>, Option<&'static str>) {
    let utf16 = |le: bool| -> String {
        let units = bytes[2..].chunks_exact(2).map(|c| {
            if le {
                u16::from_le_bytes([c[0], c[1]])
            } else {
                u16::from_be_bytes([c[0], c[1]])
            }
        });
        char::decode_utf16(units)
            .map(|c| c.unwrap_or(char::REPLACEMENT_CHARACTER))
            .collect()
    };
    match bytes.as_slice() {
        [0xFF, 0xFE, ..] => return (Some(utf16(true)), None),
        [0xFE, 0xFF, ..] => return (Some(utf16(false)), None),
        _ => {}
    }
    let body = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(&bytes);
    if body[..body.len().min(8192)].contains(&0) {
        return (None, Some("binary file (NUL bytes), skipped"));
    }
    match std::str::from_utf8(body) {
        Ok(t) => (Some(t.to_string()), None),
        Err(_) => (
            Some(String::from_utf8_lossy(body).into_owned()),
            Some("not valid UTF-8: bad bytes replaced by U+FFFD"),
        ),
    }
}

/// The episode a file belongs to: from its path when possible (no I/O), else
/// from its first heading. `None` (with a warning) when it cannot be placed.
pub fn place(path: &Path, rel: &str, warnings: &mut Vec<Warning>) -> Option<String> {
    if let Some(p) = notes::layout::place(rel, "") {
        return Some(p.episode);
    }
    let text = read_text(path, rel, warnings)?;
    match notes::layout::place(rel, &text) {
        Some(p) => Some(p.episode),
        None => {
            warnings.push(Warning {
                file: rel.into(),
                line: None,
                message: "cannot tell which episode this file belongs to (expected episodes/NNN/…, resource/kubenews_N/NAME.md, NNN.md or a first heading '# NNN'); skipped".into(),
            });
            None
        }
    }
}

/// Parses the files of one episode (in path order) into the whole episode:
/// header merged from whichever file has it, topics dated from it.
pub fn build_episode(
    episode: &str,
    files: &[(PathBuf, String)],
    aliases: &Aliases,
    warnings: &mut Vec<Warning>,
) -> Episode {
    let mut ep = Episode {
        episode: episode.to_string(),
        ..Default::default()
    };
    for (path, rel) in files {
        let Some(text) = read_text(path, rel, warnings) else {
            continue;
        };
        let Some(placement) = notes::layout::place(rel, &text) else {
            continue;
        };
        let parsed = notes::parse_file(rel, &text, &placement, aliases);
        ep.files.push(rel.clone());
        if let Some(h) = parsed.header {
            merge_header(&mut ep, h, rel, warnings);
        }
        ep.links.extend(parsed.links);
        for t in &parsed.topics {
            if t.body.len() > crate::analysis::MAX_ANALYZED {
                warnings.push(Warning {
                    file: rel.clone(),
                    line: Some(t.line),
                    message: format!(
                        "topic body is {:.1} MiB; only its first {} MiB is searchable",
                        t.body.len() as f64 / (1 << 20) as f64,
                        crate::analysis::MAX_ANALYZED >> 20
                    ),
                });
            }
        }
        ep.topics.extend(parsed.topics);
        warnings.extend(parsed.warnings);
    }
    for t in &mut ep.topics {
        t.date = ep.date.clone();
    }
    ep.topic_count = ep.topics.len();
    ep.link_count = ep
        .topics
        .iter()
        .map(|t| t.url.iter().count() + t.links.len())
        .sum();
    ep
}

/// Groups placed files by episode, in episode order.
pub type Placed = BTreeMap<(u64, String), (String, Vec<(PathBuf, String)>)>;

/// Places every scanned markdown file; returns the grouping and, per file,
/// the episode it went to (`None` for unplaceable files).
pub fn place_all(
    files: &[(PathBuf, FileStamp)],
    warnings: &mut Vec<Warning>,
) -> (Placed, Vec<Option<String>>) {
    let mut placed: Placed = BTreeMap::new();
    let mut episodes = Vec::with_capacity(files.len());
    for (path, stamp) in files {
        if stamp.path == ALIAS_FILE {
            episodes.push(None);
            continue;
        }
        let ep = place(path, &stamp.path, warnings);
        if let Some(e) = &ep {
            placed
                .entry(episode_order(e))
                .or_insert_with(|| (e.clone(), Vec::new()))
                .1
                .push((path.clone(), stamp.path.clone()));
        }
        episodes.push(ep);
    }
    (placed, episodes)
}

/// Reads and parses every file of a notes directory into memory (tests and
/// benchmarks; ingest streams episode by episode instead).
pub fn load(data: &Path) -> Result<Corpus> {
    let Scan {
        files,
        mut warnings,
        ..
    } = scan(data)?;
    let aliases = load_aliases(data, &mut warnings);
    let (placed, _) = place_all(&files, &mut warnings);
    let episodes = placed
        .into_values()
        .map(|(e, fs)| build_episode(&e, &fs, &aliases, &mut warnings))
        .collect();
    Ok(Corpus {
        episodes,
        warnings,
        files: files.into_iter().map(|(_, s)| s).collect(),
    })
}

fn merge_header(ep: &mut Episode, h: EpisodeHeader, file: &str, warnings: &mut Vec<Warning>) {
    if ep.date.is_some() || ep.host.is_some() {
        warnings.push(Warning {
            file: file.into(),
            line: None,
            message: format!(
                "episode {} already has a header from another file; merged",
                ep.episode
            ),
        });
    }
    ep.date = ep.date.take().or(h.date);
    ep.date_raw = ep.date_raw.take().or(h.date_raw);
    ep.host = ep.host.take().or(h.host);
    ep.video = ep.video.take().or(h.video);
    for g in h.guests {
        if !ep.guests.contains(&g) {
            ep.guests.push(g);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn path_order_is_component_order() {
        let paths = [
            "a",
            "a/b",
            "a/b/c",
            "a-b/y",
            "a/x",
            "a.md",
            "a/b.md",
            "ab",
            "a0/z",
            "a/",
            "",
            "episodes/001/README.md",
            "episodes/001-private/README.md",
            "episodes/0010/x.md",
            "episodes/001/z/a.md",
            "résumé/a",
            "r/ésumé",
            "日本/a",
            "日本語",
            "Z/a",
            "z",
        ];
        for a in paths {
            for b in paths {
                assert_eq!(
                    path_order(a, b),
                    a.split('/').cmp(b.split('/')),
                    "{a:?} vs {b:?}"
                );
            }
        }
    }
}
