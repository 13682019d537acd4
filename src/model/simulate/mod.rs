//! The step function: the pipeline's actors take turns, one arrow at a time.
//!
//! Each actor has a queue of operations. A scheduler picks whose turn it is (faults
//! first, then the coordinator, the zombie, the processor, the relay, the producer),
//! runs one operation, records it as a [`Step`], and fires any fault anchored right
//! after it. Recovery (restart, fence, restore, replay) is more operations, so every
//! outcome — a duplicate row, a lost event — falls out of the mechanisms.

use super::designs::DesignSpec;
use super::ledger::Ledger;
use super::scenario::{
    DesignKind, DownstreamDedup, Fault, FaultKind, InputEvent, Isolation, Knobs, Scenario,
    SinkWrite, StepKind,
};
use super::trace::Actor;
use super::trace::{After, Changed, FaultStatus, Outcome, Step, Trace, Why};
use super::world::*;
use std::collections::{HashMap, HashSet, VecDeque};

mod connector;
mod kafka;
mod ops;
mod sinks;

pub use kafka::DEFAULT_SEND_LOST_MS;

/// Simulated milliseconds each step takes.
pub const STEP_MS: u64 = 10;
/// How long time passes by default for a `time-passes` fault (two hours).
pub const DEFAULT_TIME_PASSES_MS: u64 = 7_200_000;
/// The producer id the broker hands the first producer session.
const FIRST_PRODUCER_ID: u64 = 4000;
/// Producer ids of processor sessions start here.
const FIRST_PROCESSOR_PID: u64 = 7000;

/// Runs a scenario to the end.
pub fn simulate(sc: &Scenario) -> Trace {
    let mut sim = Sim::new(sc);
    let mut steps = Vec::new();
    while let Some(step) = sim.step() {
        steps.push(step);
    }
    let ledger = Ledger::count(sc, &sim.world);
    Trace {
        steps,
        faults: sim.fault_status,
        world: sim.world,
        ledger,
    }
}

/// The world after the first `n` steps of the run (0: before anything happened).
pub fn world_at(sc: &Scenario, n: usize) -> World {
    let mut sim = Sim::new(sc);
    for _ in 0..n {
        if sim.step().is_none() {
            break;
        }
    }
    sim.world
}

/// Per event, the index of the first event with the same record key.
fn first_with_key(events: &[super::scenario::InputEvent]) -> Vec<EventIx> {
    let mut first: HashMap<&str, EventIx> = HashMap::new();
    events
        .iter()
        .enumerate()
        .map(|(i, e)| *first.entry(e.key.as_str()).or_insert(i as EventIx))
        .collect()
}

/// Extra steps a run may take per fault (its step budget grows with its faults).
const FAULT_STEPS: u32 = 40;

impl ResolvedFault {
    /// `f` with its anchor's event as an index into `events`.
    fn new(f: &Fault, events: &[InputEvent]) -> ResolvedFault {
        ResolvedFault {
            kind: f.kind,
            after: f.at.after,
            event: f
                .at
                .event
                .as_ref()
                .and_then(|id| events.iter().position(|e| &e.id == id))
                .map(|i| i as EventIx),
            nth: f.at.nth.max(1),
            ms: f.ms.unwrap_or(match f.kind {
                FaultKind::SendLost => DEFAULT_SEND_LOST_MS,
                _ => DEFAULT_TIME_PASSES_MS,
            }),
        }
    }
}

/// Number of [`StepKind`]s (for the occurrence table).
const STEP_KINDS: usize = StepKind::Fault as usize + 1;

/// Index of (kind, event) in the occurrence table.
fn count_ix(kind: StepKind, event: Option<EventIx>, events: usize) -> usize {
    kind as usize * (events + 1) + event.map_or(0, |e| e as usize + 1)
}

/// Who executes an operation.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Who {
    Current,
    Zombie,
}

/// A record being handled: partition, offset, event.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct Rec {
    p: u32,
    off: u64,
    event: EventIx,
}

/// One operation an actor can run (each is one step).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum OpKind {
    Send { seq: u32, retry: bool },
    Ack,
    Poll,
    UpdateState,
    SinkWrite,
    DedupCheck,
    RecordSeen,
    CommitOffset,
    BeginTxn,
    Produce { retry: bool },
    SendOffsets,
    CommitTxn,
    Markers(TxnId),
    TimeoutAbort(TxnId),
    ExternalCall { retry: bool },
    ProviderDone { key: Option<IdKey>, awaited: bool },
    PreCommit,
    CheckpointComplete,
    Notify(u32),
    SinkCommit { txn: TxnId, recommit: bool },
    SinkRollback(TxnId),
    OutboxWrite,
    RelayPublish,
    Consume(usize),
    RelayPosition,
    RelayRestart,
    Restart,
    Assign,
    FetchOffsets,
    InitTxn,
    RestoreState,
    Wake,
    Merge,
    Read,
    Revoke,
    AbortOwnTxn(TxnId),
    GiveUp,
    ProducerRestart,
    Resend,
    ConnectorRead,
    ConnectorWrite,
    ConnectorCommit,
    ConnectorRestart,
}

