//! The corpus stage: the bundled articles, discovery, front matter, encodings and line/column.
//!
//! Fixtures live in `tests/data/corpus/` (`nested/` for discovery, `messy/` for one bad
//! input per file, byte-exact thanks to its `.gitattributes`); cases that need symbolic
//! links, pipes or oversized files are built in a temporary folder at test time.

use std::fs;
use std::path::{Path, PathBuf};

use crosscheck::corpus::{
    Article, CorpusError, CorpusStats, SkipReason, discover, discover_each, load_article,
    load_article_with_limit, load_corpus, parse_article,
};
use crosscheck::value::PartialDate;

fn manifest() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn fixtures() -> PathBuf {
    manifest().join("tests/data/corpus")
}

fn date(year: i32, month: Option<u8>, day: Option<u8>) -> Option<PartialDate> {
    Some(PartialDate {
        year: Some(year),
        month,
        day,
    })
}

/// Loads one fixture from `messy/`, with the fixtures root as corpus root.
fn messy(name: &str) -> Result<Article, SkipReason> {
    let root = fixtures().join("messy");
    load_article(&root.join(name), &root)
}

/// The display form of `path` under `root` (`root/relative`), as messages print it.
fn shown(root: &Path, relative: &str) -> String {
    root.join(relative).display().to_string()
}

// ---------------------------------------------------------------------------------------
// The bundled corpus
// ---------------------------------------------------------------------------------------

#[test]
fn bundled_corpus_loads_five_articles_with_sources_and_dates() {
    let root = manifest().join("corpus");
    let corpus = load_corpus(&root).expect("the bundled corpus loads");
    let summary: Vec<(String, String, Option<PartialDate>, Option<String>)> = corpus
        .articles
        .iter()
        .map(|article| {
            (
                article.relative.display().to_string(),
                article.source.clone(),
                article.published,
                article.language.clone(),
            )
        })
        .collect();
    let ar = Some("ar".to_string());
    assert_eq!(
        summary,
        vec![
            (
                "000_195537198d3ed82c.txt".into(),
                "Financial Times (Arabic translation)".into(),
                date(2024, Some(6), Some(19)),
                ar.clone()
            ),
            (
                "001_6e411e653f270d41.txt".into(),
                "Arabi21".into(),
                date(2024, Some(1), Some(21)),
                ar.clone()
            ),
            (
                "002_4ebf0d391eef82e5.txt".into(),
                "Minbar".into(),
                date(2023, Some(9), Some(12)),
                ar.clone()
            ),
            (
                "003_6a4c0072f3f08a4d.txt".into(),
                "Editorial team (unnamed site)".into(),
                date(2023, Some(9), None),
                ar.clone()
            ),
            (
                "004_8cffb8be076c88e1.txt".into(),
                "BBC News Arabic".into(),
                date(2024, Some(6), Some(19)),
                ar
            ),
        ]
    );
    for article in &corpus.articles {
        assert_eq!(
            article.warnings,
            Vec::<String>::new(),
            "{}",
            article.path.display()
        );
        assert!(!article.had_bom);
        assert_eq!(article.url, None);
        assert!(article.path.starts_with(&root));
    }
    assert_eq!(corpus.stats.articles, 5);
    assert_eq!(corpus.stats.skipped, vec![]);
    // Bytes count searchable text only: exactly the five seed articles.
    assert_eq!(corpus.stats.bytes, 40_713);
}

/// FNV-1a, 64 bits: a digest simple enough to write here and stable across Rust versions.
fn fnv1a(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0xcbf2_9ce4_8422_2325, |hash, &byte| {
        (hash ^ u64::from(byte)).wrapping_mul(0x0100_0000_01b3)
    })
}

