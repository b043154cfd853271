//! The claims loader on arbitrary text: claims or errors, never a panic; every error placed
//! at a line and column, with a help line.
#![no_main]

#[path = "../invariants.rs"]
mod invariants;

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    invariants::check_claims(&String::from_utf8_lossy(data));
});
