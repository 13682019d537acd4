//! The same workload and fault script under every design, side by side.
//!
//! [`compare`] runs the scenario once per design of the registry, keeping the
//! workload, the knobs and the faults as switching the design in the lab does: a
//! fault stays anchored to its named point ("after the sink write of evt-2"), so it
//! fires wherever that point happens in the design's run. A design that has no
//! step of that kind at all gets the fault after its counterpart step instead
//! ([`counterparts`]: the produce of evt-2 where there is no sink write), so the
//! same crash meets every guarantee; a design with neither skips it, with why.
//!
//! Each lane says how its run ended (the ledger's per-output accounting) and where
//! it departed from exactly once: the step after which an effect that ends the run
//! lost or duplicated was lost or duplicated for good (see [`Departure`]).

use super::designs::REGISTRY;
use super::ledger::{output_counts, Ledger, Output, Verdict};
use super::scenario::{DesignKind, Fault, FaultKind, Scenario, StepKind};
use super::simulate::{simulate, Sim};
use super::trace::{Changed, FaultStatus, Step, Trace};
use super::world::EventIx;

/// The scenario's workload, knobs and faults under every design.
#[derive(Clone, Debug, PartialEq)]
pub struct Comparison {
    /// The scenario's own design (the one the lab's main view shows).
    pub main: DesignKind,
    /// One lane per design, in the registry's order.
    pub lanes: Vec<Lane>,
    /// The shared axis: every simulated time at which some lane takes a step.
    pub axis: Axis,
}

/// One design's run of the compared scenario.
#[derive(Clone, Debug, PartialEq)]
pub struct Lane {
    /// The design.
    pub design: DesignKind,
    /// Its run.
    pub trace: Trace,
    /// Its outcome at a glance.
    pub glance: Glance,
    /// Every output that counts an event other than exactly once.
    pub wrong: Vec<WrongCount>,
    /// The business total if every event took effect once.
    pub expected_total: i64,
    /// The business total the downstream reader computes.
    pub actual_total: i64,
    /// Where the run departed from exactly once (`None`: it never did).
    pub departure: Option<Departure>,
    /// The faults of the script this design's run never reaches, or where they do
    /// not fit.
    pub skipped: Vec<Skipped>,
    /// The faults this lane ran with: the script's, each moved to its counterpart
    /// step where the design lacks the script's step (see [`Moved`]).
    pub faults: Vec<Fault>,
    /// The faults moved to a counterpart step.
    pub moved: Vec<Moved>,
}

/// A fault of the script moved to this design's counterpart of its step.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Moved {
    /// Its index in the script.
    pub fault: usize,
    /// Its kind.
    pub kind: FaultKind,
    /// The step kind the script anchors it after.
    pub from: StepKind,
    /// The counterpart step kind it happens after here.
    pub to: StepKind,
}

/// The steps that play the same part as a step of `kind` in other designs, in
/// order of preference: where the event's effect leaves the processor (a sink
/// write, a produce to the output topic, an outbox row, a pre-committed sink
/// transaction, an external call), and where its processing is committed (an
/// offset commit, a transaction commit, a completed checkpoint). Other steps have
/// no counterpart.
pub fn counterparts(kind: StepKind) -> &'static [StepKind] {
    use StepKind::*;
    match kind {
        SinkWrite => &[Produce, OutboxWrite, PreCommit, ExternalCall],
        Produce => &[SinkWrite, OutboxWrite, PreCommit, ExternalCall],
        OutboxWrite => &[SinkWrite, Produce, PreCommit],
        PreCommit => &[SinkWrite, Produce, OutboxWrite],
        ExternalCall => &[SinkWrite, Produce, OutboxWrite],
        CommitOffset => &[CommitTxn, CheckpointComplete],
        CommitTxn => &[CommitOffset, CheckpointComplete],
        CheckpointComplete => &[CommitTxn, CommitOffset],
        _ => &[],
    }
}

