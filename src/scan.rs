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
use crate::matcher::{Phrase, PhraseMatch, find_phrases};
use crate::normalize::{Normalized, normalize};
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
    /// Words of every clause, parallel to the clauses of `sentences`.
    clause_words: Vec<Vec<Vec<Range<usize>>>>,
}

impl PreparedText<'_> {
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
        let body = self
            .article
            .text
            .get(self.article.body_start..)
            .unwrap_or("");
        body.get(self.normalized.original_range(normalized))
            .unwrap_or("")
            .to_owned()
    }
}

/// Scans one article for every prepared claim.
pub fn scan_article(article: &Article, claims: &[PreparedClaim<'_>]) -> ArticleFindings {
    let body = article.text.get(article.body_start..).unwrap_or("");
    let normalized = normalize(body);
    let sentences = sentences(&normalized.text);
    let clause_words = sentences
        .iter()
        .map(|s| {
            s.clauses
                .iter()
                .map(|c| words(&normalized.text, c.clone()))
                .collect()
        })
        .collect();
    let text = PreparedText {
        article,
        normalized,
        sentences,
        clause_words,
    };
    let mut findings = ArticleFindings::default();
    for claim in claims {
        scan_claim(&text, claim, &mut findings);
    }
    findings
}

fn scan_claim(text: &PreparedText<'_>, claim: &PreparedClaim<'_>, out: &mut ArticleFindings) {
    let folded = &text.normalized.text;
    for (sentence_index, sentence) in text.sentences.iter().enumerate() {
        // Value spans already observed in this sentence, so two anchors next to one figure
        // count it once.
        let mut taken: Vec<Range<usize>> = Vec::new();
        for (clause_index, clause) in sentence.clauses.iter().enumerate() {
            let Some(clause_words) = text
                .clause_words
                .get(sentence_index)
                .and_then(|c| c.get(clause_index))
            else {
                continue;
            };
            let matches = find_phrases(folded, clause_words, &claim.anchors, claim.claim.threshold);
            for anchor_match in matches {
                let window = match claim.claim.window {
                    Window::Clause => clause.clone(),
                    Window::Sentence => sentence.range.clone(),
                };
                let outcome = read_value(text, claim, sentence, &window, &anchor_match, &mut taken);
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
