//! The terminal table: one row per claim with its verdict, each value stated, and who states
//! it; then a summary line. Fits an 80-column terminal.
//!
//! **Streaming.** A claim stated in many articles has a row per source, so a report of a
//! thousand claims over a large corpus can have a hundred thousand rows; drawn as one
//! comfy-table `Table` and formatted into one `String`, the table cost more memory than the
//! whole report (issue #6). [`write()`](fn@write) draws the same bytes a few hundred rows at a time:
//!
//! 1. a first pass over the claims measures the columns and decides their widths exactly as
//!    comfy-table's dynamic arrangement decides them for the whole table (the claim, verdict
//!    and value columns as wide as their widest cell; the sources column as wide as its
//!    widest cell when that fits, else as wide as its longest line once wrapped at the space
//!    left, when that saves at least three columns, else the space left). When the sources
//!    column must wrap, comfy-table itself wraps it (see `wrapped_sources_width`);
//! 2. the rows are then drawn in chunks, each a comfy-table `Table` whose columns are fixed to
//!    those widths, with the top border and header only in the first chunk and the bottom
//!    border only in the last. A table's lines depend only on the widths and on each row's own
//!    cells (this style has no separators between rows), so the chunks' lines are the lines
//!    of the whole table.
//!
//! Cells are measured with the `unicode-width` version comfy-table itself uses, so Arabic
//! (where a lam-alef pair is one column wide and harakat none) and CJK (two columns a
//! character) measure as comfy-table measures them. The tests compare [`write()`](fn@write)
//! with a one-table rendering, byte for byte.

use crate::compare::Verdict;
use crate::render::display_value;
use crate::report::group::{counts_text, mention_places, places_lines, value_groups};
use crate::report::{ClaimReport, Report};
use comfy_table::presets::UTF8_FULL_CONDENSED;
use comfy_table::{
    Attribute, Cell, Color, ColumnConstraint, ContentArrangement, LineStyle, Table, TableStyle,
    Width,
};
use std::fmt::Write as _;
use std::io;
use unicode_width::UnicodeWidthStr;

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

/// The column titles.
const HEADER: [&str; 4] = ["claim", "verdict", "value", "stated by"];

/// Rows drawn per chunk (a chunk ends at a claim's last row, so it may hold one claim's rows
/// more). A few hundred short rows are a few hundred kilobytes at most, and comfy-table's cost
/// per chunk (setting up a `Table`) is small beside drawing that many rows.
const CHUNK_ROWS: usize = 256;

/// Spaces comfy-table puts on each side of a cell's content (its default column padding).
const PADDING: u16 = 2;

/// Vertical border lines of a four-column table with left and right borders.
const BORDERS: usize = 5;

/// The text of one row: claim id, verdict, value, who states it. The id and verdict are empty
/// on every row of a claim but its first.
type RowText = [String; 4];

/// Renders the claims given (a selection of `report.claims`) and the whole report's summary:
/// the bytes [`write()`](fn@write) writes, as a `String`.
pub fn render(report: &Report, claims: &[&ClaimReport], options: TableOptions) -> String {
    let mut out = Vec::new();
    // Writing into a `Vec` cannot fail: `write` only fails when its writer does.
    let _ = write(report, claims, options, &mut out);
    // Every byte written comes from a `String`, so the whole is UTF-8.
    String::from_utf8(out)
        .unwrap_or_else(|error| String::from_utf8_lossy(error.as_bytes()).into_owned())
}

/// Writes the table of the claims given (a selection of `report.claims`) and the whole
/// report's summary to `out`, a chunk of rows at a time, so that memory does not grow with the
/// number of rows (see the module documentation). The bytes are those of one comfy-table
/// `Table` holding every row, formatted whole.
///
/// # Errors
///
/// The first error `out` returns; what was written before it stays written.
pub fn write(
    report: &Report,
    claims: &[&ClaimReport],
    options: TableOptions,
    out: &mut dyn io::Write,
) -> io::Result<()> {
    write_in_chunks(report, claims, options, CHUNK_ROWS, out)
}

/// [`write()`](fn@write) with the chunk size given, so the tests can cut small tables into many chunks.
fn write_in_chunks(
    report: &Report,
    claims: &[&ClaimReport],
    options: TableOptions,
    chunk_rows: usize,
    out: &mut dyn io::Write,
) -> io::Result<()> {
    if !claims.is_empty() {
        let layout = match column_widths(claims, options.width, chunk_rows) {
            Some(widths) if usize::from(widths[3]) < MIN_SOURCES_WIDTH => {
                write_list(claims, options, out)?;
                let mut footer = Vec::new();
                write_footer(report, claims, &mut footer)?;
                let mut wrapped = String::new();
                for line in String::from_utf8_lossy(&footer).lines() {
                    push_wrapped(&mut wrapped, line, "", "  ", usize::from(options.width));
                }
                return out.write_all(wrapped.as_bytes());
            }
            Some(widths) => Layout::Fixed(widths),
            // A fixed width cannot be given to comfy-table for a column over 65,533 columns wide
            // (it counts in `u16`, padding included): draw such a table whole, as before.
            None => Layout::Whole,
        };
        let chunk_rows = match layout {
            Layout::Fixed(_) => chunk_rows.max(1),
            Layout::Whole => usize::MAX,
        };
        let mut pending: Vec<Vec<Cell>> = Vec::new();
        let mut first = true;
        for claim in claims {
            if pending.len() >= chunk_rows {
                let chunk = Chunk { first, last: false };
                draw_chunk(std::mem::take(&mut pending), chunk, layout, options, out)?;
                first = false;
            }
            pending.extend(styled_rows(claim, options.color));
        }
        let chunk = Chunk { first, last: true };
        draw_chunk(pending, chunk, layout, options, out)?;
    }
    write_footer(report, claims, out)
}

