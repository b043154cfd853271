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
//! **Compact alphabet.** The stream holds one byte per character: ASCII letters and digits as
//! themselves, the Arabic letters and marks `U+0620..U+0660` each on a byte of their own,
//! any other character on one of 64 shared bytes. Mapping both the text and the anchors
//! through the same many-to-one function can only make them look more alike (edit distance
//! never grows), so no match is lost; it halves the bytes the automaton reads for Arabic and
//! makes verification a table lookup per character.
//!
//! **Verification.** Each piece occurrence is checked before any window is scored: the
//! stream around it must hold the whole needle within the edit budget (Myers' bit-parallel
//! approximate search over a few dozen bytes).
//!
//! An anchor whose pieces would be a single character, or that cannot be cut into `K + 1`
//! pieces at all (a low threshold, a very short anchor), would make nearly every window a
//! candidate: its claim is left *unfiltered* and scanned by the reference matcher, clause by
//! clause.

use crate::matcher::Phrase;
use aho_corasick::{AhoCorasick, AhoCorasickBuilder, AhoCorasickKind, MatchKind};
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
    /// The claim's anchors that have this spelling.
    phrases: Vec<u32>,
    /// The word characters of the spelling in the compact alphabet, for verifying piece
    /// occurrences.
    pattern: BytePattern,
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
    /// Cuts every anchor of every claim into pieces and builds the automaton, choosing
    /// pieces that are rare in ordinary text without a sample of the corpus to go by.
    pub fn new(claims: &[ClaimPhrases<'_>]) -> Prefilter {
        Prefilter::with_sample(claims, None)
    }

    /// [`Prefilter::new`], choosing each anchor's pieces to be as rare as possible in
    /// `sample` (folded text, e.g. a few articles of the corpus). The sample only changes
    /// speed: any choice of pieces finds every match.
    pub fn with_sample(claims: &[ClaimPhrases<'_>], sample: Option<&str>) -> Prefilter {
        let stats = PieceStats::new(sample);
        let mut piece_ids: HashMap<Vec<u8>, usize> = HashMap::new();
        let mut piece_targets: Vec<Vec<(u32, u32)>> = Vec::new();
        let mut needles: Vec<Needle> = Vec::new();
        let mut unfiltered = vec![false; claims.len()];
        for (claim_index, claim) in claims.iter().enumerate() {
            let Some(claim_needles) = needles_of(claim, &stats) else {
                if let Some(slot) = unfiltered.get_mut(claim_index) {
                    *slot = true;
                }
                continue;
            };
            for claim_needle in claim_needles {
                let needle_id = index_u32(needles.len());
                needles.push(Needle {
                    claim: index_u32(claim_index),
                    phrases: claim_needle.phrases.iter().map(|&p| index_u32(p)).collect(),
                    pattern: BytePattern::new(&claim_needle.bytes),
                    budget: claim_needle.budget,
                });
                for (offset, piece) in claim_needle.pieces {
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
        let mut patterns: Vec<(usize, Vec<u8>)> = piece_ids
            .into_iter()
            .map(|(piece, id)| (id, piece))
            .collect();
        patterns.sort_unstable();
        let piece_count = patterns.len();
        let automaton = if patterns.is_empty() {
            None
        } else {
            // A DFA: the fastest search, and with the compact alphabet's few byte classes its
            // tables stay small (a few MB at a thousand claims).
            AhoCorasickBuilder::new()
                .kind(Some(AhoCorasickKind::DFA))
                .match_kind(MatchKind::Standard)
                .build(patterns.iter().map(|(_, piece)| piece.as_slice()))
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
            verified,
            generation,
        } = scratch;
        // The last verification of each needle, for this article: the pieces of one needle
        // found in one place all ask the same question.
        *generation = generation.wrapping_add(1);
        if verified.len() != self.needles.len() || *generation == 0 {
            verified.clear();
            verified.resize(self.needles.len(), (0, 0, false));
            *generation = 1;
        }
        for found in automaton.find_overlapping_iter(&*bytes) {
            let pattern = found.pattern().as_usize();
            let (Some(&first), Some(&last)) = (
                positions.get(found.start()),
                positions.get(found.end().saturating_sub(1)),
            ) else {
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
                // Where the needle would start, aligned on this piece: what the region depends on.
                let aligned = found.start() as i64 - i64::from(offset);
                let near = match verified.get_mut(needle_id as usize) {
                    Some(slot) if slot.0 == *generation && slot.1 == aligned => slot.2,
                    Some(slot) => {
                        let near = needle_near(needle, bytes, found.start(), offset as usize);
                        *slot = (*generation, aligned, near);
                        near
                    }
                    None => needle_near(needle, bytes, found.start(), offset as usize),
                };
                if !near {
                    continue;
                }
                for &phrase in &needle.phrases {
                    out.push(Candidate {
                        claim: needle.claim,
                        phrase,
                        first: first as usize,
                        last: last as usize,
                    });
                }
            }
        }
    }
}

/// Whether the stream around a piece occurrence at stream position `at` (the piece being at
/// position `offset` of the needle) holds a substring within the needle's edit budget.
///
/// A matching window's characters start within `budget` of `at − offset` and are at most
/// `len + budget` long, so they lie in `at − offset − budget .. at − offset + len + 2·budget`.
fn needle_near(needle: &Needle, stream: &[u8], at: usize, offset: usize) -> bool {
    let len = needle.pattern.len();
    let start = at.saturating_sub(offset + needle.budget);
    let end = (at + len + 2 * needle.budget)
        .saturating_sub(offset)
        .min(stream.len());
    let Some(region) = stream.get(start..end) else {
        return true;
    };
    needle.pattern.within(region, needle.budget)
}

/// The one-byte code of a word character in the stream (see the module documentation).
pub fn compact(c: char) -> u8 {
    let code = u32::from(c);
    if code < 0x80 {
        code as u8
    } else if (0x0620..0x0660).contains(&code) {
        0x80 + (code - 0x0620) as u8
    } else {
        0xC0 | (code & 0x3F) as u8
    }
}

/// A needle prepared for Myers' bit-parallel approximate search (Hyyrö's formulation) over
/// the compact alphabet.
#[derive(Debug, Clone)]
struct BytePattern {
    len: usize,
    /// For each byte value, the bit set of its positions in the needle; `None` when the
    /// needle is longer than 64 bytes (then every occurrence passes).
    equal: Option<Box<[u64; 256]>>,
}

impl BytePattern {
    fn new(needle: &[u8]) -> BytePattern {
        let equal = (needle.len() <= 64).then(|| {
            let mut table = Box::new([0u64; 256]);
            for (i, &byte) in needle.iter().enumerate() {
                if let Some(bits) = table.get_mut(usize::from(byte)) {
                    *bits |= 1 << i;
                }
            }
            table
        });
        BytePattern {
            len: needle.len(),
            equal,
        }
    }

    fn len(&self) -> usize {
        self.len
    }

    /// The smallest edit distance between the needle and any substring of `text`; `None`
    /// when the needle is too long for one machine word. (The test of [`BytePattern::within`].)
    #[cfg(test)]
    fn best_substring_distance(&self, text: &[u8]) -> Option<usize> {
        let m = self.len;
        let equal = self.equal.as_ref()?;
        if m == 0 {
            return Some(0);
        }
        let mask = if m == 64 { u64::MAX } else { (1u64 << m) - 1 };
        let last = 1u64 << (m - 1);
        let mut vertical_plus = mask;
        let mut vertical_minus = 0u64;
        let mut distance = m;
        let mut best = m;
        for &byte in text {
            let eq = equal[usize::from(byte)];
            let x_vertical = eq | vertical_minus;
            let x_horizontal =
                ((eq & vertical_plus).wrapping_add(vertical_plus) ^ vertical_plus) | eq;
            let mut horizontal_plus = vertical_minus | !(x_horizontal | vertical_plus);
            let mut horizontal_minus = vertical_plus & x_horizontal;
            if horizontal_plus & last != 0 {
                distance += 1;
            } else if horizontal_minus & last != 0 {
                distance -= 1;
            }
            best = best.min(distance);
            // A match may start anywhere: the first row stays 0.
            horizontal_plus <<= 1;
            horizontal_minus <<= 1;
            vertical_plus = (horizontal_minus | !(x_vertical | horizontal_plus)) & mask;
            vertical_minus = horizontal_plus & x_vertical & mask;
        }
        Some(best)
    }

    /// Whether some substring of `text` is within `budget` edits of the needle: the same
    /// answer as `best_substring_distance(text) <= budget` (and `true` for a needle too long
    /// to check), stopping as soon as it is known — the distance at the end of the text can
    /// fall by at most one per character left.
    fn within(&self, text: &[u8], budget: usize) -> bool {
        let m = self.len;
        let Some(equal) = self.equal.as_ref() else {
            return true;
        };
        if m <= budget {
            return true;
        }
        let mask = if m == 64 { u64::MAX } else { (1u64 << m) - 1 };
        let last = 1u64 << (m - 1);
        let mut vertical_plus = mask;
        let mut vertical_minus = 0u64;
        let mut distance = m;
        for (column, &byte) in text.iter().enumerate() {
            let eq = equal[usize::from(byte)];
            let x_vertical = eq | vertical_minus;
            let x_horizontal =
                ((eq & vertical_plus).wrapping_add(vertical_plus) ^ vertical_plus) | eq;
            let mut horizontal_plus = vertical_minus | !(x_horizontal | vertical_plus);
            let mut horizontal_minus = vertical_plus & x_horizontal;
            if horizontal_plus & last != 0 {
                distance += 1;
            } else if horizontal_minus & last != 0 {
                distance -= 1;
            }
            if distance <= budget {
                return true;
            }
            let left = text.len() - column - 1;
            if distance > budget + left {
                return false;
            }
            horizontal_plus <<= 1;
            horizontal_minus <<= 1;
            vertical_plus = (horizontal_minus | !(x_vertical | horizontal_plus)) & mask;
            vertical_minus = horizontal_plus & x_vertical & mask;
        }
        false
    }
}

/// A needle of one claim before it is numbered: the anchors it stands for, its compact
/// bytes, its edit budget, and its pieces with their offsets.
struct ClaimNeedle {
    phrases: Vec<usize>,
    bytes: Vec<u8>,
    budget: usize,
    pieces: Vec<(usize, Vec<u8>)>,
}

/// The needles of a claim's anchors: every distinct word-character spelling of every
/// anchor's variants, once for all the anchors that have it (spaced and joined spellings, and
/// two anchors that differ only by a proclitic, share one), with the largest edit budget
/// among them. `None` when a needle cannot be cut into pieces of at least
/// [`MIN_PIECE_CHARS`].
fn needles_of(claim: &ClaimPhrases<'_>, stats: &PieceStats) -> Option<Vec<ClaimNeedle>> {
    let mut out: Vec<ClaimNeedle> = Vec::new();
    for (phrase_index, phrase) in claim.phrases.iter().enumerate() {
        for variant in phrase.variants() {
            let budget = max_edits(claim.threshold, variant.chars().count())?;
            let bytes: Vec<u8> = variant
                .chars()
                .filter(|&c| is_word_char(c))
                .map(compact)
                .collect();
            match out.iter_mut().find(|n| n.bytes == bytes) {
                Some(needle) => {
                    needle.budget = needle.budget.max(budget);
                    if !needle.phrases.contains(&phrase_index) {
                        needle.phrases.push(phrase_index);
                    }
                }
                None => out.push(ClaimNeedle {
                    phrases: vec![phrase_index],
                    bytes,
                    budget,
                    pieces: Vec::new(),
                }),
            }
        }
    }
    for needle in &mut out {
        needle.pieces = choose_pieces(&needle.bytes, needle.budget.checked_add(1)?, stats)?;
    }
    Some(out)
}

/// `count` disjoint pieces of `needle`, each at least [`MIN_PIECE_CHARS`] long, with their
/// offsets, chosen to make the fewest expected occurrences in all (dynamic programming over
/// where pieces start and end); `None` when `count` such pieces do not fit.
fn choose_pieces(needle: &[u8], count: usize, stats: &PieceStats) -> Option<Vec<(usize, Vec<u8>)>> {
    let len = needle.len();
    if count == 0 || count.checked_mul(MIN_PIECE_CHARS)? > len {
        return None;
    }
    // best[i][j]: the lowest cost of j pieces within needle[..i], and how it was reached.
    #[derive(Clone, Copy)]
    enum Step {
        Unreached,
        Skip,
        Piece(usize),
    }
    let mut best = vec![vec![(f64::INFINITY, Step::Unreached); count + 1]; len + 1];
    for row in best.iter_mut() {
        if let Some(cell) = row.get_mut(0) {
            *cell = (0.0, Step::Skip);
        }
    }
    for end in 1..=len {
        for pieces in 1..=count {
            let mut cell = match best.get(end - 1).and_then(|r| r.get(pieces)) {
                Some(&(cost, _)) => (cost, Step::Skip),
                None => (f64::INFINITY, Step::Unreached),
            };
            let latest_start = end.checked_sub(MIN_PIECE_CHARS);
            // No start at all when the piece would be shorter than the minimum.
            let starts = latest_start.map(|latest| 0..=latest).into_iter().flatten();
            for start in starts {
                let Some(&(before, _)) = best.get(start).and_then(|r| r.get(pieces - 1)) else {
                    continue;
                };
                let Some(piece) = needle.get(start..end) else {
                    continue;
                };
                let cost = before + stats.expected(piece);
                if cost < cell.0 {
                    cell = (cost, Step::Piece(start));
                }
            }
            if let Some(slot) = best.get_mut(end).and_then(|r| r.get_mut(pieces)) {
                *slot = cell;
            }
        }
    }
    // Walk back from the end.
    let mut out = Vec::with_capacity(count);
    let (mut end, mut pieces) = (len, count);
    while pieces > 0 {
        match best
            .get(end)
            .and_then(|r| r.get(pieces))
            .map(|&(_, step)| step)
        {
            Some(Step::Piece(start)) => {
                out.push((start, needle.get(start..end)?.to_vec()));
                end = start;
                pieces -= 1;
            }
            Some(Step::Skip) if end > 0 => end -= 1,
            _ => return None,
        }
    }
    out.reverse();
    Some(out)
}

/// How often pieces occur: counted in a sample of the corpus, or guessed from their length.
struct PieceStats {
    /// Occurrences of every substring of 2 to [`PieceStats::LONGEST`] bytes of the sample's
    /// stream, keyed by [`PieceStats::key`].
    counts: HashMap<u64, u32, FoldHash>,
    /// Whether there was a sample.
    sampled: bool,
}

impl PieceStats {
    /// The longest substring counted; longer pieces are estimated from their parts.
    const LONGEST: usize = 7;

    fn new(sample: Option<&str>) -> PieceStats {
        let mut counts: HashMap<u64, u32, FoldHash> = HashMap::default();
        let Some(sample) = sample else {
            return PieceStats {
                counts,
                sampled: false,
            };
        };
        let mut scratch = Scratch::default();
        scratch.build_stream(sample);
        let stream = &scratch.bytes;
        for start in 0..stream.len() {
            for len in MIN_PIECE_CHARS..=PieceStats::LONGEST {
                let Some(piece) = stream.get(start..start + len) else {
                    break;
                };
                *counts.entry(PieceStats::key(piece)).or_insert(0) += 1;
            }
        }
        PieceStats {
            counts,
            sampled: true,
        }
    }

    /// Up to seven bytes and their length in one number.
    fn key(piece: &[u8]) -> u64 {
        piece.iter().fold(piece.len() as u64, |key, &byte| {
            (key << 8) | u64::from(byte)
        })
    }

    /// Expected occurrences of `piece`, relative to other pieces: its count in the sample
    /// (the count of its rarest part for long pieces), plus one so that a piece the sample
    /// lacks still costs something; without a sample, fewer the longer it is.
    fn expected(&self, piece: &[u8]) -> f64 {
        if !self.sampled {
            return 30f64.powi(-(piece.len().min(12) as i32));
        }
        let count = piece
            .windows(piece.len().min(PieceStats::LONGEST))
            .map(|part| {
                self.counts
                    .get(&PieceStats::key(part))
                    .copied()
                    .unwrap_or(0)
            })
            .min()
            .unwrap_or(0);
        f64::from(count) + 1.0
    }
}

/// A fast hash for the piece counts (multiply and fold; the keys are not attacker-chosen in
/// any way that matters: the worst case is a slower count).
#[derive(Debug, Clone, Copy, Default)]
struct FoldHash;

impl std::hash::BuildHasher for FoldHash {
    type Hasher = FoldHasher;
    fn build_hasher(&self) -> FoldHasher {
        FoldHasher(0)
    }
}

#[derive(Debug, Clone, Copy)]
struct FoldHasher(u64);

impl std::hash::Hasher for FoldHasher {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        for &byte in bytes {
            self.write_u64(u64::from(byte));
        }
    }
    fn write_u64(&mut self, value: u64) {
        let mixed = (self.0 ^ value).wrapping_mul(0x9E37_79B9_7F4A_7C15);
        self.0 = mixed ^ (mixed >> 29);
    }
}

/// Buffers reused from one article to the next.
#[derive(Debug, Clone, Default)]
pub struct Scratch {
    /// The word characters of the folded text, in order, one [`compact`] byte each.
    bytes: Vec<u8>,
    /// For each byte of the stream, the byte offset of its character in the folded text.
    positions: Vec<u32>,
    /// Per needle: the article (by `generation`) and aligned start of its last verification,
    /// and the outcome.
    verified: Vec<(u32, i64, bool)>,
    /// Counts articles, so `verified` need not be cleared between them.
    generation: u32,
}

impl Scratch {
    fn build_stream(&mut self, folded: &str) {
        self.bytes.clear();
        self.positions.clear();
        self.bytes.reserve(folded.len() / 2);
        self.positions.reserve(folded.len() / 2);
        let table = word_char_table();
        let raw = folded.as_bytes();
        let mut at = 0;
        while let Some(&lead) = raw.get(at) {
            // ASCII and two-byte characters (Latin to Arabic) decoded by hand, the rest by
            // the standard library: the same characters, faster.
            let (c, width) = if lead < 0x80 {
                (char::from(lead), 1)
            } else if lead & 0xE0 == 0xC0
                && let Some(&next) = raw.get(at + 1)
            {
                let code = (u32::from(lead & 0x1F) << 6) | u32::from(next & 0x3F);
                (char::from_u32(code).unwrap_or('\u{FFFD}'), 2)
            } else {
                match folded.get(at..).and_then(|rest| rest.chars().next()) {
                    Some(c) => (c, c.len_utf8()),
                    None => break,
                }
            };
            let code = u32::from(c) as usize;
            let word = match table.get(code / 64) {
                Some(&bits) => bits & (1u64 << (code % 64)) != 0,
                None => is_word_char_slow(c),
            };
            if word {
                self.bytes.push(compact(c));
                self.positions.push(index_u32(at));
            }
            at += width;
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
    // NaN fails this comparison too, so a threshold that is not a number is unbounded.
    if threshold.partial_cmp(&0.0) != Some(std::cmp::Ordering::Greater) {
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
    fn stream_keeps_word_characters_in_order() {
        let folded = "قال: بيونغ-يانغ، 5,000 ﷺ ok é\u{0301}x";
        let mut scratch = Scratch::default();
        scratch.build_stream(folded);
        let expected: Vec<(u8, u32)> = folded
            .char_indices()
            .filter(|&(_, c)| is_word_char(c))
            .map(|(at, c)| (compact(c), at as u32))
            .collect();
        let found: Vec<(u8, u32)> = scratch
            .bytes
            .iter()
            .copied()
            .zip(scratch.positions.iter().copied())
            .collect();
        assert_eq!(found, expected);
    }

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
    fn approximate_search_finds_the_closest_substring() {
        let alphabet = b"abcdq";
        let mut state: u64 = 5;
        let mut next = |bound: usize| {
            state = state
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            (state >> 33) as usize % bound
        };
        for _ in 0..400 {
            let needle: Vec<u8> = (0..1 + next(12)).map(|_| alphabet[next(5)]).collect();
            let text: Vec<u8> = (0..next(16)).map(|_| alphabet[next(5)]).collect();
            let pattern = BytePattern::new(&needle);
            let found = pattern.best_substring_distance(&text).unwrap();
            for budget in 0..4 {
                assert_eq!(pattern.within(&text, budget), found <= budget);
            }
            let mut expected = needle.len();
            for i in 0..=text.len() {
                for j in i..=text.len() {
                    let a = String::from_utf8(text[i..j].to_vec()).unwrap();
                    let b = String::from_utf8(needle.clone()).unwrap();
                    expected = expected.min(strsim::levenshtein(&a, &b));
                }
            }
            assert_eq!(found, expected, "{needle:?} in {text:?}");
        }
    }

    #[test]
    fn compact_codes_keep_arabic_letters_apart() {
        let letters: Vec<u8> = ('\u{0621}'..='\u{064A}').map(compact).collect();
        let mut distinct = letters.clone();
        distinct.sort_unstable();
        distinct.dedup();
        assert_eq!(distinct.len(), letters.len());
        assert!(letters.iter().all(|&b| b >= 0x80));
        assert_eq!(compact('a'), b'a');
        assert_eq!(compact('7'), b'7');
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
        let needles = needles_of(&claim, &PieceStats::new(None)).unwrap();
        // One spelling once spaces are gone ("قذيفه مدفعيه" and "قذيفهمدفعيه"), 12
        // characters spaced: budget 2, three pieces.
        assert_eq!(needles.len(), 1);
        let needle = &needles[0];
        let expected: Vec<u8> = "قذيفهمدفعيه".chars().map(compact).collect();
        assert_eq!(needle.bytes, expected);
        assert_eq!(needle.budget, 2);
        assert_eq!(needle.pieces.len(), 3);
        assert_eq!(
            needle
                .pieces
                .iter()
                .flat_map(|(_, p)| p.clone())
                .collect::<Vec<u8>>(),
            expected
        );
        // Word punctuation is never inside a needle.
        let phrase = Phrase::new("5,000,000 shells").unwrap();
        let needles = needles_of(
            &ClaimPhrases {
                phrases: std::slice::from_ref(&phrase),
                threshold: 0.85,
            },
            &PieceStats::new(None),
        )
        .unwrap();
        assert!(needles.iter().all(|n| !n.bytes.contains(&b',')));
        // Too short for the budget: unfiltered.
        let phrase = Phrase::new("ab").unwrap();
        assert!(
            needles_of(
                &ClaimPhrases {
                    phrases: std::slice::from_ref(&phrase),
                    threshold: 0.3,
                },
                &PieceStats::new(None),
            )
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
