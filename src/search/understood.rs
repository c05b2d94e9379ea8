//! How a query was understood: what `--explain` prints and what `--json
//! --explain` carries as `"understood"`. People trust what they can see, so
//! every expansion, correction and dropped word is reported with its weight.

use serde::Serialize;

/// Where an alternative spelling of a query word came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Via {
    /// `data/synonyms.txt` (domain spellings).
    Synonym,
    /// An abbreviation the notes define (`Horizontal Pod Autoscaler (HPA)`),
    /// or the initials of the query's words.
    Abbreviation,
    /// Another form of the same English word (`autoscaling` → `autoscaler`),
    /// or a product's short name for its long one.
    Form,
    /// JMdict/EDICT: Japanese ↔ English.
    Dictionary,
    /// A katakana loanword and the English word it came from.
    Loanword,
}

impl Via {
    pub fn label(self) -> &'static str {
        match self {
            Via::Synonym => "synonym",
            Via::Abbreviation => "abbreviation",
            Via::Form => "form",
            Via::Dictionary => "dictionary",
            Via::Loanword => "loanword",
        }
    }
}

/// Another way to write a query word, found in the index.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Expansion {
    pub text: String,
    pub via: Via,
    /// Relative weight, 0–1: scales the expansion's score tier, always below
    /// an exact match of the word as typed.
    pub weight: f32,
    /// Matched as a run of characters (bigrams) rather than as words: a
    /// Japanese headword the analyzer never produced whole.
    #[serde(skip)]
    pub substring: bool,
}

/// One word of the query as it was searched.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Word {
    pub text: String,
    /// Topics whose title, body or links hold the word as typed.
    pub topics: u64,
    pub expansions: Vec<Expansion>,
}

/// A typo fixed (`applied`) or only suggested.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Correction {
    pub from: String,
    pub to: String,
    pub applied: bool,
}

/// A Japanese compound that matched nothing, searched by its parts.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Split {
    pub from: String,
    pub into: Vec<String>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Understood {
    /// The query read as a question or sentence: only its content words count.
    pub sentence: bool,
    pub words: Vec<Word>,
    /// Scaffolding left out (particles, question words, する, how, to …).
    pub dropped: Vec<String>,
    pub corrections: Vec<Correction>,
    /// Compounds that matched nothing whole (機密情報 → 機密, 情報).
    pub splits: Vec<Split>,
}

impl Understood {
    /// Plain-text lines for `--explain` (stderr).
    pub fn lines(&self) -> Vec<String> {
        let mut out = Vec::new();
        if self.sentence {
            out.push("read as a question: content words only".to_string());
        }
        for w in &self.words {
            let mut line = format!("{:?}: {} topics as typed", w.text, w.topics);
            for e in &w.expansions {
                line.push_str(&format!(
                    "; {} {:?} ×{:.2}",
                    e.via.label(),
                    e.text,
                    e.weight
                ));
            }
            out.push(line);
        }
        if !self.dropped.is_empty() {
            out.push(format!("left out: {}", self.dropped.join(" ")));
        }
        for sp in &self.splits {
            out.push(format!(
                "{:?} matches nothing whole: searched as {}",
                sp.from,
                sp.into
                    .iter()
                    .map(|p| format!("{p:?}"))
                    .collect::<Vec<_>>()
                    .join(" + ")
            ));
        }
        for c in &self.corrections {
            out.push(if c.applied {
                format!("corrected {:?} → {:?}", c.from, c.to)
            } else {
                format!("not corrected {:?} (did you mean {:?}?)", c.from, c.to)
            });
        }
        out
    }
}
