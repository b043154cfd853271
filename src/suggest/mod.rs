//! Suggesting claims: the figures two or more sources state about the same thing, found with
//! no claim at all, disagreements first.
//!
//! # Stages
//!
//! ```text
//! corpus ─ statements (every value, its counted noun, its context words) ─┐
//!        └ document frequencies ─────────────────────────────────────────┴→ grouping
//!   → anchors (articles of the best groups read again) → a claim per group
//!   → the real scan (`report`) of those claims → kept when they find their statements again
//!   → ranking (conflicts first) → output / `--write`
//! ```
//!
//! 1. [`statements`]: the corpus is read once, in parallel, through the same walk as a scan
//!    ([`crate::report::read_articles`]); every value of every clause becomes a statement of
//!    a few dozen bytes, and each article's content words are counted for their document
//!    frequency. A copy of an article read before it ([`crate::dedupe`]) adds neither.
//! 2. [`grouping`]: statements of different articles with the same kind and counted noun, whose
//!    contexts overlap enough (weighted by inverse document frequency), form a group.
//! 3. [`anchors`]: for the best-placed groups, the shortest distinctive phrases next to the
//!    value in most of the group's clauses.
//! 4. Verification: every suggested claim is run through [`crate::report::build_with`], the
//!    scan `report` runs. A claim is kept only when it reads the value of at least
//!    `min_sources` of its group's statements again (same article, same value); otherwise
//!    stricter anchors are tried, then the group is dropped. The verdict shown is the one the
//!    report gives.
//! 5. Ranking: conflicts first, then agreements; within each, by the number of sources,
//!    weighted by how distinctive the anchors are. A suggestion whose observations an
//!    existing claim already has is dropped, and counted.
//!
//! # Example
//!
//! ```no_run
//! use crosscheck::suggest::{Options, suggest};
//! let found = suggest(std::path::Path::new("corpus"), &[], &Options::default(), None)?;
//! for s in &found.suggestions {
//!     println!("{} {} {:?}", s.id, s.verdict.as_str(), s.anchors);
//! }
//! # Ok::<(), crosscheck::corpus::CorpusError>(())
//! ```

pub mod anchors;
pub mod grouping;
pub mod output;
pub mod statements;
pub mod words;
pub mod write;

use crate::claims::edit::yaml_scalar;
use crate::claims::{Claim, Status, Window, parse_claims_str};
use crate::compare::Verdict;
use crate::corpus::{self, CorpusError, RecordPlace};
use crate::normalize::normalize;
use crate::render::display_value;
use crate::report::{self, CorpusSummary, ScanOptions, ScanProgress, SourcedObservation};
use crate::value::{Kind, Value};
use grouping::{Group, Idf};
use statements::Statement;
use std::collections::{BTreeMap, HashMap, HashSet};
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

/// What to suggest.
#[derive(Debug, Clone, PartialEq)]
pub struct Options {
    /// Kinds to suggest (empty: quantity, year and date).
    pub kinds: Vec<Kind>,
    /// Fewest sources a suggestion needs (2 or more).
    pub min_sources: usize,
    /// Most suggestions returned.
    pub top: usize,
    /// The grouping threshold ([`grouping::DEFAULT_THRESHOLD`]).
    pub threshold: f64,
}

impl Default for Options {
    fn default() -> Options {
        Options {
            kinds: Vec::new(),
            min_sources: 2,
            top: 20,
            threshold: grouping::DEFAULT_THRESHOLD,
        }
    }
}

/// Most statements of a group read again for anchors.
const SAMPLE: usize = 12;

/// One suggested claim, verified by the scan.
#[derive(Debug, Clone, PartialEq)]
pub struct Suggestion {
    /// 1-based place in the ranking.
    pub rank: usize,
    /// `suggested-<kind>-<hash>`, the same for the same group on every run.
    pub id: String,
    /// The kind of value.
    pub kind: Kind,
    /// A title made of the context words.
    pub title: String,
    /// The anchors.
    pub anchors: Vec<String>,
    /// The counted noun, for quantities that have one.
    pub unit: Option<String>,
    /// Where the claim reads its value.
    pub window: Window,
    /// The verdict the claim has in a report.
    pub verdict: Verdict,
    /// How distinctive the anchors are, 0..=1.
    pub distinctiveness: f64,
    /// What the claim reads in a report, sorted by file, line, column.
    pub observations: Vec<SourcedObservation>,
    /// The sources and values seen, for the claim's `note`.
    pub note: String,
}

