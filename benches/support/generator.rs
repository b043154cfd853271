//! A deterministic generator of test corpora and claim sets, for benchmarks and the scan
//! equivalence tests.
//!
//! Articles are made from real text — the paragraphs of the bundled corpus (and the English
//! test corpus) — shuffled, and respelled the ways real sources differ: hamza on or off the
//! alef, `ى`/`ي` and `ة`/`ه` at the end of a word, diacritics, tatweel, Eastern Arabic and
//! Persian digits, stray bidi marks, a typo now and then, and changed figures (so sources
//! contradict each other).
//!
//! Claims come from a fixed pool of [`FACT_POOL`] *facts*: an anchor of two or three words of
//! the corpus vocabulary, a kind, and a value. Each article states zero to two facts of the
//! pool in a sentence of its own (respelled like the rest, the value sometimes another one, so
//! sources conflict), so a claim set of N claims — the first N facts — is stated in a share of
//! the articles that grows with N, as in a real archive. Every hundredth claim instead takes
//! its anchor verbatim from the seed text (a three-word phrase found once there), so it is
//! mentioned in several per cent of all articles: dense matches, no designed value. Anchor
//! words are common words, so the prefilter meets many near misses.
//!
//! Everything depends only on the seed and the source texts: the same seed gives the same
//! bytes. Nothing here is part of the library; examples, benches and tests include this file
//! with `#[path]`.

#![allow(dead_code)] // each includer uses a different part

use std::fmt::Write as _;
use std::fs;
use std::io;
use std::path::{Path, PathBuf};

/// A small, fast, deterministic pseudo-random generator (SplitMix64).
#[derive(Debug, Clone)]
pub struct Rng(u64);

impl Rng {
    /// A generator for `seed`.
    pub fn new(seed: u64) -> Rng {
        Rng(seed ^ 0x5DEE_CE66_D1CE_4E5B)
    }

    /// The next 64 random bits.
    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A number in `0..bound` (0 when `bound` is 0).
    pub fn below(&mut self, bound: usize) -> usize {
        if bound == 0 {
            return 0;
        }
        (self.next_u64() % bound as u64) as usize
    }

    /// True with probability `p`.
    pub fn chance(&mut self, p: f64) -> bool {
        ((self.next_u64() >> 11) as f64 / (1u64 << 53) as f64) < p
    }

    /// One element of a non-empty slice.
    pub fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }
}

/// The texts articles and claims are made from.
#[derive(Debug, Clone, Default)]
pub struct Source {
    /// Arabic paragraphs (lines of article bodies).
    pub arabic: Vec<String>,
    /// English paragraphs.
    pub english: Vec<String>,
    /// Phrases of two or three words that occur in the paragraphs, each word at least three
    /// letters, no punctuation in between: the anchor vocabulary.
    pub phrases: Vec<String>,
    /// Single words of at least four letters, for choice phrases and fact anchors.
    pub words: Vec<String>,
    /// Three-word phrases found exactly once in the Arabic paragraphs.
    pub rare_phrases: Vec<String>,
    /// The facts articles state and claims ask about.
    pub facts: Vec<Fact>,
}

/// How many facts the pool holds; claim sets larger than this take seed phrases beyond it.
pub const FACT_POOL: usize = 1000;

/// Something articles state and a claim asks about.
#[derive(Debug, Clone)]
pub struct Fact {
    /// The anchor, two or three vocabulary words.
    pub anchor: String,
    /// `quantity`, `year`, `date` or `choice`.
    pub kind: &'static str,
    /// The value most sources state: a number, a year, or (date) day, month and year packed
    /// as `year * 10000 + month * 100 + day`, or (choice) 0 or 1.
    pub value: u64,
    /// For `choice`: the two choice words.
    pub choices: [String; 2],
}

