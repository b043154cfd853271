//! Turning a positioned YAML tree into [`Claim`]s, collecting every problem on the way.
//!
//! Each claim is checked key by key, and a claim with one bad key still has all its other keys
//! checked, so a file's problems are all reported in one run. Keys that depend on the kind
//! (`tolerance`, `expected`, `choices`, `accepted`) are checked against it only when the kind
//! itself is valid, so one mistake does not cascade into several messages.

use super::yaml::{self, Node, NodeData, Pos, Style};
use super::{
    Accepted, Choice, Claim, ClaimError, Compare, DEFAULT_MAX_DISTANCE, DEFAULT_THRESHOLD,
    Severity, Status, Tolerance, Window,
};
use crate::limits::{MAX_ANCHOR_CHARS, MAX_ANCHOR_WORDS};
use crate::value::{Kind, PartialDate, Value, days_in_month};
use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};

/// Every key a claim may have, in documentation order.
pub(crate) const CLAIM_KEYS: &[&str] = &[
    "id",
    "title",
    "kind",
    "anchors",
    "unit",
    "unit_words",
    "tolerance",
    "compare",
    "expected",
    "status",
    "severity",
    "window",
    "max_distance",
    "threshold",
    "inflect",
    "note",
    "accepted",
    "choices",
];

/// Keys every claim must have.
const REQUIRED_KEYS: &[&str] = &["id", "title", "kind", "anchors"];

/// Keys of the `accepted` mapping.
const ACCEPTED_KEYS: &[&str] = &["values", "reason"];

/// Keys of a claim file's top-level mapping.
const TOP_KEYS: &[&str] = &["claims"];

/// Where a claim's id was written, for the check that ids are unique across files.
#[derive(Debug, Clone)]
pub(crate) struct IdSite {
    id: String,
    file: PathBuf,
    line: usize,
    column: usize,
    len: usize,
    source_line: Option<String>,
}

/// What one file gave: its valid claims, the ids of all its claims (valid or not), and every
/// problem found in it.
#[derive(Debug, Default)]
pub(crate) struct FileOutcome {
    pub claims: Vec<Claim>,
    pub ids: Vec<IdSite>,
    pub errors: Vec<ClaimError>,
}

/// Errors for every id used more than once, each at the later use and naming the first.
pub(crate) fn duplicate_ids(sites: &[IdSite]) -> Vec<ClaimError> {
    let mut first: HashMap<&str, &IdSite> = HashMap::new();
    let mut errors = Vec::new();
    for site in sites {
        match first.get(site.id.as_str()) {
            None => {
                first.insert(site.id.as_str(), site);
            }
            Some(original) => errors.push(ClaimError {
                file: site.file.clone(),
                line: site.line,
                column: site.column,
                message: format!(
                    "duplicate id `{}`: already the id of the claim at {}:{}:{}",
                    site.id,
                    original.file.display(),
                    original.line,
                    original.column
                ),
                help: Some(
                    "give each claim its own id (ids are unique across all claim files), \
                     or merge the two claims"
                        .to_string(),
                ),
                source_line: site.source_line.clone(),
                span_len: site.len,
            }),
        }
    }
    errors
}

/// Validate the text of one claim file.
pub(crate) fn validate_file(path: &Path, text: &str) -> FileOutcome {
    let text = text.strip_prefix('\u{FEFF}').unwrap_or(text);
    let lines = yaml_lines(text);
    let mut checker = Checker {
        path,
        lines: &lines,
        errors: Vec::new(),
        ids: Vec::new(),
    };
    let parsed = yaml::parse(text, &lines);
    let fatal = parsed.problems.iter().any(|problem| problem.fatal);
    for problem in parsed.problems {
        checker.error_at(problem.pos, problem.len, problem.message, problem.help);
    }
    let mut claims = Vec::new();
    if !fatal {
        match parsed.root {
            Some(root) if !root.is_null() => claims = checker.file(&root),
            _ => checker.error_at(
                Pos {
                    line: 1,
                    column: 1,
                    index: 0,
                },
                1,
                "claim file is empty".to_string(),
                "write `claims:` and a list of claims under it, or let `crosscheck claim new` \
                 write the file"
                    .to_string(),
            ),
        }
    }
    FileOutcome {
        claims,
        ids: checker.ids,
        errors: checker.errors,
    }
}

/// The lines of `text` as YAML counts them: broken by `\n`, `\r\n` or a lone `\r` (YAML 1.2
/// line breaks), so the line a parser position names is the line shown under the message.
pub(crate) fn yaml_lines(text: &str) -> Vec<&str> {
    let mut lines = Vec::new();
    let mut start = 0;
    let bytes = text.as_bytes();
    let mut at = 0;
    while at < bytes.len() {
        match bytes.get(at) {
            Some(b'\n') => {
                lines.push(text.get(start..at).unwrap_or_default());
                start = at + 1;
            }
            Some(b'\r') => {
                lines.push(text.get(start..at).unwrap_or_default());
                if bytes.get(at + 1) == Some(&b'\n') {
                    at += 1;
                }
                start = at + 1;
            }
            _ => {}
        }
        at += 1;
    }
    lines.push(text.get(start..).unwrap_or_default());
    lines
}

/// The state of checking one file.
struct Checker<'a> {
    path: &'a Path,
    lines: &'a [&'a str],
    errors: Vec<ClaimError>,
    ids: Vec<IdSite>,
}

/// A claim's name in messages: its id when it has one, else its place in the file.
type Name = String;