/// The bundled bodies are the five seed articles as published, byte for byte: their sizes and
/// digests were taken from the original seed files when the corpus was bundled, so an edit to
/// an article's text (a stray re-save, a changed line ending) fails here.
#[test]
fn bundled_bodies_are_the_seed_articles_byte_for_byte() {
    let seeds: [(&str, usize, u64); 5] = [
        ("000_195537198d3ed82c.txt", 6506, 0x7262_cfcd_98da_42e2),
        ("001_6e411e653f270d41.txt", 7275, 0x61d5_ba37_f95b_0655),
        ("002_4ebf0d391eef82e5.txt", 7799, 0xd78d_bd5d_9db0_bb8c),
        ("003_6a4c0072f3f08a4d.txt", 4665, 0xed00_4079_6d34_6923),
        ("004_8cffb8be076c88e1.txt", 14468, 0xf0ee_7f91_2813_46ce),
    ];
    let root = manifest().join("corpus");
    let corpus = load_corpus(&root).expect("the bundled corpus loads");
    let found: Vec<(String, usize, u64)> = corpus
        .articles
        .iter()
        .map(|article| {
            let body = article.body().as_bytes();
            (
                article.relative.display().to_string(),
                body.len(),
                fnv1a(body),
            )
        })
        .collect();
    let expected: Vec<(String, usize, u64)> = seeds
        .iter()
        .map(|&(name, len, digest)| (name.to_owned(), len, digest))
        .collect();
    assert_eq!(found, expected);
}

#[test]
fn bundled_front_matter_is_exactly_source_published_language() {
    let root = manifest().join("corpus");
    for article in load_corpus(&root).expect("loads").articles {
        let published = article.published.expect("every bundled article is dated");
        let expected = format!(
            "---\nsource: {}\npublished: {published}\nlanguage: ar\n---\n",
            article.source
        );
        assert_eq!(&article.text[..article.body_start], expected);
        // The body opens on line 6 of the file on disk.
        assert_eq!(article.line_col(article.body_start), (6, 1));
    }
}

#[test]
fn bundled_line_and_column_point_into_the_file_as_on_disk() {
    let root = manifest().join("corpus");
    let path = root.join("004_8cffb8be076c88e1.txt");
    let article = load_article(&path, &root).expect("loads");
    let on_disk = fs::read_to_string(&path).expect("reads");
    let phrase = "وهي الأولى له منذ عام 2000";
    let offset = article
        .text
        .find(phrase)
        .expect("phrase in the BBC article");
    let (line, column) = article.line_col(offset);
    // Recompute independently from the file: line by `\n`, column in characters.
    let disk_line = on_disk.lines().nth(line - 1).expect("that line exists");
    let prefix: String = disk_line.chars().take(column - 1).collect();
    assert!(disk_line[prefix.len()..].starts_with(phrase));
    assert_eq!((line, column), (20, 74));
    assert!(column < prefix.len(), "columns count characters, not bytes");
}

// ---------------------------------------------------------------------------------------
// Discovery
// ---------------------------------------------------------------------------------------

#[test]
fn discovery_walks_nested_folders_sorted_and_skips_hidden_and_other_files() {
    let root = fixtures().join("nested");
    let discovery = discover(&root).expect("discovers");
    let relative: Vec<String> = discovery
        .files
        .iter()
        .map(|path| {
            path.strip_prefix(&root)
                .expect("under root")
                .display()
                .to_string()
        })
        .collect();
    assert_eq!(relative, vec!["a/deeper/m.TXT", "a/z.txt", "b.md", "c.txt"]);
    assert_eq!(discovery.skipped, vec![]);
}

#[test]
fn the_walk_hands_files_over_in_sorted_order() {
    // `check` numbers files in the order the walk gives them (warnings and skipped files are
    // listed in that order), so it must be the order `discover` sorts them in: names that
    // sort differently as bytes of a whole path than as names in one folder at a time.
    let temp = tempfile::tempdir().expect("temp dir");
    let root = temp.path();
    for folder in ["a", "a b", "a-b", "a.b", "ab", "B", "a/a", "a/a/a"] {
        fs::create_dir_all(root.join(folder)).expect("mkdir");
    }
    for file in [
        "a.txt",
        "a-b.txt",
        "a b.md",
        "a/a.txt",
        "a/a/a.md",
        "a/a/a/z.txt",
        "a/b.txt",
        "a b/x.txt",
        "a-b/x.txt",
        "a.b/x.txt",
        "ab/x.txt",
        "B/x.txt",
        "Z.txt",
        "é.txt",
        "z.txt",
    ] {
        fs::write(root.join(file), "نص\n").expect("write");
    }
    let mut walked = Vec::new();
    let skipped = discover_each(root, |path| walked.push(path)).expect("walks");
    let discovery = discover(root).expect("discovers");
    assert_eq!(walked.len(), 15);
    assert_eq!(walked, discovery.files);
    assert_eq!(skipped, discovery.skipped);
}

