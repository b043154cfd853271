//! Scanning one article for every claim: anchors, then the value each anchor states.
//!
//! This is the per-article stage of the pipeline (docs/design.md, "The pipeline", steps 3 and 4): normalise
//! the article body, segment it, find each claim's anchors in every clause
//! ([`crate::matcher`]), and read the value of the claim's kind from the anchor's window
//! ([`crate::extract`]) — the value nearest the anchor, at most `max_distance` words away.
//! Articles are independent, so callers may scan them in parallel and merge the results in
//! corpus order.
//!
//! The fast scan ([`MatcherMode::Fast`]) does less for the same findings: the prefilter reads
//! the original body for pieces of every anchor ([`crate::prefilter`]); an article with none
//! is done, and in the others only the lines holding one are folded and segmented
//! ([`crate::normalize::normalize_lines`]), the rest of the body being left as it is — no
//! window outside them can match.
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
//! **Evidence.** A hit's window and an observation's evidence quote the window as the source
//! spells it — whole when it is at most [`EVIDENCE_WHOLE_BYTES`] long (every real clause and
//! sentence), else an excerpt of whole words around the anchor and the value with `…` where
//! the window goes on ([`EVIDENCE_CONTEXT_BYTES`] each side).
//!
//! **Cost.** Linear in the article for any shape of text: a window is read once (its words,
//! its values, its quote) for all the anchor matches in it, the value nearest a match is
//! found by binary search, and taken values are kept in a set — so a 10 MB line with a match
//! every few words costs no more per match than a short clause.
//!
//! **Dates without a year** ("19 يونيو" in a caption) take the year stated nearest to them in
//! the same sentence, or else the year of the latest such date not after the article's
//! `published` date (a September mentioned in January 2024 is September 2023); such a year is
//! marked inferred, and comparison never lets it make a conflict by itself.

use crate::claims::{Claim, Window};
use crate::corpus::Article;
use crate::counted::{Counted, UnitWords};
use crate::extract::{ExtractedWindow, Extraction, extract_each};
use crate::inflect::Reading;
use crate::matcher::{Phrase, PhraseMatch, WindowToScore, find_phrases, find_phrases_in_windows};
use crate::normalize::{Normalized, normalize, normalize_lines};
use crate::prefilter::{self, ClaimPhrases, Prefilter, Scratch};
use crate::segment::{Sentence, sentences, words};
use crate::value::{Kind, PartialDate, Qualifier, Value};
use std::cell::RefCell;
use std::collections::{HashMap, HashSet};
use std::ops::Range;
use std::rc::Rc;

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
    /// For quantity claims with `unit_words`: the nouns the value counts.
    units: UnitWords,
}

/// An anchor of a claim that the fast scan cannot look up by pieces at the claim's
/// threshold, with what would make it fast ([`slow_anchors`]).
#[derive(Debug, Clone, PartialEq)]
pub struct SlowAnchor {
    /// The anchor as the claim wrote it.
    pub anchor: String,
    /// Its edit budget, and the threshold from which it is looked up by pieces.
    pub loose: prefilter::LooseAnchor,
}

/// The anchors of `claim` the prefilter cannot cut into pieces at its threshold
/// ([`prefilter::loose_anchors`]). When there is one, the fast scan scores every clause of
/// every article against the claim's anchors, as the reference matcher does: the same
/// findings, about fifty times slower. Thresholds below about 0.7 do this to every anchor.
pub fn slow_anchors(claim: &Claim) -> Vec<SlowAnchor> {
    let prepared = PreparedClaim::new(claim);
    let phrases = ClaimPhrases {
        phrases: &prepared.anchors,
        threshold: claim.threshold,
    };
    prefilter::loose_anchors(&phrases)
        .into_iter()
        .filter_map(|loose| {
            Some(SlowAnchor {
                anchor: prepared.anchors.get(loose.phrase)?.original.clone(),
                loose,
            })
        })
        .collect()
}

impl<'c> PreparedClaim<'c> {
    /// Folds the claim's anchors and choice phrases. Blank phrases are skipped (validation
    /// reports them).
    pub fn new(claim: &'c Claim) -> PreparedClaim<'c> {
        let anchors = claim
            .anchors
            .iter()
            .filter_map(|a| Phrase::with_inflection(a, claim.inflect))
            .collect();
        let mut choice_phrases = Vec::new();
        let mut choice_labels = Vec::new();
        let mut labels = Vec::new();
        for (label_index, choice) in claim.choices.iter().enumerate() {
            labels.push(choice.label.clone());
            for phrase in choice
                .phrases
                .iter()
                .filter_map(|p| Phrase::with_inflection(p, claim.inflect))
            {
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
            units: UnitWords::new(&claim.unit_words),
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
    /// The claim's unit word the value counts, when the claim has `unit_words` and one follows
    /// it (or the value is its Arabic dual).
    pub counted: Option<CountedNoun>,
}

/// The counted noun of a value: which of the claim's `unit_words` it is.
#[derive(Debug, Clone, PartialEq)]
pub struct CountedNoun {
    /// The unit word as the claim writes it (`طن`).
    pub unit: String,
    /// The noun as the source spells it (`طناً`, or the dual `سدين`).
    pub text: String,
}

/// A value of a window left out because another noun than the claim's `unit_words` follows
/// it: it counts something else.
#[derive(Debug, Clone, PartialEq)]
pub struct Skipped {
    /// The value.
    pub value: Value,
    /// Its qualifier.
    pub qualifier: Option<Qualifier>,
    /// The value as the source spells it.
    pub text: String,
    /// The noun after it as the source spells it.
    pub noun: String,
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
    /// When the last matched word carries an ending ([`crate::inflect`]): that word as the
    /// source spells it, the anchor word it inflects and the ending, as
    /// `المعتقلين ← معتقل + ين`.
    pub form: Option<String>,
    /// Where the match starts.
    pub location: Location,
    /// The window (clause or sentence) as the source spells it.
    pub window: String,
    /// What came of the match.
    pub outcome: Outcome,
    /// The window's values left out for counting another noun (claims with `unit_words`).
    pub skipped: Vec<Skipped>,
}

/// A value a source states for a claim (an "observation" in the JSON report).
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
    /// How many times the article states this value for the claim (the same value, qualifier
    /// and inferred year): one observation stands for all of them, at the first.
    pub count: usize,
    /// Where the next few of them are ([`MORE_LOCATIONS`] at most), in text order.
    pub more: Vec<Location>,
}

/// How many locations after the first an observation keeps of the same value stated again
/// in one article; the rest are only counted ([`Observation::count`]). An article of one
/// sentence repeated to 100 MB states its value millions of times; each kept whole took
/// about 30 times the article's size in memory.
pub const MORE_LOCATIONS: usize = 3;

/// An anchor match with no value in its window (a "mention" in the JSON report).
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

impl ArticleFindings {
    /// Whether the article says nothing about the claims: no match at all.
    pub fn is_empty(&self) -> bool {
        self.hits.is_empty() && self.observations.is_empty() && self.mentions.is_empty()
    }
}

/// The article body, folded and segmented once for all claims.
struct PreparedText<'a> {
    article: &'a Article,
    normalized: Normalized,
    sentences: Vec<Sentence>,
    /// The values of each window read so far, by its byte range: claims reading the same
    /// clause or sentence (another claim, another kind, a date claim's years) read it once.
    extracted: RefCell<HashMap<(usize, usize), Rc<ExtractedWindow>>>,
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
            extracted: RefCell::default(),
        }
    }

