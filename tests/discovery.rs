//! Discovery commands (presenters, links, related, trend), output conventions
//! (--json/--jsonl, --color, NO_COLOR, -q, -v), completions and man page,
//! exports for OpenSearch and Quickwit, configuration and the embedded sample.

mod testenv;

use std::collections::BTreeSet;
use std::fs;

use testenv::{TestEnv, json, run};

#[test]
fn presenters_merge_aliases_table_and_json_snapshots() {
    let env = TestEnv::new();
    let (code, out, err) = run(env.kn().arg("presenters"));
    assert_eq!(code, 0, "{err}");
    insta::assert_snapshot!("presenters_table", out);
    let (_, out, _) = run(env.kn().args(["presenters", "--json"]));
    let v = json(&out);
    insta::assert_json_snapshot!("presenters_json", v);
    // Each presenter once, whatever spelling the notes used.
    let names: Vec<&str> = v
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["presenter"].as_str().unwrap())
        .collect();
    let unique: BTreeSet<&&str> = names.iter().collect();
    assert_eq!(names.len(), unique.len(), "{names:?}");
}

#[test]
fn links_list_each_url_once_and_filter_by_site() {
    let env = TestEnv::new();
    let (code, out, err) = run(env.kn().arg("links"));
    assert_eq!(code, 0, "{err}");
    insta::assert_snapshot!("links_table", out);
    let (_, out, _) = run(env.kn().args(["links", "--json"]));
    let all = json(&out);
    insta::assert_json_snapshot!("links_json", all);
    let urls: Vec<&str> = all
        .as_array()
        .unwrap()
        .iter()
        .map(|l| l["url"].as_str().unwrap())
        .collect();
    let unique: BTreeSet<&&str> = urls.iter().collect();
    assert_eq!(urls.len(), unique.len(), "each URL once");
    // The one article written twice (001 plain, 002 with a tracking query
    // and a trailing slash) is one link of both episodes.
    let ebpf: Vec<&serde_json::Value> = all
        .as_array()
        .unwrap()
        .iter()
        .filter(|l| l["url"].as_str().unwrap().contains("ebpf-observability"))
        .collect();
    assert_eq!(ebpf.len(), 1, "{out}");
    assert_eq!(ebpf[0]["episodes"], serde_json::json!(["001", "002"]));
    // example.com and its subdomains, not example.org, t.example, or a
    // look-alike whose name ends in the same letters.
    env.write(
        "episodes/009/README.md",
        "# 009\n### @zed\n- [Look-alike](https://notexample.com/x)\n",
    );
    let (_, out, _) = run(env.kn().args(["links", "--json"]));
    assert!(out.contains("https://notexample.com/x"), "{out}");
    let (code, out, _) = run(env.kn().args(["links", "--site", "example.com", "--json"]));
    assert_eq!(code, 0);
    let site = json(&out);
    let site = site.as_array().unwrap();
    assert!(!site.is_empty() && site.len() < urls.len());
    // By host, not by substring: `notexample.com/` contains `example.com/`.
    for l in site {
        let url = url::Url::parse(l["url"].as_str().unwrap()).unwrap();
        let host = url.host_str().unwrap();
        assert!(
            host == "example.com" || host.ends_with(".example.com"),
            "{url}"
        );
    }
    let (code, _, _) = run(env.kn().args(["links", "--site", "nowhere.invalid"]));
    assert_eq!(code, 1);
}

#[test]
fn related_finds_similar_topics_by_id_or_url_but_not_itself() {
    let env = TestEnv::new();
    let (_, out, _) = run(env.kn().args(["search", "ebpf", "--json"]));
    let first = &json(&out)[0];
    let id = first["id"].as_str().unwrap();
    let url = first["url"].as_str().unwrap();
    for target in [id, url] {
        let (code, out, err) = run(env.kn().args(["related", target, "--json"]));
        assert_eq!(code, 0, "{target}: {err}");
        let hits = json(&out);
        let hits = hits.as_array().unwrap();
        assert!(!hits.is_empty());
        assert!(
            hits.iter().all(|h| h["id"] != id && h["url"] != url),
            "{out}"
        );
    }
    let (_, out, _) = run(env.kn().args(["related", id]));
    insta::assert_snapshot!("related_table", out);
    let (_, out, _) = run(env.kn().args(["related", id, "--json"]));
    let mut v = json(&out);
    for hit in v.as_array_mut().unwrap() {
        hit["score"] = serde_json::json!(0);
    }
    insta::assert_json_snapshot!("related_json", v);
    let (code, _, err) = run(env.kn().args(["related", "nope-00000000"]));
    assert_eq!(code, 2);
    assert_eq!(
        err,
        "kn: error: no topic has the id or URL \"nope-00000000\" (ids are in `kn search --json` and `kn show N --json`)\n"
    );
}

