//! JSON Lines (`.jsonl`, `.ndjson`): one JSON object a line, one document an object.
//!
//! The text and names come from the fields [`super::FieldMap`] names (by default `text`,
//! `url`, `source`, `published`, `language`, `title`); a record's place is its line
//! (`articles.jsonl: line 12`). Blank lines are passed over. A line that is not a JSON
//! object, has no text field, or is longer than the article limit is skipped with a warning
//! naming the file and line; the lines after it are read as usual. Lines are read one at a
//! time, so a file of any size streams.

use std::io::{self, BufRead, Read};

use serde_json::{Map, Value};

use super::records::{
    FieldMap, Names, ReadFailure, RecordContext, RecordPlace, RecordUnit, bad_record,
    record_article,
};
use super::{Article, SkipReason};

/// Reads every line of `reader`, emitting each document or skipped record in order.
pub(super) fn read(
    context: &RecordContext<'_>,
    mut reader: Box<dyn BufRead + Send>,
    emit: &mut dyn FnMut(Result<Article, SkipReason>),
) -> Result<(), ReadFailure> {
    let mut line = Vec::new();
    let mut number: u64 = 0;
    loop {
        line.clear();
        let place = RecordPlace {
            number: number + 1,
            unit: RecordUnit::Line,
        };
        let read = (&mut reader)
            .take(context.limit.saturating_add(1))
            .read_until(b'\n', &mut line)
            .map_err(|error| failure(number, error))?;
        if read == 0 {
            return Ok(());
        }
        number += 1;
        if line.last() != Some(&b'\n') && line.len() as u64 > context.limit {
            skip_rest_of_line(&mut reader).map_err(|error| failure(number - 1, error))?;
            emit(Err(bad_record(
                context.path,
                place,
                format!(
                    "longer than the limit of {} bytes for one article; raise it with \
                     --max-article-bytes",
                    context.limit
                ),
            )));
            continue;
        }
        let mut content = line.as_slice();
        if number == 1 {
            content = content.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(content);
        }
        if content.trim_ascii().is_empty() {
            continue;
        }
        emit(document(context, place, content));
    }
}

/// A read error after `lines` whole lines.
fn failure(lines: u64, error: io::Error) -> ReadFailure {
    ReadFailure {
        after: (lines > 0).then_some(RecordPlace {
            number: lines,
            unit: RecordUnit::Line,
        }),
        error,
    }
}

/// Reads and drops bytes up to and including the next line break.
fn skip_rest_of_line(reader: &mut dyn BufRead) -> io::Result<()> {
    loop {
        let buffer = reader.fill_buf()?;
        if buffer.is_empty() {
            return Ok(());
        }
        if let Some(at) = memchr::memchr(b'\n', buffer) {
            reader.consume(at + 1);
            return Ok(());
        }
        let all = buffer.len();
        reader.consume(all);
    }
}

/// The document of one line, or why it is skipped.
fn document(
    context: &RecordContext<'_>,
    place: RecordPlace,
    line: &[u8],
) -> Result<Article, SkipReason> {
    let bad = |problem: String| bad_record(context.path, place, problem);
    let mut object: Map<String, Value> = match serde_json::from_slice(line) {
        Ok(Value::Object(object)) => object,
        Ok(other) => {
            return Err(bad(format!(
                "a JSON {} where an object was expected; write one object a line",
                json_kind(&other)
            )));
        }
        Err(error) => {
            return Err(bad(format!(
                "malformed JSON ({}); fix the line or remove it",
                strip_position(&error)
            )));
        }
    };
    let fields: &FieldMap = context.fields;
    let Some(text) = take_text(&mut object, &fields.text) else {
        return Err(bad(format!(
            "no text field (looked for {}); name the field with --field text=NAME",
            quoted_list(&fields.text)
        )));
    };
    let names = Names {
        url: take_text(&mut object, &fields.url),
        source: take_text(&mut object, &fields.source),
        published: take_text(&mut object, &fields.published),
        language: take_text(&mut object, &fields.language),
        title: take_text(&mut object, &fields.title),
    };
    Ok(record_article(
        context.path,
        context.root,
        place,
        text,
        names,
    ))
}

/// The string value of the first of `fields` that `object` has as a string (moved out, not
/// copied); `None` when none has one.
fn take_text(object: &mut Map<String, Value>, fields: &[String]) -> Option<String> {
    fields.iter().find_map(|field| match object.get_mut(field) {
        Some(Value::String(text)) => Some(std::mem::take(text)),
        _ => None,
    })
}