#[test]
fn the_walk_finds_a_folder_without_articles_fine_and_fails_on_a_missing_one() {
    let temp = tempfile::tempdir().expect("temp dir");
    let mut walked = Vec::new();
    assert_eq!(
        discover_each(temp.path(), |path| walked.push(path)),
        Ok(vec![])
    );
    assert!(walked.is_empty());
    let missing = temp.path().join("no-such-folder");
    assert_eq!(
        discover_each(&missing, |path| walked.push(path)),
        Err(CorpusError::Missing { root: missing })
    );
}

#[test]
fn the_report_gives_the_corpus_errors_of_discovery() {
    // `report::build` walks the folder beside the scan; the errors are the same.
    let temp = tempfile::tempdir().expect("temp dir");
    let empty = crosscheck::report::build(temp.path(), &[]).expect_err("empty");
    assert_eq!(empty, discover(temp.path()).expect_err("empty"));
    let missing = temp.path().join("no-such-folder");
    let error = crosscheck::report::build(&missing, &[]).expect_err("missing");
    assert_eq!(error, CorpusError::Missing { root: missing });
    let file = temp.path().join("notes.pdf");
    std::fs::write(&file, "%PDF").expect("write");
    let error = crosscheck::report::build(&file, &[]).expect_err("not an article file");
    assert_eq!(error, CorpusError::NotADirectory { root: file });
    // An article file is a corpus of one.
    let article = fixtures().join("nested/c.txt");
    let report = crosscheck::report::build(&article, &[]).expect("one article");
    assert_eq!(report.corpus.stats.articles, 1);
}

#[test]
fn discovery_paths_are_the_root_as_given_joined_with_the_file() {
    let root = fixtures().join("nested").join("a");
    let discovery = discover(&root).expect("discovers");
    assert_eq!(
        discovery.files,
        vec![root.join("deeper").join("m.TXT"), root.join("z.txt")]
    );
    let article = load_article(&discovery.files[0], &root).expect("loads");
    assert_eq!(article.path, root.join("deeper/m.TXT"));
    assert_eq!(article.relative, PathBuf::from("deeper/m.TXT"));
    assert_eq!(article.source, "m");
}

#[test]
fn a_missing_root_is_an_error_saying_how_to_fix_it() {
    let root = fixtures().join("no-such-folder");
    let error = discover(&root).expect_err("missing");
    assert_eq!(error, CorpusError::Missing { root: root.clone() });
    assert_eq!(
        error.to_string(),
        format!(
            "corpus folder `{}` does not exist; run crosscheck where that folder is, or pass \
             the folder of articles with `--corpus DIR`",
            root.display()
        )
    );
    assert_eq!(load_corpus(&root).expect_err("missing"), error);
}

#[test]
fn a_root_that_is_an_article_file_is_a_corpus_of_one() {
    let root = fixtures().join("nested/c.txt");
    let discovery = discover(&root).expect("one file");
    assert_eq!(discovery.files, vec![root.clone()]);
    assert!(discovery.skipped.is_empty());
    let article = load_article(&root, &root).expect("loads");
    assert_eq!(article.path, root);
    assert_eq!(article.relative, PathBuf::from("c.txt"));
}

#[test]
fn a_root_that_is_another_file_is_an_error_saying_how_to_fix_it() {
    let temp = tempfile::tempdir().expect("temp dir");
    let root = temp.path().join("notes.pdf");
    std::fs::write(&root, "%PDF").expect("write");
    let error = discover(&root).expect_err("not an article file");
    assert_eq!(
        error.to_string(),
        format!(
            "corpus path `{}` is neither a folder nor an article file (`.txt`, `.md`, `.html`, \
             `.jsonl`, `.csv`, `.tsv`, `.warc`, `.wet`, each also `.gz` or `.zst`); pass an \
             article file or the folder that holds the articles",
            root.display()
        )
    );
}

