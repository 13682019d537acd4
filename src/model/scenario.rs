//! The scenario: what a learner edits and what travels in links and files.
//!
//! A scenario is a workload (input events), a design with its knobs, and a fault
//! schedule whose faults are anchored to named points of the run ("after the sink
//! write of evt-2"), so a placement keeps its meaning when other things change.

use super::designs::REGISTRY;
use super::expect::Expect;
use super::limits;
use serde::{Deserialize, Serialize};
use std::fmt;

/// The scenario format's version; a file of another version is refused.
pub const SCENARIO_VERSION: u32 = 1;

/// Everything needed to reproduce one run, byte for byte.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Scenario {
    /// Format version, [`SCENARIO_VERSION`].
    pub version: u32,
    /// A short title shown above the diagram.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub title: String,
    /// Seed for anything random (a generated workload).
    #[serde(default, skip_serializing_if = "is_zero")]
    pub seed: u64,
    /// The names the lesson uses for topics, tables and effects.
    #[serde(default, skip_serializing_if = "Names::is_default")]
    pub names: Names,
    /// The input events.
    pub workload: Workload,
    /// The delivery design and its knobs.
    pub design: Design,
    /// Faults, each anchored to a point of the run.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub faults: Vec<Fault>,
    /// The outcome the file expects of its run (checked by `eoslab check`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub expect: Option<Expect>,
}

fn is_zero(n: &u64) -> bool {
    *n == 0
}

/// The lesson's words for the pipeline's parts, used in labels and narration.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Names {
    /// Input topic, e.g. `orders`.
    pub input_topic: String,
    /// Input event type, e.g. `OrderPlaced`.
    pub event_type: String,
    /// State store, e.g. `loyalty-store`.
    pub store: String,
    /// Sink table, e.g. `order_events`.
    pub table: String,
    /// Output topic, e.g. `points-awarded`.
    pub output_topic: String,
    /// Output event type, e.g. `PointsAwarded`.
    pub output_type: String,
    /// The external side effect, e.g. `send email`.
    pub external: String,
    /// The business total, e.g. `revenue`.
    pub total: String,
}

impl Default for Names {
    fn default() -> Self {
        Names {
            input_topic: "orders".into(),
            event_type: "OrderPlaced".into(),
            store: "totals-store".into(),
            table: "order_events".into(),
            output_topic: "order-totals".into(),
            output_type: "OrderCounted".into(),
            external: "send email".into(),
            total: "revenue".into(),
        }
    }
}

impl Names {
    fn is_default(&self) -> bool {
        *self == Names::default()
    }
}

/// The input events, spread over the input topic's partitions.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Workload {
    /// Number of input partitions.
    #[serde(default = "one")]
    pub partitions: u32,
    /// The events, in the order the producer sends them.
    #[serde(default)]
    pub events: Vec<InputEvent>,
    /// Generate this many events from the scenario's seed (instead of listing them).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub generate: Option<u32>,
}

fn one() -> u32 {
    1
}

/// One input event with a stable event id, e.g. `OrderPlaced { user, amount }`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct InputEvent {
    /// Stable event id, e.g. `evt-1`.
    pub id: String,
    /// Record key (the aggregate key: user, minute, order).
    pub key: String,
    /// Business amount (money, points).
    pub amount: i64,
    /// Input partition.
    #[serde(default)]
    pub partition: u32,
}

impl Workload {
    /// A small workload of `n` events over `keys` keys with amounts from `seed`.
    pub fn generated(n: u32, partitions: u32, seed: u64) -> Workload {
        let mut rng = SplitMix64(seed);
        let keys = (n / 4).clamp(1, 26);
        let events = (0..n)
            .map(|i| {
                let key = rng.next_u64() % u64::from(keys);
                InputEvent {
                    id: format!("evt-{}", i + 1),
                    key: format!("user-{}", key + 1),
                    amount: 10 * (1 + (rng.next_u64() % 10) as i64),
                    partition: (rng.next_u64() % u64::from(partitions.max(1))) as u32,
                }
            })
            .collect();
        Workload {
            partitions: partitions.max(1),
            events,
            generate: None,
        }
    }
}

/// A tiny deterministic generator (SplitMix64) so the model needs no `rand`.
#[derive(Clone, Debug)]
pub struct SplitMix64(pub u64);

impl SplitMix64 {
    /// The next pseudo-random number.
    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
}

/// A delivery design and its knobs.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Design {
    /// Which design.
    pub kind: DesignKind,
    /// Its knobs (missing ones take their defaults).
    #[serde(default, skip_serializing_if = "Knobs::is_default")]
    pub knobs: Knobs,
}

impl Design {
    /// A design with default knobs.
    pub fn new(kind: DesignKind) -> Design {
        Design {
            kind,
            knobs: Knobs::default(),
        }
    }

