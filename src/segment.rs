//! Segmentation: sentences, clauses and words of normalised text.
//!
//! A claim's value is read from the same clause (or sentence) as its anchor, so where a
//! segment ends decides which figure belongs to which statement (docs/design.md, "The pipeline", step 2):
//!
//! - a **sentence** ends at `. ! ? ؟ ؛`, at a blank line, before a Markdown heading or list
//!   item, after a heading, and at a line break that does not wrap a paragraph (below);
//! - a **clause** also ends at `، , ;`;
//! - a separator inside a number never splits: `5,000,000`, `1.5`, and (after normalisation)
//!   `٥٬٠٠٠٬٠٠٠` and `١٫٥`; neither does a dot inside a word or address (`bbc.com`), nor the
//!   dot of an abbreviation (`U.S.`, `Mr.`, `J. Smith`), nor the comma of an English date
//!   (`June 19, 2024`).
//!
//!
//! **Line breaks.** Articles come one paragraph a line, or hard-wrapped at some width, or as
//! Markdown. A single line break inside a paragraph is a space; the question is only which
//! breaks are inside one. A break wraps a paragraph when neither line is blank, the next line
//! starts no heading or list item (`# `, `- `, `* `, `+ `, `• `, `1. `, `1) `, `1- `) and the line is
//! no heading, and either
//!
//! - the line looks filled to a width: it has at least [`MIN_WRAPPED_CHARS`] characters, and
//!   the next line's first word would have made it longer than the next line (a writer or
//!   tool that wraps at a width moves a word down only when it does not fit; a headline or a
//!   dateline above a longer paragraph is shorter than that), or
//! - the next line is indented and continues a list item (`- item …⏎  … more`).
//!
//! The decision reads the two lines around the break and nothing else, so a stretch of text
//! between two breaks known to end sentences segments alone as inside the whole text (the
//! fast scan relies on it). For example, in
//!
//! ```text
//! Russia received nearly 5 million rounds of artillery
//! shells from North Korea, officials said.
//! ```
//!
//! the break is a space: one sentence, two clauses.
//!
//! All ranges are byte ranges of the text given, which is normalised text in the pipeline.

use std::ops::Range;

/// A sentence and the clauses it is made of.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Sentence {
    /// The sentence, without the separator that ends it and without surrounding white space.
    pub range: Range<usize>,
    /// Its clauses, in order, each trimmed the same way; never empty for a non-empty sentence.
    pub clauses: Vec<Range<usize>>,
}

/// Splits `text` into sentences and clauses. Empty segments (two separators in a row, blank
/// lines) are dropped.
pub fn sentences(text: &str) -> Vec<Sentence> {
    let mut sentences = Vec::new();
    let mut clauses = Vec::new();
    let mut sentence_start = 0;
    let mut clause_start = 0;

    let mut line_start = 0;
    for (at, c) in text.char_indices() {
        let next = at + c.len_utf8();
        let separator = match c {
            '\n' | '\r' => {
                let this_line = line_start..at;
                // `\r\n` is one break, decided at the `\n` (the line excludes the `\r`).
                if c == '\r' && text.as_bytes().get(next) == Some(&b'\n') {
                    Separator::None
                } else if text[sentence_start..at].trim_end().is_empty()
                    || !wraps(text, this_line, next)
                {
                    line_start = next;
                    Separator::Sentence
                } else {
                    line_start = next;
                    Separator::None
                }
            }
            _ => separator_at(text, at, c),
        };
        match separator {
            Separator::None => {}
            Separator::Clause => {
                push_trimmed(text, clause_start..at, &mut clauses);
                clause_start = next;
            }
            Separator::Sentence => {
                push_trimmed(text, clause_start..at, &mut clauses);
                finish_sentence(text, sentence_start..at, &mut clauses, &mut sentences);
                sentence_start = next;
                clause_start = next;
            }
        }
    }
    push_trimmed(text, clause_start..text.len(), &mut clauses);
    finish_sentence(
        text,
        sentence_start..text.len(),
        &mut clauses,
        &mut sentences,
    );
    sentences
}

