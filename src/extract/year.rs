//! Years: four digits between 1000 and 2100 that the context makes a year.
//!
//! A four-digit number is a year when
//! - a year word or preposition stands right before it (`عام 2000`, `العام 2020`, `سنة`,
//!   `في 1999`, `منذ`, `حتى`, `خلال`, `مطلع`, `أواخر`, `in`, `since`, `until`, `by` …), or an
//!   English determiner (`the 2022 invasion`, `Russia's 2022 invasion`: English writes counts
//!   of a thousand or more with a comma, `the 2,000 soldiers`), or
//! - it continues a year just read (`عامي 2019 و2020`, `2019-2020`, `from 2019 to 2020`), or
//! - the era letter follows it (`2000م`), or
//! - it stands alone between punctuation (`(2019)`, `… يونيو. 2024.`), or
//! - it follows `of`/`من` with no noun after it (`the first half of 2025,`), or
//! - it opens a range of years (`2014-2016`, `between 2019 and 2020`).
//!
//! It is not a year when it is part of a name (`عربي2021`, `كوفيد-2019`), has separators or
//! decimals (`2,000`), carries a scale word (`2000 مليون`) or percent, follows a qualifier
//! (`نحو 2000` is an amount), follows a page marker (`ص 1999`) or `الساعة` (`الساعة 0300`),
//! counts years (`قبل 2000 عام`), or is a Hijri year (`1445هـ`). A number that is not a year
//! stays available as a quantity.
//!
//! A year written in words (`nineteen ninety-six`, `twenty twenty-four`, `two thousand and
//! twenty`, `ألفين وعشرين`, `ألفين وأربعة وعشرين`) is a year only after `in`, `year`, `عام`,
//! `سنة` or `العام` (or after a month, see [`super::date`]), and not when a noun follows it
//! after `in` (`in twenty ninety soldiers`). Dates (`19 يونيو 2024`) hold their own years; see
//! [`super::date`].

use super::fold;
use super::numbers::{
    Context, NumeralRead, Parsed, RightGlue, is_scale_word, left_glue_ok, parse, read_numeral,
    right_glue,
};
use super::qualifier;
use super::tokens::{Token, TokenKind, clitic_splits, glued, is_proclitic_only};
use std::sync::LazyLock;

/// The earliest number read as a year.
pub(crate) const EARLIEST: i32 = 1000;
/// The latest number read as a year.
pub(crate) const LATEST: i32 = 2100;

fn folded(words: &[&str]) -> Vec<String> {
    words.iter().map(|w| fold(w)).collect()
}

/// Words that make the four digits after them a year (compared without proclitics).
static MARKERS: LazyLock<Vec<String>> = LazyLock::new(|| {
    folded(&[
        "عام",
        "سنة",
        "عامي",
        "سنتي",
        "في",
        "منذ",
        "حتى",
        "خلال",
        "قبل",
        "بعد",
        "مطلع",
        "أوائل",
        "أواخر",
        "أواسط",
        "منتصف",
        "نهاية",
        "بداية",
        "نهايات",
        "بدايات",
        "صيف",
        "شتاء",
        "ربيع",
        "خريف",
        "موسم",
        "مواليد",
        "ميزانية",
        "ولادة",
        "in",
        "since",
        "until",
        "till",
        "by",
        "during",
        "before",
        "after",
        "from",
        "early",
        "late",
        "mid",
        "year",
        "summer",
        "winter",
        "spring",
        "autumn",
        "fall",
        "circa",
        "c",
        "the",
        "its",
        "his",
        "her",
        "their",
        "this",
        "that",
        "s",
    ])
});

/// Words that join two years (`2019 و2020`, `2019 to 2020`).
static JOINERS: LazyLock<Vec<String>> = LazyLock::new(|| {
    folded(&[
        "و", "أو", "إلى", "حتى", "and", "or", "to", "-", "–", "—", "/",
    ])
});

