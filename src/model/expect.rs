//! The outcome a scenario file says it expects, and how a run compares with it.
//!
//! A file may state, for any of its events, the verdict the ledger should give it, and
//! any of the business totals. [`compare`] checks a run's ledger against that and
//! returns every difference in words; it knows nothing of designs, only of the counts.

use super::ledger::{Ledger, Verdict};
use super::scenario::Scenario;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::fmt;

/// What a scenario expects of its run (the `expect` section of the file).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Expect {
    /// Verdict per event id; events not named are not checked.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub events: BTreeMap<String, ExpectedVerdict>,
    /// Business totals; totals not given are not checked.
    #[serde(default, skip_serializing_if = "ExpectedTotals::is_empty")]
    pub totals: ExpectedTotals,
}

/// A verdict as a file states it: `ok`, `lost` or `duplicate`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum ExpectedVerdict {
    /// Took effect exactly once.
    Ok,
    /// Took no effect.
    Lost,
    /// Took effect more than once.
    Duplicate,
}

impl ExpectedVerdict {
    /// The verdict as a word, the same word the ledger uses.
    pub fn word(self) -> &'static str {
        match self {
            ExpectedVerdict::Ok => "ok",
            ExpectedVerdict::Lost => "lost",
            ExpectedVerdict::Duplicate => "duplicate",
        }
    }

    fn matches(self, v: Verdict) -> bool {
        self.word() == v.word()
    }
}

/// The business totals a file expects, named as `eoslab run` prints them.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ExpectedTotals {
    /// The total if every event took effect once (the workload's sum).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub expected: Option<i64>,
    /// The total the downstream reader computes.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub actual: Option<i64>,
    /// The total in the state store.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub state: Option<i64>,
}

impl ExpectedTotals {
    fn is_empty(&self) -> bool {
        *self == ExpectedTotals::default()
    }
}

impl Expect {
    /// Whether the section states nothing at all.
    pub fn is_empty(&self) -> bool {
        self.events.is_empty() && self.totals.is_empty()
    }
}

/// One way a run differs from what its file expects.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Mismatch {
    /// An event got another verdict.
    Verdict {
        /// The event id.
        event: String,
        /// The verdict the file expects.
        expected: &'static str,
        /// The verdict of the run.
        was: &'static str,
    },
    /// A total came out different (`total` is its name in the file: `actual`, …).
    Total {
        /// `expected`, `actual` or `state`.
        total: &'static str,
        /// The value the file expects.
        expected: i64,
        /// The value of the run.
        was: i64,
    },
    /// The file expects a verdict for an event its workload does not have.
    NoSuchEvent {
        /// The event id named in `expect.events`.
        event: String,
    },
}

impl fmt::Display for Mismatch {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Mismatch::Verdict {
                event,
                expected,
                was,
            } => write!(f, "{event} expected {expected}, was {was}"),
            Mismatch::Total {
                total,
                expected,
                was,
            } => write!(f, "totals.{total} expected {expected}, was {was}"),
            Mismatch::NoSuchEvent { event } => write!(
                f,
                "expect.events names `{event}`, which is not an event of the workload"
            ),
        }
    }
}

/// Every difference between `expect` and the run's `ledger`: verdicts in workload
/// order, then events the workload lacks, then totals. Empty when the run is as
/// expected.
pub fn compare(sc: &Scenario, expect: &Expect, ledger: &Ledger) -> Vec<Mismatch> {
    let mut out = Vec::new();
    for row in &ledger.rows {
        if let Some(&want) = expect.events.get(&row.event_id) {
            if !want.matches(row.verdict) {
                out.push(Mismatch::Verdict {
                    event: row.event_id.clone(),
                    expected: want.word(),
                    was: row.verdict.word(),
                });
            }
        }
    }
    for id in expect.events.keys() {
        if !sc.workload.events.iter().any(|e| &e.id == id) {
            out.push(Mismatch::NoSuchEvent { event: id.clone() });
        }
    }
    let t = &expect.totals;
    let totals = [
        ("expected", t.expected, ledger.expected_total),
        ("actual", t.actual, ledger.actual_total),
        ("state", t.state, ledger.state_total),
    ];
    for (total, want, was) in totals {
        if let Some(expected) = want.filter(|&w| w != was) {
            out.push(Mismatch::Total {
                total,
                expected,
                was,
            });
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::presets;
    use crate::model::simulate;

    /// `db-then-commit`: evt-2 is written twice (reader 200 of 150, state store 200).
    fn duplicating() -> (Scenario, Ledger) {
        let sc = presets::find("db-then-commit").expect("preset").scenario;
        let ledger = simulate(&sc).ledger;
        (sc, ledger)
    }

    fn expect(json: &str) -> Expect {
        serde_json::from_str(json).expect("an expect section")
    }

    #[test]
    fn a_run_as_expected_has_no_mismatch() {
        let (sc, ledger) = duplicating();
        let e = expect(
            r#"{"events": {"evt-1": "ok", "evt-2": "duplicate", "evt-3": "ok"},
                "totals": {"expected": 150, "actual": 200, "state": 200}}"#,
        );
        assert_eq!(compare(&sc, &e, &ledger), vec![]);
        // Stating nothing checks nothing.
        assert!(Expect::default().is_empty());
        assert_eq!(compare(&sc, &Expect::default(), &ledger), vec![]);
    }

    #[test]
    fn every_mismatch_is_named_in_words() {
        let (sc, ledger) = duplicating();
        let e = expect(
            r#"{"events": {"evt-2": "ok", "evt-3": "lost", "evt-9": "ok"},
                "totals": {"actual": 150, "state": 200}}"#,
        );
        let words: Vec<String> = compare(&sc, &e, &ledger)
            .iter()
            .map(ToString::to_string)
            .collect();
        assert_eq!(
            words,
            [
                "evt-2 expected ok, was duplicate",
                "evt-3 expected lost, was ok",
                "expect.events names `evt-9`, which is not an event of the workload",
                "totals.actual expected 150, was 200",
            ]
        );
    }

    #[test]
    fn the_comparison_follows_the_run_not_the_design() {
        // The same expectation passes once the fault is gone: the ledger decides.
        let (mut sc, _) = duplicating();
        sc.faults.clear();
        let ledger = simulate(&sc).ledger;
        let e = expect(r#"{"events": {"evt-2": "duplicate"}}"#);
        assert_eq!(
            compare(&sc, &e, &ledger),
            vec![Mismatch::Verdict {
                event: "evt-2".into(),
                expected: "duplicate",
                was: "ok",
            }]
        );
    }

    #[test]
    fn unknown_fields_and_verdicts_are_refused() {
        assert!(serde_json::from_str::<Expect>(r#"{"event": {}}"#).is_err());
        assert!(serde_json::from_str::<Expect>(r#"{"totals": {"reader": 1}}"#).is_err());
        assert!(serde_json::from_str::<Expect>(r#"{"events": {"evt-1": "twice"}}"#).is_err());
    }

    #[test]
    fn an_empty_section_is_not_written_back() {
        let e = expect(r#"{"events": {"evt-2": "duplicate"}}"#);
        let json = serde_json::to_string(&e).expect("json");
        assert_eq!(json, r#"{"events":{"evt-2":"duplicate"}}"#);
    }
}
