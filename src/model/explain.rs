//! Words for the trace: arrow labels, narration of a step, and why an event was
//! lost or duplicated (following the steps' causes back to the fault).

use super::designs::Words;
use super::ledger::{Ledger, Output, OutputLedger, Verdict};
use super::scenario::{FaultKind, Isolation, Scenario, SinkWrite, StepKind};
use super::trace::{Actor, Note, Outcome, Step, Trace, Why};
use super::world::{EventIx, IdKey, TxnState};

fn ev_id(sc: &Scenario, e: Option<EventIx>) -> &str {
    e.and_then(|e| sc.workload.events.get(e as usize))
        .map(|e| e.id.as_str())
        .unwrap_or("")
}

fn ms(ms: u64) -> String {
    if ms >= 3_600_000 && ms.is_multiple_of(3_600_000) {
        format!("{} h", ms / 3_600_000)
    } else if ms >= 60_000 && ms.is_multiple_of(60_000) {
        format!("{} min", ms / 60_000)
    } else if ms >= 1000 {
        format!("{} s", ms / 1000)
    } else {
        format!("{ms} ms")
    }
}

/// Formats a duration in plain words (`2 h`, `60 s`).
pub fn duration(millis: u64) -> String {
    ms(millis)
}

/// An event id as the step or store holds it: `evt-2`, a generated `uuid 3fa9c1d2
/// for evt-2`, or a shared record key `user-1`.
pub fn id_text(sc: &Scenario, id: IdKey) -> String {
    let ev = |e: EventIx| sc.workload.events.get(e as usize);
    match id {
        IdKey::Event(e) => ev_id(sc, Some(e)).to_string(),
        IdKey::Fresh(e, tag) => format!("uuid {} for {}", IdKey::uuid(e, tag), ev_id(sc, Some(e))),
        IdKey::Shared(e) => ev(e).map(|x| x.key.clone()).unwrap_or_default(),
    }
}

/// An idempotency key in the lesson's form: `charge:order-123` (a generated one
/// reads `charge:3fa9c1d2`, a shared one `charge:customer-7`).
pub fn key_text(sc: &Scenario, id: IdKey) -> String {
    let x = &sc.names.external;
    let prefix = if x.contains("charge") {
        "charge"
    } else if x.contains("email") {
        "email"
    } else {
        x.split_whitespace().next().unwrap_or("request")
    };
    let body = match id {
        IdKey::Fresh(e, tag) => IdKey::uuid(e, tag),
        _ => id_text(sc, id),
    };
    format!("{prefix}:{body}")
}

/// The name of a lifeline in this scenario's words.
pub fn actor_name(sc: &Scenario, a: Actor) -> String {
    let n = &sc.names;
    let words = &sc.design.kind.spec().words;
    match a {
        Actor::Producer => "Producer".into(),
        Actor::InputTopic => format!("Input topic {}", n.input_topic),
        Actor::Processor => words.processor.into(),
        Actor::StateStore => format!("State store {}", n.store),
        Actor::SeenIds => "Seen-id store".into(),
        Actor::Coordinator => words.coordinator.into(),
        Actor::Sink => Words::fill(words.sink, n),
        Actor::OutputTopic => format!("Output topic {}", n.output_topic),
        Actor::Relay => words.relay.into(),
        Actor::External => format!("External API ({})", n.external),
        Actor::Reader => "Downstream reader".into(),
    }
}

/// The short label of a step's arrow, in the lesson's words.
pub fn label(sc: &Scenario, step: &Step) -> String {
    if let Some(l) = kafka_label(sc, step) {
        return l;
    }
    let p = Parts::new(sc, step);
    match Family::of(step.kind) {
        Family::Input => label_input(&p),
        Family::Txn => label_txn(&p),
        Family::Checkpoint => label_checkpoint(&p),
        Family::Outbox => label_outbox(&p),
        Family::Recovery => label_recovery(&p),
        Family::End => label_end(&p),
    }
}

/// The families of steps whose labels and narrations are written together.
#[derive(Clone, Copy)]
enum Family {
    /// The upstream producer and the consuming processor.
    Input,
    /// Kafka transactions and the external call inside them.
    Txn,
    /// Checkpoints and the two-phase-commit sink.
    Checkpoint,
    /// The outbox and its CDC relay.
    Outbox,
    /// Restart, takeover, fencing and restore.
    Recovery,
    /// The end of the run, and faults.
    End,
}

impl Family {
    fn of(kind: StepKind) -> Family {
        match kind {
            StepKind::Send
            | StepKind::Ack
            | StepKind::Poll
            | StepKind::UpdateState
            | StepKind::SinkWrite
            | StepKind::DedupCheck
            | StepKind::RecordSeen
            | StepKind::CommitOffset
            | StepKind::Rejected => Family::Input,
            StepKind::BeginTxn
            | StepKind::Produce
            | StepKind::SendOffsets
            | StepKind::CommitTxn
            | StepKind::TxnMarkers
            | StepKind::AbortTxn
            | StepKind::ExternalCall
            | StepKind::ExternalResult => Family::Txn,
            StepKind::PreCommit
            | StepKind::CheckpointComplete
            | StepKind::NotifyComplete
            | StepKind::SinkCommit => Family::Checkpoint,
            StepKind::OutboxWrite
            | StepKind::RelayPublish
            | StepKind::Consume
            | StepKind::RelayPosition => Family::Outbox,
            StepKind::Restart
            | StepKind::Assign
            | StepKind::FetchOffsets
            | StepKind::InitTxn
            | StepKind::RestoreState
            | StepKind::Wake
            | StepKind::Revoke => Family::Recovery,
            StepKind::Merge | StepKind::Read | StepKind::Fault => Family::End,
        }
    }
}

/// What a step's label and narration share: its scenario, the step, its event id,
/// offset and transaction.
struct Parts<'a> {
    sc: &'a Scenario,
    step: &'a Step,
    e: &'a str,
    off: u64,
    txn: String,
}

impl<'a> Parts<'a> {
    fn new(sc: &'a Scenario, step: &'a Step) -> Parts<'a> {
        Parts {
            sc,
            step,
            e: ev_id(sc, step.event),
            off: step.offset.unwrap_or(0),
            txn: step.txn.map(|t| format!("tx-{t}")).unwrap_or_default(),
        }
    }
}

/// `what`, or `what refused: why` when the step was refused.
fn refused(step: &Step, what: &str) -> String {
    match step.outcome {
        Outcome::Refused(w) => format!("{what} refused: {}", why_short(w)),
        _ => what.to_string(),
    }
}

/// The label of a step of the upstream producer and the consuming processor.
fn label_input(p: &Parts) -> String {
    let sc = p.sc;
    let step = p.step;
    let e = p.e;
    let off = p.off;
    let event = step.event.and_then(|i| sc.workload.events.get(i as usize));
    match step.kind {
        StepKind::Send => match step.outcome {
            Outcome::NoOp(_) => format!("retry {e}: duplicate sequence, original ack"),
            _ if step.attempt.delivery > 1 => format!("retry {e} → offset {off}"),
            _ => format!("send {e} → offset {off}"),
        },
        StepKind::Ack => format!("ack {e}"),
        StepKind::Poll => {
            if step.attempt.delivery > 1 {
                format!("poll {e} @{off} (again)")
            } else {
                format!("poll {e} @{off}")
            }
        }
        StepKind::UpdateState => match event {
            Some(ev) => format!("{} += {}", ev.key, ev.amount),
            None => "update state".into(),
        },
        StepKind::SinkWrite => sink_write_label(sc, step),
        StepKind::DedupCheck => {
            let id = step
                .id
                .map(|i| id_text(sc, i))
                .unwrap_or_else(|| e.to_string());
            match (step.outcome, step.note) {
                (Outcome::NoOp(_), _) => format!("seen {id}? yes → skip"),
                (_, Some(Note::Forgotten)) => format!("seen {id}? evicted → no"),
                _ => format!("seen {id}? no"),
            }
        }
        StepKind::RecordSeen => format!(
            "mark {} seen",
            step.id
                .map(|i| id_text(sc, i))
                .unwrap_or_else(|| e.to_string())
        ),
        StepKind::CommitOffset => refused(step, &format!("commitSync({})", offsets_words(step))),
        // What is left: Rejected.
        _ => refused(step, "write"),
    }
}

/// The label of a step of Kafka transactions and the external call.
fn label_txn(p: &Parts) -> String {
    let sc = p.sc;
    let step = p.step;
    let n = &sc.names;
    let e = p.e;
    let txn = &p.txn;
    match step.kind {
        StepKind::BeginTxn => format!("beginTransaction ({txn})"),
        StepKind::Produce => match step.outcome {
            Outcome::NoOp(_) => "retry: duplicate sequence, original ack".into(),
            Outcome::Refused(w) => format!("send refused: {}", why_short(w)),
            Outcome::Applied => format!("send {} {e}", n.output_type),
        },
        StepKind::SendOffsets => refused(
            step,
            &format!("sendOffsetsToTransaction({})", offsets_words(step)),
        ),
        StepKind::CommitTxn => refused(step, &format!("commitTransaction ({txn})")),
        StepKind::TxnMarkers => match step.outcome {
            Outcome::Applied => format!("COMMIT marker {txn}"),
            _ if step.cause.is_none() => format!("timeout: ABORT marker {txn}"),
            _ => format!("ABORT marker {txn}"),
        },
        StepKind::AbortTxn => match step.outcome {
            Outcome::Refused(_) => format!("{txn} timed out: rolled back"),
            _ => format!("ROLLBACK {txn}"),
        },
        StepKind::ExternalCall => external_label(sc, step),
        // What is left: ExternalResult.
        _ => match step.id {
            Some(k) => format!("200 OK: result stored under {}", key_text(sc, k)),
            None => format!("200 OK: {} {e} done", n.external),
        },
    }
}

/// The label of a step of checkpoints and the two-phase-commit sink.
fn label_checkpoint(p: &Parts) -> String {
    let sc = p.sc;
    let step = p.step;
    let off = p.off;
    let txn = &p.txn;
    match step.kind {
        StepKind::PreCommit => match step.outcome {
            Outcome::Refused(w) => format!("barrier {off} refused: {}", why_short(w)),
            _ if sc.design.knobs.two_phase => format!("barrier {off}: snapshot, pre-commit {txn}"),
            _ => format!("barrier {off}: snapshot state + offsets"),
        },
        StepKind::CheckpointComplete => refused(step, &format!("checkpoint {off} complete")),
        StepKind::NotifyComplete => format!("notifyCheckpointComplete({off})"),
        // What is left: SinkCommit.
        _ => match step.outcome {
            Outcome::NoOp(_) => format!("re-commit {txn}: already committed"),
            Outcome::Refused(_) => format!("COMMIT {txn} failed: expired"),
            Outcome::Applied if step.event.is_none() => format!("re-commit {txn}"),
            Outcome::Applied => format!("COMMIT {txn}"),
        },
    }
}

