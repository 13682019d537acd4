//! The pipeline's actors and their state: what a snapshot of the run holds.
//!
//! Plain data. Events are referred to by their index in the workload (`EventIx`),
//! so stepping the world allocates little and cloning it is cheap.

use super::scenario::Isolation;
use serde::Serialize;

/// Index of an event in the scenario's workload.
pub type EventIx = u32;
/// Index of a step in the trace.
pub type StepIx = u32;
/// A transaction id (Kafka transaction or external sink transaction).
pub type TxnId = u32;

/// Who acted: the processor instance number and which delivery of the record it was.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Attempt {
    /// Processor instance (1 = the first; each restart or takeover adds one).
    pub instance: u32,
    /// Which delivery of this record (1 = first, 2 = first replay, …).
    pub delivery: u32,
}

/// A record in the input topic.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct InputRecord {
    /// The event it carries.
    pub event: EventIx,
    /// Producer id of the writer.
    pub producer_id: u64,
    /// Per-partition sequence number of the batch.
    pub sequence: u32,
    /// Step that appended it.
    pub step: StepIx,
}

/// The last sequence the broker accepted from one producer on one partition.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct ProducerStateEntry {
    /// Producer id.
    pub producer_id: u64,
    /// Partition.
    pub partition: u32,
    /// Last sequence written.
    pub last_sequence: u32,
}

/// The input topic: one log per partition, plus the broker's idempotence bookkeeping.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct InputTopic {
    /// Records per partition; a record's offset is its index.
    pub partitions: Vec<Vec<InputRecord>>,
    /// Per producer id and partition, the last sequence written (enable.idempotence).
    pub producer_state: Vec<ProducerStateEntry>,
}

/// The upstream producer writing the input topic.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Producer {
    /// Producer id (PID) of the current session.
    pub producer_id: u64,
    /// Epoch of the session.
    pub epoch: u16,
    /// Next sequence number per partition.
    pub next_sequence: Vec<u32>,
    /// How many workload events it has handed to the topic so far.
    pub sent: u32,
    /// How many of them were acknowledged.
    pub acked: u32,
    /// How many sends it gave up after `delivery.timeout.ms`.
    pub failed: u32,
}

/// The consumer group: committed offsets survive every crash.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct ConsumerGroup {
    /// Generation; bumped by every rebalance. A commit from an older one is refused.
    pub generation: u32,
    /// Committed offset per partition (the next offset to read after a restart).
    pub committed: Vec<u64>,
}

/// The processor's lifecycle.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize)]
pub enum ProcessorStatus {
    /// Processing.
    #[default]
    Running,
    /// Crashed; a new instance is on its way.
    Down,
}

/// A processor instance's producer session (transactional designs).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct ProducerSession {
    /// `transactional.id`.
    pub transactional_id: String,
    /// Producer id.
    pub producer_id: u64,
    /// Epoch; a lower one than the coordinator's is fenced.
    pub epoch: u16,
    /// Output sequence number.
    pub sequence: u32,
}

/// The processor (consumer + state store + producer).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Processor {
    /// Instance number.
    pub instance: u32,
    /// Lifecycle.
    pub status: ProcessorStatus,
    /// Consumer group generation it belongs to.
    pub generation: u32,
    /// Position per partition: the next offset it will fetch.
    pub position: Vec<u64>,
    /// Records processed since the last commit: (partition, offset).
    pub uncommitted: Vec<(u32, u64)>,
    /// Its producer session.
    pub session: ProducerSession,
    /// Its open transaction (Kafka or sink transaction), if any.
    pub open_txn: Option<TxnId>,
}

/// A paused instance that still believes it owns its partitions.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Zombie {
    /// The old instance as it was when it paused.
    pub processor: Processor,
    /// Whether it has woken up.
    pub awake: bool,
}

/// One state-store entry: the aggregate and which events were applied to it.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct StoreEntry {
    /// The aggregate key (user, minute).
    pub key: String,
    /// Running total.
    pub total: i64,
    /// Events applied, with multiplicity.
    pub applied: Vec<EventIx>,
}

/// The processor's state store (a keyed aggregate).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct StateStore {
    /// Entries in key order of first appearance.
    pub entries: Vec<StoreEntry>,
}