    /// How the sink is written: the knob if set and the design can write that way
    /// ([`DesignSpec::cannot_write`](super::designs::DesignSpec::cannot_write)),
    /// else the design's own default.
    pub fn sink_write(&self) -> SinkWrite {
        let spec = super::designs::spec(self.kind);
        match self.knobs.sink_write {
            Some(how) if spec.cannot_write(how).is_none() => how,
            _ => spec.sink_write,
        }
    }

    /// Whether a sink connector copies the output topic into a table.
    pub fn has_sink_connector(&self) -> bool {
        self.knobs.sink_connector && super::designs::spec(self.kind).connector.is_some()
    }
}

/// The nine designs of the seeds, each simulated by its own mechanism.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum DesignKind {
    /// Commit the offset, then process and write.
    AtMostOnce,
    /// Process and write the sink, then commit the offset.
    AtLeastOnce,
    /// At-least-once with upserts keyed by event id.
    IdempotentSink,
    /// A store of seen event ids, checked before the effect.
    DedupStore,
    /// Kafka transactions (exactly_once_v2): output, changelog and offsets commit together.
    KafkaTransactions,
    /// Kafka transactions plus an external side effect outside the boundary.
    TransactionsExternal,
    /// Flink-style checkpoints and a two-phase-commit sink.
    TwoPhaseCommit,
    /// Business row and outbox row in one DB transaction, relayed by CDC.
    Outbox,
    /// At-least-once into a raw table, deduplicated downstream (MERGE or a view).
    DownstreamDedup,
}

impl DesignKind {
    /// Every design, in the order the lab lists them: the designs' registry.
    pub const ALL: [DesignKind; REGISTRY.len()] = {
        let mut all = [DesignKind::AtMostOnce; REGISTRY.len()];
        let mut i = 0;
        while i < all.len() {
            all[i] = REGISTRY[i].kind;
            i += 1;
        }
        all
    };

    /// The name used in files and links.
    pub fn slug(self) -> &'static str {
        self.spec().slug
    }

    /// The design's name in plain words.
    pub fn title(self) -> &'static str {
        self.spec().title
    }

    /// Parses a slug.
    pub fn from_slug(s: &str) -> Option<DesignKind> {
        DesignKind::ALL.into_iter().find(|d| d.slug() == s)
    }

    /// Whether the processor's output is a Kafka topic written in transactions.
    pub fn is_kafka_transactional(self) -> bool {
        self.spec().kafka_transactional
    }

    /// The knobs that mean something for this design.
    pub fn knobs(self) -> &'static [Knob] {
        self.spec().knobs
    }

    /// Everything that makes this design what it is.
    pub fn spec(self) -> &'static super::designs::DesignSpec {
        super::designs::spec(self)
    }
}

impl fmt::Display for DesignKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.slug())
    }
}

/// One knob of a design, for pickers that show only the knobs that matter.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Knob {
    /// [`Knobs::sink_write`]
    SinkWrite,
    /// [`Knobs::commit_every`]
    CommitEvery,
    /// [`Knobs::isolation`]
    Isolation,
    /// [`Knobs::fencing`]
    Fencing,
    /// [`Knobs::producer_idempotence`]
    ProducerIdempotence,
    /// [`Knobs::dedup_window_ms`]
    DedupWindowMs,
    /// [`Knobs::dedup_atomic`]
    DedupAtomic,
    /// [`Knobs::idempotency_key`]
    IdempotencyKey,
    /// [`Knobs::key_retention_ms`]
    KeyRetentionMs,
    /// [`Knobs::two_phase`]
    TwoPhase,
    /// [`Knobs::idempotent_commit`]
    IdempotentCommit,
    /// [`Knobs::sink_txn_timeout_ms`]
    SinkTxnTimeoutMs,
    /// [`Knobs::transaction_timeout_ms`]
    TransactionTimeoutMs,
    /// [`Knobs::restart_ms`]
    RestartMs,
    /// [`Knobs::consumer_dedup`]
    ConsumerDedup,
    /// [`Knobs::downstream`]
    Downstream,
    // Kafka-side knobs: fences, rebalances, the producer, the four-part chain.
    /// [`Knobs::generation_fencing`]
    GenerationFencing,
    /// [`Knobs::revoke_commit`]
    RevokeCommit,
    /// [`Knobs::acks`]
    Acks,
    /// [`Knobs::delivery_timeout_ms`]
    DeliveryTimeoutMs,
    /// [`Knobs::atomic_offsets`]
    AtomicOffsets,
    /// [`Knobs::restore_state`]
    RestoreState,
    /// [`Knobs::sink_connector`]
    SinkConnector,
    /// [`Knobs::ids`]
    Ids,
    /// [`Knobs::dedup_order`]
    DedupOrder,
    /// [`Knobs::dedup_unbounded`]
    DedupUnbounded,
    /// [`Knobs::provider_ms`]
    ProviderMs,
}

