//! Inflectional endings: a text word is an anchor word with an ending from a closed list.
//!
//! Claim authors write an anchor as a dictionary gives the word (`معتقل`, `دبابة`, `أعلن`,
//! `refugee`); articles write it inflected (`المعتقلين`, `دباباتها`, `أعلنت`, `refugees`).
//! The matcher ([`crate::matcher`]) lets the **last word of a window** carry one ending from
//! the lists below, stripped before the window is scored; proclitics at the start of the
//! first word are handled by the matcher already. Lists are closed: a word that merely begins
//! with the anchor word is a different word (`مصر` / `مصرف`, `car` / `carpet`, `ban` /
//! `banker`) and does not match.
//!
//! ```
//! use crosscheck::inflect::is_inflection_of;
//!
//! assert!(is_inflection_of("معتقل", "معتقلين"));
//! assert!(is_inflection_of("refugee", "refugees"));
//! assert!(!is_inflection_of("مصر", "مصرف"));
//! assert!(!is_inflection_of("car", "carpet"));
//! ```
//!
//! # The lists (folded spellings: `ة` is `ه`, `ى` is `ي`)
//!
//! - **Arabic, after any word**: sound plural and dual `ون ين ان`; feminine `ة ات تان تين`;
//!   accusative `ا`; attached pronouns `ه ها هم هما هن ك كم كن نا ي`; nisba `ي ية يون يين
//!   يات`; verb endings `ت وا ن تا تم تن ون`; the construct plural `و`; and a pronoun after
//!   `ت ات تا و ي يات ون ين ان نا تمو يت` (`قتلوهم`, `معتقليهم`, `يقتلونهم`).
//! - **Arabic, replacing the anchor's final `ة`**: `ات تان تين تا`, `ت` + pronoun
//!   (`قيادته`), `ات` + pronoun (`دباباتها`).
//! - **Glued words** (scraped pages drop the space): after the word and its ending, one of
//!   `في من على إلى عن مع و` (`مخزنةفي`).
//! - **English**: `s` and the possessive `'s`/`’s` after any word; `es` after `s x z ch sh o`;
//!   `y` → `ies`/`ied` after a consonant; `d` after `e`, and `e` dropped before `ing`;
//!   `ed`/`ing` otherwise, with the consonant doubled after a short final syllable (`ban` →
//!   `banned`, `banning`; `car` does not give `caring`).
//!
//! Irregular and broken plurals (`قذيفة`/`قذائف`, `child`/`children`) cannot come from
//! endings: the author lists them as anchors (the claim validator warns for known ones, see
//! [`broken_plural`]).
//!
//! # The fast path
//!
//! A reading only shortens the window's last word, or (for an ending that replaces the
//! anchor's final letter) compares the anchor without that letter ([`AnchorWord::drops`]).
//! The prefilter searches the anchor's spellings without the final letter too, and lets a
//! window's word characters end where the rest of the word is an ending of the lists
//! ([`all_endings`]), so it still finds every window the matcher accepts.

use std::collections::HashSet;
use std::sync::LazyLock;

/// Attached pronouns (folded).
const PRONOUNS: &[&str] = &["ه", "ها", "هم", "هما", "هن", "ك", "كم", "كن", "نا", "ي"];

/// Endings any Arabic word may take, besides a pronoun alone and the combinations below.
const ARABIC_ENDINGS: &[&str] = &[
    // Sound masculine plural and dual.
    "ون", "ين", "ان", // Feminine (ة folds to ه), its plural and dual.
    "ه", "ات", "تان", "تين", // Accusative.
    "ا",   // Nisba.
    "ي", "يه", "يون", "يين", "يات", "يتان", "يتين", // Verb endings.
    "ت", "وا", "ن", "تا", "تم", "تن", // Construct plural (`معتقلو`).
    "و",
];

/// What may come before an attached pronoun on any Arabic word.
const BEFORE_PRONOUN: &[&str] = &[
    "", "ت", "ات", "تا", "و", "ي", "يات", "ون", "ين", "ان", "نا", "تمو", "يت",
];

/// Endings that replace the anchor's final `ة` (folded `ه`), besides `ت`/`ات` + pronoun.
const TA_MARBUTA_ENDINGS: &[&str] = &["ات", "تان", "تين", "تا"];

