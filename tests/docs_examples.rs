//! Every example in the README and in `docs/` runs as written.
//!
//! - A ```` ```console ```` block is a session: each `$ ` line (with `\` continuation lines) is a
//!   command, and the lines after it, up to the next command, are its output (standard output
//!   and standard error together). A line `…` in the output stands for any number of lines.
//!   `$ echo $?` prints the exit status of the command before it; any other command must exit 0
//!   unless the next one is `echo $?`.
//! - In a ```` ```sh ```` block, every command line is run in turn and must exit 0 or 1 (the
//!   gate's "a claim fails") without an `error:` line. `cargo` lines are the project's own
//!   build and test commands and are not run from inside the test suite.
//!
//! The blocks of one page run in order, in one scratch folder holding a copy of the bundled
//! `corpus/` and `claims/` (only `corpus/` when the page says `<!-- examples: corpus only -->`),
//! with `crosscheck` on the `PATH`, an 80-column table and no colour.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// One fenced block of a Markdown page: its info string, first line number and lines.
struct Block {
    info: String,
    line: usize,
    lines: Vec<String>,
}

fn blocks(text: &str) -> Vec<Block> {
    let mut blocks = Vec::new();
    let mut open: Option<Block> = None;
    for (index, line) in text.lines().enumerate() {
        match open.take() {
            None => {
                if let Some(info) = line.strip_prefix("```") {
                    open = Some(Block {
                        info: info.trim().to_owned(),
                        line: index + 2,
                        lines: Vec::new(),
                    });
                }
            }
            Some(mut block) => {
                if line.trim_start() == "```" {
                    blocks.push(block);
                } else {
                    block.lines.push(line.to_owned());
                    open = Some(block);
                }
            }
        }
    }
    assert!(open.is_none(), "an unclosed code block");
    blocks
}

/// Joins `\` continuation lines into logical lines, each with the line number it starts on.
fn logical_lines(lines: &[String], first: usize) -> Vec<(usize, String)> {
    let mut out: Vec<(usize, String)> = Vec::new();
    let mut pending: Option<(usize, String)> = None;
    for (offset, line) in lines.iter().enumerate() {
        let (start, mut text) = match pending.take() {
            Some((start, text)) => (start, text + " " + line.trim_start()),
            None => (first + offset, line.clone()),
        };
        if let Some(stripped) = text.strip_suffix('\\') {
            text = stripped.trim_end().to_owned();
            pending = Some((start, text));
        } else {
            out.push((start, text));
        }
    }
    if let Some(last) = pending {
        out.push(last);
    }
    out
}

struct Scratch {
    _dir: tempfile::TempDir,
    path: PathBuf,
}

fn copy_dir(from: &Path, to: &Path) {
    fs::create_dir_all(to).expect("create folder");
    for entry in fs::read_dir(from).expect("list folder") {
        let entry = entry.expect("entry");
        let target = to.join(entry.file_name());
        if entry.file_type().expect("file type").is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            fs::copy(entry.path(), &target).expect("copy file");
        }
    }
}

fn scratch(page: &str) -> Scratch {
    let dir = tempfile::tempdir().expect("temporary folder");
    let path = dir.path().to_path_buf();
    copy_dir(&root().join("corpus"), &path.join("corpus"));
    if !page.contains("<!-- examples: corpus only -->") {
        copy_dir(&root().join("claims"), &path.join("claims"));
    }
    Scratch { _dir: dir, path }
}

/// Runs one shell command line in the scratch folder: (exit status, stdout and stderr).
fn run(folder: &Path, command: &str) -> (i32, String) {
    let binary = PathBuf::from(env!("CARGO_BIN_EXE_crosscheck"));
    let bin_dir = binary.parent().expect("the binary's folder");
    let path = std::env::join_paths(std::iter::once(bin_dir.to_path_buf()).chain(
        std::env::split_paths(&std::env::var_os("PATH").unwrap_or_default()),
    ))
    .expect("PATH");
    let output = Command::new("sh")
        .arg("-c")
        .arg(format!("{{ {command}\n}} 2>&1"))
        .current_dir(folder)
        .env("PATH", path)
        .env("COLUMNS", "80")
        .env("NO_COLOR", "1")
        .env("SOURCE_DATE_EPOCH", "1718755200")
        .stdin(Stdio::null())
        .output()
        .expect("sh runs");
    (
        output.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&output.stdout).into_owned(),
    )
}

/// Does `actual` match `expected`, where an expected line `…` stands for any lines?
fn matches(expected: &[&str], actual: &[&str]) -> bool {
    match expected.split_first() {
        None => actual.is_empty(),
        Some((&"…", rest)) => (0..=actual.len()).any(|skip| matches(rest, &actual[skip..])),
        Some((line, rest)) => actual.split_first().is_some_and(|(first, others)| {
            first.trim_end() == line.trim_end() && matches(rest, others)
        }),
    }
}

