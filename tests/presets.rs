//! Each preset tells its lesson under its default faults, and the contrast appears
//! when the faults are removed or the guarantee is strengthened.

use eoslab::model::ledger::Verdict;
use eoslab::model::presets::{self, Preset};
use eoslab::model::scenario::{DedupOrder, IdSource};
use eoslab::model::*;

fn preset(slug: &str) -> Preset {
    presets::find(slug).unwrap_or_else(|| panic!("no preset {slug}"))
}

fn verdicts(sc: &Scenario) -> Vec<(String, Verdict)> {
    simulate(sc)
        .ledger
        .rows
        .into_iter()
        .map(|r| (r.event_id, r.verdict))
        .collect()
}

fn verdict_of(sc: &Scenario, id: &str) -> Verdict {
    verdicts(sc)
        .into_iter()
        .find(|(e, _)| e == id)
        .map(|(_, v)| v)
        .unwrap_or_else(|| panic!("no event {id}"))
}

fn all_ok(sc: &Scenario) -> bool {
    simulate(sc).ledger.all_ok()
}

fn without_faults(p: &Preset) -> Scenario {
    let mut sc = p.scenario.clone();
    sc.faults.clear();
    sc
}

fn with(p: &Preset, f: impl FnOnce(&mut Knobs)) -> Scenario {
    let mut sc = p.scenario.clone();
    f(&mut sc.design.knobs);
    sc
}

fn every_fault_fires(p: &Preset) {
    let t = simulate(&p.scenario);
    for (i, f) in t.faults.iter().enumerate() {
        assert!(
            matches!(f, trace::FaultStatus::Fired(_)),
            "{}: fault {i} did not fire: {f:?}",
            p.slug
        );
    }
}

#[test]
fn every_preset_is_valid_and_its_faults_fire() {
    let all = presets::all();
    assert!(all.len() >= 15);
    for p in &all {
        p.scenario.validate().expect(p.slug);
        every_fault_fires(p);
        assert!(!p.lesson.is_empty() && !p.title.is_empty());
        assert!(all_ok(&without_faults(p)), "{} without faults", p.slug);
        let back = Scenario::from_json(&p.scenario.to_json()).expect(p.slug);
        assert_eq!(back, p.scenario, "{} round-trips", p.slug);
    }
}

#[test]
fn db_then_commit_duplicates_and_upsert_does_not() {
    let p = preset("db-then-commit");
    assert_eq!(verdict_of(&p.scenario, "evt-2"), Verdict::Duplicate);
    let t = simulate(&p.scenario);
    assert_eq!((t.ledger.expected_total, t.ledger.actual_total), (150, 200));
    assert!(all_ok(&with(&p, |k| k.sink_write = Some(SinkWrite::Upsert))));
}

#[test]
fn commit_then_db_loses_and_at_least_once_does_not() {
    let p = preset("commit-then-db");
    assert_eq!(verdict_of(&p.scenario, "evt-2"), Verdict::Lost);
    let mut sc = p.scenario.clone();
    sc.design.kind = DesignKind::AtLeastOnce;
    sc.faults[0].at.after = StepKind::UpdateState;
    assert_ne!(verdict_of(&sc, "evt-2"), Verdict::Lost);
}

#[test]
fn lost_ack_duplicates_without_idempotence_only() {
    let p = preset("lost-ack");
    assert_eq!(verdict_of(&p.scenario, "evt-2"), Verdict::Duplicate);
    let w = simulate(&p.scenario).world;
    assert_eq!(
        w.input.partitions[0].len(),
        4,
        "two copies of evt-2 in the log"
    );
    assert!(all_ok(&with(&p, |k| k.producer_idempotence = true)));
}

#[test]
fn increment_overcounts_and_upsert_does_not() {
    let p = preset("daily-revenue-increment");
    let t = simulate(&p.scenario);
    assert_eq!(t.ledger.actual_total, 200);
    assert_eq!(t.world.sink.rows.len(), 2, "one row per user");
    assert!(all_ok(&with(&p, |k| k.sink_write = Some(SinkWrite::Upsert))));
}

#[test]
fn dedup_window_forgets_and_a_longer_window_remembers() {
    let p = preset("dedup-window");
    assert_eq!(verdict_of(&p.scenario, "evt-1"), Verdict::Duplicate);
    assert!(all_ok(&with(&p, |k| k.dedup_window_ms = 3 * 3_600_000)));
}

