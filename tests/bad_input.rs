//! The bad-input catalogue: every kind of broken, hostile or odd input crosscheck meets, one
//! test each, run through the `crosscheck` binary, asserting the exact behaviour — exit
//! status, message, what is still read — so "never a panic, always a message that says how to
//! fix it" is checked entry by entry.
//!
//! Heavy entries generate their data in a temporary folder at run time (nothing large is
//! committed) and are sized to prove the point within CI's time: a 10 MB line, 100,000
//! claims, an 8 MiB and a 200 MB article (the latter about 40 s and 1 GB in a debug build,
//! 2 s in a release build), a 128 KB line of one anchor repeated. Where memory is the point,
//! the child's peak resident set is sampled from `/proc` and held to a generous bound.
//!
//! Sections: claim files · articles and the corpus · output · safe writes · fuzzing
//! regressions.

use serde_json::Value as Json;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

// ---------------------------------------------------------------------------------------------
// Helpers

/// A claim that the two articles below state differently.
const SHELLS_CLAIM: &str = "claims:
  - id: artillery-shells
    title: Artillery shells North Korea supplied to Russia
    kind: quantity
    anchors: [قذائف مدفعية, قذيفة مدفعية]
";

/// The Financial Times sentence of seed 000, with front matter; the value is on line 5.
const FT_ARTICLE: &str = "---
source: Financial Times
published: 2024-06-19
---
عرضت روسيا المساعدة التكنولوجية مقابل موافقة كوريا الشمالية على توريد ما يقرب من 5 ملايين قذيفة مدفعية، حسبما صرح وزير الدفاع.
";

/// The Arabi21 sentence of seed 001, with front matter.
const ARABI21_ARTICLE: &str = "---
source: Arabi21
published: 2024-01-21
---
من جانبها، اتهمت كوريا الجنوبية، جارتها الشمالية، بتقديم أكثر من مليون قذيفة مدفعية لروسيا مقابل معلومات استخبارية.
";

/// A folder with `claims/` and `corpus/`, where the binary runs.
struct Workspace {
    dir: tempfile::TempDir,
}

/// What a run printed and how it ended.
#[derive(Debug)]
struct Run {
    code: i32,
    stdout: String,
    stderr: String,
}

impl Workspace {
    /// Empty `claims/` and `corpus/` folders.
    fn empty() -> Workspace {
        let dir = tempfile::tempdir().expect("temp dir");
        fs::create_dir(dir.path().join("claims")).expect("mkdir claims");
        fs::create_dir(dir.path().join("corpus")).expect("mkdir corpus");
        Workspace { dir }
    }

    /// The shells claim and the Financial Times article.
    fn with_shells() -> Workspace {
        let workspace = Workspace::empty();
        workspace.write("claims/shells.yaml", SHELLS_CLAIM);
        workspace.write("corpus/ft.txt", FT_ARTICLE);
        workspace
    }

    fn path(&self, relative: &str) -> PathBuf {
        self.dir.path().join(relative)
    }

    fn write(&self, relative: &str, content: impl AsRef<[u8]>) {
        let path = self.path(relative);
        if let Some(parent) = path.parent() {
            fs::create_dir_all(parent).expect("mkdir");
        }
        fs::write(path, content).expect("write");
    }

    fn command(&self, args: &[&str]) -> Command {
        let mut command = Command::new(env!("CARGO_BIN_EXE_crosscheck"));
        command
            .args(args)
            .current_dir(self.dir.path())
            .env("NO_COLOR", "1")
            .env("COLUMNS", "80")
            .env_remove("RUST_BACKTRACE");
        command
    }

    fn run(&self, args: &[&str]) -> Run {
        let output = self.command(args).output().expect("the binary runs");
        Run {
            code: output.status.code().unwrap_or(-1),
            stdout: String::from_utf8(output.stdout).expect("UTF-8 stdout"),
            stderr: String::from_utf8(output.stderr).expect("UTF-8 stderr"),
        }
    }

    /// `report --format json`, which must succeed.
    fn json_report(&self, extra: &[&str]) -> (Json, String) {
        let mut args = vec!["report", "--format", "json"];
        args.extend_from_slice(extra);
        let run = self.run(&args);
        assert_eq!(run.code, 0, "{run:?}");
        let json = serde_json::from_str(&run.stdout).expect("JSON report");
        (json, run.stderr)
    }

    /// Runs the binary and measures its peak resident memory, in KiB.
    ///
    /// The peak is `VmHWM` of the child's own address space, sampled every millisecond
    /// until it exits. (`wait4`'s `ru_maxrss` would be simpler, but Linux counts in it the
    /// address space the child had before `exec` — a copy of this test process, which holds
    /// the big inputs of the other tests.) The last millisecond before exit can be missed;
    /// the bounds below are far from the measured figures.
    #[cfg(target_os = "linux")]
    fn run_measured(&self, args: &[&str]) -> (Run, u64) {
        // A run too short to be sampled even once is run again.
        for _ in 0..5 {
            if let (run, Some(peak)) = self.run_sampled(args) {
                eprintln!("peak memory of crosscheck {args:?}: {} KiB", peak);
                return (run, peak);
            }
        }
        panic!("{args:?} never ran long enough to sample its memory");
    }

    /// One run of [`Workspace::run_measured`]; `None` when no sample was taken.
    #[cfg(target_os = "linux")]
    fn run_sampled(&self, args: &[&str]) -> (Run, Option<u64>) {
        use std::sync::Arc;
        use std::sync::atomic::{AtomicBool, Ordering};
        let child = self
            .command(args)
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("the binary starts");
        let status_file = format!("/proc/{}/status", child.id());
        let done = Arc::new(AtomicBool::new(false));
        let sampling = Arc::clone(&done);
        let sampler = std::thread::spawn(move || {
            let mut peak = None;
            let started = std::time::Instant::now();
            while !sampling.load(Ordering::Relaxed) {
                if let Ok(status) = fs::read_to_string(&status_file) {
                    // Before `exec` the child is still a copy of this process: skip it.
                    let is_crosscheck = status
                        .lines()
                        .any(|line| line.starts_with("Name:") && line.ends_with("crosscheck"));
                    let hwm: Option<u64> = status
                        .lines()
                        .find_map(|line| line.strip_prefix("VmHWM:"))
                        .and_then(|kib| kib.trim().trim_end_matches("kB").trim().parse().ok());
                    if let (true, Some(hwm)) = (is_crosscheck, hwm) {
                        peak = Some(peak.unwrap_or(0).max(hwm));
                    }
                }
                // Sample as fast as possible at first (short runs), then every millisecond.
                if started.elapsed().as_millis() < 200 {
                    std::thread::yield_now();
                } else {
                    std::thread::sleep(std::time::Duration::from_millis(1));
                }
            }
            peak
        });
        let output = child.wait_with_output().expect("the binary ends");
        done.store(true, Ordering::Relaxed);
        let peak = sampler.join().expect("sampler");
        let run = Run {
            code: output.status.code().unwrap_or(-1),
            stdout: String::from_utf8(output.stdout).expect("UTF-8 stdout"),
            stderr: String::from_utf8(output.stderr).expect("UTF-8 stderr"),
        };
        (run, peak)
    }
}

/// The claim `id` of a JSON report.
fn claim<'r>(report: &'r Json, id: &str) -> &'r Json {
    report["claims"]
        .as_array()
        .and_then(|claims| claims.iter().find(|c| c["id"] == id))
        .unwrap_or_else(|| panic!("no claim {id} in {report}"))
}

/// (file, line, column, value, qualifier, text) of each observation of claim `id`.
fn observations(report: &Json, id: &str) -> Vec<(String, u64, u64, Json, Json, String)> {
    claim(report, id)["observations"]
        .as_array()
        .expect("observations")
        .iter()
        .map(|o| {
            (
                o["file"].as_str().unwrap_or_default().to_string(),
                o["line"].as_u64().unwrap_or(0),
                o["column"].as_u64().unwrap_or(0),
                o["value"].clone(),
                o["qualifier"].clone(),
                o["text"].as_str().unwrap_or_default().to_string(),
            )
        })
        .collect()
}

/// 1-based character column of the first `needle` in `line`.
fn column_of(line: &str, needle: &str) -> u64 {
    let at = line.find(needle).expect("needle in line");
    line[..at].chars().count() as u64 + 1
}

/// A claim file of `count` quantity claims numbered from `first`.
fn many_claims(first: usize, count: usize) -> String {
    let mut text = String::from("claims:\n");
    for n in first..first + count {
        text.push_str(&format!(
            "  - id: claim-{n}\n    title: Claim {n}\n    kind: quantity\n    anchors: [قذائف مدفعية {n}]\n"
        ));
    }
    text
}

/// The body of seed article 003, which never mentions shells: filler for big articles.
fn filler() -> String {
    let seed = fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("corpus/003_6a4c0072f3f08a4d.txt"),
    )
    .expect("seed 003");
    let mut body = seed
        .splitn(3, "---\n")
        .nth(2)
        .expect("front matter")
        .to_string();
    assert!(!body.contains("قذ"), "the filler must not mention shells");
    // The seed ends without a line break; the next copy must start a line.
    if !body.ends_with('\n') {
        body.push('\n');
    }
    body
}

// ---------------------------------------------------------------------------------------------
// Claim files

/// `validate` on one claim file `claims/shells.yaml`.
fn validate_file(text: &str) -> Run {
    let workspace = Workspace::empty();
    workspace.write("claims/shells.yaml", text);
    workspace.run(&["validate"])
}

const CLAIM_HEAD: &str = "claims:
  - id: artillery-shells
    title: Artillery shells North Korea supplied to Russia
";

#[test]
fn malformed_yaml_a_tab_in_the_indentation() {
    let run = validate_file(&format!(
        "{CLAIM_HEAD}\tkind: quantity\n    anchors: [قذائف مدفعية]\n"
    ));
    assert_eq!(run.code, 2);
    assert_eq!(run.stdout, "");
    assert_eq!(
        run.stderr,
        "error: invalid YAML: a tab in indentation (while scanning a plain scalar, found a tab)
  --> claims/shells.yaml:4:1
   |
 4 |     kind: quantity
   | ^^^^ indent with spaces: YAML does not allow tabs in indentation

error: 1 problem in claim files
"
    );
}