/// `` `a`, `b` or `c` `` for messages.
pub(super) fn quoted_list(fields: &[String]) -> String {
    let quoted: Vec<String> = fields.iter().map(|field| format!("`{field}`")).collect();
    match quoted.split_last() {
        Some((last, rest)) if !rest.is_empty() => format!("{} or {last}", rest.join(", ")),
        _ => quoted.join(""),
    }
}

/// What kind of JSON value this is, for messages.
fn json_kind(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "boolean",
        Value::Number(_) => "number",
        Value::String(_) => "string",
        Value::Array(_) => "array",
        Value::Object(_) => "object",
    }
}

/// serde_json's message with its `at line 1 column N` turned into `at column N` (the line is
/// the record's).
fn strip_position(error: &serde_json::Error) -> String {
    let message = error.to_string();
    match message.rsplit_once(" at line ") {
        Some((what, _)) => format!("{what} at column {}", error.column()),
        None => message,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::Path;

    fn read_all(input: &str, limit: u64) -> Vec<Result<Article, SkipReason>> {
        let fields = FieldMap::default();
        let context = RecordContext {
            path: Path::new("c/a.jsonl"),
            root: Path::new("c"),
            fields: &fields,
            limit,
        };
        let mut out = Vec::new();
        let reader: Box<dyn BufRead + Send> = Box::new(io::Cursor::new(input.as_bytes().to_vec()));
        read(&context, reader, &mut |item| out.push(item))
            .map_err(|failure| failure.error)
            .expect("reads");
        out
    }

    #[test]
    fn each_line_is_a_document_and_a_bad_line_hides_nothing_after_it() {
        let input = "{\"text\": \"قتل 5 أشخاص\", \"source\": \"Reuters\", \"url\": \"https://x.org/1\", \"published\": \"2024-06-19T08:00:00Z\", \"lang\": \"ar\", \"title\": \"T\"}\n\
                     \n\
                     {\"text\": broken}\n\
                     [1, 2]\n\
                     {\"body\": \"Second\"}\r\n\
                     {\"headline\": \"no text\"}\n\
                     {\"text\": \"" .to_owned()
            + &"x".repeat(250)
            + "\"}\n{\"content\": \"last\", \"url\": \"https://www.bbc.co.uk/n\"}";
        let out = read_all(&input, 200);
        let shown: Vec<String> = out
            .iter()
            .map(|item| match item {
                Ok(article) => format!(
                    "{}|{}|{:?}|{:?}|{:?}|{:?}|{}",
                    article.record.expect("a record"),
                    article.source,
                    article.url,
                    article.published.map(|date| date.to_string()),
                    article.language,
                    article.title,
                    article.body()
                ),
                Err(reason) => reason.to_string(),
            })
            .collect();
        assert_eq!(
            shown,
            vec![
                "line 1|Reuters|Some(\"https://x.org/1\")|Some(\"2024-06-19\")|Some(\"ar\")|Some(\"T\")|قتل 5 أشخاص".to_owned(),
                "c/a.jsonl: line 3: skipped: malformed JSON (expected value at column 10); fix the line or remove it".to_owned(),
                "c/a.jsonl: line 4: skipped: a JSON array where an object was expected; write one object a line".to_owned(),
                "line 5|a line 5|None|None|None|None|Second".to_owned(),
                "c/a.jsonl: line 6: skipped: no text field (looked for `text`, `body` or `content`); name the field with --field text=NAME".to_owned(),
                "c/a.jsonl: line 7: skipped: longer than the limit of 200 bytes for one article; raise it with --max-article-bytes".to_owned(),
                "line 8|bbc.co.uk|Some(\"https://www.bbc.co.uk/n\")|None|None|None|last".to_owned(),
            ]
        );
    }

    #[test]
    fn a_date_that_is_not_one_is_a_warning_on_the_document() {
        let out = read_all("{\"text\": \"a\", \"date\": \"yesterday\"}\n", 1000);
        let article = out[0].as_ref().expect("a document");
        assert_eq!(article.published, None);
        assert_eq!(article.warnings.len(), 1);
        assert!(
            article.warnings[0]
                .starts_with("c/a.jsonl: line 1: `published` value `yesterday` is not a date"),
            "{}",
            article.warnings[0]
        );
    }
}
