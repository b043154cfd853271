//! `crosscheck accept ID [--reason TEXT]`: record a reviewed conflict in the claim, so `check`
//! stops failing on it until a new value appears.
//!
//! The values recorded are those the sources state now, read from a fresh scan of the corpus:
//! one value for each set of statements that agree with each other under the claim's rules
//! (tolerance, `compare`), so every statement of today agrees with a recorded value and the
//! verdict becomes `accepted`. A value stated later that agrees with none of them makes the
//! claim a `conflict` again, and the report names that value.

use super::claim::{edit_claim_file, find_claim};
use super::{ClaimsArgs, UsageError, load_claims, print, warn_about};
use crate::claims::edit;
use crate::claims::{Accepted, Claim, Status};
use crate::compare::{self, Rules, Statement, Verdict};
use crate::render::display_value;
use crate::report::{self, ClaimReport};
use crate::value::Value;
use clap::Args;
use std::process::ExitCode;

/// Options of `accept`.
#[derive(Debug, Args)]
pub struct AcceptArgs {
    /// The id of the claim whose conflict was reviewed.
    #[arg(value_name = "ID")]
    id: String,
    /// Why the values do not contradict each other; recorded in the claim for the next
    /// reviewer. Without it, a reason already recorded is kept.
    #[arg(long, value_name = "TEXT", allow_hyphen_values = true)]
    reason: Option<String>,
    /// Edit the claim file even when it is read-only (mode `0444`); it stays read-only.
    #[arg(long)]
    force: bool,
    #[command(flatten)]
    paths: ClaimsArgs,
}

/// The comparison rules of a claim, without `expected` and `accepted` (only agreement between
/// two values is asked of them here).
fn rules(claim: &Claim) -> Rules<'_> {
    Rules {
        tolerance: claim.tolerance,
        mode: claim.compare,
        expected: None,
        accepted: &[],
    }
}

fn statement<'a>(report: &'a ClaimReport, index: usize) -> Option<Statement<'a>> {
    report.observations.get(index).map(|o| Statement {
        source: "",
        value: &o.observed.value,
        qualifier: o.observed.qualifier,
        year_inferred: o.observed.year_inferred,
    })
}

/// A recorded value, compared as `compare` compares accepted values: as stated, unqualified.
fn recorded(value: &Value) -> Statement<'_> {
    Statement {
        source: "",
        value,
        qualifier: None,
        year_inferred: false,
    }
}

/// Whether every statement of the report agrees with one of `values` under the claim's rules.
fn all_covered(report: &ClaimReport, values: &[Value]) -> bool {
    let rules = rules(&report.claim);
    (0..report.observations.len()).all(|index| {
        statement(report, index).is_some_and(|s| {
            values
                .iter()
                .any(|value| compare::agree(&s, &recorded(value), &rules))
        })
    })
}

/// The values to record for a claim's current conflict: in the order the report lists the
/// statements, each value that agrees with none recorded before it.
pub fn conflict_values(report: &ClaimReport) -> Vec<Value> {
    let rules = rules(&report.claim);
    let mut values: Vec<Value> = Vec::new();
    for index in 0..report.observations.len() {
        let Some(s) = statement(report, index) else {
            continue;
        };
        let known = values
            .iter()
            .any(|value| compare::agree(&s, &recorded(value), &rules));
        if !known {
            values.push(s.value.clone());
        }
    }
    values
}

/// "5,000,000 and 1,000,000".
fn shown(values: &[Value]) -> String {
    let shown: Vec<String> = values.iter().map(|v| display_value(v, None)).collect();
    match shown.split_last() {
        Some((last, rest)) if !rest.is_empty() => format!("{} and {last}", rest.join(", ")),
        Some((last, _)) => last.clone(),
        None => String::new(),
    }
}

/// Runs `accept`.
pub(crate) fn accept_command(args: &AcceptArgs) -> Result<ExitCode, UsageError> {
    let reason = match &args.reason {
        Some(reason) if reason.trim().is_empty() => {
            return Err(UsageError(
                "error: `--reason` is empty\nhelp: say why the values do not contradict each \
                 other, e.g. --reason \"agreed in total vs delivered so far\""
                    .to_string(),
            ));
        }
        Some(reason) => Some(reason.trim().to_string()),
        None => None,
    };
    let set = load_claims(&args.paths)?;
    let claim = find_claim(&set, &args.id, &args.paths.claims)?;
    if claim.status == Status::Retired {
        return Err(UsageError(format!(
            "error: claim `{}` is retired, so it is not checked and has no conflict to accept; \
             nothing changed\nhelp: `crosscheck claim promote {}` checks it again",
            claim.id, claim.id
        )));
    }
    super::warn_about_slow_claims([claim]);
    let report = report::build(&args.paths.corpus, std::slice::from_ref(claim))
        .map_err(super::corpus_error)?;
    warn_about(&report.corpus);
    let Some(claim_report) = report.claims.first() else {
        return Err(UsageError(format!(
            "error: claim `{}` was not scanned; nothing changed",
            claim.id
        )));
    };
    match claim_report.verdict() {
        Verdict::Conflict => {}
        Verdict::Accepted => {
            let values = claim.accepted.as_ref().map_or(&[][..], |a| &a.values[..]);
            return Err(UsageError(format!(
                "error: the conflict of `{}` is already accepted (values {}); nothing changed\n\
                 help: `accept` records a new conflict when a source states another value",
                claim.id,
                shown(values)
            )));
        }
        verdict => {
            return Err(UsageError(format!(
                "error: claim `{}` is not in conflict (verdict: {verdict}), so there is nothing \
                 to accept; nothing changed\nhelp: `crosscheck report --claim {}` shows what \
                 the sources state",
                claim.id, claim.id
            )));
        }
    }
    let values = conflict_values(claim_report);
    if !all_covered(claim_report, &values) {
        return Err(UsageError(format!(
            "error: the values of `{}` could not be recorded so that its verdict becomes \
             accepted; nothing changed\nhelp: please report this as a bug, with the claim",
            claim.id
        )));
    }
    let reason = reason.or_else(|| claim.accepted.as_ref().and_then(|a| a.reason.clone()));
    let accepted = Accepted {
        values: values.clone(),
        reason: reason.clone(),
    };
    let edited = edit_claim_file(&args.paths.claims, &claim.file, args.force, |text| {
        edit::set_accepted(&claim.file, text, &claim.id, &accepted)
            .map_err(|error| UsageError(error.to_string()))
    })?;

    let mut out = format!(
        "Accepted the conflict of `{}` between {} ({}:{}).\n",
        claim.id,
        shown(&values),
        claim.file.display(),
        edited.line
    );
    match &reason {
        Some(reason) => out.push_str(&format!("Reason: {reason}\n")),
        None => out.push_str(
            "No reason recorded: add `reason: …` under `accepted:` in the file for the next \
             reviewer.\n",
        ),
    }
    out.push_str(
        "`crosscheck check` no longer fails on it; a value outside these makes it a conflict \
         again.\n",
    );
    print(&out);
    Ok(ExitCode::SUCCESS)
}
