//! "Break it": the exhaustive search for fault placements that break a design.
//!
//! For each design, every placement of up to `max_faults` faults is simulated. A
//! placement anchors each fault right after a non-fault step of the run; the first
//! fault goes after any step of the fault-free run, the second after any step of the
//! run that already holds the first (at or after the first's gap, so that a set of
//! faults is tried once), and so on. A placement *breaks* the design when the ledger
//! has a row whose verdict is not ok (`Ledger::all_ok` is false: what the verdict
//! strip shows; a state store counted twice behind a sink that still shows each event
//! once does not break it). Nothing here knows which design should break:
//! every verdict comes from a simulated run.
//!
//! A run whose last fault comes after step k is the same as its parent run (the one
//! without that fault) up to step k, so it is not simulated from the start: it resumes
//! from a snapshot of the parent's simulation at k ([`Sim::resume`]). The parent is
//! walked step by step once, and every placement below it branches off on the way.

use super::edit::{anchor_after, knob_text};
use super::ledger::{Ledger, Verdict};
use super::scenario::{Design, DesignKind, Fault, FaultKind, Knob, Scenario, StepKind};
use super::simulate::{fits, simulate, LastStep, Sim};
use super::trace::{FaultStatus, Step, Trace};
use serde::{Deserialize, Serialize};

/// What to search.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Options {
    /// The most faults in one placement (0 runs only the fault-free scenario).
    pub max_faults: usize,
    /// The fault kinds to place (default: crash only).
    pub kinds: Vec<FaultKind>,
    /// One design, or every design when `None`.
    pub design: Option<DesignKind>,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            max_faults: 2,
            kinds: vec![FaultKind::Crash],
            design: None,
        }
    }
}

/// A placement that breaks a design: its faults and what went wrong.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Breaking {
    /// The faults, in the order they fire.
    pub faults: Vec<Fault>,
    /// For each fault, the index of its anchor step in the run it was placed on.
    #[serde(skip, default)]
    pub gaps: Vec<usize>,
    /// Event ids the reader never sees.
    pub lost: Vec<String>,
    /// Event ids the reader sees more than once.
    pub duplicated: Vec<String>,
}

/// What the search found for one design.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct DesignReport {
    /// The design.
    pub design: DesignKind,
    /// Placements simulated (fault-free run not counted).
    pub tried: usize,
    /// How many of them break the design.
    pub broken: usize,
    /// How many of them lose at least one event.
    pub losing: usize,
    /// How many of them duplicate at least one event.
    pub duplicating: usize,
    /// Whether the fault-free run is already broken.
    pub broken_without_faults: bool,
    /// The smallest breaking placement: fewest faults, then earliest gaps. Empty
    /// faults when the fault-free run is broken.
    pub smallest: Option<Breaking>,
}

/// Searches every placement for each design (or the chosen one) of `sc`'s workload
/// and knobs. The scenario's own faults are ignored: the search places its own.
///
/// The result does not depend on how the work is spread: natively, the subtrees under
/// each first fault are searched on all cores, and merged in a fixed order.
pub fn explore(sc: &Scenario, opts: &Options) -> Vec<DesignReport> {
    let designs: Vec<DesignKind> = match opts.design {
        Some(d) => vec![d],
        None => DesignKind::ALL.to_vec(),
    };
    let roots: Vec<Root> = designs.iter().map(|&d| Root::new(sc, d, opts)).collect();
    let tasks: Vec<Task> = roots
        .iter()
        .enumerate()
        .flat_map(|(r, root)| {
            root.first_faults()
                .into_iter()
                .map(move |(gap, kind)| Task { root: r, gap, kind })
        })
        .collect();
    let partials = run_tasks(&roots, &tasks);
    let mut reports: Vec<DesignReport> = roots.into_iter().map(|r| r.report).collect();
    for (task, partial) in tasks.iter().zip(partials) {
        reports[task.root].absorb(partial);
    }
    reports
}

