//! The episode header: `# 014` followed by a list of `Key: value` lines.
//!
//! ```text
//! # 014
//! - Hosted by @bells17
//! - Recording date: 2021-04-02
//! - Video: https://youtu.be/VxRDMBmaDgU
//! - Guest: [@kitagry](https://twitter.com/kitagry), @inductor
//! ```

use std::sync::LazyLock;

use chrono::NaiveDate;
use regex::Regex;
use serde::{Deserialize, Serialize};

use super::presenters::{Aliases, clean, profile_handle};

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct EpisodeHeader {
    /// The number as written in the `#` heading (`014`, `001-private`).
    pub number: String,
    /// Date as written, kept even when it cannot be read.
    pub date_raw: Option<String>,
    /// `YYYY-MM-DD`, or `YYYY-MM` when the day is missing.
    pub date: Option<String>,
    pub host: Option<String>,
    pub guests: Vec<String>,
    pub video: Option<String>,
}

/// What one header line said, with a problem to report if it was odd.
pub enum HeaderField {
    Host(String),
    Date {
        raw: String,
        parsed: Option<String>,
        problem: Option<String>,
    },
    Video(Option<String>),
    Guests(Vec<String>),
    Unknown,
}

static EPISODE_HEADING: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^\s*(\d{1,6})((?:-[\w.-]+)?)\s*$").expect("valid regex"));
/// Header keys, English (separator optional: `Hosted by @x`) or Japanese
/// (separator required, so a sentence starting with 動画 is not a key).
static KEY_VALUE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i)^\s*(?:(hosted\s+by|host|recording\s+date|date|video|guests?)\s*[:：]?|(ホスト|司会|収録日|日時|日付|配信日|動画|アーカイブ|録画|ゲスト)\s*[:：])\s*(.*)$",
    )
    .expect("valid regex")
});
static DATE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(\d{4})\s*[-/.年]\s*(\d{1,2})(?:\s*[-/.月]\s*(\d{1,3}))?").expect("valid regex")
});
static MD_LINK: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"\[([^\]]*)\]\(([^)\s]*)\)").expect("valid regex"));

/// `014` / `14` / `001-private` from an `#` heading text, normalised to three
/// digits (`14` → `014`).
pub fn episode_number(heading: &str) -> Option<String> {
    let c = EPISODE_HEADING.captures(heading)?;
    let n: u32 = c[1].parse().ok()?;
    Some(format!("{n:03}{}", &c[2]))
}

/// Reads one header list line (without its `- ` marker).
pub fn parse_field(line: &str, aliases: &Aliases) -> HeaderField {
    // A match test first (a DFA scan): most lines are not header fields,
    // and a capture search on each was a visible share of ingest.
    if !KEY_VALUE.is_match(line) {
        return HeaderField::Unknown;
    }
    let Some(c) = KEY_VALUE.captures(line) else {
        return HeaderField::Unknown;
    };
    let key = match c.get(1).or_else(|| c.get(2)) {
        Some(k) => k.as_str().to_ascii_lowercase(),
        None => return HeaderField::Unknown,
    };
    let value = c[3].trim();
    if key.starts_with("host") || key == "ホスト" || key == "司会" {
        let name = people(value, aliases)
            .into_iter()
            .next()
            .unwrap_or_else(|| clean(value));
        HeaderField::Host(name)
    } else if key.contains("date") || matches!(key.as_str(), "収録日" | "日時" | "日付" | "配信日")
    {
        let (parsed, problem) = parse_date(value);
        HeaderField::Date {
            raw: value.to_string(),
            parsed,
            problem,
        }
    } else if matches!(key.as_str(), "video" | "動画" | "アーカイブ" | "録画") {
        let url = value
            .split_whitespace()
            .find(|w| w.starts_with("http"))
            .map(str::to_string);
        let url = url.or_else(|| MD_LINK.captures(value).map(|c| c[2].to_string()));
        HeaderField::Video(url)
    } else {
        HeaderField::Guests(people(value, aliases))
    }
}

/// Guests/host: `@a, @b`, `[@a](https://twitter.com/a)さん`,
/// `[Kazuto Kusama(jacopen)さん](https://twitter.com/jacopen)`, or `-`.
fn people(value: &str, aliases: &Aliases) -> Vec<String> {
    let mut out = Vec::new();
    let rest = MD_LINK.replace_all(value, |c: &regex::Captures| {
        let name = profile_handle(&c[2]).unwrap_or_else(|| clean(&c[1]));
        out.push(aliases.canonical(&name));
        ","
    });
    for part in rest.split([',', '、', '，', '/']) {
        for word in part.split_whitespace() {
            let name = clean(word);
            if word.starts_with(['@', '＠']) && !name.is_empty() {
                out.push(aliases.canonical(&name));
            }
        }
        let whole = clean(part);
        if !whole.is_empty()
            && !whole.contains(' ')
            && !part.contains('@')
            && whole != "-"
            && whole != "なし"
            && whole.chars().any(char::is_alphanumeric)
        {
            out.push(aliases.canonical(&whole));
        }
    }
    out.dedup();
    out
}

