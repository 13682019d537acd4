//! At-least-once into a raw table, deduplicated downstream (a MERGE job or a
//! query view).

use super::{
    commit_offsets, no_boundary, plain_consumer_knobs, DesignSpec, Shape, Words, USUAL_WORDS,
};
use crate::model::scenario::{DesignKind, Knob, Knobs, SinkWrite};
use crate::model::simulate::OpKind;
use crate::model::trace::Actor::*;
use crate::model::view::Panel;
use OpKind as K;

/// The design.
pub const SPEC: DesignSpec = DesignSpec {
    kind: DesignKind::DownstreamDedup,
    slug: "downstream-dedup",
    title: "At-least-once + downstream dedup",
    knobs: plain_consumer_knobs!(Downstream, Ids),
    shape: Shape {
        lifelines: &[Producer, InputTopic, Processor, StateStore, Sink, Reader],
        panels: &[
            Panel::Producer,
            Panel::Input,
            Panel::Processor,
            Panel::Store,
            Panel::Sink,
            Panel::Reader,
        ],
        reads: Sink,
    },
    connector: None,
    sink_write: SinkWrite::Insert,
    kafka_transactional: false,
    checkpoints: false,
    seen_ids: false,
    cdc_relay: false,
    downstream_dedup: true,
    words: Words {
        sink: "Sink {table} (raw)",
        ..USUAL_WORDS
    },
    boundary: no_boundary,
    per_record,
    per_batch: commit_offsets,
    recovery: &[K::FetchOffsets],
};

/// The record is appended to the raw table; its offset is committed with the batch.
fn per_record(_: &Knobs) -> &'static [OpKind] {
    &[K::UpdateState, K::SinkWrite]
}
