//! Extraction: reading quantities (with qualifiers), years and dates out of Arabic and
//! English prose.
//!
//! The matcher calls [`extract`] on the clause around an anchor, in normalised text
//! ([`crate::normalize`]); `crosscheck extract` calls [`extract_text`] on any text. Both read
//! the same rules, summarised here (the submodules hold the details).
//!
//! # Quantities
//!
//! - **Digits** of every script (normalisation makes them ASCII) with thousands separators
//!   and decimals: `5,000,000`, `٥٬٠٠٠٬٠٠٠`, `1.5`, `١٫٥`, `1,234.5`, `5.000.000` (dots group
//!   thousands only with two groups or more; `5.000` is five), `1.111,11` (1111.11),
//!   `١،٢٣٤،٥٦٧` (Arabic commas grouping thousands), `40 000` and `1 414 021 100` (a space or
//!   no-break space grouping thousands, in a run of at most five groups standing apart from
//!   other digits), `.77` and `٫٧٧` (0.77). A comma between numbers of four digits or more,
//!   or an Arabic comma that does not group thousands, separates two numbers (`2019,2020`);
//!   any other comma may be a decimal mark or a list (`٤,٨`, `3,4`) and gives no value. A
//!   numeral of more than 15 significant digits would be rounded: no value, and not its
//!   scale word either.
//! - **Negative numbers**: `-1200000`, `−3.2%` (U+2212), `minus 12`, `negative 5`,
//!   `سالب خمسة بالمئة`; a hyphen joining a word or number (`كوفيد-19`, `5-7`) is no sign.
//! - **Arabic number words**, in folded spelling so hamza, tanwin and ta marbuta do not
//!   matter (`اربعه`, `الف`): واحد to تسعة in masculine and feminine, عشرة, the teens
//!   (`أحد عشر`, `ثلاث عشرة`, `اثنا عشر`), the tens in nominative and oblique case
//!   (`عشرون`/`عشرين`), the hundreds in both spellings (`مائة`/`مئة`, `ثلاثمائة`/`ثلاثمئة`,
//!   `ثلاث مئة`, `مئتان`/`مئتين`/`مئتا`), and the scales ألف, مليون, مليار (بليون), تريليون in
//!   singular, dual (`ألفان`, `ألفين`, `ألفي`, `مليونين`) and plural (`آلاف`, `ملايين`,
//!   `مليارات`), joined with `و` (`أربعة وعشرين`, `خمسة و عشرون`, `ثلاثة آلاف وخمسمائة`,
//!   `مليون وخمسمائة ألف`). The proclitics `و ف ب ل ك` and the article are allowed
//!   (`بخمسة`, `الستة`, `الـ70`).
//! - **Digits with a scale word**: `5 ملايين`, `5 مليون`, `1.5 مليار`, `20 ألفا`, `5million`.
//! - **Fractions**: `نصف مليون` (500,000), `ربع مليون`, `مليون ونصف` and `مليون ونصف المليون`
//!   (one value, 1,500,000), `ثلاثة ملايين ونصف`, `واحد ونصف` (1.5), `ثلاثة أرباع` (0.75),
//!   `ثلثا` (2/3), `two thirds`, `one fifth`, `three quarters of`; a bare `نصف`, `ثلث`, `ربع`
//!   before a definite noun or `من` (`نصف السكان` = 0.5, but not `نصف النهائي`), English
//!   `half`/`a quarter` before `of` or `the`. Decimals spoken: `two point two million`,
//!   `واحد فاصلة خمسة`.
//! - **Periods** are counted in years: `عقد` 10, `عقدين` 20, `ثلاثة عقود` 30, `نصف قرن` 50,
//!   `قرنين` 200; English `a decade`, `two decades`, `half a century`.
//! - **English**: `one` … `ninety-nine`, `hundred`, `thousand`, `million`, `billion`,
//!   `trillion`, `dozen`, `a`/`an` before a scale (`a million`), `and` after a hundred or
//!   scale (`one hundred and twenty`), `half a million`, `a quarter of a million`,
//!   `two and a half million`, `hundred thousand`, `3 hundred`, `three billions`,
//!   `three thousand million` (a larger scale right after the only one multiplies it),
//!   `a couple`, `a pair`, `lakh`, `crore`/`koti`, `zero`/`nought`/`naught`/`nil`/`صفر`,
//!   `دزينة`, `ترليون`,
//!   `1.5 million`, the suffixes `5m`, `5mn`, `5bn`, `5bln`, `5mln`, `5k`, `5tn`, `1.2b`
//!   (also after `$`, `£`, `€`) and the same written apart (`10 bln`, `300 cr`). A number
//!   repeated in brackets is one value (`forty-five (45)`).
//! - **Ranges** are one value, qualifier `range`, with a low and a high end: `بين 5 و7 آلاف`
//!   (5,000–7,000: a scale word after the high end is shared when the low end stays below),
//!   `من 10 إلى 20 ألفاً`, `between 10 and 20`, `from 3 to 5 thousand`, `1,000-1,500`,
//!   `5k-20k`. Not a range: a change (`rose from 5 to 7`, `ارتفع عدد القتلى من 30 إلى 45`),
//!   ends out of order (`3-1`, a score), an end with its own qualifier.
//! - **Percent**: `50%`, `50 في المئة`, `50 بالمئة`, `50 percent` — the value is the number.
//! - **Qualifiers** before the number: `approx` (نحو، بنحو، حوالي، حوالى، قرابة، زهاء،
//!   ما يقرب من، ما يقارب، ما يناهز، في حدود، about, around, nearly, almost, approximately,
//!   roughly, some, an estimated), `more_than` (أكثر من، ما يزيد على، أزيد من، ما يربو على،
//!   يفوق، يتجاوز، تجاوز، أكبر من، فوق، over, more than, above, in excess of, greater than,
//!   exceeded), `less_than` (أقل من، ما يقل عن، دون، أصغر من، less than, fewer than, under,
//!   below), `at_least` (على الأقل، لا يقل عن، ما لا يقل عن، لا أقل من، أكبر من أو يساوي,
//!   at least, no less than), `at_most` (حتى، ما يصل إلى، لا يتجاوز، لم يتجاوز، بحد أقصى،
//!   كحد أقصى، أقل من أو يساوي, up to, at most, no more than, as many as), also with the
//!   article against the digits (`قرابة الـ70 ألفاً`) or a noun between (`لا يتجاوز عددهم
//!   300`); and after it, or after the noun it counts:
//!   `تقريبا`, `على الأقل`, `أو أكثر`, `فأكثر`, `على الأكثر`, `approximately`, `or more`,
//!   `or so`, `or less`. Without one, a quantity is `exact`.
//!
//! **No value, for sure** (the tokens are skipped whole, so no piece of them is read either):
//! ordinals (`الحادي عشر`, `twenty-first`, `one hundred twenty-fifth`), a slash between
//! numbers (`3/4` is a fraction or a date, `24/7` neither), `two million and one half`,
//! `three quarters` without `of` (quarters of a year?), a unit word before a tens word
//! (`one twenty two`: 122, a price or a time), `point 77` with no number before (0.77 or
//! point 77 of a list), a number alone on its line after a spaced hyphen (`- 1,200,000`: a
//! list dash or a sign), `kr` and `l` after a number (crowns or crore, litres or lakh), and
//! the forms above that give no value.
//!
//! **Not quantities**: vague amounts — a plural scale with no number before it
//! (`آلاف المتظاهرين`, `ملايين الدولارات`, `عشرات الآلاف`, `مئات الآلاف`, `بضعة آلاف`,
//! `thousands of`, `millions`, `dozens`, `hundreds`, `decades`); numbers inside names and codes
//! (`عربي21`, `كوفيد-19`, `F-16`, `G7`, `5G`); ordinals (`الأول`, `الحادي والعشرين`,
//! `القرن العشرين`, `21st`); clock times (`16:23:51`, `الساعة 0300`, `3pm`); page and serial
//! numbers (`ص 12`, `p. 5`, `رقم 5`); list numbers opening a line (`1.`, `2)`); Hijri years
//! (`1445هـ`); and numbers that are years or parts of dates.
//!
//! # Years
//!
//! Four digits from 1000 to 2100 that the context makes a year: after a year word or
//! preposition (`عام 2000`, `العام 2020`, `سنة`, `في 1999`, `منذ`, `حتى`, `in`, `since`) or an
//! English determiner (`the 2022 invasion`), joined to a year just read (`عامي 2019 و2020`,
//! `from 2019 to 2020`), opening a range (`2014-2016`), with the era letter (`2000م`), alone
//! between punctuation (`(2019)`), after `of`/`من` at the end of a phrase (`the first half of
//! 2025,`), and inside dates (`في تموز/يوليو 2000` gives 2000). A four-digit number with
//! separators, a scale word, a qualifier (`نحو 2000`) or a following noun and no year word
//! (`2000 جندي`) is a quantity; `2000 عام` counts years.
//!
//! # Dates
//!
//! Day, month and year in the orders news uses: `19 يونيو 2024`, `19 حزيران/يونيو 2024`,
//! `19 من شهر يونيو`, `يونيو من عام 2024`, `سبتمبر 2023`, `June 19, 2024`, `19 June 2024`,
//! `21st, January 2024`, `السابع من أكتوبر`, `الحادي عشر من سبتمبر 2001`, `2023-09-12`,
//! `12/09/2023` (day first). Month names: Egyptian/loan
//! (`يناير` … `ديسمبر`, also `يونيه`, `يوليه`), Levantine (`كانون الثاني`, `شباط`, `آذار`,
//! `نيسان`, `أيار`, `حزيران`, `تموز`, `آب`, `أيلول`, `تشرين الأول`, `تشرين الثاني`,
//! `كانون الأول`), Maghrebi (`جانفي`, `فيفري`, `أفريل`, `ماي`, `جوان`, `جويلية`, `أوت`,
//! `يوليوز`, `غشت`, `شتنبر`, `نونبر`, `دجنبر`) and English (full and abbreviated), alone or
//! combined (`تموز/يوليو`, `سبتمبر/أيلول`, `حزيران (يونيو)`). A day and month without a year
//! gives a date with an unknown year (`--06-19`); so does a month alone where the text
//! plainly names one (`في سبتمبر`, `أيلول/سبتمبر الماضي`, `in September`) — the matcher
//! fills the year in. Also: a month and year in digits (`3/2015`, `2016-11`, `2014/10`; a year
//! and two digits that could end a span of years, `2010-11`, are not a month), a day in words
//! (`the first of March`, `fourth of July 1995`, `march third 2015`, `february the 15th`,
//! `third day of October`, `الثالث عشرة من شباط`, `أول يناير`), `16. Nov. 2016`,
//! `dec31 , 1994`, `14april 2015`, `31/Oct/1974`, `2019-sep-1`, `the ides of March`, and the nth
//! weekday or last day of a month when its year is written (`third Tuesday of September 2014`,
//! `ثالث ثلاثاء في أيلول 2014`, `الأربعاء الثانية من أكتوبر 2014`, `آخر يوم بشهر عشرة سنة
//! 2015`; no value without the year). A two-digit year (`05/05/89`, `31-Oct-74`,
//! `14th April 15.`) gives no value, and none of its numbers is a quantity. Weekday names are
//! not dates; a weekday before a full date must fall on it, or there is no value, except that
//! an Arabic ordinal after a weekday that is not its day counts the weekdays
//! (`الثلاثاء الثالث من أيلول 2014` is 16 September 2014). A date reckoned from a weekday
//! (`the closest Monday to Oct 5`) gives no value.
//!
//! Hijri dates (`5 رمضان 1445 هـ`) are converted to the Gregorian day (Umm al-Qura); with the
//! Gregorian date written after them (`الموافق 25 يونيو 2024م`) that date is the value if the
//! two agree within two days. A Hijri year (`عام 1445 هـ`) is no year. A range of days in one
//! month (`3-5 March 2019`, `من 3 إلى 5 آذار`) gives both ends as dates.
//!
//! # Ambiguities, and how they are read
//!
//! A news reader resolves these from context; so does the extractor:
//!
//! - `ألفا`: after a number it is the accusative of ألف (`عشرون ألفا` = 20,000), before `من`
//!   or at the end of a phrase too (`ألفا من الجنود`, `نحو ألفا` = 1,000); before a counted
//!   noun it is the construct dual (`ألفا جندي` = 2,000). The same for `مليونا`, `مليارا`.
//! - `عقد` is "decade" or the verb/noun "held"/"holding" (`وعقد اللقاء`, `لعقد اجتماع`): a
//!   decade only after a qualifier (`أكثر من عقد`), before `من الزمن`, after `نصف`, or after
//!   `منذ`/`قبل`/`خلال`/`طوال` when nothing but `كامل`/`تقريبا`/`ونصف` follows. `قرن` likewise.
//!   `عقدين`, `عقود` after a number are always periods; `عقدا`/`قرنا` (also "a contract",
//!   "they linked") only after a number or a verb of duration (`قضى عقدا`) or before `كاملا`,
//!   `تقريبا`, `من الزمن`. `القرنين التاسع عشر` names two centuries: no value.
//! - A construct dual (`ألفي`, `مليوني`) needs its noun: `مليوني دولار` = 2,000,000, but
//!   `حشد مليوني` is a million-strong crowd. `لست`/`ولست` is "I am not", never six.
//! - `100m sprint`, `2m high`, `4k video`: metres and resolutions, no value; `one's` is a
//!   pronoun.
//! - `الاثنين` is Monday (or "the two of them") and `الواحد` "the same": the definite forms of
//!   1 and 2 are never counts, while `الثلاثة`, `الستة`, `الـ70` are.
//! - `مئتا`, folded `ميتا`, is also the company Meta: 200 only before a noun and not after
//!   `شركة`/`منصة`.
//! - `one of`, `no one`, `واحد من` are pronouns, not the number 1; `شحنة واحدة` is 1.
//! - A month name that is also a word (`آب` "father", `may`, `march`) is a date only with a
//!   day, a year, a second calendar's name, `شهر`, or a strong preposition (`in May`).
//! - A four-digit number between 1000 and 2100 without a year word is a year when it stands
//!   alone between punctuation, and a quantity when a noun or a qualifier goes with it.
//! - `D/M/YYYY` is read day first unless only month first is possible.
//!
//! Values are `f64`; a number too large for one (a 10,000-digit numeral) is not a value.

