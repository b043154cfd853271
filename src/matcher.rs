//! Fuzzy phrase matching: where does an article state a claim's anchor (or a choice)?
//!
//! Sources spell the same phrase differently — with or without a proclitic (`وبيونغ يانغ`),
//! joined or split (`بيونغيانغ` / `بيونغ يانغ`), singular or plural, with a typo. Matching works on
//! normalised text (see [`crate::normalize`]) and compares a phrase with every window of words
//! in a segment:
//!
//! - windows have the phrase's word count, one word fewer, or one word more;
//! - each window is compared both with single spaces between its words and with its words
//!   joined, against the phrase written the same two ways, so split and joined spellings meet;
//! - the first word of the window and of the phrase is also tried with an Arabic proclitic
//!   stripped (`و ف ب ل ك ال وال بال فال كال لل`, and their stacks such as `وبال`), so `والقمة`
//!   meets `القمة` and `قمة`.
//!
//! **Scoring.** The score of a window is the best normalised Levenshtein similarity
//! (`strsim::normalized_levenshtein`: `1 − edits / longer length`, in characters) over those
//! variants. Levenshtein rather than Jaro–Winkler because its meaning is an edit budget a
//! reviewer can reason about — at the default threshold 0.85 a 12-letter anchor tolerates one
//! edit, a 20-letter anchor three — and because Jaro–Winkler rewards a shared beginning, which
//! in Arabic is often just the article `ال`. A window matches when its score is at least the
//! claim's threshold. Where windows overlap, the best-scoring one wins (then the earlier, then
//! the one closest in length to the phrase), so one place in the text gives one match.

use crate::distance::Columns;
use crate::inflect::{AnchorWord, Reading, readings};
use crate::normalize::normalize_phrase;
use crate::segment::words;
use std::collections::BTreeMap;
use std::ops::Range;

/// Arabic proclitics stack in this order: a conjunction, a preposition, the article
/// (`و` + `ب` + `ال` in `وبالأسلحة`); `لل` is `ل` + `ال` with the alef dropped.
const CONJUNCTIONS: &[&str] = &["", "و", "ف"];
const PREPOSITIONS_AND_ARTICLE: &[&str] = &["", "ب", "ل", "ك", "ال", "بال", "كال", "لل"];

/// Every stack of proclitics a window's first word may lose (`و`, `بال`, `ولل` …), folded,
/// as [`spellings`] and the matcher's stems strip them; the prefilter allows for them.
pub(crate) fn proclitic_stacks() -> impl Iterator<Item = String> {
    CONJUNCTIONS
        .iter()
        .flat_map(|c| {
            PREPOSITIONS_AND_ARTICLE
                .iter()
                .map(move |p| format!("{c}{p}"))
        })
        .filter(|stack| !stack.is_empty())
}

/// A phrase prepared for matching: folded, split into words, with its spelling variants.
#[derive(Debug, Clone, PartialEq)]
pub struct Phrase {
    /// The phrase as the claim wrote it.
    pub original: String,
    /// How many words the folded phrase has (at least 1).
    pub word_count: usize,
    /// Folded spellings to compare windows with: words joined by one space, words joined with
    /// nothing, each with and without a proclitic on the first word.
    variants: Vec<String>,
    /// Every character of the spellings, sorted, once: a window's characters are looked up
    /// here once, then index every spelling's match rows ([`Phrase::fast_score`]).
    alphabet: Vec<char>,
    /// The same spellings prepared for bit-parallel edit distance ([`Phrase::fast_score`]).
    prepared: Vec<BitPattern>,
    /// The endings the last word may take in a window (`None`: matched literally).
    inflection: Option<Inflection>,
}

/// How a phrase's last word inflects ([`crate::inflect`]).
#[derive(Debug, Clone, PartialEq)]
struct Inflection {
    /// The phrase's last word and its endings.
    word: AnchorWord,
    /// The spellings with the last word's final letter dropped, for endings that replace it
    /// (`دبابة` → `دباب` + `ات`); empty when no ending does.
    dropped: Vec<String>,
    /// For each of [`Phrase::variants`], whether it ends with that letter and leaves two
    /// characters without it: its spelling without the letter is one of `dropped`, and the
    /// pass over the variant scores both ([`BitPattern::distances`]).
    drops: Vec<bool>,
}

impl Phrase {
    /// Prepares `original` for matching, its last word allowed to inflect
    /// ([`crate::inflect`]); `None` when it has no word once folded (blank, punctuation
    /// only).
    pub fn new(original: &str) -> Option<Phrase> {
        Phrase::with_inflection(original, true)
    }

    /// [`Phrase::new`], matched literally when `inflect` is false (a name, a code): no
    /// ending is stripped from a window's last word.
    pub fn with_inflection(original: &str, inflect: bool) -> Option<Phrase> {
        let folded = normalize_phrase(original);
        let ranges = words(&folded, 0..folded.len());
        let word_list: Vec<&str> = ranges.iter().map(|r| &folded[r.clone()]).collect();
        if word_list.is_empty() {
            return None;
        }
        let variants = spellings(&word_list);
        let mut alphabet: Vec<char> = variants.iter().flat_map(|v| v.chars()).collect();
        alphabet.sort_unstable();
        alphabet.dedup();
        let prepared = variants
            .iter()
            .map(|v| BitPattern::new(v, &alphabet))
            .collect();
        let inflection = match word_list.last() {
            Some(last) if inflect => {
                let word = AnchorWord::new(last);
                let mut dropped: Vec<String> = Vec::new();
                let mut drops = vec![false; variants.len()];
                if let Some(letter) = word.drops() {
                    for (variant, flag) in variants.iter().zip(drops.iter_mut()) {
                        if let Some(stem) = variant.strip_suffix(letter)
                            && stem.chars().count() >= 2
                        {
                            *flag = true;
                            if !dropped.iter().any(|d| d == stem) {
                                dropped.push(stem.to_owned());
                            }
                        }
                    }
                }
                Some(Inflection {
                    word,
                    dropped,
                    drops,
                })
            }
            _ => None,
        };
        Some(Phrase {
            original: original.to_owned(),
            word_count: word_list.len(),
            variants,
            alphabet,
            prepared,
            inflection,
        })
    }

