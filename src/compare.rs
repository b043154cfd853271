//! Comparison: do the values the sources state agree, and what is the claim's verdict?
//!
//! docs/claims.md ("Verdicts") states these rules for users; here they are exactly:
//!
//! - two quantities agree when `|a − b| ≤ tolerance` (relative to the larger, or absolute;
//!   exact by default). With [`CompareMode::Stated`] qualifiers are shown but not used — "more
//!   than a million" against "nearly five million" is a conflict a person must review. With
//!   [`CompareMode::Bounds`] each qualifier becomes an interval (`more_than 1e6` → (1e6, ∞),
//!   `approx` → ±10 % unless the claim's tolerance says otherwise) and values agree when their
//!   intervals overlap;
//! - years and choices agree when equal; dates when equal at the precision both state. A date
//!   whose year was not written ("19 يونيو") carries a year taken from context, and that
//!   inferred year is never compared: it cannot make a conflict by itself.
//!
//! Agreement is checked between every pair of statements (it is not transitive under a
//! tolerance: 100, 104 and 108 at 5 % do not all agree).

pub use crate::claims::{Compare as CompareMode, Tolerance};
use crate::value::{Qualifier, Value};
use serde::Serialize;
use std::collections::HashMap;
use std::fmt;

/// The largest difference `tolerance` allows between `a` and `b`.
fn allowance(tolerance: Tolerance, a: f64, b: f64) -> f64 {
    match tolerance {
        Tolerance::Relative(fraction) => fraction * a.abs().max(b.abs()),
        Tolerance::Absolute(amount) => amount,
    }
}

/// The verdict on one claim.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Verdict {
    /// Sources state values that do not agree (or disagree with the expected value).
    Conflict,
    /// A conflict between values a reviewer has accepted.
    Accepted,
    /// Every statement agrees, and enough sources state it.
    Agree,
    /// One source states it and there is no expected value.
    Single,
    /// Mentioned, but no source states a value.
    Unstated,
    /// No article mentions it.
    Missing,
}

impl Verdict {
    /// Every verdict, in report order.
    pub const ALL: [Verdict; 6] = [
        Verdict::Conflict,
        Verdict::Accepted,
        Verdict::Agree,
        Verdict::Single,
        Verdict::Unstated,
        Verdict::Missing,
    ];

    /// The lowercase name used on the command line and in JSON.
    pub fn as_str(self) -> &'static str {
        match self {
            Verdict::Conflict => "conflict",
            Verdict::Accepted => "accepted",
            Verdict::Agree => "agree",
            Verdict::Single => "single",
            Verdict::Unstated => "unstated",
            Verdict::Missing => "missing",
        }
    }
}

impl fmt::Display for Verdict {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The claim settings that decide agreement.
#[derive(Debug, Clone, Copy, Default)]
pub struct Rules<'a> {
    /// Tolerance for quantities; `None` is exact.
    pub tolerance: Option<Tolerance>,
    /// Whether qualifiers count.
    pub mode: CompareMode,
    /// The reviewed value, if any.
    pub expected: Option<&'a Value>,
    /// Values a reviewer accepted as a known conflict.
    pub accepted: &'a [Value],
}

/// One value one source states.
#[derive(Debug, Clone, Copy)]
pub struct Statement<'a> {
    /// Which article states it (any stable identifier: the file path).
    pub source: &'a str,
    /// The value.
    pub value: &'a Value,
    /// Its qualifier (quantities).
    pub qualifier: Option<Qualifier>,
    /// For dates: the year was not written but taken from context.
    pub year_inferred: bool,
}

/// A verdict with what led to it.
#[derive(Debug, Clone, PartialEq)]
pub struct Assessment {
    /// The verdict.
    pub verdict: Verdict,
    /// Statements grouped by agreeing value, in order of first appearance: indices into the
    /// statements given.
    pub groups: Vec<Vec<usize>>,
    /// For a conflict on a claim with accepted values: the stated values outside that list.
    pub unaccepted: Vec<Value>,
}

