//! The HTML report: one self-contained page (inline CSS and a little inline JavaScript, no
//! network, no fonts to fetch) for people who would rather look than read.
//!
//! The page has the verdict counts, filters by verdict and by source, a claims × sources
//! matrix coloured by verdict, then a section per claim: its verdict and one-line account, a
//! small chart of the values its sources state (quantity claims: each value on one axis, a
//! range as a bar, `>`/`<` as an arrow), a table of its values (each once, with how many
//! sources and articles state it), and the evidence of each value in a collapsed `<details>`:
//! the quoted sentence with the anchor and the value highlighted, its source (linked to the
//! article's `url` when it has an `http(s)` one) and where it is stated (`file:line`).
//!
//! **Right to left.** Every quoted text carries `lang` and `dir`: `lang="ar" dir="rtl"` when it
//! holds Arabic letters, `lang="und" dir="ltr"` otherwise (the article's language is not
//! known here); inline Arabic (a title, a value as written, a source name) is in a
//! `<bdi>`-like `<span dir="auto">`, so it never reorders the text around it.
//!
//! **Escaping.** Every text from a claim or an article is escaped (`&`, `<`, `>`, `"`, `'`);
//! characters that would change the page's layout unseen — bidirectional controls (U+202A …
//! U+202E, U+2066 … U+2069, U+200E, U+200F, U+061C) and C0/C1 controls — are shown as a
//! visible `⟨U+202E⟩` instead.
//!
//! **Scale.** The page stays small at 20,000 articles: groups are collapsed, each value lists
//! at most [`HTML_PLACES`] places and [`HTML_QUOTES`] quotes, a claim at most [`HTML_VALUES`]
//! values, and the matrix at most [`MATRIX_SOURCES`] sources (those stating most claims), each
//! list ending in `and N more`.

use crate::compare::Verdict;
use crate::render::{Gate, display_value, explain_verdict, group_thousands, has_rtl};
use crate::report::group::{
    ValueGroup, and_more, counts_text, mention_places, place_runs, value_groups,
};
use crate::report::{ClaimReport, Report, SourcedObservation};
use crate::value::{Kind, Qualifier, Value};
use std::collections::HashMap;
use std::fmt::Write as _;

/// Places listed per value before `and N more`.
pub const HTML_PLACES: usize = 20;
/// Quotes shown per value (the first statement of each article, in file order).
pub const HTML_QUOTES: usize = 5;
/// Values shown per claim before `and N more values`.
pub const HTML_VALUES: usize = 100;
/// Values drawn in a claim's chart.
pub const CHART_VALUES: usize = 40;
/// Sources in the matrix (those that state or mention most claims).
pub const MATRIX_SOURCES: usize = 40;

/// The report as one HTML page.
pub fn render(report: &Report, gate: &Gate) -> String {
    let mut out = String::with_capacity(64 * 1024);
    out.push_str(
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <meta name=\"color-scheme\" content=\"light dark\">\n\
         <title>crosscheck: consistency report</title>\n<style>\n",
    );
    out.push_str(CSS);
    out.push_str("</style>\n</head>\n<body>\n<header>\n<h1>crosscheck: consistency report</h1>\n");
    summary(&mut out, report, gate);
    out.push_str("</header>\n<main>\n");
    let sources = matrix_sources(report);
    filters(&mut out, &sources);
    if report.claims.is_empty() {
        out.push_str("<p>No claim was selected.</p>\n");
    } else {
        matrix(&mut out, report, &sources);
        out.push_str("<section id=\"claims\" aria-label=\"Claims\">\n");
        for claim in &report.claims {
            section(&mut out, claim, gate, &sources);
        }
        out.push_str("</section>\n");
    }
    if report
        .claims
        .iter()
        .any(|c| value_groups(c).iter().any(|g| g.year_inferred))
    {
        out.push_str(
            "<p class=\"footnote\">* the year is not written: it is taken from the \
             article's context.</p>\n",
        );
    }
    out.push_str("</main>\n<script>\n");
    out.push_str(SCRIPT);
    out.push_str("</script>\n</body>\n</html>\n");
    out
}

