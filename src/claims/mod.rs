//! Claims: loading and validating the YAML files that say what to look for.
//!
//! A claims folder holds `*.yaml` / `*.yml` files (searched recursively, read in sorted path
//! order); each file has a top-level `claims:` list of one or more claims. See
//! docs/claims.md for the schema. [`load_claims`] reads a folder, [`parse_claims_str`]
//! one file's text.
//!
//! Validation is strict — unknown keys, wrong types and inconsistent fields are errors — and
//! exhaustive: every problem in every file is collected into one [`ClaimErrors`], each naming
//! `file:line:column` (columns in characters) and saying how to fix it, rendered like rustc's
//! diagnostics.
//!
//! # Why not `serde_yaml`
//!
//! `serde_yaml` reports the position of the first error only, and its values carry no
//! positions, so it cannot point at every unknown key of every claim. The files are read with
//! `saphyr-parser`, a YAML 1.2 parser whose events carry character-counted spans, into a small
//! positioned tree (`yaml` module) that the validator walks. Plain scalars are typed by the
//! YAML 1.2 core schema (`5000000` is a number, `"5000000"` is text, `yes` is text).
//!
//! # Limits
//!
//! A claim file is small, so files over [`MAX_FILE_BYTES`] are refused, as are YAML anchors,
//! aliases and tags (never expanded, so an alias bomb cannot grow), nesting deeper than 32
//! levels and more than 100 000 values in one file. An anchor or choice phrase may have at
//! most 200 words and 2,000 characters, and a folder at most [`crate::limits::max_claims`]
//! claims (10,000 unless `--max-claims` raises it). Files and folders whose names start with
//! `.` (editor backups, `.git`) are skipped. [`crate::limits`] lists every limit.

pub mod edit;
mod error;
mod validate;
mod yaml;

pub use error::{ClaimError, ClaimErrors};

use crate::value::{Kind, Value};
use serde::{Serialize, Serializer};
use std::collections::BTreeMap;
use std::fmt;
use std::io::Read;
use std::path::{Path, PathBuf};

/// The largest claim file crosscheck reads: 10 MB. Real files are a few kilobytes.
pub const MAX_FILE_BYTES: u64 = crate::limits::MAX_CLAIM_FILE_BYTES;

/// The deepest YAML nesting a claim file may use.
pub const MAX_YAML_DEPTH: usize = yaml::MAX_DEPTH;

/// The most YAML values (scalars, lists, mappings) one claim file may hold.
pub const MAX_YAML_NODES: usize = yaml::MAX_NODES;

/// The default number of words allowed between an anchor and the value it locates.
pub const DEFAULT_MAX_DISTANCE: usize = 8;

/// The default fuzzy similarity (0..=1) an anchor must reach to match.
pub const DEFAULT_THRESHOLD: f64 = 0.85;

/// One claim: a fact to find in every article, and how to read and compare it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Claim {
    /// Unique id, `[a-z0-9-]+`.
    pub id: String,
    /// A one-line description for reports.
    pub title: String,
    /// What kind of value the claim asks for.
    pub kind: Kind,
    /// Phrases that locate the claim in an article (matched fuzzily); at least one, none blank.
    pub anchors: Vec<String>,
    /// Unit shown next to quantities ("shells").
    pub unit: Option<String>,
    /// Quantity claims: the nouns the value counts (`[طن, أطنان, tonne]`). A value followed
    /// by one is preferred, one followed by another noun is not taken, and the Arabic dual of
    /// one (`سدين`) states 2 ([`crate::counted`]). Empty: any value.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub unit_words: Vec<String>,
    /// How far two quantities may differ and still agree; `None` means they must be equal.
    /// Only quantity claims have one.
    pub tolerance: Option<Tolerance>,
    /// Whether qualifiers ("more than", "nearly") are compared as stated or as bounds.
    pub compare: Compare,
    /// The reviewed value, of the claim's kind; `None` compares sources with each other.
    #[serde(serialize_with = "serialize_optional_value")]
    pub expected: Option<Value>,
    /// Whether the claim is checked (`active`), reported only (`review`) or skipped (`retired`).
    pub status: Status,
    /// Whether a conflict fails `check` (`error`) or is only reported (`warning`).
    pub severity: Severity,
    /// How much text around an anchor is searched for the value.
    pub window: Window,
    /// Most words allowed between the anchor and the value.
    pub max_distance: usize,
    /// Fuzzy similarity an anchor must reach, 0..=1.
    pub threshold: f64,
    /// Whether an anchor's last word may carry an inflectional ending (`معتقل` finds
    /// `المعتقلين`, `refugee` finds `refugees`; see [`crate::inflect`]). `inflect: false`
    /// matches the anchors literally: a name, a code. On by default.
    #[serde(skip_serializing_if = "is_true")]
    pub inflect: bool,
    /// Free text for reviewers.
    pub note: Option<String>,
    /// A reviewed conflict that no longer fails `check`.
    pub accepted: Option<Accepted>,
    /// For choice claims: the labelled alternatives, in file order. Empty for other kinds.
    pub choices: Vec<Choice>,
    /// The claim file this claim was read from (as found under the claims folder).
    pub file: PathBuf,
    /// 1-based line of the claim's `- id:` item in `file`.
    pub line: usize,
    /// 1-based line of each key written in the claim (for tools that edit one line of the
    /// file, such as `claim promote`). Keys left out (defaults) are absent.
    #[serde(skip)]
    pub key_lines: BTreeMap<String, usize>,
}

