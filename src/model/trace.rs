//! The trace of a run: one step per arrow of the sequence diagram.

use super::ledger::Ledger;
use super::scenario::{DesignKind, StepKind};
use super::world::{Attempt, EventIx, IdKey, StepIx, TxnId, World};
use serde::Serialize;

/// A lifeline of the sequence diagram.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
pub enum Actor {
    /// The upstream producer.
    Producer,
    /// The input topic.
    InputTopic,
    /// The processor (consumer + state store + producer), or the order service.
    Processor,
    /// The processor's state store.
    StateStore,
    /// The seen-id store of the dedup design.
    SeenIds,
    /// Kafka's transaction coordinator, or Flink's checkpoint coordinator.
    Coordinator,
    /// The database sink (table, staging, outbox table).
    Sink,
    /// The output topic.
    OutputTopic,
    /// The CDC relay, or the sink connector.
    Relay,
    /// The external provider (email, payment API).
    External,
    /// The downstream reader.
    Reader,
}

/// The lifelines of a design, left to right.
pub fn lifelines(kind: DesignKind) -> &'static [Actor] {
    kind.spec().shape.lifelines
}

/// The lifelines of a scenario: its design's, plus the sink connector and its table
/// when the Kafka Streams design copies its output topic into Postgres.
pub fn lanes(sc: &super::scenario::Scenario) -> &'static [Actor] {
    sc.design.kind.spec().shape_of(&sc.design.knobs).lifelines
}

/// What came of a step.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize)]
pub enum Outcome {
    /// It did what it says.
    #[default]
    Applied,
    /// It was recognised as a repeat and changed nothing.
    NoOp(Why),
    /// It was refused.
    Refused(Why),
}

/// Why a step changed nothing or was refused.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub enum Why {
    /// The broker had this producer id and sequence already (idempotent producer).
    DuplicateSequence,
    /// The event id is in the seen-id store.
    AlreadySeen,
    /// The provider returned the result stored under the idempotency key.
    KeyReplayed,
    /// The sink transaction was committed before (idempotent commit).
    AlreadyCommitted,
    /// The row exists already (`ON CONFLICT DO NOTHING`).
    RowExists,
    /// The producer's epoch is older than the coordinator's (ProducerFenced).
    ProducerFenced,
    /// The consumer's generation is stale (CommitFailedException).
    StaleGeneration,
    /// The transaction was aborted under it (timeout or fence).
    TxnAborted,
    /// The external transaction outlived its timeout and was rolled back.
    TxnExpired,
    /// The task was cancelled by the job manager.
    TaskCancelled,
    /// A transaction holding offsets for the partition is still open
    /// (UNSTABLE_OFFSET_COMMIT): the offset fetch waits.
    UnstableOffsetCommit,
    /// The request never reached the broker (lost in transit).
    NeverArrived,
    /// The producer gave up after `delivery.timeout.ms`.
    DeliveryTimeout,
    /// A request with this idempotency key is still in progress (HTTP 409): retry later.
    KeyInProgress,
    /// The idempotency key was used before with different parameters (HTTP 400).
    KeyReused,
}

/// A fact about a step its kind and outcome do not tell, for narration.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub enum Note {
    /// A SET from the state store: the value counts this event more than once.
    CountedTwice(EventIx),
    /// The id had been recorded, but longer ago than the window: evicted, forgotten.
    Forgotten,
    /// The idempotency key had been stored, but its retention had passed: the provider forgot it.
    KeyForgotten,
    /// The id or key matched one recorded for another event (a shared record key).
    OtherEvent(EventIx),
    /// The seen-id store evicted this many ids older than the window.
    Evicted(u32),
}

/// Which parts of the world a step changed (for highlighting).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Changed(pub u16);

