//! Counted nouns: the `unit_words` of a quantity claim (`طن`, `tonne`) and the noun written
//! right after a number (`2750 طناً`, `ست سنوات`).
//!
//! With `unit_words`, a value followed by one of them is preferred for the claim; a value
//! followed by another noun counts something else and is not taken; a value followed by no
//! noun (a preposition, punctuation, the end) is taken as before. The Arabic dual of a unit
//! word (`سدين`, `والسدان`, `قذيفتين`) states 2.

use crate::normalize::normalize_phrase;
use std::ops::Range;
use std::sync::LazyLock;

/// Words after a number that are not the noun it counts, folded.
static NOT_NOUNS: LazyLock<Vec<String>> =
    LazyLock::new(|| NOT_NOUN_WORDS.iter().map(|w| normalize_phrase(w)).collect());

const NOT_NOUN_WORDS: &[&str] = &[
    "في",
    "من",
    "على",
    "إلى",
    "عن",
    "مع",
    "و",
    "أو",
    "ثم",
    "قد",
    "لم",
    "لا",
    "أن",
    "منذ",
    "بعد",
    "قبل",
    "خلال",
    "حتى",
    "عند",
    "ضد",
    "بين",
    "هذا",
    "هذه",
    "التي",
    "الذي",
    "الذين",
    "كما",
    "ما",
    "تقريبا",
    "فقط",
    "آخرين",
    "أخرى",
    "إضافية",
    "جديدة",
    "جديدا",
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
    "the",
    "a",
    "an",
    "was",
    "were",
    "is",
    "are",
    "have",
    "has",
    "had",
    "more",
    "other",
    "new",
    "about",
    "over",
    "since",
    "after",
    "before",
    "during",
    "this",
    "that",
    "these",
    "those",
    "which",
    "who",
    "only",
    "approximately",
];

/// A claim's unit words, folded, without the article.
#[derive(Debug, Clone, Default)]
pub struct UnitWords {
    stems: Vec<String>,
    /// The unit words as the claim writes them, in the order of `stems`.
    words: Vec<String>,
}

/// How the noun after a value relates to the claim's unit words.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Counted {
    /// One of the unit words (as the claim writes it) follows the value, at this span.
    Unit(String, Range<usize>),
    /// Another noun follows, at this span: the value counts something else.
    Other(Range<usize>),
    /// No noun follows.
    Nothing,
}

/// The word without its proclitics and article (`والسدين` → `سدين`); Latin words as they are.
fn stem(word: &str) -> &str {
    if word.is_ascii() {
        return word;
    }
    let mut rest = word;
    for conjunction in ["و", "ف"] {
        if let Some(r) = rest.strip_prefix(conjunction)
            && r.chars().count() >= 2
        {
            rest = r;
            break;
        }
    }
    if let Some(r) = rest.strip_prefix("لل")
        && r.chars().count() >= 2
    {
        return r;
    }
    for preposition in ["ب", "ل", "ك"] {
        if let Some(r) = rest.strip_prefix(preposition)
            && r.chars().count() >= 2
        {
            rest = r;
            break;
        }
    }
    match rest.strip_prefix("ال") {
        Some(r) if r.chars().count() >= 2 => r,
        _ => rest,
    }
}

impl UnitWords {
    /// Folds the unit words; blank ones are skipped (validation reports them).
    pub fn new(words: &[String]) -> UnitWords {
        let (stems, words) = words
            .iter()
            .map(|w| (normalize_phrase(w), w.trim().to_owned()))
            .filter(|(folded, _)| !folded.is_empty())
            .map(|(folded, word)| (stem(&folded).to_owned(), word))
            .unzip();
        UnitWords { stems, words }
    }

    /// Whether there are no unit words.
    pub fn is_empty(&self) -> bool {
        self.stems.is_empty()
    }