impl Knob {
    /// The knob in plain words.
    pub fn label(self) -> &'static str {
        match self {
            Knob::SinkWrite => "How the sink is written",
            Knob::CommitEvery => "Records per commit",
            Knob::Isolation => "Downstream reader sees",
            Knob::Fencing => "Fence zombies (stable transactional id)",
            Knob::ProducerIdempotence => "Idempotent producer",
            Knob::DedupWindowMs => "Dedup window",
            Knob::DedupAtomic => "Seen-id written atomically with the effect",
            Knob::IdempotencyKey => "Send an idempotency key",
            Knob::KeyRetentionMs => "Provider keeps keys for",
            Knob::TwoPhase => "Two-phase commit sink",
            Knob::IdempotentCommit => "Commit is idempotent",
            Knob::SinkTxnTimeoutMs => "Sink transaction timeout",
            Knob::TransactionTimeoutMs => "Transaction timeout",
            Knob::RestartMs => "Restart takes",
            Knob::ConsumerDedup => "Consumer dedupes on outbox event id",
            Knob::Downstream => "Downstream dedup",
            Knob::GenerationFencing => "Fence zombies by group generation",
            Knob::RevokeCommit => "Commit processed records when partitions are revoked",
            Knob::Acks => "Producer waits for the broker's ack",
            Knob::DeliveryTimeoutMs => "Producer gives up a send after",
            Knob::AtomicOffsets => "Input offsets commit with state and output",
            Knob::RestoreState => "State store restored from the checkpoint",
            Knob::SinkConnector => "A sink connector copies the output topic into Postgres",
            Knob::Ids => "Event ids and keys come from",
            Knob::DedupOrder => "Without atomicity, record the seen id",
            Knob::DedupUnbounded => "Keep every seen id forever (no eviction)",
            Knob::ProviderMs => "Provider takes per request",
        }
    }

    /// The real configuration name beside the plain words.
    pub fn config_name(self) -> &'static str {
        match self {
            Knob::SinkWrite => "INSERT / UPDATE += / ON CONFLICT",
            Knob::CommitEvery => "commit.interval (records)",
            Knob::Isolation => "isolation.level",
            Knob::Fencing => "transactional.id",
            Knob::ProducerIdempotence => "enable.idempotence",
            Knob::DedupWindowMs => "dedup window (ms)",
            Knob::DedupAtomic => "seen-id in the same DB transaction",
            Knob::IdempotencyKey => "Idempotency-Key header",
            Knob::KeyRetentionMs => "key retention (ms)",
            Knob::TwoPhase => "TwoPhaseCommitSinkFunction",
            Knob::IdempotentCommit => "Committer: commit must be idempotent",
            Knob::SinkTxnTimeoutMs => "transaction.timeout.ms (sink)",
            Knob::TransactionTimeoutMs => "transaction.timeout.ms",
            Knob::RestartMs => "restart delay (ms)",
            Knob::ConsumerDedup => "dedup on outbox id",
            Knob::Downstream => "MERGE / view",
            Knob::GenerationFencing => "sendOffsetsToTransaction(…, consumer.groupMetadata())",
            Knob::RevokeCommit => "onPartitionsRevoked → commitSync",
            Knob::Acks => "acks",
            Knob::DeliveryTimeoutMs => "delivery.timeout.ms",
            Knob::AtomicOffsets => "offsets in the checkpoint (off: enable.auto.commit)",
            Knob::RestoreState => "checkpointed state backend",
            Knob::SinkConnector => "JdbcSinkConnector (insert.mode)",
            Knob::Ids => "event_id / Idempotency-Key",
            Knob::DedupOrder => "seen-id write before / after the effect",
            Knob::DedupUnbounded => "unbounded seen-id store",
            Knob::ProviderMs => "provider processing time (ms)",
        }
    }
}

/// How a database sink applies one input event.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum SinkWrite {
    /// `INSERT` a row per event: a replay adds a second row.
    Insert,
    /// `UPDATE totals SET total = total + amount`: a replay adds the amount again.
    Increment,
    /// `INSERT … ON CONFLICT (event_id) DO UPDATE`: a replay overwrites its row.
    Upsert,
    /// `SET total = <state store value>` keyed by the aggregate key (set, not add).
    SetTotal,
    /// `INSERT … ON CONFLICT (event_id) DO NOTHING` into a per-event table, then
    /// `SET total = SUM(amount)` over that table for the aggregate key.
    SetSum,
}

impl SinkWrite {
    /// Every sink write, for pickers.
    pub const ALL: [SinkWrite; 5] = [
        SinkWrite::Insert,
        SinkWrite::Increment,
        SinkWrite::Upsert,
        SinkWrite::SetTotal,
        SinkWrite::SetSum,
    ];

