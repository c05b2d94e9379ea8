//! The real `kn` binary on small fixtures: search, show, --json, exit codes,
//! errors, and the automatic (re)ingest.

mod testenv;

use std::fs;

use predicates::prelude::*;
use testenv::{TestEnv, json, json_strings, run};

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
fn highlighted_rows_keep_the_table_aligned() {
    // Bold escapes once counted as width: every highlighted row came out
    // eight cells short of the border.
    let env = TestEnv::new();
    let (code, out, err) = run(env.kn().args(["--color", "always", "search", "ebpf"]));
    assert_eq!(code, 0, "{err}");
    let bold = out.matches("\x1b[1m").count();
    assert!(bold >= 2, "highlights expected: {out}");
    assert_eq!(bold, out.matches("\x1b[0m").count(), "{out}");
    let widths: Vec<usize> = out.lines().map(textwrap::core::display_width).collect();
    assert!(widths.len() > 5, "{out}");
    assert!(widths.iter().all(|w| *w == widths[0]), "{widths:?}\n{out}");
    // The markers that stand in for the escapes never leak out.
    assert!(!out.contains(['\u{E0001}', '\u{E007F}']), "{out}");
}

#[test]
fn ingest_leaves_the_synonym_cache_for_the_first_search() {
    let env = TestEnv::new();
    let (code, _, err) = run(env.kn().args(["ingest", "--quiet"]));
    assert_eq!(code, 0, "{err}");
    let cached: Vec<String> = std::fs::read_dir(env.index())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with("synonyms-") && n.ends_with(".tsv"))
        .collect();
    assert_eq!(cached.len(), 1, "{cached:?}");
}

