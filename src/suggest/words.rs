//! Content words: which words of a clause say what it is about, and a light stem so that the
//! forms of one word meet across sources.
//!
//! Words come from normalised text ([`crate::normalize`]), so hamza, ta marbuta, alef maqsura
//! and letter case are already folded. A word is *content* unless it is a stop word (a
//! preposition, pronoun, auxiliary, a number or scale word), holds a digit, or is one letter.
//!
//! The stem is deliberately light — it only has to make forms meet, not find roots:
//!
//! - English: a possessive `'s` and the endings `-ies`/`-ied` (→ `y`), `-ing`, `-ed`, `-es`
//!   after a sibilant, `-s` are dropped: `visited`/`visit`, `shells`/`shell`.
//! - Arabic: the proclitic stack (`و ف ب ل ك ال` and their stacks, as the matcher strips them)
//!   and one suffix (`ات ون ين ان يه ها هم ه ي ا`) are dropped while three letters stay, then
//!   the long vowels `ا و ي` after the first letter, while two letters stay: `زيارة` and `زار`
//!   both give `زر`, `قذيفة` and its broken plural `قذائف` both give `قذف`.
//!
//! ```
//! use crosscheck::suggest::words::stem;
//! assert_eq!(stem("زياره"), stem("زار"));
//! assert_eq!(stem("قذايف"), stem("قذيفه"));
//! assert_eq!(stem("visited"), "visit");
//! ```

use crate::normalize::normalize_phrase;
use std::collections::HashSet;
use std::sync::OnceLock;

/// Stop words in natural spelling; folded once with [`normalize_phrase`] before use.
const STOP_WORDS: &[&str] = &[
    // Arabic: prepositions, conjunctions, pronouns, demonstratives, auxiliaries, time words
    // that go with any figure, number and scale words.
    "في",
    "من",
    "على",
    "إلى",
    "الى",
    "عن",
    "مع",
    "أن",
    "إن",
    "ان",
    "أنه",
    "إنه",
    "أنها",
    "كان",
    "كانت",
    "يكون",
    "تكون",
    "قد",
    "لقد",
    "لا",
    "ما",
    "لم",
    "لن",
    "هذا",
    "هذه",
    "ذلك",
    "تلك",
    "هؤلاء",
    "التي",
    "الذي",
    "الذين",
    "هو",
    "هي",
    "هم",
    "هما",
    "نحن",
    "بعد",
    "قبل",
    "عند",
    "حتى",
    "أو",
    "او",
    "ثم",
    "كما",
    "بين",
    "منذ",
    "عام",
    "العام",
    "عاما",
    "سنة",
    "السنة",
    "سنوات",
    "خلال",
    "حيث",
    "إذا",
    "اذا",
    "كل",
    "بعض",
    "غير",
    "أي",
    "له",
    "لها",
    "لهم",
    "فيه",
    "فيها",
    "منه",
    "منها",
    "عليه",
    "عليها",
    "إليه",
    "به",
    "بها",
    "وقال",
    "قال",
    "قالت",
    "وقالت",
    "يوم",
    "اليوم",
    "أيضا",
    "ايضا",
    "فقط",
    "نحو",
    "حوالي",
    "حوالى",
    "قرابة",
    "زهاء",
    "أكثر",
    "أقل",
    "يقرب",
    "يقارب",
    "يزيد",
    "يناهز",
    "تقريبا",
    "الأقل",
    "الأكثر",
    "حدود",
    "مليون",
    "ملايين",
    "مليار",
    "مليارات",
    "ألف",
    "آلاف",
    "الف",
    "مئة",
    "مائة",
    "شهر",
    "الشهر",
    "الماضي",
    "الماضية",
    "المقبل",
    "المقبلة",
    "الحالي",
    "وفي",
    "ومن",
    "وعلى",
    "والى",
    "وإلى",
    "وهو",
    "وهي",
    "وكان",
    "وكانت",
    "ولم",
    "ولا",
    "وقد",
    "فيما",
    "بينما",
    "لكن",
    "ولكن",
    "عبر",
    "ضمن",
    "دون",
    "أمام",
    "حول",
    "لدى",
    "إلا",
    "الا",
    "مثل",
    "أول",
    "آخر",
    "جميع",
    "عدة",
    "عدد",
    "نفس",
    "ذات",
    "يتم",
    "تم",
    "وتم",
    "هناك",
    "هنا",
    "الآن",
    "حين",
    "عندما",
    "لأن",
    "وأن",
    "وإن",
    "بأن",
    "بشأن",
    // English.
    "the",
    "a",
    "an",
    "of",
    "in",
    "on",
    "at",
    "to",
    "for",
    "from",
    "by",
    "with",
    "and",
    "or",
    "but",
    "is",
    "are",
    "was",
    "were",
    "be",
    "been",
    "being",
    "has",
    "have",
    "had",
    "it",
    "its",
    "this",
    "that",
    "these",
    "those",
    "as",
    "than",
    "more",
    "less",
    "about",
    "over",
    "under",
    "after",
    "before",
    "since",
    "which",
    "who",
    "whom",
    "said",
    "says",
    "say",
    "will",
    "would",
    "not",
    "no",
    "some",
    "nearly",
    "almost",
    "around",
    "approximately",
    "roughly",
    "least",
    "most",
    "up",
    "into",
    "per",
    "cent",
    "percent",
    "million",
    "millions",
    "billion",
    "thousand",
    "hundred",
    "year",
    "years",
    "month",
    "last",
    "first",
    "also",
    "he",
    "she",
    "they",
    "we",
    "his",
    "her",
    "their",
    "our",
    "there",
    "here",
    "when",
    "while",
    "what",
    "where",
    "such",
    "other",
    "all",
    "any",
    "each",
    "can",
    "could",
    "may",
    "might",
    "do",
    "did",
    "does",
    "then",
    "so",
    "if",
    "out",
    "only",
    "just",
    "new",
    "one",
    "two",
    "three",
    "four",
    "five",
    "six",
    "seven",
    "eight",
    "nine",
    "ten",
    "dozen",
    "estimated",
    "according",
    "reported",
    "told",
];

