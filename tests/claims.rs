//! Loading and validating claim files: every field, the defaults, and every error path with
//! its exact message, position (line:column in characters) and fix.

use crosscheck::claims::{
    Choice, Claim, ClaimError, ClaimErrors, ClaimSet, Compare, Severity, Status, Tolerance, Window,
    load_claims, parse_claims_str,
};
use crosscheck::value::{Kind, PartialDate, Value};
use std::fs;
use std::path::{Path, PathBuf};

const FILE: &str = "claims/test.yaml";

/// Parse `text` as `claims/test.yaml`, expecting it to be valid.
fn parse(text: &str) -> Vec<Claim> {
    match parse_claims_str(Path::new(FILE), text) {
        Ok(claims) => claims,
        Err(errors) => panic!("expected valid claims, got:\n{errors}"),
    }
}

/// Parse `text`, expecting problems.
fn problems(text: &str) -> Vec<ClaimError> {
    match parse_claims_str(Path::new(FILE), text) {
        Ok(claims) => panic!("expected problems, got {} claims", claims.len()),
        Err(errors) => errors.errors,
    }
}

/// Parse `text`, expecting exactly one problem; returns (line, column, message, help).
fn problem(text: &str) -> (usize, usize, String, String) {
    let all = problems(text);
    assert_eq!(
        all.len(),
        1,
        "expected one problem, got:\n{}",
        ClaimErrors::new(all.clone())
    );
    let e = &all[0];
    assert_eq!(e.file, PathBuf::from(FILE));
    (
        e.line,
        e.column,
        e.message.clone(),
        e.help.clone().unwrap_or_default(),
    )
}

/// A claim file with one claim: the given lines (indented four spaces) after a valid `id`.
fn claim(body: &str) -> String {
    let mut text = String::from("claims:\n  - id: test-claim\n");
    for line in body.lines() {
        text.push_str("    ");
        text.push_str(line);
        text.push('\n');
    }
    text
}

/// A valid quantity claim plus extra lines; line 6 is the first extra line.
fn quantity(extra: &str) -> String {
    claim(&format!(
        "title: Artillery shells\nkind: quantity\nanchors: [قذائف مدفعية]\n{extra}"
    ))
}

fn write(dir: &Path, name: &str, text: &str) {
    let path = dir.join(name);
    if let Some(parent) = path.parent() {
        fs::create_dir_all(parent).expect("create folder");
    }
    fs::write(path, text).expect("write claim file");
}

// ----------------------------------------------------------------------------------------
// Valid files

#[test]
fn a_claim_with_every_field() {
    let set = load_claims(Path::new("tests/data/claims/valid")).expect("valid fixtures");
    let shells = set.get("artillery-shells").expect("artillery-shells");
    assert_eq!(
        shells.title,
        "Artillery shells North Korea supplied or agreed to supply to Russia"
    );
    assert_eq!(shells.kind, Kind::Quantity);
    assert_eq!(shells.anchors, vec!["قذيفة مدفعية", "قذائف مدفعية"]);
    assert_eq!(shells.unit.as_deref(), Some("shells"));
    assert_eq!(shells.tolerance, Some(Tolerance::Relative(0.05)));
    assert_eq!(shells.compare, Compare::Bounds);
    assert_eq!(shells.expected, Some(Value::Quantity(5_000_000.0)));
    assert_eq!(shells.status, Status::Review);
    assert_eq!(shells.severity, Severity::Warning);
    assert_eq!(shells.window, Window::Sentence);
    assert_eq!(shells.max_distance, 6);
    assert_eq!(shells.threshold, 0.9);
    assert_eq!(
        shells.note.as_deref(),
        Some(
            "000 says \"ما يقرب من 5 ملايين قذيفة مدفعية\";\n001 says \"أكثر من مليون قذيفة مدفعية\"."
        )
    );
    let accepted = shells.accepted.as_ref().expect("accepted");
    assert_eq!(
        accepted.values,
        vec![Value::Quantity(5_000_000.0), Value::Quantity(1_000_000.0)]
    );
    assert_eq!(
        accepted.reason.as_deref(),
        Some("delivered so far vs agreed in total; different facts")
    );
    assert!(shells.choices.is_empty());
    assert_eq!(
        shells.file,
        Path::new("tests/data/claims/valid/artillery-shells.yaml")
    );
    assert_eq!(shells.line, 3);
    assert_eq!(shells.key_lines.get("status"), Some(&13));
    assert_eq!(shells.key_lines.get("accepted"), Some(&21));
}

#[test]
fn choices_keep_their_order_and_expected_is_a_label() {
    let set = load_claims(Path::new("tests/data/claims/valid")).expect("valid fixtures");
    let easley = set.get("easley-university").expect("easley-university");
    assert_eq!(easley.kind, Kind::Choice);
    assert_eq!(
        easley.choices,
        vec![
            Choice {
                label: "ewha".to_string(),
                phrases: vec!["إيهوا".to_string()],
            },
            Choice {
                label: "harvard".to_string(),
                phrases: vec!["هارفارد".to_string(), "Harvard University".to_string()],
            },
        ]
    );
    assert_eq!(easley.expected, Some(Value::Choice("ewha".to_string())));
    assert_eq!(
        easley.file,
        Path::new("tests/data/claims/valid/choice/leaders.yml")
    );
    assert_eq!(easley.line, 2);

    let ceremony = set.get("pyongyang-welcome-ceremony").expect("ceremony");
    assert_eq!(
        ceremony.expected,
        Some(Value::Date(PartialDate {
            year: Some(2024),
            month: Some(6),
            day: Some(19),
        }))
    );
    assert_eq!(ceremony.line, 13);
}

#[test]
fn the_set_is_sorted_by_id_recursive_and_skips_hidden_and_other_files() {
    let set = load_claims(Path::new("tests/data/claims/valid")).expect("valid fixtures");
    let ids: Vec<&str> = set.iter().map(|c| c.id.as_str()).collect();
    assert_eq!(
        ids,
        vec![
            "artillery-shells",
            "easley-university",
            "putin-previous-visit",
            "pyongyang-welcome-ceremony",
        ]
    );
    assert_eq!(set.len(), 4);
    assert!(set.get("no-such-claim").is_none());
    assert!(set.get("").is_none());
}

