//! Edits of a scenario as the lab makes them: placing, moving and removing faults
//! at the gaps of a trace. The rules of what fits where live here, not in the UI.

use super::scenario::{
    Acks, Anchor, DedupOrder, Design, DownstreamDedup, Fault, FaultKind, IdSource, Isolation, Knob,
    Knobs, Scenario, SinkWrite, StepKind,
};
use super::simulate::{fits, simulate, LastStep};
use super::trace::{FaultStatus, Step, Trace};

/// The anchor that names the gap right after step `step_ix`.
pub fn anchor_at(sc: &Scenario, trace: &Trace, step_ix: usize) -> Option<Anchor> {
    anchor_after(sc, trace.steps.get(step_ix)?)
}

/// The anchor that names the gap right after `step` (none after a fault).
pub fn anchor_after(sc: &Scenario, step: &Step) -> Option<Anchor> {
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
        return Err(ALREADY_PLACED);
    }
    Ok(anchor)
}

/// Why a fault cannot go in a gap that already holds a fault of its kind.
pub const ALREADY_PLACED: &str = "this fault is already placed here";

/// Why a fault is refused once the run holds [`super::limits::MAX_FAULTS`].
pub const TOO_MANY_FAULTS: &str = "the run already holds 32 faults, the most it takes";

/// Places a fault of `kind` after step `step_ix`; returns its index in the scenario.
pub fn place(
    sc: &mut Scenario,
    trace: &Trace,
    step_ix: usize,
    kind: FaultKind,
) -> Result<usize, &'static str> {
    if sc.faults.len() >= super::limits::MAX_FAULTS {
        return Err(TOO_MANY_FAULTS);
    }
    let at = can_place(sc, trace, step_ix, kind)?;
    sc.faults.push(Fault { kind, at, ms: None });
    Ok(sc.faults.len() - 1)
}

/// The scenario without fault `fault_ix`.
fn without(sc: &Scenario, fault_ix: usize) -> Scenario {
    let mut w = sc.clone();
    if fault_ix < w.faults.len() {
        w.faults.remove(fault_ix);
    }
    w
}

/// Where each step of `trace` could take fault `fault_ix` instead of its own place.
///
/// A fault's recovery is part of the trace, but moving the fault takes its recovery
/// with it: so every gap is judged in the run *without* that fault, and a step that
/// happens only because of the fault is refused.
pub fn move_targets(
    sc: &Scenario,
    trace: &Trace,
    fault_ix: usize,
) -> Vec<Result<Anchor, &'static str>> {
    let Some(kind) = sc.faults.get(fault_ix).map(|f| f.kind) else {
        return vec![Err("no such fault"); trace.steps.len()];
    };
    let rest = without(sc, fault_ix);
    let base = simulate(&rest);
    // Each anchor of the run without the fault, and where it happens there.
    let at: Vec<(Anchor, usize)> = (0..base.steps.len())
        .filter_map(|j| anchor_at(&rest, &base, j).map(|a| (a, j)))
        .collect();
    (0..trace.steps.len())
        .map(|i| {
            let a = anchor_at(sc, trace, i).ok_or("a fault already happens here")?;
            // The runs agree up to the fault, so the step is usually at `i` itself.
            let j = at
                .get(i)
                .filter(|(b, _)| *b == a)
                .or_else(|| at.iter().find(|(b, _)| *b == a))
                .map(|(_, j)| *j)
                .ok_or("this step happens only because of this fault")?;
            can_place(&rest, &base, j, kind)
        })
        .collect()
}

/// Whether placed fault `fault_ix` can move to the gap after step `step_ix`; if not,
/// why not (see [`move_targets`]).
pub fn can_move(
    sc: &Scenario,
    trace: &Trace,
    fault_ix: usize,
    step_ix: usize,
) -> Result<Anchor, &'static str> {
    let kind = sc.faults.get(fault_ix).ok_or("no such fault")?.kind;
    let a = anchor_at(sc, trace, step_ix).ok_or("a fault already happens here")?;
    let rest = without(sc, fault_ix);
    let base = simulate(&rest);
    let j = (0..base.steps.len())
        .find(|&j| anchor_at(&rest, &base, j).as_ref() == Some(&a))
        .ok_or("this step happens only because of this fault")?;
    can_place(&rest, &base, j, kind)
}

