//! One test per note format the splitter understands, on small fixtures.

use super::*;

fn parse(path: &str, text: &str) -> ParsedFile {
    let placement = super::super::layout::place(path, text).expect("fixture is placeable");
    split(path, text, &placement, &Aliases::builtin())
}

fn titles(p: &ParsedFile) -> Vec<(&str, Option<&str>, Option<&str>)> {
    p.topics
        .iter()
        .map(|t| (t.title.as_str(), t.url.as_deref(), t.presenter.as_deref()))
        .collect()
}

const HEADER: &str = "# 014\n\n- Hosted by @bells17\n- Recording date: 2021-04-02\n- Video: https://youtu.be/V\n- Guest: [@kitagry](https://twitter.com/kitagry)さん, @inductor\n\n## Contents\n\n";

#[test]
fn episode_header_fields() {
    let p = parse("episodes/014/README.md", HEADER);
    let h = p.header.unwrap();
    assert_eq!(h.number, "014");
    assert_eq!(h.host.as_deref(), Some("bells17"));
    assert_eq!(h.date.as_deref(), Some("2021-04-02"));
    assert_eq!(h.video.as_deref(), Some("https://youtu.be/V"));
    assert_eq!(h.guests, vec!["kitagry", "inductor"]);
    assert!(
        p.topics.is_empty(),
        "header lines are not topics: {:?}",
        p.topics
    );
    assert!(
        p.links
            .iter()
            .any(|l| l.url == "https://twitter.com/kitagry")
    );
    assert!(p.warnings.is_empty(), "{:?}", p.warnings);
}

#[test]
fn malformed_date_is_kept_and_warned() {
    let p = parse(
        "episodes/012/README.md",
        "# 012\n- Recording date: 2021-03-012\n",
    );
    let h = p.header.unwrap();
    assert_eq!(h.date_raw.as_deref(), Some("2021-03-012"));
    assert_eq!(h.date.as_deref(), Some("2021-03-12"));
    assert_eq!(p.warnings.len(), 1);
    assert_eq!(p.warnings[0].line, Some(2));
}

#[test]
fn h4_link_headings_under_at_presenter() {
    let text = format!(
        "{HEADER}### @ryojsb\n\n#### [Quark Container](https://github.com/QuarkContainer/Quark)\nRUST製のOCI Runtime\n- OCI compatible\n\n#### [Kasten](https://kasten.io/x)\n- [kubestr](https://kubestr.io/)について\n"
    );
    let p = parse("episodes/014/README.md", &text);
    assert_eq!(
        titles(&p),
        vec![
            (
                "Quark Container",
                Some("https://github.com/QuarkContainer/Quark"),
                Some("ryojsb")
            ),
            ("Kasten", Some("https://kasten.io/x"), Some("ryojsb")),
        ]
    );
    assert!(p.topics[0].body.contains("RUST製のOCI Runtime"));
    assert!(p.topics[0].body.contains("OCI compatible"));
    assert_eq!(
        p.topics[1].links,
        vec![Link {
            title: "kubestr".into(),
            url: "https://kubestr.io/".into()
        }]
    );
    assert_eq!(p.topics[0].line, 12);
}

#[test]
fn twitter_link_presenter_heading_is_the_same_person() {
    let text = "# 021\n### [ry](https://twitter.com/URyo_0213)\n#### [A](https://a.example/)\n### [chago](https://twitter.com/it__chago)\n#### [B](https://b.example/)\n### [北川亮さん](https://twitter.com/kitagry)\n#### [C](https://c.example/)\n";
    let p = parse("episodes/021/README.md", text);
    let presenters: Vec<_> = p
        .topics
        .iter()
        .map(|t| t.presenter.as_deref().unwrap())
        .collect();
    assert_eq!(presenters, vec!["ryojsb", "chago", "kitagry"]);
    assert!(
        p.links
            .iter()
            .any(|l| l.url == "https://twitter.com/URyo_0213")
    );
}

#[test]
fn non_presenter_h3_link_is_a_topic_and_neta_heading_names_presenter() {
    let text = "## bells17 ネタ\n\n### [KEP-1959](https://github.com/kubernetes/enhancements/pull/1960)\n\n- ついにServiceの type: Loadbalancer\n\n###  [CKS](https://medium.com/faun/cks)\n\n- 新しくできたk8sの資格\n";
    let p = parse("resource/kubenews_1/bells17.md", text);
    assert_eq!(
        titles(&p),
        vec![
            (
                "KEP-1959",
                Some("https://github.com/kubernetes/enhancements/pull/1960"),
                Some("bells17")
            ),
            ("CKS", Some("https://medium.com/faun/cks"), Some("bells17")),
        ]
    );
    assert_eq!(p.topics[0].episode, "001");
}

