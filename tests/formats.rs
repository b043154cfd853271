//! The CI formats (`--format markdown|junit|sarif|github|claimreview`) and `--output`, run as
//! a user runs them: the `crosscheck` binary on the bundled corpus and claims, on the English
//! test corpus, and on small hand-written Arabic corpora written to a temporary folder.
//!
//! Every format is pinned with a snapshot; SARIF is validated against the SARIF 2.1.0 JSON
//! schema (`tests/data/sarif/`), JUnit is parsed as XML and its structure checked, GitHub
//! workflow commands are parsed and unescaped, and Arabic evidence is checked byte for byte
//! in every format.

use assert_cmd::Command;
use serde_json::{Value as Json, json};
use std::fs;
use std::path::{Path, PathBuf};

/// Every format `report` and `check` accept.
const FORMATS: [&str; 7] = [
    "table",
    "json",
    "markdown",
    "junit",
    "sarif",
    "github",
    "claimreview",
];

/// `SOURCE_DATE_EPOCH` for the tests: 2024-06-19 00:00:00 UTC, so ClaimReview dates are fixed.
const EPOCH: &str = "1718755200";

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// `crosscheck ARGS` run in `dir`, colour off, a fixed width and a fixed date.
fn crosscheck_in(dir: &Path, args: &[&str]) -> assert_cmd::assert::Assert {
    Command::cargo_bin("crosscheck")
        .expect("binary builds")
        .current_dir(dir)
        .env("NO_COLOR", "1")
        .env("SOURCE_DATE_EPOCH", EPOCH)
        .env_remove("COLUMNS")
        .args(args)
        .assert()
}

/// `crosscheck ARGS` from the repository root (the bundled corpus and claims).
fn crosscheck(args: &[&str]) -> assert_cmd::assert::Assert {
    crosscheck_in(&root(), args)
}

fn stdout(assert: &assert_cmd::assert::Assert) -> String {
    String::from_utf8(assert.get_output().stdout.clone()).expect("UTF-8 output")
}

/// The output of a successful `crosscheck report --format FORMAT ARGS…` in `dir`.
fn report_in(dir: &Path, format: &str, args: &[&str]) -> String {
    let mut all = vec!["report", "--format", format];
    all.extend_from_slice(args);
    stdout(&crosscheck_in(dir, &all).success())
}

fn json(text: &str) -> Json {
    serde_json::from_str(text).expect("valid JSON")
}

/// The pattern the SARIF 2.1.0 schema gives `run.language` and `toolComponent.language`, as
/// published: its unbalanced `]` is a literal `]` in ECMAScript's legacy syntax but an error
/// for a strict regular-expression compiler, which then refuses the whole schema.
const PUBLISHED_LANGUAGE_PATTERN: &str = "^[a-zA-Z]{2}|^[a-zA-Z]{2}-[a-zA-Z]{2}]?$";

/// The same pattern with that `]` escaped: it matches exactly the same strings.
const ESCAPED_LANGUAGE_PATTERN: &str = r"^[a-zA-Z]{2}|^[a-zA-Z]{2}-[a-zA-Z]{2}\]?$";

/// Replaces every `pattern` equal to [`PUBLISHED_LANGUAGE_PATTERN`]; returns how many.
fn escape_language_patterns(value: &mut Json) -> usize {
    match value {
        Json::Object(map) => map
            .iter_mut()
            .map(|(key, child)| {
                if key == "pattern" && *child == PUBLISHED_LANGUAGE_PATTERN {
                    *child = json!(ESCAPED_LANGUAGE_PATTERN);
                    1
                } else {
                    escape_language_patterns(child)
                }
            })
            .sum(),
        Json::Array(items) => items.iter_mut().map(escape_language_patterns).sum(),
        _ => 0,
    }
}

/// The SARIF 2.1.0 schema (`tests/data/sarif/`, unchanged on disk), compiled with its formats
/// (`uri`, `uri-reference`, `date-time`) asserted. The two invalid patterns are escaped in
/// memory first (see [`PUBLISHED_LANGUAGE_PATTERN`]).
fn sarif_validator() -> jsonschema::Validator {
    let text = fs::read_to_string(root().join("tests/data/sarif/sarif-schema-2.1.0.json"))
        .expect("SARIF schema in tests/data/sarif");
    let mut schema = json(&text);
    assert_eq!(
        escape_language_patterns(&mut schema),
        2,
        "the schema as published"
    );
    jsonschema::options()
        .should_validate_formats(true)
        .build(&schema)
        .expect("the SARIF schema compiles")
}

/// The schema violations of a SARIF log, each with where it is.
fn sarif_violations(log: &Json) -> Vec<String> {
    sarif_validator()
        .iter_errors(log)
        .map(|e| format!("{} at {}", e, e.instance_path()))
        .collect()
}

/// Fails with every schema violation when `log` is not a valid SARIF 2.1.0 log.
fn assert_valid_sarif(log: &Json) {
    let errors = sarif_violations(log);
    assert!(
        errors.is_empty(),
        "SARIF schema violations:\n{}",
        errors.join("\n")
    );
}

