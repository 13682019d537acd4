//! Words for the trace: arrow labels, narration of a step, and why an event was
//! lost or duplicated (following the steps' causes back to the fault).

use super::ledger::Verdict;
use super::scenario::{DesignKind, FaultKind, Isolation, Scenario, SinkWrite, StepKind};
use super::trace::{Actor, Outcome, Step, Trace, Why};
use super::world::EventIx;
use crate::render::icons::Icon;

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

/// The name of a lifeline in this scenario's words.
pub fn actor_name(sc: &Scenario, a: Actor) -> String {
    let n = &sc.names;
    match a {
        Actor::Producer => "Producer".into(),
        Actor::InputTopic => format!("Input topic {}", n.input_topic),
        Actor::Processor => match sc.design.kind {
            DesignKind::Outbox => "Order service".into(),
            DesignKind::TwoPhaseCommit => "Flink job".into(),
            _ => "Processor".into(),
        },
        Actor::StateStore => format!("State store {}", n.store),
        Actor::SeenIds => "Seen-id store".into(),
        Actor::Coordinator => match sc.design.kind {
            DesignKind::TwoPhaseCommit => "Checkpoint coordinator".into(),
            _ => "Txn coordinator".into(),
        },
        Actor::Sink => match sc.design.kind {
            DesignKind::Outbox => "Database (+ outbox)".into(),
            DesignKind::DownstreamDedup => format!("Sink {} (raw)", n.table),
            _ => format!("Sink {}", n.table),
        },
        Actor::OutputTopic => format!("Output topic {}", n.output_topic),
        Actor::Relay => "CDC relay (Debezium)".into(),
        Actor::External => format!("External API ({})", n.external),
        Actor::Reader => "Downstream reader".into(),
    }
}

