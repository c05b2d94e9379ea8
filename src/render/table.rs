//! Human output: comfy-table tables, bold highlights on a terminal.

use comfy_table::{Cell, ContentArrangement, Table, presets};

use super::Style;
use crate::notes::Episode;
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
fn url_text(tp: &Topic) -> String {
    tp.url
        .as_deref()
        .map_or_else(|| "-".into(), |u| clean(&strip_tracking(u)))
}

fn url_cell(tp: &Topic) -> Cell {
    Cell::new(url_text(tp))
}

/// Zero-width stand-ins for the bold escapes while comfy-table measures
/// and pads cells: it counts an escape sequence's characters as width, which
/// left every highlighted row eight cells short of the border. Swapped for
/// the escapes in the finished table. Tag characters: never printed, and
/// replaced where a note carries them.
const BOLD_ON: char = '\u{E0001}';
const BOLD_OFF: char = '\u{E007F}';

/// The snippet as plain (cleaned) text and its highlights as byte ranges.
fn snippet_text(s: &Snippet, style: Style) -> (String, Vec<(usize, usize)>) {
    let text = clean(&s.text).replace([BOLD_ON, BOLD_OFF], "\u{FFFD}");
    if !style.color || s.highlights.is_empty() {
        return (text, Vec::new());
    }
    // Highlights count characters; cleaning keeps one char per char.
    let mut bytes: Vec<usize> = text.char_indices().map(|(i, _)| i).collect();
    bytes.push(text.len());
    let at = |c: usize| bytes[c.min(bytes.len() - 1)];
    let mut ranges = Vec::new();
    let mut pos = 0;
    for &(a, b) in &s.highlights {
        if a < pos {
            continue;
        }
        ranges.push((at(a), at(b)));
        pos = b;
    }
    (text, ranges)
}

/// Widest line of `text`, in terminal cells.
fn natural_width(text: &str) -> usize {
    text.lines()
        .map(textwrap::core::display_width)
        .max()
        .unwrap_or(0)
}

/// Column widths for contents `natural` cells wide within `budget` cells,
/// none below its `least` (its header, which is not wrapped): columns that
/// fit an equal share of what is left keep their width, the others share
/// the rest. This is comfy-table's dynamic arrangement without
/// its trial wrapping of every cell at every candidate width, which was a
/// third of a Japanese search's instructions (its CJK word splitting walks
/// graphemes and re-measures the rest of the run for each line).
fn fit(natural: &[usize], least: &[usize], budget: usize) -> Vec<usize> {
    let mut widths = natural.to_vec();
    let mut open: Vec<usize> = (0..natural.len()).collect();
    let mut left = budget;
    while !open.is_empty() {
        let share = left / open.len();
        let (fits, wide): (Vec<usize>, Vec<usize>) =
            open.iter().partition(|&&i| natural[i] <= share);
        if fits.is_empty() {
            let extra = left % open.len();
            for (k, &i) in wide.iter().enumerate() {
                widths[i] = share + usize::from(k < extra);
            }
            break;
        }
        for &i in &fits {
            left -= natural[i];
        }
        open = wide;
    }
    // Only a terminal too narrow for the headers gets a wider table.
    widths
        .iter()
        .zip(least)
        .map(|(w, l)| (*w).max(*l).max(1))
        .collect()
}