/// Nouns after a number that make it a count of years, not a year (`2000 عام`).
static YEAR_NOUNS: LazyLock<Vec<String>> = LazyLock::new(|| {
    folded(&[
        "عام",
        "عاما",
        "أعوام",
        "سنة",
        "سنوات",
        "سنين",
        "year",
        "years",
    ])
});

/// Words that make a year written in words after them a year (compared without proclitics).
static WORD_MARKERS: LazyLock<Vec<String>> =
    LazyLock::new(|| folded(&["عام", "سنة", "العام", "in", "year"]));

/// Words that may follow `in` (or a month) and a year in words (`in nineteen ninety-six and …`); any other
/// word may be what the number counts (`in twenty ninety soldiers`).
static AFTER_IN: LazyLock<Vec<String>> = LazyLock::new(|| {
    folded(&[
        "and", "or", "but", "when", "while", "after", "before", "as", "the", "a", "an", "at", "to",
        "from", "until", "with", "it", "he", "she", "they", "we", "i", "its", "his", "her",
        "their",
    ])
});

/// A year written in words at token `k`: a number phrase from 1000 to 2100 with a scale word
/// (`two thousand and twenty`, `ألفين وعشرين`), or English pairs (`nineteen ninety-six`,
/// `twenty twenty-four`: ten to twenty, then ten to ninety-nine). Read with the number
/// reader; returns the year, the token after it and its byte range. Not when a scale word,
/// percent or a year noun follows (`two thousand years`).
pub(crate) fn year_in_words(
    tokens: &[Token<'_>],
    k: usize,
) -> Option<(i32, usize, (usize, usize))> {
    if !tokens.get(k)?.is_word() {
        return None;
    }
    let context = Context {
        blocked: &[],
        qualified: false,
    };
    let phrase = |at: usize| match parse(tokens, at, &context) {
        Some(Parsed::Number(phrase)) if phrase.first == at && phrase.value.fract() == 0.0 => {
            Some(phrase)
        }
        _ => None,
    };
    let first = phrase(k)?;
    let words_only =
        (k..first.end).all(|t| tokens.get(t).is_some_and(|t| t.kind != TokenKind::Digits));
    if !words_only {
        return None;
    }
    let (value, end, end_byte) = if (1000.0..=f64::from(LATEST)).contains(&first.value) {
        (first.value, first.end, first.end_byte)
    } else {
        // nineteen ninety-six: English only, two phrases side by side.
        let latin =
            (k..first.end).all(|t| tokens.get(t).is_some_and(|t| !t.is_word() || t.is_latin()));
        let second = phrase(first.end)?;
        let second_words = (first.end..second.end).all(|t| {
            tokens
                .get(t)
                .is_some_and(|t| t.is_word() && t.is_latin() || t.is_punct('-'))
        });
        if !latin
            || !second_words
            || !(10.0..=20.0).contains(&first.value)
            || !(10.0..=99.0).contains(&second.value)
        {
            return None;
        }
        (
            first.value * 100.0 + second.value,
            second.end,
            second.end_byte,
        )
    };
    if !(f64::from(EARLIEST)..=f64::from(LATEST)).contains(&value)
        || is_scale_word(tokens, end)
        || counts_years(tokens, end)
        || tokens.get(end).is_some_and(|t| t.is_punct('%'))
    {
        return None;
    }
    Some((value as i32, end, (first.start_byte, end_byte)))
}

/// A year in words after one of [`WORD_MARKERS`] at token `i`.
fn marked_year_in_words(tokens: &[Token<'_>], i: usize) -> Option<(i32, usize)> {
    let previous = tokens.get(i.checked_sub(1)?)?;
    if !previous.is_word() || !stem_is(previous.text, &WORD_MARKERS) {
        return None;
    }
    let (value, end, _) = year_in_words(tokens, i)?;
    if previous.text == "in" && !free_after(tokens, end) {
        return None;
    }
    Some((value, end))
}

/// Whether no word that a number could count follows token `end - 1` (punctuation, the end,
/// or one of a few function words): `in twenty ninety soldiers` is no year.
pub(crate) fn free_after(tokens: &[Token<'_>], end: usize) -> bool {
    !tokens
        .get(end)
        .is_some_and(|t| t.is_word() && !AFTER_IN.iter().any(|w| w == t.text))
}

/// Words before a number that make it a page or serial number (`ص 12`, `رقم 5`).
static PAGE_MARKERS: LazyLock<Vec<String>> =
    LazyLock::new(|| folded(&["ص", "صفحة", "صفحات", "رقم", "page", "pages", "p", "pp"]));

/// Words before a number that make it a clock time (`الساعة 0300`).
static CLOCK_MARKERS: LazyLock<Vec<String>> = LazyLock::new(|| folded(&["الساعة"]));

/// A year found outside a date.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct YearHit {
    /// The year.
    pub value: i32,
    /// Index of the digits token.
    pub token: usize,
    /// Index of the token after the year (after `م` when it is written).
    pub end: usize,
}

/// Four digits at token `i` shaped like a year: a plain number from 1000 to 2100, not part
/// of a name, without a scale word or percent after it. Returns the year and the token after
/// it (past the era letter `م`).
pub(crate) fn year_shape(tokens: &[Token<'_>], i: usize) -> Option<(i32, usize)> {
    let token = tokens.get(i)?;
    if token.kind != TokenKind::Digits || token.text.len() != 4 {
        return None;
    }
    let Some(NumeralRead::Number(numeral)) = read_numeral(tokens, i) else {
        return None;
    };
    if !numeral.plain || !left_glue_ok(tokens, i) {
        return None;
    }
    let value: i32 = token.text.parse().ok()?;
    if !(EARLIEST..=LATEST).contains(&value) {
        return None;
    }
    let end = match right_glue(tokens, numeral.end) {
        RightGlue::Free => numeral.end,
        RightGlue::Ad => numeral.end + 1,
        _ => return None,
    };
    if is_scale_word(tokens, end) || tokens.get(end).is_some_and(|t| t.is_punct('%')) {
        return None;
    }
    Some((value, end))
}

/// The word before token `i`, skipping a `.` after it (`p. 5`).
fn word_before<'a>(tokens: &[Token<'a>], i: usize) -> Option<&'a str> {
    let previous = tokens.get(i.checked_sub(1)?)?;
    if previous.is_word() {
        return Some(previous.text);
    }
    if previous.is_punct('.') {
        return tokens
            .get(i.checked_sub(2)?)
            .filter(|t| t.is_word())
            .map(|t| t.text);
    }
    None
}

