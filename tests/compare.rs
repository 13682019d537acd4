//! The comparison of each preset: the same faults under every design, which lanes
//! diverge from exactly once, and where.
#![cfg(not(target_arch = "wasm32"))]

use eoslab::model::compare::{self, carried, compare, Comparison, Lane};
use eoslab::model::ledger::{Output, Verdict};
use eoslab::model::scenario::{Anchor, Design, Fault, FaultKind, StepKind, Workload};
use eoslab::model::trace::{FaultStatus, Outcome, Why};
use eoslab::model::*;
use proptest::prelude::*;

fn preset(slug: &str) -> Scenario {
    presets::find(slug)
        .unwrap_or_else(|| panic!("no preset {slug}"))
        .scenario
}

fn lane(c: &Comparison, kind: DesignKind) -> &Lane {
    c.lanes
        .iter()
        .find(|l| l.design == kind)
        .unwrap_or_else(|| panic!("no lane {kind}"))
}

fn event(sc: &Scenario, id: &str) -> u32 {
    sc.workload
        .events
        .iter()
        .position(|e| e.id == id)
        .unwrap_or_else(|| panic!("no event {id}")) as u32
}

/// The index of the step of the fault that fired first in `l`.
fn fault_step(l: &Lane) -> usize {
    l.trace
        .faults
        .iter()
        .find_map(|f| match f {
            FaultStatus::Fired(at) => Some(*at as usize),
            _ => None,
        })
        .unwrap_or_else(|| panic!("{}: no fault fired", l.design))
}

fn assert_exact(l: &Lane) {
    assert!(l.exact(), "{}: {:?}", l.design, l.glance);
    assert_eq!(l.departure, None, "{}", l.design);
    assert_eq!(l.actual_total, l.expected_total, "{}", l.design);
}

#[test]
fn a_crash_after_the_sink_write_duplicates_at_least_once_and_not_the_atomic_designs() {
    let sc = preset("db-then-commit");
    let c = compare(&sc);
    let e2 = event(&sc, "evt-2");

    // At-least-once replays evt-2 from the committed offset and applies it again.
    let alo = lane(&c, DesignKind::AtLeastOnce);
    assert_eq!((alo.glance.duplicate, alo.glance.lost), (1, 0));
    assert_eq!((alo.expected_total, alo.actual_total), (150, 200));
    let d = alo.departure.expect("at-least-once departs");
    assert_eq!((d.event, d.verdict), (e2, Verdict::Duplicate));
    // It departs after the crash, on a step of evt-2's replay.
    assert!(d.step > fault_step(alo), "{d:?}");
    assert_eq!(alo.trace.steps[d.step].event, Some(e2));
    assert!(alo.trace.steps[d.step].attempt.delivery > 1);
    assert!(alo
        .wrong
        .iter()
        .any(|w| w.output == Output::Sink && w.count == 2));

    // The upsert overwrites its row: the reader sees each event once. The state
    // store, applied again by the replay, is still reported.
    let up = lane(&c, DesignKind::IdempotentSink);
    assert_eq!((up.glance.duplicate, up.glance.lost), (0, 0));
    assert_eq!(up.actual_total, 150);
    assert_eq!(up.glance.elsewhere, 1);
    assert!(up.wrong.iter().all(|w| w.output == Output::StateStore));
    assert_eq!(up.glance.word(), "reader ok");

    // The crash fires in the dedup store and the two-phase-commit sink too, and
    // each stays exact.
    for kind in [DesignKind::DedupStore, DesignKind::TwoPhaseCommit] {
        let l = lane(&c, kind);
        assert!(l.skipped.is_empty(), "{kind}");
        fault_step(l);
        assert_exact(l);
    }
    // At-most-once committed evt-2's offset before its write: the crash after the
    // write loses nothing.
    assert_exact(lane(&c, DesignKind::AtMostOnce));

    // Designs with no sink-write step meet the crash after their counterpart step
    // for evt-2 instead (its produce to the output topic, its outbox row): each
    // says where, and the crash fires there.
    for (kind, to) in [
        (DesignKind::KafkaTransactions, StepKind::Produce),
        (DesignKind::TransactionsExternal, StepKind::Produce),
        (DesignKind::Outbox, StepKind::OutboxWrite),
    ] {
        let l = lane(&c, kind);
        assert!(l.skipped.is_empty(), "{kind}: {:?}", l.skipped);
        assert_eq!(l.moved.len(), 1, "{kind}");
        assert_eq!((l.moved[0].from, l.moved[0].to), (StepKind::SinkWrite, to));
        assert_eq!(l.faults[0].at.after, to, "{kind}");
        let at = fault_step(l);
        let before = &l.trace.steps[at - 1];
        assert_eq!((before.kind, before.event), (to, Some(e2)), "{kind}");
        let words = compare::words(&sc, l);
        assert!(
            words.moved[0].contains("has no \u{201c}sink write\u{201d} step"),
            "{kind}: {:?}",
            words.moved
        );
    }
    // The transaction aborts and the replay writes again inside the next one: the
    // reader of read_committed and the outbox's consumer see each event once.
    assert_exact(lane(&c, DesignKind::KafkaTransactions));
    assert_exact(lane(&c, DesignKind::Outbox));
    // The external call before the produce is outside the transaction: the
    // replay calls it again.
    let ext = lane(&c, DesignKind::TransactionsExternal);
    assert_eq!(ext.glance.duplicate, 1);
    assert!(ext
        .wrong
        .iter()
        .any(|w| w.event == e2 && w.output == Output::External && w.count == 2));
}

