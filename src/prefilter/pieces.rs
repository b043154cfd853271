//! Cutting anchors into pieces: each claim's needles, their families, and the rarest
//! pieces by a sample of the corpus (see *Pigeonhole* and *Families* in the [prefilter's
//! documentation](super)).

use super::stream::{IDENTITY, Scratch, compact};
use super::{ClaimPhrases, MIN_PIECE_CHARS, is_word_char, max_edits};
use std::collections::HashMap;

/// A needle of one claim before it is numbered: the anchors it stands for, its compact
/// bytes and its edit budget.
pub(super) struct ClaimNeedle {
    pub(super) phrases: Vec<usize>,
    pub(super) bytes: Vec<u8>,
    pub(super) budget: usize,
    /// The longest spelling with these word characters, in characters.
    pub(super) longest: usize,
}

/// Needles of one claim that all end with the first, the *base* — the spellings of one
/// anchor with and without a proclitic (`والقمه`, `القمه`, `قمه`), two anchors that differ by
/// one (`X`, `وX`) — found through one set of pieces: `budget + 1` pieces of the base for the
/// largest budget among them, which are pieces of every member too.
pub(super) struct ClaimFamily {
    pub(super) members: Vec<ClaimNeedle>,
    pub(super) budget: usize,
    pub(super) pieces: Vec<(usize, Vec<u8>)>,
    /// Expected occurrences of the pieces (see [`PieceStats::expected`]).
    pub(super) cost: f64,
}