/// Searches every placement for design `design` over `sc`'s workload and knobs.
pub fn explore_design(sc: &Scenario, design: DesignKind, opts: &Options) -> DesignReport {
    let opts = Options {
        design: Some(design),
        ..opts.clone()
    };
    let mut reports = explore(sc, &opts);
    reports.pop().unwrap_or_else(|| DesignReport::empty(design))
}

impl DesignReport {
    /// A report of nothing searched yet.
    pub fn empty(design: DesignKind) -> DesignReport {
        DesignReport {
            design,
            tried: 0,
            broken: 0,
            losing: 0,
            duplicating: 0,
            broken_without_faults: false,
            smallest: None,
        }
    }

    /// Adds the counts of a part of the search, keeping the smaller breaking
    /// placement (the one already held on a tie).
    pub(crate) fn absorb(&mut self, part: DesignReport) {
        self.tried += part.tried;
        self.broken += part.broken;
        self.losing += part.losing;
        self.duplicating += part.duplicating;
        if let Some(b) = part.smallest {
            if self
                .smallest
                .as_ref()
                .is_none_or(|s| smaller(&b.gaps, &s.gaps))
            {
                self.smallest = Some(b);
            }
        }
    }
}

/// Fewer faults first, then earlier gaps.
fn smaller(a: &[usize], b: &[usize]) -> bool {
    (a.len(), a) < (b.len(), b)
}

/// One design's fault-free run, where its search starts.
pub(crate) struct Root {
    base: Scenario,
    trace: Trace,
    kinds: Vec<FaultKind>,
    max: usize,
    pub(crate) report: DesignReport,
}

impl Root {
    pub(crate) fn new(sc: &Scenario, design: DesignKind, opts: &Options) -> Root {
        let mut base = sc.clone();
        base.design.kind = design;
        base.faults.clear();
        let mut kinds = opts.kinds.clone();
        kinds.sort_by_key(|k| kind_ix(*k));
        kinds.dedup();
        let trace = simulate(&base);
        let mut report = DesignReport::empty(design);
        report.broken_without_faults = !trace.ledger.all_ok();
        if report.broken_without_faults {
            report.smallest = Some(breaking(&base, &trace.ledger, Vec::new()));
        }
        Root {
            base,
            trace,
            kinds,
            max: opts.max_faults,
            report,
        }
    }

    /// Where a first fault fits: (gap, kind), in search order.
    pub(crate) fn first_faults(&self) -> Vec<(usize, FaultKind)> {
        if self.max == 0 {
            return Vec::new();
        }
        let design = self.base.design.kind;
        let mut out = Vec::new();
        for (i, step) in self.trace.steps.iter().enumerate() {
            if step.kind == StepKind::Fault {
                continue;
            }
            let last = LastStep::of(step);
            for &kind in &self.kinds {
                if fits(kind, design, &last, &step.after).is_ok() {
                    out.push((i, kind));
                }
            }
        }
        out
    }

    /// Searches every placement whose first fault is `kind` at `gap`.
    pub(crate) fn search(&self, gap: usize, kind: FaultKind) -> DesignReport {
        let design = self.base.design.kind;
        let mut search = Search {
            design,
            kinds: self.kinds.clone(),
            max: self.max,
            report: DesignReport::empty(design),
            gaps: Vec::new(),
        };
        let mut sc = self.base.clone();
        let mut sim = Sim::new(&self.base);
        if let Some(step) = self.trace.steps.get(gap) {
            if sim.step_until(gap + 1) {
                search.place(&mut sc, &sim, step, gap, kind);
            }
        }
        search.report
    }
}

/// A first fault to search under.
struct Task {
    root: usize,
    gap: usize,
    kind: FaultKind,
}

