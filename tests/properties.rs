//! The fuzz targets' invariants as proptest properties, on the stable toolchain.
//!
//! `fuzz/` holds `cargo fuzz` (libFuzzer) targets, which need nightly; this file checks the
//! very same invariants — both include `fuzz/invariants.rs` — with inputs proptest generates:
//! free text over an alphabet chosen to hit the rules (Arabic letters and their variants,
//! diacritics, tatweel, digits of every script, separators, bidi and zero-width controls,
//! combining marks), and mutations of the seeds (the bundled articles line by line, the
//! phrases of the unit tests in `tests/extract.rs` and `tests/normalize.rs`, the edge cases in
//! `fuzz/seeds/phrases.txt`, and every claim file in the repository).
//!
//! Each property runs `PROPTEST_CASES` cases (default [`DEFAULT_CASES`], small enough that
//! this file takes well under a minute in a debug build) from a fixed seed, so CI is
//! reproducible; `scripts/fuzz.sh` runs it with many more cases and a random seed
//! (`PROPTEST_RNG_SEED`). Every seed also runs once through every check
//! (`every_seed_satisfies_every_invariant`).

#[path = "../fuzz/invariants.rs"]
mod invariants;

use crosscheck::value::Kind;
use proptest::prelude::*;
use proptest::sample::select;
use proptest::test_runner::{Config, RngSeed, TestRunner};
use std::fmt::Debug;
use std::ops::Range;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;
use std::sync::atomic::{AtomicU64, Ordering};

/// Cases per property when `PROPTEST_CASES` is not set.
const DEFAULT_CASES: u32 = 512;

/// The RNG seed when `PROPTEST_RNG_SEED` is not set: CI sees the same inputs every run.
const DEFAULT_RNG_SEED: u64 = 0x00C2_05C4_EC4B;

fn env_number(name: &str) -> Option<u64> {
    std::env::var(name).ok()?.trim().parse().ok()
}

/// Runs `check` on `cases` inputs drawn from `strategy`, shrinking a failure to a small
/// input, and prints how many executions it made (visible with `--nocapture`).
fn run<S>(name: &str, strategy: S, check: impl Fn(S::Value))
where
    S: Strategy,
    S::Value: Debug,
{
    let cases = env_number("PROPTEST_CASES")
        .and_then(|n| u32::try_from(n).ok())
        .unwrap_or(DEFAULT_CASES);
    let seed = env_number("PROPTEST_RNG_SEED").unwrap_or(DEFAULT_RNG_SEED);
    let config = Config {
        cases,
        rng_seed: RngSeed::Fixed(seed),
        // Failures become regression tests in `tests/` by hand, named after what they show.
        failure_persistence: None,
        max_shrink_iters: 4096,
        ..Config::default()
    };
    let executions = AtomicU64::new(0);
    let started = std::time::Instant::now();
    let result = TestRunner::new(config).run(&strategy, |value| {
        executions.fetch_add(1, Ordering::Relaxed);
        check(value);
        Ok(())
    });
    let executions = executions.into_inner();
    eprintln!(
        "property {name}: {executions} executions ({cases} cases, seed {seed}) in {:.1} s: {}",
        started.elapsed().as_secs_f64(),
        if result.is_ok() { "ok" } else { "FAILED" }
    );
    if let Err(failure) = result {
        panic!("property {name} is false: {failure}");
    }
}

// ---------------------------------------------------------------------------------------------
// Seeds

/// Everything the strategies start from.
struct Seeds {
    /// Short texts: unit-test phrases, edge cases, every line of the bundled articles.
    phrases: Vec<String>,
    /// Whole article files as on disk.
    articles: Vec<Vec<u8>>,
    /// Whole claim files.
    claim_files: Vec<String>,
    /// Single words of the phrases: number words, month names, qualifiers, units.
    words: Vec<String>,
}

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// Files under `dir` whose extension is one of `extensions`, sorted.
fn files_under(dir: &Path, extensions: &[&str]) -> Vec<PathBuf> {
    let mut found = Vec::new();
    let mut pending = vec![dir.to_path_buf()];
    while let Some(folder) = pending.pop() {
        let Ok(entries) = std::fs::read_dir(&folder) else {
            continue;
        };
        for entry in entries.flatten() {
            let path = entry.path();
            if path.is_dir() {
                pending.push(path);
            } else if path
                .extension()
                .and_then(|e| e.to_str())
                .is_some_and(|e| extensions.contains(&e))
            {
                found.push(path);
            }
        }
    }
    found.sort();
    found
}