/// Prepositions and the conjunction `و` glued to the word before them (folded).
pub const GLUED: &[&str] = &["في", "من", "علي", "الي", "عن", "مع", "و"];

/// The most characters an ending (with a glued word) has.
pub const MAX_ENDING_CHARS: usize = 8;

/// Arabic endings after any word.
static ARABIC_ANY: LazyLock<HashSet<String>> = LazyLock::new(|| {
    let mut set: HashSet<String> = ARABIC_ENDINGS.iter().map(|e| (*e).to_owned()).collect();
    for before in BEFORE_PRONOUN {
        for pronoun in PRONOUNS {
            set.insert(format!("{before}{pronoun}"));
        }
    }
    set
});

/// Arabic endings that replace the anchor's final `ة`.
static ARABIC_AFTER_TA: LazyLock<HashSet<String>> = LazyLock::new(|| {
    let mut set: HashSet<String> = TA_MARBUTA_ENDINGS.iter().map(|e| (*e).to_owned()).collect();
    for before in ["ت", "ات"] {
        for pronoun in PRONOUNS {
            set.insert(format!("{before}{pronoun}"));
        }
    }
    set
});

/// The Arabic endings read from the end of a word, a letter a step: what
/// [`readings`] looks a word's last letters up in, instead of hashing each of them.
#[derive(Debug, Default)]
struct EndingTrie {
    nodes: Vec<TrieNode>,
}

/// A node of [`EndingTrie`]: the letters read so far, from the end.
#[derive(Debug, Default)]
struct TrieNode {
    /// The next letter (further from the end) and its node.
    children: Vec<(char, usize)>,
    /// Whether the letters make an ending of [`ARABIC_ANY`].
    any: bool,
    /// Whether they make one of [`ARABIC_AFTER_TA`].
    after_ta: bool,
}

impl EndingTrie {
    fn child(&self, node: usize, letter: char) -> Option<usize> {
        let children = &self.nodes.get(node)?.children;
        children
            .iter()
            .find(|(c, _)| *c == letter)
            .map(|&(_, child)| child)
    }

    fn insert(&mut self, ending: &str, after_ta: bool) {
        if self.nodes.is_empty() {
            self.nodes.push(TrieNode::default());
        }
        let mut node = 0;
        for letter in ending.chars().rev() {
            node = match self.child(node, letter) {
                Some(child) => child,
                None => {
                    let child = self.nodes.len();
                    self.nodes.push(TrieNode::default());
                    if let Some(parent) = self.nodes.get_mut(node) {
                        parent.children.push((letter, child));
                    }
                    child
                }
            };
        }
        if let Some(end) = self.nodes.get_mut(node) {
            if after_ta {
                end.after_ta = true;
            } else {
                end.any = true;
            }
        }
    }
}

/// [`ARABIC_ANY`] and [`ARABIC_AFTER_TA`], read from the end.
static ARABIC_TRIE: LazyLock<EndingTrie> = LazyLock::new(|| {
    let mut trie = EndingTrie::default();
    for ending in ARABIC_ANY.iter() {
        trie.insert(ending, false);
    }
    for ending in ARABIC_AFTER_TA.iter() {
        trie.insert(ending, true);
    }
    trie
});

/// How a text word was read as the anchor word plus an ending.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Reading {
    /// Characters stripped from the end of the text word.
    pub strip_chars: usize,
    /// Bytes stripped from the end of the text word.
    pub strip_bytes: usize,
    /// Whether the ending replaces the anchor word's final letter (`ة` → `ات`, `y` → `ies`,
    /// `e` before `ing`): then the anchor is compared without it.
    pub drops_final: bool,
}

/// The last word of an anchor (folded), with what endings it may take.
#[derive(Debug, Clone, PartialEq)]
pub struct AnchorWord {
    /// English endings for this word: (ending, drops the final letter).
    english: Vec<(String, bool)>,
    /// Whether the word ends with `ة` (folded `ه`) that an ending may replace.
    ta_marbuta: bool,
    /// Whether the word is written in Arabic letters (Arabic endings and glued words apply).
    arabic: bool,
    /// The final letter an ending may replace, if any.
    drops: Option<char>,
}

