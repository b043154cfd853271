//! `crosscheck claim new | list | promote | retire`: adding claims for review, listing them,
//! and moving them between `review`, `active` and `retired`.
//!
//! `claim new` writes `<claims>/<id>.yaml` with `status: review` — validated by the same rules
//! as `crosscheck validate` before anything is written, never over an existing file or id,
//! atomically — and then shows what the new claim finds in the corpus, so its author sees at
//! once whether the anchors are too loose or too strict. `promote` and `retire` change only
//! the claim's `status` line (see [`crate::claims::edit`]).

use super::{ClaimsArgs, UsageError, load_claims, print, suggest_id, warn_about};
use crate::claims::edit::{self, NewClaim};
use crate::claims::{self, Claim, ClaimErrors, ClaimSet, Status};
use crate::compare::Verdict;
use crate::render::display_value;
use crate::report::{self, ClaimReport};
use crate::safe_write::{self, Overwrite};
use clap::{Args, Subcommand};
use comfy_table::presets::NOTHING;
use comfy_table::{ContentArrangement, Table};
use std::fmt::Write as _;
use std::io::{self, IsTerminal};
use std::path::Path;
use std::process::ExitCode;

/// `crosscheck claim …`.
#[derive(Debug, Args)]
pub struct ClaimArgs {
    /// What to do with claims.
    #[command(subcommand)]
    pub command: ClaimCommand,
}

/// The `claim` subcommands.
#[derive(Debug, Subcommand)]
pub enum ClaimCommand {
    /// Write a new claim to `<claims>/<id>.yaml` with status review, then show what it finds
    /// in the corpus. Asks for missing fields on a terminal.
    New(NewArgs),
    /// List the claims: id, kind, status, severity, verdict on the corpus, file.
    List(ListArgs),
    /// Set a claim's status to active, so `check` fails on it (changes only that line).
    Promote(StatusArgs),
    /// Set a claim's status to retired, so it is no longer checked (changes only that line).
    Retire(StatusArgs),
}

/// Options of `claim new`.
#[derive(Debug, Args)]
pub struct NewArgs {
    #[command(flatten)]
    paths: ClaimsArgs,
    /// The claim's id: lowercase letters, digits and `-`; the file is `<claims>/<id>.yaml`.
    #[arg(long, value_name = "ID")]
    id: Option<String>,
    /// What the claim asks for: quantity, year, date or choice.
    #[arg(long, value_name = "KIND")]
    kind: Option<String>,
    /// A phrase that locates the claim in an article (repeat for several).
    #[arg(long = "anchor", value_name = "PHRASE", allow_hyphen_values = true)]
    anchors: Vec<String>,
    /// A one-line description of the fact.
    #[arg(long, value_name = "TEXT", allow_hyphen_values = true)]
    title: Option<String>,
    /// For kind choice: a label and the phrases that name it (repeat for each alternative).
    #[arg(
        long = "choice",
        value_name = "LABEL=PHRASE[,PHRASE…]",
        allow_hyphen_values = true
    )]
    choices: Vec<String>,
    /// Unit shown next to quantities.
    #[arg(long, value_name = "UNIT")]
    unit: Option<String>,
    /// How far two quantities may differ and still agree: `5%` or an amount such as `1000`.
    #[arg(long, value_name = "TOLERANCE")]
    tolerance: Option<String>,
    /// Where the value is read: clause (default) or sentence.
    #[arg(long, value_name = "WINDOW")]
    window: Option<String>,
    /// Do not scan the corpus after writing the claim.
    #[arg(long)]
    no_preview: bool,
}

/// Options of `claim list`.
#[derive(Debug, Args)]
pub struct ListArgs {
    #[command(flatten)]
    paths: ClaimsArgs,
    /// Only claims with these statuses (comma-separated: active,review,retired).
    #[arg(long, value_name = "STATUS", value_delimiter = ',', value_parser = parse_status)]
    status: Vec<Status>,
    /// Do not scan the corpus (no verdict column).
    #[arg(long)]
    no_scan: bool,
}