mod date;
mod months;
mod numbers;
mod qualifier;
mod quantity;
mod tokens;
mod year;

use crate::normalize::{normalize, normalize_phrase};
use crate::value::{Kind, Qualifier, Value};
use std::ops::Range;
use tokens::{Token, TokenKind, glued};

/// Folds a table entry written in natural spelling the way the text is folded, so tables can
/// say `ثلاثة` and match `ثلاثه`, `ثلاثةٌ` and `ثلاثـة`.
pub(crate) fn fold(word: &str) -> String {
    normalize_phrase(word)
}

/// A value found in normalised text.
#[derive(Debug, Clone, PartialEq)]
pub struct Extraction {
    /// The value: a quantity, a year or a date.
    pub value: Value,
    /// How a quantity is qualified (`Some` for every quantity, `None` for years and dates).
    pub qualifier: Option<Qualifier>,
    /// Byte range in the normalised text: qualifier, number and scale words for a quantity;
    /// the digits for a year; day, month and year for a date.
    pub span: Range<usize>,
}

/// A value found in an original text, for `crosscheck extract`.
#[derive(Debug, Clone, PartialEq)]
pub struct Found {
    /// What kind of value it is.
    pub kind: Kind,
    /// The value.
    pub value: Value,
    /// How a quantity is qualified; `None` for years and dates.
    pub qualifier: Option<Qualifier>,
    /// The value as written in the original text.
    pub text: String,
    /// Character offset (not byte) of the start in the original text.
    pub start: usize,
    /// Character offset after the end in the original text.
    pub end: usize,
}