/// Whether `value` is true: the default of [`Claim::inflect`], left out when serialised.
fn is_true(value: &bool) -> bool {
    *value
}

impl Claim {
    /// The choice with this label, when the claim has one.
    pub fn choice(&self, label: &str) -> Option<&Choice> {
        self.choices.iter().find(|c| c.label == label)
    }
}

/// How far two quantities may differ and still agree.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Tolerance {
    /// A fraction of the larger value: `5%` is `Relative(0.05)`.
    Relative(f64),
    /// An absolute difference: `1000` is `Absolute(1000.0)`.
    Absolute(f64),
}

impl fmt::Display for Tolerance {
    /// As written in a claim file: `5%` or `1000`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match *self {
            // Round away the float noise of `0.07 * 100.0`.
            Tolerance::Relative(fraction) => {
                write!(f, "{}%", (fraction * 100.0 * 1e9).round() / 1e9)
            }
            Tolerance::Absolute(amount) => write!(f, "{amount}"),
        }
    }
}

impl Serialize for Tolerance {
    /// `"5%"` for a relative tolerance, a number for an absolute one — as in the claim file.
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match *self {
            Tolerance::Relative(_) => serializer.serialize_str(&self.to_string()),
            // Whole amounts print as integers (`1000`, not `1000.0`), as in the claim file.
            Tolerance::Absolute(amount)
                if amount.fract() == 0.0 && amount.abs() < 9_007_199_254_740_992.0 =>
            {
                serializer.serialize_i64(amount as i64)
            }
            Tolerance::Absolute(amount) => serializer.serialize_f64(amount),
        }
    }
}