#[test]
fn a_crash_after_the_offset_commit_loses_at_most_once_at_the_crash() {
    let sc = preset("commit-then-db");
    let c = compare(&sc);
    let amo = lane(&c, DesignKind::AtMostOnce);
    assert_eq!((amo.glance.lost, amo.glance.duplicate), (1, 0));
    assert_eq!(amo.actual_total, 100);
    let d = amo.departure.expect("at-most-once departs");
    assert_eq!((d.event, d.verdict), (event(&sc, "evt-2"), Verdict::Lost));
    // Nothing handles evt-2 after the crash: the restart fetches the committed
    // offset past it.
    assert_eq!(d.step, fault_step(amo));
    // At-least-once wrote before it committed: the same crash changes nothing.
    assert_exact(lane(&c, DesignKind::AtLeastOnce));
    assert_exact(lane(&c, DesignKind::IdempotentSink));
}

#[test]
fn a_send_the_network_drops_departs_at_the_send() {
    let sc = preset("producer-acks-0");
    let c = compare(&sc);
    let alo = lane(&c, DesignKind::AtLeastOnce);
    let d = alo.departure.expect("lost");
    assert_eq!(d.verdict, Verdict::Lost);
    let s = &alo.trace.steps[d.step];
    assert_eq!(s.kind, StepKind::Send);
    assert_eq!(s.outcome, Outcome::Refused(Why::NeverArrived));
}

#[test]
fn a_lost_ack_duplicates_where_nothing_dedupes_by_event_id() {
    let sc = preset("lost-ack");
    let c = compare(&sc);
    assert_eq!(lane(&c, DesignKind::AtLeastOnce).glance.duplicate, 1);
    // The seen-id store drops the topic's second copy of evt-2.
    assert_exact(lane(&c, DesignKind::DedupStore));
    // The upsert keyed by event id overwrites the copy's row.
    let up = lane(&c, DesignKind::IdempotentSink);
    assert_eq!((up.glance.duplicate, up.actual_total), (0, 150));
}

#[test]
fn checkpoints_without_a_two_phase_sink_duplicate_at_the_second_insert() {
    let sc = preset("checkpoint-alone");
    let c = compare(&sc);
    let l = lane(&c, DesignKind::TwoPhaseCommit);
    let d = l.departure.expect("duplicate");
    assert_eq!((d.output, d.verdict), (Output::Sink, Verdict::Duplicate));
    let s = &l.trace.steps[d.step];
    assert_eq!(
        (s.kind, s.event),
        (StepKind::SinkWrite, Some(event(&sc, "evt-2")))
    );
    assert!(d.step > fault_step(l));
}