#[test]
fn search_json_snapshot() {
    let env = TestEnv::new();
    let (code, out, _) = run(env.kn().args(["search", "--json", "containerd"]));
    assert_eq!(code, 0);
    let v = json(&out);
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
fn show_table_and_json_snapshots() {
    let env = TestEnv::new();
    let (code, out, _) = run(env.kn().args(["show", "1"]));
    assert_eq!(code, 0);
    insta::assert_snapshot!("show_001_table", out);
    let (code, out, _) = run(env.kn().args(["show", "002", "--json"]));
    assert_eq!(code, 0);
    let v = json(&out);
    insta::assert_json_snapshot!("show_002_json", v);
}

#[test]
fn show_json_keeps_every_fixture_url() {
    let env = TestEnv::new();
    let (code, out, _) = run(env.kn().args(["show", "1", "--json"]));
    assert_eq!(code, 0);
    let values = json_strings(&json(&out));
    // Every URL written in episode 1's notes, tracking query and all, is a
    // value of its own in the JSON.
    let url = regex::Regex::new(r"https?://[^\s)\]<>]+").unwrap();
    let mut written = Vec::new();
    for file in ["episodes/001/README.md", "resource/kubenews_1/dave.md"] {
        let text = fs::read_to_string(env.notes().join(file)).unwrap();
        written.extend(url.find_iter(&text).map(|m| m.as_str().to_string()));
    }
    assert_eq!(written.len(), 10, "{written:?}");
    for u in &written {
        assert!(values.contains(u), "{u} missing from show 1 --json: {out}");
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
    assert_eq!(
        err.lines().last(),
        Some("kn: error: no episode 99; the nearest are 001, 002 (kn episodes lists them all)"),
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
    assert_eq!(
        env.redact(&err),
        "kn: error: notes directory $HOME/nope does not exist (pass --data DIR or set KN_DATA)\n"
    );
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
        out.contains("indexed 2 episodes, 8 topics, 12 links"),
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
    assert_eq!(
        env.redact(&err),
        "kn: error: refusing to use $HOME/index as an index directory: it exists and was not created by kn\n"
    );
    assert_eq!(
        fs::read_to_string(env.index().join("thesis.tex")).unwrap(),
        "precious"
    );
}

#[test]
fn rebuild_keeps_one_generation_and_old_readers_work() {
    use kn::index::{IndexHandle, Store};
    let env = TestEnv::new();
    env.kn().arg("ingest").assert().success();
    let store = Store::new(env.index());
    let before = store.current().unwrap().unwrap();
    // A reader opened on the old generation, as a search running during the
    // rebuild would hold it.
    let old = IndexHandle::open(&store).unwrap().unwrap();
    let titles = |h: &IndexHandle| -> Vec<String> {
        let ep = h.episode("001").unwrap().unwrap();
        h.episode_topics(&ep)
            .unwrap()
            .into_iter()
            .map(|t| t.title)
            .collect()
    };
    let seen = titles(&old);
    assert!(seen.len() > 2, "{seen:?}");
    env.kn().args(["ingest", "--rebuild"]).assert().success();
    let after = store.current().unwrap().unwrap();
    assert_ne!(before, after, "--rebuild publishes a new generation");
    let gens: Vec<_> = fs::read_dir(env.index())
        .unwrap()
        .filter_map(|e| e.ok())
        .filter(|e| e.file_name().to_string_lossy().starts_with("gen-"))
        .map(|e| e.path())
        .collect();
    assert_eq!(gens, vec![after.clone()]);
    assert_eq!(titles(&old), seen, "the old reader still answers");
    assert_eq!(titles(&IndexHandle::open(&store).unwrap().unwrap()), seen);
}

#[test]
fn episodes_table_and_json_snapshots() {
    let env = TestEnv::new();
    let (code, out, _) = run(env.kn().arg("episodes"));
    assert_eq!(code, 0);
    insta::assert_snapshot!("episodes_table", out);
    let (code, out, _) = run(env.kn().args(["episodes", "--json"]));
    assert_eq!(code, 0);
    let v = json(&out);
    insta::assert_json_snapshot!("episodes_json", v);
}

#[test]
fn index_from_another_kn_version_is_rebuilt_not_an_error() {
    let env = TestEnv::new();
    env.kn().arg("ingest").assert().success();
    let current = fs::read_to_string(env.index().join("CURRENT")).unwrap();
    let meta_path = env.index().join(current.trim()).join("meta.json");
    let meta = fs::read_to_string(&meta_path).unwrap();
    let older = regex::Regex::new(r#"format\\":\d+"#)
        .unwrap()
        .replace(&meta, r#"format\":1"#)
        .to_string();
    assert_ne!(meta, older, "payload format found in meta.json");
    fs::write(&meta_path, older).unwrap();
    let (code, out, err) = run(env.kn().args(["search", "--json", "ebpf"]));
    assert_eq!(code, 0, "{err}");
    assert!(err.contains("another version of kn"), "{err}");
    assert!(out.contains("ebpf-observability"), "{out}");
}

#[test]
fn version_is_printed_with_or_without_the_parser() {
    let env = TestEnv::new();
    for flag in ["--version", "-V"] {
        let (code, out, _) = run(env.kn().arg(flag));
        assert_eq!(code, 0);
        assert_eq!(out, format!("kn {}\n", env!("CARGO_PKG_VERSION")));
    }
    // With other arguments clap answers, the same way.
    let (code, out, _) = run(env.kn().args(["--color", "never", "--version"]));
    assert_eq!(code, 0);
    assert_eq!(out, format!("kn {}\n", env!("CARGO_PKG_VERSION")));
}

#[test]
fn argument_errors_are_one_line_naming_what_is_wrong() {
    let env = TestEnv::new();
    let cases = [
        (
            vec!["search"],
            "kn: error: the following required arguments were not provided: <QUERY>... (see kn --help)",
        ),
        (
            vec!["search", "--limit", "x", "ebpf"],
            "kn: error: invalid value 'x' for '--limit <N>': not a whole number (see kn --help)",
        ),
        (
            vec!["serch", "ebpf"],
            "kn: error: unrecognized subcommand 'serch' (tip: a similar subcommand exists: 'search'; see kn --help)",
        ),
    ];
    for (args, expected) in cases {
        let (code, stdout, stderr) = run(env.kn().args(&args));
        assert_eq!(code, 2, "{args:?}");
        assert_eq!(stdout, "", "{args:?}");
        assert_eq!(stderr, format!("{expected}\n"), "{args:?}");
    }
}

#[test]
fn each_subcommand_help_starts_with_its_own_description() {
    // Subcommands are built lazily (`defer`); a flattened argument group's
    // doc comment once replaced their descriptions in `kn search --help`.
    let env = TestEnv::new();
    let (code, top, _) = run(env.kn().arg("--help"));
    assert_eq!(code, 0);
    let listed: Vec<(String, String)> = top
        .lines()
        .skip_while(|l| *l != "Commands:")
        .skip(1)
        .take_while(|l| !l.is_empty())
        .filter(|l| l.starts_with("  ") && !l.starts_with("    "))
        .filter_map(|l| {
            let (name, about) = l.trim().split_once(' ')?;
            Some((name.to_string(), about.trim().to_string()))
        })
        .filter(|(name, _)| name != "help")
        .collect();
    assert_eq!(listed.len(), 14, "{top}");
    for (name, about) in listed {
        let (code, help, _) = run(env.kn().args([name.as_str(), "--help"]));
        assert_eq!(code, 0, "{name}");
        let first = help.lines().next().unwrap_or("");
        assert!(
            !about.is_empty() && first.starts_with(about.trim_end_matches('.')),
            "kn {name} --help starts with {first:?}, listed as {about:?}"
        );
    }
}

#[test]
fn tui_without_a_terminal_is_one_line_before_any_indexing() {
    let env = TestEnv::new();
    let (code, out, err) = run(env.kn().args(["tui", "ebpf"]));
    assert_eq!(
        (code, out.as_str(), err.as_str()),
        (
            2,
            "",
            "kn: error: kn tui needs a terminal (use kn search for scripts)\n"
        )
    );
    assert!(!env.index().exists(), "no index was built for it");
}
