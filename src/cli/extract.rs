//! `crosscheck extract`: the values the parser reads in a text, one JSON object a line.

use super::{UsageError, print};
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
        _ => {
            read_stdin().map_err(|message| UsageError(format!("crosscheck extract: {message}")))?
        }
    };
    let found = extract_text(&text, args.kind.map(Kind::from));
    let mut out = String::new();
    for value in &found {
        out.push_str(&value.to_json_line());
        out.push('\n');
    }
    print(&out);
    Ok(ExitCode::SUCCESS)
}

/// Reads all of standard input as UTF-8.
fn read_stdin() -> Result<String, String> {
    let mut bytes = Vec::new();
    io::stdin()
        .lock()
        .read_to_end(&mut bytes)
        .map_err(|error| format!("cannot read standard input: {error}"))?;
    String::from_utf8(bytes).map_err(|error| {
        format!(
            "standard input is not UTF-8 text (invalid byte at offset {}); convert it first, \
             e.g. with `iconv -f WINDOWS-1256 -t UTF-8`",
            error.utf8_error().valid_up_to()
        )
    })
}
