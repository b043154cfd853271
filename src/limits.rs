//! Every limit on what crosscheck reads, in one place: the defaults, why they are what they
//! are, and the two a real user may need to raise.
//!
//! crosscheck reads text nobody controls (scraped articles, hand-written YAML), so each input
//! has a ceiling that no honest input comes near and that keeps a hostile or mistaken one
//! (a disk image named `.txt`, an alias bomb, a generated claim file) from exhausting memory
//! or time. Every limit fails with a message that names the file and the limit.
//!
//! | limit | default | over it | configurable |
//! |---|---|---|---|
//! | largest article file | [`DEFAULT_MAX_ARTICLE_BYTES`] (256 MiB) | skipped with a warning | `--max-article-bytes` |
//! | most claims loaded | [`DEFAULT_MAX_CLAIMS`] (10,000) | error, exit 2 | `--max-claims` |
//! | largest claim file | [`MAX_CLAIM_FILE_BYTES`] (10 MiB) | error, exit 2 | no: split the file |
//! | values (YAML nodes) in one claim file | [`MAX_YAML_NODES`] (100,000) | error, exit 2 | no |
//! | YAML nesting in a claim file | [`MAX_YAML_DEPTH`] (32 levels) | error, exit 2 | no |
//! | longest anchor or choice phrase | [`MAX_ANCHOR_WORDS`] words or [`MAX_ANCHOR_CHARS`] characters | error, exit 2 | no |
//! | front matter | [`MAX_FRONT_MATTER_BYTES`] (64 KiB) | read as article text, with a warning | no |
//!
//! The two configurable limits are process-wide settings: the command line sets them once,
//! from its options, before any file is read ([`set_max_article_bytes`], [`set_max_claims`]);
//! library code reads them with [`max_article_bytes`] and [`max_claims`]. A library user may
//! call the setters too, or pass a limit explicitly to
//! `corpus::load_article_with_limit`.
//!
//! This module is a leaf: it imports nothing from the crate. The modules that enforce a limit
//! take its value from here, so the numbers and the table above cannot drift apart.

use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};

/// The largest article file read by default: 256 MiB. Far above any real article (the
/// bundled ones are 5–15 KB) and above a 200 MB scraped dump, below a disk image.
pub const DEFAULT_MAX_ARTICLE_BYTES: u64 = 256 * 1024 * 1024;

/// The most claims loaded from a claims folder by default: 10,000. Newsrooms keep hundreds;
/// every claim costs memory and time in every scan, so a folder with far more is more likely
/// a mistake (`--claims` pointing at generated data) than a claim set.
pub const DEFAULT_MAX_CLAIMS: usize = 10_000;

/// The largest claim file read: 10 MiB (a claim is a few hundred bytes).
pub const MAX_CLAIM_FILE_BYTES: u64 = 10 * 1024 * 1024;

/// The most YAML values (scalars, lists, mappings) one claim file may hold: about 9,000
/// claims' worth.
pub const MAX_YAML_NODES: usize = 100_000;

/// The deepest YAML nesting a claim file may use (a claim needs five levels).
pub const MAX_YAML_DEPTH: usize = 32;

/// The most words in one anchor or choice phrase: an anchor locates a statement with a few
/// distinctive words; a paragraph pasted as an anchor would match nothing (or everything).
pub const MAX_ANCHOR_WORDS: usize = 200;

/// The most characters in one anchor or choice phrase (see [`MAX_ANCHOR_WORDS`]).
pub const MAX_ANCHOR_CHARS: usize = 2_000;

/// The largest front matter read, counted from the start of the file to the closing `---`.
pub const MAX_FRONT_MATTER_BYTES: usize = 64 * 1024;

static MAX_ARTICLE: AtomicU64 = AtomicU64::new(DEFAULT_MAX_ARTICLE_BYTES);
static MAX_CLAIMS: AtomicUsize = AtomicUsize::new(DEFAULT_MAX_CLAIMS);

