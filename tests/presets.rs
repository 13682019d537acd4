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

#[test]
fn the_generation_fence_alone_stops_a_zombie() {
    let p = preset("zombie-generation-fence");
    assert!(!p.scenario.design.knobs.fencing);
    assert!(all_ok(&p.scenario));
    let t = simulate(&p.scenario);
    let refused = t
        .steps
        .iter()
        .position(|s| {
            s.zombie
                && s.kind == StepKind::SendOffsets
                && s.outcome == trace::Outcome::Refused(trace::Why::StaleGeneration)
        })
        .expect("ILLEGAL_GENERATION for the zombie");
    let abort = &t.steps[refused + 1];
    assert!(abort.zombie && abort.kind == StepKind::AbortTxn);
    let txn = abort.txn.expect("the zombie's transaction");
    let state = t.world.coordinator.txn(txn).map(|x| x.state);
    assert_eq!(state, Some(world::TxnState::Aborted));
    // Nothing the zombie wrote is visible to read_committed.
    let visible = t.world.output_visible(Isolation::ReadCommitted);
    assert!(visible
        .iter()
        .filter_map(|&o| t.world.output_record(o))
        .all(|r| r.txn != Some(txn)));
    // Without either fence the same zombie commits.
    let neither = with(&p, |k| k.generation_fencing = false);
    assert_eq!(verdict_of(&neither, "evt-2"), Verdict::Duplicate);
    // And the epoch fence alone stops it too.
    let epoch_only = with(&p, |k| {
        k.generation_fencing = false;
        k.fencing = true;
    });
    assert!(all_ok(&epoch_only));
}

#[test]
fn a_new_owner_waits_for_the_transaction_holding_its_offsets() {
    let sc = preset("zombie-unstable-offsets").scenario;
    let t = simulate(&sc);
    assert!(all_ok(&sc));
    let wait = t
        .steps
        .iter()
        .position(|s| s.outcome == trace::Outcome::NoOp(trace::Why::UnstableOffsetCommit))
        .expect("UNSTABLE_OFFSET_COMMIT");
    assert_eq!(t.steps[wait].kind, StepKind::FetchOffsets);
    let fetched = t.steps[wait..]
        .iter()
        .find(|s| s.kind == StepKind::FetchOffsets && s.outcome == trace::Outcome::Applied)
        .expect("the fetch after the wait");
    assert_eq!(fetched.offset, Some(2), "it resumes after evt-2");
    assert!(
        !t.steps
            .iter()
            .any(|s| s.kind == StepKind::Poll && s.attempt.delivery > 1),
        "nothing is replayed"
    );
    assert_eq!(t.ledger.state_total, 150, "the restore includes evt-2");
    // With a stable transactional.id, initTransactions aborts the zombie's
    // transaction instead: nothing to wait for, and evt-2 is replayed once.
    let stable = with(&preset("zombie-unstable-offsets"), |k| k.fencing = true);
    assert!(all_ok(&stable));
    let t = simulate(&stable);
    assert!(!t
        .steps
        .iter()
        .any(|s| s.outcome == trace::Outcome::NoOp(trace::Why::UnstableOffsetCommit)));
    assert!(t
        .steps
        .iter()
        .any(|s| s.kind == StepKind::Poll && s.attempt.delivery > 1));
}

#[test]
fn a_rebalance_replays_only_what_batched_commits_left_uncommitted() {
    let p = preset("rebalance-batched-commits");
    assert_eq!(verdict_of(&p.scenario, "evt-1"), Verdict::Duplicate);
    assert_eq!(verdict_of(&p.scenario, "evt-2"), Verdict::Duplicate);
    assert_eq!(verdict_of(&p.scenario, "evt-3"), Verdict::Ok);
    let t = simulate(&p.scenario);
    let fault = t
        .steps
        .iter()
        .position(|s| s.kind == StepKind::Fault)
        .unwrap();
    let revoke = t
        .steps
        .iter()
        .position(|s| s.kind == StepKind::Revoke)
        .expect("revoked in poll()");
    assert!(revoke > fault);
    // A listener that commits on revocation, or a commit per record: nothing replays.
    for sc in [
        with(&p, |k| k.revoke_commit = true),
        with(&p, |k| k.commit_every = 1),
    ] {
        assert!(all_ok(&sc));
        let t = simulate(&sc);
        let revoke = t
            .steps
            .iter()
            .position(|s| s.kind == StepKind::Revoke)
            .unwrap();
        let commit = t.steps[..revoke]
            .iter()
            .rposition(|s| s.kind == StepKind::CommitOffset)
            .expect("a commit before the revocation");
        assert_eq!(t.steps[commit].outcome, trace::Outcome::Applied);
        assert!(!t
            .steps
            .iter()
            .any(|s| s.kind == StepKind::Poll && s.attempt.delivery > 1));
    }
    // A crash at the same point is different: the commit never happens.
    let mut crash = with(&p, |k| k.commit_every = 1);
    crash.faults[0].kind = FaultKind::Crash;
    assert_eq!(verdict_of(&crash, "evt-2"), Verdict::Duplicate);
}

