//! What a search can say, through the real `kn` binary (on notes the test
//! writes itself wherever the answer depends on them): filters (presenter, episode, dates), the query language
//! (phrases, NOT, OR, fields), typed words (typos, width and long vowels,
//! words run together, some of the words) and bounded counts.

mod testenv;

use indoc::indoc;
use testenv::{TestEnv, json, json_list, run};

#[test]
fn presenter_filter_applies_aliases() {
    // One person under three spellings (a profile link, a handle the alias
    // file names, the bare name): any of them selects all of their topics.
    let env = TestEnv::tree(&[
        ("aliases.txt", "bob: bob_tw\n"),
        (
            "episodes/001/README.md",
            indoc! {"
                # 001
                ### [bob](https://twitter.com/bob_tw)
                - [Gatekeeper in production](https://b.example/gatekeeper)
                ### @alice
                - [Gatekeeper Policy Library](https://a.example/gatekeeper)
            "},
        ),
        (
            "episodes/002/README.md",
            indoc! {"
                # 002
                ### @bob_tw
                - [Gatekeeper mutation](https://b.example/mutation)
            "},
        ),
    ]);
    let found = |who: &str| -> Vec<(String, String)> {
        let (_, out, _) =
            run(env
                .kn()
                .args(["search", "--json", "--no-group", "-p", who, "gatekeeper"]));
        let mut hits: Vec<(String, String)> = json_list(&out)
            .iter()
            .map(|h| (h["presenter"].to_string(), h["url"].to_string()))
            .collect();
        hits.sort();
        hits
    };
    let bob = |url: &str| ("\"bob\"".to_string(), format!("\"{url}\""));
    for who in ["bob", "bob_tw", "@bob_tw", "BOB"] {
        assert_eq!(
            found(who),
            vec![
                bob("https://b.example/gatekeeper"),
                bob("https://b.example/mutation")
            ],
            "-p {who}"
        );
    }
    assert_eq!(
        found("alice"),
        vec![(
            "\"alice\"".to_string(),
            "\"https://a.example/gatekeeper\"".to_string()
        )]
    );
}

#[test]
fn episode_filter_accepts_unpadded_numbers() {
    let env = TestEnv::tree(&[
        (
            "episodes/001/README.md",
            "# 001\n### @alice\n- [eBPF basics](https://a.example/ebpf)\n",
        ),
        (
            "episodes/002/README.md",
            "# 002\n### @alice\n- [eBPF at scale](https://b.example/ebpf)\n- [Istio ambient](https://b.example/istio)\n",
        ),
        (
            "episodes/012/README.md",
            "# 012\n### @alice\n- [eBPF in 2023](https://c.example/ebpf)\n",
        ),
    ]);
    let urls = |episode: &str, query: &str| -> (i32, Vec<String>) {
        let (code, out, _) = run(env
            .kn()
            .args(["search", "--json", "--episode", episode, query]));
        let urls = json_list(&out)
            .iter()
            .map(|h| h["url"].as_str().unwrap().to_string())
            .collect();
        (code, urls)
    };
    for episode in ["2", "02", "002"] {
        assert_eq!(
            urls(episode, "ebpf"),
            (0, vec!["https://b.example/ebpf".to_string()]),
            "--episode {episode}"
        );
    }
    assert_eq!(
        urls("12", "ebpf"),
        (0, vec!["https://c.example/ebpf".to_string()])
    );
    assert_eq!(urls("1", "istio"), (1, vec![]));
}

#[test]
fn limit_caps_results() {
    let env = TestEnv::new();
    let (_, out, _) = run(env.kn().args(["search", "--json", "-n", "1", "example"]));
    let v = json(&out);
    assert_eq!(v.as_array().unwrap().len(), 1);
}

#[test]
fn same_url_in_two_episodes_is_one_result_unless_no_group() {
    // The same article, written once with a tracking query and once with a
    // trailing slash.
    let env = TestEnv::tree(&[
        (
            "episodes/001/README.md",
            indoc! {"
                # 001
                ### @alice
                #### [eBPFで始める可観測性](https://blog.example.com/ebpf-observability?utm_source=feed)
                Ciliumとの組み合わせ
            "},
        ),
        (
            "episodes/002/README.md",
            indoc! {"
                # 002
                ### @dave
                - [eBPFで始める可観測性](https://blog.example.com/ebpf-observability/)
                  - 続編が出た
            "},
        ),
    ]);
    let (_, out, _) = run(env.kn().args(["search", "--json", "可観測性"]));
    let v = json_list(&out);
    assert_eq!(v.len(), 1, "{out}");
    let mut eps = vec![v[0]["episode"].clone(), v[0]["also"][0]["episode"].clone()];
    eps.sort_by_key(|e| e.to_string());
    assert_eq!(eps, vec!["001", "002"], "{out}");
    let (_, table, _) = run(env.kn().args(["search", "可観測性"]));
    assert!(table.contains("also 00"), "{table}");
    // With the one hit asked for already found, the other episode is told
    // apart by the URL key in the index: it must still be listed.
    let (code, out, _) = run(env
        .kn()
        .args(["search", "--json", "--limit", "1", "可観測性"]));
    assert_eq!(code, 0);
    let v = json_list(&out);
    assert_eq!(v.len(), 1, "{out}");
    assert_eq!(v[0]["also"].as_array().map(Vec::len), Some(1), "{out}");
    let (_, out, _) = run(env
        .kn()
        .args(["search", "--json", "--no-group", "可観測性"]));
    assert_eq!(json_list(&out).len(), 2, "{out}");
}

/// Two topics sharing no word, for the notices about typed words.
fn gatekeeper_and_sdk() -> TestEnv {
    TestEnv::tree(&[(
        "episodes/001/README.md",
        indoc! {"
            # 001
            ### @alice
            - [Gatekeeper Policy Library](https://g.example/library)
              - OPAのポリシー集
            - [Operator SDK 1.0 released](https://o.example/sdk)
        "},
    )])
}

#[test]
fn typo_is_corrected_with_a_notice_unless_exact() {
    let env = gatekeeper_and_sdk();
    let (code, out, err) = run(env.kn().args(["search", "--json", "gatekeepr"]));
    assert_eq!(code, 0, "{err}");
    assert_eq!(
        err.lines().last(),
        Some(
            "kn: showing results for \"gatekeeper\" (nothing matches \"gatekeepr\"; --exact searches as typed)"
        ),
        "{err}"
    );
    let titles: Vec<_> = json_list(&out).iter().map(|h| h["title"].clone()).collect();
    assert_eq!(titles, vec!["Gatekeeper Policy Library"]);
    let (code, _, err) = run(env.kn().args(["search", "--exact", "gatekeepr"]));
    assert_eq!(code, 1);
    assert!(!err.contains("showing results for"), "{err}");
}

#[test]
fn and_falls_back_to_partial_matches_with_a_notice() {
    let env = gatekeeper_and_sdk();
    let (code, out, err) = run(env
        .kn()
        .args(["search", "--json", "gatekeeper", "wasmtime"]));
    assert_eq!(code, 0, "{err}");
    assert_eq!(
        err.lines().last(),
        Some("kn: no topic matches all the words; showing topics that match some of them"),
        "{err}"
    );
    let titles: Vec<_> = json_list(&out).iter().map(|h| h["title"].clone()).collect();
    assert_eq!(titles, vec!["Gatekeeper Policy Library"]);
}

#[test]
fn query_language_phrase_not_or_fields() {
    let env = TestEnv::tree(&[
        ("aliases.txt", "bob: bob_tw\n"),
        (
            "episodes/001/README.md",
            indoc! {"
                # 001
                ### @alice
                #### [eBPF networking](https://a.example/ebpf-net)
                Cilium と組み合わせる
                #### [Kubernetes 1.23 release](https://k8s.example/release-1-23)
                ### [bob](https://twitter.com/bob_tw)
                - [サーバーレスのまとめ](https://b.example/serverless)
            "},
        ),
        (
            "episodes/002/README.md",
            indoc! {"
                # 002
                ### @carol
                #### Service Mesh today
                - [Istio Ambient Mesh](https://istio.example/ambient)
                - [Linkerd 2.12](https://linkerd.example/2-12)

                eBPF everywhere

                ### @dave
                - [eBPF tracing](https://d.example/trace)
            "},
        ),
    ]);
    // Every hit must match the whole query: a filter or operator that was
    // not understood would otherwise pass through the fallback to topics
    // matching some of the words.
    let titles = |args: &[&str]| -> Vec<String> {
        let (_, out, err) = run(env.kn().args(["search", "--json", "--no-group"]).args(args));
        assert!(!err.contains("match some"), "{args:?}: {err}");
        let hits = json_list(&out);
        assert!(hits.iter().all(|h| h["matched"] == "all"), "{out}");
        let mut titles: Vec<String> = hits
            .iter()
            .map(|r| r["title"].as_str().unwrap().to_string())
            .collect();
        titles.sort();
        titles
    };
    assert_eq!(
        titles(&["ebpf"]),
        ["Service Mesh today", "eBPF networking", "eBPF tracing"]
    );
    // Only the networking topic mentions Cilium.
    assert_eq!(
        titles(&["--", "ebpf -cilium"]),
        ["Service Mesh today", "eBPF tracing"]
    );
    assert_eq!(titles(&["istio OR wasmtime"]), ["Service Mesh today"]);
    assert_eq!(
        titles(&["istio OR サーバーレス"]),
        ["Service Mesh today", "サーバーレスのまとめ"]
    );
    assert_eq!(titles(&["\"Service Mesh\""]), ["Service Mesh today"]);
    assert_eq!(titles(&["\"mesh service\""]), Vec::<String>::new());
    assert_eq!(
        titles(&["presenter:bob_tw", "サーバーレス"]),
        ["サーバーレスのまとめ"]
    );
    assert_eq!(
        titles(&["presenter:alice", "サーバーレス"]),
        Vec::<String>::new()
    );
    assert_eq!(titles(&["site:k8s.example"]), ["Kubernetes 1.23 release"]);
    assert_eq!(titles(&["episode:2", "title:mesh"]), ["Service Mesh today"]);
    assert_eq!(titles(&["episode:1", "title:mesh"]), Vec::<String>::new());
}

#[test]
fn since_and_until_filter_by_recording_date() {
    let episode = |n: &str, date: &str| {
        format!(
            "# {n}\n- Recording date: {date}\n### @alice\n- [eBPF {n}](https://a.example/{n})\n"
        )
    };
    let (e1, e2, e3) = (
        episode("001", "2021-12-20"),
        episode("002", "2022-01-07"),
        episode("003", "2022-01-14"),
    );
    let env = TestEnv::tree(&[
        ("episodes/001/README.md", &e1),
        ("episodes/002/README.md", &e2),
        ("episodes/003/README.md", &e3),
    ]);
    let eps = |args: &[&str]| -> Vec<String> {
        let (_, out, _) = run(env
            .kn()
            .args(["search", "--json", "--no-group", "ebpf"])
            .args(args));
        let mut eps: Vec<String> = json_list(&out)
            .iter()
            .map(|r| r["episode"].as_str().unwrap().to_string())
            .collect();
        eps.sort();
        eps
    };
    assert_eq!(eps(&["--since", "2022-01-10"]), ["003"]);
    assert_eq!(eps(&["--since", "2022-01-07"]), ["002", "003"]);
    assert_eq!(eps(&["--until", "2022-01"]), ["001", "002", "003"]);
    assert_eq!(eps(&["--until", "2021"]), ["001"]);
    assert_eq!(eps(&["--since", "2022", "--until", "2022-01-07"]), ["002"]);
    assert_eq!(eps(&["--since", "2022-02"]), Vec::<String>::new());
    let (code, _, err) = run(env.kn().args(["search", "ebpf", "--since", "soon"]));
    assert_eq!(code, 2);
    assert_eq!(
        err,
        "kn: error: bad date \"soon\": use YYYY, YYYY-MM or YYYY-MM-DD\n"
    );
}

#[test]
fn any_string_is_a_query_never_an_error() {
    let env = TestEnv::new();
    let long = "あ".repeat(2000);
    for q in [
        "\"",
        ":",
        "*",
        "🎉",
        "title:",
        "(",
        "OR",
        "-",
        "presenter:",
        "\"unbalanced phrase",
        long.as_str(),
    ] {
        let (code, _, err) = run(env.kn().args(["search", "--", q]));
        assert!(code == 0 || code == 1, "{q:?} exited {code}: {err}");
    }
}

#[test]
fn width_and_long_vowel_variants_match() {
    let env = TestEnv::tree(&[(
        "episodes/001/README.md",
        indoc! {"
            # 001
            ### @alice
            - [eBPF入門](https://a.example/ebpf)
            - [サーバーレスのまとめ](https://a.example/serverless)
            - [コンテナランタイムの比較](https://a.example/runtime)
              - containerd と CRI-O の違い
            - [Operator SDK 1.0](https://a.example/sdk)
        "},
    )]);
    for (q, url) in [
        ("ＥＢＰＦ", "https://a.example/ebpf"),
        ("サーバレス", "https://a.example/serverless"),
        ("ｻｰﾊﾞｰﾚｽ", "https://a.example/serverless"),
        ("コンテナランタイム", "https://a.example/runtime"),
        ("ランタイム", "https://a.example/runtime"),
        ("container runtime", "https://a.example/runtime"),
    ] {
        let (code, out, err) = run(env.kn().args(["search", "--json", q]));
        assert_eq!(code, 0, "{q}: {err}");
        let first = &json_list(&out)[0];
        assert_eq!(
            (&first["url"], &first["matched"]),
            (&url.into(), &"all".into()),
            "{q}: {out}"
        );
    }
}

#[test]
fn words_typed_together_match_apart_but_rank_below_the_phrase() {
    let env = TestEnv::tree(&[(
        "episodes/001/README.md",
        indoc! {"
            # 001
            ### @alice
            - [eBPFで始めるネットワーク可観測性](https://a.example/ebpf-observability)
            - [eBPF tracing](https://a.example/ebpf-tracing)
        "},
    )]);
    // "eBPF" and "観測" appear in one topic but not next to each other in
    // the typed order: that topic matches all the words, alone, no notice.
    let (code, out, err) = run(env
        .kn()
        .args(["search", "--json", "--no-group", "観測eBPF"]));
    assert_eq!(code, 0, "{err}");
    assert!(!err.contains("match some"), "{err}");
    let urls: Vec<_> = json_list(&out).iter().map(|h| h["url"].clone()).collect();
    assert_eq!(urls, ["https://a.example/ebpf-observability"], "{out}");
    // Quoted, the same words must stand together: no topic has them so.
    env.kn().args(["search", "\"観測eBPF\""]).assert().code(1);
}

#[test]
fn topics_with_some_of_the_words_follow_those_with_all() {
    let env = TestEnv::tree(&[(
        "episodes/001/README.md",
        indoc! {"
            # 001
            ### @alice
            - [eBPF and Linkerd together](https://a.example/both)
            - [eBPF tracing](https://a.example/ebpf)
            - [Linkerd 2.12](https://a.example/linkerd)
            - [Operator SDK 1.0](https://a.example/sdk)
        "},
    )]);
    let (code, out, err) =
        run(env
            .kn()
            .args(["search", "ebpf", "linkerd", "--json", "--no-group"]));
    assert_eq!(code, 0, "{err}");
    assert_eq!(
        err.lines().last(),
        Some("kn: 1 topic matches all the words; 2 more below it match some"),
        "{err}"
    );
    let hits = json_list(&out);
    let matched: Vec<&str> = hits
        .iter()
        .map(|h| h["matched"].as_str().unwrap())
        .collect();
    assert_eq!(matched, vec!["all", "some", "some"]);
    assert_eq!(hits[0]["url"], "https://a.example/both");
    // Only full matches when there are enough of them.
    let (_, out, err) = run(env
        .kn()
        .args(["search", "ebpf", "linkerd", "--json", "-n", "1"]));
    assert!(!err.contains("match some"), "{err}");
    let hits = json_list(&out);
    assert_eq!(hits.len(), 1, "{out}");
    assert_eq!(
        (&hits[0]["matched"], &hits[0]["url"]),
        (&"all".into(), &"https://a.example/both".into())
    );
}

#[test]
fn counts_are_bounded_where_parsed_or_by_the_index() {
    let env = TestEnv::new();
    let (code, out, err) =
        run(env
            .kn()
            .args(["search", "--json", "--no-group", "--limit", "500", "ebpf"]));
    assert_eq!(code, 0, "{err}");
    let all = json_list(&out).len();
    assert!(all > 1, "{out}");
    // A top-k collector sized by the limit used to abort on these.
    for limit in ["99999999999", "18446744073709551616"] {
        for group in [true, false] {
            let mut cmd = env.kn();
            cmd.args(["search", "--json", "--limit", limit, "ebpf"]);
            if !group {
                cmd.arg("--no-group");
            }
            let (code, out, err) = run(&mut cmd);
            assert_eq!(code, 0, "--limit {limit}: {err}");
            assert!(json_list(&out).len() <= all, "{out}");
            assert!(!json_list(&out).is_empty(), "{out}");
        }
    }
    let (code, out, err) = run(env.kn().args([
        "search",
        "--json",
        "--no-group",
        "--limit",
        "99999999999",
        "ebpf",
    ]));
    assert_eq!((code, json_list(&out).len()), (0, all), "{err}");
    let id = json_list(&out)[0]["id"].as_str().unwrap().to_string();
    let (code, out, err) = run(env
        .kn()
        .args(["related", "--json", "--limit", "99999999999", &id]));
    assert_eq!(code, 0, "{err}");
    assert!(!json_list(&out).is_empty(), "{out}");
    for (args, line) in [
        (
            vec!["search", "--limit", "0", "ebpf"],
            "kn: error: invalid value '0' for '--limit <N>': must be at least 1 (see kn --help)",
        ),
        (
            vec!["related", "-n", "-3", &id],
            "kn: error: unexpected argument '-3' found (tip: to pass '-3' as a value, use '-- -3'; see kn --help)",
        ),
        (
            vec!["ingest", "--memory-mb", "99999999999"],
            "kn: error: invalid value '99999999999' for '--memory-mb <MIB>': 99999999999 is not in 16..=65536 (see kn --help)",
        ),
    ] {
        let (code, out, err) = run(env.kn().args(&args));
        assert_eq!(
            (code, out.as_str(), err.trim_end()),
            (2, "", line),
            "{args:?}"
        );
    }
}
