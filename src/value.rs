//! The values crosscheck reads out of prose, shared by every stage after extraction.
//!
//! A claim asks for one [`Kind`] of value; the extractors produce [`Value`]s of that kind
//! with an optional [`Qualifier`] ("nearly", "more than", …); the comparison stage decides
//! whether two values agree.

use serde::{Deserialize, Serialize};
use std::fmt;

/// What a claim asks for, and what an extractor looks for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Kind {
    /// A number: `5,000,000`, `خمسة ملايين`, `1.5 million`.
    Quantity,
    /// A calendar year: `2000`, `عام ٢٠٠٠`.
    Year,
    /// A full or partial calendar date: `19 يونيو 2024`, `2023-09`.
    Date,
    /// One of a claim's labelled alternatives, found by phrase.
    Choice,
}

impl Kind {
    /// Every kind, in the order they are documented.
    pub const ALL: [Kind; 4] = [Kind::Quantity, Kind::Year, Kind::Date, Kind::Choice];

    /// The lowercase name used in claim files and JSON.
    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Quantity => "quantity",
            Kind::Year => "year",
            Kind::Date => "date",
            Kind::Choice => "choice",
        }
    }
}

impl fmt::Display for Kind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// How a source qualifies a stated quantity.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Qualifier {
    /// Stated as is.
    Exact,
    /// نحو، حوالي، قرابة، nearly, about, around …
    Approx,
    /// أكثر من، ما يزيد على، over, more than …
    MoreThan,
    /// أقل من، less than, under …
    LessThan,
    /// على الأقل، لا يقل عن، at least …
    AtLeast,
    /// حتى، ما يصل إلى، up to …
    AtMost,
    /// بين … و، من … إلى، between … and, from … to, `5-7`: the value is a
    /// [`Value::Range`].
    Range,
}

impl Qualifier {
    /// The snake_case name used in JSON.
    pub fn as_str(self) -> &'static str {
        match self {
            Qualifier::Exact => "exact",
            Qualifier::Approx => "approx",
            Qualifier::MoreThan => "more_than",
            Qualifier::LessThan => "less_than",
            Qualifier::AtLeast => "at_least",
            Qualifier::AtMost => "at_most",
            Qualifier::Range => "range",
        }
    }
}

impl fmt::Display for Qualifier {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A calendar date stated to some precision: a year, a month of a year, or a day.
///
/// `year` is `None` for a day and month, or a month, with no year in the text ("19 يونيو",
/// "في سبتمبر");
/// the comparison stage fills it from context before comparing.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct PartialDate {
    /// The year, when stated.
    pub year: Option<i32>,
    /// The month, 1–12, when stated.
    pub month: Option<u8>,
    /// The day of the month, 1–31, when stated (only with a month).
    pub day: Option<u8>,
}

impl fmt::Display for PartialDate {
    /// `YYYY`, `YYYY-MM` or `YYYY-MM-DD`; `--MM-DD` when the year is unknown.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.year {
            Some(y) => write!(f, "{y:04}")?,
            None => f.write_str("-")?,
        }
        if let Some(m) = self.month {
            write!(f, "-{m:02}")?;
            if let Some(d) = self.day {
                write!(f, "-{d:02}")?;
            }
        }
        Ok(())
    }
}

/// The number of days in `month` (1–12) of `year` in the Gregorian calendar; February has 29
/// when the year is unknown. 0 for a month outside 1–12.
pub fn days_in_month(month: u8, year: Option<i32>) -> u8 {
    match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 => match year {
            Some(y) if !(y % 4 == 0 && (y % 100 != 0 || y % 400 == 0)) => 28,
            _ => 29,
        },
        _ => 0,
    }
}

/// A value read from text.
#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    /// A finite number.
    Quantity(f64),
    /// A range of numbers stated as one value (`من 10 إلى 20 ألفا`): low end below the high
    /// end, both finite. Its kind is [`Kind::Quantity`].
    Range(f64, f64),
    /// A year.
    Year(i32),
    /// A full or partial date.
    Date(PartialDate),
    /// The label of one of a claim's choices.
    Choice(String),
}

impl Value {
    /// The kind this value belongs to.
    pub fn kind(&self) -> Kind {
        match self {
            Value::Quantity(_) | Value::Range(..) => Kind::Quantity,
            Value::Year(_) => Kind::Year,
            Value::Date(_) => Kind::Date,
            Value::Choice(_) => Kind::Choice,
        }
    }

    /// The two ends of a range, `None` for any other value.
    pub fn range_ends(&self) -> Option<(f64, f64)> {
        match self {
            Value::Range(low, high) => Some((*low, *high)),
            _ => None,
        }
    }

    /// The `"low":…,"high":…` members a range adds to a JSON object (with a leading comma);
    /// empty for any other value.
    pub fn range_json_members(&self) -> String {
        match self.range_ends() {
            Some((low, high)) => format!(
                ",\"low\":{},\"high\":{}",
                quantity_json(low),
                quantity_json(high)
            ),
            None => String::new(),
        }
    }

    /// The value as JSON: a number for quantities and years, `"YYYY[-MM[-DD]]"` for dates,
    /// the label for choices; for a range its low end (the `low` and `high` fields beside it
    /// give both). Whole quantities print without a fraction.
    pub fn to_json(&self) -> serde_json::Value {
        match self {
            Value::Quantity(q) | Value::Range(q, _) => quantity_json(*q),
            Value::Year(y) => serde_json::Value::from(*y),
            Value::Date(d) => serde_json::Value::from(d.to_string()),
            Value::Choice(c) => serde_json::Value::from(c.as_str()),
        }
    }
}

fn quantity_json(q: f64) -> serde_json::Value {
    // Below 2^53 a whole f64 is an exact integer; print it as one so `5000000` is not `5000000.0`.
    if q.fract() == 0.0 && q.abs() < 9_007_199_254_740_992.0 {
        serde_json::Value::from(q as i64)
    } else {
        serde_json::Number::from_f64(q)
            .map(serde_json::Value::Number)
            .unwrap_or(serde_json::Value::Null)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_print_at_their_precision() {
        let d = |year, month, day| PartialDate { year, month, day };
        assert_eq!(d(Some(2024), None, None).to_string(), "2024");
        assert_eq!(d(Some(2023), Some(9), None).to_string(), "2023-09");
        assert_eq!(d(Some(2024), Some(6), Some(19)).to_string(), "2024-06-19");
        assert_eq!(d(None, Some(6), Some(19)).to_string(), "--06-19");
    }

    #[test]
    fn whole_quantities_are_json_integers() {
        assert_eq!(
            Value::Quantity(5_000_000.0).to_json().to_string(),
            "5000000"
        );
        assert_eq!(Value::Quantity(1.5).to_json().to_string(), "1.5");
        assert_eq!(Value::Year(2000).to_json().to_string(), "2000");
    }
}
