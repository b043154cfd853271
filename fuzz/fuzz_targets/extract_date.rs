//! The extractor of dates: spans inside the text, values finite and sane, and
//! arbitrary ranges of the normalised text never a panic. The first eight bytes choose two
//! ranges; the rest is the text.
#![no_main]

#[path = "../invariants.rs"]
mod invariants;

#[allow(unused_imports)]
use crosscheck::value::Kind;

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data.get(8..).unwrap_or_default());
    let a = invariants::number_at(data, 0) % (text.len() + 2);
    let b = invariants::number_at(data, 4) % (text.len() + 2);
    invariants::check_extract(&text, Some(Kind::Date), &[a..b, a.min(b)..a.max(b)]);
});
