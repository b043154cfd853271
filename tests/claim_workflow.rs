//! Adding and reviewing claims, run as a reviewer runs them: `claim new`, `claim list`,
//! `claim promote`, `claim retire` and `accept` on copies of the bundled corpus and claims in
//! temporary folders (the repository's own `claims/` and `corpus/` are never touched).
//!
//! Every refusal is checked to leave the claims folder byte for byte as it was, and every
//! edit of a hand-written file to change exactly the lines it must.

use assert_cmd::Command;
use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn copy_dir(from: &Path, to: &Path) {
    fs::create_dir_all(to).expect("create folder");
    for entry in fs::read_dir(from).expect("list folder") {
        let entry = entry.expect("entry");
        let target = to.join(entry.file_name());
        if entry.file_type().expect("file type").is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            fs::copy(entry.path(), &target).expect("copy file");
        }
    }
}

/// A temporary project: a copy of the bundled corpus, and of the bundled claims when asked.
fn project(with_claims: bool) -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("temp dir");
    copy_dir(&root().join("corpus"), &dir.path().join("corpus"));
    if with_claims {
        copy_dir(&root().join("claims"), &dir.path().join("claims"));
    }
    dir
}

/// `crosscheck ARGS` in `dir`, colour off, stdin not a terminal.
fn run(dir: &Path, args: &[&str]) -> assert_cmd::assert::Assert {
    Command::cargo_bin("crosscheck")
        .expect("binary builds")
        .current_dir(dir)
        .env("NO_COLOR", "1")
        .env_remove("COLUMNS")
        .args(args)
        .write_stdin("")
        .assert()
}

fn stdout(assert: &assert_cmd::assert::Assert) -> String {
    String::from_utf8(assert.get_output().stdout.clone()).expect("UTF-8 stdout")
}

fn stderr(assert: &assert_cmd::assert::Assert) -> String {
    String::from_utf8(assert.get_output().stderr.clone()).expect("UTF-8 stderr")
}

/// Every file under `dir` and its bytes.
fn snapshot(dir: &Path) -> BTreeMap<PathBuf, Vec<u8>> {
    let mut files = BTreeMap::new();
    if !dir.exists() {
        return files;
    }
    for entry in walkdir::WalkDir::new(dir) {
        let entry = entry.expect("walk");
        if entry.file_type().is_file() {
            let bytes = fs::read(entry.path()).expect("read");
            files.insert(entry.path().to_path_buf(), bytes);
        }
    }
    files
}

/// Runs a command that must be refused: exit 2, the claims folder byte-identical. Returns
/// stderr.
fn refused(dir: &Path, args: &[&str]) -> String {
    let before = snapshot(&dir.join("claims"));
    let assert = run(dir, args).code(2);
    assert_eq!(
        snapshot(&dir.join("claims")),
        before,
        "`{}` changed the claims folder",
        args.join(" ")
    );
    assert!(stdout(&assert).is_empty(), "{}", stdout(&assert));
    stderr(&assert)
}

/// The lines removed and added between two texts (one contiguous change), with their line
/// endings.
fn changed_lines(before: &str, after: &str) -> (Vec<String>, Vec<String>) {
    let a: Vec<&str> = before.split_inclusive('\n').collect();
    let b: Vec<&str> = after.split_inclusive('\n').collect();
    let mut prefix = 0;
    while prefix < a.len().min(b.len()) && a[prefix] == b[prefix] {
        prefix += 1;
    }
    let mut suffix = 0;
    while suffix < a.len().min(b.len()) - prefix
        && a[a.len() - 1 - suffix] == b[b.len() - 1 - suffix]
    {
        suffix += 1;
    }
    let lines = |lines: &[&str]| lines.iter().map(|l| l.to_string()).collect::<Vec<_>>();
    (
        lines(&a[prefix..a.len() - suffix]),
        lines(&b[prefix..b.len() - suffix]),
    )
}

fn strings(lines: &[&str]) -> Vec<String> {
    lines.iter().map(|l| l.to_string()).collect()
}

const FT: &str = "corpus/000_195537198d3ed82c.txt";
const ARABI21: &str = "corpus/001_6e411e653f270d41.txt";
const MINBAR: &str = "corpus/002_4ebf0d391eef82e5.txt";

// ---------------------------------------------------------------------------------------------
// claim new

