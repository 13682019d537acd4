//! Each preset tells its lesson under its default faults, and the contrast appears
//! when the faults are removed or the guarantee is strengthened.

use eoslab::model::ledger::Verdict;
use eoslab::model::presets::{self, Preset};
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
        ("streams-to-postgres", &["state-store", "sink"]),
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