impl Suggestion {
    /// Distinct articles among the observations.
    pub fn sources(&self) -> usize {
        self.observations
            .iter()
            .map(|o| &o.file)
            .collect::<HashSet<_>>()
            .len()
    }

    /// The claim as YAML, one item of a `claims:` list (indented by two spaces), ending with a
    /// newline; `status: review`.
    pub fn claim_yaml(&self) -> String {
        claim_yaml(&ClaimText {
            id: &self.id,
            title: &self.title,
            kind: self.kind,
            anchors: &self.anchors,
            unit: self.unit.as_deref(),
            window: self.window,
            note: Some(&self.note),
        })
    }
}

/// The result of [`suggest`].
#[derive(Debug, Clone, PartialEq)]
pub struct Suggestions {
    /// What was read.
    pub corpus: CorpusSummary,
    /// The suggestions, best first.
    pub suggestions: Vec<Suggestion>,
    /// Statements read.
    pub statements: usize,
    /// Groups of at least `min_sources` articles.
    pub groups: usize,
    /// Verified suggestions dropped because an existing claim already has their
    /// observations.
    pub covered: usize,
}

/// Per thread while reading: statements, document frequencies, and each article's path
/// (and record, when its file holds many).
#[derive(Default)]
struct Reading {
    statements: Vec<Statement>,
    /// Each article's content terms, for document frequencies counted once the copies are
    /// known.
    terms: Vec<(u32, Box<[u32]>)>,
    paths: Vec<(u32, PathBuf, PathBuf, Option<RecordPlace>)>,
}

impl Reading {
    fn merge(mut self, other: Reading) -> Reading {
        self.statements.extend(other.statements);
        self.terms.extend(other.terms);
        self.paths.extend(other.paths);
        self
    }
}

/// Suggests claims for the corpus at `corpus_root` (see the module documentation).
/// `existing` are the claims already written (retired ones are ignored).
///
/// # Errors
///
/// Those of a scan: a corpus folder that cannot be listed or holds no readable article.
pub fn suggest(
    corpus_root: &Path,
    existing: &[Claim],
    options: &Options,
    progress: Option<&(dyn Fn(ScanProgress) + Sync)>,
) -> Result<Suggestions, CorpusError> {
    let kinds: Vec<Kind> = if options.kinds.is_empty() {
        vec![Kind::Quantity, Kind::Year, Kind::Date]
    } else {
        options.kinds.clone()
    };
    let min_sources = options.min_sources.max(2);
    let (reading, corpus) = report::read_articles(
        corpus_root,
        progress,
        Reading::default,
        |reading, index, article| {
            let index = u32::try_from(index).unwrap_or(u32::MAX);
            let read = statements::read(article, index, &kinds);
            reading.terms.push((index, read.terms.into_boxed_slice()));
            if !read.statements.is_empty() {
                reading.statements.extend(read.statements);
                reading.paths.push((
                    index,
                    article.path.clone(),
                    article.relative.clone(),
                    article.record,
                ));
            }
        },
        Reading::merge,
    )?;
    // A copy of an article read before it (the scan's `crate::dedupe`) is no second source:
    // its statements and words are left out, as `report` leaves out its findings.
    let copies = corpus.copies();
    let copied: HashSet<u32> = reading
        .paths
        .iter()
        .filter(|(_, path, _, record)| copies.contains(&(path.as_path(), *record)))
        .map(|(i, ..)| *i)
        .collect();
    let mut df: HashMap<u32, u32> = HashMap::new();
    for (_, terms) in reading.terms.iter().filter(|(i, _)| !copied.contains(i)) {
        for &term in terms {
            *df.entry(term).or_default() += 1;
        }
    }
    let idf = Idf::new(corpus.stats.articles, df);
    let mut statements = reading.statements;
    statements.retain(|s| !copied.contains(&s.article));
    let paths: HashMap<u32, (PathBuf, PathBuf)> = reading
        .paths
        .into_iter()
        .filter(|(i, ..)| !copied.contains(i))
        .map(|(i, path, relative, _)| (i, (path, relative)))
        .collect();
    let mut groups = grouping::group(&statements, &idf, options.threshold, min_sources);
    let group_count = groups.len();
    groups.sort_by_key(|g| preliminary_rank(g, &statements));
    groups.truncate(options.top.saturating_mul(3).max(30));

    let drafts = draft(corpus_root, &groups, &statements, &paths, &idf);
    let (mut verified, covered) =
        verify(corpus_root, drafts, existing, &idf, min_sources, progress);
    release_freed_memory();
    verified.sort_by(|a, b| {
        verdict_rank(a.verdict)
            .cmp(&verdict_rank(b.verdict))
            .then(weight(b).total_cmp(&weight(a)))
            .then(a.id.cmp(&b.id))
    });
    // Two groups whose claims read the same observations are one suggestion.
    let mut seen: HashSet<Vec<(PathBuf, usize)>> = HashSet::new();
    verified.retain(|s| seen.insert(observation_keys(&s.observations)));
    verified.truncate(options.top);
    for (rank, suggestion) in verified.iter_mut().enumerate() {
        suggestion.rank = rank + 1;
        suggestion.note = note(suggestion);
    }
    Ok(Suggestions {
        corpus,
        suggestions: verified,
        statements: statements.len(),
        groups: group_count,
        covered,
    })
}

