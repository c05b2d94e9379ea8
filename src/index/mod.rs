//! The on-disk index: a tantivy index of topics plus a manifest of the input
//! files, kept in generation directories so a rebuild never touches the index
//! readers are using (write aside, then swap a pointer file).

pub mod ingest;
pub mod reader;
pub mod schema;
pub mod store;

pub use ingest::{IngestReport, ingest};
pub use reader::IndexHandle;
pub use store::{Manifest, Store};
