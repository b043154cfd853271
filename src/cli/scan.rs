//! Options of the corpus scan shared by `report` and `check`: `--jobs`, `--quiet`, and the
//! progress bar.

use super::UsageError;
use crate::claims::Claim;
use crate::report::{self, Report, ScanOptions, ScanProgress};
use crate::scan::MatcherMode;
use clap::Args;
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use std::io::{self, IsTerminal};
use std::path::Path;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

/// How to scan the corpus.
#[derive(Debug, Args)]
pub struct ScanArgs {
    /// Scan with N threads (default: one per CPU core; at most 4 per core). The report is
    /// the same for any N.
    #[arg(short, long, value_name = "N", value_parser = parse_jobs)]
    jobs: Option<usize>,
    /// Do not show the progress bar (it is shown only on a terminal, for scans that take
    /// more than a second). Warnings are still printed.
    #[arg(short, long)]
    quiet: bool,
    /// Find anchors with the reference matcher (every window against every anchor): slow,
    /// identical results; for checking the fast matcher.
    #[arg(long, hide = true)]
    reference_matcher: bool,
    /// Do not read or write the incremental cache (`.crosscheck/cache` in the working folder,
    /// which keeps each article's findings so the next run scans only what changed; see
    /// docs/cache.md). The report is the same with or without it.
    #[arg(long)]
    no_cache: bool,
}

fn parse_jobs(text: &str) -> Result<usize, String> {
    match text.trim().parse::<usize>() {
        Ok(0) | Err(_) => Err(format!(
            "`{text}` is not a number of threads; use a whole number from 1, e.g. `--jobs 2`"
        )),
        Ok(n) => Ok(n),
    }
}

/// Builds the report of `claims` over `corpus` as `args` say: on a pool of `--jobs` threads,
/// with a progress bar on a terminal.
pub(crate) fn build_report(
    args: &ScanArgs,
    corpus: &Path,
    claims: &[Claim],
) -> Result<Report, UsageError> {
    let pool = args.thread_pool()?;
    super::warn_about_slow_claims(claims);
    let progress = args.progress();
    let callback = |p: ScanProgress| {
        if let Some(progress) = &progress {
            progress.update(p);
        }
    };
    let options = ScanOptions {
        matcher: if args.reference_matcher {
            MatcherMode::Reference
        } else {
            MatcherMode::Fast
        },
        progress: progress
            .as_ref()
            .map(|_| &callback as &(dyn Fn(ScanProgress) + Sync)),
        keep_repeats: false,
    };
    let cache = if args.no_cache {
        None
    } else {
        match crate::cache::Cache::open(Path::new(crate::cache::DEFAULT_DIR), corpus) {
            Ok(cache) => Some(cache),
            Err(no_cache) => {
                warn(&no_cache.0);
                None
            }
        }
    };
    let report = pool.install(|| report::build_cached(corpus, claims, options, cache.as_ref()));
    if let Some(progress) = &progress {
        progress.bar.finish_and_clear();
    }
    let (report, warnings) = report.map_err(super::corpus_error)?;
    for warning in warnings {
        warn(&warning);
    }
    Ok(report)
}

fn warn(message: &str) {
    use std::io::Write as _;
    let _ = writeln!(
        io::stderr(),
        "warning: {}",
        crate::escape::control_chars(message)
    );
}

/// The most threads `--jobs` starts for each CPU core. The scan is bound by the processor
/// (articles are read ahead by the walk), so more threads than cores only add memory (each
/// holds an article) and switching; a few per core cover slow disks.
pub const MAX_JOBS_PER_CORE: usize = 4;

/// `requested` threads capped at [`MAX_JOBS_PER_CORE`] × `cores`, and the warning to print
/// when it was more.
fn capped_jobs(requested: usize, cores: usize) -> (usize, Option<String>) {
    let most = MAX_JOBS_PER_CORE.saturating_mul(cores.max(1));
    if requested <= most {
        return (requested, None);
    }
    let cores_word = if cores.max(1) == 1 { "core" } else { "cores" };
    (
        most,
        Some(format!(
            "warning: --jobs {requested} is more than {MAX_JOBS_PER_CORE} threads per core \
             ({} {cores_word} here); scanning with {most}",
            cores.max(1)
        )),
    )
}

