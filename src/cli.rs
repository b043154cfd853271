//! The command line: argument parsing and the wiring of pipeline stages, nothing else.
//!
//! Exit status (stable, for CI): `0` success (for `check`: nothing failing), `1` `check` found
//! what `--fail-on` names, `2` a usage, configuration or input error.

use crate::claims::{self, Claim, ClaimSet, Severity, Status};
use crate::compare::Verdict;
use crate::extract::extract_text;
use crate::render::{self, ColorChoice, Format, display_value};
use crate::report::{self, ClaimReport, CorpusSummary};
use crate::scan::Outcome;
use crate::value::Kind;
use clap::{Args, Parser, Subcommand, ValueEnum};
use std::fmt::Write as _;
use std::io::{self, IsTerminal, Read, Write};
use std::path::PathBuf;
use std::process::ExitCode;

/// Cross-source fact-consistency checker: finds each claim in every article, reads the value
/// each source states, and reports where sources agree and where they contradict each other.
#[derive(Debug, Parser)]
#[command(name = "crosscheck", version, about, max_term_width = 100)]
pub struct Cli {
    /// The command to run.
    #[command(subcommand)]
    pub command: Command,
}

/// Every command.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Print the consistency report: every claim, its verdict, the values and their sources.
    Report(ReportArgs),
    /// Like `report`, but print only what fails and exit 1 when something does (a CI gate).
    Check(CheckArgs),
    /// Show every anchor match of one claim in every article: score, text, window, value.
    Explain(ExplainArgs),
    /// Check the claim files only (no corpus scan); exit 2 on any problem.
    Validate(ClaimsArgs),
    /// Print the values (quantities, years, dates) found in a text, one JSON object a line.
    Extract(ExtractArgs),
}

/// Arguments of `crosscheck extract`.
#[derive(Debug, Args)]
pub struct ExtractArgs {
    /// Only values of this kind (default: quantities, years and dates).
    #[arg(long, value_enum)]
    kind: Option<ExtractKind>,
    /// The text to read; `-` or nothing reads standard input.
    text: Option<String>,
}

/// The kinds `extract` can look for (choices need a claim, so they are not among them).
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
enum ExtractKind {
    /// Numbers, with their qualifier.
    Quantity,
    /// Years.
    Year,
    /// Full or partial dates.
    Date,
}

impl From<ExtractKind> for Kind {
    fn from(kind: ExtractKind) -> Kind {
        match kind {
            ExtractKind::Quantity => Kind::Quantity,
            ExtractKind::Year => Kind::Year,
            ExtractKind::Date => Kind::Date,
        }
    }
}

/// Where claims and corpus are.
#[derive(Debug, Args)]
pub struct ClaimsArgs {
    /// Folder of claim files (`*.yaml`, searched recursively).
    #[arg(long, value_name = "DIR", default_value = "claims")]
    pub claims: PathBuf,
    /// Folder of articles (`*.txt`, `*.md`, searched recursively).
    #[arg(long, value_name = "DIR", default_value = "corpus")]
    pub corpus: PathBuf,
}

/// Which claims to report and how.
#[derive(Debug, Args)]
pub struct ReportArgs {
    #[command(flatten)]
    paths: ClaimsArgs,
    /// Only this claim (repeat for several).
    #[arg(long = "claim", value_name = "ID")]
    claim_ids: Vec<String>,
    /// Only claims with these statuses (comma-separated: active,review,retired). Default:
    /// active and review; retired claims are skipped unless named here.
    #[arg(long, value_name = "STATUS", value_delimiter = ',', value_parser = parse_status)]
    status: Vec<Status>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Table)]
    format: Format,
    /// Colour the table: auto (a terminal, and NO_COLOR unset), always, never.
    #[arg(long, value_enum, default_value_t = ColorChoice::Auto, value_name = "WHEN")]
    color: ColorChoice,
}

/// `check`: the report options plus what fails.
#[derive(Debug, Args)]
pub struct CheckArgs {
    #[command(flatten)]
    report: ReportArgs,
    /// Verdicts that fail the check (comma-separated: conflict, single, unstated, missing).
    /// Only active claims of severity error can fail.
    #[arg(
        long,
        value_name = "VERDICTS",
        value_delimiter = ',',
        default_value = "conflict",
        value_parser = parse_fail_on
    )]
    fail_on: Vec<Verdict>,
}

/// `explain ID`.
#[derive(Debug, Args)]
pub struct ExplainArgs {
    /// The claim to explain.
    id: String,
    #[command(flatten)]
    paths: ClaimsArgs,
}

fn parse_status(text: &str) -> Result<Status, String> {
    Status::from_name(text.trim())
        .ok_or_else(|| format!("`{text}` is not a status; use active, review or retired"))
}

fn parse_fail_on(text: &str) -> Result<Verdict, String> {
    let name = text.trim();
    match Verdict::ALL.iter().find(|v| v.as_str() == name) {
        Some(Verdict::Accepted) | Some(Verdict::Agree) => Err(format!(
            "`{name}` cannot fail a check; use conflict, single, unstated or missing"
        )),
        Some(v) => Ok(*v),
        None => Err(format!(
            "`{name}` is not a verdict; use conflict, single, unstated or missing"
        )),
    }
}

