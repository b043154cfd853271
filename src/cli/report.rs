//! `crosscheck report` and `crosscheck check`: the consistency report and the CI gate.

use super::{
    ClaimsArgs, UsageError, load_claims, print_with, suggest_id, terminal_width, warn_about,
};
use crate::claims::{Claim, ClaimSet, Status};
use crate::compare::Verdict;
use crate::render::{self, ColorChoice, Format, Gate};
use crate::report::ClaimReport;
use crate::safe_write::{self, Input};
use clap::Args;
use std::fmt::Write as _;
use std::io::{self, IsTerminal, Write};
use std::path::PathBuf;
use std::process::ExitCode;

/// Which claims to report and how.
#[derive(Debug, Args)]
pub struct ReportArgs {
    #[command(flatten)]
    pub(crate) paths: ClaimsArgs,
    /// Only this claim (repeat for several).
    #[arg(long = "claim", value_name = "ID")]
    claim_ids: Vec<String>,
    /// Only claims with these statuses (comma-separated: active,review). Default: both.
    /// Retired claims are always skipped.
    #[arg(long, value_name = "STATUS", value_delimiter = ',', value_parser = parse_status)]
    status: Vec<Status>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Table)]
    format: Format,
    /// Colour the table: auto (a terminal, and NO_COLOR unset), always, never.
    #[arg(long, value_enum, default_value_t = ColorChoice::Auto, value_name = "WHEN")]
    color: ColorChoice,
    /// Write the report to FILE (atomically: the old file stays whole until the new one is
    /// complete) instead of standard output. With `check`, the table of what fails and the
    /// summary still go to the terminal.
    #[arg(long, value_name = "FILE")]
    output: Option<PathBuf>,
    // `--jobs`, `--quiet` (and the hidden `--reference-matcher`).
    #[command(flatten)]
    scan: super::scan::ScanArgs,
}

/// `check`: the report options plus what fails.
#[derive(Debug, Args)]
pub struct CheckArgs {
    #[command(flatten)]
    report: ReportArgs,
    /// Verdicts that fail the check (comma-separated: conflict, single, unstated, missing).
    /// Only active claims of severity error can fail.
    #[arg(
        long,
        value_name = "VERDICTS",
        value_delimiter = ',',
        default_value = "conflict",
        value_parser = parse_fail_on
    )]
    fail_on: Vec<Verdict>,
}

fn parse_status(text: &str) -> Result<Status, String> {
    Status::from_name(text.trim())
        .ok_or_else(|| format!("`{text}` is not a status; use active, review or retired"))
}

fn parse_fail_on(text: &str) -> Result<Verdict, String> {
    let name = text.trim();
    match Verdict::ALL.iter().find(|v| v.as_str() == name) {
        Some(Verdict::Accepted) | Some(Verdict::Agree) => Err(format!(
            "`{name}` cannot fail a check; use conflict, single, unstated or missing"
        )),
        Some(v) => Ok(*v),
        None => Err(format!(
            "`{name}` is not a verdict; use conflict, single, unstated or missing"
        )),
    }
}

/// The claims `--claim` and `--status` select, in id order.
fn select(set: &ClaimSet, args: &ReportArgs) -> Result<Vec<Claim>, UsageError> {
    for id in &args.claim_ids {
        if set.get(id).is_none() {
            let mut message = format!("error: no claim has the id `{id}`");
            if let Some(near) = suggest_id(set, id) {
                let _ = write!(message, "; did you mean `{near}`?");
            }
            let _ = write!(
                message,
                "\nhelp: `crosscheck claim list` or `crosscheck validate` show the ids in `{}`",
                args.paths.claims.display()
            );
            return Err(UsageError(message));
        }
    }
    let statuses: &[Status] = if args.status.is_empty() {
        &[Status::Active, Status::Review]
    } else {
        &args.status
    };
    Ok(set
        .iter()
        .filter(|c| args.claim_ids.is_empty() || args.claim_ids.contains(&c.id))
        .filter(|c| statuses.contains(&c.status) || args.claim_ids.contains(&c.id))
        .cloned()
        .collect())
}

pub(crate) fn report_command(
    args: &ReportArgs,
    fail_on: Option<&[Verdict]>,
) -> Result<ExitCode, UsageError> {
    let inputs = [
        Input {
            path: &args.paths.claims,
            role: "the claims folder (`--claims`)",
        },
        Input {
            path: &args.paths.corpus,
            role: "the corpus (`--corpus`)",
        },
    ];
    // Before the scan, so a wrong `--output` costs no time.
    if let Some(path) = &args.output {
        safe_write::check_output(path, &inputs).map_err(output_error)?;
    }
    let set = load_claims(&args.paths)?;
    let selected = select(&set, args)?;
    let report = super::scan::build_report(&args.scan, &args.paths.corpus, &selected)?;
    warn_about(&report.corpus);
    let failing: Vec<&ClaimReport> = match fail_on {
        Some(fail_on) => report
            .claims
            .iter()
            .filter(|c| crate::report::gate::fails(c, fail_on))
            .collect(),
        None => report.claims.iter().collect(),
    };
    let gate = Gate::of(&report, fail_on);
    let options = |to_terminal: bool| render::RenderOptions {
        gate: &gate,
        table_claims: &failing,
        table: render::table::TableOptions {
            color: args
                .color
                .enabled(to_terminal && io::stdout().is_terminal()),
            width: terminal_width(),
        },
    };
    let table = |to_terminal: bool, out: &mut dyn Write| -> io::Result<()> {
        render::write(Format::Table, &report, &options(to_terminal), out)
    };
    let write_output = |out: &mut dyn Write| -> io::Result<()> {
        render::write(args.format, &report, &options(args.output.is_none()), out)
    };
    match &args.output {
        None => print_with(write_output),
        Some(path) => {
            safe_write::write_output(path, &inputs, write_output).map_err(output_error)?;
            if fail_on.is_some() {
                print_with(|out| table(true, out));
            }
        }
    }
    Ok(exit_code(fail_on.is_some() && !failing.is_empty()))
}

/// The error of an `--output` that cannot or must not be written.
fn output_error(error: safe_write::WriteError) -> UsageError {
    UsageError(format!(
        "error: {}",
        crate::escape::control_chars(&error.to_string())
    ))
}

/// Exit 1 when the gate failed, 0 otherwise.
fn exit_code(failed: bool) -> ExitCode {
    if failed {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    }
}

/// `crosscheck check`: the report of what fails, exit 1 when anything does.
pub(crate) fn check_command(args: &CheckArgs) -> Result<ExitCode, UsageError> {
    report_command(&args.report, Some(&args.fail_on))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fail_on_accepts_only_failing_verdicts() {
        assert_eq!(parse_fail_on("conflict"), Ok(Verdict::Conflict));
        assert_eq!(parse_fail_on(" missing"), Ok(Verdict::Missing));
        assert!(parse_fail_on("agree").unwrap_err().contains("cannot fail"));
        assert!(
            parse_fail_on("conflicts")
                .unwrap_err()
                .contains("not a verdict")
        );
    }
}
