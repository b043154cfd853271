//! The corpus: finding article files, reading them safely, their front matter, and mapping
//! byte offsets back to `line:column` in the file as it is on disk.
//!
//! # Shape of the API
//!
//! Scanning is meant to stream: [`discover()`] lists the files (cheap, sorted), or
//! [`discover_each`] hands them over one at a time in the same order as the walk reaches
//! them; then each file is read once, independently, by [`load_article`] — so a parallel
//! scanner can hand files to threads one by one, and merge per-article results (and
//! [`CorpusStats`]) in that order so output never depends on thread timing. [`load_corpus`]
//! does both serially, for small corpora and tests.
//!
//! # What an article is
//!
//! A `.txt` or `.md` file under the corpus folder, in UTF-8. A leading UTF-8 byte-order mark
//! is dropped; line breaks may be `\n`, `\r\n` or a lone `\r`. The searchable body is
//! [`Article::body`].
//!
//! # Front matter
//!
//! Only when line 1 is `---` (trailing blanks allowed) and a later line, starting within the
//! first [`MAX_FRONT_MATTER_BYTES`], is `---` again. The lines between are a YAML mapping:
//! `source`, `url`, `published` (`YYYY-MM-DD`, `YYYY-MM` or `YYYY`, a trailing time such as
//! `T08:00:00Z` ignored) and `language` are read; any other key (`title`, `author`, …) is
//! ignored, since scraped articles carry all sorts. Front matter is never searched but keeps
//! its lines, so line numbers are those of the file on disk. Problems are warnings on
//! [`Article::warnings`], never errors: malformed YAML or a non-mapping (fields ignored, the
//! body still starts after the closing `---`), an invalid date or a list where text belongs
//! (that field ignored), or no closing `---` (no front matter: the whole file is body).
//!
//! A file that cannot be an article is *skipped*, never fatal: not UTF-8, UTF-16/UTF-32 (seen
//! by their byte-order mark), binary (a NUL byte), larger than [`MAX_ARTICLE_BYTES`],
//! unreadable, not a regular file, or a symbolic link loop. Each [`SkipReason`] prints as one
//! line naming the file and saying how to fix it. Only a corpus with no article at all is an
//! error ([`CorpusError`]).
//!
//! Files are opened read-only; nothing here ever writes to the corpus.

mod discover;
mod front_matter;
mod html;
mod jsonl;
pub mod legacy;
mod line_index;
mod records;
mod table;
mod warc;

use std::fmt;
use std::fs::File;
use std::io::Read;
use std::path::{Path, PathBuf};

pub use discover::{Discovery, discover, discover_each, has_article_extension};
pub use front_matter::MAX_FRONT_MATTER_BYTES;
use line_index::LazyLineIndex;
pub use line_index::{CHECKPOINT_BYTES, LineIndex};
pub use records::{
    Compression, FieldMap, Format, MAX_EXPANSION, MIN_DECOMPRESSED_CAP, RecordPlace, RecordUnit,
    decompressed_cap, field_map, format_of, read_record_file, read_record_file_capped,
    set_field_map,
};

use crate::value::PartialDate;

/// The largest article read by default, in bytes: 256 MiB.
///
/// Larger files are skipped with [`SkipReason::TooLarge`] rather than read, so a stray disk
/// image or database dump named `.txt` cannot exhaust memory. The limit is far above any
/// real article (the bundled ones are 5–15 KB) and above a 200 MB scraped dump; pass another
/// limit to [`load_article_with_limit`], or set one for the process with
/// [`crate::limits::set_max_article_bytes`] (`--max-article-bytes`), when a corpus needs more.
pub const MAX_ARTICLE_BYTES: u64 = crate::limits::DEFAULT_MAX_ARTICLE_BYTES;