impl Checker<'_> {
    fn source_line(&self, line: usize) -> Option<String> {
        self.lines
            .get(line.checked_sub(1)?)
            .map(|line| line.to_string())
    }

    fn error_at(&mut self, pos: Pos, len: usize, message: String, help: String) {
        let source_line = self.source_line(pos.line);
        self.errors.push(ClaimError {
            file: self.path.to_path_buf(),
            line: pos.line,
            column: pos.column,
            message,
            help: Some(help),
            source_line,
            span_len: len.max(1),
        });
    }

    /// Report a problem with `node`, underlining it.
    fn error(&mut self, node: &Node, message: String, help: impl Into<String>) {
        if node.start == node.end && node.is_null() {
            // A value left out (`anchors:` and nothing after it): point just after the key's
            // colon or the item's dash, where the value should be written. The parser puts
            // such a value on the colon, or after the dash, so take the end of the line's
            // content instead, before any comment.
            let pos = self.where_value_goes(node.start);
            self.error_at(pos, 1, message, help.into());
            return;
        }
        let len = node.caret_len(self.lines);
        self.error_at(node.start, len, message, help.into());
    }

    /// The column just after the content of `pos`'s line (ignoring a trailing comment and
    /// spaces), and never before `pos`.
    fn where_value_goes(&self, pos: Pos) -> Pos {
        let Some(line) = pos
            .line
            .checked_sub(1)
            .and_then(|index| self.lines.get(index))
        else {
            return pos;
        };
        let chars: Vec<char> = line.chars().collect();
        let from = pos.column.saturating_sub(1).min(chars.len());
        let mut end = chars.len();
        // A comment starts with `#` after a space (YAML), at or after the value's place.
        if let Some(hash) = (from..chars.len()).find(|&i| {
            chars.get(i) == Some(&'#')
                && (i == 0 || chars.get(i - 1).is_some_and(|c| c.is_whitespace()))
        }) {
            end = hash;
        }
        while end > from && chars.get(end - 1).is_some_and(|c| c.is_whitespace()) {
            end -= 1;
        }
        Pos {
            column: end.max(from) + 1,
            ..pos
        }
    }

    /// Check the top-level mapping and every claim under `claims:`.
    fn file(&mut self, root: &Node) -> Vec<Claim> {
        const TOP_HELP: &str = "a claim file is a mapping: put `claims:` on the first line and \
                                the list of claims, each starting with `- id:`, under it";
        let entries = match &root.data {
            NodeData::Mapping(entries) => entries,
            NodeData::Sequence(_) => {
                self.error(
                    root,
                    "the file is a list, not a mapping with `claims:`".to_string(),
                    TOP_HELP,
                );
                return Vec::new();
            }
            NodeData::Scalar { text, .. } => {
                self.error(
                    root,
                    format!(
                        "the file holds only the text `{}`, not a mapping with `claims:`",
                        shorten(text)
                    ),
                    TOP_HELP,
                );
                return Vec::new();
            }
            NodeData::Alias => return Vec::new(),
        };
        let keys = self.keys(entries, TOP_KEYS, "at the top of the file", |_| {
            "a claim file has only `claims:` at the top".to_string()
        });
        let Some((_, claims)) = keys.fields.get("claims") else {
            if !keys.suggested.contains("claims") {
                self.error(
                    root,
                    "no `claims:` at the top of the file".to_string(),
                    TOP_HELP,
                );
            }
            return Vec::new();
        };
        const LIST_HELP: &str = "list the claims under `claims:`, each starting with `- id:` \
                                 indented by two spaces";
        let items = match &claims.data {
            NodeData::Sequence(items) if !items.is_empty() => items,
            NodeData::Sequence(_) => {
                self.error(claims, "`claims` is an empty list".to_string(), LIST_HELP);
                return Vec::new();
            }
            NodeData::Scalar { .. } if claims.is_null() => {
                self.error(claims, "`claims` is empty".to_string(), LIST_HELP);
                return Vec::new();
            }
            NodeData::Scalar { .. } | NodeData::Mapping(_) => {
                self.error(
                    claims,
                    "`claims` must be a list of claims".to_string(),
                    "start each claim with `- ` (a dash and a space): `- id: …`, then its \
                     other keys lined up under `id`",
                );
                return Vec::new();
            }
            NodeData::Alias => return Vec::new(),
        };
        let mut valid = Vec::new();
        for (index, item) in items.iter().enumerate() {
            if let Some(claim) = self.claim(item, index + 1) {
                valid.push(claim);
            }
        }
        valid
    }

    /// Sort a mapping's entries into known keys, reporting unknown, duplicate and non-text
    /// keys. `context` ends messages ("in claim `x`"); `all_keys_help` lists the valid keys.
    fn keys<'n>(
        &mut self,
        entries: &'n [(Node, Node)],
        known: &[&'static str],
        context: &str,
        all_keys_help: impl Fn(&[&str]) -> String,
    ) -> Keys<'n> {
        let mut keys = Keys::default();
        for (key, value) in entries {
            let Some((name, _)) = key.scalar().filter(|(name, _)| !name.trim().is_empty()) else {
                if !matches!(key.data, NodeData::Alias) {
                    self.error(
                        key,
                        format!("a key must be a plain name {context}"),
                        "write keys as `name: value`; a `?` or a list is not a key",
                    );
                }
                continue;
            };
            match known.iter().find(|k| **k == name) {
                Some(known_name) => {
                    if let Some((first, _)) = keys.fields.get(known_name) {
                        let first_line = first.start.line;
                        self.error(
                            key,
                            format!("key `{name}` appears twice {context}"),
                            format!("remove one of them (the first is on line {first_line})"),
                        );
                    } else {
                        keys.fields.insert(known_name, (key, value));
                    }
                }
                None => {
                    let help = match did_you_mean(name, known) {
                        Some(suggestion) => {
                            keys.suggested.insert(suggestion);
                            format!("did you mean `{suggestion}`?")
                        }
                        None => all_keys_help(known),
                    };
                    self.error(key, format!("unknown key `{name}` {context}"), help);
                }
            }
        }
        keys
    }

    /// Check one item of the `claims:` list; the claim when it has no problem.
    fn claim(&mut self, item: &Node, number: usize) -> Option<Claim> {
        const CLAIM_HELP: &str = "write each claim as keys under a dash: `- id: …`, then \
                                  `title:`, `kind:` and `anchors:` lined up under `id`";
        let entries = match &item.data {
            NodeData::Mapping(entries) if !entries.is_empty() => entries,
            NodeData::Alias => return None,
            NodeData::Scalar { .. } if item.is_null() => {
                self.error(item, format!("claim #{number} is empty"), CLAIM_HELP);
                return None;
            }
            _ => {
                self.error(
                    item,
                    format!("claim #{number} is not a mapping of keys"),
                    CLAIM_HELP,
                );
                return None;
            }
        };
        let errors_before = self.errors.len();

        // Name the claim by its id in every message, when it has one.
        let id_node = entries
            .iter()
            .find(|(key, _)| key.scalar().is_some_and(|(k, _)| k == "id"))
            .map(|(_, value)| value);
        let name: Name = match id_node.and_then(|node| node.scalar()) {
            Some((text, _)) if !text.trim().is_empty() => format!("claim `{}`", text.trim()),
            _ => format!("claim #{number}"),
        };

        let keys = self.keys(entries, CLAIM_KEYS, &format!("in {name}"), |known| {
            format!("remove it; a claim's keys are {}", backticked(known))
        });
        for required in REQUIRED_KEYS {
            if !keys.fields.contains_key(required) && !keys.suggested.contains(required) {
                let first_key = entries.first().map_or(item, |(key, _)| key);
                let help = match *required {
                    "id" => "add `id: a-short-name` (lowercase letters, digits and `-`)",
                    "title" => "add `title: …`, a one-line description of the fact",
                    "kind" => "add `kind: quantity` (or `year`, `date`, `choice`)",
                    _ => {
                        "add `anchors: [phrase, another phrase]`, the phrases that locate the \
                         claim in an article"
                    }
                };
                self.error(first_key, format!("{name} has no `{required}`"), help);
            }
        }
        let field = |key: &str| keys.fields.get(key).map(|(_, value)| *value);

        let id = field("id").and_then(|node| self.id(node));
        let title = field("title").and_then(|node| self.text(node, "title", &name));
        const KINDS: &[&str] = &["quantity", "year", "date", "choice"];
        let kind_by_name = |text: &str| Kind::ALL.iter().copied().find(|k| k.as_str() == text);
        let kind =
            field("kind").and_then(|node| self.keyword(node, "kind", &name, KINDS, kind_by_name));
        // With a misspelt kind, check the keys that depend on it against the suggested kind,
        // so their problems are reported in this run too.
        let kind_for_checks = kind.or_else(|| {
            let (text, _) = field("kind")?.scalar()?;
            did_you_mean(text, KINDS).and_then(kind_by_name)
        });
        let anchors = field("anchors").and_then(|node| self.anchors(node, &name));
        let unit = field("unit").and_then(|node| self.text(node, "unit", &name));
        let unit_words = field("unit_words").and_then(|node| {
            let words = self.phrases(node, "unit_words", "unit word", &name)?;
            match kind_for_checks {
                Some(Kind::Quantity) | None => Some(words),
                Some(other) => {
                    let key = keys.fields.get("unit_words").map_or(node, |(key, _)| *key);
                    self.error(
                        key,
                        format!(
                            "`unit_words` applies only to quantity claims, and {name} is a \
                             {other} claim"
                        ),
                        "remove `unit_words`: only a number counts nouns",
                    );
                    None
                }
            }
        });
        let compare = field("compare").map(|node| {
            self.keyword(
                node,
                "compare",
                &name,
                &names(Compare::ALL),
                Compare::from_name,
            )
        });
        let status = field("status").map(|node| {
            self.keyword(
                node,
                "status",
                &name,
                &names(Status::ALL),
                Status::from_name,
            )
        });
        let severity = field("severity").map(|node| {
            self.keyword(
                node,
                "severity",
                &name,
                &names(Severity::ALL),
                Severity::from_name,
            )
        });
        let window = field("window").map(|node| {
            self.keyword(
                node,
                "window",
                &name,
                &names(Window::ALL),
                Window::from_name,
            )
        });
        let max_distance = field("max_distance").map(|node| self.max_distance(node, &name));
        let threshold = field("threshold").map(|node| self.threshold(node, &name));
        let inflect = field("inflect").map(|node| self.boolean(node, "inflect", &name));
        let note = field("note").and_then(|node| self.text(node, "note", &name));

        // Kind-dependent keys.
        let tolerance = field("tolerance").and_then(|node| {
            let tolerance = self.tolerance(node, &name)?;
            match kind_for_checks {
                Some(Kind::Quantity) | None => Some(tolerance),
                Some(other) => {
                    let key = keys.fields.get("tolerance").map_or(node, |(key, _)| *key);
                    self.error(
                        key,
                        format!(
                            "`tolerance` applies only to quantity claims, and {name} is a {other} \
                             claim"
                        ),
                        "remove `tolerance`: years, dates and choices agree only when equal",
                    );
                    None
                }
            }
        });
        let mut labels: Option<Vec<String>> = None;
        let choices = match (field("choices"), kind_for_checks) {
            (Some(node), Some(Kind::Choice) | None) => {
                let (choices, valid_labels) = self.choices(node, &name);
                labels = Some(valid_labels);
                choices
            }
            (Some(node), Some(other)) => {
                let key = keys.fields.get("choices").map_or(node, |(key, _)| *key);
                self.error(
                    key,
                    format!(
                        "`choices` applies only to choice claims, and {name} is a {other} claim"
                    ),
                    "remove `choices`, or set `kind: choice`",
                );
                None
            }
            (None, Some(Kind::Choice)) => {
                let first_key = entries.first().map_or(item, |(key, _)| key);
                if !keys.suggested.contains("choices") {
                    self.error(
                        first_key,
                        format!("{name} is of kind choice but has no `choices`"),
                        "add `choices:` with one `label: [phrase, another phrase]` line for \
                         each alternative",
                    );
                }
                None
            }
            (None, _) => Some(Vec::new()),
        };
        let labels: Option<Vec<&str>> = labels
            .as_ref()
            .map(|labels| labels.iter().map(String::as_str).collect());
        let expected = field("expected").and_then(|node| {
            self.value(
                node,
                kind_for_checks?,
                labels.as_deref(),
                &Field::Expected,
                &name,
            )
        });
        let accepted = field("accepted").and_then(|node| {
            let key = keys.fields.get("accepted").map_or(node, |(key, _)| *key);
            self.accepted(key, node, kind_for_checks, labels.as_deref(), &name)
        });

        if let (Some(id), Some(node)) = (&id, field("id")) {
            self.ids.push(IdSite {
                id: id.clone(),
                file: self.path.to_path_buf(),
                line: node.start.line,
                column: node.start.column,
                len: node.caret_len(self.lines),
                source_line: self.source_line(node.start.line),
            });
        }
        if self.errors.len() != errors_before {
            return None;
        }
        let key_lines = keys
            .fields
            .iter()
            .map(|(name, (key, _))| (name.to_string(), key.start.line))
            .collect();
        Some(Claim {
            id: id?,
            title: title?,
            kind: kind?,
            anchors: anchors?,
            unit,
            unit_words: unit_words.unwrap_or_default(),
            tolerance,
            compare: compare.flatten().unwrap_or_default(),
            expected,
            status: status.flatten().unwrap_or_default(),
            severity: severity.flatten().unwrap_or_default(),
            window: window.flatten().unwrap_or_default(),
            max_distance: max_distance.flatten().unwrap_or(DEFAULT_MAX_DISTANCE),
            threshold: threshold.flatten().unwrap_or(DEFAULT_THRESHOLD),
            inflect: inflect.flatten().unwrap_or(true),
            note,
            accepted,
            choices: choices?,
            file: self.path.to_path_buf(),
            line: item.start.line,
            key_lines,
        })
    }

    /// A single line of text: any scalar that is not null or blank. Numbers are taken as
    /// written (`title: 2000` is the title "2000").
    fn text(&mut self, node: &Node, key: &str, name: &str) -> Option<String> {
        match &node.data {
            NodeData::Alias => None,
            NodeData::Scalar { text, .. } if !node.is_null() && !text.trim().is_empty() => {
                Some(text.trim().to_string())
            }
            NodeData::Scalar { .. } => {
                self.error(
                    node,
                    format!("`{key}` is empty in {name}"),
                    format!("write the {key} after `{key}:`, or remove the key"),
                );
                None
            }
            NodeData::Sequence(_) | NodeData::Mapping(_) => {
                self.error(
                    node,
                    format!("`{key}` must be text, not a {}", collection_noun(node)),
                    format!("write it on one line: `{key}: …`"),
                );
                None
            }
        }
    }

    fn id(&mut self, node: &Node) -> Option<String> {
        let id = self.text(node, "id", "this claim")?;
        let valid = id
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-');
        if valid {
            return Some(id);
        }
        let slug = slug(&id);
        let example = if slug.is_empty() {
            "artillery-shells".to_string()
        } else {
            slug
        };
        self.error(
            node,
            format!("invalid id `{id}`"),
            format!("use only lowercase letters a-z, digits and `-`, e.g. `{example}`"),
        );
        // Keep the id for the uniqueness check: a duplicate is worth knowing about too.
        Some(id)
    }

    /// One of a fixed set of lowercase words.
    fn keyword<T>(
        &mut self,
        node: &Node,
        key: &str,
        name: &str,
        allowed: &[&str],
        parse: impl Fn(&str) -> Option<T>,
    ) -> Option<T> {
        let text = self.text(node, key, name)?;
        if let Some(value) = parse(&text) {
            return Some(value);
        }
        let help = match did_you_mean(&text, allowed) {
            Some(suggestion) => format!("did you mean `{suggestion}`?"),
            None => format!("use one of {}", backticked(allowed)),
        };
        self.error(node, format!("unknown {key} `{text}` in {name}"), help);
        None
    }

    /// A list of non-blank phrases (`anchors`, a choice's phrases).
    fn phrases(&mut self, node: &Node, key: &str, what: &str, name: &str) -> Option<Vec<String>> {
        let example = |text: &str| {
            let flow_safe = !text.contains([
                '[', ']', '{', '}', '#', '"', '\'', '&', '*', '!', '|', '>', '%', '@', '`',
            ]) && !text.contains(": ");
            if flow_safe {
                format!("`{key}: [{text}]`")
            } else {
                format!("`{key}: [first phrase, second phrase]`")
            }
        };
        let items = match &node.data {
            NodeData::Alias => return None,
            NodeData::Sequence(items) if !items.is_empty() => items,
            NodeData::Scalar { text, .. } if !node.is_null() && !text.trim().is_empty() => {
                self.error(
                    node,
                    format!("`{key}` must be a list in {name}"),
                    format!("write a list: {}", example(text.trim())),
                );
                return None;
            }
            NodeData::Mapping(_) => {
                self.error(
                    node,
                    format!("`{key}` must be a list of {what}s in {name}, not a mapping"),
                    format!(
                        "write a list: {}; put a phrase containing `: ` in quotes",
                        example("first phrase, second phrase")
                    ),
                );
                return None;
            }
            _ => {
                self.error(
                    node,
                    format!("`{key}` is empty in {name}"),
                    format!(
                        "list at least one {what}: {}",
                        example("first phrase, second phrase")
                    ),
                );
                return None;
            }
        };
        let mut phrases = Vec::new();
        let mut ok = true;
        for (index, item) in items.iter().enumerate() {
            let number = index + 1;
            match &item.data {
                NodeData::Alias => ok = false,
                NodeData::Scalar { text, .. } if !item.is_null() && !text.trim().is_empty() => {
                    let phrase = text.trim();
                    let words = phrase.split_whitespace().count();
                    let chars = phrase.chars().count();
                    if words > MAX_ANCHOR_WORDS || chars > MAX_ANCHOR_CHARS {
                        ok = false;
                        self.error(
                            item,
                            format!(
                                "{what} {number} of `{key}` is too long in {name}: {words} words \
                                 and {chars} characters, over the limit of {MAX_ANCHOR_WORDS} \
                                 words or {MAX_ANCHOR_CHARS} characters"
                            ),
                            "a phrase locates the statement with a few distinctive words, as \
                             the articles write them; keep two or three, and list variants as \
                             separate items",
                        );
                        continue;
                    }
                    phrases.push(phrase.to_string());
                }
                NodeData::Scalar { .. } => {
                    ok = false;
                    self.error(
                        item,
                        format!("{what} {number} of `{key}` is empty in {name}"),
                        "write a phrase, or remove this item",
                    );
                }
                NodeData::Sequence(_) | NodeData::Mapping(_) => {
                    ok = false;
                    self.error(
                        item,
                        format!(
                            "{what} {number} of `{key}` must be text, not a {}, in {name}",
                            collection_noun(item)
                        ),
                        "write one phrase per item; put a phrase containing `: ` or `, ` in quotes",
                    );
                }
            }
        }
        ok.then_some(phrases)
    }

    fn anchors(&mut self, node: &Node, name: &str) -> Option<Vec<String>> {
        self.phrases(node, "anchors", "anchor", name)
    }

    fn tolerance(&mut self, node: &Node, name: &str) -> Option<Tolerance> {
        let text = self.text(node, "tolerance", name)?;
        const HELP: &str =
            "write `5%` for a relative tolerance, or a number such as `1000` for an absolute one";
        let (number, relative) = match text.strip_suffix('%') {
            Some(number) => (number.trim_end(), true),
            None => (text.as_str(), false),
        };
        match decimal(number) {
            Some(amount) if amount < 0.0 => {
                self.error(
                    node,
                    format!("`tolerance` must not be negative in {name}, got `{text}`"),
                    HELP,
                );
                None
            }
            Some(amount) if relative => Some(Tolerance::Relative(amount / 100.0)),
            Some(amount) => Some(Tolerance::Absolute(amount)),
            None => {
                self.error(node, format!("invalid tolerance `{text}` in {name}"), HELP);
                None
            }
        }
    }

    /// `true` or `false`, written without quotes.
    fn boolean(&mut self, node: &Node, key: &str, name: &str) -> Option<bool> {
        if let NodeData::Scalar { text, style } = &node.data
            && !node.is_null()
        {
            let value = match text.trim() {
                "true" => Some(true),
                "false" => Some(false),
                _ => None,
            };
            match (value, style) {
                (Some(value), Style::Plain) => return Some(value),
                (Some(value), _) => {
                    self.error(
                        node,
                        format!("`{key}` is `{value}` in quotes in {name}"),
                        format!(
                            "remove the quotes: `{key}: {value}` (in quotes YAML reads it as text)"
                        ),
                    );
                    return None;
                }
                (None, _) => {}
            }
        }
        if matches!(node.data, NodeData::Alias) {
            return None;
        }
        self.error(
            node,
            format!("`{key}` must be `true` or `false` in {name}"),
            format!("write `{key}: false` to match the anchors literally (a name, a code), or remove the key (the default is true)"),
        );
        None
    }

    /// A number written without quotes; quoted numbers get a hint.
    fn number(&mut self, node: &Node, key: &str, name: &str, example: &str) -> Option<f64> {
        let (text, style) = match &node.data {
            NodeData::Alias => return None,
            NodeData::Scalar { text, style } if !node.is_null() => (text.as_str(), *style),
            _ => {
                self.error(
                    node,
                    format!("`{key}` must be a number in {name}"),
                    format!("write a number: `{key}: {example}`"),
                );
                return None;
            }
        };
        match (decimal(text.trim()), style) {
            (Some(number), Style::Plain) => Some(number),
            (Some(_), _) => {
                self.error(
                    node,
                    format!("`{key}` is a number in quotes in {name}"),
                    format!(
                        "remove the quotes: `{key}: {}` (in quotes YAML reads it as text)",
                        text.trim()
                    ),
                );
                None
            }
            (None, _) => {
                self.error(
                    node,
                    format!(
                        "`{key}` must be a number in {name}, got `{}`",
                        shorten(text)
                    ),
                    format!("write a number: `{key}: {example}`"),
                );
                None
            }
        }
    }

    fn max_distance(&mut self, node: &Node, name: &str) -> Option<usize> {
        let number = self.number(node, "max_distance", name, "8")?;
        if number < 0.0 || number.fract() != 0.0 || number > u32::MAX as f64 {
            self.error(
                node,
                format!("`max_distance` must be a whole number of words in {name}, got `{number}`"),
                "write how many words may stand between anchor and value, e.g. `max_distance: 8`",
            );
            return None;
        }
        Some(number as usize)
    }

    fn threshold(&mut self, node: &Node, name: &str) -> Option<f64> {
        let number = self.number(node, "threshold", name, "0.85")?;
        if (0.0..=1.0).contains(&number) {
            return Some(number);
        }
        let help = if number > 1.0 && number <= 100.0 {
            format!(
                "a similarity is a fraction from 0 to 1: for {number} % write `threshold: {}`",
                number / 100.0
            )
        } else {
            "a similarity is a fraction from 0 to 1, e.g. `threshold: 0.85`".to_string()
        };
        self.error(
            node,
            format!("`threshold` must be between 0 and 1 in {name}, got `{number}`"),
            help,
        );
        None
    }

    /// `choices:` — a mapping from label to phrases, in file order, when it has no problem;
    /// and the labels written correctly, even if their phrases have problems, to check
    /// `expected` against.
    fn choices(&mut self, node: &Node, name: &str) -> (Option<Vec<Choice>>, Vec<String>) {
        const HELP: &str = "under `choices:` write one `label: [phrase, another phrase]` line \
                            for each alternative, without `- `";
        let entries = match &node.data {
            NodeData::Alias => return (None, Vec::new()),
            NodeData::Mapping(entries) if !entries.is_empty() => entries,
            NodeData::Mapping(_) => {
                self.error(node, format!("`choices` is empty in {name}"), HELP);
                return (None, Vec::new());
            }
            NodeData::Scalar { .. } if node.is_null() => {
                self.error(node, format!("`choices` is empty in {name}"), HELP);
                return (None, Vec::new());
            }
            _ => {
                self.error(
                    node,
                    format!("`choices` must map each label to its phrases in {name}"),
                    HELP,
                );
                return (None, Vec::new());
            }
        };
        let mut choices: Vec<Choice> = Vec::new();
        let mut labels: Vec<String> = Vec::new();
        let mut lines: HashMap<String, usize> = HashMap::new();
        let mut ok = true;
        for (key, value) in entries {
            let label = match key.scalar() {
                Some((text, _)) if !key.is_null() && !text.trim().is_empty() => {
                    text.trim().to_string()
                }
                _ => {
                    if !matches!(key.data, NodeData::Alias) {
                        self.error(
                            key,
                            format!("a choice label must be a word in {name}"),
                            "write the label before the colon: `smith: [Jane Smith]`",
                        );
                    }
                    ok = false;
                    continue;
                }
            };
            if let Some(first) = lines.get(&label) {
                let first = *first;
                self.error(
                    key,
                    format!("choice `{label}` appears twice in {name}"),
                    format!("merge its phrases into the first `{label}` (line {first})"),
                );
                ok = false;
                continue;
            }
            lines.insert(label.clone(), key.start.line);
            labels.push(label.clone());
            match self.phrases(value, &label, "phrase", name) {
                Some(phrases) => choices.push(Choice { label, phrases }),
                None => ok = false,
            }
        }
        (ok.then_some(choices), labels)
    }

    /// A value of the claim's kind (`expected`, or an item of `accepted.values`).
    fn value(
        &mut self,
        node: &Node,
        kind: Kind,
        labels: Option<&[&str]>,
        field: &Field,
        name: &str,
    ) -> Option<Value> {
        let what = field.describe();
        let (text, style) = match &node.data {
            NodeData::Alias => return None,
            NodeData::Scalar { text, style } if !node.is_null() => (text.trim(), *style),
            NodeData::Scalar { .. } => {
                self.error(
                    node,
                    format!("{what} is empty in {name}"),
                    format!(
                        "write the reviewed {kind} value, e.g. {}, or remove it",
                        field.example(kind.example())
                    ),
                );
                return None;
            }
            NodeData::Sequence(_) | NodeData::Mapping(_) => {
                self.error(
                    node,
                    format!(
                        "{what} must be one value, not a {}, in {name}",
                        collection_noun(node)
                    ),
                    format!(
                        "write a single {kind} value: {}",
                        field.example(kind.example())
                    ),
                );
                return None;
            }
        };
        match kind {
            Kind::Quantity => self
                .quantity(node, text, style, field, name)
                .map(Value::Quantity),
            Kind::Year => {
                let year = self.quantity(node, text, style, field, name)?;
                if year.fract() == 0.0 && (1.0..=9999.0).contains(&year) {
                    return Some(Value::Year(year as i32));
                }
                self.error(
                    node,
                    format!("{what} must be a year from 1 to 9999 in {name}, got `{text}`"),
                    format!("write the year in digits: {}", field.example("2000")),
                );
                None
            }
            Kind::Date => match parse_date(text) {
                Ok(date) => Some(Value::Date(date)),
                Err(problem) => {
                    self.error(
                        node,
                        format!("invalid date `{text}` in {what} of {name}{problem}"),
                        format!(
                            "write `YYYY`, `YYYY-MM` or `YYYY-MM-DD`, e.g. {}",
                            field.example("2024-06-19")
                        ),
                    );
                    None
                }
            },
            Kind::Choice => {
                // Without valid choices there is nothing to check the label against; the
                // choices' own problems are already reported.
                let labels = labels?;
                if labels.contains(&text) {
                    return Some(Value::Choice(text.to_string()));
                }
                let help = match did_you_mean(text, labels) {
                    Some(suggestion) => format!("did you mean `{suggestion}`?"),
                    None => format!(
                        "use one of the labels under `choices`: {}",
                        backticked(labels)
                    ),
                };
                self.error(
                    node,
                    format!("{what} is `{text}`, which is not one of the choices of {name}"),
                    help,
                );
                None
            }
        }
    }

    /// A number for a quantity or year value, with hints for quoted numbers, separators and
    /// non-Western digits.
    fn quantity(
        &mut self,
        node: &Node,
        text: &str,
        style: Style,
        field: &Field,
        name: &str,
    ) -> Option<f64> {
        let what = field.describe();
        if let (Some(number), Style::Plain) = (decimal(text), style) {
            return Some(number);
        }
        if decimal(text).is_some() {
            self.error(
                node,
                format!("{what} is a number in quotes in {name}"),
                format!(
                    "remove the quotes: {} (in quotes YAML reads it as text)",
                    field.example(text)
                ),
            );
            return None;
        }
        let western: String = text
            .chars()
            .filter_map(|c| match c {
                '٠'..='٩' => char::from_digit(c as u32 - '٠' as u32, 10),
                '۰'..='۹' => char::from_digit(c as u32 - '۰' as u32, 10),
                ',' | '_' | ' ' | '٬' | '\u{00A0}' | '\u{202F}' => None,
                '٫' => Some('.'),
                _ => Some(c),
            })
            .collect();
        let help = match decimal(&western) {
            Some(_) => format!(
                "write the number with the digits 0-9 and no separators: {}",
                field.example(&western)
            ),
            None => format!("write the number in digits: {}", field.example("5000000")),
        };
        self.error(
            node,
            format!("{what} must be a number in {name}, got `{}`", shorten(text)),
            help,
        );
        None
    }

    /// `accepted:` (`key` is the `accepted` key itself, `node` its value).
    fn accepted(
        &mut self,
        key: &Node,
        node: &Node,
        kind: Option<Kind>,
        labels: Option<&[&str]>,
        name: &str,
    ) -> Option<Accepted> {
        const HELP: &str = "write `accepted:`, then `values: [a, b]` and `reason: …` indented \
                            under it (or let `crosscheck accept` write it)";
        let entries = match &node.data {
            NodeData::Alias => return None,
            NodeData::Mapping(entries) => entries,
            _ => {
                self.error(
                    node,
                    format!("`accepted` must be a mapping with `values` and `reason` in {name}"),
                    HELP,
                );
                return None;
            }
        };
        let keys = self.keys(
            entries,
            ACCEPTED_KEYS,
            &format!("in `accepted` of {name}"),
            |_| "`accepted` has only `values` and `reason`".to_string(),
        );
        let reason = keys
            .fields
            .get("reason")
            .and_then(|(_, value)| self.text(value, "reason", name));
        let Some((_, values)) = keys.fields.get("values") else {
            if !keys.suggested.contains("values") {
                self.error(
                    key,
                    format!("`accepted` has no `values` in {name}"),
                    "add `values: [a, b]`, the values of the reviewed conflict",
                );
            }
            return None;
        };
        let items = match &values.data {
            NodeData::Alias => return None,
            NodeData::Sequence(items) if !items.is_empty() => items,
            NodeData::Scalar { text, .. } if !values.is_null() => {
                self.error(
                    values,
                    format!("`values` of `accepted` must be a list in {name}"),
                    format!("write a list: `values: [{}, …]`", text.trim()),
                );
                return None;
            }
            _ => {
                self.error(
                    values,
                    format!("`values` of `accepted` is empty in {name}"),
                    "list the values of the reviewed conflict: `values: [a, b]`",
                );
                return None;
            }
        };
        // The values can be typed only once the kind is known.
        let kind = kind?;
        let mut accepted = Vec::new();
        let mut ok = true;
        for (index, item) in items.iter().enumerate() {
            match self.value(item, kind, labels, &Field::Accepted(index + 1), name) {
                Some(value) => accepted.push(value),
                None => ok = false,
            }
        }
        (ok && keys.fields.get("reason").is_none_or(|_| reason.is_some())).then_some(Accepted {
            values: accepted,
            reason,
        })
    }
}