fn stop_words() -> &'static HashSet<String> {
    static SET: OnceLock<HashSet<String>> = OnceLock::new();
    SET.get_or_init(|| STOP_WORDS.iter().map(|w| normalize_phrase(w)).collect())
}

/// The proclitic stacks the matcher strips, folded, longest first.
fn proclitics() -> &'static [String] {
    static LIST: OnceLock<Vec<String>> = OnceLock::new();
    LIST.get_or_init(|| {
        let mut list: Vec<String> = crate::matcher::proclitic_stacks().collect();
        list.sort_by_key(|p| std::cmp::Reverse(p.chars().count()));
        list
    })
}

/// Arabic suffixes a light stem drops (one of them), longest first.
const ARABIC_SUFFIXES: &[&str] = &["ات", "ون", "ين", "ان", "يه", "ها", "هم", "ه", "ي", "ا"];

/// Whether a folded word is a stop word.
pub fn is_stop_word(folded: &str) -> bool {
    stop_words().contains(folded) || stop_words().contains(strip_proclitics(folded))
}

/// Whether a folded word says something about its clause: not a stop word, no digit, more
/// than one letter.
pub fn is_content(folded: &str) -> bool {
    folded.chars().count() > 1
        && !folded.chars().any(|c| c.is_ascii_digit())
        && !is_stop_word(folded)
}

/// `word` without its Arabic proclitic stack, when at least three letters remain (`وبالأسلحة`
/// → `اسلحه`); the matcher strips the same stacks from an anchor's first word.
pub fn strip_proclitics(word: &str) -> &str {
    if !word.chars().next().is_some_and(is_arabic) {
        return word;
    }
    for stack in proclitics() {
        if let Some(rest) = word.strip_prefix(stack.as_str())
            && rest.chars().count() >= 3
        {
            return rest;
        }
    }
    word
}

