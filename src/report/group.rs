//! A claim's observations grouped by value: each value once, with how many sources and
//! articles state it and every place it is stated, sorted by file then line.
//!
//! Every format prints this view (the JSON report beside its full list of observations);
//! renderers only cut the list of places at their own limit ([`ValueGroup::places`] is never
//! cut here).
//!
//! ```
//! # let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
//! # let set = crosscheck::claims::load_claims(&root.join("claims")).unwrap();
//! # let claims: Vec<_> = set.iter().cloned().collect();
//! let report = crosscheck::report::build(&root.join("corpus"), &claims).unwrap();
//! let shells = report.claims.iter().find(|c| c.claim.id == "artillery-shells").unwrap();
//! let groups = crosscheck::report::group::value_groups(shells);
//! assert_eq!(groups[0].display, "~5,000,000");
//! assert_eq!((groups[0].sources, groups[0].articles), (1, 1));
//! assert_eq!(groups[0].places[0].line, 28);
//! ```

use super::ClaimReport;
use crate::corpus::RecordPlace;
use std::collections::{HashMap, HashSet};
use std::path::Path;
use std::sync::Arc;

/// One value a claim's sources state, with everything that states it.
#[derive(Debug, Clone, PartialEq)]
pub struct ValueGroup {
    /// The value as people read it (`~5,000,000`, `2024-06-19`).
    pub display: String,
    /// The index of the assessment's group of agreeing values it belongs to (values of one
    /// group agree; values of different groups disagree).
    pub agreement: usize,
    /// Whether every statement of it is a date whose year was taken from context.
    pub year_inferred: bool,
    /// How many different sources state it.
    pub sources: usize,
    /// How many articles state it (a file, or one record of a file of many).
    pub articles: usize,
    /// How many times it is stated in all (values stated again in an article included).
    pub statements: usize,
    /// The index in the claim's observations of each observation of it, in their order
    /// (file, line, column); the first is the one to quote.
    pub observations: Vec<usize>,
    /// Every place it is stated that the report knows, sorted by file, record, line and
    /// column, each once. An article that states it more often than the report keeps places
    /// for adds to [`ValueGroup::statements`] only.
    pub places: Vec<Place>,
}

/// Where a value is stated.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Place {
    /// The article file.
    pub file: Arc<Path>,
    /// The record of `file`, when it holds many articles.
    pub record: Option<RecordPlace>,
    /// The source's name.
    pub source: Arc<str>,
    /// 1-based line.
    pub line: usize,
    /// 1-based column, in characters.
    pub column: usize,
    /// The index of the observation this place belongs to.
    pub observation: usize,
}

impl Place {
    /// `corpus/a.txt:28`, or `corpus/a.jsonl (line 12):3` for a record of a file of many.
    pub fn file_line(&self) -> String {
        match self.record {
            Some(record) => format!("{} ({record}):{}", self.file.display(), self.line),
            None => format!("{}:{}", self.file.display(), self.line),
        }
    }

    /// Whether the source's name says more than the file's name does (it is not the file's
    /// stem, which is the name a source gets when its article names none).
    pub fn names_source(&self) -> bool {
        let stem = self.file.file_stem().map(|s| s.to_string_lossy());
        stem.as_deref() != Some(&*self.source)
    }
}

/// The claim's values, grouped: in the order of the assessment's groups (agreeing values
/// together), within a group in order of first appearance.
pub fn value_groups(report: &ClaimReport) -> Vec<ValueGroup> {
    let mut groups: Vec<ValueGroup> = Vec::new();
    let mut index_of: HashMap<String, usize> = HashMap::new();
    let mut sources: Vec<HashSet<&str>> = Vec::new();
    let mut articles: Vec<HashSet<(&Path, Option<RecordPlace>)>> = Vec::new();
    for (agreement, members) in report.assessment.groups.iter().enumerate() {
        for &index in members {
            let Some(o) = report.observations.get(index) else {
                continue;
            };
            let display = crate::render::display_value(&o.observed.value, o.observed.qualifier);
            let at = match index_of.get(&display) {
                Some(&at) => at,
                None => {
                    index_of.insert(display.clone(), groups.len());
                    groups.push(ValueGroup {
                        display,
                        agreement,
                        year_inferred: true,
                        sources: 0,
                        articles: 0,
                        statements: 0,
                        observations: Vec::new(),
                        places: Vec::new(),
                    });
                    sources.push(HashSet::new());
                    articles.push(HashSet::new());
                    groups.len() - 1
                }
            };
            let (Some(group), Some(names), Some(files)) = (
                groups.get_mut(at),
                sources.get_mut(at),
                articles.get_mut(at),
            ) else {
                continue;
            };
            group.year_inferred &= o.observed.year_inferred;
            group.statements += o.count.max(1 + o.more.len());
            group.observations.push(index);
            names.insert(&o.source);
            files.insert((&o.file, o.record));
            let place = |line: usize, column: usize| Place {
                file: Arc::clone(&o.file),
                record: o.record,
                source: Arc::clone(&o.source),
                line,
                column,
                observation: index,
            };
            group
                .places
                .push(place(o.observed.location.line, o.observed.location.column));
            group
                .places
                .extend(o.more.iter().map(|m| place(m.line, m.column)));
        }
    }
    for ((group, names), files) in groups.iter_mut().zip(&sources).zip(&articles) {
        group.sources = names.len();
        group.articles = files.len();
        group.observations.sort_unstable();
        group.places.sort_by(|a, b| {
            (&a.file, a.record, a.line, a.column).cmp(&(&b.file, b.record, b.line, b.column))
        });
        group.places.dedup_by(|a, b| {
            (&a.file, a.record, a.line, a.column) == (&b.file, b.record, b.line, b.column)
        });
    }
    groups
}

