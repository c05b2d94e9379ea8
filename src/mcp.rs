//! `kn mcp`: the notes as tools for an assistant, over the Model Context
//! Protocol on stdio (the official Rust SDK, `rmcp`). The tools answer with
//! the same JSON as `kn search --json`, `kn show --json`, `kn related
//! --json` and `kn trend --json`; each episode is also a resource,
//! `kn://episode/004`. The index is opened once and re-opened only when the
//! freshness check (the one a search runs) says the notes changed.

use std::path::PathBuf;
use std::sync::{Arc, Mutex};

use rmcp::handler::server::router::tool::ToolRouter;
use rmcp::handler::server::wrapper::Parameters;
use rmcp::model::{
    Implementation, ListResourcesResult, PaginatedRequestParams, ReadResourceRequestParams,
    ReadResourceResponse, ReadResourceResult, Resource, ResourceContents, ServerCapabilities,
    ServerConfig,
};
use rmcp::service::RequestContext;
use rmcp::{ErrorData, RoleServer, ServerHandler, ServiceExt, tool, tool_handler, tool_router};
use serde::Deserialize;

use crate::analysis::Synonyms;
use crate::error::{Error, Result};
use crate::index::IndexHandle;
use crate::index::freshness::{Freshness, quick_staleness};
use crate::notes::Aliases;
use crate::render::json::{self, JsonForm};
use crate::search::{Engine, SearchOptions, browse};

/// The index and the tables of its notes directory, as the server holds them.
pub struct Opened {
    pub handle: IndexHandle,
    pub aliases: Aliases,
    pub synonyms: Synonyms,
}

/// Opens (ingesting first when needed) the index of the notes directory.
pub type Opener = Box<dyn Fn() -> Result<Opened> + Send + Sync>;

const URI_PREFIX: &str = "kn://episode/";

#[derive(Debug, Deserialize, schemars::JsonSchema)]
pub struct SearchParams {
    /// What to look for, in Japanese or English: words (all must match),
    /// "an exact phrase", -excluded, a OR b. Examples: "eBPF", "コンテナ
    /// ランタイム", "gateway api".
    pub query: String,
    /// Most results to return (default 10).
    pub limit: Option<usize>,
    /// Only topics this presenter introduced (any spelling of their name).
    pub presenter: Option<String>,
    /// Only topics of this episode number ("4" or "004").
    pub episode: Option<String>,
    /// Only episodes recorded on or after this date (YYYY, YYYY-MM or YYYY-MM-DD).
    pub since: Option<String>,
    /// Only episodes recorded on or before this date (YYYY, YYYY-MM or YYYY-MM-DD).
    pub until: Option<String>,
}

#[derive(Debug, Deserialize, schemars::JsonSchema)]
pub struct ShowParams {
    /// Episode number, e.g. "4" or "004".
    pub episode: String,
}

#[derive(Debug, Deserialize, schemars::JsonSchema)]
pub struct RelatedParams {
    /// A topic's "id" (from search or show results) or its URL.
    pub topic: String,
    /// Most results to return (default 10).
    pub limit: Option<usize>,
}

#[derive(Debug, Deserialize, schemars::JsonSchema)]
pub struct TrendParams {
    /// What to count, as for search.
    pub query: String,
    /// Only topics this presenter introduced.
    pub presenter: Option<String>,
}

/// The MCP server: tools and episode resources over one held index.
#[derive(Clone)]
pub struct Server {
    opener: Arc<Opener>,
    data: PathBuf,
    held: Arc<Mutex<Option<Arc<Opened>>>>,
    #[allow(dead_code)] // read by the `tool_handler` macro
    tool_router: ToolRouter<Self>,
}

fn to_error(e: Error) -> String {
    e.to_string()
}

#[tool_router]
impl Server {
    pub fn new(opener: Opener, data: PathBuf) -> Self {
        Self {
            opener: Arc::new(opener),
            data,
            held: Arc::new(Mutex::new(None)),
            tool_router: Self::tool_router(),
        }
    }

    /// The held index, re-opened when the notes changed since it was built.
    fn index(&self) -> Result<Arc<Opened>> {
        let mut held = self.held.lock().unwrap_or_else(|p| p.into_inner());
        if let Some(o) = held.as_ref() {
            let fresh = matches!(
                quick_staleness(&o.handle.dir, &o.handle.manifest, &self.data)?,
                Freshness::Fresh | Freshness::CheckDue
            );
            if fresh {
                return Ok(o.clone());
            }
        }
        let opened = Arc::new((self.opener)()?);
        *held = Some(opened.clone());
        Ok(opened)
    }

