//! What the record formats share: which reader a file name asks for, where a record is in
//! its file, which fields hold the text and the names, and the decompression of `.gz` and
//! `.zst` files with a cap on the decompressed size.
//!
//! # Concepts
//!
//! A *document* is an [`Article`]: text plus names (source, url, published, language,
//! title). A `.txt`, `.md` or `.html` file is one document; a `.jsonl`, `.csv`/`.tsv` or
//! `.warc`/`.wet` file holds one document per *record*, and the record's place
//! ([`RecordPlace`]: `line 12`, `row 7`, `offset 5120`) is part of every location quoted from
//! it, so evidence points home.
//!
//! # Example
//!
//! ```
//! use crosscheck::corpus::{Compression, Format, format_of};
//! use std::path::Path;
//!
//! assert_eq!(
//!     format_of(Path::new("news/articles.JSONL.gz")),
//!     Some((Format::JsonLines, Compression::Gzip))
//! );
//! assert_eq!(format_of(Path::new("notes.pdf")), None);
//! ```

use std::fmt;
use std::io::{self, BufRead, BufReader, Read};
use std::path::Path;
use std::sync::{LazyLock, RwLock};

use super::{Article, SkipReason};

/// How the documents of a file are laid out, from its extension (before any `.gz`/`.zst`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// `.txt`, `.md`: one article, optional YAML front matter.
    Text,
    /// `.html`, `.htm`: one web page; its main text is the article.
    Html,
    /// `.jsonl`, `.ndjson`: one JSON object a line.
    JsonLines,
    /// `.csv` (commas) and `.tsv` (tabs): a header row, then one article a row.
    Csv {
        /// `b','` or `b'\t'`.
        delimiter: u8,
    },
    /// `.warc`, `.wet`: WARC 1.0/1.1 `response` (HTML pages) and `conversion` (text) records.
    Warc,
}

impl Format {
    /// Whether one file holds many documents (read record by record).
    pub fn has_records(self) -> bool {
        matches!(self, Format::JsonLines | Format::Csv { .. } | Format::Warc)
    }
}

/// How a file is compressed, from its last extension.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Compression {
    /// Read as it is.
    None,
    /// `.gz`: gzip, several members allowed (as `.warc.gz` files are made).
    Gzip,
    /// `.zst`: Zstandard, several frames allowed.
    Zstd,
}

/// The format and compression a file name asks for, in any letter case: `a.jsonl.gz` is
/// gzip-compressed JSON Lines; `None` for a file that is not a corpus document.
pub fn format_of(path: &Path) -> Option<(Format, Compression)> {
    let name = path.file_name()?.to_str()?.to_ascii_lowercase();
    let (stem, compression) = if let Some(stem) = name.strip_suffix(".gz") {
        (stem, Compression::Gzip)
    } else if let Some(stem) = name.strip_suffix(".zst") {
        (stem, Compression::Zstd)
    } else {
        (name.as_str(), Compression::None)
    };
    let (_, extension) = stem.rsplit_once('.')?;
    let format = match extension {
        "txt" | "md" => Format::Text,
        "html" | "htm" => Format::Html,
        "jsonl" | "ndjson" => Format::JsonLines,
        "csv" => Format::Csv { delimiter: b',' },
        "tsv" => Format::Csv { delimiter: b'\t' },
        "warc" | "wet" => Format::Warc,
        _ => return None,
    };
    Some((format, compression))
}

/// Where a record is in its file: shown after the file name (`articles.jsonl: line 12`) and
/// in the JSON report's `record` field (`"line 12"`).
///
/// Records of one file sort in file order (the number first).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct RecordPlace {
    /// The 1-based line, the 1-based row, or the byte offset.
    pub number: u64,
    /// What the number counts.
    pub unit: RecordUnit,
}

/// What a [`RecordPlace`] number counts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum RecordUnit {
    /// JSON Lines: the 1-based line of the file (as an editor numbers it).
    Line,
    /// CSV/TSV: the 1-based row, the header being row 1 (as a spreadsheet numbers it).
    Row,
    /// WARC/WET: the byte offset of the record's `WARC/1.x` line in the decompressed file.
    Offset,
}