impl ScanArgs {
    /// The pool of `--jobs` threads (one per core by default, at most
    /// [`MAX_JOBS_PER_CORE`] per core, with a warning when more were asked for).
    pub(crate) fn thread_pool(&self) -> Result<rayon::ThreadPool, UsageError> {
        let mut pool = rayon::ThreadPoolBuilder::new();
        if let Some(jobs) = self.jobs {
            let cores = std::thread::available_parallelism().map_or(1, usize::from);
            let (jobs, warning) = capped_jobs(jobs, cores);
            if let Some(warning) = warning {
                use std::io::Write as _;
                let _ = writeln!(io::stderr(), "{warning}");
            }
            pool = pool.num_threads(jobs);
        }
        pool.build()
            .map_err(|e| UsageError(format!("error: cannot start the scanning threads: {e}")))
    }

    /// The progress bar, unless `--quiet` or stderr is not a terminal.
    pub(crate) fn progress(&self) -> Option<Progress> {
        (!self.quiet && io::stderr().is_terminal() && !super::dumb_terminal()).then(Progress::new)
    }
}

/// A progress bar on stderr that stays hidden for the first second, so quick runs print
/// nothing extra.
pub(crate) struct Progress {
    pub(crate) bar: ProgressBar,
    started: Instant,
    shown: AtomicBool,
}

/// How long a scan runs before the progress bar appears.
const SHOW_AFTER: Duration = Duration::from_secs(1);

impl Progress {
    fn new() -> Progress {
        let bar = ProgressBar::with_draw_target(None, ProgressDrawTarget::hidden());
        if let Ok(style) = ProgressStyle::with_template(
            "{spinner} [{elapsed_precise}] {wide_bar} {pos}/{len} files, {msg}",
        ) {
            bar.set_style(style);
        }
        Progress {
            bar,
            started: Instant::now(),
            shown: AtomicBool::new(false),
        }
    }

    pub(crate) fn update(&self, progress: ScanProgress) {
        let elapsed = self.started.elapsed();
        if elapsed < SHOW_AFTER {
            return;
        }
        // The total grows while the folder walk still runs.
        self.bar.set_length(progress.files_total as u64);
        self.bar.set_message(progress_message(&progress, elapsed));
        self.bar.set_position(progress.files_done as u64);
        // Drawn only once every field is filled in.
        if !self.shown.swap(true, Ordering::Relaxed) {
            self.bar
                .set_draw_target(ProgressDrawTarget::stderr_with_hz(4));
        }
    }
}

