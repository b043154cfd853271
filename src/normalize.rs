//! Normalisation: fold text and anchors to one comparable spelling, keeping a map back.
//!
//! Arabic news spells the same word many ways: with or without diacritics, with tatweel
//! stretching a letter, with hamza on or off the alef, with ta marbuta written as ha, with
//! Eastern Arabic or Persian digits. Matching works on a folded copy of the text so those
//! differences vanish; evidence must still be quoted as the source wrote it, so every byte of
//! the folded text remembers which bytes of the original produced it.
//!
//! The folding, in order (docs/design.md, "The pipeline", step 1):
//! 1. Unicode NFKC, applied to each base character together with the combining marks that
//!    follow it (so composition works, and offsets stay exact);
//! 2. removal of Arabic diacritics (harakat, tanwin, shadda, sukun, superscript alef, Quranic
//!    marks), tatweel `ـ`, bidi controls and zero-width characters;
//! 3. letter folding: `أ إ آ ٱ → ا`, `ى → ي`, `ة → ه`, `ؤ → و`, `ئ → ي`, Persian `ی → ي`, `ک → ك`;
//! 4. decimal digits of every script to ASCII `0-9`, and the Arabic decimal separator `٫ → .`,
//!    thousands separator `٬ → ,` and percent sign `٪ → %`;
//! 5. lower-casing.
//!
//! Normalisation is idempotent: normalising normalised text changes nothing. Text is folded
//! one cluster at a time (a character and the combining marks or Hangul vowel/final jamo
//! after it); when a folded cluster would begin with such a joining character — a mark whose
//! carrier was removed (`n\u{200B}\u{301}`), a compatibility jamo NFKC turns into a medial
//! vowel (`ᄀㅡ`) — it is folded together with the cluster before it (`ń`, `그`), as a second
//! normalisation would, and quoted with it.
//!
//! Speed and memory: most characters of news text fold to themselves, alone in their cluster
//! (lower-case ASCII, spaces, most Arabic letters); stretches of them are found with one table
//! lookup per byte and copied in one go, and the map back records only where the distance
//! between folded and original offsets changes ([`Normalized`]).

use std::ops::Range;
use unicode_normalization::UnicodeNormalization;
use unicode_normalization::char::canonical_combining_class;

/// Text folded for matching, with a map from every folded byte back to the original.
///
/// The map is compact: most text folds character for character into characters of the same
/// length (ASCII, Arabic letters and their variants, spaces), so the original offset of a
/// folded character is its own offset plus a constant over long stretches. The map keeps one
/// `Runs` entry where that constant changes — after a removed diacritic or tatweel, at an
/// Eastern Arabic digit folded to ASCII, at every character of an NFKC expansion — and finds
/// the run of a folded byte by binary search. On Arabic news that is well under a byte of map
/// per folded byte (a per-byte table took four).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Normalized {
    /// The folded text.
    pub text: String,
    /// Where every folded character came from. The original text is cut into clusters (a
    /// character and the joining characters after it); every character of `text` comes from
    /// one cluster, and its bytes map to that cluster's original start. Clusters tile the
    /// original text: removed characters are attached to the cluster before them (so a quoted
    /// range keeps the diacritics of its last letter), hence a cluster ends where the next
    /// one starts, and the last one at the end of the original.
    runs: Runs,
    /// Length in bytes of the original text.
    original_len: usize,
}

impl Normalized {
    /// The byte range in the original text that the folded byte range `normalized` came from:
    /// from the start of the cluster of its first byte to the end of the cluster of its last
    /// byte (removed characters after that cluster included).
    ///
    /// The range is clamped to the folded text; an empty range maps to an empty range at the
    /// matching original position.
    pub fn original_range(&self, normalized: Range<usize>) -> Range<usize> {
        let end = normalized.end.min(self.text.len());
        let start = normalized.start.min(end);
        if start == end {
            let at = self.original_offset(start);
            return at..at;
        }
        let first = self.original_offset(start);
        first..self.cluster_end(end - 1)
    }

    /// The original byte offset where the cluster of the folded byte `position` starts (every
    /// byte of a folded character, and every character folded from one cluster, gives the
    /// same offset); the end of the original text for `position >= text.len()`.
    pub fn original_offset(&self, position: usize) -> usize {
        if position >= self.text.len() {
            return self.original_len;
        }
        let at = self.char_start(position);
        self.runs
            .locate(at)
            .map_or(self.original_len, |(_, origin)| origin)
    }

    /// The folded offset of the character folded from the cluster that starts at original
    /// offset `original`: exact for a cluster that folds to one character or more (a letter,
    /// a digit); for a cluster that folds to nothing, the offset of the next folded
    /// character. The inverse of [`Normalized::original_offset`].
    pub fn folded_offset(&self, original: usize) -> usize {
        let from = self.runs.first_starting_from(original);
        let Some(run) = from.checked_sub(1) else {
            return self
                .runs
                .get(0)
                .map_or(self.text.len(), |(folded, _)| folded);
        };
        let Some((folded, origin)) = self.runs.get(run) else {
            return self.text.len();
        };
        // Inside the run before (a run goes on while characters keep their lengths), or else
        // where it ends: the next run, starting at `original` or beyond.
        (folded + (original - origin)).min(self.runs.folded_end(run, self.text.len()))
    }

    /// Length in bytes of the text this was made from.
    pub fn original_len(&self) -> usize {
        self.original_len
    }

    /// Bytes of memory the map back to the original takes (not counting `text`): what one
    /// folded article costs beyond its folded text.
    pub fn map_bytes(&self) -> usize {
        std::mem::size_of::<Normalized>() - std::mem::size_of::<String>() + self.runs.heap_bytes()
    }

    /// The start of the character holding byte `position` of `text` (`position` in bounds).
    fn char_start(&self, position: usize) -> usize {
        // At most three steps back: a character is at most four bytes.
        (0..=position)
            .rev()
            .find(|&at| self.text.is_char_boundary(at))
            .unwrap_or(0)
    }

    /// The original offset where the cluster holding folded byte `position` ends: where the
    /// next cluster starts (the first later folded character with another origin), or the end
    /// of the original after the last one.
    fn cluster_end(&self, position: usize) -> usize {
        if position >= self.text.len() {
            return self.original_len;
        }
        let at = self.char_start(position);
        let Some((run, origin)) = self.runs.locate(at) else {
            return self.original_len;
        };
        let next = at + self.char_len(at);
        if next >= self.text.len() {
            return self.original_len;
        }
        if next < self.runs.folded_end(run, self.text.len()) {
            // The next character is in the same run, so it maps further along.
            return origin + (next - at);
        }
        // Later runs that begin at this same origin are the rest of the cluster (characters
        // of an NFKC expansion): only the last of them can hold more than that one character,
        // the next cluster following it in the same run.
        let after = self.runs.first_starting_after(origin);
        if after > run + 1
            && let Some((folded, _)) = self.runs.get(after - 1)
        {
            let second = folded + self.char_len(folded);
            if second < self.runs.folded_end(after - 1, self.text.len()) {
                return origin + (second - folded);
            }
        }
        self.runs
            .get(after)
            .map_or(self.original_len, |(_, origin)| origin)
    }

    /// Length in bytes of the character starting at `at` in `text` (1 outside it).
    fn char_len(&self, at: usize) -> usize {
        self.text
            .get(at..)
            .and_then(|rest| rest.chars().next())
            .map_or(1, char::len_utf8)
    }
}

