//! The HTML report in a real browser: headless Chromium loads the report of the bundled
//! corpus and of a generated 20,000-article corpus, runs the page's script, and the test
//! reads the DOM it dumps (verdict counts, the conflict rows, `dir="rtl"` on Arabic
//! evidence, nothing injected by hostile text) and saves screenshots under
//! `target/browser/` for a person to look at.
//!
//! Built only with `--features browser-tests` (the README's test command and `.ci/run` use
//! it); Chromium must be at `/usr/bin/chromium` (Debian package `chromium`), else the test
//! fails saying so.

use assert_cmd::Command;
use serde_json::Value as Json;
use std::fs;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

const CHROMIUM: &str = "/usr/bin/chromium";

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// Where screenshots and pages go: `target/browser/`.
fn out_dir() -> PathBuf {
    let dir = root().join("target").join("browser");
    fs::create_dir_all(&dir).expect("create target/browser");
    dir
}

/// `crosscheck report ARGS` with the bundled claims over `corpus`, in `folder`.
fn report(folder: &Path, corpus: &Path, args: &[&str]) -> Vec<u8> {
    Command::cargo_bin("crosscheck")
        .expect("binary builds")
        .current_dir(folder)
        .env("NO_COLOR", "1")
        .args(["report", "--claims"])
        .arg(root().join("claims"))
        .arg("--corpus")
        .arg(corpus)
        .args(args)
        .assert()
        .success()
        .get_output()
        .stdout
        .clone()
}

/// Runs headless Chromium on `page` with `mode` (`--dump-dom` or `--screenshot=…`), in a
/// fresh profile folder; returns its standard output.
fn chromium(page: &Path, mode: &str, window: &str) -> String {
    assert!(
        Path::new(CHROMIUM).exists(),
        "Chromium is not installed at {CHROMIUM}: the browser test needs it \
         (Debian/Ubuntu: `apt-get install -y chromium`), or run the tests without \
         `--features browser-tests`"
    );
    let profile = tempfile::tempdir().expect("profile folder");
    let output = std::process::Command::new(CHROMIUM)
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--hide-scrollbars",
        ])
        .arg(format!("--user-data-dir={}", profile.path().display()))
        .arg(format!("--window-size={window}"))
        .arg("--virtual-time-budget=3000")
        .arg(mode)
        .arg(format!("file://{}", page.display()))
        .output()
        .expect("Chromium runs");
    assert!(
        output.status.success(),
        "Chromium failed on {}: {}",
        page.display(),
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8_lossy(&output.stdout).into_owned()
}

/// Checks the DOM Chromium dumped against the JSON report of the same corpus.
fn check_dom(dom: &str, json: &Json) {
    // The page's script ran: the filter's count is filled in.
    let claims = json["summary"]["claims"].as_u64().expect("claim count");
    let shown = format!(
        "<output id=\"shown\" aria-live=\"polite\">{claims} claim{} shown</output>",
        if claims == 1 { "" } else { "s" }
    );
    assert!(
        dom.contains(&shown),
        "the filter script did not run: {shown}"
    );
    // Verdict counts as the JSON report has them.
    for verdict in [
        "conflict", "accepted", "agree", "single", "unstated", "missing",
    ] {
        let count = json["summary"][verdict].as_u64().expect("count");
        let badge = format!("data-count=\"{verdict}\"><b>{count}</b> {verdict}</li>");
        assert!(dom.contains(&badge), "{badge}");
        // One matrix row and one section per claim of that verdict.
        let rows = dom
            .matches(&format!("class=\"claim-row\" data-verdict=\"{verdict}\""))
            .count();
        assert_eq!(rows as u64, count, "matrix rows of {verdict}");
        assert_eq!(
            sections_of(dom, verdict) as u64,
            count,
            "sections of {verdict}"
        );
    }
    assert_eq!(
        dom.matches("<article class=\"claim\"").count() as u64,
        claims
    );
    // Every conflict has its row, named.
    for claim in json["claims"].as_array().expect("claims") {
        if claim["verdict"] == "conflict" {
            let id = claim["id"].as_str().expect("id");
            let link = format!("<a href=\"#claim-{id}\">{id}</a>");
            let at = dom.find(&link).unwrap_or_else(|| panic!("no row of {id}"));
            let row = &dom[dom[..at].rfind("<tr ").expect("the row")..at];
            assert!(row.contains("data-verdict=\"conflict\""), "{row}");
        }
    }
    // Every quote holding Arabic is right to left, in Arabic; every quote has lang and dir.
    let mut quotes = 0;
    for piece in dom.split("<blockquote").skip(1) {
        let (attributes, rest) = piece.split_once('>').expect("a tag");
        let body = rest.split("</blockquote>").next().unwrap_or("");
        assert!(attributes.contains("lang=\""), "{attributes}");
        assert!(attributes.contains("dir=\""), "{attributes}");
        if body.chars().any(|c| ('\u{0600}'..='\u{06FF}').contains(&c)) {
            assert!(
                attributes.contains("lang=\"ar\"") && attributes.contains("dir=\"rtl\""),
                "Arabic evidence without dir=\"rtl\": {attributes}"
            );
            quotes += 1;
        }
    }
    assert!(quotes > 0, "no Arabic quote in the page");
    // Only the page's own script: hostile text never becomes markup.
    assert_eq!(dom.matches("<script").count(), 1, "an injected script");
    assert!(!dom.contains("href=\"javascript:"), "a javascript: link");
}