/// `sc` under design `kind`, each fault anchored after a kind of step this
/// design's run never has moved after its first counterpart the run has for the
/// same event; and the faults so moved.
pub fn carried(sc: &Scenario, kind: DesignKind) -> (Scenario, Vec<Moved>) {
    let mut s = under(sc, kind);
    if s.faults.is_empty() {
        return (s, Vec::new());
    }
    let t = simulate(&s);
    let event_ix = |id: &Option<String>| {
        id.as_ref()
            .map(|id| s.workload.events.iter().position(|e| e.id == *id))
    };
    let mut moved = Vec::new();
    for (i, f) in s.faults.iter().enumerate() {
        if !matches!(t.faults.get(i), Some(FaultStatus::NotReached))
            || t.steps.iter().any(|st| st.kind == f.at.after)
        {
            continue;
        }
        let ev = event_ix(&f.at.event);
        let has = |k: StepKind| {
            t.steps.iter().any(|st| {
                st.kind == k
                    && match ev {
                        None => true,
                        Some(ix) => ix.is_some_and(|ix| st.event == Some(ix as EventIx)),
                    }
            })
        };
        if let Some(&to) = counterparts(f.at.after).iter().find(|&&k| has(k)) {
            moved.push(Moved {
                fault: i,
                kind: f.kind,
                from: f.at.after,
                to,
            });
        }
    }
    for m in &moved {
        s.faults[m.fault].at.after = m.to;
    }
    (s, moved)
}

/// A lane's outcome at a glance: each event's business verdict (what the
/// downstream reader sees and, where the design has one, the external effect), and
/// how many events are right there but counted other than once in another output
/// that must count them once (the state store, its changelog).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Glance {
    /// Events whose business effect happened exactly once.
    pub ok: usize,
    /// Events whose business effect is missing.
    pub lost: usize,
    /// Events whose business effect happened more than once.
    pub duplicate: usize,
    /// Of the `ok` events, those counted other than once in another output.
    pub elsewhere: usize,
}

impl Glance {
    /// Whether every event counts exactly once in every output that must.
    pub fn exact(&self) -> bool {
        self.lost == 0 && self.duplicate == 0 && self.elsewhere == 0
    }

    /// The outcome in a word or two: `exactly once`, `reader ok`, `duplicate`,
    /// `lost`, `lost and duplicate`.
    pub fn word(&self) -> &'static str {
        match (self.lost > 0, self.duplicate > 0) {
            (false, false) if self.elsewhere > 0 => "reader ok",
            (false, false) => "exactly once",
            (false, true) => "duplicate",
            (true, false) => "lost",
            (true, true) => "lost and duplicate",
        }
    }

    /// The business verdict its icon shows: duplicate over lost over ok.
    pub fn verdict(&self) -> Verdict {
        if self.duplicate > 0 {
            Verdict::Duplicate
        } else if self.lost > 0 {
            Verdict::Lost
        } else {
            Verdict::Ok
        }
    }
}

/// One event counted other than once in one output that must count it once.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct WrongCount {
    /// The event.
    pub event: EventIx,
    /// The output.
    pub output: Output,
    /// How many times it counts there at the end.
    pub count: u32,
}

/// Where a lane's outcome departed from exactly once, defined from the ledger of
/// the world after each step, never from the design:
///
/// - an effect that ends the run **duplicated** (an event counted two or more
///   times in an output that must count it once) departs at the first step after
///   which that count is at least two at every later step: the write of the copy
///   that stayed (a copy removed later, like a raw row a MERGE folds, does not count);
/// - an effect that ends the run **lost** (counted zero times) departs at the
///   last step that handled the event or at the step that took its effect away
///   (a SET that overwrote it), whichever is later: after it, nothing in the run
///   brings the effect back (the commit that skipped it, the crash that left it
///   unwritten, the send the network dropped). An event no step ever handled
///   departs at the run's last step.
///
/// A lane departs at the earliest of these over every wrong (event, output).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Departure {
    /// The index of the step in the lane's trace.
    pub step: usize,
    /// The event whose effect departed there.
    pub event: EventIx,
    /// The output it departed in.
    pub output: Output,
    /// Lost or duplicate.
    pub verdict: Verdict,
}

/// A fault of the script that a design skips.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Skipped {
    /// Its index in the scenario's faults.
    pub fault: usize,
    /// Its kind.
    pub kind: FaultKind,
    /// Why it does not happen in this design's run, in words.
    pub why: String,
}

/// The shared axis of a comparison: position 0 is before any step; position `p`
/// (1 ..= `len`) is the simulated time `times[p - 1]`, and every lane shows the
/// steps it has taken by then. At the last position every lane is at its end.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Axis {
    /// Distinct simulated times (ms) at which some lane takes a step, ascending.
    pub times: Vec<u64>,
}

