//! Finding URLs that markdown does not mark up: bare URLs in text and code,
//! `href`/`src` attributes in HTML embeds, and URL clean-up for display.

use std::sync::LazyLock;

use regex::Regex;

use super::Link;

/// A bare http(s) URL. Stops at whitespace, markdown/HTML delimiters and the
/// full-width brackets and punctuation Japanese text puts around URLs
/// (`スライド（https://…）`).
static BARE_URL: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r#"https?://[^\s\p{Cc}<>"'`\[\]()（）「」『』【】、。，！？]+"#)
        .expect("valid regex")
});

static HTML_ATTR_URL: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r#"(?i)\b(?:href|src)\s*=\s*["']([^"']+)["']"#).expect("valid regex")
});

static HTML_ANCHOR: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r#"(?is)<a\s[^>]*?href\s*=\s*["']([^"']+)["'][^>]*>(.*?)</a\s*>"#)
        .expect("valid regex")
});

static HTML_TAG: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?s)<!--.*?-->|<[^>]*>").expect("valid regex"));

/// Bare URLs in `text`, each with the words just before it on the same line
/// as anchor text (`動画（https://…）` → `動画`), or the URL itself.
pub fn bare_urls(text: &str) -> Vec<Link> {
    bare_url_spans(text)
        .map(|(start, url)| bare_link(text, start, url))
        .collect()
}

/// Where bare URLs start in `text`, and each URL (trimmed): what
/// [`bare_urls`] finds, without making links of them.
pub fn bare_url_spans(text: &str) -> impl Iterator<Item = (usize, &str)> {
    // Most text pieces hold no URL; a substring check is cheaper than a
    // regex search (taking a matcher from its pool) for each of them.
    let any = text.contains("http");
    BARE_URL
        .find_iter(if any { text } else { "" })
        .map(|m| (m.start(), trim_url(m.as_str())))
        .filter(|(_, url)| url.len() > "https://".len())
}

/// The link of the bare URL `url` found at `start` in `text`.
pub fn bare_link(text: &str, start: usize, url: &str) -> Link {
    let line_start = text[..start].rfind('\n').map_or(0, |i| i + 1);
    let before = text[line_start..start]
        .trim()
        .trim_end_matches(['(', '（', ':', '：', '-', '=', '→', '['])
        .trim_start_matches(|c: char| c == '-' || c == '*' || c == '+' || c.is_whitespace())
        .trim();
    let title = if before.is_empty() || before.chars().count() > 40 {
        url.to_string()
    } else {
        before.to_string()
    };
    Link {
        title,
        url: url.to_string(),
    }
}

/// Trailing sentence punctuation is almost never part of a URL.
fn trim_url(url: &str) -> &str {
    url.trim_end_matches(['.', ',', ';', ':', '!', '?', '*', '_', '~'])
}

/// Links in an HTML fragment: `<a href="…">text</a>` with its text, then any
/// other `href="…"`/`src="…"` attribute with the URL as its title.
pub fn html_links(html: &str) -> Vec<Link> {
    let decode = |s: &str| html_escape::decode_html_entities(s).into_owned();
    let is_web = |u: &str| u.starts_with("http://") || u.starts_with("https://");
    let mut out: Vec<Link> = Vec::new();
    for c in HTML_ANCHOR.captures_iter(html) {
        let url = decode(&c[1]);
        let text = html_text(&c[2]);
        let text = text.split_whitespace().collect::<Vec<_>>().join(" ");
        if is_web(&url) {
            out.push(Link {
                title: if text.is_empty() { url.clone() } else { text },
                url,
            });
        }
    }
    for c in HTML_ATTR_URL.captures_iter(html) {
        let url = decode(&c[1]);
        if is_web(&url) && !out.iter().any(|l| l.url == url) {
            out.push(Link {
                title: url.clone(),
                url,
            });
        }
    }
    out
}

/// The human-readable text of an HTML fragment: tags dropped, entities decoded.
pub fn html_text(html: &str) -> String {
    let stripped = HTML_TAG.replace_all(html, " ");
    html_escape::decode_html_entities(&stripped).into_owned()
}

