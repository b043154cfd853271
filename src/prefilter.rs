//! The prefilter: which windows of an article can possibly match an anchor, found for all
//! claims at once in one pass over the text.
//!
//! The reference matcher ([`crate::matcher::find_phrases`]) scores every window of every
//! clause against every anchor of every claim: exact, but its cost is claims × corpus. The
//! prefilter makes the cost grow with the corpus instead, and keeps the results identical: it
//! never drops a window that could score at least the claim's threshold, and the windows it
//! keeps are scored by the reference scoring ([`crate::matcher::find_phrases_in_windows`]).
//!
//! # Why it never misses a match
//!
//! **The budget.** A window's score is `1 − lev(a, b) / max(|a|, |b|)` for some spelling `a`
//! of the window and some variant `b` of the anchor (lengths in characters). Score ≥ t gives
//! `lev ≤ (1 − t)·max(|a|, |b|)`, and since `|a| ≤ |b| + lev`, `lev ≤ K = ⌊(1 − t)·|b| / t⌋`
//! (rounded up by a small margin against floating-point error).
//!
//! **The stream.** Word characters are letters, digits and combining marks: never a space or
//! the punctuation a word may contain (`5,000`, `Putin's`). The prefilter deletes everything
//! else from the folded text — what is left is the *stream* — and from each variant `b` — the
//! *needle* `b′`. Deleting the same kind of character from two strings never increases their
//! edit distance (an optimal alignment, with the deleted characters dropped from its columns,
//! costs no more), so `lev(a′, b′) ≤ K` for the word characters `a′` of a matching spelling.
//! Every word character of a clause lies in one of its words, and a spelling `a` is the
//! window's words joined by one space or by nothing, the first perhaps without a proclitic
//! (letters at its start): so `a′` is one stretch `stream[s..e]`, where `s` is at or after
//! the start of the window's first word and `e` is the end of its last word — a place where
//! a word can end: the next character of the folded text is no word character.
//!
//! **Pigeonhole.** The needle is cut into `K + 1` disjoint pieces. In an optimal alignment of
//! `a′` with `b′`, each of the at most `K` edits touches at most one piece, so some piece is
//! matched unchanged: it occurs in the stream inside `s..e`, at some `start..end`, and the
//! alignment splits there: the needle's bytes before the piece against `stream[s..start]`
//! and its bytes after the piece against `stream[end..e]`, with `K` edits at most in all.
//! One Aho-Corasick automaton finds every occurrence of every piece of every needle of every
//! claim in the stream (all occurrences, overlapping).
//!
//! **Verification.** Each piece occurrence is then checked exactly for that split (Myers'
//! bit-parallel edit distance, on each side of the piece): the fewest edits of the bytes
//! before the piece against stream text ending at `start`, `c₁`, plus the fewest of the bytes
//! after it against stream text starting at `end` and ending where a word can end, `c₂`, must
//! be at most `K`. A window
//! matched with this occurrence unchanged passes, since its own split costs at least
//! `c₁ + c₂`; an occurrence that fails stands for no matching window, and each matching window
//! keeps at least one occurrence that passes (its unchanged piece).
//!
//! **The span.** A passing occurrence also bounds the windows it stands for: `s` costs at most
//! `K − c₂` on its side, so `s` is at most the latest start `S` with that cost; likewise `e`
//! is at least the earliest end `E` where a word can end costing at most `K − c₁`. Every such window contains
//! `stream[S..E]` (which contains the piece), so the candidate is that whole span: the scanner
//! scores only the windows of the clause containing it, far fewer than those containing the
//! piece alone.
//!
//! **Families.** The spellings of one anchor with and without a proclitic, and two anchors
//! that differ by one (`X`, `وX`), are needles that end with one shorter needle, the family's
//! *base*. A family shares one set of `K_F + 1` pieces of its base, `K_F` the largest budget
//! among its members: they are disjoint pieces of every member too, whose budget is at most
//! `K_F`, so the pigeonhole holds for each. An occurrence is verified for the base within
//! `K_F` first: a member costs at least as much (its bytes before the piece end with the
//! base's — an alignment of the longer, restricted to the shorter, costs no more — and its
//! bytes after the piece are the base's), so a failure there is a failure for all; only then
//! is each member verified within its own budget, for its own span. One check instead of one
//! a member for the occurrences that fail, nearly all. A needle joins a family only when the
//! family's pieces, recut for the larger budget, are expected to occur less often than its
//! own would.
//!
//! **Compact alphabet.** The stream holds one byte per character: ASCII letters and digits as
//! themselves, the Arabic letters and marks `U+0620..U+0660` each on a byte of their own,
//! any other character on one of 64 shared bytes. Mapping both the text and the anchors
//! through the same many-to-one function can only make them look more alike (edit distance
//! never grows), so no match is lost; it halves the bytes the automaton reads for Arabic and
//! makes verification a table lookup per character.
//!
//! **Reading the original.** The stream is the same whether it is read from the folded text
//! or straight from the original ([`Prefilter::candidates_in_original`]): a table made from
//! the normaliser's own folding of each character of the common blocks
//! ([`crate::normalize::fold_alone`]) gives the byte each character adds (or none, for a
//! removed character and for harakat after a letter, whose cluster folds like the letter).
//! A character whose folding depends on its neighbours in any other way stops the reading,
//! and the text is folded first. Candidates read this way carry original offsets, so the
//! scanner folds only the lines that hold one.
//!
//! **Lanes.** The automaton's table is too large for the fastest cache, and every step needs
//! the last one's result; four runs over four parts of the stream, each starting early enough
//! to see every piece ending in its part, step together so their lookups overlap.
//!
//! A needle of more than 64 bytes is not verified (every occurrence of its pieces passes,
//! its span is the piece). An anchor whose pieces would be a single character, or that
//! cannot be cut into `K + 1` pieces at all (a low threshold, a very short anchor), would
//! make nearly every window a candidate: its claim is left *unfiltered* and scanned by the
//! reference matcher, clause by clause.

use crate::matcher::Phrase;
use crate::normalize::{self, AloneFold};
use aho_corasick::automaton::{Automaton, StateID};
use aho_corasick::dfa::DFA;
use aho_corasick::nfa::contiguous;
use aho_corasick::{Anchored, MatchKind, StartKind};
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

/// A verified piece occurrence: a claim's anchor may match a window containing folded bytes
/// `first..=last`, and no window matching the anchor with this occurrence unchanged lacks them
/// (see the module documentation).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Candidate {
    /// Index of the claim in the list the prefilter was built from.
    pub claim: u32,
    /// Index of the anchor in the claim's phrases.
    pub phrase: u32,
    /// Byte offset of the first character of the span (at or before the piece), in the text
    /// searched: the folded text, or the original for [`Prefilter::candidates_in_original`].
    pub first: usize,
    /// Byte offset of the last character of the span (at or after the piece), in the same
    /// text.
    pub last: usize,
}

/// One anchor spelling as the prefilter looks for it: its word characters only (the
/// *needle*), and the claim and anchors it stands for.
#[derive(Debug, Clone)]
struct Needle {
    claim: u32,
    /// The claim's anchors that have this spelling.
    phrases: Vec<u32>,
}

/// A needle of a family (see [`ClaimFamily`]), with what verifying it needs.
#[derive(Debug, Clone, Copy)]
struct Member {
    /// Index of the needle in [`Prefilter::needles`].
    needle: u32,
    /// Where the needle's rows start in [`Prefilter::rows`]; [`NO_ROWS`] when the needle is
    /// longer than 64 bytes (then every occurrence passes verification).
    rows: u32,
    /// Bytes of the needle before the family's base (which it ends with).
    prefix: u8,
    /// Most edits a matching window's word characters can be away from the needle.
    budget: u8,
}

/// A piece of a family's base, with what verifying an occurrence of it needs.
#[derive(Debug, Clone, Copy)]
struct Target {
    /// Index of the family in [`Prefilter::families`].
    family: u32,
    /// Where the base's rows start in [`Prefilter::rows`]; [`NO_ROWS`] when the base is
    /// longer than 64 bytes.
    rows: u32,
    /// Bytes of the base before the piece.
    before: u8,
    /// Bytes of the base after the piece.
    after: u8,
    /// The largest budget among the family's needles.
    budget: u8,
}

/// [`Target::rows`] of a needle too long to verify.
const NO_ROWS: u32 = u32::MAX;

/// The automaton that finds the pieces.
#[derive(Debug, Clone)]
enum Finder {
    /// A DFA: one table lookup a byte, the fastest search (a few MB at a thousand claims:
    /// the compact alphabet leaves few byte classes).
    Dfa(DFA),
    /// A contiguous NFA, smaller and slower: when the DFA cannot be built.
    Nfa(contiguous::NFA),
}

/// The pieces of every anchor of every claim, in one automaton.
#[derive(Debug, Clone)]
pub struct Prefilter {
    /// Finds the pieces; `None` when there are none.
    automaton: Option<Finder>,
    /// Length in bytes of each piece, by pattern id.
    piece_lengths: Vec<u32>,
    /// The longest of them.
    longest_piece: usize,
    /// For pattern `i`, `targets[target_starts[i]..target_starts[i + 1]]` are the families it
    /// is a piece of.
    target_starts: Vec<u32>,
    targets: Vec<Target>,
    /// The needles of each family, its base first.
    families: Vec<Vec<Member>>,
    needles: Vec<Needle>,
    /// The byte class of every byte: 0 for a byte no needle holds, one class for each byte
    /// some needle holds.
    classes: Box<[u8; 256]>,
    /// Number of byte classes.
    class_count: usize,
    /// How each character of an original text reads into the stream (with `classes`
    /// applied).
    reader: OriginalReader,
    /// For needle `n` and class `c`, `rows[n.rows + c]` has bit `i` set when byte `i` of
    /// the needle is in class `c` (Myers' match vectors, one row per class).
    rows: Vec<u64>,
    /// Claims the prefilter cannot narrow: scan them with the reference matcher.
    unfiltered: Vec<bool>,
    /// Whether `unfiltered` holds any.
    any_unfiltered: bool,
    /// Number of distinct pieces.
    piece_count: usize,
}

