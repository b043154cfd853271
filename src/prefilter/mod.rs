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
//! **Pairs first.** Before Myers, a quick test turns away about half the occurrences at
//! 100 claims: text within `e` edits of `n` bytes keeps at least `n − 1 − 2e` of their
//! pairs of neighbouring bytes (the q-gram lemma: an edit breaks two pairs at most), so the
//! texts on the two sides must hold `before − 1 + after − 1 − 2K` pairs of the needle's sides
//! at least, counted against a 64-bit hashed set of each (a collision only counts more).
//!
//! **The span.** A passing occurrence also bounds the windows it stands for: `s` costs at most
//! `K − c₂` on its side, so `s` is at most the latest start `S` with that cost; likewise `e`
//! is at least the earliest end `E` where a word can end costing at most `K − c₁`. Every such window contains
//! `stream[S..E]` (which contains the piece), so the candidate is that whole span: the scanner
//! scores only the windows of the clause containing it, far fewer than those containing the
//! piece alone.
//!
//! **Scores.** The budget allows for a window longer than the anchor (`|a| ≤ |b| + lev`);
//! most occurrences that pass have no such window. Each needle's passing occurrence is then
//! tested once more, exactly for what a window needs: some stretch `stream[s..e]` within the
//! needle's budget, where `s` is a place a window can start — a word start, or after up to
//! four letters at one that may be proclitics (`و ف ب ل ك ا`: they get byte classes of their
//! own) — and `e` a place a word can end, whose cost is at most `(1 − t)·max(|a|, |b|)`, with
//! `|b|` the needle's longest spelling and `|a|` the stretch's length plus one for each place
//! inside it where a word ends. That is the length of the window's spaced spelling, its
//! longest: words joined by one space, and a word holds only single punctuation characters
//! between letters or digits ([`crate::segment::words`]). So no matching window is lost, and
//! on the generated corpus at 100 claims the articles holding a candidate fell from 58 % to
//! 20 %, nearly all of them with a match.
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
use aho_corasick::automaton::{Automaton, StateID};
use aho_corasick::dfa::DFA;
use aho_corasick::nfa::contiguous;
use aho_corasick::{Anchored, MatchKind, StartKind};
use std::collections::HashMap;

mod pieces;
mod stream;
#[cfg(test)]
mod tests;
mod verify;

use pieces::{PieceStats, families_of, needles_of, pieces_fit};
use stream::OriginalReader;
pub use stream::{Scratch, compact};
use verify::{Endings, Proclitics, Sides, match_rows};

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

/// A needle of a family (see [`ClaimFamily`](pieces::ClaimFamily)), with what verifying it needs.
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
    /// The longest spelling the needle stands for, in characters.
    longest: u32,
    /// The claim's threshold.
    threshold: f64,
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
    /// The pairs of neighbouring byte classes of the base's bytes before the piece, hashed
    /// into 64 bits ([`pair_bit`]).
    before_pairs: u64,
    /// The same of its bytes after the piece.
    after_pairs: u64,
    /// Whether the claim's anchors inflect: a window's word characters may then also end
    /// before an ending ([`crate::inflect`]).
    inflect: bool,
}

/// An anchor whose spellings cannot all be cut into pieces at its claim's threshold: the
/// prefilter leaves the claim *unfiltered* ([`Prefilter::is_unfiltered`]), and every clause
/// of every article is scored against its anchors, about fifty times slower than the fast
/// scan (see [`loose_anchors`]).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct LooseAnchor {
    /// Index of the anchor in the claim's phrases.
    pub phrase: usize,
    /// The most edits a matching window may be away from its longest spelling at the claim's
    /// threshold; `None` when unbounded (threshold 0).
    pub edits: Option<usize>,
    /// The lowest threshold, in hundredths, at which every spelling can be cut; `None` when
    /// none can (an anchor of fewer than [`MIN_PIECE_CHARS`] letters and digits).
    pub fast_from: Option<f64>,
}