/// The map of a [`Normalized`]: runs of folded characters whose original offset is their
/// folded offset plus a constant, each run written as (folded offset, original offset) of its
/// first character, in text order. Both offsets grow along the runs, never decrease.
///
/// A folded character belongs to the last run starting at or before it and maps to that run's
/// original offset plus its distance from the run's start; a run therefore continues exactly
/// while each folded character comes from its own cluster of the same length — a new run
/// starts at every character whose origin breaks the pattern (after removed characters, at
/// a change of length, at every character of a multi-character folding, which all map to
/// one cluster start).
#[derive(Debug, Clone, PartialEq, Eq)]
enum Runs {
    /// Offsets below 4 GiB, four bytes each: every article in practice.
    Narrow(Vec<[u32; 2]>),
    /// For folded or original text of 4 GiB or more.
    Wide(Vec<[usize; 2]>),
}

impl Runs {
    /// The number of runs.
    fn len(&self) -> usize {
        match self {
            Runs::Narrow(runs) => runs.len(),
            Runs::Wide(runs) => runs.len(),
        }
    }

    /// (folded offset, original offset) of run `index`.
    fn get(&self, index: usize) -> Option<(usize, usize)> {
        match self {
            Runs::Narrow(runs) => runs
                .get(index)
                .map(|&[folded, original]| (folded as usize, original as usize)),
            Runs::Wide(runs) => runs
                .get(index)
                .map(|&[folded, original]| (folded, original)),
        }
    }

    /// Where run `index` ends in the folded text (`text_len` for the last).
    fn folded_end(&self, index: usize, text_len: usize) -> usize {
        self.get(index + 1).map_or(text_len, |(folded, _)| folded)
    }

    /// The run holding the folded character starting at `at` and the original offset that
    /// character maps to.
    fn locate(&self, at: usize) -> Option<(usize, usize)> {
        let after = match self {
            Runs::Narrow(runs) => runs.partition_point(|&[folded, _]| folded as usize <= at),
            Runs::Wide(runs) => runs.partition_point(|&[folded, _]| folded <= at),
        };
        let index = after.checked_sub(1)?;
        let (folded, original) = self.get(index)?;
        Some((index, original + (at - folded)))
    }

    /// The index of the first run whose original offset is `origin` or beyond (`len()` if
    /// none).
    fn first_starting_from(&self, origin: usize) -> usize {
        match self {
            Runs::Narrow(runs) => {
                runs.partition_point(|&[_, original]| (original as usize) < origin)
            }
            Runs::Wide(runs) => runs.partition_point(|&[_, original]| original < origin),
        }
    }

    /// The index of the first run whose original offset is beyond `origin` (`len()` if none).
    fn first_starting_after(&self, origin: usize) -> usize {
        match self {
            Runs::Narrow(runs) => {
                runs.partition_point(|&[_, original]| original as usize <= origin)
            }
            Runs::Wide(runs) => runs.partition_point(|&[_, original]| original <= origin),
        }
    }

    /// Starts a run at folded offset `folded`, original offset `original`.
    fn push(&mut self, folded: usize, original: usize) {
        match self {
            Runs::Narrow(runs) => match (u32::try_from(folded), u32::try_from(original)) {
                (Ok(folded), Ok(original)) => runs.push([folded, original]),
                _ => {
                    let mut wide: Vec<[usize; 2]> = runs
                        .iter()
                        .map(|&[folded, original]| [folded as usize, original as usize])
                        .collect();
                    wide.push([folded, original]);
                    *self = Runs::Wide(wide);
                }
            },
            Runs::Wide(runs) => runs.push([folded, original]),
        }
    }

    /// Drops the runs starting at folded offset `folded` or later.
    fn truncate_from(&mut self, folded: usize) {
        let keep = match self {
            Runs::Narrow(runs) => runs.partition_point(|&[at, _]| (at as usize) < folded),
            Runs::Wide(runs) => runs.partition_point(|&[at, _]| at < folded),
        };
        match self {
            Runs::Narrow(runs) => runs.truncate(keep),
            Runs::Wide(runs) => runs.truncate(keep),
        }
    }

    /// Gives back unused capacity.
    fn shrink_to_fit(&mut self) {
        match self {
            Runs::Narrow(runs) => runs.shrink_to_fit(),
            Runs::Wide(runs) => runs.shrink_to_fit(),
        }
    }

    /// Heap bytes held.
    fn heap_bytes(&self) -> usize {
        match self {
            Runs::Narrow(runs) => runs.capacity() * std::mem::size_of::<[u32; 2]>(),
            Runs::Wide(runs) => runs.capacity() * std::mem::size_of::<[usize; 2]>(),
        }
    }
}

/// Folds `original` for matching and records where every folded byte came from.
pub fn normalize(original: &str) -> Normalized {
    let mut out = Output::with_capacity(original.len());
    fold_stretch(original, 0, &mut out);
    out.finish(original.len())
}

/// Folds only `lines` of `original` — byte ranges of whole lines, each from the start of the
/// text, of a line or the `\n` before one, to the end of the text or of a line (just after a
/// `\n`), in order and apart — and copies the text between them as it is, with the map back
/// to the original for all of it.
///
/// Each range is folded as [`normalize`] folds it alone. When no line begins with a joining
/// character (a combining mark, which would join the line break before it), that is exactly
/// its part of `normalize(original)`: the scanner folds only the lines where the prefilter
/// found a piece of an anchor, which it reads without folding the text. Ranges that are out
/// of order, overlap or cut a character are passed over.
pub fn normalize_lines(original: &str, lines: &[Range<usize>]) -> Normalized {
    let mut out = Output::with_capacity(original.len());
    let mut copied_to = 0;
    for line in lines {
        if line.start < copied_to || line.start > line.end {
            continue;
        }
        let (Some(before), Some(text)) = (
            original.get(copied_to..line.start),
            original.get(..line.end),
        ) else {
            continue;
        };
        out.push_verbatim(before, copied_to);
        fold_stretch(text, line.start, &mut out);
        copied_to = line.end;
    }
    out.push_verbatim(original.get(copied_to..).unwrap_or(""), copied_to);
    out.finish(original.len())
}

/// Folds `text[from..]` (`from` a character boundary where a cluster begins) into `out`.
fn fold_stretch(text: &str, from: usize, out: &mut Output) {
    let single = single_char_table();
    let mut folded = String::new();
    // Most characters fold to themselves and are clusters by themselves (lower-case ASCII,
    // spaces, most Arabic letters): such a stretch of the original is copied in one go, and
    // only the clusters between stretches are folded one by one.
    let mut verbatim_from = from;
    let mut at = from;
    loop {
        let stop = single.skip_verbatim(text.as_bytes(), at);
        let Some(c) = text.get(stop..).and_then(|rest| rest.chars().next()) else {
            break;
        };
        let entry = single.entry(c);
        // A joining character belongs to the cluster of the character before it: the last
        // one skipped, which therefore does not stand alone after all.
        let (start, first, first_entry) = if stop > at && joins(c, entry) {
            let start = previous_char_start(text, stop);
            let first = text
                .get(start..)
                .and_then(|rest| rest.chars().next())
                .unwrap_or(c);
            (start, first, single.entry(first))
        } else {
            (stop, c, entry)
        };
        out.push_verbatim(text.get(verbatim_from..start).unwrap_or(""), verbatim_from);
        at = fold_next_cluster(text, start, (first, first_entry), single, out, &mut folded);
        verbatim_from = at;
    }
    out.push_verbatim(text.get(verbatim_from..).unwrap_or(""), verbatim_from);
}

