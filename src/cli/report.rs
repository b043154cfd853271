//! `crosscheck report` and `crosscheck check`: the consistency report and the CI gate.

use super::{
    ClaimsArgs, UsageError, load_claims, print_with, suggest_id, terminal_width, warn_about,
};
use crate::claims::{Claim, ClaimSet, Severity, Status};
use crate::compare::Verdict;
use crate::render::{self, ColorChoice, Format, Gate};
use crate::report::{ClaimReport, Report};
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
    /// An article file or a folder of articles to check instead of `--corpus`, e.g.
    /// `crosscheck check corpus/new-article.txt`.
    #[arg(value_name = "PATH", conflicts_with = "corpus")]
    path: Option<PathBuf>,
    /// Only this claim (repeat for several).
    #[arg(long = "claim", value_name = "ID")]
    claim_ids: Vec<String>,
    /// Only claims with these statuses (comma-separated: active,review). Default: both.
    /// Retired claims are always skipped.
    #[arg(long, value_name = "STATUS", value_delimiter = ',', value_parser = parse_status)]
    status: Vec<Status>,
    /// Output format.
    #[arg(short, long, value_enum, default_value_t = Format::Table)]
    format: Format,
    /// Colour the table: auto (a terminal, and NO_COLOR unset), always, never.
    #[arg(long, value_enum, default_value_t = ColorChoice::Auto, value_name = "WHEN")]
    color: ColorChoice,
    /// Write the report to FILE (atomically: the old file stays whole until the new one is
    /// complete) instead of standard output. With `check`, the table of what fails and the
    /// summary still go to the terminal.
    #[arg(short, long, value_name = "FILE")]
    output: Option<PathBuf>,
    /// Merge the files of findings of `crosscheck scan --shard K/N --emit FILE` (every shard
    /// of one corpus) instead of scanning the corpus (docs/shards.md).
    #[arg(long, value_name = "FILE", num_args = 1..)]
    from: Vec<PathBuf>,
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

use super::parse_status;