#[test]
fn an_empty_folder_or_one_without_articles_is_an_error() {
    let temp = tempfile::tempdir().expect("temp dir");
    let error = discover(temp.path()).expect_err("empty");
    let expected = format!(
        "corpus folder `{}` holds no articles (no .txt or .md file in it or below it); add \
         articles or pass another folder with `--corpus DIR`",
        temp.path().display()
    );
    assert_eq!(error.to_string(), expected);
    fs::create_dir(temp.path().join("sub")).expect("mkdir");
    fs::write(temp.path().join("sub/notes.json"), "{}").expect("write");
    fs::write(temp.path().join(".draft.txt"), "hidden").expect("write");
    assert_eq!(
        discover(temp.path()).expect_err("still empty").to_string(),
        expected
    );
}

#[test]
fn a_corpus_whose_every_file_is_skipped_is_an_error() {
    let temp = tempfile::tempdir().expect("temp dir");
    fs::write(temp.path().join("a.txt"), b"\x00\x01binary").expect("write");
    fs::write(temp.path().join("b.txt"), b"\xff\xfe\x41\x00").expect("write");
    let error = load_corpus(temp.path()).expect_err("nothing readable");
    let CorpusError::NoReadableArticles { root, skipped } = &error else {
        panic!("expected NoReadableArticles, got {error:?}");
    };
    assert_eq!(root, temp.path());
    // The reasons travel with the error, so the warnings can still be shown.
    let files: Vec<_> = skipped.iter().map(|s| s.path().to_path_buf()).collect();
    assert_eq!(
        files,
        [temp.path().join("a.txt"), temp.path().join("b.txt")]
    );
    assert_eq!(
        error.to_string(),
        format!(
            "corpus folder `{}` holds no readable article: 2 skipped (see the warnings); \
             convert them to UTF-8 text or pass another folder with `--corpus DIR`",
            temp.path().display()
        )
    );
}

#[cfg(unix)]
#[test]
fn a_symlink_loop_is_skipped_with_a_warning_not_a_crash() {
    let temp = tempfile::tempdir().expect("temp dir");
    let root = temp.path();
    fs::create_dir(root.join("sub")).expect("mkdir");
    fs::write(root.join("sub/article.txt"), "كيم جونغ أون في موسكو\n").expect("write");
    std::os::unix::fs::symlink("..", root.join("sub/loop")).expect("symlink");
    let discovery = discover(root).expect("discovers despite the loop");
    assert_eq!(discovery.files, vec![root.join("sub/article.txt")]);
    assert_eq!(
        discovery.skipped,
        vec![SkipReason::SymlinkLoop {
            path: root.join("sub/loop"),
            ancestor: root.to_path_buf()
        }]
    );
    assert_eq!(
        discovery.skipped[0].to_string(),
        format!(
            "{}: skipped: symbolic link loop (it leads back to {}); it is not followed",
            root.join("sub/loop").display(),
            root.display()
        )
    );
    let corpus = load_corpus(root).expect("loads");
    assert_eq!(corpus.stats.articles, 1);
    assert_eq!(corpus.stats.skipped.len(), 1);
    // The report, which walks beside the scan, counts it too.
    let report = crosscheck::report::build(root, &[]).expect("builds");
    assert_eq!(report.corpus.stats, corpus.stats);
}