/// Below this many columns for the sources, the table would cut file names and words into
/// slivers: the claims are written as a list instead, wrapped by words.
pub const MIN_SOURCES_WIDTH: usize = 36;

/// The footnote on inferred years (when a value shown has one) and the summary.
fn write_footer(
    report: &Report,
    claims: &[&ClaimReport],
    out: &mut dyn io::Write,
) -> io::Result<()> {
    if claims
        .iter()
        .any(|c| value_groups(c).iter().any(|g| g.year_inferred))
    {
        out.write_all(INFERRED_FOOTNOTE.as_bytes())?;
    }
    out.write_all(summary_line(report).as_bytes())
}

/// The footnote of a date marked `*`.
pub const INFERRED_FOOTNOTE: &str =
    "* the year is not written: it is taken from the article's context\n";

/// The claims as a list for a narrow terminal: the claim and its verdict, then each value
/// with who states it, indented, every line wrapped by words at `options.width` (a word
/// wider than that stays whole on a line of its own, never cut a letter a line).
fn write_list(
    claims: &[&ClaimReport],
    options: TableOptions,
    out: &mut dyn io::Write,
) -> io::Result<()> {
    let width = usize::from(options.width);
    for claim in claims {
        let verdict = claim.verdict();
        let mut text = String::new();
        for (index, [id, verdict_text, value, sources]) in claim_rows(claim).into_iter().enumerate()
        {
            if index == 0 {
                let shown = if options.color {
                    let mut code = format!("\u{1b}[{}m", ansi_color(verdict));
                    if verdict == Verdict::Conflict {
                        code = format!("\u{1b}[1m{code}");
                    }
                    format!("{code}{verdict_text}\u{1b}[0m")
                } else {
                    verdict_text
                };
                // `id\n(in review)` is one line here.
                let id = id.replace('\n', " ");
                push_wrapped(&mut text, &format!("{id}: {shown}"), "", "  ", width);
            }
            let mut lines = sources.split('\n');
            let head = lines.next().unwrap_or("");
            let first = if value.is_empty() || value == "—" {
                head.to_owned()
            } else {
                format!("{value}: {head}")
            };
            push_wrapped(&mut text, &first, "  ", "    ", width);
            for line in lines {
                push_wrapped(&mut text, line, "    ", "      ", width);
            }
        }
        out.write_all(text.as_bytes())?;
    }
    Ok(())
}

/// The ANSI colour code of a verdict (as [`verdict_color`] in the table).
fn ansi_color(verdict: Verdict) -> &'static str {
    match verdict {
        Verdict::Conflict => "31",
        Verdict::Accepted => "36",
        Verdict::Agree => "32",
        Verdict::Single | Verdict::Unstated => "33",
        Verdict::Missing => "90",
    }
}

/// Appends `text` wrapped by words at `width` columns, its first line after `indent`, the
/// others after `hanging`; each line holding right-to-left letters isolated (see
/// [`isolate`]).
fn push_wrapped(out: &mut String, text: &str, indent: &str, hanging: &str, width: usize) {
    let mut line = String::from(indent);
    let mut line_width = indent.width();
    let mut empty = true;
    for word in text.split(' ').filter(|w| !w.is_empty()) {
        let word_width = word.width();
        if !empty && line_width + 1 + word_width > width {
            out.push_str(&isolate(&line));
            out.push('\n');
            line = String::from(hanging);
            line_width = hanging.width();
            empty = true;
        }
        if !empty {
            line.push(' ');
            line_width += 1;
        }
        line.push_str(word);
        line_width += word_width;
        empty = false;
    }
    out.push_str(&isolate(&line));
    out.push('\n');
}

/// First strong isolate (U+2068) and pop directional isolate (U+2069): zero columns wide.
const FSI: char = '\u{2068}';
const PDI: char = '\u{2069}';

