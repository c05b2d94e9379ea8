//! The episode range filter of `kn tui` (Ctrl-r): typed as `10-20`, `30-`,
//! `-5` or `12`, shown as `010–020`.

use crate::notes::episode_order;

/// An episode range typed as `10-20`, `10-`, `-20` or `12`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct EpisodeRange {
    pub from: Option<u64>,
    pub to: Option<u64>,
}

impl EpisodeRange {
    pub fn parse(text: &str) -> Option<Self> {
        let text = text.trim();
        let num = |s: &str| -> Option<Option<u64>> {
            let s = s.trim();
            if s.is_empty() {
                Some(None)
            } else {
                s.parse().ok().map(Some)
            }
        };
        let (from, to) = match text.split_once('-') {
            Some((a, b)) => (num(a)?, num(b)?),
            None => {
                let n = num(text)?;
                (n, n)
            }
        };
        (from.is_some() || to.is_some()).then_some(Self { from, to })
    }

    pub fn contains(&self, episode: &str) -> bool {
        let n = episode_order(episode).0;
        self.from.is_none_or(|f| n >= f) && self.to.is_none_or(|t| n <= t)
    }

    /// The range as typed back into the prompt (`10-20`).
    pub fn typed(&self) -> String {
        match (self.from, self.to) {
            (Some(a), Some(b)) if a == b => a.to_string(),
            (a, b) => format!(
                "{}-{}",
                a.map(|n| n.to_string()).unwrap_or_default(),
                b.map(|n| n.to_string()).unwrap_or_default()
            ),
        }
    }
}

impl std::fmt::Display for EpisodeRange {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match (self.from, self.to) {
            (Some(a), Some(b)) if a == b => write!(f, "{a:03}"),
            (a, b) => {
                if let Some(a) = a {
                    write!(f, "{a:03}")?;
                }
                write!(f, "–")?;
                if let Some(b) = b {
                    write!(f, "{b:03}")?;
                }
                Ok(())
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn episode_ranges() {
        let r = |s: &str| EpisodeRange::parse(s);
        assert_eq!(
            r("12"),
            Some(EpisodeRange {
                from: Some(12),
                to: Some(12)
            })
        );
        assert_eq!(
            r("-5"),
            Some(EpisodeRange {
                from: None,
                to: Some(5)
            })
        );
        assert_eq!(
            r("7-"),
            Some(EpisodeRange {
                from: Some(7),
                to: None
            })
        );
        assert_eq!(r("-"), None);
        assert_eq!(r("a-b"), None);
        assert!(r("7-").unwrap().contains("100") && !r("7-").unwrap().contains("006"));
    }

    #[test]
    fn a_range_reads_back_as_typed() {
        for typed in ["10-20", "30-", "-5", "12"] {
            assert_eq!(EpisodeRange::parse(typed).unwrap().typed(), typed);
        }
    }
}
