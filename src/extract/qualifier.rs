//! Qualifiers: the words that say a stated quantity is approximate or a bound.
//!
//! A qualifier stands right before the number (`نحو 40 عاما`, `أكثر من مليون`, `up to 5,000`)
//! or right after it, possibly after the counted noun (`40 عاما تقريبا`, `5,000 people or
//! more`). The first word of an Arabic qualifier may carry `و`/`ف` and `ب`/`ل`/`ك`
//! (`بنحو`, `وبأكثر من`, `لحوالي`). When several entries match, the longest wins, so
//! `لا يتجاوز` ("does not exceed", at most) beats `يتجاوز` ("exceeds", more than).

use super::fold;
use super::tokens::{Token, clitic_splits, is_proclitic_only};
use crate::value::Qualifier;
use std::collections::HashMap;
use std::sync::LazyLock;

/// A qualifier phrase in folded words.
struct Entry {
    words: Vec<String>,
    qualifier: Qualifier,
}

/// Qualifier phrases, longest first, indexed by their last word.
struct Table {
    entries: Vec<Entry>,
    by_last_word: HashMap<String, Vec<usize>>,
}

impl Table {
    /// Indices of the entries that may end with `word` (written with or without proclitics),
    /// longest entry first.
    fn ending_with(&self, word: &str) -> Vec<usize> {
        let mut found: Vec<usize> = clitic_splits(word)
            .into_iter()
            .filter_map(|(_, stem)| self.by_last_word.get(stem))
            .flatten()
            .copied()
            .collect();
        found.sort_unstable();
        found.dedup();
        found
    }
}

fn entries(list: &[(&str, Qualifier)]) -> Table {
    let mut entries: Vec<Entry> = list
        .iter()
        .map(|(phrase, qualifier)| Entry {
            words: fold(phrase).split_whitespace().map(str::to_owned).collect(),
            qualifier: *qualifier,
        })
        .collect();
    // Longest first, so the first match is the longest.
    entries.sort_by_key(|e| std::cmp::Reverse(e.words.len()));
    let mut by_last_word: HashMap<String, Vec<usize>> = HashMap::new();
    for (index, entry) in entries.iter().enumerate() {
        if let Some(last) = entry.words.last() {
            by_last_word.entry(last.clone()).or_default().push(index);
        }
    }
    Table {
        entries,
        by_last_word,
    }
}

use Qualifier::{Approx, AtLeast, AtMost, LessThan, MoreThan};

