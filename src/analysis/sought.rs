//! What a snippet looks for: the first characters of its terms, so that
//! highlighting analyses only the words and bigrams that may be one.

/// The terms a snippet looks for, by their first character.
///
/// tantivy's snippet generator cuts fragments at token boundaries, so every
/// word and bigram of a body must be a token with its offsets; but only a
/// token whose text equals a sought term scores. A Porter2 stem begins with
/// its word's first letter (checked over EDICT's 67,000 English words:
/// `dying` → `die` keeps only the first), and a bigram begins with its first
/// character, so a token starting with no sought term's first character is
/// passed on with empty text: no stem computed, no bigram built, and an
/// empty string for the generator to compare. Snippets stay identical.
#[derive(Clone, Debug, Default)]
pub struct Sought {
    firsts: Vec<char>,
}

impl Sought {
    pub fn new<'t>(terms: impl IntoIterator<Item = &'t str>) -> Self {
        let mut firsts: Vec<char> = terms.into_iter().filter_map(|t| t.chars().next()).collect();
        firsts.sort_unstable();
        firsts.dedup();
        Self { firsts }
    }

    /// Whether a word or bigram starting like `text` may be a sought term.
    pub fn may_be(&self, text: &str) -> bool {
        text.chars().next().is_some_and(|c| self.may_start(c))
    }

    pub(super) fn may_start(&self, c: char) -> bool {
        self.firsts.contains(&c)
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn stems_keep_their_words_first_letter() {
        // What `Sought` relies on, at Porter2's irregular corners.
        for word in [
            "dying",
            "skies",
            "yelling",
            "generously",
            "ugly",
            "news",
            "agreed",
        ] {
            let stem = crate::analysis::tokenizer::stem_en(word);
            assert_eq!(stem.chars().next(), word.chars().next(), "{word} → {stem}");
        }
    }
}