#[test]
fn a_clean_rebalance_sends_no_second_email() {
    let p = preset("loyalty-email-rebalance");
    assert!(all_ok(&p.scenario));
    let t = simulate(&p.scenario);
    assert_eq!(t.world.external.effects.len(), 3, "one email per event");
    let revoke = t
        .steps
        .iter()
        .position(|s| s.kind == StepKind::Revoke)
        .unwrap();
    assert!(t.steps[..revoke]
        .iter()
        .any(|s| s.kind == StepKind::CommitTxn && s.outcome == trace::Outcome::Applied));
    let mut crash = p.scenario.clone();
    crash.faults[0].kind = FaultKind::Crash;
    let t = simulate(&crash);
    assert_eq!(
        t.ledger.rows[1].external,
        Some(2),
        "the crash sends it twice"
    );
}

#[test]
fn a_dropped_send_is_lost_with_acks_0_and_retried_with_acks_all() {
    let p = preset("producer-acks-0");
    assert_eq!(verdict_of(&p.scenario, "evt-2"), Verdict::Lost);
    let t = simulate(&p.scenario);
    assert_eq!(
        t.world.input.partitions[0].len(),
        2,
        "evt-2 never reached the log"
    );
    let why = explain::explain_event(&p.scenario, &t, 1).unwrap();
    assert!(
        why.sentence.contains("never reached orders"),
        "{}",
        why.sentence
    );
    assert!(why.sentence.contains("acks=0"), "{}", why.sentence);
    // acks=all: the producer retries once the broker is back.
    let all = with(&p, |k| k.acks = scenario::Acks::All);
    assert!(all_ok(&all));
    let t = simulate(&all);
    assert!(t
        .steps
        .iter()
        .any(|s| s.kind == StepKind::Send && s.attempt.delivery == 2 && !s.second_copy));
    // ... but not past delivery.timeout.ms.
    let mut long = all.clone();
    long.faults[0].ms = Some(180_000);
    assert_eq!(verdict_of(&long, "evt-2"), Verdict::Lost);
    let t = simulate(&long);
    assert!(t.steps.iter().any(|s| s.kind == StepKind::Ack
        && s.outcome == trace::Outcome::Refused(trace::Why::DeliveryTimeout)));
    let why = explain::explain_event(&long, &t, 1).unwrap();
    assert!(
        why.sentence.contains("delivery.timeout.ms"),
        "{}",
        why.sentence
    );
    // A lost ack is different: the write happened, and the retry is deduplicated.
    let mut ack = all.clone();
    ack.faults[0] = Fault::new(FaultKind::LostAck, Anchor::new(StepKind::Send, "evt-2"));
    assert!(all_ok(&ack));
    assert_eq!(simulate(&ack).world.input.partitions[0].len(), 3);
}

#[test]
fn a_restarted_producer_duplicates_even_when_idempotent() {
    let p = preset("producer-restart");
    assert!(p.scenario.design.knobs.producer_idempotence);
    assert_eq!(verdict_of(&p.scenario, "evt-2"), Verdict::Duplicate);
    let t = simulate(&p.scenario);
    let log = &t.world.input.partitions[0];
    let copies: Vec<u64> = log
        .iter()
        .filter(|r| r.event == 1)
        .map(|r| r.producer_id)
        .collect();
    assert_eq!(copies.len(), 2);
    assert_ne!(copies[0], copies[1], "two producer ids");
    let why = explain::explain_event(&p.scenario, &t, 1).unwrap();
    assert!(why.sentence.contains("new producer id"), "{}", why.sentence);
    // A lost ack at the same point stays within one session: no second copy.
    let mut ack = p.scenario.clone();
    ack.faults[0].kind = FaultKind::LostAck;
    assert!(all_ok(&ack));
    // An upsert keyed by the event id absorbs the second copy.
    let mut upsert = p.scenario.clone();
    upsert.design.kind = DesignKind::IdempotentSink;
    assert!(all_ok(&upsert));
}