impl Found {
    /// One line of JSON, keys in the documented order (docs/commands.md, `extract`):
    /// `{"kind":"quantity","value":5000000,"qualifier":"approx","text":"…","start":12,"end":31}`
    /// (`qualifier` only for quantities; `low` and `high` after it for a range).
    pub fn to_json_line(&self) -> String {
        let string = |s: &str| serde_json::Value::from(s).to_string();
        let mut line = format!(
            "{{\"kind\":{},\"value\":{}",
            string(self.kind.as_str()),
            self.value.to_json()
        );
        if let Some(qualifier) = self.qualifier {
            line.push_str(&format!(",\"qualifier\":{}", string(qualifier.as_str())));
        }
        line.push_str(&self.value.range_json_members());
        line.push_str(&format!(
            ",\"text\":{},\"start\":{},\"end\":{}}}",
            string(&self.text),
            self.start,
            self.end
        ));
        line
    }
}

/// The tokens of a range with its dates, years and the tokens no quantity may use.
struct Analysis<'a> {
    tokens: Vec<Token<'a>>,
    dates: Vec<date::DateHit>,
    years: Vec<year::YearHit>,
    blocked: Vec<bool>,
}

fn analyse(normalized: &str, range: Range<usize>) -> Analysis<'_> {
    let tokens = tokens::tokenize(normalized, range);
    let dates = date::find(&tokens);
    let mut blocked = vec![false; tokens.len()];
    for hit in &dates {
        mark(&mut blocked, hit.first..hit.end);
    }
    let years = year::find(&tokens, &blocked);
    for hit in &years {
        mark(&mut blocked, hit.token..hit.end);
    }
    block_clock_times_and_references(&tokens, &mut blocked);
    Analysis {
        tokens,
        dates,
        years,
        blocked,
    }
}