#[derive(Clone, Copy, Debug)]
struct Op {
    kind: OpKind,
    rec: Option<Rec>,
    cause: Option<StepIx>,
}

impl Op {
    fn new(kind: OpKind, rec: Option<Rec>, cause: Option<StepIx>) -> Op {
        Op { kind, rec, cause }
    }
}

#[derive(Clone)]
struct ResolvedFault {
    kind: FaultKind,
    after: StepKind,
    event: Option<EventIx>,
    nth: u32,
    ms: u64,
}

/// The simulation in progress: the world plus every actor's queue of operations.
/// A clone is a snapshot: stepping it on gives the same run as stepping the original.
#[derive(Clone)]
pub struct Sim<'a> {
    sc: &'a Scenario,
    kind: DesignKind,
    /// The design's spec: what it does per record, per batch and to recover.
    spec: &'static DesignSpec,
    knobs: &'a Knobs,
    sink_write: SinkWrite,
    /// The world as it is now.
    pub world: World,
    faults: Vec<ResolvedFault>,
    /// What became of each fault so far.
    pub fault_status: Vec<FaultStatus>,
    pending_faults: VecDeque<usize>,
    proc_q: VecDeque<Op>,
    zombie_q: VecDeque<Op>,
    producer_q: VecDeque<Op>,
    relay_q: VecDeque<Op>,
    coord_q: VecDeque<Op>,
    /// Occurrences of (step kind, event) so far, indexed by `count_ix`.
    counts: Vec<u32>,
    /// Sink row per event id (per-event rows) or per aggregate key.
    row_index: HashMap<String, usize>,
    /// Merged-table rows by key.
    merged_index: HashMap<String, usize>,
    /// When each id in the seen-id store was recorded.
    seen_at: HashMap<IdKey, u64>,
    /// Ids the seen-id store has evicted (and not recorded again).
    seen_evicted: HashSet<IdKey>,
    /// Outbox ids the downstream consumer has seen.
    consumer_seen: Vec<bool>,
    /// Sink transactions the idempotent committer has recorded.
    committed_txns: HashSet<TxnId>,
    /// No Kafka transaction before this index can still be open.
    first_live_txn: usize,
    /// No sink transaction before this index can still be open or parked.
    first_live_sink_txn: usize,
    /// Step that last reset each partition's position (restart, rebalance, restore).
    reset_by: Vec<Option<StepIx>>,
    /// Highest offset polled so far + 1, per partition (to spot redeliveries).
    polled_to: Vec<u64>,
    deliveries: Vec<u32>,
    next_partition: u32,
    next_txn: TxnId,
    next_outbox: u32,
    next_pid: u64,
    /// The producer id the broker hands a restarted upstream producer.
    next_producer_id: u64,
    /// A rebalance the processor will see in its next `poll()` (its fault step).
    rebalance: Option<StepIx>,
    /// The producer's next send is dropped on the way: (fault step, outage).
    send_lost: Option<(StepIx, u64)>,
    /// The sink connector's queue of operations.
    connector_q: VecDeque<Op>,
    /// How many times the sink connector has read each event.
    connector_reads: Vec<u32>,
    /// The connector restart its next read replays after.
    connector_reset: Option<StepIx>,
    anchored_at: Vec<Option<StepIx>>,
    last_step: LastStep,
    finished: bool,
    merge_done: bool,
    read_done: bool,
    n: StepIx,
    max_steps: u32,
    /// Per event, the first event with the same record key (shared ids).
    first_with_key: Vec<EventIx>,
    /// Rows of the per-event table by primary key (`set-sum` writes).
    per_event_index: HashMap<String, usize>,
    /// Per aggregate key, SUM(amount) and the events of the per-event table's rows.
    per_event_sums: HashMap<String, (i64, Vec<EventIx>)>,
    /// Position of each stored idempotency key, counted from the first key ever stored.
    key_index: HashMap<IdKey, usize>,
    /// Requests the external provider is still processing.
    provider_q: Vec<sinks::Pending>,
}

