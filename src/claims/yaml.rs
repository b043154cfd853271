//! A small YAML document tree in which every node knows where it was written.
//!
//! `serde_yaml` (yaml_serde) reports a position only for the first error it meets, and its
//! values carry no positions, so it cannot say "unknown key on line 7, column 5" for every key
//! of every claim. This module builds the tree from the events of `saphyr-parser`, a YAML 1.2
//! parser whose events carry spans counted in *characters* (so columns are right for Arabic),
//! and the validator walks that tree.
//!
//! The tree is deliberately limited to what a claim file needs and refuses what could make a
//! small file expensive: anchors and aliases are reported (and never expanded, so an "alias
//! bomb" cannot grow), tags are reported, nesting deeper than [`MAX_DEPTH`] and more than
//! [`MAX_NODES`] nodes stop the file at once.

use saphyr_parser::{Event, Parser, ScalarStyle, Span};

/// The deepest nesting a claim file may use. A claim needs five levels (file mapping →
/// `claims` list → claim mapping → `accepted`/`choices` mapping → list); the margin is for
/// honest mistakes, the limit is against hostile input.
pub(crate) const MAX_DEPTH: usize = crate::limits::MAX_YAML_DEPTH;

/// How to fix nesting that is too deep.
const NESTING_HELP: &str = "a claim nests at most five levels (claims → claim → choices → \
                            label → phrases); check the brackets and the indentation";

/// The most YAML nodes one claim file may hold (a claim has about twenty).
pub(crate) const MAX_NODES: usize = crate::limits::MAX_YAML_NODES;

/// A position in the source: 1-based line, 1-based column counted in characters, and the
/// 0-based character index from the start of the text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) struct Pos {
    /// 1-based line.
    pub line: usize,
    /// 1-based column, in characters.
    pub column: usize,
    /// 0-based character index in the whole text.
    pub index: usize,
}

impl Pos {
    fn from_marker(marker: &saphyr_parser::Marker) -> Pos {
        Pos {
            line: marker.line(),
            column: marker.col() + 1,
            index: marker.index(),
        }
    }
}

/// How a scalar was written; only plain scalars can be numbers, booleans or null.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Style {
    /// Unquoted.
    Plain,
    /// In single or double quotes.
    Quoted,
    /// A `|` or `>` block.
    Block,
}

/// What a node holds.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum NodeData {
    /// A scalar and how it was written.
    Scalar { text: String, style: Style },
    /// A sequence, block or flow.
    Sequence(Vec<Node>),
    /// A mapping, keys in file order (duplicates kept: the validator reports them).
    Mapping(Vec<(Node, Node)>),
    /// An alias (`*name`). Already reported as an error; the validator skips it.
    Alias,
}

/// A YAML node and where it was written.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Node {
    /// Where the node starts (for an anchored node, at its `&name`).
    pub start: Pos,
    /// Where the node ends (exclusive).
    pub end: Pos,
    /// The node's content.
    pub data: NodeData,
}

impl Node {
    /// The scalar text and style, when this node is a scalar.
    pub fn scalar(&self) -> Option<(&str, Style)> {
        match &self.data {
            NodeData::Scalar { text, style } => Some((text.as_str(), *style)),
            _ => None,
        }
    }

    /// Whether this node is a YAML null: an empty plain value, `~` or `null`.
    pub fn is_null(&self) -> bool {
        matches!(self.scalar(), Some((text, Style::Plain)) if is_null_text(text))
    }

    /// The node's length in characters for a caret under it: its span when the span stays on
    /// its first line, otherwise up to the end of that line, and at least one character.
    pub fn caret_len(&self, lines: &[&str]) -> usize {
        let on_first_line = if self.end.line == self.start.line {
            self.end.index.saturating_sub(self.start.index)
        } else {
            let line = lines
                .get(self.start.line.saturating_sub(1))
                .copied()
                .unwrap_or("");
            line.chars()
                .count()
                .saturating_sub(self.start.column.saturating_sub(1))
        };
        on_first_line.max(1)
    }
}

/// Whether a plain scalar's text is a YAML 1.2 null.
pub(crate) fn is_null_text(text: &str) -> bool {
    matches!(text, "" | "~" | "null" | "Null" | "NULL")
}