impl Prefilter {
    /// Cuts every anchor of every claim into pieces and builds the automaton, choosing
    /// pieces whose letters are rare in the anchors themselves, with no sample of the corpus
    /// to go by (twice as slow a scan as with one, at a thousand claims).
    pub fn new(claims: &[ClaimPhrases<'_>]) -> Prefilter {
        Prefilter::with_sample(claims, None)
    }

    /// [`Prefilter::new`], choosing each anchor's pieces to be as rare as possible in
    /// `sample` (folded text, e.g. a few articles of the corpus; 256 KB is plenty, a few KB
    /// already help). The sample only changes speed: any choice of pieces finds every match.
    pub fn with_sample(claims: &[ClaimPhrases<'_>], sample: Option<&str>) -> Prefilter {
        Prefilter::build(claims, sample, true)
    }

    /// [`Prefilter::with_sample`]; `dfa`: try a DFA first (otherwise a contiguous NFA only).
    fn build(claims: &[ClaimPhrases<'_>], sample: Option<&str>, dfa: bool) -> Prefilter {
        // The needles' bytes: letter frequencies for choosing pieces when the sample is small.
        let fallback: Vec<u8> = claims
            .iter()
            .filter_map(needles_of)
            .flatten()
            .flat_map(|needle| needle.bytes)
            .collect();
        let stats = PieceStats::new(sample, &fallback);
        let mut piece_ids: HashMap<Vec<u8>, usize> = HashMap::new();
        let mut piece_targets: Vec<Vec<Target>> = Vec::new();
        let mut needles: Vec<Needle> = Vec::new();
        // The needles short enough to verify (at most 64 bytes), numbered by `Target::rows`.
        let mut verifiable_needles: Vec<Vec<u8>> = Vec::new();
        // Which bytes some needle holds.
        let mut needle_bytes = [false; 256];
        let mut unfiltered = vec![false; claims.len()];
        let mut families: Vec<Vec<Member>> = Vec::new();
        for (claim_index, claim) in claims.iter().enumerate() {
            let Some(claim_families) = families_of(claim, &stats) else {
                if let Some(slot) = unfiltered.get_mut(claim_index) {
                    *slot = true;
                }
                continue;
            };
            for claim_family in claim_families {
                let family_id = index_u32(families.len());
                let Some(base_length) = claim_family.members.first().map(|m| m.bytes.len()) else {
                    continue;
                };
                let mut members = Vec::with_capacity(claim_family.members.len());
                for claim_needle in claim_family.members {
                    for &byte in &claim_needle.bytes {
                        if let Some(seen) = needle_bytes.get_mut(usize::from(byte)) {
                            *seen = true;
                        }
                    }
                    let rows = if claim_needle.bytes.len() <= 64 {
                        verifiable_needles.push(claim_needle.bytes.clone());
                        index_u32(verifiable_needles.len() - 1)
                    } else {
                        NO_ROWS
                    };
                    members.push(Member {
                        needle: index_u32(needles.len()),
                        rows,
                        prefix: u8::try_from(claim_needle.bytes.len() - base_length)
                            .unwrap_or(u8::MAX),
                        budget: u8::try_from(claim_needle.budget).unwrap_or(u8::MAX),
                    });
                    needles.push(Needle {
                        claim: index_u32(claim_index),
                        phrases: claim_needle.phrases.iter().map(|&p| index_u32(p)).collect(),
                    });
                }
                let base_rows = members.first().map_or(NO_ROWS, |m| m.rows);
                families.push(members);
                for (offset, piece) in claim_family.pieces {
                    let target = Target {
                        family: family_id,
                        rows: base_rows,
                        before: u8::try_from(offset).unwrap_or(u8::MAX),
                        after: u8::try_from(base_length - offset - piece.len()).unwrap_or(u8::MAX),
                        budget: u8::try_from(claim_family.budget).unwrap_or(u8::MAX),
                    };
                    let next_id = piece_targets.len();
                    let id = *piece_ids.entry(piece).or_insert(next_id);
                    if id == next_id {
                        piece_targets.push(Vec::new());
                    }
                    if let Some(list) = piece_targets.get_mut(id) {
                        list.push(target);
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
        let piece_lengths: Vec<u32> = patterns
            .iter()
            .map(|(_, piece)| index_u32(piece.len()))
            .collect();
        let (classes, class_count) = byte_classes(&needle_bytes);
        // The automaton reads the stream as byte classes: one class for each byte a needle
        // holds, so the pieces are found exactly where they occur.
        let class_patterns: Vec<Vec<u8>> = patterns
            .iter()
            .map(|(_, piece)| piece.iter().map(|&b| classes[usize::from(b)]).collect())
            .collect();
        let automaton = if patterns.is_empty() {
            None
        } else {
            let pieces = || class_patterns.iter().map(|piece| piece.as_slice());
            let nfa = || {
                contiguous::NFA::builder()
                    .match_kind(MatchKind::Standard)
                    .prefilter(false)
                    .build(pieces())
                    .map(Finder::Nfa)
                    .ok()
            };
            if dfa {
                DFA::builder()
                    .match_kind(MatchKind::Standard)
                    .start_kind(StartKind::Unanchored)
                    .prefilter(false)
                    .byte_classes(true)
                    .build(pieces())
                    .map(Finder::Dfa)
                    .ok()
                    .or_else(nfa)
            } else {
                nfa()
            }
        };
        // Building can only fail on limits far beyond any claim set; then filter nothing.
        if automaton.is_none() && piece_count > 0 {
            unfiltered.iter_mut().for_each(|u| *u = true);
        }
        let rows = match_rows(&verifiable_needles, &classes, class_count);
        // Rows are numbered by needle; make them offsets into `rows`.
        let offset = |rows: &mut u32| {
            if *rows != NO_ROWS {
                *rows = index_u32(*rows as usize * class_count);
            }
        };
        for target in piece_targets.iter_mut().flatten() {
            offset(&mut target.rows);
        }
        for member in families.iter_mut().flatten() {
            offset(&mut member.rows);
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
            longest_piece: piece_lengths.iter().max().map_or(0, |&l| l as usize),
            piece_lengths,
            target_starts,
            targets,
            families,
            needles,
            reader: OriginalReader::new(&classes),
            classes,
            class_count,
            rows,
            any_unfiltered: unfiltered.contains(&true),
            unfiltered,
            piece_count,
        }
    }

    /// Whether claim `claim` must be scanned by the reference matcher (its anchors cannot be
    /// cut into useful pieces).
    pub fn is_unfiltered(&self, claim: usize) -> bool {
        self.unfiltered.get(claim).copied().unwrap_or(true)
    }

    /// Whether any claim must be scanned by the reference matcher: the same as
    /// [`Prefilter::is_unfiltered`] over every claim, without going through them.
    pub fn any_unfiltered(&self) -> bool {
        self.any_unfiltered
    }

    /// Number of distinct pieces in the automaton.
    pub fn piece_count(&self) -> usize {
        self.piece_count
    }

    /// Every piece occurrence in the folded text `folded` whose surroundings hold the whole
    /// needle within its edit budget, appended to `out` (in no particular order) with the
    /// span of the text every matching window it stands for contains. `scratch` holds
    /// reusable buffers.
    pub fn candidates(&self, folded: &str, scratch: &mut Scratch, out: &mut Vec<Candidate>) {
        if self.automaton.is_none() {
            return;
        }
        scratch.build_stream(folded, &self.classes);
        self.stream_candidates(scratch, out);
    }

    /// [`Prefilter::candidates`] of `normalize(original).text`, read straight from the
    /// original without folding it: the same candidates, with offsets in the original (of the
    /// characters the folded ones come from) instead of the folded text. Returns `false`
    /// (with `out` as it was) when the original needs the full normaliser (a combining mark
    /// other than harakat, a character outside the common blocks); then fold it and call
    /// [`Prefilter::candidates`].
    ///
    /// Most articles hold no candidate at all, and this way they are never folded; the
    /// others need only the lines holding a candidate folded
    /// ([`crate::normalize::normalize_lines`]).
    pub fn candidates_in_original(
        &self,
        original: &str,
        scratch: &mut Scratch,
        out: &mut Vec<Candidate>,
    ) -> bool {
        if self.automaton.is_none() {
            return true;
        }
        if !scratch.build_stream_from_original(original, &self.reader) {
            return false;
        }
        self.stream_candidates(scratch, out);
        true
    }

    /// The candidates of the stream in `scratch`.
    fn stream_candidates(&self, scratch: &mut Scratch, out: &mut Vec<Candidate>) {
        match &self.automaton {
            Some(Finder::Dfa(dfa)) => self.candidates_with(dfa, scratch, out),
            Some(Finder::Nfa(nfa)) => self.candidates_with(nfa, scratch, out),
            None => {}
        }
    }

    /// [`Prefilter::stream_candidates`] with the automaton at hand: one byte at a time, every
    /// piece that ends there.
    fn candidates_with<A: Automaton>(
        &self,
        automaton: &A,
        scratch: &mut Scratch,
        out: &mut Vec<Candidate>,
    ) {
        let Ok(start_state) = automaton.start_state(Anchored::No) else {
            return;
        };
        let Scratch {
            bytes,
            positions,
            ends,
            last_spans,
            generation,
            lanes,
            piece_ends,
        } = scratch;
        // The last span given for each needle, in this article: the pieces of one place in
        // the text often give the same span, and once is enough.
        *generation = generation.wrapping_add(1);
        if last_spans.len() != self.needles.len() || *generation == 0 {
            last_spans.clear();
            last_spans.resize(self.needles.len(), (0, 0, 0));
            *generation = 1;
        }
        let generation = *generation;
        find_piece_ends(
            automaton,
            start_state,
            bytes,
            self.longest_piece.saturating_sub(1),
            lanes,
            piece_ends,
        );
        for &(end, state) in piece_ends.iter() {
            for index in 0..automaton.match_len(state) {
                let pattern = automaton.match_pattern(state, index).as_usize();
                let (Some(&piece_length), Some(&from), Some(&to)) = (
                    self.piece_lengths.get(pattern),
                    self.target_starts.get(pattern),
                    self.target_starts.get(pattern + 1),
                ) else {
                    continue;
                };
                let Some(targets) = self.targets.get(from as usize..to as usize) else {
                    continue;
                };
                let start = end.saturating_sub(piece_length as usize);
                for target in targets {
                    if !self.family_passes(target, bytes, ends, start, end) {
                        continue;
                    }
                    let Some(members) = self.families.get(target.family as usize) else {
                        continue;
                    };
                    for member in members {
                        let Some((span_start, span_end)) =
                            self.member_span(target, member, bytes, ends, start, end)
                        else {
                            continue;
                        };
                        let needle_id = member.needle as usize;
                        match last_spans.get_mut(needle_id) {
                            Some(last) if *last == (generation, span_start, span_end) => continue,
                            Some(last) => *last = (generation, span_start, span_end),
                            None => {}
                        }
                        let (Some(needle), Some(&first), Some(&last)) = (
                            self.needles.get(needle_id),
                            positions.get(span_start),
                            positions.get(span_end.saturating_sub(1)),
                        ) else {
                            continue;
                        };
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
    }

    /// Whether an occurrence at `start..end` of the stream (`stream` holds the byte classes)
    /// of a piece of `target`'s family base leaves the base within the family's largest
    /// budget, with this occurrence matched unchanged: when it does not, no needle of the
    /// family matches with it (see the module documentation).
    fn family_passes(
        &self,
        target: &Target,
        stream: &[u8],
        ends: &[bool],
        start: usize,
        end: usize,
    ) -> bool {
        let before = usize::from(target.before);
        match self.sides(target.rows, stream, ends, start..end, before, target) {
            Some(sides) => sides.passes(usize::from(target.budget)),
            None => true,
        }
    }

    /// Verifies the occurrence for one needle of the family: the stream must hold the whole
    /// needle within its own budget with this occurrence matched unchanged. Returns the stream
    /// span every window so matched contains, or `None` when there is no such window.
    fn member_span(
        &self,
        target: &Target,
        member: &Member,
        stream: &[u8],
        ends: &[bool],
        start: usize,
        end: usize,
    ) -> Option<(usize, usize)> {
        let before = usize::from(member.prefix) + usize::from(target.before);
        match self.sides(member.rows, stream, ends, start..end, before, target) {
            Some(sides) => sides.span(usize::from(member.budget)),
            None => Some((start, end)),
        }
    }

    /// The check of a piece occurrence at `piece` for the needle whose rows start at `rows`
    /// in [`Prefilter::rows`], `before` of its bytes before the piece and the target's after
    /// it; `None` for a needle that is not verified ([`NO_ROWS`]).
    fn sides<'a>(
        &'a self,
        rows: u32,
        stream: &'a [u8],
        ends: &'a [bool],
        piece: std::ops::Range<usize>,
        before: usize,
        target: &Target,
    ) -> Option<Sides<'a>> {
        if rows == NO_ROWS {
            return None;
        }
        let first_row = rows as usize;
        let rows = self.rows.get(first_row..first_row + self.class_count)?;
        Some(Sides::new(
            rows,
            stream,
            ends,
            piece,
            before,
            usize::from(target.after),
        ))
    }
}

/// Independent runs of the automaton over one stream, stepped together.
///
/// Each step of the automaton looks its next state up in a table too large for the fastest
/// cache (hundreds of KB for 100 claims), and the next step needs the result: one run waits
/// on memory at every byte. Runs over different parts of the stream do not wait on each
/// other, so stepping four of them together keeps four lookups in flight.
const LANES: usize = 4;

/// Streams shorter than this many bytes a lane are read in one run.
const MIN_LANE_BYTES: usize = 64;

/// Every end of a piece in `stream`, in order, with the automaton's state there (which tells
/// the pieces), into `out`; `overlap` is one less than the longest piece.
///
/// The stream is cut into [`LANES`] parts read together: a lane reports the pieces ending in
/// its part, and starts reading `overlap` bytes before it, so that it sees every such piece
/// whole. The state it reaches at a piece end is the one a single run reaches: the longest
/// stretch ending there that begins some piece is no longer than the longest piece, so it
/// lies within what the lane has read.
fn find_piece_ends<A: Automaton>(
    automaton: &A,
    start: StateID,
    stream: &[u8],
    overlap: usize,
    lanes: &mut [Vec<(usize, StateID)>; LANES],
    out: &mut Vec<(usize, StateID)>,
) {
    out.clear();
    let length = stream.len();
    if length < LANES * MIN_LANE_BYTES || overlap >= length / LANES {
        let mut state = start;
        for (at, &byte) in stream.iter().enumerate() {
            state = automaton.next_state(Anchored::No, state, byte);
            if automaton.is_special(state) && automaton.is_match(state) {
                out.push((at + 1, state));
            }
        }
        return;
    }
    // Lane `l` reports the ends in `bounds[l] + 1..=bounds[l + 1]`.
    let bounds: [usize; LANES + 1] = std::array::from_fn(|lane| lane * length / LANES);
    let mut at: [usize; LANES] = std::array::from_fn(|lane| bounds[lane].saturating_sub(overlap));
    let stop: [usize; LANES] = std::array::from_fn(|lane| bounds[lane + 1]);
    let mut state = [start; LANES];
    for found in lanes.iter_mut() {
        found.clear();
    }
    // One step of lane `lane`, reporting a piece end in its part; `false` at the end of the
    // stream.
    let mut step = |lane: usize, at: &mut [usize; LANES], state: &mut [StateID; LANES]| {
        let Some(&byte) = stream.get(at[lane]) else {
            return false;
        };
        state[lane] = automaton.next_state(Anchored::No, state[lane], byte);
        at[lane] += 1;
        if automaton.is_special(state[lane])
            && automaton.is_match(state[lane])
            && at[lane] > bounds[lane]
        {
            lanes[lane].push((at[lane], state[lane]));
        }
        true
    };
    // The first lane is the shortest (nothing before it to read): all lanes have this many.
    let together = stop[0] - at[0];
    for _ in 0..together {
        for lane in 0..LANES {
            step(lane, &mut at, &mut state);
        }
    }
    for lane in 0..LANES {
        while at[lane] < stop[lane] && step(lane, &mut at, &mut state) {}
    }
    for lane in lanes.iter() {
        out.extend_from_slice(lane);
    }
}

/// The two sides of a piece occurrence at `start..end` of the stream: the needle's
/// `before` bytes must end exactly at `start`, its `after` bytes start exactly at `end`.
struct Sides<'a> {
    /// The needle's rows, one per byte class.
    rows: &'a [u64],
    /// The stream, as byte classes.
    stream: &'a [u8],
    start: usize,
    end: usize,
    before: usize,
    after: usize,
    /// Position in the needle of the first byte after the piece.
    shift: usize,
    /// For each byte of the stream, whether a word can end with it.
    ends: &'a [bool],
}

impl<'a> Sides<'a> {
    /// The check of a piece occurrence at `piece` of the stream for a needle with `before`
    /// bytes before the piece and `after` after it.
    fn new(
        rows: &'a [u64],
        stream: &'a [u8],
        ends: &'a [bool],
        piece: std::ops::Range<usize>,
        before: usize,
        after: usize,
    ) -> Sides<'a> {
        Sides {
            rows,
            stream,
            start: piece.start,
            end: piece.end,
            before,
            after,
            shift: before + piece.len(),
            ends,
        }
    }

    fn row(&self, class: u8) -> u64 {
        self.rows.get(usize::from(class)).copied().unwrap_or(0)
    }

    /// The match bits of the needle's bytes after the piece (unmasked) for a byte of class
    /// `class`; none when there are no bytes after the piece.
    fn after_bits(&self, class: u8) -> u64 {
        let shift = u32::try_from(self.shift).unwrap_or(u32::MAX);
        self.row(class).checked_shr(shift).unwrap_or(0)
    }

    /// Whether a window's word characters can end at stream position `at`: a word ends
    /// with the byte before it.
    fn may_end_at(&self, at: usize) -> bool {
        at.checked_sub(1)
            .and_then(|last| self.ends.get(last))
            .copied()
            .unwrap_or(false)
    }

    /// Whether the two sides cost at most `budget` edits in all; the cheap test, most
    /// occurrences fail it.
    fn passes(&self, budget: usize) -> bool {
        // The longer side first: a side can only fail alone when it is longer than the
        // budget, and a side no longer than what the other leaves cannot fail at all.
        if self.before >= self.after {
            let Some(before_cost) = self.before_cost(budget) else {
                return false;
            };
            self.after_within(budget - before_cost)
        } else {
            let Some(after_cost) = self.after_cost(budget) else {
                return false;
            };
            self.before <= budget - after_cost || self.before_cost(budget - after_cost).is_some()
        }
    }

    /// When the two sides cost at most `budget` edits in all, the stream span every window
    /// so matched contains: from the latest start the before side allows to the earliest end
    /// the after side allows (see the module documentation).
    fn span(&self, budget: usize) -> Option<(usize, usize)> {
        if !self.passes(budget) {
            return None;
        }
        let before_cost = self.before_cost(budget)?;
        let after_cost = self.after_cost(budget)?;
        let span_start = self.latest_start(budget.checked_sub(after_cost)?);
        let span_end = self.earliest_end(budget.checked_sub(before_cost)?)?;
        Some((span_start, span_end))
    }

    /// The fewest edits between the needle's bytes before the piece and stream text ending
    /// exactly at `start`, if at most `budget`.
    fn before_cost(&self, budget: usize) -> Option<usize> {
        if self.before == 0 {
            return Some(0);
        }
        // A substring within `budget` edits starts no earlier than this.
        let from = self.start.saturating_sub(self.before + budget);
        let text = self.stream.get(from..self.start)?;
        let mask = low_bits(self.before);
        let mut columns = Columns::new(self.before);
        for (column, &class) in text.iter().enumerate() {
            columns.advance(self.row(class) & mask, false);
            // The distance at the end falls by at most one a byte.
            if columns.distance > budget + (text.len() - column - 1) {
                return None;
            }
        }
        (columns.distance <= budget).then_some(columns.distance)
    }

    /// The stream text after the piece that the needle's bytes after it may match: a
    /// match within `budget` edits is at most `after + budget` bytes long.
    fn after_text(&self, budget: usize) -> Option<&[u8]> {
        let to = (self.end + self.after + budget).min(self.stream.len());
        self.stream.get(self.end..to)
    }

    /// The fewest edits between the needle's bytes after the piece and stream text starting
    /// exactly at `end` and ending where a word can end, if at most `budget`.
    fn after_cost(&self, budget: usize) -> Option<usize> {
        let text = self.after_text(budget)?;
        let mask = low_bits(self.after);
        let mut columns = Columns::new(self.after);
        // Text of `column` bytes costs at least `after − column` (deletions), at most
        // `column` more than that: the empty text costs `after`.
        let mut best = if self.may_end_at(self.end) {
            self.after
        } else {
            usize::MAX
        };
        for (column, &class) in text.iter().enumerate() {
            columns.advance(self.after_bits(class) & mask, true);
            if self.may_end_at(self.end + column + 1) {
                best = best.min(columns.distance);
            }
            if best > budget && columns.distance > budget + (text.len() - column - 1) {
                return None;
            }
        }
        (best <= budget).then_some(best)
    }

    /// Whether the needle's bytes after the piece are within `budget` edits of stream text
    /// starting exactly at `end` and ending where a word can end; stops at the first such
    /// text.
    fn after_within(&self, budget: usize) -> bool {
        self.earliest_end(budget).is_some()
    }

    /// The end of the shortest stream text starting at `end`, ending where a word can end,
    /// within `budget` edits of the needle's bytes after the piece.
    fn earliest_end(&self, budget: usize) -> Option<usize> {
        if self.after <= budget && self.may_end_at(self.end) {
            return Some(self.end);
        }
        let text = self.after_text(budget)?;
        let mask = low_bits(self.after);
        let mut columns = Columns::new(self.after);
        for (column, &class) in text.iter().enumerate() {
            columns.advance(self.after_bits(class) & mask, true);
            if columns.distance <= budget && self.may_end_at(self.end + column + 1) {
                return Some(self.end + column + 1);
            }
            if columns.distance > budget + (text.len() - column - 1) {
                return None;
            }
        }
        None
    }

    /// The start of the shortest stream text ending at `start` within `budget` edits of the
    /// needle's bytes before the piece (the needle read backwards against the text read
    /// backwards); `start` itself when none is found, which only makes the span shorter.
    fn latest_start(&self, budget: usize) -> usize {
        if self.before <= budget {
            return self.start;
        }
        let mask = low_bits(self.before);
        let mut columns = Columns::new(self.before);
        let reach = (self.before + budget).min(self.start);
        for back in 1..=reach {
            let Some(&class) = self.stream.get(self.start - back) else {
                break;
            };
            let reversed = (self.row(class) & mask).reverse_bits() >> (64 - self.before);
            columns.advance(reversed, true);
            if columns.distance <= budget {
                return self.start - back;
            }
        }
        self.start
    }
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

/// The lowest `bits` bits set (`bits` from 1 to 64).
fn low_bits(bits: usize) -> u64 {
    if bits >= 64 {
        u64::MAX
    } else {
        (1u64 << bits) - 1
    }
}

/// One column of the edit-distance matrix between a pattern of at most 64 bytes and a text,
/// as bit vectors (Myers' algorithm in Hyyrö's formulation).
#[derive(Debug, Clone, Copy)]
struct Columns {
    /// Rows where the distance grows by one going down the column.
    plus: u64,
    /// Rows where it shrinks by one.
    minus: u64,
    mask: u64,
    last: u64,
    /// The distance in the last row: between the whole pattern and the text so far.
    distance: usize,
}

impl Columns {
    /// The column before any text, for a pattern of `length` bytes (1 to 64).
    fn new(length: usize) -> Columns {
        let mask = low_bits(length);
        Columns {
            plus: mask,
            minus: 0,
            mask,
            last: 1u64 << (length.clamp(1, 64) - 1),
            distance: length,
        }
    }

    /// Moves one byte of text on; `equal` has bit `i` set when pattern byte `i` equals it.
    /// `anchored`: the match starts at the first byte of text (the first row grows by one
    /// per byte); otherwise it may start anywhere (the first row stays 0).
    #[inline]
    fn advance(&mut self, equal: u64, anchored: bool) {
        let x_vertical = equal | self.minus;
        let x_horizontal = ((equal & self.plus).wrapping_add(self.plus) ^ self.plus) | equal;
        let mut horizontal_plus = self.minus | !(x_horizontal | self.plus);
        let mut horizontal_minus = self.plus & x_horizontal;
        // Branch-free: which way the last row moves depends on the text.
        self.distance = self
            .distance
            .wrapping_add(usize::from(horizontal_plus & self.last != 0))
            .wrapping_sub(usize::from(horizontal_minus & self.last != 0));
        horizontal_plus = (horizontal_plus << 1) | u64::from(anchored);
        horizontal_minus <<= 1;
        self.plus = (horizontal_minus | !(x_vertical | horizontal_plus)) & self.mask;
        self.minus = horizontal_plus & x_vertical & self.mask;
    }
}

/// The byte classes of the needles: class 0 stands for every byte no needle holds
/// (`present[byte]` false); each byte some needle holds has a class of its own (needles hold
/// word characters only, at most 190 distinct bytes; were there more than 255, every byte
/// would be its own class). Returns the class of every byte and the number of classes.
fn byte_classes(present: &[bool; 256]) -> (Box<[u8; 256]>, usize) {
    let mut classes = Box::new([0u8; 256]);
    let distinct = present.iter().filter(|&&p| p).count();
    if distinct < 256 {
        let mut next = 1u8;
        for (byte, _) in present.iter().enumerate().filter(|(_, p)| **p) {
            classes[byte] = next;
            next = next.wrapping_add(1);
        }
        (classes, distinct + 1)
    } else {
        for (byte, class) in classes.iter_mut().enumerate() {
            *class = byte as u8;
        }
        (classes, 256)
    }
}

/// Each needle's rows, `class_count` a needle in order: for each byte class, the bit set of
/// the needle's positions holding it (Myers' match vectors).
fn match_rows(needles: &[Vec<u8>], classes: &[u8; 256], class_count: usize) -> Vec<u64> {
    let mut rows = vec![0u64; needles.len() * class_count];
    for (index, needle) in needles.iter().enumerate() {
        for (position, &byte) in needle.iter().enumerate().take(64) {
            let class = usize::from(classes[usize::from(byte)]);
            if let Some(row) = rows.get_mut(index * class_count + class) {
                *row |= 1 << position;
            }
        }
    }
    rows
}

/// A needle of one claim before it is numbered: the anchors it stands for, its compact
/// bytes and its edit budget.
struct ClaimNeedle {
    phrases: Vec<usize>,
    bytes: Vec<u8>,
    budget: usize,
}

/// Needles of one claim that all end with the first, the *base* — the spellings of one
/// anchor with and without a proclitic (`والقمه`, `القمه`, `قمه`), two anchors that differ by
/// one (`X`, `وX`) — found through one set of pieces: `budget + 1` pieces of the base for the
/// largest budget among them, which are pieces of every member too.
struct ClaimFamily {
    members: Vec<ClaimNeedle>,
    budget: usize,
    pieces: Vec<(usize, Vec<u8>)>,
    /// Expected occurrences of the pieces (see [`PieceStats::expected`]).
    cost: f64,
}

/// The needles of a claim's anchors: every distinct word-character spelling of every
/// anchor's variants, once for all the anchors that have it (spaced and joined spellings, and
/// two anchors that differ only by a proclitic, share one), with the largest edit budget
/// among them. `None` when a budget is unbounded.
fn needles_of(claim: &ClaimPhrases<'_>) -> Option<Vec<ClaimNeedle>> {
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
                }),
            }
        }
    }
    Some(out)
}

/// The claim's needles grouped into families, each with its pieces. Shortest needles first,
/// each joins the family (whose base it ends with) where it adds the fewest expected piece
/// occurrences — none when its budget is no larger — or starts its own when that costs less.
/// `None` when a needle cannot be cut into `budget + 1` pieces of at least
/// [`MIN_PIECE_CHARS`] on its own: the claim is left unfiltered.
fn families_of(claim: &ClaimPhrases<'_>, stats: &PieceStats) -> Option<Vec<ClaimFamily>> {
    let mut needles = needles_of(claim)?;
    needles.sort_by_key(|n| n.bytes.len());
    let mut families: Vec<ClaimFamily> = Vec::new();
    for needle in needles {
        let alone = choose_pieces(&needle.bytes, needle.budget.checked_add(1)?, stats)?;
        let alone_cost = pieces_cost(&alone, stats);
        // The cheapest family to join: (index, added cost, new pieces if they change).
        let mut best: Option<(usize, f64, Option<Pieces>)> = None;
        for (index, family) in families.iter().enumerate() {
            let Some(base) = family.members.first() else {
                continue;
            };
            if !needle.bytes.ends_with(&base.bytes) {
                continue;
            }
            let (added, pieces) = if needle.budget <= family.budget {
                (0.0, None)
            } else {
                let Some(pieces) = choose_pieces(&base.bytes, needle.budget + 1, stats) else {
                    continue;
                };
                (pieces_cost(&pieces, stats) - family.cost, Some(pieces))
            };
            if added <= alone_cost && best.as_ref().is_none_or(|(_, cost, _)| added < *cost) {
                best = Some((index, added, pieces));
            }
        }
        match best.and_then(|(index, _, pieces)| Some((families.get_mut(index)?, pieces))) {
            Some((family, pieces)) => {
                if let Some(pieces) = pieces {
                    family.cost = pieces_cost(&pieces, stats);
                    family.pieces = pieces;
                    family.budget = needle.budget;
                }
                family.members.push(needle);
            }
            None => families.push(ClaimFamily {
                budget: needle.budget,
                members: vec![needle],
                pieces: alone,
                cost: alone_cost,
            }),
        }
    }
    Some(families)
}

/// Pieces of a needle, each with its offset in the needle.
type Pieces = Vec<(usize, Vec<u8>)>;

/// Expected occurrences of `pieces` in all.
fn pieces_cost(pieces: &[(usize, Vec<u8>)], stats: &PieceStats) -> f64 {
    pieces.iter().map(|(_, piece)| stats.expected(piece)).sum()
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

/// How often pieces occur: counted in a sample of the corpus, and estimated from how often
/// their letters occur where the sample is too small to say (or absent).
///
/// A piece's rate is `(count + PRIOR·q) / (positions + PRIOR)`: its count among the sample's
/// positions, with [`PieceStats::PRIOR`] positions' worth of the letter model `q` (the product
/// of its letters' frequencies) — so a large sample decides, an empty one leaves the model,
/// and a piece the sample lacks is ranked by its letters rather than all alike.
struct PieceStats {
    /// Occurrences of every substring of 2 to [`PieceStats::LONGEST`] bytes of the sample's
    /// stream, keyed by [`PieceStats::key`].
    counts: HashMap<u64, u32, FoldHash>,
    /// Number of positions in the sample's stream.
    positions: f64,
    /// Frequency of each byte: in the sample, or in the needles without one (add-one).
    letters: [f64; 256],
}

impl PieceStats {
    /// The longest substring counted; longer pieces are estimated from their parts.
    const LONGEST: usize = 7;

    /// How many positions the letter model weighs, against the sample's.
    const PRIOR: f64 = 4096.0;

    /// Counts `sample` (folded text); the letter frequencies come from it, or from
    /// `fallback` (the needles' bytes) when it holds fewer than [`PieceStats::PRIOR`] bytes.
    fn new(sample: Option<&str>, fallback: &[u8]) -> PieceStats {
        let mut counts: HashMap<u64, u32, FoldHash> = HashMap::default();
        let mut scratch = Scratch::default();
        scratch.build_stream(sample.unwrap_or(""), &IDENTITY);
        let stream = &scratch.bytes;
        for start in 0..stream.len() {
            for len in MIN_PIECE_CHARS..=PieceStats::LONGEST {
                let Some(piece) = stream.get(start..start + len) else {
                    break;
                };
                *counts.entry(PieceStats::key(piece)).or_insert(0) += 1;
            }
        }
        let letter_source: &[u8] = if (stream.len() as f64) < PieceStats::PRIOR {
            fallback
        } else {
            stream
        };
        let mut letter_counts = [1.0f64; 256];
        for &byte in letter_source {
            letter_counts[usize::from(byte)] += 1.0;
        }
        let total: f64 = letter_counts.iter().sum();
        PieceStats {
            counts,
            positions: stream.len() as f64,
            letters: letter_counts.map(|count| count / total),
        }
    }

    /// Up to seven bytes and their length in one number.
    fn key(piece: &[u8]) -> u64 {
        piece.iter().fold(piece.len() as u64, |key, &byte| {
            (key << 8) | u64::from(byte)
        })
    }

    /// Expected occurrences of `piece` a million positions, relative to other pieces; long
    /// pieces take the rate of their rarest part.
    fn expected(&self, piece: &[u8]) -> f64 {
        let rate = piece
            .windows(piece.len().clamp(1, PieceStats::LONGEST))
            .map(|part| {
                let count = self
                    .counts
                    .get(&PieceStats::key(part))
                    .copied()
                    .unwrap_or(0);
                let model: f64 = part
                    .iter()
                    .map(|&byte| self.letters[usize::from(byte)])
                    .product();
                (f64::from(count) + PieceStats::PRIOR * model)
                    / (self.positions + PieceStats::PRIOR)
            })
            .fold(f64::INFINITY, f64::min);
        1e6 * rate
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
    /// The word characters of the folded text, in order, one byte each: its [`compact`] code
    /// mapped through the table `build_stream` was given (the prefilter's byte classes).
    bytes: Vec<u8>,
    /// For each byte of the stream, the byte offset of its character in the folded text.
    positions: Vec<u32>,
    /// For each byte of the stream, whether a word can end with it: the next character of
    /// the folded text is not a word character (or there is none).
    ends: Vec<bool>,
    /// Per needle: the article (by `generation`) and the stream span of its last candidate.
    last_spans: Vec<(u32, usize, usize)>,
    /// Counts articles, so `verified` need not be cleared between them.
    generation: u32,
    /// The piece ends each lane of [`find_piece_ends`] finds.
    lanes: [Vec<(usize, StateID)>; LANES],
    /// Every piece end of the stream, in order: (end, automaton state there).
    piece_ends: Vec<(usize, StateID)>,
}

impl Scratch {
    /// Reads the word characters of `folded` into the stream, each as `map[compact(c)]`.
    fn build_stream(&mut self, folded: &str, map: &[u8; 256]) {
        self.bytes.clear();
        self.positions.clear();
        self.ends.clear();
        self.bytes.reserve(folded.len() / 2);
        self.positions.reserve(folded.len() / 2);
        self.ends.reserve(folded.len() / 2);
        let table = compact_table();
        let raw = folded.as_bytes();
        let mut at = 0;
        let mut previous_word = false;
        while let Some(&lead) = raw.get(at) {
            // ASCII and two-byte characters (Latin to Arabic) decoded by hand and looked up in
            // one table, the rest decoded by the standard library: the same characters, faster.
            let (code, width) = if lead < 0x80 {
                (table[usize::from(lead)], 1)
            } else if lead & 0xE0 == 0xC0
                && let Some(&next) = raw.get(at + 1)
            {
                let scalar = (usize::from(lead & 0x1F) << 6) | usize::from(next & 0x3F);
                (table.get(scalar).copied().unwrap_or(0), 2)
            } else {
                match folded.get(at..).and_then(|rest| rest.chars().next()) {
                    Some(c) => {
                        let code = if is_word_char(c) { compact(c) } else { 0 };
                        (code, c.len_utf8())
                    }
                    None => break,
                }
            };
            // Code 0 is no word character: `compact` gives 0 to none.
            let word = code != 0;
            if word {
                self.bytes.push(map[usize::from(code)]);
                self.positions.push(index_u32(at));
                self.ends.push(false);
            } else if previous_word && let Some(last) = self.ends.last_mut() {
                // The word character just before may end a word.
                *last = true;
            }
            previous_word = word;
            at += width;
        }
        if let Some(last) = self.ends.last_mut() {
            *last = true;
        }
    }

    /// [`Scratch::build_stream`] of `normalize(original).text`, read from the original as it
    /// folds, character by character ([`OriginalReader`]), with the original offset of each
    /// byte's character; `false` when only the full normaliser can fold it (the stream is then
    /// unusable).
    fn build_stream_from_original(&mut self, original: &str, reader: &OriginalReader) -> bool {
        let raw = original.as_bytes();
        // The loop writes each character's slot unconditionally and moves on only past a word
        // character, without a branch on the kind of character; the slots are there ahead,
        // about one for every two bytes to begin with (Arabic letters are two bytes), twice
        // as many whenever they run out (never more than a byte of text each).
        let most = raw.len() + 1;
        let mut room = (raw.len() / 2 + 64).min(most);
        self.bytes.clear();
        self.bytes.resize(room, 0);
        self.positions.clear();
        self.positions.resize(room, 0);
        self.ends.clear();
        self.ends.resize(room, false);
        let mut length = 0;
        let mut at = 0;
        let mut after_carrier = false;
        // Whether a separator has come since the last word character.
        let mut separated = false;
        while let Some(&lead) = raw.get(at) {
            let (entry, width) = if lead < 0xE0 {
                // One or two bytes (a character starts with 0xC0..0xE0 or below 0x80): decoded
                // without a branch on which, as Arabic letters and ASCII spaces alternate.
                let two = lead >= 0xC0;
                let next = raw.get(at + 1).copied().unwrap_or(0);
                let pair = (u32::from(lead & 0x1F) << 6) | u32::from(next & 0x3F);
                let scalar = if two { pair } else { u32::from(lead) };
                (reader.get(scalar), 1 + usize::from(two))
            } else {
                match original.get(at..).and_then(|rest| rest.chars().next()) {
                    Some(c) => (reader.get(u32::from(c)), c.len_utf8()),
                    None => break,
                }
            };
            if entry.flags & (OriginalChar::HARAKA | OriginalChar::COMPLEX) != 0 {
                if entry.flags & OriginalChar::HARAKA != 0 && after_carrier {
                    at += width;
                    continue;
                }
                return false;
            }
            after_carrier = entry.flags & OriginalChar::CARRIER != 0;
            if length >= room {
                room = (room * 2).min(most);
                self.bytes.resize(room, 0);
                self.positions.resize(room, 0);
                self.ends.resize(room, false);
            }
            if let (Some(byte), Some(position)) =
                (self.bytes.get_mut(length), self.positions.get_mut(length))
            {
                *byte = entry.class;
                *position = index_u32(at);
            }
            // The last word character may end a word when a separator has come since: that
            // is known here, and stored (a plain store, not a read and a write, so no
            // character waits on the one before through memory).
            separated |= entry.flags & OriginalChar::SEPARATOR != 0;
            if let Some(previous) = length.checked_sub(1).and_then(|p| self.ends.get_mut(p)) {
                *previous = separated;
            }
            let word = entry.flags & OriginalChar::WORD;
            separated &= word == 0;
            length += usize::from(word);
            at += width;
        }
        self.bytes.truncate(length);
        self.positions.truncate(length);
        self.ends.truncate(length);
        if let Some(last) = self.ends.last_mut() {
            *last = true;
        }
        true
    }
}

/// What a character of an original text adds to the stream, for reading the stream straight
/// from the original ([`Scratch::build_stream_from_original`]): the normaliser's own folding
/// of the character ([`normalize::fold_alone`]), so the stream is exactly the stream of the
/// folded text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct OriginalChar {
    /// The byte class of what it folds to, for a [`OriginalChar::WORD`].
    class: u8,
    flags: u8,
}

impl OriginalChar {
    /// It folds to one word character (its flag is 1: the stream grows by one).
    const WORD: u8 = 1;
    /// It folds to characters that are no word characters (a space, `…`).
    const SEPARATOR: u8 = 2;
    /// A haraka: it vanishes after one of [`normalize::HARAKAT_CARRIERS`] (whose cluster
    /// folds like the letter alone) and needs the full normaliser anywhere else.
    const HARAKA: u8 = 4;
    /// Only the full normaliser can fold it: a joining character other than a haraka, a
    /// character outside the common blocks, one that folds to several word characters.
    const COMPLEX: u8 = 8;
    /// Harakat after it vanish with it.
    const CARRIER: u8 = 16;
    // A character with none of WORD, SEPARATOR, HARAKA and COMPLEX folds to nothing.

    /// The character no table entry describes.
    const UNKNOWN: OriginalChar = OriginalChar {
        class: 0,
        flags: OriginalChar::COMPLEX,
    };

    /// The entry of `c`, its word character in class `classes[compact(..)]`.
    fn of(c: char, classes: &[u8; 256]) -> OriginalChar {
        let carrier = if normalize::HARAKAT_CARRIERS.contains(&c) {
            OriginalChar::CARRIER
        } else {
            0
        };
        let entry = |class, flags| OriginalChar {
            class,
            flags: flags | carrier,
        };
        match normalize::fold_alone(c) {
            None => OriginalChar::UNKNOWN,
            Some((_, true)) if normalize::HARAKAT.contains(&c) => entry(0, OriginalChar::HARAKA),
            Some((_, true)) => OriginalChar::UNKNOWN,
            Some((AloneFold::Removed, false)) => entry(0, 0),
            Some((AloneFold::Char(folded), false)) if is_word_char(folded) => {
                entry(classes[usize::from(compact(folded))], OriginalChar::WORD)
            }
            Some((AloneFold::Char(_), false)) => entry(0, OriginalChar::SEPARATOR),
            Some((AloneFold::Text(folded), false)) if !folded.chars().any(is_word_char) => {
                entry(0, OriginalChar::SEPARATOR)
            }
            Some((AloneFold::Text(_), false)) => OriginalChar::UNKNOWN,
        }
    }
}

/// The [`OriginalChar`] of every character of the blocks [`normalize::fold_alone`] knows
/// (Latin to Arabic Supplement, General Punctuation), for one prefilter's byte classes.
#[derive(Debug, Clone)]
struct OriginalReader {
    /// U+0000..U+0800, then U+2000..U+2070.
    entries: Vec<OriginalChar>,
}

impl OriginalReader {
    fn new(classes: &[u8; 256]) -> OriginalReader {
        let entries = (0..0x0800u32)
            .chain(0x2000..0x2070)
            .map(|code| {
                char::from_u32(code).map_or(OriginalChar::UNKNOWN, |c| OriginalChar::of(c, classes))
            })
            .collect();
        OriginalReader { entries }
    }

    #[inline(always)]
    fn get(&self, code: u32) -> OriginalChar {
        let index = if code < 0x0800 {
            code as usize
        } else if (0x2000..0x2070).contains(&code) {
            (code - 0x2000 + 0x0800) as usize
        } else {
            return OriginalChar::UNKNOWN;
        };
        self.entries
            .get(index)
            .copied()
            .unwrap_or(OriginalChar::UNKNOWN)
    }
}

/// The byte map that keeps [`compact`] codes as they are.
const IDENTITY: [u8; 256] = {
    let mut map = [0u8; 256];
    let mut byte = 0;
    while byte < 256 {
        map[byte] = byte as u8;
        byte += 1;
    }
    map
};

/// [`compact`] of every word character of U+0000..U+0800 (Latin to Arabic Supplement), 0 for
/// the other characters.
fn compact_table() -> &'static [u8; 2048] {
    static TABLE: std::sync::OnceLock<[u8; 2048]> = std::sync::OnceLock::new();
    TABLE.get_or_init(|| {
        let mut table = [0u8; 2048];
        for (code, slot) in table.iter_mut().enumerate() {
            if let Some(c) = char::from_u32(code as u32)
                && is_word_char(c)
            {
                *slot = compact(c);
            }
        }
        table
    })
}

/// A character that is always part of a word (letters, digits, combining marks): the very
/// test [`crate::segment::words`] uses, so the stream and the words of a clause agree.
/// Word-internal punctuation (`5,000`, `Putin's`) is not.
pub fn is_word_char(c: char) -> bool {
    crate::segment::is_word_char(c)
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
    use crate::normalize::normalize;

    /// The stream read from `original` as it folds, if it can be: (bytes, positions, ends).
    type Stream = (Vec<u8>, Vec<u32>, Vec<bool>);

    fn stream_from_original(original: &str) -> Option<Stream> {
        let mut scratch = Scratch::default();
        static READER: std::sync::OnceLock<OriginalReader> = std::sync::OnceLock::new();
        let reader = READER.get_or_init(|| OriginalReader::new(&IDENTITY));
        let complete = scratch.build_stream_from_original(original, reader);
        complete.then_some((scratch.bytes, scratch.positions, scratch.ends))
    }

    /// The stream of the folded text, with the original offset each byte's character comes
    /// from.
    fn stream_of_folded(original: &str) -> Stream {
        let mut scratch = Scratch::default();
        let folded = normalize(original);
        scratch.build_stream(&folded.text, &IDENTITY);
        let origins = scratch
            .positions
            .iter()
            .map(|&at| folded.original_offset(at as usize) as u32)
            .collect();
        (scratch.bytes, origins, scratch.ends)
    }

    /// Reading the stream from the original gives the stream of the folded text, at the
    /// original offsets of its characters, whenever it does not leave the text to the
    /// normaliser.
    fn assert_original_stream_agrees(original: &str) -> bool {
        match stream_from_original(original) {
            Some(stream) => {
                assert_eq!(stream, stream_of_folded(original), "on {original:?}");
                true
            }
            None => false,
        }
    }

    #[test]
    fn the_stream_read_from_the_original_is_the_stream_of_the_folded_text() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
        let mut articles = 0;
        for dir in ["corpus", "tests/data/english/corpus"] {
            for entry in std::fs::read_dir(root.join(dir)).unwrap() {
                let text = std::fs::read_to_string(entry.unwrap().path()).unwrap();
                assert!(
                    assert_original_stream_agrees(&text),
                    "a bundled article needs the normaliser"
                );
                articles += 1;
            }
        }
        assert!(articles >= 5);
        // Diacritics (on tatweel too), hamza, ta marbuta, digits, bidi marks, `…`, capitals.
        for text in [
            "قَالَ بُوتِينُ إنّ ٥ ملايين قذيفة مدفعيّة ١٩ حزيران/يونيو ٢٠٢٤",
            "مـــدفعيـَّـة \u{200F}٥ ملايين… أكثر من ۴۰ ألف",
            "Putin's visit: 5,000 shells — ISTANBUL, 19 June 2024",
        ] {
            assert!(assert_original_stream_agrees(text), "{text:?}");
        }
        // Left to the normaliser: a mark with no carrier, a composing hamza, a ligature.
        for text in ["\u{064E}قال", "ه\u{0654}", "e\u{0301}", "ﻻ", "½", "ﷺ"] {
            assert!(!assert_original_stream_agrees(text), "{text:?}");
        }
    }

    #[test]
    fn every_common_character_reads_from_the_original_as_it_folds() {
        let befores = ["", "ب", "a", " ", "ـ", "٥", "\u{200F}"];
        let afters = [
            "",
            "ب",
            "\u{064E}",
            "\u{0651}\u{064F}",
            "a",
            " ",
            "\u{0301}",
        ];
        let mut text = String::new();
        for code in (0..0x0800u32).chain(0x2000..0x2070) {
            let Some(c) = char::from_u32(code) else {
                continue;
            };
            for before in befores {
                for after in afters {
                    text.clear();
                    text.push_str(before);
                    text.push(c);
                    text.push_str(after);
                    assert_original_stream_agrees(&text);
                }
            }
        }
    }

    #[test]
    fn every_pair_of_arabic_characters_reads_from_the_original_as_it_folds() {
        let mut text = String::new();
        for first in '\u{0600}'..='\u{06FF}' {
            for second in '\u{0600}'..='\u{06FF}' {
                text.clear();
                text.push(first);
                text.push(second);
                text.push('\u{064E}');
                assert_original_stream_agrees(&text);
            }
        }
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(2000))]

        #[test]
        fn any_text_reads_from_the_original_as_it_folds(
            chars in proptest::collection::vec(
                proptest::prop_oneof![
                    4 => proptest::sample::select(&[
                        'ا', 'أ', 'إ', 'آ', 'ب', 'ة', 'ى', 'ي', 'ـ', 'ه', 'و', 'ؤ', 'ئ', 'ء',
                        '\u{064B}', '\u{064E}', '\u{0651}', '\u{0652}', '\u{0653}', '\u{0654}',
                        '\u{0670}', '٥', '۴', '٫', '٬', '٪', ' ', '\n', '.', ',', '-', '…',
                        '\u{200B}', '\u{200F}', '\u{2066}', 'A', 'i', 'İ', 'ß', '5', '\u{0301}',
                    ][..]),
                    1 => proptest::prelude::any::<char>(),
                ],
                0..24,
            )
        ) {
            let text: String = chars.into_iter().collect();
            assert_original_stream_agrees(&text);
        }
    }