impl AnchorWord {
    /// The endings `word` (folded) may take.
    pub fn new(word: &str) -> AnchorWord {
        let chars: Vec<char> = word.chars().collect();
        let arabic = chars.iter().any(|c| ('\u{0620}'..='\u{064A}').contains(c));
        let ta_marbuta = arabic && chars.len() >= 3 && chars.last() == Some(&'ه');
        let english = if chars.len() >= 2 && chars.iter().all(|c| c.is_ascii_lowercase()) {
            english_endings(&chars)
        } else {
            Vec::new()
        };
        let drops = if ta_marbuta {
            Some('ه')
        } else if english.iter().any(|(_, drops)| *drops) {
            chars.last().copied()
        } else {
            None
        };
        AnchorWord {
            english,
            ta_marbuta,
            arabic,
            drops,
        }
    }

    /// The final letter some ending replaces (`ه` for `ة`, `y`, `e`), if any: the anchor's
    /// spellings without it are compared with readings that drop it.
    pub fn drops(&self) -> Option<char> {
        self.drops
    }
}

/// The English endings of a lower-case ASCII word of at least two letters.
fn english_endings(chars: &[char]) -> Vec<(String, bool)> {
    let vowel = |c: char| matches!(c, 'a' | 'e' | 'i' | 'o' | 'u');
    let n = chars.len();
    let last = chars[n - 1];
    let before = chars[n - 2];
    let mut out: Vec<(String, bool)> = vec![
        ("s".into(), false),
        ("'s".into(), false),
        ("’s".into(), false),
    ];
    let word: String = chars.iter().collect();
    if ["s", "x", "z", "ch", "sh", "o"]
        .iter()
        .any(|e| word.ends_with(e))
    {
        out.push(("es".into(), false));
    }
    if last == 'y' && !vowel(before) {
        out.push(("ies".into(), true));
        out.push(("ied".into(), true));
        out.push(("ing".into(), false));
    } else if last == 'e' {
        out.push(("d".into(), false));
        if before == 'e' {
            out.push(("ing".into(), false));
        } else {
            out.push(("ing".into(), true));
        }
    } else {
        // A short final syllable (one vowel, then one consonant) doubles its consonant:
        // always in a word of one syllable (`ban` → `banned`), and often in longer ones
        // (`refer` → `referred`, but `visit` → `visited`: both are allowed there).
        let syllables = chars
            .iter()
            .zip(std::iter::once(&'#').chain(chars.iter()))
            .filter(|(c, p)| vowel(**c) && !vowel(**p))
            .count();
        let short_final = !vowel(last)
            && !matches!(last, 'w' | 'x' | 'y')
            && vowel(before)
            && (n < 3 || !vowel(chars[n - 3]));
        if short_final {
            out.push((format!("{last}ed"), false));
            out.push((format!("{last}ing"), false));
        }
        if !short_final || syllables > 1 {
            out.push(("ed".into(), false));
            out.push(("ing".into(), false));
        }
    }
    out
}

/// Whether `text_word` (folded) is `anchor_word` (folded) exactly, or inflected with an
/// ending of the lists. No proclitics, no spelling tolerance: the word-level test for
/// counted nouns.
pub fn is_inflection_of(anchor_word: &str, text_word: &str) -> bool {
    if anchor_word == text_word {
        return true;
    }
    let anchor = AnchorWord::new(anchor_word);
    let mut out = Vec::new();
    readings(&anchor, text_word, &mut out);
    out.iter().any(|r| {
        let stem = text_word
            .get(..text_word.len() - r.strip_bytes)
            .unwrap_or("");
        if r.drops_final {
            anchor_word
                .strip_suffix(anchor.drops.unwrap_or('\0'))
                .is_some_and(|a| a == stem)
        } else {
            stem == anchor_word
        }
    })
}