/// The verdict counts and what was read.
fn summary(out: &mut String, report: &Report, gate: &Gate) {
    let s = &report.summary;
    let failing = gate.failing.len();
    let _ = writeln!(
        out,
        "<p class=\"gate\">{}</p>",
        match failing {
            0 => "No claim fails.".to_owned(),
            1 => "1 claim fails.".to_owned(),
            n => format!("{n} claims fail."),
        }
    );
    out.push_str("<ul class=\"counts\">\n");
    let _ = writeln!(
        out,
        "<li data-count=\"claims\"><b>{}</b> claim{}</li>",
        s.claims,
        if s.claims == 1 { "" } else { "s" }
    );
    for verdict in Verdict::ALL {
        let _ = writeln!(
            out,
            "<li class=\"v-{v}\" data-count=\"{v}\"><b>{}</b> {v}</li>",
            s.count(verdict),
            v = verdict.as_str()
        );
    }
    out.push_str("</ul>\n");
    let stats = &report.corpus.stats;
    let _ = writeln!(
        out,
        "<p class=\"read\">{} article{} read, {} bytes{}{}.</p>",
        group_thousands(stats.articles as f64),
        if stats.articles == 1 { "" } else { "s" },
        group_thousands(stats.bytes as f64),
        if stats.skipped.is_empty() {
            String::new()
        } else {
            format!(
                ", {} files skipped",
                group_thousands(stats.skipped.len() as f64)
            )
        },
        if report.corpus.duplicates.is_empty() {
            String::new()
        } else {
            format!(
                ", {} copies of an article read before not counted",
                group_thousands(report.corpus.duplicates.len() as f64)
            )
        }
    );
}

/// The sources of the matrix and the source filter: those stating or mentioning most
/// claims, at most [`MATRIX_SOURCES`], then by name; and how many there are in all.
struct Sources {
    names: Vec<String>,
    total: usize,
}

fn matrix_sources(report: &Report) -> Sources {
    let mut claims_of: HashMap<&str, usize> = HashMap::new();
    for claim in &report.claims {
        let mut names: Vec<&str> = claim
            .observations
            .iter()
            .map(|o| &*o.source)
            .chain(claim.mentions.iter().map(|m| &*m.source))
            .collect();
        names.sort_unstable();
        names.dedup();
        for name in names {
            *claims_of.entry(name).or_default() += 1;
        }
    }
    let total = claims_of.len();
    let mut names: Vec<(&str, usize)> = claims_of.into_iter().collect();
    names.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)));
    let mut names: Vec<String> = names
        .into_iter()
        .take(MATRIX_SOURCES)
        .map(|(n, _)| n.to_owned())
        .collect();
    names.sort();
    Sources { names, total }
}

/// The filters: a checkbox per verdict, a list of sources.
fn filters(out: &mut String, sources: &Sources) {
    out.push_str(
        "<form id=\"filters\" class=\"filters\" aria-label=\"Filters\" onsubmit=\"return false\">\n\
         <fieldset><legend>Verdicts</legend>\n",
    );
    for verdict in Verdict::ALL {
        let _ = writeln!(
            out,
            "<label class=\"v-{v}\"><input type=\"checkbox\" name=\"verdict\" value=\"{v}\" checked> {v}</label>",
            v = verdict.as_str()
        );
    }
    out.push_str("</fieldset>\n<label>Source <select id=\"source-filter\" name=\"source\">\n<option value=\"\">every source</option>\n");
    for (index, name) in sources.names.iter().enumerate() {
        let _ = writeln!(out, "<option value=\"{index}\">{}</option>", text(name));
    }
    out.push_str(
        "</select></label>\n<output id=\"shown\" aria-live=\"polite\"></output>\n</form>\n",
    );
}