    /// Whether a window's last word may carry an ending ([`crate::inflect`]).
    pub fn inflects(&self) -> bool {
        self.inflection.is_some()
    }

    /// Every folded spelling a window's words (with the last word's ending stripped, see
    /// [`crate::inflect`]) may be compared with: [`Phrase::variants`], then the same without
    /// the last word's final letter when an ending may replace it. The prefilter cuts each
    /// into pieces.
    pub fn search_spellings(&self) -> impl Iterator<Item = &String> {
        self.variants.iter().chain(
            self.inflection
                .iter()
                .flat_map(|inflection| inflection.dropped.iter()),
        )
    }

    /// The best similarity between this phrase and a window of words, 0 to 1, and the
    /// ending of the window's last word that gives it (`None` when the words as written
    /// score best).
    ///
    /// `threshold` only lets the comparison skip spellings whose lengths differ too much to
    /// reach it; the score returned is exact whenever it is at least `threshold`.
    pub fn score_with_reading(&self, window: &[&str], threshold: f64) -> (f64, Option<Reading>) {
        let mut best = spelled_score(window, &self.variants, threshold, 0.0);
        let mut chosen = None;
        let (Some(inflection), Some(last)) = (&self.inflection, window.last()) else {
            return (best, chosen);
        };
        let mut found = Vec::new();
        readings(&inflection.word, last, &mut found);
        let mut stripped: Vec<&str> = window.to_vec();
        for reading in found {
            let Some(stem) = last.get(..last.len() - reading.strip_bytes) else {
                continue;
            };
            if let Some(slot) = stripped.last_mut() {
                *slot = stem;
            }
            let variants = if reading.drops_final {
                &inflection.dropped
            } else {
                &self.variants
            };
            let score = spelled_score(&stripped, variants, threshold, best);
            if score > best {
                best = score;
                chosen = Some(reading);
            }
        }
        (best, chosen)
    }

    /// The best similarity between this phrase and a window of words, 0 to 1.
    ///
    /// `threshold` only lets the comparison skip variants whose lengths differ too much to
    /// reach it; the score returned is exact whenever it is at least `threshold`.
    pub fn score(&self, window: &[&str], threshold: f64) -> f64 {
        self.score_with_reading(window, threshold).0
    }
}

/// The best similarity, if above `best`, between a window's spellings and `variants`
/// (otherwise `best`); exact when at least `threshold`.
fn spelled_score(window: &[&str], variants: &[String], threshold: f64, best: f64) -> f64 {
    let mut best = best;
    {
        for candidate in spellings(window) {
            let candidate_len = candidate.chars().count();
            for variant in variants {
                let variant_len = variant.chars().count();
                let longer = candidate_len.max(variant_len);
                if longer == 0 {
                    continue;
                }
                // Levenshtein is at least the length difference: skip hopeless pairs.
                let bound = 1.0 - candidate_len.abs_diff(variant_len) as f64 / longer as f64;
                if bound < threshold || bound <= best {
                    continue;
                }
                best = best.max(strsim::normalized_levenshtein(&candidate, variant));
            }
        }
    }
    best
}

impl Phrase {
    /// [`Phrase::score`], faster: whenever that score is at least `threshold` this returns
    /// exactly the same number; otherwise some number below `threshold`.
    ///
    /// The same pairs of spellings are compared and the score is computed with the same
    /// formula as `strsim::normalized_levenshtein` (`1 − distance / longer length`, in
    /// characters), but the distance comes from Myers' bit-parallel algorithm when the
    /// phrase's spelling has at most 64 characters (`strsim` otherwise).
    pub fn fast_score(&self, window: &[&str], threshold: f64) -> f64 {
        self.fast_score_with(window, threshold, &mut WindowCodes::default())
    }

    /// [`Phrase::fast_score`] with a buffer to reuse from one window to the next.
    fn fast_score_with(&self, window: &[&str], threshold: f64, codes: &mut WindowCodes) -> f64 {
        self.fast_score_reading(window, threshold, codes).0
    }

