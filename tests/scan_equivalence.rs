//! The fast scan finds exactly what the reference matcher finds.
//!
//! The fast path (prefilter + scoring of candidate windows only, [`MatcherMode::Fast`]) must
//! give the same findings — every hit with its score, location and outcome — and the same
//! JSON report as the straightforward matcher that scores every window of every clause
//! ([`MatcherMode::Reference`]), on the bundled corpus, on the English test corpus, and on
//! generated corpora (respelled seed paragraphs, Arabic and English); and the report must not
//! depend on the number of threads.

#[path = "../benches/support/generator.rs"]
mod generator;

use assert_cmd::Command;
use crosscheck::claims::{Claim, Status, load_claims, parse_claims_str};
use crosscheck::corpus::Article;
use crosscheck::render::json;
use crosscheck::report::{ScanOptions, assess, build_with, scan_corpus};
use crosscheck::scan::{MatcherMode, ScanScratch, Scanner, scan_article};
use std::path::{Path, PathBuf};

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn source() -> generator::Source {
    generator::Source::load(&[
        &root().join("corpus"),
        &root().join("tests/data/english/corpus"),
    ])
    .expect("the bundled articles are readable")
}

fn report_json(corpus: &Path, claims: &[Claim], matcher: MatcherMode) -> String {
    let options = ScanOptions {
        matcher,
        ..ScanOptions::default()
    };
    json::render(&build_with(corpus, claims, options).expect("the corpus is readable"))
}

fn assert_same_reports(corpus: &Path, claims: &[Claim]) {
    let fast = report_json(corpus, claims, MatcherMode::Fast);
    let reference = report_json(corpus, claims, MatcherMode::Reference);
    assert!(
        fast == reference,
        "fast and reference reports differ on {}:\n--- fast\n{fast}\n--- reference\n{reference}",
        corpus.display()
    );
}

/// Claims over the generator's vocabulary that exercise every path of the scan: frequent
/// phrases of the seed text (many matches), phrases found once, the generator's facts, every
/// kind, both windows, thresholds from 1.0 down to one too low to prefilter (then the claim is
/// scanned by the reference matcher inside the fast scan).
fn varied_claims(source: &generator::Source, count: usize, seed: u64) -> Vec<Claim> {
    let mut rng = generator::Rng::new(seed);
    let thresholds = ["0.85", "0.8", "0.9", "1.0", "0.75", "0.5"];
    let kinds = ["quantity", "year", "date", "choice"];
    let mut yaml = String::from("claims:\n");
    for index in 0..count {
        let kind = kinds[index % kinds.len()];
        let anchor = match index % 3 {
            0 => rng.pick(&source.phrases).clone(),
            1 => rng.pick(&source.rare_phrases).clone(),
            _ => rng.pick(&source.facts).anchor.clone(),
        };
        let second = rng.pick(&source.phrases).clone();
        yaml.push_str(&format!(
            "  - id: claim-{index}\n    title: claim {index}\n    kind: {kind}\n    anchors: [\"{anchor}\", \"{second}\"]\n    threshold: {}\n",
            thresholds[index % thresholds.len()]
        ));
        if index % 2 == 1 {
            yaml.push_str("    window: sentence\n");
        }
        if kind == "choice" {
            let first = rng.pick(&source.words).clone();
            let mut other = rng.pick(&source.words).clone();
            while other == first {
                other = rng.pick(&source.words).clone();
            }
            yaml.push_str(&format!(
                "    choices:\n      a: [\"{first}\"]\n      b: [\"{other}\"]\n"
            ));
        }
    }
    parse_claims_str(Path::new("generated.yaml"), &yaml).expect("generated claims are valid")
}

#[test]
fn bundled_corpora_give_the_same_report_with_both_matchers() {
    let claims = load_claims(&root().join("claims")).expect("bundled claims load");
    assert_same_reports(&root().join("corpus"), &claims.claims);
    let english = load_claims(&root().join("tests/data/english/claims")).expect("claims load");
    assert_same_reports(&root().join("tests/data/english/corpus"), &english.claims);
}