impl<'a> Sim<'a> {
    /// A simulation at its start.
    pub fn new(sc: &'a Scenario) -> Sim<'a> {
        let parts = sc.workload.partitions.max(1) as usize;
        let events = &sc.workload.events;
        let faults = sc
            .faults
            .iter()
            .map(|f| ResolvedFault::new(f, events))
            .collect::<Vec<_>>();
        let knobs = &sc.design.knobs;
        let mut world = World::default();
        world.input.partitions = vec![Vec::new(); parts];
        world.producer.producer_id = FIRST_PRODUCER_ID;
        world.producer.next_sequence = vec![0; parts];
        world.group.committed = vec![0; parts];
        world.group.generation = 1;
        world.processor = Processor {
            instance: 1,
            status: ProcessorStatus::Running,
            generation: 1,
            position: vec![0; parts],
            uncommitted: Vec::new(),
            session: ProducerSession::default(),
            open_txn: None,
        };
        world.outbox.relay.instance = 1;
        world.connector.instance = 1;
        let mut sim = Sim {
            sc,
            kind: sc.design.kind,
            spec: sc.design.kind.spec(),
            knobs,
            sink_write: sc.design.sink_write(),
            world,
            fault_status: vec![FaultStatus::NotReached; faults.len()],
            faults,
            pending_faults: VecDeque::new(),
            proc_q: VecDeque::new(),
            zombie_q: VecDeque::new(),
            producer_q: VecDeque::new(),
            relay_q: VecDeque::new(),
            coord_q: VecDeque::new(),
            counts: vec![0; STEP_KINDS * (events.len() + 1)],
            row_index: HashMap::new(),
            merged_index: HashMap::new(),
            seen_at: HashMap::new(),
            seen_evicted: HashSet::new(),
            consumer_seen: Vec::new(),
            committed_txns: HashSet::new(),
            first_live_txn: 0,
            first_live_sink_txn: 0,
            reset_by: vec![None; parts],
            polled_to: vec![0; parts],
            deliveries: vec![0; events.len()],
            next_partition: 0,
            next_txn: 1,
            next_outbox: 1,
            next_pid: FIRST_PROCESSOR_PID,
            next_producer_id: FIRST_PRODUCER_ID + 1,
            rebalance: None,
            send_lost: None,
            connector_q: VecDeque::new(),
            connector_reads: vec![0; events.len()],
            connector_reset: None,
            anchored_at: vec![None; sc.faults.len()],
            last_step: LastStep::default(),
            finished: false,
            merge_done: false,
            read_done: false,
            n: 0,
            max_steps: 200 + 60 * events.len() as u32 + FAULT_STEPS * sc.faults.len() as u32,
            first_with_key: first_with_key(events),
            per_event_index: HashMap::new(),
            per_event_sums: HashMap::new(),
            key_index: HashMap::new(),
            provider_q: Vec::new(),
        };
        if sim.spec.kafka_transactional {
            let session = sim.new_session(1);
            sim.world.processor.session = session;
            sim.proc_q.push_back(Op::new(OpKind::InitTxn, None, None));
        }
        sim
    }

    /// Steps taken so far.
    pub fn steps_taken(&self) -> usize {
        self.n as usize
    }

    /// Runs on until `k` steps have been taken (the steps themselves are dropped);
    /// `false` if the run ends first.
    pub fn step_until(&mut self, k: usize) -> bool {
        while self.steps_taken() < k {
            if self.advance().is_none() {
                return false;
            }
        }
        true
    }

    /// This run in progress with one more fault, anchored right after the step just
    /// taken: stepping the result on gives exactly the run of the scenario with
    /// `fault` added, as if it had been there from the start, without redoing the
    /// steps so far. `None` if `fault`'s anchor does not name the step just taken, if
    /// that step was a fault, or if the run is over.
    pub fn resume(&self, fault: &Fault) -> Option<Sim<'a>> {
        let events = &self.sc.workload.events;
        let f = ResolvedFault::new(fault, events);
        let last = &self.last_step;
        let taken = self.counts[count_ix(last.kind, last.event, events.len())];
        let after_fault = self
            .fault_status
            .iter()
            .any(|s| matches!(s, FaultStatus::Fired(at) if *at + 1 == self.n));
        if self.n == 0
            || self.finished
            || after_fault
            || f.after != last.kind
            || f.event != last.event
            || f.nth != taken
        {
            return None;
        }
        let mut sim = self.clone();
        sim.pending_faults.push_back(sim.faults.len());
        sim.anchored_at.push(Some(self.n - 1));
        sim.fault_status.push(FaultStatus::NotReached);
        sim.faults.push(f);
        sim.max_steps += FAULT_STEPS;
        Some(sim)
    }