/// The known keys found in a mapping, and the keys suggested for unknown ones (so a misspelt
/// required key is reported once, as unknown, and not again as missing).
#[derive(Default)]
struct Keys<'n> {
    fields: BTreeMap<&'static str, (&'n Node, &'n Node)>,
    suggested: std::collections::BTreeSet<&'static str>,
}

/// Which value a message is about.
enum Field {
    Expected,
    /// 1-based item of `accepted.values`.
    Accepted(usize),
}

impl Field {
    fn describe(&self) -> String {
        match self {
            Field::Expected => "`expected`".to_string(),
            Field::Accepted(number) => format!("accepted value {number}"),
        }
    }

    /// How the value is written in this field.
    fn example(&self, value: &str) -> String {
        match self {
            Field::Expected => format!("`expected: {value}`"),
            Field::Accepted(_) => format!("`values: [{value}, …]`"),
        }
    }
}

trait KindExample {
    fn example(self) -> &'static str;
}

impl KindExample for Kind {
    /// A typical value of this kind, as written in a claim file.
    fn example(self) -> &'static str {
        match self {
            Kind::Quantity => "5000000",
            Kind::Year => "2000",
            Kind::Date => "2024-06-19",
            Kind::Choice => "smith",
        }
    }
}

/// The closest of `candidates` to a mistyped `given`, if one is close enough (Jaro-Winkler
/// similarity of at least 0.8, case-insensitive — the measure favours a shared beginning,
/// which is how keys and keywords are usually misspelt: `anchor`, `quantiy`, `treshold`).
pub(crate) fn did_you_mean<'c>(given: &str, candidates: &[&'c str]) -> Option<&'c str> {
    let given = given.trim().to_lowercase();
    let mut best: Option<(&str, f64)> = None;
    for candidate in candidates {
        let score = strsim::jaro_winkler(&given, candidate);
        if score >= 0.8 && best.is_none_or(|(_, best_score)| score > best_score) {
            best = Some((candidate, score));
        }
    }
    best.map(|(candidate, _)| candidate)
}