/// The claims of a JSON report, by id.
fn claim<'a>(report: &'a Json, id: &str) -> &'a Json {
    report["claims"]
        .as_array()
        .expect("claims")
        .iter()
        .find(|c| c["id"] == id)
        .unwrap_or_else(|| panic!("claim {id}"))
}

/// `(evidence, text)` of every observation in a JSON report.
fn evidence_of(report: &Json) -> Vec<(String, String)> {
    report["claims"]
        .as_array()
        .expect("claims")
        .iter()
        .flat_map(|c| c["observations"].as_array().expect("observations").iter())
        .map(|o| {
            (
                o["evidence"].as_str().expect("evidence").to_owned(),
                o["text"].as_str().expect("text").to_owned(),
            )
        })
        .collect()
}

/// A GitHub workflow command split into its command, properties (unescaped) and message
/// (unescaped), following `@actions/core`'s escaping in reverse.
fn parse_workflow_command(line: &str) -> (String, Vec<(String, String)>, String) {
    let rest = line.strip_prefix("::").expect("starts with ::");
    let (head, message) = rest.split_once("::").expect("a second ::");
    let (command, properties) = head.split_once(' ').unwrap_or((head, ""));
    let unescape = |text: &str| {
        text.replace("%0A", "\n")
            .replace("%0D", "\r")
            .replace("%3A", ":")
            .replace("%2C", ",")
            .replace("%25", "%")
    };
    let properties = properties
        .split(',')
        .filter(|p| !p.is_empty())
        .map(|p| {
            let (key, value) = p.split_once('=').expect("key=value");
            (key.to_owned(), unescape(value))
        })
        .collect();
    (command.to_owned(), properties, unescape(message))
}

fn property<'a>(properties: &'a [(String, String)], key: &str) -> Option<&'a str> {
    properties
        .iter()
        .find(|(k, _)| k == key)
        .map(|(_, v)| v.as_str())
}

// ---------------------------------------------------------------------------------------
// Snapshots of every format on the bundled corpus.

#[test]
fn markdown_snapshot() {
    insta::assert_snapshot!("bundled_markdown", report_in(&root(), "markdown", &[]));
}

#[test]
fn junit_snapshot() {
    insta::assert_snapshot!("bundled_junit", report_in(&root(), "junit", &[]));
}

#[test]
fn sarif_snapshot() {
    insta::assert_snapshot!("bundled_sarif", report_in(&root(), "sarif", &[]));
}

#[test]
fn github_snapshot() {
    insta::assert_snapshot!("bundled_github", report_in(&root(), "github", &[]));
}

#[test]
fn claimreview_snapshot() {
    insta::assert_snapshot!(
        "bundled_claimreview",
        report_in(&root(), "claimreview", &[])
    );
}

// ---------------------------------------------------------------------------------------
// SARIF.

#[test]
fn sarif_is_valid_against_the_schema_on_every_corpus_and_gate() {
    let english = root().join("tests/data/english");
    let english_claims = english.join("claims");
    let english_corpus = english.join("corpus");
    let runs: Vec<Vec<&str>> = vec![
        vec!["report"],
        vec!["check", "--fail-on", "conflict,single,unstated,missing"],
        vec![
            "check",
            "--fail-on",
            "conflict,single,unstated,missing",
            "--claims",
            english_claims.to_str().expect("UTF-8 path"),
            "--corpus",
            english_corpus.to_str().expect("UTF-8 path"),
        ],
    ];
    for args in runs {
        let mut all = args.clone();
        all.extend_from_slice(&["--format", "sarif"]);
        let out = stdout(&crosscheck(&all));
        assert_valid_sarif(&json(&out));
    }
}

#[test]
fn the_sarif_schema_rejects_what_code_scanning_would() {
    let valid = json(&report_in(&root(), "sarif", &[]));
    assert_valid_sarif(&valid);
    let location = "/runs/0/results/0/locations/0/physicalLocation/artifactLocation/uri";
    let broken: [(&str, Json); 4] = [
        ("/runs/0/results/0/level", json!("fatal")),
        (
            "/runs/0/results/0/locations/0/physicalLocation/region/startLine",
            json!(0),
        ),
        ("/version", json!("2.0.0")),
        (location, json!("corpus/a file with spaces.txt")),
    ];
    for (pointer, value) in broken {
        let mut log = valid.clone();
        *log.pointer_mut(pointer).expect("field exists") = value;
        assert!(!sarif_violations(&log).is_empty(), "{pointer} accepted");
    }
}

