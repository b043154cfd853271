//! The invariants every fuzz target and every property test checks, in one place.
//!
//! This file is compiled twice: by the `cargo fuzz` targets in `fuzz/fuzz_targets/` (nightly,
//! libFuzzer) and by `tests/properties.rs` (stable, proptest), each with
//! `#[path = "…/fuzz/invariants.rs"] mod invariants;`. So the two ways of running them can
//! never drift apart: a property found false by libFuzzer is the same property proptest checks
//! in CI, and a crash input from either becomes a plain regression test calling the same
//! function.
//!
//! Every check asserts — a violated invariant panics with a message naming it — and each one
//! also tolerates any input: the functions under test must never panic, whatever they get.

// Each user of this file calls only some of the checks (a fuzz target checks one stage).
#![allow(dead_code)]

use crosscheck::claims::parse_claims_str;
use crosscheck::corpus::parse_article;
use crosscheck::extract::{extract, extract_all, extract_text};
use crosscheck::normalize::{normalize, normalize_phrase};
use crosscheck::segment::{sentences, words};
use crosscheck::value::{Kind, PartialDate, Value, days_in_month};
use std::ops::Range;
use std::path::Path;

/// Reads up to four little-endian bytes of `bytes` from `at` as a number (missing bytes are
/// zero): fuzz targets take their ranges and switches from the input itself.
pub fn number_at(bytes: &[u8], at: usize) -> usize {
    (0..4).fold(0usize, |n, k| {
        n | usize::from(bytes.get(at + k).copied().unwrap_or(0)) << (8 * k)
    })
}

/// Normaliser: every folded byte maps back inside `input`, onto character boundaries, in
/// order; normalising twice changes nothing; the folded text of a phrase is the folded text
/// of the same words in an article; ranges that are out of bounds or not on boundaries are
/// answered, not a panic.
pub fn check_normalize(input: &str) {
    let folded = normalize(input);
    assert_eq!(
        folded.original_len(),
        input.len(),
        "original_len is the input's length"
    );
    let mut previous = 0..0;
    for (at, c) in folded.text.char_indices() {
        let range = folded.original_range(at..at + c.len_utf8());
        assert!(
            range.start <= range.end && range.end <= input.len(),
            "folded char {at} maps to {range:?}, outside the input of {} bytes",
            input.len()
        );
        assert!(
            input.is_char_boundary(range.start) && input.is_char_boundary(range.end),
            "folded char {at} maps to {range:?}, not on character boundaries of {input:?}"
        );
        assert!(
            range.start >= previous.start && range.end >= previous.end,
            "offsets go backwards at folded byte {at}: {previous:?} then {range:?}"
        );
        assert!(
            range.start < range.end,
            "folded char {at} comes from no original text ({range:?})"
        );
        previous = range;
        // Every byte of a folded character maps to the same original cluster start.
        for byte in at..at + c.len_utf8() {
            let offset = folded.original_offset(byte);
            assert!(
                offset <= input.len() && input.is_char_boundary(offset),
                "original_offset({byte}) = {offset} is not a boundary of the input"
            );
        }
    }
    assert_eq!(folded.original_offset(folded.text.len()), input.len());
    let whole = folded.original_range(0..folded.text.len());
    assert!(
        whole.end <= input.len(),
        "the whole text maps past the input"
    );
    // Any range at all, including reversed, out of bounds and inside a character.
    let len = folded.text.len();
    for (start, end) in [
        (0, len + 7),
        (len + 3, len + 9),
        (len, 0),
        (1, 2),
        (len / 2, len),
    ] {
        let range = folded.original_range(start..end);
        assert!(
            range.start <= range.end && range.end <= input.len(),
            "original_range({start}..{end}) = {range:?}"
        );
    }
    let twice = normalize(&folded.text);
    assert_eq!(
        twice.text, folded.text,
        "normalisation is not idempotent on {input:?}"
    );
    // Normalising normalised text maps every byte onto itself.
    for (at, c) in twice.text.char_indices() {
        let range = twice.original_range(at..at + c.len_utf8());
        assert!(
            range.start <= at && at + c.len_utf8() <= range.end,
            "normalised text maps folded char {at} to {range:?} when normalised again"
        );
    }
    assert_eq!(normalize_phrase(input), folded.text);
}

