//! Anchors for a group: short phrases, in the articles' own wording, next to the value.
//!
//! The articles of a group's statements are read again (only those: a few per suggestion)
//! and each statement's clause is split into words. Every run of two to four words of the
//! clause (of the sentence, for a claim with `window: sentence`) that does not touch the value, holds no digit and has a content word, and ends at
//! most [`MAX_GAP`] words from the value, is a candidate. Candidates are keyed by their folded
//! words with Arabic proclitics stripped (`لبوتين` and `بوتين` meet), and a candidate
//! *covers* the statements whose clause has it.
//!
//! Anchors are then chosen greedily: the candidate covering most statements not yet covered,
//! then the most distinctive (the summed [`Idf`] weight of its content words, less a little
//! for each word past two, so that the shortest distinctive phrase wins), until every
//! statement is covered or [`MAX_ANCHORS`] are chosen. Each anchor is written as the first
//! article that has it spells it. When the scan shows an anchor too loose (it reads other
//! values) or finding nothing, it is banned and the next best phrases are chosen.

use super::grouping::Idf;
use super::words::{is_content, stem, strip_proclitics, term};
use crate::claims::Window;
use crate::corpus::Article;
use crate::extract::extract_all;
use crate::normalize::{Normalized, normalize};
use crate::segment::{sentences, words};
use std::collections::{BTreeMap, HashSet};
use std::ops::Range;

/// Most words between an anchor and its value (claims allow 8 by default; the margin leaves
/// room for the fuzzy match taking a word more or less).
pub const MAX_GAP: usize = 5;

/// Most anchors a suggested claim gets.
pub const MAX_ANCHORS: usize = 3;

/// One word of a statement's clause.
#[derive(Debug, Clone)]
struct ClauseWord {
    /// Folded, proclitics stripped: what candidates are keyed by.
    key: String,
    /// As the article spells it.
    original: String,
    /// Its term, for a content word.
    term: Option<u32>,
    /// It holds a digit.
    digit: bool,
}

/// A statement's sentence, read again: its words, which of them the value spans, and which
/// are its clause.
#[derive(Debug, Clone)]
pub struct Wording {
    words: Vec<ClauseWord>,
    value: Range<usize>,
    clause: Range<usize>,
}

/// The clause of the value at folded offset `at` of `article`'s body, or `None` when no value
/// starts there (the article changed since it was read).
pub fn wording(article: &Article, at: usize) -> Option<Wording> {
    let normalized = normalize(article.body());
    wording_in(&normalized, article.body(), at)
}

/// [`wording`] in an article already folded (`normalized` is its body folded).
pub fn wording_in(normalized: &Normalized, body: &str, at: usize) -> Option<Wording> {
    let folded = normalized.text.as_str();
    let sentence = sentences(folded)
        .into_iter()
        .find(|s| s.range.start <= at && at < s.range.end)?;
    let clause = sentence
        .clauses
        .iter()
        .find(|c| c.start <= at && at < c.end)?
        .clone();
    let span = extract_all(folded, clause.clone())
        .into_iter()
        .find(|e| e.span.start == at)?
        .span;
    let ranges = words(folded, sentence.range.clone());
    let first = ranges.partition_point(|w| w.end <= span.start);
    let end = ranges.partition_point(|w| w.start < span.end);
    let clause_words = ranges.partition_point(|w| w.end <= clause.start)
        ..ranges.partition_point(|w| w.start < clause.end);
    let words = ranges
        .iter()
        .map(|range| {
            let text = folded.get(range.clone()).unwrap_or_default();
            ClauseWord {
                key: strip_proclitics(text).to_string(),
                original: body
                    .get(normalized.original_range(range.clone()))
                    .unwrap_or(text)
                    .to_string(),
                term: is_content(text).then(|| term(&stem(text))),
                digit: text.chars().any(|c| c.is_ascii_digit()),
            }
        })
        .collect();
    Some(Wording {
        words,
        value: first..end.max(first),
        clause: clause_words,
    })
}

impl Wording {
    /// The counted noun as the article spells it: the first content word after the value,
    /// past at most two stop words (as [`super::statements`] finds it).
    pub fn counted_noun(&self) -> Option<String> {
        // The noun itself, after at most two stop words.
        for (stops, word) in self
            .words
            .get(self.value.end..self.clause.end.max(self.value.end))
            .unwrap_or_default()
            .iter()
            .enumerate()
        {
            if word.term.is_some() {
                return Some(word.original.clone());
            }
            if word.digit || stops == 2 || !super::words::is_stop_word(&word.key) {
                return None;
            }
        }
        None
    }