/// One article: its text as on disk, what its front matter says, and a line index built on
/// first use.
///
/// Offsets (`body_start`, and the offsets later stages report) are byte offsets into
/// [`Article::text`]; [`Article::line_col`] turns them into the `line:column` an editor shows.
#[derive(Debug, Clone, PartialEq)]
pub struct Article {
    /// The path shown in reports: the corpus root joined with the file's place under it,
    /// e.g. `corpus/000_195537198d3ed82c.txt` for the root `corpus`.
    pub path: PathBuf,
    /// The path relative to the corpus root, e.g. `000_195537198d3ed82c.txt`; the same
    /// however the root was spelled.
    pub relative: PathBuf,
    /// Who published it: front matter `source`, else the file name without its extension.
    pub source: String,
    /// Front matter `url`, if any.
    pub url: Option<String>,
    /// Front matter `published` (`YYYY-MM-DD`, `YYYY-MM` or `YYYY`), if given and valid.
    /// Needed to date relative or year-less dates in the text.
    pub published: Option<PartialDate>,
    /// Front matter `language` (e.g. `ar`), a hint only, if any.
    pub language: Option<String>,
    /// The headline, when a record or page names one (front matter `title` is not read).
    pub title: Option<String>,
    /// Where in [`Article::path`] the article is, when the file holds many (a JSON Lines
    /// line, a CSV row, a WARC record's offset); `None` for a file that is one article.
    /// Lines and columns are then those of the record's text.
    pub record: Option<RecordPlace>,
    /// The whole file as on disk (front matter included), without a UTF-8 byte-order mark.
    pub text: String,
    /// Byte offset in [`Article::text`] where the searchable body begins: just after the
    /// line closing the front matter, or 0 when there is none. Always a char boundary.
    pub body_start: usize,
    /// Whether the file began with a UTF-8 byte-order mark (removed from `text`; editors do
    /// not count it in columns either).
    pub had_bom: bool,
    /// Problems that did not stop the article from loading, each `file:line: message`:
    /// malformed front matter, an invalid `published` date, an unclosed `---`. The caller
    /// shows them as warnings.
    pub warnings: Vec<String>,
    /// Line starts and character checkpoints of `text`, built when a location is first
    /// asked for (most articles never need one).
    line_index: LazyLineIndex,
}

impl Article {
    /// Builds an article from text already in memory (a test corpus, text piped to a
    /// command): drops a leading byte-order mark and reads the front matter. Lines are
    /// indexed later, when a location is first asked for.
    ///
    /// `path` is the display path and `relative` the path under the corpus root; the source
    /// defaults to the file stem of `path`.
    pub fn from_text(path: PathBuf, relative: PathBuf, mut text: String) -> Article {
        let had_bom = text.starts_with('\u{FEFF}');
        if had_bom {
            text.drain(..'\u{FEFF}'.len_utf8());
        }
        Article::from_text_without_bom(path, relative, text, had_bom)
    }

    /// [`Article::from_text`] for text whose byte-order mark, if any, is already removed
    /// (a second U+FEFF is then text, kept as it is on disk).
    fn from_text_without_bom(
        path: PathBuf,
        relative: PathBuf,
        text: String,
        had_bom: bool,
    ) -> Article {
        let front = front_matter::parse(&text, &path);
        let source = front.source.unwrap_or_else(|| file_stem(&path));
        Article {
            path,
            relative,
            source,
            url: front.url,
            published: front.published,
            language: front.language,
            title: None,
            record: None,
            text,
            body_start: front.body_start,
            had_bom,
            warnings: front.warnings,
            line_index: LazyLineIndex::default(),
        }
    }

    /// The searchable text: everything after the front matter.
    pub fn body(&self) -> &str {
        self.text.get(self.body_start..).unwrap_or_default()
    }

    /// 1-based line and 1-based character column of `byte_offset` in [`Article::text`],
    /// counted in the file as on disk (front matter lines included), so an editor opened at
    /// `file:line:column` lands on the spot.
    ///
    /// Lines break at `\n`, `\r\n` and a lone `\r`; columns count characters (Unicode
    /// scalar values), not bytes. An offset past the end is taken as the end, and an offset
    /// inside a character as that character. Each call is a binary search plus a count over
    /// at most a few KiB, so millions of lookups stay cheap even on a 10 MB line. The first
    /// call indexes the text (one pass over it); articles never asked for a location are
    /// never indexed.
    pub fn line_col(&self, byte_offset: usize) -> (usize, usize) {
        self.line_index().line_col(&self.text, byte_offset)
    }

