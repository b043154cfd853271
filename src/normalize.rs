//! Normalisation: fold text and anchors to one comparable spelling, keeping a map back.
//!
//! Arabic news spells the same word many ways: with or without diacritics, with tatweel
//! stretching a letter, with hamza on or off the alef, with ta marbuta written as ha, with
//! Eastern Arabic or Persian digits. Matching works on a folded copy of the text so those
//! differences vanish; evidence must still be quoted as the source wrote it, so every byte of
//! the folded text remembers which bytes of the original produced it.
//!
//! The folding, in order (SPEC "Matching", step 1):
//! 1. Unicode NFKC, applied to each base character together with the combining marks that
//!    follow it (so composition works, and offsets stay exact);
//! 2. removal of Arabic diacritics (harakat, tanwin, shadda, sukun, superscript alef, Quranic
//!    marks), tatweel `ـ`, bidi controls and zero-width characters;
//! 3. letter folding: `أ إ آ ٱ → ا`, `ى → ي`, `ة → ه`, `ؤ → و`, `ئ → ي`, Persian `ی → ي`, `ک → ك`;
//! 4. decimal digits of every script to ASCII `0-9`, and the Arabic decimal separator `٫ → .`,
//!    thousands separator `٬ → ,` and percent sign `٪ → %`;
//! 5. lower-casing.
//!
//! Normalisation is idempotent: normalising normalised text changes nothing.

use std::ops::Range;
use unicode_normalization::UnicodeNormalization;
use unicode_normalization::char::canonical_combining_class;

/// Text folded for matching, with a map from every folded byte back to the original.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Normalized {
    /// The folded text.
    pub text: String,
    /// For every byte of `text`, the original byte offset where the character cluster it came
    /// from starts. Clusters tile the original text: removed characters are attached to the
    /// cluster before them (so a quoted range keeps the diacritics of its last letter), hence a
    /// cluster ends where the next one starts, and the last one at the end of the original.
    /// Storing only starts (four bytes per folded byte rather than a range's eight) halves the
    /// map; ends are found by looking at the next cluster.
    starts: Vec<u32>,
    /// Length in bytes of the original text.
    original_len: usize,
}

impl Normalized {
    /// The byte range in the original text that the folded byte range `normalized` came from.
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

    /// The original byte offset where the folded byte `position` starts; the end of the
    /// original text for `position == text.len()`.
    pub fn original_offset(&self, position: usize) -> usize {
        match self.starts.get(position) {
            Some(&start) => start as usize,
            None => self.original_len,
        }
    }

    /// Length in bytes of the text this was made from.
    pub fn original_len(&self) -> usize {
        self.original_len
    }

    /// The original offset where the cluster holding folded byte `position` ends: where the
    /// next cluster starts, or the end of the original after the last one.
    fn cluster_end(&self, position: usize) -> usize {
        let Some(&start) = self.starts.get(position) else {
            return self.original_len;
        };
        // A cluster folds to a handful of bytes, so this walk is short.
        self.starts
            .get(position + 1..)
            .and_then(|rest| rest.iter().find(|&&s| s != start))
            .map_or(self.original_len, |&next| next as usize)
    }
}

/// Folds `original` for matching and records where every folded byte came from.
pub fn normalize(original: &str) -> Normalized {
    // Offsets are kept as u32 to halve the map; articles are far below 4 GiB (the corpus
    // refuses larger files), but stay safe here: clamp.
    let single = single_char_table();
    let mut text = String::with_capacity(original.len());
    let mut starts: Vec<u32> = Vec::with_capacity(original.len());
    let mut cluster = String::new();
    let mut folded = String::new();

    // Each character is looked up in the table once, when it is first seen (as the next
    // character, to know whether it joins the one before).
    let mut chars = original.char_indices();
    let mut current = chars.next().map(|(at, c)| (at, c, single.entry(c)));
    while let Some((start, first, first_entry)) = current {
        let mut next = chars.next().map(|(at, c)| (at, c, single.entry(c)));
        let next_combines = next.as_ref().is_some_and(|&(_, c, entry)| joins(c, entry));
        if !next_combines {
            // Fast paths for a character that is a cluster by itself: ASCII is only
            // lower-cased; common scripts (Latin, Arabic, …) fold through a table of the
            // slow path's own results, so both give the same text.
            if first.is_ascii() {
                text.push(first.to_ascii_lowercase());
                starts.push(clamp(start));
                current = next;
                continue;
            }
            if let Some((fold, _)) = first_entry {
                match fold {
                    SingleFold::Removed => {}
                    SingleFold::Char(c) => {
                        text.push(c);
                        let start = clamp(start);
                        starts.push(start);
                        for _ in 1..c.len_utf8() {
                            starts.push(start);
                        }
                    }
                    SingleFold::Text { from, to } => {
                        let folded_text =
                            single.folded.get(from as usize..to as usize).unwrap_or("");
                        text.push_str(folded_text);
                        starts.extend(std::iter::repeat_n(clamp(start), folded_text.len()));
                    }
                }
                current = next;
                continue;
            }
        }
        cluster.clear();
        cluster.push(first);
        // An Arabic letter with harakat only (fatha, damma, kasra, tanwin, shadda, sukun):
        // none of them composes with any letter under NFKC and all are removed, so the
        // cluster folds like the letter alone.
        let mut harakat_only = ('\u{0621}'..='\u{064A}').contains(&first);
        while let Some((_, c, entry)) = next {
            if !joins(c, entry) {
                break;
            }
            harakat_only &= ('\u{064B}'..='\u{0652}').contains(&c);
            cluster.push(c);
            next = chars.next().map(|(at, c)| (at, c, single.entry(c)));
        }
        current = next;
        if harakat_only && let Some((SingleFold::Char(c), _)) = first_entry {
            text.push(c);
            starts.extend(std::iter::repeat_n(clamp(start), c.len_utf8()));
            continue;
        }
        fold_cluster(&cluster, &mut folded);
        // A cluster folded to nothing (a diacritic, tatweel, a control) needs no entry: the
        // cluster before it now reaches over it, since clusters end where the next starts.
        text.push_str(&folded);
        starts.extend(std::iter::repeat_n(clamp(start), folded.len()));
    }
    Normalized {
        text,
        starts,
        original_len: original.len(),
    }
}