    /// The name used in files and pickers.
    pub fn slug(self) -> &'static str {
        match self {
            SinkWrite::Insert => "insert",
            SinkWrite::Increment => "increment",
            SinkWrite::Upsert => "upsert",
            SinkWrite::SetTotal => "set-total",
            SinkWrite::SetSum => "set-sum",
        }
    }

    /// Whether rows are keyed by the aggregate key rather than one per event.
    pub fn is_aggregate(self) -> bool {
        matches!(
            self,
            SinkWrite::Increment | SinkWrite::SetTotal | SinkWrite::SetSum
        )
    }
}

/// What a downstream Kafka consumer is allowed to read.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Isolation {
    /// Only committed records, up to the last stable offset.
    ReadCommitted,
    /// Everything written, aborted and open transactions included (Kafka's default).
    ReadUncommitted,
}

/// Where the downstream dedup of the at-least-once raw table happens.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum DownstreamDedup {
    /// A batch `MERGE` into a clean table on event id.
    Merge,
    /// A query-time view that keeps one row per event id.
    QueryView,
}

/// The upstream producer's `acks`: whether it waits for the broker's acknowledgement.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub enum Acks {
    /// `acks=all`: wait for the ack, retry until `delivery.timeout.ms`.
    #[default]
    #[serde(rename = "all")]
    All,
    /// `acks=0`: fire and forget, no ack and no retry (no idempotence either).
    #[serde(rename = "0")]
    Zero,
}

fn is_true(b: &bool) -> bool {
    *b
}

fn is_false(b: &bool) -> bool {
    !*b
}

fn is_default_acks(a: &Acks) -> bool {
    *a == Acks::All
}

fn is_default_delivery_timeout(ms: &u64) -> bool {
    *ms == DEFAULT_DELIVERY_TIMEOUT_MS
}

/// Kafka's default `delivery.timeout.ms` (two minutes).
pub const DEFAULT_DELIVERY_TIMEOUT_MS: u64 = 120_000;
/// Where the ids that dedup, upserts and idempotency keys rely on come from.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum IdSource {
    /// Derived from the business id (`evt-2`, `charge:order-123`): the same on every attempt.
    Stable,
    /// Generated afresh on every attempt (a new UUID per retry, a key from a timestamp).
    PerAttempt,
    /// The record key (`customer-7`): one id shared by several different events.
    RecordKey,
}

impl IdSource {
    /// Every id source, for pickers.
    pub const ALL: [IdSource; 3] = [IdSource::Stable, IdSource::PerAttempt, IdSource::RecordKey];

    /// The name used in files and pickers.
    pub fn slug(self) -> &'static str {
        match self {
            IdSource::Stable => "stable",
            IdSource::PerAttempt => "per-attempt",
            IdSource::RecordKey => "record-key",
        }
    }
}

/// The order of the seen-id record and the effect when they are separate writes.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum DedupOrder {
    /// Write the effect, then record the id: a crash between them duplicates.
    EffectThenRecord,
    /// Record the id, then write the effect: a crash between them loses the event.
    RecordThenEffect,
}

impl DedupOrder {
    /// Both orders, for pickers.
    pub const ALL: [DedupOrder; 2] = [DedupOrder::EffectThenRecord, DedupOrder::RecordThenEffect];

    /// The name used in files and pickers.
    pub fn slug(self) -> &'static str {
        match self {
            DedupOrder::EffectThenRecord => "effect-then-record",
            DedupOrder::RecordThenEffect => "record-then-effect",
        }
    }
}