    /// The 0-based character offset of `byte_offset` in [`Article::text`] (clamped like
    /// [`Article::line_col`]).
    pub fn char_offset(&self, byte_offset: usize) -> usize {
        self.line_index().char_offset(&self.text, byte_offset)
    }

    /// Number of lines in the file (one more than its line breaks).
    pub fn line_count(&self) -> usize {
        self.line_index().line_count()
    }

    /// The line index of [`Article::text`], built on first use.
    fn line_index(&self) -> &LineIndex {
        self.line_index.get(&self.text)
    }
}

/// The file name without extension, for the default source.
fn file_stem(path: &Path) -> String {
    path.file_stem()
        .map(|stem| stem.to_string_lossy().into_owned())
        .unwrap_or_else(|| path.display().to_string())
}

/// Why a file was not loaded as an article. Not fatal: the file is skipped, the caller
/// prints the message as a warning and counts it.
///
/// Each message names the file and says what to do, e.g.
/// `corpus/old.txt: skipped: not UTF-8 (byte 0xC7 at line 1, column 1); convert it to UTF-8, e.g. iconv -f WINDOWS-1256 -t UTF-8 for Arabic Windows text` (or ISO-8859-6, as the bytes say).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SkipReason {
    /// The file (or a folder on the way to it) cannot be read: permissions, a dangling link,
    /// an I/O error.
    Unreadable {
        /// The file or folder.
        path: PathBuf,
        /// The operating system's description.
        error: String,
    },
    /// Named like an article but a pipe, socket or device: reading it could block forever.
    NotAFile {
        /// The entry.
        path: PathBuf,
    },
    /// Larger than the limit ([`MAX_ARTICLE_BYTES`] by default).
    TooLarge {
        /// The file.
        path: PathBuf,
        /// Its size, at least `limit + 1`.
        bytes: u64,
        /// The limit it exceeds.
        limit: u64,
    },
    /// UTF-16 or UTF-32 text, recognised by its byte-order mark.
    UnsupportedEncoding {
        /// The file.
        path: PathBuf,
        /// `UTF-16LE`, `UTF-16BE`, `UTF-32LE` or `UTF-32BE` (names `iconv` accepts).
        encoding: &'static str,
    },
    /// Holds a NUL byte, which no text article has: a binary file (or UTF-16 without a
    /// byte-order mark).
    Binary {
        /// The file.
        path: PathBuf,
        /// Byte offset of the first NUL.
        offset: usize,
    },
    /// Not valid UTF-8 (typically Windows-1256 or ISO-8859-6 Arabic).
    NotUtf8 {
        /// The file.
        path: PathBuf,
        /// 1-based line of the first invalid byte.
        line: usize,
        /// 1-based character column of the first invalid byte.
        column: usize,
        /// The first invalid byte.
        byte: u8,
        /// The legacy Arabic encoding the bytes look like, for the `iconv` hint.
        encoding: legacy::LegacyArabic,
    },
    /// A symbolic link that leads back to a folder containing it; not followed again.
    SymlinkLoop {
        /// The link.
        path: PathBuf,
        /// The folder it leads back to.
        ancestor: PathBuf,
    },
    /// One record of a file of many (a JSON Lines line, a CSV row, a WARC record, or a web
    /// page) that holds no article: malformed, no text field, not UTF-8, too large, no main
    /// text. The file's other records are read.
    BadRecord {
        /// The file.
        path: PathBuf,
        /// The record, `None` for a web page (the whole file).
        record: Option<RecordPlace>,
        /// What is wrong and what to do.
        problem: String,
    },
    /// A compressed file that stops being readable part way (a truncated or damaged
    /// stream) or decompresses past the cap ([`decompressed_cap`]): the records before were
    /// read, the rest is not.
    Truncated {
        /// The file.
        path: PathBuf,
        /// The last record read whole, if any.
        after: Option<RecordPlace>,
        /// What happened.
        problem: String,
    },
    /// A skip read back from a file of findings (`crosscheck scan --emit`, see
    /// `docs/shards.md`): the file and the whole warning as the scan that wrote it printed it.
    Recorded {
        /// The file or folder.
        path: PathBuf,
        /// The warning, as [`SkipReason`]'s `Display` wrote it.
        message: String,
    },
}