#[test]
fn resource_file_name_is_the_presenter() {
    let text =
        "# ry ネタ\n\n- [KubeLinter](https://www.civo.com/learn/kubelinter)\n  - KubeWeekly #240\n";
    let p = parse("resource/kubenews_1/ry.md", text);
    assert_eq!(
        titles(&p),
        vec![(
            "KubeLinter",
            Some("https://www.civo.com/learn/kubelinter"),
            Some("ryojsb")
        )]
    );
    let p = parse("resource/kubenews_1/ry.md", "- [K](https://k.example/)\n");
    assert_eq!(p.topics[0].presenter.as_deref(), Some("ryojsb"));
}

#[test]
fn top_level_bullets_with_sub_bullets_are_topics() {
    let text = "# 001\n## Contents\n### @ryojsb\n- [Edge Computing](https://www.cncf.io/webinars/edge/)\n  - kubeweekly\n  - [LWKD](http://lwkd.info/2020/20201102)\n    - Secretに書かれない\n- [TokenRequest GA](https://github.com/kubernetes/kubernetes/pull/93258)\n";
    let p = parse("episodes/001/README.md", text);
    assert_eq!(
        titles(&p),
        vec![
            (
                "Edge Computing",
                Some("https://www.cncf.io/webinars/edge/"),
                Some("ryojsb")
            ),
            (
                "TokenRequest GA",
                Some("https://github.com/kubernetes/kubernetes/pull/93258"),
                Some("ryojsb")
            ),
        ]
    );
    assert_eq!(
        p.topics[0].links,
        vec![Link {
            title: "LWKD".into(),
            url: "http://lwkd.info/2020/20201102".into()
        }]
    );
    assert!(p.topics[0].body.contains("kubeweekly"));
    assert!(p.topics[0].body.contains("Secretに書かれない"));
    assert!(!p.topics[0].body.contains("TokenRequest"));
}

#[test]
fn plain_heading_followed_by_bullets_takes_first_link_as_url() {
    let text = "# 004\n### @ryojsb\n#### OPA The Easy Way\n- kubeweekly(12/12)\n- [InflaCloud Blog](https://www.infracloud.io/blogs/opa/)\n- [Policy Engine](https://nirmata.com/policy/)\n";
    let p = parse("episodes/004/README.md", text);
    assert_eq!(
        titles(&p),
        vec![(
            "OPA The Easy Way",
            Some("https://www.infracloud.io/blogs/opa/"),
            Some("ryojsb")
        )]
    );
    assert_eq!(p.topics[0].links.len(), 1);
    assert!(p.topics[0].body.contains("kubeweekly(12/12)"));
}

#[test]
fn presenter_section_with_only_a_paragraph_link_or_a_bare_url() {
    let text = "# 020\n### [@taisho6339](https://twitter.com/taisho6339)\n[最短で理解して運用するGrafana Loki](https://taisho6339.hatenablog.com/entry/loki)\n### [bells17](https://twitter.com/bells17_)\nhttps://zenn.dev/bells17/articles/k8s-20210709\n";
    let p = parse("episodes/020/README.md", text);
    assert_eq!(
        titles(&p),
        vec![
            (
                "最短で理解して運用するGrafana Loki",
                Some("https://taisho6339.hatenablog.com/entry/loki"),
                Some("taisho6339")
            ),
            (
                "https://zenn.dev/bells17/articles/k8s-20210709",
                Some("https://zenn.dev/bells17/articles/k8s-20210709"),
                Some("bells17")
            ),
        ]
    );
}

#[test]
fn linkless_paragraph_titles_list_of_bare_urls() {
    let text = "# 023\n### [mochizuki875](https://twitter.com/mochizuki875)\n コンテナの歴史を追いながらおさらい / Infra Study 2nd #2\n  - スライド（https://speakerdeck.com/tenforward/infra）\n  - 動画（https://youtube.com/watch?v=poQ）\n";
    let p = parse("episodes/023/README.md", text);
    assert_eq!(p.topics.len(), 1, "{:?}", p.topics);
    let t = &p.topics[0];
    assert_eq!(
        t.title,
        "コンテナの歴史を追いながらおさらい / Infra Study 2nd #2"
    );
    assert_eq!(
        t.url.as_deref(),
        Some("https://speakerdeck.com/tenforward/infra")
    );
    assert_eq!(
        t.links,
        vec![Link {
            title: "動画".into(),
            url: "https://youtube.com/watch?v=poQ".into()
        }]
    );
}

