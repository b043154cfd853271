//! Normalisation and segmentation on the seed articles: the properties every later stage
//! relies on.

use crosscheck::normalize::normalize;
use crosscheck::segment::{sentences, words};
use std::path::Path;

/// The five seed articles, as shipped in `corpus/` (front matter included: it is text too).
fn seed_texts() -> Vec<(String, String)> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("corpus");
    let mut texts: Vec<(String, String)> = std::fs::read_dir(&dir)
        .expect("corpus/ exists")
        .map(|entry| entry.expect("readable corpus entry").path())
        .filter(|path| path.extension().is_some_and(|e| e == "txt"))
        .map(|path| {
            let text = std::fs::read_to_string(&path).expect("UTF-8 seed");
            (path.display().to_string(), text)
        })
        .collect();
    texts.sort();
    assert_eq!(texts.len(), 5, "the five seed articles are in corpus/");
    texts
}

#[test]
fn normalisation_is_idempotent_on_the_seeds() {
    for (name, text) in seed_texts() {
        let once = normalize(&text).text;
        assert_eq!(normalize(&once).text, once, "{name}");
    }
}

#[test]
fn every_normalised_byte_maps_inside_the_original_on_char_boundaries() {
    for (name, text) in seed_texts() {
        let n = normalize(&text);
        let mut previous_start = 0;
        for (at, c) in n.text.char_indices() {
            let range = n.original_range(at..at + c.len_utf8());
            assert!(
                range.start <= range.end && range.end <= text.len(),
                "{name} at {at}"
            );
            assert!(text.is_char_boundary(range.start), "{name} at {at}");
            assert!(text.is_char_boundary(range.end), "{name} at {at}");
            assert!(
                range.start >= previous_start,
                "{name}: offsets go backwards at {at}"
            );
            previous_start = range.start;
        }
        assert!(n.original_range(0..n.text.len()).end <= text.len());
    }
}

#[test]
fn segments_and_words_lie_inside_the_text() {
    for (name, text) in seed_texts() {
        let n = normalize(&text);
        let found = sentences(&n.text);
        assert!(found.len() > 10, "{name}: only {} sentences", found.len());
        for sentence in &found {
            assert!(n.text.get(sentence.range.clone()).is_some(), "{name}");
            for clause in &sentence.clauses {
                assert!(sentence.range.start <= clause.start && clause.end <= sentence.range.end);
                for word in words(&n.text, clause.clone()) {
                    let w = &n.text[word];
                    assert!(!w.trim().is_empty(), "{name}: empty word");
                }
            }
        }
    }
}

#[test]
fn seed_spellings_fold_together() {
    // 000 writes the city apart, other sources may join it or add marks.
    let apart = normalize("بيونغ يانغ").text;
    assert_eq!(normalize("بيُونغ يانغ").text, apart);
    assert_eq!(normalize("بيونـغ\u{200F} يانغ").text, apart);
    // A shell count in Eastern Arabic digits reads like the Western one.
    assert_eq!(
        normalize("٥ ملايين قذيفة").text,
        normalize("5 ملايين قذيفه").text
    );
}