impl Source {
    /// Reads every `.txt`/`.md` file directly in `dirs` (sorted), drops front matter, and keeps
    /// each non-blank line as a paragraph.
    pub fn load(dirs: &[&Path]) -> io::Result<Source> {
        let mut source = Source::default();
        for dir in dirs {
            let mut files: Vec<PathBuf> = fs::read_dir(dir)?
                .filter_map(|entry| entry.ok().map(|e| e.path()))
                .filter(|p| p.extension().is_some_and(|e| e == "txt" || e == "md"))
                .collect();
            files.sort();
            for file in files {
                let text = fs::read_to_string(&file)?;
                for paragraph in body(&text).lines() {
                    let paragraph = paragraph.trim();
                    if paragraph.chars().count() < 20 {
                        continue;
                    }
                    if paragraph.chars().any(is_arabic_letter) {
                        source.arabic.push(paragraph.to_owned());
                    } else {
                        source.english.push(paragraph.to_owned());
                    }
                }
            }
        }
        let mut phrases = Vec::new();
        let mut words = Vec::new();
        for paragraph in source.arabic.iter().chain(&source.english) {
            for run in plain_word_runs(paragraph) {
                for w in &run {
                    if w.chars().count() >= 4 {
                        words.push(w.to_lowercase());
                    }
                }
                for size in 2..=3 {
                    for window in run.windows(size) {
                        if window.iter().all(|w| w.chars().count() >= 3) {
                            phrases.push(window.join(" "));
                        }
                    }
                }
            }
        }
        phrases.sort();
        let mut rare: Vec<String> = Vec::new();
        for group in phrases.chunk_by(|a, b| a == b) {
            if let [only] = group
                && only.split(' ').count() == 3
                && only.chars().any(is_arabic_letter)
            {
                rare.push(only.clone());
            }
        }
        phrases.dedup();
        words.sort();
        words.dedup();
        source.phrases = phrases;
        source.rare_phrases = rare;
        let arabic_words: Vec<String> = words
            .iter()
            .filter(|w| w.chars().all(is_arabic_letter))
            .cloned()
            .collect();
        source.facts = facts(&arabic_words);
        source.words = words;
        if source.arabic.is_empty() || source.rare_phrases.is_empty() || source.facts.is_empty() {
            return Err(io::Error::new(
                io::ErrorKind::InvalidData,
                "no paragraphs in the source folders",
            ));
        }
        Ok(source)
    }
}

/// The text after a YAML front matter block, if any.
fn body(text: &str) -> &str {
    let Some(rest) = text.strip_prefix("---\n") else {
        return text;
    };
    match rest.find("\n---\n") {
        Some(end) => &rest[end + 5..],
        None => text,
    }
}

fn is_arabic_letter(c: char) -> bool {
    ('\u{0621}'..='\u{064A}').contains(&c)
}

/// Runs of consecutive whitespace-separated tokens made only of letters (no digits, marks or
/// punctuation); punctuation ends a run.
fn plain_word_runs(paragraph: &str) -> Vec<Vec<String>> {
    let mut runs = Vec::new();
    let mut run: Vec<String> = Vec::new();
    for token in paragraph.split_whitespace() {
        let core = token.trim_end_matches(['،', ',', '.', ':', '؛', ';', '"', '»', ')']);
        let ends_run = core.len() != token.len();
        if !core.is_empty() && core.chars().all(char::is_alphabetic) {
            run.push(core.to_owned());
        } else if !run.is_empty() {
            runs.push(std::mem::take(&mut run));
        }
        if ends_run && !run.is_empty() {
            runs.push(std::mem::take(&mut run));
        }
    }
    if !run.is_empty() {
        runs.push(run);
    }
    runs
}

/// The fact pool, always the same for the same vocabulary.
fn facts(words: &[String]) -> Vec<Fact> {
    if words.len() < 10 {
        return Vec::new();
    }
    let mut rng = Rng::new(0xFAC7);
    let mut seen = std::collections::HashSet::new();
    let mut out = Vec::with_capacity(FACT_POOL);
    while out.len() < FACT_POOL {
        let size = 2 + rng.below(2);
        let anchor: Vec<&str> = (0..size).map(|_| rng.pick(words).as_str()).collect();
        let anchor = anchor.join(" ");
        if !seen.insert(anchor.clone()) {
            continue;
        }
        let index = out.len();
        let kind = match index % 10 {
            0..=4 => "quantity",
            5 | 6 => "year",
            7 | 8 => "date",
            _ => "choice",
        };
        let value = match kind {
            "quantity" => {
                let base = [3u64, 5, 12, 40, 150, 700][rng.below(6)];
                base * [1000u64, 1_000_000][rng.below(2)]
            }
            "year" => 1990 + rng.below(35) as u64,
            "date" => {
                (2015 + rng.below(10) as u64) * 10000
                    + (1 + rng.below(12) as u64) * 100
                    + 1
                    + rng.below(28) as u64
            }
            _ => rng.below(2) as u64,
        };
        let first_choice = rng.pick(words).clone();
        let mut second_choice = rng.pick(words).clone();
        while second_choice == first_choice {
            second_choice = rng.pick(words).clone();
        }
        let choices = [first_choice, second_choice];
        out.push(Fact {
            anchor,
            kind,
            value,
            choices,
        });
    }
    out
}