/// A YAML 1.2 core-schema number written in decimal: `5000000`, `-3`, `1.5`, `.5`, `1e6`.
/// (Hex, octal, `.inf` and `.nan` are not values a claim needs.)
pub(crate) fn decimal(text: &str) -> Option<f64> {
    let bytes = text.as_bytes();
    let mut i = 0;
    if matches!(bytes.first(), Some(b'+' | b'-')) {
        i += 1;
    }
    let digits_before = bytes
        .get(i..)?
        .iter()
        .take_while(|b| b.is_ascii_digit())
        .count();
    i += digits_before;
    let mut digits_after = 0;
    if bytes.get(i) == Some(&b'.') {
        i += 1;
        digits_after = bytes
            .get(i..)?
            .iter()
            .take_while(|b| b.is_ascii_digit())
            .count();
        i += digits_after;
    }
    if digits_before + digits_after == 0 {
        return None;
    }
    if matches!(bytes.get(i), Some(b'e' | b'E')) {
        i += 1;
        if matches!(bytes.get(i), Some(b'+' | b'-')) {
            i += 1;
        }
        let exponent = bytes
            .get(i..)?
            .iter()
            .take_while(|b| b.is_ascii_digit())
            .count();
        if exponent == 0 {
            return None;
        }
        i += exponent;
    }
    if i != bytes.len() {
        return None;
    }
    text.parse::<f64>().ok().filter(|n| n.is_finite())
}