/// The knobs of every design; each design reads the ones it has.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Knobs {
    /// How the database sink applies an event (`None`: the design's default).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sink_write: Option<SinkWrite>,
    /// Input records per offset commit / transaction / checkpoint.
    pub commit_every: u32,
    /// The downstream reader's `isolation.level`.
    pub isolation: Isolation,
    /// A stable `transactional.id`, so a restarted instance fences the old one.
    pub fencing: bool,
    /// `enable.idempotence` of the producer writing the input topic.
    pub producer_idempotence: bool,
    /// How long the dedup store remembers an event id.
    pub dedup_window_ms: u64,
    /// Whether the seen-id record is written in the same transaction as the effect.
    pub dedup_atomic: bool,
    /// Whether the external call carries an idempotency key.
    pub idempotency_key: bool,
    /// How long the external provider keeps idempotency keys.
    pub key_retention_ms: u64,
    /// Whether the sink joins the checkpoint with a two-phase commit.
    pub two_phase: bool,
    /// Whether committing an already committed sink transaction is a no-op.
    pub idempotent_commit: bool,
    /// The external database's timeout for a prepared sink transaction.
    pub sink_txn_timeout_ms: u64,
    /// Kafka's `transaction.timeout.ms`.
    pub transaction_timeout_ms: u64,
    /// How long a crashed instance takes to come back.
    pub restart_ms: u64,
    /// Whether the outbox topic's consumer dedupes on the outbox event id.
    pub consumer_dedup: bool,
    /// Merge job or query-time view for downstream dedup.
    pub downstream: DownstreamDedup,
    // Kafka-side knobs (left out of files at their defaults).
    /// Offsets go to the transaction with `consumer.groupMetadata()`, so a member of
    /// an older generation gets ILLEGAL_GENERATION (KIP-447).
    #[serde(skip_serializing_if = "is_true")]
    pub generation_fencing: bool,
    /// An `onPartitionsRevoked` listener commits what was processed before the
    /// partitions move.
    #[serde(skip_serializing_if = "is_false")]
    pub revoke_commit: bool,
    /// The upstream producer's `acks`.
    #[serde(skip_serializing_if = "is_default_acks")]
    pub acks: Acks,
    /// The upstream producer's `delivery.timeout.ms`: how long it retries a send.
    #[serde(skip_serializing_if = "is_default_delivery_timeout")]
    pub delivery_timeout_ms: u64,
    /// Input offsets are part of the checkpoint (off: auto-committed when polled, and
    /// recovery resumes from them).
    #[serde(skip_serializing_if = "is_true")]
    pub atomic_offsets: bool,
    /// Recovery rolls the state store back to the checkpoint (off: the store keeps
    /// what it had applied).
    #[serde(skip_serializing_if = "is_true")]
    pub restore_state: bool,
    /// A JDBC sink connector reads the output topic (with `isolation`) and INSERTs
    /// (or upserts, by `sink_write`) into a Postgres table, committing its own offset
    /// after each write: at-least-once, outside the Kafka transaction.
    #[serde(skip_serializing_if = "is_false")]
    pub sink_connector: bool,
    // Sink-side identity, dedup and idempotency-key knobs.
    /// Where event ids and idempotency keys come from (stable, per attempt, record key).
    pub ids: IdSource,
    /// Without an atomic seen-id write: whether the id is recorded before or after the effect.
    pub dedup_order: DedupOrder,
    /// Whether the seen-id store keeps every id forever instead of evicting after the window.
    pub dedup_unbounded: bool,
    /// How long the external provider takes to process one request (0: at once).
    pub provider_ms: u64,
}

impl Default for Knobs {
    fn default() -> Self {
        Knobs {
            sink_write: None,
            commit_every: 1,
            isolation: Isolation::ReadCommitted,
            fencing: true,
            producer_idempotence: true,
            dedup_window_ms: 3_600_000,
            dedup_atomic: true,
            idempotency_key: false,
            key_retention_ms: 86_400_000,
            two_phase: true,
            idempotent_commit: true,
            sink_txn_timeout_ms: 900_000,
            transaction_timeout_ms: 60_000,
            restart_ms: 10_000,
            consumer_dedup: true,
            downstream: DownstreamDedup::Merge,
            generation_fencing: true,
            revoke_commit: false,
            acks: Acks::All,
            delivery_timeout_ms: DEFAULT_DELIVERY_TIMEOUT_MS,
            atomic_offsets: true,
            restore_state: true,
            sink_connector: false,
            ids: IdSource::Stable,
            dedup_order: DedupOrder::EffectThenRecord,
            dedup_unbounded: false,
            provider_ms: 0,
        }
    }
}

impl Knobs {
    fn is_default(&self) -> bool {
        *self == Knobs::default()
    }
}

/// A fault placed on the run.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Fault {
    /// What goes wrong.
    pub kind: FaultKind,
    /// The point of the run right after which it happens.
    pub at: Anchor,
    /// For `time-passes`: how much time (default two hours); for `send-lost`: how long
    /// the broker stays unreachable (default 30 s).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ms: Option<u64>,
}

impl Fault {
    /// A fault of `kind` right after `at`.
    pub fn new(kind: FaultKind, at: Anchor) -> Fault {
        Fault { kind, at, ms: None }
    }
}

/// The failures of the seeds.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum FaultKind {
    /// The processor process dies; a new instance restarts from committed state.
    Crash,
    /// The write succeeded but its acknowledgement never arrives; the sender retries.
    LostAck,
    /// The processor pauses; a new instance takes over; the old one wakes and writes on.
    Zombie,
    /// The consumer group rebalances; partitions move to a new owner.
    Rebalance,
    /// The processor stalls past the transaction timeout; the open transaction is aborted.
    Timeout,
    /// The CDC relay dies before recording its position.
    RelayCrash,
    /// Time passes (beyond a dedup window or a key retention).
    TimePasses,
    /// The network drops the producer's next send: it never reaches the log.
    SendLost,
    /// The upstream producer restarts before an ack arrives, under a new producer id.
    ProducerRestart,
    /// The sink connector's task dies; it restarts from its committed offset.
    ConnectorCrash,
}

impl FaultKind {
    /// Every fault, in palette order.
    pub const ALL: [FaultKind; 10] = [
        FaultKind::Crash,
        FaultKind::LostAck,
        FaultKind::Zombie,
        FaultKind::Rebalance,
        FaultKind::Timeout,
        FaultKind::RelayCrash,
        FaultKind::TimePasses,
        FaultKind::SendLost,
        FaultKind::ProducerRestart,
        FaultKind::ConnectorCrash,
    ];

