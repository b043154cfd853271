//! Writing claim files: the text of a new claim file, and edits of one claim in an existing
//! file that change only the lines they must.
//!
//! People keep claim files by hand, with comments, their own key order, blank lines, quoting
//! and line endings. `crosscheck claim promote`, `claim retire` and `accept` therefore never
//! re-serialise a file: they find the claim's keys in the positioned YAML tree the validator
//! reads, and splice new text into the original at those places. Everything outside the
//! changed line(s) stays byte for byte as it was.
//!
//! Every edit is checked before it is returned: the edited text is validated with the same
//! rules as `crosscheck validate` ([`super::parse_claims_str`]), and every claim of the file
//! must read exactly as before except for the one field that was to change. An edit that
//! fails the check is refused with an [`EditError`], so a caller that writes only what these
//! functions return never damages a file.
//!
//! Values are written as YAML scalars that read back as exactly the text given
//! ([`yaml_scalar`]): plain when that is unambiguous (most Arabic and English phrases), else
//! double-quoted with escapes (a leading `-`, `: `, ` #`, quotes, a value YAML would read as a
//! number, boolean or null, invisible or control characters).

use super::yaml::{self, Node, NodeData, Style};
use super::{Accepted, Claim, ClaimErrors, Status, parse_claims_str};
use crate::value::Value;
use std::fmt;
use std::path::{Path, PathBuf};

/// Why a claim file could not be edited. Nothing was written.
#[derive(Debug, Clone, PartialEq)]
pub struct EditError {
    /// The claim file.
    pub file: PathBuf,
    /// What went wrong, in one line.
    pub message: String,
    /// How to go on, in one line.
    pub help: String,
    /// The validation problems behind the refusal, when there are any.
    pub problems: Option<ClaimErrors>,
}

impl fmt::Display for EditError {
    /// `error: …`, the file, the help, then any validation problems.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "error: {}\n  --> {}\n   = help: {}",
            self.message,
            self.file.display(),
            self.help
        )?;
        if let Some(problems) = &self.problems {
            write!(f, "\n\n{problems}")?;
        }
        Ok(())
    }
}

impl std::error::Error for EditError {}

/// The result of an edit: the new text of the file and the line that changed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Edited {
    /// The whole file's new text.
    pub text: String,
    /// 1-based line of the key that was changed or inserted (`status:`, `accepted:`).
    pub line: usize,
}

/// The fields of a claim that `crosscheck claim new` writes. Text is written as given (after
/// trimming); the keywords (`kind`, `window`) and `tolerance` are written as text and checked
/// by the validator like any hand-written file, so a mistake gets the same message.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct NewClaim {
    /// The id, `[a-z0-9-]+`.
    pub id: String,
    /// One-line description.
    pub title: String,
    /// `quantity`, `year`, `date` or `choice`.
    pub kind: String,
    /// Phrases that locate the claim.
    pub anchors: Vec<String>,
    /// For choice claims: each label and its phrases, in order.
    pub choices: Vec<(String, Vec<String>)>,
    /// Unit shown next to quantities.
    pub unit: Option<String>,
    /// `5%` or an absolute amount.
    pub tolerance: Option<String>,
    /// `clause` or `sentence`.
    pub window: Option<String>,
}

/// Which key of a claim each line of [`new_claim_yaml`]'s output holds (1-based line, key),
/// so a caller can say which option a validation problem comes from.
pub type KeyLines = Vec<(usize, &'static str)>;

/// The text of a claim file holding `claim` alone, with `status: review`, and the key each
/// line belongs to. The text ends with a newline.
pub fn new_claim_yaml(claim: &NewClaim) -> (String, KeyLines) {
    let mut out = String::from("claims:\n");
    let mut lines: KeyLines = vec![(1, "claims")];
    let mut push = |out: &mut String, key: &'static str, line: String| {
        out.push_str(&line);
        out.push('\n');
        lines.push((out.matches('\n').count(), key));
    };
    push(
        &mut out,
        "id",
        format!("  - id: {}", yaml_scalar(claim.id.trim())),
    );
    push(
        &mut out,
        "title",
        format!("    title: {}", yaml_scalar(claim.title.trim())),
    );
    push(
        &mut out,
        "kind",
        format!("    kind: {}", yaml_scalar(claim.kind.trim())),
    );
    push(&mut out, "anchors", "    anchors:".to_string());
    for anchor in &claim.anchors {
        push(
            &mut out,
            "anchors",
            format!("      - {}", yaml_scalar(anchor.trim())),
        );
    }
    if let Some(unit) = &claim.unit {
        push(
            &mut out,
            "unit",
            format!("    unit: {}", yaml_scalar(unit.trim())),
        );
    }
    if let Some(tolerance) = &claim.tolerance {
        push(
            &mut out,
            "tolerance",
            format!("    tolerance: {}", tolerance_scalar(tolerance.trim())),
        );
    }
    if let Some(window) = &claim.window {
        push(
            &mut out,
            "window",
            format!("    window: {}", yaml_scalar(window.trim())),
        );
    }
    if !claim.choices.is_empty() {
        push(&mut out, "choices", "    choices:".to_string());
        for (label, phrases) in &claim.choices {
            push(
                &mut out,
                "choices",
                format!("      {}:", yaml_scalar(label.trim())),
            );
            for phrase in phrases {
                push(
                    &mut out,
                    "choices",
                    format!("        - {}", yaml_scalar(phrase.trim())),
                );
            }
        }
    }
    push(&mut out, "status", "    status: review".to_string());
    (out, lines)
}

/// A tolerance as written by hand: `5%` or `1000` plain, anything else quoted (and then
/// reported by the validator as an invalid tolerance).
fn tolerance_scalar(text: &str) -> String {
    let number = text.strip_suffix('%').unwrap_or(text);
    if super::validate::decimal(number).is_some() {
        text.to_string()
    } else {
        yaml_scalar(text)
    }
}

/// `text` as a YAML scalar that reads back as exactly `text`, in block or flow context: plain
/// when unambiguous, else double-quoted with escapes.
///
/// ```
/// use crosscheck::claims::edit::yaml_scalar;
/// assert_eq!(yaml_scalar("قذائف مدفعية"), "قذائف مدفعية");
/// assert_eq!(yaml_scalar("note: see #3"), "\"note: see #3\"");
/// assert_eq!(yaml_scalar("2000"), "\"2000\"");
/// ```
pub fn yaml_scalar(text: &str) -> String {
    if is_plain_safe(text) {
        text.to_string()
    } else {
        double_quoted(text)
    }
}