/// A problem found while building the tree. `fatal` problems end the file's validation.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct YamlProblem {
    /// Where the problem is.
    pub pos: Pos,
    /// How many characters a caret should underline.
    pub len: usize,
    /// What is wrong.
    pub message: String,
    /// How to fix it.
    pub help: String,
    /// Whether the tree could not be built at all.
    pub fatal: bool,
}

/// The outcome of reading one YAML text.
#[derive(Debug, Default)]
pub(crate) struct Parsed {
    /// The first document's root node, when there is one and no fatal problem stopped us.
    pub root: Option<Node>,
    /// Every problem found, in order.
    pub problems: Vec<YamlProblem>,
}

/// A collection under construction.
enum Frame {
    Sequence {
        start: Pos,
        items: Vec<Node>,
    },
    Mapping {
        start: Pos,
        entries: Vec<(Node, Node)>,
        key: Option<Node>,
    },
}

/// Parse `text` (already without a byte-order mark) into a positioned tree.
///
/// `lines` are the text's lines, used to size carets and to find a tab behind a syntax error.
pub(crate) fn parse(text: &str, lines: &[&str]) -> Parsed {
    let mut parsed = Parsed::default();
    let mut parser = Parser::new_from_str(text);
    let mut stack: Vec<Frame> = Vec::new();
    let mut nodes = 0usize;
    let mut documents = 0usize;

    while let Some(next) = parser.next_event() {
        let (event, span) = match next {
            Ok(pair) => pair,
            Err(error) => {
                parsed.root = None;
                parsed
                    .problems
                    .push(syntax_problem(error.info(), error.marker(), lines));
                return parsed;
            }
        };
        let start = Pos::from_marker(&span.start);
        let is_sequence = matches!(event, Event::SequenceStart(..));
        let completed = match event {
            Event::StreamStart | Event::StreamEnd | Event::DocumentEnd | Event::Nothing => None,
            Event::DocumentStart(_) => {
                documents += 1;
                if documents > 1 {
                    parsed.problems.push(YamlProblem {
                        pos: start,
                        len: 3,
                        message: "a second YAML document in a claim file".to_string(),
                        help: "a claim file holds one document: remove this `---` and put \
                               these claims in the first document's `claims:` list"
                            .to_string(),
                        fatal: false,
                    });
                    return parsed;
                }
                None
            }
            Event::Alias(_) => {
                parsed.problems.push(YamlProblem {
                    pos: start,
                    len: span.len().max(1),
                    message: "YAML aliases (`*name`) are not allowed in claim files".to_string(),
                    help: "write the value out in full here".to_string(),
                    fatal: false,
                });
                Some(node(span, NodeData::Alias))
            }
            Event::Scalar(text, style, anchor, tag) => {
                report_anchor_and_tag(&mut parsed, start, anchor, tag.is_some());
                let style = match style {
                    ScalarStyle::Plain => Style::Plain,
                    ScalarStyle::SingleQuoted | ScalarStyle::DoubleQuoted => Style::Quoted,
                    ScalarStyle::Literal | ScalarStyle::Folded => Style::Block,
                };
                Some(node(
                    span,
                    NodeData::Scalar {
                        text: text.into_owned(),
                        style,
                    },
                ))
            }
            Event::SequenceStart(anchor, tag) | Event::MappingStart(anchor, tag) => {
                report_anchor_and_tag(&mut parsed, start, anchor, tag.is_some());
                if stack.len() >= MAX_DEPTH {
                    parsed.root = None;
                    parsed.problems.push(YamlProblem {
                        pos: start,
                        len: 1,
                        message: format!("YAML nested more than {MAX_DEPTH} levels deep"),
                        help: NESTING_HELP.to_string(),
                        fatal: true,
                    });
                    return parsed;
                }
                stack.push(if is_sequence {
                    Frame::Sequence {
                        start,
                        items: Vec::new(),
                    }
                } else {
                    Frame::Mapping {
                        start,
                        entries: Vec::new(),
                        key: None,
                    }
                });
                None
            }
            Event::SequenceEnd | Event::MappingEnd => {
                let end = Pos::from_marker(&span.end);
                match stack.pop() {
                    Some(Frame::Sequence { start, items }) => Some(Node {
                        start,
                        end,
                        data: NodeData::Sequence(items),
                    }),
                    Some(Frame::Mapping { start, entries, .. }) => Some(Node {
                        start,
                        end,
                        data: NodeData::Mapping(entries),
                    }),
                    None => None,
                }
            }
        };

        let Some(completed) = completed else { continue };
        nodes += 1;
        if nodes > MAX_NODES {
            parsed.root = None;
            parsed.problems.push(YamlProblem {
                pos: completed.start,
                len: 1,
                message: format!("more than {MAX_NODES} YAML values in one claim file"),
                help: "a claim file holds a handful of claims; check that this is a claim file, \
                       or split it"
                    .to_string(),
                fatal: true,
            });
            return parsed;
        }
        match stack.last_mut() {
            None => parsed.root = Some(completed),
            Some(Frame::Sequence { items, .. }) => items.push(completed),
            Some(Frame::Mapping { entries, key, .. }) => match key.take() {
                None => *key = Some(completed),
                Some(k) => entries.push((k, completed)),
            },
        }
    }
    parsed
}