    /// The unit word (as the claim writes it) that folded `word` is a form of, with up to two
    /// more letters (`طناً`, `tonnes`, `shells`).
    fn matching(&self, word: &str) -> Option<&str> {
        let s = stem(word);
        let at = self.stems.iter().position(|unit| {
            s == unit
                || word == unit
                || s.strip_prefix(unit.as_str())
                    .is_some_and(|rest| (1..=2).contains(&rest.chars().count()))
        })?;
        self.words.get(at).map(String::as_str)
    }

    /// The unit word (as the claim writes it) whose Arabic dual folded `word` is (`سدين`,
    /// `السدان`, `قذيفتين`).
    pub fn dual_of(&self, word: &str) -> Option<&str> {
        if word.is_ascii() {
            return None;
        }
        let s = stem(word);
        let at = self.stems.iter().position(|unit| {
            if unit.is_ascii() {
                return false;
            }
            let base = match unit.strip_suffix('ه') {
                Some(b) => format!("{b}ت"),
                None => unit.clone(),
            };
            s.strip_prefix(base.as_str())
                .is_some_and(|rest| rest == "ان" || rest == "ين")
        })?;
        self.words.get(at).map(String::as_str)
    }

    /// Whether folded `word` is the Arabic dual of a unit word.
    pub fn is_dual(&self, word: &str) -> bool {
        self.dual_of(word).is_some()
    }

    /// What the word after a value ending at byte `end` of `folded` counts; `words` are the
    /// window's words.
    pub fn counted(&self, folded: &str, words: &[Range<usize>], end: usize) -> Counted {
        let at = words.partition_point(|w| w.start < end);
        let Some(next) = words.get(at) else {
            return Counted::Nothing;
        };
        let between = folded.get(end..next.start).unwrap_or(".");
        if !between.trim().is_empty() {
            return Counted::Nothing;
        }
        let Some(word) = folded.get(next.clone()) else {
            return Counted::Nothing;
        };
        if let Some(unit) = self.matching(word) {
            Counted::Unit(unit.to_owned(), next.clone())
        } else if word.chars().all(char::is_alphabetic)
            && !NOT_NOUNS.iter().any(|n| n == word || n == stem(word))
        {
            Counted::Other(next.clone())
        } else {
            Counted::Nothing
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn units(words: &[&str]) -> UnitWords {
        UnitWords::new(&words.iter().map(|w| w.to_string()).collect::<Vec<_>>())
    }

    #[test]
    fn duals_of_unit_words() {
        let u = units(&["سد", "قذيفة", "صاروخ"]);
        for dual in [
            "سدين",
            "سدان",
            "والسدين",
            "قذيفتين",
            "قذيفتان",
            "صاروخان",
            "بصاروخين",
        ] {
            assert!(u.is_dual(&normalize_phrase(dual)), "{dual}");
        }
        for other in ["سد", "سدود", "قذيفة", "صواريخ", "سدينة"] {
            assert!(!u.is_dual(&normalize_phrase(other)), "{other}");
        }
    }

    #[test]
    fn nouns_after_a_value() {
        let u = units(&["طن", "tonne"]);
        // The result, with the noun's span shown as the folded word it covers.
        let check = |text: &str, end: usize, want: &str| {
            let folded = normalize_phrase(text);
            let words = crate::segment::words(&folded, 0..folded.len());
            let got = match u.counted(&folded, &words, end) {
                Counted::Unit(unit, span) => format!("unit {unit} {}", &folded[span]),
                Counted::Other(span) => format!("other {}", &folded[span]),
                Counted::Nothing => "nothing".to_owned(),
            };
            assert_eq!(got, want, "{text}");
        };
        check(
            "2750 طناً من",
            4,
            &format!("unit طن {}", normalize_phrase("طناً")),
        );
        check("6 سنوات", 1, "other سنوات");
        check("30 في الهجوم", 2, "nothing");
        check("2750 tonnes of", 4, "unit tonne tonnes");
        check("6 years", 1, "other years");
        check("6, said", 1, "nothing");
    }
}
