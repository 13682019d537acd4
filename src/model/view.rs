//! What the lab's state panels show at one step, derived from the world: which panels
//! a design has, which of them a step changed, and each panel's rows with their marks
//! (a duplicate event, the processor's position, what each reader sees).
//!
//! Every rule the panels display lives here, so the components only render and the
//! rules are tested natively.

use super::designs::Words;
use super::explain::{actor_name, duration, id_text, key_text};
use super::ledger::{reader_view, Ledger, Output};
use super::scenario::{DesignKind, DownstreamDedup, Isolation, Scenario, SinkWrite};
use super::trace::{Actor, Changed};
use super::world::{
    Attempt, EventIx, KeyState, OutputEntry, ProcessorStatus, SinkRow, SinkTxnState, StepIx,
    StoredKey, TxnState, World,
};

/// One panel of the state column, one per part of the pipeline.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Panel {
    /// The upstream producer: id, epoch, sequence numbers, sent and acked.
    Producer,
    /// The input topic's log per partition, with position and committed offset.
    Input,
    /// The processor instance (and a zombie, if any).
    Processor,
    /// The processor's state store.
    Store,
    /// The seen-id store of the dedup design.
    Seen,
    /// The external provider's effects and stored idempotency keys.
    External,
    /// Kafka transactions, the output topic with its markers, epochs.
    Transactions,
    /// Checkpoints and the sink's external transactions (two-phase commit).
    Checkpoints,
    /// The sink table (raw and merged for downstream dedup).
    Sink,
    /// The outbox table, the CDC relay, the outbox topic and its consumer.
    Outbox,
    /// What the downstream reader sees (both isolation levels for Kafka designs).
    Reader,
}

impl Panel {
    /// A stable name for tests and styles (`data-panel`).
    pub fn slug(self) -> &'static str {
        match self {
            Panel::Producer => "producer",
            Panel::Input => "input",
            Panel::Processor => "processor",
            Panel::Store => "store",
            Panel::Seen => "seen",
            Panel::External => "external",
            Panel::Transactions => "transactions",
            Panel::Checkpoints => "checkpoints",
            Panel::Sink => "sink",
            Panel::Outbox => "outbox",
            Panel::Reader => "reader",
        }
    }

    /// The panel's title in the lesson's words.
    pub fn title(self, sc: &Scenario) -> String {
        let n = &sc.names;
        match self {
            Panel::Producer => "Upstream producer".into(),
            Panel::Input => actor_name(sc, Actor::InputTopic),
            Panel::Processor => actor_name(sc, Actor::Processor),
            Panel::Store => actor_name(sc, Actor::StateStore),
            Panel::Seen => actor_name(sc, Actor::SeenIds),
            Panel::External => actor_name(sc, Actor::External),
            Panel::Transactions => format!("Transactions and {}", n.output_topic),
            Panel::Checkpoints => "Checkpoints and sink transactions".into(),
            Panel::Sink => Words::fill(sc.design.kind.spec().words.sink_panel, n),
            Panel::Outbox => "Outbox, CDC relay and consumer".into(),
            Panel::Reader => "Downstream reader".into(),
        }
    }

    /// The parts of the world ([`Changed`] bits) this panel shows.
    pub fn shows(self) -> u16 {
        match self {
            Panel::Producer => Changed::PRODUCER,
            Panel::Input => Changed::INPUT | Changed::OFFSETS,
            Panel::Processor => Changed::PROCESSOR,
            Panel::Store => Changed::STORE,
            Panel::Seen => Changed::SEEN,
            Panel::External => Changed::EXTERNAL,
            Panel::Transactions => Changed::TXNS | Changed::OUTPUT,
            Panel::Checkpoints => Changed::TXNS,
            Panel::Sink => Changed::SINK,
            Panel::Outbox => Changed::OUTBOX | Changed::OUTPUT,
            Panel::Reader => Changed::READER,
        }
    }

    /// Whether a step that changed `changed` changed what this panel shows.
    pub fn changed_by(self, changed: Changed) -> bool {
        changed.has(self.shows())
    }
}

/// The panels of a scenario: its design's, plus the sink connector's table.
pub fn panels_of(sc: &Scenario) -> Vec<Panel> {
    sc.design
        .kind
        .spec()
        .shape_of(&sc.design.knobs)
        .panels
        .to_vec()
}

/// The panels that matter for a design, in pipeline order.
pub fn panels(kind: DesignKind) -> Vec<Panel> {
    kind.spec().shape.panels.to_vec()
}

/// Who acted, in words: `instance 2, delivery 2`.
pub fn attempt_words(a: Attempt) -> String {
    format!("instance {}, delivery {}", a.instance, a.delivery)
}

/// Simulated time since the run began: `0.120 s`, `15 min 0.040 s`, `2 h 0.130 s`.
pub fn clock(ms: u64) -> String {
    let (h, m, s, milli) = (ms / 3_600_000, ms / 60_000 % 60, ms / 1000 % 60, ms % 1000);
    let mut out = String::new();
    if h > 0 {
        out.push_str(&format!("{h} h "));
    }
    if m > 0 {
        out.push_str(&format!("{m} min "));
    }
    out.push_str(&format!("{s}.{milli:03} s"));
    out
}

fn id(sc: &Scenario, e: EventIx) -> String {
    sc.workload
        .events
        .get(e as usize)
        .map(|e| e.id.clone())
        .unwrap_or_else(|| format!("#{e}"))
}

/// How many times each event occurs in `events`, indexed by event.
fn counts(sc: &Scenario, events: impl IntoIterator<Item = EventIx>) -> Vec<u32> {
    let mut c = vec![0u32; sc.workload.events.len()];
    for e in events {
        if let Some(n) = c.get_mut(e as usize) {
            *n += 1;
        }
    }
    c
}

fn count_of(c: &[u32], e: EventIx) -> u32 {
    c.get(e as usize).copied().unwrap_or(0)
}

/// An event and how many times it occurs where it is listed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct EventCount {
    /// The event id.
    pub event_id: String,
    /// How many times.
    pub times: u32,
}

