//! Dates, full or partial: `19 يونيو 2024`, `19 حزيران/يونيو 2024`, `في تموز/يوليو 2000`,
//! `سبتمبر 2023`, `June 19, 2024`, `21st, January 2024`, `2023-09-12`, `12/09/2023`, and a
//! day and month without a year (`19 يونيو`, year unknown), or a month alone where the text
//! plainly names one (`في سبتمبر`, `أيلول/سبتمبر الماضي`, year unknown). Arabic also writes
//! the day as an ordinal: `السابع من أكتوبر`, `الحادي عشر من سبتمبر`.
//!
//! Forms written with digits only: `YYYY-MM-DD` (also with `/` or `.`), and `D/M/YYYY`
//! (also `-`, `.`) read day first as Arabic and British usage do, unless only the month-first
//! reading is possible (`09/19/2024`). `2023-09` is not read as a date, because `2010-11` is
//! more often a span of years.

use super::fold;
use super::months::{Month, days_in_month, month_at};
use super::numbers::{NumeralRead, RightGlue, left_glue_ok, read_numeral, right_glue};
use super::tokens::{Token, TokenKind, clitic_splits, glued};
use super::year::{EARLIEST, LATEST, year_shape};
use crate::value::PartialDate;
use std::sync::LazyLock;

/// A date found in the tokens.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct DateHit {
    /// The date, to the precision stated; `None` for an impossible date (`30 فبراير 2023`,
    /// `2023-13-45`): it gives no value, and its numbers are no quantities either.
    pub date: Option<PartialDate>,
    /// Index of the first token.
    pub first: usize,
    /// Index of the token after the date.
    pub end: usize,
    /// Byte offset where the date starts (after any proclitic).
    pub start_byte: usize,
    /// Byte offset where the date ends.
    pub end_byte: usize,
    /// The year written inside the date: its byte range.
    pub year_span: Option<(usize, usize)>,
}

fn folded(words: &[&str]) -> Vec<String> {
    words.iter().map(|w| fold(w)).collect()
}

/// Words before a month name that make it a date on its own (`في سبتمبر`).
static MONTH_MARKERS: LazyLock<Vec<String>> = LazyLock::new(|| {
    folded(&[
        "في",
        "منذ",
        "خلال",
        "حتى",
        "شهر",
        "مطلع",
        "أوائل",
        "أواخر",
        "أواسط",
        "منتصف",
        "نهاية",
        "بداية",
        "قبل",
        "بعد",
        "in",
        "since",
        "during",
        "until",
        "till",
        "by",
        "early",
        "late",
        "mid",
        "last",
        "next",
        "this",
        "of",
    ])
});

/// Markers strong enough for a month name that is also an ordinary word (`في آب`, `in May`).
static STRONG_MONTH_MARKERS: LazyLock<Vec<String>> = LazyLock::new(|| {
    folded(&[
        "شهر", "in", "since", "during", "until", "early", "late", "mid", "last", "next",
    ])
});

/// Words after a month name that make it a date (`سبتمبر الماضي`); they belong to its span.
static RELATIVE: LazyLock<Vec<String>> = LazyLock::new(|| {
    folded(&[
        "الماضي",
        "المقبل",
        "القادم",
        "المنصرم",
        "الحالي",
        "الجاري",
        "المنقضي",
    ])
});

/// Year nouns that may stand between a month and its year (`يونيو من عام 2024`).
static YEAR_NOUNS: LazyLock<Vec<String>> =
    LazyLock::new(|| folded(&["عام", "العام", "سنة", "السنة"]));

/// Ordinal day words, masculine as Arabic dates use them (`السابع من أكتوبر`), folded.
static ORDINAL_UNITS: LazyLock<Vec<(String, i64)>> = LazyLock::new(|| {
    [
        ("الأول", 1),
        ("الحادي", 1),
        ("الثاني", 2),
        ("الثالث", 3),
        ("الرابع", 4),
        ("الخامس", 5),
        ("السادس", 6),
        ("السابع", 7),
        ("الثامن", 8),
        ("التاسع", 9),
        ("العاشر", 10),
    ]
    .iter()
    .map(|(w, d)| (fold(w), *d))
    .collect()
});