/// The Arabic letters (and tatweel) a cluster of harakat may follow and fold like the letter
/// alone: none of them composes with a haraka under NFKC, and every haraka is removed.
pub const HARAKAT_CARRIERS: std::ops::RangeInclusive<char> = '\u{0621}'..='\u{064A}';

/// The harakat: fathatan to sukun (tanwin, fatha, damma, kasra, shadda, sukun).
pub const HARAKAT: std::ops::RangeInclusive<char> = '\u{064B}'..='\u{0652}';

/// How a character folds when it is a cluster by itself (see [`fold_alone`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AloneFold {
    /// To nothing (a diacritic, tatweel, a zero-width or bidi control).
    Removed,
    /// To one character.
    Char(char),
    /// To several characters.
    Text(&'static str),
}

/// How `c` folds when it is a cluster by itself, and whether it joins the cluster before it
/// (then it is not a cluster by itself: [`HARAKAT`] after one of the [`HARAKAT_CARRIERS`]
/// vanish with the letter's cluster, which folds like the letter alone; other joining
/// characters need [`normalize`]). The folding given is the one [`normalize`] gives that
/// cluster, and it never changes the text before it. `None` outside the common blocks (Latin
/// to Arabic Supplement, General Punctuation) and for the characters only the full
/// normaliser can fold.
///
/// For readers that fold text on the fly, character by character: the prefilter does, so
/// that the many articles holding no piece of any anchor are never folded into a string.
pub fn fold_alone(c: char) -> Option<(AloneFold, bool)> {
    let single = single_char_table();
    let (fold, joins) = single.entry(c)?;
    let fold = match fold {
        SingleFold::Removed => AloneFold::Removed,
        SingleFold::Char(c) => AloneFold::Char(c),
        SingleFold::Text { from, to } => {
            AloneFold::Text(single.folded.get(from as usize..to as usize)?)
        }
        SingleFold::Slow => return None,
    };
    Some((fold, joins))
}

/// Where the character before the one at `at` starts in `text` (`at` a boundary after it).
fn previous_char_start(text: &str, at: usize) -> usize {
    (1..=4)
        .filter_map(|back| at.checked_sub(back))
        .find(|&start| text.is_char_boundary(start))
        .unwrap_or(0)
}

/// Folds the cluster of `original` starting at `start` with `first` (and its table entry)
/// into `out` and returns where the next cluster starts.
fn fold_next_cluster(
    original: &str,
    start: usize,
    (first, first_entry): (char, Option<(SingleFold, bool)>),
    single: &SingleCharTable,
    out: &mut Output,
    folded: &mut String,
) -> usize {
    let mut end = start + first.len_utf8();
    let chars = original.get(end..).unwrap_or("").chars();
    let mut alone = true;
    // An Arabic letter with harakat only (fatha, damma, kasra, tanwin, shadda, sukun):
    // none of them composes with any letter under NFKC and all are removed, so the cluster
    // folds like the letter alone.
    let mut harakat_only = HARAKAT_CARRIERS.contains(&first);
    for c in chars {
        if !joins(c, single.entry(c)) {
            break;
        }
        alone = false;
        harakat_only &= HARAKAT.contains(&c);
        end += c.len_utf8();
    }
    // Fast paths: characters of common scripts (Latin, Arabic, …) fold through a table of
    // the slow path's own results, so both give the same text. Each gives a stable cluster
    // that begins with a starter, so it cannot change the text before it.
    match first_entry {
        Some((SingleFold::Removed, _)) if alone || harakat_only => {}
        Some((SingleFold::Char(c), _)) if alone || harakat_only => out.push_stable_char(c, start),
        Some((SingleFold::Text { from, to }, _)) if alone => {
            let folded_text = single.folded.get(from as usize..to as usize).unwrap_or("");
            out.push_stable_str(folded_text, start);
        }
        _ => {
            let cluster = original.get(start..end).unwrap_or("");
            let converged = fold_cluster(cluster, folded);
            out.push_cluster(folded, start, converged);
        }
    }
    end
}

/// The folded text being built, with its map, kept stable under normalisation.
///
/// Normalising cuts text into clusters — a character and the joining characters after it
/// ([`joins_previous`]) — and folds each cluster alone. The folded text is stable (normalising
/// it again changes nothing) exactly when every cluster of the *folded* text folds to itself.
/// Folding one cluster at a time almost always gives that, but not always: a folded cluster
/// can begin with a joining character (a combining mark left behind by a removed zero-width
/// space in `n\u{200B}\u{301}`, the medial jamo NFKC makes of `ㅡ` after `ᄀ`), which then
/// belongs to the cluster before it, or it can hold several clusters that fold differently
/// apart. Such an *unsettled* stretch at the end of the text is folded again, cluster by
/// cluster as a second normalisation would, until it is stable, taking in the cluster before
/// it whenever it begins with a joining character. The whole stretch then maps to the
/// original start of its first cluster: the original clusters it took in are treated like
/// removed characters, attached to the cluster before them.
struct Output {
    /// The folded text so far.
    text: String,
    /// The map so far (see [`Runs`]).
    runs: Runs,
    /// Original offset minus folded offset in the last run (`i64::MIN` before the first): a
    /// character continues that run when its own offsets differ by the same amount.
    run_shift: i64,
    /// The unsettled stretch at the end of `text`, if any: the folded byte where it begins and
    /// the original offset all of it maps to.
    unsettled: Option<(usize, usize)>,
}

/// At most this many extra folding rounds settle a stretch (one or two do in practice).
const MAX_SETTLE_ROUNDS: usize = 8;

/// `original - folded`, as a run keeps it. Offsets are below `isize::MAX`, so this is exact.
fn shift(folded: usize, original: usize) -> i64 {
    original as i64 - folded as i64
}

impl Output {
    fn with_capacity(capacity: usize) -> Output {
        Output {
            text: String::with_capacity(capacity),
            runs: Runs::Narrow(Vec::new()),
            run_shift: i64::MIN,
            unsettled: None,
        }
    }

    /// Records that the folded character about to be appended at the end of `text` comes
    /// from the cluster at original offset `origin`.
    #[inline(always)]
    fn map_next_char(&mut self, origin: usize) {
        let folded = self.text.len();
        let shift = shift(folded, origin);
        if shift != self.run_shift {
            self.runs.push(folded, origin);
            self.run_shift = shift;
        }
    }

    /// Appends `folded`, every character of it from the cluster at original offset `origin`.
    fn append(&mut self, folded: &str, origin: usize) {
        for c in folded.chars() {
            self.map_next_char(origin);
            self.text.push(c);
        }
    }

    /// Appends `verbatim`, a stretch of the original at offset `origin` whose characters are
    /// each a cluster that folds to itself.
    #[inline(always)]
    fn push_verbatim(&mut self, verbatim: &str, origin: usize) {
        if verbatim.is_empty() {
            return;
        }
        if self.unsettled.is_some() {
            self.settle();
        }
        // Every character keeps its length and maps to itself, so the run of the first one
        // goes on to the end of the stretch.
        self.map_next_char(origin);
        self.text.push_str(verbatim);
    }

    /// Appends `c`, a stable cluster by itself that begins with a starter, from the cluster at
    /// original offset `start`.
    #[inline(always)]
    fn push_stable_char(&mut self, c: char, start: usize) {
        if self.unsettled.is_some() {
            self.settle();
        }
        self.map_next_char(start);
        self.text.push(c);
    }

