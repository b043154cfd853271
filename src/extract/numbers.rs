//! Numbers: numerals written in digits, and number words in Arabic and English.
//!
//! [`read_numeral`] assembles digits and their separators (`5,000,000`, `1.5`, `5.000.000`);
//! [`parse`] reads a whole number phrase starting at a token — digits or words, with scale
//! words (`5 ملايين`, `خمسة وعشرين ألفا`, `two thousand five hundred`, `1.5 million`, `5m`),
//! fractions (`نصف مليون`, `مليون ونصف المليون`, `half a million`) and decades and centuries
//! (`عقدين` = 20, `نصف قرن` = 50, `two decades` = 20). The rules, and how ambiguous forms are
//! read, are listed in the documentation of [`crate::extract`].
//!
//! A phrase is read word by word into an accumulator, the way a reader adds up `ثلاثة آلاف
//! وخمسمائة`: small numbers add up inside a *group* (each decimal place at most once, so
//! `ثلاثة أربعة` is two numbers, not 7), a scale word multiplies the group and adds it to the
//! *total*, and scales must fall (`مليون وخمسمائة ألف`). After every word the parser remembers
//! the last point where the words read so far make a complete number, and returns that: a
//! trailing `و`, a lone `نصف` or an `أحد` that is not followed by `عشر` are left out.

use super::fold;
use super::tokens::{Clitics, Token, TokenKind, glued, is_proclitic_only, lookup};
use std::collections::HashMap;
use std::sync::LazyLock;

/// Units place (1–9) of a group.
const UNITS: u8 = 1;
/// Tens place (10–90) of a group.
const TENS: u8 = 2;
/// Hundreds place (100–900) of a group.
const HUNDREDS: u8 = 4;
/// Every place: a group written in digits takes no number words after it.
const ALL_PLACES: u8 = UNITS | TENS | HUNDREDS;

/// How a scale word (`ألف`, `مليون`, `عقد`) is inflected, which decides its multiplier.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Form {
    /// `ألف`, `مليون`, `thousand`: multiplies the number before it, or stands for one.
    Singular,
    /// `ألفان`, `ألفين`, `ألفي`, `مليونين`: two of the scale, and no number before it.
    Dual,
    /// `آلاف`, `ملايين`: needs a number before it (`ثلاثة آلاف`); alone it is vague.
    Plural,
    /// `ألفا`, `مليونا`: the accusative singular (`عشرون ألفا` = 20,000; `ألفا من` = 1,000) or
    /// the dual in construct (`ألفا جندي` = 2,000).
    AccusativeOrDual,
    /// `عقد`, `قرن`: a decade or century, but also the verbs "held" and "linked"; read as a
    /// number only where the context says it is a period of time.
    MaybeVerb,
}

/// The meaning of one number word.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) enum Atom {
    /// 1–99 or a whole hundred (`ثلاثمائة`), occupying the decimal places in `places`.
    Small { value: f64, places: u8 },
    /// `أحد`, `إحدى`: one, only as the first word of `أحد عشر` (11).
    TeenStart(f64),
    /// Arabic `عشر`, `عشرة`: ten, or the second word of a teen (`ثلاثة عشر`).
    Ten,
    /// `مائة`, `مئة`, `hundred`: multiplies a unit before it, or stands for 100.
    Hundred,
    /// A multiplier: thousand, million, billion, and the periods decade and century.
    Scale { value: f64, form: Form, time: bool },
    /// `نصف`, `ربع`, `half`: part of the scale word it goes with.
    Fraction(f64),
    /// English `a`, `an` before a scale word or `half`.
    Article,
    /// `صفر`, `zero`: 0, alone (never before a scale word or another number word).
    Zero,
}

fn small(value: f64) -> Atom {
    let places = if value < 10.0 {
        UNITS
    } else if value < 20.0 {
        UNITS | TENS
    } else if value < 100.0 {
        TENS
    } else {
        HUNDREDS
    };
    Atom::Small { value, places }
}

fn scale(value: f64, form: Form) -> Atom {
    Atom::Scale {
        value,
        form,
        time: false,
    }
}

fn period(value: f64, form: Form) -> Atom {
    Atom::Scale {
        value,
        form,
        time: true,
    }
}

/// Arabic number words in folded spelling (written naturally here and folded at start-up).
static ARABIC: LazyLock<HashMap<String, Atom>> = LazyLock::new(|| {
    let mut table = HashMap::new();
    let mut add = |words: &[&str], atom: Atom| {
        for word in words {
            table.insert(fold(word), atom);
        }
    };
    add(&["واحد", "واحدة", "واحدا"], small(1.0));
    add(
        &[
            "اثنان",
            "اثنين",
            "اثنتان",
            "اثنتين",
            "اثنا",
            "اثني",
            "اثنتا",
            "اثنتي",
            "ثنتان",
            "ثنتين",
        ],
        small(2.0),
    );
    add(&["ثلاث", "ثلاثة"], small(3.0));
    add(&["أربع", "أربعة"], small(4.0));
    add(&["خمس", "خمسة"], small(5.0));
    add(&["ست", "ستة"], small(6.0));
    add(&["سبع", "سبعة"], small(7.0));
    add(&["ثمان", "ثماني", "ثمانية"], small(8.0));
    add(&["تسع", "تسعة"], small(9.0));
    add(&["أحد", "إحدى"], Atom::TeenStart(1.0));
    add(&["عشر", "عشرة"], Atom::Ten);
    let tens = [
        (20.0, ["عشرون", "عشرين"]),
        (30.0, ["ثلاثون", "ثلاثين"]),
        (40.0, ["أربعون", "أربعين"]),
        (50.0, ["خمسون", "خمسين"]),
        (60.0, ["ستون", "ستين"]),
        (70.0, ["سبعون", "سبعين"]),
        (80.0, ["ثمانون", "ثمانين"]),
        (90.0, ["تسعون", "تسعين"]),
    ];
    for (value, words) in tens {
        add(&words, small(value));
    }
    // Not the colloquial `مية`: it is also "water", and `كمية` ("amount") would read as
    // ك + مية.
    add(&["مائة", "مئة"], Atom::Hundred);
    add(&["صفر"], Atom::Zero);
    add(
        &[
            "مئتان",
            "مئتين",
            "مئتا",
            "مئتي",
            "مائتان",
            "مائتين",
            "مائتا",
            "مائتي",
        ],
        small(200.0),
    );
    let hundreds = [
        (300.0, "ثلاث"),
        (400.0, "أربع"),
        (500.0, "خمس"),
        (600.0, "ست"),
        (700.0, "سبع"),
        (800.0, "ثمان"),
        (800.0, "ثماني"),
        (900.0, "تسع"),
    ];
    for (value, unit) in hundreds {
        for hundred in ["مائة", "مئة", "ماية"] {
            add(&[&format!("{unit}{hundred}")], small(value));
        }
    }
    let scales = [
        (1e3, ["ألف", "ألفا", "ألفان|ألفين|ألفي", "آلاف|ألوف"]),
        (1e6, ["مليون", "مليونا", "مليونان|مليونين|مليوني", "ملايين"]),
        (
            1e9,
            ["مليار", "مليارا", "ملياران|مليارين|ملياري", "مليارات"],
        ),
        (1e9, ["بليون", "بليونا", "بليونان|بليونين", "بلايين"]),
        (
            1e12,
            ["تريليون", "تريليونا", "تريليونان|تريليونين", "تريليونات"],
        ),
        (1e12, ["ترليون", "ترليونا", "ترليونان|ترليونين", "ترليونات"]),
        (
            12.0,
            ["دزينة", "دزينتا", "دزينتان|دزينتين|دزينتي", "دزينات"],
        ),
    ];
    for (value, [singular, accusative, duals, plurals]) in scales {
        add(&[singular], scale(value, Form::Singular));
        add(&[accusative], scale(value, Form::AccusativeOrDual));
        add(
            &duals.split('|').collect::<Vec<_>>(),
            scale(value, Form::Dual),
        );
        add(
            &plurals.split('|').collect::<Vec<_>>(),
            scale(value, Form::Plural),
        );
    }
    add(&["عقد"], period(10.0, Form::MaybeVerb));
    add(&["عقدا"], period(10.0, Form::Singular));
    add(&["عقدان", "عقدين", "عقدي"], period(10.0, Form::Dual));
    add(&["عقود"], period(10.0, Form::Plural));
    add(&["قرن"], period(100.0, Form::MaybeVerb));
    add(&["قرنا"], period(100.0, Form::Singular));
    add(&["قرنان", "قرنين", "قرني"], period(100.0, Form::Dual));
    add(&["قرون"], period(100.0, Form::Plural));
    add(&["نصف"], Atom::Fraction(0.5));
    add(&["ربع"], Atom::Fraction(0.25));
    add(&["ثلث"], Atom::Fraction(1.0 / 3.0));
    add(&["ثلثا", "ثلثي"], Atom::Fraction(2.0 / 3.0));
    table
});

