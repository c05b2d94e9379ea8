//! Human output: comfy-table tables, bold highlights on a terminal.

use comfy_table::{Cell, ContentArrangement, Table, presets};

use super::Style;
use crate::corpus::Episode;
use crate::notes::{Topic, links::strip_tracking};
use crate::search::browse::{LinkSummary, PresenterSummary, Trend};
use crate::search::{Hit, Snippet};

fn new_table(style: Style) -> Table {
    let mut t = Table::new();
    t.load_preset(presets::UTF8_FULL_CONDENSED)
        .set_content_arrangement(ContentArrangement::Dynamic);
    // On a terminal comfy-table asks it for its width; a pseudo-terminal
    // without a size (`script`, some CI runners) reports none or zero.
    if !style.terminal || t.width().is_none_or(|w| w < 40) {
        t.set_width(style.width);
    }
    t
}

/// Note text as it may reach a terminal (see [`super::safe`]).
fn clean(text: &str) -> String {
    super::safe::terminal(text)
}

/// The topic's URL without tracking parameters, or `-`.
fn url_cell(tp: &Topic) -> Cell {
    Cell::new(
        tp.url
            .as_deref()
            .map_or_else(|| "-".into(), |u| clean(&strip_tracking(u))),
    )
}

fn highlighted(s: &Snippet, style: Style) -> String {
    if !style.color || s.highlights.is_empty() {
        return clean(&s.text);
    }
    let chars: Vec<char> = clean(&s.text).chars().collect();
    let mut out = String::new();
    let mut pos = 0;
    for &(a, b) in &s.highlights {
        let (a, b) = (a.min(chars.len()), b.min(chars.len()));
        if a < pos {
            continue;
        }
        out.extend(&chars[pos..a]);
        out.push_str("\x1b[1m");
        out.extend(&chars[a..b]);
        out.push_str("\x1b[0m");
        pos = b;
    }
    out.extend(&chars[pos..]);
    out
}

pub fn search(hits: &[Hit], style: Style) -> String {
    let mut t = new_table(style);
    t.set_header(vec!["Episode", "Presenter", "Title", "URL", "Snippet"]);
    for h in hits {
        let tp = &h.topic;
        let mut ep = match &tp.date {
            Some(d) => format!("{}\n{d}", tp.episode),
            None => tp.episode.clone(),
        };
        if !h.also.is_empty() {
            let mut eps: Vec<&str> = h.also.iter().map(|a| a.episode.as_str()).collect();
            eps.dedup();
            ep.push_str(&format!("\nalso {}", eps.join(", ")));
        }
        t.add_row(vec![
            Cell::new(clean(&ep)),
            Cell::new(clean(tp.presenter.as_deref().unwrap_or("-"))),
            Cell::new(clean(&tp.title)),
            url_cell(tp),
            Cell::new(highlighted(&h.snippet, style)),
        ]);
    }
    t.to_string()
}

pub fn show(ep: &Episode, topics: &[Topic], style: Style) -> String {
    let mut out = String::new();
    let date = ep
        .date
        .as_deref()
        .or(ep.date_raw.as_deref())
        .unwrap_or("date unknown");
    out.push_str(&format!(
        "Episode {} ({})\n",
        clean(&ep.episode),
        clean(date)
    ));
    out.push_str(&format!(
        "Host:   {}\n",
        clean(ep.host.as_deref().unwrap_or("-"))
    ));
    let guests = if ep.guests.is_empty() {
        "-".to_string()
    } else {
        ep.guests.join(", ")
    };
    out.push_str(&format!("Guests: {}\n", clean(&guests)));
    out.push_str(&format!(
        "Video:  {}\n",
        ep.video.as_deref().map(clean).unwrap_or_else(|| "-".into())
    ));
    out.push_str(&format!("Topics: {}\n", topics.len()));
    if topics.is_empty() {
        return out;
    }
    // Group by presenter in order of first appearance.
    let mut order: Vec<Option<&str>> = Vec::new();
    for tp in topics {
        if !order.contains(&tp.presenter.as_deref()) {
            order.push(tp.presenter.as_deref());
        }
    }
    let mut t = new_table(style);
    t.set_header(vec!["Presenter", "Title", "URL"]);
    for p in order {
        for (i, tp) in topics
            .iter()
            .filter(|tp| tp.presenter.as_deref() == p)
            .enumerate()
        {
            let name = if i == 0 {
                p.unwrap_or("-").to_string()
            } else {
                String::new()
            };
            t.add_row(vec![
                Cell::new(clean(&name)),
                Cell::new(clean(&tp.title)),
                url_cell(tp),
            ]);
        }
    }
    out.push('\n');
    out.push_str(&t.to_string());
    out
}