/// Moves fault `fault_ix` to the previous (`forward == false`) or next gap where it
/// fits, counted in the run without it; returns its new anchor.
pub fn nudge(sc: &mut Scenario, fault_ix: usize, forward: bool) -> Result<Anchor, &'static str> {
    let fault = sc.faults.get(fault_ix).ok_or("no such fault")?.clone();
    let rest = without(sc, fault_ix);
    let base = simulate(&rest);
    let here =
        (0..base.steps.len()).find(|&j| anchor_at(&rest, &base, j).as_ref() == Some(&fault.at));
    let mut gaps: Box<dyn Iterator<Item = usize>> = match (here, forward) {
        (Some(p), true) => Box::new(p + 1..base.steps.len()),
        (Some(p), false) => Box::new((0..p).rev()),
        (None, true) => Box::new(0..base.steps.len()),
        (None, false) => Box::new((0..base.steps.len()).rev()),
    };
    let at = gaps
        .find_map(|j| can_place(&rest, &base, j, fault.kind).ok())
        .ok_or(if forward {
            "no later gap where it fits"
        } else {
            "no earlier gap where it fits"
        })?;
    sc.faults[fault_ix].at = at.clone();
    Ok(at)
}

/// Moves fault `fault_ix` to the gap after step `step_ix`.
pub fn move_fault(
    sc: &mut Scenario,
    trace: &Trace,
    fault_ix: usize,
    step_ix: usize,
) -> Result<(), &'static str> {
    let at = can_move(sc, trace, fault_ix, step_ix)?;
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

/// The kind of control a knob needs.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum KnobInput {
    /// On or off.
    Toggle,
    /// One of these values (see [`knob_text`] and [`set_knob`]).
    Choice(&'static [&'static str]),
    /// A whole number between `min` and `max`.
    Count {
        /// Smallest value.
        min: u64,
        /// Largest value.
        max: u64,
    },
    /// A duration in milliseconds, up to `max`.
    Millis {
        /// Largest value.
        max: u64,
    },
}

/// The longest duration a knob takes: thirty days.
pub const MAX_KNOB_MS: u64 = super::limits::MAX_MS;

const ISOLATIONS: &[&str] = &["read_committed", "read_uncommitted"];
const SINK_WRITES: &[&str] = &["insert", "increment", "upsert", "set-total", "set-sum"];
const ID_SOURCES: &[&str] = &["stable", "per-attempt", "record-key"];
const DEDUP_ORDERS: &[&str] = &["effect-then-record", "record-then-effect"];
const DOWNSTREAMS: &[&str] = &["merge", "query-view"];
const ACKS: &[&str] = &["all", "0"];

/// Why `design` does not take `choice` for `knob`, if it does not (a sink write the
/// design cannot make); the lab shows such a choice unavailable, with the reason.
pub fn unavailable_choice(design: &Design, knob: Knob, choice: &str) -> Option<&'static str> {
    match knob {
        Knob::SinkWrite => SinkWrite::ALL
            .into_iter()
            .find(|w| w.slug() == choice)
            .and_then(|w| design.kind.spec().cannot_write(w)),
        _ => None,
    }
}

/// What control `knob` needs.
pub fn knob_input(knob: Knob) -> KnobInput {
    match knob {
        Knob::SinkWrite => KnobInput::Choice(SINK_WRITES),
        Knob::Isolation => KnobInput::Choice(ISOLATIONS),
        Knob::Downstream => KnobInput::Choice(DOWNSTREAMS),
        Knob::Acks => KnobInput::Choice(ACKS),
        Knob::Ids => KnobInput::Choice(ID_SOURCES),
        Knob::DedupOrder => KnobInput::Choice(DEDUP_ORDERS),
        Knob::CommitEvery => KnobInput::Count { min: 1, max: 1000 },
        Knob::DedupWindowMs
        | Knob::KeyRetentionMs
        | Knob::SinkTxnTimeoutMs
        | Knob::TransactionTimeoutMs
        | Knob::RestartMs
        | Knob::DeliveryTimeoutMs
        | Knob::ProviderMs => KnobInput::Millis { max: MAX_KNOB_MS },
        Knob::Fencing
        | Knob::ProducerIdempotence
        | Knob::DedupAtomic
        | Knob::IdempotencyKey
        | Knob::TwoPhase
        | Knob::IdempotentCommit
        | Knob::ConsumerDedup
        | Knob::GenerationFencing
        | Knob::RevokeCommit
        | Knob::AtomicOffsets
        | Knob::RestoreState
        | Knob::SinkConnector
        | Knob::DedupUnbounded => KnobInput::Toggle,
    }
}