    /// [`Phrase::score_with_reading`], faster: the same score and ending whenever the score
    /// is at least `threshold` (see [`Phrase::fast_score`]).
    ///
    /// An ending only shortens the window's spelling at its end, and Myers' algorithm reads
    /// the spelling from its start, its distance to the whole of the text read so far known
    /// at every character: one pass over the window's spelling gives the distance of the
    /// spelling without each ending too, instead of one pass for each ending.
    fn fast_score_reading(
        &self,
        window: &[&str],
        threshold: f64,
        codes: &mut WindowCodes,
    ) -> (f64, Option<Reading>) {
        let Some((first, rest)) = window.split_first() else {
            return (0.0, None);
        };
        // The window's characters as indices into the phrase's alphabet, looked up once for
        // all its spellings: words joined by a space, and joined by nothing. A stem of the
        // first word is a suffix of it, so each spelling is a suffix of one of these; an
        // ending of the last word is a suffix of both.
        let WindowCodes {
            spaced,
            joined,
            readings: found,
        } = codes;
        spaced.clear();
        joined.clear();
        spaced.extend(first.chars().map(|c| self.code(c)));
        joined.extend_from_slice(spaced);
        let space = self.code(' ');
        for word in rest {
            spaced.push(space);
            let from = joined.len();
            joined.extend(word.chars().map(|c| self.code(c)));
            if let Some(word_codes) = joined.get(from..) {
                spaced.extend_from_slice(word_codes);
            }
        }
        let spelling = WindowSpelling {
            first,
            rest,
            spaced,
            joined,
        };
        // The best score for each number of characters stripped from the end: the words as
        // written (0), then the endings.
        let mut kept = [0.0; STRIP_SLOTS];
        let mut dropped = [0.0; STRIP_SLOTS];
        let Some((inflection, last)) = self.inflection.as_ref().zip(window.last()) else {
            let strips = Strips {
                kept: 1,
                dropped: 0,
                drops: &[],
            };
            spelling.best_by_strip(self, threshold, &strips, &mut kept, &mut dropped);
            return (kept[0], None);
        };
        readings(&inflection.word, last, found);
        let mut kept_strips = 1u32;
        let mut dropped_strips = 0u32;
        for reading in found.iter() {
            let Some(bit) = strip_bit(reading.strip_chars) else {
                // Longer than any ending of the lists: the reference scoring.
                return self.score_with_reading(window, threshold);
            };
            if reading.drops_final {
                dropped_strips |= bit;
            } else {
                kept_strips |= bit;
            }
        }
        let strips = Strips {
            kept: kept_strips,
            dropped: dropped_strips,
            drops: &inflection.drops,
        };
        spelling.best_by_strip(self, threshold, &strips, &mut kept, &mut dropped);
        // As the reference: the words as written, then each ending in turn when it scores
        // higher than all before it.
        let mut best = kept[0];
        let mut chosen = None;
        for &reading in found.iter() {
            let scores = if reading.drops_final { &dropped } else { &kept };
            let score = scores.get(reading.strip_chars).copied().unwrap_or(0.0);
            if score > best {
                best = score;
                chosen = Some(reading);
            }
        }
        (best, chosen)
    }

    /// The index of `c` in the phrase's alphabet; one past the end for a character no
    /// spelling holds (it equals no character of any spelling).
    fn code(&self, c: char) -> u16 {
        let index = self
            .alphabet
            .binary_search(&c)
            .unwrap_or(self.alphabet.len());
        u16::try_from(index).unwrap_or(u16::MAX)
    }

    /// The folded spellings this phrase is compared with (spaced and joined, with and
    /// without a proclitic on the first word). A window scores at least a threshold only when
    /// one of its own spellings is that close to one of these: the prefilter cuts them into
    /// pieces ([`crate::prefilter`]).
    pub fn variants(&self) -> &[String] {
        &self.variants
    }
}

/// A window's characters as indices into a phrase's alphabet ([`Phrase::fast_score`]):
/// buffers reused from one window to the next.
#[derive(Debug, Default)]
struct WindowCodes {
    /// The words joined by a space.
    spaced: Vec<u16>,
    /// The words joined by nothing.
    joined: Vec<u16>,
    /// The endings of the last word.
    readings: Vec<Reading>,
}

/// How many characters an ending may strip for [`Phrase::fast_score_reading`]: one slot
/// for each, from 0 (the words as written); the lists' longest ending
/// ([`crate::inflect::MAX_ENDING_CHARS`]) is well within.
const STRIP_SLOTS: usize = 16;

/// The bit of `strip_chars` in a set of strips ([`STRIP_SLOTS`]), if it has one.
fn strip_bit(strip_chars: usize) -> Option<u32> {
    (strip_chars < STRIP_SLOTS).then(|| 1u32 << strip_chars)
}

/// A window's words and their codes, to be compared with or without an ending.
struct WindowSpelling<'a, 'w> {
    first: &'w str,
    rest: &'a [&'w str],
    /// The words joined by a space, as codes.
    spaced: &'a [u16],
    /// The words joined by nothing, as codes.
    joined: &'a [u16],
}

/// The readings to score a window with ([`WindowSpelling::best_by_strip`]).
struct Strips<'a> {
    /// Numbers of characters stripped by readings that keep the anchor whole (a bit set,
    /// see [`strip_bit`]; bit 0, the words as written).
    kept: u32,
    /// The same for readings that replace the anchor's final letter.
    dropped: u32,
    /// For each variant, whether its spelling without its final letter is compared
    /// ([`Inflection::drops`]); empty when none is.
    drops: &'a [bool],
}

