//! Presets: one per worked example of the lessons, each with a one-sentence lesson
//! and a default fault placement that shows it.

use super::scenario::{
    Acks, Anchor, DedupOrder, Design, DesignKind, Fault, FaultKind, IdSource, InputEvent,
    Isolation, Names, Scenario, SinkWrite, StepKind, Workload,
};

/// A worked example: a scenario plus what it teaches.
#[derive(Clone, Debug, PartialEq)]
pub struct Preset {
    /// Name used in links and the CLI.
    pub slug: &'static str,
    /// Title in the picker.
    pub title: &'static str,
    /// The lesson in one sentence.
    pub lesson: &'static str,
    /// Which lesson text it comes from.
    pub source: &'static str,
    /// The scenario, default faults included.
    pub scenario: Scenario,
}

fn events(list: &[(&str, &str, i64)]) -> Workload {
    Workload {
        partitions: 1,
        events: list
            .iter()
            .map(|&(id, key, amount)| InputEvent {
                id: id.into(),
                key: key.into(),
                amount,
                partition: 0,
            })
            .collect(),
        generate: None,
    }
}

fn orders() -> Workload {
    events(&[
        ("evt-1", "user-1", 50),
        ("evt-2", "user-2", 50),
        ("evt-3", "user-1", 50),
    ])
}

fn fault(kind: FaultKind, after: StepKind, event: &str) -> Fault {
    Fault::new(kind, Anchor::new(after, event))
}

struct Builder(Scenario);

impl Builder {
    fn new(title: &str, kind: DesignKind, workload: Workload) -> Builder {
        Builder(Scenario::new(title, workload, Design::new(kind)))
    }
    fn names(mut self, f: impl FnOnce(&mut Names)) -> Builder {
        f(&mut self.0.names);
        self
    }
    fn knobs(mut self, f: impl FnOnce(&mut super::scenario::Knobs)) -> Builder {
        f(&mut self.0.design.knobs);
        self
    }
    fn fault(mut self, f: Fault) -> Builder {
        self.0.faults.push(f);
        self
    }
}

fn preset(
    slug: &'static str,
    title: &'static str,
    source: &'static str,
    lesson: &'static str,
    b: Builder,
) -> Preset {
    Preset {
        slug,
        title,
        lesson,
        source,
        scenario: b.0,
    }
}

fn loyalty(n: &mut Names) {
    n.input_topic = "orders".into();
    n.event_type = "OrderPlaced".into();
    n.store = "loyalty-store".into();
    n.output_topic = "points-awarded".into();
    n.output_type = "PointsAwarded".into();
    n.external = "send email".into();
    n.total = "points".into();
}

fn payments(n: &mut Names) {
    n.input_topic = "charge-requests".into();
    n.event_type = "ChargeCustomer".into();
    n.store = "payments-store".into();
    n.output_topic = "payments".into();
    n.output_type = "PaymentCaptured".into();
    n.external = "charge card".into();
    n.total = "charged".into();
}

fn charges() -> Workload {
    events(&[
        ("order-121", "customer-7", 25),
        ("order-122", "customer-8", 40),
        ("order-123", "customer-7", 25),
    ])
}

/// Every preset, in the order of the lessons.
pub fn all() -> Vec<Preset> {
    [
        offsets_and_producer(),
        idempotent_writes(),
        kafka_transactions(),
        zombies_and_rebalances(),
        checkpoints_and_downstream(),
        payment_retries(),
        payment_keys(),
    ]
    .concat()
}

