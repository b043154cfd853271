//! Markdown for a GitHub job summary (`$GITHUB_STEP_SUMMARY`) or a pull-request comment.
//!
//! A heading and a summary line; a table with one row per claim (verdict badges are plain
//! text and emoji, never images); then, for each claim in conflict (or accepted, or flagged by
//! the gate), a `<details>` block with each value once: how many sources and articles state it,
//! where (`file:line`, sorted, at most [`DETAIL_PLACES`] a value) and the evidence of its first
//! statement. Lists are cut with `and N more`, and details past [`BUDGET_BYTES`] are left out,
//! so a report of a large corpus stays under GitHub's 1 MiB job-summary limit.
//!
//! Right-to-left text reads correctly on GitHub: quoted evidence goes in
//! `<blockquote dir="rtl">`, and inline Arabic (a value as written, a source or title) in
//! `<span dir="rtl">`. GitHub's sanitiser keeps the `dir` attribute but drops `<bdi>`, and an
//! element with `dir` isolates its text from the surrounding line just as `<bdi>` would.
//!
//! Escaping is only what Markdown and HTML require: `&`, `<`, `>` everywhere, and Markdown's
//! punctuation (`\ * _ [ ] | ~` and backticks) in inline text. Evidence is inside an HTML
//! block, where Markdown is not parsed, so it gets the HTML escapes only and Arabic text is
//! written byte for byte.

use crate::claims::Status;
use crate::compare::Verdict;
use crate::corpus::RecordPlace;
use crate::render::{Gate, display_value, explain_verdict, group_thousands, has_rtl};
use crate::report::group::{
    Place, ValueGroup, and_more, counts_text, mention_places, place_runs, value_groups,
};
use crate::report::{ClaimReport, Report};
use std::fmt::Write as _;
use std::path::Path;

/// The report as Markdown, ending in a newline.
pub fn render(report: &Report, gate: &Gate) -> String {
    let mut out = String::from("## crosscheck: consistency report\n\n");
    out.push_str(&summary(report, gate));
    if report.claims.is_empty() {
        out.push_str("\nNo claim was selected.\n");
        return out;
    }
    out.push_str("\n| claim | verdict | values | stated by |\n|---|---|---|---|\n");
    for claim in &report.claims {
        row(&mut out, claim, gate);
    }
    let shown: Vec<&ClaimReport> = report
        .claims
        .iter()
        .filter(|claim| {
            let id = &claim.claim.id;
            matches!(claim.verdict(), Verdict::Conflict | Verdict::Accepted)
                || gate.fails(id)
                || gate.warns(id)
        })
        .collect();
    for (n, claim) in shown.iter().enumerate() {
        if out.len() > BUDGET_BYTES {
            let _ = writeln!(
                out,
                "\nThe details of {} more claim{} are left out to keep this summary under 1 MiB; \
                 the JSON or HTML report has them.",
                shown.len() - n,
                plural(shown.len() - n)
            );
            break;
        }
        details(&mut out, claim, gate);
    }
    if report
        .claims
        .iter()
        .any(|c| value_groups(c).iter().any(|g| g.year_inferred))
    {
        out.push_str("\n\\* the year is not written: it is taken from the article's context.\n");
    }
    out
}

/// `**2 claims fail** (artillery-shells, easley-university).` then the counts.
fn summary(report: &Report, gate: &Gate) -> String {
    let s = &report.summary;
    let failing: Vec<String> = report
        .claims
        .iter()
        .filter(|c| gate.fails(&c.claim.id))
        .map(|c| code(&c.claim.id))
        .collect();
    let mut line = match failing.len() {
        0 => "✅ **No claim fails.**".to_owned(),
        1 => format!("❌ **1 claim fails:** {}.", failing.join(", ")),
        n => format!("❌ **{n} claims fail:** {}.", failing.join(", ")),
    };
    let counts: Vec<String> = Verdict::ALL
        .iter()
        .map(|v| format!("{} {}", s.count(*v), v.as_str()))
        .collect();
    let stats = &report.corpus.stats;
    let _ = write!(
        line,
        " {} claim{}: {}. {} article{} read ({} bytes)",
        s.claims,
        plural(s.claims),
        counts.join(", "),
        stats.articles,
        plural(stats.articles),
        group_thousands(stats.bytes as f64)
    );
    if !stats.skipped.is_empty() {
        let _ = write!(
            line,
            ", {} file{} skipped",
            stats.skipped.len(),
            plural(stats.skipped.len())
        );
    }
    let copies = report.corpus.duplicates.len();
    if copies > 0 {
        let _ = write!(
            line,
            ", {copies} cop{} of an article read before not counted ({})",
            if copies == 1 { "y" } else { "ies" },
            report
                .corpus
                .duplicates
                .iter()
                .map(|d| format!(
                    "`{}` = `{}`",
                    crate::dedupe::place(&d.file, d.record),
                    crate::dedupe::place(&d.of_file, d.of_record)
                ))
                .collect::<Vec<_>>()
                .join(", ")
        );
    }
    line.push_str(".\n");
    line
}

