//! Suggestions as a table, JSON or YAML.
//!
//! - **table**: one row per suggestion — rank and id, the verdict a report would give, each
//!   value with its source and `file:line`, the anchors — then a summary line.
//! - **json**: the same, with every observation's evidence, and the counts.
//! - **yaml**: a claims file (`claims:` list) holding every suggestion with `status: review`,
//!   each after a comment with its rank, verdict and values: `crosscheck suggest --format
//!   yaml > claims/suggested.yaml` gives a file `validate` accepts.

use super::{Suggestion, Suggestions};
use crate::render::display_value;
use comfy_table::presets::UTF8_FULL_CONDENSED;
use comfy_table::{ContentArrangement, Table};
use serde_json::json;
use std::fmt::Write as _;

/// The table, `width` columns wide, and the summary line.
pub fn table(found: &Suggestions, width: u16) -> String {
    let mut out = String::new();
    if !found.suggestions.is_empty() {
        let mut table = Table::new();
        table
            .load_style(UTF8_FULL_CONDENSED)
            .set_content_arrangement(ContentArrangement::Dynamic)
            .set_width(width)
            .force_no_tty()
            .set_header(["#", "verdict", "value", "stated by", "anchors"]);
        for s in &found.suggestions {
            // One row per value, so each value sits beside its source; the suggestion's id,
            // verdict and anchors on its first row.
            for (row, o) in s.observations.iter().enumerate() {
                let first = row == 0;
                table.add_row([
                    if first {
                        format!("{} {}", s.rank, s.id)
                    } else {
                        String::new()
                    },
                    if first {
                        s.verdict.as_str().to_string()
                    } else {
                        String::new()
                    },
                    display_value(&o.observed.value, o.observed.qualifier),
                    format!(
                        "{} {}:{}",
                        o.source,
                        o.file.display(),
                        o.observed.location.line
                    ),
                    if first {
                        s.anchors.join("\n")
                    } else {
                        String::new()
                    },
                ]);
            }
        }
        let _ = writeln!(out, "{table}");
    }
    out.push_str(&summary(found));
    out
}

/// `2 suggestions (1 conflict, 1 agree) from 120 statements in 14 groups; 1 dropped: an
/// existing claim has its observations`, then the corpus line.
pub fn summary(found: &Suggestions) -> String {
    let conflicts = found
        .suggestions
        .iter()
        .filter(|s| s.verdict == crate::compare::Verdict::Conflict)
        .count();
    let n = found.suggestions.len();
    let mut out = format!(
        "{n} suggestion{} ({conflicts} conflict, {} agree) from {} statements in {} group{}",
        if n == 1 { "" } else { "s" },
        n - conflicts,
        found.statements,
        found.groups,
        if found.groups == 1 { "" } else { "s" },
    );
    if found.covered > 0 {
        let _ = write!(
            out,
            "; {} dropped: an existing claim already reads the same values",
            found.covered
        );
    }
    let _ = writeln!(
        out,
        "\n{} articles read, {} bytes",
        crate::render::group_thousands(found.corpus.stats.articles as f64),
        crate::render::group_thousands(found.corpus.stats.bytes as f64)
    );
    out
}

/// The JSON document.
pub fn json(found: &Suggestions) -> String {
    let suggestions: Vec<serde_json::Value> =
        found.suggestions.iter().map(suggestion_json).collect();
    let document = json!({
        "version": 1,
        "corpus": {
            "articles": found.corpus.stats.articles,
            "bytes": found.corpus.stats.bytes,
        },
        "statements": found.statements,
        "groups": found.groups,
        "covered": found.covered,
        "suggestions": suggestions,
    });
    let mut text = serde_json::to_string_pretty(&document).unwrap_or_default();
    text.push('\n');
    text
}

fn suggestion_json(s: &Suggestion) -> serde_json::Value {
    let observations: Vec<serde_json::Value> = s
        .observations
        .iter()
        .map(|o| {
            json!({
                "source": &*o.source,
                "file": o.file.to_string_lossy(),
                "line": o.observed.location.line,
                "column": o.observed.location.column,
                "value": o.observed.value.to_json(),
                "qualifier": o.observed.qualifier.map(|q| q.as_str()),
                "display": display_value(&o.observed.value, o.observed.qualifier),
                "text": o.observed.text,
                "anchor": &*o.anchor,
                "evidence": &*o.evidence,
            })
        })
        .collect();
    json!({
        "rank": s.rank,
        "id": s.id,
        "kind": s.kind.as_str(),
        "title": s.title,
        "verdict": s.verdict.as_str(),
        "sources": s.sources(),
        "anchors": s.anchors,
        "unit": s.unit,
        "window": s.window.as_str(),
        "distinctiveness": (s.distinctiveness * 1000.0).round() / 1000.0,
        "status": "review",
        "note": s.note,
        "observations": observations,
    })
}

/// A claims file of every suggestion (see the module documentation).
pub fn yaml(found: &Suggestions) -> String {
    if found.suggestions.is_empty() {
        return "# crosscheck suggest found nothing to suggest\n".to_string();
    }
    let mut out = String::from(
        "# Suggested by crosscheck suggest; review each, then `crosscheck claim promote ID`.\nclaims:\n",
    );
    for s in &found.suggestions {
        let values: Vec<String> = s
            .observations
            .iter()
            .map(|o| {
                format!(
                    "{} ({} l.{})",
                    display_value(&o.observed.value, o.observed.qualifier),
                    o.source,
                    o.observed.location.line
                )
            })
            .collect();
        let _ = writeln!(
            out,
            "  # {}. {}: {}",
            s.rank,
            s.verdict.as_str(),
            values.join(", ").replace('\n', " ")
        );
        out.push_str(&s.claim_yaml());
    }
    out
}