impl fmt::Display for RecordPlace {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let unit = match self.unit {
            RecordUnit::Line => "line",
            RecordUnit::Row => "row",
            RecordUnit::Offset => "offset",
        };
        write!(f, "{unit} {}", self.number)
    }
}

/// The names of a document other than its text, as a record states them (each may be
/// missing).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Names {
    /// Who published it.
    pub source: Option<String>,
    /// Where it was published.
    pub url: Option<String>,
    /// When: `YYYY-MM-DD`, `YYYY-MM` or `YYYY`, a trailing time ignored.
    pub published: Option<String>,
    /// Its language, e.g. `ar`.
    pub language: Option<String>,
    /// Its headline.
    pub title: Option<String>,
}

/// Which record fields (JSON keys, CSV columns) hold the text and each name: the first
/// field of each list that a record has is used.
///
/// By default `text`/`body`/`content` for the text, `url`, `source`/`site`,
/// `published`/`date`, `language`/`lang` and `title`; `--field text=article_body` makes
/// `article_body` the only text field.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FieldMap {
    /// Fields for the text.
    pub text: Vec<String>,
    /// Fields for the url.
    pub url: Vec<String>,
    /// Fields for the source.
    pub source: Vec<String>,
    /// Fields for the publication date.
    pub published: Vec<String>,
    /// Fields for the language.
    pub language: Vec<String>,
    /// Fields for the title.
    pub title: Vec<String>,
}

impl Default for FieldMap {
    fn default() -> FieldMap {
        let list = |names: &[&str]| names.iter().map(|name| (*name).to_owned()).collect();
        FieldMap {
            text: list(&["text", "body", "content"]),
            url: list(&["url"]),
            source: list(&["source", "site"]),
            published: list(&["published", "date"]),
            language: list(&["language", "lang"]),
            title: list(&["title"]),
        }
    }
}

