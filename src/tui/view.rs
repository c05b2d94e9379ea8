//! Drawing the screen from the state: the query line, the results (or one
//! episode), the preview, the key help. Every text from the notes goes
//! through [`clean`] first, the same neutralising of control and
//! bidirectional characters the tables use.

use ratatui::Frame;
use ratatui::layout::{Constraint, Direction, Layout, Position, Rect};
use ratatui::style::{Color, Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, List, ListItem, ListState, Paragraph, Wrap};

use super::app::{App, Mode, Prompt};
use crate::notes::Topic;
use crate::render::safe;
use crate::search::{Hit, Snippet};

/// Below this width the preview goes under the list instead of beside it.
const SIDE_BY_SIDE: u16 = 100;

/// Note text made safe for the screen, on one line.
fn clean(text: &str) -> String {
    safe::terminal(text).replace('\n', " ")
}

fn dim() -> Style {
    Style::default().fg(Color::DarkGray)
}

fn bold() -> Style {
    Style::default().add_modifier(Modifier::BOLD)
}

fn highlight() -> Style {
    Style::default()
        .fg(Color::Yellow)
        .add_modifier(Modifier::BOLD)
}

pub fn draw(frame: &mut Frame, app: &mut App) {
    let [top, main, help] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Min(1),
        Constraint::Length(1),
    ])
    .areas(frame.area());
    query_line(frame, app, top);
    help_line(frame, app, help);
    let direction = if main.width >= SIDE_BY_SIDE {
        Direction::Horizontal
    } else {
        Direction::Vertical
    };
    let (list_area, preview_area) = if app.preview {
        let [a, b] = Layout::default()
            .direction(direction)
            .constraints([Constraint::Percentage(50), Constraint::Percentage(50)])
            .areas(main);
        (a, Some(b))
    } else {
        (main, None)
    };
    match &app.mode {
        Mode::Results => results(frame, app, list_area),
        Mode::Episode { .. } => episode(frame, app, list_area),
    }
    if let Some(area) = preview_area {
        preview(frame, app, area);
    }
}

fn query_line(frame: &mut Frame, app: &App, area: Rect) {
    let (label, text) = match &app.prompt {
        Some((Prompt::Presenter, t)) => ("presenter> ", t.as_str()),
        Some((Prompt::Episodes, t)) => ("episodes (e.g. 10-20)> ", t.as_str()),
        None => ("> ", app.query.as_str()),
    };
    let mut spans = vec![
        Span::styled(label, bold().fg(Color::Cyan)),
        Span::raw(text.to_string()),
    ];
    let mut badges = Vec::new();
    if let Some(p) = &app.presenter {
        badges.push(format!("presenter:{p}"));
    }
    if let Some(r) = &app.episodes {
        badges.push(format!("episodes:{r}"));
    }
    let count = match (&app.mode, app.searching) {
        (_, true) => "…".to_string(),
        (Mode::Results, false) if app.query.trim().is_empty() => String::new(),
        (Mode::Results, false) => match app.took_ms {
            Some(ms) => format!("{} ({ms:.1} ms)", app.hits.len()),
            None => app.hits.len().to_string(),
        },
        (Mode::Episode { topics, .. }, false) => format!("{} topics", topics.len()),
    };
    let right = [badges.join(" "), count]
        .into_iter()
        .filter(|s| !s.is_empty())
        .collect::<Vec<_>>()
        .join("  ");
    let used: usize = label.chars().count() + text.chars().count();
    let room = (area.width as usize).saturating_sub(used + 1);
    if !right.is_empty() && right.chars().count() <= room {
        spans.push(Span::raw(" ".repeat(room - right.chars().count() + 1)));
        spans.push(Span::styled(right, dim()));
    }
    frame.render_widget(Paragraph::new(Line::from(spans)), area);
    // The cursor where the next character goes.
    let typed = match &app.prompt {
        Some((_, t)) => t.chars().count(),
        None => app.query.chars().take(app.cursor).count(),
    };
    let x = area.x + (label.chars().count() + typed).min(area.width as usize - 1) as u16;
    frame.set_cursor_position(Position::new(x, area.y));
}

fn help_line(frame: &mut Frame, app: &App, area: Rect) {
    let keys = match app.mode {
        Mode::Results => {
            "↑↓ move  Enter open  Tab preview  C-e episode  C-f presenter  C-r episodes  C-y copy  Esc quit"
        }
        Mode::Episode { .. } => {
            "↑↓ move  Enter open  Tab preview  C-y copy  Esc/C-e back  C-c quit"
        }
    };
    let line = if app.status.is_empty() {
        Line::styled(keys, dim())
    } else {
        Line::styled(clean(&app.status), Style::default().fg(Color::Yellow))
    };
    frame.render_widget(Paragraph::new(line), area);
}

/// `001  2022-01-07  alice` and the title, for a list row.
fn heading(topic: &Topic) -> Line<'static> {
    Line::from(vec![
        Span::styled(
            format!("{:<4}", clean(&topic.episode)),
            bold().fg(Color::Cyan),
        ),
        Span::raw(" "),
        Span::styled(
            format!("{:<10}", topic.date.as_deref().unwrap_or("")),
            dim(),
        ),
        Span::raw(" "),
        Span::styled(
            clean(topic.presenter.as_deref().unwrap_or("-")),
            Style::default().fg(Color::Green),
        ),
        Span::raw("  "),
        Span::styled(clean(&topic.title), bold()),
    ])
}

