//! YAML front matter at the top of an article: where it ends and what it says.
//!
//! Front matter is recognised only when the first line of the file is `---` (trailing spaces
//! and tabs allowed) and a later line is `---` again. Everything between is parsed as a YAML
//! mapping; `source`, `url`, `published` and `language` are read and every other key (`title`,
//! `author`, … — scrapers add many) is ignored. Nothing here is fatal: scraped articles are
//! messy and one bad header must not stop a whole report, so every problem becomes a warning
//! naming `file:line` and the field concerned is left unset.

use std::path::Path;

use super::line_index::LineIndex;
use crate::value::{PartialDate, days_in_month};

/// The largest front matter read, in bytes, counted from the start of the file to the
/// closing `---`.
///
/// Real front matter is a few lines. When no closing `---` appears within this many bytes,
/// the `---` on line 1 is far more likely a Markdown rule than a header, so the whole file
/// is read as article text (with a warning) and nothing is hidden from the search.
pub const MAX_FRONT_MATTER_BYTES: usize = 64 * 1024;

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

/// Finds and reads the front matter of `text`, whose lines `index` holds.
///
/// `display` is the path warnings name.
pub(crate) fn parse(text: &str, index: &LineIndex, display: &Path) -> FrontMatter {
    let mut front = FrontMatter::default();
    if !is_fence(line_content(text, index, 1)) {
        return front;
    }
    let Some(closing_line) = find_closing_fence(text, index) else {
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
    let yaml_start = index.line_start(2).unwrap_or(text.len());
    let yaml_end = index.line_start(closing_line).unwrap_or(text.len());
    front.body_start = index.line_start(closing_line + 1).unwrap_or(text.len());
    let yaml = text.get(yaml_start..yaml_end).unwrap_or_default();
    read_fields(&mut front, yaml, text, index, closing_line, display);
    front
}

/// The text of 1-based line `line` without its line break ("" past the end).
fn line_content<'t>(text: &'t str, index: &LineIndex, line: usize) -> &'t str {
    let Some(start) = index.line_start(line) else {
        return "";
    };
    let end = index.line_start(line + 1).unwrap_or(text.len());
    let with_break = text.get(start..end).unwrap_or_default();
    let without_newline = with_break.strip_suffix('\n').unwrap_or(with_break);
    without_newline
        .strip_suffix('\r')
        .unwrap_or(without_newline)
}

/// A `---` line, trailing blanks allowed (editors and scrapers leave them).
fn is_fence(line: &str) -> bool {
    line.trim_end_matches([' ', '\t']) == "---"
}

/// The 1-based line of the `---` closing the front matter opened on line 1, if that line
/// starts within the first [`MAX_FRONT_MATTER_BYTES`] bytes.
fn find_closing_fence(text: &str, index: &LineIndex) -> Option<usize> {
    (2..=index.line_count())
        .take_while(|&line| {
            index
                .line_start(line)
                .is_some_and(|start| start <= MAX_FRONT_MATTER_BYTES)
        })
        .find(|&line| is_fence(line_content(text, index, line)))
}

/// Parses the YAML between the fences and fills the known fields of `front`.
fn read_fields(
    front: &mut FrontMatter,
    yaml: &str,
    text: &str,
    index: &LineIndex,
    closing_line: usize,
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
    let key_line = |key: &str| find_key_line(text, index, closing_line, key);
    let mut text_field = |key: &str| -> Option<String> {
        let value = mapping.get(key)?;
        match scalar_text(value) {
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
/// is written in a form this simple scan does not see, such as a flow mapping).
fn find_key_line(text: &str, index: &LineIndex, closing_line: usize, key: &str) -> usize {
    (2..closing_line)
        .find(|&line| {
            let content = line_content(text, index, line);
            content
                .strip_prefix(key)
                .is_some_and(|rest| rest.trim_start_matches([' ', '\t']).starts_with(':'))
        })
        .unwrap_or(1)
}

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
    use super::*;

    fn date(year: i32, month: Option<u8>, day: Option<u8>) -> PartialDate {
        PartialDate {
            year: Some(year),
            month,
            day,
        }
    }

    fn parse_text(text: &str) -> FrontMatter {
        parse(text, &LineIndex::new(text), Path::new("corpus/a.txt"))
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