/// Groups whose values differ first, then the most sources, then corpus order.
fn preliminary_rank(
    group: &Group,
    statements: &[Statement],
) -> (bool, std::cmp::Reverse<usize>, (u32, u32)) {
    let values: Vec<&Value> = group
        .members
        .iter()
        .filter_map(|m| statements.get(*m).map(|s| &s.value))
        .collect();
    let differ = values.iter().any(|v| Some(*v) != values.first().copied());
    let first = group
        .members
        .first()
        .and_then(|m| statements.get(*m))
        .map_or((0, 0), |s| (s.article, s.at));
    (!differ, std::cmp::Reverse(group.members.len()), first)
}

fn verdict_rank(verdict: Verdict) -> u8 {
    match verdict {
        Verdict::Conflict => 0,
        Verdict::Agree => 1,
        _ => 2,
    }
}

/// Sources, weighted by how distinctive the anchors are (half to full weight).
fn weight(suggestion: &Suggestion) -> f64 {
    suggestion.sources() as f64 * (0.5 + 0.5 * suggestion.distinctiveness)
}

/// A group ready to be scanned: its statements (article path, value) and anchor choices.
struct Draft {
    id: String,
    kind: Kind,
    title: String,
    unit: Option<String>,
    members: Vec<(PathBuf, Value)>,
    /// The clauses of a sample of the statements, to choose anchors from.
    wordings: Vec<anchors::Wording>,
    /// Anchors the scan showed wrong.
    banned: HashSet<String>,
    /// Where the value is read: the clause, or (when no anchor of the clause serves) the
    /// sentence.
    window: Window,
}