/// The words of `text` within `range`: runs of letters, digits and marks, keeping number
/// punctuation that sits between two digits (`5,000,000`, `1.5`) and an apostrophe between two
/// letters (`Putin's`) inside the word.
pub fn words(text: &str, range: Range<usize>) -> Vec<Range<usize>> {
    let Some(slice) = text.get(range.clone()) else {
        return Vec::new();
    };
    let mut words = Vec::new();
    let mut start: Option<usize> = None;
    let chars: Vec<(usize, char)> = slice.char_indices().collect();
    for (i, &(at, c)) in chars.iter().enumerate() {
        let previous = i.checked_sub(1).and_then(|p| chars.get(p)).map(|&(_, c)| c);
        let next = chars.get(i + 1).map(|&(_, c)| c);
        let inside = is_word_char(c) || (start.is_some() && joins_word(previous, c, next));
        match (inside, start) {
            (true, None) => start = Some(at),
            (false, Some(s)) => {
                words.push(range.start + s..range.start + at);
                start = None;
            }
            _ => {}
        }
    }
    if let Some(s) = start {
        words.push(range.start + s..range.end);
    }
    words
}

/// A character that is always part of a word: a letter, a digit or a combining mark.
/// Word-internal punctuation (`5,000`, `Putin's`) is decided by its neighbours instead.
pub fn is_word_char(c: char) -> bool {
    if c.is_ascii() {
        return c.is_ascii_alphanumeric();
    }
    // The Unicode property lookups are slow outside Latin; the blocks most text is written in
    // come from a table of their own results.
    let code = u32::from(c) as usize;
    if let Some(&bits) = word_char_table().get(code / 64) {
        return bits & (1u64 << (code % 64)) != 0;
    }
    is_word_char_slow(c)
}

fn is_word_char_slow(c: char) -> bool {
    c.is_alphanumeric() || unicode_normalization::char::is_combining_mark(c)
}

/// [`is_word_char_slow`] for U+0000..U+0800 (Latin to Arabic Supplement), one bit each.
fn word_char_table() -> &'static [u64; 32] {
    static TABLE: std::sync::OnceLock<[u64; 32]> = std::sync::OnceLock::new();
    TABLE.get_or_init(|| {
        let mut table = [0u64; 32];
        for (index, bits) in table.iter_mut().enumerate() {
            for bit in 0..64 {
                let code = (index * 64 + bit) as u32;
                if char::from_u32(code).is_some_and(is_word_char_slow) {
                    *bits |= 1 << bit;
                }
            }
        }
        table
    })
}

/// Punctuation that belongs inside a word: a digit separator between digits, an apostrophe
/// between letters.
fn joins_word(previous: Option<char>, c: char, next: Option<char>) -> bool {
    let (Some(p), Some(n)) = (previous, next) else {
        return false;
    };
    match c {
        '.' | ',' => p.is_ascii_digit() && n.is_ascii_digit(),
        '\'' | '’' => p.is_alphabetic() && n.is_alphabetic(),
        _ => false,
    }
}

/// A line this long or longer may be a line of a paragraph wrapped at a width; shorter lines
/// (headlines, datelines, bylines, menu entries) end their sentence. Text is hard-wrapped at
/// 60 to 100 columns; a wrapped line is shorter than its width only by the word moved down.
pub const MIN_WRAPPED_CHARS: usize = 30;