fn node(span: Span, data: NodeData) -> Node {
    Node {
        start: Pos::from_marker(&span.start),
        end: Pos::from_marker(&span.end),
        data,
    }
}

fn report_anchor_and_tag(parsed: &mut Parsed, start: Pos, anchor: usize, tagged: bool) {
    if anchor != 0 {
        parsed.problems.push(YamlProblem {
            pos: start,
            len: 1,
            message: "YAML anchors (`&name`) are not allowed in claim files".to_string(),
            help: "remove the `&name`; write each value out in full where it is used".to_string(),
            fatal: false,
        });
    }
    if tagged {
        parsed.problems.push(YamlProblem {
            pos: start,
            len: 1,
            message: "YAML tags (`!name`, `!!str`) are not allowed in claim files".to_string(),
            help: "remove the tag; claim values are plain text, numbers and lists".to_string(),
            fatal: false,
        });
    }
}

/// Turn the parser's error into a problem with a hint for the usual causes.
fn syntax_problem(info: &str, marker: &saphyr_parser::Marker, lines: &[&str]) -> YamlProblem {
    let pos = Pos::from_marker(marker);
    // A tab in indentation surfaces as some other complaint, often on the line before; the
    // real culprit is the tab, so point at it.
    if let Some(tab) = tab_in_indentation(lines, pos.line.saturating_sub(1), pos.line + 1) {
        return YamlProblem {
            pos: tab,
            len: 1,
            message: format!("invalid YAML: a tab in indentation ({info})"),
            help: "indent with spaces: YAML does not allow tabs in indentation".to_string(),
            fatal: true,
        };
    }
    if info.contains("recursion limit") {
        // Deep `[[[[…` nesting reaches the parser's own limit before the tree's depth check.
        return YamlProblem {
            pos,
            len: 1,
            message: format!("YAML nested more than {MAX_DEPTH} levels deep ({info})"),
            help: NESTING_HELP.to_string(),
            fatal: true,
        };
    }
    let help = if info.contains("quoted scalar") {
        "a quote opened here is not closed: end the text with the same quote on this line, \
         or remove the quotes"
    } else if info.contains("flow sequence") || info.contains("',' or ']'") {
        "a `[` list is not closed: end it with `]` on the same line"
    } else if info.contains("flow mapping") || info.contains("',' or '}'") {
        "a `{` mapping is not closed: end it with `}` on the same line"
    } else if info.contains("anchor") {
        "YAML aliases (`*name`) are not used in claim files: write the value out in full, and \
         put a value that starts with `*` or `&` in quotes"
    } else if [
        "indicator",
        "mapping values",
        "indentation",
        "expected key",
        "block sequence",
    ]
    .iter()
    .any(|clue| info.contains(clue))
    {
        "check the indentation: each claim starts with `- ` under `claims:`, and its keys line \
         up under `id`; put a value containing `: ` in quotes"
    } else {
        "check the indentation and the quoting on this line and the line before"
    };
    YamlProblem {
        pos,
        len: 1,
        message: format!("invalid YAML: {info}"),
        help: help.to_string(),
        fatal: true,
    }
}