#[test]
fn claim_new_writes_a_review_claim_and_shows_what_it_finds() {
    let dir = project(true);
    let assert = run(
        dir.path(),
        &[
            "claim",
            "new",
            "--id",
            "kim-last-trip-abroad",
            "--kind",
            "year",
            "--title",
            "Year of Kim Jong Un's last trip abroad before September 2023",
            "--anchor",
            "آخر رحلة خارجية",
        ],
    )
    .success();
    let written =
        fs::read_to_string(dir.path().join("claims/kim-last-trip-abroad.yaml")).expect("file");
    assert_eq!(
        written,
        "claims:\n  - id: kim-last-trip-abroad\n    title: Year of Kim Jong Un's last trip abroad \
         before September 2023\n    kind: year\n    anchors:\n      - آخر رحلة خارجية\n    \
         status: review\n"
    );
    let out = stdout(&assert);
    assert!(
        out.starts_with("Wrote claims/kim-last-trip-abroad.yaml with status review.\n"),
        "{out}"
    );
    assert!(
        out.contains(&format!("  2019  Minbar  {MINBAR}:46:90\n")),
        "{out}"
    );
    assert!(out.contains("      read \"2019\" near anchor \"آخر رحلة خارجية\" (score 1.00)\n"));
    assert!(out.contains("      evidence: وكانت آخر رحلة خارجية له في عام 2019\n"));
    assert!(
        out.contains("Verdict: single — one source states it: 2019\n"),
        "{out}"
    );
    assert!(out.contains("crosscheck claim promote kim-last-trip-abroad"));

    // The folder still validates, with the new claim in review.
    let assert = run(dir.path(), &["validate"]).success();
    assert_eq!(
        stdout(&assert),
        "12 claims in 12 files under `claims`: all valid\n"
    );
}

#[test]
fn claim_new_warns_about_an_anchor_too_short_to_look_up_quickly() {
    let dir = project(false);
    let args = [
        "claim",
        "new",
        "--id",
        "one-digit",
        "--kind",
        "year",
        "--title",
        "A digit",
        "--anchor",
        "5",
    ];
    let assert = run(dir.path(), &args).success();
    assert_eq!(
        stderr(&assert),
        "warning: claim `one-digit` (claims/one-digit.yaml:2) is scanned slowly: anchor \"5\" \
         is too short to look up quickly, so every clause of every article is compared with it\n  \
         = help: an anchor needs two letters or digits at least to be looked up quickly\n"
    );
    assert!(dir.path().join("claims/one-digit.yaml").exists());
}

#[test]
fn claim_new_previews_every_source_mentions_and_a_conflict() {
    let dir = project(true);
    let assert = run(
        dir.path(),
        &[
            "claim",
            "new",
            "--id",
            "analyst-university",
            "--kind",
            "choice",
            "--title",
            "Where Leif-Eric Easley teaches",
            "--anchor",
            "إيريك إيسلي",
            "--anchor",
            "إريك إيسلي",
            "--choice",
            "ewha=إيهوا",
            "--choice",
            "harvard=هارفارد,جامعة هارفارد",
            "--window",
            "sentence",
        ],
    )
    .success();
    let out = stdout(&assert);
    assert!(
        out.contains(&format!(
            "  ewha  Financial Times (Arabic translation)  {FT}:42:40\n"
        )),
        "{out}"
    );
    assert!(
        out.contains(&format!("  harvard  Minbar  {MINBAR}:47:33\n")),
        "{out}"
    );
    assert!(out.contains(
        "Verdict: conflict — the sources state values that do not agree: ewha, harvard\n"
    ));
    assert!(out.contains("crosscheck accept analyst-university --reason"));
    let written =
        fs::read_to_string(dir.path().join("claims/analyst-university.yaml")).expect("file");
    assert!(written.ends_with(
        "    window: sentence\n    choices:\n      ewha:\n        - إيهوا\n      harvard:\n        \
         - هارفارد\n        - جامعة هارفارد\n    status: review\n"
    ));

    // A mention without a value is listed too.
    let assert = run(
        dir.path(),
        &[
            "claim",
            "new",
            "--id",
            "shells-again",
            "--kind",
            "quantity",
            "--title",
            "Shells",
            "--anchor",
            "قذائف مدفعية",
            "--anchor",
            "قذيفة مدفعية",
            "--unit",
            "shells",
            "--tolerance",
            "5%",
        ],
    )
    .success();
    let out = stdout(&assert);
    assert!(out.contains(&format!(
        "  mention without a quantity  Minbar  {MINBAR}:28:52  (anchor \"قذائف مدفعية\")\n"
    )));
    assert!(out.contains(&format!("  >1,000,000  Arabi21  {ARABI21}:17:58\n")));
}

#[test]
fn claim_new_says_when_nothing_matches() {
    let dir = project(false);
    let assert = run(
        dir.path(),
        &[
            "claim",
            "new",
            "--id",
            "merger",
            "--kind",
            "date",
            "--title",
            "Merger date",
            "--anchor",
            "merger was announced",
        ],
    )
    .success();
    let out = stdout(&assert);
    assert!(out.contains("  no article matches an anchor\n"), "{out}");
    assert!(out.contains("Verdict: missing — no article matches an anchor\n"));
    assert!(out.contains("the anchors may be too strict"));
    // The claims folder did not exist: it was created.
    assert!(dir.path().join("claims/merger.yaml").is_file());
}