/// Decides the verdict of one claim from its statements and how many mentions without a value
/// were found.
pub fn assess(statements: &[Statement<'_>], mentions: usize, rules: &Rules<'_>) -> Assessment {
    let groups = group(statements, rules);
    let no_conflict = |verdict| Assessment {
        verdict,
        groups: groups.clone(),
        unaccepted: Vec::new(),
    };
    if statements.is_empty() {
        return no_conflict(if mentions > 0 {
            Verdict::Unstated
        } else {
            Verdict::Missing
        });
    }
    // Agreement depends only on what is stated, not on who states it: compare each distinct
    // statement once (a claim may be stated in a hundred thousand articles, by a few values).
    let distinct = distinct_statements(statements);
    let conflict = match rules.expected {
        Some(expected) => distinct
            .iter()
            .any(|(s, _)| !agree(s, &as_statement(expected), rules)),
        None => distinct.iter().enumerate().any(|(i, (a, count))| {
            (*count > 1 && !agree(a, a, rules))
                || distinct
                    .get(i + 1..)
                    .unwrap_or_default()
                    .iter()
                    .any(|(b, _)| !agree(a, b, rules))
        }),
    };
    if conflict {
        if rules.accepted.is_empty() {
            return no_conflict(Verdict::Conflict);
        }
        let mut unaccepted: Vec<Value> = Vec::new();
        for (statement, _) in &distinct {
            let known = rules
                .accepted
                .iter()
                .any(|value| agree(statement, &as_statement(value), rules));
            if !known && !unaccepted.contains(statement.value) {
                unaccepted.push(statement.value.clone());
            }
        }
        let verdict = if unaccepted.is_empty() {
            Verdict::Accepted
        } else {
            Verdict::Conflict
        };
        return Assessment {
            verdict,
            groups,
            unaccepted,
        };
    }
    let mut sources: Vec<&str> = statements.iter().map(|s| s.source).collect();
    sources.sort_unstable();
    sources.dedup();
    no_conflict(if rules.expected.is_some() || sources.len() >= 2 {
        Verdict::Agree
    } else {
        Verdict::Single
    })
}

fn as_statement(value: &Value) -> Statement<'_> {
    Statement {
        source: "",
        value,
        qualifier: None,
        year_inferred: false,
    }
}

/// What [`agree`] looks at in a statement, hashable: statements with equal keys agree or
/// disagree with anything alike. (Two keys may differ and still compare alike, e.g. `0` and
/// `-0`; that only costs a comparison.)
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
enum ValueKey<'a> {
    Quantity(u64),
    Range(u64, u64),
    Year(i32),
    Date(Option<i32>, Option<u8>, Option<u8>),
    Choice(&'a str),
}

fn statement_key<'a>(s: &Statement<'a>) -> (ValueKey<'a>, Option<Qualifier>, bool) {
    let value = match s.value {
        Value::Quantity(q) => ValueKey::Quantity(q.to_bits()),
        Value::Range(low, high) => ValueKey::Range(low.to_bits(), high.to_bits()),
        Value::Year(y) => ValueKey::Year(*y),
        Value::Date(d) => ValueKey::Date(d.year, d.month, d.day),
        Value::Choice(c) => ValueKey::Choice(c.as_str()),
    };
    (value, s.qualifier, s.year_inferred)
}

