//! Splitting a katakana compound into known parts.

use super::kana::kana_index;

/// Splits a katakana compound into known parts by dynamic programming
/// (fewest parts; each part at least 2 chars; `・`/`＝`/`=` are explicit
/// separators). `known(part)` says whether the caller knows a part
/// (dictionary headword, index term, or something `loan_match` can explain).
/// None if no full split exists or the text is not katakana. No part starts
/// with ー, ッ, ン or small kana (no word does). Among equally short splits
/// the longest last part wins: the head of a Japanese compound is last, and
/// it keeps an English plural from taking the next part's first mora
/// (オブジェクト + ストレージ, not オブジェクトス "objects" + トレージ).
pub fn split_compound<'a>(kana: &'a str, known: &dyn Fn(&str) -> bool) -> Option<Vec<&'a str>> {
    let mut parts = Vec::new();
    for seg in kana.split(['・', '＝', '=']).filter(|s| !s.is_empty()) {
        let mut chars: Vec<(usize, char)> = seg.char_indices().collect();
        if !chars
            .iter()
            .all(|&(_, c)| c == 'ー' || kana_index(c).is_some())
        {
            return None;
        }
        chars.push((seg.len(), ' '));
        let n = chars.len() - 1;
        // best[i] = (parts, start of the last part) for the first i chars;
        // trying the longest last part first makes ties go to it.
        let mut best: Vec<Option<(usize, usize)>> = vec![None; n + 1];
        best[0] = Some((0, 0));
        for i in 2..=n {
            for j in 0..=i - 2 {
                let Some((p, _)) = best[j] else { continue };
                let starts_word = !"ーッンァィゥェォャュョヮ".contains(chars[j].1);
                if starts_word
                    && best[i].is_none_or(|(q, _)| p + 1 < q)
                    && known(&seg[chars[j].0..chars[i].0])
                {
                    best[i] = Some((p + 1, j));
                }
            }
        }
        let start = parts.len();
        let mut i = n;
        while i > 0 {
            let (_, j) = best[i]?;
            parts.insert(start, &seg[chars[j].0..chars[i].0]);
            i = j;
        }
    }
    (!parts.is_empty()).then_some(parts)
}
