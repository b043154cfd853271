//! Quantities: a number phrase ([`super::numbers::parse`]) with its qualifier
//! ([`super::qualifier`]) and a percent sign or `في المئة` after it.

use super::fold;
use super::numbers::{Context, Parsed, parse, word_atom};
use super::qualifier;
use super::tokens::{Token, TokenKind, glued};
use crate::value::Qualifier;
use std::sync::LazyLock;

/// A quantity found in the tokens.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct QuantityHit {
    /// The number.
    pub value: f64,
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
        let mut phrase_start = phrase.start_byte;
        if let Some(sign_byte) = sign_before(tokens, phrase.first) {
            value = -value;
            phrase_start = sign_byte;
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
            qualifier,
            start_byte,
            end_byte,
        });
        i = end.max(i + 1);
    }
    hits
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