/// The claims × sources table: a row per claim, a column per source; a cell holds the
/// values the source states (or `mentioned`), coloured by the claim's verdict.
fn matrix(out: &mut String, report: &Report, sources: &Sources) {
    out.push_str("<section id=\"matrix\" aria-labelledby=\"matrix-title\">\n<h2 id=\"matrix-title\">Claims × sources</h2>\n");
    if sources.total > sources.names.len() {
        let _ = writeln!(
            out,
            "<p>The {} sources that state or mention most claims ({} more are in the claims below).</p>",
            sources.names.len(),
            group_thousands((sources.total - sources.names.len()) as f64)
        );
    }
    out.push_str("<div class=\"scroll\"><table class=\"matrix\">\n<thead><tr><th scope=\"col\">claim</th><th scope=\"col\">verdict</th>");
    for name in &sources.names {
        let _ = write!(
            out,
            "<th scope=\"col\"><span dir=\"auto\">{}</span></th>",
            text(name)
        );
    }
    out.push_str("</tr></thead>\n<tbody>\n");
    let column: HashMap<&str, usize> = sources
        .names
        .iter()
        .enumerate()
        .map(|(i, n)| (n.as_str(), i))
        .collect();
    for claim in &report.claims {
        let verdict = claim.verdict().as_str();
        let mut cells: Vec<Vec<String>> = vec![Vec::new(); sources.names.len()];
        let mut mentioned = vec![false; sources.names.len()];
        for o in &claim.observations {
            if let Some(cell) = column.get(&*o.source).and_then(|&i| cells.get_mut(i)) {
                let value = display_value(&o.observed.value, o.observed.qualifier);
                if !cell.contains(&value) {
                    cell.push(value);
                }
            }
        }
        for m in &claim.mentions {
            if let Some(flag) = column.get(&*m.source).and_then(|&i| mentioned.get_mut(i)) {
                *flag = true;
            }
        }
        let present = source_indexes(claim, &column);
        let _ = write!(
            out,
            "<tr class=\"claim-row\" data-verdict=\"{verdict}\" data-sources=\"{present}\"><th scope=\"row\"><a href=\"#claim-{id}\">{id}</a></th><td class=\"v-{verdict}\">{verdict}</td>",
            id = text(&claim.claim.id)
        );
        for (values, mentioned) in cells.iter().zip(&mentioned) {
            if values.is_empty() && !mentioned {
                out.push_str("<td class=\"none\"></td>");
            } else if values.is_empty() {
                let _ = write!(out, "<td class=\"v-{verdict} mention\">mentioned</td>");
            } else {
                let shown: Vec<String> = values.iter().take(3).map(|v| text(v)).collect();
                let more = if values.len() > 3 {
                    format!(" +{}", values.len() - 3)
                } else {
                    String::new()
                };
                let _ = write!(
                    out,
                    "<td class=\"v-{verdict}\">{}{more}</td>",
                    shown.join("<br>")
                );
            }
        }
        out.push_str("</tr>\n");
    }
    out.push_str("</tbody>\n</table></div>\n</section>\n");
}

/// The indexes (in the matrix's sources) of the sources that state or mention a claim,
/// space-separated, for the source filter.
fn source_indexes(claim: &ClaimReport, column: &HashMap<&str, usize>) -> String {
    let mut present: Vec<usize> = claim
        .observations
        .iter()
        .map(|o| &*o.source)
        .chain(claim.mentions.iter().map(|m| &*m.source))
        .filter_map(|s| column.get(s).copied())
        .collect();
    present.sort_unstable();
    present.dedup();
    present
        .iter()
        .map(usize::to_string)
        .collect::<Vec<_>>()
        .join(" ")
}

/// One claim: heading, account, chart, values table and evidence.
fn section(out: &mut String, claim: &ClaimReport, gate: &Gate, sources: &Sources) {
    let column: HashMap<&str, usize> = sources
        .names
        .iter()
        .enumerate()
        .map(|(i, n)| (n.as_str(), i))
        .collect();
    let verdict = claim.verdict().as_str();
    let id = text(&claim.claim.id);
    let gate_note = if gate.fails(&claim.claim.id) {
        " <span class=\"fails\">fails</span>"
    } else if gate.warns(&claim.claim.id) {
        " <span class=\"warns\">warning</span>"
    } else {
        ""
    };
    let status = match claim.claim.status {
        crate::claims::Status::Active => String::new(),
        other => format!(" <span class=\"status\">({other})</span>"),
    };
    let _ = writeln!(
        out,
        "<article class=\"claim\" id=\"claim-{id}\" data-verdict=\"{verdict}\" data-sources=\"{}\">\n\
         <h3><code>{id}</code> <span class=\"badge v-{verdict}\">{verdict}</span>{gate_note}{status}</h3>\n\
         <p class=\"title\" dir=\"auto\">{}</p>\n<p class=\"explain\">{}</p>",
        source_indexes(claim, &column),
        text(&claim.claim.title),
        text(&explain_verdict(claim))
    );
    let groups = value_groups(claim);
    if claim.claim.kind == Kind::Quantity {
        chart(out, claim, &groups);
    }
    if !groups.is_empty() {
        values_table(out, claim, &groups);
    }
    // The evidence of a failing claim's first values is open; the rest one click away.
    let open = if gate.fails(&claim.claim.id) { 2 } else { 0 };
    for (n, group) in groups.iter().take(HTML_VALUES).enumerate() {
        evidence(out, claim, group, n < open);
    }
    if groups.len() > HTML_VALUES {
        let _ = writeln!(
            out,
            "<p>{} values (the JSON report lists every one).</p>",
            and_more(groups.len() - HTML_VALUES)
        );
    }
    if !claim.mentions.is_empty() {
        let places = mention_places(claim);
        let _ = writeln!(
            out,
            "<details class=\"mentions\"><summary>Mentioned without a value: {} place{}</summary>",
            group_thousands(places.len() as f64),
            if places.len() == 1 { "" } else { "s" }
        );
        places_list(out, &places);
        out.push_str("</details>\n");
    }
    if claim.observations.is_empty() && claim.mentions.is_empty() {
        let _ = writeln!(
            out,
            "<p>No article mentions it; the claim is at <code>{}:{}</code>.</p>",
            text(&claim.claim.file.display().to_string()),
            claim.claim.line
        );
    }
    if let Some(accepted) = &claim.claim.accepted {
        let values: Vec<String> = accepted
            .values
            .iter()
            .map(|v| text(&display_value(v, None)))
            .collect();
        let _ = write!(
            out,
            "<p class=\"accepted\">Accepted values: {}",
            values.join(", ")
        );
        if let Some(reason) = &accepted.reason {
            let _ = write!(out, " — <span dir=\"auto\">{}</span>", text(reason));
        }
        out.push_str("</p>\n");
    }
    out.push_str("</article>\n");
}