/// Offsets before or after the write, and the producer's sends.
fn offsets_and_producer() -> Vec<Preset> {
    use DesignKind as D;
    use FaultKind as F;
    use StepKind as S;
    vec![
        preset(
            "db-then-commit",
            "At-least-once: write the row, then commit the offset",
            "Exactly-Once Semantics (failure scenarios)",
            "A crash after the database write and before the offset commit replays the record: the row is written twice.",
            Builder::new("Write the row, then commit", D::AtLeastOnce, orders())
                .fault(fault(F::Crash, S::SinkWrite, "evt-2")),
        ),
        preset(
            "commit-then-db",
            "At-most-once: commit the offset, then write the row",
            "Exactly-Once Semantics (failure scenarios)",
            "A crash after the offset commit and before the database write skips the record on restart: the row is lost.",
            Builder::new("Commit, then write the row", D::AtMostOnce, orders())
                .fault(fault(F::Crash, S::CommitOffset, "evt-2")),
        ),
        preset(
            "lost-ack",
            "Lost ack: the producer retries",
            "Exactly-Once Semantics (at-least-once producer)",
            "The broker wrote the message but the ack was lost; without enable.idempotence the retry leaves two copies in the topic.",
            Builder::new("Producer retry after a lost ack", D::AtLeastOnce, orders())
                .knobs(|k| k.producer_idempotence = false)
                .fault(fault(F::LostAck, S::Send, "evt-2")),
        ),
        preset(
            "producer-acks-0",
            "At-most-once producer: acks=0",
            "Exactly-Once Semantics (at-most-once)",
            "A send the network drops never reaches the log. With acks=0 the producer never hears of it and never retries, so the event is lost; with acks=all it retries until delivery.timeout.ms. Unlike a lost ack, nothing was written.",
            Builder::new("Fire and forget", D::AtLeastOnce, orders())
                .knobs(|k| k.acks = Acks::Zero)
                .fault(fault(F::SendLost, S::CommitOffset, "evt-1")),
        ),
        preset(
            "producer-restart",
            "A restarted producer re-sends under a new producer id",
            "Delivery semantics (the idempotent producer)",
            "enable.idempotence dedupes retries within one producer session. A producer without a transactional.id that restarts before its ack arrives gets a new producer id, so the record it sends again is a second copy in the log.",
            Builder::new("Producer restart before the ack", D::AtLeastOnce, orders())
                .fault(fault(F::ProducerRestart, S::Send, "evt-2")),
        ),
    ]
}

/// Writes that absorb a replay, or do not: increments, seen ids, upserts, the outbox.
fn idempotent_writes() -> Vec<Preset> {
    use DesignKind as D;
    use FaultKind as F;
    use StepKind as S;
    vec![
        preset(
            "daily-revenue-increment",
            "Daily revenue: increment vs upsert",
            "Exactly-Once Semantics (effectively once)",
            "revenue += amount is not idempotent: a replay counts the order twice. Upserting one row per order and summing does not.",
            Builder::new("UPDATE daily_revenue SET revenue = revenue + amount", D::AtLeastOnce, orders())
                .names(|n| n.table = "daily_revenue".into())
                .knobs(|k| k.sink_write = Some(SinkWrite::Increment))
                .fault(fault(F::Crash, S::SinkWrite, "evt-2")),
        ),
        preset(
            "dedup-window",
            "Windowed dedup: a replay after a long outage",
            "Exactly-Once Semantics (windowed deduplication)",
            "The processor crashes after writing evt-1 and stays down for two hours; its replay arrives after the one-hour window has evicted evt-1's id, so it is written again. An unbounded store would catch it, at the cost of keeping every id forever.",
            Builder::new("Dedup window of 1 hour, outage of 2 hours", D::DedupStore, orders())
                .fault(fault(F::Crash, S::SinkWrite, "evt-1"))
                .fault(Fault {
                    kind: F::TimePasses,
                    at: Anchor {
                        after: S::Restart,
                        event: None,
                        nth: 1,
                    },
                    ms: None,
                }),
        ),
        preset(
            "dedup-not-atomic",
            "Processed-key check that is not atomic",
            "Exactly-Once Semantics (idempotency keys)",
            "Writing the warehouse row and then marking the key as processed are two steps: a crash in between processes the event again.",
            Builder::new("Mark processed after the write", D::DedupStore, orders())
                .knobs(|k| k.dedup_atomic = false)
                .fault(fault(F::Crash, S::SinkWrite, "evt-2")),
        ),
        preset(
            "dedup-record-first",
            "Mark processed first, then write",
            "Exactly-Once Semantics, Idempotency, and Deduplication",
            "Recording the id before the effect, as a separate write, is the other half of the same mistake: a crash in between leaves the id recorded and the row unwritten, so the replay skips evt-2 and it is lost.",
            Builder::new("Mark processed, then write the row", D::DedupStore, orders())
                .knobs(|k| {
                    k.dedup_atomic = false;
                    k.dedup_order = DedupOrder::RecordThenEffect;
                })
                .fault(fault(F::Crash, S::RecordSeen, "evt-2")),
        ),
        preset(
            "dedup-uuid-per-attempt",
            "Dedup on an id generated per attempt",
            "Delivery semantics (common pitfalls: no stable event_id)",
            "The id is generated downstream, a new UUID on every attempt: the replay after the crash carries another id, the seen-id store cannot recognise it, and evt-2 is written twice. An id assigned at the source (evt-2) is caught.",
            Builder::new("Seen-id store keyed by a fresh UUID", D::DedupStore, orders())
                .knobs(|k| k.ids = IdSource::PerAttempt)
                .fault(fault(F::Crash, S::SinkWrite, "evt-2")),
        ),
        preset(
            "set-from-store",
            "SET total = a value the replay double-counted",
            "Exactly-Once Semantics (effectively once)",
            "SET revenue = value is idempotent only if the value is: here it is read from the state store, which the replay added evt-2 to a second time, so the SET writes the wrong total.",
            Builder::new("UPSERT daily_revenue SET revenue = store value", D::AtLeastOnce, orders())
                .names(|n| n.table = "daily_revenue".into())
                .knobs(|k| k.sink_write = Some(SinkWrite::SetTotal))
                .fault(fault(F::Crash, S::SinkWrite, "evt-2")),
        ),
        preset(
            "order-counts-sum",
            "SET from SUM(amount) over an ON CONFLICT table",
            "Exactly-Once Semantics (effectively once)",
            "INSERT INTO order_counts … ON CONFLICT (order_id) DO NOTHING, then SET the total to SUM(amount): the replay finds evt-2's row already there, so the total it sets is right.",
            Builder::new("order_counts ON CONFLICT DO NOTHING, SET total = SUM", D::AtLeastOnce, orders())
                .names(|n| n.table = "order_counts".into())
                .knobs(|k| k.sink_write = Some(SinkWrite::SetSum))
                .fault(fault(F::Crash, S::SinkWrite, "evt-2")),
        ),
    ]
}

