//! `crosscheck extract` run as a user runs it: on the five seed articles (the full output is
//! pinned with snapshots, read through by hand), on arguments and standard input, and on every
//! error path.

use assert_cmd::cargo::cargo_bin_cmd;
use std::io::Write;
use std::path::PathBuf;
use std::process::{Command as Process, Stdio};

/// The text of a seed article: the body of the bundled corpus file, front matter removed.
fn seed_text(file: &str) -> String {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("corpus");
    let article = crosscheck::corpus::load_article(&root.join(file), &root)
        .unwrap_or_else(|e| panic!("cannot load {file}: {e}"));
    article.body().to_owned()
}

/// `crosscheck extract` on a seed article read from standard input.
fn extract_seed(file: &str) -> String {
    let text = seed_text(file);
    let output = cargo_bin_cmd!("crosscheck")
        .arg("extract")
        .write_stdin(text)
        .assert()
        .success()
        .stderr("")
        .get_output()
        .stdout
        .clone();
    String::from_utf8(output).expect("UTF-8 output")
}

#[test]
fn seed_000_ft_translation() {
    insta::assert_snapshot!("seed_000", extract_seed("000_195537198d3ed82c.txt"));
}

#[test]
fn seed_001_arabi21() {
    insta::assert_snapshot!("seed_001", extract_seed("001_6e411e653f270d41.txt"));
}

#[test]
fn seed_002_minbar() {
    insta::assert_snapshot!("seed_002", extract_seed("002_4ebf0d391eef82e5.txt"));
}

#[test]
fn seed_003_editorial() {
    insta::assert_snapshot!("seed_003", extract_seed("003_6a4c0072f3f08a4d.txt"));
}

#[test]
fn seed_004_bbc_arabic() {
    insta::assert_snapshot!("seed_004", extract_seed("004_8cffb8be076c88e1.txt"));
}

#[test]
fn every_line_is_a_json_object_in_spec_key_order() {
    let output = extract_seed("001_6e411e653f270d41.txt");
    assert!(!output.is_empty());
    for line in output.lines() {
        let object: serde_json::Value = serde_json::from_str(line).expect("valid JSON");
        let kind = object["kind"].as_str().expect("kind");
        let has_qualifier = object.get("qualifier").is_some();
        assert_eq!(has_qualifier, kind == "quantity", "{line}");
        let expected_start = format!("{{\"kind\":\"{kind}\",\"value\":");
        assert!(line.starts_with(&expected_start), "{line}");
        assert!(
            line.contains(",\"text\":") && line.contains(",\"start\":"),
            "{line}"
        );
    }
}

#[test]
fn text_argument() {
    cargo_bin_cmd!("crosscheck")
        .args(["extract", "ما يقرب من 5 ملايين قذيفة"])
        .assert()
        .success()
        .stdout(concat!(
            r#"{"kind":"quantity","value":5000000,"qualifier":"approx","text":"ما يقرب من 5 ملايين","start":0,"end":19}"#,
            "\n"
        ));
}

#[test]
fn dash_reads_standard_input() {
    cargo_bin_cmd!("crosscheck")
        .args(["extract", "-"])
        .write_stdin("since 1999")
        .assert()
        .success()
        .stdout("{\"kind\":\"year\",\"value\":1999,\"text\":\"1999\",\"start\":6,\"end\":10}\n");
}

#[test]
fn kind_selects_one_extractor() {
    let text = "زار بوتين كوريا الشمالية في تموز/يوليو 2000 بعد أكثر من عقدين";
    cargo_bin_cmd!("crosscheck")
        .args(["extract", "--kind", "year", text])
        .assert()
        .success()
        .stdout("{\"kind\":\"year\",\"value\":2000,\"text\":\"2000\",\"start\":39,\"end\":43}\n");
    cargo_bin_cmd!("crosscheck")
        .args(["extract", "--kind", "date", text])
        .assert()
        .success()
        .stdout(
            "{\"kind\":\"date\",\"value\":\"2000-07\",\"text\":\"تموز/يوليو 2000\",\"start\":28,\"end\":43}\n",
        );
    cargo_bin_cmd!("crosscheck")
        .args(["extract", "--kind", "quantity", text])
        .assert()
        .success()
        .stdout(
            "{\"kind\":\"quantity\",\"value\":20,\"qualifier\":\"more_than\",\"text\":\"أكثر من عقدين\",\"start\":48,\"end\":61}\n",
        );
}

