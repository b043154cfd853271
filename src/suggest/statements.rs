//! Statements: every value an article states, with what it counts and what its sentence is
//! about.
//!
//! An article is folded ([`crate::normalize`]) and segmented ([`crate::segment`]) as the scan
//! does it, and every clause's values are read by the extractor ([`crate::extract`]) — the
//! same clause window a claim reads by default. Each value becomes a [`Statement`]:
//!
//! - its **kind**: a quantity; a year (also the year of a date: `تموز/يوليو 2000` states the
//!   year 2000, as a year claim reads it); a date stated at least to the month;
//! - its **counted noun** (quantities): the first content word after the number, past at most
//!   two stop words — `5 ملايين قذيفة` counts `قذيفة`, `100 of the people` counts `people`;
//! - its **context**: the stems ([`super::words`]) of the content words of its sentence
//!   nearest the value, at most [`CONTEXT_WORDS`] of them, as 32-bit terms.
//!
//! Statements hold no text, only terms and the offset of the value in the folded body, so
//! memory grows by a few dozen bytes a value, not by the corpus; the few articles whose
//! statements become suggestions are read again for their wording ([`super::anchors`]).

use super::words::{is_content, stem, term};
use crate::corpus::Article;
use crate::extract::extract_all;
use crate::normalize::normalize;
use crate::segment::{sentences, words};
use crate::value::{Kind, Qualifier, Value};
use std::collections::HashSet;
use std::ops::Range;

/// How many content words of the sentence, nearest the value, make a statement's context.
pub const CONTEXT_WORDS: usize = 16;

/// One value stated in one article.
#[derive(Debug, Clone, PartialEq)]
pub struct Statement {
    /// The article's index in the corpus walk (sorted by path).
    pub article: u32,
    /// The kind a claim would read it as.
    pub kind: Kind,
    /// The value.
    pub value: Value,
    /// Its qualifier (quantities).
    pub qualifier: Option<Qualifier>,
    /// The term of the counted noun; 0 when there is none (and for years and dates).
    pub noun: u32,
    /// Byte offset of the value in the folded body, to find it again.
    pub at: u32,
    /// The context terms, sorted, without repeats.
    pub terms: Box<[u32]>,
}

/// What one article gives: its statements and the set of its content terms (for document
/// frequencies).
#[derive(Debug, Default)]
pub struct ArticleStatements {
    /// Statements in text order.
    pub statements: Vec<Statement>,
    /// Every content term of the article, once.
    pub terms: Vec<u32>,
}

/// A folded word of a sentence: its range, and its term when it is a content word.
struct Word {
    range: Range<usize>,
    content: Option<u32>,
}

/// Reads the statements of one article (`index` is its place in the walk). `kinds` limits the
/// kinds kept (empty: all).
pub fn read(article: &Article, index: u32, kinds: &[Kind]) -> ArticleStatements {
    let normalized = normalize(article.body());
    let folded = normalized.text.as_str();
    let mut out = ArticleStatements::default();
    let mut article_terms: HashSet<u32> = HashSet::new();
    let wanted = |kind: Kind| kinds.is_empty() || kinds.contains(&kind);
    // Values are read in the clauses a claim reads (a line break ends one); what they are
    // about is read across single line breaks, so a hard-wrapped sentence keeps its words.
    let clauses: Vec<Range<usize>> = sentences(folded)
        .into_iter()
        .flat_map(|s| s.clauses)
        .collect();
    let joined = join_wrapped_lines(folded);
    let mut next_clause = 0;
    for sentence in sentences(&joined) {
        let sentence_words: Vec<Word> = words(&joined, sentence.range.clone())
            .into_iter()
            .map(|range| {
                let text = joined.get(range.clone()).unwrap_or_default();
                let content = is_content(text).then(|| term(&stem(text)));
                Word { range, content }
            })
            .collect();
        article_terms.extend(sentence_words.iter().filter_map(|w| w.content));
        while let Some(clause) = clauses.get(next_clause) {
            if clause.start >= sentence.range.end {
                break;
            }
            next_clause += 1;
            for extraction in extract_all(folded, clause.clone()) {
                let span = extraction.span.clone();
                let terms = context(&sentence_words, &span);
                let at = u32::try_from(span.start).unwrap_or(u32::MAX);
                let mut push = |kind: Kind, value: Value, noun: u32| {
                    if wanted(kind) {
                        out.statements.push(Statement {
                            article: index,
                            kind,
                            value,
                            qualifier: extraction.qualifier,
                            noun,
                            at,
                            terms: terms.clone(),
                        });
                    }
                };
                match &extraction.value {
                    Value::Quantity(_) | Value::Range(..) => {
                        let clause_end = sentence
                            .clauses
                            .iter()
                            .find(|c| c.start <= span.start && span.start < c.end)
                            .map_or(clause.end, |c| c.end);
                        let noun = counted_noun(&joined, &sentence_words, clause_end, &span);
                        push(Kind::Quantity, extraction.value.clone(), noun);
                    }
                    Value::Year(_) => push(Kind::Year, extraction.value.clone(), 0),
                    Value::Date(date) => {
                        if let Some(year) = date.year {
                            push(Kind::Year, Value::Year(year), 0);
                        }
                        if date.month.is_some() && date.year.is_some() {
                            push(Kind::Date, extraction.value.clone(), 0);
                        }
                    }
                    Value::Choice(_) => {}
                }
            }
        }
    }
    out.terms = article_terms.into_iter().collect();
    out.terms.sort_unstable();
    out
}

