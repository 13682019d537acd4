//! Kafka transactions plus an external call (email, payment) outside the boundary.

use super::{kafka_transactions, DesignSpec, Shape, USUAL_WORDS};
use crate::model::scenario::{DesignKind, Knob, Knobs, SinkWrite};
use crate::model::simulate::OpKind;
use crate::model::trace::Actor::*;
use crate::model::view::Panel;
use OpKind as K;

/// The design.
pub const SPEC: DesignSpec = DesignSpec {
    kind: DesignKind::TransactionsExternal,
    slug: "transactions-external",
    title: "Transactions + external call",
    knobs: &[
        Knob::IdempotencyKey,
        Knob::Ids,
        Knob::KeyRetentionMs,
        Knob::ProviderMs,
        Knob::Isolation,
        Knob::Fencing,
        Knob::GenerationFencing,
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
            External,
            Coordinator,
            OutputTopic,
            Reader,
        ],
        panels: &[
            Panel::Producer,
            Panel::Input,
            Panel::Processor,
            Panel::Store,
            Panel::External,
            Panel::Transactions,
            Panel::Reader,
        ],
        reads: OutputTopic,
    },
    connector: None,
    sink_write: SinkWrite::Insert,
    kafka_transactional: true,
    checkpoints: false,
    seen_ids: false,
    cdc_relay: false,
    downstream_dedup: false,
    words: USUAL_WORDS,
    // The external call is never inside the Kafka transaction.
    boundary: kafka_transactions::boundary,
    per_record,
    per_batch: kafka_transactions::per_batch,
    recovery: &[K::InitTxn, K::FetchOffsets, K::RestoreState],
};

/// The store is updated, the provider called, the result produced.
fn per_record(_: &Knobs) -> &'static [OpKind] {
    &[
        K::UpdateState,
        K::ExternalCall { retry: false },
        K::Produce { retry: false },
    ]
}
