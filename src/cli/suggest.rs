//! `crosscheck suggest`: claims proposed from the corpus alone (see [`crate::suggest`]).

use super::{ClaimsArgs, UsageError, print, terminal_width, warn_about};
use crate::suggest::{self, Options, output};
use crate::value::Kind;
use clap::{Args, ValueEnum};
use std::collections::HashSet;
use std::fmt::Write as _;
use std::io::{self, Write as _};
use std::path::PathBuf;
use std::process::ExitCode;

/// The output formats of `suggest`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum SuggestFormat {
    /// A table: rank, verdict, values with `file:line`, anchors.
    Table,
    /// JSON, with every observation's evidence.
    Json,
    /// A claims file of the suggestions (`status: review`).
    Yaml,
}

/// What to suggest and how to show it.
#[derive(Debug, Args)]
pub struct SuggestArgs {
    #[command(flatten)]
    paths: ClaimsArgs,
    /// Most suggestions shown.
    #[arg(long, value_name = "N", default_value_t = 20, value_parser = clap::value_parser!(u64).range(1..))]
    top: u64,
    /// Only these kinds (comma-separated: quantity, year, date). Default: all three.
    #[arg(long, value_name = "K", value_delimiter = ',', value_parser = parse_kind)]
    kind: Vec<Kind>,
    /// Fewest sources that must state a figure for it to be suggested.
    #[arg(long, value_name = "N", default_value_t = 2, value_parser = clap::value_parser!(u64).range(2..))]
    min_sources: u64,
    /// Output format.
    #[arg(short, long, value_enum, default_value_t = SuggestFormat::Table)]
    format: SuggestFormat,
    /// Append the suggestions to this claim file (created when missing), with status review;
    /// an id already used is skipped, nothing already in the file changes.
    #[arg(long, value_name = "FILE")]
    write: Option<PathBuf>,
    /// The grouping threshold (weighted overlap of context words, 0..1), for measuring it.
    #[arg(long, hide = true, value_name = "T", default_value_t = suggest::grouping::DEFAULT_THRESHOLD)]
    group_threshold: f64,
    // `--jobs`, `--quiet`.
    #[command(flatten)]
    scan: super::scan::ScanArgs,
}

fn parse_kind(text: &str) -> Result<Kind, String> {
    match text.trim() {
        "quantity" => Ok(Kind::Quantity),
        "year" => Ok(Kind::Year),
        "date" => Ok(Kind::Date),
        other => Err(format!(
            "`{other}` is not a kind suggest finds; use quantity, year or date"
        )),
    }
}

pub(crate) fn suggest_command(args: &SuggestArgs) -> Result<ExitCode, UsageError> {
    let existing = super::claim::existing_claims(&args.paths.claims)?;
    let existing: Vec<_> = existing.iter().cloned().collect();
    let options = Options {
        kinds: args.kind.clone(),
        min_sources: usize::try_from(args.min_sources).unwrap_or(usize::MAX),
        top: usize::try_from(args.top).unwrap_or(usize::MAX),
        threshold: args.group_threshold,
    };
    let pool = args.scan.thread_pool()?;
    let progress = args.scan.progress();
    let callback = |p: crate::report::ScanProgress| {
        if let Some(progress) = &progress {
            progress.update(p);
        }
    };
    let callback_ref = progress
        .as_ref()
        .map(|_| &callback as &(dyn Fn(crate::report::ScanProgress) + Sync));
    let found =
        pool.install(|| suggest::suggest(&args.paths.corpus, &existing, &options, callback_ref));
    if let Some(progress) = &progress {
        progress.bar.finish_and_clear();
    }
    let found = found.map_err(super::corpus_error)?;
    warn_about(&found.corpus);
    let text = match args.format {
        SuggestFormat::Table => output::table(&found, terminal_width()),
        SuggestFormat::Json => output::json(&found),
        SuggestFormat::Yaml => output::yaml(&found),
    };
    match args.format {
        SuggestFormat::Table => print(&text),
        SuggestFormat::Json | SuggestFormat::Yaml => super::print_raw(&text),
    }
    if let Some(file) = &args.write {
        let taken: HashSet<String> = existing.iter().map(|c| c.id.clone()).collect();
        let all: Vec<&suggest::Suggestion> = found.suggestions.iter().collect();
        let appended = suggest::write::append(file, &all, &taken).map_err(UsageError)?;
        let mut message = format!(
            "Wrote {} suggested claim{} to {} with status review.",
            appended.written.len(),
            if appended.written.len() == 1 { "" } else { "s" },
            file.display()
        );
        if !appended.skipped.is_empty() {
            let _ = write!(
                message,
                "\nSkipped {} whose id a claim already has: {}",
                appended.skipped.len(),
                appended.skipped.join(", ")
            );
        }
        if !appended.written.is_empty() {
            message.push_str(
                "\nReview each with `crosscheck explain ID`; then `crosscheck claim promote ID` \
                 or `crosscheck claim retire ID`.",
            );
        }
        let _ = writeln!(
            io::stderr(),
            "{}",
            crate::escape::control_chars_in_lines(&message)
        );
    }
    Ok(ExitCode::SUCCESS)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_kinds_with_values_are_accepted() {
        assert_eq!(parse_kind(" year"), Ok(Kind::Year));
        assert!(
            parse_kind("choice")
                .unwrap_err()
                .contains("quantity, year or date")
        );
    }
}
