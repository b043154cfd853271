//! GitHub Actions workflow commands: an annotation per place a failing claim is stated, at
//! most [`MAX_ANNOTATIONS`] a claim (the values take turns; one more annotation on the claim
//! file counts the places left out).
//!
//! Each place of a failing claim becomes `::error file=…,line=…,col=…,endColumn=…,
//! title=…::message`, which GitHub shows on the line of the article in the job log, the
//! checks summary and the pull request's changed files. Claims of `severity: warning` that
//! `--fail-on` names give `::warning` instead. A claim with no value to point at points at its
//! mentions (`unstated`) or at its own claim file (`missing`). A final `::notice` line sums up.
//!
//! Escaping follows GitHub's toolkit (`@actions/core`, `command.ts`): in the message `%`, `\r`
//! and `\n` become `%25`, `%0D`, `%0A`; in properties `:` and `,` also become `%3A` and `%2C`.
//! Nothing else is touched, so Arabic text is written byte for byte.

use crate::compare::Verdict;
use crate::render::sarif::spread;
use crate::render::{Gate, explain_verdict};
use crate::report::group::{and_more, counts_text, mention_places, value_groups};
use crate::report::{ClaimReport, Report};
use std::fmt::Write as _;

/// The annotations of every failing and warning claim, then a summary line.
pub fn render(report: &Report, gate: &Gate) -> String {
    let mut out = String::new();
    for claim in &report.claims {
        let level = if gate.fails(&claim.claim.id) {
            "error"
        } else if gate.warns(&claim.claim.id) {
            "warning"
        } else {
            continue;
        };
        annotate(&mut out, level, claim);
    }
    out.push_str(&summary(report, gate));
    out
}

/// At most this many annotations of places a claim (GitHub shows only a few per step anyway).
pub const MAX_ANNOTATIONS: usize = 50;

/// One annotation per observation (or mention, or the claim file when nothing is found).
fn annotate(out: &mut String, level: &str, report: &ClaimReport) {
    let claim = &report.claim;
    let title = format!("{} ({})", claim.id, report.verdict());
    let verdict = format!("{}: {}", claim.title, explain_verdict(report));
    let groups = value_groups(report);
    let mut left_out = 0;
    for (group, shown) in groups.iter().zip(spread(&groups, MAX_ANNOTATIONS)) {
        left_out += group.places.len() - shown;
        for place in group.places.iter().take(shown) {
            let Some(o) = report.observations.get(place.observation) else {
                continue;
            };
            let mut properties = format!(
                "file={},line={},col={}",
                escape_property(&o.file.to_string_lossy()),
                place.line,
                place.column
            );
            let first = place.line == o.observed.location.line
                && place.column == o.observed.location.column;
            // The value as written is on one line (clauses never cross a line break); mark it.
            if first && !o.observed.text.contains(['\n', '\r']) {
                let end = place.column + o.observed.text.chars().count();
                let _ = write!(properties, ",endColumn={end}");
            }
            let message = format!(
                "{} states {} ({}): {}\nEvidence: {}\n{}",
                o.source,
                group.display,
                counts_text(group),
                o.observed.text,
                o.evidence,
                verdict
            );
            command(out, level, &properties, &title, &message);
        }
    }
    if left_out > 0 {
        // The rest are counted on the claim itself.
        let properties = format!(
            "file={},line={}",
            escape_property(&claim.file.to_string_lossy()),
            claim.line.max(1)
        );
        let message = format!(
            "{MAX_ANNOTATIONS} places annotated, {} where this claim's values are stated \
             (the JSON or HTML report lists every one)",
            and_more(left_out)
        );
        command(out, level, &properties, &title, &message);
    }
    if !report.observations.is_empty() {
        return;
    }
    if report.verdict() == Verdict::Unstated {
        let places = mention_places(report);
        for m in places
            .iter()
            .take(MAX_ANNOTATIONS)
            .filter_map(|place| report.mentions.get(place.observation))
        {
            let properties = format!(
                "file={},line={},col={}",
                escape_property(&m.file.to_string_lossy()),
                m.location.line,
                m.location.column
            );
            let message = format!(
                "{} mentions it (anchor {}) but states no value\n{}",
                m.source, m.anchor, verdict
            );
            command(out, level, &properties, &title, &message);
        }
        if places.len() > MAX_ANNOTATIONS {
            let properties = format!(
                "file={},line={}",
                escape_property(&claim.file.to_string_lossy()),
                claim.line.max(1)
            );
            let message = format!(
                "{MAX_ANNOTATIONS} mentions annotated, {} (the JSON or HTML report lists every one)",
                and_more(places.len() - MAX_ANNOTATIONS)
            );
            command(out, level, &properties, &title, &message);
        }
        if !report.mentions.is_empty() {
            return;
        }
    }
    // Nothing in the corpus to point at: point at the claim itself.
    let properties = format!(
        "file={},line={}",
        escape_property(&claim.file.to_string_lossy()),
        claim.line.max(1)
    );
    command(out, level, &properties, &title, &verdict);
}