/// The slow path's result for every character of the blocks most text is written in, so the
/// common case is one table lookup instead of an NFKC pass.
struct SingleCharTable {
    /// For the `i`-th character of [`TABLE_BLOCKS`] (counted across the blocks): how it folds
    /// alone, and whether it joins the cluster before it.
    entries: Vec<(SingleFold, bool)>,
    /// Foldings longer than one character.
    folded: String,
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
                fold_cluster(c.encode_utf8(&mut one), &mut out);
                let mut out_chars = out.chars();
                let fold = match (out_chars.next(), out_chars.next()) {
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
        SingleCharTable { entries, folded }
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

/// Folds one cluster (a base character and the marks that follow it) into `out`.
fn fold_cluster(cluster: &str, out: &mut String) {
    out.clear();
    // NFKC, fold, and once more: lower-casing or letter folding can produce a sequence that NFKC
    // would change again; repeating until stable keeps normalisation idempotent.
    let mut current: String = cluster.to_owned();
    for _ in 0..3 {
        let mut next = String::with_capacity(current.len());
        for c in current.nfkc() {
            fold_char(c, &mut next);
        }
        if next == current {
            break;
        }
        current = next;
    }
    out.push_str(&current);
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

    /// The folding as first written (one cluster at a time through NFKC, a full range per
    /// folded byte), kept to check that the fast paths change nothing.
    fn reference(original: &str) -> (String, Vec<Range<u32>>) {
        let mut text = String::new();
        let mut origin: Vec<Range<u32>> = Vec::new();
        let mut cluster = String::new();
        let mut folded = String::new();
        let mut chars = original.char_indices().peekable();
        while let Some((start, first)) = chars.next() {
            let mut end = start + first.len_utf8();
            cluster.clear();
            cluster.push(first);
            while let Some(&(at, c)) = chars.peek() {
                if !joins_previous(c) {
                    break;
                }
                cluster.push(c);
                end = at + c.len_utf8();
                chars.next();
            }
            fold_cluster(&cluster, &mut folded);
            let range = clamp(start)..clamp(end);
            if folded.is_empty() {
                if let Some(last) = origin.last().cloned() {
                    for r in origin.iter_mut().rev() {
                        if *r != last {
                            break;
                        }
                        r.end = range.end;
                    }
                }
                continue;
            }
            text.push_str(&folded);
            origin.extend(std::iter::repeat_n(range, folded.len()));
        }
        (text, origin)
    }

    fn assert_same_as_reference(original: &str) {
        let fast = normalize(original);
        let (text, origin) = reference(original);
        assert_eq!(fast.text, text, "text of {original:?}");
        for (at, range) in origin.iter().enumerate() {
            let expected = range.start as usize..range.end as usize;
            assert_eq!(
                fast.original_range(at..at + 1),
                expected,
                "{original:?} at {at}"
            );
            assert_eq!(
                fast.original_offset(at),
                expected.start,
                "{original:?} at {at}"
            );
        }
        assert_eq!(fast.original_offset(text.len()), original.len());
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
        // Every character of the table's blocks, alone, doubled, and before a mark.
        for block in TABLE_BLOCKS {
            for code in block {
                let Some(c) = char::from_u32(code) else {
                    continue;
                };
                assert_same_as_reference(&format!("{c}a{c}{c}\u{064E}ب{c}"));
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
        let mut state: u64 = 7;
        for _ in 0..300 {
            let mut s = String::new();
            for _ in 0..24 {
                state = state
                    .wrapping_mul(6364136223846793005)
                    .wrapping_add(1442695040888963407);
                s.push(alphabet[(state >> 33) as usize % alphabet.len()]);
            }
            assert_same_as_reference(&s);
        }
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
