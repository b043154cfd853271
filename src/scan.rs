//! Scanning one article for every claim: anchors, then the value each anchor states.
//!
//! This is the per-article stage of the pipeline (SPEC "Matching", steps 3 and 4): normalise
//! the article body once, segment it once, find each claim's anchors in every clause
//! ([`crate::matcher`]), and read the value of the claim's kind from the anchor's window
//! ([`crate::extract`]) — the value nearest the anchor, at most `max_distance` words away.
//! Articles are independent, so callers may scan them in parallel and merge the results in
//! corpus order.
//!
//! Every anchor match becomes a [`Hit`] that records what happened to it (`explain` prints
//! them); hits that took a value become [`Observation`]s, hits whose window holds no value
//! become [`Mention`]s.
//!
//! **Dates** include bare years (`in 2023`), as dates stated to the year.
//!
//! **Nearest value.** Distance is the number of words strictly between the anchor and the
//! value (0 when they touch or overlap). On a tie the value after the anchor wins, because
//! both Arabic and English usually state the figure after the thing counted is named
//! ("قذائف مدفعية يبلغ عددها…", "shells numbering …") when the figure does not come first.
//!
//! **Dates without a year** ("19 يونيو" in a caption) take the year stated nearest to them in
//! the same sentence, or else the year of the latest such date not after the article's
//! `published` date (a September mentioned in January 2024 is September 2023); such a year is
//! marked inferred, and comparison never lets it make a conflict by itself.

use crate::claims::{Claim, Window};
use crate::corpus::Article;
use crate::extract::{Extraction, extract};
use crate::matcher::{Phrase, PhraseMatch, WindowToScore, find_phrases, find_phrases_in_windows};
use crate::normalize::{Normalized, normalize};
use crate::prefilter::{self, ClaimPhrases, Prefilter, Scratch};
use crate::segment::{Sentence, sentences, words};
use crate::value::{Kind, PartialDate, Qualifier, Value};
use std::ops::Range;

/// A claim prepared for scanning: its anchors and choices folded once.
#[derive(Debug, Clone)]
pub struct PreparedClaim<'c> {
    /// The claim.
    pub claim: &'c Claim,
    anchors: Vec<Phrase>,
    /// For kind `choice`: every phrase with the index of its label in `labels`.
    choice_phrases: Vec<Phrase>,
    choice_labels: Vec<usize>,
    labels: Vec<String>,
}

impl<'c> PreparedClaim<'c> {
    /// Folds the claim's anchors and choice phrases. Blank phrases are skipped (validation
    /// reports them).
    pub fn new(claim: &'c Claim) -> PreparedClaim<'c> {
        let anchors = claim
            .anchors
            .iter()
            .filter_map(|a| Phrase::new(a))
            .collect();
        let mut choice_phrases = Vec::new();
        let mut choice_labels = Vec::new();
        let mut labels = Vec::new();
        for (label_index, choice) in claim.choices.iter().enumerate() {
            labels.push(choice.label.clone());
            for phrase in choice.phrases.iter().filter_map(|p| Phrase::new(p)) {
                choice_phrases.push(phrase);
                choice_labels.push(label_index);
            }
        }
        PreparedClaim {
            claim,
            anchors,
            choice_phrases,
            choice_labels,
            labels,
        }
    }
}

/// Where something is in an article file, as an editor counts it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Location {
    /// Byte offset in the article text (front matter included).
    pub offset: usize,
    /// 1-based line.
    pub line: usize,
    /// 1-based column, in characters.
    pub column: usize,
}

/// What became of one anchor match.
#[derive(Debug, Clone, PartialEq)]
pub enum Outcome {
    /// The anchor's window states this value; it became an observation.
    Value(Observed),
    /// The value nearest this anchor was already taken by an earlier anchor match in the same
    /// window.
    AlreadyTaken(Observed),
    /// The window holds values of the claim's kind, but the nearest is too far.
    TooFar {
        /// Words between the anchor and the nearest value.
        distance: usize,
        /// The claim's limit.
        max_distance: usize,
    },
    /// The window holds no value of the claim's kind.
    NoValue,
}

