//! The JSON report, version 1 (docs/formats.md, "JSON report"; schema in docs/report.schema.json).
//!
//! Field order and array order are fixed (claims by id; observations and mentions by file,
//! line, column) so the output is stable. New fields may be added within a version; none are
//! removed or change meaning.

use crate::compare::Verdict;
use crate::render::display_value;
use crate::report::group::{ValueGroup, value_groups};
use crate::report::{ClaimReport, Report, SourcedMention, SourcedObservation};
use crate::value::{Kind, Value};
use serde::ser::{SerializeMap, SerializeSeq};
use serde::{Serialize, Serializer};
use std::io::{self, Write};

/// The report as pretty-printed JSON, ending in a newline.
pub fn render(report: &Report) -> String {
    let mut out = Vec::new();
    // Writing to a Vec cannot fail, and serde_json writes only UTF-8.
    let _ = write(report, &mut out);
    String::from_utf8(out).unwrap_or_default()
}

/// Writes the report as pretty-printed JSON, ending in a newline, to `out` as it goes: the
/// document is never built in memory, so a report with hundreds of thousands of observations
/// costs no more than the report itself.
///
/// # Errors
///
/// The writer's errors (a closed pipe, a full disk).
pub fn write(report: &Report, out: &mut dyn Write) -> io::Result<()> {
    serde_json::to_writer_pretty(&mut *out, &Document(report)).map_err(io::Error::from)?;
    out.write_all(b"\n")
}

/// The whole document, in its fixed field order.
struct Document<'r>(&'r Report);

impl Serialize for Document<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let report = self.0;
        let mut map = serializer.serialize_map(None)?;
        map.serialize_entry("version", &1)?;
        map.serialize_entry("corpus", &CorpusJson(report))?;
        map.serialize_entry("summary", &SummaryJson(report))?;
        map.serialize_entry("claims", &Each(&report.claims, ClaimJson))?;
        map.end()
    }
}

/// A slice serialised as an array, each element through a wrapper.
struct Each<'a, T, W>(&'a [T], fn(&'a T) -> W);

impl<'a, T, W: Serialize> Serialize for Each<'a, T, W> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut seq = serializer.serialize_seq(Some(self.0.len()))?;
        for item in self.0 {
            seq.serialize_element(&(self.1)(item))?;
        }
        seq.end()
    }
}

struct CorpusJson<'r>(&'r Report);

impl Serialize for CorpusJson<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let stats = &self.0.corpus.stats;
        let mut map = serializer.serialize_map(None)?;
        map.serialize_entry("articles", &stats.articles)?;
        map.serialize_entry("bytes", &stats.bytes)?;
        let skipped: Vec<Skipped> = stats
            .skipped
            .iter()
            .map(|s| Skipped {
                file: s.path().display().to_string(),
                reason: s.to_string(),
            })
            .collect();
        map.serialize_entry("skipped", &skipped)?;
        let duplicates: Vec<DuplicateJson> = self
            .0
            .corpus
            .duplicates
            .iter()
            .map(|d| DuplicateJson {
                file: d.file.display().to_string(),
                record: d.record.map(|r| r.to_string()),
                of: crate::dedupe::place(&d.of_file, d.of_record),
                same: d.same.as_str(),
            })
            .collect();
        map.serialize_entry("duplicates", &duplicates)?;
        map.end()
    }
}

/// A document left out as a copy: its file and record, the document kept (`file` or
/// `file: line 12`), and what they share (`text` or `url`).
#[derive(Serialize)]
struct DuplicateJson {
    file: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    record: Option<String>,
    of: String,
    same: &'static str,
}

#[derive(Serialize)]
struct Skipped {
    file: String,
    reason: String,
}

struct SummaryJson<'r>(&'r Report);

impl Serialize for SummaryJson<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let summary = &self.0.summary;
        let mut map = serializer.serialize_map(None)?;
        map.serialize_entry("claims", &summary.claims)?;
        for verdict in Verdict::ALL {
            map.serialize_entry(verdict.as_str(), &summary.count(verdict))?;
        }
        map.end()
    }
}

/// A value as the JSON report writes it ([`Value::to_json`]).
struct ValueJson<'v>(&'v Value);

impl Serialize for ValueJson<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        self.0.to_json().serialize(serializer)
    }
}

struct ClaimJson<'r>(&'r ClaimReport);

