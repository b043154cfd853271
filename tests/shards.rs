//! `crosscheck scan --shard K/N --emit FILE` and `report --from` / `check --from`: the merged
//! report is byte for byte the report of one scan, in every format, on a small corpus with a
//! copy of an article, a file that cannot be read, a warning, a JSON Lines file of several
//! records and claims of every kind; and every refusal names what is wrong.

use assert_cmd::Command;
use std::fs;
use std::path::{Path, PathBuf};

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// `crosscheck ARGS` run in `dir`, colour off, a fixed width; (exit status, stdout, stderr).
fn run(dir: &Path, args: &[&str]) -> (i32, Vec<u8>, String) {
    let output = Command::cargo_bin("crosscheck")
        .expect("binary builds")
        .current_dir(dir)
        .env("NO_COLOR", "1")
        .env("COLUMNS", "100")
        .args(args)
        .output()
        .expect("crosscheck runs");
    (
        output.status.code().unwrap_or(-1),
        output.stdout,
        String::from_utf8_lossy(&output.stderr).into_owned(),
    )
}

fn copy_dir(from: &Path, to: &Path) {
    fs::create_dir_all(to).expect("folder");
    for entry in fs::read_dir(from).expect("readable") {
        let entry = entry.expect("entry");
        if entry.path().is_file() {
            fs::copy(entry.path(), to.join(entry.file_name())).expect("copy");
        }
    }
}

/// A scratch folder with `claims/` (the bundled claims) and `corpus/`: the bundled articles,
/// a copy of one of them, a binary file (skipped), an article with a bad `published` date (a
/// warning), a JSON Lines file of three records, and the English test corpus.
fn scratch() -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("temp dir");
    copy_dir(&root().join("claims"), &dir.path().join("claims"));
    let corpus = dir.path().join("corpus");
    copy_dir(&root().join("corpus"), &corpus);
    copy_dir(
        &root().join("tests/data/english/corpus"),
        &corpus.join("english"),
    );
    let first = fs::read_dir(root().join("corpus"))
        .expect("corpus")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|e| e == "txt"))
        .min()
        .expect("an article");
    fs::copy(&first, corpus.join("zz_copy.txt")).expect("copy");
    fs::write(corpus.join("binary.txt"), b"abc\0def").expect("write");
    fs::write(
        corpus.join("dated.txt"),
        "---\nsource: Gulf Post\npublished: 2023-13-45\n---\nزار بوتين بيونغ يانغ عام 2000.\n",
    )
    .expect("write");
    fs::write(
        corpus.join("feed.jsonl"),
        "{\"text\":\"Kim arrived at the Vostochny Cosmodrome, about 6,000 km from Moscow.\",\"source\":\"Wire A\"}\n\
         {\"text\":\"The cosmodrome lies some 5,500 km east of Moscow.\",\"source\":\"Wire B\"}\n\
         not json\n",
    )
    .expect("write");
    dir
}

const FORMATS: &[&str] = &[
    "json",
    "table",
    "markdown",
    "junit",
    "sarif",
    "github",
    "claimreview",
];

fn emit_shards(dir: &Path, count: usize) -> Vec<String> {
    (1..=count)
        .map(|k| {
            let file = format!("shard-{k}.jsonl");
            let (code, _, stderr) = run(
                dir,
                &[
                    "scan",
                    "--shard",
                    &format!("{k}/{count}"),
                    "--emit",
                    &file,
                    "--jobs",
                    "2",
                ],
            );
            assert_eq!(code, 0, "scan --shard {k}/{count}: {stderr}");
            file
        })
        .collect()
}

#[test]
fn four_shards_merge_into_the_report_of_one_scan_in_every_format() {
    let dir = scratch();
    let dir = dir.path();
    let mut shards = emit_shards(dir, 4);
    // The order the files are given in does not matter.
    shards.reverse();
    for format in FORMATS {
        let (code, single, single_err) = run(dir, &["report", "--format", format]);
        assert_eq!(code, 0, "{single_err}");
        let mut args = vec!["report", "--format", format, "--from"];
        args.extend(shards.iter().map(String::as_str));
        let (code, merged, merged_err) = run(dir, &args);
        assert_eq!(code, 0, "{merged_err}");
        assert!(
            single == merged,
            "--format {format} differs:\n--- single\n{}\n--- merged\n{}",
            String::from_utf8_lossy(&single),
            String::from_utf8_lossy(&merged)
        );
        assert_eq!(single_err, merged_err, "the warnings differ ({format})");
    }
    // The corpus has what the merge must carry over: a copy, a skipped file, a warning.
    let (_, json, _) = run(dir, &["report", "--format", "json"]);
    let json: serde_json::Value = serde_json::from_slice(&json).expect("JSON");
    assert_eq!(
        json["corpus"]["duplicates"].as_array().map(Vec::len),
        Some(1)
    );
    assert!(
        json["corpus"]["skipped"]
            .as_array()
            .is_some_and(|s| s.len() >= 2)
    );
}

#[test]
fn check_from_shards_fails_and_prints_as_check_does() {
    let dir = scratch();
    let dir = dir.path();
    let shards = emit_shards(dir, 3);
    for fail_on in ["conflict", "conflict,single,unstated,missing"] {
        let single = run(dir, &["check", "--fail-on", fail_on]);
        let mut args = vec!["check", "--fail-on", fail_on, "--from"];
        args.extend(shards.iter().map(String::as_str));
        let merged = run(dir, &args);
        assert_eq!(single, merged, "--fail-on {fail_on}");
    }
}

