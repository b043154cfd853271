//! The command line: argument parsing and the wiring of pipeline stages, nothing else.
//!
//! One module per command; this one holds what they share. Exit status (stable, for CI):
//! `0` success (for `check`: nothing failing), `1` `check` found what `--fail-on` names, `2` a
//! usage, configuration or input error.

mod accept;
mod claim;
pub mod config;
mod explain;
mod extract;
mod init;
mod report;
mod scan;
mod suggest;
mod validate;

use crate::claims::{self, Claim, ClaimSet, DEFAULT_THRESHOLD, Status};
use crate::corpus::{CorpusError, SkipReason};
use crate::report::CorpusSummary;
use clap::{Args, CommandFactory, FromArgMatches, Parser, Subcommand};
use std::io::{self, Write};
use std::path::PathBuf;
use std::process::ExitCode;

pub use crate::report::gate::fails;

/// Cross-source fact-consistency checker: finds each claim in every article, reads the value
/// each source states, and reports where sources agree and where they contradict each other.
#[derive(Debug, Parser)]
#[command(name = "crosscheck", version, about, max_term_width = 100)]
pub struct Cli {
    /// The command to run.
    #[command(subcommand)]
    pub command: Command,
    /// Limits on the input, accepted by every command.
    #[command(flatten)]
    pub limits: LimitArgs,
    /// Which field of a JSON Lines record or CSV/TSV column holds the text or a name, e.g.
    /// `--field text=article_body` (names: text, url, source, published, language, title);
    /// repeat for several. Default: text/body/content, url, source/site, published/date,
    /// language/lang, title.
    #[arg(
        long = "field",
        global = true,
        help_heading = "Corpus",
        value_name = "NAME=FIELD",
        value_parser = parse_field_mapping
    )]
    pub fields: Vec<String>,
}

/// A `--status` value.
pub(crate) fn parse_status(text: &str) -> Result<Status, String> {
    let name = text.trim();
    Status::from_name(name).ok_or_else(|| {
        format!(
            "`{name}` is not a status;{} use active, review or retired",
            did_you_mean_text(name, &["active", "review", "retired"])
        )
    })
}

/// ` did you mean `x`?` when `given` is close to one of `names`, else nothing.
pub(crate) fn did_you_mean_text(given: &str, names: &[&str]) -> String {
    claims::did_you_mean(given, names)
        .map(|near| format!(" did you mean `{near}`?"))
        .unwrap_or_default()
}

/// Checks one `--field` mapping (it is applied with the others by [`apply_field_map`]).
fn parse_field_mapping(mapping: &str) -> Result<String, String> {
    crate::corpus::FieldMap::default().set(mapping)?;
    Ok(mapping.to_owned())
}

/// Sets the process's field mapping from the `--field` options (before any file is read).
fn apply_field_map(mappings: &[String]) {
    if mappings.is_empty() {
        return;
    }
    let mut map = crate::corpus::FieldMap::default();
    for mapping in mappings {
        // Each was checked by `parse_field_mapping`.
        let _ = map.set(mapping);
    }
    crate::corpus::set_field_map(map);
}

/// The limits a user may raise (see [`crate::limits`]; the others are fixed).
#[derive(Debug, Args)]
pub struct LimitArgs {
    /// Largest article file read, e.g. `512M` or `2G` (K, M, G are powers of 1024); larger
    /// files are skipped with a warning. Default 256M.
    #[arg(
        long,
        global = true,
        help_heading = "Limits",
        value_name = "SIZE",
        value_parser = crate::limits::parse_byte_size
    )]
    pub max_article_bytes: Option<u64>,
    /// Most claims loaded from the claims folder; more is an error. Default 10000.
    #[arg(
        long,
        global = true,
        help_heading = "Limits",
        value_name = "N",
        value_parser = clap::value_parser!(u64).range(1..)
    )]
    pub max_claims: Option<u64>,
}

impl LimitArgs {
    /// Sets the process-wide limits these options name (before any file is read).
    pub fn apply(&self) {
        if let Some(bytes) = self.max_article_bytes {
            crate::limits::set_max_article_bytes(bytes);
        }
        if let Some(claims) = self.max_claims {
            crate::limits::set_max_claims(usize::try_from(claims).unwrap_or(usize::MAX));
        }
    }
}

