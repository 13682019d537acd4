//! Properties of the model over random workloads and random fault schedules.
//!
//! Each case draws a workload (1–8 events on 1–2 partitions, 1–3 records per commit)
//! and up to three faults. Faults are placed one after another: the first on a step of
//! the fault-free run, each next one on a step of the run holding the faults so far,
//! so schedules reach into recovery (a crash during the replay of a crash).
#![cfg(not(target_arch = "wasm32"))]

use eoslab::model::edit;
use eoslab::model::explore;
use eoslab::model::ledger::{reader_view, Verdict};
use eoslab::model::scenario::{
    Acks, Anchor, DedupOrder, Design, DesignKind, DownstreamDedup, Fault, FaultKind, IdSource,
    InputEvent, Isolation, Knobs, Scenario, SinkWrite, StepKind, Workload,
};
use eoslab::model::simulate::STEP_MS;
use eoslab::model::trace::{FaultStatus, Outcome, Why};
use eoslab::model::world::{OutputEntry, TxnState, World};
use eoslab::model::{simulate, world_at};
use proptest::prelude::*;
use std::collections::HashSet;

/// A workload and a fault schedule as raw numbers (what proptest draws and shrinks).
#[derive(Clone, Debug)]
struct Raw {
    /// Per event: key (0–2), amount, partition (taken modulo the partitions).
    events: Vec<(u8, i64, u32)>,
    partitions: u32,
    commit_every: u32,
    /// Per fault: which of the allowed kinds, and where to start looking for a gap.
    faults: Vec<(usize, usize)>,
}

fn raw() -> impl Strategy<Value = Raw> {
    (
        prop::collection::vec((0u8..3, 1i64..100, 0u32..2), 1..=8),
        1u32..=2,
        1u32..=3,
        prop::collection::vec((0usize..64, 0usize..1000), 0..=3),
    )
        .prop_map(|(events, partitions, commit_every, faults)| Raw {
            events,
            partitions,
            commit_every,
            faults,
        })
}

fn workload(raw: &Raw) -> Workload {
    Workload {
        partitions: raw.partitions,
        events: raw
            .events
            .iter()
            .enumerate()
            .map(|(i, &(key, amount, p))| InputEvent {
                id: format!("evt-{}", i + 1),
                key: format!("user-{}", key + 1),
                amount,
                partition: p % raw.partitions,
            })
            .collect(),
        generate: None,
    }
}

/// The scenario of `raw` for `design`, its faults drawn from `kinds`. With
/// `fitting`, each fault goes to the first gap at or after its drawn start where it
/// fits (and is skipped if none); without, it goes to any non-fault step, fitting
/// or not.
fn build(raw: &Raw, design: Design, kinds: &[FaultKind], fitting: bool) -> Scenario {
    let mut design = design;
    design.knobs.commit_every = raw.commit_every;
    let mut sc = Scenario::new("property", workload(raw), design);
    for &(k, start) in &raw.faults {
        let kind = kinds[k % kinds.len()];
        let trace = simulate(&sc);
        let n = trace.steps.len();
        for d in 0..n {
            let i = (start + d) % n;
            if fitting {
                if edit::place(&mut sc, &trace, i, kind).is_ok() {
                    break;
                }
            } else if let Some(at) = edit::anchor_at(&sc, &trace, i) {
                sc.faults.push(Fault { kind, at, ms: None });
                break;
            }
        }
    }
    sc
}

fn design(kind: DesignKind, f: impl FnOnce(&mut Knobs)) -> Design {
    let mut d = Design::new(kind);
    f(&mut d.knobs);
    d
}

fn bad_rows(sc: &Scenario) -> Vec<(String, Verdict, u32)> {
    simulate(sc)
        .ledger
        .rows
        .into_iter()
        .filter(|r| r.verdict != Verdict::Ok)
        .map(|r| (r.event_id, r.verdict, r.effects))
        .collect()
}