/// Defines a lowercase keyword enum used in claim files, with its names, parsing and
/// serialisation.
macro_rules! keyword_enum {
    (
        $(#[$meta:meta])*
        $name:ident, default $default:ident {
            $( $(#[$vmeta:meta])* $variant:ident => $text:literal ),+ $(,)?
        }
    ) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
        #[serde(rename_all = "lowercase")]
        pub enum $name {
            $( $(#[$vmeta])* $variant, )+
        }

        impl $name {
            /// Every value, in documentation order.
            pub const ALL: &'static [$name] = &[$($name::$variant),+];

            /// The lowercase keyword used in claim files and JSON.
            pub fn as_str(self) -> &'static str {
                match self {
                    $($name::$variant => $text,)+
                }
            }

            /// The value a keyword names, if any (exact, lowercase).
            pub fn from_name(name: &str) -> Option<$name> {
                match name {
                    $($text => Some($name::$variant),)+
                    _ => None,
                }
            }
        }

        impl Default for $name {
            fn default() -> $name {
                $name::$default
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(self.as_str())
            }
        }
    };
}

keyword_enum! {
    /// How qualified quantities are compared (docs/claims.md, "Verdicts").
    Compare, default Stated {
        /// The stated figures are compared; qualifiers are shown but not used (the default).
        Stated => "stated",
        /// Each qualifier becomes an interval; values agree when intervals overlap.
        Bounds => "bounds",
    }
}

keyword_enum! {
    /// Where a claim stands in review.
    Status, default Active {
        /// Checked by `check` (the default).
        Active => "active",
        /// Reported, never fails a build.
        Review => "review",
        /// Skipped.
        Retired => "retired",
    }
}

keyword_enum! {
    /// Whether a failing claim fails `check`.
    Severity, default Error {
        /// Fails `check` (the default).
        Error => "error",
        /// Reported only.
        Warning => "warning",
    }
}

keyword_enum! {
    /// How much text around an anchor is searched for the value.
    Window, default Clause {
        /// The anchor's clause (the default).
        Clause => "clause",
        /// The anchor's sentence.
        Sentence => "sentence",
    }
}

/// A reviewed conflict: the values a person has looked at and accepted as not a contradiction.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Accepted {
    /// The values of the reviewed conflict, of the claim's kind; at least one.
    #[serde(serialize_with = "serialize_values")]
    pub values: Vec<Value>,
    /// Why they do not contradict each other.
    pub reason: Option<String>,
}

/// One alternative of a choice claim.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Choice {
    /// The label reported as the value (`smith`).
    pub label: String,
    /// Phrases that name this alternative in text (matched fuzzily); at least one, none blank.
    pub phrases: Vec<String>,
}

/// Every claim of a claims folder, sorted by id (ids are unique).
#[derive(Debug, Clone, PartialEq, Default, Serialize)]
pub struct ClaimSet {
    /// The claims, sorted by id.
    pub claims: Vec<Claim>,
    /// What the loader skipped and the user should hear about (a pipe or device named like a
    /// claim file), one line each, without the `warning: ` prefix.
    #[serde(skip)]
    pub warnings: Vec<String>,
}

impl ClaimSet {
    /// Build a set from claims with unique ids, sorting them by id.
    pub fn new(mut claims: Vec<Claim>) -> ClaimSet {
        claims.sort_by(|a, b| a.id.cmp(&b.id));
        ClaimSet {
            claims,
            warnings: Vec::new(),
        }
    }

    /// The claim with this id.
    pub fn get(&self, id: &str) -> Option<&Claim> {
        self.claims
            .binary_search_by(|claim| claim.id.as_str().cmp(id))
            .ok()
            .and_then(|index| self.claims.get(index))
    }

    /// How many claims there are.
    pub fn len(&self) -> usize {
        self.claims.len()
    }

    /// Whether there are none.
    pub fn is_empty(&self) -> bool {
        self.claims.is_empty()
    }

    /// The claims in id order.
    pub fn iter(&self) -> std::slice::Iter<'_, Claim> {
        self.claims.iter()
    }
}

impl<'a> IntoIterator for &'a ClaimSet {
    type Item = &'a Claim;
    type IntoIter = std::slice::Iter<'a, Claim>;
    fn into_iter(self) -> Self::IntoIter {
        self.claims.iter()
    }
}

/// Load every claim file under `dir` (recursively, `*.yaml` and `*.yml`, sorted by path) and
/// validate all of them, ids unique across files.
///
/// Returns every problem found in every file at once. A missing folder, a folder with no claim
/// files, an unreadable, non-UTF-8 or over-large file are problems too.
pub fn load_claims(dir: &Path) -> Result<ClaimSet, ClaimErrors> {
    let (files, warnings) = claim_files(dir)?;
    let limit = crate::limits::max_claims();
    let mut errors = Vec::new();
    let mut claims = Vec::new();
    let mut ids = Vec::new();
    for path in files {
        match read_claim_file(&path) {
            Ok(text) => {
                let outcome = validate::validate_file(&path, &text);
                claims.extend(outcome.claims);
                ids.extend(outcome.ids);
                errors.extend(outcome.errors);
            }
            Err(error) => errors.push(*error),
        }
        // Stop as soon as the limit is passed: memory stays bounded by the limit, not by
        // whatever the folder holds.
        if ids.len().max(claims.len()) > limit {
            return Err(ClaimErrors::new(vec![too_many_claims(dir, limit)]));
        }
    }
    errors.extend(validate::duplicate_ids(&ids));
    if errors.is_empty() {
        let mut set = ClaimSet::new(claims);
        set.warnings = warnings;
        Ok(set)
    } else {
        Err(ClaimErrors::new(errors))
    }
}

/// Parse and validate the text of one claim file; `path` is used in messages and recorded in
/// each claim. Claims come back in file order. Ids are checked for uniqueness within the text
/// only.
pub fn parse_claims_str(path: &Path, text: &str) -> Result<Vec<Claim>, ClaimErrors> {
    if text.len() as u64 > MAX_FILE_BYTES {
        return Err(ClaimErrors::new(vec![too_large(path, text.len() as u64)]));
    }
    let outcome = validate::validate_file(path, text);
    let mut errors = outcome.errors;
    errors.extend(validate::duplicate_ids(&outcome.ids));
    if errors.is_empty() {
        Ok(outcome.claims)
    } else {
        Err(ClaimErrors::new(errors))
    }
}