#[test]
fn claim_new_writes_awkward_text_that_reads_back_exactly() {
    let dir = project(false);
    let title = "Putin: \"first visit\" in 24 years? #1 — 'قالوا'";
    let anchors = [
        "وقال: \"لن",
        "- dash first",
        "#hashtag",
        "2000",
        "yes",
        "a, b [c] {d}",
        "زار بوتين\u{200F} كوريا",
    ];
    let mut args = vec![
        "claim",
        "new",
        "--no-preview",
        "--id",
        "awkward",
        "--kind",
        "year",
        "--title",
        title,
        "--unit",
        "years: since",
    ];
    for anchor in &anchors {
        args.push("--anchor");
        args.push(anchor);
    }
    let assert = run(dir.path(), &args).success();
    assert!(stdout(&assert).contains("crosscheck explain awkward"));
    let set = crosscheck::claims::load_claims(&dir.path().join("claims")).expect("valid");
    let claim = set.get("awkward").expect("the claim");
    assert_eq!(claim.title, title);
    assert_eq!(claim.anchors, strings(&anchors));
    assert_eq!(claim.unit.as_deref(), Some("years: since"));
    assert_eq!(claim.status, crosscheck::claims::Status::Review);
    // Invisible characters are escaped, so a reviewer sees them in the file.
    let text = fs::read_to_string(dir.path().join("claims/awkward.yaml")).expect("file");
    assert!(
        text.contains("      - \"زار بوتين\\u200F كوريا\"\n"),
        "{text}"
    );
}

#[test]
fn claim_new_refuses_to_overwrite_a_file() {
    let dir = project(true);
    // `taken.yaml` holds a claim with another id, so only the file name clashes.
    let taken = "claims:\n  - id: something-else\n    title: T\n    kind: year\n    anchors: [زار بوتين كوريا]\n";
    fs::write(dir.path().join("claims/taken.yaml"), taken).expect("write");
    let error = refused(
        dir.path(),
        &[
            "claim", "new", "--id", "taken", "--kind", "year", "--title", "T", "--anchor", "x",
        ],
    );
    assert_eq!(
        error,
        "error: `claims/taken.yaml` already exists, so nothing was written\nhelp: choose \
         another id, or edit that file by hand\n"
    );
}

#[test]
fn claim_new_refuses_an_id_already_used_in_any_file() {
    let dir = project(true);
    // Move a bundled claim into a subfolder under another file name: the id still clashes.
    fs::create_dir_all(dir.path().join("claims/reviewed")).expect("mkdir");
    fs::rename(
        dir.path().join("claims/putin-took-power.yaml"),
        dir.path().join("claims/reviewed/power.yaml"),
    )
    .expect("move");
    let error = refused(
        dir.path(),
        &[
            "claim",
            "new",
            "--id",
            "putin-took-power",
            "--kind",
            "year",
            "--title",
            "Year Putin took power",
            "--anchor",
            "توليه السلطة",
        ],
    );
    assert_eq!(
        error,
        "error: the id `putin-took-power` is already used by the claim at \
         claims/reviewed/power.yaml:2, so nothing was written\nhelp: choose another id (ids are \
         unique across all claim files)\n"
    );
}

