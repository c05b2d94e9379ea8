//! Incremental ingest must give exactly what a full rebuild gives, after any
//! sequence of additions, edits, moves and deletions; the real history of the
//! kubenews notes (`../shared/corpus/kubenews-history.jsonl`) is replayed
//! when present.

use std::fs;
use std::path::{Path, PathBuf};

use kn::index::{IndexHandle, IngestOptions, Mode, Store, ingest};

mod testenv;
use testenv::{TestEnv, run};

/// Everything `show --json` would print for every episode, as one string.
fn dump(index: &Path) -> String {
    let handle = IndexHandle::open(&Store::new(index)).unwrap().unwrap();
    let mut out = String::new();
    for ep in handle.episodes().unwrap() {
        let topics = handle.episode_topics(&ep).unwrap();
        out.push_str(&kn::render::json::show(
            &ep,
            &topics,
            kn::render::json::JsonForm::Pretty,
        ));
        out.push('\n');
    }
    out.push_str(&format!(
        "totals {} {} {}\n",
        handle.manifest.episodes, handle.manifest.topics, handle.manifest.links
    ));
    // Every topic document the index holds, whatever the per-episode reads
    // above were limited to (a document an incremental ingest forgot to
    // delete shows here).
    let mut docs = Vec::new();
    handle
        .for_each_topic(|t| {
            docs.push(format!("{} {} {}:{}", t.episode, t.id, t.file, t.line));
            Ok(())
        })
        .unwrap()
        .unwrap();
    docs.sort();
    out.push_str(&format!(
        "{} topic documents\n{}\n",
        docs.len(),
        docs.join("\n")
    ));
    out
}

/// Segment files (`<32 hex digits>.<ext>`) in the live generation whose
/// segment `meta.json` does not list.
fn stray_segment_files(index: &Path) -> Vec<String> {
    let generation = Store::new(index).current().unwrap().unwrap();
    let meta: serde_json::Value =
        serde_json::from_slice(&fs::read(generation.join("meta.json")).unwrap()).unwrap();
    let live: Vec<String> = meta["segments"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["segment_id"].as_str().unwrap().replace('-', ""))
        .collect();
    assert!(!live.is_empty());
    let mut stray: Vec<String> = fs::read_dir(&generation)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|name| {
            let id = name.split('.').next().unwrap_or("");
            id.len() == 32
                && id.bytes().all(|b| b.is_ascii_hexdigit())
                && !live.iter().any(|l| l == id)
        })
        .collect();
    stray.sort();
    stray
}

struct Replay {
    _tmp: tempfile::TempDir,
    notes: PathBuf,
    live: PathBuf,
    fresh: PathBuf,
}

impl Replay {
    fn new() -> Self {
        let tmp = tempfile::tempdir().unwrap();
        let notes = tmp.path().join("notes");
        fs::create_dir_all(&notes).unwrap();
        Self {
            live: tmp.path().join("live"),
            fresh: tmp.path().join("fresh"),
            notes,
            _tmp: tmp,
        }
    }

    fn write(&self, rel: &str, text: Option<&str>) {
        let path = self.notes.join(rel);
        match text {
            Some(t) => {
                fs::create_dir_all(path.parent().unwrap()).unwrap();
                fs::write(&path, t).unwrap();
            }
            None => {
                let _ = fs::remove_file(&path);
            }
        }
    }

    /// Incremental ingest of the live index, full rebuild of a fresh one,
    /// and the two must agree. Returns the live ingest's mode.
    fn check(&self, step: &str) -> Mode {
        let live = ingest(
            &self.notes,
            &Store::new(&self.live),
            &IngestOptions::default(),
        )
        .unwrap();
        let _ = fs::remove_dir_all(&self.fresh);
        ingest(
            &self.notes,
            &Store::new(&self.fresh),
            &IngestOptions {
                rebuild: true,
                ..Default::default()
            },
        )
        .unwrap();
        assert_eq!(
            stray_segment_files(&self.live),
            Vec::<String>::new(),
            "{step}: files of segments the index no longer uses"
        );
        let (a, b) = (dump(&self.live), dump(&self.fresh));
        if a != b {
            let first = a
                .lines()
                .zip(b.lines())
                .position(|(x, y)| x != y)
                .unwrap_or(0);
            panic!(
                "{step}: incremental index differs from a full rebuild at line {first}:\n  incremental: {:?}\n  full:        {:?}",
                a.lines().nth(first),
                b.lines().nth(first)
            );
        }
        live.mode
    }
}