/// A failure that ends the command with exit status 2 and a message for stderr.
#[derive(Debug)]
pub struct UsageError(pub String);

impl<E: std::fmt::Display> From<E> for UsageError {
    fn from(error: E) -> Self {
        UsageError(error.to_string())
    }
}

/// Parses the arguments and runs the command; the binary's whole `main`.
pub fn main() -> ExitCode {
    let cli = Cli::parse();
    match run(cli) {
        Ok(code) => code,
        Err(UsageError(message)) => {
            let _ = writeln!(io::stderr(), "{}", message.trim_end());
            ExitCode::from(2)
        }
    }
}

/// Runs a parsed command.
pub fn run(cli: Cli) -> Result<ExitCode, UsageError> {
    match cli.command {
        Command::Report(args) => report_command(&args, None),
        Command::Check(args) => report_command(&args.report, Some(&args.fail_on)),
        Command::Explain(args) => explain_command(&args),
        Command::Validate(args) => validate_command(&args),
        Command::Extract(args) => extract_command(&args),
    }
}

/// `crosscheck extract`: reads the text, prints one JSON line per value found.
fn extract_command(args: &ExtractArgs) -> Result<ExitCode, UsageError> {
    let text = match args.text.as_deref() {
        Some(text) if text != "-" => text.to_owned(),
        _ => {
            read_stdin().map_err(|message| UsageError(format!("crosscheck extract: {message}")))?
        }
    };
    let found = extract_text(&text, args.kind.map(Kind::from));
    let mut out = String::new();
    for value in &found {
        out.push_str(&value.to_json_line());
        out.push('\n');
    }
    print(&out);
    Ok(ExitCode::SUCCESS)
}

/// Reads all of standard input as UTF-8.
fn read_stdin() -> Result<String, String> {
    let mut bytes = Vec::new();
    io::stdin()
        .lock()
        .read_to_end(&mut bytes)
        .map_err(|error| format!("cannot read standard input: {error}"))?;
    String::from_utf8(bytes).map_err(|error| {
        format!(
            "standard input is not UTF-8 text (invalid byte at offset {}); convert it first, \
             e.g. with `iconv -f WINDOWS-1256 -t UTF-8`",
            error.utf8_error().valid_up_to()
        )
    })
}

fn load_claims(args: &ClaimsArgs) -> Result<ClaimSet, UsageError> {
    claims::load_claims(&args.claims).map_err(|errors| UsageError(errors.to_string()))
}

/// The claims `--claim` and `--status` select, in id order.
fn select(set: &ClaimSet, args: &ReportArgs) -> Result<Vec<Claim>, UsageError> {
    for id in &args.claim_ids {
        if set.get(id).is_none() {
            let mut message = format!("error: no claim has the id `{id}`");
            if let Some(near) = suggest_id(set, id) {
                let _ = write!(message, "; did you mean `{near}`?");
            }
            let _ = write!(
                message,
                "\nhelp: `crosscheck claim list` or `crosscheck validate` show the ids in `{}`",
                args.paths.claims.display()
            );
            return Err(UsageError(message));
        }
    }
    let statuses: &[Status] = if args.status.is_empty() {
        &[Status::Active, Status::Review]
    } else {
        &args.status
    };
    Ok(set
        .iter()
        .filter(|c| args.claim_ids.is_empty() || args.claim_ids.contains(&c.id))
        .filter(|c| statuses.contains(&c.status) || args.claim_ids.contains(&c.id))
        .cloned()
        .collect())
}

fn suggest_id<'a>(set: &'a ClaimSet, wanted: &str) -> Option<&'a str> {
    let ids: Vec<&str> = set.iter().map(|c| c.id.as_str()).collect();
    claims::did_you_mean(wanted, &ids)
}

fn warn_about(corpus: &CorpusSummary) {
    let mut stderr = io::stderr().lock();
    for skipped in &corpus.stats.skipped {
        let _ = writeln!(stderr, "warning: {skipped}");
    }
    for warning in &corpus.warnings {
        let _ = writeln!(stderr, "warning: {warning}");
    }
}

/// Whether a claim fails `check` under `fail_on`.
pub fn fails(report: &ClaimReport, fail_on: &[Verdict]) -> bool {
    report.claim.status == Status::Active
        && report.claim.severity == Severity::Error
        && fail_on.contains(&report.verdict())
}