#[test]
fn trend_counts_topics_per_month_with_gaps() {
    let env = TestEnv::new();
    env.write(
        "episodes/005/README.md",
        "# 005\n\n- Recording date: 2022-04-01\n\n### @alice\n#### [Kubernetes 1.24 の変更点](https://k8s.example/124)\nkubernetes のリリース\n",
    );
    let (code, out, err) = run(env.kn().args(["trend", "kubernetes"]));
    assert_eq!(code, 0, "{err}");
    insta::assert_snapshot!("trend_table", out);
    let (_, out, _) = run(env.kn().args(["trend", "kubernetes", "--json"]));
    let v = json(&out);
    insta::assert_json_snapshot!("trend_json", v);
    let months = v["months"].as_array().unwrap();
    let sum: u64 = months.iter().map(|m| m["topics"].as_u64().unwrap()).sum();
    assert_eq!(
        sum + v["undated"].as_u64().unwrap(),
        v["total"].as_u64().unwrap()
    );
    // Consecutive months, zeros included: each the month after the last.
    assert!(months.len() >= 2, "{v}");
    for w in months.windows(2) {
        let ym = |m: &serde_json::Value| -> (u32, u32) {
            let (y, m) = m["month"].as_str().unwrap().split_once('-').unwrap();
            (y.parse().unwrap(), m.parse().unwrap())
        };
        let ((y, m), next) = (ym(&w[0]), ym(&w[1]));
        let expected = if m == 12 { (y + 1, 1) } else { (y, m + 1) };
        assert_eq!(next, expected, "{v}");
    }
    let (code, _, _) = run(env.kn().args(["trend", "zzzznothing"]));
    assert_eq!(code, 1);
    // Several words: the topics with all of them, as `search` lists first.
    let (_, out, _) = run(env.kn().args(["trend", "ebpf", "linkerd", "--json"]));
    let (_, hits, _) = run(env.kn().args([
        "search",
        "ebpf",
        "linkerd",
        "--json",
        "--no-group",
        "-n",
        "100",
    ]));
    let all = json(&hits)
        .as_array()
        .unwrap()
        .iter()
        .filter(|h| h["matched"] == "all")
        .count() as u64;
    assert_eq!(json(&out)["total"].as_u64().unwrap(), all);
}

#[test]
fn jsonl_is_one_object_per_line_for_every_read_command() {
    let env = TestEnv::new();
    for args in [
        vec!["search", "kubernetes", "--jsonl"],
        vec!["episodes", "--jsonl"],
        vec!["presenters", "--jsonl"],
        vec!["links", "--jsonl"],
        vec!["show", "001", "--jsonl"],
        vec!["trend", "kubernetes", "--jsonl"],
        vec!["config", "--jsonl"],
    ] {
        let (code, out, err) = run(env.kn().args(&args));
        assert_eq!(code, 0, "{args:?}: {err}");
        assert!(!out.trim().is_empty());
        for line in out.lines() {
            let v = json(line);
            assert!(v.is_object(), "{args:?}: {line}");
        }
    }
    // Nothing found: no lines at all (a blank line is not JSON).
    let (code, out, _) = run(env.kn().args(["search", "zzzznothing", "--jsonl"]));
    assert_eq!((code, out.as_str()), (1, ""));
    let (code, _, err) = run(env.kn().args(["search", "x", "--json", "--jsonl"]));
    assert_eq!(code, 2, "{err}");
}

#[test]
fn colour_only_when_asked_or_on_a_terminal_without_no_color() {
    let env = TestEnv::new();
    let esc = |args: &[&str], no_color: bool| {
        let mut cmd = env.kn();
        if no_color {
            cmd.env("NO_COLOR", "1");
        }
        let (_, out, _) = run(cmd.args(args));
        out.contains('\x1b')
    };
    // Piped: never, unless --color always.
    assert!(!esc(&["search", "ebpf"], false));
    assert!(esc(&["search", "ebpf", "--color", "always"], false));
    assert!(esc(&["trend", "kubernetes", "--color=always"], true));
    assert!(!esc(&["search", "ebpf", "--color", "never"], false));
    assert!(!esc(&["search", "ebpf", "--color", "auto"], true));
    // On a terminal: colour by default, none with NO_COLOR or --color never.
    let Some(tty) = on_terminal(&env, "search ebpf", false) else {
        eprintln!("no `script` (util-linux) here: the terminal half is skipped");
        return;
    };
    assert!(tty.contains("\x1b[1m"), "{tty}");
    assert!(
        !on_terminal(&env, "search ebpf", true)
            .unwrap()
            .contains('\x1b')
    );
    assert!(
        !on_terminal(&env, "search ebpf --color never", false)
            .unwrap()
            .contains('\x1b')
    );
}

