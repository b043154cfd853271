//! Rendering: a [`Report`](crate::report::Report) as text for people or machines.
//!
//! Renderers only format; they never scan, compare or decide what fails. Each format lives in
//! its own module.

pub mod claimreview;
pub mod github;
pub mod html;
pub mod json;
pub mod junit;
pub mod markdown;
pub mod sarif;
pub mod table;

use crate::compare::Verdict;
use crate::report::ClaimReport;
use crate::value::{Qualifier, Value};
use serde::Serialize;

/// Output formats of `report` and `check`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, clap::ValueEnum)]
#[serde(rename_all = "lowercase")]
pub enum Format {
    /// A table for the terminal (readable in 80 columns).
    Table,
    /// The JSON report, version 1.
    Json,
    /// Markdown for a GitHub job summary or a pull-request comment.
    Markdown,
    /// JUnit XML: one test suite, one test case per claim.
    Junit,
    /// SARIF 2.1.0, for code scanning: one rule per claim, one result per failing claim.
    Sarif,
    /// GitHub Actions workflow commands: an annotation per observation of a failing claim.
    Github,
    /// schema.org ClaimReview JSON-LD, one per claim.
    Claimreview,
    /// One self-contained HTML page: a claims × sources matrix, charts, filters, evidence.
    Html,
}

/// What a renderer needs besides the report.
#[derive(Debug, Clone, Copy)]
pub struct RenderOptions<'a> {
    /// What the gate made of each claim (formats that mark failures show it).
    pub gate: &'a Gate,
    /// The claims the table shows (`check` shows only those that fail).
    pub table_claims: &'a [&'a ClaimReport],
    /// The table's width and colour.
    pub table: table::TableOptions,
}

/// Writes `report` in `format` to `out`: the one way every command renders a report. JSON
/// and the table are streamed (at a million articles the document is far bigger than the
/// report); the other formats are small. The formats people read have their control
/// characters escaped (an article named `x\e[2J.txt` must not clear the terminal); the table
/// escapes the text it shows itself (its colours are escapes too); JSON, JUnit, SARIF, HTML
/// and ClaimReview escape by their own rules.
///
/// # Errors
///
/// The first error `out` returns.
pub fn write(
    format: Format,
    report: &crate::report::Report,
    options: &RenderOptions<'_>,
    out: &mut dyn std::io::Write,
) -> std::io::Result<()> {
    let text = match format {
        Format::Json => return json::write(report, out),
        Format::Table => return table::write(report, options.table_claims, options.table, out),
        Format::Markdown => markdown::render(report, options.gate),
        Format::Junit => junit::render(report, options.gate),
        Format::Sarif => sarif::render(report, options.gate),
        Format::Github => github::render(report, options.gate),
        Format::Html => html::render(report, options.gate),
        Format::Claimreview => claimreview::render(report, &claimreview::publication_date()),
    };
    let text = match format {
        Format::Markdown | Format::Github => crate::escape::control_chars_in_lines(&text),
        _ => std::borrow::Cow::Borrowed(text.as_str()),
    };
    out.write_all(text.as_bytes())
}

/// How the CI gate judged the claims of a report ([`crate::report::gate`]).
pub use crate::report::gate::Gate;

/// How many places of each value [`explain_verdict`] names before `and N more`.
pub const EXPLAIN_PLACES: usize = 3;

/// A one-line plain-text account of a claim's verdict and the values behind it, grouped by
/// value ([`crate::report::group`]), e.g. `sources disagree: ~5,000,000 at
/// corpus/000.txt:28 (Financial Times) vs >1,000,000 at corpus/001.txt:17 (Arabi21)`. Values
/// that agree are joined with ` | `, groups that disagree with ` vs `; each value names at
/// most [`EXPLAIN_PLACES`] places, then `and N more`.
pub fn explain_verdict(report: &ClaimReport) -> String {
    let values = crate::report::group::value_groups(report);
    let mut groups: Vec<Vec<String>> = vec![Vec::new(); report.assessment.groups.len()];
    for value in &values {
        let places = crate::report::group::places_lines(&value.places, EXPLAIN_PLACES);
        let text = format!(
            "{}{} at {}",
            value.display,
            if value.year_inferred { "*" } else { "" },
            places.join("; ")
        );
        if let Some(group) = groups.get_mut(value.agreement) {
            group.push(text);
        }
    }
    let groups: Vec<String> = groups
        .into_iter()
        .filter(|g| !g.is_empty())
        .map(|g| g.join(" | "))
        .collect();
    let all = groups.join(" vs ");
    let expected = report
        .claim
        .expected
        .as_ref()
        .map(|e| display_value(e, None));
    let mut text = match report.verdict() {
        Verdict::Conflict => match &expected {
            Some(e) => format!("disagrees with the expected {e}: {all}"),
            None => format!("sources disagree: {all}"),
        },
        Verdict::Accepted => format!("an accepted discrepancy: {all}"),
        Verdict::Agree => match &expected {
            Some(e) => format!("agrees with the expected {e}: {all}"),
            None => format!("sources agree: {all}"),
        },
        Verdict::Single => format!("only one source states it: {all}"),
        Verdict::Unstated => {
            let places = crate::report::group::mention_places(report);
            let who = crate::report::group::places_lines(&places, EXPLAIN_PLACES);
            format!("mentioned without a value at {}", who.join("; "))
        }
        Verdict::Missing => "no article mentions it".to_owned(),
    };
    if report.verdict() == Verdict::Conflict && !report.assessment.unaccepted.is_empty() {
        let new: Vec<String> = report
            .assessment
            .unaccepted
            .iter()
            .map(|v| display_value(v, None))
            .collect();
        text.push_str(&format!("; not accepted yet: {}", new.join(", ")));
    }
    let reason = report
        .claim
        .accepted
        .as_ref()
        .and_then(|a| a.reason.as_ref());
    if let Some(reason) = reason.filter(|_| report.verdict() == Verdict::Accepted) {
        text.push_str(&format!("; reason: {reason}"));
    }
    text
}

