//! The lab's one source of truth: the scenario and the cursor. Everything else on
//! screen is derived from them; gestures become edits of the scenario.

use crate::model::presets::{self, Preset};
use crate::model::workload_edit::{EditReport, FieldError};
use crate::model::{
    edit, simulate, world_at, DesignKind, FaultKind, Knobs, Ledger, Scenario, Trace, World,
};
use leptos::prelude::*;

/// The lab's shared state, provided as context to every component.
#[derive(Clone, Copy)]
pub struct Lab {
    /// The scenario being explored (workload, design, faults).
    pub scenario: RwSignal<Scenario>,
    /// How many steps have happened (0 = before the first; `trace.steps.len()` = end).
    pub cursor: RwSignal<usize>,
    /// The whole run, re-simulated whenever the scenario changes.
    pub trace: Memo<Trace>,
    /// The world right after the current step.
    pub world: Memo<World>,
    /// The preset the scenario came from, if any.
    pub preset: RwSignal<Option<&'static str>>,
    /// The preset's own scenario, to tell what the learner changed.
    pub origin: RwSignal<Option<Scenario>>,
    /// What the scenario changed from its preset (`design`, `faults`, …); empty
    /// when it is the preset as written.
    pub changes: Memo<Vec<&'static str>>,
    /// The ledger of the world at the cursor (what has happened so far).
    pub ledger_now: Memo<Ledger>,
    /// Whether the cursor is at the end of the run.
    pub at_end: Memo<bool>,
    /// The fault kind the keyboard places.
    pub selected_fault: RwSignal<FaultKind>,
    /// Whether playback is running.
    pub playing: RwSignal<bool>,
    /// Playback speed (0.5× – 4×).
    pub speed: RwSignal<f64>,
    /// A message for the learner (why a drop was refused, what went wrong).
    pub notice: RwSignal<Option<String>>,
}

impl Lab {
    /// A lab opened on `preset` (the first preset if it does not exist).
    pub fn new(preset: &str) -> Lab {
        let p = presets::find(preset).unwrap_or_else(presets::first);
        Lab::with_scenario(p.scenario, Some(p.slug))
    }

    /// A lab on an arbitrary scenario.
    pub fn with_scenario(sc: Scenario, preset: Option<&'static str>) -> Lab {
        let origin = RwSignal::new(preset.and_then(presets::find).map(|p| p.scenario));
        let scenario = RwSignal::new(sc);
        let cursor = RwSignal::new(0usize);
        let trace = Memo::new(move |_| scenario.with(simulate));
        let world = Memo::new(move |_| {
            let n = cursor.get();
            scenario.with(|sc| world_at(sc, n))
        });
        let changes = Memo::new(move |_| {
            origin.with(|o| match o {
                Some(o) => scenario.with(|sc| edit::changes_from(o, sc)),
                None => Vec::new(),
            })
        });
        let ledger_now =
            Memo::new(move |_| scenario.with(|sc| world.with(|w| Ledger::count(sc, w))));
        let at_end = Memo::new(move |_| cursor.get() >= trace.with(|t| t.steps.len()));
        Lab {
            scenario,
            cursor,
            trace,
            world,
            preset: RwSignal::new(preset),
            origin,
            changes,
            ledger_now,
            at_end,
            selected_fault: RwSignal::new(FaultKind::Crash),
            playing: RwSignal::new(false),
            speed: RwSignal::new(1.0),
            notice: RwSignal::new(None),
        }
    }

    /// Makes the lab available to every component below.
    pub fn provide(self) {
        provide_context(self);
    }

    /// The lab provided by an ancestor.
    pub fn expect() -> Lab {
        expect_context::<Lab>()
    }

    /// Number of steps in the run.
    pub fn len(&self) -> usize {
        self.trace.with(|t| t.steps.len())
    }

    /// Whether the run has no steps.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Moves the cursor to `n` steps (clamped).
    pub fn seek(&self, n: usize) {
        let len = self.len();
        self.cursor.set(n.min(len));
    }

    /// One step forward; stops playback at the end.
    pub fn step_forward(&self) {
        let len = self.len();
        let c = self.cursor.get_untracked();
        if c >= len {
            self.playing.set(false);
        } else {
            self.cursor.set(c + 1);
        }
    }

    /// One step back.
    pub fn step_back(&self) {
        let c = self.cursor.get_untracked();
        self.cursor.set(c.saturating_sub(1));
    }

