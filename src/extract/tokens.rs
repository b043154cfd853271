//! Tokens of normalised text, and the Arabic proclitics a token may carry.
//!
//! The extractors read a clause as a sequence of tokens: runs of letters (words), runs of ASCII
//! digits, single punctuation characters and line breaks. White space only separates tokens,
//! but whether two tokens touch matters (`5,000` is one number, `5, 000` is not; `كوفيد-19`
//! is a name, `19` alone is a number), so every token keeps its byte range and
//! [`glued`] tells whether it touches the token before it.

use std::collections::HashMap;
use std::ops::Range;
use std::sync::LazyLock;

/// What a token is made of.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum TokenKind {
    /// Letters (any script) with their combining marks.
    Word,
    /// ASCII digits `0-9` (normalisation has turned every other digit script into these).
    Digits,
    /// One character that is neither a letter, a digit nor white space.
    Punct,
    /// A line break that ends a line of its own (not one wrapping a paragraph,
    /// [`crate::segment::soft_line_break`]): numbers and dates never continue across one.
    Break,
}

/// One token with its byte range in the normalised text.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Token<'a> {
    /// What the token is made of.
    pub kind: TokenKind,
    /// The token's text.
    pub text: &'a str,
    /// Byte offset of the first byte in the normalised text.
    pub start: usize,
    /// Byte offset after the last byte in the normalised text.
    pub end: usize,
}

impl Token<'_> {
    /// Whether the token is a word.
    pub fn is_word(&self) -> bool {
        self.kind == TokenKind::Word
    }

    /// Whether the token is the punctuation character `c`.
    pub fn is_punct(&self, c: char) -> bool {
        self.kind == TokenKind::Punct && self.text.starts_with(c) && self.text.len() == c.len_utf8()
    }

    /// Whether the token is a word written in Latin letters (English rules apply to it).
    pub fn is_latin(&self) -> bool {
        self.kind == TokenKind::Word && self.text.starts_with(|c: char| c.is_ascii_alphabetic())
    }
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum CharClass {
    Letter,
    Digit,
    Space,
    Break,
    Other,
}

fn class_of(c: char) -> CharClass {
    // The Unicode property lookups are slow outside ASCII (the tokenizer reads every window
    // holding an anchor); Latin to Arabic Supplement come from a table of their results.
    static TABLE: std::sync::OnceLock<[CharClass; 0x800]> = std::sync::OnceLock::new();
    let table = TABLE.get_or_init(|| {
        std::array::from_fn(|code| {
            char::from_u32(code as u32).map_or(CharClass::Other, class_of_slow)
        })
    });
    match table.get(c as usize) {
        Some(&class) => class,
        None => class_of_slow(c),
    }
}

fn class_of_slow(c: char) -> CharClass {
    if c.is_ascii_digit() {
        CharClass::Digit
    } else if c.is_alphabetic() || unicode_normalization::char::is_combining_mark(c) {
        CharClass::Letter
    } else if matches!(c, '\n' | '\r' | '\u{2028}' | '\u{2029}' | '\u{85}') {
        CharClass::Break
    } else if c.is_whitespace() {
        CharClass::Space
    } else {
        CharClass::Other
    }
}

/// Splits `text[range]` into tokens. A range that is out of bounds or not on character
/// boundaries gives no tokens (never a panic).
pub(crate) fn tokenize(text: &str, range: Range<usize>) -> Vec<Token<'_>> {
    let base = range.start;
    let Some(slice) = text.get(range) else {
        return Vec::new();
    };
    let mut tokens = Vec::new();
    let mut chars = slice.char_indices().peekable();
    while let Some((offset, c)) = chars.next() {
        let class = class_of(c);
        let mut end = offset + c.len_utf8();
        let kind = match class {
            CharClass::Space => continue,
            // A line break inside a wrapped paragraph is a space (`5⏎ملايين` is one number).
            CharClass::Break if crate::segment::soft_line_break(text, base + offset) => continue,
            CharClass::Break => TokenKind::Break,
            CharClass::Other => TokenKind::Punct,
            CharClass::Letter | CharClass::Digit => {
                while let Some(&(next_offset, next)) = chars.peek() {
                    if class_of(next) != class {
                        break;
                    }
                    end = next_offset + next.len_utf8();
                    chars.next();
                }
                if class == CharClass::Letter {
                    TokenKind::Word
                } else {
                    TokenKind::Digits
                }
            }
        };
        tokens.push(Token {
            kind,
            text: &slice[offset..end],
            start: base + offset,
            end: base + end,
        });
    }
    tokens
}

/// Whether token `i` touches the token before it (no white space between them).
pub(crate) fn glued(tokens: &[Token<'_>], i: usize) -> bool {
    match (i.checked_sub(1).and_then(|p| tokens.get(p)), tokens.get(i)) {
        (Some(previous), Some(token)) => previous.end == token.start,
        _ => false,
    }
}

/// The Arabic proclitics found at the start of a word.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(crate) struct Clitics {
    /// A conjunction `و` or `ف` ("and", "so").
    pub conjunction: bool,
    /// A preposition `ب`, `ل` or `ك` ("with", "for", "like").
    pub preposition: bool,
    /// The definite article `ال` (written `لل` after `ل`).
    pub article: bool,
    /// Length in bytes of all the proclitics.
    pub len: usize,
    /// Length in bytes of the proclitics before the article (all of them when there is no
    /// article): a quoted value leaves out `و`/`ب` but keeps `ال` (`الستة`, `الـ70`).
    pub before_article: usize,
}