/// Every command.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Print the consistency report: every claim, its verdict, the values and their sources.
    Report(report::ReportArgs),
    /// Like `report`, but print only what fails and exit 1 when something does (a CI gate).
    Check(report::CheckArgs),
    /// Show every anchor match of one claim in every article: score, text, window, value.
    Explain(explain::ExplainArgs),
    /// Check the claim files only (no corpus scan); exit 2 on any problem.
    Validate(ClaimsArgs),
    /// Print the values (quantities, years, dates) found in a text, one JSON object a line.
    Extract(extract::ExtractArgs),
    /// Add, list, promote and retire claims: `claim new`, `claim list`, `claim promote ID`,
    /// `claim retire ID`.
    Claim(claim::ClaimArgs),
    /// Record a reviewed conflict in a claim (`accepted:`), so `check` stops failing on it
    /// until a new value appears.
    Accept(accept::AcceptArgs),
    /// Propose claims for the figures two or more sources state about the same thing, found
    /// with no claim at all, disagreements first (each verified by the scan).
    Suggest(suggest::SuggestArgs),
    /// Scan one shard of the corpus (`--shard K/N`) and write its findings to a file
    /// (`--emit FILE`), for `report --from` / `check --from` to merge (docs/shards.md).
    Scan(scan::ScanCommandArgs),
    /// Start a project: `crosscheck.toml`, a claims folder with a starter claim, and a corpus
    /// folder with an example article. Never overwrites.
    Init(init::InitArgs),
    /// Print the shell completion script, e.g. `crosscheck completions bash >
    /// ~/.local/share/bash-completion/completions/crosscheck`.
    Completions(CompletionsArgs),
    /// Print the man page (roff), e.g. `crosscheck man > ~/.local/share/man/man1/crosscheck.1`.
    Man,
}

/// Options of `completions`.
#[derive(Debug, Args)]
pub struct CompletionsArgs {
    /// The shell: bash, elvish, fish, powershell or zsh.
    #[arg(value_name = "SHELL", value_enum)]
    pub shell: clap_complete::Shell,
}

/// The completion script of `shell` for every command and option.
pub fn completions(shell: clap_complete::Shell) -> Vec<u8> {
    let mut script = Vec::new();
    clap_complete::generate(shell, &mut Cli::command(), "crosscheck", &mut script);
    script
}

/// The man page: every command and option, in roff.
///
/// # Errors
///
/// Only those of writing to memory (none in practice).
pub fn man_page() -> io::Result<Vec<u8>> {
    let mut page = Vec::new();
    clap_mangen::Man::new(Cli::command()).render(&mut page)?;
    Ok(page)
}

/// Where claims and corpus are.
#[derive(Debug, Args)]
pub struct ClaimsArgs {
    /// Folder of claim files (`*.yaml`, searched recursively), or one claim file.
    #[arg(long, value_name = "DIR", default_value = "claims")]
    pub claims: PathBuf,
    /// Folder of articles (`*.txt`, `*.md`, searched recursively), or one article file.
    #[arg(long, value_name = "DIR", default_value = "corpus")]
    pub corpus: PathBuf,
}

/// A failure that ends the command with exit status 2 and a message for stderr.
#[derive(Debug)]
pub struct UsageError(pub String);

impl<E: std::fmt::Display> From<E> for UsageError {
    fn from(error: E) -> Self {
        UsageError(error.to_string())
    }
}

/// The command line's definition with the settings of `crosscheck.toml` as the options'
/// defaults (an option given overrides its setting).
pub fn command_with(config: Option<&config::Config>) -> clap::Command {
    let command = Cli::command();
    match config {
        Some(config) => with_defaults(command, &config.defaults()),
        None => command,
    }
}