#[test]
fn defaults_are_applied() {
    let claims = parse(&claim(
        "title: Year of Putin's previous visit\nkind: year\nanchors: [زار بوتين كوريا]",
    ));
    let [putin] = claims.as_slice() else {
        panic!("one claim expected");
    };
    assert_eq!(putin.id, "test-claim");
    assert_eq!(putin.kind, Kind::Year);
    assert_eq!(putin.unit, None);
    assert_eq!(putin.tolerance, None);
    assert_eq!(putin.compare, Compare::Stated);
    assert_eq!(putin.expected, None);
    assert_eq!(putin.status, Status::Active);
    assert_eq!(putin.severity, Severity::Error);
    assert_eq!(putin.window, Window::Clause);
    assert_eq!(putin.max_distance, 8);
    assert_eq!(putin.threshold, 0.85);
    assert_eq!(putin.note, None);
    assert_eq!(putin.accepted, None);
    assert!(putin.choices.is_empty());
    assert_eq!(putin.file, Path::new(FILE));
    assert_eq!(putin.line, 2);
}

#[test]
fn values_of_every_kind_and_tolerance_forms() {
    let shells = parse(&quantity("tolerance: 1000\nexpected: 1.5e6"));
    assert_eq!(shells[0].tolerance, Some(Tolerance::Absolute(1000.0)));
    assert_eq!(shells[0].expected, Some(Value::Quantity(1_500_000.0)));
    assert_eq!(
        parse(&quantity("tolerance: '2.5 %'"))[0].tolerance,
        Some(Tolerance::Relative(0.025))
    );

    let year = parse(&claim(
        "title: t\nkind: year\nanchors: [عام]\nexpected: 2000",
    ));
    assert_eq!(year[0].expected, Some(Value::Year(2000)));

    let month = parse(&claim(
        "title: t\nkind: date\nanchors: [أيلول]\nexpected: 2023-09",
    ));
    let year_only = parse(&claim(
        "title: t\nkind: date\nanchors: [أيلول]\nexpected: 2023",
    ));
    let date = |year, month| {
        Some(Value::Date(PartialDate {
            year: Some(year),
            month,
            day: None,
        }))
    };
    assert_eq!(month[0].expected, date(2023, Some(9)));
    assert_eq!(year_only[0].expected, date(2023, None));

    let accepted = parse(&claim(
        "title: t\nkind: date\nanchors: [أيلول]\naccepted:\n  values: [2023-09, 2023-09-12]",
    ));
    let accepted = accepted[0].accepted.as_ref().expect("accepted");
    assert_eq!(accepted.values.len(), 2);
    assert_eq!(accepted.reason, None);
}

#[test]
fn claims_serialize_for_other_tools() {
    let set = load_claims(Path::new("tests/data/claims/valid")).expect("valid fixtures");
    let json = serde_json::to_value(set.get("artillery-shells")).expect("json");
    assert_eq!(json["kind"], "quantity");
    assert_eq!(json["tolerance"], "5%");
    assert_eq!(json["expected"], 5_000_000);
    assert_eq!(json["status"], "review");
    assert_eq!(json["compare"], "bounds");
    assert_eq!(
        json["accepted"]["values"],
        serde_json::json!([5000000, 1000000])
    );
    assert_eq!(json["line"], 3);
    let date = serde_json::to_value(set.get("pyongyang-welcome-ceremony")).expect("json");
    assert_eq!(date["expected"], "2024-06-19");
    assert_eq!(date["tolerance"], serde_json::Value::Null);
}

#[test]
fn a_byte_order_mark_and_crlf_line_endings_are_read() {
    let text = "\u{FEFF}claims:\r\n  - id: crlf\r\n    title: t\r\n    kind: year\r\n    anchors: [عام]\r\n    expected: 2000\r\n";
    let claims = parse(text);
    assert_eq!(claims[0].expected, Some(Value::Year(2000)));
    // Positions stay right: the BOM is not a column, `\r` is not part of the line.
    let bad = text.replace("expected: 2000", "expected: '2000'");
    let errors = problems(&bad);
    assert_eq!((errors[0].line, errors[0].column), (6, 15));
    assert_eq!(
        errors[0].source_line.as_deref(),
        Some("    expected: '2000'")
    );
}

// ----------------------------------------------------------------------------------------
// Rendering

#[test]
fn an_unknown_key_renders_like_rustc() {
    let text = "claims:\n  - id: artillery-shells\n    title: Artillery shells\n    kind: quantity\n\n    # the anchors\n    anchor: [قذائف مدفعية]\n";
    let errors = parse_claims_str(Path::new("claims/shells.yaml"), text).expect_err("invalid");
    assert_eq!(
        errors.to_string(),
        "error: unknown key `anchor` in claim `artillery-shells`\n  --> claims/shells.yaml:7:5\n   |\n 7 |     anchor: [قذائف مدفعية]\n   |     ^^^^^^ did you mean `anchors`?\n\nerror: 1 problem in claim files"
    );
    let e = &errors.errors[0];
    assert_eq!(e.span_len, 6);
    assert_eq!(e.source_line.as_deref(), Some("    anchor: [قذائف مدفعية]"));
}

#[test]
fn columns_count_characters_not_bytes() {
    let (line, column, message, _) = problem(&claim(
        "title: t\nkind: quantity\nanchors: [قذائف مدفعية, '  ']",
    ));
    assert_eq!(
        message,
        "anchor 2 of `anchors` is empty in claim `test-claim`"
    );
    // `    anchors: [قذائف مدفعية, ` is 28 characters (and 39 bytes).
    assert_eq!((line, column), (5, 29));
}

#[test]
fn every_problem_of_every_file_is_reported_together() {
    let errors = load_claims(Path::new("tests/data/claims/broken")).expect_err("broken");
    let summary: Vec<String> = errors
        .errors
        .iter()
        .map(|e| format!("{}:{}:{} {}", e.file.display(), e.line, e.column, e.message))
        .collect();
    assert_eq!(
        summary,
        vec![
            "tests/data/claims/broken/a.yaml:4:11 unknown kind `quantiy` in claim `artillery-shells`",
            "tests/data/claims/broken/a.yaml:5:5 unknown key `anchor` in claim `artillery-shells`",
            "tests/data/claims/broken/a.yaml:6:15 `expected` is a number in quotes in claim `artillery-shells`",
            "tests/data/claims/broken/b.yaml:5:14 `anchors` must be a list in claim `putin-previous-visit`",
            "tests/data/claims/broken/b.yaml:6:5 `tolerance` applies only to quantity claims, and claim `putin-previous-visit` is a year claim",
        ]
    );
    assert!(
        errors
            .errors
            .iter()
            .all(|e| e.help.is_some() && e.source_line.is_some())
    );
    let rendered = errors.to_string();
    assert!(
        rendered.ends_with("\n\nerror: 5 problems in claim files"),
        "{rendered}"
    );
    assert!(rendered.contains(
        " 5 |     anchors: زار بوتين كوريا\n   |              ^^^^^^^^^^^^^^^ write a list: `anchors: [زار بوتين كوريا]`"
    ), "{rendered}");
}

