//! Article loading from raw file bytes (encoding checks, byte-order marks, front matter, the
//! line index): an article or a skip reason, text kept exactly, lines and columns right.
#![no_main]

#[path = "../invariants.rs"]
mod invariants;

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    invariants::check_article(data);
});
