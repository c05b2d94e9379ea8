//! Commands about kn itself: where things are, shell completions, man page.

use clap::CommandFactory;
use serde::Serialize;

use super::places::{Source, resolve};
use super::{Outcome, json_form, print};
use crate::cli::{Cli, CompletionsArgs, Global, ListArgs};
use crate::error::{Error, Result};
use crate::index::{IndexHandle, Store};

#[derive(Serialize)]
struct Where {
    version: &'static str,
    config_file: String,
    notes: String,
    notes_from: Source,
    index: String,
    /// Episodes and topics in the live index, if there is one.
    indexed: Option<Indexed>,
    dictionary: &'static str,
    /// The Japanese ↔ English lexicon and its licence (CC BY-SA requires
    /// the attribution wherever the data goes).
    lexicon: &'static str,
}

/// Attribution of the embedded JMdict/EDICT data.
const LEXICON: &str = "JMdict/EDICT (Debian's edict: edict + compdic), nouns and verbal nouns, \
compiled into the binary; © Electronic Dictionary Research and Development Group, \
CC BY-SA 3.0 (https://www.edrdg.org/edrdg/licence.html)";

#[derive(Serialize)]
struct Indexed {
    episodes: usize,
    topics: usize,
    files: usize,
}

pub fn config(global: &Global, args: &ListArgs) -> Result<Outcome> {
    let dirs = resolve(global)?;
    let indexed = match IndexHandle::open(&Store::new(&dirs.index)) {
        Ok(Some(h)) => Some(Indexed {
            episodes: h.manifest.episodes,
            topics: h.manifest.topics,
            files: h.manifest.files,
        }),
        _ => None,
    };
    let w = Where {
        version: env!("CARGO_PKG_VERSION"),
        config_file: dirs.config_file.display().to_string(),
        notes: dirs.data.display().to_string(),
        notes_from: dirs.source,
        index: dirs.index.display().to_string(),
        indexed,
        dictionary: "IPADIC (mecab-ipadic 2.7.0), compiled into the binary",
        lexicon: LEXICON,
    };
    if let Some(form) = json_form(&args.output) {
        print(&crate::render::json::one(&w, form))?;
        return Ok(Outcome::Found);
    }
    let from = match w.notes_from {
        Source::Flag => "--data / KN_DATA",
        Source::Config => "configuration file",
        Source::Checkout => "the checkout's sample",
        Source::Embedded => "sample compiled into kn",
    };
    let indexed = match &w.indexed {
        Some(i) => format!(
            "{} episodes, {} topics from {} files",
            i.episodes, i.topics, i.files
        ),
        None => "not built yet (any command builds it)".into(),
    };
    print(&format!(
        "kn {}\nconfig file: {}\nnotes:       {} ({from})\nindex:       {} ({indexed})\ndictionary:  {}\nlexicon:     {}",
        w.version, w.config_file, w.notes, w.index, w.dictionary, w.lexicon
    ))?;
    Ok(Outcome::Found)
}

pub fn completions(args: &CompletionsArgs) -> Result<Outcome> {
    let mut out = Vec::new();
    clap_complete::generate(args.shell, &mut Cli::command(), "kn", &mut out);
    print(String::from_utf8_lossy(&out).trim_end())?;
    Ok(Outcome::Found)
}

pub fn man() -> Result<Outcome> {
    let mut out = Vec::new();
    clap_mangen::Man::new(Cli::command())
        .render(&mut out)
        .map_err(|e| Error::io("<man page>", e))?;
    print(String::from_utf8_lossy(&out).trim_end())?;
    Ok(Outcome::Found)
}
