//! Quantities: a number phrase ([`super::numbers::parse`]) with its qualifier
//! ([`super::qualifier`]) and a percent sign or `في المئة` after it.

use super::fold;
use super::numbers::{Atom, Context, Parsed, RightGlue, parse, right_glue, word_atom};
use super::qualifier;
use super::tokens::{Token, TokenKind, glued};
use crate::value::Qualifier;
use std::sync::LazyLock;

/// A quantity found in the tokens.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct QuantityHit {
    /// The number (the low end of a range).
    pub value: f64,
    /// The high end, for a range (`qualifier` is then `Range`).
    pub high: Option<f64>,
    /// Index of the first token of the number (its sign included), or of the range's
    /// opening word.
    pub first: usize,
    /// Index of the token after the number, its percent sign or its qualifier.
    pub end: usize,
    /// The scale word or suffix that ends the number (`7 آلاف`, `20k`), if one does.
    pub scale: Option<f64>,
    /// How it is qualified (`Exact` when nothing qualifies it).
    pub qualifier: Qualifier,
    /// Byte offset where the qualifier or the number starts.
    pub start_byte: usize,
    /// Byte offset where the number, its percent sign or a qualifier after it ends.
    pub end_byte: usize,
}

/// `المئة`, `المائة` after `في`, and `بالمئة`, in folded spelling.
static PERCENT_WORDS: LazyLock<(Vec<String>, Vec<String>)> = LazyLock::new(|| {
    (
        ["المئة", "المائة", "المية"]
            .iter()
            .map(|w| fold(w))
            .collect(),
        ["بالمئة", "بالمائة", "بالمية"]
            .iter()
            .map(|w| fold(w))
            .collect(),
    )
});