/// `text` wrapped to `width` cells (textwrap: at spaces, and inside words
/// longer than a line), with `bold` byte ranges marked line by line.
fn wrap_cell(text: &str, width: usize, bold: &[(usize, usize)]) -> String {
    let options = textwrap::Options::new(width.max(1))
        .break_words(true)
        .word_separator(textwrap::WordSeparator::Custom(words_and_ideographs));
    let mut out = String::with_capacity(text.len() + 16);
    for (n, line) in textwrap::wrap(text, options).iter().enumerate() {
        if n > 0 {
            out.push('\n');
        }
        // Unindented lines are slices of `text`: their offset is exact.
        let start = (line.as_ptr() as usize).wrapping_sub(text.as_ptr() as usize);
        let borrowed = matches!(line, std::borrow::Cow::Borrowed(_)) && start <= text.len();
        if bold.is_empty() || !borrowed {
            out.push_str(line);
            continue;
        }
        let end = start + line.len();
        let mut last = start;
        for &(a, b) in bold {
            let (a, b) = (a.max(start), b.min(end));
            if a >= b || a < last {
                continue;
            }
            out.push_str(&text[last..a]);
            out.push(BOLD_ON);
            out.push_str(&text[a..b]);
            out.push(BOLD_OFF);
            last = b;
        }
        out.push_str(&text[last..end]);
    }
    out
}

/// Words for wrapping: runs between spaces, except that each wide
/// character (kanji, kana, full-width forms) is a word of its own. Japanese
/// writes no spaces, so a whole sentence was one word, moved to the next
/// line whenever it did not fit the rest of this one (`iptables` alone on a
/// line, its sentence below); lines now fill as Japanese is set.
fn words_and_ideographs(line: &str) -> Box<dyn Iterator<Item = textwrap::core::Word<'_>> + '_> {
    let mut words = Vec::new();
    let mut start = 0;
    let (mut after_space, mut after_wide) = (false, false);
    let mut buf = [0u8; 4];
    for (i, c) in line.char_indices() {
        let wide = !c.is_ascii() && textwrap::core::display_width(c.encode_utf8(&mut buf)) > 1;
        if i > start && c != ' ' && (after_space || after_wide || wide) {
            words.push(textwrap::core::Word::from(&line[start..i]));
            start = i;
        }
        after_space = c == ' ';
        after_wide = wide;
    }
    if start < line.len() {
        words.push(textwrap::core::Word::from(&line[start..]));
    }
    Box::new(words.into_iter())
}

/// Borders (one more than the columns) and one cell of padding each side.
fn frame(columns: usize) -> usize {
    columns + 1 + 2 * columns
}

/// A search table row's cells, and the snippet's bold byte ranges.
type Row = ([String; 5], Vec<(usize, usize)>);

