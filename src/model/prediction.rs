//! Predict, then reveal: what a learner expects of a run before it plays (each
//! event ok / lost / duplicate, or simply whether the business total will be
//! right), and how that expectation fares against the run's final ledger.
//!
//! A prediction is plain data, kept by the browser under its scenario's key. Judging
//! it reads the ledger the simulation counted; a wrong guess is explained by the
//! same why-chain the ledger shows (the steps, followed by their causes).

use super::explain::{self, explain_event};
use super::ledger::{Output, Verdict};
use super::scenario::Scenario;
use super::trace::Trace;
use serde::{Deserialize, Serialize};

/// What the learner expects of one input event.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct EventGuess {
    /// The event id (`evt-2`).
    pub event_id: String,
    /// ok / lost / duplicate.
    pub verdict: Verdict,
}

/// A learner's prediction of one scenario's run.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Prediction {
    /// The key of the scenario it was made for ([`scenario_key`]).
    pub scenario: String,
    /// Guesses per event, at most one per event id.
    #[serde(default)]
    pub events: Vec<EventGuess>,
    /// The answer to "will the business total be right?", if given.
    #[serde(default)]
    pub total_right: Option<bool>,
}

/// Why play is refused while an embed asks for a prediction and none is made.
pub const PREDICT_FIRST: &str = "Make a prediction first: for each event ok, lost or duplicate, or whether the total will be right.";

/// The most events the lab asks about one by one; a longer workload is predicted by
/// its total.
pub const PER_EVENT_MAX: usize = 12;

/// Whether `sc`'s events are asked about one by one ([`PER_EVENT_MAX`]).
pub fn per_event(sc: &Scenario) -> bool {
    sc.workload.events.len() <= PER_EVENT_MAX
}

/// A short, stable key for a scenario: the FNV-1a hash of its compact JSON, in hex.
/// Any edit (workload, design, knobs, faults, names) gives another key.
pub fn scenario_key(sc: &Scenario) -> String {
    let json = serde_json::to_string(sc).unwrap_or_default();
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in json.bytes() {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    format!("{h:016x}")
}

impl Prediction {
    /// An empty prediction for `sc`.
    pub fn new(sc: &Scenario) -> Prediction {
        Prediction {
            scenario: scenario_key(sc),
            ..Prediction::default()
        }
    }

    /// Reads a kept prediction; `None` for anything that is not one.
    pub fn from_json(text: &str) -> Option<Prediction> {
        serde_json::from_str(text).ok()
    }

    /// The prediction as compact JSON.
    pub fn to_json(&self) -> String {
        serde_json::to_string(self).unwrap_or_default()
    }

    /// The guess for event `event_id`, if any.
    pub fn guess(&self, event_id: &str) -> Option<Verdict> {
        self.events
            .iter()
            .find(|g| g.event_id == event_id)
            .map(|g| g.verdict)
    }

    /// Sets (or replaces) the guess for `event_id`.
    pub fn set_event(&mut self, event_id: &str, verdict: Verdict) {
        match self.events.iter_mut().find(|g| g.event_id == event_id) {
            Some(g) => g.verdict = verdict,
            None => self.events.push(EventGuess {
                event_id: event_id.to_string(),
                verdict,
            }),
        }
    }

    /// Whether it was made for `sc` as it is now (not before an edit).
    pub fn is_for(&self, sc: &Scenario) -> bool {
        self.scenario == scenario_key(sc)
    }

    /// Whether it says something about `sc`'s run as a whole: the total question is
    /// answered, or every event of the workload has a guess.
    pub fn is_complete(&self, sc: &Scenario) -> bool {
        self.total_right.is_some()
            || (!sc.workload.events.is_empty()
                && sc
                    .workload
                    .events
                    .iter()
                    .all(|e| self.guess(&e.id).is_some()))
    }
}

/// Whether the run may play: always, unless a prediction is `required` and
/// `prediction` does not yet say what the run will do.
pub fn may_play(
    required: bool,
    prediction: Option<&Prediction>,
    sc: &Scenario,
) -> Result<(), &'static str> {
    match prediction {
        _ if !required => Ok(()),
        Some(p) if p.is_complete(sc) => Ok(()),
        _ => Err(PREDICT_FIRST),
    }
}

/// What was predicted: one event, or the business total.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase", tag = "item", content = "event_id")]
pub enum Item {
    /// An input event, by id.
    Event(String),
    /// "Will the business total be right?"
    Total,
}

/// An answer, predicted or actual.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Answer {
    /// An event's verdict.
    Verdict(Verdict),
    /// Whether the business total the reader computes is the expected one.
    TotalRight(bool),
}

