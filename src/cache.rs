//! The incremental cache: each article's findings, kept between runs, so a run after one
//! article changed or one claim was added scans only what changed (see `docs/cache.md`).
//!
//! **What is kept.** One entry per article, keyed by a hash of what the scan reads of it (its
//! text, where the body starts, its `published` date) and the tool's version: the claim set it
//! was scanned for (by the keys of the claims' matching fields, [`crate::shard::claim_key`])
//! and its findings, the same data a shard's file of findings holds. A run looks the article
//! up: the claims of the current set that the entry's set holds with the same key take their
//! findings from the entry; the others (added or edited since) are scanned now, for this
//! article alone; then the entry is written again for the current set. So the report is the
//! report of a scan without cache, byte for byte.
//!
//! **Where.** One `redb` file in the cache folder (`.crosscheck/cache` under the working folder
//! by default), never inside the corpus folder. `redb` locks the file for the process that
//! opens it: a run that finds it held by another tries a few other files in the folder, and
//! when all are held (or the file cannot be opened) it scans without cache, with a warning.

use crate::claims::Claim;
use crate::corpus::Article;
use crate::scan::{ArticleFindings, MatcherMode, ScanScratch, Scanner};
use crate::shard::{FindingsWire, TOOL_VERSION, claim_key};
use redb::{
    Database, DatabaseError, ReadOnlyTable, ReadableDatabase, ReadableTable, TableDefinition,
};
use serde::{Deserialize, Serialize};
use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, RwLock, mpsc};

/// Article key → entry (JSON: the claim set's key and the findings).
const ARTICLES: TableDefinition<&[u8], &[u8]> = TableDefinition::new("articles");
/// Claim-set key → the claim keys of the set, one a line.
const SETS: TableDefinition<&[u8], &[u8]> = TableDefinition::new("claim_sets");

/// The version of the entries' layout; part of every article key.
const ENTRY_VERSION: u32 = 1;

/// The default cache folder, relative to the working folder.
pub const DEFAULT_DIR: &str = ".crosscheck/cache";

/// How many cache files a folder may hold for runs at the same time.
pub const FILES: usize = 8;

/// An open cache, for one run.
pub struct Cache {
    db: Arc<Database>,
    /// The file opened, for messages.
    pub path: PathBuf,
}

/// Why there is no cache for this run: the warning to print.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NoCache(pub String);

impl std::fmt::Display for NoCache {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

/// `path` made absolute and resolved as far as it exists.
fn resolved(path: &Path) -> PathBuf {
    std::fs::canonicalize(path)
        .unwrap_or_else(|_| std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf()))
}

impl Cache {
    /// Opens (or creates) the cache in `dir`, unless `dir` is inside `corpus` (the cache must
    /// never be read as articles). A file held by another run is passed over for the next of a
    /// few; when every one is held, or the folder cannot be made, the reason is returned.
    pub fn open(dir: &Path, corpus: &Path) -> Result<Cache, NoCache> {
        let corpus_abs = resolved(corpus);
        let dir_abs = resolved(dir);
        if dir_abs.starts_with(&corpus_abs) {
            return Err(NoCache(format!(
                "the cache folder {} is inside the corpus folder {}; scanning without cache \
                 (run from another folder, or pass --no-cache)",
                dir.display(),
                corpus.display()
            )));
        }
        std::fs::create_dir_all(dir).map_err(|e| {
            NoCache(format!(
                "cannot make the cache folder {} ({e}); scanning without cache",
                dir.display()
            ))
        })?;
        let mut last = String::new();
        for n in 0..FILES {
            let path = dir.join(if n == 0 {
                "findings.redb".to_owned()
            } else {
                format!("findings-{n}.redb")
            });
            match Database::create(&path) {
                Ok(db) => {
                    return Ok(Cache {
                        db: Arc::new(db),
                        path,
                    });
                }
                Err(DatabaseError::DatabaseAlreadyOpen) => {
                    last = "other runs are using it".to_owned();
                }
                Err(e) => {
                    last = e.to_string();
                    break;
                }
            }
        }
        Err(NoCache(format!(
            "cannot open the cache in {} ({last}); scanning without cache",
            dir.display()
        )))
    }

