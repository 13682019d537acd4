//! Predict, then reveal: a learner's prediction judged against the run's final
//! ledger, each wrong guess explained by the ledger's why-chain.

#![cfg(not(target_arch = "wasm32"))]

use eoslab::model::prediction::{judge, may_play, Answer, Item, Prediction, PREDICT_FIRST};
use eoslab::model::workload_edit::remove_event;
use eoslab::model::*;
use proptest::prelude::*;

fn preset(slug: &str) -> Scenario {
    match presets::find(slug) {
        Some(p) => p.scenario,
        None => panic!("no preset {slug}"),
    }
}

/// A prediction of `verdict` for every event of `sc`.
fn all(sc: &Scenario, verdict: Verdict) -> Prediction {
    let mut p = Prediction::new(sc);
    for e in &sc.workload.events {
        p.set_event(&e.id, verdict);
    }
    p
}

#[test]
fn predicting_ok_on_db_then_commit_is_wrong_and_the_chain_names_the_replay() {
    let sc = preset("db-then-commit");
    let t = simulate(&sc);
    let j = judge(&sc, &t, &all(&sc, Verdict::Ok));
    let evt2 = j.event("evt-2").expect("evt-2 was predicted");
    assert!(!evt2.right);
    assert_eq!(evt2.predicted, Answer::Verdict(Verdict::Ok));
    assert_eq!(evt2.actual, Answer::Verdict(Verdict::Duplicate));
    let why = &evt2.why[0];
    assert!(why.sentence.contains("replayed"), "{}", why.sentence);
    // The chain: both writes of evt-2, the crash between write and commit, the
    // recovery and the poll that replays it, steps in order and all in the trace.
    let kinds: Vec<StepKind> = why.steps.iter().map(|s| t.steps[s.index].kind).collect();
    assert_eq!(
        kinds.iter().filter(|k| **k == StepKind::SinkWrite).count(),
        2,
        "{kinds:?}"
    );
    assert!(kinds.contains(&StepKind::Fault), "{kinds:?}");
    assert!(kinds.iter().filter(|k| **k == StepKind::Poll).count() >= 1);
    assert!(why.steps.windows(2).all(|w| w[0].index < w[1].index));
    assert!(why
        .steps
        .iter()
        .all(|s| s.number() == s.index + 1 && !s.label.is_empty()));
    // The other events were ok, as predicted.
    for e in sc.workload.events.iter().filter(|e| e.id != "evt-2") {
        assert!(
            j.event(&e.id).is_some_and(|x| x.right && x.why.is_empty()),
            "{}",
            e.id
        );
    }
    assert_eq!(j.right(), sc.workload.events.len() - 1);
    assert!(!j.stale && j.dropped.is_empty());
}

#[test]
fn predicting_the_ledger_as_it_comes_out_is_right_everywhere() {
    for slug in ["db-then-commit", "commit-then-db", "flink-2pc-recommit"] {
        let sc = preset(slug);
        let t = simulate(&sc);
        let mut p = Prediction::new(&sc);
        for r in &t.ledger.rows {
            p.set_event(&r.event_id, r.verdict);
        }
        p.total_right = Some(t.ledger.expected_total == t.ledger.actual_total);
        let j = judge(&sc, &t, &p);
        assert_eq!(j.right(), j.items.len(), "{slug}: {}", j.summary());
        assert_eq!(j.items.len(), sc.workload.events.len() + 1);
        assert!(j.items.iter().all(|x| x.why.is_empty()));
    }
}

#[test]
fn a_right_total_on_db_then_commit_is_judged_wrong_with_every_bad_event_explained() {
    let sc = preset("db-then-commit");
    let t = simulate(&sc);
    let mut p = Prediction::new(&sc);
    p.total_right = Some(true);
    let j = judge(&sc, &t, &p);
    let total = j.total().expect("the total was predicted");
    assert_eq!(
        (total.right, total.actual),
        (false, Answer::TotalRight(false))
    );
    let bad = t
        .ledger
        .rows
        .iter()
        .filter(|r| r.verdict != Verdict::Ok)
        .count();
    assert_eq!(total.why.len(), bad);
    assert!(total.why.iter().all(|w| !w.steps.is_empty()));
    assert_eq!(j.summary(), "0 of 1 right");
}