/// Kafka transactions: isolation and the sink connector.
fn kafka_transactions() -> Vec<Preset> {
    use DesignKind as D;
    use FaultKind as F;
    use StepKind as S;
    vec![
        preset(
            "outbox-debezium",
            "Outbox + Debezium: the relay republishes",
            "Exactly-Once Semantics (the outbox pattern)",
            "Business row and outbox row commit together, but the relay is at-least-once: after a crash it republishes, and only a consumer that dedupes on the outbox id stays exact.",
            Builder::new("Outbox relayed by CDC", D::Outbox, orders())
                .names(|n| {
                    n.table = "orders".into();
                    n.output_topic = "order-events".into();
                })
                .knobs(|k| k.consumer_dedup = false)
                .fault(fault(F::RelayCrash, S::RelayPublish, "evt-2")),
        ),
        preset(
            "loyalty-eos",
            "Loyalty points inside Kafka (exactly_once_v2)",
            "End-to-End Exactly-Once Pipelines",
            "OrderPlaced → loyalty-store → PointsAwarded is one transaction: a crash before the commit aborts it, and the replay awards the points once.",
            Builder::new("Loyalty points with Kafka transactions", D::KafkaTransactions, orders())
                .names(loyalty)
                .fault(fault(F::Crash, S::Produce, "evt-2")),
        ),
        preset(
            "loyalty-email",
            "Loyalty email outside the transaction",
            "End-to-End Exactly-Once Pipelines",
            "The email provider cannot join the Kafka transaction: a replay sends the email again unless the call carries an idempotency key.",
            Builder::new("Points plus an email", D::TransactionsExternal, orders())
                .names(loyalty)
                .fault(fault(F::Crash, S::ExternalCall, "evt-2")),
        ),
        preset(
            "streams-to-postgres",
            "Kafka Streams → Postgres through a sink connector",
            "Exactly-once semantics in streams (where it stops)",
            "Inside Kafka Streams exactly_once_v2 holds: order-totals has each record once. The JDBC sink connector outside it is at-least-once: crashing between the Postgres INSERT and its offset commit, it writes the row twice.",
            Builder::new("Streams (exactly_once_v2), then a JDBC sink connector", D::KafkaTransactions, orders())
                .names(|n| {
                    n.output_topic = "order-totals".into();
                    n.table = "orders_pg".into();
                })
                .knobs(|k| k.sink_connector = true)
                .fault(fault(F::ConnectorCrash, S::SinkWrite, "evt-2")),
        ),
    ]
}

