//! Fuzzy phrase matching: where does an article state a claim's anchor (or a choice)?
//!
//! Sources spell the same phrase differently — with or without a proclitic (`وبيونغ يانغ`),
//! joined or split (`بيونغيانغ` / `بيونغ يانغ`), singular or plural, with a typo. Matching works on
//! normalised text (see [`crate::normalize`]) and compares a phrase with every window of words
//! in a segment:
//!
//! - windows have the phrase's word count, one word fewer, or one word more;
//! - each window is compared both with single spaces between its words and with its words
//!   joined, against the phrase written the same two ways, so split and joined spellings meet;
//! - the first word of the window and of the phrase is also tried with an Arabic proclitic
//!   stripped (`و ف ب ل ك ال وال بال فال كال لل`, and their stacks such as `وبال`), so `والقمة`
//!   meets `القمة` and `قمة`.
//!
//! **Scoring.** The score of a window is the best normalised Levenshtein similarity
//! (`strsim::normalized_levenshtein`: `1 − edits / longer length`, in characters) over those
//! variants. Levenshtein rather than Jaro–Winkler because its meaning is an edit budget a
//! reviewer can reason about — at the default threshold 0.85 a 12-letter anchor tolerates one
//! edit, a 20-letter anchor three — and because Jaro–Winkler rewards a shared beginning, which
//! in Arabic is often just the article `ال`. A window matches when its score is at least the
//! claim's threshold. Where windows overlap, the best-scoring one wins (then the earlier, then
//! the one closest in length to the phrase), so one place in the text gives one match.

use crate::normalize::normalize_phrase;
use crate::segment::words;
use std::ops::Range;

/// Arabic proclitics stack in this order: a conjunction, a preposition, the article
/// (`و` + `ب` + `ال` in `وبالأسلحة`); `لل` is `ل` + `ال` with the alef dropped.
const CONJUNCTIONS: &[&str] = &["", "و", "ف"];
const PREPOSITIONS_AND_ARTICLE: &[&str] = &["", "ب", "ل", "ك", "ال", "بال", "كال", "لل"];

/// A phrase prepared for matching: folded, split into words, with its spelling variants.
#[derive(Debug, Clone, PartialEq)]
pub struct Phrase {
    /// The phrase as the claim wrote it.
    pub original: String,
    /// How many words the folded phrase has (at least 1).
    pub word_count: usize,
    /// Folded spellings to compare windows with: words joined by one space, words joined with
    /// nothing, each with and without a proclitic on the first word.
    variants: Vec<String>,
}

impl Phrase {
    /// Prepares `original` for matching; `None` when it has no word once folded (blank,
    /// punctuation only).
    pub fn new(original: &str) -> Option<Phrase> {
        let folded = normalize_phrase(original);
        let ranges = words(&folded, 0..folded.len());
        let word_list: Vec<&str> = ranges.iter().map(|r| &folded[r.clone()]).collect();
        if word_list.is_empty() {
            return None;
        }
        Some(Phrase {
            original: original.to_owned(),
            word_count: word_list.len(),
            variants: spellings(&word_list),
        })
    }

    /// The best similarity between this phrase and a window of words, 0 to 1.
    ///
    /// `threshold` only lets the comparison skip variants whose lengths differ too much to
    /// reach it; the score returned is exact whenever it is at least `threshold`.
    pub fn score(&self, window: &[&str], threshold: f64) -> f64 {
        let mut best: f64 = 0.0;
        for candidate in spellings(window) {
            let candidate_len = candidate.chars().count();
            for variant in &self.variants {
                let variant_len = variant.chars().count();
                let longer = candidate_len.max(variant_len);
                if longer == 0 {
                    continue;
                }
                // Levenshtein is at least the length difference: skip hopeless pairs.
                let bound = 1.0 - candidate_len.abs_diff(variant_len) as f64 / longer as f64;
                if bound < threshold || bound <= best {
                    continue;
                }
                best = best.max(strsim::normalized_levenshtein(&candidate, variant));
            }
        }
        best
    }
}

