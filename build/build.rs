//! Builds the IPADIC dictionary that kn embeds, from a local MeCab IPADIC source.
//!
//! Why not `lindera-ipadic` with `embed-ipadic`: its build script downloads the
//! dictionary archive from the internet, which fails on machines (and CI) that
//! reach only the package registries. Debian ships the same IPADIC source as
//! `mecab-ipadic` (EUC-JP CSV files in `/usr/share/mecab/dic/ipadic`), so we
//! convert those files to UTF-8 and run lindera's own `DictionaryBuilder` with
//! lindera-ipadic's `metadata.json` (copied to `build/ipadic-metadata.json`).
//! The result lands in `$OUT_DIR/lindera-ipadic/` and `src/analysis/dictionary.rs`
//! embeds it with `lindera_dictionary::embedded_dictionary!`, exactly the way
//! lindera-ipadic does, so `kn` needs no dictionary files at run time.
//!
//! Source lookup order: `$KN_IPADIC_SRC`, then `/usr/share/mecab/dic/ipadic`.
//! Any unpacked `mecab-ipadic-2.7.0-*` directory works (EUC-JP or UTF-8).
//! `.ci/setup` installs the Debian package when it is missing.

use std::env;
use std::fs;
use std::path::{Path, PathBuf};

mod lexicon;

use lindera_dictionary::builder::DictionaryBuilder;
use lindera_dictionary::dictionary::metadata::Metadata;

const DEFAULT_SRC: &str = "/usr/share/mecab/dic/ipadic";
/// Debian's `edict` package: JMdict/EDICT and its computing dictionary.
const DEFAULT_EDICT: &str = "/usr/share/edict";

fn main() {
    println!("cargo:rerun-if-changed=build/build.rs");
    println!("cargo:rerun-if-changed=build/ipadic-metadata.json");
    println!("cargo:rerun-if-env-changed=KN_IPADIC_SRC");

    let out_dir = PathBuf::from(env::var_os("OUT_DIR").expect("cargo sets OUT_DIR"));
    // The embedded_dictionary! macro reads `$LINDERA_WORKDIR/lindera-ipadic/*`.
    println!("cargo:rustc-env=LINDERA_WORKDIR={}", out_dir.display());

    // Start-up: a position-independent kn spends most of `kn --version` in
    // the dynamic loader applying 32k relative relocations (callgrind: 53%
    // of its instructions). Linked as a plain executable those are resolved
    // at link time: `kn --version` 1.5 → 1.1 ms, next to /bin/true's 0.7.
    if env::var("CARGO_CFG_TARGET_OS").as_deref() == Ok("linux")
        && env::var("CARGO_CFG_TARGET_ENV").as_deref() == Ok("gnu")
    {
        println!("cargo:rustc-link-arg-bins=-no-pie");
        if hot_text_first(&out_dir) {
            unwinder_inside(&out_dir);
        }
    }

    if let Err(message) = build(&out_dir).and_then(|()| build_lexicon(&out_dir)) {
        // A build script can only fail loudly; make the one line say what to do.
        eprintln!("error: {message}");
        println!("cargo:warning={message}");
        std::process::exit(1);
    }
}

/// Start-up: the functions a search runs (`build/hot-text.txt`, written by
/// `build/hot-text.py` from callgrind runs) are laid out side by side, so
/// the kernel maps a search's code in fewer page faults (1x search 286 → 243
/// faults). Only lld reads a symbol ordering file; whether this toolchain
/// links with it is asked of the linker itself, with a one-line program and
/// the build's own flags, and without it kn links as before. Returns whether
/// the linker is lld.
fn hot_text_first(out_dir: &Path) -> bool {
    let order = Path::new(env!("CARGO_MANIFEST_DIR")).join("build/hot-text.txt");
    println!("cargo:rerun-if-changed={}", order.display());
    let args = [
        format!("-Wl,--symbol-ordering-file={}", order.display()),
        // Names the list has and the binary lacks (another toolchain, an
        // edit) are expected; the rest of the list still applies.
        "-Wl,--no-warn-symbol-ordering".to_string(),
    ];
    let link_args: Vec<String> = args.iter().map(|a| format!("-Clink-arg={a}")).collect();
    let lld = order.is_file() && linker_accepts(out_dir, &link_args);
    if lld {
        for arg in args {
            println!("cargo:rustc-link-arg-bins={arg}");
        }
    }
    lld
}

