//! `--write FILE`: appending suggestions to a claim file, keeping every byte already there.
//!
//! The file's text is kept as it is (comments, quoting, key order, line endings) and the new
//! claims are added at its end, indented like the claims already listed. Before anything is
//! written the new text is validated with the rules of `crosscheck validate`, and the claims
//! already in the file must read back exactly as before; the file is then replaced atomically
//! ([`crate::safe_write`], as `claim new` writes). An id already used in the file or in the
//! claims folder is never written again: that suggestion is skipped and named.

use super::Suggestion;
use crate::claims::parse_claims_str;
use crate::safe_write::{Overwrite, write_atomic};
use std::collections::HashSet;
use std::path::Path;

/// What [`append`] did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Appended {
    /// Ids written, in order.
    pub written: Vec<String>,
    /// Ids skipped because a claim already has them.
    pub skipped: Vec<String>,
}

/// Appends `suggestions` to the claim file at `path` (created when missing), skipping every
/// id in `taken` or already in the file.
///
/// # Errors
///
/// A message (starting `error:`) when the file cannot be read, is not valid already, lists
/// its claims in a form new items cannot follow (`claims: [...]`), or cannot be written.
/// Nothing is written then.
pub fn append(
    path: &Path,
    suggestions: &[&Suggestion],
    taken: &HashSet<String>,
) -> Result<Appended, String> {
    let existing = match std::fs::read(path) {
        Ok(bytes) => Some(String::from_utf8(bytes).map_err(|_| {
            format!(
                "error: `{}` is not UTF-8, so no suggestion was written to it",
                path.display()
            )
        })?),
        Err(error) if error.kind() == std::io::ErrorKind::NotFound => None,
        Err(error) => {
            return Err(format!("error: cannot read `{}`: {error}", path.display()));
        }
    };
    let old_claims = match &existing {
        Some(text) => parse_claims_str(path, text).map_err(|errors| {
            format!(
                "{errors}\n\nerror: `{}` has problems, so no suggestion was written to it\n\
                 help: fix them first (`crosscheck validate` lists them), or write to another file",
                path.display()
            )
        })?,
        None => Vec::new(),
    };
    let mut used: HashSet<&str> = old_claims.iter().map(|c| c.id.as_str()).collect();
    used.extend(taken.iter().map(String::as_str));
    let mut appended = Appended {
        written: Vec::new(),
        skipped: Vec::new(),
    };
    let mut items = String::new();
    for suggestion in suggestions {
        if used.contains(suggestion.id.as_str()) {
            appended.skipped.push(suggestion.id.clone());
            continue;
        }
        items.push_str(&suggestion.claim_yaml());
        appended.written.push(suggestion.id.clone());
    }
    if appended.written.is_empty() {
        return Ok(appended);
    }
    let text = match &existing {
        None => format!("claims:\n{items}"),
        Some(text) => {
            let indent = item_indent(text).ok_or_else(|| {
                format!(
                    "error: the claims of `{}` are not a block list (`- id: …` lines), so new \
                     claims cannot be added after them; nothing was written\n\
                     help: write to another file, e.g. --write claims/suggested.yaml",
                    path.display()
                )
            })?;
            let newline = if text.contains("\r\n") { "\r\n" } else { "\n" };
            let mut out = text.clone();
            if !out.is_empty() && !out.ends_with('\n') {
                out.push_str(newline);
            }
            for line in items.lines() {
                out.push_str(&indent);
                out.push_str(line.strip_prefix("  ").unwrap_or(line));
                out.push_str(newline);
            }
            out
        }
    };
    // The same rules as `validate`, and the claims already there unchanged.
    let parsed = parse_claims_str(path, &text).map_err(|errors| {
        format!("{errors}\n\nerror: the suggestions would not make a valid claim file, so nothing was written")
    })?;
    let unchanged = parsed.len() == old_claims.len() + appended.written.len()
        && parsed.iter().zip(&old_claims).all(|(new, old)| new == old);
    if !unchanged {
        return Err(format!(
            "error: adding the suggestions would change the claims already in `{}`, so nothing \
             was written\nhelp: write to another file, e.g. --write claims/suggested.yaml",
            path.display()
        ));
    }
    let overwrite = if existing.is_some() {
        Overwrite::Allow
    } else {
        Overwrite::Refuse
    };
    write_atomic(path, text.as_bytes(), overwrite).map_err(|error| format!("error: {error}"))?;
    Ok(appended)
}

/// The indentation of the file's `- ` list items (the first one after `claims:`).
fn item_indent(text: &str) -> Option<String> {
    let mut lines = text
        .lines()
        .skip_while(|l| !l.trim_start().starts_with("claims:"));
    let header = lines.next()?;
    if !header
        .trim_start()
        .trim_start_matches("claims:")
        .trim()
        .is_empty()
        && !header
            .trim_start()
            .trim_start_matches("claims:")
            .trim_start()
            .starts_with('#')
    {
        return None;
    }
    let item = lines.find(|l| {
        let t = l.trim_start();
        !t.is_empty() && !t.starts_with('#')
    })?;
    let trimmed = item.trim_start();
    (trimmed.starts_with("- ") || trimmed == "-").then(|| {
        item.get(..item.len() - trimmed.len())
            .unwrap_or("")
            .to_string()
    })
}