impl SkipReason {
    /// The file or folder skipped.
    pub fn path(&self) -> &Path {
        match self {
            SkipReason::Unreadable { path, .. }
            | SkipReason::NotAFile { path }
            | SkipReason::TooLarge { path, .. }
            | SkipReason::UnsupportedEncoding { path, .. }
            | SkipReason::Binary { path, .. }
            | SkipReason::NotUtf8 { path, .. }
            | SkipReason::SymlinkLoop { path, .. }
            | SkipReason::BadRecord { path, .. }
            | SkipReason::Truncated { path, .. }
            | SkipReason::Recorded { path, .. } => path,
        }
    }
}

impl fmt::Display for SkipReason {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            SkipReason::BadRecord {
                path,
                record: Some(record),
                problem,
            } => return write!(f, "{}: {record}: skipped: {problem}", path.display()),
            SkipReason::Truncated {
                path,
                after,
                problem,
            } => {
                write!(f, "{}: {problem}", path.display())?;
                return match after {
                    Some(after) => write!(f, " (the records up to {after} were read)"),
                    None => write!(f, " (no record was read)"),
                };
            }
            SkipReason::Recorded { message, .. } => return f.write_str(message),
            _ => {}
        }
        write!(f, "{}: skipped: ", self.path().display())?;
        match self {
            SkipReason::Unreadable { error, .. } => write!(
                f,
                "cannot be read ({error}); check that it exists and that you may read it"
            ),
            SkipReason::NotAFile { .. } => write!(
                f,
                "not a regular file (a pipe, socket or device); only text files are read"
            ),
            SkipReason::TooLarge { bytes, limit, .. } => write!(
                f,
                "{bytes} bytes is over the limit of {limit} bytes for one article; split it \
                 into smaller files"
            ),
            SkipReason::UnsupportedEncoding { encoding, .. } => write!(
                f,
                "{encoding} text (it starts with a {encoding} byte-order mark); convert it to \
                 UTF-8, e.g. iconv -f {encoding} -t UTF-8"
            ),
            SkipReason::Binary { offset, .. } => write!(
                f,
                "looks binary (a NUL byte at byte {offset}); articles must be UTF-8 text (UTF-16 \
                 without a byte-order mark looks like this too: convert it with iconv -f UTF-16 \
                 -t UTF-8)"
            ),
            SkipReason::NotUtf8 {
                line,
                column,
                byte,
                encoding,
                ..
            } => write!(
                f,
                "not UTF-8 (byte 0x{byte:02X} at line {line}, column {column}); convert it to \
                 UTF-8, e.g. {}",
                encoding.iconv()
            ),
            SkipReason::SymlinkLoop { ancestor, .. } => write!(
                f,
                "symbolic link loop (it leads back to {}); it is not followed",
                ancestor.display()
            ),
            SkipReason::BadRecord { problem, .. } | SkipReason::Truncated { problem, .. } => {
                write!(f, "{problem}")
            }
            SkipReason::Recorded { message, .. } => f.write_str(message),
        }
    }
}

impl std::error::Error for SkipReason {}

/// Why there is no corpus to scan: the only fatal corpus problems (exit status 2).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CorpusError {
    /// The corpus folder does not exist.
    Missing {
        /// The path given.
        root: PathBuf,
    },
    /// The corpus path is a file, not a folder.
    NotADirectory {
        /// The path given.
        root: PathBuf,
    },
    /// The corpus folder cannot be listed.
    Unreadable {
        /// The path given.
        root: PathBuf,
        /// The operating system's description.
        error: String,
    },
    /// No `.txt` or `.md` file anywhere under the folder.
    Empty {
        /// The path given.
        root: PathBuf,
    },
    /// Article files exist, but every one was skipped.
    NoReadableArticles {
        /// The path given.
        root: PathBuf,
        /// Why each file or folder was skipped, in the order of the corpus, so the caller can
        /// show the warnings the message points to.
        skipped: Vec<SkipReason>,
    },
}