/// The string literals of a Rust source file (escapes `\"`, `\\`, `\n`, `\r`, `\t`, `\u{…}`
/// decoded; raw strings are not needed here).
fn string_literals(source: &str) -> Vec<String> {
    let mut literals = Vec::new();
    let mut chars = source.chars();
    while let Some(c) = chars.next() {
        if c != '"' {
            continue;
        }
        let mut literal = String::new();
        while let Some(c) = chars.next() {
            match c {
                '"' => break,
                '\\' => match chars.next() {
                    Some('n') => literal.push('\n'),
                    Some('r') => literal.push('\r'),
                    Some('t') => literal.push('\t'),
                    Some('u') => {
                        let code: String =
                            chars.by_ref().skip(1).take_while(|&c| c != '}').collect();
                        if let Some(c) =
                            u32::from_str_radix(&code, 16).ok().and_then(char::from_u32)
                        {
                            literal.push(c);
                        }
                    }
                    Some(other) => literal.push(other),
                    None => break,
                },
                other => literal.push(other),
            }
        }
        if literal.chars().count() >= 2 {
            literals.push(literal);
        }
    }
    literals
}

fn seeds() -> &'static Seeds {
    static SEEDS: OnceLock<Seeds> = OnceLock::new();
    SEEDS.get_or_init(|| {
        let root = root();
        let mut phrases: Vec<String> = Vec::new();
        let edge_cases = std::fs::read_to_string(root.join("fuzz/seeds/phrases.txt"))
            .expect("fuzz/seeds/phrases.txt");
        phrases.extend(
            edge_cases
                .lines()
                .map(|line| line.replace("\\n", "\n").replace("\\r", "\r")),
        );
        for test in ["tests/extract.rs", "tests/normalize.rs", "src/segment.rs"] {
            let source = std::fs::read_to_string(root.join(test)).expect("a test source");
            phrases.extend(string_literals(&source));
        }
        let articles: Vec<Vec<u8>> = files_under(&root.join("corpus"), &["txt", "md"])
            .into_iter()
            .chain(files_under(
                &root.join("tests/data/english/corpus"),
                &["md"],
            ))
            .map(|path| std::fs::read(path).expect("a bundled article"))
            .collect();
        assert!(articles.len() >= 5, "the bundled articles are seeds");
        for article in &articles {
            let text = String::from_utf8_lossy(article);
            phrases.extend(
                text.lines()
                    .filter(|line| !line.trim().is_empty())
                    .map(str::to_owned),
            );
        }
        let claim_files: Vec<String> = files_under(&root.join("claims"), &["yaml", "yml"])
            .into_iter()
            .chain(files_under(&root.join("tests/data"), &["yaml", "yml"]))
            .filter_map(|path| std::fs::read_to_string(path).ok())
            .collect();
        assert!(claim_files.len() >= 5, "the bundled claim files are seeds");
        let mut words: Vec<String> = phrases
            .iter()
            .flat_map(|p| p.split_whitespace().map(str::to_owned).collect::<Vec<_>>())
            .filter(|w| w.chars().count() <= 24)
            .collect();
        words.sort();
        words.dedup();
        Seeds {
            phrases,
            articles,
            claim_files,
            words,
        }
    })
}

// ---------------------------------------------------------------------------------------------
// Strategies