/// The distinct statements (by [`statement_key`]), first occurrence first, each with how many
/// statements share it.
fn distinct_statements<'s, 'a>(statements: &'s [Statement<'a>]) -> Vec<(&'s Statement<'a>, usize)> {
    let mut index_of: HashMap<(ValueKey<'a>, Option<Qualifier>, bool), usize> = HashMap::new();
    let mut distinct: Vec<(&Statement<'a>, usize)> = Vec::new();
    for statement in statements {
        let at = *index_of
            .entry(statement_key(statement))
            .or_insert(distinct.len());
        match distinct.get_mut(at) {
            Some((_, count)) => *count += 1,
            None => distinct.push((statement, 1)),
        }
    }
    distinct
}

/// Groups statements whose values agree with the first statement of a group.
fn group(statements: &[Statement<'_>], rules: &Rules<'_>) -> Vec<Vec<usize>> {
    let mut groups: Vec<Vec<usize>> = Vec::new();
    // A statement goes where an earlier one with the same key went: the groups before that
    // one did not take it then, and their first statements never change.
    let mut group_of: HashMap<(ValueKey<'_>, Option<Qualifier>, bool), usize> = HashMap::new();
    for (index, statement) in statements.iter().enumerate() {
        let key = statement_key(statement);
        if let Some(g) = group_of.get(&key).and_then(|&g| groups.get_mut(g)) {
            g.push(index);
            continue;
        }
        let home = groups.iter().position(|g| {
            g.first()
                .and_then(|&first| statements.get(first))
                .is_some_and(|first| agree(first, statement, rules))
        });
        match home.and_then(|g| groups.get_mut(g).map(|group| (g, group))) {
            Some((g, group)) => {
                group.push(index);
                group_of.insert(key, g);
            }
            None => {
                group_of.insert(key, groups.len());
                groups.push(vec![index]);
            }
        }
    }
    groups
}

/// Whether two statements agree under `rules`.
pub fn agree(a: &Statement<'_>, b: &Statement<'_>, rules: &Rules<'_>) -> bool {
    match (a.value, b.value) {
        (Value::Quantity(x), Value::Quantity(y)) => match rules.mode {
            CompareMode::Stated => {
                let allowance = rules.tolerance.map_or(0.0, |t| allowance(t, *x, *y));
                (x - y).abs() <= allowance + exactness(*x, *y)
            }
            CompareMode::Bounds => {
                let i = Interval::of(*x, a.qualifier, rules.tolerance);
                let j = Interval::of(*y, b.qualifier, rules.tolerance);
                i.overlaps(&j)
            }
        },
        // Two ranges agree when stated alike (both ends within the tolerance); a range and a
        // single number are different statements. Under bounds a range is its interval.
        (Value::Range(x_low, x_high), Value::Range(y_low, y_high))
            if rules.mode == CompareMode::Stated =>
        {
            let close = |x: f64, y: f64| {
                let allowance = rules.tolerance.map_or(0.0, |t| allowance(t, x, y));
                (x - y).abs() <= allowance + exactness(x, y)
            };
            close(*x_low, *y_low) && close(*x_high, *y_high)
        }
        (Value::Range(..), Value::Quantity(_) | Value::Range(..))
        | (Value::Quantity(_), Value::Range(..)) => match rules.mode {
            CompareMode::Stated => false,
            CompareMode::Bounds => {
                match (
                    Interval::of_value(a, rules.tolerance),
                    Interval::of_value(b, rules.tolerance),
                ) {
                    (Some(i), Some(j)) => i.overlaps(&j),
                    _ => false,
                }
            }
        },
        (Value::Year(x), Value::Year(y)) => x == y,
        (Value::Date(x), Value::Date(y)) => {
            let years_count = !(a.year_inferred || b.year_inferred);
            let same = |p: Option<i32>, q: Option<i32>| match (p, q) {
                (Some(p), Some(q)) => p == q,
                _ => true,
            };
            let same_part = |p: Option<u8>, q: Option<u8>| match (p, q) {
                (Some(p), Some(q)) => p == q,
                _ => true,
            };
            (!years_count || same(x.year, y.year))
                && same_part(x.month, y.month)
                && (x.month.is_none() || y.month.is_none() || same_part(x.day, y.day))
        }
        (Value::Choice(x), Value::Choice(y)) => x == y,
        _ => false,
    }
}

/// Room for floating-point noise: `1.5 million` parsed as 1.5 × 10⁶ equals 1,500,000.
fn exactness(x: f64, y: f64) -> f64 {
    1e-9 * x.abs().max(y.abs())
}

/// An interval of numbers with open or closed ends.
#[derive(Debug, Clone, Copy)]
struct Interval {
    low: f64,
    low_open: bool,
    high: f64,
    high_open: bool,
}

impl Interval {
    /// The interval of a quantity or range statement; `None` for other kinds.
    fn of_value(s: &Statement<'_>, tolerance: Option<Tolerance>) -> Option<Interval> {
        match s.value {
            Value::Quantity(q) => Some(Interval::of(*q, s.qualifier, tolerance)),
            Value::Range(low, high) => {
                let spread =
                    |v: f64| tolerance.map_or(0.0, |t| allowance(t, v, v)) + exactness(v, v);
                Some(Interval {
                    low: low - spread(*low),
                    low_open: false,
                    high: high + spread(*high),
                    high_open: false,
                })
            }
            _ => None,
        }
    }

    fn of(value: f64, qualifier: Option<Qualifier>, tolerance: Option<Tolerance>) -> Interval {
        let closed = |low, high| Interval {
            low,
            low_open: false,
            high,
            high_open: false,
        };
        let spread = |t: Tolerance| allowance(t, value, value);
        match qualifier.unwrap_or(Qualifier::Exact) {
            Qualifier::Exact => {
                let s = tolerance.map_or(0.0, spread) + exactness(value, value);
                closed(value - s, value + s)
            }
            Qualifier::Approx => {
                let s = spread(tolerance.unwrap_or(Tolerance::Relative(0.10)));
                closed(value - s, value + s)
            }
            Qualifier::MoreThan => Interval {
                low: value,
                low_open: true,
                high: f64::INFINITY,
                high_open: true,
            },
            Qualifier::AtLeast => Interval {
                low: value,
                low_open: false,
                high: f64::INFINITY,
                high_open: true,
            },
            Qualifier::LessThan => Interval {
                low: f64::NEG_INFINITY,
                low_open: true,
                high: value,
                high_open: true,
            },
            Qualifier::AtMost => Interval {
                low: f64::NEG_INFINITY,
                low_open: true,
                high: value,
                high_open: false,
            },
            // A range's ends are in its value (`of_value`); a lone number marked range is
            // taken as stated.
            Qualifier::Range => {
                let s = tolerance.map_or(0.0, spread) + exactness(value, value);
                closed(value - s, value + s)
            }
        }
    }

    fn overlaps(&self, other: &Interval) -> bool {
        // The larger low end must not pass the smaller high end; touching counts only when
        // both touching ends are closed.
        let (low, low_open) = if self.low > other.low || (self.low == other.low && self.low_open) {
            (self.low, self.low_open)
        } else {
            (other.low, other.low_open)
        };
        let (high, high_open) =
            if self.high < other.high || (self.high == other.high && self.high_open) {
                (self.high, self.high_open)
            } else {
                (other.high, other.high_open)
            };
        low < high || (low == high && !low_open && !high_open)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::value::PartialDate;

    fn q(source: &'static str, value: &'static Value, qualifier: Qualifier) -> Statement<'static> {
        Statement {
            source,
            value,
            qualifier: Some(qualifier),
            year_inferred: false,
        }
    }

    /// The verdict and groups by comparing every pair and placing every statement, as
    /// docs/claims.md words it, to check the shortcut over distinct statements against.
    fn pairwise(statements: &[Statement<'_>], rules: &Rules<'_>) -> (bool, Vec<Vec<usize>>) {
        let conflict = statements
            .iter()
            .enumerate()
            .any(|(i, a)| statements[i + 1..].iter().any(|b| !agree(a, b, rules)));
        let mut groups: Vec<Vec<usize>> = Vec::new();
        for (index, statement) in statements.iter().enumerate() {
            match groups
                .iter_mut()
                .find(|g| agree(&statements[g[0]], statement, rules))
            {
                Some(g) => g.push(index),
                None => groups.push(vec![index]),
            }
        }
        (conflict, groups)
    }

    #[test]
    fn a_range_is_one_statement_or_its_interval() {
        static RANGE: Value = Value::Range(10_000.0, 20_000.0);
        static SAME: Value = Value::Range(10_000.0, 20_000.0);
        static OTHER: Value = Value::Range(10_000.0, 30_000.0);
        static INSIDE: Value = Value::Quantity(18_000.0);
        static OUTSIDE: Value = Value::Quantity(25_000.0);
        let range = q("a", &RANGE, Qualifier::Range);
        let stated = Rules::default();
        let bounds = Rules {
            mode: CompareMode::Bounds,
            ..Rules::default()
        };
        // Stated: two ranges agree only with both ends alike; a number is another statement.
        assert!(agree(&range, &q("b", &SAME, Qualifier::Range), &stated));
        assert!(!agree(&range, &q("b", &OTHER, Qualifier::Range), &stated));
        assert!(!agree(&range, &q("b", &INSIDE, Qualifier::Exact), &stated));
        // Bounds: the interval, its ends included.
        assert!(agree(&range, &q("b", &INSIDE, Qualifier::Exact), &bounds));
        assert!(agree(&q("b", &INSIDE, Qualifier::Exact), &range, &bounds));
        assert!(!agree(&range, &q("b", &OUTSIDE, Qualifier::Exact), &bounds));
        assert!(agree(&range, &q("b", &OUTSIDE, Qualifier::AtMost), &bounds));
        assert!(agree(&range, &q("b", &OTHER, Qualifier::Range), &bounds));
        static EDGE: Value = Value::Quantity(20_000.0);
        assert!(agree(&range, &q("b", &EDGE, Qualifier::Exact), &bounds));
        // A tolerance widens both ends.
        let loose = Rules {
            tolerance: Some(Tolerance::Relative(0.2)),
            mode: CompareMode::Bounds,
            ..Rules::default()
        };
        assert!(agree(&range, &q("b", &OUTSIDE, Qualifier::Exact), &loose));
    }

    #[test]
    fn many_repeated_statements_give_the_pairwise_verdict_and_groups() {
        static VALUES: [Value; 4] = [
            Value::Quantity(100.0),
            Value::Quantity(104.0),
            Value::Quantity(108.0),
            Value::Quantity(-0.0),
        ];
        let qualifiers = [None, Some(Qualifier::Approx), Some(Qualifier::MoreThan)];
        let tolerances = [None, Some(Tolerance::Relative(0.05))];
        // Every sequence of up to 5 statements drawn from 4 values × 3 qualifiers, repeated
        // so each value recurs, under both modes and tolerances.
        let mut seed: u64 = 0x5eed;
        for _ in 0..2000 {
            let mut next = || {
                seed ^= seed << 13;
                seed ^= seed >> 7;
                seed ^= seed << 17;
                seed
            };
            let length = 1 + (next() % 12) as usize;
            let statements: Vec<Statement<'_>> = (0..length)
                .map(|_| Statement {
                    source: "s",
                    value: &VALUES[(next() % 4) as usize],
                    qualifier: qualifiers[(next() % 3) as usize],
                    year_inferred: false,
                })
                .collect();
            for mode in [CompareMode::Stated, CompareMode::Bounds] {
                for tolerance in tolerances {
                    let rules = Rules {
                        tolerance,
                        mode,
                        ..Rules::default()
                    };
                    let (conflict, groups) = pairwise(&statements, &rules);
                    let assessment = assess(&statements, 0, &rules);
                    assert_eq!(assessment.verdict == Verdict::Conflict, conflict);
                    assert_eq!(assessment.groups, groups);
                }
            }
        }
    }

    static FIVE_MILLION: Value = Value::Quantity(5_000_000.0);
    static ONE_MILLION: Value = Value::Quantity(1_000_000.0);
    static FIVE_AND_A_BIT: Value = Value::Quantity(5_200_000.0);

    #[test]
    fn stated_mode_ignores_qualifiers() {
        let statements = [
            q("ft", &FIVE_MILLION, Qualifier::Approx),
            q("arabi21", &ONE_MILLION, Qualifier::MoreThan),
        ];
        let a = assess(&statements, 0, &Rules::default());
        assert_eq!(a.verdict, Verdict::Conflict);
        assert_eq!(a.groups, vec![vec![0], vec![1]]);
    }

    #[test]
    fn bounds_mode_overlaps_intervals() {
        let rules = Rules {
            mode: CompareMode::Bounds,
            ..Rules::default()
        };
        let more_than_a_million = q("a", &ONE_MILLION, Qualifier::MoreThan);
        let nearly_five = q("b", &FIVE_MILLION, Qualifier::Approx);
        assert!(agree(&more_than_a_million, &nearly_five, &rules));
        let up_to_a_million = q("c", &ONE_MILLION, Qualifier::AtMost);
        assert!(!agree(&up_to_a_million, &nearly_five, &rules));
        let under = q("d", &ONE_MILLION, Qualifier::LessThan);
        // (−∞, 1e6) and (1e6, ∞) do not touch; [1e6, ∞) and (−∞, 1e6] do.
        assert!(!agree(&under, &more_than_a_million, &rules));
        let at_least = q("e", &ONE_MILLION, Qualifier::AtLeast);
        assert!(agree(&at_least, &up_to_a_million, &rules));
        assert_eq!(
            assess(&[more_than_a_million, nearly_five], 0, &rules).verdict,
            Verdict::Agree
        );
    }

    #[test]
    fn tolerance_relative_and_absolute() {
        let a = q("a", &FIVE_MILLION, Qualifier::Exact);
        let b = q("b", &FIVE_AND_A_BIT, Qualifier::Exact);
        let within = |tolerance| Rules {
            tolerance: Some(tolerance),
            ..Rules::default()
        };
        assert!(!agree(&a, &b, &Rules::default()));
        assert!(agree(&a, &b, &within(Tolerance::Relative(0.05))));
        assert!(!agree(&a, &b, &within(Tolerance::Relative(0.03))));
        assert!(agree(&a, &b, &within(Tolerance::Absolute(200_000.0))));
        assert!(!agree(&a, &b, &within(Tolerance::Absolute(199_999.0))));
    }

    #[test]
    fn verdicts_by_number_of_sources() {
        let one = q("a", &FIVE_MILLION, Qualifier::Exact);
        let same_source = q("a", &FIVE_MILLION, Qualifier::Approx);
        let other_source = q("b", &FIVE_MILLION, Qualifier::Exact);
        let rules = Rules::default();
        assert_eq!(assess(&[one], 0, &rules).verdict, Verdict::Single);
        assert_eq!(
            assess(&[one, same_source], 0, &rules).verdict,
            Verdict::Single
        );
        assert_eq!(
            assess(&[one, other_source], 0, &rules).verdict,
            Verdict::Agree
        );
        assert_eq!(assess(&[], 2, &rules).verdict, Verdict::Unstated);
        assert_eq!(assess(&[], 0, &rules).verdict, Verdict::Missing);
    }

    #[test]
    fn a_source_contradicting_itself_is_a_conflict() {
        let a = q("a", &FIVE_MILLION, Qualifier::Exact);
        let b = q("a", &ONE_MILLION, Qualifier::Exact);
        assert_eq!(
            assess(&[a, b], 0, &Rules::default()).verdict,
            Verdict::Conflict
        );
    }

    #[test]
    fn expected_value_decides() {
        let a = q("a", &FIVE_MILLION, Qualifier::Exact);
        let b = q("b", &ONE_MILLION, Qualifier::Exact);
        let expecting = |value| Rules {
            expected: Some(value),
            ..Rules::default()
        };
        assert_eq!(
            assess(&[a], 0, &expecting(&FIVE_MILLION)).verdict,
            Verdict::Agree
        );
        assert_eq!(
            assess(&[b], 0, &expecting(&FIVE_MILLION)).verdict,
            Verdict::Conflict
        );
    }

    #[test]
    fn accepted_values_and_a_new_one() {
        let accepted = [FIVE_MILLION.clone(), ONE_MILLION.clone()];
        let rules = Rules {
            accepted: &accepted,
            ..Rules::default()
        };
        let a = q("a", &FIVE_MILLION, Qualifier::Approx);
        let b = q("b", &ONE_MILLION, Qualifier::MoreThan);
        let reviewed = assess(&[a, b], 0, &rules);
        assert_eq!(reviewed.verdict, Verdict::Accepted);
        assert!(reviewed.unaccepted.is_empty());
        let c = q("c", &FIVE_AND_A_BIT, Qualifier::Exact);
        let again = assess(&[a, b, c], 0, &rules);
        assert_eq!(again.verdict, Verdict::Conflict);
        assert_eq!(again.unaccepted, vec![FIVE_AND_A_BIT.clone()]);
    }

    #[test]
    fn years_dates_and_choices() {
        let rules = Rules::default();
        let year = |v: &'static Value| Statement {
            source: "s",
            value: v,
            qualifier: None,
            year_inferred: false,
        };
        static Y2000: Value = Value::Year(2000);
        static Y1999: Value = Value::Year(1999);
        assert!(agree(&year(&Y2000), &year(&Y2000), &rules));
        assert!(!agree(&year(&Y2000), &year(&Y1999), &rules));

        let d = |year, month, day| Value::Date(PartialDate { year, month, day });
        let june_19 = d(Some(2024), Some(6), Some(19));
        let june = d(Some(2024), Some(6), None);
        let june_20 = d(Some(2024), Some(6), Some(20));
        let june_19_2023 = d(Some(2023), Some(6), Some(19));
        let stated = |v| Statement {
            source: "s",
            value: v,
            qualifier: None,
            year_inferred: false,
        };
        assert!(agree(&stated(&june_19), &stated(&june), &rules));
        assert!(!agree(&stated(&june_19), &stated(&june_20), &rules));
        assert!(!agree(&stated(&june_19), &stated(&june_19_2023), &rules));
        // A year taken from context never conflicts by itself.
        let inferred = Statement {
            year_inferred: true,
            ..stated(&june_19_2023)
        };
        assert!(agree(&stated(&june_19), &inferred, &rules));

        let smith = Value::Choice("smith".into());
        let okafor = Value::Choice("okafor".into());
        assert!(!agree(&stated(&smith), &stated(&okafor), &rules));
        assert!(!agree(&stated(&smith), &stated(&june), &rules));
    }
}
