//! The JSON report matches its published schema, `docs/report.schema.json`: the bundled
//! report, and one that uses every optional part (a skipped file, an accepted conflict with a
//! value outside it, a date with an inferred year). The schema admits no field it does not
//! describe, so a new field cannot reach the report without reaching the documentation.

use std::fs;
use std::path::{Path, PathBuf};

use assert_cmd::cargo::cargo_bin_cmd;
use serde_json::Value as Json;

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn validator() -> jsonschema::Validator {
    let text = fs::read_to_string(root().join("docs/report.schema.json")).expect("schema reads");
    let schema: Json = serde_json::from_str(&text).expect("the schema is JSON");
    jsonschema::options()
        .build(&schema)
        .expect("the schema compiles")
}

fn violations(report: &Json) -> Vec<String> {
    validator()
        .iter_errors(report)
        .map(|e| format!("{} at {}", e, e.instance_path()))
        .collect()
}

fn json_report(folder: &Path) -> Json {
    let output = cargo_bin_cmd!("crosscheck")
        .current_dir(folder)
        .args(["report", "--format", "json"])
        .output()
        .expect("crosscheck runs");
    assert!(output.status.success(), "{output:?}");
    serde_json::from_slice(&output.stdout).expect("the report is JSON")
}

#[test]
fn the_bundled_report_matches_the_schema() {
    let report = json_report(&root());
    assert_eq!(violations(&report), Vec::<String>::new());
}

#[test]
fn a_report_with_every_optional_part_matches_the_schema() {
    let dir = tempfile::tempdir().expect("temporary folder");
    let corpus = dir.path().join("corpus");
    fs::create_dir_all(&corpus).expect("corpus folder");
    for entry in fs::read_dir(root().join("corpus")).expect("bundled corpus") {
        let entry = entry.expect("entry");
        fs::copy(entry.path(), corpus.join(entry.file_name())).expect("copy");
    }
    fs::write(corpus.join("binary.txt"), b"\x00\x01\x02 not text").expect("binary file");
    fs::create_dir_all(dir.path().join("claims")).expect("claims folder");
    fs::write(
        dir.path().join("claims/shells.yaml"),
        "claims:\n  - id: shells\n    title: Shells\n    kind: quantity\n    anchors: [قذيفة مدفعية]\n    accepted:\n      values: [5000000]\n      reason: reviewed\n",
    )
    .expect("claim file");
    let report = json_report(dir.path());
    let claim = &report["claims"][0];
    assert_eq!(claim["verdict"], "conflict");
    assert!(claim["unaccepted"].is_array(), "{claim}");
    assert_eq!(
        report["corpus"]["skipped"].as_array().map(Vec::len),
        Some(1)
    );
    assert_eq!(violations(&report), Vec::<String>::new());
}

#[test]
fn the_schema_refuses_a_field_it_does_not_describe() {
    let mut report = json_report(&root());
    report["claims"][0]["observations"][0]["surprise"] = Json::Bool(true);
    report["corpus"]["surprise"] = Json::Bool(true);
    let errors = violations(&report);
    assert_eq!(errors.len(), 2, "{errors:?}");
    assert!(errors.iter().all(|e| e.contains("surprise")), "{errors:?}");
}