impl fmt::Display for CorpusError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            CorpusError::Missing { root } => write!(
                f,
                "corpus folder `{}` does not exist; run crosscheck where that folder is, or \
                 pass the folder of articles with `--corpus DIR`",
                root.display()
            ),
            CorpusError::NotADirectory { root } => write!(
                f,
                "corpus path `{}` is neither a folder nor an article file (`.txt`, `.md`, \
                 `.html`, `.jsonl`, `.csv`, `.tsv`, `.warc`, `.wet`, each also `.gz` or `.zst`); \
                 pass an article file or the folder that holds the articles",
                root.display()
            ),
            CorpusError::Unreadable { root, error } => write!(
                f,
                "corpus folder `{}` cannot be read ({error}); check its permissions or pass \
                 another folder with `--corpus DIR`",
                root.display()
            ),
            CorpusError::Empty { root } => write!(
                f,
                "corpus folder `{}` holds no articles (no .txt or .md file in it or below it); \
                 add articles or pass another folder with `--corpus DIR`",
                root.display()
            ),
            CorpusError::NoReadableArticles { root, skipped } => write!(
                f,
                "corpus folder `{}` holds no readable article: {} skipped (see the \
                 warnings); convert them to UTF-8 text or pass another folder with \
                 `--corpus DIR`",
                root.display(),
                skipped.len()
            ),
        }
    }
}

impl std::error::Error for CorpusError {}

/// Counts for the report: what was loaded and what was skipped.
///
/// Built with [`CorpusStats::add_article`] and [`CorpusStats::add_skipped`]; per-thread
/// stats combine with [`CorpusStats::merge`].
#[derive(Debug, Clone, Default, PartialEq)]
pub struct CorpusStats {
    /// Articles loaded.
    pub articles: usize,
    /// Bytes of searchable text loaded: the sum of the articles' body lengths (front matter
    /// and byte-order marks not counted), i.e. the amount of text actually scanned.
    pub bytes: u64,
    /// Files and folders skipped, in the order added (discovery order when merged in order).
    pub skipped: Vec<SkipReason>,
}

impl CorpusStats {
    /// Counts one loaded article.
    pub fn add_article(&mut self, article: &Article) {
        self.articles += 1;
        self.bytes += article.body().len() as u64;
    }

    /// Records one skipped file or folder.
    pub fn add_skipped(&mut self, reason: SkipReason) {
        self.skipped.push(reason);
    }

    /// Adds `other`'s counts to these (its skips after these ones).
    pub fn merge(&mut self, other: CorpusStats) {
        self.articles += other.articles;
        self.bytes += other.bytes;
        self.skipped.extend(other.skipped);
    }

    /// Fails when nothing was loaded: a corpus whose every file was skipped cannot be
    /// checked, and saying "no conflicts" about it would mislead.
    ///
    /// # Errors
    ///
    /// [`CorpusError::NoReadableArticles`] naming `root` when no article was loaded.
    pub fn ensure_articles(&self, root: &Path) -> Result<(), CorpusError> {
        if self.articles == 0 {
            return Err(CorpusError::NoReadableArticles {
                root: root.to_path_buf(),
                skipped: self.skipped.clone(),
            });
        }
        Ok(())
    }
}

/// A whole corpus loaded in memory, in discovery order.
#[derive(Debug, Clone, PartialEq)]
pub struct Corpus {
    /// The folder it was loaded from, as given.
    pub root: PathBuf,
    /// The articles, sorted by path.
    pub articles: Vec<Article>,
    /// Counts, and the skipped files (discovery problems first, then unloadable files in
    /// path order).
    pub stats: CorpusStats,
}