/// Tolerant date reading. Returns the normalised date (if any part could be
/// read) and a message when the text was not a plain `YYYY-MM-DD`.
pub fn parse_date(raw: &str) -> (Option<String>, Option<String>) {
    let raw = raw.trim();
    if raw.is_empty() {
        return (None, None);
    }
    if let Some(d @ super::date::Date::Day(_)) = super::date::Date::parse(raw) {
        return (Some(d.to_string()), None);
    }
    let Some(c) = DATE.captures(raw) else {
        return (None, Some(format!("unreadable recording date '{raw}'")));
    };
    let year: i32 = c[1].parse().unwrap_or(0);
    let month: u32 = c[2].parse().unwrap_or(0);
    if !(1..=12).contains(&month) {
        return (
            None,
            Some(format!("unreadable recording date '{raw}' (month {month})")),
        );
    }
    match c.get(3).and_then(|d| d.as_str().parse::<u32>().ok()) {
        Some(day) => match NaiveDate::from_ymd_opt(year, month, day) {
            Some(d) => {
                let iso = super::date::Date::Day(d).to_string();
                (
                    Some(iso.clone()),
                    Some(format!("malformed recording date '{raw}' read as {iso}")),
                )
            }
            None => {
                let ym = super::date::Date::Month(year, month).to_string();
                (
                    Some(ym.clone()),
                    Some(format!("invalid day in recording date '{raw}', kept {ym}")),
                )
            }
        },
        None => {
            let ym = super::date::Date::Month(year, month).to_string();
            (
                Some(ym.clone()),
                Some(format!("incomplete recording date '{raw}' read as {ym}")),
            )
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn episode_numbers_are_padded_and_keep_suffixes() {
        assert_eq!(episode_number("014").as_deref(), Some("014"));
        assert_eq!(episode_number(" 4 ").as_deref(), Some("004"));
        assert_eq!(
            episode_number("001-private").as_deref(),
            Some("001-private")
        );
        assert_eq!(episode_number("Contents"), None);
        assert_eq!(episode_number("bells17 ネタ"), None);
    }

    #[test]
    fn dates_plain_malformed_incomplete_and_garbage() {
        assert_eq!(parse_date("2021-04-02"), (Some("2021-04-02".into()), None));
        let (d, w) = parse_date("2021-03-012");
        assert_eq!(d.as_deref(), Some("2021-03-12"));
        assert!(w.unwrap().contains("2021-03-012"));
        let (d, w) = parse_date("2021-01-");
        assert_eq!(d.as_deref(), Some("2021-01"));
        assert!(w.is_some());
        let (d, w) = parse_date("soon");
        assert_eq!(d, None);
        assert!(w.unwrap().contains("soon"));
        assert_eq!(parse_date(""), (None, None));
    }

    #[test]
    fn guests_in_every_spelling() {
        let a = Aliases::builtin();
        let g = |s: &str| match parse_field(&format!("Guest: {s}"), &a) {
            HeaderField::Guests(g) => g,
            _ => panic!("not a guest line"),
        };
        assert_eq!(g("@inductor"), vec!["inductor"]);
        assert_eq!(g("-"), Vec::<String>::new());
        assert_eq!(g(""), Vec::<String>::new());
        assert_eq!(
            g(
                "[Kazuto Kusama(jacopen)さん](https://twitter.com/jacopen), [taxinさん](https://twitter.com/taxin_tt)"
            ),
            vec!["jacopen", "taxin_tt"]
        );
        assert_eq!(
            g(
                "[@kiyoshim55](https://twitter.com/kiyoshim55)さん, [@hhiroshell](https://twitter.com/hhiroshell)さん"
            ),
            vec!["kiyoshim55", "hhiroshell"]
        );
        assert_eq!(g("@a, @b"), vec!["a", "b"]);
    }

    #[test]
    fn host_video_and_unknown_lines() {
        let a = Aliases::builtin();
        assert!(
            matches!(parse_field("Hosted by @bells17_", &a), HeaderField::Host(h) if h == "bells17")
        );
        assert!(
            matches!(parse_field("Video: https://youtu.be/x", &a), HeaderField::Video(Some(u)) if u == "https://youtu.be/x")
        );
        assert!(matches!(
            parse_field("Video: privte", &a),
            HeaderField::Video(None)
        ));
        assert!(matches!(
            parse_field("Sponsor: me", &a),
            HeaderField::Unknown
        ));
    }

    #[test]
    fn japanese_keys_need_their_colon() {
        let a = Aliases::builtin();
        assert!(
            matches!(parse_field("ホスト: @bells17_", &a), HeaderField::Host(h) if h == "bells17")
        );
        assert!(matches!(
            parse_field("収録日：2021-03-12", &a),
            HeaderField::Date { parsed: Some(d), .. } if d == "2021-03-12"
        ));
        assert!(
            matches!(parse_field("日時: 2022/4/1", &a), HeaderField::Date { parsed: Some(d), .. } if d == "2022-04-01")
        );
        assert!(matches!(
            parse_field("動画: https://youtu.be/x", &a),
            HeaderField::Video(Some(_))
        ));
        assert!(
            matches!(parse_field("ゲスト: @a, @b", &a), HeaderField::Guests(g) if g.len() == 2)
        );
        assert!(matches!(
            parse_field("動画を見ました", &a),
            HeaderField::Unknown
        ));
    }
}