#[test]
fn sarif_has_a_rule_per_claim_and_a_result_per_failing_claim() {
    let report = json(&report_in(&root(), "json", &[]));
    let sarif = json(&stdout(
        &crosscheck(&["check", "--format", "sarif"]).code(1),
    ));
    assert_eq!(sarif["version"], "2.1.0");
    let run = &sarif["runs"][0];
    assert_eq!(run["columnKind"], "unicodeCodePoints");
    let rules: Vec<&str> = run["tool"]["driver"]["rules"]
        .as_array()
        .expect("rules")
        .iter()
        .map(|r| r["id"].as_str().expect("rule id"))
        .collect();
    let ids: Vec<&str> = report["claims"]
        .as_array()
        .expect("claims")
        .iter()
        .map(|c| c["id"].as_str().expect("id"))
        .collect();
    assert_eq!(rules, ids);

    let results = run["results"].as_array().expect("results");
    let failing: Vec<&str> = results
        .iter()
        .map(|r| r["ruleId"].as_str().expect("ruleId"))
        .collect();
    assert_eq!(failing, ["artillery-shells", "easley-university"]);
    for result in results {
        let id = result["ruleId"].as_str().expect("ruleId");
        assert_eq!(result["level"], "error", "severity error gives level error");
        let index = result["ruleIndex"].as_u64().expect("ruleIndex") as usize;
        assert_eq!(rules[index], id);
        // A location for every observation: file, line, column and the value as written.
        let observations = claim(&report, id)["observations"]
            .as_array()
            .expect("observations");
        let locations = result["locations"].as_array().expect("locations");
        assert_eq!(locations.len(), observations.len(), "{id}");
        for (location, observation) in locations.iter().zip(observations) {
            let physical = &location["physicalLocation"];
            assert_eq!(physical["artifactLocation"]["uri"], observation["file"]);
            assert_eq!(physical["region"]["startLine"], observation["line"]);
            assert_eq!(physical["region"]["startColumn"], observation["column"]);
            assert_eq!(physical["region"]["snippet"]["text"], observation["text"]);
            let message = location["message"]["text"].as_str().expect("message");
            let evidence = observation["evidence"].as_str().expect("evidence");
            assert!(message.ends_with(evidence), "{message}");
        }
    }
}

#[test]
fn sarif_points_unstated_claims_at_mentions_and_missing_ones_at_the_claim_file() {
    let dir = tempfile::tempdir().expect("temp dir");
    write_claims(
        dir.path(),
        "claims.yaml",
        "claims:\n  - id: missiles\n    title: Ballistic missiles sent\n    kind: quantity\n    anchors: [صواريخ باليستية]\n  - id: nowhere\n    title: A claim no article makes\n    kind: year\n    anchors: [ملعب كرة القدم]\n",
    );
    write_article(
        dir.path(),
        "a.txt",
        "---\nsource: Arabi21\n---\nاتهمت سيول بيونغ يانغ بإرسال صواريخ باليستية إلى روسيا.\n",
    );
    let sarif = json(&stdout(
        &crosscheck_in(
            dir.path(),
            &[
                "check",
                "--format",
                "sarif",
                "--fail-on",
                "unstated,missing",
            ],
        )
        .code(1),
    ));
    assert_valid_sarif(&sarif);
    let results = sarif["runs"][0]["results"].as_array().expect("results");
    assert_eq!(results.len(), 2);
    let missiles = &results[0]["locations"][0]["physicalLocation"];
    assert_eq!(missiles["artifactLocation"]["uri"], "corpus/a.txt");
    assert_eq!(missiles["region"]["startLine"], 4);
    let nowhere = &results[1]["locations"][0]["physicalLocation"];
    assert_eq!(nowhere["artifactLocation"]["uri"], "claims/claims.yaml");
    assert_eq!(
        nowhere["region"]["startLine"], 6,
        "the line of `- id: nowhere`"
    );
}

// ---------------------------------------------------------------------------------------
// JUnit.