/// Discovers and loads every article under `root`, one after the other.
///
/// # Errors
///
/// Those of [`discover()`], and [`CorpusError::NoReadableArticles`] when every article file
/// was skipped.
pub fn load_corpus(root: &Path) -> Result<Corpus, CorpusError> {
    let discovery = discover(root)?;
    let mut stats = CorpusStats::default();
    discovery
        .skipped
        .into_iter()
        .for_each(|reason| stats.add_skipped(reason));
    let mut articles = Vec::with_capacity(discovery.files.len());
    let mut add = |loaded: Result<Article, SkipReason>| match loaded {
        Ok(article) => {
            stats.add_article(&article);
            articles.push(article);
        }
        Err(reason) => stats.add_skipped(reason),
    };
    for path in &discovery.files {
        match format_of(path) {
            Some((format, compression)) if format.has_records() => {
                read_record_file(path, root, format, compression, &mut add);
            }
            _ => add(load_article(path, root)),
        }
    }
    stats.ensure_articles(root)?;
    Ok(Corpus {
        root: root.to_path_buf(),
        articles,
        stats,
    })
}

/// Reads one article file, read-only, at most [`crate::limits::max_article_bytes`] of it
/// ([`MAX_ARTICLE_BYTES`] unless `--max-article-bytes` set another limit).
///
/// `path` is the file as [`discover()`] returned it (it becomes [`Article::path`]); `root` is
/// the corpus folder, used for [`Article::relative`].
///
/// # Errors
///
/// A [`SkipReason`] when the file cannot be an article; see [`parse_article`] for the
/// checks on its content.
pub fn load_article(path: &Path, root: &Path) -> Result<Article, SkipReason> {
    load_article_with_limit(path, root, crate::limits::max_article_bytes())
}

/// [`load_article`] with another size limit, in bytes.
///
/// # Errors
///
/// As [`load_article`], with [`SkipReason::TooLarge`] naming `limit`.
pub fn load_article_with_limit(
    path: &Path,
    root: &Path,
    limit: u64,
) -> Result<Article, SkipReason> {
    match format_of(path) {
        Some((Format::Html, compression)) => {
            let bytes = read_decoded(path, compression, limit)?;
            html_article(path, root, bytes)
        }
        Some((format, _)) if format.has_records() => Err(SkipReason::Unreadable {
            path: path.to_path_buf(),
            error: "a file of many articles; read it with read_record_file".to_owned(),
        }),
        Some((_, compression)) if compression != Compression::None => {
            let bytes = read_decoded(path, compression, limit)?;
            parse_article(path, root, bytes)
        }
        _ => load_plain_article(path, root, limit),
    }
}

/// The whole decompressed content of `path`, at most `limit` bytes.
fn read_decoded(path: &Path, compression: Compression, limit: u64) -> Result<Vec<u8>, SkipReason> {
    let mut reader = records::open_decoded(path, compression, None)?;
    let mut bytes = Vec::new();
    (&mut reader)
        .take(limit.saturating_add(1))
        .read_to_end(&mut bytes)
        .map_err(|error| SkipReason::Truncated {
            path: path.to_path_buf(),
            after: None,
            problem: records::describe_read_error(&error),
        })?;
    if bytes.len() as u64 > limit {
        return Err(SkipReason::TooLarge {
            path: path.to_path_buf(),
            bytes: bytes.len() as u64,
            limit,
        });
    }
    Ok(bytes)
}

/// The article of a web page: its main text and names (see the `html` module).
fn html_article(path: &Path, root: &Path, bytes: Vec<u8>) -> Result<Article, SkipReason> {
    let html = utf8_string(bytes).map_err(|error| SkipReason::BadRecord {
        path: path.to_path_buf(),
        record: None,
        problem: format!(
            "not UTF-8 (invalid byte at byte {}); convert the page to UTF-8, e.g. {}",
            error.utf8_error().valid_up_to(),
            legacy::guess(error.as_bytes()).iconv()
        ),
    })?;
    let (text, names) = html::main_text(&html, None).map_err(|problem| SkipReason::BadRecord {
        path: path.to_path_buf(),
        record: None,
        problem,
    })?;
    Ok(records::named_article(path, root, None, text, names))
}