/// The anchors of `claim` the prefilter cannot cut into pieces at the claim's threshold
/// (the claim is unfiltered exactly when there is one), with the threshold from which it
/// could: so a user can learn why a scan is slow and what makes it fast.
pub fn loose_anchors(claim: &ClaimPhrases<'_>) -> Vec<LooseAnchor> {
    // Whether the needle of `spelling` can be cut into pieces at `threshold`: its budget
    // plus one pieces of at least MIN_PIECE_CHARS word characters (what `families_of`
    // asks of every needle).
    let cuttable = |spelling: &str, threshold: f64| {
        let word_chars = spelling.chars().filter(|&c| is_word_char(c)).count();
        max_edits(threshold, spelling.chars().count())
            .is_some_and(|budget| pieces_fit(budget.saturating_add(1), word_chars))
    };
    let mut loose = Vec::new();
    for (phrase, anchor) in claim.phrases.iter().enumerate() {
        let spellings: Vec<&String> = anchor.search_spellings().collect();
        if spellings.iter().all(|s| cuttable(s, claim.threshold)) {
            continue;
        }
        let edits = spellings
            .iter()
            .map(|s| max_edits(claim.threshold, s.chars().count()))
            .try_fold(0, |most, edits| Some(most.max(edits?)));
        let fast_from = (1..=100u32)
            .map(|hundredths| f64::from(hundredths) / 100.0)
            .find(|&threshold| spellings.iter().all(|s| cuttable(s, threshold)));
        loose.push(LooseAnchor {
            phrase,
            edits,
            fast_from,
        });
    }
    loose
}

/// The letters of every stack of proclitics a window's first word may lose (folded).
fn proclitic_letters() -> Vec<char> {
    let mut letters: Vec<char> = crate::matcher::proclitic_stacks()
        .flat_map(|stack| stack.chars().collect::<Vec<_>>())
        .collect();
    letters.sort_unstable();
    letters.dedup();
    letters
}

/// [`Target::rows`] of a needle too long to verify.
const NO_ROWS: u32 = u32::MAX;