/// Groups `events` by event in order of first appearance.
fn grouped(sc: &Scenario, events: &[EventIx]) -> Vec<EventCount> {
    let mut out: Vec<(EventIx, u32)> = Vec::new();
    for &e in events {
        match out.iter_mut().find(|(x, _)| *x == e) {
            Some((_, n)) => *n += 1,
            None => out.push((e, 1)),
        }
    }
    out.into_iter()
        .map(|(e, times)| EventCount {
            event_id: id(sc, e),
            times,
        })
        .collect()
}

// ---------------------------------------------------------------- input topic

/// One record of the input log.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LogCell {
    /// Its offset.
    pub offset: u64,
    /// The event it carries.
    pub event_id: String,
    /// The event's business amount.
    pub amount: i64,
    /// The event occurs more than once in the topic (a producer retry wrote it again).
    pub duplicate: bool,
}

/// One partition of the input topic.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PartitionLog {
    /// Partition number.
    pub partition: u32,
    /// Records shown (a window around the processor's position for long logs).
    pub cells: Vec<LogCell>,
    /// Records before the first one shown.
    pub hidden_before: u64,
    /// Records after the last one shown.
    pub hidden_after: u64,
    /// The log end offset.
    pub end: u64,
    /// The processor's position: the next offset it will fetch.
    pub position: u64,
    /// The committed offset: where a restart resumes.
    pub committed: u64,
}

/// The first offset and the length of a window of at most `max` of `len` items
/// around `focus`.
pub fn window(len: usize, focus: usize, max: usize) -> (usize, usize) {
    if len <= max || max == 0 {
        return (0, len.min(if max == 0 { len } else { max }));
    }
    let start = focus.saturating_sub(max / 2).min(len - max);
    (start, max)
}

/// Most records shown per partition.
pub const LOG_WINDOW: usize = 40;

/// The input topic, one log per partition, with the processor's position and the
/// committed offset.
pub fn input_log(sc: &Scenario, w: &World) -> Vec<PartitionLog> {
    let all = counts(
        sc,
        w.input
            .partitions
            .iter()
            .flat_map(|p| p.iter().map(|r| r.event)),
    );
    let parts = (sc.workload.partitions as usize).max(w.input.partitions.len());
    (0..parts)
        .map(|p| {
            let log: &[_] = w.input.partitions.get(p).map_or(&[], |v| v.as_slice());
            let position = w.processor.position.get(p).copied().unwrap_or(0);
            let committed = w.group.committed.get(p).copied().unwrap_or(0);
            let (start, n) = window(log.len(), position as usize, LOG_WINDOW);
            let cells = log
                .iter()
                .enumerate()
                .skip(start)
                .take(n)
                .map(|(off, r)| LogCell {
                    offset: off as u64,
                    event_id: id(sc, r.event),
                    amount: sc
                        .workload
                        .events
                        .get(r.event as usize)
                        .map_or(0, |e| e.amount),
                    duplicate: count_of(&all, r.event) > 1,
                })
                .collect();
            PartitionLog {
                partition: p as u32,
                cells,
                hidden_before: start as u64,
                hidden_after: (log.len() - start - n) as u64,
                end: log.len() as u64,
                position,
                committed,
            }
        })
        .collect()
}

// ---------------------------------------------------------------- producer

/// The upstream producer in words.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ProducerView {
    /// Producer id.
    pub producer_id: u64,
    /// Epoch.
    pub epoch: u16,
    /// Next sequence number per partition, `p0: 3`.
    pub next_sequence: Vec<String>,
    /// Events handed to the topic.
    pub sent: u32,
    /// Acknowledged.
    pub acked: u32,
    /// Events in the workload.
    pub total: u32,
    /// Whether the broker dedupes retries by sequence number.
    pub idempotent: bool,
}

/// The upstream producer.
pub fn producer(sc: &Scenario, w: &World) -> ProducerView {
    let pr = &w.producer;
    ProducerView {
        producer_id: pr.producer_id,
        epoch: pr.epoch,
        next_sequence: pr
            .next_sequence
            .iter()
            .enumerate()
            .map(|(p, s)| format!("p{p}: {s}"))
            .collect(),
        sent: pr.sent,
        acked: pr.acked,
        total: sc.workload.events.len() as u32,
        idempotent: sc.design.knobs.producer_idempotence,
    }
}

// ---------------------------------------------------------------- processor

/// A processor instance in words.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct InstanceView {
    /// Instance number.
    pub instance: u32,
    /// `running`, `down`, `paused` or `awake (zombie)`.
    pub status: String,
    /// Its consumer group generation.
    pub generation: u32,
    /// Its position per partition, `p0 @ 2`.
    pub position: Vec<String>,
    /// Records processed but not committed, `evt-2 (p0 @ 1)`.
    pub uncommitted: Vec<String>,
    /// Its producer session for transactional designs, `loyalty-1 · pid 7000 · epoch 1`.
    pub session: Option<String>,
    /// Its open transaction, `tx-2`.
    pub open_txn: Option<String>,
}

/// The live processor and the zombie, if any.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ProcessorView {
    /// The live instance.
    pub current: InstanceView,
    /// The group's generation (a commit from an older one is refused).
    pub group_generation: u32,
    /// A paused old instance that still believes it owns its partitions.
    pub zombie: Option<InstanceView>,
    /// Simulated time.
    pub clock: String,
}

fn instance_view(
    sc: &Scenario,
    w: &World,
    p: &super::world::Processor,
    status: String,
) -> InstanceView {
    let event_at = |part: u32, off: u64| {
        w.input
            .partitions
            .get(part as usize)
            .and_then(|l| l.get(off as usize))
            .map(|r| id(sc, r.event))
            .unwrap_or_default()
    };
    InstanceView {
        instance: p.instance,
        status,
        generation: p.generation,
        position: p
            .position
            .iter()
            .enumerate()
            .map(|(i, o)| format!("p{i} @ {o}"))
            .collect(),
        uncommitted: p
            .uncommitted
            .iter()
            .map(|&(part, off)| format!("{} (p{part} @ {off})", event_at(part, off)))
            .collect(),
        session: (sc.design.kind.is_kafka_transactional()
            && !p.session.transactional_id.is_empty())
        .then(|| {
            format!(
                "{} · pid {} · epoch {}",
                p.session.transactional_id, p.session.producer_id, p.session.epoch
            )
        }),
        open_txn: p.open_txn.map(|t| format!("tx-{t}")),
    }
}