/// Query parameters that only track where a click came from. Dropped for
/// display and for recognising the same article under several URLs.
const TRACKING_PARAMS: &[&str] = &[
    "utm_source",
    "utm_medium",
    "utm_campaign",
    "utm_content",
    "utm_term",
    "_hsmi",
    "_hsenc",
    "fbclid",
    "gclid",
    "ref_src",
    "ref_url",
    "mc_cid",
    "mc_eid",
    "s",
];

/// `url` without tracking parameters (and without a `?` left empty).
pub fn strip_tracking(url: &str) -> String {
    let Some((base, rest)) = url.split_once('?') else {
        return url.to_string();
    };
    let (query, fragment) = match rest.split_once('#') {
        Some((q, f)) => (q, Some(f)),
        None => (rest, None),
    };
    let kept: Vec<&str> = query
        .split('&')
        .filter(|kv| {
            let key = kv.split('=').next().unwrap_or("");
            !kv.is_empty() && !TRACKING_PARAMS.iter().any(|t| t.eq_ignore_ascii_case(key))
        })
        .collect();
    let mut out = base.to_string();
    if !kept.is_empty() {
        out.push('?');
        out.push_str(&kept.join("&"));
    }
    if let Some(f) = fragment {
        out.push('#');
        out.push_str(f);
    }
    out
}

/// The identity of an article behind its URL spellings: tracking parameters,
/// fragment, `www.`, scheme, default port, percent-encoding of the path and
/// trailing slash do not matter. Parsed by the `url` crate (hosts with a
/// query and no path, ports, IPv6 literals); text it cannot parse as a URL
/// keeps its own spelling, lowercased up to the first `/`.
pub fn canonical_url(url: &str) -> String {
    let clean = strip_tracking(url);
    let Some(u) = web_url(&clean) else {
        let clean = clean.split('#').next().unwrap_or("");
        let rest = clean.split_once("://").map_or(clean, |(_, r)| r);
        let (host, path) = rest.split_once('/').unwrap_or((rest, ""));
        let host = host.to_ascii_lowercase();
        let host = host.strip_prefix("www.").unwrap_or(&host);
        return format!("{host}/{}", path.trim_end_matches('/'));
    };
    let host = u.host_str().unwrap_or("");
    let host = host.strip_prefix("www.").unwrap_or(host);
    let port = u.port().map(|p| format!(":{p}")).unwrap_or_default();
    let path = u.path().trim_matches('/');
    match u.query() {
        Some(q) => format!("{host}{port}/{path}?{q}"),
        None => format!("{host}{port}/{path}"),
    }
}

/// `text` as a URL with a host (http, https or another scheme with one).
fn web_url(text: &str) -> Option<url::Url> {
    url::Url::parse(text.trim()).ok().filter(|u| u.has_host())
}

/// A 64-bit key of [`canonical_url`]: the index stores it as a fast field so
/// that grouping search results by URL can tell a new URL from one already
/// shown without loading the stored document. Equal URLs always get equal
/// keys; a collision only makes the caller load a document to compare.
pub fn url_key(url: &str) -> u64 {
    canonical_key(&canonical_url(url))
}

/// [`url_key`] of a URL already made canonical. FNV-1a: a fixed function
/// (the key is stored in the index), cheap for short strings, and no CPU
/// probing on first use as blake3 does (`cpuid` traps cost 5 µs in a VM).
pub fn canonical_key(canonical: &str) -> u64 {
    use std::hash::Hasher;
    let mut h = fnv::FnvHasher::default();
    h.write(canonical.as_bytes());
    h.finish()
}