#[test]
fn several_problems_in_one_claim_and_in_several_claims() {
    let text = "claims:\n  - id: Bad_Id\n    title: ''\n    kind: number\n    anchors: []\n    threshold: 2\n  - id: second\n    kind: year\n    anchors: [عام]\n    window: paragraph\n";
    let errors = problems(text);
    let found: Vec<(usize, usize, &str)> = errors
        .iter()
        .map(|e| (e.line, e.column, e.message.as_str()))
        .collect();
    assert_eq!(
        found,
        vec![
            (2, 9, "invalid id `Bad_Id`"),
            (3, 12, "`title` is empty in claim `Bad_Id`"),
            (4, 11, "unknown kind `number` in claim `Bad_Id`"),
            (5, 14, "`anchors` is empty in claim `Bad_Id`"),
            (
                6,
                16,
                "`threshold` must be between 0 and 1 in claim `Bad_Id`, got `2`"
            ),
            (7, 5, "claim `second` has no `title`"),
            (10, 13, "unknown window `paragraph` in claim `second`"),
        ]
    );
}

// ----------------------------------------------------------------------------------------
// Keys

#[test]
fn unknown_key_without_a_near_miss_lists_the_keys() {
    assert_eq!(
        problem(&quantity("colour: red")),
        (
            6,
            5,
            "unknown key `colour` in claim `test-claim`".to_string(),
            "remove it; a claim's keys are `id`, `title`, `kind`, `anchors`, `unit`, \
             `unit_words`, `tolerance`, `compare`, `expected`, `status`, `severity`, `window`, `max_distance`, `threshold`, \
             `inflect`, `note`, `accepted` or `choices`"
                .to_string()
        )
    );
}

#[test]
fn misspelt_keys_get_a_suggestion_and_are_not_also_missing() {
    let (line, column, message, help) = problem(&claim(
        "title: t\nkind: quantity\nanchors: [قذائف مدفعية]\ntreshold: 0.9",
    ));
    assert_eq!((line, column), (6, 5));
    assert_eq!(message, "unknown key `treshold` in claim `test-claim`");
    assert_eq!(help, "did you mean `threshold`?");

    let (_, _, message, help) = problem(&claim("Title: t\nkind: year\nanchors: [عام]"));
    assert_eq!(message, "unknown key `Title` in claim `test-claim`");
    assert_eq!(help, "did you mean `title`?");
}

#[test]
fn a_key_written_twice() {
    assert_eq!(
        problem(&quantity("unit: shells\nunit: rounds")),
        (
            7,
            5,
            "key `unit` appears twice in claim `test-claim`".to_string(),
            "remove one of them (the first is on line 6)".to_string()
        )
    );
}

#[test]
fn missing_required_keys_each_say_what_to_add() {
    let errors = problems("claims:\n  - unit: shells\n");
    let found: Vec<(usize, usize, &str, &str)> = errors
        .iter()
        .map(|e| {
            (
                e.line,
                e.column,
                e.message.as_str(),
                e.help.as_deref().unwrap_or(""),
            )
        })
        .collect();
    assert_eq!(
        found,
        vec![
            (
                2,
                5,
                "claim #1 has no `id`",
                "add `id: a-short-name` (lowercase letters, digits and `-`)"
            ),
            (
                2,
                5,
                "claim #1 has no `title`",
                "add `title: …`, a one-line description of the fact"
            ),
            (
                2,
                5,
                "claim #1 has no `kind`",
                "add `kind: quantity` (or `year`, `date`, `choice`)"
            ),
            (
                2,
                5,
                "claim #1 has no `anchors`",
                "add `anchors: [phrase, another phrase]`, the phrases that locate the claim in an article"
            ),
        ]
    );
}

// ----------------------------------------------------------------------------------------
// id

#[test]
fn an_invalid_id_gets_a_corrected_suggestion() {
    let (line, column, message, help) = problem(
        "claims:\n  - id: Artillery_Shells\n    title: t\n    kind: year\n    anchors: [عام]\n",
    );
    assert_eq!((line, column), (2, 9));
    assert_eq!(message, "invalid id `Artillery_Shells`");
    assert_eq!(
        help,
        "use only lowercase letters a-z, digits and `-`, e.g. `artillery-shells`"
    );

    let (_, _, message, help) =
        problem("claims:\n  - id: قذائف\n    title: t\n    kind: year\n    anchors: [عام]\n");
    assert_eq!(message, "invalid id `قذائف`");
    assert_eq!(
        help,
        "use only lowercase letters a-z, digits and `-`, e.g. `artillery-shells`"
    );
}

#[test]
fn duplicate_ids_in_one_file() {
    let one = "  - id: same\n    title: t\n    kind: year\n    anchors: [عام]\n";
    let text = format!("claims:\n{one}{one}");
    let (line, column, message, help) = problem(&text);
    assert_eq!((line, column), (6, 9));
    assert_eq!(
        message,
        "duplicate id `same`: already the id of the claim at claims/test.yaml:2:9"
    );
    assert_eq!(
        help,
        "give each claim its own id (ids are unique across all claim files), or merge the two claims"
    );
}

#[test]
fn duplicate_ids_across_two_files_name_both() {
    let dir = tempfile::tempdir().expect("tempdir");
    let one = "claims:\n  - id: artillery-shells\n    title: t\n    kind: quantity\n    anchors: [قذائف مدفعية]\n";
    write(dir.path(), "a.yaml", one);
    write(dir.path(), "nested/b.yaml", &format!("# copied\n{one}"));
    let errors = load_claims(dir.path()).expect_err("duplicate");
    assert_eq!(errors.len(), 1);
    let e = &errors.errors[0];
    assert_eq!(e.file, dir.path().join("nested/b.yaml"));
    assert_eq!((e.line, e.column), (3, 9));
    assert_eq!(
        e.message,
        format!(
            "duplicate id `artillery-shells`: already the id of the claim at {}:2:9",
            dir.path().join("a.yaml").display()
        )
    );
}