#[cfg(unix)]
#[test]
fn symlinked_articles_are_read_and_dangling_ones_reported() {
    let temp = tempfile::tempdir().expect("temp dir");
    let root = temp.path().join("corpus");
    fs::create_dir(&root).expect("mkdir");
    let elsewhere = temp.path().join("elsewhere.txt");
    fs::write(&elsewhere, "بوتين يشكر كيم\n").expect("write");
    std::os::unix::fs::symlink(&elsewhere, root.join("linked.txt")).expect("symlink");
    std::os::unix::fs::symlink(temp.path().join("gone.txt"), root.join("dangling.txt"))
        .expect("symlink");
    std::os::unix::fs::symlink(temp.path().join("gone.png"), root.join("picture.png"))
        .expect("symlink");
    let discovery = discover(&root).expect("discovers");
    assert_eq!(discovery.files, vec![root.join("linked.txt")]);
    assert_eq!(discovery.skipped.len(), 1, "{:?}", discovery.skipped);
    assert_eq!(
        discovery.skipped[0].to_string(),
        format!(
            "{}: skipped: cannot be read (No such file or directory (os error 2)); check that \
             it exists and that you may read it",
            root.join("dangling.txt").display()
        )
    );
    let article = load_article(&root.join("linked.txt"), &root).expect("loads");
    assert_eq!(article.body(), "بوتين يشكر كيم\n");
}

#[cfg(unix)]
#[test]
fn a_pipe_named_like_an_article_is_refused_without_waiting_for_a_writer() {
    let temp = tempfile::tempdir().expect("temp dir");
    let fifo = temp.path().join("pipe.txt");
    let status = std::process::Command::new("mkfifo")
        .arg(&fifo)
        .status()
        .expect("mkfifo runs");
    assert!(status.success());
    fs::write(temp.path().join("real.txt"), "نص\n").expect("write");
    let discovery = discover(temp.path()).expect("discovers");
    assert_eq!(discovery.files, vec![temp.path().join("real.txt")]);
    let expected = SkipReason::NotAFile { path: fifo.clone() };
    assert_eq!(discovery.skipped, vec![expected.clone()]);
    assert_eq!(load_article(&fifo, temp.path()), Err(expected.clone()));
    assert_eq!(
        expected.to_string(),
        format!(
            "{}: skipped: not a regular file (a pipe, socket or device); only text files are \
             read",
            fifo.display()
        )
    );
}

// ---------------------------------------------------------------------------------------
// Encodings and line breaks
// ---------------------------------------------------------------------------------------

#[test]
fn a_utf8_bom_is_removed_and_not_counted_in_columns() {
    let article = messy("bom.txt").expect("loads");
    assert!(article.had_bom);
    assert!(article.text.starts_with("---\n"));
    assert_eq!(article.source, "Arabi21");
    assert_eq!(article.published, date(2024, Some(1), Some(21)));
    assert_eq!(
        article.body(),
        "بوتين يبدي استعداده لزيارة كوريا الشمالية قريبا\n"
    );
    let offset = article.text.find("استعداده").expect("word");
    assert_eq!(article.line_col(offset), (5, 12));
    assert_eq!(article.line_col(0), (1, 1));
}

#[test]
fn crlf_files_keep_their_bytes_and_count_lines_once_per_break() {
    let article = messy("crlf.txt").expect("loads");
    assert_eq!(article.source, "Minbar");
    assert_eq!(article.published, date(2023, Some(9), Some(12)));
    assert_eq!(
        article.body(),
        "وصل كيم جونغ أون إلى روسيا اليوم\r\nقبل اجتماع مع فلاديمير بوتين.\r\n"
    );
    let offset = article.text.find("فلاديمير").expect("word");
    assert_eq!(article.line_col(offset), (6, 15));
    assert_eq!(article.line_count(), 7);
}

#[test]
fn lone_cr_files_break_lines_too() {
    let article = messy("lone_cr.txt").expect("loads");
    assert_eq!(article.source, "Old Mac");
    assert_eq!(
        article.body(),
        "لقاء كيم وبوتين يقلق 3 دول\rوإجماع على رد حازم لأي انتهاك\r"
    );
    assert_eq!(article.line_col(article.body_start), (4, 1));
    let offset = article.text.find("حازم").expect("word");
    assert_eq!(article.line_col(offset), (5, 15));
}