#[test]
fn junit_is_one_suite_with_a_test_case_per_claim() {
    let report = json(&report_in(&root(), "json", &[]));
    let xml = stdout(&crosscheck(&["check", "--format", "junit"]).code(1));
    let document = roxmltree::Document::parse(&xml).expect("well-formed XML");
    let root_element = document.root_element();
    assert_eq!(root_element.tag_name().name(), "testsuites");
    let suites: Vec<_> = root_element
        .children()
        .filter(|n| n.has_tag_name("testsuite"))
        .collect();
    assert_eq!(suites.len(), 1, "one test suite");
    let suite = suites[0];
    let cases: Vec<_> = suite
        .children()
        .filter(|n| n.has_tag_name("testcase"))
        .collect();
    let ids: Vec<&str> = report["claims"]
        .as_array()
        .expect("claims")
        .iter()
        .map(|c| c["id"].as_str().expect("id"))
        .collect();
    let names: Vec<&str> = cases
        .iter()
        .map(|c| c.attribute("name").expect("name"))
        .collect();
    assert_eq!(names, ids);
    // Only the elements the common JUnit schema allows, in their places.
    for child in suite.children().filter(|n| n.is_element()) {
        assert!(
            ["properties", "testcase"].contains(&child.tag_name().name()),
            "{:?}",
            child.tag_name()
        );
    }
    let failed: Vec<&str> = cases
        .iter()
        .filter(|c| c.children().any(|n| n.has_tag_name("failure")))
        .map(|c| c.attribute("name").expect("name"))
        .collect();
    assert_eq!(failed, ["artillery-shells", "easley-university"]);
    for case in &cases {
        assert!(case.attribute("classname").is_some());
        let outcomes = case
            .children()
            .filter(|n| {
                n.has_tag_name("failure") || n.has_tag_name("skipped") || n.has_tag_name("error")
            })
            .count();
        assert!(outcomes <= 1, "at most one outcome per test case");
    }
    for element in [root_element, suite] {
        assert_eq!(element.attribute("tests"), Some("11"));
        assert_eq!(element.attribute("failures"), Some("2"));
        assert_eq!(element.attribute("errors"), Some("0"));
        assert_eq!(element.attribute("skipped"), Some("0"));
    }
    // The failure names the verdict and quotes every source's evidence.
    let shells = cases[0];
    let failure = shells
        .children()
        .find(|n| n.has_tag_name("failure"))
        .expect("failure");
    assert_eq!(failure.attribute("type"), Some("conflict"));
    let message = failure.attribute("message").expect("message");
    assert!(
        message.starts_with("conflict: sources disagree: ~5,000,000"),
        "{message}"
    );
    assert!(
        message.contains(">1,000,000 at corpus/001_6e411e653f270d41.txt:17 (Arabi21)"),
        "{message}"
    );
    let body = failure.text().expect("failure text");
    for observation in claim(&report, "artillery-shells")["observations"]
        .as_array()
        .expect("observations")
    {
        let evidence = observation["evidence"].as_str().expect("evidence");
        assert!(body.contains(evidence), "{body}");
    }
}

#[test]
fn junit_skips_review_claims_and_leaves_retired_ones_out() {
    let dir = tempfile::tempdir().expect("temp dir");
    shells_corpus(dir.path());
    write_claims(
        dir.path(),
        "claims.yaml",
        &format!(
            "claims:\n{}{}{}",
            shells_claim("shells-active", "active", "error"),
            shells_claim("shells-review", "review", "error"),
            shells_claim("shells-retired", "retired", "error"),
        ),
    );
    let xml = stdout(
        &crosscheck_in(
            dir.path(),
            &[
                "check",
                "--format",
                "junit",
                "--status",
                "active,review,retired",
            ],
        )
        .code(1),
    );
    let document = roxmltree::Document::parse(&xml).expect("well-formed XML");
    let outcome = |name: &str| -> String {
        let case = document
            .descendants()
            .find(|n| n.has_tag_name("testcase") && n.attribute("name") == Some(name))
            .unwrap_or_else(|| panic!("test case {name}"));
        case.children()
            .find(|n| n.is_element() && !n.has_tag_name("system-out"))
            .map_or("passed".to_owned(), |n| n.tag_name().name().to_owned())
    };
    assert_eq!(outcome("shells-active"), "failure");
    assert_eq!(outcome("shells-review"), "skipped");
    // Retired claims are not in the report at all, whatever `--status` asks for.
    assert!(
        !xml.contains("shells-retired"),
        "retired claims are skipped before the report"
    );
    let suite = document
        .descendants()
        .find(|n| n.has_tag_name("testsuite"))
        .expect("suite");
    assert_eq!(suite.attribute("tests"), Some("2"));
    assert_eq!(suite.attribute("failures"), Some("1"));
    assert_eq!(suite.attribute("skipped"), Some("1"));
}

// ---------------------------------------------------------------------------------------
// GitHub workflow commands.

#[test]
fn github_annotates_every_observation_of_a_failing_claim() {
    let report = json(&report_in(&root(), "json", &[]));
    let out = stdout(&crosscheck(&["check", "--format", "github"]).code(1));
    let commands: Vec<_> = out.lines().map(parse_workflow_command).collect();
    let errors: Vec<_> = commands.iter().filter(|c| c.0 == "error").collect();
    let mut expected = Vec::new();
    for id in ["artillery-shells", "easley-university"] {
        for o in claim(&report, id)["observations"]
            .as_array()
            .expect("observations")
        {
            expected.push((
                o["file"].as_str().expect("file").to_owned(),
                o["line"].to_string(),
                o["column"].to_string(),
                o["evidence"].as_str().expect("evidence").to_owned(),
            ));
        }
    }
    assert_eq!(errors.len(), expected.len());
    for ((_, properties, message), (file, line, column, evidence)) in errors.iter().zip(&expected) {
        assert_eq!(property(properties, "file"), Some(file.as_str()));
        assert_eq!(property(properties, "line"), Some(line.as_str()));
        assert_eq!(property(properties, "col"), Some(column.as_str()));
        assert!(property(properties, "title").is_some());
        assert!(
            message.contains(&format!("Evidence: {evidence}\n")),
            "{message}"
        );
    }
    let last = commands.last().expect("a summary line");
    assert_eq!(last.0, "notice");
    assert!(
        last.2.starts_with(
            "2 of 11 claims fail: artillery-shells, easley-university\n11 claims: 2 conflict"
        ),
        "{}",
        last.2
    );
}