    #[test]
    fn lanes_find_the_piece_ends_one_run_finds() {
        // Pieces over a four-letter alphabet, so they occur often and overlap; streams of
        // every length around the size where lanes start, and long ones.
        let mut seed = 0x9E37_79B9_7F4A_7C15u64;
        let mut next = move |bound: usize| {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            (seed % bound as u64) as usize
        };
        for round in 0..200 {
            let pieces: Vec<Vec<u8>> = (0..1 + next(12))
                .map(|_| (0..2 + next(5)).map(|_| next(4) as u8).collect())
                .collect();
            let longest = pieces.iter().map(Vec::len).max().unwrap();
            let dfa = DFA::builder()
                .match_kind(MatchKind::Standard)
                .start_kind(StartKind::Unanchored)
                .build(&pieces)
                .unwrap();
            let start = dfa.start_state(Anchored::No).unwrap();
            let length = if round % 2 == 0 {
                LANES * MIN_LANE_BYTES - 3 + next(8)
            } else {
                next(5000)
            };
            let stream: Vec<u8> = (0..length).map(|_| next(4) as u8).collect();
            let mut single = Vec::new();
            let mut state = start;
            for (at, &byte) in stream.iter().enumerate() {
                state = dfa.next_state(Anchored::No, state, byte);
                if dfa.is_match(state) {
                    single.push((at + 1, state));
                }
            }
            let mut lanes: [Vec<(usize, StateID)>; LANES] = Default::default();
            let mut found = Vec::new();
            find_piece_ends(&dfa, start, &stream, longest - 1, &mut lanes, &mut found);
            assert_eq!(found, single, "round {round}, {length} bytes");
        }
    }

