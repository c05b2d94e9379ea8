//! How kn reads what people type, through the real binary on notes of our
//! own (`tests/fixtures/crosslang`): dictionary translations, loanwords,
//! word forms, abbreviations, questions, typo correction that does not
//! invent, and `--explain` / `"understood"`. None of the words used here is
//! in `data/synonyms.txt`.

mod testenv;

use testenv::{TestEnv, run};

fn env() -> TestEnv {
    TestEnv::with("crosslang")
}

/// `kn search --json --explain QUERY`: (exit code, the document).
fn explained(env: &TestEnv, query: &str) -> (i32, serde_json::Value) {
    let (code, out, err) = run(env
        .kn()
        .args(["search", "--json", "--explain", "--", query]));
    let v = serde_json::from_str(&out).unwrap_or_else(|e| panic!("{e}: {out} {err}"));
    (code, v)
}

fn urls(v: &serde_json::Value) -> Vec<String> {
    v["results"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["url"].as_str().unwrap_or("").to_string())
        .collect()
}

/// The expansions of word `i` as (via, text).
fn expansions(v: &serde_json::Value, i: usize) -> Vec<(String, String)> {
    v["understood"]["words"][i]["expansions"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| {
            (
                e["via"].as_str().unwrap().to_string(),
                e["text"].as_str().unwrap().to_string(),
            )
        })
        .collect()
}

#[test]
fn a_japanese_word_finds_the_english_note_through_the_dictionary() {
    let env = env();
    let (code, v) = explained(&env, "卒業");
    assert_eq!(code, 0, "{v}");
    assert!(urls(&v)[0].contains("flux-graduation"), "{v}");
    assert!(
        expansions(&v, 0).contains(&("dictionary".into(), "graduation".into())),
        "{v}"
    );
    // --exact searches as typed: nothing says 卒業.
    let (code, _, _) = run(env.kn().args(["search", "--exact", "卒業"]));
    assert_eq!(code, 1);
}

#[test]
fn an_english_word_finds_the_japanese_note() {
    let (code, v) = explained(&env(), "sidecar");
    assert_eq!(code, 0, "{v}");
    assert!(urls(&v)[0].contains("envoy-sidecar"), "{v}");
    assert!(
        expansions(&v, 0).iter().any(|(_, t)| t == "サイドカー"),
        "{v}"
    );
}

#[test]
fn a_katakana_compound_is_split_and_read_as_english() {
    let (code, v) = explained(&env(), "コントロールプレーン");
    assert_eq!(code, 0, "{v}");
    assert!(urls(&v)[0].contains("control-plane-split"), "{v}");
    assert!(
        expansions(&v, 0).contains(&("loanword".into(), "control plane".into())),
        "{v}"
    );
}

#[test]
fn word_forms_long_names_and_camel_case() {
    let env = env();
    let (_, v) = explained(&env, "signing");
    assert!(
        expansions(&v, 0).contains(&("form".into(), "signature".into())),
        "{v}"
    );
    assert!(urls(&v)[0].contains("cosign-verify"), "{v}");
    let (_, v) = explained(&env, "postgres");
    assert!(
        expansions(&v, 0).contains(&("form".into(), "postgresql".into())),
        "{v}"
    );
    let (_, v) = explained(&env, "PodSecurityPolicy");
    assert!(
        expansions(&v, 0).contains(&("form".into(), "pod security policy".into())),
        "{v}"
    );
    assert!(urls(&v)[0].contains("psp-removal"), "{v}");
}

#[test]
fn translations_and_identifiers_reach_what_the_notes_abbreviate_or_join() {
    let env = env();
    // 侵入検知システム → intrusion detection system, which the notes write
    // only as "IDS".
    let (code, v) = explained(&env, "侵入検知システム");
    assert_eq!(code, 0, "{v}");
    assert!(urls(&v)[0].contains("falco.example/ids"), "{v}");
    assert!(
        expansions(&v, 0).contains(&("dictionary".into(), "ids".into())),
        "{v}"
    );
    // A compound split keeps dictionary words whole.
    let (code, v) = explained(&env, "侵入検知システム比較");
    assert_eq!(code, 0, "{v}");
    assert_eq!(
        v["understood"]["splits"][0]["into"],
        serde_json::json!(["侵入検知システム", "比較"]),
        "{v}"
    );
    // Words typed apart that begin an identifier the notes write.
    let (code, v) = explained(&env, "termination grace period");
    assert_eq!(code, 0, "{v}");
    assert!(urls(&v)[0].contains("shutdown.example/grace"), "{v}");
    assert!(
        expansions(&v, 0).contains(&("form".into(), "terminationgraceperiodseconds".into())),
        "{v}"
    );
}

#[test]
fn abbreviations_defined_in_the_notes_work_both_ways() {
    let env = env();
    // The long form finds the topic that only says OCM.
    let (_, v) = explained(&env, "open cluster management");
    let found = urls(&v);
    assert!(
        found.iter().any(|u| u.contains("ocm.example/addons")),
        "{v}"
    );
    assert!(
        expansions(&v, 0).contains(&("abbreviation".into(), "ocm".into())),
        "{v}"
    );
    // The abbreviation reads its definition from the index.
    let (_, v) = explained(&env, "ocm");
    assert!(
        expansions(&v, 0).contains(&("abbreviation".into(), "open cluster management".into())),
        "{v}"
    );
}