    /// The values of the window `range` of the folded body ([`extract_each`]), read once per
    /// article however many claims ask.
    fn values(&self, range: Range<usize>) -> Rc<ExtractedWindow> {
        let key = (range.start, range.end);
        if let Some(found) = self.extracted.borrow().get(&key) {
            return Rc::clone(found);
        }
        let values = Rc::new(extract_each(&self.normalized.text, range));
        self.extracted.borrow_mut().insert(key, Rc::clone(&values));
        values
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

    /// How the last word of the match at `span` (folded) inflects the last word of
    /// `anchor` with `reading`: `المعتقلين ← معتقل + ين`, the text as the source spells it.
    fn form(&self, anchor: &str, span: &Range<usize>, reading: Reading) -> String {
        let folded = &self.normalized.text;
        let last = crate::segment::words(folded, span.clone())
            .last()
            .cloned()
            .unwrap_or(span.clone());
        let ending_start = last.end.saturating_sub(reading.strip_bytes).max(last.start);
        let word = self.original(last.clone());
        let ending = self.original(ending_start..last.end);
        let anchor_word = anchor.split_whitespace().last().unwrap_or(anchor);
        let stem = if reading.drops_final {
            let mut chars = anchor_word.chars();
            chars.next_back();
            chars.as_str()
        } else {
            anchor_word
        };
        format!("{word} ← {stem} + {ending}")
    }

    /// The original spelling of a normalised range, a line break inside it (a wrapped
    /// paragraph) quoted as the space it stands for.
    fn original(&self, normalized: Range<usize>) -> String {
        let quoted = self
            .article
            .body()
            .get(self.normalized.original_range(normalized))
            .unwrap_or("");
        one_line(quoted)
    }
}

/// `text` with every run of white space holding a line break made one space.
fn one_line(text: &str) -> String {
    if !text.contains(['\n', '\r']) {
        return text.to_owned();
    }
    let mut out = String::with_capacity(text.len());
    let mut pending = String::new();
    for c in text.chars() {
        if c.is_whitespace() {
            pending.push(c);
            continue;
        }
        if !pending.is_empty() {
            if pending.contains(['\n', '\r']) {
                out.push(' ');
            } else {
                out.push_str(&pending);
            }
            pending.clear();
        }
        out.push(c);
    }
    if !pending.contains(['\n', '\r']) {
        out.push_str(&pending);
    }
    out
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
    /// Whether some claim has an anchor the prefilter cannot find pieces of, so that every
    /// clause of every article must be scored for it (known once, not per article).
    any_unfiltered: bool,
    /// Whether findings leave out the hits (a report needs only observations and mentions).
    skip_hits: bool,
    /// Whether a value stated again gets an observation of its own.
    keep_repeats: bool,
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

    /// This scanner, leaving the hits out of the findings of the fast scan (observations and
    /// mentions are the same): what a report needs, and far less memory for an article that
    /// states a value millions of times.
    pub fn without_hits(mut self) -> Scanner<'c> {
        self.skip_hits = true;
        self
    }

    /// This scanner, giving every statement an observation of its own, also a value stated
    /// again in the same article (by default it is counted on the first).
    pub fn with_repeats(mut self) -> Scanner<'c> {
        self.keep_repeats = true;
        self
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
        let any_unfiltered = prefilter
            .as_ref()
            .is_some_and(|p| (0..claims.len()).any(|i| p.is_unfiltered(i)));
        Scanner {
            claims,
            prefilter,
            any_unfiltered,
            skip_hits: false,
            keep_repeats: false,
        }
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
        let any_unfiltered = self.any_unfiltered;
        scratch.candidates.clear();
        let body = article.body();
        let normalized = if !any_unfiltered
            && prefilter.candidates_in_original(
                body,
                &mut scratch.prefilter,
                &mut scratch.candidates,
            ) {
            if scratch.candidates.is_empty() {
                // No anchor can match anywhere: no need to fold the text or segment it.
                return findings;
            }
            // Only the lines holding a candidate can hold a match, and only their sentences
            // are read: the rest of the body is left as it is. The candidates' original
            // offsets become offsets of the text so folded.
            let lines = lines_of_candidates(body, &scratch.candidates);
            let normalized = normalize_lines(body, &lines);
            for candidate in &mut scratch.candidates {
                candidate.first = normalized.folded_offset(candidate.first);
                candidate.last = normalized.folded_offset(candidate.last);
            }
            normalized
        } else {
            let normalized = normalize(body);
            prefilter.candidates(
                &normalized.text,
                &mut scratch.prefilter,
                &mut scratch.candidates,
            );
            if scratch.candidates.is_empty() && !any_unfiltered {
                return findings;
            }
            normalized
        };
        let text = if any_unfiltered {
            PreparedText::segmented(article, normalized)
        } else {
            // Only the lines holding a candidate can hold a match.
            let sentences = sentences_of_lines(&normalized.text, &scratch.candidates);
            PreparedText {
                article,
                normalized,
                sentences,
                extracted: RefCell::default(),
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
                let mut state = ClaimState {
                    skip_hits: self.skip_hits,
                    keep_repeats: self.keep_repeats,
                    ..ClaimState::default()
                };
                for (clause_index, (sentence_index, _, range)) in clauses.iter().enumerate() {
                    let Some(Some(word_list)) = clause_words.get(clause_index) else {
                        continue;
                    };
                    let matches =
                        find_phrases(folded, word_list, &claim.anchors, claim.claim.threshold);
                    let Some(sentence) = text.sentences.get(*sentence_index) else {
                        continue;
                    };
                    let place = Place {
                        sentence_index: *sentence_index,
                        sentence,
                        clause: range,
                    };
                    record_matches(&text, claim, &place, matches, &mut state, &mut findings);
                }
                continue;
            }
            let claim_u32 = index_u32(claim_index);
            let mut state = ClaimState {
                skip_hits: self.skip_hits,
                keep_repeats: self.keep_repeats,
                ..ClaimState::default()
            };
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
                let place = Place {
                    sentence_index: *sentence_index,
                    sentence,
                    clause: range,
                };
                record_matches(&text, claim, &place, matches, &mut state, &mut findings);
            }
        }
        findings
    }
}