#[test]
fn edits_moves_and_deletions_match_a_full_rebuild() {
    let r = Replay::new();
    r.write(
        "episodes/001/README.md",
        Some("# 001\n- Recording date: 2022-01-07\n### @alice\n- [A](https://a.example/)\n"),
    );
    r.write(
        "resource/kubenews_1/bob.md",
        Some("- [B](https://b.example/)\n"),
    );
    assert_eq!(r.check("first"), Mode::Full);
    assert_eq!(r.check("unchanged"), Mode::UpToDate);

    // The header's date changes: topics in the resource file must follow.
    r.write(
        "episodes/001/README.md",
        Some("# 001\n- Recording date: 2022-01-08\n### @alice\n- [A](https://a.example/)\n"),
    );
    assert_eq!(
        r.check("date edit"),
        Mode::Incremental {
            changed_files: 1,
            episodes: 1
        }
    );

    r.write(
        "episodes/002/README.md",
        Some("# 002\n- Recording date: 2022-01-14\n### @carol\n#### [C](https://c.example/)\n"),
    );
    assert!(matches!(
        r.check("new episode"),
        Mode::Incremental { episodes: 1, .. }
    ));

    // A file whose episode comes from its first heading moves between episodes.
    r.write(
        "notes/extra.md",
        Some("# 001\n### @dave\n- [D](https://d.example/)\n"),
    );
    r.check("placed by heading");
    r.write(
        "notes/extra.md",
        Some("# 002\n### @dave\n- [D](https://d.example/)\n"),
    );
    assert!(matches!(
        r.check("moved"),
        Mode::Incremental { episodes: 2, .. }
    ));

    r.write("resource/kubenews_1/bob.md", None);
    r.check("deleted file");
    r.write("episodes/002/README.md", None);
    r.check("episode left with a heading-placed file only");
    r.write("notes/extra.md", None);
    r.check("episode gone");
    r.write("misc/unplaceable.md", Some("no heading at all\n"));
    r.check("unplaceable file");

    // A new alias table changes presenters everywhere: full rebuild.
    r.write("aliases.txt", Some("alice: al\n"));
    assert_eq!(r.check("aliases"), Mode::Full);
}

#[test]
fn real_history_replay_matches_a_full_rebuild_at_every_step() {
    let history =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/corpus/kubenews-history.jsonl");
    let Ok(text) = fs::read_to_string(&history) else {
        eprintln!("skipped: ../shared/corpus/kubenews-history.jsonl is absent");
        return;
    };
    let r = Replay::new();
    let mut steps = 0;
    for line in text.lines().filter(|l| !l.trim().is_empty()) {
        let change: serde_json::Value = serde_json::from_str(line).unwrap();
        let path = change["path"].as_str().unwrap();
        if !path.ends_with(".md") {
            continue;
        }
        r.write(path, change["content"].as_str());
        r.check(&format!("change {} ({path})", change["seq"]));
        steps += 1;
    }
    eprintln!("{steps} history steps replayed; incremental == full rebuild after each");
    assert!(steps > 100);
}