/// Zombies, their two fences, and rebalances.
fn zombies_and_rebalances() -> Vec<Preset> {
    use DesignKind as D;
    use FaultKind as F;
    use StepKind as S;
    vec![
        preset(
            "eos-read-uncommitted",
            "EOS with a read_uncommitted reader",
            "Exactly-once semantics in streams (the first trap)",
            "The producer side is transactional but the reader is read_uncommitted: it sees the aborted write and the replay, so it counts twice.",
            Builder::new("Transactions, read_uncommitted downstream", D::KafkaTransactions, orders())
                .knobs(|k| k.isolation = Isolation::ReadUncommitted)
                .fault(fault(F::Crash, S::Produce, "evt-2")),
        ),
        preset(
            "zombie-no-fencing",
            "A zombie with neither fence",
            "Exactly-once semantics in streams (transactional id)",
            "With a fresh transactional.id per instance and offsets sent without the group's generation, nothing fences the paused instance: it wakes up and commits its transaction next to the new owner's.",
            Builder::new("Zombie, fresh transactional.id, no group metadata", D::KafkaTransactions, orders())
                .knobs(|k| {
                    k.fencing = false;
                    k.generation_fencing = false;
                })
                .fault(fault(F::Zombie, S::Produce, "evt-2")),
        ),
        preset(
            "zombie-generation-fence",
            "The group generation fences a zombie (KIP-447)",
            "Exactly-Once Semantics (transactional consumers)",
            "sendOffsetsToTransaction(offsets, consumer.groupMetadata()) carries the member's generation: the zombie's is stale, the coordinator answers ILLEGAL_GENERATION, and it aborts, even without a stable transactional.id.",
            Builder::new("Zombie fenced by its generation", D::KafkaTransactions, orders())
                .names(loyalty)
                .knobs(|k| k.fencing = false)
                .fault(fault(F::Zombie, S::Produce, "evt-2")),
        ),
        preset(
            "zombie-unstable-offsets",
            "The new owner waits for a zombie's pending offsets",
            "Exactly-Once Semantics (transactional consumers)",
            "A zombie paused after sendOffsetsToTransaction holds offsets in a transaction still open: the new owner's offset fetch gets UNSTABLE_OFFSET_COMMIT and waits until that transaction commits or aborts, so it never resumes from a stale offset.",
            Builder::new("Offsets pending in a zombie's transaction", D::KafkaTransactions, orders())
                .names(loyalty)
                .knobs(|k| k.fencing = false)
                .fault(fault(F::Zombie, S::SendOffsets, "evt-2")),
        ),
        preset(
            "rebalance-batched-commits",
            "A rebalance with batched commits",
            "Exactly-Once Semantics (at-least-once consumers)",
            "A rebalance is not a crash: the member finishes the record in hand, and only in its next poll() are its partitions revoked. What it processed since its last batched commit is replayed by the new owner, unless an onPartitionsRevoked listener commits it first.",
            Builder::new("Rebalance, one commit per three records", D::AtLeastOnce, orders())
                .knobs(|k| k.commit_every = 3)
                .fault(fault(F::Rebalance, S::SinkWrite, "evt-2")),
        ),
    ]
}