/// The short label of a step's arrow, in the lesson's words.
pub fn label(sc: &Scenario, step: &Step) -> String {
    let n = &sc.names;
    let e = ev_id(sc, step.event);
    let txn = step.txn.map(|t| format!("tx-{t}")).unwrap_or_default();
    let off = step.offset.unwrap_or(0);
    let event = step.event.and_then(|i| sc.workload.events.get(i as usize));
    let refused = |what: &str| match step.outcome {
        Outcome::Refused(w) => format!("{what} refused: {}", why_short(w)),
        _ => what.to_string(),
    };
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
        StepKind::SinkWrite => {
            if sc.design.kind == DesignKind::TwoPhaseCommit && sc.design.knobs.two_phase {
                return refused(&format!("INSERT {} ({e}) in {txn}", n.table));
            }
            match (sc.design.sink_write(), event) {
                (SinkWrite::Insert, _) => format!("INSERT {} ({e})", n.table),
                (SinkWrite::Upsert, _) => format!("UPSERT {} ON CONFLICT ({e})", n.table),
                (SinkWrite::Increment, Some(ev)) => {
                    format!("UPDATE {} SET {} += {}", n.table, n.total, ev.amount)
                }
                (SinkWrite::SetTotal, Some(ev)) => {
                    format!("UPSERT {} SET {} = total({})", n.table, n.total, ev.key)
                }
                _ => format!("write {}", n.table),
            }
        }
        StepKind::DedupCheck => match step.outcome {
            Outcome::NoOp(_) => format!("seen {e}? yes → skip"),
            _ => format!("seen {e}? no"),
        },
        StepKind::RecordSeen => format!("mark {e} seen"),
        StepKind::CommitOffset => refused(&format!("commitSync(offset {off})")),
        StepKind::BeginTxn => format!("beginTransaction ({txn})"),
        StepKind::Produce => match step.outcome {
            Outcome::NoOp(_) => "retry: duplicate sequence, original ack".into(),
            Outcome::Refused(w) => format!("send refused: {}", why_short(w)),
            Outcome::Applied => format!("send {} {e}", n.output_type),
        },
        StepKind::SendOffsets => refused(&format!("sendOffsetsToTransaction({off})")),
        StepKind::CommitTxn => refused(&format!("commitTransaction ({txn})")),
        StepKind::TxnMarkers => match step.outcome {
            Outcome::Applied => format!("COMMIT marker {txn}"),
            _ if step.cause.is_none() => format!("timeout: ABORT marker {txn}"),
            _ => format!("ABORT marker {txn}"),
        },
        StepKind::AbortTxn => match step.outcome {
            Outcome::Refused(_) => format!("{txn} timed out: rolled back"),
            _ => format!("ROLLBACK {txn}"),
        },
        StepKind::ExternalCall => {
            let key = if sc.design.knobs.idempotency_key {
                format!(" [key {e}]")
            } else {
                String::new()
            };
            match step.outcome {
                Outcome::NoOp(_) => format!("{} {e}{key} → stored result", n.external),
                _ => format!("{} {e}{key}", n.external),
            }
        }
        StepKind::PreCommit => match step.outcome {
            Outcome::Refused(w) => format!("barrier {off} refused: {}", why_short(w)),
            _ if sc.design.knobs.two_phase => format!("barrier {off}: snapshot, pre-commit {txn}"),
            _ => format!("barrier {off}: snapshot state + offsets"),
        },
        StepKind::CheckpointComplete => refused(&format!("checkpoint {off} complete")),
        StepKind::NotifyComplete => format!("notifyCheckpointComplete({off})"),
        StepKind::SinkCommit => match step.outcome {
            Outcome::NoOp(_) => format!("re-commit {txn}: already committed"),
            Outcome::Refused(_) => format!("COMMIT {txn} failed: expired"),
            Outcome::Applied if step.event.is_none() => format!("re-commit {txn}"),
            Outcome::Applied => format!("COMMIT {txn}"),
        },
        StepKind::OutboxWrite => match step.outcome {
            Outcome::NoOp(_) => format!("INSERT {} ({e}): exists, no outbox row", n.table),
            _ => format!("BEGIN; INSERT {} + outbox ({e}); COMMIT", n.table),
        },
        StepKind::RelayPublish => format!("publish outbox row → offset {off}"),
        StepKind::Consume => match step.outcome {
            Outcome::NoOp(_) => format!("consume {e}: outbox id seen → skip"),
            _ => format!("consume {e} (offset {off})"),
        },
        StepKind::RelayPosition => format!("record position {off}"),
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
        StepKind::FetchOffsets => format!("fetch committed offset → {off}"),
        StepKind::InitTxn => format!("initTransactions (epoch {off})"),
        StepKind::RestoreState => {
            if sc.design.kind == DesignKind::TwoPhaseCommit {
                match step.offset {
                    Some(cp) => format!("restore checkpoint {cp}"),
                    None => "restore: no checkpoint yet, start over".into(),
                }
            } else {
                format!("restore {} from changelog", n.store)
            }
        }
        StepKind::Rejected => refused("write"),
        StepKind::Wake => format!("instance {} wakes up", step.attempt.instance),
        StepKind::Merge => format!("MERGE INTO {} ON event_id", n.table),
        StepKind::Read => match sc.design.kind {
            DesignKind::KafkaTransactions | DesignKind::TransactionsExternal => {
                format!("poll {} ({})", n.output_topic, isolation(sc))
            }
            DesignKind::Outbox => "sum what was applied".into(),
            _ => format!("SELECT * FROM {}", n.table),
        },
        StepKind::Fault => fault_label(sc, step),
    }
}

fn isolation(sc: &Scenario) -> &'static str {
    match sc.design.knobs.isolation {
        Isolation::ReadCommitted => "read_committed",
        Isolation::ReadUncommitted => "read_uncommitted",
    }
}

fn fault_label(sc: &Scenario, step: &Step) -> String {
    let Some(f) = step.fault.and_then(|i| sc.faults.get(i as usize)) else {
        return "fault".into();
    };
    match f.kind {
        FaultKind::Crash => "crash".into(),
        FaultKind::LostAck => "ack lost → retry".into(),
        FaultKind::Zombie => format!("instance {} pauses", step.attempt.instance),
        FaultKind::Rebalance => "rebalance".into(),
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
    }
}