/// The snippet with its matched words highlighted.
fn snippet_line(snippet: &Snippet) -> Line<'static> {
    let chars: Vec<char> = clean(&snippet.text).chars().collect();
    let mut spans = vec![Span::raw("  ")];
    let mut pos = 0;
    for &(a, b) in &snippet.highlights {
        let (a, b) = (a.min(chars.len()), b.min(chars.len()));
        if a < pos || a >= b {
            continue;
        }
        spans.push(Span::styled(
            chars[pos..a].iter().collect::<String>(),
            dim(),
        ));
        spans.push(Span::styled(
            chars[a..b].iter().collect::<String>(),
            highlight(),
        ));
        pos = b;
    }
    spans.push(Span::styled(chars[pos..].iter().collect::<String>(), dim()));
    Line::from(spans)
}

fn bordered(title: String) -> Block<'static> {
    Block::default().borders(Borders::TOP).title(title)
}

fn results(frame: &mut Frame, app: &mut App, area: Rect) {
    if app.hits.is_empty() {
        let text = if app.query.trim().is_empty() {
            "Type to search the notes (Japanese or English).".to_string()
        } else if app.searching {
            String::new()
        } else {
            format!("No topics match {:?}.", clean(&app.query))
        };
        frame.render_widget(
            Paragraph::new(Line::styled(text, dim())).block(bordered(" results ".into())),
            area,
        );
        return;
    }
    let items: Vec<ListItem> = app
        .hits
        .iter()
        .map(|h: &Hit| ListItem::new(vec![heading(&h.topic), snippet_line(&h.snippet)]))
        .collect();
    let mut state = ListState::default()
        .with_offset(app.offset)
        .with_selected(Some(app.selected));
    let list = List::new(items)
        .block(bordered(" results ".into()))
        .highlight_style(Style::default().bg(Color::Indexed(236)))
        .highlight_symbol("▌");
    frame.render_stateful_widget(list, area, &mut state);
    app.offset = state.offset();
}

fn episode(frame: &mut Frame, app: &mut App, area: Rect) {
    let Mode::Episode {
        episode,
        topics,
        selected,
    } = &app.mode
    else {
        return;
    };
    let mut title = format!(" Episode {} ", clean(&episode.episode));
    if let Some(d) = &episode.date {
        title.push_str(&format!("· {d} "));
    }
    if let Some(h) = &episode.host {
        title.push_str(&format!("· host {} ", clean(h)));
    }
    if !episode.guests.is_empty() {
        title.push_str(&format!("· guests {} ", clean(&episode.guests.join(", "))));
    }
    // Topics grouped by presenter, in note order; headers are not selectable.
    let mut items = Vec::new();
    let mut at = 0;
    let mut last: Option<Option<&str>> = None;
    for (i, t) in topics.iter().enumerate() {
        if last != Some(t.presenter.as_deref()) {
            last = Some(t.presenter.as_deref());
            items.push(ListItem::new(Line::styled(
                clean(t.presenter.as_deref().unwrap_or("(no presenter)")),
                Style::default()
                    .fg(Color::Green)
                    .add_modifier(Modifier::BOLD),
            )));
        }
        if i == *selected {
            at = items.len();
        }
        items.push(ListItem::new(Line::from(vec![
            Span::raw("  "),
            Span::styled(clean(&t.title), bold()),
        ])));
    }
    let mut state = ListState::default().with_selected(Some(at));
    let list = List::new(items)
        .block(bordered(title))
        .highlight_style(Style::default().bg(Color::Indexed(236)))
        .highlight_symbol("▌");
    frame.render_stateful_widget(list, area, &mut state);
}

fn preview(frame: &mut Frame, app: &App, area: Rect) {
    let block = Block::default()
        .borders(Borders::TOP | Borders::LEFT)
        .title(" preview ");
    let Some(topic) = app.current_topic() else {
        frame.render_widget(block, area);
        return;
    };
    let mut lines = vec![Line::styled(clean(&topic.title), bold())];
    if let Some(url) = &topic.url {
        lines.push(Line::styled(clean(url), Style::default().fg(Color::Blue)));
    }
    lines.push(Line::styled(
        format!(
            "{} {} · {} · {}:{}",
            clean(&topic.episode),
            topic.date.as_deref().unwrap_or(""),
            clean(topic.presenter.as_deref().unwrap_or("-")),
            clean(&topic.file),
            topic.line
        ),
        dim(),
    ));
    let also = match &app.mode {
        Mode::Results => app.current_hit().map(|h| h.also.as_slice()).unwrap_or(&[]),
        Mode::Episode { .. } => &[],
    };
    if !also.is_empty() {
        let list: Vec<String> = also
            .iter()
            .map(|a| {
                format!(
                    "{} ({}{})",
                    clean(&a.episode),
                    a.date.as_deref().unwrap_or("?"),
                    a.presenter
                        .as_deref()
                        .map(|p| format!(", {}", clean(p)))
                        .unwrap_or_default()
                )
            })
            .collect();
        lines.push(Line::styled(
            format!("also in {}", list.join(", ")),
            Style::default().fg(Color::Magenta),
        ));
    }
    lines.push(Line::raw(""));
    for text in topic.body.lines().filter(|l| !l.trim().is_empty()) {
        lines.push(Line::raw(clean(text)));
    }
    if !topic.links.is_empty() {
        lines.push(Line::raw(""));
        lines.push(Line::styled("links", bold()));
        for l in &topic.links {
            lines.push(Line::from(vec![
                Span::raw("• "),
                Span::raw(clean(&l.title)),
                Span::raw(" "),
                Span::styled(clean(&l.url), Style::default().fg(Color::Blue)),
            ]));
        }
    }
    frame.render_widget(
        Paragraph::new(lines)
            .block(block)
            .wrap(Wrap { trim: false }),
        area,
    );
}