/// The largest article file read now ([`DEFAULT_MAX_ARTICLE_BYTES`] unless set).
pub fn max_article_bytes() -> u64 {
    MAX_ARTICLE.load(Ordering::Relaxed)
}

/// Sets the largest article file read, for the rest of the process (`--max-article-bytes`).
pub fn set_max_article_bytes(bytes: u64) {
    MAX_ARTICLE.store(bytes, Ordering::Relaxed);
}

/// The most claims loaded now ([`DEFAULT_MAX_CLAIMS`] unless set).
pub fn max_claims() -> usize {
    MAX_CLAIMS.load(Ordering::Relaxed)
}

/// Sets the most claims loaded, for the rest of the process (`--max-claims`).
pub fn set_max_claims(claims: usize) {
    MAX_CLAIMS.store(claims, Ordering::Relaxed);
}

/// Reads a size as people write it: `1000000`, `500K`, `300M`, `2G`, `512MiB`, `1.5GB`
/// (letter case ignored). `K`, `M`, `G` and `T` are powers of 1024, as the defaults are.
///
/// # Errors
///
/// A message saying what was expected, for a text that is no size or a size past `u64`.
pub fn parse_byte_size(text: &str) -> Result<u64, String> {
    let trimmed = text.trim();
    let lower = trimmed.to_ascii_lowercase();
    let number_end = lower
        .find(|c: char| !(c.is_ascii_digit() || c == '.'))
        .unwrap_or(lower.len());
    let (number, unit) = lower.split_at(number_end);
    let multiplier: u64 = match unit.trim() {
        "" | "b" => 1,
        "k" | "kb" | "kib" => 1 << 10,
        "m" | "mb" | "mib" => 1 << 20,
        "g" | "gb" | "gib" => 1 << 30,
        "t" | "tb" | "tib" => 1 << 40,
        _ => {
            return Err(format!(
                "`{trimmed}` is not a size; write bytes or a number with K, M or G, e.g. 512M"
            ));
        }
    };
    let value: f64 = number
        .parse()
        .map_err(|_| format!("`{trimmed}` is not a size; write e.g. 512M or 2G"))?;
    let bytes = (value * multiplier as f64).round();
    if !bytes.is_finite() || bytes < 1.0 || bytes > u64::MAX as f64 {
        return Err(format!(
            "`{trimmed}` is not a usable size; write at least 1 byte, e.g. 512M"
        ));
    }
    Ok(bytes as u64)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes_read_as_people_write_them() {
        assert_eq!(parse_byte_size("1000000"), Ok(1_000_000));
        assert_eq!(parse_byte_size("500K"), Ok(500 * 1024));
        assert_eq!(parse_byte_size("300m"), Ok(300 * 1024 * 1024));
        assert_eq!(parse_byte_size(" 2G "), Ok(2 * 1024 * 1024 * 1024));
        assert_eq!(parse_byte_size("512MiB"), Ok(512 * 1024 * 1024));
        assert_eq!(parse_byte_size("1.5GB"), Ok(3 * 512 * 1024 * 1024));
        assert_eq!(
            parse_byte_size("lots"),
            Err("`lots` is not a size; write bytes or a number with K, M or G, e.g. 512M".into())
        );
        assert_eq!(
            parse_byte_size("0"),
            Err("`0` is not a usable size; write at least 1 byte, e.g. 512M".into())
        );
        assert!(parse_byte_size("99999999999T").is_err());
        assert!(parse_byte_size("1.2.3M").is_err());
        assert!(parse_byte_size("").is_err());
    }

    #[test]
    fn the_defaults_are_the_documented_ones() {
        assert_eq!(DEFAULT_MAX_ARTICLE_BYTES, 256 * 1024 * 1024);
        assert_eq!(MAX_CLAIM_FILE_BYTES, 10 * 1024 * 1024);
        assert_eq!(MAX_YAML_NODES, 100_000);
        assert_eq!(MAX_YAML_DEPTH, 32);
        assert_eq!(MAX_FRONT_MATTER_BYTES, 64 * 1024);
    }
}
