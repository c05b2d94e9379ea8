//! What the search-as-you-type screen holds and how keys change it. Pure:
//! no terminal, no index; the loop in `mod.rs` turns the [`Effect`]s into
//! requests for the worker, a browser, or the clipboard, and `view.rs` draws
//! the state. That keeps every key testable without a terminal.

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers, MouseEvent, MouseEventKind};

use super::range::EpisodeRange;
use crate::notes::{Episode, Topic};
use crate::search::Hit;

/// What the screen shows below the query line.
#[derive(Debug, Clone)]
pub enum Mode {
    /// Ranked topics for the query.
    Results,
    /// One whole episode (the `kn show` view), reached with Ctrl-e.
    Episode {
        episode: Box<Episode>,
        topics: Vec<Topic>,
        selected: usize,
    },
}

/// A one-line prompt for a filter, open over the query line.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Prompt {
    Presenter,
    Episodes,
}

/// Results asked for at a time: enough to fill a screen, few enough that a
/// search at 1000× the notes stays within a frame. Scrolling near the end
/// asks for the next page.
pub const PAGE: usize = 20;

/// The query and filters a search runs with; a new one goes to the worker.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Asked {
    pub query: String,
    pub presenter: Option<String>,
    pub episodes: Option<EpisodeRange>,
    /// How many results (a multiple of [`PAGE`]).
    pub limit: usize,
}

impl Default for Asked {
    fn default() -> Self {
        Self {
            query: String::new(),
            presenter: None,
            episodes: None,
            limit: PAGE,
        }
    }
}

/// What a key asks of the world outside the state.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Effect {
    None,
    /// The query or a filter changed: search again.
    Search(Asked),
    /// Show this episode whole.
    LoadEpisode(String),
    Open(String),
    Copy(String),
    Quit,
}

/// Everything on screen.
#[derive(Debug, Clone)]
pub struct App {
    pub query: String,
    /// Cursor position in the query, in characters.
    pub cursor: usize,
    pub presenter: Option<String>,
    pub episodes: Option<EpisodeRange>,
    pub prompt: Option<(Prompt, String)>,
    pub hits: Vec<Hit>,
    /// Results asked for; more pages are asked for while scrolling.
    pub limit: usize,
    pub selected: usize,
    /// First result row shown (the list scrolls to keep the selection).
    pub offset: usize,
    pub preview: bool,
    pub mode: Mode,
    /// The last answer's notices, the last action's outcome, or an error.
    pub status: String,
    /// True while the worker has a search the screen does not show yet.
    pub searching: bool,
    /// How long the last search took in the worker, in milliseconds.
    pub took_ms: Option<f64>,
}

impl App {
    pub fn new(query: &str) -> Self {
        Self {
            query: query.to_string(),
            cursor: query.chars().count(),
            presenter: None,
            episodes: None,
            prompt: None,
            hits: Vec::new(),
            limit: PAGE,
            selected: 0,
            offset: 0,
            preview: true,
            mode: Mode::Results,
            status: String::new(),
            searching: false,
            took_ms: None,
        }
    }

    pub fn asked(&self) -> Asked {
        Asked {
            query: self.query.clone(),
            presenter: self.presenter.clone(),
            episodes: self.episodes,
            limit: self.limit,
        }
    }

    /// A search's answer (the loop only passes the newest). A further page
    /// of the same search keeps the selection where it was.
    pub fn answered(&mut self, hits: Vec<Hit>, notices: Vec<String>, took_ms: f64) {
        let same = self.hits.len() < hits.len()
            && self
                .hits
                .iter()
                .zip(&hits)
                .all(|(a, b)| a.topic.id == b.topic.id);
        self.hits = hits;
        if !same {
            self.selected = 0;
            self.offset = 0;
        }
        self.searching = false;
        self.took_ms = Some(took_ms);
        self.status = notices.join("; ");
    }

    pub fn episode_loaded(&mut self, episode: Episode, topics: Vec<Topic>) {
        // Start on the topic the results had selected, when it is there.
        let selected = self
            .current_hit()
            .and_then(|h| topics.iter().position(|t| t.id == h.topic.id))
            .unwrap_or(0);
        self.mode = Mode::Episode {
            episode: Box::new(episode),
            topics,
            selected,
        };
    }

    pub fn current_hit(&self) -> Option<&Hit> {
        self.hits.get(self.selected)
    }

