//! `crosscheck explain ID`: every anchor match of one claim, and what came of it.

use super::{ClaimsArgs, UsageError, load_claims, print, suggest_id, warn_about};
use crate::render::display_value;
use crate::report;
use crate::scan::Outcome;
use clap::Args;
use std::fmt::Write as _;
use std::process::ExitCode;

/// `explain ID`.
#[derive(Debug, Args)]
pub struct ExplainArgs {
    /// The claim to explain.
    id: String,
    #[command(flatten)]
    paths: ClaimsArgs,
}

pub(crate) fn explain_command(args: &ExplainArgs) -> Result<ExitCode, UsageError> {
    let set = load_claims(&args.paths)?;
    let Some(claim) = set.get(&args.id) else {
        let mut message = format!("error: no claim has the id `{}`", args.id);
        if let Some(near) = suggest_id(&set, &args.id) {
            let _ = write!(message, "; did you mean `{near}`?");
        }
        return Err(UsageError(message));
    };
    super::warn_about_slow_claims([claim]);
    let scan = report::scan_corpus(&args.paths.corpus, &[claim]).map_err(super::corpus_error)?;
    warn_about(&scan.corpus);
    let hits = report::hits(&scan);
    let articles = scan.corpus.stats.articles;
    let mut out = String::new();
    let _ = writeln!(
        out,
        "{} ({}, threshold {}, window {}, max_distance {})\n{}\nanchors: {}\n",
        claim.id,
        claim.kind,
        claim.threshold,
        claim.window,
        claim.max_distance,
        claim.title,
        claim.anchors.join(" | ")
    );
    if hits.is_empty() {
        let _ = writeln!(
            out,
            "No anchor matched in any of the {} articles. Try more anchors, other spellings, or \
             a lower `threshold`.",
            articles
        );
    }
    for sourced in &hits {
        let hit = &sourced.hit;
        let _ = writeln!(
            out,
            "{}  {}  score {:.3}  anchor «{}» matched «{}»",
            report::place(
                &sourced.file,
                sourced.record,
                hit.location.line,
                hit.location.column
            ),
            sourced.source,
            hit.score,
            hit.anchor,
            hit.matched
        );
        if let Some(form) = &hit.form {
            let _ = writeln!(out, "    form: {form}");
        }
        let _ = writeln!(out, "    {}: {}", claim.window, hit.window);
        let outcome = match &hit.outcome {
            Outcome::Value(v) => format!(
                "value {} «{}» at {}:{}, {} word{} from the anchor",
                display_value(&v.value, v.qualifier),
                v.text,
                v.location.line,
                v.location.column,
                v.distance,
                if v.distance == 1 { "" } else { "s" }
            ),
            Outcome::AlreadyTaken(v) => format!(
                "value {} «{}» already taken by an earlier match in this sentence",
                display_value(&v.value, v.qualifier),
                v.text
            ),
            Outcome::TooFar {
                distance,
                max_distance,
            } => format!(
                "no value: the nearest {} is {distance} words away (max_distance {max_distance})",
                claim.kind
            ),
            Outcome::NoValue => format!("no value: no {} in the {}", claim.kind, claim.window),
        };
        let _ = writeln!(out, "    → {outcome}");
        if let Outcome::Value(v) | Outcome::AlreadyTaken(v) = &hit.outcome
            && let Some(counted) = &v.counted
        {
            let _ = writeln!(out, "    counted: {} «{}»", counted.unit, counted.text);
        }
        for skipped in &hit.skipped {
            let _ = writeln!(
                out,
                "    skipped: {} «{}» counts «{}», not one of the unit_words",
                display_value(&skipped.value, skipped.qualifier),
                skipped.text,
                skipped.noun
            );
        }
        out.push('\n');
    }
    let report = report::assess(scan, &[claim]);
    if let Some(result) = report.claims.first() {
        let values: Vec<String> = result
            .observations
            .iter()
            .map(|o| display_value(&o.observed.value, o.observed.qualifier))
            .collect();
        let _ = writeln!(
            out,
            "verdict: {}{}",
            result.verdict(),
            if values.is_empty() {
                String::new()
            } else {
                format!(" ({})", values.join(", "))
            }
        );
    }
    print(&out);
    Ok(ExitCode::SUCCESS)
}
