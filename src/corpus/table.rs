//! CSV (`.csv`) and TSV (`.tsv`): a header row naming the columns, then one document a row.
//!
//! Columns are found by their header names through [`super::FieldMap`] (by default `text`,
//! `url`, `source`, `published`, `language`, `title`); quoted fields may hold commas, tabs
//! and line breaks (RFC 4180). A row's place is its row number counting the header as row 1,
//! as a spreadsheet shows it (`articles.csv: row 2` is the first article). A row that is not
//! UTF-8 or has an empty text cell is skipped with a warning naming the file and row; the
//! rows after it are read as usual. Rows stream one at a time.

use std::io::BufRead;

use super::jsonl::quoted_list;
use super::records::{
    Names, ReadFailure, RecordContext, RecordPlace, RecordUnit, bad_record, record_article,
};
use super::{Article, SkipReason};

/// Reads every row of `reader`, emitting each document or skipped row in order.
pub(super) fn read(
    context: &RecordContext<'_>,
    reader: Box<dyn BufRead + Send>,
    delimiter: u8,
    emit: &mut dyn FnMut(Result<Article, SkipReason>),
) -> Result<(), ReadFailure> {
    let mut rows = csv::ReaderBuilder::new()
        .delimiter(delimiter)
        .flexible(true)
        .has_headers(false)
        .from_reader(reader);
    let mut record = csv::ByteRecord::new();
    let mut have_header = false;
    let mut columns = Columns::default();
    let mut row: u64 = 0;
    loop {
        match rows.read_byte_record(&mut record) {
            Ok(false) => return Ok(()),
            Ok(true) => {}
            Err(error) => {
                let place = RecordPlace {
                    number: row + 1,
                    unit: RecordUnit::Row,
                };
                if let csv::ErrorKind::Io(_) = error.kind() {
                    let csv::ErrorKind::Io(io) = error.into_kind() else {
                        unreachable!("matched just above")
                    };
                    return Err(ReadFailure {
                        after: (row > 0).then_some(RecordPlace {
                            number: row,
                            unit: RecordUnit::Row,
                        }),
                        error: io,
                    });
                }
                row += 1;
                emit(Err(bad_record(
                    context.path,
                    place,
                    format!("malformed CSV ({error}); fix the row or remove it"),
                )));
                continue;
            }
        }
        row += 1;
        let place = RecordPlace {
            number: row,
            unit: RecordUnit::Row,
        };
        if !have_header {
            let mut names = Vec::with_capacity(record.len());
            for (index, cell) in record.iter().enumerate() {
                let cell = if index == 0 {
                    cell.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(cell)
                } else {
                    cell
                };
                names.push(String::from_utf8_lossy(cell).trim().to_owned());
            }
            columns = Columns::find(&names, context);
            if columns.text.is_none() {
                // Without a text column no row can be read: one warning says so.
                emit(Err(bad_record(
                    context.path,
                    place,
                    format!(
                        "the header has no text column (looked for {}); name it with \
                         --field text=NAME; the file is not read",
                        quoted_list(&context.fields.text)
                    ),
                )));
                return Ok(());
            }
            have_header = true;
            continue;
        }
        emit(document(context, &columns, place, &record));
    }
}

/// Which column holds what.
#[derive(Default)]
struct Columns {
    text: Option<usize>,
    url: Option<usize>,
    source: Option<usize>,
    published: Option<usize>,
    language: Option<usize>,
    title: Option<usize>,
}

impl Columns {
    fn find(header: &[String], context: &RecordContext<'_>) -> Columns {
        let find = |fields: &[String]| {
            fields
                .iter()
                .find_map(|field| header.iter().position(|name| name == field))
        };
        let fields = context.fields;
        Columns {
            text: find(&fields.text),
            url: find(&fields.url),
            source: find(&fields.source),
            published: find(&fields.published),
            language: find(&fields.language),
            title: find(&fields.title),
        }
    }
}