fn flag(knobs: &mut Knobs, knob: Knob) -> Option<&mut bool> {
    Some(match knob {
        Knob::Fencing => &mut knobs.fencing,
        Knob::ProducerIdempotence => &mut knobs.producer_idempotence,
        Knob::DedupAtomic => &mut knobs.dedup_atomic,
        Knob::IdempotencyKey => &mut knobs.idempotency_key,
        Knob::TwoPhase => &mut knobs.two_phase,
        Knob::IdempotentCommit => &mut knobs.idempotent_commit,
        Knob::ConsumerDedup => &mut knobs.consumer_dedup,
        Knob::GenerationFencing => &mut knobs.generation_fencing,
        Knob::RevokeCommit => &mut knobs.revoke_commit,
        Knob::AtomicOffsets => &mut knobs.atomic_offsets,
        Knob::RestoreState => &mut knobs.restore_state,
        Knob::SinkConnector => &mut knobs.sink_connector,
        Knob::DedupUnbounded => &mut knobs.dedup_unbounded,
        _ => return None,
    })
}

fn millis(knobs: &mut Knobs, knob: Knob) -> Option<&mut u64> {
    Some(match knob {
        Knob::DedupWindowMs => &mut knobs.dedup_window_ms,
        Knob::KeyRetentionMs => &mut knobs.key_retention_ms,
        Knob::SinkTxnTimeoutMs => &mut knobs.sink_txn_timeout_ms,
        Knob::TransactionTimeoutMs => &mut knobs.transaction_timeout_ms,
        Knob::RestartMs => &mut knobs.restart_ms,
        Knob::DeliveryTimeoutMs => &mut knobs.delivery_timeout_ms,
        Knob::ProviderMs => &mut knobs.provider_ms,
        _ => return None,
    })
}

/// The knob's current value as its control shows it (`true`, `read_committed`, `60000`).
pub fn knob_text(design: &Design, knob: Knob) -> String {
    let mut k = design.knobs.clone();
    if let Some(b) = flag(&mut k, knob) {
        return b.to_string();
    }
    if let Some(ms) = millis(&mut k, knob) {
        return ms.to_string();
    }
    match knob {
        Knob::SinkWrite => design.sink_write().slug().to_string(),
        Knob::Isolation => match k.isolation {
            Isolation::ReadCommitted => ISOLATIONS[0],
            Isolation::ReadUncommitted => ISOLATIONS[1],
        }
        .to_string(),
        Knob::Downstream => match k.downstream {
            DownstreamDedup::Merge => DOWNSTREAMS[0],
            DownstreamDedup::QueryView => DOWNSTREAMS[1],
        }
        .to_string(),
        Knob::CommitEvery => k.commit_every.to_string(),
        Knob::Acks => match k.acks {
            Acks::All => ACKS[0],
            Acks::Zero => ACKS[1],
        }
        .to_string(),
        Knob::Ids => k.ids.slug().to_string(),
        Knob::DedupOrder => k.dedup_order.slug().to_string(),
        _ => String::new(),
    }
}