/// `anchor` with `edits` random single-letter edits (substitute, insert, delete, or a space
/// added or removed): the near misses and borderline matches the edit budget decides.
fn misspelled(anchor: &str, edits: usize, rng: &mut generator::Rng) -> String {
    let letters: Vec<char> = "ابتثجحخدذرزسشصضطظعغفقكلمنهويةىأ".chars().collect();
    let mut chars: Vec<char> = anchor.chars().collect();
    for _ in 0..edits {
        if chars.is_empty() {
            break;
        }
        let at = rng.below(chars.len());
        match rng.below(4) {
            0 => chars[at] = *rng.pick(&letters),
            1 => chars.insert(at, *rng.pick(&letters)),
            2 => {
                chars.remove(at);
            }
            _ => match chars.iter().position(|&c| c == ' ') {
                Some(space) if rng.chance(0.5) => {
                    chars.remove(space);
                }
                _ => chars.insert(at, ' '),
            },
        }
    }
    chars.into_iter().collect()
}

#[test]
fn generated_articles_give_the_same_findings_with_both_matchers() {
    let source = source();
    let claims = varied_claims(&source, 18, 3);
    let claim_refs: Vec<&Claim> = claims.iter().collect();
    let fast = Scanner::new(&claim_refs, MatcherMode::Fast);
    let reference = Scanner::new(&claim_refs, MatcherMode::Reference);
    let mut scratch = ScanScratch::default();
    let mut rng = generator::Rng::new(11);
    let mut hits = 0;
    for index in 0..6 {
        let mut text = generator::article(&source, &mut rng, 1000);
        // Each claim's anchors again, misspelled by up to four edits, next to a figure.
        for claim in &claims {
            for anchor in &claim.anchors {
                let edits = rng.below(5);
                let prefix = *rng.pick(&["", "و", "ال", "بال"]);
                text.push_str(&format!(
                    "وقال المصدر إن {prefix}{} بلغ {} ألف في عام 20{}.\n",
                    misspelled(anchor, edits, &mut rng),
                    1 + rng.below(90),
                    10 + rng.below(14)
                ));
            }
        }
        let article = Article::from_text(
            PathBuf::from(format!("generated/{index}.txt")),
            PathBuf::from(format!("{index}.txt")),
            text,
        );
        let expected = scan_article(&article, reference.claims());
        let found = fast.scan(&article, &mut scratch);
        assert_eq!(found, expected, "article {index}:\n{}", article.text);
        hits += expected.hits.len();
    }
    // The comparison is only worth something if the claims match.
    assert!(hits > 20, "only {hits} anchor matches");
}

#[test]
fn generated_corpus_gives_the_same_report_with_both_matchers() {
    let mut source = source();
    // Few facts, so the corpus states each of them and the claims about them match.
    source.facts.truncate(12);
    let corpus = tempfile::tempdir().expect("temporary folder");
    generator::write_corpus(&source, corpus.path(), 40_000, 7).expect("corpus written");
    let (yaml, _) = generator::claims(&source, 12, 7);
    let mut claims = parse_claims_str(Path::new("generated.yaml"), &yaml).expect("valid claims");
    claims.extend(varied_claims(&source, 6, 5));
    assert_same_reports(corpus.path(), &claims);
    let report = report_json(corpus.path(), &claims, MatcherMode::Fast);
    let parsed: serde_json::Value = serde_json::from_str(&report).expect("JSON");
    let observations: usize = parsed["claims"]
        .as_array()
        .expect("claims")
        .iter()
        .map(|c| c["observations"].as_array().map_or(0, Vec::len))
        .sum();
    assert!(observations >= 5, "only {observations} observations");
}