impl WindowSpelling<'_, '_> {
    /// For each number of characters `k` in `strips.kept`: the best score of the window's
    /// spellings, as `spellings` makes them of the words with their last `k` characters
    /// stripped, against the phrase's variants, into `kept[k]` when higher than it already
    /// is; and for each `k` in `strips.dropped` the same against the variants without their
    /// final letter ([`Inflection::drops`]), into `dropped[k]`. Exact when at least
    /// `threshold`.
    ///
    /// A stripped ending always leaves two characters of the last word, so stripping `k`
    /// characters from the end of a spelling strips them from the last word. When the window
    /// has one word, a proclitic stripped from its start must leave two characters of what
    /// the ending leaves, as `spellings` asks of the stripped word.
    fn best_by_strip(
        &self,
        phrase: &Phrase,
        threshold: f64,
        strips: &Strips<'_>,
        kept: &mut [f64; STRIP_SLOTS],
        dropped: &mut [f64; STRIP_SLOTS],
    ) {
        let single = self.rest.is_empty();
        let first_chars = if single {
            self.first.chars().count()
        } else {
            0
        };
        // The window's spellings as `spellings` makes them (a repeated spelling only repeats
        // a comparison), compared only when some variant's length leaves them a chance.
        let stems = Stems::of(self.first);
        let mut kept_distances = [0usize; STRIP_SLOTS];
        let mut dropped_distances = [0usize; STRIP_SLOTS];
        for &head in stems.as_slice() {
            // Characters of the first word before the stem: the proclitic.
            let skipped = self
                .first
                .get(..self.first.len() - head.len())
                .map_or(0, |p| p.chars().count());
            let allowed = |set: u32| {
                let mut set = set;
                if single && skipped > 0 {
                    for k in bits(set) {
                        if first_chars.saturating_sub(skipped).saturating_sub(k) < 2 {
                            set &= !(1u32 << k);
                        }
                    }
                }
                set
            };
            let head_kept = allowed(strips.kept);
            let head_dropped = allowed(strips.dropped);
            if head_kept == 0 && head_dropped == 0 {
                continue;
            }
            for spaced_spelling in [true, false] {
                let all = if spaced_spelling {
                    self.spaced
                } else {
                    self.joined
                };
                let Some(candidate) = all.get(skipped..) else {
                    continue;
                };
                let full = candidate.len();
                // The strips of `set` whose length leaves a spelling of `variant_len`
                // characters a chance against `scores`: Levenshtein is at least the length
                // difference.
                let wanted = |set: u32, variant_len: usize, scores: &[f64; STRIP_SLOTS]| {
                    let mut wanted = 0u32;
                    for k in bits(set) {
                        let Some(candidate_len) = full.checked_sub(k) else {
                            continue;
                        };
                        let longer = candidate_len.max(variant_len);
                        if longer == 0 {
                            continue;
                        }
                        let bound =
                            1.0 - candidate_len.abs_diff(variant_len) as f64 / longer as f64;
                        if bound >= threshold && bound > scores[k] {
                            wanted |= 1u32 << k;
                        }
                    }
                    wanted
                };
                for (index, (variant, pattern)) in
                    phrase.variants.iter().zip(&phrase.prepared).enumerate()
                {
                    let variant_len = pattern.len();
                    let want_kept = wanted(head_kept, variant_len, kept);
                    let drops = strips.drops.get(index).copied().unwrap_or(false);
                    let want_dropped = if drops && variant_len > 0 {
                        wanted(head_dropped, variant_len - 1, dropped)
                    } else {
                        0
                    };
                    if want_kept == 0 && want_dropped == 0 {
                        continue;
                    }
                    let computed = pattern.distances(
                        candidate,
                        [want_kept, want_dropped],
                        [&mut kept_distances, &mut dropped_distances],
                    );
                    if !computed {
                        // Longer than 64 characters: `strsim` on the spelled-out text.
                        let separator = if spaced_spelling { " " } else { "" };
                        let mut text = String::from(head);
                        for word in self.rest {
                            text.push_str(separator);
                            text.push_str(word);
                        }
                        let text_chars = text.chars().count();
                        let variant_chars = variant.chars().count();
                        let shorter: String = variant
                            .chars()
                            .take(variant_chars.saturating_sub(1))
                            .collect();
                        for k in bits(want_kept | want_dropped) {
                            let stripped: String = text.chars().take(text_chars - k).collect();
                            if want_kept & (1u32 << k) != 0 {
                                kept_distances[k] = strsim::levenshtein(&stripped, variant);
                            }
                            if want_dropped & (1u32 << k) != 0 {
                                dropped_distances[k] = strsim::levenshtein(&stripped, &shorter);
                            }
                        }
                    }
                    for k in bits(want_kept) {
                        let longer = (full - k).max(variant_len);
                        let score = 1.0 - kept_distances[k] as f64 / longer as f64;
                        if score > kept[k] {
                            kept[k] = score;
                        }
                    }
                    if kept[0] >= 1.0 {
                        // The words as written are the anchor: nothing scores higher, and
                        // an ending is chosen only when it does.
                        return;
                    }
                    for k in bits(want_dropped) {
                        let longer = (full - k).max(variant_len - 1);
                        let score = 1.0 - dropped_distances[k] as f64 / longer as f64;
                        if score > dropped[k] {
                            dropped[k] = score;
                        }
                    }
                }
            }
        }
    }
}

/// The members of a set of strips ([`strip_bit`]), smallest first.
fn bits(set: u32) -> impl Iterator<Item = usize> {
    let mut rest = set;
    std::iter::from_fn(move || {
        let k = rest.trailing_zeros() as usize;
        (k < STRIP_SLOTS).then(|| {
            rest &= rest - 1;
            k
        })
    })
}

/// Where a phrase was found.
#[derive(Debug, Clone, PartialEq)]
pub struct PhraseMatch {
    /// Index of the phrase in the list searched for.
    pub phrase: usize,
    /// Byte range of the matched words in the normalised text.
    pub span: Range<usize>,
    /// Index of the first and one past the last matched word in the word list of the range
    /// searched.
    pub words: Range<usize>,
    /// Similarity, from the threshold to 1.
    pub score: f64,
    /// The ending stripped from the last matched word to reach that score, if any
    /// ([`crate::inflect`]).
    pub reading: Option<Reading>,
}

/// Finds every place in `range` of normalised `text` where one of `phrases` occurs with a score
/// of at least `threshold`. Overlapping candidates are resolved to the best one; the result is
/// in text order. `word_ranges` are the words of `range` (see [`words`]).
pub fn find_phrases(
    text: &str,
    word_ranges: &[Range<usize>],
    phrases: &[Phrase],
    threshold: f64,
) -> Vec<PhraseMatch> {
    let word_texts: Vec<&str> = word_ranges
        .iter()
        .map(|r| text.get(r.clone()).unwrap_or(""))
        .collect();
    let mut candidates = Vec::new();
    for (phrase_index, phrase) in phrases.iter().enumerate() {
        let smallest = phrase.word_count.saturating_sub(1).max(1);
        let largest = phrase.word_count + 1;
        for start in 0..word_texts.len() {
            for size in smallest..=largest {
                let end = start + size;
                let Some(window) = word_texts.get(start..end) else {
                    break;
                };
                let (score, reading) = phrase.score_with_reading(window, threshold);
                if score >= threshold {
                    candidates.push(PhraseMatch {
                        phrase: phrase_index,
                        span: word_ranges[start].start..word_ranges[end - 1].end,
                        words: start..end,
                        score,
                        reading,
                    });
                }
            }
        }
    }
    best_without_overlap(candidates, phrases)
}