/// [`load_article_with_limit`] for an uncompressed `.txt` or `.md` file.
fn load_plain_article(path: &Path, root: &Path, limit: u64) -> Result<Article, SkipReason> {
    let unreadable = |error: std::io::Error| SkipReason::Unreadable {
        path: path.to_path_buf(),
        error: error.to_string(),
    };
    let Some((file, metadata)) = open_regular_file(path).map_err(unreadable)? else {
        return Err(SkipReason::NotAFile {
            path: path.to_path_buf(),
        });
    };
    if metadata.len() > limit {
        return Err(SkipReason::TooLarge {
            path: path.to_path_buf(),
            bytes: metadata.len(),
            limit,
        });
    }
    // `take` bounds memory even if the file grows meanwhile.
    let mut bytes = Vec::with_capacity(usize::try_from(metadata.len()).unwrap_or(0));
    file.take(limit.saturating_add(1))
        .read_to_end(&mut bytes)
        .map_err(unreadable)?;
    if bytes.len() as u64 > limit {
        return Err(SkipReason::TooLarge {
            path: path.to_path_buf(),
            bytes: bytes.len() as u64,
            limit,
        });
    }
    parse_article(path, root, bytes)
}

/// Opens `path` for reading if it is a regular file, with its metadata; `None` when it is
/// something else (a pipe, a device, a folder), which is never read.
///
/// On Unix the file is opened without waiting — a pipe opens at once instead of blocking
/// until a writer comes, and a terminal does not become the process's own — and the kind is
/// asked of the open file, so the path is looked up once, not twice. Elsewhere the kind is
/// asked first.
fn open_regular_file(path: &Path) -> std::io::Result<Option<(File, std::fs::Metadata)>> {
    #[cfg(unix)]
    let file = {
        use std::os::unix::fs::OpenOptionsExt;
        std::fs::OpenOptions::new()
            .read(true)
            .custom_flags(libc::O_NONBLOCK | libc::O_NOCTTY)
            .open(path)?
    };
    #[cfg(not(unix))]
    let file = {
        if !std::fs::metadata(path)?.is_file() {
            return Ok(None);
        }
        File::open(path)?
    };
    let metadata = file.metadata()?;
    Ok(metadata.is_file().then_some((file, metadata)))
}

/// Builds an article from the bytes of a file, checking that they are UTF-8 text.
///
/// In order: a UTF-16 or UTF-32 byte-order mark skips the file; a UTF-8 byte-order mark is
/// removed; a NUL byte means binary; then the bytes must be valid UTF-8. The bytes are moved
/// into the article's text, not copied.
///
/// # Errors
///
/// [`SkipReason::UnsupportedEncoding`], [`SkipReason::Binary`] or [`SkipReason::NotUtf8`].
pub fn parse_article(path: &Path, root: &Path, mut bytes: Vec<u8>) -> Result<Article, SkipReason> {
    if let Some(encoding) = wide_unicode_bom(&bytes) {
        return Err(SkipReason::UnsupportedEncoding {
            path: path.to_path_buf(),
            encoding,
        });
    }
    // The mark is removed before the checks so reported lines and columns match an editor's.
    let had_bom = bytes.starts_with(UTF8_BOM);
    if had_bom {
        bytes.drain(..UTF8_BOM.len());
    }
    if let Some(offset) = memchr::memchr(0, &bytes) {
        return Err(SkipReason::Binary {
            path: path.to_path_buf(),
            offset: offset + if had_bom { UTF8_BOM.len() } else { 0 },
        });
    }
    let text = utf8_string(bytes).map_err(|error| {
        let valid_up_to = error.utf8_error().valid_up_to();
        let bytes = error.as_bytes();
        let valid =
            std::str::from_utf8(bytes.get(..valid_up_to).unwrap_or_default()).unwrap_or_default();
        let (line, column) = LineIndex::new(valid).line_col(valid, valid.len());
        SkipReason::NotUtf8 {
            path: path.to_path_buf(),
            line,
            column,
            byte: bytes.get(valid_up_to).copied().unwrap_or(0),
            encoding: legacy::guess(bytes),
        }
    })?;
    let relative = relative_path(path, root);
    Ok(Article::from_text_without_bom(
        path.to_path_buf(),
        relative,
        text,
        had_bom,
    ))
}

