//! Crash safety and concurrency: `kill -9` of `kn ingest` at 50 random
//! moments (full and incremental, alternating), a search while an ingest
//! runs, two ingests at once, and a lock left by a dead process.
//!
//! After every kill the index must open and answer exactly as it did before
//! the ingest or exactly as the finished ingest would (never a mix), and the
//! next ingest must recover without help.

mod testenv;

use std::collections::BTreeSet;
use std::fs;
use std::path::Path;
use std::time::{Duration, Instant};

use kn::analysis::Synonyms;
use kn::index::{IndexHandle, Store};
use kn::notes::Aliases;
use kn::search::{Engine, SearchOptions};
use testenv::{TestEnv, json, run};

const EPISODES: usize = 40;

/// Notes in two versions: `b` changes a third of the episodes, deletes a
/// few and adds new ones, so an ingest from one to the other has real work.
fn write_state(notes: &Path, b: bool) {
    let eps = notes.join("episodes");
    let _ = fs::remove_dir_all(&eps);
    for n in 1..=EPISODES + 5 {
        let exists = if b { n > 3 } else { n <= EPISODES };
        if !exists {
            continue;
        }
        let word = if b && n % 3 == 0 {
            "betaword"
        } else {
            "alphaword"
        };
        let mut text = format!(
            "# kubenews #{n:03}\n\n- 日時: 2021-{:02}-{:02}\n\n### @presenter{}\n",
            1 + n % 12,
            1 + n % 28,
            n % 5
        );
        for t in 0..12 {
            text.push_str(&format!(
                "#### [{word} topic {n}-{t} コンテナの監視](https://example.com/{n}/{t})\n\
                 Kubernetesのネットワークと{word}の話題。eBPFでobservabilityを高める方法を紹介しました。\n\n"
            ));
        }
        let dir = eps.join(format!("{n:03}"));
        fs::create_dir_all(&dir).unwrap();
        fs::write(dir.join("README.md"), text).unwrap();
    }
}

/// What the index answers: topic count and the URLs found for each word.
type Answers = (usize, BTreeSet<String>, BTreeSet<String>);

fn answers(index: &Path) -> Answers {
    let store = Store::new(index);
    let handle = IndexHandle::open(&store)
        .expect("the index opens")
        .expect("there is an index");
    let aliases = Aliases::builtin();
    let synonyms = Synonyms::builtin();
    let engine = Engine::new(&handle, &aliases, &synonyms);
    let opts = SearchOptions {
        limit: 10_000,
        group: false,
        exact: true,
        ..Default::default()
    };
    let urls = |q: &str| -> BTreeSet<String> {
        engine
            .search(q, &opts)
            .expect("search works")
            .hits
            .into_iter()
            .filter_map(|h| h.topic.url)
            .collect()
    };
    (handle.manifest.topics, urls("alphaword"), urls("betaword"))
}

/// A tiny deterministic generator for the kill delays.
struct Lcg(u64);
impl Lcg {
    fn next(&mut self) -> f64 {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        (self.0 >> 11) as f64 / (1u64 << 53) as f64
    }
}

fn ingest_cmd(env: &TestEnv, rebuild: bool) -> std::process::Command {
    let mut cmd = std::process::Command::new(assert_cmd::cargo::cargo_bin("kn"));
    cmd.env("KN_DATA", env.notes())
        .env("KN_INDEX", env.index())
        .env("HOME", env.dir.path())
        .arg("ingest")
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null());
    if rebuild {
        cmd.arg("--rebuild");
    }
    cmd
}

#[test]
fn kill_nine_at_fifty_moments_never_loses_the_index() {
    let env = TestEnv::new();
    // Reference answers of both states, from clean full ingests.
    let mut expected = Vec::new();
    let mut durations = Vec::new();
    for b in [false, true] {
        write_state(&env.notes(), b);
        let t = Instant::now();
        let status = ingest_cmd(&env, true).status().unwrap();
        assert!(status.success());
        durations.push(t.elapsed());
        expected.push(answers(&env.index()));
    }
    assert_ne!(expected[0], expected[1]);
    assert!(expected[0].1.len() > 100 && !expected[1].2.is_empty());
    // The index now holds state B; the notes are B.
    let mut committed = 1usize;
    let slowest = durations.iter().max().unwrap().as_secs_f64();
    let mut rng = Lcg(0x6b6e);
    let mut outcomes = [0usize; 2]; // [old kept, new committed]
    let mut on_disk = 1usize;
    for round in 0..50 {
        let target = 1 - committed;
        on_disk = target;
        write_state(&env.notes(), target == 1);
        let rebuild = round % 2 == 0;
        let mut child = ingest_cmd(&env, rebuild).spawn().unwrap();
        std::thread::sleep(Duration::from_secs_f64(rng.next() * slowest * 1.2));
        let _ = child.kill(); // SIGKILL
        let _ = child.wait();
        let now = answers(&env.index());
        if now == expected[committed] {
            outcomes[0] += 1;
        } else if now == expected[target] {
            outcomes[1] += 1;
            committed = target;
        } else {
            panic!(
                "round {round} ({}): index is neither the old nor the new state: {} topics",
                if rebuild { "full" } else { "incremental" },
                now.0
            );
        }
    }
    eprintln!(
        "50 kills: previous index kept {} times, ingest had committed {} times",
        outcomes[0], outcomes[1]
    );
    // Recovery without manual steps: the next ingest finishes and cleans up.
    let (code, _, err) = run(env.kn().arg("ingest"));
    assert_eq!(code, 0, "{err}");
    assert_eq!(answers(&env.index()), expected[on_disk]);
    let leftovers: Vec<String> = fs::read_dir(env.index())
        .unwrap()
        .flatten()
        .map(|e| e.file_name().to_string_lossy().to_string())
        .filter(|n| n.starts_with("tmp-") || n.starts_with(".kn-tmp-") || n.contains(".tmp"))
        .collect();
    assert!(leftovers.is_empty(), "left behind: {leftovers:?}");
    // The killed ingests' lock file stays, unlocked: the kernel released
    // the lock with each process (the ingest above could take it).
    assert!(env.index().join(".lock").is_file());
}