impl FieldMap {
    /// The names a mapping may set, in the order of a document's names.
    pub const NAMES: [&'static str; 6] =
        ["text", "url", "source", "published", "language", "title"];

    /// Reads `name=field` (e.g. `text=article_body`) and makes `field` the only field for
    /// `name`.
    ///
    /// # Errors
    ///
    /// A message naming the mistake when there is no `=`, the field is empty, or `name` is
    /// not one of [`FieldMap::NAMES`].
    pub fn set(&mut self, mapping: &str) -> Result<(), String> {
        let Some((name, field)) = mapping.split_once('=') else {
            return Err(format!(
                "`{mapping}` is not NAME=FIELD; write e.g. text=article_body"
            ));
        };
        let (name, field) = (name.trim(), field.trim());
        if field.is_empty() {
            return Err(format!(
                "`{mapping}` names no field after `=`; write e.g. {name}=article_body"
            ));
        }
        let slot = match name {
            "text" => &mut self.text,
            "url" => &mut self.url,
            "source" => &mut self.source,
            "published" => &mut self.published,
            "language" => &mut self.language,
            "title" => &mut self.title,
            _ => {
                return Err(format!(
                    "`{name}` in `{mapping}` is not a document name; use one of {}",
                    FieldMap::NAMES.join(", ")
                ));
            }
        };
        *slot = vec![field.to_owned()];
        Ok(())
    }
}

/// The field mapping in force for the process.
static FIELD_MAP: LazyLock<RwLock<FieldMap>> = LazyLock::new(|| RwLock::new(FieldMap::default()));

/// The field mapping record readers use now ([`FieldMap::default`] unless set).
pub fn field_map() -> FieldMap {
    FIELD_MAP
        .read()
        .map(|map| map.clone())
        .unwrap_or_else(|poisoned| poisoned.into_inner().clone())
}

/// Sets the field mapping for the process, before any corpus is read (`--field`).
pub fn set_field_map(map: FieldMap) {
    match FIELD_MAP.write() {
        Ok(mut slot) => *slot = map,
        Err(poisoned) => *poisoned.into_inner() = map,
    }
}

/// The smallest cap on a compressed file's decompressed size: 4 GiB.
///
/// The cap is the larger of this and [`MAX_EXPANSION`] times the compressed size, so real
/// corpora (text compresses 3–10 times) always fit, and a decompression bomb (a small file
/// that expands a thousandfold) is refused after at most this much work.
pub const MIN_DECOMPRESSED_CAP: u64 = 4 * 1024 * 1024 * 1024;

/// How many times its compressed size a file may expand to beyond [`MIN_DECOMPRESSED_CAP`].
pub const MAX_EXPANSION: u64 = 100;

/// The decompressed-size cap for a compressed file of `compressed` bytes.
pub fn decompressed_cap(compressed: u64) -> u64 {
    MIN_DECOMPRESSED_CAP.max(compressed.saturating_mul(MAX_EXPANSION))
}

/// How big reading buffers are: large enough that a decompressor works in long runs.
const BUFFER_BYTES: usize = 256 * 1024;

/// Opens `path` for reading through its decompressor, with the decompressed size capped at
/// `cap` bytes (`None`: [`decompressed_cap`] of the file's size). Reading past the cap fails
/// with an error [`describe_read_error`] words as a decompression bomb.
///
/// # Errors
///
/// [`SkipReason::Unreadable`] when the file cannot be opened or its compressed header is
/// not valid, [`SkipReason::NotAFile`] for a pipe or device.
pub fn open_decoded(
    path: &Path,
    compression: Compression,
    cap: Option<u64>,
) -> Result<Box<dyn BufRead + Send>, SkipReason> {
    let unreadable = |error: io::Error| SkipReason::Unreadable {
        path: path.to_path_buf(),
        error: error.to_string(),
    };
    let Some((file, metadata)) = super::open_regular_file(path).map_err(unreadable)? else {
        return Err(SkipReason::NotAFile {
            path: path.to_path_buf(),
        });
    };
    let cap = cap.unwrap_or_else(|| decompressed_cap(metadata.len()));
    let raw = BufReader::with_capacity(BUFFER_BYTES, file);
    Ok(match compression {
        Compression::None => Box::new(raw),
        Compression::Gzip => Box::new(BufReader::with_capacity(
            BUFFER_BYTES,
            Capped::new(flate2::bufread::MultiGzDecoder::new(raw), cap),
        )),
        Compression::Zstd => {
            let decoder = zstd::stream::read::Decoder::with_buffer(raw).map_err(unreadable)?;
            Box::new(BufReader::with_capacity(
                BUFFER_BYTES,
                Capped::new(decoder, cap),
            ))
        }
    })
}

/// The message of a read error from [`open_decoded`]'s reader, saying what to do.
pub fn describe_read_error(error: &io::Error) -> String {
    if let Some(cap) = error
        .get_ref()
        .and_then(|inner| inner.downcast_ref::<CapExceeded>())
    {
        format!(
            "decompresses to more than {} bytes, the cap for a file of its size (a \
             decompression bomb?); the rest of the file is not read",
            cap.0
        )
    } else {
        format!("cannot be read further ({error}); a truncated or damaged compressed file?")
    }
}

/// The error a [`Capped`] reader gives past its cap.
#[derive(Debug)]
struct CapExceeded(u64);

impl fmt::Display for CapExceeded {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "decompressed size over {} bytes", self.0)
    }
}

impl std::error::Error for CapExceeded {}

/// A reader that fails once more than `cap` bytes came through it.
struct Capped<R> {
    inner: R,
    cap: u64,
    read: u64,
}

impl<R> Capped<R> {
    fn new(inner: R, cap: u64) -> Capped<R> {
        Capped {
            inner,
            cap,
            read: 0,
        }
    }
}