fn check_console(page: &str, block: &Block, folder: &Path, failures: &mut Vec<String>) {
    // (line, command, expected output lines)
    let mut steps: Vec<(usize, String, Vec<String>)> = Vec::new();
    for (line, text) in logical_lines(&block.lines, block.line) {
        if let Some(command) = text.strip_prefix("$ ") {
            steps.push((line, command.to_owned(), Vec::new()));
        } else if let Some(step) = steps.last_mut() {
            // Output lines keep their own line breaks (a `\` ends no output line).
            step.2.extend(text.split('\n').map(str::to_owned));
        } else {
            failures.push(format!("{page}:{line}: output before any `$ ` command"));
        }
    }
    let mut last_status = 0;
    for (index, (line, command, expected)) in steps.iter().enumerate() {
        let (status, output) = if command == "echo $?" {
            (0, format!("{last_status}\n"))
        } else {
            run(folder, command)
        };
        let next_reads_status = steps
            .get(index + 1)
            .is_some_and(|(_, next, _)| next == "echo $?");
        if status != 0 && !next_reads_status {
            failures.push(format!(
                "{page}:{line}: `{command}` exited {status}:\n{output}"
            ));
        }
        last_status = status;
        let expected: Vec<&str> = expected.iter().map(String::as_str).collect();
        let actual: Vec<&str> = output.lines().collect();
        if !matches(&expected, &actual) {
            failures.push(format!(
                "{page}:{line}: `{command}` printed\n{output}\nbut the page shows\n{}",
                expected.join("\n")
            ));
        }
    }
}

fn check_sh(page: &str, block: &Block, folder: &Path, failures: &mut Vec<String>) {
    for (line, text) in logical_lines(&block.lines, block.line) {
        let command = text.trim();
        if command.is_empty() || command.starts_with('#') || command.starts_with("cargo ") {
            continue;
        }
        let (status, output) = run(folder, command);
        if !(status == 0 || status == 1) || output.contains("error:") {
            failures.push(format!(
                "{page}:{line}: `{command}` exited {status}:\n{output}"
            ));
        }
    }
}

fn pages() -> Vec<PathBuf> {
    let mut pages = vec![root().join("README.md")];
    let mut docs: Vec<PathBuf> = fs::read_dir(root().join("docs"))
        .expect("docs/ lists")
        .map(|entry| entry.expect("entry").path())
        .filter(|path| path.extension().is_some_and(|e| e == "md"))
        .collect();
    docs.sort();
    pages.extend(docs);
    pages
}

#[test]
fn every_example_in_the_readme_and_docs_runs_as_written() {
    let mut failures = Vec::new();
    let mut ran = 0;
    for page in pages() {
        let name = page
            .strip_prefix(root())
            .expect("inside the repository")
            .display()
            .to_string();
        let text = fs::read_to_string(&page).expect("page reads");
        let folder = scratch(&text);
        for block in blocks(&text) {
            match block.info.as_str() {
                "console" => {
                    check_console(&name, &block, &folder.path, &mut failures);
                    ran += 1;
                }
                "sh" => check_sh(&name, &block, &folder.path, &mut failures),
                _ => {}
            }
        }
    }
    assert!(
        ran >= 2,
        "the README and docs/review.md hold console examples"
    );
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}

#[test]
fn the_readme_quick_start_is_a_checked_example_of_the_report() {
    let readme = fs::read_to_string(root().join("README.md")).expect("README reads");
    let quick_start = blocks(&readme)
        .into_iter()
        .find(|block| block.info == "console")
        .expect("the README shows the report as a console example");
    assert_eq!(
        quick_start.lines.first().map(String::as_str),
        Some("$ crosscheck report")
    );
}

#[test]
fn the_output_pattern_matches_only_what_it_shows() {
    assert!(matches(&["a", "…", "z"], &["a", "b", "c", "z"]));
    assert!(matches(&["a", "…", "z"], &["a", "z"]));
    assert!(!matches(&["a", "…", "z"], &["a", "b"]));
    assert!(!matches(&["a", "b"], &["a", "b", "c"]));
    assert!(!matches(&["a"], &["b"]));
}

#[test]
fn continuation_lines_join_into_one_command() {
    let lines: Vec<String> = ["$ crosscheck claim new --id x \\", "    --kind year", "out"]
        .iter()
        .map(|s| s.to_string())
        .collect();
    assert_eq!(
        logical_lines(&lines, 10),
        vec![
            (10, "$ crosscheck claim new --id x --kind year".to_owned()),
            (12, "out".to_owned())
        ]
    );
}