/// The places of a claim's mentions without a value, sorted and each once, as
/// [`ValueGroup::places`] (each place's `observation` is the mention's index).
pub fn mention_places(report: &ClaimReport) -> Vec<Place> {
    let mut places: Vec<Place> = report
        .mentions
        .iter()
        .enumerate()
        .map(|(index, m)| Place {
            file: Arc::clone(&m.file),
            record: m.record,
            source: Arc::clone(&m.source),
            line: m.location.line,
            column: m.location.column,
            observation: index,
        })
        .collect();
    places.sort_by(|a, b| {
        (&a.file, a.record, a.line, a.column).cmp(&(&b.file, b.record, b.line, b.column))
    });
    places.dedup_by(|a, b| {
        (&a.file, a.record, a.line, a.column) == (&b.file, b.record, b.line, b.column)
    });
    places
}

/// `1 source, 1 article`, `3 sources, 4 articles, 6 statements` (statements only when more
/// than articles).
pub fn counts_text(group: &ValueGroup) -> String {
    let mut text = format!(
        "{} source{}, {} article{}",
        crate::render::group_thousands(group.sources as f64),
        if group.sources == 1 { "" } else { "s" },
        crate::render::group_thousands(group.articles as f64),
        if group.articles == 1 { "" } else { "s" },
    );
    if group.statements > group.articles {
        text.push_str(&format!(
            ", {} statements",
            crate::render::group_thousands(group.statements as f64)
        ));
    }
    text
}

/// The places of a value as lines of text, one per file: `corpus/a.txt:20, 86 (BBC News
/// Arabic)` (the source's name when it is not the file's), at most `limit` places in all,
/// then `and N more` when some are left out.
pub fn places_lines(places: &[Place], limit: usize) -> Vec<String> {
    let (runs, left_out) = place_runs(places, limit);
    let mut lines: Vec<String> = runs
        .into_iter()
        .map(|run| match run.source {
            Some(source) => format!("{} ({source})", run.at),
            None => run.at,
        })
        .collect();
    if left_out > 0 {
        lines.push(and_more(left_out));
    }
    lines
}

/// The places of one file (or record) in a list: `corpus/a.txt:20, 86`, and the source's
/// name when it is not the file's.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PlaceRun<'p> {
    /// `file:line, line…`.
    pub at: String,
    /// The source's name, when it says more than the file's.
    pub source: Option<&'p str>,
    /// The first place of the run.
    pub first: &'p Place,
}

/// The first `limit` places, a run per file (or record), and how many are left out.
pub fn place_runs(places: &[Place], limit: usize) -> (Vec<PlaceRun<'_>>, usize) {
    let shown = &places[..places.len().min(limit)];
    let mut runs = Vec::new();
    let mut at = 0;
    while let Some(first) = shown.get(at) {
        let same = shown[at..]
            .iter()
            .take_while(|p| p.file == first.file && p.record == first.record)
            .count();
        let mut numbers: Vec<usize> = shown[at..at + same].iter().map(|p| p.line).collect();
        numbers.dedup();
        let numbers: Vec<String> = numbers.iter().map(usize::to_string).collect();
        let text = match first.record {
            Some(record) => format!("{} ({record}):{}", first.file.display(), numbers.join(", ")),
            None => format!("{}:{}", first.file.display(), numbers.join(", ")),
        };
        runs.push(PlaceRun {
            at: text,
            source: first.names_source().then_some(&*first.source),
            first,
        });
        at += same;
    }
    (runs, places.len() - shown.len())
}

/// `and 8,531 more`.
pub fn and_more(n: usize) -> String {
    format!("and {} more", crate::render::group_thousands(n as f64))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn place(file: &str, source: &str, line: usize) -> Place {
        Place {
            file: Arc::from(Path::new(file)),
            record: None,
            source: Arc::from(source),
            line,
            column: 1,
            observation: 0,
        }
    }

    #[test]
    fn places_are_listed_by_file_with_the_source_beside_it() {
        let places = [
            place("corpus/a.txt", "BBC News Arabic", 20),
            place("corpus/a.txt", "BBC News Arabic", 86),
            place("corpus/b.txt", "b", 3),
            place("corpus/c.txt", "الجزيرة", 5),
        ];
        assert_eq!(
            places_lines(&places, 10),
            [
                "corpus/a.txt:20, 86 (BBC News Arabic)",
                "corpus/b.txt:3",
                "corpus/c.txt:5 (الجزيرة)",
            ]
        );
        assert_eq!(
            places_lines(&places, 2),
            ["corpus/a.txt:20, 86 (BBC News Arabic)", "and 2 more"]
        );
        assert_eq!(and_more(8531), "and 8,531 more");
    }
}
