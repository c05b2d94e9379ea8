//! Command-line definition (clap derive only; no behaviour here).

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand};

/// A count the user passes, bounded where clap parses it, so that a memory
/// budget tantivy would refuse is a one-line usage error.
fn count(
    range: impl std::ops::RangeBounds<u64> + Send + Sync + 'static,
) -> impl clap::builder::TypedValueParser<Value = usize> {
    clap::builder::RangedU64ValueParser::<usize>::new().range(range)
}

/// A result limit: a whole number from 1; one past what fits a `usize` is
/// taken as "all" (the search cuts any limit to the index's size).
fn at_least_one(text: &str) -> Result<usize, String> {
    if text.is_empty() || !text.bytes().all(|b| b.is_ascii_digit()) {
        return Err("not a whole number".into());
    }
    if text.bytes().all(|b| b == b'0') {
        return Err("must be at least 1".into());
    }
    Ok(text.parse().unwrap_or(usize::MAX))
}

/// Search the kubenews show notes: which episode talked about it, who
/// presented it, and what was the link.

#[derive(Debug, Parser)]
#[command(name = "kn", version, about, long_about = None)]
pub struct Cli {
    #[command(flatten)]
    pub global: Global,
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Clone, Args)]
pub struct Global {
    /// When to use colour and bold highlights [NO_COLOR turns auto off]
    #[arg(long, global = true, value_enum, default_value_t = ColorChoice::Auto, value_name = "WHEN")]
    pub color: ColorChoice,
    /// Print nothing on stderr but errors (no notices, warnings or progress)
    #[arg(short, long, global = true, conflicts_with = "verbose")]
    pub quiet: bool,
    /// Diagnostics on stderr: -v phases and timings, -vv more detail
    #[arg(short, long, global = true, action = clap::ArgAction::Count)]
    pub verbose: u8,
    /// Page long output through $PAGER (default `less -FRX`), on a terminal only
    #[arg(long, global = true)]
    pub pager: bool,
    /// Notes directory (a clone of the kubenews notes repository) [default: the bundled data/]
    #[arg(long, global = true, env = "KN_DATA", value_name = "DIR")]
    pub data: Option<PathBuf>,
    /// Index directory [default: index/ beside the bundled data, or a per-notes cache dir]
    #[arg(long, global = true, env = "KN_INDEX", value_name = "DIR")]
    pub index: Option<PathBuf>,
}

/// Each subcommand's arguments are built only when it is the one run
/// (`defer`): building all of them was a fifth of a search's page faults.
#[derive(Debug, Subcommand)]
#[command(defer = true)]
pub enum Command {
    /// Build the index from the notes directory
    Ingest(IngestArgs),
    /// Search topics (terms are ANDed)
    Search(SearchArgs),
    /// Show one episode: header and topics by presenter
    Show(ShowArgs),
    /// Search as you type, in the terminal (results, preview, whole episodes)
    Tui(TuiArgs),
    /// Serve the notes to an assistant: a Model Context Protocol server on stdio
    Mcp,
    /// List every episode with date, host, guests and topic count
    Episodes(ListArgs),
    /// List presenters (aliases merged) with topic counts and first/last episode
    Presenters(ListArgs),
    /// List every URL once, with the episodes and presenters that discussed it
    Links(LinksArgs),
    /// Topics similar to a given one (by topic id or URL)
    Related(RelatedArgs),
    /// How often a query's topics came up, per month, as a bar chart
    Trend(TrendArgs),
    /// Write every topic as JSON Lines, or files for OpenSearch or Quickwit
    Export(ExportArgs),
    /// Print where kn keeps its configuration, notes and index
    Config(ListArgs),
    /// Print a shell completion script (bash, zsh, fish, powershell, elvish)
    Completions(CompletionsArgs),
    /// Print the man page (roff)
    Man,
    /// Full freshness check of a large corpus, started in the background by
    /// a search (internal)
    #[command(name = "__verify", hide = true)]
    Verify,
}