/// The sentences of `folded` that lie in the paragraphs holding a candidate, in text order:
/// the same sentences, with the same ranges, as [`sentences`] gives for the whole text.
///
/// A stretch from one closing line to the next ([`lines_of_candidates`]) segments on its own
/// exactly as inside the whole text: a closing line ends its sentence, and whether any other
/// line break wraps a paragraph is read from the two lines around it, inside the stretch
/// (`sentences_of_lines_agree_with_the_whole_text` checks this on real articles).
fn sentences_of_lines(folded: &str, candidates: &[prefilter::Candidate]) -> Vec<Sentence> {
    let mut out = Vec::new();
    for stretch in lines_of_candidates(folded, candidates) {
        let start = stretch.start;
        let Some(text) = folded.get(stretch) else {
            continue;
        };
        for mut sentence in sentences(text) {
            sentence.range = sentence.range.start + start..sentence.range.end + start;
            for clause in &mut sentence.clauses {
                *clause = clause.start + start..clause.end + start;
            }
            out.push(sentence);
        }
    }
    out
}

/// Whether the line ending with the `\n` at `at` closes whatever sentence went on before it
/// in the folded text as in the original: a blank line, or a line ending with `! ? ؟ ؛`, or
/// with a dot after an Arabic letter (no abbreviation ends so, and folding keeps it so).
fn closing_line(bytes: &[u8], at: usize) -> bool {
    let before = bytes.get(..at).unwrap_or(&[]);
    let trimmed = before
        .iter()
        .rposition(|b| !matches!(b, b' ' | b'\t' | b'\r'))
        .map_or(&[][..], |last| &before[..=last]);
    let Some(&last) = trimmed.last() else {
        return true;
    };
    if last == b'\n' || matches!(last, b'!' | b'?') || trimmed.ends_with("؟".as_bytes()) {
        return true;
    }
    if trimmed.ends_with("؛".as_bytes()) {
        return true;
    }
    if last != b'.' {
        return false;
    }
    // The character before the dot: an Arabic letter (U+0621..U+064A, tatweel excepted, which
    // folding removes) is two bytes, 0xD8 0xA1 ..= 0xD9 0x8A.
    match trimmed
        .len()
        .checked_sub(3)
        .and_then(|i| trimmed.get(i..i + 2))
    {
        Some(&[0xD8, second]) => (0xA1..=0xBA).contains(&second),
        Some(&[0xD9, second]) => (0x81..=0x8A).contains(&second),
        _ => false,
    }
}

/// The stretches of `text` holding the first character of a candidate, in order: each from
/// the `\n` ending a closing line ([`closing_line`]) before its first candidate (or the
/// start) to just after the `\n` ending the next closing line after its last (or the end).
/// In an article laid out one paragraph a line, that is the candidates' lines; in a
/// hard-wrapped one, their paragraphs.
fn lines_of_candidates(text: &str, candidates: &[prefilter::Candidate]) -> Vec<Range<usize>> {
    let bytes = text.as_bytes();
    let mut firsts: Vec<usize> = candidates.iter().map(|c| c.first).collect();
    firsts.sort_unstable();
    firsts.dedup();
    // The text is searched for breaks only between candidates and once around each
    // stretch, so this is linear however long the lines (no table of every line break:
    // that would be 8 bytes a line of a 200 MB article).
    let mut stretches: Vec<Range<usize>> = Vec::new();
    for first in firsts {
        let searched_from = stretches.last().map_or(0, |s| s.end);
        if first < searched_from {
            // In a stretch already taken.
            continue;
        }
        let mut end = first;
        let stretch_end = loop {
            match bytes
                .get(end..)
                .and_then(|rest| memchr::memchr(b'\n', rest))
            {
                None => break bytes.len(),
                Some(at) if closing_line(bytes, end + at) => break end + at + 1,
                Some(at) => end += at + 1,
            }
        };
        let mut search_end = first;
        let break_before = loop {
            match bytes
                .get(searched_from..search_end)
                .and_then(|between| memchr::memrchr(b'\n', between))
            {
                None => break None,
                Some(at) if closing_line(bytes, searched_from + at) => {
                    break Some(searched_from + at);
                }
                Some(at) => search_end = searched_from + at,
            }
        };
        match (break_before, stretches.last_mut()) {
            // No closing line since the last stretch: extend it.
            (None, Some(last)) => last.end = stretch_end,
            (None, None) => stretches.push(0..stretch_end),
            (Some(at), _) => stretches.push(at..stretch_end),
        }
    }
    stretches
}

/// Value spans already taken in the current sentence, so two anchors next to one figure
/// count it once. A set, so a sentence with thousands of matches stays linear.
#[derive(Default)]
struct Taken {
    sentence: Option<usize>,
    spans: HashSet<(usize, usize)>,
}

impl Taken {
    /// The spans taken in sentence `index` (emptied when the sentence changes).
    fn for_sentence(&mut self, index: usize) -> &mut HashSet<(usize, usize)> {
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
        let mut state = ClaimState::default();
        for (sentence_index, sentence) in text.sentences.iter().enumerate() {
            for (clause_index, clause) in sentence.clauses.iter().enumerate() {
                let Some(word_list) = clause_words
                    .get(sentence_index)
                    .and_then(|c| c.get(clause_index))
                else {
                    continue;
                };
                let matches =
                    find_phrases(folded, word_list, &claim.anchors, claim.claim.threshold);
                let place = Place {
                    sentence_index,
                    sentence,
                    clause,
                };
                record_matches(&text, claim, &place, matches, &mut state, &mut findings);
            }
        }
    }
    findings
}

/// The longest window, in bytes of the original text, quoted whole as a hit's window and an
/// observation's evidence.
///
/// Real clauses and sentences are far shorter (the longest sentence of the bundled articles
/// is under 1 KB). A longer window — a scraped page with no punctuation, one clause of 10 MB
/// — is quoted as an excerpt instead: the words within [`EVIDENCE_CONTEXT_BYTES`] around the
/// anchor and the value, with `…` where the window goes on. Without this bound every match
/// in such a window would copy all of it, and thousands of matches would take gigabytes.
pub const EVIDENCE_WHOLE_BYTES: usize = 2048;

