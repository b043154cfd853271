//! YAML front matter at the top of an article: where it ends and what it says.
//!
//! Front matter is recognised only when the first line of the file is `---` (trailing spaces
//! and tabs allowed) and a later line is `---` again. Everything between is parsed as a YAML
//! mapping; `source`, `url`, `published` and `language` are read and every other key (`title`,
//! `author`, … — scrapers add many) is ignored. Nothing here is fatal: scraped articles are
//! messy and one bad header must not stop a whole report, so every problem becomes a warning
//! naming `file:line` and the field concerned is left unset.

use std::path::Path;

use crate::value::{PartialDate, days_in_month};

/// The largest front matter read, in bytes, counted from the start of the file to the
/// closing `---`.
///
/// Real front matter is a few lines. When no closing `---` appears within this many bytes,
/// the `---` on line 1 is far more likely a Markdown rule than a header, so the whole file
/// is read as article text (with a warning) and nothing is hidden from the search.
pub const MAX_FRONT_MATTER_BYTES: usize = crate::limits::MAX_FRONT_MATTER_BYTES;

/// What the front matter of one article says, and where its searchable body begins.
#[derive(Debug, Clone, Default, PartialEq)]
pub(crate) struct FrontMatter {
    /// `source:`, when present and usable.
    pub(crate) source: Option<String>,
    /// `url:`, when present and usable.
    pub(crate) url: Option<String>,
    /// `published:`, when present and a valid date.
    pub(crate) published: Option<PartialDate>,
    /// `language:`, when present and usable.
    pub(crate) language: Option<String>,
    /// Byte offset where the body starts: after the closing `---` line, or 0.
    pub(crate) body_start: usize,
    /// Problems found, each `file:line: message`.
    pub(crate) warnings: Vec<String>,
}

/// Finds and reads the front matter of `text`.
///
/// `display` is the path warnings name. Only the lines that can belong to front matter are
/// looked at — line 1, and with a fence there, the lines up to the closing fence, starting
/// within the first [`MAX_FRONT_MATTER_BYTES`] — so the cost does not grow with the article.
pub(crate) fn parse(text: &str, display: &Path) -> FrontMatter {
    parse_with(text, display, read_fields)
}

/// How the lines between the fences are read into a [`FrontMatter`].
type FieldReader = fn(&mut FrontMatter, &str, &str, &[Line], &Path);

/// [`parse`], reading the fields with `read_fields`.
fn parse_with(text: &str, display: &Path, read_fields: FieldReader) -> FrontMatter {
    let mut front = FrontMatter::default();
    let mut lines = Lines::new(text);
    // `head[i]` is 1-based line `i + 1`.
    let mut head: Vec<Line> = Vec::new();
    match lines.next() {
        Some(first) if is_fence(first.content(text)) => head.push(first),
        _ => return front,
    }
    let closing_line = lines
        .take_while(|line| line.start <= MAX_FRONT_MATTER_BYTES)
        .find_map(|line| {
            let fence = is_fence(line.content(text));
            head.push(line);
            fence.then_some(head.len())
        });
    let (Some(closing_line), Some(closing)) = (closing_line, head.last()) else {
        let reason = if text.len() > MAX_FRONT_MATTER_BYTES {
            format!("within the first {MAX_FRONT_MATTER_BYTES} bytes")
        } else {
            "anywhere in the file".to_string()
        };
        front.warnings.push(format!(
            "{}:1: line 1 opens front matter with `---` but no closing `---` line follows \
             {reason}; the whole file is read as article text",
            display.display()
        ));
        return front;
    };
    // Line 2 exists: the closing fence is line 2 or later.
    let yaml_start = head.get(1).map_or(text.len(), |line| line.start);
    let yaml_end = closing.start;
    front.body_start = closing.next;
    let yaml = text.get(yaml_start..yaml_end).unwrap_or_default();
    let between = head.get(1..closing_line - 1).unwrap_or_default();
    read_fields(&mut front, yaml, text, between, display);
    front
}

/// One line of a text: where it starts, where its content ends (before the line break) and
/// where the next line starts (the end of the text for the last line).
#[derive(Debug, Clone, Copy)]
struct Line {
    start: usize,
    end: usize,
    next: usize,
}

impl Line {
    /// The line without its line break.
    fn content(self, text: &str) -> &str {
        text.get(self.start..self.end).unwrap_or_default()
    }
}

