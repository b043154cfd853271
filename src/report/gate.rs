//! The CI gate: which claims of a report fail `check`, and which it flags as warnings.
//!
//! A claim fails when it is active, of `severity: error`, and its verdict is one `--fail-on`
//! names; an active claim of `severity: warning` with such a verdict is flagged, never
//! failing. `report` has no `--fail-on`: its CI formats mark what `check` would fail by
//! default (conflicts).
//!
//! ```
//! # let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
//! # let set = crosscheck::claims::load_claims(&root.join("claims")).unwrap();
//! # let claims: Vec<_> = set.iter().cloned().collect();
//! let report = crosscheck::report::build(&root.join("corpus"), &claims).unwrap();
//! let gate = crosscheck::report::gate::Gate::of(&report, None);
//! assert!(gate.fails("artillery-shells"));
//! ```

use super::{ClaimReport, Report};
use crate::claims::{Severity, Status};
use crate::compare::Verdict;

/// How the CI gate judged the claims of a report; renderers that mark failures only show it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Gate {
    /// Ids of the claims that fail: active, `severity: error`, a verdict `--fail-on` names.
    pub failing: Vec<String>,
    /// Ids of the active claims of `severity: warning` with a verdict `--fail-on` names: shown
    /// as warnings, never failing a build.
    pub warning: Vec<String>,
}

/// What `check` fails on when `--fail-on` is not given.
pub const DEFAULT_FAIL_ON: &[Verdict] = &[Verdict::Conflict];

impl Gate {
    /// The gate of `report` under `fail_on` ([`DEFAULT_FAIL_ON`] when `None`).
    pub fn of(report: &Report, fail_on: Option<&[Verdict]>) -> Gate {
        let fail_on = fail_on.unwrap_or(DEFAULT_FAIL_ON);
        let ids = |keep: fn(&ClaimReport, &[Verdict]) -> bool| -> Vec<String> {
            report
                .claims
                .iter()
                .filter(|c| keep(c, fail_on))
                .map(|c| c.claim.id.clone())
                .collect()
        };
        Gate {
            failing: ids(fails),
            warning: ids(warns),
        }
    }

    /// Whether the claim with this id fails.
    pub fn fails(&self, id: &str) -> bool {
        self.failing.iter().any(|f| f == id)
    }

    /// Whether the claim with this id is flagged as a warning (never failing).
    pub fn warns(&self, id: &str) -> bool {
        self.warning.iter().any(|w| w == id)
    }
}

/// Whether a claim fails `check` under `fail_on`.
pub fn fails(report: &ClaimReport, fail_on: &[Verdict]) -> bool {
    report.claim.status == Status::Active
        && report.claim.severity == Severity::Error
        && fail_on.contains(&report.verdict())
}

/// Whether `check` flags a claim as a warning: active, `severity: warning`, with a verdict
/// `fail_on` names. Such a claim never fails; CI formats show it as a warning.
pub fn warns(report: &ClaimReport, fail_on: &[Verdict]) -> bool {
    report.claim.status == Status::Active
        && report.claim.severity == Severity::Warning
        && fail_on.contains(&report.verdict())
}
