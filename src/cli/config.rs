//! `crosscheck.toml`: a project's settings, found in the working folder or the nearest folder
//! above it. Each setting is the default of the option of the same name, so an option given on
//! the command line overrides it. Folders in it are relative to the file's own folder.
//!
//! ```toml
//! claims = "claims"
//! corpus = "corpus"
//! format = "table"
//! fail-on = ["conflict", "missing"]
//! jobs = 2
//! ```

use crate::render::{ColorChoice, Format};
use clap::ValueEnum;
use serde::Deserialize;
use std::collections::BTreeMap;
use std::ops::Range;
use std::path::{Path, PathBuf};
use toml::Spanned;

/// The settings file's name.
pub const FILE_NAME: &str = "crosscheck.toml";

/// Every key of the file, for "did you mean".
const KEYS: [&str; 10] = [
    "claims",
    "corpus",
    "format",
    "color",
    "fail-on",
    "jobs",
    "quiet",
    "max-article-bytes",
    "max-claims",
    "fields",
];

/// The file as written: each value with its place, checked by [`Config::parse`].
#[derive(Debug, Deserialize)]
#[serde(rename_all = "kebab-case", deny_unknown_fields)]
struct RawConfig {
    claims: Option<Spanned<String>>,
    corpus: Option<Spanned<String>>,
    format: Option<Spanned<String>>,
    color: Option<Spanned<String>>,
    fail_on: Option<Spanned<toml::Value>>,
    jobs: Option<Spanned<i64>>,
    quiet: Option<Spanned<bool>>,
    max_article_bytes: Option<Spanned<toml::Value>>,
    max_claims: Option<Spanned<i64>>,
    fields: Option<Spanned<BTreeMap<String, Spanned<String>>>>,
}

/// A project's settings, checked: every value is one the option of the same name accepts.
#[derive(Debug, Default, Clone, PartialEq)]
pub struct Config {
    /// Where the file is, as found from the working folder (`crosscheck.toml`,
    /// `../crosscheck.toml`).
    pub file: PathBuf,
    /// `--claims`, relative to the working folder.
    pub claims: Option<PathBuf>,
    /// `--corpus`, relative to the working folder.
    pub corpus: Option<PathBuf>,
    /// `--format` of `report` and `check`.
    pub format: Option<String>,
    /// `--color`.
    pub color: Option<String>,
    /// `--fail-on` of `check`.
    pub fail_on: Vec<String>,
    /// `--jobs`.
    pub jobs: Option<String>,
    /// `--quiet`.
    pub quiet: bool,
    /// `--max-article-bytes`.
    pub max_article_bytes: Option<String>,
    /// `--max-claims`.
    pub max_claims: Option<String>,
    /// `--field NAME=FIELD`, one per entry of `[fields]`.
    pub fields: Vec<String>,
}

/// A problem with the settings file: the message, where it is, and what to do.
#[derive(Debug, Clone, PartialEq)]
pub struct ConfigError {
    /// What is wrong, naming the key.
    pub message: String,
    /// `file:line:column`, or the file alone.
    pub place: String,
    /// What to do.
    pub help: String,
}

impl std::fmt::Display for ConfigError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "error: {}\n  --> {}\n   = help: {}",
            self.message, self.place, self.help
        )
    }
}

/// The settings file of the working folder or the nearest folder above it, as a path relative
/// to the working folder (`crosscheck.toml`, `../../crosscheck.toml`), if there is one.
pub fn find(working: &Path) -> Option<PathBuf> {
    let mut relative = PathBuf::new();
    for folder in working.ancestors() {
        if folder.join(FILE_NAME).is_file() {
            return Some(relative.join(FILE_NAME));
        }
        relative.push("..");
    }
    None
}

