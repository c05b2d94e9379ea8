//! A query scored as another one plus a constant: `Bonus(q, b)` matches the
//! documents of `q` with `q`'s score + `b`.
//!
//! It replaces the pair `q` + `Const(b, q)` (a query and its score tier),
//! which matches the same documents and sums to the same score but reads
//! every posting list of `q` twice, positions included for a phrase. At
//! 10,000× the notes, with a phrase tier inside the exact tier, a word's
//! postings were read up to four times.

use std::fmt;

use tantivy::query::{EnableScoring, Explanation, Query, Scorer, Weight};
use tantivy::{DocId, DocSet, Score, SegmentReader, Term};

pub struct BonusQuery {
    query: Box<dyn Query>,
    bonus: Score,
}

impl BonusQuery {
    pub fn new(query: Box<dyn Query>, bonus: Score) -> Self {
        BonusQuery { query, bonus }
    }
}

impl Clone for BonusQuery {
    fn clone(&self) -> Self {
        BonusQuery {
            query: self.query.box_clone(),
            bonus: self.bonus,
        }
    }
}

impl fmt::Debug for BonusQuery {
    fn fmt(&self, f: &mut fmt::Formatter) -> fmt::Result {
        write!(f, "Bonus(bonus={}, query={:?})", self.bonus, self.query)
    }
}

impl Query for BonusQuery {
    fn weight(&self, enable_scoring: EnableScoring<'_>) -> tantivy::Result<Box<dyn Weight>> {
        let inner = self.query.weight(enable_scoring)?;
        Ok(if enable_scoring.is_scoring_enabled() {
            Box::new(BonusWeight {
                inner,
                bonus: self.bonus,
            })
        } else {
            inner
        })
    }

    fn query_terms<'a>(&'a self, visitor: &mut dyn FnMut(&'a Term, bool)) {
        self.query.query_terms(visitor);
    }
}

struct BonusWeight {
    inner: Box<dyn Weight>,
    bonus: Score,
}

impl Weight for BonusWeight {
    fn scorer(&self, reader: &SegmentReader, boost: Score) -> tantivy::Result<Box<dyn Scorer>> {
        // An enclosing boost scales the bonus as it scales `Const`.
        Ok(Box::new(BonusScorer {
            inner: self.inner.scorer(reader, boost)?,
            bonus: boost * self.bonus,
        }))
    }

    fn explain(&self, reader: &SegmentReader, doc: DocId) -> tantivy::Result<Explanation> {
        let inner = self.inner.explain(reader, doc)?;
        let mut explanation = Explanation::new("Bonus", inner.value() + self.bonus);
        explanation.add_const("bonus", self.bonus);
        explanation.add_detail(inner);
        Ok(explanation)
    }

    fn count(&self, reader: &SegmentReader) -> tantivy::Result<u32> {
        self.inner.count(reader)
    }
}

struct BonusScorer {
    inner: Box<dyn Scorer>,
    bonus: Score,
}

impl DocSet for BonusScorer {
    fn advance(&mut self) -> DocId {
        self.inner.advance()
    }

    fn seek(&mut self, target: DocId) -> DocId {
        self.inner.seek(target)
    }

    fn doc(&self) -> DocId {
        self.inner.doc()
    }

    fn size_hint(&self) -> u32 {
        self.inner.size_hint()
    }
}

impl Scorer for BonusScorer {
    fn score(&mut self) -> Score {
        self.inner.score() + self.bonus
    }
}

#[cfg(test)]
mod tests {
    use tantivy::collector::TopDocs;
    use tantivy::query::{BooleanQuery, BoostQuery, ConstScoreQuery, Occur, TermQuery};
    use tantivy::schema::{IndexRecordOption, STRING, Schema, TEXT};
    use tantivy::{Index, IndexWriter, doc};

    use super::*;

    /// `Bonus(q, b)` ranks and scores every document as `q` + `Const(b, q)`
    /// does, under an enclosing boost too, and matches nothing else.
    #[test]
    fn bonus_equals_the_query_plus_its_constant_tier() {
        let mut schema = Schema::builder();
        let body = schema.add_text_field("body", TEXT);
        let tag = schema.add_text_field("tag", STRING);
        let index = Index::create_in_ram(schema.build());
        let mut w: IndexWriter = index.writer(15_000_000).unwrap();
        for (i, text) in [
            "ebpf ebpf cilium",
            "ebpf",
            "cilium",
            "kernel ebpf notes",
            "x",
        ]
        .iter()
        .enumerate()
        {
            w.add_document(doc!(body => *text, tag => format!("t{}", i % 2)))
                .unwrap();
        }
        w.commit().unwrap();
        let searcher = index.reader().unwrap().searcher();
        let term = |f, t: &str| -> Box<dyn Query> {
            Box::new(TermQuery::new(
                Term::from_field_text(f, t),
                IndexRecordOption::WithFreqs,
            ))
        };
        let q = || -> Box<dyn Query> {
            Box::new(BooleanQuery::new(vec![
                (Occur::Should, term(body, "ebpf")),
                (Occur::Should, term(body, "kernel")),
            ]))
        };
        let pair: Box<dyn Query> = Box::new(BoostQuery::new(
            Box::new(BooleanQuery::new(vec![
                (Occur::Should, q()),
                (Occur::Should, Box::new(ConstScoreQuery::new(q(), 20.0))),
                (Occur::Must, term(tag, "t1")),
            ])),
            0.5,
        ));
        let fused: Box<dyn Query> = Box::new(BoostQuery::new(
            Box::new(BooleanQuery::new(vec![
                (Occur::Should, Box::new(BonusQuery::new(q(), 20.0))),
                (Occur::Must, term(tag, "t1")),
            ])),
            0.5,
        ));
        let top = TopDocs::with_limit(10);
        let a = searcher.search(&*pair, &top).unwrap();
        let b = searcher.search(&*fused, &top).unwrap();
        assert_eq!(a.len(), 2, "{a:?}");
        assert_eq!(a.len(), b.len());
        for ((sa, da), (sb, db)) in a.iter().zip(&b) {
            assert_eq!(da, db);
            assert!((sa - sb).abs() < 1e-4, "{sa} vs {sb}");
            assert!(
                *sb > 10.0,
                "the bonus is scaled by the boost, not lost: {sb}"
            );
        }
        let explained = fused.explain(&searcher, b[0].1).unwrap();
        assert!((explained.value() - b[0].0).abs() < 1e-4);
    }
}