#[test]
fn the_retried_send_is_blamed_not_the_crash_that_came_after() {
    let mut sc = preset("lost-ack").scenario;
    sc.faults.push(Fault::new(
        FaultKind::Crash,
        Anchor::new(StepKind::CommitOffset, "evt-2"),
    ));
    let t = simulate(&sc);
    assert!(t
        .faults
        .iter()
        .all(|f| matches!(f, trace::FaultStatus::Fired(_))));
    assert_eq!(verdict_of(&sc, "evt-2"), Verdict::Duplicate);
    let why = explain::explain_event(&sc, &t, 1).unwrap();
    assert!(why.sentence.contains("ack was lost"), "{}", why.sentence);
    assert!(!why.sentence.contains("crashed"), "{}", why.sentence);
    let faults: Vec<_> = why.steps.iter().filter_map(|&i| t.steps[i].fault).collect();
    assert_eq!(
        faults,
        vec![0],
        "the chain holds the lost ack's fault step, not the crash's"
    );
}

#[test]
fn refused_offset_steps_name_the_offset_they_tried() {
    let mut sc = preset("zombie-no-fencing").scenario;
    sc.design.knobs.fencing = true;
    let gen = preset("zombie-generation-fence").scenario;
    let mut plain = preset("db-then-commit").scenario;
    plain.faults[0] = Fault::new(FaultKind::Zombie, Anchor::new(StepKind::SinkWrite, "evt-2"));
    let mut seen = 0;
    for sc in [sc, gen, plain] {
        let t = simulate(&sc);
        for s in t.steps.iter().filter(|s| {
            matches!(s.kind, StepKind::CommitOffset | StepKind::SendOffsets)
                && matches!(s.outcome, trace::Outcome::Refused(_))
        }) {
            seen += 1;
            assert_eq!(s.offset, Some(2), "{s:?}");
            let l = explain::label(&sc, s);
            assert!(l.contains("offset 2") || l.contains("(2)"), "{l}");
        }
    }
    assert!(seen >= 2, "refused commits were seen");
}

#[test]
fn commits_and_fetches_over_several_partitions_name_each_offset() {
    let mut sc = preset("db-then-commit").scenario;
    sc.workload.partitions = 2;
    sc.workload.events[1].partition = 1;
    for kind in [DesignKind::AtLeastOnce, DesignKind::KafkaTransactions] {
        sc.design.kind = kind;
        let t = simulate(&sc);
        for k in [
            StepKind::CommitOffset,
            StepKind::SendOffsets,
            StepKind::FetchOffsets,
        ] {
            for s in t
                .steps
                .iter()
                .filter(|s| s.kind == k && s.outcome == trace::Outcome::Applied)
            {
                let l = explain::label(&sc, s);
                assert!(l.contains("p0=") && l.contains("p1="), "{kind:?}: {l}");
            }
        }
        let commit = t
            .steps
            .iter()
            .rfind(|s| matches!(s.kind, StepKind::CommitOffset | StepKind::SendOffsets))
            .unwrap();
        assert!(
            explain::label(&sc, commit).contains("p0=2, p1=1"),
            "{kind:?}"
        );
    }
}

#[test]
fn the_restart_says_what_survives_the_crash() {
    for (slug, kept) in [
        ("db-then-commit", "state store and the database kept"),
        ("loyalty-eos", "rebuilt from the changelog"),
        ("flink-2pc-recommit", "last completed checkpoint"),
    ] {
        let p = preset(slug);
        let t = simulate(&p.scenario);
        let restart = t
            .steps
            .iter()
            .find(|s| s.kind == StepKind::Restart)
            .expect(slug);
        let text = explain::narrate(&p.scenario, restart);
        assert!(text.contains(kept), "{slug}: {text}");
        assert!(!text.contains("Everything not committed"), "{slug}: {text}");
    }
}