#[test]
fn dedup_that_is_not_atomic_duplicates_and_atomic_does_not() {
    let p = preset("dedup-not-atomic");
    assert_eq!(verdict_of(&p.scenario, "evt-2"), Verdict::Duplicate);
    assert!(all_ok(&with(&p, |k| k.dedup_atomic = true)));
}

#[test]
fn outbox_relay_republishes_and_consumer_dedup_absorbs_it() {
    let p = preset("outbox-debezium");
    assert_eq!(verdict_of(&p.scenario, "evt-2"), Verdict::Duplicate);
    let w = simulate(&p.scenario).world;
    assert_eq!(
        w.outbox.rows.len(),
        3,
        "the outbox itself holds each event once"
    );
    assert!(all_ok(&with(&p, |k| k.consumer_dedup = true)));
}

#[test]
fn loyalty_points_survive_a_crash_inside_kafka() {
    let p = preset("loyalty-eos");
    assert!(all_ok(&p.scenario));
    let t = simulate(&p.scenario);
    let aborted = t
        .world
        .coordinator
        .txns
        .iter()
        .filter(|t| t.state == world::TxnState::Aborted)
        .count();
    assert_eq!(aborted, 1, "the crashed transaction was aborted");
    // The same crash with an at-least-once sink would duplicate.
    let mut sc = p.scenario.clone();
    sc.design.kind = DesignKind::AtLeastOnce;
    sc.faults[0].at.after = StepKind::SinkWrite;
    assert_eq!(verdict_of(&sc, "evt-2"), Verdict::Duplicate);
}

#[test]
fn loyalty_email_is_sent_twice_without_a_key() {
    let p = preset("loyalty-email");
    let t = simulate(&p.scenario);
    let row = &t.ledger.rows[1];
    assert_eq!((row.effects, row.external), (1, Some(2)));
    assert_eq!(row.verdict, Verdict::Duplicate);
    assert!(all_ok(&with(&p, |k| k.idempotency_key = true)));
}

#[test]
fn sink_connector_duplicates_in_postgres_and_upsert_fixes_it() {
    let p = preset("streams-to-postgres");
    assert_eq!(verdict_of(&p.scenario, "evt-2"), Verdict::Duplicate);
    assert!(all_ok(&with(&p, |k| k.sink_write = Some(SinkWrite::Upsert))));
}

#[test]
fn read_uncommitted_sees_the_aborted_copy() {
    let p = preset("eos-read-uncommitted");
    assert_eq!(verdict_of(&p.scenario, "evt-2"), Verdict::Duplicate);
    assert!(all_ok(&with(&p, |k| k.isolation = Isolation::ReadCommitted)));
}

#[test]
fn zombie_commits_without_fencing_and_is_fenced_with_it() {
    let p = preset("zombie-no-fencing");
    assert_eq!(verdict_of(&p.scenario, "evt-2"), Verdict::Duplicate);
    let fenced = with(&p, |k| k.fencing = true);
    assert!(all_ok(&fenced));
    let t = simulate(&fenced);
    assert!(t
        .steps
        .iter()
        .any(|s| s.zombie && s.outcome == trace::Outcome::Refused(trace::Why::ProducerFenced)));
}

#[test]
fn flink_recommits_on_restore() {
    let p = preset("flink-2pc-recommit");
    assert!(all_ok(&p.scenario));
    let t = simulate(&p.scenario);
    assert!(t
        .steps
        .iter()
        .any(|s| s.kind == StepKind::SinkCommit && s.event.is_none()));
}

#[test]
fn flink_loses_when_the_sink_timeout_is_shorter_than_the_downtime() {
    let p = preset("flink-2pc-timeout");
    assert_eq!(verdict_of(&p.scenario, "evt-2"), Verdict::Lost);
    assert!(all_ok(&with(&p, |k| k.sink_txn_timeout_ms = 900_000)));
}

#[test]
fn a_commit_that_is_not_idempotent_duplicates_on_restore() {
    let mut sc = preset("flink-2pc-recommit").scenario;
    sc.design.knobs.idempotent_commit = false;
    // Crash after the commit itself: the restore commits the same transaction again.
    sc.faults[0].at.after = StepKind::SinkCommit;
    assert_eq!(verdict_of(&sc, "evt-2"), Verdict::Duplicate);
    sc.design.knobs.idempotent_commit = true;
    assert!(all_ok(&sc));
}