// ----------------------------------------------------------------------------------------
// kind and the other keywords

#[test]
fn an_unknown_kind_gets_a_suggestion_or_the_list() {
    let (line, column, message, help) =
        problem(&claim("title: t\nkind: quantiy\nanchors: [قذائف مدفعية]"));
    assert_eq!((line, column), (4, 11));
    assert_eq!(message, "unknown kind `quantiy` in claim `test-claim`");
    assert_eq!(help, "did you mean `quantity`?");

    let (_, _, message, help) = problem(&claim("title: t\nkind: number\nanchors: [قذائف مدفعية]"));
    assert_eq!(message, "unknown kind `number` in claim `test-claim`");
    assert_eq!(help, "use one of `quantity`, `year`, `date` or `choice`");
}

#[test]
fn keys_that_depend_on_a_misspelt_kind_are_still_checked() {
    let errors = problems(&claim(
        "title: t\nkind: Year\nanchors: [عام]\nexpected: '2000'",
    ));
    let messages: Vec<&str> = errors.iter().map(|e| e.message.as_str()).collect();
    assert_eq!(
        messages,
        vec![
            "unknown kind `Year` in claim `test-claim`",
            "`expected` is a number in quotes in claim `test-claim`",
        ]
    );
    assert_eq!(errors[0].help.as_deref(), Some("did you mean `year`?"));
}

#[test]
fn unknown_status_severity_window_and_compare() {
    let cases = [
        (
            "status: acitve",
            "unknown status `acitve` in claim `test-claim`",
            "did you mean `active`?",
        ),
        (
            "status: draft",
            "unknown status `draft` in claim `test-claim`",
            "use one of `active`, `review` or `retired`",
        ),
        (
            "severity: warn",
            "unknown severity `warn` in claim `test-claim`",
            "did you mean `warning`?",
        ),
        (
            "window: sentance",
            "unknown window `sentance` in claim `test-claim`",
            "did you mean `sentence`?",
        ),
        (
            "compare: bound",
            "unknown compare `bound` in claim `test-claim`",
            "did you mean `bounds`?",
        ),
    ];
    for (line, message, help) in cases {
        let (at_line, _, got_message, got_help) = problem(&quantity(line));
        assert_eq!(
            (at_line, got_message.as_str(), got_help.as_str()),
            (6, message, help),
            "{line}"
        );
    }
}

// ----------------------------------------------------------------------------------------
// anchors

#[test]
fn a_scalar_where_a_list_is_wanted_gets_a_list_hint() {
    let (line, column, message, help) = problem(&claim(
        "title: t\nkind: quantity\nanchors: قذيفة مدفعية, قذائف مدفعية",
    ));
    assert_eq!((line, column), (5, 14));
    assert_eq!(message, "`anchors` must be a list in claim `test-claim`");
    assert_eq!(
        help,
        "write a list: `anchors: [قذيفة مدفعية, قذائف مدفعية]`"
    );

    let (_, _, _, help) = problem(&claim("title: t\nkind: year\nanchors: 'visit: Pyongyang'"));
    assert_eq!(
        help,
        "write a list: `anchors: [first phrase, second phrase]`"
    );
}

#[test]
fn empty_anchors_and_empty_or_nested_anchor_items() {
    let empty = "list at least one anchor: `anchors: [first phrase, second phrase]`";
    assert_eq!(
        problem(&claim("title: t\nkind: year\nanchors: []")),
        (
            5,
            14,
            "`anchors` is empty in claim `test-claim`".to_string(),
            empty.to_string()
        )
    );
    assert_eq!(
        problem(&claim("title: t\nkind: year\nanchors:")),
        (
            5,
            13,
            "`anchors` is empty in claim `test-claim`".to_string(),
            empty.to_string()
        )
    );
    assert_eq!(
        problem(&claim("title: t\nkind: year\nanchors:\n  - عام\n  -\n")),
        (
            7,
            8,
            "anchor 2 of `anchors` is empty in claim `test-claim`".to_string(),
            "write a phrase, or remove this item".to_string()
        )
    );
    assert_eq!(
        problem(&claim("title: t\nkind: year\nanchors: [[عام, سنة]]")),
        (
            5,
            15,
            "anchor 1 of `anchors` must be text, not a list, in claim `test-claim`".to_string(),
            "write one phrase per item; put a phrase containing `: ` or `, ` in quotes".to_string()
        )
    );
}

#[test]
fn text_fields_must_be_text() {
    assert_eq!(
        problem(&quantity("unit: [shells]")),
        (
            6,
            11,
            "`unit` must be text, not a list".to_string(),
            "write it on one line: `unit: …`".to_string()
        )
    );
    assert_eq!(
        problem(&quantity("note:")),
        (
            6,
            10,
            "`note` is empty in claim `test-claim`".to_string(),
            "write the note after `note:`, or remove the key".to_string()
        )
    );
    // A number is fine as text.
    assert_eq!(
        parse(&claim("title: 2000\nkind: year\nanchors: [2000]"))[0].title,
        "2000"
    );
}

// ----------------------------------------------------------------------------------------
// threshold, max_distance, tolerance

#[test]
fn inflect_is_true_by_default_and_must_be_true_or_false() {
    assert!(parse(&quantity(""))[0].inflect);
    assert!(!parse(&quantity("inflect: false"))[0].inflect);
    assert!(parse(&quantity("inflect: true"))[0].inflect);
    assert_eq!(
        problem(&quantity("inflect: no")),
        (
            6,
            14,
            "`inflect` must be `true` or `false` in claim `test-claim`".to_string(),
            "write `inflect: false` to match the anchors literally (a name, a code), or remove \
             the key (the default is true)"
                .to_string()
        )
    );
    assert_eq!(
        problem(&quantity("inflect: 'false'")),
        (
            6,
            14,
            "`inflect` is `false` in quotes in claim `test-claim`".to_string(),
            "remove the quotes: `inflect: false` (in quotes YAML reads it as text)".to_string()
        )
    );
}

