//! Dates, full or partial: `19 يونيو 2024`, `19 حزيران/يونيو 2024`, `في تموز/يوليو 2000`,
//! `سبتمبر 2023`, `June 19, 2024`, `21st, January 2024`, `2023-09-12`, `12/09/2023`, and a
//! day and month without a year (`19 يونيو`, year unknown), or a month alone where the text
//! plainly names one (`في سبتمبر`, `أيلول/سبتمبر الماضي`, year unknown). Arabic also writes
//! the day as an ordinal: `السابع من أكتوبر`, `الحادي عشر من سبتمبر`.
//!
//! Forms written with digits only: `YYYY-MM-DD` (also with `/` or `.`), and `D/M/YYYY`
//! (also `-`, `.`) read day first as Arabic and British usage do, unless only the month-first
//! reading is possible (`09/19/2024`). A month and year: `3/2015`, and `2016-11` or `2014/10`
//! only where the two digits cannot end a span of years (`2010-11` may be 2010 to 2011, and is
//! not read as a month). A two-digit year (`05/05/89`) gives no value.
//!
//! English also writes `16. Nov. 2016`, `dec31 , 1994`, `14april 2015`, `31/Oct/1974`,
//! `2019-sep-1`, and the day in words (`the first of March`, `march third 2015`). Weekdays and
//! computed days (`third Tuesday of September 2014`) are in [`weekday`].

use super::fold;
use super::months::{Month, days_in_month, month_at};
use super::numbers::{NumeralRead, RightGlue, left_glue_ok, read_numeral, right_glue};
use super::tokens::{Token, TokenKind, clitic_splits, glued};
use super::year::{EARLIEST, LATEST, free_after, year_in_words, year_shape};
use crate::value::PartialDate;
use std::sync::LazyLock;

mod hijri;
mod weekday;

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
        Some(teen) if unit < 10 && TEEN.iter().any(|t| t == teen) => Some((unit + 10, i + 2)),
        Some(next) => match next.strip_prefix('و').and_then(tens) {
            Some(t) if unit < 10 => Some((t + unit, i + 2)),
            _ => (stem != "الحادي").then_some((unit, i + 1)),
        },
        None => (stem != "الحادي").then_some((unit, i + 1)),
    }
}

/// `عشر` and `عشرة` after a unit ordinal: `الثالث عشر`, `الثالث عشرة`.
static TEEN: LazyLock<Vec<String>> = LazyLock::new(|| folded(&["عشر", "عشرة"]));

/// `أول` without the article, which stands right before a month: `أول يناير`.
static FIRST: LazyLock<String> = LazyLock::new(|| fold("أول"));