/// Host of a URL, lowercased, without `www.` (IPv6 literals in brackets).
pub fn host(url: &str) -> Option<String> {
    let u = web_url(url)?;
    let host = u.host_str()?.to_ascii_lowercase();
    Some(host.strip_prefix("www.").unwrap_or(&host).to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bare_url_in_fullwidth_parens_takes_preceding_word_as_title() {
        let links = bare_urls("  - スライド（https://speakerdeck.com/tenforward/infra-study）");
        assert_eq!(
            links,
            vec![Link {
                title: "スライド".into(),
                url: "https://speakerdeck.com/tenforward/infra-study".into()
            }]
        );
    }

    #[test]
    fn bare_url_alone_is_its_own_title_and_loses_trailing_period() {
        let links = bare_urls("see https://ebpf.io/.\n");
        assert_eq!(links[0].url, "https://ebpf.io/");
        assert_eq!(links[0].title, "see");
        let links = bare_urls("https://ebpf.io/");
        assert_eq!(links[0].title, "https://ebpf.io/");
    }

    #[test]
    fn html_embed_yields_text_and_hrefs() {
        let html = r#"<blockquote><p>KEP <a href="https://t.co/ioM0c8yOFf">link</a></p>&mdash; すぱぶら</blockquote>"#;
        assert_eq!(
            html_links(html),
            vec![Link {
                title: "link".into(),
                url: "https://t.co/ioM0c8yOFf".into()
            }]
        );
        let text = html_text(html);
        assert!(
            text.contains("KEP") && text.contains("— すぱぶら") && !text.contains(['<', '>', '&']),
            "{text}"
        );
    }

    #[test]
    fn tracking_parameters_are_stripped_but_real_ones_kept() {
        assert_eq!(
            strip_tracking("https://n.com/a/?utm_medium=email&_hsmi=1&id=3#x"),
            "https://n.com/a/?id=3#x"
        );
        assert_eq!(
            strip_tracking("https://t.com/s/1?s=20"),
            "https://t.com/s/1"
        );
        assert_eq!(strip_tracking("https://a.com/"), "https://a.com/");
    }

    #[test]
    fn canonical_urls_ignore_spelling_noise() {
        let a = canonical_url("https://www.Example.com/a/?utm_source=x#top");
        assert_eq!(a, "example.com/a");
        assert_eq!(canonical_url("http://example.com/a"), a);
        assert_ne!(canonical_url("https://example.com/b"), a);
    }

    #[test]
    fn urls_are_read_by_their_syntax_not_by_splitting() {
        // A query straight after the host is not part of it.
        assert_eq!(host("https://a.example?x=1").as_deref(), Some("a.example"));
        assert_eq!(canonical_url("https://a.example?x=1"), "a.example/?x=1");
        assert_eq!(
            canonical_url("https://a.example/?x=1"),
            canonical_url("https://A.example?x=1")
        );
        // IPv6 hosts keep their brackets; ports other than the default stay.
        assert_eq!(host("http://[::1]:8080/x").as_deref(), Some("[::1]"));
        assert_eq!(canonical_url("http://[::1]:8080/x/"), "[::1]:8080/x");
        assert_eq!(canonical_url("https://a.example:443/x"), "a.example/x");
        assert_ne!(canonical_url("https://a.example:8443/x"), "a.example/x");
        // User info is not the host; a percent-encoded path is the same path.
        assert_eq!(
            host("https://me@www.a.example/x").as_deref(),
            Some("a.example")
        );
        assert_eq!(
            canonical_url("https://ja.example/wiki/コンテナ"),
            canonical_url("https://ja.example/wiki/%E3%82%B3%E3%83%B3%E3%83%86%E3%83%8A")
        );
        assert_eq!(host("not a url"), None);
        assert_eq!(canonical_url("example.com/a/"), "example.com/a");
    }

    #[test]
    fn url_keys_follow_the_canonical_url() {
        let k = url_key("https://www.Example.com/a/?utm_source=x#top");
        assert_eq!(url_key("http://example.com/a"), k);
        assert_eq!(canonical_key("example.com/a"), k);
        assert_ne!(url_key("https://example.com/b"), k);
    }

    #[test]
    fn host_is_lowercase_without_www() {
        assert_eq!(
            host("https://WWW.Example.com:8080/x").as_deref(),
            Some("example.com")
        );
    }
}