    /// Starts a run over `claims` (in the order of the scan): looks entries up in a snapshot
    /// taken now and writes new ones on a thread of its own as they come; call
    /// [`CachedRun::finish`] at the end.
    pub fn run<'c>(
        &self,
        claims: &[&'c Claim],
        mode: MatcherMode,
    ) -> Result<CachedRun<'c>, NoCache> {
        let fail = |e: &dyn std::fmt::Display| {
            NoCache(format!(
                "cannot read the cache {} ({e}); scanning without cache (delete the folder to \
                 start a new one)",
                self.path.display()
            ))
        };
        let keys: Vec<String> = claims.iter().map(|c| claim_key(c)).collect();
        let set_text = keys.join("\n");
        let set_key = hex(&blake3::hash(set_text.as_bytes()).as_bytes()[..16]);
        let read = self.db.begin_read().map_err(|e| fail(&e))?;
        let articles = match read.open_table(ARTICLES) {
            Ok(table) => Some(table),
            Err(redb::TableError::TableDoesNotExist(_)) => None,
            Err(e) => return Err(fail(&e)),
        };
        let sets = match read.open_table(SETS) {
            Ok(table) => Some(table),
            Err(redb::TableError::TableDoesNotExist(_)) => None,
            Err(e) => return Err(fail(&e)),
        };
        let (sender, receiver) = mpsc::sync_channel::<(Hash, Vec<u8>)>(256);
        let db = Arc::clone(&self.db);
        let set_entry = (set_key.clone(), set_text);
        let writer = std::thread::spawn(move || -> Result<(), String> {
            let text = |e: &dyn std::fmt::Display| e.to_string();
            let mut txn = db.begin_write().map_err(|e| text(&e))?;
            txn.set_durability(redb::Durability::Immediate)
                .map_err(|e| text(&e))?;
            {
                let mut sets = txn.open_table(SETS).map_err(|e| text(&e))?;
                sets.insert(set_entry.0.as_bytes(), set_entry.1.as_bytes())
                    .map_err(|e| text(&e))?;
                let mut articles = txn.open_table(ARTICLES).map_err(|e| text(&e))?;
                for (key, value) in receiver {
                    articles
                        .insert(key.as_slice(), value.as_slice())
                        .map_err(|e| text(&e))?;
                }
            }
            txn.commit().map_err(|e| text(&e))
        });
        let index = claims
            .iter()
            .enumerate()
            .map(|(i, c)| (c.id.clone(), i))
            .collect();
        Ok(CachedRun {
            claims: claims.to_vec(),
            keys,
            index,
            set_key,
            articles,
            sets,
            known_sets: RwLock::new(HashMap::new()),
            scanners: Mutex::new(HashMap::new()),
            mode,
            sender: Some(sender),
            writer: Some(writer),
            path: self.path.clone(),
        })
    }
}

type Hash = [u8; 32];

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// The key of what the scan reads of `article`: its text, where its body starts, its
/// `published` date, with the versions of the tool and of the entries.
pub fn article_key(article: &Article) -> Hash {
    let mut hasher = blake3::Hasher::new();
    hasher.update(
        format!(
            "{ENTRY_VERSION}|{TOOL_VERSION}|{}|{:?}|",
            article.body_start, article.published
        )
        .as_bytes(),
    );
    hasher.update(article.text.as_bytes());
    *hasher.finalize().as_bytes()
}

/// An article's entry.
#[derive(Serialize, Deserialize)]
struct Entry {
    /// The key of the claim set it was scanned for.
    set: String,
    findings: FindingsWire,
}

/// A run of the scan with the cache.
pub struct CachedRun<'c> {
    claims: Vec<&'c Claim>,
    /// The key of each claim.
    keys: Vec<String>,
    /// Claim id → its place in `claims`.
    index: HashMap<String, usize>,
    /// The key of this claim set.
    set_key: String,
    articles: Option<ReadOnlyTable<&'static [u8], &'static [u8]>>,
    sets: Option<ReadOnlyTable<&'static [u8], &'static [u8]>>,
    /// Claim sets read so far: their claim keys.
    known_sets: RwLock<HashMap<String, Arc<HashSet<String>>>>,
    /// Scanners of the claims an entry lacks, by their places in `claims`.
    scanners: Mutex<HashMap<Vec<usize>, Arc<Scanner<'c>>>>,
    mode: MatcherMode,
    sender: Option<mpsc::SyncSender<(Hash, Vec<u8>)>>,
    writer: Option<std::thread::JoinHandle<Result<(), String>>>,
    path: PathBuf,
}

