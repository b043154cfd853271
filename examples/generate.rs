//! Generates benchmark corpora and claim sets from the bundled articles (deterministic).
//!
//! ```text
//! cargo run --release --example generate -- corpus OUT_DIR MEGABYTES [SEED]
//! cargo run --release --example generate -- claims OUT_DIR COUNT ANCHORS_FILE [SEED]
//! cargo run --release --example generate -- dense-corpus OUT_DIR MEGABYTES [SEED]
//! cargo run --release --example generate -- dense-claims OUT_DIR COUNT ANCHORS_FILE
//! ```
//!
//! `corpus` writes about MEGABYTES MB of 3–8 KB articles under OUT_DIR (1000 a folder);
//! `claims` writes OUT_DIR/claims.yaml with COUNT claims and their anchors, one a line, to
//! ANCHORS_FILE (for `rg -F -f` and `ugrep -Z1 -f`). Each claim there is stated in a small
//! share of the articles. `dense-corpus` and `dense-claims` make the opposite, topic-dense
//! case (a fact-checker's corpus: many articles about the same events): every article is the
//! Arabic paragraphs in a shuffled order, lightly respelled with varied figures, and the claims
//! are the most frequent phrases of those paragraphs, so nearly every article mentions nearly
//! every claim. The source texts are `corpus/` and
//! `tests/data/english/corpus/` of this repository. Generated data is for benchmarks only:
//! write it under `target/` or a temporary folder, never commit it.

#[path = "../benches/support/generator.rs"]
mod generator;

use std::path::{Path, PathBuf};
use std::process::ExitCode;

const USAGE: &str = "usage:\n  generate corpus OUT_DIR MEGABYTES [SEED]\n  generate claims OUT_DIR COUNT ANCHORS_FILE [SEED]\n  generate dense-corpus OUT_DIR MEGABYTES [SEED]\n  generate dense-claims OUT_DIR COUNT ANCHORS_FILE";

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    match run(&args) {
        Ok(message) => {
            println!("{message}");
            ExitCode::SUCCESS
        }
        Err(message) => {
            eprintln!("generate: {message}\n{USAGE}");
            ExitCode::from(2)
        }
    }
}

fn run(args: &[String]) -> Result<String, String> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let source = generator::Source::load(&[
        &root.join("corpus"),
        &root.join("tests/data/english/corpus"),
    ])
    .map_err(|e| format!("cannot read the source articles: {e}"))?;
    let number = |index: usize, what: &str| -> Result<u64, String> {
        args.get(index)
            .ok_or_else(|| format!("missing {what}"))?
            .parse::<u64>()
            .map_err(|_| format!("{what} must be a whole number"))
    };
    let seed = |index: usize| -> Result<u64, String> {
        match args.get(index) {
            Some(_) => number(index, "SEED"),
            None => Ok(1),
        }
    };
    match args.first().map(String::as_str) {
        Some("corpus") => {
            let out = PathBuf::from(args.get(1).ok_or("missing OUT_DIR")?);
            let megabytes = number(2, "MEGABYTES")?;
            let (files, bytes) =
                generator::write_corpus(&source, &out, megabytes * 1_000_000, seed(3)?)
                    .map_err(|e| format!("cannot write {}: {e}", out.display()))?;
            Ok(format!(
                "{files} articles, {bytes} bytes in {}",
                out.display()
            ))
        }
        Some("claims") => {
            let out = PathBuf::from(args.get(1).ok_or("missing OUT_DIR")?);
            let count = number(2, "COUNT")?;
            let anchors = PathBuf::from(args.get(3).ok_or("missing ANCHORS_FILE")?);
            let count = usize::try_from(count).map_err(|_| "COUNT is too large".to_owned())?;
            generator::write_claims(&source, &out, &anchors, count, seed(4)?)
                .map_err(|e| format!("cannot write {}: {e}", out.display()))?;
            Ok(format!(
                "{count} claims in {}, anchors in {}",
                out.join("claims.yaml").display(),
                anchors.display()
            ))
        }
        Some("dense-corpus") => {
            let out = PathBuf::from(args.get(1).ok_or("missing OUT_DIR")?);
            let megabytes = number(2, "MEGABYTES")?;
            let (files, bytes) =
                generator::write_dense_corpus(&source, &out, megabytes * 1_000_000, seed(3)?)
                    .map_err(|e| format!("cannot write {}: {e}", out.display()))?;
            Ok(format!(
                "{files} topic-dense articles, {bytes} bytes in {}",
                out.display()
            ))
        }
        Some("dense-claims") => {
            let out = PathBuf::from(args.get(1).ok_or("missing OUT_DIR")?);
            let count = number(2, "COUNT")?;
            let anchors = PathBuf::from(args.get(3).ok_or("missing ANCHORS_FILE")?);
            let count = usize::try_from(count).map_err(|_| "COUNT is too large".to_owned())?;
            let written = generator::write_dense_claims(&source, &out, &anchors, count)
                .map_err(|e| format!("cannot write {}: {e}", out.display()))?;
            Ok(format!(
                "{written} dense claims in {}, anchors in {}",
                out.join("claims.yaml").display(),
                anchors.display()
            ))
        }
        _ => Err(
            "the first argument must be `corpus`, `claims`, `dense-corpus` or `dense-claims`"
                .to_owned(),
        ),
    }
}