/// `أول يناير`, `في أول أيار/مايو 2020`: the first of a month, without `من`. Returns the
/// index of the month and the bytes of proclitics before `أول`.
fn first_of_month(tokens: &[Token<'_>], i: usize) -> Option<(usize, usize)> {
    let token = tokens.get(i).filter(|t| t.is_word())?;
    let (clitics, _) = clitic_splits(token.text)
        .into_iter()
        .find(|(c, stem)| !c.article && *stem == FIRST.as_str())?;
    month_at(tokens, i + 1).filter(|m| !m.latin)?;
    Some((i + 1, clitics.len))
}

/// `السابع من أكتوبر 2023`: an ordinal day, `من`, a month, perhaps a year; `أول يناير`.
fn ordinal_day_first(tokens: &[Token<'_>], i: usize) -> Option<DateHit> {
    let (day, mut j) = match first_of_month(tokens, i) {
        Some((month_index, _)) => (1, month_index),
        None => {
            let (day, after) = ordinal_day_at(tokens, i)?;
            if tokens.get(after).map(|t| t.text) != Some("من") {
                return None;
            }
            (day, after + 1)
        }
    };
    if tokens.get(j).is_some_and(|t| t.text == "شهر") {
        j += 1;
    }
    let month = month_at(tokens, j)?;
    let year = year_after(tokens, month.end);
    let date = valid(year.map(|(y, _, _)| y), i64::from(month.month), Some(day));
    let first = tokens.get(i)?;
    let skip = match first_of_month(tokens, i) {
        Some((_, clitics)) => clitics,
        None => clitic_splits(first.text)
            .into_iter()
            .filter(|(c, _)| !c.article)
            .find(|(_, s)| s.starts_with("ال"))
            .map_or(0, |(c, _)| c.len),
    };
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
        let hit = weekday::nth_weekday_date(tokens, i)
            .or_else(|| hijri::hijri_date(tokens, i))
            .or_else(|| numeric(tokens, i))
            .or_else(|| numeric_month(tokens, i))
            .or_else(|| year_month_name_day(tokens, i))
            .or_else(|| day_first(tokens, i))
            .or_else(|| english_ordinal_day_first(tokens, i))
            .or_else(|| ordinal_day_first(tokens, i))
            .or_else(|| month_first(tokens, i));
        match hit {
            Some(mut hit) => {
                weekday::check_weekday_before(tokens, &mut hit);
                i = hit.end.max(i + 1);
                hits.push(hit);
            }
            None => match day_range(tokens, i) {
                Some((mut start, mut end)) => {
                    weekday::check_weekday_before(tokens, &mut start);
                    weekday::check_weekday_before(tokens, &mut end);
                    i = end.end.max(i + 1);
                    hits.push(start);
                    hits.push(end);
                }
                None => i += 1,
            },
        }
    }
    hits
}

/// Words joining the two days of a range (`10 إلى 11 سبتمبر`, `3-5 March`), folded.
static RANGE_JOINERS: LazyLock<Vec<String>> = LazyLock::new(|| {
    folded(&[
        "-", "–", "—", "إلى", "الى", "حتى", "و", "to", "until", "through", "and",
    ])
});

/// A range of days in one month: `3-5 March 2019`, `من 3 إلى 5 آذار`, `ليلة الأحد 10 إلى
/// الاثنين 11 سبتمبر`. Both ends come out as dates, the first taking the month and year
/// written after the second (as `2019-2020` gives both years); its number is no quantity.
fn day_range(tokens: &[Token<'_>], i: usize) -> Option<(DateHit, DateHit)> {
    let (day, after_day, _) = day_at(tokens, i, false)?;
    let joiner = tokens.get(after_day)?;
    if !RANGE_JOINERS.iter().any(|j| j == joiner.text) {
        return None;
    }
    let mut k = after_day + 1;
    if weekday::weekday_at(tokens, k, false).is_some() {
        k += 1;
    }
    if k == after_day + 1 && tokens.get(k).is_some_and(|t| t.kind != TokenKind::Digits) {
        return None;
    }
    let end = day_first(tokens, k)?;
    let last = end.date?;
    if last.day.is_none_or(|d| i64::from(d) <= day) {
        return None;
    }
    let first_token = tokens.get(i)?;
    let start = DateHit {
        date: valid(last.year, i64::from(last.month?), Some(day)),
        first: i,
        end: after_day,
        start_byte: first_token.start,
        end_byte: tokens.get(after_day - 1)?.end,
        year_span: None,
    };
    Some((start, end))
}

/// A Gregorian date starting at token `i` (no weekday rules): the date written after a Hijri
/// one (`الموافق 25 يونيو 2024م`).
fn gregorian_at(tokens: &[Token<'_>], i: usize) -> Option<DateHit> {
    numeric(tokens, i)
        .or_else(|| day_first(tokens, i))
        .or_else(|| ordinal_day_first(tokens, i))
        .or_else(|| month_first(tokens, i))
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
        let year_digits = tokens.get(i + 4)?;
        let year = match plain_digits(tokens, i + 4, 2..=4) {
            Some(year) if year_digits.text.len() == 4 => i32::try_from(year).ok(),
            // `05/05/89`: the century is not written; no value, and no piece is a count.
            Some(_) if year_digits.text.len() == 2 => {
                return Some(DateHit {
                    date: None,
                    first: i,
                    end,
                    start_byte: first.start,
                    end_byte: year_digits.end,
                    year_span: None,
                });
            }
            _ => return None,
        };
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

/// The year after a month: `2024`, `, 2024`, `من عام 2024`, `عام 2000م`, `of 2024`, or in words
/// (`nineteen ninety-six`, `عام ألفين وعشرين`).
/// Returns the year, its byte range and the token after it.
fn year_after(tokens: &[Token<'_>], mut k: usize) -> Option<(i32, (usize, usize), usize)> {
    if tokens.get(k).is_some_and(|t| t.is_punct(',')) {
        k += 1;
    }
    // `من عام`, `في سنة`, `بعام`, `لعام`, `of`.
    let noun_at = |k: usize| {
        tokens.get(k).is_some_and(|t| {
            t.is_word()
                && clitic_splits(t.text)
                    .iter()
                    .any(|(_, stem)| YEAR_NOUNS.iter().any(|n| n == stem))
        })
    };
    if tokens
        .get(k)
        .is_some_and(|t| t.text == "من" || t.text == "of")
        || (tokens.get(k).is_some_and(|t| t.text == "في") && noun_at(k + 1))
    {
        k += 1;
    }
    let year_noun = noun_at(k);
    if year_noun {
        k += 1;
    }
    let Some((year, end)) = year_shape(tokens, k) else {
        // June 19, nineteen ninety-six; يونيو عام ألفين وعشرين; not `In June, two thousand
        // people`.
        let (year, end, span) = year_in_words(tokens, k)?;
        return (year_noun || free_after(tokens, end)).then_some((year, span, end));
    };
    let digits = tokens.get(k)?;
    let last = tokens.get(end - 1)?;
    Some((year, (digits.start, last.end), end))
}

/// Two digits right after a day and month with nothing after them but punctuation or the end
/// (`14th April 15.`): a year whose century is not written. Returns the token after them.
fn two_digit_year_after(tokens: &[Token<'_>], k: usize) -> Option<usize> {
    let digits = tokens.get(k)?;
    if digits.kind != TokenKind::Digits || digits.text.len() != 2 || glued(tokens, k) {
        return None;
    }
    let free = tokens
        .get(k + 1)
        .is_none_or(|t| matches!(t.kind, TokenKind::Punct | TokenKind::Break) && !t.is_punct('%'));
    // Not the start of a decimal or a longer number (`15.5`, `15,000`).
    let continued = glued(tokens, k + 1) && glued(tokens, k + 2);
    (free && !continued).then_some(k + 1)
}

/// A day number: one or two plain digits, optionally with an English ordinal suffix, or
/// written against an English month after it (`14april`). `after_month` lets the digits touch
/// the month before them (`dec31`). Returns the day, the token after it, and whether an
/// ordinal suffix was written (`1st`).
fn day_at(tokens: &[Token<'_>], i: usize, after_month: bool) -> Option<(i64, usize, bool)> {
    let day = plain_digits(tokens, i, 1..=2)?;
    if !(after_month || left_glue_ok(tokens, i)) || !(1..=31).contains(&day) {
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
        RightGlue::Free => Some((day, i + 1, false)),
        RightGlue::Ordinal => Some((day, i + 2, true)),
        RightGlue::Name if !after_month && month_at(tokens, i + 1).is_some_and(|m| m.latin) => {
            Some((day, i + 1, false))
        }
        _ => None,
    }
}

/// English ordinal words for days, `first` to `thirtieth`.
fn english_ordinal_value(word: &str) -> Option<i64> {
    const WORDS: [&str; 20] = [
        "first",
        "second",
        "third",
        "fourth",
        "fifth",
        "sixth",
        "seventh",
        "eighth",
        "ninth",
        "tenth",
        "eleventh",
        "twelfth",
        "thirteenth",
        "fourteenth",
        "fifteenth",
        "sixteenth",
        "seventeenth",
        "eighteenth",
        "nineteenth",
        "twentieth",
    ];
    if word == "thirtieth" {
        return Some(30);
    }
    let index = WORDS.iter().position(|w| *w == word)?;
    i64::try_from(index + 1).ok()
}

/// A day written as an English ordinal word: `first`, `fifteenth`, `twenty-first`,
/// `thirty first`. Returns the day and the token after it.
fn english_ordinal_word(tokens: &[Token<'_>], i: usize) -> Option<(i64, usize)> {
    let token = tokens.get(i).filter(|t| t.is_latin())?;
    if let Some(day) = english_ordinal_value(token.text) {
        return Some((day, i + 1));
    }
    let tens = match token.text {
        "twenty" => 20,
        "thirty" => 30,
        _ => return None,
    };
    let mut j = i + 1;
    if tokens.get(j).is_some_and(|t| t.is_punct('-')) && glued(tokens, j) && glued(tokens, j + 1) {
        j += 1;
    }
    let unit = tokens
        .get(j)
        .filter(|t| t.is_latin())
        .and_then(|t| english_ordinal_value(t.text))
        .filter(|u| (1..=9).contains(u))?;
    let day = tens + unit;
    (day <= 31).then_some((day, j + 1))
}

/// `the first of March`, `fourth of July 1995`, `third day of October`: an English ordinal
/// word, `of`, a month, perhaps a year.
fn english_ordinal_day_first(tokens: &[Token<'_>], i: usize) -> Option<DateHit> {
    // `the ides of March`: the 15th of March, May, July and October, the 13th of the others.
    let ides = tokens.get(i).is_some_and(|t| t.text == "ides");
    let (day, mut j) = if ides {
        (0, i + 1)
    } else {
        english_ordinal_word(tokens, i)?
    };
    if tokens.get(j).is_some_and(|t| t.text == "day") {
        j += 1;
    }
    if tokens.get(j).is_none_or(|t| t.text != "of") {
        return None;
    }
    let month = month_at(tokens, j + 1).filter(|m| m.latin)?;
    let year = year_after(tokens, month.end);
    let day = match (ides, month.month) {
        (false, _) => day,
        (true, 3 | 5 | 7 | 10) => 15,
        (true, _) => 13,
    };
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

/// `31/Oct/1974`, `31-Oct-1974`: a day, an English month and a year joined by one separator,
/// after the day read at `i` (ending before `j`). A two-digit year gives no value (the century
/// is not written), but the whole is still a date, so none of its numbers is a quantity.
fn separated_day_month_year(tokens: &[Token<'_>], i: usize, day: i64, j: usize) -> Option<DateHit> {
    let separator = tokens.get(j).filter(|_| glued(tokens, j))?;
    let sep = ['/', '-'].into_iter().find(|&c| separator.is_punct(c))?;
    let month = month_at(tokens, j + 1).filter(|m| m.latin && m.end == j + 2)?;
    if !glued(tokens, j + 1)
        || !tokens.get(j + 2).is_some_and(|t| t.is_punct(sep))
        || !glued(tokens, j + 2)
        || !glued(tokens, j + 3)
    {
        return None;
    }
    let digits = tokens.get(j + 3).filter(|t| t.kind == TokenKind::Digits)?;
    if !matches!(right_glue(tokens, j + 4), RightGlue::Free) {
        return None;
    }
    let (date, year_span) = match digits.text.len() {
        4 => {
            let (year, _) = year_shape(tokens, j + 3)?;
            (
                valid(Some(year), i64::from(month.month), Some(day)),
                Some((digits.start, digits.end)),
            )
        }
        2 => (None, None),
        _ => return None,
    };
    Some(DateHit {
        date,
        first: i,
        end: j + 4,
        start_byte: tokens.get(i)?.start,
        end_byte: digits.end,
        year_span,
    })
}

/// `2019-sep-1`, `2019/Sep/01`: a year, an English month and a day joined by one separator.
fn year_month_name_day(tokens: &[Token<'_>], i: usize) -> Option<DateHit> {
    let first = tokens.get(i)?;
    if first.kind != TokenKind::Digits || first.text.len() != 4 || !left_glue_ok(tokens, i) {
        return None;
    }
    let separator = tokens.get(i + 1)?;
    let sep = ['/', '-'].into_iter().find(|&c| separator.is_punct(c))?;
    let month = month_at(tokens, i + 2).filter(|m| m.latin && m.end == i + 3)?;
    if !(1..=4).all(|k| glued(tokens, i + k)) || !tokens.get(i + 3).is_some_and(|t| t.is_punct(sep))
    {
        return None;
    }
    let day = plain_digits(tokens, i + 4, 1..=2)?;
    if !matches!(right_glue(tokens, i + 5), RightGlue::Free)
        || tokens.get(i + 5).is_some_and(|t| {
            t.kind == TokenKind::Punct
                && glued(tokens, i + 5)
                && tokens
                    .get(i + 6)
                    .is_some_and(|n| n.kind == TokenKind::Digits)
        })
    {
        return None;
    }
    let year: i32 = first.text.parse().ok()?;
    let last = tokens.get(i + 4)?;
    Some(DateHit {
        date: valid(Some(year), i64::from(month.month), Some(day)),
        first: i,
        end: i + 5,
        start_byte: first.start,
        end_byte: last.end,
        year_span: Some((first.start, first.end)),
    })
}

/// `3/2015`, `11/2016` (month and year) and `2016-11`, `2014/10` (year and month). A year and
/// two digits are a month only when they cannot be a span of years: `2016-11` is November
/// 2016, but `2010-11` may be the years 2010 to 2011 and is not read here.
fn numeric_month(tokens: &[Token<'_>], i: usize) -> Option<DateHit> {
    let first = tokens.get(i)?;
    if first.kind != TokenKind::Digits || !left_glue_ok(tokens, i) {
        return None;
    }
    // Not the end of a longer run (`1/3/2015` is read whole, `x-3/2015` is no date).
    if glued(tokens, i)
        && i.checked_sub(1)
            .and_then(|p| tokens.get(p))
            .is_some_and(|t| t.kind == TokenKind::Punct)
    {
        return None;
    }
    let separator = tokens.get(i + 1)?;
    let sep = ['/', '-'].into_iter().find(|&c| separator.is_punct(c))?;
    let second = tokens.get(i + 2)?;
    if second.kind != TokenKind::Digits || !glued(tokens, i + 1) || !glued(tokens, i + 2) {
        return None;
    }
    let end = i + 3;
    if !matches!(right_glue(tokens, end), RightGlue::Free) {
        return None;
    }
    // A longer run (`3/2015/4`, `2016-11-x`) is no month.
    if tokens
        .get(end)
        .is_some_and(|t| t.kind == TokenKind::Punct && !t.is_punct(',') && glued(tokens, end))
        && tokens
            .get(end + 1)
            .is_some_and(|t| t.kind != TokenKind::Break && glued(tokens, end + 1))
    {
        return None;
    }
    let (year, month, year_token) = match (first.text.len(), second.text.len()) {
        (1 | 2, 4) if sep == '/' => (second.text.parse().ok()?, first.text.parse().ok()?, second),
        (4, 2) => {
            let year: i32 = first.text.parse().ok()?;
            let month: i64 = second.text.parse().ok()?;
            // 2010-11 may be a span of years; 2016-11 cannot be.
            if month > i64::from(year % 100) {
                return None;
            }
            (year, month, first)
        }
        _ => return None,
    };
    if !(1..=12).contains(&month) || !(EARLIEST..=LATEST).contains(&year) {
        return None;
    }
    Some(DateHit {
        date: valid(Some(year), month, None),
        first: i,
        end,
        start_byte: first.start,
        end_byte: second.end,
        year_span: Some((year_token.start, year_token.end)),
    })
}

/// `19 يونيو 2024`, `19 حزيران/يونيو`, `19 من شهر يونيو`, `21st, January 2024`, `19th of June`,
/// `16. Nov. 2016`, `14april 2015`, `31/Oct/1974`.
fn day_first(tokens: &[Token<'_>], i: usize) -> Option<DateHit> {
    let (day, mut j, suffix) = day_at(tokens, i, false)?;
    if let Some(hit) = separated_day_month_year(tokens, i, day, j) {
        return Some(hit);
    }
    // `16. Nov. 2016`: a dot after the day marks it as an ordinal (with a year only).
    let dotted = !suffix && tokens.get(j).is_some_and(|t| t.is_punct('.')) && glued(tokens, j);
    if dotted {
        j += 1;
    }
    if !dotted && tokens.get(j).is_some_and(|t| t.is_punct(',')) {
        j += 1;
    }
    let of = tokens
        .get(j)
        .is_some_and(|t| t.text == "من" || t.text == "of");
    if !dotted && of {
        j += 1;
    }
    if tokens.get(j).is_some_and(|t| t.text == "شهر") {
        j += 1;
    }
    let month = month_at(tokens, j)?;
    let year = year_after(tokens, month.end);
    if dotted && (year.is_none() || !month.latin) {
        return None;
    }
    if year.is_none()
        && let Some(end) = two_digit_year_after(tokens, month.end)
    {
        // `14th April 15`: the century is not written, so no value, and the 15 is no count.
        return Some(DateHit {
            date: None,
            first: i,
            end,
            start_byte: tokens.get(i)?.start,
            end_byte: tokens.get(end - 1)?.end,
            year_span: None,
        });
    }
    // "5 may be …": an English month that is also a word needs its year, or an ordinal
    // and `of` (`the 1st of March`).
    if month.latin && month.ambiguous && !month.combined && year.is_none() && !(suffix && of) {
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

/// The day after an English month: `19`, `19th`, `the 15th`, `dec31`, `third`,
/// `the twenty-first`. A day in words after a month that is also a word (`march first`, `may
/// second`) needs a year after it. Returns the day and the token after it.
fn day_after_month(tokens: &[Token<'_>], month: &Month) -> Option<(i64, usize)> {
    let j = month.end;
    if let Some((day, end, _)) = day_at(tokens, j, true) {
        return Some((day, end));
    }
    let the = tokens.get(j).is_some_and(|t| t.text == "the");
    let k = if the { j + 1 } else { j };
    if the && let Some((day, end, true)) = day_at(tokens, k, false) {
        return Some((day, end));
    }
    let (day, end) = english_ordinal_word(tokens, k)?;
    if month.ambiguous && !month.combined && year_after(tokens, end).is_none() {
        return None;
    }
    Some((day, end))
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
    // English writes the day after the month: June 19, 2024; March third 2015.
    let day = if month.latin {
        day_after_month(tokens, &month)
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
