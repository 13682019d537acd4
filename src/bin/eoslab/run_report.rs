//! What `eoslab run` prints: the run as JSON, or as a readable report.

use super::{finished, pretty, UNFINISHED};
use eoslab::model::explain;
use eoslab::model::explore::{self, describe};
use eoslab::model::ledger::LedgerRow;
use eoslab::model::scenario::{Anchor, Knobs, Scenario, StepKind};
use eoslab::model::trace::{Actor, FaultStatus, Outcome, Step, Trace};
use serde::Serialize;

/// `InputTopic` → `input-topic`.
pub fn kebab(camel: &str) -> String {
    let mut out = String::new();
    for (i, c) in camel.chars().enumerate() {
        if c.is_ascii_uppercase() {
            if i > 0 {
                out.push('-');
            }
            out.push(c.to_ascii_lowercase());
        } else {
            out.push(c);
        }
    }
    out
}

fn actor(a: Actor) -> String {
    kebab(&format!("{a:?}"))
}

fn event_id(sc: &Scenario, e: Option<u32>) -> Option<String> {
    e.and_then(|e| sc.workload.events.get(e as usize))
        .map(|e| e.id.clone())
}

fn outcome(o: Outcome) -> (&'static str, Option<String>) {
    match o {
        Outcome::Applied => ("applied", None),
        Outcome::NoOp(w) => ("no-op", Some(kebab(&format!("{w:?}")))),
        Outcome::Refused(w) => ("refused", Some(kebab(&format!("{w:?}")))),
    }
}

// The JSON printed by `run`, field order as written here.

#[derive(Serialize)]
struct RunOut<'a> {
    scenario: ScenarioOut<'a>,
    trace: Vec<StepOut>,
    faults: Vec<FaultOut<'a>>,
    ledger: &'a [LedgerRow],
    totals: Totals,
    outcome: String,
    finished: bool,
}

#[derive(Serialize)]
struct ScenarioOut<'a> {
    title: &'a str,
    design: &'static str,
    design_title: &'static str,
    /// The design's title plus the knobs that override its nature.
    ran: String,
    events: usize,
    partitions: u32,
    knobs: &'a Knobs,
}

#[derive(Serialize)]
struct StepOut {
    index: usize,
    kind: String,
    from: String,
    to: String,
    event: Option<String>,
    nth: u32,
    instance: u32,
    delivery: u32,
    outcome: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    why: Option<String>,
    cause: Option<u32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    offset: Option<u64>,
    partition: u32,
    #[serde(skip_serializing_if = "Option::is_none")]
    txn: Option<u32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    fault: Option<u16>,
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    zombie: bool,
    clock_ms: u64,
    label: String,
    narration: String,
}

#[derive(Serialize)]
struct FaultOut<'a> {
    index: usize,
    kind: &'static str,
    at: &'a Anchor,
    #[serde(skip_serializing_if = "Option::is_none")]
    ms: Option<u64>,
    status: &'static str,
    step: Option<u32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    reason: Option<&'static str>,
}

#[derive(Serialize)]
struct Totals {
    expected: i64,
    actual: i64,
    state: i64,
}

fn step_out(sc: &Scenario, i: usize, s: &Step) -> StepOut {
    let (out, why) = outcome(s.outcome);
    StepOut {
        index: i,
        kind: s.kind.slug(),
        from: actor(s.from),
        to: actor(s.to),
        event: event_id(sc, s.event),
        nth: s.nth,
        instance: s.attempt.instance,
        delivery: s.attempt.delivery,
        outcome: out,
        why,
        cause: s.cause,
        offset: s.offset,
        partition: s.partition,
        txn: s.txn,
        fault: s.fault,
        zombie: s.zombie,
        clock_ms: s.clock_ms,
        label: explain::label(sc, s),
        narration: explain::narrate(sc, s),
    }
}

fn fault_out<'a>(sc: &'a Scenario, trace: &Trace, i: usize) -> FaultOut<'a> {
    let f = &sc.faults[i];
    let (status, step, reason) = match trace.faults.get(i) {
        Some(FaultStatus::Fired(s)) => ("fired", Some(*s), None),
        Some(FaultStatus::DoesNotFit(s, why)) => ("does-not-fit", Some(*s), Some(*why)),
        Some(FaultStatus::NotReached) | None => ("not-reached", None, None),
    };
    FaultOut {
        index: i,
        kind: f.kind.slug(),
        at: &f.at,
        ms: f.ms,
        status,
        step,
        reason,
    }
}

