//! Flink-style checkpoints with a two-phase-commit sink: pre-commit on the
//! checkpoint barrier, commit once the checkpoint completes.

use super::{DesignSpec, Shape, Words, USUAL_WORDS};
use crate::model::scenario::{DesignKind, Knob, Knobs, SinkWrite};
use crate::model::simulate::OpKind;
use crate::model::trace::Actor;
use crate::model::trace::Actor::*;
use crate::model::view::Panel;
use OpKind as K;

/// The design.
pub const SPEC: DesignSpec = DesignSpec {
    kind: DesignKind::TwoPhaseCommit,
    slug: "two-phase-commit",
    title: "Checkpoints + 2PC sink",
    knobs: &[
        Knob::TwoPhase,
        Knob::IdempotentCommit,
        Knob::SinkTxnTimeoutMs,
        Knob::SinkWrite,
        Knob::Ids,
        Knob::CommitEvery,
        Knob::AtomicOffsets,
        Knob::RestoreState,
        Knob::ProducerIdempotence,
        Knob::Acks,
        Knob::DeliveryTimeoutMs,
        Knob::RestartMs,
    ],
    shape: Shape {
        lifelines: &[
            Producer,
            InputTopic,
            Processor,
            StateStore,
            Coordinator,
            Sink,
            Reader,
        ],
        panels: &[
            Panel::Producer,
            Panel::Input,
            Panel::Processor,
            Panel::Store,
            Panel::Checkpoints,
            Panel::Sink,
            Panel::Reader,
        ],
        reads: Sink,
    },
    connector: None,
    sink_write: SinkWrite::Insert,
    kafka_transactional: false,
    checkpoints: true,
    seen_ids: false,
    cdc_relay: false,
    downstream_dedup: false,
    words: Words {
        processor: "Flink job",
        coordinator: "Checkpoint coordinator",
        ..USUAL_WORDS
    },
    boundary,
    per_record,
    per_batch,
    recovery: &[K::RestoreState],
};

/// Source offsets and state in the checkpoint, and the sink's pre-committed
/// transaction while the sink takes part in the two-phase commit.
fn boundary(k: &Knobs) -> Vec<Actor> {
    if k.two_phase {
        vec![InputTopic, Processor, StateStore, Coordinator, Sink]
    } else {
        vec![InputTopic, Processor, StateStore, Coordinator]
    }
}

/// Without atomic offsets the source commits each offset on its own, first.
fn per_record(k: &Knobs) -> &'static [OpKind] {
    if k.atomic_offsets {
        &[K::UpdateState, K::SinkWrite]
    } else {
        &[K::CommitOffset, K::UpdateState, K::SinkWrite]
    }
}

/// The checkpoint: pre-commit, complete, and (two-phase) notify the sink.
fn per_batch(k: &Knobs) -> &'static [OpKind] {
    if k.two_phase {
        &[K::PreCommit, K::CheckpointComplete, K::Notify(0)]
    } else {
        &[K::PreCommit, K::CheckpointComplete]
    }
}