/// Options of `claim promote` and `claim retire`.
#[derive(Debug, Args)]
pub struct StatusArgs {
    /// The claim's id.
    #[arg(value_name = "ID")]
    id: String,
    /// Edit the claim file even when it is read-only (mode `0444`); it stays read-only.
    #[arg(long)]
    force: bool,
    #[command(flatten)]
    paths: ClaimsArgs,
}

use super::parse_status;

/// Runs a `claim` subcommand.
pub(crate) fn claim_command(args: &ClaimArgs) -> Result<ExitCode, UsageError> {
    match &args.command {
        ClaimCommand::New(args) => new_command(args),
        ClaimCommand::List(args) => list_command(args),
        ClaimCommand::Promote(args) => status_command(args, Status::Active),
        ClaimCommand::Retire(args) => status_command(args, Status::Retired),
    }
}

// ---------------------------------------------------------------------------------------------
// claim new

/// The option that sets each key of a new claim, for messages.
fn option_for(key: &str) -> &'static str {
    match key {
        "id" => "--id",
        "title" => "--title",
        "kind" => "--kind",
        "anchors" => "--anchor",
        "unit" => "--unit",
        "tolerance" => "--tolerance",
        "window" => "--window",
        "choices" => "--choice",
        _ => "the options",
    }
}

/// `LABEL=PHRASE[,PHRASE…]`.
fn parse_choice(text: &str) -> Result<(String, Vec<String>), String> {
    let (label, phrases) = text
        .split_once('=')
        .ok_or_else(|| format!("`--choice {text}` has no `=`"))?;
    let phrases: Vec<String> = phrases
        .split(',')
        .map(str::trim)
        .filter(|p| !p.is_empty())
        .map(str::to_string)
        .collect();
    if label.trim().is_empty() || phrases.is_empty() {
        return Err(format!(
            "`--choice {text}` needs a label and at least one phrase"
        ));
    }
    Ok((label.trim().to_string(), phrases))
}

const CHOICE_HELP: &str = "write `--choice LABEL=PHRASE[,PHRASE…]`, e.g. \
                           `--choice smith=Jane Smith,Ms Smith`";

/// The fields of the new claim from the options, asking for missing ones on a terminal.
fn gather(args: &NewArgs, existing: &ClaimSet) -> Result<NewClaim, UsageError> {
    let mut claim = NewClaim {
        id: args.id.clone().unwrap_or_default().trim().to_string(),
        title: args.title.clone().unwrap_or_default().trim().to_string(),
        kind: args.kind.clone().unwrap_or_default().trim().to_string(),
        anchors: args
            .anchors
            .iter()
            .map(|a| a.trim().to_string())
            .filter(|a| !a.is_empty())
            .collect(),
        choices: Vec::new(),
        unit: args.unit.clone(),
        tolerance: args.tolerance.clone(),
        window: args.window.clone(),
    };
    for choice in &args.choices {
        let parsed = parse_choice(choice)
            .map_err(|e| UsageError(format!("error: {e}\nhelp: {CHOICE_HELP}")))?;
        claim.choices.push(parsed);
    }
    let missing = missing_options(&claim);
    if missing.is_empty() {
        return Ok(claim);
    }
    if !io::stdin().is_terminal() {
        let list: Vec<String> = missing.iter().map(|m| format!("`{m}`")).collect();
        return Err(UsageError(format!(
            "error: `claim new` needs {} (no terminal to ask on, so nothing was written)\n\
             help: give every field as an option, e.g.\n  \
             crosscheck claim new --id artillery-shells --kind quantity --title \"Artillery \
             shells supplied to Russia\" --anchor \"قذائف مدفعية\" --anchor \"قذيفة مدفعية\"",
            join_and(&list)
        )));
    }
    prompt_missing(&mut claim, existing, &args.paths.claims)?;
    Ok(claim)
}