    /// Appends `folded`, stable clusters that begin with a starter (or nothing), from the
    /// cluster at original offset `start`.
    fn push_stable_str(&mut self, folded: &str, start: usize) {
        if folded.is_empty() {
            return;
        }
        if self.unsettled.is_some() {
            self.settle();
        }
        self.append(folded, start);
    }

    /// Appends `folded`, the folding of the cluster at original offset `start` (`converged`:
    /// whether that folding reached a fixed point), marking it unsettled unless it is one
    /// stable cluster that begins with a starter.
    fn push_cluster(&mut self, folded: &str, start: usize, converged: bool) {
        let mut chars = folded.chars();
        let Some(first) = chars.next() else {
            // Folded to nothing: the cluster before now reaches over it.
            return;
        };
        if joins_previous(first) && !self.text.is_empty() {
            // It belongs to the last cluster of the text: fold them together (later).
            let (region_start, origin) = match self.unsettled {
                Some(unsettled) => unsettled,
                None => {
                    let back = last_cluster_start(&self.text, self.text.len());
                    (back, self.origin_at(back))
                }
            };
            self.unsettled = Some((region_start, origin));
            self.append(folded, origin);
            return;
        }
        if self.unsettled.is_some() {
            self.settle();
        }
        let one_stable_cluster = converged && !joins_previous(first) && chars.all(joins_previous);
        if !one_stable_cluster {
            self.unsettled = Some((self.text.len(), start));
        }
        self.append(folded, start);
    }

    /// The original offset the folded character starting at `at` maps to.
    fn origin_at(&self, at: usize) -> usize {
        self.runs.locate(at).map_or(0, |(_, origin)| origin)
    }

    /// Folds the unsettled stretch again until it is stable (see [`Output`]).
    #[cold]
    fn settle(&mut self) {
        let Some((mut region_start, mut origin)) = self.unsettled.take() else {
            return;
        };
        let mut region = self.text.get(region_start..).unwrap_or("").to_owned();
        for _ in 0..MAX_SETTLE_ROUNDS {
            let refolded = fold_clusters(&region);
            let changed = refolded != region;
            region = refolded;
            // A stretch that now begins with a joining character belongs with the cluster
            // before it.
            let mut extended = false;
            if region_start > 0 && region.chars().next().is_some_and(joins_previous) {
                let back = last_cluster_start(&self.text, region_start);
                region.insert_str(0, self.text.get(back..region_start).unwrap_or(""));
                origin = self.origin_at(back);
                region_start = back;
                extended = true;
            }
            if !changed && !extended {
                break;
            }
        }
        self.text.truncate(region_start);
        self.runs.truncate_from(region_start);
        self.run_shift = self
            .runs
            .len()
            .checked_sub(1)
            .and_then(|last| self.runs.get(last))
            .map_or(i64::MIN, |(folded, original)| shift(folded, original));
        self.append(&region, origin);
    }

    fn finish(mut self, original_len: usize) -> Normalized {
        self.settle();
        self.runs.shrink_to_fit();
        Normalized {
            text: self.text,
            runs: self.runs,
            original_len,
        }
    }
}

/// Where the last cluster of `text[..end]` begins: at its last character that does not join
/// the one before (or at 0).
fn last_cluster_start(text: &str, end: usize) -> usize {
    text.get(..end)
        .unwrap_or("")
        .char_indices()
        .rev()
        .find(|&(_, c)| !joins_previous(c))
        .map_or(0, |(at, _)| at)
}

/// Folds `text` cluster by cluster, as normalising it would (without the table or a map).
fn fold_clusters(text: &str) -> String {
    let mut result = String::with_capacity(text.len());
    let mut cluster = String::new();
    let mut folded = String::new();
    let mut chars = text.chars().peekable();
    while let Some(first) = chars.next() {
        cluster.clear();
        cluster.push(first);
        while let Some(c) = chars.next_if(|&c| joins_previous(c)) {
            cluster.push(c);
        }
        fold_cluster(&cluster, &mut folded);
        result.push_str(&folded);
    }
    result
}

/// The slow path's result for every character of the blocks most text is written in, so the
/// common case is one table lookup instead of an NFKC pass.
struct SingleCharTable {
    /// For the `i`-th character of [`TABLE_BLOCKS`] (counted across the blocks): how it folds
    /// alone, and whether it joins the cluster before it.
    entries: Vec<(SingleFold, bool)>,
    /// Foldings longer than one character.
    folded: String,
    /// For every two bytes `[byte, next]` of UTF-8 (`next` 0 at the end of the text), indexed
    /// by `byte << 8 | next`: 1 if a character begins at `byte` that does not simply copy
    /// over — it does not fold to itself, or it may not be a cluster by itself, or it is
    /// longer than two bytes —, 0 for a character that does (ASCII or two bytes long, folding
    /// to itself as a stable cluster that begins with a starter) and for a continuation byte.
    /// Every byte is judged on its own, so a scan for the next stop does not wait on the
    /// length of each character: it goes byte by byte through the few lines of this 64 KiB
    /// table the text's script uses.
    stops: Box<[u8; 0x10000]>,
}

/// How one character folds when it is a cluster by itself.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum SingleFold {
    /// To nothing (a diacritic, a control).
    Removed,
    /// To one character (most characters).
    Char(char),
    /// To several characters: `SingleCharTable::folded[from..to]`.
    Text { from: u32, to: u32 },
    /// To text that is not one stable cluster beginning with a starter, so it may change the
    /// text before it: left to the slow path.
    Slow,
}

/// Code point ranges kept in the table: Latin to Arabic Supplement and the General
/// Punctuation block (dashes, quotes, zero-width and bidi controls). [`SingleCharTable::entry`]
/// knows them too.
const TABLE_BLOCKS: [Range<u32>; 2] = [0..0x0800, 0x2000..0x2070];

impl SingleCharTable {
    fn build() -> SingleCharTable {
        let mut entries = Vec::new();
        let mut folded = String::new();
        let mut out = String::new();
        for block in TABLE_BLOCKS {
            for code in block {
                // Surrogates are not in these blocks; a missing character is never looked up.
                let Some(c) = char::from_u32(code) else {
                    entries.push((SingleFold::Removed, false));
                    continue;
                };
                let mut one = [0u8; 4];
                let converged = fold_cluster(c.encode_utf8(&mut one), &mut out);
                // The fast paths append a table entry as it is, so it must be stable and
                // must not join the text before it (see `Output`).
                let stable = out.is_empty()
                    || (converged
                        && out
                            .chars()
                            .next()
                            .is_some_and(|first| !joins_previous(first))
                        && fold_clusters(&out) == out);
                let mut out_chars = out.chars();
                let fold = match (out_chars.next(), out_chars.next()) {
                    _ if !stable => SingleFold::Slow,
                    (None, _) => SingleFold::Removed,
                    (Some(only), None) => SingleFold::Char(only),
                    (Some(_), Some(_)) => {
                        let from = clamp(folded.len());
                        folded.push_str(&out);
                        SingleFold::Text {
                            from,
                            to: clamp(folded.len()),
                        }
                    }
                };
                entries.push((fold, joins_previous(c)));
            }
        }
        let folds_to_itself = |code: u32| {
            char::from_u32(code).is_some_and(
                |c| matches!(entries.get(code as usize), Some(&(SingleFold::Char(f), _)) if f == c),
            )
        };
        let mut stops = Box::new([0u8; 0x10000]);
        for (pair, stop) in (0u32..).zip(stops.iter_mut()) {
            let (byte, next) = (pair >> 8, pair & 0xFF);
            let copies = if byte < 0x80 {
                folds_to_itself(byte)
            } else if byte < 0xC0 {
                true // a continuation byte: its character was judged at its lead byte
            } else if (0xC2..0xE0).contains(&byte) && (0x80..0xC0).contains(&next) {
                folds_to_itself((byte & 0x1F) << 6 | (next & 0x3F))
            } else {
                false
            };
            *stop = u8::from(!copies);
        }
        SingleCharTable {
            entries,
            folded,
            stops,
        }
    }