/// Every way `text_word` (folded) ends with an ending `anchor` may take, leaving at least
/// two characters, into `out` (cleared first), without repeats.
pub fn readings(anchor: &AnchorWord, text_word: &str, out: &mut Vec<Reading>) {
    out.clear();
    // Byte offsets of the last character starts, from the end: `starts[k]` is where the
    // last `k + 1` characters begin.
    let mut starts = [0usize; MAX_ENDING_CHARS + 1];
    let mut count = 0;
    for (at, _) in text_word.char_indices().rev() {
        if count > MAX_ENDING_CHARS {
            break;
        }
        starts[count] = at;
        count += 1;
    }
    // The word's length in characters, as far as it matters: at most MAX + 1.
    let word_chars = if count > MAX_ENDING_CHARS {
        usize::MAX
    } else {
        count
    };
    let push = |chars: usize, drops_final: bool, out: &mut Vec<Reading>| {
        if chars == 0 || word_chars.saturating_sub(chars) < 2 {
            return;
        }
        let Some(&at) = starts.get(chars - 1) else {
            return;
        };
        let reading = Reading {
            strip_chars: chars,
            strip_bytes: text_word.len() - at,
            drops_final,
        };
        if !out.contains(&reading) {
            out.push(reading);
        }
    };
    if anchor.arabic {
        for glued in std::iter::once("").chain(GLUED.iter().copied()) {
            let Some(rest) = text_word.strip_suffix(glued) else {
                continue;
            };
            let glued_chars = glued.chars().count();
            push(glued_chars, false, out);
            // The endings `rest` ends with, shortest first.
            let trie = &*ARABIC_TRIE;
            let mut node = 0;
            for (k, letter) in rest.chars().rev().enumerate() {
                let Some(child) = trie.child(node, letter) else {
                    break;
                };
                node = child;
                let Some(found) = trie.nodes.get(node) else {
                    break;
                };
                let chars = glued_chars + k + 1;
                if found.any {
                    push(chars, false, out);
                }
                if anchor.ta_marbuta && found.after_ta {
                    push(chars, true, out);
                }
            }
        }
    }
    for (ending, drops) in &anchor.english {
        if text_word.ends_with(ending.as_str()) {
            push(ending.chars().count(), *drops, out);
        }
    }
}

/// Every ending of the lists, for any anchor word (with the glued words after the Arabic
/// ones, and the English doubled consonants): where the prefilter lets a window's word
/// characters end before the rest of a word.
pub fn all_endings() -> Vec<String> {
    let mut arabic: Vec<String> = ARABIC_ANY
        .iter()
        .chain(ARABIC_AFTER_TA.iter())
        .cloned()
        .collect();
    arabic.push(String::new());
    let mut out = Vec::new();
    for ending in &arabic {
        for glued in std::iter::once("").chain(GLUED.iter().copied()) {
            let whole = format!("{ending}{glued}");
            if !whole.is_empty() {
                out.push(whole);
            }
        }
    }
    for ending in ["s", "'s", "’s", "es", "ies", "ied", "d", "ed", "ing"] {
        out.push(ending.to_owned());
    }
    for letter in 'a'..='z' {
        out.push(format!("{letter}ed"));
        out.push(format!("{letter}ing"));
    }
    out.sort_unstable();
    out.dedup();
    out
}

/// Arabic singular nouns (folded) whose plural is broken (not made with an ending), with
/// that plural: the claim validator suggests adding the plural as an anchor.
///
/// No maintained crate or openly licensed machine-readable list of Arabic broken plurals
/// was found, so this is a small hand-written list of nouns frequent in news about
/// conflicts, disasters and politics (each pair checked against standard usage); a word not
/// listed gets no warning.
const BROKEN_PLURALS: &[(&str, &str)] = &[
    ("قذيفة", "قذائف"),
    ("صاروخ", "صواريخ"),
    ("جريح", "جرحى"),
    ("قتيل", "قتلى"),
    ("أسير", "أسرى"),
    ("شهيد", "شهداء"),
    ("طفل", "أطفال"),
    ("امرأة", "نساء"),
    ("رجل", "رجال"),
    ("جندي", "جنود"),
    ("ضابط", "ضباط"),
    ("سلاح", "أسلحة"),
    ("مدفع", "مدافع"),
    ("سفينة", "سفن"),
    ("منزل", "منازل"),
    ("بيت", "بيوت"),
    ("مدينة", "مدن"),
    ("قرية", "قرى"),
    ("دولة", "دول"),
    ("شخص", "أشخاص"),
    ("عامل", "عمال"),
    ("طالب", "طلاب"),
    ("وزير", "وزراء"),
    ("رئيس", "رؤساء"),
    ("زعيم", "زعماء"),
    ("سفير", "سفراء"),
    ("عضو", "أعضاء"),
    ("حزب", "أحزاب"),
    ("سجن", "سجون"),
    ("سجين", "سجناء"),
    ("لغم", "ألغام"),
    ("قنبلة", "قنابل"),
    ("مدرسة", "مدارس"),
    ("مسجد", "مساجد"),
    ("كنيسة", "كنائس"),
    ("جسر", "جسور"),
    ("شارع", "شوارع"),
    ("ملجأ", "ملاجئ"),
    ("يوم", "أيام"),
    ("شهر", "أشهر"),
    ("سنة", "سنوات"),
    ("عام", "أعوام"),
    ("مليون", "ملايين"),
    ("ألف", "آلاف"),
    ("برميل", "براميل"),
    ("طن", "أطنان"),
    ("مشروع", "مشاريع"),
    ("تقرير", "تقارير"),
    ("مصدر", "مصادر"),
    ("خبير", "خبراء"),
    ("نائب", "نواب"),
    ("قاض", "قضاة"),
];