/// The options a new claim still needs, in the order they are asked for.
fn missing_options(claim: &NewClaim) -> Vec<&'static str> {
    let mut missing = Vec::new();
    if claim.id.is_empty() {
        missing.push("--id");
    }
    if claim.kind.is_empty() {
        missing.push("--kind");
    }
    if claim.anchors.is_empty() {
        missing.push("--anchor");
    }
    if claim.title.is_empty() {
        missing.push("--title");
    }
    if claim.kind == "choice" && claim.choices.is_empty() {
        missing.push("--choice");
    }
    missing
}

/// Asks on the terminal for each field still missing, checking answers as they come. Ctrl-D
/// (the end of input) finishes a list of anchors or choices; for a field still needed, it
/// ends the command with nothing written.
fn prompt_missing(
    claim: &mut NewClaim,
    existing: &ClaimSet,
    claims_dir: &Path,
) -> Result<(), UsageError> {
    let terminal = Terminal;
    if claim.id.is_empty() {
        claim.id = terminal.require("Id (lowercase letters, digits and -)", |id| {
            id_problem(id, existing, claims_dir).map_or(Ok(()), Err)
        })?;
    }
    if claim.kind.is_empty() {
        claim.kind = terminal.require("Kind (quantity, year, date or choice)", |kind| {
            if crate::value::Kind::ALL.iter().any(|k| k.as_str() == kind) {
                Ok(())
            } else {
                Err("type quantity, year, date or choice".to_string())
            }
        })?;
    }
    if claim.anchors.is_empty() {
        claim
            .anchors
            .push(terminal.require("Anchor phrase", |anchor| {
                if anchor.is_empty() {
                    Err("type a phrase the articles use for this fact".to_string())
                } else {
                    Ok(())
                }
            })?);
        while let Some(anchor) =
            terminal.ask("Another anchor phrase (empty to finish)", |_| Ok(()))?
        {
            if anchor.is_empty() {
                break;
            }
            claim.anchors.push(anchor);
        }
    }
    if claim.title.is_empty() {
        claim.title = terminal.require("Title (one line)", |title| {
            if title.is_empty() {
                Err("write a one-line description of the fact".to_string())
            } else {
                Ok(())
            }
        })?;
    }
    if claim.kind == "choice" && claim.choices.is_empty() {
        let check = |text: &str| parse_choice(text).map(drop);
        let first = terminal.require("Choice (LABEL=PHRASE[,PHRASE…])", check)?;
        claim.choices.extend(parse_choice(&first).ok());
        while let Some(choice) = terminal.ask("Another choice (empty to finish)", |text| {
            if text.is_empty() { Ok(()) } else { check(text) }
        })? {
            if choice.is_empty() {
                break;
            }
            claim.choices.extend(parse_choice(&choice).ok());
        }
    }
    Ok(())
}

/// Questions on the terminal: each prompt on stderr, each answer a line of standard input,
/// read as the terminal hands it over (its own line editing; Ctrl-D ends the input).
#[derive(Default)]
struct Terminal;

impl Terminal {
    /// Asks until `check` accepts the answer (trimmed); `None` at the end of input.
    fn ask(
        &self,
        prompt: &str,
        check: impl Fn(&str) -> Result<(), String>,
    ) -> Result<Option<String>, UsageError> {
        use std::io::{BufRead, Write};
        let failed = |error: io::Error| {
            UsageError(format!(
                "error: cannot read the answer: {error}, so nothing was written\nhelp: give the \
                 fields as options (`--id`, `--kind`, `--anchor`, `--title`)"
            ))
        };
        loop {
            let mut stderr = io::stderr().lock();
            let _ = write!(stderr, "{prompt}: ");
            let _ = stderr.flush();
            drop(stderr);
            let mut line = String::new();
            if io::stdin().lock().read_line(&mut line).map_err(failed)? == 0 {
                // Ctrl-D: the prompt's line is ended for the next output.
                let _ = writeln!(io::stderr());
                return Ok(None);
            }
            let answer = line.trim();
            match check(answer) {
                Ok(()) => return Ok(Some(answer.to_owned())),
                Err(problem) => {
                    let _ = writeln!(io::stderr(), "  {problem}");
                }
            }
        }
    }

