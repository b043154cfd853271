//! One document, one source: copies of an article found twice in the corpus.
//!
//! A symbolic link, a hard link, a second scraped copy or the same article both as a file and
//! as a record of a JSON Lines file would otherwise count as two sources and turn `single`
//! into `agree`. Two documents are one when their texts are the same after the front matter,
//! with line ends and runs of spaces made alike and the ends trimmed (a `.txt` file and the
//! `text` field of a record differ in exactly that), or when they give the same `url`.
//!
//! Every document read gets a [`Fingerprint`] (a keyed hash of its text, and its url); after
//! the scan, [`find_duplicates`] goes through them in walk order (sorted by path, records in
//! file order), so the first of a set is the one kept, whatever the threads did: the others
//! are reported as duplicates of it and their findings are left out.
//!
//! The hash is BLAKE3 (128 bits kept), a cryptographic hash, so nobody can make an article
//! whose hash equals another's on purpose, and the same in every run, so fingerprints written
//! by one run (a shard's file of findings, `docs/shards.md`) are compared with another's.

use crate::corpus::{Article, RecordPlace};
use std::collections::HashMap;
use std::path::PathBuf;

/// A 128-bit content hash.
pub type Hash128 = [u8; 16];

/// What makes a document the copy of another.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SameAs {
    /// The same text (after the front matter; line ends and spacing aside).
    Text,
    /// The same `url`.
    Url,
}

impl SameAs {
    /// `text` or `url`, as the JSON report writes it.
    pub fn as_str(self) -> &'static str {
        match self {
            SameAs::Text => "text",
            SameAs::Url => "url",
        }
    }
}

/// A document left out because it is a copy of one read before it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Duplicate {
    /// The copy: its file…
    pub file: PathBuf,
    /// …and record, when the file holds many.
    pub record: Option<RecordPlace>,
    /// The document kept: its file…
    pub of_file: PathBuf,
    /// …and record.
    pub of_record: Option<RecordPlace>,
    /// What they share.
    pub same: SameAs,
    /// Bytes of the copy's text, not counted in the corpus's bytes.
    pub bytes: u64,
}

impl Duplicate {
    /// The warning line: `corpus/b.txt: the same text as corpus/a.txt; read as one article`.
    pub fn warning(&self) -> String {
        format!(
            "{}: the same {} as {}; counted once, as that article",
            place(&self.file, self.record),
            self.same.as_str(),
            place(&self.of_file, self.of_record)
        )
    }
}

/// `file` or `file: line 12`.
pub fn place(file: &std::path::Path, record: Option<RecordPlace>) -> String {
    match record {
        Some(record) => format!("{}: {record}", file.display()),
        None => file.display().to_string(),
    }
}

/// What is kept of each document read to find its copies.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Fingerprint {
    /// The document's place in the walk.
    pub index: usize,
    /// Its file and record.
    pub file: PathBuf,
    /// The record, when the file holds many.
    pub record: Option<RecordPlace>,
    /// Hash of the text as compared; `None` for a text of nothing but spaces.
    pub text: Option<Hash128>,
    /// Hash of the url, when it has one.
    pub url: Option<Hash128>,
    /// Bytes of the article's body.
    pub bytes: u64,
}

/// The first 128 bits of the BLAKE3 hash of what `hasher` was given.
fn finish(hasher: &blake3::Hasher) -> Hash128 {
    let mut out = [0u8; 16];
    out.copy_from_slice(&hasher.finalize().as_bytes()[..16]);
    out
}

impl Fingerprint {
    /// The fingerprint of `article`, the `index`-th document of the walk.
    pub fn of(index: usize, article: &Article) -> Fingerprint {
        let body = article.body();
        let url = article
            .url
            .as_deref()
            .map(str::trim)
            .filter(|url| !url.is_empty())
            .map(|url| {
                let mut hasher = blake3::Hasher::new();
                hasher.update(url.as_bytes());
                finish(&hasher)
            });
        Fingerprint {
            index,
            file: article.path.clone(),
            record: article.record,
            text: text_hash(body),
            url,
            bytes: body.len() as u64,
        }
    }
}

/// The hash of `text` with every run of ASCII white space (line ends included) read as one
/// space and the ends trimmed; `None` when nothing is left.
fn text_hash(text: &str) -> Option<Hash128> {
    let mut hasher = blake3::Hasher::new();
    let mut buffer = [0u8; 16 * 1024];
    let mut filled = 0;
    let mut pending_space = false;
    let mut any = false;
    for &byte in text.as_bytes() {
        if byte.is_ascii_whitespace() {
            pending_space = any;
            continue;
        }
        if filled + 2 > buffer.len() {
            hasher.update(&buffer[..filled]);
            filled = 0;
        }
        if pending_space {
            buffer[filled] = b' ';
            filled += 1;
            pending_space = false;
        }
        buffer[filled] = byte;
        filled += 1;
        any = true;
    }
    hasher.update(&buffer[..filled]);
    any.then(|| finish(&hasher))
}