/// The processor panel.
pub fn processor(sc: &Scenario, w: &World) -> ProcessorView {
    let status = match w.processor.status {
        ProcessorStatus::Running => "running",
        ProcessorStatus::Down => "down",
    };
    ProcessorView {
        current: instance_view(sc, w, &w.processor, status.into()),
        group_generation: w.group.generation,
        zombie: w.zombie.as_ref().map(|z| {
            let status = if z.awake { "awake: a zombie" } else { "paused" };
            instance_view(sc, w, &z.processor, status.into())
        }),
        clock: clock(w.clock_ms),
    }
}

// ---------------------------------------------------------------- state store

/// One state-store entry.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StoreView {
    /// The aggregate key.
    pub key: String,
    /// Its total.
    pub total: i64,
    /// Events applied, with how many times.
    pub applied: Vec<EventCount>,
    /// Some event was applied to the store more than once.
    pub duplicate: bool,
}

/// The state store's entries.
pub fn store(sc: &Scenario, w: &World) -> Vec<StoreView> {
    let all = counts(
        sc,
        w.store
            .entries
            .iter()
            .flat_map(|e| e.applied.iter().copied()),
    );
    w.store
        .entries
        .iter()
        .map(|e| StoreView {
            key: e.key.clone(),
            total: e.total,
            applied: grouped(sc, &e.applied),
            duplicate: e.applied.iter().any(|&x| count_of(&all, x) > 1),
        })
        .collect()
}

// ---------------------------------------------------------------- seen ids

/// One id in the seen-id store.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SeenView {
    /// The event id.
    pub event_id: String,
    /// When it was recorded.
    pub at: String,
    /// Whether it is older than the dedup window now (forgotten).
    pub expired: bool,
}

/// The seen-id store, and the window in words.
pub fn seen(sc: &Scenario, w: &World) -> (Vec<SeenView>, String) {
    let k = &sc.design.knobs;
    let window = k.dedup_window_ms;
    let ids = w
        .seen
        .ids
        .iter()
        .map(|s| SeenView {
            event_id: id_text(sc, s.id),
            at: clock(s.at),
            expired: !k.dedup_unbounded && w.clock_ms.saturating_sub(s.at) > window,
        })
        .collect();
    let window = if k.dedup_unbounded {
        "none (unbounded)".to_string()
    } else {
        duration(window)
    };
    (ids, window)
}

/// The seen-id store's size in words: how many ids it keeps now and what bounds it
/// (`3 ids kept, 2 evicted after the window`, `5 ids kept, never evicted: grows with
/// every id`).
pub fn seen_size(sc: &Scenario, w: &World) -> String {
    let kept = w.seen.ids.len();
    let ids = if kept == 1 { "id" } else { "ids" };
    if sc.design.knobs.dedup_unbounded {
        format!("{kept} {ids} kept, never evicted: the store grows with every id")
    } else {
        format!(
            "{kept} {ids} kept (at most {} at once), {} evicted after the window",
            w.seen.peak, w.seen.evicted
        )
    }
}

// ---------------------------------------------------------------- sink

/// A sink row in words.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RowView {
    /// Primary key.
    pub key: String,
    /// Amount or total.
    pub value: i64,
    /// The events behind the value, with multiplicity.
    pub events: Vec<EventCount>,
    /// Which attempt last wrote it.
    pub attempt: String,
    /// How many times it was written.
    pub writes: u32,
    /// The step that last wrote it.
    pub step: StepIx,
    /// Events that count more than once in this table (in this row or another).
    pub duplicates: Vec<String>,
}

impl RowView {
    /// Whether the row carries an event the table counts more than once.
    pub fn duplicate(&self) -> bool {
        !self.duplicates.is_empty()
    }
}

/// The rows of a table; an event counted in two rows (or twice in one) is marked.
pub fn rows(sc: &Scenario, rows: &[SinkRow]) -> Vec<RowView> {
    let all = counts(sc, rows.iter().flat_map(|r| r.events.iter().copied()));
    rows.iter()
        .map(|r| {
            let mut duplicates: Vec<String> = Vec::new();
            for &e in &r.events {
                let eid = id(sc, e);
                if count_of(&all, e) > 1 && !duplicates.contains(&eid) {
                    duplicates.push(eid);
                }
            }
            RowView {
                key: r.key.clone(),
                value: r.value,
                events: grouped(sc, &r.events),
                attempt: attempt_words(r.attempt),
                writes: r.writes,
                step: r.step,
                duplicates,
            }
        })
        .collect()
}

/// The sink: the table the reader queries and, for downstream dedup, the merged one.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SinkView {
    /// Name of the first table (`order_events`, or `order_events (raw)`).
    pub table: String,
    /// Its rows.
    pub rows: Vec<RowView>,
    /// A second table — the deduplicated one (downstream dedup) or the per-event table
    /// a `set-sum` write sums over: its name, whether it is filled yet, its rows.
    pub merged: Option<(String, bool, Vec<RowView>)>,
    /// The sum of the first table's values.
    pub total: i64,
}

/// The sink panel.
pub fn sink(sc: &Scenario, w: &World) -> SinkView {
    let t = &sc.names.table;
    let dedup = sc.design.kind.spec().downstream_dedup;
    let merged = dedup.then(|| match sc.design.knobs.downstream {
        DownstreamDedup::Merge => (
            format!("{t} (after MERGE)"),
            w.sink.merged_once,
            rows(sc, &w.sink.merged),
        ),
        DownstreamDedup::QueryView => {
            let mut view: Vec<SinkRow> = Vec::new();
            for r in &w.sink.rows {
                if !view.iter().any(|v| v.key == r.key) {
                    view.push(r.clone());
                }
            }
            (format!("{t}_view (one row per id)"), true, rows(sc, &view))
        }
    });
    let per_event = (sc.design.sink_write() == SinkWrite::SetSum).then(|| {
        (
            format!(
                "{t}_by_event (ON CONFLICT (event_id) DO NOTHING; the {} is its SUM)",
                sc.names.total
            ),
            true,
            rows(sc, &w.sink.per_event),
        )
    });
    let merged = merged.or(per_event);
    SinkView {
        table: if dedup {
            format!("{t} (raw)")
        } else {
            t.clone()
        },
        rows: rows(sc, &w.sink.rows),
        merged,
        total: super::limits::sum(w.sink.rows.iter().map(|r| r.value)),
    }
}

