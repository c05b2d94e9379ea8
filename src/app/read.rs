//! The read commands: search, show, episodes, presenters, links, related,
//! trend. Each opens the current index (ingesting first if needed), asks the
//! engine, and prints a table or JSON.

use super::places::{Dirs, resolve};
use super::{Outcome, found, json_form, note, open_current, phase, print, style};
use crate::cli::{
    Global, LinksArgs, ListArgs, RelatedArgs, SearchArgs, ShowArgs, TrendArgs, TuiArgs,
};
use crate::corpus;
use crate::error::{Error, Result};
use crate::index::IndexHandle;
use crate::notes::episode_order;
use crate::notes::header::episode_number;
use crate::render::{json, table};
use crate::search::{Engine, SearchOptions, browse};

/// The index with the aliases and synonyms of its notes directory.
struct Opened {
    handle: IndexHandle,
    aliases: crate::notes::Aliases,
    synonyms: crate::analysis::Synonyms,
}

impl Opened {
    fn engine(&self) -> Engine<'_> {
        Engine::new(&self.handle, &self.aliases, &self.synonyms)
    }
}

fn open_all(dirs: &Dirs) -> Result<Opened> {
    let handle = open_current(dirs)?;
    let t = std::time::Instant::now();
    let mut warnings = Vec::new();
    let aliases = corpus::load_aliases(&dirs.data, &mut warnings);
    let synonyms = corpus::load_synonyms(&dirs.data, &dirs.index, &mut warnings);
    phase("aliases + synonyms", t);
    Ok(Opened {
        handle,
        aliases,
        synonyms,
    })
}

pub fn search(global: &Global, args: &SearchArgs) -> Result<Outcome> {
    let opened = open_all(&resolve(global)?)?;
    let query = args.query.join(" ");
    let opts = SearchOptions {
        limit: args.limit,
        presenter: args.presenter.clone(),
        episode: args.episode.clone(),
        since: args.since.clone(),
        until: args.until.clone(),
        exact: args.exact,
        group: !args.no_group,
    };
    let t = std::time::Instant::now();
    let results = opened.engine().search(&query, &opts)?;
    phase("search + snippets", t);
    for n in &results.notices {
        note(n);
    }
    let hits = results.hits;
    let t = std::time::Instant::now();
    if args.explain && json_form(&args.output).is_none() {
        // Asked for: printed even with --quiet.
        for line in results.understood.lines() {
            eprintln!("kn: explain: {}", crate::render::safe::terminal(&line));
        }
    }
    match json_form(&args.output) {
        Some(form) if args.explain => {
            print(&json::search_explained(&hits, &results.understood, form))?
        }
        Some(form) => print(&json::search(&hits, form))?,
        None if hits.is_empty() => note(&format!("no topics match {query:?}")),
        None => print(&table::search(&hits, style()))?,
    }
    phase("render", t);
    // The process ends here: unmapping the index and freeing its tables one
    // by one would cost a twentieth of a 1× search; the kernel does it at once.
    std::mem::forget(opened);
    Ok(found(!hits.is_empty()))
}

/// `kn tui`: the index opened once, then the screen until the user quits.
pub fn tui(global: &Global, args: &TuiArgs) -> Result<Outcome> {
    crate::tui::require_terminal()?;
    let opened = open_all(&resolve(global)?)?;
    crate::tui::run(
        crate::tui::Index {
            handle: opened.handle,
            aliases: opened.aliases,
            synonyms: opened.synonyms,
        },
        &args.query.join(" "),
    )?;
    Ok(Outcome::Found)
}

/// `kn mcp`: the server holds the index and re-opens it through `open_all`
/// (which ingests first) when the notes change. Notices go to stderr, never
/// into the protocol on stdout.
pub fn mcp(global: &Global) -> Result<Outcome> {
    let dirs = resolve(global)?;
    let data = dirs.data.clone();
    let opener: crate::mcp::Opener = Box::new(move || {
        let o = open_all(&dirs)?;
        Ok(crate::mcp::Opened {
            handle: o.handle,
            aliases: o.aliases,
            synonyms: o.synonyms,
        })
    });
    crate::mcp::serve(crate::mcp::Server::new(opener, data))?;
    Ok(Outcome::Found)
}