/// `command` and its subcommands, every argument with one of the ids of `defaults` given
/// those default values (only in the commands listed with it, when any are).
fn with_defaults(
    mut command: clap::Command,
    defaults: &[(&'static str, Vec<String>, &'static [&'static str])],
) -> clap::Command {
    let name = command.get_name().to_owned();
    for (id, values, commands) in defaults {
        let applies = commands.is_empty() || commands.contains(&name.as_str());
        if applies && command.get_arguments().any(|a| a.get_id() == *id) {
            let values: Vec<clap::builder::OsStr> = values
                .iter()
                .map(|v| clap::builder::OsStr::from(v.clone()))
                .collect();
            command = command.mut_arg(*id, |arg| arg.default_values(values));
        }
    }
    let names: Vec<String> = command
        .get_subcommands()
        .map(|s| s.get_name().to_owned())
        .collect();
    for sub in names {
        command = command.mut_subcommand(sub, |s| with_defaults(s, defaults));
    }
    command
}

/// Parses the arguments and runs the command; the binary's whole `main`.
pub fn main() -> ExitCode {
    let config = match config::load() {
        Ok(config) => config,
        Err(error) => {
            let _ = writeln!(
                io::stderr(),
                "{}",
                crate::escape::control_chars_in_lines(&error.to_string())
            );
            return ExitCode::from(2);
        }
    };
    let matches = command_with(config.as_ref()).get_matches();
    let cli = match Cli::from_arg_matches(&matches) {
        Ok(cli) => cli,
        Err(error) => error.exit(),
    };
    match run(cli) {
        Ok(code) => code,
        Err(UsageError(message)) => {
            let _ = writeln!(
                io::stderr(),
                "{}",
                crate::escape::control_chars_in_lines(&error_text(&message))
            );
            ExitCode::from(2)
        }
    }
}

/// A failure's message in the one style of every error: it starts with `error: ` (added when
/// the message does not start so), then says what to do.
pub fn error_text(message: &str) -> String {
    let message = message.trim_end();
    if message.starts_with("error") {
        message.to_owned()
    } else {
        format!("error: {message}")
    }
}

/// Whether the terminal says it cannot show colours or move the cursor (`TERM=dumb`, as in
/// Emacs shells and some CI logs): no colour and no progress bar then.
pub(crate) fn dumb_terminal() -> bool {
    std::env::var_os("TERM").is_some_and(|term| term == "dumb")
}

/// Runs a parsed command.
pub fn run(cli: Cli) -> Result<ExitCode, UsageError> {
    cli.limits.apply();
    apply_field_map(&cli.fields);
    match cli.command {
        Command::Report(args) => report::report_command(&args, None),
        Command::Check(args) => report::check_command(&args),
        Command::Explain(args) => explain::explain_command(&args),
        Command::Validate(args) => validate::validate_command(&args),
        Command::Extract(args) => extract::extract_command(&args),
        Command::Claim(args) => claim::claim_command(&args),
        Command::Accept(args) => accept::accept_command(&args),
        Command::Suggest(args) => suggest::suggest_command(&args),
        Command::Scan(args) => scan::scan_command(&args),
        Command::Init(args) => init::init_command(&args),
        Command::Completions(args) => {
            print_raw_bytes(&completions(args.shell));
            Ok(ExitCode::SUCCESS)
        }
        Command::Man => {
            let page = man_page()
                .map_err(|error| UsageError(format!("error: cannot make the man page: {error}")))?;
            print_raw_bytes(&page);
            Ok(ExitCode::SUCCESS)
        }
    }
}

/// Loads the claims folder, printing the loader's warnings on stderr.
pub(crate) fn load_claims(args: &ClaimsArgs) -> Result<ClaimSet, UsageError> {
    let set = claims::load_claims(&args.claims).map_err(|errors| UsageError(errors.to_string()))?;
    let mut stderr = io::stderr().lock();
    for warning in &set.warnings {
        let _ = writeln!(stderr, "warning: {}", crate::escape::control_chars(warning));
    }
    Ok(set)
}

pub(crate) fn suggest_id<'a>(set: &'a ClaimSet, wanted: &str) -> Option<&'a str> {
    let ids: Vec<&str> = set.iter().map(|c| c.id.as_str()).collect();
    claims::did_you_mean(wanted, &ids)
}

pub(crate) fn warn_about(corpus: &CorpusSummary) {
    warn_skipped(&corpus.stats.skipped);
    let mut stderr = io::stderr().lock();
    for warning in &corpus.warnings {
        warn_line(&mut stderr, warning);
    }
    for duplicate in &corpus.duplicates {
        warn_line(&mut stderr, &duplicate.warning());
    }
}

/// Warns, for every quantity claim (a count is where plurals are written: `5 ملايين قذيفة`,
/// `ثلاث قذائف`), about every anchor holding an Arabic singular noun whose broken plural no
/// anchor lists ([`crate::inflect::missing_broken_plurals`]): endings cannot make it. Retired
/// claims are not warned about.
pub(crate) fn warn_about_broken_plurals<'a>(claims: impl IntoIterator<Item = &'a Claim>) {
    let mut stderr = crate::escape::Escaping::new(io::stderr().lock());
    for claim in claims {
        if claim.status == Status::Retired || claim.kind != crate::value::Kind::Quantity {
            continue;
        }
        for (anchor, with_plural) in crate::inflect::missing_broken_plurals(&claim.anchors) {
            let _ = writeln!(
                stderr,
                "warning: claim `{}` ({}:{}): anchor \"{anchor}\" does not find its plural \
                 \"{with_plural}\": a broken plural is not made by an ending\n  = help: add \
                 \"{with_plural}\" to the claim's anchors",
                claim.id,
                claim.file.display(),
                claim.line
            );
        }
    }
}