    /// The topic under the cursor, in either view.
    pub fn current_topic(&self) -> Option<&Topic> {
        match &self.mode {
            Mode::Results => self.current_hit().map(|h| &h.topic),
            Mode::Episode {
                topics, selected, ..
            } => topics.get(*selected),
        }
    }

    fn edited(&mut self) -> Effect {
        self.searching = true;
        self.limit = PAGE;
        Effect::Search(self.asked())
    }

    /// Near the end of a full page of results: ask for the next page.
    fn more(&mut self) -> Effect {
        let near_end = self.selected + 3 >= self.hits.len();
        if matches!(self.mode, Mode::Results)
            && near_end
            && self.hits.len() >= self.limit
            && !self.searching
        {
            self.limit += PAGE;
            self.searching = true;
            return Effect::Search(self.asked());
        }
        Effect::None
    }

    fn byte_at(&self, chars: usize) -> usize {
        self.query
            .char_indices()
            .nth(chars)
            .map_or(self.query.len(), |(i, _)| i)
    }

    fn move_selection(&mut self, down: bool, by: usize) {
        let (len, selected) = match &mut self.mode {
            Mode::Results => (self.hits.len(), &mut self.selected),
            Mode::Episode {
                topics, selected, ..
            } => (topics.len(), selected),
        };
        if len == 0 {
            return;
        }
        *selected = if down {
            (*selected + by).min(len - 1)
        } else {
            selected.saturating_sub(by)
        };
    }

    pub fn on_mouse(&mut self, mouse: MouseEvent) -> Effect {
        match mouse.kind {
            MouseEventKind::ScrollDown => {
                self.move_selection(true, 1);
                self.more()
            }
            MouseEventKind::ScrollUp => {
                self.move_selection(false, 1);
                Effect::None
            }
            _ => Effect::None,
        }
    }

    pub fn on_key(&mut self, key: KeyEvent) -> Effect {
        let ctrl = key.modifiers.contains(KeyModifiers::CONTROL);
        if ctrl && matches!(key.code, KeyCode::Char('c')) {
            return Effect::Quit;
        }
        if let Some((kind, mut text)) = self.prompt.take() {
            return self.on_prompt_key(kind, &mut text, key);
        }
        match (key.code, ctrl) {
            (KeyCode::Esc, _) => match self.mode {
                Mode::Episode { .. } => {
                    self.mode = Mode::Results;
                    Effect::None
                }
                Mode::Results => Effect::Quit,
            },
            (KeyCode::Down, _) | (KeyCode::Char('n'), true) => {
                self.move_selection(true, 1);
                self.more()
            }
            (KeyCode::Up, _) | (KeyCode::Char('p'), true) => {
                self.move_selection(false, 1);
                Effect::None
            }
            (KeyCode::PageDown, _) => {
                self.move_selection(true, 10);
                self.more()
            }
            (KeyCode::PageUp, _) => {
                self.move_selection(false, 10);
                Effect::None
            }
            (KeyCode::Tab, _) => {
                self.preview = !self.preview;
                Effect::None
            }
            (KeyCode::Enter, _) => match self.current_topic().and_then(|t| t.url.clone()) {
                Some(url) => Effect::Open(url),
                None => {
                    self.status = "this topic has no URL".into();
                    Effect::None
                }
            },
            (KeyCode::Char('y'), true) => match self.current_topic().and_then(|t| t.url.clone()) {
                Some(url) => Effect::Copy(url),
                None => Effect::None,
            },
            (KeyCode::Char('e'), true) => match &self.mode {
                Mode::Episode { .. } => {
                    self.mode = Mode::Results;
                    Effect::None
                }
                Mode::Results => match self.current_hit() {
                    Some(h) => Effect::LoadEpisode(h.topic.episode.clone()),
                    None => Effect::None,
                },
            },
            (KeyCode::Char('f'), true) => {
                let text = self.presenter.clone().unwrap_or_default();
                self.prompt = Some((Prompt::Presenter, text));
                Effect::None
            }
            (KeyCode::Char('r'), true) => {
                let text = self.episodes.map(|r| r.typed()).unwrap_or_default();
                self.prompt = Some((Prompt::Episodes, text));
                Effect::None
            }
            (KeyCode::Char('u'), true) => {
                self.query.clear();
                self.cursor = 0;
                self.edited()
            }
            (KeyCode::Left, _) => {
                self.cursor = self.cursor.saturating_sub(1);
                Effect::None
            }
            (KeyCode::Right, _) => {
                self.cursor = (self.cursor + 1).min(self.query.chars().count());
                Effect::None
            }
            (KeyCode::Home, _) | (KeyCode::Char('a'), true) => {
                self.cursor = 0;
                Effect::None
            }
            (KeyCode::End, _) => {
                self.cursor = self.query.chars().count();
                Effect::None
            }
            (KeyCode::Backspace, _) if self.cursor > 0 => {
                let at = self.byte_at(self.cursor - 1);
                self.query.remove(at);
                self.cursor -= 1;
                self.back_to_results()
            }
            (KeyCode::Char(c), false) => {
                let at = self.byte_at(self.cursor);
                self.query.insert(at, c);
                self.cursor += 1;
                self.back_to_results()
            }
            _ => Effect::None,
        }
    }