/// Checkpoints and two-phase commit, downstream dedup, the four-part chain.
fn checkpoints_and_downstream() -> Vec<Preset> {
    use DesignKind as D;
    use FaultKind as F;
    use StepKind as S;
    vec![
        preset(
            "loyalty-email-rebalance",
            "Loyalty email: a rebalance is not a crash",
            "End-to-End Exactly-Once Pipelines",
            "Kafka Streams commits a revoked task's transaction before giving it up: a clean rebalance replays nothing and sends no second email, where a crash at the same point sends it twice.",
            Builder::new("Points plus an email, then a rebalance", D::TransactionsExternal, orders())
                .names(loyalty)
                .knobs(|k| k.commit_every = 3)
                .fault(fault(F::Rebalance, S::ExternalCall, "evt-2")),
        ),
        preset(
            "flink-2pc-recommit",
            "Flink 2PC sink: crash before the commit notification",
            "Exactly-once semantics in streams (two-phase commit sinks)",
            "A crash after the checkpoint completed but before notifyCheckpointComplete is recovered by committing the parked transaction on restore.",
            Builder::new("Two-phase-commit sink", D::TwoPhaseCommit, orders())
                .fault(fault(F::Crash, S::CheckpointComplete, "evt-2")),
        ),
        preset(
            "flink-2pc-timeout",
            "Flink 2PC sink: transaction timeout shorter than the downtime",
            "Exactly-once semantics in streams (two-phase commit sinks)",
            "If the database's transaction timeout is shorter than the restart, the parked transaction is rolled back before the re-commit: its rows are lost.",
            Builder::new("2PC sink with a short transaction timeout", D::TwoPhaseCommit, orders())
                .knobs(|k| {
                    k.sink_txn_timeout_ms = 5_000;
                    k.restart_ms = 10_000;
                })
                .fault(fault(F::Crash, S::CheckpointComplete, "evt-2")),
        ),
        preset(
            "checkpoint-alone",
            "A checkpoint alone is not exactly-once",
            "Delivery semantics (common pitfalls)",
            "The checkpoint restores the processor's state exactly, but the replay writes the sink again: without an idempotent or transactional sink the rows are duplicated.",
            Builder::new("Checkpoints with a plain INSERT sink", D::TwoPhaseCommit, orders())
                .knobs(|k| k.two_phase = false)
                .fault(fault(F::Crash, S::SinkWrite, "evt-2")),
        ),
        preset(
            "downstream-merge",
            "At-least-once plus a downstream MERGE",
            "Exactly-once semantics in streams (downstream dedup)",
            "The raw table keeps the duplicate; a MERGE on event_id (as in BigQuery) gives the reader one row per event.",
            Builder::new("Raw table, then MERGE", D::DownstreamDedup, orders())
                .fault(fault(F::Crash, S::SinkWrite, "evt-2")),
        ),
        preset(
            "shopflow-evt-9f3",
            "ShopFlow evt-9f3: revenue per minute",
            "Delivery semantics (a traced example)",
            "An idempotent producer absorbs the lost ack, and a checkpoint plus a window upsert absorbs the crash: fact_revenue_1m counts evt-9f3 once.",
            Builder::new(
                "fact_revenue_1m with checkpoints and a window upsert",
                D::TwoPhaseCommit,
                events(&[
                    ("evt-9f1", "10:01", 30),
                    ("evt-9f2", "10:01", 45),
                    ("evt-9f3", "10:01", 25),
                ]),
            )
            .names(|n| {
                n.input_topic = "order_events".into();
                n.event_type = "paid".into();
                n.store = "revenue-1m".into();
                n.table = "fact_revenue_1m".into();
                n.total = "revenue".into();
            })
            .knobs(|k| {
                k.two_phase = false;
                k.sink_write = Some(SinkWrite::SetTotal);
            })
            .fault(fault(F::LostAck, S::Send, "evt-9f3"))
            .fault(fault(F::Crash, S::SinkWrite, "evt-9f3")),
        ),
    ]
}