/// How many claim sections of the page have `verdict`.
fn sections_of(dom: &str, verdict: &str) -> usize {
    dom.split("<article class=\"claim\"")
        .skip(1)
        .filter(|s| {
            s.split_once('>')
                .is_some_and(|(tag, _)| tag.contains(&format!("data-verdict=\"{verdict}\"")))
        })
        .count()
}

#[test]
fn the_bundled_report_reads_right_in_chromium() {
    let out = out_dir();
    let page = out.join("bundled.html");
    report(
        &root(),
        &root().join("corpus"),
        &["--format", "html", "--output"]
            .iter()
            .copied()
            .chain([page.to_str().expect("UTF-8 path")])
            .collect::<Vec<_>>(),
    );
    let json: Json = serde_json::from_slice(&report(
        &root(),
        &root().join("corpus"),
        &["--format", "json"],
    ))
    .expect("JSON");
    let dom = chromium(&page, "--dump-dom", "1280,2000");
    check_dom(&dom, &json);
    // The two bundled conflicts, and the first quote of each marked.
    assert!(dom.contains("data-verdict=\"conflict\""));
    assert!(dom.contains("<mark class=\"value\">ما يقرب من 5 ملايين</mark>"));
    assert!(dom.contains("<mark class=\"anchor\">قذيفة مدفعية</mark>"));
    for (name, window) in [
        ("bundled.png", "1280,2400"),
        ("bundled-narrow.png", "420,1600"),
    ] {
        let shot = out.join(name);
        let _ = fs::remove_file(&shot);
        chromium(&page, &format!("--screenshot={}", shot.display()), window);
        let size = fs::metadata(&shot).map(|m| m.len()).unwrap_or(0);
        assert!(size > 20_000, "{} is {size} bytes", shot.display());
    }
}

/// Body lines of the bundled articles (after their front matter) of 40 to 200 letters.
fn bundled_lines() -> Vec<String> {
    let mut lines = Vec::new();
    let mut files: Vec<PathBuf> = fs::read_dir(root().join("corpus"))
        .expect("corpus")
        .map(|e| e.expect("entry").path())
        .collect();
    files.sort();
    for file in files {
        let text = fs::read_to_string(&file).expect("article");
        let body = text.splitn(3, "---\n").nth(2).unwrap_or(&text);
        lines.extend(
            body.lines()
                .filter(|l| (40..200).contains(&l.chars().count()))
                .map(str::to_owned),
        );
    }
    lines
}