fn mark(blocked: &mut [bool], range: Range<usize>) {
    for flag in blocked.iter_mut().take(range.end).skip(range.start) {
        *flag = true;
    }
}

/// Clock times (`16:23:51`, `3pm`, `3 a.m.`, `الساعة 0300`), page and serial numbers
/// (`ص 12`, `رقم 5`) and list numbers at the start of a line (`1.`, `2)`).
fn block_clock_times_and_references(tokens: &[Token<'_>], blocked: &mut [bool]) {
    let digits = |k: usize| tokens.get(k).is_some_and(|t| t.kind == TokenKind::Digits);
    let text = |k: usize| tokens.get(k).map(|t| t.text);
    for i in 0..tokens.len() {
        if !digits(i) {
            continue;
        }
        // 16:23 and 16:23:51
        let mut k = i;
        while tokens.get(k + 1).is_some_and(|t| t.is_punct(':'))
            && glued(tokens, k + 1)
            && glued(tokens, k + 2)
            && digits(k + 2)
        {
            k += 2;
        }
        if k > i {
            mark(blocked, i..k + 1);
            continue;
        }
        let clock_suffix = matches!(text(i + 1), Some("am" | "pm"))
            || (matches!(text(i + 1), Some("a" | "p"))
                && text(i + 2) == Some(".")
                && text(i + 3) == Some("m"));
        // "1." or "2)" opening a line numbers a list item.
        let line_start = i
            .checked_sub(1)
            .and_then(|p| tokens.get(p))
            .is_none_or(|t| t.kind == TokenKind::Break);
        let list_number = line_start
            && matches!(text(i + 1), Some("." | ")" | "-"))
            && glued(tokens, i + 1)
            && !digits(i + 2);
        if clock_suffix || list_number || year::is_reference(tokens, i) {
            mark(blocked, i..i + 1);
        }
    }
}

fn date_extractions(analysis: &Analysis<'_>) -> Vec<Extraction> {
    analysis
        .dates
        .iter()
        .filter_map(|hit| {
            Some(Extraction {
                value: Value::Date(hit.date?),
                qualifier: None,
                span: hit.start_byte..hit.end_byte,
            })
        })
        .collect()
}

fn year_extractions(analysis: &Analysis<'_>, with_dates: bool) -> Vec<Extraction> {
    let mut years: Vec<Extraction> = analysis
        .years
        .iter()
        .filter_map(|hit| {
            let digits = analysis.tokens.get(hit.token)?;
            let last = analysis.tokens.get(hit.end.checked_sub(1)?)?;
            Some(Extraction {
                value: Value::Year(hit.value),
                qualifier: None,
                span: digits.start..last.end,
            })
        })
        .collect();
    if with_dates {
        years.extend(analysis.dates.iter().filter_map(|hit| {
            let (start, end) = hit.year_span?;
            Some(Extraction {
                value: Value::Year(hit.date?.year?),
                qualifier: None,
                span: start..end,
            })
        }));
        years.sort_by_key(|e| e.span.start);
    }
    years
}

fn quantity_extractions(analysis: &Analysis<'_>) -> Vec<Extraction> {
    quantity::find(&analysis.tokens, &analysis.blocked)
        .into_iter()
        .map(|hit| Extraction {
            value: match hit.high {
                Some(high) => Value::Range(hit.value, high),
                None => Value::Quantity(hit.value),
            },
            qualifier: Some(hit.qualifier),
            span: hit.start_byte..hit.end_byte,
        })
        .collect()
}

/// The values of `kind` inside `range` of normalised text, in text order.
///
/// Years include the years written inside dates (`في تموز/يوليو 2000` gives 2000); quantities
/// never include a number that is a year or part of a date. `Kind::Choice` has no extractor
/// (choices are phrases, found by the matcher) and gives nothing. A range out of bounds or
/// not on character boundaries gives nothing.
pub fn extract(normalized: &str, range: Range<usize>, kind: Kind) -> Vec<Extraction> {
    if kind == Kind::Choice {
        return Vec::new();
    }
    let analysis = analyse(normalized, range);
    match kind {
        Kind::Quantity => quantity_extractions(&analysis),
        Kind::Year => year_extractions(&analysis, true),
        Kind::Date => date_extractions(&analysis),
        Kind::Choice => Vec::new(),
    }
}

/// The quantities, years and dates in `range` of normalised text, from one reading of the
/// window: the same three lists as [`extract`] gives for [`Kind::Quantity`], [`Kind::Year`]
/// and [`Kind::Date`], for the cost of one. A scan caches them per window, so claims of any
/// kind reading the same clause of an article read it once.
pub fn extract_each(normalized: &str, range: Range<usize>) -> ExtractedWindow {
    let analysis = analyse(normalized, range);
    ExtractedWindow {
        quantities: quantity_extractions(&analysis),
        years: year_extractions(&analysis, true),
        dates: date_extractions(&analysis),
    }
}

/// The values of one window by kind ([`extract_each`]).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ExtractedWindow {
    /// As [`extract`] with [`Kind::Quantity`].
    pub quantities: Vec<Extraction>,
    /// As [`extract`] with [`Kind::Year`].
    pub years: Vec<Extraction>,
    /// As [`extract`] with [`Kind::Date`].
    pub dates: Vec<Extraction>,
}

