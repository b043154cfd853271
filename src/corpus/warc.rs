//! Web archives (`.warc`, `.wet`; WARC 1.0 and 1.1), read with the `warc` crate.
//!
//! Two record types hold articles: `response` (an HTTP response; its HTML page's main text
//! is read as an `.html` file's is, see [`super::html`]) and `conversion` (text already
//! extracted from a page, as in Common Crawl's WET files). Other records (`warcinfo`,
//! `request`, `metadata`, responses that are not HTML) are passed over without a warning.
//! Names: `WARC-Target-URI` is the url and its host the source (unless the page names its
//! site), `WARC-Date` the date (unless the page gives its own). A record's place is the
//! byte offset of its `WARC/1.x` line in the decompressed file (`crawl.warc.gz: offset
//! 5120`). A record that cannot be parsed, or whose page has no main text or is not UTF-8,
//! is skipped with a warning naming the file and offset.

use std::collections::HashMap;
use std::io::{self, BufRead, Read};
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};

use ::warc::{WarcHeader, WarcReader};

use super::records::{
    Names, ReadFailure, RecordContext, RecordPlace, RecordUnit, bad_record, record_article,
};
use super::{Article, SkipReason};

/// Reads every record of `reader`, emitting each document or skipped record in order.
pub(super) fn read(
    context: &RecordContext<'_>,
    reader: Box<dyn BufRead + Send>,
    emit: &mut dyn FnMut(Result<Article, SkipReason>),
) -> Result<(), ReadFailure> {
    let consumed = Arc::new(AtomicU64::new(0));
    let counting = Counting {
        inner: reader,
        consumed: Arc::clone(&consumed),
    };
    let mut records = WarcReader::new(counting).iter_raw_records();
    let mut last: Option<RecordPlace> = None;
    loop {
        let place = RecordPlace {
            number: consumed.load(Ordering::Relaxed),
            unit: RecordUnit::Offset,
        };
        let Some(record) = records.next() else {
            return Ok(());
        };
        let (header, body) = match record {
            Ok(record) => record,
            Err(::warc::Error::ReadData(error)) => {
                return Err(ReadFailure { after: last, error });
            }
            Err(error) => {
                emit(Err(bad_record(
                    context.path,
                    place,
                    format!("not a valid WARC record ({error}); the record is passed over"),
                )));
                last = Some(place);
                continue;
            }
        };
        last = Some(place);
        if let Some(document) = document(context, place, &header.headers, body) {
            emit(document);
        }
    }
}

/// A reader counting the bytes taken from it, so each record's offset is known.
struct Counting {
    inner: Box<dyn BufRead + Send>,
    consumed: Arc<AtomicU64>,
}

impl Read for Counting {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.consumed.fetch_add(n as u64, Ordering::Relaxed);
        Ok(n)
    }
}

impl BufRead for Counting {
    fn fill_buf(&mut self) -> io::Result<&[u8]> {
        self.inner.fill_buf()
    }

    fn consume(&mut self, amount: usize) {
        self.consumed.fetch_add(amount as u64, Ordering::Relaxed);
        self.inner.consume(amount);
    }
}

/// The document of one record; `None` for a record that holds no article.
fn document(
    context: &RecordContext<'_>,
    place: RecordPlace,
    headers: &HashMap<WarcHeader, Vec<u8>>,
    body: Vec<u8>,
) -> Option<Result<Article, SkipReason>> {
    let header = |name: WarcHeader| {
        headers
            .get(&name)
            .map(|value| String::from_utf8_lossy(value).trim().to_owned())
    };
    let kind = header(WarcHeader::WarcType)?;
    let bad = |problem: String| bad_record(context.path, place, problem);
    if body.len() as u64 > context.limit {
        return Some(Err(bad(format!(
            "{} bytes is over the limit of {} bytes for one article; raise it with \
             --max-article-bytes",
            body.len(),
            context.limit
        ))));
    }
    let url = header(WarcHeader::TargetURI).map(|uri| {
        // WARC 1.0 wrote the URI in angle brackets.
        uri.trim_start_matches('<').trim_end_matches('>').to_owned()
    });
    let date = header(WarcHeader::Date);
    let (text, mut names) = match kind.as_str() {
        "conversion" => {
            let text = match String::from_utf8(body) {
                Ok(text) => text,
                Err(error) => return Some(Err(bad(not_utf8(error.utf8_error())))),
            };
            (text, Names::default())
        }
        "response" => {
            let page = http_payload(&body)?;
            let html = match std::str::from_utf8(page) {
                Ok(html) => html,
                Err(error) => return Some(Err(bad(not_utf8(error)))),
            };
            match super::html::main_text(html, url.as_deref()) {
                Ok(found) => found,
                Err(problem) => return Some(Err(bad(problem))),
            }
        }
        _ => return None,
    };
    if text.trim().is_empty() {
        return Some(Err(bad("the record holds no text".to_owned())));
    }
    names.url = url.or(names.url);
    names.published = names.published.or(date);
    Some(Ok(record_article(
        context.path,
        context.root,
        place,
        text,
        names,
    )))
}