    #[test]
    fn stream_keeps_word_characters_in_order() {
        let folded = "قال: بيونغ-يانغ، 5,000 ﷺ ok é\u{0301}x";
        let mut scratch = Scratch::default();
        scratch.build_stream(folded, &IDENTITY);
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
        // A word can end with a stream byte when the next character is no word character.
        let ends: Vec<bool> = folded
            .char_indices()
            .filter(|&(_, c)| is_word_char(c))
            .map(|(at, c)| {
                folded[at + c.len_utf8()..]
                    .chars()
                    .next()
                    .is_none_or(|next| !is_word_char(next))
            })
            .collect();
        assert_eq!(scratch.ends, ends);
        // Every word of the segmenter ends with one of them.
        let words = crate::segment::words(folded, 0..folded.len());
        for word in words {
            let last = scratch
                .positions
                .iter()
                .rposition(|&p| (p as usize) < word.end)
                .unwrap();
            assert!(scratch.ends[last], "{:?}", &folded[word]);
        }
    }

    #[test]
    fn compact_table_agrees_with_the_word_test() {
        assert!(is_word_char('ق') && is_word_char('\u{064E}') && is_word_char('٥'));
        assert!(!is_word_char(',') && !is_word_char('،') && !is_word_char('\u{200F}'));
        let table = compact_table();
        for code in 0..0x800u32 {
            let c = char::from_u32(code).unwrap_or('\0');
            let expected = if is_word_char(c) { compact(c) } else { 0 };
            assert_eq!(table[code as usize], expected, "U+{code:04X}");
        }
    }