    /// The name used in files.
    pub fn slug(self) -> &'static str {
        match self {
            FaultKind::Crash => "crash",
            FaultKind::LostAck => "lost-ack",
            FaultKind::Zombie => "zombie",
            FaultKind::Rebalance => "rebalance",
            FaultKind::Timeout => "timeout",
            FaultKind::RelayCrash => "relay-crash",
            FaultKind::TimePasses => "time-passes",
            FaultKind::SendLost => "send-lost",
            FaultKind::ProducerRestart => "producer-restart",
            FaultKind::ConnectorCrash => "connector-crash",
        }
    }

    /// The fault in plain words.
    pub fn title(self) -> &'static str {
        match self {
            FaultKind::Crash => "Crash",
            FaultKind::LostAck => "Lost ack",
            FaultKind::Zombie => "Zombie",
            FaultKind::Rebalance => "Rebalance",
            FaultKind::Timeout => "Txn timeout",
            FaultKind::RelayCrash => "Relay crash",
            FaultKind::TimePasses => "Time passes",
            FaultKind::SendLost => "Send lost",
            FaultKind::ProducerRestart => "Producer restart",
            FaultKind::ConnectorCrash => "Connector crash",
        }
    }

    /// Parses a slug.
    pub fn from_slug(s: &str) -> Option<FaultKind> {
        FaultKind::ALL.into_iter().find(|f| f.slug() == s)
    }
}

/// A named point of a run: the `nth` step of kind `after` for event `event`.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Anchor {
    /// The kind of step.
    pub after: StepKind,
    /// The event the step handles (none for steps that handle no single event).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub event: Option<String>,
    /// Which occurrence of that step for that event (1 = the first).
    #[serde(default = "one", skip_serializing_if = "is_one")]
    pub nth: u32,
}

fn is_one(n: &u32) -> bool {
    *n == 1
}

impl Anchor {
    /// The first step of `after` for `event`.
    pub fn new(after: StepKind, event: &str) -> Anchor {
        Anchor {
            after,
            event: Some(event.to_string()),
            nth: 1,
        }
    }
}

/// The kinds of step (arrows of the sequence diagram) a run is made of.
#[derive(
    Clone, Copy, Debug, Default, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize,
)]
#[serde(rename_all = "kebab-case")]
pub enum StepKind {
    /// Producer sends a record to the input topic.
    Send,
    /// The input topic acknowledges the write.
    Ack,
    /// The processor polls a record.
    Poll,
    /// The processor updates its state store.
    UpdateState,
    /// The processor writes the sink (INSERT / UPDATE / upsert / staged in a sink txn).
    SinkWrite,
    /// The processor commits its consumer offset (`commitSync`).
    CommitOffset,
    /// The processor checks the seen-id store.
    DedupCheck,
    /// The processor records the event id as seen.
    RecordSeen,
    /// `beginTransaction`.
    BeginTxn,
    /// The transactional producer sends an output record.
    Produce,
    /// `sendOffsetsToTransaction`.
    SendOffsets,
    /// `commitTransaction`.
    CommitTxn,
    /// `abortTransaction` (by the processor).
    AbortTxn,
    /// The coordinator writes COMMIT or ABORT markers.
    TxnMarkers,
    /// The processor calls the external API (email, payment).
    ExternalCall,
    /// The external provider finishes a request and stores its result.
    ExternalResult,
    /// Checkpoint barrier: snapshot state and offsets, pre-commit the sink txn.
    PreCommit,
    /// The checkpoint is complete.
    CheckpointComplete,
    /// `notifyCheckpointComplete`.
    NotifyComplete,
    /// The sink commits a pre-committed transaction.
    SinkCommit,
    /// One DB transaction writes the business row and the outbox row.
    OutboxWrite,
    /// The CDC relay publishes an outbox row.
    RelayPublish,
    /// The CDC relay records its position.
    RelayPosition,
    /// The downstream consumer applies a relayed event.
    Consume,
    /// A crashed instance comes back.
    Restart,
    /// Partitions are assigned to a new owner.
    Assign,
    /// The processor fetches its committed offsets.
    FetchOffsets,
    /// `initTransactions` (bumps the epoch, fences the old instance).
    InitTxn,
    /// The state store is restored (changelog or checkpoint).
    RestoreState,
    /// A write is refused (fenced, stale generation, expired transaction).
    Rejected,
    /// A paused instance wakes up.
    Wake,
    /// The downstream MERGE job runs.
    Merge,
    /// In `poll()`, the member's partitions are revoked for a rebalance.
    Revoke,
    /// The downstream reader reads what it may see.
    #[default]
    Read,
    /// A fault happens.
    Fault,
}

impl StepKind {
    /// The name used in anchors.
    pub fn slug(self) -> String {
        serde_json::to_value(self)
            .ok()
            .and_then(|v| v.as_str().map(str::to_string))
            .unwrap_or_default()
    }
}

