//! Rendering: a [`Report`](crate::report::Report) as text for people or machines.
//!
//! Renderers only format; they never scan, compare or decide what fails. Each format lives in
//! its own module.

pub mod claimreview;
pub mod github;
pub mod json;
pub mod junit;
pub mod markdown;
pub mod sarif;
pub mod table;

use crate::compare::Verdict;
use crate::report::ClaimReport;
use crate::value::{Qualifier, Value};
use serde::Serialize;
use std::collections::{HashMap, HashSet};
use std::path::Path;

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
}

/// How the CI gate judged the claims of a report. The command line decides it
/// ([`crate::cli::fails`] and `--fail-on`); renderers that mark failures only show it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Gate {
    /// Ids of the claims that fail: active, `severity: error`, a verdict `--fail-on` names.
    pub failing: Vec<String>,
    /// Ids of the active claims of `severity: warning` with a verdict `--fail-on` names: shown
    /// as warnings, never failing a build.
    pub warning: Vec<String>,
}

impl Gate {
    /// Whether the claim with this id fails.
    pub fn fails(&self, id: &str) -> bool {
        self.failing.iter().any(|f| f == id)
    }

    /// Whether the claim with this id is flagged as a warning (never failing).
    pub fn warns(&self, id: &str) -> bool {
        self.warning.iter().any(|w| w == id)
    }
}

/// One value as one source states it in one article, with every line that states it.
#[derive(Debug, Clone, PartialEq)]
pub struct StatedValue<'r> {
    /// The value as people read it ([`display_value`]).
    pub display: String,
    /// The source's name.
    pub source: &'r str,
    /// The article file.
    pub file: &'r Path,
    /// The lines stating it, in file order.
    pub lines: Vec<usize>,
}

/// The values a claim's sources state, in the order of the assessment's groups (agreeing
/// values together, in order of first appearance); the same value from the same article is
/// listed once with all its lines.
pub fn stated_values(report: &ClaimReport) -> Vec<StatedValue<'_>> {
    let mut stated: Vec<StatedValue<'_>> = Vec::new();
    // (display, source, file) → index in `stated`: a claim may have an observation in each
    // of a million articles.
    let mut index_of: HashMap<(String, &str, &Path), usize> = HashMap::new();
    for group in &report.assessment.groups {
        for &index in group {
            let Some(o) = report.observations.get(index) else {
                continue;
            };
            let display = display_value(&o.observed.value, o.observed.qualifier);
            // The observation's line, then those of the same value stated again.
            let lines = std::iter::once(o.observed.location.line)
                .chain(o.more.iter().map(|more| more.line));
            let key = (display, &*o.source, &*o.file);
            match index_of.get(&key).and_then(|&at| stated.get_mut(at)) {
                Some(existing) => existing.lines.extend(lines),
                None => {
                    index_of.insert(key.clone(), stated.len());
                    stated.push(StatedValue {
                        display: key.0,
                        source: key.1,
                        file: key.2,
                        lines: lines.collect(),
                    });
                }
            }
        }
    }
    stated
}

/// A one-line plain-text account of a claim's verdict and the values behind it, e.g.
/// `sources disagree: ~5,000,000 (Financial Times l.28) vs >1,000,000 (Arabi21 l.17)`.
pub fn explain_verdict(report: &ClaimReport) -> String {
    let stated = stated_values(report);
    // Within a group of agreeing values, each value once with every source and line stating
    // it (`2000 (Arabi21 l.18; BBC l.20, l.86)`); groups that disagree are joined with " vs ".
    let by_key: HashMap<(&str, &str, &Path), &StatedValue<'_>> = stated
        .iter()
        .map(|s| ((s.display.as_str(), s.source, s.file), s))
        .collect();
    let mut groups: Vec<String> = Vec::new();
    for group in &report.assessment.groups {
        let mut values: Vec<(String, Vec<String>)> = Vec::new();
        let mut listed: HashSet<(String, String)> = HashSet::new();
        for &index in group {
            let Some(o) = report.observations.get(index) else {
                continue;
            };
            let display = display_value(&o.observed.value, o.observed.qualifier);
            let Some(s) = by_key.get(&(display.as_str(), &*o.source, &*o.file)) else {
                continue;
            };
            let lines: Vec<String> = s.lines.iter().map(|l| format!("l.{l}")).collect();
            let who = format!("{} {}", s.source, lines.join(", "));
            if !listed.insert((display.clone(), who.clone())) {
                continue;
            }
            match values.iter_mut().find(|(d, _)| *d == display) {
                Some((_, sources)) => sources.push(who),
                None => values.push((display, vec![who])),
            }
        }
        let members: Vec<String> = values
            .into_iter()
            .map(|(display, sources)| format!("{display} ({})", sources.join("; ")))
            .collect();
        groups.push(members.join(", "));
    }
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
            let mut who: Vec<String> = Vec::new();
            for m in &report.mentions {
                let at = format!("{} l.{}", m.source, m.location.line);
                if !who.contains(&at) {
                    who.push(at);
                }
            }
            format!("mentioned without a value: {}", who.join("; "))
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