/// Reads the settings file found from the working folder, if any.
///
/// # Errors
///
/// A file that cannot be read or holds a problem: every error names the file and the key.
pub fn load() -> Result<Option<Config>, ConfigError> {
    let Ok(working) = std::env::current_dir() else {
        return Ok(None);
    };
    let Some(file) = find(&working) else {
        return Ok(None);
    };
    let text = std::fs::read_to_string(&file).map_err(|error| ConfigError {
        message: format!(
            "cannot read the settings file `{}`: {error}",
            file.display()
        ),
        place: file.display().to_string(),
        help: "make it readable UTF-8 text, or remove it".to_owned(),
    })?;
    Config::parse(&file, &text).map(Some)
}

impl Config {
    /// Checks the text of the settings file at `file` (the path as found from the working
    /// folder; folders in the file are taken relative to its folder).
    ///
    /// # Errors
    ///
    /// The first problem, naming the file, the line and column, and the key.
    pub fn parse(file: &Path, text: &str) -> Result<Config, ConfigError> {
        let error = |message: String, span: Option<Range<usize>>, help: &str| ConfigError {
            message,
            place: place(file, text, span),
            help: help.to_owned(),
        };
        let raw: RawConfig = toml::from_str(text).map_err(|e| {
            let message = e
                .message()
                .trim_end()
                .replace("expected i64", "expected a whole number");
            // An unknown key: with a "did you mean" and the list of settings.
            if let Some(key) = message
                .strip_prefix("unknown field `")
                .and_then(|rest| rest.split('`').next())
            {
                let mut message = format!("unknown setting `{key}` in `{}`", file.display());
                if let Some(near) = crate::claims::did_you_mean(key, &KEYS) {
                    message.push_str(&format!("; did you mean `{near}`?"));
                }
                return error(
                    message,
                    key_span(text, key).or(e.span()),
                    &format!("the settings are {}", KEYS.join(", ")),
                );
            }
            let key = e.span().and_then(|span| key_at(text, span.start));
            let message = match key {
                Some(key) if !message.contains(&format!("`{key}`")) => {
                    format!("`{key}`: {message}")
                }
                _ => message,
            };
            error(
                format!("{message} in `{}`", file.display()),
                e.span(),
                "see the settings in docs/config.md",
            )
        })?;
        let folder = file.parent().unwrap_or(Path::new(""));
        let mut config = Config {
            file: file.to_path_buf(),
            ..Config::default()
        };
        let in_file = |key: &str| format!("`{key}` in `{}`", file.display());

        // Without the key, the folders are `claims` and `corpus` beside the file, so every
        // folder of the project finds them.
        let folder_of = |value: Option<Spanned<String>>, default: &str| {
            Some(folder.join(value.map_or_else(|| default.to_owned(), Spanned::into_inner)))
        };
        config.claims = folder_of(raw.claims, "claims");
        config.corpus = folder_of(raw.corpus, "corpus");

        if let Some(format) = raw.format {
            let names: Vec<String> = Format::value_variants()
                .iter()
                .filter_map(|f| f.to_possible_value().map(|v| v.get_name().to_owned()))
                .collect();
            config.format = Some(one_of(
                &format,
                &names,
                &in_file("format"),
                |message, span, help| error(message, span, help),
            )?);
        }
        if let Some(color) = raw.color {
            let names: Vec<String> = ColorChoice::value_variants()
                .iter()
                .filter_map(|c| c.to_possible_value().map(|v| v.get_name().to_owned()))
                .collect();
            config.color = Some(one_of(
                &color,
                &names,
                &in_file("color"),
                |message, span, help| error(message, span, help),
            )?);
        }
        if let Some(fail_on) = raw.fail_on {
            let span = fail_on.span();
            let names: Vec<String> = match fail_on.into_inner() {
                toml::Value::String(text) => text.split(',').map(|s| s.trim().to_owned()).collect(),
                toml::Value::Array(items) => {
                    let mut names = Vec::new();
                    for item in items {
                        match item {
                            toml::Value::String(name) => names.push(name),
                            _ => {
                                return Err(error(
                                    format!("{} must list verdicts as text", in_file("fail-on")),
                                    Some(span),
                                    "write e.g. `fail-on = [\"conflict\", \"missing\"]`",
                                ));
                            }
                        }
                    }
                    names
                }
                _ => {
                    return Err(error(
                        format!("{} must be a list of verdicts", in_file("fail-on")),
                        Some(span),
                        "write e.g. `fail-on = [\"conflict\", \"missing\"]`",
                    ));
                }
            };
            for name in &names {
                super::report::parse_fail_on(name).map_err(|problem| {
                    error(
                        format!("{}: {problem}", in_file("fail-on")),
                        Some(span.clone()),
                        "write e.g. `fail-on = [\"conflict\", \"missing\"]`",
                    )
                })?;
            }
            config.fail_on = names;
        }
        if let Some(jobs) = raw.jobs {
            if *jobs.get_ref() < 1 {
                return Err(error(
                    format!("{} must be a number of threads from 1", in_file("jobs")),
                    Some(jobs.span()),
                    "write e.g. `jobs = 2`, or leave it out for one thread per core",
                ));
            }
            config.jobs = Some(jobs.get_ref().to_string());
        }
        config.quiet = raw.quiet.is_some_and(|q| q.into_inner());
        if let Some(size) = raw.max_article_bytes {
            let span = size.span();
            let text = match size.into_inner() {
                toml::Value::String(text) => text,
                toml::Value::Integer(bytes) if bytes > 0 => bytes.to_string(),
                _ => String::new(),
            };
            crate::limits::parse_byte_size(&text).map_err(|problem| {
                error(
                    format!("{} must be a size: {problem}", in_file("max-article-bytes")),
                    Some(span),
                    "write e.g. `max-article-bytes = \"512M\"`",
                )
            })?;
            config.max_article_bytes = Some(text);
        }
        if let Some(claims) = raw.max_claims {
            if *claims.get_ref() < 1 {
                return Err(error(
                    format!("{} must be a number from 1", in_file("max-claims")),
                    Some(claims.span()),
                    "write e.g. `max-claims = 20000`",
                ));
            }
            config.max_claims = Some(claims.get_ref().to_string());
        }
        if let Some(fields) = raw.fields {
            for (name, field) in fields.into_inner() {
                let mapping = format!("{name}={}", field.get_ref());
                super::parse_field_mapping(&mapping).map_err(|problem| {
                    error(
                        format!("{}: {problem}", in_file(&format!("fields.{name}"))),
                        Some(field.span()),
                        "write e.g. `[fields]` then `text = \"article_body\"`",
                    )
                })?;
                config.fields.push(mapping);
            }
        }
        Ok(config)
    }