/// The most words an anchor has before `validate` calls it too long to be useful.
pub const USEFUL_ANCHOR_WORDS: usize = 20;

/// Warns about every anchor of more than [`USEFUL_ANCHOR_WORDS`] words (retired claims
/// aside): it is within the limits, but a match needs nearly every word in the same order, so
/// it finds a sentence copied word for word and little else, and long anchors cost time in
/// every scan.
pub(crate) fn warn_about_long_anchors<'a>(claims: impl IntoIterator<Item = &'a Claim>) {
    let mut stderr = crate::escape::Escaping::new(io::stderr().lock());
    for claim in claims {
        if claim.status == Status::Retired {
            continue;
        }
        for anchor in &claim.anchors {
            let words = anchor.split_whitespace().count();
            if words <= USEFUL_ANCHOR_WORDS {
                continue;
            }
            let start: Vec<&str> = anchor.split_whitespace().take(4).collect();
            let _ = writeln!(
                stderr,
                "warning: claim `{}` ({}:{}): anchor \"{} …\" has {words} words, too many to \
                 be useful: a match needs nearly all of them in the same order\n  = help: \
                 anchor on a few distinctive words (at most {USEFUL_ANCHOR_WORDS})",
                claim.id,
                claim.file.display(),
                claim.line,
                start.join(" ")
            );
        }
    }
}

/// Warns about every claim the fast scan must compare with every clause of every article,
/// because an anchor is too loose at its threshold to be looked up by pieces: the scan is
/// then about fifty times slower (the findings are the same). Retired claims are not
/// scanned, and not warned about.
pub(crate) fn warn_about_slow_claims<'a>(claims: impl IntoIterator<Item = &'a Claim>) {
    let mut stderr = crate::escape::Escaping::new(io::stderr().lock());
    for claim in claims {
        if claim.status == Status::Retired {
            continue;
        }
        for slow in crate::scan::slow_anchors(claim) {
            let place = format!(
                "claim `{}` ({}:{})",
                claim.id,
                claim.file.display(),
                claim.line
            );
            let every_clause = "so every clause of every article is compared with it";
            let _ = match slow.loose.fast_from {
                Some(threshold) => {
                    let edits = match slow.loose.edits {
                        Some(1) => "1 edit".to_string(),
                        Some(edits) => format!("{edits} edits"),
                        None => "any number of edits".to_string(),
                    };
                    writeln!(
                        stderr,
                        "warning: {place} is scanned slowly: at threshold {} a match of anchor \
                         \"{}\" may be {edits} away, too many to look it up quickly, \
                         {every_clause}\n  = help: from `threshold: {threshold}` this anchor is \
                         looked up quickly (the default is {DEFAULT_THRESHOLD})",
                        claim.threshold, slow.anchor,
                    )
                }
                None => writeln!(
                    stderr,
                    "warning: {place} is scanned slowly: anchor \"{}\" is too short to look \
                     up quickly, {every_clause}\n  = help: an anchor needs two letters or digits \
                     at least to be looked up quickly",
                    slow.anchor,
                ),
            };
        }
    }
}