/// Qualifiers written before the number.
static BEFORE: LazyLock<Table> = LazyLock::new(|| {
    entries(&[
        // approx
        ("نحو", Approx),
        ("حوالي", Approx),
        ("حوالى", Approx),
        ("قرابة", Approx),
        ("زهاء", Approx),
        ("تقريبا", Approx),
        ("ما يقرب من", Approx),
        ("يقرب من", Approx),
        ("ما يقارب", Approx),
        ("ما يقارب من", Approx),
        ("يقارب", Approx),
        ("تقارب", Approx),
        ("ما يناهز", Approx),
        ("يناهز", Approx),
        ("تناهز", Approx),
        ("في حدود", Approx),
        ("حدود", Approx),
        ("about", Approx),
        ("around", Approx),
        ("nearly", Approx),
        ("almost", Approx),
        ("approximately", Approx),
        ("roughly", Approx),
        ("some", Approx),
        ("close to", Approx),
        ("an estimated", Approx),
        ("estimated", Approx),
        ("circa", Approx),
        // more than
        ("أكثر من", MoreThan),
        ("ما يزيد على", MoreThan),
        ("ما يزيد عن", MoreThan),
        ("يزيد على", MoreThan),
        ("يزيد عن", MoreThan),
        ("تزيد على", MoreThan),
        ("تزيد عن", MoreThan),
        ("أزيد من", MoreThan),
        ("ما يربو على", MoreThan),
        ("ما يربو عن", MoreThan),
        ("يربو على", MoreThan),
        ("تربو على", MoreThan),
        ("ما يفوق", MoreThan),
        ("يفوق", MoreThan),
        ("تفوق", MoreThan),
        ("ما يتجاوز", MoreThan),
        ("يتجاوز", MoreThan),
        ("تتجاوز", MoreThan),
        ("more than", MoreThan),
        ("over", MoreThan),
        ("above", MoreThan),
        ("in excess of", MoreThan),
        ("upwards of", MoreThan),
        ("exceeding", MoreThan),
        ("exceeded", MoreThan),
        ("exceeds", MoreThan),
        ("exceed", MoreThan),
        ("surpassed", MoreThan),
        ("greater than", MoreThan),
        ("higher than", MoreThan),
        ("larger than", MoreThan),
        ("تجاوز", MoreThan),
        ("تجاوزت", MoreThan),
        ("يتخطى", MoreThan),
        ("تتخطى", MoreThan),
        ("تخطى", MoreThan),
        ("تخطت", MoreThan),
        ("أكبر من", MoreThan),
        ("أعلى من", MoreThan),
        ("فوق", MoreThan),
        ("أكثر من أو يساوي", AtLeast),
        ("أكبر من أو يساوي", AtLeast),
        ("greater than or equal to", AtLeast),
        ("more than or equal to", AtLeast),
        // less than
        ("أقل من", LessThan),
        ("ما يقل عن", LessThan),
        ("يقل عن", LessThan),
        ("دون", LessThan),
        ("less than", LessThan),
        ("fewer than", LessThan),
        ("under", LessThan),
        ("below", LessThan),
        ("smaller than", LessThan),
        ("lower than", LessThan),
        ("أصغر من", LessThan),
        ("أدنى من", LessThan),
        ("أقل من أو يساوي", AtMost),
        ("أصغر من أو يساوي", AtMost),
        ("less than or equal to", AtMost),
        // at least
        ("على الأقل", AtLeast),
        ("ما لا يقل عن", AtLeast),
        ("لا يقل عن", AtLeast),
        ("لا تقل عن", AtLeast),
        ("لا أقل من", AtLeast),
        ("ليس أقل من", AtLeast),
        ("at least", AtLeast),
        ("no less than", AtLeast),
        ("no fewer than", AtLeast),
        ("not less than", AtLeast),
        ("a minimum of", AtLeast),
        // at most
        ("حتى", AtMost),
        ("ما يصل إلى", AtMost),
        ("يصل إلى", AtMost),
        ("تصل إلى", AtMost),
        ("لا يتجاوز", AtMost),
        ("ما لا يتجاوز", AtMost),
        ("لا تتجاوز", AtMost),
        ("لم يتجاوز", AtMost),
        ("لم تتجاوز", AtMost),
        ("لا أكثر من", AtMost),
        ("ليس أكثر من", AtMost),
        ("did not exceed", AtMost),
        ("does not exceed", AtMost),
        ("لا يزيد على", AtMost),
        ("لا يزيد عن", AtMost),
        ("ما لا يزيد عن", AtMost),
        ("ما لا يزيد على", AtMost),
        ("بحد أقصى", AtMost),
        ("كحد أقصى", AtMost),
        ("حد أقصى", AtMost),
        ("up to", AtMost),
        ("at most", AtMost),
        ("no more than", AtMost),
        ("not more than", AtMost),
        ("as many as", AtMost),
        ("a maximum of", AtMost),
    ])
});

/// Qualifiers written after the number (or after the noun it counts).
static AFTER: LazyLock<Table> = LazyLock::new(|| {
    entries(&[
        ("تقريبا", Approx),
        ("أو نحو ذلك", Approx),
        ("على الأقل", AtLeast),
        ("أو أكثر", AtLeast),
        ("فأكثر", AtLeast),
        ("على الأكثر", AtMost),
        ("بحد أقصى", AtMost),
        ("كحد أقصى", AtMost),
        ("أو أقل", AtMost),
        ("approximately", Approx),
        ("or so", Approx),
        ("at least", AtLeast),
        ("or more", AtLeast),
        ("at most", AtMost),
        ("or less", AtMost),
        ("or fewer", AtMost),
    ])
});

/// A qualifier found next to a number.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Found {
    /// What it says.
    pub qualifier: Qualifier,
    /// Byte offset where it starts (after any proclitic) or ends, by direction.
    pub byte: usize,
    /// For a qualifier after the number: the token after it.
    pub end: usize,
}