/// The lines of a text, broken at `\n`, `\r\n` and a lone `\r` as
/// [`LineIndex`](super::LineIndex) breaks them:
/// a text ending in a line break ends with an empty line, and an empty text is one empty
/// line.
struct Lines<'t> {
    text: &'t str,
    /// Where the next line starts; `None` after the last.
    next_start: Option<usize>,
}

impl<'t> Lines<'t> {
    fn new(text: &'t str) -> Lines<'t> {
        Lines {
            text,
            next_start: Some(0),
        }
    }
}

impl Iterator for Lines<'_> {
    type Item = Line;

    fn next(&mut self) -> Option<Line> {
        let start = self.next_start?;
        let bytes = self.text.as_bytes();
        let found = bytes
            .get(start..)
            .and_then(|rest| memchr::memchr2(b'\n', b'\r', rest));
        let Some(found) = found else {
            self.next_start = None;
            return Some(Line {
                start,
                end: bytes.len(),
                next: bytes.len(),
            });
        };
        let end = start + found;
        let crlf = bytes.get(end) == Some(&b'\r') && bytes.get(end + 1) == Some(&b'\n');
        let next = end + if crlf { 2 } else { 1 };
        self.next_start = Some(next);
        Some(Line { start, end, next })
    }
}

/// A `---` line, trailing blanks allowed (editors and scrapers leave them).
fn is_fence(line: &str) -> bool {
    line.trim_end_matches([' ', '\t']) == "---"
}

/// Parses the YAML between the fences and fills the known fields of `front`.
///
/// `between` are the lines from line 2 to the one before the closing fence, to name the line
/// of a field in warnings.
fn read_fields(front: &mut FrontMatter, yaml: &str, text: &str, between: &[Line], display: &Path) {
    // Nearly every article's front matter is a few `key: text` lines; those are read without
    // the YAML parser, which took a tenth of a scan's time. Anything else goes to the parser.
    if let Some(fields) = plain_fields(yaml) {
        let lookup = |key: &str| {
            fields
                .iter()
                .find(|&&(name, _)| name == key)
                .map(|&(_, value)| Some(value.to_owned()))
        };
        fill_fields(front, &lookup, text, between, display);
        return;
    }
    read_fields_as_yaml(front, yaml, text, between, display);
}

/// [`read_fields`] by the YAML parser, whatever the front matter holds.
fn read_fields_as_yaml(
    front: &mut FrontMatter,
    yaml: &str,
    text: &str,
    between: &[Line],
    display: &Path,
) {
    // One leading newline stands in for the opening `---` line, so the YAML parser's line
    // numbers are the file's line numbers.
    let numbered = format!("\n{yaml}");
    let document = match serde_yaml::from_str::<serde_yaml::Value>(&numbered) {
        Ok(document) => document,
        Err(error) => {
            let line = error.location().map_or(1, |location| location.line());
            let message = strip_location(&error);
            front.warnings.push(format!(
                "{}:{line}: front matter is not valid YAML ({message}); its fields are ignored",
                display.display()
            ));
            return;
        }
    };
    let mapping = match document {
        serde_yaml::Value::Mapping(mapping) => mapping,
        // `---` directly followed by `---`, or only comments: no fields, nothing wrong.
        serde_yaml::Value::Null => return,
        _ => {
            front.warnings.push(format!(
                "{}:2: front matter is not a mapping of `key: value` lines; its fields are \
                 ignored",
                display.display()
            ));
            return;
        }
    };
    let lookup = |key: &str| mapping.get(key).map(scalar_text);
    fill_fields(front, &lookup, text, between, display);
}

/// Fills the known fields of `front` from `lookup`, which gives for a key: `None` when it is
/// absent, `Some(None)` when its value is not a single scalar, else the scalar's text.
fn fill_fields(
    front: &mut FrontMatter,
    lookup: &dyn Fn(&str) -> Option<Option<String>>,
    text: &str,
    between: &[Line],
    display: &Path,
) {
    let key_line = |key: &str| find_key_line(text, between, key);
    let mut text_field = |key: &str| -> Option<String> {
        match lookup(key)? {
            Some(found) if !found.trim().is_empty() => Some(found.trim().to_string()),
            Some(_) => {
                front.warnings.push(format!(
                    "{}:{}: front matter `{key}` is empty; it is ignored",
                    display.display(),
                    key_line(key)
                ));
                None
            }
            None => {
                front.warnings.push(format!(
                    "{}:{}: front matter `{key}` must be a single text value, not a list or \
                     mapping; it is ignored",
                    display.display(),
                    key_line(key)
                ));
                None
            }
        }
    };
    front.source = text_field("source");
    front.url = text_field("url");
    front.language = text_field("language");
    let published = text_field("published");
    if let Some(published) = published {
        match parse_published(&published) {
            Ok(date) => front.published = Some(date),
            Err(problem) => front.warnings.push(format!(
                "{}:{}: front matter `published: {published}` is not a date ({problem}); write \
                 YYYY-MM-DD, YYYY-MM or YYYY; it is ignored",
                display.display(),
                key_line("published")
            )),
        }
    }
}