    /// The first character boundary of `bytes` (UTF-8, `at` a boundary) from `at` on whose
    /// character does not simply copy over, as [`SingleCharTable::stops`] tells; the end of
    /// `bytes` if there is none.
    #[inline]
    fn skip_verbatim(&self, bytes: &[u8], mut at: usize) -> usize {
        while let Some(&byte) = bytes.get(at) {
            let next = bytes.get(at + 1).copied().unwrap_or(0);
            if self.stops[usize::from(byte) << 8 | usize::from(next)] != 0 {
                return at;
            }
            at += 1;
        }
        at
    }

    /// How `c`, alone in its cluster, folds, and whether it joins the cluster before it;
    /// `None` outside the table.
    fn entry(&self, c: char) -> Option<(SingleFold, bool)> {
        let code = u32::from(c) as usize;
        let index = if code < 0x0800 {
            code
        } else if (0x2000..0x2070).contains(&code) {
            code - 0x2000 + 0x0800
        } else {
            return None;
        };
        self.entries.get(index).copied()
    }
}

/// Whether `c` (with its table entry, if any) joins the cluster before it.
fn joins(c: char, entry: Option<(SingleFold, bool)>) -> bool {
    match entry {
        Some((_, joins)) => joins,
        None => joins_previous(c),
    }
}

fn single_char_table() -> &'static SingleCharTable {
    static TABLE: std::sync::OnceLock<SingleCharTable> = std::sync::OnceLock::new();
    TABLE.get_or_init(SingleCharTable::build)
}

/// Folds a phrase (an anchor, a choice) the same way as article text, without the map.
pub fn normalize_phrase(phrase: &str) -> String {
    normalize(phrase).text
}

fn clamp(offset: usize) -> u32 {
    u32::try_from(offset).unwrap_or(u32::MAX)
}

/// Whether `c` belongs to the cluster of the character before it: a combining mark, or a
/// Hangul vowel/final jamo that NFKC composes with the syllable before it.
fn joins_previous(c: char) -> bool {
    canonical_combining_class(c) != 0 || ('\u{1160}'..='\u{11FF}').contains(&c)
}

/// At most this many rounds of NFKC and folding fold a cluster (two do in practice).
const MAX_FOLD_ROUNDS: usize = 8;

/// Folds one cluster (a base character and the marks that follow it) into `out`; `false` if
/// it did not reach a fixed point within [`MAX_FOLD_ROUNDS`].
fn fold_cluster(cluster: &str, out: &mut String) -> bool {
    out.clear();
    // NFKC, fold, and again until nothing changes: removing a character, lower-casing or
    // letter folding can produce a sequence that NFKC would change again, and the result must
    // fold to itself for normalisation to be idempotent.
    let mut current: String = cluster.to_owned();
    let mut converged = false;
    for _ in 0..MAX_FOLD_ROUNDS {
        let mut next = String::with_capacity(current.len());
        for c in current.nfkc() {
            fold_char(c, &mut next);
        }
        if next == current {
            converged = true;
            break;
        }
        current = next;
    }
    out.push_str(&current);
    converged
}

/// Folds one NFKC character into `out` (pushes nothing for a removed character).
fn fold_char(c: char, out: &mut String) {
    if is_removed(c) {
        return;
    }
    if let Some(digit) = decimal_digit(c) {
        out.push(char::from(b'0' + digit));
        return;
    }
    let folded = match c {
        'أ' | 'إ' | 'آ' | 'ٱ' => 'ا',
        'ى' | 'ئ' | 'ی' => 'ي',
        'ة' => 'ه',
        'ؤ' => 'و',
        'ک' => 'ك',
        '\u{066B}' => '.', // Arabic decimal separator
        '\u{066C}' => ',', // Arabic thousands separator
        '\u{066A}' => '%', // Arabic percent sign
        _ => {
            if c.is_uppercase() {
                out.extend(c.to_lowercase());
                return;
            }
            c
        }
    };
    out.push(folded);
}

/// Characters that carry no letters: Arabic diacritics and Quranic marks, tatweel, bidi
/// controls and zero-width characters.
fn is_removed(c: char) -> bool {
    matches!(c,
        '\u{0610}'..='\u{061A}'   // Arabic honorific and small signs
        | '\u{064B}'..='\u{065F}' // harakat, tanwin, shadda, sukun, hamza marks
        | '\u{0670}'              // superscript alef
        | '\u{06D6}'..='\u{06DC}' // Quranic annotation signs
        | '\u{06DF}'..='\u{06E4}'
        | '\u{06E7}'..='\u{06E8}'
        | '\u{06EA}'..='\u{06ED}'
        | '\u{08D3}'..='\u{08FF}' // extended Arabic marks
        | '\u{0640}'              // tatweel
        | '\u{061C}'              // Arabic letter mark
        | '\u{200B}'..='\u{200F}' // zero-width space/non-joiner/joiner, LRM, RLM
        | '\u{202A}'..='\u{202E}' // bidi embeddings and overrides
        | '\u{2060}'..='\u{2064}' // word joiner, invisible operators
        | '\u{2066}'..='\u{2069}' // bidi isolates
        | '\u{FEFF}'              // zero-width no-break space / BOM
        | '\u{00AD}'              // soft hyphen
    )
}

