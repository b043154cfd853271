//! Web pages (`.html`, `.htm`, and the pages inside WARC `response` records): the main text
//! only, found by `dom_smoothie` (a port of Mozilla's Readability), so menus, footers, "most
//! read" lists and related links — and the numbers in them — are never searched.
//!
//! Names: `<title>` (or `og:title`), `<html lang>`, `og:site_name` as the source and
//! `article:published_time` as the date, when the page has them. The main text keeps one
//! paragraph a line; locations are lines and columns of that text (the page's markup is not
//! what a reader quotes).

use dom_smoothie::{Config, Readability, TextMode};

use super::records::Names;

/// The main text of a page and its names, or why there is none.
///
/// `url`, when known (a WARC record's target), resolves the page's relative links and is the
/// document's url; else the page's own canonical url is.
///
/// # Errors
///
/// A message for the skip warning when the page has no main text.
pub(super) fn main_text(html: &str, url: Option<&str>) -> Result<(String, Names), String> {
    let config = Config {
        text_mode: TextMode::Formatted,
        ..Config::default()
    };
    // A url the extractor refuses (relative, malformed) only loses link resolution.
    let document_url = url.filter(|url| url.starts_with("http://") || url.starts_with("https://"));
    let mut readability = Readability::new(html, document_url, Some(config))
        .or_else(|_| Readability::new(html, None, None))
        .map_err(|error| format!("the page cannot be read ({error})"))?;
    let page = readability
        .parse()
        .map_err(|error| format!("no main text found in the page ({error})"))?;
    let text = tidy(&page.text_content);
    if text.is_empty() {
        return Err("no main text found in the page".to_owned());
    }
    let nonempty = |value: Option<String>| value.filter(|value| !value.trim().is_empty());
    let title = (!page.title.trim().is_empty()).then(|| page.title.trim().to_owned());
    let names = Names {
        source: nonempty(page.site_name),
        url: url.map(str::to_owned).or_else(|| nonempty(page.url)),
        published: nonempty(page.published_time),
        language: nonempty(page.lang),
        title,
    };
    Ok((text, names))
}

/// The extracted text with each line's surrounding blanks removed and runs of blank lines
/// made one, so sentences and paragraphs read as in the page.
fn tidy(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut blank_run = false;
    for line in text.lines() {
        let line = line.trim();
        if line.is_empty() {
            blank_run = !out.is_empty();
            continue;
        }
        if blank_run {
            out.push('\n');
            blank_run = false;
        }
        out.push_str(line);
        out.push('\n');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_main_text_and_names_come_out_without_the_menus() {
        let html = r#"<!doctype html><html lang="en"><head><title>Floods kill 12</title>
            <meta property="og:site_name" content="Example News">
            <meta property="article:published_time" content="2024-06-19T08:00:00Z"></head>
            <body><nav><a href="/">Home</a> <a href="/top10">Top 10 stories</a></nav>
            <article><h1>Floods kill 12</h1>
            <p>Floods in the north of the country killed 12 people on Tuesday, the civil
            defence said, and 300 families left their homes as the river rose.</p>
            <p>Rescue teams were still searching for survivors late in the evening, and the
            government promised help to every family that lost its home in the floods.</p>
            <p>The river had not risen so high since the floods of 1998, officials said, and
            more rain is expected over the coming days across the whole region.</p>
            </article><footer>© 2024 Example News · 45 offices worldwide</footer></body></html>"#;
        let (text, names) = main_text(html, None).expect("a main text");
        assert!(text.contains("killed 12 people"), "{text}");
        assert!(text.contains("since the floods of 1998"), "{text}");
        assert!(!text.contains("Top 10"), "{text}");
        assert!(!text.contains("45 offices"), "{text}");
        assert_eq!(names.source.as_deref(), Some("Example News"));
        assert_eq!(names.language.as_deref(), Some("en"));
        assert_eq!(names.title.as_deref(), Some("Floods kill 12"));
        assert_eq!(names.published.as_deref(), Some("2024-06-19T08:00:00Z"));
    }

    #[test]
    fn a_page_without_text_is_refused_with_a_reason() {
        let error = main_text(
            "<html><head><title>x</title></head><body><script>var a = 1;</script></body></html>",
            None,
        )
        .expect_err("nothing to read");
        assert!(
            error.starts_with("no main text found in the page"),
            "{error}"
        );
    }
}