/// How much of a window longer than [`EVIDENCE_WHOLE_BYTES`] an excerpt keeps on each side
/// of the anchor and value, in bytes of normalised text (whole words only).
pub const EVIDENCE_CONTEXT_BYTES: usize = 300;

/// Where a clause's matches are: its sentence (and that sentence's index) and the clause.
struct Place<'s> {
    sentence_index: usize,
    sentence: &'s Sentence,
    clause: &'s Range<usize>,
}

/// What the scan of one claim over one article keeps from one match to the next, so the
/// work per match does not grow with the size of its window: the values of the last window
/// (the matches of a window come one after the other), the years of the last sentence, and
/// the value spans already taken.
#[derive(Default)]
struct ClaimState {
    window: Option<WindowValues>,
    sentence_years: Option<SentenceYears>,
    /// The values stated so far (value, qualifier, inferred year), each with the index of its
    /// observation in the article's findings.
    stated: HashMap<(String, Option<Qualifier>, bool), usize>,
    /// Whether the hits are left out (a report), or kept (`explain`).
    skip_hits: bool,
    /// Whether a value stated again gets an observation of its own.
    keep_repeats: bool,
    taken: Taken,
}

/// One window read once for a claim: its words, the values of the claim's kind in it, and
/// its text when short enough to quote whole.
struct WindowValues {
    /// The window, in the normalised text.
    range: Range<usize>,
    /// Its words.
    words: Vec<Range<usize>>,
    /// Its values, sorted by where they start (ties in the order extraction gave them).
    values: Vec<Placed>,
    /// The most words any value covers.
    longest: usize,
    /// The window as the source spells it, if it is at most [`EVIDENCE_WHOLE_BYTES`] long.
    whole: Option<String>,
    /// Its values left out for counting another noun.
    skipped: Vec<Skipped>,
}

/// A value of a window and the words it covers (an empty range at the next word when it
/// covers none).
struct Placed {
    candidate: Candidate,
    words: Range<usize>,
}

impl WindowValues {
    fn new(text: &PreparedText<'_>, claim: &PreparedClaim<'_>, range: Range<usize>) -> Self {
        let folded = &text.normalized.text;
        let window_words = words(folded, range.clone());
        let candidates: Vec<Candidate> = match claim.claim.kind {
            Kind::Choice => find_phrases(
                folded,
                &window_words,
                &claim.choice_phrases,
                claim.claim.threshold,
            )
            .into_iter()
            .filter_map(|m| {
                let label_index = *claim.choice_labels.get(m.phrase)?;
                let label = claim.labels.get(label_index)?.clone();
                Some(Candidate {
                    span: m.span,
                    value: Value::Choice(label),
                    qualifier: None,
                    counted: None,
                })
            })
            .collect(),
            Kind::Date => date_candidates(&text.values(range.clone())),
            kind => text
                .values(range.clone())
                .of(kind)
                .iter()
                .cloned()
                .map(
                    |Extraction {
                         value,
                         qualifier,
                         span,
                     }| Candidate {
                        span,
                        value,
                        qualifier,
                        counted: None,
                    },
                )
                .collect(),
        };
        let mut skipped = Vec::new();
        let candidates = if claim.units.is_empty() || claim.claim.kind != Kind::Quantity {
            candidates
        } else {
            let (kept, left_out) =
                counted_candidates(folded, &window_words, &claim.units, candidates);
            skipped = left_out
                .into_iter()
                .map(|(candidate, noun)| Skipped {
                    value: candidate.value,
                    qualifier: candidate.qualifier,
                    text: text.original(candidate.span),
                    noun: text.original(noun),
                })
                .collect();
            kept
        };
        let mut values: Vec<Placed> = candidates
            .into_iter()
            .map(|candidate| Placed {
                words: word_indices(&window_words, &candidate.span),
                candidate,
            })
            .collect();
        // Stable: values starting at the same byte keep their order.
        values.sort_by_key(|placed| placed.candidate.span.start);
        let longest = values.iter().map(|p| p.words.len()).max().unwrap_or(0);
        let original = text.normalized.original_range(range.clone());
        let whole = (original.len() <= EVIDENCE_WHOLE_BYTES).then(|| text.original(range.clone()));
        WindowValues {
            range,
            words: window_words,
            values,
            longest,
            whole,
            skipped,
        }
    }

    /// The value nearest `anchor` — fewest words between them; on a tie the value after the
    /// anchor, then the one starting first, then the one extracted first — with the number of
    /// words between. `skip_overlapping` leaves out values overlapping the anchor (choices).
    ///
    /// The same as the minimum over every value, but only the values near the anchor are
    /// looked at. A value's first word never comes before that of a value starting earlier,
    /// so after the anchor the distance only grows along the list, and before it a value at
    /// least `longest` words long must start within the best distance found so far.
    fn nearest(&self, anchor: &PhraseMatch, skip_overlapping: bool) -> Option<(usize, &Placed)> {
        let anchor_words = word_indices(&self.words, &anchor.span);
        let key = |index: usize, placed: &Placed| {
            let start = placed.candidate.span.start;
            (
                gap(&anchor_words, &placed.words),
                start < anchor.span.start,
                start,
                index,
            )
        };
        let eligible =
            |placed: &Placed| !(skip_overlapping && overlaps(&placed.candidate.span, &anchor.span));
        let mut best: Option<(usize, bool, usize, usize)> = None;
        let split = self
            .values
            .partition_point(|placed| placed.words.start < anchor_words.end);
        for (index, placed) in self.values.iter().enumerate().skip(split) {
            let candidate = key(index, placed);
            if best.is_some_and(|b| candidate.0 > b.0) {
                break;
            }
            if eligible(placed) && best.is_none_or(|b| candidate < b) {
                best = Some(candidate);
            }
        }
        for (index, placed) in self.values.iter().enumerate().take(split).rev() {
            let least = anchor_words
                .start
                .saturating_sub(placed.words.start.saturating_add(self.longest));
            if best.is_some_and(|b| least > b.0) {
                break;
            }
            let candidate = key(index, placed);
            if eligible(placed) && best.is_none_or(|b| candidate < b) {
                best = Some(candidate);
            }
        }
        let (distance, _, _, index) = best?;
        Some((distance, self.values.get(index)?))
    }