#[test]
fn nothing_found_is_success_with_no_output() {
    cargo_bin_cmd!("crosscheck")
        .args(["extract", "لا أرقام هنا، no numbers here"])
        .assert()
        .success()
        .stdout("");
    cargo_bin_cmd!("crosscheck")
        .arg("extract")
        .write_stdin("")
        .assert()
        .success()
        .stdout("");
}

#[test]
fn bad_arguments_exit_2() {
    for args in [
        vec!["extract", "--kind", "choice", "x"],
        vec!["extract", "--kind", "number", "x"],
        vec!["extract", "--kind"],
        vec!["extract", "one", "two"],
        vec!["extract", "--bogus"],
        vec!["extrakt"],
    ] {
        cargo_bin_cmd!("crosscheck")
            .args(&args)
            .assert()
            .code(2)
            .stdout("");
    }
}

#[test]
fn non_utf8_input_exits_2_with_a_clear_message() {
    // "عام" in Windows-1256, as an old Arabic page might be saved.
    cargo_bin_cmd!("crosscheck")
        .arg("extract")
        .write_stdin(vec![0xDA, 0xC7, 0xE3, b' ', b'2', b'0', b'0', b'0'])
        .assert()
        .code(2)
        .stdout("")
        .stderr(predicates::str::contains("not UTF-8"));
}

#[test]
fn a_closed_output_pipe_is_not_an_error() {
    // Enough output to fill any pipe buffer, and nobody reading it.
    let input = "نحو 5 ملايين، ".repeat(50_000);
    let mut child = Process::new(assert_cmd::cargo::cargo_bin!("crosscheck"))
        .arg("extract")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the binary starts");
    drop(child.stdout.take());
    if let Some(mut stdin) = child.stdin.take() {
        stdin.write_all(input.as_bytes()).expect("input written");
    }
    let output = child.wait_with_output().expect("the binary ends");
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(!stderr.contains("panicked"), "{stderr}");
    assert_eq!(output.status.code(), Some(0), "{stderr}");
}

#[test]
fn large_and_odd_input_never_panics() {
    for input in [
        "9".repeat(10_000),
        format!("{} مليار", "٩".repeat(10_000)),
        "\u{0651}\u{064E}".to_owned(),
        "٥ million و three آلاف ٣١/٠٢/٢٠٢٣ 中文".to_owned(),
    ] {
        cargo_bin_cmd!("crosscheck")
            .args(["extract", input.as_str()])
            .assert()
            .success();
    }
}

#[test]
fn standard_input_over_the_article_limit_exits_2_with_the_limit() {
    cargo_bin_cmd!("crosscheck")
        .args(["extract", "--max-article-bytes", "10", "-"])
        .write_stdin("5 ملايين قذيفة")
        .assert()
        .code(2)
        .stdout("")
        .stderr(
            "error: standard input is over the limit of 10 bytes for one \
             article; split it, or raise the limit with --max-article-bytes\n",
        );
    cargo_bin_cmd!("crosscheck")
        .args(["extract", "--max-article-bytes", "30", "-"])
        .write_stdin("5 ملايين قذيفة")
        .assert()
        .success();
    // An endless input (it once read 6.3 GB of /dev/zero in 10 s) stops at the limit.
    #[cfg(unix)]
    {
        let zero = std::fs::File::open("/dev/zero").expect("/dev/zero");
        let output = Process::new(assert_cmd::cargo::cargo_bin!("crosscheck"))
            .args(["extract", "--max-article-bytes", "1M"])
            .stdin(zero)
            .output()
            .expect("runs");
        assert_eq!(output.status.code(), Some(2));
        assert_eq!(
            String::from_utf8_lossy(&output.stderr),
            "error: standard input is over the limit of 1048576 bytes for one \
             article; split it, or raise the limit with --max-article-bytes\n"
        );
    }
}