/// Where a phrase was found.
#[derive(Debug, Clone, PartialEq)]
pub struct PhraseMatch {
    /// Index of the phrase in the list searched for.
    pub phrase: usize,
    /// Byte range of the matched words in the normalised text.
    pub span: Range<usize>,
    /// Index of the first and one past the last matched word in the word list of the range
    /// searched.
    pub words: Range<usize>,
    /// Similarity, from the threshold to 1.
    pub score: f64,
}

/// Finds every place in `range` of normalised `text` where one of `phrases` occurs with a score
/// of at least `threshold`. Overlapping candidates are resolved to the best one; the result is
/// in text order. `word_ranges` are the words of `range` (see [`words`]).
pub fn find_phrases(
    text: &str,
    word_ranges: &[Range<usize>],
    phrases: &[Phrase],
    threshold: f64,
) -> Vec<PhraseMatch> {
    let word_texts: Vec<&str> = word_ranges
        .iter()
        .map(|r| text.get(r.clone()).unwrap_or(""))
        .collect();
    let mut candidates = Vec::new();
    for (phrase_index, phrase) in phrases.iter().enumerate() {
        let smallest = phrase.word_count.saturating_sub(1).max(1);
        let largest = phrase.word_count + 1;
        for start in 0..word_texts.len() {
            for size in smallest..=largest {
                let end = start + size;
                let Some(window) = word_texts.get(start..end) else {
                    break;
                };
                let score = phrase.score(window, threshold);
                if score >= threshold {
                    candidates.push(PhraseMatch {
                        phrase: phrase_index,
                        span: word_ranges[start].start..word_ranges[end - 1].end,
                        words: start..end,
                        score,
                    });
                }
            }
        }
    }
    best_without_overlap(candidates, phrases)
}

/// Keeps the best of overlapping matches, in text order.
fn best_without_overlap(mut candidates: Vec<PhraseMatch>, phrases: &[Phrase]) -> Vec<PhraseMatch> {
    let size_gap = |m: &PhraseMatch| {
        let expected = phrases.get(m.phrase).map_or(0, |p| p.word_count);
        m.words.len().abs_diff(expected)
    };
    candidates.sort_by(|a, b| {
        b.score
            .total_cmp(&a.score)
            .then(a.span.start.cmp(&b.span.start))
            .then(size_gap(a).cmp(&size_gap(b)))
            .then(a.phrase.cmp(&b.phrase))
    });
    let mut kept: Vec<PhraseMatch> = Vec::new();
    for candidate in candidates {
        let overlaps = kept
            .iter()
            .any(|k| k.words.start < candidate.words.end && candidate.words.start < k.words.end);
        if !overlaps {
            kept.push(candidate);
        }
    }
    kept.sort_by_key(|m| (m.span.start, m.phrase));
    kept
}