#[test]
fn non_utf8_text_is_skipped_naming_the_file_and_the_fix() {
    let root = fixtures().join("messy");
    let reason = messy("windows1256.txt").expect_err("Windows-1256 is not UTF-8");
    assert_eq!(
        reason,
        SkipReason::NotUtf8 {
            path: root.join("windows1256.txt"),
            line: 1,
            column: 1,
            byte: 0xE1,
            encoding: crosscheck::corpus::legacy::LegacyArabic::Windows1256,
        }
    );
    assert_eq!(
        reason.to_string(),
        format!(
            "{}: skipped: not UTF-8 (byte 0xE1 at line 1, column 1); convert it to UTF-8, e.g. \
             iconv -f WINDOWS-1256 -t UTF-8 for Arabic Windows text",
            shown(&root, "windows1256.txt")
        )
    );
}

#[test]
fn the_first_invalid_byte_is_located_by_line_and_character() {
    let mut bytes = "---\nsource: x\n---\nقذائف مدفعية ".as_bytes().to_vec();
    bytes.push(0xC7);
    let root = Path::new("corpus");
    let reason = parse_article(&root.join("x.txt"), root, bytes).expect_err("invalid");
    assert_eq!(
        reason,
        SkipReason::NotUtf8 {
            path: root.join("x.txt"),
            line: 4,
            column: 14,
            byte: 0xC7,
            encoding: crosscheck::corpus::legacy::LegacyArabic::Windows1256,
        }
    );
}

#[test]
fn utf16_with_a_bom_is_skipped_with_the_iconv_fix() {
    let root = fixtures().join("messy");
    let reason = messy("utf16le.txt").expect_err("UTF-16");
    assert_eq!(
        reason.to_string(),
        format!(
            "{}: skipped: UTF-16LE text (it starts with a UTF-16LE byte-order mark); convert it \
             to UTF-8, e.g. iconv -f UTF-16LE -t UTF-8",
            shown(&root, "utf16le.txt")
        )
    );
    let root = Path::new("corpus");
    let encoding_of = |bytes: &[u8]| match parse_article(&root.join("a.txt"), root, bytes.to_vec())
    {
        Err(SkipReason::UnsupportedEncoding { encoding, .. }) => encoding,
        other => panic!("not an encoding skip: {other:?}"),
    };
    assert_eq!(encoding_of(b"\xFE\xFF\x06\x27"), "UTF-16BE");
    assert_eq!(encoding_of(b"\xFF\xFE\x00\x00\x27\x06\x00\x00"), "UTF-32LE");
    assert_eq!(encoding_of(b"\x00\x00\xFE\xFF\x00\x00\x06\x27"), "UTF-32BE");
}

#[test]
fn binary_files_and_utf16_without_a_bom_are_skipped_as_binary() {
    let root = fixtures().join("messy");
    let reason = messy("binary.txt").expect_err("binary");
    assert_eq!(
        reason.to_string(),
        format!(
            "{}: skipped: looks binary (a NUL byte at byte 8); articles must be UTF-8 text \
             (UTF-16 without a byte-order mark looks like this too: convert it with iconv -f \
             UTF-16 -t UTF-8)",
            shown(&root, "binary.txt")
        )
    );
    assert_eq!(
        messy("utf16_no_bom.txt"),
        Err(SkipReason::Binary {
            path: root.join("utf16_no_bom.txt"),
            offset: 1
        })
    );
}

#[test]
fn an_empty_file_loads_with_an_empty_body() {
    let article = messy("empty.txt").expect("loads");
    assert_eq!(article.text, "");
    assert_eq!(article.body(), "");
    assert_eq!(article.source, "empty");
    assert_eq!(article.line_col(0), (1, 1));
    assert_eq!(article.warnings, Vec::<String>::new());
    let article = messy("front_matter_only.md").expect("loads");
    assert_eq!(article.body(), "");
    assert_eq!(article.source, "Editorial team (unnamed site)");
    assert_eq!(article.published, date(2023, Some(9), None));
}

#[test]
fn only_the_first_byte_order_mark_is_removed() {
    let root = Path::new("corpus");
    let mut bytes = b"\xEF\xBB\xBF\xEF\xBB\xBF".to_vec();
    bytes.extend_from_slice("كيم".as_bytes());
    let article = parse_article(&root.join("a.txt"), root, bytes).expect("loads");
    assert!(article.had_bom);
    assert_eq!(article.text, "\u{FEFF}كيم");
    assert_eq!(
        article.line_col(article.text.find('ك').expect("letter")),
        (1, 2)
    );
}

