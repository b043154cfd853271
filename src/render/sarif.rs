//! SARIF 2.1.0, the format GitHub code scanning and other analysis dashboards read.
//!
//! One run of the tool `crosscheck`, with one rule per claim in the report (its id, title,
//! note, kind and status) and one result per claim the gate flags: `level` `error` for a
//! claim of `severity: error` that fails, `warning` for a `severity: warning` claim whose
//! verdict `--fail-on` names. A result has a location for every observation: the article
//! file, the line and column of the value, the value's end column, and the value as written
//! as the region's `snippet`; the location's message names the source and quotes the
//! evidence. A claim with no observation points at its mentions (`unstated`) or at the claim
//! file (`missing`).
//!
//! Columns count Unicode code points (`columnKind: unicodeCodePoints`), as everywhere in
//! crosscheck. File paths become URI references: relative paths stay relative (to the
//! working directory, the repository root in CI), with every byte outside the URI's
//! unreserved set percent-encoded (an Arabic file name too); absolute paths become `file://`
//! URIs.

use crate::claims::Severity;
use crate::compare::Verdict;
use crate::render::{Gate, display_value, explain_verdict};
use crate::report::{ClaimReport, Report};
use serde_json::{Map, Value as Json, json};
use std::path::Path;

/// Where the SARIF 2.1.0 JSON schema is published (SARIF logs name it in `$schema`).
pub const SCHEMA_URI: &str = "https://json.schemastore.org/sarif-2.1.0.json";

/// The report as a SARIF 2.1.0 log, pretty-printed, ending in a newline.
pub fn render(report: &Report, gate: &Gate) -> String {
    let mut out = serde_json::to_string_pretty(&to_json(report, gate)).unwrap_or_default();
    out.push('\n');
    out
}

/// The report as a SARIF 2.1.0 log.
pub fn to_json(report: &Report, gate: &Gate) -> Json {
    let rules: Vec<Json> = report.claims.iter().map(rule).collect();
    let results: Vec<Json> = report
        .claims
        .iter()
        .enumerate()
        .filter_map(|(index, claim)| {
            let level = if gate.fails(&claim.claim.id) {
                level(claim.claim.severity)
            } else if gate.warns(&claim.claim.id) {
                "warning"
            } else {
                return None;
            };
            Some(result(index, claim, level))
        })
        .collect();
    json!({
        "$schema": SCHEMA_URI,
        "version": "2.1.0",
        "runs": [{
            "tool": {"driver": {
                "name": "crosscheck",
                "version": env!("CARGO_PKG_VERSION"),
                "rules": rules,
            }},
            "columnKind": "unicodeCodePoints",
            "results": results,
        }],
    })
}

/// A claim's severity as a SARIF level.
fn level(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
    }
}

fn rule(report: &ClaimReport) -> Json {
    let claim = &report.claim;
    let mut rule = Map::new();
    rule.insert("id".into(), json!(claim.id));
    rule.insert("shortDescription".into(), json!({"text": claim.title}));
    if let Some(note) = &claim.note {
        rule.insert("fullDescription".into(), json!({"text": note}));
    }
    rule.insert(
        "defaultConfiguration".into(),
        json!({"level": level(claim.severity)}),
    );
    rule.insert(
        "properties".into(),
        json!({
            "kind": claim.kind.as_str(),
            "status": claim.status.as_str(),
            "verdict": report.verdict().as_str(),
            "tags": ["crosscheck", claim.kind.as_str()],
        }),
    );
    Json::Object(rule)
}

fn result(rule_index: usize, report: &ClaimReport, level: &str) -> Json {
    let claim = &report.claim;
    let mut locations: Vec<Json> = report
        .observations
        .iter()
        .map(|o| {
            let at = o.observed.location;
            let mut region = Map::new();
            region.insert("startLine".into(), json!(at.line));
            region.insert("startColumn".into(), json!(at.column));
            // A value as written sits on one line (clauses never cross a line break).
            if !o.observed.text.contains(['\n', '\r']) {
                region.insert(
                    "endColumn".into(),
                    json!(at.column + o.observed.text.chars().count()),
                );
            }
            region.insert("snippet".into(), json!({"text": o.observed.text}));
            json!({
                "physicalLocation": {
                    "artifactLocation": {"uri": uri(&o.file)},
                    "region": Json::Object(region),
                },
                "message": {"text": format!(
                    "{} states {}: {}",
                    o.source,
                    display_value(&o.observed.value, o.observed.qualifier),
                    o.evidence
                )},
            })
        })
        .collect();
    if locations.is_empty() && report.verdict() == Verdict::Unstated {
        locations = report
            .mentions
            .iter()
            .map(|m| {
                json!({
                    "physicalLocation": {
                        "artifactLocation": {"uri": uri(&m.file)},
                        "region": {"startLine": m.location.line, "startColumn": m.location.column},
                    },
                    "message": {"text": format!(
                        "{} mentions it (anchor {}) but states no value", m.source, m.anchor
                    )},
                })
            })
            .collect();
    }
    if locations.is_empty() {
        // Nothing in the corpus to point at: point at the claim itself.
        locations.push(json!({
            "physicalLocation": {
                "artifactLocation": {"uri": uri(&claim.file)},
                "region": {"startLine": claim.line.max(1)},
            },
        }));
    }
    json!({
        "ruleId": claim.id,
        "ruleIndex": rule_index,
        "level": level,
        "message": {"text": format!(
            "{} ({}): {}", claim.title, report.verdict(), explain_verdict(report)
        )},
        "locations": locations,
        "partialFingerprints": {
            "crosscheckClaim/v1": format!("{}:{}", claim.id, report.verdict()),
        },
    })
}

/// A file path as a URI reference: relative paths stay relative with `/` separators,
/// absolute ones become `file://` URIs; bytes outside `A-Z a-z 0-9 - . _ ~ /` are
/// percent-encoded.
pub fn uri(path: &Path) -> String {
    let text = path.to_string_lossy().replace('\\', "/");
    let (prefix, rest) = if path.is_absolute() {
        // `C:/x` on Windows needs a leading slash: `file:///C:/x`.
        let rest = text.strip_prefix('/').unwrap_or(&text).to_owned();
        ("file:///", rest)
    } else {
        ("", text)
    };
    let mut out = String::from(prefix);
    for byte in rest.bytes() {
        let keep = byte.is_ascii_alphanumeric()
            || matches!(byte, b'-' | b'.' | b'_' | b'~' | b'/')
            || (byte == b':' && !prefix.is_empty());
        if keep {
            out.push(char::from(byte));
        } else {
            out.push_str(&format!("%{byte:02X}"));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_become_uri_references() {
        assert_eq!(
            uri(Path::new("corpus/000_195537198d3ed82c.txt")),
            "corpus/000_195537198d3ed82c.txt"
        );
        assert_eq!(
            uri(Path::new("corpus/عربي 21.md")),
            "corpus/%D8%B9%D8%B1%D8%A8%D9%8A%2021.md"
        );
        assert_eq!(uri(Path::new("a:b/c#d")), "a%3Ab/c%23d");
        #[cfg(unix)]
        assert_eq!(
            uri(Path::new("/srv/corpus/a b.txt")),
            "file:///srv/corpus/a%20b.txt"
        );
    }
}