    /// [`Terminal::ask`] for a field the claim cannot do without: the end of input is an
    /// error, and nothing is written.
    fn require(
        &self,
        prompt: &str,
        check: impl Fn(&str) -> Result<(), String>,
    ) -> Result<String, UsageError> {
        let field = prompt.split(" (").next().unwrap_or(prompt).to_lowercase();
        self.ask(prompt, check)?.ok_or_else(|| {
            UsageError(format!(
                "error: the input ended (Ctrl-D) before the claim's {field} was given, so \
                 nothing was written\nhelp: run `crosscheck claim new` again, or give every \
                 field as an option (`--id`, `--kind`, `--anchor`, `--title`)"
            ))
        })
    }
}

/// Why `id` cannot be the id of a new claim, if it cannot.
fn id_problem(id: &str, existing: &ClaimSet, claims_dir: &Path) -> Option<String> {
    if id.is_empty() {
        return Some("type an id such as artillery-shells".to_string());
    }
    if !id
        .chars()
        .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
    {
        return Some("use only lowercase letters a-z, digits and -".to_string());
    }
    if let Some(claim) = existing.get(id) {
        return Some(format!(
            "`{id}` is already the id of the claim in {}:{}",
            claim.file.display(),
            claim.line
        ));
    }
    let target = claims_dir.join(format!("{id}.yaml"));
    if target.symlink_metadata().is_ok() {
        return Some(format!("`{}` already exists", target.display()));
    }
    None
}

/// The claims already in the folder: none when it does not exist or holds no claim file yet.
/// A folder with problems is an error: a new id cannot be checked against a broken file.
pub(crate) fn existing_claims(dir: &Path) -> Result<ClaimSet, UsageError> {
    match dir.symlink_metadata() {
        Err(error) if error.kind() == io::ErrorKind::NotFound => return Ok(ClaimSet::default()),
        Err(error) => {
            return Err(UsageError(format!(
                "error: cannot read the claims folder `{}`: {error}",
                dir.display()
            )));
        }
        Ok(_) if !dir.is_dir() => {
            return Err(UsageError(format!(
                "error: `{}` is not a folder, so no claim can be written in it\n\
                 help: pass the folder of claim files with `--claims DIR`",
                dir.display()
            )));
        }
        Ok(_) => {}
    }
    if !has_claim_files(dir) {
        return Ok(ClaimSet::default());
    }
    claims::load_claims(dir).map_err(|errors| {
        UsageError(format!(
            "{errors}\n\nerror: the claims folder `{}` has problems, so no new claim was \
             written (its id could not be checked against them)\nhelp: fix them first; \
             `crosscheck validate` lists them",
            dir.display()
        ))
    })
}

/// Whether `dir` holds any claim file (`*.yaml`, `*.yml`, outside hidden folders), as
/// [`claims::load_claims`] would find them.
fn has_claim_files(dir: &Path) -> bool {
    walkdir::WalkDir::new(dir)
        .follow_links(true)
        .into_iter()
        .filter_entry(|e| e.depth() == 0 || !e.file_name().to_string_lossy().starts_with('.'))
        // An unreadable entry counts: loading reports it.
        .any(|entry| match entry {
            Ok(entry) => {
                entry.file_type().is_file()
                    && entry.path().extension().is_some_and(|ext| {
                        ext.eq_ignore_ascii_case("yaml") || ext.eq_ignore_ascii_case("yml")
                    })
            }
            Err(_) => true,
        })
}