/// Whether the line break ending `line` (a range of `text`, without the break), followed by
/// the line starting at `next_start`, wraps a paragraph (see the module documentation).
fn wraps(text: &str, line: Range<usize>, next_start: usize) -> bool {
    let bytes = text.as_bytes();
    let next_end = bytes
        .get(next_start..)
        .and_then(|rest| memchr::memchr2(b'\n', b'\r', rest))
        .map_or(text.len(), |at| next_start + at);
    let (Some(this), Some(next)) = (text.get(line), text.get(next_start..next_end)) else {
        return false;
    };
    let this = this.trim_end();
    let next = next.trim_end();
    let next_body = next.trim_start();
    if this.trim_start().is_empty() || next_body.is_empty() {
        return false;
    }
    if opens_block(next_body) || is_heading(this.trim_start()) || is_rule(next_body) {
        return false;
    }
    let indented = next.len() > next_body.len();
    if indented && (is_list_item(this.trim_start()) || this.starts_with([' ', '\t'])) {
        return true;
    }
    let this_chars = this.chars().count();
    if this_chars < MIN_WRAPPED_CHARS {
        return false;
    }
    let first_word = next_body
        .split(char::is_whitespace)
        .next()
        .unwrap_or(next_body);
    this_chars + 1 + first_word.chars().count() > next.chars().count()
}

/// Whether the line break character at byte `at` of `text` (`\n`, or `\r`) is a space in
/// a wrapped paragraph rather than the end of a line of its own: the `\r` of `\r\n`, and a
/// break that wraps a paragraph (see the module documentation). The tokenizer reads numbers and dates across such a break.
pub fn soft_line_break(text: &str, at: usize) -> bool {
    let bytes = text.as_bytes();
    match bytes.get(at) {
        Some(b'\r') if bytes.get(at + 1) == Some(&b'\n') => true,
        Some(b'\n' | b'\r') => {
            let before = bytes.get(..at).unwrap_or_default();
            let before = before.strip_suffix(b"\r").unwrap_or(before);
            let line_start = memchr::memrchr2(b'\n', b'\r', before).map_or(0, |p| p + 1);
            wraps(text, line_start..at, at + 1)
        }
        _ => false,
    }
}

/// A line that starts a block of its own: a Markdown heading or list item.
fn opens_block(line: &str) -> bool {
    is_heading(line) || is_list_item(line)
}

/// `# Title` … `###### Title`.
fn is_heading(line: &str) -> bool {
    let hashes = line.bytes().take_while(|&b| b == b'#').count();
    (1..=6).contains(&hashes) && line[hashes..].starts_with([' ', '\t'])
}

/// `- item`, `* item`, `+ item`, `• item`, `1. item`, `12) item`, `3- item`.
fn is_list_item(line: &str) -> bool {
    if let Some(rest) = line.strip_prefix(['-', '*', '+', '•', '·', '–']) {
        return rest.starts_with([' ', '\t']);
    }
    let digits = line.bytes().take_while(u8::is_ascii_digit).count();
    (1..=3).contains(&digits)
        && line[digits..]
            .strip_prefix(['.', ')', '-'])
            .is_some_and(|rest| rest.starts_with([' ', '\t']))
}

/// A line of `=`, `-`, `*` or `_` only: a Setext underline or a thematic break.
fn is_rule(line: &str) -> bool {
    let first = line.chars().next();
    line.len() >= 3
        && matches!(first, Some('=' | '-' | '*' | '_'))
        && line.chars().all(|x| Some(x) == first || x == ' ')
}

enum Separator {
    None,
    Clause,
    Sentence,
}

fn separator_at(text: &str, at: usize, c: char) -> Separator {
    match c {
        '!' | '?' | '؟' | '؛' | '\u{2029}' | '\u{2028}' => Separator::Sentence,
        '.' if ends_sentence(text, at) => Separator::Sentence,
        '،' | ';' => Separator::Clause,
        ',' if !between_digits(text, at, c) && !in_english_date(text, at) => Separator::Clause,
        _ => Separator::None,
    }
}

fn between_digits(text: &str, at: usize, c: char) -> bool {
    let before = text[..at].chars().next_back();
    let after = text[at + c.len_utf8()..].chars().next();
    before.is_some_and(|b| b.is_ascii_digit()) && after.is_some_and(|a| a.is_ascii_digit())
}

