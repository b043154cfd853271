//! Problems in claim files, rendered like a compiler's diagnostics.

use serde::Serialize;
use std::fmt;
use std::path::PathBuf;

/// One problem in a claim file (or with the claims folder itself).
///
/// `line` and `column` are 1-based; `column` counts characters, not bytes, so it is right for
/// Arabic text. Both are `0` when the problem is about a whole folder or file rather than a
/// place in it (a missing folder, an unreadable file).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ClaimError {
    /// The file (or folder) the problem is in, as found under the claims folder.
    pub file: PathBuf,
    /// 1-based line, or 0 for no particular line.
    pub line: usize,
    /// 1-based column in characters, or 0 for no particular column.
    pub column: usize,
    /// What is wrong, in one line.
    pub message: String,
    /// How to fix it, in one line. Every error built by this crate has one.
    pub help: Option<String>,
    /// The text of the offending line, without its line break.
    pub source_line: Option<String>,
    /// How many characters from `column` the caret underlines (at least 1 when shown).
    pub span_len: usize,
}

/// Every problem found while loading claims, in file order, then line, then column.
///
/// Loading never stops at the first problem: all files are read and every claim is checked,
/// so one run of `crosscheck validate` lists everything to fix.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ClaimErrors {
    /// The problems, sorted by file, line and column.
    pub errors: Vec<ClaimError>,
}

impl ClaimErrors {
    /// Wrap problems, sorting them by file, line and column (stable, so problems at one place
    /// keep the order they were found in).
    pub fn new(mut errors: Vec<ClaimError>) -> ClaimErrors {
        errors.sort_by(|a, b| (&a.file, a.line, a.column).cmp(&(&b.file, b.line, b.column)));
        ClaimErrors { errors }
    }

    /// How many problems there are.
    pub fn len(&self) -> usize {
        self.errors.len()
    }

    /// Whether there are none (never true for an `Err` returned by this module).
    pub fn is_empty(&self) -> bool {
        self.errors.is_empty()
    }
}

/// The most characters of a source line shown under a message; longer lines are cut to a
/// window around the column.
const SHOWN_CHARS: usize = 120;

/// Characters shown before the column when a long line is cut.
const CONTEXT_CHARS: usize = 30;

impl fmt::Display for ClaimError {
    /// Renders the problem the way rustc does:
    ///
    /// ```text
    /// error: unknown key `anchor` in claim `artillery-shells`
    ///   --> claims/shells.yaml:7:5
    ///    |
    ///  7 |     anchor: [قذائف مدفعية]
    ///    |     ^^^^^^ did you mean `anchors`?
    /// ```
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(f, "error: {}", self.message)?;
        let number = self.line.to_string();
        let gutter = " ".repeat(number.len() + 1);
        if self.line == 0 {
            write!(f, "{gutter}--> {}", self.file.display())?;
        } else {
            write!(
                f,
                "{gutter}--> {}:{}:{}",
                self.file.display(),
                self.line,
                self.column
            )?;
        }
        match (&self.source_line, self.line) {
            (Some(source), line) if line > 0 => {
                write!(
                    f,
                    "\n{gutter} |\n{number:>width$} | ",
                    width = number.len() + 1
                )?;
                // A very long line (a pasted paragraph, a minified file) is cut to a window
                // around the column, so the message stays readable.
                let chars: Vec<char> = source.chars().collect();
                let column = self.column.saturating_sub(1).min(chars.len());
                let first = if chars.len() <= SHOWN_CHARS {
                    0
                } else {
                    column
                        .saturating_sub(CONTEXT_CHARS)
                        .min(chars.len() - SHOWN_CHARS)
                };
                let last = (first + SHOWN_CHARS).min(chars.len());
                let window = chars.get(first..last).unwrap_or_default();
                let cut_before = if first > 0 { "…" } else { "" };
                let cut_after = if last < chars.len() { "…" } else { "" };
                let shown: String = window
                    .iter()
                    .map(|&c| {
                        if c == '\t' {
                            "    ".to_string()
                        } else {
                            c.to_string()
                        }
                    })
                    .collect();
                write!(f, "{cut_before}{}{cut_after}", shown.trim_end())?;
                let before: usize = cut_before.chars().count()
                    + window
                        .iter()
                        .take(column - first)
                        .copied()
                        .map(display_width)
                        .sum::<usize>();
                let under: usize = window
                    .iter()
                    .skip(column - first)
                    .take(self.span_len.max(1))
                    .copied()
                    .map(display_width)
                    .sum();
                write!(
                    f,
                    "\n{gutter} | {}{}",
                    " ".repeat(before),
                    "^".repeat(under.max(1))
                )?;
                if let Some(help) = &self.help {
                    write!(f, " {help}")?;
                }
            }
            _ => {
                if let Some(help) = &self.help {
                    write!(f, "\n{gutter} = help: {help}")?;
                }
            }
        }
        Ok(())
    }
}