/// Characters the rules treat specially.
const SPECIAL: &[char] = &[
    // Arabic letters and the variants folded together
    'ا',
    'أ',
    'إ',
    'آ',
    'ٱ',
    'ى',
    'ي',
    'ة',
    'ه',
    'ؤ',
    'و',
    'ئ',
    'ی',
    'ک',
    'ك',
    'ل',
    'م',
    'ن',
    'ب',
    'ف', // diacritics, shadda, sukun, superscript alef, tatweel, Quranic marks
    '\u{064B}',
    '\u{064C}',
    '\u{064D}',
    '\u{064E}',
    '\u{064F}',
    '\u{0650}',
    '\u{0651}',
    '\u{0652}',
    '\u{0670}',
    '\u{0640}',
    '\u{06D6}',
    '\u{0653}',
    '\u{0654}',
    '\u{0655}',
    // digits and number punctuation of every script
    '0',
    '1',
    '5',
    '9',
    '٠',
    '٣',
    '٥',
    '٩',
    '۰',
    '۴',
    '۵',
    '۹',
    '٫',
    '٬',
    '٪',
    '%',
    '.',
    ',',
    '$',
    '-',
    '/',
    ':', // separators
    '،',
    '؛',
    '؟',
    '!',
    '?',
    ';',
    '\n',
    '\r',
    '\t',
    ' ',
    '\u{00A0}',
    '\u{2028}',
    '\u{2029}',
    '\u{85}',
    '(',
    ')',
    '\'',
    '’', // bidi and zero-width controls, byte-order mark
    '\u{200B}',
    '\u{200C}',
    '\u{200D}',
    '\u{200E}',
    '\u{200F}',
    '\u{202A}',
    '\u{202B}',
    '\u{202C}',
    '\u{202D}',
    '\u{202E}',
    '\u{2066}',
    '\u{2067}',
    '\u{2068}',
    '\u{2069}',
    '\u{2060}',
    '\u{FEFF}',
    '\u{061C}', // combining marks, jamo, compatibility forms
    '\u{0301}',
    '\u{0308}',
    '\u{0327}',
    '\u{1161}',
    '\u{11A8}',
    '\u{1100}',
    'ﷺ',
    'ﻻ',
    'ﬁ',
    '½',
    '①',
    'Ⅻ',
    'İ',
    'ß',
    'Σ',
    '\u{10FFFF}',
    '\u{E000}',
    '\u{FFFD}',
];

/// One piece of text: any character, a special one, a seed word or a run of digits.
fn atom() -> impl Strategy<Value = String> {
    let words = seeds().words.clone();
    prop_oneof![
        2 => any::<char>().prop_map(String::from),
        4 => select(SPECIAL).prop_map(String::from),
        4 => select(words),
        1 => "[0-9٠-٩]{1,12}",
        1 => (1usize..200, select(SPECIAL)).prop_map(|(n, c)| c.to_string().repeat(n)),
    ]
}

/// An edit of a seed, positions taken modulo its length.
#[derive(Debug, Clone)]
enum Edit {
    Insert(usize, String),
    Delete(usize, usize),
    Duplicate(usize, usize),
}

fn edit(atoms: BoxedStrategy<String>) -> impl Strategy<Value = Edit> {
    prop_oneof![
        3 => (any::<usize>(), atoms).prop_map(|(at, s)| Edit::Insert(at, s)),
        1 => (any::<usize>(), 1usize..40).prop_map(|(at, n)| Edit::Delete(at, n)),
        1 => (any::<usize>(), 1usize..40).prop_map(|(at, n)| Edit::Duplicate(at, n)),
    ]
}

fn apply(seed: &str, edits: &[Edit]) -> String {
    let mut chars: Vec<char> = seed.chars().collect();
    for edit in edits {
        let len = chars.len();
        match edit {
            Edit::Insert(at, text) => {
                let at = at % (len + 1);
                chars.splice(at..at, text.chars());
            }
            Edit::Delete(at, n) if len > 0 => {
                let at = at % len;
                chars.drain(at..(at + n).min(len));
            }
            Edit::Duplicate(at, n) if len > 0 => {
                let at = at % len;
                let copy: Vec<char> = chars[at..(at + n).min(len)].to_vec();
                chars.splice(at..at, copy);
            }
            _ => {}
        }
    }
    chars.into_iter().collect()
}

/// Free text, or a seed phrase (sometimes several joined) with edits.
fn text() -> impl Strategy<Value = String> {
    let phrases = seeds().phrases.clone();
    let joined =
        prop::collection::vec(select(phrases.clone()), 1..5).prop_map(|parts| parts.join(" "));
    prop_oneof![
        2 => prop::collection::vec(atom(), 0..40).prop_map(|parts| parts.concat()),
        3 => (select(phrases), prop::collection::vec(edit(atom().boxed()), 0..6))
            .prop_map(|(seed, edits)| apply(&seed, &edits)),
        1 => (joined, prop::collection::vec(edit(atom().boxed()), 0..4))
            .prop_map(|(seed, edits)| apply(&seed, &edits)),
    ]
}