fn is_arabic(c: char) -> bool {
    ('\u{0600}'..='\u{06FF}').contains(&c)
}

/// The light stem of a folded word (see the module documentation).
pub fn stem(folded: &str) -> String {
    if folded.chars().next().is_some_and(is_arabic) {
        arabic_stem(folded)
    } else {
        english_stem(folded)
    }
}

fn arabic_stem(word: &str) -> String {
    let mut rest = strip_proclitics(word);
    for suffix in ARABIC_SUFFIXES {
        if let Some(shorter) = rest.strip_suffix(suffix)
            && shorter.chars().count() >= 3
        {
            rest = shorter;
            break;
        }
    }
    let mut chars = rest.chars();
    let Some(first) = chars.next() else {
        return String::new();
    };
    let skeleton: String = std::iter::once(first)
        .chain(chars.filter(|c| !matches!(c, 'ا' | 'و' | 'ي')))
        .collect();
    if skeleton.chars().count() >= 2 {
        skeleton
    } else {
        rest.to_string()
    }
}

fn english_stem(word: &str) -> String {
    let word = word.strip_suffix("'s").unwrap_or(word);
    let len = word.len();
    let cut = |n: usize| word.get(..len - n).unwrap_or(word);
    if len > 4 && (word.ends_with("ies") || word.ends_with("ied")) {
        return format!("{}y", cut(3));
    }
    if len > 5 && word.ends_with("ing") {
        return cut(3).to_string();
    }
    if len > 4 && word.ends_with("ed") {
        return cut(2).to_string();
    }
    if len > 4
        && ["shes", "ches", "xes", "sses"]
            .iter()
            .any(|ending| word.ends_with(ending))
    {
        return cut(2).to_string();
    }
    if len > 3 && word.ends_with('s') && !word.ends_with("ss") {
        return cut(1).to_string();
    }
    word.to_string()
}

/// A 32-bit FNV-1a hash of a stem: statements keep these instead of strings, so a large
/// corpus costs four bytes a context word.
pub fn term(stem: &str) -> u32 {
    let mut hash: u32 = 0x811c_9dc5;
    for byte in stem.bytes() {
        hash ^= u32::from(byte);
        hash = hash.wrapping_mul(0x0100_0193);
    }
    // 0 means "no counted noun".
    hash.max(1)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn folded_stem(word: &str) -> String {
        stem(&normalize_phrase(word))
    }

    #[test]
    fn forms_of_one_word_meet() {
        assert_eq!(folded_stem("زيارة"), folded_stem("زار"));
        assert_eq!(folded_stem("قذيفة"), folded_stem("قذائف"));
        assert_eq!(folded_stem("والقذائف"), folded_stem("قذيفة"));
        assert_eq!(folded_stem("visited"), folded_stem("visit"));
        assert_eq!(folded_stem("shells"), folded_stem("shell"));
        assert_eq!(folded_stem("casualties"), folded_stem("casualty"));
        assert_ne!(folded_stem("قذيفة"), folded_stem("صاروخ"));
    }

    #[test]
    fn stop_words_numbers_and_single_letters_are_not_content() {
        for word in ["في", "وفي", "the", "ملايين", "2000", "x", "نحو"] {
            assert!(!is_content(&normalize_phrase(word)), "{word}");
        }
        for word in ["قذيفة", "مدفعية", "shells", "visit"] {
            assert!(is_content(&normalize_phrase(word)), "{word}");
        }
    }

    #[test]
    fn proclitics_go_only_while_three_letters_stay() {
        assert_eq!(strip_proclitics(&normalize_phrase("وبالأسلحة")), "اسلحه");
        assert_eq!(strip_proclitics("بلد"), "بلد");
        assert_eq!(strip_proclitics("shells"), "shells");
    }
}