/// Whether the comma at `at` is the one of an English date, `June 19, 2024`: one or two
/// digits before it (after a space), a four-digit number after it.
fn in_english_date(text: &str, at: usize) -> bool {
    let before = &text[..at];
    let day_digits = before.bytes().rev().take_while(u8::is_ascii_digit).count();
    let before_day = before[..before.len() - day_digits].chars().next_back();
    let after = text[at + 1..].trim_start_matches(' ');
    let year_digits = after.bytes().take_while(u8::is_ascii_digit).count();
    (1..=2).contains(&day_digits) && before_day.is_some_and(char::is_whitespace) && year_digits == 4
}

/// Words after which a dot abbreviates rather than ends a sentence (lower-case: the text is
/// normalised).
const ABBREVIATIONS: &[&str] = &[
    "mr", "mrs", "ms", "dr", "prof", "gen", "sen", "rep", "gov", "st", "jr", "sr", "vs", "etc",
    "inc", "ltd", "co", "corp", "no", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep",
    "sept", "oct", "nov", "dec", "e.g", "i.e", "approx", "col", "lt", "capt",
];

/// How many characters before a dot [`ends_sentence`] reads: more than the longest entry of
/// [`ABBREVIATIONS`].
const ABBREVIATION_LOOK_BACK: usize = 8;

fn ends_sentence(text: &str, at: usize) -> bool {
    let after = text[at + 1..].chars().next();
    // A dot followed by a letter or digit is inside something: `1.5`, `bbc.com`, `U.S.A`.
    if after.is_some_and(|a| a.is_alphanumeric()) {
        return false;
    }
    let before_text = &text[..at];
    // Only the last few characters can make an abbreviation (the longest is `approx`), so the
    // look back is bounded: scanning a whole run of dots for every dot in it (`.....`, a
    // scraped separator line) would make segmentation quadratic. A word cut to the bound is
    // longer than every abbreviation, so it is still no abbreviation.
    let mut word_start = at;
    for (i, c) in before_text
        .char_indices()
        .rev()
        .take(ABBREVIATION_LOOK_BACK)
    {
        if !(c.is_alphanumeric() || c == '.') {
            break;
        }
        word_start = i;
    }
    let word = &before_text[word_start..];
    // `U.S.` and `J. Smith`: one Latin letter before the dot; `Mr.`: a known abbreviation.
    let last_part = word.rsplit('.').next().unwrap_or(word);
    let mut letters = last_part.chars();
    let single_latin_letter =
        letters.next().is_some_and(|c| c.is_ascii_alphabetic()) && letters.next().is_none();
    let known = ABBREVIATIONS
        .iter()
        .any(|abbreviation| abbreviation.eq_ignore_ascii_case(word));
    !(single_latin_letter || known)
}

fn push_trimmed(text: &str, range: Range<usize>, into: &mut Vec<Range<usize>>) {
    let trimmed = trim(text, range);
    if !trimmed.is_empty() {
        into.push(trimmed);
    }
}

fn finish_sentence(
    text: &str,
    range: Range<usize>,
    clauses: &mut Vec<Range<usize>>,
    sentences: &mut Vec<Sentence>,
) {
    let range = trim(text, range);
    // A sentence of separators and spaces only (`. ، .`) has no clause and is no sentence.
    if range.is_empty() || clauses.is_empty() {
        clauses.clear();
        return;
    }
    sentences.push(Sentence {
        range,
        clauses: std::mem::take(clauses),
    });
}