/// The folded spellings of a list of words: spaced and joined, each with the first word as
/// it is and with every proclitic it starts with stripped.
fn spellings(word_list: &[&str]) -> Vec<String> {
    let Some((first, rest)) = word_list.split_first() else {
        return Vec::new();
    };
    let mut firsts: Vec<&str> = vec![first];
    for conjunction in CONJUNCTIONS {
        let Some(after_conjunction) = first.strip_prefix(conjunction) else {
            continue;
        };
        for proclitic in PREPOSITIONS_AND_ARTICLE {
            if let Some(stem) = after_conjunction.strip_prefix(proclitic) {
                // Keep at least two letters: `ال` alone or `بل` must not shrink to nothing.
                if stem.chars().count() >= 2 && !firsts.contains(&stem) {
                    firsts.push(stem);
                }
            }
        }
    }
    let mut out = Vec::with_capacity(firsts.len() * 2);
    for head in firsts {
        let mut spaced = String::from(head);
        let mut joined = String::from(head);
        for word in rest {
            spaced.push(' ');
            spaced.push_str(word);
            joined.push_str(word);
        }
        if !out.contains(&spaced) {
            out.push(spaced);
        }
        if !out.contains(&joined) {
            out.push(joined);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::normalize::normalize;

    /// The matched original texts of `phrases` in `text` at `threshold`.
    fn found(text: &str, phrases: &[&str], threshold: f64) -> Vec<(String, f64)> {
        let n = normalize(text);
        let prepared: Vec<Phrase> = phrases.iter().filter_map(|p| Phrase::new(p)).collect();
        let word_ranges = words(&n.text, 0..n.text.len());
        find_phrases(&n.text, &word_ranges, &prepared, threshold)
            .into_iter()
            .map(|m| (text[n.original_range(m.span)].to_owned(), m.score))
            .collect()
    }

    fn texts(text: &str, phrases: &[&str]) -> Vec<String> {
        found(text, phrases, 0.85)
            .into_iter()
            .map(|(t, _)| t)
            .collect()
    }

    #[test]
    fn finds_exact_and_folded_spellings() {
        assert_eq!(
            texts("زودت روسيا بأكثر من مليون قذيفة مدفعية", &["قذيفة مدفعية"]),
            ["قذيفة مدفعية"]
        );
        assert_eq!(
            texts("زودت روسيا بقَذيفةٍ مِدفعيّة واحدة", &["قذيفة مدفعية"]),
            ["بقَذيفةٍ مِدفعيّة"]
        );
    }

    #[test]
    fn split_and_joined_city_names_meet() {
        assert_eq!(
            texts("وصل بوتين إلى بيونغيانغ فجرا", &["بيونغ يانغ"]),
            ["بيونغيانغ"]
        );
        assert_eq!(
            texts("وصل بوتين إلى بيونغ يانغ فجرا", &["بيونغيانغ"]),
            ["بيونغ يانغ"]
        );
        assert_eq!(texts("في وبيونغ يانغ", &["بيونغ يانغ"]), ["وبيونغ يانغ"]);
    }

    #[test]
    fn proclitics_are_stripped_from_the_first_word() {
        assert_eq!(
            texts("وقال إن القمة والقمة للقمة", &["القمة"]),
            ["القمة", "والقمة", "للقمة"]
        );
        assert_eq!(texts("وبالأسلحة الروسية", &["أسلحة"]), ["وبالأسلحة"]);
    }

    #[test]
    fn fuzzy_within_the_threshold_only() {
        // One letter off in a 12-letter phrase: 1 − 1/12 ≈ 0.92.
        let hits = found("أرسلت قذائف مدفعيه", &["قذائف مدفعية"], 0.85);
        assert_eq!(hits.len(), 1);
        // Singular against plural is two edits, 0.83: below the default threshold.
        assert!(found("أرسلت قذائف مدفعية", &["قذيفة مدفعية"], 0.85).is_empty());
        assert_eq!(found("أرسلت قذائف مدفعية", &["قذيفة مدفعية"], 0.8).len(), 1);
    }

    #[test]
    fn overlapping_windows_give_one_match() {
        let hits = found(
            "the chief executive of the combined company will be",
            &["chief executive of the combined"],
            0.85,
        );
        assert_eq!(hits.len(), 1);
        assert_eq!(hits[0].0, "chief executive of the combined");
        assert!((hits[0].1 - 1.0).abs() < 1e-9);
    }

    #[test]
    fn english_case_and_plural() {
        assert_eq!(
            texts(
                "North Korea sent Artillery Shells to Russia",
                &["artillery shell"]
            ),
            ["Artillery Shells"]
        );
    }

    #[test]
    fn blank_phrases_are_not_phrases() {
        assert!(Phrase::new("  ، ").is_none());
        assert!(Phrase::new("").is_none());
    }
}
