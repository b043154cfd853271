//! Corpora as they come: the bundled articles written, at test time, as JSON Lines, CSV, TSV,
//! WET and WARC archives and HTML pages, plain and compressed (gzip, zstd), each with one
//! malformed record among the good ones, give the bundled corpus's verdicts and values, and
//! the malformed record is skipped with a warning naming the file and the record.

use assert_cmd::Command;
use crosscheck::corpus::{Article, load_corpus};
use serde_json::{Value as Json, json};
use std::io::Write;
use std::path::{Path, PathBuf};

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// The bundled articles, as read from `corpus/`.
fn seeds() -> Vec<Article> {
    load_corpus(&root().join("corpus"))
        .expect("the bundled corpus loads")
        .articles
}

/// `crosscheck report --format json` of the bundled claims over `corpus`, with `extra`
/// options.
fn report(corpus: &Path, extra: &[&str]) -> Json {
    let output = Command::cargo_bin("crosscheck")
        .expect("binary builds")
        .current_dir(root())
        .env("NO_COLOR", "1")
        .args(["report", "--format", "json", "--corpus"])
        .arg(corpus)
        .args(extra)
        .output()
        .expect("runs");
    assert!(
        output.status.code().is_some_and(|code| code < 2),
        "report failed: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    serde_json::from_slice(&output.stdout).expect("valid JSON")
}

/// A claim's id, verdict, values as (source, value, qualifier), and mentions.
type ClaimResult = (String, Json, Vec<(String, Json, Json)>, usize);

/// Per claim: its verdict and every value stated, as (source, value, qualifier), sorted,
/// and the number of mentions without a value.
fn verdicts_and_values(report: &Json) -> Vec<ClaimResult> {
    report["claims"]
        .as_array()
        .expect("claims")
        .iter()
        .map(|claim| {
            let mut values: Vec<(String, Json, Json)> = claim["observations"]
                .as_array()
                .expect("observations")
                .iter()
                .map(|o| {
                    (
                        o["source"].as_str().expect("source").to_owned(),
                        o["value"].clone(),
                        o["qualifier"].clone(),
                    )
                })
                .collect();
            values.sort_by_key(|value| format!("{value:?}"));
            (
                claim["id"].as_str().expect("id").to_owned(),
                claim["verdict"].clone(),
                values,
                claim["mentions"].as_array().expect("mentions").len(),
            )
        })
        .collect()
}

/// The skip warnings of a report.
fn skipped(report: &Json) -> Vec<String> {
    report["corpus"]["skipped"]
        .as_array()
        .expect("skipped")
        .iter()
        .map(|s| s["reason"].as_str().expect("reason").to_owned())
        .collect()
}

/// Names of an article as a record states them.
fn record_names(article: &Article) -> Json {
    json!({
        "source": article.source,
        "published": article.published.map(|date| date.to_string()),
        "language": article.language,
        "url": article.url,
    })
}

/// Writes `bytes` to `path` as they are, or compressed as its extension says.
fn write_compressed(path: &Path, bytes: &[u8]) {
    let name = path.to_string_lossy();
    let data = if name.ends_with(".gz") {
        let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
        encoder.write_all(bytes).expect("compresses");
        encoder.finish().expect("compresses")
    } else if name.ends_with(".zst") {
        zstd::encode_all(bytes, 1).expect("compresses")
    } else {
        bytes.to_vec()
    };
    std::fs::write(path, data).expect("writes");
}

/// The seeds as JSON Lines, a malformed line after the first article.
fn jsonl(seeds: &[Article]) -> Vec<u8> {
    let mut out = Vec::new();
    for (index, article) in seeds.iter().enumerate() {
        let mut record = record_names(article);
        record["text"] = json!(article.body());
        // Some records name the text `body`, as some scrapers do: the default map reads both.
        if index % 2 == 1 {
            record["body"] = record["text"].take();
            record.as_object_mut().expect("object").remove("text");
        }
        out.extend_from_slice(record.to_string().as_bytes());
        out.push(b'\n');
        if index == 0 {
            out.extend_from_slice(b"{\"text\": \"cut short\n");
        }
    }
    out
}

/// The seeds as CSV or TSV, a row that is not UTF-8 after the first article.
fn table(seeds: &[Article], delimiter: u8) -> Vec<u8> {
    let mut writer = csv::WriterBuilder::new()
        .delimiter(delimiter)
        .from_writer(Vec::new());
    writer
        .write_record(["source", "published", "language", "url", "text"])
        .expect("writes");
    for (index, article) in seeds.iter().enumerate() {
        let published = article.published.map(|date| date.to_string());
        writer
            .write_record([
                article.source.as_str(),
                published.as_deref().unwrap_or(""),
                article.language.as_deref().unwrap_or(""),
                article.url.as_deref().unwrap_or(""),
                article.body(),
            ])
            .expect("writes");
        if index == 0 {
            writer
                .write_byte_record(&csv::ByteRecord::from(vec![
                    &b"Old"[..],
                    b"",
                    b"ar",
                    b"",
                    b"\xC7\xE1\xE3\xCF\xDE",
                ]))
                .expect("writes");
        }
    }
    writer.into_inner().expect("writes")
}

/// A WARC 1.1 record.
fn warc_record(kind: &str, uri: &str, date: &str, block: &[u8]) -> Vec<u8> {
    let mut out = format!(
        "WARC/1.1\r\nWARC-Type: {kind}\r\nWARC-Target-URI: {uri}\r\nWARC-Date: {date}\r\n\
         WARC-Record-ID: <urn:uuid:00000000-0000-0000-0000-000000000000>\r\nContent-Type: \
         text/plain\r\nContent-Length: {}\r\n\r\n",
        block.len()
    )
    .into_bytes();
    out.extend_from_slice(block);
    out.extend_from_slice(b"\r\n\r\n");
    out
}

/// The WARC date and a url for a seed (records name the source by the url's host).
fn warc_names(index: usize, article: &Article) -> (String, String) {
    let date = article
        .published
        .map(|date| format!("{date}T08:00:00Z"))
        .unwrap_or_else(|| "2024-01-01T08:00:00Z".to_owned());
    (date, format!("https://news{index}.example.org/article"))
}

/// The seeds as a WET file: `conversion` records of their text, after a `warcinfo`, and a
/// record that is not UTF-8 after the first article.
fn wet(seeds: &[Article]) -> Vec<u8> {
    let mut out = warc_record(
        "warcinfo",
        "",
        "2024-01-01T00:00:00Z",
        b"software: test\r\n",
    );
    for (index, article) in seeds.iter().enumerate() {
        let (date, url) = warc_names(index, article);
        out.extend(warc_record(
            "conversion",
            &url,
            &date,
            article.body().as_bytes(),
        ));
        if index == 0 {
            out.extend(warc_record("conversion", &url, &date, b"\xC7\xE1\xE3"));
        }
    }
    out
}

/// The seeds as a WARC file of HTTP responses holding each as a web page, and a page that
/// is not UTF-8 after the first article.
fn warc(seeds: &[Article]) -> Vec<u8> {
    let mut out = Vec::new();
    for (index, article) in seeds.iter().enumerate() {
        let (date, url) = warc_names(index, article);
        let page = page(article);
        let mut http = format!(
            "HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\nContent-Length: \
             {}\r\n\r\n",
            page.len()
        )
        .into_bytes();
        http.extend_from_slice(page.as_bytes());
        out.extend(warc_record("response", &url, &date, &http));
        if index == 0 {
            let mut bad = b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n\r\n<p>".to_vec();
            bad.extend_from_slice(b"\xC7\xE1\xE3</p>");
            out.extend(warc_record("response", &url, &date, &bad));
        }
    }
    out
}

/// Text escaped for HTML.
fn escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

/// A seed article inside a news site's page: a menu, a "most read" list and related links
/// with numbers in them (one with a claim's own words and another number), a newsletter
/// box and a footer. Only the article's paragraphs are its main text.
fn page(article: &Article) -> String {
    let paragraphs: String = article
        .body()
        .lines()
        .map(str::trim)
        .filter(|line| !line.is_empty())
        .map(|line| format!("      <p>{}</p>\n", escape(line)))
        .collect();
    let published = article
        .published
        .map(|date| {
            format!("<meta property=\"article:published_time\" content=\"{date}T08:00:00Z\">")
        })
        .unwrap_or_default();
    format!(
        r#"<!DOCTYPE html>
<html lang="{lang}" dir="rtl">
<head>
  <meta charset="utf-8">
  <title>أخبار اليوم</title>
  <meta property="og:site_name" content="{source}">
  {published}
  <link rel="stylesheet" href="/static/site.css">
</head>
<body>
  <header class="site-header">
    <nav class="menu">
      <ul>
        <li><a href="/">الرئيسية</a></li>
        <li><a href="/world">العالم</a></li>
        <li><a href="/economy">اقتصاد</a></li>
        <li><a href="/top-10">أهم 10 أخبار</a></li>
        <li><a href="/live">بث مباشر 24 ساعة</a></li>
      </ul>
    </nav>
    <div class="ticker">عاجل: 3 قتلى في حادث سير · الدولار عند 48 جنيها</div>
  </header>
  <div class="layout">
    <main>
      <article class="post">
{paragraphs}      </article>
    </main>
    <aside class="sidebar">
      <h3>الأكثر قراءة</h3>
      <ol>
        <li><a href="/a/1">روسيا تطلب 9 ملايين قذيفة مدفعية من حلفائها</a></li>
        <li><a href="/a/2">بوتين يزور 7 دول في 12 يوما</a></li>
        <li><a href="/a/3">ارتفاع الأسعار 35 في المئة خلال عام 2019</a></li>
      </ol>
    </aside>
  </div>
  <section class="related">
    <h3>اقرأ أيضا</h3>
    <ul>
      <li><a href="/r/1">كيم جونغ أون يصل إلى موسكو في زيارة تستمر 6 أيام</a></li>
      <li><a href="/r/2">كوريا الشمالية أرسلت 1000 حاوية إلى روسيا</a></li>
      <li><a href="/r/3">Putin took power in 1991, says a new book</a></li>
    </ul>
  </section>
  <div class="newsletter">اشترك في نشرتنا: أكثر من 250000 مشترك</div>
  <footer class="site-footer">
    <p>جميع الحقوق محفوظة © 2011 - 2025 · 15 مكتبا حول العالم</p>
    <p><a href="/privacy">سياسة الخصوصية</a> · <a href="/contact">اتصل بنا: 0020 2 1234 5678</a></p>
  </footer>
</body>
</html>
"#,
        lang = article.language.as_deref().unwrap_or("ar"),
        source = escape(&article.source),
    )
}

/// Writes each format of the seeds into `dir` under `name`, compressed as `name` says.
fn write_format(dir: &Path, name: &str, seeds: &[Article]) -> PathBuf {
    std::fs::create_dir_all(dir).expect("creates");
    let path = dir.join(name);
    let lower = name.trim_end_matches(".gz").trim_end_matches(".zst");
    let bytes = if lower.ends_with(".jsonl") || lower.ends_with(".ndjson") {
        jsonl(seeds)
    } else if lower.ends_with(".csv") {
        table(seeds, b',')
    } else if lower.ends_with(".tsv") {
        table(seeds, b'\t')
    } else if lower.ends_with(".wet") {
        wet(seeds)
    } else if lower.ends_with(".warc") {
        warc(seeds)
    } else {
        panic!("no writer for {name}")
    };
    write_compressed(&path, &bytes);
    path
}

#[test]
fn every_record_format_plain_and_compressed_gives_the_bundled_verdicts_and_values() {
    let seeds = seeds();
    let expected = verdicts_and_values(&report(&root().join("corpus"), &[]));
    let temp = tempfile::tempdir().expect("temporary folder");
    // (file name, the malformed record's place, what is wrong with it)
    let cases = [
        ("articles.jsonl", "line 2", "malformed JSON"),
        ("articles.jsonl.gz", "line 2", "malformed JSON"),
        ("articles.ndjson.zst", "line 2", "malformed JSON"),
        ("articles.csv", "row 3", "not UTF-8"),
        ("articles.csv.gz", "row 3", "not UTF-8"),
        ("articles.tsv.zst", "row 3", "not UTF-8"),
        ("crawl.wet", "offset", "not UTF-8"),
        ("crawl.wet.gz", "offset", "not UTF-8"),
        ("crawl.warc.gz", "offset", "not UTF-8"),
        ("crawl.warc.zst", "offset", "not UTF-8"),
    ];
    for (name, record, problem) in cases {
        let dir = temp.path().join(name.replace('.', "_"));
        let file = write_format(&dir, name, &seeds);
        let report = report(&dir, &[]);
        assert_eq!(
            report["corpus"]["articles"],
            json!(seeds.len()),
            "{name}: one document a record"
        );
        let mut expected = expected.clone();
        let mut got = verdicts_and_values(&report);
        if name.contains("warc") || name.contains("wet") {
            // WARC records name their source by the url's host, not as the bundle does:
            // compare the values and verdicts, not the names.
            for claim in expected.iter_mut().chain(got.iter_mut()) {
                for value in &mut claim.2 {
                    value.0.clear();
                }
                claim.2.sort_by_key(|value| format!("{value:?}"));
            }
        }
        assert_eq!(got, expected, "{name}: the bundled verdicts and values");
        let skipped = skipped(&report);
        assert_eq!(skipped.len(), 1, "{name}: {skipped:?}");
        let prefix = format!("{}: {record}", file.display());
        assert!(
            skipped[0].starts_with(&prefix) && skipped[0].contains(problem),
            "{name}: {} should start with {prefix} and say {problem}",
            skipped[0]
        );
    }
}

#[test]
fn the_json_report_names_the_record_of_each_value_and_explain_quotes_it() {
    let seeds = seeds();
    let temp = tempfile::tempdir().expect("temporary folder");
    let file = write_format(temp.path(), "articles.jsonl", &seeds);
    let report = report(temp.path(), &[]);
    let observations: Vec<&Json> = report["claims"]
        .as_array()
        .expect("claims")
        .iter()
        .flat_map(|claim| claim["observations"].as_array().expect("observations"))
        .collect();
    assert!(!observations.is_empty());
    // Article i is on line i + 1, and the malformed line 2 pushes the rest one down.
    let line_of = |source: &str| {
        let index = seeds
            .iter()
            .position(|article| article.source == source)
            .expect("a seed source");
        if index == 0 { 1 } else { index + 2 }
    };
    for o in observations {
        assert_eq!(o["file"], json!(file.display().to_string()));
        let source = o["source"].as_str().expect("source");
        assert_eq!(
            o["record"],
            json!(format!("line {}", line_of(source))),
            "{o}"
        );
    }
    // A file that is one article has no `record`.
    let bundled = self::report(&root().join("corpus"), &[]);
    let first = &bundled["claims"][0]["observations"][0];
    assert!(first.get("record").is_none(), "{first}");

    let output = Command::cargo_bin("crosscheck")
        .expect("binary builds")
        .current_dir(root())
        .args(["explain", "artillery-shells", "--corpus"])
        .arg(temp.path())
        .output()
        .expect("runs");
    let stdout = String::from_utf8_lossy(&output.stdout);
    let expected = format!("{}: line 1, ", file.display());
    assert!(stdout.contains(&expected), "{stdout}");
}

#[test]
fn a_field_mapping_names_the_text_field_and_a_bad_mapping_is_refused() {
    let seeds = seeds();
    let temp = tempfile::tempdir().expect("temporary folder");
    let mut lines = Vec::new();
    for article in &seeds {
        let mut record = record_names(article);
        record["article_body"] = json!(article.body());
        lines.push(record.to_string());
    }
    std::fs::write(temp.path().join("a.jsonl"), lines.join("\n")).expect("writes");
    let expected = verdicts_and_values(&report(&root().join("corpus"), &[]));
    let mapped = report(temp.path(), &["--field", "text=article_body"]);
    assert_eq!(verdicts_and_values(&mapped), expected);

    let output = Command::cargo_bin("crosscheck")
        .expect("binary builds")
        .current_dir(root())
        .args(["report", "--corpus"])
        .arg(temp.path())
        .output()
        .expect("runs");
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains(
            "line 1: skipped: no text field (looked for `text`, `body` or `content`); name the \
             field with --field text=NAME"
        ),
        "{stderr}"
    );

    let output = Command::cargo_bin("crosscheck")
        .expect("binary builds")
        .args(["report", "--field", "author=byline"])
        .output()
        .expect("runs");
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains("`author` in `author=byline` is not a document name"),
        "{stderr}"
    );
}