impl StateStore {
    /// Applies one event to its key's entry.
    pub fn apply(&mut self, key: &str, amount: i64, event: EventIx) {
        match self.entries.iter_mut().find(|e| e.key == key) {
            Some(e) => {
                e.total = e.total.saturating_add(amount);
                e.applied.push(event);
            }
            None => self.entries.push(StoreEntry {
                key: key.to_string(),
                total: amount,
                applied: vec![event],
            }),
        }
    }

    /// The entry for `key`.
    pub fn get(&self, key: &str) -> Option<&StoreEntry> {
        self.entries.iter().find(|e| e.key == key)
    }

    /// What a checkpoint records of the store: each entry's total and length.
    pub fn snapshot(&self) -> StateSnapshot {
        StateSnapshot {
            entries: self
                .entries
                .iter()
                .map(|e| SnapshotEntry {
                    key: e.key.clone(),
                    total: e.total,
                    applied: e.applied.len(),
                })
                .collect(),
        }
    }

    /// Rolls the store back to `snap`. Between a checkpoint and a restore the store
    /// only grows (entries and applications are appended), so cutting each list back
    /// to its recorded length gives exactly the state at the barrier.
    pub fn restore(&mut self, snap: &StateSnapshot) {
        self.entries.truncate(snap.entries.len());
        for (e, s) in self.entries.iter_mut().zip(&snap.entries) {
            e.total = s.total;
            e.applied.truncate(s.applied);
        }
    }

    /// How many times `event` was applied.
    pub fn count(&self, event: EventIx) -> u32 {
        self.entries
            .iter()
            .map(|e| e.applied.iter().filter(|&&x| x == event).count() as u32)
            .sum()
    }
}

/// A sink row. Per-event rows carry one event; aggregate rows carry their contributions.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct SinkRow {
    /// Primary key: the event id (per-event rows) or the aggregate key.
    pub key: String,
    /// Amount or total.
    pub value: i64,
    /// The events that made this value, with multiplicity.
    pub events: Vec<EventIx>,
    /// Which attempt last wrote it.
    pub attempt: Attempt,
    /// The step that last wrote it.
    pub step: StepIx,
    /// How many times it was written.
    pub writes: u32,
}

/// A write staged in an external sink transaction, applied on commit.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct StagedWrite {
    /// The event written.
    pub event: EventIx,
    /// The id the write is keyed by (upserts).
    pub id: IdKey,
    /// For a set-total write: the total and contributions read from the state store.
    pub set_to: Option<(i64, Vec<EventIx>)>,
    /// Which attempt wrote it.
    pub attempt: Attempt,
    /// The step that staged it.
    pub step: StepIx,
}

/// An external sink transaction (two-phase-commit sink).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct SinkTxn {
    /// Its id.
    pub id: TxnId,
    /// Staged writes, invisible until committed.
    pub staged: Vec<StagedWrite>,
    /// Lifecycle.
    pub state: SinkTxnState,
    /// When it was opened (the database's timeout counts from here).
    pub opened_ms: u64,
    /// The checkpoint it was pre-committed for.
    pub checkpoint: Option<u32>,
}

/// Lifecycle of an external sink transaction.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub enum SinkTxnState {
    /// Rows are being written.
    Open,
    /// Flushed and parked for a checkpoint.
    PreCommitted,
    /// Committed: its rows are in the table.
    Committed,
    /// Aborted (by the job, or by the database's timeout).
    Aborted,
}

impl Sink {
    /// The sink transaction with `id` (ids grow with the list).
    pub fn txn_mut(&mut self, id: TxnId) -> Option<&mut SinkTxn> {
        self.txns
            .binary_search_by_key(&id, |t| t.id)
            .ok()
            .map(|i| &mut self.txns[i])
    }

    /// The sink transaction with `id`.
    pub fn txn(&self, id: TxnId) -> Option<&SinkTxn> {
        self.txns
            .binary_search_by_key(&id, |t| t.id)
            .ok()
            .map(|i| &self.txns[i])
    }
}