/// Characters that YAML treats as line breaks or that are invisible in an editor; a value
/// holding one is quoted and the character escaped, so a reviewer sees it.
fn needs_escape(c: char) -> bool {
    c.is_control()
        || matches!(
            c,
            '\u{0085}'
                | '\u{061C}'
                | '\u{00AD}'
                | '\u{200B}'..='\u{200F}'
                | '\u{2028}'..='\u{202E}'
                | '\u{2060}'..='\u{2069}'
                | '\u{FEFF}'
                | '\u{FFF9}'..='\u{FFFB}'
        )
}

fn is_plain_safe(text: &str) -> bool {
    let Some(first) = text.chars().next() else {
        return false;
    };
    if text.trim() != text || "-?:,[]{}#&*!|>'\"%@`".contains(first) {
        return false;
    }
    if text.contains(": ") || text.contains(" #") || text.ends_with(':') {
        return false;
    }
    if text.chars().any(|c| needs_escape(c) || ",[]{}".contains(c)) {
        return false;
    }
    // Words YAML 1.1 or 1.2 reads as null or a boolean, for any tool that reads the file.
    const SPECIAL: &[&str] = &[
        "~", "null", "true", "false", "yes", "no", "on", "off", "y", "n",
    ];
    if SPECIAL.contains(&text.to_lowercase().as_str()) {
        return false;
    }
    // Anything that might be read as a number, a date or a time (`2000`, `1e6`, `0x1F`,
    // `.inf`, `2024-06-19`, `12:30`).
    let numberish = first.is_ascii_digit() || first == '+' || first == '.';
    let numeric_charset = text
        .chars()
        .all(|c| c.is_ascii_alphanumeric() || "._+-:".contains(c));
    !(numberish && numeric_charset)
}

