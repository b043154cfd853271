//! The report: every claim's observations, mentions and verdict over a whole corpus.
//!
//! This stage wires the per-article scan to the comparison: it scans the articles in
//! parallel (each article is independent, on the current rayon pool), and asks
//! [`crate::compare`] for each claim's verdict. Renderers ([`crate::render`]) only format a
//! [`Report`]; they never scan or decide.
//!
//! **Streaming.** A scan walks the corpus folder on a thread of its own, beside the scanning
//! threads, handing paths over a short queue (no list of every path is held), reads each file
//! once and keeps nothing of an article once it is scanned: for a report ([`build_with`]) its
//! observations and mentions go straight into per-claim tables, for `explain`
//! ([`scan_corpus`]) its findings only if it has any. So memory is bounded by the claims and
//! what the sources state about them (which the report lists), not by the corpus size.
//!
//! **Determinism.** Each article's findings enter the tables together and in their own order;
//! the tables are then sorted by file, line and column, and warnings and skipped files by
//! their place in the walk (which is sorted by path), so the report never depends on thread
//! timing or `--jobs`.

pub mod gate;
pub mod group;

use crate::claims::{Claim, Status};
use crate::compare::{self, Assessment, Rules, Statement, Verdict};
use crate::corpus::{self, Article, CorpusStats, RecordPlace, SkipReason};
use crate::dedupe::{Duplicate, Fingerprint};
use crate::scan::{ArticleFindings, Hit, Location, MatcherMode, Observed, ScanScratch, Scanner};
use rayon::prelude::*;
use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
use std::sync::{Arc, mpsc};

/// What was read: counts, skipped files, and warnings about articles that were read.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct CorpusSummary {
    /// Articles read, bytes scanned, files skipped (copies of an article read before are
    /// not counted as articles or bytes).
    pub stats: CorpusStats,
    /// Warnings about articles that were read (bad front matter, …), `file:line: message`.
    pub warnings: Vec<String>,
    /// Documents left out as copies of one read before them, in walk order
    /// ([`crate::dedupe`]).
    pub duplicates: Vec<Duplicate>,
}

impl CorpusSummary {
    /// The file and record of every document left out as a copy.
    pub fn copies(&self) -> HashSet<(&Path, Option<RecordPlace>)> {
        self.duplicates
            .iter()
            .map(|d| (d.file.as_path(), d.record))
            .collect()
    }
}

/// A value one source states for a claim.
#[derive(Debug, Clone, PartialEq)]
///
/// The article's names, the anchor and the evidence are shared (`Arc`) by every observation
/// and mention that repeats them, so a report of a big corpus holds each string once.
pub struct SourcedObservation {
    /// The source's name (front matter `source`, or the file stem).
    pub source: Arc<str>,
    /// The article file, as found under the corpus folder.
    pub file: Arc<Path>,
    /// The record of `file` the article is, when the file holds many (`line 12` of a JSON
    /// Lines file); lines and columns are then the record text's.
    pub record: Option<RecordPlace>,
    /// The article's front-matter `url`, if any (ClaimReview links each appearance to it).
    pub url: Option<Arc<str>>,
    /// The value and where it is.
    pub observed: Observed,
    /// The anchor as the claim writes it.
    pub anchor: Arc<str>,
    /// Anchor similarity.
    pub score: f64,
    /// The window as the source spells it.
    pub evidence: Arc<str>,
    /// How many times the article states this value for the claim (see
    /// [`crate::scan::Observation::count`]); this observation is the first.
    pub count: usize,
    /// Where the next few are, in text order.
    pub more: Vec<Location>,
}

/// An anchor match without a value.
#[derive(Debug, Clone, PartialEq)]
pub struct SourcedMention {
    /// The source's name.
    pub source: Arc<str>,
    /// The article file.
    pub file: Arc<Path>,
    /// The record of `file`, when it holds many articles.
    pub record: Option<RecordPlace>,
    /// The article's front-matter `url`, if any.
    pub url: Option<Arc<str>>,
    /// Where the anchor is.
    pub location: Location,
    /// The anchor as the claim writes it.
    pub anchor: Arc<str>,
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
    /// The record of `file`, when it holds many articles.
    pub record: Option<RecordPlace>,
    /// The match and what came of it.
    pub hit: Hit,
}

/// The scan of a whole corpus, before comparison.
#[derive(Debug, Clone, Default)]
pub struct Scan {
    /// What was read.
    pub corpus: CorpusSummary,
    /// Per article read that has findings, in corpus order: its source, file, record (when
    /// the file holds many articles), front-matter url and findings.
    pub articles: Vec<ScannedArticle>,
}

/// An article with findings: source, file, record, url, findings.
pub type ScannedArticle = (
    String,
    PathBuf,
    Option<RecordPlace>,
    Option<String>,
    ArticleFindings,
);

