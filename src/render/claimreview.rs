//! schema.org ClaimReview JSON-LD: one review per claim, for fact-check publishing.
//!
//! The output is a JSON array of `ClaimReview` objects, each with its own `@context`, ready to
//! be embedded in a page (`<script type="application/ld+json">`) or fed to a fact-check
//! database:
//!
//! - `claimReviewed`: the claim's title; `identifier`: its id;
//! - `itemReviewed`: a `Claim` with an `appearance` per article that states or mentions it: a
//!   `CreativeWork` whose `url` is the article's front-matter `url` when it has one, whose
//!   `author` is the source, with the article's file as `identifier`;
//! - `reviewRating`: a `Rating` whose `alternateName` is `consistent`, `contradicted`,
//!   `accepted discrepancy`, `single source`, `unstated` or `missing`, and whose
//!   `ratingExplanation` gives the verdict in words, then each value a source states with
//!   the evidence quoted as the source wrote it;
//! - `datePublished`: the date the review was made, given by the caller.
//!
//! crosscheck rates consistency between sources, not truth, so no numeric `ratingValue` is
//! given; a publisher adds its own `author` and `url` to each review.

use crate::compare::Verdict;
use crate::render::{display_value, explain_verdict};
use crate::report::{ClaimReport, Report};
use serde_json::{Map, Value as Json, json};
use std::time::{SystemTime, UNIX_EPOCH};

/// The reviews as a pretty-printed JSON array, ending in a newline.
pub fn render(report: &Report, date_published: &str) -> String {
    let mut out =
        serde_json::to_string_pretty(&to_json(report, date_published)).unwrap_or_default();
    out.push('\n');
    out
}

/// The reviews as a JSON array, one `ClaimReview` per claim of the report.
pub fn to_json(report: &Report, date_published: &str) -> Json {
    Json::Array(
        report
            .claims
            .iter()
            .map(|claim| review(claim, date_published))
            .collect(),
    )
}

/// The `reviewRating.alternateName` of a verdict.
pub fn rating_name(verdict: Verdict) -> &'static str {
    match verdict {
        Verdict::Conflict => "contradicted",
        Verdict::Accepted => "accepted discrepancy",
        Verdict::Agree => "consistent",
        Verdict::Single => "single source",
        Verdict::Unstated => "unstated",
        Verdict::Missing => "missing",
    }
}

fn review(report: &ClaimReport, date_published: &str) -> Json {
    let claim = &report.claim;
    // One appearance per article, in report order (observations, then mentions).
    let mut appearances: Vec<Json> = Vec::new();
    let mut seen: std::collections::HashSet<&std::path::Path> = std::collections::HashSet::new();
    let articles = report
        .observations
        .iter()
        .map(|o| (&o.file, &o.source, &o.url))
        .chain(report.mentions.iter().map(|m| (&m.file, &m.source, &m.url)));
    for (file, source, url) in articles {
        if !seen.insert(file) {
            continue;
        }
        let mut work = Map::new();
        work.insert("@type".into(), json!("CreativeWork"));
        if let Some(url) = url {
            work.insert("url".into(), json!(&**url));
        }
        work.insert(
            "author".into(),
            json!({"@type": "Organization", "name": &**source}),
        );
        work.insert("identifier".into(), json!(file.display().to_string()));
        appearances.push(Json::Object(work));
    }
    json!({
        "@context": "https://schema.org",
        "@type": "ClaimReview",
        "identifier": claim.id,
        "claimReviewed": claim.title,
        "datePublished": date_published,
        "itemReviewed": {
            "@type": "Claim",
            "appearance": appearances,
        },
        "reviewRating": {
            "@type": "Rating",
            "alternateName": rating_name(report.verdict()),
            "ratingExplanation": explanation(report),
        },
    })
}

/// The verdict in words, then each value, where it is, and the evidence as the source wrote it.
fn explanation(report: &ClaimReport) -> String {
    let mut text = explain_verdict(report);
    let stated: Vec<String> = report
        .observations
        .iter()
        .map(|o| {
            format!(
                "{} ({}:{}) states {}: “{}”",
                o.source,
                o.file.display(),
                o.observed.location.line,
                display_value(&o.observed.value, o.observed.qualifier),
                o.evidence
            )
        })
        .collect();
    if !stated.is_empty() {
        text.push_str(". ");
        text.push_str(&stated.join("; "));
    }
    text.push('.');
    text
}

/// The date a review is published, `YYYY-MM-DD` in UTC: the `SOURCE_DATE_EPOCH` environment
/// variable (seconds since 1970, the reproducible-builds convention) when set to a number,
/// else today.
pub fn publication_date() -> String {
    let seconds = std::env::var("SOURCE_DATE_EPOCH")
        .ok()
        .and_then(|s| s.trim().parse::<i64>().ok())
        .unwrap_or_else(|| {
            SystemTime::now()
                .duration_since(UNIX_EPOCH)
                .map_or(0, |d| i64::try_from(d.as_secs()).unwrap_or(i64::MAX))
        });
    date_from_unix_seconds(seconds)
}

/// `YYYY-MM-DD` (UTC) of a Unix time in seconds; the proleptic Gregorian calendar, years
/// clamped to 0000–9999 so the result is always a valid ISO 8601 date.
pub fn date_from_unix_seconds(seconds: i64) -> String {
    let days = seconds.div_euclid(86_400);
    let (year, month, day) = civil_from_days(days);
    if year < 0 {
        return "0000-01-01".to_owned();
    }
    if year > 9999 {
        return "9999-12-31".to_owned();
    }
    format!("{year:04}-{month:02}-{day:02}")
}

/// Days since 1970-01-01 to (year, month, day), after Howard Hinnant's `civil_from_days`.
fn civil_from_days(days: i64) -> (i64, u32, u32) {
    let z = days.saturating_add(719_468);
    let era = z.div_euclid(146_097);
    let day_of_era = z.rem_euclid(146_097);
    let year_of_era =
        (day_of_era - day_of_era / 1460 + day_of_era / 36_524 - day_of_era / 146_096) / 365;
    let day_of_year = day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
    let shifted_month = (5 * day_of_year + 2) / 153;
    let day = day_of_year - (153 * shifted_month + 2) / 5 + 1;
    let month = if shifted_month < 10 {
        shifted_month + 3
    } else {
        shifted_month - 9
    };
    let year = year_of_era + era.saturating_mul(400) + i64::from(month <= 2);
    // Both fit: day is 1..=31 and month 1..=12 by construction.
    (year, month as u32, day as u32)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unix_seconds_become_utc_dates() {
        assert_eq!(date_from_unix_seconds(0), "1970-01-01");
        assert_eq!(date_from_unix_seconds(86_399), "1970-01-01");
        assert_eq!(date_from_unix_seconds(1_718_755_200), "2024-06-19");
        assert_eq!(date_from_unix_seconds(951_782_400), "2000-02-29");
        assert_eq!(date_from_unix_seconds(-1), "1969-12-31");
        assert_eq!(date_from_unix_seconds(i64::MAX), "9999-12-31");
        assert_eq!(date_from_unix_seconds(i64::MIN), "0000-01-01");
    }

    #[test]
    fn every_verdict_has_a_rating_name() {
        let names: Vec<&str> = Verdict::ALL.iter().map(|v| rating_name(*v)).collect();
        assert_eq!(
            names,
            [
                "contradicted",
                "accepted discrepancy",
                "consistent",
                "single source",
                "unstated",
                "missing"
            ]
        );
    }
}