/// The automaton that finds the pieces.
#[derive(Debug, Clone)]
enum Finder {
    /// A DFA: one table lookup a byte, the fastest search (a few MB at a thousand claims:
    /// the compact alphabet leaves few byte classes), with the pieces and targets of each of
    /// its match states in one flat table when its states are numbered as expected.
    Dfa(DFA, Option<StateTargets>),
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
    /// The proclitics a window's first word may lose, in byte classes.
    proclitics: Proclitics,
    /// The endings a window's last word may lose, in byte classes.
    endings: Endings,
    /// Whether some claim's anchors inflect ([`Target::inflect`]).
    any_inflect: bool,
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
        // The bytes of each family's base.
        let mut family_bases: Vec<Vec<u8>> = Vec::new();
        for (claim_index, claim) in claims.iter().enumerate() {
            let Some(claim_families) = families_of(claim, &stats) else {
                if let Some(slot) = unfiltered.get_mut(claim_index) {
                    *slot = true;
                }
                continue;
            };
            let inflect = claim.phrases.iter().any(|phrase| phrase.inflects());
            for claim_family in claim_families {
                let family_id = index_u32(families.len());
                let Some(base_bytes) = claim_family.members.first().map(|m| m.bytes.clone()) else {
                    continue;
                };
                let base_length = base_bytes.len();
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
                        longest: index_u32(claim_needle.longest),
                        threshold: claim.threshold,
                    });
                    needles.push(Needle {
                        claim: index_u32(claim_index),
                        phrases: claim_needle.phrases.iter().map(|&p| index_u32(p)).collect(),
                    });
                }
                let base_rows = members.first().map_or(NO_ROWS, |m| m.rows);
                families.push(members);
                family_bases.push(base_bytes);
                for (offset, piece) in claim_family.pieces {
                    let target = Target {
                        family: family_id,
                        rows: base_rows,
                        before: u8::try_from(offset).unwrap_or(u8::MAX),
                        after: u8::try_from(base_length - offset - piece.len()).unwrap_or(u8::MAX),
                        budget: u8::try_from(claim_family.budget).unwrap_or(u8::MAX),
                        before_pairs: 0,
                        after_pairs: 0,
                        inflect,
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
        // The letters of proclitics and endings get classes of their own even when no needle
        // holds them, so that verification can tell them from other letters
        // (`Sides::may_score`, `Sides::may_end_at`).
        let ending_streams: Vec<Vec<u8>> = crate::inflect::all_endings()
            .iter()
            .map(|ending| {
                ending
                    .chars()
                    .filter(|&c| is_word_char(c))
                    .map(compact)
                    .collect()
            })
            .collect();
        for &byte in ending_streams.iter().flatten() {
            if let Some(present) = needle_bytes.get_mut(usize::from(byte)) {
                *present = true;
            }
        }
        for letter in proclitic_letters() {
            if let Some(present) = needle_bytes.get_mut(usize::from(compact(letter))) {
                *present = true;
            }
        }
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
                    .map(|dfa| Finder::Dfa(dfa, None))
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
        for target in piece_targets.iter_mut().flatten() {
            let Some(base) = family_bases.get(target.family as usize) else {
                continue;
            };
            let before = usize::from(target.before).min(base.len());
            let after = usize::from(target.after).min(base.len());
            let pairs = |bytes: &[u8]| pair_set(bytes.iter().map(|&b| classes[usize::from(b)]));
            target.before_pairs = pairs(&base[..before]);
            target.after_pairs = pairs(&base[base.len() - after..]);
        }
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
        let mut proclitic_classes = Box::new([false; 256]);
        for letter in proclitic_letters() {
            proclitic_classes[usize::from(classes[usize::from(compact(letter))])] = true;
        }
        let proclitics = Proclitics {
            classes: proclitic_classes,
            longest: crate::matcher::proclitic_stacks()
                .map(|stack| stack.chars().count())
                .max()
                .unwrap_or(0),
        };
        let endings = Endings::new(&ending_streams, &classes);
        let automaton = automaton.map(|finder| match finder {
            Finder::Dfa(dfa, _) => {
                let table =
                    StateTargets::new(&dfa, class_count, &piece_lengths, &target_starts, &targets);
                Finder::Dfa(dfa, table)
            }
            nfa => nfa,
        });
        Prefilter {
            proclitics,
            endings,
            any_inflect: targets.iter().any(|target| target.inflect),
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
        let from = out.len();
        self.stream_candidates(scratch, out);
        locate_candidates(out, from, |index| {
            scratch.positions.get(index).map(|&at| at as usize)
        });
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
        let from = out.len();
        self.stream_candidates(scratch, out);
        locate_candidates(out, from, |index| {
            scratch.original_offset(original, &self.reader, index)
        });
        true
    }

    /// The candidates of the stream in `scratch`.
    fn stream_candidates(&self, scratch: &mut Scratch, out: &mut Vec<Candidate>) {
        match &self.automaton {
            Some(Finder::Dfa(dfa, table)) => {
                self.candidates_with(dfa, table.as_ref(), scratch, out)
            }
            Some(Finder::Nfa(nfa)) => self.candidates_with(nfa, None, scratch, out),
            None => {}
        }
    }

    /// [`Prefilter::stream_candidates`] with the automaton at hand: one byte at a time, every
    /// piece that ends there.
    fn candidates_with<A: Automaton>(
        &self,
        automaton: &A,
        table: Option<&StateTargets>,
        scratch: &mut Scratch,
        out: &mut Vec<Candidate>,
    ) {
        let Ok(start_state) = automaton.start_state(Anchored::No) else {
            return;
        };
        let Scratch {
            bytes,
            ends,
            stem_ends,
            last_spans,
            generation,
            lanes,
            piece_ends,
            ..
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
        // Where a window's word characters may end before an ending, marked once for the
        // stream when some claim inflects and some piece occurs.
        stem_ends.clear();
        if self.any_inflect && !piece_ends.is_empty() {
            self.endings.mark_stems(bytes, ends, stem_ends);
        }
        let stream = Stream {
            bytes,
            ends,
            stem_ends,
        };
        let mut visit = |piece_length: usize, target: &Target, end: usize| {
            let start = end.saturating_sub(piece_length);
            if !self.family_passes(target, &stream, start, end) {
                return;
            }
            let Some(members) = self.families.get(target.family as usize) else {
                return;
            };
            for member in members {
                let Some(span) = self.member_span(target, member, &stream, start, end) else {
                    continue;
                };
                // The windows a span stands for are those holding its first and last words:
                // spans in the same words are one candidate.
                let (span_start, span_end) = stream.whole_words(span);
                let needle_id = member.needle as usize;
                match last_spans.get_mut(needle_id) {
                    Some(last) if *last == (generation, span_start, span_end) => continue,
                    Some(last) => *last = (generation, span_start, span_end),
                    None => {}
                }
                let Some(needle) = self.needles.get(needle_id) else {
                    continue;
                };
                // Stream offsets for now: the caller knows where they are in the text.
                for &phrase in &needle.phrases {
                    out.push(Candidate {
                        claim: needle.claim,
                        phrase,
                        first: span_start,
                        last: span_end.saturating_sub(1),
                    });
                }
            }
        };
        for &(end, state) in piece_ends.iter() {
            if let Some(entries) = table.and_then(|table| table.at(state)) {
                for (piece_length, target) in entries {
                    visit(usize::from(*piece_length), target, end);
                }
                continue;
            }
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
                for target in targets {
                    visit(piece_length as usize, target, end);
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
        stream: &Stream<'_>,
        start: usize,
        end: usize,
    ) -> bool {
        let before = usize::from(target.before);
        let after = usize::from(target.after);
        let budget = usize::from(target.budget);
        // The two sides keep most of their pairs of neighbouring bytes: a quick test first.
        let from = start.saturating_sub(before + budget);
        let to = (end + after + budget).min(stream.bytes.len());
        if let (Some(before_text), Some(after_text)) =
            (stream.bytes.get(from..start), stream.bytes.get(end..to))
            && !enough_pairs(
                [
                    (before_text, target.before_pairs, before),
                    (after_text, target.after_pairs, after),
                ],
                budget,
            )
        {
            return false;
        }
        match self.sides(target.rows, stream, start..end, before, target) {
            Some(sides) => sides.passes(budget),
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
        stream: &Stream<'_>,
        start: usize,
        end: usize,
    ) -> Option<(usize, usize)> {
        let before = usize::from(member.prefix) + usize::from(target.before);
        match self.sides(member.rows, stream, start..end, before, target) {
            Some(sides) => {
                let budget = usize::from(member.budget);
                let span = sides.span(budget)?;
                sides
                    .may_score(
                        budget,
                        member.threshold,
                        member.longest as usize,
                        &self.proclitics,
                    )
                    .then_some(span)
            }
            None => Some((start, end)),
        }
    }

    /// The check of a piece occurrence at `piece` for the needle whose rows start at `rows`
    /// in [`Prefilter::rows`], `before` of its bytes before the piece and the target's after
    /// it; `None` for a needle that is not verified ([`NO_ROWS`]).
    fn sides<'a>(
        &'a self,
        rows: u32,
        stream: &Stream<'a>,
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
            stream.bytes,
            stream.ends,
            piece,
            before,
            usize::from(target.after),
            target.inflect.then_some(stream.stem_ends),
        ))
    }
}

/// An article's stream as verification reads it.
struct Stream<'a> {
    /// The word characters, as byte classes.
    bytes: &'a [u8],
    /// For each byte, whether a word can end with it.
    ends: &'a [bool],
    /// For each position, whether the rest of its word is an ending
    /// ([`Endings::mark_stems`]); empty when no claim inflects.
    stem_ends: &'a [bool],
}

impl Stream<'_> {
    /// `span` (stream positions, end excluded, not empty) widened to the whole words it
    /// touches: from the start of the word holding its first byte to the end of the word
    /// holding its last.
    fn whole_words(&self, span: (usize, usize)) -> (usize, usize) {
        let (mut start, mut end) = span;
        while let Some(before) = start.checked_sub(1)
            && !self.ends.get(before).copied().unwrap_or(true)
        {
            start = before;
        }
        while end > 0 && !self.ends.get(end - 1).copied().unwrap_or(true) {
            end += 1;
        }
        (start, end)
    }
}