pub fn episodes(eps: &[Episode], style: Style) -> String {
    let mut t = new_table(style);
    t.set_header(vec!["Episode", "Date", "Host", "Guests", "Topics"]);
    for e in eps {
        let date = e.date.as_deref().or(e.date_raw.as_deref()).unwrap_or("-");
        let guests = if e.guests.is_empty() {
            "-".to_string()
        } else {
            e.guests.join(", ")
        };
        t.add_row(vec![
            Cell::new(clean(&e.episode)),
            Cell::new(clean(date)),
            Cell::new(clean(e.host.as_deref().unwrap_or("-"))),
            Cell::new(clean(&guests)),
            Cell::new(e.topic_count),
        ]);
    }
    t.to_string()
}

fn episode_point(e: &crate::search::browse::EpisodeRef) -> String {
    match &e.date {
        Some(d) => format!("{} ({d})", e.episode),
        None => e.episode.clone(),
    }
}

pub fn presenters(list: &[PresenterSummary], style: Style) -> String {
    let mut t = new_table(style);
    t.set_header(vec![
        "Presenter",
        "Also known as",
        "Topics",
        "Episodes",
        "First",
        "Last",
    ]);
    for p in list {
        t.add_row(vec![
            Cell::new(clean(&p.presenter)),
            Cell::new(clean(&p.aliases.join(", "))),
            Cell::new(p.topics),
            Cell::new(p.episodes),
            Cell::new(clean(&episode_point(&p.first))),
            Cell::new(clean(&episode_point(&p.last))),
        ]);
    }
    t.to_string()
}

pub fn links(list: &[LinkSummary], style: Style) -> String {
    let mut t = new_table(style);
    t.set_header(vec!["URL", "Title", "Episodes", "Presenters"]);
    for l in list {
        t.add_row(vec![
            Cell::new(clean(&l.url)),
            Cell::new(clean(&l.title)),
            Cell::new(clean(&l.episodes.join(", "))),
            Cell::new(clean(&l.presenters.join(", "))),
        ]);
    }
    t.to_string()
}

/// Widest bar of the trend chart, in cells.
const BAR: usize = 40;

/// `2021-03 │██████▍ 5`, one line per month, bars scaled to the busiest.
pub fn trend(trend: &Trend, style: Style) -> String {
    const EIGHTHS: [&str; 8] = ["", "▏", "▎", "▍", "▌", "▋", "▊", "▉"];
    let max = trend
        .months
        .iter()
        .map(|m| m.topics)
        .max()
        .unwrap_or(0)
        .max(1);
    let mut out = format!(
        "{} topics match {:?} ({} months{})\n",
        trend.total,
        clean(&trend.query),
        trend.months.len(),
        if trend.undated > 0 {
            format!(", {} undated", trend.undated)
        } else {
            String::new()
        }
    );
    for m in &trend.months {
        let eighths = m.topics * BAR * 8 / max;
        let mut bar = "█".repeat(eighths / 8);
        bar.push_str(EIGHTHS[eighths % 8]);
        if m.topics > 0 && bar.is_empty() {
            bar.push('▏');
        }
        if style.color && !bar.is_empty() {
            bar = format!("\x1b[36m{bar}\x1b[0m");
        }
        out.push_str(&format!("{} │{bar} {}\n", m.month, m.topics));
    }
    out.trim_end().to_string()
}
