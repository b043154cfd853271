//! The prefilter: which windows of an article can possibly match an anchor, found for all
//! claims at once in one pass over the text.
//!
//! The reference matcher ([`crate::matcher::find_phrases`]) scores every window of every
//! clause against every anchor of every claim: exact, but its cost is claims × corpus. The
//! prefilter makes the cost grow with the corpus instead, and keeps the results identical: it
//! never drops a window that could score at least the claim's threshold, and the windows it
//! keeps are scored by the reference scoring ([`crate::matcher::find_phrases_in_windows`]).
//!
//! # Why it never misses a match (pigeonhole)
//!
//! A window's score is `1 − lev(a, b) / max(|a|, |b|)` for some spelling `a` of the window and
//! some variant `b` of the anchor (lengths in characters). Score ≥ t gives
//! `lev ≤ (1 − t)·max(|a|, |b|)`, and since `|a| ≤ |b| + lev`, `lev ≤ K = ⌊(1 − t)·|b| / t⌋`
//! (rounded up by a small margin against floating-point error). Cut `b` into `K + 1`
//! disjoint pieces: each edit touches at most one piece, so at least one piece appears in `a`
//! unchanged.
//!
//! Pieces hold only *word characters* (letters, digits, combining marks): never a space or
//! the punctuation a word may contain (`5,000`, `Putin's`). A spelling `a` is the window's
//! words joined by one space or by nothing, the first perhaps without a proclitic; so a run
//! of word characters of `a` is a run of word characters of the article once everything that
//! is not a word character is deleted. The prefilter deletes exactly that from the folded
//! text — the *stream* — and finds every piece of every anchor of every claim in it with one
//! Aho-Corasick automaton (all occurrences, overlapping). Each occurrence names the claims
//! and anchors it belongs to; the windows (of the anchor's sizes, in one clause) that contain
//! it are the candidates.
//!
//! An anchor whose pieces would be a single character, or that cannot be cut into `K + 1`
//! pieces at all (a low threshold, a very short anchor), would make nearly every window a
//! candidate: its claim is left *unfiltered* and scanned by the reference matcher, clause by
//! clause.

use crate::matcher::{BitPattern, Phrase};
use aho_corasick::{AhoCorasick, AhoCorasickBuilder, MatchKind};
use std::collections::HashMap;

/// The shortest piece, in characters, worth looking for; an anchor needing shorter pieces
/// leaves its claim unfiltered.
pub const MIN_PIECE_CHARS: usize = 2;

/// One claim as the prefilter sees it: its anchors and the threshold they must reach.
#[derive(Debug, Clone, Copy)]
pub struct ClaimPhrases<'a> {
    /// The claim's anchors, prepared.
    pub phrases: &'a [Phrase],
    /// The claim's similarity threshold.
    pub threshold: f64,
}

/// A piece occurrence: a claim's anchor may match a window containing folded bytes
/// `first..=last`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Candidate {
    /// Index of the claim in the list the prefilter was built from.
    pub claim: u32,
    /// Index of the anchor in the claim's phrases.
    pub phrase: u32,
    /// Folded byte offset of the first character of the piece occurrence.
    pub first: usize,
    /// Folded byte offset of the last character of the piece occurrence.
    pub last: usize,
}

/// One anchor spelling as the prefilter looks for it: its word characters only (the
/// *needle*), and the most edits a matching window can be away.
#[derive(Debug, Clone)]
struct Needle {
    claim: u32,
    phrase: u32,
    /// The word characters of the spelling, for verifying piece occurrences.
    pattern: BitPattern,
    /// Most edits a matching window's word characters can be away from the needle.
    budget: usize,
}

