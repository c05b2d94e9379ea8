//! The on-disk index: a tantivy index of topics and episodes plus the state
//! of the input files, kept in generation directories so a full rebuild never
//! touches the index readers are using (write aside, then swap a pointer
//! file), and updated in place by atomic tantivy commits when only some
//! files changed.

pub mod document;
pub mod freshness;
pub mod ingest;
pub mod manifest;
mod racy;
pub mod reader;
pub mod schema;
pub mod store;
mod writer;

pub use ingest::{IngestOptions, IngestReport, Mode, Progress, ingest};
pub use manifest::{Manifest, State};
pub use reader::IndexHandle;
pub use store::Store;