pub(crate) fn parse_fail_on(text: &str) -> Result<Verdict, String> {
    let name = text.trim();
    match Verdict::ALL.iter().find(|v| v.as_str() == name) {
        Some(Verdict::Accepted) | Some(Verdict::Agree) => Err(format!(
            "`{name}` cannot fail a check; use conflict, single, unstated or missing"
        )),
        Some(v) => Ok(*v),
        None => Err(format!(
            "`{name}` is not a verdict;{} use conflict, single, unstated or missing",
            super::did_you_mean_text(name, &["conflict", "single", "unstated", "missing"])
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
    warn_retired(set, &args.claim_ids);
    Ok(set
        .iter()
        .filter(|c| args.claim_ids.is_empty() || args.claim_ids.contains(&c.id))
        .filter(|c| statuses.contains(&c.status) || args.claim_ids.contains(&c.id))
        .cloned()
        .collect())
}

/// Warns about each claim `--claim` names that is retired: it is not scanned, so the report
/// would leave it out without a word.
fn warn_retired(set: &ClaimSet, ids: &[String]) {
    let mut stderr = crate::escape::Escaping::new(io::stderr().lock());
    for id in ids {
        if let Some(claim) = set.get(id).filter(|c| c.status == Status::Retired) {
            let _ = writeln!(
                stderr,
                "warning: claim `{id}` is retired ({}:{}), so it is not scanned or reported\n  \
                 = help: `crosscheck claim promote {id}` checks it again",
                claim.file.display(),
                claim.line
            );
        }
    }
}

/// The lines saying which verdicts `check` let through and why, e.g. `1 conflict not failing:
/// --fail-on missing` or `1 conflict not failing: in review (easley-university)`. Agreement
/// and accepted conflicts never fail, and are not listed.
pub(crate) fn let_through(report: &Report, fail_on: &[Verdict]) -> Vec<String> {
    let fail_on_names: Vec<&str> = fail_on.iter().map(|v| v.as_str()).collect();
    let fail_on_reason = format!("--fail-on {}", fail_on_names.join(","));
    // (reason, verdict) → ids, in a stable order.
    let mut groups: Vec<(String, Verdict, Vec<&str>)> = Vec::new();
    for claim_report in &report.claims {
        let verdict = claim_report.verdict();
        if matches!(verdict, Verdict::Agree | Verdict::Accepted)
            || crate::report::gate::fails(claim_report, fail_on)
        {
            continue;
        }
        let claim = &claim_report.claim;
        let reason = if !fail_on.contains(&verdict) {
            fail_on_reason.clone()
        } else if claim.status == Status::Review {
            "in review".to_string()
        } else if claim.severity == Severity::Warning {
            "severity warning".to_string()
        } else {
            continue;
        };
        match groups
            .iter_mut()
            .find(|(r, v, _)| *r == reason && *v == verdict)
        {
            Some((_, _, ids)) => ids.push(&claim.id),
            None => groups.push((reason, verdict, vec![&claim.id])),
        }
    }
    // `--fail-on` first, then the claims' status, then their severity.
    let mut reasons: Vec<String> = Vec::new();
    for (reason, _, _) in &groups {
        if !reasons.contains(reason) {
            reasons.push(reason.clone());
        }
    }
    reasons.sort_by_key(|reason| match reason.as_str() {
        "in review" => 1,
        "severity warning" => 2,
        _ => 0,
    });
    reasons
        .iter()
        .map(|reason| {
            let mut verdicts: Vec<(Verdict, Vec<&str>)> = groups
                .iter()
                .filter(|(r, _, _)| r == reason)
                .map(|(_, v, ids)| (*v, ids.clone()))
                .collect();
            verdicts.sort_by_key(|(v, _)| *v);
            let counts: Vec<String> = verdicts
                .iter()
                .map(|(v, ids)| format!("{} {}", ids.len(), v.as_str()))
                .collect();
            let mut line = format!("{} not failing: {reason}", counts.join(", "));
            // Status and severity are the claims' own: name them, so they can be promoted.
            if !reason.starts_with("--fail-on") {
                let mut ids: Vec<&str> = verdicts.iter().flat_map(|(_, ids)| ids.clone()).collect();
                ids.sort_unstable();
                const SHOWN: usize = 5;
                let more = ids.len().saturating_sub(SHOWN);
                ids.truncate(SHOWN);
                let _ = write!(line, " ({}", ids.join(", "));
                if more > 0 {
                    let _ = write!(line, " and {more} more");
                }
                line.push(')');
            }
            line
        })
        .collect()
}

pub(crate) fn report_command(
    args: &ReportArgs,
    fail_on: Option<&[Verdict]>,
) -> Result<ExitCode, UsageError> {
    let corpus = args.path.as_ref().unwrap_or(&args.paths.corpus);
    let inputs = [
        Input {
            path: &args.paths.claims,
            role: "the claims folder (`--claims`)",
        },
        Input {
            path: corpus,
            role: "the corpus (`--corpus`)",
        },
    ];
    // Before the scan, so a wrong `--output` costs no time.
    if let Some(path) = &args.output {
        safe_write::check_output(path, &inputs).map_err(output_error)?;
    }
    let set = load_claims(&args.paths)?;
    let selected = select(&set, args)?;
    let report = if args.from.is_empty() {
        super::scan::build_report(&args.scan, corpus, &selected)?
    } else {
        merged_report(&args.from, &selected)?
    };
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
                .enabled(to_terminal && io::stdout().is_terminal() && !super::dumb_terminal()),
            width: terminal_width(),
        },
    };
    let table = |to_terminal: bool, out: &mut dyn Write| -> io::Result<()> {
        render::write(Format::Table, &report, &options(to_terminal), out)
    };
    let write_output = |out: &mut dyn Write| -> io::Result<()> {
        render::write(args.format, &report, &options(args.output.is_none()), out)
    };
    let table_on_stdout = match &args.output {
        None => {
            print_with(write_output);
            args.format == Format::Table
        }
        Some(path) => {
            safe_write::write_output(path, &inputs, write_output).map_err(output_error)?;
            if fail_on.is_some() {
                print_with(|out| table(true, out));
            }
            fail_on.is_some()
        }
    };
    if let Some(fail_on) = fail_on {
        // Below the summary when it is on the terminal; on stderr when standard output is a
        // machine format.
        let lines = let_through(&report, fail_on);
        if !lines.is_empty() {
            let text = lines.join("\n") + "\n";
            if table_on_stdout {
                super::print(&text);
            } else {
                let _ = io::stderr().write_all(text.as_bytes());
            }
        }
    }
    Ok(exit_code(fail_on.is_some() && !failing.is_empty()))
}

/// The report merged from files of findings (`--from`).
fn merged_report(files: &[PathBuf], claims: &[Claim]) -> Result<crate::report::Report, UsageError> {
    let mut read = Vec::with_capacity(files.len());
    for path in files {
        let name = path.display().to_string();
        let file = std::fs::File::open(path)
            .map_err(|e| UsageError(format!("error: cannot read {name}: {e}")))?;
        let mut input = io::BufReader::new(file);
        let findings =
            crate::shard::read(&mut input, &name).map_err(|e| UsageError(format!("error: {e}")))?;
        read.push((name, findings));
    }
    crate::shard::merge(read, claims).map_err(|e| UsageError(format!("error: {e}")))
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