    /// Typing always searches, and shows the results it brings.
    fn back_to_results(&mut self) -> Effect {
        self.mode = Mode::Results;
        self.edited()
    }

    fn on_prompt_key(&mut self, kind: Prompt, text: &mut String, key: KeyEvent) -> Effect {
        match key.code {
            KeyCode::Esc => Effect::None,
            KeyCode::Enter => {
                let value = text.trim();
                match kind {
                    Prompt::Presenter => {
                        self.presenter = (!value.is_empty()).then(|| value.to_string());
                    }
                    Prompt::Episodes if value.is_empty() => self.episodes = None,
                    Prompt::Episodes => match EpisodeRange::parse(value) {
                        Some(r) => self.episodes = Some(r),
                        None => {
                            self.status = format!("not an episode range: {value:?} (e.g. 10-20)");
                            return Effect::None;
                        }
                    },
                }
                self.mode = Mode::Results;
                self.edited()
            }
            KeyCode::Backspace => {
                text.pop();
                self.prompt = Some((kind, std::mem::take(text)));
                Effect::None
            }
            KeyCode::Char(c) if !key.modifiers.contains(KeyModifiers::CONTROL) => {
                text.push(c);
                self.prompt = Some((kind, std::mem::take(text)));
                Effect::None
            }
            _ => {
                self.prompt = Some((kind, std::mem::take(text)));
                Effect::None
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key(code: KeyCode) -> KeyEvent {
        KeyEvent::new(code, KeyModifiers::NONE)
    }

    fn ctrl(c: char) -> KeyEvent {
        KeyEvent::new(KeyCode::Char(c), KeyModifiers::CONTROL)
    }

    fn hit(episode: &str, title: &str, url: Option<&str>) -> Hit {
        Hit {
            topic: Topic {
                id: format!("{episode}-{title}"),
                episode: episode.into(),
                date: None,
                presenter: None,
                title: title.into(),
                url: url.map(str::to_string),
                links: Vec::new(),
                images: Vec::new(),
                body: String::new(),
                file: String::new(),
                line: 1,
            },
            score: 1.0,
            snippet: Default::default(),
            also: Vec::new(),
            partial: false,
            addr: None,
        }
    }

    #[test]
    fn typing_edits_at_the_cursor_and_asks_for_a_search_each_time() {
        let mut app = App::new("");
        let mut asked = Vec::new();
        for c in "ebf".chars() {
            asked.push(app.on_key(key(KeyCode::Char(c))));
        }
        app.on_key(key(KeyCode::Left));
        let last = app.on_key(key(KeyCode::Char('p')));
        assert_eq!(app.query, "ebpf");
        assert_eq!(
            last,
            Effect::Search(Asked {
                query: "ebpf".into(),
                ..Default::default()
            })
        );
        assert_eq!(Asked::default().limit, PAGE);
        assert!(asked.iter().all(|e| matches!(e, Effect::Search(_))));
        assert_eq!(asked.len(), 3);
        // Multi-byte text: Backspace removes one character.
        let mut app = App::new("監視");
        app.on_key(key(KeyCode::Backspace));
        assert_eq!((app.query.as_str(), app.cursor), ("監", 1));
    }

    #[test]
    fn keys_move_open_copy_and_quit() {
        let mut app = App::new("x");
        app.answered(
            vec![
                hit("001", "a", Some("https://a.example/")),
                hit("002", "b", None),
            ],
            vec![],
            1.0,
        );
        assert_eq!(
            app.on_key(key(KeyCode::Enter)),
            Effect::Open("https://a.example/".into())
        );
        assert_eq!(
            app.on_key(ctrl('y')),
            Effect::Copy("https://a.example/".into())
        );
        app.on_key(ctrl('n'));
        app.on_key(ctrl('n'));
        assert_eq!(app.selected, 1, "stops at the last");
        assert_eq!(app.on_key(key(KeyCode::Enter)), Effect::None);
        assert_eq!(app.status, "this topic has no URL");
        app.on_key(ctrl('p'));
        assert_eq!(app.selected, 0);
        app.on_key(key(KeyCode::Tab));
        assert!(!app.preview);
        assert_eq!(app.on_key(ctrl('e')), Effect::LoadEpisode("001".into()));
        assert_eq!(app.on_key(ctrl('c')), Effect::Quit);
        assert_eq!(app.on_key(key(KeyCode::Esc)), Effect::Quit);
    }

    #[test]
    fn the_episode_view_opens_on_the_selected_topic_and_esc_returns() {
        let mut app = App::new("x");
        app.answered(
            vec![hit("001", "b", Some("https://b.example/"))],
            vec![],
            1.0,
        );
        let topics = vec![
            hit("001", "a", Some("https://a.example/")).topic,
            hit("001", "b", Some("https://b.example/")).topic,
        ];
        app.episode_loaded(Episode::default(), topics);
        assert!(matches!(app.mode, Mode::Episode { selected: 1, .. }));
        assert_eq!(app.on_key(key(KeyCode::Up)), Effect::None);
        assert_eq!(
            app.on_key(key(KeyCode::Enter)),
            Effect::Open("https://a.example/".into())
        );
        assert_eq!(app.on_key(key(KeyCode::Esc)), Effect::None);
        assert!(matches!(app.mode, Mode::Results));
    }

    #[test]
    fn filters_are_typed_in_prompts_and_search_again() {
        let mut app = App::new("ebpf");
        app.on_key(ctrl('f'));
        for c in "bob".chars() {
            assert_eq!(app.on_key(key(KeyCode::Char(c))), Effect::None);
        }
        let e = app.on_key(key(KeyCode::Enter));
        assert_eq!(app.presenter.as_deref(), Some("bob"));
        assert!(matches!(e, Effect::Search(Asked { presenter: Some(ref p), .. }) if p == "bob"));
        app.on_key(ctrl('r'));
        for c in "10-2x".chars() {
            app.on_key(key(KeyCode::Char(c)));
        }
        assert_eq!(app.on_key(key(KeyCode::Enter)), Effect::None);
        assert!(
            app.status.starts_with("not an episode range"),
            "{}",
            app.status
        );
        app.on_key(ctrl('r'));
        for c in "10-20".chars() {
            app.on_key(key(KeyCode::Char(c)));
        }
        app.on_key(key(KeyCode::Enter));
        let r = app.episodes.unwrap();
        assert!(r.contains("010") && r.contains("020") && !r.contains("009") && !r.contains("021"));
        assert_eq!(r.to_string(), "010–020");
        // Reopened, the prompt holds the range as typed; emptied, it clears.
        app.on_key(ctrl('r'));
        assert_eq!(app.prompt.as_ref().map(|(_, t)| t.as_str()), Some("10-20"));
        for _ in 0..5 {
            app.on_key(key(KeyCode::Backspace));
        }
        app.on_key(key(KeyCode::Enter));
        assert_eq!(app.episodes, None);
    }

    #[test]
    fn scrolling_to_the_end_of_a_full_page_asks_for_the_next() {
        let mut app = App::new("x");
        let page: Vec<Hit> = (0..PAGE)
            .map(|i| hit("001", &format!("t{i}"), None))
            .collect();
        app.answered(page.clone(), vec![], 1.0);
        let mut asked = None;
        for _ in 0..PAGE {
            if let Effect::Search(a) = app.on_key(key(KeyCode::Down)) {
                asked.get_or_insert(a);
            }
        }
        let asked = asked.expect("the next page was asked for");
        assert_eq!((asked.query.as_str(), asked.limit), ("x", 2 * PAGE));
        let selected = app.selected;
        assert!(selected >= PAGE - 3, "{selected}");
        // The longer answer keeps the selection; a new query starts over.
        let mut more = page;
        more.extend((PAGE..PAGE + 5).map(|i| hit("002", &format!("t{i}"), None)));
        app.answered(more, vec![], 1.0);
        assert_eq!(app.selected, selected);
        assert_eq!(app.hits.len(), PAGE + 5);
        // A short page means there is no more to ask for.
        for _ in 0..10 {
            assert_eq!(app.on_key(key(KeyCode::Down)), Effect::None);
        }
        let Effect::Search(a) = app.on_key(key(KeyCode::Char('y'))) else {
            panic!("typing searches");
        };
        assert_eq!(a.limit, PAGE);
    }
}