/// What `kn ARGS` prints on a pseudo-terminal (util-linux `script`), or
/// None where `script` is missing.
fn on_terminal(env: &TestEnv, args: &str, no_color: bool) -> Option<String> {
    let kn = assert_cmd::cargo::cargo_bin("kn");
    let mut cmd = std::process::Command::new("script");
    cmd.args(["-qec", &format!("{} {args}", kn.display()), "/dev/null"])
        .env_clear()
        .env("PATH", std::env::var_os("PATH").unwrap_or_default())
        .env("HOME", env.dir.path())
        .env("KN_DATA", env.notes())
        .env("KN_INDEX", env.index())
        .env("TERM", "xterm");
    if no_color {
        cmd.env("NO_COLOR", "1");
    }
    let out = cmd.output().ok()?;
    assert!(out.status.success(), "{out:?}");
    Some(String::from_utf8_lossy(&out.stdout).into_owned())
}

#[test]
fn quiet_silences_notices_and_verbose_explains() {
    let env = TestEnv::new();
    let (code, _, err) = run(env.kn().args(["-q", "search", "ebpf"]));
    assert_eq!(code, 0);
    assert!(err.is_empty(), "quiet: {err}");
    let (_, _, err) = run(env.kn().args(["search", "ebpf", "-v"]));
    assert!(
        err.contains("open index") && err.contains("search + snippets"),
        "{err}"
    );
    let (code, _, err) = run(env.kn().args(["-q", "-v", "search", "ebpf"]));
    assert_eq!(code, 2, "{err}");
}

#[test]
fn completions_and_man_page() {
    let env = TestEnv::new();
    for (shell, needle) in [
        ("bash", "_kn()"),
        ("zsh", "#compdef kn"),
        ("fish", "complete -c kn"),
        ("powershell", "Register-ArgumentCompleter"),
    ] {
        let (code, out, err) = run(env.kn().args(["completions", shell]));
        assert_eq!(code, 0, "{shell}: {err}");
        assert!(
            out.contains(needle),
            "{shell}: {}",
            &out[..out.len().min(200)]
        );
        assert!(
            out.contains("presenters") && out.contains("jsonl"),
            "{shell}"
        );
    }
    let (code, out, _) = run(env.kn().arg("man"));
    assert_eq!(code, 0);
    assert!(
        out.starts_with(".ie") || out.contains(".TH kn"),
        "{}",
        &out[..200]
    );
    assert!(out.contains("trend"));
    let (code, _, err) = run(env.kn().args(["completions", "tcsh"]));
    assert_eq!(code, 2);
    assert_eq!(err.trim().lines().count(), 1, "{err}");
}

#[test]
fn unknown_episode_names_the_nearest_ones() {
    let env = TestEnv::new();
    let (code, _, err) = run(env.kn().args(["show", "3"]));
    assert_eq!(code, 2);
    assert!(
        err.contains("no episode 3; the nearest are 001, 002"),
        "{err}"
    );
}

#[test]
fn opensearch_export_is_valid_bulk_ndjson_matching_the_mapping() {
    let env = TestEnv::new();
    let out = env.dir.path().join("os");
    let (code, _, err) = run(env
        .kn()
        .args(["export", "--format", "opensearch", "--out"])
        .arg(&out));
    assert_eq!(code, 0, "{err}");
    let mapping = json(&fs::read_to_string(out.join("mapping.json")).unwrap());
    insta::assert_json_snapshot!("opensearch_mapping", mapping);
    let props = mapping["mappings"]["properties"].as_object().unwrap();
    let bulk = fs::read_to_string(out.join("bulk-0001.ndjson")).unwrap();
    assert!(bulk.ends_with('\n'), "bulk bodies end with a newline");
    let lines: Vec<&str> = bulk.lines().collect();
    assert!(lines.len() >= 2 && lines.len().is_multiple_of(2));
    let (_, export, _) = run(env.kn().arg("export"));
    assert_eq!(
        lines.len() / 2,
        export.lines().count(),
        "every topic exported"
    );
    for pair in lines.chunks(2) {
        let action = json(pair[0]);
        assert_eq!(action["index"]["_index"], "kn-topics");
        let doc = json(pair[1]);
        assert_eq!(action["index"]["_id"], doc["id"]);
        for key in doc.as_object().unwrap().keys() {
            assert!(props.contains_key(key), "{key} is not in the mapping");
        }
        if let Some(date) = doc.get("date") {
            assert_eq!(date.as_str().unwrap().len(), 10, "{date}");
        }
    }
}

