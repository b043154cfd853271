//! `crosscheck init`: a new project in a folder — a settings file, a claims folder with a
//! starter claim, and a corpus folder with an example article, so `crosscheck report` works at
//! once. It never overwrites: when any of them exists, nothing is written.

use super::{UsageError, print};
use crate::safe_write::{self, Overwrite};
use clap::Args;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

/// Options of `init`.
#[derive(Debug, Args)]
pub struct InitArgs {
    /// The folder of the new project (made when missing). Default: the working folder.
    #[arg(value_name = "DIR", default_value = ".")]
    dir: PathBuf,
}

/// The settings file `init` writes.
pub const CONFIG: &str = "\
# crosscheck's settings for this project (see docs/config.md in crosscheck's repository).
# An option given on the command line overrides its setting.
claims = \"claims\"
corpus = \"corpus\"
fail-on = [\"conflict\"]
";

/// The starter claim's id and file under `claims/`.
const CLAIM_FILE: &str = "bridge-length.yaml";

/// The starter claim: in review, so it never fails `check` until promoted.
pub const CLAIM: &str = "\
claims:
  - id: bridge-length
    title: Length of the new bridge over the river, in metres
    kind: quantity
    anchors:
      - bridge over the river
    unit: metres
    status: review
    note: >-
      A starter claim, to see how crosscheck reads an article: replace it with your own
      (crosscheck claim new), and corpus/example.md with your articles.
";

/// The example article's file under `corpus/`.
const ARTICLE_FILE: &str = "example.md";

/// The example article: front matter, then one sentence the starter claim finds.
pub const ARTICLE: &str = "\
---
source: Example Wire
published: 2024-06-19
language: en
---
The new bridge over the river is 1,200 metres long, the city council said on Tuesday.
";

pub(crate) fn init_command(args: &InitArgs) -> Result<ExitCode, UsageError> {
    let dir = &args.dir;
    let in_dir = |name: &str| -> PathBuf {
        if dir == Path::new(".") {
            PathBuf::from(name)
        } else {
            dir.join(name)
        }
    };
    let config = in_dir(super::config::FILE_NAME);
    let claims = in_dir("claims");
    let corpus = in_dir("corpus");
    let existing: Vec<String> = [&config, &claims, &corpus]
        .iter()
        .filter(|path| path.symlink_metadata().is_ok())
        .map(|path| format!("`{}`", path.display()))
        .collect();
    if !existing.is_empty() {
        let (list, verb) = match existing.split_last() {
            Some((last, rest)) if !rest.is_empty() => {
                (format!("{} and {last}", rest.join(", ")), "exist")
            }
            _ => (existing.join(""), "exists"),
        };
        return Err(UsageError(format!(
            "error: {list} already {verb}, so nothing was written\nhelp: `crosscheck init` \
             starts a new project: run it in an empty folder, or name a new one \
             (`crosscheck init DIR`)"
        )));
    }
    let make = |folder: &Path| {
        std::fs::create_dir_all(folder).map_err(|error| {
            UsageError(format!(
                "error: cannot create the folder `{}`: {error}",
                folder.display()
            ))
        })
    };
    make(&claims)?;
    make(&corpus)?;
    let write = |root: &Path, path: &Path, text: &str| {
        safe_write::write_atomic_within(root, path, text.as_bytes(), Overwrite::Refuse)
            .map_err(|error| UsageError(format!("error: {error}")))
    };
    let claim = claims.join(CLAIM_FILE);
    let article = corpus.join(ARTICLE_FILE);
    write(&claims, &claim, CLAIM)?;
    write(&corpus, &article, ARTICLE)?;
    let config_folder = match config.parent() {
        Some(parent) if !parent.as_os_str().is_empty() => parent.to_path_buf(),
        _ => PathBuf::from("."),
    };
    write(&config_folder, &config, CONFIG)?;
    let go = if dir == Path::new(".") {
        String::new()
    } else {
        format!("cd {} && ", dir.display())
    };
    print(&format!(
        "Wrote {}, {} (a starter claim, in review) and {} (an example article).\n\nNext:\n  \
         - see what the starter claim finds: {go}crosscheck report\n  - write your own claim: \
         crosscheck claim new --id ID --kind KIND --anchor PHRASE --title TEXT\n",
        config.display(),
        claim.display(),
        article.display(),
    ));
    Ok(ExitCode::SUCCESS)
}