    /// A fresh producer session for `instance`: the stable transactional id (fencing
    /// on) keeps its producer id; without fencing every instance gets its own id.
    fn new_session(&mut self, instance: u32) -> ProducerSession {
        let base = format!("{}-processor", self.sc.names.input_topic);
        let transactional_id = if self.knobs.fencing {
            base
        } else {
            format!("{base}-{instance}")
        };
        let producer_id = match self
            .world
            .coordinator
            .epochs
            .iter()
            .find(|(t, _, _)| *t == transactional_id)
        {
            Some((_, _, pid)) => *pid,
            None => {
                let pid = self.next_pid;
                self.next_pid += 1;
                pid
            }
        };
        let epoch = self
            .world
            .coordinator
            .epoch_of(&transactional_id)
            .unwrap_or(0);
        ProducerSession {
            transactional_id,
            producer_id,
            epoch,
            sequence: 0,
        }
    }

    fn event(&self, e: EventIx) -> &super::scenario::InputEvent {
        &self.sc.workload.events[e as usize]
    }

    /// Runs one step; `None` when the run is over.
    pub fn step(&mut self) -> Option<Step> {
        let mut step = self.advance()?;
        step.after = self.after_facts();
        Some(step)
    }

    /// Runs one step like [`Sim::step`] but leaves out the facts about the world
    /// after it (`Step::after` stays default): for a run whose steps nobody reads,
    /// only its final world and fault statuses. The run itself is the same.
    pub fn advance(&mut self) -> Option<Step> {
        if self.finished || self.n >= self.max_steps {
            return None;
        }
        let mut step = self.next_step()?;
        let ix = self.n;
        self.n += 1;
        self.world.clock_ms = self.world.clock_ms.saturating_add(STEP_MS);
        step.clock_ms = self.world.clock_ms;
        if step.kind != StepKind::Fault {
            let slot = count_ix(step.kind, step.event, self.sc.workload.events.len());
            self.counts[slot] += 1;
            step.nth = self.counts[slot];
            for (i, f) in self.faults.iter().enumerate() {
                if self.anchored_at[i].is_none()
                    && f.after == step.kind
                    && f.event == step.event
                    && f.nth == step.nth
                {
                    self.pending_faults.push_back(i);
                    self.anchored_at[i] = Some(ix);
                }
            }
        } else {
            step.nth = 1;
        }
        Some(step)
    }

    fn after_facts(&mut self) -> After {
        let txns = &self.world.sink.txns;
        while self.first_live_sink_txn < txns.len()
            && matches!(
                txns[self.first_live_sink_txn].state,
                SinkTxnState::Committed | SinkTxnState::Aborted
            )
        {
            self.first_live_sink_txn += 1;
        }
        After {
            processor_up: self.world.processor.status == ProcessorStatus::Running,
            kafka_txn_open: self.world.open_kafka_txn().is_some(),
            sink_txn_open: txns[self.first_live_sink_txn..]
                .iter()
                .any(|t| matches!(t.state, SinkTxnState::Open | SinkTxnState::PreCommitted)),
            zombie: self.world.zombie.is_some(),
            rebalancing: self.rebalance.is_some(),
            producer_pending: (self.world.producer.sent as usize) < self.sc.workload.events.len()
                || self
                    .producer_q
                    .iter()
                    .any(|op| matches!(op.kind, OpKind::Send { .. } | OpKind::Resend)),
            ack_pending: self.producer_q.iter().any(|op| op.kind == OpKind::Ack)
                && !self
                    .producer_q
                    .iter()
                    .any(|op| op.kind == OpKind::ProducerRestart),
            connector: self.has_connector(),
        }
    }