/// Parse `YYYY`, `YYYY-MM` or `YYYY-MM-DD`; the error is a suffix for the message
/// (`": there is no month 13"`), empty when the shape itself is wrong.
pub(crate) fn parse_date(text: &str) -> Result<PartialDate, String> {
    let parts: Vec<&str> = text.split('-').collect();
    let digits =
        |part: &str, width: usize| part.len() == width && part.bytes().all(|b| b.is_ascii_digit());
    let shape_ok = match parts.as_slice() {
        [year] => digits(year, 4),
        [year, month] => digits(year, 4) && digits(month, 2),
        [year, month, day] => digits(year, 4) && digits(month, 2) && digits(day, 2),
        _ => false,
    };
    if !shape_ok {
        return Err(String::new());
    }
    let number = |index: usize| parts.get(index).and_then(|part| part.parse::<u32>().ok());
    let year = number(0).and_then(|y| i32::try_from(y).ok());
    let month = number(1);
    let day = number(2);
    let Some(year) = year.filter(|y| *y >= 1) else {
        return Err(": there is no year 0".to_string());
    };
    let month = match month {
        None => None,
        Some(m @ 1..=12) => Some(m as u8),
        Some(m) => return Err(format!(": there is no month {m}")),
    };
    let day = match (month, day) {
        (Some(m), Some(d)) => {
            let last = days_in_month(m, Some(year));
            if d == 0 || d > u32::from(last) {
                return Err(format!(
                    ": {} {year} has {last} days",
                    MONTH_NAMES
                        .get(usize::from(m) - 1)
                        .copied()
                        .unwrap_or("that month")
                ));
            }
            Some(d as u8)
        }
        _ => None,
    };
    Ok(PartialDate {
        year: Some(year),
        month,
        day,
    })
}

