//! The report: every claim's observations, mentions and verdict over a whole corpus.
//!
//! This stage wires the per-article scan to the comparison: it scans the articles in
//! parallel (each article is independent), merges the findings in corpus order so the result
//! never depends on thread timing, and asks [`crate::compare`] for each claim's verdict.
//! Renderers ([`crate::render`]) only format a [`Report`]; they never scan or decide.

use crate::claims::{Claim, Status};
use crate::compare::{self, Assessment, Rules, Statement, Verdict};
use crate::corpus::{self, Article, CorpusStats, SkipReason};
use crate::scan::{self, ArticleFindings, Hit, Location, Observed, PreparedClaim};
use rayon::prelude::*;
use std::path::{Path, PathBuf};

/// What was read: counts, skipped files, and warnings about articles that were read.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct CorpusSummary {
    /// Articles read, bytes scanned, files skipped.
    pub stats: CorpusStats,
    /// Warnings about articles that were read (bad front matter, …), `file:line: message`.
    pub warnings: Vec<String>,
}

/// A value one source states for a claim.
#[derive(Debug, Clone, PartialEq)]
pub struct SourcedObservation {
    /// The source's name (front matter `source`, or the file stem).
    pub source: String,
    /// The article file, as found under the corpus folder.
    pub file: PathBuf,
    /// The article's front-matter `url`, if any (ClaimReview links each appearance to it).
    pub url: Option<String>,
    /// The value and where it is.
    pub observed: Observed,
    /// The anchor as the claim writes it.
    pub anchor: String,
    /// Anchor similarity.
    pub score: f64,
    /// The window as the source spells it.
    pub evidence: String,
}

/// An anchor match without a value.
#[derive(Debug, Clone, PartialEq)]
pub struct SourcedMention {
    /// The source's name.
    pub source: String,
    /// The article file.
    pub file: PathBuf,
    /// The article's front-matter `url`, if any.
    pub url: Option<String>,
    /// Where the anchor is.
    pub location: Location,
    /// The anchor as the claim writes it.
    pub anchor: String,
}

/// One claim's result.
#[derive(Debug, Clone, PartialEq)]
pub struct ClaimReport {
    /// The claim as loaded.
    pub claim: Claim,
    /// Its verdict and how the values group.
    pub assessment: Assessment,
    /// Values stated, sorted by file, line, column.
    pub observations: Vec<SourcedObservation>,
    /// Mentions without a value, sorted by file, line, column.
    pub mentions: Vec<SourcedMention>,
}

impl ClaimReport {
    /// The claim's verdict.
    pub fn verdict(&self) -> Verdict {
        self.assessment.verdict
    }
}

/// Counts of verdicts.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Summary {
    /// Claims reported.
    pub claims: usize,
    /// Claims with verdict conflict.
    pub conflict: usize,
    /// Claims with verdict accepted.
    pub accepted: usize,
    /// Claims with verdict agree.
    pub agree: usize,
    /// Claims with verdict single.
    pub single: usize,
    /// Claims with verdict unstated.
    pub unstated: usize,
    /// Claims with verdict missing.
    pub missing: usize,
}

impl Summary {
    /// How many claims have `verdict`.
    pub fn count(&self, verdict: Verdict) -> usize {
        match verdict {
            Verdict::Conflict => self.conflict,
            Verdict::Accepted => self.accepted,
            Verdict::Agree => self.agree,
            Verdict::Single => self.single,
            Verdict::Unstated => self.unstated,
            Verdict::Missing => self.missing,
        }
    }

    fn add(&mut self, verdict: Verdict) {
        self.claims += 1;
        let slot = match verdict {
            Verdict::Conflict => &mut self.conflict,
            Verdict::Accepted => &mut self.accepted,
            Verdict::Agree => &mut self.agree,
            Verdict::Single => &mut self.single,
            Verdict::Unstated => &mut self.unstated,
            Verdict::Missing => &mut self.missing,
        };
        *slot += 1;
    }
}

/// The whole consistency report.
#[derive(Debug, Clone, PartialEq)]
pub struct Report {
    /// What was read.
    pub corpus: CorpusSummary,
    /// Verdict counts.
    pub summary: Summary,
    /// One entry per claim, sorted by id.
    pub claims: Vec<ClaimReport>,
}

/// Every anchor match of the claims in every article, for `explain`.
#[derive(Debug, Clone, PartialEq)]
pub struct SourcedHit {
    /// The source's name.
    pub source: String,
    /// The article file.
    pub file: PathBuf,
    /// The match and what came of it.
    pub hit: Hit,
}

/// The scan of a whole corpus, before comparison.
#[derive(Debug, Clone, Default)]
pub struct Scan {
    /// What was read.
    pub corpus: CorpusSummary,
    /// Per article read, in corpus order: its source, file, front-matter url and findings.
    pub articles: Vec<(String, PathBuf, Option<String>, ArticleFindings)>,
}