pub fn search(hits: &[Hit], style: Style) -> String {
    const HEADER: [&str; 5] = ["Episode", "Presenter", "Title", "URL", "Snippet"];
    let mut t = new_table(style);
    let total = usize::from(t.width().unwrap_or(style.width));
    let rows: Vec<Row> = hits
        .iter()
        .map(|h| {
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
            let (snippet, bold) = snippet_text(&h.snippet, style);
            let cells = [
                clean(&ep),
                clean(tp.presenter.as_deref().unwrap_or("-")),
                clean(&tp.title),
                url_text(tp),
                snippet,
            ];
            (cells, bold)
        })
        .collect();
    let natural: Vec<usize> = (0..HEADER.len())
        .map(|c| {
            rows.iter()
                .map(|(cells, _)| natural_width(&cells[c]))
                .chain([HEADER[c].len()])
                .max()
                .unwrap_or(0)
        })
        .collect();
    let least: Vec<usize> = HEADER.iter().map(|h| h.len()).collect();
    let widths = fit(&natural, &least, total.saturating_sub(frame(HEADER.len())));
    // Every line now fits its column: comfy-table only draws.
    t.set_content_arrangement(ContentArrangement::Disabled);
    t.set_header(HEADER.to_vec());
    for (cells, bold) in &rows {
        t.add_row(cells.iter().enumerate().map(|(c, text)| {
            let bold: &[(usize, usize)] = if c == 4 { bold } else { &[] };
            Cell::new(wrap_cell(text, widths[c], bold))
        }));
    }
    let out = t.to_string();
    if style.color {
        out.replace(BOLD_ON, "\x1b[1m").replace(BOLD_OFF, "\x1b[0m")
    } else {
        out
    }
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn columns_that_fit_keep_their_width_and_the_rest_share() {
        let none = [0; 5];
        assert_eq!(fit(&[10, 12, 30], &none[..3], 100), [10, 12, 30]);
        // 10 and 12 fit a quarter of 60; 80 and 50 share the 38 left.
        assert_eq!(fit(&[10, 12, 80, 50], &none[..4], 60), [10, 12, 19, 19]);
        let w = fit(&[16, 12, 60, 60, 120], &none, 144);
        assert_eq!(&w[..2], [16, 12]);
        assert_eq!(w.iter().sum::<usize>(), 144, "{w:?}");
        // No room at all: every column keeps its least, and a cell.
        assert_eq!(fit(&[5, 5], &[0, 0], 0), [1, 1]);
        assert_eq!(fit(&[20, 40, 9], &[7, 9, 3], 10), [7, 9, 3]);
        assert_eq!(fit(&[20, 40, 9], &[7, 9, 3], 40), [16, 15, 9]);
    }

    #[test]
    fn wrapped_cells_fit_and_bold_closes_on_every_line() {
        let text = "eBPFとCiliumの解説 eBPFのテーマでセッションを聞いた";
        let a = text.find("テーマ").unwrap();
        let b = text.find("を聞いた").unwrap();
        // A highlight spanning a break is closed and reopened line by line.
        let first = text.find("Cilium").unwrap();
        let bold = [(0, 4), (first, first + "Cilium".len()), (a, b)];
        let out = wrap_cell(text, 12, &bold);
        for line in out.lines() {
            let plain: String = line
                .chars()
                .filter(|c| *c != BOLD_ON && *c != BOLD_OFF)
                .collect();
            assert!(textwrap::core::display_width(&plain) <= 12, "{line}");
            assert_eq!(
                line.matches(BOLD_ON).count(),
                line.matches(BOLD_OFF).count(),
                "{line}"
            );
        }
        let plain: String = out
            .chars()
            .filter(|c| !matches!(*c, '\n' | ' ') && *c != BOLD_ON && *c != BOLD_OFF)
            .collect();
        assert_eq!(plain, text.replace(' ', ""));
        let marked: String = out
            .split(BOLD_ON)
            .skip(1)
            .map(|s| s.split(BOLD_OFF).next().unwrap())
            .collect::<Vec<_>>()
            .join("|");
        assert_eq!(marked.replace('\n', ""), "eBPF|Cilium|テーマでセ|ッション");
        // `eBPFのテーマでセ` fills a line: the highlight reopens on the next.
        assert!(
            out.lines().any(|l| l.starts_with(&format!("{BOLD_ON}ッ"))),
            "{out:?}"
        );
    }

    #[test]
    fn japanese_fills_the_line_an_english_word_leaves() {
        let out = wrap_cell(
            "iptables のルールが増えるほど遅くなる問題を eBPF で回避",
            20,
            &[],
        );
        let lines: Vec<&str> = out.lines().collect();
        assert_eq!(lines[0], "iptables のルールが");
        for line in &lines {
            assert!(textwrap::core::display_width(line) <= 20, "{line}");
        }
        // English words are still never cut when they fit a line.
        assert!(lines.iter().any(|l| l.contains("eBPF")), "{lines:?}");
        assert_eq!(
            out.replace('\n', ""),
            "iptables のルールが増えるほど遅くなる問題を eBPF で回避"
        );
    }

    #[test]
    fn notes_cannot_forge_the_bold_markers() {
        let s = Snippet {
            text: format!("a{BOLD_ON}b{BOLD_OFF}c"),
            highlights: vec![(0, 1)],
        };
        let style = Style {
            terminal: false,
            color: true,
            width: 80,
        };
        let (text, bold) = snippet_text(&s, style);
        assert_eq!(text, "a\u{FFFD}b\u{FFFD}c");
        assert_eq!(bold, [(0, 1)]);
    }
}