#[test]
fn github_prints_only_the_summary_when_nothing_fails() {
    let out = stdout(
        &crosscheck(&[
            "check",
            "--format",
            "github",
            "--claim",
            "putin-previous-visit",
        ])
        .success(),
    );
    assert_eq!(
        out,
        "::notice title=crosscheck::no claim fails%0A1 claim: 0 conflict, 0 accepted, 1 agree, 0 single, 0 unstated, 0 missing; 5 articles read\n"
    );
}

#[test]
fn warning_claims_are_warnings_in_every_ci_format_and_never_fail() {
    let dir = tempfile::tempdir().expect("temp dir");
    shells_corpus(dir.path());
    write_claims(
        dir.path(),
        "claims.yaml",
        &format!("claims:\n{}", shells_claim("shells", "active", "warning")),
    );
    let run =
        |format: &str| stdout(&crosscheck_in(dir.path(), &["check", "--format", format]).success());

    let github = run("github");
    let levels: Vec<String> = github
        .lines()
        .map(|l| parse_workflow_command(l).0)
        .collect();
    assert_eq!(levels, ["warning", "warning", "notice"], "{github}");

    let sarif = json(&run("sarif"));
    assert_valid_sarif(&sarif);
    assert_eq!(sarif["runs"][0]["results"][0]["level"], "warning");
    assert_eq!(
        sarif["runs"][0]["tool"]["driver"]["rules"][0]["defaultConfiguration"]["level"],
        "warning"
    );

    let junit = run("junit");
    assert!(!junit.contains("<failure"), "{junit}");
    assert!(junit.contains("warning (severity: warning"), "{junit}");

    let markdown = run("markdown");
    assert!(markdown.contains("✅ **No claim fails.**"), "{markdown}");
    assert!(markdown.contains("❌ conflict (warning)"), "{markdown}");
}

// ---------------------------------------------------------------------------------------
// Markdown and ClaimReview.

#[test]
fn markdown_has_a_row_per_claim_and_quotes_each_conflict_right_to_left() {
    let report = json(&report_in(&root(), "json", &[]));
    let markdown = report_in(&root(), "markdown", &[]);
    assert!(markdown.starts_with("## crosscheck: consistency report\n\n❌ **2 claims fail:**"));
    for c in report["claims"].as_array().expect("claims") {
        let id = c["id"].as_str().expect("id");
        assert!(markdown.contains(&format!("\n| `{id}`<br>")), "row of {id}");
    }
    assert_eq!(markdown.matches("<details open>").count(), 2);
    for id in ["artillery-shells", "easley-university"] {
        for o in claim(&report, id)["observations"]
            .as_array()
            .expect("observations")
        {
            let evidence = o["evidence"].as_str().expect("evidence");
            assert!(
                markdown.contains(&format!("<blockquote dir=\"rtl\">{evidence}</blockquote>")),
                "{evidence}"
            );
            // Each value once, with where it is stated as `file:line`.
            let at = format!("`{}:{}`", o["file"].as_str().expect("file"), o["line"]);
            assert!(markdown.contains(&at), "{at}");
        }
    }
}

#[test]
fn claimreview_reviews_every_claim_with_its_appearances() {
    let args = [
        "--claims",
        "tests/data/english/claims",
        "--corpus",
        "tests/data/english/corpus",
    ];
    let report = json(&report_in(&root(), "json", &args));
    let reviews = json(&report_in(&root(), "claimreview", &args));
    let reviews = reviews.as_array().expect("an array of reviews");
    let claims = report["claims"].as_array().expect("claims");
    assert_eq!(reviews.len(), claims.len());
    for (review, claim) in reviews.iter().zip(claims) {
        assert_eq!(review["@context"], "https://schema.org");
        assert_eq!(review["@type"], "ClaimReview");
        assert_eq!(review["identifier"], claim["id"]);
        assert_eq!(review["claimReviewed"], claim["title"]);
        assert_eq!(review["datePublished"], "2024-06-19");
        assert_eq!(review["itemReviewed"]["@type"], "Claim");
        assert_eq!(review["reviewRating"]["@type"], "Rating");
        let expected_name = match claim["verdict"].as_str().expect("verdict") {
            "conflict" => "contradicted",
            "accepted" => "accepted discrepancy",
            "agree" => "consistent",
            "single" => "single source",
            "unstated" => "unstated",
            "missing" => "missing",
            other => panic!("unknown verdict {other}"),
        };
        assert_eq!(review["reviewRating"]["alternateName"], expected_name);
        // One appearance per article that states or mentions the claim.
        let mut files: Vec<&str> = Vec::new();
        for item in claim["observations"]
            .as_array()
            .expect("observations")
            .iter()
            .chain(claim["mentions"].as_array().expect("mentions"))
        {
            let file = item["file"].as_str().expect("file");
            if !files.contains(&file) {
                files.push(file);
            }
        }
        let appearances = review["itemReviewed"]["appearance"]
            .as_array()
            .expect("appearance");
        let identifiers: Vec<&str> = appearances
            .iter()
            .map(|a| a["identifier"].as_str().expect("identifier"))
            .collect();
        assert_eq!(identifiers, files);
        for appearance in appearances {
            let from_harbour_times = appearance["identifier"]
                .as_str()
                .is_some_and(|f| f.ends_with("harbour-times.md"));
            if from_harbour_times {
                assert_eq!(
                    appearance["url"],
                    "https://harbourtimes.example/business/calder-northgate-merger"
                );
            } else {
                assert!(appearance.get("url").is_none(), "{appearance}");
            }
        }
        // The values are in the explanation.
        let explanation = review["reviewRating"]["ratingExplanation"]
            .as_str()
            .expect("ratingExplanation");
        for o in claim["observations"].as_array().expect("observations") {
            assert!(
                explanation.contains(o["display"].as_str().expect("display")),
                "{explanation}"
            );
        }
    }
}