/// How a corpus is scanned.
#[derive(Clone, Copy, Default)]
pub struct ScanOptions<'p> {
    /// The anchor matcher; both give identical reports.
    pub matcher: MatcherMode,
    /// Called after each file is read (from any scanning thread) with the progress so far.
    pub progress: Option<&'p (dyn Fn(ScanProgress) + Sync)>,
    /// Keep an observation for every statement, also of a value the article states again
    /// (`suggest` checks its drafts statement by statement); by default a value stated again
    /// is counted on its first observation ([`crate::scan::Observation::count`]).
    pub keep_repeats: bool,
}

impl std::fmt::Debug for ScanOptions<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ScanOptions")
            .field("matcher", &self.matcher)
            .field("progress", &self.progress.is_some())
            .finish()
    }
}

/// How far a scan is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ScanProgress {
    /// Files read (or skipped) so far.
    pub files_done: usize,
    /// Files found so far: the folder walk runs beside the scan, so this grows at first
    /// (the walk is over within a fraction of a second on most corpora).
    pub files_total: usize,
    /// Bytes of article text read so far.
    pub bytes_done: u64,
}

/// Counts shared by the scanning threads, for progress reports.
struct ProgressCounter<'p> {
    callback: Option<&'p (dyn Fn(ScanProgress) + Sync)>,
    /// Files the walk has found so far.
    files_found: &'p AtomicUsize,
    files: AtomicUsize,
    bytes: AtomicU64,
}

impl ProgressCounter<'_> {
    fn file_done(&self, bytes: u64) {
        let Some(callback) = self.callback else {
            return;
        };
        let files_done = self.files.fetch_add(1, Ordering::Relaxed) + 1;
        let bytes_done = self.bytes.fetch_add(bytes, Ordering::Relaxed) + bytes;
        callback(ScanProgress {
            files_done,
            files_total: self.files_found.load(Ordering::Relaxed),
            bytes_done,
        });
    }
}

/// Scans every article under `corpus_root` for `claims`, in parallel, keeping the findings
/// (hits included) of every article that has any, in corpus order — what `explain` needs. For
/// a report, [`build_with`] keeps less.
///
/// Fails only when the corpus folder cannot be listed (missing, not a folder, no article);
/// unreadable articles are skipped and counted.
pub fn scan_corpus(corpus_root: &Path, claims: &[&Claim]) -> Result<Scan, corpus::CorpusError> {
    scan_corpus_with(corpus_root, claims, ScanOptions::default())
}

/// [`scan_corpus`] with options.
pub fn scan_corpus_with(
    corpus_root: &Path,
    claims: &[&Claim],
    options: ScanOptions<'_>,
) -> Result<Scan, corpus::CorpusError> {
    type Kept = Vec<(usize, ScannedArticle)>;
    let (mut kept, corpus) = scan_in_parallel(
        corpus_root,
        claims,
        options,
        true,
        Kept::new,
        |kept, file_index, article, findings| {
            if !findings.is_empty() {
                let source = article.source.clone();
                let url = article.url.clone();
                let file = article.path.clone();
                kept.push((file_index, (source, file, article.record, url, findings)));
            }
        },
        |mut kept, other| {
            kept.extend(other);
            kept
        },
    )?;
    kept.sort_by_key(|(index, _)| *index);
    let copies = corpus.copies();
    kept.retain(|(_, (_, file, record, _, _))| !copies.contains(&(file.as_path(), *record)));
    drop(copies);
    Ok(Scan {
        corpus,
        articles: kept.into_iter().map(|(_, article)| article).collect(),
    })
}

/// Builds the report for `claims` (skipping retired ones) over the corpus at `corpus_root`.
pub fn build(corpus_root: &Path, claims: &[Claim]) -> Result<Report, corpus::CorpusError> {
    build_with(corpus_root, claims, ScanOptions::default())
}

/// [`build`] with options, streaming: see the module documentation.
pub fn build_with(
    corpus_root: &Path,
    claims: &[Claim],
    options: ScanOptions<'_>,
) -> Result<Report, corpus::CorpusError> {
    build_cached(corpus_root, claims, options, None).map(|(report, _)| report)
}