impl Changed {
    /// Input topic.
    pub const INPUT: u16 = 1;
    /// Upstream producer.
    pub const PRODUCER: u16 = 1 << 1;
    /// Committed offsets.
    pub const OFFSETS: u16 = 1 << 2;
    /// Processor position / instance.
    pub const PROCESSOR: u16 = 1 << 3;
    /// State store.
    pub const STORE: u16 = 1 << 4;
    /// Transactions / checkpoints.
    pub const TXNS: u16 = 1 << 5;
    /// Output topic.
    pub const OUTPUT: u16 = 1 << 6;
    /// Sink table.
    pub const SINK: u16 = 1 << 7;
    /// Seen-id store.
    pub const SEEN: u16 = 1 << 8;
    /// Outbox and relay.
    pub const OUTBOX: u16 = 1 << 9;
    /// External effects.
    pub const EXTERNAL: u16 = 1 << 10;
    /// What the reader sees.
    pub const READER: u16 = 1 << 11;
    /// The clock jumped.
    pub const CLOCK: u16 = 1 << 12;

    /// Whether `part` changed.
    pub fn has(self, part: u16) -> bool {
        self.0 & part != 0
    }
}

/// Facts about the world right after a step, used to tell which faults fit there.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize)]
pub struct After {
    /// The processor is up (not crashed, not restarting).
    pub processor_up: bool,
    /// The processor has a Kafka transaction open.
    pub kafka_txn_open: bool,
    /// An external sink transaction is open or parked.
    pub sink_txn_open: bool,
    /// A zombie instance exists.
    pub zombie: bool,
    /// The group is preparing a rebalance the processor has not yet seen in `poll()`.
    pub rebalancing: bool,
    /// The upstream producer still has records to send.
    pub producer_pending: bool,
    /// The upstream producer waits for an acknowledgement.
    pub ack_pending: bool,
    /// A sink connector copies the output topic into a database.
    pub connector: bool,
}

/// One arrow of the sequence diagram and what it changed.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Step {
    /// What kind of step.
    pub kind: StepKind,
    /// From lifeline.
    pub from: Actor,
    /// To lifeline.
    pub to: Actor,
    /// The event it handles.
    pub event: Option<EventIx>,
    /// Which instance and delivery acted.
    pub attempt: Attempt,
    /// An offset it concerns (record offset, committed offset, position).
    pub offset: Option<u64>,
    /// For commits and fetches over several partitions: the offset of each.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub offsets: Option<Box<[u64]>>,
    /// A partition it concerns.
    pub partition: u32,
    /// The transaction it concerns.
    pub txn: Option<TxnId>,
    /// What came of it.
    pub outcome: Outcome,
    /// For a fault step: the index of the fault in the scenario.
    pub fault: Option<u16>,
    /// The step that caused this one (replay → restart → crash).
    pub cause: Option<StepIx>,
    /// Simulated time after the step.
    pub clock_ms: u64,
    /// What changed.
    pub changed: Changed,
    /// Whether a zombie instance acted.
    pub zombie: bool,
    /// For a send: the log already held a copy of this record, so this one is a
    /// duplicate in the topic.
    pub second_copy: bool,
    /// Which occurrence of (kind, event) this is, counting from 1 (for anchors).
    pub nth: u32,
    /// Facts right after the step.
    pub after: After,
    /// The event id or idempotency key the step used (sink, seen-id and provider steps).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub id: Option<IdKey>,
    /// A fact for narration (a double-counted SET, a forgotten id or key).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub note: Option<Note>,
}

/// What became of a fault of the scenario.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub enum FaultStatus {
    /// Its point never happened in this run.
    NotReached,
    /// It happened: the index of its fault step.
    Fired(StepIx),
    /// Its point happened but the fault does not fit there.
    DoesNotFit(StepIx, &'static str),
}

/// A whole run: steps, what became of each fault, the final world and the ledger.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Trace {
    /// Steps in order.
    pub steps: Vec<Step>,
    /// One status per fault of the scenario.
    pub faults: Vec<FaultStatus>,
    /// The world after the last step.
    pub world: World,
    /// Effects per input event, counted from the final world.
    pub ledger: Ledger,
}