    /// The window as the source spells it: whole, or for a long window an excerpt around
    /// `focus` (the anchor, and the value when there is one) — see [`EVIDENCE_WHOLE_BYTES`].
    fn quote(&self, text: &PreparedText<'_>, focus: Range<usize>) -> String {
        if let Some(whole) = &self.whole {
            return whole.clone();
        }
        let low = focus.start.saturating_sub(EVIDENCE_CONTEXT_BYTES);
        let high = focus.end.saturating_add(EVIDENCE_CONTEXT_BYTES);
        let first = self.words.partition_point(|w| w.start < low);
        let start = self
            .words
            .get(first)
            .map_or(focus.start, |w| w.start)
            .min(focus.start)
            .max(self.range.start);
        let last = self.words.partition_point(|w| w.end <= high);
        let end = last
            .checked_sub(1)
            .and_then(|i| self.words.get(i))
            .map_or(focus.end, |w| w.end)
            .max(focus.end)
            .min(self.range.end);
        let mut quoted = String::new();
        if start > self.range.start {
            quoted.push('…');
        }
        quoted.push_str(&text.original(start..end.max(start)));
        if end < self.range.end {
            quoted.push('…');
        }
        quoted
    }
}

/// The years written in one sentence, by where they start, to date year-less dates.
struct SentenceYears {
    range: Range<usize>,
    /// (start, year), sorted by start.
    years: Vec<(usize, i32)>,
}

impl SentenceYears {
    fn new(text: &PreparedText<'_>, range: Range<usize>) -> SentenceYears {
        let mut years: Vec<(usize, i32)> = text
            .values(range.clone())
            .years
            .iter()
            .filter_map(|e| match e.value {
                Value::Year(year) => Some((e.span.start, year)),
                _ => None,
            })
            .collect();
        years.sort_unstable();
        SentenceYears { range, years }
    }

    /// The year written nearest byte `at` (the smaller on a tie).
    fn nearest(&self, at: usize) -> Option<i32> {
        let split = self.years.partition_point(|&(start, _)| start < at);
        // The nearest start on each side, with every year written there.
        let before = split.checked_sub(1).and_then(|i| self.years.get(i));
        let after = self.years.get(split);
        [before, after]
            .into_iter()
            .flatten()
            .flat_map(|&(nearest_start, _)| {
                self.years
                    .iter()
                    .filter(move |&&(start, _)| start == nearest_start)
            })
            .map(|&(start, year)| (start.abs_diff(at), year))
            .min()
            .map(|(_, year)| year)
    }
}

/// Turns the anchor matches of one clause into hits, observations and mentions.
fn record_matches(
    text: &PreparedText<'_>,
    claim: &PreparedClaim<'_>,
    place: &Place<'_>,
    matches: Vec<PhraseMatch>,
    state: &mut ClaimState,
    out: &mut ArticleFindings,
) {
    if matches.is_empty() {
        return;
    }
    let window = match claim.claim.window {
        Window::Clause => place.clause.clone(),
        Window::Sentence => place.sentence.range.clone(),
    };
    if state.window.as_ref().is_some_and(|w| w.range != window) {
        state.window = None;
    }
    let values = state
        .window
        .get_or_insert_with(|| WindowValues::new(text, claim, window));
    let taken = state.taken.for_sentence(place.sentence_index);
    for anchor_match in matches {
        let (outcome, value_span) = read_value(
            text,
            claim,
            place.sentence,
            values,
            &anchor_match,
            taken,
            &mut state.sentence_years,
        );
        let anchor = claim
            .anchors
            .get(anchor_match.phrase)
            .map(|p| p.original.clone())
            .unwrap_or_default();
        let focus = match value_span {
            Some(span) => {
                anchor_match.span.start.min(span.start)..anchor_match.span.end.max(span.end)
            }
            None => anchor_match.span.clone(),
        };
        // A value stated again: counted on its first observation, and no hit kept when the
        // hits are not wanted.
        let mut new_value = state.keep_repeats;
        if let Outcome::Value(observed) = &outcome
            && !state.keep_repeats
        {
            let key = (
                format!("{:?}", observed.value),
                observed.qualifier,
                observed.year_inferred,
            );
            if let Some(first) = state
                .stated
                .get(&key)
                .and_then(|&index| out.observations.get_mut(index))
            {
                first.count += 1;
                if first.more.len() < MORE_LOCATIONS {
                    first.more.push(observed.location);
                }
                if state.skip_hits {
                    continue;
                }
            } else {
                state.stated.insert(key, out.observations.len());
                new_value = true;
            }
        } else if state.skip_hits && matches!(outcome, Outcome::AlreadyTaken(_)) {
            continue;
        }
        let hit = Hit {
            claim: claim.claim.id.clone(),
            anchor: anchor.clone(),
            score: anchor_match.score,
            matched: text.original(anchor_match.span.clone()),
            form: anchor_match
                .reading
                .map(|reading| text.form(&anchor, &anchor_match.span, reading)),
            location: text.location(anchor_match.span.start),
            window: values.quote(text, focus),
            outcome,
            skipped: values.skipped.clone(),
        };
        match &hit.outcome {
            Outcome::Value(observed) if new_value => {
                out.observations.push(Observation {
                    claim: hit.claim.clone(),
                    observed: observed.clone(),
                    anchor,
                    score: hit.score,
                    evidence: hit.window.clone(),
                    count: 1,
                    more: Vec::new(),
                });
            }
            Outcome::Value(_) => {}
            Outcome::NoValue | Outcome::TooFar { .. } => out.mentions.push(Mention {
                claim: hit.claim.clone(),
                anchor,
                location: hit.location,
            }),
            Outcome::AlreadyTaken(_) => {}
        }
        if !state.skip_hits {
            out.hits.push(hit);
        }
    }
}

/// A candidate value in a window: its normalised span and what it is.
struct Candidate {
    span: Range<usize>,
    value: Value,
    qualifier: Option<Qualifier>,
    /// The claim's unit word it counts and the span of the noun (`unit_words`).
    counted: Option<(String, Range<usize>)>,
}

/// What the window says next to `anchor`, and the span of the value read (for the quote).
fn read_value(
    text: &PreparedText<'_>,
    claim: &PreparedClaim<'_>,
    sentence: &Sentence,
    values: &WindowValues,
    anchor: &PhraseMatch,
    taken: &mut HashSet<(usize, usize)>,
    sentence_years: &mut Option<SentenceYears>,
) -> (Outcome, Option<Range<usize>>) {
    // A choice phrase inside the anchor is part of the anchor, not a value.
    let skip_overlapping = claim.claim.kind == Kind::Choice;
    let Some((distance, placed)) = values.nearest(anchor, skip_overlapping) else {
        return (Outcome::NoValue, None);
    };
    if distance > claim.claim.max_distance {
        let outcome = Outcome::TooFar {
            distance,
            max_distance: claim.claim.max_distance,
        };
        return (outcome, None);
    }
    let candidate = &placed.candidate;
    let (value, year_inferred) = complete_date(text, sentence, candidate, sentence_years);
    let observed = Observed {
        value,
        qualifier: candidate.qualifier,
        year_inferred,
        text: text.original(candidate.span.clone()),
        location: text.location(candidate.span.start),
        distance,
        counted: candidate.counted.as_ref().map(|(unit, span)| CountedNoun {
            unit: unit.clone(),
            text: text.original(span.clone()),
        }),
    };
    let span = Some(candidate.span.clone());
    if !taken.insert((candidate.span.start, candidate.span.end)) {
        return (Outcome::AlreadyTaken(observed), span);
    }
    (Outcome::Value(observed), span)
}