#[test]
fn claimreview_is_dated_today_without_source_date_epoch() {
    let out = Command::cargo_bin("crosscheck")
        .expect("binary builds")
        .current_dir(root())
        .env_remove("SOURCE_DATE_EPOCH")
        .args([
            "report",
            "--format",
            "claimreview",
            "--claim",
            "putin-took-power",
        ])
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let reviews = json(&String::from_utf8(out).expect("UTF-8"));
    let date = reviews[0]["datePublished"].as_str().expect("date");
    let parts: Vec<&str> = date.split('-').collect();
    assert_eq!(parts.len(), 3, "{date}");
    let year: u32 = parts[0].parse().expect("year");
    assert!(year >= 2024, "{date}");
    assert!((1..=12).contains(&parts[1].parse::<u32>().expect("month")));
    assert!((1..=31).contains(&parts[2].parse::<u32>().expect("day")));
}

// ---------------------------------------------------------------------------------------
// Exit codes and --output.

#[test]
fn every_format_exits_as_fail_on_says() {
    for format in FORMATS {
        // The bundled corpus has two conflicts: the default gate fails.
        crosscheck(&["check", "--format", format]).code(1);
        // An agreeing claim passes.
        crosscheck(&[
            "check",
            "--format",
            format,
            "--claim",
            "putin-previous-visit",
        ])
        .success();
        // A single-source claim passes by default and fails when --fail-on names `single`.
        crosscheck(&["check", "--format", format, "--claim", "putin-took-power"]).success();
        crosscheck(&[
            "check",
            "--format",
            format,
            "--claim",
            "putin-took-power",
            "--fail-on",
            "single",
        ])
        .code(1);
        // `report` never fails.
        crosscheck(&["report", "--format", format]).success();
    }
}

#[test]
fn output_writes_the_format_to_a_file_and_check_still_prints_what_fails() {
    let dir = tempfile::tempdir().expect("temp dir");
    let file = dir.path().join("crosscheck.sarif");
    fs::write(&file, "old content").expect("write");
    let file_arg = file.to_str().expect("UTF-8 path");
    let assert = crosscheck(&["check", "--format", "sarif", "--output", file_arg]).code(1);
    let terminal = stdout(&assert);
    // The terminal gets the table of what fails and the summary line…
    assert!(terminal.contains("artillery-shells"), "{terminal}");
    assert!(terminal.contains("11 claims: 2 conflict"), "{terminal}");
    assert!(!terminal.contains("putin-previous-visit"), "{terminal}");
    assert!(!terminal.contains("\"$schema\""), "{terminal}");
    // …and the file the whole SARIF log, replacing what was there.
    let written = fs::read_to_string(&file).expect("output file");
    assert_eq!(written, report_in(&root(), "sarif", &[]));

    // `report --output` prints nothing.
    let markdown = dir.path().join("summary.md");
    let out = report_in(
        &root(),
        "markdown",
        &["--output", markdown.to_str().expect("UTF-8 path")],
    );
    assert_eq!(out, "");
    assert_eq!(
        fs::read_to_string(&markdown).expect("markdown file"),
        report_in(&root(), "markdown", &[])
    );
    // No temporary file is left behind.
    let mut names: Vec<String> = fs::read_dir(dir.path())
        .expect("list")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    assert_eq!(names, ["crosscheck.sarif", "summary.md"]);
}

#[test]
fn output_into_a_missing_folder_is_an_error_naming_the_file() {
    let dir = tempfile::tempdir().expect("temp dir");
    let file = dir.path().join("no-such-folder").join("report.xml");
    let assert = crosscheck(&[
        "check",
        "--format",
        "junit",
        "--output",
        file.to_str().expect("UTF-8 path"),
    ])
    .code(2);
    let stderr = String::from_utf8(assert.get_output().stderr.clone()).expect("UTF-8");
    assert!(stderr.contains("report.xml"), "{stderr}");
    assert!(!file.exists());
}