/// Asserts that `ranges` lie inside `outer` of `text`, on character boundaries, in order and
/// without overlapping, none empty.
fn assert_ordered_inside(text: &str, outer: &Range<usize>, ranges: &[Range<usize>], what: &str) {
    let mut previous_end = outer.start;
    for range in ranges {
        assert!(
            outer.start <= range.start && range.end <= outer.end,
            "{what} {range:?} is outside {outer:?}"
        );
        assert!(range.start < range.end, "{what} {range:?} is empty");
        assert!(
            range.start >= previous_end,
            "{what} {range:?} overlaps or precedes the one ending at {previous_end}"
        );
        assert!(
            text.is_char_boundary(range.start) && text.is_char_boundary(range.end),
            "{what} {range:?} is not on character boundaries"
        );
        previous_end = range.end;
    }
}

/// Segmenter: sentences, clauses and words of any text (raw and normalised) lie inside it,
/// in order, without overlapping, on character boundaries, with no white space at their
/// edges; `words` of a range that is out of bounds or inside a character is empty.
pub fn check_segment(input: &str) {
    let folded = normalize(input).text;
    for text in [input, folded.as_str()] {
        let all = 0..text.len();
        let found = sentences(text);
        let ranges: Vec<Range<usize>> = found.iter().map(|s| s.range.clone()).collect();
        assert_ordered_inside(text, &all, &ranges, "sentence");
        for sentence in &found {
            assert!(
                !sentence.clauses.is_empty(),
                "sentence {:?} has no clause",
                sentence.range
            );
            assert_ordered_inside(text, &sentence.range, &sentence.clauses, "clause");
            for clause in &sentence.clauses {
                let slice = &text[clause.clone()];
                assert_eq!(
                    slice.trim(),
                    slice,
                    "clause {clause:?} has white space at an edge"
                );
                let found_words = words(text, clause.clone());
                assert_ordered_inside(text, clause, &found_words, "word");
            }
        }
        let every_word = words(text, all.clone());
        assert_ordered_inside(text, &all, &every_word, "word");
        for word in &every_word {
            let slice = &text[word.clone()];
            assert!(
                !slice.chars().any(char::is_whitespace),
                "word {word:?} = {slice:?} holds white space"
            );
        }
    }
    let len = input.len();
    for range in [len..len + 1, 1..len, len / 2..len / 2 + 1, 0..len + 1] {
        let found = words(input, range.clone());
        if input.get(range.clone()).is_none() {
            assert!(found.is_empty(), "words of the invalid range {range:?}");
        } else {
            assert_ordered_inside(input, &range, &found, "word");
        }
    }
}

/// Asserts that an extracted value is one a report can print and compare; `text` is the
/// value as quoted (a negative quantity quotes its sign).
fn assert_sane_value(value: &Value, text: &str) {
    match value {
        Value::Quantity(q) => {
            assert!(q.is_finite(), "quantity {q} from {text:?} is not finite");
            let signed = ["-", "\u{2212}", "minus", "negative", "سالب"]
                .iter()
                .any(|sign| text.contains(sign));
            assert!(
                *q >= 0.0 || signed,
                "quantity {q} from {text:?} is negative without a sign"
            );
        }
        Value::Range(low, high) => {
            assert!(
                low.is_finite() && high.is_finite() && low < high,
                "range {low}..{high} from {text:?} is not finite and ordered"
            );
            assert_sane_value(&Value::Quantity(*low), text);
            assert_sane_value(&Value::Quantity(*high), text);
        }
        Value::Year(year) => assert!(
            (1000..=2100).contains(year),
            "year {year} from {text:?} is outside 1000..=2100"
        ),
        Value::Date(date) => assert_sane_date(date, text),
        Value::Choice(label) => panic!("extract gave a choice {label:?} from {text:?}"),
    }
}

fn assert_sane_date(date: &PartialDate, text: &str) {
    if let Some(year) = date.year {
        assert!((1..=9999).contains(&year), "date year {year} from {text:?}");
    }
    match (date.month, date.day) {
        (None, None) => assert!(
            date.year.is_some(),
            "a date with nothing in it from {text:?}"
        ),
        (None, Some(day)) => panic!("a day {day} without a month from {text:?}"),
        (Some(month), day) => {
            assert!((1..=12).contains(&month), "month {month} from {text:?}");
            if let Some(day) = day {
                let last = days_in_month(month, date.year);
                assert!(
                    (1..=last).contains(&day),
                    "day {day} of month {month} ({:?}) from {text:?}",
                    date.year
                );
            }
        }
    }
}