/// Runs every task and returns their reports in task order.
#[cfg(not(target_arch = "wasm32"))]
fn run_tasks(roots: &[Root], tasks: &[Task]) -> Vec<DesignReport> {
    use std::sync::atomic::{AtomicUsize, Ordering};
    let workers = std::thread::available_parallelism()
        .map_or(1, std::num::NonZeroUsize::get)
        .min(tasks.len() / 4);
    if workers <= 1 {
        return tasks
            .iter()
            .map(|t| roots[t.root].search(t.gap, t.kind))
            .collect();
    }
    let next = AtomicUsize::new(0);
    let mut out: Vec<Option<DesignReport>> = vec![None; tasks.len()];
    std::thread::scope(|s| {
        let handles: Vec<_> = (0..workers)
            .map(|_| {
                s.spawn(|| {
                    let mut done = Vec::new();
                    loop {
                        let i = next.fetch_add(1, Ordering::Relaxed);
                        let Some(t) = tasks.get(i) else {
                            break;
                        };
                        done.push((i, roots[t.root].search(t.gap, t.kind)));
                    }
                    done
                })
            })
            .collect();
        for h in handles {
            if let Ok(done) = h.join() {
                for (i, r) in done {
                    out[i] = Some(r);
                }
            }
        }
    });
    out.into_iter()
        .zip(tasks)
        .map(|(r, t)| r.unwrap_or_else(|| roots[t.root].search(t.gap, t.kind)))
        .collect()
}

/// Runs every task and returns their reports in task order.
#[cfg(target_arch = "wasm32")]
fn run_tasks(roots: &[Root], tasks: &[Task]) -> Vec<DesignReport> {
    tasks
        .iter()
        .map(|t| roots[t.root].search(t.gap, t.kind))
        .collect()
}

fn kind_ix(k: FaultKind) -> usize {
    FaultKind::ALL.iter().position(|&x| x == k).unwrap_or(0)
}

struct Search {
    design: DesignKind,
    kinds: Vec<FaultKind>,
    max: usize,
    report: DesignReport,
    /// Gaps of the faults placed so far (one per level).
    gaps: Vec<usize>,
}

impl Search {
    /// Tries one more fault of each kind that fits in the gap after `step` (step `gap`
    /// of `run`, the step just taken); with `after` set, only kinds that go after it
    /// (faults sharing a gap go in kind order).
    fn branch(
        &mut self,
        sc: &mut Scenario,
        run: &Sim,
        step: &Step,
        gap: usize,
        after: Option<FaultKind>,
    ) {
        let last = LastStep::of(step);
        for k in 0..self.kinds.len() {
            let kind = self.kinds[k];
            if after.is_some_and(|prev| kind_ix(kind) <= kind_ix(prev)) {
                continue;
            }
            if fits(kind, self.design, &last, &step.after).is_ok() {
                self.place(sc, run, step, gap, kind);
            }
        }
    }

    /// Places a fault of `kind` after `step` (step `gap` of `parent`, a run of `sc` in
    /// progress that has just taken it), runs on from there, counts the placement if
    /// every fault fires, and searches on under it.
    fn place(&mut self, sc: &mut Scenario, parent: &Sim, step: &Step, gap: usize, kind: FaultKind) {
        let Some(at) = anchor_after(sc, step) else {
            return;
        };
        let fault = Fault::new(kind, at);
        let Some(run) = parent.resume(&fault) else {
            return;
        };
        sc.faults.push(fault);
        self.gaps.push(gap);
        if sc.faults.len() >= self.max {
            let (statuses, ledger) = finish(sc, run);
            if all_fired(&statuses) {
                self.count(sc, &ledger);
            }
        } else {
            self.walk(sc, run, step, gap, kind);
        }
        self.gaps.pop();
        sc.faults.pop();
    }

    /// Steps `run` to its end — its last fault of kind `prev` was just placed after
    /// `step`, step `gap` — branching off one more fault in every gap on the way, then
    /// counts it. A run with a fault that does not fit is left at once: neither it nor
    /// anything under it counts.
    fn walk(&mut self, sc: &mut Scenario, mut run: Sim, step: &Step, gap: usize, prev: FaultKind) {
        self.branch(sc, &run, step, gap, Some(prev));
        while let Some(next) = run.step() {
            if !none_refused(&run.fault_status) {
                return;
            }
            if next.kind != StepKind::Fault {
                let i = run.steps_taken() - 1;
                self.branch(sc, &run, &next, i, None);
            }
        }
        if all_fired(&run.fault_status) {
            let ledger = Ledger::count(sc, &run.world);
            self.count(sc, &ledger);
        }
    }