#[test]
fn search_during_ingest_answers_from_one_consistent_index() {
    let env = TestEnv::new();
    write_state(&env.notes(), false);
    assert!(ingest_cmd(&env, true).status().unwrap().success());
    let lock = env.index().join(".lock");
    // Ingests from one state to the other until searches have run inside
    // one (a fast machine may finish an ingest before a search starts).
    let mut overlapped = 0;
    for round in 0..10 {
        let old = answers(&env.index());
        write_state(&env.notes(), round % 2 == 0);
        let mut child = ingest_cmd(&env, false)
            .stderr(std::process::Stdio::piped())
            .spawn()
            .unwrap();
        // Searches start once this ingest holds the lock (the file names
        // its holder): a search that came first would find the notes
        // changed and start that ingest itself.
        let pid = child.id().to_string();
        let start = Instant::now();
        while fs::read_to_string(&lock).is_ok_and(|p| p.trim() != pid)
            && child.try_wait().unwrap().is_none()
            && start.elapsed() < Duration::from_secs(30)
        {
            std::thread::sleep(Duration::from_millis(1));
        }
        let mut seen = BTreeSet::new();
        while child.try_wait().unwrap().is_none() {
            let (code, out, err) = run(env.kn().args([
                "search",
                "betaword",
                "--json",
                "--limit",
                "1000",
                "--no-group",
            ]));
            assert!(code == 0 || code == 1, "search failed during ingest: {err}");
            seen.insert(json(&out).as_array().unwrap().len());
            // Counted only when the ingest was still running at its end.
            if child.try_wait().unwrap().is_none() {
                overlapped += 1;
            }
        }
        let done = child.wait_with_output().unwrap();
        assert!(
            done.status.success(),
            "ingest failed: {}",
            String::from_utf8_lossy(&done.stderr)
        );
        let new = answers(&env.index());
        // Every answer was the old or the new state, never a mix.
        let allowed: BTreeSet<usize> = [old.2.len(), new.2.len()].into();
        assert!(
            seen.is_subset(&allowed),
            "saw {seen:?}, allowed {allowed:?}"
        );
        if overlapped >= 3 {
            break;
        }
    }
    assert!(overlapped > 0, "no search ran during an ingest");
}

#[test]
fn a_second_ingest_is_refused_while_one_runs() {
    let env = TestEnv::new();
    write_state(&env.notes(), false);
    let mut first = ingest_cmd(&env, true).spawn().unwrap();
    let lock = env.index().join(".lock");
    let start = Instant::now();
    while !lock.exists() && start.elapsed() < Duration::from_secs(30) {
        std::thread::sleep(Duration::from_millis(2));
    }
    let (code, _, err) = run(env.kn().args(["ingest", "--rebuild"]));
    let finished_first = first.try_wait().unwrap().is_some();
    assert!(first.wait().unwrap().success());
    if finished_first {
        eprintln!("the first ingest finished before the second started; nothing to refuse");
    } else {
        assert_eq!(code, 2, "{err}");
        let expected = format!("index is being updated by pid {} (", first.id());
        assert!(err.contains(&expected), "{err}");
        assert_eq!(err.trim().lines().count(), 1, "one line: {err}");
    }
    // The index is intact either way.
    assert!(answers(&env.index()).0 > 0);
}

#[test]
fn a_lock_left_by_a_dead_process_is_cleared() {
    let env = TestEnv::new();
    write_state(&env.notes(), false);
    assert!(ingest_cmd(&env, true).status().unwrap().success());
    // A pid that cannot be running (beyond Linux's pid_max).
    fs::write(env.index().join(".lock"), "4194305\n").unwrap();
    write_state(&env.notes(), true);
    let (code, _, err) = run(env.kn().arg("ingest"));
    assert_eq!(code, 0, "{err}");
    assert!(!answers(&env.index()).2.is_empty());
    // The file now names the ingest that last held it.
    let pid = fs::read_to_string(env.index().join(".lock")).unwrap();
    assert_ne!(pid.trim(), "4194305");
}