/// Scans every article under `corpus_root` for `claims`, in parallel, merged in corpus order.
///
/// Fails only when the corpus folder cannot be listed (missing, not a folder, no article);
/// unreadable articles are skipped and counted.
pub fn scan_corpus(corpus_root: &Path, claims: &[&Claim]) -> Result<Scan, corpus::CorpusError> {
    let discovery = corpus::discover(corpus_root)?;
    let prepared: Vec<PreparedClaim<'_>> = claims.iter().map(|c| PreparedClaim::new(c)).collect();
    let results: Vec<Result<(Article, ArticleFindings), SkipReason>> = discovery
        .files
        .par_iter()
        .map(|path| {
            let article = corpus::load_article(path, corpus_root)?;
            let findings = scan::scan_article(&article, &prepared);
            Ok((article, findings))
        })
        .collect();
    let mut scan = Scan::default();
    for reason in discovery.skipped {
        scan.corpus.stats.add_skipped(reason);
    }
    for result in results {
        match result {
            Ok((article, findings)) => {
                scan.corpus.stats.add_article(&article);
                scan.corpus
                    .warnings
                    .extend(article.warnings.iter().cloned());
                scan.articles.push((
                    article.source.clone(),
                    article.path.clone(),
                    article.url.clone(),
                    findings,
                ));
            }
            Err(reason) => scan.corpus.stats.add_skipped(reason),
        }
    }
    scan.corpus.stats.ensure_articles(corpus_root)?;
    Ok(scan)
}

/// Builds the report for `claims` (skipping retired ones) over the corpus at `corpus_root`.
pub fn build(corpus_root: &Path, claims: &[Claim]) -> Result<Report, corpus::CorpusError> {
    let active: Vec<&Claim> = claims
        .iter()
        .filter(|c| c.status != Status::Retired)
        .collect();
    let scan = scan_corpus(corpus_root, &active)?;
    Ok(assess(scan, &active))
}

/// Compares the scanned findings claim by claim.
pub fn assess(scan: Scan, claims: &[&Claim]) -> Report {
    let mut reports: Vec<ClaimReport> = claims
        .iter()
        .map(|claim| ClaimReport {
            claim: (*claim).clone(),
            assessment: Assessment {
                verdict: Verdict::Missing,
                groups: Vec::new(),
                unaccepted: Vec::new(),
            },
            observations: Vec::new(),
            mentions: Vec::new(),
        })
        .collect();
    for (source, file, url, findings) in scan.articles {
        for observation in findings.observations {
            if let Some(report) = reports.iter_mut().find(|r| r.claim.id == observation.claim) {
                report.observations.push(SourcedObservation {
                    source: source.clone(),
                    file: file.clone(),
                    url: url.clone(),
                    observed: observation.observed,
                    anchor: observation.anchor,
                    score: observation.score,
                    evidence: observation.evidence,
                });
            }
        }
        for mention in findings.mentions {
            if let Some(report) = reports.iter_mut().find(|r| r.claim.id == mention.claim) {
                report.mentions.push(SourcedMention {
                    source: source.clone(),
                    file: file.clone(),
                    url: url.clone(),
                    location: mention.location,
                    anchor: mention.anchor,
                });
            }
        }
    }
    let mut summary = Summary::default();
    for report in &mut reports {
        report
            .observations
            .sort_by(|a, b| (&a.file, a.observed.location).cmp(&(&b.file, b.observed.location)));
        report
            .mentions
            .sort_by(|a, b| (&a.file, a.location).cmp(&(&b.file, b.location)));
        let files: Vec<String> = report
            .observations
            .iter()
            .map(|o| o.file.to_string_lossy().into_owned())
            .collect();
        let statements: Vec<Statement<'_>> = report
            .observations
            .iter()
            .zip(&files)
            .map(|(o, file)| Statement {
                source: file,
                value: &o.observed.value,
                qualifier: o.observed.qualifier,
                year_inferred: o.observed.year_inferred,
            })
            .collect();
        let claim = &report.claim;
        let accepted = claim
            .accepted
            .as_ref()
            .map_or(&[][..], |a| a.values.as_slice());
        let rules = Rules {
            tolerance: claim.tolerance,
            mode: claim.compare,
            expected: claim.expected.as_ref(),
            accepted,
        };
        report.assessment = compare::assess(&statements, report.mentions.len(), &rules);
        summary.add(report.assessment.verdict);
    }
    reports.sort_by(|a, b| a.claim.id.cmp(&b.claim.id));
    Report {
        corpus: scan.corpus,
        summary,
        claims: reports,
    }
}

/// Every anchor match of a scan, in corpus order (what `explain` prints).
pub fn hits(scan: &Scan) -> Vec<SourcedHit> {
    scan.articles
        .iter()
        .flat_map(|(source, file, _url, findings)| {
            findings.hits.iter().map(move |hit| SourcedHit {
                source: source.clone(),
                file: file.clone(),
                hit: hit.clone(),
            })
        })
        .collect()
}