#[test]
fn claim_new_refuses_invalid_fields_naming_the_option() {
    let dir = project(true);
    let base = ["claim", "new", "--title", "T", "--anchor", "توليه السلطة"];
    let with = |extra: &[&'static str]| {
        let mut args: Vec<&str> = base.to_vec();
        args.extend_from_slice(extra);
        args
    };

    let error = refused(
        dir.path(),
        &with(&["--id", "took-power", "--kind", "quantiy"]),
    );
    assert_eq!(
        error,
        "error: unknown kind `quantiy` in claim `took-power` (from `--kind`)\n  = help: did you \
         mean `quantity`?\nerror: the new claim is not valid, so nothing was written\n"
    );

    let error = refused(dir.path(), &with(&["--id", "Took_Power", "--kind", "year"]));
    assert!(
        error.starts_with(
            "error: invalid id `Took_Power` (from `--id`)\n  = help: use only lowercase letters \
             a-z, digits and `-`, e.g. `took-power`\n"
        ),
        "{error}"
    );

    let error = refused(
        dir.path(),
        &with(&[
            "--id",
            "took-power",
            "--kind",
            "quantity",
            "--tolerance",
            "5 percent",
        ]),
    );
    assert!(
        error.starts_with(
            "error: invalid tolerance `5 percent` in claim `took-power` (from `--tolerance`)\n  \
             = help: write `5%` for a relative tolerance, or a number such as `1000` for an \
             absolute one\n"
        ),
        "{error}"
    );

    let error = refused(
        dir.path(),
        &with(&["--id", "took-power", "--kind", "year", "--choice", "a=b"]),
    );
    assert!(
        error.starts_with(
            "error: `choices` applies only to choice claims, and claim `took-power` is a year \
             claim (from `--choice`)\n"
        ),
        "{error}"
    );

    let error = refused(
        dir.path(),
        &with(&[
            "--id",
            "took-power",
            "--kind",
            "year",
            "--window",
            "paragraph",
        ]),
    );
    assert!(
        error.starts_with(
            "error: unknown window `paragraph` in claim `took-power` (from `--window`)\n"
        ),
        "{error}"
    );

    let error = refused(
        dir.path(),
        &with(&[
            "--id",
            "took-power",
            "--kind",
            "choice",
            "--choice",
            "smith",
        ]),
    );
    assert_eq!(
        error,
        "error: `--choice smith` has no `=`\nhelp: write `--choice LABEL=PHRASE[,PHRASE…]`, \
         e.g. `--choice smith=Jane Smith,Ms Smith`\n"
    );
}

#[test]
fn claim_new_without_a_terminal_names_every_missing_option() {
    let dir = project(true);
    let error = refused(dir.path(), &["claim", "new", "--kind", "year"]);
    assert!(
        error.starts_with(
            "error: `claim new` needs `--id`, `--anchor` and `--title` (no terminal to ask on, \
             so nothing was written)\n"
        ),
        "{error}"
    );
    let error = refused(
        dir.path(),
        &[
            "claim", "new", "--id", "x", "--kind", "choice", "--title", "T", "--anchor", "a",
        ],
    );
    assert!(
        error.starts_with("error: `claim new` needs `--choice` ("),
        "{error}"
    );
    let error = refused(dir.path(), &["claim", "new"]);
    assert!(
        error.starts_with("error: `claim new` needs `--id`, `--kind`, `--anchor` and `--title` ("),
        "{error}"
    );
}

#[test]
fn claim_new_refuses_a_missing_corpus_and_a_broken_claims_folder() {
    let dir = project(true);
    let args = [
        "claim", "new", "--id", "new-one", "--kind", "year", "--title", "T", "--anchor", "x",
    ];
    let mut with_corpus = args.to_vec();
    with_corpus.extend_from_slice(&["--corpus", "no-such-corpus"]);
    let error = refused(dir.path(), &with_corpus);
    assert!(error.contains("no-such-corpus"), "{error}");
    assert!(
        error.contains(
            "cannot show what the new claim finds, so nothing was written\nhelp: point to the \
             articles with `--corpus DIR`, or write the claim without a scan with `--no-preview`"
        ),
        "{error}"
    );

    fs::write(
        dir.path().join("claims/broken.yaml"),
        "claims:\n  - id: broken\n    title: T\n    kind: yaer\n    anchors: [x]\n",
    )
    .expect("write");
    let error = refused(dir.path(), &args);
    assert!(
        error.contains("unknown kind `yaer` in claim `broken`"),
        "{error}"
    );
    assert!(
        error.contains(
            "error: the claims folder `claims` has problems, so no new claim was written"
        ),
        "{error}"
    );
}

// ---------------------------------------------------------------------------------------------
// claim list

#[test]
fn claim_list_shows_kind_status_severity_verdict_and_file() {
    let dir = project(true);
    let assert = run(dir.path(), &["claim", "list"]).success();
    let out = stdout(&assert);
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(
        lines
            .first()
            .map(|l| l.split_whitespace().collect::<Vec<_>>()),
        Some(vec!["id", "kind", "status", "severity", "verdict", "file"])
    );
    let row = |id: &str| {
        lines
            .iter()
            .find(|l| l.split_whitespace().next() == Some(id))
            .map(|l| l.split_whitespace().collect::<Vec<_>>())
            .unwrap_or_default()
    };
    assert_eq!(
        row("artillery-shells"),
        vec![
            "artillery-shells",
            "quantity",
            "active",
            "error",
            "conflict",
            "claims/artillery-shells.yaml:2"
        ]
    );
    assert_eq!(row("putin-took-power")[4], "single");
    assert_eq!(row("north-korean-missiles-to-russia")[4], "unstated");
    assert_eq!(
        lines.last().copied(),
        Some("11 claims: 11 active, 0 review, 0 retired")
    );

    // --no-scan drops the verdict; --status filters.
    run(dir.path(), &["claim", "retire", "putin-took-power"]).success();
    let assert = run(
        dir.path(),
        &["claim", "list", "--no-scan", "--status", "retired"],
    )
    .success();
    assert_eq!(
        stdout(&assert),
        "id                kind  status   severity  file\n\
         putin-took-power  year  retired  error     claims/putin-took-power.yaml:2\n\
         1 claim: 0 active, 0 review, 1 retired\n"
    );
    let assert = run(dir.path(), &["claim", "list", "--status", "retired,review"]).success();
    assert!(
        stdout(&assert).contains("retired  error     — (retired)"),
        "{}",
        stdout(&assert)
    );

    // Without a scan, no corpus is needed.
    run(
        dir.path(),
        &["claim", "list", "--no-scan", "--corpus", "no-such-corpus"],
    )
    .success();
    let error = refused(dir.path(), &["claim", "list", "--corpus", "no-such-corpus"]);
    assert!(error.contains("no-such-corpus"), "{error}");

    let error = refused(dir.path(), &["claim", "list", "--status", "draft"]);
    assert!(
        error.contains("`draft` is not a status; use active, review or retired"),
        "{error}"
    );
}