/// English number words (lower case, as normalisation leaves them).
static ENGLISH: LazyLock<HashMap<String, Atom>> = LazyLock::new(|| {
    let mut table = HashMap::new();
    let units = [
        "one",
        "two",
        "three",
        "four",
        "five",
        "six",
        "seven",
        "eight",
        "nine",
        "ten",
        "eleven",
        "twelve",
        "thirteen",
        "fourteen",
        "fifteen",
        "sixteen",
        "seventeen",
        "eighteen",
        "nineteen",
    ];
    for (index, word) in units.iter().enumerate() {
        table.insert(word.to_string(), small(index as f64 + 1.0));
    }
    let tens = [
        "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety",
    ];
    for (index, word) in tens.iter().enumerate() {
        table.insert(word.to_string(), small((index as f64 + 2.0) * 10.0));
    }
    table.insert("hundred".into(), Atom::Hundred);
    let scales = [
        ("thousand", "thousands", 1e3),
        ("million", "millions", 1e6),
        ("billion", "billions", 1e9),
        ("trillion", "trillions", 1e12),
        ("dozen", "dozens", 12.0),
        ("lakh", "lakhs", 1e5),
        ("lac", "lacs", 1e5),
        ("crore", "crores", 1e7),
        ("lkh", "lkhs", 1e5),
        ("krore", "krores", 1e7),
        ("koti", "kotis", 1e7),
        // a couple, a pair (of): two; a couple thousand is 2,000.
        ("couple", "couples", 2.0),
        ("pair", "pairs", 2.0),
    ];
    for (singular, plural, value) in scales {
        table.insert(singular.into(), scale(value, Form::Singular));
        table.insert(plural.into(), scale(value, Form::Plural));
    }
    table.insert("hundreds".into(), scale(100.0, Form::Plural));
    // Abbreviations written apart from the number (`10 bln`, `300 cr`); alone they are nothing.
    for (word, value) in [
        ("bn", 1e9),
        ("bln", 1e9),
        ("mln", 1e6),
        ("mn", 1e6),
        ("cr", 1e7),
    ] {
        table.insert(word.into(), scale(value, Form::Singular));
    }
    for zero in ["zero", "nought", "naught", "nil"] {
        table.insert(zero.into(), Atom::Zero);
    }
    table.insert("decade".into(), period(10.0, Form::Singular));
    table.insert("decades".into(), period(10.0, Form::Plural));
    table.insert("century".into(), period(100.0, Form::Singular));
    table.insert("centuries".into(), period(100.0, Form::Plural));
    table.insert("half".into(), Atom::Fraction(0.5));
    table.insert("quarter".into(), Atom::Fraction(0.25));
    table.insert("a".into(), Atom::Article);
    table.insert("an".into(), Atom::Article);
    table
});

/// Company and product names written like the construct dual `مئتا` ("Meta").
static META_CONTEXT: LazyLock<Vec<String>> = LazyLock::new(|| {
    ["شركة", "منصة", "مجموعة", "تطبيقات", "منصات", "بلاتفورمز"]
        .iter()
        .map(|w| fold(w))
        .collect()
});

/// Ordinals that a following `و` + tens word continues (`الحادي والعشرين` is "21st").
static ORDINALS: LazyLock<Vec<String>> = LazyLock::new(|| {
    [
        "أول",
        "حادي",
        "ثاني",
        "ثالث",
        "رابع",
        "خامس",
        "سادس",
        "سابع",
        "ثامن",
        "تاسع",
        "عاشر",
        "أولى",
        "حادية",
        "ثانية",
        "ثالثة",
        "رابعة",
        "خامسة",
        "سادسة",
        "سابعة",
        "ثامنة",
        "تاسعة",
        "عاشرة",
    ]
    .iter()
    .map(|w| fold(w))
    .collect()
});

/// Words after which a bare `عقد` ("decade"/"held") means a period of time.
static PERIOD_CONTEXT: LazyLock<Vec<String>> = LazyLock::new(|| {
    ["منذ", "قبل", "خلال", "طوال", "مدة", "طيلة", "نحو"]
        .iter()
        .map(|w| fold(w))
        .collect()
});

/// Words that may follow a period word and keep it a period (`منذ عقد كامل`).
static PERIOD_FOLLOWERS: LazyLock<Vec<String>> = LazyLock::new(|| {
    ["كامل", "تقريبا", "مضى", "ونصف"]
        .iter()
        .map(|w| fold(w))
        .collect()
});

/// A number written in digits.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct Numeral {
    /// Its value (finite).
    pub value: f64,
    /// Index of the token after it.
    pub end: usize,
    /// Whether it is one run of digits with no separator or decimals.
    pub plain: bool,
}

/// The outcome of reading digits.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) enum NumeralRead {
    /// A number.
    Number(Numeral),
    /// Digits and separators that form no number (`1.2.3`, a value past `f64`); `end` is the
    /// token after the whole run, which must be skipped.
    Malformed { end: usize },
}

/// The most digit groups [`read_numeral`] reads in one glued run: 64 groups of three digits
/// are far beyond `f64`'s range of exact numbers, and every digits token of a run
/// (`1,1,1,…`, a scraped table flattened to one line) starts a read, so an unbounded run made
/// extraction quadratic (a 1 MB line took minutes). A longer run is no number.
pub(crate) const MAX_GROUPS: usize = 64;

/// The most significant digits a numeral may have: up to 15, a decimal numeral survives the
/// round trip through `f64` unchanged; a longer one would come out silently rounded, so it
/// is no number.
const MAX_SIGNIFICANT_DIGITS: usize = 15;