impl Axis {
    /// The last position.
    pub fn len(&self) -> usize {
        self.times.len()
    }

    /// Whether no lane takes any step.
    pub fn is_empty(&self) -> bool {
        self.times.is_empty()
    }

    /// The simulated time at position `p` (0 before the first step).
    pub fn time_at(&self, p: usize) -> u64 {
        p.checked_sub(1)
            .and_then(|i| self.times.get(i).or(self.times.last()))
            .copied()
            .unwrap_or(0)
    }

    /// The first position at which `trace` has taken `steps` steps.
    pub fn position_of(&self, trace: &Trace, steps: usize) -> usize {
        match steps.checked_sub(1).and_then(|i| trace.steps.get(i)) {
            None if steps == 0 => 0,
            None => self.len(),
            Some(s) => self.times.partition_point(|&t| t < s.clock_ms) + 1,
        }
    }
}

impl Comparison {
    /// The lane of `kind`.
    pub fn lane(&self, kind: DesignKind) -> Option<&Lane> {
        self.lanes.iter().find(|l| l.design == kind)
    }
}

impl Lane {
    /// How many of its steps the lane has taken at position `p` of `axis`.
    pub fn steps_at(&self, axis: &Axis, p: usize) -> usize {
        if p == 0 {
            return 0;
        }
        if p >= axis.len() {
            return self.trace.steps.len();
        }
        let t = axis.time_at(p);
        self.trace.steps.partition_point(|s| s.clock_ms <= t)
    }

    /// Whether the lane ended with every effect exactly once everywhere.
    pub fn exact(&self) -> bool {
        self.glance.exact()
    }
}

/// `sc` with design `kind`, as the lab's design switch makes it: the workload, the
/// knobs and the faults (with their anchors) stay.
pub fn under(sc: &Scenario, kind: DesignKind) -> Scenario {
    let mut s = sc.clone();
    s.design.kind = kind;
    s
}

/// Runs `sc`'s workload and faults under every design.
pub fn compare(sc: &Scenario) -> Comparison {
    let lanes: Vec<Lane> = REGISTRY
        .iter()
        .map(|spec| {
            let (s, moved) = carried(sc, spec.kind);
            Lane { moved, ..lane(&s) }
        })
        .collect();
    let mut times: Vec<u64> = lanes
        .iter()
        .flat_map(|l| l.trace.steps.iter().map(|s| s.clock_ms))
        .collect();
    times.sort_unstable();
    times.dedup();
    Comparison {
        main: sc.design.kind,
        lanes,
        axis: Axis { times },
    }
}

/// One lane: `sc` (already under its design) run and judged.
pub fn lane(sc: &Scenario) -> Lane {
    let trace = simulate(sc);
    let wrong = wrong_counts(&trace.ledger);
    let glance = glance(&trace.ledger);
    let departure = if wrong.is_empty() {
        None
    } else {
        departure(sc, &trace, &wrong)
    };
    let skipped = skipped(sc, &trace);
    Lane {
        faults: sc.faults.clone(),
        moved: Vec::new(),
        design: sc.design.kind,
        expected_total: trace.ledger.expected_total,
        actual_total: trace.ledger.actual_total,
        trace,
        glance,
        wrong,
        departure,
        skipped,
    }
}

/// Every (event, checked output) whose final count is not one.
fn wrong_counts(l: &Ledger) -> Vec<WrongCount> {
    l.rows
        .iter()
        .flat_map(|r| {
            r.wrong_outputs().map(|c| WrongCount {
                event: r.event,
                output: c.output,
                count: c.count,
            })
        })
        .collect()
}

/// The lane's counts from the ledger's rows.
fn glance(l: &Ledger) -> Glance {
    let mut g = Glance::default();
    for r in &l.rows {
        match r.verdict {
            Verdict::Ok if !r.exact_everywhere() => {
                g.ok += 1;
                g.elsewhere += 1;
            }
            Verdict::Ok => g.ok += 1,
            Verdict::Lost => g.lost += 1,
            Verdict::Duplicate => g.duplicate += 1,
        }
    }
    g
}