/// Every placement of up to two crashes and lost acks on `sc`'s design.
fn search(sc: &Scenario) -> explore::DesignReport {
    let opts = explore::Options {
        max_faults: 2,
        kinds: vec![FaultKind::Crash, FaultKind::LostAck],
        design: None,
    };
    explore::explore_design(sc, sc.design.kind, &opts)
}

#[test]
fn the_four_part_chain_holds_whole_and_breaks_without_any_part() {
    let p = preset("exactly-once-chain");
    assert!(all_ok(&p.scenario));
    let whole = search(&p.scenario);
    assert!(whole.tried > 100, "{}", whole.tried);
    assert_eq!(whole.broken, 0, "{:?}", whole.smallest);
    // The sink may be transactional instead of idempotent.
    let transactional = with(&p, |k| {
        k.two_phase = true;
        k.sink_write = Some(SinkWrite::Insert);
    });
    assert_eq!(search(&transactional).broken, 0);
    // Without the transactions the offsets run ahead of state and output (a loss);
    // without any other part a replay or a retry counts twice.
    type Part = (&'static str, fn(&mut Knobs), bool);
    let parts: [Part; 4] = [
        (
            "idempotent producer",
            |k| k.producer_idempotence = false,
            false,
        ),
        ("transactions", |k| k.atomic_offsets = false, true),
        ("consistent checkpoints", |k| k.restore_state = false, false),
        (
            "idempotent sink",
            |k| k.sink_write = Some(SinkWrite::Insert),
            false,
        ),
    ];
    for (part, off, loses) in parts {
        let sc = with(&p, off);
        let r = search(&sc);
        assert!(r.broken > 0, "without the {part} nothing breaks");
        if loses {
            assert_eq!((r.losing > 0, r.duplicating), (true, 0), "{part}");
        } else {
            assert_eq!((r.losing, r.duplicating > 0), (0, true), "{part}");
        }
        let b = r.smallest.expect(part);
        assert!(!b.faults.is_empty(), "{part}: broken without faults");
        let mut again = sc.clone();
        again.faults = b.faults.clone();
        assert!(!all_ok(&again), "{part}: {}", explore::describe(&b.faults));
    }
}

#[test]
fn streams_are_exactly_once_inside_kafka_and_the_duplicate_appears_in_postgres() {
    let p = preset("streams-to-postgres");
    let t = simulate(&p.scenario);
    // The output topic holds evt-2 once for a read_committed reader ...
    let in_topic = t
        .world
        .output_visible(Isolation::ReadCommitted)
        .into_iter()
        .filter_map(|o| t.world.output_record(o))
        .filter(|r| r.event == 1)
        .count();
    assert_eq!(in_topic, 1);
    // ... and Postgres twice, written by two connector tasks.
    let rows: Vec<_> = t
        .world
        .sink
        .rows
        .iter()
        .filter(|r| r.key == "evt-2")
        .collect();
    assert_eq!(rows.len(), 2);
    assert_ne!(rows[0].attempt.instance, rows[1].attempt.instance);
    let why = explain::explain_event(&p.scenario, &t, 1).unwrap();
    assert!(why.sentence.contains("holds it once"), "{}", why.sentence);
    // A crash of the Streams application at the same point duplicates nothing.
    let mut streams = p.scenario.clone();
    streams.faults[0] = Fault::new(FaultKind::Crash, Anchor::new(StepKind::Produce, "evt-2"));
    assert!(all_ok(&streams));
    assert!(simulate(&streams)
        .steps
        .iter()
        .any(|s| s.kind == StepKind::Poll && s.attempt.delivery > 1));
}

#[test]
fn every_step_of_every_preset_has_a_label_and_a_narration() {
    for p in presets::all() {
        let t = simulate(&p.scenario);
        for (i, s) in t.steps.iter().enumerate() {
            let l = explain::label(&p.scenario, s);
            let n = explain::narrate(&p.scenario, s);
            assert!(!l.is_empty() && !n.is_empty(), "{} step {i}: {s:?}", p.slug);
        }
    }
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
    assert!(o.contains("committed tx-2 again"), "{o}");
    assert!(o.contains("not idempotent"), "{o}");
}

/// The outputs whose verdict is wrong, by slug.
fn wrong_outputs(sc: &Scenario) -> Vec<&'static str> {
    simulate(sc)
        .ledger
        .wrong_outputs()
        .map(|o| o.output.slug())
        .collect()
}