/// The token after a percent sign or percent words that follow a number ending before `end`.
fn percent_end(tokens: &[Token<'_>], end: usize) -> Option<usize> {
    let word = |k: usize| tokens.get(k).filter(|t| t.is_word()).map(|t| t.text);
    let (after_fi, joined) = &*PERCENT_WORDS;
    if tokens.get(end).is_some_and(|t| t.is_punct('%')) {
        return Some(end + 1);
    }
    match word(end) {
        Some("في") if word(end + 1).is_some_and(|w| after_fi.iter().any(|p| p == w)) => {
            Some(end + 2)
        }
        Some(w) if joined.iter().any(|p| p == w) => Some(end + 1),
        Some("percent") => Some(end + 1),
        Some("per") if word(end + 1) == Some("cent") => Some(end + 2),
        _ => None,
    }
}

/// Finds every quantity in the tokens; `blocked` marks tokens of dates, years, clock times
/// and page numbers, which are never part of one.
pub(crate) fn find(tokens: &[Token<'_>], blocked: &[bool]) -> Vec<QuantityHit> {
    let mut hits = Vec::new();
    let mut i = 0;
    while i < tokens.len() {
        let candidate = tokens
            .get(i)
            .is_some_and(|t| matches!(t.kind, TokenKind::Word | TokenKind::Digits));
        if !candidate || blocked.get(i).copied().unwrap_or(false) {
            i += 1;
            continue;
        }
        // Only a token that can start a number can have a qualifier before it.
        let starts_number = tokens.get(i).is_some_and(|t| t.kind == TokenKind::Digits)
            || word_atom(tokens, i).is_some();
        if !starts_number {
            i += 1;
            continue;
        }
        let before = qualifier::before(tokens, i, blocked);
        let context = Context {
            blocked,
            qualified: before.is_some(),
        };
        let phrase = match parse(tokens, i, &context) {
            Some(Parsed::Number(phrase)) => phrase,
            Some(Parsed::Unsure { end, .. }) => {
                i = end.max(i + 1);
                continue;
            }
            None => {
                i += 1;
                continue;
            }
        };
        let mut value = phrase.value;
        let mut first = phrase.first;
        let scale = trailing_scale(tokens, phrase.first, phrase.end);
        let mut phrase_start = phrase.start_byte;
        if let Some(sign_byte) = sign_before(tokens, phrase.first) {
            value = -value;
            phrase_start = sign_byte;
            first = first.saturating_sub(1);
        } else if dash_or_sign(tokens, phrase.first, phrase.end) {
            i = phrase.end.max(i + 1);
            continue;
        }
        let mut end = phrase.end;
        let mut end_byte = phrase.end_byte;
        // forty-five (45), خمسة (5): the number repeated in brackets is one value.
        if let Some((after, byte)) = repeated_in_brackets(tokens, end, value, blocked) {
            end = after;
            end_byte = byte;
        }
        if let Some(after_percent) = percent_end(tokens, end) {
            end = after_percent;
            end_byte = tokens.get(end - 1).map_or(end_byte, |t| t.end);
        }
        let (qualifier, start_byte) = match before {
            Some(found) => (found.qualifier, found.byte),
            None => match qualifier::after(tokens, end, blocked) {
                Some(found) => {
                    end = found.end;
                    end_byte = found.byte;
                    (found.qualifier, phrase_start)
                }
                None => (Qualifier::Exact, phrase_start),
            },
        };
        hits.push(QuantityHit {
            value,
            high: None,
            first,
            end,
            scale,
            qualifier,
            start_byte,
            end_byte,
        });
        i = end.max(i + 1);
    }
    ranges(tokens, hits)
}

/// The value of the scale word or suffix that ends the number in tokens `first..end`.
fn trailing_scale(tokens: &[Token<'_>], first: usize, end: usize) -> Option<f64> {
    let last = end.checked_sub(1)?;
    if last > first
        && tokens
            .get(last - 1)
            .is_some_and(|t| t.kind == TokenKind::Digits)
        && let RightGlue::Scale(value) = right_glue(tokens, last)
    {
        return Some(value);
    }
    match word_atom(tokens, last) {
        Some((
            _,
            Atom::Scale {
                value, time: false, ..
            },
        )) if last > first => Some(value),
        _ => None,
    }
}

/// Words before a `from X to Y` that make it a change (`rose from 5 to 7`), not a range.
static CHANGE_WORDS: LazyLock<Vec<String>> = LazyLock::new(|| {
    [
        "rose",
        "risen",
        "rise",
        "rising",
        "fell",
        "fallen",
        "fall",
        "falling",
        "increased",
        "increase",
        "decreased",
        "decrease",
        "dropped",
        "drop",
        "climbed",
        "jumped",
        "grew",
        "grown",
        "declined",
        "raised",
        "lowered",
        "reduced",
        "cut",
        "revised",
        "up",
        "down",
        "changed",
        "moved",
        "went",
        "ارتفع",
        "ارتفعت",
        "ارتفاع",
        "يرتفع",
        "ترتفع",
        "انخفض",
        "انخفضت",
        "انخفاض",
        "تراجع",
        "تراجعت",
        "زاد",
        "زادت",
        "زيادة",
        "قفز",
        "قفزت",
        "صعد",
        "صعدت",
        "هبط",
        "هبطت",
        "تقلص",
        "تقلصت",
        "رفع",
        "رفعت",
        "خفض",
        "خفضت",
        "تضاعف",
        "نما",
        "ارتفاعه",
        "عدد",
        "بلغ",
        "وصل",
    ]
    .iter()
    .map(|w| fold(w))
    .collect()
});

/// How a range opens and joins its ends.
#[derive(Clone, Copy, PartialEq)]
enum RangeForm {
    /// بين X و Y, between X and Y.
    Between,
    /// من X إلى Y, from X to Y.
    FromTo,
    /// X-Y, X–Y.
    Dash,
}

/// Joins two exact numbers that state one range into one hit with qualifier `Range`:
/// `بين 5 و7 آلاف`, `من 10 إلى 20 ألفا`, `between 10 and 20`, `from 3 to 5 thousand`,
/// `1,000-1,500`, `5k-20k`. A scale word after the high end only is shared by the low end
/// (`5 و7 آلاف` is 5,000–7,000) when that keeps the low end below the high one. Not a range:
/// a change (`rose from 5 to 7`), ends out of order (`3-1`, a score), a qualified end.
fn ranges(tokens: &[Token<'_>], hits: Vec<QuantityHit>) -> Vec<QuantityHit> {
    let mut out: Vec<QuantityHit> = Vec::with_capacity(hits.len());
    let mut iter = hits.into_iter().peekable();
    while let Some(low) = iter.next() {
        let Some(high) = iter.peek().copied() else {
            out.push(low);
            break;
        };
        match range_of(tokens, &low, &high) {
            Some(range) => {
                out.push(range);
                iter.next();
            }
            None => out.push(low),
        }
    }
    out
}

fn range_of(tokens: &[Token<'_>], low: &QuantityHit, high: &QuantityHit) -> Option<QuantityHit> {
    if low.qualifier != Qualifier::Exact || high.qualifier != Qualifier::Exact {
        return None;
    }
    let word = |k: usize| tokens.get(k).filter(|t| t.is_word()).map(|t| t.text);
    let opener = low.first.checked_sub(1);
    let opening = opener.and_then(word);
    let between = high.first.checked_sub(low.end)?;
    let joiner: Vec<&Token<'_>> = tokens.get(low.end..high.first)?.iter().collect();
    let joined_by = |words: &[&str]| {
        (between == 1 && joiner.first().is_some_and(|t| words.contains(&t.text)))
            // و glued to the high end: بين 5 و7
            || (between == 1
                && joiner.first().is_some_and(|t| t.text == "و")
                && glued(tokens, high.first))
    };
    let form = if matches!(opening, Some("between" | "بين")) && joined_by(&["and", "و"]) {
        RangeForm::Between
    } else if opening.is_some_and(|w| w == "from" || w == "من")
        && joined_by(&["to", fold("إلى").as_str(), "الى"])
    {
        RangeForm::FromTo
    } else if between == 1
        && joiner
            .first()
            .is_some_and(|t| t.is_punct('-') || t.is_punct('–'))
        && glued(tokens, low.end)
        && glued(tokens, high.first)
        && low.value >= 0.0
    {
        RangeForm::Dash
    } else {
        return None;
    };
    if form == RangeForm::FromTo {
        // rose from 5 to 7: a change. Look two words back (`rose sharply from`).
        // rose from, rose sharply from, ارتفع عدد القتلى من
        let changed = (1..=3)
            .filter_map(|back| opener.and_then(|o| o.checked_sub(back)))
            .filter_map(word)
            .any(|w| {
                super::tokens::clitic_splits(w)
                    .iter()
                    .any(|(_, s)| CHANGE_WORDS.iter().any(|c| c == s))
            });
        if changed {
            return None;
        }
    }
    let mut low_value = low.value;
    if low.scale.is_none()
        && let Some(scale) = high.scale
        && low_value * scale < high.value
    {
        low_value *= scale;
    }
    if !low_value.is_finite() || !high.value.is_finite() || low_value >= high.value {
        return None;
    }
    let (first, start_byte) = match form {
        RangeForm::Dash => (low.first, low.start_byte),
        _ => {
            let o = opener?;
            (o, tokens.get(o)?.start)
        }
    };
    Some(QuantityHit {
        value: low_value,
        high: Some(high.value),
        first,
        end: high.end,
        scale: high.scale,
        qualifier: Qualifier::Range,
        start_byte,
        end_byte: high.end_byte,
    })
}

/// Words that make the number after them negative.
const SIGN_WORDS: [&str; 3] = ["minus", "negative", "سالب"];

/// The byte where a minus sign before the phrase starting at token `first` starts: `-` or
/// `−` (U+2212) against the number and not joining it to a word or number before
/// (`كوفيد-19`, `2014-2016`), or `minus`, `negative`, `سالب` right before it (not after a
/// number: `10 minus 3` is a sum).
fn sign_before(tokens: &[Token<'_>], first: usize) -> Option<usize> {
    let previous = tokens.get(first.checked_sub(1)?)?;
    if previous.is_punct('-') || previous.is_punct('\u{2212}') {
        // Only digits take a written sign (`-ألفا` is a hyphen before a word).
        let digits = tokens
            .get(first)
            .is_some_and(|t| t.kind == TokenKind::Digits || t.is_punct('.'));
        if !glued(tokens, first) || !digits {
            return None;
        }
        let joined = glued(tokens, first - 1)
            && first
                .checked_sub(2)
                .and_then(|q| tokens.get(q))
                .is_some_and(|t| matches!(t.kind, TokenKind::Word | TokenKind::Digits));
        return (!joined).then_some(previous.start);
    }
    if previous.is_word() && SIGN_WORDS.contains(&previous.text) {
        let after_number = first
            .checked_sub(2)
            .and_then(|q| tokens.get(q))
            .is_some_and(|t| t.kind == TokenKind::Digits || word_atom(tokens, first - 2).is_some());
        return (!after_number).then_some(previous.start);
    }
    None
}

/// Whether the number in tokens `first..end` is all of its line after a spaced hyphen
/// (`- 1,200,000`): a list dash or a minus sign, so no value.
fn dash_or_sign(tokens: &[Token<'_>], first: usize, end: usize) -> bool {
    let line_edge = |t: Option<&Token<'_>>| t.is_none_or(|t| t.kind == TokenKind::Break);
    let Some(dash) = first.checked_sub(1) else {
        return false;
    };
    let after = percent_end(tokens, end).unwrap_or(end);
    tokens.get(dash).is_some_and(|t| t.is_punct('-'))
        && !glued(tokens, first)
        && line_edge(dash.checked_sub(1).and_then(|q| tokens.get(q)))
        && line_edge(tokens.get(after))
}

/// `(45)` right after a number worth `value` that ends before `end`: the token after the
/// closing bracket and its end byte.
fn repeated_in_brackets(
    tokens: &[Token<'_>],
    end: usize,
    value: f64,
    blocked: &[bool],
) -> Option<(usize, usize)> {
    if !tokens.get(end)?.is_punct('(') {
        return None;
    }
    let context = Context {
        blocked,
        qualified: false,
    };
    let Some(Parsed::Number(inner)) = parse(tokens, end + 1, &context) else {
        return None;
    };
    let close = tokens.get(inner.end)?;
    (close.is_punct(')') && inner.value == value).then_some((inner.end + 1, close.end))
}