#[test]
fn malformed_yaml_an_unclosed_quote() {
    let run = validate_file(&format!(
        "{CLAIM_HEAD}    kind: quantity\n    anchors: [\"قذائف مدفعية]\n"
    ));
    assert_eq!(run.code, 2);
    assert_eq!(
        run.stderr,
        "error: invalid YAML: while scanning a quoted scalar, found unexpected end of stream
  --> claims/shells.yaml:5:15
   |
 5 |     anchors: [\"قذائف مدفعية]
   |               ^ a quote opened here is not closed: end the text with the same quote on this line, or remove the quotes

error: 1 problem in claim files
"
    );
}

#[test]
fn malformed_yaml_wrong_indentation() {
    let run = validate_file(&format!(
        "{CLAIM_HEAD}    kind: quantity\n      anchors: [قذائف مدفعية]\n"
    ));
    assert_eq!(run.code, 2);
    assert_eq!(
        run.stderr,
        "error: invalid YAML: mapping values are not allowed in this context
  --> claims/shells.yaml:5:14
   |
 5 |       anchors: [قذائف مدفعية]
   |              ^ check the indentation: each claim starts with `- ` under `claims:`, and its keys line up under `id`; put a value containing `: ` in quotes

error: 1 problem in claim files
"
    );
}

#[test]
fn an_unknown_key_gets_a_suggestion() {
    let run = validate_file(&format!(
        "{CLAIM_HEAD}    kind: quantity\n    anchor: [قذائف مدفعية]\n"
    ));
    assert_eq!(run.code, 2);
    assert_eq!(
        run.stderr,
        "error: unknown key `anchor` in claim `artillery-shells`
  --> claims/shells.yaml:5:5
   |
 5 |     anchor: [قذائف مدفعية]
   |     ^^^^^^ did you mean `anchors`?

error: 1 problem in claim files
"
    );
}

#[test]
fn wrong_types_each_say_what_is_wanted() {
    let run = validate_file(&format!(
        "{CLAIM_HEAD}    kind: quantity\n    anchors: [قذائف مدفعية]\n    threshold: high\n    \
         max_distance: [8]\n    expected: \"5000000\"\n"
    ));
    assert_eq!(run.code, 2);
    assert_eq!(
        run.stderr,
        "error: `threshold` must be a number in claim `artillery-shells`, got `high`
  --> claims/shells.yaml:6:16
   |
 6 |     threshold: high
   |                ^^^^ write a number: `threshold: 0.85`

error: `max_distance` must be a number in claim `artillery-shells`
  --> claims/shells.yaml:7:19
   |
 7 |     max_distance: [8]
   |                   ^^^ write a number: `max_distance: 8`

error: `expected` is a number in quotes in claim `artillery-shells`
  --> claims/shells.yaml:8:15
   |
 8 |     expected: \"5000000\"
   |               ^^^^^^^^^ remove the quotes: `expected: 5000000` (in quotes YAML reads it as text)

error: 3 problems in claim files
"
    );
}

#[test]
fn duplicate_ids_across_files_name_both_places() {
    let workspace = Workspace::empty();
    workspace.write("claims/a.yaml", SHELLS_CLAIM);
    workspace.write(
        "claims/b.yaml",
        SHELLS_CLAIM.replace("supplied to Russia", "delivered"),
    );
    let run = workspace.run(&["validate"]);
    assert_eq!(run.code, 2);
    assert_eq!(
        run.stderr,
        "error: duplicate id `artillery-shells`: already the id of the claim at claims/a.yaml:2:9
  --> claims/b.yaml:2:9
   |
 2 |   - id: artillery-shells
   |         ^^^^^^^^^^^^^^^^ give each claim its own id (ids are unique across all claim files), or merge the two claims

error: 1 problem in claim files
"
    );
}

#[test]
fn an_empty_claims_folder_says_how_to_start() {
    let workspace = Workspace::empty();
    workspace.write("corpus/ft.txt", FT_ARTICLE);
    for command in ["validate", "report", "check"] {
        let run = workspace.run(&[command]);
        assert_eq!(run.code, 2, "{command}");
        assert_eq!(
            run.stderr,
            "error: no claim files (`*.yaml`, `*.yml`) in `claims`
  --> claims
   = help: write a claim with `crosscheck claim new --id ID --kind KIND --anchor PHRASE --title TEXT` (or start a project with `crosscheck init`), or point to the folder that holds your claim files with `--claims DIR`

error: 1 problem in claim files
",
            "{command}"
        );
    }
}

#[test]
fn a_claims_file_that_is_a_list() {
    let run = validate_file("- id: artillery-shells\n  title: Shells\n");
    assert_eq!(run.code, 2);
    assert_eq!(
        run.stderr,
        "error: the file is a list, not a mapping with `claims:`
  --> claims/shells.yaml:1:1
   |
 1 | - id: artillery-shells
   | ^^^^^^^^^^^^^^^^^^^^^^ a claim file is a mapping: put `claims:` on the first line and the list of claims, each starting with `- id:`, under it

error: 1 problem in claim files
"
    );
}

#[test]
fn a_claims_file_that_is_a_scalar() {
    let run = validate_file("artillery shells\n");
    assert_eq!(run.code, 2);
    assert_eq!(
        run.stderr,
        "error: the file holds only the text `artillery shells`, not a mapping with `claims:`
  --> claims/shells.yaml:1:1
   |
 1 | artillery shells
   | ^^^^^^^^^^^^^^^^ a claim file is a mapping: put `claims:` on the first line and the list of claims, each starting with `- id:`, under it

error: 1 problem in claim files
"
    );
}

/// "Billion laughs": nine levels of nine aliases, 9⁹ ≈ 387 million values if expanded.
const ALIAS_BOMB: &str = r#"a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]
b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]
c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]
d: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]
e: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]
f: &f [*e,*e,*e,*e,*e,*e,*e,*e,*e]
g: &g [*f,*f,*f,*f,*f,*f,*f,*f,*f]
h: &h [*g,*g,*g,*g,*g,*g,*g,*g,*g]
i: &i [*h,*h,*h,*h,*h,*h,*h,*h,*h]
claims: *i
"#;

#[cfg(target_os = "linux")]
#[test]
fn a_yaml_alias_bomb_fails_fast_in_bounded_memory() {
    let workspace = Workspace::empty();
    workspace.write("claims/shells.yaml", ALIAS_BOMB);
    let (run, peak_kib) = workspace.run_measured(&["validate"]);
    assert_eq!(run.code, 2);
    assert!(run.stderr.starts_with(
        "error: unknown key `a` at the top of the file
  --> claims/shells.yaml:1:1
   |
 1 | a: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]
   | ^ a claim file has only `claims:` at the top

error: YAML anchors (`&name`) are not allowed in claim files
  --> claims/shells.yaml:1:4
   |
 1 | a: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]
   |    ^ remove the `&name`; write each value out in full where it is used
"
    ));
    assert!(run.stderr.ends_with(
        "error: YAML aliases (`*name`) are not allowed in claim files
   --> claims/shells.yaml:10:9
    |
 10 | claims: *i
    |         ^^ write the value out in full here

error: 91 problems in claim files
"
    ));
    // 8 unknown keys, 9 anchors, 73 aliases and the top-level one: every alias is reported,
    // none expanded.
    assert_eq!(
        run.stderr
            .matches("YAML aliases (`*name`) are not allowed")
            .count(),
        73
    );
    // Measured: about 7 MiB. Expanding the aliases would take gigabytes.
    assert!(peak_kib < 64 * 1024, "peak memory {peak_kib} KiB");
}

#[cfg(target_os = "linux")]
#[test]
fn deeply_nested_yaml_fails_fast_in_bounded_memory() {
    let nesting = "YAML nested more than 32 levels deep";
    let help = "a claim nests at most five levels (claims → claim → choices → label → phrases); \
                check the brackets and the indentation";

    // Block nesting: one level a line, 2,000 lines (4 MB).
    let workspace = Workspace::empty();
    let block: String = std::iter::once("claims:\n".to_string())
        .chain((1..2_000).map(|depth| format!("{}-\n", "  ".repeat(depth))))
        .collect();
    workspace.write("claims/shells.yaml", &block);
    let (run, peak_kib) = workspace.run_measured(&["validate"]);
    assert_eq!(run.code, 2);
    let indent = "  ".repeat(32);
    assert_eq!(
        run.stderr,
        format!(
            "error: {nesting}
   --> claims/shells.yaml:33:65
    |
 33 | {indent}-
    | {indent}^ {help}

error: 1 problem in claim files
"
        )
    );
    assert!(peak_kib < 64 * 1024, "block: peak memory {peak_kib} KiB");

    // Flow nesting: 100,000 brackets on one line; the parser's own limit, said the same way,
    // the line cut to a window around the column.
    let flow = format!("claims: {}{}\n", "[".repeat(100_000), "]".repeat(100_000));
    workspace.write("claims/shells.yaml", &flow);
    let (run, peak_kib) = workspace.run_measured(&["validate"]);
    assert_eq!(run.code, 2);
    let lines: Vec<&str> = run.stderr.lines().collect();
    assert_eq!(
        lines[0],
        format!("error: {nesting} (recursion limit exceeded)")
    );
    assert!(
        lines[1].starts_with("  --> claims/shells.yaml:1:"),
        "{}",
        lines[1]
    );
    assert!(lines[3].ends_with("[[[[…"), "{}", lines[3]);
    assert!(lines[4].ends_with(&format!("^ {help}")), "{}", lines[4]);
    assert_eq!(lines.last(), Some(&"error: 1 problem in claim files"));
    assert!(lines.iter().all(|line| line.chars().count() < 300));
    assert!(peak_kib < 64 * 1024, "flow: peak memory {peak_kib} KiB");
}

#[test]
fn an_anchor_of_ten_thousand_words_is_refused() {
    let anchor = vec!["قذائف"; 10_000].join(" ");
    let run = validate_file(&format!(
        "claims:\n  - id: long\n    title: A pasted paragraph\n    kind: quantity\n    anchors:\n      - {anchor}\n"
    ));
    assert_eq!(run.code, 2);
    let lines: Vec<&str> = run.stderr.lines().collect();
    assert_eq!(
        lines[0],
        "error: anchor 1 of `anchors` is too long in claim `long`: 10000 words and 59999 \
         characters, over the limit of 200 words or 2000 characters"
    );
    assert_eq!(lines[1], "  --> claims/shells.yaml:6:9");
    // The source line is cut to 120 characters after the 8 before the anchor.
    let shown = format!(
        "{}…",
        format!("      - {anchor}")
            .chars()
            .take(120)
            .collect::<String>()
    );
    assert_eq!(lines[3], format!(" 6 | {shown}"));
    assert_eq!(
        lines[4],
        format!(
            "   |         {} a phrase locates the statement with a few distinctive words, as the \
             articles write them; keep two or three, and list variants as separate items",
            "^".repeat(112)
        )
    );
    assert_eq!(lines[6], "error: 1 problem in claim files");
    assert_eq!(lines.len(), 7);

    // 200 words is still an anchor.
    let longest = vec!["قذائف"; 200].join(" ");
    let run = validate_file(&format!(
        "claims:\n  - id: long\n    title: A long anchor\n    kind: quantity\n    anchors: [{longest}]\n"
    ));
    assert_eq!(run.code, 0, "{run:?}");
}

#[cfg(target_os = "linux")]
#[test]
fn a_hundred_thousand_claims_stop_at_the_limit_or_load_when_allowed() {
    let workspace = Workspace::empty();
    workspace.write("corpus/ft.txt", FT_ARTICLE);
    // 20 files of 5,000 claims (one file may hold about 9,000: 100,000 YAML values).
    for file in 0..20 {
        workspace.write(
            &format!("claims/part-{file:02}.yaml"),
            many_claims(file * 5_000, 5_000),
        );
    }
    let message = "error: more than 10000 claims under `claims`, the most crosscheck loads
  --> claims
   = help: check that `--claims` names your claim folder; to load more claims, raise the limit with `--max-claims N`

error: 1 problem in claim files
";
    for command in ["validate", "report"] {
        let (run, peak_kib) = workspace.run_measured(&[command]);
        assert_eq!(run.code, 2, "{command}");
        assert_eq!(run.stderr, message, "{command}");
        // Loading stops after three files. Measured: about 45 MiB in a debug build.
        assert!(
            peak_kib < 256 * 1024,
            "{command}: peak memory {peak_kib} KiB"
        );
    }
    let (run, peak_kib) = workspace.run_measured(&["validate", "--max-claims", "100000"]);
    assert_eq!(run.code, 0, "{run:?}");
    assert_eq!(
        run.stdout,
        "100000 claims in 20 files under `claims`: all valid\n"
    );
    // Measured: about 150 MiB for 11 MB of claim files.
    assert!(peak_kib < 1024 * 1024, "peak memory {peak_kib} KiB");
}