/// The value of a decimal digit of any common script, `None` for anything else.
fn decimal_digit(c: char) -> Option<u8> {
    // Zero code points of the Unicode decimal-digit blocks in use today; each block is ten
    // consecutive characters. ASCII and full-width digits are handled by NFKC/ASCII already.
    const ZEROS: [u32; 26] = [
        0x0030, 0x0660, 0x06F0, 0x07C0, 0x0966, 0x09E6, 0x0A66, 0x0AE6, 0x0B66, 0x0BE6, 0x0C66,
        0x0CE6, 0x0D66, 0x0DE6, 0x0E50, 0x0ED0, 0x0F20, 0x1040, 0x17E0, 0x1810, 0x1946, 0x19D0,
        0xA8D0, 0xA900, 0xAA50, 0xFF10,
    ];
    let code = u32::from(c);
    ZEROS.iter().find_map(|&zero| {
        let offset = code.checked_sub(zero)?;
        (offset < 10).then_some(offset as u8)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fold(s: &str) -> String {
        normalize(s).text
    }

    #[test]
    fn removes_diacritics_and_tatweel() {
        assert_eq!(fold("قَذِيفَةٌ مِدْفَعِيَّةٌ"), "قذيفه مدفعيه");
        assert_eq!(fold("الرئيـــس"), "الرييس");
        assert_eq!(fold("مُحَمَّدٌ"), "محمد");
        assert_eq!(fold("هٰذا"), "هذا");
    }

    #[test]
    fn folds_letter_variants() {
        assert_eq!(fold("أحمد إبراهيم آمن ٱلله"), "احمد ابراهيم امن الله");
        assert_eq!(fold("مستشفى"), "مستشفي");
        assert_eq!(fold("مدفعية"), "مدفعيه");
        assert_eq!(fold("مؤتمر"), "موتمر");
        assert_eq!(fold("رئيس"), "رييس");
        assert_eq!(fold("کوریا"), "كوريا");
    }

    #[test]
    fn folds_digits_of_every_script() {
        assert_eq!(fold("٥٬٠٠٠٬٠٠٠"), "5,000,000");
        assert_eq!(fold("١٫٥"), "1.5");
        assert_eq!(fold("۲۰۲۴"), "2024");
        assert_eq!(fold("२०२४"), "2024");
        assert_eq!(fold("２０２４"), "2024");
        assert_eq!(fold("٪٥٠"), "%50");
    }

    #[test]
    fn removes_controls_and_lowercases_latin() {
        assert_eq!(fold("بيونغ\u{200F} يانغ"), "بيونغ يانغ");
        assert_eq!(
            fold("\u{FEFF}Kim\u{200B} Jong\u{2067}Un\u{2069}"),
            "kim jongun"
        );
        assert_eq!(fold("ＦＵＬＬ width"), "full width");
    }

    #[test]
    fn applies_nfkc_with_composition() {
        assert_eq!(fold("e\u{301}"), "é");
        assert_eq!(fold("ﻻ"), "لا");
        assert_eq!(fold("ﬁnance"), "finance");
        // Alef with combining madda composes to آ and then folds to ا.
        assert_eq!(fold("\u{0627}\u{0653}"), "ا");
    }

    #[test]
    fn maps_back_to_original_spelling() {
        let original = "قَذَائِفُ مِدْفَعِيَّةٍ";
        let n = normalize(original);
        assert_eq!(n.text, "قذايف مدفعيه");
        let word = n.text.find("مدفعيه").unwrap();
        let range = n.original_range(word..n.text.len());
        // The last letter's tanwin is quoted with it.
        assert_eq!(&original[range], "مِدْفَعِيَّةٍ");
        let digits = normalize("نحو ٥ ملايين");
        let at = digits.text.find('5').unwrap();
        assert_eq!(&"نحو ٥ ملايين"[digits.original_range(at..at + 1)], "٥");
    }

    #[test]
    fn empty_and_mark_only_inputs() {
        assert_eq!(fold(""), "");
        let marks = normalize("\u{064E}\u{0651}");
        assert_eq!(marks.text, "");
        // Nothing is left, so position 0 is the end of the original.
        assert_eq!(marks.original_range(0..0), 4..4);
        assert_eq!(marks.original_offset(0), 4);
    }

    /// What one or more original clusters folded to, in the reference below.
    struct Segment {
        text: String,
        /// The original range: from the first cluster's start to the last's end, removed
        /// characters after it included.
        original: Range<usize>,
        unsettled: bool,
    }

    /// The folding written plainly: every cluster through the slow path, then every
    /// unsettled segment folded again (merged into the one before while it begins with a
    /// joining character), with a full original range per folded byte. Kept to check that
    /// the fast paths and the compact map change nothing.
    fn reference(original: &str) -> (String, Vec<Range<usize>>) {
        let mut segments: Vec<Segment> = Vec::new();
        let mut chars = original.char_indices().peekable();
        let mut cluster = String::new();
        let mut folded = String::new();
        while let Some((start, first)) = chars.next() {
            let mut end = start + first.len_utf8();
            cluster.clear();
            cluster.push(first);
            while let Some((at, c)) = chars.next_if(|&(_, c)| joins_previous(c)) {
                cluster.push(c);
                end = at + c.len_utf8();
            }
            let converged = fold_cluster(&cluster, &mut folded);
            let Some(head) = folded.chars().next() else {
                if let Some(last) = segments.last_mut() {
                    last.original.end = end;
                }
                continue;
            };
            if joins_previous(head)
                && let Some(last) = segments.last_mut()
            {
                last.text.push_str(&folded);
                last.original.end = end;
                last.unsettled = true;
                continue;
            }
            let one_stable_cluster =
                converged && !joins_previous(head) && folded.chars().skip(1).all(joins_previous);
            segments.push(Segment {
                text: folded.clone(),
                original: start..end,
                unsettled: !one_stable_cluster,
            });
        }
        let mut index = 0;
        while index < segments.len() {
            if segments[index].unsettled {
                for _ in 0..MAX_SETTLE_ROUNDS {
                    let refolded = fold_clusters(&segments[index].text);
                    let changed = refolded != segments[index].text;
                    segments[index].text = refolded;
                    let merge = index > 0
                        && segments[index]
                            .text
                            .chars()
                            .next()
                            .is_some_and(joins_previous);
                    if merge {
                        let merged = segments.remove(index);
                        index -= 1;
                        segments[index].text.push_str(&merged.text);
                        segments[index].original.end = merged.original.end;
                    }
                    if !changed && !merge {
                        break;
                    }
                }
            }
            index += 1;
        }
        let mut text = String::new();
        let mut origin = Vec::new();
        for segment in segments {
            text.push_str(&segment.text);
            origin.extend(std::iter::repeat_n(segment.original, segment.text.len()));
        }
        (text, origin)
    }

    fn assert_same_as_reference(original: &str) {
        let fast = normalize(original);
        let (text, origin) = reference(original);
        assert_eq!(fast.text, text, "text of {original:?}");
        for (at, range) in origin.iter().enumerate() {
            assert_eq!(
                fast.original_range(at..at + 1),
                *range,
                "{original:?} at {at}"
            );
            assert_eq!(
                fast.original_offset(at),
                range.start,
                "{original:?} at {at}"
            );
        }
        // Longer ranges: from the first byte's cluster start to the last byte's cluster end.
        let len = text.len();
        for (start, end) in [
            (0, len),
            (0, len / 2),
            (len / 3, len),
            (len / 4, len / 4 + 5),
        ] {
            if start < end && end <= len {
                let expected = origin[start].start..origin[end - 1].end;
                assert_eq!(fast.original_range(start..end), expected, "{original:?}");
            }
        }
        assert_eq!(fast.original_offset(text.len()), original.len());
        assert_eq!(fast.original_len(), original.len());
    }

    #[test]
    fn fast_paths_fold_and_map_like_the_reference() {
        for s in [
            "قَذَائِفُ مِدْفَعِيَّةٍ ـ ٥٬٠٠٠٬٠٠٠ ١٫٥ ٪",
            "\u{064E}\u{0651}بداية وnهاية\u{200F}\u{064B}",
            "İstanbul ǅ ß ﬃ Ⅻ ㎏ ﷺ e\u{301} \u{0627}\u{0653} ﻻ",
            "Putin’s “visit” — 19 June, 2024\u{00AD}",
            "",
        ] {
            assert_same_as_reference(s);
        }
        // Every character of the table's blocks, alone, doubled, and before marks.
        for block in TABLE_BLOCKS {
            for code in block {
                let Some(c) = char::from_u32(code) else {
                    continue;
                };
                assert_same_as_reference(&format!("{c}a{c}{c}\u{064E}ب{c}"));
                // Before joining characters of two and three bytes, and at the end.
                assert_same_as_reference(&format!("x{c}\u{0301}{c}\u{20D7}{c}\u{1161}{c}"));
            }
        }
        // Every Arabic letter with one and two marks of every kind nearby.
        for letter in '\u{0620}'..='\u{064A}' {
            for mark in '\u{064B}'..='\u{065F}' {
                assert_same_as_reference(&format!("{letter}{mark} {letter}{mark}\u{0651}"));
                assert_same_as_reference(&format!("{letter}\u{0651}{mark}{letter}\u{0654}{mark}"));
            }
        }
        // Pseudo-random mixtures of letters, marks, controls and digits.
        let alphabet: Vec<char> =
            "اأإآٱبتةثىيئؤوهـًٌٍَُِّْٰ\u{200F}\u{200B}\u{FEFF}٠١٢۳۴a Z.,،ﻻﷺé\u{301}\u{0653}"
                .chars()
                .collect();
        let mut random = crate::test_random::TestRandom::new(7);
        for _ in 0..300 {
            let mut s = String::new();
            for _ in 0..24 {
                s.push(alphabet[random.below(alphabet.len())]);
            }
            assert_same_as_reference(&s);
        }
    }

    #[test]
    fn a_mark_left_by_a_removed_character_joins_the_letter_before() {
        // The zero-width space goes; the acute it carried composes with the `n` as it would
        // when the folded text is normalised again, and `ń` is quoted with both.
        let n = normalize("n\u{200B}\u{301}x");
        assert_eq!(n.text, "ńx");
        assert_eq!(n.original_range(0..2), 0..6);
        assert_eq!(n.original_range(2..3), 6..7);
        assert_eq!(fold("American\u{200B}\u{301}"), "americań");
        assert_eq!(fold("American\u{200B}\u{301}"), fold("Americań"));
        // An Arabic mark on a tatweel or after a zero-width character is removed with it.
        assert_eq!(fold("محمـّد"), "محمد");
        assert_eq!(fold("ب\u{200B}\u{064E}ت"), "بت");
        let n = normalize("ب\u{200C}\u{0651}ت");
        assert_eq!(n.text, "بت");
        assert_eq!(n.original_range(0..2), 0..7);
    }

    #[test]
    fn a_compatibility_jamo_composes_with_the_syllable_before() {
        // NFKC makes the medial vowel U+1173 of `ㅡ`, which composes with the initial `ᄀ`.
        let n = normalize("\u{1100}\u{3161} 가");
        assert_eq!(n.text, "그 가");
        assert_eq!(n.original_range(0..3), 0..6);
        assert_eq!(n.original_offset(3), 6);
        // A compatibility final consonant after a full syllable joins it as well.
        assert_eq!(fold("가ㄱ"), fold(&fold("가ㄱ")));
    }

    #[test]
    fn a_joining_character_at_the_start_stays_on_its_own() {
        let n = normalize("\u{200B}\u{301}a");
        assert_eq!(n.text, "\u{301}a");
        // The mark is quoted with the zero-width space that carried it.
        assert_eq!(n.original_range(0..2), 0..5);
        assert_eq!(fold(&n.text), n.text);
        assert_eq!(fold("\u{301}\u{200B}\u{301}"), "\u{301}\u{301}");
    }

    #[test]
    fn many_marks_after_removed_characters_stay_linear() {
        // Each zero-width space carries a mark onto the same letter: the letter's cluster is
        // folded again once at the end, not once per mark.
        let text = format!("a{}b", "\u{200B}\u{301}".repeat(20_000));
        let n = normalize(&text);
        assert!(n.text.starts_with('á'));
        assert!(n.text.ends_with('b'));
        assert_eq!(fold(&n.text), n.text);
        assert_eq!(n.original_range(0..1), 0..text.len() - 1);
    }

    #[test]
    fn news_maps_like_the_reference_and_the_map_is_compact() {
        let corpus = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("corpus");
        let mut folded = 0;
        let mut map = 0;
        for entry in std::fs::read_dir(corpus).unwrap() {
            let text = std::fs::read_to_string(entry.unwrap().path()).unwrap();
            let n = normalize(&text);
            assert_same_as_reference(&text);
            folded += n.text.len();
            map += n.map_bytes();
        }
        assert!(folded > 10_000, "the bundled articles are there");
        let english =
            std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/english/corpus");
        for entry in std::fs::read_dir(english).unwrap() {
            assert_same_as_reference(&std::fs::read_to_string(entry.unwrap().path()).unwrap());
        }
        // A byte of map per four folded bytes at most (a per-byte table took four per byte).
        assert!(
            map * 4 < folded,
            "{map} bytes of map for {folded} folded bytes"
        );
    }

    #[test]
    fn runs_widen_past_four_gigabytes() {
        let mut runs = Runs::Narrow(Vec::new());
        runs.push(0, 3);
        runs.push(10, 20);
        assert!(matches!(runs, Runs::Narrow(_)));
        let big = 1usize << 33;
        runs.push(big, big + 5);
        assert!(matches!(runs, Runs::Wide(_)));
        assert_eq!(runs.len(), 3);
        assert_eq!(runs.get(1), Some((10, 20)));
        assert_eq!(runs.locate(12), Some((1, 22)));
        assert_eq!(runs.locate(big + 7), Some((2, big + 12)));
        assert_eq!(runs.first_starting_after(20), 2);
        runs.truncate_from(10);
        assert_eq!(runs.len(), 1);
        assert_eq!(runs.locate(4), Some((0, 7)));
    }

    /// Characters that make folding interesting: joining marks, removed controls carrying
    /// them, compatibility and Hangul characters, case foldings that change NFKC, Arabic.
    const TRICKY: &[char] = &[
        'a', 'n', 'e', 'E', 'i', 'I', 'K', '\u{212A}', 'İ', 'ß', 'ẞ', 'ſ', 'ﬁ', 'ﬃ', 'ǅ', 'Ⅻ',
        '㎏', 'ﷺ', 'Σ', 'Ω', 'ᾼ', 'ΐ', '\u{1E9B}', '\u{1FBE}', '\u{0300}', '\u{0301}', '\u{0307}',
        '\u{0308}', '\u{0323}', '\u{0344}', '\u{0345}', '\u{200B}', '\u{200C}', '\u{200D}',
        '\u{200F}', '\u{FEFF}', '\u{00AD}', '\u{2066}', '\u{0640}', 'ا', 'أ', 'إ', 'آ', 'ٱ', 'ب',
        'ة', 'ى', 'ي', 'ئ', 'ؤ', 'و', 'ه', 'ل', 'ﻻ', '\u{064B}', '\u{064E}', '\u{0651}',
        '\u{0652}', '\u{0653}', '\u{0654}', '\u{0655}', '\u{0670}', '٥', '۴', '५', '５', '٫', '٬',
        '٪', '\u{1100}', '\u{1161}', '\u{11A8}', '\u{115F}', '\u{1160}', '가', '각', 'ㄱ', 'ㅏ',
        'ㅡ', 'ㄳ', '\u{3164}', '\u{0F71}', '\u{0F72}', '\u{0F73}', '\u{0F75}', '\u{0F81}', 'ｶ',
        'ﾞ', '\u{3099}', 'か', '\u{0995}', '\u{09C7}', '\u{09BE}', '\u{09D7}', '\u{0CC6}',
        '\u{0CC2}', '\u{0CD5}', ' ', '.',
    ];

    fn tricky_text() -> impl proptest::strategy::Strategy<Value = String> {
        use proptest::prelude::*;
        proptest::collection::vec(
            prop_oneof![4 => proptest::sample::select(TRICKY), 1 => any::<char>()],
            0..20,
        )
        .prop_map(|chars| chars.into_iter().collect())
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(3000))]

        #[test]
        fn idempotent_and_mapped_like_the_reference(
            text in tricky_text(),
            ranges in proptest::collection::vec((0usize..80, 0usize..80), 4),
        ) {
            assert_same_as_reference(&text);
            let (reference_text, origin) = reference(&text);
            let fast = normalize(&text);
            for (start, end) in ranges {
                let expected = if start < end && end <= reference_text.len() {
                    origin[start].start..origin[end - 1].end
                } else {
                    // Clamped to the text; an empty range maps to a point.
                    let end = end.min(reference_text.len());
                    let start = start.min(end);
                    let at = origin.get(start).map_or(text.len(), |range| range.start);
                    if start == end { at..at } else { at..origin[end - 1].end }
                };
                proptest::prop_assert_eq!(fast.original_range(start..end), expected);
            }
            let once = normalize(&text);
            let twice = normalize(&once.text);
            proptest::prop_assert_eq!(&twice.text, &once.text, "not idempotent on {:?}", text);
            // Normalised text maps onto itself.
            for (at, c) in twice.text.char_indices() {
                let range = twice.original_range(at..at + c.len_utf8());
                proptest::prop_assert!(range.start <= at && at + c.len_utf8() <= range.end);
            }
        }

        #[test]
        fn idempotent_on_any_text(text in ".{0,40}") {
            let once = fold(&text);
            proptest::prop_assert_eq!(fold(&once), once);
        }
    }

    #[test]
    fn harakat_vanish_with_the_letter_they_follow() {
        for carrier in HARAKAT_CARRIERS {
            let alone = normalize(&carrier.to_string());
            for first in HARAKAT {
                for second in HARAKAT.chain(std::iter::once('x')) {
                    let text: String = [carrier, first, second].into_iter().collect();
                    let expected: String = [carrier, second]
                        .iter()
                        .filter(|c| !HARAKAT.contains(c))
                        .collect();
                    assert_eq!(normalize(&text).text, fold(&expected), "{text:?}");
                    assert_same_as_reference(&text);
                }
            }
            // `fold_alone` tells what the letter's cluster folds to.
            let told = match fold_alone(carrier) {
                Some((AloneFold::Removed, false)) => String::new(),
                Some((AloneFold::Char(c), false)) => c.to_string(),
                other => panic!("{carrier:?} folds as {other:?}"),
            };
            assert_eq!(alone.text, told);
        }
    }

    /// Byte ranges of the lines of `text` (each with its `\n`) picked by `keep`.
    fn lines_where(text: &str, keep: impl Fn(usize) -> bool) -> Vec<Range<usize>> {
        let mut lines = Vec::new();
        let mut start = 0;
        for (index, line) in text.split_inclusive('\n').enumerate() {
            if keep(index) {
                lines.push(start..start + line.len());
            }
            start += line.len();
        }
        lines
    }

    #[test]
    fn folding_some_lines_folds_them_as_the_whole_text_does() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
        let mut texts: Vec<String> = ["corpus", "tests/data/english/corpus"]
            .iter()
            .flat_map(|dir| std::fs::read_dir(root.join(dir)).unwrap())
            .map(|entry| std::fs::read_to_string(entry.unwrap().path()).unwrap())
            .collect();
        texts.push("قَالَ بُوتِين\nمـــدفعيـَّـة ٥ ملايين…\nİstanbul ﷺ ½\n\nآخر سطر".to_owned());
        for text in &texts {
            let whole = normalize(text);
            for pattern in [0b1usize, 0b10, 0b101, 0b110, 0b1111] {
                let keep = |line: usize| pattern >> (line % 4) & 1 == 1;
                let some = normalize_lines(text, &lines_where(text, keep));
                let (whole_lines, some_lines, original_lines): (Vec<_>, Vec<_>, Vec<_>) = (
                    whole.text.split_inclusive('\n').collect(),
                    some.text.split_inclusive('\n').collect(),
                    text.split_inclusive('\n').collect(),
                );
                assert_eq!(some_lines.len(), original_lines.len());
                let mut at = 0;
                for (index, line) in some_lines.iter().enumerate() {
                    let expected = if keep(index) {
                        whole_lines[index]
                    } else {
                        original_lines[index]
                    };
                    assert_eq!(*line, expected, "line {index}");
                    // Every character maps back where the whole text's does.
                    let whole_at: usize = whole_lines[..index].iter().map(|l| l.len()).sum();
                    for (offset, c) in line.char_indices() {
                        let range = some.original_range(at + offset..at + offset + c.len_utf8());
                        if keep(index) {
                            let expected = whole.original_range(
                                whole_at + offset..whole_at + offset + c.len_utf8(),
                            );
                            assert_eq!(range, expected, "line {index} at {offset}");
                        } else {
                            let original_at: usize =
                                original_lines[..index].iter().map(|l| l.len()).sum();
                            assert_eq!(range.start, original_at + offset);
                        }
                    }
                    at += line.len();
                }
            }
            // No line at all, and every line: the original, and the whole folding.
            assert_eq!(normalize_lines(text, &[]).text, *text);
            assert_eq!(normalize_lines(text, &lines_where(text, |_| true)), whole);
        }
    }

    #[test]
    fn lines_out_of_order_or_cutting_a_character_are_passed_over() {
        let text = "أب\nجد\n";
        assert_eq!(normalize_lines(text, &[5..10, 0..5]).text, text);
        assert_eq!(normalize_lines(text, &[0..5, 3..5]).text, "اب\nجد\n");
        // From the middle of `أ`; backwards.
        let from_inside = std::slice::from_ref(&(1..5));
        assert_eq!(normalize_lines(text, from_inside).text, text);
        #[allow(clippy::reversed_empty_ranges)]
        let backwards = std::slice::from_ref(&(5..3));
        assert_eq!(normalize_lines(text, backwards).text, text);
    }

    #[test]
    fn folded_offsets_invert_the_map_back() {
        for text in [
            "قَالَ بُوتِين إنّ ٥ ملايين قذيفة مدفعيّة",
            "مـــدفعيـَّـة \u{200F}٥ ملايين… İstanbul ﷺ ½ x",
        ] {
            let folded = normalize(text);
            let mut previous_origin = None;
            for (at, _) in folded.text.char_indices() {
                let origin = folded.original_offset(at);
                if previous_origin != Some(origin) {
                    // The first character of its cluster.
                    assert_eq!(folded.folded_offset(origin), at, "{text:?} at {at}");
                }
                previous_origin = Some(origin);
            }
            assert_eq!(folded.folded_offset(text.len()), folded.text.len());
        }
        // A removed character maps to the next folded one.
        let folded = normalize("اـب");
        assert_eq!(folded.folded_offset(2), 2);
    }

    #[test]
    fn idempotent_on_mixed_text() {
        for s in [
            "İstanbul ǅ ß ﬃ Ⅻ ㎏ ﷺ",
            "قَالَ بُوتِين ١٩ حزيران/يونيو ٢٠٢٤",
            "\u{1100}\u{1161}\u{11A8} 가",
            "Ἀθῆναι ΣΊΣΥΦΟΣ",
        ] {
            let once = fold(s);
            assert_eq!(fold(&once), once, "not idempotent on {s:?}");
        }
    }
}