/// [`build_with`] with the incremental cache ([`crate::cache`]) when `cache` is given: the
/// same report, scanning only the articles and claims the cache has no findings for. Also
/// returns the warnings about the cache (it could not be read or written; the report is
/// complete either way).
pub fn build_cached(
    corpus_root: &Path,
    claims: &[Claim],
    options: ScanOptions<'_>,
    cache: Option<&crate::cache::Cache>,
) -> Result<(Report, Vec<String>), corpus::CorpusError> {
    let active: Vec<&Claim> = claims
        .iter()
        .filter(|c| c.status != Status::Retired)
        .collect();
    let lookup = ClaimLookup::new(&active);
    let mut warnings = Vec::new();
    let run = match cache.map(|cache| cache.run(&active, options.matcher)) {
        Some(Ok(run)) => Some(run),
        Some(Err(no_cache)) => {
            warnings.push(no_cache.0);
            None
        }
        None => None,
    };
    let scanned = scan_in_parallel_raw(
        corpus_root,
        &active,
        options,
        false,
        None,
        run.as_ref(),
        || Tables::new(active.len()),
        |tables, _, article, findings| tables.add_article(article, findings, &lookup),
        Tables::merge,
    );
    if let Some(run) = run {
        warnings.extend(run.finish());
    }
    let (tables, tally, walk_skipped) = scanned?;
    let corpus = tally.summary(walk_skipped);
    corpus.stats.ensure_articles(corpus_root)?;
    Ok((conclude(tables, corpus, &active), warnings))
}

/// The report of the tables of a whole corpus: copies' findings left out, then [`finish`].
fn conclude(mut tables: Tables, corpus: CorpusSummary, active: &[&Claim]) -> Report {
    let copies = corpus.copies();
    if !copies.is_empty() {
        for list in &mut tables.observations {
            list.retain(|o| !copies.contains(&(&*o.file, o.record)));
        }
        for list in &mut tables.mentions {
            list.retain(|m| !copies.contains(&(&*m.file, m.record)));
        }
    }
    drop(copies);
    finish(corpus, active, tables.observations, tables.mentions)
}

/// Which part of a corpus a scan reads: shard `index` (from 1) of `count`. Shard K of N holds
/// the documents whose place in the folder walk (sorted by path, records in file order),
/// counted from 0, leaves K − 1 when divided by N.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Shard {
    /// Which shard, from 1.
    pub index: usize,
    /// How many shards the corpus is cut into.
    pub count: usize,
}

impl Shard {
    /// Reads `K/N` (`1 <= K <= N`).
    pub fn parse(text: &str) -> Result<Shard, String> {
        let wrong = || {
            format!(
                "`{text}` is not a shard; write K/N with 1 <= K <= N, e.g. `--shard 1/4` for \
                 the first of four"
            )
        };
        let (index, count) = text.trim().split_once('/').ok_or_else(wrong)?;
        let index: usize = index.trim().parse().map_err(|_| wrong())?;
        let count: usize = count.trim().parse().map_err(|_| wrong())?;
        if index == 0 || count == 0 || index > count {
            return Err(wrong());
        }
        Ok(Shard { index, count })
    }

    /// Whether the document at `walk_index` belongs to this shard.
    pub fn holds(&self, walk_index: usize) -> bool {
        walk_index % self.count == self.index - 1
    }
}

impl std::fmt::Display for Shard {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}/{}", self.index, self.count)
    }
}

/// One document as a scan saw it: its names, warnings, fingerprint (to find copies) and
/// findings (without hits). What a shard's file of findings holds for each document it read.
#[derive(Debug, Clone, PartialEq)]
pub struct Document {
    /// The source's name.
    pub source: String,
    /// The article file, as found under the corpus folder.
    pub file: PathBuf,
    /// The record of `file`, when it holds many articles.
    pub record: Option<RecordPlace>,
    /// The front-matter `url`, if any.
    pub url: Option<String>,
    /// Warnings about the article (bad front matter, …).
    pub warnings: Vec<String>,
    /// Its place in the walk, size and content hashes.
    pub fingerprint: Fingerprint,
    /// What it says about the claims.
    pub findings: ArticleFindings,
}

impl Document {
    /// The document of `article`, the `index`-th of the walk, with its findings.
    pub fn of(index: usize, article: &Article, findings: ArticleFindings) -> Document {
        Document {
            source: article.source.clone(),
            file: article.path.clone(),
            record: article.record,
            url: article.url.clone(),
            warnings: article.warnings.clone(),
            fingerprint: Fingerprint::of(index, article),
            findings,
        }
    }
}

/// One entry of the folder walk: a document read, or a file skipped.
#[derive(Debug, Clone, PartialEq)]
pub enum Walked {
    /// A document read.
    Document(Box<Document>),
    /// A file that could not be read.
    Skipped {
        /// Its place in the walk.
        index: usize,
        /// Why.
        reason: SkipReason,
    },
}

impl Walked {
    /// The entry's place in the walk.
    pub fn index(&self) -> usize {
        match self {
            Walked::Document(document) => document.fingerprint.index,
            Walked::Skipped { index, .. } => *index,
        }
    }
}

