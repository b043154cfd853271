//! Control characters made visible in what people read on a terminal.
//!
//! A file name or an article's text may hold control characters (`ESC [2J` clears the
//! terminal, `ESC [31m` paints it red, a carriage return overwrites the line). Every
//! human-readable output (the table, Markdown, `explain`, warnings and errors) passes the text
//! it did not write itself through [`control_chars`], which writes each control character
//! as Rust writes it in a string: `\u{1b}`. Machine-readable formats (JSON, SARIF, JUnit)
//! escape them by their own rules and are left alone.
//!
//! ```
//! use crosscheck::escape::control_chars;
//! assert_eq!(control_chars("x\u{1b}[2Jقذيفة.txt"), "x\\u{1b}[2Jقذيفة.txt");
//! assert_eq!(control_chars("قذيفة مدفعية"), "قذيفة مدفعية");
//! ```
//!
//! Tabs are kept (they are layout, not commands); line ends are escaped, since the text
//! escaped is one line of output (a name, a quote).

use std::borrow::Cow;
use std::fmt::Write as _;

/// Whether `c` is escaped: Unicode's control characters (C0, DEL, C1) except the tab.
fn is_escaped(c: char) -> bool {
    c.is_control() && c != '\t'
}

/// `text` with every control character but the tab written as `\u{…}` (hexadecimal); the text
/// itself when it has none.
pub fn control_chars(text: &str) -> Cow<'_, str> {
    if !text.chars().any(is_escaped) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        if is_escaped(c) {
            let _ = write!(out, "\\u{{{:x}}}", u32::from(c));
        } else {
            out.push(c);
        }
    }
    Cow::Owned(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_every_control_character_but_the_tab() {
        assert_eq!(
            control_chars("x\u{1b}[2J\u{1b}[31mRED.txt"),
            "x\\u{1b}[2J\\u{1b}[31mRED.txt"
        );
        assert_eq!(
            control_chars("a\rb\nc\u{7f}d\u{9b}e"),
            "a\\u{d}b\\u{a}c\\u{7f}d\\u{9b}e"
        );
        assert_eq!(control_chars("5 ملايين\tقذيفة"), "5 ملايين\tقذيفة");
        assert!(matches!(control_chars("plain"), Cow::Borrowed("plain")));
    }
}
