//! Byte offset → (line, character column), for many lookups on one text.
//!
//! Reports quote places in articles as `file:line:column` so an editor jumps to them. Lines
//! are counted in the file as it is on disk (front matter included) and broken by `\n`,
//! `\r\n` or a lone `\r` (old Mac files and some scrapers). Columns count Unicode scalar
//! values (`char`s) from 1, not bytes: an Arabic letter is two bytes in UTF-8 but one column.
//!
//! The index is built in one pass over the bytes. It records, for every line start, the
//! number of characters before it, and the same at a checkpoint every [`CHECKPOINT_BYTES`]
//! bytes. A lookup is a binary search over each plus a count of the characters between the
//! nearer of the two and the offset: counting from the start of the line alone would be slow
//! on the 10 MB single-line files scrapers produce.

/// Distance in bytes between two character-count checkpoints.
///
/// A lookup counts at most about this many bytes; the index holds one checkpoint (two
/// `usize`s, 16 bytes) per this many bytes of text — under 2 % of the text's size.
pub const CHECKPOINT_BYTES: usize = 1024;

/// Where every line of a text starts, and how many characters precede regular checkpoints.
///
/// The index does not hold the text: pass the same text it was built from to
/// [`LineIndex::line_col`] and [`LineIndex::char_offset`]. Given another text the answers
/// are meaningless but never a panic.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct LineIndex {
    /// `(byte offset, characters before it)` where each line starts; the first is `(0, 0)`.
    line_starts: Vec<(usize, usize)>,
    /// `(byte offset, characters before it)` at char boundaries about every
    /// [`CHECKPOINT_BYTES`] bytes; the first is always `(0, 0)`.
    checkpoints: Vec<(usize, usize)>,
}

impl LineIndex {
    /// Indexes `text` in two quick passes over its bytes: checkpoints block by block, then
    /// line starts from break to break (`memchr`), counting characters a block at a time —
    /// loops the compiler turns into SIMD.
    pub fn new(text: &str) -> LineIndex {
        let bytes = text.as_bytes();
        let mut checkpoints = vec![(0, 0)];
        let mut chars_so_far = 0usize;
        let mut counted_to = 0usize;
        let mut target = CHECKPOINT_BYTES;
        while target < bytes.len() {
            // The first char boundary at or after the target (a char is at most 4 bytes).
            let Some(at) = (target..bytes.len()).find(|&i| text.is_char_boundary(i)) else {
                break;
            };
            chars_so_far += count_chars(text, counted_to, at);
            counted_to = at;
            checkpoints.push((at, chars_so_far));
            target = at.saturating_add(CHECKPOINT_BYTES);
        }
        let mut line_starts = vec![(0, 0)];
        let mut chars_so_far = 0usize;
        let mut counted_to = 0usize;
        for at in memchr::memchr2_iter(b'\n', b'\r', bytes) {
            // A `\r` followed by `\n` is one break, recorded at the `\n`.
            if bytes.get(at) == Some(&b'\r') && bytes.get(at + 1) == Some(&b'\n') {
                continue;
            }
            // The line starts after the break, which is one character.
            chars_so_far += count_chars(text, counted_to, at + 1);
            counted_to = at + 1;
            line_starts.push((at + 1, chars_so_far));
        }
        LineIndex {
            line_starts,
            checkpoints,
        }
    }

    /// Number of lines: one more than the number of line breaks (an empty text has one line,
    /// and a text ending in a line break has an empty last line).
    pub fn line_count(&self) -> usize {
        self.line_starts.len()
    }

    /// Byte offset where 1-based line `line` starts, or `None` past the last line.
    pub fn line_start(&self, line: usize) -> Option<usize> {
        line.checked_sub(1)
            .and_then(|index| self.line_starts.get(index))
            .map(|&(start, _)| start)
    }

    /// 1-based line and 1-based character column of `byte_offset` in `text`.
    ///
    /// An offset past the end is taken as the end of the text; an offset inside a multi-byte
    /// character is taken as the start of that character. The offset of the `\n` of a `\r\n`
    /// pair belongs to the line the pair ends.
    pub fn line_col(&self, text: &str, byte_offset: usize) -> (usize, usize) {
        let offset = floor_char_boundary(text, byte_offset);
        // The first line start is 0 ≤ offset, so at least one start qualifies.
        let line_index = self
            .line_starts
            .partition_point(|&(start, _)| start <= offset)
            .saturating_sub(1);
        let line_start = self.line_starts.get(line_index).copied().unwrap_or((0, 0));
        let checkpoint = self.checkpoint_before(offset);
        // Count from whichever known point is nearer the offset.
        let from = if line_start.0 >= checkpoint.0 {
            line_start
        } else {
            checkpoint
        };
        let chars_before = from.1 + count_chars(text, from.0, offset);
        (line_index + 1, chars_before - line_start.1 + 1)
    }

    /// Number of characters in `text` before `byte_offset` (clamped and floored to a char
    /// boundary as in [`LineIndex::line_col`]): the 0-based character offset.
    pub fn char_offset(&self, text: &str, byte_offset: usize) -> usize {
        let offset = floor_char_boundary(text, byte_offset);
        let (start, chars_before) = self.checkpoint_before(offset);
        chars_before + count_chars(text, start, offset)
    }

    /// The last checkpoint at or before `offset`.
    fn checkpoint_before(&self, offset: usize) -> (usize, usize) {
        let index = self
            .checkpoints
            .partition_point(|&(start, _)| start <= offset)
            .saturating_sub(1);
        self.checkpoints.get(index).copied().unwrap_or((0, 0))
    }
}