/// Reads the articles of the groups' statements again (each once) and chooses their anchors.
fn draft(
    corpus_root: &Path,
    groups: &[Group],
    statements: &[Statement],
    paths: &HashMap<u32, (PathBuf, PathBuf)>,
    idf: &Idf,
) -> Vec<Draft> {
    // The statements to read again, by article.
    let mut wanted: BTreeMap<u32, Vec<u32>> = BTreeMap::new();
    let samples: Vec<Vec<usize>> = groups.iter().map(|g| sample(g, statements)).collect();
    for &m in samples.iter().flatten() {
        if let Some(s) = statements.get(m) {
            wanted.entry(s.article).or_default().push(s.at);
        }
    }
    let mut wordings: HashMap<(u32, u32), anchors::Wording> = HashMap::new();
    for (article_index, ats) in wanted {
        let Some((path, _)) = paths.get(&article_index) else {
            continue;
        };
        let Ok(article) = corpus::load_article(path, corpus_root) else {
            continue;
        };
        let normalized = normalize(article.body());
        for at in ats {
            if let Some(w) = anchors::wording_in(&normalized, article.body(), at as usize) {
                wordings.insert((article_index, at), w);
            }
        }
    }
    groups
        .iter()
        .zip(&samples)
        .filter_map(|(group, sample)| {
            let found: Vec<&anchors::Wording> = sample
                .iter()
                .filter_map(|m| statements.get(*m))
                .filter_map(|s| wordings.get(&(s.article, s.at)))
                .collect();
            let leader = *found.first()?;
            let owned: Vec<anchors::Wording> = found.iter().map(|w| (*w).clone()).collect();
            let members: Vec<(PathBuf, Value)> = group
                .members
                .iter()
                .filter_map(|m| statements.get(*m))
                .filter_map(|s| Some((paths.get(&s.article)?.0.clone(), s.value.clone())))
                .collect();
            let mut keys: Vec<String> = group
                .members
                .iter()
                .filter_map(|m| statements.get(*m))
                .filter_map(|s| {
                    let relative = &paths.get(&s.article)?.1;
                    Some(format!(
                        "{}\t{}",
                        relative.to_string_lossy(),
                        display_value(&s.value, s.qualifier)
                    ))
                })
                .collect();
            keys.sort();
            let unit = match group.kind {
                Kind::Quantity => leader.counted_noun(),
                _ => None,
            };
            let words = leader.key_words(idf, 4).join(", ");
            let title = match (group.kind, &unit) {
                (Kind::Quantity, Some(noun)) => format!("Number of {noun}: {words}"),
                (Kind::Quantity, None) => format!("Figure: {words}"),
                (Kind::Year, _) => format!("Year: {words}"),
                (Kind::Date, _) => format!("Date: {words}"),
                (Kind::Choice, _) => format!("Choice: {words}"),
            };
            Some(Draft {
                id: format!(
                    "suggested-{}-{}",
                    group.kind.as_str(),
                    short_hash(group.kind, &keys)
                ),
                kind: group.kind,
                title,
                unit,
                members,
                wordings: owned,
                banned: HashSet::new(),
                window: Window::Clause,
            })
        })
        .collect()
}

/// Up to [`SAMPLE`] statements of a group: the first of each value, then the rest in order.
fn sample(group: &Group, statements: &[Statement]) -> Vec<usize> {
    let mut chosen: Vec<usize> = Vec::new();
    let mut values: Vec<&Value> = Vec::new();
    for &m in &group.members {
        if let Some(s) = statements.get(m)
            && !values.contains(&&s.value)
        {
            values.push(&s.value);
            chosen.push(m);
        }
    }
    for &m in &group.members {
        if !chosen.contains(&m) {
            chosen.push(m);
        }
    }
    chosen.truncate(SAMPLE);
    chosen.sort_unstable_by_key(|m| group.members.iter().position(|x| x == m));
    chosen
}

/// An FNV-1a 64-bit hash of the kind and the group's statements, eight hex digits.
fn short_hash(kind: Kind, keys: &[String]) -> String {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for byte in kind
        .as_str()
        .bytes()
        .chain(keys.iter().flat_map(|k| k.bytes().chain([b'\n'])))
    {
        hash ^= u64::from(byte);
        hash = hash.wrapping_mul(0x0100_0000_01b3);
    }
    format!("{:08x}", hash >> 32)
}

/// The fields of a suggested claim.
#[derive(Debug, Clone, Copy)]
pub struct ClaimText<'a> {
    /// Its id.
    pub id: &'a str,
    /// Its title.
    pub title: &'a str,
    /// Its kind.
    pub kind: Kind,
    /// Its anchors.
    pub anchors: &'a [String],
    /// Its unit, if any.
    pub unit: Option<&'a str>,
    /// Its window (`clause` is the default and not written).
    pub window: Window,
    /// Its note, if any.
    pub note: Option<&'a str>,
}

