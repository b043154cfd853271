//! Text as it is laid out: the bundled corpus and the English corpus hard-wrapped at a width,
//! made at test time, give the same report as the originals — the same verdicts, values,
//! qualifiers and evidence, each value at the `file:line` where its first character now is.
//!
//! Wrapping replaces a space by a line break, so byte offsets are unchanged and the line of a
//! value in the wrapped file is found by counting the breaks before its offset.

use assert_cmd::Command;
use serde_json::Value as Json;
use std::path::{Path, PathBuf};

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// `text` with each body line wrapped greedily at `width` characters (front matter kept):
/// the space before a word that would pass the width becomes a line break.
fn hard_wrapped(text: &str, width: usize) -> String {
    let mut out = String::with_capacity(text.len());
    let mut fences = 0;
    for line in text.split_inclusive('\n') {
        if line.trim_end() == "---" && fences < 2 {
            fences += 1;
            out.push_str(line);
            continue;
        }
        if fences < 2 {
            out.push_str(line);
            continue;
        }
        let mut column = 0;
        for (index, word) in line.split(' ').enumerate() {
            let chars = word.trim_end_matches('\n').chars().count();
            if index > 0 {
                if column > 0 && column + 1 + chars > width {
                    out.push('\n');
                    column = 0;
                } else {
                    out.push(' ');
                    column += 1;
                }
            }
            out.push_str(word);
            column += chars;
        }
    }
    out
}

/// The JSON report of `corpus` against `claims`, run from `dir`.
fn report(dir: &Path, corpus: &Path, claims: &Path) -> Json {
    let output = Command::cargo_bin("crosscheck")
        .expect("binary")
        .current_dir(dir)
        .args(["report", "--format", "json", "--corpus"])
        .arg(corpus)
        .arg("--claims")
        .arg(claims)
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    serde_json::from_slice(&output).expect("JSON")
}

/// Byte offset of 1-based `line` and character `column` in `text`.
fn offset_of(text: &str, line: u64, column: u64) -> usize {
    let line_start: usize = text
        .split_inclusive('\n')
        .take(usize::try_from(line).expect("line") - 1)
        .map(str::len)
        .sum();
    let within = text[line_start..]
        .char_indices()
        .nth(usize::try_from(column).expect("column") - 1)
        .map_or(0, |(at, _)| at);
    line_start + within
}

fn file_name(observation: &Json) -> String {
    Path::new(observation["file"].as_str().expect("file"))
        .file_name()
        .expect("name")
        .to_string_lossy()
        .into_owned()
}

/// Writes `source`'s articles wrapped at `width` into a fresh corpus folder and checks the
/// report against the original's.
fn same_report_when_wrapped(source: &Path, claims: &Path, width: usize, least_lines: usize) {
    let original = report(&root(), source, claims);
    let dir = tempfile::tempdir().expect("temp dir");
    let corpus = dir.path().join("corpus");
    std::fs::create_dir(&corpus).expect("mkdir");
    let mut texts = std::collections::HashMap::new();
    let mut wrapped_lines = 0;
    for entry in std::fs::read_dir(source).expect("corpus") {
        let path = entry.expect("entry").path();
        let text = std::fs::read_to_string(&path).expect("article");
        let wrapped = hard_wrapped(&text, width);
        assert_eq!(wrapped.len(), text.len());
        wrapped_lines += wrapped.lines().count() - text.lines().count();
        let name = path
            .file_name()
            .expect("name")
            .to_string_lossy()
            .into_owned();
        std::fs::write(corpus.join(&name), &wrapped).expect("write");
        texts.insert(name, (text, wrapped));
    }
    assert!(wrapped_lines >= least_lines, "{wrapped_lines} lines added");
    let wrapped = report(dir.path(), &corpus, claims);

    let claims_of = |r: &Json| r["claims"].as_array().expect("claims").clone();
    let (before, after) = (claims_of(&original), claims_of(&wrapped));
    assert_eq!(before.len(), after.len());
    let mut values = 0;
    for (b, a) in before.iter().zip(&after) {
        let id = &b["id"];
        assert_eq!(b["id"], a["id"]);
        assert_eq!(b["verdict"], a["verdict"], "{id} at width {width}");
        let (bo, ao) = (
            b["observations"].as_array().expect("observations"),
            a["observations"].as_array().expect("observations"),
        );
        assert_eq!(bo.len(), ao.len(), "{id} at width {width}: {ao:#?}");
        for (o, w) in bo.iter().zip(ao) {
            for field in ["value", "qualifier", "evidence", "text"] {
                assert_eq!(o[field], w[field], "{id} {field} at width {width}");
            }
            let name = file_name(o);
            assert_eq!(name, file_name(w));
            let (text, wrapped_text) = &texts[&name];
            let line = o["line"].as_u64().expect("line");
            let column = o["column"].as_u64().expect("column");
            let at = offset_of(text, line, column);
            let wrapped_line = wrapped_text[..at].matches('\n').count() as u64 + 1;
            assert_eq!(
                w["line"].as_u64(),
                Some(wrapped_line),
                "{id}: {name}:{line} at width {width}"
            );
            values += 1;
        }
    }
    assert!(values > 5, "{values} values compared");
}

#[test]
fn bundled_corpus_hard_wrapped_gives_the_same_report() {
    for width in [60, 100] {
        same_report_when_wrapped(&root().join("corpus"), &root().join("claims"), width, 100);
    }
}

#[test]
fn english_corpus_hard_wrapped_gives_the_same_report() {
    let english = root().join("tests/data/english");
    for width in [60, 100] {
        same_report_when_wrapped(&english.join("corpus"), &english.join("claims"), width, 10);
    }
}