/// A same-size edit that keeps the old mtime (as a second save within one
/// timestamp tick does) is still noticed, by the search and by the ingest.
#[test]
fn racy_same_size_same_mtime_edit_is_noticed() {
    let r = Replay::new();
    let rel = "episodes/001/README.md";
    r.write(
        rel,
        Some("# 001\n### @alice\n- [Alpha](https://a.example/one)\n"),
    );
    r.check("first");
    let path = r.notes.join(rel);
    let mtime = fs::metadata(&path).unwrap().modified().unwrap();
    r.write(
        rel,
        Some("# 001\n### @alice\n- [Omega](https://a.example/two)\n"),
    );
    fs::File::options()
        .write(true)
        .open(&path)
        .unwrap()
        .set_modified(mtime)
        .unwrap();
    assert_eq!(fs::metadata(&path).unwrap().modified().unwrap(), mtime);

    let handle = IndexHandle::open(&Store::new(&r.live)).unwrap().unwrap();
    let stale = kn::index::freshness::staleness(&handle.dir, &handle.manifest, &r.notes).unwrap();
    assert!(stale.is_some(), "search must notice the edit");
    assert!(matches!(r.check("racy edit"), Mode::Incremental { .. }));
    assert!(dump(&r.live).contains("Omega"));
}

/// Episodes 001..=`count`, one topic each, linking to `https://{host}/N`.
fn write_episodes(notes: &Path, count: usize, host: &str) {
    for n in 1..=count {
        let dir = notes.join(format!("episodes/{n:03}"));
        fs::create_dir_all(&dir).unwrap();
        fs::write(
            dir.join("README.md"),
            format!("# {n:03}\n### @alice\n- [Topic {n}](https://{host}/{n})\n"),
        )
        .unwrap();
    }
}

/// A bulk change just before the ingest (`git pull && kn ingest`): more
/// files are racy than the payload can list. The ingest settles them (waits
/// out the racy window and re-reads them), so searches afterwards compare
/// stamps, never contents — and still notice a later edit.
#[test]
fn a_corpus_written_just_before_its_ingest_is_settled() {
    let tmp = tempfile::tempdir().unwrap();
    let notes = tmp.path().join("notes");
    write_episodes(&notes, 120, "bulk.example");
    let store = Store::new(tmp.path().join("index"));
    ingest(&notes, &store, &IngestOptions::default()).unwrap();
    let handle = IndexHandle::open(&store).unwrap().unwrap();
    assert_eq!(handle.manifest.files, 120);
    // Every file was racy when read; none is left to hash on each search.
    let racy = handle.manifest.racy.clone().expect("racy files listed");
    assert!(racy.is_empty(), "{} files still racy", racy.len());
    let stale = kn::index::freshness::staleness(&handle.dir, &handle.manifest, &notes).unwrap();
    assert_eq!(stale, None);
    // A later edit changes the stamp and is noticed.
    fs::write(
        notes.join("episodes/007/README.md"),
        "# 007\n### @alice\n- [Changed](https://bulk.example/changed)\n",
    )
    .unwrap();
    let stale = kn::index::freshness::staleness(&handle.dir, &handle.manifest, &notes).unwrap();
    assert!(stale.is_some());
}

/// The stamp digest a full freshness check compares: the same for the same
/// files in any order, different when one stamp changes.
#[test]
fn stamp_digest_ignores_order_and_sees_one_changed_stamp() {
    use kn::corpus::FileStamp;
    use kn::index::freshness::stamps_digest;
    let stamp = |path: &str, mtime_ns| FileStamp {
        path: path.into(),
        size: 10,
        mtime_ns,
    };
    let files = vec![stamp("a.md", 1), stamp("b/c.md", 2), stamp("d.md", 3)];
    let reversed: Vec<FileStamp> = files.iter().rev().cloned().collect();
    assert_eq!(stamps_digest(&files), stamps_digest(&reversed));
    let mut touched = files.clone();
    touched[1].mtime_ns = 4;
    assert_ne!(stamps_digest(&files), stamps_digest(&touched));
    assert_ne!(stamps_digest(&files), stamps_digest(&files[..2]));
}