    /// Edit distance by the textbook dynamic programme.
    fn levenshtein(a: &[u8], b: &[u8]) -> usize {
        let mut previous: Vec<usize> = (0..=b.len()).collect();
        for (i, &x) in a.iter().enumerate() {
            let mut current = vec![i + 1];
            for (j, &y) in b.iter().enumerate() {
                let substitution = previous[j] + usize::from(x != y);
                current.push(substitution.min(previous[j + 1] + 1).min(current[j] + 1));
            }
            previous = current;
        }
        previous[b.len()]
    }

    #[test]
    fn verification_is_exact_and_its_span_holds_every_match() {
        // Random needles, a piece of each planted in random text with random edits around
        // it, random places where words end; `Sides` against every (start, end) by brute
        // force. A small alphabet makes near matches common, a larger one makes most
        // occurrences fail early.
        let alphabets: [&[u8]; 2] = [b"abcd", b"abcdefghijkl"];
        let mut state: u64 = 5;
        let mut next = |bound: usize| {
            state = state
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            (state >> 33) as usize % bound
        };
        let mut matched = 0;
        for round in 0..4000 {
            let alphabet = alphabets[round % 2];
            let letters = alphabet.len();
            let needle: Vec<u8> = (0..2 + next(20)).map(|_| alphabet[next(letters)]).collect();
            let budget = next(6);
            let piece_start = next(needle.len() - 1);
            let piece_end = piece_start + 1 + next(needle.len() - piece_start - 1).min(3);
            let piece = &needle[piece_start..piece_end];
            // Text: a mutated copy of the needle's left side, the piece, a mutated right side,
            // in random surroundings.
            let mut mutate = |part: &[u8]| -> Vec<u8> {
                let mut out: Vec<u8> = Vec::new();
                for &byte in part {
                    match next(6) {
                        0 => {}
                        1 => out.push(alphabet[next(letters)]),
                        2 => {
                            out.push(byte);
                            out.push(alphabet[next(letters)]);
                        }
                        _ => out.push(byte),
                    }
                }
                out
            };
            let left = mutate(&needle[..piece_start]);
            let right = mutate(&needle[piece_end..]);
            let mut text: Vec<u8> = (0..next(5)).map(|_| alphabet[next(letters)]).collect();
            text.extend(&left);
            let start = text.len();
            text.extend(piece);
            let end = text.len();
            text.extend(&right);
            text.extend((0..next(5)).map(|_| alphabet[next(letters)]));
            // Every byte ends a word in a third of the rounds; otherwise one in three.
            let every = round % 3 == 0;
            let ends: Vec<bool> = (0..text.len()).map(|_| every || next(3) == 0).collect();

            let mut present = [false; 256];
            for &byte in &needle {
                present[usize::from(byte)] = true;
            }
            let (classes, class_count) = byte_classes(&present);
            let rows = match_rows(std::slice::from_ref(&needle), &classes, class_count);
            let class_text: Vec<u8> = text.iter().map(|&b| classes[usize::from(b)]).collect();
            let sides = Sides {
                rows: &rows[..class_count],
                stream: &class_text,
                start,
                end,
                before: piece_start,
                after: needle.len() - piece_end,
                shift: piece_end,
                ends: &ends,
            };
            let found = sides.span(budget);
            assert_eq!(sides.passes(budget), found.is_some());
            let may_end = |e: usize| e > 0 && ends[e - 1];
            // Every (s, e) around the piece within the budget, e where a word ends.
            let mut matches = Vec::new();
            for s in 0..=start {
                for e in (end..=text.len()).filter(|&e| may_end(e)) {
                    let cost = levenshtein(&text[s..start], &needle[..piece_start])
                        + levenshtein(&text[end..e], &needle[piece_end..]);
                    if cost <= budget {
                        matches.push((s, e));
                    }
                }
            }
            match found {
                None => assert!(matches.is_empty(), "{needle:?} {text:?} {start} {budget}"),
                Some((span_start, span_end)) => {
                    assert!(!matches.is_empty(), "{needle:?} {text:?} {start} {budget}");
                    matched += 1;
                    assert!(span_start <= start && span_end >= end);
                    for &(s, e) in &matches {
                        assert!(s <= span_start && e >= span_end, "{needle:?} {text:?}");
                    }
                    // The span is as tight as the matches allow.
                    assert!(matches.iter().any(|&(s, _)| s == span_start));
                    assert!(matches.iter().any(|&(_, e)| e == span_end));
                }
            }
            // The cost of each side alone, against brute force.
            let best_before = (0..=start)
                .map(|s| levenshtein(&text[s..start], &needle[..piece_start]))
                .min()
                .unwrap();
            let best_after = (end..=text.len())
                .filter(|&e| may_end(e))
                .map(|e| levenshtein(&text[end..e], &needle[piece_end..]))
                .min()
                .unwrap_or(usize::MAX);
            assert_eq!(
                sides.before_cost(budget),
                (best_before <= budget).then_some(best_before)
            );
            assert_eq!(
                sides.after_cost(budget),
                (best_after <= budget).then_some(best_after)
            );
        }
        assert!(matched > 300, "{matched}");
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
        let families = families_of(&claim, &PieceStats::new(None, &[])).unwrap();
        // One spelling once spaces are gone ("قذيفه مدفعيه" and "قذيفهمدفعيه"), 12
        // characters spaced: budget 2, three pieces.
        assert_eq!(families.len(), 1);
        let family = &families[0];
        assert_eq!(family.members.len(), 1);
        let expected: Vec<u8> = "قذيفهمدفعيه".chars().map(compact).collect();
        assert_eq!(family.members[0].bytes, expected);
        assert_eq!(family.budget, 2);
        assert_eq!(family.pieces.len(), 3);
        assert_eq!(
            family
                .pieces
                .iter()
                .flat_map(|(_, p)| p.clone())
                .collect::<Vec<u8>>(),
            expected
        );
        // Word punctuation is never inside a needle.
        let phrase = Phrase::new("5,000,000 shells").unwrap();
        let needles = needles_of(&ClaimPhrases {
            phrases: std::slice::from_ref(&phrase),
            threshold: 0.85,
        })
        .unwrap();
        assert!(needles.iter().all(|n| !n.bytes.contains(&b',')));
        // Too short for the budget: unfiltered.
        let phrase = Phrase::new("ab").unwrap();
        assert!(
            families_of(
                &ClaimPhrases {
                    phrases: std::slice::from_ref(&phrase),
                    threshold: 0.3,
                },
                &PieceStats::new(None, &[]),
            )
            .is_none()
        );
    }