#[test]
fn a_report_of_20000_articles_stays_usable_in_chromium() {
    let dir = tempfile::tempdir().expect("temp dir");
    let corpus = dir.path().join("corpus");
    let lines = bundled_lines();
    assert!(lines.len() > 20, "{} lines", lines.len());
    // 20,000 small articles from 60 sources: lines of the bundled articles, and a figure of
    // shells that varies, so some claims have many values and every value many places.
    // One source's name and url are hostile.
    // Twenty JSON Lines files of 1,000 records each (one file a record would cost the test
    // more in file handling than in scanning).
    fs::create_dir_all(&corpus).expect("corpus folder");
    let started = Instant::now();
    let mut file = String::new();
    for n in 0..20_000usize {
        let (source, url) = if n == 7 {
            (
                "<script>alert(1)</script>\u{202E}evil\" onmouseover=\"x".to_owned(),
                "javascript:alert(1)".to_owned(),
            )
        } else {
            (
                format!("Wire {}", n % 60),
                format!("https://example.org/{n}"),
            )
        };
        let mut text = String::new();
        for k in 0..2 {
            text.push_str(&lines[(n * 7 + k * 13) % lines.len()]);
            text.push('\n');
        }
        text.push_str(&format!(
            "وقالت الوكالة إن كوريا الشمالية وافقت على توريد ما يقرب من {} ملايين قذيفة مدفعية.\n",
            3 + n % 7
        ));
        // Each article its own text, so none is left out as a copy of another.
        text.push_str(&format!("التقرير رقم {n}.\n"));
        let record = serde_json::json!({"source": source, "url": url, "text": text});
        file.push_str(&record.to_string());
        file.push('\n');
        if n % 1000 == 999 {
            fs::write(corpus.join(format!("wire-{:02}.jsonl", n / 1000)), &file)
                .expect("write records");
            file.clear();
        }
    }
    eprintln!("generated in {:?}", started.elapsed());
    let page = out_dir().join("20000.html");
    let started = Instant::now();
    report(
        dir.path(),
        &corpus,
        &[
            "--format",
            "html",
            "--output",
            page.to_str().expect("UTF-8 path"),
        ],
    );
    eprintln!("reported in {:?}", started.elapsed());
    let size = fs::metadata(&page).expect("page").len();
    assert!(size < 5_000_000, "the page is {size} bytes");
    let started = Instant::now();
    let dom = chromium(&page, "--dump-dom", "1280,2000");
    let load = started.elapsed();
    eprintln!("loaded and dumped in {load:?}, {size} bytes");
    assert!(load < Duration::from_secs(20), "Chromium took {load:?}");
    // The page agrees with itself: each verdict's count is its number of matrix rows and of
    // sections (the bundled test compares them with the JSON report).
    assert!(dom.contains("data-count=\"claims\"><b>11</b> claims</li>"));
    assert!(dom.contains("<output id=\"shown\" aria-live=\"polite\">11 claims shown</output>"));
    for verdict in [
        "conflict", "accepted", "agree", "single", "unstated", "missing",
    ] {
        let rows = dom
            .matches(&format!("class=\"claim-row\" data-verdict=\"{verdict}\""))
            .count();
        assert_eq!(sections_of(&dom, verdict), rows, "sections of {verdict}");
        let badge = format!("data-count=\"{verdict}\"><b>{rows}</b> {verdict}</li>");
        assert!(dom.contains(&badge), "{badge}");
    }
    assert!(dom.contains("class=\"claim-row\" data-verdict=\"conflict\""));
    assert!(dom.contains("read, "), "the corpus line");
    assert!(dom.contains("<b>20,000</b>") || dom.contains("20,000 articles read"));
    // Long lists are cut, and say by how much.
    assert!(dom.contains("<li class=\"more\">and "), "no `and N more`");
    // The hostile source is shown as text.
    assert!(dom.contains("&lt;script&gt;alert(1)&lt;/script&gt;⟨U+202E⟩evil"));
    let shot = out_dir().join("20000.png");
    let _ = fs::remove_file(&shot);
    chromium(
        &page,
        &format!("--screenshot={}", shot.display()),
        "1280,2400",
    );
    assert!(fs::metadata(&shot).map(|m| m.len()).unwrap_or(0) > 20_000);
}