/// The episodes closest to `wanted` by number, for "did you mean".
fn nearest(handle: &IndexHandle, wanted: &str) -> Result<String> {
    let mut eps: Vec<String> = handle.episodes()?.into_iter().map(|e| e.episode).collect();
    let target = episode_order(wanted).0;
    eps.sort_by_key(|e| {
        let n = episode_order(e).0;
        (n.abs_diff(target), episode_order(e))
    });
    eps.truncate(5);
    eps.sort_by_key(|e| episode_order(e));
    Ok(eps.join(", "))
}

pub fn show(global: &Global, args: &ShowArgs) -> Result<Outcome> {
    let dirs = resolve(global)?;
    let handle = open_current(&dirs)?;
    let Some((episode, topics)) = handle.episode_by_name(&args.episode)? else {
        let wanted =
            episode_number(&args.episode).unwrap_or_else(|| args.episode.trim().to_string());
        return Err(Error::UnknownEpisode {
            wanted: args.episode.clone(),
            available: nearest(&handle, &wanted)?,
        });
    };
    match json_form(&args.output) {
        Some(form) => print(&json::show(&episode, &topics, form))?,
        None => print(&table::show(&episode, &topics, style()))?,
    }
    Ok(Outcome::Found)
}

pub fn episodes(global: &Global, args: &ListArgs) -> Result<Outcome> {
    let handle = open_current(&resolve(global)?)?;
    let episodes = handle.episodes()?;
    match json_form(&args.output) {
        Some(form) => print(&json::episodes(&episodes, form))?,
        None => print(&table::episodes(&episodes, style()))?,
    }
    Ok(found(!episodes.is_empty()))
}

pub fn presenters(global: &Global, args: &ListArgs) -> Result<Outcome> {
    let opened = open_all(&resolve(global)?)?;
    let list = browse::presenters(&opened.handle, &opened.aliases)?;
    match json_form(&args.output) {
        Some(form) => print(&json::list(&list, form))?,
        None => print(&table::presenters(&list, style()))?,
    }
    Ok(found(!list.is_empty()))
}

pub fn links(global: &Global, args: &LinksArgs) -> Result<Outcome> {
    let handle = open_current(&resolve(global)?)?;
    let list = browse::links(&handle, args.site.as_deref())?;
    match json_form(&args.output) {
        Some(form) => print(&json::list(&list, form))?,
        None if list.is_empty() => note("no links"),
        None => print(&table::links(&list, style()))?,
    }
    Ok(found(!list.is_empty()))
}

pub fn related(global: &Global, args: &RelatedArgs) -> Result<Outcome> {
    let opened = open_all(&resolve(global)?)?;
    let engine = opened.engine();
    let Some(source) = engine.find_topic(&args.topic)? else {
        return Err(Error::Invalid(format!(
            "no topic has the id or URL {:?} (ids are in `kn search --json` and `kn show N --json`)",
            args.topic
        )));
    };
    let hits = engine.related(&source, args.limit)?;
    match json_form(&args.output) {
        Some(form) => print(&json::search(&hits, form))?,
        None if hits.is_empty() => note(&format!("nothing similar to {:?}", source.title)),
        None => {
            note(&format!(
                "topics like {} ({}, {})",
                source.title,
                source.episode,
                source.presenter.as_deref().unwrap_or("-")
            ));
            print(&table::search(&hits, style()))?
        }
    }
    Ok(found(!hits.is_empty()))
}

pub fn trend(global: &Global, args: &TrendArgs) -> Result<Outcome> {
    let opened = open_all(&resolve(global)?)?;
    let query = args.query.join(" ");
    let trend = browse::trend(&opened.engine(), &query, args.presenter.clone())?;
    match json_form(&args.output) {
        Some(form) => print(&json::one(&trend, form))?,
        None if trend.total == 0 => note(&format!("no topics match {query:?}")),
        None => print(&table::trend(&trend, style()))?,
    }
    Ok(found(trend.total > 0))
}
