//! Hijri dates, as Gulf outlets write them: `5 رمضان 1445 هـ`, `19 ذو الحجة 1445هـ`,
//! `الثلاثاء 19 ذو الحجة 1445 هـ الموافق 25 يونيو 2024م`.
//!
//! A Hijri day, month and year is converted to its Gregorian day with the Umm al-Qura
//! calendar (`icu_calendar`), and the Hijri text is the evidence. When the Gregorian date is
//! written after it (`الموافق …`), that date is the value, provided the two agree within two
//! days (months begin a day or two apart from one country to another); if they do not, the
//! text contradicts itself and there is no value. A Hijri date without its year, a Hijri month
//! and year (`رمضان 1445`), and a Hijri year (`عام 1445 هـ`) give no value: they are no
//! Gregorian date or year, and none of their numbers is a quantity.

use super::{DateHit, fold, gregorian_at, plain_digits};
use crate::extract::numbers::{RightGlue, left_glue_ok, right_glue};
use crate::extract::tokens::{Token, TokenKind, clitic_splits, glued};
use crate::value::PartialDate;
use icu_calendar::cal::Hijri;
use icu_calendar::{Date, Iso};
use std::sync::LazyLock;

/// Hijri month names, folded: first word, second word (empty for one word), month.
static MONTHS: LazyLock<Vec<(String, String, u8)>> = LazyLock::new(|| {
    let names: [(&str, &str, u8); 24] = [
        ("محرم", "", 1),
        ("المحرم", "", 1),
        ("صفر", "", 2),
        ("ربيع", "الأول", 3),
        ("ربيع", "أول", 3),
        ("ربيع", "الثاني", 4),
        ("ربيع", "الآخر", 4),
        ("ربيع", "ثاني", 4),
        ("جمادى", "الأولى", 5),
        ("جمادى", "الأول", 5),
        ("جمادى", "الآخرة", 6),
        ("جمادى", "الثانية", 6),
        ("جمادى", "الآخر", 6),
        ("جمادى", "الثاني", 6),
        ("رجب", "", 7),
        ("شعبان", "", 8),
        ("رمضان", "", 9),
        ("شوال", "", 10),
        ("ذو", "القعدة", 11),
        ("ذي", "القعدة", 11),
        ("ذا", "القعدة", 11),
        ("ذو", "الحجة", 12),
        ("ذي", "الحجة", 12),
        ("ذا", "الحجة", 12),
    ];
    names
        .iter()
        .map(|(a, b, m)| {
            (
                fold(a),
                if b.is_empty() { String::new() } else { fold(b) },
                *m,
            )
        })
        .collect()
});

/// Words after a year that mark it Hijri: `هـ` (folded `ه`), `هجري`, `للهجرة`, `AH`.
static ERA: LazyLock<Vec<String>> = LazyLock::new(|| {
    ["ه", "هجري", "هجرية", "هجريا", "للهجرة", "ah"]
        .iter()
        .map(|w| fold(w))
        .collect()
});