fn trim(text: &str, range: Range<usize>) -> Range<usize> {
    let slice = &text[range.clone()];
    let start = range.start + (slice.len() - slice.trim_start().len());
    let end = range.end - (slice.len() - slice.trim_end().len());
    start..end.max(start)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::normalize::normalize;

    #[test]
    fn word_character_table_agrees_with_the_properties() {
        for code in 0..0x3000u32 {
            if let Some(c) = char::from_u32(code) {
                assert_eq!(is_word_char(c), is_word_char_slow(c), "U+{code:04X}");
            }
        }
        assert!(is_word_char('ق') && is_word_char('\u{064E}') && is_word_char('٥'));
        assert!(!is_word_char(',') && !is_word_char('،') && !is_word_char('\u{200F}'));
    }

    fn texts(text: &str) -> Vec<Vec<&str>> {
        sentences(text)
            .iter()
            .map(|s| s.clauses.iter().map(|c| &text[c.clone()]).collect())
            .collect()
    }

    #[test]
    fn splits_arabic_sentences_and_clauses() {
        let text = "قال بوتين إن الزيارة مهمة، وأضاف أنها تاريخية. وردّ كيم؟ نعم؛ لا\n\nسطر جديد";
        assert_eq!(
            texts(text),
            vec![
                vec!["قال بوتين إن الزيارة مهمة", "وأضاف أنها تاريخية"],
                vec!["وردّ كيم"],
                vec!["نعم"],
                vec!["لا"],
                vec!["سطر جديد"],
            ]
        );
    }

    #[test]
    fn never_splits_inside_a_number() {
        let n = normalize("زودت روسيا بـ٥٬٠٠٠٬٠٠٠ قذيفة، أي ١٫٥ مليون.");
        assert_eq!(
            texts(&n.text),
            vec![vec!["زودت روسيا ب5,000,000 قذيفه", "اي 1.5 مليون"]]
        );
        assert_eq!(
            texts("It cost 5,000,000 dollars, or 1.5 million."),
            vec![vec!["It cost 5,000,000 dollars", "or 1.5 million"]]
        );
        assert_eq!(
            texts("They met on June 19, 2024, in Pyongyang, then 3, 4 left."),
            vec![vec![
                "They met on June 19, 2024",
                "in Pyongyang",
                "then 3",
                "4 left"
            ]]
        );
    }

    #[test]
    fn keeps_abbreviations_and_addresses_whole() {
        assert_eq!(
            texts("U.S. officials met Mr. Smith at bbc.com today. Then they left."),
            vec![
                vec!["U.S. officials met Mr. Smith at bbc.com today"],
                vec!["Then they left"]
            ]
        );
    }

    #[test]
    fn the_abbreviation_look_back_is_longer_than_every_abbreviation() {
        assert!(
            ABBREVIATIONS
                .iter()
                .all(|a| a.chars().count() < ABBREVIATION_LOOK_BACK)
        );
        // A long word ending like an abbreviation is not one.
        assert_eq!(
            texts("the kingdom. Then"),
            vec![vec!["the kingdom"], vec!["Then"]]
        );
        assert_eq!(
            texts("abcdefghijkno. Then"),
            vec![vec!["abcdefghijkno"], vec!["Then"]]
        );
    }

    #[test]
    fn a_long_run_of_dots_is_segmented_in_linear_time() {
        // 200,000 dots took 14 s (release) when every dot looked back over the whole run;
        // now this test takes milliseconds, and a quadratic regression makes it crawl.
        let text = format!("قذائف {} مدفعية", ".".repeat(200_000));
        let found = sentences(&text);
        assert_eq!(found.len(), 2);
        assert_eq!(&text[found[1].range.clone()], "مدفعية");
    }

    #[test]
    fn carriage_returns_and_blank_lines() {
        assert_eq!(
            texts("a\r\n\r\nb\rc"),
            vec![vec!["a"], vec!["b"], vec!["c"]]
        );
        assert!(sentences("").is_empty());
        assert!(sentences(" . ، \n").is_empty());
    }

    #[test]
    fn a_line_break_inside_a_wrapped_paragraph_is_a_space() {
        let text = "North Korea says it will never give up its weapons, said Leif-Eric Easley, a professor at\nEwha Womans University in Seoul. Russia received rounds of artillery\nshells.";
        assert_eq!(
            texts(text),
            vec![
                vec![
                    "North Korea says it will never give up its weapons",
                    "said Leif-Eric Easley",
                    "a professor at\nEwha Womans University in Seoul"
                ],
                vec!["Russia received rounds of artillery\nshells"],
            ]
        );
        let arabic =
            "وذكرت التقارير أن روسيا تلقت ما يقرب من 5 ملايين\nقذيفة مدفعية من كوريا الشمالية.";
        assert_eq!(
            texts(arabic),
            vec![vec![
                "وذكرت التقارير أن روسيا تلقت ما يقرب من 5 ملايين\nقذيفة مدفعية من كوريا الشمالية"
            ]]
        );
        // The same with CRLF line endings.
        let crlf = arabic.replace('\n', "\r\n");
        assert_eq!(sentences(&crlf).len(), 1);
    }

    #[test]
    fn headlines_datelines_and_blank_lines_end_sentences() {
        // A short line; a line the next line's first word would have fitted on (the next line
        // is longer: one paragraph a line); a blank line.
        let text = "Putin visits Pyongyang\nPublished: 19 June 2024 at 10:00 GMT by our staff\nRussian President Vladimir Putin arrived in Pyongyang early on Wednesday for a visit\n\nKim greeted him";
        assert_eq!(
            texts(text),
            vec![
                vec!["Putin visits Pyongyang"],
                vec!["Published: 19 June 2024 at 10:00 GMT by our staff"],
                vec![
                    "Russian President Vladimir Putin arrived in Pyongyang early on Wednesday for a visit"
                ],
                vec!["Kim greeted him"],
            ]
        );
    }

    #[test]
    fn markdown_headings_and_list_items_wrapped_over_two_lines() {
        let text = "## Shipments\nNorth Korea sent:\n- nearly 5 million rounds\n  of artillery shells\n- missiles\n1. first point\n   continued\n2) second\n3- third\nTitle\n=====\nbody";
        assert_eq!(
            texts(text),
            vec![
                vec!["## Shipments"],
                vec!["North Korea sent:"],
                vec!["- nearly 5 million rounds\n  of artillery shells"],
                vec!["- missiles"],
                // The dot after a number ends a sentence, as it did before.
                vec!["1"],
                vec!["first point\n   continued"],
                vec!["2) second"],
                vec!["3- third"],
                vec!["Title"],
                vec!["====="],
                vec!["body"],
            ]
        );
    }

    #[test]
    fn soft_line_breaks_are_those_the_segmenter_joins() {
        let text = "Russia received nearly 5 million rounds of artillery\nshells\n\nend";
        let first = text.find('\n').unwrap_or_default();
        assert!(soft_line_break(text, first));
        assert!(!soft_line_break(text, first + "\nshells".len()));
        assert!(!soft_line_break(text, 0));
        let crlf = "a\r\nb";
        assert!(soft_line_break(crlf, 1));
        assert!(!soft_line_break(crlf, 2));
        assert!(!soft_line_break(crlf, 99));
    }

    #[test]
    fn words_keep_numbers_and_apostrophes() {
        let text = "Putin's visit: 5,000,000 shells, 1.5 million; كوفيد-19 الـ70";
        let n = normalize(text);
        let w: Vec<&str> = words(&n.text, 0..n.text.len())
            .into_iter()
            .map(|r| &n.text[r])
            .collect();
        assert_eq!(
            w,
            [
                "putin's",
                "visit",
                "5,000,000",
                "shells",
                "1.5",
                "million",
                "كوفيد",
                "19",
                "ال70"
            ]
        );
    }

    #[test]
    fn words_inside_a_range() {
        let text = "أكثر من مليون قذيفة";
        let start = text.find("مليون").unwrap();
        let w = words(text, start..text.len());
        assert_eq!(w.len(), 2);
        assert_eq!(&text[w[0].clone()], "مليون");
        // A range that does not fall on character boundaries has no words rather than panicking.
        assert!(words(text, 1..3).is_empty());
    }
}