#[test]
fn fencing_decides_the_zombie_lane() {
    let c = compare(&preset("zombie-no-fencing"));
    assert_eq!(lane(&c, DesignKind::KafkaTransactions).glance.duplicate, 1);
    let c = compare(&preset("zombie-generation-fence"));
    assert_exact(lane(&c, DesignKind::KafkaTransactions));
    // The email is outside the transaction: the zombie's send stays sent.
    assert!(!lane(&c, DesignKind::TransactionsExternal).exact());
}

#[test]
fn each_presets_own_lane_is_its_run_and_its_faults_fire() {
    for p in presets::all() {
        let c = compare(&p.scenario);
        let own = lane(&c, p.scenario.design.kind);
        let t = simulate(&p.scenario);
        assert_eq!(own.trace, t, "{}", p.slug);
        assert!(own.skipped.is_empty(), "{}: {:?}", p.slug, own.skipped);
        assert_eq!(own.exact(), t.ledger.exact_everywhere(), "{}", p.slug);
        assert_eq!(
            own.glance.ok,
            t.ledger
                .rows
                .iter()
                .filter(|r| r.verdict == Verdict::Ok)
                .count()
        );
    }
}

/// A departure meets its definition, checked against the world at each step.
fn check_departure(sc: &Scenario, l: &Lane) {
    let lsc = carried(sc, l.design).0;
    let Some(d) = l.departure else {
        assert!(l.wrong.is_empty(), "{}: wrong but no departure", l.design);
        return;
    };
    let count_after = |n: usize| {
        Ledger::count(&lsc, &world_at(&lsc, n)).rows[d.event as usize]
            .count_in(d.output)
            .unwrap_or(0)
    };
    match d.verdict {
        Verdict::Duplicate => {
            for n in d.step + 1..=l.trace.steps.len() {
                assert!(
                    count_after(n) >= 2,
                    "{}: drops below two after {n}",
                    l.design
                );
            }
            if d.step > 0 {
                assert!(count_after(d.step) < 2, "{}: was already two", l.design);
            }
        }
        _ => {
            assert!(
                l.trace.steps[d.step + 1..]
                    .iter()
                    .all(|s| s.event != Some(d.event)),
                "{}: handled after its departure",
                l.design
            );
            for n in d.step + 1..=l.trace.steps.len() {
                assert_eq!(count_after(n), 0, "{}: held after {n}", l.design);
            }
        }
    }
    // It is the earliest over every wrong output.
    assert!(l
        .wrong
        .iter()
        .any(|w| w.event == d.event && w.output == d.output));
}

#[test]
fn every_departure_of_every_preset_meets_its_definition() {
    for p in presets::all() {
        let c = compare(&p.scenario);
        for l in &c.lanes {
            assert_eq!(
                l.departure.is_none(),
                l.wrong.is_empty(),
                "{} {}",
                p.slug,
                l.design
            );
            check_departure(&p.scenario, l);
            for s in &l.skipped {
                assert!(
                    !matches!(l.trace.faults[s.fault], FaultStatus::Fired(_)),
                    "{} {}",
                    p.slug,
                    l.design
                );
                assert!(!s.why.is_empty());
            }
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 24, ..ProptestConfig::default() })]

    /// A crash after any sink write or poll of a random workload: every lane's
    /// departure meets its definition and every lane is the design switch's run.
    #[test]
    fn departures_follow_the_worlds_of_random_crashes(
        n in 2u32..6,
        seed in 0u64..1000,
        at in 0usize..6,
        poll in any::<bool>(),
    ) {
        let mut sc = Scenario::new("p", Workload::generated(n, 1, seed), Design::new(DesignKind::AtLeastOnce));
        let id = sc.workload.events[at % n as usize].id.clone();
        let after = if poll { StepKind::Poll } else { StepKind::SinkWrite };
        sc.faults.push(Fault::new(FaultKind::Crash, Anchor::new(after, &id)));
        let c = compare(&sc);
        for l in &c.lanes {
            prop_assert_eq!(&l.trace, &simulate(&carried(&sc, l.design).0));
            check_departure(&sc, l);
        }
    }
}