/// A [`LineIndex`] built on first use.
///
/// Most articles of a large corpus hold no match, and only a match needs a `line:column`, so
/// [`crate::corpus::Article`] builds its index when a location is first asked for rather than
/// when the file is read (building it is a pass over every byte). Thread-safe: articles may be
/// shared between scanning threads.
///
/// Two lazy indexes always compare equal: each is a function of the text it indexes, which
/// the owner compares on its own, so whether it was built yet says nothing about the text.
#[derive(Debug, Clone, Default)]
pub(crate) struct LazyLineIndex {
    index: std::sync::OnceLock<LineIndex>,
}

impl LazyLineIndex {
    /// The index of `text`, built on the first call. Every call must pass the same text.
    pub(crate) fn get(&self, text: &str) -> &LineIndex {
        self.index.get_or_init(|| LineIndex::new(text))
    }
}

impl PartialEq for LazyLineIndex {
    fn eq(&self, _other: &LazyLineIndex) -> bool {
        true
    }
}

/// Characters in `text[start..end]` (0 when the range is not inside the text).
fn count_chars(text: &str, start: usize, end: usize) -> usize {
    text.as_bytes()
        .get(start..end)
        .map_or(0, |span| span.iter().filter(|&&b| b & 0xC0 != 0x80).count())
}

/// The largest char boundary of `text` at or before `offset` (the end if `offset` is past it).
pub(crate) fn floor_char_boundary(text: &str, offset: usize) -> usize {
    let mut offset = offset.min(text.len());
    // 0 is always a boundary, so this stops; a char is at most 4 bytes, so it is short.
    while offset > 0 && !text.is_char_boundary(offset) {
        offset -= 1;
    }
    offset
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Line and column by walking the text char by char: slow, obviously right.
    fn reference_line_col(text: &str, byte_offset: usize) -> (usize, usize) {
        let offset = floor_char_boundary(text, byte_offset);
        let (mut line, mut column) = (1, 1);
        for (at, c) in text[..offset].char_indices() {
            // Look past the prefix: the `\r` of a `\r\n` does not end the line by itself.
            let crlf = c == '\r' && text[at + 1..].starts_with('\n');
            if (c == '\n' || c == '\r') && !crlf {
                line += 1;
                column = 1;
            } else {
                column += 1;
            }
        }
        (line, column)
    }

    #[test]
    fn arabic_columns_count_characters_not_bytes() {
        let text = "بوتين يزور بيونغ يانغ\nفي 19 يونيو 2024";
        let index = LineIndex::new(text);
        let yanag = text.find("يانغ").unwrap();
        assert_eq!(index.line_col(text, yanag), (1, 18));
        let year = text.find("2024").unwrap();
        assert_eq!(index.line_col(text, year), (2, 13));
        assert_eq!(index.line_count(), 2);
    }

    #[test]
    fn crlf_and_lone_cr_each_end_one_line() {
        let text = "one\r\ntwo\rthree\nfour";
        let index = LineIndex::new(text);
        assert_eq!(index.line_count(), 4);
        assert_eq!(index.line_col(text, text.find("two").unwrap()), (2, 1));
        assert_eq!(index.line_col(text, text.find("three").unwrap()), (3, 1));
        assert_eq!(index.line_col(text, text.find("four").unwrap()), (4, 1));
        // The `\n` of a `\r\n` belongs to the line the pair ends.
        assert_eq!(index.line_col(text, 4), (1, 5));
        assert_eq!(index.line_start(3), Some(9));
        assert_eq!(index.line_start(5), None);
        assert_eq!(index.line_start(0), None);
    }

    #[test]
    fn out_of_range_and_mid_char_offsets_do_not_panic() {
        let text = "كيم";
        let index = LineIndex::new(text);
        assert_eq!(index.line_col(text, 1), (1, 1));
        assert_eq!(index.line_col(text, 3), (1, 2));
        assert_eq!(index.line_col(text, 1_000), (1, 4));
        let empty = LineIndex::new("");
        assert_eq!(empty.line_col("", 0), (1, 1));
        assert_eq!(empty.line_col("", 7), (1, 1));
        assert_eq!(empty.line_count(), 1);
    }

    #[test]
    fn long_lines_cross_checkpoints_and_agree_with_a_plain_walk() {
        // Arabic (2-byte), ASCII, a 4-byte emoji and every kind of break, long enough to
        // span many checkpoints, with lines longer than a checkpoint interval.
        let mut text = String::new();
        for round in 0..400 {
            text.push_str("قذائف مدفعية 5,000,000 🚀 ");
            if (100..250).contains(&round) {
                // One line of about 6 KiB: several checkpoints inside a line.
                continue;
            }
            match round % 7 {
                0 => text.push('\n'),
                3 => text.push_str("\r\n"),
                5 => text.push('\r'),
                _ => {}
            }
        }
        let index = LineIndex::new(&text);
        assert!(index.checkpoints.len() > 10);
        for offset in (0..=text.len() + 2).step_by(37) {
            assert_eq!(
                index.line_col(&text, offset),
                reference_line_col(&text, offset),
                "offset {offset}"
            );
            let floor = floor_char_boundary(&text, offset);
            assert_eq!(
                index.char_offset(&text, offset),
                text[..floor].chars().count()
            );
        }
    }
}
