//! Byte offset → (line, character column), for many lookups on one text.
//!
//! Reports quote places in articles as `file:line:column` so an editor jumps to them. Lines
//! are counted in the file as it is on disk (front matter included) and broken by `\n`,
//! `\r\n` or a lone `\r` (old Mac files and some scrapers). Columns count Unicode scalar
//! values (`char`s) from 1, not bytes: an Arabic letter is two bytes in UTF-8 but one column.
//!
//! The index holds only a checkpoint every [`CHECKPOINT_BYTES`] bytes: how many characters
//! and line breaks come before it, and where the line holding it starts. A lookup is a binary
//! search for the checkpoint before the offset plus a count of the characters and line breaks
//! between the two — at most [`CHECKPOINT_BYTES`] bytes, so it stays cheap on the 10 MB
//! single-line files scrapers produce, and the index stays small (about 2 % of the text)
//! however many lines the text has: a 200 MB article of short lines would need 30 MB for a
//! table of its line starts.

/// Distance in bytes between two checkpoints.
///
/// A lookup counts at most about this many bytes; the index holds one checkpoint (five
/// `usize`s, 40 bytes) per this many bytes of text — about 2 % of the text's size.
pub const CHECKPOINT_BYTES: usize = 2048;

/// Line breaks, character counts and line starts at regular checkpoints of a text.
///
/// The index does not hold the text: pass the same text it was built from to
/// [`LineIndex::line_col`], [`LineIndex::line_start`] and [`LineIndex::char_offset`]. Given
/// another text the answers are meaningless but never a panic.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct LineIndex {
    /// At char boundaries about every [`CHECKPOINT_BYTES`] bytes, in order; the first is at
    /// offset 0.
    checkpoints: Vec<Checkpoint>,
    /// Number of lines: one more than the number of line breaks.
    line_count: usize,
}

/// What is known at one byte offset of the text.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
struct Checkpoint {
    /// The byte offset, a char boundary.
    offset: usize,
    /// Characters before it.
    chars: usize,
    /// Line breaks before it: the 0-based line it is on.
    line: usize,
    /// Byte offset where that line starts.
    line_start: usize,
    /// Characters before that line start.
    line_start_chars: usize,
}

impl LineIndex {
    /// Indexes `text` in one pass over its line breaks (`memchr`), counting characters a
    /// block at a time — loops the compiler turns into SIMD.
    pub fn new(text: &str) -> LineIndex {
        let bytes = text.as_bytes();
        let mut breaks = line_breaks(bytes, 0, bytes.len()).peekable();
        let mut here = Checkpoint::default();
        let mut checkpoints = vec![here];
        let mut target = CHECKPOINT_BYTES;
        while target < bytes.len() {
            // The first char boundary at or after the target (a char is at most 4 bytes).
            let Some(at) = (target..bytes.len()).find(|&i| text.is_char_boundary(i)) else {
                break;
            };
            // Every line starting at or before the checkpoint.
            while let Some(&line_start) = breaks.peek().filter(|&&start| start <= at) {
                here.chars += count_chars(bytes, here.offset, line_start);
                here.offset = line_start;
                here.line += 1;
                here.line_start = line_start;
                here.line_start_chars = here.chars;
                breaks.next();
            }
            here.chars += count_chars(bytes, here.offset, at);
            here.offset = at;
            checkpoints.push(here);
            target = at.saturating_add(CHECKPOINT_BYTES);
        }
        let line_count = here.line + breaks.count() + 1;
        LineIndex {
            checkpoints,
            line_count,
        }
    }

    /// Number of lines: one more than the number of line breaks (an empty text has one line,
    /// and a text ending in a line break has an empty last line).
    pub fn line_count(&self) -> usize {
        self.line_count
    }

    /// Byte offset where 1-based line `line` of `text` starts, or `None` past the last line.
    pub fn line_start(&self, text: &str, line: usize) -> Option<usize> {
        let wanted = line.checked_sub(1).filter(|&l| l < self.line_count)?;
        // The first checkpoint on the line or after it.
        let next = self.checkpoints.partition_point(|c| c.line < wanted);
        if let Some(checkpoint) = self.checkpoints.get(next)
            && checkpoint.line == wanted
        {
            return Some(checkpoint.line_start);
        }
        // The line lies wholly between the checkpoint before and the next one (or the end).
        let before = next.checked_sub(1).and_then(|i| self.checkpoints.get(i))?;
        let bytes = text.as_bytes();
        let end = self.checkpoints.get(next).map_or(bytes.len(), |c| c.offset);
        line_breaks(bytes, before.offset, end).nth(wanted - before.line - 1)
    }

    /// 1-based line and 1-based character column of `byte_offset` in `text`.
    ///
    /// An offset past the end is taken as the end of the text; an offset inside a multi-byte
    /// character is taken as the start of that character. The offset of the `\n` of a `\r\n`
    /// pair belongs to the line the pair ends.
    pub fn line_col(&self, text: &str, byte_offset: usize) -> (usize, usize) {
        let offset = floor_char_boundary(text, byte_offset);
        let bytes = text.as_bytes();
        let checkpoint = self.checkpoint_before(offset);
        let mut line = checkpoint.line;
        let mut line_start_chars = checkpoint.line_start_chars;
        let mut counted_to = checkpoint.offset;
        let mut chars = checkpoint.chars;
        for line_start in line_breaks(bytes, checkpoint.offset, offset) {
            chars += count_chars(bytes, counted_to, line_start);
            counted_to = line_start;
            line += 1;
            line_start_chars = chars;
        }
        chars += count_chars(bytes, counted_to, offset);
        (line + 1, chars - line_start_chars + 1)
    }

