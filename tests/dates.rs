//! Dates as newsrooms write them: numeric months (`3/2015`, `2016-11`), days in words (`the
//! first of March`, `أول يناير`), dotted and glued forms (`16. Nov. 2016`, `dec31 , 1994`,
//! `2019-sep-1`), two-digit years (no value), and the forms that must give no value. Each case
//! is hand-written; every rule has an Arabic and/or English case, and a case of text that
//! looks alike but is no date.

use crosscheck::extract::{Found, extract_text};
use crosscheck::value::Value;

/// A found value as the tables spell it: `date 2015-03`, `year 2015`, `5 exact`.
fn render(found: &Found) -> String {
    match &found.value {
        Value::Quantity(_) => format!(
            "{} {}",
            found.value.to_json(),
            found.qualifier.map_or("-", |q| q.as_str())
        ),
        Value::Range(low, high) => format!("{low}..{high} range"),
        Value::Year(year) => format!("year {year}"),
        Value::Date(date) => format!("date {date} [{}]", found.text),
        Value::Choice(label) => format!("choice {label}"),
    }
}

/// (text, every value expected in text order, with the quoted text of dates).
type Case = (&'static str, &'static [&'static str]);

fn check(cases: &[Case]) {
    let mut failures = Vec::new();
    for (text, expected) in cases {
        let got: Vec<String> = extract_text(text, None).iter().map(render).collect();
        if got != *expected {
            failures.push(format!(
                "{text:?}\n    expected {expected:?}\n    got      {got:?}"
            ));
        }
    }
    assert!(
        failures.is_empty(),
        "{} failing:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

#[test]
fn numeric_month_and_year() {
    check(&[
        ("بلغ الإنتاج ذروته في 3/2015", &["date 2015-03 [3/2015]"]),
        ("منذ ٣/٢٠١٥", &["date 2015-03 [٣/٢٠١٥]"]),
        ("reported in 11/2016.", &["date 2016-11 [11/2016]"]),
        ("the 2016-11 figures", &["date 2016-11 [2016-11]"]),
        ("released 2014/10", &["date 2014-10 [2014/10]"]),
        // A month past 12 is no month.
        ("13/2015", &["year 2015"]),
        // Two digits that may end a span of years are not read as a month here.
        ("the 2014/15 season", &["year 2014", "15 exact"]),
    ]);
}

#[test]
fn english_forms_with_dots_separators_and_glue() {
    check(&[
        ("Am 16. Nov. 2016 kam", &["date 2016-11-16 [16. Nov. 2016]"]),
        ("on dec31 , 1994", &["date 1994-12-31 [dec31 , 1994]"]),
        ("logged 2019-sep-1", &["date 2019-09-01 [2019-sep-1]"]),
        ("filed 14april 2015", &["date 2015-04-14 [14april 2015]"]),
        ("31/Oct/1974", &["date 1974-10-31 [31/Oct/1974]"]),
        ("Wed, Feb13", &["date --02-13 [Feb13]"]),
        // A dot after a number ending a sentence, with no year, is no date.
        ("He scored 16. Nov is next", &["16 exact"]),
        // 30 February does not exist.
        ("2019-feb-30", &[]),
    ]);
}

#[test]
fn days_in_words() {
    check(&[
        ("the first of March", &["date --03-01 [first of March]"]),
        ("the 1st of march", &["date --03-01 [1st of march]"]),
        (
            "fourth of July 1995",
            &["date 1995-07-04 [fourth of July 1995]"],
        ),
        (
            "the twenty-first of June",
            &["date --06-21 [twenty-first of June]"],
        ),
        (
            "third day of october",
            &["date --10-03 [third day of october]"],
        ),
        ("march third 2015", &["date 2015-03-03 [march third 2015]"]),
        ("June first", &["date --06-01 [June first]"]),
        ("february the 15th", &["date --02-15 [february the 15th]"]),
        // `march` and `may` are also verbs: a day in words after them needs a year.
        ("we march first", &[]),
        ("first of all", &[]),
        (
            "الثاني والعشرين من يونيو",
            &["date --06-22 [الثاني والعشرين من يونيو]"],
        ),
        (
            "الثالث عشرة من شباط",
            &["date --02-13 [الثالث عشرة من شباط]"],
        ),
        ("في أول يناير", &["date --01-01 [أول يناير]"]),
        ("وأول شباط", &["date --02-01 [أول شباط]"]),
        (
            "في أول أيار/مايو 2020",
            &["date 2020-05-01 [أول أيار/مايو 2020]"],
        ),
        ("أول من وصل", &[]),
    ]);
}

#[test]
fn two_digit_years_give_no_value() {
    check(&[
        // The century is not written: no date, and the numbers are no counts either.
        ("31-Oct-74", &[]),
        ("on 14th April 15.", &[]),
        ("05/05/89", &[]),
        ("16/04/21", &[]),
        // Two digits that count something after a date are a quantity.
        (
            "on 14 April 15 people died",
            &["date --04-14 [14 April]", "15 exact"],
        ),
    ]);
}

#[test]
fn computed_days_need_their_year() {
    check(&[
        (
            "third tuesday of september 2014",
            &["date 2014-09-16 [third tuesday of september 2014]"],
        ),
        (
            "last Sunday of March 2014",
            &["date 2014-03-30 [last Sunday of March 2014]"],
        ),
        (
            "the last day of october 2015",
            &["date 2015-10-31 [last day of october 2015]"],
        ),
        (
            "last day in february 2024",
            &["date 2024-02-29 [last day in february 2024]"],
        ),
        ("the ides of March", &["date --03-15 [ides of March]"]),
        // Without the year the day is unknown: no value, not even the month.
        ("first tuesday of october", &[]),
        // There is no fifth Sunday in February 2015.
        ("fifth sunday of february 2015", &[]),
        (
            "ثالث ثلاثاء في ايلول في سنة 2014",
            &["date 2014-09-16 [ثالث ثلاثاء في ايلول في سنة 2014]"],
        ),
        (
            "ثالث يوم ثلاثاء بأيلول بعام 2014",
            &["date 2014-09-16 [ثالث يوم ثلاثاء بأيلول بعام 2014]"],
        ),
        (
            "وثاني أربعاء من شهر أكتوبر من عام 2014",
            &["date 2014-10-08 [ثاني أربعاء من شهر أكتوبر من عام 2014]"],
        ),
        (
            "الأربعاء الثانية من شهر أكتوبر لعام 2014",
            &["date 2014-10-08 [الأربعاء الثانية من شهر أكتوبر لعام 2014]"],
        ),
        (
            "آخر يوم بشهر عشرة سنة 2015",
            &["date 2015-10-31 [آخر يوم بشهر عشرة سنة 2015]"],
        ),
        (
            "اليوم الأخير من شهر شباط 2024",
            &["date 2024-02-29 [اليوم الأخير من شهر شباط 2024]"],
        ),
        ("آخر اثنين من شهر آذار", &[]),
        ("الثلاثاء الأولى من أكتوبر", &[]),
        // `ثالث` alone before a noun is no date.
        ("ثالث أكبر مدينة", &[]),
    ]);
}

#[test]
fn a_weekday_before_a_date_must_agree_with_it() {
    check(&[
        // 13 February 2013 was a Wednesday.
        (
            "الأربعاء الموافق الثالث عشر من شباط 2013",
            &["date 2013-02-13 [الثالث عشر من شباط 2013]"],
        ),
        (
            "Wednesday, Feb 13, 2013",
            &["date 2013-02-13 [Feb 13, 2013]"],
        ),
        // 3 September 2014 was a Wednesday: `الثلاثاء الثالث` is the third Tuesday.
        (
            "الثلاثاء الثالث من شهر أيلول من عام 2014",
            &["date 2014-09-16 [الثالث من شهر أيلول من عام 2014]"],
        ),
        // A day written in digits on another weekday: the text contradicts itself.
        ("Monday, Feb 13, 2013", &[]),
        // Without the year the weekday cannot be checked; the day stands.
        ("الاثنين 18 شباط", &["date --02-18 [18 شباط]"]),
        // A date reckoned from a weekday is not the day meant.
        ("the closest Monday to Oct 5th", &[]),
        ("the second closest Mon to October fifth", &[]),
    ]);
}

#[test]
fn hijri_dates_are_converted_with_the_umm_al_qura_calendar() {
    check(&[
        // 1 Ramadan 1445 was 11 March 2024 (Umm al-Qura).
        ("5 رمضان 1445 هـ", &["date 2024-03-15 [5 رمضان 1445 هـ]"]),
        (
            "في 15 شعبان 1445هـ، وصل 300 حاج",
            &["date 2024-02-25 [15 شعبان 1445هـ]", "300 exact"],
        ),
        // 12 Rabi al-Awwal 1446 was a Sunday (15 September 2024).
        (
            "الأحد 12 ربيع الأول 1446هـ",
            &["date 2024-09-15 [12 ربيع الأول 1446هـ]"],
        ),
        ("الخميس 12 ربيع الأول 1446هـ", &[]),
        // Both calendars written: the Gregorian date is the value.
        (
            "الثلاثاء 19 ذو الحجة 1445 هـ الموافق 25 يونيو 2024م",
            &["date 2024-06-25 [25 يونيو 2024م]"],
        ),
        (
            "1 شوال 1445 هـ الموافق 10 أبريل 2024",
            &["date 2024-04-10 [10 أبريل 2024]"],
        ),
        // The two calendars disagree by days: the text contradicts itself, no value.
        ("19 ذو الحجة 1445 هـ الموافق 20 يونيو 2024م", &[]),
        // Shawwal 1445 had 29 days.
        ("30 شوال 1445 هـ", &[]),
        // No year, or no day, or a Hijri year alone: no value, and no quantity either.
        ("5 رمضان", &[]),
        ("رمضان 1445 هـ", &[]),
        ("عام 1445 هـ", &[]),
        ("في 1445 هجرية", &[]),
        // `صفر` is also "zero"; `رمضان 2024` is Ramadan of the Gregorian year 2024.
        ("5 صفر", &["5 exact"]),
        ("5 رمضان 2024", &[]),
    ]);
}

#[test]
fn day_ranges_give_both_ends() {
    check(&[
        (
            "ليلة الأحد 10 إلى الاثنين 11 سبتمبر",
            &["date --09-10 [10]", "date --09-11 [11 سبتمبر]"],
        ),
        (
            "من 3 إلى 5 آذار",
            &["date --03-03 [3]", "date --03-05 [5 آذار]"],
        ),
        (
            "بين 10 و12 يونيو 2024",
            &["date 2024-06-10 [10]", "date 2024-06-12 [12 يونيو 2024]"],
        ),
        (
            "3-5 March 2019",
            &["date 2019-03-03 [3]", "date 2019-03-05 [5 March 2019]"],
        ),
        // The first day must come before the second.
        ("من 12 إلى 5 يونيو", &["12 exact", "date --06-05 [5 يونيو]"]),
    ]);
}

#[test]
fn years_in_words_after_a_year_word_or_a_month() {
    check(&[
        ("It happened in nineteen ninety-six.", &["year 1996"]),
        ("in two thousand and twenty, the war began", &["year 2020"]),
        ("in twenty twenty-four", &["year 2024"]),
        ("in the year two thousand", &["year 2000"]),
        (
            "June 19, nineteen ninety-six.",
            &["date 1996-06-19 [June 19, nineteen ninety-six]"],
        ),
        ("وقع ذلك في عام ألفين وعشرين", &["year 2020"]),
        ("سنة ألفين وأربعة وعشرين", &["year 2024"]),
        ("في عام ألف وتسعمائة واثنا عشر", &["year 1912"]),
        (
            "في يونيو عام ألفين وعشرين",
            &["date 2020-06 [يونيو عام ألفين وعشرين]"],
        ),
    ]);
}

#[test]
fn numbers_in_words_without_a_year_context_stay_quantities() {
    check(&[
        ("twenty ninety soldiers", &["20 exact", "90 exact"]),
        ("in twenty ninety soldiers", &["20 exact", "90 exact"]),
        ("in two thousand cases", &["2000 exact"]),
        ("ألفين وعشرين جنديا", &["2020 exact"]),
        (
            "In June, two thousand people fled",
            &["date --06 [June]", "2000 exact"],
        ),
    ]);
}