/// A problem with a scenario, naming the field at fault.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ScenarioError {
    /// Path of the field, e.g. `faults[0].at.event`.
    pub field: String,
    /// What is wrong with it.
    pub message: String,
}

impl fmt::Display for ScenarioError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.field, self.message)
    }
}

impl std::error::Error for ScenarioError {}

fn err(field: impl Into<String>, message: impl Into<String>) -> ScenarioError {
    ScenarioError {
        field: field.into(),
        message: message.into(),
    }
}

/// The most events a scenario may hold (see [`super::limits`]).
pub const MAX_EVENTS: usize = limits::MAX_EVENTS;

impl Scenario {
    /// A scenario of `design` over `workload` with no faults.
    pub fn new(title: &str, workload: Workload, design: Design) -> Scenario {
        Scenario {
            version: SCENARIO_VERSION,
            title: title.to_string(),
            seed: 0,
            names: Names::default(),
            workload,
            design,
            faults: Vec::new(),
            expect: None,
        }
    }

    /// Parses a scenario from JSON, naming the field at fault on error.
    pub fn from_json(text: &str) -> Result<Scenario, ScenarioError> {
        if text.len() > limits::MAX_FILE_BYTES {
            return Err(err(
                "scenario",
                format!(
                    "has more than {} bytes, the most a scenario file may have",
                    limits::MAX_FILE_BYTES
                ),
            ));
        }
        let de = &mut serde_json::Deserializer::from_str(text);
        let mut sc: Scenario = serde_path_to_error::deserialize(de).map_err(|e| {
            let path = e.path().to_string();
            let field = if path == "." { "scenario".into() } else { path };
            err(field, e.inner().to_string())
        })?;
        sc.expand()?;
        sc.validate()?;
        Ok(sc)
    }

    /// The scenario as pretty JSON.
    pub fn to_json(&self) -> String {
        serde_json::to_string_pretty(self).unwrap_or_default()
    }

    /// Fills a generated workload from the seed.
    fn expand(&mut self) -> Result<(), ScenarioError> {
        if let Some(n) = self.workload.generate {
            if self.workload.events.is_empty() {
                if n as usize > MAX_EVENTS {
                    return Err(err(
                        "workload.generate",
                        format!("at most {MAX_EVENTS} events"),
                    ));
                }
                self.workload = Workload::generated(n, self.workload.partitions, self.seed);
            }
        }
        Ok(())
    }

    /// Checks what serde cannot: version, the limits of [`super::limits`], unique
    /// ids, partitions, knobs' ranges, anchors' events.
    pub fn validate(&self) -> Result<(), ScenarioError> {
        if self.version != SCENARIO_VERSION {
            return Err(err(
                "version",
                format!(
                    "this is version {}; EOS Lab reads version {SCENARIO_VERSION}",
                    self.version
                ),
            ));
        }
        if let Some(p) = limits::text_problem(&self.title, limits::MAX_TITLE_CHARS, true) {
            return Err(err("title", p));
        }
        self.validate_names()?;
        self.validate_workload()?;
        self.validate_knobs()?;
        self.validate_faults()
    }

    fn validate_names(&self) -> Result<(), ScenarioError> {
        let n = &self.names;
        let fields = [
            ("input_topic", &n.input_topic),
            ("event_type", &n.event_type),
            ("store", &n.store),
            ("table", &n.table),
            ("output_topic", &n.output_topic),
            ("output_type", &n.output_type),
            ("external", &n.external),
            ("total", &n.total),
        ];
        for (field, text) in fields {
            if let Some(p) = limits::text_problem(text, limits::MAX_TEXT_CHARS, false) {
                return Err(err(format!("names.{field}"), p));
            }
        }
        Ok(())
    }

    fn validate_workload(&self) -> Result<(), ScenarioError> {
        let w = &self.workload;
        if w.partitions == 0 || w.partitions > limits::MAX_PARTITIONS {
            return Err(err(
                "workload.partitions",
                format!("must be between 1 and {}", limits::MAX_PARTITIONS),
            ));
        }
        if w.events.is_empty() {
            return Err(err("workload.events", "needs at least one event"));
        }
        if w.events.len() > MAX_EVENTS {
            return Err(err(
                "workload.events",
                format!(
                    "has {} events; a scenario holds at most {MAX_EVENTS}",
                    w.events.len()
                ),
            ));
        }
        for (i, e) in w.events.iter().enumerate() {
            self.validate_event(i, e)?;
        }
        let mut ids: Vec<&str> = w.events.iter().map(|e| e.id.as_str()).collect();
        ids.sort_unstable();
        if let Some(dup) = ids.windows(2).find(|p| p[0] == p[1]) {
            let i = w.events.iter().rposition(|e| e.id == dup[0]).unwrap_or(0);
            return Err(err(
                format!("workload.events[{i}].id"),
                format!("event id `{}` is used twice", dup[0]),
            ));
        }
        Ok(())
    }