fn plural(n: usize) -> &'static str {
    if n == 1 { "" } else { "s" }
}

/// A verdict badge: an emoji and the verdict, with what the gate made of it.
fn badge(report: &ClaimReport, gate: &Gate) -> String {
    let verdict = report.verdict();
    let emoji = match verdict {
        Verdict::Conflict => "❌",
        Verdict::Accepted => "☑️",
        Verdict::Agree => "✅",
        Verdict::Single => "🔸",
        Verdict::Unstated => "❔",
        Verdict::Missing => "⬜",
    };
    let id = &report.claim.id;
    if gate.fails(id) {
        format!("{emoji} **{verdict}** (fails)")
    } else if gate.warns(id) {
        format!("{emoji} {verdict} (warning)")
    } else {
        format!("{emoji} {verdict}")
    }
}

/// Values listed per claim in the table before `and N more`.
pub const ROW_VALUES: usize = 10;
/// Sources named per claim in the table before `and N more`.
pub const ROW_SOURCES: usize = 10;
/// Values detailed per claim before `and N more values`.
pub const DETAIL_VALUES: usize = 30;
/// Places listed per value before `and N more`.
pub const DETAIL_PLACES: usize = 20;
/// Mentions listed per claim before `and N more`.
pub const DETAIL_MENTIONS: usize = 20;
/// Past this size the remaining claims' details are left out, so the summary stays under
/// GitHub's 1 MiB limit for a job summary.
pub const BUDGET_BYTES: usize = 900 * 1024;

fn row(out: &mut String, report: &ClaimReport, gate: &Gate) {
    let claim = &report.claim;
    let mut name = format!("{}<br>{}", code(&claim.id), inline(&claim.title));
    if claim.status != Status::Active {
        let _ = write!(name, " ({})", claim.status);
    }
    let groups = value_groups(report);
    let mut values: Vec<String> = groups
        .iter()
        .take(ROW_VALUES)
        .map(|g| format!("{}{} ({})", inline(&g.display), star(g), counts_text(g)))
        .collect();
    if groups.len() > ROW_VALUES {
        values.push(format!("{} values", and_more(groups.len() - ROW_VALUES)));
    }
    let mut sources: Vec<String> = Vec::new();
    let mut total = 0;
    let mut seen = std::collections::HashSet::new();
    for o in &report.observations {
        if seen.insert(&*o.source) {
            total += 1;
            if sources.len() < ROW_SOURCES {
                sources.push(inline(&o.source));
            }
        }
    }
    if values.is_empty() {
        values.push("—".to_owned());
        for m in &report.mentions {
            if seen.insert(&*m.source) {
                total += 1;
                if sources.len() < ROW_SOURCES {
                    sources.push(format!("{} (mention)", inline(&m.source)));
                }
            }
        }
    }
    if total > sources.len() {
        sources.push(format!("{} sources", and_more(total - sources.len())));
    }
    if let Some(expected) = &claim.expected {
        values.push(format!(
            "expected {}",
            inline(&display_value(expected, None))
        ));
    }
    let _ = writeln!(
        out,
        "| {name} | {} | {} | {} |",
        badge(report, gate),
        values.join("<br>"),
        if sources.is_empty() {
            "—".to_owned()
        } else {
            sources.join("<br>")
        }
    );
}

/// Places as Markdown: `` `corpus/a.txt:20, 86` (BBC News Arabic) ``, then `and N more`.
fn places_markdown(places: &[Place], limit: usize) -> Vec<String> {
    let (runs, left_out) = place_runs(places, limit);
    let mut out: Vec<String> = runs
        .into_iter()
        .map(|run| match run.source {
            Some(source) => format!("{} ({})", code(&run.at), inline(source)),
            None => code(&run.at),
        })
        .collect();
    if left_out > 0 {
        out.push(and_more(left_out));
    }
    out
}

/// `*` after a date whose year was taken from context.
fn star(group: &ValueGroup) -> &'static str {
    if group.year_inferred { "\\*" } else { "" }
}

