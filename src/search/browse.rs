//! Discovery over the whole index: who presented (`kn presenters`), which
//! URLs were discussed (`kn links`), and when a subject came up (`kn trend`).
//! Each walks the topics once and aggregates; the printers live in `render`.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use serde::Serialize;

use super::{Engine, SearchOptions};
use crate::error::Result;
use crate::index::IndexHandle;
use crate::notes::Aliases;
use crate::notes::episode_order;
use crate::notes::links::{canonical_url, host, strip_tracking};

/// An episode as a point in time.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct EpisodeRef {
    pub episode: String,
    pub date: Option<String>,
}

/// One presenter with every alias merged.
#[derive(Debug, Clone, Serialize)]
pub struct PresenterSummary {
    pub presenter: String,
    /// Other spellings that mean this presenter (from the alias table).
    pub aliases: Vec<String>,
    pub topics: usize,
    pub episodes: usize,
    pub first: EpisodeRef,
    pub last: EpisodeRef,
}

/// Presenters by topic count (most first), then name.
pub fn presenters(handle: &IndexHandle, aliases: &Aliases) -> Result<Vec<PresenterSummary>> {
    struct Acc {
        topics: usize,
        /// Episode order → (episode, date).
        episodes: BTreeMap<(u64, String), (String, Option<String>)>,
    }
    let mut by_name: HashMap<String, Acc> = HashMap::new();
    handle
        .for_each_topic(|t| {
            if let Some(p) = &t.presenter {
                let acc = by_name.entry(p.clone()).or_insert_with(|| Acc {
                    topics: 0,
                    episodes: BTreeMap::new(),
                });
                acc.topics += 1;
                acc.episodes
                    .entry(episode_order(&t.episode))
                    .or_insert_with(|| (t.episode.clone(), t.date.clone()));
            }
            Ok(())
        })?
        .expect("the closure does not fail");
    let mut out: Vec<PresenterSummary> = by_name
        .into_iter()
        .map(|(name, acc)| {
            let point = |(_, (episode, date)): (_, &(String, Option<String>))| EpisodeRef {
                episode: episode.clone(),
                date: date.clone(),
            };
            let mut spellings = aliases.spellings_of(&name);
            spellings.retain(|s| s != &name);
            spellings.sort();
            PresenterSummary {
                aliases: spellings,
                topics: acc.topics,
                episodes: acc.episodes.len(),
                first: acc.episodes.iter().next().map(point).expect("one topic"),
                last: acc
                    .episodes
                    .iter()
                    .next_back()
                    .map(point)
                    .expect("one topic"),
                presenter: name,
            }
        })
        .collect();
    out.sort_by(|a, b| b.topics.cmp(&a.topics).then(a.presenter.cmp(&b.presenter)));
    Ok(out)
}

/// One URL and everyone who brought it up.
#[derive(Debug, Clone, Serialize)]
pub struct LinkSummary {
    /// The URL without tracking parameters, as first written.
    pub url: String,
    /// Title of the first topic or link that carried it.
    pub title: String,
    pub episodes: Vec<String>,
    pub presenters: Vec<String>,
    /// Ids of the topics it appears in (as their URL or one of their links).
    pub topics: Vec<String>,
}

/// Whether `url` is on `site` or one of its subdomains.
fn on_site(url: &str, site: &str) -> bool {
    let site = site.trim().trim_start_matches("www.").to_lowercase();
    host(url).is_some_and(|h| {
        let h = h.trim_start_matches("www.");
        h == site || h.ends_with(&format!(".{site}"))
    })
}