/// A large corpus (more files than every search compares) edited in place
/// where no probe looks: the search that finds the periodic full check due
/// answers at once from the index it has, a background `kn __verify` finds
/// the edit, and the next search re-indexes and finds the new text.
#[test]
fn a_large_corpus_is_fully_checked_in_the_background() {
    let env = TestEnv::new_empty();
    let old = std::time::SystemTime::UNIX_EPOCH + std::time::Duration::from_secs(1_600_000_000);
    let mut n = 0u64;
    for ep in 1..=30 {
        for f in 0..70 {
            let rel = format!("episodes/{ep:03}/part{f:02}.md");
            env.write(
                &rel,
                &format!("### @alice\n- [Part {ep} {f}](https://large.example/{ep}/{f})\n"),
            );
            // Distinct old times: the newest files (the probes) are in the
            // last episode; episode 001 holds the oldest.
            let file = fs::File::options()
                .write(true)
                .open(env.notes().join(&rel))
                .unwrap();
            file.set_modified(old + std::time::Duration::from_secs(n))
                .unwrap();
            n += 1;
        }
    }
    let (code, _, err) = run(env.kn().arg("ingest"));
    assert_eq!(code, 0, "{err}");

    // Edited in place (same inode: its directory's mtime does not change).
    let edited = env.notes().join("episodes/001/part00.md");
    fs::write(
        &edited,
        "### @alice\n- [Quokkaworthy](https://large.example/q)\n",
    )
    .unwrap();
    let file = fs::File::options().write(true).open(&edited).unwrap();
    file.set_modified(old).unwrap();

    let generation = fs::read_dir(env.index())
        .unwrap()
        .flatten()
        .map(|e| e.path())
        .find(|p| p.file_name().unwrap().to_string_lossy().starts_with("gen-"))
        .expect("a generation directory");
    // Make the periodic full check due.
    let _ = fs::remove_file(generation.join("last-full-check"));

    let (code, _, err) = run(env.kn().args(["search", "quokkaworthy"]));
    assert_eq!(code, 1, "answered from the index as it was: {err}");
    assert!(!err.contains("indexing"), "{err}");

    let marker = generation.join("stale");
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(120);
    while !marker.exists() && std::time::Instant::now() < deadline {
        std::thread::sleep(std::time::Duration::from_millis(50));
    }
    let recorded = fs::read_to_string(&marker).expect("the background check recorded the edit");
    assert!(recorded.contains("episodes/001/part00.md"), "{recorded}");

    let (code, out, err) = run(env.kn().args(["search", "quokkaworthy"]));
    assert_eq!(code, 0, "{err}");
    assert!(
        err.contains("notes changed (episodes/001/part00.md)"),
        "{err}"
    );
    assert!(out.contains("Quokkaworthy"), "{out}");
}

/// Files written just before an ingest are compared by content on each
/// search only until their racy window has passed: the first search after
/// it records them clean, later ones compare stamps, and an edit after
/// that is still noticed.
#[test]
fn racy_files_are_recorded_clean_once_their_window_has_passed() {
    let tmp = tempfile::tempdir().unwrap();
    let notes = tmp.path().join("notes");
    write_episodes(&notes, 3, "racy.example");
    let store = Store::new(tmp.path().join("index"));
    ingest(&notes, &store, &IngestOptions::default()).unwrap();
    let handle = IndexHandle::open(&store).unwrap().unwrap();
    let racy = handle.manifest.racy.clone().expect("racy files listed");
    assert_eq!(racy.len(), 3, "all three were written just before");
    let marker = handle.dir.join("racy-clean.json");
    let stale = kn::index::freshness::staleness(&handle.dir, &handle.manifest, &notes).unwrap();
    assert_eq!(stale, None);
    assert!(!marker.exists(), "recorded clean inside the racy window");

    std::thread::sleep(std::time::Duration::from_millis(2100));
    let stale = kn::index::freshness::staleness(&handle.dir, &handle.manifest, &notes).unwrap();
    assert_eq!(stale, None);
    let recorded = fs::read_to_string(&marker).expect("recorded clean after the window");
    assert!(recorded.contains("episodes/002/README.md"), "{recorded}");
    assert_eq!(
        kn::index::freshness::staleness(&handle.dir, &handle.manifest, &notes).unwrap(),
        None
    );

    fs::write(
        notes.join("episodes/002/README.md"),
        "# 002\n### @alice\n- [Edited](https://racy.example/edited)\n",
    )
    .unwrap();
    let stale = kn::index::freshness::staleness(&handle.dir, &handle.manifest, &notes).unwrap();
    assert!(
        stale
            .as_deref()
            .is_some_and(|s| s.contains("episodes/002/README.md")),
        "{stale:?}"
    );
}