/// The validator's problems with a new claim, each named by the option it came from.
fn new_claim_problems(errors: &ClaimErrors, lines: &edit::KeyLines) -> String {
    let mut out = String::new();
    for error in &errors.errors {
        let key = lines
            .iter()
            .find(|(line, _)| *line == error.line)
            .map_or("the options", |(_, key)| option_for(key));
        let _ = writeln!(out, "error: {} (from `{key}`)", error.message);
        if let Some(help) = &error.help {
            let _ = writeln!(out, "  = help: {help}");
        }
    }
    out
}

fn new_command(args: &NewArgs) -> Result<ExitCode, UsageError> {
    let dir = &args.paths.claims;
    let existing = existing_claims(dir)?;
    let claim = gather(args, &existing)?;
    let (text, lines) = edit::new_claim_yaml(&claim);
    let target = dir.join(format!("{}.yaml", claim.id));

    // The same rules as `validate`, on the very text to be written.
    let parsed = claims::parse_claims_str(&target, &text).map_err(|errors| {
        UsageError(format!(
            "{}error: the new claim is not valid, so nothing was written",
            new_claim_problems(&errors, &lines)
        ))
    })?;
    let Some(new) = parsed.into_iter().next() else {
        return Err(UsageError(
            "error: the new claim could not be read back; nothing was written".to_string(),
        ));
    };
    if let Some(other) = existing.get(&new.id) {
        return Err(UsageError(format!(
            "error: the id `{}` is already used by the claim at {}:{}, so nothing was written\n\
             help: choose another id (ids are unique across all claim files)",
            new.id,
            other.file.display(),
            other.line
        )));
    }
    if target.symlink_metadata().is_ok() {
        return Err(UsageError(format!(
            "error: `{}` already exists, so nothing was written\nhelp: choose another id, or \
             edit that file by hand",
            target.display()
        )));
    }

    super::warn_about_slow_claims([&new]);
    super::warn_about_broken_plurals([&new]);
    // Scan before writing, so a wrong `--corpus` is found before there is a file to undo.
    let preview = if args.no_preview {
        None
    } else {
        let report =
            report::build(&args.paths.corpus, std::slice::from_ref(&new)).map_err(|e| {
                let UsageError(message) = super::corpus_error(e);
                UsageError(format!(
                    "error: {message}\nerror: cannot show what the new claim finds, so nothing \
                     was written\nhelp: point to the articles with `--corpus DIR`, or write the \
                     claim without a scan with `--no-preview`"
                ))
            })?;
        Some(report)
    };

    if !dir.exists() {
        std::fs::create_dir_all(dir).map_err(|error| {
            UsageError(format!(
                "error: cannot create the claims folder `{}`: {error}",
                dir.display()
            ))
        })?;
    }
    safe_write::write_atomic_within(dir, &target, text.as_bytes(), Overwrite::Refuse)
        .map_err(|error| UsageError(format!("error: {error}")))?;

    let mut out = format!("Wrote {} with status review.\n", target.display());
    match &preview {
        Some(report) => {
            warn_about(&report.corpus);
            if let Some(claim_report) = report.claims.first() {
                out.push('\n');
                out.push_str(&preview_text(
                    claim_report,
                    &args.paths.corpus,
                    report.corpus.stats.articles,
                ));
            }
        }
        None => {
            let _ = writeln!(
                out,
                "\nSee what it finds: crosscheck explain {} (or crosscheck report --claim {})",
                new.id, new.id
            );
        }
    }
    print(&out);
    Ok(ExitCode::SUCCESS)
}