const LEADS: &[&str] = &[
    "وقالت مصادر مطلعة إن",
    "وأفاد التقرير بأن",
    "وذكرت الوكالة أن",
    "وأكد المسؤولون أن",
];

const MONTHS: &[&str] = &[
    "يناير",
    "فبراير",
    "مارس",
    "أبريل",
    "مايو",
    "يونيو",
    "يوليو",
    "أغسطس",
    "سبتمبر",
    "أكتوبر",
    "نوفمبر",
    "ديسمبر",
];

/// A sentence stating `fact`, with its value or (sometimes) another one.
fn fact_sentence(fact: &Fact, rng: &mut Rng) -> String {
    let lead = rng.pick(LEADS);
    let anchor = &fact.anchor;
    let other = rng.chance(0.15);
    match fact.kind {
        "quantity" => {
            let value = if other { fact.value * 2 } else { fact.value };
            let qualifier = *rng.pick(&["", "نحو ", "أكثر من ", "حوالي ", "ما يقرب من "]);
            let written = if value % 1_000_000 == 0 && rng.chance(0.5) {
                format!("{} مليون", value / 1_000_000)
            } else if value % 1000 == 0 && value < 1_000_000 && rng.chance(0.5) {
                format!("{} ألف", value / 1000)
            } else {
                let digits = value.to_string();
                let mut grouped = String::new();
                for (i, d) in digits.chars().enumerate() {
                    if i > 0 && (digits.len() - i) % 3 == 0 {
                        grouped.push(',');
                    }
                    grouped.push(d);
                }
                grouped
            };
            format!("{lead} {anchor} بلغ {qualifier}{written}.")
        }
        "year" => {
            let year = if other { fact.value + 1 } else { fact.value };
            format!("{lead} {anchor} كان في عام {year}.")
        }
        "date" => {
            let year = fact.value / 10000;
            let month = (fact.value / 100) % 100;
            let day = if other {
                fact.value % 100 + 1
            } else {
                fact.value % 100
            };
            let month_name = MONTHS[(month as usize + 11) % 12];
            format!("{lead} {anchor} جرى في {day} {month_name} {year}.")
        }
        _ => {
            let pick = (fact.value as usize + usize::from(other)) % 2;
            format!("{lead} {anchor} هو {}.", fact.choices[pick])
        }
    }
}

const OUTLETS: &[&str] = &[
    "Arabi21",
    "BBC Arabic",
    "Minbar",
    "Al Wasat",
    "Al Sharq",
    "Asharq Daily",
    "Gulf Post",
    "Cairo Review",
    "Levant Wire",
    "Maghreb Times",
    "Nile Echo",
    "Harbour Times",
];

const HARAKAT: &[char] = &[
    '\u{064B}', '\u{064E}', '\u{064F}', '\u{0650}', '\u{0651}', '\u{0652}',
];

/// One generated article (front matter and body) of about `target_bytes`.
pub fn article(source: &Source, rng: &mut Rng, target_bytes: usize) -> String {
    let mut out = String::with_capacity(target_bytes + 2048);
    let outlet = rng.pick(OUTLETS);
    let _ = write!(
        out,
        "---\nsource: {outlet} {}\npublished: {}-{:02}-{:02}\nlanguage: ar\n---\n",
        rng.below(20),
        2023 + rng.below(2),
        1 + rng.below(12),
        1 + rng.below(28)
    );
    let mut facts_left = rng.below(3);
    while out.len() < target_bytes {
        if facts_left > 0 && rng.chance(0.3) {
            facts_left -= 1;
            let fact = rng.pick(&source.facts);
            respell(&fact_sentence(fact, rng), rng, &mut out);
            out.push('\n');
            continue;
        }
        let english = !source.english.is_empty() && rng.chance(0.08);
        let paragraph = if english {
            rng.pick(&source.english)
        } else {
            rng.pick(&source.arabic)
        };
        respell(paragraph, rng, &mut out);
        out.push('\n');
    }
    out
}