// ---------------------------------------------------------------------------------------------
// promote, retire and accept on a hand-written file

/// A project with the odd fixture as its only claim file, with LF or CRLF line endings.
fn odd_project(crlf: bool) -> (tempfile::TempDir, PathBuf, String) {
    let dir = project(false);
    let mut text =
        fs::read_to_string(root().join("tests/data/claim_edit/odd.yaml")).expect("fixture");
    if crlf {
        text = text.replace('\n', "\r\n");
    }
    fs::create_dir_all(dir.path().join("claims")).expect("mkdir");
    let file = dir.path().join("claims/odd.yaml");
    fs::write(&file, &text).expect("write");
    (dir, file, text)
}

fn edit_odd_file(crlf: bool) {
    let eol = if crlf { "\r\n" } else { "\n" };
    let line = |text: &str| format!("{text}{eol}");
    let (dir, file, original) = odd_project(crlf);
    let read = || fs::read_to_string(&file).expect("read");

    // A claim with no status is active already: promoting it changes nothing.
    let assert = run(dir.path(), &["claim", "promote", "shells-odd"]).success();
    assert_eq!(
        stdout(&assert),
        "`shells-odd` is already active (claims/odd.yaml:7); nothing changed.\n"
    );
    assert_eq!(read(), original);

    // Retiring it inserts one line after its title, at the claim's indentation.
    let assert = run(dir.path(), &["claim", "retire", "shells-odd"]).success();
    assert_eq!(
        stdout(&assert),
        "Retired `shells-odd`: status active → retired (claims/odd.yaml:9)\nReports and `check` \
         now skip it.\n"
    );
    let retired = read();
    assert_eq!(
        changed_lines(&original, &retired),
        (vec![], vec![line("      status: retired")])
    );
    assert!(retired.contains(&format!(
        "      title: 'Artillery shells: supplied or agreed'   # single-quoted, with a colon{eol}      status: retired{eol}      kind: quantity{eol}"
    )));

    // A quoted status with a comment: only the word changes, quotes and comment stay.
    let before = read();
    let assert = run(dir.path(), &["claim", "promote", "previous-visit-odd"]).success();
    assert_eq!(
        stdout(&assert),
        "Promoted `previous-visit-odd`: status review → active (claims/odd.yaml:24)\n\
         `crosscheck check` now fails when its sources conflict (severity error).\n"
    );
    assert_eq!(
        changed_lines(&before, &read()),
        (
            vec![line("    status: \"review\"   # quoted, with a comment")],
            vec![line("    status: \"active\"   # quoted, with a comment")]
        )
    );

    // A flow-mapping claim gets a flow entry on its own line.
    let before = read();
    run(dir.path(), &["claim", "retire", "university-odd"]).success();
    let (removed, added) = changed_lines(&before, &read());
    assert_eq!(removed.len(), 1);
    assert_eq!(
        added,
        vec![removed[0].replace(
            "choices: {ewha: [إيهوا], harvard: [هارفارد]}}",
            "choices: {ewha: [إيهوا], harvard: [هارفارد]}, status: retired}"
        )]
    );
    run(dir.path(), &["claim", "promote", "university-odd"]).success();

    // Accepting the flow claim's conflict: the same line again.
    let before = read();
    let assert = run(
        dir.path(),
        &[
            "accept",
            "university-odd",
            "--reason",
            "FT says Ewha, Minbar says Harvard: checked, Ewha is right; Minbar erred",
        ],
    )
    .success();
    assert!(stdout(&assert).starts_with(
        "Accepted the conflict of `university-odd` between ewha and harvard (claims/odd.yaml:21).\n"
    ));
    let (removed, added) = changed_lines(&before, &read());
    assert_eq!(
        added,
        vec![removed[0].replace(
            "status: active}",
            "status: active, accepted: {values: [ewha, harvard], reason: \"FT says Ewha, \
             Minbar says Harvard: checked, Ewha is right; Minbar erred\"}}"
        )]
    );

    // Accepting the shells conflict: the block goes after the claim's last key, before the
    // blank line; the literal note with its `#` line is untouched.
    run(dir.path(), &["claim", "promote", "shells-odd"]).success();
    let before = read();
    run(
        dir.path(),
        &[
            "accept",
            "shells-odd",
            "--reason",
            "agreed in total vs delivered so far",
        ],
    )
    .success();
    let after = read();
    assert_eq!(
        changed_lines(&before, &after),
        (
            vec![],
            vec![
                line("      accepted:"),
                line("        values: [5000000, 1000000]"),
                line("        reason: agreed in total vs delivered so far"),
            ]
        )
    );
    assert!(after.contains(&format!("      severity: error{eol}      accepted:{eol}")));

    // The file still validates, and reports the accepted verdicts.
    let assert = run(dir.path(), &["check"]).success();
    assert!(
        stdout(&assert).starts_with("3 claims: 0 conflict, 2 accepted, 1 agree,"),
        "{}",
        stdout(&assert)
    );
}