/// The label of a step of the outbox, its CDC relay and consumer.
fn label_outbox(p: &Parts) -> String {
    let sc = p.sc;
    let step = p.step;
    let n = &sc.names;
    let e = p.e;
    let off = p.off;
    match step.kind {
        StepKind::OutboxWrite => match step.outcome {
            Outcome::NoOp(_) => format!("INSERT {} ({e}): exists, no outbox row", n.table),
            _ => format!("BEGIN; INSERT {} + outbox ({e}); COMMIT", n.table),
        },
        StepKind::RelayPublish => format!("publish outbox row {e} → offset {off}"),
        StepKind::Consume => match step.outcome {
            Outcome::NoOp(_) => format!("consume {e}: outbox id seen → skip"),
            _ => format!("consume {e} (offset {off})"),
        },
        // What is left: RelayPosition.
        _ => format!("record position {off}"),
    }
}

/// The label of a step of restarts, rebalances and recovery.
fn label_recovery(p: &Parts) -> String {
    let sc = p.sc;
    let step = p.step;
    let n = &sc.names;
    let off = p.off;
    match step.kind {
        StepKind::Restart => {
            if step.from == Actor::Relay {
                format!("relay restarts from position {off}")
            } else {
                format!("restart as instance {}", step.attempt.instance)
            }
        }
        StepKind::Assign => format!(
            "partitions → instance {} (generation {off})",
            step.attempt.instance
        ),
        StepKind::FetchOffsets => format!("fetch committed {}", fetched_words(step)),
        StepKind::InitTxn => format!("initTransactions (epoch {off})"),
        StepKind::RestoreState => {
            if sc.design.kind.spec().checkpoints {
                match step.offset {
                    Some(cp) => format!("restore checkpoint {cp}"),
                    None => "restore: no checkpoint yet, start over".into(),
                }
            } else {
                format!("restore {} from changelog", n.store)
            }
        }
        StepKind::Wake => format!("instance {} wakes up", step.attempt.instance),
        // What is left: Revoke.
        _ => "poll(): partitions revoked".into(),
    }
}

/// The label of a step of the downstream side, or a fault.
fn label_end(p: &Parts) -> String {
    let sc = p.sc;
    let step = p.step;
    let n = &sc.names;
    match step.kind {
        StepKind::Merge => format!("MERGE INTO {} ON event_id", n.table),
        StepKind::Read => match sc.design.kind {
            _ if step.from == Actor::Sink => format!("SELECT * FROM {}", n.table),
            k if k.is_kafka_transactional() => {
                format!("poll {} ({})", n.output_topic, isolation(sc))
            }
            k if k.spec().cdc_relay => "sum what was applied".into(),
            _ => format!("SELECT * FROM {}", n.table),
        },
        // What is left: Fault.
        _ => fault_label(sc, step),
    }
}

fn sink_write_label(sc: &Scenario, step: &Step) -> String {
    let n = &sc.names;
    let e = ev_id(sc, step.event);
    let id = step
        .id
        .map(|i| id_text(sc, i))
        .unwrap_or_else(|| e.to_string());
    let event = step.event.and_then(|i| sc.workload.events.get(i as usize));
    if sc.design.kind.spec().checkpoints && sc.design.knobs.two_phase {
        let txn = step.txn.map(|t| format!("tx-{t}")).unwrap_or_default();
        let what = format!("INSERT {} ({e}) in {txn}", n.table);
        return match step.outcome {
            Outcome::Refused(w) => format!("{what} refused: {}", why_short(w)),
            _ => what,
        };
    }
    match (sc.design.sink_write(), event) {
        (SinkWrite::Insert, _) => format!("INSERT {} ({id})", n.table),
        (SinkWrite::Upsert, _) => format!("UPSERT {} ON CONFLICT ({id})", n.table),
        (SinkWrite::Increment, Some(ev)) => {
            format!("UPDATE {} SET {} += {}", n.table, n.total, ev.amount)
        }
        (SinkWrite::SetTotal, Some(ev)) => {
            format!(
                "UPSERT {} SET {} = {}[{}]",
                n.table, n.total, n.store, ev.key
            )
        }
        (SinkWrite::SetSum, Some(ev)) => format!(
            "INSERT ({id}) ON CONFLICT DO NOTHING; SET {} = SUM({})",
            n.total, ev.key
        ),
        _ => format!("write {}", n.table),
    }
}

fn external_label(sc: &Scenario, step: &Step) -> String {
    let x = &sc.names.external;
    let e = ev_id(sc, step.event);
    let key = step
        .id
        .map(|k| format!(" [key {}]", key_text(sc, k)))
        .unwrap_or_default();
    match step.outcome {
        Outcome::NoOp(_) => format!("{x} {e}{key} → stored result"),
        Outcome::Refused(Why::KeyInProgress) => format!("{x} {e}{key} → 409 Conflict"),
        Outcome::Refused(_) => format!("{x} {e}{key} → 400: key reused"),
        Outcome::Applied => format!("{x} {e}{key}"),
    }
}

/// How the sink is written, in the same words as the sink-write picker (for panels
/// that describe a design's sink, e.g. checkpoints without a two-phase sink).
pub fn direct_sink_words(sc: &Scenario) -> String {
    format!(
        "No sink transactions: each record is written directly ({}).",
        choice_words(sc.design.sink_write().slug())
    )
}

fn isolation(sc: &Scenario) -> &'static str {
    match sc.design.knobs.isolation {
        Isolation::ReadCommitted => "read_committed",
        Isolation::ReadUncommitted => "read_uncommitted",
    }
}

/// The name of the fault a fault step shows: the fault kind's title, except that a
/// lost response from the external provider is what the lessons call a timeout.
pub fn fault_title(sc: &Scenario, step: &Step) -> &'static str {
    match step
        .fault
        .and_then(|i| sc.faults.get(i as usize))
        .map(|f| f.kind)
    {
        Some(FaultKind::LostAck) if step.from == Actor::External => "Timeout",
        Some(kind) => kind.title(),
        None => "Fault",
    }
}

fn fault_label(sc: &Scenario, step: &Step) -> String {
    let Some(f) = step.fault.and_then(|i| sc.faults.get(i as usize)) else {
        return "fault".into();
    };
    match f.kind {
        FaultKind::Crash => "crash".into(),
        FaultKind::LostAck if step.from == Actor::External => {
            format!(
                "timeout: response lost, {} happened → retry",
                sc.names.external
            )
        }
        FaultKind::LostAck => "ack lost → retry".into(),
        FaultKind::Zombie => format!("instance {} pauses", step.attempt.instance),
        FaultKind::Rebalance => "rebalance begins".into(),
        FaultKind::SendLost => "network drops the next send".into(),
        FaultKind::ProducerRestart => "producer dies before the ack".into(),
        FaultKind::ConnectorCrash => "connector crash".into(),
        FaultKind::Timeout => "stall past the transaction timeout".into(),
        FaultKind::RelayCrash => "relay crash".into(),
        FaultKind::TimePasses => format!(
            "{} pass",
            ms(f.ms.unwrap_or(super::simulate::DEFAULT_TIME_PASSES_MS))
        ),
    }
}

fn why_short(w: Why) -> &'static str {
    match w {
        Why::DuplicateSequence => "duplicate sequence",
        Why::AlreadySeen => "already seen",
        Why::KeyReplayed => "key replayed",
        Why::AlreadyCommitted => "already committed",
        Why::RowExists => "row exists",
        Why::ProducerFenced => "ProducerFencedException",
        Why::StaleGeneration => "CommitFailedException",
        Why::TxnAborted => "transaction aborted",
        Why::TxnExpired => "transaction expired",
        Why::TaskCancelled => "task cancelled",
        Why::UnstableOffsetCommit => "UNSTABLE_OFFSET_COMMIT",
        Why::NeverArrived => "lost in transit",
        Why::DeliveryTimeout => "delivery.timeout.ms expired",
        Why::KeyInProgress => "409: request in progress",
        Why::KeyReused => "400: key reused with other parameters",
    }
}

/// One or two sentences on what a step does and why, in the seeds' vocabulary.
pub fn narrate(sc: &Scenario, step: &Step) -> String {
    if let Some(text) = kafka_narration(sc, step) {
        return text;
    }
    let inst = step.attempt.instance;
    let who = if step.zombie {
        format!("The zombie instance {inst}")
    } else {
        format!("Instance {inst}")
    };
    let p = Parts::new(sc, step);
    match Family::of(step.kind) {
        Family::Input => narrate_input(&p, &who),
        Family::Txn => narrate_txn(&p, &who),
        Family::Checkpoint => narrate_checkpoint(&p),
        Family::Outbox => narrate_outbox(&p),
        Family::Recovery => narrate_recovery(&p, &who),
        Family::End => narrate_end(&p),
    }
}

/// The narration of a step of the upstream producer and the consuming processor.
fn narrate_input(p: &Parts, who: &str) -> String {
    let sc = p.sc;
    let step = p.step;
    let n = &sc.names;
    let e = p.e;
    let off = p.off;
    let txn = &p.txn;
    match (step.kind, step.outcome) {
        (StepKind::Send, Outcome::NoOp(_)) => format!(
            "The producer retries {e} with the same producer id and sequence. The broker has that batch already, so it returns the original ack instead of appending again: the idempotent producer absorbs the retry."
        ),
        (StepKind::Send, _) if step.attempt.delivery > 1 => format!(
            "The producer retries {e}. Without enable.idempotence the broker cannot tell a retry from a new record, so {e} is now in {} twice (again at offset {off}).",
            n.input_topic
        ),
        (StepKind::Send, _) => format!(
            "The producer sends {} {e} to {}; the broker appends it at offset {off}.",
            n.event_type, n.input_topic
        ),
        (StepKind::Ack, _) => format!("The broker acknowledges {e}: the producer can forget it."),
        (StepKind::Poll, _) if step.attempt.delivery > 1 => format!(
            "{who} polls {e} at offset {off} again: its position restarted from the committed offset, so the record is delivered a second time."
        ),
        (StepKind::Poll, _) => format!(
            "{who} polls {e} at offset {off}. Its position moves to {}; the committed offset has not moved yet.",
            off + 1
        ),
        (StepKind::UpdateState, _) => {
            if sc.design.kind.is_kafka_transactional() {
                format!("{who} adds {e} to {}; the changelog record goes into {txn}, so it counts only if the transaction commits.", n.store)
            } else {
                format!("{who} adds {e} to the state store {}.", n.store)
            }
        }
        (StepKind::SinkWrite, Outcome::Refused(_)) => format!(
            "The database rolled back {txn} after its timeout, so the write fails and the job fails over to its last checkpoint."
        ),
        (StepKind::SinkWrite, _) => narrate_sink_write(sc, step, who),
        (StepKind::DedupCheck, _) => narrate_dedup_check(sc, step),
        (StepKind::RecordSeen, _) => narrate_record_seen(sc, step, who),
        (StepKind::CommitOffset, Outcome::Refused(_)) => format!(
            "{who}'s commit is refused with CommitFailedException: the group has moved to a newer generation. Too late — its writes already happened."
        ),
        (StepKind::CommitOffset, _) => format!(
            "{who} commits {}: a restarted consumer will resume from here. Only the committed offset survives a crash.",
            committed_words(step)
        ),
        // What is left: Rejected.
        _ => "The write is refused.".into(),
    }
}