    fn next_step(&mut self) -> Option<Step> {
        // 1. A fault anchored right after the previous step.
        while let Some(i) = self.pending_faults.pop_front() {
            if let Some(step) = self.fire(i) {
                return Some(step);
            }
        }
        // 2. The coordinator: markers, and transactions past their timeout.
        if let Some(op) = self.coord_q.pop_front() {
            return Some(self.exec(Who::Current, op));
        }
        if let Some(txn) = self.timed_out_txn() {
            return Some(self.exec(Who::Current, Op::new(OpKind::TimeoutAbort(txn), None, None)));
        }
        if let Some(op) = self.provider_ready(false) {
            return Some(self.exec(Who::Current, op));
        }
        // 3. A zombie that woke up.
        if self.world.zombie.as_ref().is_some_and(|z| z.awake) {
            if let Some(op) = self.zombie_q.pop_front() {
                let step = self.exec(Who::Zombie, op);
                if self.zombie_q.is_empty() {
                    // It has nothing left to do: it notices it lost its partitions.
                    self.world.zombie = None;
                }
                return Some(step);
            }
            self.world.zombie = None;
        }
        // 4. An acknowledgement on its way back to the producer.
        if self
            .producer_q
            .front()
            .is_some_and(|op| op.kind == OpKind::Ack)
        {
            if let Some(op) = self.producer_q.pop_front() {
                return Some(self.exec(Who::Current, op));
            }
        }
        // 5. The processor.
        if let Some(op) = self.proc_q.pop_front() {
            return Some(self.exec(Who::Current, op));
        }
        if self.world.processor.status == ProcessorStatus::Running {
            if let Some(op) = self.plan_processor() {
                return Some(self.exec(Who::Current, op));
            }
        }
        // The sink connector behind the output topic.
        if let Some(op) = self
            .connector_q
            .pop_front()
            .or_else(|| self.plan_connector())
        {
            return Some(self.exec(Who::Current, op));
        }
        // 6. The downstream consumer of the outbox topic, then the relay.
        if self.spec.cdc_relay && self.world.outbox.consumer.position < self.world.output.log.len()
        {
            let off = self.world.outbox.consumer.position;
            return Some(self.exec(Who::Current, Op::new(OpKind::Consume(off), None, None)));
        }
        if let Some(op) = self.relay_q.pop_front().or_else(|| self.plan_relay()) {
            return Some(self.exec(Who::Current, op));
        }
        // 7. The producer.
        if let Some(op) = self.producer_q.pop_front().or_else(|| self.plan_producer()) {
            return Some(self.exec(Who::Current, op));
        }
        // 8. Nothing else to do: a zombie still asleep wakes now.
        if let Some(z) = self.world.zombie.as_mut() {
            if !z.awake {
                z.awake = true;
                return Some(self.exec(Who::Zombie, Op::new(OpKind::Wake, None, None)));
            }
        }
        if let Some(step) = self.wind_down() {
            return Some(step);
        }
        self.finished = true;
        None
    }

    /// The run's last steps: requests the provider is still processing finish,
    /// transactions nobody will finish time out, then the merge job and the reader.
    fn wind_down(&mut self) -> Option<Step> {
        // 9. Requests the provider is still processing finish; transactions nobody
        // will finish run into their timeout.
        if let Some(op) = self.provider_ready(true) {
            return Some(self.exec(Who::Current, op));
        }
        if let Some(step) = self.expire_leftovers() {
            return Some(step);
        }
        // 10. Downstream: the merge job and the reader.
        if !self.merge_done {
            self.merge_done = true;
            if self.spec.downstream_dedup && self.knobs.downstream == DownstreamDedup::Merge {
                return Some(self.exec(Who::Current, Op::new(OpKind::Merge, None, None)));
            }
        }
        if !self.read_done {
            self.read_done = true;
            return Some(self.exec(Who::Current, Op::new(OpKind::Read, None, None)));
        }
        None
    }

    // ---------------------------------------------------------------- planning

    fn next_record(&mut self) -> Option<Rec> {
        let parts = self.world.input.partitions.len() as u32;
        for k in 0..parts {
            let p = (self.next_partition + k) % parts;
            let pos = self.world.processor.position[p as usize];
            if let Some(r) = self.world.input.partitions[p as usize].get(pos as usize) {
                self.next_partition = (p + 1) % parts;
                return Some(Rec {
                    p,
                    off: pos,
                    event: r.event,
                });
            }
        }
        None
    }

    fn producer_done(&self) -> bool {
        self.world.producer.sent as usize >= self.sc.workload.events.len()
            && self.producer_q.is_empty()
    }

    /// The processor is idle: start the next record, or end the batch.
    fn plan_processor(&mut self) -> Option<Op> {
        let batch = self.world.processor.uncommitted.len() as u32;
        let every = self.knobs.commit_every.max(1);
        let available = {
            let p = &self.world.processor;
            p.position
                .iter()
                .enumerate()
                .any(|(i, &pos)| (pos as usize) < self.world.input.partitions[i].len())
        };
        if batch > 0 && (batch >= every || (!available && self.producer_done())) {
            for op in self.batch_end_ops(&self.world.processor) {
                self.proc_q.push_back(op);
            }
            return self.proc_q.pop_front();
        }
        if let Some(cause) = self.rebalance.take() {
            return self.plan_revocation(cause);
        }
        if !available {
            return None;
        }
        let rec = self.next_record()?;
        if batch == 0 && self.spec.kafka_transactional && self.world.processor.open_txn.is_none() {
            self.proc_q
                .push_back(Op::new(OpKind::BeginTxn, Some(rec), None));
        }
        self.proc_q
            .push_back(Op::new(OpKind::Poll, Some(rec), None));
        self.proc_q.pop_front()
    }