fn command(out: &mut String, level: &str, properties: &str, title: &str, message: &str) {
    let _ = writeln!(
        out,
        "::{level} {properties},title={}::{}",
        escape_property(title),
        escape_data(message)
    );
}

/// `::notice title=crosscheck::2 of 11 claims fail: a, b; 11 claims: 2 conflict, …`.
fn summary(report: &Report, gate: &Gate) -> String {
    let s = &report.summary;
    let counts: Vec<String> = Verdict::ALL
        .iter()
        .map(|v| format!("{} {}", s.count(*v), v.as_str()))
        .collect();
    let failing: Vec<&str> = report
        .claims
        .iter()
        .map(|c| c.claim.id.as_str())
        .filter(|id| gate.fails(id))
        .collect();
    let warning: Vec<&str> = report
        .claims
        .iter()
        .map(|c| c.claim.id.as_str())
        .filter(|id| gate.warns(id))
        .collect();
    let mut line = if failing.is_empty() {
        "no claim fails".to_owned()
    } else {
        format!(
            "{} of {} claim{} {}: {}",
            failing.len(),
            s.claims,
            plural(s.claims),
            if failing.len() == 1 { "fails" } else { "fail" },
            failing.join(", ")
        )
    };
    if !warning.is_empty() {
        let _ = write!(line, "; warnings: {}", warning.join(", "));
    }
    let _ = write!(
        line,
        "\n{} claim{}: {}; {} article{} read",
        s.claims,
        plural(s.claims),
        counts.join(", "),
        report.corpus.stats.articles,
        plural(report.corpus.stats.articles)
    );
    format!("::notice title=crosscheck::{}\n", escape_data(&line))
}

fn plural(n: usize) -> &'static str {
    if n == 1 { "" } else { "s" }
}

/// Escapes a message the way GitHub's toolkit does: `%`, `\r`, `\n`.
pub fn escape_data(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '%' => out.push_str("%25"),
            '\r' => out.push_str("%0D"),
            '\n' => out.push_str("%0A"),
            _ => out.push(c),
        }
    }
    out
}

/// Escapes a property value (`file`, `title`): as [`escape_data`], plus `:` and `,`.
pub fn escape_property(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '%' => out.push_str("%25"),
            '\r' => out.push_str("%0D"),
            '\n' => out.push_str("%0A"),
            ':' => out.push_str("%3A"),
            ',' => out.push_str("%2C"),
            _ => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn data_escapes_percent_and_line_breaks_only() {
        assert_eq!(
            escape_data("50% فقط،\r\nثم: a,b"),
            "50%25 فقط،%0D%0Aثم: a,b"
        );
    }

    #[test]
    fn properties_also_escape_colon_and_comma() {
        assert_eq!(
            escape_property("corpus/a,b:c%.txt"),
            "corpus/a%2Cb%3Ac%25.txt"
        );
        // The Arabic comma is not GitHub's separator and stays as it is.
        assert_eq!(escape_property("عربي، 21"), "عربي، 21");
    }
}