/// `السابع من أكتوبر`, `الحادي عشر من سبتمبر`, `الحادي والعشرين من يونيو`, `العشرين من`:
/// an ordinal day before `من` and a month. Returns the day and the token after the ordinal.
fn ordinal_day_at(tokens: &[Token<'_>], i: usize) -> Option<(i64, usize)> {
    let word = |k: usize| tokens.get(k).filter(|t| t.is_word()).map(|t| t.text);
    let first = word(i)?;
    let tens = |w: &str| match w {
        "العشرين" => Some(20),
        "الثلاثين" => Some(30),
        _ => None,
    };
    // The ordinal carries its own article; only و/ف/ب/ل may come before it.
    let stem = clitic_splits(first)
        .into_iter()
        .filter(|(c, _)| !c.article)
        .map(|(_, s)| s)
        .find(|s| tens(s).is_some() || ORDINAL_UNITS.iter().any(|(w, _)| w == s))?;
    if let Some(t) = tens(stem) {
        return Some((t, i + 1));
    }
    let unit = ORDINAL_UNITS
        .iter()
        .find(|(w, _)| w == stem)
        .map(|(_, d)| *d)?;
    match word(i + 1) {
        Some("عشر") if unit < 10 => Some((unit + 10, i + 2)),
        Some(next) => match next.strip_prefix('و').and_then(tens) {
            Some(t) if unit < 10 => Some((t + unit, i + 2)),
            _ => (stem != "الحادي").then_some((unit, i + 1)),
        },
        None => (stem != "الحادي").then_some((unit, i + 1)),
    }
}

/// `السابع من أكتوبر 2023`: an ordinal day, `من`, a month, perhaps a year.
fn ordinal_day_first(tokens: &[Token<'_>], i: usize) -> Option<DateHit> {
    let (day, after) = ordinal_day_at(tokens, i)?;
    if tokens.get(after).map(|t| t.text) != Some("من") {
        return None;
    }
    let mut j = after + 1;
    if tokens.get(j).is_some_and(|t| t.text == "شهر") {
        j += 1;
    }
    let month = month_at(tokens, j)?;
    let year = year_after(tokens, month.end);
    let date = valid(year.map(|(y, _, _)| y), i64::from(month.month), Some(day));
    let first = tokens.get(i)?;
    let skip = clitic_splits(first.text)
        .into_iter()
        .filter(|(c, _)| !c.article)
        .find(|(_, s)| s.starts_with("ال"))
        .map_or(0, |(c, _)| c.len);
    let (end, end_byte) = match year {
        Some((_, (_, year_end), end)) => (end, year_end),
        None => (month.end, month.end_byte),
    };
    Some(DateHit {
        date,
        first: i,
        end,
        start_byte: first.start + skip,
        end_byte,
        year_span: year.map(|(_, span, _)| span),
    })
}

/// Finds every date in the tokens, left to right, without overlaps.
pub(crate) fn find(tokens: &[Token<'_>]) -> Vec<DateHit> {
    let mut hits = Vec::new();
    let mut i = 0;
    while i < tokens.len() {
        let hit = numeric(tokens, i)
            .or_else(|| day_first(tokens, i))
            .or_else(|| ordinal_day_first(tokens, i))
            .or_else(|| month_first(tokens, i));
        match hit {
            Some(hit) => {
                i = hit.end.max(i + 1);
                hits.push(hit);
            }
            None => i += 1,
        }
    }
    hits
}

fn valid(year: Option<i32>, month: i64, day: Option<i64>) -> Option<PartialDate> {
    if let Some(y) = year
        && !(EARLIEST..=LATEST).contains(&y)
    {
        return None;
    }
    let month = u8::try_from(month).ok().filter(|m| (1..=12).contains(m))?;
    let day = match day {
        Some(d) => {
            let d = u8::try_from(d).ok()?;
            if d == 0 || d > days_in_month(month, year) {
                return None;
            }
            Some(d)
        }
        None => None,
    };
    Some(PartialDate {
        year,
        month: Some(month),
        day,
    })
}

/// Plain digits (no separators) at `i`, with their value.
fn plain_digits(
    tokens: &[Token<'_>],
    i: usize,
    lengths: std::ops::RangeInclusive<usize>,
) -> Option<i64> {
    let token = tokens.get(i)?;
    if token.kind != TokenKind::Digits || !lengths.contains(&token.text.len()) {
        return None;
    }
    token.text.parse().ok()
}

/// `2023-09-12`, `2023/09/12`, `12/09/2023`, `12-9-2023`, `12.09.2023`.
fn numeric(tokens: &[Token<'_>], i: usize) -> Option<DateHit> {
    let first = tokens.get(i)?;
    if first.kind != TokenKind::Digits || !left_glue_ok(tokens, i) {
        return None;
    }
    // Not the middle of a longer run of numbers (`1-2023-09-12`).
    if glued(tokens, i)
        && i.checked_sub(2)
            .and_then(|p| tokens.get(p))
            .is_some_and(|t| t.kind == TokenKind::Digits)
    {
        return None;
    }
    let separator = tokens.get(i + 1)?;
    let sep = ['-', '/', '.']
        .into_iter()
        .find(|&c| separator.is_punct(c))?;
    let second_separator = tokens.get(i + 3)?;
    if !second_separator.is_punct(sep) || !(1..=4).all(|k| glued(tokens, i + k)) {
        return None;
    }
    let end = i + 5;
    // A longer run (`1.2.3.4`) is no date.
    if let (Some(more), Some(digits)) = (tokens.get(end), tokens.get(end + 1))
        && glued(tokens, end)
        && glued(tokens, end + 1)
        && more.kind == TokenKind::Punct
        && digits.kind == TokenKind::Digits
    {
        return None;
    }
    if !matches!(right_glue(tokens, end), RightGlue::Free) {
        return None;
    }
    let date = if let Some(year) = plain_digits(tokens, i, 4..=4) {
        let month = plain_digits(tokens, i + 2, 1..=2)?;
        let day = plain_digits(tokens, i + 4, 1..=2)?;
        valid(i32::try_from(year).ok(), month, Some(day))
    } else {
        let a = plain_digits(tokens, i, 1..=2)?;
        let b = plain_digits(tokens, i + 2, 1..=2)?;
        let year = i32::try_from(plain_digits(tokens, i + 4, 4..=4)?).ok();
        if b > 12 && a <= 12 {
            valid(year, a, Some(b))
        } else {
            valid(year, b, Some(a))
        }
    };
    let last = tokens.get(end - 1)?;
    let year_token = if first.text.len() == 4 { first } else { last };
    Some(DateHit {
        date,
        first: i,
        end,
        start_byte: first.start,
        end_byte: last.end,
        year_span: Some((year_token.start, year_token.end)),
    })
}

/// The year after a month: `2024`, `, 2024`, `من عام 2024`, `عام 2000م`, `of 2024`.
/// Returns the year, its byte range and the token after it.
fn year_after(tokens: &[Token<'_>], mut k: usize) -> Option<(i32, (usize, usize), usize)> {
    if tokens.get(k).is_some_and(|t| t.is_punct(',')) {
        k += 1;
    }
    if tokens
        .get(k)
        .is_some_and(|t| t.text == "من" || t.text == "of")
    {
        k += 1;
    }
    if tokens
        .get(k)
        .is_some_and(|t| t.is_word() && YEAR_NOUNS.iter().any(|n| n == t.text))
    {
        k += 1;
    }
    let (year, end) = year_shape(tokens, k)?;
    let digits = tokens.get(k)?;
    let last = tokens.get(end - 1)?;
    Some((year, (digits.start, last.end), end))
}

/// A day number: one or two plain digits, optionally with an English ordinal suffix.
/// Returns the day and the token after it.
fn day_at(tokens: &[Token<'_>], i: usize) -> Option<(i64, usize)> {
    let day = plain_digits(tokens, i, 1..=2)?;
    if !left_glue_ok(tokens, i) || !(1..=31).contains(&day) {
        return None;
    }
    let Some(NumeralRead::Number(numeral)) = read_numeral(tokens, i) else {
        return None;
    };
    if !numeral.plain {
        return None;
    }
    // 16:23 is a clock time.
    if tokens.get(i + 1).is_some_and(|t| t.is_punct(':')) && glued(tokens, i + 1) {
        return None;
    }
    match right_glue(tokens, i + 1) {
        RightGlue::Free => Some((day, i + 1)),
        RightGlue::Ordinal => Some((day, i + 2)),
        _ => None,
    }
}

/// `19 يونيو 2024`, `19 حزيران/يونيو`, `19 من شهر يونيو`, `21st, January 2024`, `19th of June`.
fn day_first(tokens: &[Token<'_>], i: usize) -> Option<DateHit> {
    let (day, mut j) = day_at(tokens, i)?;
    if tokens.get(j).is_some_and(|t| t.is_punct(',')) {
        j += 1;
    }
    if tokens
        .get(j)
        .is_some_and(|t| t.text == "من" || t.text == "of")
    {
        j += 1;
    }
    if tokens.get(j).is_some_and(|t| t.text == "شهر") {
        j += 1;
    }
    let month = month_at(tokens, j)?;
    let year = year_after(tokens, month.end);
    // "5 may be …": an English month that is also a word needs its year.
    if month.latin && month.ambiguous && !month.combined && year.is_none() {
        return None;
    }
    let date = valid(year.map(|(y, _, _)| y), i64::from(month.month), Some(day));
    let first = tokens.get(i)?;
    let (end, end_byte) = match year {
        Some((_, (_, year_end), end)) => (end, year_end),
        None => (month.end, month.end_byte),
    };
    Some(DateHit {
        date,
        first: i,
        end,
        start_byte: first.start,
        end_byte,
        year_span: year.map(|(_, span, _)| span),
    })
}

/// `سبتمبر 2023`, `تموز/يوليو 2000`, `June 19, 2024`, `June 19`, and a month alone where
/// the words around it make it one (`في سبتمبر`, `سبتمبر/أيلول الماضي`).
fn month_first(tokens: &[Token<'_>], i: usize) -> Option<DateHit> {
    let month = month_at(tokens, i)?;
    let mut date = Some(PartialDate {
        year: None,
        month: Some(month.month),
        day: None,
    });
    let mut end = month.end;
    let mut end_byte = month.end_byte;
    let mut year_span = None;
    // English writes the day after the month: June 19, 2024.
    let day = if month.latin {
        day_at(tokens, month.end)
    } else {
        None
    };
    if let Some((day, after_day)) = day {
        let year = year_after(tokens, after_day);
        date = valid(year.map(|(y, _, _)| y), i64::from(month.month), Some(day));
        match year {
            Some((_, span, after)) => {
                end = after;
                end_byte = span.1;
                year_span = Some(span);
            }
            None => {
                end = after_day;
                end_byte = tokens.get(after_day - 1).map_or(end_byte, |t| t.end);
            }
        }
    } else if let Some((year, span, after)) = year_after(tokens, month.end) {
        date = valid(Some(year), i64::from(month.month), None);
        end = after;
        end_byte = span.1;
        year_span = Some(span);
    } else {
        let relative = tokens
            .get(month.end)
            .filter(|t| t.is_word() && RELATIVE.iter().any(|r| r == t.text));
        if !stands_as_month(tokens, i, &month, relative.is_some()) {
            return None;
        }
        if let Some(word) = relative {
            end = month.end + 1;
            end_byte = word.end;
        }
    }
    Some(DateHit {
        date,
        first: i,
        end,
        start_byte: month.start_byte,
        end_byte,
        year_span,
    })
}

/// Whether a month name with neither day nor year is a date: written in two calendars, or
/// after a preposition or `شهر`, or before `الماضي`/`المقبل`. A name that is also an ordinary
/// word (`آب`, `May`) needs `شهر`, a strong preposition, `الماضي` or a second calendar.
fn stands_as_month(tokens: &[Token<'_>], i: usize, month: &Month, relative: bool) -> bool {
    if month.combined || relative {
        return true;
    }
    let Some(token) = tokens.get(i) else {
        return false;
    };
    // A preposition written on the month itself: بسبتمبر, لسبتمبر.
    let own_preposition = month.start_byte > token.start
        && token
            .text
            .get(..month.start_byte - token.start)
            .is_some_and(|prefix| prefix.contains(['ب', 'ل']));
    let previous = i
        .checked_sub(1)
        .and_then(|p| tokens.get(p))
        .filter(|t| t.is_word());
    let markers: &[String] = if month.ambiguous {
        &STRONG_MONTH_MARKERS
    } else {
        &MONTH_MARKERS
    };
    let marked = previous.is_some_and(|w| {
        clitic_splits(w.text)
            .iter()
            .any(|(_, stem)| markers.iter().any(|m| m == stem))
    });
    if month.ambiguous && month.latin {
        // Abbreviations never stand alone; "may" and "march" need a strong marker.
        return marked && !month.abbreviation;
    }
    marked || (own_preposition && !month.ambiguous)
}