/// A table of a claim's values: each once, with its counts.
fn values_table(out: &mut String, claim: &ClaimReport, groups: &[ValueGroup]) {
    out.push_str(
        "<table class=\"values\">\n<thead><tr><th scope=\"col\">value</th><th scope=\"col\">agrees with</th>\
         <th scope=\"col\">sources</th><th scope=\"col\">articles</th><th scope=\"col\">statements</th></tr></thead>\n<tbody>\n",
    );
    for group in groups.iter().take(HTML_VALUES) {
        let _ = writeln!(
            out,
            "<tr><th scope=\"row\">{}{}</th><td>group {}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
            text(&group.display),
            if group.year_inferred { "*" } else { "" },
            group.agreement + 1,
            group_thousands(group.sources as f64),
            group_thousands(group.articles as f64),
            group_thousands(group.statements as f64),
        );
    }
    if let Some(expected) = &claim.claim.expected {
        let _ = writeln!(
            out,
            "<tr class=\"expected\"><th scope=\"row\">{}</th><td colspan=\"4\">expected</td></tr>",
            text(&display_value(expected, None))
        );
    }
    out.push_str("</tbody>\n</table>\n");
}

/// A value's evidence, collapsed: quotes of its first few articles and where it is stated.
fn evidence(out: &mut String, claim: &ClaimReport, group: &ValueGroup, open: bool) {
    let _ = writeln!(
        out,
        "<details class=\"group\"{}><summary><b>{}{}</b> — {}</summary>",
        if open { " open" } else { "" },
        text(&group.display),
        if group.year_inferred { "*" } else { "" },
        text(&counts_text(group))
    );
    let mut quoted = 0;
    let mut last_article = None;
    for &index in &group.observations {
        let Some(o) = claim.observations.get(index) else {
            continue;
        };
        let article = (&o.file, o.record);
        if last_article == Some(article) {
            continue;
        }
        last_article = Some(article);
        if quoted == HTML_QUOTES {
            break;
        }
        quote(out, o);
        quoted += 1;
    }
    places_list(out, &group.places);
    out.push_str("</details>\n");
}

/// A quoted sentence with the anchor and the value marked, its source and place.
fn quote(out: &mut String, o: &SourcedObservation) {
    let (lang, dir) = if has_rtl(&o.evidence) {
        ("ar", "rtl")
    } else {
        ("und", "ltr")
    };
    let source = match o.url.as_deref().filter(|u| is_web_link(u)) {
        Some(url) => format!(
            "<a href=\"{}\" rel=\"noreferrer noopener\"><span dir=\"auto\">{}</span></a>",
            text(url),
            text(&o.source)
        ),
        None => format!("<span dir=\"auto\">{}</span>", text(&o.source)),
    };
    let at = o.observed.location;
    let place = match o.record {
        Some(record) => format!("{} ({record}):{}:{}", o.file.display(), at.line, at.column),
        None => format!("{}:{}:{}", o.file.display(), at.line, at.column),
    };
    let _ = writeln!(
        out,
        "<figure class=\"quote\"><blockquote lang=\"{lang}\" dir=\"{dir}\">{}</blockquote>\
         <figcaption>{source}, <code>{}</code> — as written: <span dir=\"auto\">{}</span></figcaption></figure>",
        highlighted(&o.evidence, &o.anchor, &o.observed.text),
        text(&place),
        text(&o.observed.text)
    );
}