/// What a new claim finds: every source with its value and evidence, mentions without a value,
/// the verdict it would have, and what to do next.
pub(crate) fn preview_text(report: &ClaimReport, corpus: &Path, articles: usize) -> String {
    let claim = &report.claim;
    let mut out = format!(
        "What `{}` finds in `{}` ({articles} article{}):\n",
        claim.id,
        corpus.display(),
        if articles == 1 { "" } else { "s" }
    );
    for o in &report.observations {
        let _ = writeln!(
            out,
            "  {}  {}  {}:{}:{}",
            display_value(&o.observed.value, o.observed.qualifier),
            o.source,
            o.file.display(),
            o.observed.location.line,
            o.observed.location.column
        );
        let _ = writeln!(
            out,
            "      read \"{}\" near anchor \"{}\" (score {:.2})",
            o.observed.text, o.anchor, o.score
        );
        let _ = writeln!(out, "      evidence: {}", one_line(&o.evidence, 160));
    }
    for m in &report.mentions {
        let _ = writeln!(
            out,
            "  mention without a {}  {}  {}:{}:{}  (anchor \"{}\")",
            claim.kind,
            m.source,
            m.file.display(),
            m.location.line,
            m.location.column,
            m.anchor
        );
    }
    if report.observations.is_empty() && report.mentions.is_empty() {
        out.push_str("  no article matches an anchor\n");
    }
    let verdict = report.verdict();
    let _ = writeln!(out, "\nVerdict: {verdict} — {}", verdict_meaning(report));
    let _ = writeln!(out, "{}", next_step(report));
    out
}

fn verdict_meaning(report: &ClaimReport) -> String {
    let mut values: Vec<String> = Vec::new();
    for o in &report.observations {
        let shown = display_value(&o.observed.value, o.observed.qualifier);
        if !values.contains(&shown) {
            values.push(shown);
        }
    }
    match report.verdict() {
        Verdict::Conflict => format!(
            "the sources state values that do not agree: {}",
            values.join(", ")
        ),
        Verdict::Accepted => "a conflict between values already accepted".to_string(),
        Verdict::Agree => format!("every source that states it agrees: {}", values.join(", ")),
        Verdict::Single => format!("one source states it: {}", values.join(", ")),
        Verdict::Unstated => format!(
            "articles mention it, but no {} was read near an anchor",
            report.claim.kind
        ),
        Verdict::Missing => "no article matches an anchor".to_string(),
    }
}

fn next_step(report: &ClaimReport) -> String {
    let id = &report.claim.id;
    let explain =
        format!("  - crosscheck explain {id} shows every anchor match and the window searched");
    let promote = format!("  - when the readings are right: crosscheck claim promote {id}");
    let steps = match report.verdict() {
        Verdict::Missing => vec![
            "  - the anchors may be too strict: add the spellings the articles use, or a lower \
             `threshold`"
                .to_string(),
            explain,
        ],
        Verdict::Unstated => vec![
            "  - the value may be further from the anchor: try `window: sentence` or a larger \
             `max_distance`"
                .to_string(),
            explain,
        ],
        Verdict::Conflict => vec![
            "  - check each reading above: a loose anchor can pick up another fact".to_string(),
            promote,
            format!(
                "  - once promoted, `check` fails on this conflict; if the values are different \
                 facts, record that: crosscheck accept {id} --reason \"…\""
            ),
        ],
        Verdict::Accepted | Verdict::Agree | Verdict::Single => vec![promote],
    };
    format!("\nNext:\n{}", steps.join("\n"))
}

/// `text` on one line, cut to `max` characters.
fn one_line(text: &str, max: usize) -> String {
    let joined = text.split_whitespace().collect::<Vec<_>>().join(" ");
    if joined.chars().count() > max {
        let cut: String = joined.chars().take(max).collect();
        format!("{cut}…")
    } else {
        joined
    }
}

/// "`a`", "`a` and `b`", "`a`, `b` and `c`".
fn join_and(items: &[String]) -> String {
    match items.split_last() {
        Some((last, rest)) if !rest.is_empty() => format!("{} and {last}", rest.join(", ")),
        Some((last, _)) => last.clone(),
        None => String::new(),
    }
}

// ---------------------------------------------------------------------------------------------
// claim list