/// The closest of `candidates` to a mistyped `given`, if one is close enough — the same
/// "did you mean" used for claim keys and keywords (Jaro-Winkler similarity ≥ 0.8,
/// case-insensitive), for callers that suggest claim ids (`--claim artilery-shells`).
pub fn did_you_mean<'c>(given: &str, candidates: &[&'c str]) -> Option<&'c str> {
    validate::did_you_mean(given, candidates)
}

/// A problem with the folder or a file as a whole, with no position in it.
fn whole(path: &Path, message: String, help: &str) -> ClaimError {
    ClaimError {
        file: path.to_path_buf(),
        line: 0,
        column: 0,
        message,
        help: Some(help.to_string()),
        source_line: None,
        span_len: 0,
    }
}

/// Names every option `claim new` needs without a terminal, so the command works as written.
const CREATE_HELP: &str = "write a claim with `crosscheck claim new --id ID --kind KIND --anchor \
     PHRASE --title TEXT` (or start a project with `crosscheck init`), or point to the folder that \
     holds your claim files with `--claims DIR`";

/// The claim files under `dir` (or `dir` itself when it is a claim file), sorted, and a warning for each entry named like a claim file
/// that is not a regular file (a FIFO, socket or device: opening a FIFO would wait forever).
fn claim_files(dir: &Path) -> Result<(Vec<PathBuf>, Vec<String>), ClaimErrors> {
    let fail = |message: String, help: &str| Err(ClaimErrors::new(vec![whole(dir, message, help)]));
    match std::fs::metadata(dir) {
        Err(error) if error.kind() == std::io::ErrorKind::NotFound => {
            return fail(
                format!("claims folder `{}` does not exist", dir.display()),
                CREATE_HELP,
            );
        }
        Err(error) => {
            return fail(
                format!("cannot read claims folder `{}`: {error}", dir.display()),
                "check that the folder exists and that you may read it",
            );
        }
        // One claim file is a claims folder of one (`--claims shells.yaml`).
        Ok(meta) if meta.is_file() && is_yaml(dir) => {
            return Ok((vec![dir.to_path_buf()], Vec::new()));
        }
        Ok(meta) if !meta.is_dir() => {
            return fail(
                format!(
                    "`{}` is neither a folder nor a claim file (`*.yaml`, `*.yml`)",
                    dir.display()
                ),
                "pass a claim file or the folder that holds the claim files with `--claims`",
            );
        }
        Ok(_) => {}
    }

    let mut files = Vec::new();
    let mut errors = Vec::new();
    let mut warnings = Vec::new();
    let walker = walkdir::WalkDir::new(dir)
        .follow_links(true)
        .into_iter()
        // Skip hidden entries below the root (editor backups, `.git`), never the root itself.
        .filter_entry(|entry| {
            entry.depth() == 0 || !entry.file_name().to_string_lossy().starts_with('.')
        });
    for entry in walker {
        match entry {
            Ok(entry) => {
                let kind = entry.file_type();
                if kind.is_file() && is_yaml(entry.path()) {
                    files.push(entry.into_path());
                } else if !kind.is_file() && !kind.is_dir() && is_yaml(entry.path()) {
                    warnings.push(format!(
                        "{}: skipped: not a regular file (a pipe, socket or device); claim \
                         files must be regular files",
                        entry.path().display()
                    ));
                }
            }
            Err(error) => {
                let path = error.path().unwrap_or(dir).to_path_buf();
                let dangling = error
                    .io_error()
                    .is_some_and(|io| io.kind() == std::io::ErrorKind::NotFound);
                if dangling && !is_yaml(&path) {
                    // A broken link named like anything but a claim file loses no claim.
                    continue;
                }
                errors.push(if let Some(ancestor) = error.loop_ancestor() {
                    whole(
                        &path,
                        format!(
                            "`{}` is a symbolic link loop (it leads back to `{}`)",
                            path.display(),
                            ancestor.display()
                        ),
                        "remove the link, or point it at a folder outside the claims folder",
                    )
                } else if dangling {
                    whole(
                        &path,
                        format!(
                            "`{}` is a broken symbolic link (what it points to does not exist)",
                            path.display()
                        ),
                        "remove the link, or point it at an existing claim file",
                    )
                } else {
                    let reason = error
                        .io_error()
                        .map_or_else(|| error.to_string(), ToString::to_string);
                    whole(
                        &path,
                        format!("cannot read `{}`: {reason}", path.display()),
                        "check that it exists and that you may read it",
                    )
                });
            }
        }
    }
    if !errors.is_empty() {
        return Err(ClaimErrors::new(errors));
    }
    if files.is_empty() {
        return fail(
            format!("no claim files (`*.yaml`, `*.yml`) in `{}`", dir.display()),
            CREATE_HELP,
        );
    }
    files.sort();
    warnings.sort();
    Ok((files, warnings))
}