#[test]
fn one_shard_of_one_is_the_whole_corpus() {
    let dir = scratch();
    let dir = dir.path();
    let shards = emit_shards(dir, 1);
    let single = run(
        dir,
        &["report", "--format", "json", "--claim", "putin-took-power"],
    );
    let merged = run(
        dir,
        &[
            "report",
            "--format",
            "json",
            "--claim",
            "putin-took-power",
            "--from",
            &shards[0],
        ],
    );
    assert_eq!(single, merged);
}

fn error_of(dir: &Path, args: &[&str]) -> String {
    let (code, _, stderr) = run(dir, args);
    assert_eq!(code, 2, "{args:?}: {stderr}");
    stderr
}

#[test]
fn a_missing_or_repeated_shard_is_refused() {
    let dir = scratch();
    let dir = dir.path();
    emit_shards(dir, 3);
    let message = error_of(dir, &["report", "--from", "shard-1.jsonl", "shard-3.jsonl"]);
    assert!(
        message.contains("error: shard 2/3 missing: the report needs every shard of the corpus"),
        "{message}"
    );
    let message = error_of(
        dir,
        &[
            "report",
            "--from",
            "shard-1.jsonl",
            "shard-1.jsonl",
            "shard-2.jsonl",
        ],
    );
    assert!(
        message.contains("error: shard-1.jsonl and shard-1.jsonl are both shard 1/3"),
        "{message}"
    );
    fs::rename(dir.join("shard-2.jsonl"), dir.join("two.jsonl")).expect("rename");
    let (code, _, stderr) = run(dir, &["scan", "--shard", "1/2", "--emit", "other-1.jsonl"]);
    assert_eq!(code, 0, "{stderr}");
    let message = error_of(dir, &["report", "--from", "shard-1.jsonl", "other-1.jsonl"]);
    assert!(
        message.contains("other-1.jsonl is shard 1/2 but shard-1.jsonl is shard 1/3"),
        "{message}"
    );
}

#[test]
fn an_edited_or_unscanned_claim_asks_for_a_new_scan() {
    let dir = scratch();
    let dir = dir.path();
    let shards = emit_shards(dir, 2);
    let file = dir.join("claims/putin-took-power.yaml");
    let text = fs::read_to_string(&file).expect("claim");
    // A new title keeps the findings valid.
    fs::write(&file, text.replacen("title:", "title: Retitled —", 1)).expect("write");
    let mut args = vec!["report", "--from"];
    args.extend(shards.iter().map(String::as_str));
    let (code, _, stderr) = run(dir, &args);
    assert_eq!(code, 0, "{stderr}");
    // Another anchor does not.
    fs::write(
        &file,
        text.replacen(
            "      - توليه السلطة",
            "      - توليه السلطة\n      - تولى الحكم",
            1,
        ),
    )
    .expect("write");
    let message = error_of(dir, &args);
    assert!(
        message.contains(
            "error: claim `putin-took-power` was edited (anchors or other matching fields) \
             since the shards were scanned: scan the shards again"
        ),
        "{message}"
    );
    fs::write(&file, &text).expect("write");
    fs::write(
        dir.join("claims/new.yaml"),
        "claims:\n  - id: new-claim\n    title: New\n    kind: year\n    anchors: [\"قمة\"]\n",
    )
    .expect("write");
    let message = error_of(dir, &args);
    assert!(
        message.contains("error: claim `new-claim` was not scanned into shard-1.jsonl"),
        "{message}"
    );
}

#[test]
fn a_file_that_is_not_findings_or_is_cut_short_is_refused() {
    let dir = scratch();
    let dir = dir.path();
    emit_shards(dir, 1);
    fs::write(dir.join("notes.jsonl"), "{\"hello\":1}\n").expect("write");
    let message = error_of(dir, &["report", "--from", "notes.jsonl"]);
    assert!(
        message.contains(
            "error: notes.jsonl:1: not a file of findings of `crosscheck scan --emit` (the \
             first line is no header)"
        ),
        "{message}"
    );
    let text = fs::read_to_string(dir.join("shard-1.jsonl")).expect("shard");
    let cut: Vec<&str> = text.lines().collect();
    fs::write(dir.join("cut.jsonl"), cut[..cut.len() - 1].join("\n")).expect("write");
    let message = error_of(dir, &["report", "--from", "cut.jsonl"]);
    assert!(
        message.contains("error: cut.jsonl: cut short (no end line)"),
        "{message}"
    );
    let older = text.replacen(
        &format!("\"tool\":\"{}\"", env!("CARGO_PKG_VERSION")),
        "\"tool\":\"0.0.1\"",
        1,
    );
    fs::write(dir.join("older.jsonl"), older).expect("write");
    let message = error_of(dir, &["report", "--from", "older.jsonl"]);
    assert!(
        message.contains("error: older.jsonl: written by crosscheck 0.0.1 (format 1)"),
        "{message}"
    );
    let message = error_of(dir, &["report", "--from", "absent.jsonl"]);
    assert!(
        message.contains("error: cannot read absent.jsonl"),
        "{message}"
    );
}

#[test]
fn a_shard_must_be_k_of_n() {
    let dir = scratch();
    let dir = dir.path();
    for wrong in ["0/4", "5/4", "2", "a/b"] {
        let (code, _, stderr) = run(dir, &["scan", "--shard", wrong, "--emit", "x.jsonl"]);
        assert_eq!(code, 2, "{wrong}");
        assert!(
            stderr.contains(&format!(
                "`{wrong}` is not a shard; write K/N with 1 <= K <= N, e.g. `--shard 1/4`"
            )),
            "{stderr}"
        );
    }
    let (code, _, stderr) = run(dir, &["scan", "--shard", "1/2", "--emit", "corpus/x.jsonl"]);
    assert_eq!(code, 2);
    assert!(stderr.contains("error:"), "{stderr}");
}
