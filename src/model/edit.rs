//! Edits of a scenario as the lab makes them: placing, moving and removing faults
//! at the gaps of a trace. The rules of what fits where live here, not in the UI.

use super::scenario::{Anchor, Fault, FaultKind, Scenario, StepKind};
use super::simulate::{fits, LastStep};
use super::trace::{FaultStatus, Trace};

/// The anchor that names the gap right after step `step_ix`.
pub fn anchor_at(sc: &Scenario, trace: &Trace, step_ix: usize) -> Option<Anchor> {
    let step = trace.steps.get(step_ix)?;
    if step.kind == StepKind::Fault {
        return None;
    }
    Some(Anchor {
        after: step.kind,
        event: step
            .event
            .and_then(|e| sc.workload.events.get(e as usize))
            .map(|e| e.id.clone()),
        nth: step.nth,
    })
}

/// Whether a fault of `kind` can go in the gap after step `step_ix`; if not, why not.
pub fn can_place(
    sc: &Scenario,
    trace: &Trace,
    step_ix: usize,
    kind: FaultKind,
) -> Result<Anchor, &'static str> {
    let step = trace.steps.get(step_ix).ok_or("no such step")?;
    fits(kind, sc.design.kind, &LastStep::of(step), &step.after)?;
    let anchor = anchor_at(sc, trace, step_ix).ok_or("a fault already happens here")?;
    if sc.faults.iter().any(|f| f.kind == kind && f.at == anchor) {
        return Err("this fault is already placed here");
    }
    Ok(anchor)
}

/// Places a fault of `kind` after step `step_ix`; returns its index in the scenario.
pub fn place(
    sc: &mut Scenario,
    trace: &Trace,
    step_ix: usize,
    kind: FaultKind,
) -> Result<usize, &'static str> {
    let at = can_place(sc, trace, step_ix, kind)?;
    sc.faults.push(Fault { kind, at, ms: None });
    Ok(sc.faults.len() - 1)
}

/// Moves fault `fault_ix` to the gap after step `step_ix`.
pub fn move_fault(
    sc: &mut Scenario,
    trace: &Trace,
    fault_ix: usize,
    step_ix: usize,
) -> Result<(), &'static str> {
    let kind = sc.faults.get(fault_ix).ok_or("no such fault")?.kind;
    let mut without = sc.clone();
    without.faults.remove(fault_ix);
    let at = can_place(&without, trace, step_ix, kind)?;
    if let Some(f) = sc.faults.get_mut(fault_ix) {
        f.at = at;
    }
    Ok(())
}

/// Removes fault `fault_ix` (no-op if it does not exist).
pub fn remove_fault(sc: &mut Scenario, fault_ix: usize) {
    if fault_ix < sc.faults.len() {
        sc.faults.remove(fault_ix);
    }
}

/// The step after which fault `fault_ix` sits in `trace` (its anchor step), if it
/// was reached.
pub fn anchor_step(trace: &Trace, fault_ix: usize) -> Option<usize> {
    match trace.faults.get(fault_ix)? {
        FaultStatus::Fired(at) => {
            let at = *at as usize;
            (0..at)
                .rev()
                .find(|&i| trace.steps[i].kind != StepKind::Fault)
        }
        FaultStatus::DoesNotFit(at, _) => Some(*at as usize),
        FaultStatus::NotReached => None,
    }
}

/// The nearest gap before (`forward == false`) or after `step_ix` where a fault of
/// `kind` fits (for moving a placed fault with the arrow keys).
pub fn next_fitting_gap(
    sc: &Scenario,
    trace: &Trace,
    step_ix: usize,
    kind: FaultKind,
    forward: bool,
) -> Option<usize> {
    let fits_at = |i: usize| {
        let step = &trace.steps[i];
        step.kind != StepKind::Fault
            && fits(kind, sc.design.kind, &LastStep::of(step), &step.after).is_ok()
    };
    if forward {
        (step_ix + 1..trace.steps.len()).find(|&i| fits_at(i))
    } else {
        (0..step_ix).rev().find(|&i| fits_at(i))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::presets;
    use crate::model::simulate;

    #[test]
    fn placing_a_crash_after_the_sink_write_duplicates() {
        let mut sc = presets::find("db-then-commit").unwrap().scenario;
        sc.faults.clear();
        let t = simulate(&sc);
        let gap = t
            .steps
            .iter()
            .position(|s| s.kind == StepKind::SinkWrite && s.event == Some(1))
            .unwrap();
        place(&mut sc, &t, gap, FaultKind::Crash).unwrap();
        let after = simulate(&sc);
        assert_eq!(after.ledger.duplicates().count(), 1);
        assert_eq!(anchor_step(&after, 0), Some(gap));
    }

    #[test]
    fn a_lost_ack_only_fits_after_a_send() {
        let sc = presets::find("db-then-commit").unwrap().scenario;
        let t = simulate(&sc);
        let poll = t
            .steps
            .iter()
            .position(|s| s.kind == StepKind::Poll)
            .unwrap();
        assert!(can_place(&sc, &t, poll, FaultKind::LostAck).is_err());
        let send = t
            .steps
            .iter()
            .position(|s| s.kind == StepKind::Send)
            .unwrap();
        assert!(can_place(&sc, &t, send, FaultKind::LostAck).is_ok());
    }

    #[test]
    fn moving_keeps_the_fault_and_changes_its_anchor() {
        let mut sc = presets::find("db-then-commit").unwrap().scenario;
        let t = simulate(&sc);
        let first_write = t
            .steps
            .iter()
            .position(|s| s.kind == StepKind::SinkWrite)
            .unwrap();
        move_fault(&mut sc, &t, 0, first_write).unwrap();
        assert_eq!(sc.faults.len(), 1);
        assert_eq!(sc.faults[0].at.event.as_deref(), Some("evt-1"));
        remove_fault(&mut sc, 0);
        assert!(sc.faults.is_empty());
    }
}