/// A Hijri month name at token `i` (a proclitic allowed on its first word). Returns the
/// month, the token after it, and whether the name is also an ordinary word (`صفر` "zero").
fn month_at(tokens: &[Token<'_>], i: usize) -> Option<(u8, usize, bool)> {
    let token = tokens.get(i).filter(|t| t.is_word())?;
    // Most words end in no month name: skip the proclitic splits for them.
    if !MONTHS
        .iter()
        .any(|(first, _, _)| token.text.ends_with(first.as_str()))
    {
        return None;
    }
    let next = tokens.get(i + 1).filter(|t| t.is_word()).map(|t| t.text);
    let splits = clitic_splits(token.text);
    MONTHS.iter().find_map(|(first, second, month)| {
        if !splits.iter().any(|(c, stem)| !c.article && stem == first) {
            return None;
        }
        if second.is_empty() {
            Some((*month, i + 1, *month == 2))
        } else {
            (next == Some(second.as_str())).then_some((*month, i + 2, false))
        }
    })
}

/// A Hijri year at token `k`: digits (glued `هـ` allowed), then perhaps an era word. Returns
/// the year, whether the era is written, the token after it and the end byte.
fn year_at(tokens: &[Token<'_>], k: usize) -> Option<(i32, bool, usize, usize)> {
    let digits = tokens.get(k)?;
    if digits.kind != TokenKind::Digits || !(3..=4).contains(&digits.text.len()) {
        return None;
    }
    if !left_glue_ok(tokens, k) {
        return None;
    }
    let year: i32 = digits.text.parse().ok()?;
    match right_glue(tokens, k + 1) {
        RightGlue::Hijri => {
            let era = tokens.get(k + 1)?;
            return Some((year, true, k + 2, era.end));
        }
        RightGlue::Free => {}
        _ => return None,
    }
    // `1445 هـ` (the dot of `هـ.` ends the sentence).
    if let Some(era) = tokens
        .get(k + 1)
        .filter(|t| t.is_word() && ERA.iter().any(|e| e == t.text))
    {
        return Some((year, true, k + 2, era.end));
    }
    Some((year, false, k + 1, digits.end))
}

/// The Gregorian day of a Hijri day (Umm al-Qura calendar), if it exists.
pub(crate) fn to_gregorian(year: i32, month: u8, day: u8) -> Option<PartialDate> {
    let hijri =
        Date::try_new_hijri_with_calendar(year, month, day, Hijri::new_umm_al_qura()).ok()?;
    let iso = hijri.to_calendar(Iso);
    Some(PartialDate {
        year: Some(iso.year().extended_year()),
        month: Some(iso.month().ordinal),
        day: Some(iso.day_of_month().0),
    })
}

/// Days from 0000-03-01 (a proleptic Gregorian count) of a full date.
fn day_number(date: &PartialDate) -> Option<i64> {
    let (y, m, d) = (
        i64::from(date.year?),
        i64::from(date.month?),
        i64::from(date.day?),
    );
    let (y, m) = if m < 3 { (y - 1, m + 9) } else { (y, m - 3) };
    Some(365 * y + y.div_euclid(4) - y.div_euclid(100) + y.div_euclid(400) + (153 * m + 2) / 5 + d)
}

/// A Hijri date at token `i`: `5 رمضان 1445 هـ`, `19 ذو الحجة 1445هـ الموافق 25 يونيو 2024م`,
/// `رمضان 1445 هـ`, or a Hijri year alone (`1445 هـ`).
pub(super) fn hijri_date(tokens: &[Token<'_>], i: usize) -> Option<DateHit> {
    let first = tokens.get(i)?;
    let day = plain_digits(tokens, i, 1..=2)
        .filter(|d| (1..=30).contains(d) && left_glue_ok(tokens, i))
        .filter(|_| matches!(right_glue(tokens, i + 1), RightGlue::Free));
    let (hijri, end, end_byte, start_byte) = match day {
        Some(day) => {
            let (month, after_month, ordinary_word) = month_at(tokens, i + 1)?;
            let year = year_at(tokens, after_month);
            // `5 صفر` is five zeros unless a year follows.
            if ordinary_word && year.is_none() {
                return None;
            }
            let (date, end, end_byte) = match year {
                // `5 رمضان 2024` mixes the calendars: no value.
                Some((year, era, end, end_byte)) if era || year <= 1500 => {
                    let day = u8::try_from(day).ok()?;
                    (to_gregorian(year, month, day), end, end_byte)
                }
                Some((_, _, end, end_byte)) => (None, end, end_byte),
                None => (None, after_month, tokens.get(after_month - 1)?.end),
            };
            (date, end, end_byte, first.start)
        }
        None => {
            // `رمضان 1445 هـ` or `1445 هـ`: no day, so no value; the era must be written.
            let (month_start, k) = match month_at(tokens, i) {
                Some((_, after, _)) => (true, after),
                None => (false, i),
            };
            let (year, era, end, end_byte) = year_at(tokens, k)?;
            // Without `هـ`, only a year of this Hijri era (`رمضان 1445`; `رمضان 2024` is
            // Gregorian).
            if !(era || month_start && (1300..=1500).contains(&year)) {
                return None;
            }
            if !era && month_at(tokens, i).is_some_and(|(_, _, ordinary)| ordinary) {
                return None;
            }
            (None, end, end_byte, first.start)
        }
    };
    let mut hit = DateHit {
        date: hijri,
        first: i,
        end,
        start_byte,
        end_byte,
        year_span: None,
    };
    // `… الموافق 25 يونيو 2024م`: the Gregorian date written after it is the value.
    let mut k = end;
    if tokens
        .get(k)
        .is_some_and(|t| t.is_punct(',') || t.is_punct('،') || t.is_punct('-'))
    {
        k += 1;
    }
    if tokens.get(k).is_some_and(|t| t.text == fold("الموافق")) {
        k += 1;
    }
    if k > end
        && !glued(tokens, k)
        && let Some(gregorian) = gregorian_at(tokens, k)
    {
        let agree = match (hijri, gregorian.date) {
            (Some(h), Some(g)) => match (day_number(&h), day_number(&g)) {
                (Some(h), Some(g)) => (h - g).abs() <= 2,
                // `الموافق يونيو 2024`: the month and year must be the Hijri day's.
                _ => g.year == h.year && g.month.is_none_or(|m| h.month == Some(m)),
            },
            // Only the Gregorian side has a day: nothing to check it against.
            (None, _) => true,
            (Some(_), None) => false,
        };
        hit.date = if agree { gregorian.date } else { None };
        hit.end = gregorian.end;
        hit.start_byte = gregorian.start_byte;
        hit.end_byte = gregorian.end_byte;
        hit.year_span = gregorian.year_span;
    }
    Some(hit)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn umm_al_qura_days() {
        // 1 Ramadan 1445 was 11 March 2024; 19 Dhu al-Hijjah 1445 was 25 June 2024.
        let date = |y, m, d| to_gregorian(y, m, d).map(|p| p.to_string());
        assert_eq!(date(1445, 9, 1).as_deref(), Some("2024-03-11"));
        assert_eq!(date(1445, 12, 19).as_deref(), Some("2024-06-25"));
        // Ramadan 1445 had 30 days, Shawwal 1445 only 29.
        assert_eq!(date(1445, 10, 30), None);
    }

    #[test]
    fn day_numbers_count_days() {
        let day = |y, m, d| {
            day_number(&PartialDate {
                year: Some(y),
                month: Some(m),
                day: Some(d),
            })
        };
        assert_eq!(
            day(2024, 3, 1).zip(day(2024, 2, 28)).map(|(a, b)| a - b),
            Some(2)
        );
        assert_eq!(
            day(2025, 1, 1).zip(day(2024, 1, 1)).map(|(a, b)| a - b),
            Some(366)
        );
    }
}
