//! The `crosscheck` binary: parses arguments and wires the library's stages together.
//!
//! Exit status: `0` success, `2` a usage or input error (clap's own usage errors exit 2 too).

use clap::{Args, Parser, Subcommand, ValueEnum};
use crosscheck::extract::extract_text;
use crosscheck::value::Kind;
use std::io::{self, BufWriter, Read, Write};
use std::process::ExitCode;

/// Cross-source fact-consistency checker: finds each claim in every article, reads the value
/// each source states, and reports where sources agree and where they contradict each other.
#[derive(Debug, Parser)]
#[command(name = "crosscheck", version, about, max_term_width = 100)]
struct Cli {
    /// The command to run.
    #[command(subcommand)]
    command: Command,
}

/// Every command.
#[derive(Debug, Subcommand)]
enum Command {
    /// Print the values (quantities, years, dates) found in a text, one JSON object a line.
    Extract(ExtractArgs),
}

/// Arguments of `crosscheck extract`.
#[derive(Debug, Args)]
struct ExtractArgs {
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

fn main() -> ExitCode {
    let cli = Cli::parse();
    match cli.command {
        Command::Extract(args) => run_extract(args),
    }
}

/// `crosscheck extract`: reads the text, prints one JSON line per value found.
fn run_extract(args: ExtractArgs) -> ExitCode {
    let text = match args.text.as_deref() {
        Some(text) if text != "-" => text.to_owned(),
        _ => match read_stdin() {
            Ok(text) => text,
            Err(message) => {
                eprintln!("crosscheck extract: {message}");
                return ExitCode::from(2);
            }
        },
    };
    let found = extract_text(&text, args.kind.map(Kind::from));
    let mut out = BufWriter::new(io::stdout().lock());
    let written = found
        .iter()
        .try_for_each(|f| writeln!(out, "{}", f.to_json_line()))
        .and_then(|()| out.flush());
    match written {
        Ok(()) => ExitCode::SUCCESS,
        // The reader went away (`| head`): nothing more to say.
        Err(error) if error.kind() == io::ErrorKind::BrokenPipe => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("crosscheck extract: cannot write the output: {error}");
            ExitCode::from(2)
        }
    }
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