    /// What the processor does with a record after polling it.
    fn record_ops(&self) -> &'static [OpKind] {
        (self.spec.per_record)(self.knobs)
    }

    /// What ends a batch: the commit protocol of the design.
    fn batch_end_ops(&self, proc: &Processor) -> Vec<Op> {
        let last = proc.uncommitted.last().map(|&(p, off)| Rec {
            p,
            off,
            event: self.world.input.partitions[p as usize][off as usize].event,
        });
        (self.spec.per_batch)(self.knobs)
            .iter()
            .map(|&k| Op::new(k, last, None))
            .collect()
    }

    fn plan_relay(&mut self) -> Option<Op> {
        if !self.spec.cdc_relay {
            return None;
        }
        let relay = &self.world.outbox.relay;
        let row = self.world.outbox.rows.get(relay.position as usize)?;
        let rec = Some(Rec {
            p: 0,
            off: relay.position as u64,
            event: row.event,
        });
        let behind = relay.position + 1 - relay.recorded;
        let caught_up = relay.position as usize + 1 >= self.world.outbox.rows.len();
        if behind >= self.knobs.commit_every.max(1) || caught_up {
            self.relay_q
                .push_back(Op::new(OpKind::RelayPosition, rec, None));
        }
        Some(Op::new(OpKind::RelayPublish, rec, None))
    }

    fn plan_producer(&mut self) -> Option<Op> {
        let sent = self.world.producer.sent as usize;
        let ev = self.sc.workload.events.get(sent)?;
        let e = sent as EventIx;
        let p = ev
            .partition
            .min(self.world.input.partitions.len() as u32 - 1);
        let seq = self.world.producer.next_sequence[p as usize];
        self.world.producer.next_sequence[p as usize] += 1;
        self.world.producer.sent += 1;
        let rec = Some(Rec {
            p,
            off: 0,
            event: e,
        });
        if self.knobs.acks == super::scenario::Acks::All {
            self.producer_q.push_back(Op::new(OpKind::Ack, rec, None));
        }
        Some(Op::new(OpKind::Send { seq, retry: false }, rec, None))
    }

    fn timed_out_txn(&mut self) -> Option<TxnId> {
        let now = self.world.clock_ms;
        let txns = &self.world.coordinator.txns;
        while self.first_live_txn < txns.len()
            && matches!(
                txns[self.first_live_txn].state,
                TxnState::Committed | TxnState::Aborted
            )
        {
            self.first_live_txn += 1;
        }
        txns[self.first_live_txn..]
            .iter()
            .find(|t| {
                t.state == TxnState::Open
                    && now.saturating_sub(t.started_ms) > self.knobs.transaction_timeout_ms
            })
            .map(|t| t.id)
    }

    /// At the end of the run, jump the clock so that transactions nobody will finish
    /// hit their timeout, as they would in the real system.
    fn expire_leftovers(&mut self) -> Option<Step> {
        if let Some(t) = self.world.coordinator.txns[self.first_live_txn..]
            .iter()
            .find(|t| t.state == TxnState::Open)
        {
            let due = t
                .started_ms
                .saturating_add(self.knobs.transaction_timeout_ms)
                .saturating_add(1);
            let id = t.id;
            self.world.clock_ms = self.world.clock_ms.max(due);
            return Some(self.exec(Who::Current, Op::new(OpKind::TimeoutAbort(id), None, None)));
        }
        if let Some(t) = self.world.sink.txns[self.first_live_sink_txn..]
            .iter()
            .find(|t| matches!(t.state, SinkTxnState::Open | SinkTxnState::PreCommitted))
        {
            let due = t
                .opened_ms
                .saturating_add(self.knobs.sink_txn_timeout_ms)
                .saturating_add(1);
            let id = t.id;
            self.world.clock_ms = self.world.clock_ms.max(due);
            return Some(self.exec(Who::Current, Op::new(OpKind::SinkRollback(id), None, None)));
        }
        None
    }

    // ---------------------------------------------------------------- faults

    /// Fires fault `i` after the step just taken, or records why it does not fit.
    fn fire(&mut self, i: usize) -> Option<Step> {
        let at = self.anchored_at[i].unwrap_or(0);
        let kind = self.faults[i].kind;
        let last = self.last_step.clone();
        let facts = self.after_facts();
        if let Err(why) = fits(kind, self.kind, &last, &facts) {
            self.fault_status[i] = FaultStatus::DoesNotFit(at, why);
            return None;
        }
        let me = self.n;
        self.fault_status[i] = FaultStatus::Fired(me);
        let cause = Some(me);
        let mut step = self.blank(StepKind::Fault, Actor::Processor, Actor::Processor);
        step.fault = Some(i as u16);
        step.event = last.event;
        step.attempt = last.attempt;
        match kind {
            FaultKind::Crash => self.fire_crash(&mut step, cause),
            FaultKind::Zombie => self.fire_zombie(&mut step, cause),
            FaultKind::Rebalance => self.fire_rebalance(&mut step),
            FaultKind::SendLost => self.fire_send_lost(&mut step, self.faults[i].ms),
            FaultKind::ProducerRestart => self.fire_producer_restart(&mut step, &last),
            FaultKind::ConnectorCrash => self.fire_connector_crash(&mut step),
            FaultKind::Timeout => self.fire_timeout(&mut step),
            FaultKind::TimePasses => self.fire_time_passes(&mut step, i),
            FaultKind::LostAck => self.fire_lost_ack(&mut step, cause, &last),
            FaultKind::RelayCrash => self.fire_relay_crash(&mut step, cause),
        }
        Some(step)
    }

    /// The processor crashes: its queue and open work are lost; it restarts and recovers.
    fn fire_crash(&mut self, step: &mut Step, cause: Option<StepIx>) {
        self.rebalance = None;
        self.world.processor.status = ProcessorStatus::Down;
        self.proc_q.clear();
        self.world.processor.uncommitted.clear();
        self.world.processor.open_txn = None;
        step.changed = Changed(Changed::PROCESSOR);
        self.proc_q.push_back(Op::new(OpKind::Restart, None, cause));
        self.push_recovery(cause);
    }

    /// The processor pauses and a new member takes its partitions; the old one keeps its queue, and its batch end, for when it wakes.
    fn fire_zombie(&mut self, step: &mut Step, cause: Option<StepIx>) {
        self.rebalance = None;
        let old = std::mem::take(&mut self.world.processor);
        self.zombie_q = std::mem::take(&mut self.proc_q);
        let has_batch_end = self.zombie_q.iter().any(|op| {
            matches!(
                op.kind,
                OpKind::CommitOffset | OpKind::CommitTxn | OpKind::PreCommit
            )
        });
        let instance = old.instance + 1;
        let parts = old.position.len();
        let batch_end = if has_batch_end || old.uncommitted.is_empty() {
            Vec::new()
        } else {
            self.batch_end_ops(&old)
        };
        self.zombie_q.extend(batch_end);
        self.world.zombie = Some(Zombie {
            processor: old,
            awake: false,
        });
        self.world.processor = Processor {
            instance,
            status: ProcessorStatus::Down,
            generation: self.world.group.generation,
            position: vec![0; parts],
            uncommitted: Vec::new(),
            session: ProducerSession::default(),
            open_txn: None,
        };
        step.changed = Changed(Changed::PROCESSOR);
        self.proc_q.push_back(Op::new(OpKind::Assign, None, cause));
        self.push_recovery(cause);
    }

    /// Time passes beyond the open transaction's timeout.
    fn fire_timeout(&mut self, step: &mut Step) {
        let ms = if self.spec.checkpoints {
            self.knobs.sink_txn_timeout_ms
        } else {
            self.knobs.transaction_timeout_ms
        };
        self.world.clock_ms = self.world.clock_ms.saturating_add(ms.saturating_add(1));
        step.txn = self.world.processor.open_txn;
        step.changed = Changed(Changed::CLOCK);
    }

    /// Time passes.
    fn fire_time_passes(&mut self, step: &mut Step, i: usize) {
        self.world.clock_ms = self.world.clock_ms.saturating_add(self.faults[i].ms);
        step.changed = Changed(Changed::CLOCK);
    }

    /// An acknowledgement is lost: whoever waited for it retries the same write.
    fn fire_lost_ack(&mut self, step: &mut Step, cause: Option<StepIx>, last: &LastStep) {
        match last.kind {
            StepKind::Send => {
                step.from = Actor::InputTopic;
                step.to = Actor::Producer;
                // The ack in flight never arrives: retry with the same sequence.
                if let Some(pos) = self
                    .producer_q
                    .iter()
                    .position(|op| op.kind == OpKind::Ack && op.rec.map(|r| r.event) == last.event)
                {
                    let ack = self.producer_q.remove(pos);
                    let rec = ack.and_then(|a| a.rec);
                    let seq = last.offset_seq;
                    self.producer_q.push_front(Op::new(OpKind::Ack, rec, cause));
                    self.producer_q.push_front(Op::new(
                        OpKind::Send { seq, retry: true },
                        rec,
                        cause,
                    ));
                }
            }
            _ => {
                // The processor's own write: it retries the same write.
                let (from, retry) = if last.kind == StepKind::Produce {
                    (Actor::OutputTopic, OpKind::Produce { retry: true })
                } else {
                    (Actor::External, OpKind::ExternalCall { retry: true })
                };
                step.from = from;
                step.to = Actor::Processor;
                if last.kind == StepKind::ExternalCall {
                    self.client_gives_up();
                }
                let target = if last.zombie {
                    &mut self.zombie_q
                } else {
                    &mut self.proc_q
                };
                target.push_front(Op::new(retry, last.rec, cause));
            }
        }
    }

    /// The CDC relay crashes and will restart from the position it recorded.
    fn fire_relay_crash(&mut self, step: &mut Step, cause: Option<StepIx>) {
        step.from = Actor::Relay;
        step.to = Actor::Relay;
        self.relay_q.clear();
        self.world.outbox.relay.position = self.world.outbox.relay.recorded;
        self.relay_q
            .push_back(Op::new(OpKind::RelayRestart, None, cause));
        step.changed = Changed(Changed::OUTBOX);
    }

    /// Queues what a new or re-initialised instance does before processing again.
    fn push_recovery(&mut self, cause: Option<StepIx>) {
        // (Kafka transactions fetch offsets before the restore: the fetch waits for
        // a pending transaction, whose changelog the restore must then include.)
        for &k in self.spec.recovery {
            self.proc_q.push_back(Op::new(k, None, cause));
        }
    }

    /// The coordinator starts aborting `txn`.
    fn begin_abort(&mut self, txn: TxnId, cause: Option<StepIx>) {
        if let Some(t) = self.world.coordinator.txn_mut(txn) {
            if t.state == TxnState::Open {
                t.state = TxnState::PrepareAbort;
                self.coord_q
                    .push_back(Op::new(OpKind::Markers(txn), None, cause));
            }
        }
    }
}