    #[tool(
        description = "Search the kubenews show notes (a Japanese weekly Kubernetes / cloud-native news stream) for topics: each result is one linked article a presenter introduced, with episode, recording date, presenter, title, url, a snippet, and `also` (other episodes that discussed the same URL). Use this first for any question about what was discussed, by whom, or where the link was. Japanese and English queries both work and reach each other (e.g. 監視 finds monitoring)."
    )]
    fn search(
        &self,
        Parameters(p): Parameters<SearchParams>,
    ) -> std::result::Result<String, String> {
        let o = self.index().map_err(to_error)?;
        let opts = SearchOptions {
            limit: p.limit.unwrap_or(10).clamp(1, 1000),
            presenter: p.presenter,
            episode: p.episode,
            since: p.since,
            until: p.until,
            ..Default::default()
        };
        let results = Engine::new(&o.handle, &o.aliases, &o.synonyms)
            .search(&p.query, &opts)
            .map_err(to_error)?;
        Ok(json::search(&results.hits, JsonForm::Pretty))
    }

    #[tool(
        description = "One whole episode of the notes: its header (recording date, host, guests, video URL) and every topic in note order with presenter, title, url, body and links. Use it after search to read the context of a result, or when the user names an episode number."
    )]
    fn show(&self, Parameters(p): Parameters<ShowParams>) -> std::result::Result<String, String> {
        let o = self.index().map_err(to_error)?;
        episode_json(&o.handle, &p.episode).map_err(to_error)
    }

    #[tool(
        description = "Topics similar to a given one (by its id from search/show results, or its URL), other URLs only. Use it to answer 'what else was discussed like this?'."
    )]
    fn related(
        &self,
        Parameters(p): Parameters<RelatedParams>,
    ) -> std::result::Result<String, String> {
        let o = self.index().map_err(to_error)?;
        let engine = Engine::new(&o.handle, &o.aliases, &o.synonyms);
        let Some(source) = engine.find_topic(&p.topic).map_err(to_error)? else {
            return Err(format!("no topic has the id or URL {:?}", p.topic));
        };
        let hits = engine
            .related(&source, p.limit.unwrap_or(10).clamp(1, 1000))
            .map_err(to_error)?;
        Ok(json::search(&hits, JsonForm::Pretty))
    }

    #[tool(
        description = "How many topics matching a query came up per month (months with none included), with the total: use it for 'when did people talk about X?' or 'is X discussed more lately?'."
    )]
    fn trend(&self, Parameters(p): Parameters<TrendParams>) -> std::result::Result<String, String> {
        let o = self.index().map_err(to_error)?;
        let engine = Engine::new(&o.handle, &o.aliases, &o.synonyms);
        let trend = browse::trend(&engine, &p.query, p.presenter).map_err(to_error)?;
        Ok(json::one(&trend, JsonForm::Pretty))
    }
}

/// `kn show N --json` for one episode.
fn episode_json(handle: &IndexHandle, wanted: &str) -> Result<String> {
    let Some((episode, topics)) = handle.episode_by_name(wanted)? else {
        return Err(Error::Invalid(format!("no episode {wanted}")));
    };
    Ok(json::show(&episode, &topics, JsonForm::Pretty))
}

#[tool_handler]
impl ServerHandler for Server {
    fn get_info(&self) -> ServerConfig {
        ServerConfig::new(
            ServerCapabilities::builder()
                .enable_tools()
                .enable_resources()
                .build(),
        )
        .with_server_info(Implementation::new("kn", env!("CARGO_PKG_VERSION")))
        .with_instructions(
            "kn searches the show notes of kubenews, a Japanese weekly Kubernetes news stream. \
             Start with the search tool; show reads a whole episode; related and trend answer \
             'what else' and 'when'. Episodes are also resources: kn://episode/NNN.",
        )
    }

    async fn list_resources(
        &self,
        _request: Option<PaginatedRequestParams>,
        _context: RequestContext<RoleServer>,
    ) -> std::result::Result<ListResourcesResult, ErrorData> {
        let o = self.index().map_err(internal)?;
        let episodes = o.handle.episodes().map_err(internal)?;
        let resources = episodes
            .iter()
            .map(|e| {
                let mut about = format!("kubenews episode {}", e.episode);
                if let Some(d) = &e.date {
                    about.push_str(&format!(", recorded {d}"));
                }
                about.push_str(&format!(", {} topics", e.topic_count));
                Resource::new(
                    format!("{URI_PREFIX}{}", e.episode),
                    format!("episode {}", e.episode),
                )
                .with_description(about)
                .with_mime_type("application/json")
            })
            .collect();
        Ok(ListResourcesResult::with_all_items(resources))
    }

    async fn read_resource(
        &self,
        request: ReadResourceRequestParams,
        _context: RequestContext<RoleServer>,
    ) -> std::result::Result<ReadResourceResponse, ErrorData> {
        let Some(episode) = request.uri.strip_prefix(URI_PREFIX) else {
            return Err(ErrorData::resource_not_found(
                format!("not a kn resource: {} (kn://episode/NNN)", request.uri),
                None,
            ));
        };
        let o = self.index().map_err(internal)?;
        match episode_json(&o.handle, episode) {
            Ok(text) => Ok(ReadResourceResult::new(vec![
                ResourceContents::text(text, request.uri.clone())
                    .with_mime_type("application/json"),
            ])
            .into()),
            Err(Error::Invalid(m)) => Err(ErrorData::resource_not_found(m, None)),
            Err(e) => Err(internal(e)),
        }
    }
}

fn internal(e: Error) -> ErrorData {
    ErrorData::internal_error(e.to_string(), None)
}

/// Serves until the client closes stdin.
pub fn serve(server: Server) -> Result<()> {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .map_err(|e| Error::Invalid(format!("mcp: {e}")))?;
    runtime.block_on(async move {
        let running = server
            .serve(rmcp::transport::stdio())
            .await
            .map_err(|e| Error::Invalid(format!("mcp: {e}")))?;
        running
            .waiting()
            .await
            .map_err(|e| Error::Invalid(format!("mcp: {e}")))?;
        Ok(())
    })
}
