//! Weekdays in dates: the nth weekday of a month (`third Tuesday of September 2014`,
//! `ثالث ثلاثاء في أيلول 2014`, `الأربعاء الثانية من أكتوبر 2014`), the last day of a month
//! (`last day of October 2015`, `آخر يوم بشهر عشرة سنة 2015`), and a weekday written before a
//! date, which must agree with it.
//!
//! A computed day needs its year: without one (`first Tuesday of October`) the day is unknown,
//! so there is no value (not even the month, which would understate what the text says).

use super::{DateHit, ORDINAL_UNITS, fold, month_at, ordinal_day_at, valid, year_after};
use crate::extract::tokens::{Token, TokenKind, clitic_splits, glued};
use crate::value::{PartialDate, days_in_month};
use std::sync::LazyLock;

/// The day of the week of a Gregorian date, 0 = Monday … 6 = Sunday.
pub(crate) fn weekday_of(year: i32, month: u8, day: u8) -> u8 {
    const OFFSETS: [i32; 12] = [0, 3, 2, 5, 0, 3, 5, 1, 4, 6, 2, 4];
    let y = if month < 3 { year - 1 } else { year };
    let offset = OFFSETS
        .get(usize::from(month.saturating_sub(1)))
        .copied()
        .unwrap_or(0);
    // Sakamoto's method gives 0 = Sunday.
    let sunday_first =
        (y + y.div_euclid(4) - y.div_euclid(100) + y.div_euclid(400) + offset + i32::from(day))
            .rem_euclid(7);
    u8::try_from((sunday_first + 6) % 7).unwrap_or(0)
}

/// Which one of the month's weekdays: the nth (1–5) or the last.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Nth {
    Number(u8),
    Last,
}

/// The day of the month of the `nth` `weekday` (0 = Monday) of `month` in `year`, if there
/// is one (a fifth Tuesday is not in every month).
fn nth_weekday(year: i32, month: u8, weekday: u8, nth: Nth) -> Option<u8> {
    let last = days_in_month(month, Some(year));
    if last == 0 {
        return None;
    }
    let day = match nth {
        Nth::Number(n) => {
            let first = weekday_of(year, month, 1);
            1 + (weekday + 7 - first) % 7 + 7 * n.checked_sub(1)?
        }
        Nth::Last => last - (weekday_of(year, month, last) + 7 - weekday) % 7,
    };
    (day <= last).then_some(day)
}

fn folded(words: &[(&str, u8)]) -> Vec<(String, u8)> {
    words.iter().map(|(w, d)| (fold(w), *d)).collect()
}

/// English weekday names and abbreviations.
fn english_weekday(word: &str) -> Option<u8> {
    Some(match word {
        "monday" | "mon" => 0,
        "tuesday" | "tue" | "tues" => 1,
        "wednesday" | "wed" => 2,
        "thursday" | "thu" | "thur" | "thurs" => 3,
        "friday" | "fri" => 4,
        "saturday" | "sat" => 5,
        "sunday" | "sun" => 6,
        _ => return None,
    })
}

/// Arabic weekday names without the article (`ثلاثاء`, `اربعا`), folded.
static ARABIC_WEEKDAYS: LazyLock<Vec<(String, u8)>> = LazyLock::new(|| {
    folded(&[
        ("اثنين", 0),
        ("إثنين", 0),
        ("ثلاثاء", 1),
        ("ثلاثا", 1),
        ("أربعاء", 2),
        ("أربعا", 2),
        ("خميس", 3),
        ("جمعة", 4),
        ("سبت", 5),
        ("أحد", 6),
    ])
});