/// The first tab in the leading whitespace of lines `first_line..=last_line` (1-based), if any.
/// Only lines near the error are searched: a tab far away may be content of a `|` block.
fn tab_in_indentation(lines: &[&str], first_line: usize, last_line: usize) -> Option<Pos> {
    let mut index = 0usize;
    for (number, line) in lines.iter().enumerate().take(last_line) {
        if number + 1 < first_line {
            index += line.chars().count() + 1;
            continue;
        }
        for (column, c) in line.chars().enumerate() {
            match c {
                '\t' => {
                    return Some(Pos {
                        line: number + 1,
                        column: column + 1,
                        index: index + column,
                    });
                }
                ' ' => continue,
                _ => break,
            }
        }
        index += line.chars().count() + 1;
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse_text(text: &str) -> Parsed {
        let lines: Vec<&str> = text.lines().collect();
        parse(text, &lines)
    }

    #[test]
    fn positions_count_characters_not_bytes() {
        let parsed = parse_text("anchors: [قذيفة مدفعية, قذائف]\n");
        let Some(NodeData::Mapping(entries)) = parsed.root.map(|n| n.data) else {
            panic!("expected a mapping");
        };
        let Some((_, NodeData::Sequence(items))) = entries.first().map(|(k, v)| (k, &v.data))
        else {
            panic!("expected a sequence");
        };
        let columns: Vec<usize> = items.iter().map(|n| n.start.column).collect();
        assert_eq!(columns, vec![11, 25]);
    }

    #[test]
    fn aliases_are_reported_and_never_expanded() {
        let parsed = parse_text("a: &x [1, 2]\nb: *x\nc: *x\n");
        let messages: Vec<&str> = parsed.problems.iter().map(|p| p.message.as_str()).collect();
        assert_eq!(
            messages,
            vec![
                "YAML anchors (`&name`) are not allowed in claim files",
                "YAML aliases (`*name`) are not allowed in claim files",
                "YAML aliases (`*name`) are not allowed in claim files",
            ]
        );
        assert_eq!(parsed.problems[1].pos.line, 2);
        assert_eq!(parsed.problems[1].pos.column, 4);
    }

    #[test]
    fn deep_nesting_stops_at_the_limit() {
        // Flow nesting: our limit, at the 33rd bracket.
        let text = format!("{}{}", "[".repeat(40), "]".repeat(40));
        let parsed = parse_text(&text);
        assert!(parsed.root.is_none());
        assert_eq!(parsed.problems.len(), 1);
        assert_eq!(
            parsed.problems[0].message,
            "YAML nested more than 32 levels deep"
        );
        assert_eq!(parsed.problems[0].pos.column, 33);

        // Block nesting, one level per line.
        let text: String = (0..200)
            .map(|depth| format!("{}- \n", "  ".repeat(depth)))
            .collect();
        let parsed = parse_text(&text);
        assert!(parsed.root.is_none());
        assert_eq!(
            parsed.problems[0].message,
            "YAML nested more than 32 levels deep"
        );

        // Far deeper flow nesting is refused by the scanner itself, still without a crash,
        // and said in the same words.
        let text = format!("{}{}", "[".repeat(100_000), "]".repeat(100_000));
        let parsed = parse_text(&text);
        assert!(parsed.root.is_none());
        assert_eq!(
            parsed.problems[0].message,
            "YAML nested more than 32 levels deep (recursion limit exceeded)"
        );
        assert_eq!(parsed.problems[0].help, NESTING_HELP);
    }

    #[test]
    fn too_many_nodes_stop_the_file() {
        let text = format!("[{}]", "1,".repeat(MAX_NODES + 5));
        let parsed = parse_text(&text);
        assert!(parsed.root.is_none());
        assert_eq!(
            parsed.problems[0].message,
            "more than 100000 YAML values in one claim file"
        );
    }

    #[test]
    fn a_tab_in_indentation_is_pointed_at() {
        let parsed = parse_text("claims:\n  - id: a\n\ttitle: x\n");
        assert_eq!(parsed.problems.len(), 1);
        let problem = &parsed.problems[0];
        assert_eq!((problem.pos.line, problem.pos.column), (3, 1));
        assert!(
            problem
                .message
                .starts_with("invalid YAML: a tab in indentation")
        );
        assert!(problem.fatal);
    }

    #[test]
    fn null_scalars() {
        for text in ["", "~", "null", "Null", "NULL"] {
            assert!(is_null_text(text), "{text:?}");
        }
        assert!(!is_null_text("none"));
    }
}
