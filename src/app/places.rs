//! Where things live: the notes directory, the index, the configuration.
//!
//! Notes: `--data`/`KN_DATA`, else the directory `kn ingest DIR` remembered
//! in the configuration file, else the sample corpus — the checkout's `data/`
//! for a development build, or a copy of it embedded in the binary (written
//! out once to the platform data directory) for an installed `kn`.
//!
//! Index: `--index`/`KN_INDEX`, else `index/` beside the checkout's `data/`
//! for a development build, else a directory per notes directory under the
//! platform cache directory. kn never writes into a notes directory.

use std::fs;
use std::path::{Path, PathBuf};

use include_dir::{Dir, include_dir};
use serde::{Deserialize, Serialize};

use crate::cli::Global;
use crate::error::{Error, Result};

/// The sample notes, compiled in so that an installed `kn` works anywhere.
static SAMPLE: Dir<'_> = include_dir!("$CARGO_MANIFEST_DIR/data");

/// Where the notes directory came from, for `kn config` and messages.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Source {
    /// `--data` or `KN_DATA`.
    Flag,
    /// The configuration file (`kn ingest DIR` wrote it).
    Config,
    /// The checkout's `data/` (development build).
    Checkout,
    /// The sample corpus embedded in the binary.
    Embedded,
}

#[derive(Debug, Clone)]
pub struct Dirs {
    pub data: PathBuf,
    pub source: Source,
    pub index: PathBuf,
    pub config_file: PathBuf,
}

/// The configuration file's contents.
#[derive(Debug, Default, Serialize, Deserialize)]
pub struct Config {
    /// The default notes directory.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub data: Option<PathBuf>,
}

fn project() -> Option<directories::ProjectDirs> {
    directories::ProjectDirs::from("", "", "kn")
}

/// `KN_CONFIG`, else `config.toml` in the platform configuration directory.
pub fn config_file() -> PathBuf {
    if let Some(p) = std::env::var_os("KN_CONFIG") {
        return PathBuf::from(p);
    }
    project()
        .map(|p| p.config_dir().join("config.toml"))
        .unwrap_or_else(|| std::env::temp_dir().join("kn").join("config.toml"))
}

pub fn read_config(path: &Path) -> Result<Config> {
    match fs::read_to_string(path) {
        Ok(text) => toml::from_str(&text).map_err(|e| {
            Error::Invalid(format!(
                "configuration {} is not valid: {}",
                path.display(),
                e.message()
            ))
        }),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(Config::default()),
        Err(e) => Err(Error::io(path, e)),
    }
}

/// Remembers `data` as the default notes directory.
pub fn remember_data(path: &Path, data: &Path) -> Result<()> {
    let mut config = read_config(path)?;
    let canonical = fs::canonicalize(data).map_err(|e| Error::io(data, e))?;
    if config.data.as_deref() == Some(canonical.as_path()) {
        return Ok(());
    }
    config.data = Some(canonical);
    if let Some(dir) = path.parent() {
        fs::create_dir_all(dir).map_err(|e| Error::io(dir, e))?;
    }
    let text = toml::to_string(&config).map_err(|e| Error::Invalid(e.to_string()))?;
    crate::atomic_file::write(path, text.as_bytes()).map_err(|e| Error::io(path, e))
}

/// The checkout this binary was built from, when it runs from that
/// checkout's `target/` (a development build, `cargo run`).
fn checkout_root() -> Option<PathBuf> {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let exe = std::env::current_exe().ok()?;
    let exe = fs::canonicalize(exe).ok()?;
    let root = fs::canonicalize(root).ok()?;
    (exe.starts_with(&root) && root.join("data").is_dir()).then_some(root)
}

/// Writes the embedded sample out once (atomically) and returns its path.
fn embedded_sample() -> Result<PathBuf> {
    let base = project()
        .map(|p| p.data_dir().to_path_buf())
        .unwrap_or_else(|| std::env::temp_dir().join("kn"));
    let dir = base.join(format!("sample-{}", env!("CARGO_PKG_VERSION")));
    if dir.is_dir() {
        return Ok(dir);
    }
    fs::create_dir_all(&base).map_err(|e| Error::io(&base, e))?;
    let tmp = base.join(format!(".sample-{}", std::process::id()));
    let _ = fs::remove_dir_all(&tmp);
    write_dir(&SAMPLE, &tmp)?;
    match fs::rename(&tmp, &dir) {
        Ok(()) => Ok(dir),
        // Another kn wrote it first.
        Err(_) if dir.is_dir() => {
            let _ = fs::remove_dir_all(&tmp);
            Ok(dir)
        }
        Err(e) => Err(Error::io(&dir, e)),
    }
}