#[test]
fn threshold_must_be_a_fraction() {
    assert_eq!(
        problem(&quantity("threshold: 85")),
        (
            6,
            16,
            "`threshold` must be between 0 and 1 in claim `test-claim`, got `85`".to_string(),
            "a similarity is a fraction from 0 to 1: for 85 % write `threshold: 0.85`".to_string()
        )
    );
    assert_eq!(
        problem(&quantity("threshold: -0.5")).3,
        "a similarity is a fraction from 0 to 1, e.g. `threshold: 0.85`"
    );
    assert_eq!(
        problem(&quantity("threshold: '0.9'")),
        (
            6,
            16,
            "`threshold` is a number in quotes in claim `test-claim`".to_string(),
            "remove the quotes: `threshold: 0.9` (in quotes YAML reads it as text)".to_string()
        )
    );
    assert_eq!(
        problem(&quantity("threshold: high")),
        (
            6,
            16,
            "`threshold` must be a number in claim `test-claim`, got `high`".to_string(),
            "write a number: `threshold: 0.85`".to_string()
        )
    );
    assert_eq!(parse(&quantity("threshold: 1"))[0].threshold, 1.0);
    assert_eq!(parse(&quantity("threshold: 0"))[0].threshold, 0.0);
}

#[test]
fn max_distance_is_a_whole_number_of_words() {
    assert_eq!(
        problem(&quantity("max_distance: 2.5")),
        (
            6,
            19,
            "`max_distance` must be a whole number of words in claim `test-claim`, got `2.5`"
                .to_string(),
            "write how many words may stand between anchor and value, e.g. `max_distance: 8`"
                .to_string()
        )
    );
    assert_eq!(
        problem(&quantity("max_distance: -1")).2,
        "`max_distance` must be a whole number of words in claim `test-claim`, got `-1`"
    );
    assert_eq!(parse(&quantity("max_distance: 0"))[0].max_distance, 0);
}

#[test]
fn tolerance_must_be_a_percentage_or_a_number() {
    let help =
        "write `5%` for a relative tolerance, or a number such as `1000` for an absolute one";
    assert_eq!(
        problem(&quantity("tolerance: 5 percent")),
        (
            6,
            16,
            "invalid tolerance `5 percent` in claim `test-claim`".to_string(),
            help.to_string()
        )
    );
    assert_eq!(
        problem(&quantity("tolerance: -5%")),
        (
            6,
            16,
            "`tolerance` must not be negative in claim `test-claim`, got `-5%`".to_string(),
            help.to_string()
        )
    );
    assert_eq!(
        problem(&quantity("tolerance: 1,000")).2,
        "invalid tolerance `1,000` in claim `test-claim`"
    );
}

#[test]
fn tolerance_only_on_quantities() {
    assert_eq!(
        problem(&claim(
            "title: t\nkind: date\nanchors: [أيلول]\ntolerance: 5%"
        )),
        (
            6,
            5,
            "`tolerance` applies only to quantity claims, and claim `test-claim` is a date claim"
                .to_string(),
            "remove `tolerance`: years, dates and choices agree only when equal".to_string()
        )
    );
}

// ----------------------------------------------------------------------------------------
// choices

#[test]
fn choices_are_required_for_choice_claims() {
    assert_eq!(
        problem(&claim("title: t\nkind: choice\nanchors: [will be led by]")),
        (
            2,
            5,
            "claim `test-claim` is of kind choice but has no `choices`".to_string(),
            "add `choices:` with one `label: [phrase, another phrase]` line for each alternative"
                .to_string()
        )
    );
}

#[test]
fn choices_are_forbidden_for_other_kinds() {
    assert_eq!(
        problem(&quantity("choices:\n  smith: [Jane Smith]")),
        (
            6,
            5,
            "`choices` applies only to choice claims, and claim `test-claim` is a quantity claim"
                .to_string(),
            "remove `choices`, or set `kind: choice`".to_string()
        )
    );
}

#[test]
fn choices_shape_mistakes() {
    let choice = |extra: &str| {
        claim(&format!(
            "title: t\nkind: choice\nanchors: [will be led by]\n{extra}"
        ))
    };
    let help = "under `choices:` write one `label: [phrase, another phrase]` line for each alternative, without `- `";
    assert_eq!(
        problem(&choice("choices:\n  - smith: [Jane Smith]")),
        (
            7,
            7,
            "`choices` must map each label to its phrases in claim `test-claim`".to_string(),
            help.to_string()
        )
    );
    assert_eq!(
        problem(&choice("choices: {}")),
        (
            6,
            14,
            "`choices` is empty in claim `test-claim`".to_string(),
            help.to_string()
        )
    );
    assert_eq!(
        problem(&choice("choices:\n  smith: Jane Smith")),
        (
            7,
            14,
            "`smith` must be a list in claim `test-claim`".to_string(),
            "write a list: `smith: [Jane Smith]`".to_string()
        )
    );
    assert_eq!(
        problem(&choice("choices:\n  smith: []")),
        (
            7,
            14,
            "`smith` is empty in claim `test-claim`".to_string(),
            "list at least one phrase: `smith: [first phrase, second phrase]`".to_string()
        )
    );
    assert_eq!(
        problem(&choice(
            "choices:\n  smith: [Jane Smith]\n  smith: [Ms Smith]"
        )),
        (
            8,
            7,
            "choice `smith` appears twice in claim `test-claim`".to_string(),
            "merge its phrases into the first `smith` (line 7)".to_string()
        )
    );
}

// ----------------------------------------------------------------------------------------
// expected and accepted

#[test]
fn a_quoted_number_for_expected_gets_a_hint() {
    assert_eq!(
        problem(&quantity("expected: '5000000'")),
        (
            6,
            15,
            "`expected` is a number in quotes in claim `test-claim`".to_string(),
            "remove the quotes: `expected: 5000000` (in quotes YAML reads it as text)".to_string()
        )
    );
}

#[test]
fn expected_quantities_in_the_wrong_form() {
    assert_eq!(
        problem(&quantity("expected: 5,000,000")),
        (
            6,
            15,
            "`expected` must be a number in claim `test-claim`, got `5,000,000`".to_string(),
            "write the number with the digits 0-9 and no separators: `expected: 5000000`"
                .to_string()
        )
    );
    assert_eq!(
        problem(&quantity("expected: ٥٬٠٠٠٬٠٠٠")).3,
        "write the number with the digits 0-9 and no separators: `expected: 5000000`"
    );
    assert_eq!(
        problem(&quantity("expected: خمسة ملايين")),
        (
            6,
            15,
            "`expected` must be a number in claim `test-claim`, got `خمسة ملايين`".to_string(),
            "write the number in digits: `expected: 5000000`".to_string()
        )
    );
    assert_eq!(
        problem(&quantity("expected: [1, 2]")),
        (
            6,
            15,
            "`expected` must be one value, not a list, in claim `test-claim`".to_string(),
            "write a single quantity value: `expected: 5000000`".to_string()
        )
    );
    assert_eq!(
        problem(&quantity("expected:")),
        (
            6,
            14,
            "`expected` is empty in claim `test-claim`".to_string(),
            "write the reviewed quantity value, e.g. `expected: 5000000`, or remove it".to_string()
        )
    );
}