impl Answer {
    /// The answer in a word or two (`duplicate`, `total right`).
    pub fn word(self) -> &'static str {
        match self {
            Answer::Verdict(v) => v.word(),
            Answer::TotalRight(true) => "total right",
            Answer::TotalRight(false) => "total wrong",
        }
    }

    /// The verdict this answer stands for (a right total is an ok run).
    pub fn verdict(self) -> Verdict {
        match self {
            Answer::Verdict(v) => v,
            Answer::TotalRight(true) => Verdict::Ok,
            Answer::TotalRight(false) => Verdict::Duplicate,
        }
    }
}

/// One step of a why-chain: its index in the trace and its label.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct ChainStep {
    /// The step's index in the trace (shown as step `index + 1`).
    pub index: usize,
    /// The step's arrow label in the lesson's words.
    pub label: String,
}

impl ChainStep {
    /// The step's number as the lab shows it (1-based).
    pub fn number(&self) -> usize {
        self.index + 1
    }
}

/// Why the actual outcome is what it is: a sentence and the chain of steps behind it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Why {
    /// One sentence in the lesson's words.
    pub sentence: String,
    /// The steps, in order, following their causes.
    pub steps: Vec<ChainStep>,
}

/// The ledger's explanation of event `e` (see [`explain_event`]) as a sentence and
/// its steps with their labels; `None` where the ledger has none.
pub fn why_chain(sc: &Scenario, trace: &Trace, e: u32) -> Option<Why> {
    let x = explain_event(sc, trace, e)?;
    Some(Why {
        sentence: x.sentence,
        steps: x
            .steps
            .iter()
            .filter_map(|&i| {
                trace.steps.get(i).map(|s| ChainStep {
                    index: i,
                    label: explain::label(sc, s),
                })
            })
            .collect(),
    })
}

/// One predicted item against the truth.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Judged {
    /// What was predicted.
    pub item: Item,
    /// The learner's answer.
    pub predicted: Answer,
    /// What the run did.
    pub actual: Answer,
    /// Whether they agree.
    pub right: bool,
    /// For a wrong guess, why the run did what it did.
    pub why: Vec<Why>,
}

/// A guess that cannot be judged, and why.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Dropped {
    /// The event id guessed for.
    pub event_id: String,
    /// Why it was set aside.
    pub reason: String,
}

/// A prediction judged against a run.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Judgement {
    /// Each judged item: events in workload order, then the total.
    pub items: Vec<Judged>,
    /// Guesses for events the scenario no longer has.
    pub dropped: Vec<Dropped>,
    /// Whether the prediction was made before the scenario was edited.
    pub stale: bool,
}

impl Judgement {
    /// How many items were right.
    pub fn right(&self) -> usize {
        self.items.iter().filter(|j| j.right).count()
    }

    /// The judged item for event `event_id`, if it was predicted.
    pub fn event(&self, event_id: &str) -> Option<&Judged> {
        self.items
            .iter()
            .find(|j| matches!(&j.item, Item::Event(id) if id == event_id))
    }

    /// The judged total question, if it was answered.
    pub fn total(&self) -> Option<&Judged> {
        self.items.iter().find(|j| j.item == Item::Total)
    }

    /// `2 of 3 right`, and what was set aside.
    pub fn summary(&self) -> String {
        let mut s = format!("{} of {} right", self.right(), self.items.len());
        if !self.dropped.is_empty() {
            s.push_str(&format!(
                "; {} set aside (no longer in the workload)",
                self.dropped.len()
            ));
        }
        s
    }
}

/// Judges `p` against `trace`, the whole run of `sc`: each guessed event's verdict
/// against its ledger row, the total question against the reader's total. A guess
/// for an event `sc` no longer has is dropped with a reason.
pub fn judge(sc: &Scenario, trace: &Trace, p: &Prediction) -> Judgement {
    let mut items = Vec::new();
    let mut dropped = Vec::new();
    for g in &p.events {
        let ix = sc.workload.events.iter().position(|e| e.id == g.event_id);
        match ix.and_then(|i| trace.ledger.rows.get(i).map(|r| (i, r))) {
            Some((i, row)) => items.push((i, judge_event(sc, trace, i as u32, g, row.verdict))),
            None => dropped.push(Dropped {
                event_id: g.event_id.clone(),
                reason: format!(
                    "{} is no longer in the workload, so its guess is set aside.",
                    g.event_id
                ),
            }),
        }
    }
    items.sort_by_key(|(i, _)| *i);
    let mut items: Vec<Judged> = items.into_iter().map(|(_, j)| j).collect();
    if let Some(t) = p.total_right {
        items.push(judge_total(sc, trace, t));
    }
    Judgement {
        items,
        dropped,
        stale: !p.is_for(sc),
    }
}

fn judge_event(sc: &Scenario, trace: &Trace, e: u32, g: &EventGuess, actual: Verdict) -> Judged {
    let right = g.verdict == actual;
    Judged {
        item: Item::Event(g.event_id.clone()),
        predicted: Answer::Verdict(g.verdict),
        actual: Answer::Verdict(actual),
        right,
        why: if right {
            Vec::new()
        } else {
            vec![why_event(sc, trace, e)]
        },
    }
}

