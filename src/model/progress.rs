//! How far a run has got: whether it reached its end, and what the ledger says at
//! the cursor ("so far: evt-1 ok · evt-2 duplicate · revenue 150 of 100 expected"),
//! so the lab can show the verdict as it builds up instead of the end at step 0.

use super::ledger::{Ledger, Verdict};
use super::scenario::{Scenario, StepKind};
use super::trace::Trace;

/// Whether the run got to its end: the downstream merge job or reader ran, which
/// happens only once nothing else is left to do. A run that stops at its step budget
/// (every transaction times out before it commits, say) never gets there.
pub fn finished(trace: &Trace) -> bool {
    trace
        .steps
        .iter()
        .any(|s| matches!(s.kind, StepKind::Read | StepKind::Merge))
}

/// What to say about a run that stopped at its step budget (`None` if it finished).
pub fn unfinished_words(trace: &Trace) -> Option<String> {
    (!finished(trace)).then(|| {
        format!(
            "The run stopped at its step budget ({} steps) before the downstream reader read anything: it never finishes, and the ledger counts where it stopped.",
            trace.steps.len()
        )
    })
}

/// An event's state at the cursor in a word: `ok`, `duplicate`, or `not yet` (no
/// effect so far; only at the end of the run is that `lost`).
pub fn verdict_so_far(verdict: Verdict) -> &'static str {
    match verdict {
        Verdict::Lost => "not yet",
        v => v.word(),
    }
}

/// How many events to name one by one before counting them instead.
const NAMED: usize = 4;

/// The ledger at the cursor in one line: each event and its state (or, for a long
/// workload, how many are in each state, naming the duplicated ones), and the
/// business total so far against the whole run's expected total.
pub fn so_far(sc: &Scenario, ledger: &Ledger) -> String {
    let mut parts: Vec<String> = Vec::new();
    if ledger.rows.len() <= NAMED {
        parts.extend(
            ledger
                .rows
                .iter()
                .map(|r| format!("{} {}", r.event_id, verdict_so_far(r.verdict))),
        );
    } else {
        for v in [Verdict::Ok, Verdict::Duplicate, Verdict::Lost] {
            let rows: Vec<&str> = ledger
                .rows
                .iter()
                .filter(|r| r.verdict == v)
                .map(|r| r.event_id.as_str())
                .collect();
            if rows.is_empty() {
                continue;
            }
            let mut part = format!("{} {}", rows.len(), verdict_so_far(v));
            if v == Verdict::Duplicate {
                let shown = rows.iter().take(3).copied().collect::<Vec<_>>().join(", ");
                let more = if rows.len() > 3 { ", …" } else { "" };
                part.push_str(&format!(" ({shown}{more})"));
            }
            parts.push(part);
        }
    }
    parts.push(format!(
        "{} {} of {} expected",
        sc.names.total, ledger.actual_total, ledger.expected_total
    ));
    format!("so far: {}", parts.join(" · "))
}

/// The whole run's totals in one line: `revenue 150 expected ≠ 200 seen · state
/// store 150`.
pub fn totals(sc: &Scenario, ledger: &Ledger) -> String {
    let mark = if ledger.expected_total == ledger.actual_total {
        "="
    } else {
        "≠"
    };
    format!(
        "{} {} expected {mark} {} seen · state store {}",
        sc.names.total, ledger.expected_total, ledger.actual_total, ledger.state_total
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{presets, simulate, world_at, Workload};

    #[test]
    fn the_ledger_at_the_cursor_builds_up_to_the_verdict() {
        let sc = presets::find("db-then-commit").unwrap().scenario;
        let t = simulate(&sc);
        let start = so_far(&sc, &Ledger::count(&sc, &world_at(&sc, 0)));
        assert_eq!(
            start,
            "so far: evt-1 not yet · evt-2 not yet · evt-3 not yet · revenue 0 of 150 expected"
        );
        let end = so_far(&sc, &Ledger::count(&sc, &world_at(&sc, t.steps.len())));
        assert!(end.contains("evt-1 ok"), "{end}");
        assert!(end.contains("evt-2 duplicate"), "{end}");
        assert!(end.contains("revenue 200 of 150 expected"), "{end}");
        // The world at the end is the trace's final world: the same ledger.
        assert_eq!(Ledger::count(&sc, &world_at(&sc, t.steps.len())), t.ledger);
        assert!(finished(&t));
        assert_eq!(unfinished_words(&t), None);
        assert!(
            totals(&sc, &t.ledger).starts_with("revenue 150 expected ≠ 200 seen · state store ")
        );
    }

    #[test]
    fn a_long_workload_is_counted_not_listed() {
        let mut sc = presets::find("db-then-commit").unwrap().scenario;
        sc.workload = Workload::generated(12, 2, 7);
        sc.faults.clear();
        let t = simulate(&sc);
        let mid = so_far(&sc, &Ledger::count(&sc, &world_at(&sc, t.steps.len() / 2)));
        assert!(mid.contains(" ok · "), "{mid}");
        assert!(mid.contains(" not yet · "), "{mid}");
        assert!(mid.len() < 120, "{mid}");
        let end = so_far(&sc, &t.ledger);
        assert!(end.starts_with("so far: 12 ok · "), "{end}");
    }

    #[test]
    fn a_run_whose_transactions_always_time_out_says_it_stopped_at_its_budget() {
        let mut sc = presets::find("loyalty-eos").unwrap().scenario;
        assert!(finished(&simulate(&sc)));
        sc.design.knobs.transaction_timeout_ms = 0;
        let t = simulate(&sc);
        assert!(!finished(&t));
        let words = unfinished_words(&t).unwrap();
        assert!(words.contains("step budget"), "{words}");
        assert!(
            words.contains(&format!("({} steps)", t.steps.len())),
            "{words}"
        );
    }
}
