//! Files of findings: what `crosscheck scan --shard K/N --emit FILE` writes and
//! `crosscheck report --from FILE...` merges (see `docs/shards.md`).
//!
//! A file of findings is JSON Lines, UTF-8, one object a line:
//!
//! 1. a header: `{"crosscheck_findings":1,"tool":"0.1.0","shard":"2/4","corpus":"corpus",
//!    "claims":[{"id":"…","key":"…"}],"walk_skipped":[…]}`: the format version, the version
//!    of the tool that wrote it, the shard, the corpus folder as given, every claim scanned
//!    with the key of its matching fields ([`claim_key`]), and what the folder walk skipped;
//! 2. one line per document read (`{"index":…,"file":…,"record":…,"source":…,"url":…,
//!    "bytes":…,"text_hash":…,"url_hash":…,"warnings":[…],"observations":[…],
//!    "mentions":[…]}`) or file skipped (`{"index":…,"skipped":{"file":…,"message":…}}`), in
//!    walk order;
//! 3. a last line `{"end":N}`, N the number of entries, so a cut file is an error, not a
//!    smaller corpus.
//!
//! Numbers read back exactly (floats are written shortest-exact); paths must be UTF-8.

use crate::claims::Claim;
use crate::corpus::{RecordPlace, RecordUnit, SkipReason};
use crate::dedupe::{Fingerprint, Hash128};
use crate::report::{Document, ShardScan, Walked};
use crate::scan::{ArticleFindings, CountedNoun, Location, Mention, Observation, Observed};
use crate::value::{PartialDate, Qualifier, Value};
use serde::{Deserialize, Serialize};
use std::io::{BufRead, Write};
use std::path::{Path, PathBuf};

/// The version of the format this build writes and reads.
pub const FORMAT_VERSION: u32 = 1;

/// The version of the tool: files of findings (and cache entries) of another version are not
/// read, since its scan may find other things.
pub const TOOL_VERSION: &str = env!("CARGO_PKG_VERSION");

/// The key of a claim's fields that decide what the scan finds in an article (id, kind,
/// anchors, units, window, distance, threshold, inflection, choices), as 32 hex digits: the
/// same key, the same findings. Title, status, severity, tolerance, expected and accepted
/// values only change the comparison, so they are not part of it.
pub fn claim_key(claim: &Claim) -> String {
    let fields = format!(
        "{:?}|{:?}|{:?}|{:?}|{:?}|{:?}|{}|{}|{}|{:?}|{}",
        claim.id,
        claim.kind,
        claim.anchors,
        claim.unit,
        claim.unit_words,
        claim.window,
        claim.max_distance,
        claim.threshold.to_bits(),
        claim.inflect,
        claim.choices,
        TOOL_VERSION,
    );
    hex(&blake3::hash(fields.as_bytes()).as_bytes()[..16])
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

fn unhex(text: &str) -> Option<Hash128> {
    let mut out = [0u8; 16];
    if text.len() != 32 {
        return None;
    }
    for (i, slot) in out.iter_mut().enumerate() {
        *slot = u8::from_str_radix(text.get(2 * i..2 * i + 2)?, 16).ok()?;
    }
    Some(out)
}

/// The header line.
#[derive(Debug, Serialize, Deserialize)]
struct Header {
    crosscheck_findings: u32,
    tool: String,
    shard: String,
    corpus: String,
    claims: Vec<ClaimEntry>,
    walk_skipped: Vec<SkipWire>,
}

/// A claim scanned and the key of its matching fields.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ClaimEntry {
    /// The claim's id.
    pub id: String,
    /// [`claim_key`].
    pub key: String,
}

#[derive(Debug, Serialize, Deserialize)]
struct SkipWire {
    file: String,
    message: String,
}

#[derive(Debug, Serialize, Deserialize)]
struct RecordWire {
    number: u64,
    unit: String,
}