/// A line with its text after the indentation wrapped in a first-strong isolate when it
/// holds right-to-left letters, so a terminal that picks each line's direction from its
/// first letter keeps the line left to right, and the Arabic in it reads right to left.
fn isolate(line: &str) -> String {
    if !crate::render::has_rtl(line) {
        return line.to_owned();
    }
    let body = line.trim_start_matches(' ');
    let indent = &line[..line.len() - body.len()];
    format!("{indent}{FSI}{body}{PDI}")
}

/// A drawn table line with the text of each cell holding right-to-left letters wrapped in a
/// first-strong isolate (after comfy-table laid it out: the isolates are zero columns wide,
/// and each line of a wrapped cell is isolated on its own).
fn isolate_cells(line: &str) -> String {
    if !crate::render::has_rtl(line) {
        return line.to_owned();
    }
    let mut out = String::with_capacity(line.len() + 16);
    let mut rest = line;
    loop {
        let end = rest.find(['│', '┆']).unwrap_or(rest.len());
        let cell = &rest[..end];
        if crate::render::has_rtl(cell) {
            let body = cell.trim_matches(' ');
            let start = cell.len() - cell.trim_start_matches(' ').len();
            out.push_str(&cell[..start]);
            out.push(FSI);
            out.push_str(body);
            out.push(PDI);
            out.push_str(&cell[start + body.len()..]);
        } else {
            out.push_str(cell);
        }
        let Some(separator) = rest[end..].chars().next() else {
            break;
        };
        out.push(separator);
        rest = &rest[end + separator.len_utf8()..];
    }
    out
}

/// How the columns of a chunk get their widths.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Layout {
    /// Content widths (padding excluded) decided for the whole table by [`column_widths`].
    Fixed([u16; 4]),
    /// The whole table is one chunk, laid out by comfy-table itself.
    Whole,
}

/// Where a chunk sits in the table: the first has the top border and the header, the last the
/// bottom border.
#[derive(Debug, Clone, Copy)]
struct Chunk {
    first: bool,
    last: bool,
}

/// An empty comfy-table `Table` in `style`, laid out in `options.width` columns, coloured
/// only when `options` asks for colour.
fn new_table(style: TableStyle, options: TableOptions) -> Table {
    let mut table = Table::new();
    table
        .load_style(style)
        .set_content_arrangement(ContentArrangement::Dynamic)
        .set_width(options.width);
    if options.color {
        table.enforce_styling();
    } else {
        table.force_no_tty();
    }
    table
}

/// Draws `rows` as one comfy-table `Table` and writes its lines, each followed by a newline.
fn draw_chunk(
    rows: Vec<Vec<Cell>>,
    chunk: Chunk,
    layout: Layout,
    options: TableOptions,
    out: &mut dyn io::Write,
) -> io::Result<()> {
    let mut style = UTF8_FULL_CONDENSED;
    if !chunk.first {
        style.top_border = LineStyle::none();
    }
    if !chunk.last {
        style.bottom_border = LineStyle::none();
    }
    let mut table = new_table(style, options);
    if chunk.first {
        table.set_header(HEADER.to_vec());
    }
    table.add_rows(rows);
    for index in 0..HEADER.len() {
        let constraint = match layout {
            Layout::Fixed(widths) => widths.get(index).map(|&width| {
                ColumnConstraint::Absolute(Width::Fixed(width.saturating_add(PADDING)))
            }),
            // Ids, verdicts and values stay on one line each; the sources column wraps.
            Layout::Whole => (index < 3).then_some(ColumnConstraint::ContentWidth),
        };
        if let (Some(constraint), Some(column)) = (constraint, table.column_mut(index)) {
            column.set_constraint(constraint);
        }
    }
    for line in table.lines() {
        out.write_all(isolate_cells(&line).as_bytes())?;
        out.write_all(b"\n")?;
    }
    Ok(())
}

/// The content width of each column (padding excluded), as comfy-table's dynamic arrangement
/// decides them for one table of the header and every row, `table_width` wide, with the first
/// three columns constrained to their content's width. `None` when one of those three is too
/// wide to be fixed through comfy-table (over `u16::MAX` less the padding).
fn column_widths(claims: &[&ClaimReport], table_width: u16, chunk_rows: usize) -> Option<[u16; 4]> {
    let mut widest = HEADER.map(cell_width);
    for claim in claims {
        for row in claim_rows(claim) {
            for (width, text) in widest.iter_mut().zip(&row) {
                *width = (*width).max(cell_width(text));
            }
        }
    }
    let [id, verdict, value, sources] = widest;
    if [id, verdict, value]
        .iter()
        .any(|&width| width > u16::MAX - PADDING)
    {
        return None;
    }
    // What is left for the sources column's content: the table's width less the borders, the
    // sources column's padding and the three other columns with theirs.
    let fixed: usize = [id, verdict, value]
        .iter()
        .map(|&width| usize::from(width + PADDING))
        .sum();
    let space = usize::from(table_width)
        .saturating_sub(BORDERS + usize::from(PADDING))
        .saturating_sub(fixed);
    let sources = if space == 0 {
        // comfy-table gives a column at least one column.
        1
    } else if usize::from(sources) <= space {
        sources
    } else {
        clamp_width(wrapped_sources_width(claims, space, chunk_rows)).max(1)
    };
    Some([id, verdict, value, sources])
}