#[test]
fn the_report_does_not_depend_on_the_number_of_threads() {
    let source = source();
    let corpus = tempfile::tempdir().expect("temporary folder");
    // Enough files that the folder walk hands them over in many batches, and files skipped
    // or warned about in several of them.
    generator::write_corpus(&source, corpus.path(), 1_200_000, 9).expect("corpus written");
    let folder = corpus.path().join("0000");
    let articles = std::fs::read_dir(&folder)
        .expect("generated folder")
        .count();
    assert!(articles > 200, "{articles} articles");
    for name in [
        "0000000a.txt",
        "0000100a.txt",
        "0000150a.txt",
        "9999999.txt",
    ] {
        std::fs::write(folder.join(name), b"\x00binary").expect("binary file written");
    }
    for name in ["0000050a.txt", "0000120a.txt"] {
        std::fs::write(folder.join(name), "---\npublished: someday\n---\nنص\n").expect("written");
    }
    // Claims the prefilter narrows (a threshold too low to prefilter is scanned by the
    // reference matcher, slow in a debug build and covered above).
    let claims: Vec<Claim> = varied_claims(&source, 24, 9)
        .into_iter()
        .filter(|c| c.threshold >= 0.7)
        .collect();
    let on = |threads: usize| {
        rayon::ThreadPoolBuilder::new()
            .num_threads(threads)
            .build()
            .expect("thread pool")
            .install(|| report_json(corpus.path(), &claims, MatcherMode::Fast))
    };
    let one = on(1);
    assert_eq!(one, on(2));
    assert_eq!(one, on(3));
    // Skipped files are listed in path order.
    let report: serde_json::Value = serde_json::from_str(&one).expect("JSON");
    let skipped: Vec<&str> = report["corpus"]["skipped"]
        .as_array()
        .expect("skipped files")
        .iter()
        .filter_map(|skip| skip["file"].as_str())
        .collect();
    assert_eq!(skipped.len(), 4, "{skipped:?}");
    assert!(skipped.is_sorted(), "{skipped:?}");
    // So are the warnings about articles read.
    let warnings = rayon::ThreadPoolBuilder::new()
        .num_threads(2)
        .build()
        .expect("thread pool")
        .install(|| build_with(corpus.path(), &claims, ScanOptions::default()))
        .expect("the corpus is readable")
        .corpus
        .warnings;
    assert_eq!(warnings.len(), 2, "{warnings:?}");
    assert!(warnings[0].contains("0000050a.txt:2: front matter `published: someday`"));
    assert!(warnings[1].contains("0000120a.txt:2: front matter `published: someday`"));
    // `explain`'s scan walks the corpus the same way: the same summary, and once assessed,
    // the same report, on any number of threads.
    let active: Vec<&Claim> = claims
        .iter()
        .filter(|c| c.status != Status::Retired)
        .collect();
    for threads in [1, 3] {
        let pool = rayon::ThreadPoolBuilder::new()
            .num_threads(threads)
            .build()
            .expect("thread pool");
        let scan = pool
            .install(|| scan_corpus(corpus.path(), &active))
            .expect("the corpus is readable");
        let report = pool
            .install(|| build_with(corpus.path(), &claims, ScanOptions::default()))
            .expect("the corpus is readable");
        assert_eq!(scan.corpus, report.corpus);
        assert!(scan.articles.iter().all(|(_, _, _, _, f)| !f.is_empty()));
        assert_eq!(assess(scan, &active), report);
    }
}

#[test]
fn jobs_and_the_hidden_reference_flag_give_the_same_output() {
    let source = source();
    let dir = tempfile::tempdir().expect("temporary folder");
    let corpus = dir.path().join("corpus");
    let claims_dir = dir.path().join("claims");
    generator::write_corpus(&source, &corpus, 60_000, 13).expect("corpus written");
    generator::write_claims(
        &source,
        &claims_dir,
        &dir.path().join("anchors.txt"),
        40,
        13,
    )
    .expect("claims written");
    let run = |extra: &[&str]| {
        let mut args = vec!["report", "--format", "json", "--claims"];
        let claims_arg = claims_dir.to_string_lossy().into_owned();
        let corpus_arg = corpus.to_string_lossy().into_owned();
        args.push(&claims_arg);
        args.push("--corpus");
        args.push(&corpus_arg);
        args.extend_from_slice(extra);
        let output = Command::cargo_bin("crosscheck")
            .expect("binary builds")
            .args(&args)
            .output()
            .expect("crosscheck runs");
        assert!(output.status.success(), "{output:?}");
        // Not a terminal: no progress bar on stderr.
        assert!(
            !String::from_utf8_lossy(&output.stderr).contains("files"),
            "{output:?}"
        );
        output.stdout
    };
    let one = run(&["--jobs", "1"]);
    assert_eq!(one, run(&["--jobs", "2", "--quiet"]));
    assert_eq!(one, run(&[]));
    let bundled = |extra: &[&str]| {
        let mut args = vec!["report", "--format", "json"];
        args.extend_from_slice(extra);
        Command::cargo_bin("crosscheck")
            .expect("binary builds")
            .current_dir(root())
            .args(&args)
            .output()
            .expect("crosscheck runs")
            .stdout
    };
    assert_eq!(bundled(&[]), bundled(&["--reference-matcher"]));
}

#[test]
fn jobs_must_be_a_positive_number() {
    Command::cargo_bin("crosscheck")
        .expect("binary builds")
        .current_dir(root())
        .args(["report", "--jobs", "0"])
        .assert()
        .code(2)
        .stderr(predicates::str::contains("--jobs 2"));
}