/// One claim as YAML, an item of a `claims:` list, with `status: review`.
pub fn claim_yaml(claim: &ClaimText<'_>) -> String {
    let ClaimText {
        id,
        title,
        kind,
        anchors,
        unit,
        window,
        note,
    } = *claim;
    let mut out = String::new();
    let _ = writeln!(out, "  - id: {}", yaml_scalar(id));
    let _ = writeln!(out, "    title: {}", yaml_scalar(title));
    let _ = writeln!(out, "    kind: {}", kind.as_str());
    out.push_str("    anchors:\n");
    for anchor in anchors {
        let _ = writeln!(out, "      - {}", yaml_scalar(anchor));
    }
    if let Some(unit) = unit {
        let _ = writeln!(out, "    unit: {}", yaml_scalar(unit));
    }
    if window == Window::Sentence {
        out.push_str("    window: sentence\n");
    }
    out.push_str("    status: review\n");
    if let Some(note) = note.filter(|n| !n.is_empty()) {
        let _ = writeln!(out, "    note: {}", yaml_scalar(note));
    }
    out
}

/// The observations as (file, offset) pairs, sorted: each observation's place and those of
/// the same value stated again (`more`).
fn observation_keys(observations: &[SourcedObservation]) -> Vec<(PathBuf, usize)> {
    let mut keys: Vec<(PathBuf, usize)> = observations
        .iter()
        .flat_map(|o| {
            std::iter::once(o.observed.location.offset)
                .chain(o.more.iter().map(|more| more.offset))
                .map(|offset| (o.file.to_path_buf(), offset))
        })
        .collect();
    keys.sort();
    keys.dedup();
    keys
}

/// Runs the drafts' claims through the report scan, round after round of stricter anchors,
/// keeping each draft's first choice that finds its statements again. Returns the verified
/// suggestions (unranked) and how many an existing claim covers.
fn verify(
    corpus_root: &Path,
    drafts: Vec<Draft>,
    existing: &[Claim],
    idf: &Idf,
    min_sources: usize,
    progress: Option<&(dyn Fn(ScanProgress) + Sync)>,
) -> (Vec<Suggestion>, usize) {
    let existing: Vec<Claim> = existing
        .iter()
        .filter(|c| c.status != Status::Retired)
        .cloned()
        .collect();
    let existing_ids: HashSet<&str> = existing.iter().map(|c| c.id.as_str()).collect();
    let mut covered = 0;
    let mut pending: Vec<Draft> = Vec::new();
    for draft in drafts {
        if existing_ids.contains(draft.id.as_str()) {
            // Written by an earlier run: the same group.
            covered += 1;
        } else {
            pending.push(draft);
        }
    }
    let mut existing_sets: Vec<HashSet<(PathBuf, usize)>> = Vec::new();
    let mut verified: Vec<Suggestion> = Vec::new();
    for round in 0..ROUNDS {
        let mut claims: Vec<Claim> = Vec::new();
        let mut scanned: Vec<(Draft, anchors::Choice)> = Vec::new();
        for mut draft in pending.drain(..) {
            let mut choice = anchors::choose(&draft.wordings, idf, &draft.banned, draft.window);
            if choice.is_none() && draft.window == Window::Clause {
                // No phrase of the clause serves: read the value in the sentence.
                draft.window = Window::Sentence;
                draft.banned.clear();
                choice = anchors::choose(&draft.wordings, idf, &draft.banned, draft.window);
            }
            let Some(choice) = choice else {
                continue;
            };
            let text = format!(
                "claims:\n{}",
                claim_yaml(&ClaimText {
                    id: &draft.id,
                    title: &draft.title,
                    kind: draft.kind,
                    anchors: &choice.anchors,
                    unit: draft.unit.as_deref(),
                    window: draft.window,
                    note: None,
                })
            );
            if let Ok(mut parsed) = parse_claims_str(Path::new("suggested.yaml"), &text)
                && let Some(claim) = parsed.pop()
            {
                claims.push(claim);
                scanned.push((draft, choice));
            }
        }
        if round == 0 {
            claims.extend(existing.iter().cloned());
        }
        if claims.is_empty() {
            break;
        }
        let options = ScanOptions {
            progress,
            // The drafts are checked statement by statement.
            keep_repeats: true,
            ..ScanOptions::default()
        };
        let Ok(report) = report::build_with(corpus_root, &claims, options) else {
            break;
        };
        let by_id: HashMap<&str, &report::ClaimReport> = report
            .claims
            .iter()
            .map(|c| (c.claim.id.as_str(), c))
            .collect();
        if round == 0 {
            existing_sets = existing
                .iter()
                .filter_map(|c| by_id.get(c.id.as_str()))
                .map(|r| observation_keys(&r.observations).into_iter().collect())
                .collect();
        }
        for (mut draft, choice) in scanned {
            let Some(found) = by_id.get(draft.id.as_str()) else {
                continue;
            };
            // The group's values by article: a lookup per observation, not a pass over
            // every member (groups and reports both grow with the corpus).
            let mut by_file: HashMap<&Path, Vec<&Value>> = HashMap::new();
            for (path, value) in &draft.members {
                by_file.entry(path.as_path()).or_default().push(value);
            }
            let is_member = |o: &SourcedObservation| {
                by_file
                    .get(&*o.file)
                    .is_some_and(|values| values.iter().any(|v| **v == o.observed.value))
            };
            let refound: HashSet<&Path> = found
                .observations
                .iter()
                .filter(|o| is_member(o))
                .map(|o| &*o.file)
                .collect();
            let extra: Vec<&SourcedObservation> = found
                .observations
                .iter()
                .filter(|o| !is_member(o))
                .collect();
            if refound.len() >= min_sources && extra.len() <= refound.len() {
                let keys = observation_keys(&found.observations);
                if existing_sets
                    .iter()
                    .any(|set| keys.iter().all(|k| set.contains(k)))
                {
                    covered += 1;
                    continue;
                }
                verified.push(Suggestion {
                    rank: 0,
                    id: draft.id,
                    kind: draft.kind,
                    title: draft.title,
                    anchors: choice.anchors,
                    unit: draft.unit,
                    window: draft.window,
                    verdict: found.verdict(),
                    distinctiveness: choice.distinctiveness,
                    observations: found.observations.clone(),
                    note: String::new(),
                });
                continue;
            }
            // Ban the anchors that read other values, or else those that refound nothing.
            let loose: Vec<String> = choice
                .anchors
                .iter()
                .filter(|a| extra.iter().any(|o| *o.anchor == ***a))
                .cloned()
                .collect();
            let banned: Vec<String> = if loose.is_empty() {
                choice
                    .anchors
                    .iter()
                    .filter(|a| {
                        !found
                            .observations
                            .iter()
                            .any(|o| *o.anchor == ***a && is_member(o))
                    })
                    .cloned()
                    .collect()
            } else {
                loose
            };
            if banned.is_empty() {
                continue;
            }
            draft.banned.extend(banned);
            pending.push(draft);
        }
        if pending.is_empty() {
            break;
        }
    }
    (verified, covered)
}