/// What the scan of one shard found: what the folder walk skipped (the same in every shard)
/// and the shard's entries in walk order.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ShardScan {
    /// Folders and files the walk itself skipped (unreadable folders, loops), in walk order.
    pub walk_skipped: Vec<SkipReason>,
    /// The shard's documents and skipped files, in walk order.
    pub entries: Vec<Walked>,
}

/// Scans the documents of one shard of the corpus at `corpus_root` for `claims` (the walk
/// reads every path, a thread reads and scans only the shard's files). A shard may hold no
/// article; [`assemble`] checks the whole.
///
/// # Errors
///
/// When the corpus folder cannot be listed or has no article file.
pub fn scan_shard(
    corpus_root: &Path,
    claims: &[&Claim],
    options: ScanOptions<'_>,
    shard: Shard,
) -> Result<ShardScan, corpus::CorpusError> {
    let (mut entries, tally, walk_skipped) = scan_in_parallel_raw(
        corpus_root,
        claims,
        options,
        false,
        Some(shard),
        None,
        Vec::new,
        |entries: &mut Vec<Walked>, index, article, findings| {
            entries.push(Walked::Document(Box::new(Document::of(
                index, article, findings,
            ))));
        },
        |mut entries, other| {
            entries.extend(other);
            entries
        },
    )?;
    entries.extend(
        tally
            .skipped
            .into_iter()
            .map(|(index, reason)| Walked::Skipped { index, reason }),
    );
    entries.sort_by_key(Walked::index);
    Ok(ShardScan {
        walk_skipped,
        entries,
    })
}

/// The report of `claims` (retired ones skipped) from the entries of every shard of a corpus,
/// in any order: byte for byte the report one scan of the whole corpus gives.
///
/// # Errors
///
/// As [`build_with`]: when no document was read.
pub fn assemble(
    corpus_root: &Path,
    claims: &[Claim],
    walk_skipped: Vec<SkipReason>,
    entries: impl IntoIterator<Item = Walked>,
) -> Result<Report, corpus::CorpusError> {
    let active: Vec<&Claim> = claims
        .iter()
        .filter(|c| c.status != Status::Retired)
        .collect();
    let lookup = ClaimLookup::new(&active);
    let mut tables = Tables::new(active.len());
    let mut tally = CorpusTally::default();
    for entry in entries {
        match entry {
            Walked::Document(document) => {
                let Document {
                    source,
                    file,
                    record,
                    url,
                    warnings,
                    fingerprint,
                    findings,
                } = *document;
                let labels = ArticleLabels {
                    source: Arc::from(source),
                    file: Arc::from(file),
                    record,
                    url: url.map(Arc::from),
                };
                tally.add_parts(fingerprint, warnings);
                lookup.distribute(
                    findings,
                    &labels,
                    &mut tables.observations,
                    &mut tables.mentions,
                );
            }
            Walked::Skipped { index, reason } => tally.skipped.push((index, reason)),
        }
    }
    let corpus = tally.summary(walk_skipped);
    corpus.stats.ensure_articles(corpus_root)?;
    Ok(conclude(tables, corpus, &active))
}

/// Reads every article under `corpus_root` in parallel, as a scan does (the same folder walk,
/// skipped files, warnings and progress), handing each to `add` with its index in the walk
/// (sorted by path) instead of scanning it for claims. `crosscheck suggest` reads the corpus
/// this way before there is any claim. Threads fold into states made by `new`, merged by
/// `merge` in no particular order.
///
/// # Errors
///
/// As [`build_with`]: only when the corpus folder cannot be listed or has no article.
pub fn read_articles<S: Send>(
    corpus_root: &Path,
    progress: Option<&(dyn Fn(ScanProgress) + Sync)>,
    new: impl Fn() -> S + Sync + Send,
    add: impl Fn(&mut S, usize, &Article) + Sync + Send,
    merge: impl Fn(S, S) -> S + Sync + Send,
) -> Result<(S, CorpusSummary), corpus::CorpusError> {
    let options = ScanOptions {
        matcher: MatcherMode::Fast,
        progress,
        keep_repeats: false,
    };
    // With no claim the scan of an article returns at once, without folding it.
    scan_in_parallel(
        corpus_root,
        &[],
        options,
        false,
        new,
        |state, index, article, _| add(state, index, article),
        merge,
    )
}