/// One or two sentences on what a step does and why, in the seeds' vocabulary.
pub fn narrate(sc: &Scenario, step: &Step) -> String {
    let n = &sc.names;
    let e = ev_id(sc, step.event);
    let off = step.offset.unwrap_or(0);
    let inst = step.attempt.instance;
    let txn = step.txn.map(|t| format!("tx-{t}")).unwrap_or_default();
    let who = if step.zombie {
        format!("The zombie instance {inst}")
    } else {
        format!("Instance {inst}")
    };
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
        (StepKind::SinkWrite, _) => {
            if sc.design.kind == DesignKind::TwoPhaseCommit && sc.design.knobs.two_phase {
                return format!("{who} writes {e} inside the sink transaction {txn}: invisible to readers until it commits.");
            }
            match sc.design.sink_write() {
                SinkWrite::Insert => format!("{who} INSERTs a row for {e} into {}. A plain insert is not idempotent: run it twice, get two rows.", n.table),
                SinkWrite::Upsert => format!("{who} upserts the row keyed by {e}: a replay overwrites the same row instead of adding one."),
                SinkWrite::Increment => format!("{who} adds {e}'s amount to the running {}: an increment is not idempotent.", n.total),
                SinkWrite::SetTotal => format!("{who} sets the {} row to the state store's value: a set, not an add, so a replay writes the same number.", n.total),
            }
        }
        (StepKind::DedupCheck, Outcome::NoOp(_)) => format!("{e} is in the seen-id store: the duplicate is dropped."),
        (StepKind::DedupCheck, _) => format!(
            "{e} is not in the seen-id store (window {}): process it.",
            ms(sc.design.knobs.dedup_window_ms)
        ),
        (StepKind::RecordSeen, _) => format!("{who} records {e} as seen — a separate write after the effect, so a crash in between leaves the effect without the record."),
        (StepKind::CommitOffset, Outcome::Refused(_)) => format!(
            "{who}'s commit is refused with CommitFailedException: the group has moved to a newer generation. Too late — its writes already happened."
        ),
        (StepKind::CommitOffset, _) => format!(
            "{who} commits offset {off}: a restarted consumer will resume from here. Only the committed offset survives a crash."
        ),
        (StepKind::BeginTxn, _) => format!("{who} begins {txn}."),
        (StepKind::Produce, Outcome::NoOp(_)) => "The producer retries; the broker recognises the sequence number and returns the original ack.".to_string(),
        (StepKind::Produce, Outcome::Refused(_)) => format!(
            "{who} tries to write with an old epoch: ProducerFencedException. The fence stops the zombie from writing anything more."
        ),
        (StepKind::Produce, _) => match sc.design.knobs.isolation {
            Isolation::ReadCommitted => format!("{who} sends {} {e} in {txn}. A read_committed reader cannot see it until the COMMIT marker.", n.output_type),
            Isolation::ReadUncommitted => format!("{who} sends {} {e} in {txn}. The reader is read_uncommitted: it sees the record at once, committed or not.", n.output_type),
        },
        (StepKind::SendOffsets, _) => format!("{who} adds input offset {off} to {txn}: the offsets count as committed only if the transaction commits."),
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
        (StepKind::ExternalCall, Outcome::NoOp(_)) => format!(
            "The provider already has a result stored under the idempotency key for {e}: it returns it and does nothing again."
        ),
        (StepKind::ExternalCall, _) => format!(
            "{who} calls the provider to {} for {e}. The provider is outside every transaction: whatever happens next, this effect has happened.",
            n.external
        ),
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
        (StepKind::SinkCommit, _) => format!("The sink commits {txn}: its rows become visible in {}.", n.table),
        (StepKind::OutboxWrite, Outcome::NoOp(_)) => format!("{e} is already in {}: nothing is written, so no second outbox row.", n.table),
        (StepKind::OutboxWrite, _) => format!("One database transaction writes the {} row and the outbox row for {e}: both or neither.", n.table),
        (StepKind::RelayPublish, _) => format!("The CDC relay reads the outbox row from the database log and publishes it (offset {off})."),
        (StepKind::Consume, Outcome::NoOp(_)) => format!("The consumer has seen this outbox event id: it skips the republished {e}."),
        (StepKind::Consume, _) => format!("The downstream consumer applies {e}."),
        (StepKind::RelayPosition, _) => format!("The relay records its position {off}: after a crash it resumes from here."),
        (StepKind::Restart, _) if step.from == Actor::Relay => format!("The relay comes back and resumes from its recorded position {off}: rows after it are published again."),
        (StepKind::Restart, _) => format!("A new instance {inst} starts after {}. Everything not committed died with the old one.", ms(sc.design.knobs.restart_ms)),
        (StepKind::Assign, _) => format!("The group rebalances: the partitions now belong to instance {inst} (generation {off})."),
        (StepKind::FetchOffsets, _) => format!("{who} fetches the committed offset {off} and resumes from there."),
        (StepKind::InitTxn, _) => if sc.design.knobs.fencing {
            format!("{who} calls initTransactions: epoch {off}. Any transaction an older instance left open is aborted, and that instance is fenced.")
        } else {
            format!("{who} calls initTransactions with a transactional.id of its own: nothing is fenced, old transactions stay open until they time out.")
        },
        (StepKind::RestoreState, _) => if sc.design.kind == DesignKind::TwoPhaseCommit {
            "The job restores state and offsets from its last completed checkpoint.".to_string()
        } else {
            "The state store is rebuilt from its changelog, which holds only committed records: state rolls back with the offsets.".to_string()
        },
        (StepKind::Rejected, _) => "The write is refused.".into(),
        (StepKind::Wake, _) => format!("Instance {inst} wakes up. It still believes it owns its partitions and carries on where it stopped."),
        (StepKind::Merge, _) => format!("The batch job MERGEs the raw rows into {} on event_id: one row per event.", n.table),
        (StepKind::Read, _) => "The downstream reader reads what it is allowed to see. The ledger below counts it.".into(),
        (StepKind::Fault, _) => fault_narration(sc, step),
    }
}