/// The broken plural of the Arabic singular noun `word` (as written or folded, with or
/// without the article), when the hand-written list knows one, as the list writes it.
pub fn broken_plural(word: &str) -> Option<&'static str> {
    let folded = crate::normalize::normalize_phrase(word);
    let bare = folded
        .strip_prefix("ال")
        .filter(|w| w.chars().count() >= 2)
        .unwrap_or(&folded);
    BROKEN_PLURALS
        .iter()
        .find(|(singular, _)| {
            let singular = crate::normalize::normalize_phrase(singular);
            singular == folded || singular == bare
        })
        .map(|(_, plural)| *plural)
}

/// For each anchor holding an indefinite Arabic singular noun with a known broken plural that
/// no anchor of the list spells: (the anchor, the anchor with the plural in its place). Endings cannot
/// make a broken plural, so the author should list it ([`broken_plural`]).
pub fn missing_broken_plurals(anchors: &[String]) -> Vec<(String, String)> {
    use crate::normalize::normalize_phrase;
    let folded: Vec<String> = anchors.iter().map(|a| normalize_phrase(a)).collect();
    let mut out = Vec::new();
    for anchor in anchors {
        let words: Vec<&str> = anchor.split_whitespace().collect();
        for (index, word) in words.iter().enumerate() {
            // A counted noun is indefinite (`ثلاث قذائف`, `5 ملايين قذيفة`): a word with the
            // article names one thing (`الدولة الشيوعية`), whose plural is another fact.
            if normalize_phrase(word).starts_with("ال") {
                continue;
            }
            let Some(plural) = broken_plural(word) else {
                continue;
            };
            let plural_folded = normalize_phrase(plural);
            let listed = folded
                .iter()
                .any(|a| a.split_whitespace().any(|w| w.ends_with(&plural_folded)));
            if listed {
                continue;
            }
            let mut suggestion: Vec<String> = words.iter().map(|w| (*w).to_owned()).collect();
            suggestion[index] = plural.to_owned();
            out.push((anchor.clone(), suggestion.join(" ")));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn broken_plurals_are_only_those_endings_cannot_make() {
        assert_eq!(broken_plural("قذيفة"), Some("قذائف"));
        assert_eq!(broken_plural("القذيفه"), Some("قذائف"));
        // `دبابات` is `دبابة` with `ات`: not listed, no warning needed.
        assert_eq!(broken_plural("دبابة"), None);
        assert_eq!(broken_plural("كتاب"), None);
    }

    #[test]
    fn every_listed_plural_is_one_endings_cannot_make() {
        for (singular, plural) in BROKEN_PLURALS {
            let singular = crate::normalize::normalize_phrase(singular);
            let plural = crate::normalize::normalize_phrase(plural);
            assert!(!is_inflection_of(&singular, &plural), "{singular} {plural}");
        }
    }

    #[test]
    fn missing_broken_plurals_suggest_the_anchor_to_add() {
        let anchors = vec!["قذيفة مدفعية".to_owned(), "جريح".to_owned()];
        assert_eq!(
            missing_broken_plurals(&anchors),
            [
                ("قذيفة مدفعية".to_owned(), "قذائف مدفعية".to_owned()),
                ("جريح".to_owned(), "جرحى".to_owned()),
            ]
        );
        // With the article the word names one thing: its plural is another fact.
        assert!(missing_broken_plurals(&["الدولة الشيوعية".to_owned()]).is_empty());
        // Listed already (folded spellings meet): nothing to say.
        let anchors = vec!["قذيفة مدفعية".to_owned(), "قذائف مدفعية".to_owned()];
        assert!(missing_broken_plurals(&anchors).is_empty());
        assert!(missing_broken_plurals(&["refugee".to_owned()]).is_empty());
    }
}