/// Whether a front-matter `url` may be a link: `http://` or `https://` only (never
/// `javascript:` or `data:`).
fn is_web_link(url: &str) -> bool {
    let lower = url.trim_start().to_ascii_lowercase();
    (lower.starts_with("https://") || lower.starts_with("http://"))
        && !url.chars().any(|c| c.is_whitespace() || c.is_control())
}

/// The evidence, escaped, with the value as written in `<mark class="value">` and the anchor
/// (or its longest word found, when the source inflects it) in `<mark class="anchor">`.
pub fn highlighted(evidence: &str, anchor: &str, value: &str) -> String {
    let mut marks: Vec<(usize, usize, &str)> = Vec::new();
    if !value.is_empty()
        && let Some(start) = evidence.find(value)
    {
        marks.push((start, start + value.len(), "value"));
    }
    let overlaps = |marks: &[(usize, usize, &str)], start: usize, end: usize| {
        marks.iter().any(|&(s, e, _)| start < e && s < end)
    };
    let mut anchor_at = evidence
        .find(anchor)
        .filter(|_| !anchor.is_empty())
        .map(|s| (s, s + anchor.len()));
    if anchor_at.is_none_or(|(s, e)| overlaps(&marks, s, e)) {
        let mut words: Vec<&str> = anchor
            .split_whitespace()
            .filter(|w| w.chars().count() > 2)
            .collect();
        words.sort_by_key(|w| std::cmp::Reverse(w.len()));
        anchor_at = words.iter().find_map(|w| {
            evidence
                .match_indices(w)
                .map(|(s, _)| (s, s + w.len()))
                .find(|&(s, e)| !overlaps(&marks, s, e))
        });
    }
    if let Some((start, end)) = anchor_at.filter(|&(s, e)| !overlaps(&marks, s, e)) {
        marks.push((start, end, "anchor"));
    }
    marks.sort_unstable();
    let mut out = String::with_capacity(evidence.len() + 64);
    let mut at = 0;
    for (start, end, class) in marks {
        out.push_str(&text(&evidence[at..start]));
        let _ = write!(
            out,
            "<mark class=\"{class}\">{}</mark>",
            text(&evidence[start..end])
        );
        at = end;
    }
    out.push_str(&text(&evidence[at..]));
    out
}

/// A list of places, a line per file, at most [`HTML_PLACES`].
fn places_list(out: &mut String, places: &[crate::report::group::Place]) {
    let (runs, left_out) = place_runs(places, HTML_PLACES);
    out.push_str("<ul class=\"places\">");
    for run in runs {
        let _ = write!(out, "<li><code>{}</code>", text(&run.at));
        if let Some(source) = run.source {
            let _ = write!(out, " <span dir=\"auto\">{}</span>", text(source));
        }
        out.push_str("</li>");
    }
    if left_out > 0 {
        let _ = write!(out, "<li class=\"more\">{}</li>", and_more(left_out));
    }
    out.push_str("</ul>\n");
}