/// The copies among `fingerprints` (in any order): each document whose text or url an earlier
/// one (in walk order) has, with the first document of its set. In walk order.
pub fn find_duplicates(mut fingerprints: Vec<Fingerprint>) -> Vec<Duplicate> {
    fingerprints.sort_by_key(|fingerprint| fingerprint.index);
    // Hash → position in `fingerprints` of the first document with it.
    let mut texts: HashMap<Hash128, usize> = HashMap::new();
    let mut urls: HashMap<Hash128, usize> = HashMap::new();
    let mut duplicates = Vec::new();
    for (position, fingerprint) in fingerprints.iter().enumerate() {
        let by_text = fingerprint.text.and_then(|hash| texts.get(&hash).copied());
        let by_url = fingerprint.url.and_then(|hash| urls.get(&hash).copied());
        let first = match (by_text, by_url) {
            (Some(first), _) => Some((first, SameAs::Text)),
            (None, Some(first)) => Some((first, SameAs::Url)),
            (None, None) => None,
        };
        let kept = first.map_or(position, |(first, _)| first);
        if let Some(hash) = fingerprint.text {
            texts.entry(hash).or_insert(kept);
        }
        if let Some(hash) = fingerprint.url {
            urls.entry(hash).or_insert(kept);
        }
        if let Some((first, same)) = first
            && let Some(original) = fingerprints.get(first)
        {
            duplicates.push(Duplicate {
                file: fingerprint.file.clone(),
                record: fingerprint.record,
                of_file: original.file.clone(),
                of_record: original.record,
                same,
                bytes: fingerprint.bytes,
            });
        }
    }
    duplicates
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::Path;

    fn article(path: &str, text: &str) -> Article {
        Article::from_text(
            PathBuf::from(path),
            Path::new(path).to_path_buf(),
            text.to_string(),
        )
    }

    #[test]
    fn line_ends_spacing_and_front_matter_do_not_make_a_new_text() {
        let a = "قتل 5 أشخاص في القصف.\nوأصيب 12 آخرون.\n";
        assert_eq!(
            text_hash(a),
            text_hash("قتل 5 أشخاص في القصف.\r\nوأصيب 12 آخرون.")
        );
        assert_eq!(
            text_hash(a),
            text_hash("  قتل 5  أشخاص في القصف.\rوأصيب 12 آخرون.\n\n")
        );
        assert_ne!(
            text_hash(a),
            text_hash("قتل 6 أشخاص في القصف.\nوأصيب 12 آخرون.\n")
        );
        assert_ne!(text_hash("ab"), text_hash("a b"));
        assert_eq!(text_hash(" \n\t"), None);
        let with_front = article(
            "c/b.txt",
            "---\nsource: Other\n---\nقتل 5 أشخاص في القصف.\nوأصيب 12 آخرون.\n",
        );
        assert_eq!(Fingerprint::of(1, &with_front).text, text_hash(a));
    }

    #[test]
    fn the_first_in_walk_order_is_kept() {
        let text = "Five million shells were delivered.\n";
        let fingerprints = vec![
            Fingerprint::of(2, &article("c/c.txt", text)),
            Fingerprint::of(0, &article("c/a.txt", text)),
            Fingerprint::of(1, &article("c/b.txt", "Another article.\n")),
            Fingerprint::of(
                3,
                &article("c/d.txt", "---\nurl: https://x.org/1\n---\nOne text.\n"),
            ),
            Fingerprint::of(
                4,
                &article(
                    "c/e.txt",
                    "---\nurl: https://x.org/1\n---\nAn updated text.\n",
                ),
            ),
            Fingerprint::of(5, &article("c/f.txt", "")),
            Fingerprint::of(6, &article("c/g.txt", "\n")),
        ];
        let found = find_duplicates(fingerprints);
        let lines: Vec<String> = found.iter().map(Duplicate::warning).collect();
        assert_eq!(
            lines,
            vec![
                "c/c.txt: the same text as c/a.txt; counted once, as that article",
                "c/e.txt: the same url as c/d.txt; counted once, as that article",
            ]
        );
        assert_eq!(found[0].bytes, text.len() as u64);
    }
}
