//! kn: search engine for kubenews show notes.
//!
//! The flow is markdown → topics ([`notes`]) → analysis ([`analysis`]) → index
//! ([`index`]) → query ([`search`]) → output ([`render`]). Dependencies point
//! one way, toward `notes`.

pub mod analysis;
pub mod notes;