/// The narration of a step of Kafka transactions and the external call.
fn narrate_txn(p: &Parts, who: &str) -> String {
    let sc = p.sc;
    let step = p.step;
    let n = &sc.names;
    let e = p.e;
    let txn = &p.txn;
    match (step.kind, step.outcome) {
        (StepKind::BeginTxn, _) => format!("{who} begins {txn}."),
        (StepKind::Produce, Outcome::NoOp(_)) => "The producer retries; the broker recognises the sequence number and returns the original ack.".to_string(),
        (StepKind::Produce, Outcome::Refused(_)) => format!(
            "{who} tries to write with an old epoch: ProducerFencedException. The fence stops the zombie from writing anything more."
        ),
        (StepKind::Produce, _) => match sc.design.knobs.isolation {
            Isolation::ReadCommitted => format!("{who} sends {} {e} in {txn}. A read_committed reader cannot see it until the COMMIT marker.", n.output_type),
            Isolation::ReadUncommitted => format!("{who} sends {} {e} in {txn}. The reader is read_uncommitted: it sees the record at once, committed or not.", n.output_type),
        },
        (StepKind::SendOffsets, Outcome::Refused(Why::ProducerFenced)) => format!("{who} tries to add its offsets to {txn} with an old epoch: ProducerFencedException. The fence stops the zombie; its transaction is aborted."),
        (StepKind::SendOffsets, Outcome::Refused(Why::StaleGeneration)) => format!("{who} sends its offsets with consumer.groupMetadata(), whose generation is older than the group's: the coordinator answers ILLEGAL_GENERATION (CommitFailedException). It must abort {txn}: nothing it wrote becomes visible to read_committed readers."),
        (StepKind::SendOffsets, Outcome::Refused(_)) => format!("{who} cannot add its offsets to {txn}: the transaction was aborted under it."),
        (StepKind::SendOffsets, _) => format!("{who} adds input {} to {txn}: the offsets count as committed only if the transaction commits.", committed_words(step)),
        (StepKind::CommitTxn, Outcome::Refused(_)) => format!("{who} cannot commit {txn}: it has been fenced or aborted."),
        (StepKind::CommitTxn, _) => format!("{who} asks the coordinator to commit {txn}. From here the commit completes even if the processor dies."),
        (StepKind::TxnMarkers, Outcome::Applied) => format!(
            "The coordinator writes COMMIT markers for {txn}: output records, state changelog and input offsets become visible together."
        ),
        (StepKind::TxnMarkers, _) if step.cause.is_none() => format!(
            "{txn} outlived transaction.timeout.ms, so the coordinator aborts it and bumps the epoch: its producer is fenced."
        ),
        (StepKind::TxnMarkers, _) => format!(
            "The coordinator writes ABORT markers for {txn}: read_committed readers skip its records{}.",
            if sc.design.knobs.isolation == Isolation::ReadUncommitted { " — but this reader is read_uncommitted and has seen them already" } else { "" }
        ),
        (StepKind::AbortTxn, Outcome::Refused(_)) => format!("Nobody committed {txn}; the database rolls it back after its timeout."),
        (StepKind::AbortTxn, _) => format!("{who} rolls back {txn}: it was not part of a completed checkpoint."),
        (StepKind::ExternalCall, _) => narrate_external_call(sc, step, who),
        // What is left: ExternalResult.
        _ => narrate_external_result(sc, step),
    }
}

/// The narration of a step of checkpoints and the two-phase-commit sink.
fn narrate_checkpoint(p: &Parts) -> String {
    let sc = p.sc;
    let step = p.step;
    let n = &sc.names;
    let off = p.off;
    let txn = &p.txn;
    match (step.kind, step.outcome) {
        (StepKind::PreCommit, Outcome::Refused(_)) => format!("The barrier fails ({}): the job fails over to its last completed checkpoint.", why_short(match step.outcome { Outcome::Refused(w) => w, _ => Why::TxnExpired })),
        (StepKind::PreCommit, _) => if sc.design.knobs.two_phase {
            format!("Checkpoint barrier {off}: the job snapshots state and offsets, flushes {txn} and parks it (pre-commit), then opens a new transaction.")
        } else {
            format!("Checkpoint barrier {off}: the job snapshots state and offsets. The sink rows are already written.")
        },
        (StepKind::CheckpointComplete, _) => format!("Checkpoint {off} is complete: a restart will resume from here."),
        (StepKind::NotifyComplete, _) => format!("The coordinator tells the sink that checkpoint {off} completed, so it may commit {txn}."),
        (StepKind::SinkCommit, Outcome::NoOp(_)) => format!("{txn} was committed before; the committer is idempotent, so committing again changes nothing."),
        (StepKind::SinkCommit, Outcome::Refused(_)) => format!("{txn} outlived the database's transaction timeout and was rolled back: its rows are lost, although its checkpoint completed."),
        (StepKind::SinkCommit, _) if step.event.is_none() => format!(
            "On restore the job commits {txn} again, as the checkpoint says it must. {}",
            if sc.design.knobs.idempotent_commit { "" } else { "This committer is not idempotent: if it had committed already, its rows are written twice." }
        ),
        // What is left: SinkCommit.
        _ => format!("The sink commits {txn}: its rows become visible in {}.", n.table),
    }
}

/// The narration of a step of the outbox, its CDC relay and consumer.
fn narrate_outbox(p: &Parts) -> String {
    let sc = p.sc;
    let step = p.step;
    let n = &sc.names;
    let e = p.e;
    let off = p.off;
    match (step.kind, step.outcome) {
        (StepKind::OutboxWrite, Outcome::NoOp(_)) => format!("{e} is already in {}: nothing is written, so no second outbox row.", n.table),
        (StepKind::OutboxWrite, _) => format!("One database transaction writes the {} row and the outbox row for {e}: both or neither.", n.table),
        (StepKind::RelayPublish, _) => format!("The CDC relay reads the outbox row from the database log and publishes it (offset {off})."),
        (StepKind::Consume, Outcome::NoOp(_)) => format!("The consumer has seen this outbox event id: it skips the republished {e}."),
        (StepKind::Consume, _) => format!("The downstream consumer applies {e}."),
        // What is left: RelayPosition.
        _ => format!("The relay records its position {off}: after a crash it resumes from here."),
    }
}

/// The narration of a step of restarts, rebalances and recovery.
fn narrate_recovery(p: &Parts, who: &str) -> String {
    let sc = p.sc;
    let step = p.step;
    let off = p.off;
    let inst = step.attempt.instance;
    match (step.kind, step.outcome) {
        (StepKind::Restart, _) if step.from == Actor::Relay => format!("The relay comes back and resumes from its recorded position {off}: rows after it are published again."),
        (StepKind::Restart, _) => format!("A new instance {inst} starts after {}. {}", ms(sc.design.knobs.restart_ms), what_survives(sc)),
        (StepKind::Assign, _) => format!("The group rebalances: the partitions now belong to instance {inst} (generation {off})."),
        (StepKind::FetchOffsets, _) => format!("{who} fetches the committed {} and resumes from there.", fetched_words(step)),
        (StepKind::InitTxn, _) => if sc.design.knobs.fencing {
            format!("{who} calls initTransactions: epoch {off}. Any transaction an older instance left open is aborted, and that instance is fenced.")
        } else {
            format!("{who} calls initTransactions with a transactional.id of its own: no epoch fences the old instance, and its open transactions stay open until they time out{}.", if sc.design.knobs.generation_fencing { " (the group generation still refuses its offsets)" } else { "" })
        },
        (StepKind::RestoreState, _) => if sc.design.kind.spec().checkpoints {
            "The job restores state and offsets from its last completed checkpoint.".to_string()
        } else {
            "The state store is rebuilt from its changelog, which holds only committed records: state rolls back with the offsets.".to_string()
        },
        (StepKind::Wake, _) => format!("Instance {inst} wakes up. It still believes it owns its partitions and carries on where it stopped."),
        // What is left: Revoke.
        _ => "The partitions are revoked.".into(),
    }
}

/// The narration of a step of the downstream side, or a fault.
fn narrate_end(p: &Parts) -> String {
    let sc = p.sc;
    let step = p.step;
    let n = &sc.names;
    match (step.kind, step.outcome) {
        (StepKind::Merge, _) => format!(
            "The batch job MERGEs the raw rows into {} on event_id: one row per event.",
            n.table
        ),
        (StepKind::Read, _) => {
            "The downstream reader reads what it is allowed to see. The ledger counts it.".into()
        }
        // What is left: Fault.
        _ => fault_narration(sc, step),
    }
}

fn narrate_sink_write(sc: &Scenario, step: &Step, who: &str) -> String {
    let n = &sc.names;
    let e = ev_id(sc, step.event);
    let txn = step.txn.map(|t| format!("tx-{t}")).unwrap_or_default();
    let fresh = matches!(step.id, Some(IdKey::Fresh(..)));
    let id = step
        .id
        .map(|i| id_text(sc, i))
        .unwrap_or_else(|| e.to_string());
    if step.outcome == Outcome::NoOp(Why::AlreadySeen) {
        return format!("{id} is already in the seen-id store, inserted in the same transaction as the row: its unique key rolls the whole write back, so nothing is written twice.");
    }
    if sc.design.kind.spec().checkpoints && sc.design.knobs.two_phase {
        return format!("{who} writes {e} inside the sink transaction {txn}: invisible to readers until it commits.");
    }
    let fresh_words = if fresh {
        " But this id was generated for this attempt: a replay gets another one, so nothing recognises the repeat."
    } else {
        ""
    };
    match (sc.design.sink_write(), step.note) {
        (SinkWrite::Insert, _) => format!("{who} INSERTs a row for {e} into {}. A plain insert is not idempotent: run it twice, get two rows.", n.table),
        (SinkWrite::Upsert, _) => format!("{who} upserts the row keyed by {id}: a replay with the same id overwrites the same row instead of adding one.{fresh_words}"),
        (SinkWrite::Increment, _) => format!("{who} adds {e}'s amount to the running {}: an increment is not idempotent.", n.total),
        (SinkWrite::SetTotal, Some(Note::CountedTwice(x))) => format!(
            "{who} sets the {} row to the state store's value. A set is only as idempotent as the value it sets: {} has counted {} twice (the replay applied it again), so the SET writes the wrong number.",
            n.total, n.store, ev_id(sc, Some(x))
        ),
        (SinkWrite::SetTotal, _) => format!("{who} sets the {} row to the state store's value: a set, not an add. It stays right only while the store itself has counted each event once.", n.total),
        (SinkWrite::SetSum, _) => format!(
            "{who} inserts {id} into a per-event table with ON CONFLICT DO NOTHING, then sets the {} row to SUM(amount) over that table. A replay finds its row already there, so the sum — and the SET — stay right.{fresh_words}",
            n.total
        ),
    }
}