/// Most scans of the suggested claims: the first, then refinements of the anchors found
/// wrong.
const ROUNDS: usize = 6;

/// `Suggested by crosscheck suggest from 2 sources: Arabi21 (corpus/001….txt:17) >1,000,000;
/// …`.
fn note(suggestion: &Suggestion) -> String {
    let mut note = format!(
        "Suggested by crosscheck suggest (verdict then: {}); {} sources:",
        suggestion.verdict.as_str(),
        suggestion.sources()
    );
    let parts: Vec<String> = suggestion
        .observations
        .iter()
        .map(|o| {
            format!(
                " {} ({}:{}) {}",
                o.source,
                o.file.display(),
                o.observed.location.line,
                display_value(&o.observed.value, o.observed.qualifier)
            )
        })
        .collect();
    note.push_str(&parts.join(";"));
    note.push('.');
    note
}

/// Hands the heap the verification scans freed back to the system. glibc keeps the freed
/// pages of each scanning thread's arena for that thread, so the output, built next on the
/// main thread, would otherwise stack on top of them: on the generated 100 MB corpus the peak
/// was the scans' memory plus the output's (360 MB), and is now the larger of the two.
#[cfg(all(target_os = "linux", target_env = "gnu"))]
fn release_freed_memory() {
    // SAFETY: `malloc_trim` only returns free pages of the heap to the system; it reads or
    // moves no live allocation, and every scanning thread has finished.
    unsafe {
        libc::malloc_trim(0);
    }
}

/// Elsewhere the allocator decides when freed memory goes back.
#[cfg(not(all(target_os = "linux", target_env = "gnu")))]
fn release_freed_memory() {}