fn list_command(args: &ListArgs) -> Result<ExitCode, UsageError> {
    let set = load_claims(&args.paths)?;
    let selected: Vec<Claim> = set
        .iter()
        .filter(|c| args.status.is_empty() || args.status.contains(&c.status))
        .cloned()
        .collect();
    let report = if args.no_scan || selected.is_empty() {
        None
    } else {
        super::warn_about_slow_claims(&selected);
        let report = report::build(&args.paths.corpus, &selected).map_err(super::corpus_error)?;
        warn_about(&report.corpus);
        Some(report)
    };
    // One line per claim, never wrapped, so ids can be copied and lines searched with grep;
    // a line is as wide as the longest id and file need.
    let mut table = Table::new();
    table
        .load_style(NOTHING)
        .set_content_arrangement(ContentArrangement::Disabled)
        .force_no_tty();
    let mut header = vec!["id", "kind", "status", "severity"];
    if report.is_some() {
        header.push("verdict");
    }
    header.push("file");
    table.set_header(header);
    for claim in &selected {
        let mut row = vec![
            claim.id.clone(),
            claim.kind.to_string(),
            claim.status.to_string(),
            claim.severity.to_string(),
        ];
        if let Some(report) = &report {
            let verdict = report
                .claims
                .iter()
                .find(|r| r.claim.id == claim.id)
                .map_or("— (retired)".to_string(), |r| r.verdict().to_string());
            row.push(verdict);
        }
        row.push(format!("{}:{}", claim.file.display(), claim.line));
        table.add_row(row);
    }
    let mut out = String::new();
    if !selected.is_empty() {
        // Each line starts with the first column's padding space; drop it with the trailing
        // padding.
        for line in table.to_string().lines() {
            let line = line.strip_prefix(' ').unwrap_or(line);
            let _ = writeln!(out, "{}", line.trim_end());
        }
    }
    let count = |status: Status| selected.iter().filter(|c| c.status == status).count();
    let _ = writeln!(
        out,
        "{} claim{}: {} active, {} review, {} retired",
        selected.len(),
        if selected.len() == 1 { "" } else { "s" },
        count(Status::Active),
        count(Status::Review),
        count(Status::Retired)
    );
    print(&out);
    Ok(ExitCode::SUCCESS)
}

// ---------------------------------------------------------------------------------------------
// claim promote / retire

/// The claim with `id`, or an error with a "did you mean".
pub(crate) fn find_claim<'s>(
    set: &'s ClaimSet,
    id: &str,
    claims_dir: &Path,
) -> Result<&'s Claim, UsageError> {
    set.get(id).ok_or_else(|| {
        let mut message = format!("error: no claim has the id `{id}`");
        if let Some(near) = suggest_id(set, id) {
            let _ = write!(message, "; did you mean `{near}`?");
        }
        let _ = write!(
            message,
            "\nhelp: `crosscheck claim list` shows the ids in `{}`",
            claims_dir.display()
        );
        UsageError(message)
    })
}

/// The text of a claim file, for editing.
fn read_claim_file(path: &Path) -> Result<String, UsageError> {
    let bytes = std::fs::read(path)
        .map_err(|error| UsageError(format!("error: cannot read `{}`: {error}", path.display())))?;
    String::from_utf8(bytes).map_err(|_| {
        UsageError(format!(
            "error: `{}` is not valid UTF-8\nhelp: save it as UTF-8",
            path.display()
        ))
    })
}

/// How long an edit waits for another command editing the same claim file: far longer than
/// an edit takes (milliseconds), short enough that a stuck holder is reported.
const LOCK_WAIT: std::time::Duration = std::time::Duration::from_secs(5);