    #[test]
    fn spellings_with_and_without_a_proclitic_share_pieces() {
        // "والقمة" and "القمة", the stems "القمه" and "قمه": one family, based on the
        // shortest, whose pieces are pieces of every member.
        let phrases = [
            Phrase::new("والقمة الثلاثية").unwrap(),
            Phrase::new("القمة الثلاثية").unwrap(),
        ];
        let claim = ClaimPhrases {
            phrases: &phrases,
            threshold: 0.85,
        };
        let families = families_of(&claim, &PieceStats::new(None, &[])).unwrap();
        let members: usize = families.iter().map(|f| f.members.len()).sum();
        assert_eq!(members, needles_of(&claim).unwrap().len());
        assert!(families.len() < members, "{}", families.len());
        for family in &families {
            let base = &family.members[0].bytes;
            for member in &family.members {
                assert!(member.bytes.ends_with(base));
                assert!(member.budget <= family.budget);
            }
            assert_eq!(family.pieces.len(), family.budget + 1);
            for (offset, piece) in &family.pieces {
                assert_eq!(&base[*offset..*offset + piece.len()], piece.as_slice());
            }
        }
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
        // Every candidate spans from inside the first word to inside the second (one edit
        // allowed: the first or last letter may be missing).
        let first_word = text.find("بيونغ").unwrap()..text.find("،").unwrap();
        let second_word = text.find("يانغ").unwrap()..text.find(" فجرا").unwrap();
        for candidate in &found {
            assert!(first_word.contains(&candidate.first), "{candidate:?}");
            assert!(second_word.contains(&candidate.last), "{candidate:?}");
        }
        // Nothing in a text without the name.
        found.clear();
        prefilter.candidates("وصل إلى موسكو فجرا", &mut Scratch::default(), &mut found);
        assert!(found.is_empty());
    }