fn fault_narration(sc: &Scenario, step: &Step) -> String {
    let Some(f) = step.fault.and_then(|i| sc.faults.get(i as usize)) else {
        return String::new();
    };
    match f.kind {
        FaultKind::Crash => "The processor crashes. Its position and anything not committed are gone; only committed offsets and durable writes remain.".into(),
        FaultKind::LostAck => "The write succeeded, but its acknowledgement is lost. The sender cannot tell a lost write from a lost ack, so it retries.".into(),
        FaultKind::Zombie => "The processor freezes (a long GC pause or a network partition). It is not dead: it will wake up believing it still owns its partitions.".into(),
        FaultKind::Rebalance => "The consumer group rebalances: the partitions move to a new owner, which starts from the committed offsets.".into(),
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
    /// Steps of the chain: first effect, fault, recovery, second effect.
    pub steps: Vec<usize>,
}

fn is_effect(sc: &Scenario, s: &Step) -> bool {
    if s.outcome != Outcome::Applied {
        return false;
    }
    match s.kind {
        StepKind::SinkWrite => {
            !(sc.design.kind == DesignKind::TwoPhaseCommit && sc.design.knobs.two_phase)
        }
        StepKind::Produce | StepKind::ExternalCall | StepKind::Consume | StepKind::OutboxWrite => {
            true
        }
        StepKind::Poll => false,
        _ => false,
    }
}

fn fault_phrase(kind: FaultKind) -> &'static str {
    match kind {
        FaultKind::Crash => "the processor crashed",
        FaultKind::LostAck => "an ack was lost and the sender retried",
        FaultKind::Zombie => "the processor paused while a new instance took over",
        FaultKind::Rebalance => "a rebalance moved the partition",
        FaultKind::Timeout => "the transaction timed out and was aborted",
        FaultKind::RelayCrash => "the relay crashed before recording its position",
        FaultKind::TimePasses => "time passed beyond what the dedup state remembers",
    }
}