/// The body of an HTTP response whose content type is HTML (or not given); `None` for any
/// other response (an image, a redirect without a page).
fn http_payload(block: &[u8]) -> Option<&[u8]> {
    let end = memchr::memmem::find(block, b"\r\n\r\n")
        .map(|at| at + 4)
        .or_else(|| memchr::memmem::find(block, b"\n\n").map(|at| at + 2))?;
    let head = String::from_utf8_lossy(block.get(..end)?).to_ascii_lowercase();
    let html = head
        .lines()
        .find_map(|line| line.strip_prefix("content-type:"))
        .is_none_or(|value| value.contains("html"));
    html.then(|| block.get(end..)).flatten()
}

/// The message for a page or text that is not UTF-8.
fn not_utf8(error: std::str::Utf8Error) -> String {
    format!(
        "not UTF-8 (invalid byte at byte {} of the record's content); only UTF-8 pages are \
         read",
        error.valid_up_to()
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::corpus::FieldMap;
    use std::path::Path;

    /// A WARC record as crawlers write it.
    fn record(kind: &str, uri: &str, block: &str) -> String {
        format!(
            "WARC/1.1\r\nWARC-Type: {kind}\r\nWARC-Target-URI: {uri}\r\nWARC-Date: \
             2024-06-19T08:00:00Z\r\nWARC-Record-ID: <urn:uuid:1>\r\nContent-Length: \
             {}\r\n\r\n{block}\r\n\r\n",
            block.len()
        )
    }

    #[test]
    fn conversion_records_are_documents_named_by_their_target() {
        let warcinfo = record("warcinfo", "", "software: test\r\n");
        let first = record(
            "conversion",
            "https://www.example.com/a",
            "Floods killed 12 people.\nSecond line.",
        );
        let input = format!("{warcinfo}{first}");
        let fields = FieldMap::default();
        let context = RecordContext {
            path: Path::new("c/crawl.wet"),
            root: Path::new("c"),
            fields: &fields,
            limit: 1 << 20,
        };
        let mut out = Vec::new();
        read(
            &context,
            Box::new(io::Cursor::new(input.clone().into_bytes())),
            &mut |item| out.push(item),
        )
        .map_err(|failure| failure.error)
        .expect("reads");
        assert_eq!(out.len(), 1);
        let article = out.remove(0).expect("a document");
        assert_eq!(
            article.record.map(|place| place.to_string()),
            Some(format!("offset {}", warcinfo.len()))
        );
        assert_eq!(article.source, "example.com");
        assert_eq!(article.url.as_deref(), Some("https://www.example.com/a"));
        assert_eq!(
            article.published.map(|d| d.to_string()).as_deref(),
            Some("2024-06-19")
        );
        assert_eq!(article.body(), "Floods killed 12 people.\nSecond line.");
    }

    #[test]
    fn an_http_payload_is_read_only_when_it_is_html() {
        assert_eq!(
            http_payload(b"HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\n\r\n<p>x"),
            Some(&b"<p>x"[..])
        );
        assert_eq!(
            http_payload(b"HTTP/1.1 200 OK\r\nContent-Type: image/png\r\n\r\n\x89PNG"),
            None
        );
        assert_eq!(http_payload(b"no header end"), None);
    }
}
