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
    add(&["مائة", "مئة", "ماية", "مية"], Atom::Hundred);
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
    ];
    for (singular, plural, value) in scales {
        table.insert(singular.into(), scale(value, Form::Singular));
        table.insert(plural.into(), scale(value, Form::Plural));
    }
    table.insert("hundreds".into(), scale(100.0, Form::Plural));
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

/// Reads the numeral starting at token `i` (which must be digits): `5`, `5,000,000`, `1.5`,
/// `1,234.5`, `5.000.000` (dots as thousands separators when there are at least two groups),
/// and `1,5` as a decimal only before a scale word (`1,5 مليون`).
pub(crate) fn read_numeral(tokens: &[Token<'_>], i: usize) -> Option<NumeralRead> {
    let first = tokens.get(i)?;
    if first.kind != TokenKind::Digits {
        return None;
    }
    // The glued run: digits (sep digits)*, where sep is '.' or ','.
    let mut groups = vec![first.text];
    let mut separators = Vec::new();
    let mut end = i + 1;
    while let (Some(separator), Some(digits)) = (tokens.get(end), tokens.get(end + 1)) {
        if groups.len() > MAX_GROUPS {
            // No numeral is this long; stop here so reading stays linear.
            return Some(NumeralRead::Malformed { end });
        }
        let is_separator = separator.is_punct('.') || separator.is_punct(',');
        if !is_separator
            || digits.kind != TokenKind::Digits
            || !glued(tokens, end)
            || !glued(tokens, end + 1)
        {
            break;
        }
        separators.push(if separator.is_punct('.') { '.' } else { ',' });
        groups.push(digits.text);
        end += 2;
    }
    if let Some(numeral) = interpret(&groups, &separators, i) {
        return Some(NumeralRead::Number(numeral));
    }
    // "1,5 مليون": a decimal comma, as French-influenced writing has it, shows itself by the
    // scale word after one or two decimals.
    if let ([integer, decimals], [',']) = (groups.as_slice(), separators.as_slice())
        && (1..=2).contains(&decimals.len())
        && is_scale_word(tokens, end)
        && let Ok(value) = format!("{integer}.{decimals}").parse::<f64>()
        && value.is_finite()
    {
        return Some(NumeralRead::Number(Numeral {
            value,
            end,
            plain: false,
        }));
    }
    // "2019,2020" or "3,4": a comma that does not group thousands separates two numbers.
    if let Some(comma) = separators.iter().position(|&s| s == ',')
        && let Some(numeral) = interpret(&groups[..=comma], &separators[..comma], i)
    {
        return Some(NumeralRead::Number(numeral));
    }
    Some(NumeralRead::Malformed { end })
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
        seps if seps.len() >= 2 && seps.iter().all(|&s| s == '.') && thousands(groups) => {
            groups.concat()
        }
        _ => return None,
    };
    let value: f64 = digits.parse().ok()?;
    value.is_finite().then_some(Numeral {
        value,
        end,
        plain: separators.is_empty(),
    })
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
        "bn" => RightGlue::Scale(1e9),
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
            !((joins_name && after_word && glued(tokens, i - 1)) || dot_after_digits)
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
    let (clitics, atom) = lookup(token.text, &ARABIC)?;
    let atom = *atom;
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
    // لست ("I am not") is not ل + ست.
    if stem == "ست" && clitics.preposition && !clitics.conjunction {
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
    // الحادي والعشرين: an ordinal continues.
    if clitics.conjunction
        && let Some(previous) = previous_word
        && super::tokens::clitic_splits(previous.text)
            .iter()
            .any(|(_, s)| ORDINALS.iter().any(|o| o == s))
    {
        return None;
    }
    Some((clitics, atom))
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
    /// The number (finite, not negative).
    pub value: f64,
    /// Index of the token after the phrase.
    pub end: usize,
    /// Byte offset where the phrase starts (after any `و`/`ب`/`ل` proclitic).
    pub start_byte: usize,
    /// Byte offset where the phrase ends.
    pub end_byte: usize,
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
    closed: bool,
    tail_scale: Option<f64>,
    time: bool,
    pending_fraction: Option<f64>,
    article: bool,
    teen_pending: bool,
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

/// Reads the number phrase that starts at token `start`, if one does.
pub(crate) fn parse(tokens: &[Token<'_>], start: usize, context: &Context<'_>) -> Option<Phrase> {
    let mut state = State::default();
    let mut best: Option<(State, usize, usize)> = None;
    let mut start_byte: Option<usize> = None;
    let mut connector = false;
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
                let Some(NumeralRead::Number(numeral)) = read_numeral(tokens, p) else {
                    break;
                };
                let suffix = right_glue(tokens, numeral.end);
                if !matches!(
                    suffix,
                    RightGlue::Free | RightGlue::Scale(_) | RightGlue::ArabicWord
                ) {
                    break;
                }
                state.group = numeral.value;
                state.places = ALL_PLACES;
                state.digits = true;
                state.previous = Previous::Digits;
                state.atoms += 1;
                connector = false;
                start_byte.get_or_insert(digits_start(tokens, p));
                p = numeral.end;
                let mut end_byte = tokens.get(p - 1).map_or(token.end, |t| t.end);
                if let RightGlue::Scale(value) = suffix {
                    state.total += state.group * value;
                    state.group = 0.0;
                    state.places = 0;
                    state.last_scale = value;
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
                if apply(&mut state, atom, clitics, connector, tokens, p, context).is_err() {
                    break;
                }
                connector = false;
                start_byte.get_or_insert(token.start + clitics.span_skip());
                p += 1;
                if state.complete() {
                    best = Some((state, p, token.end));
                }
            }
        }
    }
    let (state, end, end_byte) = best?;
    let value = state.value();
    if !value.is_finite() || value < 0.0 {
        return None;
    }
    let start_byte = start_byte?;
    if value == 1.0 && state.atoms == 1 && !state.digits && one_is_pronoun(tokens, start, end) {
        return None;
    }
    Some(Phrase {
        value,
        end,
        start_byte,
        end_byte,
    })
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

/// "one of", "no one", "واحد من": the word one used as a pronoun, not a count.
fn one_is_pronoun(tokens: &[Token<'_>], start: usize, end: usize) -> bool {
    let next = tokens.get(end).filter(|t| t.is_word()).map(|t| t.text);
    let previous = start
        .checked_sub(1)
        .and_then(|q| tokens.get(q))
        .filter(|t| t.is_word())
        .map(|t| t.text);
    matches!(next, Some("of" | "another" | "من"))
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
            let after_scale = connector && state.previous == Previous::Scale;
            if !(is_first || after_scale) || state.time {
                return Err(());
            }
            state.group += value;
            state.places |= UNITS;
            state.teen_pending = true;
            state.previous = Previous::Unit;
        }
        Atom::Ten => {
            let forms_teen = !connector
                && (state.teen_pending
                    || (state.previous == Previous::Unit && state.places == UNITS));
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
            if state.digits || state.time {
                return Err(());
            }
            let fresh = state.group == 0.0 && state.places == 0;
            if state.article {
                state.group = 100.0;
                state.article = false;
            } else if fresh && (is_first || (connector && state.previous == Previous::Scale)) {
                if state.latin {
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
    if state.time {
        return Err(());
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
                if state.group <= 0.0 || (state.latin && !time) {
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
        assert_eq!(value("1,5"), Some(1.0));
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
        let long = vec!["1"; MAX_GROUPS + 2].join(",");
        assert_eq!(
            numeral(&long),
            Some(NumeralRead::Malformed {
                end: 2 * MAX_GROUPS + 1
            })
        );
        let longest = vec!["1"; MAX_GROUPS].join(",");
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