#[test]
fn expected_years_are_whole_numbers() {
    let year = |expected: &str| claim(&format!("title: t\nkind: year\nanchors: [عام]\n{expected}"));
    assert_eq!(
        problem(&year("expected: 2000.5")),
        (
            6,
            15,
            "`expected` must be a year from 1 to 9999 in claim `test-claim`, got `2000.5`"
                .to_string(),
            "write the year in digits: `expected: 2000`".to_string()
        )
    );
    assert_eq!(
        problem(&year("expected: \"2000\"")).2,
        "`expected` is a number in quotes in claim `test-claim`"
    );
    assert_eq!(
        problem(&year("expected: 2000-07")).2,
        "`expected` must be a number in claim `test-claim`, got `2000-07`"
    );
}

#[test]
fn expected_dates_must_exist() {
    let date = |expected: &str| {
        claim(&format!(
            "title: t\nkind: date\nanchors: [حزيران]\n{expected}"
        ))
    };
    let help = "write `YYYY`, `YYYY-MM` or `YYYY-MM-DD`, e.g. `expected: 2024-06-19`";
    assert_eq!(
        problem(&date("expected: 19-06-2024")),
        (
            6,
            15,
            "invalid date `19-06-2024` in `expected` of claim `test-claim`".to_string(),
            help.to_string()
        )
    );
    assert_eq!(
        problem(&date("expected: 2024-13-01")).2,
        "invalid date `2024-13-01` in `expected` of claim `test-claim`: there is no month 13"
    );
    assert_eq!(
        problem(&date("expected: 2023-02-29")).2,
        "invalid date `2023-02-29` in `expected` of claim `test-claim`: February 2023 has 28 days"
    );
}

#[test]
fn expected_choice_must_be_a_label() {
    let choice = |expected: &str| {
        claim(&format!(
            "title: t\nkind: choice\nanchors: [will be led by]\n{expected}\nchoices:\n  smith: [Jane Smith]\n  okafor: [Daniel Okafor]"
        ))
    };
    assert_eq!(
        problem(&choice("expected: okafr")),
        (
            6,
            15,
            "`expected` is `okafr`, which is not one of the choices of claim `test-claim`"
                .to_string(),
            "did you mean `okafor`?".to_string()
        )
    );
    assert_eq!(
        problem(&choice("expected: jones")).3,
        "use one of the labels under `choices`: `smith` or `okafor`"
    );
    assert_eq!(
        parse(&choice("expected: smith"))[0].expected,
        Some(Value::Choice("smith".to_string()))
    );
}

#[test]
fn accepted_shape_and_values() {
    assert_eq!(
        problem(&quantity("accepted: [5000000, 1000000]")),
        (
            6,
            15,
            "`accepted` must be a mapping with `values` and `reason` in claim `test-claim`"
                .to_string(),
            "write `accepted:`, then `values: [a, b]` and `reason: …` indented under it (or let \
             `crosscheck accept` write it)"
                .to_string()
        )
    );
    assert_eq!(
        problem(&quantity("accepted:\n  value: [5000000, 1000000]")),
        (
            7,
            7,
            "unknown key `value` in `accepted` of claim `test-claim`".to_string(),
            "did you mean `values`?".to_string()
        )
    );
    assert_eq!(
        problem(&quantity("accepted:\n  reason: different facts")),
        (
            6,
            5,
            "`accepted` has no `values` in claim `test-claim`".to_string(),
            "add `values: [a, b]`, the values of the reviewed conflict".to_string()
        )
    );
    assert_eq!(
        problem(&quantity("accepted:\n  values: 5000000")),
        (
            7,
            15,
            "`values` of `accepted` must be a list in claim `test-claim`".to_string(),
            "write a list: `values: [5000000, …]`".to_string()
        )
    );
    assert_eq!(
        problem(&quantity("accepted:\n  values: [5000000, '1000000']")),
        (
            7,
            25,
            "accepted value 2 is a number in quotes in claim `test-claim`".to_string(),
            "remove the quotes: `values: [1000000, …]` (in quotes YAML reads it as text)"
                .to_string()
        )
    );
}

// ----------------------------------------------------------------------------------------
// YAML syntax and file structure

#[test]
fn a_tab_in_indentation_is_pointed_at() {
    assert_eq!(
        problem("claims:\n  - id: a\n\ttitle: t\n"),
        (
            3,
            1,
            "invalid YAML: a tab in indentation (while scanning a plain scalar, found a tab)"
                .to_string(),
            "indent with spaces: YAML does not allow tabs in indentation".to_string()
        )
    );
}

#[test]
fn an_unclosed_quote_reports_the_parsers_position() {
    assert_eq!(
        problem("claims:\n  - id: a\n    title: \"Artillery shells\n    kind: quantity\n"),
        (
            3,
            12,
            "invalid YAML: invalid indentation in quoted scalar".to_string(),
            "a quote opened here is not closed: end the text with the same quote on this line, \
             or remove the quotes"
                .to_string()
        )
    );
}

#[test]
fn bad_indentation_reports_the_parsers_position() {
    let help = "check the indentation: each claim starts with `- ` under `claims:`, and its keys \
                line up under `id`; put a value containing `: ` in quotes";
    assert_eq!(
        problem("claims:\n  - id: a\n    title: t\n   kind: year\n"),
        (
            4,
            4,
            "invalid YAML: while parsing a block collection, did not find expected '-' indicator"
                .to_string(),
            help.to_string()
        )
    );
    assert_eq!(
        problem("claims:\n  - id: a\n    title: Putin: the visit\n").2,
        "invalid YAML: mapping values are not allowed in this context"
    );
}

#[test]
fn anchors_aliases_and_tags_are_refused() {
    let errors = problems(&claim(
        "title: &t Artillery shells\nkind: !!str quantity\nanchors: [*t]",
    ));
    let found: Vec<(usize, usize, &str)> = errors
        .iter()
        .map(|e| (e.line, e.column, e.message.as_str()))
        .collect();
    assert_eq!(
        found,
        vec![
            (
                3,
                12,
                "YAML anchors (`&name`) are not allowed in claim files"
            ),
            (
                4,
                11,
                "YAML tags (`!name`, `!!str`) are not allowed in claim files"
            ),
            (
                5,
                15,
                "YAML aliases (`*name`) are not allowed in claim files"
            ),
        ]
    );
}

