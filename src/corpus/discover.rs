//! Finding the article files of a corpus folder.

use std::io;
use std::path::{Path, PathBuf};

use walkdir::WalkDir;

use super::{CorpusError, SkipReason};

/// The article files found under a corpus folder, and what could not be walked.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Discovery {
    /// Every corpus file ([`has_article_extension`]), as the root joined with its relative path
    /// (`corpus/000_195537198d3ed82c.txt` for the root `corpus`), sorted.
    pub files: Vec<PathBuf>,
    /// Entries that could not be walked (a symbolic link loop, an unreadable folder, a broken
    /// link named like an article, a pipe or device named like an article), sorted by path.
    /// The caller reports them as warnings and counts them in [`super::CorpusStats`].
    pub skipped: Vec<SkipReason>,
}

/// Lists the articles under `root`: every file [`has_article_extension`] accepts, in `root` and all folders below it, sorted by path so every run sees them
/// in the same order.
///
/// Symbolic links are followed (a corpus may link articles from elsewhere); a link that
/// leads back to one of its own parent folders is not followed again and is reported in
/// [`Discovery::skipped`]. Files and folders whose names start with `.` are left out: they
/// are editor backups, lock files and version-control folders, never articles.
///
/// # Errors
///
/// [`CorpusError::Missing`] when `root` does not exist, [`CorpusError::NotADirectory`] when
/// it is neither a folder nor an article file (an article file is a corpus of one), [`CorpusError::Unreadable`] when it cannot be listed, and
/// [`CorpusError::Empty`] when it holds no article file and nothing was skipped (when
/// something was skipped, the caller decides with [`super::CorpusStats::ensure_articles`]
/// once it has tried to load the files).
pub fn discover(root: &Path) -> Result<Discovery, CorpusError> {
    let mut files = Vec::new();
    let skipped = discover_each(root, |path| files.push(path))?;
    // The walk already gives them in this order; sorting is cheap insurance.
    files.sort();
    if files.is_empty() && skipped.is_empty() {
        return Err(CorpusError::Empty {
            root: root.to_path_buf(),
        });
    }
    Ok(Discovery { files, skipped })
}

/// [`discover`] one file at a time: hands each article file to `found` as the walk reaches
/// it, in the order [`discover`] sorts them (each folder's entries by name, a folder's
/// contents right after its name), and returns what was skipped, sorted by path. A scan can
/// then start on the first files while the walk goes on, without holding the list of every
/// path. Unlike [`discover`], it finds a folder without articles fine: the caller counts.
///
/// # Errors
///
/// Those of [`discover`], except [`CorpusError::Empty`].
pub fn discover_each(
    root: &Path,
    mut found: impl FnMut(PathBuf),
) -> Result<Vec<SkipReason>, CorpusError> {
    match std::fs::metadata(root) {
        Ok(metadata) if metadata.is_dir() => {}
        // One article file is a corpus of one (`crosscheck check corpus/new-article.txt`).
        Ok(metadata) if metadata.is_file() && has_article_extension(root) => {
            found(root.to_path_buf());
            return Ok(Vec::new());
        }
        Ok(_) => {
            return Err(CorpusError::NotADirectory {
                root: root.to_path_buf(),
            });
        }
        Err(error) if error.kind() == io::ErrorKind::NotFound => {
            return Err(CorpusError::Missing {
                root: root.to_path_buf(),
            });
        }
        Err(error) => {
            return Err(CorpusError::Unreadable {
                root: root.to_path_buf(),
                error: error.to_string(),
            });
        }
    }

    let mut skipped = Vec::new();
    let walker = WalkDir::new(root)
        .follow_links(true)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|entry| entry.depth() == 0 || !is_hidden(entry.file_name()));
    for entry in walker {
        match entry {
            Ok(entry) => {
                if !has_article_extension(entry.path()) {
                    continue;
                }
                let file_type = entry.file_type();
                if file_type.is_file() {
                    found(entry.into_path());
                } else if !file_type.is_dir() {
                    skipped.push(SkipReason::NotAFile {
                        path: entry.into_path(),
                    });
                }
            }
            Err(error) => {
                let path = error.path().unwrap_or(root).to_path_buf();
                if let Some(ancestor) = error.loop_ancestor() {
                    skipped.push(SkipReason::SymlinkLoop {
                        path,
                        ancestor: ancestor.to_path_buf(),
                    });
                    continue;
                }
                if error.depth() == 0 {
                    return Err(CorpusError::Unreadable {
                        root: root.to_path_buf(),
                        error: describe_walk_error(&error),
                    });
                }
                // A dangling link named like a picture is not a lost article; one named like
                // an article, or an unreadable folder that may hold articles, is reported.
                let dangling = error
                    .io_error()
                    .is_some_and(|io_error| io_error.kind() == io::ErrorKind::NotFound);
                if dangling && !has_article_extension(&path) {
                    continue;
                }
                skipped.push(SkipReason::Unreadable {
                    path,
                    error: describe_walk_error(&error),
                });
            }
        }
    }
    skipped.sort_by(|a, b| a.path().cmp(b.path()));
    Ok(skipped)
}

/// Whether `path` names a corpus file, in any letter case: `.txt`, `.md`, `.html`/`.htm`,
/// `.jsonl`/`.ndjson`, `.csv`/`.tsv` or `.warc`/`.wet`, each also as `.gz` or `.zst`
/// ([`super::format_of`] says which reader it takes).
pub fn has_article_extension(path: &Path) -> bool {
    super::format_of(path).is_some()
}

/// Names starting with `.`: hidden by convention.
fn is_hidden(name: &std::ffi::OsStr) -> bool {
    name.as_encoded_bytes().first() == Some(&b'.')
}

/// The operating system's words for a walk error, without walkdir's path prefix (the
/// skip message names the path itself).
fn describe_walk_error(error: &walkdir::Error) -> String {
    match error.io_error() {
        Some(io_error) => io_error.to_string(),
        None => error.to_string(),
    }
}