/// Scans every article under `corpus_root` for `claims`, in parallel, while a thread of its
/// own walks the folder and hands the paths over a short queue (no list of every path is
/// held). Each scanning thread folds the articles it reads into a state of its own, made by
/// `new` (`add` gets each article with its index in the walk, which is sorted by path), and
/// the states are merged by `merge`, in no particular order. Returns the merged state and
/// what was read, warnings and skipped files in walk order.
fn scan_in_parallel<S: Send>(
    corpus_root: &Path,
    claims: &[&Claim],
    options: ScanOptions<'_>,
    keep_hits: bool,
    new: impl Fn() -> S + Sync + Send,
    add: impl Fn(&mut S, usize, &Article, ArticleFindings) + Sync + Send,
    merge: impl Fn(S, S) -> S + Sync + Send,
) -> Result<(S, CorpusSummary), corpus::CorpusError> {
    let (state, tally, walk_skipped) = scan_in_parallel_raw(
        corpus_root,
        claims,
        options,
        keep_hits,
        None,
        None,
        new,
        add,
        merge,
    )?;
    let corpus = tally.summary(walk_skipped);
    corpus.stats.ensure_articles(corpus_root)?;
    Ok((state, corpus))
}

/// [`scan_in_parallel`] of the documents of `shard` only (all when `None`), returning the
/// tally of what was read as it is and what the walk skipped, not yet a summary.
#[allow(clippy::too_many_arguments)]
fn scan_in_parallel_raw<S: Send>(
    corpus_root: &Path,
    claims: &[&Claim],
    options: ScanOptions<'_>,
    keep_hits: bool,
    shard: Option<Shard>,
    cache: Option<&crate::cache::CachedRun<'_>>,
    new: impl Fn() -> S + Sync + Send,
    add: impl Fn(&mut S, usize, &Article, ArticleFindings) + Sync + Send,
    merge: impl Fn(S, S) -> S + Sync + Send,
) -> Result<(S, CorpusTally, Vec<SkipReason>), corpus::CorpusError> {
    let files_found = AtomicUsize::new(0);
    let (sender, batches) = mpsc::sync_channel(PATH_QUEUE / PATH_BATCH);
    let (walked, (state, tally)) = std::thread::scope(|scope| {
        let found = &files_found;
        let walker = scope.spawn(move || walk_in_batches(corpus_root, found, sender));
        let mut batches = batches.into_iter();
        let first = batches.next().unwrap_or_default();
        let sample = match options.matcher {
            MatcherMode::Fast => corpus_sample(&first, corpus_root),
            MatcherMode::Reference => String::new(),
        };
        let scanner = Scanner::with_sample(claims, options.matcher, Some(&sample));
        let scanner = if keep_hits {
            scanner
        } else {
            scanner.without_hits()
        };
        let scanner = if options.keep_repeats {
            scanner.with_repeats()
        } else {
            scanner
        };
        let counter = ProgressCounter {
            callback: options.progress,
            files_found: &files_found,
            files: AtomicUsize::new(0),
            bytes: AtomicU64::new(0),
        };
        // A thread takes a whole batch at a time: handing the files over one by one costs
        // more than it saves in balance.
        let numbered = std::iter::once(first)
            .chain(batches)
            .scan(0, |next_index, batch| {
                let first_index = *next_index;
                *next_index += batch.len();
                Some((first_index, batch))
            });
        let scanned = numbered
            .par_bridge()
            .fold(
                || (new(), CorpusTally::default(), ScanScratch::default()),
                |(mut state, mut tally, mut scratch), (first_index, batch)| {
                    for (file_index, work) in (first_index..).zip(batch) {
                        if shard.is_some_and(|shard| !shard.holds(file_index)) {
                            continue;
                        }
                        let loaded = match work {
                            Work::File(path) => corpus::load_article(&path, corpus_root),
                            Work::Loaded(loaded) => *loaded,
                        };
                        match loaded {
                            Ok(article) => {
                                counter.file_done(article.text.len() as u64);
                                let findings = match cache {
                                    Some(cache) => cache.findings(&article, &scanner, &mut scratch),
                                    None => scanner.scan(&article, &mut scratch),
                                };
                                tally.add_article(file_index, &article);
                                add(&mut state, file_index, &article, findings);
                            }
                            Err(reason) => {
                                counter.file_done(0);
                                tally.skipped.push((file_index, reason));
                            }
                        }
                    }
                    (state, tally, scratch)
                },
            )
            .map(|(state, tally, _)| (state, tally))
            .reduce(
                || (new(), CorpusTally::default()),
                |(state, mut tally), (other_state, other_tally)| {
                    tally.merge(other_tally);
                    (merge(state, other_state), tally)
                },
            );
        // A panic in the walk is a bug; it goes on as if the walk had run here.
        let walked = walker
            .join()
            .unwrap_or_else(|panic| std::panic::resume_unwind(panic));
        (walked, scanned)
    });
    let walk_skipped = walked?;
    if files_found.into_inner() == 0 && walk_skipped.is_empty() {
        return Err(corpus::CorpusError::Empty {
            root: corpus_root.to_path_buf(),
        });
    }
    Ok((state, tally, walk_skipped))
}