fn stem_is(word: &str, set: &[String]) -> bool {
    clitic_splits(word)
        .iter()
        .any(|(_, stem)| set.iter().any(|s| s == stem))
}

/// Whether the digits at `i` are a page number or a clock time.
pub(crate) fn is_reference(tokens: &[Token<'_>], i: usize) -> bool {
    let Some(word) = word_before(tokens, i) else {
        return false;
    };
    PAGE_MARKERS.iter().any(|m| m == word) || CLOCK_MARKERS.iter().any(|m| m == word)
}

/// Finds the years outside dates (`in_date` marks tokens of dates).
pub(crate) fn find(tokens: &[Token<'_>], in_date: &[bool]) -> Vec<YearHit> {
    let mut hits: Vec<YearHit> = Vec::new();
    let mut i = 0;
    while i < tokens.len() {
        if in_date.get(i).copied().unwrap_or(false) {
            i += 1;
            continue;
        }
        if let Some((value, end)) = marked_year_in_words(tokens, i)
            && !in_date.get(i..end).is_some_and(|s| s.contains(&true))
        {
            hits.push(YearHit {
                value,
                token: i,
                end,
            });
            i = end;
            continue;
        }
        let Some((value, end)) = year_shape(tokens, i) else {
            i += 1;
            continue;
        };
        if is_reference(tokens, i) || counts_years(tokens, end) {
            i += 1;
            continue;
        }
        let marked = marker_before(tokens, i);
        let chained = continues_year(tokens, i, &hits, in_date);
        let era = end > i + 1;
        let qualified = qualifier::before(tokens, i, in_date).is_some();
        let alone = !qualified && stands_alone(tokens, i, end);
        let range = !qualified && opens_range(tokens, end);
        let period_of = of_before(tokens, i) && !tokens.get(end).is_some_and(|t| t.is_word());
        if marked || chained || era || alone || range || period_of {
            hits.push(YearHit {
                value,
                token: i,
                end,
            });
            i = end;
        } else {
            i += 1;
        }
    }
    hits
}

/// `2014-2016`, `between 2019 and 2020`: another year-shaped number after a joiner, with
/// nothing after it that it could count (`بين 2000 و3000 جندي` is an amount).
fn opens_range(tokens: &[Token<'_>], end: usize) -> bool {
    let Some(joiner) = tokens.get(end) else {
        return false;
    };
    if !JOINERS.iter().any(|j| j == joiner.text) {
        return false;
    }
    let Some((_, after)) = year_shape(tokens, end + 1) else {
        return false;
    };
    !tokens
        .get(after)
        .is_some_and(|t| t.is_word() && !YEAR_NOUNS.iter().any(|n| n == t.text))
}

/// `the first half of 2025,`, `الربع الأول من 2025.`: `of`/`من` before the digits (a year
/// only when no noun follows that the number could count: `of 2000 applicants`).
fn of_before(tokens: &[Token<'_>], i: usize) -> bool {
    i.checked_sub(1)
        .and_then(|p| tokens.get(p))
        .is_some_and(|t| t.is_word() && matches!(t.text, "of" | "من"))
}

/// `2000 عام`: the number counts years.
fn counts_years(tokens: &[Token<'_>], end: usize) -> bool {
    tokens
        .get(end)
        .filter(|t| t.is_word())
        .is_some_and(|t| YEAR_NOUNS.iter().any(|n| n == t.text))
}

/// A year word or preposition right before the digits (`عام 2000`, `وفي 1999`, `in 2019`).
fn marker_before(tokens: &[Token<'_>], i: usize) -> bool {
    let Some(previous) = i.checked_sub(1).and_then(|p| tokens.get(p)) else {
        return false;
    };
    previous.is_word()
        && stem_is(previous.text, &MARKERS)
        && !(glued(tokens, i) && is_proclitic_only(previous.text))
}

/// `عامي 2019 و2020`, `2019-2020`, `from 2019 to 2020`: a joiner after a year just read.
fn continues_year(tokens: &[Token<'_>], i: usize, hits: &[YearHit], in_date: &[bool]) -> bool {
    let Some(joiner_index) = i.checked_sub(1) else {
        return false;
    };
    let Some(joiner) = tokens.get(joiner_index) else {
        return false;
    };
    if !JOINERS.iter().any(|j| j == joiner.text) {
        return false;
    }
    let Some(before) = joiner_index.checked_sub(1) else {
        return false;
    };
    hits.last().is_some_and(|h| h.end == joiner_index)
        || (in_date.get(before).copied().unwrap_or(false)
            && tokens
                .get(before)
                .is_some_and(|t| t.kind == TokenKind::Digits))
}

/// Nothing but punctuation (or the text's edge) on both sides: `(2019)`, `. 2024.`
fn stands_alone(tokens: &[Token<'_>], i: usize, end: usize) -> bool {
    let free = |t: Option<&Token<'_>>| {
        t.is_none_or(|t| matches!(t.kind, TokenKind::Punct | TokenKind::Break))
    };
    free(i.checked_sub(1).and_then(|p| tokens.get(p))) && free(tokens.get(end))
}