impl fmt::Display for ClaimErrors {
    /// Every problem, a blank line between them, then `error: N problems in claim files`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for error in &self.errors {
            writeln!(f, "{error}\n")?;
        }
        let count = self.errors.len();
        let noun = if count == 1 { "problem" } else { "problems" };
        write!(f, "error: {count} {noun} in claim files")
    }
}

impl std::error::Error for ClaimError {}
impl std::error::Error for ClaimErrors {}

/// How many terminal cells a character takes, for placing the caret: combining marks (Arabic
/// harakat, Latin accents) and invisible format controls take none, a tab is shown as four
/// spaces, everything else one. Wide East Asian characters are rare in claim files and counted
/// as one.
fn display_width(c: char) -> usize {
    match c {
        '\t' => 4,
        '\u{0300}'..='\u{036F}'
        | '\u{0610}'..='\u{061A}'
        | '\u{064B}'..='\u{065F}'
        | '\u{0670}'
        | '\u{06D6}'..='\u{06DC}'
        | '\u{06DF}'..='\u{06E4}'
        | '\u{06E7}'..='\u{06E8}'
        | '\u{06EA}'..='\u{06ED}'
        | '\u{200B}'..='\u{200F}'
        | '\u{202A}'..='\u{202E}'
        | '\u{2066}'..='\u{2069}'
        | '\u{FEFF}' => 0,
        _ => 1,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn error(line: usize, column: usize, source: Option<&str>, span_len: usize) -> ClaimError {
        ClaimError {
            file: PathBuf::from("claims/shells.yaml"),
            line,
            column,
            message: "unknown key `anchor` in claim `artillery-shells`".to_string(),
            help: Some("did you mean `anchors`?".to_string()),
            source_line: source.map(str::to_string),
            span_len,
        }
    }

    #[test]
    fn renders_like_rustc() {
        let rendered = error(7, 5, Some("    anchor: [قذائف مدفعية]"), 6).to_string();
        assert_eq!(
            rendered,
            "error: unknown key `anchor` in claim `artillery-shells`\n  --> claims/shells.yaml:7:5\n   |\n 7 |     anchor: [قذائف مدفعية]\n   |     ^^^^^^ did you mean `anchors`?"
        );
    }

    #[test]
    fn the_gutter_grows_with_the_line_number() {
        let rendered = error(120, 1, Some("anchor: x"), 6).to_string();
        assert_eq!(
            rendered,
            "error: unknown key `anchor` in claim `artillery-shells`\n    --> claims/shells.yaml:120:1\n     |\n 120 | anchor: x\n     | ^^^^^^ did you mean `anchors`?"
        );
    }

    #[test]
    fn carets_skip_arabic_diacritics_and_expand_tabs() {
        // "قَذائف" has a fatha that takes no cell; the caret under "x" must not drift.
        let rendered = error(1, 9, Some("\tقَذائف x"), 1).to_string();
        let last = rendered.lines().last().unwrap_or("");
        assert_eq!(last, "   |           ^ did you mean `anchors`?");
    }

    #[test]
    fn a_long_line_is_cut_to_a_window_around_the_column() {
        let line = format!("    - {}", "قذائف ".repeat(2_000));
        let rendered = error(5, 1_007, Some(&line), 3).to_string();
        let shown: Vec<&str> = rendered.lines().collect();
        let source = shown[3].trim_start_matches(" 5 | ");
        assert!(source.starts_with('…') && source.ends_with('…'), "{source}");
        assert_eq!(source.chars().count(), SHOWN_CHARS + 2);
        // The caret stays under the column: 30 characters of context and the `…` before it.
        assert_eq!(
            shown[4],
            format!(
                "   | {}^^^ did you mean `anchors`?",
                " ".repeat(CONTEXT_CHARS + 1)
            )
        );
        // A line that fits is not cut.
        let fits = error(1, 1, Some(&"x".repeat(SHOWN_CHARS)), 1).to_string();
        assert!(!fits.contains('…'));
    }

    #[test]
    fn without_a_line_the_help_is_a_note() {
        let mut e = error(0, 0, None, 0);
        e.file = PathBuf::from("claims");
        assert_eq!(
            e.to_string(),
            "error: unknown key `anchor` in claim `artillery-shells`\n  --> claims\n   = help: did you mean `anchors`?"
        );
    }

    #[test]
    fn errors_sort_by_place_and_count_at_the_end() {
        let errors = ClaimErrors::new(vec![error(9, 1, None, 1), error(2, 3, None, 1)]);
        assert_eq!(errors.errors[0].line, 2);
        let text = errors.to_string();
        assert!(
            text.ends_with("\n\nerror: 2 problems in claim files"),
            "{text}"
        );
        let one = ClaimErrors::new(vec![error(1, 1, None, 1)]).to_string();
        assert!(one.ends_with("error: 1 problem in claim files"));
    }
}