/// Parses `DD/MM/YYYY` (or with `.`), as many sites write dates, when the order is sure: the
/// day is over 12 (`19/06/2024`), the month-first reading is impossible (`06/19/2024`, where
/// no month is 19), or both numbers are the same. `05/06/2024` may be 5 June or 6 May: an
/// error, never a guess.
fn parse_day_month_year(date: &str) -> Result<PartialDate, String> {
    let parts: Vec<&str> = date.split(['/', '.']).collect();
    let [first, second, year] = parts[..] else {
        return Err(format!("`{date}` is not day/month/year; write YYYY-MM-DD"));
    };
    let number = |text: &str| -> Option<u32> {
        (!text.is_empty() && text.len() <= 2 && text.bytes().all(|b| b.is_ascii_digit()))
            .then(|| text.parse().ok())
            .flatten()
    };
    let (Some(a), Some(b)) = (number(first), number(second)) else {
        return Err(format!("`{date}` is not day/month/year; write YYYY-MM-DD"));
    };
    if year.len() != 4 || !year.bytes().all(|b| b.is_ascii_digit()) {
        return Err("the year must be 4 digits".to_string());
    }
    let (day, month) = match (a, b) {
        (a, b) if a == b => (a, b),
        (a, b) if a > 12 && b <= 12 => (a, b),
        (a, b) if b > 12 && a <= 12 => (b, a),
        (a, b) if a <= 12 && b <= 12 => {
            return Err(format!(
                "`{date}` may be day/month or month/day: {year}-{b:02}-{a:02} or {year}-{a:02}-{b:02}"
            ));
        }
        _ => return Err("no month 1-12".to_string()),
    };
    parse_published(&format!("{year}-{month:02}-{day:02}"))
}

/// The `key: value` pairs of front matter made only of blank lines and lines `key: text`
/// that YAML surely reads as a mapping of distinct text keys to text values, in order;
/// `None` for anything else (which the YAML parser then reads).
///
/// "Surely" is kept narrow. A key is ASCII letters, digits, `_` and `-`, starting with a
/// letter, and not a word YAML may read as a boolean, null or number (`yes`, `null`, `nan`
/// …). A value follows `: ` on the same line, has no tab, `#`, quote, bracket or brace, no
/// `: ` inside and no blank or `:` at its end, does not begin with a YAML indicator, and
/// cannot be a number, boolean or null: it holds a character no such word holds (a space, a
/// `/`, an Arabic letter, a letter past `f` other than those of `inf`, `nan`, `null`, `true`,
/// `false`, `yes`, `on`, `off`), or no digit and is none of those words (`ar`), or a sign
/// after its first character that follows no exponent (`2024-06-19`).
fn plain_fields(yaml: &str) -> Option<Vec<(&str, &str)>> {
    let mut fields: Vec<(&str, &str)> = Vec::new();
    for line in yaml.split('\n') {
        if line.is_empty() {
            continue;
        }
        let (key, rest) = line.split_once(':')?;
        let value = rest.strip_prefix(' ')?.trim_start_matches(' ');
        if !plain_key(key) || !plain_value(value) || fields.iter().any(|&(k, _)| k == key) {
            return None;
        }
        fields.push((key, value));
    }
    Some(fields)
}

/// Words YAML may read as something other than text, in any case.
const NOT_TEXT: [&str; 14] = [
    "null", "true", "false", "yes", "no", "on", "off", "y", "n", "inf", "infinity", "nan", "nil",
    "none",
];

fn plain_key(key: &str) -> bool {
    key.starts_with(|c: char| c.is_ascii_alphabetic())
        && key
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-')
        && !NOT_TEXT.iter().any(|word| key.eq_ignore_ascii_case(word))
}