/// Start-up: Rust's unwinder (panics unwind so that kn can report them in
/// one line) comes from libgcc's static archive instead of `libgcc_s.so.1`,
/// as `gcc -static-libgcc` links C programs: one shared library fewer to
/// load, map and relocate (a Rust hello world: 299 K → 269 K instructions,
/// 71 → 62 page faults). The archive is named before the standard library
/// asks for `libgcc_s`; lld takes each symbol from the first library that
/// defines it, whatever the order of the references, so `libgcc_s` is left
/// with nothing to give and `--as-needed` drops it. Only with lld (GNU ld
/// reads archives in one pass) and only when a probe links with it.
fn unwinder_inside(out_dir: &Path) {
    if linker_accepts(out_dir, &["-lstatic=gcc_eh".to_string()]) {
        println!("cargo:rustc-link-lib=static:-bundle=gcc_eh");
    }
}

/// Links `fn main() {}` with extra rustc arguments the way this build links kn.
fn linker_accepts(out_dir: &Path, rustc_args: &[String]) -> bool {
    let probe = out_dir.join("link-probe.rs");
    if fs::write(&probe, "fn main() {}\n").is_err() {
        return false;
    }
    let mut rustc = std::process::Command::new(env::var_os("RUSTC").unwrap_or("rustc".into()));
    if let Ok(flags) = env::var("CARGO_ENCODED_RUSTFLAGS") {
        rustc.args(flags.split('\x1f').filter(|f| !f.is_empty()));
    }
    if let Some(target) = env::var_os("TARGET") {
        rustc.arg("--target").arg(target);
    }
    rustc
        .arg(&probe)
        .arg("-o")
        .arg(out_dir.join("link-probe"))
        .args(rustc_args)
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .status()
        .is_ok_and(|s| s.success())
}

fn build(out_dir: &Path) -> Result<(), String> {
    let src = env::var_os("KN_IPADIC_SRC")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(DEFAULT_SRC));
    if !src.join("matrix.def").is_file() {
        return Err(format!(
            "IPADIC source not found at {} (no matrix.def). Run `bash .ci/setup` \
             (installs Debian's mecab-ipadic) or set KN_IPADIC_SRC to an unpacked mecab-ipadic directory",
            src.display()
        ));
    }
    println!("cargo:rerun-if-changed={}", src.display());

    let output = out_dir.join("lindera-ipadic");
    let stamp = output.join("metadata.json");
    if stamp.is_file() {
        return Ok(());
    }

    // 1. Convert every .csv/.def file to UTF-8 (Debian's copy is EUC-JP).
    let utf8_src = out_dir.join("ipadic-utf8");
    let _ = fs::remove_dir_all(&utf8_src);
    fs::create_dir_all(&utf8_src).map_err(|e| format!("create {}: {e}", utf8_src.display()))?;
    let entries = fs::read_dir(&src).map_err(|e| format!("read {}: {e}", src.display()))?;
    for entry in entries {
        let path = entry.map_err(|e| e.to_string())?.path();
        let Some(ext) = path.extension().and_then(|e| e.to_str()) else {
            continue;
        };
        if ext != "csv" && ext != "def" {
            continue;
        }
        let bytes = fs::read(&path).map_err(|e| format!("read {}: {e}", path.display()))?;
        let text = decode(&bytes);
        let name = path.file_name().expect("read_dir entries have names");
        fs::write(utf8_src.join(name), text.as_bytes())
            .map_err(|e| format!("write {}: {e}", name.to_string_lossy()))?;
    }

    // 2. Build with lindera's builder and lindera-ipadic's metadata.
    let metadata_json = include_str!("ipadic-metadata.json");
    let metadata: Metadata =
        serde_json::from_str(metadata_json).map_err(|e| format!("ipadic metadata: {e}"))?;
    let tmp = out_dir.join("lindera-ipadic.tmp");
    let _ = fs::remove_dir_all(&tmp);
    DictionaryBuilder::new(metadata)
        .build_dictionary(&utf8_src, &tmp)
        .map_err(|e| format!("building IPADIC with lindera failed: {e}"))?;
    let _ = fs::remove_dir_all(&output);
    fs::rename(&tmp, &output).map_err(|e| format!("rename dictionary: {e}"))?;
    let _ = fs::remove_dir_all(&utf8_src);
    Ok(())
}