/// The width comfy-table measures for a cell: its widest line, at least 1.
fn cell_width(text: &str) -> u16 {
    let widest = text.split('\n').map(str::width).max().unwrap_or(0);
    clamp_width(widest).max(1)
}

/// A width in comfy-table's `u16`, saturating as it does.
fn clamp_width(width: usize) -> u16 {
    u16::try_from(width).unwrap_or(u16::MAX)
}

/// The width comfy-table gives the sources column when it must wrap in `space` columns: its
/// longest line once wrapped when that leaves at least three columns free, else all of
/// `space`.
///
/// comfy-table measures it, a chunk of rows at a time: each chunk's sources cells (the header
/// with the first) are laid out as a one-column table of the same style with `space` columns
/// for content, which wraps them exactly as the whole table would. A chunk given all of
/// `space` has a longest line within three columns of it, so the whole column gets all of it
/// too; otherwise each chunk's width is its longest line, and the column's is the longest of
/// those, narrowed by the same rule.
fn wrapped_sources_width(claims: &[&ClaimReport], space: usize, chunk_rows: usize) -> usize {
    let mut cells: Vec<String> = vec![HEADER[3].to_owned()];
    let mut widest = 0;
    let mut measure = |cells: &mut Vec<String>| -> bool {
        let width = laid_out_alone(std::mem::take(cells), space);
        widest = widest.max(width);
        width >= space
    };
    for claim in claims {
        for [_, _, _, sources] in claim_rows(claim) {
            if cells.len() >= chunk_rows.max(1) && measure(&mut cells) {
                return space;
            }
            cells.push(sources);
        }
    }
    if measure(&mut cells) || space.saturating_sub(widest) < 3 {
        return space;
    }
    widest
}

/// The content width comfy-table gives a one-column table of `cells` with `space` columns for
/// content (measured on its top border).
fn laid_out_alone(cells: Vec<String>, space: usize) -> usize {
    const SIDES: usize = 2;
    let options = TableOptions {
        color: false,
        width: clamp_width(space + usize::from(PADDING) + SIDES),
    };
    let mut table = new_table(UTF8_FULL_CONDENSED, options);
    for cell in cells {
        table.add_row(vec![cell]);
    }
    table
        .lines()
        .next()
        .map_or(0, |border| border.width())
        .saturating_sub(usize::from(PADDING) + SIDES)
}

/// The rows of one claim as cells, the verdict coloured when `color` is set.
fn styled_rows(report: &ClaimReport, color: bool) -> impl Iterator<Item = Vec<Cell>> {
    let verdict = report.verdict();
    claim_rows(report).into_iter().enumerate().map(
        move |(index, [id, verdict_text, value, sources])| {
            let mut verdict_cell = Cell::new(verdict_text);
            // The verdict is written (and coloured) on the claim's first row only.
            if color && index == 0 {
                verdict_cell = verdict_cell.fg(verdict_color(verdict));
                if verdict == Verdict::Conflict {
                    verdict_cell = verdict_cell.add_attribute(Attribute::Bold);
                }
            }
            vec![
                Cell::new(id),
                verdict_cell,
                Cell::new(value),
                Cell::new(sources),
            ]
        },
    )
}

/// How many places of a value the table lists before `and N more`.
pub const TABLE_PLACES: usize = 6;