/// The needles of a claim's anchors: every distinct word-character spelling of every
/// anchor's variants, once for all the anchors that have it (spaced and joined spellings, and
/// two anchors that differ only by a proclitic, share one), with the largest edit budget
/// among them. `None` when a budget is unbounded.
pub(super) fn needles_of(claim: &ClaimPhrases<'_>) -> Option<Vec<ClaimNeedle>> {
    let mut out: Vec<ClaimNeedle> = Vec::new();
    // Bytes → index in `out`: a claim may have tens of thousands of anchors.
    let mut index_of: HashMap<Vec<u8>, usize> = HashMap::new();
    for (phrase_index, phrase) in claim.phrases.iter().enumerate() {
        for variant in phrase.search_spellings() {
            let length = variant.chars().count();
            let budget = max_edits(claim.threshold, length)?;
            let bytes: Vec<u8> = variant
                .chars()
                .filter(|&c| is_word_char(c))
                .map(compact)
                .collect();
            match index_of.get(&bytes).and_then(|&index| out.get_mut(index)) {
                Some(needle) => {
                    needle.budget = needle.budget.max(budget);
                    needle.longest = needle.longest.max(length);
                    if !needle.phrases.contains(&phrase_index) {
                        needle.phrases.push(phrase_index);
                    }
                }
                None => {
                    index_of.insert(bytes.clone(), out.len());
                    out.push(ClaimNeedle {
                        phrases: vec![phrase_index],
                        bytes,
                        budget,
                        longest: length,
                    });
                }
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
pub(super) fn families_of(
    claim: &ClaimPhrases<'_>,
    stats: &PieceStats,
) -> Option<Vec<ClaimFamily>> {
    let mut needles = needles_of(claim)?;
    needles.sort_by_key(|n| n.bytes.len());
    let mut families: Vec<ClaimFamily> = Vec::new();
    // Base bytes → the families with that base, in order: a needle's candidate families are
    // those of its suffixes, looked up instead of tried one by one (a claim may have tens of
    // thousands of anchors).
    let mut by_base: HashMap<Vec<u8>, Vec<usize>> = HashMap::new();
    let mut candidates: Vec<usize> = Vec::new();
    for needle in needles {
        let alone = choose_pieces(&needle.bytes, needle.budget.checked_add(1)?, stats)?;
        let alone_cost = pieces_cost(&alone, stats);
        candidates.clear();
        for cut in 0..=needle.bytes.len() {
            if let Some(found) = needle.bytes.get(cut..).and_then(|s| by_base.get(s)) {
                candidates.extend_from_slice(found);
            }
        }
        candidates.sort_unstable();
        // The cheapest family to join: (index, added cost, new pieces if they change).
        let mut best: Option<(usize, f64, Option<Pieces>)> = None;
        for &index in &candidates {
            let Some(family) = families.get(index) else {
                continue;
            };
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
            None => {
                by_base
                    .entry(needle.bytes.clone())
                    .or_default()
                    .push(families.len());
                families.push(ClaimFamily {
                    budget: needle.budget,
                    members: vec![needle],
                    pieces: alone,
                    cost: alone_cost,
                });
            }
        }
    }
    Some(families)
}

/// Pieces of a needle, each with its offset in the needle.
pub(super) type Pieces = Vec<(usize, Vec<u8>)>;

/// Expected occurrences of `pieces` in all.
pub(super) fn pieces_cost(pieces: &[(usize, Vec<u8>)], stats: &PieceStats) -> f64 {
    pieces.iter().map(|(_, piece)| stats.expected(piece)).sum()
}

/// Whether `count` disjoint pieces of at least [`MIN_PIECE_CHARS`] fit in a needle of `len`
/// bytes (at least one piece).
pub(super) fn pieces_fit(count: usize, len: usize) -> bool {
    count > 0
        && count
            .checked_mul(MIN_PIECE_CHARS)
            .is_some_and(|least| least <= len)
}

/// `count` disjoint pieces of `needle`, each at least [`MIN_PIECE_CHARS`] long, with their
/// offsets, chosen to make the fewest expected occurrences in all; `None` when `count` such
/// pieces do not fit. Together the pieces cover the whole needle.
///
/// A piece's expected count ([`PieceStats::expected`]) is that of its rarest part of
/// [`PieceStats::LONGEST`] bytes (or of itself, when shorter), and never grows when the piece
/// is lengthened (a longer string occurs no more often, and its letter model is a product of
/// more frequencies). So a best choice exists among pieces of at most `LONGEST` bytes: any
/// longer piece costs what its rarest part costs alone. The dynamic programme looks only at
/// those — `needle.len() × count × LONGEST` steps, linear in the needle for a given count,
/// where trying every start and end was about the fourth power of its length (a 120-word
/// anchor took 80 s) — and then each piece is widened, at no cost, back to where the one
/// before it ends (the last one to the needle's end), so longer pieces, which the sample
/// cannot tell apart but the corpus can, make fewer candidates.
pub(super) fn choose_pieces(
    needle: &[u8],
    count: usize,
    stats: &PieceStats,
) -> Option<Vec<(usize, Vec<u8>)>> {
    let len = needle.len();
    if !pieces_fit(count, len) {
        return None;
    }
    const SHORTEST: usize = MIN_PIECE_CHARS;
    const LONGEST: usize = PieceStats::LONGEST;
    // cost[start * WIDTH + (piece length - SHORTEST)]: expected occurrences of that piece.
    const WIDTH: usize = LONGEST - SHORTEST + 1;
    let mut cost = vec![f64::INFINITY; len * WIDTH];
    for start in 0..len {
        for piece_len in SHORTEST..=LONGEST.min(len - start) {
            if let (Some(piece), Some(slot)) = (
                needle.get(start..start + piece_len),
                cost.get_mut(start * WIDTH + piece_len - SHORTEST),
            ) {
                *slot = stats.expected(piece);
            }
        }
    }
    // best[end * (count + 1) + pieces]: the lowest cost of `pieces` pieces within
    // needle[..end], and the length of the last piece when it ends at `end` (0: it ends
    // before).
    let row = count + 1;
    let mut best = vec![(f64::INFINITY, 0u8); (len + 1) * row];
    for end in 0..=len {
        if let Some(cell) = best.get_mut(end * row) {
            *cell = (0.0, 0);
        }
    }
    for end in 1..=len {
        for pieces in 1..=count {
            let mut cell = match best.get((end - 1) * row + pieces) {
                Some(&(cost, _)) => (cost, 0u8),
                None => (f64::INFINITY, 0),
            };
            for piece_len in SHORTEST..=LONGEST.min(end) {
                let start = end - piece_len;
                let (Some(&(before, _)), Some(&piece_cost)) = (
                    best.get(start * row + pieces - 1),
                    cost.get(start * WIDTH + piece_len - SHORTEST),
                ) else {
                    continue;
                };
                if before + piece_cost < cell.0 {
                    cell = (before + piece_cost, u8::try_from(piece_len).unwrap_or(0));
                }
            }
            if let Some(slot) = best.get_mut(end * row + pieces) {
                *slot = cell;
            }
        }
    }
    // Walk back from the end: the pieces, shortest form.
    let mut spans = Vec::with_capacity(count);
    let (mut end, mut pieces) = (len, count);
    while pieces > 0 {
        let (total, piece_len) = *best.get(end * row + pieces)?;
        if !total.is_finite() {
            return None;
        }
        if piece_len == 0 {
            end = end.checked_sub(1)?;
            continue;
        }
        let start = end.checked_sub(usize::from(piece_len))?;
        spans.push((start, end));
        end = start;
        pieces -= 1;
    }
    spans.reverse();
    // Widen each piece back to the end of the one before, and the last to the needle's end.
    let mut out = Vec::with_capacity(count);
    let mut covered = 0;
    let last = spans.len().saturating_sub(1);
    for (index, &(_, end)) in spans.iter().enumerate() {
        let end = if index == last { len } else { end };
        out.push((covered, needle.get(covered..end)?.to_vec()));
        covered = end;
    }
    Some(out)
}

/// How often pieces occur: counted in a sample of the corpus, and estimated from how often
/// their letters occur where the sample is too small to say (or absent).
///
/// A piece's rate is `(count + PRIOR·q) / (positions + PRIOR)`: its count among the sample's
/// positions, with [`PieceStats::PRIOR`] positions' worth of the letter model `q` (the product
/// of its letters' frequencies) — so a large sample decides, an empty one leaves the model,
/// and a piece the sample lacks is ranked by its letters rather than all alike.
pub(super) struct PieceStats {
    /// Occurrences of every substring of 2 to [`PieceStats::LONGEST`] bytes of the sample's
    /// stream, keyed by [`PieceStats::key`].
    pub(super) counts: HashMap<u64, u32, FoldHash>,
    /// Number of positions in the sample's stream.
    pub(super) positions: f64,
    /// Frequency of each byte: in the sample, or in the needles without one (add-one).
    pub(super) letters: [f64; 256],
}

impl PieceStats {
    /// The longest substring counted; longer pieces are estimated from their parts.
    pub(super) const LONGEST: usize = 7;

    /// How many positions the letter model weighs, against the sample's.
    pub(super) const PRIOR: f64 = 4096.0;

    /// Counts `sample` (folded text); the letter frequencies come from it, or from
    /// `fallback` (the needles' bytes) when it holds fewer than [`PieceStats::PRIOR`] bytes.
    pub(super) fn new(sample: Option<&str>, fallback: &[u8]) -> PieceStats {
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
    pub(super) fn key(piece: &[u8]) -> u64 {
        piece.iter().fold(piece.len() as u64, |key, &byte| {
            (key << 8) | u64::from(byte)
        })
    }

    /// Expected occurrences of `piece` a million positions, relative to other pieces; long
    /// pieces take the rate of their rarest part.
    pub(super) fn expected(&self, piece: &[u8]) -> f64 {
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
pub(super) struct FoldHash;

impl std::hash::BuildHasher for FoldHash {
    type Hasher = FoldHasher;
    fn build_hasher(&self) -> FoldHasher {
        FoldHasher(0)
    }
}

#[derive(Debug, Clone, Copy)]
pub(super) struct FoldHasher(u64);

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
