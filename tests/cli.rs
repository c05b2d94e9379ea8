//! The real `kn` binary on small fixtures: search, show, --json, exit codes,
//! errors, and the automatic (re)ingest.

mod testenv;

use std::fs;

use predicates::prelude::*;
use testenv::{TestEnv, run};

fn zero_scores(mut v: serde_json::Value) -> serde_json::Value {
    if let Some(items) = v.as_array_mut() {
        for item in items {
            assert!(item["score"].as_f64().unwrap() > 0.0);
            item["score"] = serde_json::json!(0.0);
        }
    }
    v
}

#[test]
fn first_search_ingests_and_says_so_then_reuses_the_index() {
    let env = TestEnv::new();
    let (code, out, err) = run(env.kn().args(["search", "ebpf"]));
    assert_eq!(code, 0, "{err}");
    assert!(err.contains("indexing"), "{err}");
    assert!(out.contains("eBPFで始める"), "{out}");
    let (code, _, err) = run(env.kn().args(["search", "ebpf"]));
    assert_eq!(code, 0);
    assert!(
        !err.contains("indexing"),
        "second search must not re-ingest: {err}"
    );
}

#[test]
fn search_table_snapshot() {
    let env = TestEnv::new();
    let (code, out, _) = run(env.kn().args(["search", "ebpf"]));
    assert_eq!(code, 0);
    insta::assert_snapshot!("search_ebpf_table", out);
}

#[test]
fn search_json_snapshot() {
    let env = TestEnv::new();
    let (code, out, _) = run(env.kn().args(["search", "--json", "containerd"]));
    assert_eq!(code, 0);
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    insta::assert_json_snapshot!("search_runtime_json", zero_scores(v));
}

#[test]
fn no_results_exit_1_and_empty_json_array() {
    let env = TestEnv::new();
    env.kn()
        .args(["search", "zzzznothing"])
        .assert()
        .code(1)
        .stdout("");
    env.kn()
        .args(["search", "--json", "zzzznothing"])
        .assert()
        .code(1)
        .stdout("[]\n");
}

#[test]
fn presenter_filter_applies_aliases() {
    let env = TestEnv::new();
    let (code, out, _) =
        run(env
            .kn()
            .args(["search", "--json", "--presenter", "bob_tw", "example"]));
    assert_eq!(code, 0);
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    let arr = v.as_array().unwrap();
    assert!(!arr.is_empty());
    assert!(arr.iter().all(|r| r["presenter"] == "bob"), "{out}");
    // Same person under another spelling: alice_dev is alice.
    let (_, out, _) = run(env
        .kn()
        .args(["search", "--json", "-p", "alice_dev", "gatekeeper"]));
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v[0]["presenter"], "alice");
}

#[test]
fn episode_filter_accepts_unpadded_numbers() {
    let env = TestEnv::new();
    let (code, out, _) = run(env
        .kn()
        .args(["search", "--json", "--episode", "2", "ebpf"]));
    assert_eq!(code, 0);
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert!(
        v.as_array().unwrap().iter().all(|r| r["episode"] == "002"),
        "{out}"
    );
    env.kn()
        .args(["search", "--episode", "1", "istio"])
        .assert()
        .code(1);
}

#[test]
fn limit_caps_results() {
    let env = TestEnv::new();
    let (_, out, _) = run(env.kn().args(["search", "--json", "-n", "1", "example"]));
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v.as_array().unwrap().len(), 1);
}

#[test]
fn show_table_and_json_snapshots() {
    let env = TestEnv::new();
    let (code, out, _) = run(env.kn().args(["show", "1"]));
    assert_eq!(code, 0);
    insta::assert_snapshot!("show_001_table", out);
    let (code, out, _) = run(env.kn().args(["show", "002", "--json"]));
    assert_eq!(code, 0);
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    insta::assert_json_snapshot!("show_002_json", v);
}

#[test]
fn show_json_keeps_every_fixture_url() {
    let env = TestEnv::new();
    let (_, out, _) = run(env.kn().args(["show", "1", "--json"]));
    for url in [
        "https://video.example/ep1",
        "https://twitter.com/dave_k8s",
        "https://blog.example.com/ebpf-observability",
        "https://ebpf.example.org/what-is-ebpf",
        "https://slides.example/runtime",
        "https://k8s.example/release-1-23",
    ] {
        assert!(out.contains(url), "{url} missing from show 1 --json");
    }
}