    #[test]
    fn the_span_covers_the_whole_match() {
        // Whichever piece is found, the candidate spans the whole name but for the two edits
        // the budget allows at its ends: at least the whole middle word, more than any piece.
        let phrase = Phrase::new("كيم جونغ أون").unwrap();
        let prefilter = Prefilter::new(&[ClaimPhrases {
            phrases: std::slice::from_ref(&phrase),
            threshold: 0.85,
        }]);
        let text = normalize("وقع فلاديمير بوتين وكيم جونغ اون اتفاقا").text;
        let mut found = Vec::new();
        prefilter.candidates(&text, &mut Scratch::default(), &mut found);
        assert!(!found.is_empty());
        for candidate in &found {
            let middle = text.find("جونغ").unwrap();
            assert!(candidate.first <= middle);
            assert!(candidate.last >= middle + "جون".len());
            assert!(candidate.first > text.find("بوتين").unwrap());
            assert!(candidate.last < text.find("اتفاقا").unwrap());
        }
    }

    #[test]
    fn dfa_and_nfa_find_the_same_candidates() {
        let anchors = [
            "كيم جونغ أون",
            "بيونغ يانغ",
            "الرئيس الروسي",
            "حفل الترحيب",
            "مستوى جديد",
            "Jannah Theme",
        ];
        let phrases: Vec<Phrase> = anchors.iter().filter_map(|a| Phrase::new(a)).collect();
        let claims: Vec<ClaimPhrases<'_>> = phrases
            .chunks(2)
            .zip([0.8, 0.85, 0.9])
            .map(|(phrases, threshold)| ClaimPhrases { phrases, threshold })
            .collect();
        let with_dfa = Prefilter::build(&claims, None, true);
        let with_nfa = Prefilter::build(&claims, None, false);
        assert!(matches!(with_dfa.automaton, Some(Finder::Dfa(_))));
        assert!(matches!(with_nfa.automaton, Some(Finder::Nfa(_))));
        let corpus = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("corpus");
        let mut total = 0;
        for name in ["000_195537198d3ed82c.txt", "004_8cffb8be076c88e1.txt"] {
            let text = normalize(&std::fs::read_to_string(corpus.join(name)).unwrap()).text;
            let (mut dfa_found, mut nfa_found) = (Vec::new(), Vec::new());
            with_dfa.candidates(&text, &mut Scratch::default(), &mut dfa_found);
            with_nfa.candidates(&text, &mut Scratch::default(), &mut nfa_found);
            dfa_found.sort_unstable();
            nfa_found.sort_unstable();
            assert_eq!(dfa_found, nfa_found, "{name}");
            total += dfa_found.len();
        }
        assert!(total > 10, "{total}");
    }

