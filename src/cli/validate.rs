//! `crosscheck validate`: the claim files alone, no corpus scan.

use super::{ClaimsArgs, UsageError, load_claims, print};
use std::process::ExitCode;

pub(crate) fn validate_command(args: &ClaimsArgs) -> Result<ExitCode, UsageError> {
    let set = load_claims(args)?;
    super::warn_about_slow_claims(set.iter());
    super::warn_about_broken_plurals(set.iter());
    super::warn_about_long_anchors(set.iter());
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
