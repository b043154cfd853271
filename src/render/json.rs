//! The JSON report, version 1 (SPEC "JSON report").
//!
//! Field order and array order are fixed (claims by id; observations and mentions by file,
//! line, column) so the output is stable. New fields may be added within a version; none are
//! removed or change meaning.

use crate::compare::Verdict;
use crate::render::display_value;
use crate::report::{ClaimReport, Report};
use crate::value::Kind;
use serde_json::{Map, Value as Json, json};

/// The report as pretty-printed JSON, ending in a newline.
pub fn render(report: &Report) -> String {
    let mut out = serde_json::to_string_pretty(&to_json(report)).unwrap_or_default();
    out.push('\n');
    out
}

/// The report as a JSON value.
pub fn to_json(report: &Report) -> Json {
    let summary = &report.summary;
    let mut summary_json = Map::new();
    summary_json.insert("claims".into(), json!(summary.claims));
    for verdict in Verdict::ALL {
        summary_json.insert(verdict.as_str().into(), json!(summary.count(verdict)));
    }
    json!({
        "version": 1,
        "corpus": {
            "articles": report.corpus.stats.articles,
            "bytes": report.corpus.stats.bytes,
            "skipped": report.corpus.stats.skipped.iter().map(|s| json!({
                "file": s.path().display().to_string(),
                "reason": s.to_string(),
            })).collect::<Vec<_>>(),
        },
        "summary": Json::Object(summary_json),
        "claims": report.claims.iter().map(claim_json).collect::<Vec<_>>(),
    })
}

fn claim_json(report: &ClaimReport) -> Json {
    let claim = &report.claim;
    let observations: Vec<Json> = report
        .observations
        .iter()
        .map(|o| {
            let mut object = Map::new();
            object.insert("source".into(), json!(o.source));
            object.insert("file".into(), json!(o.file.display().to_string()));
            object.insert("line".into(), json!(o.observed.location.line));
            object.insert("column".into(), json!(o.observed.location.column));
            object.insert("value".into(), o.observed.value.to_json());
            object.insert(
                "qualifier".into(),
                o.observed
                    .qualifier
                    .map_or(Json::Null, |q| json!(q.as_str())),
            );
            if claim.kind == Kind::Date {
                object.insert("year_inferred".into(), json!(o.observed.year_inferred));
            }
            object.insert(
                "display".into(),
                json!(display_value(&o.observed.value, o.observed.qualifier)),
            );
            object.insert("text".into(), json!(o.observed.text));
            object.insert("anchor".into(), json!(o.anchor));
            object.insert("score".into(), json!(round3(o.score)));
            object.insert("evidence".into(), json!(o.evidence));
            Json::Object(object)
        })
        .collect();
    let mentions: Vec<Json> = report
        .mentions
        .iter()
        .map(|m| {
            json!({
                "source": m.source,
                "file": m.file.display().to_string(),
                "line": m.location.line,
                "column": m.location.column,
                "anchor": m.anchor,
            })
        })
        .collect();
    let mut object = Map::new();
    object.insert("id".into(), json!(claim.id));
    object.insert("title".into(), json!(claim.title));
    object.insert("kind".into(), json!(claim.kind.as_str()));
    object.insert("status".into(), json!(claim.status.as_str()));
    object.insert("severity".into(), json!(claim.severity.as_str()));
    object.insert("verdict".into(), json!(report.verdict().as_str()));
    object.insert(
        "expected".into(),
        claim.expected.as_ref().map_or(Json::Null, |v| v.to_json()),
    );
    object.insert("unit".into(), json!(claim.unit));
    if let Some(accepted) = &claim.accepted {
        object.insert(
            "accepted".into(),
            json!({
                "values": accepted.values.iter().map(|v| v.to_json()).collect::<Vec<_>>(),
                "reason": accepted.reason,
            }),
        );
        object.insert(
            "unaccepted".into(),
            Json::Array(
                report
                    .assessment
                    .unaccepted
                    .iter()
                    .map(|v| v.to_json())
                    .collect(),
            ),
        );
    }
    object.insert("observations".into(), Json::Array(observations));
    object.insert("mentions".into(), Json::Array(mentions));
    Json::Object(object)
}

/// Scores to three decimals, so the output does not depend on the last bits of a float.
fn round3(score: f64) -> f64 {
    (score * 1000.0).round() / 1000.0
}