impl ExtractedWindow {
    /// The values of `kind` (none for [`Kind::Choice`]).
    pub fn of(&self, kind: Kind) -> &[Extraction] {
        match kind {
            Kind::Quantity => &self.quantities,
            Kind::Year => &self.years,
            Kind::Date => &self.dates,
            Kind::Choice => &[],
        }
    }
}

/// Every value in `range` of normalised text, each stated value once: a date, not also the
/// year and day inside it; a year, not also the quantity it would be. In text order.
pub fn extract_all(normalized: &str, range: Range<usize>) -> Vec<Extraction> {
    let analysis = analyse(normalized, range);
    let mut all = date_extractions(&analysis);
    all.extend(year_extractions(&analysis, false));
    all.extend(quantity_extractions(&analysis));
    all.sort_by_key(|e| (e.span.start, e.span.end));
    all
}

/// The values in an original (not normalised) text, for `crosscheck extract`: `kind` `None`
/// gives every kind as [`extract_all`] does. Offsets are characters of `original`; `text`
/// is the value as written there.
pub fn extract_text(original: &str, kind: Option<Kind>) -> Vec<Found> {
    let normalized = normalize(original);
    let folded = &normalized.text;
    let extractions = match kind {
        Some(kind) => extract(folded, 0..folded.len(), kind),
        None => extract_all(folded, 0..folded.len()),
    };
    let byte_ranges: Vec<Range<usize>> = extractions
        .iter()
        .map(|e| normalized.original_range(e.span.clone()))
        .collect();
    let mut offsets: Vec<usize> = byte_ranges.iter().flat_map(|r| [r.start, r.end]).collect();
    offsets.sort_unstable();
    offsets.dedup();
    let characters = char_offsets(original, &offsets);
    let char_at = |byte: usize| {
        offsets
            .binary_search(&byte)
            .ok()
            .and_then(|index| characters.get(index).copied())
            .unwrap_or(0)
    };
    extractions
        .into_iter()
        .zip(byte_ranges)
        .map(|(extraction, bytes)| Found {
            kind: extraction.value.kind(),
            text: original.get(bytes.clone()).unwrap_or_default().to_owned(),
            start: char_at(bytes.start),
            end: char_at(bytes.end),
            value: extraction.value,
            qualifier: extraction.qualifier,
        })
        .collect()
}

/// The character offset of each byte offset in `sorted_bytes` (ascending), in one pass.
fn char_offsets(text: &str, sorted_bytes: &[usize]) -> Vec<usize> {
    let mut result = Vec::with_capacity(sorted_bytes.len());
    let mut wanted = sorted_bytes.iter().peekable();
    let mut chars: usize = 0;
    for (byte, _) in text
        .char_indices()
        .chain(std::iter::once((text.len(), ' ')))
    {
        while let Some(&&target) = wanted.peek() {
            if target > byte {
                break;
            }
            result.push(chars);
            wanted.next();
        }
        chars += 1;
    }
    // Offsets past the end (none in practice) map to the character count.
    while wanted.next().is_some() {
        result.push(chars.saturating_sub(1));
    }
    result
}