/// A spelling prepared for Myers' bit-parallel Levenshtein distance (Hyyrö's formulation)
/// between two whole strings, in characters; characters are given as indices into the
/// phrase's alphabet.
#[derive(Debug, Clone, PartialEq)]
struct BitPattern {
    /// Length in characters.
    len: usize,
    /// For each character of the alphabet (by index), the bit set of its positions in the
    /// spelling; one more entry, 0, for characters outside the alphabet. Empty when the
    /// spelling is longer than 64 characters (no bit-parallel distance).
    rows: Vec<u64>,
}

impl BitPattern {
    fn new(text: &str, alphabet: &[char]) -> BitPattern {
        let chars: Vec<char> = text.chars().collect();
        let mut rows = Vec::new();
        if chars.len() <= 64 {
            rows = vec![0u64; alphabet.len() + 1];
            for (i, c) in chars.iter().enumerate() {
                if let Ok(index) = alphabet.binary_search(c)
                    && let Some(row) = rows.get_mut(index)
                {
                    *row |= 1u64 << i;
                }
            }
        }
        BitPattern {
            len: chars.len(),
            rows,
        }
    }

    /// Length of the spelling in characters.
    fn len(&self) -> usize {
        self.len
    }

    /// The Levenshtein distance (in characters) between this spelling and `text` (alphabet
    /// indices, see [`Phrase::code`]) without its last `k` characters, for each `k` in
    /// `wanted[0]` (a bit set, see [`strip_bit`]), into `out[0][k]`; and the same for this
    /// spelling without its last character, for each `k` in `wanted[1]`, into `out[1][k]`.
    /// `false` (and `out` untouched) when this spelling is longer than 64 characters.
    ///
    /// One column of the edit matrix per character of `text`, the spelling's positions as
    /// the bits of a word: the last row holds the distance to the text read so far, so one
    /// pass gives every `k`; the row above it (the last row less its vertical step) holds
    /// the distance of the spelling without its last character.
    fn distances(
        &self,
        text: &[u16],
        wanted: [u32; 2],
        out: [&mut [usize; STRIP_SLOTS]; 2],
    ) -> bool {
        let m = self.len;
        if m > 64 {
            return false;
        }
        let [whole_out, shorter_out] = out;
        let [whole_wanted, shorter_wanted] = wanted;
        let total = text.len();
        if total < STRIP_SLOTS {
            // The empty text: every character of the spelling is deleted.
            if whole_wanted & (1u32 << total) != 0 {
                whole_out[total] = m;
            }
            if shorter_wanted & (1u32 << total) != 0 {
                shorter_out[total] = m.saturating_sub(1);
            }
        }
        if m == 0 {
            for k in bits(whole_wanted) {
                whole_out[k] = total.saturating_sub(k);
            }
            for k in bits(shorter_wanted) {
                shorter_out[k] = total.saturating_sub(k);
            }
            return true;
        }
        let any = whole_wanted | shorter_wanted;
        // Only as far as the longest text wanted.
        let upto = total.saturating_sub(any.trailing_zeros() as usize);
        let mut columns = Columns::new(m);
        for (read, &code) in text.iter().take(upto).enumerate() {
            columns.advance(self.rows.get(usize::from(code)).copied().unwrap_or(0), true);
            // `read + 1` characters read: `k` stripped.
            let k = total - read - 1;
            if k < STRIP_SLOTS && any & (1u32 << k) != 0 {
                let bit = 1u32 << k;
                if whole_wanted & bit != 0 {
                    whole_out[k] = columns.distance;
                }
                if shorter_wanted & bit != 0 {
                    shorter_out[k] = columns.distance_without_last();
                }
            }
        }
        true
    }
}

/// A window of words to score: a phrase, the index of its first word, and its word count.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct WindowToScore {
    /// Index of the phrase in the list searched for.
    pub phrase: usize,
    /// Index of the window's first word in the word list of the range searched.
    pub start: usize,
    /// Number of words in the window.
    pub size: usize,
}

/// [`find_phrases`] restricted to `windows`: only those windows are scored, the rest are taken
/// to score below `threshold`. When `windows` holds every window of `word_ranges` that can
/// reach `threshold` (what the prefilter guarantees), the result is exactly that of
/// [`find_phrases`]: the same scores, and the same candidates offered in the same order
/// (phrase, first word, size) to the same overlap resolution. Windows outside `word_ranges`,
/// of a phrase not in `phrases` or of a size `find_phrases` does not try are ignored.
pub fn find_phrases_in_windows(
    text: &str,
    word_ranges: &[Range<usize>],
    phrases: &[Phrase],
    threshold: f64,
    windows: &mut Vec<WindowToScore>,
) -> Vec<PhraseMatch> {
    windows.sort_unstable();
    windows.dedup();
    let mut candidates = Vec::new();
    let mut window_texts: Vec<&str> = Vec::new();
    let mut codes = WindowCodes::default();
    for window in windows.iter() {
        let Some(phrase) = phrases.get(window.phrase) else {
            continue;
        };
        let smallest = phrase.word_count.saturating_sub(1).max(1);
        let largest = phrase.word_count + 1;
        if !(smallest..=largest).contains(&window.size) {
            continue;
        }
        let end = window.start + window.size;
        let Some(ranges) = word_ranges.get(window.start..end) else {
            continue;
        };
        let (Some(first), Some(last)) = (ranges.first(), ranges.last()) else {
            continue;
        };
        window_texts.clear();
        window_texts.extend(ranges.iter().map(|r| text.get(r.clone()).unwrap_or("")));
        let (score, reading) = phrase.fast_score_reading(&window_texts, threshold, &mut codes);
        if score >= threshold {
            candidates.push(PhraseMatch {
                phrase: window.phrase,
                span: first.start..last.end,
                words: window.start..end,
                score,
                reading,
            });
        }
    }
    best_without_overlap(candidates, phrases)
}