    /// The settings as default values of the options they stand for: (argument id, values,
    /// the commands it applies to, or every command when empty).
    pub fn defaults(&self) -> Vec<(&'static str, Vec<String>, &'static [&'static str])> {
        const REPORTS: &[&str] = &["report", "check"];
        let path = |p: &Option<PathBuf>| p.as_ref().map(|p| vec![p.display().to_string()]);
        let one = |v: &Option<String>| v.as_ref().map(|v| vec![v.clone()]);
        let list = |v: &Vec<String>| (!v.is_empty()).then(|| v.clone());
        let all: &'static [&'static str] = &[];
        [
            ("claims", path(&self.claims), all),
            ("corpus", path(&self.corpus), all),
            ("format", one(&self.format), REPORTS),
            ("color", one(&self.color), REPORTS),
            ("fail_on", list(&self.fail_on), &["check"]),
            ("jobs", one(&self.jobs), all),
            ("quiet", self.quiet.then(|| vec!["true".to_owned()]), all),
            ("max_article_bytes", one(&self.max_article_bytes), all),
            ("max_claims", one(&self.max_claims), all),
            ("fields", list(&self.fields), all),
        ]
        .into_iter()
        .filter_map(|(id, values, commands)| values.map(|values| (id, values, commands)))
        .collect()
    }
}

