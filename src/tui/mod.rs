//! `kn tui`: search as you type. `app` holds the state and what keys do
//! (`range` the episode range filter), `view` draws it, `worker` searches
//! on its own thread; this file owns the terminal (raw mode, alternate
//! screen, mouse) and gives it back as it was on every exit, a panic
//! included.

pub mod app;
pub mod range;
pub mod view;
pub mod worker;

use std::io::{self, Write};
use std::time::Duration;

use crossterm::event::{self, DisableMouseCapture, EnableMouseCapture, Event, KeyEventKind};
use crossterm::execute;
use crossterm::terminal::{
    EnterAlternateScreen, LeaveAlternateScreen, disable_raw_mode, enable_raw_mode,
};
use ratatui::Terminal;
use ratatui::backend::CrosstermBackend;

use crate::error::{Error, Result};
use app::{App, Effect};
use worker::{Reply, Worker};

pub use worker::Index;

/// Leaves raw mode, the alternate screen and mouse capture. Safe to call
/// twice (the guard and the panic hook may both run).
fn restore() {
    let _ = disable_raw_mode();
    let _ = execute!(io::stdout(), DisableMouseCapture, LeaveAlternateScreen);
}

/// Restores the terminal when dropped: on return, on error, on unwind.
struct Screen;

impl Screen {
    fn enter() -> io::Result<Self> {
        enable_raw_mode()?;
        let guard = Screen;
        execute!(io::stdout(), EnterAlternateScreen, EnableMouseCapture)?;
        // A panic prints after the screen is back, not into raw mode.
        let previous = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            restore();
            previous(info);
        }));
        Ok(guard)
    }
}

impl Drop for Screen {
    fn drop(&mut self) {
        restore();
    }
}

/// Refuses early (before the index is opened or built) when there is no
/// terminal to draw on.
pub fn require_terminal() -> Result<()> {
    use std::io::IsTerminal;
    if io::stdout().is_terminal() && io::stdin().is_terminal() {
        Ok(())
    } else {
        Err(Error::Invalid(
            "kn tui needs a terminal (use kn search for scripts)".into(),
        ))
    }
}

/// Runs the screen until the user quits.
pub fn run(index: Index, query: &str) -> Result<()> {
    require_terminal()?;
    let _screen = Screen::enter().map_err(Error::Terminal)?;
    let mut terminal =
        Terminal::new(CrosstermBackend::new(io::stdout())).map_err(Error::Terminal)?;
    let mut worker = Worker::spawn(index);
    let mut app = App::new(query);
    if !query.trim().is_empty() {
        app.searching = true;
        worker.search(app.asked());
    }
    loop {
        terminal
            .draw(|f| view::draw(f, &mut app))
            .map_err(Error::Terminal)?;
        // Wait for input, but look for answers often enough that one shows
        // within a frame of arriving.
        if event::poll(Duration::from_millis(8)).map_err(Error::Terminal)? {
            // Everything already typed, before drawing again.
            loop {
                let effect = match event::read().map_err(Error::Terminal)? {
                    Event::Key(k) if k.kind != KeyEventKind::Release => app.on_key(k),
                    Event::Mouse(m) => app.on_mouse(m),
                    _ => Effect::None,
                };
                match effect {
                    Effect::None => {}
                    Effect::Quit => return Ok(()),
                    Effect::Search(asked) => worker.search(asked),
                    Effect::LoadEpisode(ep) => worker.episode(ep),
                    Effect::Open(url) => {
                        app.status = match open::that_detached(&url) {
                            Ok(()) => format!("opened {url}"),
                            Err(e) => format!("could not open {url}: {e}"),
                        };
                    }
                    Effect::Copy(url) => {
                        // OSC 52: the terminal puts it on the clipboard,
                        // over ssh and tmux too.
                        let mut out = io::stdout();
                        let done = execute!(
                            out,
                            crossterm::clipboard::CopyToClipboard::to_clipboard_from(&url)
                        )
                        .and_then(|_| out.flush());
                        app.status = match done {
                            Ok(()) => format!("copied {url}"),
                            Err(e) => format!("could not copy: {e}"),
                        };
                    }
                }
                if !event::poll(Duration::ZERO).map_err(Error::Terminal)? {
                    break;
                }
            }
        }
        while let Ok(reply) = worker.replies.try_recv() {
            if reply.generation() < worker.latest {
                continue;
            }
            match reply {
                Reply::Results {
                    hits,
                    notices,
                    took_ms,
                    ..
                } => app.answered(hits, notices, took_ms),
                Reply::Episode {
                    episode, topics, ..
                } => app.episode_loaded(episode, topics),
                Reply::Failed { message, .. } => {
                    app.searching = false;
                    app.status = message;
                }
            }
        }
    }
}