// ---------------------------------------------------------------- Kafka transactions

/// A Kafka transaction's state in words, with an icon so it is not told by colour.
pub fn txn_state_words(s: TxnState) -> (&'static str, &'static str) {
    match s {
        TxnState::Open => ("○", "open"),
        TxnState::PrepareCommit => ("◔", "committing"),
        TxnState::PrepareAbort => ("◔", "aborting"),
        TxnState::Committed => ("✓", "committed"),
        TxnState::Aborted => ("✗", "aborted"),
    }
}

/// A Kafka transaction in words.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TxnView {
    /// `tx-2`.
    pub name: String,
    /// Icon and word of its state.
    pub state: (&'static str, &'static str),
    /// `transactional.id · epoch`.
    pub producer: String,
    /// The instance that opened it.
    pub instance: u32,
    /// Input offsets committed with it, `p0 → 2`.
    pub offsets: Vec<String>,
    /// Changelog records in it, `user-1 += 50 (evt-1)`.
    pub changelog: Vec<String>,
    /// Output records written in it.
    pub outputs: Vec<String>,
    /// When the coordinator aborts it if still open.
    pub deadline: String,
}

/// One entry of the output topic's log.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum OutputCell {
    /// A data record.
    Record {
        /// Offset.
        offset: u64,
        /// Event id.
        event_id: String,
        /// Amount.
        value: i64,
        /// Its transaction, `tx-1` (none for non-transactional writes).
        txn: Option<String>,
        /// Which attempt wrote it.
        attempt: String,
        /// Outbox id (relayed records).
        outbox_id: Option<u32>,
        /// The event occurs in more than one record of the log.
        duplicate: bool,
        /// A read_committed reader returns it.
        committed_visible: bool,
        /// Its transaction was aborted: read_committed readers skip it.
        aborted: bool,
    },
    /// A COMMIT or ABORT marker.
    Marker {
        /// Offset.
        offset: u64,
        /// The transaction it ends.
        txn: String,
        /// COMMIT (true) or ABORT.
        commit: bool,
    },
}

/// The output topic's log.
pub fn output_log(sc: &Scenario, w: &World) -> Vec<OutputCell> {
    let all = counts(
        sc,
        w.output.log.iter().filter_map(|e| match e {
            OutputEntry::Record(r) => Some(r.event),
            OutputEntry::Marker { .. } => None,
        }),
    );
    let rc = w.output_visible(Isolation::ReadCommitted);
    w.output
        .log
        .iter()
        .enumerate()
        .map(|(off, e)| match e {
            OutputEntry::Record(r) => OutputCell::Record {
                offset: off as u64,
                event_id: id(sc, r.event),
                value: r.value,
                txn: r.txn.map(|t| format!("tx-{t}")),
                attempt: attempt_words(r.attempt),
                outbox_id: r.outbox_id,
                duplicate: count_of(&all, r.event) > 1,
                committed_visible: rc.contains(&off),
                aborted: r
                    .txn
                    .and_then(|t| w.coordinator.txn(t))
                    .is_some_and(|t| matches!(t.state, TxnState::Aborted | TxnState::PrepareAbort)),
            },
            OutputEntry::Marker { txn, commit } => OutputCell::Marker {
                offset: off as u64,
                txn: format!("tx-{txn}"),
                commit: *commit,
            },
        })
        .collect()
}

/// The transactions panel: transactions, output log, last stable offset, epochs.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TransactionsView {
    /// Every transaction of the run so far.
    pub txns: Vec<TxnView>,
    /// The output topic's log.
    pub log: Vec<OutputCell>,
    /// The last stable offset.
    pub last_stable_offset: u64,
    /// The log end offset.
    pub end: u64,
    /// Epoch per transactional.id, `loyalty-1: epoch 2 (pid 7000)`.
    pub epochs: Vec<String>,
}

/// The transactions panel.
pub fn transactions(sc: &Scenario, w: &World) -> TransactionsView {
    let timeout = sc.design.knobs.transaction_timeout_ms;
    let txns = w
        .coordinator
        .txns
        .iter()
        .map(|t| TxnView {
            name: format!("tx-{}", t.id),
            state: txn_state_words(t.state),
            producer: format!("{} · epoch {}", t.transactional_id, t.epoch),
            instance: t.instance,
            offsets: t
                .offsets
                .iter()
                .map(|(p, o)| format!("p{p} → {o}"))
                .collect(),
            changelog: t
                .changelog
                .iter()
                .map(|(k, a, e)| format!("{k} += {a} ({})", id(sc, *e)))
                .collect(),
            outputs: w
                .output
                .log
                .iter()
                .filter_map(|e| match e {
                    OutputEntry::Record(r) if r.txn == Some(t.id) => {
                        Some(format!("{} {}", id(sc, r.event), r.value))
                    }
                    _ => None,
                })
                .collect(),
            deadline: clock(t.started_ms + timeout),
        })
        .collect();
    TransactionsView {
        txns,
        log: output_log(sc, w),
        last_stable_offset: w.last_stable_offset(),
        end: w.output.log.len() as u64,
        epochs: w
            .coordinator
            .epochs
            .iter()
            .map(|(t, e, pid)| format!("{t}: epoch {e} (pid {pid})"))
            .collect(),
    }
}

// ---------------------------------------------------------------- checkpoints + 2PC

/// A sink transaction's state in words, with an icon.
pub fn sink_txn_state_words(s: SinkTxnState) -> (&'static str, &'static str) {
    match s {
        SinkTxnState::Open => ("○", "open"),
        SinkTxnState::PreCommitted => ("◔", "pre-committed"),
        SinkTxnState::Committed => ("✓", "committed"),
        SinkTxnState::Aborted => ("✗", "aborted"),
    }
}