#[test]
fn predicting_a_loss_where_the_event_took_effect_once_says_so() {
    let sc = preset("db-then-commit");
    let t = simulate(&sc);
    let mut p = Prediction::new(&sc);
    p.set_event("evt-1", Verdict::Lost);
    let j = judge(&sc, &t, &p);
    let x = j.event("evt-1").expect("judged");
    assert!(!x.right);
    assert_eq!(x.actual, Answer::Verdict(Verdict::Ok));
    assert!(
        x.why[0].sentence.contains("exactly once"),
        "{}",
        x.why[0].sentence
    );
}

#[test]
fn guesses_for_events_a_workload_edit_removed_are_dropped_with_a_reason() {
    let sc = preset("db-then-commit");
    let p = all(&sc, Verdict::Ok);
    let mut edited = sc.clone();
    let last = edited.workload.events.len() - 1;
    let gone = edited.workload.events[last].id.clone();
    remove_event(&mut edited, last).expect("the last event can go");
    let t = simulate(&edited);
    let j = judge(&edited, &t, &p);
    assert!(j.stale);
    assert_eq!(j.dropped.len(), 1);
    assert_eq!(j.dropped[0].event_id, gone);
    assert!(j.dropped[0].reason.contains("no longer in the workload"));
    assert_eq!(j.items.len(), edited.workload.events.len());
    assert!(j.event(&gone).is_none());
    assert!(j.summary().contains("set aside"));
    // A stale prediction that still covers every event lets the run play.
    assert_eq!(may_play(true, Some(&p), &edited), Ok(()));
}

#[test]
fn an_edit_that_adds_an_event_asks_for_its_guess_before_play() {
    let sc = preset("db-then-commit");
    let p = all(&sc, Verdict::Ok);
    let mut edited = sc.clone();
    workload_edit::add_event(&mut edited).expect("an event can be added");
    assert!(!p.is_for(&edited));
    assert_eq!(may_play(true, Some(&p), &edited), Err(PREDICT_FIRST));
    assert_eq!(may_play(false, Some(&p), &edited), Ok(()));
}

proptest! {
    /// Whatever is guessed, every guess for an event of the workload is judged
    /// against its ledger row, and every wrong one carries an explanation.
    #[test]
    fn every_guess_is_judged_against_its_ledger_row(
        guesses in proptest::collection::vec(0u8..3, 1..6),
        crash_at in 0usize..40,
    ) {
        let mut sc = preset("db-then-commit");
        sc.faults.clear();
        let clean = simulate(&sc);
        if crash_at < clean.steps.len() {
            // A gap where a crash cannot go leaves the run clean.
            let _ = edit::place(&mut sc, &clean, crash_at, FaultKind::Crash);
        }
        let t = simulate(&sc);
        let mut p = Prediction::new(&sc);
        for (e, g) in sc.workload.events.iter().zip(&guesses) {
            let v = [Verdict::Ok, Verdict::Lost, Verdict::Duplicate][*g as usize];
            p.set_event(&e.id, v);
        }
        let j = judge(&sc, &t, &p);
        prop_assert_eq!(j.items.len(), p.events.len());
        for x in &j.items {
            let Item::Event(id) = &x.item else { unreachable!() };
            let row = t.ledger.rows.iter().find(|r| &r.event_id == id).unwrap();
            prop_assert_eq!(x.actual, Answer::Verdict(row.verdict));
            prop_assert_eq!(x.right, p.guess(id) == Some(row.verdict));
            prop_assert_eq!(x.why.is_empty(), x.right);
            if !x.right && row.verdict != Verdict::Ok {
                prop_assert!(!x.why[0].steps.is_empty());
            }
        }
    }
}
