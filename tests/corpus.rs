//! Checks over the real kubenews notes (`../shared/corpus/kubenews`), skipped
//! with a message when that directory is absent (as on a fresh clone).

mod testenv;

use std::collections::{BTreeMap, BTreeSet};
use std::fs;

use regex::Regex;
use testenv::{TestEnv, json, run, shared_corpus};
use walkdir::WalkDir;

/// Every http(s) URL written in a text, as a reader would see it.
fn urls_in(text: &str) -> Vec<String> {
    let re = Regex::new(r#"https?://[^\s<>"'`\[\]()（）「」『』【】、。，！？]+"#).unwrap();
    re.find_iter(text)
        .map(|m| {
            m.as_str()
                .trim_end_matches(['.', ',', ';', ':', '!', '?', '*', '_', '~'])
        })
        .map(|u| u.replace("&amp;", "&"))
        .filter(|u| u.len() > "https://".len())
        .collect()
}

fn collect_urls(v: &serde_json::Value, out: &mut BTreeSet<String>) {
    match v {
        serde_json::Value::String(s) if s.starts_with("http") => {
            out.insert(s.clone());
        }
        serde_json::Value::Array(a) => a.iter().for_each(|x| collect_urls(x, out)),
        serde_json::Value::Object(o) => o.values().for_each(|x| collect_urls(x, out)),
        _ => {}
    }
}

#[test]
fn every_url_in_the_corpus_is_reachable_through_show_json() {
    let Some(corpus) = shared_corpus() else {
        eprintln!("skipped: ../shared/corpus/kubenews is absent");
        return;
    };
    let env = TestEnv::new();
    let kn = || {
        let mut c = env.kn();
        c.env("KN_DATA", &corpus);
        c
    };
    let (code, _, err) = run(kn().arg("ingest"));
    assert_eq!(code, 0, "{err}");

    // Which episode each file went to, from `kn show N --json` itself.
    let (_, first, _) = run(kn().args(["show", "1", "--json"]));
    assert!(first.contains("\"episode\": \"001\""));
    let mut reachable: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    let mut episodes = Vec::new();
    for entry in fs::read_dir(corpus.join("episodes")).unwrap() {
        episodes.push(entry.unwrap().file_name().to_string_lossy().to_string());
    }
    episodes.sort();
    for ep in &episodes {
        let (code, out, err) = run(kn().args(["show", ep, "--json"]));
        assert_eq!(code, 0, "show {ep}: {err}");
        let v = json(&out);
        let mut urls = BTreeSet::new();
        collect_urls(&v, &mut urls);
        for f in v["files"].as_array().unwrap() {
            reachable.insert(f.as_str().unwrap().to_string(), urls.clone());
        }
    }

    let mut checked = 0;
    let mut lost = Vec::new();
    for entry in WalkDir::new(&corpus).into_iter().filter_map(Result::ok) {
        let path = entry.path();
        if path.extension().and_then(|e| e.to_str()) != Some("md")
            || path.components().any(|c| c.as_os_str() == ".git")
        {
            continue;
        }
        let rel = path
            .strip_prefix(&corpus)
            .unwrap()
            .to_string_lossy()
            .replace('\\', "/");
        let text = fs::read_to_string(path).unwrap();
        let Some(urls) = reachable.get(&rel) else {
            panic!("{rel} was not placed in any episode");
        };
        for u in urls_in(&text) {
            checked += 1;
            // Equal, or the index's URL goes on where this regex stopped
            // (at a bracket or trailing punctuation): never merely a longer
            // URL (`…/pull/1` is not `…/pull/12345`).
            let continues = |r: &String| {
                r.strip_prefix(u.as_str())
                    .and_then(|rest| rest.chars().next())
                    .is_some_and(|c| "()（）[]「」『』【】、。，！？.,;:!?*_~".contains(c))
            };
            if !urls.iter().any(|r| r == &u || continues(r)) {
                lost.push(format!("{rel}: {u}"));
            }
        }
    }
    assert!(
        checked > 300,
        "only {checked} URLs found; is the corpus complete?"
    );
    assert!(
        lost.is_empty(),
        "{} of {checked} URLs lost:\n{}",
        lost.len(),
        lost.join("\n")
    );
    eprintln!("{checked} URLs checked, all reachable");
}

#[test]
fn full_corpus_search_finds_ebpf_topics_with_presenters() {
    let Some(corpus) = shared_corpus() else {
        eprintln!("skipped: ../shared/corpus/kubenews is absent");
        return;
    };
    let env = TestEnv::new();
    let (code, out, err) = run(env
        .kn()
        .env("KN_DATA", &corpus)
        .args(["search", "--json", "ebpf"]));
    assert_eq!(code, 0, "{err}");
    let v = json(&out);
    let arr = v.as_array().unwrap();
    assert!(arr.len() >= 3, "{out}");
    assert!(
        arr.iter()
            .all(|r| r["presenter"].is_string() && r["url"].is_string()),
        "{out}"
    );
}