impl Serialize for ClaimJson<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let report = self.0;
        let claim = &report.claim;
        let mut map = serializer.serialize_map(None)?;
        map.serialize_entry("id", &claim.id)?;
        map.serialize_entry("title", &claim.title)?;
        map.serialize_entry("kind", claim.kind.as_str())?;
        map.serialize_entry("status", claim.status.as_str())?;
        map.serialize_entry("severity", claim.severity.as_str())?;
        map.serialize_entry("verdict", report.verdict().as_str())?;
        map.serialize_entry("expected", &claim.expected.as_ref().map(ValueJson))?;
        map.serialize_entry("unit", &claim.unit)?;
        if let Some(accepted) = &claim.accepted {
            map.serialize_entry("accepted", &AcceptedJson(accepted))?;
            map.serialize_entry(
                "unaccepted",
                &Each(&report.assessment.unaccepted, ValueJson),
            )?;
        }
        let kind = claim.kind;
        let observations: Vec<ObservationJson<'_>> = report
            .observations
            .iter()
            .map(|observation| ObservationJson { observation, kind })
            .collect();
        let values: Vec<ValueGroupJson<'_>> = value_groups(report)
            .into_iter()
            .filter_map(|group| {
                let first = report.observations.get(*group.observations.first()?)?;
                Some(ValueGroupJson { group, first, kind })
            })
            .collect();
        map.serialize_entry("values", &values)?;
        map.serialize_entry("observations", &observations)?;
        map.serialize_entry("mentions", &Each(&report.mentions, MentionJson))?;
        map.end()
    }
}

/// A value of the grouped view: the value once, its counts, and the indexes of its
/// observations in the claim's `observations`.
struct ValueGroupJson<'r> {
    group: ValueGroup,
    first: &'r SourcedObservation,
    kind: Kind,
}

impl Serialize for ValueGroupJson<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let group = &self.group;
        let observed = &self.first.observed;
        let mut map = serializer.serialize_map(None)?;
        map.serialize_entry("display", &group.display)?;
        map.serialize_entry("value", &ValueJson(&observed.value))?;
        map.serialize_entry("qualifier", &observed.qualifier.map(|q| q.as_str()))?;
        if self.kind == Kind::Date {
            map.serialize_entry("year_inferred", &group.year_inferred)?;
        }
        map.serialize_entry("agreement", &group.agreement)?;
        map.serialize_entry("sources", &group.sources)?;
        map.serialize_entry("articles", &group.articles)?;
        map.serialize_entry("statements", &group.statements)?;
        map.serialize_entry("observations", &group.observations)?;
        map.end()
    }
}

struct AcceptedJson<'a>(&'a crate::claims::Accepted);

impl Serialize for AcceptedJson<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(None)?;
        map.serialize_entry("values", &Each(&self.0.values, ValueJson))?;
        map.serialize_entry("reason", &self.0.reason)?;
        map.end()
    }
}

struct ObservationJson<'r> {
    observation: &'r SourcedObservation,
    kind: Kind,
}

impl Serialize for ObservationJson<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let o = self.observation;
        let observed = &o.observed;
        let mut map = serializer.serialize_map(None)?;
        map.serialize_entry("source", &*o.source)?;
        map.serialize_entry("file", &o.file.display().to_string())?;
        if let Some(record) = o.record {
            map.serialize_entry("record", &record.to_string())?;
        }
        map.serialize_entry("line", &observed.location.line)?;
        map.serialize_entry("column", &observed.location.column)?;
        map.serialize_entry("value", &ValueJson(&observed.value))?;
        map.serialize_entry("qualifier", &observed.qualifier.map(|q| q.as_str()))?;
        if let Some((low, high)) = observed.value.range_ends() {
            map.serialize_entry("low", &ValueJson(&Value::Quantity(low)))?;
            map.serialize_entry("high", &ValueJson(&Value::Quantity(high)))?;
        }
        if self.kind == Kind::Date {
            map.serialize_entry("year_inferred", &observed.year_inferred)?;
        }
        map.serialize_entry(
            "display",
            &display_value(&observed.value, observed.qualifier),
        )?;
        map.serialize_entry("text", &observed.text)?;
        map.serialize_entry("anchor", &*o.anchor)?;
        map.serialize_entry("score", &round3(o.score))?;
        map.serialize_entry("evidence", &*o.evidence)?;
        if o.count > 1 {
            map.serialize_entry("count", &o.count)?;
            let more: Vec<serde_json::Value> = o
                .more
                .iter()
                .map(|at| serde_json::json!({"line": at.line, "column": at.column}))
                .collect();
            map.serialize_entry("more", &more)?;
        }
        map.end()
    }
}

struct MentionJson<'r>(&'r SourcedMention);

impl Serialize for MentionJson<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let m = self.0;
        let mut map = serializer.serialize_map(None)?;
        map.serialize_entry("source", &*m.source)?;
        map.serialize_entry("file", &m.file.display().to_string())?;
        if let Some(record) = m.record {
            map.serialize_entry("record", &record.to_string())?;
        }
        map.serialize_entry("line", &m.location.line)?;
        map.serialize_entry("column", &m.location.column)?;
        map.serialize_entry("anchor", &*m.anchor)?;
        map.end()
    }
}

/// Scores to three decimals, so the output does not depend on the last bits of a float.
fn round3(score: f64) -> f64 {
    (score * 1000.0).round() / 1000.0
}