fn plain_value(value: &str) -> bool {
    let Some(first) = value.chars().next() else {
        return false;
    };
    if !first.is_alphanumeric()
        || value.ends_with([' ', ':'])
        || value.contains(": ")
        || value.contains(['\t', '\r', '#', '\'', '"', '[', ']', '{', '}'])
    {
        return false;
    }
    // Characters of numbers (`0x1F`, `-1.5e3`, `.inf`), booleans and nulls.
    let numeric_or_word =
        |c: char| c.is_ascii_digit() || "+-._~abcdefilnorstuxyABCDEFILNORSTUXY".contains(c);
    if value.chars().any(|c| !numeric_or_word(c)) {
        return true;
    }
    // Without a digit, only the words YAML reads otherwise are not text (`ar`, `en` are).
    if !value.bytes().any(|byte| byte.is_ascii_digit()) {
        return !NOT_TEXT.iter().any(|word| value.eq_ignore_ascii_case(word));
    }
    // A sign inside a number only follows an exponent's `e`.
    let bytes = value.as_bytes();
    bytes.iter().enumerate().skip(1).any(|(at, &byte)| {
        matches!(byte, b'+' | b'-') && !matches!(bytes.get(at - 1), Some(b'e' | b'E'))
    })
}

/// The text of a YAML scalar (numbers and booleans as written), `Some("")` for a null
/// (`url:` with nothing after it), `None` for lists, mappings and tagged values.
fn scalar_text(value: &serde_yaml::Value) -> Option<String> {
    match value {
        serde_yaml::Value::Null => Some(String::new()),
        serde_yaml::Value::Bool(flag) => Some(flag.to_string()),
        serde_yaml::Value::Number(number) => Some(number.to_string()),
        serde_yaml::Value::String(string) => Some(string.clone()),
        _ => None,
    }
}

/// The YAML error message without its own ` at line L column C`, which the warning states
/// as `file:line` already.
fn strip_location(error: &serde_yaml::Error) -> String {
    let message = error.to_string();
    match error.location() {
        Some(location) => message.replacen(
            &format!(" at line {} column {}", location.line(), location.column()),
            "",
            1,
        ),
        None => message,
    }
}

/// The line of the front matter where `key:` is written (1, the opening fence, if the key
/// is written in a form this simple scan does not see, such as a flow mapping). `between`
/// starts at line 2.
fn find_key_line(text: &str, between: &[Line], key: &str) -> usize {
    between
        .iter()
        .position(|line| {
            line.content(text)
                .strip_prefix(key)
                .is_some_and(|rest| rest.trim_start_matches([' ', '\t']).starts_with(':'))
        })
        .map_or(1, |index| index + 2)
}

/// The earliest publication year accepted. Earlier years are typing mistakes or placeholders
/// (`0001-01-01`, `0000`), and a date read without its year takes the year from the
/// publication date, which before 1000 would make a year no reader can write back.
pub(crate) const MIN_PUBLISHED_YEAR: i32 = 1000;

/// Parses `YYYY-MM-DD`, `YYYY-MM` or `YYYY`, optionally followed by a time (`T10:00:00Z` or
/// ` 16:23:51`, as scraped metadata often has), which is ignored.
///
/// The error says what is wrong, for the warning.
pub(crate) fn parse_published(value: &str) -> Result<PartialDate, String> {
    let value = value.trim();
    let date = match value.find(['T', ' ']) {
        Some(cut) => {
            let (date, time) = value.split_at(cut);
            let time = time.get(1..).unwrap_or_default().trim_start();
            if !time.starts_with(|c: char| c.is_ascii_digit()) {
                return Err("unexpected text after the date".to_string());
            }
            date
        }
        None => value,
    };
    if date.contains(['/', '.']) {
        return parse_day_month_year(date);
    }
    let mut parts = date.split('-');
    let year = parts.next().unwrap_or_default();
    let month = parts.next();
    let day = parts.next();
    if parts.next().is_some() {
        return Err("too many parts".to_string());
    }
    if year.len() != 4 || !year.bytes().all(|b| b.is_ascii_digit()) {
        return Err("the year must be 4 digits".to_string());
    }
    let year: i32 = year
        .parse()
        .map_err(|_| "the year must be 4 digits".to_string())?;
    if year < MIN_PUBLISHED_YEAR {
        return Err(format!(
            "no year before {MIN_PUBLISHED_YEAR}: a news article is not that old"
        ));
    }
    let month = month
        .map(|month| parse_number(month, 1, 12).ok_or_else(|| "no month 1-12".to_string()))
        .transpose()?;
    let day = match (month, day) {
        (Some(month), Some(day)) => {
            let last = days_in_month(month, Some(year));
            Some(parse_number(day, 1, last).ok_or_else(|| format!("no day 1-{last}"))?)
        }
        _ => None,
    };
    Ok(PartialDate {
        year: Some(year),
        month,
        day,
    })
}

