//! `kn tui`: the screens drawn by ratatui's `TestBackend` from real searches
//! of the fixture notes (snapshots of the main states, wide and narrow), and
//! one end-to-end run of the real binary inside tmux.

mod testenv;

use std::process::Command;
use std::time::{Duration, Instant};

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use kn::index::{IndexHandle, IngestOptions, Store, ingest};
use kn::tui::app::{App, Effect};
use kn::tui::{Index, view};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use testenv::TestEnv;

/// The fixture notes indexed, opened as `kn tui` opens them.
fn index(env: &TestEnv) -> Index {
    let store = Store::new(env.index());
    ingest(&env.notes(), &store, &IngestOptions::default()).unwrap();
    let mut warnings = Vec::new();
    Index {
        handle: IndexHandle::open(&store).unwrap().unwrap(),
        aliases: kn::corpus::load_aliases(&env.notes(), &mut warnings),
        synonyms: kn::corpus::load_synonyms(&env.notes(), &env.index(), &mut warnings),
    }
}

/// Types `text` and answers each search the way the worker would.
fn type_text(app: &mut App, index: &Index, text: &str) {
    for c in text.chars() {
        if let Effect::Search(asked) =
            app.on_key(KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE))
        {
            let (hits, notices) = index.search(&asked).unwrap();
            app.answered(hits, notices, 0.0);
        }
    }
    // Timings differ run to run; the snapshots leave them out.
    app.took_ms = None;
}

/// One frame of `app` on a test terminal of this size.
fn drawn(app: &mut App, width: u16, height: u16) -> Terminal<TestBackend> {
    let mut terminal = Terminal::new(TestBackend::new(width, height)).unwrap();
    terminal.draw(|f| view::draw(f, app)).unwrap();
    terminal
}

/// The screen as text, one line per row (wide characters take two cells;
/// their second cell is skipped).
fn screen(app: &mut App, width: u16, height: u16) -> String {
    let terminal = drawn(app, width, height);
    let buf = terminal.backend().buffer();
    let mut out = String::new();
    for y in 0..height {
        let mut line = String::new();
        let mut skip = 0;
        for x in 0..width {
            if skip > 0 {
                skip -= 1;
                continue;
            }
            let sym = buf[(x, y)].symbol();
            skip = unicode_width(sym).saturating_sub(1);
            line.push_str(sym);
        }
        out.push_str(line.trim_end());
        out.push('\n');
    }
    out
}

/// The text drawn in the highlight style (the matched words), in order.
fn highlighted(app: &mut App, width: u16, height: u16) -> String {
    use ratatui::style::{Color, Modifier};
    let terminal = drawn(app, width, height);
    let buf = terminal.backend().buffer();
    let mut out = String::new();
    for y in 0..height {
        for x in 0..width {
            let cell = &buf[(x, y)];
            if cell.fg == Color::Yellow && cell.modifier.contains(Modifier::BOLD) {
                out.push_str(cell.symbol());
            }
        }
        out.push('|');
    }
    out
}

fn unicode_width(s: &str) -> usize {
    textwrap::core::display_width(s)
}

fn ctrl(c: char) -> KeyEvent {
    KeyEvent::new(KeyCode::Char(c), KeyModifiers::CONTROL)
}

#[test]
fn main_states_wide_and_narrow() {
    let env = TestEnv::new();
    let index = index(&env);

    let mut app = App::new("");
    let empty = screen(&mut app, 120, 16);
    assert!(empty.contains("Type to search"), "{empty}");
    insta::assert_snapshot!("tui_empty", empty);

    type_text(&mut app, &index, "ebpf");
    let results = screen(&mut app, 120, 24);
    // The eBPF topic, its other episode and its links in the preview.
    assert!(
        results.contains("eBPFで始めるネットワーク可観測性"),
        "{results}"
    );
    assert!(
        results.contains("also in 002 (2022-01-14, dave)"),
        "{results}"
    );
    insta::assert_snapshot!("tui_results", results);
    // The matched words stand out in the snippets.
    let marked = highlighted(&mut app, 120, 24);
    assert!(marked.to_lowercase().contains("ebpf"), "{marked}");

    let narrow = screen(&mut app, 60, 24);
    assert!(narrow.lines().all(|l| unicode_width(l) <= 60), "{narrow}");
    insta::assert_snapshot!("tui_results_narrow", narrow);

    app.on_key(KeyEvent::new(KeyCode::Tab, KeyModifiers::NONE));
    let no_preview = screen(&mut app, 120, 12);
    assert!(!no_preview.contains("┌ preview"), "{no_preview}");
    app.on_key(KeyEvent::new(KeyCode::Tab, KeyModifiers::NONE));

    // Ctrl-e: the whole episode of the selected topic, grouped by presenter.
    let Effect::LoadEpisode(ep) = app.on_key(ctrl('e')) else {
        panic!("Ctrl-e asks for the episode");
    };
    assert_eq!(ep, "001");
    let handle = &index.handle;
    let episode = handle.episode(&ep).unwrap().unwrap();
    let topics = handle.episode_topics(&episode).unwrap();
    app.episode_loaded(episode, topics);
    let whole = screen(&mut app, 120, 24);
    assert!(
        whole.contains("Episode 001 · 2022-01-07 · host alice"),
        "{whole}"
    );
    insta::assert_snapshot!("tui_episode", whole);

    app.on_key(KeyEvent::new(KeyCode::Esc, KeyModifiers::NONE));
    type_text(&mut app, &index, "zzzq");
    let none = screen(&mut app, 120, 8);
    assert!(none.contains("No topics match \"ebpfzzzq\"."), "{none}");
    insta::assert_snapshot!("tui_no_results", none);
}