/// The bit of a pair of neighbouring byte classes in a 64-bit set of pairs.
fn pair_bit(first: u8, second: u8) -> u64 {
    let key = (u32::from(first) << 8) | u32::from(second);
    1u64 << (key.wrapping_mul(0x9E37_79B1) >> 26)
}

/// The pairs of neighbouring bytes of `bytes`, hashed into a set ([`pair_bit`]).
fn pair_set(bytes: impl IntoIterator<Item = u8>) -> u64 {
    let mut set = 0;
    let mut previous = None;
    for byte in bytes {
        if let Some(first) = previous {
            set |= pair_bit(first, byte);
        }
        previous = Some(byte);
    }
    set
}

/// Whether the text before and after a piece occurrence may hold the needle's sides within
/// `budget` edits in all: each side is (text that alignment may use, the side's
/// [`pair_set`], its length). `false` only when they cannot.
///
/// By the q-gram lemma, text within `e` edits of a side of `n` bytes holds at least
/// `n − 1 − 2e` of the side's pairs of neighbouring bytes (an edit breaks two at most), so
/// the two texts hold at least `before − 1 + after − 1 − 2·budget` pairs of the sets; a
/// pair of the text whose hash is in the set only makes the count larger.
fn enough_pairs(sides: [(&[u8], u64, usize); 2], budget: usize) -> bool {
    let pairs: usize = sides
        .iter()
        .map(|(_, _, length)| length.saturating_sub(1))
        .sum();
    let need = pairs.saturating_sub(2 * budget);
    let mut found = 0;
    for (text, set, _) in sides {
        for pair in text.windows(2) {
            if found >= need {
                return true;
            }
            found += usize::from(set & pair_bit(pair[0], pair[1]) != 0);
        }
    }
    found >= need
}