/// `value` when it is one of `names`, else an error with a "did you mean".
fn one_of(
    value: &Spanned<String>,
    names: &[String],
    key: &str,
    error: impl Fn(String, Option<Range<usize>>, &str) -> ConfigError,
) -> Result<String, ConfigError> {
    let given = value.get_ref().trim();
    if names.iter().any(|n| n == given) {
        return Ok(given.to_owned());
    }
    let candidates: Vec<&str> = names.iter().map(String::as_str).collect();
    let mut message = format!("{key}: `{given}` is not one of {}", names.join(", "));
    if let Some(near) = crate::claims::did_you_mean(given, &candidates) {
        message.push_str(&format!("; did you mean `{near}`?"));
    }
    Err(error(
        message,
        Some(value.span()),
        &format!("use one of {}", names.join(", ")),
    ))
}

/// `file:line:column` of the byte `span.start` in `text`, or the file alone.
fn place(file: &Path, text: &str, span: Option<Range<usize>>) -> String {
    match span {
        Some(span) if span.start <= text.len() => {
            let before = text.get(..span.start).unwrap_or(text);
            let line = before.matches('\n').count() + 1;
            let column = before
                .rsplit('\n')
                .next()
                .map_or(1, |start| start.chars().count() + 1);
            format!("{}:{line}:{column}", file.display())
        }
        _ => file.display().to_string(),
    }
}

/// The key set on the line holding byte `at` (`jobs` in `jobs = "two"`), if the line sets one.
fn key_at(text: &str, at: usize) -> Option<String> {
    let start = text.get(..at)?.rfind('\n').map_or(0, |i| i + 1);
    let line = text.get(start..)?.lines().next()?;
    let (key, _) = line.split_once('=')?;
    let key = key.trim().trim_matches('"');
    (!key.is_empty() && !key.starts_with('[') && !key.starts_with('#')).then(|| key.to_owned())
}