/// What the corpus summary needs of the articles scanned so far, in any order, with each
/// file's index in the walk to put them back in order.
#[derive(Default)]
struct CorpusTally {
    articles: usize,
    bytes: u64,
    /// What finds copies of a document, for every document read.
    fingerprints: Vec<Fingerprint>,
    /// Warnings of each article read that has any.
    warnings: Vec<(usize, Vec<String>)>,
    /// Files that could not be read.
    skipped: Vec<(usize, SkipReason)>,
}

impl CorpusTally {
    fn add_article(&mut self, file_index: usize, article: &Article) {
        self.articles += 1;
        self.bytes += article.body().len() as u64;
        self.fingerprints.push(Fingerprint::of(file_index, article));
        if !article.warnings.is_empty() {
            self.warnings.push((file_index, article.warnings.clone()));
        }
    }

    /// [`CorpusTally::add_article`] of a document read back from a file of findings.
    fn add_parts(&mut self, fingerprint: Fingerprint, warnings: Vec<String>) {
        self.articles += 1;
        self.bytes += fingerprint.bytes;
        if !warnings.is_empty() {
            self.warnings.push((fingerprint.index, warnings));
        }
        self.fingerprints.push(fingerprint);
    }

    fn merge(&mut self, other: CorpusTally) {
        self.articles += other.articles;
        self.bytes += other.bytes;
        self.fingerprints.extend(other.fingerprints);
        self.warnings.extend(other.warnings);
        self.skipped.extend(other.skipped);
    }

    /// The summary, with what the folder walk skipped first, then the files in walk order.
    fn summary(mut self, walk_skipped: Vec<SkipReason>) -> CorpusSummary {
        let mut corpus = CorpusSummary::default();
        for reason in walk_skipped {
            corpus.stats.add_skipped(reason);
        }
        self.skipped.sort_by_key(|(index, _)| *index);
        for (_, reason) in self.skipped {
            corpus.stats.add_skipped(reason);
        }
        corpus.duplicates = crate::dedupe::find_duplicates(self.fingerprints);
        corpus.stats.articles = self.articles - corpus.duplicates.len().min(self.articles);
        let copied: u64 = corpus.duplicates.iter().map(|d| d.bytes).sum();
        corpus.stats.bytes = self.bytes.saturating_sub(copied);
        self.warnings.sort_by_key(|(index, _)| *index);
        corpus.warnings = self.warnings.into_iter().flat_map(|(_, w)| w).collect();
        corpus
    }
}

/// One piece of work for a scanning thread: a file that is one article, read by the thread
/// itself (so files are read in parallel), or one record of a file of many, already read by
/// the walk (a compressed stream can only be read in order) — or why it was skipped.
enum Work {
    /// A `.txt`, `.md` or `.html` file (compressed or not).
    File(PathBuf),
    /// A record of a JSON Lines, CSV/TSV or WARC file (boxed: an article is ten times a
    /// path, and most work is paths).
    Loaded(Box<Result<Article, SkipReason>>),
}

/// [`corpus::discover_each`], sending the work on in batches of [`PATH_BATCH`] (a path at a
/// time would wake the scan a path at a time) and counting it in `found`. A file of many
/// articles is read here, record by record, each record one piece of work (batches of
/// records are cut at [`RECORD_BATCH_BYTES`] too), so its records are scanned in parallel
/// while it is read, and only the records in the queue are in memory.
fn walk_in_batches(
    root: &Path,
    found: &AtomicUsize,
    sender: mpsc::SyncSender<Vec<Work>>,
) -> Result<Vec<SkipReason>, corpus::CorpusError> {
    let mut batch = Vec::with_capacity(PATH_BATCH);
    let mut batch_bytes = 0;
    let mut push = |work: Work| {
        found.fetch_add(1, Ordering::Relaxed);
        if let Work::Loaded(loaded) = &work
            && let Ok(article) = loaded.as_ref()
        {
            batch_bytes += article.text.len();
        }
        batch.push(work);
        if batch.len() == PATH_BATCH || batch_bytes >= RECORD_BATCH_BYTES {
            let full = std::mem::replace(&mut batch, Vec::with_capacity(PATH_BATCH));
            batch_bytes = 0;
            // Sending fails only when the scan has stopped listening, which it does only
            // once it can no longer use the paths.
            let _ = sender.send(full);
        }
    };
    let walked = corpus::discover_each(root, |path| match corpus::format_of(&path) {
        Some((format, compression)) if format.has_records() => {
            corpus::read_record_file(&path, root, format, compression, &mut |loaded| {
                push(Work::Loaded(Box::new(loaded)));
            });
        }
        _ => push(Work::File(path)),
    });
    let _ = sender.send(batch);
    walked
}

/// The article text in one batch of records, about: a batch is a few milliseconds of work.
const RECORD_BATCH_BYTES: usize = 512 * 1024;