/// The departure (see [`Departure`]) of a run whose final ledger has `wrong`.
fn departure(sc: &Scenario, t: &Trace, wrong: &[WrongCount]) -> Option<Departure> {
    let series = count_series(sc, t, wrong);
    wrong
        .iter()
        .zip(&series)
        .map(|(w, counts)| {
            let (step, verdict) = if w.count >= 2 {
                // The first step from which the count stays at two or more.
                let last_below = counts.iter().rposition(|&c| c < 2);
                (last_below.map_or(0, |i| i + 1), Verdict::Duplicate)
            } else {
                (last_chance(t, w.event, counts), Verdict::Lost)
            };
            Departure {
                step: step.min(t.steps.len().saturating_sub(1)),
                event: w.event,
                output: w.output,
                verdict,
            }
        })
        .min_by_key(|d| d.step)
}

/// The last step that handled `event` or that took its effect away (`counts`: its
/// count after each step), whichever is later; the run's last step if neither.
fn last_chance(t: &Trace, event: EventIx, counts: &[u32]) -> usize {
    let handled = t.steps.iter().rposition(|s| s.event == Some(event));
    let removed = counts.iter().rposition(|&c| c > 0).map(|i| i + 1);
    handled
        .max(removed)
        .unwrap_or(t.steps.len().saturating_sub(1))
}

/// What a step must have changed for the ledger to count differently after it:
/// anything but the input topic, the upstream producer, the committed offsets,
/// the processor's position, the seen-id store and the clock.
const COUNTED: u16 = !(Changed::INPUT
    | Changed::PRODUCER
    | Changed::OFFSETS
    | Changed::PROCESSOR
    | Changed::SEEN
    | Changed::CLOCK);

/// For each wrong (event, output), its count in the ledger of the world after
/// each step. The run is replayed once; after each step that changed what the
/// ledger counts ([`COUNTED`]), each output concerned is counted again
/// ([`output_counts`]: the ledger's own column for it).
fn count_series(sc: &Scenario, t: &Trace, wrong: &[WrongCount]) -> Vec<Vec<u32>> {
    let mut outputs: Vec<Output> = wrong.iter().map(|w| w.output).collect();
    outputs.sort_by_key(|o| o.slug());
    outputs.dedup();
    let mut series = vec![Vec::with_capacity(t.steps.len()); wrong.len()];
    let mut now = vec![0u32; wrong.len()];
    let mut sim = Sim::new(sc);
    for step in &t.steps {
        if sim.step().is_none() {
            break;
        }
        if step.changed.0 & COUNTED != 0 {
            for &o in &outputs {
                let counts = output_counts(sc, &sim.world, o);
                for (n, w) in now.iter_mut().zip(wrong).filter(|(_, w)| w.output == o) {
                    *n = counts.get(w.event as usize).copied().unwrap_or(0);
                }
            }
        }
        for (s, &n) in series.iter_mut().zip(&now) {
            s.push(n);
        }
    }
    series
}

/// The faults `t` (a run of `sc`) never reaches or that do not fit where they
/// are, with why.
fn skipped(sc: &Scenario, t: &Trace) -> Vec<Skipped> {
    sc.faults
        .iter()
        .enumerate()
        .filter_map(|(i, f)| {
            let why = match t.faults.get(i)? {
                FaultStatus::Fired(_) => return None,
                FaultStatus::DoesNotFit(_, why) => format!("it does not fit there: {why}"),
                FaultStatus::NotReached => not_reached_why(sc, t, i)?,
            };
            Some(Skipped {
                fault: i,
                kind: f.kind,
                why,
            })
        })
        .collect()
}