    fn validate_event(&self, i: usize, e: &InputEvent) -> Result<(), ScenarioError> {
        let field = |f: &str| format!("workload.events[{i}].{f}");
        for (f, text) in [("id", &e.id), ("key", &e.key)] {
            if let Some(p) = limits::text_problem(text, limits::MAX_TEXT_CHARS, false) {
                return Err(err(field(f), p));
            }
        }
        if let Some(p) = limits::amount_problem(e.amount) {
            return Err(err(field("amount"), p));
        }
        if e.partition >= self.workload.partitions {
            return Err(err(
                field("partition"),
                format!(
                    "partition {} does not exist (the topic has {})",
                    e.partition, self.workload.partitions
                ),
            ));
        }
        Ok(())
    }

    fn validate_knobs(&self) -> Result<(), ScenarioError> {
        let k = &self.design.knobs;
        if k.commit_every == 0 || k.commit_every > limits::MAX_COMMIT_EVERY {
            return Err(err(
                "design.knobs.commit_every",
                format!("must be between 1 and {}", limits::MAX_COMMIT_EVERY),
            ));
        }
        let durations = [
            ("dedup_window_ms", k.dedup_window_ms),
            ("key_retention_ms", k.key_retention_ms),
            ("sink_txn_timeout_ms", k.sink_txn_timeout_ms),
            ("transaction_timeout_ms", k.transaction_timeout_ms),
            ("restart_ms", k.restart_ms),
            ("delivery_timeout_ms", k.delivery_timeout_ms),
            ("provider_ms", k.provider_ms),
        ];
        for (field, ms) in durations {
            if ms > limits::MAX_MS {
                return Err(err(
                    format!("design.knobs.{field}"),
                    format!("at most {} ms (30 days)", limits::MAX_MS),
                ));
            }
        }
        Ok(())
    }

    fn validate_faults(&self) -> Result<(), ScenarioError> {
        if self.faults.len() > limits::MAX_FAULTS {
            return Err(err(
                "faults",
                format!(
                    "has {} faults; a run holds at most {}",
                    self.faults.len(),
                    limits::MAX_FAULTS
                ),
            ));
        }
        for (i, f) in self.faults.iter().enumerate() {
            if let Some(ev) = &f.at.event {
                if !self.workload.events.iter().any(|e| &e.id == ev) {
                    return Err(err(
                        format!("faults[{i}].at.event"),
                        format!("no event `{ev}` in the workload"),
                    ));
                }
            }
            if f.at.nth == 0 {
                return Err(err(format!("faults[{i}].at.nth"), "counts from 1"));
            }
            if f.ms.is_some_and(|ms| ms > limits::MAX_MS) {
                return Err(err(
                    format!("faults[{i}].ms"),
                    format!("at most {} ms (30 days)", limits::MAX_MS),
                ));
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample() -> Scenario {
        Scenario::new(
            "t",
            Workload::generated(3, 1, 7),
            Design::new(DesignKind::AtLeastOnce),
        )
    }

    #[test]
    fn round_trips_through_json() {
        let mut sc = sample();
        sc.faults.push(Fault::new(
            FaultKind::Crash,
            Anchor::new(StepKind::SinkWrite, "evt-2"),
        ));
        let back = Scenario::from_json(&sc.to_json()).expect("parses");
        assert_eq!(back, sc);
    }

    #[test]
    fn defaults_are_left_out_of_the_file() {
        let json = serde_json::to_string(&sample()).unwrap();
        assert!(!json.contains("knobs"), "{json}");
        assert!(!json.contains("faults"), "{json}");
    }

    #[test]
    fn names_the_field_of_an_unknown_design() {
        let json = sample()
            .to_json()
            .replace("at-least-once", "at-least-twice");
        let e = Scenario::from_json(&json).unwrap_err();
        assert_eq!(e.field, "design.kind");
        assert!(e.message.contains("unknown variant"), "{e}");
    }

    #[test]
    fn refuses_another_version() {
        let json = sample()
            .to_json()
            .replace("\"version\": 1", "\"version\": 9");
        assert_eq!(Scenario::from_json(&json).unwrap_err().field, "version");
    }

    #[test]
    fn refuses_an_anchor_on_a_missing_event() {
        let mut sc = sample();
        sc.faults.push(Fault::new(
            FaultKind::Crash,
            Anchor::new(StepKind::Poll, "evt-99"),
        ));
        assert_eq!(sc.validate().unwrap_err().field, "faults[0].at.event");
    }

    #[test]
    fn generated_workloads_follow_the_seed() {
        assert_eq!(Workload::generated(20, 2, 5), Workload::generated(20, 2, 5));
        assert_ne!(Workload::generated(20, 2, 5), Workload::generated(20, 2, 6));
    }

    #[test]
    fn step_kind_slugs_are_kebab_case() {
        assert_eq!(StepKind::CommitOffset.slug(), "commit-offset");
    }
}