#[test]
fn at_least_once_with_an_upsert_keeps_the_sink_right_and_the_state_store_wrong() {
    let p = preset("db-then-commit");
    let sc = with(&p, |k| k.sink_write = Some(SinkWrite::Upsert));
    let t = simulate(&sc);
    assert!(t.ledger.all_ok(), "the reader counts each event once");
    assert!(!t.ledger.exact_everywhere());
    assert_eq!(wrong_outputs(&sc), ["state-store"]);
    let store = t.ledger.output(ledger::Output::StateStore).unwrap();
    assert_eq!(store.duplicated, [(1, 2)], "evt-2 applied twice");
    assert_eq!(store.total, 200);
    let banner = explain::outcome(&sc, &t);
    assert!(
        banner.starts_with(
            "Sink order_events correct; state store totals-store counted evt-2 twice."
        ),
        "{banner}"
    );
    assert!(!banner.contains("exactly once"), "{banner}");
    assert!(
        banner.contains("200 instead of 150 in state store totals-store"),
        "{banner}"
    );
    // The why follows the replay that applied the update a second time.
    let why = explain::explain_event(&sc, &t, 1).unwrap();
    assert_eq!(why.output, ledger::Output::StateStore);
    let kinds: Vec<StepKind> = why.steps.iter().map(|&i| t.steps[i].kind).collect();
    assert_eq!(
        kinds,
        [
            StepKind::UpdateState,
            StepKind::Fault,
            StepKind::FetchOffsets,
            StepKind::Poll,
            StepKind::UpdateState
        ]
    );
    assert_eq!(t.steps[why.steps[3]].attempt.delivery, 2);
    assert!(
        why.sentence.contains("nothing rolled the store back"),
        "{}",
        why.sentence
    );
}

#[test]
fn each_preset_names_the_outputs_it_gets_wrong() {
    let expect: &[(&str, &[&str])] = &[
        ("db-then-commit", &["state-store", "sink"]),
        ("commit-then-db", &["state-store", "sink"]),
        ("lost-ack", &["state-store", "sink"]),
        ("daily-revenue-increment", &["state-store", "sink"]),
        ("dedup-window", &["state-store", "sink"]),
        ("dedup-not-atomic", &["state-store", "sink"]),
        ("outbox-debezium", &["consumer"]),
        ("loyalty-eos", &[]),
        ("loyalty-email", &["external"]),
        ("streams-to-postgres", &["sink"]),
        ("eos-read-uncommitted", &["output-topic"]),
        ("zombie-no-fencing", &["changelog", "output-topic"]),
        ("flink-2pc-recommit", &[]),
        ("flink-2pc-timeout", &["sink"]),
        ("checkpoint-alone", &["sink"]),
        ("downstream-merge", &["state-store"]),
        ("shopflow-evt-9f3", &[]),
        ("payment-order-123", &["external"]),
        ("payment-timeout-retry", &["external"]),
    ];
    for (slug, wrong) in expect {
        let p = preset(slug);
        assert_eq!(wrong_outputs(&p.scenario), *wrong, "{slug}");
        let t = simulate(&p.scenario);
        let banner = explain::outcome(&p.scenario, &t);
        assert_eq!(
            banner.contains("exactly once"),
            wrong.is_empty(),
            "{slug}: {banner}"
        );
        assert!(
            wrong_outputs(&without_faults(&p)).is_empty(),
            "{slug} without faults"
        );
    }
}

#[test]
fn the_payment_totals_count_the_second_charge() {
    let p = preset("payment-order-123");
    let t = simulate(&p.scenario);
    assert_eq!((t.ledger.expected_total, t.ledger.actual_total), (90, 90));
    let card = t.ledger.output(ledger::Output::External).unwrap();
    assert_eq!(
        (card.total, card.duplicated.as_slice()),
        (115, &[(2, 2)][..])
    );
    let banner = explain::outcome(&p.scenario, &t);
    assert!(
        banner.contains("charge card happened twice for order-123"),
        "{banner}"
    );
    assert!(
        banner.contains("115 instead of 90 by charge card"),
        "{banner}"
    );
    let totals = view::totals(&p.scenario, &t.ledger);
    assert!(totals.line.contains("charge card 115 ≠"), "{}", totals.line);
    assert!(!totals.all_match);
    let keyed = with(&p, |k| k.idempotency_key = true);
    let t = simulate(&keyed);
    assert!(t.ledger.exact_everywhere());
    assert!(view::totals(&keyed, &t.ledger).all_match);
}