fn narrate_dedup_check(sc: &Scenario, step: &Step) -> String {
    let k = &sc.design.knobs;
    let e = ev_id(sc, step.event);
    let id = step
        .id
        .map(|i| id_text(sc, i))
        .unwrap_or_else(|| e.to_string());
    let evicted = match step.note {
        Some(Note::Evicted(n)) => format!(
            " (The store evicts {n} id{} older than the window.)",
            if n == 1 { "" } else { "s" }
        ),
        _ => String::new(),
    };
    match (step.outcome, step.note) {
        (Outcome::NoOp(_), Some(Note::OtherEvent(x))) => format!(
            "{id} is in the seen-id store — recorded for {}, which shares the record key. {e} is dropped as a duplicate although it is a different event.",
            ev_id(sc, Some(x))
        ),
        (Outcome::NoOp(_), _) => format!("{id} is in the seen-id store: the duplicate is dropped."),
        (_, Some(Note::Forgotten)) => format!(
            "{e} was recorded as seen more than {} ago: the store has evicted it, so it no longer recognises {e} and processes it again.",
            ms(k.dedup_window_ms)
        ),
        _ if matches!(step.id, Some(IdKey::Fresh(..))) => format!(
            "{id} is not in the seen-id store: the id was generated for this attempt, so no earlier attempt can have recorded it.{evicted}"
        ),
        _ => format!("{id} is not in the seen-id store: process it.{evicted}"),
    }
}

fn narrate_record_seen(sc: &Scenario, step: &Step, who: &str) -> String {
    let e = ev_id(sc, step.event);
    let id = step
        .id
        .map(|i| id_text(sc, i))
        .unwrap_or_else(|| e.to_string());
    match sc.design.knobs.dedup_order {
        super::scenario::DedupOrder::RecordThenEffect => format!("{who} records {id} as seen before the effect, as a separate write: a crash before the write leaves the record without the effect, and the replay will skip {e}."),
        super::scenario::DedupOrder::EffectThenRecord => format!("{who} records {id} as seen — a separate write after the effect, so a crash in between leaves the effect without the record."),
    }
}

fn narrate_external_call(sc: &Scenario, step: &Step, who: &str) -> String {
    let k = &sc.design.knobs;
    let e = ev_id(sc, step.event);
    let key = step.id.map(|i| key_text(sc, i)).unwrap_or_default();
    let other = |x: EventIx| ev_id(sc, Some(x)).to_string();
    match (step.outcome, step.note) {
        (Outcome::Refused(Why::KeyInProgress), _) => format!(
            "409 Conflict: a request with key {key} is still in progress at the provider. {who} must retry later: it waits for the first request to finish and sends the same key again."
        ),
        (Outcome::Refused(_), Some(Note::OtherEvent(x))) => format!(
            "400: key {key} was used for {} with different parameters, so the provider rejects the request. {e} is never charged: the key was not unique to the operation.",
            other(x)
        ),
        (Outcome::NoOp(_), Some(Note::OtherEvent(x))) => format!(
            "Key {key} was stored by {}'s request with the same parameters: the provider returns that stored result and does nothing for {e}.",
            other(x)
        ),
        (Outcome::NoOp(_), _) => format!(
            "The provider already has a result stored under {key}: it returns it and does nothing again."
        ),
        (_, Some(Note::KeyForgotten)) => format!(
            "{who} calls the provider with key {key}, but the provider keeps keys for {} only: it has forgotten this one, takes the call as new and does it again.",
            ms(k.key_retention_ms)
        ),
        _ if matches!(step.id, Some(IdKey::Fresh(..))) => format!(
            "{who} calls the provider to {} for {e} with key {key}, generated for this attempt: to the provider it is a new request.",
            sc.names.external
        ),
        _ => format!(
            "{who} calls the provider to {} for {e}. The provider is outside every transaction: whatever happens next, this effect has happened.",
            sc.names.external
        ),
    }
}

fn narrate_external_result(sc: &Scenario, step: &Step) -> String {
    let e = ev_id(sc, step.event);
    let stored = step
        .id
        .map(|k| format!(" and stores its result under {}", key_text(sc, k)))
        .unwrap_or_default();
    if step.to == Actor::Processor {
        format!("The provider finishes the request for {e}{stored}, and answers.")
    } else {
        format!("The provider finishes the request for {e}{stored}. Nobody is waiting for the answer any more.")
    }
}

fn fault_narration(sc: &Scenario, step: &Step) -> String {
    let Some(f) = step.fault.and_then(|i| sc.faults.get(i as usize)) else {
        return String::new();
    };
    match f.kind {
        FaultKind::Crash => "The processor crashes. Its position and anything not committed are gone; only committed offsets and durable writes remain.".into(),
        FaultKind::LostAck if step.from == Actor::External => format!(
            "The request times out: the provider acted ({} happened) but its response was lost. The worker cannot tell, so it retries.",
            sc.names.external
        ),
        FaultKind::LostAck => "The write succeeded, but its acknowledgement is lost. The sender cannot tell a lost write from a lost ack, so it retries.".into(),
        FaultKind::Zombie => "The processor stops polling for longer than max.poll.interval.ms (a long GC pause, a slow call). It is not dead: the group gives its partitions to a new member, and it will wake up believing it still owns them.".into(),
        FaultKind::Rebalance => "The consumer group starts a rebalance. The member keeps its generation until its next poll(): the record in hand is finished and its commit is accepted. In that poll() its partitions are revoked and move to a new owner, which starts from the committed offsets.".into(),
        FaultKind::SendLost => "The network drops the producer's next request: it never reaches the broker, so nothing is written.".into(),
        FaultKind::ConnectorCrash => "The sink connector's task dies. Whatever it wrote into the database stays there; it will resume from the last offset it committed.".into(),
        FaultKind::ProducerRestart => "The producer process dies right after sending, before the broker's ack arrives. It cannot tell whether the write happened, so after its restart it sends the record again.".into(),
        FaultKind::Timeout => "The processor stalls longer than the transaction timeout: the open transaction will be aborted under it.".into(),
        FaultKind::RelayCrash => "The CDC relay crashes before recording how far it got.".into(),
        FaultKind::TimePasses => format!(
            "{} pass. Dedup windows and idempotency keys older than that are forgotten.",
            ms(f.ms.unwrap_or(super::simulate::DEFAULT_TIME_PASSES_MS))
        ),
    }
}

/// Why one event was lost or duplicated: a sentence and the chain of steps.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Explanation {
    /// One sentence in the lesson's words.
    pub sentence: String,
    /// Steps of the chain, in order: first effect, fault, recovery, redelivery,
    /// second effect.
    pub steps: Vec<usize>,
    /// The output whose count it explains.
    pub output: Output,
    /// The sentence without its opening count: how it came about (`the processor
    /// crashed right after …, and instance 2 replayed it from offset 1.`); empty when
    /// the steps tell nothing more.
    pub how: String,
}

impl Explanation {
    /// `what: how` as one sentence, or `what.` when there is no `how`.
    fn new(what: &str, how: String, steps: Vec<usize>, output: Output) -> Explanation {
        let sentence = if how.is_empty() {
            format!("{what}.")
        } else {
            format!("{what}: {how}")
        };
        Explanation {
            sentence,
            steps,
            output,
            how,
        }
    }
}

fn fault_phrase(kind: FaultKind) -> &'static str {
    match kind {
        FaultKind::Crash => "the processor crashed",
        FaultKind::LostAck => "an ack was lost and the sender retried",
        FaultKind::Zombie => "the processor paused while a new instance took over",
        FaultKind::Rebalance => {
            "a rebalance revoked the partition before the record's offset was committed"
        }
        FaultKind::SendLost => "the network dropped the send",
        FaultKind::ProducerRestart => "the producer restarted before the ack arrived",
        FaultKind::ConnectorCrash => "the sink connector crashed before committing its offset",
        FaultKind::Timeout => "the transaction timed out and was aborted",
        FaultKind::RelayCrash => "the relay crashed before recording its position",
        FaultKind::TimePasses => "time passed",
    }
}

/// `twice`, `3 times`.
fn times(n: u32) -> String {
    match n {
        1 => "once".into(),
        2 => "twice".into(),
        n => format!("{n} times"),
    }
}

/// `a`, `a and b`, `a, b and c`.
pub fn and_list<S: AsRef<str>>(items: &[S]) -> String {
    match items {
        [] => String::new(),
        [one] => one.as_ref().to_string(),
        [init @ .., last] => {
            let init: Vec<&str> = init.iter().map(AsRef::as_ref).collect();
            format!("{} and {}", init.join(", "), last.as_ref())
        }
    }
}

fn capitalized(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_uppercase().chain(c).collect(),
        None => String::new(),
    }
}

/// The steps whose effect lands event `e` in `output`, in order.
fn effect_steps(sc: &Scenario, trace: &Trace, e: EventIx, output: Output) -> Vec<usize> {
    let two_phase = sc.design.kind.spec().checkpoints && sc.design.knobs.two_phase;
    let staged_in = |t: Option<u32>| {
        t.and_then(|t| trace.world.sink.txn(t))
            .is_some_and(|t| t.staged.iter().any(|w| w.event == e))
    };
    let committed = |t: Option<u32>| {
        t.and_then(|t| trace.world.coordinator.txn(t))
            .is_some_and(|t| t.state == TxnState::Committed)
    };
    let hit = |s: &Step| {
        if s.outcome != Outcome::Applied {
            return false;
        }
        let mine = s.event == Some(e);
        match output {
            Output::Sink if two_phase => s.kind == StepKind::SinkCommit && staged_in(s.txn),
            Output::Sink | Output::RawTable => {
                mine && matches!(s.kind, StepKind::SinkWrite | StepKind::OutboxWrite)
            }
            Output::StateStore => mine && s.kind == StepKind::UpdateState && !s.zombie,
            Output::Changelog => mine && s.kind == StepKind::UpdateState && committed(s.txn),
            Output::OutputTopic => {
                let seen = sc.design.knobs.isolation == Isolation::ReadUncommitted
                    || s.txn.is_none()
                    || committed(s.txn);
                mine && s.kind == StepKind::Produce && seen
            }
            Output::OutboxTopic => mine && s.kind == StepKind::RelayPublish,
            Output::Consumer => mine && s.kind == StepKind::Consume,
            Output::External => mine && s.kind == StepKind::ExternalCall,
        }
    };
    (0..trace.steps.len())
        .filter(|&i| hit(&trace.steps[i]))
        .collect()
}

/// The steps behind step `i`, following each step's cause (and, for a poll, the
/// send that appended the record it read) back to where the chain starts.
fn causes(trace: &Trace, i: usize) -> Vec<usize> {
    let mut out = Vec::new();
    let mut at = Some(i);
    while let Some(i) = at {
        if out.contains(&i) || out.len() > 64 {
            break;
        }
        out.push(i);
        let Some(s) = trace.steps.get(i) else { break };
        at = s.cause.map(|c| c as usize).or_else(|| {
            (s.kind == StepKind::Poll)
                .then(|| {
                    let log = trace.world.input.partitions.get(s.partition as usize)?;
                    let rec = log.get(s.offset? as usize)?;
                    Some(rec.step as usize).filter(|&w| w < i)
                })
                .flatten()
        });
    }
    out
}

/// What `output` holding event `id` `n` times says, as the start of a sentence.
fn duplicate_what(sc: &Scenario, output: Output, id: &str, n: u32) -> String {
    let name = output.name(sc);
    match output {
        o if o == Output::reader_of(sc) => format!("{id} took effect {}", times(n)),
        Output::External => format!("{} happened {} for {id}", capitalized(&name), times(n)),
        Output::StateStore => format!("The {name} counted {id} {}", times(n)),
        Output::Changelog => format!("The {name} holds {id}'s update {}", times(n)),
        Output::Consumer => format!("The {name} applied {id} {}", times(n)),
        _ => format!("The {name} holds {id} {}", times(n)),
    }
}