#[test]
fn an_alias_bomb_is_refused_without_expanding_it() {
    let mut text = String::from("a: &a [x, x, x, x, x, x, x, x, x, x]\n");
    for level in 1..12 {
        let previous = format!("*l{}", level - 1).replace("*l0", "*a");
        text.push_str(&format!(
            "l{level}: &l{level} [{}]\n",
            vec![previous; 10].join(", ")
        ));
    }
    text.push_str("claims: [*l11]\n");
    let errors = problems(&text);
    assert!(
        errors.iter().all(|e| e.message.starts_with("YAML anchors")
            || e.message.starts_with("YAML aliases")
            || e.message.starts_with("unknown key")),
        "{}",
        ClaimErrors::new(errors.clone())
    );
}

#[test]
fn a_second_document_is_refused() {
    assert_eq!(
        problem(&format!("{}---\nclaims: []\n", quantity(""))),
        (
            6,
            1,
            "a second YAML document in a claim file".to_string(),
            "a claim file holds one document: remove this `---` and put these claims in the \
             first document's `claims:` list"
                .to_string()
        )
    );
}

#[test]
fn the_top_level_must_be_a_mapping_with_claims() {
    let help = "a claim file is a mapping: put `claims:` on the first line and the list of claims, \
                each starting with `- id:`, under it";
    assert_eq!(
        problem("- id: a\n  title: t\n"),
        (
            1,
            1,
            "the file is a list, not a mapping with `claims:`".to_string(),
            help.to_string()
        )
    );
    assert_eq!(
        problem("artillery shells\n"),
        (
            1,
            1,
            "the file holds only the text `artillery shells`, not a mapping with `claims:`"
                .to_string(),
            help.to_string()
        )
    );
    let unknown = problems("version: 1\n");
    let found: Vec<(usize, usize, &str, &str)> = unknown
        .iter()
        .map(|e| {
            (
                e.line,
                e.column,
                e.message.as_str(),
                e.help.as_deref().unwrap_or(""),
            )
        })
        .collect();
    assert_eq!(
        found,
        vec![
            (
                1,
                1,
                "unknown key `version` at the top of the file",
                "a claim file has only `claims:` at the top"
            ),
            (1, 1, "no `claims:` at the top of the file", help),
        ]
    );
    let all = problems("title: t\nkind: year\n");
    let messages: Vec<&str> = all.iter().map(|e| e.message.as_str()).collect();
    assert_eq!(
        messages,
        vec![
            "unknown key `title` at the top of the file",
            "no `claims:` at the top of the file",
            "unknown key `kind` at the top of the file",
        ]
    );
    assert_eq!(
        problem("claim:\n  - id: a\n"),
        (
            1,
            1,
            "unknown key `claim` at the top of the file".to_string(),
            "did you mean `claims`?".to_string()
        )
    );
}

#[test]
fn the_claims_list_must_hold_claims() {
    let list_help =
        "list the claims under `claims:`, each starting with `- id:` indented by two spaces";
    assert_eq!(
        problem("claims:\n"),
        (1, 8, "`claims` is empty".to_string(), list_help.to_string())
    );
    assert_eq!(
        problem("claims: []\n"),
        (
            1,
            9,
            "`claims` is an empty list".to_string(),
            list_help.to_string()
        )
    );
    assert_eq!(
        problem("claims:\n  id: a\n  title: t\n"),
        (
            2,
            3,
            "`claims` must be a list of claims".to_string(),
            "start each claim with `- ` (a dash and a space): `- id: …`, then its other keys \
             lined up under `id`"
                .to_string()
        )
    );
    let claim_help = "write each claim as keys under a dash: `- id: …`, then `title:`, `kind:` and \
                      `anchors:` lined up under `id`";
    assert_eq!(
        problem(&format!("{}  - artillery-shells\n", quantity(""))),
        (
            6,
            5,
            "claim #2 is not a mapping of keys".to_string(),
            claim_help.to_string()
        )
    );
    assert_eq!(
        problem(&format!("{}  -\n", quantity(""))),
        (
            6,
            4,
            "claim #2 is empty".to_string(),
            claim_help.to_string()
        )
    );
}

#[test]
fn an_empty_file_is_an_error() {
    for text in ["", "\n\n", "# only a comment\n"] {
        let errors = problems(text);
        assert_eq!(errors.len(), 1, "{text:?}");
        assert_eq!(errors[0].message, "claim file is empty");
        assert_eq!((errors[0].line, errors[0].column), (1, 1));
        assert_eq!(
            errors[0].help.as_deref(),
            Some(
                "write `claims:` and a list of claims under it, or let `crosscheck claim new` write the file"
            )
        );
    }
}

// ----------------------------------------------------------------------------------------
// Folders and files

#[test]
fn a_missing_folder_says_how_to_start() {
    let dir = tempfile::tempdir().expect("tempdir");
    let missing = dir.path().join("claims");
    let errors = load_claims(&missing).expect_err("missing");
    assert_eq!(errors.len(), 1);
    let e = &errors.errors[0];
    assert_eq!(e.file, missing);
    assert_eq!((e.line, e.column), (0, 0));
    assert_eq!(
        e.message,
        format!("claims folder `{}` does not exist", missing.display())
    );
    assert_eq!(
        e.help.as_deref(),
        Some(
            "write a claim with `crosscheck claim new --id ID --kind KIND --anchor PHRASE \
             --title TEXT` (or start a project with `crosscheck init`), or \
             point to the folder that holds your claim files with `--claims DIR`"
        )
    );
    assert_eq!(
        e.to_string(),
        format!(
            "error: claims folder `{0}` does not exist\n  --> {0}\n   = help: {1}",
            missing.display(),
            e.help.as_deref().unwrap_or("")
        )
    );
}

#[test]
fn a_folder_without_claim_files() {
    let dir = tempfile::tempdir().expect("tempdir");
    write(dir.path(), "notes.txt", "claims: []");
    write(dir.path(), ".hidden.yaml", "claims: []");
    let errors = load_claims(dir.path()).expect_err("no claim files");
    assert_eq!(
        errors.errors[0].message,
        format!(
            "no claim files (`*.yaml`, `*.yml`) in `{}`",
            dir.path().display()
        )
    );
    assert!(
        errors.errors[0]
            .help
            .as_deref()
            .is_some_and(|h| h.contains("--claims DIR"))
    );
}