/// What a search's freshness check says of the live index in `store`.
fn staleness_now(store: &Store, notes: &Path) -> Option<String> {
    let h = IndexHandle::open(store).unwrap().unwrap();
    kn::index::freshness::staleness(&h.dir, &h.manifest, notes).unwrap()
}

/// Sets the mtime of every file and directory under `root` an hour back, as
/// a notes tree looks long after it was written.
fn backdate(root: &Path) {
    let past = std::time::SystemTime::now() - std::time::Duration::from_secs(3600);
    for e in walkdir::WalkDir::new(root).contents_first(true) {
        let e = e.unwrap();
        fs::File::open(e.path())
            .unwrap()
            .set_modified(past)
            .unwrap();
    }
}

/// A small corpus is checked on every search by the stamps of its
/// directories and files, without walking it (see `freshness::small_check`):
/// an edit in place leaves every directory stamp as it was and must still
/// be seen; an addition, a removal and a rename change a directory's stamp,
/// and the walk behind that must find them.
#[test]
fn a_small_corpus_sees_every_change_by_its_stamps() {
    let tmp = tempfile::tempdir().unwrap();
    let notes = tmp.path().join("notes");
    write_episodes(&notes, 3, "small.example");
    backdate(&notes);
    let store = Store::new(tmp.path().join("index"));
    let fresh = |notes: &Path| staleness_now(&store, notes);
    let reingest = || {
        backdate(&notes);
        ingest(&notes, &store, &IngestOptions::default()).unwrap();
    };
    reingest();
    let h = IndexHandle::open(&store).unwrap().unwrap();
    let state = kn::index::manifest::read_state(&h.dir, &h.manifest).unwrap();
    // The root, episodes/ and one directory per episode.
    assert_eq!(state.dirs.len(), 5, "{:?}", state.dirs);
    assert_eq!(fresh(&notes), None);

    // In place, same size, new mtime: no directory changes.
    let file = notes.join("episodes/002/README.md");
    let text = fs::read_to_string(&file)
        .unwrap()
        .replace("Topic 2", "Topic X");
    fs::write(&file, text).unwrap();
    assert_eq!(
        fresh(&notes).as_deref(),
        Some("notes changed (episodes/002/README.md)")
    );
    reingest();
    assert_eq!(fresh(&notes), None);

    // Added beside an existing file.
    fs::write(
        notes.join("episodes/002/extra.md"),
        "- [More](https://small.example/m)\n",
    )
    .unwrap();
    assert!(fresh(&notes).is_some_and(|r| r.contains("episodes/002/extra.md")));
    reingest();
    assert_eq!(fresh(&notes), None);

    // Removed.
    fs::remove_file(notes.join("episodes/002/extra.md")).unwrap();
    assert!(fresh(&notes).is_some());
    reingest();
    assert_eq!(fresh(&notes), None);

    // A whole episode renamed.
    fs::rename(notes.join("episodes/003"), notes.join("episodes/004")).unwrap();
    assert!(fresh(&notes).is_some());
}

/// A notes directory reached through a symbolic link: its own stamp is the
/// target's, so a file added at its top is seen like any other.
#[cfg(unix)]
#[test]
fn a_linked_notes_directory_sees_a_new_top_level_file() {
    let tmp = tempfile::tempdir().unwrap();
    let real = tmp.path().join("real");
    write_episodes(&real, 2, "linked.example");
    backdate(&real);
    let notes = tmp.path().join("notes");
    std::os::unix::fs::symlink(&real, &notes).unwrap();
    let store = Store::new(tmp.path().join("index"));
    ingest(&notes, &store, &IngestOptions::default()).unwrap();
    let fresh = || staleness_now(&store, &notes);
    assert_eq!(fresh(), None);
    fs::write(
        real.join("extra.md"),
        "- [Top](https://linked.example/top)\n",
    )
    .unwrap();
    assert_eq!(fresh().as_deref(), Some("notes changed (extra.md)"));
}