/// One entry line: a document or a skipped file.
#[derive(Debug, Serialize, Deserialize)]
#[serde(untagged)]
enum EntryWire {
    Skipped { index: usize, skipped: SkipWire },
    Document(Box<DocumentWire>),
    End { end: usize },
}

#[derive(Debug, Serialize, Deserialize)]
struct DocumentWire {
    index: usize,
    file: String,
    record: Option<RecordWire>,
    source: String,
    url: Option<String>,
    bytes: u64,
    text_hash: Option<String>,
    url_hash: Option<String>,
    warnings: Vec<String>,
    #[serde(flatten)]
    findings: FindingsWire,
}

/// An article's findings as written (observations and mentions; hits are not kept).
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct FindingsWire {
    observations: Vec<ObservationWire>,
    mentions: Vec<MentionWire>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
struct ObservationWire {
    claim: String,
    anchor: String,
    score: f64,
    evidence: String,
    count: usize,
    more: Vec<[usize; 3]>,
    value: ValueWire,
    qualifier: Option<String>,
    year_inferred: bool,
    text: String,
    at: [usize; 3],
    distance: usize,
    counted: Option<[String; 2]>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
enum ValueWire {
    Quantity(f64),
    Range([f64; 2]),
    Year(i32),
    Date([Option<i32>; 3]),
    Choice(String),
}

#[derive(Debug, Clone, Serialize, Deserialize)]
struct MentionWire {
    claim: String,
    anchor: String,
    at: [usize; 3],
}

fn location_wire(l: Location) -> [usize; 3] {
    [l.offset, l.line, l.column]
}

fn location(w: [usize; 3]) -> Location {
    Location {
        offset: w[0],
        line: w[1],
        column: w[2],
    }
}

fn qualifier(name: &str) -> Option<Qualifier> {
    [
        Qualifier::Exact,
        Qualifier::Approx,
        Qualifier::MoreThan,
        Qualifier::LessThan,
        Qualifier::AtLeast,
        Qualifier::AtMost,
        Qualifier::Range,
    ]
    .into_iter()
    .find(|q| q.as_str() == name)
}

impl FindingsWire {
    /// The wire form of `findings` (hits are dropped).
    pub fn of(findings: &ArticleFindings) -> FindingsWire {
        FindingsWire {
            observations: findings
                .observations
                .iter()
                .map(|o| ObservationWire {
                    claim: o.claim.clone(),
                    anchor: o.anchor.clone(),
                    score: o.score,
                    evidence: o.evidence.clone(),
                    count: o.count,
                    more: o.more.iter().copied().map(location_wire).collect(),
                    value: match &o.observed.value {
                        Value::Quantity(x) => ValueWire::Quantity(*x),
                        Value::Range(a, b) => ValueWire::Range([*a, *b]),
                        Value::Year(y) => ValueWire::Year(*y),
                        Value::Date(d) => {
                            ValueWire::Date([d.year, d.month.map(i32::from), d.day.map(i32::from)])
                        }
                        Value::Choice(c) => ValueWire::Choice(c.clone()),
                    },
                    qualifier: o.observed.qualifier.map(|q| q.as_str().to_owned()),
                    year_inferred: o.observed.year_inferred,
                    text: o.observed.text.clone(),
                    at: location_wire(o.observed.location),
                    distance: o.observed.distance,
                    counted: o
                        .observed
                        .counted
                        .as_ref()
                        .map(|c| [c.unit.clone(), c.text.clone()]),
                })
                .collect(),
            mentions: findings
                .mentions
                .iter()
                .map(|m| MentionWire {
                    claim: m.claim.clone(),
                    anchor: m.anchor.clone(),
                    at: location_wire(m.location),
                })
                .collect(),
        }
    }

    /// The findings again; `None` when a value is out of range.
    pub fn into_findings(self) -> Option<ArticleFindings> {
        let mut observations = Vec::with_capacity(self.observations.len());
        for o in self.observations {
            let value = match o.value {
                ValueWire::Quantity(x) => Value::Quantity(x),
                ValueWire::Range([a, b]) => Value::Range(a, b),
                ValueWire::Year(y) => Value::Year(y),
                ValueWire::Date([year, month, day]) => Value::Date(PartialDate {
                    year,
                    month: month.map(u8::try_from).transpose().ok()?,
                    day: day.map(u8::try_from).transpose().ok()?,
                }),
                ValueWire::Choice(c) => Value::Choice(c),
            };
            let qualifier = match o.qualifier {
                Some(name) => Some(qualifier(&name)?),
                None => None,
            };
            observations.push(Observation {
                claim: o.claim,
                observed: Observed {
                    value,
                    qualifier,
                    year_inferred: o.year_inferred,
                    text: o.text,
                    location: location(o.at),
                    distance: o.distance,
                    counted: o.counted.map(|[unit, text]| CountedNoun { unit, text }),
                },
                anchor: o.anchor,
                score: o.score,
                evidence: o.evidence,
                count: o.count,
                more: o.more.into_iter().map(location).collect(),
            });
        }
        let mentions = self
            .mentions
            .into_iter()
            .map(|m| Mention {
                claim: m.claim,
                anchor: m.anchor,
                location: location(m.at),
            })
            .collect();
        Some(ArticleFindings {
            hits: Vec::new(),
            observations,
            mentions,
        })
    }
}

fn utf8(path: &Path) -> Result<String, String> {
    path.to_str().map(str::to_owned).ok_or_else(|| {
        format!(
            "the path {} is not UTF-8; files of findings hold UTF-8 paths only (rename it, or \
             scan without --shard)",
            path.display()
        )
    })
}

fn unit_name(unit: RecordUnit) -> &'static str {
    match unit {
        RecordUnit::Line => "line",
        RecordUnit::Row => "row",
        RecordUnit::Offset => "offset",
    }
}

fn skip_wire(reason: &SkipReason) -> Result<SkipWire, String> {
    Ok(SkipWire {
        file: utf8(reason.path())?,
        message: reason.to_string(),
    })
}

/// Writes the file of findings of `scan` (shard `shard` of the corpus `corpus`, scanned for
/// `claims`) to `out`.
///
/// # Errors
///
/// A path that is not UTF-8, or a write that fails, as a message.
pub fn write(
    out: &mut dyn Write,
    shard: crate::report::Shard,
    corpus: &Path,
    claims: &[&Claim],
    scan: &ShardScan,
) -> Result<(), String> {
    let io = |e: std::io::Error| e.to_string();
    let header = Header {
        crosscheck_findings: FORMAT_VERSION,
        tool: TOOL_VERSION.to_owned(),
        shard: shard.to_string(),
        corpus: utf8(corpus)?,
        claims: claims
            .iter()
            .map(|c| ClaimEntry {
                id: c.id.clone(),
                key: claim_key(c),
            })
            .collect(),
        walk_skipped: scan
            .walk_skipped
            .iter()
            .map(skip_wire)
            .collect::<Result<_, _>>()?,
    };
    let line = |out: &mut dyn Write, value: &dyn erased::Line| -> Result<(), String> {
        value.write_line(out).map_err(|e| e.to_string())
    };
    line(out, &header)?;
    for entry in &scan.entries {
        let wire = match entry {
            Walked::Skipped { index, reason } => EntryWire::Skipped {
                index: *index,
                skipped: skip_wire(reason)?,
            },
            Walked::Document(d) => EntryWire::Document(Box::new(DocumentWire {
                index: d.fingerprint.index,
                file: utf8(&d.file)?,
                record: d.record.map(|r| RecordWire {
                    number: r.number,
                    unit: unit_name(r.unit).to_owned(),
                }),
                source: d.source.clone(),
                url: d.url.clone(),
                bytes: d.fingerprint.bytes,
                text_hash: d.fingerprint.text.map(|h| hex(&h)),
                url_hash: d.fingerprint.url.map(|h| hex(&h)),
                warnings: d.warnings.clone(),
                findings: FindingsWire::of(&d.findings),
            })),
        };
        line(out, &wire)?;
    }
    line(
        out,
        &EntryWire::End {
            end: scan.entries.len(),
        },
    )?;
    out.flush().map_err(io)
}

mod erased {
    use serde::Serialize;
    use std::io::Write;

    /// A value written as one JSON line.
    pub trait Line {
        fn write_line(&self, out: &mut dyn Write) -> std::io::Result<()>;
    }

    impl<T: Serialize> Line for T {
        fn write_line(&self, out: &mut dyn Write) -> std::io::Result<()> {
            serde_json::to_writer(&mut *out, self)?;
            out.write_all(b"\n")
        }
    }
}

/// A file of findings read back.
#[derive(Debug)]
pub struct Findings {
    /// Which shard it is.
    pub shard: crate::report::Shard,
    /// The corpus folder as the scan was given it.
    pub corpus: PathBuf,
    /// The claims scanned, with their keys.
    pub claims: Vec<ClaimEntry>,
    /// What the scan found.
    pub scan: ShardScan,
}

/// Reads a file of findings from `input`; `name` is the file's name for messages.
///
/// # Errors
///
/// A message naming the file and line: not a file of findings, another version, a line that
/// is not what the format says, or a file cut short.
pub fn read(input: &mut dyn BufRead, name: &str) -> Result<Findings, String> {
    let mut lines = input.lines().enumerate();
    let fail = |line: usize, what: &str| format!("{name}:{}: {what}", line + 1);
    let (_, first) = lines
        .next()
        .ok_or_else(|| format!("{name}: empty; not a file of findings of `crosscheck scan`"))?;
    let first = first.map_err(|e| fail(0, &e.to_string()))?;
    let header: Header = serde_json::from_str(&first).map_err(|_| {
        fail(
            0,
            "not a file of findings of `crosscheck scan --emit` (the first line is no header)",
        )
    })?;
    if header.crosscheck_findings != FORMAT_VERSION || header.tool != TOOL_VERSION {
        return Err(format!(
            "{name}: written by crosscheck {} (format {}); this is crosscheck {TOOL_VERSION} \
             (format {FORMAT_VERSION}): scan the shard again with this version",
            header.tool, header.crosscheck_findings
        ));
    }
    let shard = crate::report::Shard::parse(&header.shard).map_err(|e| fail(0, &e))?;
    let walk_skipped = header
        .walk_skipped
        .into_iter()
        .map(|s| SkipReason::Recorded {
            path: PathBuf::from(s.file),
            message: s.message,
        })
        .collect();
    let mut entries = Vec::new();
    let mut ended = false;
    for (number, line) in lines {
        let line = line.map_err(|e| fail(number, &e.to_string()))?;
        if ended {
            return Err(fail(number, "a line after the end line"));
        }
        let wire: EntryWire = serde_json::from_str(&line)
            .map_err(|e| fail(number, &format!("not an entry of a file of findings ({e})")))?;
        let entry = match wire {
            EntryWire::End { end } => {
                if end != entries.len() {
                    return Err(fail(
                        number,
                        &format!(
                            "the end line counts {end} entries, the file has {}",
                            entries.len()
                        ),
                    ));
                }
                ended = true;
                continue;
            }
            EntryWire::Skipped { index, skipped } => Walked::Skipped {
                index,
                reason: SkipReason::Recorded {
                    path: PathBuf::from(skipped.file),
                    message: skipped.message,
                },
            },
            EntryWire::Document(d) => {
                let bad = |what: &str| fail(number, what);
                let record = match d.record {
                    Some(r) => Some(RecordPlace {
                        number: r.number,
                        unit: match r.unit.as_str() {
                            "line" => RecordUnit::Line,
                            "row" => RecordUnit::Row,
                            "offset" => RecordUnit::Offset,
                            _ => return Err(bad("a record unit other than line, row, offset")),
                        },
                    }),
                    None => None,
                };
                let hash = |h: Option<String>| -> Result<Option<Hash128>, String> {
                    h.map(|h| unhex(&h).ok_or_else(|| bad("a hash that is not 32 hex digits")))
                        .transpose()
                };
                let file = PathBuf::from(d.file);
                Walked::Document(Box::new(Document {
                    source: d.source,
                    record,
                    url: d.url,
                    warnings: d.warnings,
                    fingerprint: Fingerprint {
                        index: d.index,
                        file: file.clone(),
                        record,
                        text: hash(d.text_hash)?,
                        url: hash(d.url_hash)?,
                        bytes: d.bytes,
                    },
                    file,
                    findings: d
                        .findings
                        .into_findings()
                        .ok_or_else(|| bad("a value out of range"))?,
                }))
            }
        };
        entries.push(entry);
    }
    if !ended {
        return Err(format!(
            "{name}: cut short (no end line); write it again with `crosscheck scan --emit`"
        ));
    }
    Ok(Findings {
        shard,
        corpus: PathBuf::from(header.corpus),
        claims: header.claims,
        scan: ShardScan {
            walk_skipped,
            entries,
        },
    })
}

/// The report of `claims` from the files of findings of every shard of one corpus (`files`,
/// in any order, each with its name for messages): the report one scan of the corpus gives.
///
/// # Errors
///
/// A message when the files are not the shards 1 to N of one scan (a shard missing or given
/// twice, another corpus or other claims), when a claim asked for was not scanned or was
/// edited since, or when no article was read.
pub fn merge(
    files: Vec<(String, Findings)>,
    claims: &[Claim],
) -> Result<crate::report::Report, String> {
    let Some((first_name, first)) = files.first() else {
        return Err("no file of findings given".to_owned());
    };
    let count = first.shard.count;
    let mut seen: Vec<Option<&str>> = vec![None; count];
    for (name, file) in &files {
        if file.shard.count != count {
            return Err(format!(
                "{name} is shard {} but {first_name} is shard {}: give the files of one \
                 `--shard K/N` scan",
                file.shard, first.shard
            ));
        }
        if file.corpus != first.corpus {
            return Err(format!(
                "{name} is of the corpus `{}`, {first_name} of `{}`: give the shards of one corpus",
                file.corpus.display(),
                first.corpus.display()
            ));
        }
        if file.claims != first.claims {
            return Err(format!(
                "{name} and {first_name} were scanned for different claims: scan every shard \
                 with the same claims"
            ));
        }
        let slot = &mut seen[file.shard.index - 1];
        if let Some(other) = slot {
            return Err(format!("{name} and {other} are both shard {}", file.shard));
        }
        *slot = Some(name);
    }
    let missing: Vec<String> = seen
        .iter()
        .enumerate()
        .filter(|(_, s)| s.is_none())
        .map(|(i, _)| format!("{}/{count}", i + 1))
        .collect();
    if !missing.is_empty() {
        return Err(format!(
            "shard {} missing: the report needs every shard of the corpus",
            missing.join(", ")
        ));
    }
    for claim in claims
        .iter()
        .filter(|c| c.status != crate::claims::Status::Retired)
    {
        match first.claims.iter().find(|c| c.id == claim.id) {
            None => {
                return Err(format!(
                    "claim `{}` was not scanned into {first_name}: scan the shards again",
                    claim.id
                ));
            }
            Some(entry) if entry.key != claim_key(claim) => {
                return Err(format!(
                    "claim `{}` was edited (anchors or other matching fields) since the shards \
                     were scanned: scan the shards again",
                    claim.id
                ));
            }
            Some(_) => {}
        }
    }
    let corpus = first.corpus.clone();
    let walk_skipped = first.scan.walk_skipped.clone();
    let entries = files.into_iter().flat_map(|(_, f)| f.scan.entries);
    crate::report::assemble(&corpus, claims, walk_skipped, entries).map_err(|e| e.to_string())
}