/// Appends `paragraph` to `out`, respelled.
fn respell(paragraph: &str, rng: &mut Rng, out: &mut String) {
    let chars: Vec<char> = paragraph.chars().collect();
    let mut i = 0;
    let eastern = rng.chance(0.3);
    let persian = !eastern && rng.chance(0.05);
    while i < chars.len() {
        let c = chars[i];
        let previous = i.checked_sub(1).map(|p| chars[p]);
        let next = chars.get(i + 1).copied();
        let word_start = previous.is_none_or(|p| !p.is_alphabetic());
        let word_end = next.is_none_or(|n| !n.is_alphabetic());
        if c.is_ascii_digit() {
            // A run of digits: maybe a changed figure, maybe another script.
            let start = i;
            while i < chars.len() && chars[i].is_ascii_digit() {
                i += 1;
            }
            let mut digits: Vec<u8> = chars[start..i].iter().map(|&d| d as u8 - b'0').collect();
            let is_year = digits.len() == 4 && (digits[..2] == [1, 9] || digits[..2] == [2, 0]);
            if is_year && rng.chance(0.15) {
                let year = digits.iter().fold(0i32, |y, &d| y * 10 + i32::from(d));
                let shifted = (year + rng.below(7) as i32 - 3).to_string();
                digits = shifted.bytes().map(|b| b - b'0').collect();
            } else if !is_year && rng.chance(0.25) {
                digits[0] = 1 + rng.below(9) as u8;
            }
            for d in digits {
                let ch = if eastern {
                    char::from_u32(0x0660 + u32::from(d))
                } else if persian {
                    char::from_u32(0x06F0 + u32::from(d))
                } else {
                    char::from_u32(u32::from(b'0' + d))
                };
                out.extend(ch);
            }
            continue;
        }
        if is_arabic_letter(c) {
            let replaced = match c {
                'ا' if word_start && rng.chance(0.06) => *rng.pick(&['أ', 'إ']),
                'أ' | 'إ' if rng.chance(0.3) => 'ا',
                'ي' if word_end && rng.chance(0.1) => 'ى',
                'ة' if word_end && rng.chance(0.15) => 'ه',
                _ => c,
            };
            // A rare typo: drop the letter, or write it twice.
            let length_ok = !word_start && !word_end;
            if length_ok && rng.chance(0.004) {
                i += 1;
                continue;
            }
            out.push(replaced);
            if length_ok && rng.chance(0.002) {
                out.push(replaced);
            }
            if rng.chance(0.03) {
                out.push(*rng.pick(HARAKAT));
            }
            if !word_end && rng.chance(0.005) {
                out.push('ـ');
            }
        } else {
            out.push(c);
            if c == ' ' && rng.chance(0.002) {
                out.push('\u{200F}');
            }
        }
        i += 1;
    }
}

/// Writes about `total_bytes` of articles under `dir`, 1000 files a folder; returns the number
/// of files and bytes written. Article sizes vary from 3 to 8 KB.
pub fn write_corpus(
    source: &Source,
    dir: &Path,
    total_bytes: u64,
    seed: u64,
) -> io::Result<(usize, u64)> {
    let mut rng = Rng::new(seed);
    let mut written = 0u64;
    let mut files = 0usize;
    while written < total_bytes {
        let folder = dir.join(format!("{:04}", files / 1000));
        if files.is_multiple_of(1000) {
            fs::create_dir_all(&folder)?;
        }
        let target = 3000 + rng.below(5000);
        let text = article(source, &mut rng, target);
        fs::write(folder.join(format!("{files:07}.txt")), &text)?;
        written += text.len() as u64;
        files += 1;
    }
    Ok((files, written))
}