// `--json` (one pretty JSON document) or `--jsonl` (one object per line).
// (Not a doc comment: an `Args` struct's doc comment becomes the `about` of
// every subcommand that flattens it, over the subcommand's own.)
#[derive(Debug, Args, Clone, Copy, Default)]
pub struct OutputArgs {
    /// Print JSON instead of a table
    #[arg(long, conflicts_with = "jsonl")]
    pub json: bool,
    /// Print JSON Lines: one object per line
    #[arg(long)]
    pub jsonl: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum ColorChoice {
    Auto,
    Always,
    Never,
}

#[derive(Debug, Args)]
pub struct LinksArgs {
    /// Only URLs on this host or its subdomains (`github.com`)
    #[arg(long, value_name = "HOST")]
    pub site: Option<String>,
    #[command(flatten)]
    pub output: OutputArgs,
}

#[derive(Debug, Args)]
pub struct RelatedArgs {
    /// A topic id (`014-1a2b3c4d`, from search results) or a URL
    pub topic: String,
    /// Maximum number of results
    #[arg(short = 'n', long, default_value_t = 10, value_name = "N", value_parser = at_least_one)]
    pub limit: usize,
    #[command(flatten)]
    pub output: OutputArgs,
}

#[derive(Debug, Args)]
pub struct TrendArgs {
    /// Query, as for `kn search`
    #[arg(required = true, num_args = 1..)]
    pub query: Vec<String>,
    /// Only topics by this presenter
    #[arg(short, long, value_name = "NAME")]
    pub presenter: Option<String>,
    #[command(flatten)]
    pub output: OutputArgs,
}

#[derive(Debug, Args)]
pub struct CompletionsArgs {
    /// Shell to complete for
    #[arg(value_enum)]
    pub shell: clap_complete::Shell,
}

#[derive(Debug, Args)]
pub struct ExportArgs {
    /// Output format
    #[arg(long, value_enum, default_value_t = ExportFormat::Jsonl)]
    pub format: ExportFormat,
    /// Directory to write the OpenSearch or Quickwit files into
    #[arg(long, value_name = "DIR", required_if_eq_any([("format", "opensearch"), ("format", "quickwit")]))]
    pub out: Option<PathBuf>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum ExportFormat {
    /// One topic per line on stdout
    Jsonl,
    /// Index mapping (kuromoji + bigram sub-fields) and NDJSON bulk files
    Opensearch,
    /// Index config and NDJSON documents
    Quickwit,
}

#[derive(Debug, Args)]
pub struct ListArgs {
    #[command(flatten)]
    pub output: OutputArgs,
}

#[derive(Debug, Args)]
pub struct IngestArgs {
    /// Notes directory to index; remembered as the default for later commands
    #[arg(value_name = "DIR")]
    pub dir: Option<PathBuf>,
    /// Rebuild from scratch instead of re-indexing only the changed files
    #[arg(long)]
    pub rebuild: bool,
    /// Print every warning, not only the first few
    #[arg(long)]
    pub all_warnings: bool,
    /// Indexing memory budget in MiB (bounds ingest memory for any corpus size)
    #[arg(long, default_value_t = 512, value_name = "MIB", value_parser = count(16..=65536))]
    pub memory_mb: usize,
}

#[derive(Debug, Args)]
pub struct TuiArgs {
    /// A query to start with (then keep typing)
    pub query: Vec<String>,
}

#[derive(Debug, Args)]
pub struct SearchArgs {
    /// Query: words (ANDed), "exact phrase", -exclude, a OR b, presenter:NAME,
    /// episode:N, site:HOST, title:WORD. Put `--` before a query starting with `-`.
    #[arg(required = true, num_args = 1..)]
    pub query: Vec<String>,
    /// Maximum number of results
    #[arg(short = 'n', long, default_value_t = 10, value_name = "N", value_parser = at_least_one)]
    pub limit: usize,
    /// Only topics by this presenter (aliases apply: ry = ryojsb)
    #[arg(short, long, value_name = "NAME")]
    pub presenter: Option<String>,
    /// Only topics of this episode (`4` or `004`)
    #[arg(short, long, value_name = "N")]
    pub episode: Option<String>,
    /// Only episodes recorded on or after this date (YYYY, YYYY-MM, YYYY-MM-DD)
    #[arg(long, value_name = "DATE")]
    pub since: Option<String>,
    /// Only episodes recorded on or before this date (YYYY, YYYY-MM, YYYY-MM-DD)
    #[arg(long, value_name = "DATE")]
    pub until: Option<String>,
    /// Search the words as typed: no typo correction, no dictionary,
    /// loanword, word-form or abbreviation expansion (synonyms still apply)
    #[arg(long)]
    pub exact: bool,
    /// List every topic separately, even when several discuss the same URL
    #[arg(long)]
    pub no_group: bool,
    /// Say how the query was understood (expansions, corrections, words left
    /// out, weights): on stderr, or as "understood" with --json/--jsonl
    #[arg(long)]
    pub explain: bool,
    #[command(flatten)]
    pub output: OutputArgs,
}

#[derive(Debug, Args)]
pub struct ShowArgs {
    /// Episode number (`4`, `004`, `001-private`)
    pub episode: String,
    #[command(flatten)]
    pub output: OutputArgs,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn limits_are_whole_numbers_from_one_and_huge_means_all() {
        assert_eq!(at_least_one("1"), Ok(1));
        assert_eq!(at_least_one("010"), Ok(10));
        assert_eq!(at_least_one("99999999999999999999999999"), Ok(usize::MAX));
        assert!(at_least_one("0").is_err());
        assert!(at_least_one("000").is_err());
        assert!(at_least_one("-1").is_err());
        assert!(at_least_one("1e3").is_err());
        assert!(at_least_one("").is_err());
    }
}
