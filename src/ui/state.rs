//! The lab's one source of truth: the scenario and the cursor. Everything else on
//! screen is derived from them; gestures become edits of the scenario.

use crate::model::compare::{compare, Comparison};
use crate::model::prediction::{self, judge, Judgement, Prediction};
use crate::model::presets::{self, Preset};
use crate::model::workload_edit::{EditReport, FieldError};
use crate::model::Verdict;
use crate::model::{
    edit, simulate, world_at, DesignKind, FaultKind, Knobs, Ledger, Scenario, Trace, World,
};
use crate::ui::predict_store;
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
    /// The learner's prediction of the run, kept in the browser only.
    pub prediction: RwSignal<Option<Prediction>>,
    /// Whether the page asks for a prediction before the run may play.
    pub predict_required: RwSignal<bool>,
    /// The prediction judged against the whole run (read it at the end only).
    pub judgement: Memo<Option<Judgement>>,
    /// Whether the compare view (every design side by side) is open. While it is,
    /// the cursor is a position on the comparison's shared axis (see
    /// [`Comparison::axis`]), and the main design shows its lane at that position.
    pub comparing: RwSignal<bool>,
    /// The scenario under every design, computed only while comparing.
    pub comparison: Memo<Option<Comparison>>,
    /// Whether the scenario is locked (an embed's `lock`): play, scrub and read,
    /// every edit refused.
    pub locked: RwSignal<bool>,
}

