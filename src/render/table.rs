//! The terminal table: one row per claim with its verdict, each value stated, and who states
//! it; then a summary line. Fits an 80-column terminal.

use crate::compare::Verdict;
use crate::render::display_value;
use crate::report::{ClaimReport, Report};
use comfy_table::presets::UTF8_FULL_CONDENSED;
use comfy_table::{Attribute, Cell, Color, ColumnConstraint, ContentArrangement, Table};
use std::collections::HashMap;
use std::fmt::Write as _;

/// How to draw the table.
#[derive(Debug, Clone, Copy)]
pub struct TableOptions {
    /// Colour verdicts with ANSI escapes.
    pub color: bool,
    /// Total width in columns.
    pub width: u16,
}

impl Default for TableOptions {
    fn default() -> Self {
        TableOptions {
            color: false,
            width: 80,
        }
    }
}

/// Renders the claims given (a selection of `report.claims`) and the whole report's summary.
pub fn render(report: &Report, claims: &[&ClaimReport], options: TableOptions) -> String {
    let mut out = String::new();
    if !claims.is_empty() {
        let mut table = Table::new();
        table
            .load_style(UTF8_FULL_CONDENSED)
            .set_content_arrangement(ContentArrangement::Dynamic)
            .set_width(options.width);
        if options.color {
            table.enforce_styling();
        } else {
            table.force_no_tty();
        }
        table.set_header(vec!["claim", "verdict", "value", "stated by"]);
        for claim in claims {
            table.add_rows(rows(claim, options.color));
        }
        // Ids, verdicts and values stay on one line each; the sources column wraps.
        for index in 0..3 {
            if let Some(column) = table.column_mut(index) {
                column.set_constraint(ColumnConstraint::ContentWidth);
            }
        }
        let _ = writeln!(out, "{table}");
    }
    out.push_str(&summary_line(report));
    out
}

/// The rows of one claim: one per value and source stating it (lines of the same value and
/// source merged), the claim and verdict on the first row only.
fn rows(report: &ClaimReport, color: bool) -> Vec<Vec<Cell>> {
    let verdict = report.verdict();
    let mut verdict_cell = Cell::new(verdict.as_str());
    if color {
        verdict_cell = verdict_cell.fg(verdict_color(verdict));
        if verdict == Verdict::Conflict {
            verdict_cell = verdict_cell.add_attribute(Attribute::Bold);
        }
    }
    let mut lines: Vec<(String, &str, Vec<usize>)> = Vec::new();
    // (value, source) → index in `lines`, so a claim stated in many articles stays linear.
    let mut index_of: HashMap<(String, &str), usize> = HashMap::new();
    for group in &report.assessment.groups {
        for &index in group {
            let Some(o) = report.observations.get(index) else {
                continue;
            };
            let value = display_value(&o.observed.value, o.observed.qualifier);
            let line = o.observed.location.line;
            let key = (value, &*o.source);
            match index_of.get(&key).and_then(|&at| lines.get_mut(at)) {
                Some((_, _, at)) => at.push(line),
                None => {
                    index_of.insert(key.clone(), lines.len());
                    lines.push((key.0, key.1, vec![line]));
                }
            }
        }
    }
    let mut pairs: Vec<(String, String)> = lines
        .into_iter()
        .map(|(value, source, at)| {
            let at: Vec<String> = at.iter().map(|l| format!("l.{l}")).collect();
            (value, format!("{source} {}", at.join(", ")))
        })
        .collect();
    if pairs.is_empty() {
        let mut mentioned: Vec<&str> = report.mentions.iter().map(|m| &*m.source).collect();
        mentioned.dedup();
        let who = if mentioned.is_empty() {
            "no article mentions it".to_owned()
        } else {
            format!("mentioned by {}", mentioned.join(", "))
        };
        pairs.push(("—".to_owned(), who));
    }
    if verdict == Verdict::Conflict && !report.assessment.unaccepted.is_empty() {
        let new: Vec<String> = report
            .assessment
            .unaccepted
            .iter()
            .map(|v| display_value(v, None))
            .collect();
        pairs.push((
            String::new(),
            format!("not accepted yet: {}", new.join(", ")),
        ));
    }
    if let Some(expected) = &report.claim.expected {
        pairs.push((display_value(expected, None), "expected".to_owned()));
    }
    let mut first = Some((Cell::new(&report.claim.id), verdict_cell));
    pairs
        .into_iter()
        .map(|(value, source)| {
            let (id, verdict) = first
                .take()
                .unwrap_or_else(|| (Cell::new(""), Cell::new("")));
            vec![id, verdict, Cell::new(value), Cell::new(source)]
        })
        .collect()
}

fn verdict_color(verdict: Verdict) -> Color {
    match verdict {
        Verdict::Conflict => Color::Red,
        Verdict::Accepted => Color::Cyan,
        Verdict::Agree => Color::Green,
        Verdict::Single | Verdict::Unstated => Color::Yellow,
        Verdict::Missing => Color::DarkGrey,
    }
}

/// `11 claims: 2 conflict, 0 accepted, 5 agree, …` and `5 articles read, 40,713 bytes`, plus a
/// line for skipped files.
pub fn summary_line(report: &Report) -> String {
    let s = &report.summary;
    let counts: Vec<String> = Verdict::ALL
        .iter()
        .map(|v| format!("{} {}", s.count(*v), v.as_str()))
        .collect();
    let mut line = format!(
        "{} claim{}: {}\n{} article{} read, {} bytes\n",
        s.claims,
        if s.claims == 1 { "" } else { "s" },
        counts.join(", "),
        report.corpus.stats.articles,
        if report.corpus.stats.articles == 1 {
            ""
        } else {
            "s"
        },
        crate::render::group_thousands(report.corpus.stats.bytes as f64),
    );
    if !report.corpus.stats.skipped.is_empty() {
        let _ = writeln!(
            line,
            "{} file{} skipped (see the warnings above)",
            report.corpus.stats.skipped.len(),
            if report.corpus.stats.skipped.len() == 1 {
                ""
            } else {
                "s"
            }
        );
    }
    line
}