#[test]
fn downstream_merge_hides_the_raw_duplicate() {
    let p = preset("downstream-merge");
    let t = simulate(&p.scenario);
    assert!(t.ledger.all_ok());
    assert_eq!(
        t.ledger.rows[1].raw,
        Some(2),
        "the raw table holds evt-2 twice"
    );
    let mut view = p.scenario.clone();
    view.design.knobs.downstream = scenario::DownstreamDedup::QueryView;
    assert!(all_ok(&view));
    let mut plain = p.scenario.clone();
    plain.design.kind = DesignKind::AtLeastOnce;
    assert_eq!(verdict_of(&plain, "evt-2"), Verdict::Duplicate);
}

#[test]
fn shopflow_counts_evt_9f3_once_and_an_increment_would_not() {
    let p = preset("shopflow-evt-9f3");
    let t = simulate(&p.scenario);
    assert!(t.ledger.all_ok());
    assert_eq!(t.ledger.actual_total, 100);
    let inc = with(&p, |k| k.sink_write = Some(SinkWrite::Increment));
    assert_eq!(verdict_of(&inc, "evt-9f3"), Verdict::Duplicate);
    let no_idem = with(&p, |k| k.producer_idempotence = false);
    assert_eq!(verdict_of(&no_idem, "evt-9f3"), Verdict::Duplicate);
}

#[test]
fn order_123_is_charged_twice_without_a_key() {
    for slug in ["payment-order-123", "payment-timeout-retry"] {
        let p = preset(slug);
        let t = simulate(&p.scenario);
        assert_eq!(t.ledger.rows[2].external, Some(2), "{slug}");
        assert!(all_ok(&with(&p, |k| k.idempotency_key = true)), "{slug}");
    }
}

#[test]
fn a_key_kept_shorter_than_the_delay_charges_again() {
    let mut sc = preset("payment-order-123").scenario;
    sc.design.knobs.idempotency_key = true;
    sc.design.knobs.key_retention_ms = 60_000;
    sc.design.knobs.restart_ms = 120_000;
    assert_eq!(verdict_of(&sc, "order-123"), Verdict::Duplicate);
}

#[test]
fn every_anomaly_has_an_explanation() {
    for p in presets::all() {
        let t = simulate(&p.scenario);
        let banner = explain::outcome(&p.scenario, &t);
        assert!(!banner.is_empty());
        for row in t.ledger.rows.iter().filter(|r| r.verdict != Verdict::Ok) {
            let why = explain::explain_event(&p.scenario, &t, row.event).expect(p.slug);
            assert!(
                why.sentence.contains(&row.event_id),
                "{}: {}",
                p.slug,
                why.sentence
            );
            assert!(why.steps.iter().all(|&i| i < t.steps.len()));
            assert!(
                banner.contains(&row.event_id)
                    || t.ledger
                        .rows
                        .iter()
                        .any(|r| r.verdict != Verdict::Ok && banner.contains(&r.event_id))
            );
        }
    }
}

#[test]
fn a_checkpoint_alone_keeps_state_exact_but_duplicates_rows() {
    let p = preset("checkpoint-alone");
    let t = simulate(&p.scenario);
    let row = &t.ledger.rows[1];
    assert_eq!((row.effects, row.state), (2, 1), "sink twice, state once");
    assert!(all_ok(&with(&p, |k| k.two_phase = true)));
    assert!(all_ok(&with(&p, |k| k.sink_write = Some(SinkWrite::Upsert))));
}

fn outcome_of(sc: &Scenario) -> String {
    explain::outcome(sc, &simulate(sc))
}

fn narrations(sc: &Scenario) -> Vec<String> {
    let t = simulate(sc);
    t.steps.iter().map(|s| explain::narrate(sc, s)).collect()
}

#[test]
fn set_from_a_double_counted_store_duplicates_and_says_why() {
    let p = preset("set-from-store");
    assert_eq!(verdict_of(&p.scenario, "evt-2"), Verdict::Duplicate);
    let t = simulate(&p.scenario);
    assert_eq!(t.ledger.actual_total, 200);
    assert!(narrations(&p.scenario)
        .iter()
        .any(|n| n.contains("has counted evt-2 twice")));
    assert!(outcome_of(&p.scenario).contains("which the replay had made count evt-2 twice"));
    // The same SET after a checkpoint restore (state rolled back) is right.
    let mut restored = p.scenario.clone();
    restored.design.kind = DesignKind::TwoPhaseCommit;
    restored.design.knobs.two_phase = false;
    assert!(all_ok(&restored));
}