/// The weekday at token `i`: English, or Arabic with the article (`الثلاثاء`, `والجمعة`);
/// `article_optional` also takes the bare Arabic form, which only the nth-weekday patterns
/// may (`ثالث ثلاثاء`: alone, `أحد` is "one" and `اثنين` "two").
pub(super) fn weekday_at(tokens: &[Token<'_>], i: usize, article_optional: bool) -> Option<u8> {
    let token = tokens.get(i).filter(|t| t.is_word())?;
    if token.is_latin() {
        return english_weekday(token.text);
    }
    clitic_splits(token.text).into_iter().find_map(|(c, stem)| {
        if !c.article && !article_optional {
            return None;
        }
        ARABIC_WEEKDAYS
            .iter()
            .find(|(w, _)| w == stem)
            .map(|(_, d)| *d)
    })
}

/// Arabic ordinals without the article before a weekday or `يوم` (`ثالث ثلاثاء`, `آخر يوم`).
static ARABIC_NTH: LazyLock<Vec<(String, u8)>> = LazyLock::new(|| {
    folded(&[
        ("أول", 1),
        ("ثاني", 2),
        ("ثان", 2),
        ("ثالث", 3),
        ("رابع", 4),
        ("خامس", 5),
        ("آخر", 0),
    ])
});

/// Arabic feminine ordinals with the article after a weekday (`الأربعاء الثانية`).
static ARABIC_NTH_FEMININE: LazyLock<Vec<(String, u8)>> = LazyLock::new(|| {
    folded(&[
        ("الأولى", 1),
        ("الثانية", 2),
        ("الثالثة", 3),
        ("الرابعة", 4),
        ("الخامسة", 5),
        ("الأخيرة", 0),
    ])
});

/// The endings of every word that may open an Arabic computed day: the weekdays, the ordinals
/// and `اليوم`, folded.
static STARTERS: LazyLock<Vec<String>> = LazyLock::new(|| {
    ARABIC_WEEKDAYS
        .iter()
        .chain(ARABIC_NTH.iter())
        .map(|(w, _)| w.clone())
        .chain(std::iter::once(fold("اليوم")))
        .collect()
});

/// Arabic cardinal words naming a month by its number after `شهر` (`شهر عشرة`).
static MONTH_NUMBERS: LazyLock<Vec<(String, u8)>> = LazyLock::new(|| {
    folded(&[
        ("واحد", 1),
        ("اثنين", 2),
        ("ثلاثة", 3),
        ("أربعة", 4),
        ("خمسة", 5),
        ("ستة", 6),
        ("سبعة", 7),
        ("ثمانية", 8),
        ("تسعة", 9),
        ("عشرة", 10),
    ])
});

fn table_value(table: &[(String, u8)], word: &str) -> Option<u8> {
    table.iter().find(|(w, _)| w == word).map(|(_, d)| *d)
}

fn nth_of(value: u8) -> Nth {
    if value == 0 {
        Nth::Last
    } else {
        Nth::Number(value)
    }
}

/// The month after the nth-weekday words, at `j`: a month name (perhaps with a preposition
/// on it, `بأيلول`), or after `شهر`/`بشهر` a name or a month number (`شهر عشرة`, `شهر 10`).
/// Returns the month, the token after it and its end byte.
fn month_after(tokens: &[Token<'_>], mut j: usize) -> Option<(u8, usize, usize)> {
    let word = |k: usize| tokens.get(k).filter(|t| t.is_word()).map(|t| t.text);
    if matches!(word(j), Some("من" | "في" | "of" | "in")) {
        j += 1;
    }
    let shahr = fold("شهر");
    let month_word = word(j).is_some_and(|w| {
        clitic_splits(w)
            .iter()
            .any(|(c, stem)| !c.article && *stem == shahr)
    });
    if month_word {
        j += 1;
        if let Some(month) = month_at(tokens, j) {
            return Some((month.month, month.end, month.end_byte));
        }
        let token = tokens.get(j)?;
        let number = match token.kind {
            TokenKind::Digits => token.text.parse().ok().filter(|m| (1..=12).contains(m)),
            TokenKind::Word => table_value(&MONTH_NUMBERS, token.text),
            _ => None,
        }?;
        return Some((number, j + 1, token.end));
    }
    let month = month_at(tokens, j)?;
    Some((month.month, month.end, month.end_byte))
}

/// A computed day: the ordinal (or `last`), the weekday (`None` for the last day of the
/// month), and the token where the month part starts.
struct Computed {
    nth: Nth,
    weekday: Option<u8>,
    month_from: usize,
}

/// `third tuesday of september`, `last Sunday of March`, `last day of October`.
fn english_computed(tokens: &[Token<'_>], i: usize) -> Option<Computed> {
    let token = tokens.get(i).filter(|t| t.is_latin())?;
    let nth = match token.text {
        "first" => Nth::Number(1),
        "second" => Nth::Number(2),
        "third" => Nth::Number(3),
        "fourth" => Nth::Number(4),
        "fifth" => Nth::Number(5),
        "last" => Nth::Last,
        _ => return None,
    };
    let weekday = match tokens.get(i + 1).map(|t| t.text) {
        Some("day") if nth == Nth::Last => None,
        _ => Some(english_weekday(tokens.get(i + 1)?.text)?),
    };
    if !matches!(tokens.get(i + 2).map(|t| t.text), Some("of" | "in")) {
        return None;
    }
    month_at(tokens, i + 3).filter(|m| m.latin)?;
    Some(Computed {
        nth,
        weekday,
        month_from: i + 3,
    })
}

/// `ثالث ثلاثاء في أيلول`, `ثالث يوم ثلاثاء بأيلول`, `آخر اثنين من شهر آذار`, `آخر يوم
/// بشهر عشرة`, `الأربعاء الثانية من شهر أكتوبر`, `اليوم الأخير من شهر عشرة`.
fn arabic_computed(tokens: &[Token<'_>], i: usize) -> Option<Computed> {
    let word = |k: usize| tokens.get(k).filter(|t| t.is_word()).map(|t| t.text);
    let first = word(i).filter(|w| !w.starts_with(|c: char| c.is_ascii()))?;
    // Most words end in no weekday or ordinal: skip the proclitic splits for them (this runs
    // for every word of a window).
    if !STARTERS.iter().any(|s| first.ends_with(s.as_str())) {
        return None;
    }
    let day_word = fold("يوم");
    // The weekday first, with the article, and a feminine ordinal after it.
    if let Some(weekday) = weekday_at(tokens, i, false)
        && let Some(value) = word(i + 1).and_then(|w| table_value(&ARABIC_NTH_FEMININE, w))
    {
        return Some(Computed {
            nth: nth_of(value),
            weekday: Some(weekday),
            month_from: i + 2,
        });
    }
    // اليوم الأخير من
    if first == fold("اليوم") && word(i + 1) == Some(fold("الأخير").as_str()) {
        return Some(Computed {
            nth: Nth::Last,
            weekday: None,
            month_from: i + 2,
        });
    }
    let value = clitic_splits(first)
        .into_iter()
        .filter(|(c, _)| !c.article)
        .find_map(|(_, stem)| table_value(&ARABIC_NTH, stem))?;
    let mut k = i + 1;
    let day_written = word(k) == Some(day_word.as_str());
    if day_written {
        k += 1;
    }
    let weekday = match weekday_at(tokens, k, true) {
        Some(weekday) => {
            k += 1;
            Some(weekday)
        }
        // `آخر يوم`: the last day.
        None if day_written && value == 0 => None,
        None => return None,
    };
    Some(Computed {
        nth: nth_of(value),
        weekday,
        month_from: k,
    })
}

/// The nth weekday or last day of a month at token `i`, as a date hit: its day when the year
/// is written, no value otherwise.
pub(super) fn nth_weekday_date(tokens: &[Token<'_>], i: usize) -> Option<DateHit> {
    let computed = english_computed(tokens, i).or_else(|| arabic_computed(tokens, i))?;
    let (month, month_end, month_end_byte) = month_after(tokens, computed.month_from)?;
    let year = year_after(tokens, month_end);
    let date = year.and_then(|(y, _, _)| {
        let day = match computed.weekday {
            Some(weekday) => nth_weekday(y, month, weekday, computed.nth)?,
            None => days_in_month(month, Some(y)),
        };
        valid(Some(y), i64::from(month), Some(i64::from(day)))
    });
    let first = tokens.get(i)?;
    // Leave out `و`/`ف`/`ب`/`ل` before the first word (`وثالث ثلاثاء`).
    let skip = if first.is_latin() {
        0
    } else {
        clitic_splits(first.text)
            .into_iter()
            .filter(|(c, stem)| {
                !c.article
                    && (table_value(&ARABIC_NTH, stem).is_some()
                        || stem.starts_with(fold("ال").as_str()))
            })
            .map(|(c, _)| c.len)
            .min()
            .unwrap_or(0)
    };
    let start_byte = first.start + skip;
    let (end, end_byte) = match year {
        Some((_, (_, year_end), end)) => (end, year_end),
        None => (month_end, month_end_byte),
    };
    Some(DateHit {
        date,
        first: i,
        end,
        start_byte,
        end_byte,
        year_span: year.map(|(_, span, _)| span),
    })
}

/// The weekday named right before a date (`Monday, Feb 18`, `الأربعاء الموافق 13 شباط`,
/// `يوم الاثنين في 18 شباط`), or a weekday the date is reckoned from (`the closest Monday
/// to Oct 5`: then the date is not the day meant). Returns the weekday and whether the date
/// is reckoned from it.
fn weekday_before(tokens: &[Token<'_>], first: usize) -> Option<(u8, bool)> {
    let mut k = first.checked_sub(1)?;
    let fillers = [
        fold("الموافق"),
        fold("في"),
        "on".to_owned(),
        "the".to_owned(),
    ];
    let reckoners = ["to", "before", "after", "nearest", "closest"];
    let mut reckoned = false;
    for _ in 0..2 {
        let token = tokens.get(k)?;
        let skip = token.is_punct(',')
            || token.is_punct('،')
            || (token.is_word() && fillers.iter().any(|f| f == token.text));
        let reckon = token.is_word() && reckoners.contains(&token.text);
        if !(skip || reckon) {
            break;
        }
        reckoned |= reckon;
        k = k.checked_sub(1)?;
    }
    let weekday = weekday_at(tokens, k, false)?;
    Some((weekday, reckoned))
}

/// Checks a date against a weekday written before it. A date reckoned from a weekday
/// (`the closest Monday to Oct 5`) gives no value. A full date on another weekday gives no
/// value, except that an Arabic ordinal after a weekday (`الثلاثاء الثالث من أيلول 2014`)
/// names the nth such weekday when the day itself is not one.
pub(super) fn check_weekday_before(tokens: &[Token<'_>], hit: &mut DateHit) {
    let Some((weekday, reckoned)) = weekday_before(tokens, hit.first) else {
        return;
    };
    if reckoned {
        hit.date = None;
        return;
    }
    let Some(PartialDate {
        year: Some(year),
        month: Some(month),
        day: Some(day),
    }) = hit.date
    else {
        return;
    };
    if weekday_of(year, month, day) == weekday {
        return;
    }
    let arabic_ordinal = tokens.get(hit.first).is_some_and(|t| {
        t.is_word()
            && !t.is_latin()
            && !glued(tokens, hit.first)
            && ordinal_day_at(tokens, hit.first).is_some_and(|(d, _)| d == i64::from(day))
            && clitic_splits(t.text)
                .iter()
                .any(|(_, stem)| ORDINAL_UNITS.iter().any(|(w, _)| w == stem))
    });
    hit.date = if arabic_ordinal && day <= 5 {
        nth_weekday(year, month, weekday, Nth::Number(day))
            .and_then(|d| valid(Some(year), i64::from(month), Some(i64::from(d))))
    } else {
        None
    };
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn weekdays_of_known_dates() {
        // 2024-06-25 was a Tuesday, 2000-01-01 a Saturday, 2014-09-16 a Tuesday.
        assert_eq!(weekday_of(2024, 6, 25), 1);
        assert_eq!(weekday_of(2000, 1, 1), 5);
        assert_eq!(weekday_of(2014, 9, 16), 1);
        assert_eq!(weekday_of(1900, 3, 1), 3);
    }

    #[test]
    fn nth_and_last_weekdays() {
        assert_eq!(nth_weekday(2014, 9, 1, Nth::Number(3)), Some(16));
        assert_eq!(nth_weekday(2014, 3, 6, Nth::Last), Some(30));
        assert_eq!(nth_weekday(2014, 10, 2, Nth::Number(1)), Some(1));
        // February 2015 has four Sundays only.
        assert_eq!(nth_weekday(2015, 2, 6, Nth::Number(5)), None);
    }
}