/// A claim set of `count` claims: the YAML of one claims file, and every anchor (one per
/// claim and anchor, in claim order) for comparing with grep-like tools. Claim `i` asks about
/// fact `i` of the pool, except every hundredth (and those past the pool), which takes a
/// phrase of the seed text.
pub fn claims(source: &Source, count: usize, seed: u64) -> (String, Vec<String>) {
    let mut rng = Rng::new(seed.wrapping_mul(31).wrapping_add(7));
    let mut yaml = String::from("claims:\n");
    let mut all_anchors = Vec::new();
    for index in 0..count {
        let fact = source.facts.get(index).filter(|_| index % 100 != 0);
        let (kind, first) = match fact {
            Some(fact) => (fact.kind, fact.anchor.clone()),
            None => ("quantity", rng.pick(&source.rare_phrases).clone()),
        };
        let mut anchors = vec![first.clone()];
        if rng.chance(0.5) {
            let other = respelled_anchor(&first, &mut rng);
            if !anchors.contains(&other) {
                anchors.push(other);
            }
        }
        let _ = writeln!(yaml, "  - id: generated-{index:05}");
        let _ = writeln!(yaml, "    title: Generated claim {index} ({kind})");
        let _ = writeln!(yaml, "    kind: {kind}");
        yaml.push_str("    anchors:\n");
        for anchor in &anchors {
            let _ = writeln!(yaml, "      - {}", quoted(anchor));
        }
        if index % 7 == 3 {
            yaml.push_str("    threshold: 0.8\n");
        } else if index % 11 == 5 {
            yaml.push_str("    threshold: 0.9\n");
        }
        if index % 5 == 2 || kind == "choice" {
            yaml.push_str("    window: sentence\n");
        }
        if kind == "quantity" && index % 3 == 0 {
            yaml.push_str("    tolerance: 5%\n");
        }
        if let (Some(fact), "choice") = (fact, kind) {
            yaml.push_str("    choices:\n");
            for (label, word) in ["first", "second"].iter().zip(&fact.choices) {
                let _ = writeln!(yaml, "      {label}:");
                let _ = writeln!(yaml, "        - {}", quoted(word));
            }
        }
        all_anchors.extend(anchors);
    }
    (yaml, all_anchors)
}

/// The anchor spelled another way a claim writer might: without the article, with ta
/// marbuta written as ha, or with the conjunction و.
fn respelled_anchor(anchor: &str, rng: &mut Rng) -> String {
    if let Some(rest) = anchor.strip_prefix("ال") {
        return rest.to_owned();
    }
    if anchor.contains('ة') && rng.chance(0.5) {
        return anchor.replacen('ة', "ه", 1);
    }
    if anchor.chars().next().is_some_and(is_arabic_letter) {
        return format!("و{anchor}");
    }
    anchor.to_uppercase()
}

/// A YAML double-quoted scalar.
fn quoted(text: &str) -> String {
    let mut out = String::from("\"");
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            _ => out.push(c),
        }
    }
    out.push('"');
    out
}

/// Writes `claims.yaml` for `count` claims into `dir` and the anchors, one a line, into
/// `anchors_file`.
pub fn write_claims(
    source: &Source,
    dir: &Path,
    anchors_file: &Path,
    count: usize,
    seed: u64,
) -> io::Result<()> {
    let (yaml, anchors) = claims(source, count, seed);
    fs::create_dir_all(dir)?;
    fs::write(dir.join("claims.yaml"), yaml)?;
    let mut lines = anchors.join("\n");
    lines.push('\n');
    fs::write(anchors_file, lines)
}

// ---------------------------------------------------------------------------------------------
// The topic-dense corpus: many articles about the same events, so nearly every claim is
// mentioned in nearly every article (a fact-checker's corpus). Each article is the seed
// paragraphs in a shuffled order, each lightly respelled (alef variants, final ة/ه and ي/ى, a
// rare tatweel or diacritic) with its figures varied (a new value of the same size, a year moved
// by up to three, some written in Eastern Arabic digits). Claims are phrases of the seed text,
// the most frequent first, one quantity claim each.

/// Letters a tatweel may follow (they join to the next letter).
const JOINING: &str = "بتثجحخسشصضطظعغفقكلمنهي";

/// Randomised rounding of `n * p`: how many of `n` places to change.
fn events(rng: &mut Rng, n: usize, p: f64) -> usize {
    let x = n as f64 * p;
    let whole = x.floor() as usize;
    let extra = usize::from(rng.chance(x - x.floor()));
    (whole + extra).min(n)
}