    fn count(&mut self, sc: &Scenario, ledger: &Ledger) {
        let r = &mut self.report;
        r.tried += 1;
        let lost = ledger.rows.iter().any(|x| x.verdict == Verdict::Lost);
        let dup = ledger.rows.iter().any(|x| x.verdict == Verdict::Duplicate);
        if !(lost || dup) {
            return;
        }
        r.broken += 1;
        r.losing += usize::from(lost);
        r.duplicating += usize::from(dup);
        if r.smallest
            .as_ref()
            .is_none_or(|b| smaller(&self.gaps, &b.gaps))
        {
            r.smallest = Some(breaking(sc, ledger, self.gaps.clone()));
        }
    }
}

fn all_fired(statuses: &[FaultStatus]) -> bool {
    statuses.iter().all(|s| matches!(s, FaultStatus::Fired(_)))
}

fn breaking(sc: &Scenario, ledger: &Ledger, gaps: Vec<usize>) -> Breaking {
    let ids = |v: Verdict| {
        ledger
            .rows
            .iter()
            .filter(|r| r.verdict == v)
            .map(|r| r.event_id.clone())
            .collect()
    };
    Breaking {
        faults: sc.faults.clone(),
        gaps,
        lost: ids(Verdict::Lost),
        duplicated: ids(Verdict::Duplicate),
    }
}

/// Whether no fault so far was found not to fit (one that did not fit never will).
fn none_refused(statuses: &[FaultStatus]) -> bool {
    !statuses
        .iter()
        .any(|s| matches!(s, FaultStatus::DoesNotFit(..)))
}

/// Runs `run` (a run of `sc` in progress) to its end without keeping its steps: fault
/// statuses and ledger only.
fn finish(sc: &Scenario, mut run: Sim) -> (Vec<FaultStatus>, Ledger) {
    while run.advance().is_some() && none_refused(&run.fault_status) {}
    let ledger = Ledger::count(sc, &run.world);
    (run.fault_status, ledger)
}

/// The knobs of `design` that mean something for its kind and differ from that kind's
/// defaults, as (field name in the file, value): what makes this run other than the
/// design as the lab introduces it (e.g. `sink_write: insert` under the upsert design).
pub fn overriding_knobs(design: &Design) -> Vec<(String, String)> {
    let plain = Design::new(design.kind);
    design
        .kind
        .knobs()
        .iter()
        .filter_map(|&k| {
            let value = knob_text(design, k);
            (value != knob_text(&plain, k)).then(|| (knob_field(k), value))
        })
        .collect()
}

/// What was run, in words: the design's title, plus the knobs that override it
/// (`Idempotent sink (upsert) with sink_write: insert`).
pub fn design_label(design: &Design) -> String {
    let title = design.kind.title();
    let knobs = overriding_knobs(design);
    if knobs.is_empty() {
        return title.to_string();
    }
    let knobs: Vec<String> = knobs.iter().map(|(k, v)| format!("{k}: {v}")).collect();
    format!("{title} with {}", knobs.join(", "))
}

/// A knob's field name in the scenario file: `SinkWrite` → `sink_write`.
fn knob_field(k: Knob) -> String {
    let mut out = String::new();
    for (i, c) in format!("{k:?}").chars().enumerate() {
        if c.is_ascii_uppercase() {
            if i > 0 {
                out.push('_');
            }
            out.push(c.to_ascii_lowercase());
        } else {
            out.push(c);
        }
    }
    out
}

/// A placement in words: `crash after sink-write evt-2, then crash after poll evt-3 (#2)`
/// (the names of the scenario format, for the command-line tool).
pub fn describe(faults: &[Fault]) -> String {
    placement(faults, |f| {
        let mut s = format!("{} after {}", f.kind.slug(), f.at.after.slug());
        if let Some(e) = &f.at.event {
            s.push(' ');
            s.push_str(e);
        }
        if f.at.nth > 1 {
            s.push_str(&format!(" (#{})", f.at.nth));
        }
        s
    })
}