#[test]
fn a_claim_file_instead_of_a_folder_is_read_alone() {
    let dir = tempfile::tempdir().expect("tempdir");
    write(
        dir.path(),
        "shells.yaml",
        "claims:\n  - id: shells\n    title: Shells\n    kind: quantity\n    anchors: [قذائف مدفعية]\n",
    );
    write(
        dir.path(),
        "other.yaml",
        "claims:\n  - id: other\n    title: Other\n    kind: year\n    anchors: [visit]\n",
    );
    let set = load_claims(&dir.path().join("shells.yaml")).expect("one file");
    let ids: Vec<&str> = set.iter().map(|c| c.id.as_str()).collect();
    assert_eq!(ids, vec!["shells"]);
}

#[test]
fn another_file_instead_of_a_folder() {
    let dir = tempfile::tempdir().expect("tempdir");
    write(dir.path(), "claims.txt", "claims: []");
    let path = dir.path().join("claims.txt");
    let errors = load_claims(&path).expect_err("not a folder");
    assert_eq!(
        errors.errors[0].message,
        format!(
            "`{}` is neither a folder nor a claim file (`*.yaml`, `*.yml`)",
            path.display()
        )
    );
    assert_eq!(
        errors.errors[0].help.as_deref(),
        Some("pass a claim file or the folder that holds the claim files with `--claims`")
    );
}

#[test]
fn a_file_that_is_not_utf8_is_located() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut bytes = "claims:\n  - id: a\n    title: caf".as_bytes().to_vec();
    bytes.extend_from_slice(&[0xE9, b'\n']);
    fs::write(dir.path().join("latin1.yaml"), bytes).expect("write");
    let errors = load_claims(dir.path()).expect_err("not utf-8");
    let e = &errors.errors[0];
    assert_eq!((e.line, e.column), (3, 15));
    assert_eq!(e.message, "claim file is not valid UTF-8");
    assert_eq!(
        e.help.as_deref(),
        Some("save the file as UTF-8 (the encoding every editor offers)")
    );
}

#[test]
fn an_oversized_file_is_refused() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut text = quantity("");
    text.push_str(&"#".repeat(10 * 1024 * 1024));
    write(dir.path(), "huge.yaml", &text);
    let errors = load_claims(dir.path()).expect_err("too large");
    assert_eq!(
        errors.errors[0].message,
        format!("claim file is {} bytes, over the 10 MB limit", text.len())
    );
    let direct = parse_claims_str(Path::new(FILE), &text).expect_err("too large");
    assert_eq!(direct.errors[0].message, errors.errors[0].message);
}

#[test]
fn problems_in_many_files_are_all_reported_in_path_order() {
    let dir = tempfile::tempdir().expect("tempdir");
    write(
        dir.path(),
        "b.yml",
        "claims:\n  - id: b\n    title: t\n    kind: yaer\n    anchors: [عام]\n",
    );
    write(
        dir.path(),
        "a/z.yaml",
        "claims:\n  - id: z\n    title: 'unclosed\n",
    );
    write(dir.path(), "c.yaml", "- not a mapping\n");
    write(
        dir.path(),
        "ok.yaml",
        "claims:\n  - id: ok\n    title: t\n    kind: year\n    anchors: [عام]\n",
    );
    let errors = load_claims(dir.path()).expect_err("broken");
    let files: Vec<PathBuf> = errors.errors.iter().map(|e| e.file.clone()).collect();
    assert_eq!(
        files,
        vec![
            dir.path().join("a/z.yaml"),
            dir.path().join("b.yml"),
            dir.path().join("c.yaml"),
        ]
    );
    assert!(
        errors
            .to_string()
            .ends_with("error: 3 problems in claim files")
    );
}

#[test]
fn a_valid_folder_loads_into_a_sorted_set() {
    let dir = tempfile::tempdir().expect("tempdir");
    write(
        dir.path(),
        "b.yaml",
        "claims:\n  - id: zeta\n    title: t\n    kind: year\n    anchors: [عام]\n  - id: alpha\n    title: t\n    kind: year\n    anchors: [سنة]\n",
    );
    write(
        dir.path(),
        "a.yml",
        "claims:\n  - id: mid\n    title: t\n    kind: year\n    anchors: [عام]\n",
    );
    let set: ClaimSet = load_claims(dir.path()).expect("valid");
    let ids: Vec<&str> = set.iter().map(|c| c.id.as_str()).collect();
    assert_eq!(ids, vec!["alpha", "mid", "zeta"]);
    assert_eq!(set.get("alpha").map(|c| c.line), Some(6));
    assert_eq!(
        set.get("mid").map(|c| c.file.clone()),
        Some(dir.path().join("a.yml"))
    );
}

#[test]
fn a_key_must_be_a_name() {
    assert_eq!(
        problem(&quantity("'': x")),
        (
            6,
            5,
            "a key must be a plain name in claim `test-claim`".to_string(),
            "write keys as `name: value`; a `?` or a list is not a key".to_string()
        )
    );
}

/// No input may panic: every prefix of a valid file, and the file with a YAML-significant
/// character inserted at every position, either loads or gives positioned, fixable errors.
#[test]
fn damaged_files_never_panic_and_every_error_is_placed_and_fixable() {
    let text =
        fs::read_to_string("tests/data/claims/valid/artillery-shells.yaml").expect("fixture");
    let boundaries: Vec<usize> = text.char_indices().map(|(i, _)| i).collect();
    let mut variants: Vec<String> = boundaries.iter().map(|&i| text[..i].to_string()).collect();
    for &i in boundaries.iter().step_by(3) {
        for inserted in [
            "\t", ":", "- ", "[", "'", "\"", "&a ", "*a", "#", "\n  ", "٥",
        ] {
            variants.push(format!("{}{inserted}{}", &text[..i], &text[i..]));
        }
    }
    let line_count = text.lines().count() + 2;
    for variant in &variants {
        if let Err(errors) = parse_claims_str(Path::new(FILE), variant) {
            assert!(!errors.is_empty());
            for e in &errors.errors {
                assert!(e.help.as_deref().is_some_and(|h| !h.is_empty()), "{e}");
                assert!(e.line >= 1 && e.line <= line_count, "{e}\n---\n{variant}");
                assert!(e.column >= 1, "{e}");
                // Rendering never panics either.
                assert!(e.to_string().starts_with("error: "));
            }
        }
    }
}
