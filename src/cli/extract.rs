//! `crosscheck extract`: the values the parser reads in a text, one JSON object a line.

use super::{UsageError, print_raw};
use crate::extract::extract_text;
use crate::value::Kind;
use clap::{Args, ValueEnum};
use std::io::{self, Read};
use std::process::ExitCode;

/// Arguments of `crosscheck extract`.
#[derive(Debug, Args)]
pub struct ExtractArgs {
    /// Only values of this kind (default: quantities, years and dates).
    #[arg(long, value_enum)]
    kind: Option<ExtractKind>,
    /// The text to read; `-` or nothing reads standard input.
    text: Option<String>,
}

/// The kinds `extract` can look for (choices need a claim, so they are not among them).
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
enum ExtractKind {
    /// Numbers, with their qualifier.
    Quantity,
    /// Years.
    Year,
    /// Full or partial dates.
    Date,
}

impl From<ExtractKind> for Kind {
    fn from(kind: ExtractKind) -> Kind {
        match kind {
            ExtractKind::Quantity => Kind::Quantity,
            ExtractKind::Year => Kind::Year,
            ExtractKind::Date => Kind::Date,
        }
    }
}

/// `crosscheck extract`: reads the text, prints one JSON line per value found.
pub(crate) fn extract_command(args: &ExtractArgs) -> Result<ExitCode, UsageError> {
    let text = match args.text.as_deref() {
        Some(text) if text != "-" => text.to_owned(),
        _ => read_stdin().map_err(|message| UsageError(format!("error: {message}")))?,
    };
    let found = extract_text(&text, args.kind.map(Kind::from));
    let mut out = String::new();
    for value in &found {
        out.push_str(&value.to_json_line());
        out.push('\n');
    }
    print_raw(&out);
    Ok(ExitCode::SUCCESS)
}

/// Reads all of standard input as UTF-8, up to `--max-article-bytes`.
fn read_stdin() -> Result<String, String> {
    read_limited(io::stdin().lock(), crate::limits::max_article_bytes())
}

/// Reads `input` as UTF-8 text of at most `limit` bytes; more is an error, found after reading
/// one byte past the limit (so an endless input such as `/dev/zero` stops there).
fn read_limited(input: impl Read, limit: u64) -> Result<String, String> {
    let mut bytes = Vec::new();
    input
        .take(limit.saturating_add(1))
        .read_to_end(&mut bytes)
        .map_err(|error| format!("cannot read standard input: {error}"))?;
    if bytes.len() as u64 > limit {
        return Err(format!(
            "standard input is over the limit of {limit} bytes for one article; split it, or \
             raise the limit with --max-article-bytes"
        ));
    }
    String::from_utf8(bytes).map_err(|error| {
        format!(
            "standard input is not UTF-8 text (invalid byte at offset {}); convert it first, \
             e.g. with {}",
            error.utf8_error().valid_up_to(),
            crate::corpus::legacy::guess(error.as_bytes()).iconv()
        )
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn standard_input_is_read_up_to_the_article_limit() {
        assert_eq!(
            read_limited("5 ملايين".as_bytes(), 14),
            Ok("5 ملايين".to_string())
        );
        assert_eq!(
            read_limited("5 ملايين".as_bytes(), 13),
            Err(
                "standard input is over the limit of 13 bytes for one article; split it, or \
                 raise the limit with --max-article-bytes"
                    .to_string()
            )
        );
        // An endless input stops one byte past the limit.
        assert!(read_limited(io::repeat(0), 1000).is_err());
    }
}
