//! tantivy's index writer as kn uses it: how many threads and how much
//! memory, and merging a small index into one segment at the end.

use tantivy::{Index, IndexWriter, TantivyDocument};

use crate::error::Result;

/// Below this much markdown to index, one indexing thread: a second thread
/// costs more to start and its segment more to merge than it saves.
const PARALLEL_BYTES: u64 = 4 << 20;

pub(super) fn writer(index: &Index, memory: usize, bytes: u64) -> Result<IndexWriter> {
    let threads = if bytes < PARALLEL_BYTES {
        1
    } else {
        std::thread::available_parallelism()
            .map_or(1, |n| n.get())
            .clamp(1, 8)
    };
    // tantivy needs at least 15 MB per thread and takes at most 4 GB each.
    let threads = threads.min((memory / (16 << 20)).max(1));
    let memory = memory.clamp(threads * (16 << 20), threads * (4000 << 20));
    Ok(index.writer_with_num_threads::<TantivyDocument>(threads, memory)?)
}

/// Up to this many documents, every ingest ends with the index merged into
/// one segment: each segment costs a search a few file opens and lookups.
const COMPACT_DOCS: u32 = 20_000;

/// Merges all segments into one for small indexes (the merge is its own
/// commit and keeps the manifest); large ones keep tantivy's merge policy.
pub(super) fn compact(w: &mut IndexWriter) -> Result<()> {
    let index = w.index().clone();
    let metas = index.searchable_segment_metas()?;
    let docs: u32 = metas.iter().map(|m| m.max_doc()).sum();
    if metas.len() > 1 && docs <= COMPACT_DOCS {
        let ids: Vec<_> = metas.iter().map(|m| m.id()).collect();
        w.merge(&ids).wait()?;
    }
    Ok(())
}
