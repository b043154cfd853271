//! Rendering: a [`Report`](crate::report::Report) as text for people or machines.
//!
//! Renderers only format; they never scan, compare or decide what fails. Each format lives in
//! its own module.

pub mod json;
pub mod table;

use crate::value::{Qualifier, Value};
use serde::Serialize;

/// Output formats of `report` and `check`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, clap::ValueEnum)]
#[serde(rename_all = "lowercase")]
pub enum Format {
    /// A table for the terminal (readable in 80 columns).
    Table,
    /// The JSON report, version 1.
    Json,
}

/// Whether to colour terminal output.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, clap::ValueEnum)]
pub enum ColorChoice {
    /// Colour when writing to a terminal and `NO_COLOR` is not set.
    #[default]
    Auto,
    /// Always colour.
    Always,
    /// Never colour.
    Never,
}

impl ColorChoice {
    /// Whether to colour output to a stream that is (or is not) a terminal, honouring
    /// `NO_COLOR` (<https://no-color.org>) for `auto`.
    pub fn enabled(self, is_terminal: bool) -> bool {
        match self {
            ColorChoice::Always => true,
            ColorChoice::Never => false,
            ColorChoice::Auto => {
                is_terminal && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
            }
        }
    }
}

/// A value as people read it: thousands separators, a qualifier sign (`~5,000,000`,
/// `>1,000,000`, `≥`, `≤`, `<`), dates as `YYYY[-MM[-DD]]`.
pub fn display_value(value: &Value, qualifier: Option<Qualifier>) -> String {
    let sign = match qualifier {
        None | Some(Qualifier::Exact) => "",
        Some(Qualifier::Approx) => "~",
        Some(Qualifier::MoreThan) => ">",
        Some(Qualifier::LessThan) => "<",
        Some(Qualifier::AtLeast) => "≥",
        Some(Qualifier::AtMost) => "≤",
    };
    match value {
        Value::Quantity(q) => format!("{sign}{}", group_thousands(*q)),
        Value::Year(y) => y.to_string(),
        Value::Date(d) => d.to_string(),
        Value::Choice(c) => c.clone(),
    }
}

/// `5000000` → `5,000,000`; `1500000.5` → `1,500,000.5`.
pub fn group_thousands(q: f64) -> String {
    let plain = if q.fract() == 0.0 && q.abs() < 1e18 {
        format!("{}", q as i64)
    } else {
        format!("{q}")
    };
    let (sign, rest) = match plain.strip_prefix('-') {
        Some(rest) => ("-", rest),
        None => ("", plain.as_str()),
    };
    let (whole, fraction) = match rest.split_once('.') {
        Some((w, f)) => (w, Some(f)),
        None => (rest, None),
    };
    if !whole.bytes().all(|b| b.is_ascii_digit()) {
        return plain; // exponent notation or non-finite: leave as is
    }
    let mut grouped = String::with_capacity(whole.len() + whole.len() / 3);
    for (i, digit) in whole.chars().enumerate() {
        if i > 0 && (whole.len() - i) % 3 == 0 {
            grouped.push(',');
        }
        grouped.push(digit);
    }
    match fraction {
        Some(f) => format!("{sign}{grouped}.{f}"),
        None => format!("{sign}{grouped}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn values_read_like_a_newsroom_writes_them() {
        assert_eq!(
            display_value(&Value::Quantity(5e6), Some(Qualifier::Approx)),
            "~5,000,000"
        );
        assert_eq!(
            display_value(&Value::Quantity(1e6), Some(Qualifier::MoreThan)),
            ">1,000,000"
        );
        assert_eq!(
            display_value(&Value::Quantity(1.5), Some(Qualifier::Exact)),
            "1.5"
        );
        assert_eq!(display_value(&Value::Quantity(999.0), None), "999");
        assert_eq!(
            display_value(&Value::Quantity(-12345.25), None),
            "-12,345.25"
        );
        assert_eq!(display_value(&Value::Year(2000), None), "2000");
    }
}