fn double_quoted(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    out.push('"');
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            '\r' => out.push_str("\\r"),
            '\0' => out.push_str("\\0"),
            c if needs_escape(c) => {
                let code = c as u32;
                if code <= 0xFFFF {
                    out.push_str(&format!("\\u{code:04X}"));
                } else {
                    out.push_str(&format!("\\U{code:08X}"));
                }
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// A value as written in a claim file: a number for quantities and years (never in quotes,
/// never in exponent form), `"YYYY[-MM[-DD]]"` for dates, the label for choices. `None` for a
/// value a claim file cannot hold (a date with no year, a number that is not finite).
pub fn yaml_value(value: &Value) -> Option<String> {
    match value {
        Value::Quantity(q) if !q.is_finite() => None,
        Value::Quantity(q) if q.fract() == 0.0 && q.abs() < 9_007_199_254_740_992.0 => {
            Some(format!("{}", *q as i64))
        }
        // Rust prints the shortest text that reads back as the same f64, without an exponent.
        Value::Quantity(q) => Some(format!("{q}")),
        // A claim's expected or accepted value is one number, never a range.
        Value::Range(..) => None,
        Value::Year(year) => Some(year.to_string()),
        Value::Date(date) if date.year.is_none() => None,
        Value::Date(date) => Some(format!("\"{date}\"")),
        Value::Choice(label) => Some(yaml_scalar(label)),
    }
}

/// Sets the `status` of claim `id` in `text` (the file at `path`), changing only that value,
/// or inserting a `status:` line after the claim's `title:` (else `id:`) line at the claim's
/// indentation when it has none. A `status` already equal to `status` leaves the text as is.
pub fn set_status(path: &Path, text: &str, id: &str, status: Status) -> Result<Edited, EditError> {
    let file = SourceText::new(path, text)?;
    let (claim, entries) = file.find_claim(id)?;
    let word = status.as_str();
    let (edited, line) = match find_entry(entries, "status") {
        Some((key, value)) => {
            let line = key.start.line;
            match value.scalar() {
                Some((old, _)) if old.trim() == word => {
                    return Ok(Edited {
                        text: text.to_string(),
                        line,
                    });
                }
                Some((_, Style::Block)) => {
                    // `status: >-` and the word on the next line: rewrite from the key's colon
                    // to the end of the block.
                    let from = file.byte(key.end);
                    let last = file.last_line_of(key, value, true);
                    let to = file.content_end(last);
                    (file.splice(from, to, &format!(": {word}")), line)
                }
                Some((_, style)) => {
                    let from = file.byte(value.start);
                    let to = file.scalar_token_end(from, style);
                    let quote = match file.body.get(from..).and_then(|s| s.chars().next()) {
                        Some(q @ ('"' | '\'')) if style == Style::Quoted => q.to_string(),
                        _ => String::new(),
                    };
                    (
                        file.splice(from, to, &format!("{quote}{word}{quote}")),
                        line,
                    )
                }
                None => {
                    return Err(file.refuse(
                        format!("the `status` of claim `{id}` is not a single word"),
                        "write `status: review` by hand",
                    ));
                }
            }
        }
        None if file.is_flow(claim) => {
            let at = file.flow_insert_point(claim)?;
            let line = file.line_number_at(at);
            (
                file.splice(at, at, &file.flow_entry("status", word, at)),
                line,
            )
        }
        None => {
            let (key, value) = find_entry(entries, "title")
                .or_else(|| find_entry(entries, "id"))
                .ok_or_else(|| {
                    file.refuse(
                        format!("claim `{id}` has neither `title:` nor `id:` to put `status:` by"),
                        "add `status: review` by hand",
                    )
                })?;
            let after = file.last_line_of(
                key,
                value,
                matches!(value.scalar(), Some((_, Style::Block))),
            );
            let indent = " ".repeat(key.start.column.saturating_sub(1));
            file.insert_lines_after(after, &[format!("{indent}status: {word}")])
        }
    };
    file.check(id, &edited, |claim| claim.status = status)?;
    Ok(Edited { text: edited, line })
}

/// Records `accepted` in claim `id` of `text` (the file at `path`): replaces its `accepted:`
/// block when it has one, else adds the block after the claim's last key, at the claim's
/// indentation. A claim written as a flow mapping (`- {id: …}`) gets a flow entry.
pub fn set_accepted(
    path: &Path,
    text: &str,
    id: &str,
    accepted: &Accepted,
) -> Result<Edited, EditError> {
    let file = SourceText::new(path, text)?;
    let (claim, entries) = file.find_claim(id)?;
    let mut values = Vec::new();
    for value in &accepted.values {
        match yaml_value(value) {
            Some(text) => values.push(text),
            None => {
                return Err(file.refuse(
                    format!("the value `{value:?}` cannot be written in a claim file"),
                    "a date needs a year and a number must be finite; record it by hand",
                ));
            }
        }
    }
    if values.is_empty() {
        return Err(file.refuse(
            "no values to accept".to_string(),
            "`accepted` lists the values of a reviewed conflict",
        ));
    }
    let values = format!("[{}]", values.join(", "));
    let reason = accepted.reason.as_deref().map(|r| yaml_scalar(r.trim()));
    let flow_text = match &reason {
        Some(reason) => format!("{{values: {values}, reason: {reason}}}"),
        None => format!("{{values: {values}}}"),
    };
    let block = |indent: usize| {
        let pad = " ".repeat(indent);
        let mut lines = vec!["accepted:".to_string(), format!("{pad}  values: {values}")];
        if let Some(reason) = &reason {
            lines.push(format!("{pad}  reason: {reason}"));
        }
        lines
    };
    let (edited, line) = match find_entry(entries, "accepted") {
        Some((key, value)) if file.is_flow(value) => {
            let from = file.byte(value.start);
            let to = file.flow_end(value)?;
            (file.splice(from, to, &flow_text), key.start.line)
        }
        Some((key, value))
            if let Some(edited) =
                file.edit_accepted_in_place(value, &values, reason.as_deref()) =>
        {
            (edited, key.start.line)
        }
        Some((key, value)) => {
            // Replace from the key to the end of its block, keeping what precedes the key on
            // its line (`- ` when `accepted` is the claim's first key).
            let from = file.byte(key.start);
            let last = file.last_line_of(key, value, false);
            let to = file.content_end(last);
            let indent = key.start.column.saturating_sub(1);
            let eol = file.eol_after(last);
            (
                file.splice(from, to, &block(indent).join(eol)),
                key.start.line,
            )
        }
        None if file.is_flow(claim) => {
            let at = file.flow_insert_point(claim)?;
            let line = file.line_number_at(at);
            (
                file.splice(at, at, &file.flow_entry("accepted", &flow_text, at)),
                line,
            )
        }
        None => {
            let Some((key, value)) = entries.last().map(|(k, v)| (k, v)) else {
                return Err(file.refuse(
                    format!("claim `{id}` has no keys"),
                    "check the claim file with `crosscheck validate`",
                ));
            };
            let after = file.last_line_of(
                key,
                value,
                matches!(value.scalar(), Some((_, Style::Block))),
            );
            let indent = key.start.column.saturating_sub(1);
            let mut lines = block(indent);
            if let Some(first) = lines.first_mut() {
                *first = format!("{}{first}", " ".repeat(indent));
            }
            file.insert_lines_after(after, &lines)
        }
    };
    let wanted = accepted.clone();
    file.check(id, &edited, |claim| claim.accepted = Some(wanted.clone()))?;
    Ok(Edited { text: edited, line })
}

/// A key and its value in a YAML mapping.
type Entry = (Node, Node);

/// The byte after the bracket closing the `{` or `[` at `open` in `body`, reading YAML flow
/// syntax: nested brackets, `'…'` and `"…"` scalars, and `#` comments to the line's end.
fn matching_bracket(body: &str, open: usize) -> Option<usize> {
    let bytes = body.as_bytes();
    if !matches!(bytes.get(open), Some(b'{' | b'[')) {
        return None;
    }
    let mut depth = 0usize;
    let mut i = open;
    while let Some(&byte) = bytes.get(i) {
        match byte {
            b'{' | b'[' => depth += 1,
            b'}' | b']' => {
                depth = depth.checked_sub(1)?;
                if depth == 0 {
                    return Some(i + 1);
                }
            }
            b'\'' => {
                // `''` is a quote inside a single-quoted scalar.
                i += 1;
                loop {
                    match bytes.get(i)? {
                        b'\'' if bytes.get(i + 1) == Some(&b'\'') => i += 2,
                        b'\'' => break,
                        _ => i += 1,
                    }
                }
            }
            b'"' => {
                i += 1;
                loop {
                    match bytes.get(i)? {
                        b'\\' => i += 2,
                        b'"' => break,
                        _ => i += 1,
                    }
                }
            }
            b'#' if i > 0 && matches!(bytes.get(i - 1), Some(b' ' | b'\t' | b'\n' | b'\r')) => {
                while !matches!(bytes.get(i), None | Some(b'\n' | b'\r')) {
                    i += 1;
                }
                continue;
            }
            _ => {}
        }
        i += 1;
    }
    None
}

/// `line` without its `#` comment (a `#` after a space or tab, or first, outside quotes).
fn without_comment(line: &str) -> &str {
    let mut quote: Option<char> = None;
    let mut previous = ' ';
    for (i, c) in line.char_indices() {
        match quote {
            Some(open) if c == open => quote = None,
            Some(_) => {}
            None if c == '\'' || c == '"' => quote = Some(c),
            None if c == '#' && (previous == ' ' || previous == '\t') => {
                return line.get(..i).unwrap_or(line);
            }
            None => {}
        }
        previous = c;
    }
    line
}

/// Byte offsets where the lines of `body` start: after each `\n`, and after each `\r` not
/// followed by `\n`.
fn line_starts_of(body: &str) -> Vec<usize> {
    let bytes = body.as_bytes();
    let mut starts = vec![0];
    for (i, &byte) in bytes.iter().enumerate() {
        let breaks = byte == b'\n' || (byte == b'\r' && bytes.get(i + 1) != Some(&b'\n'));
        if breaks {
            starts.push(i + 1);
        }
    }
    starts
}

/// Where line `line` of `body` ends, before its line break.
fn content_end_in(body: &str, line_starts: &[usize], line: usize) -> usize {
    let Some(&next) = line_starts.get(line + 1) else {
        return body.len();
    };
    let bytes = body.as_bytes();
    let mut end = next;
    if end > 0 && bytes.get(end - 1) == Some(&b'\n') {
        end -= 1;
    }
    if end > 0 && bytes.get(end - 1) == Some(&b'\r') {
        end -= 1;
    }
    end
}

fn find_entry<'n>(entries: &'n [Entry], key: &str) -> Option<(&'n Node, &'n Node)> {
    entries
        .iter()
        .find(|(k, _)| k.scalar().is_some_and(|(name, _)| name == key))
        .map(|(k, v)| (k, v))
}

/// A claim file's text with what edits need: byte offsets of lines, and the parsed tree.
struct SourceText<'t> {
    path: &'t Path,
    /// The byte-order mark, when the file has one (kept; positions count from after it).
    bom: &'t str,
    /// The text after the byte-order mark, which the parser reads.
    body: &'t str,
    /// Byte offset in `body` where each line starts.
    line_starts: Vec<usize>,
    root: Node,
    /// The claims as they read before the edit.
    before: Vec<Claim>,
}