impl<'c> CachedRun<'c> {
    /// The claim keys of the set `key`, read once.
    fn set(&self, key: &str) -> Option<Arc<HashSet<String>>> {
        if let Ok(known) = self.known_sets.read()
            && let Some(set) = known.get(key)
        {
            return Some(Arc::clone(set));
        }
        let value = self.sets.as_ref()?.get(key.as_bytes()).ok()??;
        let text = std::str::from_utf8(value.value()).ok()?;
        let set: Arc<HashSet<String>> = Arc::new(text.lines().map(str::to_owned).collect());
        if let Ok(mut known) = self.known_sets.write() {
            known.insert(key.to_owned(), Arc::clone(&set));
        }
        Some(set)
    }

    /// The scanner of the claims at `places`.
    fn scanner(&self, places: &[usize]) -> Arc<Scanner<'c>> {
        let mut scanners = match self.scanners.lock() {
            Ok(guard) => guard,
            Err(poisoned) => poisoned.into_inner(),
        };
        Arc::clone(scanners.entry(places.to_vec()).or_insert_with(|| {
            let claims: Vec<&'c Claim> = places.iter().map(|&i| self.claims[i]).collect();
            Arc::new(Scanner::with_sample(&claims, self.mode, None).without_hits())
        }))
    }

    /// The findings of `article` (without hits): from its entry for the claims the entry
    /// holds, scanned with `full` (the scanner of every claim) or a scanner of the others.
    pub fn findings(
        &self,
        article: &Article,
        full: &Scanner<'_>,
        scratch: &mut ScanScratch,
    ) -> ArticleFindings {
        let key = article_key(article);
        let entry: Option<Entry> = self
            .articles
            .as_ref()
            .and_then(|table| table.get(key.as_slice()).ok().flatten())
            .and_then(|value| serde_json::from_slice(value.value()).ok());
        let mut held = vec![false; self.claims.len()];
        let mut stored = None;
        if let Some(entry) = entry {
            if entry.set == self.set_key {
                if let Some(findings) = entry.findings.into_findings() {
                    return findings;
                }
            } else if let Some(set) = self.set(&entry.set)
                && let Some(findings) = entry.findings.into_findings()
            {
                for (slot, key) in held.iter_mut().zip(&self.keys) {
                    *slot = set.contains(key);
                }
                stored = Some(findings);
            }
        }
        let findings = match stored {
            None => full.scan(article, scratch),
            Some(stored) => {
                let missing: Vec<usize> = (0..held.len()).filter(|&i| !held[i]).collect();
                let fresh = if missing.is_empty() {
                    ArticleFindings::default()
                } else {
                    self.scanner(&missing).scan(article, scratch)
                };
                self.combine(stored, fresh, &held)
            }
        };
        if let Some(sender) = &self.sender {
            let entry = Entry {
                set: self.set_key.clone(),
                findings: FindingsWire::of(&findings),
            };
            if let Ok(value) = serde_json::to_vec(&entry) {
                // A writer that stopped has its error reported by `finish`.
                let _ = sender.send((key, value));
            }
        }
        findings
    }

    /// The findings of the claims `held` from `stored` and of the others from `fresh`, in
    /// claim order, each claim's in text order (as one scan of every claim gives them).
    fn combine(
        &self,
        stored: ArticleFindings,
        fresh: ArticleFindings,
        held: &[bool],
    ) -> ArticleFindings {
        let place = |claim: &str| self.index.get(claim).copied();
        let keep = |claim: &str| place(claim).is_some_and(|i| held[i]);
        let mut observations: Vec<_> = stored
            .observations
            .into_iter()
            .filter(|o| keep(&o.claim))
            .chain(fresh.observations)
            .collect();
        observations.sort_by_key(|o| place(&o.claim));
        let mut mentions: Vec<_> = stored
            .mentions
            .into_iter()
            .filter(|m| keep(&m.claim))
            .chain(fresh.mentions)
            .collect();
        mentions.sort_by_key(|m| place(&m.claim));
        ArticleFindings {
            hits: Vec::new(),
            observations,
            mentions,
        }
    }

    /// Waits for the new entries to be written; the warning to print if they could not be.
    pub fn finish(mut self) -> Option<String> {
        drop(self.sender.take());
        let result = match self.writer.take()?.join() {
            Ok(result) => result,
            Err(_) => Err("the writing thread stopped".to_owned()),
        };
        result.err().map(|e| {
            format!(
                "could not write the cache {} ({e}); the report is complete, the next run \
                 scans again",
                self.path.display()
            )
        })
    }
}