/// Whether the `words.len()` tokens starting at `first` spell `words`; the first may carry
/// proclitics (not the article). Returns the byte offset where the qualifier starts.
fn matches_at(
    tokens: &[Token<'_>],
    first: usize,
    words: &[String],
    blocked: &[bool],
) -> Option<usize> {
    let mut start = None;
    for (offset, word) in words.iter().enumerate() {
        let index = first + offset;
        let token = tokens.get(index)?;
        if !token.is_word() || blocked.get(index).copied().unwrap_or(false) {
            return None;
        }
        if offset == 0 {
            let (clitics, _) = clitic_splits(token.text)
                .into_iter()
                .find(|(c, stem)| !c.article && stem == word)?;
            start = Some(token.start + clitics.len);
        } else if token.text != word {
            return None;
        }
    }
    start
}

/// The qualifier that ends right before token `first` of a number.
pub(crate) fn before(tokens: &[Token<'_>], first: usize, blocked: &[bool]) -> Option<Found> {
    let number_start = first;
    // A currency sign may stand between the qualifier and the number: `about $4.2 billion`.
    let first = match tokens.get(first.checked_sub(1)?) {
        Some(t) if CURRENCY_SIGNS.iter().any(|&c| t.is_punct(c)) => first - 1,
        _ => first,
    };
    // قرابة الـ70 ألفا: the article written against the digits.
    let first = match tokens.get(first.checked_sub(1)?) {
        Some(t)
            if t.is_word()
                && is_proclitic_only(t.text)
                && tokens.get(first).is_some_and(|n| n.start == t.end) =>
        {
            first - 1
        }
        _ => first,
    };
    found_before(tokens, first, number_start, blocked).or_else(|| {
        // لا يتجاوز عددهم 300: the noun the number states stands between.
        let subject = tokens.get(first.checked_sub(1)?)?;
        if !SUBJECTS.iter().any(|s| s == subject.text) {
            return None;
        }
        found_before(tokens, first - 1, number_start, blocked)
    })
}

/// Nouns with a pronoun that may stand between a qualifier verb and its number (`لا يتجاوز
/// عددهم 300`, "their number does not exceed 300").
static SUBJECTS: LazyLock<Vec<String>> = LazyLock::new(|| {
    [
        "عدد",
        "عدده",
        "عددها",
        "عددهم",
        "عددهن",
        "عددهما",
        "قيمته",
        "قيمتها",
        "حجمه",
        "حجمها",
        "مجموعها",
        "مجموعهم",
    ]
    .iter()
    .map(|w| fold(w))
    .collect()
});

/// The qualifier that ends right before token `first`.
fn found_before(
    tokens: &[Token<'_>],
    first: usize,
    number_start: usize,
    blocked: &[bool],
) -> Option<Found> {
    let previous = tokens.get(first.checked_sub(1)?).filter(|t| t.is_word())?;
    let candidates = BEFORE.ending_with(previous.text);
    candidates.iter().find_map(|&index| {
        let entry = BEFORE.entries.get(index)?;
        let begin = first.checked_sub(entry.words.len())?;
        let byte = matches_at(tokens, begin, &entry.words, blocked)?;
        Some(Found {
            qualifier: entry.qualifier,
            byte,
            end: number_start,
        })
    })
}

/// Currency signs written before an amount.
const CURRENCY_SIGNS: [char; 6] = ['$', '€', '£', '¥', '₽', '₩'];

/// The qualifier right after a number that ends before token `end`, or after one word
/// following it (`40 عاما تقريبا`).
pub(crate) fn after(tokens: &[Token<'_>], end: usize, blocked: &[bool]) -> Option<Found> {
    for skip in 0..=1 {
        let begin = end + skip;
        if skip == 1 && !tokens.get(end).is_some_and(|t| t.is_word()) {
            break;
        }
        let found = AFTER.entries.iter().find_map(|entry| {
            matches_at(tokens, begin, &entry.words, blocked)?;
            let last = tokens.get(begin + entry.words.len() - 1)?;
            Some(Found {
                qualifier: entry.qualifier,
                byte: last.end,
                end: begin + entry.words.len(),
            })
        });
        if found.is_some() {
            return found;
        }
    }
    None
}