#[test]
fn unknown_episode_lists_existing_ones() {
    let env = TestEnv::new();
    let (code, out, err) = run(env.kn().args(["show", "99"]));
    assert_eq!(code, 2);
    assert_eq!(out, "");
    assert_eq!(
        err.lines()
            .filter(|l| !l.starts_with("kn: index") && !l.starts_with("kn: run"))
            .count(),
        1,
        "{err}"
    );
    assert!(
        err.contains("no episode 99") && err.contains("001, 002"),
        "{err}"
    );
}

#[test]
fn missing_data_dir_is_one_line_exit_2() {
    let env = TestEnv::new();
    let (code, _, err) = run(env
        .kn()
        .env("KN_DATA", env.dir.path().join("nope"))
        .args(["search", "x"]));
    assert_eq!(code, 2);
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(err.contains("does not exist"), "{err}");
}

#[test]
fn bad_flag_is_one_line_exit_2_with_suggestion() {
    let env = TestEnv::new();
    let (code, _, err) = run(env.kn().args(["search", "--limt", "3", "x"]));
    assert_eq!(code, 2);
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(err.contains("--limt") && err.contains("--limit"), "{err}");
    env.kn()
        .arg("--help")
        .assert()
        .code(0)
        .stdout(predicate::str::contains("search"));
}

#[test]
fn ingest_reports_counts_and_warnings() {
    let env = TestEnv::new();
    let (code, out, err) = run(env.kn().arg("ingest"));
    assert_eq!(code, 0, "{err}");
    assert!(
        out.contains("indexed 2 episodes, 7 topics, 11 links"),
        "{out}"
    );
    assert!(
        err.contains("misc/todo.md") && err.contains("cannot tell which episode"),
        "{err}"
    );
    assert!(
        err.contains("episodes/002/README.md:4") && err.contains("2022-01-014"),
        "{err}"
    );
}

#[test]
fn changed_notes_are_reingested_before_search() {
    let env = TestEnv::new();
    env.kn().arg("ingest").assert().success();
    env.kn().args(["search", "wasmtime"]).assert().code(1);
    env.write("episodes/003/README.md", "# 003\n- Recording date: 2022-02-01\n### @alice\n- [Wasmtime on k8s](https://wasm.example/)\n");
    let (code, out, err) = run(env.kn().args(["search", "wasmtime"]));
    assert_eq!(code, 0, "{err}");
    assert!(err.contains("notes changed"), "{err}");
    assert!(out.contains("Wasmtime on k8s"));
}

#[test]
fn corrupt_index_is_one_clear_error() {
    let env = TestEnv::new();
    env.kn().arg("ingest").assert().success();
    let current = fs::read_to_string(env.index().join("CURRENT")).unwrap();
    fs::write(
        env.index().join(current.trim()).join("meta.json"),
        "garbage",
    )
    .unwrap();
    let (code, _, err) = run(env.kn().args(["search", "ebpf"]));
    assert_eq!(code, 2);
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(err.contains("kn ingest --rebuild"), "{err}");
    // And the suggested command fixes it.
    env.kn().args(["ingest", "--rebuild"]).assert().success();
    env.kn().args(["search", "ebpf"]).assert().success();
}

#[test]
fn foreign_index_directory_is_left_alone() {
    let env = TestEnv::new();
    fs::create_dir_all(env.index()).unwrap();
    fs::write(env.index().join("thesis.tex"), "precious").unwrap();
    let (code, _, err) = run(env.kn().arg("ingest"));
    assert_eq!(code, 2);
    assert!(err.contains("not created by kn"), "{err}");
    assert_eq!(
        fs::read_to_string(env.index().join("thesis.tex")).unwrap(),
        "precious"
    );
}

#[test]
fn rebuild_keeps_one_generation_and_old_readers_work() {
    let env = TestEnv::new();
    env.kn().arg("ingest").assert().success();
    env.kn().arg("ingest").assert().success();
    let gens: Vec<_> = fs::read_dir(env.index())
        .unwrap()
        .filter_map(|e| e.ok())
        .filter(|e| e.file_name().to_string_lossy().starts_with("gen-"))
        .collect();
    assert_eq!(gens.len(), 1);
}
