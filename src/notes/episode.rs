//! An episode as the notes describe it, and the order episodes sort in.

use serde::{Deserialize, Serialize};

use super::{Link, Topic};

/// An episode with everything every file said about it.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct Episode {
    pub episode: String,
    pub date: Option<String>,
    pub date_raw: Option<String>,
    pub host: Option<String>,
    pub guests: Vec<String>,
    pub video: Option<String>,
    /// Links that belong to the episode rather than one topic.
    pub links: Vec<Link>,
    pub files: Vec<String>,
    #[serde(skip)]
    pub topics: Vec<Topic>,
    pub topic_count: usize,
    /// Links of all topics (primary URLs and their other links).
    #[serde(default)]
    pub link_count: usize,
}

/// Sort key that puts `002` before `010` and `001` before `001-private`.
pub fn episode_order(episode: &str) -> (u64, String) {
    let digits: String = episode.chars().take_while(char::is_ascii_digit).collect();
    (
        digits.parse().unwrap_or(u64::MAX),
        episode[digits.len()..].to_string(),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_sort_as_numbers_and_suffixes_after_them() {
        let mut eps = vec!["010", "001-private", "002", "001", "x"];
        eps.sort_by_key(|e| episode_order(e));
        assert_eq!(eps, vec!["001", "001-private", "002", "010", "x"]);
    }
}