impl Clitics {
    /// How many bytes of the word a quoted span leaves out at its start.
    pub fn span_skip(&self) -> usize {
        self.before_article
    }
}

/// Every combination of proclitics: an optional conjunction (`و`, `ف`), an optional
/// preposition (`ب`, `ل`, `ك`) and an optional article (`ال`, written `لل` after `ل`), shortest
/// first.
static PREFIXES: LazyLock<Vec<(String, Clitics)>> = LazyLock::new(|| {
    let mut prefixes = Vec::new();
    for conjunction in ["", "و", "ف"] {
        for preposition in ["", "ب", "ل", "ك"] {
            for article in [false, true] {
                let (prefix, before_article) = match (preposition, article) {
                    ("ل", true) => (format!("{conjunction}لل"), conjunction.len()),
                    (_, true) => (
                        format!("{conjunction}{preposition}ال"),
                        conjunction.len() + preposition.len(),
                    ),
                    (_, false) => {
                        let prefix = format!("{conjunction}{preposition}");
                        let len = prefix.len();
                        (prefix, len)
                    }
                };
                if prefix.is_empty() {
                    continue;
                }
                let clitics = Clitics {
                    conjunction: !conjunction.is_empty(),
                    preposition: !preposition.is_empty(),
                    article,
                    len: prefix.len(),
                    before_article,
                };
                prefixes.push((prefix, clitics));
            }
        }
    }
    prefixes.sort_by_key(|(prefix, _)| prefix.len());
    prefixes
});

/// Every way to read `word` as proclitics + stem, fewest proclitic bytes first. Latin words
/// have no proclitics; so does a word that would be left empty.
pub(crate) fn clitic_splits(word: &str) -> Vec<(Clitics, &str)> {
    let mut splits = vec![(Clitics::default(), word)];
    if word.starts_with(|c: char| c.is_ascii()) {
        return splits;
    }
    for (prefix, clitics) in PREFIXES.iter() {
        if let Some(stem) = word.strip_prefix(prefix.as_str())
            && !stem.is_empty()
        {
            splits.push((*clitics, stem));
        }
    }
    splits
}

/// Looks `word` up in `table`, allowing Arabic proclitics; the reading with the fewest
/// proclitics wins (`الف` is "thousand", not `ال` + `ف`).
pub(crate) fn lookup<'t, T>(word: &str, table: &'t HashMap<String, T>) -> Option<(Clitics, &'t T)> {
    if let Some(entry) = table.get(word) {
        return Some((Clitics::default(), entry));
    }
    if word.starts_with(|c: char| c.is_ascii()) {
        return None;
    }
    PREFIXES.iter().find_map(|(prefix, clitics)| {
        let stem = word.strip_prefix(prefix.as_str())?;
        table.get(stem).map(|entry| (*clitics, entry))
    })
}

/// Whether `word` consists of proclitics only (`و`, `ب`, `ال`, `بال`, `لل` …): the letters that
/// may touch a number written in digits (`الـ70`, `و2020`, `ب5`).
pub(crate) fn is_proclitic_only(word: &str) -> bool {
    PREFIXES.iter().any(|(prefix, _)| prefix == word)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_keep_offsets_and_glue() {
        let text = "عربي21 و 5,000.";
        let tokens = tokenize(text, 0..text.len());
        let kinds: Vec<_> = tokens.iter().map(|t| (t.kind, t.text)).collect();
        assert_eq!(
            kinds,
            vec![
                (TokenKind::Word, "عربي"),
                (TokenKind::Digits, "21"),
                (TokenKind::Word, "و"),
                (TokenKind::Digits, "5"),
                (TokenKind::Punct, ","),
                (TokenKind::Digits, "000"),
                (TokenKind::Punct, "."),
            ]
        );
        assert!(glued(&tokens, 1));
        assert!(!glued(&tokens, 2));
        assert!(glued(&tokens, 5));
        assert!(tokens.iter().all(|t| &text[t.start..t.end] == t.text));
    }

    #[test]
    fn the_class_table_agrees_with_the_unicode_properties() {
        for c in (0..0x3_0000).filter_map(char::from_u32) {
            assert!(class_of(c) == class_of_slow(c), "{c:?}");
        }
        assert!(class_of('ب') == CharClass::Letter);
        assert!(class_of('\u{064E}') == CharClass::Letter);
        assert!(class_of('٣') == CharClass::Other);
        assert!(class_of('\u{2028}') == CharClass::Break);
    }

    #[test]
    fn bad_ranges_give_no_tokens() {
        let text = "ثلاثة";
        assert!(tokenize(text, 1..4).is_empty());
        assert!(tokenize(text, 0..100).is_empty());
    }

    #[test]
    fn proclitics_are_split_fewest_first() {
        let splits: Vec<_> = clitic_splits("والف").into_iter().map(|(_, s)| s).collect();
        assert_eq!(splits.first(), Some(&"والف"));
        assert!(splits.contains(&"الف"));
        assert!(
            clitic_splits("للعام")
                .iter()
                .any(|(c, s)| *s == "عام" && c.article)
        );
        assert!(is_proclitic_only("ال"));
        assert!(is_proclitic_only("وال"));
        assert!(!is_proclitic_only("عربي"));
    }
}
