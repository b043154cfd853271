//! Quantities: a number phrase ([`super::numbers::parse`]) with its qualifier
//! ([`super::qualifier`]) and a percent sign or `في المئة` after it.

use super::fold;
use super::numbers::{Context, parse, word_atom};
use super::qualifier;
use super::tokens::{Token, TokenKind};
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
        let Some(phrase) = parse(tokens, i, &context) else {
            i += 1;
            continue;
        };
        let mut end = phrase.end;
        let mut end_byte = phrase.end_byte;
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
                    (found.qualifier, phrase.start_byte)
                }
                None => (Qualifier::Exact, phrase.start_byte),
            },
        };
        hits.push(QuantityHit {
            value: phrase.value,
            qualifier,
            start_byte,
            end_byte,
        });
        i = end.max(i + 1);
    }
    hits
}