/// About how many paths the folder walk may find ahead of the scan.
const PATH_QUEUE: usize = 4096;

/// How many paths the walk hands over at a time, and a scanning thread takes at a time:
/// enough that handing them over costs nothing next to reading them, few enough that the
/// threads finish together (the last batch is a few milliseconds of work).
const PATH_BATCH: usize = 64;

/// How many of the first files the prefilter's sample is taken from.
const SAMPLE_FILES: usize = 64;

/// How much article text the prefilter samples to learn which anchor pieces are rare.
const SAMPLE_BYTES: usize = 256 * 1024;

/// The folded bodies of the first [`SAMPLE_FILES`] articles of `work`, at most about
/// [`SAMPLE_BYTES`] in all (files that cannot be read are passed over; they are reported by
/// the scan itself). The first files rather than files spread over the corpus, so the scan
/// need not wait for the whole folder walk; the sample only changes speed, never results.
fn corpus_sample(work: &[Work], root: &Path) -> String {
    let mut sample = String::new();
    for work in work.iter().take(SAMPLE_FILES) {
        if sample.len() >= SAMPLE_BYTES {
            break;
        }
        let loaded;
        let article = match work {
            Work::File(path) => {
                loaded = corpus::load_article(path, root);
                loaded.as_ref()
            }
            Work::Loaded(loaded) => loaded.as_ref().as_ref(),
        };
        if let Ok(article) = article {
            let body = article.body();
            let end = (0..=body.len().min(SAMPLE_BYTES))
                .rev()
                .find(|&i| body.is_char_boundary(i))
                .unwrap_or(0);
            sample.push_str(&crate::normalize::normalize(body.get(..end).unwrap_or("")).text);
            sample.push('\n');
        }
    }
    sample
}

/// Per-claim observations and mentions of the articles scanned so far.
struct Tables {
    observations: Vec<Vec<SourcedObservation>>,
    mentions: Vec<Vec<SourcedMention>>,
}

impl Tables {
    fn new(claims: usize) -> Tables {
        Tables {
            observations: vec![Vec::new(); claims],
            mentions: vec![Vec::new(); claims],
        }
    }

    fn add_article(
        &mut self,
        article: &Article,
        findings: ArticleFindings,
        lookup: &ClaimLookup<'_>,
    ) {
        let labels = ArticleLabels {
            source: Arc::from(article.source.as_str()),
            file: Arc::from(article.path.as_path()),
            record: article.record,
            url: article.url.as_deref().map(Arc::from),
        };
        lookup.distribute(
            findings,
            &labels,
            &mut self.observations,
            &mut self.mentions,
        );
    }

    /// Both tables' contents (order does not matter: everything is sorted at the end, and
    /// one article's entries stay together in their own order).
    fn merge(mut self, other: Tables) -> Tables {
        for (mine, theirs) in self.observations.iter_mut().zip(other.observations) {
            mine.extend(theirs);
        }
        for (mine, theirs) in self.mentions.iter_mut().zip(other.mentions) {
            mine.extend(theirs);
        }
        self
    }
}

/// Compares the scanned findings claim by claim.
pub fn assess(scan: Scan, claims: &[&Claim]) -> Report {
    let lookup = ClaimLookup::new(claims);
    let mut observations: Vec<Vec<SourcedObservation>> = vec![Vec::new(); claims.len()];
    let mut mentions: Vec<Vec<SourcedMention>> = vec![Vec::new(); claims.len()];
    for (source, file, record, url, findings) in scan.articles {
        let labels = ArticleLabels {
            source: Arc::from(source),
            file: Arc::from(file),
            record,
            url: url.map(Arc::from),
        };
        lookup.distribute(findings, &labels, &mut observations, &mut mentions);
    }
    finish(scan.corpus, claims, observations, mentions)
}

/// The names of an article, shared by its observations and mentions.
struct ArticleLabels {
    source: Arc<str>,
    file: Arc<Path>,
    record: Option<RecordPlace>,
    url: Option<Arc<str>>,
}

/// Where each claim's findings go: the claim's index by id, and its anchors, shared.
struct ClaimLookup<'c> {
    index: HashMap<&'c str, usize>,
    anchors: Vec<Vec<Arc<str>>>,
}