/// 384 cases per property, or `PROPTEST_CASES` for a longer hunt.
fn config() -> ProptestConfig {
    let cases = std::env::var("PROPTEST_CASES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(384);
    ProptestConfig {
        cases,
        failure_persistence: None,
        ..ProptestConfig::default()
    }
}

const PROCESS_FAULTS: [FaultKind; 5] = [
    FaultKind::Crash,
    FaultKind::Zombie,
    FaultKind::Rebalance,
    FaultKind::Timeout,
    FaultKind::LostAck,
];

/// What the reader sees per event, counted straight from the world (not through the
/// ledger or `reader_view`).
fn recount(sc: &Scenario, w: &World) -> Vec<u32> {
    let mut n = vec![0u32; sc.workload.events.len()];
    let mut add = |e: u32| n[e as usize] += 1;
    match sc.design.kind {
        DesignKind::KafkaTransactions if sc.design.knobs.sink_connector => w
            .sink
            .rows
            .iter()
            .flat_map(|r| &r.events)
            .for_each(|&e| add(e)),
        DesignKind::KafkaTransactions | DesignKind::TransactionsExternal => {
            let state = |t: u32| {
                w.coordinator
                    .txns
                    .iter()
                    .find(|x| x.id == t)
                    .map(|x| x.state)
            };
            let mut open_seen = false;
            for entry in &w.output.log {
                let OutputEntry::Record(r) = entry else {
                    continue;
                };
                let st = r.txn.and_then(state);
                let visible = match sc.design.knobs.isolation {
                    Isolation::ReadUncommitted => true,
                    Isolation::ReadCommitted => {
                        // Nothing at or past the first record of a transaction still open.
                        if matches!(
                            st,
                            Some(TxnState::Open | TxnState::PrepareCommit | TxnState::PrepareAbort)
                        ) {
                            open_seen = true;
                        }
                        !open_seen && (r.txn.is_none() || st == Some(TxnState::Committed))
                    }
                };
                if visible {
                    add(r.event);
                }
            }
        }
        DesignKind::Outbox => w.outbox.consumer.applied.iter().for_each(|a| add(a.0)),
        DesignKind::DownstreamDedup => {
            let rows = match sc.design.knobs.downstream {
                DownstreamDedup::Merge => w.sink.merged.clone(),
                DownstreamDedup::QueryView => {
                    let mut keys = HashSet::new();
                    w.sink
                        .rows
                        .iter()
                        .filter(|r| keys.insert(r.key.clone()))
                        .cloned()
                        .collect()
                }
            };
            rows.iter().flat_map(|r| &r.events).for_each(|&e| add(e));
        }
        _ => w
            .sink
            .rows
            .iter()
            .flat_map(|r| &r.events)
            .for_each(|&e| add(e)),
    }
    n
}

fn any_design() -> impl Strategy<Value = DesignKind> {
    prop::sample::select(DesignKind::ALL.to_vec())
}

/// Every knob at a random value (within what validation accepts). The timeouts go
/// down to 0 ms: shorter than one transaction takes, so nothing ever commits.
fn any_knobs() -> impl Strategy<Value = Knobs> {
    knobs_with_timeouts(vec![0, 10, 60_000, 900_000])
}

/// Every knob at a random value, with timeouts long enough for a transaction to
/// commit (one step takes 10 ms; a transaction of three records takes ~0.2 s).
fn realistic_knobs() -> impl Strategy<Value = Knobs> {
    knobs_with_timeouts(vec![60_000, 900_000])
}

fn knobs_with_timeouts(timeouts: Vec<u64>) -> impl Strategy<Value = Knobs> {
    (base_knobs(timeouts), sink_side_knobs()).prop_map(
        |(mut k, (ids, order, unbounded, provider))| {
            k.ids = ids;
            k.dedup_order = order;
            k.dedup_unbounded = unbounded;
            k.provider_ms = provider;
            k
        },
    )
}

/// The sink-side knobs at random: where ids come from, the seen-id order and
/// bound, the provider's processing time.
fn sink_side_knobs() -> impl Strategy<Value = (IdSource, DedupOrder, bool, u64)> {
    (
        prop::sample::select(IdSource::ALL.to_vec()),
        prop::sample::select(DedupOrder::ALL.to_vec()),
        any::<bool>(),
        prop::sample::select(vec![0u64, 0, 2_000]),
    )
}

fn base_knobs(timeouts: Vec<u64>) -> impl Strategy<Value = Knobs> {
    (
        (
            prop::option::of(prop::sample::select(SinkWrite::ALL.to_vec())),
            any::<bool>(),
            any::<bool>(),
            any::<bool>(),
            any::<bool>(),
            any::<bool>(),
            any::<bool>(),
        ),
        (
            any::<bool>(),
            any::<bool>(),
            any::<bool>(),
            prop::sample::select(vec![0u64, 10, 1_000, 60_000, 3_600_000]),
            prop::sample::select(timeouts),
            prop::sample::select(vec![0u64, 10, 10_000, 120_000]),
            prop::sample::select(vec![0u64, 60_000, 86_400_000]),
        ),
        (
            any::<bool>(),
            any::<bool>(),
            any::<bool>(),
            prop::sample::select(vec![0u64, 120_000]),
            any::<bool>(),
            any::<bool>(),
            any::<bool>(),
        ),
    )
        .prop_map(
            |(
                (sink_write, read_committed, fencing, idem, atomic, key, two_phase),
                (idem_commit, consumer_dedup, merge, window, sink_timeout, restart, retention),
                (
                    generation_fencing,
                    revoke_commit,
                    acks_all,
                    delivery,
                    atomic_offsets,
                    restore_state,
                    sink_connector,
                ),
            )| Knobs {
                sink_write,
                commit_every: 1,
                isolation: if read_committed {
                    Isolation::ReadCommitted
                } else {
                    Isolation::ReadUncommitted
                },
                fencing,
                producer_idempotence: idem,
                dedup_window_ms: window,
                dedup_atomic: atomic,
                idempotency_key: key,
                key_retention_ms: retention,
                two_phase,
                idempotent_commit: idem_commit,
                sink_txn_timeout_ms: sink_timeout,
                transaction_timeout_ms: sink_timeout,
                restart_ms: restart,
                consumer_dedup,
                downstream: if merge {
                    DownstreamDedup::Merge
                } else {
                    DownstreamDedup::QueryView
                },
                generation_fencing,
                revoke_commit,
                acks: if acks_all { Acks::All } else { Acks::Zero },
                delivery_timeout_ms: delivery,
                atomic_offsets,
                restore_state,
                sink_connector,
                ..Knobs::default()
            },
        )
}

proptest! {
    #![proptest_config(config())]

    /// Kafka transactions, read_committed, fencing and producer idempotence on: the
    /// reader sees every event exactly once whatever crashes, zombies, rebalances,
    /// timeouts and lost acks happen.
    #[test]
    fn kafka_transactions_are_exactly_once(
        raw in raw(),
        restart in prop::sample::select(vec![0u64, 10, 10_000, 120_000]),
        timeout in prop::sample::select(vec![60_000u64, 900_000]),
    ) {
        let d = design(DesignKind::KafkaTransactions, |k| {
            k.isolation = Isolation::ReadCommitted;
            k.fencing = true;
            k.producer_idempotence = true;
            k.restart_ms = restart;
            k.transaction_timeout_ms = timeout;
        });
        let sc = build(&raw, d, &PROCESS_FAULTS, true);
        let bad = bad_rows(&sc);
        prop_assert!(bad.is_empty(), "{bad:?}\n{}", sc.to_json());
    }

    /// In the style of Kafka's transactions_test.py, with zombies: whatever the
    /// `transactional.id` setting, with generation fencing on no schedule of zombies
    /// (among crashes, rebalances and timeouts) loses or duplicates an event under
    /// read_committed, and a zombie refused with ILLEGAL_GENERATION never commits.
    #[test]
    fn generation_fencing_stops_zombies_whatever_the_transactional_id(
        raw in raw(),
        fencing in any::<bool>(),
        external in any::<bool>(),
    ) {
        let kind = if external { DesignKind::TransactionsExternal } else { DesignKind::KafkaTransactions };
        let d = design(kind, |k| {
            k.isolation = Isolation::ReadCommitted;
            k.fencing = fencing;
            k.generation_fencing = true;
            k.producer_idempotence = true;
            k.idempotency_key = true;
        });
        let kinds = [FaultKind::Zombie, FaultKind::Zombie, FaultKind::Crash, FaultKind::Rebalance, FaultKind::Timeout];
        let sc = build(&raw, d, &kinds, true);
        let bad = bad_rows(&sc);
        prop_assert!(bad.is_empty(), "{bad:?}\n{}", sc.to_json());
        let t = simulate(&sc);
        for s in t.steps.iter().filter(|s| s.outcome == Outcome::Refused(Why::StaleGeneration)) {
            let state = s.txn.and_then(|x| t.world.coordinator.txn(x)).map(|x| x.state);
            prop_assert_eq!(state, Some(TxnState::Aborted), "{}", sc.to_json());
        }
    }

    /// A rebalance alone never duplicates when each record is committed after its
    /// write: the member keeps its generation until its next poll(), so its commit is
    /// accepted, and nothing is replayed.
    #[test]
    fn a_rebalance_alone_never_duplicates_when_each_record_is_committed(
        raw in raw(),
        which in 0usize..5,
    ) {
        let kind = [
            DesignKind::AtLeastOnce,
            DesignKind::IdempotentSink,
            DesignKind::DedupStore,
            DesignKind::Outbox,
            DesignKind::DownstreamDedup,
        ][which];
        let mut raw = raw;
        raw.commit_every = 1;
        let d = design(kind, |k| {
            k.sink_write = Some(SinkWrite::Insert);
            k.consumer_dedup = false;
        });
        let sc = build(&raw, d, &[FaultKind::Rebalance], true);
        prop_assert!(bad_rows(&sc).is_empty(), "{:?}\n{}", bad_rows(&sc), sc.to_json());
        let t = simulate(&sc);
        prop_assert!(!t.steps.iter().any(|s| s.kind == StepKind::Poll && s.attempt.delivery > 1), "{}", sc.to_json());
    }

    /// With batched commits, rebalances replay nothing when an onPartitionsRevoked
    /// listener commits what was processed, and Kafka Streams (the transactional
    /// designs, no idempotency key) replays nothing and calls the provider once per
    /// event: a revoked task's transaction is committed first.
    #[test]
    fn a_committed_revocation_replays_nothing(raw in raw(), which in 0usize..3) {
        let d = match which {
            0 => design(DesignKind::AtLeastOnce, |k| {
                k.revoke_commit = true;
                k.sink_write = Some(SinkWrite::Insert);
            }),
            1 => design(DesignKind::KafkaTransactions, |k| k.fencing = false),
            _ => design(DesignKind::TransactionsExternal, |k| k.idempotency_key = false),
        };
        let sc = build(&raw, d, &[FaultKind::Rebalance], true);
        prop_assert!(bad_rows(&sc).is_empty(), "{:?}\n{}", bad_rows(&sc), sc.to_json());
        let t = simulate(&sc);
        prop_assert!(!t.steps.iter().any(|s| s.kind == StepKind::Poll && s.attempt.delivery > 1), "{}", sc.to_json());
        if which == 2 {
            prop_assert_eq!(t.world.external.effects.len(), sc.workload.events.len());
        }
    }

    /// Producer-side losses: with acks=all and outages shorter than
    /// delivery.timeout.ms, dropped sends are retried and nothing is lost; with
    /// idempotence the lost acks' retries add nothing either. With acks=0 nothing is
    /// ever retried, so the log never holds a record twice.
    #[test]
    fn dropped_sends_are_retried_with_acks_all_and_never_duplicated_with_acks_0(
        raw in raw(),
        acks_all in any::<bool>(),
    ) {
        let d = design(DesignKind::AtLeastOnce, |k| {
            k.acks = if acks_all { Acks::All } else { Acks::Zero };
            k.producer_idempotence = true;
        });
        let kinds = [FaultKind::SendLost, FaultKind::LostAck, FaultKind::SendLost, FaultKind::TimePasses];
        let sc = build(&raw, d, &kinds, true);
        let t = simulate(&sc);
        let mut in_log = vec![0u32; sc.workload.events.len()];
        for r in t.world.input.partitions.iter().flatten() {
            in_log[r.event as usize] += 1;
        }
        prop_assert!(in_log.iter().all(|&n| n <= 1), "{in_log:?}\n{}", sc.to_json());
        if acks_all {
            prop_assert!(bad_rows(&sc).is_empty(), "{:?}\n{}", bad_rows(&sc), sc.to_json());
        } else {
            let dups: Vec<_> = bad_rows(&sc).into_iter().filter(|r| r.1 == Verdict::Duplicate).collect();
            prop_assert!(dups.is_empty(), "{dups:?}\n{}", sc.to_json());
        }
    }

    /// A restarted producer gets a new producer id: its re-sends are duplicates in the
    /// log whatever enable.idempotence says, exactly one extra copy per restart, and
    /// an upsert keyed by the event id still shows each event once.
    #[test]
    fn a_producer_restart_adds_a_copy_that_only_an_event_id_upsert_absorbs(
        raw in raw(),
        idem in any::<bool>(),
    ) {
        let d = design(DesignKind::IdempotentSink, |k| k.producer_idempotence = idem);
        let kinds = [FaultKind::ProducerRestart, FaultKind::Crash, FaultKind::ProducerRestart];
        let sc = build(&raw, d, &kinds, true);
        let t = simulate(&sc);
        let restarts = sc.faults.iter().filter(|f| f.kind == FaultKind::ProducerRestart).count();
        let extra = t.world.input.partitions.iter().map(Vec::len).sum::<usize>() - sc.workload.events.len();
        prop_assert_eq!(extra, restarts, "{}", sc.to_json());
        prop_assert!(bad_rows(&sc).is_empty(), "{:?}\n{}", bad_rows(&sc), sc.to_json());
    }

    /// The four-part chain (idempotent producer, offsets in the checkpoint, state
    /// restored from it, an idempotent set-to-value sink or a transactional one): no
    /// schedule of crashes and lost acks loses or duplicates an event.
    #[test]
    fn the_four_part_chain_holds_under_crashes_and_lost_acks(
        raw in raw(),
        transactional in any::<bool>(),
    ) {
        let d = design(DesignKind::TwoPhaseCommit, |k| {
            k.producer_idempotence = true;
            k.atomic_offsets = true;
            k.restore_state = true;
            k.two_phase = transactional;
            k.sink_write = Some(if transactional { SinkWrite::Insert } else { SinkWrite::SetTotal });
        });
        let kinds = [FaultKind::Crash, FaultKind::LostAck];
        let sc = build(&raw, d, &kinds, true);
        let bad = bad_rows(&sc);
        prop_assert!(bad.is_empty(), "{bad:?}\n{}", sc.to_json());
    }

    /// Kafka Streams → JDBC sink connector → Postgres: no crash, zombie, rebalance,
    /// timeout or lost ack of the Streams application duplicates a Postgres row
    /// (exactly-once holds inside Kafka), and an upserting connector absorbs its
    /// own crashes too.
    #[test]
    fn streams_into_postgres_duplicates_only_at_the_connector(raw in raw(), upsert in any::<bool>()) {
        let d = design(DesignKind::KafkaTransactions, |k| {
            k.sink_connector = true;
            k.sink_write = Some(if upsert { SinkWrite::Upsert } else { SinkWrite::Insert });
        });
        let sc = build(&raw, d.clone(), &PROCESS_FAULTS, true);
        prop_assert!(bad_rows(&sc).is_empty(), "{:?}\n{}", bad_rows(&sc), sc.to_json());
        if upsert {
            let sc = build(&raw, d, &[FaultKind::ConnectorCrash, FaultKind::Crash], true);
            prop_assert!(bad_rows(&sc).is_empty(), "{:?}\n{}", bad_rows(&sc), sc.to_json());
        }
    }

    /// Whatever the design, knobs and faults, every step is an arrow between two
    /// lifelines the scenario's diagram has.
    #[test]
    fn every_step_is_drawn_between_lanes_of_the_diagram(
        raw in raw(),
        kind in any_design(),
        knobs in any_knobs(),
    ) {
        let sc = build(&raw, Design { kind, knobs }, &FaultKind::ALL, true);
        let lanes = eoslab::model::trace::lanes(&sc);
        for (i, s) in simulate(&sc).steps.iter().enumerate() {
            prop_assert!(
                lanes.contains(&s.from) && lanes.contains(&s.to),
                "step {i}: {:?} → {:?}\n{}", s.from, s.to, sc.to_json()
            );
        }
    }

    /// At-least-once never loses an event, with or without producer idempotence.
    #[test]
    fn at_least_once_never_loses(
        raw in raw(),
        idem in any::<bool>(),
        how in prop::sample::select(vec![SinkWrite::Insert, SinkWrite::Increment, SinkWrite::Upsert]),
        restart in prop::sample::select(vec![0u64, 10_000]),
    ) {
        let d = design(DesignKind::AtLeastOnce, |k| {
            k.producer_idempotence = idem;
            k.sink_write = Some(how);
            k.restart_ms = restart;
        });
        let kinds = [FaultKind::Crash, FaultKind::LostAck, FaultKind::Zombie, FaultKind::Rebalance, FaultKind::TimePasses];
        let sc = build(&raw, d, &kinds, true);
        let lost: Vec<_> = bad_rows(&sc).into_iter().filter(|r| r.1 == Verdict::Lost).collect();
        prop_assert!(lost.is_empty(), "{lost:?}\n{}", sc.to_json());
    }

    /// At-most-once never duplicates an event (with producer idempotence on: without
    /// it, a lost ack's retry legitimately duplicates the input record).
    #[test]
    fn at_most_once_never_duplicates(raw in raw()) {
        let d = design(DesignKind::AtMostOnce, |k| k.producer_idempotence = true);
        let kinds = [FaultKind::Crash, FaultKind::LostAck, FaultKind::Zombie, FaultKind::Rebalance, FaultKind::TimePasses];
        let sc = build(&raw, d, &kinds, true);
        let dups: Vec<_> = bad_rows(&sc).into_iter().filter(|r| r.1 == Verdict::Duplicate).collect();
        prop_assert!(dups.is_empty(), "{dups:?}\n{}", sc.to_json());
    }

    /// The idempotent sink never holds two rows with the same key for one event id,
    /// whatever the faults and the producer.
    #[test]
    fn idempotent_sink_keeps_one_row_per_event(raw in raw(), idem in any::<bool>()) {
        let d = design(DesignKind::IdempotentSink, |k| k.producer_idempotence = idem);
        let sc = build(&raw, d, &FaultKind::ALL, true);
        let t = simulate(&sc);
        let mut keys = HashSet::new();
        for r in &t.world.sink.rows {
            prop_assert!(keys.insert(r.key.clone()), "two rows for {}\n{}", r.key, sc.to_json());
            prop_assert_eq!(r.events.len(), 1);
        }
        prop_assert_eq!(keys.len(), sc.workload.events.len(), "{}", sc.to_json());
    }

    /// Checkpoints with a two-phase-commit sink, an idempotent commit and a sink
    /// timeout longer than a restart neither lose nor duplicate under crashes.
    #[test]
    fn two_phase_commit_survives_crashes(
        raw in raw(),
        restart in prop::sample::select(vec![10u64, 10_000, 60_000]),
    ) {
        let d = design(DesignKind::TwoPhaseCommit, |k| {
            k.two_phase = true;
            k.idempotent_commit = true;
            k.sink_txn_timeout_ms = 900_000;
            k.restart_ms = restart;
        });
        let sc = build(&raw, d, &[FaultKind::Crash], true);
        let bad = bad_rows(&sc);
        prop_assert!(bad.is_empty(), "{bad:?}\n{}", sc.to_json());
    }

    /// Every design configured for an exactly-once effect (idempotent producer,
    /// upserts, atomic dedup with a long window, idempotency keys, consumer dedup,
    /// fencing, read_committed) shows each event once under process faults.
    #[test]
    fn designs_configured_for_exactly_once_hold(raw in raw(), which in 0usize..6) {
        let (kind, kinds): (DesignKind, &[FaultKind]) = match which {
            0 => (DesignKind::IdempotentSink, &[FaultKind::Crash, FaultKind::LostAck, FaultKind::Zombie, FaultKind::Rebalance]),
            1 => (DesignKind::DedupStore, &[FaultKind::Crash, FaultKind::LostAck, FaultKind::Zombie, FaultKind::Rebalance]),
            2 => (DesignKind::TransactionsExternal, &PROCESS_FAULTS),
            3 => (DesignKind::Outbox, &[FaultKind::Crash, FaultKind::LostAck, FaultKind::Zombie, FaultKind::Rebalance, FaultKind::RelayCrash]),
            4 => (DesignKind::DownstreamDedup, &[FaultKind::Crash, FaultKind::LostAck, FaultKind::Zombie, FaultKind::Rebalance]),
            _ => (DesignKind::TwoPhaseCommit, &[FaultKind::Crash, FaultKind::LostAck, FaultKind::Zombie]),
        };
        let d = design(kind, |k| {
            k.producer_idempotence = true;
            k.idempotency_key = true;
        });
        let sc = build(&raw, d, kinds, true);
        let bad = bad_rows(&sc);
        prop_assert!(bad.is_empty(), "{bad:?}\n{}", sc.to_json());
    }

    /// The ledger agrees with the final world: effects recounted from the world,
    /// state counts from the store, totals from the reader's view and the store.
    #[test]
    fn ledger_agrees_with_the_world(
        raw in raw(),
        kind in any_design(),
        knobs in any_knobs(),
    ) {
        let sc = build(&raw, Design { kind, knobs }, &FaultKind::ALL, true);
        let t = simulate(&sc);
        let l = &t.ledger;
        let w = &t.world;
        let (items, total) = reader_view(&sc, w);
        let effects: u32 = l.rows.iter().map(|r| r.effects).sum();
        prop_assert_eq!(effects as usize, items.len(), "{}", sc.to_json());
        prop_assert_eq!(l.actual_total, total);
        let recounted = recount(&sc, w);
        for (i, r) in l.rows.iter().enumerate() {
            prop_assert_eq!(r.effects, recounted[i], "effects of {}\n{}", r.event_id, sc.to_json());
            prop_assert_eq!(r.state, w.store.count(i as u32), "state of {}", r.event_id);
            if let Some(x) = r.external {
                let n = w.external.effects.iter().filter(|f| f.event == i as u32).count();
                prop_assert_eq!(x as usize, n);
            }
            let want = match r.effects {
                0 => Verdict::Lost,
                1 => Verdict::Ok,
                _ => Verdict::Duplicate,
            };
            if r.external.is_none() {
                prop_assert_eq!(r.verdict, want);
            }
        }
        prop_assert_eq!(l.expected_total, sc.workload.events.iter().map(|e| e.amount).sum::<i64>());
        prop_assert_eq!(l.state_total, w.store.entries.iter().map(|e| e.total).sum::<i64>());
        if !matches!(
            kind,
            DesignKind::KafkaTransactions | DesignKind::TransactionsExternal | DesignKind::Outbox
        ) {
            // The sink's totals are what its rows hold.
            let rows = match (kind, sc.design.knobs.downstream) {
                (DesignKind::DownstreamDedup, DownstreamDedup::Merge) => &w.sink.merged,
                _ => &w.sink.rows,
            };
            if kind != DesignKind::DownstreamDedup {
                prop_assert_eq!(l.actual_total, rows.iter().map(|r| r.value).sum::<i64>());
            }
        }
    }

    /// Without faults every design delivers each event once, whichever sink write
    /// the knob asks for: a write the design cannot make (`set-total` without a
    /// state store) leaves the design's own, and the sink's total is the expected one.
    #[test]
    fn a_run_without_faults_is_exact_with_every_sink_write(
        raw in raw(),
        kind in any_design(),
        which in 0usize..5,
    ) {
        let how = SinkWrite::ALL[which];
        let raw = Raw { faults: Vec::new(), ..raw };
        let sc = build(&raw, design(kind, |k| k.sink_write = Some(how)), &[FaultKind::Crash], true);
        let t = simulate(&sc);
        prop_assert!(bad_rows(&sc).is_empty(), "{:?} {}", bad_rows(&sc), sc.to_json());
        prop_assert_eq!(t.ledger.actual_total, t.ledger.expected_total, "{}", sc.to_json());
        let used = sc.design.sink_write();
        match kind.spec().cannot_write(how) {
            Some(_) => prop_assert_eq!(used, kind.spec().sink_write),
            None => prop_assert_eq!(used, how),
        }
    }

    /// The same scenario always gives the same trace, and `world_at` the end of the
    /// trace gives the trace's final world.
    #[test]
    fn simulation_is_deterministic(raw in raw(), kind in any_design(), knobs in any_knobs()) {
        let sc = build(&raw, Design { kind, knobs }, &FaultKind::ALL, true);
        let a = simulate(&sc);
        let b = simulate(&sc);
        prop_assert!(a == b, "{}", sc.to_json());
        prop_assert!(world_at(&sc, a.steps.len()) == a.world, "{}", sc.to_json());
        // And a scenario that went through its file format runs the same.
        let back = Scenario::from_json(&sc.to_json()).expect("round trip");
        prop_assert!(simulate(&back) == a);
    }

    /// Any design, any knobs, any faults anchored anywhere (fitting or not): the run
    /// never panics and stops within its step budget.
    #[test]
    fn simulation_always_terminates(
        raw in raw(),
        kind in any_design(),
        knobs in any_knobs(),
        fitting in any::<bool>(),
    ) {
        let sc = build(&raw, Design { kind, knobs }, &FaultKind::ALL, fitting);
        let t = simulate(&sc);
        prop_assert_eq!(t.faults.len(), sc.faults.len());
        prop_assert_eq!(t.ledger.rows.len(), sc.workload.events.len());
        let budget = 200 + 60 * sc.workload.events.len() + 40 * sc.faults.len();
        prop_assert!(t.steps.len() <= budget);
    }

    /// With timeouts a transaction can meet, any design, knobs and faults (fitting or
    /// not): the run finishes with the reader's read, not by running out of steps.
    #[test]
    fn simulation_always_finishes(
        raw in raw(),
        kind in any_design(),
        knobs in realistic_knobs(),
        fitting in any::<bool>(),
    ) {
        let sc = build(&raw, Design { kind, knobs }, &FaultKind::ALL, fitting);
        let t = simulate(&sc);
        prop_assert_eq!(t.faults.len(), sc.faults.len());
        let last = t.steps.last().map(|s| s.kind);
        prop_assert_eq!(last, Some(StepKind::Read), "cut short after {} steps\n{}", t.steps.len(), sc.to_json());
        prop_assert_eq!(t.steps.iter().filter(|s| s.kind == StepKind::Read).count(), 1);
        for (i, f) in t.faults.iter().enumerate() {
            if let FaultStatus::Fired(at) = f {
                prop_assert_eq!(t.steps[*at as usize].fault, Some(i as u16));
            }
        }
    }
}

proptest! {
    // Each case runs every single placement twice over nine designs: fewer cases.
    #![proptest_config(ProptestConfig { cases: config().cases / 16, ..config() })]

    /// The break-it search agrees with placing each single fault by hand: as many
    /// placements, as many breaks, and its smallest one breaks the same events when
    /// simulated on its own.
    #[test]
    fn explore_agrees_with_placing_by_hand(raw in raw(), knobs in realistic_knobs()) {
        let mut raw = raw;
        raw.faults.clear();
        raw.events.truncate(4);
        let sc = build(&raw, Design { kind: DesignKind::AtLeastOnce, knobs }, &[], true);
        let opts = explore::Options { max_faults: 1, kinds: FaultKind::ALL.to_vec(), design: None };
        for report in explore::explore(&sc, &opts) {
            let mut base = sc.clone();
            base.design.kind = report.design;
            let t = simulate(&base);
            let (mut tried, mut broken) = (0, 0);
            let mut first: Option<Scenario> = None;
            for i in 0..t.steps.len() {
                for kind in FaultKind::ALL {
                    let mut one = base.clone();
                    if edit::place(&mut one, &t, i, kind).is_err() {
                        continue;
                    }
                    tried += 1;
                    if !simulate(&one).ledger.all_ok() {
                        broken += 1;
                        first.get_or_insert(one);
                    }
                }
            }
            prop_assert_eq!(report.tried, tried, "{:?}", report.design);
            prop_assert_eq!(report.broken, broken, "{:?}", report.design);
            if report.broken_without_faults {
                // A knob alone can break a design (ids shared by several events): the
                // smallest breaking placement is then no fault at all.
                prop_assert!(!simulate(&base).ledger.all_ok());
                prop_assert_eq!(report.smallest.map(|b| b.faults.len()), Some(0));
                continue;
            }
            match (&report.smallest, first) {
                (None, None) => {}
                (Some(b), Some(by_hand)) => {
                    prop_assert_eq!(&b.faults, &by_hand.faults);
                    let mut again = base.clone();
                    again.faults = b.faults.clone();
                    let l = simulate(&again).ledger;
                    let ids = |v: Verdict| l.rows.iter().filter(|r| r.verdict == v).map(|r| r.event_id.clone()).collect::<Vec<_>>();
                    prop_assert_eq!(&b.lost, &ids(Verdict::Lost));
                    prop_assert_eq!(&b.duplicated, &ids(Verdict::Duplicate));
                }
                (a, b) => prop_assert!(false, "{:?}: explore {a:?}, by hand {b:?}", report.design),
            }
        }
    }
}

/// An anchor that is not in the run is reported as not reached, not a panic.
#[test]
fn an_unreached_anchor_is_reported() {
    let raw = Raw {
        events: vec![(0, 10, 0), (1, 20, 0)],
        partitions: 1,
        commit_every: 1,
        faults: vec![],
    };
    let mut sc = build(&raw, Design::new(DesignKind::AtLeastOnce), &[], true);
    sc.faults.push(Fault::new(
        FaultKind::Crash,
        Anchor {
            after: StepKind::Poll,
            event: Some("evt-2".into()),
            nth: 5,
        },
    ));
    let t = simulate(&sc);
    assert_eq!(t.faults, vec![FaultStatus::NotReached]);
    assert!(t.ledger.all_ok());
}

fn merge_scenario(faults: Vec<Fault>) -> Scenario {
    let raw = Raw {
        events: vec![(0, 1, 0), (0, 1, 0)],
        partitions: 1,
        commit_every: 2,
        faults: vec![],
    };
    let mut sc = build(&raw, Design::new(DesignKind::DownstreamDedup), &[], true);
    sc.faults = faults;
    sc
}

fn after_merge(kind: FaultKind) -> Fault {
    Fault::new(
        kind,
        Anchor {
            after: StepKind::Merge,
            event: None,
            nth: 1,
        },
    )
}

/// The merge is the downstream batch job after processing: a process fault there
/// does not fit, and the run still ends with the reader's read.
#[test]
fn a_fault_after_the_merge_keeps_the_read() {
    for kind in [FaultKind::Crash, FaultKind::Rebalance, FaultKind::Zombie] {
        let sc = merge_scenario(vec![after_merge(kind)]);
        let t = simulate(&sc);
        assert!(
            matches!(t.faults[0], FaultStatus::DoesNotFit(..)),
            "{kind:?}: {:?}",
            t.faults[0]
        );
        let last = t.steps.last().expect("steps");
        assert_eq!(
            last.kind,
            StepKind::Read,
            "{kind:?}: the run ends without a read"
        );
        assert!(!last.zombie, "{kind:?}: the zombie does the reader's read");
    }
}

/// The world at the end of the trace is the final world, whatever the faults (a
/// zombie that stops does so within its last step).
#[test]
fn a_fault_after_the_merge_keeps_world_at_the_end_equal_to_the_final_world() {
    let crash = Fault::new(FaultKind::Crash, Anchor::new(StepKind::Send, "evt-1"));
    let sc = merge_scenario(vec![after_merge(FaultKind::Zombie), crash]);
    let t = simulate(&sc);
    assert!(world_at(&sc, t.steps.len()) == t.world);
}

/// With `dedup_atomic` the seen id is inserted in the same transaction as the sink
/// row, so a zombie paused after its check of evt-1 cannot write evt-1 again once the
/// new instance has written and recorded it.
#[test]
fn an_atomic_dedup_store_refuses_a_zombies_write() {
    let raw = Raw {
        events: vec![(0, 1, 0), (0, 1, 0)],
        partitions: 1,
        commit_every: 1,
        faults: vec![],
    };
    let mut sc = build(&raw, Design::new(DesignKind::DedupStore), &[], true);
    sc.faults.push(Fault::new(
        FaultKind::Zombie,
        Anchor::new(StepKind::DedupCheck, "evt-1"),
    ));
    let t = simulate(&sc);
    assert!(matches!(t.faults[0], FaultStatus::Fired(_)));
    assert!(
        t.ledger.all_ok(),
        "{:?}",
        t.ledger
            .duplicates()
            .map(|r| &r.event_id)
            .collect::<Vec<_>>()
    );
}

proptest! {
    #![proptest_config(config())]

    /// A stable idempotency key never double-charges under any schedule of timeouts,
    /// crashes, zombies and rebalances, whatever the provider's speed.
    #[test]
    fn a_stable_key_never_double_charges(raw in raw(), slow in any::<bool>()) {
        let d = design(DesignKind::TransactionsExternal, |k| {
            k.idempotency_key = true;
            k.ids = IdSource::Stable;
            k.provider_ms = if slow { 2_000 } else { 0 };
        });
        let sc = build(&raw, d, &[FaultKind::LostAck, FaultKind::Crash, FaultKind::Zombie, FaultKind::Rebalance], true);
        let t = simulate(&sc);
        let twice: Vec<_> = t.ledger.rows.iter().filter(|r| r.external.unwrap_or(0) > 1).map(|r| r.event_id.clone()).collect();
        prop_assert!(twice.is_empty(), "{twice:?}\n{}", sc.to_json());
    }

    /// A key made per attempt can double-charge: a single timeout of any call does.
    #[test]
    fn a_per_attempt_key_double_charges_on_a_timeout(raw in raw(), which in 0usize..8) {
        let mut raw = raw;
        raw.faults.clear();
        let d = design(DesignKind::TransactionsExternal, |k| {
            k.idempotency_key = true;
            k.ids = IdSource::PerAttempt;
        });
        let mut sc = build(&raw, d, &[], true);
        let e = which % sc.workload.events.len();
        let id = sc.workload.events[e].id.clone();
        sc.faults.push(Fault::new(FaultKind::LostAck, Anchor::new(StepKind::ExternalCall, &id)));
        let t = simulate(&sc);
        prop_assert_eq!(t.ledger.rows[e].external, Some(2), "{}", sc.to_json());
    }

    /// Seen id recorded before the effect (not atomically): crashes never duplicate.
    /// Recorded after the effect: crashes never lose.
    #[test]
    fn record_then_effect_never_duplicates_effect_then_record_never_loses(
        raw in raw(),
        first in any::<bool>(),
    ) {
        let order = if first { DedupOrder::RecordThenEffect } else { DedupOrder::EffectThenRecord };
        let d = design(DesignKind::DedupStore, |k| {
            k.dedup_atomic = false;
            k.dedup_order = order;
            k.producer_idempotence = true;
        });
        let sc = build(&raw, d, &[FaultKind::Crash], true);
        let bad = bad_rows(&sc);
        let want = if first { Verdict::Duplicate } else { Verdict::Lost };
        prop_assert!(bad.iter().all(|b| b.1 != want), "{bad:?}\n{}", sc.to_json());
    }

    /// The windowed seen-id store never keeps an id older than its window after it
    /// was last touched, and an unbounded one keeps one id per event ever seen.
    #[test]
    fn a_windowed_store_stays_bounded_and_an_unbounded_one_grows(
        raw in raw(),
        unbounded in any::<bool>(),
        window in prop::sample::select(vec![0u64, 10, 50]),
    ) {
        let d = design(DesignKind::DedupStore, |k| {
            k.dedup_unbounded = unbounded;
            k.dedup_window_ms = window;
        });
        let sc = build(&raw, d, &[FaultKind::Crash, FaultKind::LostAck, FaultKind::TimePasses], true);
        let t = simulate(&sc);
        let seen = &t.world.seen;
        if unbounded {
            prop_assert_eq!(seen.evicted, 0);
            let distinct: HashSet<u32> = seen.ids.iter().map(|s| s.event).collect();
            prop_assert_eq!(distinct.len(), sc.workload.events.len());
        } else {
            // Ids are kept in the order they were recorded, and after every step that
            // touches the store none is older than the window.
            for (i, s) in t.steps.iter().enumerate() {
                if matches!(s.kind, StepKind::DedupCheck | StepKind::RecordSeen) {
                    let w = world_at(&sc, i + 1);
                    // The step read the clock before its own 10 ms were added.
                    let now = s.clock_ms.saturating_sub(STEP_MS);
                    prop_assert!(w.seen.ids.iter().all(|x| now.saturating_sub(x.at) <= window), "{}", sc.to_json());
                }
            }
            prop_assert!(seen.peak as usize >= seen.ids.len());
        }
    }

    /// With stable ids, an atomic dedup store and an unbounded window, no crash, lost
    /// ack or passing time duplicates or loses an event.
    #[test]
    fn an_unbounded_atomic_dedup_store_holds_whatever_time_passes(raw in raw()) {
        let d = design(DesignKind::DedupStore, |k| {
            k.dedup_unbounded = true;
            k.producer_idempotence = false;
        });
        let sc = build(&raw, d, &[FaultKind::Crash, FaultKind::LostAck, FaultKind::TimePasses], true);
        let bad = bad_rows(&sc);
        prop_assert!(bad.is_empty(), "{bad:?}\n{}", sc.to_json());
    }

    /// SET of SUM(amount) over an ON CONFLICT table with stable ids is exact under
    /// crashes for every sink-writing design; SET of the state store is not always.
    #[test]
    fn set_from_an_idempotent_sum_is_exact(raw in raw(), kind in prop::sample::select(vec![DesignKind::AtLeastOnce, DesignKind::IdempotentSink, DesignKind::DownstreamDedup])) {
        let d = design(kind, |k| k.sink_write = Some(SinkWrite::SetSum));
        let sc = build(&raw, d, &[FaultKind::Crash, FaultKind::Rebalance, FaultKind::Zombie], true);
        let bad = bad_rows(&sc);
        prop_assert!(bad.is_empty(), "{bad:?}\n{}", sc.to_json());
    }
}