#[test]
fn a_claim_file_over_ten_megabytes_is_refused() {
    let workspace = Workspace::empty();
    let mut text = many_claims(0, 5_000);
    text.push_str(&format!("# {}\n", "x".repeat(10 * 1024 * 1024)));
    let size = text.len();
    workspace.write("claims/shells.yaml", &text);
    let run = workspace.run(&["validate"]);
    assert_eq!(run.code, 2);
    assert_eq!(
        run.stderr,
        format!(
            "error: claim file is {size} bytes, over the 10 MB limit
  --> claims/shells.yaml
   = help: a claim file holds a handful of claims: check that this is a claim file, or split it

error: 1 problem in claim files
"
        )
    );
}

/// Found by the claims fuzz property: YAML breaks lines at a lone `\r` too, and messages
/// showed another line (or none) when only `\n` was counted.
#[test]
fn a_claim_file_with_lone_cr_line_breaks_shows_the_right_line() {
    let run = validate_file(
        "claims:\r  - id: artillery-shells\r    title: Shells\r    kind: quantiy\r    anchors: [قذائف مدفعية]\r",
    );
    assert_eq!(run.code, 2);
    assert_eq!(
        run.stderr,
        "error: unknown kind `quantiy` in claim `artillery-shells`
  --> claims/shells.yaml:4:11
   |
 4 |     kind: quantiy
   |           ^^^^^^^ did you mean `quantity`?

error: 1 problem in claim files
"
    );
}

#[cfg(unix)]
#[test]
fn broken_links_and_link_loops_in_the_claims_folder() {
    use std::os::unix::fs::symlink;
    let workspace = Workspace::with_shells();
    symlink(
        "/nonexistent/shells.yaml",
        workspace.path("claims/old.yaml"),
    )
    .expect("symlink");
    symlink("/nonexistent/notes", workspace.path("claims/notes")).expect("symlink");
    let run = workspace.run(&["validate"]);
    assert_eq!(run.code, 2);
    assert_eq!(
        run.stderr,
        "error: `claims/old.yaml` is a broken symbolic link (what it points to does not exist)
  --> claims/old.yaml
   = help: remove the link, or point it at an existing claim file

error: 1 problem in claim files
"
    );
    fs::remove_file(workspace.path("claims/old.yaml")).expect("rm");
    fs::create_dir(workspace.path("claims/sub")).expect("mkdir");
    symlink("..", workspace.path("claims/sub/up")).expect("symlink");
    let run = workspace.run(&["validate"]);
    assert_eq!(run.code, 2);
    assert_eq!(
        run.stderr,
        "error: `claims/sub/up` is a symbolic link loop (it leads back to `claims`)
  --> claims/sub/up
   = help: remove the link, or point it at a folder outside the claims folder

error: 1 problem in claim files
"
    );
}

// ---------------------------------------------------------------------------------------------
// Articles and the corpus

/// A corpus of the Financial Times article and `name` holding `bytes`; the report must still
/// run, skip that file with `warning`, and read the good article.
fn skipped_article(name: &str, bytes: &[u8], warning: &str) {
    let workspace = Workspace::with_shells();
    workspace.write(&format!("corpus/{name}"), bytes);
    let (report, stderr) = workspace.json_report(&[]);
    assert_eq!(stderr, format!("warning: {warning}\n"));
    assert_eq!(report["corpus"]["articles"], 1);
    assert_eq!(
        report["corpus"]["skipped"],
        serde_json::json!([{"file": format!("corpus/{name}"), "reason": warning}])
    );
    assert_eq!(claim(&report, "artillery-shells")["verdict"], "single");
    let table = workspace.run(&["report"]);
    assert_eq!(table.code, 0);
    assert!(
        table
            .stdout
            .ends_with("1 article read, 231 bytes\n1 file skipped (see the warnings above)\n"),
        "{}",
        table.stdout
    );
}

/// `text` in Windows-1256, the usual legacy Arabic encoding (the letters used below only).
fn windows_1256(text: &str) -> Vec<u8> {
    text.chars()
        .map(|c| match c {
            ' ' => 0x20,
            'م' => 0xE3,
            'ن' => 0xE4,
            'ج' => 0xCC,
            'ا' => 0xC7,
            'ب' => 0xC8,
            'ه' => 0xE5,
            other => panic!("no Windows-1256 byte for {other:?} in this test"),
        })
        .collect()
}

#[test]
fn a_non_utf8_article_is_skipped_with_the_iconv_fix() {
    skipped_article(
        "old.txt",
        &windows_1256("من جانبها"),
        // These letters have the same bytes in ISO-8859-6: both encodings are named.
        "corpus/old.txt: skipped: not UTF-8 (byte 0xE3 at line 1, column 1); convert it to \
         UTF-8, e.g. iconv -f WINDOWS-1256 -t UTF-8 for Arabic Windows text, or iconv -f \
         ISO-8859-6 -t UTF-8 for Arabic ISO text",
    );
    // "ق" (0xDE) is a byte ISO-8859-6 leaves undefined: Windows-1256.
    let mut bytes = windows_1256("من جانبها");
    bytes.extend_from_slice(&[0x20, 0xDE]);
    skipped_article(
        "old.txt",
        &bytes,
        "corpus/old.txt: skipped: not UTF-8 (byte 0xE3 at line 1, column 1); convert it to \
         UTF-8, e.g. iconv -f WINDOWS-1256 -t UTF-8 for Arabic Windows text",
    );
}

/// An ISO-8859-6 article got the Windows-1256 hint, which converts it to the wrong letters.
#[test]
fn an_iso_8859_6_article_gets_the_iso_8859_6_hint() {
    // "وبوتين" in ISO-8859-6 (in Windows-1256, 0xE8 and 0xEA are "è" and "ê").
    skipped_article(
        "iso.txt",
        &[0xE8, 0xC8, 0xE8, 0xCA, 0xEA, 0xE6],
        "corpus/iso.txt: skipped: not UTF-8 (byte 0xE8 at line 1, column 1); convert it to \
         UTF-8, e.g. iconv -f ISO-8859-6 -t UTF-8 for Arabic ISO text",
    );
}

#[test]
fn a_utf16_article_is_skipped_with_the_iconv_fix() {
    let body = ARABI21_ARTICLE;
    let mut little_endian = vec![0xFF, 0xFE];
    little_endian.extend(body.encode_utf16().flat_map(u16::to_le_bytes));
    skipped_article(
        "wide.txt",
        &little_endian,
        "corpus/wide.txt: skipped: UTF-16LE text (it starts with a UTF-16LE byte-order mark); \
         convert it to UTF-8, e.g. iconv -f UTF-16LE -t UTF-8",
    );
    let mut big_endian = vec![0xFE, 0xFF];
    big_endian.extend(body.encode_utf16().flat_map(u16::to_be_bytes));
    skipped_article(
        "wide.txt",
        &big_endian,
        "corpus/wide.txt: skipped: UTF-16BE text (it starts with a UTF-16BE byte-order mark); \
         convert it to UTF-8, e.g. iconv -f UTF-16BE -t UTF-8",
    );
    // Without a byte-order mark, the NUL bytes of ASCII characters give it away.
    let no_mark: Vec<u8> = body.encode_utf16().flat_map(u16::to_le_bytes).collect();
    skipped_article(
        "wide.txt",
        &no_mark,
        "corpus/wide.txt: skipped: looks binary (a NUL byte at byte 1); articles must be UTF-8 \
         text (UTF-16 without a byte-order mark looks like this too: convert it with iconv -f \
         UTF-16 -t UTF-8)",
    );
}

#[test]
fn a_binary_file_named_like_an_article_is_skipped() {
    let png = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01";
    skipped_article(
        "photo.txt",
        png,
        "corpus/photo.txt: skipped: looks binary (a NUL byte at byte 8); articles must be UTF-8 \
         text (UTF-16 without a byte-order mark looks like this too: convert it with iconv -f \
         UTF-16 -t UTF-8)",
    );
}

#[test]
fn an_empty_article_is_read_and_finds_nothing() {
    let workspace = Workspace::with_shells();
    workspace.write("corpus/empty.txt", "");
    workspace.write("corpus/only-front-matter.md", "---\nsource: Minbar\n---\n");
    let (report, stderr) = workspace.json_report(&[]);
    assert_eq!(stderr, "");
    assert_eq!(report["corpus"]["articles"], 3);
    assert_eq!(report["corpus"]["bytes"], 231);
    assert_eq!(report["corpus"]["skipped"], serde_json::json!([]));
    assert_eq!(observations(&report, "artillery-shells").len(), 1);

    // A corpus of nothing but empty articles is read too: every claim is missing.
    let workspace = Workspace::empty();
    workspace.write("claims/shells.yaml", SHELLS_CLAIM);
    workspace.write("corpus/empty.txt", "");
    let (report, _) = workspace.json_report(&[]);
    assert_eq!(claim(&report, "artillery-shells")["verdict"], "missing");
}

/// An article of about `megabytes` MiB: front matter, the filler repeated, then the Financial
/// Times statement on the last line. Returns the line of the statement.
fn big_article(workspace: &Workspace, megabytes: usize) -> (u64, u64) {
    let filler = filler();
    let repeats = megabytes * 1024 * 1024 / filler.len() + 1;
    let mut text = String::with_capacity(repeats * filler.len() + 1024);
    text.push_str("---\nsource: Big Dump\npublished: 2024-06-19\n---\n");
    for _ in 0..repeats {
        text.push_str(&filler);
    }
    let statement = FT_ARTICLE.lines().nth(4).expect("statement");
    text.push_str(statement);
    text.push('\n');
    let line = text.lines().count() as u64;
    workspace.write("corpus/dump.txt", &text);
    (line, column_of(statement, "ما يقرب من"))
}