/// The database sink: the table the reader queries, plus staging for 2PC.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Sink {
    /// Rows of the table (`names.table`), or of the raw table for downstream dedup.
    pub rows: Vec<SinkRow>,
    /// External transactions of a two-phase-commit sink.
    pub txns: Vec<SinkTxn>,
    /// Transactions whose commit was recorded (an idempotent committer's ledger).
    pub committed_txns: Vec<TxnId>,
    /// The deduplicated table written by the downstream MERGE job.
    pub merged: Vec<SinkRow>,
    /// Whether the merge job has run at least once.
    pub merged_once: bool,
    /// The per-event table a `set-sum` write inserts into with `ON CONFLICT DO NOTHING`.
    pub per_event: Vec<SinkRow>,
}

/// Lifecycle of a Kafka transaction.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub enum TxnState {
    /// Begun; records written are not yet visible to read_committed readers.
    Open,
    /// `commitTransaction` logged; markers will be written whatever happens.
    PrepareCommit,
    /// `abortTransaction` logged (by the producer, a fence, or the timeout).
    PrepareAbort,
    /// COMMIT markers written.
    Committed,
    /// ABORT markers written.
    Aborted,
}

/// A Kafka transaction as the coordinator sees it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Txn {
    /// Its id in this run.
    pub id: TxnId,
    /// `transactional.id` of the producer.
    pub transactional_id: String,
    /// Producer id.
    pub producer_id: u64,
    /// Producer epoch.
    pub epoch: u16,
    /// Lifecycle.
    pub state: TxnState,
    /// When it began (the timeout counts from here).
    pub started_ms: u64,
    /// Input offsets sent to it (partition, next offset); committed with it.
    pub offsets: Vec<(u32, u64)>,
    /// State-store changelog records written in it (key, amount, event).
    pub changelog: Vec<(String, i64, EventIx)>,
    /// Instance that opened it.
    pub instance: u32,
}

/// The transaction coordinator (and, for Flink, the checkpoint coordinator).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Coordinator {
    /// Current epoch per transactional id.
    pub epochs: Vec<(String, u16, u64)>,
    /// Every transaction of the run.
    pub txns: Vec<Txn>,
    /// State as of the last committed transaction: what a restore from changelog gives.
    pub committed_store: StateStore,
    /// Completed checkpoints (two-phase-commit design).
    pub checkpoints: Vec<Checkpoint>,
    /// The checkpoint whose barrier passed but which is not complete yet.
    pub in_progress: Option<Checkpoint>,
    /// The next checkpoint id.
    pub next_checkpoint: u32,
}

impl Coordinator {
    /// The current epoch of `transactional_id`, if registered.
    pub fn epoch_of(&self, transactional_id: &str) -> Option<u16> {
        self.epochs
            .iter()
            .find(|(t, _, _)| t == transactional_id)
            .map(|(_, e, _)| *e)
    }

    /// The transaction with `id` (ids grow with the list, so a binary search finds it).
    pub fn txn(&self, id: TxnId) -> Option<&Txn> {
        self.txns
            .binary_search_by_key(&id, |t| t.id)
            .ok()
            .map(|i| &self.txns[i])
    }

    /// The transaction with `id`, to change it.
    pub fn txn_mut(&mut self, id: TxnId) -> Option<&mut Txn> {
        self.txns
            .binary_search_by_key(&id, |t| t.id)
            .ok()
            .map(|i| &mut self.txns[i])
    }
}

/// The state store as a checkpoint records it.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct StateSnapshot {
    /// One entry per key, in the store's order.
    pub entries: Vec<SnapshotEntry>,
}

/// One key of a [`StateSnapshot`].
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct SnapshotEntry {
    /// The aggregate key.
    pub key: String,
    /// Its total at the barrier.
    pub total: i64,
    /// How many events had been applied to it.
    pub applied: usize,
}

/// A completed Flink checkpoint.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Checkpoint {
    /// Checkpoint id.
    pub id: u32,
    /// Input offsets at the barrier.
    pub offsets: Vec<u64>,
    /// State at the barrier.
    pub state: StateSnapshot,
    /// The sink transaction pre-committed at the barrier, if any.
    pub pending_txn: Option<TxnId>,
}