/// `word` with an ending from the inflection lists, chosen by `rng`: sound plurals and
/// duals, feminine forms with `ة` swapped, attached pronouns, verb endings, glued
/// prepositions, English plurals, past and gerund forms, possessives; or a continuation that
/// is no ending (a different word, which must not match).
fn inflected(word: &str, rng: &mut generator::Rng) -> String {
    let arabic = word.chars().any(|c| ('\u{0620}'..='\u{064A}').contains(&c));
    if arabic {
        let stem = word.strip_suffix('ة').unwrap_or(word);
        let after_ta = ["ات", "اتها", "تهم", "تين", "تان", "ته"];
        let any = [
            "ين", "ون", "ان", "ها", "هم", "ية", "يين", "ت", "وا", "ي", "يهم", "ا", "في", "من",
            "هافي", "و", "ف", "ك", "ر", "ينف",
        ];
        if stem.len() < word.len() && rng.chance(0.5) {
            format!("{stem}{}", rng.pick(&after_ta))
        } else {
            format!("{word}{}", rng.pick(&any))
        }
    } else {
        let endings = [
            "s", "es", "'s", "’s", "ed", "ing", "d", "ies", "pet", "ker", "er", "ness",
        ];
        let ending = rng.pick(&endings);
        match (*ending, word.strip_suffix('y'), word.strip_suffix('e')) {
            ("ies", Some(stem), _) => format!("{stem}ies"),
            ("ing", _, Some(stem)) => format!("{stem}ing"),
            ("ed", None, None) if rng.chance(0.5) => {
                let last = word.chars().last().unwrap_or('x');
                format!("{word}{last}ed")
            }
            _ => format!("{word}{ending}"),
        }
    }
}

#[test]
fn inflected_and_glued_words_give_the_same_findings_with_both_matchers() {
    let source = source();
    let mut claims = varied_claims(&source, 12, 17);
    let hand_written = parse_claims_str(
        Path::new("inflect.yaml"),
        r#"claims:
  - id: detainees
    title: detainees
    kind: quantity
    anchors: [معتقل, دبابة]
  - id: stored
    title: stored
    kind: quantity
    anchors: [كانت مخزنة, قذيفة مدفعية]
  - id: refugees
    title: refugees
    kind: quantity
    anchors: [refugee, artillery shell, party, ban]
  - id: literal
    title: literal
    kind: quantity
    inflect: false
    anchors: [معتقل, refugee]
"#,
    )
    .expect("valid claims");
    claims.extend(hand_written);
    let claim_refs: Vec<&Claim> = claims.iter().collect();
    let fast = Scanner::new(&claim_refs, MatcherMode::Fast);
    let reference = Scanner::new(&claim_refs, MatcherMode::Reference);
    let mut scratch = ScanScratch::default();
    let mut rng = generator::Rng::new(23);
    let mut inflected_hits = 0;
    for index in 0..6 {
        let mut text = generator::article(&source, &mut rng, 600);
        for claim in &claims {
            for anchor in &claim.anchors {
                let edits = rng.below(3);
                let written = misspelled(anchor, edits, &mut rng);
                let mut words: Vec<String> = written.split(' ').map(str::to_owned).collect();
                // The last word inflected, sometimes the first too.
                if let Some(last) = words.last_mut() {
                    *last = inflected(last, &mut rng);
                }
                if words.len() > 1 && rng.chance(0.3) {
                    words[0] = inflected(&words[0], &mut rng);
                }
                let prefix = *rng.pick(&["", "و", "ال", "بال"]);
                text.push_str(&format!(
                    "وقال المصدر إن {prefix}{} بلغ {} ألف. The {} reached {} in 20{}.\n",
                    words.join(" "),
                    1 + rng.below(90),
                    words.join(" "),
                    1 + rng.below(90),
                    10 + rng.below(14)
                ));
            }
        }
        let article = Article::from_text(
            PathBuf::from(format!("inflected/{index}.txt")),
            PathBuf::from(format!("{index}.txt")),
            text,
        );
        let expected = scan_article(&article, reference.claims());
        let found = fast.scan(&article, &mut scratch);
        assert_eq!(found, expected, "article {index}:\n{}", article.text);
        inflected_hits += expected.hits.iter().filter(|h| h.form.is_some()).count();
    }
    // The comparison is only worth something if inflected words are found.
    assert!(
        inflected_hits > 20,
        "only {inflected_hits} inflected matches"
    );
}