/// Whether the text holds a letter of a right-to-left script (Hebrew, Arabic, Syriac,
/// Thaana, N'Ko, and their presentation forms).
pub fn has_rtl(text: &str) -> bool {
    text.chars().any(|c| {
        matches!(c,
            '\u{0590}'..='\u{08FF}'
            | '\u{FB1D}'..='\u{FDFF}'
            | '\u{FE70}'..='\u{FEFF}'
            | '\u{10800}'..='\u{10FFF}'
            | '\u{1E800}'..='\u{1EFFF}')
    })
}

/// Whether to colour terminal output.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, clap::ValueEnum)]
pub enum ColorChoice {
    /// Colour when writing to a terminal and `NO_COLOR` is not set.
    #[default]
    Auto,
    /// Always colour.
    Always,
    /// Never colour.
    Never,
}

impl ColorChoice {
    /// Whether to colour output to a stream that is (or is not) a terminal, honouring
    /// `NO_COLOR` (<https://no-color.org>) for `auto`.
    pub fn enabled(self, is_terminal: bool) -> bool {
        match self {
            ColorChoice::Always => true,
            ColorChoice::Never => false,
            ColorChoice::Auto => {
                is_terminal && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
            }
        }
    }
}

/// A value as people read it: thousands separators, a qualifier sign (`~5,000,000`,
/// `>1,000,000`, `≥`, `≤`, `<`), dates as `YYYY[-MM[-DD]]`.
pub fn display_value(value: &Value, qualifier: Option<Qualifier>) -> String {
    let sign = match qualifier {
        None | Some(Qualifier::Exact) => "",
        Some(Qualifier::Approx) => "~",
        Some(Qualifier::MoreThan) => ">",
        Some(Qualifier::LessThan) => "<",
        Some(Qualifier::AtLeast) => "≥",
        Some(Qualifier::AtMost) => "≤",
        Some(Qualifier::Range) => "",
    };
    match value {
        Value::Quantity(q) => format!("{sign}{}", group_thousands(*q)),
        Value::Range(low, high) => format!("{}–{}", group_thousands(*low), group_thousands(*high)),
        Value::Year(y) => y.to_string(),
        Value::Date(d) => d.to_string(),
        Value::Choice(c) => c.clone(),
    }
}

/// `5000000` → `5,000,000`; `1500000.5` → `1,500,000.5`.
pub fn group_thousands(q: f64) -> String {
    let plain = if q.fract() == 0.0 && q.abs() < 1e18 {
        format!("{}", q as i64)
    } else {
        format!("{q}")
    };
    let (sign, rest) = match plain.strip_prefix('-') {
        Some(rest) => ("-", rest),
        None => ("", plain.as_str()),
    };
    let (whole, fraction) = match rest.split_once('.') {
        Some((w, f)) => (w, Some(f)),
        None => (rest, None),
    };
    if !whole.bytes().all(|b| b.is_ascii_digit()) {
        return plain; // exponent notation or non-finite: leave as is
    }
    let mut grouped = String::with_capacity(whole.len() + whole.len() / 3);
    for (i, digit) in whole.chars().enumerate() {
        if i > 0 && (whole.len() - i) % 3 == 0 {
            grouped.push(',');
        }
        grouped.push(digit);
    }
    match fraction {
        Some(f) => format!("{sign}{grouped}.{f}"),
        None => format!("{sign}{grouped}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn values_read_like_a_newsroom_writes_them() {
        assert_eq!(
            display_value(&Value::Quantity(5e6), Some(Qualifier::Approx)),
            "~5,000,000"
        );
        assert_eq!(
            display_value(&Value::Quantity(1e6), Some(Qualifier::MoreThan)),
            ">1,000,000"
        );
        assert_eq!(
            display_value(&Value::Quantity(1.5), Some(Qualifier::Exact)),
            "1.5"
        );
        assert_eq!(display_value(&Value::Quantity(999.0), None), "999");
        assert_eq!(
            display_value(&Value::Quantity(-12345.25), None),
            "-12,345.25"
        );
        assert_eq!(display_value(&Value::Year(2000), None), "2000");
    }
}