/// The evidence of one claim, value by value, in a collapsible block (open when it fails):
/// each value once with its counts, where it is stated (`file:line`, at most
/// [`DETAIL_PLACES`]) and the first statement's evidence quoted.
fn details(out: &mut String, report: &ClaimReport, gate: &Gate) {
    let claim = &report.claim;
    let open = if gate.fails(&claim.id) { " open" } else { "" };
    // The <summary> line is raw HTML: HTML escapes only.
    let _ = writeln!(
        out,
        "\n<details{open}>\n<summary><code>{}</code> — {}: {}</summary>\n",
        html(&claim.id),
        report.verdict(),
        bidi_html(&claim.title)
    );
    let _ = writeln!(out, "{}\n", inline(&explain_verdict(report)));
    let groups = value_groups(report);
    for group in groups.iter().take(DETAIL_VALUES) {
        let Some(first) = group
            .observations
            .first()
            .and_then(|&i| report.observations.get(i))
        else {
            continue;
        };
        let places = places_markdown(&group.places, DETAIL_PLACES);
        let _ = writeln!(
            out,
            "- **{}**{} ({}) — {}: {}\n",
            inline(&group.display),
            star(group),
            inline(&first.observed.text),
            counts_text(group),
            places.join(", ")
        );
        let _ = writeln!(out, "  {}\n", quote(&first.evidence));
    }
    if groups.len() > DETAIL_VALUES {
        let _ = writeln!(
            out,
            "- {} values (the JSON report lists every one)\n",
            and_more(groups.len() - DETAIL_VALUES)
        );
    }
    if !report.mentions.is_empty() {
        let places = places_markdown(&mention_places(report), DETAIL_MENTIONS);
        let _ = writeln!(out, "- mentioned without a value: {}\n", places.join(", "));
    }
    if report.observations.is_empty() && report.mentions.is_empty() {
        let _ = writeln!(
            out,
            "No article mentions it; the claim is at {}.\n",
            location(&claim.file, None, claim.line, 1)
        );
    }
    if let Some(accepted) = &claim.accepted {
        let values: Vec<String> = accepted
            .values
            .iter()
            .map(|v| inline(&display_value(v, None)))
            .collect();
        let _ = write!(out, "Accepted values: {}", values.join(", "));
        if let Some(reason) = &accepted.reason {
            let _ = write!(out, " — {}", inline(reason));
        }
        out.push_str("\n\n");
    }
    out.push_str("</details>\n");
}

/// `` `corpus/file.txt:28:102` `` as a code span, or `` `corpus/a.jsonl: line 12, 1:40` ``
/// for a record of a file of many.
fn location(file: &Path, record: Option<RecordPlace>, line: usize, column: usize) -> String {
    code(&crate::report::place(file, record, line, column))
}

/// Evidence as a one-line HTML block quote, right to left when it holds right-to-left
/// letters. Line breaks become `<br>` so the HTML block does not end early.
fn quote(evidence: &str) -> String {
    let body = html(evidence)
        .replace("\r\n", "<br>")
        .replace(['\n', '\r'], "<br>");
    if has_rtl(evidence) {
        format!("<blockquote dir=\"rtl\">{body}</blockquote>")
    } else {
        format!("<blockquote>{body}</blockquote>")
    }
}

/// Inline text for Markdown: HTML and Markdown escapes, wrapped in `<span dir="rtl">` when it
/// holds right-to-left letters.
fn inline(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '\\' | '*' | '_' | '[' | ']' | '|' | '~' | '`' | '#' => {
                out.push('\\');
                out.push(c);
            }
            '\n' | '\r' => out.push(' '),
            _ => out.push(c),
        }
    }
    if has_rtl(text) {
        format!("<span dir=\"rtl\">{out}</span>")
    } else {
        out
    }
}

/// Text inside raw HTML, right to left in a `<span dir="rtl">` when it needs to be.
fn bidi_html(text: &str) -> String {
    let escaped = html(text).replace(['\n', '\r'], " ");
    if has_rtl(text) {
        format!("<span dir=\"rtl\">{escaped}</span>")
    } else {
        escaped
    }
}

/// Escapes `&`, `<`, `>` for HTML.
fn html(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            _ => out.push(c),
        }
    }
    out
}

/// A code span whose fence is longer than any run of backticks inside, with `|` escaped so
/// a table cell does not split on it.
fn code(text: &str) -> String {
    let longest = text.split(|c| c != '`').map(str::len).max().unwrap_or(0);
    let fence = "`".repeat(longest + 1);
    let body = text.replace('|', "\\|").replace(['\n', '\r'], " ");
    let pad = if body.starts_with('`') || body.ends_with('`') {
        " "
    } else {
        ""
    };
    format!("{fence}{pad}{body}{pad}{fence}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn arabic_is_isolated_and_kept_byte_for_byte() {
        let evidence = "توريد ما يقرب من 5 ملايين قذيفة مدفعية";
        assert_eq!(
            quote(evidence),
            format!("<blockquote dir=\"rtl\">{evidence}</blockquote>")
        );
        assert_eq!(inline("عربي21"), "<span dir=\"rtl\">عربي21</span>");
        assert_eq!(inline("Arabi21"), "Arabi21");
    }

    #[test]
    fn escapes_markdown_and_html_only_where_needed() {
        assert_eq!(
            inline("a*b_c|d <e> & [f]"),
            "a\\*b\\_c\\|d &lt;e&gt; &amp; \\[f\\]"
        );
        assert_eq!(
            quote("1 < 2 & 3\n4"),
            "<blockquote>1 &lt; 2 &amp; 3<br>4</blockquote>"
        );
        assert_eq!(code("a`b|c"), "``a`b\\|c``");
        assert_eq!(code("corpus/a.txt:3:4"), "`corpus/a.txt:3:4`");
    }
}