#[test]
fn code_blocks_html_embeds_and_images() {
    let text = "# 004\n### @ryojsb\n#### Topology\n- [Service Topology](https://kubernetes.io/docs/st/)\n\n```yaml\nkind: Service\nspec:\n  topologyKeys: # see https://k8s.io/tk\n```\n\n<blockquote class=\"twitter-tweet\"><p>複数の Service type=LoadBalancer <a href=\"https://t.co/ioM0c8yOFf\">https://t.co/ioM0c8yOFf</a></p>&mdash; すぱぶら</blockquote>\n\n![flow](https://user-images.example/flow.png)\n";
    let p = parse("episodes/004/README.md", text);
    assert_eq!(p.topics.len(), 1);
    let t = &p.topics[0];
    assert!(t.body.contains("topologyKeys"), "{}", t.body);
    assert!(
        t.body.contains("複数の Service") && t.body.contains("— すぱぶら"),
        "{}",
        t.body
    );
    assert!(!t.body.contains("<blockquote"));
    let urls: Vec<_> = t.links.iter().map(|l| l.url.as_str()).collect();
    assert!(urls.contains(&"https://k8s.io/tk"));
    assert!(urls.contains(&"https://t.co/ioM0c8yOFf"));
    assert!(
        !urls.iter().any(|u| u.ends_with(".png")),
        "images are not links"
    );
    assert_eq!(
        t.images,
        vec![Link {
            title: "flow".into(),
            url: "https://user-images.example/flow.png".into()
        }]
    );
}

#[test]
fn linkless_text_becomes_a_note_and_absence_is_kept() {
    let text = "# 024\n## Contents\n今回は、ゲストお2人をお呼びし、\n- Kubenetes Meetup Tokyo\n- Kubernetes Novice Tokyo\n\nでの登壇について伺いました。\n### @chago (欠席)\n### [bells17](https://twitter.com/bells17_)\n[今週のニュース](https://zenn.dev/bells17/a)\n";
    let p = parse("episodes/024/README.md", text);
    assert_eq!(p.topics.len(), 2, "{:?}", p.topics);
    assert_eq!(p.topics[0].url, None);
    assert!(p.topics[0].body.contains("Kubernetes Novice Tokyo"));
    assert!(p.topics[0].body.contains("伺いました"));
    assert_eq!(p.topics[1].presenter.as_deref(), Some("bells17"));
    // An absent presenter's heading is still theirs, whatever the spelling
    // (the `@` form is read by its first word, so this one tests the rule).
    let text = "# 024\n### chago（欠席）\n- [X](https://x.example/)\n### bells17 (absent)\n- [Y](https://y.example/)\n";
    let p = parse("episodes/024/README.md", text);
    let who: Vec<_> = p
        .topics
        .iter()
        .map(|t| (t.presenter.as_deref(), t.title.as_str()))
        .collect();
    assert_eq!(who, [(Some("chago"), "X"), (Some("bells17"), "Y")]);
}

#[test]
fn topic_ids_are_stable_and_unique() {
    let text = "# 002\n### @a\n- [X](https://x.example/)\n- [X again](https://x.example/)\n";
    let p = parse("episodes/002/README.md", text);
    assert_ne!(p.topics[0].id, p.topics[1].id);
    let shifted = format!("\n\n{text}");
    let q = parse("episodes/002/README.md", &shifted);
    assert_eq!(p.topics[0].id, q.topics[0].id, "ids survive line moves");
    assert!(p.topics[0].id.starts_with("002-"));
}

#[test]
fn no_url_is_lost_even_in_odd_places() {
    let text = "# 005\n- Hosted by @bells17\n- Sponsor: https://sponsor.example/\n\n| a | b |\n|---|---|\n| https://table.example/ | [t](https://t2.example/) |\n";
    let p = parse("episodes/005/README.md", text);
    let mut all: Vec<String> = p.links.iter().map(|l| l.url.clone()).collect();
    for t in &p.topics {
        all.extend(t.url.clone());
        all.extend(t.links.iter().map(|l| l.url.clone()));
    }
    for u in [
        "https://sponsor.example/",
        "https://table.example/",
        "https://t2.example/",
    ] {
        assert!(all.iter().any(|a| a == u), "{u} lost: {all:?}");
    }
    assert!(p.warnings.iter().any(|w| w.message.contains("Sponsor")));
}