/// Which of two overlapping matches to keep first: the higher score, then the earlier, then
/// the one whose word count is nearer its phrase's, then the earlier phrase.
fn preference(a: &PhraseMatch, b: &PhraseMatch, phrases: &[Phrase]) -> std::cmp::Ordering {
    let size_gap = |m: &PhraseMatch| {
        let expected = phrases.get(m.phrase).map_or(0, |p| p.word_count);
        m.words.len().abs_diff(expected)
    };
    b.score
        .total_cmp(&a.score)
        .then(a.span.start.cmp(&b.span.start))
        .then(size_gap(a).cmp(&size_gap(b)))
        .then(a.phrase.cmp(&b.phrase))
}

/// Keeps the best of overlapping matches, in text order. Every candidate holds a word at
/// least (`words` is never empty).
fn best_without_overlap(mut candidates: Vec<PhraseMatch>, phrases: &[Phrase]) -> Vec<PhraseMatch> {
    candidates.sort_by(|a, b| preference(a, b, phrases));
    // The kept matches' words, by first word: they never overlap, so of those starting
    // before a candidate ends only the last can reach into it (a line of one anchor repeated
    // makes thousands of matches, which a check against every kept one makes quadratic).
    let mut kept_words: BTreeMap<usize, usize> = BTreeMap::new();
    let mut kept: Vec<PhraseMatch> = Vec::new();
    for candidate in candidates {
        let words = &candidate.words;
        let overlaps = kept_words
            .range(..words.end)
            .next_back()
            .is_some_and(|(_, &end)| words.start < end);
        if !overlaps {
            kept_words.insert(words.start, words.end);
            kept.push(candidate);
        }
    }
    kept.sort_by_key(|m| (m.span.start, m.phrase));
    kept
}

/// The most stems a first word can have: as it is, and with each conjunction and
/// preposition or article stripped.
const MAX_STEMS: usize = 1 + CONJUNCTIONS.len() * PREPOSITIONS_AND_ARTICLE.len();

/// The first word of a window as it is and with every proclitic it starts with stripped, as
/// [`spellings`] tries it (same order, no repeats), without allocating.
struct Stems<'a> {
    items: [&'a str; MAX_STEMS],
    len: usize,
}

impl<'a> Stems<'a> {
    fn of(first: &'a str) -> Stems<'a> {
        let mut stems = Stems {
            items: [first; MAX_STEMS],
            len: 1,
        };
        for conjunction in CONJUNCTIONS {
            let Some(after_conjunction) = strip_start(first, conjunction) else {
                continue;
            };
            for proclitic in PREPOSITIONS_AND_ARTICLE {
                // Stems are suffixes of the word: equal exactly when equally long.
                if let Some(stem) = strip_start(after_conjunction, proclitic)
                    && stem.chars().nth(1).is_some()
                    && !stems.as_slice().iter().any(|s| s.len() == stem.len())
                    && let Some(slot) = stems.items.get_mut(stems.len)
                {
                    *slot = stem;
                    stems.len += 1;
                }
            }
        }
        stems
    }

    fn as_slice(&self) -> &[&'a str] {
        self.items.get(..self.len).unwrap_or(&[])
    }
}

/// `text` without `prefix` when it starts with it: `str::strip_prefix` for the short
/// proclitics, compared byte by byte in place.
fn strip_start<'a>(text: &'a str, prefix: &str) -> Option<&'a str> {
    let starts =
        text.len() >= prefix.len() && text.bytes().zip(prefix.bytes()).all(|(a, b)| a == b);
    if starts {
        text.get(prefix.len()..)
    } else {
        None
    }
}