/// The pieces every match state of the DFA ends, each with its targets, in one flat list:
/// a piece end looks its state up once, instead of the automaton's list of patterns and then
/// each pattern's targets (each a memory access that waits on the one before).
///
/// The DFA numbers its states by their offset in its transition table: multiples of one
/// power of two, found here as the greatest common divisor of the states reachable from
/// the start; a state's number shifted right by its logarithm indexes `starts`.
#[derive(Debug, Clone)]
struct StateTargets {
    shift: u32,
    /// For state `i`, its entries are `entries[starts[i]..starts[i + 1]]`.
    starts: Vec<u32>,
    /// (piece length, target) for every piece the state ends, every target of each.
    entries: Vec<(u8, Target)>,
}

impl StateTargets {
    /// The table of `dfa`, which reads bytes below `class_count`; `None` when its states are
    /// not numbered as expected, or too sparsely (then the automaton's own lists serve).
    fn new(
        dfa: &DFA,
        class_count: usize,
        piece_lengths: &[u32],
        target_starts: &[u32],
        targets: &[Target],
    ) -> Option<StateTargets> {
        let start = dfa.start_state(Anchored::No).ok()?;
        let mut seen = std::collections::HashSet::new();
        let mut queue = vec![start];
        seen.insert(start);
        while let Some(state) = queue.pop() {
            for byte in 0..u8::try_from(class_count.min(256)).unwrap_or(u8::MAX) {
                let next = dfa.next_state(Anchored::No, state, byte);
                if seen.insert(next) {
                    queue.push(next);
                }
            }
        }
        let stride = seen
            .iter()
            .map(|state| state.as_usize())
            .fold(0, greatest_common_divisor);
        if stride == 0 || !stride.is_power_of_two() {
            return None;
        }
        let shift = stride.trailing_zeros();
        let last = seen.iter().map(|state| state.as_usize() >> shift).max()?;
        if last > 16 * seen.len() + 16 {
            return None;
        }
        let mut lists: Vec<Vec<(u8, Target)>> = vec![Vec::new(); last + 1];
        for &state in &seen {
            if !dfa.is_match(state) {
                continue;
            }
            let list = lists.get_mut(state.as_usize() >> shift)?;
            for index in 0..dfa.match_len(state) {
                let pattern = dfa.match_pattern(state, index).as_usize();
                let length = u8::try_from(*piece_lengths.get(pattern)?).ok()?;
                let from = *target_starts.get(pattern)? as usize;
                let to = *target_starts.get(pattern + 1)? as usize;
                list.extend(
                    targets
                        .get(from..to)?
                        .iter()
                        .map(|&target| (length, target)),
                );
            }
        }
        let mut starts = Vec::with_capacity(lists.len() + 1);
        let mut entries = Vec::new();
        for list in lists {
            starts.push(index_u32(entries.len()));
            entries.extend(list);
        }
        starts.push(index_u32(entries.len()));
        Some(StateTargets {
            shift,
            starts,
            entries,
        })
    }

    /// The pieces and targets of match state `state`; `None` for a state the table does not
    /// know (a match state always ends some piece), which the automaton's lists then serve.
    fn at(&self, state: StateID) -> Option<&[(u8, Target)]> {
        let index = state.as_usize() >> self.shift;
        let (&from, &to) = (self.starts.get(index)?, self.starts.get(index + 1)?);
        self.entries
            .get(from as usize..to as usize)
            .filter(|entries| !entries.is_empty())
    }
}

fn greatest_common_divisor(a: usize, b: usize) -> usize {
    if b == 0 {
        a
    } else {
        greatest_common_divisor(b, a % b)
    }
}

/// Turns the stream offsets of `out[from..]`, as the automaton gives them, into offsets in
/// the text read, by `locate`; a candidate `locate` cannot place (which cannot happen) is
/// dropped.
fn locate_candidates(
    out: &mut Vec<Candidate>,
    from: usize,
    locate: impl Fn(usize) -> Option<usize>,
) {
    let located: Vec<Candidate> = out
        .drain(from.min(out.len())..)
        .filter_map(|candidate| {
            Some(Candidate {
                first: locate(candidate.first)?,
                last: locate(candidate.last)?,
                ..candidate
            })
        })
        .collect();
    out.extend(located);
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