#[test]
fn promote_retire_and_accept_change_only_their_lines() {
    edit_odd_file(false);
}

#[test]
fn promote_retire_and_accept_keep_crlf_line_endings() {
    edit_odd_file(true);
}

#[test]
fn promote_and_retire_refusals_leave_the_file_alone() {
    let (dir, _, _) = odd_project(false);
    let error = refused(dir.path(), &["claim", "promote", "shells-od"]);
    assert_eq!(
        error,
        "error: no claim has the id `shells-od`; did you mean `shells-odd`?\nhelp: `crosscheck \
         claim list` shows the ids in `claims`\n"
    );
    // Already in that status: nothing to do, nothing written, success.
    let before = snapshot(&dir.path().join("claims"));
    let assert = run(dir.path(), &["claim", "retire", "previous-visit-odd"]).success();
    assert!(stdout(&assert).contains("status review → retired"));
    let assert = run(dir.path(), &["claim", "retire", "previous-visit-odd"]).success();
    assert_eq!(
        stdout(&assert),
        "`previous-visit-odd` is already retired (claims/odd.yaml:22); nothing changed.\n"
    );
    assert_ne!(snapshot(&dir.path().join("claims")), before);

    // A broken file is never edited.
    let file = dir.path().join("claims/odd.yaml");
    let broken = fs::read_to_string(&file)
        .expect("read")
        .replace("kind: year", "kind: yaer");
    fs::write(&file, &broken).expect("write");
    let error = refused(dir.path(), &["claim", "promote", "previous-visit-odd"]);
    assert!(error.contains("did you mean `year`?"), "{error}");
}

#[test]
fn accept_refuses_what_is_not_a_conflict() {
    let (dir, _, _) = odd_project(false);
    let error = refused(dir.path(), &["accept", "previous-visit-odd"]);
    assert_eq!(
        error,
        "error: claim `previous-visit-odd` is not in conflict (verdict: agree), so there is \
         nothing to accept; nothing changed\nhelp: `crosscheck report --claim \
         previous-visit-odd` shows what the sources state\n"
    );
    run(dir.path(), &["accept", "shells-odd"]).success();
    let error = refused(dir.path(), &["accept", "shells-odd", "--reason", "again"]);
    assert_eq!(
        error,
        "error: the conflict of `shells-odd` is already accepted (values 5,000,000 and \
         1,000,000); nothing changed\nhelp: `accept` records a new conflict when a source \
         states another value\n"
    );
    run(dir.path(), &["claim", "retire", "university-odd"]).success();
    let error = refused(dir.path(), &["accept", "university-odd"]);
    assert!(
        error.starts_with("error: claim `university-odd` is retired, so it is not checked"),
        "{error}"
    );
    let error = refused(dir.path(), &["accept", "shells-odd", "--reason", "  "]);
    assert!(error.starts_with("error: `--reason` is empty"), "{error}");
    let error = refused(dir.path(), &["accept", "no-such-claim"]);
    assert!(
        error.starts_with("error: no claim has the id `no-such-claim`"),
        "{error}"
    );
}

// ---------------------------------------------------------------------------------------------
// the reviewer's flow, end to end (the README walkthrough)

