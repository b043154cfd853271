//! Control characters made visible in what people read on a terminal.
//!
//! A file name or an article's text may hold control characters (`ESC [2J` clears the
//! terminal, `ESC [31m` paints it red, a carriage return overwrites the line). Every
//! human-readable output (the table, Markdown, GitHub annotations, `explain`, `validate`, the
//! claim commands, warnings and errors) passes the text it did not write itself through
//! [`control_chars`] (one line) or [`control_chars_in_lines`] (a whole output), which write
//! each control character as Rust writes it in a string: `\u{1b}`. The table escapes its
//! cells before drawing them, so its own colours stay. Machine-readable formats (JSON, YAML,
//! SARIF, JUnit, ClaimReview) escape them by their own rules and are left alone.
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
use std::io;

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

/// Whether `c` is escaped in text of several lines: [`is_escaped`] but the line feed.
fn is_escaped_in_lines(c: char) -> bool {
    is_escaped(c) && c != '\n'
}

/// `text` of several lines (a whole report, a message) with every control character but the
/// tab and the line feed written as `\u{…}`; the text itself when it has none.
pub fn control_chars_in_lines(text: &str) -> Cow<'_, str> {
    if !text.chars().any(is_escaped_in_lines) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        if is_escaped_in_lines(c) {
            let _ = write!(out, "\\u{{{:x}}}", u32::from(c));
        } else {
            out.push(c);
        }
    }
    Cow::Owned(out)
}

/// A writer that passes UTF-8 text on with [`control_chars_in_lines`] applied, for output
/// written piece by piece (the streamed table). A character split between two writes is
/// held until the next; [`Escaping::finish`] writes what is held at the end.
pub struct Escaping<W: io::Write> {
    inner: W,
    /// The first byte of a two-byte character (`0xC2`, the lead byte of the C1 controls)
    /// that ended the last write.
    held: Option<u8>,
}

impl<W: io::Write> Escaping<W> {
    /// Escapes what is written to `inner`.
    pub fn new(inner: W) -> Escaping<W> {
        Escaping { inner, held: None }
    }

    /// Writes a byte held from the last write (only in output that was not UTF-8).
    pub fn finish(&mut self) -> io::Result<()> {
        if let Some(byte) = self.held.take() {
            self.inner.write_all(&[byte])?;
        }
        self.inner.flush()
    }
}

impl<W: io::Write> io::Write for Escaping<W> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        let mut out = Vec::with_capacity(buf.len() + 16);
        let mut bytes = buf.iter().copied().peekable();
        let mut lead = self.held.take();
        loop {
            let byte = match lead.take() {
                Some(byte) => byte,
                None => match bytes.next() {
                    Some(byte) => byte,
                    None => break,
                },
            };
            match byte {
                b'\n' | b'\t' => out.push(byte),
                0x00..=0x1F | 0x7F => {
                    let _ = write!(VecWriter(&mut out), "\\u{{{byte:x}}}");
                }
                // U+0080–U+009F, the C1 controls, are 0xC2 0x80–0x9F in UTF-8.
                0xC2 => match bytes.peek() {
                    None => self.held = Some(byte),
                    Some(&next @ 0x80..=0x9F) => {
                        bytes.next();
                        let _ = write!(VecWriter(&mut out), "\\u{{{next:x}}}");
                    }
                    Some(_) => out.push(byte),
                },
                _ => out.push(byte),
            }
        }
        self.inner.write_all(&out)?;
        Ok(buf.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        self.inner.flush()
    }
}

/// `fmt::Write` into a byte vector.
struct VecWriter<'a>(&'a mut Vec<u8>);

impl std::fmt::Write for VecWriter<'_> {
    fn write_str(&mut self, s: &str) -> std::fmt::Result {
        self.0.extend_from_slice(s.as_bytes());
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write as _;

    #[test]
    fn text_of_several_lines_keeps_its_line_feeds() {
        assert_eq!(
            control_chars_in_lines("x\u{1b}[2J\nقذيفة\tمدفعية\r\n"),
            "x\\u{1b}[2J\nقذيفة\tمدفعية\\u{d}\n"
        );
    }

    #[test]
    fn the_escaping_writer_escapes_across_writes() {
        let text = "a\u{1b}[31mb\u{85}c\u{9b}\nقذيفة\u{7f}";
        let expected = "a\\u{1b}[31mb\\u{85}c\\u{9b}\nقذيفة\\u{7f}";
        // Every way of cutting the text in two writes gives the same output.
        for cut in 0..=text.len() {
            let mut out = Vec::new();
            let mut writer = Escaping::new(&mut out);
            writer.write_all(&text.as_bytes()[..cut]).expect("write");
            writer.write_all(&text.as_bytes()[cut..]).expect("write");
            writer.finish().expect("finish");
            assert_eq!(
                String::from_utf8(out).expect("UTF-8"),
                expected,
                "cut at {cut}"
            );
        }
    }

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