    /// The `count` most distinctive content words of the clause, in clause order, as spelt,
    /// each once.
    pub fn key_words(&self, idf: &Idf, count: usize) -> Vec<String> {
        let mut seen = HashSet::new();
        let mut ranked: Vec<(usize, f64)> = self
            .words
            .iter()
            .enumerate()
            .filter(|(i, _)| !self.value.contains(i))
            .filter_map(|(i, w)| Some((i, idf.weight(w.term?))))
            .filter(|(i, _)| self.words.get(*i).is_some_and(|w| seen.insert(w.term)))
            .collect();
        ranked.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
        ranked.truncate(count);
        ranked.sort_by_key(|(i, _)| *i);
        ranked
            .iter()
            .filter_map(|(i, _)| self.words.get(*i).map(|w| w.original.clone()))
            .collect()
    }
}

/// A candidate phrase and what it covers.
#[derive(Debug, Clone)]
struct Candidate {
    /// The phrase as first spelt.
    text: String,
    words: usize,
    /// Summed weight of its content words.
    weight: f64,
    /// Words between it and the value, at its nearest.
    gap: usize,
    /// Indices of the wordings that have it.
    covers: Vec<usize>,
}

/// A choice of anchors, with how distinctive they are.
#[derive(Debug, Clone, PartialEq)]
pub struct Choice {
    /// The phrases, best first.
    pub anchors: Vec<String>,
    /// The mean weight of their content words, relative to the corpus's largest weight
    /// (0..=1).
    pub distinctiveness: f64,
}

/// The anchors for the wordings of one group, leaving out the phrases in `banned` (anchors
/// the scan found too loose or that found nothing). `None` when no usable phrase is left.
pub fn choose(
    wordings: &[Wording],
    idf: &Idf,
    banned: &HashSet<String>,
    window: Window,
) -> Option<Choice> {
    let candidates = candidates(wordings, idf, window);
    let allowed: Vec<&Candidate> = candidates
        .iter()
        .filter(|c| !banned.contains(&c.text))
        .collect();
    cover(&allowed, wordings.len(), idf)
}

/// Every candidate phrase of the wordings, keyed by their folded words.
fn candidates(wordings: &[Wording], idf: &Idf, window: Window) -> Vec<Candidate> {
    let mut by_key: BTreeMap<String, Candidate> = BTreeMap::new();
    for (index, wording) in wordings.iter().enumerate() {
        let mut seen: HashSet<String> = HashSet::new();
        let within = match window {
            Window::Clause => wording.clause.clone(),
            Window::Sentence => 0..wording.words.len(),
        };
        for size in 2..=4 {
            for start in within.start..within.end.saturating_sub(size - 1) {
                let end = start + size;
                let gap = if end <= wording.value.start {
                    wording.value.start - end
                } else if start >= wording.value.end {
                    start - wording.value.end
                } else {
                    continue; // touches the value
                };
                if gap > MAX_GAP {
                    continue;
                }
                let Some(phrase) = wording.words.get(start..end) else {
                    continue;
                };
                if phrase.iter().any(|w| w.digit) || phrase.iter().all(|w| w.term.is_none()) {
                    continue;
                }
                let key = phrase
                    .iter()
                    .map(|w| w.key.as_str())
                    .collect::<Vec<_>>()
                    .join(" ");
                if !seen.insert(key.clone()) {
                    continue;
                }
                let weight: f64 = phrase
                    .iter()
                    .filter_map(|w| w.term)
                    .map(|t| idf.weight(t))
                    .sum();
                let candidate = by_key.entry(key).or_insert_with(|| Candidate {
                    text: phrase
                        .iter()
                        .map(|w| w.original.as_str())
                        .collect::<Vec<_>>()
                        .join(" "),
                    words: size,
                    weight,
                    gap,
                    covers: Vec::new(),
                });
                candidate.gap = candidate.gap.min(gap);
                candidate.covers.push(index);
            }
        }
    }
    by_key.into_values().collect()
}