/// `k` distinct indices of `places`, chosen at random.
fn sample(rng: &mut Rng, places: &[usize], k: usize) -> Vec<usize> {
    let mut pool = places.to_vec();
    for i in 0..k.min(pool.len()) {
        let j = i + rng.below(pool.len() - i);
        pool.swap(i, j);
    }
    pool.truncate(k);
    pool
}

/// One seed paragraph lightly varied the way copies of a story differ (see above).
fn vary_dense(paragraph: &str, rng: &mut Rng, out: &mut String) {
    let chars: Vec<char> = paragraph.chars().collect();
    let is_letter = |i: usize| chars.get(i).is_some_and(|&c| is_arabic_letter(c));
    let mut alef = Vec::new();
    let mut ending = Vec::new();
    let mut joining = Vec::new();
    let mut letters = Vec::new();
    for (i, &c) in chars.iter().enumerate() {
        let word_start = i == 0 || !is_letter(i - 1);
        if matches!(c, 'أ' | 'إ' | 'آ') || (c == 'ا' && word_start) {
            alef.push(i);
        }
        if matches!(c, 'ة' | 'ه' | 'ي' | 'ى') && !is_letter(i + 1) {
            ending.push(i);
        }
        if JOINING.contains(c) && is_letter(i + 1) {
            joining.push(i);
        }
        if is_arabic_letter(c) {
            letters.push(i);
        }
    }
    let mut replaced = chars.clone();
    let mut after: Vec<Option<char>> = vec![None; chars.len()];
    let k = events(rng, alef.len(), 0.06);
    for i in sample(rng, &alef, k) {
        replaced[i] = match chars[i] {
            'ا' => *rng.pick(&['أ', 'إ']),
            c => {
                let others: Vec<char> = ['ا', 'ا', 'ا', 'أ', 'إ']
                    .into_iter()
                    .filter(|&a| a != c)
                    .collect();
                *rng.pick(&others)
            }
        };
    }
    let k = events(rng, ending.len(), 0.04);
    for i in sample(rng, &ending, k) {
        replaced[i] = match chars[i] {
            'ة' => 'ه',
            'ه' => 'ة',
            'ي' => 'ى',
            _ => 'ي',
        };
    }
    let k = events(rng, joining.len(), 0.002);
    for i in sample(rng, &joining, k) {
        after[i] = Some('ـ');
    }
    let k = events(rng, letters.len(), 0.004);
    for i in sample(rng, &letters, k) {
        after[i] = Some(*rng.pick(HARAKAT));
    }
    let mut i = 0;
    while i < replaced.len() {
        if replaced[i].is_ascii_digit() {
            let start = i;
            while i < replaced.len() && replaced[i].is_ascii_digit() {
                i += 1;
            }
            vary_figure(&replaced[start..i], rng, out);
            if let Some(mark) = after[i - 1] {
                out.push(mark);
            }
            continue;
        }
        out.push(replaced[i]);
        if let Some(mark) = after[i] {
            out.push(mark);
        }
        i += 1;
    }
}

/// A run of ASCII digits, maybe given a new value of the same kind, maybe in Eastern digits.
fn vary_figure(digits: &[char], rng: &mut Rng, out: &mut String) {
    let mut text: String = digits.iter().collect();
    if rng.chance(0.5) {
        let value: u64 = text.parse().unwrap_or(0);
        if text.len() == 4 && (1900..=2030).contains(&value) {
            text = (value + rng.below(7) as u64 - 3).to_string();
        } else if text.len() >= 2 && text.starts_with('0') {
            text = format!("0{}", rng.below(10));
        } else if text.len() <= 18 {
            let low = if text.len() > 1 {
                10u64.pow(text.len() as u32 - 1)
            } else {
                0
            };
            let high = 10u64.pow(text.len() as u32);
            text = (low + rng.next_u64() % (high - low)).to_string();
        }
    }
    if rng.chance(0.3) {
        for d in text.bytes() {
            out.extend(char::from_u32(0x0660 + u32::from(d - b'0')));
        }
    } else {
        out.push_str(&text);
    }
}