#[test]
fn a_checkpoint_keeps_the_store_right_while_the_sink_is_wrong() {
    let p = preset("checkpoint-alone");
    let t = simulate(&p.scenario);
    let banner = explain::outcome(&p.scenario, &t);
    assert!(
        banner
            .starts_with("State store totals-store correct; sink order_events holds evt-2 twice."),
        "{banner}"
    );
    let lost = preset("flink-2pc-timeout");
    let t = simulate(&lost.scenario);
    let banner = explain::outcome(&lost.scenario, &t);
    assert!(
        banner.starts_with("State store totals-store correct; sink order_events is missing evt-2."),
        "{banner}"
    );
}

#[test]
fn a_zombie_without_fencing_doubles_the_changelog_too() {
    let p = preset("zombie-no-fencing");
    let t = simulate(&p.scenario);
    let row = &t.ledger.rows[1];
    assert_eq!(row.count_in(ledger::Output::StateStore), Some(1));
    assert_eq!(row.count_in(ledger::Output::Changelog), Some(2));
    let why = explain::explain_output(&p.scenario, &t, 1, ledger::Output::Changelog).unwrap();
    assert!(why
        .steps
        .iter()
        .any(|&i| t.steps[i].kind == StepKind::Fault));
    assert!(
        why.sentence.contains("old instance woke up"),
        "{}",
        why.sentence
    );
}

#[test]
fn the_outbox_verdict_has_no_state_store_and_spares_the_relayed_copy() {
    let p = preset("outbox-debezium");
    let t = simulate(&p.scenario);
    assert!(t.ledger.output(ledger::Output::StateStore).is_none());
    let totals = view::totals(&p.scenario, &t.ledger);
    assert!(!totals.line.contains("state store"), "{}", totals.line);
    let deduped = with(&p, |k| k.consumer_dedup = true);
    let t = simulate(&deduped);
    assert!(t.ledger.exact_everywhere());
    let topic = t.ledger.output(ledger::Output::OutboxTopic).unwrap();
    assert_eq!(
        topic.duplicated,
        [(1, 2)],
        "the relay published evt-2 twice"
    );
    let banner = explain::outcome(&deduped, &t);
    assert!(
        banner.contains("outbox topic order-events holds evt-2 twice"),
        "{banner}"
    );
    let label = t
        .steps
        .iter()
        .find(|s| s.kind == StepKind::RelayPublish)
        .map(|s| explain::label(&deduped, s))
        .unwrap();
    assert!(label.contains("evt-1"), "{label}");
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

#[test]
fn the_sink_connector_has_its_lanes_and_its_table_panel() {
    let sc = preset("streams-to-postgres").scenario;
    let lanes = trace::lanes(&sc);
    assert!(lanes.contains(&Actor::Relay) && lanes.contains(&Actor::Sink));
    let names: Vec<String> = lanes.iter().map(|a| explain::actor_name(&sc, *a)).collect();
    assert!(
        names.contains(&"JDBC sink connector".to_string()),
        "{names:?}"
    );
    assert!(
        names.contains(&"Postgres orders_pg".to_string()),
        "{names:?}"
    );
    assert!(view::panels_of(&sc).contains(&view::Panel::Sink));
    // Every step is drawn between lanes the diagram has.
    for s in simulate(&sc).steps {
        assert!(lanes.contains(&s.from) && lanes.contains(&s.to), "{s:?}");
    }
    // Without the connector the design keeps its own lanes and panels.
    let plain = preset("loyalty-eos").scenario;
    assert_eq!(
        trace::lanes(&plain),
        trace::lifelines(DesignKind::KafkaTransactions)
    );
    assert!(!view::panels_of(&plain).contains(&view::Panel::Sink));
}

#[test]
fn every_step_of_every_preset_is_drawn_between_lanes_of_its_diagram() {
    for p in presets::all() {
        let lanes = trace::lanes(&p.scenario);
        for (i, s) in simulate(&p.scenario).steps.iter().enumerate() {
            assert!(
                lanes.contains(&s.from) && lanes.contains(&s.to),
                "{} step {i}: {:?} → {:?}",
                p.slug,
                s.from,
                s.to
            );
        }
    }
}