    /// Loads a preset: its scenario, cursor at the start.
    pub fn load_preset(&self, p: &Preset) {
        self.playing.set(false);
        self.scenario.set(p.scenario.clone());
        self.origin.set(Some(p.scenario.clone()));
        self.preset.set(Some(p.slug));
        self.cursor.set(0);
        self.notice.set(None);
    }

    /// Switches the design, keeping workload, knobs and faults.
    pub fn set_design(&self, kind: DesignKind) {
        self.scenario.update(|sc| sc.design.kind = kind);
        self.after_edit();
    }

    /// Whether the scenario differs from its preset.
    pub fn is_modified(&self) -> bool {
        self.changes.with(|c| !c.is_empty())
    }

    /// Changes knobs.
    pub fn edit_knobs(&self, f: impl FnOnce(&mut Knobs)) {
        self.scenario.update(|sc| f(&mut sc.design.knobs));
        self.after_edit();
    }

    /// Applies a workload edit (see `model::workload_edit`) and says what it did,
    /// faults it dropped or re-anchored included; a refused edit changes nothing.
    pub fn edit_workload(
        &self,
        f: impl FnOnce(&mut Scenario) -> Result<EditReport, FieldError>,
    ) -> Result<EditReport, FieldError> {
        let mut sc = self.scenario.get_untracked();
        let r = f(&mut sc);
        self.keep_workload_edit(sc, r)
    }

    fn keep_workload_edit(
        &self,
        sc: Scenario,
        r: Result<EditReport, FieldError>,
    ) -> Result<EditReport, FieldError> {
        let report = r?;
        self.scenario.set(sc);
        self.after_edit();
        self.notice.set(Some(report.words()));
        Ok(report)
    }

    /// Places a fault of `kind` after step `step_ix`, or says why it cannot go there.
    pub fn place_fault(&self, step_ix: usize, kind: FaultKind) -> Result<(), &'static str> {
        let trace = self.trace.get_untracked();
        let mut sc = self.scenario.get_untracked();
        let r = edit::place(&mut sc, &trace, step_ix, kind).map(|_| ());
        self.apply(sc, r, Some(step_ix))
    }

    /// Moves placed fault `fault_ix` to the gap after step `step_ix`.
    pub fn move_fault(&self, fault_ix: usize, step_ix: usize) -> Result<(), &'static str> {
        let trace = self.trace.get_untracked();
        let mut sc = self.scenario.get_untracked();
        let r = edit::move_fault(&mut sc, &trace, fault_ix, step_ix);
        self.apply(sc, r, Some(step_ix))
    }

    /// Moves placed fault `fault_ix` to the previous or next gap where it fits.
    pub fn nudge_fault(&self, fault_ix: usize, forward: bool) -> Result<(), &'static str> {
        let mut sc = self.scenario.get_untracked();
        let r = edit::nudge(&mut sc, fault_ix, forward).map(|_| ());
        self.apply(sc, r, None)
    }

    /// Removes placed fault `fault_ix`.
    pub fn remove_fault(&self, fault_ix: usize) {
        self.scenario.update(|sc| edit::remove_fault(sc, fault_ix));
        self.after_edit();
    }

    /// Puts `faults` on the diagram under design `kind`, in place of the scenario's
    /// own faults (workload and knobs stay), with the cursor at the start, ready to
    /// play.
    pub fn replace_faults(&self, kind: DesignKind, faults: Vec<crate::model::Fault>) {
        self.playing.set(false);
        self.scenario.update(|sc| {
            sc.design.kind = kind;
            sc.faults = faults;
        });
        self.after_edit();
        self.cursor.set(0);
    }

    /// Removes every fault.
    pub fn clear_faults(&self) {
        self.scenario.update(|sc| sc.faults.clear());
        self.after_edit();
    }

    fn apply(
        &self,
        sc: Scenario,
        r: Result<(), &'static str>,
        step_ix: Option<usize>,
    ) -> Result<(), &'static str> {
        match r {
            Ok(()) => {
                self.scenario.set(sc);
                self.after_edit();
                // Show the fault and the recovery that follows it.
                if let Some(i) = step_ix {
                    if self.cursor.get_untracked() > i + 1 {
                        self.seek(i + 1);
                    }
                }
                Ok(())
            }
            Err(why) => {
                self.notice
                    .set(Some(format!("Cannot place that here: {why}.")));
                Err(why)
            }
        }
    }

    /// After any edit of the scenario: a notice about an earlier edit no longer
    /// describes the run, so it goes (the caller may then say what this edit did),
    /// and the cursor stays inside the run.
    fn after_edit(&self) {
        self.notice.set(None);
        let len = self.len();
        if self.cursor.get_untracked() > len {
            self.cursor.set(len);
        }
    }
}