/// `bytes` as a `String`, without copying, when they are UTF-8; else std's error, which says
/// where the first invalid byte is.
///
/// Validation runs once per article over every byte, so it uses `simdutf8` (SIMD, several
/// times faster than std's check on Arabic text); only invalid text, which is rare and
/// skipped anyway, is checked a second time by std to locate the error.
fn utf8_string(bytes: Vec<u8>) -> Result<String, std::string::FromUtf8Error> {
    if simdutf8::basic::from_utf8(&bytes).is_ok() {
        // SAFETY: `simdutf8` has just validated these very bytes as UTF-8, and nothing
        // changed them since; `String::from_utf8` would only check them again.
        Ok(unsafe { String::from_utf8_unchecked(bytes) })
    } else {
        String::from_utf8(bytes)
    }
}

/// The UTF-8 byte-order mark.
const UTF8_BOM: &[u8] = b"\xEF\xBB\xBF";

/// The encoding named by a UTF-16 or UTF-32 byte-order mark at the start of `bytes`.
fn wide_unicode_bom(bytes: &[u8]) -> Option<&'static str> {
    // UTF-32LE's mark begins with UTF-16LE's, so it is tested first.
    if bytes.starts_with(b"\xFF\xFE\x00\x00") {
        Some("UTF-32LE")
    } else if bytes.starts_with(b"\x00\x00\xFE\xFF") {
        Some("UTF-32BE")
    } else if bytes.starts_with(b"\xFF\xFE") {
        Some("UTF-16LE")
    } else if bytes.starts_with(b"\xFE\xFF") {
        Some("UTF-16BE")
    } else {
        None
    }
}

/// `path` relative to the corpus root `root`: its file name when the corpus is that one file.
pub(crate) fn relative_path(path: &Path, root: &Path) -> PathBuf {
    match path.strip_prefix(root) {
        Ok(relative) if !relative.as_os_str().is_empty() => relative.to_path_buf(),
        _ => path
            .file_name()
            .map_or_else(|| path.to_path_buf(), PathBuf::from),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_fast_utf8_check_agrees_with_std_on_valid_and_invalid_text() {
        let arabic = "عرضت روسيا المساعدة التكنولوجية مقابل 5 ملايين قذيفة مدفعية 🚀\n".repeat(9);
        let mut cases: Vec<Vec<u8>> = vec![
            Vec::new(),
            arabic.clone().into_bytes(),
            b"plain ASCII text".to_vec(),
        ];
        // Invalid bytes early, in the middle and at the very end of a long text (the SIMD
        // path works in blocks): a lone continuation byte, a truncated Arabic letter, an
        // overlong encoding, a surrogate, a byte that never occurs in UTF-8.
        for bad in [&b"\x80"[..], b"\xD9", b"\xC0\xAF", b"\xED\xA0\x80", b"\xFF"] {
            for at in [0, 31, arabic.len() / 2, arabic.len()] {
                let mut bytes = arabic.clone().into_bytes();
                // Keep the cut on a character boundary so only `bad` is invalid.
                let at = (0..=at)
                    .rev()
                    .find(|&i| arabic.is_char_boundary(i))
                    .unwrap_or(0);
                bytes.splice(at..at, bad.iter().copied());
                cases.push(bytes);
            }
        }
        for bytes in cases {
            let expected = String::from_utf8(bytes.clone());
            match (utf8_string(bytes), expected) {
                (Ok(fast), Ok(std)) => assert_eq!(fast, std),
                (Err(fast), Err(std)) => {
                    assert_eq!(fast.utf8_error(), std.utf8_error());
                    assert_eq!(fast.as_bytes(), std.as_bytes());
                }
                (fast, std) => panic!("simdutf8 says {fast:?}, std says {std:?}"),
            }
        }
    }
}