/// How the second effect came about, from the steps between it and the fault.
fn how_again(sc: &Scenario, trace: &Trace, fault: usize, second: usize, chain: &[usize]) -> String {
    let steps = &trace.steps;
    let s2 = &steps[second];
    let retry = chain
        .iter()
        .map(|&i| &steps[i])
        .find(|s| s.kind == StepKind::Send && s.attempt.delivery > 1);
    let replay = chain
        .iter()
        .map(|&i| &steps[i])
        .find(|s| s.kind == StepKind::Poll && s.attempt.delivery > 1 && s.offset.is_some());
    let zombie_wrote = steps[fault..]
        .iter()
        .any(|s| s.zombie && s.outcome == Outcome::Applied && s.kind != StepKind::Wake);
    let restarted = steps[fault]
        .fault
        .and_then(|k| sc.faults.get(k as usize))
        .is_some_and(|f| f.kind == FaultKind::ProducerRestart);
    match (s2.kind, retry, replay) {
        (StepKind::SinkWrite, _, _) if s2.from == Actor::Relay => format!(
            "the restarted connector resumed from its last committed offset and wrote it into {} again, while {} holds it once",
            sc.names.table, sc.names.output_topic
        ),
        (StepKind::SinkCommit, _, _) => format!(
            "the restore committed {} again: the commit is not idempotent (the committer keeps no record of what it committed)",
            s2.txn.map(|t| format!("tx-{t}")).unwrap_or_default()
        ),
        (StepKind::ExternalCall, _, _) if s2.cause.map(|c| c as usize) == Some(fault) => {
            format!("the worker called {} again", sc.names.external)
        }
        (StepKind::RelayPublish | StepKind::Consume, _, _) => {
            "the relay published it again".to_string()
        }
        (_, Some(r), _) if restarted => format!(
            "the restarted producer sent it again under a new producer id, so {} holds a second copy (offset {}), which was processed again",
            sc.names.input_topic,
            r.offset.unwrap_or(0)
        ),
        (_, Some(r), _) => format!(
            "the producer's retry put a second copy in {} (offset {}), which was processed again",
            sc.names.input_topic,
            r.offset.unwrap_or(0)
        ),
        (_, None, Some(p)) if steps[fault].kind == StepKind::Fault && zombie_wrote => format!(
            "instance {} replayed it while the old instance woke up and finished its own copy",
            p.attempt.instance
        ),
        (_, None, Some(p)) => format!(
            "instance {} replayed it from offset {}",
            p.attempt.instance,
            p.offset.unwrap_or(0)
        ),
        _ if s2.zombie => "the old instance woke up and finished its own copy".to_string(),
        _ => "it was written again".to_string(),
    }
}

/// Whether the seen-id store held `e` when the check at step `check` ran, and when
/// it was recorded: a `RecordSeen` step, or the effect itself when the record is
/// written atomically with it.
fn seen_at(sc: &Scenario, trace: &Trace, e: EventIx, check: usize) -> Option<u64> {
    trace.steps[..check]
        .iter()
        .rev()
        .find(|s| {
            s.event == Some(e)
                && s.outcome == Outcome::Applied
                && (s.kind == StepKind::RecordSeen
                    || (sc.design.knobs.dedup_atomic && s.kind == StepKind::SinkWrite))
        })
        .map(|s| s.clock_ms)
}

/// What else let the repeat through, read from the steps: a store nothing rolled
/// back, an idempotency key the provider had forgotten, a seen id past the window
/// or never recorded.
fn why_not_absorbed(
    sc: &Scenario,
    trace: &Trace,
    output: Output,
    first: usize,
    second: usize,
) -> String {
    let steps = &trace.steps;
    let k = &sc.design.knobs;
    let e = steps[second].event;
    let check = (first..second).rev().find(|&i| {
        steps[i].kind == StepKind::DedupCheck
            && steps[i].event == e
            && steps[i].outcome == Outcome::Applied
    });
    if let (Some(c), Some(e)) = (check, e) {
        return match seen_at(sc, trace, e, c) {
            Some(at) if steps[c].clock_ms.saturating_sub(at) > k.dedup_window_ms => format!(
                "; its seen id was older than the {} window, so the check let it through",
                ms(k.dedup_window_ms)
            ),
            Some(_) => String::new(),
            None => format!(
                "; {} had not been recorded as seen yet (the record comes after the effect), so the check let it through",
                ev_id(sc, Some(e))
            ),
        };
    }
    match output {
        Output::StateStore => {
            let restored = steps[first..second]
                .iter()
                .any(|s| s.kind == StepKind::RestoreState);
            let polled = |i: usize| {
                causes(trace, i)
                    .into_iter()
                    .find(|&c| steps[c].kind == StepKind::Poll)
                    .map(|c| (steps[c].partition, steps[c].offset))
            };
            let same_record = polled(first).is_some() && polled(first) == polled(second);
            if restored || !same_record {
                String::new()
            } else {
                "; nothing rolled the store back, so the update was applied again".into()
            }
        }
        Output::External
            if k.idempotency_key
                && steps[second].clock_ms.saturating_sub(steps[first].clock_ms)
                    > k.key_retention_ms =>
        {
            format!(
                "; the provider had already forgotten the idempotency key (it keeps keys for {})",
                ms(k.key_retention_ms)
            )
        }
        _ => String::new(),
    }
}

/// The fault and where it struck, in words; a lost response to an external call is
/// the timeout the lessons describe (the provider acted, the answer never came).
fn fault_words(sc: &Scenario, trace: &Trace, fi: usize) -> Option<String> {
    let steps = &trace.steps;
    let fault = steps[fi].fault.and_then(|k| sc.faults.get(k as usize))?;
    let before = (0..fi).rev().find(|&i| steps[i].kind != StepKind::Fault);
    let anchor = before.map(|i| label(sc, &steps[i])).unwrap_or_default();
    let after_call = before.is_some_and(|i| steps[i].kind == StepKind::ExternalCall);
    Some(match fault.kind {
        FaultKind::LostAck if after_call => {
            format!("the response to “{anchor}” timed out after the provider had acted")
        }
        FaultKind::TimePasses => format!(
            "{} passed right after “{anchor}”",
            ms(fault.ms.unwrap_or(super::simulate::DEFAULT_TIME_PASSES_MS))
        ),
        k => format!("{} right after “{anchor}”", fault_phrase(k)),
    })
}

/// The effects that make an output count an event more than once, and where they
/// came from when the output only copies another (a SET copies the store, a restore
/// copies the changelog).
struct Copies {
    /// The output whose updates are traced.
    source: Output,
    /// Its effect steps that still count, in order.
    steps: Vec<usize>,
    /// The SET that copied the store's value into the sink, if that is how.
    set_write: Option<usize>,
    /// The restore that copied the changelog into the store, if that is how.
    restore: Option<usize>,
}

fn copies(sc: &Scenario, trace: &Trace, e: EventIx, output: Output) -> Copies {
    let row = trace.ledger.rows.get(e as usize);
    let count = |o: Output| row.and_then(|r| r.count_in(o)).unwrap_or(0);
    let counted = |o: Output| {
        let mut fx = effect_steps(sc, trace, e, o);
        if matches!(o, Output::StateStore | Output::Changelog) {
            // A restore cuts the latest updates off, so the ones that count are the last.
            fx.drain(..fx.len().saturating_sub(count(o) as usize));
        }
        fx
    };
    // A SET copies the store's value: its copies are the store's, so trace those.
    let copied = output == Output::Sink
        && sc.design.sink_write() == SinkWrite::SetTotal
        && count(Output::StateStore) > 1;
    let source = if copied { Output::StateStore } else { output };
    let mut c = Copies {
        source,
        steps: counted(source),
        set_write: copied
            .then(|| effect_steps(sc, trace, e, Output::Sink).last().copied())
            .flatten(),
        restore: None,
    };
    // A store rebuilt from its changelog holds what the changelog holds: trace the
    // updates committed there, and the restore that copied them.
    if source == Output::StateStore && c.steps.len() < 2 && count(Output::Changelog) > 1 {
        let last = trace
            .steps
            .iter()
            .rposition(|s| s.kind == StepKind::RestoreState);
        if let Some(r) = last {
            c.source = Output::Changelog;
            c.steps = counted(Output::Changelog);
            c.restore = Some(r);
        }
    }
    c
}

/// What the copying added: `; the SET copied …` and `; the restore then rebuilt …`.
fn copy_words(sc: &Scenario, trace: &Trace, e: EventIx, c: &Copies) -> String {
    let row = trace.ledger.rows.get(e as usize);
    let count = |o: Output| row.and_then(|r| r.count_in(o)).unwrap_or(0);
    let store = &sc.names.store;
    let mut s = String::new();
    if c.restore.is_some() {
        s.push_str(&format!(
            "; the restore then rebuilt {store} from the changelog, which holds {}'s update {}",
            ev_id(sc, Some(e)),
            times(count(Output::Changelog))
        ));
    }
    if c.set_write.is_some() {
        s.push_str(&format!(
            "; the SET copied {store}'s total, which counts it {}",
            times(count(Output::StateStore))
        ));
    }
    s
}

fn explain_duplicate(
    sc: &Scenario,
    trace: &Trace,
    e: EventIx,
    output: Output,
    n: u32,
) -> Explanation {
    let steps = &trace.steps;
    let what = duplicate_what(sc, output, ev_id(sc, Some(e)), n);
    let c = copies(sc, trace, e, output);
    let (Some(&first), Some(&second)) = (c.steps.first(), c.steps.get(1)) else {
        return Explanation::new(&what, String::new(), c.steps, output);
    };
    let back = causes(trace, second);
    let fault = duplicate_cause(steps, e, second)
        .or_else(|| {
            back.iter()
                .copied()
                .find(|&i| steps[i].kind == StepKind::Fault)
        })
        .or_else(|| {
            (0..second)
                .rev()
                .find(|&i| steps[i].kind == StepKind::Fault)
        });
    let Some(fi) = fault else {
        let how = format!("it was written again after “{}”.", label(sc, &steps[first]));
        return Explanation::new(&what, how, vec![first, second], output);
    };
    let mut chain: Vec<usize> = back
        .iter()
        .copied()
        .filter(|&i| i > fi && (steps[i].kind != StepKind::Poll || steps[i].attempt.delivery > 1))
        .collect();
    chain.extend([first, fi, second]);
    chain.extend(c.set_write);
    chain.extend(c.restore);
    chain.sort_unstable();
    chain.dedup();
    let how = how_again(sc, trace, fi, second, &back);
    // What the step (or its seen-id check) noted about the repeat: a forgotten key or
    // id, an id made for one attempt, a SET of a double-counted value.
    let noted = duplicate_reason(sc, steps, e, c.set_write.unwrap_or(second));
    let mut extra = if noted.is_empty() || c.source == Output::StateStore {
        why_not_absorbed(sc, trace, c.source, first, second)
    } else {
        String::new()
    };
    if noted.is_empty() || c.set_write.is_none() {
        extra.push_str(&copy_words(sc, trace, e, &c));
    }
    let reader = if output == Output::OutputTopic
        && sc.design.knobs.isolation == Isolation::ReadUncommitted
    {
        " The reader is read_uncommitted, so it counts the aborted copy too."
    } else {
        ""
    };
    let how = match fault_words(sc, trace, fi) {
        Some(f) => format!("{f}, and {how}{extra}.{reader}{noted}"),
        None => format!("{how}{extra}.{reader}{noted}"),
    };
    Explanation::new(&what, how, chain, output)
}