/// The progress bar's text after the file counts: `12 MB at 6 MB/s`, then `, ETA 1m 05s`
/// once a file is done and some remain (no empty field before the first estimate).
fn progress_message(progress: &ScanProgress, elapsed: Duration) -> String {
    let megabytes = progress.bytes_done as f64 / 1e6;
    let rate = megabytes / elapsed.as_secs_f64().max(1e-3);
    let mut text = format!("{megabytes:.0} MB at {rate:.0} MB/s");
    let (done, total) = (progress.files_done, progress.files_total);
    if done > 0 && total > done {
        let left = elapsed.as_secs_f64() * (total - done) as f64 / done as f64;
        let seconds = left.round() as u64;
        if seconds >= 60 {
            text.push_str(&format!(", ETA {}m {:02}s", seconds / 60, seconds % 60));
        } else {
            text.push_str(&format!(", ETA {seconds}s"));
        }
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn jobs_are_capped_at_four_per_core_with_a_warning() {
        assert_eq!(capped_jobs(8, 2), (8, None));
        assert_eq!(capped_jobs(1, 1), (1, None));
        assert_eq!(
            capped_jobs(100_000, 2),
            (
                8,
                Some(
                    "warning: --jobs 100000 is more than 4 threads per core (2 cores here); \
                     scanning with 8"
                        .to_string()
                )
            )
        );
        assert_eq!(
            capped_jobs(5, 1).1.as_deref(),
            Some(
                "warning: --jobs 5 is more than 4 threads per core (1 core here); scanning with 4"
            )
        );
    }

    #[test]
    fn the_first_progress_frame_has_no_empty_field() {
        let at = |files_done, files_total, bytes_done| ScanProgress {
            files_done,
            files_total,
            bytes_done,
        };
        let second = Duration::from_secs(1);
        // Nothing done yet: no estimate, and no `, ,` or `ETA 0s`.
        assert_eq!(progress_message(&at(0, 7872, 0), second), "0 MB at 0 MB/s");
        assert_eq!(
            progress_message(&at(100, 7872, 12_000_000), second * 2),
            "12 MB at 6 MB/s, ETA 2m 35s"
        );
        assert_eq!(
            progress_message(&at(50, 60, 1_000_000), second * 2),
            "1 MB at 0 MB/s, ETA 0s"
        );
        assert_eq!(
            progress_message(&at(60, 60, 1_000_000), second * 2),
            "1 MB at 0 MB/s"
        );
    }

    #[test]
    fn jobs_must_be_a_positive_number() {
        assert_eq!(parse_jobs("2"), Ok(2));
        assert!(parse_jobs("0").is_err());
        assert!(parse_jobs("all").unwrap_err().contains("--jobs 2"));
    }
}

/// `crosscheck scan`: the findings of one shard of the corpus, for `report --from`.
#[derive(Debug, Args)]
pub struct ScanCommandArgs {
    #[command(flatten)]
    paths: super::ClaimsArgs,
    /// Scan only shard K of N (1 <= K <= N): the documents whose place in the sorted walk of
    /// the corpus, counted from 0, leaves K − 1 when divided by N. Default 1/1, the whole corpus.
    #[arg(long, value_name = "K/N", default_value = "1/1", value_parser = report::Shard::parse)]
    shard: report::Shard,
    /// Write the findings to FILE (JSON Lines, see docs/shards.md), atomically.
    #[arg(long, value_name = "FILE")]
    emit: std::path::PathBuf,
    #[command(flatten)]
    scan: ScanArgs,
}

/// `crosscheck scan --shard K/N --emit FILE`.
pub(crate) fn scan_command(args: &ScanCommandArgs) -> Result<std::process::ExitCode, UsageError> {
    use crate::safe_write::{self, Input};
    let inputs = [
        Input {
            path: &args.paths.claims,
            role: "the claims folder (`--claims`)",
        },
        Input {
            path: &args.paths.corpus,
            role: "the corpus (`--corpus`)",
        },
    ];
    let output_error = |e: safe_write::WriteError| {
        UsageError(format!(
            "error: {}",
            crate::escape::control_chars(&e.to_string())
        ))
    };
    safe_write::check_output(&args.emit, &inputs).map_err(output_error)?;
    let set = super::load_claims(&args.paths)?;
    let claims: Vec<&Claim> = set
        .iter()
        .filter(|c| c.status != crate::claims::Status::Retired)
        .collect();
    let pool = args.scan.thread_pool()?;
    let options = ScanOptions {
        matcher: if args.scan.reference_matcher {
            MatcherMode::Reference
        } else {
            MatcherMode::Fast
        },
        progress: None,
        keep_repeats: false,
    };
    let scan = pool
        .install(|| report::scan_shard(&args.paths.corpus, &claims, options, args.shard))
        .map_err(super::corpus_error)?;
    let mut problem = None;
    safe_write::write_output(&args.emit, &inputs, |out| {
        crate::shard::write(out, args.shard, &args.paths.corpus, &claims, &scan).map_err(|e| {
            problem = Some(e.clone());
            io::Error::other(e)
        })
    })
    .map_err(|e| match problem.take() {
        Some(problem) => UsageError(format!("error: {problem}")),
        None => output_error(e),
    })?;
    Ok(std::process::ExitCode::SUCCESS)
}