/// A 1- or 2-digit number within `min..=max`.
fn parse_number(digits: &str, min: u8, max: u8) -> Option<u8> {
    if digits.is_empty() || digits.len() > 2 || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    digits
        .parse::<u8>()
        .ok()
        .filter(|number| (min..=max).contains(number))
}

#[cfg(test)]
mod tests {
    use super::super::line_index::LineIndex;
    use super::*;

    fn date(year: i32, month: Option<u8>, day: Option<u8>) -> PartialDate {
        PartialDate {
            year: Some(year),
            month,
            day,
        }
    }

    fn parse_text(text: &str) -> FrontMatter {
        parse(text, Path::new("corpus/a.txt"))
    }

    /// Front matter read with the shortcut for plain lines, and by the YAML parser alone.
    fn both_ways(yaml: &str) -> (FrontMatter, FrontMatter) {
        let text = format!("---\n{yaml}\n---\nالنص\n");
        let path = Path::new("corpus/a.txt");
        (
            parse(&text, path),
            parse_with(&text, path, read_fields_as_yaml),
        )
    }

    #[test]
    fn plain_lines_are_read_without_the_parser_as_the_parser_reads_them() {
        let plain = [
            "source: Cairo Review 4\npublished: 2024-12-27\nlanguage: ar",
            "source: الجزيرة نت\nurl: https://example.com/a?b=1&c=2\npublished: 2024-06",
            "title: Putin visits Pyongyang\n\nauthor: A. Writer\nsource: BBC Arabic",
            "published: 2024-06-19 16:23:51\nlanguage: en",
        ];
        for yaml in plain {
            assert!(plain_fields(yaml).is_some(), "{yaml:?} takes the shortcut");
            let (short, parsed) = both_ways(yaml);
            assert_eq!(short, parsed, "{yaml:?}");
        }
        // Left to the parser: numbers, booleans, nulls, quotes, comments, nesting, lists,
        // duplicate keys, a colon and a space inside a value.
        for yaml in [
            "published: 2024",
            "language: true",
            "source: null",
            "source: yes",
            "source: 1e-5",
            "source: 'Al Jazeera'",
            "source: Al Jazeera # site",
            "source:\n  name: Al Jazeera",
            "source: [a, b]",
            "source: a\nsource: b",
            "source: a: b",
            "null: x",
            "source:",
            " source: indented",
        ] {
            assert!(plain_fields(yaml).is_none(), "{yaml:?} goes to the parser");
            let (short, parsed) = both_ways(yaml);
            assert_eq!(short, parsed, "{yaml:?}");
        }
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(3000))]

        #[test]
        fn any_front_matter_reads_the_same_with_and_without_the_shortcut(
            lines in proptest::collection::vec(
                (
                    proptest::sample::select(&[
                        "source", "url", "published", "language", "title", "Source", "yes",
                        "null", "x-y", "a1", "", " source",
                    ][..]),
                    proptest::sample::select(&[": ", ":", ":  ", " : "][..]),
                    proptest::collection::vec(
                        proptest::sample::select(&[
                            '0', '1', '2', '9', '+', '-', '.', '_', 'e', 'E', 'x', 'o', 'a', 'b',
                            'f', 'i', 'n', 'N', 'l', 's', 't', 'r', 'u', 'y', 'T', 'F', '~', ' ',
                            ':', '#', '/', '\'', '"', '[', '{', ',', '&', '*', '!', '|', '>',
                            '%', '@', '?', 'ا', 'ب', '٣', '\t', 'z',
                        ][..]),
                        0..12,
                    ),
                ),
                0..5,
            )
        ) {
            let yaml: Vec<String> = lines
                .into_iter()
                .map(|(key, colon, value)| {
                    format!("{key}{colon}{}", value.into_iter().collect::<String>())
                })
                .collect();
            let yaml = yaml.join("\n");
            let (short, parsed) = both_ways(&yaml);
            proptest::prop_assert_eq!(short, parsed, "{:?}", yaml);
        }
    }

    #[test]
    fn published_accepts_the_three_precisions_and_a_time() {
        assert_eq!(
            parse_published("2024-06-19"),
            Ok(date(2024, Some(6), Some(19)))
        );
        assert_eq!(parse_published("2023-09"), Ok(date(2023, Some(9), None)));
        assert_eq!(parse_published("2024"), Ok(date(2024, None, None)));
        assert_eq!(
            parse_published("2024-2-9"),
            Ok(date(2024, Some(2), Some(9)))
        );
        assert_eq!(
            parse_published("2023-09-12 16:23:51"),
            Ok(date(2023, Some(9), Some(12)))
        );
        assert_eq!(
            parse_published("2024-01-21T08:00:00Z"),
            Ok(date(2024, Some(1), Some(21)))
        );
    }

    #[test]
    fn published_day_month_year_is_read_when_the_order_is_sure() {
        // The day is over 12, or the month-first reading is impossible, or both are the same.
        for (written, day, month) in [
            ("19/06/2024", 19, 6),
            ("19.06.2024", 19, 6),
            ("6/19/2024", 19, 6),
            ("06/06/2024", 6, 6),
            ("31/12/2023 10:00", 31, 12),
        ] {
            let year = if month == 12 { 2023 } else { 2024 };
            assert_eq!(
                parse_published(written),
                Ok(date(year, Some(month), Some(day))),
                "{written}"
            );
        }
        // Either order possible: an error naming both readings, never a guess.
        assert_eq!(
            parse_published("05/06/2024"),
            Err("`05/06/2024` may be day/month or month/day: 2024-06-05 or 2024-05-06".into())
        );
        assert_eq!(parse_published("31/02/2024"), Err("no day 1-29".into()));
        assert_eq!(parse_published("19/13/2024"), Err("no month 1-12".into()));
        assert_eq!(
            parse_published("19/06/24"),
            Err("the year must be 4 digits".into())
        );
        assert_eq!(
            parse_published("2024/06/19"),
            Err("`2024/06/19` is not day/month/year; write YYYY-MM-DD".into())
        );
        assert_eq!(
            parse_published("19/06"),
            Err("`19/06` is not day/month/year; write YYYY-MM-DD".into())
        );
    }

    #[test]
    fn published_rejects_impossible_dates_with_a_reason() {
        assert_eq!(parse_published("2024-13-01"), Err("no month 1-12".into()));
        assert_eq!(parse_published("2023-02-29"), Err("no day 1-28".into()));
        assert_eq!(
            parse_published("2024-02-29"),
            Ok(date(2024, Some(2), Some(29)))
        );
        assert_eq!(parse_published("1900-02-29"), Err("no day 1-28".into()));
        assert_eq!(
            parse_published("2000-02-29"),
            Ok(date(2000, Some(2), Some(29)))
        );
        assert_eq!(parse_published("2024-04-31"), Err("no day 1-30".into()));
        assert_eq!(
            parse_published("24-06-19"),
            Err("the year must be 4 digits".into())
        );
        assert_eq!(
            parse_published("٢٠٢٤"),
            Err("the year must be 4 digits".into())
        );
        assert_eq!(
            parse_published("June 2024"),
            Err("the year must be 4 digits".into())
        );
        assert_eq!(
            parse_published("2024-06-19 noon"),
            Err("unexpected text after the date".into())
        );
        assert_eq!(
            parse_published("2024-06-19-01"),
            Err("too many parts".into())
        );
        assert_eq!(parse_published("2024-"), Err("no month 1-12".into()));
        assert_eq!(parse_published(""), Err("the year must be 4 digits".into()));
        for early in ["0001-01-01", "0000", "0999-12", "0500-06-19T08:00:00Z"] {
            assert_eq!(
                parse_published(early),
                Err("no year before 1000: a news article is not that old".into()),
                "{early}"
            );
        }
        assert_eq!(parse_published("1000"), Ok(date(1000, None, None)));
    }

    #[test]
    fn fields_are_read_and_unknown_keys_ignored() {
        let front = parse_text(
            "---\nsource: عربي21\ntitle: بوتين يبدي استعداده\nurl: https://arabi21.com/x\n\
             published: 2024-01-21\nlanguage: ar\nauthor: [a, b]\n---\nنص المقال\n",
        );
        assert_eq!(front.source.as_deref(), Some("عربي21"));
        assert_eq!(front.url.as_deref(), Some("https://arabi21.com/x"));
        assert_eq!(front.published, Some(date(2024, Some(1), Some(21))));
        assert_eq!(front.language.as_deref(), Some("ar"));
        assert_eq!(front.warnings, Vec::<String>::new());
        assert_eq!(front.body_start, "---\nsource: عربي21\ntitle: بوتين يبدي استعداده\nurl: https://arabi21.com/x\npublished: 2024-01-21\nlanguage: ar\nauthor: [a, b]\n---\n".len());
    }

    #[test]
    fn a_year_written_as_a_yaml_number_is_a_year() {
        let front = parse_text("---\npublished: 2023\n---\nbody");
        assert_eq!(front.published, Some(date(2023, None, None)));
    }

    #[test]
    fn no_fence_on_line_one_means_no_front_matter() {
        let front = parse_text("نص\n---\nsource: x\n---\n");
        assert_eq!(front, FrontMatter::default());
        let front = parse_text(" ---\nsource: x\n---\n");
        assert_eq!(front.body_start, 0);
    }

    #[test]
    fn empty_front_matter_is_fine() {
        let front = parse_text("---\n---\nbody");
        assert_eq!(front.body_start, 8);
        assert!(front.warnings.is_empty());
        let front = parse_text("---\n# only a comment\n---");
        assert_eq!(front.body_start, "---\n# only a comment\n---".len());
        assert!(front.warnings.is_empty());
    }

    #[test]
    fn fences_may_carry_trailing_blanks_and_any_line_break() {
        let text = "--- \r\nsource: BBC\r---\t\r\nbody";
        let front = parse_text(text);
        assert_eq!(front.source.as_deref(), Some("BBC"));
        assert_eq!(front.body_start, text.find("body").unwrap());
    }

    #[test]
    fn unclosed_front_matter_is_body_with_a_warning() {
        let front = parse_text("---\nsource: x\nنص بلا نهاية\n");
        assert_eq!(front.body_start, 0);
        assert_eq!(front.source, None);
        assert_eq!(
            front.warnings,
            vec![
                "corpus/a.txt:1: line 1 opens front matter with `---` but no closing `---` line \
                 follows anywhere in the file; the whole file is read as article text"
                    .to_string()
            ]
        );
    }

    #[test]
    fn a_closing_fence_past_the_limit_is_not_looked_for() {
        let mut text = "---\n".to_string();
        text.push_str(&"a: b\n".repeat(MAX_FRONT_MATTER_BYTES / 5 + 1));
        text.push_str("---\nbody");
        let front = parse_text(&text);
        assert_eq!(front.body_start, 0);
        assert_eq!(
            front.warnings,
            vec![format!(
                "corpus/a.txt:1: line 1 opens front matter with `---` but no closing `---` line \
                 follows within the first {MAX_FRONT_MATTER_BYTES} bytes; the whole file is \
                 read as article text"
            )]
        );
    }

    #[test]
    fn lines_break_where_the_line_index_breaks_them() {
        for text in [
            "",
            "\n",
            "---",
            "---\r\nsource: BBC\r---\t\r\nbody",
            "a\r\r\nb\n\rc\r",
            "قذائف\nمدفعية\r\n\r\n",
        ] {
            let index = LineIndex::new(text);
            let lines: Vec<Line> = Lines::new(text).collect();
            assert_eq!(lines.len(), index.line_count(), "{text:?}");
            for (number, line) in (1..).zip(&lines) {
                assert_eq!(Some(line.start), index.line_start(text, number), "{text:?}");
                assert_eq!(
                    line.next,
                    index.line_start(text, number + 1).unwrap_or(text.len())
                );
                let with_break = &text[line.start..line.next];
                assert_eq!(
                    line.content(text),
                    with_break.trim_end_matches(['\r', '\n'])
                );
            }
        }
    }

    #[test]
    fn a_closing_fence_at_the_limit_is_found_after_every_kind_of_line_break() {
        // The closing fence starting just before, at and after the limit, after each kind of
        // line break, with blanks after it, and followed by a body.
        for line_break in ["\n", "\r\n", "\r"] {
            for shift in 0..8 {
                for blanks in [0, 5] {
                    let mut text = format!("---{line_break}source: Minbar{line_break}");
                    // A comment line long enough to put the fence at the limit - 3 + shift.
                    let fence_at = MAX_FRONT_MATTER_BYTES - 3 + shift;
                    let comment = fence_at - text.len() - line_break.len() - 1;
                    text.push('#');
                    text.push_str(&"x".repeat(comment));
                    text.push_str(line_break);
                    assert_eq!(text.len(), fence_at);
                    text.push_str("---");
                    text.push_str(&" ".repeat(blanks));
                    text.push_str(line_break);
                    let body_at = text.len();
                    text.push_str(&format!("قذائف مدفعية{line_break}").repeat(100));
                    let front = parse_text(&text);
                    if fence_at <= MAX_FRONT_MATTER_BYTES {
                        assert_eq!(front.source.as_deref(), Some("Minbar"));
                        assert_eq!(front.body_start, body_at);
                        assert!(front.warnings.is_empty());
                    } else {
                        assert_eq!(front.source, None);
                        assert_eq!(front.body_start, 0);
                        assert_eq!(front.warnings.len(), 1);
                    }
                }
            }
        }
    }

    #[test]
    fn malformed_yaml_warns_with_the_file_line_and_skips_the_fields() {
        let front = parse_text("---\nsource: Minbar\npublished: [2023\n---\nbody");
        assert_eq!(front.source, None);
        assert_eq!(
            front.body_start,
            "---\nsource: Minbar\npublished: [2023\n---\n".len()
        );
        assert_eq!(front.warnings.len(), 1);
        let warning = &front.warnings[0];
        assert!(
            warning.starts_with("corpus/a.txt:4: front matter is not valid YAML ("),
            "{warning}"
        );
        assert!(warning.ends_with("); its fields are ignored"), "{warning}");
    }

    #[test]
    fn invalid_published_warns_on_its_own_line_and_keeps_other_fields() {
        let front = parse_text("---\nsource: Minbar\n\npublished: 2023-02-30\n---\nbody");
        assert_eq!(front.source.as_deref(), Some("Minbar"));
        assert_eq!(front.published, None);
        assert_eq!(
            front.warnings,
            vec![
                "corpus/a.txt:4: front matter `published: 2023-02-30` is not a date (no day \
                 1-28); write YYYY-MM-DD, YYYY-MM or YYYY; it is ignored"
                    .to_string()
            ]
        );
    }

    #[test]
    fn lists_mappings_and_empty_values_are_ignored_with_warnings() {
        let front = parse_text("---\nsource: [a, b]\nurl:\nlanguage: ar\n---\n");
        assert_eq!(front.source, None);
        assert_eq!(front.url, None);
        assert_eq!(front.language.as_deref(), Some("ar"));
        assert_eq!(
            front.warnings,
            vec![
                "corpus/a.txt:2: front matter `source` must be a single text value, not a list \
                 or mapping; it is ignored"
                    .to_string(),
                "corpus/a.txt:3: front matter `url` is empty; it is ignored".to_string(),
            ]
        );
    }

    #[test]
    fn a_front_matter_that_is_not_a_mapping_warns() {
        let front = parse_text("---\n- a\n- b\n---\nbody");
        assert_eq!(front.body_start, "---\n- a\n- b\n---\n".len());
        assert_eq!(
            front.warnings,
            vec![
                "corpus/a.txt:2: front matter is not a mapping of `key: value` lines; its \
                 fields are ignored"
                    .to_string()
            ]
        );
    }

    #[test]
    fn an_alias_bomb_is_a_warning_not_a_hang() {
        let mut yaml = String::from("---\na: &a [x, x, x, x, x, x, x, x, x]\n");
        for level in 0..9 {
            let previous = if level == 0 {
                "a".to_string()
            } else {
                format!("l{}", level - 1)
            };
            yaml.push_str(&format!(
                "l{level}: &l{level} [*{previous}, *{previous}, *{previous}, *{previous}, \
                 *{previous}, *{previous}, *{previous}, *{previous}, *{previous}]\n"
            ));
        }
        yaml.push_str("---\nbody");
        let front = parse_text(&yaml);
        assert_eq!(front.warnings.len(), 1, "{:?}", front.warnings);
        assert!(front.warnings[0].contains("front matter is not valid YAML"));
    }
}
