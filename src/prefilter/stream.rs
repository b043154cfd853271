//! The stream: an article's word characters, one byte each, read from the folded text or
//! straight from the original (see *The stream*, *Compact alphabet* and *Reading the
//! original* in the [prefilter's documentation](super)).

use super::{LANES, index_u32, is_word_char};
use crate::normalize::{self, AloneFold};
use aho_corasick::automaton::StateID;

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

/// Buffers reused from one article to the next.
#[derive(Debug, Clone, Default)]
pub struct Scratch {
    /// The word characters of the folded text, in order, one byte each: its [`compact`] code
    /// mapped through the table `build_stream` was given (the prefilter's byte classes).
    pub(super) bytes: Vec<u8>,
    /// For each byte of the stream, the byte offset of its character in the folded text
    /// ([`Scratch::build_stream`] only).
    pub(super) positions: Vec<u32>,
    /// For a stream read from the original ([`Scratch::build_stream_from_original`]): the
    /// offset in the original of the character of the last byte of each run of
    /// [`CHECKPOINT_EVERY`] (`checkpoints[r]` for byte `CHECKPOINT_EVERY·(r + 1) − 1`).
    /// [`Scratch::original_offset`] reads on from there: candidates are rare, and an offset
    /// kept for every byte would take twice the memory of the text.
    pub(super) checkpoints: Vec<u32>,
    /// For each byte of the stream, whether a word can end with it: the next character of
    /// the folded text is not a word character (or there is none).
    pub(super) ends: Vec<bool>,
    /// For each position of the stream (and one past its end), whether the rest of its word
    /// from there is an ending a word may lose (see `Endings::mark_stems`); filled only
    /// when a claim inflects.
    pub(super) stem_ends: Vec<bool>,
    /// Per needle: the article (by `generation`) and the stream span of its last candidate.
    pub(super) last_spans: Vec<(u32, usize, usize)>,
    /// Counts articles, so `verified` need not be cleared between them.
    pub(super) generation: u32,
    /// The piece ends each lane of [`find_piece_ends`](super::find_piece_ends) finds.
    pub(super) lanes: [Vec<(usize, StateID)>; LANES],
    /// Every piece end of the stream, in order: (end, automaton state there).
    pub(super) piece_ends: Vec<(usize, StateID)>,
}

impl Scratch {
    /// Reads the word characters of `folded` into the stream, each as `map[compact(c)]`.
    pub(super) fn build_stream(&mut self, folded: &str, map: &[u8; 256]) {
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
    pub(super) fn build_stream_from_original(
        &mut self,
        original: &str,
        reader: &OriginalReader,
    ) -> bool {
        let raw = original.as_bytes();
        // The loop writes each character's slot unconditionally and moves on only past a word
        // character, without a branch on the kind of character; the slots are there ahead,
        // about one for every two bytes to begin with (Arabic letters are two bytes), twice
        // as many whenever they run out (never more than a byte of text each).
        let most = raw.len() + 1;
        let mut room = (raw.len() / 2 + 64).min(most);
        self.bytes.clear();
        self.bytes.resize(room, 0);
        self.checkpoints.clear();
        self.checkpoints.resize(room / CHECKPOINT_EVERY + 1, 0);
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
                self.checkpoints.resize(room / CHECKPOINT_EVERY + 1, 0);
                self.ends.resize(room, false);
            }
            if let Some(byte) = self.bytes.get_mut(length) {
                *byte = entry.class;
            }
            // Every character read while a run's last byte is next writes the run's slot, so
            // the word character of that byte is the one that stays.
            if let Some(checkpoint) = self.checkpoints.get_mut(length / CHECKPOINT_EVERY) {
                *checkpoint = index_u32(at);
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
        self.ends.truncate(length);
        if let Some(last) = self.ends.last_mut() {
            *last = true;
        }
        true
    }

    /// The offset in `original` of the character of stream byte `index`, for a stream
    /// [`Scratch::build_stream_from_original`] read from it with `reader`: counted on from
    /// the checkpoint before it. Only word characters add a byte (a haraka after a letter
    /// adds none either way), and the text reads without leaving the table, or there would
    /// be no stream. `None` past the stream.
    pub(super) fn original_offset(
        &self,
        original: &str,
        reader: &OriginalReader,
        index: usize,
    ) -> Option<usize> {
        let run = index / CHECKPOINT_EVERY;
        let (from, mut length) = match run.checked_sub(1) {
            None => (0, 0),
            Some(before) => {
                let checkpoint = *self.checkpoints.get(before)? as usize;
                let c = original.get(checkpoint..)?.chars().next()?;
                (checkpoint + c.len_utf8(), run * CHECKPOINT_EVERY)
            }
        };
        for (at, c) in original.get(from..)?.char_indices() {
            if reader.get(u32::from(c)).flags & OriginalChar::WORD != 0 {
                if length == index {
                    return Some(from + at);
                }
                length += 1;
            }
        }
        None
    }
}

/// How many stream bytes a checkpoint of [`Scratch::checkpoints`] stands for.
const CHECKPOINT_EVERY: usize = 16;

/// What a character of an original text adds to the stream, for reading the stream straight
/// from the original ([`Scratch::build_stream_from_original`]): the normaliser's own folding
/// of the character ([`normalize::fold_alone`]), so the stream is exactly the stream of the
/// folded text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct OriginalChar {
    /// The byte class of what it folds to, for a [`OriginalChar::WORD`].
    pub(super) class: u8,
    pub(super) flags: u8,
}

impl OriginalChar {
    /// It folds to one word character (its flag is 1: the stream grows by one).
    pub(super) const WORD: u8 = 1;
    /// It folds to characters that are no word characters (a space, `…`).
    pub(super) const SEPARATOR: u8 = 2;
    /// A haraka: it vanishes after one of [`normalize::HARAKAT_CARRIERS`] (whose cluster
    /// folds like the letter alone) and needs the full normaliser anywhere else.
    pub(super) const HARAKA: u8 = 4;
    /// Only the full normaliser can fold it: a joining character other than a haraka, a
    /// character outside the common blocks, one that folds to several word characters.
    pub(super) const COMPLEX: u8 = 8;
    /// Harakat after it vanish with it.
    pub(super) const CARRIER: u8 = 16;
    // A character with none of WORD, SEPARATOR, HARAKA and COMPLEX folds to nothing.

    /// The character no table entry describes.
    pub(super) const UNKNOWN: OriginalChar = OriginalChar {
        class: 0,
        flags: OriginalChar::COMPLEX,
    };

    /// The entry of `c`, its word character in class `classes[compact(..)]`.
    pub(super) fn of(c: char, classes: &[u8; 256]) -> OriginalChar {
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
pub(super) struct OriginalReader {
    /// U+0000..U+0800, then U+2000..U+2070.
    pub(super) entries: Vec<OriginalChar>,
}

impl OriginalReader {
    pub(super) fn new(classes: &[u8; 256]) -> OriginalReader {
        let entries = (0..0x0800u32)
            .chain(0x2000..0x2070)
            .map(|code| {
                char::from_u32(code).map_or(OriginalChar::UNKNOWN, |c| OriginalChar::of(c, classes))
            })
            .collect();
        OriginalReader { entries }
    }

    #[inline(always)]
    pub(super) fn get(&self, code: u32) -> OriginalChar {
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
pub(super) const IDENTITY: [u8; 256] = {
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
pub(super) fn compact_table() -> &'static [u8; 2048] {
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