const MONTH_NAMES: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

/// `a-z0-9-` version of a rejected id, to suggest: `Artillery_Shells` → `artillery-shells`.
fn slug(id: &str) -> String {
    let mut slug = String::new();
    for c in id.chars() {
        if c.is_ascii_alphanumeric() {
            slug.push(c.to_ascii_lowercase());
        } else if !slug.ends_with('-') && !slug.is_empty() {
            slug.push('-');
        }
    }
    slug.trim_end_matches('-').to_string()
}

fn names<T: Copy + Into<&'static str>>(all: &[T]) -> Vec<&'static str> {
    all.iter().map(|value| (*value).into()).collect()
}

macro_rules! into_str {
    ($($name:ty),+) => {$(
        impl From<$name> for &'static str {
            fn from(value: $name) -> &'static str {
                value.as_str()
            }
        }
    )+};
}
into_str!(Compare, Status, Severity, Window);

/// "`a`, `b` and `c`".
fn backticked(items: &[&str]) -> String {
    let quoted: Vec<String> = items.iter().map(|item| format!("`{item}`")).collect();
    match quoted.split_last() {
        Some((last, rest)) if !rest.is_empty() => format!("{} or {last}", rest.join(", ")),
        Some((last, _)) => last.clone(),
        None => String::new(),
    }
}