impl<'c> ClaimLookup<'c> {
    fn new(claims: &[&'c Claim]) -> ClaimLookup<'c> {
        let mut index = HashMap::with_capacity(claims.len());
        for (i, claim) in claims.iter().enumerate() {
            index.entry(claim.id.as_str()).or_insert(i);
        }
        let anchors = claims
            .iter()
            .map(|claim| {
                claim
                    .anchors
                    .iter()
                    .map(|a| Arc::from(a.as_str()))
                    .collect()
            })
            .collect();
        ClaimLookup { index, anchors }
    }

    /// The shared copy of `anchor`, one of claim `claim`'s anchors.
    fn anchor(&self, claim: usize, anchor: String) -> Arc<str> {
        self.anchors
            .get(claim)
            .and_then(|anchors| anchors.iter().find(|a| ***a == *anchor))
            .map_or_else(|| Arc::from(anchor), Arc::clone)
    }

    /// Files one article's findings under their claims (`observations[i]` and `mentions[i]`
    /// belong to claim `i`), sharing the article's names, the anchors and the evidence
    /// (claims matched in the same window quote the same text).
    fn distribute(
        &self,
        findings: ArticleFindings,
        labels: &ArticleLabels,
        observations: &mut [Vec<SourcedObservation>],
        mentions: &mut [Vec<SourcedMention>],
    ) {
        let mut evidence: HashSet<Arc<str>> = HashSet::new();
        for observation in findings.observations {
            let Some(&claim) = self.index.get(observation.claim.as_str()) else {
                continue;
            };
            let Some(list) = observations.get_mut(claim) else {
                continue;
            };
            let shared = match evidence.get(observation.evidence.as_str()) {
                Some(text) => Arc::clone(text),
                None => {
                    let text: Arc<str> = Arc::from(observation.evidence);
                    evidence.insert(Arc::clone(&text));
                    text
                }
            };
            list.push(SourcedObservation {
                source: Arc::clone(&labels.source),
                file: Arc::clone(&labels.file),
                record: labels.record,
                url: labels.url.clone(),
                observed: observation.observed,
                anchor: self.anchor(claim, observation.anchor),
                score: observation.score,
                evidence: shared,
                count: observation.count,
                more: observation.more,
            });
        }
        for mention in findings.mentions {
            let Some(&claim) = self.index.get(mention.claim.as_str()) else {
                continue;
            };
            let Some(list) = mentions.get_mut(claim) else {
                continue;
            };
            list.push(SourcedMention {
                source: Arc::clone(&labels.source),
                file: Arc::clone(&labels.file),
                record: labels.record,
                url: labels.url.clone(),
                location: mention.location,
                anchor: self.anchor(claim, mention.anchor),
            });
        }
    }
}

/// Sorts each claim's observations and mentions, gives each claim its verdict, and sorts
/// the claims by id. `observations[i]` and `mentions[i]` belong to `claims[i]`.
fn finish(
    corpus: CorpusSummary,
    claims: &[&Claim],
    observations: Vec<Vec<SourcedObservation>>,
    mentions: Vec<Vec<SourcedMention>>,
) -> Report {
    let mut reports: Vec<ClaimReport> = claims
        .iter()
        .zip(observations.into_iter().zip(mentions))
        .map(|(claim, (observations, mentions))| ClaimReport {
            claim: (*claim).clone(),
            assessment: Assessment {
                verdict: Verdict::Missing,
                groups: Vec::new(),
                unaccepted: Vec::new(),
            },
            observations,
            mentions,
        })
        .collect();
    let mut summary = Summary::default();
    for report in &mut reports {
        // Stable sorts: entries of one file keep the article's own order.
        report.observations.sort_by(|a, b| {
            (&a.file, a.record, a.observed.location).cmp(&(&b.file, b.record, b.observed.location))
        });
        report
            .mentions
            .sort_by(|a, b| (&a.file, a.record, a.location).cmp(&(&b.file, b.record, b.location)));
        // One article is one source: a file, or one record of a file of many.
        let files: Vec<String> = report
            .observations
            .iter()
            .map(|o| match o.record {
                Some(record) => format!("{}: {record}", o.file.display()),
                None => o.file.to_string_lossy().into_owned(),
            })
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
        corpus,
        summary,
        claims: reports,
    }
}

/// Where a finding is, as text reports show it: `corpus/a.txt:28:102` for a file that is
/// one article, `corpus/a.jsonl: line 12, 1:40` (the record, then the line and column in its
/// text) for a record of a file of many.
pub fn place(file: &Path, record: Option<RecordPlace>, line: usize, column: usize) -> String {
    match record {
        Some(record) => format!("{}: {record}, {line}:{column}", file.display()),
        None => format!("{}:{line}:{column}", file.display()),
    }
}

/// Every anchor match of a scan, in corpus order (what `explain` prints).
pub fn hits(scan: &Scan) -> Vec<SourcedHit> {
    scan.articles
        .iter()
        .flat_map(|(source, file, record, _url, findings)| {
            findings.hits.iter().map(move |hit| SourcedHit {
                source: source.clone(),
                file: file.clone(),
                record: *record,
                hit: hit.clone(),
            })
        })
        .collect()
}