/// Payments: a retry after a crash or a timeout, with or without a stable key.
fn payment_retries() -> Vec<Preset> {
    use DesignKind as D;
    use FaultKind as F;
    use StepKind as S;
    vec![
        preset(
            "exactly-once-chain",
            "Exactly-once is a chain of four parts",
            "Delivery semantics (exactly-once, end to end)",
            "Idempotent producer, offsets committed with state and output, state restored from the checkpoint, and an idempotent (or transactional) sink: with all four no crash or lost ack breaks fact_revenue_1m; turn any one off and some placement does.",
            Builder::new(
                "Four parts: producer, transactions, checkpoints, sink",
                D::TwoPhaseCommit,
                events(&[
                    ("evt-9f1", "10:01", 30),
                    ("evt-9f2", "10:01", 45),
                    ("evt-9f3", "10:01", 25),
                ]),
            )
            .names(|n| {
                n.input_topic = "order_events".into();
                n.event_type = "paid".into();
                n.store = "revenue-1m".into();
                n.table = "fact_revenue_1m".into();
                n.total = "revenue".into();
            })
            .knobs(|k| {
                k.producer_idempotence = true;
                k.atomic_offsets = true;
                k.restore_state = true;
                k.two_phase = false;
                k.sink_write = Some(SinkWrite::SetTotal);
            })
            .fault(fault(F::LostAck, S::Send, "evt-9f2"))
            .fault(fault(F::Crash, S::SinkWrite, "evt-9f2")),
        ),
        preset(
            "payment-order-123",
            "Payment worker charges order-123",
            "Exactly-Once Semantics, Idempotency, and Deduplication",
            "The worker charges the card, then crashes before recording it; the redelivery charges again unless the request carries idempotency key charge:order-123.",
            Builder::new("Charge, then crash", D::TransactionsExternal, charges())
                .names(payments)
                .fault(fault(F::Crash, S::ExternalCall, "order-123")),
        ),
        preset(
            "payment-timeout-retry",
            "Payment API times out, the worker retries",
            "Exactly-Once Semantics, Idempotency, and Deduplication",
            "The provider charged the card but the response timed out; a blind retry charges twice, a retry with the same idempotency key returns the stored result.",
            Builder::new("Retry after a timeout", D::TransactionsExternal, charges())
                .names(payments)
                .fault(fault(F::LostAck, S::ExternalCall, "order-123")),
        ),
    ]
}

/// Payments: the rest of the idempotency-key contract.
fn payment_keys() -> Vec<Preset> {
    use DesignKind as D;
    use FaultKind as F;
    use StepKind as S;
    vec![
        preset(
            "payment-key-per-retry",
            "An idempotency key made afresh for each retry",
            "Exactly-Once Semantics, Idempotency, and Deduplication",
            "The worker sends a key, but a new one on every attempt: the retry after the timeout carries another key, the provider sees a new request, and order-123 is charged twice. charge:order-123, derived from the order, is stable across retries.",
            Builder::new("Retry with a new key", D::TransactionsExternal, charges())
                .names(payments)
                .knobs(|k| {
                    k.idempotency_key = true;
                    k.ids = IdSource::PerAttempt;
                })
                .fault(fault(F::LostAck, S::ExternalCall, "order-123")),
        ),
        preset(
            "payment-in-progress",
            "Retry while the first request is still in progress",
            "Exactly-Once Semantics, Idempotency, and Deduplication",
            "The provider takes two seconds; the worker times out and retries at once with charge:order-123. The provider answers 409 Conflict (request in progress), the worker retries later and gets the stored result: one charge.",
            Builder::new("A slow provider and an impatient worker", D::TransactionsExternal, charges())
                .names(payments)
                .knobs(|k| {
                    k.idempotency_key = true;
                    k.provider_ms = 2_000;
                })
                .fault(fault(F::LostAck, S::ExternalCall, "order-123")),
        ),
        preset(
            "payment-key-expired",
            "The provider forgot the key",
            "Exactly-Once Semantics, Idempotency, and Deduplication",
            "The worker charges order-123 and crashes; it is back only after 25 hours, when the provider (keeping keys 24 h) has forgotten charge:order-123, so the redelivery charges again.",
            Builder::new("Redelivery after the key retention", D::TransactionsExternal, charges())
                .names(payments)
                .knobs(|k| k.idempotency_key = true)
                .fault(fault(F::Crash, S::ExternalCall, "order-123"))
                .fault(Fault {
                    kind: F::TimePasses,
                    at: Anchor {
                        after: S::Restart,
                        event: None,
                        nth: 1,
                    },
                    ms: Some(25 * 3_600_000),
                }),
        ),
    ]
}

/// The preset named `slug`.
pub fn find(slug: &str) -> Option<Preset> {
    all().into_iter().find(|p| p.slug == slug)
}

/// The preset the lab opens with.
pub fn first() -> Preset {
    let mut all = all();
    all.swap_remove(0)
}