fn collection_noun(node: &Node) -> &'static str {
    match node.data {
        NodeData::Mapping(_) => "mapping",
        _ => "list",
    }
}

/// A value quoted in a message, cut to a readable length.
fn shorten(text: &str) -> String {
    let text = text.trim();
    if text.chars().count() > 40 {
        let cut: String = text.chars().take(40).collect();
        format!("{cut}…")
    } else {
        text.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_break_where_yaml_breaks_them() {
        assert_eq!(yaml_lines("a\nb\r\nc\rd"), ["a", "b", "c", "d"]);
        assert_eq!(yaml_lines("\r\r"), ["", "", ""]);
        assert_eq!(yaml_lines(""), [""]);
        assert_eq!(yaml_lines("عنوان\n"), ["عنوان", ""]);
    }

    #[test]
    fn suggestions_for_misspelt_keys_and_words() {
        assert_eq!(did_you_mean("anchor", CLAIM_KEYS), Some("anchors"));
        assert_eq!(did_you_mean("treshold", CLAIM_KEYS), Some("threshold"));
        assert_eq!(
            did_you_mean("max-distance", CLAIM_KEYS),
            Some("max_distance")
        );
        assert_eq!(did_you_mean("Kind", CLAIM_KEYS), Some("kind"));
        assert_eq!(did_you_mean("choice", CLAIM_KEYS), Some("choices"));
        assert_eq!(
            did_you_mean("quantiy", &["quantity", "year", "date", "choice"]),
            Some("quantity")
        );
        assert_eq!(did_you_mean("colour", CLAIM_KEYS), None);
    }

    #[test]
    fn decimals_follow_the_yaml_core_schema() {
        assert_eq!(decimal("5000000"), Some(5_000_000.0));
        assert_eq!(decimal("-1.5"), Some(-1.5));
        assert_eq!(decimal(".5"), Some(0.5));
        assert_eq!(decimal("1e6"), Some(1_000_000.0));
        for text in [
            "", "-", ".", "1e", "5,000", "inf", "NaN", "0x10", "5%", "١٠",
        ] {
            assert_eq!(decimal(text), None, "{text}");
        }
    }

    #[test]
    fn dates_at_every_precision_and_their_mistakes() {
        let date = |y, m, d| PartialDate {
            year: Some(y),
            month: m,
            day: d,
        };
        assert_eq!(parse_date("2024"), Ok(date(2024, None, None)));
        assert_eq!(parse_date("2023-09"), Ok(date(2023, Some(9), None)));
        assert_eq!(parse_date("2024-02-29"), Ok(date(2024, Some(2), Some(29))));
        assert_eq!(
            parse_date("2023-02-29"),
            Err(": February 2023 has 28 days".to_string())
        );
        assert_eq!(
            parse_date("2024-13"),
            Err(": there is no month 13".to_string())
        );
        assert_eq!(parse_date("2024-6-19"), Err(String::new()));
        assert_eq!(parse_date("19-06-2024"), Err(String::new()));
        assert_eq!(parse_date("0000"), Err(": there is no year 0".to_string()));
    }

    #[test]
    fn slugs_for_rejected_ids() {
        assert_eq!(slug("Artillery_Shells"), "artillery-shells");
        assert_eq!(slug("  Putin's visit!"), "putin-s-visit");
        assert_eq!(slug("قذائف"), "");
    }

    #[test]
    fn lists_read_naturally() {
        assert_eq!(backticked(&["a"]), "`a`");
        assert_eq!(backticked(&["a", "b", "c"]), "`a`, `b` or `c`");
    }
}