fn report_command(args: &ReportArgs, fail_on: Option<&[Verdict]>) -> Result<ExitCode, UsageError> {
    let set = load_claims(&args.paths)?;
    let selected = select(&set, args)?;
    let report = report::build(&args.paths.corpus, &selected)?;
    warn_about(&report.corpus);
    let failing: Vec<&ClaimReport> = match fail_on {
        Some(fail_on) => report.claims.iter().filter(|c| fails(c, fail_on)).collect(),
        None => report.claims.iter().collect(),
    };
    let output = match args.format {
        Format::Json => render::json::render(&report),
        Format::Table => {
            let stdout_is_terminal = io::stdout().is_terminal();
            let options = render::table::TableOptions {
                color: args.color.enabled(stdout_is_terminal),
                width: terminal_width(),
            };
            render::table::render(&report, &failing, options)
        }
    };
    print(&output);
    let failed = fail_on.is_some() && !failing.is_empty();
    Ok(if failed {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}

/// The width to draw tables at: `COLUMNS` when set to a sensible number, else 80.
fn terminal_width() -> u16 {
    std::env::var("COLUMNS")
        .ok()
        .and_then(|c| c.trim().parse::<u16>().ok())
        .filter(|w| (40..=1000).contains(w))
        .unwrap_or(80)
}

/// Writes to stdout; a closed pipe (`crosscheck report | head -1`) ends quietly.
fn print(text: &str) {
    let mut stdout = io::stdout().lock();
    if let Err(error) = stdout
        .write_all(text.as_bytes())
        .and_then(|()| stdout.flush())
    {
        if error.kind() == io::ErrorKind::BrokenPipe {
            std::process::exit(0);
        }
        let _ = writeln!(io::stderr(), "crosscheck: cannot write the output: {error}");
        std::process::exit(2);
    }
}

fn explain_command(args: &ExplainArgs) -> Result<ExitCode, UsageError> {
    let set = load_claims(&args.paths)?;
    let Some(claim) = set.get(&args.id) else {
        let mut message = format!("error: no claim has the id `{}`", args.id);
        if let Some(near) = suggest_id(&set, &args.id) {
            let _ = write!(message, "; did you mean `{near}`?");
        }
        return Err(UsageError(message));
    };
    let scan = report::scan_corpus(&args.paths.corpus, &[claim])?;
    warn_about(&scan.corpus);
    let hits = report::hits(&scan);
    let articles = scan.corpus.stats.articles;
    let mut out = String::new();
    let _ = writeln!(
        out,
        "{} ({}, threshold {}, window {}, max_distance {})\n{}\nanchors: {}\n",
        claim.id,
        claim.kind,
        claim.threshold,
        claim.window,
        claim.max_distance,
        claim.title,
        claim.anchors.join(" | ")
    );
    if hits.is_empty() {
        let _ = writeln!(
            out,
            "No anchor matched in any of the {} articles. Try more anchors, other spellings, or \
             a lower `threshold`.",
            articles
        );
    }
    for sourced in &hits {
        let hit = &sourced.hit;
        let _ = writeln!(
            out,
            "{}:{}:{}  {}  score {:.3}  anchor «{}» matched «{}»",
            sourced.file.display(),
            hit.location.line,
            hit.location.column,
            sourced.source,
            hit.score,
            hit.anchor,
            hit.matched
        );
        let _ = writeln!(out, "    {}: {}", claim.window, hit.window);
        let outcome = match &hit.outcome {
            Outcome::Value(v) => format!(
                "value {} «{}» at {}:{}, {} word{} from the anchor",
                display_value(&v.value, v.qualifier),
                v.text,
                v.location.line,
                v.location.column,
                v.distance,
                if v.distance == 1 { "" } else { "s" }
            ),
            Outcome::AlreadyTaken(v) => format!(
                "value {} «{}» already taken by an earlier match in this sentence",
                display_value(&v.value, v.qualifier),
                v.text
            ),
            Outcome::TooFar {
                distance,
                max_distance,
            } => format!(
                "no value: the nearest {} is {distance} words away (max_distance {max_distance})",
                claim.kind
            ),
            Outcome::NoValue => format!("no value: no {} in the {}", claim.kind, claim.window),
        };
        let _ = writeln!(out, "    → {outcome}\n");
    }
    let report = report::assess(scan, &[claim]);
    if let Some(result) = report.claims.first() {
        let values: Vec<String> = result
            .observations
            .iter()
            .map(|o| display_value(&o.observed.value, o.observed.qualifier))
            .collect();
        let _ = writeln!(
            out,
            "verdict: {}{}",
            result.verdict(),
            if values.is_empty() {
                String::new()
            } else {
                format!(" ({})", values.join(", "))
            }
        );
    }
    print(&out);
    Ok(ExitCode::SUCCESS)
}

fn validate_command(args: &ClaimsArgs) -> Result<ExitCode, UsageError> {
    let set = load_claims(args)?;
    let mut files: Vec<&std::path::Path> = set.iter().map(|c| c.file.as_path()).collect();
    files.sort();
    files.dedup();
    print(&format!(
        "{} claim{} in {} file{} under `{}`: all valid\n",
        set.len(),
        if set.len() == 1 { "" } else { "s" },
        files.len(),
        if files.len() == 1 { "" } else { "s" },
        args.claims.display()
    ));
    Ok(ExitCode::SUCCESS)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fail_on_accepts_only_failing_verdicts() {
        assert_eq!(parse_fail_on("conflict"), Ok(Verdict::Conflict));
        assert_eq!(parse_fail_on(" missing"), Ok(Verdict::Missing));
        assert!(parse_fail_on("agree").unwrap_err().contains("cannot fail"));
        assert!(
            parse_fail_on("conflicts")
                .unwrap_err()
                .contains("not a verdict")
        );
    }
}