impl<R: Read> Read for Capped<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let left = self.cap - self.read;
        if left == 0 {
            // At the cap: the end of the stream is fine, one byte more is not.
            let mut probe = [0; 1];
            return match self.inner.read(&mut probe)? {
                0 => Ok(0),
                _ => Err(io::Error::other(CapExceeded(self.cap))),
            };
        }
        let room = usize::try_from(left).unwrap_or(usize::MAX).min(buf.len());
        let n = self.inner.read(buf.get_mut(..room).unwrap_or_default())?;
        self.read += n as u64;
        Ok(n)
    }
}

/// A skipped record: the file, the record, what is wrong.
pub(super) fn bad_record(path: &Path, record: RecordPlace, problem: String) -> SkipReason {
    SkipReason::BadRecord {
        path: path.to_path_buf(),
        record: Some(record),
        problem,
    }
}

/// Builds the document of one record: `text` is searched whole (no front matter); the
/// source is the record's, else the url's host, else the file name and the record (so
/// records without names stay separate sources, as separate files do).
pub(super) fn record_article(
    path: &Path,
    root: &Path,
    record: RecordPlace,
    text: String,
    names: Names,
) -> Article {
    named_article(path, root, Some(record), text, names)
}

/// [`record_article`] for a record, or for a whole file (a web page) when `record` is `None`.
pub(super) fn named_article(
    path: &Path,
    root: &Path,
    record: Option<RecordPlace>,
    text: String,
    names: Names,
) -> Article {
    let relative = super::relative_path(path, root);
    let place = match record {
        Some(record) => format!("{}: {record}", path.display()),
        None => path.display().to_string(),
    };
    let mut warnings = Vec::new();
    let published = names.published.as_deref().and_then(|published| {
        super::front_matter::parse_published(published)
            .map_err(|problem| {
                warnings.push(format!(
                    "{place}: `published` value `{published}` is not a date ({problem}); \
                     write YYYY-MM-DD"
                ));
            })
            .ok()
    });
    let source = names
        .source
        .or_else(|| names.url.as_deref().and_then(url_host))
        .unwrap_or_else(|| match record {
            Some(record) => format!("{} {record}", super::file_stem(path)),
            None => super::file_stem(path),
        });
    Article {
        path: path.to_path_buf(),
        relative,
        source,
        url: names.url,
        published,
        language: names.language,
        title: names.title,
        record,
        text,
        body_start: 0,
        had_bom: false,
        warnings,
        line_index: super::LazyLineIndex::default(),
    }
}

/// The host of an absolute `http(s)` url, without `www.`: `https://www.ft.com/x` gives
/// `ft.com`.
pub(super) fn url_host(url: &str) -> Option<String> {
    let rest = url.split_once("://")?.1;
    let authority = rest.split(['/', '?', '#']).next()?;
    let host = authority.rsplit('@').next()?;
    let host = host.split(':').next()?;
    let host = host.strip_prefix("www.").unwrap_or(host);
    (!host.is_empty()).then(|| host.to_ascii_lowercase())
}

/// Reads every document of a record file, handing each (or why a record was skipped) to
/// `emit` in file order. A problem with the file as a whole (cannot be opened, a truncated
/// compressed stream, a decompression bomb) is emitted too, after the records read before
/// it.
pub fn read_record_file(
    path: &Path,
    root: &Path,
    format: Format,
    compression: Compression,
    emit: &mut dyn FnMut(Result<Article, SkipReason>),
) {
    read_record_file_capped(path, root, format, compression, None, emit);
}