/// Edits a claim file: `edit` makes the new text from the file's text, read under an
/// exclusive lock held until the new text has replaced the file, atomically, so two commands
/// editing one file one after the other each keep the other's edit. Refuses a read-only file
/// (mode `0444`) unless `force`, and to write anywhere but inside the claims folder
/// `claims_dir` (a linked sub-folder must not carry the edit out).
pub(crate) fn edit_claim_file(
    claims_dir: &Path,
    path: &Path,
    force: bool,
    edit: impl FnOnce(&str) -> Result<edit::Edited, UsageError>,
) -> Result<edit::Edited, UsageError> {
    if !force && safe_write::is_read_only(path) {
        return Err(UsageError(format!(
            "error: `{}` is read-only, so it was not changed\nhelp: make it writable \
             (`chmod u+w`), or pass `--force` to edit it anyway (it stays read-only)",
            crate::escape::control_chars(&path.display().to_string())
        )));
    }
    let _lock = safe_write::lock_for_edit(path, LOCK_WAIT)
        .map_err(|error| UsageError(format!("error: {error}\nthe file was not changed")))?;
    let text = read_claim_file(path)?;
    let edited = edit(&text)?;
    // `--claims` may name the claim file itself: it stays in its own folder.
    let root = match claims_dir.parent() {
        Some(parent) if claims_dir.is_file() && !parent.as_os_str().is_empty() => parent,
        _ if claims_dir.is_file() => Path::new("."),
        _ => claims_dir,
    };
    if edited.text != text {
        safe_write::write_atomic_within(root, path, edited.text.as_bytes(), Overwrite::Allow)
            .map_err(|error| UsageError(format!("error: {error}\nthe file was not changed")))?;
    }
    Ok(edited)
}

fn status_command(args: &StatusArgs, status: Status) -> Result<ExitCode, UsageError> {
    let set = load_claims(&args.paths)?;
    let claim = find_claim(&set, &args.id, &args.paths.claims)?;
    let verb = match status {
        Status::Active => "Promoted",
        Status::Retired => "Retired",
        Status::Review => "Set to review",
    };
    if claim.status == status {
        print(&format!(
            "`{}` is already {status} ({}:{}); nothing changed.\n",
            claim.id,
            claim.file.display(),
            claim.line
        ));
        return Ok(ExitCode::SUCCESS);
    }
    let edited = edit_claim_file(&args.paths.claims, &claim.file, args.force, |text| {
        edit::set_status(&claim.file, text, &claim.id, status)
            .map_err(|error| UsageError(error.to_string()))
    })?;
    let mut out = format!(
        "{verb} `{}`: status {} → {status} ({}:{})\n",
        claim.id,
        claim.status,
        claim.file.display(),
        edited.line
    );
    match status {
        Status::Active => out
            .push_str("`crosscheck check` now fails when its sources conflict (severity error).\n"),
        Status::Retired => out.push_str("Reports and `check` now skip it.\n"),
        Status::Review => {}
    }
    print(&out);
    Ok(ExitCode::SUCCESS)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn choices_are_label_equals_phrases() {
        assert_eq!(
            parse_choice("smith=Jane Smith, Ms Smith"),
            Ok((
                "smith".to_string(),
                vec!["Jane Smith".to_string(), "Ms Smith".to_string()]
            ))
        );
        assert_eq!(
            parse_choice("vostochny=فوستوتشني"),
            Ok(("vostochny".to_string(), vec!["فوستوتشني".to_string()]))
        );
        assert!(parse_choice("smith").unwrap_err().contains("has no `=`"));
        assert!(parse_choice("=Jane").unwrap_err().contains("needs a label"));
        assert!(
            parse_choice("smith=, ")
                .unwrap_err()
                .contains("at least one phrase")
        );
    }

    #[test]
    fn missing_fields_are_named_in_order() {
        let mut claim = NewClaim::default();
        assert_eq!(
            missing_options(&claim),
            vec!["--id", "--kind", "--anchor", "--title"]
        );
        claim.kind = "choice".to_string();
        claim.id = "x".to_string();
        assert_eq!(
            missing_options(&claim),
            vec!["--anchor", "--title", "--choice"]
        );
        assert_eq!(
            join_and(&[
                "`--id`".to_string(),
                "`--kind`".to_string(),
                "`--title`".to_string()
            ]),
            "`--id`, `--kind` and `--title`"
        );
    }

    #[test]
    fn evidence_is_shown_on_one_line() {
        assert_eq!(one_line("a\n  b\tc", 10), "a b c");
        assert_eq!(one_line("قذيفة مدفعية", 5), "قذيفة…");
    }
}