#[test]
fn the_reviewer_flow_from_new_claim_to_an_accepted_conflict_and_a_new_value() {
    let dir = project(false);
    let path = dir.path();

    // 1. A new claim, in review, and what it finds.
    let assert = run(
        path,
        &[
            "claim",
            "new",
            "--id",
            "shells-to-russia",
            "--kind",
            "quantity",
            "--title",
            "Artillery shells North Korea supplied or agreed to supply to Russia",
            "--anchor",
            "قذيفة مدفعية",
            "--anchor",
            "قذائف مدفعية",
            "--unit",
            "shells",
        ],
    )
    .success();
    let preview = stdout(&assert);
    assert!(preview.contains(&format!(
        "  ~5,000,000  Financial Times (Arabic translation)  {FT}:28:102\n"
    )));
    assert!(preview.contains(&format!("  >1,000,000  Arabi21  {ARABI21}:17:58\n")));
    assert!(preview.contains(
        "Verdict: conflict — the sources state values that do not agree: ~5,000,000, >1,000,000\n"
    ));

    // 2. In review, the conflict does not fail the build.
    let assert = run(path, &["check"]).success();
    assert!(stdout(&assert).starts_with("1 claim: 1 conflict,"));

    // 3. Promoted, it does.
    run(path, &["claim", "promote", "shells-to-russia"]).success();
    let assert = run(path, &["check"]).code(1);
    let out = stdout(&assert);
    assert!(
        out.starts_with("shells-to-russia: conflict\n  ~5,000,000: 1 source, 1 article\n"),
        "{out}"
    );
    assert!(
        out.contains(
            "  >1,000,000: 1 source, 1 article\n    corpus/001_6e411e653f270d41.txt:17 (Arabi21)\n"
        ),
        "{out}"
    );

    // 4. The reviewer accepts the conflict: two different facts.
    let assert = run(
        path,
        &[
            "accept",
            "shells-to-russia",
            "--reason",
            "agreed in total (FT, June 2024) vs delivered by January 2024 (Arabi21)",
        ],
    )
    .success();
    assert_eq!(
        stdout(&assert),
        "Accepted the conflict of `shells-to-russia` between 5,000,000 and 1,000,000 \
         (claims/shells-to-russia.yaml:10).\nReason: agreed in total (FT, June 2024) vs \
         delivered by January 2024 (Arabi21)\n`crosscheck check` no longer fails on it; a value \
         outside these makes it a conflict again.\n"
    );
    assert_eq!(
        fs::read_to_string(path.join("claims/shells-to-russia.yaml")).expect("file"),
        "claims:\n  - id: shells-to-russia\n    title: Artillery shells North Korea supplied or \
         agreed to supply to Russia\n    kind: quantity\n    anchors:\n      - قذيفة مدفعية\n      \
         - قذائف مدفعية\n    unit: shells\n    status: active\n    accepted:\n      values: \
         [5000000, 1000000]\n      reason: \"agreed in total (FT, June 2024) vs delivered by \
         January 2024 (Arabi21)\"\n"
    );

    // 5. The check passes; the report shows the verdict `accepted`.
    let assert = run(path, &["check"]).success();
    assert!(stdout(&assert).starts_with("1 claim: 0 conflict, 1 accepted,"));
    let assert = run(path, &["report", "--format", "json"]).success();
    let json: serde_json::Value = serde_json::from_str(&stdout(&assert)).expect("JSON");
    assert_eq!(json["claims"][0]["verdict"], "accepted");
    assert_eq!(
        json["claims"][0]["accepted"]["values"],
        serde_json::json!([5000000, 1000000])
    );
    assert_eq!(
        json["claims"][0]["accepted"]["reason"],
        "agreed in total (FT, June 2024) vs delivered by January 2024 (Arabi21)"
    );
    assert_eq!(json["claims"][0]["unaccepted"], serde_json::json!([]));
    assert_eq!(json["summary"]["accepted"], 1);

    // 6. A new article states another figure: the check fails again and names it.
    fs::write(
        path.join("corpus/005_wire.txt"),
        "---\nsource: Example Wire\npublished: 2024-07-02\nlanguage: ar\n---\n\
         قال مسؤولون في سيول إن كوريا الشمالية أرسلت إلى روسيا نحو ثلاثة ملايين قذيفة مدفعية \
         منذ بداية الحرب.\n",
    )
    .expect("write article");
    let assert = run(path, &["check"]).code(1);
    let out = stdout(&assert);
    assert!(
        out.contains(
            "  ~3,000,000: 1 source, 1 article\n    corpus/005_wire.txt:6 (Example Wire)\n"
        ),
        "{out}"
    );
    assert!(out.contains("not accepted yet: 3,000,000"), "{out}");
    let assert = run(path, &["check", "--format", "json"]).code(1);
    let json: serde_json::Value = serde_json::from_str(&stdout(&assert)).expect("JSON");
    assert_eq!(json["claims"][0]["verdict"], "conflict");
    assert_eq!(
        json["claims"][0]["unaccepted"],
        serde_json::json!([3000000])
    );
}