/// A value read next to an anchor.
#[derive(Debug, Clone, PartialEq)]
pub struct Observed {
    /// The value.
    pub value: Value,
    /// Its qualifier (quantities).
    pub qualifier: Option<Qualifier>,
    /// For dates: the year was taken from context, not written.
    pub year_inferred: bool,
    /// The value as the source spells it.
    pub text: String,
    /// Where the value starts.
    pub location: Location,
    /// Words between anchor and value.
    pub distance: usize,
}

/// One anchor match in one article, with what came of it.
#[derive(Debug, Clone, PartialEq)]
pub struct Hit {
    /// Id of the claim.
    pub claim: String,
    /// The anchor as the claim writes it.
    pub anchor: String,
    /// Similarity score of the match.
    pub score: f64,
    /// The matched words as the source spells them.
    pub matched: String,
    /// Where the match starts.
    pub location: Location,
    /// The window (clause or sentence) as the source spells it.
    pub window: String,
    /// What came of the match.
    pub outcome: Outcome,
}

/// A value a source states for a claim (SPEC "observation").
#[derive(Debug, Clone, PartialEq)]
pub struct Observation {
    /// Id of the claim.
    pub claim: String,
    /// The value read.
    pub observed: Observed,
    /// The anchor as the claim writes it.
    pub anchor: String,
    /// Similarity score of the anchor match.
    pub score: f64,
    /// The window as the source spells it.
    pub evidence: String,
}

/// An anchor match with no value in its window (SPEC "mention").
#[derive(Debug, Clone, PartialEq)]
pub struct Mention {
    /// Id of the claim.
    pub claim: String,
    /// The anchor as the claim writes it.
    pub anchor: String,
    /// Where the match starts.
    pub location: Location,
}

/// Everything one article says about the claims scanned.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ArticleFindings {
    /// Every anchor match, in claim order, then text order.
    pub hits: Vec<Hit>,
    /// Values stated, in claim order, then text order.
    pub observations: Vec<Observation>,
    /// Matches without a value, in claim order, then text order.
    pub mentions: Vec<Mention>,
}

/// The article body, folded and segmented once for all claims.
struct PreparedText<'a> {
    article: &'a Article,
    normalized: Normalized,
    sentences: Vec<Sentence>,
}

impl PreparedText<'_> {
    /// Folds and segments the body of `article`.
    fn new(article: &Article) -> PreparedText<'_> {
        let normalized = normalize(article.body());
        PreparedText::segmented(article, normalized)
    }

    fn segmented(article: &Article, normalized: Normalized) -> PreparedText<'_> {
        let sentences = sentences(&normalized.text);
        PreparedText {
            article,
            normalized,
            sentences,
        }
    }

    /// Location of a byte offset of the normalised body.
    fn location(&self, normalized_offset: usize) -> Location {
        let offset = self.article.body_start + self.normalized.original_offset(normalized_offset);
        let (line, column) = self.article.line_col(offset);
        Location {
            offset,
            line,
            column,
        }
    }

    /// The original spelling of a normalised range.
    fn original(&self, normalized: Range<usize>) -> String {
        self.article
            .body()
            .get(self.normalized.original_range(normalized))
            .unwrap_or("")
            .to_owned()
    }
}

/// How anchors are found. Both give identical findings; `Reference` is the straightforward
/// matcher kept to check the fast one against, and for debugging.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum MatcherMode {
    /// One pass of the [`crate::prefilter`] over the article for all claims, then the
    /// reference scoring of the candidate windows only.
    #[default]
    Fast,
    /// Every window of every clause against every anchor ([`find_phrases`]).
    Reference,
}

/// Claims prepared for scanning many articles: anchors folded once, and (in
/// [`MatcherMode::Fast`]) the prefilter built once.
#[derive(Debug, Clone)]
pub struct Scanner<'c> {
    claims: Vec<PreparedClaim<'c>>,
    prefilter: Option<Prefilter>,
}

/// Buffers a thread reuses from one article to the next.
#[derive(Debug, Default)]
pub struct ScanScratch {
    prefilter: Scratch,
    candidates: Vec<prefilter::Candidate>,
    windows: Vec<(u32, u32, WindowToScore)>,
}