/// One topic-dense article (front matter and body) of about `target_bytes`: the Arabic seed
/// paragraphs in a shuffled order, each varied, starting over in a new order when all are used.
pub fn dense_article(source: &Source, rng: &mut Rng, target_bytes: usize) -> String {
    let mut out = String::with_capacity(target_bytes + 2048);
    let _ = write!(
        out,
        "---\nsource: {}\npublished: {}-{:02}-{:02}\nlanguage: ar\n---\n",
        rng.pick(OUTLETS),
        2019 + rng.below(7),
        1 + rng.below(12),
        1 + rng.below(28)
    );
    let mut order: Vec<usize> = (0..source.arabic.len()).collect();
    let mut next = order.len();
    while out.len() < target_bytes {
        if next == order.len() {
            for i in (1..order.len()).rev() {
                order.swap(i, rng.below(i + 1));
            }
            next = 0;
        }
        vary_dense(&source.arabic[order[next]], rng, &mut out);
        out.push_str("\n\n");
        next += 1;
    }
    out
}

/// Writes about `total_bytes` of topic-dense articles under `dir` (1000 a folder, 2–8 KB
/// each, 5 KB on average); returns the number of files and bytes written. Each article has a
/// generator of its own, so article `i` is the same whatever the total.
pub fn write_dense_corpus(
    source: &Source,
    dir: &Path,
    total_bytes: u64,
    seed: u64,
) -> io::Result<(usize, u64)> {
    let mut written = 0u64;
    let mut files = 0usize;
    while written < total_bytes {
        let folder = dir.join(format!("d{:03}", files / 1000));
        if files.is_multiple_of(1000) {
            fs::create_dir_all(&folder)?;
        }
        let mut rng = Rng::new(seed.wrapping_mul(1_000_003).wrapping_add(files as u64));
        let target = 2000 + rng.below(6000);
        let text = dense_article(source, &mut rng, target);
        fs::write(folder.join(format!("a{files:06}.txt")), &text)?;
        written += text.len() as u64;
        files += 1;
    }
    Ok((files, written))
}

/// The phrases of two or three words of the Arabic seed paragraphs, the most frequent first
/// (then in text order of first use), at most `count`: the anchors of the dense claim sets.
pub fn seed_phrases(source: &Source, count: usize) -> Vec<String> {
    let mut counts: std::collections::HashMap<String, (usize, usize)> =
        std::collections::HashMap::new();
    let mut order = 0;
    for paragraph in &source.arabic {
        for run in plain_word_runs(paragraph) {
            for size in [3, 2] {
                for window in run.windows(size) {
                    let repeated = window.iter().skip(1).any(|w| *w == window[0])
                        || window.get(1).is_some_and(|w| window.get(2) == Some(w));
                    if !repeated && window.iter().all(|w| w.chars().count() >= 3) {
                        let entry = counts.entry(window.join(" ")).or_insert((0, order));
                        entry.0 += 1;
                        order += 1;
                    }
                }
            }
        }
    }
    let mut phrases: Vec<(String, (usize, usize))> = counts.into_iter().collect();
    phrases.sort_by(|a, b| b.1.0.cmp(&a.1.0).then(a.1.1.cmp(&b.1.1)));
    phrases.into_iter().take(count).map(|(p, _)| p).collect()
}

/// A claim set of `count` quantity claims, one per seed phrase ([`seed_phrases`]): the YAML of
/// one claims file and the anchors, one per claim.
pub fn dense_claims(source: &Source, count: usize) -> (String, Vec<String>) {
    let anchors = seed_phrases(source, count);
    let mut yaml = String::from("claims:\n");
    for (index, anchor) in anchors.iter().enumerate() {
        let _ = writeln!(yaml, "  - id: dense-{index:04}");
        let _ = writeln!(yaml, "    title: Dense claim {index}");
        yaml.push_str("    kind: quantity\n");
        let _ = writeln!(yaml, "    anchors: [{}]", quoted(anchor));
    }
    (yaml, anchors)
}

/// Writes `claims.yaml` of [`dense_claims`] into `dir` and the anchors, one a line, into
/// `anchors_file`; returns how many claims were written (fewer than `count` when the seed text
/// has fewer phrases).
pub fn write_dense_claims(
    source: &Source,
    dir: &Path,
    anchors_file: &Path,
    count: usize,
) -> io::Result<usize> {
    let (yaml, anchors) = dense_claims(source, count);
    fs::create_dir_all(dir)?;
    fs::write(dir.join("claims.yaml"), yaml)?;
    let mut lines = anchors.join("\n");
    lines.push('\n');
    fs::write(anchors_file, lines)?;
    Ok(anchors.len())
}