/// Whether a fault of `kind` fits right after `step`, given the facts after it; if
/// not, why not (shown to the learner while dragging).
pub fn fits(
    kind: FaultKind,
    design: DesignKind,
    step: &LastStep,
    after: &After,
) -> Result<(), &'static str> {
    if matches!(
        step.kind,
        StepKind::Read | StepKind::Merge | StepKind::Fault
    ) {
        return Err(if step.kind != StepKind::Fault {
            "the run is over here"
        } else {
            "a fault already happens here"
        });
    }
    match kind {
        FaultKind::Crash | FaultKind::Zombie | FaultKind::Rebalance if !after.processor_up => {
            Err("the processor is down here")
        }
        FaultKind::Zombie if after.zombie => Err("one zombie at a time"),
        FaultKind::Rebalance if after.rebalancing => Err("a rebalance is already under way"),
        FaultKind::Rebalance if design.spec().checkpoints => {
            Err("Flink assigns splits itself: there is no consumer-group rebalance")
        }
        FaultKind::Crash | FaultKind::Zombie | FaultKind::Rebalance => Ok(()),
        FaultKind::LostAck => match step.kind {
            StepKind::Send if step.applied && !after.ack_pending => {
                Err("with acks=0 the broker sends no acknowledgement")
            }
            StepKind::Send | StepKind::Produce | StepKind::ExternalCall if step.applied => Ok(()),
            _ => Err("nothing waits for an acknowledgement after this step"),
        },
        FaultKind::SendLost if after.producer_pending => Ok(()),
        FaultKind::SendLost => Err("the producer has nothing left to send"),
        FaultKind::ProducerRestart => match step.kind {
            StepKind::Send if step.applied && after.ack_pending => Ok(()),
            StepKind::Send if step.applied => {
                Err("with acks=0 the producer waits for no acknowledgement")
            }
            _ => Err("restart the producer right after a send whose ack has not arrived"),
        },
        FaultKind::Timeout => {
            if design.spec().checkpoints {
                if after.sink_txn_open && after.processor_up {
                    Ok(())
                } else {
                    Err("no sink transaction is open here")
                }
            } else if design.is_kafka_transactional() {
                if after.kafka_txn_open && after.processor_up {
                    Ok(())
                } else {
                    Err("no Kafka transaction is open here")
                }
            } else {
                Err("this design opens no transaction that could time out")
            }
        }
        FaultKind::RelayCrash => {
            if design.spec().cdc_relay {
                Ok(())
            } else {
                Err("only the outbox design has a CDC relay")
            }
        }
        FaultKind::TimePasses => Ok(()),
        FaultKind::ConnectorCrash if after.connector => Ok(()),
        FaultKind::ConnectorCrash => Err("only a run with a sink connector has one"),
    }
}

/// What [`fits`] needs to know of the step before a gap.
#[derive(Clone, Debug, Default)]
pub struct LastStep {
    /// Its kind.
    pub kind: StepKind,
    /// Its event.
    pub event: Option<EventIx>,
    /// Whether it took effect.
    pub applied: bool,
    /// Whether a zombie took it.
    pub zombie: bool,
    attempt: Attempt,
    rec: Option<Rec>,
    offset_seq: u32,
}

impl LastStep {
    /// The facts of a recorded step.
    pub fn of(step: &Step) -> LastStep {
        LastStep {
            kind: step.kind,
            event: step.event,
            applied: step.outcome == Outcome::Applied,
            zombie: step.zombie,
            attempt: step.attempt,
            rec: None,
            offset_seq: 0,
        }
    }
}