/// [`read_record_file`] with another decompressed-size cap (`None`: the default).
pub fn read_record_file_capped(
    path: &Path,
    root: &Path,
    format: Format,
    compression: Compression,
    cap: Option<u64>,
    emit: &mut dyn FnMut(Result<Article, SkipReason>),
) {
    let reader = match open_decoded(path, compression, cap) {
        Ok(reader) => reader,
        Err(reason) => return emit(Err(reason)),
    };
    let fields = field_map();
    let context = RecordContext {
        path,
        root,
        fields: &fields,
        limit: crate::limits::max_article_bytes(),
    };
    let result = match format {
        Format::JsonLines => super::jsonl::read(&context, reader, emit),
        Format::Csv { delimiter } => super::table::read(&context, reader, delimiter, emit),
        Format::Warc => super::warc::read(&context, reader, emit),
        // One document a file: read by `load_article`.
        Format::Text | Format::Html => Ok(()),
    };
    if let Err(failure) = result {
        emit(Err(SkipReason::Truncated {
            path: path.to_path_buf(),
            after: failure.after,
            problem: describe_read_error(&failure.error),
        }));
    }
}

/// What every record reader needs.
pub(super) struct RecordContext<'a> {
    /// The file, as found under the corpus folder.
    pub path: &'a Path,
    /// The corpus folder.
    pub root: &'a Path,
    /// Which fields hold what.
    pub fields: &'a FieldMap,
    /// The largest record text, in bytes.
    pub limit: u64,
}

/// A read error that stops a record file, and the last record read before it.
pub(super) struct ReadFailure {
    /// The last record read whole, if any.
    pub after: Option<RecordPlace>,
    /// The error.
    pub error: io::Error,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn extensions_choose_the_reader_in_any_case_and_under_compression() {
        let of = |name: &str| format_of(Path::new(name));
        assert_eq!(of("a.txt"), Some((Format::Text, Compression::None)));
        assert_eq!(of("a.MD.ZST"), Some((Format::Text, Compression::Zstd)));
        assert_eq!(of("a.htm"), Some((Format::Html, Compression::None)));
        assert_eq!(
            of("a.ndjson.gz"),
            Some((Format::JsonLines, Compression::Gzip))
        );
        assert_eq!(
            of("a.tsv"),
            Some((Format::Csv { delimiter: b'\t' }, Compression::None))
        );
        assert_eq!(of("crawl.warc.gz"), Some((Format::Warc, Compression::Gzip)));
        assert_eq!(of("crawl.wet"), Some((Format::Warc, Compression::None)));
        assert_eq!(of("a.gz"), None);
        assert_eq!(of("a.json"), None);
        assert_eq!(of("txt"), None);
    }

    #[test]
    fn a_mapping_replaces_the_default_fields_and_refuses_unknown_names() {
        let mut map = FieldMap::default();
        map.set("text=article_body").expect("valid");
        assert_eq!(map.text, vec!["article_body".to_owned()]);
        assert_eq!(map.url, vec!["url".to_owned()]);
        assert_eq!(
            map.set("body"),
            Err("`body` is not NAME=FIELD; write e.g. text=article_body".to_owned())
        );
        assert_eq!(
            map.set("text="),
            Err("`text=` names no field after `=`; write e.g. text=article_body".to_owned())
        );
        assert_eq!(
            map.set("author=by"),
            Err(
                "`author` in `author=by` is not a document name; use one of text, url, \
                 source, published, language, title"
                    .to_owned()
            )
        );
    }

    #[test]
    fn the_host_of_a_url_names_a_source() {
        assert_eq!(
            url_host("https://www.FT.com/a/b?c"),
            Some("ft.com".to_owned())
        );
        assert_eq!(
            url_host("http://user@news.example.org:8080/x"),
            Some("news.example.org".to_owned())
        );
        assert_eq!(url_host("not a url"), None);
        assert_eq!(url_host("https:///path"), None);
    }

    #[test]
    fn a_capped_reader_fails_past_its_cap_and_says_so() {
        let mut capped = Capped::new(&b"0123456789"[..], 4);
        let mut out = Vec::new();
        let error = capped.read_to_end(&mut out).expect_err("over the cap");
        assert!(
            describe_read_error(&error).starts_with("decompresses to more than 4 bytes"),
            "{}",
            describe_read_error(&error)
        );
        let mut fine = Capped::new(&b"0123"[..], 4);
        out.clear();
        fine.read_to_end(&mut out).expect("at the cap");
        assert_eq!(out, b"0123");
    }
}