/// A completed (or in-progress) checkpoint in words.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CheckpointView {
    /// Checkpoint id.
    pub id: u32,
    /// Input offsets at the barrier, `p0 @ 2`.
    pub offsets: Vec<String>,
    /// State at the barrier, `user-1 = 100`.
    pub state: Vec<String>,
    /// The sink transaction it pre-committed.
    pub pending_txn: Option<String>,
    /// Barrier passed, not complete yet.
    pub in_progress: bool,
}

/// An external sink transaction in words.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SinkTxnView {
    /// `tx-1`.
    pub name: String,
    /// Icon and word of its state.
    pub state: (&'static str, &'static str),
    /// Staged writes, `evt-1 (instance 1, delivery 1)`.
    pub staged: Vec<String>,
    /// The checkpoint it was pre-committed for.
    pub checkpoint: Option<u32>,
    /// While open or parked: when the database rolls it back.
    pub deadline: Option<String>,
    /// Its commit was recorded (an idempotent committer knows it).
    pub commit_recorded: bool,
}

/// The checkpoint panel.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CheckpointsView {
    /// Completed checkpoints, then the one in progress.
    pub checkpoints: Vec<CheckpointView>,
    /// The sink's transactions (two-phase commit only).
    pub sink_txns: Vec<SinkTxnView>,
    /// Whether the sink is two-phase.
    pub two_phase: bool,
}

/// The checkpoints panel.
pub fn checkpoints(sc: &Scenario, w: &World) -> CheckpointsView {
    let cp = |c: &super::world::Checkpoint, in_progress: bool| CheckpointView {
        id: c.id,
        offsets: c
            .offsets
            .iter()
            .enumerate()
            .map(|(p, o)| format!("p{p} @ {o}"))
            .collect(),
        state: c
            .state
            .entries
            .iter()
            .map(|e| format!("{} = {}", e.key, e.total))
            .collect(),
        pending_txn: c.pending_txn.map(|t| format!("tx-{t}")),
        in_progress,
    };
    let mut checkpoints: Vec<CheckpointView> = w
        .coordinator
        .checkpoints
        .iter()
        .map(|c| cp(c, false))
        .collect();
    checkpoints.extend(w.coordinator.in_progress.as_ref().map(|c| cp(c, true)));
    let timeout = sc.design.knobs.sink_txn_timeout_ms;
    CheckpointsView {
        checkpoints,
        sink_txns: w
            .sink
            .txns
            .iter()
            .map(|t| SinkTxnView {
                name: format!("tx-{}", t.id),
                state: sink_txn_state_words(t.state),
                staged: t
                    .staged
                    .iter()
                    .map(|s| format!("{} ({})", id(sc, s.event), attempt_words(s.attempt)))
                    .collect(),
                checkpoint: t.checkpoint,
                deadline: matches!(t.state, SinkTxnState::Open | SinkTxnState::PreCommitted)
                    .then(|| clock(t.opened_ms + timeout)),
                commit_recorded: w.sink.committed_txns.contains(&t.id),
            })
            .collect(),
        two_phase: sc.design.knobs.two_phase,
    }
}

// ---------------------------------------------------------------- outbox

/// One outbox row.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct OutboxRowView {
    /// Outbox event id.
    pub id: u32,
    /// The input event behind it.
    pub event_id: String,
    /// Amount.
    pub value: i64,
    /// The relay has published it (in this incarnation or an earlier one).
    pub published: bool,
}

/// One event the outbox topic's consumer applied.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AppliedView {
    /// The input event.
    pub event_id: String,
    /// The outbox id it came with.
    pub outbox_id: u32,
    /// The event was applied more than once.
    pub duplicate: bool,
}

/// The outbox panel.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct OutboxView {
    /// Outbox rows in commit order.
    pub rows: Vec<OutboxRowView>,
    /// The relay's next row to publish.
    pub relay_position: u32,
    /// The position the relay last recorded (where it resumes after a crash).
    pub relay_recorded: u32,
    /// The relay's instance.
    pub relay_instance: u32,
    /// The outbox topic.
    pub log: Vec<OutputCell>,
    /// The consumer's next offset.
    pub consumer_position: usize,
    /// Whether the consumer dedupes on the outbox id.
    pub consumer_dedup: bool,
    /// What the consumer applied.
    pub applied: Vec<AppliedView>,
}

/// The outbox panel.
pub fn outbox(sc: &Scenario, w: &World) -> OutboxView {
    let o = &w.outbox;
    let applied = counts(sc, o.consumer.applied.iter().map(|a| a.0));
    OutboxView {
        rows: o
            .rows
            .iter()
            .enumerate()
            .map(|(i, r)| OutboxRowView {
                id: r.id,
                event_id: id(sc, r.event),
                value: r.value,
                published: (i as u32) < o.relay.position
                    || w.output
                        .log
                        .iter()
                        .any(|e| matches!(e, OutputEntry::Record(x) if x.outbox_id == Some(r.id))),
            })
            .collect(),
        relay_position: o.relay.position,
        relay_recorded: o.relay.recorded,
        relay_instance: o.relay.instance,
        log: output_log(sc, w),
        consumer_position: o.consumer.position,
        consumer_dedup: sc.design.knobs.consumer_dedup,
        applied: o
            .consumer
            .applied
            .iter()
            .map(|&(e, oid, _)| AppliedView {
                event_id: id(sc, e),
                outbox_id: oid,
                duplicate: count_of(&applied, e) > 1,
            })
            .collect(),
    }
}

// ---------------------------------------------------------------- external

/// One effect at the external provider.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct EffectView {
    /// The event behind it.
    pub event_id: String,
    /// Which attempt asked for it.
    pub attempt: String,
    /// The step that caused it.
    pub step: StepIx,
    /// The event had more than one effect.
    pub duplicate: bool,
}

/// The external provider: effects and stored idempotency keys.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ExternalView {
    /// Effects performed.
    pub effects: Vec<EffectView>,
    /// Stored keys, `order-123 (stored at 0.120 s)`.
    pub keys: Vec<String>,
    /// Whether calls carry an idempotency key.
    pub keyed: bool,
}

/// One stored key in words: `charge:order-123 (stored at 0.120 s)`, with its state
/// when it is still in progress or past its retention.
fn stored_key(sc: &Scenario, w: &World, k: &StoredKey) -> String {
    let state = if w.clock_ms.saturating_sub(k.at) > sc.design.knobs.key_retention_ms {
        ", retention passed: the provider has forgotten it"
    } else if k.state == KeyState::InProgress {
        ", request in progress"
    } else {
        ""
    };
    format!("{} (stored at {}{state})", key_text(sc, k.key), clock(k.at))
}

