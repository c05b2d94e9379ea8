//! Command-line definition (clap derive only; no behaviour here).

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand};

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

#[derive(Debug, Args)]
pub struct Global {
    /// Notes directory (a clone of the kubenews notes repository) [default: the bundled data/]
    #[arg(long, global = true, env = "KN_DATA", value_name = "DIR")]
    pub data: Option<PathBuf>,
    /// Index directory [default: index/ beside the bundled data, or a per-notes cache dir]
    #[arg(long, global = true, env = "KN_INDEX", value_name = "DIR")]
    pub index: Option<PathBuf>,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Build the index from the notes directory
    Ingest(IngestArgs),
    /// Search topics (terms are ANDed)
    Search(SearchArgs),
    /// Show one episode: header and topics by presenter
    Show(ShowArgs),
    /// List every episode with date, host, guests and topic count
    Episodes(ListArgs),
    /// Write every topic as JSON Lines (one object per line, `show --json` topic shape plus episode and date)
    Export(ExportArgs),
}

#[derive(Debug, Args)]
pub struct ExportArgs {
    /// Output format
    #[arg(long, value_enum, default_value_t = ExportFormat::Jsonl)]
    pub format: ExportFormat,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum ExportFormat {
    /// One topic per line
    Jsonl,
}

#[derive(Debug, Args)]
pub struct ListArgs {
    /// Print a JSON array instead of a table
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Args)]
pub struct IngestArgs {
    /// Rebuild from scratch instead of re-indexing only the changed files
    #[arg(long)]
    pub rebuild: bool,
    /// Print every warning, not only the first few
    #[arg(long)]
    pub all_warnings: bool,
    /// Indexing memory budget in MiB (bounds ingest memory for any corpus size)
    #[arg(long, default_value_t = 512, value_name = "MIB")]
    pub memory_mb: usize,
}

#[derive(Debug, Args)]
pub struct SearchArgs {
    /// Query: words (ANDed), "exact phrase", -exclude, a OR b, presenter:NAME,
    /// episode:N, site:HOST, title:WORD. Put `--` before a query starting with `-`.
    #[arg(required = true, num_args = 1..)]
    pub query: Vec<String>,
    /// Maximum number of results
    #[arg(short = 'n', long, default_value_t = 10, value_name = "N")]
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
    /// No typo correction: search the words as typed
    #[arg(long)]
    pub exact: bool,
    /// List every topic separately, even when several discuss the same URL
    #[arg(long)]
    pub no_group: bool,
    /// Print a JSON array instead of a table
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Args)]
pub struct ShowArgs {
    /// Episode number (`4`, `004`, `001-private`)
    pub episode: String,
    /// Print a JSON object instead of text
    #[arg(long)]
    pub json: bool,
}