/// Prints a warning for every file skipped, with the option that would read it when there is
/// one.
fn warn_skipped(skipped: &[SkipReason]) {
    let mut stderr = io::stderr().lock();
    for reason in skipped {
        warn_line(&mut stderr, &reason.to_string());
        if let SkipReason::TooLarge { bytes, .. } = reason {
            let _ = writeln!(
                stderr,
                "  = help: to read it whole, raise the limit: --max-article-bytes {bytes}"
            );
        }
    }
}

/// The error of a corpus that could not be scanned. When every file was skipped, the
/// warnings saying why are printed first: the message points to them.
pub(crate) fn corpus_error(error: CorpusError) -> UsageError {
    if let CorpusError::NoReadableArticles { skipped, .. } = &error {
        warn_skipped(skipped);
    }
    UsageError(error.to_string())
}

/// The width to draw tables at: the terminal's, else `COLUMNS` when set to a sensible number, else 80.
pub(crate) fn terminal_width() -> u16 {
    // The terminal standard output is, when it is one; else `COLUMNS`; else 80.
    if let Some((terminal_size::Width(width), _)) = terminal_size::terminal_size_of(io::stdout()) {
        return width.clamp(20, 1000);
    }
    std::env::var("COLUMNS")
        .ok()
        .and_then(|c| c.trim().parse::<u16>().ok())
        .filter(|w| (40..=1000).contains(w))
        .unwrap_or(80)
}

/// Set once standard output turned out to be a closed pipe: nothing more is written to it.
static STDOUT_CLOSED: std::sync::atomic::AtomicBool = std::sync::atomic::AtomicBool::new(false);

/// Writes to stdout. A closed pipe (`crosscheck report | head -1`) is quiet: no message, no
/// panic, and nothing more is written — but the command still ends with its own exit status,
/// so `crosscheck check | head -1` still fails a build on a conflict.
///
/// The text is read by people: control characters other than tabs and line feeds are
/// written as `\u{1b}` ([`crate::escape`]), so an article's or a file name's `ESC [2J`
/// does not clear the terminal. Machine-readable output goes through [`print_raw`].
pub(crate) fn print(text: &str) {
    let text = crate::escape::control_chars_in_lines(text);
    print_with(|out| out.write_all(text.as_bytes()));
}

/// [`print()`] without escaping, for JSON and YAML (which escape by their own rules).
pub(crate) fn print_raw(text: &str) {
    print_with(|out| out.write_all(text.as_bytes()));
}

/// [`print_raw`] for bytes.
fn print_raw_bytes(bytes: &[u8]) {
    print_with(|out| out.write_all(bytes));
}

/// Writes `warning: ` and `text` on a line of stderr, its control characters escaped.
pub(crate) fn warn_line(stderr: &mut dyn Write, text: &str) {
    let _ = writeln!(
        stderr,
        "warning: {}",
        crate::escape::control_chars_in_lines(text)
    );
}

/// [`print()`] for output written piece by piece (a large JSON report), buffered, so it is never
/// held in memory whole.
pub(crate) fn print_with(write: impl FnOnce(&mut dyn Write) -> io::Result<()>) {
    use std::sync::atomic::Ordering;
    if STDOUT_CLOSED.load(Ordering::Relaxed) {
        return;
    }
    let mut stdout = io::BufWriter::new(io::stdout().lock());
    if let Err(error) = write(&mut stdout).and_then(|()| stdout.flush()) {
        if error.kind() == io::ErrorKind::BrokenPipe {
            STDOUT_CLOSED.store(true, Ordering::Relaxed);
            return;
        }
        let _ = writeln!(io::stderr(), "error: cannot write the output: {error}");
        std::process::exit(2);
    }
}