#[cfg(unix)]
#[test]
fn a_read_only_corpus_loads_and_is_left_unchanged() {
    use std::os::unix::fs::PermissionsExt;
    let temp = tempfile::tempdir().expect("temp dir");
    let root = temp.path().join("corpus");
    fs::create_dir(&root).expect("mkdir");
    let path = root.join("a.txt");
    let content = "---\nsource: Arabi21\n---\nبوتين يبدي استعداده لزيارة كوريا الشمالية\n";
    fs::write(&path, content).expect("write");
    fs::set_permissions(&path, fs::Permissions::from_mode(0o444)).expect("chmod file");
    fs::set_permissions(&root, fs::Permissions::from_mode(0o555)).expect("chmod folder");
    let modified = fs::metadata(&path)
        .expect("metadata")
        .modified()
        .expect("mtime");
    let corpus = load_corpus(&root).expect("a read-only corpus loads");
    assert_eq!(corpus.articles.len(), 1);
    assert_eq!(corpus.articles[0].source, "Arabi21");
    assert_eq!(fs::read_to_string(&path).expect("reads"), content);
    let metadata = fs::metadata(&path).expect("metadata");
    assert_eq!(metadata.modified().expect("mtime"), modified);
    assert_eq!(metadata.permissions().mode() & 0o777, 0o444);
    // Let the temporary folder be removed.
    fs::set_permissions(&root, fs::Permissions::from_mode(0o755)).expect("chmod back");
}

#[test]
fn an_unreadable_file_is_skipped_naming_it() {
    let root = fixtures().join("messy");
    let reason = messy("vanished.txt").expect_err("no such file");
    assert_eq!(
        reason.to_string(),
        format!(
            "{}: skipped: cannot be read (No such file or directory (os error 2)); check that \
             it exists and that you may read it",
            shown(&root, "vanished.txt")
        )
    );
}

#[test]
fn files_over_the_size_limit_are_skipped_before_reading() {
    let root = fixtures().join("nested");
    let path = root.join("c.txt");
    let size = fs::metadata(&path).expect("metadata").len();
    let reason = load_article_with_limit(&path, &root, 100).expect_err("too large");
    assert_eq!(
        reason.to_string(),
        format!(
            "{}: skipped: {size} bytes is over the limit of 100 bytes for one article; split \
             it into smaller files",
            path.display()
        )
    );
    assert!(load_article_with_limit(&path, &root, size).is_ok());
    assert_eq!(crosscheck::corpus::MAX_ARTICLE_BYTES, 256 * 1024 * 1024);
}

// ---------------------------------------------------------------------------------------
// Front matter
// ---------------------------------------------------------------------------------------

#[test]
fn an_invalid_published_date_loads_the_article_with_a_warning() {
    let root = fixtures().join("messy");
    let article = messy("bad_date.md").expect("loads");
    assert_eq!(article.source, "Minbar");
    assert_eq!(article.published, None);
    assert_eq!(
        article.warnings,
        vec![format!(
            "{}:4: front matter `published: 2023-09-31` is not a date (no day 1-30); write \
             YYYY-MM-DD, YYYY-MM or YYYY; it is ignored",
            shown(&root, "bad_date.md")
        )]
    );
    assert_eq!(article.body(), "وصل كيم جونغ أون إلى روسيا اليوم.\n");
}

#[test]
fn unclosed_front_matter_makes_the_whole_file_body() {
    let root = fixtures().join("messy");
    let article = messy("unclosed.md").expect("loads");
    assert_eq!(article.body_start, 0);
    assert_eq!(article.source, "unclosed");
    assert_eq!(
        article.warnings,
        vec![format!(
            "{}:1: line 1 opens front matter with `---` but no closing `---` line follows \
             anywhere in the file; the whole file is read as article text",
            shown(&root, "unclosed.md")
        )]
    );
}