/// Why event `e` was lost or duplicated, if it was.
pub fn explain_event(sc: &Scenario, trace: &Trace, e: EventIx) -> Option<Explanation> {
    let row = trace.ledger.rows.get(e as usize)?;
    let id = &row.event_id;
    let steps = &trace.steps;
    let effects: Vec<usize> = steps
        .iter()
        .enumerate()
        .filter(|(_, s)| s.event == Some(e) && is_effect(sc, s))
        .map(|(i, _)| i)
        .collect();
    let fault_before = |limit: usize| (0..limit).rev().find(|&i| steps[i].kind == StepKind::Fault);
    let anchor_label = |fi: usize| {
        (0..fi)
            .rev()
            .find(|&i| steps[i].kind != StepKind::Fault)
            .map(|i| label(sc, &steps[i]))
            .unwrap_or_default()
    };
    let fault_kind = |fi: usize| {
        steps[fi]
            .fault
            .and_then(|k| sc.faults.get(k as usize))
            .map(|f| f.kind)
    };
    match row.verdict {
        Verdict::Ok => None,
        Verdict::Duplicate => {
            let second = effects.get(1).copied();
            let fi = second.and_then(fault_before);
            let mut chain: Vec<usize> = effects.iter().take(2).copied().collect();
            let sentence = match (fi, fi.and_then(fault_kind)) {
                (Some(fi), Some(kind)) => {
                    chain.insert(1, fi);
                    let redelivery = steps.iter().enumerate().find(|(i, s)| {
                        *i > fi
                            && s.kind == StepKind::Poll
                            && s.event == Some(e)
                            && s.attempt.delivery > 1
                    });
                    let first_poll = steps
                        .iter()
                        .find(|s| s.kind == StepKind::Poll && s.event == Some(e))
                        .and_then(|s| s.offset);
                    let zombie_wrote = steps[fi..].iter().any(|s| {
                        s.zombie && s.outcome == Outcome::Applied && s.kind != StepKind::Wake
                    });
                    let how = match (kind, redelivery) {
                        (FaultKind::LostAck, _) => "the retry wrote it again".to_string(),
                        (FaultKind::RelayCrash, _) => "the relay published it again".to_string(),
                        (FaultKind::Zombie, Some((_, s))) if zombie_wrote => format!(
                            "instance {} replayed it while the old instance woke up and finished its own copy",
                            s.attempt.instance
                        ),
                        (_, Some((_, s))) if s.offset != first_poll => format!(
                            "its second copy in the topic (offset {}) was processed again",
                            s.offset.unwrap_or(0)
                        ),
                        (_, Some((_, s))) => format!(
                            "instance {} replayed it from offset {}",
                            s.attempt.instance,
                            s.offset.unwrap_or(0)
                        ),
                        _ => "it was written again".to_string(),
                    };
                    let reader = if sc.design.kind.is_kafka_transactional()
                        && sc.design.knobs.isolation == Isolation::ReadUncommitted
                    {
                        " The reader is read_uncommitted, so it counts the aborted copy too."
                    } else {
                        ""
                    };
                    let what = match row.external {
                        Some(x) if x > 1 => {
                            format!("{} happened {x} times for {id}", sc.names.external)
                        }
                        _ => format!("{id} took effect {} times", row.effects),
                    };
                    format!(
                        "{what}: {} right after “{}”, and {how}.{reader}",
                        fault_phrase(kind),
                        anchor_label(fi)
                    )
                }
                _ => format!(
                    "{id} took effect {} times.",
                    row.effects.max(row.external.unwrap_or(0))
                ),
            };
            Some(Explanation {
                sentence,
                steps: chain,
            })
        }
        Verdict::Lost => {
            let first_poll = steps
                .iter()
                .position(|s| s.event == Some(e) && s.kind == StepKind::Poll)
                .unwrap_or(0);
            let fi = (first_poll..steps.len()).find(|&i| steps[i].kind == StepKind::Fault);
            let expired = steps.iter().position(|s| {
                s.kind == StepKind::SinkCommit && s.outcome == Outcome::Refused(Why::TxnExpired)
            });
            let sentence = match (expired, fi.and_then(|f| fault_kind(f).map(|k| (f, k)))) {
                (Some(x), _) => format!(
                    "{id} never reached {}: {} expired before it could be committed, so its rows were rolled back.",
                    sc.names.table,
                    steps[x].txn.map(|t| format!("tx-{t}")).unwrap_or_default()
                ),
                (None, Some((f, kind))) => format!(
                    "{id} never took effect: {} right after “{}”, and recovery resumed past it (its offset was already committed).",
                    fault_phrase(kind),
                    anchor_label(f)
                ),
                _ => format!("{id} never took effect."),
            };
            let mut chain = vec![first_poll];
            chain.extend(fi);
            chain.extend(expired);
            Some(Explanation {
                sentence,
                steps: chain,
            })
        }
    }
}

