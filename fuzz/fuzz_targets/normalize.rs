//! The normaliser: offsets map inside the input, on character boundaries, in order; folding
//! is idempotent. Bytes that are not UTF-8 are replaced, so every input is a text.
#![no_main]

#[path = "../invariants.rs"]
mod invariants;

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    invariants::check_normalize(&String::from_utf8_lossy(data));
});