    #[test]
    fn needles_too_long_to_verify_pass_with_the_piece_as_span() {
        // 70 letters: no bit-parallel verification, every piece occurrence is a candidate.
        let long = "the chief executive of the combined company will be announced in june";
        let phrase = Phrase::new(long).unwrap();
        let prefilter = Prefilter::new(&[ClaimPhrases {
            phrases: std::slice::from_ref(&phrase),
            threshold: 0.85,
        }]);
        let text = normalize(&format!("Reuters said {long} after the vote.")).text;
        let mut found = Vec::new();
        prefilter.candidates(&text, &mut Scratch::default(), &mut found);
        assert!(!found.is_empty());
        let span = text.find("the chief").unwrap()..text.find(" after").unwrap();
        for candidate in &found {
            assert!(span.contains(&candidate.first) && span.contains(&candidate.last));
        }
        // A text without the phrase's pieces gives nothing.
        found.clear();
        prefilter.candidates("nothing to see", &mut Scratch::default(), &mut found);
        assert!(found.is_empty());
    }

    #[test]
    fn piece_estimates_follow_the_sample_and_else_the_letters() {
        let code = |text: &str| -> Vec<u8> { text.chars().map(compact).collect() };
        // No sample: letters frequent in the anchors make frequent pieces; longer pieces are
        // rarer; an empty sample is no sample.
        let fallback = code("الاتفاق الالتزام الاستقلال ظظ");
        for stats in [
            PieceStats::new(None, &fallback),
            PieceStats::new(Some(""), &fallback),
        ] {
            assert!(stats.expected(&code("ال")) > stats.expected(&code("ظظ")));
            assert!(stats.expected(&code("ال")) > stats.expected(&code("الت")));
        }
        // A sample decides: a piece it holds often is common, one it lacks is rare.
        let corpus = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("corpus");
        let sample =
            normalize(&std::fs::read_to_string(corpus.join("004_8cffb8be076c88e1.txt")).unwrap())
                .text;
        let stats = PieceStats::new(Some(&sample), &[]);
        assert!(stats.expected(&code("بوتين")) > 2.0 * stats.expected(&code("بوتيم")));
        assert!(stats.expected(&code("ال")) > stats.expected(&code("بوتين")));
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
        assert!(prefilter.any_unfiltered());
        let filtered = Prefilter::new(&[ClaimPhrases {
            phrases: std::slice::from_ref(&phrase),
            threshold: 0.85,
        }]);
        assert!(!filtered.any_unfiltered());
        assert!(prefilter.is_unfiltered(2));
    }
}
