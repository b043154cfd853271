//! JUnit XML: one test suite, one test case per claim.
//!
//! The layout is the one CI servers read (Jenkins' `junit-10.xsd`, GitLab, Azure DevOps,
//! Surefire): a `<testsuites>` root holding one `<testsuite name="crosscheck">` with
//! `tests`/`failures`/`errors`/`skipped` counts, and a `<testcase>` per claim. A claim that
//! fails the gate gets a `<failure>` whose `message` is the verdict in one line and whose text
//! lists each value once with its counts, evidence and places (`file:line`); a `review` or `retired` claim gets `<skipped>`;
//! every other claim passes, with its verdict and values in `<system-out>`.
//!
//! Text is escaped only where XML requires it (`&`, `<`, `>`, and in attributes `"` and line
//! breaks as character references), so Arabic evidence is written byte for byte. Characters
//! XML 1.0 cannot hold at all (C0 controls other than tab and line breaks, U+FFFE, U+FFFF) are
//! replaced with U+FFFD, the replacement character.

use crate::claims::Status;
use crate::render::{Gate, explain_verdict};
use crate::report::group::{counts_text, mention_places, places_lines, value_groups};
use crate::report::{ClaimReport, Report};
use std::fmt::Write as _;

/// The report as a JUnit XML document, ending in a newline.
pub fn render(report: &Report, gate: &Gate) -> String {
    let tests = report.claims.len();
    let failures = report
        .claims
        .iter()
        .filter(|c| gate.fails(&c.claim.id))
        .count();
    let skipped = report
        .claims
        .iter()
        .filter(|c| !gate.fails(&c.claim.id) && is_skipped(c))
        .count();
    let counts = format!(r#"tests="{tests}" failures="{failures}" errors="0" skipped="{skipped}""#);
    let mut out = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    let _ = writeln!(out, r#"<testsuites name="crosscheck" {counts}>"#);
    let _ = writeln!(out, r#"  <testsuite name="crosscheck" {counts}>"#);
    out.push_str("    <properties>\n");
    let stats = &report.corpus.stats;
    for (name, value) in [
        ("articles", stats.articles.to_string()),
        ("bytes", stats.bytes.to_string()),
        ("skipped-files", stats.skipped.len().to_string()),
    ] {
        let _ = writeln!(
            out,
            r#"      <property name="{name}" value="{}"/>"#,
            attribute(&value)
        );
    }
    out.push_str("    </properties>\n");
    for claim in &report.claims {
        testcase(&mut out, claim, gate);
    }
    out.push_str("  </testsuite>\n</testsuites>\n");
    out
}

/// `review` and `retired` claims are reported and never fail: JUnit calls that skipped.
fn is_skipped(report: &ClaimReport) -> bool {
    matches!(report.claim.status, Status::Review | Status::Retired)
}

fn testcase(out: &mut String, report: &ClaimReport, gate: &Gate) {
    let claim = &report.claim;
    let _ = write!(
        out,
        r#"    <testcase name="{}" classname="crosscheck.{}" file="{}" line="{}">"#,
        attribute(&claim.id),
        claim.kind.as_str(),
        attribute(&claim.file.to_string_lossy()),
        claim.line
    );
    out.push('\n');
    let explanation = format!("{}: {}", report.verdict(), explain_verdict(report));
    let details = observation_lines(report);
    if gate.fails(&claim.id) {
        let _ = writeln!(
            out,
            r#"      <failure type="{}" message="{}">{}</failure>"#,
            report.verdict(),
            attribute(&explanation),
            text(&format!("{}\n{details}", claim.title))
        );
    } else if is_skipped(report) {
        let _ = writeln!(
            out,
            r#"      <skipped message="{}"/>"#,
            attribute(&format!(
                "status {}: reported, never fails a build ({explanation})",
                claim.status
            ))
        );
    } else {
        let warning = if gate.warns(&claim.id) {
            "warning (severity: warning, never fails a build): "
        } else {
            ""
        };
        let _ = writeln!(
            out,
            "      <system-out>{}</system-out>",
            text(&format!(
                "{warning}{explanation}\n{}\n{details}",
                claim.title
            ))
        );
    }
    out.push_str("    </testcase>\n");
}

/// Places listed per value in a test case before `and N more`.
pub const JUNIT_PLACES: usize = 100;

/// One block per value: `value: N sources, M articles`, the evidence of its first statement,
/// then where it is stated (`file:line`, at most [`JUNIT_PLACES`]); then the mentions without
/// a value.
fn observation_lines(report: &ClaimReport) -> String {
    let mut lines = String::new();
    for group in value_groups(report) {
        let Some(o) = group
            .observations
            .first()
            .and_then(|&i| report.observations.get(i))
        else {
            continue;
        };
        let _ = writeln!(
            lines,
            "{}{}: {} «{}»\n  evidence: {}",
            group.display,
            if group.year_inferred {
                "* (year taken from context)"
            } else {
                ""
            },
            counts_text(&group),
            o.observed.text,
            o.evidence
        );
        for place in places_lines(&group.places, JUNIT_PLACES) {
            let _ = writeln!(lines, "  {place}");
        }
    }
    let mentions = mention_places(report);
    if !mentions.is_empty() {
        let _ = writeln!(lines, "mentioned without a value:");
        for place in places_lines(&mentions, JUNIT_PLACES) {
            let _ = writeln!(lines, "  {place}");
        }
    }
    lines
}

/// Escapes element text: `&`, `<`, `>`.
pub fn text(raw: &str) -> String {
    escape(raw, false)
}

/// Escapes an attribute value: `&`, `<`, `>`, `"`, and tab and line breaks as character
/// references (an XML parser would otherwise turn them into spaces).
pub fn attribute(raw: &str) -> String {
    escape(raw, true)
}

fn escape(raw: &str, in_attribute: bool) -> String {
    let mut out = String::with_capacity(raw.len());
    for c in raw.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' if in_attribute => out.push_str("&quot;"),
            '\n' if in_attribute => out.push_str("&#10;"),
            '\r' => out.push_str("&#13;"),
            '\t' if in_attribute => out.push_str("&#9;"),
            '\t' | '\n' => out.push(c),
            c if is_xml_char(c) => out.push(c),
            _ => out.push('\u{FFFD}'),
        }
    }
    out
}

/// Whether XML 1.0 can hold the character at all (its `Char` production).
fn is_xml_char(c: char) -> bool {
    matches!(c, '\u{9}' | '\u{A}' | '\u{D}' | '\u{20}'..='\u{D7FF}' | '\u{E000}'..='\u{FFFD}')
        || c >= '\u{10000}'
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_only_what_xml_requires() {
        assert_eq!(
            text("ما يقرب من 5 ملايين <&> \"q\""),
            "ما يقرب من 5 ملايين &lt;&amp;&gt; \"q\""
        );
        assert_eq!(attribute("a \"b\"\nc\td"), "a &quot;b&quot;&#10;c&#9;d");
    }

    #[test]
    fn characters_xml_cannot_hold_become_replacement_characters() {
        assert_eq!(
            text("a\u{0}b\u{1B}c\u{FFFF}"),
            "a\u{FFFD}b\u{FFFD}c\u{FFFD}"
        );
        assert_eq!(text("\r"), "&#13;");
        assert_eq!(text("𝔸"), "𝔸");
    }
}