#[test]
fn html_pages_give_the_plain_texts_values_and_none_from_the_boilerplate() {
    let seeds = seeds();
    let temp = tempfile::tempdir().expect("temporary folder");
    for (index, article) in seeds.iter().enumerate() {
        let name = format!("{index:03}.html");
        let path = temp.path().join(if index % 2 == 0 {
            name
        } else {
            format!("{name}.gz")
        });
        write_compressed(&path, page(article).as_bytes());
    }
    std::fs::write(temp.path().join("broken.htm"), b"<p>\xC7\xE1\xE3</p>").expect("writes");
    let expected = verdicts_and_values(&report(&root().join("corpus"), &[]));
    // The control: the same pages read as text, boilerplate and all, give the sidebar's
    // 9,000,000 shells, so the comparison below would see a leak.
    let as_text = tempfile::tempdir().expect("temporary folder");
    for (index, article) in seeds.iter().enumerate() {
        std::fs::write(as_text.path().join(format!("{index}.txt")), page(article)).expect("writes");
    }
    let leaked = verdicts_and_values(&report(as_text.path(), &[]));
    let shells = |claims: &[ClaimResult]| {
        claims
            .iter()
            .find(|claim| claim.0 == "artillery-shells")
            .map(|claim| {
                claim
                    .2
                    .iter()
                    .filter(|value| value.1 == json!(9_000_000))
                    .count()
            })
    };
    assert_eq!(shells(&leaked), Some(seeds.len()));
    assert_eq!(shells(&expected), Some(0));
    let report = report(temp.path(), &[]);
    assert_eq!(report["corpus"]["articles"], json!(seeds.len()));
    assert_eq!(verdicts_and_values(&report), expected);
    let skipped = skipped(&report);
    assert_eq!(skipped.len(), 1, "{skipped:?}");
    assert!(
        skipped[0].starts_with(&format!(
            "{}: skipped: not UTF-8",
            temp.path().join("broken.htm").display()
        )),
        "{}",
        skipped[0]
    );
}

