//! Micro-benchmarks of the scan's stages on generated Arabic articles: normalisation, the
//! prefilter (reading the original, or folding first), the anchor matching (fast and
//! reference), value extraction, and one whole article.
//!
//! `cargo bench --bench scan` (criterion; compiled, never run, by `cargo test`). The
//! whole-`check` throughput and memory figures come from `scripts/bench.sh`.

#[path = "support/generator.rs"]
mod generator;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use crosscheck::claims::{Claim, parse_claims_str};
use crosscheck::corpus::Article;
use crosscheck::extract::extract;
use crosscheck::matcher::Phrase;
use crosscheck::normalize::normalize;
use crosscheck::prefilter::{ClaimPhrases, Prefilter, Scratch};
use crosscheck::scan::{MatcherMode, ScanScratch, Scanner};
use crosscheck::value::Kind;
use std::hint::black_box;
use std::path::{Path, PathBuf};

fn source() -> generator::Source {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    generator::Source::load(&[
        &root.join("corpus"),
        &root.join("tests/data/english/corpus"),
    ])
    .expect("the bundled articles are readable")
}

/// About 64 KB of generated articles.
fn articles(source: &generator::Source) -> Vec<Article> {
    let mut rng = generator::Rng::new(42);
    (0..12)
        .map(|i| {
            Article::from_text(
                PathBuf::from(format!("bench/{i}.txt")),
                PathBuf::from(format!("{i}.txt")),
                generator::article(source, &mut rng, 5000),
            )
        })
        .collect()
}

fn claims(source: &generator::Source, count: usize) -> Vec<Claim> {
    let (yaml, _) = generator::claims(source, count, 1);
    parse_claims_str(Path::new("bench.yaml"), &yaml).expect("generated claims are valid")
}

fn bytes(articles: &[Article]) -> u64 {
    articles.iter().map(|a| a.body().len() as u64).sum()
}

fn normalise(c: &mut Criterion) {
    let source = source();
    let articles = articles(&source);
    let mut group = c.benchmark_group("normalize");
    group.throughput(Throughput::Bytes(bytes(&articles)));
    group.bench_function("generated articles", |b| {
        b.iter(|| {
            for article in &articles {
                black_box(normalize(article.body()));
            }
        })
    });
    group.finish();
}

/// The prefilter alone, 100 claims: read straight from the original (what the scan does),
/// and the fallback of folding the text first.
fn prefiltering(c: &mut Criterion) {
    let source = source();
    let articles = articles(&source);
    let claims = claims(&source, 100);
    let phrases: Vec<Vec<Phrase>> = claims
        .iter()
        .map(|claim| {
            claim
                .anchors
                .iter()
                .filter_map(|a| Phrase::new(a))
                .collect()
        })
        .collect();
    let prepared: Vec<ClaimPhrases<'_>> = claims
        .iter()
        .zip(&phrases)
        .map(|(claim, phrases)| ClaimPhrases {
            phrases,
            threshold: claim.threshold,
        })
        .collect();
    let sample: String = articles.iter().map(|a| normalize(a.body()).text).collect();
    let prefilter = Prefilter::with_sample(&prepared, Some(&sample));
    let mut scratch = Scratch::default();
    let mut found = Vec::new();
    let mut group = c.benchmark_group("prefilter, 100 claims");
    group.throughput(Throughput::Bytes(bytes(&articles)));
    group.bench_function("from the original", |b| {
        b.iter(|| {
            for article in &articles {
                found.clear();
                black_box(prefilter.candidates_in_original(
                    article.body(),
                    &mut scratch,
                    &mut found,
                ));
            }
        })
    });
    group.bench_function("folded first", |b| {
        b.iter(|| {
            for article in &articles {
                found.clear();
                let folded = normalize(article.body());
                prefilter.candidates(&folded.text, &mut scratch, &mut found);
                black_box(&found);
            }
        })
    });
    group.finish();
}

fn matching(c: &mut Criterion) {
    let source = source();
    let articles = articles(&source);
    let mut group = c.benchmark_group("scan");
    group.throughput(Throughput::Bytes(bytes(&articles)));
    group.sample_size(10);
    for count in [10, 100, 1000] {
        let claims = claims(&source, count);
        let refs: Vec<&Claim> = claims.iter().collect();
        let scanner = Scanner::new(&refs, MatcherMode::Fast);
        let mut scratch = ScanScratch::default();
        group.bench_function(format!("fast, {count} claims"), |b| {
            b.iter(|| {
                for article in &articles {
                    black_box(scanner.scan(article, &mut scratch));
                }
            })
        });
    }
    // The reference matcher is far slower: one article, ten claims.
    let claims = claims(&source, 10);
    let refs: Vec<&Claim> = claims.iter().collect();
    let reference = Scanner::new(&refs, MatcherMode::Reference);
    let mut scratch = ScanScratch::default();
    let one = &articles[..1];
    group.throughput(Throughput::Bytes(bytes(one)));
    group.bench_function("reference, 10 claims", |b| {
        b.iter(|| black_box(reference.scan(&one[0], &mut scratch)))
    });
    group.finish();
}

fn extraction(c: &mut Criterion) {
    let source = source();
    let articles = articles(&source);
    let folded: Vec<String> = articles.iter().map(|a| normalize(a.body()).text).collect();
    let mut group = c.benchmark_group("extract");
    group.throughput(Throughput::Bytes(
        folded.iter().map(|t| t.len() as u64).sum(),
    ));
    for kind in [Kind::Quantity, Kind::Date] {
        group.bench_function(format!("{kind}, whole articles"), |b| {
            b.iter(|| {
                for text in &folded {
                    black_box(extract(text, 0..text.len(), kind));
                }
            })
        });
    }
    group.finish();
}

criterion_group!(benches, normalise, prefiltering, matching, extraction);
criterion_main!(benches);