fn explain_lost(sc: &Scenario, trace: &Trace, e: EventIx, output: Output) -> Explanation {
    let steps = &trace.steps;
    let id = ev_id(sc, Some(e));
    if let Some(chain) = never_sent(steps, e) {
        let gave_up = chain
            .last()
            .is_some_and(|&i| steps[i].kind == StepKind::Ack);
        let why = if gave_up {
            "the broker stayed unreachable past delivery.timeout.ms, so the producer gave up on it"
        } else {
            "with acks=0 the producer never retries"
        };
        let what = format!("{id} never reached {}", sc.names.input_topic);
        let how = format!("the network dropped its send, and {why}.");
        return Explanation::new(&what, how, chain, output);
    }
    let fault_kind = |fi: usize| {
        steps[fi]
            .fault
            .and_then(|k| sc.faults.get(k as usize))
            .map(|f| f.kind)
    };
    let anchor_label = |fi: usize| {
        (0..fi)
            .rev()
            .find(|&i| steps[i].kind != StepKind::Fault)
            .map(|i| label(sc, &steps[i]))
            .unwrap_or_default()
    };
    let first_poll = steps
        .iter()
        .position(|s| s.event == Some(e) && s.kind == StepKind::Poll)
        .unwrap_or(0);
    let fi = (first_poll..steps.len()).find(|&i| steps[i].kind == StepKind::Fault);
    let expired = steps.iter().position(|s| {
        s.kind == StepKind::SinkCommit
            && s.outcome == Outcome::Refused(Why::TxnExpired)
            && s.txn
                .and_then(|t| trace.world.sink.txn(t))
                .is_none_or(|t| t.staged.iter().any(|w| w.event == e))
    });
    let subject = match output {
        o if o == Output::reader_of(sc) => format!("{id} never took effect"),
        Output::External => format!("{} never happened for {id}", sc.names.external),
        Output::StateStore => format!("The state store {} never counted {id}", sc.names.store),
        o => format!("The {} is missing {id}", o.name(sc)),
    };
    let refused = lost_reason(sc, steps, e, first_poll);
    let (what, how) = match (expired, fi.and_then(|f| fault_kind(f).map(|k| (f, k)))) {
        (Some(x), _) if output == Output::Sink => (
            format!("{id} never reached {}", sc.names.table),
            format!(
                "{} expired before it could be committed, so its rows were rolled back.",
                steps[x].txn.map(|t| format!("tx-{t}")).unwrap_or_default()
            ),
        ),
        (None, fault) if refused.is_some() => {
            let why = refused.unwrap_or_default();
            let how = match fault {
                Some((f, kind)) => format!(
                    "{} right after “{}”, and {why}",
                    fault_phrase(kind),
                    anchor_label(f)
                ),
                None => why,
            };
            (subject, how)
        }
        (_, Some((f, kind))) => (
            subject,
            format!(
                "{} right after “{}”, and recovery resumed past it{}.",
                fault_phrase(kind),
                anchor_label(f),
                if committed_before(steps, first_poll, f) {
                    " (its offset was already committed)"
                } else {
                    ""
                }
            ),
        ),
        _ => (subject, String::new()),
    };
    let mut chain = vec![first_poll];
    chain.extend(fi);
    chain.extend(expired.filter(|_| output == Output::Sink));
    chain.sort_unstable();
    chain.dedup();
    Explanation::new(&what, how, chain, output)
}

/// Whether an offset commit past the record polled at step `poll` happened before
/// step `fault`.
fn committed_before(steps: &[Step], poll: usize, fault: usize) -> bool {
    let Some(p) = steps.get(poll) else {
        return false;
    };
    let off = p.offset.unwrap_or(0);
    steps[poll..fault.min(steps.len())].iter().any(|s| {
        s.outcome == Outcome::Applied
            && s.partition == p.partition
            && s.offset.is_some_and(|o| o > off)
            && matches!(s.kind, StepKind::CommitOffset | StepKind::SendOffsets)
    })
}

/// Why event `e` counts other than once in `output`, if it does.
pub fn explain_output(
    sc: &Scenario,
    trace: &Trace,
    e: EventIx,
    output: Output,
) -> Option<Explanation> {
    let row = trace.ledger.rows.get(e as usize)?;
    let n = row.count_in(output)?;
    match n {
        0 => Some(explain_lost(sc, trace, e, output)),
        1 => None,
        n => Some(explain_duplicate(sc, trace, e, output, n)),
    }
}

/// Why event `e` was lost or duplicated, if it was: its business effect first (the
/// reader's view, then the external effect), else the first other output that
/// counts it wrongly (a state store that applied it twice).
pub fn explain_event(sc: &Scenario, trace: &Trace, e: EventIx) -> Option<Explanation> {
    let row = trace.ledger.rows.get(e as usize)?;
    let reader = Output::reader_of(sc);
    let external = row.external.map(Verdict::of_count);
    let output = match (row.verdict, external) {
        (Verdict::Ok, _) => row.wrong_outputs().next()?.output,
        (v, Some(x)) if x == v && Verdict::of_count(row.effects) != v => Output::External,
        _ => reader,
    };
    explain_output(sc, trace, e, output)
}

/// What one output got wrong, or `None` if it counts every event once.
fn output_wrongs(sc: &Scenario, o: &OutputLedger) -> Option<String> {
    let id = |e: EventIx| ev_id(sc, Some(e)).to_string();
    let name = o.output.name(sc);
    let dups: Vec<String> = o
        .duplicated
        .iter()
        .map(|&(e, n)| match o.output {
            Output::External => format!("{} for {}", times(n), id(e)),
            _ => format!("{} {}", id(e), times(n)),
        })
        .collect();
    let lost: Vec<String> = o.lost.iter().map(|&e| id(e)).collect();
    let (dup_verb, lost_verb) = match o.output {
        Output::External => ("happened", "never happened for"),
        Output::StateStore => ("counted", "never counted"),
        Output::Consumer => ("applied", "never applied"),
        Output::OutputTopic => ("delivers", "is missing"),
        _ => ("holds", "is missing"),
    };
    let mut parts = Vec::new();
    if !lost.is_empty() {
        parts.push(format!("{lost_verb} {}", and_list(&lost)));
    }
    if !dups.is_empty() {
        parts.push(format!("{dup_verb} {}", and_list(&dups)));
    }
    (!parts.is_empty()).then(|| format!("{name} {}", parts.join(" and ")))
}

/// One output's verdict in words: `sink order_events correct`, `state store
/// totals-store counted evt-2 twice`, `charge card happened twice for order-123`.
pub fn output_words(sc: &Scenario, o: &OutputLedger) -> String {
    output_wrongs(sc, o).unwrap_or_else(|| format!("{} correct", o.output.name(sc)))
}

/// The verdict over every output of the design, naming each wrong one: `Sink
/// order_events correct; state store totals-store counted evt-2 twice.` Outputs
/// that are written at least once on purpose (a raw table, the outbox topic) are
/// named only when they hold a copy the reader is spared.
pub fn verdict(sc: &Scenario, l: &Ledger) -> String {
    let mut right = Vec::new();
    let mut wrong = Vec::new();
    let mut spared = Vec::new();
    for o in &l.outputs {
        match (o.checked, output_wrongs(sc, o)) {
            (true, None) if o.output != Output::Changelog => right.push(o.output.name(sc)),
            (true, None) => {}
            (true, Some(w)) => wrong.push(w),
            (false, Some(w)) => spared.push(w),
            (false, None) => {}
        }
    }
    let reader_exact = l.outputs.iter().any(|o| o.reader && o.exact());
    let mut s = String::new();
    if !right.is_empty() {
        s.push_str(&format!("{} correct", and_list(&right)));
    }
    for w in &wrong {
        if !s.is_empty() {
            s.push_str("; ");
        }
        s.push_str(w);
    }
    let mut s = capitalized(&s);
    if reader_exact && !spared.is_empty() {
        s.push_str(&format!(
            " ({}, which the reader never counts)",
            spared.join("; ")
        ));
    }
    s.push('.');
    s
}

/// Each output's business total against the expected one: `revenue: 200 instead of
/// 150 in sink order_events and state store totals-store`.
fn totals_sentence(sc: &Scenario, l: &Ledger) -> String {
    let exp = l.expected_total;
    let store_total = l.output(Output::StateStore).map(|o| o.total);
    let mut off: Vec<(i64, Vec<String>)> = Vec::new();
    let mut on = Vec::new();
    for o in l.outputs.iter().filter(|o| o.checked) {
        if o.output == Output::Changelog && Some(o.total) == store_total {
            continue;
        }
        let name = match o.output {
            Output::External => format!("by {}", o.output.name(sc)),
            _ => format!("in {}", o.output.name(sc)),
        };
        if o.total == exp {
            on.push(name);
        } else {
            match off.iter_mut().find(|(t, _)| *t == o.total) {
                Some((_, names)) => names.push(name),
                None => off.push((o.total, vec![name])),
            }
        }
    }
    let mut parts: Vec<String> = off
        .iter()
        .map(|(t, names)| format!("{t} instead of {exp} {}", and_list(names)))
        .collect();
    if !on.is_empty() {
        parts.push(format!("{exp} as expected {}", and_list(&on)));
    }
    format!(" {}: {}.", capitalized(&sc.names.total), parts.join("; "))
}

/// Steps from `i` back along their causes.
fn cause_chain(steps: &[Step], i: usize) -> impl Iterator<Item = usize> + '_ {
    std::iter::successors(Some(i), move |&j| {
        steps[j].cause.map(|c| c as usize).filter(|&c| c < j)
    })
}

/// The fault behind the second effect of `e` at step `second`, found by following
/// the steps: a second copy in the input log goes back to the send that appended it
/// (a retry, a re-send after a producer restart), a replay to its recovery's fault.
fn duplicate_cause(steps: &[Step], e: EventIx, second: usize) -> Option<usize> {
    let fault = |i: usize| cause_chain(steps, i).find(|&j| steps[j].kind == StepKind::Fault);
    let poll = cause_chain(steps, second).find(|&i| steps[i].kind == StepKind::Poll)?;
    let first = steps
        .iter()
        .find(|s| s.kind == StepKind::Poll && s.event == Some(e))?;
    let p = &steps[poll];
    if p.offset == first.offset {
        return fault(poll);
    }
    let send = steps.iter().position(|s| {
        s.kind == StepKind::Send
            && s.event == Some(e)
            && s.outcome == Outcome::Applied
            && s.offset == p.offset
            && s.partition == p.partition
    })?;
    fault(send)
}