/// The terms of the content words of the sentence nearest `span` (outside it), at most
/// [`CONTEXT_WORDS`], sorted and without repeats.
fn context(sentence_words: &[Word], span: &Range<usize>) -> Box<[u32]> {
    let first_after = sentence_words.partition_point(|w| w.range.start < span.end);
    let last_before = sentence_words.partition_point(|w| w.range.end <= span.start);
    let before = sentence_words.get(..last_before).unwrap_or_default();
    let after = sentence_words.get(first_after..).unwrap_or_default();
    let mut left = before.iter().rev().filter_map(|w| w.content).peekable();
    let mut right = after.iter().filter_map(|w| w.content).peekable();
    let mut terms: Vec<u32> = Vec::with_capacity(CONTEXT_WORDS);
    // Alternate sides, nearest first, so a value at a sentence end still gets its words.
    while terms.len() < CONTEXT_WORDS && (left.peek().is_some() || right.peek().is_some()) {
        if let Some(t) = right.next() {
            terms.push(t);
        }
        if terms.len() < CONTEXT_WORDS
            && let Some(t) = left.next()
        {
            terms.push(t);
        }
    }
    terms.sort_unstable();
    terms.dedup();
    terms.into_boxed_slice()
}

/// `text` with every single line break (one not beside another) made a space: the same
/// length, so offsets stay valid, but a hard-wrapped paragraph reads as its sentences.
fn join_wrapped_lines(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = bytes.to_vec();
    for (i, byte) in out.iter_mut().enumerate() {
        if *byte == b'\n'
            && i.checked_sub(1).and_then(|p| bytes.get(p)) != Some(&b'\n')
            && bytes.get(i + 1) != Some(&b'\n')
        {
            *byte = b' ';
        }
    }
    // Only an ASCII byte was replaced by another, so the text is still UTF-8.
    String::from_utf8(out).unwrap_or_else(|_| text.to_string())
}

/// Words a counted noun may follow (`100 of the people`, `مليون من الجنود`).
const BEFORE_NOUN: &[&str] = &["of", "the", "من"];

/// The term of the noun a quantity counts: the first content word after it in its clause,
/// past at most two of [`BEFORE_NOUN`]; `dollar`, `pound` or `euro` after `$`, `£`, `€`; 0
/// when there is none.
fn counted_noun(
    text: &str,
    sentence_words: &[Word],
    clause_end: usize,
    span: &Range<usize>,
) -> u32 {
    let currency = text
        .get(..span.start)
        .and_then(|before| before.trim_end().chars().next_back());
    match currency {
        Some('$') => return term(&stem("dollar")),
        Some('£') => return term(&stem("pound")),
        Some('€') => return term(&stem("euro")),
        _ => {}
    }
    let first_after = sentence_words.partition_point(|w| w.range.start < span.end);
    for (skipped, word) in sentence_words.iter().skip(first_after).enumerate() {
        if word.range.start >= clause_end {
            break;
        }
        if let Some(t) = word.content {
            return t;
        }
        let text = text.get(word.range.clone()).unwrap_or_default();
        if !BEFORE_NOUN.contains(&text) || skipped == 2 {
            break;
        }
    }
    0
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::PathBuf;

    fn article(text: &str) -> Article {
        Article::from_text(PathBuf::from("a.txt"), PathBuf::from("a.txt"), text.into())
    }

    #[test]
    fn a_quantity_knows_the_noun_it_counts() {
        let read = read(
            &article("وافقت على توريد ما يقرب من 5 ملايين قذيفة مدفعية."),
            0,
            &[],
        );
        assert_eq!(read.statements.len(), 1);
        let shells = &read.statements[0];
        assert_eq!(shells.value, Value::Quantity(5_000_000.0));
        assert_eq!(shells.noun, term(&stem("قذيفه")));
        assert!(shells.terms.contains(&term(&stem("مدفعيه"))));
        let english = read_one("Gunmen killed 100 of the people in the village.");
        assert_eq!(english.noun, term(&stem("people")));
        // A currency sign names what is counted; a verb after the figure is not its noun.
        let cost = read_one("The project will cost $2 billion and is expected to finish.");
        assert_eq!(cost.noun, term(&stem("dollar")));
        assert_eq!(read_one("Prices rose by 5 and fell again.").noun, 0);
    }

    fn read_one(text: &str) -> Statement {
        let mut statements = read(&article(text), 0, &[]).statements;
        assert_eq!(statements.len(), 1, "{text}");
        statements.remove(0)
    }

    #[test]
    fn a_date_states_its_year_too() {
        let read = read(
            &article("زار بوتين كوريا الشمالية في تموز/يوليو 2000 لعقد اجتماع."),
            3,
            &[],
        );
        let kinds: Vec<Kind> = read.statements.iter().map(|s| s.kind).collect();
        assert_eq!(kinds, [Kind::Year, Kind::Date]);
        assert_eq!(read.statements[0].value, Value::Year(2000));
        assert_eq!(read.statements[0].article, 3);
        assert_eq!(read.statements[0].noun, 0);
    }

    #[test]
    fn a_hard_wrapped_sentence_keeps_its_words_and_noun() {
        let wrapped = read_one(
            "The quake struck the hill villages before dawn, killing 120\npeople in Taldor province.",
        );
        let whole = read_one(
            "The quake struck the hill villages before dawn, killing 120 people in Taldor province.",
        );
        assert_eq!(wrapped.terms, whole.terms);
        assert_eq!(wrapped.noun, term(&stem("people")));
    }

    #[test]
    fn kinds_can_be_limited() {
        let read = read(
            &article("In 2019 the army fired 300 shells."),
            0,
            &[Kind::Quantity],
        );
        assert_eq!(read.statements.len(), 1);
        assert_eq!(read.statements[0].value, Value::Quantity(300.0));
    }
}