/// The external panel.
pub fn external(sc: &Scenario, w: &World) -> ExternalView {
    let c = counts(sc, w.external.effects.iter().map(|f| f.event));
    ExternalView {
        effects: w
            .external
            .effects
            .iter()
            .map(|f| EffectView {
                event_id: id(sc, f.event),
                attempt: attempt_words(f.attempt),
                step: f.step,
                duplicate: count_of(&c, f.event) > 1,
            })
            .collect(),
        keys: w
            .external
            .keys
            .iter()
            .map(|k| stored_key(sc, w, k))
            .collect(),
        keyed: sc.design.knobs.idempotency_key,
    }
}

// ---------------------------------------------------------------- reader

/// One effect a reader sees.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ReaderRow {
    /// The event behind it.
    pub event_id: String,
    /// Its contribution to the business total.
    pub amount: i64,
    /// The reader sees this event more than once.
    pub duplicate: bool,
}

/// What one reader sees.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ReaderColumn {
    /// `read_committed`, `read_uncommitted`, or what it reads (`order_events`).
    pub title: String,
    /// This is the reader the scenario's downstream uses (the ledger counts it).
    pub configured: bool,
    /// The effects it sees.
    pub rows: Vec<ReaderRow>,
    /// Its business total.
    pub total: i64,
}

fn column(
    sc: &Scenario,
    title: String,
    configured: bool,
    items: Vec<(EventIx, i64)>,
) -> ReaderColumn {
    let c = counts(sc, items.iter().map(|i| i.0));
    ReaderColumn {
        title,
        configured,
        total: super::limits::sum(items.iter().map(|i| i.1)),
        rows: items
            .into_iter()
            .map(|(e, amount)| ReaderRow {
                event_id: id(sc, e),
                amount,
                duplicate: count_of(&c, e) > 1,
            })
            .collect(),
    }
}

/// What the downstream reader sees now; for Kafka designs both isolation levels side
/// by side, the scenario's own one marked.
pub fn readers(sc: &Scenario, w: &World) -> Vec<ReaderColumn> {
    if sc.design.kind.is_kafka_transactional() {
        [Isolation::ReadCommitted, Isolation::ReadUncommitted]
            .into_iter()
            .map(|iso| {
                let items = w
                    .output_visible(iso)
                    .into_iter()
                    .filter_map(|o| w.output_record(o))
                    .map(|r| (r.event, r.value))
                    .collect();
                let title = match iso {
                    Isolation::ReadCommitted => "read_committed",
                    Isolation::ReadUncommitted => "read_uncommitted",
                };
                column(sc, title.into(), iso == sc.design.knobs.isolation, items)
            })
            .collect()
    } else {
        let (items, total) = reader_view(sc, w);
        let n = &sc.names;
        let spec = sc.design.kind.spec();
        let title = if spec.cdc_relay {
            format!("consumer of {}", n.output_topic)
        } else if spec.downstream_dedup {
            match sc.design.knobs.downstream {
                DownstreamDedup::Merge => format!("{} (after MERGE)", n.table),
                DownstreamDedup::QueryView => format!("{}_view", n.table),
            }
        } else {
            n.table.clone()
        };
        let mut col = column(
            sc,
            title,
            true,
            items.iter().map(|i| (i.event, i.amount)).collect(),
        );
        // The reader's total is the table's (an aggregate row counts its value once).
        col.total = total;
        vec![col]
    }
}

// ---------------------------------------------------------------- ledger totals

/// One output's business total beside the expected one.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct OutputTotal {
    /// The output.
    pub output: Output,
    /// Its name in the lesson's words (`sink order_events`, `charge card`).
    pub name: String,
    /// The total it holds (for external effects: the amounts of the events acted on).
    pub total: i64,
    /// Whether it must match the expected total ([`Output::checked`]).
    pub checked: bool,
    /// Whether it is the output the downstream reader reads.
    pub reader: bool,
    /// `=` or `≠` against the expected total; empty for an output written at least
    /// once on purpose.
    pub mark: &'static str,
}

/// The ledger's totals: the business total expected and every output's.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TotalsView {
    /// The business total's name (`revenue`, `charged`).
    pub name: String,
    /// What it is if every event took effect once.
    pub expected: i64,
    /// One per output of the design, the reader's first.
    pub outputs: Vec<OutputTotal>,
    /// Whether every checked output holds the expected total.
    pub all_match: bool,
    /// The whole line in words: `revenue 150 expected · sink order_events 200 seen ≠
    /// · state store totals-store 200 ≠`.
    pub line: String,
}