impl<'t> SourceText<'t> {
    fn new(path: &'t Path, text: &'t str) -> Result<SourceText<'t>, EditError> {
        let before = parse_claims_str(path, text).map_err(|problems| EditError {
            file: path.to_path_buf(),
            message: "the claim file has problems, so it was not edited".to_string(),
            help: "fix them first (`crosscheck validate` lists them), then run the command again"
                .to_string(),
            problems: Some(problems),
        })?;
        let (bom, body) = match text.strip_prefix('\u{FEFF}') {
            Some(body) => (&text[..text.len() - body.len()], body),
            None => ("", text),
        };
        // Lines end at `\n`, `\r\n` or a lone `\r` (old Mac files), as the parser reads them.
        let line_starts = line_starts_of(body);
        let lines: Vec<&str> = (0..line_starts.len())
            .map(|line| {
                let start = line_starts.get(line).copied().unwrap_or(body.len());
                body.get(start..content_end_in(body, &line_starts, line))
                    .unwrap_or("")
            })
            .collect();
        let parsed = yaml::parse(body, &lines);
        let root = parsed.root.ok_or_else(|| EditError {
            file: path.to_path_buf(),
            message: "the claim file could not be read".to_string(),
            help: "check it with `crosscheck validate`".to_string(),
            problems: None,
        })?;
        Ok(SourceText {
            path,
            bom,
            body,
            line_starts,
            root,
            before,
        })
    }

    fn refuse(&self, message: String, help: &str) -> EditError {
        EditError {
            file: self.path.to_path_buf(),
            message,
            help: help.to_string(),
            problems: None,
        }
    }

    /// The claim mapping with this id and its entries.
    fn find_claim(&self, id: &str) -> Result<(&Node, &[Entry]), EditError> {
        let items = match &self.root.data {
            NodeData::Mapping(entries) => {
                find_entry(entries, "claims").and_then(|(_, v)| match &v.data {
                    NodeData::Sequence(items) => Some(items),
                    _ => None,
                })
            }
            _ => None,
        };
        for item in items.into_iter().flatten() {
            if let NodeData::Mapping(entries) = &item.data {
                let matches = find_entry(entries, "id")
                    .and_then(|(_, v)| v.scalar())
                    .is_some_and(|(text, _)| text.trim() == id);
                if matches {
                    return Ok((item, entries));
                }
            }
        }
        Err(self.refuse(
            format!("no claim has the id `{id}` in this file"),
            "`crosscheck claim list` shows every claim and its file",
        ))
    }

    /// Byte offset in `body` of a parser position (which counts characters).
    fn byte(&self, pos: yaml::Pos) -> usize {
        self.body
            .char_indices()
            .nth(pos.index)
            .map_or(self.body.len(), |(byte, _)| byte)
    }

    /// 0-based line holding byte `at`.
    fn line_at(&self, at: usize) -> usize {
        self.line_starts
            .partition_point(|&start| start <= at)
            .saturating_sub(1)
    }

    fn line_number_at(&self, at: usize) -> usize {
        self.line_at(at) + 1
    }

    /// The text of 0-based line `line`, without its line break.
    fn line_text(&self, line: usize) -> &str {
        let start = self
            .line_starts
            .get(line)
            .copied()
            .unwrap_or(self.body.len());
        self.body.get(start..self.content_end(line)).unwrap_or("")
    }

    /// Byte offset where line `line`'s content ends (before `\r\n`, `\n` or `\r`).
    fn content_end(&self, line: usize) -> usize {
        content_end_in(self.body, &self.line_starts, line)
    }

    /// The line break ending line `line`, or the file's first one when the line has none,
    /// or `\n` in a file of one line.
    fn eol_after(&self, line: usize) -> &'static str {
        let ending = |line: usize| -> Option<&'static str> {
            let next = *self.line_starts.get(line + 1)?;
            match self.body.get(self.content_end(line)..next)? {
                "\r\n" => Some("\r\n"),
                "\r" => Some("\r"),
                _ => Some("\n"),
            }
        };
        ending(line).or_else(|| ending(0)).unwrap_or("\n")
    }

    fn indentation(&self, line: usize) -> usize {
        self.line_text(line)
            .chars()
            .take_while(|c| *c == ' ')
            .count()
    }

    /// 0-based last line of `key`'s value: the lines after the key more indented than the
    /// key (or, for a block list, starting with `-` at the key's indentation), ignoring
    /// trailing blank and comment lines — which belong to what follows. In a block scalar
    /// (`block_scalar`), `#` lines are content.
    fn last_line_of(&self, key: &Node, value: &Node, block_scalar: bool) -> usize {
        let key_line = self.line_at(self.byte(key.start));
        let key_column = key.start.column.saturating_sub(1);
        let is_block_list = matches!(value.data, NodeData::Sequence(_)) && !self.is_flow(value);
        let mut last = key_line;
        for line in key_line + 1..self.line_starts.len() {
            let text = self.line_text(line);
            let trimmed = text.trim_start_matches(' ');
            if trimmed.trim().is_empty() {
                continue;
            }
            let indent = self.indentation(line);
            let inside = indent > key_column
                || (indent == key_column && is_block_list && trimmed.starts_with('-'));
            if !inside {
                break;
            }
            if block_scalar || !trimmed.starts_with('#') {
                last = line;
            }
        }
        last
    }

    /// An `accepted:` block mapping edited in place: the value of `values:` replaced by
    /// `values` (a flow list), and the value of `reason:` by `reason` when one is given
    /// (added after `values:` when there is none), so every comment in the block stays —
    /// a `# why` after the reason included. `None` when the block has no `values:` key or
    /// is not a block mapping (the caller then rewrites the whole block).
    fn edit_accepted_in_place(
        &self,
        block: &Node,
        values: &str,
        reason: Option<&str>,
    ) -> Option<String> {
        let NodeData::Mapping(entries) = &block.data else {
            return None;
        };
        if self.is_flow(block) {
            return None;
        }
        let (values_key, values_node) = find_entry(entries, "values")?;
        // (from, to, text) of each change, applied from the last.
        let mut changes: Vec<(usize, usize, String)> = Vec::new();
        let values_last = match &values_node.data {
            NodeData::Scalar { style, .. } if *style != Style::Block => {
                let from = self.byte(values_node.start);
                changes.push((
                    from,
                    self.scalar_token_end(from, *style),
                    values.to_string(),
                ));
                self.line_at(from)
            }
            NodeData::Sequence(_) if self.is_flow(values_node) => {
                let from = self.byte(values_node.start);
                changes.push((from, self.flow_end(values_node).ok()?, values.to_string()));
                self.line_at(self.flow_end(values_node).ok()?.saturating_sub(1))
            }
            _ => {
                // A block list: the entry is rewritten from its key to its last line.
                let last = self.last_line_of(values_key, values_node, false);
                changes.push((
                    self.byte(values_key.start),
                    self.content_end(last),
                    format!("values: {values}"),
                ));
                last
            }
        };
        if reason.is_none()
            && let Some((reason_key, reason_node)) = find_entry(entries, "reason")
        {
            // No reason any more: its lines go, comments on them included.
            let first = self.line_at(self.byte(reason_key.start));
            if self.indentation(first) + 1 != reason_key.start.column {
                return None;
            }
            let block_scalar = matches!(reason_node.scalar(), Some((_, Style::Block)));
            let last = self.last_line_of(reason_key, reason_node, block_scalar);
            let from = *self.line_starts.get(first)?;
            let to = *self.line_starts.get(last + 1)?;
            changes.push((from, to, String::new()));
        }
        if let Some(reason) = reason {
            match find_entry(entries, "reason") {
                Some((_, reason_node))
                    if matches!(
                        reason_node.scalar(),
                        Some((_, Style::Plain | Style::Quoted))
                    ) && !reason_node.is_null() =>
                {
                    let from = self.byte(reason_node.start);
                    let style = reason_node.scalar().map_or(Style::Plain, |(_, s)| s);
                    changes.push((from, self.scalar_token_end(from, style), reason.to_string()));
                }
                Some((reason_key, reason_node)) => {
                    let block_scalar = matches!(reason_node.scalar(), Some((_, Style::Block)));
                    let last = self.last_line_of(reason_key, reason_node, block_scalar);
                    changes.push((
                        self.byte(reason_key.start),
                        self.content_end(last),
                        format!("reason: {reason}"),
                    ));
                }
                None => {
                    let at = self.content_end(values_last);
                    let pad = " ".repeat(values_key.start.column.saturating_sub(1));
                    let eol = self.eol_after(values_last);
                    changes.push((at, at, format!("{eol}{pad}reason: {reason}")));
                }
            }
        }
        changes.sort_by_key(|change| std::cmp::Reverse(change.0));
        let mut text = self.body.to_string();
        let mut limit = text.len();
        for (from, to, with) in changes {
            // Overlapping changes cannot happen in a valid file; refuse to guess.
            if to > limit || from > to || !text.is_char_boundary(from) || !text.is_char_boundary(to)
            {
                return None;
            }
            text.replace_range(from..to, &with);
            limit = from;
        }
        Some(format!("{}{text}", self.bom))
    }

    /// Whether a collection node is written in flow style (`{…}` or `[…]`).
    fn is_flow(&self, node: &Node) -> bool {
        matches!(node.data, NodeData::Mapping(_) | NodeData::Sequence(_))
            && matches!(
                self.body
                    .get(self.byte(node.start)..)
                    .and_then(|s| s.chars().next()),
                Some('{' | '[')
            )
    }

    /// The byte just after a flow collection's closing bracket: found by reading from its
    /// opening bracket, over nested brackets, quoted scalars, comments (which may hold
    /// brackets) and line breaks, so a trailing comment, a trailing comma or a mapping spread
    /// over lines is no obstacle.
    fn flow_end(&self, node: &Node) -> Result<usize, EditError> {
        let start = self.byte(node.start);
        matching_bracket(self.body, start).ok_or_else(|| {
            self.refuse(
                "could not find the end of a `{…}` mapping in the claim".to_string(),
                "edit the claim by hand, or write it in block style (one key a line)",
            )
        })
    }

    /// Where a new entry goes in a flow-mapping claim: just before its `}`.
    fn flow_insert_point(&self, claim: &Node) -> Result<usize, EditError> {
        Ok(self.flow_end(claim)? - 1)
    }

    /// `, key: value` to insert at `at` (before a `}`), without a second comma when the
    /// mapping ends with one.
    fn flow_entry(&self, key: &str, value: &str, at: usize) -> String {
        let before = self.body.get(..at).unwrap_or("");
        // The last character that is not space or comment (a mapping spread over lines may
        // end a line with `,  # note`).
        let last = before
            .split(['\n', '\r'])
            .rev()
            .map(|line| without_comment(line).trim_end())
            .find(|line| !line.is_empty())
            .and_then(|line| line.chars().last());
        if matches!(last, Some(',' | '{')) {
            format!(" {key}: {value}")
        } else {
            format!(", {key}: {value}")
        }
    }

    /// The end of the scalar token starting at `from`: the closing quote of a quoted scalar,
    /// or the end of a plain word (before a comment, `,`, `]`, `}` or the line's end).
    fn scalar_token_end(&self, from: usize, style: Style) -> usize {
        let rest = self.body.get(from..).unwrap_or("");
        let line_end = rest.find(['\n', '\r']).unwrap_or(rest.len());
        let rest = rest.get(..line_end).unwrap_or("");
        let mut chars = rest.char_indices();
        match (style, chars.next()) {
            (Style::Quoted, Some((_, '"'))) => {
                let mut escaped = false;
                for (i, c) in chars {
                    match c {
                        _ if escaped => escaped = false,
                        '\\' => escaped = true,
                        '"' => return from + i + 1,
                        _ => {}
                    }
                }
                from + line_end
            }
            (Style::Quoted, Some((_, '\''))) => {
                let mut pending_quote = false;
                for (i, c) in chars {
                    if pending_quote {
                        if c == '\'' {
                            pending_quote = false; // `''` is an escaped quote
                            continue;
                        }
                        return from + i;
                    }
                    if c == '\'' {
                        pending_quote = true;
                    }
                }
                from + line_end
            }
            _ => {
                let mut end = rest.len();
                for (i, c) in rest.char_indices() {
                    let comment = c == '#'
                        && rest
                            .get(..i)
                            .and_then(|s| s.chars().last())
                            .is_some_and(char::is_whitespace);
                    if comment || matches!(c, ',' | ']' | '}') {
                        end = i;
                        break;
                    }
                }
                from + rest.get(..end).unwrap_or("").trim_end().len()
            }
        }
    }

    /// The full text with `body[from..to]` replaced by `with`.
    fn splice(&self, from: usize, to: usize, with: &str) -> String {
        let mut out = String::with_capacity(self.bom.len() + self.body.len() + with.len());
        out.push_str(self.bom);
        out.push_str(self.body.get(..from).unwrap_or(""));
        out.push_str(with);
        out.push_str(self.body.get(to..).unwrap_or(""));
        out
    }

    /// The full text with `lines` inserted after 0-based line `after`, each ended with the
    /// file's line break; and the 1-based number of the first inserted line.
    fn insert_lines_after(&self, after: usize, lines: &[String]) -> (String, usize) {
        let eol = self.eol_after(after);
        let at = self.content_end(after);
        let has_break = at < self.body.len();
        let mut inserted = String::new();
        for line in lines {
            inserted.push_str(eol);
            inserted.push_str(line);
        }
        if has_break {
            // Insert after the line break instead, keeping the break of line `after` first.
            let next = self
                .line_starts
                .get(after + 1)
                .copied()
                .unwrap_or(self.body.len());
            let mut text = String::new();
            for line in lines {
                text.push_str(line);
                text.push_str(eol);
            }
            return (self.splice(next, next, &text), after + 2);
        }
        (self.splice(at, at, &inserted), after + 2)
    }

    /// Validate `edited` and check that it reads as the original with only `change` applied to
    /// claim `id`.
    fn check(&self, id: &str, edited: &str, change: impl Fn(&mut Claim)) -> Result<(), EditError> {
        let after = parse_claims_str(self.path, edited).map_err(|problems| EditError {
            file: self.path.to_path_buf(),
            message: format!(
                "editing claim `{id}` would make the file invalid, so it was not changed"
            ),
            help: "make the change by hand; please report this file's layout as a bug".to_string(),
            problems: Some(problems),
        })?;
        let comparable = |claim: &Claim| {
            let mut claim = claim.clone();
            claim.line = 0;
            claim.key_lines.clear();
            claim
        };
        let expected: Vec<Claim> = self
            .before
            .iter()
            .map(|claim| {
                let mut claim = comparable(claim);
                if claim.id == id {
                    change(&mut claim);
                }
                claim
            })
            .collect();
        let got: Vec<Claim> = after.iter().map(comparable).collect();
        if got != expected {
            return Err(self.refuse(
                format!(
                    "editing claim `{id}` would change more than it should, so the file was not \
                     changed"
                ),
                "make the change by hand; please report this file's layout as a bug",
            ));
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::value::PartialDate;

    fn path() -> &'static Path {
        Path::new("claims/test.yaml")
    }

    /// Lines that differ between two texts of the same line count, or all lines otherwise.
    fn changed_lines(a: &str, b: &str) -> (Vec<String>, Vec<String>) {
        let a: Vec<&str> = a.split_inclusive('\n').collect();
        let b: Vec<&str> = b.split_inclusive('\n').collect();
        let mut prefix = 0;
        while prefix < a.len().min(b.len()) && a[prefix] == b[prefix] {
            prefix += 1;
        }
        let mut suffix = 0;
        while suffix < a.len().min(b.len()) - prefix
            && a[a.len() - 1 - suffix] == b[b.len() - 1 - suffix]
        {
            suffix += 1;
        }
        (
            a[prefix..a.len() - suffix]
                .iter()
                .map(|s| s.to_string())
                .collect(),
            b[prefix..b.len() - suffix]
                .iter()
                .map(|s| s.to_string())
                .collect(),
        )
    }

    const FILE: &str = "\
# Claims about the 2024 visit.
claims:
  # The year of the previous visit.
  - id: putin-previous-visit   # checked by Sam
    title: \"Year of Putin's previous visit to North Korea\"
    kind: year
    anchors: [زار بوتين كوريا, 'آخر زيارة لبوتين']

    status: 'review'  # waiting for a second source
    note: >-
      001 says تموز/يوليو 2000;
      # not a comment: part of the note

  - id: artillery-shells
    kind: quantity
    title: Artillery shells
    anchors:
    - قذيفة مدفعية
    - قذائف مدفعية
    # trailing comment of the claim

  - {id: venue, title: Summit venue, kind: choice, anchors: [عقد اللقاء], choices: {vostochny: [فوستوتشني]}}
";

    #[test]
    fn flow_claims_with_comments_trailing_commas_or_several_lines_are_edited() {
        let file = "claims:\n  - {id: one, title: 'It''s {one}', kind: year, anchors: [زار بوتين]}  # trailing }\n  - {id: two, title: \"T\\\"}\", kind: year, anchors: [زار بوتين],}\n  - {id: three, title: Three,\n     kind: year, anchors: [زار بوتين],  # a comment ]}\n    }\n";
        for (id, expected) in [
            (
                "one",
                "anchors: [زار بوتين], status: retired}  # trailing }",
            ),
            ("two", "anchors: [زار بوتين], status: retired}\n"),
            ("three", "# a comment ]}\n     status: retired}\n"),
        ] {
            let edited = set_status(path(), file, id, Status::Retired).expect(id);
            assert!(edited.text.contains(expected), "{id}: {}", edited.text);
        }
        assert_eq!(matching_bracket("{a: [1, 2]} # }", 0), Some(11));
        assert_eq!(matching_bracket("{a: '}', b: \"]\"}", 0), Some(16));
        assert_eq!(matching_bracket("{a: 1", 0), None);
        assert_eq!(matching_bracket("a", 0), None);
    }

    #[test]
    fn files_with_lone_cr_line_breaks_are_edited_with_lone_crs() {
        let file = "claims:\r  - id: a\r    title: A\r    kind: year\r    anchors: [زار بوتين]\r    status: review\r  - id: b\r    title: B\r    kind: year\r    anchors: [زار بوتين]\r";
        let edited = set_status(path(), file, "a", Status::Active).expect("edit");
        assert_eq!(
            edited.text,
            file.replace("status: review", "status: active")
        );
        assert_eq!(edited.line, 6);
        // A claim that is not the last gets its inserted line with a lone CR too.
        let edited = set_status(path(), file, "b", Status::Retired).expect("edit");
        assert_eq!(
            edited.text,
            file.replace("title: B\r", "title: B\r    status: retired\r")
        );
        assert_eq!(edited.line, 9);
        let first = "claims:\r  - id: a\r    title: A\r    kind: year\r    anchors: [زار بوتين]\r  - id: b\r    title: B\r    kind: year\r    anchors: [زار بوتين]\r";
        let edited = set_status(path(), first, "a", Status::Retired).expect("edit");
        assert_eq!(
            edited.text,
            first.replace("title: A\r", "title: A\r    status: retired\r")
        );
        assert_eq!(edited.line, 4);
    }

    #[test]
    fn a_quoted_status_keeps_its_quotes_and_comment() {
        let edited =
            set_status(path(), FILE, "putin-previous-visit", Status::Active).expect("edit");
        assert_eq!(edited.line, 9);
        assert_eq!(
            changed_lines(FILE, &edited.text),
            (
                vec!["    status: 'review'  # waiting for a second source\n".to_string()],
                vec!["    status: 'active'  # waiting for a second source\n".to_string()]
            )
        );
    }

    #[test]
    fn a_missing_status_is_inserted_after_the_title() {
        let edited = set_status(path(), FILE, "artillery-shells", Status::Retired).expect("edit");
        let (removed, added) = changed_lines(FILE, &edited.text);
        assert!(removed.is_empty(), "{removed:?}");
        assert_eq!(added, vec!["    status: retired\n".to_string()]);
        assert!(
            edited
                .text
                .contains("    title: Artillery shells\n    status: retired\n")
        );
        assert_eq!(edited.line, 17);
    }

    #[test]
    fn a_flow_claim_gets_a_flow_entry() {
        let edited = set_status(path(), FILE, "venue", Status::Review).expect("edit");
        assert!(
            edited
                .text
                .contains("choices: {vostochny: [فوستوتشني]}, status: review}\n"),
            "{}",
            edited.text
        );
        let accepted = Accepted {
            values: vec![Value::Choice("vostochny".to_string())],
            reason: Some("one source: \"reviewed\"".to_string()),
        };
        let edited = set_accepted(path(), FILE, "venue", &accepted).expect("edit");
        assert!(edited.text.contains(
            ", accepted: {values: [vostochny], reason: \"one source: \\\"reviewed\\\"\"}}\n"
        ));
    }

    #[test]
    fn re_accepting_keeps_the_comments_of_the_accepted_block() {
        let file = "claims:
  - id: visit
    title: Year of the visit
    kind: year
    anchors: [زار بوتين]
    accepted:   # reviewed in July
      # the two visits differ
      values: [2000, 2001]  # both years
      reason: state visit vs stopover  # why: see 001
    # after the block
";
        let accepted = Accepted {
            values: vec![Value::Year(2000), Value::Year(2024)],
            reason: Some("a new visit".to_string()),
        };
        let edited = set_accepted(path(), file, "visit", &accepted).expect("edit");
        assert_eq!(
            edited.text,
            file.replace("[2000, 2001]", "[2000, 2024]")
                .replace("state visit vs stopover", "a new visit")
        );
        assert_eq!(edited.line, 6);
        // Without a reason, the reason line goes; every comment on other lines stays.
        let accepted = Accepted {
            values: vec![Value::Year(2000)],
            reason: None,
        };
        let edited = set_accepted(path(), file, "visit", &accepted).expect("edit");
        assert_eq!(
            edited.text,
            file.replace("[2000, 2001]", "[2000]").replace(
                "      reason: state visit vs stopover  # why: see 001
",
                ""
            )
        );
        // A block without a reason gets one after `values:`, whatever the list's style.
        let block_list = "claims:
  - id: visit
    title: Year of the visit
    kind: year
    anchors: [زار بوتين]
    accepted:
      # why these
      values:
        - 2000
        - 2001
";
        let accepted = Accepted {
            values: vec![Value::Year(2000)],
            reason: Some("checked".to_string()),
        };
        let edited = set_accepted(path(), block_list, "visit", &accepted).expect("edit");
        assert_eq!(
            edited.text,
            "claims:
  - id: visit
    title: Year of the visit
    kind: year
    anchors: [زار بوتين]
    accepted:
      # why these
      values: [2000]
      reason: checked
"
        );
    }

    #[test]
    fn accepted_is_added_after_the_last_key_even_a_folded_note() {
        let accepted = Accepted {
            values: vec![Value::Year(2000), Value::Year(2001)],
            reason: Some("different visits: state visit vs stopover".to_string()),
        };
        let edited = set_accepted(path(), FILE, "putin-previous-visit", &accepted).expect("edit");
        let (removed, added) = changed_lines(FILE, &edited.text);
        assert!(removed.is_empty());
        assert_eq!(
            added.concat(),
            "    accepted:\n      values: [2000, 2001]\n      reason: \"different visits: state visit vs stopover\"\n"
        );
        assert!(
            edited
                .text
                .contains("# not a comment: part of the note\n    accepted:\n")
        );
        // Replacing the block changes only its lines.
        let again = Accepted {
            values: vec![Value::Year(2000)],
            reason: None,
        };
        let replaced =
            set_accepted(path(), &edited.text, "putin-previous-visit", &again).expect("edit");
        let (removed, added) = changed_lines(&edited.text, &replaced.text);
        assert_eq!(
            removed,
            vec![
                "      values: [2000, 2001]\n".to_string(),
                "      reason: \"different visits: state visit vs stopover\"\n".to_string()
            ]
        );
        assert_eq!(added, vec!["      values: [2000]\n".to_string()]);
    }

    #[test]
    fn accepted_goes_after_a_compact_list_and_before_the_trailing_comment() {
        let accepted = Accepted {
            values: vec![Value::Quantity(5_000_000.0), Value::Quantity(1_000_000.0)],
            reason: None,
        };
        let edited = set_accepted(path(), FILE, "artillery-shells", &accepted).expect("edit");
        assert!(edited.text.contains(
            "    - قذائف مدفعية\n    accepted:\n      values: [5000000, 1000000]\n    # trailing comment of the claim\n"
        ));
    }

    #[test]
    fn crlf_files_and_a_byte_order_mark_stay_as_they_are() {
        let text = format!("\u{FEFF}{}", FILE.replace('\n', "\r\n"));
        let edited = set_status(path(), &text, "artillery-shells", Status::Active).expect("edit");
        assert!(edited.text.starts_with('\u{FEFF}'));
        assert!(
            edited
                .text
                .contains("    title: Artillery shells\r\n    status: active\r\n")
        );
        assert_eq!(
            edited.text.matches('\n').count(),
            edited.text.matches("\r\n").count()
        );
        let quoted =
            set_status(path(), &text, "putin-previous-visit", Status::Active).expect("edit");
        assert_eq!(quoted.text, text.replace("'review'", "'active'"));
    }

    #[test]
    fn a_file_without_a_final_line_break_keeps_none() {
        let text = "claims:\n  - id: a\n    title: T\n    kind: year\n    anchors: [x]";
        let edited = set_accepted(
            path(),
            text,
            "a",
            &Accepted {
                values: vec![Value::Year(1999), Value::Year(2000)],
                reason: None,
            },
        )
        .expect("edit");
        assert_eq!(
            edited.text,
            "claims:\n  - id: a\n    title: T\n    kind: year\n    anchors: [x]\n    accepted:\n      values: [1999, 2000]"
        );
        let status = set_status(path(), text, "a", Status::Review).expect("edit");
        assert_eq!(
            status.text,
            "claims:\n  - id: a\n    title: T\n    status: review\n    kind: year\n    anchors: [x]"
        );
    }

    #[test]
    fn a_block_scalar_status_is_rewritten_on_one_line() {
        let text = "claims:\n  - id: a\n    title: T\n    kind: year\n    anchors: [x]\n    status: >-\n      review\n    note: n\n";
        let edited = set_status(path(), text, "a", Status::Active).expect("edit");
        assert_eq!(
            edited.text,
            "claims:\n  - id: a\n    title: T\n    kind: year\n    anchors: [x]\n    status: active\n    note: n\n"
        );
    }

    #[test]
    fn the_same_status_changes_nothing() {
        let edited =
            set_status(path(), FILE, "putin-previous-visit", Status::Review).expect("edit");
        assert_eq!(edited.text, FILE);
    }

    #[test]
    fn refusals_leave_the_text_alone() {
        let error = set_status(path(), FILE, "no-such-claim", Status::Active).expect_err("no id");
        assert_eq!(
            error.message,
            "no claim has the id `no-such-claim` in this file"
        );
        let broken = FILE.replace("kind: year", "kind: yaer");
        let error =
            set_status(path(), &broken, "artillery-shells", Status::Active).expect_err("invalid");
        assert_eq!(
            error.message,
            "the claim file has problems, so it was not edited"
        );
        assert!(
            error.to_string().contains("did you mean `year`?"),
            "{error}"
        );
        let accepted = Accepted {
            values: vec![Value::Date(PartialDate {
                year: None,
                month: Some(9),
                day: None,
            })],
            reason: None,
        };
        let error = set_accepted(path(), FILE, "artillery-shells", &accepted).expect_err("no year");
        assert!(error.message.contains("cannot be written"), "{error}");
    }

    #[test]
    fn scalars_read_back_as_written() {
        let awkward = [
            "قذائف مدفعية",
            "ما يقرب من 5 ملايين",
            "note: see",
            "a #hashtag",
            "#hashtag",
            "- dash",
            "\"quoted\"",
            "it's",
            "'single'",
            "2000",
            "1e6",
            "2024-06-19",
            "12:30",
            "yes",
            "Null",
            "~",
            "[list]",
            "a, b",
            "{x}",
            "tab\there",
            "line\nbreak",
            "back\\slash",
            "كيم جونغ أون\u{200C}",
            "\u{200F}بيونغ يانغ",
            "*star",
            "&amp",
            "!bang",
            "%pct",
            "@at",
            "`tick",
            "|pipe",
            ">gt",
            "?q",
            ":colon",
            "ends with colon:",
            "5%",
            "وقال: \"لن\"",
            "😀 emoji",
        ];
        for text in awkward {
            let scalar = yaml_scalar(text);
            let yaml = format!(
                "claims:\n  - id: t\n    title: {scalar}\n    kind: quantity\n    anchors: [{scalar}]\n"
            );
            let claims = parse_claims_str(path(), &yaml)
                .unwrap_or_else(|e| panic!("{text:?} as {scalar}: {e}"));
            assert_eq!(claims[0].title, text.trim(), "{text:?} as {scalar}");
            assert_eq!(claims[0].anchors, vec![text.trim().to_string()], "{scalar}");
        }
        assert_eq!(yaml_scalar("قذائف مدفعية"), "قذائف مدفعية");
        assert_eq!(yaml_scalar("\u{200F}x"), "\"\\u200Fx\"");
    }

    #[test]
    fn values_as_claim_files_write_them() {
        assert_eq!(
            yaml_value(&Value::Quantity(5e6)).as_deref(),
            Some("5000000")
        );
        assert_eq!(yaml_value(&Value::Quantity(1.5)).as_deref(), Some("1.5"));
        assert_eq!(yaml_value(&Value::Quantity(f64::NAN)), None);
        assert_eq!(yaml_value(&Value::Year(2000)).as_deref(), Some("2000"));
        let date = PartialDate {
            year: Some(2023),
            month: Some(9),
            day: None,
        };
        assert_eq!(
            yaml_value(&Value::Date(date)).as_deref(),
            Some("\"2023-09\"")
        );
        assert_eq!(
            yaml_value(&Value::Choice("yes".to_string())).as_deref(),
            Some("\"yes\"")
        );
    }

    #[test]
    fn a_new_claim_file_validates_and_maps_lines_to_keys() {
        let claim = NewClaim {
            id: "shells".to_string(),
            title: "Shells: how many? #1".to_string(),
            kind: "choice".to_string(),
            anchors: vec!["قذائف مدفعية".to_string(), "- dash".to_string()],
            choices: vec![
                ("many".to_string(), vec!["ملايين".to_string()]),
                ("yes".to_string(), vec!["نعم: \"تماما\"".to_string()]),
            ],
            unit: None,
            tolerance: None,
            window: Some("sentence".to_string()),
        };
        let (text, lines) = new_claim_yaml(&claim);
        let claims = parse_claims_str(path(), &text).expect("valid");
        assert_eq!(claims[0].title, "Shells: how many? #1");
        assert_eq!(claims[0].status, Status::Review);
        assert_eq!(claims[0].anchors[1], "- dash");
        assert_eq!(claims[0].choices[1].label, "yes");
        assert_eq!(
            claims[0].choices[1].phrases,
            vec!["نعم: \"تماما\"".to_string()]
        );
        for (key, line) in &claims[0].key_lines {
            assert!(
                lines.contains(&(*line, key_name(key))),
                "{key} on line {line}: {lines:?}"
            );
        }
        assert_eq!(tolerance_scalar("5%"), "5%");
        assert_eq!(tolerance_scalar("1000"), "1000");
        assert_eq!(tolerance_scalar("five"), "five");
    }

    /// Random damage to a claim file never makes an edit panic, and an edit that succeeds
    /// always yields a valid file with the change made.
    #[test]
    fn edits_of_damaged_files_never_panic_and_never_lie() {
        let alphabet: Vec<char> = " :-#'\"\n\r\t{}[],>|aق٣\u{FEFF}".chars().collect();
        let mut seed: u64 = 0x2545_F491_4F6C_DD1D;
        let mut next = |bound: usize| {
            // xorshift64: deterministic, so a failure can be reproduced.
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            (seed % bound.max(1) as u64) as usize
        };
        let accepted = Accepted {
            values: vec![Value::Year(2000), Value::Year(2019)],
            reason: Some("a: b".to_string()),
        };
        let mut succeeded = 0;
        for _ in 0..1500 {
            let mut chars: Vec<char> = FILE.chars().collect();
            for _ in 0..1 + next(3) {
                let at = next(chars.len());
                if next(2) == 0 {
                    chars.remove(at);
                } else {
                    chars.insert(at, alphabet[next(alphabet.len())]);
                }
            }
            let text: String = chars.into_iter().collect();
            for id in ["putin-previous-visit", "artillery-shells", "venue"] {
                if let Ok(edited) = set_status(path(), &text, id, Status::Retired) {
                    let claims = parse_claims_str(path(), &edited.text).expect("valid");
                    let claim = claims.iter().find(|c| c.id == id).expect("the claim");
                    assert_eq!(claim.status, Status::Retired, "{text:?}");
                    succeeded += 1;
                }
                if let Ok(edited) = set_accepted(path(), &text, id, &accepted) {
                    let claims = parse_claims_str(path(), &edited.text).expect("valid");
                    let claim = claims.iter().find(|c| c.id == id).expect("the claim");
                    assert_eq!(claim.accepted.as_ref(), Some(&accepted), "{text:?}");
                }
            }
        }
        // Most single-character damage leaves a valid file, so most edits go through.
        assert!(succeeded > 500, "{succeeded}");
    }

    fn key_name(key: &str) -> &'static str {
        super::super::validate::CLAIM_KEYS
            .iter()
            .find(|k| **k == key)
            .copied()
            .unwrap_or("")
    }
}
