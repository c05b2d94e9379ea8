//! Searches run on a thread of their own so typing never waits for one.
//! Each request carries a generation number; the worker skips to the newest
//! request waiting and the screen drops any answer older than the last
//! request it sent, so a slow answer never overwrites a newer one.

use std::sync::mpsc::{self, Receiver, Sender};
use std::time::Instant;

use super::app::Asked;
use crate::analysis::Synonyms;
use crate::index::IndexHandle;
use crate::notes::{Aliases, Episode, Topic};
use crate::search::{Engine, Hit, SearchOptions};

/// Topics read when an episode range filters (the range applies after).
const READ_FOR_RANGE: usize = 1000;

pub enum Request {
    Search { generation: u64, asked: Asked },
    Episode { generation: u64, episode: String },
}

pub enum Reply {
    Results {
        generation: u64,
        hits: Vec<Hit>,
        notices: Vec<String>,
        took_ms: f64,
    },
    Episode {
        generation: u64,
        episode: Episode,
        topics: Vec<Topic>,
    },
    Failed {
        generation: u64,
        message: String,
    },
}

/// The opened index and the tables a search needs, moved to the worker.
pub struct Index {
    pub handle: IndexHandle,
    pub aliases: Aliases,
    pub synonyms: Synonyms,
}

impl Index {
    /// One search as the screen asks it (also what the latency bench runs).
    pub fn search(&self, asked: &Asked) -> crate::error::Result<(Vec<Hit>, Vec<String>)> {
        if asked.query.trim().is_empty() {
            return Ok((Vec::new(), Vec::new()));
        }
        let engine = Engine::new(&self.handle, &self.aliases, &self.synonyms);
        let opts = SearchOptions {
            limit: if asked.episodes.is_some() {
                READ_FOR_RANGE.max(asked.limit)
            } else {
                asked.limit
            },
            presenter: asked.presenter.clone(),
            ..Default::default()
        };
        let results = engine.search(&asked.query, &opts)?;
        let mut hits = results.hits;
        if let Some(range) = asked.episodes {
            hits.retain(|h| range.contains(&h.topic.episode));
            hits.truncate(asked.limit);
        }
        Ok((hits, results.notices))
    }

    fn answer(&self, request: Request) -> Reply {
        match request {
            Request::Search { generation, asked } => {
                let t = Instant::now();
                match self.search(&asked) {
                    Ok((hits, notices)) => Reply::Results {
                        generation,
                        hits,
                        notices,
                        took_ms: t.elapsed().as_secs_f64() * 1000.0,
                    },
                    Err(e) => Reply::Failed {
                        generation,
                        message: e.to_string(),
                    },
                }
            }
            Request::Episode {
                generation,
                episode,
            } => match self.handle.episode_by_name(&episode) {
                Ok(Some((episode, topics))) => Reply::Episode {
                    generation,
                    episode,
                    topics,
                },
                Ok(None) => Reply::Failed {
                    generation,
                    message: format!("no episode {episode}"),
                },
                Err(e) => Reply::Failed {
                    generation,
                    message: e.to_string(),
                },
            },
        }
    }
}

/// The screen's end of the worker.
pub struct Worker {
    requests: Sender<Request>,
    pub replies: Receiver<Reply>,
    /// The generation of the last request sent: older replies are stale.
    pub latest: u64,
}

impl Worker {
    pub fn spawn(index: Index) -> Self {
        let (requests, inbox) = mpsc::channel::<Request>();
        let (outbox, replies) = mpsc::channel();
        std::thread::spawn(move || {
            while let Ok(mut request) = inbox.recv() {
                // Only the newest waiting request matters.
                while let Ok(newer) = inbox.try_recv() {
                    request = newer;
                }
                if outbox.send(index.answer(request)).is_err() {
                    break;
                }
            }
        });
        Self {
            requests,
            replies,
            latest: 0,
        }
    }

    pub fn search(&mut self, asked: Asked) {
        self.latest += 1;
        let _ = self.requests.send(Request::Search {
            generation: self.latest,
            asked,
        });
    }

    pub fn episode(&mut self, episode: String) {
        self.latest += 1;
        let _ = self.requests.send(Request::Episode {
            generation: self.latest,
            episode,
        });
    }
}

impl Reply {
    pub fn generation(&self) -> u64 {
        match self {
            Reply::Results { generation, .. }
            | Reply::Episode { generation, .. }
            | Reply::Failed { generation, .. } => *generation,
        }
    }
}
