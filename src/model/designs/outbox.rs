//! Outbox: the business row and the outbox row in one database transaction,
//! relayed to a topic by CDC and read by a consumer.

use super::{commit_offsets, plain_consumer_knobs, DesignSpec, Shape, Words, USUAL_WORDS};
use crate::model::scenario::{DesignKind, Knob, Knobs, SinkWrite};
use crate::model::simulate::OpKind;
use crate::model::trace::Actor;
use crate::model::trace::Actor::*;
use crate::model::view::Panel;
use OpKind as K;

/// The design.
pub const SPEC: DesignSpec = DesignSpec {
    kind: DesignKind::Outbox,
    slug: "outbox",
    title: "Outbox + CDC relay",
    knobs: plain_consumer_knobs!(ConsumerDedup, SinkWrite),
    shape: Shape {
        lifelines: &[
            Producer,
            InputTopic,
            Processor,
            Sink,
            Relay,
            OutputTopic,
            Reader,
        ],
        panels: &[
            Panel::Producer,
            Panel::Input,
            Panel::Processor,
            Panel::Sink,
            Panel::Outbox,
            Panel::Reader,
        ],
        reads: OutputTopic,
    },
    connector: None,
    sink_write: SinkWrite::Upsert,
    kafka_transactional: false,
    checkpoints: false,
    seen_ids: false,
    cdc_relay: true,
    downstream_dedup: false,
    words: Words {
        processor: "Order service",
        sink: "Database (+ outbox)",
        sink_panel: "Database table {table}",
        ..USUAL_WORDS
    },
    boundary,
    per_record,
    per_batch: commit_offsets,
    recovery: &[K::FetchOffsets],
};

/// The business row and the outbox row: one database transaction.
fn boundary(_: &Knobs) -> Vec<Actor> {
    vec![Sink]
}

/// One database transaction writes both rows.
fn per_record(_: &Knobs) -> &'static [OpKind] {
    &[K::OutboxWrite]
}