/// A chart of a quantity claim's values on one axis: a dot per value (hollow when
/// approximate), a bar per range, an arrow for more or less than; logarithmic when the values
/// span more than two orders of magnitude.
fn chart(out: &mut String, claim: &ClaimReport, groups: &[ValueGroup]) {
    let mut rows: Vec<(&ValueGroup, f64, f64, Option<Qualifier>)> = Vec::new();
    for group in groups.iter().take(CHART_VALUES) {
        let Some(o) = group
            .observations
            .first()
            .and_then(|&i| claim.observations.get(i))
        else {
            continue;
        };
        match o.observed.value {
            Value::Quantity(q) => rows.push((group, q, q, o.observed.qualifier)),
            Value::Range(low, high) => rows.push((group, low, high, Some(Qualifier::Range))),
            _ => {}
        }
    }
    if rows.is_empty() {
        return;
    }
    let expected = match &claim.claim.expected {
        Some(Value::Quantity(q)) => Some(*q),
        _ => None,
    };
    let low = rows
        .iter()
        .map(|r| r.1)
        .chain(expected)
        .fold(f64::INFINITY, f64::min);
    let high = rows
        .iter()
        .map(|r| r.2)
        .chain(expected)
        .fold(f64::NEG_INFINITY, f64::max);
    let log = low > 0.0 && high / low > 100.0;
    let (left, width, row_height) = (150.0, 420.0, 20.0);
    let scale = |v: f64| -> f64 {
        let (v, lo, hi) = if log {
            (v.log10(), low.log10(), high.log10())
        } else {
            (v, low, high)
        };
        if hi > lo {
            left + (v - lo) / (hi - lo) * width
        } else {
            left + width / 2.0
        }
    };
    let height = row_height * rows.len() as f64 + 30.0;
    let _ = writeln!(
        out,
        "<figure class=\"chart\"><svg role=\"img\" viewBox=\"0 0 {:.0} {height:.0}\" width=\"{:.0}\" height=\"{height:.0}\" xmlns=\"http://www.w3.org/2000/svg\">\
         <title>Values of {} on one axis{}</title>",
        left + width + 30.0,
        left + width + 30.0,
        text(&claim.claim.id),
        if log { " (logarithmic)" } else { "" }
    );
    let axis_y = height - 22.0;
    let _ = write!(
        out,
        "<line class=\"axis\" x1=\"{left}\" y1=\"{axis_y}\" x2=\"{:.1}\" y2=\"{axis_y}\"/>\
         <text class=\"tick\" x=\"{left}\" y=\"{:.1}\">{}</text>\
         <text class=\"tick\" x=\"{:.1}\" y=\"{:.1}\" text-anchor=\"end\">{}</text>",
        left + width,
        axis_y + 14.0,
        text(&group_thousands(low)),
        left + width,
        axis_y + 14.0,
        text(&group_thousands(high)),
    );
    if let Some(e) = expected {
        let x = scale(e);
        let _ = write!(
            out,
            "<line class=\"expected\" x1=\"{x:.1}\" y1=\"4\" x2=\"{x:.1}\" y2=\"{axis_y}\"><title>expected {}</title></line>",
            text(&group_thousands(e))
        );
    }
    for (row, (group, lo, hi, qualifier)) in rows.iter().enumerate() {
        let y = 12.0 + row as f64 * row_height;
        let class = format!("g{}", group.agreement % 6);
        let _ = write!(
            out,
            "<g class=\"{class}\"><title>{} — {}</title><text class=\"label\" x=\"{:.1}\" y=\"{:.1}\" text-anchor=\"end\">{}</text>",
            text(&group.display),
            text(&counts_text(group)),
            left - 8.0,
            y + 4.0,
            text(&group.display),
        );
        let (x1, x2) = (scale(*lo), scale(*hi));
        match qualifier {
            Some(Qualifier::Range) => {
                let _ = write!(
                    out,
                    "<rect x=\"{x1:.1}\" y=\"{:.1}\" width=\"{:.1}\" height=\"8\" rx=\"3\"/>",
                    y - 4.0,
                    (x2 - x1).max(2.0)
                );
            }
            Some(Qualifier::MoreThan | Qualifier::AtLeast) => {
                let _ = write!(
                    out,
                    "<line x1=\"{x1:.1}\" y1=\"{y:.1}\" x2=\"{:.1}\" y2=\"{y:.1}\" class=\"arrow\"/><path d=\"M{:.1} {:.1} l6 4 l-6 4 z\"/><circle cx=\"{x1:.1}\" cy=\"{y:.1}\" r=\"4\"/>",
                    x1 + 24.0,
                    x1 + 24.0,
                    y - 4.0
                );
            }
            Some(Qualifier::LessThan | Qualifier::AtMost) => {
                let _ = write!(
                    out,
                    "<line x1=\"{:.1}\" y1=\"{y:.1}\" x2=\"{x1:.1}\" y2=\"{y:.1}\" class=\"arrow\"/><path d=\"M{:.1} {:.1} l-6 4 l6 4 z\"/><circle cx=\"{x1:.1}\" cy=\"{y:.1}\" r=\"4\"/>",
                    x1 - 24.0,
                    x1 - 24.0,
                    y - 4.0
                );
            }
            Some(Qualifier::Approx) => {
                let _ = write!(
                    out,
                    "<circle class=\"approx\" cx=\"{x1:.1}\" cy=\"{y:.1}\" r=\"5\"/>"
                );
            }
            _ => {
                let _ = write!(out, "<circle cx=\"{x1:.1}\" cy=\"{y:.1}\" r=\"5\"/>");
            }
        }
        out.push_str("</g>");
    }
    let _ = writeln!(
        out,
        "</svg><figcaption>Each value on one axis{}: a dot per value (hollow: about), an arrow for more or less than, a bar per range; colours are groups of agreeing values.</figcaption></figure>",
        if log { " (logarithmic scale)" } else { "" }
    );
}

