//! The false-reading guard: no common word is read as a value unless it is a number word.
//!
//! `tests/data/wordfreq/{ar,en}.txt` hold the 20,000 most frequent words of Arabic and of
//! English from the `wordfreq` package (word frequency data CC BY-SA 4.0; see the README
//! beside them and `scripts/wordfreq_fixture.py`, which wrote them). Each word alone goes
//! through `extract`; a word that gives a value must be listed below with that value, and
//! every listed word must still give it.

use crosscheck::extract::extract_text;
use std::collections::BTreeMap;

/// The number words among the 20,000 most frequent Arabic words, `word value;` (with their
/// proclitics: و ف ب ل ك and the article).
const ARABIC_NUMBER_WORDS: &str = "
واحد 1; واحدة 1; عشر 10; مليون 1000000; ثلاثة 3; ألف 1000; ثلاث 3; أربعة 4; خمسة 5;
عشرة 10; ستة 6; خمس 5; أربع 4; الثلاثة 3; واحدا 1; اثنين 2; سبعة 7; مليار 1000000000;
ثمانية 8; سبع 7; العشرين 20; الثلاث 3; الأربعة 4; ست 6; الف 1000; والعشرين 20; تسعة 9;
مائة 100; ألفا 1000; اثنان 2; عشرين 20; الخمسة 5; الخمس 5; مئة 100; واحده 1; العشر 10;
صفر 0; ثلاثين 30; الأربع 4; الستة 6; وعشرين 20; السبع 7; الست 6; تسع 9; السبعة 7;
خمسين 50; ستون 60; أربعين 40; العشرة 10; وأحد 1; وعشرون 20; الثلاثين 30; one 1;
الثمانية 8; وثلاثة 3; ثماني 8; لثلاثة 3; اربع 4; بثلاث 3; ثمان 8; بثلاثة 3;
الأربعين 40; والعشرون 20; اربعة 4; وثلاثين 30; الخمسين 50; لثلاث 3; إثنين 2; عشرون 20;
و3 3; اثنتين 2; سبعين 70; والثلاثين 30; وأربعة 4; وألف 1000; التسعة 9; ستين 60;
بألف 1000; بليون 1000000000; وخمسة 5; وواحد 1; وخمسين 50; وأربعين 40; إثنان 2; بخمسة 5;
خمسون 50; مليونا 1000000; وثلاث 3; ثلاثه 3; السبعين 70; لواحد 1; لخمس 5; بأربعة 4;
ألفين 2000; الستين 60; اثنا 2; بخمس 5; واثنين 2; وثلاثون 30; وستة 6; وستين 60;
ثلاثون 30; لأربعة 4; بأربع 4; العشرون 20; لخمسة 5; لستة 6; و2 2; و4 4; و5 5;
والأربعين 40; بعشر 10; بواحدة 1; والثلاثون 30; ثمانين 80;
";

/// The number words among the 20,000 most frequent English words.
const ENGLISH_NUMBER_WORDS: &str = "
one 1; two 2; three 3; four 4; five 5; six 6; seven 7; ten 10; eight 8; nine 9;
twenty 20; zero 0; thirty 30; twelve 12; fifty 50; forty 40; fifteen 15; eleven 11;
sixteen 16; sixty 60; thirteen 13; fourteen 14; seventeen 17; eighteen 18; seventy 70;
eighty 80; ninety 90; 4k 4000; 5k 5000; nineteen 19; 1m 1000000; 2k 2000; 3m 3000000;
1k 1000; 2m 2000000; nil 0;
";

fn listed(table: &str) -> BTreeMap<String, String> {
    table
        .split(';')
        .map(str::trim)
        .filter(|entry| !entry.is_empty())
        .filter_map(|entry| {
            let (word, value) = entry.rsplit_once(' ')?;
            Some((word.to_owned(), value.to_owned()))
        })
        .collect()
}

fn check(language: &str, table: &str) {
    let path = format!(
        "{}/tests/data/wordfreq/{language}.txt",
        env!("CARGO_MANIFEST_DIR")
    );
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"));
    let words: Vec<&str> = text.lines().collect();
    assert!(words.len() > 19_000, "{path}: {} words", words.len());
    let listed = listed(table);
    let mut problems = Vec::new();
    let mut read = 0;
    for word in &words {
        let values: Vec<String> = extract_text(word, None)
            .iter()
            .map(|found| found.value.to_json().to_string())
            .collect();
        match (values.as_slice(), listed.get(*word)) {
            ([], None) => {}
            ([], Some(want)) => problems.push(format!("{word}: no value, listed as {want}")),
            ([value], Some(want)) if value == want => read += 1,
            (got, want) => problems.push(format!("{word}: gives {got:?}, listed as {want:?}")),
        }
    }
    for word in listed.keys() {
        if !words.contains(&word.as_str()) {
            problems.push(format!("{word}: listed but not in {path}"));
        }
    }
    assert!(problems.is_empty(), "{language}:\n{}", problems.join("\n"));
    assert_eq!(read, listed.len());
}

#[test]
fn no_common_arabic_word_is_read_as_a_number_unless_it_is_one() {
    check("ar", ARABIC_NUMBER_WORDS);
}

#[test]
fn no_common_english_word_is_read_as_a_number_unless_it_is_one() {
    check("en", ENGLISH_NUMBER_WORDS);
}
