//! At-most-once: commit the offset, then process and write. A crash after the
//! commit loses the record.

use super::{no_boundary, plain_consumer_knobs, DesignSpec, Shape, USUAL_WORDS};
use crate::model::scenario::{DesignKind, Knob, Knobs, SinkWrite};
use crate::model::simulate::OpKind;
use crate::model::trace::Actor::*;
use crate::model::view::Panel;
use OpKind as K;

/// The design.
pub const SPEC: DesignSpec = DesignSpec {
    kind: DesignKind::AtMostOnce,
    slug: "at-most-once",
    title: "At-most-once",
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
    per_batch,
    recovery: &[K::FetchOffsets],
};

/// The offset is committed before the record takes effect.
fn per_record(_: &Knobs) -> &'static [OpKind] {
    &[K::CommitOffset, K::UpdateState, K::SinkWrite]
}

/// Every record committed its own offset: nothing ends a batch.
fn per_batch(_: &Knobs) -> &'static [OpKind] {
    &[]
}
