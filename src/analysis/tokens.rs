//! Analysed tokens in one text buffer, and the token stream tantivy reads.
//!
//! Ingest analyses tens of millions of tokens. Giving each its own `String`
//! (tantivy's `Token` owns its text) made allocation and allocator lock
//! contention between indexing threads a fifth of ingest time. Here a field's
//! tokens share one buffer, the stream fills a single reused `Token`, and the
//! buffers go back to a per-thread pool when the stream is dropped, so steady
//! state indexing allocates nothing per token.

use std::cell::RefCell;

use tantivy::tokenizer::{Token, TokenStream};

/// One token: offsets in the original text, position, and its text as a
/// range of [`Tokens::text`].
#[derive(Clone, Copy, Debug)]
struct Item {
    from: usize,
    to: usize,
    position: usize,
    start: u32,
    end: u32,
}

/// The analysed tokens of one text.
#[derive(Default, Debug)]
pub struct Tokens {
    text: String,
    items: Vec<Item>,
}

/// Buffers kept per thread for reuse (a document has a handful of fields).
const POOL: usize = 8;

thread_local! {
    static FREE: RefCell<Vec<Tokens>> = const { RefCell::new(Vec::new()) };
}

impl Tokens {
    /// An empty buffer, recycled from this thread's pool when possible.
    pub fn pooled() -> Tokens {
        FREE.with(|f| f.borrow_mut().pop()).unwrap_or_default()
    }

    fn recycle(mut self) {
        self.text.clear();
        self.items.clear();
        // Do not keep a one-off huge buffer alive for the thread's lifetime.
        if self.text.capacity() > 1 << 20 || self.items.capacity() > 1 << 16 {
            return;
        }
        FREE.with(|f| {
            let mut f = f.borrow_mut();
            if f.len() < POOL {
                f.push(self);
            }
        });
    }

    /// Appends a token whose text is the concatenation of `parts`.
    pub fn push(&mut self, parts: &[&str], from: usize, to: usize, position: usize) {
        let start = self.text.len() as u32;
        for p in parts {
            self.text.push_str(p);
        }
        self.items.push(Item {
            from,
            to,
            position,
            start,
            end: self.text.len() as u32,
        });
    }

    pub fn len(&self) -> usize {
        self.items.len()
    }

    pub fn is_empty(&self) -> bool {
        self.items.is_empty()
    }

    /// Sorts tokens by their offsets in the original text and renumbers
    /// their positions in that order.
    pub fn sort_by_offsets(&mut self) {
        self.items.sort_by_key(|i| (i.from, i.to));
        for (n, i) in self.items.iter_mut().enumerate() {
            i.position = n;
        }
    }

    /// Merges `other` in after this buffer's tokens.
    pub fn append(&mut self, other: &Tokens) {
        let base = self.text.len() as u32;
        self.text.push_str(&other.text);
        self.items.extend(other.items.iter().map(|i| Item {
            start: i.start + base,
            end: i.end + base,
            ..*i
        }));
    }

    /// tantivy tokens (allocating), for queries and tests.
    pub fn to_vec(&self) -> Vec<Token> {
        self.items.iter().map(|i| self.token(i)).collect()
    }

    fn token(&self, i: &Item) -> Token {
        Token {
            offset_from: i.from,
            offset_to: i.to,
            position: i.position,
            text: self.text[i.start as usize..i.end as usize].to_string(),
            position_length: 1,
        }
    }

    /// A token stream that hands the buffer back to the pool when dropped.
    pub fn into_stream(self) -> TokensStream {
        TokensStream {
            tokens: Some(self),
            index: usize::MAX,
            token: Token::default(),
        }
    }
}

/// tantivy's view of a [`Tokens`] buffer: one reused [`Token`].
pub struct TokensStream {
    tokens: Option<Tokens>,
    index: usize,
    token: Token,
}

impl Drop for TokensStream {
    fn drop(&mut self) {
        if let Some(t) = self.tokens.take() {
            t.recycle();
        }
    }
}

impl TokenStream for TokensStream {
    fn advance(&mut self) -> bool {
        let Some(tokens) = &self.tokens else {
            return false;
        };
        self.index = self.index.wrapping_add(1);
        let Some(i) = tokens.items.get(self.index) else {
            return false;
        };
        self.token.offset_from = i.from;
        self.token.offset_to = i.to;
        self.token.position = i.position;
        self.token.position_length = 1;
        self.token.text.clear();
        self.token
            .text
            .push_str(&tokens.text[i.start as usize..i.end as usize]);
        true
    }

    fn token(&self) -> &Token {
        &self.token
    }

    fn token_mut(&mut self) -> &mut Token {
        &mut self.token
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stream_yields_each_token_with_offsets_and_positions() {
        let mut t = Tokens::pooled();
        t.push(&["kube"], 0, 4, 0);
        t.push(&["ラン", "タイム"], 5, 20, 2);
        let mut s = t.into_stream();
        let mut seen = Vec::new();
        while s.advance() {
            let tok = s.token();
            seen.push((
                tok.text.clone(),
                tok.offset_from,
                tok.offset_to,
                tok.position,
            ));
        }
        assert_eq!(
            seen,
            vec![
                ("kube".to_string(), 0, 4, 0),
                ("ランタイム".to_string(), 5, 20, 2)
            ]
        );
        assert!(!s.advance(), "an exhausted stream stays exhausted");
    }

    #[test]
    fn recycled_buffers_come_back_empty() {
        let mut t = Tokens::pooled();
        t.push(&["x"], 0, 1, 0);
        drop(t.into_stream());
        let again = Tokens::pooled();
        assert!(again.is_empty());
        assert!(again.to_vec().is_empty());
        // The same buffers, kept: a fresh one would have no capacity.
        assert!(again.text.capacity() > 0);
    }

    #[test]
    fn append_and_sort_keep_texts_with_their_offsets() {
        let mut a = Tokens::default();
        a.push(&["b"], 5, 6, 0);
        let mut b = Tokens::default();
        b.push(&["a"], 1, 2, 0);
        a.append(&b);
        a.sort_by_offsets();
        let v = a.to_vec();
        let seen: Vec<(&str, usize, usize, usize)> = v
            .iter()
            .map(|t| (t.text.as_str(), t.offset_from, t.offset_to, t.position))
            .collect();
        assert_eq!(seen, [("a", 1, 2, 0), ("b", 5, 6, 1)]);
    }
}