/// Why fault `ix` of `sc` is not reached in `t`: the step it is anchored after
/// does not happen in this run (the design has no such step, the workload has no
/// such event, or the event's step happens fewer times). `None` when the fault's
/// point is reached.
pub fn not_reached_why(sc: &Scenario, t: &Trace, ix: usize) -> Option<String> {
    let f = sc.faults.get(ix)?;
    if super::edit::anchor_step(t, ix).is_some() {
        return None;
    }
    let kind = f.at.after;
    let step = kind.slug().replace('-', " ");
    let ev = f.at.event.as_deref();
    if !t.steps.iter().any(|s| s.kind == kind) {
        return Some(format!(
            "{} has no \u{201c}{step}\u{201d} step",
            sc.design.kind.title()
        ));
    }
    if let Some(id) = ev.filter(|id| !sc.workload.events.iter().any(|e| e.id == *id)) {
        return Some(format!("the workload has no event {id}"));
    }
    let id_of = |s: &Step| {
        s.event
            .and_then(|e| sc.workload.events.get(e as usize))
            .map(|e| e.id.as_str())
    };
    let times = t
        .steps
        .iter()
        .filter(|s| s.kind == kind && (ev.is_none() || id_of(s) == ev))
        .count();
    Some(format!(
        "{step}{} happens {times} time{} in this run, not {}",
        ev.map(|e| format!(" of {e}")).unwrap_or_default(),
        if times == 1 { "" } else { "s" },
        f.at.nth
    ))
}

/// The departure in words: `step 16: evt-2 counted again in sink orders` (steps
/// counted from 1, as the lab's step counter does).
pub fn departure_words(sc: &Scenario, d: &Departure) -> String {
    let what = match d.verdict {
        Verdict::Duplicate => "counted again in",
        _ => "never reaches",
    };
    format!(
        "step {}: {} {what} {}",
        d.step + 1,
        event_id(sc, d.event),
        d.output.name(sc)
    )
}

fn event_id(sc: &Scenario, e: EventIx) -> &str {
    sc.workload
        .events
        .get(e as usize)
        .map_or("an event", |e| e.id.as_str())
}

/// A lane in words, for the compare view.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LaneWords {
    /// The design's name.
    pub title: &'static str,
    /// The outcome in a word or two ([`Glance::word`]).
    pub word: &'static str,
    /// `ok 2 · lost 0 · duplicate 1`.
    pub counts: String,
    /// `revenue 200 of 150 expected`.
    pub total: String,
    /// Whether the reader's total is the expected one.
    pub total_right: bool,
    /// Where it departs from exactly once (`step 16: evt-2 counted again in …`),
    /// if it does.
    pub departure: Option<String>,
    /// The outputs other than the reader's that count an event other than once,
    /// where the reader's are right: `state store totals-store counts evt-2 2×`.
    pub elsewhere: Option<String>,
    /// One line per skipped fault: `Crash skipped: … has no “sink write” step`.
    pub skipped: Vec<String>,
    /// One line per fault moved to a counterpart step: `Crash after “produce”:
    /// … has no “sink write” step`.
    pub moved: Vec<String>,
}