fn write_dir(dir: &Dir, to: &Path) -> Result<()> {
    fs::create_dir_all(to).map_err(|e| Error::io(to, e))?;
    for file in dir.files() {
        let path = to.join(file.path().file_name().expect("files have names"));
        fs::write(&path, file.contents()).map_err(|e| Error::io(&path, e))?;
    }
    for sub in dir.dirs() {
        let name = sub.path().file_name().expect("directories have names");
        write_dir(sub, &to.join(name))?;
    }
    Ok(())
}

/// Resolves the notes and index directories for a command.
pub fn resolve(global: &Global) -> Result<Dirs> {
    let config_file = config_file();
    // Asked only when needed: `--data DIR --index DIR` (scripts, benches)
    // should not pay for locating the executable on every search.
    let checkout = std::cell::OnceCell::new();
    let checkout = || checkout.get_or_init(checkout_root).as_ref();
    let (data, source) = match &global.data {
        Some(d) => (d.clone(), Source::Flag),
        None => match read_config(&config_file)?.data {
            Some(d) => (d, Source::Config),
            None => match checkout() {
                Some(root) => (root.join("data"), Source::Checkout),
                None => (embedded_sample()?, Source::Embedded),
            },
        },
    };
    if !data.is_dir() {
        return Err(match source {
            Source::Config => Error::Invalid(format!(
                "the notes directory {} (remembered in {}) is gone; run `kn ingest DIR` with the new place",
                data.display(),
                config_file.display()
            )),
            _ => Error::MissingData(data),
        });
    }
    let is_checkout_data =
        |root: &Path| fs::canonicalize(root.join("data")).ok() == fs::canonicalize(&data).ok();
    let index = match &global.index {
        Some(i) => i.clone(),
        None => match checkout() {
            Some(root) if is_checkout_data(root) => root.join("index"),
            _ => default_index(&data),
        },
    };
    Ok(Dirs {
        data,
        source,
        index,
        config_file,
    })
}

/// A cache directory per notes directory, named after it.
fn default_index(data: &Path) -> PathBuf {
    let canonical = fs::canonicalize(data).unwrap_or_else(|_| data.to_path_buf());
    let name = canonical
        .file_name()
        .map_or("notes".into(), |n| n.to_string_lossy().to_string());
    let hash = blake3::hash(canonical.display().to_string().as_bytes()).to_hex();
    let base = project()
        .map(|p| p.cache_dir().to_path_buf())
        .unwrap_or_else(|| std::env::temp_dir().join("kn"));
    base.join("indexes").join(format!("{name}-{}", &hash[..12]))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_embedded_sample_is_the_checkouts_data() {
        assert!(SAMPLE.get_file("episodes/004/README.md").is_some());
        let tmp = tempfile::tempdir().unwrap();
        write_dir(&SAMPLE, tmp.path()).unwrap();
        assert_eq!(
            fs::read(tmp.path().join("aliases.txt")).unwrap(),
            fs::read(Path::new(env!("CARGO_MANIFEST_DIR")).join("data/aliases.txt")).unwrap()
        );
    }

    #[test]
    fn config_round_trips_and_rejects_garbage() {
        let tmp = tempfile::tempdir().unwrap();
        let file = tmp.path().join("kn/config.toml");
        assert!(read_config(&file).unwrap().data.is_none());
        remember_data(&file, tmp.path()).unwrap();
        let data = read_config(&file).unwrap().data.unwrap();
        assert_eq!(data, fs::canonicalize(tmp.path()).unwrap());
        fs::write(&file, "data = [").unwrap();
        let err = read_config(&file).unwrap_err().to_string();
        assert!(err.contains("not valid"), "{err}");
    }
}