/// Sets `knob` from its control's text; numbers are clamped to what the model takes.
pub fn set_knob(knobs: &mut Knobs, knob: Knob, text: &str) -> Result<(), &'static str> {
    let text = text.trim();
    if let Some(b) = flag(knobs, knob) {
        *b = text.parse().map_err(|_| "expected on or off")?;
        return Ok(());
    }
    let number = || -> Result<u64, &'static str> {
        text.parse::<u64>()
            .map_err(|_| "expected a whole number of zero or more")
    };
    if let Some(ms) = millis(knobs, knob) {
        *ms = number()?.min(MAX_KNOB_MS);
        return Ok(());
    }
    match knob {
        Knob::CommitEvery => knobs.commit_every = number()?.clamp(1, 1000) as u32,
        Knob::SinkWrite => {
            knobs.sink_write = Some(
                SinkWrite::ALL
                    .into_iter()
                    .find(|w| w.slug() == text)
                    .ok_or("no such sink write")?,
            )
        }
        Knob::Isolation => {
            knobs.isolation = match text {
                "read_committed" => Isolation::ReadCommitted,
                "read_uncommitted" => Isolation::ReadUncommitted,
                _ => return Err("no such isolation level"),
            }
        }
        Knob::Downstream => {
            knobs.downstream = match text {
                "merge" => DownstreamDedup::Merge,
                "query-view" => DownstreamDedup::QueryView,
                _ => return Err("no such downstream dedup"),
            }
        }
        Knob::Acks => {
            knobs.acks = match text {
                "all" | "-1" => Acks::All,
                "0" => Acks::Zero,
                _ => return Err("acks is all or 0"),
            }
        }
        Knob::Ids => {
            knobs.ids = IdSource::ALL
                .into_iter()
                .find(|i| i.slug() == text)
                .ok_or("no such id source")?
        }
        Knob::DedupOrder => {
            knobs.dedup_order = DedupOrder::ALL
                .into_iter()
                .find(|o| o.slug() == text)
                .ok_or("no such order")?
        }
        _ => return Err("no such knob"),
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::presets;

    #[test]
    fn a_sink_write_that_reads_a_state_store_is_unavailable_without_one() {
        use crate::model::DesignKind;
        let outbox = Design::new(DesignKind::Outbox);
        let why = unavailable_choice(&outbox, Knob::SinkWrite, "set-total");
        assert!(why.is_some_and(|w| w.contains("no state store")), "{why:?}");
        assert_eq!(
            unavailable_choice(&outbox, Knob::SinkWrite, "set-sum"),
            None
        );
        let alo = Design::new(DesignKind::AtLeastOnce);
        assert_eq!(unavailable_choice(&alo, Knob::SinkWrite, "set-total"), None);
        // Set anyway (a file, a link), the knob gives way to the design's own write.
        let mut set = outbox.clone();
        set.knobs.sink_write = Some(SinkWrite::SetTotal);
        assert_eq!(knob_text(&set, Knob::SinkWrite), "upsert");
    }

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
    #[test]
    fn a_fault_can_move_back_to_its_own_gap_but_not_onto_a_twin() {
        let mut sc = presets::find("db-then-commit").unwrap().scenario;
        let t = simulate(&sc);
        let own = anchor_step(&t, 0).unwrap();
        assert!(can_move(&sc, &t, 0, own).is_ok());
        assert!(can_place(&sc, &t, own, FaultKind::Crash).is_err());
        let poll = t
            .steps
            .iter()
            .position(|s| s.kind == StepKind::Poll)
            .unwrap();
        sc.faults.push(Fault::new(
            FaultKind::Crash,
            anchor_at(&sc, &t, poll).unwrap(),
        ));
        assert_eq!(can_move(&sc, &t, 1, own), Err(ALREADY_PLACED));
        assert_eq!(can_move(&sc, &t, 7, own), Err("no such fault"));
    }

    #[test]
    fn every_knob_of_every_design_round_trips_through_its_control() {
        use crate::model::DesignKind;
        for kind in DesignKind::ALL {
            for &knob in kind.knobs() {
                let mut d = Design::new(kind);
                let text = knob_text(&d, knob);
                let next = match knob_input(knob) {
                    KnobInput::Toggle => (text != "true").to_string(),
                    KnobInput::Choice(all) => {
                        assert!(all.contains(&text.as_str()), "{knob:?} {text}");
                        all.iter().find(|c| **c != text).unwrap().to_string()
                    }
                    KnobInput::Count { .. } | KnobInput::Millis { .. } => "7".into(),
                };
                set_knob(&mut d.knobs, knob, &next).unwrap();
                assert_eq!(knob_text(&d, knob), next, "{kind:?} {knob:?}");
            }
        }
    }

    #[test]
    fn knob_numbers_are_clamped_and_bad_text_refused() {
        let mut k = Knobs::default();
        set_knob(&mut k, Knob::CommitEvery, "0").unwrap();
        assert_eq!(k.commit_every, 1);
        set_knob(&mut k, Knob::RestartMs, "99999999999999").unwrap();
        assert_eq!(k.restart_ms, MAX_KNOB_MS);
        assert!(set_knob(&mut k, Knob::RestartMs, "-5").is_err());
        assert!(set_knob(&mut k, Knob::Isolation, "serializable").is_err());
        assert!(set_knob(&mut k, Knob::Fencing, "maybe").is_err());
    }
    #[test]
    fn a_fault_cannot_move_onto_its_own_recovery() {
        let sc = presets::find("db-then-commit").unwrap().scenario;
        let t = simulate(&sc);
        let replay = t
            .steps
            .iter()
            .position(|s| s.kind == StepKind::Poll && s.attempt.delivery > 1)
            .expect("the crash replays evt-2");
        assert_eq!(
            can_move(&sc, &t, 0, replay),
            Err("this step happens only because of this fault")
        );
        let targets = move_targets(&sc, &t, 0);
        assert_eq!(targets.len(), t.steps.len());
        assert_eq!(targets[replay], can_move(&sc, &t, 0, replay));
        let first_write = t
            .steps
            .iter()
            .position(|s| s.kind == StepKind::SinkWrite)
            .unwrap();
        assert!(targets[first_write].is_ok());
        assert_eq!(targets[first_write], can_move(&sc, &t, 0, first_write));
    }

    #[test]
    fn nudging_walks_the_gaps_of_the_run_without_the_fault() {
        let mut sc = presets::find("db-then-commit").unwrap().scenario;
        let at = nudge(&mut sc, 0, true).unwrap();
        assert_eq!(at, Anchor::new(StepKind::CommitOffset, "evt-2"));
        assert!(matches!(simulate(&sc).faults[0], FaultStatus::Fired(_)));
        nudge(&mut sc, 0, false).unwrap();
        let back = nudge(&mut sc, 0, false).unwrap();
        assert_eq!(back, Anchor::new(StepKind::UpdateState, "evt-2"));
        // Crash fits nowhere before the first step.
        let mut sc = presets::find("db-then-commit").unwrap().scenario;
        sc.faults[0].at = Anchor {
            after: StepKind::Send,
            event: Some("evt-1".into()),
            nth: 1,
        };
        assert_eq!(
            nudge(&mut sc, 0, false),
            Err("no earlier gap where it fits")
        );
        assert_eq!(nudge(&mut sc, 3, true), Err("no such fault"));
    }
}