impl<'c> Scanner<'c> {
    /// Prepares `claims` (in the order findings are reported) for `mode`.
    pub fn new(claims: &[&'c Claim], mode: MatcherMode) -> Scanner<'c> {
        Scanner::with_sample(claims, mode, None)
    }

    /// [`Scanner::new`], with `sample` — a few articles of the corpus, folded — telling the
    /// prefilter which pieces of the anchors are rare. Only speed depends on the sample.
    pub fn with_sample(
        claims: &[&'c Claim],
        mode: MatcherMode,
        sample: Option<&str>,
    ) -> Scanner<'c> {
        let claims: Vec<PreparedClaim<'c>> = claims.iter().map(|c| PreparedClaim::new(c)).collect();
        let prefilter = match mode {
            MatcherMode::Reference => None,
            MatcherMode::Fast => {
                let phrases: Vec<ClaimPhrases<'_>> = claims
                    .iter()
                    .map(|c| ClaimPhrases {
                        phrases: &c.anchors,
                        threshold: c.claim.threshold,
                    })
                    .collect();
                Some(Prefilter::with_sample(&phrases, sample))
            }
        };
        Scanner { claims, prefilter }
    }

    /// The claims, prepared, in scanning order.
    pub fn claims(&self) -> &[PreparedClaim<'c>] {
        &self.claims
    }

    /// Scans one article; the findings are identical in both modes.
    pub fn scan(&self, article: &Article, scratch: &mut ScanScratch) -> ArticleFindings {
        match &self.prefilter {
            None => scan_article(article, &self.claims),
            Some(prefilter) => self.scan_fast(article, prefilter, scratch),
        }
    }

    fn scan_fast(
        &self,
        article: &Article,
        prefilter: &Prefilter,
        scratch: &mut ScanScratch,
    ) -> ArticleFindings {
        let mut findings = ArticleFindings::default();
        let normalized = normalize(article.body());
        scratch.candidates.clear();
        prefilter.candidates(
            &normalized.text,
            &mut scratch.prefilter,
            &mut scratch.candidates,
        );
        let any_unfiltered = (0..self.claims.len()).any(|i| prefilter.is_unfiltered(i));
        if scratch.candidates.is_empty() && !any_unfiltered {
            // No anchor can match anywhere: no need to segment.
            return findings;
        }
        let text = if any_unfiltered {
            PreparedText::segmented(article, normalized)
        } else {
            // Only the lines holding a candidate can hold a match.
            let sentences = sentences_of_lines(&normalized.text, &scratch.candidates);
            PreparedText {
                article,
                normalized,
                sentences,
            }
        };
        let folded = &text.normalized.text;
        // Every clause, in text order: (sentence index, clause index, range).
        let clauses: Vec<(usize, usize, Range<usize>)> = text
            .sentences
            .iter()
            .enumerate()
            .flat_map(|(si, s)| {
                s.clauses
                    .iter()
                    .enumerate()
                    .map(move |(ci, c)| (si, ci, c.clone()))
            })
            .collect();
        let mut clause_words: Vec<Option<Vec<Range<usize>>>> = vec![None; clauses.len()];

        // Candidate windows, from each piece occurrence: every window of the anchor's sizes,
        // in the clause holding the occurrence, that contains it.
        scratch.windows.clear();
        for candidate in &scratch.candidates {
            let Some(claim) = self.claims.get(candidate.claim as usize) else {
                continue;
            };
            let Some(phrase) = claim.anchors.get(candidate.phrase as usize) else {
                continue;
            };
            let flat = clauses.partition_point(|(_, _, range)| range.start <= candidate.first);
            let Some(clause_index) = flat.checked_sub(1) else {
                continue;
            };
            let Some((_, _, range)) = clauses.get(clause_index) else {
                continue;
            };
            if !(range.contains(&candidate.first) && range.contains(&candidate.last)) {
                // Across a clause boundary: no window holds it.
                continue;
            }
            let Some(slot) = clause_words.get_mut(clause_index) else {
                continue;
            };
            let word_list = slot.get_or_insert_with(|| words(folded, range.clone()));
            let (Some(first_word), Some(last_word)) = (
                word_containing(word_list, candidate.first),
                word_containing(word_list, candidate.last),
            ) else {
                continue;
            };
            let smallest = phrase.word_count.saturating_sub(1).max(1);
            let largest = phrase.word_count + 1;
            for size in smallest..=largest {
                if size > word_list.len() {
                    break;
                }
                let lowest_start = (last_word + 1).saturating_sub(size);
                let highest_start = first_word.min(word_list.len() - size);
                for start in lowest_start..=highest_start {
                    scratch.windows.push((
                        candidate.claim,
                        index_u32(clause_index),
                        WindowToScore {
                            phrase: candidate.phrase as usize,
                            start,
                            size,
                        },
                    ));
                }
            }
        }
        scratch.windows.sort_unstable();
        scratch.windows.dedup();

        let mut cursor = 0;
        let mut windows: Vec<WindowToScore> = Vec::new();
        for (claim_index, claim) in self.claims.iter().enumerate() {
            if prefilter.is_unfiltered(claim_index) {
                for (clause_index, (_, _, range)) in clauses.iter().enumerate() {
                    if let Some(slot) = clause_words.get_mut(clause_index)
                        && slot.is_none()
                    {
                        *slot = Some(words(folded, range.clone()));
                    }
                }
                let mut taken = Taken::default();
                for (clause_index, (sentence_index, _, range)) in clauses.iter().enumerate() {
                    let Some(Some(word_list)) = clause_words.get(clause_index) else {
                        continue;
                    };
                    let matches =
                        find_phrases(folded, word_list, &claim.anchors, claim.claim.threshold);
                    let Some(sentence) = text.sentences.get(*sentence_index) else {
                        continue;
                    };
                    let taken = taken.for_sentence(*sentence_index);
                    record_matches(&text, claim, sentence, range, matches, taken, &mut findings);
                }
                continue;
            }
            let claim_u32 = index_u32(claim_index);
            let mut taken = Taken::default();
            while let Some(&(c, clause_index, _)) = scratch.windows.get(cursor) {
                if c != claim_u32 {
                    break;
                }
                windows.clear();
                while let Some(&(c, k, window)) = scratch.windows.get(cursor) {
                    if c != claim_u32 || k != clause_index {
                        break;
                    }
                    windows.push(window);
                    cursor += 1;
                }
                let clause_index = clause_index as usize;
                let (Some((sentence_index, _, range)), Some(Some(word_list))) =
                    (clauses.get(clause_index), clause_words.get(clause_index))
                else {
                    continue;
                };
                let matches = find_phrases_in_windows(
                    folded,
                    word_list,
                    &claim.anchors,
                    claim.claim.threshold,
                    &mut windows,
                );
                if matches.is_empty() {
                    continue;
                }
                let Some(sentence) = text.sentences.get(*sentence_index) else {
                    continue;
                };
                let taken = taken.for_sentence(*sentence_index);
                record_matches(&text, claim, sentence, range, matches, taken, &mut findings);
            }
        }
        findings
    }
}

/// The sentences of `folded` that lie on the lines holding a candidate, in text order: the
/// same sentences, with the same ranges, as [`sentences`] gives for the whole text.
///
/// A line break always ends a sentence, and what decides every other boundary (a dot, a
/// comma) looks only at characters on its own line, so a stretch of text that starts at a
/// line break and ends just after one segments on its own exactly as inside the whole text
/// (`sentences_of_lines_agree_with_the_whole_text` checks this on real articles).
fn sentences_of_lines(folded: &str, candidates: &[prefilter::Candidate]) -> Vec<Sentence> {
    let breaks: Vec<usize> = folded.match_indices('\n').map(|(at, _)| at).collect();
    // Each candidate's line, as the index of the line break that ends it.
    let mut lines: Vec<usize> = candidates
        .iter()
        .map(|c| breaks.partition_point(|&b| b < c.first))
        .collect();
    lines.sort_unstable();
    lines.dedup();
    let mut out = Vec::new();
    let mut index = 0;
    while let Some(&first_line) = lines.get(index) {
        // Merge consecutive lines into one stretch.
        let mut last_line = first_line;
        while lines.get(index + 1) == Some(&(last_line + 1)) {
            last_line += 1;
            index += 1;
        }
        index += 1;
        // From the break before the first line (or the start) to just after the break that
        // ends the last line (or the end).
        let start = first_line
            .checked_sub(1)
            .and_then(|i| breaks.get(i))
            .copied()
            .unwrap_or(0);
        let end = breaks.get(last_line).map_or(folded.len(), |&b| b + 1);
        let Some(stretch) = folded.get(start..end) else {
            continue;
        };
        for mut sentence in sentences(stretch) {
            sentence.range = sentence.range.start + start..sentence.range.end + start;
            for clause in &mut sentence.clauses {
                *clause = clause.start + start..clause.end + start;
            }
            out.push(sentence);
        }
    }
    out
}

/// Value spans already observed in the current sentence, so two anchors next to one figure
/// count it once.
#[derive(Default)]
struct Taken {
    sentence: Option<usize>,
    spans: Vec<Range<usize>>,
}

impl Taken {
    /// The spans taken in sentence `index` (emptied when the sentence changes).
    fn for_sentence(&mut self, index: usize) -> &mut Vec<Range<usize>> {
        if self.sentence != Some(index) {
            self.sentence = Some(index);
            self.spans.clear();
        }
        &mut self.spans
    }
}

/// Index of the word of `word_list` (sorted, disjoint) that contains byte `offset`.
fn word_containing(word_list: &[Range<usize>], offset: usize) -> Option<usize> {
    let index = word_list
        .partition_point(|w| w.start <= offset)
        .checked_sub(1)?;
    word_list
        .get(index)
        .is_some_and(|w| w.contains(&offset))
        .then_some(index)
}

fn index_u32(index: usize) -> u32 {
    u32::try_from(index).unwrap_or(u32::MAX)
}

/// Scans one article for every prepared claim with the reference matcher: every window of
/// every clause against every anchor. [`Scanner`] gives the same findings faster.
pub fn scan_article(article: &Article, claims: &[PreparedClaim<'_>]) -> ArticleFindings {
    let text = PreparedText::new(article);
    let folded = &text.normalized.text;
    let clause_words: Vec<Vec<Vec<Range<usize>>>> = text
        .sentences
        .iter()
        .map(|s| s.clauses.iter().map(|c| words(folded, c.clone())).collect())
        .collect();
    let mut findings = ArticleFindings::default();
    for claim in claims {
        for (sentence_index, sentence) in text.sentences.iter().enumerate() {
            let mut taken: Vec<Range<usize>> = Vec::new();
            for (clause_index, clause) in sentence.clauses.iter().enumerate() {
                let Some(word_list) = clause_words
                    .get(sentence_index)
                    .and_then(|c| c.get(clause_index))
                else {
                    continue;
                };
                let matches =
                    find_phrases(folded, word_list, &claim.anchors, claim.claim.threshold);
                record_matches(
                    &text,
                    claim,
                    sentence,
                    clause,
                    matches,
                    &mut taken,
                    &mut findings,
                );
            }
        }
    }
    findings
}

/// Turns the anchor matches of one clause into hits, observations and mentions.
fn record_matches(
    text: &PreparedText<'_>,
    claim: &PreparedClaim<'_>,
    sentence: &Sentence,
    clause: &Range<usize>,
    matches: Vec<PhraseMatch>,
    taken: &mut Vec<Range<usize>>,
    out: &mut ArticleFindings,
) {
    for anchor_match in matches {
        let window = match claim.claim.window {
            Window::Clause => clause.clone(),
            Window::Sentence => sentence.range.clone(),
        };
        let outcome = read_value(text, claim, sentence, &window, &anchor_match, taken);
        let anchor = claim
            .anchors
            .get(anchor_match.phrase)
            .map(|p| p.original.clone())
            .unwrap_or_default();
        let hit = Hit {
            claim: claim.claim.id.clone(),
            anchor: anchor.clone(),
            score: anchor_match.score,
            matched: text.original(anchor_match.span.clone()),
            location: text.location(anchor_match.span.start),
            window: text.original(window),
            outcome,
        };
        match &hit.outcome {
            Outcome::Value(observed) => out.observations.push(Observation {
                claim: hit.claim.clone(),
                observed: observed.clone(),
                anchor,
                score: hit.score,
                evidence: hit.window.clone(),
            }),
            Outcome::NoValue | Outcome::TooFar { .. } => out.mentions.push(Mention {
                claim: hit.claim.clone(),
                anchor,
                location: hit.location,
            }),
            Outcome::AlreadyTaken(_) => {}
        }
        out.hits.push(hit);
    }
}

/// A candidate value in a window: its normalised span and what it is.
struct Candidate {
    span: Range<usize>,
    value: Value,
    qualifier: Option<Qualifier>,
}

fn read_value(
    text: &PreparedText<'_>,
    claim: &PreparedClaim<'_>,
    sentence: &Sentence,
    window: &Range<usize>,
    anchor: &PhraseMatch,
    taken: &mut Vec<Range<usize>>,
) -> Outcome {
    let folded = &text.normalized.text;
    let window_words = words(folded, window.clone());
    let candidates: Vec<Candidate> = match claim.claim.kind {
        Kind::Choice => {
            let found = find_phrases(
                folded,
                &window_words,
                &claim.choice_phrases,
                claim.claim.threshold,
            );
            found
                .into_iter()
                .filter(|m| !overlaps(&m.span, &anchor.span))
                .filter_map(|m| {
                    let label_index = *claim.choice_labels.get(m.phrase)?;
                    let label = claim.labels.get(label_index)?.clone();
                    Some(Candidate {
                        span: m.span,
                        value: Value::Choice(label),
                        qualifier: None,
                    })
                })
                .collect()
        }
        Kind::Date => date_candidates(folded, window.clone()),
        kind => extract(folded, window.clone(), kind)
            .into_iter()
            .map(
                |Extraction {
                     value,
                     qualifier,
                     span,
                 }| Candidate {
                    span,
                    value,
                    qualifier,
                },
            )
            .collect(),
    };
    if candidates.is_empty() {
        return Outcome::NoValue;
    }
    let anchor_words = word_indices(&window_words, &anchor.span);
    let nearest = candidates
        .iter()
        .map(|c| {
            let value_words = word_indices(&window_words, &c.span);
            let distance = gap(&anchor_words, &value_words);
            let before_anchor = c.span.start < anchor.span.start;
            (distance, before_anchor, c)
        })
        .min_by_key(|&(distance, before_anchor, c)| (distance, before_anchor, c.span.start));
    let Some((distance, _, candidate)) = nearest else {
        return Outcome::NoValue;
    };
    if distance > claim.claim.max_distance {
        return Outcome::TooFar {
            distance,
            max_distance: claim.claim.max_distance,
        };
    }
    let (value, year_inferred) = complete_date(text, sentence, candidate);
    let observed = Observed {
        value,
        qualifier: candidate.qualifier,
        year_inferred,
        text: text.original(candidate.span.clone()),
        location: text.location(candidate.span.start),
        distance,
    };
    if taken.contains(&candidate.span) {
        return Outcome::AlreadyTaken(observed);
    }
    taken.push(candidate.span.clone());
    Outcome::Value(observed)
}

/// Dates in a window, and bare years as dates of year precision (`in 2023` states when, to
/// the year), except years that are part of a date.
fn date_candidates(folded: &str, window: Range<usize>) -> Vec<Candidate> {
    let mut candidates: Vec<Candidate> = extract(folded, window.clone(), Kind::Date)
        .into_iter()
        .map(|e| Candidate {
            span: e.span,
            value: e.value,
            qualifier: None,
        })
        .collect();
    for year in extract(folded, window, Kind::Year) {
        let Value::Year(y) = year.value else {
            continue;
        };
        if candidates.iter().any(|c| overlaps(&c.span, &year.span)) {
            continue;
        }
        candidates.push(Candidate {
            span: year.span,
            value: Value::Date(PartialDate {
                year: Some(y),
                month: None,
                day: None,
            }),
            qualifier: None,
        });
    }
    candidates
}

/// Gives a date without a year the year nearest it in the sentence, or the article's.
fn complete_date(
    text: &PreparedText<'_>,
    sentence: &Sentence,
    candidate: &Candidate,
) -> (Value, bool) {
    let Value::Date(date) = &candidate.value else {
        return (candidate.value.clone(), false);
    };
    if date.year.is_some() {
        return (candidate.value.clone(), false);
    }
    let from_sentence = extract(&text.normalized.text, sentence.range.clone(), Kind::Year)
        .into_iter()
        .filter_map(|e| match e.value {
            Value::Year(year) => Some((e.span.start.abs_diff(candidate.span.start), year)),
            _ => None,
        })
        .min()
        .map(|(_, year)| year);
    let year = from_sentence.or_else(|| year_before_publication(date, text.article.published));
    let completed = PartialDate { year, ..*date };
    (Value::Date(completed), year.is_some())
}

/// The year of the latest such date not after the article's publication: a September
/// mentioned in an article of January 2024 is September 2023.
fn year_before_publication(date: &PartialDate, published: Option<PartialDate>) -> Option<i32> {
    let published = published?;
    let year = published.year?;
    let later_in_the_year = match (date.month, published.month) {
        (Some(month), Some(published_month)) if month != published_month => month > published_month,
        (Some(_), Some(_)) => match (date.day, published.day) {
            (Some(day), Some(published_day)) => day > published_day,
            _ => false,
        },
        _ => false,
    };
    Some(if later_in_the_year { year - 1 } else { year })
}

fn overlaps(a: &Range<usize>, b: &Range<usize>) -> bool {
    a.start < b.end && b.start < a.end
}

/// Indices of the words of `window_words` that overlap `span` (first..last+1); an empty range
/// at the nearest word when none overlaps.
fn word_indices(window_words: &[Range<usize>], span: &Range<usize>) -> Range<usize> {
    let first = window_words.iter().position(|w| overlaps(w, span));
    let last = window_words.iter().rposition(|w| overlaps(w, span));
    match (first, last) {
        (Some(first), Some(last)) => first..last + 1,
        _ => {
            let at = window_words
                .iter()
                .position(|w| w.start >= span.end)
                .unwrap_or(window_words.len());
            at..at
        }
    }
}

/// Words strictly between two word ranges (0 when they touch or overlap).
fn gap(a: &Range<usize>, b: &Range<usize>) -> usize {
    b.start
        .saturating_sub(a.end)
        .max(a.start.saturating_sub(b.end))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::normalize::normalize;

    /// A candidate at every line start, and one in the middle of every other line.
    fn candidates_on(folded: &str, every: usize) -> Vec<prefilter::Candidate> {
        let mut at = Vec::new();
        let mut line = 0;
        let mut start = 0;
        for (i, c) in folded.char_indices() {
            if c == '\n' {
                if line % every == 0 {
                    at.push((start + i) / 2);
                }
                line += 1;
                start = i + 1;
            }
        }
        at.push(folded.len().saturating_sub(1));
        at.into_iter()
            .filter(|&a| folded.is_char_boundary(a))
            .map(|first| prefilter::Candidate {
                claim: 0,
                phrase: 0,
                first,
                last: first,
            })
            .collect()
    }

    #[test]
    fn sentences_of_lines_agree_with_the_whole_text() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
        let mut texts: Vec<String> = ["corpus", "tests/data/english/corpus"]
            .iter()
            .flat_map(|dir| std::fs::read_dir(root.join(dir)).into_iter().flatten())
            .filter_map(|entry| std::fs::read_to_string(entry.ok()?.path()).ok())
            .collect();
        texts.push("U.S.\n. J.\nSmith 19\n, 2024, June 19,\n2024 ١٫٥\n5,\n000 end.".to_owned());
        texts.push("\n\nno break at the end. ،\r\nand a lone\rcarriage return".to_owned());
        assert!(texts.len() >= 6);
        for text in texts {
            let folded = normalize(&text).text;
            let whole = sentences(&folded);
            for every in [1, 2, 3] {
                let candidates = candidates_on(&folded, every);
                let some = sentences_of_lines(&folded, &candidates);
                assert!(!some.is_empty());
                // Every sentence found is one of the whole text's, and every sentence of the
                // whole text that holds a candidate is found.
                for sentence in &some {
                    assert!(whole.contains(sentence), "{sentence:?} in {text:?}");
                }
                for sentence in &whole {
                    let holds = candidates.iter().any(|c| sentence.range.contains(&c.first));
                    if holds {
                        assert!(some.contains(sentence), "{sentence:?} missing in {text:?}");
                    }
                }
                let mut sorted = some.clone();
                sorted.sort_by_key(|s| s.range.start);
                assert_eq!(sorted, some);
            }
        }
    }
}