/// The pieces of every anchor of every claim, in one automaton.
#[derive(Debug, Clone)]
pub struct Prefilter {
    /// Finds the pieces; `None` when there are none.
    automaton: Option<AhoCorasick>,
    /// For pattern `i`, `targets[target_starts[i]..target_starts[i + 1]]` are the needles it
    /// is a piece of, with the piece's character offset in the needle.
    target_starts: Vec<u32>,
    targets: Vec<(u32, u32)>,
    needles: Vec<Needle>,
    /// Claims the prefilter cannot narrow: scan them with the reference matcher.
    unfiltered: Vec<bool>,
    /// Number of distinct pieces.
    piece_count: usize,
}

impl Prefilter {
    /// Cuts every anchor of every claim into pieces and builds the automaton.
    pub fn new(claims: &[ClaimPhrases<'_>]) -> Prefilter {
        let mut piece_ids: HashMap<String, usize> = HashMap::new();
        let mut piece_targets: Vec<Vec<(u32, u32)>> = Vec::new();
        let mut needles: Vec<Needle> = Vec::new();
        let mut unfiltered = vec![false; claims.len()];
        for (claim_index, claim) in claims.iter().enumerate() {
            let Some(claim_needles) = needles_of(claim) else {
                if let Some(slot) = unfiltered.get_mut(claim_index) {
                    *slot = true;
                }
                continue;
            };
            for (phrase_index, chars, budget, cut) in claim_needles {
                let needle_id = index_u32(needles.len());
                needles.push(Needle {
                    claim: index_u32(claim_index),
                    phrase: index_u32(phrase_index),
                    pattern: BitPattern::from_chars(&chars),
                    budget,
                });
                for (offset, piece) in cut {
                    let next_id = piece_targets.len();
                    let id = *piece_ids.entry(piece).or_insert(next_id);
                    if id == next_id {
                        piece_targets.push(Vec::new());
                    }
                    if let Some(list) = piece_targets.get_mut(id) {
                        list.push((needle_id, index_u32(offset)));
                    }
                }
            }
        }
        let mut patterns: Vec<(usize, String)> = piece_ids
            .into_iter()
            .map(|(piece, id)| (id, piece))
            .collect();
        patterns.sort_unstable();
        let piece_count = patterns.len();
        let automaton = if patterns.is_empty() {
            None
        } else {
            AhoCorasickBuilder::new()
                .match_kind(MatchKind::Standard)
                .build(patterns.iter().map(|(_, piece)| piece.as_bytes()))
                .ok()
        };
        // Building can only fail on limits far beyond any claim set; then filter nothing.
        if automaton.is_none() && piece_count > 0 {
            unfiltered.iter_mut().for_each(|u| *u = true);
        }
        let mut target_starts = Vec::with_capacity(piece_targets.len() + 1);
        let mut targets = Vec::new();
        target_starts.push(0);
        for list in piece_targets {
            targets.extend(list);
            target_starts.push(index_u32(targets.len()));
        }
        Prefilter {
            automaton,
            target_starts,
            targets,
            needles,
            unfiltered,
            piece_count,
        }
    }

    /// Whether claim `claim` must be scanned by the reference matcher (its anchors cannot be
    /// cut into useful pieces).
    pub fn is_unfiltered(&self, claim: usize) -> bool {
        self.unfiltered.get(claim).copied().unwrap_or(true)
    }

    /// Number of distinct pieces in the automaton.
    pub fn piece_count(&self) -> usize {
        self.piece_count
    }

    /// Every piece occurrence in the folded text `folded` whose surroundings hold the whole
    /// needle within its edit budget, appended to `out` (in no particular order). `scratch`
    /// holds reusable buffers.
    pub fn candidates(&self, folded: &str, scratch: &mut Scratch, out: &mut Vec<Candidate>) {
        let Some(automaton) = &self.automaton else {
            return;
        };
        scratch.build_stream(folded);
        let Scratch {
            bytes,
            positions,
            region,
        } = scratch;
        for found in automaton.find_overlapping_iter(&*bytes) {
            let pattern = found.pattern().as_usize();
            let last_byte = found.end().saturating_sub(1);
            let (Some(&first), Some(&last)) =
                (positions.get(found.start()), positions.get(last_byte))
            else {
                continue;
            };
            let (Some(&from), Some(&to)) = (
                self.target_starts.get(pattern),
                self.target_starts.get(pattern + 1),
            ) else {
                continue;
            };
            let Some(targets) = self.targets.get(from as usize..to as usize) else {
                continue;
            };
            for &(needle_id, offset) in targets {
                let Some(needle) = self.needles.get(needle_id as usize) else {
                    continue;
                };
                if !needle_near(needle, bytes, found.start(), offset as usize, region) {
                    continue;
                }
                out.push(Candidate {
                    claim: needle.claim,
                    phrase: needle.phrase,
                    first: first as usize,
                    last: last as usize,
                });
            }
        }
    }
}

/// Whether the stream around a piece occurrence starting at byte `at` (the piece being at
/// character `offset` of the needle) holds a substring within the needle's edit budget.
///
/// A matching window's word characters start within `budget` characters of the piece's
/// place minus `offset`, and are at most `len + budget` characters long, so they lie between
/// `offset + budget` characters before the piece and `len + 2·budget − offset` characters
/// after its start. `region` is a reusable buffer.
fn needle_near(
    needle: &Needle,
    stream: &[u8],
    at: usize,
    offset: usize,
    region: &mut Vec<char>,
) -> bool {
    let len = needle.pattern.len();
    let before = offset + needle.budget;
    let Some(after) = (len + 2 * needle.budget).checked_sub(offset) else {
        return true;
    };
    // Walk back `before` characters (UTF-8: skip continuation bytes), then decode forward.
    let mut start = at.min(stream.len());
    for _ in 0..before {
        if start == 0 {
            break;
        }
        start -= 1;
        while start > 0 && stream.get(start).is_some_and(|&b| b & 0xC0 == 0x80) {
            start -= 1;
        }
    }
    let mut end = at.min(stream.len());
    for _ in 0..after {
        if end >= stream.len() {
            break;
        }
        end += 1;
        while stream.get(end).is_some_and(|&b| b & 0xC0 == 0x80) {
            end += 1;
        }
    }
    let Some(text) = stream
        .get(start..end)
        .and_then(|b| std::str::from_utf8(b).ok())
    else {
        return true;
    };
    region.clear();
    region.extend(text.chars());
    needle
        .pattern
        .best_substring_distance(region)
        .is_none_or(|distance| distance <= needle.budget)
}

/// The needles of a claim's anchors: for each anchor and each distinct word-character
/// spelling of its variants, (anchor index, characters, edit budget, pieces with their
/// character offsets). `None` when an anchor cannot be cut into pieces of at least
/// [`MIN_PIECE_CHARS`].
#[allow(clippy::type_complexity)]
fn needles_of(
    claim: &ClaimPhrases<'_>,
) -> Option<Vec<(usize, Vec<char>, usize, Vec<(usize, String)>)>> {
    let mut out: Vec<(usize, Vec<char>, usize, Vec<(usize, String)>)> = Vec::new();
    for (phrase_index, phrase) in claim.phrases.iter().enumerate() {
        // Spaced and joined spellings share their word characters; the spaced one is longer
        // and so allows more edits: keep the largest budget per needle.
        let mut spellings: Vec<(Vec<char>, usize)> = Vec::new();
        for variant in phrase.variants() {
            let budget = max_edits(claim.threshold, variant.chars().count())?;
            let chars: Vec<char> = variant.chars().filter(|&c| is_word_char(c)).collect();
            match spellings.iter_mut().find(|(c, _)| *c == chars) {
                Some((_, existing)) => *existing = (*existing).max(budget),
                None => spellings.push((chars, budget)),
            }
        }
        for (chars, budget) in spellings {
            let cut = cut_into_pieces(&chars, budget.checked_add(1)?)?;
            out.push((phrase_index, chars, budget, cut));
        }
    }
    Some(out)
}

/// `count` disjoint pieces covering `chars`, as nearly equal in length as possible, with
/// their character offsets; `None` when a piece would be shorter than [`MIN_PIECE_CHARS`].
fn cut_into_pieces(chars: &[char], count: usize) -> Option<Vec<(usize, String)>> {
    if count == 0 || chars.len() / count < MIN_PIECE_CHARS {
        return None;
    }
    let base = chars.len() / count;
    let longer = chars.len() % count;
    let mut out = Vec::with_capacity(count);
    let mut at = 0;
    for part in 0..count {
        let size = base + usize::from(part < longer);
        out.push((at, chars.get(at..at + size)?.iter().collect()));
        at += size;
    }
    Some(out)
}

/// Buffers reused from one article to the next.
#[derive(Debug, Clone, Default)]
pub struct Scratch {
    /// The word characters of the folded text, in order, in UTF-8: the stream.
    bytes: Vec<u8>,
    /// For each byte of the stream, the byte offset of its character in the folded text.
    positions: Vec<u32>,
    /// Characters around a piece occurrence, being verified.
    region: Vec<char>,
}

impl Scratch {
    fn build_stream(&mut self, folded: &str) {
        self.bytes.clear();
        self.positions.clear();
        for (at, c) in folded.char_indices() {
            if is_word_char(c) {
                let position = index_u32(at);
                let mut buffer = [0u8; 4];
                for &byte in c.encode_utf8(&mut buffer).as_bytes() {
                    self.bytes.push(byte);
                    self.positions.push(position);
                }
            }
        }
    }
}

/// A character that is always part of a word: the same test as [`crate::segment::words`]
/// (letters, digits, combining marks). Word-internal punctuation (`5,000`, `Putin's`) is not.
pub fn is_word_char(c: char) -> bool {
    if c.is_ascii() {
        return c.is_ascii_alphanumeric();
    }
    // The Unicode property lookups are slow for non-Latin scripts; the common blocks come
    // from a table of their own results.
    let code = u32::from(c) as usize;
    if let Some(&bits) = word_char_table().get(code / 64) {
        return bits & (1u64 << (code % 64)) != 0;
    }
    is_word_char_slow(c)
}

fn is_word_char_slow(c: char) -> bool {
    c.is_alphanumeric() || unicode_normalization::char::is_combining_mark(c)
}

/// [`is_word_char_slow`] for U+0000..U+0800 (Latin to Arabic Supplement), one bit each.
fn word_char_table() -> &'static [u64; 32] {
    static TABLE: std::sync::OnceLock<[u64; 32]> = std::sync::OnceLock::new();
    TABLE.get_or_init(|| {
        let mut table = [0u64; 32];
        for (index, bits) in table.iter_mut().enumerate() {
            for bit in 0..64 {
                let code = (index * 64 + bit) as u32;
                if char::from_u32(code).is_some_and(is_word_char_slow) {
                    *bits |= 1 << bit;
                }
            }
        }
        table
    })
}