/// For an event that never reached the input log: its fault, the dropped send and,
/// if the producer gave up, that step.
fn never_sent(steps: &[Step], e: EventIx) -> Option<Vec<usize>> {
    let send = |s: &Step| s.kind == StepKind::Send && s.event == Some(e);
    if steps
        .iter()
        .any(|s| send(s) && s.outcome == Outcome::Applied)
    {
        return None;
    }
    let dropped = steps
        .iter()
        .position(|s| send(s) && s.outcome == Outcome::Refused(Why::NeverArrived))?;
    let mut chain: Vec<usize> = steps[dropped]
        .cause
        .map(|c| c as usize)
        .into_iter()
        .collect();
    chain.push(dropped);
    chain.extend(steps.iter().position(|s| {
        s.kind == StepKind::Ack
            && s.event == Some(e)
            && s.outcome == Outcome::Refused(Why::DeliveryTimeout)
    }));
    Some(chain)
}

/// Why the repeat at step `second` was not recognised, from what that step (or the
/// seen-id check before it) found: a forgotten key or id, an id made for one attempt,
/// a SET of a double-counted value.
fn duplicate_reason(sc: &Scenario, steps: &[Step], e: EventIx, second: usize) -> String {
    let k = &sc.design.knobs;
    let at = &steps[second];
    let check = steps[..second]
        .iter()
        .rev()
        .take_while(|s| !(s.kind == StepKind::Poll && s.event == Some(e)))
        .find(|s| s.kind == StepKind::DedupCheck && s.event == Some(e));
    let fresh = |s: &Step| matches!(s.id, Some(IdKey::Fresh(..)));
    match (at.note, check.map(|c| c.note)) {
        (Some(Note::KeyForgotten), _) => format!(
            " The provider had forgotten its idempotency key {}: it keeps keys for {} only.",
            at.id.map(|i| key_text(sc, i)).unwrap_or_default(),
            ms(k.key_retention_ms)
        ),
        (Some(Note::CountedTwice(x)), _) => format!(
            " The SET took its value from {}, which the replay had made count {} twice.",
            sc.names.store,
            ev_id(sc, Some(x))
        ),
        (_, Some(Some(Note::Forgotten))) => format!(
            " The seen-id store had already evicted its id: it keeps ids for {} only.",
            ms(k.dedup_window_ms)
        ),
        _ if fresh(at) && at.kind == StepKind::ExternalCall => format!(
            " The retry carried an idempotency key made afresh ({}), so the provider took it for a new request.",
            at.id.map(|i| key_text(sc, i)).unwrap_or_default()
        ),
        _ if fresh(at) || check.is_some_and(fresh) => {
            " Its id was generated afresh for that attempt, so nothing recognised the repeat."
                .to_string()
        }
        _ => String::new(),
    }
}

/// Why event `e` never took effect when something refused or skipped it on purpose:
/// a seen id shared with another event, a seen id recorded before the effect, a key
/// the provider rejected or answered with another event's result.
fn lost_reason(sc: &Scenario, steps: &[Step], e: EventIx, from: usize) -> Option<String> {
    let other = |x: EventIx| ev_id(sc, Some(x)).to_string();
    if let Some(o) = overwritten_by(steps, e, from) {
        return Some(format!(
            "its row was overwritten by {}'s upsert: both carry the id {}, so the second write replaced the first.",
            other(o),
            steps[from..]
                .iter()
                .find_map(|s| s.id.filter(|_| s.event == Some(o)))
                .map(|i| id_text(sc, i))
                .unwrap_or_default()
        ));
    }
    steps[from..]
        .iter()
        .filter(|s| s.event == Some(e))
        .find_map(|s| match (s.kind, s.outcome, s.note) {
            (StepKind::DedupCheck, Outcome::NoOp(_), Some(Note::OtherEvent(x))) => Some(format!(
                "the seen-id store dropped it as a duplicate of {}, whose id it shares (the record key).",
                other(x)
            )),
            (StepKind::DedupCheck, Outcome::NoOp(_), _) => Some(
                "its id had been recorded as seen before its effect was written, so the replay found the id and skipped it."
                    .to_string(),
            ),
            (StepKind::ExternalCall, Outcome::Refused(Why::KeyReused), Some(Note::OtherEvent(x))) => {
                Some(format!(
                    "the provider rejected it (400): key {} had been used for {} with different parameters.",
                    s.id.map(|i| key_text(sc, i)).unwrap_or_default(),
                    other(x)
                ))
            }
            (StepKind::ExternalCall, Outcome::NoOp(_), Some(Note::OtherEvent(x))) => Some(format!(
                "the provider returned the result it had stored for {} under the same key {}.",
                other(x),
                s.id.map(|i| key_text(sc, i)).unwrap_or_default()
            )),
            _ => None,
        })
}

/// Another event whose upsert, keyed by the same shared id, came after `e`'s own.
fn overwritten_by(steps: &[Step], e: EventIx, from: usize) -> Option<EventIx> {
    let own = steps[from..].iter().rposition(|s| {
        s.kind == StepKind::SinkWrite && s.event == Some(e) && s.outcome == Outcome::Applied
    })? + from;
    let id = steps[own].id.filter(|i| matches!(i, IdKey::Shared(_)))?;
    steps[own + 1..]
        .iter()
        .find(|s| {
            s.kind == StepKind::SinkWrite
                && s.id == Some(id)
                && s.event != Some(e)
                && s.outcome == Outcome::Applied
        })
        .and_then(|s| s.event)
}

/// The run's outcome (the banner above the ledger): the verdict over every output,
/// why the first affected event went wrong, and the totals.
pub fn outcome(sc: &Scenario, trace: &Trace) -> String {
    let l = &trace.ledger;
    let total = &sc.names.total;
    let bad = l
        .rows
        .iter()
        .find(|r| r.verdict != Verdict::Ok || !r.exact_everywhere());
    match bad {
        None => {
            let fired = trace
                .faults
                .iter()
                .filter(|f| matches!(f, super::trace::FaultStatus::Fired(_)))
                .count();
            let spared = l
                .outputs
                .iter()
                .filter(|o| !o.checked)
                .filter_map(|o| output_wrongs(sc, o))
                .collect::<Vec<_>>();
            let note = if spared.is_empty() {
                String::new()
            } else {
                format!(" ({}, which the reader never counts.)", spared.join("; "))
            };
            if fired == 0 {
                format!(
                    "Every event took effect exactly once ({total} {} as expected). Drop a fault on the diagram to test the design.",
                    l.actual_total
                )
            } else {
                let everywhere = if note.is_empty() {
                    " in every output"
                } else {
                    ""
                };
                format!(
                    "Every event took effect exactly once despite {fired} fault{}: {total} {} as expected{everywhere}.{note}",
                    if fired == 1 { "" } else { "s" },
                    l.actual_total
                )
            }
        }
        Some(row) => {
            // The verdict already says what went wrong: add how it came about.
            let why = explain_event(sc, trace, row.event)
                .filter(|x| !x.how.is_empty())
                .map(|x| format!(" For {}, {}", row.event_id, x.how))
                .unwrap_or_default();
            let others = l
                .rows
                .iter()
                .filter(|r| r.verdict != Verdict::Ok || !r.exact_everywhere())
                .count()
                - 1;
            let more = if others > 0 {
                format!(
                    " ({others} more event{} affected.)",
                    if others == 1 { "" } else { "s" }
                )
            } else {
                String::new()
            };
            format!("{}{why}{}{more}", verdict(sc, l), totals_sentence(sc, l))
        }
    }
}

/// Why a step did not simply apply (no effect, or refused), in a few words; `None`
/// for a step that applied.
pub fn outcome_word(step: &Step) -> Option<&'static str> {
    match step.outcome {
        Outcome::Applied => None,
        Outcome::NoOp(w) | Outcome::Refused(w) => Some(why_short(w)),
    }
}

/// The name of transaction `txn` in this design (`Kafka transaction tx-2`).
pub fn txn_name(sc: &Scenario, txn: u32) -> String {
    let what = match sc.design.kind {
        k if k.is_kafka_transactional() => "Kafka transaction",
        k if k.spec().checkpoints => "sink transaction",
        _ => "transaction",
    };
    format!("{what} tx-{txn}")
}

/// A knob's choice in plain words (the choice's slug from `edit::knob_text`).
pub fn choice_words(slug: &str) -> &'static str {
    match slug {
        "insert" => "INSERT a row per event",
        "increment" => "UPDATE total = total + amount",
        "upsert" => "UPSERT one row per event id",
        "set-total" => "SET total = the state store's value",
        "set-sum" => "INSERT ON CONFLICT DO NOTHING, SET total = SUM(amount)",
        "stable" => "stable: derived from the business id",
        "per-attempt" => "per attempt: a new UUID on every try",
        "record-key" => "the record key, shared by several events",
        "effect-then-record" => "after the effect (a crash between: duplicate)",
        "record-then-effect" => "before the effect (a crash between: loss)",
        "read_committed" => "read_committed: committed records only",
        "read_uncommitted" => "read_uncommitted: everything written",
        "merge" => "a MERGE job into a clean table",
        "query-view" => "a query-time view, one row per id",
        "all" => "acks=all: wait for the ack, retry until delivery.timeout.ms",
        "0" => "acks=0: fire and forget, never retry",
        _ => "",
    }
}

/// `offset 2`, or `p0=2, p1=1` when the step concerns several partitions.
fn offsets_words(step: &Step) -> String {
    match &step.offsets {
        Some(all) => all
            .iter()
            .enumerate()
            .map(|(p, o)| format!("p{p}={o}"))
            .collect::<Vec<_>>()
            .join(", "),
        None => match step.offset {
            Some(o) => format!("offset {o}"),
            None => "offsets".into(),
        },
    }
}

/// What a fetch returned: `offset → 2` or `offsets → p0=2, p1=1`.
fn fetched_words(step: &Step) -> String {
    match &step.offsets {
        Some(_) => format!("offsets → {}", offsets_words(step)),
        None => format!("offset → {}", step.offset.unwrap_or(0)),
    }
}

/// What a commit covered: `offset 2` or `offsets p0=2, p1=1`.
fn committed_words(step: &Step) -> String {
    match &step.offsets {
        Some(_) => format!("offsets {}", offsets_words(step)),
        None => offsets_words(step),
    }
}

/// What a new instance finds after a crash, by where the design keeps its state.
fn what_survives(sc: &Scenario) -> &'static str {
    match sc.design.kind {
        k if k.is_kafka_transactional() => {
            "Its position, open transaction and uncommitted work died with the old one; its state store is rebuilt from the changelog."
        }
        k if k.spec().checkpoints && sc.design.knobs.restore_state => {
            "Its position and uncommitted work died with the old one; state and offsets come back from the last completed checkpoint."
        }
        k if k.spec().checkpoints => {
            "Its position died with the old one, but its local state store survived, with every update applied since the checkpoint."
        }
        _ => {
            "Only its position died with the old one: the state store and the database kept every write already made, committed offset or not."
        }
    }
}