#[test]
fn empty_and_weird_input_does_not_panic() {
    for text in [
        "",
        "\n\n",
        "# 1\n",
        "####\n",
        "- \n-",
        "[",
        "[a](",
        "<div>",
        "```\nunclosed",
        "# 003\n- Recording date: 2021-01-\n",
    ] {
        let _ = parse("episodes/003/README.md", text);
    }
}

#[test]
fn sentence_then_bare_url_paragraph_is_one_topic() {
    let text = "# 022\n### [bells17](https://twitter.com/bells17_)\n\n試験的にzennの方で記事化してまとめてみた\n\nhttps://zenn.dev/bells17/articles/k8s-20210611\n";
    let p = parse("episodes/022/README.md", text);
    assert_eq!(
        titles(&p),
        vec![(
            "試験的にzennの方で記事化してまとめてみた",
            Some("https://zenn.dev/bells17/articles/k8s-20210611"),
            Some("bells17")
        )]
    );
}

#[test]
fn bullet_with_url_in_parentheses_keeps_url_out_of_title() {
    let text = "# 019\n### [jacopen](https://twitter.com/jacopen)\n- AWS App Runner のご紹介(https://aws.amazon.com/jp/blogs/news/app-runner/)\n";
    let p = parse("episodes/019/README.md", text);
    assert_eq!(
        titles(&p),
        vec![(
            "AWS App Runner のご紹介",
            Some("https://aws.amazon.com/jp/blogs/news/app-runner/"),
            Some("jacopen")
        )]
    );
}

#[test]
fn top_level_bullets_after_a_titled_list_are_topics_of_their_own() {
    // A plain line titles the indented bullets under it; the top-level
    // bullets after them (CommonMark puts them in the same list) each title
    // their own nested bare URLs.
    let text = format!(
        "{HEADER}### @ryojsb\n 分散トレーシング入門 / 勉強会 #3\n  - 資料（https://slides.example/tracing-101）\n  - 録画（https://video.example/watch?v=1）\n\n- CVE-2099-0001: ingress controller の権限昇格\n  - https://cve.example/CVE-2099-0001\n  - https://blog.example/ingress-privilege-escalation\n\n- Ten tips for smaller images\n  - https://tips.example/smaller-images\n"
    );
    let p = parse("episodes/014/README.md", &text);
    assert_eq!(
        titles(&p),
        vec![
            (
                "分散トレーシング入門 / 勉強会 #3",
                Some("https://slides.example/tracing-101"),
                Some("ryojsb")
            ),
            (
                "CVE-2099-0001: ingress controller の権限昇格",
                Some("https://cve.example/CVE-2099-0001"),
                Some("ryojsb")
            ),
            (
                "Ten tips for smaller images",
                Some("https://tips.example/smaller-images"),
                Some("ryojsb")
            ),
        ]
    );
    let links =
        |i: usize| -> Vec<&str> { p.topics[i].links.iter().map(|l| l.url.as_str()).collect() };
    assert_eq!(links(0), vec!["https://video.example/watch?v=1"]);
    assert_eq!(
        links(1),
        vec!["https://blog.example/ingress-privilege-escalation"]
    );
    assert!(links(2).is_empty());
}

#[test]
fn plain_heading_over_bare_urls_of_different_sites_is_one_topic_each() {
    let text = format!(
        "{HEADER}### @bells17\n\n#### お知らせ\n\n- https://books.example/k8s-internals\n\n- https://events.example/meetup/42/\n\n#### 続編\n\n- https://blog.example/part-1\n- https://blog.example/part-2\n\n#### 読んだ\n\n前後編の記事\n- https://one.example/a\n- https://two.example/b\n"
    );
    let p = parse("episodes/014/README.md", &text);
    let urls = |title: &str| -> Vec<Vec<&str>> {
        p.topics
            .iter()
            .filter(|t| t.title == title)
            .map(|t| {
                t.url
                    .iter()
                    .map(String::as_str)
                    .chain(t.links.iter().map(|l| l.url.as_str()))
                    .collect()
            })
            .collect()
    };
    // Nothing ties a book to an event: two topics under the heading.
    assert_eq!(
        urls("お知らせ"),
        vec![
            vec!["https://books.example/k8s-internals"],
            vec!["https://events.example/meetup/42/"]
        ]
    );
    // One site's two parts, or links with words of their own: one topic.
    assert_eq!(
        urls("続編"),
        vec![vec![
            "https://blog.example/part-1",
            "https://blog.example/part-2"
        ]]
    );
    assert_eq!(
        urls("読んだ"),
        vec![vec!["https://one.example/a", "https://two.example/b"]]
    );
    assert_eq!(p.topics.len(), 4, "{:?}", titles(&p));
}