/// The most edits a variant of `length` characters can be away from a window that scores at
/// least `threshold`; `None` when unbounded (threshold 0 or below, or not a number).
pub fn max_edits(threshold: f64, length: usize) -> Option<usize> {
    if !(threshold > 0.0) {
        return None;
    }
    if threshold >= 1.0 {
        return Some(0);
    }
    let bound = (1.0 - threshold) * length as f64 / threshold;
    // A generous margin: a larger budget only costs speed, a smaller one would miss matches.
    let padded = bound + 1e-6 * (1.0 + bound);
    if !padded.is_finite() || padded >= usize::MAX as f64 {
        return None;
    }
    Some(padded.floor() as usize)
}

fn index_u32(index: usize) -> u32 {
    u32::try_from(index).unwrap_or(u32::MAX)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn word_character_table_agrees_with_the_properties() {
        for code in 0..0x3000u32 {
            if let Some(c) = char::from_u32(code) {
                assert_eq!(is_word_char(c), is_word_char_slow(c), "U+{code:04X}");
            }
        }
        assert!(is_word_char('ق') && is_word_char('\u{064E}') && is_word_char('٥'));
        assert!(!is_word_char(',') && !is_word_char('،') && !is_word_char('\u{200F}'));
    }

    #[test]
    fn edit_budget_follows_the_threshold() {
        // 12 letters at 0.85: 0.15 × 12 / 0.85 = 2.1.
        assert_eq!(max_edits(0.85, 12), Some(2));
        assert_eq!(max_edits(0.85, 5), Some(0));
        assert_eq!(max_edits(1.0, 40), Some(0));
        assert_eq!(max_edits(0.5, 10), Some(10));
        assert_eq!(max_edits(0.0, 10), None);
        assert_eq!(max_edits(f64::NAN, 10), None);
    }

    #[test]
    fn needles_are_word_characters_cut_into_budget_plus_one_pieces() {
        let phrase = Phrase::new("قذيفة مدفعية").unwrap();
        let claim = ClaimPhrases {
            phrases: std::slice::from_ref(&phrase),
            threshold: 0.85,
        };
        let needles = needles_of(&claim).unwrap();
        // One spelling once spaces are gone ("قذيفه مدفعيه" and "قذيفهمدفعيه"), 12
        // characters spaced: budget 2, three pieces.
        assert_eq!(needles.len(), 1);
        let (_, chars, budget, cut) = &needles[0];
        assert_eq!(chars.iter().collect::<String>(), "قذيفهمدفعيه");
        assert_eq!(*budget, 2);
        assert_eq!(cut.len(), 3);
        assert_eq!(
            cut.iter().map(|(_, p)| p.as_str()).collect::<String>(),
            "قذيفهمدفعيه"
        );
        // Word punctuation is never inside a needle.
        let phrase = Phrase::new("5,000,000 shells").unwrap();
        let needles = needles_of(&ClaimPhrases {
            phrases: std::slice::from_ref(&phrase),
            threshold: 0.85,
        })
        .unwrap();
        assert!(needles.iter().all(|(_, chars, _, _)| !chars.contains(&',')));
        // Too short for the budget: unfiltered.
        let phrase = Phrase::new("ab").unwrap();
        assert!(
            needles_of(&ClaimPhrases {
                phrases: std::slice::from_ref(&phrase),
                threshold: 0.3,
            })
            .is_none()
        );
    }

    #[test]
    fn finds_pieces_across_word_separators() {
        // The joined anchor meets the split spelling: its pieces span the space in the text.
        let phrase = Phrase::new("بيونغيانغ").unwrap();
        let prefilter = Prefilter::new(&[ClaimPhrases {
            phrases: std::slice::from_ref(&phrase),
            threshold: 0.85,
        }]);
        let text = "وصل إلى بيونغ، يانغ فجرا";
        let mut found = Vec::new();
        prefilter.candidates(text, &mut Scratch::default(), &mut found);
        assert!(!found.is_empty());
        let first = found.iter().map(|c| c.first).min().unwrap();
        assert_eq!(first, text.find("بيونغ").unwrap());
        // Nothing in a text without the name.
        found.clear();
        prefilter.candidates("وصل إلى موسكو فجرا", &mut Scratch::default(), &mut found);
        assert!(found.is_empty());
    }

    #[test]
    fn low_thresholds_leave_the_claim_unfiltered() {
        let phrase = Phrase::new("كيم").unwrap();
        let prefilter = Prefilter::new(&[
            ClaimPhrases {
                phrases: std::slice::from_ref(&phrase),
                threshold: 0.3,
            },
            ClaimPhrases {
                phrases: std::slice::from_ref(&phrase),
                threshold: 0.85,
            },
        ]);
        assert!(prefilter.is_unfiltered(0));
        assert!(!prefilter.is_unfiltered(1));
        assert!(prefilter.is_unfiltered(2));
    }
}