/// The report on a big article is right, and its peak memory is held to a generous bound.
#[cfg(target_os = "linux")]
fn big_article_is_read_correctly(megabytes: usize) {
    let workspace = Workspace::empty();
    workspace.write("claims/shells.yaml", SHELLS_CLAIM);
    let (line, column) = big_article(&workspace, megabytes);
    let (run, peak_kib) = workspace.run_measured(&["report", "--format", "json"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(run.stderr, "");
    let report: Json = serde_json::from_str(&run.stdout).expect("JSON");
    assert_eq!(
        observations(&report, "artillery-shells"),
        vec![(
            "corpus/dump.txt".to_string(),
            line,
            column,
            Json::from(5_000_000),
            Json::from("approx"),
            "ما يقرب من 5 ملايين".to_string()
        )]
    );
    let size_kib = (megabytes * 1024) as u64;
    eprintln!(
        "{megabytes} MiB article: peak memory {} MiB ({:.1}× the article)",
        peak_kib / 1024,
        peak_kib as f64 / size_kib as f64
    );
    // Measured (debug and release alike): 8 MiB → 35 MiB, 200 MiB → 616–634 MiB (3.1–4.4×:
    // the article, the prefilter's stream of two bytes a letter, the folded lines holding a
    // candidate and small maps). It was 9.5× before the normaliser's offset map and the line
    // index were made compact, and 5× while the stream kept every letter's offset; the bound
    // catches such growth, not a few percent.
    assert!(
        peak_kib < 4 * size_kib + 64 * 1024,
        "peak memory {peak_kib} KiB for a {megabytes} MiB article"
    );
}

#[cfg(target_os = "linux")]
#[test]
fn a_big_single_article_is_read_correctly_in_bounded_memory() {
    big_article_is_read_correctly(8);
}

#[cfg(target_os = "linux")]
#[test]
fn a_200_megabyte_article_is_read_correctly_in_bounded_memory() {
    big_article_is_read_correctly(200);
}

#[test]
fn an_article_over_the_size_limit_is_skipped_and_the_limit_can_be_raised() {
    let workspace = Workspace::with_shells();
    // A sparse file: 300 MiB on paper, nothing on disk, never read.
    let dump = fs::File::create(workspace.path("corpus/disk-image.txt")).expect("create");
    dump.set_len(300 * 1024 * 1024).expect("sparse file");
    let (report, stderr) = workspace.json_report(&[]);
    let warning = "corpus/disk-image.txt: skipped: 314572800 bytes is over the limit of \
                   268435456 bytes for one article; split it into smaller files";
    assert_eq!(
        stderr,
        format!(
            "warning: {warning}\n  = help: to read it whole, raise the limit: \
             --max-article-bytes 314572800\n"
        )
    );
    assert_eq!(report["corpus"]["articles"], 1);

    // A limit raised above the file reads it (300 MiB of NUL bytes: binary, skipped as such
    // — after reading, which the default limit spared).
    let (report, stderr) = workspace.json_report(&["--max-article-bytes", "512M"]);
    assert_eq!(
        stderr,
        "warning: corpus/disk-image.txt: skipped: looks binary (a NUL byte at byte 0); articles \
         must be UTF-8 text (UTF-16 without a byte-order mark looks like this too: convert it \
         with iconv -f UTF-16 -t UTF-8)\n"
    );
    assert_eq!(report["corpus"]["articles"], 1);
    let run = workspace.run(&["report", "--max-article-bytes", "lots"]);
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains(
        "invalid value 'lots' for '--max-article-bytes <SIZE>': `lots` is not a size; write \
         bytes or a number with K, M or G, e.g. 512M"
    ));
}

#[test]
fn a_corpus_where_every_file_is_skipped_says_why() {
    let workspace = Workspace::with_shells();
    let run = workspace.run(&["report", "--max-article-bytes", "100"]);
    assert_eq!(run.code, 2);
    assert_eq!(
        run.stderr,
        format!(
            "warning: corpus/ft.txt: skipped: {} bytes is over the limit of 100 bytes for one \
             article; split it into smaller files\n  = help: to read it whole, raise the \
             limit: --max-article-bytes {}\nerror: corpus folder `corpus` holds no readable article: \
             1 skipped (see the warnings); convert them to UTF-8 text or pass another folder \
             with `--corpus DIR`\n",
            FT_ARTICLE.len(),
            FT_ARTICLE.len()
        )
    );
}

#[test]
fn a_ten_megabyte_line_without_a_newline() {
    let workspace = Workspace::with_shells();
    // The filler's sentences on one line, the statement in the middle of it, no line break
    // anywhere in the file.
    let sentences = filler().replace(['\n', '\r'], " ");
    let half = 5 * 1024 * 1024 / sentences.len() + 1;
    let statement = FT_ARTICLE.lines().nth(4).expect("statement");
    let mut line = sentences.repeat(half);
    let column = line.chars().count() as u64 + column_of(statement, "ما يقرب من");
    line.push_str(statement);
    line.push(' ');
    line.push_str(&sentences.repeat(half));
    assert!(line.len() > 10 * 1024 * 1024);
    workspace.write("corpus/one-line.txt", &line);
    let (report, stderr) = workspace.json_report(&[]);
    assert_eq!(stderr, "");
    let found = observations(&report, "artillery-shells");
    assert_eq!(found.len(), 2);
    assert_eq!(
        found[1],
        (
            "corpus/one-line.txt".to_string(),
            1,
            column,
            Json::from(5_000_000),
            Json::from("approx"),
            "ما يقرب من 5 ملايين".to_string()
        )
    );
    assert_eq!(claim(&report, "artillery-shells")["verdict"], "agree");
}

/// A line that is one clause of 128 KB, the anchor over and over with no punctuation: every
/// repetition is a match in the same window. Each match used to read the whole window again
/// (its words, its values, a copy of its text), which took minutes and gigabytes; the window
/// is now read once for all its matches. Sized to finish in about a second in a debug build
/// when the scan is linear, and never within CI's time when it is quadratic again.
#[test]
fn a_single_line_of_the_anchor_repeated_is_scanned_in_linear_time() {
    let workspace = Workspace::empty();
    workspace.write("claims/shells.yaml", SHELLS_CLAIM);
    let unit = "قذائف مدفعية ";
    let repeats = 128 * 1024 / unit.len();
    workspace.write("corpus/repeated.txt", unit.repeat(repeats));
    let (report, stderr) = workspace.json_report(&[]);
    assert_eq!(stderr, "");
    let shells = claim(&report, "artillery-shells");
    // Mentioned at every repetition, never with a value.
    assert_eq!(shells["verdict"], "unstated");
    assert_eq!(observations(&report, "artillery-shells"), vec![]);
    let mentions = shells["mentions"].as_array().expect("mentions");
    assert_eq!(mentions.len(), repeats);
    let unit_chars = unit.chars().count() as u64;
    for (n, mention) in (0u64..).zip(mentions) {
        assert_eq!(mention["file"], "corpus/repeated.txt");
        assert_eq!(mention["line"], 1);
        assert_eq!(mention["column"], n * unit_chars + 1);
    }
}

/// A 250 KB line of numbers, `1 2 3 …`, one clause, with the anchor before every hundredth
/// number: hundreds of matches in a window holding tens of thousands of values. Each match
/// takes the number right after it (a tie with the one before goes to the one after), found
/// by a binary search rather than by measuring the distance to every value; its evidence is
/// an excerpt of the 250 KB window around the anchor and the value, not the whole line.
#[test]
fn a_long_line_of_numbers_reads_the_value_next_to_each_anchor_in_linear_time() {
    let workspace = Workspace::empty();
    workspace.write("claims/shells.yaml", SHELLS_CLAIM);
    let anchor = "قذائف مدفعية";
    let mut line = String::new();
    // (column of the value, value) for every anchor placed.
    let mut expected: Vec<(u64, u64)> = Vec::new();
    let mut columns = 1u64;
    let mut number = 1u64;
    while line.len() < 250 * 1024 {
        if number.is_multiple_of(100) {
            let placed = format!("{anchor} ");
            line.push_str(&placed);
            columns += placed.chars().count() as u64;
            expected.push((columns, number));
        }
        let placed = format!("{number} ");
        line.push_str(&placed);
        columns += placed.chars().count() as u64;
        number += 1;
    }
    assert!(expected.len() > 400, "{}", expected.len());
    workspace.write("corpus/numbers.txt", &line);
    let (report, stderr) = workspace.json_report(&[]);
    assert_eq!(stderr, "");
    let found = observations(&report, "artillery-shells");
    let wanted: Vec<(String, u64, u64, Json, Json, String)> = expected
        .iter()
        .map(|&(column, value)| {
            (
                "corpus/numbers.txt".to_string(),
                1,
                column,
                Json::from(value),
                Json::from("exact"),
                value.to_string(),
            )
        })
        .collect();
    assert_eq!(found, wanted);
    let shells = claim(&report, "artillery-shells");
    assert_eq!(shells["verdict"], "conflict");
    assert_eq!(shells["mentions"], serde_json::json!([]));
    // Each evidence is an excerpt: the anchor and its value with a few hundred bytes on each
    // side, `…` where the line goes on (the first anchor is near the start of the line).
    let evidence: Vec<&str> = shells["observations"]
        .as_array()
        .expect("observations")
        .iter()
        .map(|o| o["evidence"].as_str().expect("evidence"))
        .collect();
    assert!(evidence[0].starts_with("1 2 3 4 5 "), "{}", evidence[0]);
    for (n, (quoted, &(_, value))) in evidence.iter().zip(&expected).enumerate() {
        assert!(quoted.starts_with('…') || n == 0, "{quoted}");
        assert!(quoted.ends_with('…') || n == expected.len() - 1, "{quoted}");
        assert!(quoted.contains(&format!(" {} {anchor} {value} ", value - 1)));
        assert!(quoted.len() < 1024, "{} bytes: {quoted}", quoted.len());
    }
}

#[test]
fn a_byte_order_mark_crlf_and_lone_cr_are_read_with_editor_lines_and_columns() {
    let workspace = Workspace::empty();
    workspace.write("claims/shells.yaml", SHELLS_CLAIM);
    let mut bom = b"\xEF\xBB\xBF".to_vec();
    bom.extend_from_slice(FT_ARTICLE.as_bytes());
    workspace.write("corpus/bom.txt", bom);
    workspace.write("corpus/crlf.txt", ARABI21_ARTICLE.replace('\n', "\r\n"));
    let lone_cr =
        "---\rsource: Minbar\r---\rمقدمة\r\rوقال مسؤول إن الشحنات بلغت نحو مليون قذيفة مدفعية.\r";
    workspace.write("corpus/lone-cr.txt", lone_cr);
    let (report, stderr) = workspace.json_report(&[]);
    assert_eq!(stderr, "");
    let ft_line = FT_ARTICLE.lines().nth(4).expect("line");
    let arabi21_line = ARABI21_ARTICLE.lines().nth(4).expect("line");
    assert_eq!(
        observations(&report, "artillery-shells"),
        vec![
            (
                "corpus/bom.txt".to_string(),
                5,
                column_of(ft_line, "ما يقرب"),
                Json::from(5_000_000),
                Json::from("approx"),
                "ما يقرب من 5 ملايين".to_string()
            ),
            (
                "corpus/crlf.txt".to_string(),
                5,
                column_of(arabi21_line, "أكثر من"),
                Json::from(1_000_000),
                Json::from("more_than"),
                "أكثر من مليون".to_string()
            ),
            (
                "corpus/lone-cr.txt".to_string(),
                6,
                column_of("وقال مسؤول إن الشحنات بلغت نحو مليون", "نحو"),
                Json::from(1_000_000),
                Json::from("approx"),
                "نحو مليون".to_string()
            ),
        ]
    );
    let sources: Vec<&str> = ["Financial Times", "Arabi21", "Minbar"].to_vec();
    let shown: Vec<&str> = claim(&report, "artillery-shells")["observations"]
        .as_array()
        .expect("observations")
        .iter()
        .filter_map(|o| o["source"].as_str())
        .collect();
    assert_eq!(shown, sources);
}

/// Every bidi and zero-width control, between every two characters of the article bodies.
#[test]
fn bidi_and_zero_width_controls_everywhere_change_nothing_but_columns() {
    const CONTROLS: [char; 12] = [
        '\u{200B}', '\u{200C}', '\u{200D}', '\u{200E}', '\u{200F}', '\u{202A}', '\u{202B}',
        '\u{202C}', '\u{2066}', '\u{2067}', '\u{2069}', '\u{061C}',
    ];
    let sprinkle = |article: &str| -> String {
        let (front, body) = article.split_at(article.find("---\n").expect("front") + 4);
        let (front_rest, body) = body.split_at(body.find("---\n").expect("end") + 4);
        let mut out = format!("{front}{front_rest}");
        for (i, c) in body.chars().enumerate() {
            out.push(c);
            if c != '\n' {
                out.push(CONTROLS[i % CONTROLS.len()]);
            }
        }
        out
    };
    let clean = Workspace::empty();
    clean.write("claims/shells.yaml", SHELLS_CLAIM);
    clean.write("corpus/ft.txt", FT_ARTICLE);
    clean.write("corpus/arabi21.txt", ARABI21_ARTICLE);
    let (clean_report, _) = clean.json_report(&[]);

    let noisy = Workspace::empty();
    noisy.write("claims/shells.yaml", SHELLS_CLAIM);
    let ft = sprinkle(FT_ARTICLE);
    let arabi21 = sprinkle(ARABI21_ARTICLE);
    noisy.write("corpus/ft.txt", &ft);
    noisy.write("corpus/arabi21.txt", &arabi21);
    let (noisy_report, stderr) = noisy.json_report(&[]);
    assert_eq!(stderr, "");
    assert_eq!(
        claim(&noisy_report, "artillery-shells")["verdict"],
        claim(&clean_report, "artillery-shells")["verdict"]
    );
    let strip = |text: &str| text.replace(CONTROLS, "");
    let clean_found = observations(&clean_report, "artillery-shells");
    let noisy_found = observations(&noisy_report, "artillery-shells");
    assert_eq!(noisy_found.len(), 2);
    for ((file, line, column, value, qualifier, text), clean) in
        noisy_found.iter().zip(&clean_found)
    {
        assert_eq!(
            (file, line, value, qualifier),
            (&clean.0, &clean.1, &clean.3, &clean.4)
        );
        // The evidence is quoted as written, controls included, and points at the right place.
        assert_eq!(strip(text), clean.5);
        let article = if file.ends_with("ft.txt") {
            &ft
        } else {
            &arabi21
        };
        let source_line = article.lines().nth(4).expect("line 5");
        assert!(source_line.contains(text.as_str()));
        assert_eq!(*column, column_of(source_line, text));
    }
}

#[cfg(unix)]
#[test]
fn a_symlink_loop_in_the_corpus_is_skipped_with_a_warning() {
    let workspace = Workspace::with_shells();
    fs::create_dir(workspace.path("corpus/sub")).expect("mkdir");
    std::os::unix::fs::symlink("..", workspace.path("corpus/sub/loop")).expect("symlink");
    let (report, stderr) = workspace.json_report(&[]);
    let warning = "corpus/sub/loop: skipped: symbolic link loop (it leads back to corpus); it is not followed";
    assert_eq!(stderr, format!("warning: {warning}\n"));
    assert_eq!(report["corpus"]["articles"], 1);
    assert_eq!(
        report["corpus"]["skipped"],
        serde_json::json!([{"file": "corpus/sub/loop", "reason": warning}])
    );
}

#[cfg(target_os = "linux")]
#[test]
fn an_unreadable_file_in_the_corpus_is_skipped_with_a_warning() {
    let workspace = Workspace::with_shells();
    // A file every read of fails, even for root: /proc/self/mem has nothing at offset 0.
    std::os::unix::fs::symlink("/proc/self/mem", workspace.path("corpus/mem.txt"))
        .expect("symlink");
    let (report, stderr) = workspace.json_report(&[]);
    let warning = "corpus/mem.txt: skipped: cannot be read (Input/output error (os error 5)); \
                   check that it exists and that you may read it";
    assert_eq!(stderr, format!("warning: {warning}\n"));
    assert_eq!(report["corpus"]["articles"], 1);

    // A file without read permission; root reads it anyway, so only others can see the skip.
    use std::os::unix::fs::PermissionsExt;
    fs::remove_file(workspace.path("corpus/mem.txt")).expect("rm");
    workspace.write("corpus/secret.txt", ARABI21_ARTICLE);
    fs::set_permissions(
        workspace.path("corpus/secret.txt"),
        fs::Permissions::from_mode(0o000),
    )
    .expect("chmod");
    let (report, stderr) = workspace.json_report(&[]);
    // SAFETY: geteuid has no preconditions.
    if unsafe { libc::geteuid() } == 0 {
        assert_eq!(report["corpus"]["articles"], 2);
    } else {
        assert_eq!(
            stderr,
            "warning: corpus/secret.txt: skipped: cannot be read (Permission denied (os error \
             13)); check that it exists and that you may read it\n"
        );
        assert_eq!(report["corpus"]["articles"], 1);
    }
}

#[test]
fn a_corpus_path_that_is_a_file() {
    let workspace = Workspace::with_shells();
    // An article file is a corpus of one.
    let run = workspace.run(&["report", "--corpus", "corpus/ft.txt"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(run.stdout.contains("1 article read"), "{}", run.stdout);
    // Another file is an error saying what is read.
    workspace.write("corpus/notes.pdf", "%PDF");
    for command in ["report", "check"] {
        let run = workspace.run(&[command, "--corpus", "corpus/notes.pdf"]);
        assert_eq!(run.code, 2, "{command}");
        assert_eq!(run.stdout, "");
        assert_eq!(
            run.stderr,
            "error: corpus path `corpus/notes.pdf` is neither a folder nor an article file \
             (`.txt`, `.md`, `.html`, `.jsonl`, `.csv`, `.tsv`, `.warc`, `.wet`, each also `.gz` \
             or `.zst`); pass an article file or the folder that holds the articles\n"
        );
    }
}

// ---------------------------------------------------------------------------------------------
// Output

#[cfg(unix)]
#[test]
fn output_to_a_closed_pipe_ends_quietly() {
    let workspace = Workspace::with_shells();
    workspace.write("corpus/arabi21.txt", ARABI21_ARTICLE);
    let commands: [&[&str]; 5] = [
        &["report"],
        &["report", "--format", "json"],
        &["check"],
        &["explain", "artillery-shells"],
        &["extract", "ما يقرب من 5 ملايين قذيفة مدفعية"],
    ];
    for args in commands {
        let mut child = workspace
            .command(args)
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("starts");
        // Close the reading end before anything is read: every write fails with EPIPE.
        drop(child.stdout.take());
        let output = child.wait_with_output().expect("ends");
        let expected = if args[0] == "check" { 1 } else { 0 };
        assert_eq!(output.status.code(), Some(expected), "{args:?}");
        assert_eq!(String::from_utf8_lossy(&output.stderr), "", "{args:?}");
    }
    // The same through a shell, as people write it.
    let shell = Command::new("sh")
        .arg("-c")
        .arg(format!(
            "'{}' report --format json | head -1",
            env!("CARGO_BIN_EXE_crosscheck")
        ))
        .current_dir(workspace.path(""))
        .output()
        .expect("sh runs");
    assert_eq!(String::from_utf8_lossy(&shell.stdout), "{\n");
    assert_eq!(String::from_utf8_lossy(&shell.stderr), "");
}

// ---------------------------------------------------------------------------------------------
// Safe writes

/// Every file under `dir` with its bytes, permissions and modification time.
fn snapshot(dir: &Path) -> Vec<(PathBuf, Vec<u8>, u32, std::time::SystemTime)> {
    use std::os::unix::fs::PermissionsExt;
    let mut files: Vec<_> = walk(dir)
        .into_iter()
        .map(|path| {
            let metadata = fs::symlink_metadata(&path).expect("stat");
            let bytes = if metadata.is_file() {
                fs::read(&path).expect("read")
            } else {
                Vec::new()
            };
            (
                path,
                bytes,
                metadata.permissions().mode(),
                metadata.modified().expect("mtime"),
            )
        })
        .collect();
    files.sort();
    files
}

fn walk(dir: &Path) -> Vec<PathBuf> {
    let mut found = vec![dir.to_path_buf()];
    if let Ok(entries) = fs::read_dir(dir) {
        for entry in entries.flatten() {
            let path = entry.path();
            if path.is_dir() && !path.is_symlink() {
                found.extend(walk(&path));
            } else {
                found.push(path);
            }
        }
    }
    found
}

#[cfg(unix)]
#[test]
fn a_read_only_corpus_works_and_is_never_written() {
    use std::os::unix::fs::PermissionsExt;
    let workspace = Workspace::with_shells();
    workspace.write("corpus/arabi21.txt", ARABI21_ARTICLE);
    for file in ["corpus/ft.txt", "corpus/arabi21.txt"] {
        fs::set_permissions(workspace.path(file), fs::Permissions::from_mode(0o444))
            .expect("chmod");
    }
    fs::set_permissions(workspace.path("corpus"), fs::Permissions::from_mode(0o555))
        .expect("chmod");
    let before = snapshot(&workspace.path("corpus"));
    let runs: [(&[&str], i32); 7] = [
        (&["report"], 0),
        (
            &["report", "--format", "json", "--output", "report.json"],
            0,
        ),
        (&["check"], 1),
        (&["explain", "artillery-shells"], 0),
        (&["claim", "list"], 0),
        (
            &[
                "claim",
                "new",
                "--id",
                "putin-visit-year",
                "--kind",
                "year",
                "--anchor",
                "زار بيونغ يانغ",
                "--title",
                "Year of Putin's previous visit to Pyongyang",
            ],
            0,
        ),
        (
            &["accept", "artillery-shells", "--reason", "different facts"],
            0,
        ),
    ];
    for (args, code) in runs {
        let run = workspace.run(args);
        assert_eq!(run.code, code, "{args:?}: {run:?}");
    }
    assert_eq!(snapshot(&workspace.path("corpus")), before);
    fs::set_permissions(workspace.path("corpus"), fs::Permissions::from_mode(0o755))
        .expect("chmod back");
}

#[cfg(unix)]
#[test]
fn claim_new_never_overwrites_and_never_writes_through_a_link() {
    let workspace = Workspace::with_shells();
    let new_claim = |id: &'static str| {
        [
            "claim",
            "new",
            "--id",
            id,
            "--kind",
            "quantity",
            "--anchor",
            "قذائف مدفعية",
            "--title",
            "Shells",
            "--no-preview",
        ]
    };
    let shells = fs::read(workspace.path("claims/shells.yaml")).expect("read");
    // The id is taken, in another file.
    let run = workspace.run(&new_claim("artillery-shells"));
    assert_eq!(run.code, 2);
    assert_eq!(
        run.stderr,
        "error: the id `artillery-shells` is already used by the claim at claims/shells.yaml:2, \
         so nothing was written\nhelp: choose another id (ids are unique across all claim \
         files)\n"
    );
    assert!(!workspace.path("claims/artillery-shells.yaml").exists());

    // The file exists (holding another claim): never overwritten.
    let other = SHELLS_CLAIM.replace("artillery-shells", "other");
    workspace.write("claims/shells-delivered.yaml", &other);
    let run = workspace.run(&new_claim("shells-delivered"));
    assert_eq!(run.code, 2);
    assert_eq!(
        run.stderr,
        "error: `claims/shells-delivered.yaml` already exists, so nothing was written\nhelp: \
         choose another id, or edit that file by hand\n"
    );
    assert_eq!(
        fs::read_to_string(workspace.path("claims/shells-delivered.yaml")).expect("read"),
        other
    );

    // The name is a link to a file that does not exist yet: nothing is created through it.
    let target = workspace.path("outside.yaml");
    std::os::unix::fs::symlink(&target, workspace.path("claims/shells-agreed.yaml"))
        .expect("symlink");
    let run = workspace.run(&new_claim("shells-agreed"));
    assert_eq!(run.code, 2);
    assert!(
        run.stderr.starts_with(
            "error: `claims/shells-agreed.yaml` is a broken symbolic link (what it points to \
             does not exist)\n"
        ),
        "{}",
        run.stderr
    );
    assert!(!target.exists());

    // The files that were there are byte for byte as they were; nothing half-written is left.
    assert_eq!(
        fs::read(workspace.path("claims/shells.yaml")).expect("read"),
        shells
    );
    let mut names: Vec<String> = fs::read_dir(workspace.path("claims"))
        .expect("list")
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    assert_eq!(
        names,
        ["shells-agreed.yaml", "shells-delivered.yaml", "shells.yaml"]
    );
}

#[cfg(unix)]
#[test]
fn promote_and_retire_never_write_through_a_linked_file_and_keep_permissions() {
    use std::os::unix::fs::{PermissionsExt, symlink};
    let workspace = Workspace::with_shells();
    let review = SHELLS_CLAIM.replace("    kind:", "    status: review\n    kind:");
    workspace.write("claims/shells.yaml", &review);
    fs::set_permissions(
        workspace.path("claims/shells.yaml"),
        fs::Permissions::from_mode(0o640),
    )
    .expect("chmod");
    let run = workspace.run(&["claim", "promote", "artillery-shells"]);
    assert_eq!(run.code, 0, "{run:?}");
    let promoted = fs::read_to_string(workspace.path("claims/shells.yaml")).expect("read");
    assert_eq!(promoted, review.replace("status: review", "status: active"));
    let mode = fs::metadata(workspace.path("claims/shells.yaml"))
        .expect("stat")
        .permissions()
        .mode();
    assert_eq!(mode & 0o777, 0o640);

    // The claim file is a link to a file elsewhere: refused, the file there unchanged.
    fs::rename(
        workspace.path("claims/shells.yaml"),
        workspace.path("shared-shells.yaml"),
    )
    .expect("move");
    symlink(
        workspace.path("shared-shells.yaml"),
        workspace.path("claims/shells.yaml"),
    )
    .expect("symlink");
    let run = workspace.run(&["claim", "retire", "artillery-shells"]);
    assert_eq!(run.code, 2);
    assert_eq!(
        run.stderr,
        "error: cannot write `claims/shells.yaml`: it is a symbolic link; crosscheck does not \
         write through links (edit the file it points to, or replace the link with the file)\n\
         the file was not changed\n"
    );
    assert_eq!(
        fs::read_to_string(workspace.path("shared-shells.yaml")).expect("read"),
        promoted
    );
}

#[cfg(unix)]
#[test]
fn retire_never_follows_a_linked_folder_out_of_the_claims_folder() {
    let workspace = Workspace::with_shells();
    fs::create_dir(workspace.path("elsewhere")).expect("mkdir");
    fs::rename(
        workspace.path("claims/shells.yaml"),
        workspace.path("elsewhere/shells.yaml"),
    )
    .expect("move");
    std::os::unix::fs::symlink(workspace.path("elsewhere"), workspace.path("claims/shared"))
        .expect("symlink");
    let run = workspace.run(&["claim", "retire", "artillery-shells"]);
    assert_eq!(run.code, 2, "{run:?}");
    assert!(
        run.stderr.contains("it lies outside `claims`"),
        "{}",
        run.stderr
    );
    assert_eq!(
        fs::read_to_string(workspace.path("elsewhere/shells.yaml")).expect("read"),
        SHELLS_CLAIM
    );
}

#[cfg(unix)]
#[test]
fn report_output_is_atomic_never_through_a_link_and_keeps_permissions() {
    use std::os::unix::fs::{PermissionsExt, symlink};
    let workspace = Workspace::with_shells();
    workspace.write("report.json", "old report");
    fs::set_permissions(
        workspace.path("report.json"),
        fs::Permissions::from_mode(0o600),
    )
    .expect("chmod");
    let run = workspace.run(&["report", "--format", "json", "--output", "report.json"]);
    assert_eq!(run.code, 0, "{run:?}");
    let written: Json =
        serde_json::from_str(&fs::read_to_string(workspace.path("report.json")).expect("read"))
            .expect("JSON");
    assert_eq!(written["version"], 1);
    let mode = fs::metadata(workspace.path("report.json"))
        .expect("stat")
        .permissions()
        .mode();
    assert_eq!(mode & 0o777, 0o600);

    workspace.write("elsewhere.json", "keep");
    symlink(
        workspace.path("elsewhere.json"),
        workspace.path("linked.json"),
    )
    .expect("symlink");
    let run = workspace.run(&["report", "--output", "linked.json"]);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr.ends_with(
            "cannot write `linked.json`: it is a symbolic link; crosscheck does not write \
             through links (edit the file it points to, or replace the link with the file)\n"
        ),
        "{}",
        run.stderr
    );
    assert_eq!(
        fs::read_to_string(workspace.path("elsewhere.json")).expect("read"),
        "keep"
    );

    // Into a folder that does not exist: an error, and nothing is created.
    // The message names the user's folder, never the temporary file's internal name, and
    // comes before the scan.
    let run = workspace.run(&["report", "--output", "missing/report.txt"]);
    assert_eq!(run.code, 2);
    assert_eq!(
        run.stderr,
        "error: cannot write `missing/report.txt`: the folder `missing` does not exist; create \
         it first, or write elsewhere\n"
    );
    assert!(!workspace.path("missing").exists());
}

/// `count` claims sharing the shells anchors, `c00`, `c01`, …, all under review.
fn review_claims(count: usize) -> String {
    let mut text = String::from("claims:\n");
    for index in 0..count {
        text.push_str(&format!(
            "  - id: c{index:02}\n    title: Shells, claim {index}\n    kind: quantity\n    \
             status: review\n    anchors: [قذائف مدفعية, قذيفة مدفعية]\n"
        ));
    }
    text
}

/// Issue #18 item 1: fifty commands editing one claim file at once (promote, retire, accept,
/// each on its own claim) all succeed and every change is in the file at the end. Without
/// the lock, edits read the file before another's rename and write it back without it.
#[test]
fn fifty_concurrent_edits_of_one_claim_file_all_land() {
    let workspace = Workspace::with_shells();
    workspace.write("corpus/arabi21.txt", ARABI21_ARTICLE);
    workspace.write("claims/multi.yaml", review_claims(50));
    fs::remove_file(workspace.path("claims/shells.yaml")).expect("remove");
    let mut children = Vec::new();
    for index in 0..50 {
        let id = format!("c{index:02}");
        let args: Vec<&str> = match index % 5 {
            0 | 1 => vec!["claim", "promote", &id],
            2 | 3 => vec!["claim", "retire", &id],
            _ => vec!["accept", &id, "--reason", "agreed in total vs delivered"],
        };
        let child = workspace
            .command(&args)
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .expect("starts");
        children.push((id, child));
    }
    for (id, child) in children {
        let output = child.wait_with_output().expect("ends");
        assert!(
            output.status.success(),
            "{id}: {}",
            String::from_utf8_lossy(&output.stderr)
        );
    }
    let set = crosscheck::claims::load_claims(&workspace.path("claims")).expect("valid claims");
    for index in 0..50 {
        let claim = set.get(&format!("c{index:02}")).expect("claim kept");
        match index % 5 {
            0 | 1 => assert_eq!(claim.status, crosscheck::claims::Status::Active, "{index}"),
            2 | 3 => assert_eq!(claim.status, crosscheck::claims::Status::Retired, "{index}"),
            _ => {
                let accepted = claim.accepted.as_ref().expect("accepted recorded");
                assert_eq!(accepted.values.len(), 2, "{index}");
            }
        }
    }
    let names: Vec<String> = fs::read_dir(workspace.path("claims"))
        .expect("list")
        .map(|entry| {
            entry
                .expect("entry")
                .file_name()
                .to_string_lossy()
                .into_owned()
        })
        .collect();
    assert_eq!(names, ["multi.yaml"], "no lock or temporary file is left");
}

/// Issue #18 item 1: an edit waits for the lock a few seconds, then names who holds it.
#[cfg(target_os = "linux")]
#[test]
fn an_edit_of_a_locked_claim_file_names_the_holder() {
    let workspace = Workspace::with_shells();
    let held = fs::File::open(workspace.path("claims/shells.yaml")).expect("open");
    held.lock().expect("lock");
    let run = workspace.run(&["claim", "retire", "artillery-shells"]);
    assert_eq!(run.code, 2, "{run:?}");
    let expected_start = format!(
        "error: cannot write `claims/shells.yaml`: process {} (`",
        std::process::id()
    );
    assert!(run.stderr.starts_with(&expected_start), "{}", run.stderr);
    assert!(
        run.stderr.ends_with(
            "`) is editing it (it has held its lock for more than 5 seconds); wait for it to \
             finish and try again\nthe file was not changed\n"
        ),
        "{}",
        run.stderr
    );
    drop(held);
    assert_eq!(
        fs::read_to_string(workspace.path("claims/shells.yaml")).expect("read"),
        SHELLS_CLAIM
    );
    let run = workspace.run(&["claim", "retire", "artillery-shells"]);
    assert_eq!(run.code, 0, "{run:?}");
}

/// Issue #18 item 2: `--output` never writes into the claims folder or the corpus (it would
/// replace a claim file, or be read as an article by the next run), nor over anything that is
/// not a regular file; a FIFO and `/dev/null` are written by opening them.
#[cfg(unix)]
#[test]
fn report_output_never_lands_in_the_inputs_or_over_a_device() {
    let workspace = Workspace::with_shells();
    for (target, role) in [
        (
            "claims/shells.yaml",
            "the claims folder (`--claims`) `claims`",
        ),
        (
            "claims/report.txt",
            "the claims folder (`--claims`) `claims`",
        ),
        ("corpus/ft.txt", "the corpus (`--corpus`) `corpus`"),
        ("./corpus/report.json", "the corpus (`--corpus`) `corpus`"),
    ] {
        let run = workspace.run(&["report", "--format", "json", "--output", target]);
        assert_eq!(run.code, 2, "{target}: {run:?}");
        assert_eq!(
            run.stderr,
            format!(
                "error: cannot write `{target}`: it is inside {role}, which crosscheck reads; \
                 write the report elsewhere\n"
            )
        );
    }
    assert_eq!(
        fs::read_to_string(workspace.path("claims/shells.yaml")).expect("read"),
        SHELLS_CLAIM
    );
    assert_eq!(
        fs::read_to_string(workspace.path("corpus/ft.txt")).expect("read"),
        FT_ARTICLE
    );
    assert!(!workspace.path("claims/report.txt").exists());
    assert!(!workspace.path("corpus/report.json").exists());

    // A folder named as the output: refused.
    fs::create_dir(workspace.path("out")).expect("mkdir");
    let run = workspace.run(&["report", "--output", "out"]);
    assert_eq!(run.code, 2);
    assert_eq!(run.stderr, "error: cannot write `out`: it is a folder\n");

    // `/dev/null` is opened and written, never replaced.
    let run = workspace.run(&["report", "--output", "/dev/null"]);
    assert_eq!(run.code, 0, "{run:?}");
    let null = fs::metadata("/dev/null").expect("stat");
    assert!(std::os::unix::fs::FileTypeExt::is_char_device(
        &null.file_type()
    ));

    // A FIFO is opened and written: the reader gets the report, the FIFO stays a FIFO.
    let fifo = workspace.path("report.fifo");
    let name = std::ffi::CString::new(fifo.to_str().expect("UTF-8 path")).expect("no NUL");
    // SAFETY: a valid NUL-terminated path.
    assert_eq!(unsafe { libc::mkfifo(name.as_ptr(), 0o644) }, 0);
    let reader = {
        let fifo = fifo.clone();
        std::thread::spawn(move || fs::read_to_string(fifo).expect("read the FIFO"))
    };
    let run = workspace.run(&["report", "--format", "json", "--output", "report.fifo"]);
    assert_eq!(run.code, 0, "{run:?}");
    let json: Json = serde_json::from_str(&reader.join().expect("reader")).expect("JSON");
    assert_eq!(json["version"], 1);
    let kind = fs::symlink_metadata(&fifo).expect("stat").file_type();
    assert!(std::os::unix::fs::FileTypeExt::is_fifo(&kind));
}

/// Issue #18 item 3: a rewritten claim file keeps its owner, group and mode; new files get
/// the umask's mode; a read-only claim file is refused unless `--force`. (Giving the file to
/// another user needs root: run as root, as CI's container is, the owner is another user's;
/// otherwise the test's own, and the assertion is the same.)
#[cfg(unix)]
#[test]
fn rewrites_keep_owner_group_and_mode_and_new_files_follow_the_umask() {
    use std::os::unix::fs::{MetadataExt, PermissionsExt, chown};
    use std::os::unix::process::CommandExt;
    let workspace = Workspace::with_shells();
    let claim = workspace.path("claims/shells.yaml");
    let _ = chown(&claim, Some(4242), Some(4343));
    fs::set_permissions(&claim, fs::Permissions::from_mode(0o664)).expect("chmod");
    let before = fs::metadata(&claim).expect("stat");
    let run = workspace.run(&["claim", "retire", "artillery-shells"]);
    assert_eq!(run.code, 0, "{run:?}");
    let after = fs::metadata(&claim).expect("stat");
    assert_ne!(after.ino(), before.ino(), "the file was replaced");
    assert_eq!(
        (after.uid(), after.gid(), after.mode() & 0o7777),
        (before.uid(), before.gid(), 0o664)
    );

    let with_umask = |args: &[&str]| {
        let mut command = workspace.command(args);
        // SAFETY: `umask` is async-signal-safe and cannot fail.
        unsafe {
            command.pre_exec(|| {
                libc::umask(0o022);
                Ok(())
            });
        }
        command.output().expect("runs")
    };
    let output = with_umask(&["report", "--output", "report.txt"]);
    assert!(output.status.success(), "{output:?}");
    let output = with_umask(&[
        "claim",
        "new",
        "--id",
        "shells-2",
        "--kind",
        "quantity",
        "--anchor",
        "قذيفة مدفعية",
        "--title",
        "Shells",
        "--no-preview",
    ]);
    assert!(output.status.success(), "{output:?}");
    for new in ["report.txt", "claims/shells-2.yaml"] {
        let mode = fs::metadata(workspace.path(new)).expect("stat").mode() & 0o777;
        assert_eq!(mode, 0o644, "{new}");
    }

    // Read-only: refused, unchanged; with `--force`, edited and still read-only.
    fs::set_permissions(&claim, fs::Permissions::from_mode(0o444)).expect("chmod");
    let text = fs::read_to_string(&claim).expect("read");
    let run = workspace.run(&["claim", "promote", "artillery-shells"]);
    assert_eq!(run.code, 2);
    assert_eq!(
        run.stderr,
        "error: `claims/shells.yaml` is read-only, so it was not changed\nhelp: make it \
         writable (`chmod u+w`), or pass `--force` to edit it anyway (it stays read-only)\n"
    );
    assert_eq!(fs::read_to_string(&claim).expect("read"), text);
    let run = workspace.run(&["claim", "promote", "artillery-shells", "--force"]);
    assert_eq!(run.code, 0, "{run:?}");
    assert!(
        fs::read_to_string(&claim)
            .expect("read")
            .contains("status: active")
    );
    assert_eq!(fs::metadata(&claim).expect("stat").mode() & 0o777, 0o444);
}

/// Issue #18 item 13: a write killed half-way (`kill -9`) leaves its temporary file; the next
/// write in that folder removes it (its process is gone), and leaves a live process's alone.
#[cfg(unix)]
#[test]
fn stale_temporary_files_of_a_killed_write_are_removed_by_the_next() {
    let workspace = Workspace::with_shells();
    let mut gone = Command::new("true").spawn().expect("spawn");
    let gone_pid = gone.id();
    gone.wait().expect("wait");
    let stale = format!("claims/.crosscheck-{gone_pid}-a1B2c3.tmp");
    let live = format!("claims/.crosscheck-{}-d4E5f6.tmp", std::process::id());
    workspace.write(&stale, "half a claim");
    workspace.write(&live, "being written");
    let run = workspace.run(&["claim", "retire", "artillery-shells"]);
    assert_eq!(run.code, 0, "{run:?}");
    assert!(!workspace.path(&stale).exists());
    assert!(workspace.path(&live).exists());
}

// ---------------------------------------------------------------------------------------------
// Fixed bugs the fuzz targets found, kept as regression tests

/// Found by the normalize fuzz target: a combining mark after a character normalisation
/// removes (here a zero-width space) is kept on its own and composes with the letter before
/// it when the folded text is normalised again.
#[test]
fn normalize_is_idempotent_when_a_removed_character_carries_a_mark() {
    let once = crosscheck::normalize::normalize("American\u{200B}\u{301}").text;
    assert_eq!(crosscheck::normalize::normalize(&once).text, once);
}

/// Found by the normalize fuzz target: NFKC turns the compatibility jamo `ㅡ` into the medial
/// vowel U+1173, which then joins the initial `ᄀ` before it on a second pass (`그`).
#[test]
fn normalize_is_idempotent_for_compatibility_jamo() {
    let once = crosscheck::normalize::normalize("\u{1100}\u{3161}").text;
    assert_eq!(crosscheck::normalize::normalize(&once).text, once);
}

/// A publication year before 1000 is a placeholder or a typing mistake (`0001-01-01`); a date
/// read without its year would take its year from it and become `0000-12-19`, which no claim
/// file can hold. The date is refused at load time with a warning, and the value read has no
/// year.
#[test]
fn a_publication_year_before_1000_is_refused_with_a_warning() {
    let workspace = Workspace::empty();
    workspace.write(
        "claims/ceremony.yaml",
        "claims:
  - id: ceremony
    title: When the welcome ceremony was held
    kind: date
    anchors: [حفل الاستقبال]
",
    );
    workspace.write(
        "corpus/a.txt",
        "---\nsource: Minbar\npublished: 0001-01-01\n---\nأقيم حفل الاستقبال في 19 ديسمبر.\n",
    );
    let (report, stderr) = workspace.json_report(&[]);
    assert_eq!(
        stderr,
        "warning: corpus/a.txt:3: front matter `published: 0001-01-01` is not a date (no year \
         before 1000: a news article is not that old); write YYYY-MM-DD, YYYY-MM or YYYY; it \
         is ignored\n"
    );
    let values: Vec<&Json> = claim(&report, "ceremony")["observations"]
        .as_array()
        .expect("observations")
        .iter()
        .map(|observation| &observation["value"])
        .collect();
    assert_eq!(values, vec![&Json::from("--12-19")]);
}

/// `--jobs 100000` once started 100,000 threads (2,179 after 20 s, never finishing); the
/// number is cut to 4 threads per core with a warning, and the report is the usual one.
#[test]
fn jobs_beyond_four_per_core_are_capped_with_a_warning() {
    let workspace = Workspace::with_shells();
    let started = std::time::Instant::now();
    let (report, stderr) = workspace.json_report(&["--jobs", "100000"]);
    assert!(started.elapsed().as_secs() < 20, "{:?}", started.elapsed());
    let cores = std::thread::available_parallelism().map_or(1, usize::from);
    let word = if cores == 1 { "core" } else { "cores" };
    assert_eq!(
        stderr,
        format!(
            "warning: --jobs 100000 is more than 4 threads per core ({cores} {word} here); \
             scanning with {}\n",
            4 * cores
        )
    );
    assert_eq!(claim(&report, "artillery-shells")["verdict"], "single");
}

/// A FIFO named like a claim file was skipped without a word (opening it would wait for a
/// writer forever); it is skipped with a warning, as the corpus does.
#[cfg(unix)]
#[test]
fn a_fifo_named_like_a_claim_file_is_skipped_with_a_warning() {
    let workspace = Workspace::with_shells();
    let fifo = workspace.path("claims/pipe.yaml");
    let name = std::ffi::CString::new(fifo.to_str().expect("UTF-8 path")).expect("no NUL");
    // SAFETY: `name` is a NUL-terminated path that lives across the call.
    assert_eq!(unsafe { libc::mkfifo(name.as_ptr(), 0o644) }, 0);
    let warning = "warning: claims/pipe.yaml: skipped: not a regular file (a pipe, socket or \
                   device); claim files must be regular files\n";
    let (report, stderr) = workspace.json_report(&[]);
    assert_eq!(stderr, warning);
    assert_eq!(claim(&report, "artillery-shells")["verdict"], "single");
    let validate = workspace.run(&["validate"]);
    assert_eq!(validate.code, 0, "{validate:?}");
    assert_eq!(validate.stderr, warning);
}

/// A corpus file named `x ESC[2J ESC[31m RED.txt` cleared the terminal in `report`, and control
/// characters in an article reached `explain` and the warnings. Every human-readable output
/// writes them as `\u{1b}`; JSON keeps the name as it is (escaped by JSON's own rules).
#[cfg(unix)]
#[test]
fn control_characters_in_names_and_text_are_escaped_in_human_output() {
    let workspace = Workspace::with_shells();
    let hostile = "corpus/x\u{1b}[2J\u{1b}[31mRED.txt";
    workspace.write(
        hostile,
        "عرضت روسيا توريد أكثر من مليون قذيفة مدفعية\u{1b}[2J\u{7}، حسبما صرح \u{9b}وزير.\n",
    );
    // A skipped file with a control character in its name.
    workspace.write("corpus/bin\u{1b}[31m.txt", b"\0binary");
    let escaped_name = "x\\u{1b}[2J\\u{1b}[31mRED";
    let no_raw_controls = |what: &str, text: &str| {
        assert!(
            !text
                .chars()
                .any(|c| c.is_control() && c != '\n' && c != '\t'),
            "{what}: {text:?}"
        );
    };
    for args in [
        vec!["report"],
        vec!["report", "--color", "always"],
        vec!["report", "--format", "markdown"],
        vec!["report", "--format", "github"],
        vec!["check"],
        vec!["explain", "artillery-shells"],
    ] {
        let run = workspace.run(&args);
        assert!(run.code == 0 || run.code == 1, "{args:?}: {run:?}");
        if args.contains(&"always") {
            // The table's own colours are the only escapes left.
            let plain = run.stdout.replace("\u{1b}[", "");
            assert!(!plain.contains('\u{1b}'), "{args:?}: {:?}", run.stdout);
            assert!(
                run.stdout.contains(escaped_name),
                "{args:?}: {}",
                run.stdout
            );
        } else {
            no_raw_controls(&format!("{args:?} stdout"), &run.stdout);
            assert!(
                run.stdout.contains(escaped_name) || run.stdout.contains("\\u{1b}[2J"),
                "{args:?}: {}",
                run.stdout
            );
        }
        no_raw_controls(&format!("{args:?} stderr"), &run.stderr);
        assert!(
            run.stderr
                .contains("warning: corpus/bin\\u{1b}[31m.txt: skipped: looks binary"),
            "{args:?}: {}",
            run.stderr
        );
    }
    let explain = workspace.run(&["explain", "artillery-shells"]);
    assert!(
        explain
            .stdout
            .contains("clause: عرضت روسيا توريد أكثر من مليون قذيفة مدفعية\\u{1b}[2J\\u{7}\n"),
        "{}",
        explain.stdout
    );
    // JSON keeps the name: its own escaping makes it safe.
    let (report, _) = workspace.json_report(&[]);
    let files: Vec<String> = observations(&report, "artillery-shells")
        .into_iter()
        .map(|o| o.0)
        .collect();
    assert!(files.contains(&hostile.to_string()), "{files:?}");
}

/// A symbolic link, a hard link, a second copy (other front matter, CRLF line ends) or the
/// same article as a JSON Lines record turned `single` into `agree`; so did a second file with
/// the same `url`. One document is one source: the copies are listed (warnings, the table's
/// summary, JSON `duplicates`) and never counted.
#[cfg(unix)]
#[test]
fn copies_of_one_article_count_as_one_source() {
    let workspace = Workspace::with_shells();
    std::os::unix::fs::symlink("ft.txt", workspace.path("corpus/link.txt")).expect("symlink");
    fs::hard_link(
        workspace.path("corpus/ft.txt"),
        workspace.path("corpus/hard.txt"),
    )
    .expect("hard link");
    let body = FT_ARTICLE.split("---\n").nth(2).expect("body");
    workspace.write(
        "corpus/scraped/copy.md",
        format!(
            "---\nsource: Aggregator\n---\r\n{}",
            body.replace('\n', "\r\n")
        ),
    );
    let record = serde_json::json!({"source": "Wire", "text": body.trim_end()});
    workspace.write("corpus/wire.jsonl", format!("{record}\n"));
    let (report, stderr) = workspace.json_report(&[]);
    assert_eq!(claim(&report, "artillery-shells")["verdict"], "single");
    assert_eq!(report["corpus"]["articles"], 1);
    assert_eq!(report["corpus"]["bytes"], body.len());
    assert_eq!(
        report["corpus"]["duplicates"],
        serde_json::json!([
            {"file": "corpus/hard.txt", "of": "corpus/ft.txt", "same": "text"},
            {"file": "corpus/link.txt", "of": "corpus/ft.txt", "same": "text"},
            {"file": "corpus/scraped/copy.md", "of": "corpus/ft.txt", "same": "text"},
            {"file": "corpus/wire.jsonl", "record": "line 1", "of": "corpus/ft.txt", "same": "text"},
        ])
    );
    assert_eq!(
        stderr,
        "warning: corpus/hard.txt: the same text as corpus/ft.txt; counted once, as that article
warning: corpus/link.txt: the same text as corpus/ft.txt; counted once, as that article
warning: corpus/scraped/copy.md: the same text as corpus/ft.txt; counted once, as that article
warning: corpus/wire.jsonl: line 1: the same text as corpus/ft.txt; counted once, as that article
"
    );
    let table = workspace.run(&["report"]);
    assert!(
        table.stdout.ends_with(
            "1 article read, 231 bytes\n4 copies of an article read before not counted (see \
             the warnings above)\n"
        ),
        "{}",
        table.stdout
    );
    // The gate sees one source: `single` still fails `--fail-on single`.
    let check = workspace.run(&["check", "--fail-on", "single"]);
    assert_eq!(check.code, 1, "{check:?}");
    // explain shows the article kept, not its copies.
    let explain = workspace.run(&["explain", "artillery-shells"]);
    assert!(
        explain.stdout.contains("corpus/ft.txt:5:"),
        "{}",
        explain.stdout
    );
    assert!(
        !explain.stdout.contains("corpus/hard.txt:"),
        "{}",
        explain.stdout
    );
}

/// Two files with the same `url` in their front matter are one article (an updated scrape).
#[test]
fn two_files_with_the_same_url_count_as_one_source() {
    let workspace = Workspace::empty();
    workspace.write("claims/shells.yaml", SHELLS_CLAIM);
    let with_url =
        |text: &str| text.replacen("---\n", "---\nurl: https://www.ft.com/content/shells\n", 1);
    workspace.write("corpus/a.txt", with_url(FT_ARTICLE));
    workspace.write("corpus/b.txt", with_url(ARABI21_ARTICLE));
    let (report, stderr) = workspace.json_report(&[]);
    assert_eq!(
        stderr,
        "warning: corpus/b.txt: the same url as corpus/a.txt; counted once, as that article\n"
    );
    assert_eq!(claim(&report, "artillery-shells")["verdict"], "single");
    assert_eq!(
        report["corpus"]["duplicates"],
        serde_json::json!([{"file": "corpus/b.txt", "of": "corpus/a.txt", "same": "url"}])
    );
}

/// `count` different Arabic words (three letters each, none an Arabic word that matters).
fn distinct_words(count: usize) -> Vec<String> {
    const LETTERS: [char; 16] = [
        'ب', 'ت', 'ث', 'ج', 'ح', 'خ', 'د', 'ر', 'ز', 'س', 'ش', 'ص', 'ط', 'ع', 'غ', 'ف',
    ];
    (0..count)
        .map(|n| {
            [n / 256 % 16, n / 16 % 16, n % 16]
                .iter()
                .map(|&i| LETTERS[i])
                .collect()
        })
        .collect()
}

/// A 120-word anchor took 80 s to prepare on a one-line corpus and 200 words never finished:
/// the choice of pieces tried every start and end (about the fourth power of the anchor's
/// length). Both are now prepared at once, and `validate` says such an anchor is too long to
/// be useful.
#[test]
fn long_anchors_are_scanned_quickly_and_validate_warns_about_them() {
    for words in [120, 200] {
        let workspace = Workspace::empty();
        let anchor = distinct_words(words).join(" ");
        workspace.write(
            "claims/long.yaml",
            format!(
                "claims:\n  - id: long\n    title: A pasted paragraph\n    kind: quantity\n    \
                 anchors: [{anchor}]\n"
            ),
        );
        workspace.write("corpus/one.txt", format!("{anchor} 5 ملايين\n"));
        let started = std::time::Instant::now();
        let (report, _) = workspace.json_report(&[]);
        let took = started.elapsed();
        assert!(took.as_secs() < 20, "{words} words: {took:?}");
        eprintln!("{words}-word anchor: report in {took:?}");
        assert_eq!(claim(&report, "long")["verdict"], "single");
        let validate = workspace.run(&["validate"]);
        assert_eq!(validate.code, 0, "{validate:?}");
        let first: Vec<&str> = anchor.split(' ').take(4).collect();
        assert_eq!(
            validate.stderr,
            format!(
                "warning: claim `long` (claims/long.yaml:2): anchor \"{} …\" has {words} words, \
                 too many to be useful: a match needs nearly all of them in the same order\n  = \
                 help: anchor on a few distinctive words (at most 20)\n",
                first.join(" ")
            )
        );
    }
}

/// 90,000 short anchors in one claim took 110 s on the bundled 40 KB corpus: needles and
/// their families were looked up one by one among all the others.
#[test]
fn ninety_thousand_short_anchors_in_one_claim_are_prepared_in_linear_time() {
    let workspace = Workspace::empty();
    let mut yaml = String::from(
        "claims:\n  - id: many\n    title: Many anchors\n    kind: quantity\n    anchors:\n",
    );
    for word in distinct_words(4096).iter().take(4096) {
        for suffix in distinct_words(22).iter().take(22) {
            yaml.push_str(&format!("      - {word} {suffix}\n"));
        }
    }
    workspace.write("claims/many.yaml", &yaml);
    let last = distinct_words(4096).pop().expect("word");
    workspace.write("corpus/one.txt", format!("{last} بتت 5 ملايين\n"));
    let started = std::time::Instant::now();
    let (report, _) = workspace.json_report(&[]);
    let took = started.elapsed();
    eprintln!("90,112 anchors: report in {took:?}");
    assert!(took.as_secs() < 60, "{took:?}");
    assert_eq!(claim(&report, "many")["verdict"], "single");
}

/// An article of one statement repeated to 100 MB peaked at 3.26 GB (33× the article, in
/// every format): every statement was kept whole, with its hit. The same value stated again
/// in one article is now counted on its first observation (with the next three places), and a
/// report keeps no hits. What remains per statement (its clause's words, the prefilter's
/// candidates, the values taken) still makes this shape of text the costliest: about 25× the
/// article at the peak, against 4× for prose (docs/limits.md says so); the bound below fails
/// without the fix.
#[cfg(target_os = "linux")]
#[test]
fn a_statement_repeated_millions_of_times_is_counted_once() {
    let workspace = Workspace::empty();
    workspace.write("claims/shells.yaml", SHELLS_CLAIM);
    let statement = "قذيفة مدفعية ٥ ملايين ، ";
    let megabytes = 6;
    let repeats = megabytes * 1024 * 1024 / statement.len();
    workspace.write("corpus/dump.txt", statement.repeat(repeats));
    for format in ["json", "table"] {
        let (run, peak_kib) = workspace.run_measured(&["report", "--format", format]);
        assert_eq!(run.code, 0, "{}", run.stderr);
        // Measured: 168 MiB (json) and 152 MiB (table) for 6 MiB; about 40× before.
        let bound = 32 * megabytes as u64 * 1024;
        eprintln!(
            "{format}: peak {} MiB for a {megabytes} MiB article",
            peak_kib / 1024
        );
        assert!(
            peak_kib < bound,
            "{format}: {peak_kib} KiB, bound {bound} KiB"
        );
        if format == "json" {
            let report: Json = serde_json::from_str(&run.stdout).expect("JSON");
            let shells = claim(&report, "artillery-shells");
            let observations = shells["observations"].as_array().expect("observations");
            assert_eq!(observations.len(), 1, "{shells}");
            assert_eq!(observations[0]["value"], 5_000_000);
            assert_eq!(observations[0]["count"], repeats);
            let step = statement.chars().count() as u64;
            let more: Vec<(u64, u64)> = observations[0]["more"]
                .as_array()
                .expect("more")
                .iter()
                .map(|at| {
                    (
                        at["line"].as_u64().unwrap_or(0),
                        at["column"].as_u64().unwrap_or(0),
                    )
                })
                .collect();
            let first = observations[0]["column"].as_u64().expect("column");
            assert_eq!(
                more,
                vec![
                    (1, first + step),
                    (1, first + 2 * step),
                    (1, first + 3 * step)
                ]
            );
        }
        if format == "table" {
            // Counted once, with how many times it is stated: compare without spaces and
            // borders (the sources column may wrap).
            let cells: String = run
                .stdout
                .chars()
                .filter(|c| !c.is_whitespace() && *c != '│' && *c != '┆')
                .collect();
            assert!(
                cells.contains(&format!("1source,1article,{}statements", group(repeats))),
                "{}",
                run.stdout
            );
        }
    }
}

/// `n` with a comma every three digits.
fn group(n: usize) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}