/// A quantity claim's candidates under its `unit_words`: the values followed by a unit word
/// and the duals of one (`سدين` = 2) when there are any, else the values followed by no noun.
/// A value followed by another noun counts something else and is left out (returned second,
/// with the span of that noun).
fn counted_candidates(
    folded: &str,
    window_words: &[Range<usize>],
    units: &UnitWords,
    candidates: Vec<Candidate>,
) -> (Vec<Candidate>, Vec<(Candidate, Range<usize>)>) {
    let mut matched = Vec::new();
    let mut plain = Vec::new();
    let mut other = Vec::new();
    for mut candidate in candidates {
        match units.counted(folded, window_words, candidate.span.end) {
            Counted::Unit(unit, noun) => {
                candidate.counted = Some((unit, noun));
                matched.push(candidate);
            }
            Counted::Nothing => plain.push(candidate),
            Counted::Other(noun) => other.push((candidate, noun)),
        }
    }
    for word in window_words {
        let taken = matched
            .iter()
            .chain(plain.iter())
            .any(|c| overlaps(&c.span, word));
        if taken {
            continue;
        }
        if let Some(unit) = folded.get(word.clone()).and_then(|w| units.dual_of(w)) {
            matched.push(Candidate {
                span: word.clone(),
                value: Value::Quantity(2.0),
                qualifier: Some(Qualifier::Exact),
                counted: Some((unit.to_owned(), word.clone())),
            });
        }
    }
    let kept = if matched.is_empty() { plain } else { matched };
    (kept, other)
}

/// Dates in a window, and bare years as dates of year precision (`in 2023` states when, to
/// the year), except years that overlap a date or a year already kept.
fn date_candidates(window: &ExtractedWindow) -> Vec<Candidate> {
    let mut candidates: Vec<Candidate> = window
        .dates
        .iter()
        .cloned()
        .map(|e| Candidate {
            span: e.span,
            value: e.value,
            qualifier: None,
            counted: None,
        })
        .collect();
    let dates = Overlaps::new(candidates.iter().map(|c| c.span.clone()).collect());
    let mut kept_years = Overlaps::default();
    for year in window.years.iter().cloned() {
        let Value::Year(y) = year.value else {
            continue;
        };
        if dates.any_overlaps(&year.span) || kept_years.any_overlaps(&year.span) {
            continue;
        }
        kept_years.push(year.span.clone());
        candidates.push(Candidate {
            span: year.span,
            value: Value::Date(PartialDate {
                year: Some(y),
                month: None,
                day: None,
            }),
            qualifier: None,
            counted: None,
        });
    }
    candidates
}

/// Ranges, asked whether any of them overlaps a range in a binary search rather than one
/// comparison each: a window of thousands of dates and years stays linear.
#[derive(Default)]
struct Overlaps {
    /// The ranges, sorted by start.
    ranges: Vec<Range<usize>>,
    /// For each range, the largest end among it and those before it.
    furthest_end: Vec<usize>,
}

impl Overlaps {
    fn new(mut ranges: Vec<Range<usize>>) -> Overlaps {
        ranges.sort_by_key(|r| r.start);
        let mut overlaps = Overlaps::default();
        for range in ranges {
            overlaps.push(range);
        }
        overlaps
    }

    /// Adds a range. Ranges added in order of their start cost nothing more; one starting
    /// before the last re-sorts them.
    fn push(&mut self, range: Range<usize>) {
        let in_order = self
            .ranges
            .last()
            .is_none_or(|last| last.start <= range.start);
        self.ranges.push(range);
        if in_order {
            let end = self.ranges.last().map_or(0, |r| r.end);
            let furthest = self.furthest_end.last().map_or(end, |&f| f.max(end));
            self.furthest_end.push(furthest);
        } else {
            self.ranges.sort_by_key(|r| r.start);
            self.furthest_end.clear();
            let mut furthest = 0;
            for r in &self.ranges {
                furthest = furthest.max(r.end);
                self.furthest_end.push(furthest);
            }
        }
    }

    /// Whether some range overlaps `range`, as [`overlaps`] says: some range starts before
    /// `range` ends and ends after it starts. The ranges starting before it ends are a
    /// prefix of the sorted list, so this is whether the furthest end in that prefix lies
    /// after `range` starts.
    fn any_overlaps(&self, range: &Range<usize>) -> bool {
        let starting_before = self.ranges.partition_point(|r| r.start < range.end);
        starting_before
            .checked_sub(1)
            .and_then(|last| self.furthest_end.get(last))
            .is_some_and(|&furthest| furthest > range.start)
    }
}

