//! The incremental cache (`.crosscheck/cache`): a run that reads findings from it gives byte
//! for byte the output of a run without it, after an article changed, a claim was added or a
//! claim was edited; a cache held by other runs or inside the corpus is passed over with a
//! warning. Every run here is in a scratch folder of its own.

use assert_cmd::Command;
use std::fs;
use std::path::{Path, PathBuf};

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// `crosscheck ARGS` run in `dir`: (exit status, stdout, stderr).
fn run(dir: &Path, args: &[&str]) -> (i32, String, String) {
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
        String::from_utf8_lossy(&output.stdout).into_owned(),
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

fn scratch() -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("temp dir");
    copy_dir(&root().join("claims"), &dir.path().join("claims"));
    copy_dir(&root().join("corpus"), &dir.path().join("corpus"));
    copy_dir(
        &root().join("tests/data/english/corpus"),
        &dir.path().join("corpus/english"),
    );
    dir
}

/// The JSON report and the table, with the cache and without; asserts they are the same.
fn assert_cached_equals_uncached(dir: &Path, what: &str) {
    for format in ["json", "table"] {
        let cached = run(dir, &["report", "--format", format]);
        let uncached = run(dir, &["report", "--format", format, "--no-cache"]);
        assert_eq!(cached.0, 0, "{what}: {}", cached.2);
        assert!(
            cached == uncached,
            "{what} ({format}): the cached run differs\n--- cached\n{}\n{}\n--- without cache\n{}\n{}",
            cached.1,
            cached.2,
            uncached.1,
            uncached.2
        );
    }
}

fn first_article(dir: &Path) -> PathBuf {
    let mut files: Vec<PathBuf> = fs::read_dir(dir.join("corpus"))
        .expect("corpus")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|e| e == "txt"))
        .collect();
    files.sort();
    files.swap_remove(0)
}

#[test]
fn cached_runs_equal_cold_runs_after_each_kind_of_change() {
    let dir = scratch();
    let dir = dir.path();
    // Cold: the cache is made, in the working folder.
    assert_cached_equals_uncached(dir, "cold");
    assert!(dir.join(".crosscheck/cache/findings.redb").is_file());
    // Warm, nothing changed.
    assert_cached_equals_uncached(dir, "warm");
    // One article changed: a figure and a new sentence.
    let article = first_article(dir);
    let text = fs::read_to_string(&article).expect("article");
    let changed = text.replacen('2', "3", 1)
        + "\nوقالت مصادر إن بوتين تولى السلطة عام 1998.\nتوليه السلطة في عام 2001.\n";
    fs::write(&article, changed).expect("write");
    assert_cached_equals_uncached(dir, "one article changed");
    // One claim added.
    fs::write(
        dir.join("claims/added.yaml"),
        "claims:\n  - id: added-claim\n    title: Summit year\n    kind: year\n    anchors: [\"القمة\"]\n",
    )
    .expect("write");
    assert_cached_equals_uncached(dir, "one claim added");
    // One claim edited: another anchor, then another threshold.
    let claim = dir.join("claims/putin-took-power.yaml");
    let text = fs::read_to_string(&claim).expect("claim");
    let edited = text.replacen(
        "      - توليه السلطة",
        "      - توليه السلطة\n      - تولى السلطة",
        1,
    );
    assert_ne!(edited, text);
    fs::write(&claim, &edited).expect("write");
    assert_cached_equals_uncached(dir, "one claim's anchors edited");
    fs::write(
        &claim,
        edited.replacen(
            "    status: active",
            "    threshold: 0.7\n    status: active",
            1,
        ),
    )
    .expect("write");
    assert_cached_equals_uncached(dir, "one claim's threshold edited");
    // Back to the first version of the claim and a claim removed.
    fs::write(&claim, &text).expect("write");
    fs::remove_file(dir.join("claims/added.yaml")).expect("remove");
    assert_cached_equals_uncached(dir, "claims back as before");
    // `check` too.
    let cached = run(dir, &["check", "--fail-on", "conflict,single"]);
    let uncached = run(
        dir,
        &["check", "--fail-on", "conflict,single", "--no-cache"],
    );
    assert_eq!(cached, uncached);
}

#[test]
fn no_cache_writes_nothing() {
    let dir = scratch();
    let dir = dir.path();
    let (code, _, stderr) = run(dir, &["report", "--no-cache"]);
    assert_eq!(code, 0, "{stderr}");
    assert!(!dir.join(".crosscheck").exists());
}

#[test]
fn a_cache_held_by_other_runs_is_passed_over_with_a_warning() {
    let dir = scratch();
    let dir = dir.path();
    let cache_dir = dir.join(".crosscheck/cache");
    // Runs at once hold every file the folder may have.
    let held: Vec<_> = (0..crosscheck::cache::FILES)
        .map(|_| crosscheck::cache::Cache::open(&cache_dir, &dir.join("corpus")).expect("opens"))
        .collect();
    let (code, out, stderr) = run(dir, &["report", "--format", "json"]);
    assert_eq!(code, 0, "{stderr}");
    assert!(
        stderr.contains(
            "warning: cannot open the cache in .crosscheck/cache (other runs are using it); \
             scanning without cache"
        ),
        "{stderr}"
    );
    let (_, uncached, _) = run(dir, &["report", "--format", "json", "--no-cache"]);
    assert_eq!(out, uncached);
    drop(held);
    // One run holding the first file: the next run uses another, silently.
    let _one = crosscheck::cache::Cache::open(&cache_dir, &dir.join("corpus")).expect("opens");
    let (code, _, stderr) = run(dir, &["report"]);
    assert_eq!(code, 0);
    assert!(!stderr.contains("warning"), "{stderr}");
}

#[test]
fn a_cache_inside_the_corpus_is_not_used() {
    let dir = scratch();
    let corpus = dir.path().join("corpus");
    let claims = dir.path().join("claims");
    let claims = claims.to_str().expect("UTF-8 path");
    let (code, out, stderr) = run(&corpus, &["report", "--corpus", ".", "--claims", claims]);
    assert_eq!(code, 0, "{stderr}");
    assert!(
        stderr.contains(
            "warning: the cache folder .crosscheck/cache is inside the corpus folder .; scanning \
             without cache (run from another folder, or pass --no-cache)"
        ),
        "{stderr}"
    );
    assert!(!corpus.join(".crosscheck").exists());
    let (_, uncached, _) = run(
        &corpus,
        &["report", "--corpus", ".", "--claims", claims, "--no-cache"],
    );
    assert_eq!(out, uncached);
}

#[test]
fn a_damaged_cache_file_is_reported_and_the_run_goes_on() {
    let dir = scratch();
    let dir = dir.path();
    let cache_dir = dir.join(".crosscheck/cache");
    fs::create_dir_all(&cache_dir).expect("folder");
    fs::write(cache_dir.join("findings.redb"), b"not a database at all").expect("write");
    let (code, out, stderr) = run(dir, &["report", "--format", "json"]);
    assert_eq!(code, 0, "{stderr}");
    assert!(
        stderr.contains("warning: cannot open the cache in .crosscheck/cache ("),
        "{stderr}"
    );
    assert!(stderr.contains("scanning without cache"), "{stderr}");
    let (_, uncached, _) = run(dir, &["report", "--format", "json", "--no-cache"]);
    assert_eq!(out, uncached);
}