#[test]
fn quickwit_export_is_ndjson_matching_the_config() {
    let env = TestEnv::new();
    let out = env.dir.path().join("qw");
    let (code, _, err) = run(env
        .kn()
        .args(["export", "--format", "quickwit", "--out"])
        .arg(&out));
    assert_eq!(code, 0, "{err}");
    let config = fs::read_to_string(out.join("index-config.yaml")).unwrap();
    insta::assert_snapshot!("quickwit_config", config);
    let docs = fs::read_to_string(out.join("topics.ndjson")).unwrap();
    let mut n = 0;
    for line in docs.lines() {
        let doc = json(line);
        for key in doc.as_object().unwrap().keys() {
            assert!(
                config.contains(&format!("name: {key},"))
                    || config.contains(&format!("name: {key}\n")),
                "{key} is not in the config"
            );
        }
        assert_eq!(doc["title_bigram"], doc["title"]);
        n += 1;
    }
    assert!(n > 5);
    let (code, _, err) = run(env.kn().args(["export", "--format", "quickwit"]));
    assert_eq!(code, 2, "--out is required: {err}");
}

/// `kn` without KN_DATA/KN_INDEX, with its own platform directories.
fn bare_kn(env: &TestEnv, exe: &std::path::Path) -> assert_cmd::Command {
    let mut cmd = assert_cmd::Command::new(exe);
    let home = env.dir.path();
    cmd.env_clear()
        .env("PATH", std::env::var_os("PATH").unwrap_or_default())
        .env("HOME", home)
        .env("XDG_CONFIG_HOME", home.join("config"))
        .env("XDG_DATA_HOME", home.join("share"))
        .env("XDG_CACHE_HOME", home.join("cache"))
        .env("COLUMNS", "120");
    cmd
}

#[test]
fn ingest_dir_is_remembered_and_config_says_where_everything_is() {
    let env = TestEnv::new();
    let exe = assert_cmd::cargo::cargo_bin("kn");
    let (code, out, err) = run(bare_kn(&env, &exe).arg("ingest").arg(env.notes()));
    assert_eq!(code, 0, "{err}");
    assert!(err.contains("default notes directory"), "{err}");
    assert!(out.contains("index:"), "{out}");
    // Later commands use it without --data.
    let (code, out, _) = run(bare_kn(&env, &exe).args(["search", "ebpf", "--json"]));
    assert_eq!(code, 0);
    assert!(
        out.contains("episodes/001") || out.contains("\"001\""),
        "{out}"
    );
    let (_, out, _) = run(bare_kn(&env, &exe).args(["config", "--json"]));
    let v = json(&out);
    let notes = fs::canonicalize(env.notes()).unwrap();
    assert_eq!(v["notes"], notes.display().to_string());
    assert_eq!(v["notes_from"], "config");
    assert!(
        v["config_file"]
            .as_str()
            .unwrap()
            .starts_with(&env.dir.path().join("config").display().to_string())
    );
    assert!(
        v["index"]
            .as_str()
            .unwrap()
            .starts_with(&env.dir.path().join("cache").display().to_string())
    );
    assert!(v["indexed"]["topics"].as_u64().unwrap() > 0);
    let (_, out, _) = run(bare_kn(&env, &exe).arg("config"));
    let out = env.redact(&out);
    // The index directory is named after a hash of the (temporary) notes path.
    let out = match out.find("indexes/notes-") {
        Some(i) => {
            let at = i + "indexes/notes-".len();
            format!("{}HASH{}", &out[..at], &out[at + 12..])
        }
        None => out,
    };
    insta::assert_snapshot!("config_table", out);
    // A remembered directory that disappeared says what to do.
    fs::remove_dir_all(env.notes()).unwrap();
    let (code, _, err) = run(bare_kn(&env, &exe).args(["search", "ebpf"]));
    assert_eq!(code, 2);
    assert!(err.contains("kn ingest DIR"), "{err}");
}

#[test]
fn an_installed_kn_searches_the_embedded_sample_from_anywhere() {
    let env = TestEnv::new();
    // A copy of the binary outside the checkout behaves as `cargo install`ed.
    let exe = env.dir.path().join("bin/kn");
    fs::create_dir_all(exe.parent().unwrap()).unwrap();
    fs::copy(assert_cmd::cargo::cargo_bin("kn"), &exe).unwrap();
    let (code, out, err) = run(bare_kn(&env, &exe)
        .current_dir(env.dir.path())
        .args(["search", "ebpf"]));
    assert_eq!(code, 0, "{err}");
    assert!(out.to_lowercase().contains("ebpf"), "{out}");
    let (_, out, _) = run(bare_kn(&env, &exe).args(["config", "--json"]));
    let v = json(&out);
    assert_eq!(v["notes_from"], "embedded");
    assert!(
        v["notes"]
            .as_str()
            .unwrap()
            .starts_with(&env.dir.path().join("share").display().to_string())
    );
    assert!(
        v["index"]
            .as_str()
            .unwrap()
            .starts_with(&env.dir.path().join("cache").display().to_string())
    );
}
