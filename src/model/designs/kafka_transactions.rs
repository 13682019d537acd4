//! Kafka transactions (exactly_once_v2): output, changelog and offsets commit
//! together; a sink connector may copy the output topic into Postgres.

use super::{DesignSpec, Shape, Words, USUAL_WORDS};
use crate::model::scenario::{DesignKind, Knob, Knobs, SinkWrite};
use crate::model::simulate::OpKind;
use crate::model::trace::Actor;
use crate::model::trace::Actor::*;
use crate::model::view::Panel;
use OpKind as K;

/// The design.
pub const SPEC: DesignSpec = DesignSpec {
    kind: DesignKind::KafkaTransactions,
    slug: "kafka-transactions",
    title: "Kafka transactions (EOS)",
    knobs: &[
        Knob::Isolation,
        Knob::Fencing,
        Knob::GenerationFencing,
        Knob::SinkConnector,
        Knob::SinkWrite,
        Knob::ProducerIdempotence,
        Knob::Acks,
        Knob::DeliveryTimeoutMs,
        Knob::CommitEvery,
        Knob::TransactionTimeoutMs,
        Knob::RestartMs,
    ],
    shape: Shape {
        lifelines: &[
            Producer,
            InputTopic,
            Processor,
            StateStore,
            Coordinator,
            OutputTopic,
            Reader,
        ],
        panels: &[
            Panel::Producer,
            Panel::Input,
            Panel::Processor,
            Panel::Store,
            Panel::Transactions,
            Panel::Reader,
        ],
        reads: OutputTopic,
    },
    connector: Some(Shape {
        lifelines: &[
            Producer,
            InputTopic,
            Processor,
            StateStore,
            Coordinator,
            OutputTopic,
            Relay,
            Sink,
            Reader,
        ],
        panels: &[
            Panel::Producer,
            Panel::Input,
            Panel::Processor,
            Panel::Store,
            Panel::Transactions,
            Panel::Sink,
            Panel::Reader,
        ],
        reads: Sink,
    }),
    sink_write: SinkWrite::Insert,
    kafka_transactional: true,
    checkpoints: false,
    seen_ids: false,
    cdc_relay: false,
    downstream_dedup: false,
    words: Words {
        sink: "Postgres {table}",
        relay: "JDBC sink connector",
        ..USUAL_WORDS
    },
    boundary,
    per_record,
    per_batch,
    recovery: &[K::InitTxn, K::FetchOffsets, K::RestoreState],
};

/// The consumed offsets, the state changelog and the output topic, made visible
/// together by the coordinator's markers.
pub(super) fn boundary(_: &Knobs) -> Vec<Actor> {
    vec![InputTopic, Processor, StateStore, Coordinator, OutputTopic]
}

/// The store is updated and the result produced, inside the open transaction.
fn per_record(_: &Knobs) -> &'static [OpKind] {
    &[K::UpdateState, K::Produce { retry: false }]
}

/// The offsets join the transaction, which then commits.
pub(super) fn per_batch(_: &Knobs) -> &'static [OpKind] {
    &[K::SendOffsets, K::CommitTxn]
}
