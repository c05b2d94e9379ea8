//! kn: search engine for kubenews show notes.
//!
//! The flow is markdown → topics ([`notes`]) → analysis ([`analysis`]) → index
//! ([`index`]) → query ([`search`]) → output ([`render`], or the
//! search-as-you-type screen in [`tui`]). [`corpus`] is the
//! file-system edge of ingest, [`app`] wires commands together. Dependencies
//! point one way, toward `notes`.

pub mod alloc;
pub mod analysis;
pub mod app;
pub mod atomic_file;
pub mod cli;
pub mod corpus;
pub mod error;
pub mod index;
pub mod mcp;
pub mod notes;
pub mod render;
pub mod search;
pub mod tui;