/// Gives a date without a year the year nearest it in the sentence, or the article's.
fn complete_date(
    text: &PreparedText<'_>,
    sentence: &Sentence,
    candidate: &Candidate,
    sentence_years: &mut Option<SentenceYears>,
) -> (Value, bool) {
    let Value::Date(date) = &candidate.value else {
        return (candidate.value.clone(), false);
    };
    if date.year.is_some() {
        return (candidate.value.clone(), false);
    }
    if sentence_years
        .as_ref()
        .is_some_and(|years| years.range != sentence.range)
    {
        *sentence_years = None;
    }
    let years =
        sentence_years.get_or_insert_with(|| SentenceYears::new(text, sentence.range.clone()));
    let from_sentence = years.nearest(candidate.span.start);
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

/// Indices of the words of `window_words` (sorted, disjoint, non-empty) that overlap `span`
/// (first..last+1); an empty range at the next word when none overlaps. Two binary searches.
fn word_indices(window_words: &[Range<usize>], span: &Range<usize>) -> Range<usize> {
    // The first word ending after the span starts: the first that overlaps it, if any does.
    let first = window_words.partition_point(|w| w.end <= span.start);
    // Words from `first` on that start before the span ends overlap it.
    let end = window_words
        .partition_point(|w| w.start < span.end)
        .max(first);
    first..end
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

    /// A small deterministic generator (64-bit LCG) for the exhaustive comparisons below.
    struct Dice(u64);

    impl Dice {
        fn below(&mut self, n: usize) -> usize {
            self.0 = self
                .0
                .wrapping_mul(6_364_136_223_846_793_005)
                .wrapping_add(1_442_695_040_888_963_407);
            ((self.0 >> 33) as usize) % n.max(1)
        }
    }

    /// `word_indices` as it was: a walk over every word.
    fn word_indices_by_walking(window_words: &[Range<usize>], span: &Range<usize>) -> Range<usize> {
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

    /// Sorted, disjoint, non-empty words with gaps of 0 to 3 bytes (0: touching words).
    fn random_words(dice: &mut Dice) -> Vec<Range<usize>> {
        let mut words = Vec::new();
        let mut at = dice.below(3);
        for _ in 0..dice.below(30) {
            let len = 1 + dice.below(5);
            words.push(at..at + len);
            at += len + dice.below(4);
        }
        words
    }

    /// A span anywhere in or around the words: empty, inside a word, across gaps, past the end.
    fn random_span(dice: &mut Dice, words: &[Range<usize>]) -> Range<usize> {
        let end_of_text = words.last().map_or(5, |w| w.end + 3);
        let start = dice.below(end_of_text + 1);
        start..start + dice.below(12)
    }

    #[test]
    fn word_indices_by_binary_search_agree_with_a_walk() {
        let mut dice = Dice(7);
        for _ in 0..20_000 {
            let words = random_words(&mut dice);
            let span = random_span(&mut dice, &words);
            assert_eq!(
                word_indices(&words, &span),
                word_indices_by_walking(&words, &span),
                "{span:?} in {words:?}"
            );
        }
    }

    #[test]
    fn the_nearest_value_is_the_one_a_look_at_every_value_finds() {
        let mut dice = Dice(11);
        let mut ties = 0;
        for round in 0..20_000 {
            let words = random_words(&mut dice);
            if words.is_empty() {
                continue;
            }
            // Values in extraction order, each named by that order; some share a start.
            let mut spans: Vec<Range<usize>> = (0..dice.below(12))
                .map(|_| random_span(&mut dice, &words))
                .collect();
            if let (Some(first), true) = (spans.first().cloned(), round % 3 == 0) {
                spans.push(first.start..first.end + 2);
            }
            let values: Vec<Placed> = spans
                .iter()
                .enumerate()
                .map(|(order, span)| Placed {
                    candidate: Candidate {
                        span: span.clone(),
                        value: Value::Quantity(order as f64),
                        qualifier: None,
                        counted: None,
                    },
                    words: word_indices(&words, span),
                })
                .collect();
            let mut sorted = values;
            sorted.sort_by_key(|p| p.candidate.span.start);
            let longest = sorted.iter().map(|p| p.words.len()).max().unwrap_or(0);
            let window = WindowValues {
                range: 0..words.last().map_or(0, |w| w.end),
                words: words.clone(),
                values: sorted,
                longest,
                whole: None,
                skipped: Vec::new(),
            };
            let first_word = dice.below(words.len());
            let last_word = (first_word + dice.below(3)).min(words.len() - 1);
            let anchor = PhraseMatch {
                phrase: 0,
                span: words[first_word].start..words[last_word].end,
                words: first_word..last_word + 1,
                score: 1.0,
                reading: None,
            };
            for skip_overlapping in [false, true] {
                // What `read_value` did before: the minimum over every value.
                let anchor_words = word_indices_by_walking(&words, &anchor.span);
                let expected = spans
                    .iter()
                    .enumerate()
                    .filter(|(_, span)| !(skip_overlapping && overlaps(span, &anchor.span)))
                    .map(|(order, span)| {
                        let value_words = word_indices_by_walking(&words, span);
                        let distance = gap(&anchor_words, &value_words);
                        (distance, span.start < anchor.span.start, span.start, order)
                    })
                    .min_by_key(|&(distance, before, start, _)| (distance, before, start))
                    .map(|(distance, _, _, order)| (distance, order as f64));
                let found = window
                    .nearest(&anchor, skip_overlapping)
                    .map(|(distance, placed)| match placed.candidate.value {
                        Value::Quantity(order) => (distance, order),
                        _ => unreachable!(),
                    });
                assert_eq!(found, expected, "{anchor:?} {spans:?} {words:?}");
                if expected.is_some_and(|(d, _)| d == 0) {
                    ties += 1;
                }
            }
        }
        assert!(ties > 1000, "{ties}");
    }

    #[test]
    fn the_nearest_year_of_a_sentence_is_the_one_a_look_at_every_year_finds() {
        let mut dice = Dice(3);
        for _ in 0..20_000 {
            let mut years: Vec<(usize, i32)> = (0..dice.below(8))
                .map(|_| (dice.below(40), 2000 + dice.below(30) as i32))
                .collect();
            years.sort_unstable();
            let at = dice.below(45);
            let expected = years
                .iter()
                .map(|&(start, year)| (start.abs_diff(at), year))
                .min()
                .map(|(_, year)| year);
            let sentence = SentenceYears {
                range: 0..50,
                years: years.clone(),
            };
            assert_eq!(sentence.nearest(at), expected, "{at} in {years:?}");
        }
    }

    #[test]
    fn overlaps_by_binary_search_agree_with_a_look_at_every_range() {
        let mut dice = Dice(5);
        for _ in 0..5_000 {
            let mut set = Overlaps::default();
            let mut all: Vec<Range<usize>> = Vec::new();
            for _ in 0..dice.below(10) {
                let start = dice.below(40);
                let range = start..start + dice.below(6);
                set.push(range.clone());
                all.push(range);
                let probe_start = dice.below(45);
                let probe = probe_start..probe_start + dice.below(6);
                assert_eq!(
                    set.any_overlaps(&probe),
                    all.iter().any(|r| overlaps(r, &probe)),
                    "{probe:?} against {all:?}"
                );
            }
        }
    }

    /// Scans `body` for `claims` (YAML) with both matchers, which must agree.
    fn scan_text(claims_yaml: &str, body: &str) -> ArticleFindings {
        let claims =
            crate::claims::parse_claims_str(std::path::Path::new("claims/test.yaml"), claims_yaml)
                .expect("claims");
        let claim_refs: Vec<&Claim> = claims.iter().collect();
        let article = Article::from_text("a.txt".into(), "a.txt".into(), body.to_owned());
        let reference = Scanner::new(&claim_refs, MatcherMode::Reference)
            .scan(&article, &mut ScanScratch::default());
        let fast = Scanner::new(&claim_refs, MatcherMode::Fast)
            .scan(&article, &mut ScanScratch::default());
        assert_eq!(fast, reference);
        fast
    }

    const SHELLS: &str = "claims:
  - id: artillery-shells
    title: Artillery shells
    kind: quantity
    anchors: [قذائف مدفعية, قذيفة مدفعية]
";

    #[test]
    fn an_anchor_and_its_value_across_the_lines_of_a_wrapped_paragraph() {
        // The case: 5 million on one line, the noun on the next; another article's
        // 3 million must meet 5,000,000, not 5.
        let body = "وقالت مصادر في سيول إن كوريا الشمالية أرسلت إلى روسيا ما يقرب من 5 ملايين\nقذيفة مدفعية منذ بداية الحرب في أوكرانيا.\n\nولم تعلق موسكو.";
        let found = scan_text(SHELLS, body);
        let values: Vec<_> = found
            .observations
            .iter()
            .map(|o| (o.observed.value.clone(), o.observed.location.line))
            .collect();
        assert_eq!(values, vec![(Value::Quantity(5_000_000.0), 1)]);
        // The evidence reads the break as the space it stands for.
        let evidence = &found.observations[0].evidence;
        assert!(
            evidence.contains("5 ملايين قذيفة مدفعية منذ بداية"),
            "{evidence}"
        );
        let english = "claims:
  - id: shells
    title: Shells
    kind: quantity
    anchors: [rounds of artillery shells]
";
        let body = "Officials in Seoul said North Korea had sent about 5 million rounds of artillery\nshells to Russia since the war began.";
        let found = scan_text(english, body);
        assert_eq!(found.observations.len(), 1, "{found:?}");
        assert_eq!(
            found.observations[0].observed.value,
            Value::Quantity(5_000_000.0)
        );
        assert_eq!(found.hits[0].location.line, 1);
    }

    #[test]
    fn only_the_lines_holding_a_candidate_are_folded_and_findings_do_not_change() {
        // Several lines, the anchor on some of them, spelled with harakat, tatweel and hamza;
        // the same article with a ligature (`ﻻ`, which only the full normaliser folds) goes
        // the other way. Both must give what the reference matcher gives.
        let lines = [
            "وقالت مصادر إن كوريا الشمالية زودت روسيا.",
            "وأفاد التقرير بأن قذائفَ مدفعيـّة بلغ عددها ٥ ملايين قذيفة.",
            "ولم يذكر التقرير تفاصيل أخرى عن الشحنات.",
            "",
            "وذكرت الوكالة أن عدد القذائف المدفعية بلغ ٣ ملايين في عام ٢٠٢٣.",
        ];
        let body = lines.join("\n");
        let plain = scan_text(SHELLS, &body);
        let values: Vec<_> = plain
            .observations
            .iter()
            .map(|o| o.observed.value.clone())
            .collect();
        assert_eq!(
            values,
            vec![
                crate::value::Value::Quantity(5_000_000.0),
                crate::value::Value::Quantity(3_000_000.0)
            ]
        );
        let lines_before = plain.observations.iter().map(|o| o.observed.location.line);
        assert_eq!(lines_before.collect::<Vec<_>>(), vec![2, 5]);
        let with_ligature = format!("{body}\nﻻ تعليق.");
        let fallback = scan_text(SHELLS, &with_ligature);
        assert_eq!(fallback.observations, plain.observations);
    }

    #[test]
    fn two_anchors_next_to_one_figure_count_it_once() {
        let findings = scan_text(
            SHELLS,
            "وافقت على توريد ما يقرب من 5 ملايين قذيفة مدفعية وقذائف مدفعية أخرى.",
        );
        let outcomes: Vec<&Outcome> = findings.hits.iter().map(|h| &h.outcome).collect();
        assert_eq!(outcomes.len(), 2);
        assert!(
            matches!(outcomes[0], Outcome::Value(o) if o.value == Value::Quantity(5_000_000.0) && o.distance == 0)
        );
        assert!(
            matches!(outcomes[1], Outcome::AlreadyTaken(o) if o.text == "ما يقرب من 5 ملايين" && o.distance == 2)
        );
        assert_eq!(findings.observations.len(), 1);
        assert!(findings.mentions.is_empty());
    }

    #[test]
    fn a_date_without_a_year_takes_the_nearest_year_of_its_sentence() {
        let claims = "claims:
  - id: putin-visit
    title: Putin's visit
    kind: date
    anchors: [زار بوتين]
";
        let findings = scan_text(
            claims,
            "زار بوتين بيونغ يانغ في 19 يونيو، بعد زيارته الأولى في عام 2000، وقبل قمة 2023.",
        );
        assert_eq!(findings.observations.len(), 1);
        let observed = &findings.observations[0].observed;
        assert_eq!(
            observed.value,
            Value::Date(PartialDate {
                year: Some(2000),
                month: Some(6),
                day: Some(19)
            })
        );
        assert!(observed.year_inferred);
        assert_eq!(observed.text, "19 يونيو");
    }

    #[test]
    fn a_long_window_is_quoted_as_an_excerpt_around_the_anchor_and_value() {
        let statement = "توريد ما يقرب من 5 ملايين قذيفة مدفعية";
        let short = format!("عرضت روسيا المساعدة مقابل {statement} للحرب.");
        let findings = scan_text(SHELLS, &short);
        assert_eq!(
            findings.observations[0].evidence,
            format!("عرضت روسيا المساعدة مقابل {statement} للحرب")
        );
        // One clause of about 6 KB: filler, the statement, filler.
        let filler = "وأضاف المتحدث باسم الكرملين ديمتري بيسكوف ".repeat(40);
        let long = format!("{filler}{statement} {filler}");
        assert!(long.len() > 2 * EVIDENCE_WHOLE_BYTES);
        let findings = scan_text(SHELLS, &long);
        let [observation] = findings.observations.as_slice() else {
            panic!("{findings:?}");
        };
        let evidence = &observation.evidence;
        assert!(evidence.starts_with('…'), "{evidence}");
        assert!(evidence.ends_with('…'), "{evidence}");
        assert!(evidence.contains(statement));
        // The context kept is at most the limit on each side, in whole words.
        let context = evidence.len() - statement.len() - 2 * '…'.len_utf8();
        assert!(context <= 2 * EVIDENCE_CONTEXT_BYTES, "{evidence}");
        assert!(context >= 2 * (EVIDENCE_CONTEXT_BYTES - 40), "{evidence}");
        assert_eq!(findings.hits[0].window, *evidence);
    }

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
        // Hard-wrapped paragraphs, a headline, a list item over two lines, closing lines.
        texts.push(
            "Headline\n\nRussia received nearly 5 million rounds of artillery\nshells from North Korea, said Leif-Eric Easley, a professor at\nEwha Womans University!\n\n- a list item that is wrapped over\n  two lines\n- another\nقال المسؤول إن روسيا تلقت نحو خمسة\nملايين قذيفة مدفعية.\nسطر بعد نقطة عربية ويطول حتى يبلغ العرض\nالمطلوب".to_owned(),
        );
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