#[test]
fn malformed_front_matter_is_ignored_with_a_warning_naming_the_line() {
    let root = fixtures().join("messy");
    let article = messy("malformed.md").expect("loads");
    assert_eq!(article.source, "malformed");
    assert_eq!(article.published, None);
    assert_eq!(
        article.body(),
        "وجاء إعلان الرئيس الروسي بعد محادثات مع كيم.\n"
    );
    assert_eq!(article.warnings.len(), 1);
    // The unclosed quote opened on line 3 runs to the end of the front matter, line 4.
    let prefix = format!(
        "{}:4: front matter is not valid YAML (",
        shown(&root, "malformed.md")
    );
    assert!(
        article.warnings[0].starts_with(&prefix),
        "{}",
        article.warnings[0]
    );
    assert!(article.warnings[0].ends_with("); its fields are ignored"));
}

#[test]
fn front_matter_lines_count_in_line_numbers() {
    let text = "---\nsource: Arabi21\nurl: https://arabi21.com/story/1\npublished: 2024-01-21\n\
                ---\nقال الرئيس الروسي فلاديمير بوتين\nإن لديه الرغبة في زيارة كوريا الشمالية\n";
    let article = Article::from_text("corpus/a.txt".into(), "a.txt".into(), text.to_string());
    assert_eq!(article.url.as_deref(), Some("https://arabi21.com/story/1"));
    assert_eq!(article.line_col(article.body_start), (6, 1));
    let offset = article.text.find("كوريا").expect("word");
    assert_eq!(article.line_col(offset), (7, 25));
    assert_eq!(article.char_offset(offset), text[..offset].chars().count());
}

#[test]
fn from_text_drops_a_bom_character_too() {
    let article = Article::from_text(
        "corpus/x.md".into(),
        "x.md".into(),
        "\u{FEFF}---\nsource: BBC News Arabic\n---\nنص".to_string(),
    );
    assert!(article.had_bom);
    assert_eq!(article.source, "BBC News Arabic");
    assert_eq!(article.body(), "نص");
}

// ---------------------------------------------------------------------------------------
// A whole messy folder, and the stats
// ---------------------------------------------------------------------------------------

#[test]
fn a_messy_corpus_loads_what_it_can_and_counts_the_rest() {
    let root = fixtures().join("messy");
    let corpus = load_corpus(&root).expect("loads");
    let loaded: Vec<String> = corpus
        .articles
        .iter()
        .map(|article| article.relative.display().to_string())
        .collect();
    assert_eq!(
        loaded,
        vec![
            "bad_date.md",
            "bom.txt",
            "crlf.txt",
            "empty.txt",
            "front_matter_only.md",
            "lone_cr.txt",
            "malformed.md",
            "unclosed.md"
        ]
    );
    let skipped: Vec<PathBuf> = corpus
        .stats
        .skipped
        .iter()
        .map(|reason| {
            reason
                .path()
                .strip_prefix(&root)
                .expect("under root")
                .to_path_buf()
        })
        .collect();
    assert_eq!(
        skipped,
        vec![
            PathBuf::from("binary.txt"),
            PathBuf::from("utf16_no_bom.txt"),
            PathBuf::from("utf16le.txt"),
            PathBuf::from("windows1256.txt")
        ]
    );
    assert_eq!(corpus.stats.articles, 8);
    let body_bytes: usize = corpus.articles.iter().map(|a| a.body().len()).sum();
    assert_eq!(corpus.stats.bytes, body_bytes as u64);
}

#[test]
fn stats_merge_in_order() {
    let root = fixtures().join("nested");
    let mut first = CorpusStats::default();
    let article = load_article(&root.join("c.txt"), &root).expect("loads");
    first.add_article(&article);
    let mut second = CorpusStats::default();
    second.add_skipped(SkipReason::NotAFile {
        path: root.join("x.txt"),
    });
    first.merge(second);
    assert_eq!(first.articles, 1);
    assert_eq!(first.bytes, article.body().len() as u64);
    assert_eq!(first.skipped.len(), 1);
    assert_eq!(first.ensure_articles(&root), Ok(()));
    assert!(CorpusStats::default().ensure_articles(&root).is_err());
}