/// Every URL once (tracking parameters and fragments ignored), most
/// discussed first, then in order of first appearance.
pub fn links(handle: &IndexHandle, site: Option<&str>) -> Result<Vec<LinkSummary>> {
    struct Acc {
        /// Where it first appeared: episode, file, line, place in the topic.
        first: ((u64, String), String, usize, usize),
        summary: LinkSummary,
        /// (episode order, episode).
        episodes: BTreeSet<((u64, String), String)>,
        presenters: BTreeSet<String>,
    }
    let mut by_key: HashMap<String, Acc> = HashMap::new();
    handle
        .for_each_topic(|t| {
            let main = t.url.iter().map(|u| (u.as_str(), t.title.as_str()));
            let others = t.links.iter().map(|l| (l.url.as_str(), l.title.as_str()));
            let order = episode_order(&t.episode);
            for (n, (url, title)) in main.chain(others).enumerate() {
                if site.is_some_and(|s| !on_site(url, s)) {
                    continue;
                }
                let acc = by_key.entry(canonical_url(url)).or_insert_with(|| Acc {
                    first: (order.clone(), t.file.clone(), t.line, n),
                    summary: LinkSummary {
                        url: strip_tracking(url),
                        title: title.to_string(),
                        episodes: Vec::new(),
                        presenters: Vec::new(),
                        topics: Vec::new(),
                    },
                    episodes: BTreeSet::new(),
                    presenters: BTreeSet::new(),
                });
                let here = (order.clone(), t.file.clone(), t.line, n);
                if here < acc.first {
                    acc.first = here;
                    acc.summary.title = title.to_string();
                    acc.summary.url = strip_tracking(url);
                }
                acc.episodes.insert((order.clone(), t.episode.clone()));
                acc.presenters.extend(t.presenter.clone());
                if !acc.summary.topics.contains(&t.id) {
                    acc.summary.topics.push(t.id.clone());
                }
            }
            Ok(())
        })?
        .expect("the closure does not fail");
    let mut accs: Vec<Acc> = by_key.into_values().collect();
    accs.sort_by(|a, b| {
        b.episodes
            .len()
            .cmp(&a.episodes.len())
            .then_with(|| a.first.cmp(&b.first))
            // Topics split from one heading share its line: the URL keeps
            // the order from depending on the map's.
            .then_with(|| a.summary.url.cmp(&b.summary.url))
    });
    Ok(accs
        .into_iter()
        .map(|mut a| {
            a.summary.episodes = a.episodes.into_iter().map(|(_, e)| e).collect();
            a.summary.presenters = a.presenters.into_iter().collect();
            a.summary.topics.sort();
            a.summary
        })
        .collect())
}

/// Topics per month for a query.
#[derive(Debug, Clone, Serialize)]
pub struct Trend {
    pub query: String,
    /// Every month from the first to the last match, zeros included.
    pub months: Vec<MonthCount>,
    /// Matching topics of episodes without a usable date.
    pub undated: usize,
    pub total: usize,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct MonthCount {
    /// `YYYY-MM`.
    pub month: String,
    pub topics: usize,
}

/// Counts the topics the query matches (no grouping by URL: each time a
/// subject was presented counts) by the month of their episode.
pub fn trend(engine: &Engine, query: &str, presenter: Option<String>) -> Result<Trend> {
    let opts = SearchOptions {
        presenter,
        group: false,
        ..Default::default()
    };
    let counts = engine.count_by_month(query, &opts)?;
    let mut months = Vec::new();
    if let (Some(&first), Some(&last)) = (
        counts.months.keys().next(),
        counts.months.keys().next_back(),
    ) {
        let (mut y, mut m) = first;
        while (y, m) <= last {
            months.push(MonthCount {
                month: format!("{y:04}-{m:02}"),
                topics: counts.months.get(&(y, m)).copied().unwrap_or(0),
            });
            (y, m) = if m == 12 { (y + 1, 1) } else { (y, m + 1) };
        }
    }
    Ok(Trend {
        query: query.to_string(),
        months,
        undated: counts.undated,
        total: counts.total,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sites_match_subdomains_not_lookalikes() {
        assert!(on_site("https://github.com/x", "github.com"));
        assert!(on_site("https://www.github.com/x", "github.com"));
        assert!(on_site("https://gist.github.com/x", "github.com"));
        assert!(!on_site("https://notgithub.com/x", "github.com"));
        assert!(!on_site("https://github.com.evil.io/x", "github.com"));
    }
}