/// A knob's value in a few words that read on their own, for a one-line summary
/// (`fencing on`, `read_committed`, `acks=all`, `commit every 1 record`,
/// `delivery.timeout 2 min`).
fn knob_words(design: &Design, knob: Knob) -> String {
    let value = knob_text(design, knob);
    let on = if value == "true" { "on" } else { "off" };
    let time = || super::explain::duration(value.parse().unwrap_or(0));
    match knob {
        Knob::SinkWrite => format!("sink {value}"),
        Knob::CommitEvery if value == "1" => "commit every record".into(),
        Knob::CommitEvery => format!("commit every {value} records"),
        Knob::Isolation => value,
        Knob::Fencing => format!("fencing {on}"),
        Knob::ProducerIdempotence => format!("idempotence {on}"),
        Knob::DedupWindowMs => format!("dedup window {}", time()),
        Knob::DedupAtomic => format!("atomic seen-id {on}"),
        Knob::IdempotencyKey => format!("idempotency key {on}"),
        Knob::KeyRetentionMs => format!("keys kept {}", time()),
        Knob::TwoPhase => format!("two-phase {on}"),
        Knob::IdempotentCommit => format!("idempotent commit {on}"),
        Knob::SinkTxnTimeoutMs => format!("sink txn timeout {}", time()),
        Knob::TransactionTimeoutMs => format!("transaction.timeout {}", time()),
        Knob::RestartMs => format!("restart after {}", time()),
        Knob::ConsumerDedup => format!("consumer dedup {on}"),
        Knob::Downstream => format!("downstream {value}"),
        Knob::GenerationFencing => format!("generation fencing {on}"),
        Knob::RevokeCommit => format!("commit on revoke {on}"),
        Knob::Acks => format!("acks={value}"),
        Knob::DeliveryTimeoutMs => format!("delivery.timeout {}", time()),
        Knob::AtomicOffsets => format!("offsets in checkpoint {on}"),
        Knob::RestoreState => format!("state restore {on}"),
        Knob::SinkConnector => format!("sink connector {on}"),
        Knob::Ids => format!("ids {value}"),
        Knob::DedupOrder => format!("dedup {value}"),
        Knob::DedupUnbounded => format!("unbounded seen-ids {on}"),
        Knob::ProviderMs => format!("provider time {}", time()),
    }
}