/// One entry of the output topic's log: a record or a control marker.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub enum OutputEntry {
    /// A data record.
    Record(OutputRecord),
    /// A COMMIT or ABORT marker for a transaction.
    Marker {
        /// Transaction.
        txn: TxnId,
        /// COMMIT (true) or ABORT.
        commit: bool,
    },
}

/// A record of the output topic.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct OutputRecord {
    /// The input event it derives from.
    pub event: EventIx,
    /// The amount it carries.
    pub value: i64,
    /// The Kafka transaction it belongs to (none: non-transactional, e.g. the relay).
    pub txn: Option<TxnId>,
    /// Which attempt wrote it.
    pub attempt: Attempt,
    /// Outbox event id (relayed records).
    pub outbox_id: Option<u32>,
    /// Step that wrote it.
    pub step: StepIx,
}

/// The output topic.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct OutputTopic {
    /// Records and markers; an entry's offset is its index.
    pub log: Vec<OutputEntry>,
}

/// A row of the outbox table.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct OutboxRow {
    /// Outbox event id (what the consumer dedupes on).
    pub id: u32,
    /// The input event behind it.
    pub event: EventIx,
    /// Amount.
    pub value: i64,
}

/// The CDC relay (Debezium) reading the outbox through the database log.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Relay {
    /// Next outbox row it will publish.
    pub position: u32,
    /// The position it last recorded (where it resumes after a crash).
    pub recorded: u32,
    /// Relay instance (1 = first; a crash adds one).
    pub instance: u32,
}

/// The downstream consumer of relayed events.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct DownstreamConsumer {
    /// Next offset of the outbox topic it will read.
    pub position: usize,
    /// Outbox ids it has seen (when it dedupes).
    pub seen: Vec<u32>,
    /// Events it applied: (event, outbox id, step).
    pub applied: Vec<(EventIx, u32, StepIx)>,
}

/// The outbox table, its relay and the consumer behind it.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Outbox {
    /// Outbox rows, in commit order (the database log).
    pub rows: Vec<OutboxRow>,
    /// The relay.
    pub relay: Relay,
    /// The consumer.
    pub consumer: DownstreamConsumer,
}

/// The JDBC sink connector copying the output topic into a database table.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct SinkConnector {
    /// Next offset of the output topic it will read.
    pub position: usize,
    /// Its committed offset (where it resumes after a crash).
    pub committed: usize,
    /// Connector task instance (1 = first; a crash adds one).
    pub instance: u32,
}

/// An effect performed by the external provider (an email sent, a card charged).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct ExternalEffect {
    /// The event behind it.
    pub event: EventIx,
    /// Which attempt asked for it.
    pub attempt: Attempt,
    /// The step that caused it.
    pub step: StepIx,
}

/// The identity an event id or idempotency key carries.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
pub enum IdKey {
    /// Derived from the event's business id: the same on every attempt.
    Event(EventIx),
    /// Generated for one attempt at the event (a fresh UUID; the tag tells attempts apart).
    Fresh(EventIx, u32),
    /// The record key, shared by every event with that key (the first such event).
    Shared(EventIx),
}

impl IdKey {
    /// The event the id was made for (for `Shared`, the first event with the key).
    pub fn event(self) -> EventIx {
        match self {
            IdKey::Event(e) | IdKey::Fresh(e, _) | IdKey::Shared(e) => e,
        }
    }

    /// A generated id's UUID-like text (`3fa9c1d2`), from its event and tag.
    pub fn uuid(event: EventIx, tag: u32) -> String {
        let mut z = (u64::from(event) << 32 | u64::from(tag)).wrapping_mul(0x9E37_79B9_7F4A_7C15);
        z ^= z >> 29;
        format!("{:08x}", (z as u32) | 1)
    }
}

/// Whether the provider has finished a request stored under a key.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub enum KeyState {
    /// The first request is still being processed: a retry gets 409 Conflict.
    InProgress,
    /// Finished: its result is stored and returned to retries.
    Done,
}

/// An idempotency key the provider stores with the first request's parameters and result.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct StoredKey {
    /// The key.
    pub key: IdKey,
    /// The event whose request stored it (its parameters: record key and amount).
    pub event: EventIx,
    /// When it was stored (retention counts from here).
    pub at: u64,
    /// Index of the effect the stored result describes.
    pub effect: usize,
    /// In progress or done.
    pub state: KeyState,
}

