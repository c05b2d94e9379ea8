//! How often a query's topics came up, per month (`kn trend`).

use std::collections::{BTreeMap, HashMap};

use super::{Engine, SearchOptions};
use crate::error::Result;

/// Matching topics per (year, month).
#[derive(Debug, Default)]
pub struct MonthCounts {
    pub months: BTreeMap<(u32, u32), usize>,
    pub undated: usize,
    pub total: usize,
}

impl Engine<'_> {
    /// How many topics match `input` per month of their episode: topics with
    /// all the words (or, when none has them all, with some), each counted
    /// once, dates read from the `date_num` fast field (no stored text).
    pub fn count_by_month(&self, input: &str, opts: &SearchOptions) -> Result<MonthCounts> {
        let searcher = self.handle.reader.searcher();
        let prepared = self.prepare(&searcher, input, opts)?;
        let mut out = MonthCounts::default();
        let Some(all) = prepared.all else {
            return Ok(out);
        };
        let mut docs = searcher.search(&*all, &tantivy::collector::DocSetCollector)?;
        if docs.is_empty()
            && let Some(some) = &prepared.some
        {
            docs = searcher.search(&**some, &tantivy::collector::DocSetCollector)?;
        }
        let mut columns: HashMap<u32, Option<tantivy::columnar::Column<u64>>> = HashMap::new();
        for addr in docs {
            let column = columns.entry(addr.segment_ord).or_insert_with(|| {
                searcher
                    .segment_reader(addr.segment_ord)
                    .fast_fields()
                    .u64("date_num")
                    .ok()
            });
            out.total += 1;
            // YYYYMMDD, or YYYYMM00 when the day is unknown.
            match column.as_ref().and_then(|c| c.first(addr.doc_id)) {
                Some(n) if (1..=12).contains(&(n / 100 % 100)) => {
                    *out.months
                        .entry(((n / 10000) as u32, (n / 100 % 100) as u32))
                        .or_default() += 1;
                }
                _ => out.undated += 1,
            }
        }
        Ok(out)
    }
}