/// The run as JSON: scenario, trace, faults, ledger, totals, outcome.
pub fn json(sc: &Scenario, trace: &Trace) -> String {
    let l = &trace.ledger;
    let out = RunOut {
        scenario: ScenarioOut {
            title: &sc.title,
            design: sc.design.kind.slug(),
            design_title: sc.design.kind.title(),
            ran: explore::design_label(&sc.design),
            events: sc.workload.events.len(),
            partitions: sc.workload.partitions,
            knobs: &sc.design.knobs,
        },
        trace: trace
            .steps
            .iter()
            .enumerate()
            .map(|(i, s)| step_out(sc, i, s))
            .collect(),
        faults: (0..sc.faults.len())
            .map(|i| fault_out(sc, trace, i))
            .collect(),
        ledger: &l.rows,
        totals: Totals {
            expected: l.expected_total,
            actual: l.actual_total,
            state: l.state_total,
        },
        outcome: explain::outcome(sc, trace),
        finished: finished(trace),
    };
    pretty(&out)
}

/// The run as a readable report: steps, ledger, totals, outcome.
pub fn text(sc: &Scenario, trace: &Trace) -> String {
    let mut s = String::new();
    let title = if sc.title.is_empty() {
        "(untitled)"
    } else {
        &sc.title
    };
    s.push_str(&format!(
        "{title} — {}\n\n",
        explore::design_label(&sc.design)
    ));
    for (i, st) in trace.steps.iter().enumerate() {
        let marker = if st.kind == StepKind::Fault {
            "!!"
        } else {
            "  "
        };
        s.push_str(&format!(
            "{marker}{i:>4}  {:<14} {}\n",
            st.kind.slug(),
            explain::label(sc, st)
        ));
    }
    if !sc.faults.is_empty() {
        s.push_str(&format!("\nFaults: {}\n", describe(&sc.faults)));
    }
    s.push_str("\nLedger\n");
    s.push_str(&ledger_text(&trace.ledger.rows));
    let l = &trace.ledger;
    s.push_str(&format!(
        "\nTotals: expected {}, reader {}, state store {}\n",
        l.expected_total, l.actual_total, l.state_total
    ));
    s.push_str(&format!("\n{}\n", explain::outcome(sc, trace)));
    if !finished(trace) {
        s.push_str(&format!("\nWarning: {UNFINISHED}.\n"));
    }
    s
}

/// The ledger as a table. The `external` (effects at the provider) and `raw rows`
/// (rows in the raw table before downstream dedup) columns appear when the design has
/// them, so an email sent twice or a duplicate behind a MERGE is on the page.
pub fn ledger_text(rows: &[LedgerRow]) -> String {
    let width = rows
        .iter()
        .map(|r| r.event_id.len())
        .max()
        .unwrap_or(0)
        .max(5);
    let external = rows.iter().any(|r| r.external.is_some());
    let raw = rows.iter().any(|r| r.raw.is_some());
    let count = |n: Option<u32>| n.map_or_else(|| "-".to_string(), |n| n.to_string());
    let mut s = format!("  {:<width$}  effects", "event");
    if external {
        s.push_str("  external");
    }
    if raw {
        s.push_str("  raw rows");
    }
    s.push_str("  state  verdict\n");
    for r in rows {
        s.push_str(&format!("  {:<width$}  {:>7}", r.event_id, r.effects));
        if external {
            s.push_str(&format!("  {:>8}", count(r.external)));
        }
        if raw {
            s.push_str(&format!("  {:>8}", count(r.raw)));
        }
        s.push_str(&format!(
            "  {:>5}  {} {}\n",
            r.state,
            r.verdict.icon(),
            r.verdict.word()
        ));
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kebab_cases_debug_names() {
        assert_eq!(kebab("InputTopic"), "input-topic");
        assert_eq!(kebab("DuplicateSequence"), "duplicate-sequence");
    }

    /// The table's cells of each event, split on white space.
    fn cells(sc: &Scenario) -> (Vec<String>, Vec<Vec<String>>) {
        let text = ledger_text(&eoslab::model::simulate(sc).ledger.rows);
        let mut lines = text
            .lines()
            .map(|l| l.split_whitespace().map(str::to_string).collect::<Vec<_>>());
        let header = lines.next().unwrap_or_default();
        (header, lines.collect())
    }

    fn preset(slug: &str) -> Scenario {
        eoslab::model::presets::find(slug).expect("preset").scenario
    }

    #[test]
    fn the_ledger_shows_external_and_raw_counts_where_they_exist() {
        let (header, _) = cells(&preset("db-then-commit"));
        assert_eq!(header, ["event", "effects", "state", "verdict"]);
        for (slug, column) in [("loyalty-email", "external"), ("downstream-merge", "raw")] {
            let sc = preset(slug);
            let ledger = eoslab::model::simulate(&sc).ledger;
            let (header, rows) = cells(&sc);
            assert_eq!(header[2], column, "{slug}: {header:?}");
            assert_eq!(rows.len(), ledger.rows.len());
            for (cells, r) in rows.iter().zip(&ledger.rows) {
                let extra = if column == "external" {
                    r.external
                } else {
                    r.raw
                };
                assert_eq!(cells[0], r.event_id);
                assert_eq!(cells[1], r.effects.to_string());
                assert_eq!(cells[2], extra.expect("a count").to_string(), "{slug}");
                assert_eq!(cells[3], r.state.to_string());
                assert_eq!(cells[5], r.verdict.word());
            }
        }
    }
}