/// The Japanese ↔ English lexicon (`build/lexicon.rs`) from Debian's
/// `edict` (`$KN_EDICT_SRC`, then `/usr/share/edict`): `edict` and `compdic`,
/// EUC-JP. Keyed by the same Porter2 stems the index uses for English.
fn build_lexicon(out_dir: &Path) -> Result<(), String> {
    println!("cargo:rerun-if-changed=build/lexicon.rs");
    println!("cargo:rerun-if-env-changed=KN_EDICT_SRC");
    let src = env::var_os("KN_EDICT_SRC")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(DEFAULT_EDICT));
    let (edict, compdic) = (src.join("edict"), src.join("compdic"));
    if !edict.is_file() || !compdic.is_file() {
        return Err(format!(
            "EDICT not found at {} (no edict/compdic). Run `bash .ci/setup` \
             (installs Debian's edict) or set KN_EDICT_SRC to a directory holding edict and compdic",
            src.display()
        ));
    }
    println!("cargo:rerun-if-changed={}", edict.display());
    println!("cargo:rerun-if-changed={}", compdic.display());
    let read = |p: &Path| {
        fs::read(p)
            .map(|b| decode(&b))
            .map_err(|e| format!("read {}: {e}", p.display()))
    };
    let stemmer = rust_stemmers::Stemmer::create(rust_stemmers::Algorithm::English);
    let stem = |w: &str| stemmer.stem(w).into_owned();
    let edict = read(&edict)?;
    let blob = lexicon::build(&edict, &read(&compdic)?, &stem);
    let out = out_dir.join("lexicon.bin");
    fs::write(&out, blob).map_err(|e| format!("write {}: {e}", out.display()))?;
    let words = out_dir.join("english-words.txt");
    fs::write(&words, english_words(&edict)).map_err(|e| format!("write {}: {e}", words.display()))
}

/// Every English word EDICT's glosses use (lowercase letters, 3+ long),
/// sorted, one per line: what typo correction calls "a common word".
fn english_words(edict: &str) -> String {
    let mut words = std::collections::BTreeSet::new();
    for line in edict.lines().skip(1) {
        let Some((_, glosses)) = line.split_once('/') else {
            continue;
        };
        for w in glosses.split(|c: char| !c.is_ascii_alphabetic()) {
            if w.len() >= 3 && w.bytes().all(|b| b.is_ascii_lowercase()) {
                words.insert(w);
            }
        }
    }
    let mut out = String::new();
    for w in words {
        out.push_str(w);
        out.push('\n');
    }
    out
}

/// IPADIC sources come as EUC-JP (Debian, upstream tarball) or UTF-8 (lindera's
/// re-pack); take UTF-8 when it decodes cleanly, EUC-JP otherwise.
fn decode(bytes: &[u8]) -> String {
    match std::str::from_utf8(bytes) {
        Ok(s) => s.to_owned(),
        Err(_) => {
            let (text, _, _) = encoding_rs::EUC_JP.decode(bytes);
            text.into_owned()
        }
    }
}