#[test]
fn a_truncated_gzip_keeps_the_records_before_the_cut_and_says_where_it_stopped() {
    let seeds = seeds();
    let temp = tempfile::tempdir().expect("temporary folder");
    let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
    encoder.write_all(&jsonl(&seeds)).expect("compresses");
    let whole = encoder.finish().expect("compresses");
    let path = temp.path().join("a.jsonl.gz");
    std::fs::write(&path, &whole[..whole.len() * 2 / 3]).expect("writes");
    let report = report(temp.path(), &[]);
    let articles = report["corpus"]["articles"].as_u64().expect("a count");
    assert!(articles >= 1 && articles < seeds.len() as u64, "{articles}");
    let skipped = skipped(&report);
    // The malformed line 2, then the cut.
    assert_eq!(skipped.len(), 2, "{skipped:?}");
    assert!(
        skipped[1].starts_with(&format!("{}: cannot be read further (", path.display()))
            && skipped[1].contains("(the records up to line "),
        "{}",
        skipped[1]
    );
}

#[test]
fn a_decompression_bomb_is_refused_at_the_cap_after_the_records_before_it() {
    use crosscheck::corpus::{Compression, Format, read_record_file_capped};
    let temp = tempfile::tempdir().expect("temporary folder");
    let mut input = b"{\"text\": \"first\"}\n{\"text\": \"".to_vec();
    input.extend(std::iter::repeat_n(b'a', 1 << 20));
    input.extend_from_slice(b"\"}\n");
    let path = temp.path().join("bomb.jsonl.zst");
    write_compressed(&path, &input);
    assert!(std::fs::metadata(&path).expect("exists").len() < 1000);
    let mut read = Vec::new();
    read_record_file_capped(
        &path,
        temp.path(),
        Format::JsonLines,
        Compression::Zstd,
        Some(64 * 1024),
        &mut |item| read.push(item.map(|article| article.body().to_owned())),
    );
    assert_eq!(read.len(), 2, "{read:?}");
    assert_eq!(read[0], Ok("first".to_owned()));
    let reason = read[1].clone().expect_err("refused").to_string();
    assert_eq!(
        reason,
        format!(
            "{}: decompresses to more than 65536 bytes, the cap for a file of its size (a \
             decompression bomb?); the rest of the file is not read (the records up to line 1 \
             were read)",
            path.display()
        )
    );
}