/// The rows of one claim: one per value ([`crate::report::group`]), with how many sources and
/// articles state it and where (`file:line`, at most [`TABLE_PLACES`]); the claim and verdict
/// on the first row only.
fn claim_rows(report: &ClaimReport) -> Vec<RowText> {
    let verdict = report.verdict();
    let mut pairs: Vec<(String, String)> = value_groups(report)
        .iter()
        .map(|group| {
            let mut lines = vec![counts_text(group)];
            lines.extend(places_lines(&group.places, TABLE_PLACES));
            let value = format!(
                "{}{}",
                group.display,
                if group.year_inferred { "*" } else { "" }
            );
            (
                value,
                crate::escape::control_chars_in_lines(&lines.join("\n")).into_owned(),
            )
        })
        .collect();
    if pairs.is_empty() {
        let who = if report.mentions.is_empty() {
            "no article mentions it".to_owned()
        } else {
            let mut lines = vec!["mentioned without a value at".to_owned()];
            lines.extend(places_lines(&mention_places(report), TABLE_PLACES));
            crate::escape::control_chars_in_lines(&lines.join("\n")).into_owned()
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
    // A claim in review is marked under its id: its verdict never fails `check`.
    let mut id = report.claim.id.clone();
    if report.claim.status == crate::claims::Status::Review {
        id.push_str("\n(in review)");
    }
    let mut first = Some([id, verdict.as_str().to_owned()]);
    pairs
        .into_iter()
        .map(|(value, sources)| {
            let [id, verdict] = first.take().unwrap_or_default();
            [id, verdict, value, sources]
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
        crate::render::group_thousands(report.corpus.stats.articles as f64),
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
    let copies = report.corpus.duplicates.len();
    if copies > 0 {
        let _ = writeln!(
            line,
            "{copies} cop{} of an article read before not counted (see the warnings above)",
            if copies == 1 { "y" } else { "ies" }
        );
    }
    line
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::value::Value;
    use proptest::prelude::*;
    use std::sync::{Arc, OnceLock};

    /// The table as it was drawn before it was streamed: one comfy-table `Table` holding every
    /// row, formatted whole, the reference [`write()`](fn@write) must equal byte for byte. (The
    /// rows themselves are pinned by the report snapshots in `tests/`.)
    fn one_table(report: &Report, claims: &[&ClaimReport], options: TableOptions) -> String {
        let mut out = String::new();
        let list = column_widths(claims, options.width, CHUNK_ROWS)
            .is_some_and(|widths| usize::from(widths[3]) < MIN_SOURCES_WIDTH);
        if list && !claims.is_empty() {
            let mut bytes = Vec::new();
            write_list(claims, options, &mut bytes).expect("writing into a Vec");
            out.push_str(&String::from_utf8(bytes).expect("UTF-8"));
            let mut footer = Vec::new();
            write_footer(report, claims, &mut footer).expect("writing into a Vec");
            for line in String::from_utf8(footer).expect("UTF-8").lines() {
                push_wrapped(&mut out, line, "", "  ", usize::from(options.width));
            }
            return out;
        } else if !claims.is_empty() {
            let mut table = new_table(UTF8_FULL_CONDENSED, options);
            table.set_header(vec!["claim", "verdict", "value", "stated by"]);
            for claim in claims {
                table.add_rows(styled_rows(claim, options.color));
            }
            for index in 0..3 {
                if let Some(column) = table.column_mut(index) {
                    column.set_constraint(ColumnConstraint::ContentWidth);
                }
            }
            for line in table.lines() {
                let _ = writeln!(out, "{}", isolate_cells(&line));
            }
        }
        if claims
            .iter()
            .any(|c| value_groups(c).iter().any(|g| g.year_inferred))
        {
            out.push_str(INFERRED_FOOTNOTE);
        }
        out.push_str(&summary_line(report));
        out
    }

    /// The report of the bundled `claims/` over the bundled `corpus/`, built once.
    fn bundled() -> &'static Report {
        static REPORT: OnceLock<Report> = OnceLock::new();
        REPORT.get_or_init(|| {
            let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
            let set = crate::claims::load_claims(&root.join("claims")).expect("bundled claims");
            let claims: Vec<_> = set.iter().cloned().collect();
            crate::report::build(&root.join("corpus"), &claims).expect("bundled corpus")
        })
    }

    /// A claim report with this id and verdict, stating each (value, source, line) given,
    /// grouped by value in order of first appearance. Built on a bundled claim so that every
    /// field a renderer does not look at is real.
    fn stated(id: &str, verdict: Verdict, statements: &[(&str, &str, usize)]) -> ClaimReport {
        let mut report = bundled()
            .claims
            .iter()
            .find(|c| !c.observations.is_empty())
            .expect("a bundled claim with observations")
            .clone();
        let model = report.observations[0].clone();
        report.claim.id = id.to_owned();
        report.claim.expected = None;
        report.mentions.clear();
        report.observations = statements
            .iter()
            .map(|&(value, source, line)| {
                let mut o = model.clone();
                o.file = Arc::from(std::path::Path::new("a.txt"));
                o.source = Arc::from(source);
                o.observed.value = Value::Choice(value.to_owned());
                o.observed.qualifier = None;
                o.observed.location.line = line;
                o
            })
            .collect();
        let mut groups: Vec<(&str, Vec<usize>)> = Vec::new();
        for (index, &(value, _, _)) in statements.iter().enumerate() {
            match groups.iter_mut().find(|(v, _)| *v == value) {
                Some((_, members)) => members.push(index),
                None => groups.push((value, vec![index])),
            }
        }
        report.assessment.verdict = verdict;
        report.assessment.groups = groups.into_iter().map(|(_, g)| g).collect();
        report.assessment.unaccepted.clear();
        report
    }

    /// A claim report with no value stated, mentioned by the sources given (none: missing).
    fn mentioned(id: &str, sources: &[&str]) -> ClaimReport {
        let model = bundled()
            .claims
            .iter()
            .flat_map(|c| c.mentions.first())
            .next()
            .expect("a bundled mention")
            .clone();
        let verdict = if sources.is_empty() {
            Verdict::Missing
        } else {
            Verdict::Unstated
        };
        let mut report = stated(id, verdict, &[]);
        report.mentions = sources
            .iter()
            .map(|&source| {
                let mut m = model.clone();
                m.source = Arc::from(source);
                m
            })
            .collect();
        report
    }

    /// Source names of the seed articles, Arabic and English, and hand-written ones: Arabic
    /// with harakat and lam-alef pairs, CJK (two columns a character), words longer than a
    /// narrow column.
    const SOURCES: &[&str] = &[
        "Financial Times (Arabic translation)",
        "Arabi21",
        "BBC News Arabic",
        "تجارب المال والأعمال",
        "منبر",
        "فريق التحرير",
        "أخبار العالم",
        "وكالة الأنباء المركزية الكورية",
        "وعزّزت بيونغ يانغ وموسكو علاقاتهما",
        "الاستفزازيةوالأعمالالعسكرية",
        "北京大学 新闻网",
        "東京新聞デジタル版ニュース",
        "Editorial team (unnamed site)",
        "A-very-long-hyphenated-site-name-without-any-spaces-at-all",
    ];

    /// Values: the seed articles' numbers and places, Arabic and English.
    const VALUES: &[&str] = &[
        "~5,000,000",
        ">1,000,000",
        "vostochny",
        "فوستوشني",
        "بيونغ يانغ",
        "2023-09",
        "كيم جونغ أون",
    ];

    /// Many claims of one to a dozen rows each (about 1,900 rows, several chunks), every
    /// verdict, Arabic and CJK sources, the widest id and value last so that early chunks alone
    /// would lay the table out narrower.
    fn many_claims() -> Vec<ClaimReport> {
        let mut claims = Vec::new();
        for n in 0..300usize {
            let id = format!("claim-{n}");
            let report = match n % 7 {
                0 => mentioned(&id, &[SOURCES[n % SOURCES.len()], "Arabi21"]),
                1 => mentioned(&id, &[]),
                _ => {
                    let verdict = [Verdict::Conflict, Verdict::Agree, Verdict::Single][n % 3];
                    let statements: Vec<(&str, &str, usize)> = (0..1 + n % 12)
                        .map(|k| {
                            (
                                VALUES[(n + k / 3) % VALUES.len()],
                                SOURCES[(n * 7 + k) % SOURCES.len()],
                                10 + k * 3 + n % 5,
                            )
                        })
                        .collect();
                    let mut report = stated(&id, verdict, &statements);
                    if n % 5 == 0 {
                        report.claim.expected = Some(Value::Choice("بيونغ يانغ".to_owned()));
                    }
                    if verdict == Verdict::Conflict && n % 2 == 0 {
                        report.assessment.unaccepted = vec![Value::Choice("vostochny".to_owned())];
                    }
                    report
                }
            };
            claims.push(report);
        }
        claims.push(stated(
            "putin-kim-summit-venue-as-the-financial-times-reported-it",
            Verdict::Single,
            &[("Vostochny Cosmodrome, Amur Oblast", "Financial Times", 20)],
        ));
        claims
    }

    /// Asserts that `write` (cut into chunks of each size given) and `render` equal the one-table
    /// rendering at every width given, with and without colour.
    fn assert_same_as_one_table(claims: &[&ClaimReport], widths: &[u16], chunks: &[usize]) {
        let report = bundled();
        for &width in widths {
            for color in [false, true] {
                let options = TableOptions { color, width };
                let expected = one_table(report, claims, options);
                for &chunk_rows in chunks {
                    let mut out = Vec::new();
                    write_in_chunks(report, claims, options, chunk_rows, &mut out)
                        .expect("writing into a Vec");
                    let written = String::from_utf8(out).expect("UTF-8");
                    assert!(
                        written == expected,
                        "width {width}, colour {color}, chunks of {chunk_rows}:\n\
                         streamed:\n{written}\none table:\n{expected}"
                    );
                }
                assert_eq!(render(report, claims, options), expected);
            }
        }
    }

    #[test]
    fn bundled_report_is_drawn_as_one_table() {
        let claims: Vec<&ClaimReport> = bundled().claims.iter().collect();
        assert_same_as_one_table(&claims, &[20, 40, 60, 80, 120], &[1, 2, 5, CHUNK_ROWS]);
        // The one-table rendering wraps the sources at 80 columns, as the snapshot shows.
        // At 80 columns the sources would get under MIN_SOURCES_WIDTH: a list, as the
        // snapshot shows; at 160 a table.
        let list = render(bundled(), &claims, TableOptions::default());
        assert!(
            list.starts_with("artillery-shells: conflict\n  ~5,000,000: 1 source"),
            "{list}"
        );
        let table = render(
            bundled(),
            &claims,
            TableOptions {
                color: false,
                width: 160,
            },
        );
        assert!(table.contains("│ artillery-shells "), "{table}");
        assert!(table.contains("┆ 1 source, 1 article "), "{table}");
    }

    #[test]
    fn many_claims_over_several_chunks_are_drawn_as_one_table() {
        let claims = many_claims();
        let claims: Vec<&ClaimReport> = claims.iter().collect();
        let rows: usize = claims.iter().map(|c| claim_rows(c).len()).sum();
        assert!(rows > 2 * CHUNK_ROWS, "{rows} rows");
        assert_same_as_one_table(&claims, &[40, 60, 80, 132], &[7, CHUNK_ROWS]);
    }

    #[test]
    fn long_arabic_sources_wrap_as_in_one_table() {
        let statements: Vec<(&str, &str, usize)> = SOURCES
            .iter()
            .enumerate()
            .map(|(k, &source)| (VALUES[k % VALUES.len()], source, k + 1))
            .collect();
        let claims = [
            stated("artillery-shells", Verdict::Conflict, &statements),
            mentioned("putin-took-power", &SOURCES[3..9]),
        ];
        let claims: Vec<&ClaimReport> = claims.iter().collect();
        assert_same_as_one_table(&claims, &[40, 60, 70, 80, 100], &[1, 3, CHUNK_ROWS]);
        // Every cell line holding Arabic is isolated on its own, in the table and the list,
        // and the isolates take no column: the table's lines are all as wide.
        for width in [40, 70, 160] {
            let options = TableOptions {
                color: false,
                width,
            };
            let table = render(bundled(), &claims, options);
            for line in table.lines().filter(|l| crate::render::has_rtl(l)) {
                assert_eq!(
                    line.matches(FSI).count(),
                    line.matches(PDI).count(),
                    "{line}"
                );
                assert!(line.contains(FSI), "{line}");
            }
            if width == 160 {
                let widths: Vec<usize> = table
                    .lines()
                    .filter(|l| l.starts_with('│'))
                    .map(|l| l.width())
                    .collect();
                assert!(widths.windows(2).all(|w| w[0] == w[1]), "{table}");
                assert!(table.contains("┆ \u{2068}"), "{table}");
            }
        }
    }

    #[test]
    fn a_source_with_a_line_break_is_drawn_as_in_one_table() {
        let claims = [
            stated(
                "kim-russia-visit-month",
                Verdict::Agree,
                &[("2023-09", "BBC News Arabic\nبي بي سي عربي", 28)],
            ),
            stated(
                "putin-took-power",
                Verdict::Single,
                &[("1999", "Arabi21", 18)],
            ),
        ];
        let claims: Vec<&ClaimReport> = claims.iter().collect();
        assert_same_as_one_table(&claims, &[30, 80], &[1, CHUNK_ROWS]);
    }

    #[test]
    fn a_wrapped_column_measured_in_chunks_is_as_wide_as_in_one_table() {
        // One source wraps; the others fit, one of them at every width from 1 to 40 columns,
        // so at some table width the widest line that fits is 0, 1, 2, 3 … columns short of
        // the space left, in a chunk of its own.
        let long = "Aaaaaaaaaaaaaaaaaaaa Bbbbbbbbbbbbbbbbbbbb Cccccccccccccccccccc";
        let sources: Vec<String> = (1..=40).map(|n| "x".repeat(n)).collect();
        let mut statements = vec![("1999", long, 18)];
        statements.extend(sources.iter().map(|s| ("2000", s.as_str(), 3)));
        for order in [false, true] {
            if order {
                statements.reverse();
            }
            let claims = [stated("putin-took-power", Verdict::Conflict, &statements)];
            let claims: Vec<&ClaimReport> = claims.iter().collect();
            let widths: Vec<u16> = (40..110).collect();
            assert_same_as_one_table(&claims, &widths, &[1, 3]);
        }
    }

    #[test]
    fn the_sources_column_narrows_to_its_longest_wrapped_line() {
        // The counts, then `a.txt:18 (Aaa… Bbb…)`: at 40 columns left they wrap to
        // `a.txt:18 (Aaa…` and `Bbb…)`, 30 columns, which saves over 3.
        let source = "Aaaaaaaaaaaaaaaaaaaa Bbbbbbbbbbbbbbbbbbbb";
        let claims = [stated(
            "putin-took-power",
            Verdict::Single,
            &[("1999", source, 18)],
        )];
        let claims: Vec<&ClaimReport> = claims.iter().collect();
        // claim 16 + verdict 7 + value 5, each padded by 2; 5 borders and 2 of padding.
        let width = (5 + 2 + 18 + 9 + 7 + 40) as u16;
        let widths = column_widths(&claims, width, CHUNK_ROWS).expect("small widths");
        assert_eq!(widths, [16, 7, 5, 30]);
        assert_same_as_one_table(&claims, &[width, width - 1, width + 5], &[1]);
        // When wrapping saves less than 3 columns, the column takes all the space left.
        let widths = column_widths(&claims, width - 18, CHUNK_ROWS).expect("small widths");
        assert_eq!(widths[3], 22);
    }

    #[test]
    fn narrow_tables_squeeze_the_sources_column_to_one_column() {
        let claims = many_claims();
        let claims: Vec<&ClaimReport> = claims.iter().rev().take(20).collect();
        assert_eq!(
            column_widths(&claims, 40, CHUNK_ROWS).map(|w| w[3]),
            Some(1)
        );
        assert_same_as_one_table(&claims, &[0, 1, 20, 40], &[3]);
    }

    #[test]
    fn a_value_too_wide_to_fix_is_drawn_in_one_table() {
        // 70,000 columns: comfy-table cannot be given a fixed width this large, so the table
        // is drawn whole, still as one table draws it.
        let wide = "x".repeat(70_000);
        let claims = [
            stated(
                "putin-took-power",
                Verdict::Single,
                &[("1999", "Arabi21", 18)],
            ),
            stated(
                "putin-previous-visit",
                Verdict::Single,
                &[(&wide, "Arabi21", 18)],
            ),
        ];
        let claims: Vec<&ClaimReport> = claims.iter().collect();
        assert_eq!(column_widths(&claims, 80, CHUNK_ROWS), None);
        assert_same_as_one_table(&claims, &[80], &[1]);
    }

    #[test]
    fn colour_is_written_only_when_asked_for() {
        let claims: Vec<&ClaimReport> = bundled().claims.iter().collect();
        let plain = render(bundled(), &claims, TableOptions::default());
        let coloured = render(
            bundled(),
            &claims,
            TableOptions {
                color: true,
                width: 80,
            },
        );
        assert!(!plain.contains('\u{1b}'));
        assert!(coloured.contains("\u{1b}["), "{coloured}");
    }

    #[test]
    fn no_claims_write_only_the_summary() {
        for options in [
            TableOptions::default(),
            TableOptions {
                color: true,
                width: 40,
            },
        ] {
            let mut out = Vec::new();
            write(bundled(), &[], options, &mut out).expect("writing into a Vec");
            assert_eq!(out, summary_line(bundled()).into_bytes());
            assert_eq!(
                render(bundled(), &[], options),
                one_table(bundled(), &[], options)
            );
        }
    }

    /// A writer that takes `room` bytes, then fails.
    struct FailingWriter {
        room: usize,
    }

    impl io::Write for FailingWriter {
        fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
            if self.room == 0 {
                return Err(io::Error::other("disk full"));
            }
            let taken = buf.len().min(self.room);
            self.room -= taken;
            Ok(taken)
        }

        fn flush(&mut self) -> io::Result<()> {
            Ok(())
        }
    }

    #[test]
    fn a_failing_writer_returns_its_error() {
        let claims = many_claims();
        let claims: Vec<&ClaimReport> = claims.iter().collect();
        let whole = render(bundled(), &claims, TableOptions::default()).len();
        for room in [0, 1, 100, 50_000, whole - 1] {
            let mut out = FailingWriter { room };
            let error = write(bundled(), &claims, TableOptions::default(), &mut out)
                .expect_err("the writer fails");
            assert_eq!(error.to_string(), "disk full");
        }
        let mut out = FailingWriter { room: whole };
        assert!(write(bundled(), &claims, TableOptions::default(), &mut out).is_ok());
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(64))]

        #[test]
        fn random_tables_are_drawn_as_one_table(
            shapes in proptest::collection::vec(
                (0..4usize, proptest::collection::vec(
                    (0..VALUES.len(), proptest::collection::vec(0..SOURCES.len(), 1..4), 1..200usize),
                    0..6,
                )),
                1..6,
            ),
            width in 0u16..140,
            color in any::<bool>(),
            chunk_rows in 1usize..5,
        ) {
            let sources: Vec<Vec<String>> = shapes
                .iter()
                .map(|(_, rows)| {
                    rows.iter()
                        .map(|(_, words, _)| {
                            words.iter().map(|&w| SOURCES[w]).collect::<Vec<_>>().join(" ")
                        })
                        .collect()
                })
                .collect();
            let claims: Vec<ClaimReport> = shapes
                .iter()
                .zip(&sources)
                .enumerate()
                .map(|(n, ((verdict, rows), names))| {
                    let id = format!("claim-{n}");
                    let statements: Vec<(&str, &str, usize)> = rows
                        .iter()
                        .zip(names)
                        .map(|((value, _, line), name)| (VALUES[*value], name.as_str(), *line))
                        .collect();
                    if statements.is_empty() {
                        let mentions: Vec<&str> = names.iter().map(String::as_str).collect();
                        mentioned(&id, &mentions)
                    } else {
                        let verdict =
                            [Verdict::Conflict, Verdict::Agree, Verdict::Single, Verdict::Accepted]
                                [*verdict];
                        stated(&id, verdict, &statements)
                    }
                })
                .collect();
            let claims: Vec<&ClaimReport> = claims.iter().collect();
            let options = TableOptions { color, width };
            let mut out = Vec::new();
            write_in_chunks(bundled(), &claims, options, chunk_rows, &mut out)
                .expect("writing into a Vec");
            prop_assert_eq!(
                String::from_utf8(out).expect("UTF-8"),
                one_table(bundled(), &claims, options)
            );
        }
    }
}