/// Whether `knob` names the mechanism of `design`, so the summary shows it even
/// at its default: the isolation level, fencing, idempotence, the dedup and
/// commit switches, and the sink write where the processor writes the sink itself.
fn defining(design: &Design, knob: Knob) -> bool {
    match knob {
        Knob::Isolation
        | Knob::Fencing
        | Knob::ProducerIdempotence
        | Knob::DedupAtomic
        | Knob::IdempotencyKey
        | Knob::TwoPhase
        | Knob::ConsumerDedup
        | Knob::Downstream => true,
        Knob::SinkWrite => !design.kind.spec().kafka_transactional || design.knobs.sink_connector,
        _ => false,
    }
}

/// What the design's knobs are set to, in one line: the knobs that make the design
/// what it is, and those changed from their defaults, in the order the lab shows
/// them (`read_committed · fencing on · idempotence on`; empty for a design
/// without knobs).
pub fn knob_summary(design: &Design) -> String {
    let plain = Design::new(design.kind);
    design
        .kind
        .knobs()
        .iter()
        .filter(|&&k| defining(design, k) || knob_text(design, k) != knob_text(&plain, k))
        .map(|&k| knob_words(design, k))
        .collect::<Vec<_>>()
        .join(" · ")
}

/// Whether `text` is a value `knob` takes as it is; if not, what it takes. Unlike
/// [`set_knob`], nothing is clamped: a field showing a number the run does not use
/// is refused instead.
pub fn check_knob(knob: Knob, text: &str) -> Result<(), String> {
    let text = text.trim();
    let range = |min: u64, max: u64, unit: &str| -> Result<(), String> {
        match text.parse::<u64>() {
            Ok(n) if (min..=max).contains(&n) => Ok(()),
            _ => Err(format!("expected a whole number from {min} to {max}{unit}")),
        }
    };
    match knob_input(knob) {
        KnobInput::Count { min, max } => range(min, max, ""),
        KnobInput::Millis { max } => range(0, max, " ms"),
        KnobInput::Toggle | KnobInput::Choice(_) => {
            let mut probe = Knobs::default();
            set_knob(&mut probe, knob, text).map_err(str::to_string)
        }
    }
}

/// What a scenario changed from the preset it came from, in words (`design`,
/// `knobs`, `workload`, `faults`, `names`); empty when it is the preset as written.
pub fn changes_from(preset: &Scenario, sc: &Scenario) -> Vec<&'static str> {
    let mut out = Vec::new();
    if preset.design.kind != sc.design.kind {
        out.push("design");
    }
    if preset.design.knobs != sc.design.knobs {
        out.push("knobs");
    }
    if preset.workload != sc.workload {
        out.push("workload");
    }
    if preset.names != sc.names {
        out.push("names");
    }
    if preset.faults != sc.faults {
        out.push("faults");
    }
    out
}

#[cfg(test)]
mod summary_tests {
    use super::*;
    use crate::model::presets;
    use crate::model::DesignKind;