/// Whether the single white-space byte between tokens `k - 1` and `k` separates thousands
/// (`40 000`, with a space, or a no-break space that normalisation made one).
fn space_grouped(tokens: &[Token<'_>], k: usize) -> bool {
    match (k.checked_sub(1).and_then(|p| tokens.get(p)), tokens.get(k)) {
        (Some(previous), Some(group)) => {
            previous.kind == TokenKind::Digits
                && group.kind == TokenKind::Digits
                && group.text.len() == 3
                && group.start == previous.end + 1
        }
        _ => false,
    }
}

/// Reads the numeral starting at token `i` (which must be digits): `5`, `5,000,000`, `1.5`,
/// `1,234.5`, `5.000.000` (dots as thousands separators when there are at least two groups),
/// `1.111,11` (dots group, the comma is the decimal mark), `١،٢٣٤،٥٦٧` (Arabic commas grouping
/// thousands), `40 000` and `1 414 021 100` (a single space or no-break space grouping
/// thousands after one to three digits), and `1,5` as a decimal only before a scale word
/// (`1,5 مليون`). A comma that could be a decimal mark or a list (`٤,٨`, `3,4`) makes the
/// whole run [`NumeralRead::Malformed`]: no value rather than a guess.
pub(crate) fn read_numeral(tokens: &[Token<'_>], i: usize) -> Option<NumeralRead> {
    let first = tokens.get(i)?;
    if first.kind != TokenKind::Digits {
        return None;
    }
    // The glued run: digits (sep digits)*, where sep is '.', ',' or the Arabic comma.
    let mut groups = vec![first.text];
    let mut separators = Vec::new();
    let mut end = i + 1;
    let mut arabic_comma = false;
    let mut too_long = false;
    while let (Some(separator), Some(digits)) = (tokens.get(end), tokens.get(end + 1)) {
        let comma = separator.is_punct(',') || separator.is_punct('،');
        if !(separator.is_punct('.') || comma)
            || digits.kind != TokenKind::Digits
            || !glued(tokens, end)
            || !glued(tokens, end + 1)
        {
            break;
        }
        if groups.len() > MAX_GROUPS {
            // No numeral is this long: skip the rest of the run without keeping its groups
            // (reading stays linear), so no piece of it is read as a number of its own.
            too_long = true;
            end += 2;
            continue;
        }
        arabic_comma |= separator.is_punct('،');
        separators.push(if comma { ',' } else { '.' });
        groups.push(digits.text);
        end += 2;
    }
    if too_long {
        return Some(NumeralRead::Malformed { end });
    }
    // "40 000", "1 414 021 100": groups of three after a space. Not inside a longer row of
    // numbers (`100 101 102 …`, a flattened table): the run must stand apart from other
    // digits and hold at most five groups.
    let digits_at = |k: Option<usize>| {
        k.and_then(|k| tokens.get(k))
            .is_some_and(|t| t.kind == TokenKind::Digits)
    };
    let mut spaced = vec![first.text];
    let mut k = end;
    if separators.is_empty() && first.text.len() <= 3 && !digits_at(i.checked_sub(1)) {
        while space_grouped(tokens, k) && spaced.len() <= 5 {
            spaced.extend(tokens.get(k).map(|t| t.text));
            k += 1;
        }
    }
    if spaced.len() > 1 && spaced.len() <= 5 && !digits_at(Some(k)) {
        // A separator glued after the last group ("1 234,5") leaves the reading unsure.
        if tokens
            .get(k)
            .is_some_and(|t| t.kind == TokenKind::Punct && glued(tokens, k))
            && tokens
                .get(k + 1)
                .is_some_and(|t| t.kind == TokenKind::Digits)
        {
            return Some(NumeralRead::Malformed { end: k + 2 });
        }
        return Some(match number(&spaced.concat(), k, false) {
            Some(numeral) => NumeralRead::Number(numeral),
            None => NumeralRead::Malformed { end: k },
        });
    }
    if arabic_comma && !separators.iter().all(|&s| s == ',') {
        return Some(NumeralRead::Malformed { end });
    }
    if let Some(numeral) = interpret(&groups, &separators, i) {
        return Some(NumeralRead::Number(numeral));
    }
    if groups
        .iter()
        .map(|g| g.trim_start_matches('0').len())
        .sum::<usize>()
        > MAX_SIGNIFICANT_DIGITS
    {
        return Some(NumeralRead::Malformed { end });
    }
    // "1,5 مليون": a decimal comma, as French-influenced writing has it, shows itself by the
    // scale word after one or two decimals.
    if let ([integer, decimals], [',']) = (groups.as_slice(), separators.as_slice())
        && !arabic_comma
        && (1..=2).contains(&decimals.len())
        && is_scale_word(tokens, end)
        && let Some(numeral) = number(&format!("{integer}.{decimals}"), end, false)
    {
        return Some(NumeralRead::Number(numeral));
    }
    // "2019,2020", "٢٠١٩،٢٠٢٠": a comma between numbers of four digits or more separates
    // them (no decimal has that many places after a comma, and no group of thousands);
    // an Arabic comma is never a decimal mark, so it always separates.
    if let Some(comma) = separators.iter().position(|&s| s == ',')
        && (arabic_comma || groups.get(comma + 1).is_some_and(|g| g.len() >= 4))
        && let Some(numeral) = interpret(&groups[..=comma], &separators[..comma], i)
    {
        return Some(NumeralRead::Number(numeral));
    }
    Some(NumeralRead::Malformed { end })
}

/// The numeral spelled by `digits` (ASCII digits with at most one `.`), ending before token
/// `end`; `None` past [`MAX_SIGNIFICANT_DIGITS`] or `f64`.
fn number(digits: &str, end: usize, plain: bool) -> Option<Numeral> {
    let significant = digits
        .chars()
        .filter(char::is_ascii_digit)
        .skip_while(|&c| c == '0')
        .count();
    if significant > MAX_SIGNIFICANT_DIGITS {
        return None;
    }
    let value: f64 = digits.parse().ok()?;
    value.is_finite().then_some(Numeral { value, end, plain })
}

fn interpret(groups: &[&str], separators: &[char], first: usize) -> Option<Numeral> {
    let head = groups.first()?;
    let end = first + 2 * groups.len() - 1;
    let thousands = |gs: &[&str]| {
        gs.first().is_some_and(|g| (1..=3).contains(&g.len()))
            && gs.iter().skip(1).all(|g| g.len() == 3)
    };
    let digits: String = match separators {
        [] => (*head).to_string(),
        ['.'] => format!("{}.{}", head, groups.get(1)?),
        seps if seps.iter().all(|&s| s == ',') && thousands(groups) => groups.concat(),
        [commas @ .., '.'] if commas.iter().all(|&s| s == ',') => {
            let (integer, fraction) = groups.split_at(groups.len() - 1);
            if !thousands(integer) {
                return None;
            }
            format!("{}.{}", integer.concat(), fraction.first()?)
        }
        // 1.111,11: dots group thousands and the comma marks the decimals.
        [dots @ .., ','] if !dots.is_empty() && dots.iter().all(|&s| s == '.') => {
            let (integer, fraction) = groups.split_at(groups.len() - 1);
            if !thousands(integer) {
                return None;
            }
            format!("{}.{}", integer.concat(), fraction.first()?)
        }
        seps if seps.len() >= 2 && seps.iter().all(|&s| s == '.') && thousands(groups) => {
            groups.concat()
        }
        _ => return None,
    };
    number(&digits, end, separators.is_empty())
}

/// What touches the end of a numeral.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) enum RightGlue {
    /// Nothing (white space, punctuation or the end).
    Free,
    /// A scale suffix: `5m`, `5bn`, `5k`.
    Scale(f64),
    /// An English ordinal suffix: `21st`, `19th`.
    Ordinal,
    /// The Arabic era letter `م` (AD): `2000م`.
    Ad,
    /// The Hijri era letter `هـ`: `1445هـ`.
    Hijri,
    /// `am`/`pm`: a clock time.
    Clock,
    /// An Arabic word written against the digits (`5ملايين`, `5كم`).
    ArabicWord,
    /// Letters that make the digits part of a name or code (`5G`, `3D`).
    Name,
}

/// Classifies what touches the numeral that ends before token `end`.
pub(crate) fn right_glue(tokens: &[Token<'_>], end: usize) -> RightGlue {
    let Some(next) = tokens.get(end) else {
        return RightGlue::Free;
    };
    if !glued(tokens, end) || next.kind != TokenKind::Word {
        return RightGlue::Free;
    }
    match next.text {
        "m" | "mn" => RightGlue::Scale(1e6),
        "bn" | "bln" => RightGlue::Scale(1e9),
        "mln" => RightGlue::Scale(1e6),
        // 1.2b: after decimals a lone b is billions; 5b is a name or a paragraph.
        "b" if end >= 2 && tokens.get(end - 2).is_some_and(|t| t.is_punct('.')) => {
            RightGlue::Scale(1e9)
        }
        "k" => RightGlue::Scale(1e3),
        "tn" | "trn" => RightGlue::Scale(1e12),
        "st" | "nd" | "rd" | "th" => RightGlue::Ordinal,
        "am" | "pm" => RightGlue::Clock,
        "م" => RightGlue::Ad,
        "ه" => RightGlue::Hijri,
        _ if next.is_latin() => RightGlue::Name,
        _ => RightGlue::ArabicWord,
    }
}

/// Whether what touches token `i` from the left lets it be a number: nothing, punctuation,
/// or Arabic proclitics (`الـ70`, `و2020`, `ب5`) — but not a name (`عربي21`) or a name with a
/// hyphen (`كوفيد-19`, `F-16`).
pub(crate) fn left_glue_ok(tokens: &[Token<'_>], i: usize) -> bool {
    if !glued(tokens, i) {
        return true;
    }
    let Some(previous) = i.checked_sub(1).and_then(|p| tokens.get(p)) else {
        return true;
    };
    match previous.kind {
        TokenKind::Word => is_proclitic_only(previous.text),
        TokenKind::Digits => false,
        TokenKind::Break => true,
        TokenKind::Punct => {
            let joins_name = previous.is_punct('-') || previous.is_punct('_');
            let before = i.checked_sub(2).and_then(|p| tokens.get(p));
            let after_word = before.is_some_and(|b| b.kind == TokenKind::Word);
            let dot_after_digits =
                previous.is_punct('.') && before.is_some_and(|b| b.kind == TokenKind::Digits);
            // 5k-20k: the word before the hyphen is the scale suffix of a number.
            let after_suffix = i >= 3
                && glued(tokens, i - 2)
                && tokens
                    .get(i - 3)
                    .is_some_and(|t| t.kind == TokenKind::Digits)
                && matches!(right_glue(tokens, i - 2), RightGlue::Scale(_));
            !((joins_name && after_word && !after_suffix && glued(tokens, i - 1))
                || dot_after_digits)
        }
    }
}

/// The number word at token `p`, with its proclitics, if it is one here.
pub(crate) fn word_atom(tokens: &[Token<'_>], p: usize) -> Option<(Clitics, Atom)> {
    let token = tokens.get(p)?;
    if token.kind != TokenKind::Word {
        return None;
    }
    if token.is_latin() {
        return ENGLISH
            .get(token.text)
            .map(|atom| (Clitics::default(), *atom));
    }
    let (mut clitics, atom) = lookup(token.text, &ARABIC)?;
    let mut atom = *atom;
    // وأحد عشر folds to واحد + عشر: "and" + the first word of eleven, not "one ten".
    if stem_is_one_before_ten(tokens, p) {
        clitics = Clitics {
            conjunction: true,
            len: 'و'.len_utf8(),
            before_article: 'و'.len_utf8(),
            ..Clitics::default()
        };
        atom = Atom::TeenStart(1.0);
    }
    let stem = token.text.get(clitics.len..).unwrap_or_default();
    let previous_word = p
        .checked_sub(1)
        .and_then(|q| tokens.get(q))
        .filter(|t| t.is_word());
    if clitics.article {
        let definite_allowed = match atom {
            // "the two" (and Monday, الاثنين) and "the one" are not counts.
            Atom::Small { value, .. } => value > 2.0,
            Atom::Ten => true,
            Atom::Scale { form, .. } => form != Form::Plural,
            _ => false,
        };
        if !definite_allowed {
            return None;
        }
        // القرن العشرين: the twentieth century.
        if let Some(previous) = previous_word
            && lookup(previous.text, &ARABIC).is_some_and(|(_, a)| {
                matches!(
                    a,
                    Atom::Scale {
                        time: true,
                        value: 100.0,
                        ..
                    }
                )
            })
        {
            return None;
        }
    }
    // الحادي عشر, الحادية عشرة, الثالث عشر: the second word of an ordinal.
    if atom == Atom::Ten
        && let Some(previous) = previous_word
        && super::tokens::clitic_splits(previous.text)
            .iter()
            .any(|(_, s)| ORDINALS.iter().any(|o| o == s))
    {
        return None;
    }
    // صفر is also the month Safar: `1 صفر 1445`, `شهر صفر`.
    if atom == Atom::Zero {
        let digits_near = |k: Option<usize>| {
            k.and_then(|k| tokens.get(k))
                .is_some_and(|t| t.kind == TokenKind::Digits)
        };
        let month_word = previous_word.is_some_and(|w| w.text == fold("شهر"));
        if digits_near(p.checked_sub(1)) || digits_near(Some(p + 1)) || month_word {
            return None;
        }
    }
    // كمية ("amount") is not ك + مية (folded like مئة).
    if atom == Atom::Hundred && clitics.preposition && stem == fold("مئة") {
        return None;
    }
    // لست, ولست ("I am not", "and I am not") are not ل + ست.
    if stem == "ست" && clitics.preposition {
        return None;
    }
    if let Atom::Scale {
        form: Form::Dual, ..
    } = atom
        && stem.ends_with('ي')
    {
        // مليوني دولار is 2,000,000, but a construct dual needs its noun: `حشد مليوني` is a
        // million-strong crowd, and `القرني` (with the article) a name.
        if clitics.article || !construct_noun_follows(tokens, p) {
            return None;
        }
    }
    // القرنين التاسع عشر والعشرين: two centuries named by their ordinals, not 200 years.
    if let Atom::Scale {
        form: Form::Dual,
        time: true,
        ..
    } = atom
        && clitics.article
        && tokens.get(p + 1).is_some_and(|t| is_ordinal_word(t.text))
    {
        return None;
    }
    // عقدا, قرنا: a decade or century, but also "a contract" (وقعت عقدا بقيمة) and "they
    // linked": a period only after a verb of duration or before كاملا, تقريبا, من الزمن.
    if matches!(
        atom,
        Atom::Scale {
            time: true,
            form: Form::Singular,
            ..
        }
    ) && !accusative_period(tokens, p)
    {
        return None;
    }
    // ميتا is the company Meta unless it is the construct dual مئتا before a noun.
    if stem == "ميتا" {
        let next_is_word = tokens
            .get(p + 1)
            .is_some_and(|t| t.is_word() && !t.is_latin());
        let company = previous_word.is_some_and(|w| META_CONTEXT.iter().any(|m| m == w.text))
            || tokens
                .get(p + 1)
                .is_some_and(|t| META_CONTEXT.iter().any(|m| m == t.text));
        if !next_is_word || company {
            return None;
        }
    }
    // الحادي والعشرين, التاسع عشر والعشرين: an ordinal continues.
    if clitics.conjunction
        && let Some(previous) = previous_word
    {
        let ten_of_ordinal = (previous.text == fold("عشر") || previous.text == fold("عشرة"))
            && p.checked_sub(2)
                .and_then(|q| tokens.get(q))
                .is_some_and(|t| is_ordinal_word(t.text));
        if is_ordinal_word(previous.text) || ten_of_ordinal {
            return None;
        }
    }
    Some((clitics, atom))
}

/// Whether `word` is an Arabic ordinal (`التاسع`, `والحادي`), with any proclitics.
fn is_ordinal_word(word: &str) -> bool {
    super::tokens::clitic_splits(word)
        .iter()
        .any(|(_, s)| ORDINALS.iter().any(|o| o == s))
}

/// Prepositions that cannot be the noun of a construct dual (`مليوني في` is an adjective).
static NOT_COUNTED: LazyLock<Vec<String>> = LazyLock::new(|| {
    [
        "في", "من", "على", "إلى", "عن", "مع", "و", "أو", "ثم", "قد", "لم", "لا", "أن", "إن",
    ]
    .iter()
    .map(|w| fold(w))
    .collect()
});

/// Whether a noun follows the construct dual at `p` (`ألفي دولار`, `مليوني شخص`).
fn construct_noun_follows(tokens: &[Token<'_>], p: usize) -> bool {
    tokens.get(p + 1).is_some_and(|t| {
        t.is_word()
            && !t.is_latin()
            && !NOT_COUNTED.iter().any(|w| w == t.text)
            && lookup(t.text, &ARABIC).is_none()
    })
}

/// Verbs of duration before an accusative `عقدا`/`قرنا` (`قضى عقدا في السجن`).
static PERIOD_VERBS: LazyLock<Vec<String>> = LazyLock::new(|| {
    [
        "قضى",
        "قضت",
        "أمضى",
        "أمضت",
        "استمر",
        "استمرت",
        "دام",
        "دامت",
        "امتد",
        "امتدت",
        "عاش",
        "عاشت",
        "حكم",
        "حكمت",
        "مكث",
        "ظل",
        "ظلت",
        "بقي",
        "بقيت",
        "استغرق",
        "استغرقت",
    ]
    .iter()
    .map(|w| fold(w))
    .collect()
});

/// Whether an accusative `عقدا`/`قرنا` at `p` counts time: after a number (`عشرين عقدا`), a
/// verb of duration or a period word, or before `كاملا`, `تقريبا`, `من الزمن`.
fn accusative_period(tokens: &[Token<'_>], p: usize) -> bool {
    let word = |q: usize| tokens.get(q).filter(|t| t.is_word()).map(|t| t.text);
    let before = p.checked_sub(1).and_then(word);
    let after_number = p
        .checked_sub(1)
        .and_then(|q| tokens.get(q))
        .is_some_and(|t| t.kind == TokenKind::Digits)
        || before.is_some_and(|w| lookup(w, &ARABIC).is_some());
    let after_verb = before.is_some_and(|w| {
        super::tokens::clitic_splits(w).iter().any(|(_, s)| {
            PERIOD_VERBS.iter().any(|v| v == s) || PERIOD_CONTEXT.iter().any(|c| c == s)
        })
    });
    let next = word(p + 1);
    let before_follower = next == Some(fold("كاملا").as_str())
        || next == Some(fold("تقريبا").as_str())
        || (next == Some("من") && word(p + 2) == Some(fold("الزمن").as_str()));
    after_number || after_verb || before_follower
}

/// Whether the word at `p` is `واحد` (folded `وأحد`) before `عشر`/`عشرة` after another
/// number word.
fn stem_is_one_before_ten(tokens: &[Token<'_>], p: usize) -> bool {
    static ONE: LazyLock<String> = LazyLock::new(|| fold("وأحد"));
    static TEN: LazyLock<[String; 2]> = LazyLock::new(|| [fold("عشر"), fold("عشرة")]);
    tokens.get(p).is_some_and(|t| t.text == ONE.as_str())
        && tokens
            .get(p + 1)
            .is_some_and(|t| TEN.iter().any(|ten| ten == t.text))
        && p.checked_sub(1)
            .and_then(|q| tokens.get(q))
            .is_some_and(|t| t.is_word() && lookup(t.text, &ARABIC).is_some())
}

/// Whether the word at `p` is a scale word (`مليون`, `آلاف`, `million`): a four-digit number
/// before one is an amount, never a year.
pub(crate) fn is_scale_word(tokens: &[Token<'_>], p: usize) -> bool {
    matches!(
        word_atom(tokens, p),
        Some((_, Atom::Scale { time: false, .. }))
    )
}

/// A number phrase found by [`parse`].
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Phrase {
    /// The number (finite, not negative; the sign is read by the caller).
    pub value: f64,
    /// Index of the first token of the phrase (the `.` of `.77`, else `start`).
    pub first: usize,
    /// Index of the token after the phrase.
    pub end: usize,
    /// Byte offset where the phrase starts (after any `و`/`ب`/`ل` proclitic).
    pub start_byte: usize,
    /// Byte offset where the phrase ends.
    pub end_byte: usize,
}

/// What [`parse`] makes of the tokens at a start.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Parsed {
    /// A number.
    Number(Phrase),
    /// Number tokens that give no value for sure (an ordinal, `3/4`, `٤,٨`, a numeral past
    /// `f64`, `two million and one half`): the tokens before `end` are skipped, so no piece
    /// of them is read as a number either.
    Unsure {
        /// Index of the token after the skipped ones.
        end: usize,
        /// Why no value is given, for `explain`.
        why: &'static str,
    },
}

/// What the parser needs to know about the surroundings of a phrase.
pub(crate) struct Context<'a> {
    /// Tokens that belong to a date, year or clock time and are never part of an amount.
    pub blocked: &'a [bool],
    /// Whether a qualifier (`نحو`, `أكثر من`) stands right before the phrase: then a bare
    /// `عقد` is a decade (`أكثر من عقد`), not the verb "held".
    pub qualified: bool,
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
enum Previous {
    #[default]
    Nothing,
    Unit,
    Tens,
    Small,
    Hundred,
    Scale,
    Fraction,
    Digits,
}

#[derive(Debug, Clone, Copy, Default)]
struct State {
    total: f64,
    group: f64,
    places: u8,
    digits: bool,
    last_scale: f64,
    scales: usize,
    closed: bool,
    tail_scale: Option<f64>,
    time: bool,
    pending_fraction: Option<f64>,
    article: bool,
    teen_pending: bool,
    zero: bool,
    previous: Previous,
    atoms: usize,
    latin: bool,
    language_known: bool,
}

impl State {
    fn complete(&self) -> bool {
        self.atoms > 0 && !self.article && !self.teen_pending && self.pending_fraction.is_none()
    }

    fn value(&self) -> f64 {
        self.total + self.group
    }
}

/// English ordinals: after a number they make it an ordinal (`twenty-first`), never a count.
static ENGLISH_ORDINALS: LazyLock<HashMap<&'static str, f64>> = LazyLock::new(|| {
    let mut table = HashMap::new();
    // The value is the denominator when the ordinal is also a fraction (`one third`).
    for (word, denominator) in [
        ("third", 3.0),
        ("fourth", 4.0),
        ("fifth", 5.0),
        ("sixth", 6.0),
        ("seventh", 7.0),
        ("eighth", 8.0),
        ("ninth", 9.0),
        ("tenth", 10.0),
    ] {
        table.insert(word, denominator);
    }
    for word in [
        "first",
        "second",
        "eleventh",
        "twelfth",
        "thirteenth",
        "fourteenth",
        "fifteenth",
        "sixteenth",
        "seventeenth",
        "eighteenth",
        "nineteenth",
        "twentieth",
        "thirtieth",
        "fortieth",
        "fiftieth",
        "sixtieth",
        "seventieth",
        "eightieth",
        "ninetieth",
        "hundredth",
        "thousandth",
        "millionth",
        "billionth",
        "trillionth",
    ] {
        table.insert(word, 0.0);
    }
    table
});

/// English plural fractions after a number (`two thirds`); `quarters` only before `of` (three
/// quarters of a year may be nine months).
const ENGLISH_PLURAL_FRACTIONS: [(&str, f64); 10] = [
    ("halves", 2.0),
    ("thirds", 3.0),
    ("quarters", 4.0),
    ("fourths", 4.0),
    ("fifths", 5.0),
    ("sixths", 6.0),
    ("sevenths", 7.0),
    ("eighths", 8.0),
    ("ninths", 9.0),
    ("tenths", 10.0),
];

/// Arabic plural fractions after a number (`ثلاثة أرباع` = 3/4), in folded spelling. Not
/// `أثمان` (also "prices") nor `أسباع`.
static ARABIC_PLURAL_FRACTIONS: LazyLock<Vec<(String, f64)>> = LazyLock::new(|| {
    [
        ("أثلاث", 3.0),
        ("أرباع", 4.0),
        ("أخماس", 5.0),
        ("أسداس", 6.0),
        ("أعشار", 10.0),
    ]
    .iter()
    .map(|(w, d)| (fold(w), *d))
    .collect()
});

/// Nouns after which a bare `نصف`/`ربع` is part of a name, not a fraction (`نصف النهائي`,
/// the semi-final; `نصف الكرة`, a hemisphere).
static FRACTION_NAMES: LazyLock<Vec<String>> =
    LazyLock::new(|| ["النهائي", "الكرة"].iter().map(|w| fold(w)).collect());

/// Whether token `p` (digits) has a decimal point of its own before it (`.77`, `٫٧٧`), not a
/// full stop after a word or a number.
fn leading_point(tokens: &[Token<'_>], p: usize) -> bool {
    let Some(point) = p.checked_sub(1) else {
        return false;
    };
    if !tokens.get(point).is_some_and(|t| t.is_punct('.')) || !glued(tokens, p) {
        return false;
    }
    !glued(tokens, point)
        || point
            .checked_sub(1)
            .and_then(|q| tokens.get(q))
            .is_some_and(|t| t.kind == TokenKind::Punct && !t.is_punct('.'))
}

/// The index after a scale word at `end`, if one is there, else `end`: an unreadable numeral
/// takes its scale word with it (`999…9 مليار` is not 1,000,000,000).
fn past_scale(tokens: &[Token<'_>], end: usize) -> usize {
    let mut end = end;
    while is_scale_word(tokens, end) {
        end += 1;
    }
    end
}

/// The decimals after `point`/`فاصلة` at `p`: digits (`1 point 1`), or digit words (`two
/// point two five`; Arabic reads one word). Returns the decimal digits and the token after
/// them; `Err` when words follow that leave the reading unsure.
fn point_decimals(
    tokens: &[Token<'_>],
    p: usize,
    latin: bool,
) -> Result<Option<(String, usize)>, ()> {
    let q = p + 1;
    if let Some(token) = tokens.get(q)
        && token.kind == TokenKind::Digits
        && !glued(tokens, q)
    {
        return match read_numeral(tokens, q) {
            Some(NumeralRead::Number(n)) if n.plain => Ok(Some((token.text.to_string(), n.end))),
            _ => Err(()),
        };
    }
    let digit = |k: usize| match word_atom(tokens, k) {
        Some((clitics, Atom::Small { value, .. })) if value < 10.0 && clitics.len == 0 => {
            Some(char::from(b'0' + value as u8))
        }
        Some((clitics, Atom::Zero)) if clitics.len == 0 => Some('0'),
        _ => None,
    };
    let mut decimals = String::new();
    let mut k = q;
    while let Some(d) = digit(k) {
        decimals.push(d);
        k += 1;
        if !latin {
            break;
        }
    }
    if decimals.is_empty() {
        return Ok(None);
    }
    // واحد فاصلة خمسة وعشرون: Arabic may read the decimals as a whole number.
    let more = tokens.get(k).is_some_and(|t| t.text == "و") || word_atom(tokens, k).is_some();
    if !latin && more {
        return Err(());
    }
    Ok(Some((decimals, k)))
}

/// Reads the number phrase that starts at token `start`, if one does.
pub(crate) fn parse(tokens: &[Token<'_>], start: usize, context: &Context<'_>) -> Option<Parsed> {
    let mut state = State::default();
    let mut best: Option<(State, usize, usize)> = None;
    let mut start_byte: Option<usize> = None;
    let mut first = start;
    let mut connector = false;
    // Where a fraction read first ends (`نصف السكان`): the token after it and its end byte.
    let mut fraction_end: Option<(usize, usize)> = None;
    let mut p = start;
    while let Some(token) = tokens.get(p) {
        if context.blocked.get(p).copied().unwrap_or(false) {
            break;
        }
        match token.kind {
            TokenKind::Break => break,
            TokenKind::Punct => {
                // twenty-four
                let hyphenated = token.is_punct('-')
                    && state.previous == Previous::Tens
                    && state.latin
                    && glued(tokens, p)
                    && glued(tokens, p + 1);
                if !hyphenated {
                    break;
                }
                p += 1;
            }
            TokenKind::Digits => {
                let continues_after_scale = connector
                    && state.previous == Previous::Scale
                    && state.group == 0.0
                    && !state.time
                    && !state.closed;
                if (p != start && !continues_after_scale) || !left_glue_ok(tokens, p) {
                    break;
                }
                let numeral = match read_numeral(tokens, p) {
                    Some(NumeralRead::Number(numeral)) => numeral,
                    Some(NumeralRead::Malformed { end }) if p == start => {
                        return Some(Parsed::Unsure {
                            end: past_scale(tokens, end),
                            why: "digits that form no number for sure (a comma that may be a decimal mark or a list, or more than 15 significant digits)",
                        });
                    }
                    _ => break,
                };
                let mut numeral = numeral;
                // "point 77" with no number before: a spoken decimal (0.77) or a numbered
                // point of a text; no value.
                if p == start && point_opens(tokens, p) {
                    return Some(Parsed::Unsure {
                        end: numeral.end,
                        why: "digits after \"point\" with no number before: a decimal or a numbered point",
                    });
                }
                // 3/4 may be a fraction or a date, 24/7 neither: no value.
                if p == start
                    && numeral.plain
                    && tokens.get(numeral.end).is_some_and(|t| t.is_punct('/'))
                    && glued(tokens, numeral.end)
                    && glued(tokens, numeral.end + 1)
                    && tokens
                        .get(numeral.end + 1)
                        .is_some_and(|t| t.kind == TokenKind::Digits)
                {
                    return Some(Parsed::Unsure {
                        end: numeral.end + 2,
                        why: "a slash between numbers: a fraction, a date or a reference",
                    });
                }
                let suffix = right_glue(tokens, numeral.end);
                if matches!(suffix, RightGlue::Scale(_)) && suffix_is_a_unit(tokens, numeral.end) {
                    return Some(Parsed::Unsure {
                        end: numeral.end + 1,
                        why: "m or k after digits before a measure, a race or a screen (100m sprint, 2m high, 4k video): metres or a resolution, not millions or thousands",
                    });
                }
                if !matches!(
                    suffix,
                    RightGlue::Free | RightGlue::Scale(_) | RightGlue::ArabicWord
                ) {
                    break;
                }
                start_byte.get_or_insert(digits_start(tokens, p));
                if p == start && leading_point(tokens, p) {
                    if !numeral.plain {
                        return Some(Parsed::Unsure {
                            end: numeral.end,
                            why: "a decimal point before digits with separators",
                        });
                    }
                    numeral.value = match number(&format!("0.{}", token.text), numeral.end, false) {
                        Some(decimal) => decimal.value,
                        None => {
                            return Some(Parsed::Unsure {
                                end: numeral.end,
                                why: "more decimals than a value keeps",
                            });
                        }
                    };
                    first = p - 1;
                    start_byte = tokens.get(p - 1).map(|t| t.start);
                }
                state.group = numeral.value;
                state.places = ALL_PLACES;
                state.digits = true;
                state.previous = Previous::Digits;
                state.atoms += 1;
                connector = false;
                p = numeral.end;
                let mut end_byte = tokens.get(p - 1).map_or(token.end, |t| t.end);
                if let RightGlue::Scale(value) = suffix {
                    state.total += state.group * value;
                    state.group = 0.0;
                    state.places = 0;
                    state.last_scale = value;
                    state.scales += 1;
                    state.previous = Previous::Scale;
                    end_byte = tokens.get(p).map_or(end_byte, |t| t.end);
                    p += 1;
                }
                best = Some((state, p, end_byte));
            }
            TokenKind::Word => {
                // a quarter of a million: "of" between a fraction and its scale.
                if token.text == "of"
                    && state.pending_fraction.is_some()
                    && state.previous == Previous::Fraction
                {
                    p += 1;
                    continue;
                }
                // two point two million, واحد فاصلة خمسة
                if (token.text == "point" || token.text == fold("فاصلة"))
                    && state.complete()
                    && !connector
                    && state.total == 0.0
                    && !state.time
                    && !state.closed
                    && state.group.fract() == 0.0
                    && state.previous != Previous::Fraction
                {
                    let at_one_point = token.text == "point"
                        && state.group == 1.0
                        && !state.digits
                        && start
                            .checked_sub(1)
                            .and_then(|q| tokens.get(q))
                            .is_some_and(|t| t.text == "at");
                    if at_one_point {
                        return Some(Parsed::Unsure {
                            end: p + 1,
                            why: "the idiom \"at one point\"",
                        });
                    }
                    match point_decimals(tokens, p, state.latin || token.is_latin()) {
                        Ok(Some((decimals, next))) => {
                            let Some(read) =
                                number(&format!("{}.{decimals}", state.group), next, false)
                            else {
                                return Some(Parsed::Unsure {
                                    end: next,
                                    why: "more decimals than a value keeps",
                                });
                            };
                            state.group = read.value;
                            state.places = ALL_PLACES;
                            state.digits = true;
                            state.previous = Previous::Digits;
                            let end_byte = tokens.get(next - 1).map_or(token.end, |t| t.end);
                            p = next;
                            best = Some((state, p, end_byte));
                            continue;
                        }
                        Ok(None) => break,
                        Err(()) => {
                            return Some(Parsed::Unsure {
                                end: p + 2,
                                why: "decimals after فاصلة read as a whole number",
                            });
                        }
                    }
                }
                let is_connector = token.text == "و" || token.text == "and";
                if is_connector {
                    if p == start || connector {
                        break;
                    }
                    connector = true;
                    p += 1;
                    continue;
                }
                let Some((clitics, atom)) = word_atom(tokens, p) else {
                    break;
                };
                if p != start {
                    if clitics.preposition && !clitics.article {
                        break;
                    }
                    if clitics.conjunction {
                        if connector {
                            break;
                        }
                        connector = true;
                    }
                }
                if !state.language_known {
                    state.latin = token.is_latin();
                    state.language_known = true;
                } else if state.latin != token.is_latin() {
                    break;
                }
                // one twenty two, three forty-five: 122 or 1.22, a time or two numbers.
                let unit_then_tens = state.latin
                    && !connector
                    && state.atoms == 1
                    && !state.digits
                    && state.previous == Previous::Unit
                    && state.total == 0.0
                    && matches!(atom, Atom::Small { places: TENS, .. })
                    && !(state.group == 1.0 && one_is_pronoun(tokens, start, p));
                if unit_then_tens {
                    let end = match parse(tokens, p, context) {
                        Some(Parsed::Number(tens)) => tens.end,
                        Some(Parsed::Unsure { end, .. }) => end,
                        None => p + 1,
                    };
                    return Some(Parsed::Unsure {
                        end,
                        why: "a unit word before a tens word (one twenty two): a number, a price or a time",
                    });
                }
                if apply(&mut state, atom, clitics, connector, tokens, p, context).is_err() {
                    break;
                }
                connector = false;
                start_byte.get_or_insert(token.start + clitics.span_skip());
                p += 1;
                if matches!(atom, Atom::Fraction(_)) && state.atoms == 1 && state.total == 0.0 {
                    fraction_end = Some((p, token.end));
                }
                if state.complete() {
                    best = Some((state, p, token.end));
                }
            }
        }
    }
    if best.is_none()
        && let Some((after, end_byte)) = fraction_end
        && let Some(fraction) = state.pending_fraction
        && bare_fraction(tokens, after, state.latin)
    {
        let mut whole = State {
            group: fraction,
            pending_fraction: None,
            ..state
        };
        whole.article = false;
        best = Some((whole, after, end_byte));
    }
    let (state, mut end, mut end_byte) = best?;
    let mut value = state.value();
    if !value.is_finite() {
        return Some(Parsed::Unsure {
            end,
            why: "a number too large for a value",
        });
    }
    if value < 0.0 {
        return None;
    }
    let start_byte = start_byte?;
    // 300 kr, 30 l: crowns or crore, litres or lakh.
    if let Some(next) = tokens.get(end)
        && next.is_word()
        && AMBIGUOUS_ABBREVIATIONS.contains(&next.text)
    {
        return Some(Parsed::Unsure {
            end: end + 1,
            why: "an abbreviation after the number that may be a unit or a scale (kr: crowns or crore; l: litres or lakh)",
        });
    }
    if value == 1.0 && state.atoms == 1 && !state.digits && one_is_pronoun(tokens, start, end) {
        return None;
    }
    match fraction_after(tokens, end, &state) {
        FractionAfter::None => {}
        FractionAfter::Divide {
            denominator,
            end: after,
        } => {
            value /= denominator;
            end_byte = tokens.get(after - 1).map_or(end_byte, |t| t.end);
            end = after;
        }
        FractionAfter::Unsure { end: after, why } => {
            return Some(Parsed::Unsure { end: after, why });
        }
    }
    Some(Parsed::Number(Phrase {
        value,
        first,
        end,
        start_byte,
        end_byte,
    }))
}

/// Whether a fraction read alone (`نصف`, `ثلثا`, `a quarter`) stands for a share of what
/// follows at `after`: a definite noun or `من` in Arabic (`نصف السكان`, not `نصف النهائي`),
/// `of` or `the` in English (`half of`, `half the`). Otherwise it gives no value.
fn bare_fraction(tokens: &[Token<'_>], after: usize, latin: bool) -> bool {
    let Some(next) = tokens.get(after).filter(|t| t.is_word()) else {
        return false;
    };
    if latin {
        return matches!(next.text, "of" | "the");
    }
    if next.text == "من" {
        return true;
    }
    let definite = super::tokens::clitic_splits(next.text)
        .iter()
        .any(|(c, _)| c.article);
    definite && !FRACTION_NAMES.iter().any(|n| n == next.text)
}

/// What follows a number phrase ending before `end` and changes it.
enum FractionAfter {
    None,
    /// `ثلاثة أرباع`, `two thirds`, `one fifth`: the value is divided.
    Divide {
        denominator: f64,
        end: usize,
    },
    /// `twenty-first`, `one hundred twenty-fifth`, `two million and one half`, `three
    /// quarters` without `of`: no value.
    Unsure {
        end: usize,
        why: &'static str,
    },
}

fn fraction_after(tokens: &[Token<'_>], end: usize, state: &State) -> FractionAfter {
    let hyphen = tokens.get(end).is_some_and(|t| t.is_punct('-'))
        && glued(tokens, end)
        && glued(tokens, end + 1);
    let q = if hyphen { end + 1 } else { end };
    let Some(word) = tokens.get(q).filter(|t| t.is_word()) else {
        return FractionAfter::None;
    };
    let small_whole =
        state.total == 0.0 && state.group >= 1.0 && state.group.fract() == 0.0 && !state.time;
    if !word.is_latin() {
        if hyphen || !small_whole || state.group > 10.0 {
            return FractionAfter::None;
        }
        return match ARABIC_PLURAL_FRACTIONS.iter().find(|(w, _)| w == word.text) {
            Some((_, denominator)) => FractionAfter::Divide {
                denominator: *denominator,
                end: q + 1,
            },
            None => FractionAfter::None,
        };
    }
    if !state.latin && !state.digits {
        return FractionAfter::None;
    }
    let exactly_one = state.value() == 1.0 && state.atoms == 1 && !state.digits;
    if let Some(&denominator) = ENGLISH_ORDINALS.get(word.text) {
        if exactly_one && denominator > 0.0 {
            return FractionAfter::Divide {
                denominator,
                end: q + 1,
            };
        }
        return FractionAfter::Unsure {
            end: q + 1,
            why: "an ordinal (twenty-first), not a count",
        };
    }
    if matches!(word.text, "half" | "quarter") {
        if exactly_one && !hyphen {
            let denominator = if word.text == "half" { 2.0 } else { 4.0 };
            return FractionAfter::Divide {
                denominator,
                end: q + 1,
            };
        }
        return FractionAfter::Unsure {
            end: q + 1,
            why: "a fraction after a number (two million and one half): unsure which it adds to",
        };
    }
    if let Some(&(plural, denominator)) = ENGLISH_PLURAL_FRACTIONS
        .iter()
        .find(|(w, _)| *w == word.text)
    {
        let of_follows = tokens.get(q + 1).is_some_and(|t| t.text == "of");
        if small_whole && (plural != "quarters" || of_follows) {
            return FractionAfter::Divide {
                denominator,
                end: q + 1,
            };
        }
        return FractionAfter::Unsure {
            end: q + 1,
            why: "quarters without \"of\" may be quarters of a year",
        };
    }
    FractionAfter::None
}

/// Where a numeral's span starts: at the digits, or at a definite article written against
/// them (`الـ70`), leaving out `و`/`ب`/`ل` before it.
fn digits_start(tokens: &[Token<'_>], p: usize) -> usize {
    let digits = tokens.get(p).map_or(0, |t| t.start);
    if !glued(tokens, p) {
        return digits;
    }
    match p.checked_sub(1).and_then(|q| tokens.get(q)) {
        Some(previous) if previous.is_word() && is_proclitic_only(previous.text) => {
            match previous
                .text
                .find("ال")
                .or_else(|| previous.text.find("لل"))
            {
                Some(at) => previous.start + at,
                None => digits,
            }
        }
        _ => digits,
    }
}

/// Words after `100m` or `4k` that make the letter a unit: metres (a race, a height, a
/// distance) or a screen resolution.
const UNIT_CONTEXT: [&str; 30] = [
    "sprint",
    "race",
    "final",
    "dash",
    "hurdles",
    "relay",
    "freestyle",
    "butterfly",
    "backstroke",
    "breaststroke",
    "medley",
    "run",
    "high",
    "tall",
    "long",
    "wide",
    "deep",
    "thick",
    "away",
    "above",
    "below",
    "across",
    "underground",
    "square",
    "resolution",
    "tv",
    "video",
    "display",
    "screen",
    "monitor",
];

/// Whether the scale letter `m`/`k` at `suffix` (glued to digits) stands before a word of
/// [`UNIT_CONTEXT`], also through a hyphen (`a 2m-high wall`).
fn suffix_is_a_unit(tokens: &[Token<'_>], suffix: usize) -> bool {
    if !tokens
        .get(suffix)
        .is_some_and(|t| matches!(t.text, "m" | "k"))
    {
        return false;
    }
    let mut next = suffix + 1;
    if tokens.get(next).is_some_and(|t| t.is_punct('-')) {
        next += 1;
    }
    tokens
        .get(next)
        .is_some_and(|t| t.is_word() && UNIT_CONTEXT.contains(&t.text))
}

/// Abbreviations after a number that are a unit in one use and a scale in another.
const AMBIGUOUS_ABBREVIATIONS: [&str; 2] = ["kr", "l"];

/// Whether digits at `p` follow the word `point` that has no number before it (at the start of
/// the text or after punctuation): `point 77` is 0.77 spoken, or point 77 of a list.
fn point_opens(tokens: &[Token<'_>], p: usize) -> bool {
    let Some(point) = p.checked_sub(1) else {
        return false;
    };
    if tokens.get(point).is_none_or(|t| t.text != "point") {
        return false;
    }
    point
        .checked_sub(1)
        .and_then(|q| tokens.get(q))
        .is_none_or(|t| !matches!(t.kind, TokenKind::Word | TokenKind::Digits))
}

/// "one of", "no one", "واحد من": the word one used as a pronoun, not a count.
fn one_is_pronoun(tokens: &[Token<'_>], start: usize, end: usize) -> bool {
    let next = tokens.get(end).filter(|t| t.is_word()).map(|t| t.text);
    let previous = start
        .checked_sub(1)
        .and_then(|q| tokens.get(q))
        .filter(|t| t.is_word())
        .map(|t| t.text);
    let possessive = tokens
        .get(end)
        .is_some_and(|t| t.is_punct('\'') || t.is_punct('’'))
        && glued(tokens, end)
        && tokens.get(end + 1).is_some_and(|t| t.text == "s");
    possessive
        || matches!(next, Some("of" | "another" | "من"))
        || matches!(
            previous,
            Some(
                "no" | "the"
                    | "this"
                    | "that"
                    | "each"
                    | "every"
                    | "any"
                    | "which"
                    | "some"
                    | "someone"
                    | "anyone"
            )
        )
}

/// Whether the word after `p` is a noun a construct dual counts (`ألفا جندي`), rather than
/// `من` or the end of the phrase (`ألفا من الجنود`, `نحو ألفا.`).
fn counted_noun_follows(tokens: &[Token<'_>], p: usize) -> bool {
    let Some(next) = tokens.get(p + 1) else {
        return false;
    };
    next.is_word()
        && !next.is_latin()
        && next.text != "من"
        && next.text != "و"
        && word_atom(tokens, p + 1).is_none()
        && next.text != "تقريبا"
}

/// Whether a bare `عقد`/`قرن` at `p` is a period of time rather than a verb.
fn period_context(tokens: &[Token<'_>], p: usize, qualified: bool) -> bool {
    if qualified {
        return true;
    }
    let word = |q: usize| tokens.get(q).filter(|t| t.is_word()).map(|t| t.text);
    let next = word(p + 1);
    if next == Some("من") && word(p + 2) == Some("الزمن") {
        return true;
    }
    let after_period_word = p.checked_sub(1).and_then(word).is_some_and(|w| {
        super::tokens::clitic_splits(w)
            .iter()
            .any(|(_, s)| PERIOD_CONTEXT.iter().any(|c| c == s))
    });
    let next_allows = match next {
        None => true,
        Some(n) => PERIOD_FOLLOWERS.iter().any(|f| f == n),
    };
    after_period_word && next_allows
}

/// Adds one number word to the phrase; `Err` ends the phrase before it.
fn apply(
    state: &mut State,
    atom: Atom,
    clitics: Clitics,
    connector: bool,
    tokens: &[Token<'_>],
    p: usize,
    context: &Context<'_>,
) -> Result<(), ()> {
    let is_first = state.atoms == 0 && !state.article;
    if state.closed {
        // مليون ونصف المليون: the scale after the fraction repeats the one before it.
        return match atom {
            Atom::Scale {
                value,
                form: Form::Singular | Form::MaybeVerb,
                ..
            } if state.tail_scale == Some(value) && !connector => {
                state.tail_scale = None;
                Ok(())
            }
            _ => Err(()),
        };
    }
    if state.teen_pending && atom != Atom::Ten {
        return Err(());
    }
    if state.article && !matches!(atom, Atom::Hundred | Atom::Scale { .. } | Atom::Fraction(_)) {
        return Err(());
    }
    if state.pending_fraction.is_some() && !matches!(atom, Atom::Scale { .. } | Atom::Article) {
        return Err(());
    }
    match atom {
        Atom::Small { value, places } => add_small(state, value, places, connector, is_first)?,
        Atom::TeenStart(value) => {
            // ثلاثة آلاف وأحد عشر, ثلاثمائة وأحد عشر
            let after_scale = connector
                && state.places & (UNITS | TENS) == 0
                && state.value() > 0.0
                && matches!(
                    state.previous,
                    Previous::Scale | Previous::Hundred | Previous::Small
                );
            if !(is_first || after_scale) || state.time {
                return Err(());
            }
            state.group += value;
            state.places |= UNITS;
            state.teen_pending = true;
            state.previous = Previous::Unit;
        }
        Atom::Ten => {
            // ثلاثة عشر, and after a hundred مائة وستة عشر (116, not 106 and 10).
            let forms_teen = !connector
                && (state.teen_pending
                    || (state.previous == Previous::Unit
                        && state.places & UNITS != 0
                        && state.places & TENS == 0));
            if forms_teen {
                state.group += 10.0;
                state.places |= TENS;
                state.teen_pending = false;
                state.previous = Previous::Small;
            } else {
                add_small(state, 10.0, TENS, connector, is_first)?;
            }
        }
        Atom::Hundred => {
            // ٣ مئة, 3 hundred: one digit before the word.
            if state.digits
                && !connector
                && state.previous == Previous::Digits
                && (1.0..=9.0).contains(&state.group)
                && state.group.fract() == 0.0
            {
                state.group *= 100.0;
                state.places = ALL_PLACES;
                state.previous = Previous::Hundred;
                state.atoms += 1;
                return Ok(());
            }
            if state.digits || state.time {
                return Err(());
            }
            let fresh = state.group == 0.0 && state.places == 0;
            if state.article {
                state.group = 100.0;
                state.article = false;
            } else if fresh && (is_first || (connector && state.previous == Previous::Scale)) {
                // "hundred" alone is a name (Hundred Years' War); before a scale it is 100.
                if state.latin && !is_scale_word(tokens, p + 1) {
                    return Err(());
                }
                state.group = 100.0;
            } else if !connector
                && state.group >= 1.0
                && state.group < 100.0
                && state.places & HUNDREDS == 0
                && (state.previous == Previous::Unit
                    || (state.latin && matches!(state.previous, Previous::Tens | Previous::Small)))
            {
                state.group *= 100.0;
            } else {
                return Err(());
            }
            state.places = HUNDREDS;
            state.previous = Previous::Hundred;
        }
        Atom::Scale { value, form, time } => add_scale(
            state, value, form, time, clitics, connector, tokens, p, context,
        )?,
        Atom::Fraction(value) => {
            if is_first || (state.article && state.atoms == 0) {
                state.pending_fraction = Some(value);
                state.article = false;
            } else if state.article && state.latin {
                // two and a half (million)
                state.article = false;
                if state.group > 0.0 && state.last_scale == 0.0 {
                    state.group += value;
                } else if state.group == 0.0 && state.last_scale > 0.0 {
                    state.total += value * state.last_scale;
                    state.closed = true;
                } else {
                    return Err(());
                }
            } else if connector
                && !state.latin
                && state.group > 0.0
                && state.group.fract() == 0.0
                && state.last_scale == 0.0
                && !state.zero
                && !clitics.article
            {
                // واحد ونصف, ثلاثة ونصف مليون: the fraction joins the group; only a scale
                // word may follow.
                state.group += value;
                state.places = ALL_PLACES;
            } else if connector
                && !state.latin
                && state.group == 0.0
                && state.last_scale > 0.0
                && !clitics.article
            {
                // مليون ونصف, عقد ونصف
                state.total += value * state.last_scale;
                state.closed = true;
                state.tail_scale = Some(state.last_scale);
            } else {
                return Err(());
            }
            state.previous = Previous::Fraction;
        }
        Atom::Zero => {
            if !is_first {
                return Err(());
            }
            state.zero = true;
            state.places = ALL_PLACES;
            state.previous = Previous::Digits;
        }
        Atom::Article => {
            let before_half = tokens.get(p + 1).is_some_and(|t| t.text == "half");
            if is_first {
                state.article = true;
            } else if state.pending_fraction.is_some() && state.previous == Previous::Fraction {
                // half a million: the article adds nothing
            } else if connector && before_half && state.latin {
                state.article = true;
            } else {
                return Err(());
            }
            return Ok(());
        }
    }
    state.atoms += 1;
    Ok(())
}

fn add_small(
    state: &mut State,
    value: f64,
    places: u8,
    connector: bool,
    is_first: bool,
) -> Result<(), ()> {
    if state.digits || state.time || state.places & places != 0 {
        return Err(());
    }
    let allowed = if is_first {
        true
    } else if connector {
        if state.latin {
            matches!(state.previous, Previous::Hundred | Previous::Scale)
        } else {
            matches!(
                state.previous,
                Previous::Unit
                    | Previous::Tens
                    | Previous::Small
                    | Previous::Hundred
                    | Previous::Scale
            )
        }
    } else {
        state.latin
            && ((state.previous == Previous::Tens && value < 10.0)
                || matches!(state.previous, Previous::Hundred | Previous::Scale))
    };
    if !allowed {
        return Err(());
    }
    state.group += value;
    state.places |= places;
    state.previous = if value < 10.0 {
        Previous::Unit
    } else if places == TENS {
        Previous::Tens
    } else {
        Previous::Small
    };
    Ok(())
}

#[allow(clippy::too_many_arguments)]
fn add_scale(
    state: &mut State,
    value: f64,
    form: Form,
    time: bool,
    clitics: Clitics,
    connector: bool,
    tokens: &[Token<'_>],
    p: usize,
    context: &Context<'_>,
) -> Result<(), ()> {
    if state.time || state.zero {
        return Err(());
    }
    // three thousand millions, ألف مليون: a larger scale right after the only scale read
    // multiplies it.
    if !time
        && !connector
        && !clitics.article
        && state.previous == Previous::Scale
        && state.scales == 1
        && state.group == 0.0
        && value > state.last_scale
        && state.pending_fraction.is_none()
        && !state.closed
        && matches!(form, Form::Singular | Form::Plural)
    {
        state.total *= value;
        state.last_scale = value;
        state.scales += 1;
        return Ok(());
    }
    if clitics.article {
        let after_fraction = state.pending_fraction.is_some() && form == Form::Singular;
        let definite_period = time && form == Form::Dual && state.atoms == 0;
        if !(after_fraction || definite_period) {
            return Err(());
        }
    }
    if connector && (state.latin || state.group != 0.0 || form == Form::Plural) {
        return Err(());
    }
    let multiplier = if let Some(fraction) = state.pending_fraction.take() {
        if !matches!(
            form,
            Form::Singular | Form::AccusativeOrDual | Form::MaybeVerb
        ) {
            return Err(());
        }
        fraction
    } else {
        match form {
            Form::Plural => {
                // three billions, 2 dozens, 12 lakhs; alone a plural is vague (thousands).
                if state.group <= 0.0 {
                    return Err(());
                }
                state.group
            }
            Form::Dual => {
                if state.group != 0.0 || state.places != 0 {
                    return Err(());
                }
                2.0
            }
            Form::Singular => {
                if state.article {
                    state.article = false;
                    1.0
                } else if state.group > 0.0 {
                    state.group
                } else if state.latin {
                    return Err(());
                } else {
                    1.0
                }
            }
            Form::AccusativeOrDual => {
                if state.group > 0.0 {
                    state.group
                } else if counted_noun_follows(tokens, p) {
                    2.0
                } else {
                    1.0
                }
            }
            Form::MaybeVerb => {
                if state.group > 0.0 {
                    state.group
                } else if period_context(tokens, p, context.qualified) {
                    1.0
                } else {
                    return Err(());
                }
            }
        }
    };
    if time {
        if state.total > 0.0 || state.last_scale > 0.0 {
            return Err(());
        }
        state.time = true;
    } else if state.last_scale > 0.0 && value >= state.last_scale {
        return Err(());
    }
    state.total += multiplier * value;
    state.group = 0.0;
    state.places = 0;
    state.digits = false;
    state.last_scale = value;
    state.scales += 1;
    state.previous = Previous::Scale;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::extract::tokens::tokenize;

    fn numeral(text: &str) -> Option<NumeralRead> {
        let tokens = tokenize(text, 0..text.len());
        read_numeral(&tokens, 0)
    }

    fn value(text: &str) -> Option<f64> {
        match numeral(text) {
            Some(NumeralRead::Number(n)) => Some(n.value),
            _ => None,
        }
    }

    #[test]
    fn numerals_with_separators() {
        assert_eq!(value("5,000,000"), Some(5e6));
        assert_eq!(value("1,234.5"), Some(1234.5));
        assert_eq!(value("1.5"), Some(1.5));
        assert_eq!(value("5.000.000"), Some(5e6));
        assert_eq!(value("5.000"), Some(5.0));
        assert_eq!(value("2019,2020"), Some(2019.0));
        assert_eq!(value("1,5 مليون"), Some(1.5));
        // A comma that may be a decimal mark or a list gives no number at all.
        assert!(matches!(
            numeral("1,5"),
            Some(NumeralRead::Malformed { end: 3 })
        ));
        assert_eq!(value("1.111,11"), Some(1111.11));
        assert_eq!(value("1،234،567"), Some(1_234_567.0));
        assert_eq!(value("2019،2020"), Some(2019.0));
        assert_eq!(value("40 000"), Some(40_000.0));
        assert_eq!(value("1 414 021 100"), Some(1_414_021_100.0));
        assert_eq!(
            value("2019 000"),
            Some(2019.0),
            "four digits never open a spaced group"
        );
        assert_eq!(value("999999999999999"), Some(999_999_999_999_999.0));
        assert!(matches!(
            numeral("9999999999999999"),
            Some(NumeralRead::Malformed { .. })
        ));
        assert!(matches!(
            numeral("1.2.3"),
            Some(NumeralRead::Malformed { end: 5 })
        ));
        assert!(matches!(
            numeral(&"9".repeat(400)),
            Some(NumeralRead::Malformed { .. })
        ));
        assert_eq!(numeral("abc"), None);
    }

    #[test]
    fn a_run_of_more_groups_than_any_numeral_is_malformed() {
        // The whole run is one malformed numeral: no piece of it is read on its own.
        let long = vec!["1"; MAX_GROUPS + 2].join(",");
        assert_eq!(
            numeral(&long),
            Some(NumeralRead::Malformed {
                end: 2 * (MAX_GROUPS + 2) - 1
            })
        );
        let mut longest = vec!["000"; MAX_GROUPS];
        longest[0] = "0";
        let longest = longest.join(",");
        assert!(matches!(numeral(&longest), Some(NumeralRead::Number(_))));
    }

    #[test]
    fn glue_decides_whether_digits_are_a_number() {
        let text = "عربي21 كوفيد-19 الـ70 و5 5g 5m 21st 2000م";
        let text = crate::normalize::normalize(text).text;
        let tokens = tokenize(&text, 0..text.len());
        let at = |digits: &str| {
            tokens
                .iter()
                .position(|t| t.text == digits)
                .expect("digits in the text")
        };
        assert!(!left_glue_ok(&tokens, at("21")));
        assert!(!left_glue_ok(&tokens, at("19")));
        assert!(left_glue_ok(&tokens, at("70")));
        assert!(left_glue_ok(&tokens, at("5")));
        assert_eq!(right_glue(&tokens, at("2000") + 1), RightGlue::Ad);
        let suffixes: Vec<RightGlue> = tokens
            .iter()
            .enumerate()
            .filter(|(_, t)| t.text == "5")
            .map(|(i, _)| right_glue(&tokens, i + 1))
            .collect();
        assert_eq!(
            suffixes,
            vec![RightGlue::Free, RightGlue::Name, RightGlue::Scale(1e6)]
        );
    }
}