/// Extractors: `extract_text` for `kind` (`None`: every kind, as `crosscheck extract` without
/// `--kind`) gives spans inside the input (character offsets, the quoted text being exactly
/// those characters) and sane values of the kind asked for; `extract` (or `extract_all`) on
/// `ranges` of the normalised text — which need not be on boundaries or in bounds — never
/// panics and gives spans inside the range.
pub fn check_extract(input: &str, kind: Option<Kind>, ranges: &[Range<usize>]) {
    let chars: Vec<usize> = input.char_indices().map(|(at, _)| at).collect();
    let char_count = chars.len();
    let byte_of = |index: usize| chars.get(index).copied().unwrap_or(input.len());
    let found = extract_text(input, kind);
    if kind == Some(Kind::Choice) {
        assert!(found.is_empty(), "choices are not extracted from text");
    }
    let mut previous_start = 0;
    for value in &found {
        assert!(
            value.start < value.end && value.end <= char_count,
            "span {}..{} is empty or outside the {char_count} characters of {input:?}",
            value.start,
            value.end
        );
        assert!(
            value.start >= previous_start,
            "values out of text order in {input:?}"
        );
        previous_start = value.start;
        let quoted = &input[byte_of(value.start)..byte_of(value.end)];
        assert_eq!(
            quoted, value.text,
            "`text` is not the characters start..end"
        );
        if let Some(kind) = kind {
            assert_eq!(value.kind, kind, "asked for {kind:?}, got {:?}", value.kind);
        }
        assert_eq!(value.kind, value.value.kind());
        assert_eq!(
            value.qualifier.is_some(),
            value.kind == Kind::Quantity,
            "a qualifier belongs to quantities only"
        );
        assert_sane_value(&value.value, &value.text);
        // The JSON line is valid JSON with the same offsets.
        let line: serde_json::Value = serde_json::from_str(&value.to_json_line())
            .unwrap_or_else(|error| panic!("invalid JSON line for {value:?}: {error}"));
        assert_eq!(line["start"], value.start);
        assert_eq!(line["end"], value.end);
        assert_eq!(line["text"], value.text.as_str());
    }
    let folded = normalize(input).text;
    for range in ranges
        .iter()
        .cloned()
        .chain(std::iter::once(0..folded.len()))
    {
        let valid = folded.get(range.clone()).is_some();
        let extractions = match kind {
            Some(kind) => extract(&folded, range.clone(), kind),
            None => extract_all(&folded, range.clone()),
        };
        if !valid || kind == Some(Kind::Choice) {
            assert!(
                extractions.is_empty(),
                "values found in {range:?} for {kind:?}"
            );
        }
        for extraction in &extractions {
            let span = &extraction.span;
            assert!(
                range.start <= span.start && span.start < span.end && span.end <= range.end,
                "span {span:?} outside the range {range:?}"
            );
            assert!(
                folded.is_char_boundary(span.start) && folded.is_char_boundary(span.end),
                "span {span:?} not on character boundaries"
            );
            if let Some(kind) = kind {
                assert_eq!(extraction.value.kind(), kind);
            }
            assert_sane_value(
                &extraction.value,
                folded.get(span.clone()).unwrap_or_default(),
            );
        }
    }
}