#[test]
fn set_from_a_sum_over_an_on_conflict_table_holds() {
    let p = preset("order-counts-sum");
    assert!(all_ok(&p.scenario));
    let t = simulate(&p.scenario);
    assert_eq!(
        t.world.sink.per_event.len(),
        3,
        "one order_counts row per order"
    );
    assert_eq!(t.ledger.actual_total, 150);
    // With ids made per attempt the ON CONFLICT key changes and the sum counts twice.
    let fresh = with(&p, |k| k.ids = IdSource::PerAttempt);
    assert_eq!(verdict_of(&fresh, "evt-2"), Verdict::Duplicate);
}

#[test]
fn a_per_attempt_id_defeats_dedup_and_a_stable_one_does_not() {
    let p = preset("dedup-uuid-per-attempt");
    assert_eq!(verdict_of(&p.scenario, "evt-2"), Verdict::Duplicate);
    assert!(outcome_of(&p.scenario).contains("generated afresh"));
    assert!(all_ok(&with(&p, |k| k.ids = IdSource::Stable)));
    // Upserts keyed by a per-attempt id fail the same way.
    let mut upsert = p.scenario.clone();
    upsert.design = Design::new(DesignKind::IdempotentSink);
    assert!(all_ok(&upsert));
    upsert.design.knobs.ids = IdSource::PerAttempt;
    assert_eq!(verdict_of(&upsert, "evt-2"), Verdict::Duplicate);
}

#[test]
fn a_key_per_retry_double_charges_and_a_stable_key_does_not() {
    let p = preset("payment-key-per-retry");
    let t = simulate(&p.scenario);
    assert_eq!(t.ledger.rows[2].external, Some(2));
    assert!(outcome_of(&p.scenario).contains("key made afresh (charge:"));
    assert!(all_ok(&with(&p, |k| k.ids = IdSource::Stable)));
    let labels: Vec<String> = t
        .steps
        .iter()
        .map(|s| explain::label(&p.scenario, s))
        .collect();
    assert!(
        labels.iter().any(|l| l.contains("timeout: response lost")),
        "{labels:?}"
    );
}

#[test]
fn record_then_effect_loses_effect_then_record_duplicates_atomic_holds() {
    let p = preset("dedup-record-first");
    assert_eq!(verdict_of(&p.scenario, "evt-2"), Verdict::Lost);
    assert!(outcome_of(&p.scenario).contains("recorded as seen before its effect"));
    let mut after = with(&p, |k| k.dedup_order = DedupOrder::EffectThenRecord);
    after.faults[0].at.after = StepKind::SinkWrite;
    assert_eq!(verdict_of(&after, "evt-2"), Verdict::Duplicate);
    let mut atomic = with(&p, |k| k.dedup_atomic = true);
    atomic.faults[0].at.after = StepKind::SinkWrite;
    assert!(all_ok(&atomic));
}

#[test]
fn a_replay_after_a_long_outage_slips_past_the_window_not_past_an_unbounded_store() {
    let p = preset("dedup-window");
    let t = simulate(&p.scenario);
    assert!(
        t.steps
            .iter()
            .all(|s| s.kind != StepKind::Send || s.attempt.delivery == 1),
        "no producer retry: the duplicate is the processor's replay"
    );
    assert!(narrations(&p.scenario)
        .iter()
        .any(|n| n.contains("has evicted it")));
    assert!(outcome_of(&p.scenario).contains("evicted its id"));
    assert_eq!(t.world.seen.evicted, 1);
    // A batch replayed after the outage: every id of it was evicted, by its own check
    // or an earlier one, and each check says so.
    let mut batch = with(&p, |k| k.commit_every = 3);
    batch.faults[0].at.event = Some("evt-3".into());
    let forgotten = narrations(&batch)
        .iter()
        .filter(|n| n.contains("has evicted it"))
        .count();
    assert_eq!(forgotten, 3);
    assert_eq!(simulate(&batch).ledger.duplicates().count(), 3);
    let unbounded = with(&p, |k| k.dedup_unbounded = true);
    assert!(all_ok(&unbounded));
    let u = simulate(&unbounded);
    assert_eq!(u.world.seen.ids.len(), 3, "every id kept");
    assert_eq!(u.world.seen.evicted, 0);
    assert!(view::seen_size(&unbounded, &u.world).contains("3 ids kept, never evicted"));
}