/// A text and two byte ranges of its normalised form, chosen anywhere (in bounds or not, on
/// boundaries or not).
fn text_and_ranges() -> impl Strategy<Value = (String, Vec<Range<usize>>)> {
    (text(), any::<[u16; 4]>()).prop_map(|(text, [a, b, c, d])| {
        let len = crosscheck::normalize::normalize(&text).text.len() + 2;
        let at = |n: u16| usize::from(n) % len;
        let ranges = vec![
            at(a)..at(b),
            at(a).min(at(b))..at(a).max(at(b)),
            at(c)..at(d),
        ];
        (text, ranges)
    })
}

/// Bytes that are special to article loading.
const SPECIAL_BYTES: &[&[u8]] = &[
    b"\x00",
    b"\xEF\xBB\xBF",
    b"\xFF\xFE",
    b"\xFE\xFF",
    b"\x00\x00\xFE\xFF",
    b"\xC3",
    b"\x80",
    b"\xF0\x9F",
    b"\xC7\xE1",
    b"\r",
    b"\n",
    b"\r\n",
    b"---\n",
    b"---\r\n",
    b"--- \t\n",
    b"source: ",
    b"published: 2024-02-30\n",
    b"published: 2024-06-19T08:00:00Z\n",
    b"url: [a, b]\n",
    b"&a [*a, *a]\n",
    b": : :\n",
];

/// Raw article bytes: random bytes, a seed article with byte edits, or front matter built from
/// pieces followed by a body.
fn article_bytes() -> impl Strategy<Value = Vec<u8>> {
    let articles = seeds().articles.clone();
    let byte_edit = prop_oneof![
        (any::<usize>(), select(SPECIAL_BYTES)).prop_map(|(at, b)| (at, b.to_vec())),
        (any::<usize>(), prop::collection::vec(any::<u8>(), 1..8)),
        (any::<usize>(), atom()).prop_map(|(at, s)| (at, s.into_bytes())),
    ];
    let front_line = prop_oneof![
        select(SPECIAL_BYTES).prop_map(<[u8]>::to_vec),
        (
            select(&["source", "url", "published", "language", "title"][..]),
            atom()
        )
            .prop_map(|(k, v)| format!("{k}: {v}\n").into_bytes()),
    ];
    prop_oneof![
        1 => prop::collection::vec(any::<u8>(), 0..600),
        2 => (
            select(articles),
            prop::collection::vec(byte_edit, 0..6),
            any::<usize>(),
        )
            .prop_map(|(mut bytes, edits, cut)| {
                for (at, insert) in edits {
                    let at = at % (bytes.len() + 1);
                    bytes.splice(at..at, insert);
                }
                // Sometimes keep only a prefix, to reach the end of the text in odd places.
                if cut % 3 == 0 {
                    bytes.truncate(cut % (bytes.len() + 1));
                }
                bytes
            }),
        2 => (
            prop::collection::vec(front_line, 0..8),
            prop::bool::ANY,
            text(),
        )
            .prop_map(|(lines, close, body)| {
                let mut bytes = b"---\n".to_vec();
                for line in lines {
                    bytes.extend(line);
                }
                if close {
                    bytes.extend_from_slice(b"---\n");
                }
                bytes.extend(body.into_bytes());
                bytes
            }),
    ]
}

/// Pieces that are special to YAML and to the claim schema.
const YAML_PIECES: &[&str] = &[
    ":",
    ": ",
    "- ",
    "-",
    "\t",
    "  ",
    "    ",
    "\n",
    "\r\n",
    "&a ",
    "*a",
    "!!str ",
    "!x ",
    "[",
    "]",
    "{",
    "}",
    ",",
    "\"",
    "'",
    "#",
    "---\n",
    "...\n",
    "? ",
    "|",
    ">",
    "%YAML 1.2\n",
    "~",
    "null",
    "claims:",
    "id",
    "title",
    "kind",
    "anchors",
    "unit",
    "tolerance",
    "compare",
    "expected",
    "status",
    "severity",
    "window",
    "max_distance",
    "threshold",
    "note",
    "accepted",
    "choices",
    "values",
    "reason",
    "quantity",
    "year",
    "date",
    "choice",
    "stated",
    "bounds",
    "active",
    "review",
    "retired",
    "error",
    "warning",
    "clause",
    "sentence",
    "5%",
    "-5%",
    "1e999",
    "-1",
    "0.5",
    "1.5",
    "2024-02-30",
    "2024-02-29",
    "2023-13",
    "0x10",
    "0o7",
    ".inf",
    ".nan",
    "yes",
    "\"5000000\"",
    "قذائف مدفعية",
    "\u{FEFF}",
    "\u{0}",
];

