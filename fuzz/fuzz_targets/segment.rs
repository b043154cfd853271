//! The segmenter: sentences, clauses and words inside the text, ordered, non-overlapping, on
//! character boundaries; raw and normalised text alike.
#![no_main]

#[path = "../invariants.rs"]
mod invariants;

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    invariants::check_segment(&String::from_utf8_lossy(data));
});