/// Greedy cover of the wordings by the candidates (see the module documentation).
fn cover(candidates: &[&Candidate], wordings: usize, idf: &Idf) -> Option<Choice> {
    let mut covered = vec![false; wordings];
    let mut chosen: Vec<&Candidate> = Vec::new();
    while chosen.len() < MAX_ANCHORS && covered.iter().any(|c| !c) {
        let gain = |c: &Candidate| {
            c.covers
                .iter()
                .filter(|&&i| !covered.get(i).copied().unwrap_or(true))
                .count()
        };
        let best = candidates.iter().filter(|c| gain(c) > 0).max_by(|a, b| {
            gain(a)
                .cmp(&gain(b))
                .then(score(a).total_cmp(&score(b)))
                .then(b.text.cmp(&a.text))
        })?;
        for &i in &best.covers {
            if let Some(slot) = covered.get_mut(i) {
                *slot = true;
            }
        }
        chosen.push(best);
    }
    if chosen.is_empty() {
        return None;
    }
    let words: usize = chosen.iter().map(|c| c.words).sum();
    let weight: f64 = chosen.iter().map(|c| c.weight).sum();
    let max = idf.max_weight().max(f64::MIN_POSITIVE);
    Some(Choice {
        anchors: chosen.iter().map(|c| c.text.clone()).collect(),
        distinctiveness: (weight / words.max(1) as f64 / max).clamp(0.0, 1.0),
    })
}

/// How good a phrase is, coverage aside: distinctive, short, close to the value.
fn score(candidate: &Candidate) -> f64 {
    candidate.weight
        - 0.15 * (candidate.words.saturating_sub(2)) as f64
        - 0.05 * candidate.gap as f64
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashMap;
    use std::path::PathBuf;

    fn wording_of(text: &str, value: &str) -> Wording {
        let article =
            Article::from_text(PathBuf::from("a.txt"), PathBuf::from("a.txt"), text.into());
        let folded = normalize(article.body()).text;
        let at = folded
            .find(&crate::normalize::normalize_phrase(value))
            .expect("the value is in the text");
        wording(&article, at).expect("a value starts there")
    }

    #[test]
    fn the_shared_phrase_next_to_the_value_is_chosen() {
        let wordings = [
            wording_of(
                "وافقت كوريا الشمالية على توريد ما يقرب من 5 ملايين قذيفة مدفعية.",
                "ما يقرب",
            ),
            wording_of(
                "اتهمت سيول بيونغ يانغ بتقديم أكثر من مليون قذيفة مدفعية لروسيا.",
                "أكثر",
            ),
        ];
        let choice = choose(
            &wordings,
            &Idf::new(10, HashMap::new()),
            &HashSet::new(),
            Window::Clause,
        );
        assert_eq!(choice.expect("a phrase").anchors, ["قذيفة مدفعية"]);
    }

    #[test]
    fn clauses_without_a_shared_phrase_get_one_anchor_each() {
        let wordings = [
            wording_of("زار بوتين كوريا الشمالية في تموز/يوليو 2000.", "تموز"),
            wording_of("وكانت آخر زيارة لبوتين إلى بيونغ يانغ في عام 2000.", "2000"),
        ];
        let idf = Idf::new(10, HashMap::new());
        let first = choose(&wordings, &idf, &HashSet::new(), Window::Clause).expect("a phrase");
        assert_eq!(first.anchors.len(), 2, "{first:?}");
        // Phrases never include the figure.
        assert!(first.anchors.iter().all(|a| !a.contains("2000")));
        // Banned phrases give way to the next best.
        let banned: HashSet<String> = first.anchors.iter().cloned().collect();
        let second = choose(&wordings, &idf, &banned, Window::Clause).expect("another phrase");
        assert!(second.anchors.iter().all(|a| !banned.contains(a)));
    }

    #[test]
    fn a_sentence_window_offers_the_words_beyond_the_clause() {
        let wordings = [
            wording_of(
                "The quake struck in 1998, when the old market collapsed.",
                "1998",
            ),
            wording_of(
                "Residents recalled the quake of the province, in 1998, which destroyed the old market.",
                "1998",
            ),
        ];
        let idf = Idf::new(10, HashMap::new());
        let none = HashSet::new();
        let clause = choose(&wordings, &idf, &none, Window::Clause);
        assert!(clause.is_none_or(|c| c.anchors.iter().all(|a| !a.contains("market"))));
        let sentence = choose(&wordings, &idf, &none, Window::Sentence).expect("a phrase");
        assert_eq!(sentence.anchors, ["old market"], "{sentence:?}");
    }

    #[test]
    fn a_value_that_moved_is_not_found_again() {
        let article = Article::from_text(
            PathBuf::from("a.txt"),
            PathBuf::from("a.txt"),
            "no figure here".into(),
        );
        assert!(wording(&article, 3).is_none());
    }
}
