//! Month names: Egyptian/loan (`يناير` … `ديسمبر`), Levantine (`كانون الثاني` … `كانون الأول`),
//! Maghrebi (`جانفي`, `يوليوز`, `غشت` …) and English (full names and abbreviations), and
//! the combined forms news agencies write (`تموز/يوليو`, `سبتمبر/أيلول`, `حزيران (يونيو)`).

use super::fold;
use super::tokens::{Token, TokenKind, glued, lookup};
use std::collections::HashMap;
use std::sync::LazyLock;

/// What a month word is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct MonthWord {
    /// 1–12.
    month: u8,
    /// Also an ordinary word (`آب` "father", `may`, `march`): never a date on its own.
    ambiguous: bool,
    /// An abbreviation (`jun`, `sept`): only with a day or a year.
    abbreviation: bool,
}

/// One-word month names, folded.
static MONTHS: LazyLock<HashMap<String, MonthWord>> = LazyLock::new(|| {
    let mut table = HashMap::new();
    let names: [(u8, &[&str]); 12] = [
        (1, &["يناير", "جانفي", "january"]),
        (2, &["فبراير", "شباط", "فيفري", "february"]),
        (3, &["مارس", "آذار", "march"]),
        (4, &["أبريل", "إبريل", "ابريل", "نيسان", "أفريل", "april"]),
        (5, &["مايو", "أيار", "ماي", "may"]),
        (6, &["يونيو", "يونيه", "حزيران", "جوان", "june"]),
        (7, &["يوليو", "يوليه", "تموز", "يوليوز", "جويلية", "july"]),
        (8, &["أغسطس", "آب", "غشت", "أوت", "august"]),
        (9, &["سبتمبر", "أيلول", "شتنبر", "september"]),
        (10, &["أكتوبر", "اكتوبر", "october"]),
        (11, &["نوفمبر", "نونبر", "november"]),
        (12, &["ديسمبر", "دجنبر", "december"]),
    ];
    let ambiguous = ["آب", "ماي", "may", "march", "أوت", "جوان"];
    for (month, words) in names {
        for word in words {
            table.insert(
                fold(word),
                MonthWord {
                    month,
                    ambiguous: ambiguous.contains(word),
                    abbreviation: false,
                },
            );
        }
    }
    let abbreviations = [
        ("jan", 1),
        ("feb", 2),
        ("mar", 3),
        ("apr", 4),
        ("jun", 6),
        ("jul", 7),
        ("aug", 8),
        ("sep", 9),
        ("sept", 9),
        ("oct", 10),
        ("nov", 11),
        ("dec", 12),
    ];
    for (word, month) in abbreviations {
        table.insert(
            word.to_owned(),
            MonthWord {
                month,
                ambiguous: true,
                abbreviation: true,
            },
        );
    }
    table
});

/// Levantine two-word months: first word, second words, month.
static TWO_WORD: LazyLock<Vec<(String, Vec<String>, u8)>> = LazyLock::new(|| {
    let entries: [(&str, &[&str], u8); 4] = [
        ("كانون", &["الثاني", "ثاني"], 1),
        ("تشرين", &["الأول", "أول"], 10),
        ("تشرين", &["الثاني", "ثاني"], 11),
        ("كانون", &["الأول", "أول"], 12),
    ];
    entries
        .iter()
        .map(|(first, seconds, month)| {
            (
                fold(first),
                seconds.iter().map(|s| fold(s)).collect(),
                *month,
            )
        })
        .collect()
});

/// A month name (possibly combined: `تموز/يوليو`) found in the tokens.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Month {
    /// 1–12.
    pub month: u8,
    /// Index of the token after it.
    pub end: usize,
    /// Byte offset where it starts (after any proclitic).
    pub start_byte: usize,
    /// Byte offset where it ends.
    pub end_byte: usize,
    /// Written in two calendars (`تموز/يوليو`): unmistakably a month.
    pub combined: bool,
    /// Also an ordinary word, or an abbreviation: needs a day or year to be a date.
    pub ambiguous: bool,
    /// Written in Latin letters.
    pub latin: bool,
    /// An abbreviation (`Sept.`): only with a day or a year.
    pub abbreviation: bool,
}

fn single(tokens: &[Token<'_>], i: usize) -> Option<Month> {
    let token = tokens.get(i)?;
    if token.kind != TokenKind::Word {
        return None;
    }
    // Levantine two-word names first: كانون الثاني.
    if let Some(next) = tokens.get(i + 1).filter(|t| t.is_word()) {
        // The second word is checked first: it rarely matches, and splitting the first
        // word into proclitics and stem costs more (this runs for every word of a window).
        let mut splits = None;
        for (first, seconds, month) in TWO_WORD.iter() {
            if !seconds.iter().any(|s| s == next.text) {
                continue;
            }
            let first_matches = splits
                .get_or_insert_with(|| super::tokens::clitic_splits(token.text))
                .iter()
                .find(|(c, stem)| !c.article && stem == first)
                .copied();
            if let Some((clitics, _)) = first_matches {
                return Some(Month {
                    month: *month,
                    end: i + 2,
                    start_byte: token.start + clitics.len,
                    end_byte: next.end,
                    combined: false,
                    ambiguous: false,
                    latin: false,
                    abbreviation: false,
                });
            }
        }
    }
    let (clitics, word) = lookup(token.text, &MONTHS)?;
    if clitics.article {
        return None;
    }
    let mut end = i + 1;
    let mut end_byte = token.end;
    // "Sept." — the dot of an abbreviation belongs to it.
    if word.abbreviation
        && let Some(dot) = tokens
            .get(end)
            .filter(|t| t.is_punct('.') && glued(tokens, end))
    {
        end_byte = dot.end;
        end += 1;
    }
    Some(Month {
        month: word.month,
        end,
        start_byte: token.start + clitics.len,
        end_byte,
        combined: false,
        ambiguous: word.ambiguous,
        latin: token.is_latin(),
        abbreviation: word.abbreviation,
    })
}

/// The month name starting at token `i`, with a second calendar's name after `/`, `-` or in
/// brackets when there is one.
pub(crate) fn month_at(tokens: &[Token<'_>], i: usize) -> Option<Month> {
    let mut month = single(tokens, i)?;
    let Some(separator) = tokens.get(month.end) else {
        return Some(month);
    };
    let bracket = separator.is_punct('(');
    if !(separator.is_punct('/') || separator.is_punct('-') || bracket || separator.is_punct('\\'))
    {
        return Some(month);
    }
    let Some(second) = single(tokens, month.end + 1) else {
        return Some(month);
    };
    let mut end = second.end;
    let mut end_byte = second.end_byte;
    if bracket {
        match tokens.get(end) {
            Some(close) if close.is_punct(')') => {
                end += 1;
                end_byte = close.end;
            }
            _ => return Some(month),
        }
    }
    month.end = end;
    month.end_byte = end_byte;
    month.combined = true;
    month.ambiguous = month.ambiguous && second.ambiguous;
    month.abbreviation = month.abbreviation && second.abbreviation;
    Some(month)
}

pub(crate) use crate::value::days_in_month;
