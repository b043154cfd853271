//! `unit_words:` in a quantity claim: the value followed by a listed noun is taken, a value
//! counting another noun is not, and the Arabic dual of a listed noun states 2.

use assert_cmd::Command;
use std::fs;
use std::path::Path;

/// A project with `claims` (the YAML of one claim) and the articles `(name, body)`.
fn project(claim: &str, articles: &[(&str, &str)]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("temp dir");
    fs::create_dir_all(dir.path().join("claims")).expect("claims dir");
    fs::create_dir_all(dir.path().join("corpus")).expect("corpus dir");
    fs::write(
        dir.path().join("claims/c.yaml"),
        format!("claims:\n{claim}"),
    )
    .expect("claim");
    for (name, body) in articles {
        let language = if body.is_ascii() { "en" } else { "ar" };
        let text = format!("---\nsource: {name}\nlanguage: {language}\n---\n{body}\n");
        fs::write(dir.path().join("corpus").join(format!("{name}.txt")), text).expect("article");
    }
    dir
}

/// The values the JSON report gives the claim, in its order.
fn values(dir: &Path) -> Vec<String> {
    let out = Command::cargo_bin("crosscheck")
        .expect("binary")
        .current_dir(dir)
        .args(["report", "--format", "json"])
        .write_stdin("")
        .output()
        .expect("runs");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON");
    report["claims"][0]["observations"]
        .as_array()
        .expect("observations")
        .iter()
        .map(|o| o["value"].to_string())
        .collect()
}

const NITRATE: &str = "  - id: nitrate
    title: Ammonium nitrate stored in the port
    kind: quantity
    anchors: [نترات الأمونيوم]
";

#[test]
fn the_value_counting_a_unit_word_is_taken_over_a_nearer_one() {
    let text = "انفجرت 2750 طناً من مادة نيترات الأمونيوم كانت مخزنة منذ ست سنوات";
    // Without unit words the nearest value after the anchor wins: six years.
    let dir = project(NITRATE, &[("a", text)]);
    assert_eq!(values(dir.path()), ["6"]);
    let claim = format!("{NITRATE}    unit_words: [طن, أطنان, tonne]\n");
    let dir = project(&claim, &[("a", text)]);
    assert_eq!(values(dir.path()), ["2750"]);
}

#[test]
fn a_value_counting_another_noun_is_not_taken() {
    let claim = format!("{NITRATE}    unit_words: [طن]\n");
    let dir = project(&claim, &[("a", "نترات الأمونيوم مخزنة منذ ست سنوات")]);
    assert_eq!(values(dir.path()), Vec::<String>::new());
    // A value followed by no noun is taken as before.
    let dir = project(&claim, &[("a", "بلغت كمية نترات الأمونيوم 2750 في المرفأ")]);
    assert_eq!(values(dir.path()), ["2750"]);
}

#[test]
fn the_dual_of_a_unit_word_states_two() {
    let claim = "  - id: dams
    title: Dams that collapsed
    kind: quantity
    anchors: [انهيار]
    unit_words: [سد]
";
    let dir = project(
        claim,
        &[
            ("a", "تسبب انهيار سدين في فيضانات واسعة"),
            ("b", "بعد انهيار السدين"),
        ],
    );
    assert_eq!(values(dir.path()), ["2", "2"]);
    let claim = "  - id: shells
    title: Shells fired at the town
    kind: quantity
    anchors: [أطلقت]
    unit_words: [قذيفة, صاروخ]
";
    let dir = project(
        claim,
        &[
            ("a", "أطلقت القوات قذيفتين على البلدة"),
            ("b", "أطلقت صاروخان"),
        ],
    );
    assert_eq!(values(dir.path()), ["2", "2"]);
}

#[test]
fn unit_words_on_another_kind_is_an_error_that_says_so() {
    let claim = "  - id: year
    title: A year
    kind: year
    anchors: [عام]
    unit_words: [سنة]
";
    let dir = project(claim, &[("a", "عام 2000")]);
    let out = Command::cargo_bin("crosscheck")
        .expect("binary")
        .current_dir(dir.path())
        .args(["report", "--format", "json"])
        .write_stdin("")
        .output()
        .expect("runs");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    assert!(
        stderr.contains("`unit_words` applies only to quantity claims"),
        "{stderr}"
    );
}

/// The lines `explain` prints after each match, without the header and the verdict.
fn explain(dir: &Path, id: &str) -> Vec<String> {
    let out = Command::cargo_bin("crosscheck")
        .expect("binary")
        .current_dir(dir)
        .args(["explain", id])
        .write_stdin("")
        .output()
        .expect("runs");
    let stdout = String::from_utf8_lossy(&out.stdout).into_owned();
    assert!(
        out.status.success(),
        "{stdout}{}",
        String::from_utf8_lossy(&out.stderr)
    );
    stdout
        .lines()
        .filter(|l| l.starts_with("    ") && !l.starts_with("    clause:"))
        .map(str::to_owned)
        .collect()
}

#[test]
fn explain_names_the_counted_noun_and_the_values_counting_another() {
    let claim = format!("{NITRATE}    unit_words: [طن, أطنان]\n");
    let dir = project(
        &claim,
        &[(
            "a",
            "انفجرت 2750 طناً من مادة نيترات الأمونيوم كانت مخزنة منذ ست سنوات",
        )],
    );
    assert_eq!(
        explain(dir.path(), "nitrate"),
        [
            "    → value 2,750 «2750» at 5:8, 3 words from the anchor",
            "    counted: طن «طناً»",
            "    skipped: 6 «ست» counts «سنوات», not one of the unit_words",
        ]
    );
    // The dual is its own counted noun.
    let claim = "  - id: dams
    title: Dams that collapsed
    kind: quantity
    anchors: [انهيار]
    unit_words: [سد]
";
    let dir = project(claim, &[("a", "بعد انهيار السدين")]);
    assert_eq!(
        explain(dir.path(), "dams"),
        [
            "    → value 2 «السدين» at 5:12, 0 words from the anchor",
            "    counted: سد «السدين»",
        ]
    );
    let claim = "  - id: nitrate
    title: Ammonium nitrate stored in the port
    kind: quantity
    anchors: [ammonium nitrate]
    unit_words: [tonne]
";
    let dir = project(
        claim,
        &[(
            "a",
            "The 2750 tonnes of ammonium nitrate stored for 6 years exploded.",
        )],
    );
    assert_eq!(
        explain(dir.path(), "nitrate"),
        [
            "    → value 2,750 «2750» at 5:5, 2 words from the anchor",
            "    counted: tonne «tonnes»",
            "    skipped: 6 «6» counts «years», not one of the unit_words",
        ]
    );
}