fn judge_total(sc: &Scenario, trace: &Trace, predicted: bool) -> Judged {
    let l = &trace.ledger;
    let actual = l.expected_total == l.actual_total;
    let right = predicted == actual;
    let why = if right {
        Vec::new()
    } else if actual {
        vec![Why {
            sentence: format!(
                "Every event took effect once where the reader reads ({}): {} {} expected and {} seen.",
                Output::reader_of(sc).name(sc),
                sc.names.total,
                l.expected_total,
                l.actual_total
            ),
            steps: Vec::new(),
        }]
    } else {
        (0..l.rows.len() as u32)
            .filter(|&e| {
                l.rows
                    .get(e as usize)
                    .is_some_and(|r| r.verdict != Verdict::Ok)
            })
            .map(|e| why_event(sc, trace, e))
            .collect()
    };
    Judged {
        item: Item::Total,
        predicted: Answer::TotalRight(predicted),
        actual: Answer::TotalRight(actual),
        right,
        why,
    }
}

/// Why event `e` fared as it did: the ledger's why-chain for a lost or duplicated
/// event, or, for one that took effect once, where it did.
fn why_event(sc: &Scenario, trace: &Trace, e: u32) -> Why {
    let id = sc
        .workload
        .events
        .get(e as usize)
        .map(|x| x.id.as_str())
        .unwrap_or("");
    let verdict = trace.ledger.rows.get(e as usize).map(|r| r.verdict);
    match why_chain(sc, trace, e) {
        Some(w) if verdict != Some(Verdict::Ok) => w,
        _ => Why {
            sentence: format!(
                "{id} took effect exactly once in {}: no fault made it repeat or skip.",
                Output::reader_of(sc).name(sc)
            ),
            steps: Vec::new(),
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{presets, simulate};

    fn preset(slug: &str) -> Scenario {
        presets::find(slug).map(|p| p.scenario).unwrap_or_else(|| {
            panic!("no preset {slug}");
        })
    }

    #[test]
    fn the_key_changes_with_any_edit_and_not_otherwise() {
        let sc = preset("db-then-commit");
        assert_eq!(scenario_key(&sc), scenario_key(&sc.clone()));
        let mut edited = sc.clone();
        edited.faults.clear();
        assert_ne!(scenario_key(&sc), scenario_key(&edited));
        assert_eq!(scenario_key(&sc).len(), 16);
    }

    #[test]
    fn a_prediction_survives_its_json_and_bad_text_is_none() {
        let sc = preset("db-then-commit");
        let mut p = Prediction::new(&sc);
        p.set_event("evt-2", Verdict::Duplicate);
        p.set_event("evt-2", Verdict::Lost);
        p.total_right = Some(false);
        assert_eq!(p.events.len(), 1);
        assert_eq!(Prediction::from_json(&p.to_json()), Some(p));
        assert_eq!(Prediction::from_json("{not json"), None);
        assert_eq!(Prediction::from_json(r#"{"scenario":1}"#), None);
    }

    #[test]
    fn play_waits_for_a_complete_prediction_only_when_one_is_required() {
        let sc = preset("db-then-commit");
        assert_eq!(may_play(false, None, &sc), Ok(()));
        assert_eq!(may_play(true, None, &sc), Err(PREDICT_FIRST));
        let mut p = Prediction::new(&sc);
        p.set_event(&sc.workload.events[0].id, Verdict::Ok);
        let partial = sc.workload.events.len() > 1;
        assert_eq!(may_play(true, Some(&p), &sc).is_err(), partial);
        for e in &sc.workload.events {
            p.set_event(&e.id, Verdict::Ok);
        }
        assert_eq!(may_play(true, Some(&p), &sc), Ok(()));
        let mut t = Prediction::new(&sc);
        t.total_right = Some(true);
        assert_eq!(may_play(true, Some(&t), &sc), Ok(()));
    }

    #[test]
    fn a_long_workload_is_predicted_by_its_total() {
        let mut sc = preset("db-then-commit");
        assert!(per_event(&sc));
        sc.workload = crate::model::Workload::generated(PER_EVENT_MAX as u32 + 1, 1, 7);
        assert!(!per_event(&sc));
        let mut p = Prediction::new(&sc);
        assert!(!p.is_complete(&sc));
        p.total_right = Some(true);
        assert!(p.is_complete(&sc));
    }

    #[test]
    fn a_wrong_total_guess_on_a_clean_run_says_where_the_reader_reads() {
        let mut sc = preset("db-then-commit");
        sc.faults.clear();
        let t = simulate(&sc);
        let mut p = Prediction::new(&sc);
        p.total_right = Some(false);
        let j = judge(&sc, &t, &p);
        let total = j.total().map(|j| (j.right, j.why.len()));
        assert_eq!(total, Some((false, 1)));
        assert!(!j.stale);
    }
}