#[test]
fn a_compound_that_matches_nothing_whole_is_searched_by_its_parts() {
    let (code, v) = explained(&env(), "監査ログ");
    assert_eq!(code, 0, "{v}");
    assert!(urls(&v)[0].contains("audit.example/ship-logs"), "{v}");
    let split = &v["understood"]["splits"][0];
    assert_eq!(split["from"], "監査ログ");
    assert_eq!(split["into"], serde_json::json!(["監査", "ログ"]));
    // A compound the notes do contain is never split.
    let (_, v) = explained(&env(), "再起動ループ");
    assert!(
        v["understood"]["splits"].as_array().unwrap().is_empty(),
        "{v}"
    );
}

#[test]
fn a_question_is_searched_by_its_content_words() {
    let (code, v) = explained(&env(), "Podが何度も再起動するのはなぜ？");
    assert_eq!(code, 0, "{v}");
    assert!(urls(&v)[0].contains("restart-loop"), "{v}");
    let u = &v["understood"];
    assert_eq!(u["sentence"], true);
    let words: Vec<&str> = u["words"]
        .as_array()
        .unwrap()
        .iter()
        .map(|w| w["text"].as_str().unwrap())
        .collect();
    assert_eq!(words, vec!["pod", "再起動"]);
    let dropped: Vec<&str> = u["dropped"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d.as_str().unwrap())
        .collect();
    assert!(
        dropped.contains(&"なぜ") && dropped.contains(&"する"),
        "{dropped:?}"
    );

    let (code, v) = explained(&env(), "how do I keep secrets out of git?");
    assert_eq!(code, 0, "{v}");
    assert!(urls(&v)[0].contains("gitops.example/sealed"), "{v}");
    assert!(
        v["understood"]["dropped"]
            .as_array()
            .unwrap()
            .iter()
            .any(|d| d == "how")
    );
}

#[test]
fn a_dash_excludes_only_as_a_whole_token() {
    let env = env();
    // `-sops` excludes; `addon-framework` is a word, not `addon` minus `framework`.
    let (code, out, _) = run(env.kn().args(["search", "--json", "--", "secrets -sops"]));
    assert_eq!(code, 1, "{out}");
    let (code, out, _) =
        run(env
            .kn()
            .args(["search", "--json", "--", "how to use addon-framework?"]));
    assert_eq!(code, 0, "{out}");
    assert!(out.contains("ocm.example/addons"), "{out}");
}

#[test]
fn a_likely_typo_is_corrected_and_said() {
    let (code, out, err) = run(env().kn().args(["search", "--json", "graduaton"]));
    assert_eq!(code, 0, "{err}");
    assert!(err.contains("showing results for \"graduation\""), "{err}");
    assert!(out.contains("flux-graduation"), "{out}");
}

#[test]
fn an_uncertain_correction_lists_nothing_and_asks() {
    // A name the notes never mention, one edit from a common English word
    // that they do ("kept").
    let (code, out, err) = run(env().kn().args(["search", "keptn"]));
    assert_eq!(code, 1, "{out}");
    assert_eq!(out, "");
    assert!(err.contains("did you mean \"kept\"?"), "{err}");
    // The first letter is kept: no suggestion changes it.
    let (code, out, err) = run(env().kn().args(["search", "xraduation"]));
    assert_eq!(code, 1, "{out}{err}");
    assert!(!err.contains("graduation"), "{err}");
}

#[test]
fn something_the_notes_never_mention_returns_nothing() {
    for q in ["kuma", "リバースプロキシ", "Istioを使いたい"] {
        let (code, out, err) = run(env().kn().args(["search", "--", q]));
        assert_eq!(code, 1, "{q}: {out}{err}");
    }
}

#[test]
fn explain_prints_the_reading_on_stderr() {
    let (code, out, err) = run(env().kn().args(["search", "--explain", "卒業"]));
    assert_eq!(code, 0);
    assert!(out.contains("Flux reaches Graduation"), "{out}");
    assert!(
        err.contains("kn: explain: \"卒業\": 0 topics as typed; dictionary \"graduation\""),
        "{err}"
    );
}

#[test]
fn explained_json_shapes() {
    let env = env();
    let (_, v) = explained(&env, "postgres");
    let mut v = v;
    for r in v["results"].as_array_mut().unwrap() {
        r["score"] = serde_json::json!(0.0);
    }
    insta::assert_json_snapshot!("explain_postgres_json", v);
    // --jsonl: the reading first, then one result per line.
    let (code, out, _) = run(env
        .kn()
        .args(["search", "--jsonl", "--explain", "postgres"]));
    assert_eq!(code, 0);
    let lines: Vec<serde_json::Value> = out
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert!(lines[0]["understood"]["words"].is_array());
    assert!(lines[0].get("results").is_none());
    assert_eq!(lines.len(), 2);
    assert!(lines[1]["url"].as_str().unwrap().contains("postgresql"));
    // Without --explain the shape stays a list.
    let (_, out, _) = run(env.kn().args(["search", "--json", "postgres"]));
    assert!(
        serde_json::from_str::<serde_json::Value>(&out)
            .unwrap()
            .is_array()
    );
}