/// Text escaped for HTML text and attribute values; controls that would reorder or hide
/// text shown as `⟨U+202E⟩`.
pub fn text(raw: &str) -> String {
    let mut out = String::with_capacity(raw.len() + 8);
    for c in raw.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            '\n' | '\t' => out.push(' '),
            '\u{202A}'..='\u{202E}'
            | '\u{2066}'..='\u{2069}'
            | '\u{200E}'
            | '\u{200F}'
            | '\u{061C}' => {
                let _ = write!(out, "⟨U+{:04X}⟩", u32::from(c));
            }
            c if c.is_control() => {
                let _ = write!(out, "⟨U+{:04X}⟩", u32::from(c));
            }
            c => out.push(c),
        }
    }
    out
}

/// The page's style: light and dark, print, the verdict colours.
const CSS: &str = r#":root{--bg:#fff;--fg:#1b1f24;--muted:#57606a;--line:#d0d7de;--conflict:#cf222e;--accepted:#0969da;--agree:#1a7f37;--single:#9a6700;--unstated:#9a6700;--missing:#6e7781;--cell-conflict:#ffebe9;--cell-accepted:#ddf4ff;--cell-agree:#dafbe1;--cell-single:#fff8c5;--cell-unstated:#fff8c5;--cell-missing:#f6f8fa;--mark-value:#ffd8b5;--mark-anchor:#c8e1ff}
@media (prefers-color-scheme:dark){:root{--bg:#0d1117;--fg:#e6edf3;--muted:#8d96a0;--line:#30363d;--conflict:#ff7b72;--accepted:#79c0ff;--agree:#56d364;--single:#e3b341;--unstated:#e3b341;--missing:#8d96a0;--cell-conflict:#4a1d1f;--cell-accepted:#0c2d4a;--cell-agree:#12361f;--cell-single:#3b2e05;--cell-unstated:#3b2e05;--cell-missing:#161b22;--mark-value:#6b3a12;--mark-anchor:#143d66}}
*{box-sizing:border-box}body{margin:0 auto;max-width:72rem;padding:1rem;background:var(--bg);color:var(--fg);font:15px/1.5 system-ui,-apple-system,"Segoe UI","Noto Sans","Noto Sans Arabic",Tahoma,sans-serif}
h1{font-size:1.5rem;margin:.2rem 0}h2{font-size:1.2rem;margin-top:1.5rem}h3{font-size:1.05rem;margin:0 0 .3rem}
code{font:13px ui-monospace,SFMono-Regular,Menlo,Consolas,monospace}
.counts{display:flex;flex-wrap:wrap;gap:.4rem;list-style:none;padding:0}.counts li{border:1px solid var(--line);border-radius:1rem;padding:.1rem .7rem}
.v-conflict{color:var(--conflict)}.v-accepted{color:var(--accepted)}.v-agree{color:var(--agree)}.v-single{color:var(--single)}.v-unstated{color:var(--unstated)}.v-missing{color:var(--missing)}
.filters{display:flex;flex-wrap:wrap;gap:1rem;align-items:center;margin:1rem 0;position:sticky;top:0;background:var(--bg);padding:.4rem 0;border-bottom:1px solid var(--line);z-index:1}
.filters fieldset{border:0;padding:0;margin:0;display:flex;gap:.6rem;flex-wrap:wrap}.filters legend{float:left;margin-right:.5rem;font-weight:600}
.scroll{overflow-x:auto}table{border-collapse:collapse}th,td{border:1px solid var(--line);padding:.2rem .45rem;text-align:start;vertical-align:top}
.matrix td{font-size:13px;white-space:nowrap}.matrix td.none{background:transparent}
.matrix td.v-conflict{background:var(--cell-conflict)}.matrix td.v-accepted{background:var(--cell-accepted)}.matrix td.v-agree{background:var(--cell-agree)}.matrix td.v-single{background:var(--cell-single)}.matrix td.v-unstated{background:var(--cell-unstated)}.matrix td.v-missing{background:var(--cell-missing)}
.matrix td.mention{font-style:italic}
.claim{border:1px solid var(--line);border-radius:.5rem;padding:.8rem 1rem;margin:1rem 0}
.badge{border:1px solid currentColor;border-radius:1rem;padding:0 .5rem;font-size:.85rem}.fails{color:var(--conflict);font-weight:700}.warns{color:var(--single)}
.title{margin:.2rem 0;font-weight:600}.explain{color:var(--muted);font-size:.9rem;overflow-wrap:anywhere}
.values{margin:.5rem 0}details{margin:.4rem 0}summary{cursor:pointer}
figure.quote{margin:.5rem 0 .5rem 1rem}blockquote{margin:0;padding:.3rem .7rem;border-inline-start:3px solid var(--line);font-size:1.05rem}
blockquote[dir=rtl]{font-size:1.15rem}figcaption{color:var(--muted);font-size:.85rem}
mark.value{background:var(--mark-value);color:inherit;font-weight:600}mark.anchor{background:var(--mark-anchor);color:inherit}
.places{margin:.3rem 0;padding-inline-start:1.2rem;font-size:.9rem}.places .more{color:var(--muted)}
.chart svg{max-width:100%;height:auto}.chart .axis{stroke:var(--muted)}.chart .tick,.chart .label{fill:var(--fg);font-size:12px}.chart .expected{stroke:var(--accepted);stroke-dasharray:4 3}
.chart .arrow{stroke-width:2}.chart g circle,.chart g rect,.chart g path{stroke:none}.chart .approx{fill:none!important;stroke-width:2!important}
.chart .g0 *{fill:#0969da;stroke:#0969da}.chart .g1 *{fill:#cf222e;stroke:#cf222e}.chart .g2 *{fill:#8250df;stroke:#8250df}.chart .g3 *{fill:#1a7f37;stroke:#1a7f37}.chart .g4 *{fill:#bc4c00;stroke:#bc4c00}.chart .g5 *{fill:#6e7781;stroke:#6e7781}
.chart .g0 .approx,.chart .g1 .approx,.chart .g2 .approx,.chart .g3 .approx,.chart .g4 .approx,.chart .g5 .approx{fill:none}
.chart text.label{stroke:none!important;fill:var(--fg)!important}
.footnote{color:var(--muted)}[hidden]{display:none!important}
@media print{.filters{display:none}body{max-width:none;font-size:11pt}.claim{break-inside:avoid-page}a{color:inherit}.matrix td{background:none!important;border-color:#888}}
"#;

/// The filters, and every `<details>` opened for printing.
const SCRIPT: &str = r#"(function(){
var form=document.getElementById('filters');
function apply(){
var on={};form.querySelectorAll('input[name=verdict]').forEach(function(b){on[b.value]=b.checked;});
var source=document.getElementById('source-filter').value;var shown=0;
document.querySelectorAll('.claim,.claim-row').forEach(function(el){
var ok=on[el.dataset.verdict]&&(source===''||(' '+el.dataset.sources+' ').indexOf(' '+source+' ')>=0);
el.hidden=!ok;if(ok&&el.classList.contains('claim'))shown++;});
document.getElementById('shown').textContent=shown+' claim'+(shown===1?'':'s')+' shown';}
form.addEventListener('change',apply);apply();
window.addEventListener('beforeprint',function(){document.querySelectorAll('details').forEach(function(d){d.dataset.wasOpen=d.open;d.open=true;});});
window.addEventListener('afterprint',function(){document.querySelectorAll('details').forEach(function(d){d.open=d.dataset.wasOpen==='true';});});
})();
"#;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hostile_text_is_escaped_and_bidi_controls_shown() {
        assert_eq!(
            text("<script>alert('x')</script> & \"q\""),
            "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; &quot;q&quot;"
        );
        assert_eq!(text("a\u{202E}b\u{2066}c"), "a⟨U+202E⟩b⟨U+2066⟩c");
        assert_eq!(text("x\u{1b}[2J"), "x⟨U+001B⟩[2J");
    }

    #[test]
    fn the_anchor_and_the_value_are_marked_in_the_quote() {
        let evidence = "توريد ما يقرب من 5 ملايين قذيفة مدفعية";
        assert_eq!(
            highlighted(evidence, "قذيفة مدفعية", "ما يقرب من 5 ملايين"),
            "توريد <mark class=\"value\">ما يقرب من 5 ملايين</mark> <mark class=\"anchor\">قذيفة مدفعية</mark>"
        );
        // An anchor not found whole: its longest word found is marked.
        assert_eq!(
            highlighted(
                "sent 5 million artillery shells",
                "artillery shelling",
                "5 million"
            ),
            "sent <mark class=\"value\">5 million</mark> <mark class=\"anchor\">artillery</mark> shells"
        );
        // Nothing found: the text, escaped.
        assert_eq!(highlighted("<b>", "x y", "z"), "&lt;b&gt;");
    }

    #[test]
    fn only_web_urls_become_links() {
        assert!(is_web_link("https://www.bbc.com/arabic/x"));
        assert!(is_web_link("HTTP://example.org"));
        assert!(!is_web_link("javascript:alert(1)"));
        assert!(!is_web_link("data:text/html,<script>"));
        assert!(!is_web_link("https://a b"));
    }
}