#[test]
fn note_text_cannot_drive_the_terminal() {
    let env = TestEnv::new_empty();
    env.write(
        "episodes/001/README.md",
        "# 001\n### @eve\n- [okapi \u{1b}]52;c;cHduZWQ=\u{7} \u{202e}gnp.exe](https://x.example/)\n  okapi \u{1b}[2J body\n",
    );
    let index = index(&env);
    let mut app = App::new("");
    type_text(&mut app, &index, "okapi");
    let shown = screen(&mut app, 100, 12);
    assert!(shown.contains("okapi"), "{shown}");
    let bad: Vec<char> = shown
        .chars()
        .filter(|&c| (c.is_control() && c != '\n') || ('\u{202a}'..='\u{202e}').contains(&c))
        .collect();
    assert!(bad.is_empty(), "{bad:?}");
}

/// The real binary in tmux: type, see the topic, quit, get the shell back.
#[test]
fn end_to_end_in_tmux() {
    if Command::new("tmux").arg("-V").output().is_err() {
        eprintln!("skipped: tmux is not installed (.ci/setup installs it)");
        return;
    }
    let env = TestEnv::new();
    let (code, _, err) = testenv::run(env.kn().args(["ingest", "--quiet"]));
    assert_eq!(code, 0, "{err}");
    let socket = format!("kn-test-{}", std::process::id());
    let tmux = |args: &[&str]| {
        Command::new("tmux")
            .args(["-L", &socket, "-f", "/dev/null"])
            .args(args)
            .output()
            .unwrap()
    };
    let kn = assert_cmd::cargo::cargo_bin("kn");
    let script = format!(
        "env KN_DATA='{}' KN_INDEX='{}' HOME='{}' TERM=xterm-256color '{}' tui; echo kn-exited-$?; sleep 60",
        env.notes().display(),
        env.index().display(),
        env.dir.path().display(),
        kn.display()
    );
    let out = tmux(&[
        "new-session",
        "-d",
        "-x",
        "120",
        "-y",
        "30",
        "sh",
        "-c",
        &script,
    ]);
    assert!(out.status.success(), "{out:?}");
    let screen_until = |what: &str| -> String {
        let deadline = Instant::now() + Duration::from_secs(20);
        loop {
            let shown = String::from_utf8_lossy(&tmux(&["capture-pane", "-p"]).stdout).into_owned();
            if shown.contains(what) || Instant::now() > deadline {
                return shown;
            }
            std::thread::sleep(Duration::from_millis(50));
        }
    };
    let first = screen_until("Type to search");
    assert!(first.contains("Type to search"), "{first}");
    tmux(&["send-keys", "-l", "ebpf"]);
    let shown = screen_until("eBPFで始めるネットワーク可観測性");
    // Esc quits and gives the shell its screen back.
    tmux(&["send-keys", "Escape"]);
    let after = screen_until("kn-exited-0");
    let _ = tmux(&["kill-server"]);
    assert!(shown.contains("> ebpf"), "{shown}");
    assert!(
        shown.contains("eBPFで始めるネットワーク可観測性"),
        "{shown}"
    );
    assert!(shown.contains("Service Mesh の現在地"), "{shown}");
    assert!(after.contains("kn-exited-0"), "{after}");
    assert!(
        !after.contains("results"),
        "the alternate screen was left: {after}"
    );
}