/// Whether `path` is named like a claim file: `.yaml` or `.yml`, in any letter case.
fn is_yaml(path: &Path) -> bool {
    path.extension()
        .is_some_and(|ext| ext.eq_ignore_ascii_case("yaml") || ext.eq_ignore_ascii_case("yml"))
}

fn too_many_claims(dir: &Path, limit: usize) -> ClaimError {
    whole(
        dir,
        format!(
            "more than {limit} claims under `{}`, the most crosscheck loads",
            dir.display()
        ),
        "check that `--claims` names your claim folder; to load more claims, raise the limit \
         with `--max-claims N`",
    )
}

fn too_large(path: &Path, bytes: u64) -> ClaimError {
    whole(
        path,
        format!(
            "claim file is {bytes} bytes, over the {} MB limit",
            MAX_FILE_BYTES / (1024 * 1024)
        ),
        "a claim file holds a handful of claims: check that this is a claim file, or split it",
    )
}

/// Read a claim file as UTF-8, refusing files over [`MAX_FILE_BYTES`].
fn read_claim_file(path: &Path) -> Result<String, Box<ClaimError>> {
    let unreadable = |error: std::io::Error| {
        Box::new(whole(
            path,
            format!("cannot read claim file: {error}"),
            "check that the file exists and that you may read it",
        ))
    };
    let file = std::fs::File::open(path).map_err(unreadable)?;
    let mut bytes = Vec::new();
    // Read one byte past the limit, so a file that grows while we read is still refused.
    file.take(MAX_FILE_BYTES + 1)
        .read_to_end(&mut bytes)
        .map_err(unreadable)?;
    if bytes.len() as u64 > MAX_FILE_BYTES {
        let size = std::fs::metadata(path)
            .map(|m| m.len())
            .unwrap_or(bytes.len() as u64);
        return Err(Box::new(too_large(path, size)));
    }
    String::from_utf8(bytes).map_err(|error| {
        let valid = error.utf8_error().valid_up_to();
        let bytes = error.as_bytes();
        let before = String::from_utf8_lossy(bytes.get(..valid).unwrap_or(&[]));
        // Lines as YAML breaks them (`\n`, `\r\n`, a lone `\r`), like every other position.
        let lines = validate::yaml_lines(&before);
        let line = lines.len();
        let column = lines.last().map_or(0, |last| last.chars().count()) + 1;
        Box::new(ClaimError {
            file: path.to_path_buf(),
            line,
            column,
            message: "claim file is not valid UTF-8".to_string(),
            help: Some("save the file as UTF-8 (the encoding every editor offers)".to_string()),
            source_line: None,
            span_len: 1,
        })
    })
}

fn serialize_optional_value<S: Serializer>(
    value: &Option<Value>,
    serializer: S,
) -> Result<S::Ok, S::Error> {
    match value {
        Some(value) => value.to_json().serialize(serializer),
        None => serializer.serialize_none(),
    }
}

fn serialize_values<S: Serializer>(values: &[Value], serializer: S) -> Result<S::Ok, S::Error> {
    serializer.collect_seq(values.iter().map(Value::to_json))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tolerances_print_as_written() {
        assert_eq!(Tolerance::Relative(0.05).to_string(), "5%");
        assert_eq!(Tolerance::Relative(0.07).to_string(), "7%");
        assert_eq!(Tolerance::Relative(0.025).to_string(), "2.5%");
        assert_eq!(Tolerance::Absolute(1000.0).to_string(), "1000");
        assert_eq!(
            serde_json::to_string(&Tolerance::Absolute(1000.0)).ok(),
            Some("1000".to_string())
        );
    }

    #[test]
    fn keywords_round_trip() {
        for status in Status::ALL {
            assert_eq!(Status::from_name(status.as_str()), Some(*status));
        }
        assert_eq!(Window::from_name("Sentence"), None);
        assert_eq!(Severity::default(), Severity::Error);
        assert_eq!(Compare::default().to_string(), "stated");
    }

    #[test]
    fn suggests_claim_ids() {
        let ids = ["artillery-shells", "putin-previous-visit"];
        assert_eq!(
            did_you_mean("artilery-shells", &ids),
            Some("artillery-shells")
        );
        assert_eq!(did_you_mean("merger", &ids), None);
    }
}