/// Why an edit of a locked lab is refused.
pub const LOCKED: &str =
    "this lab is locked: play, step and read; open it in the full lab to change it";

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
        let comparing = RwSignal::new(false);
        let comparison = Memo::new(move |_| comparing.get().then(|| scenario.with(compare)));
        let world = Memo::new(move |_| {
            let n = main_steps(comparison, cursor.get());
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
        let at_end = Memo::new(move |_| {
            let len = comparison.with(|c| match c {
                Some(c) => c.axis.len(),
                None => trace.with(|t| t.steps.len()),
            });
            cursor.get() >= len
        });
        let prediction = RwSignal::new(scenario.with_untracked(predict_store::load));
        let judgement = Memo::new(move |_| {
            prediction.with(|p| {
                let p = p.as_ref()?;
                Some(scenario.with(|sc| trace.with(|t| judge(sc, t, p))))
            })
        });
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
            prediction,
            predict_required: RwSignal::new(false),
            judgement,
            comparing,
            comparison,
            locked: RwSignal::new(false),
        }
    }

    /// Whether an edit of the scenario is allowed now; a refused one says why in
    /// the notice. Every edit method asks this first.
    pub fn may_edit(&self) -> bool {
        let ok = !self.locked.get_untracked();
        if !ok {
            self.notice.set(Some(format!("Not changed: {LOCKED}.")));
        }
        ok
    }

    /// Makes the lab available to every component below.
    pub fn provide(self) {
        provide_context(self);
    }

    /// The lab provided by an ancestor.
    pub fn expect() -> Lab {
        expect_context::<Lab>()
    }

    /// Number of steps in the run (while comparing: the last position of the
    /// shared axis).
    pub fn len(&self) -> usize {
        match self.comparison.with(|c| c.as_ref().map(|c| c.axis.len())) {
            Some(n) => n,
            None => self.trace.with(|t| t.steps.len()),
        }
    }

    /// Whether the main design's run has ended at the cursor (also while comparing,
    /// when other lanes may run on).
    pub fn run_over(&self) -> bool {
        self.steps_now() >= self.trace.with(|t| t.steps.len())
    }

    /// How many steps of the main design's run have happened at the cursor.
    pub fn steps_now(&self) -> usize {
        main_steps(self.comparison, self.cursor.get())
    }

    /// The simulated time at the cursor (ms).
    pub fn clock_now(&self) -> u64 {
        let c = self.cursor.get();
        self.comparison
            .with(|cmp| cmp.as_ref().map(|cmp| cmp.axis.time_at(c)))
            .unwrap_or_else(|| {
                self.trace.with(|t| {
                    c.checked_sub(1)
                        .and_then(|i| t.steps.get(i))
                        .map_or(0, |s| s.clock_ms)
                })
            })
    }

    /// Opens or closes the compare view; the cursor keeps its moment (the main
    /// design's steps so far become the first axis position with as many).
    pub fn set_comparing(&self, on: bool) {
        if on == self.comparing.get_untracked() || (on && self.refuse_play()) {
            return;
        }
        let steps = self.steps_now_untracked();
        self.comparing.set(on);
        let c = if on {
            let t = self.trace.get_untracked();
            self.comparison.with_untracked(|cmp| {
                cmp.as_ref()
                    .map_or(0, |cmp| cmp.axis.position_of(&t, steps))
            })
        } else {
            steps
        };
        self.cursor.set(c);
    }

    /// Closes the compare view on design `kind` with the faults its lane ran with
    /// (the script's, moved to counterpart steps where the design lacks theirs), at
    /// the step its lane had reached.
    pub fn open_lane(&self, kind: DesignKind) {
        let c = self.cursor.get_untracked();
        let (steps, moved) = self.comparison.with_untracked(|cmp| {
            cmp.as_ref()
                .and_then(|cmp| {
                    let lane = cmp.lane(kind)?;
                    let moved = (!lane.moved.is_empty()).then(|| lane.faults.clone());
                    Some((lane.steps_at(&cmp.axis, c), moved))
                })
                .unwrap_or((0, None))
        });
        self.playing.set(false);
        self.comparing.set(false);
        match moved {
            // The lane met a fault after its counterpart step: open what it ran.
            Some(faults) => {
                self.replace_faults(kind, faults);
            }
            None => self.set_design(kind),
        }
        self.seek(steps);
    }

    fn steps_now_untracked(&self) -> usize {
        untrack(|| self.steps_now())
    }

    /// Whether the run has no steps.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Whether the run may play now: not while the page asks for a prediction and
    /// none says what the run will do (see [`prediction::may_play`]).
    pub fn may_play(&self) -> Result<(), &'static str> {
        let required = self.predict_required.get();
        self.prediction.with(|p| {
            self.scenario
                .with(|sc| prediction::may_play(required, p.as_ref(), sc))
        })
    }

    /// [`Lab::may_play`] outside any reactive view; a refusal becomes the notice.
    /// A prediction the page asks for comes before anything that shows the outcome:
    /// playing, comparing the designs, searching for a breaking placement.
    pub fn refuse_play(&self) -> bool {
        let required = self.predict_required.get_untracked();
        let r = self.prediction.with_untracked(|p| {
            self.scenario
                .with_untracked(|sc| prediction::may_play(required, p.as_ref(), sc))
        });
        match r {
            Ok(()) => false,
            Err(why) => {
                self.playing.set(false);
                self.notice.set(Some(why.to_string()));
                true
            }
        }
    }

    /// Moves the cursor to `n` steps (clamped); forward only once the run may play.
    pub fn seek(&self, n: usize) {
        let len = self.len();
        if n > self.cursor.get_untracked() && self.refuse_play() {
            return;
        }
        self.cursor.set(n.min(len));
    }

    /// One step forward; stops playback at the end.
    pub fn step_forward(&self) {
        let len = self.len();
        let c = self.cursor.get_untracked();
        if c < len && self.refuse_play() {
            return;
        }
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
        if !self.may_edit() {
            return;
        }
        self.playing.set(false);
        self.scenario.set(p.scenario.clone());
        self.origin.set(Some(p.scenario.clone()));
        self.preset.set(Some(p.slug));
        self.cursor.set(0);
        self.notice.set(None);
        self.prediction.set(predict_store::load(&p.scenario));
    }

    /// Sets the guess for one event; only before the run plays (cursor at 0).
    pub fn guess_event(&self, event_id: &str, verdict: Verdict) {
        self.edit_prediction(|p| p.set_event(event_id, verdict));
    }

    /// Answers "will the total be right?"; only before the run plays.
    pub fn guess_total(&self, right: bool) {
        self.edit_prediction(|p| p.total_right = Some(right));
    }

    /// Changes the prediction (made now, for the scenario as it is) and keeps it.
    fn edit_prediction(&self, f: impl FnOnce(&mut Prediction)) {
        if self.cursor.get_untracked() != 0 {
            return;
        }
        let key = self.scenario.with_untracked(prediction::scenario_key);
        let mut p = self
            .prediction
            .get_untracked()
            .unwrap_or_else(|| self.scenario.with_untracked(Prediction::new));
        p.scenario = key;
        f(&mut p);
        predict_store::save(&p);
        self.prediction.set(Some(p));
        self.notice.set(None);
    }

    /// Forgets the prediction, here and in the browser's storage.
    pub fn clear_prediction(&self) {
        if let Some(p) = self.prediction.get_untracked() {
            predict_store::forget(&p.scenario);
        }
        self.prediction.set(None);
    }

    /// Loads a scenario from a link, a file or the autosave, as belonging to the
    /// lesson `preset` (if any): cursor at the start, playback stopped.
    pub fn load_scenario(&self, sc: Scenario, preset: Option<&'static str>) {
        if !self.may_edit() {
            return;
        }
        self.playing.set(false);
        self.origin
            .set(preset.and_then(presets::find).map(|p| p.scenario));
        self.preset.set(preset);
        self.scenario.set(sc);
        self.cursor.set(0);
        self.notice.set(None);
    }

    /// Switches the design, keeping workload, knobs and faults (the comparison
    /// carries faults across designs the same way: [`crate::model::compare::under`]).
    pub fn set_design(&self, kind: DesignKind) {
        if !self.may_edit() {
            return;
        }
        self.scenario.update(|sc| sc.design.kind = kind);
        self.after_edit();
    }

    /// Whether the scenario differs from its preset.
    pub fn is_modified(&self) -> bool {
        self.changes.with(|c| !c.is_empty())
    }

    /// Changes knobs.
    pub fn edit_knobs(&self, f: impl FnOnce(&mut Knobs)) {
        if !self.may_edit() {
            return;
        }
        self.scenario.update(|sc| f(&mut sc.design.knobs));
        self.after_edit();
    }

    /// Applies a workload edit (see `model::workload_edit`) and says what it did,
    /// faults it dropped or re-anchored included; a refused edit changes nothing.
    pub fn edit_workload(
        &self,
        f: impl FnOnce(&mut Scenario) -> Result<EditReport, FieldError>,
    ) -> Result<EditReport, FieldError> {
        if !self.may_edit() {
            return Err(FieldError::new(LOCKED));
        }
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
        if !self.may_edit() {
            return Err(LOCKED);
        }
        let trace = self.trace.get_untracked();
        let mut sc = self.scenario.get_untracked();
        let r = edit::place(&mut sc, &trace, step_ix, kind).map(|_| ());
        self.apply(sc, r, Some(step_ix))
    }

    /// Moves placed fault `fault_ix` to the gap after step `step_ix`.
    pub fn move_fault(&self, fault_ix: usize, step_ix: usize) -> Result<(), &'static str> {
        if !self.may_edit() {
            return Err(LOCKED);
        }
        let trace = self.trace.get_untracked();
        let mut sc = self.scenario.get_untracked();
        let r = edit::move_fault(&mut sc, &trace, fault_ix, step_ix);
        self.apply(sc, r, Some(step_ix))
    }

    /// Moves placed fault `fault_ix` to the previous or next gap where it fits.
    pub fn nudge_fault(&self, fault_ix: usize, forward: bool) -> Result<(), &'static str> {
        if !self.may_edit() {
            return Err(LOCKED);
        }
        let mut sc = self.scenario.get_untracked();
        let r = edit::nudge(&mut sc, fault_ix, forward).map(|_| ());
        self.apply(sc, r, None)
    }

    /// Removes placed fault `fault_ix`; false when the lab is locked.
    pub fn remove_fault(&self, fault_ix: usize) -> bool {
        if !self.may_edit() {
            return false;
        }
        self.scenario.update(|sc| edit::remove_fault(sc, fault_ix));
        self.after_edit();
        true
    }

    /// Puts `faults` on the diagram under design `kind`, in place of the scenario's
    /// own faults (workload and knobs stay), with the cursor at the start, ready to
    /// play; false when the lab is locked.
    pub fn replace_faults(&self, kind: DesignKind, faults: Vec<crate::model::Fault>) -> bool {
        if !self.may_edit() {
            return false;
        }
        self.playing.set(false);
        self.scenario.update(|sc| {
            sc.design.kind = kind;
            sc.faults = faults;
        });
        self.after_edit();
        self.cursor.set(0);
        true
    }

    /// Removes every fault; false when the lab is locked.
    pub fn clear_faults(&self) -> bool {
        if !self.may_edit() {
            return false;
        }
        self.scenario.update(|sc| sc.faults.clear());
        self.after_edit();
        true
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
        // A prediction kept for the edited scenario comes back; otherwise the one in
        // hand stays, marked as made before the edit.
        if let Some(p) = self.scenario.with_untracked(predict_store::load) {
            self.prediction.set(Some(p));
        }
        let len = self.len();
        if self.cursor.get_untracked() > len {
            self.cursor.set(len);
        }
    }
}

/// The main design's steps at `cursor`: the cursor itself, or while comparing its
/// lane's steps at that axis position.
fn main_steps(comparison: Memo<Option<Comparison>>, cursor: usize) -> usize {
    comparison.with(|c| match c {
        Some(c) => c
            .lane(c.main)
            .map_or(cursor, |l| l.steps_at(&c.axis, cursor)),
        None => cursor,
    })
}