    /// Number of characters in `text` before `byte_offset` (clamped and floored to a char
    /// boundary as in [`LineIndex::line_col`]): the 0-based character offset.
    pub fn char_offset(&self, text: &str, byte_offset: usize) -> usize {
        let offset = floor_char_boundary(text, byte_offset);
        let checkpoint = self.checkpoint_before(offset);
        checkpoint.chars + count_chars(text.as_bytes(), checkpoint.offset, offset)
    }

    /// The last checkpoint at or before `offset`.
    fn checkpoint_before(&self, offset: usize) -> Checkpoint {
        let index = self
            .checkpoints
            .partition_point(|c| c.offset <= offset)
            .saturating_sub(1);
        self.checkpoints.get(index).copied().unwrap_or_default()
    }
}

/// The starts of the lines that begin after a line break in `bytes[start..end]` (each break
/// ending at or before `end`): after every `\n`, and after every `\r` not followed by `\n`
/// (looking past `end` if need be — a `\r\n` is one break, at its `\n`).
fn line_breaks(bytes: &[u8], start: usize, end: usize) -> impl Iterator<Item = usize> + '_ {
    let span = bytes.get(start..end).unwrap_or_default();
    memchr::memchr2_iter(b'\n', b'\r', span)
        .map(move |at| start + at)
        .filter(move |&at| !(bytes.get(at) == Some(&b'\r') && bytes.get(at + 1) == Some(&b'\n')))
        .map(|at| at + 1)
}

/// Characters in `bytes[start..end]` of UTF-8 text (0 when the range is not inside it).
fn count_chars(bytes: &[u8], start: usize, end: usize) -> usize {
    bytes
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
        assert_eq!(index.line_start(text, 3), Some(9));
        assert_eq!(index.line_start(text, 5), None);
        assert_eq!(index.line_start(text, 0), None);
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
        assert!(index.checkpoints.len() > 5);
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

    /// Every (line, column, line start) by one walk over `text`, for each byte offset.
    fn walk_every_offset(text: &str) -> (Vec<(usize, usize)>, Vec<usize>) {
        let bytes = text.as_bytes();
        let mut at_offset = Vec::with_capacity(text.len() + 1);
        let mut line_starts = vec![0];
        let (mut line, mut column) = (1, 1);
        for (at, c) in text.char_indices() {
            // Bytes inside a character map to the character.
            while at_offset.len() < at {
                let last = at_offset.last().copied().unwrap_or((1, 1));
                at_offset.push(last);
            }
            at_offset.push((line, column));
            let crlf = c == '\r' && bytes.get(at + 1) == Some(&b'\n');
            if (c == '\n' || c == '\r') && !crlf {
                line += 1;
                column = 1;
                line_starts.push(at + 1);
            } else {
                column += 1;
            }
        }
        while at_offset.len() <= text.len() {
            let last = at_offset.last().copied().unwrap_or((1, 1));
            at_offset.push(last);
        }
        at_offset[text.len()] = (line, column);
        (at_offset, line_starts)
    }

    #[test]
    fn every_offset_and_every_line_of_a_text_of_short_lines_and_mixed_breaks() {
        // Short lines, empty lines and all three breaks, in a pseudo-random order, so that
        // checkpoints fall on every kind of position: inside a character, at a line start,
        // between the two bytes of a `\r\n`.
        let pieces = ["قذائف", "a", "🚀", " ", "\n", "\r\n", "\r", "\n\n", "٥"];
        let mut text = String::new();
        let mut state = 17u64;
        while text.len() < 5 * CHECKPOINT_BYTES {
            state = state
                .wrapping_mul(6_364_136_223_846_793_005)
                .wrapping_add(1);
            text.push_str(pieces[(state >> 33) as usize % pieces.len()]);
        }
        // And a `\r\n` straddling a checkpoint exactly.
        let mut straddling = "x".repeat(CHECKPOINT_BYTES - 1);
        straddling.push_str("\r\nnext line\r");
        for text in [
            text,
            straddling,
            String::new(),
            "\r".to_string(),
            "\n".to_string(),
        ] {
            let index = LineIndex::new(&text);
            let (expected, line_starts) = walk_every_offset(&text);
            for (offset, &position) in expected.iter().enumerate() {
                assert_eq!(index.line_col(&text, offset), position, "offset {offset}");
            }
            assert_eq!(index.line_count(), line_starts.len());
            for (line, &start) in (1..).zip(&line_starts) {
                assert_eq!(index.line_start(&text, line), Some(start), "line {line}");
            }
            assert_eq!(index.line_start(&text, line_starts.len() + 1), None);
            assert_eq!(index.line_start(&text, 0), None);
        }
    }
}