    #[test]
    fn the_summary_names_the_defining_knobs_and_those_changed() {
        let mut d = Design::new(DesignKind::KafkaTransactions);
        assert_eq!(
            knob_summary(&d),
            "read_committed · fencing on · idempotence on"
        );
        set_knob(&mut d.knobs, Knob::Fencing, "false").unwrap();
        set_knob(&mut d.knobs, Knob::Isolation, "read_uncommitted").unwrap();
        set_knob(&mut d.knobs, Knob::Acks, "0").unwrap();
        set_knob(&mut d.knobs, Knob::DeliveryTimeoutMs, "5000").unwrap();
        assert_eq!(
            knob_summary(&d),
            "read_uncommitted · fencing off · idempotence on · acks=0 · delivery.timeout 5 s"
        );
        // A changed knob reads with its name; one at its default is left out.
        let mut d = Design::new(DesignKind::AtLeastOnce);
        let s = knob_summary(&d);
        assert_eq!(s, "sink insert · idempotence on");
        set_knob(&mut d.knobs, Knob::CommitEvery, "3").unwrap();
        set_knob(&mut d.knobs, Knob::Ids, "per-attempt").unwrap();
        assert_eq!(
            knob_summary(&d),
            "sink insert · ids per-attempt · commit every 3 records · idempotence on"
        );
        for kind in DesignKind::ALL {
            let s = knob_summary(&Design::new(kind));
            assert!(!s.is_empty() && !s.contains("  "), "{kind}: {s}");
            assert!(
                s.split(" · ").all(|p| p.contains(' ') || p.contains('_')),
                "{kind}: {s}"
            );
            assert!(s.split(" · ").count() <= 4, "{kind}: {s}");
        }
    }

    #[test]
    fn a_knob_value_out_of_range_is_refused_not_clamped() {
        assert!(check_knob(Knob::CommitEvery, "5").is_ok());
        let why = check_knob(Knob::CommitEvery, "0").unwrap_err();
        assert!(why.contains("1 to 1000"), "{why}");
        assert!(check_knob(Knob::CommitEvery, "1001").is_err());
        assert!(check_knob(Knob::CommitEvery, "two").is_err());
        assert!(check_knob(Knob::RestartMs, "0").is_ok());
        assert!(check_knob(Knob::RestartMs, "-5").is_err());
        assert!(check_knob(Knob::RestartMs, &(MAX_KNOB_MS + 1).to_string()).is_err());
        assert!(check_knob(Knob::Isolation, "read_committed").is_ok());
        assert!(check_knob(Knob::Isolation, "serializable").is_err());
        assert!(check_knob(Knob::Fencing, "maybe").is_err());
    }

    #[test]
    fn changes_from_the_preset_are_named() {
        let p = presets::find("db-then-commit").unwrap().scenario;
        assert!(changes_from(&p, &p).is_empty());
        let mut sc = p.clone();
        sc.design.kind = DesignKind::KafkaTransactions;
        sc.faults.clear();
        assert_eq!(changes_from(&p, &sc), ["design", "faults"]);
        let mut sc = p.clone();
        sc.design.knobs.commit_every = 3;
        sc.workload.events.pop();
        assert_eq!(changes_from(&p, &sc), ["knobs", "workload"]);
    }

    #[test]
    fn the_run_takes_at_most_its_limit_of_faults() {
        assert!(TOO_MANY_FAULTS.contains(&super::super::limits::MAX_FAULTS.to_string()));
        let mut sc = crate::model::presets::first().scenario;
        sc.faults.clear();
        sc.workload = crate::model::Workload::generated(20, 1, 1);
        let placed = (0..200).find(|_| {
            let trace = crate::model::simulate(&sc);
            let n = trace.steps.len();
            !(0..n).any(|i| place(&mut sc, &trace, i, FaultKind::TimePasses).is_ok())
        });
        assert!(placed.is_some(), "placing stops at some point");
        assert_eq!(sc.faults.len(), super::super::limits::MAX_FAULTS);
        let trace = crate::model::simulate(&sc);
        assert_eq!(
            place(&mut sc, &trace, 0, FaultKind::TimePasses),
            Err(TOO_MANY_FAULTS)
        );
    }
}