/// Where the key `key` is set in `text`: the start of its line.
fn key_span(text: &str, key: &str) -> Option<Range<usize>> {
    let mut offset = 0;
    for line in text.split_inclusive('\n') {
        let trimmed = line.trim_start();
        if let Some(rest) = trimmed.strip_prefix(key)
            && rest.trim_start().starts_with('=')
        {
            let at = offset + (line.len() - trimmed.len());
            return Some(at..at + key.len());
        }
        offset += line.len();
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> Result<Config, String> {
        Config::parse(Path::new("crosscheck.toml"), text).map_err(|e| e.to_string())
    }

    #[test]
    fn every_setting_is_read() {
        let config = parse(
            "claims = \"facts\"\ncorpus = \"articles\"\nformat = \"json\"\ncolor = \"never\"\n\
             fail-on = [\"conflict\", \"missing\"]\njobs = 2\nquiet = true\n\
             max-article-bytes = \"512M\"\nmax-claims = 20000\n[fields]\ntext = \"body\"\n",
        )
        .expect("valid");
        assert_eq!(config.claims, Some(PathBuf::from("facts")));
        assert_eq!(config.corpus, Some(PathBuf::from("articles")));
        assert_eq!(config.format.as_deref(), Some("json"));
        assert_eq!(config.color.as_deref(), Some("never"));
        assert_eq!(config.fail_on, vec!["conflict", "missing"]);
        assert_eq!(config.jobs.as_deref(), Some("2"));
        assert!(config.quiet);
        assert_eq!(config.max_article_bytes.as_deref(), Some("512M"));
        assert_eq!(config.max_claims.as_deref(), Some("20000"));
        assert_eq!(config.fields, vec!["text=body"]);
        // A comma-separated text is a list too.
        assert_eq!(
            parse("fail-on = \"conflict, single\"\n")
                .expect("valid")
                .fail_on,
            vec!["conflict", "single"]
        );
    }

    #[test]
    fn the_example_of_the_docs_is_valid() {
        let page = include_str!("../../docs/config.md");
        let example = page
            .split("```toml\n")
            .nth(1)
            .and_then(|rest| rest.split("```").next())
            .expect("a toml example in docs/config.md");
        let config = parse(example).expect("the example is valid");
        assert_eq!(config.fail_on, vec!["conflict", "missing"]);
        assert_eq!(config.fields, vec!["text=article_body"]);
        // And the file `init` writes.
        let written = parse(super::super::init::CONFIG).expect("init's settings are valid");
        assert_eq!(written.fail_on, vec!["conflict"]);
    }

    #[test]
    fn folders_are_relative_to_the_file() {
        let config = Config::parse(Path::new("../../crosscheck.toml"), "corpus = \"news\"\n")
            .expect("valid");
        assert_eq!(config.corpus, Some(PathBuf::from("../../news")));
        let absolute = Config::parse(Path::new("../crosscheck.toml"), "corpus = \"/srv/news\"\n")
            .expect("valid");
        assert_eq!(absolute.corpus, Some(PathBuf::from("/srv/news")));
        // Unset, they are `claims` and `corpus` beside the file.
        assert_eq!(absolute.claims, Some(PathBuf::from("../claims")));
        let here = Config::parse(Path::new("crosscheck.toml"), "").expect("valid");
        assert_eq!(here.claims, Some(PathBuf::from("claims")));
        assert_eq!(here.corpus, Some(PathBuf::from("corpus")));
    }

    #[test]
    fn a_file_is_found_here_or_above() {
        let dir = tempfile::tempdir().expect("temp dir");
        let deep = dir.path().join("a/b");
        std::fs::create_dir_all(&deep).expect("mkdir");
        std::fs::write(dir.path().join(FILE_NAME), "").expect("write");
        assert_eq!(find(&deep), Some(PathBuf::from("../../crosscheck.toml")));
        assert_eq!(find(dir.path()), Some(PathBuf::from("crosscheck.toml")));
    }

    #[test]
    fn each_problem_names_the_file_the_key_and_what_to_do() {
        assert_eq!(
            parse("format = \"jsn\"\n").unwrap_err(),
            "error: `format` in `crosscheck.toml`: `jsn` is not one of table, json, markdown, \
             junit, sarif, github, claimreview, html; did you mean `json`?\n  --> \
             crosscheck.toml:1:10\n   = help: use one of table, json, markdown, junit, sarif, \
             github, claimreview, html"
        );
        assert_eq!(
            parse("claims = \"c\"\nfial-on = \"missing\"\n").unwrap_err(),
            "error: unknown setting `fial-on` in `crosscheck.toml`; did you mean `fail-on`?\n  \
             --> crosscheck.toml:2:1\n   = help: the settings are claims, corpus, format, \
             color, fail-on, jobs, quiet, max-article-bytes, max-claims, fields"
        );
        assert_eq!(
            parse("fail-on = [\"conflicts\"]\n").unwrap_err(),
            "error: `fail-on` in `crosscheck.toml`: `conflicts` is not a verdict; did you \
             mean `conflict`? use conflict, single, unstated or missing\n  --> crosscheck.toml:1:11\n   = help: \
             write e.g. `fail-on = [\"conflict\", \"missing\"]`"
        );
        assert_eq!(
            parse("jobs = 0\n").unwrap_err(),
            "error: `jobs` in `crosscheck.toml` must be a number of threads from 1\n  --> \
             crosscheck.toml:1:8\n   = help: write e.g. `jobs = 2`, or leave it out for one \
             thread per core"
        );
        let wrong_type = parse("jobs = \"two\"\n").unwrap_err();
        assert!(
            wrong_type.starts_with(
                "error: `jobs`: invalid type: string \"two\", expected a whole number"
            ),
            "{wrong_type}"
        );
        assert!(
            wrong_type.contains("  --> crosscheck.toml:1:8\n"),
            "{wrong_type}"
        );
        let syntax = parse("corpus = \n").unwrap_err();
        assert!(syntax.starts_with("error: "), "{syntax}");
        assert!(syntax.contains("in `crosscheck.toml`"), "{syntax}");
        assert!(syntax.contains("--> crosscheck.toml:1:"), "{syntax}");
        assert_eq!(
            parse("max-article-bytes = \"lots\"\n").unwrap_err(),
            "error: `max-article-bytes` in `crosscheck.toml` must be a size: `lots` is not a \
             size; write bytes or a number with K, M or G, e.g. 512M\n  --> \
             crosscheck.toml:1:21\n   = help: write e.g. `max-article-bytes = \"512M\"`"
        );
    }
}