/// A claim file: a seed file with edits (text atoms and YAML pieces), a claim assembled from
/// keys and values, or free text.
fn claim_text() -> impl Strategy<Value = String> {
    let files = seeds().claim_files.clone();
    let piece = prop_oneof![
        3 => select(YAML_PIECES).prop_map(str::to_owned),
        1 => atom(),
    ]
    .boxed();
    let entry = (
        select(&["", "  ", "    ", "\t"][..]),
        select(YAML_PIECES),
        prop::collection::vec(piece.clone(), 0..4),
    )
        .prop_map(|(indent, key, value)| format!("{indent}{key}: {}\n", value.concat()));
    prop_oneof![
        3 => (select(files), prop::collection::vec(edit(piece.clone()), 0..6))
            .prop_map(|(seed, edits)| apply(&seed, &edits)),
        2 => prop::collection::vec(entry, 0..12)
            .prop_map(|entries| format!("claims:\n  - {}", entries.concat().trim_start())),
        1 => prop::collection::vec(piece, 0..40).prop_map(|parts| parts.concat()),
    ]
}

// ---------------------------------------------------------------------------------------------
// Properties

#[test]
fn normalizer_maps_every_offset_back_and_is_idempotent() {
    run("normalize", text(), |input| {
        invariants::check_normalize(&input)
    });
}

#[test]
fn segmenter_ranges_are_inside_ordered_and_disjoint() {
    run("segment", text(), |input| invariants::check_segment(&input));
}

#[test]
fn quantity_extractor_spans_and_values_are_sane() {
    run("extract_quantity", text_and_ranges(), |(input, ranges)| {
        invariants::check_extract(&input, Some(Kind::Quantity), &ranges);
    });
}

#[test]
fn year_extractor_spans_and_values_are_sane() {
    run("extract_year", text_and_ranges(), |(input, ranges)| {
        invariants::check_extract(&input, Some(Kind::Year), &ranges);
    });
}

#[test]
fn date_extractor_spans_and_values_are_sane() {
    run("extract_date", text_and_ranges(), |(input, ranges)| {
        invariants::check_extract(&input, Some(Kind::Date), &ranges);
    });
}

#[test]
fn extracting_every_kind_at_once_is_sane() {
    run("extract_all", text_and_ranges(), |(input, ranges)| {
        invariants::check_extract(&input, None, &ranges);
        invariants::check_extract(&input, Some(Kind::Choice), &ranges);
    });
}

#[test]
fn article_bytes_load_or_are_skipped_with_exact_lines_and_columns() {
    run("article", article_bytes(), |bytes| {
        invariants::check_article(&bytes)
    });
}

#[test]
fn claim_files_load_or_fail_with_placed_errors() {
    run("claims", claim_text(), |text| {
        invariants::check_claims(&text)
    });
}

#[test]
fn every_seed_satisfies_every_invariant() {
    let seeds = seeds();
    for phrase in &seeds.phrases {
        invariants::check_normalize(phrase);
        invariants::check_segment(phrase);
        let whole = 0..phrase.len();
        invariants::check_extract(phrase, None, std::slice::from_ref(&whole));
        for kind in [Kind::Quantity, Kind::Year, Kind::Date] {
            invariants::check_extract(phrase, Some(kind), &[]);
        }
    }
    for article in &seeds.articles {
        invariants::check_article(article);
        let text = String::from_utf8_lossy(article);
        invariants::check_normalize(&text);
        invariants::check_segment(&text);
    }
    for file in &seeds.claim_files {
        invariants::check_claims(file);
    }
}