// ---------------------------------------------------------------------------------------
// Arabic evidence, byte for byte, in every format.

/// Escapes as JSON writes a string (without the quotes).
fn json_escaped(text: &str) -> String {
    let quoted = serde_json::to_string(text).expect("string");
    quoted[1..quoted.len() - 1].to_owned()
}

/// `text` escaped as XML element text, Markdown's HTML block, or a GitHub message.
fn escaped_for(format: &str, text: &str) -> String {
    match format {
        "json" | "sarif" | "claimreview" => json_escaped(text),
        "junit" | "markdown" => text
            .replace('&', "&amp;")
            .replace('<', "&lt;")
            .replace('>', "&gt;"),
        "github" => text
            .replace('%', "%25")
            .replace('\r', "%0D")
            .replace('\n', "%0A"),
        _ => text.to_owned(),
    }
}

#[test]
fn bundled_arabic_evidence_survives_every_format_byte_for_byte() {
    let report = json(&report_in(&root(), "json", &[]));
    // The failing claims' evidence is in every CI format; all evidence is in JSON, JUnit,
    // SARIF rules aside, and ClaimReview.
    let failing: Vec<(String, String)> = ["artillery-shells", "easley-university"]
        .iter()
        .flat_map(|id| evidence_of(&json!({"claims": [claim(&report, id)]})))
        .collect();
    assert!(failing.len() >= 4);
    for format in [
        "json",
        "markdown",
        "junit",
        "sarif",
        "github",
        "claimreview",
    ] {
        let out = stdout(&crosscheck(&["report", "--format", format]));
        // No escaping of Arabic letters (`\u0627`, `&#1575;`), no mojibake.
        assert!(!out.contains("\\u06"), "{format} escapes Arabic");
        assert!(!out.contains("&#16"), "{format} escapes Arabic");
        assert!(
            !out.contains('\u{FFFD}'),
            "{format} has a replacement character"
        );
        for (evidence, text) in &failing {
            assert!(
                out.contains(&escaped_for(format, evidence)),
                "{format}: {evidence}"
            );
            assert!(out.contains(&escaped_for(format, text)), "{format}: {text}");
        }
    }
}

/// A corpus whose evidence holds what every format must escape or keep: `& < > " % | * :`,
/// a comma, shadda, tatweel and a right-to-left mark; a file name with Arabic letters, a
/// space and a comma; a source name with quotes and an ampersand.
fn tricky_corpus(dir: &Path) -> (String, String) {
    let tricky_evidence = "أعلنت الوزارة أن <المجمع> & شركاءه أنتجوا نحو 5 ملايين قذيفة مدفعية بنسبة 50% من الطلب *حسب* المتحدث: \"لا تراجع\"";
    let plain_evidence =
        "ذكر التقرير أن الجيش تسلّم\u{200F} أكثر من مليون قذيفـة مدفعية | وفق مصادر";
    write_article(
        dir,
        "صحيفة الغد, عدد 3.md",
        &format!(
            "---\nsource: 'صحيفة \"الغد\" & شركاه'\nurl: https://example.org/ar/الغد?id=1&x=2\npublished: 2024-05-01\n---\n{tricky_evidence}\n"
        ),
    );
    write_article(
        dir,
        "news.txt",
        &format!("---\nsource: Daily News\npublished: 2024-05-02\n---\n{plain_evidence}\n"),
    );
    write_claims(
        dir,
        "shells.yaml",
        "claims:\n  - id: shells\n    title: 'قذائف مدفعية | \"عدد\" & <نسبة> 50%'\n    kind: quantity\n    anchors: [قذيفة مدفعية, قذائف مدفعية]\n",
    );
    (tricky_evidence.to_owned(), plain_evidence.to_owned())
}