/// Article loading: any bytes give an article or a reason to skip, never a panic. An article
/// keeps the file's text exactly (less a UTF-8 byte-order mark), its body starts on a
/// character boundary, and `line_col`/`char_offset` agree with counting by hand (lines break
/// at `\n`, `\r\n` and a lone `\r`; columns count characters), also past 1 KiB checkpoints.
pub fn check_article(bytes: &[u8]) {
    let path = Path::new("corpus/fuzz.txt");
    let result = parse_article(path, Path::new("corpus"), bytes.to_vec());
    let article = match result {
        Ok(article) => article,
        Err(reason) => {
            let message = reason.to_string();
            assert!(
                message.starts_with("corpus/fuzz.txt: skipped: "),
                "skip message {message:?} does not name the file"
            );
            let is_text = std::str::from_utf8(bytes).is_ok() && !bytes.contains(&0);
            let wide_bom = [&b"\xFF\xFE"[..], b"\xFE\xFF", b"\x00\x00\xFE\xFF"]
                .iter()
                .any(|bom| bytes.starts_with(bom));
            assert!(
                !is_text || wide_bom,
                "valid UTF-8 text was skipped: {message}"
            );
            return;
        }
    };
    let without_bom = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    assert_eq!(
        article.text.as_bytes(),
        without_bom,
        "the text is not the file's bytes"
    );
    assert_eq!(article.had_bom, without_bom.len() != bytes.len());
    assert!(
        article.text.is_char_boundary(article.body_start),
        "body_start {} is not a character boundary",
        article.body_start
    );
    assert!(article.text.ends_with(article.body()));
    assert_eq!(article.relative, Path::new("fuzz.txt"));
    assert!(!article.source.trim().is_empty(), "an empty source");
    if let Some(published) = &article.published {
        assert_sane_date(published, "front matter");
    }
    for warning in &article.warnings {
        assert!(
            warning.starts_with("corpus/fuzz.txt:"),
            "warning {warning:?} names no file"
        );
    }
    // Line and column by hand, at every character boundary (and every byte for short texts).
    let text = &article.text;
    let mut line = 1;
    let mut column = 1;
    let mut characters = 0;
    let mut expected = Vec::with_capacity(text.len() + 1);
    let mut iter = text.char_indices().peekable();
    while let Some((at, c)) = iter.next() {
        expected.push((at, line, column, characters));
        characters += 1;
        let lone_cr = c == '\r' && iter.peek().map(|&(_, next)| next) != Some('\n');
        if c == '\n' || lone_cr {
            line += 1;
            column = 1;
        } else {
            column += 1;
        }
    }
    expected.push((text.len(), line, column, characters));
    assert_eq!(article.line_count(), line, "line_count");
    // Long texts are sampled (every lookup counts up to a checkpoint), short ones checked whole.
    let step = (expected.len() / 4096).max(1);
    for &(at, line, column, characters) in expected.iter().step_by(step).chain(expected.last()) {
        assert_eq!(article.line_col(at), (line, column), "line_col({at})");
        assert_eq!(article.char_offset(at), characters, "char_offset({at})");
    }
    // Offsets inside a character are taken as that character; past the end, as the end.
    let mut last_boundary = 0;
    for at in 0..=text.len().min(4096) {
        if text.is_char_boundary(at) {
            last_boundary = at;
        }
        assert_eq!(
            article.line_col(at),
            article.line_col(last_boundary),
            "line_col({at}) inside a character"
        );
    }
    assert_eq!(article.line_col(text.len() + 100), (line, column));
}

/// Claims loader: any text gives claims or errors, never a panic; every error has a place
/// (line and column from 1), a message and a help line, and renders; every claim loaded
/// satisfies the schema's promises.
pub fn check_claims(text: &str) {
    let path = Path::new("claims/fuzz.yaml");
    match parse_claims_str(path, text) {
        Ok(claims) => {
            assert!(
                !claims.is_empty(),
                "a valid claim file holds at least one claim"
            );
            for claim in &claims {
                assert!(
                    !claim.id.is_empty()
                        && claim
                            .id
                            .chars()
                            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-'),
                    "id {:?} is not [a-z0-9-]+",
                    claim.id
                );
                assert!(
                    !claim.anchors.is_empty(),
                    "claim {} has no anchor",
                    claim.id
                );
                assert!(claim.anchors.iter().all(|a| !a.trim().is_empty()));
                assert!(
                    (0.0..=1.0).contains(&claim.threshold),
                    "threshold {}",
                    claim.threshold
                );
                assert!(claim.line >= 1);
                assert_eq!(claim.choices.is_empty(), claim.kind != Kind::Choice);
                if let Some(expected) = &claim.expected {
                    assert_eq!(expected.kind(), claim.kind, "expected of another kind");
                }
            }
        }
        Err(errors) => {
            assert!(!errors.is_empty(), "an error without a problem");
            for error in &errors.errors {
                assert!(
                    error.line >= 1 && error.column >= 1,
                    "error without a position: {error:?}"
                );
                assert!(!error.message.trim().is_empty(), "error without a message");
                assert!(
                    error.help.as_deref().is_some_and(|h| !h.trim().is_empty()),
                    "error without help: {error:?}"
                );
                // YAML breaks lines at `\n`, `\r\n` and a lone `\r`.
                let lines = text.replace("\r\n", "\n").split(['\n', '\r']).count();
                assert!(
                    error.line <= lines + 1,
                    "line {} past the end ({lines})",
                    error.line
                );
                let rendered = error.to_string();
                let place = format!("claims/fuzz.yaml:{}:{}", error.line, error.column);
                assert!(
                    rendered.contains(&place),
                    "{rendered:?} does not show {place}"
                );
            }
            let _ = errors.to_string();
        }
    }
}