/// The folded spellings of a list of words: spaced and joined, each with the first word as
/// it is and with every proclitic it starts with stripped.
fn spellings(word_list: &[&str]) -> Vec<String> {
    let Some((first, rest)) = word_list.split_first() else {
        return Vec::new();
    };
    let mut firsts: Vec<&str> = vec![first];
    for conjunction in CONJUNCTIONS {
        let Some(after_conjunction) = first.strip_prefix(conjunction) else {
            continue;
        };
        for proclitic in PREPOSITIONS_AND_ARTICLE {
            if let Some(stem) = after_conjunction.strip_prefix(proclitic) {
                // Keep at least two letters: `ال` alone or `بل` must not shrink to nothing.
                if stem.chars().count() >= 2 && !firsts.contains(&stem) {
                    firsts.push(stem);
                }
            }
        }
    }
    let mut out = Vec::with_capacity(firsts.len() * 2);
    for head in firsts {
        let mut spaced = String::from(head);
        let mut joined = String::from(head);
        for word in rest {
            spaced.push(' ');
            spaced.push_str(word);
            joined.push_str(word);
        }
        if !out.contains(&spaced) {
            out.push(spaced);
        }
        if !out.contains(&joined) {
            out.push(joined);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::normalize::normalize;

    /// The matched original texts of `phrases` in `text` at `threshold`.
    fn found(text: &str, phrases: &[&str], threshold: f64) -> Vec<(String, f64)> {
        let n = normalize(text);
        let prepared: Vec<Phrase> = phrases.iter().filter_map(|p| Phrase::new(p)).collect();
        let word_ranges = words(&n.text, 0..n.text.len());
        find_phrases(&n.text, &word_ranges, &prepared, threshold)
            .into_iter()
            .map(|m| (text[n.original_range(m.span)].to_owned(), m.score))
            .collect()
    }

    fn texts(text: &str, phrases: &[&str]) -> Vec<String> {
        found(text, phrases, 0.85)
            .into_iter()
            .map(|(t, _)| t)
            .collect()
    }

    #[test]
    fn overlapping_matches_keep_the_same_best_as_checking_every_kept_one() {
        // Random candidates (scores from a few values, so ties happen) against the plain
        // rule: in order of preference, keep a candidate unless it overlaps one kept already.
        let phrases: Vec<Phrase> = ["قذيفة مدفعية", "صاروخ", "روسيا بعد زيارة"]
            .iter()
            .filter_map(|p| Phrase::new(p))
            .collect();
        let mut random = crate::test_random::TestRandom::new(11);
        let mut next = |bound: usize| random.below(bound);
        for round in 0..500 {
            let words = 1 + next(60);
            let candidates: Vec<PhraseMatch> = (0..next(40))
                .map(|_| {
                    let start = next(words);
                    let end = start + 1 + next(4.min(words - start));
                    PhraseMatch {
                        phrase: next(phrases.len()),
                        span: start * 10..end * 10,
                        words: start..end,
                        score: [0.8, 0.9, 1.0][next(3)],
                        reading: None,
                    }
                })
                .collect();
            let mut plain = candidates.clone();
            plain.sort_by(|a, b| preference(a, b, &phrases));
            let mut expected: Vec<PhraseMatch> = Vec::new();
            for candidate in plain {
                if !expected.iter().any(|k| {
                    k.words.start < candidate.words.end && candidate.words.start < k.words.end
                }) {
                    expected.push(candidate);
                }
            }
            expected.sort_by_key(|m| (m.span.start, m.phrase));
            assert_eq!(
                best_without_overlap(candidates, &phrases),
                expected,
                "round {round}"
            );
        }
    }

    #[test]
    fn finds_exact_and_folded_spellings() {
        assert_eq!(
            texts("زودت روسيا بأكثر من مليون قذيفة مدفعية", &["قذيفة مدفعية"]),
            ["قذيفة مدفعية"]
        );
        assert_eq!(
            texts("زودت روسيا بقَذيفةٍ مِدفعيّة واحدة", &["قذيفة مدفعية"]),
            ["بقَذيفةٍ مِدفعيّة"]
        );
    }

    #[test]
    fn split_and_joined_city_names_meet() {
        assert_eq!(
            texts("وصل بوتين إلى بيونغيانغ فجرا", &["بيونغ يانغ"]),
            ["بيونغيانغ"]
        );
        assert_eq!(
            texts("وصل بوتين إلى بيونغ يانغ فجرا", &["بيونغيانغ"]),
            ["بيونغ يانغ"]
        );
        assert_eq!(texts("في وبيونغ يانغ", &["بيونغ يانغ"]), ["وبيونغ يانغ"]);
    }

    #[test]
    fn proclitics_are_stripped_from_the_first_word() {
        assert_eq!(
            texts("وقال إن القمة والقمة للقمة", &["القمة"]),
            ["القمة", "والقمة", "للقمة"]
        );
        assert_eq!(texts("وبالأسلحة الروسية", &["أسلحة"]), ["وبالأسلحة"]);
    }

    #[test]
    fn fuzzy_within_the_threshold_only() {
        // One letter off in a 12-letter phrase: 1 − 1/12 ≈ 0.92.
        let hits = found("أرسلت قذائف مدفعيه", &["قذائف مدفعية"], 0.85);
        assert_eq!(hits.len(), 1);
        // Singular against plural is two edits, 0.83: below the default threshold.
        assert!(found("أرسلت قذائف مدفعية", &["قذيفة مدفعية"], 0.85).is_empty());
        assert_eq!(found("أرسلت قذائف مدفعية", &["قذيفة مدفعية"], 0.8).len(), 1);
    }

    #[test]
    fn overlapping_windows_give_one_match() {
        let hits = found(
            "the chief executive of the combined company will be",
            &["chief executive of the combined"],
            0.85,
        );
        assert_eq!(hits.len(), 1);
        assert_eq!(hits[0].0, "chief executive of the combined");
        assert!((hits[0].1 - 1.0).abs() < 1e-9);
    }

    #[test]
    fn english_case_and_plural() {
        assert_eq!(
            texts(
                "North Korea sent Artillery Shells to Russia",
                &["artillery shell"]
            ),
            ["Artillery Shells"]
        );
    }

    #[test]
    fn bit_parallel_distance_is_levenshtein() {
        let alphabet: Vec<char> = "ابتثقذيفهمدعو a".chars().collect();
        let mut random = crate::test_random::TestRandom::new(11);
        let mut next = |bound: usize| random.below(bound);
        for _ in 0..3000 {
            let a: String = (0..next(70))
                .map(|_| alphabet[next(alphabet.len())])
                .collect();
            let b: String = (0..next(70))
                .map(|_| alphabet[next(alphabet.len())])
                .collect();
            // The alphabet of the pattern only: the text's other characters share one code.
            let mut pattern_alphabet: Vec<char> = b.chars().collect();
            pattern_alphabet.sort_unstable();
            pattern_alphabet.dedup();
            let pattern = BitPattern::new(&b, &pattern_alphabet);
            let codes: Vec<u16> = a
                .chars()
                .map(|c| {
                    pattern_alphabet
                        .binary_search(&c)
                        .unwrap_or(pattern_alphabet.len()) as u16
                })
                .collect();
            // The distance to the text without each number of its last characters.
            // The distance to the text without each number of its last characters, of the
            // spelling and of the spelling without its last character.
            let mut whole = [usize::MAX; STRIP_SLOTS];
            let mut shorter = [usize::MAX; STRIP_SLOTS];
            let every = (1u32 << STRIP_SLOTS) - 1;
            let b_shorter: String = b
                .chars()
                .take(b.chars().count().saturating_sub(1))
                .collect();
            if pattern.distances(&codes, [every, every], [&mut whole, &mut shorter]) {
                for k in 0..STRIP_SLOTS.min(codes.len() + 1) {
                    let kept: String = a.chars().take(codes.len() - k).collect();
                    assert_eq!(whole[k], strsim::levenshtein(&kept, &b), "{a:?} {b:?} {k}");
                    assert_eq!(
                        shorter[k],
                        strsim::levenshtein(&kept, &b_shorter),
                        "{a:?} {b_shorter:?} {k}"
                    );
                }
            } else {
                assert!(b.chars().count() > 64);
            }
        }
    }

    #[test]
    fn fast_score_equals_score_at_or_above_the_threshold() {
        let text = normalize(
            "وصل بوتين إلى بيونغيانغ فجرا، وأرسلت قذائف مدفعيه وبالأسلحة الروسية والقمة للقمة \
             the chief executive of the combined company will be led by Jane Smith",
        )
        .text;
        let ranges = words(&text, 0..text.len());
        let word_texts: Vec<&str> = ranges.iter().map(|r| &text[r.clone()]).collect();
        for phrase in [
            "بيونغ يانغ",
            "قذائف مدفعية",
            "أسلحة",
            "القمة",
            "chief executive of",
        ] {
            let phrase = Phrase::new(phrase).unwrap();
            for threshold in [0.0, 0.5, 0.8, 0.85, 0.9, 1.0] {
                for start in 0..word_texts.len() {
                    for size in 1..=4 {
                        let Some(window) = word_texts.get(start..start + size) else {
                            continue;
                        };
                        let slow = phrase.score(window, threshold);
                        let fast = phrase.fast_score(window, threshold);
                        if slow >= threshold || fast >= threshold {
                            assert_eq!(slow.to_bits(), fast.to_bits(), "{window:?} {threshold}");
                        }
                    }
                }
            }
        }
    }

    #[test]
    fn fast_reading_equals_the_reference_reading_on_inflected_words() {
        // Every ending family, with proclitics, across one to three words: the same score
        // and the same ending whenever the score reaches the threshold.
        let text = normalize(
            "أفرج عن المعتقلين ودباباتها وأعلنت قيادته والقذائف المدفعية قذيفتين مدفعيتين \
             بمخزنةفي the refugees' banned carpets studies banning children's",
        )
        .text;
        let ranges = words(&text, 0..text.len());
        let word_texts: Vec<&str> = ranges.iter().map(|r| &text[r.clone()]).collect();
        let mut codes = WindowCodes::default();
        let mut compared = 0;
        for anchor in [
            "معتقل",
            "دبابة",
            "أعلن",
            "قيادة",
            "قذيفة مدفعية",
            "مخزنة",
            "refugee",
            "ban",
            "study",
            "car",
            "the refugee",
        ] {
            let phrase = Phrase::new(anchor).unwrap();
            for threshold in [0.6, 0.85, 1.0] {
                for start in 0..word_texts.len() {
                    for size in 1..=3 {
                        let Some(window) = word_texts.get(start..start + size) else {
                            continue;
                        };
                        let slow = phrase.score_with_reading(window, threshold);
                        let fast = phrase.fast_score_reading(window, threshold, &mut codes);
                        if slow.0 >= threshold || fast.0 >= threshold {
                            assert_eq!(slow.0.to_bits(), fast.0.to_bits(), "{window:?} {anchor}");
                            assert_eq!(slow.1, fast.1, "{window:?} {anchor}");
                            compared += 1;
                        }
                    }
                }
            }
        }
        assert!(compared > 20, "{compared}");
    }

    #[test]
    fn stems_are_the_heads_spellings_tries() {
        let text = normalize(
            "وبالأسلحة والقمة للقمة فالكلام كالبحر وللقاء بال ال و ولل وبيونغ يانغ the and",
        )
        .text;
        for range in words(&text, 0..text.len()) {
            let word = &text[range];
            assert_eq!(Stems::of(word).as_slice(), spellings(&[word]), "{word}");
        }
    }

    #[test]
    fn fast_score_equals_score_on_a_seed_article() {
        // Anchors cut from the article itself, one letter changed, against every window.
        let corpus = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("corpus");
        let raw = std::fs::read_to_string(corpus.join("004_8cffb8be076c88e1.txt")).unwrap();
        let text = normalize(&raw).text;
        let ranges = words(&text, 0..text.len());
        let word_texts: Vec<&str> = ranges.iter().map(|r| &text[r.clone()]).collect();
        let mut compared = 0;
        for (index, start) in (0..word_texts.len()).step_by(97).enumerate() {
            let size = 1 + index % 3;
            let Some(anchor_words) = word_texts.get(start..start + size) else {
                continue;
            };
            let mut anchor = anchor_words.join(" ");
            if let Some((at, _)) = anchor.char_indices().nth(index % 4) {
                anchor.replace_range(at..at, "ب");
            }
            let phrase = Phrase::new(&anchor).unwrap();
            for threshold in [0.7, 0.85] {
                for window_start in 0..word_texts.len() {
                    for window_size in size.saturating_sub(1).max(1)..=size + 1 {
                        let Some(window) = word_texts.get(window_start..window_start + window_size)
                        else {
                            continue;
                        };
                        let slow = phrase.score(window, threshold);
                        let fast = phrase.fast_score(window, threshold);
                        if slow >= threshold || fast >= threshold {
                            assert_eq!(slow.to_bits(), fast.to_bits(), "{window:?} {anchor}");
                            compared += 1;
                        }
                    }
                }
            }
        }
        assert!(compared > 20, "{compared}");
    }

    #[test]
    fn blank_phrases_are_not_phrases() {
        assert!(Phrase::new("  ، ").is_none());
        assert!(Phrase::new("").is_none());
    }
}
