//! SARIF 2.1.0, the format GitHub code scanning and other analysis dashboards read.
//!
//! One run of the tool `crosscheck`, with one rule per claim in the report (its id, title,
//! note, kind and status) and one result per claim the gate flags: `level` `error` for a
//! claim of `severity: error` that fails, `warning` for a `severity: warning` claim whose
//! verdict `--fail-on` names. A result has a location for every place a value is stated, the
//! values taking turns ([`spread`]) up to [`MAX_LOCATIONS`] (the rest counted in the result's
//! message as `and N more`): the article file, the line and column, and for an observation's
//! first place the value's end column and the value as written as the region's `snippet`. The
//! location's message names the source and the value, and the first of each value also its
//! counts and the evidence. A claim with no observation points at its mentions (`unstated`) or at the claim
//! file (`missing`).
//!
//! Columns count Unicode code points (`columnKind: unicodeCodePoints`), as everywhere in
//! crosscheck. File paths become URI references: relative paths stay relative (to the
//! working directory, the repository root in CI), with every byte outside the URI's
//! unreserved set percent-encoded (an Arabic file name too); absolute paths become `file://`
//! URIs.

use crate::claims::Severity;
use crate::compare::Verdict;
use crate::render::{Gate, explain_verdict};
use crate::report::group::{ValueGroup, and_more, counts_text, mention_places, value_groups};
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
    let groups = value_groups(report);
    let mut locations: Vec<Json> = Vec::new();
    let mut left_out = 0;
    for (group, places) in groups.iter().zip(spread(&groups, MAX_LOCATIONS)) {
        left_out += group.places.len() - places;
        for (n, place) in group.places.iter().take(places).enumerate() {
            let Some(o) = report.observations.get(place.observation) else {
                continue;
            };
            let mut region = Map::new();
            region.insert("startLine".into(), json!(place.line));
            region.insert("startColumn".into(), json!(place.column));
            let first = place.line == o.observed.location.line
                && place.column == o.observed.location.column;
            // A value as written sits on one line (clauses never cross a line break); the
            // places it is stated again may spell it otherwise: only the first is marked.
            if first && !o.observed.text.contains(['\n', '\r']) {
                region.insert(
                    "endColumn".into(),
                    json!(place.column + o.observed.text.chars().count()),
                );
                region.insert("snippet".into(), json!({"text": o.observed.text}));
            }
            // The evidence is quoted once a value (a result may hold a thousand locations).
            let text = if n == 0 {
                format!(
                    "{} states {} ({}): {}",
                    o.source,
                    group.display,
                    counts_text(group),
                    o.evidence
                )
            } else {
                format!("{} states {}", o.source, group.display)
            };
            locations.push(json!({
                "physicalLocation": {
                    "artifactLocation": {"uri": uri(&o.file)},
                    "region": Json::Object(region),
                },
                "message": {"text": text},
            }));
        }
    }
    if locations.is_empty() && report.verdict() == Verdict::Unstated {
        let places = mention_places(report);
        left_out = places.len().saturating_sub(MAX_LOCATIONS);
        locations = places
            .iter()
            .take(MAX_LOCATIONS)
            .filter_map(|place| report.mentions.get(place.observation))
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
    let mut message = format!(
        "{} ({}): {}",
        claim.title,
        report.verdict(),
        explain_verdict(report)
    );
    if left_out > 0 {
        message.push_str(&format!(
            " ({} locations shown, {} places: the JSON report lists every one)",
            locations.len(),
            and_more(left_out)
        ));
    }
    json!({
        "ruleId": claim.id,
        "ruleIndex": rule_index,
        "level": level,
        "message": {"text": message},
        "locations": locations,
        "partialFingerprints": {
            "crosscheckClaim/v1": format!("{}:{}", claim.id, report.verdict()),
        },
    })
}

/// At most this many locations a result: GitHub code scanning rejects results with more.
pub const MAX_LOCATIONS: usize = 1000;

/// How many places of each value to show when `limit` places can be shown in all: every
/// value gets its turn, one place at a time, until the limit or the places run out (so a
/// value stated once is shown beside one stated ten thousand times).
pub fn spread(groups: &[ValueGroup], limit: usize) -> Vec<usize> {
    let mut shown = vec![0; groups.len()];
    let mut left = limit;
    loop {
        let mut any = false;
        for (count, group) in shown.iter_mut().zip(groups) {
            if left == 0 {
                return shown;
            }
            if *count < group.places.len() {
                *count += 1;
                left -= 1;
                any = true;
            }
        }
        if !any {
            return shown;
        }
    }
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