/// `lane` of a comparison of `sc` in words.
pub fn words(sc: &Scenario, lane: &Lane) -> LaneWords {
    let g = &lane.glance;
    let elsewhere = (g.elsewhere > 0).then(|| {
        let reader = Output::reader_of(&under(sc, lane.design));
        lane.wrong
            .iter()
            .filter(|w| w.output != reader)
            .map(|w| {
                format!(
                    "{} counts {} {}\u{d7}",
                    w.output.name(sc),
                    event_id(sc, w.event),
                    w.count
                )
            })
            .collect::<Vec<_>>()
            .join(" · ")
    });
    LaneWords {
        title: lane.design.title(),
        word: g.word(),
        counts: format!(
            "ok {} \u{b7} lost {} \u{b7} duplicate {}",
            g.ok, g.lost, g.duplicate
        ),
        total: format!(
            "{} {} of {} expected",
            sc.names.total, lane.actual_total, lane.expected_total
        ),
        total_right: lane.actual_total == lane.expected_total,
        departure: lane.departure.map(|d| departure_words(sc, &d)),
        elsewhere,
        skipped: lane
            .skipped
            .iter()
            .map(|s| format!("{} skipped: {}", s.kind.title(), s.why))
            .collect(),
        moved: lane
            .moved
            .iter()
            .map(|m| {
                format!(
                    "{} after \u{201c}{}\u{201d}: {} has no \u{201c}{}\u{201d} step",
                    m.kind.title(),
                    m.to.slug().replace('-', " "),
                    lane.design.title(),
                    m.from.slug().replace('-', " ")
                )
            })
            .collect(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::presets;

    #[test]
    fn the_axis_ends_every_lane_and_starts_before_any_step() {
        let sc = presets::find("db-then-commit").unwrap().scenario;
        let c = compare(&sc);
        assert_eq!(c.lanes.len(), REGISTRY.len());
        for l in &c.lanes {
            assert_eq!(l.steps_at(&c.axis, 0), 0);
            assert_eq!(l.steps_at(&c.axis, c.axis.len()), l.trace.steps.len());
            let mut last = 0;
            for p in 0..=c.axis.len() {
                let n = l.steps_at(&c.axis, p);
                assert!(n >= last, "{}: never goes back", l.design);
                last = n;
            }
            for n in 0..=l.trace.steps.len() {
                let p = c.axis.position_of(&l.trace, n);
                assert!(
                    l.steps_at(&c.axis, p) >= n,
                    "{}: {n} steps by {p}",
                    l.design
                );
            }
        }
    }

    #[test]
    fn a_lane_is_the_run_the_design_switch_makes() {
        let sc = presets::find("db-then-commit").unwrap().scenario;
        let c = compare(&sc);
        for l in &c.lanes {
            assert_eq!(l.trace, simulate(&carried(&sc, l.design).0));
            if l.moved.is_empty() {
                assert_eq!(l.trace, simulate(&under(&sc, l.design)), "{}", l.design);
            }
        }
    }

    #[test]
    fn a_lane_in_words_says_its_outcome_departure_and_skipped_faults() {
        let sc = presets::find("db-then-commit").unwrap().scenario;
        let c = compare(&sc);
        let w = words(&sc, c.lane(DesignKind::AtLeastOnce).unwrap());
        assert_eq!(w.word, "duplicate");
        assert_eq!(w.counts, "ok 2 \u{b7} lost 0 \u{b7} duplicate 1");
        assert!(
            w.total.ends_with("200 of 150 expected") && !w.total_right,
            "{}",
            w.total
        );
        let d = w.departure.unwrap_or_default();
        assert!(
            d.starts_with("step ") && d.contains("evt-2 counted again in"),
            "{d}"
        );
        let up = words(&sc, c.lane(DesignKind::IdempotentSink).unwrap());
        assert_eq!(up.word, "reader ok");
        assert!(up.elsewhere.unwrap_or_default().contains("state store"));
        let eos = words(&sc, c.lane(DesignKind::KafkaTransactions).unwrap());
        assert_eq!((eos.word, eos.departure), ("exactly once", None));
        assert!(eos.skipped.is_empty(), "{:?}", eos.skipped);
        assert!(
            eos.moved[0].starts_with("Crash after \u{201c}produce\u{201d}: "),
            "{:?}",
            eos.moved
        );
    }

    #[test]
    fn a_fault_after_a_step_with_no_counterpart_is_skipped_with_why() {
        let mut sc = presets::find("db-then-commit").unwrap().scenario;
        sc.design.kind = DesignKind::DedupStore;
        sc.faults[0].at.after = StepKind::DedupCheck;
        let c = compare(&sc);
        let dedup = c.lane(DesignKind::DedupStore).unwrap();
        assert!(dedup.skipped.is_empty() && dedup.moved.is_empty());
        let eos = c.lane(DesignKind::KafkaTransactions).unwrap();
        assert!(eos.moved.is_empty());
        let w = words(&sc, eos);
        assert_eq!(w.skipped.len(), 1);
        assert!(
            w.skipped[0].starts_with("Crash skipped: ")
                && w.skipped[0].contains("no \u{201c}dedup check\u{201d} step"),
            "{:?}",
            w.skipped
        );
    }

    #[test]
    fn counterparts_name_other_steps_of_the_same_part() {
        for k in [
            StepKind::SinkWrite,
            StepKind::Produce,
            StepKind::CommitOffset,
        ] {
            assert!(!counterparts(k).is_empty());
            assert!(!counterparts(k).contains(&k));
        }
        assert!(counterparts(StepKind::Poll).is_empty());
    }

    #[test]
    fn glance_words_never_rest_on_colour() {
        let g = Glance {
            ok: 2,
            lost: 1,
            ..Glance::default()
        };
        assert_eq!((g.word(), g.verdict()), ("lost", Verdict::Lost));
        assert!(!g.exact());
        let g = Glance {
            ok: 3,
            elsewhere: 1,
            ..Glance::default()
        };
        assert_eq!((g.word(), g.verdict()), ("reader ok", Verdict::Ok));
        assert!(!g.exact());
    }
}