#[test]
fn a_retry_while_in_progress_gets_409_and_then_the_stored_result() {
    let p = preset("payment-in-progress");
    assert!(all_ok(&p.scenario));
    let t = simulate(&p.scenario);
    let conflict = t
        .steps
        .iter()
        .position(|s| s.outcome == trace::Outcome::Refused(trace::Why::KeyInProgress))
        .expect("a 409");
    let done = t
        .steps
        .iter()
        .position(|s| s.kind == StepKind::ExternalResult && s.event == Some(2))
        .expect("the first request finishes");
    let replayed = t
        .steps
        .iter()
        .position(|s| s.outcome == trace::Outcome::NoOp(trace::Why::KeyReplayed))
        .expect("the stored result");
    assert!(conflict < done && done < replayed);
    assert!(explain::narrate(&p.scenario, &t.steps[conflict]).contains("409 Conflict"));
    let unkeyed = with(&p, |k| k.idempotency_key = false);
    assert_eq!(simulate(&unkeyed).ledger.rows[2].external, Some(2));
}

#[test]
fn the_same_key_with_other_parameters_is_rejected() {
    let mut sc = preset("payment-order-123").scenario;
    sc.faults.clear();
    sc.design.knobs.idempotency_key = true;
    sc.design.knobs.ids = IdSource::RecordKey;
    sc.workload.events[2].amount = 30;
    let t = simulate(&sc);
    assert!(t
        .steps
        .iter()
        .any(|s| s.outcome == trace::Outcome::Refused(trace::Why::KeyReused)));
    assert_eq!(verdict_of(&sc, "order-123"), Verdict::Lost);
    assert!(outcome_of(&sc).contains("rejected it (400)"));
    assert!(outcome_of(&sc).contains("charge:customer-7"));
    sc.design.knobs.ids = IdSource::Stable;
    assert!(all_ok(&sc));
}

#[test]
fn an_expired_key_is_forgotten_and_the_outcome_says_so() {
    let p = preset("payment-key-expired");
    assert_eq!(verdict_of(&p.scenario, "order-123"), Verdict::Duplicate);
    let o = outcome_of(&p.scenario);
    assert!(
        o.contains("forgotten its idempotency key charge:order-123"),
        "{o}"
    );
    assert!(all_ok(&with(&p, |k| k.key_retention_ms = 48 * 3_600_000)));
    // Between the time passing and the next call, the key store says it is forgotten.
    let t = simulate(&p.scenario);
    let passed = t
        .steps
        .iter()
        .position(|s| s.kind == StepKind::Fault && s.fault == Some(1))
        .unwrap();
    let x = view::external(&p.scenario, &world_at(&p.scenario, passed + 1));
    assert!(
        x.keys
            .iter()
            .any(|k| k.contains("charge:order-123") && k.contains("forgotten")),
        "{:?}",
        x.keys
    );
}

#[test]
fn a_non_idempotent_recommit_is_explained() {
    let mut sc = preset("flink-2pc-recommit").scenario;
    sc.design.knobs.idempotent_commit = false;
    sc.faults[0].at.after = StepKind::SinkCommit;
    let o = outcome_of(&sc);
    assert!(o.contains("committed it again"), "{o}");
    assert!(o.contains("not idempotent"), "{o}");
}

#[test]
fn ids_shared_by_several_events_drop_or_overwrite_them() {
    // user-1 carries evt-1 and evt-3: a seen-id store keyed by it drops evt-3 ...
    let mut sc = preset("db-then-commit").scenario;
    sc.faults.clear();
    sc.design = Design::new(DesignKind::DedupStore);
    sc.design.knobs.ids = IdSource::RecordKey;
    assert_eq!(verdict_of(&sc, "evt-3"), Verdict::Lost);
    assert!(outcome_of(&sc).contains("duplicate of evt-1"));
    // ... and an upsert keyed by it overwrites evt-1's row.
    sc.design = Design::new(DesignKind::IdempotentSink);
    sc.design.knobs.ids = IdSource::RecordKey;
    assert_eq!(verdict_of(&sc, "evt-1"), Verdict::Lost);
    let o = outcome_of(&sc);
    assert!(o.contains("overwritten by evt-3's upsert"), "{o}");
}