#[test]
fn hand_written_arabic_evidence_survives_every_format_byte_for_byte() {
    let dir = tempfile::tempdir().expect("temp dir");
    let (tricky, plain) = tricky_corpus(dir.path());
    let report = json(&report_in(dir.path(), "json", &[]));
    let evidence: Vec<String> = evidence_of(&report).into_iter().map(|e| e.0).collect();
    assert_eq!(
        evidence,
        [plain.clone(), tricky.clone()],
        "the clauses as written"
    );

    for format in FORMATS {
        let out = stdout(&crosscheck_in(dir.path(), &["check", "--format", format]).code(1));
        if format == "table" {
            continue; // the table wraps long evidence-free cells; it shows values, not evidence
        }
        for text in [&plain, &tricky] {
            // Escaped only as the format requires …
            assert!(
                out.contains(&escaped_for(format, text)),
                "{format}: {text}\n{out}"
            );
        }
        // … and the plain Arabic evidence (nothing to escape but in GitHub's `|`-free,
        // `%`-free text) is there raw, byte for byte, in every format but JSON-based ones
        // where only `"` and `\` would change.
        assert!(out.contains(&plain), "{format} changed {plain}");
    }

    // Parsed back, each format gives the exact evidence.
    let sarif = json(&stdout(&crosscheck_in(
        dir.path(),
        &["check", "--format", "sarif"],
    )));
    assert_valid_sarif(&sarif);
    let messages: Vec<&str> = sarif["runs"][0]["results"][0]["locations"]
        .as_array()
        .expect("locations")
        .iter()
        .map(|l| l["message"]["text"].as_str().expect("message"))
        .collect();
    assert!(messages[0].ends_with(&plain), "{}", messages[0]);
    assert!(messages[1].ends_with(&tricky), "{}", messages[1]);
    let uri = sarif["runs"][0]["results"][0]["locations"][1]["physicalLocation"]
        ["artifactLocation"]["uri"]
        .as_str()
        .expect("uri");
    assert_eq!(
        uri,
        "corpus/%D8%B5%D8%AD%D9%8A%D9%81%D8%A9%20%D8%A7%D9%84%D8%BA%D8%AF%2C%20%D8%B9%D8%AF%D8%AF%203.md"
    );

    let xml = stdout(&crosscheck_in(dir.path(), &["check", "--format", "junit"]));
    let document = roxmltree::Document::parse(&xml).expect("well-formed XML");
    let failure = document
        .descendants()
        .find(|n| n.has_tag_name("failure"))
        .expect("failure");
    let body = failure.text().expect("text");
    assert!(body.contains(&format!("evidence: {tricky}\n")), "{body}");
    assert!(body.contains(&format!("evidence: {plain}\n")), "{body}");

    let github = stdout(&crosscheck_in(dir.path(), &["check", "--format", "github"]));
    let annotations: Vec<_> = github.lines().map(parse_workflow_command).collect();
    assert_eq!(
        property(&annotations[1].1, "file"),
        Some("corpus/صحيفة الغد, عدد 3.md"),
        "the file property round-trips"
    );
    assert!(annotations[1].2.contains(&format!("Evidence: {tricky}\n")));
    assert!(annotations[0].2.contains(&format!("Evidence: {plain}\n")));

    let reviews = json(&stdout(&crosscheck_in(
        dir.path(),
        &["check", "--format", "claimreview"],
    )));
    let explanation = reviews[0]["reviewRating"]["ratingExplanation"]
        .as_str()
        .expect("explanation");
    assert!(
        explanation.contains(&format!("“{tricky}”")),
        "{explanation}"
    );
    assert!(explanation.contains(&format!("“{plain}”")), "{explanation}");
    assert_eq!(
        reviews[0]["itemReviewed"]["appearance"][1]["url"],
        "https://example.org/ar/الغد?id=1&x=2"
    );
    assert_eq!(
        reviews[0]["itemReviewed"]["appearance"][1]["author"]["name"],
        "صحيفة \"الغد\" & شركاه"
    );

    let markdown = stdout(&crosscheck_in(
        dir.path(),
        &["check", "--format", "markdown"],
    ));
    assert!(markdown.contains(&format!(
        "<blockquote dir=\"rtl\">{}</blockquote>",
        escaped_for("markdown", &tricky)
    )));
    // The title's `|` does not split the table row, and Arabic inline text is isolated.
    assert!(
        markdown
            .contains("<span dir=\"rtl\">قذائف مدفعية \\| \"عدد\" &amp; &lt;نسبة&gt; 50%</span>"),
        "{markdown}"
    );
}

// ---------------------------------------------------------------------------------------
// Fixtures written to a temporary folder: `claims/` and `corpus/` under `dir`.

fn write_claims(dir: &Path, name: &str, yaml: &str) {
    let folder = dir.join("claims");
    fs::create_dir_all(&folder).expect("claims folder");
    fs::write(folder.join(name), yaml).expect("claim file");
}

fn write_article(dir: &Path, name: &str, text: &str) {
    let folder = dir.join("corpus");
    fs::create_dir_all(&folder).expect("corpus folder");
    fs::write(folder.join(name), text).expect("article");
}

/// Two articles that contradict each other on artillery shells (the seed articles' wording).
fn shells_corpus(dir: &Path) {
    write_article(
        dir,
        "ft.txt",
        "---\nsource: Financial Times\n---\nعرضت روسيا المساعدة مقابل موافقة كوريا الشمالية على توريد ما يقرب من 5 ملايين قذيفة مدفعية\n",
    );
    write_article(
        dir,
        "arabi21.txt",
        "---\nsource: Arabi21\n---\nاتهمت سيول بيونغ يانغ بتقديم أكثر من مليون قذيفة مدفعية لروسيا\n",
    );
}

/// A claim on those shells with the given id, status and severity.
fn shells_claim(id: &str, status: &str, severity: &str) -> String {
    format!(
        "  - id: {id}\n    title: Artillery shells\n    kind: quantity\n    anchors: [قذيفة مدفعية]\n    status: {status}\n    severity: {severity}\n"
    )
}