/// Labels of the producer's, the group's and the fences' steps.
fn kafka_label(sc: &Scenario, step: &Step) -> Option<String> {
    let e = ev_id(sc, step.event);
    let off = step.offset.unwrap_or(0);
    let txn = step.txn.map(|t| format!("tx-{t}")).unwrap_or_default();
    Some(match (step.kind, step.outcome) {
        (StepKind::Send, Outcome::Refused(_)) => format!("send {e} ✗ lost in transit"),
        (StepKind::Send, Outcome::Applied) if step.attempt.instance > 1 => {
            format!("re-send {e} (new producer id) → offset {off}")
        }
        (StepKind::Ack, Outcome::Refused(_)) => {
            format!("{e} failed: delivery.timeout.ms expired")
        }
        (StepKind::SendOffsets, Outcome::Refused(Why::StaleGeneration)) => format!(
            "sendOffsetsToTransaction({}) refused: ILLEGAL_GENERATION",
            offsets_words(step)
        ),
        (StepKind::FetchOffsets, Outcome::NoOp(_)) => {
            format!("fetch offsets: {txn} pending → UNSTABLE_OFFSET_COMMIT, wait")
        }
        (StepKind::AbortTxn, _) if sc.design.kind.is_kafka_transactional() => {
            format!("abortTransaction ({txn})")
        }
        (StepKind::Restart, _) if step.from == Actor::Producer => {
            format!("producer restarts: new producer id {off}")
        }
        (StepKind::CommitOffset, Outcome::Applied) if sc.design.kind.spec().checkpoints => {
            format!("auto-commit ({})", offsets_words(step))
        }
        (StepKind::Consume, _) if step.to == Actor::Relay => {
            if step.attempt.delivery > 1 {
                format!("poll {e} @{off} (again)")
            } else {
                format!("poll {e} @{off}")
            }
        }
        (StepKind::CommitOffset, _) if step.from == Actor::Relay => {
            format!("commit connector offset {off}")
        }
        (StepKind::SinkWrite, _) if step.from == Actor::Relay => {
            if sc.design.sink_write() == crate::model::SinkWrite::Upsert {
                format!("UPSERT {} ON CONFLICT ({e})", sc.names.table)
            } else {
                format!("INSERT {} ({e})", sc.names.table)
            }
        }
        (StepKind::Restart, _)
            if step.from == Actor::Relay && sc.design.kind.spec().connector.is_some() =>
        {
            format!("connector restarts from offset {off}")
        }
        (StepKind::Revoke, _) if step.event.is_some() => {
            format!("poll(): partitions revoked, uncommitted from {e} @{off}")
        }
        (StepKind::Revoke, _) => "poll(): partitions revoked, all committed".into(),
        _ => return None,
    })
}

/// Narration of the sink connector's steps (Kafka Streams → Postgres).
fn connector_narration(sc: &Scenario, step: &Step) -> Option<String> {
    sc.design.kind.spec().connector.as_ref()?;
    let n = &sc.names;
    let k = &sc.design.knobs;
    let e = ev_id(sc, step.event);
    let off = step.offset.unwrap_or(0);
    Some(match (step.kind, step.outcome) {
        (StepKind::Consume, _) if step.to == Actor::Relay => format!(
            "The sink connector polls {e} from {} (offset {off}){}. The Kafka transaction ends here: what the connector does next is outside it.",
            n.output_topic,
            if k.isolation == crate::model::Isolation::ReadCommitted { ", reading committed records only" } else { ", read_uncommitted: aborted records too" }
        ),
        (StepKind::SinkWrite, _) if step.from == Actor::Relay => format!(
            "The connector {} {e} into {}. It commits its own offset only after the write, so a crash in between means the write happens again.",
            if sc.design.sink_write() == crate::model::SinkWrite::Upsert { "upserts the row keyed by" } else { "INSERTs a row for" },
            n.table
        ),
        (StepKind::CommitOffset, _) if step.from == Actor::Relay => format!(
            "The connector commits its offset {off} on {}: after a crash it resumes from here.",
            n.output_topic
        ),
        (StepKind::Restart, _) if step.from == Actor::Relay => format!(
            "A new connector task starts after {} and resumes from its committed offset {off}: records it wrote after that are written again.",
            ms(k.restart_ms)
        ),
        _ => return None,
    })
}

/// Narration of the producer's, the group's and the fences' steps.
fn kafka_narration(sc: &Scenario, step: &Step) -> Option<String> {
    if step.from == Actor::Relay || step.to == Actor::Relay {
        if let Some(text) = connector_narration(sc, step) {
            return Some(text);
        }
    }
    let n = &sc.names;
    let k = &sc.design.knobs;
    let e = ev_id(sc, step.event);
    let off = step.offset.unwrap_or(0);
    let inst = step.attempt.instance;
    let txn = step.txn.map(|t| format!("tx-{t}")).unwrap_or_default();
    let who = if step.zombie {
        format!("The zombie instance {inst}")
    } else {
        format!("Instance {inst}")
    };
    let acks_zero = k.acks == crate::model::scenario::Acks::Zero;
    Some(match (step.kind, step.outcome) {
        (StepKind::Send, Outcome::Refused(_)) if acks_zero => format!(
            "The network drops the request for {e}: it never reaches {}. With acks=0 the producer waits for no ack and never retries, so {e} is gone: the producer's at-most-once.",
            n.input_topic
        ),
        (StepKind::Send, Outcome::Refused(_)) => format!(
            "The network drops the request for {e}: it never reaches {}. With acks=all no ack comes back, so the producer retries once the broker is reachable again, for at most delivery.timeout.ms ({}).",
            n.input_topic,
            ms(k.delivery_timeout_ms)
        ),
        (StepKind::Send, Outcome::Applied) if step.second_copy && inst > 1 => format!(
            "The restarted producer sends {e} again under its new producer id. The broker keeps sequence numbers per producer id, so it cannot know this record is already in {}: a second copy lands at offset {off}, even with enable.idempotence=true.",
            n.input_topic
        ),
        (StepKind::Send, Outcome::Applied) if inst > 1 => format!(
            "The restarted producer sends {e} again under its new producer id; the first send never reached the log, so this is its only copy (offset {off})."
        ),
        (StepKind::Send, Outcome::Applied) if step.attempt.delivery > 1 && step.second_copy => format!(
            "The producer retries {e}. Without enable.idempotence the broker cannot tell a retry from a new record, so {e} is now in {} twice (again at offset {off}).",
            n.input_topic
        ),
        (StepKind::Send, Outcome::Applied) if step.attempt.delivery > 1 => format!(
            "The producer retries {e}; the first request never arrived, so the broker appends it now, at offset {off}."
        ),
        (StepKind::Ack, Outcome::Refused(_)) => format!(
            "The broker stayed unreachable longer than delivery.timeout.ms ({}): the producer gives up on {e} and reports the failure to its callback. {e} never reached the log.",
            ms(k.delivery_timeout_ms)
        ),
        (StepKind::FetchOffsets, Outcome::NoOp(_)) => format!(
            "{who} asks for its committed offsets, but {txn} still holds offsets for its partitions and is not finished: the broker answers UNSTABLE_OFFSET_COMMIT, and the fetch waits until {txn} commits or aborts, so it never resumes from a stale offset."
        ),
        (StepKind::AbortTxn, _) if sc.design.kind.is_kafka_transactional() => format!(
            "{who} calls abortTransaction: the coordinator writes ABORT markers for {txn}, and read_committed readers skip everything it wrote."
        ),
        (StepKind::Restart, _) if step.from == Actor::Producer => format!(
            "The producer process comes back after {}. It has no transactional.id, so the broker hands it a new producer id ({off}) and its sequence numbers start again at 0.",
            ms(k.restart_ms)
        ),
        (StepKind::CommitOffset, Outcome::Applied) if sc.design.kind.spec().checkpoints => format!(
            "The consumer auto-commits {} as it polls, outside the checkpoint: a restart resumes from here, although nothing done with the record is in a completed checkpoint yet.",
            committed_words(step)
        ),
        (StepKind::RestoreState, _) if sc.design.kind.spec().checkpoints && !(k.restore_state && k.atomic_offsets) => format!(
            "The job restarts from checkpoint {off}, but not consistently: {}.",
            match (k.restore_state, k.atomic_offsets) {
                (false, false) => "it keeps its local state store as it was and resumes from the offsets auto-committed to Kafka",
                (false, true) => "the offsets rewind to the checkpoint, but the local state store keeps every update since, so a replayed record is applied to it again",
                _ => "the state rolls back to the checkpoint, but it resumes from the offsets auto-committed to Kafka, past records whose updates were just rolled back",
            }
        ),
        (StepKind::Revoke, _) if step.event.is_some() => format!(
            "In its next poll() {who} sees the rebalance: its partitions are revoked and it leaves them to the new owner. Records from {e} (offset {off}) on were processed but not committed{}: the new owner will process them again.",
            if k.revoke_commit { "" } else { ", and no onPartitionsRevoked listener commits it" }
        ),
        (StepKind::Revoke, _) => format!(
            "In its next poll() {who} sees the rebalance: its partitions are revoked. Everything it processed is committed{}, so the new owner replays nothing.",
            if sc.design.kind.is_kafka_transactional() { " (Kafka Streams commits a revoked task's transaction first)" } else { "" }
        ),
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::edit::{knob_input, KnobInput};
    use crate::model::{presets, simulate};

    #[test]
    fn the_verdict_names_each_output_in_words() {
        let sc = presets::find("dedup-window").unwrap().scenario;
        let t = simulate(&sc);
        let words: Vec<String> = t
            .ledger
            .outputs
            .iter()
            .map(|o| output_words(&sc, o))
            .collect();
        assert_eq!(
            words,
            [
                "state store totals-store counted evt-1 twice",
                "sink order_events holds evt-1 twice"
            ]
        );
        let fine = presets::find("loyalty-eos").unwrap().scenario;
        let t = simulate(&fine);
        assert_eq!(
            output_words(&fine, &t.ledger.outputs[0]),
            "state store loyalty-store correct"
        );
        assert_eq!(and_list(&["a", "b", "c"]), "a, b and c");
        assert_eq!(
            (times(2), times(3)),
            ("twice".to_string(), "3 times".to_string())
        );
    }

    #[test]
    fn a_lost_provider_response_is_a_timeout() {
        let sc = presets::find("payment-timeout-retry").unwrap().scenario;
        let t = simulate(&sc);
        let f = t.steps.iter().find(|s| s.kind == StepKind::Fault).unwrap();
        assert_eq!(fault_title(&sc, f), "Timeout");
        assert!(label(&sc, f).contains("timeout: response lost"));
        assert!(narrate(&sc, f).contains("the provider acted"));
        let sc = presets::find("lost-ack").unwrap().scenario;
        let t = simulate(&sc);
        let f = t.steps.iter().find(|s| s.kind == StepKind::Fault).unwrap();
        assert_eq!(fault_title(&sc, f), "Lost ack");
    }

    #[test]
    fn transactions_are_named_by_design() {
        let eos = presets::find("loyalty-eos").unwrap().scenario;
        assert_eq!(txn_name(&eos, 2), "Kafka transaction tx-2");
        let flink = presets::find("flink-2pc-recommit").unwrap().scenario;
        assert_eq!(txn_name(&flink, 1), "sink transaction tx-1");
    }

    #[test]
    fn every_choice_has_words() {
        for kind in crate::model::DesignKind::ALL {
            for &knob in kind.knobs() {
                if let KnobInput::Choice(all) = knob_input(knob) {
                    for c in all {
                        assert!(!choice_words(c).is_empty(), "{c}");
                    }
                }
            }
        }
    }
}