/// A placement in the lab's words: `crash after the sink write of evt-2, then
/// crash after the poll of evt-3 (its 2nd)`.
pub fn describe_in_words(faults: &[Fault]) -> String {
    placement(faults, |f| {
        let step = f.at.after.slug().replace('-', " ");
        let of =
            f.at.event
                .as_ref()
                .map(|e| format!(" of {e}"))
                .unwrap_or_default();
        let nth = match f.at.nth {
            0 | 1 => String::new(),
            2 => " (its 2nd)".into(),
            3 => " (its 3rd)".into(),
            n => format!(" (its {n}th)"),
        };
        format!(
            "{} after the {step}{of}{nth}",
            f.kind.title().to_lowercase()
        )
    })
}

/// Each fault of a placement in `words`, one after the other.
fn placement(faults: &[Fault], words: impl Fn(&Fault) -> String) -> String {
    if faults.is_empty() {
        return "no fault at all".into();
    }
    faults.iter().map(words).collect::<Vec<_>>().join(", then ")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::presets;
    use crate::model::scenario::{Anchor, Design, Workload};

    fn workload(n: u32) -> Scenario {
        Scenario::new(
            "explore",
            Workload::generated(n, 1, 3),
            Design::new(DesignKind::AtLeastOnce),
        )
    }

    fn report(sc: &Scenario, d: DesignKind, max: usize, kinds: &[FaultKind]) -> DesignReport {
        explore_design(
            sc,
            d,
            &Options {
                max_faults: max,
                kinds: kinds.to_vec(),
                design: Some(d),
            },
        )
    }

    #[test]
    fn a_single_crash_breaks_at_least_once_by_duplicating() {
        let r = report(
            &workload(3),
            DesignKind::AtLeastOnce,
            1,
            &[FaultKind::Crash],
        );
        assert!(r.tried > 0);
        assert!(r.broken > 0);
        assert_eq!(r.losing, 0, "at-least-once never loses on a crash");
        let b = r.smallest.expect("a breaking placement");
        assert_eq!(b.faults.len(), 1);
        assert!(!b.duplicated.is_empty());
        assert!(b.lost.is_empty());
        // Re-simulating the reported placement reproduces the break.
        let mut sc = workload(3);
        sc.faults = b.faults.clone();
        assert!(!simulate(&sc).ledger.all_ok());
    }

    #[test]
    fn at_most_once_loses_and_never_duplicates_on_crashes() {
        let r = report(&workload(3), DesignKind::AtMostOnce, 2, &[FaultKind::Crash]);
        assert!(r.losing > 0);
        assert_eq!(r.duplicating, 0);
    }

    #[test]
    fn kafka_transactions_survive_every_double_crash() {
        let r = report(
            &workload(4),
            DesignKind::KafkaTransactions,
            2,
            &[FaultKind::Crash],
        );
        assert!(r.tried > 10, "{r:?}");
        assert_eq!(r.broken, 0, "{:?}", r.smallest);
        assert!(r.smallest.is_none());
    }

    #[test]
    fn the_smallest_is_the_earliest_single_fault() {
        let sc = workload(3);
        let r = report(&sc, DesignKind::AtLeastOnce, 2, &[FaultKind::Crash]);
        let b = r.smallest.expect("breaks");
        assert_eq!(b.faults.len(), 1);
        // No single crash at an earlier gap breaks it.
        let mut base = sc.clone();
        let t = simulate(&base);
        for (i, step) in t.steps.iter().enumerate().take(b.gaps[0]) {
            if fits(
                FaultKind::Crash,
                base.design.kind,
                &LastStep::of(step),
                &step.after,
            )
            .is_err()
            {
                continue;
            }
            base.faults = vec![Fault::new(
                FaultKind::Crash,
                crate::model::edit::anchor_at(&sc, &t, i).unwrap(),
            )];
            assert!(simulate(&base).ledger.all_ok(), "gap {i} breaks too");
        }
    }

    #[test]
    fn counts_singles_plus_unordered_pairs() {
        let sc = workload(2);
        let one = report(&sc, DesignKind::IdempotentSink, 1, &[FaultKind::Crash]);
        let two = report(&sc, DesignKind::IdempotentSink, 2, &[FaultKind::Crash]);
        assert!(two.tried > one.tried);
        // Every pair is counted once: enumerate pairs by hand and compare.
        let mut base = sc.clone();
        base.design.kind = DesignKind::IdempotentSink;
        let t0 = simulate(&base);
        let mut pairs = 0;
        let mut seen = std::collections::HashSet::new();
        for i in 0..t0.steps.len() {
            let Ok(a) = crate::model::edit::can_place(&base, &t0, i, FaultKind::Crash) else {
                continue;
            };
            let mut s1 = base.clone();
            s1.faults.push(Fault::new(FaultKind::Crash, a.clone()));
            let t1 = simulate(&s1);
            for j in 0..t1.steps.len() {
                let Ok(b) = crate::model::edit::can_place(&s1, &t1, j, FaultKind::Crash) else {
                    continue;
                };
                let mut s2 = s1.clone();
                s2.faults.push(Fault::new(FaultKind::Crash, b.clone()));
                let t2 = simulate(&s2);
                if t2.faults.iter().all(|f| matches!(f, FaultStatus::Fired(_))) {
                    let mut key = vec![format!("{a:?}"), format!("{b:?}")];
                    key.sort();
                    if seen.insert(key) {
                        pairs += 1;
                    }
                }
            }
        }
        assert_eq!(two.tried - one.tried, pairs);
    }

    #[test]
    fn several_kinds_and_one_design() {
        let sc = presets::find("lost-ack").unwrap().scenario;
        let r = explore(
            &sc,
            &Options {
                max_faults: 1,
                kinds: vec![FaultKind::LostAck, FaultKind::Crash],
                design: Some(DesignKind::AtLeastOnce),
            },
        );
        assert_eq!(r.len(), 1);
        let b = r[0].smallest.as_ref().expect("breaks");
        // The first thing that can go wrong is the first send's ack.
        assert_eq!(b.faults[0].kind, FaultKind::LostAck);
        assert_eq!(b.faults[0].at.after, StepKind::Send);
        assert_eq!(b.duplicated, vec!["evt-1".to_string()]);
    }

    #[test]
    fn every_design_is_reported_and_zero_faults_tries_nothing() {
        let r = explore(
            &workload(2),
            &Options {
                max_faults: 0,
                ..Options::default()
            },
        );
        assert_eq!(r.len(), DesignKind::ALL.len());
        for d in &r {
            assert_eq!(d.tried, 0);
            assert!(!d.broken_without_faults, "{:?}", d.design);
        }
    }

    #[test]
    fn a_broken_fault_free_run_is_the_smallest() {
        let mut sc = workload(2);
        sc.design.knobs.isolation = crate::model::scenario::Isolation::ReadUncommitted;
        // read_uncommitted alone does not break a fault-free run: it takes a fault.
        let r = report(&sc, DesignKind::KafkaTransactions, 1, &[FaultKind::Crash]);
        assert!(!r.broken_without_faults);
        assert!(r.broken > 0);
    }

    #[test]
    fn the_result_does_not_depend_on_the_split() {
        let sc = workload(4);
        let opts = Options::default();
        let all = explore(&sc, &opts);
        for d in &all {
            let alone = explore_design(&sc, d.design, &opts);
            assert_eq!(&alone, d);
            // And one root searched in order, first faults one after another.
            let root = Root::new(&sc, d.design, &opts);
            let mut seq = root.report.clone();
            for (gap, kind) in root.first_faults() {
                seq.absorb(root.search(gap, kind));
            }
            assert_eq!(&seq, d);
        }
    }

    /// Runs `sim` to its end, keeping its steps.
    fn rest(mut sim: Sim) -> (Vec<Step>, Sim) {
        let mut steps = Vec::new();
        while let Some(s) = sim.step() {
            steps.push(s);
        }
        (steps, sim)
    }

    /// Resuming a snapshot with a fault gives the run simulated from the start with
    /// that fault: the same steps, fault statuses and final world, for one fault and
    /// for a second one placed on the resumed run.
    #[test]
    fn a_resumed_run_is_the_run_from_the_start() {
        let mut checked = 0;
        for slug in [
            "db-then-commit",
            "loyalty-eos",
            "flink-2pc-recommit",
            "outbox-debezium",
        ] {
            let base = presets::find(slug).unwrap().scenario;
            let mut base = base.clone();
            base.faults.clear();
            let t = simulate(&base);
            for i in (0..t.steps.len()).step_by(3) {
                for kind in FaultKind::ALL {
                    let mut one = base.clone();
                    if crate::model::edit::place(&mut one, &t, i, kind).is_err() {
                        continue;
                    }
                    let fresh = simulate(&one);
                    let mut sim = Sim::new(&base);
                    assert!(sim.step_until(i + 1));
                    let resumed = sim.resume(&one.faults[0]).expect("resumes");
                    let (steps, end) = rest(resumed.clone());
                    assert_eq!(
                        &fresh.steps[i + 1..],
                        &steps[..],
                        "{slug} {kind:?} after {i}"
                    );
                    assert_eq!(fresh.faults, end.fault_status);
                    assert_eq!(fresh.world, end.world);
                    checked += 1;
                    // A second fault, on the resumed run a few steps later.
                    let Some(j) = (i + 2..fresh.steps.len()).find(|&j| {
                        let mut two = one.clone();
                        crate::model::edit::place(&mut two, &fresh, j, FaultKind::Crash).is_ok()
                    }) else {
                        continue;
                    };
                    let mut two = one.clone();
                    let _ = crate::model::edit::place(&mut two, &fresh, j, FaultKind::Crash);
                    let fresh2 = simulate(&two);
                    let mut sim = resumed;
                    assert!(sim.step_until(j + 1));
                    let (steps, end) = rest(sim.resume(&two.faults[1]).expect("resumes"));
                    assert_eq!(
                        &fresh2.steps[j + 1..],
                        &steps[..],
                        "{slug} then crash at {j}"
                    );
                    assert_eq!(fresh2.faults, end.fault_status);
                    assert_eq!(fresh2.world, end.world);
                }
            }
            // A fault that does not name the step just taken is refused.
            let mut sim = Sim::new(&base);
            assert!(sim.step_until(2));
            let at = crate::model::edit::anchor_at(&base, &t, 0).unwrap();
            assert!(sim.resume(&Fault::new(FaultKind::Crash, at)).is_none());
            assert!(Sim::new(&base)
                .resume(&Fault::new(
                    FaultKind::Crash,
                    Anchor::new(StepKind::Send, "evt-1")
                ))
                .is_none());
        }
        assert!(checked > 40, "{checked}");
    }

    /// The search as it would be without snapshots: every placement simulated from the
    /// start, the next fault tried after each step of the run holding the faults so far.
    fn from_scratch(sc: &Scenario, max: usize, kinds: &[FaultKind]) -> DesignReport {
        fn level(
            s: &mut Search,
            sc: &mut Scenario,
            t: &Trace,
            from: usize,
            prev: Option<FaultKind>,
        ) {
            for (i, step) in t.steps.iter().enumerate().skip(from) {
                for &kind in &s.kinds.clone() {
                    if i == from && prev.is_some_and(|p| kind_ix(kind) <= kind_ix(p)) {
                        continue;
                    }
                    let last = LastStep::of(step);
                    if step.kind == StepKind::Fault
                        || fits(kind, s.design, &last, &step.after).is_err()
                    {
                        continue;
                    }
                    let Some(at) = crate::model::edit::anchor_at(sc, t, i) else {
                        continue;
                    };
                    sc.faults.push(Fault::new(kind, at));
                    s.gaps.push(i);
                    let t2 = simulate(sc);
                    if all_fired(&t2.faults) {
                        s.count(sc, &t2.ledger);
                        if sc.faults.len() < s.max {
                            level(s, sc, &t2, i, Some(kind));
                        }
                    }
                    s.gaps.pop();
                    sc.faults.pop();
                }
            }
        }
        let mut kinds = kinds.to_vec();
        kinds.sort_by_key(|k| kind_ix(*k));
        let mut s = Search {
            design: sc.design.kind,
            kinds,
            max,
            report: DesignReport::empty(sc.design.kind),
            gaps: Vec::new(),
        };
        let mut sc = sc.clone();
        sc.faults.clear();
        let t = simulate(&sc);
        s.report.broken_without_faults = !t.ledger.all_ok();
        if s.report.broken_without_faults {
            s.report.smallest = Some(breaking(&sc, &t.ledger, Vec::new()));
        }
        level(&mut s, &mut sc, &t, 0, None);
        s.report
    }

    /// Starting runs from snapshots changes nothing: the search finds what simulating
    /// every placement from the start finds, for up to three faults of several kinds.
    #[test]
    fn the_search_from_snapshots_is_the_search_from_scratch() {
        let kinds = [
            FaultKind::Crash,
            FaultKind::LostAck,
            FaultKind::Zombie,
            FaultKind::Timeout,
        ];
        for slug in [
            "lost-ack",
            "loyalty-email",
            "flink-2pc-timeout",
            "zombie-no-fencing",
        ] {
            let mut sc = presets::find(slug).unwrap().scenario;
            sc.workload.events.truncate(2);
            for design in DesignKind::ALL {
                sc.design.kind = design;
                for max in [1, 2] {
                    let r = report(&sc, design, max, &kinds);
                    assert_eq!(r, from_scratch(&sc, max, &kinds), "{slug} {design} {max}");
                }
            }
        }
        let sc = workload(2);
        let r = report(&sc, DesignKind::AtLeastOnce, 3, &[FaultKind::Crash]);
        assert_eq!(r, from_scratch(&sc, 3, &[FaultKind::Crash]));
    }

    #[test]
    fn the_label_names_the_knobs_that_override_the_design() {
        let mut d = Design::new(DesignKind::IdempotentSink);
        assert_eq!(design_label(&d), "Idempotent sink (upsert)");
        d.knobs.sink_write = Some(crate::model::SinkWrite::Insert);
        d.knobs.commit_every = 3;
        // A knob this design does not read is not part of what ran.
        d.knobs.two_phase = false;
        assert_eq!(
            overriding_knobs(&d),
            vec![
                ("sink_write".to_string(), "insert".to_string()),
                ("commit_every".to_string(), "3".to_string()),
            ]
        );
        assert_eq!(
            design_label(&d),
            "Idempotent sink (upsert) with sink_write: insert, commit_every: 3"
        );
        // The design's own default, stated in the file, overrides nothing.
        d.kind = DesignKind::AtLeastOnce;
        d.knobs.commit_every = 1;
        assert_eq!(design_label(&d), "At-least-once");
    }

    #[test]
    fn describes_a_placement() {
        let f = vec![
            Fault::new(FaultKind::Crash, Anchor::new(StepKind::SinkWrite, "evt-2")),
            Fault::new(
                FaultKind::Crash,
                Anchor {
                    after: StepKind::Poll,
                    event: Some("evt-3".into()),
                    nth: 2,
                },
            ),
        ];
        assert_eq!(
            describe(&f),
            "crash after sink-write evt-2, then crash after poll evt-3 (#2)"
        );
        assert_eq!(describe(&[]), "no fault at all");
        assert_eq!(
            describe_in_words(&f),
            "crash after the sink write of evt-2, then crash after the poll of evt-3 (its 2nd)"
        );
        assert_eq!(describe_in_words(&[]), "no fault at all");
    }
}