// ---------------------------------------------------------------------------------------------
// the interactive prompt

#[cfg(unix)]
#[test]
fn claim_new_asks_for_missing_fields_on_a_terminal() {
    let dir = project(false);
    let mut command = std::process::Command::new(assert_cmd::cargo::cargo_bin("crosscheck"));
    command
        .current_dir(dir.path())
        .env("NO_COLOR", "1")
        .env("TERM", "dumb")
        .args(["claim", "new", "--kind", "quantity", "--unit", "shells"]);
    let mut session = rexpect::session::spawn_command(command, Some(20_000)).expect("spawn");
    session
        .exp_string("Id (lowercase letters, digits and -)")
        .expect("id prompt");
    // A wrong id is asked again.
    session.send_line("Shells").expect("send");
    session
        .exp_string("use only lowercase letters a-z, digits and -")
        .expect("id problem");
    session.send_line("shells-to-russia").expect("send");
    session.exp_string("Anchor phrase").expect("anchor prompt");
    session.send_line("قذيفة مدفعية").expect("send");
    session
        .exp_string("Another anchor phrase (empty to finish)")
        .expect("another anchor");
    session.send_line("قذائف مدفعية").expect("send");
    session
        .exp_string("Another anchor phrase (empty to finish)")
        .expect("another anchor");
    session.send_line("").expect("send");
    session
        .exp_string("Title (one line)")
        .expect("title prompt");
    session
        .send_line("Artillery shells: supplied or agreed")
        .expect("send");
    session
        .exp_string("Wrote claims/shells-to-russia.yaml with status review.")
        .expect("written");
    session.exp_string("Verdict: conflict").expect("preview");
    session.exp_eof().expect("exit");
    assert_eq!(
        fs::read_to_string(dir.path().join("claims/shells-to-russia.yaml")).expect("file"),
        "claims:\n  - id: shells-to-russia\n    title: \"Artillery shells: supplied or agreed\"\n    \
         kind: quantity\n    anchors:\n      - قذيفة مدفعية\n      - قذائف مدفعية\n    unit: \
         shells\n    status: review\n"
    );
}

// ---------------------------------------------------------------------------------------------
// validation messages of hand-written claims, as `validate` prints them

#[test]
fn validate_points_at_common_mistakes_with_a_caret_and_a_hint() {
    let dir = project(false);
    fs::create_dir_all(dir.path().join("claims")).expect("mkdir");
    fs::write(
        dir.path().join("claims/mistakes.yaml"),
        "claims:\n  - id: shells\n    title: Shells\n    kind: quantiy\n    anchors: قذائف مدفعية\n    \
         tolerance: 5 percent\n  - id: visit\n    title: Visit\n    kind: year\n    anchor: [زار بوتين]\n    \
         expected: \"2000\"\n",
    )
    .expect("write");
    let error = refused(dir.path(), &["validate"]);
    for expected in [
        "error: unknown kind `quantiy` in claim `shells`\n  --> claims/mistakes.yaml:4:11\n   |\n 4 |     kind: quantiy\n   |           ^^^^^^^ did you mean `quantity`?",
        "error: `anchors` must be a list in claim `shells`\n  --> claims/mistakes.yaml:5:14\n   |\n 5 |     anchors: قذائف مدفعية\n   |              ^^^^^^^^^^^^ write a list: `anchors: [قذائف مدفعية]`",
        "error: invalid tolerance `5 percent` in claim `shells`\n  --> claims/mistakes.yaml:6:16",
        "write `5%` for a relative tolerance, or a number such as `1000` for an absolute one",
        "error: unknown key `anchor` in claim `visit`\n   --> claims/mistakes.yaml:10:5\n    |\n 10 |     anchor: [زار بوتين]\n    |     ^^^^^^ did you mean `anchors`?",
        "error: `expected` is a number in quotes in claim `visit`",
        "remove the quotes: `expected: 2000` (in quotes YAML reads it as text)",
        "error: 5 problems in claim files",
    ] {
        assert!(error.contains(expected), "missing {expected:?} in\n{error}");
    }

    fs::write(
        dir.path().join("claims/mistakes.yaml"),
        "claims:\n  - id: shells\n\ttitle: Shells\n",
    )
    .expect("write");
    let error = refused(dir.path(), &["validate"]);
    assert!(error.contains("a tab in indentation"), "{error}");
    assert!(error.contains("indent with spaces: YAML does not allow tabs in indentation"));
}