/// The run's outcome in one sentence (the banner above the ledger).
pub fn outcome(sc: &Scenario, trace: &Trace) -> String {
    let l = &trace.ledger;
    let total = &sc.names.total;
    let bad = l.rows.iter().find(|r| r.verdict != Verdict::Ok);
    match bad {
        None => {
            let fired = trace
                .faults
                .iter()
                .filter(|f| matches!(f, super::trace::FaultStatus::Fired(_)))
                .count();
            if fired == 0 {
                format!(
                    "Every event took effect exactly once ({total} {} as expected). Drop a fault on the diagram to test the design.",
                    l.actual_total
                )
            } else {
                format!(
                    "Every event took effect exactly once despite {fired} fault{}: {total} {} as expected.",
                    if fired == 1 { "" } else { "s" },
                    l.actual_total
                )
            }
        }
        Some(row) => {
            let why = explain_event(sc, trace, row.event)
                .map(|x| x.sentence)
                .unwrap_or_default();
            let others = l.rows.iter().filter(|r| r.verdict != Verdict::Ok).count() - 1;
            let more = if others > 0 {
                format!(
                    " ({others} more event{} affected.)",
                    if others == 1 { "" } else { "s" }
                )
            } else {
                String::new()
            };
            let reader_exact = l.rows.iter().all(|r| r.effects == 1);
            let totals = if l.actual_total == l.expected_total && !reader_exact {
                format!(
                    " The reader's {total} happens to match ({}), but the events behind it are wrong.",
                    l.actual_total
                )
            } else if l.actual_total == l.expected_total {
                format!(
                    " Inside the pipeline all is well ({total} {} as expected): the extra effect happened outside it.",
                    l.actual_total
                )
            } else {
                format!(
                    " The reader's {total} is {} instead of {}.",
                    l.actual_total, l.expected_total
                )
            };
            format!("{why}{totals}{more}")
        }
    }
}

/// How a step that did not simply apply is marked on the diagram: an icon (no
/// effect, refused) and the reason in words, so the outcome is never told by
/// colour alone.
pub fn outcome_mark(step: &Step) -> Option<(Icon, &'static str)> {
    match step.outcome {
        Outcome::Applied => None,
        Outcome::NoOp(w) => Some((Icon::NoOp, why_short(w))),
        Outcome::Refused(w) => Some((Icon::Refused, why_short(w))),
    }
}

/// The name of transaction `txn` in this design (`Kafka transaction tx-2`).
pub fn txn_name(sc: &Scenario, txn: u32) -> String {
    let what = match sc.design.kind {
        k if k.is_kafka_transactional() => "Kafka transaction",
        DesignKind::TwoPhaseCommit => "sink transaction",
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
        "read_committed" => "read_committed: committed records only",
        "read_uncommitted" => "read_uncommitted: everything written",
        "merge" => "a MERGE job into a clean table",
        "query-view" => "a query-time view, one row per id",
        _ => "",
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::edit::{knob_input, KnobInput};
    use crate::model::{presets, simulate};

    #[test]
    fn refused_and_no_op_steps_carry_an_icon_and_a_word() {
        let sc = presets::find("zombie-no-fencing").unwrap().scenario;
        let mut fenced = sc.clone();
        fenced.design.knobs.fencing = true;
        let t = simulate(&fenced);
        let refused = t
            .steps
            .iter()
            .find(|s| matches!(s.outcome, Outcome::Refused(_)))
            .expect("the fence refuses the zombie");
        let (icon, why) = outcome_mark(refused).unwrap();
        assert_eq!(icon, Icon::Refused);
        assert!(!why.is_empty());
        let mut idem = presets::find("lost-ack").unwrap().scenario;
        idem.design.knobs.producer_idempotence = true;
        let absorbed = simulate(&idem);
        let noop = absorbed
            .steps
            .iter()
            .find(|s| matches!(s.outcome, Outcome::NoOp(_)))
            .expect("the idempotent producer absorbs the retry");
        assert_eq!(outcome_mark(noop), Some((Icon::NoOp, "duplicate sequence")));
        let plain = t.steps.first().unwrap();
        assert_eq!(outcome_mark(plain), None);
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