/// The totals line of the ledger. The changelog is listed only when it disagrees
/// with the state store it backs.
pub fn totals(sc: &Scenario, l: &Ledger) -> TotalsView {
    let store = l.output(Output::StateStore).map(|o| o.total);
    let mut outputs: Vec<OutputTotal> = l
        .outputs
        .iter()
        .filter(|o| !(o.output == Output::Changelog && Some(o.total) == store))
        .map(|o| OutputTotal {
            output: o.output,
            name: o.output.name(sc),
            total: o.total,
            checked: o.checked,
            reader: o.reader,
            mark: match (o.checked, o.total == l.expected_total) {
                (false, _) => "",
                (true, true) => "=",
                (true, false) => "≠",
            },
        })
        .collect();
    outputs.sort_by_key(|o| !o.reader);
    let mut line = format!("{} {} expected", sc.names.total, l.expected_total);
    for o in &outputs {
        let seen = if o.reader { " seen" } else { "" };
        let mark = if o.checked {
            format!(" {}", o.mark)
        } else {
            " (at least once)".to_string()
        };
        line.push_str(&format!(" · {} {}{seen}{mark}", o.name, o.total));
    }
    TotalsView {
        name: sc.names.total.clone(),
        expected: l.expected_total,
        all_match: outputs.iter().all(|o| o.mark != "≠"),
        outputs,
        line,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{presets, simulate, world_at};

    fn preset(slug: &str) -> Scenario {
        presets::find(slug).unwrap().scenario
    }

    #[test]
    fn each_design_has_its_own_panels() {
        use Panel::*;
        assert_eq!(
            panels(DesignKind::AtLeastOnce),
            [Producer, Input, Processor, Store, Sink, Reader]
        );
        let eos = panels(DesignKind::KafkaTransactions);
        assert!(eos.contains(&Transactions) && !eos.contains(&Sink) && !eos.contains(&Outbox));
        let outbox = panels(DesignKind::Outbox);
        assert!(outbox.contains(&Outbox) && !outbox.contains(&Transactions));
        assert!(panels(DesignKind::TwoPhaseCommit).contains(&Checkpoints));
        assert!(panels(DesignKind::TransactionsExternal).contains(&External));
        assert!(panels(DesignKind::DedupStore).contains(&Seen));
        for k in DesignKind::ALL {
            let p = panels(k);
            assert_eq!(p.first(), Some(&Producer), "{k}");
            assert_eq!(p.last(), Some(&Reader), "{k}");
        }
    }

    #[test]
    fn a_sink_write_changes_the_sink_panel_only_among_its_neighbours() {
        let sc = preset("db-then-commit");
        let t = simulate(&sc);
        let write = t
            .steps
            .iter()
            .find(|s| s.kind == crate::model::StepKind::SinkWrite)
            .unwrap();
        assert!(Panel::Sink.changed_by(write.changed));
        assert!(!Panel::Input.changed_by(write.changed));
        assert!(!Panel::Producer.changed_by(write.changed));
    }

    #[test]
    fn attempts_and_clocks_read_as_words() {
        assert_eq!(
            attempt_words(Attempt {
                instance: 2,
                delivery: 2
            }),
            "instance 2, delivery 2"
        );
        assert_eq!(clock(120), "0.120 s");
        assert_eq!(clock(61_005), "1 min 1.005 s");
        assert_eq!(clock(900_040), "15 min 0.040 s");
        assert_eq!(clock(7_200_130), "2 h 0.130 s");
    }

    #[test]
    fn windows_stay_inside_the_log() {
        assert_eq!(window(5, 3, 40), (0, 5));
        assert_eq!(window(100, 0, 40), (0, 40));
        assert_eq!(window(100, 50, 40), (30, 40));
        assert_eq!(window(100, 99, 40), (60, 40));
    }

    #[test]
    fn the_replayed_row_is_marked_duplicate_in_the_sink() {
        let sc = preset("db-then-commit");
        let t = simulate(&sc);
        let s = sink(&sc, &t.world);
        let dup: Vec<_> = s.rows.iter().filter(|r| r.duplicate()).collect();
        assert_eq!(dup.len(), 2, "{s:?}");
        assert!(dup.iter().all(|r| r.key == "evt-2"));
        assert_eq!(dup[1].attempt, "instance 2, delivery 2");
        assert!(s
            .rows
            .iter()
            .filter(|r| r.key != "evt-2")
            .all(|r| !r.duplicate()));
        assert_eq!(s.total, 200);
    }

    #[test]
    fn an_increment_row_counts_the_replayed_event_twice() {
        let sc = preset("daily-revenue-increment");
        let t = simulate(&sc);
        let s = sink(&sc, &t.world);
        let row = s.rows.iter().find(|r| r.key == "user-2").unwrap();
        assert_eq!(row.duplicates, ["evt-2"]);
        assert_eq!(row.events[0].times, 2);
        assert_eq!(row.writes, 2);
    }

    #[test]
    fn the_store_marks_an_event_applied_twice() {
        let sc = preset("db-then-commit");
        let t = simulate(&sc);
        let st = store(&sc, &t.world);
        let u2 = st.iter().find(|e| e.key == "user-2").unwrap();
        assert!(u2.duplicate);
        assert_eq!(u2.total, 100);
        assert!(!st.iter().find(|e| e.key == "user-1").unwrap().duplicate);
    }

    #[test]
    fn the_input_log_follows_the_cursor() {
        let sc = preset("db-then-commit");
        let t = simulate(&sc);
        let commit = t
            .steps
            .iter()
            .position(|s| s.kind == crate::model::StepKind::CommitOffset)
            .unwrap();
        let before = input_log(&sc, &world_at(&sc, commit));
        let after = input_log(&sc, &world_at(&sc, commit + 1));
        assert_eq!(before[0].committed, 0);
        assert_eq!(after[0].committed, 1);
        assert_eq!(after[0].cells[0].event_id, "evt-1");
        assert!(after[0].cells.iter().all(|c| !c.duplicate));
    }

    #[test]
    fn a_producer_retry_leaves_a_duplicate_in_the_input_log() {
        let sc = preset("lost-ack");
        let t = simulate(&sc);
        let log = input_log(&sc, &t.world);
        let dups: Vec<_> = log[0].cells.iter().filter(|c| c.duplicate).collect();
        assert_eq!(dups.len(), 2);
        assert!(dups.iter().all(|c| c.event_id == "evt-2"));
    }

    #[test]
    fn both_readers_side_by_side_for_kafka_designs() {
        let sc = preset("eos-read-uncommitted");
        let t = simulate(&sc);
        let cols = readers(&sc, &t.world);
        assert_eq!(cols.len(), 2);
        assert_eq!(cols[0].title, "read_committed");
        assert!(!cols[0].configured && cols[1].configured);
        assert_eq!(cols[0].total, 150);
        assert_eq!(cols[1].total, 200);
        assert!(cols[1]
            .rows
            .iter()
            .any(|r| r.duplicate && r.event_id == "evt-2"));
        assert!(cols[0].rows.iter().all(|r| !r.duplicate));
    }

    #[test]
    fn transactions_show_the_aborted_one_and_its_marker() {
        let sc = preset("loyalty-eos");
        let t = simulate(&sc);
        let v = transactions(&sc, &t.world);
        assert!(v.txns.iter().any(|x| x.state.1 == "aborted"));
        assert!(v.txns.iter().any(|x| x.state.1 == "committed"));
        assert!(v
            .log
            .iter()
            .any(|c| matches!(c, OutputCell::Marker { commit: false, .. })));
        let aborted: Vec<_> = v
            .log
            .iter()
            .filter(|c| matches!(c, OutputCell::Record { aborted: true, .. }))
            .collect();
        assert_eq!(aborted.len(), 1, "{:?}", v.log);
        assert!(matches!(
            aborted[0],
            OutputCell::Record {
                committed_visible: false,
                ..
            }
        ));
        assert_eq!(v.last_stable_offset, v.end);
        assert!(!v.epochs.is_empty());
    }

    #[test]
    fn the_last_stable_offset_holds_back_an_open_transaction() {
        let sc = preset("loyalty-eos");
        let t = simulate(&sc);
        let produced = t
            .steps
            .iter()
            .position(|s| s.kind == crate::model::StepKind::Produce)
            .unwrap();
        let w = world_at(&sc, produced + 1);
        let v = transactions(&sc, &w);
        assert!(v.last_stable_offset < v.end);
        let cols = readers(&sc, &w);
        assert!(cols[0].rows.is_empty());
        assert_eq!(cols[1].rows.len(), 1);
    }

    #[test]
    fn external_effects_and_outbox_mark_repeats() {
        let sc = preset("loyalty-email");
        let t = simulate(&sc);
        let x = external(&sc, &t.world);
        assert!(x
            .effects
            .iter()
            .any(|f| f.duplicate && f.event_id == "evt-2"));

        let sc = preset("outbox-debezium");
        let t = simulate(&sc);
        let o = outbox(&sc, &t.world);
        assert!(o.rows.iter().all(|r| r.published));
        assert!(o
            .applied
            .iter()
            .any(|a| a.duplicate && a.event_id == "evt-2"));
        assert_eq!(readers(&sc, &t.world)[0].rows.len(), o.applied.len());
    }

    #[test]
    fn downstream_dedup_shows_raw_and_merged_tables() {
        let sc = preset("downstream-merge");
        let t = simulate(&sc);
        let s = sink(&sc, &t.world);
        assert!(s.rows.iter().any(|r| r.duplicate()));
        let (name, ran, merged) = s.merged.expect("a merged table");
        assert!(name.contains("MERGE"));
        assert!(ran);
        assert!(merged.iter().all(|r| !r.duplicate()));
        assert_eq!(readers(&sc, &t.world)[0].total, 150);
    }

    #[test]
    fn checkpoints_and_sink_transactions_for_two_phase_commit() {
        let sc = preset("flink-2pc-recommit");
        let t = simulate(&sc);
        let c = checkpoints(&sc, &t.world);
        assert!(c.two_phase);
        assert!(!c.checkpoints.is_empty());
        assert!(c.sink_txns.iter().any(|x| x.state.1 == "committed"));
        assert!(c.sink_txns.iter().all(|x| x.deadline.is_none()));
        let barrier = t
            .steps
            .iter()
            .position(|s| s.kind == crate::model::StepKind::PreCommit)
            .unwrap();
        let parked = checkpoints(&sc, &world_at(&sc, barrier + 1));
        assert_eq!(parked.sink_txns[0].state.1, "pre-committed");
        assert!(parked.sink_txns[0].deadline.is_some());
    }

    #[test]
    fn a_set_sum_sink_shows_its_per_event_table_and_the_seen_store_its_size() {
        let sc = preset("order-counts-sum");
        let t = simulate(&sc);
        let s = sink(&sc, &t.world);
        let (name, _, rows) = s.merged.expect("the per-event table");
        assert!(name.contains("ON CONFLICT"), "{name}");
        assert_eq!(rows.len(), 3);
        assert_eq!(s.total, 150);
        let sc = preset("dedup-window");
        let t = simulate(&sc);
        let size = seen_size(&sc, &t.world);
        assert!(size.starts_with("3 ids kept"), "{size}");
        assert!(size.contains("1 evicted"), "{size}");
    }

    #[test]
    fn seen_ids_expire_after_the_window() {
        let sc = preset("dedup-window");
        let t = simulate(&sc);
        let passed = t
            .steps
            .iter()
            .position(|s| {
                s.fault
                    .and_then(|f| sc.faults.get(f as usize))
                    .map(|f| f.kind)
                    == Some(crate::model::FaultKind::TimePasses)
            })
            .unwrap();
        let (before, window) = seen(&sc, &world_at(&sc, passed));
        assert_eq!(window, "1 h");
        assert!(before.iter().any(|s| s.event_id == "evt-1" && !s.expired));
        let (after, _) = seen(&sc, &world_at(&sc, passed + 1));
        assert!(
            after.iter().any(|s| s.event_id == "evt-1" && s.expired),
            "{after:?}"
        );
    }

    #[test]
    fn outbox_totals_name_no_state_store() {
        let sc = preset("outbox-debezium");
        let t = simulate(&sc);
        let v = totals(&sc, &t.ledger);
        assert!(!v.line.contains("state store"), "{}", v.line);
        assert_eq!(v.outputs[0].name, "consumer of order-events");
        assert_eq!((v.outputs[0].total, v.outputs[0].mark), (200, "≠"));
        assert!(
            v.line
                .contains("outbox topic order-events 200 (at least once)"),
            "{}",
            v.line
        );
        assert!(v.line.contains("sink orders 150 ="), "{}", v.line);
        assert!(!v.all_match);
    }

    #[test]
    fn payment_totals_count_the_second_charge() {
        let sc = preset("payment-order-123");
        let t = simulate(&sc);
        let v = totals(&sc, &t.ledger);
        assert!(
            v.line
                .starts_with("charged 90 expected · output topic payments 90 seen ="),
            "{}",
            v.line
        );
        assert!(v.line.contains("charge card 115 ≠"), "{}", v.line);
        assert!(
            !v.line.contains("changelog"),
            "agrees with the store: {}",
            v.line
        );
        assert!(!v.all_match);
    }

    #[test]
    fn a_changelog_that_disagrees_with_the_store_is_listed() {
        let sc = preset("zombie-no-fencing");
        let t = simulate(&sc);
        let v = totals(&sc, &t.ledger);
        assert!(
            v.line.contains("changelog of totals-store 200 ≠"),
            "{}",
            v.line
        );
        assert!(
            v.line.contains("state store totals-store 150 ="),
            "{}",
            v.line
        );
    }
}
