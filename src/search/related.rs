//! Topics found another way than by a query: by id or URL, and topics
//! similar to a given one (more-like-this).

use tantivy::collector::TopDocs;
use tantivy::query::{BooleanQuery, Occur, Query, TermQuery};
use tantivy::schema::IndexRecordOption;
use tantivy::{TantivyDocument, Term as TTerm};

use super::{Engine, Hit, boxed};
use crate::error::Result;
use crate::notes::Topic;
use crate::notes::links::canonical_url;

impl Engine<'_> {
    /// Finds a topic by its id, by its URL, or by a URL among its links
    /// (tracking parameters ignored).
    pub fn find_topic(&self, target: &str) -> Result<Option<Topic>> {
        let searcher = self.handle.reader.searcher();
        let f = &self.handle.fields;
        let target = target.trim();
        let field = if target.contains("://") { f.url } else { f.id };
        let q = TermQuery::new(
            TTerm::from_field_text(field, target),
            IndexRecordOption::Basic,
        );
        if let Some((_, addr)) = searcher.search(&q, &TopDocs::with_limit(1))?.first() {
            let doc: TantivyDocument = searcher.doc(*addr)?;
            return Ok(Some(self.handle.topic(&doc)));
        }
        if field == f.id {
            return Ok(None);
        }
        let wanted = canonical_url(target);
        let mut found = None;
        self.handle
            .for_each_topic(|t| {
                let urls = t.url.iter().chain(t.links.iter().map(|l| &l.url));
                if found.is_none() && urls.map(|u| canonical_url(u)).any(|u| u == wanted) {
                    found = Some(t.clone());
                }
                Ok(())
            })?
            .expect("the closure does not fail");
        Ok(found)
    }

    /// Topics similar to `source` (tantivy's more-like-this over its title
    /// and body), excluding topics about the same URL.
    pub fn related(&self, source: &Topic, limit: usize) -> Result<Vec<Hit>> {
        use tantivy::query::MoreLikeThisQuery;
        use tantivy::schema::OwnedValue;
        let searcher = self.handle.reader.searcher();
        let f = &self.handle.fields;
        // The title counts twice: it says what the topic is about.
        let text = |s: &str| vec![OwnedValue::Str(s.to_string())];
        let mlt = MoreLikeThisQuery::builder()
            .with_min_doc_frequency(1)
            .with_max_doc_frequency((self.handle.manifest.topics as u64 / 5).max(2))
            .with_min_term_frequency(1)
            .with_min_word_length(2)
            .with_max_query_terms(30)
            .with_document_fields(vec![
                (f.title, text(&source.title)),
                (f.title, text(&source.title)),
                (f.body, text(&source.body)),
            ]);
        let mut clauses: Vec<(Occur, Box<dyn Query>)> = vec![
            (Occur::Must, boxed(mlt)),
            (Occur::Must, self.topics_only()),
            (
                Occur::MustNot,
                boxed(TermQuery::new(
                    TTerm::from_field_text(f.id, &source.id),
                    IndexRecordOption::Basic,
                )),
            ),
        ];
        if let Some(url) = &source.url {
            clauses.push((
                Occur::MustNot,
                boxed(TermQuery::new(
                    TTerm::from_field_text(f.url, url),
                    IndexRecordOption::Basic,
                )),
            ));
        }
        let want = super::candidates(&searcher, limit.saturating_mul(4).saturating_add(40));
        let top = searcher.search(&BooleanQuery::new(clauses), &TopDocs::with_limit(want))?;
        let key = source.url.as_deref().map(canonical_url);
        let mut hits = self.hits_from(&searcher, top, None, limit.saturating_add(1), true)?;
        hits.retain(|h| key.is_none() || h.topic.url.as_deref().map(canonical_url) != key);
        hits.truncate(limit);
        Ok(hits)
    }
}
