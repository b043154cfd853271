//! Myers' bit-parallel edit distance, the one step both the matcher and the prefilter's
//! verifier run.
//!
//! A pattern of at most 64 symbols is a column of the edit-distance matrix held as two bit
//! vectors (the rows where the distance grows by one going down, and those where it shrinks);
//! each symbol of text moves the column on in a handful of word operations, whatever the
//! pattern's length. The caller supplies, per text symbol, the bit set of pattern positions
//! holding that symbol (Myers' "match vector"), so the same step serves characters
//! (the matcher's alphabet indices) and bytes (the prefilter's byte classes).
//!
//! ```
//! use crosscheck::distance::Columns;
//!
//! // Pattern "ab": `a` at position 0, `b` at position 1.
//! let equal = |c: u8| match c { b'a' => 0b01, b'b' => 0b10, _ => 0 };
//! let mut columns = Columns::new(2);
//! for &c in b"axb" {
//!     columns.advance(equal(c), true);
//! }
//! assert_eq!(columns.distance, 1); // "ab" → "axb": one insertion
//! ```
//!
//! The formulation is Hyyrö's ("Explaining and extending the bit-parallel approximate string
//! matching algorithm of Myers", 2001); `docs/design.md` says where each user needs it.

/// The lowest `bits` bits set (`bits` from 1 to 64; 64 or more gives every bit).
pub fn low_bits(bits: usize) -> u64 {
    if bits >= 64 {
        u64::MAX
    } else {
        (1u64 << bits) - 1
    }
}

/// One column of the edit-distance matrix between a pattern of 1 to 64 symbols and the text
/// read so far.
#[derive(Debug, Clone, Copy)]
pub struct Columns {
    /// Rows where the distance grows by one going down the column.
    pub plus: u64,
    /// Rows where it shrinks by one.
    pub minus: u64,
    /// The pattern's positions.
    pub mask: u64,
    /// The pattern's last position.
    pub last: u64,
    /// The distance in the last row: between the whole pattern and the text so far.
    pub distance: usize,
}

impl Columns {
    /// The column before any text, for a pattern of `length` symbols (1 to 64).
    pub fn new(length: usize) -> Columns {
        let mask = low_bits(length);
        Columns {
            plus: mask,
            minus: 0,
            mask,
            last: 1u64 << (length.clamp(1, 64) - 1),
            distance: length,
        }
    }

    /// Moves one symbol of text on; `equal` has bit `i` set when pattern symbol `i` equals it.
    /// `anchored`: the match starts at the first symbol of text (the first row grows by one
    /// per symbol, a distance between whole strings); otherwise it may start anywhere (the
    /// first row stays 0).
    #[inline]
    pub fn advance(&mut self, equal: u64, anchored: bool) {
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

    /// The distance in the row above the last: between the pattern without its last symbol
    /// and the text so far (the last row less the vertical step down to it).
    #[inline]
    pub fn distance_without_last(&self) -> usize {
        self.distance
            .wrapping_sub(usize::from(self.plus & self.last != 0))
            .wrapping_add(usize::from(self.minus & self.last != 0))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The textbook dynamic programme, for comparison.
    fn levenshtein(a: &[u8], b: &[u8]) -> usize {
        let mut row: Vec<usize> = (0..=b.len()).collect();
        for (i, &x) in a.iter().enumerate() {
            let mut previous = row[0];
            row[0] = i + 1;
            for (j, &y) in b.iter().enumerate() {
                let substitution = previous + usize::from(x != y);
                previous = row[j + 1];
                row[j + 1] = substitution.min(row[j] + 1).min(previous + 1);
            }
        }
        row[b.len()]
    }

    fn anchored_distances(pattern: &[u8], text: &[u8]) -> (usize, usize) {
        let mut columns = Columns::new(pattern.len());
        for &c in text {
            let equal = pattern
                .iter()
                .enumerate()
                .filter(|&(_, &p)| p == c)
                .fold(0u64, |bits, (i, _)| bits | 1 << i);
            columns.advance(equal, true);
        }
        (columns.distance, columns.distance_without_last())
    }

    #[test]
    fn anchored_steps_give_the_levenshtein_distance_of_whole_strings() {
        let words: [&[u8]; 7] = [
            b"a", b"ab", b"kitten", b"sitting", b"axb", b"shells", b"shell",
        ];
        for pattern in words {
            for text in words {
                let (whole, shorter) = anchored_distances(pattern, text);
                assert_eq!(whole, levenshtein(pattern, text), "{pattern:?} {text:?}");
                let without_last = &pattern[..pattern.len() - 1];
                assert_eq!(
                    shorter,
                    levenshtein(without_last, text),
                    "{pattern:?} {text:?}"
                );
            }
        }
    }

    #[test]
    fn unanchored_steps_find_the_pattern_anywhere() {
        // "shell" inside "the shells": 0 edits once "shell" has been read.
        let pattern = b"shell";
        let mut columns = Columns::new(pattern.len());
        let mut best = usize::MAX;
        for &c in b"the shells" {
            let equal = pattern
                .iter()
                .enumerate()
                .filter(|&(_, &p)| p == c)
                .fold(0u64, |bits, (i, _)| bits | 1 << i);
            columns.advance(equal, false);
            best = best.min(columns.distance);
        }
        assert_eq!(best, 0);
    }

    #[test]
    fn low_bits_covers_the_word() {
        assert_eq!(low_bits(1), 1);
        assert_eq!(low_bits(3), 0b111);
        assert_eq!(low_bits(64), u64::MAX);
        assert_eq!(low_bits(70), u64::MAX);
    }
}