/// The document of one row, or why it is skipped.
fn document(
    context: &RecordContext<'_>,
    columns: &Columns,
    place: RecordPlace,
    record: &csv::ByteRecord,
) -> Result<Article, SkipReason> {
    let bad = |problem: String| bad_record(context.path, place, problem);
    let size: usize = record.as_slice().len();
    if size as u64 > context.limit {
        return Err(bad(format!(
            "{size} bytes is over the limit of {} bytes for one article; raise it with \
             --max-article-bytes",
            context.limit
        )));
    }
    let cell = |column: Option<usize>| -> Result<Option<String>, SkipReason> {
        let Some(bytes) = column.and_then(|column| record.get(column)) else {
            return Ok(None);
        };
        match std::str::from_utf8(bytes) {
            Ok(text) if text.trim().is_empty() => Ok(None),
            Ok(text) => Ok(Some(text.to_owned())),
            Err(error) => Err(bad(format!(
                "not UTF-8 (byte 0x{:02X} in a cell); convert the file to UTF-8, e.g. {}",
                bytes.get(error.valid_up_to()).copied().unwrap_or(0),
                super::legacy::guess(bytes).iconv()
            ))),
        }
    };
    let Some(text) = cell(columns.text)? else {
        return Err(bad(
            "the text cell is empty or missing; fill it or remove the row".to_owned(),
        ));
    };
    let names = Names {
        url: cell(columns.url)?,
        source: cell(columns.source)?,
        published: cell(columns.published)?,
        language: cell(columns.language)?,
        title: cell(columns.title)?,
    };
    Ok(record_article(
        context.path,
        context.root,
        place,
        text,
        names,
    ))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::corpus::FieldMap;
    use std::path::Path;

    fn read_all(input: &[u8], delimiter: u8) -> Vec<String> {
        let fields = FieldMap::default();
        let context = RecordContext {
            path: Path::new("c/a.csv"),
            root: Path::new("c"),
            fields: &fields,
            limit: 1000,
        };
        let mut out = Vec::new();
        let reader: Box<dyn BufRead + Send> = Box::new(std::io::Cursor::new(input.to_vec()));
        read(&context, reader, delimiter, &mut |item| {
            out.push(match item {
                Ok(article) => format!(
                    "{}|{}|{:?}|{}",
                    article.record.expect("a record"),
                    article.source,
                    article.url,
                    article.body()
                ),
                Err(reason) => reason.to_string(),
            });
        })
        .map_err(|failure| failure.error)
        .expect("reads");
        out
    }

    #[test]
    fn each_row_is_a_document_quoted_cells_keep_commas_and_line_breaks() {
        let input = "\u{FEFF}url,text,source\n\
                     https://x.org/1,\"قتل 5 أشخاص، و\nجرح 7\",Reuters\n\
                     https://x.org/2,,AP\n\
                     https://x.org/4,fine\n";
        assert_eq!(
            read_all(input.as_bytes(), b','),
            vec![
                "row 2|Reuters|Some(\"https://x.org/1\")|قتل 5 أشخاص، و\nجرح 7".to_owned(),
                "c/a.csv: row 3: skipped: the text cell is empty or missing; fill it or remove the row".to_owned(),
                "row 4|x.org|Some(\"https://x.org/4\")|fine".to_owned(),
            ]
        );
    }

    #[test]
    fn a_row_that_is_not_utf8_is_skipped_and_the_next_is_read() {
        let mut input = b"text\ttitle\n".to_vec();
        input.extend_from_slice(b"\xC7\xE1\xDE\xCA\xE1\tx\n");
        input.extend_from_slice(b"ok\ty\n");
        assert_eq!(
            read_all(&input, b'\t'),
            vec![
                "c/a.csv: row 2: skipped: not UTF-8 (byte 0xC7 in a cell); convert the file to UTF-8, e.g. iconv -f WINDOWS-1256 -t UTF-8 for Arabic Windows text".to_owned(),
                "row 3|a row 3|None|ok".to_owned(),
            ]
        );
    }

    #[test]
    fn a_header_without_a_text_column_is_one_warning() {
        assert_eq!(
            read_all(b"headline,url\nA,https://x.org\n", b','),
            vec![
                "c/a.csv: row 1: skipped: the header has no text column (looked for `text`, `body` or `content`); name it with --field text=NAME; the file is not read".to_owned()
            ]
        );
    }
}
