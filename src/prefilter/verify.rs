//! Verifying a piece occurrence: Myers' bit-parallel edit distance on each side of the
//! piece, and the span every matching window contains (see *Verification* and *The span* in
//! the [prefilter's documentation](super)).

use crate::distance::{Columns, low_bits};

/// The two sides of a piece occurrence at `start..end` of the stream: the needle's
/// `before` bytes must end exactly at `start`, its `after` bytes start exactly at `end`.
pub(super) struct Sides<'a> {
    /// The needle's rows, one per byte class.
    pub(super) rows: &'a [u64],
    /// The stream, as byte classes.
    pub(super) stream: &'a [u8],
    pub(super) start: usize,
    pub(super) end: usize,
    pub(super) before: usize,
    pub(super) after: usize,
    /// Position in the needle of the first byte after the piece.
    pub(super) shift: usize,
    /// For each byte of the stream, whether a word can end with it.
    pub(super) ends: &'a [bool],
    /// For a needle whose anchor inflects: for each stream position, whether the rest of
    /// its word from there is an ending a word may lose ([`Endings::mark_stems`]), so that a
    /// window's word characters may also end there.
    pub(super) stem_ends: Option<&'a [bool]>,
}

impl<'a> Sides<'a> {
    /// The check of a piece occurrence at `piece` of the stream for a needle with `before`
    /// bytes before the piece and `after` after it.
    pub(super) fn new(
        rows: &'a [u64],
        stream: &'a [u8],
        ends: &'a [bool],
        piece: std::ops::Range<usize>,
        before: usize,
        after: usize,
        stem_ends: Option<&'a [bool]>,
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
            stem_ends,
        }
    }

    pub(super) fn row(&self, class: u8) -> u64 {
        self.rows.get(usize::from(class)).copied().unwrap_or(0)
    }

    /// The match bits of the needle's bytes after the piece (unmasked) for a byte of class
    /// `class`; none when there are no bytes after the piece.
    pub(super) fn after_bits(&self, class: u8) -> u64 {
        let shift = u32::try_from(self.shift).unwrap_or(u32::MAX);
        self.row(class).checked_shr(shift).unwrap_or(0)
    }

    /// Whether a window's word characters can end at stream position `at`: a word ends
    /// with the byte before it.
    ///
    /// For an anchor that inflects, also where the rest of the word is an ending of the
    /// lists ([`crate::inflect::all_endings`]): the window's last word read without it. A
    /// table lookup: the places were marked once for the whole stream.
    #[inline]
    pub(super) fn may_end_at(&self, at: usize) -> bool {
        let word_end = at
            .checked_sub(1)
            .and_then(|last| self.ends.get(last))
            .copied()
            .unwrap_or(false);
        word_end
            || at > 0
                && self
                    .stem_ends
                    .is_some_and(|stems| stems.get(at).copied().unwrap_or(false))
    }

    /// Whether the two sides cost at most `budget` edits in all; the cheap test, most
    /// occurrences fail it.
    pub(super) fn passes(&self, budget: usize) -> bool {
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
    pub(super) fn span(&self, budget: usize) -> Option<(usize, usize)> {
        if !self.passes(budget) {
            return None;
        }
        let before_cost = self.before_cost(budget)?;
        let after_cost = self.after_cost(budget)?;
        let span_start = self.latest_start(budget.checked_sub(after_cost)?);
        let span_end = self.earliest_end(budget.checked_sub(before_cost)?)?;
        Some((span_start, span_end))
    }

    /// Whether some stretch of stream text around the piece, ending where a word can end, is
    /// close enough to the needle for a window made of it to score `threshold` against a
    /// spelling of at most `longest` characters: the finer test after [`Sides::span`] (see
    /// *Scores* in the [prefilter's documentation](super)).
    ///
    /// The budget allows for a window longer than the anchor; for each stretch this asks
    /// `edits ≤ (1 − threshold)·max(|a|, longest)` with `|a|` the length of the window's
    /// spelling: its word characters, plus one character for every place inside it where
    /// the next character is no word character (a space between two words, or punctuation
    /// inside a word, which is always a single character). Texts longer than
    /// [`MAX_SCORED_SIDE`] on either side pass untested.
    pub(super) fn may_score(
        &self,
        budget: usize,
        threshold: f64,
        longest: usize,
        proclitics: &Proclitics,
    ) -> bool {
        let before_reach = (self.before + budget).min(self.start);
        let after_reach = (self.after + budget).min(self.stream.len().saturating_sub(self.end));
        if before_reach >= MAX_SCORED_SIDE || after_reach >= MAX_SCORED_SIDE {
            return true;
        }
        // The cost of each side for each length of text it takes (anchored at the piece).
        let mut before_costs = [usize::MAX; MAX_SCORED_SIDE];
        let mut after_costs = [usize::MAX; MAX_SCORED_SIDE];
        self.side_costs(true, before_reach, &mut before_costs);
        self.side_costs(false, after_reach, &mut after_costs);
        // `boundaries[k]`: stream bytes from `lowest` to `lowest + k` a word can end with.
        let lowest = self.start - before_reach;
        let highest = self.end + after_reach;
        let mut boundaries = [0u16; 2 * MAX_SCORED_SIDE + 65];
        let Some(counts) = boundaries.get_mut(..=highest - lowest) else {
            return true;
        };
        for (k, at) in (lowest..highest).enumerate() {
            let end = u16::from(self.ends.get(at).copied().unwrap_or(false));
            counts[k + 1] = counts[k] + end;
        }
        let piece = self.end - self.start;
        for (taken_before, &before_cost) in before_costs.iter().enumerate().take(before_reach + 1) {
            if before_cost > budget || !self.may_start_at(self.start - taken_before, proclitics) {
                continue;
            }
            for (taken_after, &after_cost) in after_costs.iter().enumerate().take(after_reach + 1) {
                let cost = before_cost + after_cost;
                if cost > budget || !self.may_end_at(self.end + taken_after) {
                    continue;
                }
                // The stretch is `s..e`; the places a word can end strictly inside it (its
                // last byte ends the window) each stand for a character of the spelling.
                let s = before_reach - taken_before;
                let e = before_reach + piece + taken_after;
                let inside = usize::from(counts[e - 1] - counts[s]);
                let spelling = (e - s) + inside;
                if cost <= edit_allowance(threshold, spelling.max(longest)) {
                    return true;
                }
            }
        }
        false
    }

    /// Whether a window's first word can start at stream byte `at` — where a word starts,
    /// or after as many letters at the start of one as a stack of proclitics may have, each a
    /// letter proclitics are made of.
    fn may_start_at(&self, at: usize, proclitics: &Proclitics) -> bool {
        for stripped in 0..=proclitics.longest {
            let Some(start) = at.checked_sub(stripped) else {
                return false;
            };
            if stripped > 0 {
                let class = self.stream.get(start).copied().unwrap_or(0);
                if !proclitics.classes[usize::from(class)] {
                    return false;
                }
            }
            let word_start = start
                .checked_sub(1)
                .is_none_or(|before| self.ends.get(before).copied().unwrap_or(true));
            if word_start {
                return true;
            }
        }
        false
    }

    /// The fewest edits of one side of the needle against each length of stream text next to
    /// the piece, from 0 to `reach` bytes, into `costs`: the bytes before the piece against
    /// text ending at `start` (read backwards), or the bytes after it against text starting
    /// at `end`.
    fn side_costs(&self, before: bool, reach: usize, costs: &mut [usize; MAX_SCORED_SIDE]) {
        let length = if before { self.before } else { self.after };
        if length == 0 {
            // Every byte of text is an insertion.
            for (taken, cost) in costs.iter_mut().enumerate().take(reach + 1) {
                *cost = taken;
            }
            return;
        }
        costs[0] = length;
        let mask = low_bits(length);
        let mut columns = Columns::new(length);
        for taken in 1..=reach {
            let bits = if before {
                let Some(&class) = self.stream.get(self.start - taken) else {
                    break;
                };
                (self.row(class) & mask).reverse_bits() >> (64 - length)
            } else {
                let Some(&class) = self.stream.get(self.end + taken - 1) else {
                    break;
                };
                self.after_bits(class) & mask
            };
            columns.advance(bits, true);
            if let Some(cost) = costs.get_mut(taken) {
                *cost = columns.distance;
            }
        }
    }

    /// The fewest edits between the needle's bytes before the piece and stream text ending
    /// exactly at `start`, if at most `budget`.
    pub(super) fn before_cost(&self, budget: usize) -> Option<usize> {
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
    pub(super) fn after_text(&self, budget: usize) -> Option<&[u8]> {
        let to = (self.end + self.after + budget).min(self.stream.len());
        self.stream.get(self.end..to)
    }

    /// The fewest edits between the needle's bytes after the piece and stream text starting
    /// exactly at `end` and ending where a word can end, if at most `budget`.
    pub(super) fn after_cost(&self, budget: usize) -> Option<usize> {
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
    pub(super) fn after_within(&self, budget: usize) -> bool {
        self.earliest_end(budget).is_some()
    }

    /// The end of the shortest stream text starting at `end`, ending where a word can end,
    /// within `budget` edits of the needle's bytes after the piece.
    pub(super) fn earliest_end(&self, budget: usize) -> Option<usize> {
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
    pub(super) fn latest_start(&self, budget: usize) -> usize {
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

/// What the prefilter knows of the proclitics a window's first word may lose
/// ([`crate::matcher::proclitic_stacks`]).
#[derive(Debug, Clone)]
pub(super) struct Proclitics {
    /// The byte classes of the letters they are made of.
    pub(super) classes: Box<[bool; 256]>,
    /// The most letters one stack has (`وبال`).
    pub(super) longest: usize,
}

/// Every ending of [`crate::inflect::all_endings`] in the stream's byte classes, read
/// backwards from the end of a word: a trie over the letters endings are made of.
#[derive(Debug, Clone)]
pub(super) struct Endings {
    /// For each byte class, its letter number in the trie (1-based), 0 for a class no
    /// ending holds.
    letters: Box<[u8; 256]>,
    /// Number of letters plus one: the width of a row of `children`.
    width: usize,
    /// For node `n` and letter `l`, `children[n·width + l]` is the next node, 0 for none
    /// (the root, node 0, is no node's child).
    children: Vec<u32>,
    /// Whether the letters read from the root to each node make an ending.
    complete: Vec<bool>,
    /// The longest ending, in bytes.
    longest: usize,
}

impl Endings {
    /// The trie of `endings` (compact bytes), read through `classes`.
    pub(super) fn new(endings: &[Vec<u8>], classes: &[u8; 256]) -> Endings {
        let mut letters = Box::new([0u8; 256]);
        let mut next_letter = 0u8;
        for &byte in endings.iter().flatten() {
            let class = usize::from(classes[usize::from(byte)]);
            if letters[class] == 0 && next_letter < u8::MAX {
                next_letter += 1;
                letters[class] = next_letter;
            }
        }
        let width = usize::from(next_letter) + 1;
        let mut children = vec![0u32; width];
        let mut complete = vec![false];
        for ending in endings {
            let mut node = 0usize;
            for &byte in ending.iter().rev() {
                let letter = usize::from(letters[usize::from(classes[usize::from(byte)])]);
                let slot = node * width + letter;
                let child = children.get(slot).copied().unwrap_or(0);
                node = if child == 0 {
                    let new = complete.len();
                    complete.push(false);
                    children.resize(children.len() + width, 0);
                    if let Some(cell) = children.get_mut(slot) {
                        *cell = u32::try_from(new).unwrap_or(0);
                    }
                    new
                } else {
                    child as usize
                };
            }
            if node != 0
                && let Some(flag) = complete.get_mut(node)
            {
                *flag = true;
            }
        }
        Endings {
            letters,
            width,
            children,
            complete,
            longest: endings.iter().map(Vec::len).max().unwrap_or(0),
        }
    }

    /// Marks in `out` (cleared, one entry per stream position and one past the end) every
    /// position `at` where `stream[at..]` up to the end of its word (where `ends` is true)
    /// is an ending: a word's characters read without its ending end there. One walk of the
    /// trie back from each word's end, for the whole stream, so that verification looks the
    /// places up instead of reading the endings at each.
    pub(super) fn mark_stems(&self, stream: &[u8], ends: &[bool], out: &mut Vec<bool>) {
        out.clear();
        out.resize(stream.len() + 1, false);
        for (last, _) in ends.iter().enumerate().filter(|(_, end)| **end) {
            let mut node = 0usize;
            let mut at = last;
            loop {
                let class = stream.get(at).copied().unwrap_or(0);
                let letter = usize::from(self.letters[usize::from(class)]);
                if letter == 0 {
                    break;
                }
                node = self
                    .children
                    .get(node * self.width + letter)
                    .copied()
                    .unwrap_or(0) as usize;
                if node == 0 {
                    break;
                }
                if self.complete.get(node).copied().unwrap_or(false)
                    && let Some(slot) = out.get_mut(at)
                {
                    *slot = true;
                }
                // The word's first byte (the one before it ends a word), or the stream's.
                let Some(before) = at.checked_sub(1) else {
                    break;
                };
                if ends.get(before).copied().unwrap_or(true) || last - before >= self.longest {
                    break;
                }
                at = before;
            }
        }
    }

    /// Whether `stream[at..]` up to the end of its word (where `ends` is true) is an
    /// ending, read at `at` alone: what [`Endings::mark_stems`] marks, for its tests.
    #[cfg(test)]
    pub(super) fn ends_word_at(&self, stream: &[u8], ends: &[bool], at: usize) -> bool {
        // The last byte of the word holding `at`.
        let mut last = at;
        loop {
            if last >= at + self.longest {
                return false;
            }
            match ends.get(last) {
                Some(true) => break,
                Some(false) => last += 1,
                None => return false,
            }
        }
        let mut node = 0usize;
        for index in (at..=last).rev() {
            let class = stream.get(index).copied().unwrap_or(0);
            let letter = usize::from(self.letters[usize::from(class)]);
            if letter == 0 {
                return false;
            }
            node = self
                .children
                .get(node * self.width + letter)
                .copied()
                .unwrap_or(0) as usize;
            if node == 0 {
                return false;
            }
        }
        self.complete.get(node).copied().unwrap_or(false)
    }
}

/// The longest side [`Sides::may_score`] tests, in bytes of text.
const MAX_SCORED_SIDE: usize = 128;

/// The most edits a window can have against a spelling when the longer of the two is
/// `length` characters and the score must reach `threshold` (`1 − edits / length ≥
/// threshold`), with a small margin against floating-point error; unbounded at threshold 0
/// or below, or not a number.
fn edit_allowance(threshold: f64, length: usize) -> usize {
    if threshold.partial_cmp(&0.0) != Some(std::cmp::Ordering::Greater) {
        return usize::MAX;
    }
    let bound = (1.0 - threshold.min(1.0)) * length as f64;
    let padded = bound + 1e-6 * (1.0 + bound);
    if !padded.is_finite() || padded >= usize::MAX as f64 {
        return usize::MAX;
    }
    padded.floor() as usize
}

/// Each needle's rows, `class_count` a needle in order: for each byte class, the bit set of
/// the needle's positions holding it (Myers' match vectors).
pub(super) fn match_rows(needles: &[Vec<u8>], classes: &[u8; 256], class_count: usize) -> Vec<u64> {
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
