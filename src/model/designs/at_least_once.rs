//! At-least-once: process and write the sink, then commit the offset. A crash
//! before the commit replays the record.

use super::{commit_offsets, no_boundary, plain_consumer_knobs, DesignSpec, Shape, USUAL_WORDS};
use crate::model::scenario::{DesignKind, Knob, Knobs, SinkWrite};
use crate::model::simulate::OpKind;
use crate::model::trace::Actor::*;
use crate::model::view::Panel;
use OpKind as K;

/// The design.
pub const SPEC: DesignSpec = DesignSpec {
    kind: DesignKind::AtLeastOnce,
    slug: "at-least-once",
    title: "At-least-once",
    knobs: plain_consumer_knobs!(SinkWrite, Ids),
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
    downstream_dedup: false,
    words: USUAL_WORDS,
    boundary: no_boundary,
    per_record,
    per_batch: commit_offsets,
    recovery: &[K::FetchOffsets],
};

/// The record takes effect; its offset is committed with the batch.
fn per_record(_: &Knobs) -> &'static [OpKind] {
    &[K::UpdateState, K::SinkWrite]
}