/// The external provider (email service, payment API).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct ExternalApi {
    /// Effects performed.
    pub effects: Vec<ExternalEffect>,
    /// Stored idempotency keys (the provider's key store), oldest first.
    pub keys: Vec<StoredKey>,
    /// Keys dropped after their retention.
    pub forgotten: u32,
}

/// One id in the seen-id store.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub struct SeenId {
    /// The id recorded.
    pub id: IdKey,
    /// The event it was recorded for.
    pub event: EventIx,
    /// When it was recorded.
    pub at: u64,
}

/// The dedup store: seen event ids with the time they were recorded.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct SeenIds {
    /// The ids kept, oldest first.
    pub ids: Vec<SeenId>,
    /// Ids evicted after the window so far.
    pub evicted: u32,
    /// The most ids kept at once.
    pub peak: u32,
}

impl SeenIds {
    /// Whether `id` is kept and was recorded within `window_ms` of `now`.
    pub fn contains(&self, id: IdKey, now: u64, window_ms: u64) -> bool {
        self.ids
            .iter()
            .any(|s| s.id == id && now.saturating_sub(s.at) <= window_ms)
    }
}

/// Everything the lab shows at one step of the run.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct World {
    /// Simulated time in milliseconds.
    pub clock_ms: u64,
    /// The upstream producer.
    pub producer: Producer,
    /// The input topic.
    pub input: InputTopic,
    /// The consumer group.
    pub group: ConsumerGroup,
    /// The processor.
    pub processor: Processor,
    /// A paused old instance, if a zombie fault struck.
    pub zombie: Option<Zombie>,
    /// The state store.
    pub store: StateStore,
    /// The transaction / checkpoint coordinator.
    pub coordinator: Coordinator,
    /// The output topic.
    pub output: OutputTopic,
    /// The database sink.
    pub sink: Sink,
    /// The seen-id store.
    pub seen: SeenIds,
    /// The outbox, relay and downstream consumer.
    pub outbox: Outbox,
    /// The external provider.
    pub external: ExternalApi,
    /// The sink connector (Kafka Streams → Postgres).
    pub connector: SinkConnector,
}

impl World {
    /// The last stable offset of the output topic: the first offset of the earliest
    /// transaction still open (or the log end).
    pub fn last_stable_offset(&self) -> u64 {
        for (off, entry) in self.output.log.iter().enumerate() {
            if let OutputEntry::Record(r) = entry {
                if let Some(t) = r.txn.and_then(|t| self.coordinator.txn(t)) {
                    if matches!(
                        t.state,
                        TxnState::Open | TxnState::PrepareCommit | TxnState::PrepareAbort
                    ) {
                        return off as u64;
                    }
                }
            }
        }
        self.output.log.len() as u64
    }

    /// What a downstream reader with `isolation` sees in the output topic: the
    /// offsets of the records it returns.
    pub fn output_visible(&self, isolation: Isolation) -> Vec<usize> {
        let lso = self.last_stable_offset() as usize;
        self.output
            .log
            .iter()
            .enumerate()
            .filter_map(|(off, entry)| match entry {
                OutputEntry::Record(r) => {
                    let visible = match isolation {
                        Isolation::ReadUncommitted => true,
                        Isolation::ReadCommitted => {
                            off < lso
                                && r.txn.is_none_or(|t| {
                                    self.coordinator
                                        .txn(t)
                                        .is_some_and(|t| t.state == TxnState::Committed)
                                })
                        }
                    };
                    visible.then_some(off)
                }
                OutputEntry::Marker { .. } => None,
            })
            .collect()
    }

    /// The output record at `offset`.
    pub fn output_record(&self, offset: usize) -> Option<&OutputRecord> {
        match self.output.log.get(offset) {
            Some(OutputEntry::Record(r)) => Some(r),
            _ => None,
        }
    }

    /// The open Kafka transaction of the live processor, if any.
    pub fn open_kafka_txn(&self) -> Option<&Txn> {
        self.processor
            .open_txn
            .and_then(|t| self.coordinator.txn(t))
            .filter(|t| t.state == TxnState::Open)
    }
}
